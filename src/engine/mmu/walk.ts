// Translation table walks: AArch64.S1Walk and AArch64.S2Walk (Arm ARM J1,
// shared/translation/vmsa), recording every descriptor fetch in a WalkTrace.
// Two modes: architectural (may set AF / dirty state in memory) and inspection
// (reads only; used by hover, webviews and what-if walks).
//
// Cost model (perf-anchors §2.5): inside the walkers every address is an int32
// pair (lo = bits [31:0], hi = bits [51:32]); a JS number is built only for the
// WalkTrace fields and recorded steps. No `%`, no BigInt, no Math.pow. A walk
// allocates its WalkTrace (one shape for every trace) and nothing else, and a walk
// that records nothing allocates nothing when its caller passes a trace to reuse
// (`into`, as FullTranslate's TLB refills do): the stage-2 walks of a 2-D walk that
// records nothing leave their results in module scratch (s2Walk), Permissions and
// MemAttrs are shared immutable values.
// A 2-D walk that records nothing reuses the stage-2 walk of the previous table
// access when the next one lies in the same stage-2 block (same descriptors).
import { WalkMemory } from '../memory/bus';
import { S1Params, S2Params } from './params';
import { DescKind, FaultType, Perm, WalkFault, WalkStep, WalkTrace, Regime, memAttrs, permissions } from './types';

export interface WalkEnv {
  readonly mem: WalkMemory;
  /** Inspection walks never write memory. */
  readonly inspect: boolean;
  /** The access is a write (hardware dirty-state update applies). */
  readonly write: boolean;
  /** HCR_EL2.PTW: stage-1 walks to stage-2 Device memory fault. */
  readonly ptwDevice?: boolean;
  /** Record every descriptor fetch (debugger, AT); TLB refills skip it to avoid allocation. */
  readonly record?: boolean;
}

/** Shared empty step list for walks that do not record (never pushed to: steps are pushed only when recording). */
const NO_STEPS: WalkStep[] = [];

/** Maximum descriptor fetches in one walk; a real walk needs at most 5 per stage (level -1..3). */
const MAX_STEPS = 5;

function fault(type: FaultType, level: number, stage: 1 | 2, s1ptw: boolean, ipa: number, write: boolean): WalkFault {
  return { type, level, stage, s1ptw, ipa, write };
}

/** 2^n for n = 0..63 (exact doubles): block sizes. */
const POW2 = new Float64Array(64).map((_, i) => 2 ** i);

/** 2^-32: (x * TWO_M32) | 0 is bits [51:32] of an address x (exact: a power of two). */
const TWO_M32 = 1 / 4294967296;

/** The number an address pair stands for (hi holds bits [51:32], never negative). */
function pairNum(lo: number, hi: number): number { return hi * 4294967296 + (lo >>> 0); }

/** Is the address pair below 2^n (n = 16..52)? The range checks of the walk (input size, output size). */
function fitsBits(lo: number, hi: number, n: number): boolean {
  if (n >= 32) return (hi >>> (n - 32)) === 0;
  return hi === 0 && (lo >>> n) === 0;
}

/** A WalkTrace with every field present, so all traces share one hidden class. */
function newTrace(stage: 1 | 2, regime: Regime, inLo: number, inHi: number, granule: number, startLevel: number, steps: WalkStep[]): WalkTrace {
  return {
    stage, regime, inLo, inHi, granule, startLevel, steps, out: 0, level: startLevel, blockSize: 0, leafLo: 0, leafHi: 0,
    perms: undefined, attrs: undefined, updLo: undefined, updHi: undefined, updPa: undefined, updBe: undefined,
    updIpa: undefined, updS2W: undefined, fault: undefined, s2final: undefined,
  };
}

/**
 * A trace for callers that keep one for their walks that record nothing (TLB refills): passed as
 * `into`, it is overwritten by each such walk instead of allocating a new one.
 */
export function emptyTrace(): WalkTrace { return newTrace(1, Regime.EL10, 0, 0, 4096, 0, NO_STEPS); }

/** The trace of a walk: `into` reset when the caller owns one and the walk records nothing, else a new one. */
function traceFor(into: WalkTrace | undefined, record: boolean, stage: 1 | 2, regime: Regime, inLo: number, inHi: number, granule: number, startLevel: number): WalkTrace {
  if (into !== undefined && !record) return resetTrace(into, stage, regime, inLo, inHi, granule, startLevel);
  return newTrace(stage, regime, inLo, inHi, granule, startLevel, record ? [] : NO_STEPS);
}

/** Reset a caller-owned trace for a walk that records nothing (every field, so its hidden class stays). */
function resetTrace(t: WalkTrace, stage: 1 | 2, regime: Regime, inLo: number, inHi: number, granule: number, startLevel: number): WalkTrace {
  const m = t as { -readonly [K in keyof WalkTrace]: WalkTrace[K] };
  m.stage = stage; m.regime = regime; m.inLo = inLo; m.inHi = inHi; m.granule = granule; m.startLevel = startLevel; m.steps = NO_STEPS;
  m.out = 0; m.level = startLevel; m.blockSize = 0; m.leafLo = 0; m.leafHi = 0; m.perms = undefined; m.attrs = undefined;
  m.updLo = undefined; m.updHi = undefined; m.updPa = undefined; m.updBe = undefined; m.updIpa = undefined; m.updS2W = undefined;
  m.fault = undefined; m.s2final = undefined;
  return t;
}

