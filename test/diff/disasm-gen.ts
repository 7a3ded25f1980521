// Word generator for the disassembler differential test: seeded random 32-bit
// words, weighted so that every row of the encoding table is drawn many times
// (with field values biased towards the edges where objdump picks aliases:
// register 31, zero, all-ones, small shifts), plus uniformly random words
// (mostly FP/SIMD/SVE or unallocated) and words with the top halfword zero
// (objdump's `udf #imm`).
import { ENCODINGS, EncodingRow } from '../../src/engine/isa/encodings';
import { Rng } from './gen';

/** A field value biased towards alias boundaries. */
function fieldBits(rng: Rng, width: number): number {
  const max = width >= 32 ? 0xffffffff : (1 << width) - 1;
  if (rng.chance(0.55)) return rng.u32() & max;
  const specials = [0, 1, max, max - 1, max >>> 1, (max >>> 1) + 1, 31 & max, 15 & max, 7 & max, 30 & max];
  return rng.pick(specials) & max;
}

/** One word matching `row`: fixed bits from the row, fields random-but-biased. */
export function wordForRow(rng: Rng, row: EncodingRow): number {
  let w = rng.u32() & ~row.mask; // ignored ('x') bits random
  w = (w | row.value) >>> 0;
  for (const f of row.fields) {
    const v = fieldBits(rng, f.width);
    const m = f.width >= 32 ? 0xffffffff : ((1 << f.width) - 1) << f.lsb;
    w = ((w & ~m) | ((v << f.lsb) & m)) >>> 0;
  }
  // Half the time keep 'x' (should-be-one/zero) bits at their canonical all-ones value.
  if (rng.chance(0.5)) w = (w | (~row.mask & ~fieldMask(row))) >>> 0;
  return w >>> 0;
}

function fieldMask(row: EncodingRow): number {
  let m = 0;
  for (const f of row.fields) m |= f.width >= 32 ? -1 : ((1 << f.width) - 1) << f.lsb;
  return m >>> 0;
}

export interface WordSet { readonly words: Uint32Array; readonly rowDraws: ReadonlyMap<string, number> }

/**
 * `count` words: `perRow` per encoding row (rows in table order, shuffled
 * positions), the rest uniform random (1 in 16 of those with the top halfword zero).
 */
export function generateWords(seed: number, count: number, perRow: number): WordSet {
  const rng = new Rng(seed);
  const out: number[] = [];
  const draws = new Map<string, number>();
  for (const row of ENCODINGS) {
    for (let i = 0; i < perRow; i++) out.push(wordForRow(rng, row));
    draws.set(row.id, perRow);
  }
  while (out.length < count) out.push(rng.chance(1 / 16) ? rng.u32() & 0xffff : rng.u32());
  // Fisher-Yates so neighbouring words differ (objdump state cannot leak between rows).
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return { words: Uint32Array.from(out), rowDraws: draws };
}

/**
 * Exhaustive sweeps of the spaces where objdump consults name tables or
 * picks aliases by value: every system-instruction encoding (L, op0, op1,
 * CRn, CRm, op2 with a random Rt: MRS/MSR names, SYS operations, hints,
 * barriers, PSTATE fields) and every N:immr:imms of the logical-immediate and
 * bitfield groups (both widths, random or 31 registers).
 */
export function sweepWords(seed: number): Uint32Array {
  const rng = new Rng(seed);
  const out: number[] = [];
  const r5 = (): number => (rng.chance(0.3) ? 31 : rng.int(32));
  for (let k = 0; k < 1 << 17; k++) out.push((0xd5000000 | (k << 5) | r5()) >>> 0);
  for (let sf = 0; sf < 2; sf++) {
    for (let opc = 0; opc < 4; opc++) {
      for (let v = 0; v < 1 << 13; v++) {
        out.push(((sf << 31) | (opc << 29) | (0b100100 << 23) | (v << 10) | (r5() << 5) | r5()) >>> 0);
        if (opc < 3) out.push(((sf << 31) | (opc << 29) | (0b100110 << 23) | (v << 10) | (r5() << 5) | r5()) >>> 0);
      }
    }
  }
  return Uint32Array.from(out);
}
