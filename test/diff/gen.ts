// Seeded generator of random A64 programs for the differential test against
// QEMU. Every row of the encoding table is visited round-robin with random
// fields; per-class fix-ups keep execution controlled (forward-only branches,
// naturally aligned accesses into a scratch area, curated system registers).
// All generated code is emitted as `.inst` words at addresses the generator
// knows, so PC-relative fields are computed here rather than by the assembler.
import { ENCODINGS, EncodingRow } from '../../src/engine/isa/encodings';

/**
 * How the generator steers around a known nvdbg/QEMU divergence: 'exclude' leaves the row
 * out; the others keep the row but avoid the divergent case, so the rest of it stays tested.
 */
export type Workaround =
  | 'exclude'          // row never generated
  | 'sbo-ones'         // ignored ('x') bits set to ones instead of random
  | 'no-abort'         // never aimed at unmapped memory
  | 'nop-landing'      // indirect branch lands on a NOP (no exception on the target instruction)
  | 'allocated-extend' // register offset only with option<1> = 1
  | 'sp_el0-at-spsel1'; // MSR/MRS SP_EL0 only after MSR SPSel, #1

export interface KnownDivergence { readonly reason: string; readonly workaround: Workaround }

/** nvdbg bugs found by this test (QEMU 7.2 is the reference); see the engine issue for each. */
export const KNOWN_DIVERGENCES: Readonly<Record<string, KnownDivergence>> = (() => {
  const d: Record<string, KnownDivergence> = {};
  // Empty: every divergence found so far is fixed in the engine (CAS/CASP SBO bits, SMC as PSCI,
  // LDLAR/STLLR syndrome AR, BTYPE on BR/BLR, PRFM register extend, SP_EL0 at SPSel 0).
  return d;
})();
const wa = (id: string): Workaround | undefined => KNOWN_DIVERGENCES[id]?.workaround;

// ---- memory map (QEMU virt RAM at 0x40000000) -----------------------------
export const LOAD_ADDR = 0x40080000;
/** Offset of the random body within the program (fixed with .org so addresses are known). */
export const BODY_OFF = 0x2400;
const LIT_OFF = 0x2000; // 256 pseudo-random bytes for LDR (literal)
const LIT_BYTES = 0x200;
export const SCRATCH = 0x40200000;
export const SCRATCH_SIZE = 0x10000;
const STATE = 0x40300000; // x27: handler save area, exception log, dump buffer
const UNMAPPED = 0x60000000; // beyond 256 MiB of RAM: synchronous external abort
const RESERVED = new Set([27, 28]);

// ---- PRNG -----------------------------------------------------------------
/** mulberry32: tiny, fast, and stable across platforms. */
export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Integer in [0, n). */
  int(n: number): number { return Math.floor((this.u32() / 0x100000000) * n); }
  range(lo: number, hi: number): number { const a = Math.ceil(lo); return a + this.int(Math.floor(hi) - a + 1); }
  chance(p: number): boolean { return this.u32() / 0x100000000 < p; }
  pick<T>(a: readonly T[]): T { return a[this.int(a.length)]; }
  u64(): bigint { return (BigInt(this.u32()) << 32n) | BigInt(this.u32()); }
}