/** The descriptor read by readDesc (lo, hi): module scratch for the general read path. */
let dLo = 0, dHi = 0;

/**
 * Read a 64-bit descriptor at PA (paLo, paHi) honouring SCTLR_ELx.EE into dLo/dHi; false when
 * nothing is behind the PA. The general path: the walkers read little-endian descriptors in
 * RAM straight from ram32 when ramFastHi allows and come here for everything else.
 */
function readDesc(mem: WalkMemory, paLo: number, paHi: number, be: boolean): boolean {
  const o = pairNum(paLo, paHi) - mem.ramBase;
  if (o < 0 || o + 8 > mem.ramSize) return false;
  if (!be) {
    if ((o & 7) === 0) { dLo = mem.ram32[o >>> 2]; dHi = mem.ram32[(o >>> 2) + 1]; } else { dLo = mem.dv.getInt32(o, true); dHi = mem.dv.getInt32(o + 4, true); }
  } else { dLo = mem.dv.getInt32(o + 4, false); dHi = mem.dv.getInt32(o, false); }
  return true;
}

/**
 * Bits [51:32] of every RAM PA when a walk may read little-endian descriptors straight from ram32
 * at offset (pa[31:0] - base[31:0]): RAM 8-byte aligned and inside one 4 GiB-aligned window (then
 * a PA below the base wraps past ramSize - 8 and fails the same range check). Else -1, which no PA
 * has, so every read takes readDesc (as do big-endian walks). Descriptor addresses are 8-byte
 * aligned (a table base aligned to its size, or an output address, plus index * 8), so the offset is too.
 */
function ramFastHi(mem: WalkMemory): number {
  const base = mem.ramBase, lo = base >>> 0;
  return (lo & 7) === 0 && lo + mem.ramSize <= 4294967296 ? (base * TWO_M32) | 0 : -1;
}

/** Record one descriptor fetch (recording walks only; addresses as pairs, descPa -1 when there is none). */
function pushStep(steps: WalkStep[], stage: 1 | 2, level: number, tLo: number, tHi: number, index: number, aLo: number, aHi: number, descPa: number,
  kind: DescKind, lo: number, hi: number, s2: WalkTrace | undefined): void {
  const step: WalkStep = {
    stage, level, tableAddress: pairNum(tLo, tHi), index, descriptorAddress: pairNum(aLo, aHi), descriptorPa: descPa, descLo: lo, descHi: hi, kind, s2,
  };
  steps.push(step);
}

/** Write a walk's pending Access flag / dirty-state update (architectural walks only). */
export function commitUpdate(env: WalkEnv, t: WalkTrace): void {
  if (env.inspect || t.updPa === undefined) return;
  writeDesc(env.mem, t.updPa, t.updBe === true, t.updLo as number, t.updHi as number);
  t.leafLo = t.updLo as number;
}

function writeDesc(mem: WalkMemory, pa: number, be: boolean, lo: number, hi: number): void {
  s2Reuse = false;
  const o = pa - mem.ramBase;
  if (mem.pageFlags[o >>> 12] !== 0) mem.willStore(o, 8);
  if (!be) { mem.dv.setInt32(o, lo, true); mem.dv.setInt32(o + 4, hi, true); } else { mem.dv.setInt32(o + 4, lo, false); mem.dv.setInt32(o, hi, false); }
  mem.invalidateCode(o);
}

/** Which descriptor bits extend output addresses to 52 bits: none, FEAT_LPA2 (desc[9:8]), FEAT_LPA with 64K (desc[15:12]). */
const enum OaExt { NONE = 0, LPA2 = 1, LPA64K = 2 }

function oaExt(granuleBits: number, ds: boolean, outBits: number): OaExt {
  return ds ? OaExt.LPA2 : outBits === 52 && granuleBits === 16 ? OaExt.LPA64K : OaExt.NONE;
}

/**
 * Output address bits [51:32] of a descriptor (Arm ARM AArch64.NextTableBase / AArch64.LeafBase) before
 * alignment to a block of more than 4 GiB: desc[47:32] (desc[49:32] with LPA2), then the 52-bit extensions.
 * Output sizes are at least 32 bits, so this is also all an address-size check needs. Bits [31:0] are
 * desc[31:shift] (desc[31:granuleBits] for a next-level table).
 */
function descAddrHi(lo: number, hi: number, ext: OaExt): number {
  if (ext === OaExt.NONE) return hi & 0xffff;
  if (ext === OaExt.LPA2) return (hi & 0x3ffff) | (((lo >>> 8) & 3) << 18);  // FEAT_LPA2: OA[51:50] = desc[9:8]
  return (hi & 0xffff) | (((lo >>> 12) & 0xf) << 16);                         // FEAT_LPA, 64K: OA[51:48] = desc[15:12]
}

