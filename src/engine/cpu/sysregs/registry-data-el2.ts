// EL2 registers (Arm ARM D23 "EL2 registers"; FEAT_VHE redirection D5.x).
//
// `e2hAliasOf` names the EL1/EL0 register that, executed at EL2 with
// HCR_EL2.E2H=1, addresses this EL2 register instead.
//
// Absent on QEMU 7.2 -cpu max, so not listed (accesses UNDEF, EC=0x00):
//  - HFGRTR/HFGWTR/HFGITR/HDFGRTR/HDFGWTR/HAFGRTR_EL2: ID_AA64MMFR0_EL1.FGT=0.
//  - VNCR_EL2: ID_AA64MMFR2_EL1.NV=0 (no FEAT_NV/NV2; HCR_EL2.NV* are RES0).
//  - VSTTBR/VSTCR_EL2, CNTHPS/CNTHVS: Secure EL2 needs EL3. CNTPOFF_EL2: no ECV.
//  - TRFCR_EL2 (no FEAT_TRF), RMR_EL2.
// Measured write behaviour: QEMU stores the written 64-bit value unchanged in
// CPTR_EL2, MDCR_EL2, TCR_EL2, VTCR_EL2, VTTBR_EL2, CNTHCTL_EL2, HPFAR_EL2 and
// enforces none of the architectural RES1 bits (SCTLR_EL2, CPTR_EL2, TCR_EL2,
// VTCR_EL2 read back 0 after writing 0). The same holds with E2H=1.

import { SysRegDef, SysRegField } from './types';
import {
  ADDR_FIELDS, CNTKCTL_FIELDS, CONTEXTIDR_FIELDS, CPACR_FIELDS, ESR_FIELDS, MAIR_FIELDS, PS_VALUES, RGN_VALUES,
  SCTLR_EL1_FIELDS, SH_VALUES, SPSR_FIELDS, TCR_EL1_FIELDS, TG0_VALUES, TIMER_CTL_FIELDS, TTBR_FIELDS, VBAR_FIELDS,
  bit, fld, reg, whole,
} from './registry-data-common';

const TF = (name: string, n: number, doc: string): SysRegField => bit(name, n, doc);

