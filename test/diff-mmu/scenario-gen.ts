// Generator of AT / PAR_EL1 translation scenarios for the differential MMU test.
// Emits a complete prog.S: the oracle's runtime.S verbatim followed by a generated
// part in the format of the public oracle programs (scenario blocks, descriptor
// lists, AT lists). It covers what the public programs avoid (HPD, HA/HD, E0PD,
// LPA2/52-bit, contiguous runs, FWB, big-endian tables, out-of-range TxSZ,
// misaligned bases/OAs, blocks at disallowed levels). Expected values come from
// QEMU; the generator only records, per AT, which descriptors the walk meets
// (`tags=`) and, where QEMU 7.2 departs from the Arm ARM, the architected
// expectation (`arch=`), used by ARCH_DEPARTURES in run.ts.
import * as fs from 'fs';
import * as path from 'path';

// ---------------------------------------------------------------- PRNG
/** Seeded PRNG (mulberry32 steps, 32 bits each). */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = (seed ^ 0x5bd1e995) >>> 0; }
  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  int(n: number): number { return Math.floor((this.u32() / 4294967296) * n); }
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }
  bool(p = 0.5): boolean { return this.u32() / 4294967296 < p; }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
  bits(n: number): bigint {
    let v = 0n;
    for (let i = 0; i < n; i += 32) v = (v << 32n) | BigInt(this.u32());
    return v & mask(n);
  }
}

// ---------------------------------------------------------------- helpers
const M64 = (1n << 64n) - 1n;
export function mask(n: number): bigint { return n <= 0 ? 0n : (1n << BigInt(n)) - 1n; }
export function hex(v: bigint, w = 0): string { return '0x' + (w ? v.toString(16).padStart(w, '0') : v.toString(16)); }
function bit(b: boolean | number, pos: number): bigint { return (typeof b === 'boolean' ? (b ? 1n : 0n) : BigInt(b)) << BigInt(pos); }
export function bswap64(v: bigint): bigint {
  let r = 0n;
  for (let i = 0; i < 8; i++) r = (r << 8n) | ((v >> BigInt(8 * i)) & 0xffn);
  return r;
}

export type Gran = 4 | 16 | 64;
const PGSHIFT: Record<Gran, number> = { 4: 12, 16: 14, 64: 16 };
const stride = (g: Gran): number => PGSHIFT[g] - 3;
/** Lowest VA bit resolved by a level-L lookup. */
const lvlShift = (g: Gran, l: number): number => PGSHIFT[g] + (3 - l) * stride(g);
export function startLevel(g: Gran, ia: number): number { return 3 - Math.floor((ia - 1 - PGSHIFT[g]) / stride(g)); }
const PS_BITS = [32, 36, 40, 42, 44, 48, 52];
const psCode = (bits: number): number => PS_BITS.indexOf(bits);

export const AT_OPS = ['S1E1R', 'S1E1W', 'S1E0R', 'S1E0W', 'S1E1RP', 'S1E1WP', 'S1E2R', 'S1E2W', 'S12E1R', 'S12E1W', 'S12E0R', 'S12E0W'] as const;
const OP_S1E2 = [6, 7];
const OP_S12 = [8, 9, 10, 11];

const RAM_BASE = 0x40000000n;
const CODE_PAGE = 0x40080000n;
const POOL_BASE = 0x40200000n; // S2 / EL2 / flat EL1 tables
const ARENA_PA = 0x40800000n;  // stage-1 tables when stage 2 is on (2 MiB)
const ARENA_SIZE = 0x200000n;

// ---------------------------------------------------------------- memory attributes
const NORMAL_NIBBLES = [4, 8, 9, 10, 11, 12, 13, 14, 15, 1, 2, 3, 5, 6, 7];
const DEVICE_BYTES = [0x00, 0x04, 0x08, 0x0c];
function mairByte(r: Rng): number {
  if (r.bool(0.3)) return r.pick(DEVICE_BYTES);
  return (r.pick(NORMAL_NIBBLES) << 4) | r.pick(NORMAL_NIBBLES);
}
function mairValue(r: Rng): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v |= BigInt(mairByte(r)) << BigInt(8 * i);
  return v;
}
const mairAt = (mair: bigint, idx: number): number => Number((mair >> BigInt(8 * idx)) & 0xffn);

// ---------------------------------------------------------------- allocator
class Alloc {
  constructor(public next: bigint, public readonly limit: bigint, readonly what: string) {}
  take(size: bigint): bigint {
    const a = (this.next + size - 1n) & ~(size - 1n);
    if (a + size > this.limit) throw new Error(`${this.what}: table space exhausted`);
    this.next = a + size;
    return a;
  }
}

// ---------------------------------------------------------------- translation tree
export interface Desc { addr: bigint; value: bigint; note: string }
export interface Target { va: bigint; note: string; tags: string[]; arch?: string; fwbS1?: number; s2?: S2Leaf }
interface S2Leaf { memattr: number; badLevel?: number }

interface TreeCfg {
  name: string; stage: 1 | 2; g: Gran; ia: number; sl: number; concat: number;
  ds: boolean; be: boolean; oaBits: number; pa52: boolean;
  /** physical address of table memory for a table at address `a` (IPA for stage 1 under stage 2). */
  toPa: (a: bigint) => bigint;
  alloc: Alloc;
}

