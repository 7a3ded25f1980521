// Full translations: AArch64.S1Translate, AArch64.S2Translate and
// AArch64.FullTranslate (Arm ARM shared/translation/vmsa), with the permission
// checks that turn a completed walk into a fault. Pure functions of PE state and
// memory; `inspect` walks leave memory untouched.
import { Pe, HCR } from '../cpu/pe';
import { WalkMemory } from '../memory/bus';
import { s1Setup, s1DisabledPa, regimeControls, RegimeControls, S2Params } from './params';
import { AArch64_S1Walk, AArch64_S2Walk, AArch64_S2WalkAfterS1, WalkEnv, commitUpdate, emptyTrace } from './walk';
import { FaultType, MemAttrs, Regime, WalkFault, WalkTrace, memAttrs } from './types';

export const enum AccessKind { READ = 0, WRITE = 1, FETCH = 2, /** AT S1E1A/S1E2A: no permission check */ ANY = 3 }

export interface AccessDesc {
  readonly kind: AccessKind;
  /** Checked with EL0 permissions (EL0 accesses, LDTR/STTR, AT S1E0*). */
  readonly unpriv: boolean;
  /** PSTATE.PAN applies (privileged data accesses with PAN set, AT S1E1RP/WP). */
  readonly pan: boolean;
}

export interface Translation {
  /** Output PA (valid when fault is undefined). */
  pa: number;
  /** Stage-1 output: the IPA (or PA when stage 2 is off). */
  ipa: number;
  fault?: WalkFault;
  /** Final attributes (stage-1, or the stage-1/stage-2 combination). */
  attrs: MemAttrs;
  s1?: WalkTrace;
  s2?: WalkTrace;
  s1Enabled: boolean;
  s2Enabled: boolean;
}

/** Attributes before any stage produced some (shared, immutable). */
const ATTRS_NONE = memAttrs(0, 0);

function f(type: FaultType, level: number, stage: 1 | 2, s1ptw: boolean, ipa: number, write: boolean): WalkFault {
  return { type, level, stage, s1ptw, ipa, write };
}

/** Check an access against stage-1 permissions; returns a Permission fault or undefined. */
function s1PermissionFault(t: WalkTrace, acc: AccessDesc, regime: Regime): WalkFault | undefined {
  const p = t.perms;
  if (p === undefined || acc.kind === AccessKind.ANY) return undefined;
  const write = acc.kind === AccessKind.WRITE;
  let ok: boolean;
  if (regime === Regime.EL2 || !acc.unpriv) {
    let r = p.pr, w = p.pw;
    // PAN (D8.4.4): privileged data access to EL0-accessible memory is denied.
    if (acc.pan && regime !== Regime.EL2 && (p.ur || p.uw)) { r = false; w = false; }
    ok = acc.kind === AccessKind.FETCH ? p.px : write ? w : r;
  } else {
    ok = acc.kind === AccessKind.FETCH ? p.ux : write ? p.uw : p.ur;
  }
  return ok ? undefined : f(FaultType.PERMISSION, t.level, 1, false, 0, write);
}

/**
 * AArch64.S2Translate of `ipa` for a data/instruction access (not a table walk). `afterS1`: the IPA is
 * the output of the stage-1 walk just made (AArch64_S2WalkAfterS1 may reuse its last stage-2 walk).
 */
export function AArch64_S2Translate(env: WalkEnv, p: S2Params, ipa: number, acc: AccessDesc, regime: Regime, afterS1 = false, into?: WalkTrace): WalkTrace {
  const t = afterS1 ? AArch64_S2WalkAfterS1(env, p, ipa, regime, into) : AArch64_S2Walk(env, p, ipa, false, regime, into);
  if (t.fault !== undefined || t.perms === undefined) return t;
  const write = acc.kind === AccessKind.WRITE;
  const ok = acc.kind === AccessKind.ANY || (acc.kind === AccessKind.FETCH ? (acc.unpriv ? t.perms.ux : t.perms.px) : write ? t.perms.pw : t.perms.pr);
  if (!ok) t.fault = f(FaultType.PERMISSION, t.level, 2, false, ipa, write);
  else commitUpdate(env, t);
  return t;
}

/**
 * The walk environment of a translation. WalkEnvs are immutable, so one per {inspect, write, record}
 * is kept with the regime's controls (the same register-file version, hence the same HCR_EL2.PTW).
 */
function walkEnv(ctl: RegimeControls, mem: WalkMemory, inspect: boolean, write: boolean, record: boolean): WalkEnv {
  const i = (inspect ? 4 : 0) | (write ? 2 : 0) | (record ? 1 : 0);
  const e = ctl.envs[i];
  if (e !== undefined && e.mem === mem) return e;
  const n: WalkEnv = { mem, inspect, write, ptwDevice: ctl.ptwDevice, record };
  ctl.envs[i] = n;
  return n;
}