/** Is a block descriptor permitted at this level (AArch64.BlockDescSupported)? */
function blockAllowed(granuleBits: number, level: number, ds: boolean, outBits: number): boolean {
  if (granuleBits === 12) return level === 1 || level === 2 || (level === 0 && ds);
  if (granuleBits === 14) return level === 2 || (level === 1 && ds);
  return level === 2 || (level === 1 && outBits >= 0); // 64K: level 1 blocks with FEAT_LPA (PAMax = 52 here)
}

/** Bits [shift + nb - 1 : shift] of the 64-bit (lo, hi): a table index without floating-point division. */
function field(lo: number, hi: number, shift: number, nb: number): number {
  const mask = (1 << nb) - 1;
  if (shift >= 32) return (hi >>> (shift - 32)) & mask;
  if (shift + nb <= 32) return (lo >>> shift) & mask;
  return ((lo >>> shift) | (hi << (32 - shift))) & mask;
}

/**
 * Output address bits [31:0] / [51:32] of a leaf: its base (descriptor bits [31:shift], and descAddrHi
 * aligned to 2^shift) with the input address's bits below `shift`.
 */
function leafOutLo(lo: number, inLo: number, shift: number): number {
  return shift < 32 ? ((lo >>> shift) << shift) | (inLo & ((1 << shift) - 1)) : inLo;
}
function leafOutHi(aHi: number, inHi: number, shift: number): number {
  if (shift <= 32) return aHi;
  const m = (1 << (shift - 32)) - 1;
  return (aHi & ~m) | (inHi & m);
}

// Results of s2Walk, the stage-2 walk proper: module scratch, read right after the call.
/** The fault, or undefined when the walk reached an accessible leaf. */
let s2Fault: WalkFault | undefined;
/** Last level reached, leaf descriptor (0, 0 until a leaf passed its address-size check). */
let s2Level = 0, s2LeafLo = 0, s2LeafHi = 0;
/** Output address and log2 of the block size (success only). */
let s2OutLo = 0, s2OutHi = 0, s2Shift = 0;
/** Perm bits, MemAttr[3:0] and SH of the leaf (success only). */
let s2Perm = 0, s2Attr = 0, s2Sh = 0;
/** Pending hardware AF/dirty update: new descriptor low word and the descriptor's PA. */
let s2Upd = false, s2UpdLo = 0, s2UpdPaLo = 0, s2UpdPaHi = 0;
/**
 * Set by a non-recording 2-D AArch64_S1Walk that succeeded: the stage-2 block (IPA bits above it,
 * mask of the bits below, output base) of its last table access, whose walk the s2* scratch still
 * holds. Cleared by every s2Walk, every descriptor write and every stage-1 walk; see AArch64_S2WalkAfterS1.
 */
let s2Reuse = false, s2ReuseBlkLo = 0, s2ReuseBlkHi = 0, s2ReuseMaskLo = 0, s2ReuseMaskHi = 0, s2ReuseBaseLo = 0, s2ReuseBaseHi = 0;

/**
 * AArch64.S2Walk proper: translate the IPA (ipaLo, ipaHi) through the stage-2 tables
 * (VTTBR/VTCR) into the s2* scratch results, pushing descriptor fetches to `steps`
 * when recording (null otherwise). `s1ptw` marks a walk made for a stage-1 table access.
 */