/** Sparse translation tables of one TTBR / VTTBR, built top-down. */
class Tree {
  readonly root: bigint;
  private readonly tables = new Map<string, bigint>();
  private readonly slots = new Map<string, 'table' | 'leaf'>();
  /** Slots holding a block at a level the granule does not allow (notes starting 'bad'). */
  private readonly badSlots = new Set<string>();
  readonly descs: Desc[] = [];
  constructor(readonly c: TreeCfg) {
    const size = BigInt(1 << PGSHIFT[c.g]) * BigInt(c.concat);
    this.root = c.alloc.take(size);
    this.tables.set(`${c.sl}:`, this.root);
  }
  index(va: bigint, l: number): bigint {
    const sh = lvlShift(this.c.g, l);
    const w = l === this.c.sl ? this.c.ia - sh : stride(this.c.g);
    return (va >> BigInt(sh)) & mask(w);
  }
  private key(va: bigint, l: number): string {
    return l === this.c.sl ? `${l}:` : `${l}:${((va & mask(this.c.ia)) >> BigInt(lvlShift(this.c.g, l - 1))).toString(16)}`;
  }
  private enc(a: bigint): bigint {
    // output/next-level address field for this tree's descriptor format
    let v = a & mask(48) & ~mask(PGSHIFT[this.c.g]);
    if (this.c.ds) v = (a & mask(50) & ~mask(PGSHIFT[this.c.g])) | (((a >> 50n) & 3n) << 8n);
    else if (this.c.g === 64 && this.c.pa52) v |= ((a >> 48n) & 0xfn) << 12n;
    return v;
  }
  put(addrIpa: bigint, value: bigint, note: string): void {
    const pa = this.c.toPa(addrIpa);
    const v = this.c.be ? bswap64(value & M64) : value & M64;
    const old = this.descs.findIndex((d) => d.addr === pa);
    if (old >= 0) this.descs.splice(old, 1);
    this.descs.push({ addr: pa, value: v, note: `${this.c.name} ${note}` });
  }
  slotAddr(va: bigint, l: number): bigint | undefined {
    const t = this.tables.get(this.key(va, l));
    return t === undefined ? undefined : t + this.index(va, l) * 8n;
  }
  /** Creates tables down to `level`; returns the table address there or undefined if a leaf is in the way. */
  ensure(va: bigint, level: number, tattr: (l: number) => bigint = () => 0n, path: string[] = []): bigint | undefined {
    for (let l = this.c.sl; l < level; l++) {
      const k = this.key(va, l);
      const t = this.tables.get(k)!;
      const sk = `${k}/${this.index(va, l)}`;
      const s = this.slots.get(sk);
      if (s === 'leaf') return undefined;
      if (s === undefined) {
        const nt = this.c.alloc.take(BigInt(1 << PGSHIFT[this.c.g]));
        this.tables.set(this.key(va, l + 1), nt);
        this.slots.set(sk, 'table');
        const a = tattr(l);
        this.put(t + this.index(va, l) * 8n, this.enc(nt) | a | 3n, `L${l}[${this.index(va, l)}] table${a ? ' attrs=' + hex(a >> 59n) : ''}`);
      }
      path.push(`L${l}[${this.index(va, l)}]:table`);
    }
    return this.tables.get(this.key(va, level));
  }
  free(va: bigint, l: number): boolean {
    const t = this.tables.get(this.key(va, l));
    return t !== undefined && !this.slots.has(`${this.key(va, l)}/${this.index(va, l)}`);
  }
  /** Places a raw descriptor at (va, level); `oa` is encoded into it unless undefined. */
  leaf(va: bigint, level: number, attrs: bigint, oa: bigint | undefined, note: string, path: string[] = [], tattr?: (l: number) => bigint): boolean {
    const t = this.ensure(va, level, tattr, path);
    if (t === undefined || !this.free(va, level)) return false;
    this.slots.set(`${this.key(va, level)}/${this.index(va, level)}`, 'leaf');
    if (note.startsWith('bad')) this.badSlots.add(`${this.key(va, level)}/${this.index(va, level)}`);
    this.put(t + this.index(va, level) * 8n, (oa === undefined ? 0n : this.enc(oa)) | attrs, `L${level}[${this.index(va, level)}] ${note}`);
    path.push(`L${level}[${this.index(va, level)}]:${note.split(' ')[0]}`);
    return true;
  }
  blockSize(l: number): bigint { return 1n << BigInt(lvlShift(this.c.g, l)); }

  /**
   * Where the walk of an input address (its low `ia` bits) ends in this tree as built: a free slot
   * (an invalid descriptor), a leaf, or a block at a level the granule does not allow.
   */
  probe(va: bigint): 'free' | 'leaf' | 'bad' {
    for (let l = this.c.sl; l <= 3; l++) {
      const sk = `${this.key(va, l)}/${this.index(va, l)}`;
      const s = this.slots.get(sk);
      if (s === undefined) return 'free';
      if (s === 'leaf') return this.badSlots.has(sk) ? 'bad' : 'leaf';
    }
    return 'free';
  }
}

// ---------------------------------------------------------------- scenario
export interface At { va: bigint; op: number; pan: boolean; el2mmu: boolean; note: string; tags: string[]; arch?: string }
export interface Scenario {
  n: number; type: string; comments: string[]; tags: Set<string>;
  regs: Record<RegName, bigint>; descs: Desc[]; ats: At[]; dumps: { addr: bigint; note: string }[];
}
const REG_ORDER = ['hcr', 'sctlr1', 'tcr1', 'mair1', 'ttbr0_1', 'ttbr1_1', 'sctlr2off', 'sctlr2on', 'tcr2', 'mair2', 'ttbr0_2', 'ttbr1_2', 'vtcr', 'vttbr', 'pool0', 'pool1'] as const;
type RegName = typeof REG_ORDER[number];

interface S1Range { tree?: Tree; ttbr1: boolean; ia: number; tbi: boolean; epd: boolean; e0pd: boolean; targets: Target[]; oob: boolean }
interface Regime { name: string; ranges: S1Range[]; mair: bigint; el2: boolean; hpd: boolean; codeOk: boolean }

const TYPES = ['el1', 'el1_s2', 'el2', 'vhe', 'vhe_s2', 'vhe_host'] as const;
type ScType = typeof TYPES[number];

/** Options that bias a scenario towards one feature group (used by the fuzzer and the test). */
export interface GenOptions { scenarios?: number; atsPerScenario?: number }

class ScenarioBuilder {
  tags = new Set<string>();
  comments: string[] = [];
  regs: Record<RegName, bigint> = Object.fromEntries(REG_ORDER.map((k) => [k, 0n])) as Record<RegName, bigint>;
  trees: Tree[] = [];
  dumps: { addr: bigint; note: string }[] = [];
  ats: At[] = [];
  pool = new Alloc(POOL_BASE, ARENA_PA, 'pool');
  arena = new Alloc(ARENA_PA, ARENA_PA + ARENA_SIZE, 'arena');
  s2?: { tree: Tree; arenaIpa: bigint; ps: number; fwb: boolean; data: { ipa: bigint; size: bigint; memattr: number; level: number; badLevel?: number }[] };
  el10?: Regime;
  el2r?: Regime;
  type: ScType;
  e2h = false; tge = false; vm = false; m1 = true;
  // exotic feature switches
  f: { hpd: boolean; ha: boolean; hd: boolean; e0pd: boolean; lpa2: boolean; pa52: boolean; contig: boolean; fwb: boolean; be1: boolean; be2: boolean; oob: boolean; misalign: boolean; badblk: boolean };

  constructor(readonly r: Rng, readonly n: number, readonly nAts: number, focus?: string) {
    this.type = r.pick(TYPES);
    const p = (x: number, name: string): boolean => focus === name || (focus === undefined && r.bool(x));
    this.f = {
      hpd: p(0.3, 'hpd'), ha: p(0.3, 'hafdbs'), hd: false, e0pd: p(0.25, 'e0pd'), lpa2: p(0.2, 'lpa2'), pa52: p(0.15, 'pa52'),
      contig: p(0.3, 'contig'), fwb: p(0.3, 'fwb'), be1: p(0.2, 'be'), be2: p(0.15, 'be'), oob: p(0.15, 'txsz_oob'),
      misalign: p(0.2, 'misaligned'), badblk: p(0.25, 'block_bad_level'),
    };
    this.f.hd = this.f.ha && r.bool(0.7);
    if (focus === 'fwb' || focus === 'lpa2') this.type = r.pick(focus === 'fwb' ? ['el1_s2', 'vhe_s2'] as const : TYPES);
    this.e2h = this.type.startsWith('vhe');
    this.tge = this.type === 'vhe_host';
    this.vm = this.type === 'el1_s2' || this.type === 'vhe_s2' || (this.type === 'el2' && r.bool(0.4));
    if (this.vm) this.f.be2 = false; // stage-2 walks follow SCTLR_EL2.EE, which differs between el2mmu=0/1
    if (!this.vm) this.f.fwb = false;
    this.tags.add(`type_${this.type}`);
  }

  // ---- stage-1 range parameters ---------------------------------------------
  private pickGran(): Gran { return this.r.pick([4, 16, 64] as const); }

