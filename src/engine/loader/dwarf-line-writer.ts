// DWARF 4 `.debug_line` for images the built-in assembler writes: one row per
// emitted instruction/datum, one sequence per output section (DWARF 4 §6.2).
// Consumers: GNU objdump -l / readelf --debug-dump=decodedline, gdb, and nvdbg's
// own DWARF reader (issue 8).

export interface LineRow { readonly address: bigint; readonly file: string; readonly line: number }
export interface SectionRange { readonly address: bigint; readonly size: number }

const DW_LNS_copy = 1, DW_LNS_advance_pc = 2, DW_LNS_advance_line = 3, DW_LNS_set_file = 4;
const DW_LNE_end_sequence = 1, DW_LNE_set_address = 2;
/** Standard opcode operand counts for opcodes 1..12 (DWARF 4 Figure 6.2.5.1). */
const STD_LENGTHS = [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1];

function uleb(out: number[], v: number): void {
  do { let b = v % 128; v = Math.floor(v / 128); if (v !== 0) b |= 0x80; out.push(b); } while (v !== 0);
}
function sleb(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { out.push(b); return; }
    out.push(b | 0x80);
  }
}
function cstr(out: number[], s: string): void { for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i) & 0xff); out.push(0); }

export function encodeDebugLine(rows: readonly LineRow[], sections: readonly SectionRange[]): Uint8Array {
  const files: string[] = [];
  for (const r of rows) if (!files.includes(r.file)) files.push(r.file);
  const header: number[] = [];
  header.push(1, 1, 1, (-5) & 0xff, 14, 13, ...STD_LENGTHS); // min_inst_length 1, max_ops 1, default_is_stmt, line_base, line_range, opcode_base
  header.push(0); // no include directories: file names carry their paths
  for (const f of files) { cstr(header, f); uleb(header, 0); uleb(header, 0); uleb(header, 0); }
  header.push(0);
  const prog: number[] = [];
  const sorted = [...rows].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  for (const sec of sections) {
    const end = sec.address + BigInt(sec.size);
    const inSec = sorted.filter((r) => r.address >= sec.address && r.address < end);
    if (inSec.length === 0) continue;
    let addr = inSec[0].address, line = 1, file = 1;
    prog.push(0, 9, DW_LNE_set_address);
    for (let i = 0; i < 8; i++) prog.push(Number((addr >> BigInt(8 * i)) & 0xffn));
    for (const r of inSec) {
      const f = files.indexOf(r.file) + 1;
      if (f !== file) { prog.push(DW_LNS_set_file); uleb(prog, f); file = f; }
      if (r.line !== line) { prog.push(DW_LNS_advance_line); sleb(prog, r.line - line); line = r.line; }
      if (r.address !== addr) { prog.push(DW_LNS_advance_pc); uleb(prog, Number(r.address - addr)); addr = r.address; }
      prog.push(DW_LNS_copy);
    }
    if (end !== addr) { prog.push(DW_LNS_advance_pc); uleb(prog, Number(end - addr)); }
    prog.push(0, 1, DW_LNE_end_sequence);
  }
  const out: number[] = [];
  const unitLength = 2 + 4 + header.length + prog.length;
  const u32 = (v: number): void => { out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff); };
  u32(unitLength);
  out.push(4, 0); // version 4
  u32(header.length);
  out.push(...header, ...prog);
  return Uint8Array.from(out);
}
