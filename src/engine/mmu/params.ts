// Walk parameters from the system registers: the Arm ARM's AArch64.GetS1TTWParams,
// AArch64.GetS2TTWParams, AArch64.S1StartLevel and AArch64.S2StartLevel, plus the
// pre-walk checks of AArch64.S1Translate (VA range, EPD, E0PD, TxSZ limits).
import { Pe, R, HCR } from '../cpu/pe';
import { Regime } from './types';
import type { WalkEnv } from './walk';
import { sysRegIndex } from '../cpu/sysregs/file';

const TTBR0_EL1 = sysRegIndex('TTBR0_EL1'), TTBR1_EL1 = sysRegIndex('TTBR1_EL1');
const TTBR0_EL2 = sysRegIndex('TTBR0_EL2'), TTBR1_EL2 = sysRegIndex('TTBR1_EL2');
const MAIR_EL1 = sysRegIndex('MAIR_EL1'), MAIR_EL2 = sysRegIndex('MAIR_EL2');
const VTCR_EL2 = sysRegIndex('VTCR_EL2'), VTTBR_EL2 = sysRegIndex('VTTBR_EL2');

/** ID_AA64MMFR0_EL1.PARange = 0b0110: 52-bit physical addresses (QEMU 7.2 -cpu max). */
export const PA_RANGE_BITS = 52;

/** Output size for a PS/IPS encoding (Arm ARM AArch64.PAMax and TCR.IPS). */
export function psBits(ps: number, lpa52: boolean): number {
  const bits = [32, 36, 40, 42, 44, 48, 52, 52][ps & 7];
  const b = bits === 52 && !lpa52 ? 48 : bits;
  return Math.min(b, PA_RANGE_BITS);
}

export interface S1Params {
  readonly regime: Regime;
  /** log2 of the granule: 12, 14 or 16. */
  readonly granuleBits: number;
  readonly txsz: number;
  readonly inputSize: number;
  readonly startLevel: number;
  /** Base of the start table (PA, or IPA when stage 2 applies to the walk). */
  readonly base: number;
  /** The same base as an int32 pair (bits [31:0], [51:32]): the walker's address arithmetic. */
  readonly baseLo: number;
  readonly baseHi: number;
  /** Base address field exceeded the output size: address-size fault at level 0 (R_VPBBF). */
  readonly baseTooBig: boolean;
  readonly outBits: number;
  readonly twoRanges: boolean;
  /** Which TTBR: 0 or 1. */
  readonly ttbrSel: number;
  readonly hpd: boolean;
  readonly ee: boolean;
  readonly wxn: boolean;
  readonly ha: boolean;
  readonly hd: boolean;
  readonly ds: boolean;
  /** TCR shareability of the walk, used for the output with DS (LPA2). */
  readonly tcrSh: number;
  readonly mairLo: number;
  readonly mairHi: number;
  /** SCTLR_ELx.C == 0 makes Normal memory Non-cacheable for stage-1 output attributes... recorded, QEMU 7.2 does not apply it to PAR. */
  readonly epan: boolean;
  readonly asid: number;
  /** FEAT_NV1: EL1&0 with HCR_EL2.{NV,NV1} = {1,1} uses the EL2 descriptor format (bit 54 is PXN, AP[1] reads 0). */
  readonly nv1: boolean;
  /** The controls stage-1 permissions depend on, {nv1, twoRanges, hd, wxn} as bits 3..0 (walk.ts s1PermKey). */
  readonly permMode: number;
}

/** Why a stage-1 walk cannot start (AArch64.S1Translate checks before the walk). */
export type S1Setup = S1Params | { readonly fault: 'translation' | 'address-size'; readonly level: number };

function bits(v: number, lsb: number, width: number): number { return (v >>> lsb) & ((1 << width) - 1); }

/** Decode TG0 (00 4K, 01 64K, 10 16K) or TG1 (01 16K, 10 4K, 11 64K); reserved values use the smallest implemented (QEMU). */
function granuleFromTg0(tg: number): number { return tg === 1 ? 16 : tg === 2 ? 14 : 12; }
function granuleFromTg1(tg: number): number { return tg === 1 ? 14 : tg === 3 ? 16 : 12; }

/** AArch64.S1StartLevel: FINAL_LEVEL - ((inputsize - 1 - granulebits) DIV stride). */
export function s1StartLevel(inputSize: number, granuleBits: number): number {
  const stride = granuleBits - 3;
  return 3 - Math.floor((inputSize - 1 - granuleBits) / stride);
}