  /** Builds one stage-1 range (TTBR0 or TTBR1) and returns its TCR field values. */
  private s1Range(reg: Regime, ttbr1: boolean, name: string, ds: boolean, ipsBits: number, be: boolean, tableAlloc: Alloc, toPa: (a: bigint) => bigint, code: boolean, outs: Target[] | undefined): { tcr: { tsz: number; tg: Gran; epd: boolean; e0pd: boolean; tbi: boolean; sh: number }; ttbr: bigint; range: S1Range } {
    const r = this.r;
    let g: Gran = ds ? r.pick([4, 16] as const) : this.pickGran();
    if (this.f.pa52 && !ds && r.bool(0.5)) g = 64;
    const pa52 = ipsBits === 52 && (ds || g === 64);
    const oaBits = ipsBits === 52 && !pa52 ? 48 : ipsBits;
    const maxTsz = g === 64 ? 47 : 48;
    const minTsz = ds || (g === 64 && pa52) ? 12 : 16;
    let tsz = r.range(code ? Math.max(minTsz, 16) : minTsz, code ? 33 : maxTsz);
    if (r.bool(0.3)) tsz = r.pick([16, 25, 28, 30, 32, 33]);
    if (ds && r.bool(0.4)) tsz = r.range(12, 15); // 52-bit VA (L-1 start for 4K)
    let oob = false;
    if (this.f.oob && !code && r.bool(0.5)) { tsz = r.bool() ? r.range(maxTsz + 1, 63) : r.range(Math.max(0, minTsz - 6), minTsz - 1); oob = true; this.tags.add('txsz_oob'); }
    const effTsz = Math.min(Math.max(tsz, minTsz), maxTsz);
    const ia = 64 - effTsz;
    const sl = startLevel(g, ia);
    const epd = !code && r.bool(0.1);
    const e0pd = this.f.e0pd && !reg.el2 && r.bool(0.6);
    const tbi = r.bool(0.5);
    const range: S1Range = { ttbr1, ia, tbi, epd, e0pd, targets: [], oob };
    const tree = new Tree({ name, stage: 1, g, ia, sl, concat: 1, ds, be, oaBits, pa52, toPa, alloc: tableAlloc });
    range.tree = tree;
    this.trees.push(tree);
    this.tags.add(`${name.split('.')[0]}_${ttbr1 ? 'ttbr1' : 'ttbr0'}_${g}k_L${sl}`);
    if (epd) this.tags.add('epd');
    if (e0pd) this.tags.add('e0pd');
    if (tbi) this.tags.add('tbi');
    if (ds) this.tags.add('lpa2');
    if (pa52) this.tags.add('pa52');
    if (ia > 48) this.tags.add('va52');
    let ttbr = tree.root | (BigInt(r.int(65536)) << 48n);
    if (this.f.misalign && !pa52 && r.bool(0.6)) {
      const tblBytes = 8n << BigInt(ia - lvlShift(g, sl));
      if (tblBytes > 64n) { ttbr |= (BigInt(r.int(Number(tblBytes / 64n) - 1) + 1) * 64n) & (tblBytes - 1n); this.tags.add('misaligned_ttbr'); }
    }
    if (ds && pa52) ttbr |= 0n; // BADDR[51:48] = 0: the pool is below 4 GiB
    const ctx = { reg, tree, range, g, ia, sl, ds, oaBits, outs };
    if (code) this.codeMap(ctx);
    this.populate(ctx);
    return { tcr: { tsz, tg: g, epd, e0pd, tbi, sh: r.pick([0, 2, 3]) }, ttbr, range };
  }

  private tableAttrs(reg: Regime): (l: number) => bigint {
    return () => {
      if (!this.r.bool(0.25)) return 0n;
      this.tags.add(reg.hpd ? 'hpd_tableattrs' : 'tableattrs');
      // APTable[62:61], UXNTable/XNTable[60], PXNTable[59]
      return (BigInt(this.r.int(4)) << 61n) | bit(this.r.bool(0.3), 60) | bit(!reg.el2 && this.r.bool(0.3), 59);
    };
  }

  private codeMap(c: { reg: Regime; tree: Tree; g: Gran; sl: number; ia: number }): void {
    const { tree, g, reg } = c;
    const idx = reg.mair === 0n ? 0 : this.codeAttrIdx(reg);
    const lv = [3, 2].filter((l) => l >= c.sl && (l === 3 || tree.blockSize(l) <= 0x40000000n));
    const level = this.r.pick(lv);
    const oa = CODE_PAGE & ~(tree.blockSize(level) - 1n);
    const attrs = (level === 3 ? 3n : 1n) | bit(true, 10) | bit(3, 8) * BigInt(tree.c.ds ? 0 : 1) | (BigInt(this.r.pick([0, 2])) << 6n) | (BigInt(idx) << 2n);
    if (!tree.leaf(CODE_PAGE, level, attrs, oa, 'code harness code identity map')) throw new Error('code map');
    this.tags.add('el2_code_map');
    void g;
  }
  private deviceIdx(reg: Regime): number {
    for (let i = 7; i >= 0; i--) if (mairAt(reg.mair, i) < 0x10) return i;
    return this.r.int(8);
  }
  private codeAttrIdx(reg: Regime): number {
    for (let i = 0; i < 8; i++) if (mairAt(reg.mair, i) >= 0x11) return i;
    reg.mair = (reg.mair & ~0xffn) | 0xffn;
    return 0;
  }

  /** Random VA inside [base, base+size) of a range (TTBR1: upper bits set). */
  private vaIn(rg: S1Range, base: bigint, size: bigint): bigint {
    let va = base + (this.r.bits(48) % size);
    if (rg.ttbr1) va |= M64 & ~mask(rg.ia);
    return va & M64;
  }
  private withTag(rg: S1Range, va: bigint): bigint {
    if (!this.r.bool(0.15)) return va;
    return (va & mask(56)) | (BigInt(this.r.int(256)) << 56n);
  }

