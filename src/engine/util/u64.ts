// 64-bit values as int32 halves. The hot paths keep (lo, hi) in Int32Arrays and
// locals; BigInt appears only here, at display and configuration boundaries
// (see ../../../docs/architecture.md "64-bit values").

/** Unsigned value of a (lo, hi) pair as a BigInt (display boundary only). */
export function pairToBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Split a BigInt (taken modulo 2^64) into int32 halves. */
export function bigToPair(v: bigint): [number, number] {
  const m = BigInt.asUintN(64, v);
  return [Number(m & 0xffffffffn) | 0, Number(m >> 32n) | 0];
}

/** 16 lower-case hex digits, no prefix. */
export function hex16(lo: number, hi: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** '0x' + minimal hex digits. */
export function hexPair(lo: number, hi: number): string {
  return hi === 0 ? '0x' + (lo >>> 0).toString(16) : '0x' + (hi >>> 0).toString(16) + (lo >>> 0).toString(16).padStart(8, '0');
}

/** Parse a hex string ('0x' optional, '_' allowed) into int32 halves without BigInt. */
export function parseHexPair(s: string): [number, number] {
  let t = s.trim().toLowerCase().replace(/_/g, '');
  if (t.startsWith('0x')) t = t.slice(2);
  if (!/^[0-9a-f]{1,16}$/.test(t)) throw new Error(`not a 64-bit hex value: ${s}`);
  const lo = parseInt(t.slice(-8), 16) | 0;
  const hi = t.length > 8 ? parseInt(t.slice(0, -8), 16) | 0 : 0;
  return [lo, hi];
}

/** Unsigned (lo, hi) as a JS number; exact below 2^53 (physical addresses). */
export function pairToNumber(lo: number, hi: number): number {
  return (hi >>> 0) * 4294967296 + (lo >>> 0);
}

/** High half of the 64-bit product of two unsigned 32-bit values, and low half in mulLo. */
export let mulLo = 0;
export function umul32x32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  mulLo = ((mid << 16) | (p00 & 0xffff)) | 0;
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** Count leading zeros of a 64-bit pair. */
export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}
