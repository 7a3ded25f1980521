// Translation table walks: AArch64.S1Walk and AArch64.S2Walk (Arm ARM J1,
// shared/translation/vmsa), recording every descriptor fetch in a WalkTrace.
// Two modes: architectural (may set AF / dirty state in memory) and inspection
// (reads only; used by hover, webviews and what-if walks).
import { WalkMemory } from '../memory/bus';
import { S1Params, S2Params } from './params';
import { DescKind, FaultType, WalkFault, WalkStep, WalkTrace, Regime } from './types';

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

/** Shared empty step list for walks that do not record (never pushed to: pushStep checks env.record). */
const NO_STEPS: WalkStep[] = [];

/** Maximum descriptor fetches in one walk; a real walk needs at most 5 per stage (level -1..3). */
const MAX_STEPS = 5;

function fault(type: FaultType, level: number, stage: 1 | 2, s1ptw: boolean, ipa: number, write: boolean): WalkFault {
  return { type, level, stage, s1ptw, ipa, write };
}

/** 2^n for n = 0..63 (exact doubles); the walkers index it instead of computing powers. */
const POW2 = new Float64Array(64).map((_, i) => 2 ** i);

/** The descriptor read by readDesc (lo, hi): module scratch, so a walk allocates nothing. */
let dLo = 0, dHi = 0;

/** Read a 64-bit descriptor at `pa` honouring SCTLR_ELx.EE into dLo/dHi; false when nothing is behind the PA. */
function readDesc(mem: WalkMemory, pa: number, be: boolean): boolean {
  const o = pa - mem.ramBase;
  if (o < 0 || o + 8 > mem.ramSize) return false;
  if (!be) {
    if ((o & 7) === 0) { dLo = mem.ram32[o >>> 2]; dHi = mem.ram32[(o >>> 2) + 1]; } else { dLo = mem.dv.getInt32(o, true); dHi = mem.dv.getInt32(o + 4, true); }
  } else { dLo = mem.dv.getInt32(o + 4, false); dHi = mem.dv.getInt32(o, false); }
  return true;
}

function pushStep(env: WalkEnv, trace: WalkTrace, stage: 1 | 2, level: number, table: number, index: number, descAddr: number, descPa: number,
  kind: DescKind, lo: number, hi: number, s2: WalkTrace | undefined): void {
  if (env.record === false) return;
  const step: WalkStep = { stage, level, tableAddress: table, index, descriptorAddress: descAddr, descriptorPa: descPa, descLo: lo, descHi: hi, kind, s2 };
  trace.steps.push(step);
}

/** Write a walk's pending Access flag / dirty-state update (architectural walks only). */
export function commitUpdate(env: WalkEnv, t: WalkTrace): void {
  if (env.inspect || t.updPa === undefined) return;
  writeDesc(env.mem, t.updPa, t.updBe === true, t.updLo as number, t.updHi as number);
  t.leafLo = t.updLo as number;
}

function writeDesc(mem: WalkMemory, pa: number, be: boolean, lo: number, hi: number): void {
  const o = pa - mem.ramBase;
  if (mem.pageFlags[o >>> 12] !== 0) mem.willStore(o, 8);
  if (!be) { mem.dv.setInt32(o, lo, true); mem.dv.setInt32(o + 4, hi, true); } else { mem.dv.setInt32(o + 4, lo, false); mem.dv.setInt32(o, hi, false); }
  mem.invalidateCode(o);
}