  /** Leaves, holes and feature descriptors of one stage-1 range; adds AT targets. */
  private populate(c: { reg: Regime; tree: Tree; range: S1Range; g: Gran; ia: number; sl: number; ds: boolean; oaBits: number; outs: Target[] | undefined }): void {
    const { r } = this;
    const { tree, range, g, ia, sl, reg } = c;
    const tattr = this.tableAttrs(reg);
    const blockLevels = (g === 4 ? [1, 2] : g === 16 ? [2] : [1, 2]).filter((l) => l >= sl);
    const extraLevels: number[] = [];
    if (c.ds && g === 4 && sl <= 0) extraLevels.push(0);
    if (c.ds && g === 16 && sl <= 1) extraLevels.push(1);
    const badLevels = (g === 4 && !c.ds ? [0] : g === 16 && !c.ds ? [1] : []).filter((l) => l >= sl);
    const nLeaves = r.range(4, 9);
    const s2data = this.s2 && reg.name === 'el10' ? this.s2.data : [];
    for (let i = 0; i < nLeaves; i++) {
      let level: number;
      let kind = r.pick(['page', 'page', 'block', 'block', 'af0', 'inv', 'res3', 'block_as', 'contig', 'dbm', 'misoa', 'bad']);
      if (kind === 'contig' && !this.f.contig) kind = 'page';
      if (kind === 'dbm' && !this.f.ha) kind = 'af0';
      if (kind === 'misoa' && !this.f.misalign) kind = 'block';
      if (this.f.badblk && badLevels.length > 0 && r.bool(0.3)) kind = 'bad';
      if (kind === 'bad' && (!this.f.badblk || badLevels.length === 0)) kind = 'block';
      if (kind === 'block_as' && c.oaBits >= 48) kind = 'block';
      const lv = (a: number[]): number => { const f = a.filter((l) => l >= sl); return f.length ? r.pick(f) : 3; };
      if (kind === 'res3') level = 3;
      else if (kind === 'bad') level = r.pick(badLevels);
      else if (kind === 'block' || kind === 'misoa' || kind === 'block_as') level = lv([...blockLevels, ...extraLevels, 2]);
      else if (kind === 'contig') level = lv([3, 3, 2]);
      else level = r.bool(0.7) ? 3 : lv([...blockLevels, 3]);
      const bs = tree.blockSize(level);
      const span = 1n << BigInt(ia);
      const base = (r.bits(ia) % span) & ~(bs - 1n);
      const isLeafType = kind !== 'inv' && kind !== 'res3';
      // output address: inside a stage-2 data region (for S12 ops), random, or beyond the output size
      let oa = r.bits(tree.c.pa52 && r.bool(0.5) ? 52 : Math.min(c.oaBits, 48)) & ~(bs - 1n);
      let s2leaf: S2Leaf | undefined;
      if (s2data.length > 0 && r.bool(0.7)) {
        const d = r.pick(s2data);
        oa = (d.ipa + (r.bits(40) % d.size)) & ~(bs - 1n);
        if (oa < d.ipa) oa = d.ipa; // block bigger than the S2 region: keep it inside when possible
        // The region itself: finishS2 clears badLevel when the bad-level block could not be placed.
        s2leaf = d;
      } else {
        // A random output address may still land in a bad-level stage-2 block.
        s2leaf = s2data.find((d) => d.badLevel !== undefined && oa >= d.ipa && oa + bs <= d.ipa + d.size);
      }
      if (kind === 'block_as') oa = (r.bits(48) | (1n << BigInt(Math.min(c.oaBits, 47)))) & ~(bs - 1n) & mask(48);
      const attrIdx = this.f.fwb && r.bool(0.5) ? this.deviceIdx(reg) : r.int(8);
      const ap = r.int(4);
      const af = kind !== 'af0' && !(kind === 'dbm' && r.bool(0.5));
      const dbm = kind === 'dbm';
      const apDirty = dbm ? (ap | 2) : ap; // DBM with AP[2]=1: writable-clean
      const attrs = (level === 3 ? 3n : 1n) | (BigInt(attrIdx) << 2n) | (BigInt(apDirty) << 6n) | (c.ds ? 0n : BigInt(r.pick([0, 2, 3])) << 8n)
        | bit(af, 10) | bit(r.bool(0.3), 11) | bit(dbm, 51) | bit(r.bool(0.25), 53) | bit(r.bool(0.25), 54);
      const path: string[] = [];
      const tags: string[] = [];
      let ok = false;
      let runBase = base;
      let runLen = 1n;
      if (kind === 'inv') {
        ok = tree.leaf(base, level, r.bits(64) & ~1n, undefined, 'inv', path, tattr);
      } else if (kind === 'res3') {
        ok = tree.leaf(base, 3, (r.bits(64) & ~3n) | 1n, undefined, 'res3 reserved L3 encoding', path, tattr);
      } else if (kind === 'contig') {
        const cnt = g === 4 ? 16n : g === 16 ? (level === 3 ? 128n : 32n) : 32n;
        runBase = base & ~(bs * cnt - 1n);
        const runOa = oa & ~(bs * cnt - 1n);
        ok = true;
        for (let k = 0n; k < cnt && ok; k++) ok = tree.free(runBase + k * bs, level) || tree.slotAddr(runBase + k * bs, level) === undefined;
        if (ok) {
          for (let k = 0n; k < cnt; k++) {
            const p: string[] = [];
            ok = tree.leaf(runBase + k * bs, level, attrs | bit(true, 52), runOa + k * bs, `contig oa=${(runOa + k * bs).toString(16)}`, k === 0n ? path : p, tattr) && ok;
          }
          runLen = cnt;
          tags.push('contig');
          this.tags.add('contig');
        }
      } else {
        let leafOa = oa;
        if (kind === 'misoa') { leafOa = oa | ((r.bits(30) & (bs - 1n)) & ~mask(PGSHIFT[g])); tags.push('misaligned_oa'); this.tags.add('misaligned_oa'); }
        const nm = kind === 'misoa' || (kind === 'page' && level < 3) ? 'block' : kind === 'block' && level === 3 ? 'page' : kind;
        ok = tree.leaf(base, level, attrs, leafOa, `${nm} oa=${leafOa.toString(16)}`, path, tattr);
      }
      if (!ok) continue;
      if (kind === 'bad') { tags.push('block_bad_level'); this.tags.add('block_bad_level'); }
      if (g === 64 && level === 1 && isLeafType) { tags.push('block_64k_l1'); this.tags.add('block_64k_l1'); }
      if (c.ds && ((g === 4 && level === 0) || (g === 16 && level === 1)) && isLeafType) { tags.push('lpa2_block'); this.tags.add('lpa2_block'); }
      if (kind === 'af0' || (kind === 'dbm' && !af)) { tags.push('af0'); if (this.f.ha) tags.push('ha'); }
      if (dbm) { tags.push('dbm'); if (this.f.hd) tags.push('hd'); }
      if (kind === 'block_as') tags.push('block_as');
      const desc = tree.slotAddr(runBase, level);
      const dumpAddr = desc === undefined ? undefined : tree.c.toPa(desc);
      if ((dbm || kind === 'af0') && this.f.ha && dumpAddr !== undefined) this.dumps.push({ addr: dumpAddr, note: `${tree.c.name} ${path[path.length - 1]}` });
      const arch = kind === 'bad' ? `tfault:${level}:0` : undefined;
      const fwbS1 = s2leaf && this.s2?.fwb ? mairAt(reg.mair, attrIdx) : undefined;
      for (let t = 0; t < 2; t++) {
        const va = this.vaIn(range, runBase, bs * runLen);
        range.targets.push({ va: this.withTag(range, va), note: path.join(' '), tags, arch, s2: s2leaf, fwbS1 });
      }
    }
    // a few holes in existing tables and a table with an out-of-range next-level address
    for (let i = 0; i < 3; i++) {
      const va = this.vaIn(range, 0n, 1n << BigInt(ia));
      const p: string[] = [];
      // A hole is a free slot; at the start level the slot may hold a leaf already (ensure checks the levels above).
      if (tree.ensure(va, Math.min(3, sl + r.int(2)), undefined, p) !== undefined && tree.probe(va) === 'free') range.targets.push({ va, note: p.join(' ') + ' hole', tags: [] });
    }
    if (c.oaBits < 48 && r.bool(0.3) && sl < 3) {
      const base = r.bits(ia) & ~(tree.blockSize(sl) - 1n);
      const t = tree.ensure(base, sl);
      if (t !== undefined && tree.free(base, sl)) {
        const nla = (r.bits(47) | (1n << 47n)) & mask(48) & ~mask(PGSHIFT[g]);
        tree.leaf(base, sl, 3n, nla, `table_as nlta=${nla.toString(16)}`);
        range.targets.push({ va: this.vaIn(range, base, tree.blockSize(sl)), note: `L${sl}:table_as`, tags: ['table_as'] });
      }
    }
  }

