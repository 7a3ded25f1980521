// Handlers of the custom requests in protocol.ts: inspection walks only.
import type { Machine } from '../engine/machine';
import { AArch64_FullTranslate, AccessKind } from '../engine/mmu/translate';
import { AArch64_S2Walk } from '../engine/mmu/walk';
import { s1Setup, s2Setup, currentRegime } from '../engine/mmu/params';
import { Regime, REGIME_NAMES, WalkTrace, encodeFsc } from '../engine/mmu/types';
import { describeFault, describePar } from '../engine/mmu/format';
import { parFault, parSuccess } from '../engine/mmu/par';
import { sysRegByName } from '../engine/cpu/sysregs/registry';
import type { Pe } from '../engine/cpu/pe';
import { sysRegIndex } from '../engine/cpu/sysregs/file';
import { hex16 } from '../engine/util/u64';
import {
  TranslateArguments, TranslateResponseBody, WalkJson, PageTableArguments, PageTableResponseBody, PageTableEntryJson, RegimeName,
} from './protocol';

const hx = (n: number): string => '0x' + n.toString(16);
const VTTBR_EL2 = sysRegIndex('VTTBR_EL2'), VTCR_EL2 = sysRegIndex('VTCR_EL2');
const FAULT_TYPES = ['none', 'translation', 'address size', 'access flag', 'permission', 'external abort on walk', 'alignment'];

function parseHex64(t: string | undefined, what: string): [number, number] | string {
  if (typeof t !== 'string' || !/^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/i.test(t.trim())) return `${what} must be a number ('0x…' or decimal)`;
  const v = BigInt.asUintN(64, BigInt(t.trim()));
  return [Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0];
}

export function walkJson(t: WalkTrace): WalkJson {
  const p = t.perms;
  return {
    stage: t.stage, regime: REGIME_NAMES[t.regime], input: '0x' + hex16(t.inLo, t.inHi), granule: t.granule, startLevel: t.startLevel,
    steps: t.steps.map((s) => ({
      stage: s.stage, level: s.level, tableAddress: hx(s.tableAddress), index: s.index, descriptorAddress: hx(s.descriptorAddress),
      descriptorPa: s.descriptorPa < 0 ? null : hx(s.descriptorPa), descriptor: '0x' + hex16(s.descLo, s.descHi), kind: s.kind,
      ...(s.s2 !== undefined ? { s2: walkJson(s.s2) } : {}),
    })),
    ...(t.fault === undefined ? { output: hx(t.out) } : {}),
    level: t.level, blockSize: hx(t.blockSize),
    ...(p !== undefined ? { permissions: `${p.pr ? 'R' : '-'}${p.pw ? 'W' : '-'}${p.px ? 'X' : '-'}/${p.ur ? 'r' : '-'}${p.uw ? 'w' : '-'}${p.ux ? 'x' : '-'}` } : {}),
    ...(t.attrs !== undefined ? { attributes: { attr: hx(t.attrs.attr), sh: t.attrs.sh } } : {}),
    ...(t.fault !== undefined ? { fault: { type: FAULT_TYPES[t.fault.type], level: t.fault.level, stage: t.fault.stage, s1ptw: t.fault.s1ptw, fsc: hx(encodeFsc(t.fault)), ...(t.fault.stage === 2 ? { ipa: hx(t.fault.ipa) } : {}), text: describeFault(t.fault) } } : {}),
    ...(t.s2final !== undefined ? { finalStage2: walkJson(t.s2final) } : {}),
  };
}

/** The PE whose registers the user means: the PE itself, or in nested mode the guest's view of it. */
function guestPe(m: Machine, cpu: number): Pe {
  return m.host !== undefined ? m.host.viewOf(m.cores[cpu]) : m.pes[cpu];
}

/** Run `fn` with register overrides applied, restoring every register afterwards. */
function withOverrides<T>(pe: Pe, overrides: Record<string, string> | undefined, fn: () => T): T | string {
  const saved: [number, number, number][] = [];
  try {
    for (const [name, value] of Object.entries(overrides ?? {})) {
      const def = sysRegByName(name);
      if (def === undefined) return `unknown register '${name}' in overrides`;
      const v = parseHex64(value, name);
      if (typeof v === 'string') return v;
      const i = sysRegIndex(def.name);
      saved.push([i, pe.sys.lo(i), pe.sys.hi(i)]);
      pe.sys.set(i, v[0], v[1]);
    }
    return fn();
  } finally {
    for (const [i, lo, hi] of saved.reverse()) pe.sys.set(i, lo, hi);
  }
}

