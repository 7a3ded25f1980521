// DWARF `.debug_line` reader (DWARF 2-5, §6.2 "Line Number Information"): the
// address -> file:line table GCC and the built-in assembler emit. Every read is bounds
// checked; malformed input is a DwarfError naming the section offset, never a crash or
// a hang (opcode loops are bounded by the section size).

import { DwarfReader as Reader, DwarfError } from './dwarf-reader';

export { DwarfError };

export interface DwarfLineRow {
  readonly address: bigint;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** A recommended breakpoint location (is_stmt). */
  readonly isStmt: boolean;
  /** The first address after a sequence (no code of its own). */
  readonly endSequence: boolean;
}

function strAt(sec: Uint8Array | undefined, name: string, off: number): string {
  if (sec === undefined) throw new DwarfError(`.debug_line refers to ${name}, which the ELF does not have`);
  if (off >= sec.length) throw new DwarfError(`.debug_line: string offset 0x${off.toString(16)} is outside ${name}`);
  return new Reader(sec, name, off).cstr();
}

// DW_FORM codes used in DWARF 5 line-table entry formats (§7.5.6).
const FORM = { block: 0x09, block1: 0x0a, data1: 0x0b, data2: 0x05, data4: 0x06, data8: 0x07, data16: 0x1e, string: 0x08, udata: 0x0f, strp: 0x0e, line_strp: 0x1f, strx: 0x1a } as const;
const DW_LNCT_path = 1, DW_LNCT_directory_index = 2;

