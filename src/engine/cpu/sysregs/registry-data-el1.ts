// PSTATE/special-purpose registers, EL1/EL0 control registers, pointer
// authentication keys, EL0 generic timer, self-hosted debug and PMU.
//
// QEMU 7.2 -cpu max facts that shape this table (measured, see
// QEMU_WRITE_MASKS):
//  - ID_AA64PFR1_EL1.MTE = 0: TCO, GCR_EL1, RGSR_EL1, GMID_EL1 UNDEF, so they
//    are not listed; SCTLR_ELx bits [43:37] (MTE controls) read as zero.
//  - FEAT_NMI absent: ALLINT UNDEF. FEAT_TCR2/SCTLR2 absent: TCR2_EL1 UNDEF.
//  - FEAT_TRF absent: TRFCR_ELx UNDEF. RVBAR_EL1 UNDEF (EL2 is the highest EL).
//  - Debug: 6 breakpoints, 4 watchpoints (ID_AA64DFR0_EL1.BRPs=5, WRPs=3);
//    OSDTRRX/OSDTRTX/OSECCR/DBGPRCR/DBGCLAIM*/DBGAUTHSTATUS/DBGDTR UNDEF.
//  - PMU: PMCR_EL0.N = 6 event counters; PMEVCNTR6+ UNDEF.
//  - ACTLR_EL1, AFSR0/1_EL1, AMAIR_EL1 and the LOR registers are RAZ/WI.
// Traps not expressible as TrapControl (MDCR_EL2.TDA/TDOSA/TPM, CPTR_EL2.TFP/
// TZ/TSM, CNTHCTL_EL2, SCTLR_EL1.UCT/UMA) are named in the doc strings.

import { SysRegDef, SysRegField } from './types';
import {
  ADDR_FIELDS, CNTKCTL_FIELDS, CONTEXTIDR_FIELDS, CPACR_FIELDS, ESR_FIELDS, MAIR_FIELDS, SCTLR_EL1_FIELDS,
  SPSR_FIELDS, TCR_EL1_FIELDS, TIMER_CTL_FIELDS, TTBR_FIELDS, TVM_TRVM, VBAR_FIELDS, bit, fld, reg, whole,
} from './registry-data-common';

/** PAR_EL1 with PAR_EL1.F = 0 (successful translation). */
export const PAR_EL1_FIELDS: readonly SysRegField[] = [
  bit('F', 0, 'Translation aborted', { 0: 'success', 1: 'fault' }),
  fld('SH', 8, 7, 'Shareability of the output', { 0: 'Non-shareable', 2: 'Outer Shareable', 3: 'Inner Shareable' }),
  bit('NS', 9, 'Non-secure output address'),
  bit('IMPDEF', 10, 'IMPLEMENTATION DEFINED'),
  bit('NSE', 11, 'Output PA space with NS (FEAT_RME)'),
  fld('PA', 51, 12, 'Output address bits [51:12]'),
  fld('ATTR', 63, 56, 'Memory attributes, MAIR encoding', {
    0x00: 'Device-nGnRnE', 0x04: 'Device-nGnRE', 0x08: 'Device-nGRE', 0x0c: 'Device-GRE',
    0x44: 'Normal NC', 0xff: 'Normal WB RW-alloc',
  }),
];

/** PAR_EL1 with PAR_EL1.F = 1 (aborted translation): alternative layout. */
export const PAR_EL1_FAULT_FIELDS: readonly SysRegField[] = [
  bit('F', 0, 'Translation aborted', { 0: 'success', 1: 'fault' }),
  fld('FST', 6, 1, 'Fault status code (DFSC encoding)', {
    0x00: 'Address size fault L0', 0x01: 'Address size fault L1', 0x02: 'Address size fault L2', 0x03: 'Address size fault L3',
    0x04: 'Translation fault L0', 0x05: 'Translation fault L1', 0x06: 'Translation fault L2', 0x07: 'Translation fault L3',
    0x09: 'Access flag fault L1', 0x0a: 'Access flag fault L2', 0x0b: 'Access flag fault L3', 0x08: 'Access flag fault L0',
    0x0d: 'Permission fault L1', 0x0e: 'Permission fault L2', 0x0f: 'Permission fault L3', 0x0c: 'Permission fault L0',
    0x10: 'Synchronous External abort', 0x21: 'Alignment fault', 0x30: 'TLB conflict abort',
    0x29: 'Address size fault L-1', 0x2b: 'Translation fault L-1',
  }),
  bit('PTW', 8, 'Stage 2 fault on a stage 1 table walk'),
  bit('S', 9, 'Fault stage', { 0: 'stage 1', 1: 'stage 2' }),
  bit('RES1', 11, 'Reserved, RES1'),
  fld('IMPDEF', 63, 52, 'IMPLEMENTATION DEFINED'),
];

