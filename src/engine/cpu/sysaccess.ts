// MRS/MSR/SYS/SYSL and MSR (immediate): access checks in the order of the
// Arm ARM pseudocode (AArch64.CheckSystemAccess: UNDEFINED, then traps to EL2,
// then the access), FEAT_VHE register redirection, PSTATE fields, and the
// system instruction space (AT/TLBI/DC/IC) routed to handlers.
import type { Core } from '../isa/execute';
import { Op } from '../isa/ops';
import { EC } from './exceptions';
import { Pe, R, HCR } from './pe';
import { SYSREG_DEFS } from './sysregs/registry';
import { SYSREG_INDEX_BY_KEY } from './sysregs/file';
import { sysRegKey, SysRegDef, TrapControl } from './sysregs/types';
import { Acc } from './faults';
import { timerOf, timerRead, timerWrite, TimerRegs } from './timer';

/** EL1 register index -> EL2 register index it addresses at EL2 with HCR_EL2.E2H == 1. */
const E2H_REDIRECT = new Int16Array(SYSREG_DEFS.length).fill(-1);
/** *_EL12/_EL02 index -> EL1/EL0 register index. */
const EL12_TARGET = new Int16Array(SYSREG_DEFS.length).fill(-1);
const indexByName = new Map<string, number>();
SYSREG_DEFS.forEach((d, i) => indexByName.set(d.name.toUpperCase(), i));
SYSREG_DEFS.forEach((d, i) => {
  if (d.e2hAliasOf !== undefined) { const j = indexByName.get(d.e2hAliasOf.toUpperCase()); if (j !== undefined) E2H_REDIRECT[j] = i; }
  if (d.el12Target !== undefined) { const j = indexByName.get(d.el12Target.toUpperCase()); if (j !== undefined) EL12_TARGET[i] = j; }
});

/** PE-owned registers, dispatched by name once at load. */
const enum Special {
  NONE, NZCV, DAIF, CURRENTEL, SPSEL, PAN, UAO, DIT, SSBS, TCO, SP_EL0, SP_EL1, SP_EL2,
  CNTPCT, CNTVCT, MIDR, MPIDR, ISR, TIMER,
}
const SPECIAL = new Uint8Array(SYSREG_DEFS.length);
const specialNames: Record<string, Special> = {
  NZCV: Special.NZCV, DAIF: Special.DAIF, CURRENTEL: Special.CURRENTEL, SPSEL: Special.SPSEL, PAN: Special.PAN,
  UAO: Special.UAO, DIT: Special.DIT, SSBS: Special.SSBS, TCO: Special.TCO, SP_EL0: Special.SP_EL0,
  SP_EL1: Special.SP_EL1, SP_EL2: Special.SP_EL2, CNTPCT_EL0: Special.CNTPCT, CNTVCT_EL0: Special.CNTVCT,
  MIDR_EL1: Special.MIDR, MPIDR_EL1: Special.MPIDR, ISR_EL1: Special.ISR,
};
// Timer CTL/TVAL registers (Special.TIMER): timer.ts computes their views.
SYSREG_DEFS.forEach((d, i) => { SPECIAL[i] = timerOf(i) !== undefined ? Special.TIMER : specialNames[d.name.toUpperCase()] ?? Special.NONE; });

/**
 * TLB flushes on register writes, as QEMU 7.2 does them (the architecture permits a
 * TLB to drop entries at any time; matching QEMU keeps differential tests exact):
 * 1 = every write (SCTLR_ELx, TCR_ELx), 2 = when the value changes (HCR_EL2, VTCR_EL2,
 * VTTBR_EL2), 3 = when the ASID field [63:48] changes (TTBRn_ELx).
 */
