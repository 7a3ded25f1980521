// ELF64 executable writer for assembled images (nvdbg asm): one PT_LOAD per
// output section, section headers, .symtab/.strtab/.shstrtab. File offsets are
// congruent to addresses modulo 4 KiB (max-page-size 0x1000, as the oracle's ld).
// Pure TypeScript over Uint8Array.

import { EHDR_SIZE, PHDR_SIZE, SHDR_SIZE, SYM_SIZE, PT_LOAD, PF_R, PF_W, PF_X, SHT_STRTAB, SHT_SYMTAB, SHT_NOBITS, EM_AARCH64, ET_EXEC } from './elf-types';

/** One output section of an image (the assembler's ImageSection). */
export interface WriterSection {
  readonly name: string;
  readonly address: bigint;
  /** Contents (empty for .bss-like sections; `size` is the memory size). */
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly align: number;
  readonly exec: boolean;
  readonly write: boolean;
  readonly nobits: boolean;
}
export interface WriterSymbol {
  readonly name: string;
  readonly value: bigint;
  /** Output section name, or undefined for absolute symbols (.equ). */
  readonly section?: string;
  readonly global: boolean;
  readonly weak: boolean;
  readonly type: 'func' | 'object' | 'notype';
  readonly size: number;
}

const SHT_PROGBITS = 1;
const SHF_WRITE = 1n, SHF_ALLOC = 2n, SHF_EXECINSTR = 4n;
const SHN_ABS = 0xfff1;

class Buf {
  b = new Uint8Array(4096);
  n = 0;
  at(off: number, len: number): void {
    if (off + len <= this.b.length) { this.n = Math.max(this.n, off + len); return; }
    let c = this.b.length;
    while (c < off + len) c *= 2;
    const nb = new Uint8Array(c);
    nb.set(this.b);
    this.b = nb;
    this.n = Math.max(this.n, off + len);
  }
  u8(off: number, v: number): void { this.at(off, 1); this.b[off] = v; }
  u16(off: number, v: number): void { this.at(off, 2); this.b[off] = v & 0xff; this.b[off + 1] = (v >>> 8) & 0xff; }
  u32(off: number, v: number): void { this.at(off, 4); for (let i = 0; i < 4; i++) this.b[off + i] = (v >>> (8 * i)) & 0xff; }
  u64(off: number, v: bigint): void { this.at(off, 8); for (let i = 0; i < 8; i++) this.b[off + i] = Number((v >> BigInt(8 * i)) & 0xffn); }
  bytes(off: number, d: Uint8Array): void { this.at(off, d.length); this.b.set(d, off); }
}

function strtab(names: string[]): { data: Uint8Array; index: Map<string, number> } {
  const index = new Map<string, number>();
  const parts: number[] = [0];
  for (const n of names) {
    if (index.has(n)) continue;
    index.set(n, parts.length);
    for (let i = 0; i < n.length; i++) parts.push(n.charCodeAt(i) & 0xff);
    parts.push(0);
  }
  return { data: Uint8Array.from(parts), index };
}