function s2Walk(mem: WalkMemory, ramLo: number, ramHi: number, ramLimit: number, p: S2Params, ipaLo: number, ipaHi: number, s1ptw: boolean, write: boolean,
  steps: WalkStep[] | null): void {
  s2Reuse = false;
  s2Fault = undefined; s2Level = p.startLevel; s2LeafLo = 0; s2LeafHi = 0; s2Upd = false;
  // IPA beyond the stage-2 input size: Translation fault at the start level's level 0 (AArch64.S2Translate).
  if (!fitsBits(ipaLo, ipaHi, p.inputSize)) { s2Fault = fault(FaultType.TRANSLATION, 0, 2, s1ptw, pairNum(ipaLo, ipaHi), write); return; }
  if (p.baseTooBig) { s2Fault = fault(FaultType.ADDRESS_SIZE, 0, 2, s1ptw, pairNum(ipaLo, ipaHi), write); return; }
  // Descriptors in RAM straight from ram32 when the caller's ramFastHi allows (stage-2 EE is SCTLR_EL2.EE,
  // which may differ from the stage-1 walk's), anything else by readDesc.
  const ram32 = mem.ram32, fastHi = p.ee ? -1 : ramHi;
  const g = p.granuleBits, stride = g - 3, ds = p.ds, outBits = p.outBits, outShift = outBits - 32, ext = oaExt(g, ds, outBits);
  let tLo = p.baseLo, tHi = p.baseHi;
  let level = p.startLevel;
  for (let n = 0; n < MAX_STEPS; n++, level++) {
    const shift = g + (3 - level) * stride;
    const nb = level === p.startLevel ? p.inputSize - shift : stride;
    const index = field(ipaLo, ipaHi, shift, nb);
    // Descriptor address: the table is aligned to its size (TTBR base alignment, NextTableBase), so OR adds.
    const pLo = tLo | (index << 3), pHi = tHi;
    let lo: number, hi: number;
    const o = (pLo - ramLo) >>> 0;
    if (pHi === fastHi && o <= ramLimit) { lo = ram32[o >>> 2]; hi = ram32[(o >>> 2) + 1]; } else if (readDesc(mem, pLo, pHi, p.ee)) { lo = dLo; hi = dHi; } else {
      if (steps !== null) pushStep(steps, 2, level, tLo, tHi, index, pLo, pHi, pairNum(pLo, pHi), 'invalid', 0, 0, undefined);
      s2Fault = fault(FaultType.SEA_WALK, level, 2, s1ptw, pairNum(ipaLo, ipaHi), write); s2Level = level; return;
    }
    s2Level = level;
    if ((lo & 1) === 0) {
      if (steps !== null) pushStep(steps, 2, level, tLo, tHi, index, pLo, pHi, pairNum(pLo, pHi), 'invalid', lo, hi, undefined);
      s2Fault = fault(FaultType.TRANSLATION, level, 2, s1ptw, pairNum(ipaLo, ipaHi), write); return;
    }
    if ((lo & 2) !== 0 && level < 3) {
      if (steps !== null) pushStep(steps, 2, level, tLo, tHi, index, pLo, pHi, pairNum(pLo, pHi), 'table', lo, hi, undefined);
      const nHi = descAddrHi(lo, hi, ext);
      if ((nHi >>> outShift) !== 0) { s2Fault = fault(FaultType.ADDRESS_SIZE, level, 2, s1ptw, pairNum(ipaLo, ipaHi), write); return; }
      tLo = (lo >>> g) << g; tHi = nHi;
      continue;
    }
    if ((lo & 2) === 0 && (level === 3 || !blockAllowed(g, level, ds, outBits))) {
      if (steps !== null) pushStep(steps, 2, level, tLo, tHi, index, pLo, pHi, pairNum(pLo, pHi), 'reserved', lo, hi, undefined);
      s2Fault = fault(FaultType.TRANSLATION, level, 2, s1ptw, pairNum(ipaLo, ipaHi), write); return;
    }
    if (steps !== null) pushStep(steps, 2, level, tLo, tHi, index, pLo, pHi, pairNum(pLo, pHi), level === 3 ? 'page' : 'block', lo, hi, undefined);
    // The range check sees the whole address field, including the RES0 bits below the block
    // size (QEMU 7.2 checks before aligning; the Arm ARM leaves non-zero RES0 bits unpredictable).
    const aHi = descAddrHi(lo, hi, ext);
    if ((aHi >>> outShift) !== 0) { s2Fault = fault(FaultType.ADDRESS_SIZE, level, 2, s1ptw, pairNum(ipaLo, ipaHi), write); return; }
    // Access flag: hardware update with VTCR_EL2.HA (FEAT_HAFDBS), else an Access flag fault.
    s2LeafLo = lo; s2LeafHi = hi;
    let nlo = lo;
    if (((lo >>> 10) & 1) === 0) {
      if (!p.ha) { s2Fault = fault(FaultType.ACCESS_FLAG, level, 2, s1ptw, pairNum(ipaLo, ipaHi), write); return; }
      nlo |= 1 << 10;
    }
    // Stage-2 dirty state: DBM (bit 51) with S2AP[1] == 0 becomes writable on a write with HD.
    if (write && p.hd && ((hi >>> 19) & 1) === 1 && ((lo >>> 7) & 1) === 0) nlo |= 1 << 7;
    if (nlo !== lo) { s2Upd = true; s2UpdLo = nlo; s2UpdPaLo = pLo; s2UpdPaHi = pHi; }
    s2Shift = shift;
    s2OutLo = leafOutLo(lo, ipaLo, shift);
    s2OutHi = leafOutHi(aHi, ipaHi, shift);
    const s2r = ((lo >>> 6) & 1) === 1, s2w = ((lo >>> 7) & 1) === 1 || (p.hd && ((hi >>> 19) & 1) === 1);
    // XN[1:0] = desc[54:53] (FEAT_XNX): 00 both, 01 EL0 only... as (px, ux).
    const xn = (hi >>> 21) & 3;
    s2Perm = (s2r ? Perm.PR | Perm.UR : 0) | (s2w ? Perm.PW | Perm.UW : 0) | (xn === 0 || xn === 3 ? Perm.PX : 0) | (xn === 0 || xn === 1 ? Perm.UX : 0);
    // With DS (FEAT_LPA2) descriptor bits [9:8] are OA[51:50]; shareability comes from VTCR_EL2.SH0 (AArch64.S2Walk).
    s2Attr = (lo >>> 2) & 0xf; s2Sh = ds ? p.tcrSh : (lo >>> 8) & 3;
    return;
  }
  s2Fault = fault(FaultType.TRANSLATION, level, 2, s1ptw, pairNum(ipaLo, ipaHi), write);
}