/** HCR_EL2, every field (Arm ARM D23 HCR_EL2). */
export const HCR_EL2_FIELDS: readonly SysRegField[] = [
  TF('VM', 0, 'Stage 2 translation enable for EL1&0'),
  TF('SWIO', 1, 'Set/Way Invalidation Override'),
  TF('PTW', 2, 'Protected Table Walk: stage 1 walk to Device memory faults'),
  TF('FMO', 3, 'Physical FIQ routing to EL2, virtual FIQ enable'),
  TF('IMO', 4, 'Physical IRQ routing to EL2, virtual IRQ enable'),
  TF('AMO', 5, 'Physical SError routing to EL2, virtual SError enable'),
  TF('VF', 6, 'Virtual FIQ pending'),
  TF('VI', 7, 'Virtual IRQ pending'),
  TF('VSE', 8, 'Virtual SError pending'),
  TF('FB', 9, 'Force broadcast of TLB/IC maintenance'),
  fld('BSU', 11, 10, 'Barrier Shareability upgrade', { 0: 'no effect', 1: 'Inner Shareable', 2: 'Outer Shareable', 3: 'Full system' }),
  TF('DC', 12, 'Default Cacheability: stage 1 off behaves as Normal WB'),
  TF('TWI', 13, 'Trap WFI'),
  TF('TWE', 14, 'Trap WFE'),
  TF('TID0', 15, 'Trap ID group 0 (AArch32 only)'),
  TF('TID1', 16, 'Trap ID group 1: REVIDR_EL1, AIDR_EL1, SMIDR_EL1'),
  TF('TID2', 17, 'Trap ID group 2: CTR_EL0, CCSIDR_EL1, CLIDR_EL1, CSSELR_EL1'),
  TF('TID3', 18, 'Trap ID group 3: ID_* feature registers'),
  TF('TSC', 19, 'Trap SMC'),
  TF('TIDCP', 20, 'Trap IMPLEMENTATION DEFINED system registers'),
  TF('TACR', 21, 'Trap ACTLR_EL1'),
  TF('TSW', 22, 'Trap data cache maintenance by set/way'),
  TF('TPCP', 23, 'Trap cache maintenance to PoC/PoP (TPC)'),
  TF('TPU', 24, 'Trap cache maintenance to PoU'),
  TF('TTLB', 25, 'Trap TLB maintenance'),
  TF('TVM', 26, 'Trap writes of virtual memory controls'),
  TF('TGE', 27, 'Trap General Exceptions: EL1&0 behaves as EL2&0 host'),
  TF('TDZ', 28, 'Trap DC ZVA'),
  TF('HCD', 29, 'HVC instruction disable'),
  TF('TRVM', 30, 'Trap reads of virtual memory controls'),
  bit('RW', 31, 'Execution state for EL1', { 0: 'AArch32', 1: 'AArch64' }),
  TF('CD', 32, 'Stage 2 data access cacheability disable'),
  TF('ID', 33, 'Stage 2 instruction access cacheability disable'),
  TF('E2H', 34, 'EL2 Host: enable FEAT_VHE register redirection and EL2&0 regime'),
  TF('TLOR', 35, 'Trap LORegion registers'),
  TF('TERR', 36, 'Trap error record accesses'),
  TF('TEA', 37, 'Route synchronous External aborts to EL2'),
  TF('MIOCNT', 38, 'Mismatched inner/outer cacheable non-coherency'),
  TF('TME', 39, 'TME instructions enable (FEAT_TME)'),
  TF('APK', 40, 'Do not trap pointer authentication key registers'),
  TF('API', 41, 'Do not trap pointer authentication instructions'),
  TF('NV', 42, 'Nested Virtualization: EL2 registers/instructions trap from EL1 (FEAT_NV)'),
  TF('NV1', 43, 'Nested Virtualization: EL1-shared registers trap (FEAT_NV)'),
  TF('AT', 44, 'Trap AT S1E0*/S1E1* (FEAT_NV)'),
  TF('NV2', 45, 'Enhanced nested virtualization, VNCR_EL2 redirection (FEAT_NV2)'),
  TF('FWB', 46, 'Forced Write-Back: stage 2 combines attributes (FEAT_S2FWB)'),
  TF('FIEN', 47, 'Fault injection enable (FEAT_RASv1p1)'),
  TF('GPF', 48, 'Route Granule Protection faults to EL2 (FEAT_RME)'),
  TF('TID4', 49, 'Trap ID group 4: CCSIDR/CLIDR/CSSELR (FEAT_EVT)'),
  TF('TICAB', 50, 'Trap IC IALLUIS (FEAT_EVT)'),
  TF('AMVOFFEN', 51, 'Activity monitor virtual offsets enable (FEAT_AMUv1p1)'),
  TF('TOCU', 52, 'Trap cache maintenance to PoU (FEAT_EVT)'),
  TF('EnSCXT', 53, 'Enable SCXTNUM_ELx access from EL0/EL1 (FEAT_CSV2_2)'),
  TF('TTLBIS', 54, 'Trap Inner Shareable TLB maintenance (FEAT_EVT)'),
  TF('TTLBOS', 55, 'Trap Outer Shareable TLB maintenance (FEAT_EVT)'),
  TF('ATA', 56, 'Allocation tag access at EL1/EL0 (FEAT_MTE2)'),
  TF('DCT', 57, 'Default cacheability tagging (FEAT_MTE2)'),
  TF('TID5', 58, 'Trap ID group 5: GMID_EL1 (FEAT_MTE2)'),
  TF('TWEDEn', 59, 'Delayed WFE trapping enable (FEAT_TWED)'),
  fld('TWEDEL', 63, 60, 'WFE trap delay: 2^(TWEDEL+8) cycles (FEAT_TWED)'),
];

