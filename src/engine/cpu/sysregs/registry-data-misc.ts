// FEAT_VHE *_EL12/*_EL02 aliases, GICv3 CPU interface registers, and the
// write masks measured on QEMU 7.2 -cpu max.

import { SysRegDef, SysRegField } from './types';
import { Enc, bit, fld, reg } from './registry-data-common';
import { EL1_DEFS } from './registry-data-el1';

// ---------------------------------------------------------------------------
// *_EL12 / *_EL02: at EL2 with HCR_EL2.E2H=1 they address the EL1/EL0
// register named by el12Target; architecturally UNDEF otherwise (Arm ARM D5
// "FEAT_VHE"). All were confirmed to exist on QEMU 7.2 with E2H=1.
// QEMU 7.2 deviates at EL2 with E2H=0 (measured): the *_EL12 names silently
// access the EL1 register, and the *_EL02 timer names take an EC=0x18 trap to
// EL2 instead of UNDEF (EC=0x00). See QEMU_EL12_E2H0_BEHAVIOUR.

const EL12: readonly [string, Enc, string][] = [
  ['SCTLR_EL12', [3, 5, 1, 0, 0], 'SCTLR_EL1'],
  ['CPACR_EL12', [3, 5, 1, 0, 2], 'CPACR_EL1'],
  ['ZCR_EL12', [3, 5, 1, 2, 0], 'ZCR_EL1'],
  ['SMCR_EL12', [3, 5, 1, 2, 6], 'SMCR_EL1'],
  ['TTBR0_EL12', [3, 5, 2, 0, 0], 'TTBR0_EL1'],
  ['TTBR1_EL12', [3, 5, 2, 0, 1], 'TTBR1_EL1'],
  ['TCR_EL12', [3, 5, 2, 0, 2], 'TCR_EL1'],
  ['SPSR_EL12', [3, 5, 4, 0, 0], 'SPSR_EL1'],
  ['ELR_EL12', [3, 5, 4, 0, 1], 'ELR_EL1'],
  ['AFSR0_EL12', [3, 5, 5, 1, 0], 'AFSR0_EL1'],
  ['AFSR1_EL12', [3, 5, 5, 1, 1], 'AFSR1_EL1'],
  ['ESR_EL12', [3, 5, 5, 2, 0], 'ESR_EL1'],
  ['FAR_EL12', [3, 5, 6, 0, 0], 'FAR_EL1'],
  ['MAIR_EL12', [3, 5, 10, 2, 0], 'MAIR_EL1'],
  ['AMAIR_EL12', [3, 5, 10, 3, 0], 'AMAIR_EL1'],
  ['VBAR_EL12', [3, 5, 12, 0, 0], 'VBAR_EL1'],
  ['CONTEXTIDR_EL12', [3, 5, 13, 0, 1], 'CONTEXTIDR_EL1'],
  ['SCXTNUM_EL12', [3, 5, 13, 0, 7], 'SCXTNUM_EL1'],
  ['CNTKCTL_EL12', [3, 5, 14, 1, 0], 'CNTKCTL_EL1'],
  ['CNTP_TVAL_EL02', [3, 5, 14, 2, 0], 'CNTP_TVAL_EL0'],
  ['CNTP_CTL_EL02', [3, 5, 14, 2, 1], 'CNTP_CTL_EL0'],
  ['CNTP_CVAL_EL02', [3, 5, 14, 2, 2], 'CNTP_CVAL_EL0'],
  ['CNTV_TVAL_EL02', [3, 5, 14, 3, 0], 'CNTV_TVAL_EL0'],
  ['CNTV_CTL_EL02', [3, 5, 14, 3, 1], 'CNTV_CTL_EL0'],
  ['CNTV_CVAL_EL02', [3, 5, 14, 3, 2], 'CNTV_CVAL_EL0'],
];

function alias(name: string, enc: Enc, target: string): SysRegDef {
  const t = EL1_DEFS.find((d) => d.name === target);
  if (!t) throw new Error(`registry: ${name} targets unknown ${target}`);
  return reg(name, enc, `${target} accessed from EL2 with HCR_EL2.E2H=1 (FEAT_VHE); architecturally UNDEF when E2H=0`, t.fields, {
    storage: 'special', reset: t.reset, el12Target: target, ...(t.res0 !== undefined ? { res0: t.res0 } : {}),
  });
}

