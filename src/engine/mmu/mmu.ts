// The MMU as the interpreter sees it: translation of fetches and data
// accesses with faults raised as the architecture routes them, TLB refills
// (tlb.ts) after successful data walks, and the AT and TLBI system instructions.
import type { Core, Translator, SysHooks } from '../isa/execute';
import { Acc, dataAbortIss } from '../cpu/faults';
import { Pe, R, HCR } from '../cpu/pe';
import type { WalkMemory } from '../memory/bus';
import { currentRegime, s1Enabled, s2Enabled } from './params';
import { AArch64_FullTranslate, AccessDesc, AccessKind, Translation } from './translate';
import { encodeFsc, FaultType, Regime, WalkFault } from './types';
import { parFault, parSuccess } from './par';
import { TlbPerm, TlbEntryView, tlbCtxHash } from './tlb';
import { sysRegIndex } from '../cpu/sysregs/file';

const TTBR0_EL1 = sysRegIndex('TTBR0_EL1'), TTBR1_EL1 = sysRegIndex('TTBR1_EL1');
const TTBR0_EL2 = sysRegIndex('TTBR0_EL2'), TTBR1_EL2 = sysRegIndex('TTBR1_EL2');
const VTTBR_EL2 = sysRegIndex('VTTBR_EL2'), VTCR_EL2 = sysRegIndex('VTCR_EL2');

/** An AT operation: regime selection and access checked (Arm ARM C5.4.4, AArch64.AT). */
interface AtOp { readonly el: 1 | 2; readonly stage12: boolean; readonly kind: AccessKind; readonly unpriv: boolean; readonly pan: boolean }
const AT_OPS: Record<string, AtOp> = {
  'AT S1E1R': { el: 1, stage12: false, kind: AccessKind.READ, unpriv: false, pan: false },
  'AT S1E1W': { el: 1, stage12: false, kind: AccessKind.WRITE, unpriv: false, pan: false },
  'AT S1E0R': { el: 1, stage12: false, kind: AccessKind.READ, unpriv: true, pan: false },
  'AT S1E0W': { el: 1, stage12: false, kind: AccessKind.WRITE, unpriv: true, pan: false },
  'AT S1E1RP': { el: 1, stage12: false, kind: AccessKind.READ, unpriv: false, pan: true },
  'AT S1E1WP': { el: 1, stage12: false, kind: AccessKind.WRITE, unpriv: false, pan: true },
  'AT S1E2R': { el: 2, stage12: false, kind: AccessKind.READ, unpriv: false, pan: false },
  'AT S1E2W': { el: 2, stage12: false, kind: AccessKind.WRITE, unpriv: false, pan: false },
  'AT S12E1R': { el: 1, stage12: true, kind: AccessKind.READ, unpriv: false, pan: false },
  'AT S12E1W': { el: 1, stage12: true, kind: AccessKind.WRITE, unpriv: false, pan: false },
  'AT S12E0R': { el: 1, stage12: true, kind: AccessKind.READ, unpriv: true, pan: false },
  'AT S12E0W': { el: 1, stage12: true, kind: AccessKind.WRITE, unpriv: true, pan: false },
};

/** The access an inspection (semihosting, debugger reads) translates as. */
const INSPECT_READ: AccessDesc = { kind: AccessKind.READ, unpriv: false, pan: false };

/** One AT emulation, for traces and the debugger. */
export interface AtRecord {
  readonly cpu: number;
  readonly op: string;
  readonly vaLo: number; readonly vaHi: number;
  readonly regime: Regime;
  readonly translation: Translation;
  readonly parLo: number; readonly parHi: number;
}

export class Mmu implements Translator, SysHooks {
  /** Every vCPU: broadcast (IS/OS) TLB maintenance reaches all of them. */
  cores: readonly Core[] = [];
  onAt: ((r: AtRecord) => void) | undefined;

