// Helpers and field layouts shared by the registry-data-* tables.
// Field names and positions follow the Arm ARM (DDI 0487) register
// descriptions; reset values and write masks were measured on QEMU 7.2
// `-machine virt,virtualization=on,gic-version=3 -cpu max` (see
// QEMU_WRITE_MASKS in registry-data-misc.ts).

import { SysRegDef, SysRegField, SysRegStorage, TrapControl } from './types';

type Values = Readonly<Record<number, string>>;

/** A multi-bit field [msb:lsb]. */
export function fld(name: string, msb: number, lsb: number, doc: string, values?: Values): SysRegField {
  return values ? { name, msb, lsb, doc, values } : { name, msb, lsb, doc };
}

/** A single-bit field [n]. */
export function bit(name: string, n: number, doc: string, values?: Values): SysRegField {
  return fld(name, n, n, doc, values);
}

export interface RegOpts {
  minEl?: 0 | 1 | 2 | 3;
  access?: 'RW' | 'RO' | 'WO';
  storage?: SysRegStorage;
  reset?: string;
  res0?: string;
  res1?: string;
  traps?: readonly TrapControl[];
  trapsRead?: readonly TrapControl[];
  trapsWrite?: readonly TrapControl[];
  e2hAliasOf?: string;
  el12Target?: string;
}

/** Encoding tuple: op0, op1, CRn, CRm, op2. */
export type Enc = readonly [number, number, number, number, number];

// Lowest EL implied by op1 (Arm ARM C5.3 "op1 encodes the lowest EL").
function defaultMinEl(op0: number, op1: number): 0 | 1 | 2 | 3 {
  if (op1 === 3) return 0;
  if (op1 === 4 || op1 === 5) return 2;
  if (op1 === 6) return 3;
  return op0 === 2 && op1 === 3 ? 0 : 1;
}

/**
 * Build a SysRegDef. EL2-only encodings (op1 = 4 or 5) get the HCR_EL2.NV
 * trap automatically: with NV=1 an EL1 access traps to EL2 instead of UNDEF.
 */
export function reg(name: string, enc: Enc, doc: string, fields: readonly SysRegField[], o: RegOpts = {}): SysRegDef {
  const [op0, op1, crn, crm, op2] = enc;
  const minEl = o.minEl ?? defaultMinEl(op0, op1);
  let traps = o.traps;
  if ((op1 === 4 || op1 === 5) && minEl === 2) traps = [...(traps ?? []), 'NV'];
  const def: SysRegDef = {
    name, op0, op1, crn, crm, op2, minEl,
    access: o.access ?? 'RW',
    storage: o.storage ?? 'plain',
    reset: o.reset ?? '0x0',
    doc, fields,
    ...(o.res0 !== undefined ? { res0: o.res0 } : {}),
    ...(o.res1 !== undefined ? { res1: o.res1 } : {}),
    ...(traps !== undefined ? { traps } : {}),
    ...(o.trapsRead !== undefined ? { trapsRead: o.trapsRead } : {}),
    ...(o.trapsWrite !== undefined ? { trapsWrite: o.trapsWrite } : {}),
    ...(o.e2hAliasOf !== undefined ? { e2hAliasOf: o.e2hAliasOf } : {}),
    ...(o.el12Target !== undefined ? { el12Target: o.el12Target } : {}),
  };
  return def;
}

/** ID register (storage 'const', read-only, HCR_EL2.TID3 unless overridden). */
export function idreg(name: string, enc: Enc, reset: string, doc: string, fields: readonly SysRegField[], o: RegOpts = {}): SysRegDef {
  return reg(name, enc, doc, fields, { access: 'RO', storage: 'const', reset, traps: ['TID3'], ...o });
}

/** A 4-bit ID field with the common "0 = not implemented" meaning. */
export function idf(name: string, lsb: number, doc: string, values?: Values): SysRegField {
  return fld(name, lsb + 3, lsb, doc, values ?? { 0: 'not implemented', 1: 'implemented' });
}

