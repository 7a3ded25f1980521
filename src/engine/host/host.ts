// The host hypervisor model (L0): physical EL2 in TypeScript, behaving like upstream
// KVM/arm64 with nested virtualization. The PE runs the guest hypervisor (L1) at EL1 with
// HCR_EL2.NV; every exception the PE would take reaches intercept() first, which plays
// KVM's handle_exit(): emulate the trap (sys_regs.c, at.c, emulate-nested.c), fill a
// shadow stage 2 (mmu.c kvm_handle_guest_abort), or inject the exception into virtual EL2.
import type { Core } from '../isa/execute';
import { instructionSyndrome } from '../isa/execute';
import { Pe, R, HCR } from '../cpu/pe';
import { EC } from '../cpu/exceptions';
import { SYSREG_INDEX_BY_KEY, sysRegIndex } from '../cpu/sysregs/file';
import { SYSREG_DEFS } from '../cpu/sysregs/registry';
import { sysRegKey } from '../cpu/sysregs/types';
import { sysOpName, counterValue } from '../cpu/sysaccess';
import { timerOf, timerRead, timerWrite } from '../cpu/timer';
import { PhysicalMemory, WalkMemory, OffsetMemory } from '../memory/bus';
import { s2Setup } from '../mmu/params';
import { AArch64_S2Walk, commitUpdate } from '../mmu/walk';
import { encodeFsc, Regime } from '../mmu/types';
import { Vcpu, VContext, EL1_EL2_PAIRS, EL1_MMU_REGS } from './vcpu';
import { ShadowS2Mmu, HostPages, HOST_VTCR, shadowMapPage, shadowUnmapAll, shadowUnmapRange, hostMapBlock } from './shadow-s2';
import { emulateAt } from './at';
import { AtPolicy, HostEvent } from './events';

/** Shadow stage-2 MMUs per vCPU by default (KVM S2_MMU_PER_VCPU). */
export const S2_MMU_PER_VCPU = 2;

const VTTBR_EL2 = sysRegIndex('VTTBR_EL2'), VTCR_EL2 = sysRegIndex('VTCR_EL2');
const EL1_PAIR_SET = new Set(EL1_EL2_PAIRS.map(([e1]) => e1));
/** Per register index, decided once: an EL2 register (virtual EL2's file), an EL1 register the host keeps in L2's EL1 file. */
const IS_EL2 = SYSREG_DEFS.map((d) => /_EL2$/.test(d.name));
const IS_EL1_FILE = SYSREG_DEFS.map((_, i) => EL1_PAIR_SET.has(i) || EL1_MMU_REGS.includes(i));
/** EL2 registers whose writes change L1's EL2 translation regime, which the PE holds in its EL1 registers. */
const EL2_REGIME_REG = SYSREG_DEFS.map((d) => /^(SCTLR|TCR|TTBR[01]|MAIR|HCR)_EL2$/.test(d.name));
const EL12_TARGET = new Map<number, number>();
SYSREG_DEFS.forEach((d, i) => { if (d.el12Target !== undefined) EL12_TARGET.set(i, SYSREG_DEFS.findIndex((e) => e.name === d.el12Target)); });

export interface HostSnapshot {
  readonly vcpus: readonly { el2: Int32Array; el1: Int32Array; spEl2: Int32Array; l2SpEl1: Int32Array; ctx: VContext; loaded: boolean; hwMmu: number }[];
  readonly mmus: readonly { lo: number; hi: number; vtcr: number; en: boolean; valid: boolean; pend: boolean; ref: number; root: number; pages: [number, number][]; levels: [number, number][] }[];
  readonly next: number;
  readonly pages: { next: number; free: number[] };
  readonly atCount: number;
}

export interface HostOptions {
  readonly policy: AtPolicy;
  /**
   * The host's stage 2 for L1: 0 = identity (no host stage 2 needed); otherwise L1's RAM
   * (IPA ramBase..+guestRamSize) lives at PA IPA + ipaOffset, so IPA != PA is visible.
   */
  readonly ipaOffset: number;
  readonly guestRamSize: number;
  /** Shadow stage-2 MMUs per vCPU (KVM S2_MMU_PER_VCPU = 2). */
  readonly mmusPerVcpu: number;
  /** Host RAM for shadow tables (the tail of physical RAM that L1's world never maps). */
  readonly hostBase: number;
  readonly hostSize: number;
}

export class HostModel {
  readonly vcpus: Vcpu[] = [];
  /** kvm->arch.nested_mmus */
  readonly mmus: ShadowS2Mmu[] = [];
  private nestedMmusNext = 0;
  private readonly pages: HostPages;
  onEvent: ((e: HostEvent, core: Core) => void) | undefined;
  /** Count of emulated ATs (benchmarks, status). */
  atCount = 0;