const FPCR_FIELDS: readonly SysRegField[] = [
  bit('FIZ', 0, 'Flush inputs to zero (FEAT_AFP)'),
  bit('AH', 1, 'Alternate handling (FEAT_AFP)'),
  bit('NEP', 2, 'Preserve upper elements for scalar ops (FEAT_AFP)'),
  bit('IOE', 8, 'Invalid Operation trap enable'),
  bit('DZE', 9, 'Divide by Zero trap enable'),
  bit('OFE', 10, 'Overflow trap enable'),
  bit('UFE', 11, 'Underflow trap enable'),
  bit('IXE', 12, 'Inexact trap enable'),
  bit('EBF', 13, 'Extended BFloat16 behaviour'),
  bit('IDE', 15, 'Input Denormal trap enable'),
  fld('Len', 18, 16, 'AArch32 VFP vector length'),
  bit('FZ16', 19, 'Flush-to-zero for half precision'),
  fld('Stride', 21, 20, 'AArch32 VFP vector stride'),
  fld('RMode', 23, 22, 'Rounding mode', { 0: 'RN (nearest)', 1: 'RP (+inf)', 2: 'RM (-inf)', 3: 'RZ (zero)' }),
  bit('FZ', 24, 'Flush-to-zero'),
  bit('DN', 25, 'Default NaN'),
  bit('AHP', 26, 'Alternative half-precision'),
];

const FPSR_FIELDS: readonly SysRegField[] = [
  bit('IOC', 0, 'Invalid Operation cumulative'),
  bit('DZC', 1, 'Divide by Zero cumulative'),
  bit('OFC', 2, 'Overflow cumulative'),
  bit('UFC', 3, 'Underflow cumulative'),
  bit('IXC', 4, 'Inexact cumulative'),
  bit('IDC', 7, 'Input Denormal cumulative'),
  bit('QC', 27, 'Saturation cumulative'),
  bit('V', 28, 'AArch32 overflow flag'),
  bit('C', 29, 'AArch32 carry flag'),
  bit('Z', 30, 'AArch32 zero flag'),
  bit('N', 31, 'AArch32 negative flag'),
];

const DBGBCR_FIELDS: readonly SysRegField[] = [
  bit('E', 0, 'Breakpoint enable'),
  fld('PMC', 2, 1, 'Privilege mode control'),
  fld('BAS', 8, 5, 'Byte address select'),
  bit('HMC', 13, 'Higher mode control'),
  fld('SSC', 15, 14, 'Security state control'),
  fld('LBN', 19, 16, 'Linked breakpoint number'),
  fld('BT', 23, 20, 'Breakpoint type', { 0: 'unlinked address match', 1: 'linked address match', 2: 'unlinked CONTEXTIDR', 3: 'linked CONTEXTIDR', 8: 'unlinked VMID', 9: 'linked VMID', 10: 'unlinked VMID+CONTEXTIDR', 11: 'linked VMID+CONTEXTIDR' }),
];

const DBGWCR_FIELDS: readonly SysRegField[] = [
  bit('E', 0, 'Watchpoint enable'),
  fld('PAC', 2, 1, 'Privilege of access control'),
  fld('LSC', 4, 3, 'Load/store control', { 1: 'load', 2: 'store', 3: 'load or store' }),
  fld('BAS', 12, 5, 'Byte address select'),
  bit('HMC', 13, 'Higher mode control'),
  fld('SSC', 15, 14, 'Security state control'),
  fld('LBN', 19, 16, 'Linked breakpoint number'),
  bit('WT', 20, 'Watchpoint type', { 0: 'unlinked', 1: 'linked' }),
  fld('MASK', 28, 24, 'Address mask (log2 bytes)'),
];

const PMEVTYPER_FIELDS: readonly SysRegField[] = [
  fld('evtCount', 15, 0, 'Event number'),
  bit('MT', 25, 'Multithreading'),
  bit('M', 26, 'Secure EL3 filtering'),
  bit('NSH', 27, 'Count at EL2'),
  bit('NSU', 28, 'Non-secure EL0 filtering'),
  bit('NSK', 29, 'Non-secure EL1 filtering'),
  bit('U', 30, 'Do not count at EL0'),
  bit('P', 31, 'Do not count at EL1'),
];