/** Run s2Walk into a new WalkTrace (the form AArch64_S2Walk returns and recorded 2-D steps hold). */
function s2WalkTrace(mem: WalkMemory, p: S2Params, ipaLo: number, ipaHi: number, s1ptw: boolean, write: boolean, record: boolean, regime: Regime,
  into?: WalkTrace): WalkTrace {
  const trace = traceFor(into, record, 2, regime, ipaLo, ipaHi, 1 << p.granuleBits, p.startLevel);
  s2Walk(mem, mem.ramBase >>> 0, ramFastHi(mem), mem.ramSize - 8, p, ipaLo, ipaHi, s1ptw, write, record ? trace.steps : null);
  trace.level = s2Level;
  trace.leafLo = s2LeafLo; trace.leafHi = s2LeafHi;
  if (s2Fault !== undefined) { trace.fault = s2Fault; return trace; }
  if (s2Upd) { trace.updLo = s2UpdLo; trace.updHi = s2LeafHi; trace.updPa = pairNum(s2UpdPaLo, s2UpdPaHi); trace.updBe = p.ee; }
  trace.blockSize = POW2[s2Shift];
  trace.out = pairNum(s2OutLo, s2OutHi);
  trace.perms = permissions(s2Perm);
  trace.attrs = memAttrs(s2Attr, s2Sh);
  return trace;
}

/**
 * AArch64.S2Walk: translate an IPA through the stage-2 tables (VTTBR/VTCR).
 * `s1ptw` marks a walk made for a stage-1 table access (its faults carry S1PTW).
 */
export function AArch64_S2Walk(env: WalkEnv, p: S2Params, ipa: number, s1ptw: boolean, regime: Regime, into?: WalkTrace): WalkTrace {
  const write = env.write && !s1ptw;
  // ToInt32 of an integer below 2^53 is its low word; the quotient truncates to the high word.
  const ipaLo = ipa | 0, ipaHi = (ipa / 4294967296) | 0;
  if (ipa >= POW2[p.inputSize]) {
    // IPA beyond the stage-2 input size (AArch64.S2Translate), checked on the number itself: a caller's
    // IPA may be any 64-bit value, which the pair above does not hold.
    const t = traceFor(into, env.record !== false, 2, regime, ipaLo, ipaHi, 1 << p.granuleBits, p.startLevel);
    t.fault = fault(FaultType.TRANSLATION, 0, 2, s1ptw, ipa, write);
    return t;
  }
  return s2WalkTrace(env.mem, p, ipaLo, ipaHi, s1ptw, write, env.record !== false, regime, into);
}

/**
 * The level a stage-2 fault on a stage-1 table access reports: the stage-1 lookup level, as QEMU 7.2
 * does (oracle README), except at level -1 for faults whose status codes have no level -1 form
 * (Permission, Access flag: EncodeLDFSC), where QEMU 7.2 aborts (arm_fi_to_lfsc asserts) and the
 * Arm ARM answer, the stage-2 walk's level (AArch64.S2Walk's fault record), is given.
 */
function ptwLevel(type: FaultType, s1Level: number): number {
  return s1Level < 0 && (type === FaultType.PERMISSION || type === FaultType.ACCESS_FLAG) ? s2Level : s1Level;
}

/** A stage-1 fault at `level` (the last level the walk reached). */
function s1Fault(trace: WalkTrace, type: FaultType, level: number, write: boolean): WalkTrace {
  trace.fault = fault(type, level, 1, false, 0, write);
  trace.level = level;
  return trace;
}

/**
 * AArch64.S1Walk: translate a VA through the stage-1 tables. When `s2` is
 * given, every table address is an IPA translated by stage 2 first (the 2-D walk).
 */