  /** L1's physical memory as L1 sees it (through the host stage 2): what walks of L1's tables read. */
  readonly l1mem: WalkMemory;
  /** Root of the host's stage 2 for L1 (0 when the IPA offset is 0: identity, no tables). */
  private hostS2Root = 0;

  constructor(private readonly mem: PhysicalMemory, private readonly cores: readonly Core[], readonly opts: HostOptions) {
    this.pages = new HostPages(mem, opts.hostBase, opts.hostSize);
    this.l1mem = opts.ipaOffset === 0 ? mem : new OffsetMemory(mem, opts.ipaOffset, opts.guestRamSize);
    for (const c of cores) this.vcpus.push(new Vcpu(c.pe));
    for (let i = 0; i < cores.length * opts.mmusPerVcpu; i++) this.mmus.push(new ShadowS2Mmu(i, i + 1));
  }

  /** L1's physical address (an IPA of the host) -> host PA: RAM moves by the IPA offset, devices stay. */
  l1PaToHost(ipa: number): number {
    const base = this.mem.ramBase;
    return ipa >= base && ipa < base + this.opts.guestRamSize ? ipa + this.opts.ipaOffset : ipa;
  }

  /** Is there memory or a device behind L1 physical address `ipa` (a memslot, in KVM terms)? */
  l1Backed(ipa: number): boolean {
    const base = this.mem.ramBase;
    return (ipa >= base && ipa < base + this.opts.guestRamSize) || this.mem.device(ipa) !== undefined;
  }

  /**
   * Build the host's stage 2 for L1 (kvm_pgtable_stage2_map of the memslots): RAM at
   * +offset, the UART identity. Always present, so L1 never reaches the host's own memory.
   */
  private buildHostS2(): void {
    this.hostS2Root = this.pages.alloc();
    const ram = { memAttr: 0xf, sh: 3, s2ap: 3, xn: 0 };
    for (let a = 0; a < this.opts.guestRamSize; a += 2 * 1024 * 1024) {
      hostMapBlock(this.mem, this.pages, this.hostS2Root, this.mem.ramBase + a, this.mem.ramBase + a + this.opts.ipaOffset, ram);
    }
    hostMapBlock(this.mem, this.pages, this.hostS2Root, 0x09000000, 0x09000000, { memAttr: 0, sh: 0, s2ap: 3, xn: 2 });
  }

  get policy(): AtPolicy { return this.opts.policy; }

  private emit(e: HostEvent, core: Core): void { if (this.onEvent !== undefined) this.onEvent(e, core); }

  /** Power-on: every vCPU enters virtual EL2 (the PE at EL1h), shadow MMUs empty. */
  reset(): void {
    this.pages.reset();
    this.buildHostS2();
    for (const m of this.mmus) { m.valid = false; m.refcnt = 0; m.pendingUnmap = false; m.root = 0; m.pages.clear(); m.levels.clear(); }
    this.nestedMmusNext = 0;
    for (let i = 0; i < this.vcpus.length; i++) this.resetVcpu(i);
  }

  /** A vCPU (re)starting at virtual EL2 (reset, PSCI CPU_ON). The PE must already be reset. */
  resetVcpu(i: number): void {
    const v = this.vcpus[i];
    v.reset();
    const pe = v.pe;
    pe.setElSp(1, 1);
    this.load(v);
    this.cores[i].contextChanged();
  }

  /** The vCPU as the guest sees it (for inspection walks): virtual EL2, or L2 behind L1's own stage 2. */
  viewOf(core: Core): Pe {
    const v = this.vcpus[core.pe.index];
    v.put();
    const view = v.buildView();
    this.load(v);
    return view;
  }

  /** Everything the host keeps outside RAM (RAM, including the shadow tables, is journaled by the caller). */
  save(): HostSnapshot {
    return {
      vcpus: this.vcpus.map((v) => ({ el2: v.el2.v.slice(), el1: v.el1.v.slice(), spEl2: v.spEl2.slice(), l2SpEl1: v.l2SpEl1.slice(), ctx: v.ctx, loaded: v.loaded, hwMmu: v.hwMmu })),
      mmus: this.mmus.map((m) => ({ lo: m.tlbVttbrLo, hi: m.tlbVttbrHi, vtcr: m.tlbVtcr, en: m.nestedStage2Enabled, valid: m.valid, pend: m.pendingUnmap, ref: m.refcnt, root: m.root, pages: [...m.pages], levels: [...m.levels] })),
      next: this.nestedMmusNext, pages: this.pages.save(), atCount: this.atCount,
    };
  }