/** `debugLine`: an optional DWARF `.debug_line` section (see dwarf-line-writer.ts). */
export function writeElf(sections: readonly WriterSection[], symbols: readonly WriterSymbol[], entry: bigint, debugLine?: Uint8Array): Uint8Array {
  const secs = sections.filter((s) => s.size > 0);
  const out = new Buf();
  const phnum = secs.length;
  // Contents: contiguous from 0x1000 + (first address mod 0x1000), like ld.
  const first = secs[0]?.address ?? 0n;
  const base = 0x1000 + Number(first % 0x1000n);
  const offsets = secs.map((s) => base + Number(s.address - first));
  let end = base;
  secs.forEach((s, i) => {
    if (!s.nobits) { out.bytes(offsets[i], s.bytes); end = Math.max(end, offsets[i] + s.size); }
  });
  // Symbols: locals first.
  const syms = [...symbols].sort((a, b) => Number(a.global) - Number(b.global));
  const strs = strtab(syms.map((s) => s.name));
  const dbg = debugLine !== undefined && debugLine.length > 0 ? 1 : 0;
  const shNames = strtab([...secs.map((s) => s.name), ...(dbg ? ['.debug_line'] : []), '.symtab', '.strtab', '.shstrtab']);
  const dbgOff = end;
  if (dbg) { out.bytes(dbgOff, debugLine as Uint8Array); end += (debugLine as Uint8Array).length; }
  const symOff = (end + 7) & ~7;
  const symData = new Buf();
  const secIndex = (name: string | undefined): number => (name === undefined ? SHN_ABS : secs.findIndex((s) => s.name === name) + 1 || SHN_ABS);
  syms.forEach((s, k) => {
    const o = (k + 1) * SYM_SIZE;
    symData.u32(o, strs.index.get(s.name) ?? 0);
    const bind = s.weak ? 2 : s.global ? 1 : 0;
    const type = s.type === 'func' ? 2 : s.type === 'object' ? 1 : 0;
    symData.u8(o + 4, (bind << 4) | type);
    symData.u8(o + 5, 0);
    symData.u16(o + 6, secIndex(s.section));
    symData.u64(o + 8, s.value);
    symData.u64(o + 16, BigInt(s.size));
  });
  symData.at(0, (syms.length + 1) * SYM_SIZE);
  const symBytes = symData.b.slice(0, (syms.length + 1) * SYM_SIZE);
  out.bytes(symOff, symBytes);
  const strOff = symOff + symBytes.length;
  out.bytes(strOff, strs.data);
  const shstrOff = strOff + strs.data.length;
  out.bytes(shstrOff, shNames.data);
  const shOff = (shstrOff + shNames.data.length + 7) & ~7;
  const shnum = secs.length + 4 + dbg;
  // ELF header
  out.bytes(0, Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
  out.u16(16, ET_EXEC); out.u16(18, EM_AARCH64); out.u32(20, 1);
  out.u64(24, entry); out.u64(32, BigInt(EHDR_SIZE)); out.u64(40, BigInt(shOff));
  out.u32(48, 0); out.u16(52, EHDR_SIZE); out.u16(54, PHDR_SIZE); out.u16(56, phnum);
  out.u16(58, SHDR_SIZE); out.u16(60, shnum); out.u16(62, shnum - 1);
  // Program headers
  secs.forEach((s, i) => {
    const o = EHDR_SIZE + i * PHDR_SIZE;
    out.u32(o, PT_LOAD);
    out.u32(o + 4, PF_R | (s.write ? PF_W : 0) | (s.exec ? PF_X : 0));
    out.u64(o + 8, BigInt(offsets[i]));
    out.u64(o + 16, s.address); out.u64(o + 24, s.address);
    out.u64(o + 32, BigInt(s.nobits ? 0 : s.size)); out.u64(o + 40, BigInt(s.size));
    out.u64(o + 48, 0x1000n);
  });
  // Section headers
  const sh = (i: number, name: number, type: number, flags: bigint, addr: bigint, off: number, size: number, link: number, info: number, align: number, entsize: number): void => {
    const o = shOff + i * SHDR_SIZE;
    out.u32(o, name); out.u32(o + 4, type); out.u64(o + 8, flags); out.u64(o + 16, addr); out.u64(o + 24, BigInt(off));
    out.u64(o + 32, BigInt(size)); out.u32(o + 40, link); out.u32(o + 44, info); out.u64(o + 48, BigInt(align)); out.u64(o + 56, BigInt(entsize));
  };
  sh(0, 0, 0, 0n, 0n, 0, 0, 0, 0, 0, 0);
  secs.forEach((s, i) => {
    const flags = SHF_ALLOC | (s.write ? SHF_WRITE : 0n) | (s.exec ? SHF_EXECINSTR : 0n);
    sh(i + 1, shNames.index.get(s.name)!, s.nobits ? SHT_NOBITS : SHT_PROGBITS, flags, s.address, offsets[i], s.size, 0, 0, 2 ** s.align, 0);
  });
  const firstGlobal = syms.findIndex((s) => s.global);
  if (dbg) sh(secs.length + 1, shNames.index.get('.debug_line')!, SHT_PROGBITS, 0n, 0n, dbgOff, (debugLine as Uint8Array).length, 0, 0, 1, 0);
  const k = secs.length + dbg;
  sh(k + 1, shNames.index.get('.symtab')!, SHT_SYMTAB, 0n, 0n, symOff, symBytes.length, k + 2, firstGlobal < 0 ? syms.length + 1 : firstGlobal + 1, 8, SYM_SIZE);
  sh(k + 2, shNames.index.get('.strtab')!, SHT_STRTAB, 0n, 0n, strOff, strs.data.length, 0, 0, 1, 0);
  sh(k + 3, shNames.index.get('.shstrtab')!, SHT_STRTAB, 0n, 0n, shstrOff, shNames.data.length, 0, 0, 1, 0);
  out.at(0, shOff + shnum * SHDR_SIZE);
  return out.b.slice(0, out.n);
}