/** A whole-register field (addresses, counters, keys). */
export function whole(name: string, doc: string, msb = 63): SysRegField {
  return fld(name, msb, 0, doc);
}

// The HCR_EL2.TVM/TRVM set (Arm ARM D8.x "Virtual memory control registers").
export const TVM_TRVM: RegOpts = { trapsWrite: ['TVM'], trapsRead: ['TRVM'] };

// ---------------------------------------------------------------------------
// Shared value maps.

export const SH_VALUES: Values = { 0: 'Non-shareable', 1: 'reserved', 2: 'Outer Shareable', 3: 'Inner Shareable' };
export const RGN_VALUES: Values = { 0: 'Non-cacheable', 1: 'WB RA WA', 2: 'WT RA nWA', 3: 'WB RA nWA' };
export const PS_VALUES: Values = { 0: '32 bits, 4GB', 1: '36 bits, 64GB', 2: '40 bits, 1TB', 3: '42 bits, 4TB', 4: '44 bits, 16TB', 5: '48 bits, 256TB', 6: '52 bits, 4PB' };
export const TG0_VALUES: Values = { 0: '4KB', 1: '64KB', 2: '16KB' };
export const TG1_VALUES: Values = { 1: '16KB', 2: '4KB', 3: '64KB' };
export const EL_MODE_VALUES: Values = { 0: 'EL0t', 4: 'EL1t', 5: 'EL1h', 8: 'EL2t', 9: 'EL2h', 12: 'EL3t', 13: 'EL3h' };
export const FPEN_VALUES: Values = { 0: 'trap EL0+EL1', 1: 'trap EL0 only', 2: 'trap EL0+EL1', 3: 'no trap' };

/** ESR_ELx.EC: exception classes (Arm ARM D23 ESR_EL1/ESR_EL2). */
export const EC_VALUES: Values = {
  0x00: 'Unknown reason', 0x01: 'WFI/WFE/WFIT/WFET', 0x03: 'MCR/MRC cp15 (AArch32)', 0x04: 'MCRR/MRRC cp15 (AArch32)',
  0x05: 'MCR/MRC cp14 (AArch32)', 0x06: 'LDC/STC (AArch32)', 0x07: 'SVE/SIMD/FP access trap', 0x08: 'VMRS (ID group, AArch32)',
  0x09: 'PAuth instruction trap', 0x0a: 'LD64B/ST64B*', 0x0c: 'MRRC cp14 (AArch32)', 0x0d: 'Branch Target Exception',
  0x0e: 'Illegal Execution state', 0x11: 'SVC (AArch32)', 0x12: 'HVC (AArch32)', 0x13: 'SMC (AArch32)',
  0x15: 'SVC (AArch64)', 0x16: 'HVC (AArch64)', 0x17: 'SMC (AArch64)', 0x18: 'MSR/MRS/System instruction trap',
  0x19: 'SVE access trap', 0x1a: 'ERET/ERETAA/ERETAB trap', 0x1b: 'TSTART access trap', 0x1c: 'PAC failure',
  0x1d: 'SME access trap', 0x1e: 'Granule Protection Check', 0x1f: 'IMPLEMENTATION DEFINED (EL3)',
  0x20: 'Instruction Abort, lower EL', 0x21: 'Instruction Abort, same EL', 0x22: 'PC alignment fault',
  0x24: 'Data Abort, lower EL', 0x25: 'Data Abort, same EL', 0x26: 'SP alignment fault', 0x27: 'Memory Operation exception',
  0x28: 'FP exception (AArch32)', 0x2c: 'FP exception (AArch64)', 0x2f: 'SError', 0x30: 'Breakpoint, lower EL',
  0x31: 'Breakpoint, same EL', 0x32: 'Software Step, lower EL', 0x33: 'Software Step, same EL', 0x34: 'Watchpoint, lower EL',
  0x35: 'Watchpoint, same EL', 0x38: 'BKPT (AArch32)', 0x3a: 'Vector Catch (AArch32)', 0x3c: 'BRK (AArch64)',
};

// ---------------------------------------------------------------------------
// Shared field layouts.