  restore(s: HostSnapshot): void {
    s.vcpus.forEach((x, i) => {
      const v = this.vcpus[i];
      v.el2.v.set(x.el2); v.el2.version++; v.el1.v.set(x.el1); v.el1.version++;
      v.spEl2.set(x.spEl2); v.l2SpEl1.set(x.l2SpEl1); v.ctx = x.ctx; v.loaded = x.loaded; v.hwMmu = x.hwMmu;
    });
    s.mmus.forEach((x, i) => {
      const m = this.mmus[i];
      m.tlbVttbrLo = x.lo; m.tlbVttbrHi = x.hi; m.tlbVtcr = x.vtcr; m.nestedStage2Enabled = x.en; m.valid = x.valid;
      m.pendingUnmap = x.pend; m.refcnt = x.ref; m.root = x.root;
      m.pages.clear(); for (const [a, b] of x.pages) m.pages.set(a, b);
      m.levels.clear(); for (const [a, b] of x.levels) m.levels.set(a, b);
    });
    this.nestedMmusNext = s.next; this.pages.restore(s.pages); this.atCount = s.atCount;
  }

  /**
   * Write a register as the guest sees it (debugger): virtual EL2 registers into the vCPU's
   * file, L2's EL1 registers where the host keeps them, others on the PE (MSR masks apply).
   */
  setGuestReg(core: Core, idx: number, lo: number, hi: number): void {
    const v = this.vcpus[core.pe.index];
    v.put();
    if (IS_EL2[idx]) v.el2.write(idx, lo, hi);
    else if (EL1_PAIR_SET.has(idx)) v.el1.write(idx, lo, hi);
    else core.pe.sys.write(idx, lo, hi);
    this.load(v);
    core.tlb.flushAll();
    core.contextChanged();
  }

  // ---- context (KVM __compute_hcr, kvm_vcpu_load_hw_mmu) --------------------

  /** The physical HCR_EL2 for the vCPU's context (__compute_hcr). */
  private computeHcr(v: Vcpu): [number, number] {
    const bit = (b: number): [number, number] => (b < 32 ? [1 << b, 0] : [0, 1 << (b - 32)]);
    let lo = 0, hi = 0;
    const set = (b: number): void => { const [l, h] = bit(b); lo |= l; hi |= h; };
    set(HCR.RW);
    if (v.ctx === VContext.HYP) {
      // In hyp context every AT and TLBI and every EL2 access traps (NV, AT, TTLB); a non-VHE
      // L1 runs with NV1 and its EL1 MMU registers trapped (the PE holds its EL2 regime there).
      set(HCR.NV); set(HCR.AT); set(HCR.TTLB);
      if (!v.e2h) { set(HCR.NV1); set(HCR.TVM); set(HCR.TRVM); }
      if (this.hostS2Root !== 0) set(HCR.VM); // the host's stage 2 for L1 (canonical kvm->arch.mmu)
    } else {
      // Running L2: the guest hypervisor's controls, minus what only makes sense at EL2, plus the shadow stage 2.
      lo |= v.el2.lo(R.HCR_EL2) & ~((1 << HCR.TGE) | (1 << HCR.VM));
      hi |= v.el2.hi(R.HCR_EL2) & ~((1 << (HCR.E2H - 32)) | (1 << (HCR.NV - 32)) | (1 << (HCR.NV1 - 32)));
      set(HCR.VM);
    }
    return [lo | 0, hi | 0];
  }

  private load(v: Vcpu): void {
    const [hLo, hHi] = this.computeHcr(v);
    if (v.ctx === VContext.HYP) v.load(hLo, hHi, [this.hostS2Root | 0, Math.floor(this.hostS2Root / 2 ** 32)], this.hostS2Root !== 0 ? HOST_VTCR : 0);
    else v.load(hLo, hHi, this.mmus[v.hwMmu].vttbr(), HOST_VTCR);
  }

  /** lookup_s2_mmu(): the valid shadow MMU for the vCPU's virtual VTTBR/VTCR/VM. */
  lookupS2Mmu(v: Vcpu): ShadowS2Mmu | undefined {
    const vm = v.vhcr(HCR.VM) === 1;
    const tLo = v.el2.lo(VTTBR_EL2) & ~1, tHi = v.el2.hi(VTTBR_EL2), vtcr = v.el2.lo(VTCR_EL2);
    for (const m of this.mmus) {
      if (!m.valid) continue;
      if (vm ? m.nestedStage2Enabled && m.tlbVttbrLo === tLo && m.tlbVttbrHi === tHi && m.tlbVtcr === vtcr
        : !m.nestedStage2Enabled && m.guestVmid() === ((tHi >>> 16) & 0xff)) return m;
    }
    return undefined;
  }