/** SCTLR_EL2 with HCR_EL2.E2H=0 (or E2H=1, TGE=0). RES1 per Arm ARM: 0x30c50830 (not enforced by QEMU). */
export const SCTLR_EL2_FIELDS: readonly SysRegField[] = [
  bit('M', 0, 'EL2 stage 1 MMU enable'),
  bit('A', 1, 'Alignment check enable'),
  bit('C', 2, 'Data cacheability control'),
  bit('SA', 3, 'SP alignment check'),
  bit('nAA', 6, 'Non-aligned access (FEAT_LSE2)'),
  bit('EOS', 11, 'Exception exit is context synchronizing (FEAT_ExS; RES1 otherwise)'),
  bit('I', 12, 'Instruction cacheability control'),
  bit('EnDB', 13, 'Pointer auth (APDBKey) enable'),
  bit('WXN', 19, 'Write permission implies XN'),
  bit('IESB', 21, 'Implicit error synchronization event'),
  bit('EIS', 22, 'Exception entry is context synchronizing (FEAT_ExS; RES1 otherwise)'),
  bit('EE', 25, 'Endianness of EL2 data accesses and walks', { 0: 'little', 1: 'big' }),
  bit('EnDA', 27, 'Pointer auth (APDAKey) enable'),
  bit('EnIB', 30, 'Pointer auth (APIBKey) enable'),
  bit('EnIA', 31, 'Pointer auth (APIAKey) enable'),
  bit('BT', 36, 'PAC branch type compatibility (FEAT_BTI)'),
  bit('ITFSB', 37, 'Tag check faults synchronized on exception entry (FEAT_MTE2)'),
  fld('TCF', 41, 40, 'Tag check fault behaviour (FEAT_MTE2)', { 0: 'no effect', 1: 'sync', 2: 'async', 3: 'asymmetric' }),
  bit('ATA', 43, 'Allocation tag access (FEAT_MTE2)'),
  bit('DSSBS', 44, 'Default PSTATE.SSBS on exception entry'),
];
/** SCTLR_EL2 with HCR_EL2.{E2H,TGE}={1,1}: the SCTLR_EL1 layout. */
export const SCTLR_EL2_E2H1_FIELDS: readonly SysRegField[] = SCTLR_EL1_FIELDS;

/** CPTR_EL2 with HCR_EL2.E2H=0. RES1 per Arm ARM: bits [7:0], 9, 13, and 8/12 without SVE/SME (not enforced by QEMU). */
export const CPTR_EL2_FIELDS: readonly SysRegField[] = [
  bit('TZ', 8, 'Trap SVE accesses'),
  bit('TFP', 10, 'Trap FP/Advanced SIMD accesses'),
  bit('TSM', 12, 'Trap SME accesses'),
  bit('TTA', 20, 'Trap trace register accesses'),
  bit('TAM', 30, 'Trap Activity Monitor accesses'),
  bit('TCPAC', 31, 'Trap EL1 CPACR_EL1 accesses'),
];
/** CPTR_EL2 with HCR_EL2.E2H=1: the CPACR_EL1 layout plus TAM/TCPAC. */
export const CPTR_EL2_E2H1_FIELDS: readonly SysRegField[] = [
  ...CPACR_FIELDS,
  bit('TAM', 30, 'Trap Activity Monitor accesses'),
  bit('TCPAC', 31, 'Trap EL1 CPACR_EL1 accesses'),
];

/** TCR_EL2 with HCR_EL2.E2H=0 (single VA range). RES1 per Arm ARM: bits 23 and 31 (not enforced by QEMU). */
export const TCR_EL2_FIELDS: readonly SysRegField[] = [
  fld('T0SZ', 5, 0, 'Size offset of the TTBR0_EL2 region: 2^(64-T0SZ) bytes'),
  fld('IRGN0', 9, 8, 'Inner cacheability of walks', RGN_VALUES),
  fld('ORGN0', 11, 10, 'Outer cacheability of walks', RGN_VALUES),
  fld('SH0', 13, 12, 'Shareability of walks', SH_VALUES),
  fld('TG0', 15, 14, 'Granule size', TG0_VALUES),
  fld('PS', 18, 16, 'Physical Address Size', PS_VALUES),
  bit('TBI', 20, 'Top Byte Ignore'),
  bit('HA', 21, 'Hardware Access flag update'),
  bit('HD', 22, 'Hardware dirty state management'),
  bit('HPD', 24, 'Hierarchical permission disable'),
  bit('HWU59', 25, 'IMPDEF use of descriptor bit[59]'),
  bit('HWU60', 26, 'IMPDEF use of descriptor bit[60]'),
  bit('HWU61', 27, 'IMPDEF use of descriptor bit[61]'),
  bit('HWU62', 28, 'IMPDEF use of descriptor bit[62]'),
  bit('TBID', 29, 'TBI applies to data accesses only'),
  bit('TCMA', 30, 'Unchecked accesses for tag 0x0/0xF (FEAT_MTE2)'),
  bit('DS', 32, '52-bit output addresses with 4KB/16KB granules (FEAT_LPA2)'),
];
/** TCR_EL2 with HCR_EL2.E2H=1: the TCR_EL1 layout. */
export const TCR_EL2_E2H1_FIELDS: readonly SysRegField[] = TCR_EL1_FIELDS;

