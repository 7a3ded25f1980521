// Building instruction words from rows of the encoding table: the row's fixed
// bits, its ignored ('x') bits set to ones as GNU as emits them (SBO), and
// named field values checked against the field widths.

import { ENCODINGS, EncodingRow } from '../encodings';
import { AsmError } from './expr';

let byId: Map<string, EncodingRow> | undefined;

export function rowById(id: string): EncodingRow | undefined {
  if (byId === undefined) {
    byId = new Map();
    for (const r of ENCODINGS) byId.set(r.id.toLowerCase(), r);
  }
  return byId.get(id.toLowerCase());
}

const xCache = new Map<EncodingRow, number>();
function ignoredBits(row: EncodingRow): number {
  let x = xCache.get(row);
  if (x === undefined) {
    let fm = 0;
    for (const f of row.fields) fm |= ((2 ** f.width - 1) * 2 ** f.lsb) | 0;
    x = (~row.mask & ~fm) >>> 0;
    xCache.set(row, x);
  }
  return x;
}

/** The word for row `id` (case-insensitive) with the given field values (every field of the row must be given). */
export function build(id: string, fields: Readonly<Record<string, number>>, col = 0): number {
  const row = rowById(id);
  if (row === undefined) throw new AsmError(`internal: no encoding row ${id}`, col);
  let w = (row.value | ignoredBits(row)) >>> 0;
  for (const f of row.fields) {
    const v = fields[f.name];
    if (v === undefined) throw new AsmError(`internal: ${id} needs field ${f.name}`, col);
    if (v < 0 || v >= 2 ** f.width) throw new AsmError(`internal: ${id} field ${f.name} value ${v} does not fit`, col);
    w = (w | (v * 2 ** f.lsb)) >>> 0;
  }
  return w >>> 0;
}
