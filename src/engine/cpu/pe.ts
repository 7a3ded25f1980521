// Processing element state: general registers as int32 pairs, PC, PSTATE,
// banked stack pointers and the system register file. Behaviour lives in
// exceptions.ts, sysaccess.ts and ../isa/execute.ts; this file only holds
// state and the PSTATE <-> SPSR packing (Arm ARM D1.4 "Process state, PSTATE").
import { SysRegFile, sysRegIndex } from './sysregs/file';

/** Indices of the system registers the PE itself reads or writes. */
export const R = {
  SCTLR_EL1: sysRegIndex('SCTLR_EL1'), SCTLR_EL2: sysRegIndex('SCTLR_EL2'), HCR_EL2: sysRegIndex('HCR_EL2'),
  VBAR_EL1: sysRegIndex('VBAR_EL1'), VBAR_EL2: sysRegIndex('VBAR_EL2'),
  ESR_EL1: sysRegIndex('ESR_EL1'), ESR_EL2: sysRegIndex('ESR_EL2'),
  FAR_EL1: sysRegIndex('FAR_EL1'), FAR_EL2: sysRegIndex('FAR_EL2'), HPFAR_EL2: sysRegIndex('HPFAR_EL2'),
  ELR_EL1: sysRegIndex('ELR_EL1'), ELR_EL2: sysRegIndex('ELR_EL2'),
  SPSR_EL1: sysRegIndex('SPSR_EL1'), SPSR_EL2: sysRegIndex('SPSR_EL2'),
  TCR_EL1: sysRegIndex('TCR_EL1'), TCR_EL2: sysRegIndex('TCR_EL2'),
  MDCR_EL2: sysRegIndex('MDCR_EL2'), CPTR_EL2: sysRegIndex('CPTR_EL2'), CPACR_EL1: sysRegIndex('CPACR_EL1'),
  PAR_EL1: sysRegIndex('PAR_EL1'), MPIDR_EL1: sysRegIndex('MPIDR_EL1'), VMPIDR_EL2: sysRegIndex('VMPIDR_EL2'),
  MIDR_EL1: sysRegIndex('MIDR_EL1'), VPIDR_EL2: sysRegIndex('VPIDR_EL2'),
} as const;

// HCR_EL2 bits used by the PE (Arm ARM D23.2.48), by bit number.
export const HCR = {
  VM: 0, PTW: 2, DC: 12, TWI: 13, TWE: 14, TID1: 16, TID2: 17, TID3: 18, TSC: 19,
  TIDCP: 20, TACR: 21, TSW: 22, TPCP: 23, TPU: 24, TTLB: 25, TVM: 26, TGE: 27,
  TDZ: 28, HCD: 29, TRVM: 30, RW: 31,
  CD: 32, ID: 33, E2H: 34, TLOR: 35, TERR: 36, TEA: 37, NV: 42, NV1: 43, AT: 44,
  FWB: 46, TTLBIS: 54, TTLBOS: 55,
} as const;
export type HcrBit = keyof typeof HCR;

export class Pe {
  /** X0..X30 at [2r, 2r+1]; slot 31 is the zero register (never written); slot 32 is the current SP. */
  readonly x = new Int32Array(66);
  pcLo = 0;
  pcHi = 0;
  // PSTATE
  /** NZCV packed as N<<3 | Z<<2 | C<<1 | V: one load for a condition check, one store per flag-setting op. */
  f = 0;
  get n(): number { return (this.f >>> 3) & 1; }
  set n(b: number) { this.f = (this.f & 7) | ((b & 1) << 3); }
  get z(): number { return (this.f >>> 2) & 1; }
  set z(b: number) { this.f = (this.f & 11) | ((b & 1) << 2); }
  get c(): number { return (this.f >>> 1) & 1; }
  set c(b: number) { this.f = (this.f & 13) | ((b & 1) << 1); }
  get v(): number { return this.f & 1; }
  set v(b: number) { this.f = (this.f & 14) | (b & 1); }
  el = 2;
  spsel = 1;
  /** D, A, I, F as SPSR bits [9:6]. */
  daif = 0x3c0;
  pan = 0; uao = 0; dit = 0; ssbs = 0; tco = 0; btype = 0; ss = 0; il = 0;
  /** SP_EL0, SP_EL1, SP_EL2 (banked copies; the live one is in x[64..65]). */
  readonly spBank = new Int32Array(6);
  readonly sys = new SysRegFile();
  /** Exclusive monitor: armed, physical address and size of the marked block. */
  exclusiveValid = false;
  exclusivePa = 0;
  exclusiveBytes = 0;
  /** WFE event register. */
  event = false;
  halted = false;
  /** Instructions retired on this PE (deterministic time base). */
  insns = 0;