export function AArch64_S1Walk(env: WalkEnv, p: S1Params, vaLo: number, vaHi: number, s2: S2Params | undefined, into?: WalkTrace): WalkTrace {
  const record = env.record !== false;
  let trace: WalkTrace;
  if (into !== undefined && !record) trace = resetTrace(into, 1, p.regime, vaLo, vaHi, 1 << p.granuleBits, p.startLevel);
  else {
    // newTrace, written out: the walker is too large for V8 to inline the call.
    trace = {
      stage: 1, regime: p.regime, inLo: vaLo, inHi: vaHi, granule: 1 << p.granuleBits, startLevel: p.startLevel, steps: record ? [] : NO_STEPS, out: 0, level: p.startLevel, blockSize: 0,
      leafLo: 0, leafHi: 0, perms: undefined, attrs: undefined, updLo: undefined, updHi: undefined, updPa: undefined, updBe: undefined,
      updIpa: undefined, updS2W: undefined, fault: undefined, s2final: undefined,
    };
  }
  const steps = trace.steps;
  s2Reuse = false;
  if (p.baseTooBig) { trace.fault = fault(FaultType.ADDRESS_SIZE, 0, 1, false, 0, env.write); return trace; }
  // Descriptors in RAM straight from ram32 when ramFastHi allows, anything else by readDesc.
  const mem = env.mem, ram32 = mem.ram32, ramLo = mem.ramBase >>> 0, ramHi0 = ramFastHi(mem), ramLimit = mem.ramSize - 8;
  const ramHi = p.ee ? -1 : ramHi0;
  const write = env.write;
  const g = p.granuleBits, stride = g - 3, ds = p.ds, outBits = p.outBits, outShift = outBits - 32, ext = oaExt(g, ds, outBits);
  const hpd = p.hpd, inputSize = p.inputSize;
  let tLo = p.baseLo, tHi = p.baseHi;
  let level = p.startLevel;
  // Hierarchical controls: desc[62:59] (APTable, UXNTable/XNTable, PXNTable) of every table descriptor, ORed.
  let tableHi = 0;
  s2ReuseBlkHi = -1;
  // The loops follow table descriptors only; everything else ends them (at level 3 at the latest) and is
  // decoded after them. Single-stage and 2-D walks have a loop each: one loop with the stage-2 call in
  // it compiles (once 2-D walks have run) into slower single-stage walks (~10 %, npm run bench).
  let shift = 0, index = 0, daLo = 0, daHi = 0, pLo = 0, pHi = 0, lo = 0, hi = 0;
  let s2trace: WalkTrace | undefined;
  /** Nothing behind the descriptor's PA: a synchronous external abort on the walk. */
  let sea = false;
  if (s2 === undefined) {
    for (let n = 0; ; n++, level++) {
      shift = g + (3 - level) * stride;
      // The start level resolves what is left of the input size, every later level a full stride.
      index = field(vaLo, vaHi, shift, n === 0 ? inputSize - shift : stride);
      // Descriptor address: the table is aligned to its size, so OR adds.
      pLo = daLo = tLo | (index << 3); pHi = daHi = tHi;
      const o = (pLo - ramLo) >>> 0;
      if (pHi === ramHi && o <= ramLimit) { lo = ram32[o >>> 2]; hi = ram32[(o >>> 2) + 1]; } else if (readDesc(mem, pLo, pHi, p.ee)) { lo = dLo; hi = dHi; } else { sea = true; break; }
      if ((lo & 3) !== 3 || level === 3) break;
      if (record) pushStep(steps, 1, level, tLo, tHi, index, daLo, daHi, pairNum(pLo, pHi), 'table', lo, hi, undefined);
      const nHi = descAddrHi(lo, hi, ext);
      if ((nHi >>> outShift) !== 0) return s1Fault(trace, FaultType.ADDRESS_SIZE, level, write);
      if (!hpd) tableHi |= hi;
      tLo = (lo >>> g) << g; tHi = nHi;
    }
  } else {
    // The stage-2 block of the previous table access (walks that record nothing): IPA bits above the
    // block (mask = bits below it) and the output base. A table access in the same block walks the same
    // stage-2 descriptors, and this walk wrote none of them (a pending AF/dirty update disables the
    // reuse), so s2Walk's results for it stand; only the output offset differs. -1: none yet.
    let s2BlkLo = 0, s2BlkHi = -1, s2MaskLo = 0, s2MaskHi = 0, s2BaseLo = 0, s2BaseHi = 0;
    for (let n = 0; ; n++, level++) {
      shift = g + (3 - level) * stride;
      index = field(vaLo, vaHi, shift, n === 0 ? inputSize - shift : stride);
      // The descriptor's IPA, then its PA through stage 2: a read (AArch64.S2Walk with s1ptw), results in the s2* scratch.
      daLo = tLo | (index << 3); daHi = tHi;
      if (record) s2trace = s2WalkTrace(mem, s2, daLo, daHi, true, false, true, p.regime);
      else if ((daHi & ~s2MaskHi) === s2BlkHi && (daLo & ~s2MaskLo) === s2BlkLo) {
        s2OutLo = s2BaseLo | (daLo & s2MaskLo); s2OutHi = s2BaseHi | (daHi & s2MaskHi);
      } else {
        s2Walk(mem, ramLo, ramHi0, ramLimit, s2, daLo, daHi, true, false, null);
        if (s2Fault === undefined && !s2Upd) {
          s2MaskLo = s2Shift >= 32 ? -1 : (1 << s2Shift) - 1; s2MaskHi = s2Shift > 32 ? (1 << (s2Shift - 32)) - 1 : 0;
          s2BlkLo = daLo & ~s2MaskLo; s2BlkHi = daHi & ~s2MaskHi;
          s2BaseLo = s2OutLo & ~s2MaskLo; s2BaseHi = s2OutHi & ~s2MaskHi;
        } else s2BlkHi = -1;
      }
      const sf = s2Fault;
      if (sf !== undefined) {
        if (record) pushStep(steps, 1, level, tLo, tHi, index, daLo, daHi, -1, 'invalid', 0, 0, s2trace);
        // QEMU 7.2 reports the stage-1 lookup level for a stage-2 fault on the stage-1 walk (oracle README).
        trace.fault = fault(sf.type, ptwLevel(sf.type, level), sf.stage, true, sf.ipa, sf.write);
        trace.level = level;
        return trace;
      }
      // Stage-1 table accesses need stage-2 read permission, and with HCR_EL2.PTW must not
      // hit Device memory (AArch64.S2CheckPermissions for a table walk; PTW faults carry S1PTW).
      if ((s2Perm & Perm.PR) === 0 || (env.ptwDevice === true && (s2Attr & 0xc) === 0)) {
        if (record) pushStep(steps, 1, level, tLo, tHi, index, daLo, daHi, pairNum(s2OutLo, s2OutHi), 'invalid', 0, 0, s2trace);
        trace.fault = fault(FaultType.PERMISSION, ptwLevel(FaultType.PERMISSION, level), 2, true, pairNum(daLo, daHi), false);
        trace.level = level;
        return trace;
      }
      if (s2trace !== undefined) commitUpdate(env, s2trace);
      else if (s2Upd && !env.inspect) writeDesc(mem, pairNum(s2UpdPaLo, s2UpdPaHi), s2.ee, s2UpdLo, s2LeafHi);
      pLo = s2OutLo; pHi = s2OutHi;
      const o = (pLo - ramLo) >>> 0;
      if (pHi === ramHi && o <= ramLimit) { lo = ram32[o >>> 2]; hi = ram32[(o >>> 2) + 1]; } else if (readDesc(mem, pLo, pHi, p.ee)) { lo = dLo; hi = dHi; } else { sea = true; break; }
      if ((lo & 3) !== 3 || level === 3) break;
      if (record) pushStep(steps, 1, level, tLo, tHi, index, daLo, daHi, pairNum(pLo, pHi), 'table', lo, hi, s2trace);
      const nHi = descAddrHi(lo, hi, ext);
      if ((nHi >>> outShift) !== 0) return s1Fault(trace, FaultType.ADDRESS_SIZE, level, write);
      if (!hpd) tableHi |= hi;
      tLo = (lo >>> g) << g; tHi = nHi;
    }
    s2ReuseBlkLo = s2BlkLo; s2ReuseBlkHi = s2BlkHi; s2ReuseMaskLo = s2MaskLo; s2ReuseMaskHi = s2MaskHi; s2ReuseBaseLo = s2BaseLo; s2ReuseBaseHi = s2BaseHi;
  }
  if (sea) {
    if (record) pushStep(steps, 1, level, tLo, tHi, index, daLo, daHi, pairNum(pLo, pHi), 'invalid', 0, 0, s2trace);
    return s1Fault(trace, FaultType.SEA_WALK, level, write);
  }
  if ((lo & 1) === 0) {
    if (record) pushStep(steps, 1, level, tLo, tHi, index, daLo, daHi, pairNum(pLo, pHi), 'invalid', lo, hi, s2trace);
    return s1Fault(trace, FaultType.TRANSLATION, level, write);
  }
  if ((lo & 2) === 0 && (level === 3 || !blockAllowed(g, level, ds, outBits))) {
    if (record) pushStep(steps, 1, level, tLo, tHi, index, daLo, daHi, pairNum(pLo, pHi), 'reserved', lo, hi, s2trace);
    return s1Fault(trace, FaultType.TRANSLATION, level, write);
  }
  if (record) pushStep(steps, 1, level, tLo, tHi, index, daLo, daHi, pairNum(pLo, pHi), level === 3 ? 'page' : 'block', lo, hi, s2trace);
  const aHi = descAddrHi(lo, hi, ext);
  if ((aHi >>> outShift) !== 0) return s1Fault(trace, FaultType.ADDRESS_SIZE, level, write);
  trace.level = level; trace.leafLo = lo; trace.leafHi = hi;
  let nlo = lo;
  if (((lo >>> 10) & 1) === 0) {
    if (!p.ha) return s1Fault(trace, FaultType.ACCESS_FLAG, level, write);
    nlo |= 1 << 10;
  }
  // Stage-1 dirty state: a write to a DBM (bit 51) page clears AP[2] with TCR.HD (D8.4.6).
  if (write && p.hd && ((hi >>> 19) & 1) === 1 && ((lo >>> 7) & 1) === 1) nlo &= ~(1 << 7);
  if (nlo !== lo) {
    trace.updLo = nlo; trace.updHi = hi; trace.updPa = pairNum(pLo, pHi); trace.updBe = p.ee;
    // The hardware update writes the descriptor: under stage 2 that needs write permission there.
    if (s2 !== undefined) { trace.updIpa = pairNum(daLo, daHi); trace.updS2W = (s2Perm & Perm.PW) !== 0; }
  }
  trace.blockSize = POW2[shift];
  // The output keeps VA[shift-1:0] (shift < inputSize, so those bits are all inside the walk's input).
  trace.out = pairNum(leafOutLo(lo, vaLo, shift), leafOutHi(aHi, vaHi, shift));
  trace.perms = permissions(S1_PERMS[s1PermKey(p.permMode, lo, hi, tableHi)]);
  const attrIndx = (lo >>> 2) & 7;
  const attr = attrIndx < 4 ? (p.mairLo >>> (8 * attrIndx)) & 0xff : (p.mairHi >>> (8 * (attrIndx - 4))) & 0xff;
  trace.attrs = memAttrs(attr, ds ? p.tcrSh : (lo >>> 8) & 3);
  s2Reuse = s2ReuseBlkHi !== -1;
  return trace;
}

