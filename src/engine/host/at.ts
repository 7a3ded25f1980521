// AT emulation for a guest hypervisor at virtual EL2 (KVM arch/arm64/kvm/at.c).
// Every path runs AArch64.AT (mmu/mmu.ts performAt) on a PE that holds the context KVM
// would load: the fast path on the shadow stage 2 (__kvm_at_s1e01_fast, __kvm_at_s1e2),
// the slow path on L1's own registers (handle_at_slow), which is also the architectural
// answer the host's result is checked against.
import { Pe, R, HCR } from '../cpu/pe';
import { WalkMemory } from '../memory/bus';
import { performAt, AtResult } from '../mmu/mmu';
import { Regime, encodeFsc } from '../mmu/types';
import { s2Setup } from '../mmu/params';
import { AArch64_S2Walk } from '../mmu/walk';
import { sysRegIndex } from '../cpu/sysregs/file';
import { AtEmulation, AtPolicy } from './events';
import { Vcpu, EL1_EL2_PAIRS, tcrEl2ToEl1, sctlrEl2ToEl1, syncRegs } from './vcpu';
import { ShadowS2Mmu, HOST_VTCR } from './shadow-s2';

const VTTBR_EL2 = sysRegIndex('VTTBR_EL2'), VTCR_EL2 = sysRegIndex('VTCR_EL2'), TTBR1_EL1 = sysRegIndex('TTBR1_EL1');
/** EL2 registers a non-VHE S1E2 fast path copies unchanged into their EL1 counterparts. */
const NON_VHE_COPIED = ['TTBR0', 'MAIR', 'AMAIR'].map((n) => [sysRegIndex(`${n}_EL1`), sysRegIndex(`${n}_EL2`)] as const);

export interface AtEnv {
  /** L1's physical memory (through the host's stage 2): what walks of L1's own tables read. */
  readonly mem: WalkMemory;
  /** Host physical memory: the shadow stage-2 tables and what they map. */
  readonly hostMem: WalkMemory;
  readonly policy: AtPolicy;
  /** lookup_s2_mmu(): the shadow MMU of the vCPU's current virtual VTTBR/VTCR/VM, if one exists. */
  lookupS2Mmu(vcpu: Vcpu): ShadowS2Mmu | undefined;
}

function parF(lo: number): boolean { return (lo & 1) === 1; }
function fst(lo: number): number { return (lo >>> 1) & 0x3f; }
/** PAR_EL1.S (bit 9): the fault was at stage 2. */
function parS(lo: number): boolean { return ((lo >>> 9) & 1) === 1; }
const isPerm = (f: number): boolean => (f & 0x3c) === 0x0c;
const isAccess = (f: number): boolean => (f & 0x3c) === 0x08;

/** Copy `src` (registers and PSTATE that translation reads) into the scratch PE `dst`. */
function cloneInto(dst: Pe, src: Pe): Pe {
  syncRegs(dst.sys, src.sys.v);
  dst.el = src.el; dst.spsel = src.spsel; dst.pan = src.pan; dst.uao = src.uao;
  return dst;
}

const scratch = new Map<number, Pe>();
function scratchPe(i: number): Pe {
  let p = scratch.get(i);
  if (p === undefined) { p = new Pe(i); scratch.set(i, p); }
  return p;
}

/** The result as a PAR pair; an architectural SEA on the walk is reported by KVM's software walker as PAR.FST = SEA_TTW(level). */
function parOf(r: AtResult): [number, number] {
  if (r.abort !== undefined) return [(1 | ((0x14 + Math.max(0, r.abort.level)) << 1) | (1 << 11)) | 0, 0];
  return [r.parLo, r.parHi];
}

/**
 * __kvm_at_s1e01_fast: the PE's AT at EL2 with L1's EL1 context and the shadow stage 2
 * loaded (KVM's own VTCR; the guest VTCR_EL2 never reaches the hardware).
 */