export const EL12_DEFS: readonly SysRegDef[] = EL12.map(([n, e, t]) => alias(n, e, t));

/**
 * What QEMU 7.2 does for an *_EL12/*_EL02 access at EL2 with HCR_EL2.E2H=0:
 * 'el1' = reads/writes the el12Target register; 'ec18' = synchronous
 * exception to EL2 with ESR_EL2.EC=0x18 (MSR/MRS trap syndrome).
 */
export const QEMU_EL12_E2H0_BEHAVIOUR: Readonly<Record<string, 'el1' | 'ec18'>> = Object.fromEntries(
  EL12.map(([n]) => [n, n.endsWith('_EL02') ? 'ec18' : 'el1'] as const));

// ---------------------------------------------------------------------------
// GICv3 CPU interface (GIC architecture spec IHI 0069, chapter 12). On QEMU
// virt gic-version=3: 5 priority bits, 5 preemption bits, 16-bit INTIDs,
// 4 list registers, no GICv4.1 vSGI. System register access is always on
// (ICC_SRE_ELx.SRE is RAO/WI). Traps by ICH_HCR_EL2.TALL0/TALL1/TC/TDIR and
// HCR_EL2.IMO/FMO redirection to the ICV_* view are handled by the GIC model.

const INTID: readonly SysRegField[] = [fld('INTID', 23, 0, 'Interrupt ID (1023 = spurious)')];
const BPR: readonly SysRegField[] = [fld('BinaryPoint', 2, 0, 'Group/subpriority split point')];
const APR: readonly SysRegField[] = [fld('P', 31, 0, 'Active priority bits, one per preemption level')];
const ENABLE: readonly SysRegField[] = [bit('Enable', 0, 'Interrupt group enable')];
const SGIR: readonly SysRegField[] = [
  fld('TargetList', 15, 0, 'Target PEs within Aff1.Aff2.Aff3 cluster'),
  fld('Aff1', 23, 16, 'Affinity level 1 of targets'),
  fld('INTID', 27, 24, 'SGI number'),
  fld('Aff2', 39, 32, 'Affinity level 2 of targets'),
  bit('IRM', 40, 'Interrupt Routing Mode', { 0: 'to TargetList', 1: 'to all PEs except self' }),
  fld('RS', 47, 44, 'Range selector'),
  fld('Aff3', 55, 48, 'Affinity level 3 of targets'),
];
const SRE: readonly SysRegField[] = [
  bit('SRE', 0, 'System register interface enable (RAO/WI)'),
  bit('DFB', 1, 'Disable FIQ bypass (RAO/WI)'),
  bit('DIB', 2, 'Disable IRQ bypass (RAO/WI)'),
];