  identity(core: Core): boolean {
    const pe = core.pe;
    const regime = currentRegime(pe);
    return !s1Enabled(pe, regime) && !s2Enabled(pe, regime);
  }

  private accessDesc(core: Core, acc: number): AccessDesc {
    const pe = core.pe;
    const kind = (acc & Acc.FETCH) !== 0 ? AccessKind.FETCH : (acc & (Acc.WRITE | Acc.RMW)) !== 0 ? AccessKind.WRITE : AccessKind.READ;
    // LDTR/STTR check EL0 permissions at EL1 (and at EL2 in the EL2&0 host), unless PSTATE.UAO.
    const unprivInsn = (acc & Acc.UNPRIV) !== 0 && pe.uao === 0 && (pe.el === 1 || (pe.el === 2 && pe.hcr(HCR.E2H) === 1 && pe.hcr(HCR.TGE) === 1));
    const unpriv = pe.el === 0 || unprivInsn;
    return { kind, unpriv, pan: kind !== AccessKind.FETCH && !unpriv && pe.pan === 1 && pe.el > 0 };
  }

  translate(core: Core, vaLo: number, vaHi: number, bytes: number, acc: number): number {
    const pe = core.pe;
    const regime = currentRegime(pe);
    const ad = this.accessDesc(core, acc);
    const t = AArch64_FullTranslate(pe, core.mem, regime, vaLo, vaHi, ad, false, true, false);
    const fetch = ad.kind === AccessKind.FETCH;
    if (t.fault !== undefined) { this.raise(core, t.fault, fetch, vaLo, vaHi, (acc & Acc.CM) !== 0, regime); return -1; }
    // Alignment: Device memory needs natural alignment (D8.2.10); so do exclusives, atomics, acquire/release.
    if (!fetch && (vaLo & (bytes - 1)) !== 0 && ((t.attrs.attr & 0xf0) === 0 || (acc & Acc.ALIGNED) !== 0 || this.strictAlign(core, regime))) {
      core.abort(false, dataAbortIss(0x21, ad.kind === AccessKind.WRITE, (acc & Acc.CM) !== 0, false, false, false), vaLo, vaHi, this.stage1TargetEl(core, regime));
      return -1;
    }
    if (!fetch && (acc & Acc.UNPRIV) === 0) this.fill(core, t, vaLo, vaHi);
    return t.pa;
  }

  /** TLB tags of the current context: regime, VMID, ASID, TBI, and the permission bits a hit needs. */
  context(core: Core): void {
    const pe = core.pe;
    const regime = currentRegime(pe);
    const c = contextTags(pe.sys, regime, pe.hcr(HCR.E2H) === 1);
    core.tlbCtx = (regime << 16) | c.vmid;
    core.tlbCtxHash = tlbCtxHash(core.tlbCtx);
    core.tlbAsid = c.asid;
    core.tlbTbi0 = c.tbi0; core.tlbTbi1 = c.tbi1;
    const el0 = pe.el === 0;
    const pan = !el0 && pe.pan === 1 && regime !== Regime.EL2;
    core.needR = el0 ? TlbPerm.UR : pan ? TlbPerm.PANR : TlbPerm.PR;
    core.needW = el0 ? TlbPerm.UW : pan ? TlbPerm.PANW : TlbPerm.PW;
  }

