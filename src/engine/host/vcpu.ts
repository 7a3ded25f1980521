// A vCPU of the host model: the guest hypervisor's (L1's) virtual EL2 state, the EL1
// state of its guest (L2) while the PE runs L1, and which of them the PE holds.
// KVM keeps the same split: vcpu->arch.ctxt sysregs, with the EL2 copies "loaded" onto
// the EL1 registers while in hyp context (kvm_vcpu_load_sysregs_vhe, __sysreg_save_*).
import { Pe, R, HCR } from '../cpu/pe';
import { SysRegFile, sysRegIndex } from '../cpu/sysregs/file';
import { SYSREG_DEFS } from '../cpu/sysregs/registry';

/**
 * EL1 registers that have an EL2 counterpart of the same format under E2H = 1
 * (KVM get_el2_to_el1_mapping). With virtual E2H = 1 they hold L1's EL2 values while
 * the PE runs L1; the others stay L2's throughout.
 */
export const EL1_EL2_PAIRS: readonly (readonly [number, number])[] = [
  'SCTLR', 'TTBR0', 'TTBR1', 'TCR', 'SPSR', 'ELR', 'AFSR0', 'AFSR1', 'ESR', 'FAR', 'MAIR', 'AMAIR', 'VBAR', 'CONTEXTIDR',
].map((n) => [sysRegIndex(`${n}_EL1`), sysRegIndex(`${n}_EL2`)] as const);

/** EL1 registers that hold L1's translated EL2 regime while a non-VHE L1 runs (trapped by TVM/TRVM). */
export const EL1_MMU_REGS: readonly number[] = ['SCTLR', 'TTBR0', 'TTBR1', 'TCR', 'MAIR', 'AMAIR', 'CONTEXTIDR'].map((n) => sysRegIndex(`${n}_EL1`));
/** EL1_EL2_PAIRS minus EL1_MMU_REGS: what stays L2's in the PE while a non-VHE L1 runs. */
const EL1_NON_MMU: readonly number[] = EL1_EL2_PAIRS.map(([e1]) => e1).filter((e1) => !EL1_MMU_REGS.includes(e1));
const TTBR0_EL1 = sysRegIndex('TTBR0_EL1'), TTBR1_EL1 = sysRegIndex('TTBR1_EL1'), MAIR_EL1 = sysRegIndex('MAIR_EL1');
const AMAIR_EL1 = sysRegIndex('AMAIR_EL1'), CONTEXTIDR_EL1 = sysRegIndex('CONTEXTIDR_EL1');

/**
 * Make `dst` hold `src`, bumping its version only when something changed, so the walk
 * parameter caches keyed by the version survive repeated identical views.
 */
export function syncRegs(dst: SysRegFile, src: Int32Array): void {
  const d = dst.v;
  let changed = false;
  for (const i of WALK_INPUTS) if (d[2 * i] !== src[2 * i] || d[2 * i + 1] !== src[2 * i + 1]) { changed = true; break; }
  d.set(src);
  if (changed) dst.version++;
}

/** The registers walk parameters are derived from (SysRegFile's DERIVED_INPUT set). */
const WALK_INPUTS: readonly number[] = SYSREG_DEFS.flatMap((d, i) => (/^(SCTLR|TCR|TTBR[01]|MAIR|HCR|VTCR|VTTBR)_EL[12]$/i.test(d.name) ? [i] : []));

/** Every EL2 register with storage in the register file (the virtual EL2 register file's contents). */
export const EL2_REGS: readonly number[] = SYSREG_DEFS.flatMap((d, i) => (/_EL2$/.test(d.name) && (d.storage ?? 'plain') === 'plain' ? [i] : []));

const VTTBR_EL2 = sysRegIndex('VTTBR_EL2'), VTCR_EL2 = sysRegIndex('VTCR_EL2');
const TTBR0_EL2 = sysRegIndex('TTBR0_EL2'), MAIR_EL2 = sysRegIndex('MAIR_EL2'), AMAIR_EL2 = sysRegIndex('AMAIR_EL2');