/** ESR_ELx (Arm ARM D23 ESR_EL1, ESR_EL2). */
export const ESR_FIELDS: readonly SysRegField[] = [
  fld('ISS2', 55, 32, 'Instruction Specific Syndrome 2 (FEAT_LS64/FEAT_THE)'),
  fld('EC', 31, 26, 'Exception Class', EC_VALUES),
  bit('IL', 25, 'Instruction Length for synchronous exceptions', { 0: '16-bit', 1: '32-bit' }),
  fld('ISS', 24, 0, 'Instruction Specific Syndrome (meaning depends on EC)'),
];

/** SPSR_ELx, AArch64 layout (Arm ARM D23 SPSR_EL1/SPSR_EL2, exception from AArch64). */
export const SPSR_FIELDS: readonly SysRegField[] = [
  fld('M', 3, 0, 'AArch64 Exception level and SP selection', EL_MODE_VALUES),
  bit('nRW', 4, 'Execution state taken from', { 0: 'AArch64', 1: 'AArch32' }),
  bit('F', 6, 'FIQ mask'),
  bit('I', 7, 'IRQ mask'),
  bit('A', 8, 'SError mask'),
  bit('D', 9, 'Debug exception mask'),
  fld('BTYPE', 11, 10, 'Branch type indicator (FEAT_BTI)'),
  bit('SSBS', 12, 'Speculative Store Bypass Safe (FEAT_SSBS)'),
  bit('ALLINT', 13, 'All interrupt mask (FEAT_NMI)'),
  bit('IL', 20, 'Illegal Execution state'),
  bit('SS', 21, 'Software Step'),
  bit('PAN', 22, 'Privileged Access Never (FEAT_PAN)'),
  bit('UAO', 23, 'User Access Override (FEAT_UAO)'),
  bit('DIT', 24, 'Data Independent Timing (FEAT_DIT)'),
  bit('TCO', 25, 'Tag Check Override (FEAT_MTE)'),
  bit('V', 28, 'Overflow flag'),
  bit('C', 29, 'Carry flag'),
  bit('Z', 30, 'Zero flag'),
  bit('N', 31, 'Negative flag'),
];

/** MAIR_ELx: eight 8-bit memory attribute encodings. */
export const MAIR_FIELDS: readonly SysRegField[] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
  fld(`Attr${i}`, i * 8 + 7, i * 8, `Memory attribute for AttrIndx ${i}`, {
    0x00: 'Device-nGnRnE', 0x04: 'Device-nGnRE', 0x08: 'Device-nGRE', 0x0c: 'Device-GRE',
    0x44: 'Normal NC', 0xbb: 'Normal WT', 0xff: 'Normal WB RW-alloc', 0xf0: 'Tagged Normal WB',
  }));

/** TTBR0/1_ELx (Arm ARM D23 TTBR0_EL1). */
export const TTBR_FIELDS: readonly SysRegField[] = [
  bit('CnP', 0, 'Common not Private (FEAT_TTCNP)'),
  fld('BADDR', 47, 1, 'Translation table base address (bits [5:1] are BADDR[51:48] or RES0 with 52-bit PA)'),
  fld('ASID', 63, 48, 'ASID for the translation table base address'),
];