  /** Record a successful data translation in the PE's TLB (combined stage 1 + stage 2 permissions). */
  private fill(core: Core, t: Translation, vaLo: number, vaHi: number): void {
    const s1 = t.s1?.perms, s2 = t.s2?.perms;
    const a = (k: 'pr' | 'pw' | 'px' | 'ur' | 'uw' | 'ux'): boolean => (s1 === undefined || s1[k]) && (s2 === undefined || s2[k]);
    const el0Access = a('ur') || a('uw');
    let perms = 0;
    if (a('pr')) perms |= TlbPerm.PR | (el0Access && s1 !== undefined ? 0 : TlbPerm.PANR);
    if (a('pw')) perms |= TlbPerm.PW | (el0Access && s1 !== undefined ? 0 : TlbPerm.PANW);
    if (a('px')) perms |= TlbPerm.PX;
    if (a('ur')) perms |= TlbPerm.UR;
    if (a('uw')) perms |= TlbPerm.UW;
    if (a('ux')) perms |= TlbPerm.UX;
    // Dirty-state tracking: a page made writable only by DBM must take the walk on its first write.
    if (t.s1 !== undefined && ((t.s1.leafLo >>> 7) & 1) === 1 && t.s1.regime !== Regime.EL2) perms &= ~(TlbPerm.PW | TlbPerm.UW | TlbPerm.PANW);
    if (t.s1 !== undefined && ((t.s1.leafLo >>> 7) & 1) === 1 && t.s1.regime === Regime.EL2) perms &= ~(TlbPerm.PW | TlbPerm.PANW);
    if (t.s2 !== undefined && ((t.s2.leafLo >>> 7) & 1) === 0) perms &= ~(TlbPerm.PW | TlbPerm.UW | TlbPerm.PANW);
    const global = t.s1 === undefined || t.s1.regime === Regime.EL2 || ((t.s1.leafLo >>> 11) & 1) === 0;
    const level = t.s1?.level ?? t.s2?.level ?? 3;
    const size = Math.min(t.s1?.blockSize ?? 2 ** 42, t.s2?.blockSize ?? 2 ** 42);
    const h = ((vaHi >>> 23) & 1 ? core.tlbTbi1 : core.tlbTbi0) === 1 ? (vaHi << 8) >> 8 : vaHi;
    core.tlb.fill(vaLo, h, core.tlbCtx, core.tlbAsid, global, t.pa, t.ipa, perms, level, Math.round(Math.log2(size)), core.mem.ramBase, core.mem.ramSize);
  }

  /**
   * The PE's TLB entries, each compared with what a walk of the current tables gives
   * now: `stale` marks an entry that no longer matches memory (a descriptor changed
   * without TLB maintenance). The comparison walk is an inspection walk.
   */
  tlbEntries(core: Core): (TlbEntryView & { readonly stale: boolean; readonly nowPa: number })[] {
    return core.tlb.entries().map((e) => {
      const va = e.vaPage << 12n;
      const lo = Number(va & 0xffffffffn) | 0, hi = Number((va >> 32n) & 0xffffffffn) | 0;
      const unpriv = (e.perms & (TlbPerm.PR | TlbPerm.PW)) === 0;
      const t = AArch64_FullTranslate(core.pe, core.mem, e.regime, lo, hi, { kind: AccessKind.READ, unpriv, pan: false }, true);
      const nowPa = t.fault === undefined ? t.pa : -1;
      return { ...e, stale: nowPa !== e.pa, nowPa };
    });
  }

  /** Drop every cached translation of one PE (QEMU flushes on the same register writes). */
  flush(core: Core): void {
    core.tlb.flushAll();
    core.contextChanged();
  }

  /** SCTLR_ELx.A: alignment checking of every data access. */
  private strictAlign(core: Core, regime: Regime): boolean {
    return ((core.pe.sys.lo(regime === Regime.EL10 ? R.SCTLR_EL1 : R.SCTLR_EL2) >>> 1) & 1) === 1;
  }

  /**
   * Nested mode: the PE as the guest believes it is (L1's virtual EL2, or L2 through L1's
   * stage 2 rather than the host's shadow), for inspection walks (semihosting, debugger).
   */
  viewOf: ((core: Core) => Pe) | undefined;
  /** Nested mode: the guest's physical memory (its PA is the host's IPA) and the map back to host PAs. */
  viewMem: WalkMemory | undefined;
  viewToPa: ((pa: number) => number) | undefined;