function s1e01Fast(view: Pe, mmu: ShadowS2Mmu, mem: WalkMemory, op: string, vaLo: number, vaHi: number): AtResult | undefined {
  const p = cloneInto(scratchPe(view.index), view);
  const [tLo, tHi] = mmu.vttbr();
  p.sys.set(VTTBR_EL2, tLo, tHi);
  p.sys.set(VTCR_EL2, HOST_VTCR, 0);
  // The guest's HCR_EL2 (write_sysreg_hcr(vcpu->arch.hcr_el2)), with the host's stage 2 on.
  p.sys.set(R.HCR_EL2, (view.sys.lo(R.HCR_EL2) | (1 << HCR.VM)) & ~(1 << HCR.TGE), view.sys.hi(R.HCR_EL2));
  p.el = 2;
  return performAt(p, mem, op, vaLo, vaHi, true);
}

/**
 * __kvm_at_s1e2 fast path: AT S1E1* executed with the EL2 registers in the EL1 ones, TGE
 * clear and, for a non-VHE guest hypervisor, HCR_EL2.{NV,NV1} = {1,1} so the EL1&0 walk
 * reads EL2-format descriptors.
 */
function s1e2Fast(view: Pe, e2h: boolean, mem: WalkMemory, op: string, vaLo: number, vaHi: number): AtResult | undefined {
  const p = cloneInto(scratchPe(view.index), view);
  const s = p.sys;
  if (e2h) {
    for (const [e1, e2] of EL1_EL2_PAIRS) s.set(e1, view.sys.lo(e2), view.sys.hi(e2));
  } else {
    const [tLo, tHi] = tcrEl2ToEl1(view.sys.lo(R.TCR_EL2), view.sys.hi(R.TCR_EL2));
    s.set(R.TCR_EL1, tLo, tHi);
    s.set(R.SCTLR_EL1, sctlrEl2ToEl1(view.sys.lo(R.SCTLR_EL2)), view.sys.hi(R.SCTLR_EL2));
    for (const [e1, e2] of NON_VHE_COPIED) s.set(e1, view.sys.lo(e2), view.sys.hi(e2));
    s.set(TTBR1_EL1, 0, 0);
  }
  let hLo = view.sys.lo(R.HCR_EL2) & ~((1 << HCR.VM) | (1 << HCR.DC) | (1 << HCR.TGE));
  let hHi = view.sys.hi(R.HCR_EL2) & ~(1 << (HCR.E2H - 32));
  if (!e2h) hHi |= (1 << (HCR.NV - 32)) | (1 << (HCR.NV1 - 32));
  hLo |= 0; hHi |= 0;
  s.set(R.HCR_EL2, hLo, hHi);
  p.el = 2;
  return performAt(p, mem, op.replace('S1E2', 'S1E1'), vaLo, vaHi, true);
}

interface Chosen { path: AtEmulation['path']; reason: string; result: AtResult; par: [number, number] | undefined }

