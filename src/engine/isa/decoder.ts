// Decoder built from the encoding table: rows are bucketed by op0 (bits
// [28:25], the Arm ARM top-level split) and tried most-specific first. The
// interpreter caches the result per physical word, so this runs once per
// instruction location, not per execution.
import { ENCODINGS, EncodingRow } from './encodings';
import { Op } from './ops';

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

/** Rows whose fixed bits allow op0 = b, for each of the 16 values. */
const buckets: EncodingRow[][] = [];
for (let b = 0; b < 16; b++) {
  const word = b << 25;
  const list = ENCODINGS.filter((r) => ((word ^ r.value) & r.mask & (0xf << 25)) === 0);
  list.sort((a, c) => popcount(c.mask) - popcount(a.mask));
  buckets.push(list);
}

/** The encoding row of an instruction word, or undefined when unallocated/unimplemented. */
export function decodeRow(word: number): EncodingRow | undefined {
  const w = word >>> 0;
  for (const r of buckets[(w >>> 25) & 15]) if (((w & r.mask) >>> 0) === r.value) return r;
  return undefined;
}

/** Operation number for the interpreter; Op.UNDEF for anything the table lacks. */
export function decodeOp(word: number): Op {
  const r = decodeRow(word);
  return r === undefined ? Op.UNDEF : r.op;
}