/** The traces of translations that record nothing (TLB refills, AT without a consumer of its steps), reused by each. */
const S1_SCRATCH = emptyTrace(), S2_SCRATCH = emptyTrace();

/**
 * AArch64.FullTranslate: VA -> PA in `regime` for an access. Stage 1 (if enabled),
 * then stage 2 (if enabled for EL1&0) of the resulting IPA. Without `record` the walks
 * record no steps and their traces are shared scratch, overwritten by the next such
 * translation: the caller reads them before translating again and keeps nothing.
 */
export function AArch64_FullTranslate(pe: Pe, mem: WalkMemory, regime: Regime, vaLo: number, vaHi: number, acc: AccessDesc, inspect: boolean, finalStage2 = true, record = true): Translation {
  const ctl = regimeControls(pe, regime);
  const env = walkEnv(ctl, mem, inspect, acc.kind === AccessKind.WRITE, record);
  const write = acc.kind === AccessKind.WRITE;
  const s1On = ctl.s1On;
  const s2On = ctl.s2On;
  // Every field present from the start: one hidden class for all translations.
  const out: Translation = { pa: 0, ipa: 0, fault: undefined, attrs: ATTRS_NONE, s1: undefined, s2: undefined, s1Enabled: s1On, s2Enabled: s2On };
  let s2p: S2Params | undefined;
  /** An inconsistent stage-2 configuration faults the first stage-2 lookup, after stage-1 checks. */
  let s2Bad = false;
  const s2sp = ctl.s2; // defined exactly when stage 2 is on
  if (s2sp !== undefined) {
    if ('fault' in s2sp) s2Bad = true; else s2p = s2sp;
  }
  if (s1On) {
    const sp = s1Setup(pe, regime, vaLo, vaHi, acc.unpriv);
    if ('fault' in sp) {
      out.fault = f(sp.fault === 'translation' ? FaultType.TRANSLATION : FaultType.ADDRESS_SIZE, sp.level, 1, false, 0, write);
      return out;
    }
    if (s2Bad) {
      // The first stage-1 table access needs stage 2: report it as a stage-2 fault on the walk,
      // at the stage-1 lookup level (as QEMU 7.2 reports PTW faults).
      out.fault = f(FaultType.TRANSLATION, sp.startLevel, 2, true, sp.base, write);
      return out;
    }
    const t = AArch64_S1Walk(env, sp, vaLo, vaHi, s2p, record ? undefined : S1_SCRATCH);
    out.s1 = t;
    if (t.fault !== undefined) { out.fault = t.fault; return out; }
    const pf = s1PermissionFault(t, acc, regime);
    if (pf !== undefined) { out.fault = pf; return out; }
    // AArch64.S1Translate: the AF/dirty update comes after the permission checks; through a stage-2
    // mapping without write permission it is a stage-2 Permission fault on the walk (S1PTW, the
    // stage-1 level, WnR = 1), and the descriptor stays unchanged (QEMU 7.2 arm_casq_ptw agrees).
    if (t.updS2W === false) { out.fault = f(FaultType.PERMISSION, t.level, 2, true, t.updIpa ?? 0, true); return out; }
    commitUpdate(env, t);
    out.ipa = t.out;
    out.attrs = t.attrs ?? ATTRS_NONE;
  } else {
    // Stage 1 disabled (AArch64.S1DisabledOutput): flat map; VA bits above the PA size fault.
    const pa = s1DisabledPa(pe, regime, vaLo, vaHi, acc.kind === AccessKind.FETCH);
    if (pa < 0) { out.fault = f(FaultType.ADDRESS_SIZE, 0, 1, false, 0, write); return out; }
    out.ipa = pa;
    // Data: Device-nGnRnE, or Normal WB with HCR_EL2.DC for EL1&0; instruction fetches: Normal.
    const dc = regime === Regime.EL10 && pe.hcr(HCR.DC) === 1;
    out.attrs = dc ? memAttrs(0xff, 0) : acc.kind === AccessKind.FETCH ? memAttrs(0xaa, 2) : memAttrs(0x00, 0);
  }
  if (s2Bad && finalStage2) { out.fault = f(FaultType.TRANSLATION, 0, 2, false, out.ipa, write); return out; }
  if (s2p !== undefined && finalStage2) {
    const t2 = AArch64_S2Translate(env, s2p, out.ipa, acc, regime, s1On, record ? undefined : S2_SCRATCH);
    out.s2 = t2;
    if (out.s1 !== undefined) out.s1.s2final = t2;
    if (t2.fault !== undefined) { out.fault = t2.fault; return out; }
    out.pa = t2.out;
    out.attrs = combineS1S2(ctl.fwb, ctl.cd, out.attrs, t2.attrs ?? ATTRS_NONE);
  } else {
    out.pa = out.ipa;
  }
  return out;
}