/** Policy `upstream` (Linux 6.12+ at.c): fast path trusted only for stage-1 permission/AF faults, else handle_at_slow. */
function upstream(env: AtEnv, vcpu: Vcpu, view: Pe, arch: AtResult, op: string, vaLo: number, vaHi: number): Chosen {
  if (/^AT S1E2/.test(op)) {
    // __kvm_at_s1e2 trusts only stage-1 permission faults; AF faults are replayed.
    const fast = s1e2Fast(view, vcpu.e2h, env.mem, op, vaLo, vaHi);
    if (fast !== undefined && fast.abort === undefined && (!parF(fast.parLo) || (!parS(fast.parLo) && isPerm(fst(fast.parLo))))) {
      return { path: 'fast', reason: '', result: fast, par: parOf(fast) };
    }
    return { path: 'slow', reason: 'fast path result not trusted: replayed by the software walker', result: arch, par: parOf(arch) };
  }
  const s12 = /^AT S12/.test(op);
  const s1op = s12 ? op.replace('S12E', 'S1E') : op;
  let fast: AtResult | undefined;
  let reason = '';
  if (vcpu.e2h && vcpu.tge) {
    fast = performAt(view, env.mem, s1op, vaLo, vaHi, true); // the context is already right (mmu_cs = false)
  } else {
    const mmu = env.lookupS2Mmu(vcpu);
    if (mmu === undefined) reason = 'no shadow stage-2 MMU for the guest VTTBR/VTCR (lookup_s2_mmu failed): software walk';
    else fast = s1e01Fast(view, mmu, env.hostMem, s1op, vaLo, vaHi);
  }
  // __kvm_at_s1e01: trust a failing fast path only for a stage-1 permission or access-flag fault.
  let s1: Chosen;
  if (fast !== undefined && fast.abort === undefined && (!parF(fast.parLo) || (!parS(fast.parLo) && (isPerm(fst(fast.parLo)) || isAccess(fst(fast.parLo)))))) {
    s1 = { path: 'fast', reason: '', result: fast, par: parOf(fast) };
  } else {
    if (fast !== undefined) reason = `fast path PAR not trusted (FST 0x${fst(fast.parLo).toString(16)}${parS(fast.parLo) ? ', stage 2' : ''}): software walk`;
    const slow = s12 ? (performAt(view, env.mem, s1op, vaLo, vaHi, true) as AtResult) : arch;
    s1 = { path: 'slow', reason, result: slow, par: parOf(slow) };
  }
  if (!s12 || parF(s1.par![0])) return s1;
  // __kvm_at_s12: the stage-1 result stands for the EL2&0 regime or with HCR_EL2.{VM,DC} = {0,0}.
  if (arch.regime === Regime.EL20 || (view.hcr(HCR.VM) === 0 && view.hcr(HCR.DC) === 0)) return s1;
  // Otherwise L1's stage 2 is walked in software on the IPA (kvm_walk_nested_s2, compute_par_s12).
  return { path: s1.path, reason: s1.reason === '' ? 'stage 2 walked in software (kvm_walk_nested_s2)' : s1.reason, result: arch, par: parOf(arch) };
}

/** PSTATE.PAN of the vCPU (the guest's PAN at the trap). */
const panOf = (view: Pe): boolean => view.pan === 1;

/**
 * Policy `patch-v6`: the 2022 series ("Trap and emulate AT instructions from virtual EL2",
 * v6 40/64 = v7 40/68 at.c): no software walker, PAR_EL1 left stale when lookup_s2_mmu
 * fails, PAN emulated by an EL0 AT only when the virtual E2H is set, answered with the
 * hard-coded PAR 0x1f; S12 by handle_s12 on the nested stage-2 walk.
 */
