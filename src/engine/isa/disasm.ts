// A64 disassembler producing exactly the text GNU objdump 2.40 (`objdump -d`)
// prints after the instruction word: mnemonic, tab, operands. Built on the
// encoding table: decodeRow() picks the row, a per-class formatter
// (disasm/*.ts) renders it with objdump's alias and radix choices. Words the
// table does not decode print as objdump prints unallocated words.

import { decodeRow } from './decoder';
import { EncodingRow } from './encodings';
import { Ctx, Insn, Symbolizer } from './disasm/text';
import { formatDp } from './disasm/dp';
import { formatSystem } from './disasm/system';
import { formatLdst } from './disasm/ldst';

export type { Symbolizer } from './disasm/text';

export interface Disassembly {
  /** `mnemonic\toperands` (or just the mnemonic), as objdump prints it. */
  readonly text: string;
  readonly mnemonic: string;
  readonly operands: string;
  /** The encoding row, when the table decodes the word and objdump agrees it is allocated. */
  readonly row?: EncodingRow;
}

function formatRow(row: EncodingRow, ctx: Ctx): Insn | undefined {
  switch (row.cls) {
    case 'dp-imm': case 'dp-reg': return formatDp(row, ctx);
    case 'branch': case 'exception': case 'system': case 'hint': case 'barrier': return formatSystem(row, ctx);
    default: return formatLdst(row, ctx);
  }
}

/** objdump's text for a word it does not decode: `udf #n` for 0x0000nnnn, else `.inst 0x........ ; undefined`. */
export function undefinedText(word: number): Disassembly {
  const w = word >>> 0;
  if (w >>> 16 === 0) return { text: `udf\t#${w}`, mnemonic: 'udf', operands: `#${w}` };
  const ops = `0x${w.toString(16).padStart(8, '0')} ; undefined`;
  return { text: `.inst\t${ops}`, mnemonic: '.inst', operands: ops };
}

/**
 * Disassemble one A64 word at address pcHi:pcLo. `symbolize` names branch and
 * literal targets (`<_start+0x10>`); without it targets print as bare hex.
 */
export function disassemble(word: number, pcLo: number, pcHi: number, symbolize?: Symbolizer): Disassembly {
  const w = word >>> 0;
  const row = decodeRow(w);
  if (row === undefined) return undefinedText(w);
  const pc = (BigInt(pcHi >>> 0) << 32n) | BigInt(pcLo >>> 0);
  const r = formatRow(row, { word: w, pc, symbolize });
  if (r === undefined) return undefinedText(w);
  const operands = r.ops + (r.tail ?? '');
  return { text: operands === '' ? r.m : `${r.m}\t${operands}`, mnemonic: r.m, operands, row };
}
