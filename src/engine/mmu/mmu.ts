// The MMU as the interpreter sees it: translation of fetches and data
// accesses with faults raised as the architecture routes them, and the AT and
// TLBI system instructions. There is no TLB yet: every access walks; the
// interpreter's fetch-page cache is the only cached translation and TLBI drops it.
import type { Core, Translator, SysHooks } from '../isa/execute';
import { Acc, dataAbortIss } from '../cpu/faults';
import { R } from '../cpu/pe';
import { currentRegime, s1Enabled, s2Enabled } from './params';
import { AArch64_FullTranslate, AccessDesc, AccessKind, Translation } from './translate';
import { encodeFsc, FaultType, Regime, WalkFault } from './types';
import { parFault, parSuccess } from './par';

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
  /** Called after TLB maintenance so every vCPU drops cached translations. */
  onTlbi: () => void = () => {};
  onAt: ((r: AtRecord) => void) | undefined;
  private readonly par = new Int32Array(2);

  identity(core: Core): boolean {
    const pe = core.pe;
    const regime = currentRegime(pe);
    return !s1Enabled(pe, regime) && !s2Enabled(pe, regime);
  }

  private accessDesc(core: Core, acc: number): AccessDesc {
    const pe = core.pe;
    const kind = (acc & Acc.FETCH) !== 0 ? AccessKind.FETCH : (acc & (Acc.WRITE | Acc.RMW)) !== 0 ? AccessKind.WRITE : AccessKind.READ;
    // LDTR/STTR check EL0 permissions at EL1 (and at EL2 in the EL2&0 host), unless PSTATE.UAO.
    const unprivInsn = (acc & Acc.UNPRIV) !== 0 && pe.uao === 0 && (pe.el === 1 || (pe.el === 2 && pe.hcr('E2H') === 1 && pe.hcr('TGE') === 1));
    const unpriv = pe.el === 0 || unprivInsn;
    return { kind, unpriv, pan: kind !== AccessKind.FETCH && !unpriv && pe.pan === 1 && pe.el > 0 };
  }

  translate(core: Core, vaLo: number, vaHi: number, bytes: number, acc: number): number {
    const pe = core.pe;
    const regime = currentRegime(pe);
    const ad = this.accessDesc(core, acc);
    const t = AArch64_FullTranslate(pe, core.mem, regime, vaLo, vaHi, ad, false);
    const fetch = ad.kind === AccessKind.FETCH;
    if (t.fault !== undefined) { this.raise(core, t.fault, fetch, vaLo, vaHi, (acc & Acc.CM) !== 0, regime); return -1; }
    // Alignment: Device memory needs natural alignment (D8.2.10); so do exclusives, atomics, acquire/release.
    if (!fetch && (vaLo & (bytes - 1)) !== 0 && ((t.attrs.attr & 0xf0) === 0 || (acc & Acc.ALIGNED) !== 0 || this.strictAlign(core, regime))) {
      core.abort(false, dataAbortIss(0x21, ad.kind === AccessKind.WRITE, (acc & Acc.CM) !== 0, false, false, false), vaLo, vaHi, this.stage1TargetEl(core, regime));
      return -1;
    }
    return t.pa;
  }

  /** SCTLR_ELx.A: alignment checking of every data access. */
  private strictAlign(core: Core, regime: Regime): boolean {
    return ((core.pe.sys.lo(regime === Regime.EL10 ? R.SCTLR_EL1 : R.SCTLR_EL2) >>> 1) & 1) === 1;
  }

  inspect(core: Core, vaLo: number, vaHi: number): number {
    const t = AArch64_FullTranslate(core.pe, core.mem, currentRegime(core.pe), vaLo, vaHi, { kind: AccessKind.READ, unpriv: false, pan: false }, true);
    return t.fault === undefined ? t.pa : -1;
  }

  /** EL that takes stage-1 faults of a regime (D1.3.3): EL2 for the EL2 regimes or with HCR_EL2.TGE. */
  private stage1TargetEl(core: Core, regime: Regime): number {
    const pe = core.pe;
    if (regime !== Regime.EL10 || pe.el === 2) return 2;
    return pe.hcr('TGE') === 1 ? 2 : 1;
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
    const op = AT_OPS[name];
    if (op === undefined) { core.undefined(); return false; } // S1E3* without EL3: UNDEFINED
    const pe = core.pe;
    const e2h = pe.hcr('E2H') === 1, tge = pe.hcr('TGE') === 1;
    const regime = op.el === 2 ? (e2h ? Regime.EL20 : Regime.EL2) : (e2h && tge ? Regime.EL20 : Regime.EL10);
    const ad: AccessDesc = { kind: op.kind, unpriv: op.unpriv, pan: op.pan && pe.pan === 1 };
    const [vaLo, vaHi] = xt;
    const t = this.atTranslate(core, regime, vaLo, vaHi, ad, op.stage12);
    const f = t.fault;
    if (f !== undefined) {
      // A stage-2 fault on the stage-1 walk of an AT executed at EL1, and any external abort on
      // a walk, are taken as Data Aborts (CM = 1), not reported in PAR (QEMU do_ats_write, Arm ARM AArch64.AT).
      if ((f.stage === 2 && f.s1ptw && pe.el === 1) || f.type === FaultType.SEA_WALK) {
        core.syndromeInsn = 0;
        if (f.stage === 2) setHpfar(core, f.ipa);
        const target = f.stage === 2 ? 2 : Math.max(pe.el, this.stage1TargetEl(core, regime));
        core.abort(false, dataAbortIss(encodeFsc(f), true, true, f.s1ptw, false, false), vaLo, vaHi, target);
        return false;
      }
      parFault(f, this.par);
    } else {
      parSuccess(t, this.par);
    }
    pe.sys.set(R.PAR_EL1, this.par[0], this.par[1]);
    if (this.onAt !== undefined) this.onAt({ cpu: pe.index, op: name.slice(3), vaLo, vaHi, regime, translation: t, parLo: this.par[0], parHi: this.par[1] });
    return true;
  }

  /** The translation an AT performs: stage 1 only (table walks still through stage 2), or stages 1 and 2. */
  private atTranslate(core: Core, regime: Regime, vaLo: number, vaHi: number, ad: AccessDesc, stage12: boolean): Translation {
    // Stage-1-only ATs stop at the IPA (stage 2 still translates the stage-1 table accesses).
    return AArch64_FullTranslate(core.pe, core.mem, regime, vaLo, vaHi, ad, false, stage12);
  }

  // ---- TLBI --------------------------------------------------------------

  tlbi(): boolean {
    this.onTlbi();
    return true;
  }
}

/** HPFAR_EL2.FIPA = IPA[51:12] in bits [43:4]. */
function setHpfar(core: Core, ipa: number): void {
  const page = Math.floor(ipa / 4096);
  const v = page * 16;
  core.pe.sys.set(R.HPFAR_EL2, v % 4294967296 | 0, Math.floor(v / 4294967296) | 0);
}