const FLUSH_ON_WRITE = new Uint8Array(SYSREG_DEFS.length);
SYSREG_DEFS.forEach((d, i) => {
  const n = d.name.toUpperCase();
  FLUSH_ON_WRITE[i] = /^(SCTLR|TCR)_EL[12]$/.test(n) ? 1 : /^(HCR|VTCR|VTTBR)_EL2$/.test(n) ? 2 : /^TTBR[01]_EL[12]$/.test(n) ? 3 : 0;
});

/** Registers whose writes change translation, fetch or PSTATE-derived state: the PE re-derives its caches. */
const AFFECTS_CONTEXT = new Uint8Array(SYSREG_DEFS.length);
SYSREG_DEFS.forEach((d, i) => {
  AFFECTS_CONTEXT[i] = /^(SCTLR|TCR|TTBR|HCR|VTCR|VTTBR|MAIR|PAN|UAO|SPSEL|CPTR|CPACR|MDCR|DAIF|ID_)/i.test(d.name) ? 1 : 0;
});

const CNTVOFF = indexByName.get('CNTVOFF_EL2') ?? -1;

/** Deterministic time base: the counter advances one tick per retired instruction. */
export function counterValue(pe: Pe): number { return pe.insns; }

const TRAP_BITS: Partial<Record<TrapControl, number>> = {
  TVM: HCR.TVM, TRVM: HCR.TRVM, TID1: HCR.TID1, TID2: HCR.TID2, TID3: HCR.TID3, TIDCP: HCR.TIDCP, TACR: HCR.TACR, TSW: HCR.TSW,
  TPC: HCR.TPCP, TPU: HCR.TPU, TTLB: HCR.TTLB, TTLBIS: HCR.TTLBIS, TTLBOS: HCR.TTLBOS, AT: HCR.AT, TLOR: HCR.TLOR, NV: HCR.NV, TDZ: HCR.TDZ,
};

function trapped(pe: Pe, list: readonly TrapControl[] | undefined): boolean {
  if (list === undefined) return false;
  for (const t of list) { const b = TRAP_BITS[t]; if (b !== undefined && pe.hcr(b) === 1) return true; }
  return false;
}