  // ---- stage 2 ---------------------------------------------------------------
  private buildS2Geometry(): { g: Gran; ia: number; sl: number; concat: number; sl0: number; ps: number; ds: boolean; bad: boolean } {
    const r = this.r;
    const ds = this.f.lpa2 && r.bool(0.5);
    const g: Gran = ds ? r.pick([4, 16] as const) : this.pickGran();
    const ps = ds || (g === 64 && this.f.pa52) ? r.pick([48, 52]) : r.pick([40, 42, 44, 48]);
    const ia = r.range(34, Math.min(ps, 48));
    // choose a start level with 1..16 concatenated tables
    const st = stride(g);
    const cands: { sl: number; concat: number }[] = [];
    for (let sl = 0; sl <= 3; sl++) {
      const rest = ia - lvlShift(g, sl);
      if (rest <= 0) continue;
      const extra = rest - st;
      if (extra > 4) continue;
      if (g === 16 && sl === 0 && !ds) continue;
      if (g === 64 && sl === 0) continue;
      if (g === 4 && sl === 0 && !ds && false) continue;
      cands.push({ sl, concat: extra > 0 ? 1 << extra : 1 });
    }
    const ch = r.pick(cands);
    const sl0 = g === 4 ? (ch.sl === 0 ? 2 : ch.sl === 1 ? 1 : ch.sl === 2 ? 0 : 3) : (3 - ch.sl);
    return { g, ia, sl: ch.sl, concat: ch.concat, sl0, ps, ds, bad: false };
  }

  private buildS2(): void {
    const r = this.r;
    const geo = this.buildS2Geometry();
    const tree = new Tree({ name: 'S2', stage: 2, g: geo.g, ia: geo.ia, sl: geo.sl, concat: geo.concat, ds: geo.ds, be: false, oaBits: geo.ps, pa52: geo.ps === 52, toPa: (a) => a, alloc: this.pool });
    this.trees.push(tree);
    this.tags.add(`s2_${geo.g}k`).add(`s2_sl${geo.sl}`);
    if (geo.concat > 1) this.tags.add('s2_concat');
    if (geo.ds) this.tags.add('s2_lpa2');
    const fwb = this.f.fwb;
    if (fwb) this.tags.add('fwb');
    const ha = this.f.ha && r.bool(0.5);
    if (ha) this.tags.add('s2_ha');
    let vtcr = BigInt(64 - geo.ia) | (BigInt(geo.sl0) << 6n) | (1n << 8n) | (1n << 10n) | (3n << 12n)
      | (BigInt(geo.g === 4 ? 0 : geo.g === 64 ? 1 : 2) << 14n) | (BigInt(psCode(geo.ps)) << 16n) | bit(ha, 21) | bit(true, 31) | bit(geo.ds, 32);
    if (r.bool(0.05)) { vtcr = (vtcr & ~(3n << 6n)) | (BigInt((geo.sl0 + 1 + r.int(3)) & 3) << 6n); this.tags.add('s2_bad_sl0'); }
    this.regs.vtcr = vtcr;
    this.regs.vttbr = tree.root | (BigInt(r.int(65536)) << 48n);
    // arena: identity or offset IPA for the stage-1 tables
    const bsz = tree.blockSize(2);
    const paBlk = ARENA_PA & ~(bsz - 1n);
    const ipaSpan = 1n << BigInt(Math.min(geo.ia, 32));
    let ipaBlk = paBlk;
    if (r.bool(0.6) && ipaSpan > bsz) { ipaBlk = (r.bits(32) % ipaSpan) & ~(bsz - 1n); this.tags.add('s2_arena_offset'); } else this.tags.add('s2_arena_identity');
    const arenaIpa = ipaBlk + (ARENA_PA - paBlk);
    this.s2 = { tree, arenaIpa, ps: geo.ps, fwb, data: [] };
    this.arena = new Alloc(arenaIpa, arenaIpa + ARENA_SIZE, 'arena');
    // data regions (the OAs of stage-1 leaves land here)
    for (let i = 0; i < r.range(3, 6); i++) {
      const level = r.pick([3, 3, 2, ...(geo.g === 4 && geo.sl <= 1 ? [1] : []), ...(geo.g === 64 && geo.sl <= 1 ? [1] : [])]);
      if (level < geo.sl) continue;
      const bs = tree.blockSize(level);
      const ipa = (r.bits(geo.ia) % (1n << BigInt(geo.ia))) & ~(bs - 1n);
      const memattr = fwb ? r.pick([0, 1, 2, 3, 5, 6, 7]) : r.pick([0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15]);
      this.s2.data.push({ ipa, size: bs, memattr, level });
    }
    // a block at a level the granule does not allow (4K L0, 16K L1 without DS)
    const bad = geo.g === 4 && !geo.ds ? 0 : geo.g === 16 && !geo.ds ? 1 : -9;
    if (this.f.badblk && bad >= geo.sl && r.bool(0.7)) {
      const bs = tree.blockSize(bad);
      const ipa = (r.bits(geo.ia) % (1n << BigInt(geo.ia))) & ~(bs - 1n);
      this.s2.data.push({ ipa, size: bs, memattr: fwb ? 7 : 15, level: bad, badLevel: bad });
    }
  }

  /** Writes stage-2 descriptors once the stage-1 arena usage is known. */
  private finishS2(arenaUsed: bigint): void {
    const r = this.r;
    const s2 = this.s2!;
    const tree = s2.tree;
    const s2leaf = (level: number, memattr: number, s2ap: number, af: boolean, xn: number): bigint =>
      (level === 3 ? 3n : 1n) | (BigInt(memattr) << 2n) | (BigInt(s2ap) << 6n) | (tree.c.ds ? 0n : BigInt(r.pick([0, 2, 3])) << 8n) | bit(af, 10) | (BigInt(xn) << 53n);
    const arenaRW = this.f.ha ? 3 : r.pick([1, 3, 3]);
    const normal = s2.fwb ? 7 : 15;
    // A stage-2 Permission or Access flag fault on a level -1 table fetch aborts QEMU 7.2 (arm_fi_to_lfsc
    // asserts 0 <= level <= 3; nvdbg gives the Arm ARM answer, test/unit/walk-golden.test.ts): not generated.
    const lm1 = this.trees.some((t) => t.c.stage === 1 && t.c.sl < 0);
    const ptwDevice = (this.regs.hcr & 4n) !== 0n && r.bool(0.5) && !lm1;
    const arenaAttr = ptwDevice ? 1 : normal;
    const bsz = tree.blockSize(2);
    if (r.bool(0.5) && tree.c.sl <= 2) {
      tree.leaf(s2.arenaIpa & ~(bsz - 1n), 2, s2leaf(2, arenaAttr, arenaRW, true, 0), ARENA_PA & ~(bsz - 1n), 'block arena');
      this.tags.add('s2_arena_block');
    } else {
      const pg = BigInt(1 << PGSHIFT[tree.c.g]);
      const pages = Number((arenaUsed - (ARENA_PA & ~(pg - 1n)) + pg - 1n) / pg);
      const broken = new Set(r.bool(0.35) ? [r.int(pages), r.int(pages)] : []);
      for (let a = ARENA_PA & ~(pg - 1n), i = 0; a < arenaUsed; a += pg, i++) {
        const ipa = s2.arenaIpa + (a - ARENA_PA);
        let ap = arenaRW; let af = true; let skip = false;
        if (broken.has(i)) {
          const k = r.int(3);
          if (k === 2 || lm1) { skip = true; this.tags.add('s2_arena_hole'); } else if (k === 0) { ap = 0; this.tags.add('s2_arena_noaccess'); } else { af = false; this.tags.add('s2_arena_af0'); }
        }
        if (!skip) tree.leaf(ipa, 3, s2leaf(3, arenaAttr, ap, af, 0), a, 'page arena');
      }
    }
    if (ptwDevice) this.tags.add('hcr_ptw_device');
    for (const d of s2.data) {
      const pa = r.bits(Math.min(s2.ps, 48)) & ~(d.size - 1n);
      const ok = tree.leaf(d.ipa, d.level, s2leaf(d.level, d.memattr, d.badLevel !== undefined ? 3 : r.int(4), d.badLevel !== undefined || !r.bool(0.15), r.int(4)), pa,
        `${d.badLevel !== undefined ? 'bad-level block' : d.level === 3 ? 'page' : 'block'} oa=${pa.toString(16)}`);
      if (ok && d.badLevel !== undefined) this.tags.add('block_bad_level').add('s2_block_bad_level');
      if (!ok) d.badLevel = undefined;
    }
  }