/** TCR_EL1 (also TCR_EL2 with HCR_EL2.E2H=1). */
export const TCR_EL1_FIELDS: readonly SysRegField[] = [
  fld('T0SZ', 5, 0, 'Size offset of the TTBR0 region: 2^(64-T0SZ) bytes'),
  bit('EPD0', 7, 'Translation walk disable for TTBR0 region'),
  fld('IRGN0', 9, 8, 'Inner cacheability of TTBR0 walks', RGN_VALUES),
  fld('ORGN0', 11, 10, 'Outer cacheability of TTBR0 walks', RGN_VALUES),
  fld('SH0', 13, 12, 'Shareability of TTBR0 walks', SH_VALUES),
  fld('TG0', 15, 14, 'TTBR0 granule size', TG0_VALUES),
  fld('T1SZ', 21, 16, 'Size offset of the TTBR1 region: 2^(64-T1SZ) bytes'),
  bit('A1', 22, 'ASID select', { 0: 'TTBR0_ELx.ASID', 1: 'TTBR1_ELx.ASID' }),
  bit('EPD1', 23, 'Translation walk disable for TTBR1 region'),
  fld('IRGN1', 25, 24, 'Inner cacheability of TTBR1 walks', RGN_VALUES),
  fld('ORGN1', 27, 26, 'Outer cacheability of TTBR1 walks', RGN_VALUES),
  fld('SH1', 29, 28, 'Shareability of TTBR1 walks', SH_VALUES),
  fld('TG1', 31, 30, 'TTBR1 granule size', TG1_VALUES),
  fld('IPS', 34, 32, 'Intermediate Physical Address Size', PS_VALUES),
  bit('AS', 36, 'ASID size', { 0: '8 bit', 1: '16 bit' }),
  bit('TBI0', 37, 'Top Byte Ignore for TTBR0 region'),
  bit('TBI1', 38, 'Top Byte Ignore for TTBR1 region'),
  bit('HA', 39, 'Hardware Access flag update (FEAT_HAFDBS)'),
  bit('HD', 40, 'Hardware dirty state management (FEAT_HAFDBS)'),
  bit('HPD0', 41, 'Hierarchical permission disable, TTBR0 (FEAT_HPDS)'),
  bit('HPD1', 42, 'Hierarchical permission disable, TTBR1 (FEAT_HPDS)'),
  bit('HWU059', 43, 'IMPDEF use of bit[59] in TTBR0 leaf descriptors (FEAT_HPDS2)'),
  bit('HWU060', 44, 'IMPDEF use of bit[60] in TTBR0 leaf descriptors'),
  bit('HWU061', 45, 'IMPDEF use of bit[61] in TTBR0 leaf descriptors'),
  bit('HWU062', 46, 'IMPDEF use of bit[62] in TTBR0 leaf descriptors'),
  bit('HWU159', 47, 'IMPDEF use of bit[59] in TTBR1 leaf descriptors'),
  bit('HWU160', 48, 'IMPDEF use of bit[60] in TTBR1 leaf descriptors'),
  bit('HWU161', 49, 'IMPDEF use of bit[61] in TTBR1 leaf descriptors'),
  bit('HWU162', 50, 'IMPDEF use of bit[62] in TTBR1 leaf descriptors'),
  bit('TBID0', 51, 'TBI applies to data accesses only, TTBR0 (FEAT_PAuth)'),
  bit('TBID1', 52, 'TBI applies to data accesses only, TTBR1 (FEAT_PAuth)'),
  bit('NFD0', 53, 'Non-fault SVE accesses to TTBR0 region fault (FEAT_SVE)'),
  bit('NFD1', 54, 'Non-fault SVE accesses to TTBR1 region fault (FEAT_SVE)'),
  bit('E0PD0', 55, 'EL0 access to TTBR0 region faults (FEAT_E0PD)'),
  bit('E0PD1', 56, 'EL0 access to TTBR1 region faults (FEAT_E0PD)'),
  bit('TCMA0', 57, 'Unchecked accesses for tag 0x0 in TTBR0 region (FEAT_MTE2)'),
  bit('TCMA1', 58, 'Unchecked accesses for tag 0xF in TTBR1 region (FEAT_MTE2)'),
  bit('DS', 59, '52-bit output addresses with 4KB/16KB granules (FEAT_LPA2)'),
];

/**
 * SCTLR_EL1 (and SCTLR_EL2 with HCR_EL2.{E2H,TGE}={1,1}). Bits 37..43
 * (ITFSB, TCF0, TCF, ATA0, ATA) read as zero on QEMU 7.2 -cpu max because
 * it implements only FEAT_MTE instructions-at-EL0 (ID_AA64PFR1_EL1.MTE=0).
 */