const GIC: readonly SysRegDef[] = [
  reg('ICC_PMR_EL1', [3, 0, 4, 6, 0], 'Interrupt Priority Mask. QEMU quirk: keeps written bits [31:3], architecturally [7:3] with 5 priority bits',
    [fld('Priority', 7, 0, 'Priority mask level')]),
  reg('ICC_IAR0_EL1', [3, 0, 12, 8, 0], 'Interrupt Acknowledge, Group 0 (read acknowledges)', INTID, { access: 'RO', storage: 'special', reset: '0x3ff' }),
  reg('ICC_EOIR0_EL1', [3, 0, 12, 8, 1], 'End Of Interrupt, Group 0', INTID, { access: 'WO', storage: 'special' }),
  reg('ICC_HPPIR0_EL1', [3, 0, 12, 8, 2], 'Highest Priority Pending Interrupt, Group 0', INTID, { access: 'RO', storage: 'special', reset: '0x3ff' }),
  reg('ICC_BPR0_EL1', [3, 0, 12, 8, 3], 'Binary Point, Group 0 (minimum value 2 on QEMU)', BPR, { storage: 'special', reset: '0x2' }),
  reg('ICC_AP0R0_EL1', [3, 0, 12, 8, 4], 'Active Priorities Group 0 Register 0', APR),
  reg('ICC_AP1R0_EL1', [3, 0, 12, 9, 0], 'Active Priorities Group 1 Register 0', APR),
  reg('ICC_DIR_EL1', [3, 0, 12, 11, 1], 'Deactivate Interrupt (EOImode=1)', INTID, { access: 'WO', storage: 'special' }),
  reg('ICC_RPR_EL1', [3, 0, 12, 11, 3], 'Running Priority (0xff when idle)', [fld('Priority', 7, 0, 'Running priority')],
    { access: 'RO', storage: 'special', reset: '0xff' }),
  reg('ICC_SGI1R_EL1', [3, 0, 12, 11, 5], 'SGI Group 1 Register: generate a Group 1 SGI', SGIR, { access: 'WO', storage: 'special' }),
  reg('ICC_ASGI1R_EL1', [3, 0, 12, 11, 6], 'Alias SGI Group 1 Register: generate a Group 1 SGI for the other Security state', SGIR, { access: 'WO', storage: 'special' }),
  reg('ICC_SGI0R_EL1', [3, 0, 12, 11, 7], 'SGI Group 0 Register: generate a Group 0 SGI', SGIR, { access: 'WO', storage: 'special' }),
  reg('ICC_IAR1_EL1', [3, 0, 12, 12, 0], 'Interrupt Acknowledge, Group 1 (read acknowledges)', INTID, { access: 'RO', storage: 'special', reset: '0x3ff' }),
  reg('ICC_EOIR1_EL1', [3, 0, 12, 12, 1], 'End Of Interrupt, Group 1', INTID, { access: 'WO', storage: 'special' }),
  reg('ICC_HPPIR1_EL1', [3, 0, 12, 12, 2], 'Highest Priority Pending Interrupt, Group 1', INTID, { access: 'RO', storage: 'special', reset: '0x3ff' }),
  reg('ICC_BPR1_EL1', [3, 0, 12, 12, 3], 'Binary Point, Group 1 (minimum value 3 on QEMU)', BPR, { storage: 'special', reset: '0x3' }),
  reg('ICC_CTLR_EL1', [3, 0, 12, 12, 4], 'Interrupt Controller Control (EL1); only CBPR and EOImode writable on QEMU', [
    bit('CBPR', 0, 'Common binary point register'),
    bit('EOImode', 1, 'EOI mode', { 0: 'EOI also deactivates', 1: 'EOI drops priority only' }),
    bit('PMHE', 6, 'Priority mask hint enable'),
    fld('PRIbits', 10, 8, 'Priority bits - 1'),
    fld('IDbits', 13, 11, 'INTID bits', { 0: '16 bits', 1: '24 bits' }),
    bit('SEIS', 14, 'Local SEI generation supported'),
    bit('A3V', 15, 'Non-zero Affinity 3 supported'),
    bit('RSS', 18, 'Range selector support'),
    bit('ExtRange', 19, 'Extended INTID range'),
  ], { storage: 'special', reset: '0x8c00' }),
  reg('ICC_SRE_EL1', [3, 0, 12, 12, 5], 'System Register Enable (EL1)', SRE, { storage: 'special', reset: '0x7', res1: '0x7', res0: '0xfffffffffffffff8' }),
  reg('ICC_IGRPEN0_EL1', [3, 0, 12, 12, 6], 'Interrupt Group 0 Enable', ENABLE, { res0: '0xfffffffffffffffe' }),
  reg('ICC_IGRPEN1_EL1', [3, 0, 12, 12, 7], 'Interrupt Group 1 Enable', ENABLE, { res0: '0xfffffffffffffffe' }),
  reg('ICC_SRE_EL2', [3, 4, 12, 9, 5], 'System Register Enable (EL2)', [...SRE, bit('Enable', 3, 'EL1 may access ICC_SRE_EL1 (RAO/WI)')],
    { storage: 'special', reset: '0xf', res1: '0xf', res0: '0xfffffffffffffff0' }),
  reg('ICH_AP0R0_EL2', [3, 4, 12, 8, 0], 'Virtual Active Priorities Group 0 Register 0', APR, { res0: '0xffffffff00000000' }),
  reg('ICH_AP1R0_EL2', [3, 4, 12, 9, 0], 'Virtual Active Priorities Group 1 Register 0', APR, { res0: '0xffffffff00000000' }),
  reg('ICH_HCR_EL2', [3, 4, 12, 11, 0], 'Interrupt Controller Hyp Control', [
    bit('En', 0, 'Virtual CPU interface enable'), bit('UIE', 1, 'Underflow interrupt enable'),
    bit('LRENPIE', 2, 'List Register Entry Not Present interrupt enable'), bit('NPIE', 3, 'No Pending interrupt enable'),
    bit('VGrp0EIE', 4, 'VM Group 0 enabled interrupt enable'), bit('VGrp0DIE', 5, 'VM Group 0 disabled interrupt enable'),
    bit('VGrp1EIE', 6, 'VM Group 1 enabled interrupt enable'), bit('VGrp1DIE', 7, 'VM Group 1 disabled interrupt enable'),
    bit('vSGIEOICount', 8, 'vSGI EOI counting (GICv4.1)'), bit('TC', 10, 'Trap common EL1 ICC_* accesses'),
    bit('TALL0', 11, 'Trap EL1 Group 0 ICC_* accesses'), bit('TALL1', 12, 'Trap EL1 Group 1 ICC_* accesses'),
    bit('TSEI', 13, 'Trap locally generated SEIs'), bit('TDIR', 14, 'Trap EL1 ICC_DIR_EL1'),
    fld('EOIcount', 31, 27, 'EOIs without a matching List Register'),
  ], { res0: '0xffffffff07ff8300' }),
  reg('ICH_VTR_EL2', [3, 4, 12, 11, 1], 'Interrupt Controller VGIC Type', [
    fld('ListRegs', 4, 0, 'Number of List Registers - 1'), bit('TDS', 19, 'ICH_HCR_EL2.TDIR supported'),
    bit('nV4', 20, 'Direct vLPI injection not supported'), bit('A3V', 21, 'Non-zero virtual Aff3 supported'),
    bit('SEIS', 22, 'SEI generation supported'), fld('IDbits', 25, 23, 'Virtual INTID bits', { 0: '16 bits', 1: '24 bits' }),
    fld('PREbits', 28, 26, 'Virtual preemption bits - 1'), fld('PRIbits', 31, 29, 'Virtual priority bits - 1'),
  ], { access: 'RO', storage: 'const', reset: '0x90b80003' }),
  reg('ICH_MISR_EL2', [3, 4, 12, 11, 2], 'Interrupt Controller Maintenance Interrupt State', [
    bit('EOI', 0, 'EOI maintenance'), bit('U', 1, 'Underflow'), bit('LRENP', 2, 'List Register Entry Not Present'),
    bit('NP', 3, 'No Pending'), bit('VGrp0E', 4, 'Group 0 enabled'), bit('VGrp0D', 5, 'Group 0 disabled'),
    bit('VGrp1E', 6, 'Group 1 enabled'), bit('VGrp1D', 7, 'Group 1 disabled'),
  ], { access: 'RO', storage: 'special' }),
  reg('ICH_EISR_EL2', [3, 4, 12, 11, 3], 'End of Interrupt Status: LRs with EOI maintenance pending', [fld('Status', 15, 0, 'One bit per List Register')],
    { access: 'RO', storage: 'special' }),
  reg('ICH_ELRSR_EL2', [3, 4, 12, 11, 5], 'Empty List Register Status', [fld('Status', 15, 0, 'One bit per List Register (1 = empty)')],
    { access: 'RO', storage: 'special', reset: '0xf' }),
  reg('ICH_VMCR_EL2', [3, 4, 12, 11, 7], 'Virtual Machine Control (ICV_* state); VFIQEn reads 1, VBPRn clamp to minima', [
    bit('VENG0', 0, 'Virtual Group 0 enable'), bit('VENG1', 1, 'Virtual Group 1 enable'), bit('VAckCtl', 2, 'Virtual AckCtl (RES0 here)'),
    bit('VFIQEn', 3, 'Virtual FIQ enable (RES1 with SRE)'), bit('VCBPR', 4, 'Virtual common binary point'), bit('VEOIM', 9, 'Virtual EOI mode'),
    fld('VBPR1', 20, 18, 'Virtual Group 1 binary point'), fld('VBPR0', 23, 21, 'Virtual Group 0 binary point'), fld('VPMR', 31, 24, 'Virtual priority mask'),
  ], { storage: 'special', reset: '0x004c0008' }),
];

