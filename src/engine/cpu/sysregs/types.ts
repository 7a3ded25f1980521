// System register registry types. One SysRegDef per architectural register
// (Arm ARM D23 "AArch64 System Register Descriptions"). Values are hex strings
// in the data tables (readable, exact); the registry converts them to int32
// pairs once at start-up so no BigInt reaches the hot path.

/** A named field: `NAME [msb:lsb] = value (meaning)` in the debugger. */
export interface SysRegField {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  /** One line: what the field controls. */
  readonly doc: string;
  /** Meanings of particular values, e.g. { 0: '4KB', 1: '64KB', 2: '16KB' }. */
  readonly values?: Readonly<Record<number, string>>;
}

/** HCR_EL2 (and HCRX/MDCR/CPTR) controls that trap a lower-EL access to EL2. */
export type TrapControl =
  | 'TVM'   // HCR_EL2.TVM: writes to EL1 VM control registers
  | 'TRVM'  // HCR_EL2.TRVM: reads of EL1 VM control registers
  | 'TID0' | 'TID1' | 'TID2' | 'TID3' | 'TIDCP'
  | 'TACR'  // HCR_EL2.TACR: ACTLR_EL1
  | 'TSW' | 'TPC' | 'TPU' // HCR_EL2 cache maintenance by set/way, PoC, PoU
  | 'TTLB' | 'TTLBIS' | 'TTLBOS'
  | 'AT'    // HCR_EL2.AT: AT S1E0*/S1E1*
  | 'TLOR'
  | 'NV'    // HCR_EL2.NV: EL2 registers/instructions executed at EL1
  | 'TDZ';  // HCR_EL2.TDZ: DC ZVA

/** How the value is stored: a plain 64-bit cell, or state owned elsewhere. */
export type SysRegStorage =
  | 'plain'      // a 64-bit cell in the register file
  | 'const'      // read-only constant (ID registers): the reset value
  | 'special';   // computed or aliased by the PE (CurrentEL, NZCV, DAIF, SP_ELx, ...)

export interface SysRegDef {
  readonly name: string;            // e.g. 'HCR_EL2'
  readonly op0: number;
  readonly op1: number;
  readonly crn: number;
  readonly crm: number;
  readonly op2: number;
  /** Lowest exception level that may access it (0..3). */
  readonly minEl: 0 | 1 | 2 | 3;
  readonly access: 'RW' | 'RO' | 'WO';
  readonly storage: SysRegStorage;
  /** Reset value (hex string, 64-bit); '0x0' when architecturally UNKNOWN and QEMU resets it to 0. */
  readonly reset: string;
  /** Bits that read as zero and ignore writes (hex string); optional. */
  readonly res0?: string;
  /** Bits that read as one and ignore writes (hex string); optional. */
  readonly res1?: string;
  /** Lower-EL trap controls that apply to reads and writes from EL1/EL0. */
  readonly traps?: readonly TrapControl[];
  /** Only reads (R) or only writes (W) trap for these controls, e.g. TVM writes, TRVM reads. */
  readonly trapsRead?: readonly TrapControl[];
  readonly trapsWrite?: readonly TrapControl[];
  /** EL1 register whose name, at EL2 with HCR_EL2.E2H=1, addresses this EL2 register (FEAT_VHE). */
  readonly e2hAliasOf?: string;
  /** For *_EL12/*_EL02 names: the EL1/EL0 register they address at EL2 with E2H=1. */
  readonly el12Target?: string;
  /** Short description for hover docs. */
  readonly doc: string;
  readonly fields: readonly SysRegField[];
}

/** Key of an encoding: op0:op1:CRn:CRm:op2 packed in 16 bits (same layout as MRS/MSR bits [20:5]). */
export function sysRegKey(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return ((op0 & 3) << 14) | ((op1 & 7) << 11) | ((crn & 15) << 7) | ((crm & 15) << 3) | (op2 & 7);
}