const PM_BITS: readonly SysRegField[] = [fld('P', 30, 0, 'Event counter n bits'), bit('C', 31, 'Cycle counter bit')];

const KEY = (n: string): SysRegDef[] => [
  reg(`${n}KeyLo_EL1`, keyEnc(n, 0), `Pointer authentication ${n} key, bits [63:0]`, [whole('Key', 'Key bits [63:0]')]),
  reg(`${n}KeyHi_EL1`, keyEnc(n, 1), `Pointer authentication ${n} key, bits [127:64]`, [whole('Key', 'Key bits [127:64]')]),
];
function keyEnc(n: string, hi: number): [number, number, number, number, number] {
  const m: Record<string, [number, number]> = { APIA: [1, 0], APIB: [1, 2], APDA: [2, 0], APDB: [2, 2], APGA: [3, 0] };
  const [crm, op2] = m[n] ?? [0, 0];
  return [3, 0, 2, crm, op2 + hi];
}

const SPECIAL: readonly SysRegDef[] = [
  reg('NZCV', [3, 3, 4, 2, 0], 'Condition flags (PSTATE.NZCV). QEMU resets Z=1', [
    bit('V', 28, 'Overflow'), bit('C', 29, 'Carry'), bit('Z', 30, 'Zero'), bit('N', 31, 'Negative'),
  ], { storage: 'special', reset: '0x40000000' }),
  reg('DAIF', [3, 3, 4, 2, 1], 'Interrupt masks (PSTATE.DAIF); EL0 access needs SCTLR_EL1.UMA', [
    bit('F', 6, 'FIQ mask'), bit('I', 7, 'IRQ mask'), bit('A', 8, 'SError mask'), bit('D', 9, 'Debug mask'),
  ], { storage: 'special', reset: '0x3c0' }),
  reg('CurrentEL', [3, 0, 4, 2, 2], 'Current Exception level (program starts at EL2)', [
    fld('EL', 3, 2, 'Current Exception level', { 0: 'EL0', 1: 'EL1', 2: 'EL2', 3: 'EL3' }),
  ], { access: 'RO', storage: 'special', reset: '0x8' }),
  reg('SPSel', [3, 0, 4, 2, 0], 'Stack pointer select (PSTATE.SP)', [
    bit('SP', 0, 'Stack pointer', { 0: 'SP_EL0', 1: 'SP_ELx' }),
  ], { storage: 'special', reset: '0x1' }),
  reg('PAN', [3, 0, 4, 2, 3], 'Privileged Access Never (PSTATE.PAN, FEAT_PAN)', [bit('PAN', 22, 'PAN state')], { storage: 'special' }),
  reg('UAO', [3, 0, 4, 2, 4], 'User Access Override (PSTATE.UAO, FEAT_UAO)', [bit('UAO', 23, 'UAO state')], { storage: 'special' }),
  reg('DIT', [3, 3, 4, 2, 5], 'Data Independent Timing (PSTATE.DIT, FEAT_DIT)', [bit('DIT', 24, 'DIT state')], { storage: 'special' }),
  reg('SSBS', [3, 3, 4, 2, 6], 'Speculative Store Bypass Safe (PSTATE.SSBS, FEAT_SSBS2)', [bit('SSBS', 12, 'SSBS state')], { storage: 'special' }),
  reg('SVCR', [3, 3, 4, 2, 2], 'Streaming Vector Control Register (FEAT_SME; CPTR_EL2.TSM/SMEN trap). QEMU 7.2 keeps all 64 written bits', [
    bit('SM', 0, 'Streaming SVE mode'), bit('ZA', 1, 'ZA storage enabled'),
  ], { minEl: 0, storage: 'special' }),
  reg('SP_EL0', [3, 0, 4, 1, 0], 'Stack Pointer (EL0); accessible when PSTATE.SP=1', [whole('SP', 'Stack pointer')], { storage: 'special' }),
  reg('SP_EL1', [3, 4, 4, 1, 0], 'Stack Pointer (EL1)', [whole('SP', 'Stack pointer')], { storage: 'special' }),
  reg('SP_EL2', [3, 6, 4, 1, 0], 'Stack Pointer (EL2): MSR/MRS form accessible only from EL3, UNDEF at EL2 on QEMU', [whole('SP', 'Stack pointer')],
    { storage: 'special' }),
  reg('ELR_EL1', [3, 0, 4, 0, 1], 'Exception Link Register (EL1)', ADDR_FIELDS),
  reg('SPSR_EL1', [3, 0, 4, 0, 0], 'Saved Program Status Register (EL1)', SPSR_FIELDS),
  reg('FPCR', [3, 3, 4, 4, 0], 'Floating-point Control Register (CPACR_EL1.FPEN / CPTR_EL2.TFP trap)', FPCR_FIELDS, { res0: '0xfffffffff800ffff' }),
  reg('FPSR', [3, 3, 4, 4, 1], 'Floating-point Status Register (CPACR_EL1.FPEN / CPTR_EL2.TFP trap)', FPSR_FIELDS, { res0: '0xffffffff07ffff60' }),
  reg('RNDR', [3, 3, 2, 4, 0], 'Random Number (FEAT_RNG); sets NZCV=0000 on success', [whole('RNDR', 'Random number')],
    { access: 'RO', storage: 'special' }),
  reg('RNDRRS', [3, 3, 2, 4, 1], 'Reseeded Random Number (FEAT_RNG)', [whole('RNDRRS', 'Random number')], { access: 'RO', storage: 'special' }),
];