/**
 * AArch64.S2Walk of the output IPA of the stage-1 walk just made (AArch64_S1Walk with `s2`, then only
 * commitUpdate): when that walk did not record, nothing was written since (a descriptor write clears
 * s2Reuse) and the IPA lies in the stage-2 block of its last table access, the walk would read the same
 * descriptors, so the result is rebuilt from that walk (no steps: the walk does not record). A write
 * that would set the leaf's dirty state (HD with DBM and S2AP[1] clear) walks.
 */
export function AArch64_S2WalkAfterS1(env: WalkEnv, p: S2Params, ipa: number, regime: Regime, into?: WalkTrace): WalkTrace {
  const reuse = s2Reuse;
  s2Reuse = false;
  const ipaLo = ipa | 0, ipaHi = (ipa / 4294967296) | 0;
  if (!reuse || env.record !== false || ipa >= POW2[p.inputSize] || (ipaLo & ~s2ReuseMaskLo) !== s2ReuseBlkLo || (ipaHi & ~s2ReuseMaskHi) !== s2ReuseBlkHi ||
    (env.write && p.hd && ((s2LeafHi >>> 19) & 1) === 1 && ((s2LeafLo >>> 7) & 1) === 0)) {
    return AArch64_S2Walk(env, p, ipa, false, regime, into);
  }
  const trace = traceFor(into, false, 2, regime, ipaLo, ipaHi, 1 << p.granuleBits, p.startLevel);
  trace.level = s2Level;
  trace.leafLo = s2LeafLo; trace.leafHi = s2LeafHi;
  trace.blockSize = POW2[s2Shift];
  trace.out = pairNum(s2ReuseBaseLo | (ipaLo & s2ReuseMaskLo), s2ReuseBaseHi | (ipaHi & s2ReuseMaskHi));
  trace.perms = permissions(s2Perm);
  trace.attrs = memAttrs(s2Attr, s2Sh);
  return trace;
}