  // ---- registers -------------------------------------------------------------
  build(): Scenario {
    const r = this.r;
    let hcr = 1n << 31n;
    if (this.e2h) hcr |= 1n << 34n;
    if (this.tge) hcr |= 1n << 27n;
    if (this.vm) { hcr |= 1n; this.tags.add('vm'); if (r.bool(0.3)) { hcr |= 4n; this.tags.add('hcr_ptw'); } }
    if (this.f.fwb) hcr |= 1n << 46n;
    this.regs.hcr = hcr;
    if (this.vm) this.buildS2();

    // EL1&0 regime
    const needEl10 = this.type !== 'vhe_host';
    const hpd1 = this.f.hpd && r.bool(0.7);
    const ipsPick = (): number => (this.f.pa52 || this.f.lpa2 ? r.pick([48, 52]) : r.pick([32, 36, 40, 42, 44, 48]));
    if (needEl10) {
      const mair = mairValue(r);
      const reg: Regime = { name: 'el10', ranges: [], mair, el2: false, hpd: hpd1, codeOk: false };
      this.el10 = reg;
      let ips = ipsPick();
      if (this.vm) ips = Math.max(ips, 36);
      const ds = this.f.lpa2 && r.bool(0.8);
      if (ds) ips = r.pick([48, 52]);
      const be = this.f.be1;
      const al = this.vm ? this.arena : this.pool;
      const toPa = this.vm ? (a: bigint): bigint => a - this.s2!.arenaIpa + ARENA_PA : (a: bigint): bigint => a;
      const t0 = this.s1Range(reg, false, 'el10.TTBR0', ds, ips, be, al, toPa, false, undefined);
      const t1 = this.s1Range(reg, true, 'el10.TTBR1', ds, ips, be, al, toPa, false, undefined);
      reg.ranges = [t0.range, t1.range];
      const hpd0 = hpd1 && r.bool(0.8);
      const hpdB = hpd1 && r.bool(0.8);
      const tcr = BigInt(t0.tcr.tsz) | bit(t0.tcr.epd, 7) | (1n << 8n) | (1n << 10n) | (BigInt(t0.tcr.sh) << 12n) | (BigInt(t0.tcr.tg === 4 ? 0 : t0.tcr.tg === 64 ? 1 : 2) << 14n)
        | (BigInt(t1.tcr.tsz) << 16n) | bit(r.bool(0.2), 22) | bit(t1.tcr.epd, 23) | (1n << 24n) | (1n << 26n) | (BigInt(t1.tcr.sh) << 28n) | (BigInt(t1.tcr.tg === 16 ? 1 : t1.tcr.tg === 4 ? 2 : 3) << 30n)
        | (BigInt(psCode(ips)) << 32n) | bit(true, 36) | bit(t0.tcr.tbi, 37) | bit(t1.tcr.tbi, 38) | bit(this.f.ha, 39) | bit(this.f.hd, 40)
        | bit(hpd0, 41) | bit(hpdB, 42) | bit(t0.tcr.e0pd, 55) | bit(t1.tcr.e0pd, 56) | bit(ds, 59);
      // DS=1 needs the same granule type support on both halves: keep DS only if both are 4K/16K
      this.regs.tcr1 = tcr;
      this.regs.mair1 = reg.mair;
      this.regs.ttbr0_1 = t0.ttbr;
      this.regs.ttbr1_1 = t1.ttbr;
      const m1 = !r.bool(0.08);
      this.m1 = m1;
      if (!m1) this.tags.add('sctlr_el1_m0');
      if (hpd0 || hpdB) this.tags.add('hpd');
      if (this.f.ha) this.tags.add(this.f.hd ? 'hafdbs_hd' : 'hafdbs_ha');
      if (be) this.tags.add('be');
      this.regs.sctlr1 = 0x30d00800n | bit(m1, 0) | bit(r.bool(0.5), 2) | bit(be, 25);
      this.comments.push(`el10: TCR=${hex(tcr)} MAIR=${hex(reg.mair)} TTBR0=${hex(t0.ttbr)}(${t0.tcr.tg}K T0SZ=${t0.tcr.tsz} ips=${ips}${ds ? ' DS' : ''}) TTBR1=${hex(t1.ttbr)}(${t1.tcr.tg}K T1SZ=${t1.tcr.tsz}) SCTLR_EL1=${hex(this.regs.sctlr1)}${hpd0 || hpdB ? ' HPD' : ''}${be ? ' BE' : ''}`);
    } else {
      this.regs.sctlr1 = 0x30d00800n;
      this.regs.tcr1 = 0n; this.regs.mair1 = 0n;
    }

    // EL2 / EL2&0 regime
    const needEl2 = this.type === 'el2' || this.e2h;
    const sctlrBase = this.e2h ? 0x30d00800n : 0x30c50830n;
    if (needEl2) {
      const mair = mairValue(r);
      const hpd2 = this.f.hpd && r.bool(0.7);
      const reg: Regime = { name: this.e2h ? 'el20' : 'el2', ranges: [], mair, el2: !this.e2h, hpd: hpd2, codeOk: true };
      this.el2r = reg;
      const ds = this.f.lpa2 && r.bool(0.8);
      let ips = ipsPick();
      if (ds) ips = r.pick([48, 52]);
      const be = this.f.be2;
      const name = reg.name;
      const t0 = this.s1Range(reg, false, `${name}.TTBR0`, ds, ips, be, this.pool, (a) => a, true, undefined);
      reg.mair = reg.mair; // codeMap may have patched it
      if (this.e2h) {
        const t1 = this.s1Range(reg, true, `${name}.TTBR1`, ds, ips, be, this.pool, (a) => a, false, undefined);
        reg.ranges = [t0.range, t1.range];
        const hpd0 = hpd2 && r.bool(0.7), hpdB = hpd2 && r.bool(0.7);
        this.regs.tcr2 = BigInt(t0.tcr.tsz) | (1n << 8n) | (1n << 10n) | (BigInt(t0.tcr.sh) << 12n) | (BigInt(t0.tcr.tg === 4 ? 0 : t0.tcr.tg === 64 ? 1 : 2) << 14n)
          | (BigInt(t1.tcr.tsz) << 16n) | bit(t1.tcr.epd, 23) | (1n << 24n) | (1n << 26n) | (BigInt(t1.tcr.sh) << 28n) | (BigInt(t1.tcr.tg === 16 ? 1 : t1.tcr.tg === 4 ? 2 : 3) << 30n)
          | (BigInt(psCode(ips)) << 32n) | bit(true, 36) | bit(t0.tcr.tbi, 37) | bit(t1.tcr.tbi, 38) | bit(this.f.ha, 39) | bit(this.f.hd, 40)
          | bit(hpd0, 41) | bit(hpdB, 42) | bit(t0.tcr.e0pd, 55) | bit(t1.tcr.e0pd, 56) | bit(ds, 59);
        this.regs.ttbr1_2 = t1.ttbr;
        if (hpd0 || hpdB) this.tags.add('hpd');
        this.comments.push(`el20: TCR=${hex(this.regs.tcr2)} MAIR=${hex(reg.mair)} TTBR0=${hex(t0.ttbr)}(${t0.tcr.tg}K T0SZ=${t0.tcr.tsz}) TTBR1=${hex(t1.ttbr)}(${t1.tcr.tg}K T1SZ=${t1.tcr.tsz}) ips=${ips}${ds ? ' DS' : ''}${be ? ' BE' : ''}`);
      } else {
        reg.ranges = [t0.range];
        this.regs.tcr2 = BigInt(t0.tcr.tsz) | (1n << 8n) | (1n << 10n) | (BigInt(t0.tcr.sh) << 12n) | (BigInt(t0.tcr.tg === 4 ? 0 : t0.tcr.tg === 64 ? 1 : 2) << 14n)
          | (BigInt(psCode(ips)) << 16n) | bit(t0.tcr.tbi, 20) | bit(this.f.ha, 21) | bit(this.f.hd, 22) | bit(true, 23) | bit(hpd2, 24) | bit(true, 31) | bit(ds, 32);
        if (hpd2) this.tags.add('hpd');
        this.comments.push(`el2: TCR=${hex(this.regs.tcr2)} MAIR=${hex(reg.mair)} TTBR0=${hex(t0.ttbr)}(${t0.tcr.tg}K T0SZ=${t0.tcr.tsz} ps=${ips}${ds ? ' DS' : ''})${be ? ' BE' : ''}`);
      }
      this.regs.mair2 = reg.mair;
      this.regs.ttbr0_2 = t0.ttbr;
      if (be) this.tags.add('be');
      if (this.f.ha) this.tags.add(this.f.hd ? 'hafdbs_hd' : 'hafdbs_ha');
      this.regs.sctlr2off = sctlrBase | bit(r.bool(0.5), 2);
      this.regs.sctlr2on = this.regs.sctlr2off | 1n | bit(be, 25);
    } else {
      this.regs.sctlr2off = sctlrBase;
      this.regs.sctlr2on = sctlrBase; // EL2 regime never enabled
      this.regs.tcr2 = this.e2h ? 0n : 0x80800000n;
      this.regs.mair2 = 0n;
    }

    if (this.vm) {
      this.finishS2(this.arena.next - this.s2!.arenaIpa + ARENA_PA);
      const s2 = this.s2!;
      this.comments.push(`S2: VTCR=${hex(this.regs.vtcr)} VTTBR=${hex(this.regs.vttbr)} (${s2.tree.c.g}K T0SZ=${64 - s2.tree.c.ia} start=L${s2.tree.c.sl} concat=${s2.tree.c.concat} ps=${s2.ps}${s2.tree.c.ds ? ' DS' : ''}) arena pa=${hex(ARENA_PA)} ipa=${hex(s2.arenaIpa)}${s2.fwb ? ' FWB' : ''}`);
    }
    this.comments.unshift(`type=${this.type} HCR_EL2=${hex(hcr)}`);
    this.makeAts();
    this.regs.pool0 = POOL_BASE;
    this.regs.pool1 = this.vm ? ARENA_PA + ARENA_SIZE : (this.pool.next + 0xffffn) & ~0xffffn;
    const descs = this.trees.flatMap((t) => t.descs);
    return { n: this.n, type: this.type, comments: this.comments, tags: this.tags, regs: this.regs, descs, ats: this.ats, dumps: this.dumps };
  }