function patchV6(env: AtEnv, vcpu: Vcpu, view: Pe, op: string, vaLo: number, vaHi: number): Chosen {
  if (/^AT S1E2/.test(op)) {
    const fast = s1e2Fast(view, vcpu.e2h, env.mem, op, vaLo, vaHi) as AtResult;
    return { path: 'fast', reason: 'no fallback in patch-v6', result: fast, par: parOf(fast) };
  }
  const s12 = /^AT S12/.test(op);
  // RP/WP run as plain S1E1R/W; PAN is checked afterwards with an EL0 AT.
  const s1op = (s12 ? op.replace('S12E', 'S1E') : op).replace(/P$/, '');
  let fast: AtResult | undefined;
  if (vcpu.e2h && vcpu.tge) fast = performAt(view, env.mem, s1op, vaLo, vaHi, true);
  else {
    const mmu = env.lookupS2Mmu(vcpu);
    if (mmu === undefined) {
      return { path: 'fast-failed', reason: 'lookup_s2_mmu failed: WARN_ON, PAR_EL1 not written (patch-v6)', result: performAt(view, env.mem, s1op, vaLo, vaHi, true) as AtResult, par: undefined };
    }
    fast = s1e01Fast(view, mmu, env.hostMem, s1op, vaLo, vaHi);
  }
  const r = fast as AtResult;
  let par: [number, number] = parOf(r);
  let reason = 'fast path only (patch-v6)';
  if (/P$/.test(op) && !parF(par[0]) && vcpu.e2h && panOf(view)) {
    // The PAN check: the same VA as an EL0 access; if EL0 could access it, a hard-coded level-3 permission fault.
    const el0 = vcpu.e2h && vcpu.tge ? performAt(view, env.mem, op.replace(/S1E1(R|W)P$/, 'S1E0$1'), vaLo, vaHi, false)
      : s1e01Fast(view, env.lookupS2Mmu(vcpu) as ShadowS2Mmu, env.hostMem, op.replace(/S1E1(R|W)P$/, 'S1E0$1'), vaLo, vaHi);
    if (el0 !== undefined && el0.abort === undefined && !parF(el0.parLo)) { par = [0x1f, 0]; reason = 'PAN: EL0 AT succeeded, hard-coded PAR 0x1f (patch-v6)'; }
  }
  if (!s12 || parF(par[0])) return { path: 'fast', reason, result: r, par };
  // handle_s12: kvm_walk_nested_s2 on the IPA, whatever HCR_EL2.VM says.
  const ipa = (r.parHi & 0xffff) * 2 ** 32 + ((r.parLo & ~0xfff) >>> 0) + (vaLo & 0xfff);
  const w = walkNestedS2(view, env.mem, ipa);
  const write = /W$/.test(op);
  if (w.fault !== undefined || (write ? !w.writable : !w.readable)) {
    const fsc = w.fault !== undefined ? w.fsc : 0x0c | (w.level & 3);
    // setup_par_aborted: F | S | FST, no PTW and no RES1 bit 11.
    return { path: 'fast', reason: 'handle_s12: stage-2 fault, setup_par_aborted (patch-v6)', result: r, par: [(1 | (fsc << 1) | (1 << 9)) | 0, 0] };
  }
  // setup_par_completed: descriptor upper attributes, the *low* 12 bits of the output, RES1, SH from the guest VTCR_EL2.SH0.
  const sh0 = (view.sys.lo(VTCR_EL2) >>> 12) & 3;
  const lo = ((w.outLo & 0xfff) | (1 << 11) | (sh0 << 7)) | 0;
  return { path: 'fast', reason: 'handle_s12: setup_par_completed (patch-v6)', result: r, par: [lo, (w.descHi & 0xfff00000) | 0] };
}

/** kvm_walk_nested_s2 on L1's registers: stage 2 of `ipa` through the guest VTTBR/VTCR. */
function walkNestedS2(view: Pe, mem: WalkMemory, ipa: number): { fault?: true; fsc: number; level: number; readable: boolean; writable: boolean; outLo: number; descHi: number } {
  const p = s2Setup(view);
  if ('fault' in p) return { fault: true, fsc: 0x04 | (p.level & 3), level: p.level, readable: false, writable: false, outLo: 0, descHi: 0 };
  const t = AArch64_S2Walk({ mem, inspect: true, write: false, record: false }, p, ipa, false, Regime.EL10);
  if (t.fault !== undefined) return { fault: true, fsc: encodeFsc(t.fault), level: t.fault.level, readable: false, writable: false, outLo: 0, descHi: 0 };
  return { fsc: 0, level: t.level, readable: t.perms?.pr ?? false, writable: t.perms?.pw ?? false, outLo: t.out % 2 ** 32 | 0, descHi: t.leafHi };
}

/** AT emulation from virtual EL2 (vcpu put). The caller writes `par` into PAR_EL1 unless it is undefined. */
export function emulateAt(env: AtEnv, vcpu: Vcpu, op: string, vaLo: number, vaHi: number): AtEmulation {
  const view = vcpu.buildView();
  const arch = performAt(view, env.mem, op, vaLo, vaHi, true);
  if (arch === undefined) throw new Error(`engine: ${op} is not an AT operation`);
  const archPar: [number, number] | undefined = arch.abort !== undefined ? undefined : [arch.parLo, arch.parHi];
  const c = env.policy === 'patch-v6' ? patchV6(env, vcpu, view, op, vaLo, vaHi) : upstream(env, vcpu, view, arch, op, vaLo, vaHi);
  const par = c.par;
  const divergent = par === undefined || archPar === undefined || par[0] !== archPar[0] || par[1] !== archPar[1];
  return {
    kind: 'at', cpu: vcpu.pe.index, op: op.slice(3), vaLo, vaHi, regime: arch.regime, path: c.path, reason: c.reason,
    translation: c.result.translation, par, archPar, archAbort: arch.abort !== undefined, divergent,
  };
}