const EL1: readonly SysRegDef[] = [
  reg('SCTLR_EL1', [3, 0, 1, 0, 0], 'System Control Register (EL1). QEMU resets the RES1 bits; writes keep all bits except [43:37]',
    SCTLR_EL1_FIELDS, { reset: '0x0000000000c50838', res0: '0x00000fe000000000', ...TVM_TRVM }),
  reg('ACTLR_EL1', [3, 0, 1, 0, 1], 'Auxiliary Control Register (EL1), IMPLEMENTATION DEFINED: RAZ/WI on QEMU',
    [whole('IMPDEF', 'Implementation-defined controls')], { res0: '0xffffffffffffffff', traps: ['TACR'] }),
  reg('CPACR_EL1', [3, 0, 1, 0, 2], 'Architectural Feature Access Control (EL1); CPTR_EL2.TCPAC traps it', CPACR_FIELDS),
  reg('ZCR_EL1', [3, 0, 1, 2, 0], 'SVE Control Register (EL1)', [fld('LEN', 3, 0, 'Vector length: (LEN+1)*128 bits')],
    { res0: '0xfffffffffffffff0' }),
  reg('SMCR_EL1', [3, 0, 1, 2, 6], 'SME Control Register (EL1)', [
    fld('LEN', 3, 0, 'Streaming vector length: (LEN+1)*128 bits'), bit('EZT0', 30, 'ZT0 enable (FEAT_SME2)'), bit('FA64', 31, 'Full A64 in streaming mode'),
  ], { res0: '0xffffffff7ffffff0' }),
  reg('SMPRI_EL1', [3, 0, 1, 2, 4], 'Streaming Mode Priority (FEAT_SME): RAZ/WI on QEMU', [fld('Priority', 3, 0, 'Streaming execution priority')],
    { res0: '0xffffffffffffffff' }),
  reg('SMIDR_EL1', [3, 1, 0, 0, 6], 'Streaming Mode Identification (FEAT_SME)', [
    fld('Affinity', 11, 0, 'SME execution unit affinity'), bit('SMPS', 15, 'Priority control supported'),
    fld('Revision', 23, 16, 'Revision'), fld('Implementer', 31, 24, 'Implementer'),
  ], { access: 'RO', storage: 'const', traps: ['TID1'] }),
  reg('TTBR0_EL1', [3, 0, 2, 0, 0], 'Translation Table Base Register 0 (EL1)', TTBR_FIELDS, TVM_TRVM),
  reg('TTBR1_EL1', [3, 0, 2, 0, 1], 'Translation Table Base Register 1 (EL1)', TTBR_FIELDS, TVM_TRVM),
  reg('TCR_EL1', [3, 0, 2, 0, 2], 'Translation Control Register (EL1). QEMU stores all 64 bits', TCR_EL1_FIELDS, TVM_TRVM),
  ...KEY('APIA'), ...KEY('APIB'), ...KEY('APDA'), ...KEY('APDB'), ...KEY('APGA'),
  reg('AFSR0_EL1', [3, 0, 5, 1, 0], 'Auxiliary Fault Status Register 0 (EL1): RAZ/WI on QEMU', [whole('IMPDEF', 'IMPLEMENTATION DEFINED')],
    { res0: '0xffffffffffffffff', ...TVM_TRVM }),
  reg('AFSR1_EL1', [3, 0, 5, 1, 1], 'Auxiliary Fault Status Register 1 (EL1): RAZ/WI on QEMU', [whole('IMPDEF', 'IMPLEMENTATION DEFINED')],
    { res0: '0xffffffffffffffff', ...TVM_TRVM }),
  reg('ESR_EL1', [3, 0, 5, 2, 0], 'Exception Syndrome Register (EL1)', ESR_FIELDS, TVM_TRVM),
  reg('ERRIDR_EL1', [3, 0, 5, 3, 0], 'Error Record ID Register (FEAT_RAS): no records on QEMU, so ERRSELR_EL1/ERX* UNDEF',
    [fld('NUM', 15, 0, 'Number of error records')], { access: 'RO', storage: 'const' }),
  reg('FAR_EL1', [3, 0, 6, 0, 0], 'Fault Address Register (EL1)', ADDR_FIELDS, TVM_TRVM),
  reg('PAR_EL1', [3, 0, 7, 4, 0], 'Physical Address Register: AT result (F=0 layout; PAR_EL1_FAULT_FIELDS for F=1)', PAR_EL1_FIELDS),
  reg('MAIR_EL1', [3, 0, 10, 2, 0], 'Memory Attribute Indirection Register (EL1)', MAIR_FIELDS, TVM_TRVM),
  reg('AMAIR_EL1', [3, 0, 10, 3, 0], 'Auxiliary Memory Attribute Indirection (EL1): RAZ/WI on QEMU', [whole('IMPDEF', 'IMPLEMENTATION DEFINED')],
    { res0: '0xffffffffffffffff', ...TVM_TRVM }),
  reg('LORSA_EL1', [3, 0, 10, 4, 0], 'LORegion Start Address (FEAT_LOR): RAZ/WI on QEMU', [bit('Valid', 0, 'Region valid'), fld('SA', 51, 16, 'Start address')],
    { res0: '0xffffffffffffffff', traps: ['TLOR'] }),
  reg('LOREA_EL1', [3, 0, 10, 4, 1], 'LORegion End Address (FEAT_LOR): RAZ/WI on QEMU', [fld('EA', 51, 16, 'End address')],
    { res0: '0xffffffffffffffff', traps: ['TLOR'] }),
  reg('LORN_EL1', [3, 0, 10, 4, 2], 'LORegion Number (FEAT_LOR): RAZ/WI on QEMU', [fld('Num', 7, 0, 'Region number')],
    { res0: '0xffffffffffffffff', traps: ['TLOR'] }),
  reg('LORC_EL1', [3, 0, 10, 4, 3], 'LORegion Control (FEAT_LOR): RAZ/WI on QEMU', [bit('EN', 0, 'LORegions enable'), fld('DS', 9, 2, 'Descriptor select')],
    { res0: '0xffffffffffffffff', traps: ['TLOR'] }),
  reg('LORID_EL1', [3, 0, 10, 4, 7], 'LORegion ID (FEAT_LOR): zero regions on QEMU', [fld('LR', 7, 0, 'Number of LORegions'), fld('LD', 23, 16, 'Number of descriptors')],
    { access: 'RO', storage: 'const', traps: ['TLOR'] }),
  reg('VBAR_EL1', [3, 0, 12, 0, 0], 'Vector Base Address Register (EL1). QEMU keeps bits [10:5] too (mask ~0x1f)', VBAR_FIELDS,
    { res0: '0x1f' }),
  reg('ISR_EL1', [3, 0, 12, 1, 0], 'Interrupt Status Register (virtual when HCR_EL2.IMO/FMO/AMO route to EL2)', [
    bit('F', 6, 'FIQ pending'), bit('I', 7, 'IRQ pending'), bit('A', 8, 'SError pending'),
  ], { access: 'RO', storage: 'special' }),
  reg('DISR_EL1', [3, 0, 12, 1, 1], 'Deferred Interrupt Status (FEAT_RAS); EL1 reads VDISR_EL2 when HCR_EL2.AMO=1', [
    fld('ISS', 23, 0, 'Syndrome of the deferred SError'), bit('IDS', 24, 'IMPLEMENTATION DEFINED syndrome'), bit('A', 31, 'Deferred SError recorded'),
  ]),
  reg('CONTEXTIDR_EL1', [3, 0, 13, 0, 1], 'Context ID Register (EL1)', CONTEXTIDR_FIELDS, TVM_TRVM),
  reg('TPIDR_EL1', [3, 0, 13, 0, 4], 'Software Thread ID Register (EL1)', [whole('ThreadID', 'Thread identifier')]),
  reg('SCXTNUM_EL1', [3, 0, 13, 0, 7], 'Software Context Number (EL1, FEAT_CSV2_2)', [whole('SoftwareContextNumber', 'Context number')]),
  reg('CNTKCTL_EL1', [3, 0, 14, 1, 0], 'Counter-timer Kernel Control (EL1)', CNTKCTL_FIELDS),
  reg('TPIDR_EL0', [3, 3, 13, 0, 2], 'Software Thread ID Register (EL0)', [whole('ThreadID', 'Thread identifier')]),
  reg('TPIDRRO_EL0', [3, 3, 13, 0, 3], 'Read-only Software Thread ID (EL0 read-only, EL1 RW)', [whole('ThreadID', 'Thread identifier')]),
  reg('TPIDR2_EL0', [3, 3, 13, 0, 5], 'Software Thread ID Register 2 (FEAT_SME; SCTLR_EL1.EnTP2)', [whole('ThreadID', 'Thread identifier')]),
  reg('SCXTNUM_EL0', [3, 3, 13, 0, 7], 'Software Context Number (EL0, FEAT_CSV2_2; SCTLR_EL1.TSCXT)', [whole('SoftwareContextNumber', 'Context number')]),
];