  // ---- AT list ---------------------------------------------------------------
  /**
   * Could the walk of `va` in `regime` meet a block at a level the granule does not allow, where
   * QEMU 7.2 departs from the Arm ARM? At stage 1 the tree says so; at stage 2, any stage-1 leaf
   * might output into a bad-level stage-2 block. Conservative: VAs that fault before the walk count too.
   */
  private mayMeetBadBlock(regime: Regime | undefined, va: bigint): boolean {
    if (regime === undefined) return false;
    const rg = regime.ranges.find((x) => x.ttbr1 === (((va >> 55n) & 1n) === 1n));
    const end = rg?.tree?.probe(va & mask(rg.ia));
    const s2bad = regime === this.el10 && this.s2?.data.some((d) => d.badLevel !== undefined) === true;
    return end === 'bad' || (end === 'leaf' && s2bad);
  }

  /**
   * A VA from `draw` for an AT that carries no target annotation: redrawn (a few times, then made
   * non-canonical) while its walk could meet a bad-level block, which only annotated targets may.
   */
  private unmarked(regime: Regime | undefined, draw: () => bigint): bigint {
    for (let i = 0; i < 8; i++) {
      const va = draw();
      if (!this.mayMeetBadBlock(regime, va)) return va;
    }
    // Bits [54:52] opposite to bit 55: outside both ranges for every TxSZ >= 12, with or without TBI.
    const va = draw();
    return ((va >> 55n) & 1n) === 1n ? va & ~(7n << 52n) : va | (7n << 52n);
  }

  private makeAts(): void {
    const r = this.r;
    const ops: number[] = [];
    const el1ops = [0, 1, 2, 3, 4, 5];
    if (this.type === 'vhe_host') ops.push(...el1ops, 6, 7, 8, 10);
    else if (this.type === 'el2' || this.e2h) ops.push(...el1ops, 6, 7, 6, 7, ...OP_S12);
    else ops.push(...el1ops, ...el1ops, ...OP_S12, ...OP_S12, 6);
    for (let i = 0; i < this.nAts; i++) {
      const op = r.pick(ops);
      const s1e2 = OP_S1E2.includes(op);
      const regime = s1e2 || (this.e2h && this.tge) ? this.el2r : this.el10;
      let el2mmu = this.el2r !== undefined && r.bool(s1e2 || this.tge ? 0.85 : 0.3);
      if (this.el2r === undefined) el2mmu = false;
      const pan = r.bool(0.5);
      let va: bigint; let note: string; let tags: string[] = []; let arch: string | undefined;
      const k = r.int(10);
      if (regime === undefined || k === 0) { va = this.unmarked(regime, () => r.bits(64)); note = 'random64'; }
      else {
        const rg = r.pick(regime.ranges);
        if (k === 1) { va = this.unmarked(regime, () => r.bits(48) | (rg.ttbr1 ? (M64 & ~mask(48)) : 0n)); note = `${rg.ttbr1 ? 'ttbr1' : 'ttbr0'} random`; }
        else if (k === 2 && rg.ia < 56) { va = (r.bits(rg.ia + 4) | (1n << BigInt(rg.ia))) & mask(56); if (rg.ttbr1) va = (~va & mask(56)) | (M64 & ~mask(56)); note = `${rg.ttbr1 ? 'ttbr1' : 'ttbr0'} out-of-range`; }
        else if (rg.targets.length === 0) { va = this.unmarked(regime, () => this.vaIn(rg, 0n, 1n << BigInt(rg.ia))); note = `${rg.ttbr1 ? 'ttbr1' : 'ttbr0'} random`; }
        else {
          const hot = rg.targets.filter((x) => x.tags.includes('af0') || x.tags.includes('dbm'));
          const fw = rg.targets.filter((x) => (x.fwbS1 !== undefined && x.fwbS1 < 0x10 && (x.s2?.memattr ?? 9) < 4) || x.s2?.badLevel !== undefined || x.arch);
          const t = this.f.ha && hot.length && r.bool(0.5) ? r.pick(hot) : fw.length && r.bool(0.5) ? r.pick(fw) : r.pick(rg.targets);
          va = t.va; note = `${rg.ttbr1 ? 'ttbr1' : 'ttbr0'} ${t.note}`; tags = [...t.tags];
          const s12 = OP_S12.includes(op) && regime.name === 'el10' && this.vm;
          const s1on = regime === this.el10 ? this.m1 : el2mmu;
          arch = s1on ? t.arch : undefined;
          if (s1on && s12 && !arch && t.s2?.badLevel !== undefined) { tags.push('block_bad_level'); arch = `tfault:${t.s2.badLevel}:1`; }
          // A walk that meets a bad-level block (tfault) ends in a fault: no attributes to combine.
          if (s1on && s12 && !arch && t.fwbS1 !== undefined && t.s2 && t.s2.memattr < 4 && t.fwbS1 < 0x10) {
            tags.push('fwb_s1dev_s2dev');
            const combined = Math.min(t.fwbS1 >> 2, t.s2.memattr) << 2;
            arch = `attr:${combined.toString(16)}`;
          }
        }
        if (rg.oob) tags.push('txsz_oob');
        if (rg.e0pd && (op === 2 || op === 3 || op === 10 || op === 11)) tags.push('e0pd');
        if (regime.hpd) tags.push('hpd');
        if (rg.tree?.c.be) tags.push('be');
        if (rg.tree?.c.ds) tags.push('lpa2');
        if (this.f.ha) tags.push('hafdbs');
      }
      if (this.f.fwb && OP_S12.includes(op)) tags.push('fwb');
      if (pan && (op === 4 || op === 5)) tags.push('pan');
      const flags = `${AT_OPS[op].padEnd(6)} pan=${pan ? 1 : 0} el2mmu=${el2mmu ? 1 : 0}`;
      this.ats.push({ va: va & M64, op, pan, el2mmu, note: `${flags} ${note}`, tags: [...new Set(tags)], arch });
    }
  }
}

