// Exception entry and return (Arm ARM D1.3 "Exceptions"; pseudocode
// AArch64.TakeException, AArch64.ExceptionReturn). A guest fault is a value:
// the PE state changes and the interpreter continues at the vector.
import { Pe, R, HCR } from './pe';

/** Exception classes (ESR_ELx.EC, D23.2.41). */
export const enum EC {
  UNKNOWN = 0x00, WFX = 0x01, ILLEGAL_STATE = 0x0e, SVC64 = 0x15, HVC64 = 0x16, SMC64 = 0x17, SYS64 = 0x18,
  ERET = 0x1a, IABT_LOW = 0x20, IABT_CUR = 0x21, PC_ALIGN = 0x22, DABT_LOW = 0x24, DABT_CUR = 0x25,
  SP_ALIGN = 0x26, BRK64 = 0x3c,
}

/** What the debugger and traces learn about each exception taken. */
export interface ExceptionRecord {
  readonly cpu: number;
  readonly fromEl: number;
  readonly toEl: number;
  readonly ec: number;
  readonly esr: number;
  readonly elrLo: number; readonly elrHi: number;
  readonly farLo: number; readonly farHi: number; readonly farValid: boolean;
  readonly vectorLo: number; readonly vectorHi: number;
}

export type ExceptionListener = (r: ExceptionRecord) => void;

/**
 * Target EL for a synchronous exception raised at the current EL that the
 * architecture routes "to EL1 unless EL2 takes it" (AArch64.TakeException with
 * HCR_EL2.TGE routing from EL0, D1.3.3).
 */
export function defaultTargetEl(pe: Pe): number {
  if (pe.el === 2) return 2;
  if (pe.el === 0 && pe.hcr(HCR.TGE) === 1) return 2;
  return 1;
}

/**
 * AArch64.TakeException for a synchronous exception. `retLo/retHi` is the
 * preferred return address; FAR is written when `farValid`.
 */
export function takeSync(pe: Pe, targetEl: number, ec: number, iss: number, retLo: number, retHi: number,
  farValid: boolean, farLo: number, farHi: number, listener?: ExceptionListener): void {
  const esr = ((ec << 26) | (1 << 25) | (iss & 0x1ffffff)) >>> 0;
  enter(pe, targetEl, 0, esr, retLo, retHi, farValid, farLo, farHi, listener);
  if (listener !== undefined) {
    listener({ cpu: pe.index, fromEl: lastFromEl, toEl: targetEl, ec, esr, elrLo: retLo, elrHi: retHi, farLo, farHi, farValid, vectorLo: pe.pcLo, vectorHi: pe.pcHi });
  }
}

let lastFromEl = 0;

function enter(pe: Pe, targetEl: number, vecOffset: number, esr: number, retLo: number, retHi: number,
  farValid: boolean, farLo: number, farHi: number, _l?: ExceptionListener): void {
  const fromEl = pe.el;
  lastFromEl = fromEl;
  const spsr = pe.packSpsr();
  // Vector offset (D1.3.4, Table D1-7): current EL with SP_EL0 0x000, SP_ELx 0x200, lower EL AArch64 0x400.
  let base = fromEl === targetEl ? (pe.spsel === 0 ? 0x000 : 0x200) : 0x400;
  base += vecOffset;
  const s = pe.sys;
  if (targetEl === 2) {
    s.set(R.ESR_EL2, esr | 0, 0);
    s.set(R.ELR_EL2, retLo, retHi);
    s.set(R.SPSR_EL2, spsr, 0);
    if (farValid) s.set(R.FAR_EL2, farLo, farHi);
  } else {
    s.set(R.ESR_EL1, esr | 0, 0);
    s.set(R.ELR_EL1, retLo, retHi);
    s.set(R.SPSR_EL1, spsr, 0);
    if (farValid) s.set(R.FAR_EL1, farLo, farHi);
  }
  // PSTATE on entry (D1.3.5): DAIF all set, SS/IL/BTYPE cleared, UAO cleared,
  // PAN set when SCTLR_ELx.SPAN == 0 for EL1 (and EL2 in the EL2&0 regime).
  const sctlr = targetEl === 2 ? R.SCTLR_EL2 : R.SCTLR_EL1;
  const sctlrLo = s.lo(sctlr);
  const e2hTge = pe.hcr(HCR.E2H) === 1 && pe.hcr(HCR.TGE) === 1;
  if (targetEl === 1 || e2hTge) {
    if (((sctlrLo >>> 23) & 1) === 0) pe.pan = 1;
  }
  pe.daif = 0x3c0;
  pe.ss = 0; pe.il = 0; pe.btype = 0; pe.uao = 0;
  pe.ssbs = (s.hi(sctlr) >>> (44 - 32)) & 1; // SCTLR_ELx.DSSBS
  pe.setElSp(targetEl, 1);
  pe.exclusiveValid = false; // an exception clears the local monitor (ClearExclusiveLocal)
  const vbar = targetEl === 2 ? R.VBAR_EL2 : R.VBAR_EL1;
  const vLo = (s.lo(vbar) & ~0x7ff) | 0, vHi = s.hi(vbar);
  const t = (vLo >>> 0) + base;
  pe.pcLo = t | 0;
  pe.pcHi = (vHi + (t > 0xffffffff ? 1 : 0)) | 0;
}