/**
 * AArch64.S1DirectBasePermissions + hierarchical controls: the (pr, pw, px, ur, uw, ux)
 * of a leaf as Perm bits. EL2 (one privilege level) uses AP[2] and XN only.
 */
function s1Permissions(nv1: boolean, twoRanges: boolean, hd: boolean, wxn: boolean, lo: number, hi: number, apTable: number, uxnTable: number, pxnTable: number): number {
  let ap2 = (lo >>> 7) & 1, ap1 = (lo >>> 6) & 1;
  const dbm = (hi >>> 19) & 1;
  let pxnD = (hi >>> 21) & 1, uxnD = (hi >>> 22) & 1;
  if (nv1) {
    // FEAT_NV1 (Arm ARM HCR_EL2.NV1; QEMU nv_nv1_enabled): the EL1&0 regime of a non-VHE guest hypervisor
    // reads descriptors as EL2 would: desc[54] is PXN, UXN is 0, AP[1] is treated as 0.
    pxnD = uxnD; uxnD = 0; ap1 = 0;
  }
  if (!twoRanges) {
    // EL2 regime: AP[1] is RES1; APTable[1] removes write; XN = desc[54] with XNTable.
    if ((apTable & 2) !== 0) ap2 = 1;
    const w = ap2 === 0 || (hd && dbm === 1 && (apTable & 2) === 0);
    const x = uxnD === 0 && uxnTable === 0 && !(wxn && w);
    return Perm.PR | (w ? Perm.PW : 0) | (x ? Perm.PX : 0);
  }
  if ((apTable & 1) !== 0) ap1 = 0;     // APTable[0]: no EL0 access
  if ((apTable & 2) !== 0) ap2 = 1;     // APTable[1]: no write access
  const writable = ap2 === 0 || (hd && dbm === 1 && (apTable & 2) === 0);
  const pw = writable;
  const ur = ap1 === 1, uw = ap1 === 1 && writable;
  let ux = uxnD === 0 && uxnTable === 0;
  // Privileged execute-never when EL0 can write (R_DRKWD), and PXN/PXNTable.
  let px = pxnD === 0 && pxnTable === 0 && !uw;
  if (wxn) { if (pw) px = false; if (uw) ux = false; }
  return Perm.PR | (pw ? Perm.PW : 0) | (px ? Perm.PX : 0) | (ur ? Perm.UR : 0) | (uw ? Perm.UW : 0) | (ux ? Perm.UX : 0);
}

/**
 * Index into S1_PERMS of everything s1Permissions reads: S1Params.permMode ({nv1, twoRanges,
 * hd, wxn}), the leaf's AP[2:1] (desc[7:6]), DBM (desc[51]), UXN/PXN (desc[54:53]) and the
 * ORed table descriptors' APTable, UXNTable, PXNTable (desc[62:59]).
 */
function s1PermKey(permMode: number, lo: number, hi: number, tableHi: number): number {
  return (permMode << 9) | (((lo >>> 6) & 3) << 7) | (((hi >>> 19) & 1) << 6) | (((hi >>> 21) & 3) << 4) | ((tableHi >>> 27) & 0xf);
}

/** s1Permissions for every s1PermKey, computed once: a leaf's permissions are one table load. */
const S1_PERMS = new Uint8Array(16 << 9);
for (let k = 0; k < S1_PERMS.length; k++) {
  const mode = k >>> 9, t = k & 0xf;
  S1_PERMS[k] = s1Permissions((mode & 8) !== 0, (mode & 4) !== 0, (mode & 2) !== 0, (mode & 1) !== 0,
    ((k >>> 7) & 3) << 6, (((k >>> 6) & 1) << 19) | (((k >>> 4) & 3) << 21), t >>> 2, (t >>> 1) & 1, t & 1);
}