/** CNTHCTL_EL2 with HCR_EL2.E2H=0. */
export const CNTHCTL_EL2_FIELDS: readonly SysRegField[] = [
  bit('EL1PCTEN', 0, 'EL1/EL0 access to CNTPCT_EL0 enable (0 traps)'),
  bit('EL1PCEN', 1, 'EL1/EL0 access to EL1 physical timer enable (0 traps)'),
  bit('EVNTEN', 2, 'Event stream enable'),
  bit('EVNTDIR', 3, 'Event stream trigger on', { 0: '0->1 transition', 1: '1->0 transition' }),
  fld('EVNTI', 7, 4, 'Event stream counter bit select'),
  bit('ECV', 12, 'Enhanced counter virtualization enable (FEAT_ECV)'),
  bit('EL1TVT', 13, 'Trap EL0/EL1 virtual timer accesses (FEAT_ECV)'),
  bit('EL1TVCT', 14, 'Trap EL0/EL1 CNTVCT accesses (FEAT_ECV)'),
  bit('EL1NVPCT', 15, 'Trap EL1 physical timer with NV (FEAT_ECV)'),
  bit('EL1NVVCT', 16, 'Trap EL1 virtual timer with NV (FEAT_ECV)'),
  bit('EVNTIS', 17, 'Event stream scaled by 2^10 (FEAT_ECV)'),
];
/** CNTHCTL_EL2 with HCR_EL2.E2H=1: CNTKCTL_EL1 layout plus the EL1 traps at [11:10]. */
export const CNTHCTL_EL2_E2H1_FIELDS: readonly SysRegField[] = [
  ...CNTKCTL_FIELDS.filter((f) => f.lsb < 10),
  bit('EL1PCTEN', 10, 'EL1/EL0 (TGE=0) access to CNTPCT_EL0 enable'),
  bit('EL1PTEN', 11, 'EL1/EL0 (TGE=0) access to EL1 physical timer enable'),
  ...CNTHCTL_EL2_FIELDS.filter((f) => f.lsb >= 12),
];

const MDCR_EL2_FIELDS: readonly SysRegField[] = [
  fld('HPMN', 4, 0, 'Event counters accessible from EL1/EL0'),
  bit('TPMCR', 5, 'Trap PMCR_EL0'),
  bit('TPM', 6, 'Trap PMU registers'),
  bit('HPME', 7, 'Enable counters HPMN..N-1'),
  bit('TDE', 8, 'Route debug exceptions to EL2'),
  bit('TDA', 9, 'Trap debug register accesses'),
  bit('TDOSA', 10, 'Trap OS-related debug registers (OSLAR/OSLSR/OSDLR/DBGPRCR)'),
  bit('TDRA', 11, 'Trap debug ROM address register'),
  fld('E2PB', 13, 12, 'Profiling buffer owning EL (FEAT_SPE)'),
  bit('TPMS', 14, 'Trap SPE registers'),
  bit('HPMD', 17, 'Prohibit counting at EL2 (FEAT_PMUv3p1)'),
  bit('TTRF', 19, 'Trap TRFCR_EL1 (FEAT_TRF)'),
  bit('HCCD', 23, 'Prohibit cycle counting at EL2 (FEAT_PMUv3p5)'),
  fld('E2TB', 25, 24, 'Trace buffer owning EL (FEAT_TRBE)'),
  bit('HLP', 26, 'Long event counter overflow for HPMN.. (FEAT_PMUv3p5)'),
  bit('TDCC', 27, 'Trap DCC register accesses (FEAT_FGT)'),
  bit('MTPME', 28, 'Multi-threaded PMU enable'),
];