/** Output address bits of a descriptor for granule/level (Arm ARM AArch64.LeafBase / NextTableBase). */
function descAddress(lo: number, hi: number, granuleBits: number, shift: number, ds: boolean, lpa64: boolean): number {
  // Bits [47:shift] of the descriptor (bits [49:shift] with LPA2), then the 52-bit extensions.
  const h = ds ? hi & 0x3ffff : hi & 0xffff;
  let a: number;
  if (shift < 32) a = h * 4294967296 + ((lo >>> shift) << shift >>> 0);
  else a = ((h >>> (shift - 32)) * POW2[shift]);
  if (ds) a += ((lo >>> 8) & 3) * POW2[50];                  // FEAT_LPA2: OA[51:50] = desc[9:8]
  else if (lpa64 && granuleBits === 16) a += ((lo >>> 12) & 0xf) * POW2[48]; // FEAT_LPA, 64K: OA[51:48] = desc[15:12]
  return a;
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

function indexBits(inputSize: number, granuleBits: number, level: number): number {
  const stride = granuleBits - 3;
  return Math.min(stride, inputSize - (granuleBits + (3 - level) * stride));
}

/**
 * AArch64.S2Walk: translate an IPA through the stage-2 tables (VTTBR/VTCR).
 * `s1ptw` marks a walk made for a stage-1 table access (its faults carry S1PTW).
 */
export function AArch64_S2Walk(env: WalkEnv, p: S2Params, ipa: number, s1ptw: boolean, regime: Regime): WalkTrace {
  const trace: WalkTrace = {
    stage: 2, regime, inLo: ipa % 4294967296 | 0, inHi: Math.floor(ipa / 4294967296) | 0, granule: 1 << p.granuleBits,
    startLevel: p.startLevel, steps: env.record === false ? NO_STEPS : [], out: 0, level: p.startLevel, blockSize: 0, leafLo: 0, leafHi: 0,
  };
  const write = env.write && !s1ptw;
  const ipaLo = ipa % 4294967296 | 0, ipaHi = Math.floor(ipa / 4294967296) | 0;
  // IPA beyond the stage-2 input size: Translation fault at the start level's level 0 (AArch64.S2Translate).
  if (ipa >= POW2[p.inputSize]) { trace.fault = fault(FaultType.TRANSLATION, 0, 2, s1ptw, ipa, write); return trace; }
  if (p.baseTooBig) { trace.fault = fault(FaultType.ADDRESS_SIZE, 0, 2, s1ptw, ipa, write); return trace; }
  let table = p.base;
  let level = p.startLevel;
  const stride = p.granuleBits - 3;
  for (let n = 0; n < MAX_STEPS; n++, level++) {
    const shift = p.granuleBits + (3 - level) * stride;
    const nb = level === p.startLevel ? p.inputSize - shift : stride;
    const index = field(ipaLo, ipaHi, shift, nb);
    const descPa = table + index * 8;
    if (!readDesc(env.mem, descPa, p.ee)) { pushStep(env, trace, 2, level, table, index, descPa, descPa, 'invalid', 0, 0, undefined); trace.fault = fault(FaultType.SEA_WALK, level, 2, s1ptw, ipa, write); trace.level = level; return trace; }
    const lo = dLo, hi = dHi;
    trace.level = level;
    if ((lo & 1) === 0) { pushStep(env, trace, 2, level, table, index, descPa, descPa, 'invalid', lo, hi, undefined); trace.fault = fault(FaultType.TRANSLATION, level, 2, s1ptw, ipa, write); return trace; }
    const isTable = (lo & 2) !== 0 && level < 3;
    if (isTable) {
      pushStep(env, trace, 2, level, table, index, descPa, descPa, 'table', lo, hi, undefined);
      const next = descAddress(lo, hi, p.granuleBits, p.granuleBits, p.ds, p.outBits === 52);
      if (next >= POW2[p.outBits]) { trace.fault = fault(FaultType.ADDRESS_SIZE, level, 2, s1ptw, ipa, write); return trace; }
      table = next;
      continue;
    }
    if ((lo & 2) === 0 && (level === 3 || !blockAllowed(p.granuleBits, level, p.ds, p.outBits))) {
      pushStep(env, trace, 2, level, table, index, descPa, descPa, 'reserved', lo, hi, undefined); trace.fault = fault(FaultType.TRANSLATION, level, 2, s1ptw, ipa, write); return trace;
    }
    pushStep(env, trace, 2, level, table, index, descPa, descPa, level === 3 ? 'page' : 'block', lo, hi, undefined);
    // The range check sees the whole address field, including the RES0 bits below the block
    // size (QEMU 7.2 checks before aligning; the Arm ARM leaves non-zero RES0 bits unpredictable).
    if (descAddress(lo, hi, p.granuleBits, p.granuleBits, p.ds, p.outBits === 52) >= POW2[p.outBits]) { trace.fault = fault(FaultType.ADDRESS_SIZE, level, 2, s1ptw, ipa, write); return trace; }
    const oa = descAddress(lo, hi, p.granuleBits, shift, p.ds, p.outBits === 52);
    // Access flag: hardware update with VTCR_EL2.HA (FEAT_HAFDBS), else an Access flag fault.
    trace.leafLo = lo; trace.leafHi = hi;
    let nlo = lo;
    if (((lo >>> 10) & 1) === 0) {
      if (!p.ha) { trace.fault = fault(FaultType.ACCESS_FLAG, level, 2, s1ptw, ipa, write); return trace; }
      nlo |= 1 << 10;
    }
    // Stage-2 dirty state: DBM (bit 51) with S2AP[1] == 0 becomes writable on a write with HD.
    if (write && p.hd && ((hi >>> 19) & 1) === 1 && ((lo >>> 7) & 1) === 0) nlo |= 1 << 7;
    if (nlo !== lo) { trace.updLo = nlo; trace.updHi = hi; trace.updPa = descPa; trace.updBe = p.ee; }
    trace.blockSize = POW2[shift];
    trace.out = oa + (ipa % POW2[shift]);
    const s2r = ((lo >>> 6) & 1) === 1, s2w = ((lo >>> 7) & 1) === 1 || (p.hd && ((hi >>> 19) & 1) === 1);
    // XN[1:0] = desc[54:53] (FEAT_XNX): 00 both, 01 EL0 only... as (px, ux).
    const xn = (hi >>> 21) & 3;
    trace.perms = { pr: s2r, pw: s2w, px: xn === 0 || xn === 3, ur: s2r, uw: s2w, ux: xn === 0 || xn === 1 };
    trace.attrs = { attr: (lo >>> 2) & 0xf, sh: (lo >>> 8) & 3 };
    return trace;
  }
  trace.fault = fault(FaultType.TRANSLATION, level, 2, s1ptw, ipa, write);
  return trace;
}

/**
 * AArch64.S1Walk: translate a VA through the stage-1 tables. When `s2` is
 * given, every table address is an IPA translated by stage 2 first (the 2-D walk).
 */
export function AArch64_S1Walk(env: WalkEnv, p: S1Params, vaLo: number, vaHi: number, s2: S2Params | undefined): WalkTrace {
  const trace: WalkTrace = {
    stage: 1, regime: p.regime, inLo: vaLo, inHi: vaHi, granule: 1 << p.granuleBits, startLevel: p.startLevel,
    steps: env.record === false ? NO_STEPS : [], out: 0, level: p.startLevel, blockSize: 0, leafLo: 0, leafHi: 0,
  };
  if (p.baseTooBig) { trace.fault = fault(FaultType.ADDRESS_SIZE, 0, 1, false, 0, env.write); return trace; }
  // The input address bits used by the walk: VA[inputSize-1:0] as a number (inputSize <= 52).
  const va = p.inputSize <= 32 ? (vaLo >>> 0) % POW2[p.inputSize] : ((vaHi >>> 0) % POW2[p.inputSize - 32]) * 4294967296 + (vaLo >>> 0);
  let table = p.base;
  let level = p.startLevel;
  const stride = p.granuleBits - 3;
  // Hierarchical controls accumulated from table descriptors (APTable, UXNTable/XNTable, PXNTable).
  let apTable = 0, uxnTable = 0, pxnTable = 0;
  // Stage-2 walks for table accesses are reads; one environment serves every level.
  const s2env: WalkEnv = { mem: env.mem, inspect: env.inspect, write: false, record: env.record };
  for (let n = 0; n < MAX_STEPS; n++, level++) {
    const shift = p.granuleBits + (3 - level) * stride;
    const nb = indexBits(p.inputSize, p.granuleBits, level);
    const index = field(vaLo, vaHi, shift, nb);
    const descAddr = table + index * 8;
    let descPa = descAddr;
    let s2trace: WalkTrace | undefined;
    if (s2 !== undefined) {
      s2trace = AArch64_S2Walk(s2env, s2, descAddr, true, p.regime);
      const st = s2trace;
      if (st.fault !== undefined) {
        pushStep(env, trace, 1, level, table, index, descAddr, -1, 'invalid', 0, 0, st);
        // QEMU 7.2 reports the stage-1 lookup level for a stage-2 fault on the stage-1 walk (oracle README).
        trace.fault = { ...st.fault, level, s1ptw: true };
        trace.level = level;
        return trace;
      }
      // Stage-1 table accesses need stage-2 read permission, and with HCR_EL2.PTW must not
      // hit Device memory (AArch64.S2CheckPermissions for a table walk; PTW faults carry S1PTW).
      if (!(st.perms?.pr ?? false) || (env.ptwDevice && ((st.attrs?.attr ?? 0) & 0xc) === 0)) {
        pushStep(env, trace, 1, level, table, index, descAddr, st.out, 'invalid', 0, 0, st);
        trace.fault = fault(FaultType.PERMISSION, level, 2, true, descAddr, false);
        trace.level = level;
        return trace;
      }
      commitUpdate(env, st);
      descPa = st.out;
    }
    trace.level = level;
    if (!readDesc(env.mem, descPa, p.ee)) { pushStep(env, trace, 1, level, table, index, descAddr, descPa, 'invalid', 0, 0, s2trace); trace.fault = fault(FaultType.SEA_WALK, level, 1, false, 0, env.write); return trace; }
    const lo = dLo, hi = dHi;
    if ((lo & 1) === 0) { pushStep(env, trace, 1, level, table, index, descAddr, descPa, 'invalid', lo, hi, s2trace); trace.fault = fault(FaultType.TRANSLATION, level, 1, false, 0, env.write); return trace; }
    if ((lo & 2) !== 0 && level < 3) {
      pushStep(env, trace, 1, level, table, index, descAddr, descPa, 'table', lo, hi, s2trace);
      const next = descAddress(lo, hi, p.granuleBits, p.granuleBits, p.ds, p.outBits === 52);
      if (next >= POW2[p.outBits]) { trace.fault = fault(FaultType.ADDRESS_SIZE, level, 1, false, 0, env.write); return trace; }
      if (!p.hpd) {
        apTable |= (hi >>> 29) & 3;        // APTable = desc[62:61]
        uxnTable |= (hi >>> 28) & 1;       // UXNTable/XNTable = desc[60]
        pxnTable |= (hi >>> 27) & 1;       // PXNTable = desc[59]
      }
      table = next;
      continue;
    }
    if ((lo & 2) === 0 && (level === 3 || !blockAllowed(p.granuleBits, level, p.ds, p.outBits))) {
      pushStep(env, trace, 1, level, table, index, descAddr, descPa, 'reserved', lo, hi, s2trace); trace.fault = fault(FaultType.TRANSLATION, level, 1, false, 0, env.write); return trace;
    }
    pushStep(env, trace, 1, level, table, index, descAddr, descPa, level === 3 ? 'page' : 'block', lo, hi, s2trace);
    if (descAddress(lo, hi, p.granuleBits, p.granuleBits, p.ds, p.outBits === 52) >= POW2[p.outBits]) { trace.fault = fault(FaultType.ADDRESS_SIZE, level, 1, false, 0, env.write); return trace; }
    const oa = descAddress(lo, hi, p.granuleBits, shift, p.ds, p.outBits === 52);
    trace.leafLo = lo; trace.leafHi = hi;
    let nlo = lo;
    if (((lo >>> 10) & 1) === 0) {
      if (!p.ha) { trace.fault = fault(FaultType.ACCESS_FLAG, level, 1, false, 0, env.write); return trace; }
      nlo |= 1 << 10;
    }
    // Stage-1 dirty state: a write to a DBM (bit 51) page clears AP[2] with TCR.HD (D8.4.6).
    if (env.write && p.hd && ((hi >>> 19) & 1) === 1 && ((lo >>> 7) & 1) === 1) nlo &= ~(1 << 7);
    if (nlo !== lo) {
      trace.updLo = nlo; trace.updHi = hi; trace.updPa = descPa; trace.updBe = p.ee;
      // The hardware update writes the descriptor: under stage 2 that needs write permission there.
      if (s2trace !== undefined) { trace.updIpa = descAddr; trace.updS2W = s2trace.perms?.pw ?? false; }
    }
    trace.blockSize = POW2[shift];
    trace.out = oa + (va % POW2[shift]);
    trace.perms = s1Permissions(p, lo, hi, apTable, uxnTable, pxnTable);
    const attrIndx = (lo >>> 2) & 7;
    const attr = attrIndx < 4 ? (p.mairLo >>> (8 * attrIndx)) & 0xff : (p.mairHi >>> (8 * (attrIndx - 4))) & 0xff;
    trace.attrs = { attr, sh: p.ds ? p.tcrSh : (lo >>> 8) & 3 };
    return trace;
  }
  trace.fault = fault(FaultType.TRANSLATION, level, 1, false, 0, env.write);
  return trace;
}

/**
 * AArch64.S1DirectBasePermissions + hierarchical controls: the (pr, pw, px, ur, uw, ux)
 * of a leaf. EL2 (one privilege level) uses AP[2] and XN only.
 */
function s1Permissions(p: S1Params, lo: number, hi: number, apTable: number, uxnTable: number, pxnTable: number): { pr: boolean; pw: boolean; px: boolean; ur: boolean; uw: boolean; ux: boolean } {
  let ap2 = (lo >>> 7) & 1, ap1 = (lo >>> 6) & 1;
  const dbm = (hi >>> 19) & 1;
  let pxnD = (hi >>> 21) & 1, uxnD = (hi >>> 22) & 1;
  if (p.nv1) {
    // FEAT_NV1 (Arm ARM HCR_EL2.NV1; QEMU nv_nv1_enabled): the EL1&0 regime of a non-VHE guest hypervisor
    // reads descriptors as EL2 would: desc[54] is PXN, UXN is 0, AP[1] is treated as 0.
    pxnD = uxnD; uxnD = 0; ap1 = 0;
  }
  if (!p.twoRanges) {
    // EL2 regime: AP[1] is RES1; APTable[1] removes write; XN = desc[54] with XNTable.
    if ((apTable & 2) !== 0) ap2 = 1;
    const w = ap2 === 0 || (p.hd && dbm === 1 && (apTable & 2) === 0);
    const x = uxnD === 0 && uxnTable === 0 && !(p.wxn && w);
    return { pr: true, pw: w, px: x, ur: false, uw: false, ux: false };
  }
  if ((apTable & 1) !== 0) ap1 = 0;     // APTable[0]: no EL0 access
  if ((apTable & 2) !== 0) ap2 = 1;     // APTable[1]: no write access
  const writable = ap2 === 0 || (p.hd && dbm === 1 && (apTable & 2) === 0);
  const pr = true, pw = writable;
  const ur = ap1 === 1, uw = ap1 === 1 && writable;
  let ux = uxnD === 0 && uxnTable === 0;
  // Privileged execute-never when EL0 can write (R_DRKWD), and PXN/PXNTable.
  let px = pxnD === 0 && pxnTable === 0 && !uw;
  if (p.wxn) { if (pw) px = false; if (uw) ux = false; }
  return { pr, pw, px, ur, uw, ux };
}