export const SCTLR_EL1_FIELDS: readonly SysRegField[] = [
  bit('M', 0, 'Stage 1 MMU enable'),
  bit('A', 1, 'Alignment check enable'),
  bit('C', 2, 'Data cacheability control'),
  bit('SA', 3, 'SP alignment check for this EL'),
  bit('SA0', 4, 'SP alignment check for EL0'),
  bit('CP15BEN', 5, 'AArch32 EL0 CP15 barrier enable'),
  bit('nAA', 6, 'Non-aligned access: LDAPR/STLR etc. do not fault (FEAT_LSE2)'),
  bit('ITD', 7, 'AArch32 EL0 IT instruction disable'),
  bit('SED', 8, 'AArch32 EL0 SETEND disable'),
  bit('UMA', 9, 'User Mask Access: EL0 MSR/MRS DAIF allowed'),
  bit('EnRCTX', 10, 'EL0 access to CFP/DVP/CPP RCTX enable (FEAT_SPECRES)'),
  bit('EOS', 11, 'Exception exit is context synchronizing (FEAT_ExS)'),
  bit('I', 12, 'Instruction cacheability control'),
  bit('EnDB', 13, 'Pointer auth (APDBKey) enable'),
  bit('DZE', 14, 'EL0 DC ZVA enable (and DCZID_EL0.DZP)'),
  bit('UCT', 15, 'EL0 access to CTR_EL0 enable'),
  bit('nTWI', 16, 'Do not trap EL0 WFI'),
  bit('nTWE', 18, 'Do not trap EL0 WFE'),
  bit('WXN', 19, 'Write permission implies XN'),
  bit('TSCXT', 20, 'Trap EL0 SCXTNUM_EL0 access (FEAT_CSV2_2)'),
  bit('IESB', 21, 'Implicit error synchronization event (FEAT_IESB)'),
  bit('EIS', 22, 'Exception entry is context synchronizing (FEAT_ExS)'),
  bit('SPAN', 23, 'Set PSTATE.PAN on exception entry (0 = set) (FEAT_PAN)'),
  bit('E0E', 24, 'Endianness of EL0 data accesses', { 0: 'little', 1: 'big' }),
  bit('EE', 25, 'Endianness of this EL data accesses and walks', { 0: 'little', 1: 'big' }),
  bit('UCI', 26, 'EL0 cache maintenance (DC CVAU/CIVAC/CVAC, IC IVAU) enable'),
  bit('EnDA', 27, 'Pointer auth (APDAKey) enable'),
  bit('nTLSMD', 28, 'No trap of AArch32 LDM/STM to Device memory (FEAT_LSMAOC)'),
  bit('LSMAOE', 29, 'Load/Multiple atomicity and ordering enable (FEAT_LSMAOC)'),
  bit('EnIB', 30, 'Pointer auth (APIBKey) enable'),
  bit('EnIA', 31, 'Pointer auth (APIAKey) enable'),
  bit('CMOW', 32, 'Cache maintenance on write-permission (FEAT_CMOW)'),
  bit('MSCEn', 33, 'Memory copy/set instructions enable at EL0 (FEAT_MOPS)'),
  bit('BT0', 35, 'PAC branch type compatibility at EL0 (FEAT_BTI)'),
  bit('BT1', 36, 'PAC branch type compatibility at this EL (FEAT_BTI)'),
  bit('ITFSB', 37, 'Tag check faults synchronized on exception entry (FEAT_MTE2)'),
  fld('TCF0', 39, 38, 'Tag check fault behaviour at EL0 (FEAT_MTE2)', { 0: 'no effect', 1: 'sync', 2: 'async', 3: 'asymmetric' }),
  fld('TCF', 41, 40, 'Tag check fault behaviour at this EL (FEAT_MTE2)', { 0: 'no effect', 1: 'sync', 2: 'async', 3: 'asymmetric' }),
  bit('ATA0', 42, 'Allocation tag access at EL0 (FEAT_MTE2)'),
  bit('ATA', 43, 'Allocation tag access at this EL (FEAT_MTE2)'),
  bit('DSSBS', 44, 'Default PSTATE.SSBS on exception entry (FEAT_SSBS)'),
  bit('TWEDEn', 45, 'Delayed WFE trapping enable (FEAT_TWED)'),
  fld('TWEDEL', 49, 46, 'Delay of WFE trapping: 2^(TWEDEL+8) cycles (FEAT_TWED)'),
  bit('TMT0', 50, 'TSTART at EL0 is a NOP (FEAT_TME)'),
  bit('TMT', 51, 'TSTART at this EL is a NOP (FEAT_TME)'),
  bit('TME0', 52, 'TME instructions enable at EL0 (FEAT_TME)'),
  bit('TME', 53, 'TME instructions enable at this EL (FEAT_TME)'),
  bit('EnASR', 54, 'EL0 ST64BV enable (FEAT_LS64_V)'),
  bit('EnAS0', 55, 'EL0 ST64BV0 enable (FEAT_LS64_ACCDATA)'),
  bit('EnALS', 56, 'EL0 LD64B/ST64B enable (FEAT_LS64)'),
  bit('EPAN', 57, 'Enhanced PAN: PAN also covers execute-only (FEAT_PAN3)'),
  bit('EnTP2', 60, 'EL0 access to TPIDR2_EL0 enable (FEAT_SME)'),
  bit('NMI', 61, 'Non-maskable interrupts enable (FEAT_NMI)'),
  bit('SPINTMASK', 62, 'SP_ELx interrupt mask (FEAT_NMI)'),
  bit('TIDCP', 63, 'Trap EL0 IMPLEMENTATION DEFINED system registers (FEAT_TIDCP1)'),
];