// EL0 generic timer (Arm ARM D11). Counters and TVAL are computed from the
// system counter; CTL.ISTATUS is computed, so CTL is 'special' too.
const TIMER0: readonly SysRegDef[] = [
  reg('CNTFRQ_EL0', [3, 3, 14, 0, 0], 'Counter-timer Frequency: 62.5 MHz on QEMU virt; writable only at the highest EL (EL2 here)',
    [fld('ClockFreq', 31, 0, 'System counter frequency in Hz')], { minEl: 0, reset: '0x3b9aca0' }),
  reg('CNTPCT_EL0', [3, 3, 14, 0, 1], 'Physical count (CNTHCTL_EL2.EL1PCTEN, CNTKCTL_EL1.EL0PCTEN)', [whole('Count', 'Physical count')],
    { access: 'RO', storage: 'special' }),
  reg('CNTVCT_EL0', [3, 3, 14, 0, 2], 'Virtual count = physical count - CNTVOFF_EL2', [whole('Count', 'Virtual count')],
    { access: 'RO', storage: 'special' }),
  reg('CNTP_TVAL_EL0', [3, 3, 14, 2, 0], 'EL1 physical timer value: CVAL - count, signed 32-bit', [fld('TimerValue', 31, 0, 'Timer value')],
    { storage: 'special' }),
  reg('CNTP_CTL_EL0', [3, 3, 14, 2, 1], 'EL1 physical timer control', TIMER_CTL_FIELDS, { storage: 'special', res0: '0xfffffffffffffff8' }),
  reg('CNTP_CVAL_EL0', [3, 3, 14, 2, 2], 'EL1 physical timer compare value', [whole('CompareValue', 'Compare value')]),
  reg('CNTV_TVAL_EL0', [3, 3, 14, 3, 0], 'Virtual timer value: CVAL - virtual count, signed 32-bit', [fld('TimerValue', 31, 0, 'Timer value')],
    { storage: 'special' }),
  reg('CNTV_CTL_EL0', [3, 3, 14, 3, 1], 'Virtual timer control', TIMER_CTL_FIELDS, { storage: 'special', res0: '0xfffffffffffffff8' }),
  reg('CNTV_CVAL_EL0', [3, 3, 14, 3, 2], 'Virtual timer compare value', [whole('CompareValue', 'Compare value')]),
];