  /** get_s2_mmu_nested(): reuse a matching MMU or recycle the next unreferenced one (round robin). */
  private getS2MmuNested(v: Vcpu, core: Core): ShadowS2Mmu {
    const found = this.lookupS2Mmu(v);
    if (found !== undefined) { found.refcnt++; return found; }
    const n = this.mmus.length;
    let m: ShadowS2Mmu | undefined;
    for (let k = 0; k < n; k++) {
      const c = this.mmus[(this.nestedMmusNext + k) % n];
      if (c.refcnt === 0) { m = c; this.nestedMmusNext = (c.index + 1) % n; break; }
    }
    if (m === undefined) throw new Error('engine: no unreferenced shadow stage-2 MMU (2 per vCPU guarantee broken)');
    if (m.valid) {
      m.pendingUnmap = true;
      this.emit({ kind: 'shadow-mmu', cpu: v.pe.index, action: 'evict', mmu: m.index, vmid: m.vmid, guestVmid: m.guestVmid(), pages: m.pages.size }, core);
    }
    m.tlbVttbrLo = v.el2.lo(VTTBR_EL2) & ~1; m.tlbVttbrHi = v.el2.hi(VTTBR_EL2);
    m.tlbVtcr = v.el2.lo(VTCR_EL2);
    m.nestedStage2Enabled = v.vhcr(HCR.VM) === 1;
    m.valid = true;
    m.refcnt++;
    this.emit({ kind: 'shadow-mmu', cpu: v.pe.index, action: 'allocate', mmu: m.index, vmid: m.vmid, guestVmid: m.guestVmid(), pages: 0 }, core);
    if (m.pendingUnmap) {
      // KVM_REQ_NESTED_S2_UNMAP, handled before the MMU is used (check_nested_vcpu_requests).
      this.unmapMmu(m, core, 0, Infinity);
      m.pendingUnmap = false;
    }
    if (m.root === 0) m.root = this.pages.alloc(); // an empty root table: every L2 access faults to the host first
    return m;
  }

  /** Unmap pages [first, first + count) of `m` (count Infinity = all) and drop the PEs' cached translations for its VMID. */
  private unmapMmu(m: ShadowS2Mmu, core: Core, first: number, count: number): number {
    let n: number;
    if (count === Infinity) {
      n = shadowUnmapAll(this.mem, this.pages, m);
      if (m.valid) m.root = this.pages.alloc();
    } else n = shadowUnmapRange(this.mem, m, first, count);
    for (const c of this.cores) { c.tlb.invalidate((r, vmid) => r === Regime.EL10 && vmid === m.vmid); c.contextChanged(); }
    this.emit({ kind: 'shadow-mmu', cpu: core.pe.index, action: 'unmap', mmu: m.index, vmid: m.vmid, guestVmid: m.guestVmid(), pages: n }, core);
    return n;
  }

  // ---- the trap handler (handle_exit) -----------------------------------

  /** CoreHost.intercept: every synchronous exception of a vCPU, before the PE vectors it. */
  intercept(core: Core, targetEl: number, ec: number, iss: number, retLo: number, retHi: number, farValid: boolean, farLo: number, farHi: number): boolean {
    const v = this.vcpus[core.pe.index];
    if (v.ctx === VContext.GUEST) {
      if (targetEl !== 2) return false; // L2's own exceptions go to its EL1 on the PE
      if ((ec === EC.DABT_LOW || ec === EC.IABT_LOW) && isStage2Fsc(iss & 0x3f)) return this.guestAbort(core, v, ec, iss, farLo, farHi);
      if (ec === EC.SYS64 && ((iss >>> 20) & 3) === 1 && ((iss >>> 10) & 15) === 7) {
        const op = sysOpName((iss >>> 14) & 7, 7, (iss >>> 1) & 15, (iss >>> 17) & 7) ?? 'AT ?';
        const rt = (iss >>> 5) & 31;
        this.emit({ kind: 'at-forward', cpu: core.pe.index, op: op.slice(3), esr: esrOf(ec, iss), vaLo: core.x[2 * rt], vaHi: core.x[2 * rt + 1] }, core);
      }
      // Everything else the PE routes to EL2 is L1's business (kvm_inject_nested_sync with the original ESR).
      this.injectToVel2(core, v, ec, iss, retLo, retHi, farValid, farLo, farHi, 'forwarded trap');
      return true;
    }
    // Hyp context: L1 is at virtual EL2 (or its EL0 under virtual E2H/TGE).
    if (targetEl === 2 && (ec === EC.DABT_LOW || ec === EC.IABT_LOW) && isStage2Fsc(iss & 0x3f)) {
      // A fault on the host's stage 2 for L1: nothing is behind that IPA (KVM: no memslot, an
      // MMIO exit the VMM answers with an external abort). L1 sees what it would see bare: a
      // synchronous external abort at virtual EL2 (on the walk when a table fetch hit it).
      const s1ptw = (iss & (1 << 7)) !== 0;
      const fsc = s1ptw ? 0x14 + (iss & 3) : 0x10;
      const ecCur = ec === EC.DABT_LOW ? EC.DABT_CUR : EC.IABT_CUR;
      const fromEl0 = core.pe.el === 0;
      this.injectToVel2(core, v, fromEl0 ? ec : ecCur, (iss & ~(0x3f | (1 << 7))) | fsc, retLo, retHi, farValid, farLo, farHi, 'external abort: no memory behind the IPA (host stage 2)');
      return true;
    }
    if (targetEl === 2 && core.pe.el === 1) {
      if (ec === EC.SYS64) return this.sysTrap(core, v, iss);
      if (ec === EC.ERET) { this.eret(core, v); return true; }
    }
    // Exceptions at virtual EL2 are taken to virtual EL2.
    if (ec === EC.DABT_CUR || ec === EC.DABT_LOW) {
      if (core.syndromeInsn !== 0 && (iss & (1 << 7)) === 0 && (iss & (1 << 24)) === 0) iss |= instructionSyndrome(core.syndromeInsn);
    }
    this.injectToVel2(core, v, ec, iss, retLo, retHi, farValid, farLo, farHi, 'exception at virtual EL2');
    return true;
  }

