// PAR_EL1 encoding of an AT result (Arm ARM D23.2.x PAR_EL1, 64-bit format),
// with QEMU 7.2's choices where the architecture leaves room (oracle README):
// bit 11 set in both formats, NS = 1 on success, IMPLEMENTATION DEFINED bits 0.
import { encodeFsc, WalkFault } from './types';
import { Translation } from './translate';

/** PAR_EL1 (lo, hi) for a successful translation. */
export function parSuccess(t: Translation, out: Int32Array): void {
  const pa = t.pa;
  // PA[31:12] and PA[51:32] without `%` (a call to fmod): ToInt32 of an integer below 2^53 keeps its
  // low word, and the truncated quotient is the high word (pa >= 0).
  out[0] = ((pa | 0) & ~0xfff) | (1 << 11) | (1 << 9) | ((t.attrs.sh & 3) << 7);
  out[1] = (((pa / 4294967296) | 0) & 0xfffff) | ((t.attrs.attr & 0xff) << 24);
}

/** PAR_EL1 for a fault: F, FST, PTW, S, RES1 bit 11. */
export function parFault(fault: WalkFault, out: Int32Array): void {
  out[0] = 1 | (encodeFsc(fault) << 1) | (fault.s1ptw ? 1 << 8 : 0) | (fault.stage === 2 ? 1 << 9 : 0) | (1 << 11);
  out[1] = 0;
}