/**
 * AArch64.ExceptionReturn (ERET): restore PSTATE from SPSR_ELx and branch to
 * ELR_ELx. An illegal return (D1.3.6 "Illegal return events") keeps the EL,
 * sets PSTATE.IL, and the next instruction takes an Illegal State exception.
 * Returns a message when the target state is AArch32, which nvdbg does not model.
 */
export function exceptionReturn(pe: Pe): string | undefined {
  const s = pe.sys;
  const el = pe.el;
  const spsr = s.lo(el === 2 ? R.SPSR_EL2 : R.SPSR_EL1);
  const elrLo = s.lo(el === 2 ? R.ELR_EL2 : R.ELR_EL1);
  let elrHi = s.hi(el === 2 ? R.ELR_EL2 : R.ELR_EL1);
  const m = spsr & 0x1f;
  const targetEl = (m >>> 2) & 3;
  let illegal = false;
  if ((m & 0x10) !== 0) {
    // AArch32 target. Legal only where AArch32 is implemented and selected.
    if (el === 2 && pe.hcr(HCR.RW) === 0 && targetEl <= 1) return 'ERET to AArch32 state: nvdbg models AArch64 only';
    illegal = true;
  } else if (targetEl > el || targetEl === 3 || (m & 2) !== 0) {
    illegal = true;
  } else if (targetEl === 1 && el === 2 && pe.hcr(HCR.TGE) === 1 && pe.hcr(HCR.E2H) === 0) {
    illegal = true; // EL1 is not in use when HCR_EL2.TGE == 1 (R_BTJPF)
  } else if (targetEl === 1 && pe.hcr(HCR.RW) === 0 && el === 2) {
    return 'ERET to EL1 with HCR_EL2.RW == 0 (AArch32 EL1): nvdbg models AArch64 only';
  }
  pe.exclusiveValid = false;
  if (illegal) {
    // Only NZCV and DAIF come from the SPSR; EL, SP and the rest stay, IL is set
    // (IllegalExceptionReturn; QEMU 7.2 helper_exception_return does the same).
    pe.setNzcv(spsr);
    pe.daif = spsr & 0x3c0;
    pe.il = 1;
  } else {
    pe.unpackSpsr(spsr, targetEl, m & 1);
    // AArch64.BranchAddr: with top-byte ignore for the new regime, bits [63:56]
    // are replaced by a sign extension of bit 55 (two VA ranges) or zeros.
    const tbi = tbiForPc(pe, (elrHi >>> 23) & 1);
    if (tbi === 2) elrHi = (elrHi << 8) >> 8;
    else if (tbi === 1) elrHi &= 0x00ffffff;
  }
  pe.pcLo = elrLo; pe.pcHi = elrHi;
  return undefined;
}

/**
 * Top-byte-ignore for an instruction address in the current regime:
 * 0 = none, 1 = clear the top byte (one VA range), 2 = sign-extend bit 55.
 * TCR_ELx.TBIn with TBIDn clear (TBID makes TBI data-only).
 */
export function tbiForPc(pe: Pe, bit55: number): number {
  const s = pe.sys;
  if (pe.el === 2 && pe.hcr(HCR.E2H) === 0) {
    const tcr = s.lo(R.TCR_EL2);
    return ((tcr >>> 20) & 1) === 1 && ((tcr >>> 29) & 1) === 0 ? 1 : 0;
  }
  const t = pe.el === 2 || (pe.el === 0 && pe.hcr(HCR.E2H) === 1 && pe.hcr(HCR.TGE) === 1) ? R.TCR_EL2 : R.TCR_EL1;
  const hi = s.hi(t);
  const tbi = (hi >>> (37 - 32 + bit55)) & 1;
  const tbid = (hi >>> (51 - 32 + bit55)) & 1;
  return tbi === 1 && tbid === 0 ? 2 : 0;
}