  /** kvm_inject_nested_sync / enter_exception64 into virtual EL2. */
  injectToVel2(core: Core, v: Vcpu, ec: number, iss: number, retLo: number, retHi: number, farValid: boolean, farLo: number, farHi: number, reason: string): void {
    const pe = core.pe;
    v.put();
    const from = v.ctx === VContext.HYP ? 'vEL2' : 'L2';
    const atVel2 = v.ctx === VContext.HYP && pe.el === 1;
    const m = atVel2 ? (2 << 2) | pe.spsel : (pe.el << 2) | pe.spsel;
    const spsr = (pe.packSpsr() & ~0x1f) | m;
    const esr = esrOf(ec, iss);
    v.el2.set(R.ESR_EL2, esr, 0);
    v.el2.set(R.ELR_EL2, retLo, retHi);
    v.el2.set(R.SPSR_EL2, spsr, 0);
    if (farValid) v.el2.set(R.FAR_EL2, farLo, farHi);
    if (ec === EC.DABT_LOW || ec === EC.IABT_LOW) v.el2.set(R.HPFAR_EL2, pe.sys.lo(R.HPFAR_EL2), pe.sys.hi(R.HPFAR_EL2));
    const offset = atVel2 ? (pe.spsel === 0 ? 0 : 0x200) : 0x400;
    if (v.ctx === VContext.GUEST) this.leaveGuest(v);
    v.ctx = VContext.HYP;
    pe.setElSp(1, 1);
    pe.daif = 0x3c0; pe.ss = 0; pe.il = 0; pe.btype = 0; pe.uao = 0;
    // PAN is set on entry only in the EL2&0 regime with SCTLR_EL2.SPAN == 0.
    if (v.e2h && v.tge && ((v.el2.lo(R.SCTLR_EL2) >>> 23) & 1) === 0) pe.pan = 1;
    pe.exclusiveValid = false;
    const vb = (v.el2.lo(R.VBAR_EL2) & ~0x7ff) >>> 0;
    const t = vb + offset;
    pe.pcLo = t | 0;
    pe.pcHi = (v.el2.hi(R.VBAR_EL2) + (t > 0xffffffff ? 1 : 0)) | 0;
    this.load(v);
    core.contextChanged();
    this.emit({ kind: 'inject', cpu: pe.index, esr, from, reason, vectorLo: pe.pcLo, vectorHi: pe.pcHi }, core);
    core.host.onException?.({ cpu: pe.index, fromEl: from === 'vEL2' ? 2 : pe.el, toEl: 2, ec, esr, elrLo: retLo, elrHi: retHi, farLo, farHi, farValid, vectorLo: pe.pcLo, vectorHi: pe.pcHi });
  }

  /** Drop the reference on the shadow MMU when L2 stops running (kvm_vcpu_put_hw_mmu). */
  private leaveGuest(v: Vcpu): void {
    if (v.hwMmu >= 0) this.mmus[v.hwMmu].refcnt--;
    v.hwMmu = -1;
  }

  /** kvm_emulate_nested_eret: ERET from virtual EL2 to vEL2, or into L2 on its shadow stage 2. */
  private eret(core: Core, v: Vcpu): void {
    const pe = core.pe;
    v.put();
    const spsr = v.el2.lo(R.SPSR_EL2);
    const elrLo = v.el2.lo(R.ELR_EL2), elrHi = v.el2.hi(R.ELR_EL2);
    const m = spsr & 0x1f, target = (m >>> 2) & 3;
    let to: 'vEL2' | 'L2-EL1' | 'L2-EL0' | 'vEL0' | 'illegal';
    if ((m & 0x10) !== 0 || target === 3 || (m & 2) !== 0 || (target === 1 && v.tge) || (target === 0 && m !== 0)) to = 'illegal';
    else if (target === 2) to = 'vEL2';
    else if (v.e2h && v.tge) to = target === 0 ? 'vEL0' : 'illegal';
    else to = target === 1 ? 'L2-EL1' : 'L2-EL0';
    if (to === 'illegal') {
      // IllegalExceptionReturn: NZCV and DAIF from SPSR, PSTATE.IL set, EL unchanged.
      pe.setNzcv(spsr); pe.daif = spsr & 0x3c0; pe.il = 1;
    } else if (to === 'vEL2') {
      pe.unpackSpsr(spsr, 1, m & 1);
    } else if (to === 'vEL0') {
      pe.unpackSpsr(spsr, 0, 0);
    } else {
      v.ctx = VContext.GUEST;
      v.hwMmu = this.getS2MmuNested(v, core).index;
      pe.unpackSpsr(spsr, target, m & 1);
    }
    pe.exclusiveValid = false;
    pe.pcLo = elrLo; pe.pcHi = elrHi;
    this.load(v);
    core.contextChanged();
    this.emit({ kind: 'eret', cpu: pe.index, to, pcLo: elrLo, pcHi: elrHi }, core);
    core.host.onEret?.(pe.index, 2, to === 'vEL2' ? 2 : to === 'L2-EL1' ? 1 : to === 'illegal' ? 2 : 0);
  }