  inspect(core: Core, vaLo: number, vaHi: number): number {
    const pe = this.viewOf !== undefined ? this.viewOf(core) : core.pe;
    // An inspection walk that records nothing: only the PA is wanted.
    const t = AArch64_FullTranslate(pe, this.viewMem ?? core.mem, currentRegime(pe), vaLo, vaHi, INSPECT_READ, true, true, false);
    if (t.fault !== undefined) return -1;
    return this.viewToPa !== undefined ? this.viewToPa(t.pa) : t.pa;
  }

  /** EL that takes stage-1 faults of a regime (D1.3.3): EL2 for the EL2 regimes or with HCR_EL2.TGE. */
  private stage1TargetEl(core: Core, regime: Regime): number {
    const pe = core.pe;
    if (regime !== Regime.EL10 || pe.el === 2) return 2;
    return pe.hcr(HCR.TGE) === 1 ? 2 : 1;
  }

  /** Take the abort for a translation fault (AArch64.Abort): stage 2 goes to EL2 with HPFAR_EL2. */
  private raise(core: Core, fault: WalkFault, fetch: boolean, vaLo: number, vaHi: number, cm: boolean, regime: Regime): void {
    const pe = core.pe;
    let target = this.stage1TargetEl(core, regime);
    if (fault.stage === 2) {
      target = 2;
      setHpfar(core, fault.ipa);
    }
    const fsc = encodeFsc(fault);
    const iss = fetch ? fsc | (fault.s1ptw ? 1 << 7 : 0) : dataAbortIss(fsc, fault.write, cm, fault.s1ptw, false, false);
    if (fault.s1ptw) core.syndromeInsn = 0;
    core.abort(fetch, iss, vaLo, vaHi, Math.max(target, pe.el));
  }

  // ---- AT ----------------------------------------------------------------

  at(core: Core, name: string, xt: [number, number]): boolean | 'stop' {
    const pe = core.pe;
    const [vaLo, vaHi] = xt;
    const r = performAt(pe, core.mem, name, vaLo, vaHi, this.onAt !== undefined);
    if (r === undefined) { core.undefined(); return false; } // S1E3* without EL3: UNDEFINED
    if (r.abort !== undefined) {
      const f = r.abort;
      core.syndromeInsn = 0;
      if (f.stage === 2) setHpfar(core, f.ipa);
      const target = f.stage === 2 ? 2 : Math.max(pe.el, this.stage1TargetEl(core, r.regime));
      core.abort(false, dataAbortIss(encodeFsc(f), true, true, f.s1ptw, false, false), vaLo, vaHi, target);
      return false;
    }
    pe.sys.set(R.PAR_EL1, r.parLo, r.parHi);
    if (this.onAt !== undefined) this.onAt({ cpu: pe.index, op: name.slice(3), vaLo, vaHi, regime: r.regime, translation: r.translation, parLo: r.parLo, parHi: r.parHi });
    return true;
  }

  // ---- TLBI --------------------------------------------------------------