const VTCR_EL2_FIELDS: readonly SysRegField[] = [
  fld('T0SZ', 5, 0, 'Size offset of the IPA region: 2^(64-T0SZ) bytes'),
  fld('SL0', 7, 6, 'Starting level of the stage 2 walk', { 0: '4KB: L2, 16/64KB: L3', 1: '4KB: L1, 16/64KB: L2', 2: '4KB: L0, 16/64KB: L1', 3: '4KB: L3 (FEAT_TTST) / 64KB: L0 (FEAT_LPA)' }),
  fld('IRGN0', 9, 8, 'Inner cacheability of stage 2 walks', RGN_VALUES),
  fld('ORGN0', 11, 10, 'Outer cacheability of stage 2 walks', RGN_VALUES),
  fld('SH0', 13, 12, 'Shareability of stage 2 walks', SH_VALUES),
  fld('TG0', 15, 14, 'Stage 2 granule size', TG0_VALUES),
  fld('PS', 18, 16, 'Physical address size of the stage 2 output', PS_VALUES),
  bit('VS', 19, 'VMID size', { 0: '8 bit', 1: '16 bit' }),
  bit('HA', 21, 'Hardware Access flag update, stage 2'),
  bit('HD', 22, 'Hardware dirty state management, stage 2'),
  bit('HWU59', 25, 'IMPDEF use of stage 2 descriptor bit[59]'),
  bit('HWU60', 26, 'IMPDEF use of stage 2 descriptor bit[60]'),
  bit('HWU61', 27, 'IMPDEF use of stage 2 descriptor bit[61]'),
  bit('HWU62', 28, 'IMPDEF use of stage 2 descriptor bit[62]'),
  bit('NSW', 29, 'Secure stage 2 walks to Non-secure PA space'),
  bit('NSA', 30, 'Secure stage 2 output to Non-secure PA space'),
  bit('RES1', 31, 'Reserved, RES1 (not enforced by QEMU)'),
  bit('DS', 32, '52-bit output with 4KB/16KB granules (FEAT_LPA2)'),
  bit('SL2', 33, 'Start at level -1 with 4KB granule and DS=1 (FEAT_LPA2)'),
];

const AARCH32_SPSR_FIELDS: readonly SysRegField[] = [
  fld('M', 4, 0, 'AArch32 mode', { 0x10: 'usr', 0x11: 'fiq', 0x12: 'irq', 0x13: 'svc', 0x17: 'abt', 0x1a: 'hyp', 0x1b: 'und', 0x1f: 'sys' }),
  bit('T', 5, 'T32 state'), bit('F', 6, 'FIQ mask'), bit('I', 7, 'IRQ mask'), bit('A', 8, 'SError mask'), bit('E', 9, 'Big-endian data'),
  fld('GE', 19, 16, 'SIMD greater-or-equal flags'), bit('Q', 27, 'Saturation'), bit('V', 28, 'Overflow'), bit('C', 29, 'Carry'),
  bit('Z', 30, 'Zero'), bit('N', 31, 'Negative'),
];

const RAZWI = '0xffffffffffffffff';
const IMPDEF = [whole('IMPDEF', 'IMPLEMENTATION DEFINED')];