// ---------------------------------------------------------------- emitter
export interface Program { source: string; scenarios: Scenario[]; ats: number }

/** Repository root (package.json named nvdbg) and ../shared beside it. */
export function findPaths(): { root: string; shared: string } {
  for (const start of [__dirname, process.cwd()]) {
    let d = start;
    for (;;) {
      const p = path.join(d, 'package.json');
      if (fs.existsSync(p) && (JSON.parse(fs.readFileSync(p, 'utf8')) as { name?: string }).name === 'nvdbg') return { root: d, shared: path.resolve(d, '..', 'shared') };
      const up = path.dirname(d);
      if (up === d) break;
      d = up;
    }
  }
  throw new Error('cannot find the nvdbg repository root');
}

/** The oracle's runtime.S, read at run time (included verbatim in every program). */
export function runtimeSource(): string {
  const f = path.join(findPaths().shared, 'oracle/harness/runtime.S');
  if (!fs.existsSync(f)) throw new Error(`runtime.S not found at ${f}`);
  return fs.readFileSync(f, 'utf8');
}

/** Generates one program (several scenarios) from a seed. `focus` forces one feature group on. */
export function generateProgram(seed: number, opts: GenOptions & { focus?: string; runtime?: string } = {}): Program {
  const r = new Rng(seed);
  const nSc = opts.scenarios ?? 5;
  const scs: Scenario[] = [];
  for (let i = 1; i <= nSc; i++) {
    // retry a scenario whose random layout exhausts table space
    for (let attempt = 0; ; attempt++) {
      try { scs.push(new ScenarioBuilder(r, i, opts.atsPerScenario ?? 10, opts.focus).build()); break; } catch (e) { if (attempt > 20) throw e; }
    }
  }
  return { source: emit(scs, opts.runtime ?? runtimeSource(), seed), scenarios: scs, ats: scs.reduce((a, s) => a + s.ats.length, 0) };
}

function emit(scs: Scenario[], runtime: string, seed: number): string {
  const o: string[] = [runtime.replace(/\s*$/, '\n'), '', `// ======================= generated part (diff-mmu seed ${seed}) =================`, '    .text', 'scenarios:'];
  for (const s of scs) {
    o.push(`    adr     x21, scen_${s.n}`, '    bl      run_scenario');
    if (s.dumps.length) o.push(`    adr     x21, dump_${s.n}`, '    bl      dump_mem');
  }
  o.push('    adr     x0, s_end', '    bl      puts', '    mov     x0, #0', '    b       sh_exit', '');
  o.push('// dump_mem: x21 -> {count, addr...}; prints "MEM <addr> <value>" per word (MMU off: plain loads)',
    'dump_mem:', '    mov     x26, x30', '    ldr     x22, [x21], #8', '1:  cbz     x22, 2f', '    ldr     x23, [x21], #8',
    '    adr     x0, s_mem', '    bl      puts', '    mov     x0, x23', '    bl      puthex', '    adr     x0, s_sp', '    bl      puts',
    '    ldr     x0, [x23]', '    bl      puthex', '    adr     x0, s_nl', '    bl      puts', '    sub     x22, x22, #1', '    b       1b', '2:  ret     x26',
    '    .section .rodata', 's_mem: .asciz "MEM "', 's_sp:  .asciz " "');
  for (const s of scs) {
    o.push('', `// ---------------- scenario ${s.n} ----------------`);
    for (const c of s.comments) o.push(`// ${c}`);
    o.push(`// tags: ${[...s.tags].sort().join(' ')}`, '    .balign 8', `scen_${s.n}:`, `    .quad   sname_${s.n}              // name`);
    for (const k of REG_ORDER) o.push(`    .quad   ${hex(s.regs[k]).padEnd(20)} // ${k}`);
    o.push(`    .quad   ${String(s.descs.length).padEnd(20)} // ndesc`, `    .quad   desc_${s.n}               // desc`,
      `    .quad   ${String(s.ats.length).padEnd(20)} // nat`, `    .quad   at_${s.n}                 // at`);
    o.push(`desc_${s.n}:   // {address, descriptor}`);
    for (const d of s.descs) o.push(`    .quad   ${hex(d.addr)}, ${hex(d.value, 16)}  // ${d.note}`);
    o.push(`at_${s.n}:     // {input address, flags: op | PAN<<8 | EL2MMU<<9}`);
    for (const a of s.ats) {
      const flags = a.op | (a.pan ? 0x100 : 0) | (a.el2mmu ? 0x200 : 0);
      const extra = (a.tags.length ? ` tags=${a.tags.join(',')}` : '') + (a.arch ? ` arch=${a.arch}` : '');
      o.push(`    .quad   ${hex(a.va, 16)}, ${hex(BigInt(flags), 3)}  // ${a.note}${extra}`);
    }
    if (s.dumps.length) {
      o.push(`    .balign 8`, `dump_${s.n}:`, `    .quad   ${s.dumps.length}`);
      for (const d of s.dumps) o.push(`    .quad   ${hex(d.addr)}  // ${d.note}`);
    }
    o.push(`sname_${s.n}: .asciz "SCENARIO ${s.n}\\n"`);
  }
  o.push('');
  return o.join('\n');
}

/** Feature groups the generator can focus on (one per tag family the public programs avoid). */
export const FOCUS_GROUPS = ['hpd', 'hafdbs', 'e0pd', 'lpa2', 'pa52', 'contig', 'fwb', 'be', 'txsz_oob', 'misaligned', 'block_bad_level'] as const;
void RAM_BASE;