  /**
   * TLB maintenance (C5.5 "A64 TLB maintenance instructions"): invalidate exactly the
   * entries the operation names, on this PE or, for the IS/OS forms, on every PE.
   * IPAS2* operations have nothing to remove: no stage-2-only entries are cached, and the
   * architecture does not require them to remove combined stage 1+2 entries.
   */
  tlbi(core: Core, name: string, xt: [number, number]): boolean {
    const pe = core.pe;
    const op = name.slice(5).replace(/NXS$/, '');
    const broadcast = /(IS|OS)$/.test(op);
    const base = op.replace(/(IS|OS)$/, '');
    const targets = broadcast ? this.cores : [core];
    const [lo, hi] = xt;
    const e2hTge = pe.hcr(HCR.E2H) === 1 && pe.hcr(HCR.TGE) === 1;
    const vmid = this.currentVmid(core);
    const asidArg = (hi >>> 16) & 0xffff;
    // VA page from Xt[43:0] (VA[55:12]), sign-extended from VA[55] as the tags are canonical.
    let page = (hi & 0xfff) * 4294967296 + (lo >>> 0);
    if (page >= 2 ** 43) page += 2 ** 52 - 2 ** 44;
    const range = (): [number, number] => {
      // FEAT_TLBIRANGE: TG [47:46], SCALE [45:44], NUM [43:39], BaseADDR [36:0] in TG units.
      const tg = (hi >>> 14) & 3, scale = (hi >>> 12) & 3, num = (hi >>> 7) & 31;
      const tgBits = tg === 1 ? 12 : tg === 2 ? 14 : 16;
      let start = ((hi & 0x1f) * 4294967296 + (lo >>> 0)) * 2 ** (tgBits - 12);
      if (start >= 2 ** 43) start += 2 ** 52 - 2 ** 44;
      return [start, (num + 1) * 2 ** (5 * scale + 1) * 2 ** (tgBits - 12)];
    };
    const el1Regime = e2hTge && pe.el === 2 ? Regime.EL20 : Regime.EL10;
    const el1Vmid = el1Regime === Regime.EL10 ? vmid : 0;
    const el2Regime = pe.hcr(HCR.E2H) === 1 ? Regime.EL20 : Regime.EL2;
    let match: ((r: number, v: number, a: number) => boolean) | undefined;
    let va: number | undefined;
    let pages = 1;
    switch (base) {
      case 'VMALLE1': match = (r, v) => r === el1Regime && v === el1Vmid; break;
      case 'ASIDE1': match = (r, v, a) => r === el1Regime && v === el1Vmid && a === asidArg; break;
      case 'VAE1': case 'VALE1': match = (r, v, a) => r === el1Regime && v === el1Vmid && (a === -1 || a === asidArg); va = page; break;
      case 'VAAE1': case 'VAALE1': match = (r, v) => r === el1Regime && v === el1Vmid; va = page; break;
      case 'RVAE1': case 'RVALE1': match = (r, v, a) => r === el1Regime && v === el1Vmid && (a === -1 || a === asidArg); [va, pages] = range(); break;
      case 'RVAAE1': case 'RVAALE1': match = (r, v) => r === el1Regime && v === el1Vmid; [va, pages] = range(); break;
      case 'ALLE1': match = (r) => r === Regime.EL10; break;
      case 'VMALLS12E1': match = (r, v) => r === Regime.EL10 && v === vmid; break;
      case 'ALLE2': match = (r) => r === Regime.EL2 || r === Regime.EL20; break;
      case 'VAE2': case 'VALE2':
        match = el2Regime === Regime.EL20 ? (r, _v, a) => r === Regime.EL20 && (a === -1 || a === asidArg) : (r) => r === Regime.EL2;
        va = page; break;
      case 'RVAE2': case 'RVALE2':
        match = el2Regime === Regime.EL20 ? (r, _v, a) => r === Regime.EL20 && (a === -1 || a === asidArg) : (r) => r === Regime.EL2;
        [va, pages] = range(); break;
      default: break; // IPAS2E1, IPAS2LE1, RIPAS2*: see above
    }
    for (const c of targets) {
      if (match !== undefined) c.tlb.invalidate(match, va, pages);
      c.contextChanged(); // the fetch-page cache is a cached translation too
    }
    return true;
  }

  private currentVmid(core: Core): number {
    const s = core.pe.sys;
    const vs = (s.lo(VTCR_EL2) >>> 19) & 1;
    return (s.hi(VTTBR_EL2) >>> 16) & (vs === 1 ? 0xffff : 0xff);
  }
}

/** performAt's PAR encoding buffer (read back into numbers before it returns). */
const PAR_SCRATCH = new Int32Array(2);

/** What an AT instruction does on `pe` (AArch64.AT): a PAR_EL1 value, or a fault the PE takes as a Data Abort. */
export interface AtResult {
  readonly regime: Regime;
  readonly translation: Translation;
  readonly parLo: number; readonly parHi: number;
  /** Set when the architecture takes an exception instead of writing PAR_EL1. */
  readonly abort?: WalkFault;
}