  constructor(readonly index: number) {}

  /** Which banked SP the current EL/SPSel selects: 0, 1 or 2. */
  spIndex(): number { return this.spsel === 0 ? 0 : this.el; }

  saveSp(): void { const i = this.spIndex(); this.spBank[2 * i] = this.x[64]; this.spBank[2 * i + 1] = this.x[65]; }
  loadSp(): void { const i = this.spIndex(); this.x[64] = this.spBank[2 * i]; this.x[65] = this.spBank[2 * i + 1]; }

  /** Change EL and SPSel together, keeping the banked SPs coherent. */
  setElSp(el: number, spsel: number): void {
    this.saveSp();
    this.el = el;
    this.spsel = spsel;
    this.loadSp();
  }

  /** Read a banked SP_ELn (n = 0..2) as seen from outside: the live value if selected. */
  readSpEl(n: number, out: Int32Array): void {
    if (this.spIndex() === n) { out[0] = this.x[64]; out[1] = this.x[65]; } else { out[0] = this.spBank[2 * n]; out[1] = this.spBank[2 * n + 1]; }
  }
  writeSpEl(n: number, lo: number, hi: number): void {
    if (this.spIndex() === n) { this.x[64] = lo; this.x[65] = hi; } else { this.spBank[2 * n] = lo; this.spBank[2 * n + 1] = hi; }
  }

  /** HCR_EL2 bit `n` (use the HCR constants: pe.hcr(HCR.E2H)). */
  hcr(n: number): number {
    return (this.sys.v[2 * R.HCR_EL2 + (n >>> 5)] >>> (n & 31)) & 1;
  }

  nzcv(): number { return this.f << 28; }
  setNzcv(v: number): void { this.f = (v >>> 28) & 15; }

  /** PSTATE as an SPSR value (AArch64 format, D1.4.2); fits in 32 bits. */
  packSpsr(): number {
    return (this.nzcv() | (this.tco << 25) | (this.dit << 24) | (this.uao << 23) | (this.pan << 22) | (this.ss << 21) |
      (this.il << 20) | (this.ssbs << 12) | (this.btype << 10) | this.daif | (this.el << 2) | this.spsel) | 0;
  }

  /** Restore PSTATE fields from an SPSR (after the caller has validated the target EL). */
  unpackSpsr(s: number, el: number, spsel: number): void {
    this.setNzcv(s);
    this.tco = (s >>> 25) & 1; this.dit = (s >>> 24) & 1; this.uao = (s >>> 23) & 1; this.pan = (s >>> 22) & 1;
    this.ss = (s >>> 21) & 1; this.il = (s >>> 20) & 1; this.ssbs = (s >>> 12) & 1; this.btype = (s >>> 10) & 3;
    this.daif = s & 0x3c0;
    this.setElSp(el, spsel);
  }

  /** Architectural reset into `el` (QEMU virt: DAIF masked, SPSel=1). */
  reset(el: number): void {
    this.x.fill(0);
    this.spBank.fill(0);
    this.sys.reset();
    this.pcLo = 0; this.pcHi = 0;
    // QEMU 7.2 leaves PSTATE.Z set out of reset (NZCV reads 0x40000000 at entry).
    this.f = 4;
    this.el = el; this.spsel = 1; this.daif = 0x3c0;
    this.pan = this.uao = this.dit = this.ssbs = this.tco = this.btype = this.ss = this.il = 0;
    this.exclusiveValid = false; this.event = false; this.halted = false; this.insns = 0;
  }
}