  /** Resume L1 after an emulated instruction (ELR + 4, as kvm_incr_pc). */
  private skip(core: Core): void {
    const t = (core.pe.pcLo >>> 0) + 4;
    core.pe.pcLo = t | 0;
    if (t > 0xffffffff) core.pe.pcHi = (core.pe.pcHi + 1) | 0;
  }

  /** kvm_handle_sys_reg / triage_sysreg_trap in hyp context: L0 emulates everything L1 does at vEL2. */
  private sysTrap(core: Core, v: Vcpu, iss: number): boolean {
    const pe = core.pe;
    const op0 = (iss >>> 20) & 3, op2 = (iss >>> 17) & 7, op1 = (iss >>> 14) & 7, crn = (iss >>> 10) & 15, rt = (iss >>> 5) & 31, crm = (iss >>> 1) & 15;
    const read = (iss & 1) === 1;
    const x = core.x;
    v.put();
    if (op0 === 1) {
      const name = sysOpName(op1, crn, crm, op2);
      if (name !== undefined && name.startsWith('AT ')) { this.at(core, v, name, x[2 * rt], x[2 * rt + 1]); return true; }
      if (name !== undefined && name.startsWith('TLBI ')) { this.tlbi(core, v, name, x[2 * rt], x[2 * rt + 1]); this.skip(core); this.load(v); return true; }
      this.load(v);
      return this.undef(core, v);
    }
    let idx = SYSREG_INDEX_BY_KEY[sysRegKey(op0, op1, crn, crm, op2)];
    if (idx < 0) { this.load(v); return this.undef(core, v); }
    let def = SYSREG_DEFS[idx];
    // Which copy the access names: the virtual EL2 file, L2's EL1 registers, or the PE's own.
    let file: 'el2' | 'el1' | 'pe' | 'sp_el1';
    const el12 = EL12_TARGET.get(idx);
    if (el12 !== undefined) {
      if (!v.e2h) { this.load(v); return this.undef(core, v); }
      idx = el12; def = SYSREG_DEFS[idx];
      file = EL1_PAIR_SET.has(idx) ? 'el1' : 'pe';
    } else if (def.name === 'SP_EL1') file = 'sp_el1';
    else if (IS_EL2[idx]) file = 'el2';
    else if (IS_EL1_FILE[idx]) file = 'el1';
    else file = 'pe';
    // The timers' CTL and TVAL views (KVM kvm_arm_timer_read_sysreg/write_sysreg on the vCPU's
    // timer contexts): the EL2 timers of virtual EL2 live in its file, the EL1/EL0 ones in the PE's.
    const timer = file === 'sp_el1' ? undefined : timerOf(idx);
    if (timer !== undefined) {
      const tf = file === 'el2' ? v.el2 : pe.sys;
      let lo: number, hi: number;
      if (read) {
        [lo, hi] = timerRead(tf, timer, idx, counterValue(pe));
        if (rt !== 31) { x[2 * rt] = lo; x[2 * rt + 1] = hi; }
      } else {
        timerWrite(tf, timer, idx, rt === 31 ? 0 : x[2 * rt], counterValue(pe));
        [lo, hi] = timerRead(tf, timer, idx, counterValue(pe));
      }
      this.emit({ kind: 'sysreg', cpu: pe.index, name: def.name, read, lo, hi }, core);
      if (!read && core.sysregWatch !== undefined) core.sysregWritten(idx);
      this.skip(core);
      this.load(v);
      return true;
    }
    if ((def.storage ?? 'plain') !== 'plain' && file !== 'sp_el1') {
      core.requestError(`nested mode: ${def.name} accessed from virtual EL2 is not modelled by the host (special register)`);
      this.load(v); this.skip(core); return true;
    }
    if ((read && def.access === 'WO') || (!read && def.access === 'RO')) { this.load(v); return this.undef(core, v); }
    const f = file === 'el2' ? v.el2 : file === 'el1' ? v.el1 : pe.sys;
    let lo: number, hi: number;
    if (read) {
      if (file === 'sp_el1') { lo = v.l2SpEl1[0]; hi = v.l2SpEl1[1]; } else { lo = f.lo(idx); hi = f.hi(idx); }
      if (rt !== 31) { x[2 * rt] = lo; x[2 * rt + 1] = hi; }
    } else {
      lo = rt === 31 ? 0 : x[2 * rt]; hi = rt === 31 ? 0 : x[2 * rt + 1];
      if (file === 'sp_el1') { v.l2SpEl1[0] = lo; v.l2SpEl1[1] = hi; } else { f.write(idx, lo, hi); lo = f.lo(idx); hi = f.hi(idx); }
    }
    this.emit({ kind: 'sysreg', cpu: pe.index, name: def.name, read, lo, hi }, core);
    if (!read && core.sysregWatch !== undefined) core.sysregWritten(idx);
    this.skip(core);
    this.load(v);
    if (!read && file === 'el2' && EL2_REGIME_REG[idx]) {
      // The PE holds L1's EL2 regime in its EL1 registers: its cached translations of that regime go (as QEMU flushes on these writes).
      core.tlb.invalidate((r, vmid) => r === Regime.EL10 && vmid === 0);
    }
    if (!read) core.contextChanged();
    return true;
  }