/** CPACR_EL1 (CPTR_EL2 with HCR_EL2.E2H=1 adds TAM and TCPAC). */
export const CPACR_FIELDS: readonly SysRegField[] = [
  fld('ZEN', 17, 16, 'SVE instruction/register trap', FPEN_VALUES),
  fld('FPEN', 21, 20, 'FP/Advanced SIMD trap', FPEN_VALUES),
  fld('SMEN', 25, 24, 'SME instruction/register trap', FPEN_VALUES),
  bit('TTA', 28, 'Trap trace register accesses'),
];

/** CNTx_CTL_EL0 / CNTHx_CTL_EL2 timer control. */
export const TIMER_CTL_FIELDS: readonly SysRegField[] = [
  bit('ENABLE', 0, 'Timer enable'),
  bit('IMASK', 1, 'Timer interrupt mask'),
  bit('ISTATUS', 2, 'Timer condition met (read-only)'),
];

/** CNTKCTL_EL1 (also CNTHCTL_EL2 with HCR_EL2.E2H=1, bits [9:0]). */
export const CNTKCTL_FIELDS: readonly SysRegField[] = [
  bit('EL0PCTEN', 0, 'EL0 access to CNTPCT_EL0/CNTFRQ_EL0 enable'),
  bit('EL0VCTEN', 1, 'EL0 access to CNTVCT_EL0/CNTFRQ_EL0 enable'),
  bit('EVNTEN', 2, 'Event stream enable'),
  bit('EVNTDIR', 3, 'Event stream trigger on', { 0: '0->1 transition', 1: '1->0 transition' }),
  fld('EVNTI', 7, 4, 'Event stream counter bit select'),
  bit('EL0VTEN', 8, 'EL0 access to virtual timer registers enable'),
  bit('EL0PTEN', 9, 'EL0 access to physical timer registers enable'),
  bit('EVNTIS', 17, 'Event stream scaled by 2^10 (FEAT_ECV)'),
];

/** CONTEXTIDR_ELx */
export const CONTEXTIDR_FIELDS: readonly SysRegField[] = [fld('PROCID', 31, 0, 'Process identifier')];

/** VBAR_ELx */
export const VBAR_FIELDS: readonly SysRegField[] = [fld('VBA', 63, 11, 'Vector base address (2KB aligned)')];

/** ELR_ELx / FAR_ELx / generic 64-bit address. */
export const ADDR_FIELDS: readonly SysRegField[] = [whole('ADDR', 'Address')];