const LR_FIELDS: readonly SysRegField[] = [
  fld('vINTID', 31, 0, 'Virtual INTID'),
  fld('pINTID', 44, 32, 'Physical INTID (HW=1) or EOI maintenance request in bit 41'),
  fld('Priority', 55, 48, 'Virtual priority (low 3 bits not stored on QEMU)'),
  bit('Group', 60, 'Virtual interrupt group'),
  bit('HW', 61, 'Hardware interrupt: deactivation forwarded to pINTID'),
  fld('State', 63, 62, 'Virtual interrupt state', { 0: 'Invalid', 1: 'Pending', 2: 'Active', 3: 'Pending and active' }),
];
const LRS: SysRegDef[] = [];
for (let n = 0; n < 4; n++) {
  LRS.push(reg(`ICH_LR${n}_EL2`, [3, 4, 12, 12, n], `List Register ${n}`, LR_FIELDS, { res0: '0x0007000000000000' }));
}

export const GIC_DEFS: readonly SysRegDef[] = [...GIC, ...LRS];

// ---------------------------------------------------------------------------
// Observed writable mask per register on QEMU 7.2 -cpu max: the value read
// back after MSR of all-ones (at EL2, HCR_EL2.E2H=0; E2H=1 gave identical
// results for SCTLR_EL2, CPTR_EL2, TCR_EL2, CNTHCTL_EL2, HCR_EL2, MDCR_EL2).
// Writing zero read back zero except where noted. Bits outside the mask are
// RAZ/WI (or fixed, see the notes).
export const QEMU_WRITE_MASKS: Readonly<Record<string, string>> = {
  NZCV: '0xf0000000', DAIF: '0x3c0', SPSel: '0x1', PAN: '0x400000', UAO: '0x800000', DIT: '0x1000000', SSBS: '0x1000',
  SVCR: '0xffffffffffffffff', // QEMU 7.2 stores every written bit (architecturally only SM, ZA)
  SP_EL0: '0xffffffffffffffff', SP_EL1: '0xffffffffffffffff',
  SPSR_EL1: '0xffffffffffffffff', ELR_EL1: '0xffffffffffffffff', SPSR_EL2: '0xffffffffffffffff', ELR_EL2: '0xffffffffffffffff',
  SPSR_irq: '0xffffffffffffffff', SPSR_abt: '0xffffffffffffffff', SPSR_und: '0xffffffffffffffff', SPSR_fiq: '0xffffffffffffffff',
  FPCR: '0x7ff0000', FPSR: '0xf800009f',
  CSSELR_EL1: '0xf', VPIDR_EL2: '0xffffffffffffffff', VMPIDR_EL2: '0xffffffffffffffff',
  SCTLR_EL1: '0xfffff01fffffffff', ACTLR_EL1: '0x0', CPACR_EL1: '0xffffffffffffffff', ZCR_EL1: '0xf',
  SMCR_EL1: '0x8000000f', SMPRI_EL1: '0x0', TPIDR2_EL0: '0xffffffffffffffff',
  TTBR0_EL1: '0xffffffffffffffff', TTBR1_EL1: '0xffffffffffffffff', TCR_EL1: '0xffffffffffffffff',
  APIAKeyLo_EL1: '0xffffffffffffffff', APIAKeyHi_EL1: '0xffffffffffffffff', APIBKeyLo_EL1: '0xffffffffffffffff',
  APIBKeyHi_EL1: '0xffffffffffffffff', APDAKeyLo_EL1: '0xffffffffffffffff', APDAKeyHi_EL1: '0xffffffffffffffff',
  APDBKeyLo_EL1: '0xffffffffffffffff', APDBKeyHi_EL1: '0xffffffffffffffff', APGAKeyLo_EL1: '0xffffffffffffffff',
  APGAKeyHi_EL1: '0xffffffffffffffff',
  AFSR0_EL1: '0x0', AFSR1_EL1: '0x0', ESR_EL1: '0xffffffffffffffff', FAR_EL1: '0xffffffffffffffff', PAR_EL1: '0xffffffffffffffff',
  MAIR_EL1: '0xffffffffffffffff', AMAIR_EL1: '0x0', LORSA_EL1: '0x0', LOREA_EL1: '0x0', LORN_EL1: '0x0', LORC_EL1: '0x0',
  VBAR_EL1: '0xffffffffffffffe0', DISR_EL1: '0xffffffffffffffff', CONTEXTIDR_EL1: '0xffffffffffffffff',
  TPIDR_EL1: '0xffffffffffffffff', SCXTNUM_EL1: '0xffffffffffffffff', CNTKCTL_EL1: '0xffffffffffffffff',
  TPIDR_EL0: '0xffffffffffffffff', TPIDRRO_EL0: '0xffffffffffffffff', SCXTNUM_EL0: '0xffffffffffffffff',
  MDCCINT_EL1: '0xffffffffffffffff', MDSCR_EL1: '0xffffffffffffffff', OSDLR_EL1: '0x1',
  DBGBVR0_EL1: '0xffffffffffffffff', DBGBCR0_EL1: '0xffffffffffffffff', DBGWVR0_EL1: '0xfffffffffffffffc', DBGWCR0_EL1: '0xffffffffffffffff',
  PMCR_EL0: '0xf9', // bits [31:11] fixed at 0x41013000; P and C act and read 0
  PMSELR_EL0: '0x1f', PMUSERENR_EL0: '0xf', PMCCFILTR_EL0: '0xfc000000', PMEVTYPER0_EL0: '0xfe00ffff',
  CNTFRQ_EL0: '0xffffffffffffffff', // writable at EL2 because EL2 is the highest EL
  CNTP_CTL_EL0: '0x3', CNTV_CTL_EL0: '0x3', CNTHP_CTL_EL2: '0x3', CNTHV_CTL_EL2: '0x3', // ISTATUS (bit 2) is computed
  CNTP_CVAL_EL0: '0xffffffffffffffff', CNTV_CVAL_EL0: '0xffffffffffffffff',
  CNTHP_CVAL_EL2: '0xffffffffffffffff', CNTHV_CVAL_EL2: '0xffffffffffffffff',
  SCTLR_EL2: '0xfffff01fffffffff', // bit 0 not probed (MMU on); same with E2H=1
  ACTLR_EL2: '0x0', HCR_EL2: '0x0020433fffffffff', MDCR_EL2: '0xffffffffffffffff', CPTR_EL2: '0xffffffffffffffff',
  HSTR_EL2: '0xffffffffffffffff', HACR_EL2: '0x0', ZCR_EL2: '0xf', HCRX_EL2: '0x0', SMCR_EL2: '0x8000000f', SMPRIMAP_EL2: '0x0',
  TTBR0_EL2: '0xffffffffffffffff', TTBR1_EL2: '0xffffffffffffffff', TCR_EL2: '0xffffffffffffffff',
  VTTBR_EL2: '0xffffffffffffffff', VTCR_EL2: '0xffffffffffffffff', DACR32_EL2: '0xffffffffffffffff',
  IFSR32_EL2: '0xffffffffffffffff', AFSR0_EL2: '0x0', AFSR1_EL2: '0x0', ESR_EL2: '0xffffffffffffffff',
  VSESR_EL2: '0xffffffffffffffff', FPEXC32_EL2: '0xffffffffffffffff', FAR_EL2: '0xffffffffffffffff',
  HPFAR_EL2: '0xffffffffffffffff', MAIR_EL2: '0xffffffffffffffff', AMAIR_EL2: '0x0', VBAR_EL2: '0xffffffffffffffe0',
  VDISR_EL2: '0xffffffffffffffff', CONTEXTIDR_EL2: '0xffffffffffffffff', TPIDR_EL2: '0xffffffffffffffff',
  SCXTNUM_EL2: '0xffffffffffffffff', CNTVOFF_EL2: '0xffffffffffffffff', CNTHCTL_EL2: '0xffffffffffffffff',
  ICC_PMR_EL1: '0xfffffff8', // QEMU quirk: bits [31:8] are stored too
  ICC_BPR0_EL1: '0x7', ICC_BPR1_EL1: '0x7', // writing 0 reads back the minimum (2 and 3)
  ICC_AP0R0_EL1: '0xffffffff', ICC_AP1R0_EL1: '0xffffffff',
  ICC_CTLR_EL1: '0x3', // PRIbits/IDbits/A3V fixed: reads 0x8c00 | written bits
  ICC_SRE_EL1: '0x0', ICC_SRE_EL2: '0x0', // fixed at 0x7 and 0xf
  ICC_IGRPEN0_EL1: '0x1', ICC_IGRPEN1_EL1: '0x1',
  ICH_AP0R0_EL2: '0xffffffff', ICH_AP1R0_EL2: '0xffffffff', ICH_HCR_EL2: '0xf8007cff',
  ICH_VMCR_EL2: '0xfffc0213', // VFIQEn (bit 3) fixed at 1; writing 0 reads 0x004c0008 (VBPR minima)
  ICH_LR0_EL2: '0xfff8ffffffffffff', ICH_LR3_EL2: '0xfff8ffffffffffff',
};
