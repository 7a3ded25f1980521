// Integer helpers on int32 pairs (perf-anchors §2.1: pairs are the only
// representation fast on every operation class). Results of 64-bit helpers go
// to `res` (lo, hi) to avoid allocating; flags to `flags` (n, z, c, v).
import { umul32x32, mulLo } from '../util/u64';

export const res = new Int32Array(2);
export const flags = new Int32Array(4); // n, z, c, v

/** AddWithCarry (Arm ARM shared/functions/integer/AddWithCarry), 64-bit. */
export function addWithCarry64(aLo: number, aHi: number, bLo: number, bHi: number, cin: number): void {
  const l = (aLo >>> 0) + (bLo >>> 0) + cin;
  const cl = l > 0xffffffff ? 1 : 0;
  const h = (aHi >>> 0) + (bHi >>> 0) + cl;
  const rLo = l | 0, rHi = h | 0;
  res[0] = rLo; res[1] = rHi;
  flags[0] = rHi >>> 31;
  flags[1] = (rLo | rHi) === 0 ? 1 : 0;
  flags[2] = h > 0xffffffff ? 1 : 0;
  flags[3] = ((aHi ^ rHi) & (bHi ^ rHi)) >>> 31;
}

/** AddWithCarry, 32-bit; result in res[0], res[1] = 0. */
export function addWithCarry32(a: number, b: number, cin: number): void {
  const l = (a >>> 0) + (b >>> 0) + cin;
  const r = l | 0;
  res[0] = r; res[1] = 0;
  flags[0] = r >>> 31;
  flags[1] = r === 0 ? 1 : 0;
  flags[2] = l > 0xffffffff ? 1 : 0;
  flags[3] = ((a ^ r) & (b ^ r)) >>> 31;
}

/** Shift a 64-bit pair: type 0 LSL, 1 LSR, 2 ASR, 3 ROR; amount 0..63. */
export function shift64(lo: number, hi: number, type: number, amt: number): void {
  if (amt === 0) { res[0] = lo; res[1] = hi; return; }
  switch (type) {
    case 0:
      if (amt >= 32) { res[1] = lo << (amt - 32); res[0] = 0; } else { res[1] = (hi << amt) | (lo >>> (32 - amt)); res[0] = lo << amt; }
      return;
    case 1:
      if (amt >= 32) { res[0] = hi >>> (amt - 32); res[1] = 0; } else { res[0] = (lo >>> amt) | (hi << (32 - amt)); res[1] = hi >>> amt; }
      return;
    case 2:
      if (amt >= 32) { res[0] = hi >> (amt - 32); res[1] = hi >> 31; } else { res[0] = (lo >>> amt) | (hi << (32 - amt)); res[1] = hi >> amt; }
      return;
    default: {
      if (amt === 32) { res[0] = hi; res[1] = lo; return; }
      if (amt > 32) { const t = lo; lo = hi; hi = t; amt -= 32; }
      const l = (lo >>> amt) | (hi << (32 - amt));
      const h = (hi >>> amt) | (lo << (32 - amt));
      res[0] = l; res[1] = h;
    }
  }
}

/** Shift a 32-bit value: type 0 LSL, 1 LSR, 2 ASR, 3 ROR; amount 0..31. */
export function shift32(v: number, type: number, amt: number): number {
  if (amt === 0) return v | 0;
  switch (type) {
    case 0: return v << amt;
    case 1: return v >>> amt | 0;
    case 2: return v >> amt;
    default: return (v >>> amt) | (v << (32 - amt));
  }
}

/** 64 x 64 -> low 64 bits. */
export function mul64(aLo: number, aHi: number, bLo: number, bHi: number): void {
  const h = umul32x32(aLo, bLo);
  res[0] = mulLo;
  res[1] = (h + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) | 0;
}

/** High 64 bits of the 128-bit product; signed when `signed`. */
export function mulHigh64(aLo: number, aHi: number, bLo: number, bHi: number, signed: boolean): void {
  // Unsigned 128-bit product from four 32x32 partial products, as 4 limbs.
  const p0h = umul32x32(aLo, bLo);
  const p1h = umul32x32(aLo, bHi), p1l = mulLo;
  const p2h = umul32x32(aHi, bLo), p2l = mulLo;
  const p3h = umul32x32(aHi, bHi), p3l = mulLo;
  let t = (p0h >>> 0) + (p1l >>> 0) + (p2l >>> 0);
  let carry = Math.floor(t / 4294967296);
  t = (p1h >>> 0) + (p2h >>> 0) + (p3l >>> 0) + carry;
  let l2 = t >>> 0; carry = Math.floor(t / 4294967296);
  let l3 = ((p3h >>> 0) + carry) >>> 0;
  if (signed) {
    // Signed correction: subtract b<<64 when a < 0 and a<<64 when b < 0.
    if (aHi < 0) { const s = l2 - (bLo >>> 0); l2 = s >>> 0; l3 = (l3 - (bHi >>> 0) - (s < 0 ? 1 : 0)) >>> 0; }
    if (bHi < 0) { const s = l2 - (aLo >>> 0); l2 = s >>> 0; l3 = (l3 - (aHi >>> 0) - (s < 0 ? 1 : 0)) >>> 0; }
  }
  res[0] = l2 | 0; res[1] = l3 | 0;
}