export function translateRequest(m: Machine, a: TranslateArguments): TranslateResponseBody | string {
  const cpu = a?.cpu ?? 0;
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= m.pes.length) return `no such cpu ${a?.cpu}`;
  const va = parseHex64(a?.va, 'va');
  if (typeof va === 'string') return va;
  const pe = guestPe(m, cpu);
  let regime: Regime = currentRegime(pe);
  if (a.regime !== undefined) {
    const r = (REGIME_NAMES as readonly string[]).indexOf(a.regime);
    if (r < 0) return `regime must be one of ${REGIME_NAMES.join(', ')}`;
    regime = r as Regime;
  }
  const kind = a.access === 'write' ? AccessKind.WRITE : a.access === 'fetch' ? AccessKind.FETCH : AccessKind.READ;
  const r = withOverrides(pe, a.overrides, () => {
    const t = AArch64_FullTranslate(pe, m.host?.l1mem ?? m.mem, regime, va[0], va[1], { kind, unpriv: a.unprivileged === true, pan: a.pan === true }, true);
    const par = new Int32Array(2);
    if (t.fault !== undefined) parFault(t.fault, par); else parSuccess(t, par);
    const body: TranslateResponseBody = {
      regime: REGIME_NAMES[regime] as RegimeName,
      stage1: t.s1 !== undefined ? walkJson(t.s1) : null,
      stage2: t.s1 === undefined && t.s2 !== undefined ? walkJson(t.s2) : null,
      pa: t.fault === undefined ? hx(t.pa) : null,
      fault: t.fault !== undefined ? describeFault(t.fault) : null,
      par: '0x' + hex16(par[0], par[1]), parText: describePar(par[0], par[1]),
    };
    return body;
  });
  return r;
}