/** ISS of an EC 0x18 trap (D23.2.41, "ISS encoding for an exception from MSR, MRS, or System instruction"). */
export function sysIss(w: number): number {
  const op0 = (w >>> 19) & 3, op1 = (w >>> 16) & 7, crn = (w >>> 12) & 15, crm = (w >>> 8) & 15, op2 = (w >>> 5) & 7;
  const rt = w & 31, read = (w >>> 21) & 1;
  return (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | read;
}

/** Returns true to continue, false after an exception was taken, 'stop' on an engine limitation. */
export function systemInstruction(core: Core, w: number, op: Op): boolean | 'stop' {
  if (op === Op.SYS || op === Op.SYSL) return sysOp(core, w, op === Op.SYSL);
  const pe = core.pe;
  const read = op === Op.MRS;
  const key = (w >>> 5) & 0xffff; // op0:op1:CRn:CRm:op2, the layout of sysRegKey
  let idx = SYSREG_INDEX_BY_KEY[key];
  if (idx < 0) { core.undefined(); return false; }
  let def: SysRegDef = SYSREG_DEFS[idx];
  const el = pe.el;
  const e2h = pe.hcr(HCR.E2H) === 1;
  // *_EL12/_EL02 exist only at EL2 with E2H == 1 (FEAT_VHE); from EL1 they trap under NV.
  if (EL12_TARGET[idx] >= 0) {
    if (el === 2 && e2h) { idx = EL12_TARGET[idx]; def = SYSREG_DEFS[idx]; }
    else if (el === 1 && pe.hcr(HCR.NV) === 1) { core.exception(2, EC.SYS64, sysIss(w)); return false; }
    else { core.undefined(); return false; }
  } else if (el < def.minEl) {
    if (el === 1 && def.minEl === 2 && pe.hcr(HCR.NV) === 1) { core.exception(2, EC.SYS64, sysIss(w)); return false; }
    core.undefined();
    return false;
  } else if (el === 2 && e2h && E2H_REDIRECT[idx] >= 0) {
    idx = E2H_REDIRECT[idx]; def = SYSREG_DEFS[idx];
  }
  if ((read && def.access === 'WO') || (!read && def.access === 'RO')) { core.undefined(); return false; }
  // SP_EL0 is not accessible by name while it is the current stack pointer (SPSel == 0).
  if (SPECIAL[idx] === Special.SP_EL0 && pe.spsel === 0) { core.undefined(); return false; }
  // Traps of EL1 (and EL0) accesses to EL2 (HCR_EL2 controls), D1.11.
  if (el < 2 && !(el === 0 && pe.hcr(HCR.TGE) === 1)) {
    if (trapped(pe, def.traps) || trapped(pe, read ? def.trapsRead : def.trapsWrite)) {
      core.exception(2, EC.SYS64, sysIss(w));
      return false;
    }
  }
  const rt = w & 31;
  const x = core.x;
  if (read) {
    const v = readReg(core, idx);
    if (rt !== 31) { x[rt << 1] = v; x[(rt << 1) | 1] = hiOut; }
  } else {
    const oldLo = pe.sys.lo(idx), oldHi = pe.sys.hi(idx);
    writeReg(core, idx, x[rt << 1], x[(rt << 1) | 1]);
    const fk = FLUSH_ON_WRITE[idx];
    if (fk !== 0 && core.translator !== undefined) {
      const nLo = pe.sys.lo(idx), nHi = pe.sys.hi(idx);
      if (fk === 1 || (fk === 2 && (nLo !== oldLo || nHi !== oldHi)) || (fk === 3 && (nHi >>> 16) !== (oldHi >>> 16))) core.translator.flush(core);
    }
    if (AFFECTS_CONTEXT[idx] === 1) core.contextChanged();
    if (core.sysregWatch !== undefined) core.sysregWritten(idx);
  }
  return true;
}

let hiOut = 0;

/** Register `idx` as MRS at the current EL would read it, without side effects (debugger view). */
export function peekSysReg(core: Core, idx: number): [number, number] {
  const lo = readReg(core, idx);
  return [lo, hiOut];
}

/** Read register `idx` as the PE sees it; returns lo, sets hiOut. */
function readReg(core: Core, idx: number): number {
  const pe = core.pe;
  const s = pe.sys;
  switch (SPECIAL[idx] as Special) {
    case Special.NONE: hiOut = s.hi(idx); return s.lo(idx);
    case Special.NZCV: hiOut = 0; return pe.nzcv();
    case Special.DAIF: hiOut = 0; return pe.daif;
    // FEAT_NV: EL1 reads CurrentEL as EL2 while HCR_EL2.NV is set (the guest hypervisor believes it runs at EL2).
    case Special.CURRENTEL: hiOut = 0; return (pe.el === 1 && pe.hcr(HCR.NV) === 1 ? 2 : pe.el) << 2;
    case Special.SPSEL: hiOut = 0; return pe.spsel;
    case Special.PAN: hiOut = 0; return pe.pan << 22;
    case Special.UAO: hiOut = 0; return pe.uao << 23;
    case Special.DIT: hiOut = 0; return pe.dit << 24;
    case Special.SSBS: hiOut = 0; return pe.ssbs << 12;
    case Special.TCO: hiOut = 0; return pe.tco << 25;
    case Special.SP_EL0: case Special.SP_EL1: case Special.SP_EL2: {
      const n = SPECIAL[idx] - Special.SP_EL0;
      pe.readSpEl(n, tmp);
      hiOut = tmp[1]; return tmp[0];
    }
    case Special.CNTPCT: { const c = counterValue(pe); hiOut = Math.floor(c / 4294967296) | 0; return c | 0; }
    case Special.CNTVCT: {
      // CNTVCT = CNTPCT - CNTVOFF_EL2 (CNTVOFF applies from EL0/EL1, and at EL2 unless E2H && TGE... D11.2.4).
      const c = counterValue(pe);
      const useOff = !(pe.el === 2 && pe.hcr(HCR.E2H) === 1 && pe.hcr(HCR.TGE) === 1) && CNTVOFF >= 0;
      const oLo = useOff ? s.lo(CNTVOFF) : 0, oHi = useOff ? s.hi(CNTVOFF) : 0;
      const lo = (c % 4294967296) - (oLo >>> 0);
      hiOut = (Math.floor(c / 4294967296) - oHi - (lo < 0 ? 1 : 0)) | 0;
      return lo | 0;
    }
    case Special.TIMER: { const [lo, hi] = timerRead(s, timerOf(idx) as TimerRegs, idx, counterValue(pe)); hiOut = hi; return lo; }
    case Special.MIDR: hiOut = 0; return pe.el === 1 ? s.lo(R.VPIDR_EL2) : s.lo(R.MIDR_EL1);
    case Special.MPIDR: {
      // EL1 reads VMPIDR_EL2 (D23.2.x MPIDR_EL1); the physical value is per PE: Aff0 = index, bit 31 RES1.
      if (pe.el === 1) { hiOut = s.hi(R.VMPIDR_EL2); return s.lo(R.VMPIDR_EL2); }
      hiOut = 0; return (0x80000000 | pe.index) | 0;
    }
    case Special.ISR: hiOut = 0; return 0; // no interrupt sources pending
    default: hiOut = s.hi(idx); return s.lo(idx);
  }
}
const tmp = new Int32Array(2);

/** Write register `idx` as MSR would (masks, PE-owned state), then drop cached translations (debugger edits). */
export function pokeSysReg(core: Core, idx: number, lo: number, hi: number): void {
  writeReg(core, idx, lo, hi);
  core.translator?.flush(core);
  core.contextChanged();
}

function writeReg(core: Core, idx: number, lo: number, hi: number): void {
  const pe = core.pe;
  switch (SPECIAL[idx] as Special) {
    case Special.NONE: pe.sys.write(idx, lo, hi); return;
    case Special.NZCV: pe.setNzcv(lo); return;
    case Special.DAIF: pe.daif = lo & 0x3c0; return;
    case Special.SPSEL: pe.setElSp(pe.el, lo & 1); return;
    case Special.PAN: pe.pan = (lo >>> 22) & 1; return;
    case Special.UAO: pe.uao = (lo >>> 23) & 1; return;
    case Special.DIT: pe.dit = (lo >>> 24) & 1; return;
    case Special.SSBS: pe.ssbs = (lo >>> 12) & 1; return;
    case Special.TCO: pe.tco = (lo >>> 25) & 1; return;
    case Special.SP_EL0: case Special.SP_EL1: case Special.SP_EL2: pe.writeSpEl(SPECIAL[idx] - Special.SP_EL0, lo, hi); return;
    case Special.TIMER: timerWrite(pe.sys, timerOf(idx) as TimerRegs, idx, lo, counterValue(pe)); return;
    default: pe.sys.write(idx, lo, hi);
  }
}

/** MSR (immediate) to PSTATE fields (C6.2.230). Returns false after an exception. */
export function msrImmediate(core: Core, w: number): boolean {
  const pe = core.pe;
  const op1 = (w >>> 16) & 7, op2 = (w >>> 5) & 7, crm = (w >>> 8) & 15;
  const f = (op1 << 3) | op2;
  switch (f) {
    case 0o00: pe.c ^= 1; return true; // CFINV (FEAT_FlagM)
    case 0o01: { // XAFLAG (FEAT_FlagM2)
      const n = (~pe.c & ~pe.z) & 1, z = pe.z & pe.c, c = pe.c | pe.z, v = (~pe.c & pe.z) & 1;
      pe.n = n; pe.z = z; pe.c = c; pe.v = v; return true;
    }
    case 0o02: { // AXFLAG (FEAT_FlagM2)
      const z = pe.z | pe.v, c = pe.c & ~pe.v & 1;
      pe.n = 0; pe.z = z; pe.c = c; pe.v = 0; return true;
    }
    case 0o03: if (pe.el === 0) break; pe.uao = crm & 1; core.contextChanged(); return true;
    case 0o04: if (pe.el === 0) break; pe.pan = crm & 1; core.contextChanged(); return true;
    case 0o05: if (pe.el === 0) break; pe.setElSp(pe.el, crm & 1); return true;
    case 0o32: pe.dit = crm & 1; return true;
    case 0o31: pe.ssbs = crm & 1; return true;
    case 0o36: case 0o37: { // DAIFSet / DAIFClr
      if (pe.el === 0 && ((pe.sys.lo(R.SCTLR_EL1) >>> 9) & 1) === 0) {
        // SCTLR_EL1.UMA == 0: EL0 access traps to EL1 (or EL2 under TGE) with EC 0x18.
        core.exception(pe.hcr(HCR.TGE) === 1 ? 2 : 1, EC.SYS64, msrImmIss(w));
        return false;
      }
      if (f === 0o36) pe.daif |= (crm << 6); else pe.daif &= ~(crm << 6);
      return true;
    }
    default: break;
  }
  core.undefined();
  return false;
}

function msrImmIss(w: number): number {
  const op1 = (w >>> 16) & 7, crm = (w >>> 8) & 15, op2 = (w >>> 5) & 7;
  return (0 << 20) | (op2 << 17) | (op1 << 14) | (4 << 10) | (31 << 5) | (crm << 1);
}

/**
 * SYS/SYSL: the AT, TLBI, DC and IC operation space (op0 = 1). Cache
 * maintenance has no architectural effect on a model without caches beyond its
 * traps and faults; AT and TLBI are routed to the translation module.
 */
function sysOp(core: Core, w: number, isSysl: boolean): boolean | 'stop' {
  const pe = core.pe;
  if (isSysl) { core.undefined(); return false; } // no SYSL operations are allocated in the base architecture
  const op1 = (w >>> 16) & 7, crn = (w >>> 12) & 15, crm = (w >>> 8) & 15, op2 = (w >>> 5) & 7;
  const rt = w & 31;
  const el = pe.el;
  const trapEl2 = (bit: number): boolean => el < 2 && !(el === 0 && pe.hcr(HCR.TGE) === 1) && pe.hcr(bit) === 1;
  const key = sysRegKey(1, op1, crn, crm, op2);
  const name = SYS_OPS.get(key);
  if (name === undefined) { core.undefined(); return false; }
  const minEl = op1 === 0 ? 1 : op1 === 3 ? 0 : op1 === 4 ? 2 : 3;
  if (el < minEl) {
    if (el === 1 && minEl === 2 && pe.hcr(HCR.NV) === 1) { core.exception(2, EC.SYS64, sysIss(w)); return false; }
    core.undefined();
    return false;
  }
  const kind = name.slice(0, name.indexOf(' '));
  if (kind === 'DC') {
    const isZva = name === 'DC ZVA';
    if (el === 0) {
      const sctlr = pe.sys.lo(R.SCTLR_EL1);
      // EL0 cache maintenance: ZVA needs SCTLR_EL1.DZE, clean/invalidate by VA needs UCI (D7.4.7).
      if (isZva ? ((sctlr >>> 14) & 1) === 0 : ((sctlr >>> 26) & 1) === 0) {
        if (pe.hcr(HCR.TGE) === 1) core.exception(2, EC.SYS64, sysIss(w)); else core.exception(1, EC.SYS64, sysIss(w));
        return false;
      }
    }
    if (isZva) {
      if (trapEl2(HCR.TDZ)) { core.exception(2, EC.SYS64, sysIss(w)); return false; }
      return dcZva(core, rt);
    }
    if (/SW$/.test(name) ? trapEl2(HCR.TSW) : /CVAU$/.test(name) ? trapEl2(HCR.TPU) : trapEl2(HCR.TPCP)) { core.exception(2, EC.SYS64, sysIss(w)); return false; }
    return true;
  }
  if (kind === 'IC') {
    if (trapEl2(HCR.TPU)) { core.exception(2, EC.SYS64, sysIss(w)); return false; }
    return true; // decoded-instruction caches already follow every store
  }
  if (kind === 'TLBI') {
    const bit = /OS/.test(name) ? HCR.TTLBOS : /IS/.test(name) ? HCR.TTLBIS : HCR.TTLB;
    if (op1 === 0 && (trapEl2(HCR.TTLB) || trapEl2(bit))) { core.exception(2, EC.SYS64, sysIss(w)); return false; }
    return core.sysHooks.tlbi(core, name, x2(core, rt));
  }
  // AT
  if (op1 === 0 && trapEl2(HCR.AT)) { core.exception(2, EC.SYS64, sysIss(w)); return false; }
  return core.sysHooks.at(core, name, x2(core, rt), w);
}

function x2(core: Core, rt: number): [number, number] { return [core.x[rt << 1], core.x[(rt << 1) | 1]]; }

/** DC ZVA: zero the DCZID_EL0-sized block (64 bytes on QEMU -cpu max) containing the address. */
function dcZva(core: Core, rt: number): boolean {
  core.syndromeInsn = 0;
  const lo = core.x[rt << 1] & ~63, hi = core.x[(rt << 1) | 1];
  // Check the whole block once (alignment, translation), then zero it.
  const pa = core.dataPa(lo, hi, 8, Acc.WRITE);
  if (pa < 0) return false;
  for (let i = 0; i < 64; i += 8) if (!core.storePa(pa + i, lo + i, hi, 8, 0, 0, Acc.WRITE)) return false;
  return true;
}

/** Names of the allocated op0=1 operations, by key (C5.4 "A64 system instructions"). */
const SYS_OPS = new Map<number, string>();
/** Every SYS operation name the PE implements ('AT S1E1R', 'TLBI VAE1IS', 'DC ZVA', ...). */
export function sysOpNames(): string[] { return [...new Set(SYS_OPS.values())]; }

/** Name of a SYS operation ('AT S1E1R', 'TLBI VAE1IS', ...) by its op1/CRn/CRm/op2, or undefined. */
export function sysOpName(op1: number, crn: number, crm: number, op2: number): string | undefined { return SYS_OPS.get(sysRegKey(1, op1, crn, crm, op2)); }
function defOp(name: string, op1: number, crn: number, crm: number, op2: number): void { SYS_OPS.set(sysRegKey(1, op1, crn, crm, op2), name); }
// IC (C5.4.2)
defOp('IC IALLUIS', 0, 7, 1, 0); defOp('IC IALLU', 0, 7, 5, 0); defOp('IC IVAU', 3, 7, 5, 1);
// DC (C5.4.3)
defOp('DC IVAC', 0, 7, 6, 1); defOp('DC ISW', 0, 7, 6, 2); defOp('DC CSW', 0, 7, 10, 2); defOp('DC CISW', 0, 7, 14, 2);
defOp('DC ZVA', 3, 7, 4, 1); defOp('DC CVAC', 3, 7, 10, 1); defOp('DC CVAU', 3, 7, 11, 1); defOp('DC CIVAC', 3, 7, 14, 1);
defOp('DC CVAP', 3, 7, 12, 1); defOp('DC CVADP', 3, 7, 13, 1);
// AT (C5.4.4)
defOp('AT S1E1R', 0, 7, 8, 0); defOp('AT S1E1W', 0, 7, 8, 1); defOp('AT S1E0R', 0, 7, 8, 2); defOp('AT S1E0W', 0, 7, 8, 3);
defOp('AT S1E1RP', 0, 7, 9, 0); defOp('AT S1E1WP', 0, 7, 9, 1);
defOp('AT S1E2R', 4, 7, 8, 0); defOp('AT S1E2W', 4, 7, 8, 1);
defOp('AT S12E1R', 4, 7, 8, 4); defOp('AT S12E1W', 4, 7, 8, 5); defOp('AT S12E0R', 4, 7, 8, 6); defOp('AT S12E0W', 4, 7, 8, 7);
defOp('AT S1E3R', 6, 7, 8, 0); defOp('AT S1E3W', 6, 7, 8, 1);
// TLBI (C5.4.5): EL1 operations (op1=0), EL2 operations (op1=4); IS = CRm 3, OS = CRm 1, plain = CRm 7;
// range forms (FEAT_TLBIRANGE) in CRm 2/5/6 (EL1) and CRn=8 CRm 0/4 for IPAS2 ranges.
for (const [sfx, crm] of [['IS', 3], ['OS', 1], ['', 7]] as const) {
  defOp(`TLBI VMALLE1${sfx}`, 0, 8, crm, 0); defOp(`TLBI VAE1${sfx}`, 0, 8, crm, 1); defOp(`TLBI ASIDE1${sfx}`, 0, 8, crm, 2);
  defOp(`TLBI VAAE1${sfx}`, 0, 8, crm, 3); defOp(`TLBI VALE1${sfx}`, 0, 8, crm, 5); defOp(`TLBI VAALE1${sfx}`, 0, 8, crm, 7);
  defOp(`TLBI ALLE2${sfx}`, 4, 8, crm, 0); defOp(`TLBI VAE2${sfx}`, 4, 8, crm, 1); defOp(`TLBI ALLE1${sfx}`, 4, 8, crm, 4);
  defOp(`TLBI VALE2${sfx}`, 4, 8, crm, 5); defOp(`TLBI VMALLS12E1${sfx}`, 4, 8, crm, 6);
}
defOp('TLBI IPAS2E1IS', 4, 8, 0, 1); defOp('TLBI IPAS2LE1IS', 4, 8, 0, 5); defOp('TLBI IPAS2E1', 4, 8, 4, 1); defOp('TLBI IPAS2LE1', 4, 8, 4, 5);
defOp('TLBI IPAS2E1OS', 4, 8, 4, 0); defOp('TLBI IPAS2LE1OS', 4, 8, 4, 4);
defOp('TLBI RIPAS2E1IS', 4, 8, 0, 2); defOp('TLBI RIPAS2LE1IS', 4, 8, 0, 6); defOp('TLBI RIPAS2E1', 4, 8, 4, 2); defOp('TLBI RIPAS2LE1', 4, 8, 4, 6);
defOp('TLBI RIPAS2E1OS', 4, 8, 4, 3); defOp('TLBI RIPAS2LE1OS', 4, 8, 4, 7);
for (const [sfx, crm] of [['IS', 2], ['OS', 5], ['', 6]] as const) {
  defOp(`TLBI RVAE1${sfx}`, 0, 8, crm, 1); defOp(`TLBI RVAAE1${sfx}`, 0, 8, crm, 3); defOp(`TLBI RVALE1${sfx}`, 0, 8, crm, 5); defOp(`TLBI RVAALE1${sfx}`, 0, 8, crm, 7);
  defOp(`TLBI RVAE2${sfx}`, 4, 8, crm, 1); defOp(`TLBI RVALE2${sfx}`, 4, 8, crm, 5);
}
// nXS variants (FEAT_XS): CRn = 9 with the same CRm/op2.
for (const [k, v] of [...SYS_OPS]) {
  const crn = (k >>> 7) & 15;
  if (crn === 8 && v.startsWith('TLBI')) SYS_OPS.set((k & ~(15 << 7)) | (9 << 7), `${v}NXS`);
}

/** The names of all allocated system operations (for the assembler and docs). */
export function systemOperationNames(): Map<number, string> { return SYS_OPS; }