/** 64-bit division, rounding toward zero; divide by zero gives 0 (Arm ARM UDIV/SDIV). */
export function div64(aLo: number, aHi: number, bLo: number, bHi: number, signed: boolean): void {
  if ((bLo | bHi) === 0) { res[0] = 0; res[1] = 0; return; }
  // Doubles are exact below 2^53; fall back to BigInt only for wide operands (rare).
  if (!signed && (aHi >>> 0) < 0x200000 && (bHi >>> 0) < 0x200000) {
    const q = Math.floor(((aHi >>> 0) * 4294967296 + (aLo >>> 0)) / ((bHi >>> 0) * 4294967296 + (bLo >>> 0)));
    res[0] = q % 4294967296 | 0; res[1] = Math.floor(q / 4294967296) | 0; return;
  }
  const A = signed ? BigInt.asIntN(64, (BigInt(aHi >>> 0) << 32n) | BigInt(aLo >>> 0)) : (BigInt(aHi >>> 0) << 32n) | BigInt(aLo >>> 0);
  const B = signed ? BigInt.asIntN(64, (BigInt(bHi >>> 0) << 32n) | BigInt(bLo >>> 0)) : (BigInt(bHi >>> 0) << 32n) | BigInt(bLo >>> 0);
  const q = BigInt.asUintN(64, A / B);
  res[0] = Number(q & 0xffffffffn) | 0; res[1] = Number(q >> 32n) | 0;
}

function ones(n: number): bigint { return (1n << BigInt(n)) - 1n; }
function rorBig(x: bigint, r: number, size: number): bigint {
  if (r === 0) return x;
  return ((x >> BigInt(r)) | (x << BigInt(size - r))) & ones(size);
}
function replicate(x: bigint, esize: number, size: number): bigint {
  let out = 0n;
  for (let i = 0; i < size; i += esize) out |= x << BigInt(i);
  return out;
}

/**
 * DecodeBitMasks (Arm ARM shared/functions/integer) for every (N, immr, imms):
 * wmask/tmask as pairs, plus validity for the logical-immediate and bitfield uses.
 * Computed once at load; index = N<<12 | immr<<6 | imms.
 */
export const WMASK = new Int32Array(8192 * 2);
export const TMASK = new Int32Array(8192 * 2);
/** Bit 0: valid as a logical immediate; bit 1: valid for bitfield instructions (64-bit size). */
export const MASKOK = new Uint8Array(8192);
for (let N = 0; N < 2; N++) {
  for (let immr = 0; immr < 64; immr++) {
    for (let imms = 0; imms < 64; imms++) {
      const idx = (N << 12) | (immr << 6) | imms;
      const combined = (N << 6) | (~imms & 63);
      if (combined === 0) continue;
      const len = 31 - Math.clz32(combined);
      if (len < 1) continue;
      const levels = (1 << len) - 1;
      const S = imms & levels, R = immr & levels;
      const esize = 1 << len;
      const d = (S - R) & (esize - 1);
      const welem = ones(S + 1), telem = ones(d + 1);
      const w = replicate(rorBig(welem, R, esize), esize, 64);
      const t = replicate(telem, esize, 64);
      WMASK[idx * 2] = Number(w & 0xffffffffn) | 0; WMASK[idx * 2 + 1] = Number(w >> 32n) | 0;
      TMASK[idx * 2] = Number(t & 0xffffffffn) | 0; TMASK[idx * 2 + 1] = Number(t >> 32n) | 0;
      MASKOK[idx] = ((S === levels) ? 0 : 1) | 2;
    }
  }
}

/** Reverse the bits of a 32-bit value. */
export function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) | 0;
}

export function bswap32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) | 0;
}

/** CRC32 over `bytes` little-endian bytes of `valLo/valHi`, polynomial reflected. */
const CRC_TABLES = [0xedb88320, 0x82f63b78].map((poly) => {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c;
  }
  return t;
});
export function crc32(acc: number, valLo: number, valHi: number, bytes: number, castagnoli: boolean): number {
  const t = CRC_TABLES[castagnoli ? 1 : 0];
  let c = acc;
  for (let i = 0; i < bytes; i++) {
    const b = i < 4 ? (valLo >>> (8 * i)) & 0xff : (valHi >>> (8 * (i - 4))) & 0xff;
    c = t[(c ^ b) & 0xff] ^ (c >>> 8);
  }
  return c | 0;
}