/** The line tables of every unit in `.debug_line`. `str`/`lineStr` are .debug_str/.debug_line_str. */
export function parseDebugLine(sec: Uint8Array, str?: Uint8Array, lineStr?: Uint8Array): DwarfLineRow[] {
  const rows: DwarfLineRow[] = [];
  const r = new Reader(sec, '.debug_line');
  while (r.pos < sec.length) {
    const unitStart = r.pos;
    let unitLength = r.u32();
    let offset64 = false;
    if (unitLength === 0xffffffff) { offset64 = true; unitLength = Number(r.u64()); }
    else if (unitLength >= 0xfffffff0) throw new DwarfError(`.debug_line: reserved unit length 0x${unitLength.toString(16)} at offset 0x${unitStart.toString(16)}`);
    const unitEnd = r.pos + unitLength;
    if (unitEnd > sec.length) throw new DwarfError(`.debug_line: unit at offset 0x${unitStart.toString(16)} claims ${unitLength} bytes, past the end of the section`);
    const version = r.u16();
    if (version < 2 || version > 5) throw new DwarfError(`.debug_line: unsupported version ${version} at offset 0x${unitStart.toString(16)}`);
    let addrSize = 8;
    if (version >= 5) { addrSize = r.u8(); r.u8(); /* segment selector size */ }
    const headerLength = offset64 ? Number(r.u64()) : r.u32();
    const programStart = r.pos + headerLength;
    if (programStart > unitEnd) throw new DwarfError(`.debug_line: header of the unit at 0x${unitStart.toString(16)} is longer than the unit`);
    const minInsn = r.u8();
    if (version >= 4) r.u8(); // maximum_operations_per_instruction (VLIW only)
    const defaultIsStmt = r.u8() !== 0;
    const lineBase = (r.u8() << 24) >> 24;
    const lineRange = r.u8();
    const opcodeBase = r.u8();
    if (lineRange === 0) throw new DwarfError(`.debug_line: line_range 0 in the unit at 0x${unitStart.toString(16)}`);
    const stdLengths: number[] = [];
    for (let i = 1; i < opcodeBase; i++) stdLengths[i] = r.u8();
    const dirs: string[] = [];
    const files: string[] = [];
    const join = (d: string, f: string): string => (f.startsWith('/') || d === '' ? f : `${d}/${f}`);
    if (version >= 5) {
      const readFormat = (): [number, number][] => {
        const n = r.u8();
        const fmt: [number, number][] = [];
        for (let i = 0; i < n; i++) fmt.push([r.uleb(), r.uleb()]);
        return fmt;
      };
      const readValue = (form: number): string | number => {
        switch (form) {
          case FORM.string: return r.cstr();
          case FORM.line_strp: return strAt(lineStr, '.debug_line_str', offset64 ? Number(r.u64()) : r.u32());
          case FORM.strp: return strAt(str, '.debug_str', offset64 ? Number(r.u64()) : r.u32());
          case FORM.udata: return r.uleb();
          case FORM.data1: return r.u8();
          case FORM.data2: return r.u16();
          case FORM.data4: return r.u32();
          case FORM.data8: r.skip(8); return 0;
          case FORM.data16: r.skip(16); return 0;
          case FORM.block: r.skip(r.uleb()); return 0;
          case FORM.block1: r.skip(r.u8()); return 0;
          default: throw new DwarfError(`.debug_line: unsupported form 0x${form.toString(16)} in the unit at 0x${unitStart.toString(16)}`);
        }
      };
      const dirFmt = readFormat();
      const nDirs = r.uleb();
      for (let i = 0; i < nDirs; i++) {
        let path = '';
        for (const [ct, form] of dirFmt) { const v = readValue(form); if (ct === DW_LNCT_path) path = String(v); }
        dirs.push(path);
      }
      const fileFmt = readFormat();
      const nFiles = r.uleb();
      for (let i = 0; i < nFiles; i++) {
        let path = '', dir = 0;
        for (const [ct, form] of fileFmt) { const v = readValue(form); if (ct === DW_LNCT_path) path = String(v); else if (ct === DW_LNCT_directory_index) dir = Number(v); }
        files.push(join(dirs[dir] ?? '', path));
      }
    } else {
      dirs.push('');
      for (;;) { const d = r.cstr(); if (d === '') break; dirs.push(d); }
      files.push(''); // DWARF 2-4 file numbers start at 1
      for (;;) {
        const f = r.cstr();
        if (f === '') break;
        const dir = r.uleb(); r.uleb(); r.uleb(); // directory, mtime, length
        files.push(join(dirs[dir] ?? '', f));
      }
    }
    r.pos = programStart;
    // The state machine (§6.2.2).
    let address = 0n, file = 1, line = 1, column = 0, isStmt = defaultIsStmt;
    const reset = (): void => { address = 0n; file = 1; line = 1; column = 0; isStmt = defaultIsStmt; };
    const emit = (end: boolean): void => {
      const name = files[file];
      if (name === undefined) throw new DwarfError(`.debug_line: file index ${file} out of range in the unit at 0x${unitStart.toString(16)}`);
      rows.push({ address, file: name, line, column, isStmt, endSequence: end });
    };
    while (r.pos < unitEnd) {
      const op = r.u8();
      if (op >= opcodeBase) {
        const adj = op - opcodeBase;
        address += BigInt(Math.floor(adj / lineRange) * minInsn);
        line += lineBase + (adj % lineRange);
        emit(false);
      } else if (op === 0) {
        const len = r.uleb();
        const end = r.pos + len;
        if (len === 0 || end > unitEnd) throw new DwarfError(`.debug_line: bad extended opcode length ${len} at offset 0x${(r.pos - 1).toString(16)}`);
        const sub = r.u8();
        if (sub === 1) { emit(true); reset(); }
        else if (sub === 2) address = addrSize === 8 ? r.u64() : BigInt(r.u32());
        else if (sub === 3) { r.cstr(); r.uleb(); r.uleb(); r.uleb(); } // DW_LNE_define_file (DWARF <= 4)
        r.pos = end; // skips DW_LNE_set_discriminator and vendor extensions
      } else {
        switch (op) {
          case 1: emit(false); break;                                                // copy
          case 2: address += BigInt(r.uleb() * minInsn); break;                      // advance_pc
          case 3: line += r.sleb(); break;                                           // advance_line
          case 4: file = r.uleb(); break;                                            // set_file
          case 5: column = r.uleb(); break;                                          // set_column
          case 6: isStmt = !isStmt; break;                                           // negate_stmt
          case 7: break;                                                             // set_basic_block
          case 8: address += BigInt(Math.floor((255 - opcodeBase) / lineRange) * minInsn); break; // const_add_pc
          case 9: address += BigInt(r.u16()); break;                                 // fixed_advance_pc
          default: for (let i = 0; i < (stdLengths[op] ?? 0); i++) r.uleb();        // prologue_end, epilogue_begin, isa, unknown
        }
      }
    }
    r.pos = unitEnd;
  }
  return rows;
}
