// Logical (bitmask) immediates: DecodeBitMasks from the Arm ARM pseudocode,
// in BigInt (the disassembler is not on the interpreter's hot path).

/** The immediate encoded by N:immr:imms for a 32- or 64-bit operation, or undefined when reserved. */
export function decodeBitMask(n: number, immr: number, imms: number, datasize: 32 | 64): bigint | undefined {
  const combined = (n << 6) | (~imms & 0x3f);
  let len = -1;
  for (let i = 6; i >= 0; i--) if ((combined >> i) & 1) { len = i; break; }
  if (len < 1) return undefined;
  if (datasize === 32 && n === 1) return undefined;
  const esize = 1 << len;
  const levels = esize - 1;
  const s = imms & levels, r = immr & levels;
  if (s === levels) return undefined;
  const welem = (1n << BigInt(s + 1)) - 1n;
  const emask = (1n << BigInt(esize)) - 1n;
  const rot = ((welem >> BigInt(r)) | (welem << BigInt(esize - r))) & emask;
  let v = 0n;
  for (let i = 0; i < datasize; i += esize) v |= rot << BigInt(i);
  return v;
}

/** True when a single MOVZ (or, with `inverted`, MOVN) of this width produces v. */
export function isWideImm(v: bigint, datasize: 32 | 64, inverted: boolean): boolean {
  const mask = datasize === 64 ? (1n << 64n) - 1n : 0xffffffffn;
  const x = inverted ? ~v & mask : v & mask;
  for (let sh = 0; sh < datasize; sh += 16) if ((x & ~(0xffffn << BigInt(sh))) === 0n) return true;
  return false;
}