const EL2_CTRL: readonly SysRegDef[] = [
  reg('SCTLR_EL2', [3, 4, 1, 0, 0], 'System Control Register (EL2). E2H=0 layout; SCTLR_EL2_E2H1_FIELDS when E2H=TGE=1. QEMU reset 0, bits [43:37] RAZ',
    SCTLR_EL2_FIELDS, { res0: '0x00000fe000000000', e2hAliasOf: 'SCTLR_EL1' }),
  reg('ACTLR_EL2', [3, 4, 1, 0, 1], 'Auxiliary Control Register (EL2): RAZ/WI on QEMU', IMPDEF, { res0: RAZWI }),
  reg('HCR_EL2', [3, 4, 1, 1, 0], 'Hypervisor Configuration Register. QEMU 7.2 -cpu max writable: [37:0], APK, API, FWB, EnSCXT; reset 0 (RW=0)',
    HCR_EL2_FIELDS, { res0: '0xffdfbcc000000000' }),
  reg('MDCR_EL2', [3, 4, 1, 1, 1], 'Monitor Debug Configuration (EL2). Reset HPMN=6 (PMCR_EL0.N); QEMU stores all 64 bits', MDCR_EL2_FIELDS, { reset: '0x6' }),
  reg('CPTR_EL2', [3, 4, 1, 1, 2], 'Architectural Feature Trap (EL2). E2H=0 layout; CPTR_EL2_E2H1_FIELDS with E2H=1. QEMU stores all 64 bits',
    CPTR_EL2_FIELDS, { e2hAliasOf: 'CPACR_EL1' }),
  reg('HSTR_EL2', [3, 4, 1, 1, 3], 'Hypervisor System Trap: AArch32 EL1/EL0 CP15 accesses to primary CRn=n',
    [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15].map((n) => bit(`T${n}`, n, `Trap AArch32 CP15 CRn=${n}`))),
  reg('HACR_EL2', [3, 4, 1, 1, 7], 'Hypervisor Auxiliary Control (IMPLEMENTATION DEFINED): RAZ/WI on QEMU', IMPDEF, { res0: RAZWI }),
  reg('ZCR_EL2', [3, 4, 1, 2, 0], 'SVE Control Register (EL2)', [fld('LEN', 3, 0, 'Vector length: (LEN+1)*128 bits')],
    { res0: '0xfffffffffffffff0', e2hAliasOf: 'ZCR_EL1' }),
  reg('HCRX_EL2', [3, 4, 1, 2, 2], 'Extended Hypervisor Configuration (FEAT_HCX: ID_AA64MMFR1_EL1.HCX=1). QEMU 7.2 implements none of its controls: all bits RAZ/WI', [
    bit('EnAS0', 0, 'Enable ST64BV0 at EL1/EL0'), bit('EnALS', 1, 'Enable LD64B/ST64B at EL1/EL0'), bit('EnASR', 2, 'Enable ST64BV at EL1/EL0'),
    bit('FnXS', 3, 'TLBI *nXS behave as XS'), bit('FGTnXS', 4, 'FGT treats nXS TLBI like XS'), bit('SMPME', 5, 'Streaming mode priority mapping'),
    bit('TALLINT', 6, 'Trap MSR ALLINT'), bit('VINMI', 7, 'Virtual IRQ has superpriority'), bit('VFNMI', 8, 'Virtual FIQ has superpriority'),
    bit('CMOW', 9, 'Cache maintenance needs write permission'), bit('MCE2', 10, 'Route MOPS exceptions to EL2'), bit('MSCEn', 11, 'Enable MOPS at EL1/EL0'),
  ], { res0: RAZWI }),
  reg('SMCR_EL2', [3, 4, 1, 2, 6], 'SME Control Register (EL2)', [
    fld('LEN', 3, 0, 'Streaming vector length: (LEN+1)*128 bits'), bit('EZT0', 30, 'ZT0 enable (FEAT_SME2)'), bit('FA64', 31, 'Full A64 in streaming mode'),
  ], { res0: '0xffffffff7ffffff0', e2hAliasOf: 'SMCR_EL1' }),
  reg('SMPRIMAP_EL2', [3, 4, 1, 2, 5], 'Streaming Mode Priority Mapping (FEAT_SME): RAZ/WI on QEMU',
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((n) => fld(`P${n}`, n * 4 + 3, n * 4, `Priority for SMPRI_EL1 value ${n}`)), { res0: RAZWI }),
  reg('TTBR0_EL2', [3, 4, 2, 0, 0], 'Translation Table Base Register 0 (EL2); ASID used only with E2H=1', TTBR_FIELDS, { e2hAliasOf: 'TTBR0_EL1' }),
  reg('TTBR1_EL2', [3, 4, 2, 0, 1], 'Translation Table Base Register 1 (EL2, FEAT_VHE; used with E2H=1)', TTBR_FIELDS, { e2hAliasOf: 'TTBR1_EL1' }),
  reg('TCR_EL2', [3, 4, 2, 0, 2], 'Translation Control Register (EL2). E2H=0 layout; TCR_EL2_E2H1_FIELDS (= TCR_EL1 layout) with E2H=1',
    TCR_EL2_FIELDS, { e2hAliasOf: 'TCR_EL1' }),
  reg('VTTBR_EL2', [3, 4, 2, 1, 0], 'Virtualization Translation Table Base (stage 2)', [
    bit('CnP', 0, 'Common not Private'),
    fld('BADDR', 47, 1, 'Stage 2 table base address (bits [5:2] are BADDR[51:48] with 52-bit PA)'),
    fld('VMID', 63, 48, 'VMID (bits [63:56] RES0 with VTCR_EL2.VS=0)'),
  ]),
  reg('VTCR_EL2', [3, 4, 2, 1, 2], 'Virtualization Translation Control (stage 2). QEMU stores all 64 bits', VTCR_EL2_FIELDS),
  reg('DACR32_EL2', [3, 4, 3, 0, 0], 'AArch32 DACR of EL1', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15].map((n) =>
    fld(`D${n}`, n * 2 + 1, n * 2, `Domain ${n} access`, { 0: 'No access', 1: 'Client', 3: 'Manager' }))),
  reg('SPSR_EL2', [3, 4, 4, 0, 0], 'Saved Program Status Register (EL2)', SPSR_FIELDS, { e2hAliasOf: 'SPSR_EL1' }),
  reg('ELR_EL2', [3, 4, 4, 0, 1], 'Exception Link Register (EL2)', ADDR_FIELDS, { e2hAliasOf: 'ELR_EL1' }),
  reg('SPSR_irq', [3, 4, 4, 3, 0], 'Saved Program Status Register (AArch32 IRQ mode)', AARCH32_SPSR_FIELDS),
  reg('SPSR_abt', [3, 4, 4, 3, 1], 'Saved Program Status Register (AArch32 Abort mode)', AARCH32_SPSR_FIELDS),
  reg('SPSR_und', [3, 4, 4, 3, 2], 'Saved Program Status Register (AArch32 Undefined mode)', AARCH32_SPSR_FIELDS),
  reg('SPSR_fiq', [3, 4, 4, 3, 3], 'Saved Program Status Register (AArch32 FIQ mode)', AARCH32_SPSR_FIELDS),
  reg('IFSR32_EL2', [3, 4, 5, 0, 1], 'AArch32 IFSR of EL1', [fld('FS', 3, 0, 'Fault status [3:0]'), bit('LPAE', 9, 'Long-descriptor format'),
    bit('FS4', 10, 'Fault status [4]'), bit('ExT', 12, 'External abort type')]), // short-descriptor layout; LPAE=1 uses STATUS[5:0]
  reg('AFSR0_EL2', [3, 4, 5, 1, 0], 'Auxiliary Fault Status Register 0 (EL2): RAZ/WI on QEMU', IMPDEF, { res0: RAZWI, e2hAliasOf: 'AFSR0_EL1' }),
  reg('AFSR1_EL2', [3, 4, 5, 1, 1], 'Auxiliary Fault Status Register 1 (EL2): RAZ/WI on QEMU', IMPDEF, { res0: RAZWI, e2hAliasOf: 'AFSR1_EL1' }),
  reg('ESR_EL2', [3, 4, 5, 2, 0], 'Exception Syndrome Register (EL2)', ESR_FIELDS, { e2hAliasOf: 'ESR_EL1' }),
  reg('VSESR_EL2', [3, 4, 5, 2, 3], 'Virtual SError Exception Syndrome (FEAT_RAS): ESR_EL1 ISS for virtual SErrors', [
    fld('ISS', 23, 0, 'Syndrome for the virtual SError'), bit('IDS', 24, 'IMPLEMENTATION DEFINED syndrome'),
  ]),
  reg('FPEXC32_EL2', [3, 4, 5, 3, 0], 'AArch32 FPEXC of EL1', [bit('IOF', 0, 'Invalid Operation'), bit('DZF', 1, 'Divide by Zero'),
    bit('OFF', 2, 'Overflow'), bit('UFF', 3, 'Underflow'), bit('IXF', 4, 'Inexact'), bit('IDF', 7, 'Input Denormal'),
    fld('VECITR', 10, 8, 'Vector iteration count'), bit('TFV', 26, 'Trapped fault valid'), bit('VV', 27, 'VECITR valid'),
    bit('FP2V', 28, 'FPINST2 valid'), bit('DEX', 29, 'Defined synchronous exception'), bit('EN', 30, 'FP/SIMD enable'), bit('EX', 31, 'Exception')]),
  reg('FAR_EL2', [3, 4, 6, 0, 0], 'Fault Address Register (EL2)', ADDR_FIELDS, { e2hAliasOf: 'FAR_EL1' }),
  reg('HPFAR_EL2', [3, 4, 6, 0, 4], 'Hypervisor IPA Fault Address: IPA[51:12] of a stage 2 fault', [
    fld('FIPA', 43, 4, 'Faulting IPA bits [51:12]'), bit('NS', 63, 'Faulting IPA in Non-secure space (Secure EL2)'),
  ]),
  reg('MAIR_EL2', [3, 4, 10, 2, 0], 'Memory Attribute Indirection Register (EL2)', MAIR_FIELDS, { e2hAliasOf: 'MAIR_EL1' }),
  reg('AMAIR_EL2', [3, 4, 10, 3, 0], 'Auxiliary Memory Attribute Indirection (EL2): RAZ/WI on QEMU', IMPDEF, { res0: RAZWI, e2hAliasOf: 'AMAIR_EL1' }),
  reg('VBAR_EL2', [3, 4, 12, 0, 0], 'Vector Base Address Register (EL2). QEMU keeps bits [10:5] (mask ~0x1f)', VBAR_FIELDS,
    { res0: '0x1f', e2hAliasOf: 'VBAR_EL1' }),
  reg('RVBAR_EL2', [3, 4, 12, 0, 1], 'Reset Vector Base Address (EL2 is the highest EL): reads 0 on QEMU', [fld('ResetAddress', 63, 0, 'Reset address')],
    { access: 'RO', storage: 'const' }),
  reg('VDISR_EL2', [3, 4, 12, 1, 1], 'Virtual Deferred Interrupt Status (FEAT_RAS): EL1 DISR_EL1 with HCR_EL2.AMO=1', [
    fld('ISS', 23, 0, 'Syndrome of the deferred virtual SError'), bit('IDS', 24, 'IMPLEMENTATION DEFINED syndrome'), bit('A', 31, 'Deferred virtual SError recorded'),
  ]),
  reg('CONTEXTIDR_EL2', [3, 4, 13, 0, 1], 'Context ID Register (EL2, FEAT_VHE)', CONTEXTIDR_FIELDS, { e2hAliasOf: 'CONTEXTIDR_EL1' }),
  reg('TPIDR_EL2', [3, 4, 13, 0, 2], 'Software Thread ID Register (EL2)', [whole('ThreadID', 'Thread identifier')]),
  reg('SCXTNUM_EL2', [3, 4, 13, 0, 7], 'Software Context Number (EL2, FEAT_CSV2_2)', [whole('SoftwareContextNumber', 'Context number')],
    { e2hAliasOf: 'SCXTNUM_EL1' }),
];