/** Is `name` (e.g. 'AT S1E1R') an AT operation a PE without EL3 implements? */
export function isAtOp(name: string): boolean { return AT_OPS[name] !== undefined; }

/**
 * AArch64.AT on `pe`'s registers and PSTATE, writing nothing: returns the PAR_EL1 the
 * instruction produces, or the fault that becomes an exception. Used by the PE and by
 * the host model, which runs it on a guest hypervisor's registers. Undefined for S1E3*.
 */
export function performAt(pe: Pe, mem: WalkMemory, name: string, vaLo: number, vaHi: number, record: boolean): AtResult | undefined {
  const op = AT_OPS[name];
  if (op === undefined) return undefined;
  const e2h = pe.hcr(HCR.E2H) === 1, tge = pe.hcr(HCR.TGE) === 1;
  const regime = op.el === 2 ? (e2h ? Regime.EL20 : Regime.EL2) : (e2h && tge ? Regime.EL20 : Regime.EL10);
  const ad: AccessDesc = { kind: op.kind, unpriv: op.unpriv, pan: op.pan && pe.pan === 1 };
  // Stage-1-only ATs stop at the IPA (stage 2 still translates the stage-1 table accesses).
  // Walk steps are recorded only when someone consumes them (trace, debugger).
  const t = AArch64_FullTranslate(pe, mem, regime, vaLo, vaHi, ad, false, op.stage12, record);
  const f = t.fault;
  const par = PAR_SCRATCH;
  if (f !== undefined) {
    // A stage-2 fault on the stage-1 walk of an AT executed at EL1, and any external abort on
    // a walk, are taken as Data Aborts (CM = 1), not reported in PAR (QEMU do_ats_write, Arm ARM AArch64.AT).
    if ((f.stage === 2 && f.s1ptw && pe.el === 1) || f.type === FaultType.SEA_WALK) return { regime, translation: t, parLo: 0, parHi: 0, abort: f };
    parFault(f, par);
  } else {
    parSuccess(t, par);
  }
  return { regime, translation: t, parLo: par[0], parHi: par[1] };
}

/** HPFAR_EL2.FIPA = IPA[51:12] in bits [43:4]. */
function setHpfar(core: Core, ipa: number): void {
  const page = Math.floor(ipa / 4096);
  const v = page * 16;
  core.pe.sys.set(R.HPFAR_EL2, v % 4294967296 | 0, Math.floor(v / 4294967296) | 0);
}

/** VMID, ASID and TBI bits of a regime's current registers (the tags of its TLB entries). */
function contextTags(s: Core['pe']['sys'], regime: Regime, e2h: boolean): { vmid: number; asid: number; tbi0: number; tbi1: number } {
  if (regime === Regime.EL2) {
    return { vmid: 0, asid: 0, tbi0: (s.lo(R.TCR_EL2) >>> 20) & 1, tbi1: 0 };
  }
  const tcr = regime === Regime.EL10 ? R.TCR_EL1 : R.TCR_EL2;
  const tLo = s.lo(tcr), tHi = s.hi(tcr);
  const a1 = (tLo >>> 22) & 1, as16 = (tHi >>> 4) & 1;
  const ttbr = regime === Regime.EL10 ? (a1 ? TTBR1_EL1 : TTBR0_EL1) : (a1 ? TTBR1_EL2 : TTBR0_EL2);
  const asid = (s.hi(ttbr) >>> 16) & (as16 ? 0xffff : 0xff);
  const vs = (s.lo(VTCR_EL2) >>> 19) & 1;
  const vmid = regime === Regime.EL10 ? (s.hi(VTTBR_EL2) >>> 16) & (vs ? 0xffff : 0xff) : 0;
  void e2h;
  return { vmid, asid, tbi0: (tHi >>> 5) & 1, tbi1: (tHi >>> 6) & 1 };
}