/** TxSZ limits for a granule (FEAT_TTST max 48/47; FEAT_LVA/LPA2 min 12). */
function txszRange(granuleBits: number, ds: boolean): [number, number] {
  const min = granuleBits === 16 || ds ? 12 : 16;
  const max = granuleBits === 16 ? 47 : 48;
  return [min, max];
}

/** Is PSTATE/ regime EL2&0 (E2H and TGE) for EL0 accesses, or EL2 with E2H? */
export function currentRegime(pe: Pe): Regime {
  if (pe.el === 2) return pe.hcr(HCR.E2H) === 1 ? Regime.EL20 : Regime.EL2;
  if (pe.el === 0 && pe.hcr(HCR.E2H) === 1 && pe.hcr(HCR.TGE) === 1) return Regime.EL20;
  return Regime.EL10;
}

/** Stage 1 enabled for the regime (SCTLR_ELx.M; HCR_EL2.{DC,TGE} disable EL1&0 stage 1). */
export function s1Enabled(pe: Pe, regime: Regime): boolean {
  if (regime === Regime.EL10) {
    if (pe.hcr(HCR.DC) === 1 || pe.hcr(HCR.TGE) === 1) return false;
    return (pe.sys.lo(R.SCTLR_EL1) & 1) === 1;
  }
  return (pe.sys.lo(R.SCTLR_EL2) & 1) === 1;
}

/** Stage 2 applies to the EL1&0 regime (HCR_EL2.VM or DC, and not TGE). */
export function s2Enabled(pe: Pe, regime: Regime): boolean {
  return regime === Regime.EL10 && (pe.hcr(HCR.VM) === 1 || pe.hcr(HCR.DC) === 1) && pe.hcr(HCR.TGE) === 0;
}

/** The regime controls AArch64_FullTranslate reads: stage enables, HCR_EL2.{PTW, FWB, CD} and the stage-2 setup when stage 2 is on. */
export interface RegimeControls {
  readonly s1On: boolean; readonly s2On: boolean; readonly ptwDevice: boolean;
  readonly fwb: boolean; readonly cd: boolean;
  readonly s2: S2Setup | undefined;
  /** FullTranslate's walk environments (immutable, so shared), by {inspect, write, record}; see translate.ts walkEnv. */
  readonly envs: (WalkEnv | undefined)[];
}

/**
 * s1Enabled, s2Enabled and the HCR_EL2 bits for `regime`, cached per register-file version like the
 * walk parameters (derived slots 7..9; they read only SCTLR_ELx and HCR_EL2, which bump it).
 */