// Self-hosted debug (Arm ARM D2). MDCR_EL2.TDA traps these, TDOSA the OS lock ones.
const DEBUG: SysRegDef[] = [
  reg('MDCCINT_EL1', [2, 0, 0, 2, 0], 'Debug Comms Channel Interrupt Enable', [bit('TX', 29, 'Transmit interrupt enable'), bit('RX', 30, 'Receive interrupt enable')]),
  reg('MDSCR_EL1', [2, 0, 0, 2, 2], 'Monitor Debug System Control. QEMU stores all 64 bits', [
    bit('SS', 0, 'Software step enable'), bit('ERR', 6, 'Sticky error'), bit('TDCC', 12, 'Trap EL0 DCC access'),
    bit('KDE', 13, 'Local (kernel) debug enable'), bit('HDE', 14, 'Halting debug enable'), bit('MDE', 15, 'Monitor debug events enable'),
    bit('SC2', 19, 'Sample CONTEXTIDR_EL2 (SPE)'), bit('TDA', 21, 'Trap debug register access'), fld('INTdis', 23, 22, 'Interrupt disable in halting'),
    bit('TXU', 26, 'DCC TX underrun'), bit('RXO', 27, 'DCC RX overrun'), bit('TXfull', 29, 'DTRTX full'), bit('RXfull', 30, 'DTRRX full'),
    bit('TFO', 31, 'Trace filter override'),
  ]),
  reg('MDRAR_EL1', [2, 0, 1, 0, 0], 'Debug ROM Address (not implemented: reads 0)', [fld('Valid', 1, 0, 'ROMADDR valid', { 0: 'not valid', 3: 'valid' }), fld('ROMADDR', 55, 12, 'ROM table address')],
    { access: 'RO', storage: 'const' }),
  reg('OSLAR_EL1', [2, 0, 1, 0, 4], 'OS Lock Access (write-only): sets OSLSR_EL1.OSLK', [bit('OSLK', 0, 'OS lock')], { access: 'WO', storage: 'special' }),
  reg('OSLSR_EL1', [2, 0, 1, 1, 4], 'OS Lock Status. QEMU resets OSLK=1 (locked)', [
    bit('OSLM0', 0, 'OS lock model bit 0'), bit('OSLK', 1, 'OS lock status'), bit('nTT', 2, 'Not 32-bit access'), bit('OSLM1', 3, 'OS lock model bit 1'),
  ], { access: 'RO', storage: 'special', reset: '0xa' }),
  reg('OSDLR_EL1', [2, 0, 1, 3, 4], 'OS Double Lock (ID_AA64DFR0_EL1.DoubleLock=0: implemented)', [bit('DLK', 0, 'OS double lock')], { res0: '0xfffffffffffffffe' }),
  reg('MDCCSR_EL0', [2, 3, 0, 1, 0], 'Debug Comms Channel Status', [bit('TXfull', 29, 'DTRTX full'), bit('RXfull', 30, 'DTRRX full')],
    { access: 'RO', storage: 'special' }),
];
for (let n = 0; n < 6; n++) {
  DEBUG.push(reg(`DBGBVR${n}_EL1`, [2, 0, 0, n, 4], `Breakpoint Value Register ${n}`, [whole('VA', 'Address or context value')]));
  DEBUG.push(reg(`DBGBCR${n}_EL1`, [2, 0, 0, n, 5], `Breakpoint Control Register ${n}. QEMU stores all 64 bits`, DBGBCR_FIELDS));
}
for (let n = 0; n < 4; n++) {
  DEBUG.push(reg(`DBGWVR${n}_EL1`, [2, 0, 0, n, 6], `Watchpoint Value Register ${n} (bits [1:0] RES0)`, [fld('VA', 63, 2, 'Word-aligned address')], { res0: '0x3' }));
  DEBUG.push(reg(`DBGWCR${n}_EL1`, [2, 0, 0, n, 7], `Watchpoint Control Register ${n}. QEMU stores all 64 bits`, DBGWCR_FIELDS));
}