  /** UNDEFINED at virtual EL2: an Unknown-reason exception into vEL2. */
  private undef(core: Core, v: Vcpu): boolean {
    this.injectToVel2(core, v, EC.UNKNOWN, 0, core.pe.pcLo, core.pe.pcHi, false, 0, 0, 'UNDEFINED at virtual EL2');
    return true;
  }

  private at(core: Core, v: Vcpu, name: string, vaLo: number, vaHi: number): void {
    this.atCount++;
    const e = emulateAt({ mem: this.l1mem, hostMem: this.mem, policy: this.opts.policy, lookupS2Mmu: (w) => this.lookupS2Mmu(w) }, v, name, vaLo, vaHi);
    if (e.par !== undefined) core.pe.sys.set(R.PAR_EL1, e.par[0], e.par[1]);
    this.skip(core);
    this.load(v); // the same registers again: the PE's translation context is unchanged
    this.emit(e, core);
  }

  /**
   * TLBI from virtual EL2 (sys_regs.c handle_alle1is, handle_vmalls12e1is, handle_ipas2e1is,
   * handle_ripas2e1is, handle_tlbi_el1, handle_tlbi_el2): unmap shadow stage-2 ranges and
   * drop the PEs' cached translations the operation names.
   */
  private tlbi(core: Core, v: Vcpu, name: string, lo: number, hi: number): void {
    const op = name.slice(5).replace(/NXS$/, '');
    const base = op.replace(/(IS|OS)$/, '');
    const targets = /(IS|OS)$/.test(op) ? this.cores : [core];
    const vmid = (v.el2.hi(VTTBR_EL2) >>> 16) & 0xff;
    const byVmid = this.mmus.filter((m) => m.valid && m.guestVmid() === vmid);
    let unmapped = 0;
    if (base === 'ALLE1') {
      for (const m of this.mmus) if (m.valid) unmapped += this.unmapMmu(m, core, 0, Infinity);
    } else if (base === 'VMALLS12E1') {
      for (const m of byVmid) unmapped += this.unmapMmu(m, core, 0, Infinity);
    } else if (base === 'IPAS2E1' || base === 'IPAS2LE1') {
      // Base IPA = Xt[35:0] << 12; the range from the TTL hint, else the guest's leaf level recorded at map time, else 1 GiB.
      const p = (hi & 0xf) * 2 ** 32 + (lo >>> 0); // Xt[35:0] = IPA[47:12], a page number
      const ttl = (hi >>> 12) & 0xf;
      for (const m of byVmid) {
        let level = (ttl & 0xc) !== 0 ? ttl & 3 : m.levels.get(p) ?? 1;
        if (level < 1) level = 1;
        const pages = 2 ** (9 * (3 - level));
        unmapped += this.unmapMmu(m, core, Math.floor(p / pages) * pages, pages);
      }
    } else if (base === 'RIPAS2E1' || base === 'RIPAS2LE1') {
      const tg = (hi >>> 14) & 3, scale = (hi >>> 12) & 3, num = (hi >>> 7) & 31;
      const tgPages = tg === 2 ? 4 : tg === 3 ? 16 : 1;
      const start = ((hi & 0x1f) * 2 ** 32 + (lo >>> 0)) * tgPages;
      const pages = (num + 1) * 2 ** (5 * scale + 1) * tgPages;
      for (const m of byVmid) unmapped += this.unmapMmu(m, core, start, pages);
    }
    // Stage-1 invalidation: EL1 operations name L2's translations (every shadow MMU of the VMID);
    // EL2 operations name L1's own regime, which the PEs cache with VMID 0.
    const el1Op = /E1$/.test(base) || /^(VMALLE1|ASIDE1)$/.test(base);
    const vmids = el1Op && !(v.e2h && v.tge) ? new Set(byVmid.map((m) => m.vmid)) : new Set([0]);
    for (const c of targets) { c.tlb.invalidate((r, x) => r === Regime.EL10 && vmids.has(x)); c.contextChanged(); }
    this.emit({ kind: 'tlbi', cpu: core.pe.index, op: name.slice(5), unmapped }, core);
  }