// ---- instruction encoders for the set-up code -------------------------------
const MASK64 = (1n << 64n) - 1n;
const movz = (d: number, imm: number, hw = 0): number => (0xd2800000 | (hw << 21) | ((imm & 0xffff) << 5) | d) >>> 0;
const movk = (d: number, imm: number, hw = 0): number => (0xf2800000 | (hw << 21) | ((imm & 0xffff) << 5) | d) >>> 0;
/** X<d> = value: movz + movk for each non-zero halfword (always at least the movz). */
function movImm(d: number, value: bigint): number[] {
  const v = value & MASK64;
  const out = [movz(d, Number(v & 0xffffn))];
  for (let hw = 1; hw < 4; hw++) {
    const h = Number((v >> BigInt(16 * hw)) & 0xffffn);
    if (h !== 0) out.push(movk(d, h, hw));
  }
  return out;
}
const ADD_SP_X28 = (0x91000000 | (28 << 5) | 31) >>> 0; // mov sp, x28
const NOP = 0xd503201f;
const CLREX = 0xd5033f5f;
const ERET = 0xd69f03e0;
function adr(d: number, delta: number): number {
  return (0x10000000 | ((delta & 3) << 29) | (((delta >> 2) & 0x7ffff) << 5) | d) >>> 0;
}
/** A system register as (op0, op1, CRn, CRm, op2). */
type SysReg = readonly [number, number, number, number, number];
function sysreg(L: 0 | 1, r: SysReg, rt: number): number {
  const [op0, op1, crn, crm, op2] = r;
  return (0xd5000000 | (L << 21) | (op0 << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt) >>> 0;
}
const msrImm = (op1: number, crm: number, op2: number): number => (0xd500401f | (op1 << 16) | (crm << 8) | (op2 << 5)) >>> 0;

// Registers MRS may read: deterministic and identical on QEMU -cpu max and nvdbg.
const MRS_REGS: Record<string, SysReg> = {
  NZCV: [3, 3, 4, 2, 0], DAIF: [3, 3, 4, 2, 1], CurrentEL: [3, 0, 4, 2, 2], SPSel: [3, 0, 4, 2, 0],
  PAN: [3, 0, 4, 2, 3], MIDR_EL1: [3, 0, 0, 0, 0], MPIDR_EL1: [3, 0, 0, 0, 5],
  ID_AA64MMFR0_EL1: [3, 0, 0, 7, 0], ID_AA64MMFR1_EL1: [3, 0, 0, 7, 1], ID_AA64PFR0_EL1: [3, 0, 0, 4, 0],
  TPIDR_EL2: [3, 4, 13, 0, 2], TPIDR_EL1: [3, 0, 13, 0, 4], TPIDR_EL0: [3, 3, 13, 0, 2], TPIDRRO_EL0: [3, 3, 13, 0, 3],
  MAIR_EL1: [3, 0, 10, 2, 0], MAIR_EL2: [3, 4, 10, 2, 0], VBAR_EL2: [3, 4, 12, 0, 0],
  ELR_EL2: [3, 4, 4, 0, 1], SPSR_EL2: [3, 4, 4, 0, 0], ESR_EL2: [3, 4, 5, 2, 0], FAR_EL2: [3, 4, 6, 0, 0],
  HCR_EL2: [3, 4, 1, 1, 0], SP_EL0: [3, 0, 4, 1, 0],
  CTR_EL0: [3, 3, 0, 0, 1], DCZID_EL0: [3, 3, 0, 0, 7], CNTFRQ_EL0: [3, 3, 14, 0, 0], ID_AA64ISAR0_EL1: [3, 0, 0, 6, 0],
  ID_AA64ISAR1_EL1: [3, 0, 0, 6, 1], ID_AA64PFR1_EL1: [3, 0, 0, 4, 1], ID_AA64MMFR2_EL1: [3, 0, 0, 7, 2],
  ID_AA64DFR0_EL1: [3, 0, 0, 5, 0], SCTLR_EL2: [3, 4, 1, 0, 0], TCR_EL2: [3, 4, 2, 0, 2], CLIDR_EL1: [3, 1, 0, 0, 1],
  MDCR_EL2: [3, 4, 1, 1, 1], CPTR_EL2: [3, 4, 1, 1, 2], CNTHCTL_EL2: [3, 4, 14, 1, 0], DIT: [3, 3, 4, 2, 5],
  SSBS: [3, 3, 4, 2, 6], UAO: [3, 0, 4, 2, 4],
  // registers MSR writes below, read back
  SCTLR_EL1: [3, 0, 1, 0, 0], TCR_EL1: [3, 0, 2, 0, 2], VPIDR_EL2: [3, 4, 0, 0, 0], VMPIDR_EL2: [3, 4, 0, 0, 5],
  CNTVOFF_EL2: [3, 4, 14, 0, 3], CONTEXTIDR_EL2: [3, 4, 13, 0, 1], CONTEXTIDR_EL1: [3, 0, 13, 0, 1],
  HSTR_EL2: [3, 4, 1, 1, 3], VTCR_EL2: [3, 4, 2, 1, 2], TTBR0_EL2: [3, 4, 2, 0, 0], TTBR0_EL1: [3, 0, 2, 0, 0],
  TTBR1_EL1: [3, 0, 2, 0, 1], VTTBR_EL2: [3, 4, 2, 1, 0], PAR_EL1: [3, 0, 7, 4, 0], SP_EL1: [3, 4, 4, 1, 0],
  ESR_EL1: [3, 0, 5, 2, 0], FAR_EL1: [3, 0, 6, 0, 0], ELR_EL1: [3, 0, 4, 0, 1], SPSR_EL1: [3, 0, 4, 0, 0],
  VBAR_EL1: [3, 0, 12, 0, 0], HPFAR_EL2: [3, 4, 6, 0, 4], CPACR_EL1: [3, 0, 1, 0, 2], CNTKCTL_EL1: [3, 0, 14, 1, 0],
  SPSR_irq: [3, 4, 4, 3, 0], DACR32_EL2: [3, 4, 3, 0, 0], IFSR32_EL2: [3, 4, 5, 0, 1],
};
// Registers MSR may write with any value: every bit is a defined field or ignored on read.
const MSR_REGS: Record<string, SysReg> = {
  NZCV: MRS_REGS.NZCV, DAIF: MRS_REGS.DAIF, TPIDR_EL2: MRS_REGS.TPIDR_EL2, TPIDR_EL1: MRS_REGS.TPIDR_EL1,
  TPIDR_EL0: MRS_REGS.TPIDR_EL0, TPIDRRO_EL0: MRS_REGS.TPIDRRO_EL0, MAIR_EL1: MRS_REGS.MAIR_EL1,
  MAIR_EL2: MRS_REGS.MAIR_EL2, ELR_EL2: MRS_REGS.ELR_EL2, FAR_EL2: MRS_REGS.FAR_EL2, SP_EL0: MRS_REGS.SP_EL0,
  // no effect on EL2 execution with HCR_EL2 = 0 and the EL2 MMU off; RES0 handling is compared on read-back
  ...Object.fromEntries(['SCTLR_EL1', 'TCR_EL1', 'VPIDR_EL2', 'VMPIDR_EL2', 'CNTVOFF_EL2', 'CONTEXTIDR_EL2', 'CONTEXTIDR_EL1',
    'HSTR_EL2', 'VTCR_EL2', 'TTBR0_EL2', 'TTBR0_EL1', 'TTBR1_EL1', 'VTTBR_EL2', 'PAR_EL1', 'SP_EL1', 'ESR_EL1', 'FAR_EL1',
    'ELR_EL1', 'SPSR_EL1', 'VBAR_EL1', 'HPFAR_EL2', 'CPACR_EL1', 'CNTKCTL_EL1', 'SPSR_irq', 'DACR32_EL2', 'IFSR32_EL2',
    'ESR_EL2', 'SPSR_EL2', 'DIT', 'SSBS', 'UAO', 'PAN'].map((n) => [n, MRS_REGS[n]])),
};
// Encodings that are UNDEFINED on both (unallocated system register space).
const UNDEF_SYSREGS: readonly SysReg[] = [[3, 1, 11, 0, 0], [3, 2, 5, 7, 7], [2, 5, 0, 0, 0], [3, 0, 4, 3, 7], [3, 7, 0, 1, 6]];

export interface Unit {
  /** Row exercised by this unit (or a pseudo id such as 'UDF'). */
  readonly rowId: string;
  /** Index of the word under test within `words`. */
  readonly main: number;
  readonly words: number[];
  /** Comment for the listing. */
  readonly note: string;
  /** Branch fix-up: the word at `main` gets its offset once the layout is known. */
  readonly branch?: { readonly kind: 'imm26' | 'imm19' | 'imm14'; readonly skip: number };
  /** ADR fix-up (for BR/BLR/RET and ERET): word index whose offset targets unit+skip. */
  readonly adrFix?: { readonly at: number; readonly skip: number };
}

export interface Program {
  readonly seed: number;
  readonly units: readonly Unit[];
  readonly init: { readonly regs: readonly bigint[]; readonly nzcv: number; readonly scratchSeed: bigint; readonly lit: readonly bigint[] };
}

function setField(word: number, row: EncodingRow, name: string, v: number): number {
  const f = row.fields.find((x) => x.name === name);
  if (f === undefined) throw new Error(`${row.id} has no field ${name}`);
  const m = (f.width === 32 ? 0xffffffff : ((1 << f.width) - 1)) << f.lsb;
  return ((word & ~m) | ((v << f.lsb) & m)) >>> 0;
}
const hasField = (row: EncodingRow, name: string): boolean => row.fields.some((f) => f.name === name);

/** A register that random code may write: 0..26, 29, 30, and sometimes 31 (ZR/SP). */
function randReg(rng: Rng, allow31 = true, avoid: readonly number[] = []): number {
  for (;;) {
    const r = allow31 && rng.chance(0.08) ? 31 : rng.int(31);
    if (!RESERVED.has(r) && !avoid.includes(r)) return r;
  }
}

/** Fill every register field of a row with a legal (non-reserved) register. */
function randomRegs(rng: Rng, row: EncodingRow, word: number): number {
  for (const name of Object.keys(row.regs)) word = setField(word, row, name, randReg(rng));
  return word;
}

const isMem = (row: EncodingRow): boolean => ['load', 'store', 'load-pair', 'store-pair', 'exclusive', 'atomic', 'prefetch'].includes(row.cls);

interface Ctx { rng: Rng; units: Unit[] }

function push(ctx: Ctx, u: Unit): void { ctx.units.push(u); }

/** A random aligned address inside scratch, leaving `room` bytes. */
function scratchAddr(rng: Rng, align: number, room: number): number {
  const slots = Math.floor((SCRATCH_SIZE - room) / align);
  return SCRATCH + rng.int(slots) * align;
}

function genMem(ctx: Ctx, row: EncodingRow): void {
  const { rng } = ctx;
  let w = (rng.u32() & ~row.mask) | row.value;
  if (wa(row.id) === 'sbo-ones') w |= ~row.mask;
  w = randomRegs(rng, row, w) >>> 0;
  const id = row.id;
  const pre: number[] = [];
  const bytes = row.bytes ?? 8;
  const pair = row.cls === 'load-pair' || row.cls === 'store-pair' || /^(LDXP|LDAXP|STXP|STLXP|CASP)/.test(id);
  const align = pair ? 16 : bytes;
  const abort = row.cls !== 'prefetch' && wa(row.id) !== 'no-abort' && rng.chance(0.03);
  let note = '';
  // Pick distinct registers where the architecture makes overlaps CONSTRAINED UNPREDICTABLE.
  if (hasField(row, 'Rt2') && row.cls !== 'store-pair') {
    const rt = randReg(rng); w = setField(w, row, 'Rt', rt);
    w = setField(w, row, 'Rt2', randReg(rng, true, [rt]));
  }
  if (/^(STXR|STLXR|STXP|STLXP)/.test(id)) {
    const rt = (w >>> 0) & 31, rt2 = hasField(row, 'Rt2') ? (w >>> 10) & 31 : rt;
    w = setField(w, row, 'Rs', randReg(rng, false, [rt, rt2]));
  }
  if (/^CASP/.test(id)) {
    const even = (): number => { for (;;) { const r = rng.int(16) * 2; if (r !== 26 && r !== 28) return r; } };
    w = setField(w, row, 'Rs', even()); w = setField(w, row, 'Rt', even());
    if (rng.chance(0.05)) w = setField(w, row, 'Rt', 1 + 2 * rng.int(13)); // odd: UNDEFINED
  }
  // Base register: x28 (or SP set from x28); offset fields chosen so the access is aligned and in scratch.
  let off = 0;            // base + off = access address (0 for post-index and no-offset forms)
  const kind = opKind(row);
  switch (kind) {
    case 'uimm': { const imm = rng.chance(0.5) ? rng.int(64) : rng.int(4096); w = setField(w, row, 'imm12', imm); off = imm * bytes; break; }
    case 'simm9': { const imm = rng.range(-256 / bytes, 255 / bytes) * bytes; w = setField(w, row, 'imm9', imm & 0x1ff); off = imm; break; }
    case 'post9': { w = setField(w, row, 'imm9', rng.int(512)); break; }
    case 'pre9': { const imm = rng.range(-256 / align, 255 / align) * align; w = setField(w, row, 'imm9', imm & 0x1ff); off = imm; break; }
    case 'pair': case 'pairpre': {
      const step = 16 / bytes; const imm = rng.range(-64 / step, 63 / step) * step;
      w = setField(w, row, 'imm7', imm & 0x7f); off = imm * bytes; break;
    }
    case 'pairpost': w = setField(w, row, 'imm7', rng.int(128)); break;
    case 'reg': {
      let option = rng.pick([2, 3, 6, 7]);
      if (rng.chance(0.04) && wa(row.id) !== 'allocated-extend') option = rng.pick([0, 1, 4, 5]); // unallocated extend: UNDEFINED
      const S = rng.int(2);
      const rm = randReg(rng, false);
      w = setField(w, row, 'option', option); w = setField(w, row, 'S', S); w = setField(w, row, 'Rm', rm);
      const shift = S ? Math.log2(bytes) : 0;
      const unit = S ? 1 : bytes;
      const k = rng.range(-32, 32) * unit;
      off = k * (1 << shift);
      let v = BigInt(k) & MASK64;
      if ((option & 3) === 2) v = (v & 0xffffffffn) | (BigInt(rng.u32()) << 32n); // W index: upper half ignored
      if (option === 2 && k < 0) off = (k >>> 0) * (1 << shift);                // UXTW of a negative index
      pre.push(...movImm(rm, v));
      break;
    }
    case 'lit': {
      // Placed at unit layout time: the offset depends on the PC.
      break;
    }
    default: break;
  }
  if (kind === 'lit') {
    push(ctx, { rowId: id, main: 0, words: [w], note: `${row.mnemonic} literal`, branch: undefined, adrFix: undefined });
    litFix.set(ctx.units[ctx.units.length - 1], id === 'PRFM_lit' ? -1 : bytes);
    return;
  }
  // base = addr - off puts the access at addr; a UXTW of a negative index lands far beyond RAM (abort).
  const addr = abort ? UNMAPPED + rng.int(0x1000) * 16 : scratchAddr(rng, 16, 64);
  const base = kind === 'reg' && off > 0x7fffffff ? BigInt(SCRATCH) : BigInt(addr - off);
  pre.push(...movImm(28, base));
  const useSp = row.regs.Rn === 'sp' && rng.chance(0.1);
  if (useSp) { pre.push(ADD_SP_X28); w = setField(w, row, 'Rn', 31); } else w = setField(w, row, 'Rn', 28);
  // Exclusives: a store-exclusive follows either the matching load-exclusive (succeeds) or CLREX (fails).
  if (/^(STXR|STLXR|STXP|STLXP)/.test(id)) {
    if (rng.chance(0.6)) {
      const ld = ldxFor(row);
      let lw = setField(ld.value, ld, 'Rn', useSp ? 31 : 28);
      const rt = randReg(rng, false, [(w >>> 16) & 31]);
      lw = setField(lw, ld, 'Rt', rt);
      if (hasField(ld, 'Rt2')) lw = setField(lw, ld, 'Rt2', randReg(rng, false, [rt, (w >>> 16) & 31]));
      pre.push(lw); note = 'after ldxr';
    } else { pre.push(CLREX); note = 'after clrex'; }
  }
  const words = [...pre, w];
  push(ctx, { rowId: id, main: pre.length, words, note: `${row.mnemonic} @${abort ? 'unmapped' : 'scratch'}${useSp ? ' sp' : ''} ${note}`.trim() });
}

/** Units whose literal offset is fixed at layout time: access size, or -1 for PRFM (any offset). */
const litFix = new WeakMap<Unit, number>();

function ldxFor(row: EncodingRow): EncodingRow {
  const want = row.id.replace(/^STL?X/, 'LDX');
  const r = ENCODINGS.find((x) => x.id === want);
  if (r === undefined) throw new Error(`no load-exclusive for ${row.id}`);
  return r;
}

type MemKind = 'uimm' | 'simm9' | 'post9' | 'pre9' | 'pair' | 'pairpre' | 'pairpost' | 'reg' | 'lit' | 'none';
function opKind(row: EncodingRow): MemKind {
  const id = row.id;
  if (/_lit/.test(id)) return 'lit';
  if (/_uimm$/.test(id)) return 'uimm';
  if (/_reg$/.test(id)) return 'reg';
  if (/_(unscaled|unpriv)$/.test(id) || row.op === ENCODINGS.find((r) => r.id.startsWith('LDAPUR'))?.op) return 'simm9';
  if (/_post$/.test(id)) return row.cls.endsWith('pair') ? 'pairpost' : 'post9';
  if (/_pre$/.test(id)) return row.cls.endsWith('pair') ? 'pairpre' : 'pre9';
  if (/_(off|np)$/.test(id)) return 'pair';
  return 'none';
}

// ---- branches ---------------------------------------------------------------
function genBranch(ctx: Ctx, row: EncodingRow): void {
  const { rng } = ctx;
  let w = (rng.u32() & ~row.mask) | row.value;
  w = randomRegs(rng, row, w);
  const skip = rng.range(1, 3);
  const id = row.id;
  if (id === 'B' || id === 'BL') { push(ctx, { rowId: id, main: 0, words: [w >>> 0], note: `skip ${skip}`, branch: { kind: 'imm26', skip } }); return; }
  if (id === 'B_cond' || id === 'CBZ' || id === 'CBNZ') { push(ctx, { rowId: id, main: 0, words: [w >>> 0], note: `skip ${skip}`, branch: { kind: 'imm19', skip } }); return; }
  if (id === 'TBZ' || id === 'TBNZ') { push(ctx, { rowId: id, main: 0, words: [w >>> 0], note: `skip ${skip}`, branch: { kind: 'imm14', skip } }); return; }
  if (id === 'ERET') {
    // Controlled return to the next-but-skip unit at EL2h with random NZCV and DAIF.
    const a = randReg(rng, false), b = randReg(rng, false, [a]);
    const spsr = (rng.int(16) << 28) | (rng.int(16) << 6) | 0x9;
    const words = [adr(a, 0), sysreg(0, MRS_REGS.ELR_EL2, a), ...movImm(b, BigInt(spsr)), sysreg(0, MRS_REGS.SPSR_EL2, b), ERET];
    push(ctx, { rowId: id, main: words.length - 1, words, note: `eret spsr=${spsr.toString(16)} skip ${skip}`, adrFix: { at: 0, skip } });
    return;
  }
  // BR/BLR/RET: load the register with the address of a unit ahead.
  const rn = randReg(rng, false);
  w = setField(w, row, 'Rn', rn);
  if (wa(id) === 'nop-landing') {
    // adr, branch, (skipped UDF), NOP <- target: the branch target cannot raise an exception.
    push(ctx, { rowId: id, main: 1, words: [adr(rn, 12), w >>> 0, rng.int(0x10000), NOP], note: `x${rn} -> nop` });
    return;
  }
  push(ctx, { rowId: id, main: 1, words: [adr(rn, 0), w >>> 0], note: `x${rn} -> skip ${skip}`, adrFix: { at: 0, skip } });
}

// ---- exceptions and system ------------------------------------------------------
function genException(ctx: Ctx, row: EncodingRow): void {
  const { rng } = ctx;
  let w = (rng.u32() & ~row.mask) | row.value;
  const pre: number[] = [];
  if (row.id === 'HLT' && ((w >>> 5) & 0xffff) === 0xf000) w ^= 1 << 5; // semihosting is not random
  if (row.id === 'SMC') pre.push(movz(0, rng.int(0x10000))); // never a PSCI function id
  push(ctx, { rowId: row.id, main: pre.length, words: [...pre, w >>> 0], note: '' });
}

function genSystem(ctx: Ctx, row: EncodingRow): void {
  const { rng } = ctx;
  const id = row.id;
  const rt = randReg(rng);
  const words: number[] = [];
  let note = '';
  if (id === 'MRS') {
    if (rng.chance(0.1)) { const r = rng.pick(UNDEF_SYSREGS); words.push(sysreg(1, r, rt)); note = 'unallocated'; }
    else {
      const n = rng.pick(Object.keys(MRS_REGS));
      if (n === 'SP_EL0' && wa(id) === 'sp_el0-at-spsel1') words.push(msrImm(0, 1, 5));
      words.push(sysreg(1, MRS_REGS[n], rt)); note = n;
    }
  } else if (id === 'MSR_reg') {
    if (rng.chance(0.1)) { const r = rng.pick(UNDEF_SYSREGS); words.push(sysreg(0, r, rt)); note = 'unallocated'; }
    else {
      const n = rng.pick(Object.keys(MSR_REGS));
      if (n === 'SP_EL0' && wa(id) === 'sp_el0-at-spsel1') words.push(msrImm(0, 1, 5));
      words.push(sysreg(0, MSR_REGS[n], rt)); note = n;
    }
  } else if (id === 'MSR_imm') {
    // [name, op1, op2]; CRm carries the immediate (TCO: no FEAT_MTE, UNDEFINED on both)
    const f: readonly (readonly [string, number, number])[] = [['DAIFSet', 3, 6], ['DAIFClr', 3, 7], ['SPSel', 0, 5], ['PAN', 0, 4],
      ['UAO', 0, 3], ['DIT', 3, 2], ['SSBS', 3, 1], ['TCO', 3, 4]];
    const [n, op1, op2] = rng.pick(f);
    words.push(msrImm(op1, n.startsWith('DAIF') ? rng.int(16) : rng.int(2), op2)); note = n;
  } else if (id === 'SYS') {
    // Cache and TLB maintenance with no visible effect (MMU off), by address into scratch.
    const ops: readonly (readonly [string, number, number, number, number, boolean])[] = [
      ['DC CIVAC', 3, 7, 14, 1, true], ['DC CVAC', 3, 7, 10, 1, true], ['DC IVAC', 0, 7, 6, 1, true],
      ['IC IVAU', 3, 7, 5, 1, true], ['IC IALLU', 0, 7, 5, 0, false], ['IC IALLUIS', 0, 7, 1, 0, false],
      ['TLBI VMALLE1', 0, 8, 7, 0, false], ['TLBI ALLE2', 4, 8, 7, 0, false], ['TLBI ALLE1', 4, 8, 7, 4, false],
      ['TLBI VAE2', 4, 8, 7, 1, true], ['TLBI VMALLE1IS', 0, 8, 3, 0, false], ['DC ZVA', 3, 7, 4, 1, true],
    ];
    const [n, op1, crn, crm, op2, addr] = rng.pick(ops);
    if (addr) words.push(...movImm(28, BigInt(scratchAddr(rng, 64, 64))));
    words.push(sysreg(0, [1, op1, crn, crm, op2], addr ? 28 : 31));
    note = n;
  } else { // SYSL: nothing is allocated there
    let w = (rng.u32() & ~row.mask) | row.value;
    w = setField(w, row, 'Rt', rt);
    words.push(w >>> 0); note = 'unallocated';
  }
  push(ctx, { rowId: id, main: words.length - 1, words, note });
}

function genHintBarrier(ctx: Ctx, row: EncodingRow): void {
  const { rng } = ctx;
  let w = ((rng.u32() & ~row.mask) | row.value) >>> 0;
  if (row.id === 'HINT') {
    // WFE/WFI would wait for an event; everything else in the hint space is a NOP here.
    let imm: number;
    do imm = rng.int(128); while (imm === 2 || imm === 3);
    w = (0xd503201f | (imm << 5)) >>> 0;
  }
  push(ctx, { rowId: row.id, main: 0, words: [w], note: '' });
}

function genPlain(ctx: Ctx, row: EncodingRow): void {
  const { rng } = ctx;
  let w = (rng.u32() & ~row.mask) | row.value;
  w = randomRegs(rng, row, w);
  push(ctx, { rowId: row.id, main: 0, words: [w >>> 0], note: '' });
}

/** Words that are UNDEFINED architecturally: UDF and the unallocated op0 = 0b0001 / 0b0011 spaces. */
function genUndef(ctx: Ctx): void {
  const { rng } = ctx;
  const c = rng.int(3);
  const w = c === 0 ? rng.int(0x10000) : ((rng.u32() & ~(0xf << 25)) | ((c === 1 ? 1 : 3) << 25)) >>> 0;
  push(ctx, { rowId: 'UDF', main: 0, words: [w >>> 0], note: 'unallocated' });
}

/** Rows the random stream leaves out: KNOWN_DIVERGENCES marked 'exclude' plus NVDBG_FUZZ_EXCLUDE (a regular expression on row ids). */
export function excludedRows(): Set<string> {
  const s = new Set(Object.keys(KNOWN_DIVERGENCES).filter((id) => KNOWN_DIVERGENCES[id].workaround === 'exclude'));
  const re = process.env.NVDBG_FUZZ_EXCLUDE;
  if (re) for (const r of ENCODINGS) if (new RegExp(`^(?:${re})$`).test(r.id)) s.add(r.id);
  return s;
}

export function generate(seed: number, count: number, exclude: ReadonlySet<string> = excludedRows()): Program {
  const rng = new Rng(seed);
  const rows = ENCODINGS.filter((r) => !exclude.has(r.id));
  const ctx: Ctx = { rng, units: [] };
  let order: EncodingRow[] = [];
  // Start the round-robin at a seed-dependent row so short programs cover different rows.
  for (let i = rng.int(rows.length); ctx.units.length < count; i++) {
    if (order.length === 0) { order = [...rows]; for (let j = order.length - 1; j > 0; j--) { const k = rng.int(j + 1); [order[j], order[k]] = [order[k], order[j]]; } }
    const row = order.pop() as EncodingRow;
    if (rng.chance(0.02)) genUndef(ctx);
    if (isMem(row)) genMem(ctx, row);
    else if (row.cls === 'branch') genBranch(ctx, row);
    else if (row.cls === 'exception') genException(ctx, row);
    else if (row.cls === 'system') genSystem(ctx, row);
    else if (row.cls === 'hint' || row.cls === 'barrier') genHintBarrier(ctx, row);
    else genPlain(ctx, row);
  }
  const regs: bigint[] = [];
  for (let r = 0; r < 31; r++) regs.push(rng.chance(0.15) ? BigInt(rng.int(256)) : rng.u64());
  const lit: bigint[] = [];
  for (let i = 0; i < LIT_BYTES / 8; i++) lit.push(rng.u64());
  return { seed, units: ctx.units, init: { regs, nzcv: rng.int(16), scratchSeed: rng.u64() | 1n, lit } };
}

// ---- layout and rendering ------------------------------------------------------
export interface Laid {
  /** Final words of the body (branch offsets resolved), with the owning unit index of each word. */
  readonly words: readonly number[];
  readonly unitOf: readonly number[];
  /** Start word index of each unit. */
  readonly starts: readonly number[];
}

const PAD_UNITS = 4; // NOPs after the body so forward skips stay inside the program

export function layout(p: Program, keep = p.units.length): Laid {
  const units = p.units.slice(0, keep);
  const starts: number[] = [];
  let n = 0;
  for (const u of units) { starts.push(n); n += u.words.length; }
  for (let i = 0; i < PAD_UNITS; i++) starts.push(n + i);
  const words: number[] = [], unitOf: number[] = [];
  const target = (ui: number, skip: number): number => starts[Math.min(ui + 1 + skip, starts.length - 1)];
  units.forEach((u, ui) => {
    u.words.forEach((w0, wi) => {
      let w = w0;
      const here = starts[ui] + wi;
      if (u.branch !== undefined && wi === u.main) {
        const d = target(ui, u.branch.skip) - here;
        if (u.branch.kind === 'imm26') w = ((w & 0xfc000000) | (d & 0x3ffffff)) >>> 0;
        else if (u.branch.kind === 'imm19') w = ((w & ~(0x7ffff << 5)) | ((d & 0x7ffff) << 5)) >>> 0;
        else w = ((w & ~(0x3fff << 5)) | ((d & 0x3fff) << 5)) >>> 0;
      }
      if (u.adrFix !== undefined && wi === u.adrFix.at) w = adr(w & 31, (target(ui, u.adrFix.skip) - here) * 4);
      const lf = litFix.get(u);
      if (lf !== undefined && wi === u.main) {
        // PC of this word vs. the literal pool, both inside the program image.
        const pc = BODY_OFF + here * 4;
        // PRFM keeps its random offset (a prefetch never faults); loads read the pool.
        if (lf > 0) {
          const dst = LIT_OFF + 8 * ((w >>> 5) % (LIT_BYTES / 8));
          w = ((w & ~(0x7ffff << 5)) | ((((dst - pc) >> 2) & 0x7ffff) << 5)) >>> 0;
        }
      }
      words.push(w >>> 0); unitOf.push(ui);
    });
  });
  for (let i = 0; i < PAD_UNITS; i++) { words.push(NOP); unitOf.push(-1); }
  return { words, unitOf, starts };
}

const hex = (v: number | bigint, d = 8): string => '0x' + (typeof v === 'bigint' ? v & MASK64 : BigInt(v >>> 0)).toString(16).padStart(d, '0');

/** Names printed in the final dump, in order; the runtime prints one NAME=hex line each. */
export const DUMP_REGS: readonly string[] = [...Array.from({ length: 31 }, (_, i) => `X${i}`), 'SP', 'NZCV', 'SP_EL0', 'SPSEL', 'DAIF'];
export const LOG_ENTRIES = 16;

/** The complete GNU as source for the first `keep` units of a program. */
export function render(p: Program, keep = p.units.length): string {
  const L = layout(p, keep);
  const out: string[] = [];
  const e = (s: string): void => { out.push(s); };
  e(`// nvdbg differential test program, seed ${p.seed}, ${keep} units`);
  e('    .section .text.boot, "ax"\n    .global _start\n_start:\n    b       prologue');
  // Vector table: every entry saves x0, passes its number and records the exception.
  e('    .balign 2048\nvectors:');
  for (let v = 0; v < 16; v++) e(`    .balign 128\n    str     x0, [x27]\n    mov     x0, #${v}\n    b       handler`);
  e(String.raw`
// handler: x27 = state area. Log {vec, ESR, FAR (aborts only), ELR - load address, SPSR}
// in a ring of the last ${LOG_ENTRIES} exceptions (slot = number mod ${LOG_ENTRIES}) and hash all of them; return past the faulting
// instruction except for SVC/HVC/SMC, whose preferred return address is already the next one.
handler:
    stp     x1, x2, [x27, #8]
    stp     x3, x4, [x27, #24]
    stp     x5, x6, [x27, #40]
    str     x7, [x27, #56]
    mrs     x1, esr_el2
    mrs     x2, elr_el2
    mrs     x3, spsr_el2
    lsr     x4, x1, #26
    mov     x5, #0
    cmp     x4, #0x20
    b.lo    1f
    cmp     x4, #0x25
    b.hi    1f
    mrs     x5, far_el2
1:  movz    x6, #${LOAD_ADDR >>> 16}, lsl #16
    sub     x7, x2, x6
    ldr     x4, [x27, #0x80]
    and     x6, x4, #${LOG_ENTRIES - 1}
    add     x6, x6, x6, lsl #1
    add     x6, x27, x6, lsl #4     // slot * 48
    stp     x0, x1, [x6, #0x100]
    stp     x5, x7, [x6, #0x110]
    str     x3, [x6, #0x120]
    add     x4, x4, #1
    str     x4, [x27, #0x80]
    ldr     x6, [x27, #0x88]
    eor     x6, x0, x6, ror #13
    eor     x6, x1, x6, ror #13
    eor     x6, x5, x6, ror #13
    eor     x6, x7, x6, ror #13
    eor     x6, x3, x6, ror #13
    str     x6, [x27, #0x88]
    movz    x6, #2, lsl #16          // runaway guard: 131072 exceptions
    cmp     x4, x6
    b.hs    finish
    lsr     x4, x1, #26
    sub     x4, x4, #0x15
    cmp     x4, #2
    b.ls    3f
    add     x2, x2, #4
    msr     elr_el2, x2
3:  ldp     x1, x2, [x27, #8]
    ldp     x3, x4, [x27, #24]
    ldp     x5, x6, [x27, #40]
    ldr     x7, [x27, #56]
    ldr     x0, [x27]
    eret

// prologue: state area, scratch filled by xorshift64, literal pool, registers, NZCV.
prologue:
    adr     x0, vectors
    msr     vbar_el2, x0
    isb
    movz    x27, #${STATE >>> 16}, lsl #16
    mov     x0, x27
    add     x1, x27, #0x1000
4:  stp     xzr, xzr, [x0], #16
    cmp     x0, x1
    b.lo    4b
    movz    x0, #${SCRATCH >>> 16}, lsl #16
    add     x1, x0, #${SCRATCH_SIZE >>> 12}, lsl #12
    ldr     x2, =${hex(p.init.scratchSeed, 16)}
5:  eor     x2, x2, x2, lsl #13
    eor     x2, x2, x2, lsr #7
    eor     x2, x2, x2, lsl #17
    str     x2, [x0], #8
    cmp     x0, x1
    b.lo    5b
    msr     spsel, #1
    movz    x0, #${(SCRATCH + SCRATCH_SIZE / 2) >>> 16}, lsl #16
    add     x0, x0, #${(SCRATCH_SIZE / 2) & 0xfff}
    mov     sp, x0
    sub     x0, x0, #0x100
    msr     sp_el0, x0
    movz    x28, #${(SCRATCH + SCRATCH_SIZE / 2) >>> 16}, lsl #16
    movk    x28, #${(SCRATCH + SCRATCH_SIZE / 2) & 0xffff}
    mov     x0, #${p.init.nzcv << 12}
    lsl     x0, x0, #16
    msr     nzcv, x0`);
  for (let r = 0; r < 31; r++) if (r !== 27 && r !== 28) e(`    ldr     x${r}, =${hex(p.init.regs[r], 16)}`);
  e('    b       body\n    .ltorg');
  e(`    .org    ${hex(LIT_OFF, 4)}\nlitpool:`);
  for (const q of p.init.lit) e(`    .quad   ${hex(q, 16)}`);
  e(`    .org    ${hex(BODY_OFF, 4)}\nbody:`);
  let cur = -2;
  L.words.forEach((w, i) => {
    const ui = L.unitOf[i];
    if (ui !== cur) { cur = ui; const u = ui >= 0 ? p.units[ui] : undefined; e(`// u${ui} ${u ? `${u.rowId} ${u.note}` : 'pad'}`); }
    e(`    .inst   ${hex(w)}`);
  });
  e(String.raw`
// finish: dump x0-x30, SP, NZCV, SP_EL0, SPSel, DAIF, the exception log and a scratch checksum.
finish:`);
  for (let r = 0; r < 31; r++) e(`    str     x${r}, [x27, #${0x800 + 8 * r}]`);
  e(String.raw`    mov     x0, sp
    mrs     x1, nzcv
    str     x0, [x27, #${0x800 + 8 * 31}]
    str     x1, [x27, #${0x800 + 8 * 32}]
    mrs     x2, spsel
    mrs     x3, daif
    msr     spsel, #1
    mrs     x1, sp_el0
    str     x1, [x27, #${0x800 + 8 * 33}]
    str     x2, [x27, #${0x800 + 8 * 34}]
    str     x3, [x27, #${0x800 + 8 * 35}]
    movz    x0, #${SCRATCH >>> 16}, lsl #16
    add     x1, x0, #${SCRATCH_SIZE >>> 12}, lsl #12
    ldr     x3, =0x100000001b3
    ldr     x2, =0xcbf29ce484222325
6:  ldr     x4, [x0], #8
    eor     x2, x2, x4
    mul     x2, x2, x3
    eor     x2, x2, x2, lsr #29
    cmp     x0, x1
    b.lo    6b
    str     x2, [x27, #0x90]
    add     x20, x27, #0x1000       // output cursor`);
  const line = (label: string, off: number): void => { e(`    adr     x0, s_${label}\n    bl      putstr\n    ldr     x1, [x27, #${off}]\n    bl      puthex\n    bl      putnl`); };
  DUMP_REGS.forEach((n, i) => line(n, 0x800 + 8 * i));
  line('EXC_COUNT', 0x80); line('EXC_HASH', 0x88); line('CHECKSUM', 0x90);
  for (let i = 0; i < LOG_ENTRIES; i++) {
    e(`    adr     x0, s_E${i}\n    bl      putstr`);
    ['VEC', 'ESR', 'FAR', 'ELR', 'SPSR'].forEach((f, j) => e(`    adr     x0, s_F${f}\n    bl      putstr\n    ldr     x1, [x27, #${0x100 + 48 * i + 8 * j}]\n    bl      puthex`));
    e('    bl      putnl');
  }
  e(String.raw`    adr     x0, s_END
    bl      putstr
    strb    wzr, [x20]
    add     x1, x27, #0x1000
    mov     w0, #0x04
    hlt     #0xf000
    adr     x1, exit_block
    mov     w0, #0x18
    hlt     #0xf000
    b       .

// putstr: append the NUL-terminated string at x0 to the buffer at x20.
putstr:
    ldrb    w2, [x0], #1
    cbz     w2, 7f
    strb    w2, [x20], #1
    b       putstr
7:  ret
putnl:
    mov     w2, #10
    strb    w2, [x20], #1
    ret
// puthex: append x1 as 16 lowercase hex digits.
puthex:
    mov     x4, #60
8:  lsr     x6, x1, x4
    and     x6, x6, #0xf
    add     x7, x6, #'0'
    cmp     x6, #10
    add     x6, x6, #('a' - 10)
    csel    x6, x7, x6, lo
    strb    w6, [x20], #1
    subs    x4, x4, #4
    b.ge    8b
    ret
    .ltorg
    .balign 8
exit_block: .quad 0x20026, 0`);
  DUMP_REGS.forEach((n) => e(`s_${n}: .asciz "${n}="`));
  for (const n of ['EXC_COUNT', 'EXC_HASH', 'CHECKSUM']) e(`s_${n}: .asciz "${n}="`);
  for (let i = 0; i < LOG_ENTRIES; i++) e(`s_E${i}: .asciz "E${String(i).padStart(2, '0')}"`);
  for (const f of ['VEC', 'ESR', 'FAR', 'ELR', 'SPSR']) e(`s_F${f}: .asciz " ${f}="`);
  e('s_END: .asciz "END\\n"');
  return out.join('\n') + '\n';
}

/** Rows exercised by a program, by decoding each word under test with the project's decoder. */
export function rowsOf(p: Program, decode: (w: number) => { id: string } | undefined): Set<string> {
  const L = layout(p);
  const s = new Set<string>();
  p.units.forEach((u, ui) => { const r = decode(L.words[L.starts[ui] + u.main]); if (r) s.add(r.id); });
  return s;
}

/** Total number of random (under-test) instructions in a program. */
export const instructionCount = (p: Program): number => p.units.length;