const EL2_TIMER: readonly SysRegDef[] = [
  reg('CNTVOFF_EL2', [3, 4, 14, 0, 3], 'Counter-timer Virtual Offset: CNTVCT = CNTPCT - CNTVOFF (0 when E2H=TGE=1 at EL0/EL2)', [whole('VOffset', 'Virtual offset')]),
  reg('CNTHCTL_EL2', [3, 4, 14, 1, 0], 'Counter-timer Hypervisor Control. E2H=0 layout; CNTHCTL_EL2_E2H1_FIELDS with E2H=1. QEMU reset 0x3',
    CNTHCTL_EL2_FIELDS, { reset: '0x3', e2hAliasOf: 'CNTKCTL_EL1' }),
  reg('CNTHP_TVAL_EL2', [3, 4, 14, 2, 0], 'EL2 physical timer value', [fld('TimerValue', 31, 0, 'Timer value')], { storage: 'special', e2hAliasOf: 'CNTP_TVAL_EL0' }),
  reg('CNTHP_CTL_EL2', [3, 4, 14, 2, 1], 'EL2 physical timer control', TIMER_CTL_FIELDS,
    { storage: 'special', res0: '0xfffffffffffffff8', e2hAliasOf: 'CNTP_CTL_EL0' }),
  reg('CNTHP_CVAL_EL2', [3, 4, 14, 2, 2], 'EL2 physical timer compare value', [whole('CompareValue', 'Compare value')], { e2hAliasOf: 'CNTP_CVAL_EL0' }),
  reg('CNTHV_TVAL_EL2', [3, 4, 14, 3, 0], 'EL2 virtual timer value (FEAT_VHE)', [fld('TimerValue', 31, 0, 'Timer value')], { storage: 'special', e2hAliasOf: 'CNTV_TVAL_EL0' }),
  reg('CNTHV_CTL_EL2', [3, 4, 14, 3, 1], 'EL2 virtual timer control (FEAT_VHE)', TIMER_CTL_FIELDS,
    { storage: 'special', res0: '0xfffffffffffffff8', e2hAliasOf: 'CNTV_CTL_EL0' }),
  reg('CNTHV_CVAL_EL2', [3, 4, 14, 3, 2], 'EL2 virtual timer compare value (FEAT_VHE)', [whole('CompareValue', 'Compare value')], { e2hAliasOf: 'CNTV_CVAL_EL0' }),
];

export const EL2_DEFS: readonly SysRegDef[] = [...EL2_CTRL, ...EL2_TIMER];