/** Where the PE is in the nested world: running L1 (hyp context, KVM is_hyp_ctxt) or its guest. */
export const enum VContext { HYP = 0, GUEST = 1 }

export class Vcpu {
  /** Virtual EL2 registers (only the EL2 entries are meaningful). */
  readonly el2 = new SysRegFile();
  /** L2's EL1 registers for EL1_EL2_PAIRS while the PE holds something else in them. */
  readonly el1 = new SysRegFile();
  /** Virtual SP_EL2 and L2's SP_EL1 (the PE's SP_EL1 holds one of them). */
  readonly spEl2 = new Int32Array(2);
  readonly l2SpEl1 = new Int32Array(2);
  ctx = VContext.HYP;
  /** Register file state the PE holds: set by load(), cleared by put(). */
  loaded = false;
  /** The shadow stage-2 MMU the PE uses for L2 (index into the host's list), -1 in hyp context. */
  hwMmu = -1;
  /** L1's view of the machine for the software walker: a PE whose EL2 is L1's virtual EL2. */
  readonly view: Pe;
  private readonly viewScratch: Int32Array;
  private readonly spScratch = new Int32Array(2);

  constructor(readonly pe: Pe) {
    this.view = new Pe(pe.index);
    this.viewScratch = new Int32Array(pe.sys.v.length);
  }

  /** Virtual HCR_EL2 bit. */
  vhcr(bit: number): number { return (this.el2.v[2 * R.HCR_EL2 + (bit >>> 5)] >>> (bit & 31)) & 1; }
  get e2h(): boolean { return this.vhcr(HCR.E2H) === 1; }
  get tge(): boolean { return this.vhcr(HCR.TGE) === 1; }

  /** Reset into virtual EL2 (QEMU virt entry state: EL2h, DAIF masked, EL2 registers at reset values). */
  reset(): void {
    this.el2.reset();
    this.el1.reset();
    this.spEl2.fill(0); this.l2SpEl1.fill(0);
    this.ctx = VContext.HYP;
    this.loaded = false;
    this.hwMmu = -1;
  }

  /**
   * Copy what the PE holds back into the vCPU files (KVM __sysreg_save_* / vcpu_put).
   * After put() the files are the truth; the PE's copies are stale until load().
   */
  put(): void {
    if (!this.loaded) return;
    const s = this.pe.sys;
    const sp = this.spScratch;
    this.pe.readSpEl(1, sp);
    if (this.ctx === VContext.HYP) {
      this.spEl2.set(sp);
      if (this.e2h) for (const [e1, e2] of EL1_EL2_PAIRS) this.el2.set(e2, s.lo(e1), s.hi(e1));
      else for (const e1 of EL1_NON_MMU) this.el1.set(e1, s.lo(e1), s.hi(e1));
    } else {
      this.l2SpEl1.set(sp);
      for (const [e1] of EL1_EL2_PAIRS) this.el1.set(e1, s.lo(e1), s.hi(e1));
    }
    this.loaded = false;
  }