export function regimeControls(pe: Pe, regime: Regime): RegimeControls {
  const s = pe.sys, key = 7 + regime;
  let slot = s.derived[key];
  if (slot === undefined) { slot = { version: -1, value: undefined }; s.derived[key] = slot; }
  if (slot.version !== s.version) {
    const s2On = s2Enabled(pe, regime);
    const c: RegimeControls = {
      s1On: s1Enabled(pe, regime), s2On, ptwDevice: pe.hcr(HCR.PTW) === 1, fwb: pe.hcr(HCR.FWB) === 1, cd: pe.hcr(HCR.CD) === 1,
      s2: s2On ? s2Setup(pe) : undefined,
      envs: [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    };
    slot.value = c; slot.version = s.version;
  }
  return slot.value as RegimeControls;
}

/** Pre-walk faults are constants: the hot path allocates nothing. */
const FAULT_T0 = { fault: 'translation', level: 0 } as const;

/**
 * Walk parameters for one TTBR of a regime plus the per-VA checks' inputs; cached per register-file version.
 * The VA range check as masks: VA bits [top:inputSize] (top 55 with TBI, else 63) must all equal the TTBR
 * select (two ranges) or zero (one range), i.e. (va & range) === expect for each half.
 */
interface S1Cached {
  readonly params: S1Params | undefined; readonly epd: number; readonly e0pd: number;
  readonly rangeLo: number; readonly rangeHi: number; readonly expectLo: number; readonly expectHi: number;
}

/** AArch64.GetS1TTWParams + the VA-range checks of AArch64.S1Translate. `el0` marks an unprivileged access (E0PD). */
export function s1Setup(pe: Pe, regime: Regime, vaLo: number, vaHi: number, el0: boolean): S1Setup {
  const bit55 = (vaHi >>> 23) & 1;
  const ttbrSel = regime === Regime.EL2 ? 0 : bit55;
  const key = regime * 2 + ttbrSel;
  const s = pe.sys;
  let slot = s.derived[key];
  if (slot === undefined) { slot = { version: -1, value: undefined }; s.derived[key] = slot; }
  if (slot.version !== s.version) { slot.value = s1Params(pe, regime, ttbrSel); slot.version = s.version; }
  const c = slot.value as S1Cached;
  // Out-of-range TxSZ is a Translation fault at level 0 (QEMU aa64_va_parameters tsz_oob; IMPLEMENTATION DEFINED choice).
  if (c.params === undefined) return FAULT_T0;
  // VA range: bits [top:inputSize] must all equal the TTBR select (two ranges) or zero (one range).
  if ((vaLo & c.rangeLo) !== c.expectLo || (vaHi & c.rangeHi) !== c.expectHi) return FAULT_T0;
  if (c.epd === 1) return FAULT_T0;
  if (el0 && c.e0pd === 1) return FAULT_T0;
  return c.params;
}

function s1Params(pe: Pe, regime: Regime, ttbrSel: number): S1Cached {
  const s = pe.sys;
  const twoRanges = regime !== Regime.EL2;
  const tcrIdx = regime === Regime.EL10 ? R.TCR_EL1 : R.TCR_EL2;
  const tLo = s.lo(tcrIdx), tHi = s.hi(tcrIdx);
  let granuleBits: number, txsz: number, tbi: number, epd = 0, hpd: number, ha: number, hd: number, ds: number, ps: number, sh: number, e0pd = 0;
  if (!twoRanges) {
    // TCR_EL2 with E2H == 0 (D23.2.126): one range, fields at their EL2 positions.
    granuleBits = granuleFromTg0(bits(tLo, 14, 2));
    txsz = bits(tLo, 0, 6); tbi = bits(tLo, 20, 1); hpd = bits(tLo, 24, 1); ha = bits(tLo, 21, 1); hd = bits(tLo, 22, 1);
    ds = tHi & 1; ps = bits(tLo, 16, 3); sh = bits(tLo, 12, 2);
  } else {
    ds = bits(tHi, 59 - 32, 1);
    ps = bits(tHi, 0, 3);
    ha = bits(tHi, 39 - 32, 1); hd = bits(tHi, 40 - 32, 1);
    if (ttbrSel === 0) {
      granuleBits = granuleFromTg0(bits(tLo, 14, 2)); txsz = bits(tLo, 0, 6); epd = bits(tLo, 7, 1);
      tbi = bits(tHi, 37 - 32, 1); hpd = bits(tHi, 41 - 32, 1); sh = bits(tLo, 12, 2); e0pd = bits(tHi, 55 - 32, 1);
    } else {
      granuleBits = granuleFromTg1(bits(tLo, 30, 2)); txsz = bits(tLo, 16, 6); epd = bits(tLo, 23, 1);
      tbi = bits(tHi, 38 - 32, 1); hpd = bits(tHi, 42 - 32, 1); sh = bits(tLo, 28, 2); e0pd = bits(tHi, 56 - 32, 1);
    }
  }
  const dsOn = ds === 1 && granuleBits !== 16;
  const [minT, maxT] = txszRange(granuleBits, dsOn);
  const inputSize = 64 - txsz;
  if (txsz < minT || txsz > maxT) return { params: undefined, epd, e0pd, rangeLo: 0, rangeHi: 0, expectLo: 0, expectHi: 0 };
  const ttbr = regime === Regime.EL10 ? (ttbrSel === 0 ? TTBR0_EL1 : TTBR1_EL1) : (ttbrSel === 0 ? TTBR0_EL2 : TTBR1_EL2);
  const bLo = s.lo(ttbr), bHi = s.hi(ttbr);
  const lpa52 = granuleBits === 16 ? true : dsOn;
  const outBits = psBits(ps, lpa52);
  const startLevel = s1StartLevel(inputSize, granuleBits);
  // Base: TTBR[47:1] (+ [5:2] as PA[51:48] with 52-bit output), aligned to the start table size.
  const { base, tooBig } = ttbrBase(bLo, bHi, inputSize, startLevel, granuleBits, outBits);
  const mair = regime === Regime.EL10 ? MAIR_EL1 : MAIR_EL2;
  const sctlr = regime === Regime.EL10 ? R.SCTLR_EL1 : R.SCTLR_EL2;
  const sc = s.lo(sctlr);
  const tcrA1 = twoRanges ? bits(tLo, 22, 1) : 0;
  const asidTtbr = tcrA1 === 1 ? (regime === Regime.EL10 ? TTBR1_EL1 : TTBR1_EL2) : ttbr;
  const wxn = ((sc >>> 19) & 1) === 1, hdOn = hd === 1 && ha === 1;
  const nv1 = regime === Regime.EL10 && pe.hcr(HCR.NV) === 1 && pe.hcr(HCR.NV1) === 1;
  const params: S1Params = {
    regime, granuleBits, txsz, inputSize, startLevel, base, baseLo: base | 0, baseHi: (base / 4294967296) | 0, baseTooBig: tooBig, outBits, twoRanges, ttbrSel,
    hpd: hpd === 1, ee: ((sc >>> 25) & 1) === 1, wxn, ha: ha === 1, hd: hdOn, ds: dsOn, tcrSh: sh,
    mairLo: s.lo(mair), mairHi: s.hi(mair), epan: ((s.hi(sctlr) >>> (57 - 32)) & 1) === 1,
    asid: twoRanges ? (s.hi(asidTtbr) >>> 16) & 0xffff : 0,
    nv1, permMode: (nv1 ? 8 : 0) | (twoRanges ? 4 : 0) | (hdOn ? 2 : 0) | (wxn ? 1 : 0),
  };
  // The slot is keyed by the TTBR select, so the value the range bits must have is fixed: VA[55] = ttbrSel.
  const [rangeLo, rangeHi] = bitRange(inputSize, tbi === 1 ? 55 : 63);
  const fill = twoRanges && ttbrSel === 1;
  return { params, epd, e0pd, rangeLo, rangeHi, expectLo: fill ? rangeLo : 0, expectHi: fill ? rangeHi : 0 };
}

/** Compute the start-table base from a TTBR/VTTBR value. */
export function ttbrBase(lo: number, hi: number, inputSize: number, startLevel: number, granuleBits: number, outBits: number): { base: number; tooBig: boolean } {
  const stride = granuleBits - 3;
  const startBits = inputSize - (granuleBits + (3 - startLevel) * stride);
  const align = Math.max(startBits + 3, 3); // table size in bytes = 8 << startBits
  let base = (hi & 0xffff) * 4294967296 + ((lo & ~1) >>> 0);
  if (outBits === 52) base += ((lo >>> 2) & 0xf) * 2 ** 48; // BADDR[51:48] in TTBR[5:2]
  // Bits below the table alignment are RES0; QEMU ignores them, as the Arm ARM permits.
  base = base - (base % 2 ** (outBits === 52 ? Math.max(align, 6) : align));
  return { base, tooBig: base >= 2 ** outBits };
}

/** Bits [from..to] (from <= to, to >= 32) of a 64-bit value as (lo, hi) masks. */
function bitRange(from: number, to: number): [number, number] {
  let lo = 0;
  if (from < 32) {
    const n = Math.min(to, 31) - from + 1;
    lo = (n === 32 ? -1 : ((1 << n) - 1) << from) | 0;
  }
  const f = Math.max(from, 32) - 32, n = to - 32 - f + 1;
  const hi = (n === 32 ? -1 : ((1 << n) - 1) << f) | 0;
  return [lo, hi];
}

export interface S2Params {
  readonly granuleBits: number;
  readonly inputSize: number;
  readonly startLevel: number;
  readonly base: number;
  /** The same base as an int32 pair (bits [31:0], [51:32]). */
  readonly baseLo: number;
  readonly baseHi: number;
  readonly baseTooBig: boolean;
  readonly outBits: number;
  readonly ee: boolean;
  readonly ha: boolean;
  readonly hd: boolean;
  readonly ds: boolean;
  /** VTCR_EL2.SH0: the output's shareability with DS (LPA2), where descriptor bits [9:8] are OA[51:50]. */
  readonly tcrSh: number;
  readonly vmid: number;
}

export type S2Setup = S2Params | { readonly fault: 'translation'; readonly level: number };

/** AArch64.GetS2TTWParams + AArch64.S2StartLevel + the consistency check of AArch64.S2InconsistentSL. */
export function s2Setup(pe: Pe): S2Setup {
  const s = pe.sys;
  let slot = s.derived[6];
  if (slot === undefined) { slot = { version: -1, value: undefined }; s.derived[6] = slot; }
  if (slot.version !== s.version) { slot.value = s2Params(pe); slot.version = s.version; }
  return slot.value as S2Setup;
}

function s2Params(pe: Pe): S2Setup {
  const s = pe.sys;
  const v = s.lo(VTCR_EL2), vh = s.hi(VTCR_EL2);
  const granuleBits = granuleFromTg0(bits(v, 14, 2));
  const ds = (vh & 1) === 1 && granuleBits !== 16;
  const t0sz = bits(v, 0, 6);
  const sl0 = bits(v, 6, 2);
  const sl2 = (vh >>> 1) & 1;
  const [minT, maxT] = txszRange(granuleBits, ds);
  if (t0sz < minT || t0sz > maxT) return { fault: 'translation', level: 0 };
  const inputSize = 64 - t0sz;
  let startLevel: number;
  if (granuleBits === 12) startLevel = ds && sl2 === 1 && sl0 === 0 ? -1 : sl0 === 3 ? 3 : 2 - sl0;
  else startLevel = 3 - sl0;
  if (granuleBits === 16 && sl0 === 3) return { fault: 'translation', level: 0 };
  const lpa52 = granuleBits === 16 ? true : ds;
  const outBits = psBits(bits(v, 16, 3), lpa52);
  if (s2InconsistentSL(granuleBits, startLevel, inputSize, outBits)) return { fault: 'translation', level: 0 };
  const { base, tooBig } = ttbrBase(s.lo(VTTBR_EL2), s.hi(VTTBR_EL2), inputSize, startLevel, granuleBits, outBits);
  return {
    granuleBits, inputSize, startLevel, base, baseLo: base | 0, baseHi: (base / 4294967296) | 0, baseTooBig: tooBig, outBits,
    ee: ((s.lo(R.SCTLR_EL2) >>> 25) & 1) === 1, ha: bits(v, 21, 1) === 1, hd: bits(v, 21, 1) === 1 && bits(v, 22, 1) === 1, ds,
    tcrSh: bits(v, 12, 2), vmid: (s.hi(VTTBR_EL2) >>> 16) & 0xffff,
  };
}

/**
 * AArch64.S1DisabledOutput: the PA of a VA with stage 1 off, or -1 for an Address size
 * fault. Top-byte-ignore still applies (TCR_ELx.TBI, not for fetches with TBID), then
 * bits [top:52] must be zero (QEMU get_phys_addr_disabled follows the same rule).
 */
export function s1DisabledPa(pe: Pe, regime: Regime, vaLo: number, vaHi: number, fetch: boolean): number {
  const s = pe.sys;
  const bit55 = (vaHi >>> 23) & 1;
  let tbi: number;
  if (regime === Regime.EL2) {
    const t = s.lo(R.TCR_EL2);
    tbi = ((t >>> 20) & 1) & (fetch ? ~(t >>> 29) & 1 : 1);
  } else {
    const h = s.hi(regime === Regime.EL10 ? R.TCR_EL1 : R.TCR_EL2);
    tbi = ((h >>> (37 - 32 + bit55)) & 1) & (fetch ? ~(h >>> (51 - 32 + bit55)) & 1 : 1);
  }
  const upper = tbi === 1 ? (vaHi & 0x00ffffff) >>> (PA_RANGE_BITS - 32) : vaHi >>> (PA_RANGE_BITS - 32);
  if (upper !== 0) return -1;
  return ((vaHi >>> 0) % 2 ** (PA_RANGE_BITS - 32)) * 4294967296 + (vaLo >>> 0);
}

/**
 * AArch64.S2InconsistentSL / QEMU check_s2_mmu_setup: a start level that cannot
 * translate the configured IPA size (concatenation resolves 1 to stride + 4 bits
 * at the start level), start levels that need a larger output size (4K level 0
 * with PS <= 42; 16K level 1 with PS <= 40; 64K level 1 with PS <= 42; level 0
 * for 16K/64K), or an IPA size above the output size: every lookup faults.
 */
export function s2InconsistentSL(granuleBits: number, level: number, inputSize: number, outBits: number): boolean {
  const stride = granuleBits - 3;
  if (level < (inputSize === 52 && stride === 9 ? -1 : 0)) return true;
  const startBits = inputSize - ((3 - level) * stride + granuleBits);
  if (startBits < 1 || startBits > stride + 4) return true;
  if (stride === 13 && (level === 0 || (level === 1 && outBits <= 42))) return true;
  if (stride === 11 && (level === 0 || (level === 1 && outBits <= 40))) return true;
  if (stride === 9 && level === 0 && outBits <= 42) return true;
  return inputSize > outBits;
}