export function pageTableRequest(m: Machine, a: PageTableArguments): PageTableResponseBody | string {
  const cpu = a?.cpu ?? 0;
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= m.pes.length) return `no such cpu ${a?.cpu}`;
  const pe = guestPe(m, cpu);
  let base: number, level: number, granuleBits: number, ee: boolean, inputBits: number;
  if (a?.regime === 'shadow') {
    // A shadow stage-2 MMU of the host model: 4K granule, 48-bit IPA, start level 0 (HOST_VTCR).
    const host = m.host;
    if (host === undefined) return "shadow stage-2 tables exist in nested mode: launch with \"nested\": true";
    const mm = host.mmus[a.mmu ?? -1];
    if (mm === undefined) return `'mmu' must be a shadow MMU index 0..${host.mmus.length - 1}`;
    if (mm.root === 0) return { table: '0x0', level: 0, granule: 4096, entriesTotal: 0, entries: [], note: `shadow MMU ${mm.index} has no tables (never used)` };
    base = mm.root; level = 0; granuleBits = 12; ee = false; inputBits = 48;
  } else if (a?.regime === 's2') {
    const p = s2Setup(pe);
    if ('fault' in p) return { table: '0x0', level: 0, granule: 4096, entriesTotal: 0, entries: [], note: 'stage 2 is configured inconsistently (VTCR_EL2)' };
    base = p.base; level = p.startLevel; granuleBits = p.granuleBits; ee = p.ee; inputBits = p.inputSize;
  } else {
    const r = (REGIME_NAMES as readonly string[]).indexOf(String(a?.regime));
    if (r < 0) return `regime must be one of ${REGIME_NAMES.join(', ')}, s2 or shadow`;
    const hi = a.ttbr === 1 ? -1 : 0;
    const p = s1Setup(pe, r as Regime, 0, hi, false);
    if ('fault' in p) return { table: '0x0', level: 0, granule: 4096, entriesTotal: 0, entries: [], note: 'the regime has no usable tables (TxSZ out of range, or EPD set)' };
    base = p.base; level = p.startLevel; granuleBits = p.granuleBits; ee = p.ee; inputBits = p.inputSize;
  }
  const stride = granuleBits - 3;
  // The start table resolves the remaining input bits: up to 16 concatenated tables at stage 2.
  let entriesTotal = 2 ** Math.max(1, inputBits - (granuleBits + (3 - level) * stride));
  if (a.table !== undefined) {
    const t = parseHex64(a.table, 'table');
    if (typeof t === 'string') return t;
    base = (t[1] >>> 0) * 4294967296 + (t[0] >>> 0);
    if (typeof a.level !== 'number' || !Number.isInteger(a.level) || a.level < -1 || a.level > 3) return "'level' (-1..3) is required with 'table'";
    level = a.level;
    entriesTotal = 1 << stride;
  }
  const start = Math.max(0, Math.trunc(a.start ?? 0)), count = Math.max(0, Math.min(Math.trunc(a.count ?? 512), 4096));
  const shift = granuleBits + (3 - level) * stride;
  const entries: PageTableEntryJson[] = [];
  for (let i = start; i < Math.min(entriesTotal, start + count); i++) {
    const pa = base + 8 * i;
    // The guest's tables are at its physical addresses (host IPAs); shadow tables are host PAs.
    const b = m.mem.readBytes(m.host !== undefined && a.regime !== 'shadow' ? m.host.l1PaToHost(pa) : pa, 8);
    if (b === undefined) return `table entry ${i} at ${hx(pa)} is outside RAM`;
    const dv = new DataView(b.buffer);
    const lo = ee ? dv.getInt32(4, false) : dv.getInt32(0, true), hi = ee ? dv.getInt32(0, false) : dv.getInt32(4, true);
    const valid = (lo & 1) === 1, isTable = valid && (lo & 2) !== 0 && level < 3;
    const kind = !valid ? 'invalid' : isTable ? 'table' : level === 3 ? ((lo & 2) !== 0 ? 'page' : 'reserved') : 'block';
    // Output / next-table address: descriptor bits [47:n] (the 52-bit forms are shown by nvdbg/translate).
    const raw = (hi & 0xffff) * 4294967296 + (lo >>> 0);
    const address = valid && kind !== 'reserved' ? raw - (raw % 2 ** (isTable ? granuleBits : shift)) : undefined;
    entries.push({
      index: i, descriptorPa: hx(pa), descriptor: '0x' + hex16(lo, hi), kind,
      ...(address !== undefined ? { address: hx(address) } : {}),
      inputOffset: hx(i * 2 ** shift), size: hx(2 ** shift),
    });
  }
  return { table: hx(base), level, granule: 1 << granuleBits, entriesTotal, entries };
}

/**
 * `ipa:<vmid>:0x…` -> PA: through the stage 2 whose VMID that is. In nested mode that is
 * the guest hypervisor's stage 2 (its current VTTBR_EL2), else a shadow MMU of that guest
 * VMID that maps the page; in bare mode the PE's VTTBR_EL2. Inspection walks only.
 */
export function resolveIpa(m: Machine, cpu: number, vmid: number, ipa: number): number | string {
  const core = m.cores[cpu];
  const pe = m.host !== undefined ? m.host.viewOf(core) : m.pes[cpu];
  const cur = (pe.sys.hi(VTTBR_EL2) >>> 16) & (((pe.sys.lo(VTCR_EL2) >>> 19) & 1) === 1 ? 0xffff : 0xff);
  if (cur === vmid) {
    const p = s2Setup(pe);
    if ('fault' in p) return `the stage-2 configuration of VMID ${vmid} is invalid (VTCR_EL2)`;
    const t = AArch64_S2Walk({ mem: m.host?.l1mem ?? m.mem, inspect: true, write: false, record: false }, p, ipa, false, Regime.EL10);
    if (t.fault !== undefined) return `ipa:${vmid}:0x${ipa.toString(16)} is not mapped: ${describeFault(t.fault)}`;
    return m.host !== undefined ? m.host.l1PaToHost(t.out) : t.out;
  }
  if (m.host !== undefined) {
    for (const s of m.host.mmus) {
      if (!s.valid || s.guestVmid() !== vmid) continue;
      const pa = s.pages.get(Math.floor(ipa / 4096));
      if (pa !== undefined) return pa * 4096 + (ipa % 4096);
    }
    return `VMID ${vmid} is neither the guest hypervisor's current stage 2 (VMID ${cur}) nor mapped by a shadow MMU at 0x${ipa.toString(16)}`;
  }
  return `VMID ${vmid} is not the current stage 2 (VTTBR_EL2 holds VMID ${cur})`;
}