  /**
   * Put the current context's registers on the PE (KVM kvm_vcpu_load_sysregs + __load_stage2).
   * `hcr` and `vttbr`/`vtcr` are the physical values the host computed for this context.
   */
  load(hcrLo: number, hcrHi: number, vttbr: readonly [number, number], vtcr: number): void {
    const s = this.pe.sys;
    if (this.ctx === VContext.HYP) {
      if (this.e2h) {
        for (const [e1, e2] of EL1_EL2_PAIRS) s.set(e1, this.el2.lo(e2), this.el2.hi(e2));
      } else {
        for (const e1 of EL1_NON_MMU) s.set(e1, this.el1.lo(e1), this.el1.hi(e1));
        const [tLo, tHi] = tcrEl2ToEl1(this.el2.lo(R.TCR_EL2), this.el2.hi(R.TCR_EL2));
        s.set(R.TCR_EL1, tLo, tHi);
        s.set(R.SCTLR_EL1, sctlrEl2ToEl1(this.el2.lo(R.SCTLR_EL2)), this.el2.hi(R.SCTLR_EL2));
        s.set(TTBR0_EL1, this.el2.lo(TTBR0_EL2), this.el2.hi(TTBR0_EL2));
        s.set(TTBR1_EL1, 0, 0);
        s.set(MAIR_EL1, this.el2.lo(MAIR_EL2), this.el2.hi(MAIR_EL2));
        s.set(AMAIR_EL1, this.el2.lo(AMAIR_EL2), this.el2.hi(AMAIR_EL2));
        s.set(CONTEXTIDR_EL1, 0, 0);
      }
      this.pe.writeSpEl(1, this.spEl2[0], this.spEl2[1]);
    } else {
      for (const [e1] of EL1_EL2_PAIRS) s.set(e1, this.el1.lo(e1), this.el1.hi(e1));
      this.pe.writeSpEl(1, this.l2SpEl1[0], this.l2SpEl1[1]);
    }
    s.set(R.HCR_EL2, hcrLo, hcrHi);
    s.set(VTTBR_EL2, vttbr[0], vttbr[1]);
    s.set(VTCR_EL2, vtcr, 0);
    this.loaded = true;
  }

  /**
   * Build `view`: the machine as L1 believes it is, a PE at EL2 whose EL2 registers are the
   * virtual ones and whose EL1 registers are L2's (what KVM's software walker reads through
   * vcpu_read_sys_reg). Call with the vCPU put.
   */
  buildView(): Pe {
    const v = this.view, s = this.pe.sys, w = this.viewScratch;
    w.set(s.v);
    for (const i of EL2_REGS) w[2 * i] = this.el2.v[2 * i], w[2 * i + 1] = this.el2.v[2 * i + 1];
    for (const [e1] of EL1_EL2_PAIRS) w[2 * e1] = this.el1.v[2 * e1], w[2 * e1 + 1] = this.el1.v[2 * e1 + 1];
    syncRegs(v.sys, w);
    v.el = this.ctx === VContext.HYP ? (this.pe.el === 0 ? 0 : 2) : this.pe.el;
    v.spsel = this.pe.spsel;
    v.pan = this.pe.pan; v.uao = this.pe.uao;
    v.pcLo = this.pe.pcLo; v.pcHi = this.pe.pcHi;
    return v;
  }
}

/**
 * TCR_EL2 (E2H = 0 layout) as the TCR_EL1 that gives the same single-range walk
 * (KVM translate_tcr_el2_to_tcr_el1): TTBR1 walks disabled, PS -> IPS, TBI -> TBI0, HPD -> HPD0.
 */
export function tcrEl2ToEl1(lo: number, hi: number): [number, number] {
  const b = (n: number): number => (lo >>> n) & 1;
  let l = lo & 0xffff;                // T0SZ, IRGN0, ORGN0, SH0, TG0 (EPD0 = 0 from bit 7 of TCR_EL2, which is RES0)
  l &= ~(1 << 7);
  l |= 1 << 23;                       // EPD1: no TTBR1 range
  let h = (lo >>> 16) & 7;            // PS[18:16] -> IPS[34:32]
  h |= b(20) << 5;                    // TBI -> TBI0 [37]
  h |= b(21) << 7;                    // HA [39]
  h |= b(22) << 8;                    // HD [40]
  h |= b(24) << 9;                    // HPD -> HPD0 [41]
  h |= b(29) << 19;                   // TBID -> TBID0 [51]
  h |= (hi & 1) << 27;                // DS [32] -> DS [59]
  return [l | 0, h | 0];
}

/** SCTLR_EL2 (E2H = 0) as SCTLR_EL1: M, A, C, SA, I, WXN, EE keep their positions; SPAN = 1 (EL2 has no PAN on entry). */
export function sctlrEl2ToEl1(lo: number): number {
  const keep = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 12) | (1 << 19) | (1 << 25);
  // SCTLR_EL1 RES1 bits (LSMAOE, nTLSMD, EIS, EOS, TSCXT...) as the reset value 0x30d00800 holds them.
  return ((lo & keep) | (1 << 23) | 0x30d00800) | 0;
}