// PMUv3 (Arm ARM D12). MDCR_EL2.TPM/TPMCR and PMUSERENR_EL0 trap these.
const PMU: SysRegDef[] = [
  reg('PMCR_EL0', [3, 3, 9, 12, 0], 'Performance Monitors Control (N=6 counters). P and C are write-only actions', [
    bit('E', 0, 'Enable all counters'), bit('P', 1, 'Event counter reset (write-only)'), bit('C', 2, 'Cycle counter reset (write-only)'),
    bit('D', 3, 'Clock divider (count every 64 cycles)'), bit('X', 4, 'Export events'), bit('DP', 5, 'Disable cycle counter when prohibited'),
    bit('LC', 6, 'Long cycle counter overflow'), bit('LP', 7, 'Long event counter overflow'), fld('N', 15, 11, 'Number of event counters'),
    fld('IDCODE', 23, 16, 'Identification code'), fld('IMP', 31, 24, 'Implementer code'),
  ], { storage: 'special', reset: '0x41013000' }),
  reg('PMCNTENSET_EL0', [3, 3, 9, 12, 1], 'Counter Enable Set (write 1 to enable)', PM_BITS, { storage: 'special' }),
  reg('PMCNTENCLR_EL0', [3, 3, 9, 12, 2], 'Counter Enable Clear (write 1 to disable)', PM_BITS, { storage: 'special' }),
  reg('PMOVSCLR_EL0', [3, 3, 9, 12, 3], 'Overflow Flag Status Clear', PM_BITS, { storage: 'special' }),
  reg('PMSWINC_EL0', [3, 3, 9, 12, 4], 'Software Increment (write-only)', [fld('P', 30, 0, 'Increment event counter n')], { access: 'WO', storage: 'special' }),
  reg('PMSELR_EL0', [3, 3, 9, 12, 5], 'Event Counter Selection', [fld('SEL', 4, 0, 'Selected counter (31 = cycle counter)')], { res0: '0xffffffffffffffe0' }),
  reg('PMCEID0_EL0', [3, 3, 9, 12, 6], 'Common Event Identification 0', [fld('ID', 31, 0, 'Common events 0..31 implemented'), fld('IDhi', 63, 32, 'Common events 0x4000..0x401F')],
    { access: 'RO', storage: 'const', reset: '0x20001' }),
  reg('PMCEID1_EL0', [3, 3, 9, 12, 7], 'Common Event Identification 1', [fld('ID', 31, 0, 'Common events 32..63 implemented'), fld('IDhi', 63, 32, 'Common events 0x4020..0x403F')],
    { access: 'RO', storage: 'const', reset: '0x10000018' }),
  reg('PMCCNTR_EL0', [3, 3, 9, 13, 0], 'Cycle Count Register', [whole('CCNT', 'Cycle count')], { storage: 'special' }),
  reg('PMXEVTYPER_EL0', [3, 3, 9, 13, 1], 'Selected Event Type (PMSELR_EL0.SEL)', PMEVTYPER_FIELDS, { storage: 'special' }),
  reg('PMXEVCNTR_EL0', [3, 3, 9, 13, 2], 'Selected Event Count (PMSELR_EL0.SEL)', [fld('PMEVCNTR', 63, 0, 'Event count')], { storage: 'special' }),
  reg('PMUSERENR_EL0', [3, 3, 9, 14, 0], 'User Enable Register (EL0 access to the PMU)', [
    bit('EN', 0, 'EL0 access enable'), bit('SW', 1, 'EL0 PMSWINC enable'), bit('CR', 2, 'EL0 cycle counter read'), bit('ER', 3, 'EL0 event counter read'),
  ], { res0: '0xfffffffffffffff0' }),
  reg('PMOVSSET_EL0', [3, 3, 9, 14, 3], 'Overflow Flag Status Set', PM_BITS, { storage: 'special' }),
  reg('PMINTENSET_EL1', [3, 0, 9, 14, 1], 'Interrupt Enable Set', PM_BITS, { storage: 'special' }),
  reg('PMINTENCLR_EL1', [3, 0, 9, 14, 2], 'Interrupt Enable Clear', PM_BITS, { storage: 'special' }),
  reg('PMMIR_EL1', [3, 0, 9, 14, 6], 'Machine Identification (PMUv3p4)', [fld('SLOTS', 7, 0, 'Operations per cycle')], { access: 'RO', storage: 'const' }),
  reg('PMCCFILTR_EL0', [3, 3, 14, 15, 7], 'Cycle Counter Filter', PMEVTYPER_FIELDS.filter((f) => f.lsb >= 26), { res0: '0xffffffff03ffffff' }),
];
for (let n = 0; n < 6; n++) {
  PMU.push(reg(`PMEVCNTR${n}_EL0`, [3, 3, 14, 8, n], `Event Count Register ${n}`, [whole('Count', 'Event count')], { storage: 'special' }));
  PMU.push(reg(`PMEVTYPER${n}_EL0`, [3, 3, 14, 12, n], `Event Type Register ${n}`, PMEVTYPER_FIELDS, { res0: '0xffffffff01ff0000' }));
}

export const EL1_DEFS: readonly SysRegDef[] = [...SPECIAL, ...EL1, ...TIMER0, ...DEBUG, ...PMU];