/** Stage 2 MemAttr[3:0] in MAIR format (QEMU convert_stage2_attrs; HCR_EL2.CD forces Non-cacheable). */
function s2AttrToMair(cd: boolean, memattr: number): number {
  let hi = (memattr >>> 2) & 3, lo = memattr & 3;
  let hh = 0, lh = 0;
  if (hi !== 0) {
    if (cd) { hi = 1; lo = 1; } else {
      if (hi !== 1) hh = 3;
      if (lo !== 1) lh = 3;
    }
  }
  return (hi << 6) | (hh << 4) | (lo << 2) | lh;
}

function combineNibble(s1: number, s2: number): number {
  if (s1 === 4 || s2 === 4) return 4;                       // Non-cacheable wins
  if (((s1 >>> 2) & 3) === 0 || ((s1 >>> 2) & 3) === 2) return s1; // stage-1 write-through
  if (((s2 >>> 2) & 3) === 2) return (2 << 2) | (s1 & 3);    // stage-2 write-through, stage-1 hints
  return s1;
}

/**
 * Combine stage-1 and stage-2 attributes (Arm ARM D8.5.5 "Combining stage 1 and stage 2 attributes")
 * under HCR_EL2.FWB and HCR_EL2.CD.
 */
export function combineS1S2(fwb: boolean, cd: boolean, s1: MemAttrs, s2: MemAttrs): MemAttrs {
  const attr = fwb ? combineFwb(s1.attr, s2.attr) : NOFWB[(cd ? 1 << 12 : 0) | ((s1.attr & 0xff) << 4) | (s2.attr & 0xf)];
  let sh = s1.sh === 2 || s2.sh === 2 ? 2 : s1.sh === 3 || s2.sh === 3 ? 3 : 0;
  if ((attr & 0xf0) === 0 || attr === 0x44) sh = 2;         // Device and Normal NC are Outer Shareable
  return memAttrs(attr, sh);
}

/** Normal Write-Back for one MAIR nibble, keeping allocation hints of a cacheable input (FEAT_S2FWB). */
function forceWbNibble(n: number): number { return n === 0 || n === 4 ? 0xf : n | 4; }

/**
 * FEAT_S2FWB (HCR_EL2.FWB = 1): stage-2 MemAttr[3:0] overrides rather than combines
 * (Arm ARM AArch64.S2ApplyFWBMemAttrs): 0b0xx Device (the more restrictive of both
 * when stage 1 is Device too — QEMU 7.2 takes the stage-2 type here, see the
 * fwb_s1dev_s2dev departure test), 0b101 Non-cacheable unless stage 1 is Device,
 * 0b110 forced Write-Back, 0b111 stage-1 attributes; other values are reserved (Device).
 */
function combineFwb(s1: number, memattr: number): number {
  switch (memattr) {
    case 7: return s1;
    case 6: return (s1 & 0xf0) === 0 ? 0xff : forceWbNibble(s1 & 0xf) | (forceWbNibble(s1 >>> 4) << 4);
    case 5: return (s1 & 0xf0) === 0 ? s1 : 0x44;
    case 0: case 1: case 2: case 3: {
      const d2 = memattr << 2;
      return (s1 & 0xf0) === 0 && s1 < d2 ? s1 : d2;
    }
    default: return 0;
  }
}

/** Stage 1 + stage 2 combination without FWB (D8.5.5; QEMU 7.2 combined_attrs_nofwb). */
function combineNoFwb(cd: boolean, s1attr: number, s2memattr: number): number {
  const s2m = s2AttrToMair(cd, s2memattr);
  const s1hi = s1attr >>> 4, s1lo = s1attr & 15, s2hi = s2m >>> 4, s2lo = s2m & 15;
  let attr: number;
  if (s1hi === 0 || s2hi === 0) {
    // Device wins; the most restrictive of the two low nibbles. QEMU 7.2 (combined_attrs_nofwb)
    // compares the low nibbles of both stages even when one is Normal, and the oracle expects that.
    attr = s1lo === 0 || s2lo === 0 ? 0 : s1lo === 4 || s2lo === 4 ? 4 : s1lo === 8 || s2lo === 8 ? 8 : 0xc;
  } else {
    attr = (combineNibble(s1hi, s2hi) << 4) | combineNibble(s1lo, s2lo);
  }
  return attr;
}

/** combineNoFwb for every (HCR_EL2.CD, stage-1 MAIR attr, stage-2 MemAttr[3:0]), computed once: one table load per translation. */
const NOFWB = new Uint8Array(2 << 12);
for (let i = 0; i < NOFWB.length; i++) NOFWB[i] = combineNoFwb((i >>> 12) === 1, (i >>> 4) & 0xff, i & 0xf);