  /** kvm_handle_guest_abort on a shadow MMU: walk L1's stage 2, map the page or inject the fault into L1. */
  private guestAbort(core: Core, v: Vcpu, ec: number, iss: number, farLo: number, farHi: number): boolean {
    const pe = core.pe;
    const hp = pe.sys.lo(R.HPFAR_EL2) >>> 4 | 0;
    const ipaPage = (pe.sys.hi(R.HPFAR_EL2) & 0xfffff) * 2 ** 28 + (hp >>> 0);
    const ipa = ipaPage * 4096 + (farLo & 0xfff);
    const m = this.mmus[v.hwMmu];
    const s1ptw = (iss & (1 << 7)) !== 0;
    const write = ec === EC.DABT_LOW && !s1ptw && (iss & (1 << 6)) !== 0;
    const fetch = ec === EC.IABT_LOW;
    v.put();
    let l1Page = ipaPage, level = 3;
    let attrs = { memAttr: 0xf, sh: 3, s2ap: 3, xn: 0 };
    if (m.nestedStage2Enabled) {
      const view = v.buildView();
      const p = s2Setup(view);
      let fsc = -1;
      if ('fault' in p) fsc = 0x04 | (p.level & 3);
      else {
        const env = { mem: this.l1mem, inspect: false, write, record: false };
        const t = AArch64_S2Walk(env, p, ipa, s1ptw, Regime.EL10);
        if (t.fault !== undefined) fsc = encodeFsc(t.fault);
        else {
          const pr = t.perms;
          const el0 = pe.el === 0;
          const ok = pr !== undefined && (fetch ? (el0 ? pr.ux : pr.px) : write ? pr.pw : pr.pr);
          if (!ok) fsc = 0x0c | (t.level & 3);
          else {
            commitUpdate(env, t);
            l1Page = Math.floor(t.out / 4096);
            level = t.level;
            const dl = t.leafLo, dh = t.leafHi;
            attrs = { memAttr: (dl >>> 2) & 0xf, sh: (dl >>> 8) & 3, s2ap: (dl >>> 6) & 3, xn: (dh >>> 21) & 3 };
          }
        }
      }
      if (fsc >= 0) {
        // kvm_inject_s2_fault: the trapped ESR with L1's fault status, FAR and HPFAR of the access.
        this.load(v);
        this.injectToVel2(core, v, ec, (iss & ~0x3f) | fsc, pe.pcLo, pe.pcHi, true, farLo, farHi, 'stage-2 fault in the guest hypervisor\'s stage 2');
        // Reported after the injection, so a stop on it shows L1 at its vector with ESR/FAR/HPFAR_EL2 set.
        this.emit({ kind: 's2-fault', cpu: pe.index, ipa, write, outcome: 'injected', pa: -1, mmu: m.index }, core);
        return true;
      }
    }
    if (!this.l1Backed(l1Page * 4096)) {
      // No memslot behind L1's physical address: the VMM answers the MMIO exit with an external
      // abort, which the guest takes at its own EL1 as it would on hardware (bare mode: a bus error).
      this.load(v);
      const fsc = s1ptw ? 0x14 + (iss & 3) : 0x10;
      this.emit({ kind: 's2-fault', cpu: pe.index, ipa, write, outcome: 'external-abort', pa: -1, mmu: m.index }, core);
      core.syndromeInsn = 0;
      core.abort(fetch, fetch ? fsc : (iss & (1 << 6)) | fsc, farLo, farHi, 1);
      return true;
    }
    const paPage = Math.floor(this.l1PaToHost(l1Page * 4096) / 4096);
    shadowMapPage(this.mem, this.pages, m, ipaPage, paPage, attrs);
    m.levels.set(ipaPage, level);
    this.load(v);
    core.contextChanged();
    this.emit({ kind: 's2-fault', cpu: pe.index, ipa, write, outcome: 'mapped', pa: paPage * 4096 + (ipa % 4096), mmu: m.index }, core);
    return true; // retry the access
  }
}

function esrOf(ec: number, iss: number): number { return ((ec << 26) | (1 << 25) | (iss & 0x1ffffff)) | 0; }

/** Fault status codes a stage-2 walk reports: address size, translation, access flag, permission (levels -1..3). */
function isStage2Fsc(fsc: number): boolean { return fsc <= 0x0f || fsc === 0x29 || fsc === 0x2b; }

