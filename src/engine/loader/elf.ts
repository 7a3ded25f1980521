// ELF64 loader for bare-metal AArch64 executables.
//
// Pure TypeScript over a Uint8Array (no Node APIs) so the engine can run in a
// web worker. Every field read from the file is bounds-checked before use:
// malformed input only ever raises ElfError, every loop is bounded by counts
// that were checked against the file size, and nothing is allocated from an
// unchecked size (p_memsz is never allocated here at all).
//
// ET_DYN policy: ET_DYN images (static-pie, some firmware) are accepted and
// treated as loaded at their link addresses (p_paddr / p_vaddr) with no
// relocation applied. Images that self-relocate at start-up work; images that
// need a dynamic loader (PT_INTERP) are rejected. ET_REL is rejected with a
// hint to link it.

import {
  EHDR_SIZE, EI_NIDENT, ELFCLASS32, ELFCLASS64, ELFDATA2LSB, ELFDATA2MSB, EM_AARCH64, ET_CORE, ET_DYN,
  ET_EXEC, ET_NONE, ET_REL, EV_CURRENT, MAX_PADDR_BITS, PHDR_SIZE, PN_XNUM, PT_INTERP, PT_LOAD, SHDR_SIZE,
  SHN_LORESERVE, SHN_UNDEF, SHN_XINDEX, SHT_DYNSYM, SHT_NOBITS, SHT_NULL, SHT_STRTAB, SHT_SYMTAB,
  STB_GLOBAL, STB_GNU_UNIQUE, STB_WEAK, STT_FILE, STT_FUNC, STT_NOTYPE, STT_OBJECT, STT_SECTION, SYM_SIZE,
  type ElfImage, type ElfSection, type ElfSegment, type ElfSymbol, type ElfSymbolBind, type ElfSymbolType,
  type RamRegion,
} from './elf-types';

export * from './elf-types';

/** Any problem with an ELF file. `message` reads 'FILE: what is wrong'. */
export class ElfError extends Error {
  /** The problem without the file name prefix. */
  readonly detail: string;
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ElfError';
    this.detail = message;
  }
}

const MACHINE_NAMES: Readonly<Record<number, string>> = {
  0: 'none',
  2: 'SPARC',
  3: 'x86 (i386)',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC64',
  22: 'S/390',
  40: 'ARM (32-bit)',
  43: 'SPARC V9',
  62: 'x86-64',
  243: 'RISC-V',
  258: 'LoongArch',
};

const PADDR_LIMIT = 1n << BigInt(MAX_PADDR_BITS);
const U64_LIMIT = 1n << 64n;

function hex(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}

/** Inclusive range text, like readelf/QEMU print it: 0x1000..0x1fff. */
function range(start: number | bigint, size: number | bigint): string {
  const s = BigInt(start);
  const n = BigInt(size);
  return n === 0n ? `${hex(s)} (empty)` : `${hex(s)}..${hex(s + n - 1n)}`;
}

function isMappingSymbol(name: string): boolean {
  // AArch64 psABI mapping symbols: $x, $d (optionally $x.<anything>).
  return /^\$[a-z](\.|$)/.test(name);
}

/** Minimal UTF-8 decoder: the engine has no TextDecoder (no DOM/Node libs). */
function decodeUtf8(b: Uint8Array, start: number, end: number): string {
  // Fast path: symbol names are almost always ASCII.
  let ascii = true;
  for (let k = start; k < end; k++) if (b[k] >= 0x80) { ascii = false; break; }
  if (ascii) {
    let s = '';
    for (let k = start; k < end; k += 4096) s += String.fromCharCode(...b.subarray(k, Math.min(end, k + 4096)));
    return s;
  }
  let out = '';
  let i = start;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) { out += String.fromCharCode(c); i++; continue; }
    const need = c >= 0xf0 && c < 0xf5 ? 3 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xc2 && c < 0xe0 ? 1 : -1;
    // Invalid lead byte or a sequence cut off by the end of the name.
    if (need < 0 || i + need >= end) { out += '\ufffd'; i++; continue; }
    let cp = c & (0x3f >> need);
    let ok = true;
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) { ok = false; break; }
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (!ok || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000) || (need === 2 && cp < 0x800) || (need === 3 && cp < 0x10000)) {
      out += '\ufffd'; i++; continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

interface RawSection {
  readonly nameOff: number;
  readonly type: number;
  readonly flags: bigint;
  readonly addr: bigint;
  readonly offset: bigint;
  readonly size: bigint;
  readonly link: number;
  readonly info: number;
  readonly entsize: bigint;
}

class Parser {
  private readonly dv: DataView;
  private readonly len: number;
  /** Total bytes of names decoded so far; caps work on names that overlap. */
  private nameBudget: number;

  constructor(private readonly bytes: Uint8Array, private readonly file: string) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.len = bytes.length;
    // Suffix-merged string tables legitimately decode to a bit more than their
    // size; a crafted file could point 10^5 symbols into one huge string.
    this.nameBudget = 8 * this.len + (1 << 20);
  }

  fail(message: string): never {
    throw new ElfError(this.file, message);
  }

  private u16(o: number): number { return this.dv.getUint16(o, true); }
  private u32(o: number): number { return this.dv.getUint32(o, true); }
  private u64(o: number): bigint { return this.dv.getBigUint64(o, true); }

  /** Is [off, off+size) inside the file? Done in bigint so huge values cannot wrap. */
  private inFile(off: bigint, size: bigint): boolean {
    return off + size <= BigInt(this.len);
  }

  parse(): ElfImage {
    const b = this.bytes;
    if (this.len === 0) this.fail('empty file; not an ELF file');
    if (this.len < 4 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) {
      const head = Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
      this.fail(`not an ELF file (starts with ${head}, expected 7f 45 4c 46 "\\x7fELF")`);
    }
    if (this.len < EI_NIDENT) this.fail(`truncated ELF header: file is ${this.len} bytes, an ELF64 header needs ${EHDR_SIZE}`);
    const cls = b[4];
    if (cls === ELFCLASS32) this.fail('32-bit ELF; nvdbg needs an ELF64 AArch64 executable');
    if (cls !== ELFCLASS64) this.fail(`invalid ELF class ${cls} (EI_CLASS); nvdbg needs an ELF64 AArch64 executable`);
    const data = b[5];
    if (data === ELFDATA2MSB) {
      this.fail('big-endian ELF (ELFDATA2MSB); nvdbg needs a little-endian AArch64 executable (aarch64, not aarch64_be)');
    }
    if (data !== ELFDATA2LSB) this.fail(`invalid ELF data encoding ${data} (EI_DATA); expected 1 (little-endian)`);
    if (b[6] !== EV_CURRENT) this.fail(`unsupported ELF version ${b[6]} (EI_VERSION); expected 1`);
    if (this.len < EHDR_SIZE) this.fail(`truncated ELF header: file is ${this.len} bytes, an ELF64 header needs ${EHDR_SIZE}`);

    const eType = this.u16(16);
    const eMachine = this.u16(18);
    const entry = this.u64(24);
    const phoff = this.u64(32);
    const shoff = this.u64(40);
    const ehsize = this.u16(52);
    const phentsize = this.u16(54);
    const ePhnum = this.u16(56);
    const shentsize = this.u16(58);
    const eShnum = this.u16(60);
    const eShstrndx = this.u16(62);

    if (eMachine !== EM_AARCH64) {
      const name = MACHINE_NAMES[eMachine];
      const what = name !== undefined ? `${name} (e_machine ${eMachine})` : `e_machine ${eMachine}`;
      this.fail(`wrong machine: ${what}; nvdbg needs an AArch64 executable (e_machine ${EM_AARCH64})`);
    }
    let kind: 'exec' | 'dyn';
    switch (eType) {
      case ET_EXEC: kind = 'exec'; break;
      case ET_DYN: kind = 'dyn'; break;
      case ET_REL:
        this.fail('relocatable object (ET_REL), not an executable; link it first, e.g. '
          + '`aarch64-linux-gnu-ld -Ttext=0x40080000 -o prog.elf prog.o`');
      case ET_CORE: this.fail('core dump (ET_CORE), not an executable');
      case ET_NONE: this.fail('ELF type ET_NONE (0); expected an executable (ET_EXEC)');
      default: this.fail(`unsupported ELF type ${eType} (e_type); expected an executable (ET_EXEC)`);
    }
    if (ehsize < EHDR_SIZE) this.fail(`e_ehsize is ${ehsize}, smaller than the ELF64 header (${EHDR_SIZE})`);

    const raw = this.readSectionHeaders(shoff, eShnum, shentsize);
    const sections = this.buildSections(raw, eShstrndx);
    const segments = this.readSegments(phoff, ePhnum, phentsize, raw);
    const symbols = this.readSymbols(raw, sections);

    const byName = new Map<string, ElfSection>();
    for (const s of sections) if (s.name !== '' && !byName.has(s.name)) byName.set(s.name, s);
    return {
      kind,
      entry,
      segments,
      symbols,
      sections,
      section: (name: string) => byName.get(name),
    };
  }

  private readSectionHeaders(shoff: bigint, eShnum: number, shentsize: number): RawSection[] {
    if (shoff === 0n) {
      // No section header table (stripped to program headers only) is fine.
      if (eShnum !== 0) this.fail(`e_shnum is ${eShnum} but e_shoff is 0`);
      return [];
    }
    if (shentsize !== SHDR_SIZE) this.fail(`section header entry size (e_shentsize) is ${shentsize}, expected ${SHDR_SIZE}`);
    if (!this.inFile(shoff, BigInt(SHDR_SIZE))) {
      this.fail(`section header table at offset ${hex(shoff)} is beyond the end of the file (${hex(this.len)} bytes)`);
    }
    let count = BigInt(eShnum);
    // e_shnum 0 with a table present: the real count is section 0's sh_size.
    if (eShnum === 0) count = this.u64(Number(shoff) + 32);
    if (!this.inFile(shoff, count * BigInt(SHDR_SIZE))) {
      this.fail(`section header table (offset ${hex(shoff)}, ${count} entries of ${SHDR_SIZE} bytes) `
        + `extends past the end of the file (${hex(this.len)} bytes)`);
    }
    const out: RawSection[] = [];
    const n = Number(count);
    for (let i = 0; i < n; i++) {
      const o = Number(shoff) + i * SHDR_SIZE;
      out.push({
        nameOff: this.u32(o),
        type: this.u32(o + 4),
        flags: this.u64(o + 8),
        addr: this.u64(o + 16),
        offset: this.u64(o + 24),
        size: this.u64(o + 32),
        link: this.u32(o + 40),
        info: this.u32(o + 44),
        entsize: this.u64(o + 56),
      });
    }
    return out;
  }

  /** Bytes of a string table, checked; `what` names it in errors. */
  private stringTable(raw: RawSection[], index: number, what: string): { data: Uint8Array; name: string } {
    if (index >= raw.length) this.fail(`${what} is section ${index}, but there are only ${raw.length} sections`);
    const s = raw[index];
    if (s.type !== SHT_STRTAB) this.fail(`${what} (section ${index}) has type ${s.type}, expected SHT_STRTAB (${SHT_STRTAB})`);
    if (!this.inFile(s.offset, s.size)) {
      this.fail(`${what} (section ${index}) file range ${range(s.offset, s.size)} is beyond the end of the file (${hex(this.len)} bytes)`);
    }
    const start = Number(s.offset);
    return { data: this.bytes.subarray(start, start + Number(s.size)), name: what };
  }

  private str(tab: { data: Uint8Array; name: string }, off: number, user: string): string {
    const d = tab.data;
    if (off >= d.length) {
      this.fail(`${user}: name offset ${hex(off)} is out of range of string table ${tab.name} (size ${hex(d.length)})`);
    }
    let end = off;
    while (end < d.length && d[end] !== 0) end++;
    if (end === d.length) this.fail(`${user}: name at offset ${hex(off)} runs off the end of string table ${tab.name} (no NUL terminator)`);
    this.nameBudget -= end - off;
    if (this.nameBudget < 0) this.fail(`string tables decode to far more text than the file holds (overlapping names); refusing`);
    return decodeUtf8(d, off, end);
  }

  private buildSections(raw: RawSection[], eShstrndx: number): ElfSection[] {
    if (raw.length === 0) return [];
    // SHN_XINDEX: the real index lives in section 0's sh_link.
    const shstrndx = eShstrndx === SHN_XINDEX ? raw[0].link : eShstrndx;
    const shstr = shstrndx === SHN_UNDEF ? undefined : this.stringTable(raw, shstrndx, 'section name table (e_shstrndx)');
    const out: ElfSection[] = [];
    for (let i = 0; i < raw.length; i++) {
      const s = raw[i];
      const name = shstr !== undefined && (i !== 0 || s.nameOff !== 0) ? this.str(shstr, s.nameOff, `section [${i}]`) : '';
      let data: Uint8Array = new Uint8Array(0);
      if (s.type !== SHT_NULL && s.type !== SHT_NOBITS) {
        if (!this.inFile(s.offset, s.size)) {
          this.fail(`section [${i}] ${name}: file range ${range(s.offset, s.size)} is beyond the end of the file (${hex(this.len)} bytes)`);
        }
        data = this.bytes.subarray(Number(s.offset), Number(s.offset + s.size));
      }
      // Offsets/sizes of NOBITS sections are not file-backed; clamp so they stay safe numbers.
      const size = s.size <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s.size) : Number.MAX_SAFE_INTEGER;
      const offset = s.offset <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s.offset) : Number.MAX_SAFE_INTEGER;
      out.push({ name, type: s.type, flags: s.flags, addr: s.addr, offset, size, data });
    }
    return out;
  }

  private readSegments(phoff: bigint, ePhnum: number, phentsize: number, raw: RawSection[]): ElfSegment[] {
    let phnum = ePhnum;
    if (phnum === PN_XNUM) {
      if (raw.length === 0) this.fail('e_phnum is PN_XNUM (0xffff) but there is no section 0 holding the real count');
      phnum = raw[0].info;
    }
    if (phnum === 0) this.fail('no PT_LOAD segment: the file has no program headers (is it a linked executable?)');
    if (phentsize !== PHDR_SIZE) this.fail(`program header entry size (e_phentsize) is ${phentsize}, expected ${PHDR_SIZE}`);
    if (phoff === 0n) this.fail(`e_phnum is ${phnum} but e_phoff is 0`);
    if (!this.inFile(phoff, BigInt(phnum) * BigInt(PHDR_SIZE))) {
      this.fail(`program header table (offset ${hex(phoff)}, ${phnum} entries of ${PHDR_SIZE} bytes) `
        + `extends past the end of the file (${hex(this.len)} bytes)`);
    }
    const segs: ElfSegment[] = [];
    for (let i = 0; i < phnum; i++) {
      const o = Number(phoff) + i * PHDR_SIZE;
      const type = this.u32(o);
      if (type === PT_INTERP) {
        this.fail(`segment ${i} is PT_INTERP: this is a dynamically linked program; nvdbg runs bare-metal images (link with -static -nostdlib)`);
      }
      if (type !== PT_LOAD) continue;
      const flags = this.u32(o + 4);
      const offset = this.u64(o + 8);
      const vaddr = this.u64(o + 16);
      const paddr = this.u64(o + 24);
      const filesz = this.u64(o + 32);
      const memsz = this.u64(o + 40);
      if (filesz > memsz) this.fail(`segment ${i}: p_filesz ${hex(filesz)} is larger than p_memsz ${hex(memsz)}`);
      if (!this.inFile(offset, filesz)) {
        this.fail(`segment ${i}: file range ${range(offset, filesz)} is beyond the end of the file (${hex(this.len)} bytes)`);
      }
      if (paddr >= PADDR_LIMIT || paddr + memsz > PADDR_LIMIT) {
        this.fail(`segment ${i}: physical range ${range(paddr, memsz)} is beyond the ${MAX_PADDR_BITS}-bit physical address space`);
      }
      if (vaddr + memsz > U64_LIMIT) this.fail(`segment ${i}: virtual range ${range(vaddr, memsz)} wraps past 2^64`);
      const start = Number(offset);
      segs.push({
        index: i,
        paddr: Number(paddr),
        vaddr,
        data: this.bytes.subarray(start, start + Number(filesz)),
        memsz: Number(memsz),
        flags,
      });
    }
    if (segs.length === 0) this.fail(`no PT_LOAD segment among ${phnum} program headers; nothing to load`);
    const loaded = segs.filter((s) => s.memsz > 0).sort((a, b) => a.paddr - b.paddr);
    if (loaded.length === 0) this.fail('every PT_LOAD segment is empty (p_memsz 0); nothing to load');
    for (let k = 1; k < loaded.length; k++) {
      const a = loaded[k - 1];
      const c = loaded[k];
      if (a.paddr + a.memsz > c.paddr) {
        this.fail(`PT_LOAD segments ${a.index} (paddr ${range(a.paddr, a.memsz)}) and ${c.index} `
          + `(paddr ${range(c.paddr, c.memsz)}) overlap`);
      }
    }
    return segs;
  }

  private readSymbols(raw: RawSection[], sections: ElfSection[]): ElfSymbol[] {
    // Prefer the full .symtab; fall back to .dynsym for stripped images.
    let idx = raw.findIndex((s) => s.type === SHT_SYMTAB);
    if (idx < 0) idx = raw.findIndex((s) => s.type === SHT_DYNSYM);
    if (idx < 0) return [];
    const s = raw[idx];
    const name = sections[idx].name || `section [${idx}]`;
    if (s.entsize !== BigInt(SYM_SIZE)) this.fail(`symbol table ${name} has entry size ${s.entsize}, expected ${SYM_SIZE}`);
    if (s.size % BigInt(SYM_SIZE) !== 0n) this.fail(`symbol table ${name} size ${hex(s.size)} is not a multiple of ${SYM_SIZE}`);
    // Section data was bounds-checked in buildSections, so count <= file size / 24.
    const data = sections[idx].data;
    const strtab = this.stringTable(raw, s.link, `string table of ${name} (sh_link ${s.link})`);
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const count = data.length / SYM_SIZE;
    const out: ElfSymbol[] = [];
    for (let i = 1; i < count; i++) { // entry 0 is the reserved null symbol
      const o = i * SYM_SIZE;
      const nameOff = dv.getUint32(o, true);
      const info = dv.getUint8(o + 4);
      const shndx = dv.getUint16(o + 6, true);
      const value = dv.getBigUint64(o + 8, true);
      const size = dv.getBigUint64(o + 16, true);
      const t = info & 0xf;
      const bd = info >> 4;
      let symName = nameOff === 0 ? '' : this.str(strtab, nameOff, `symbol ${i} in ${name}`);
      // Section symbols are usually unnamed; readelf shows the section's name.
      if (symName === '' && t === STT_SECTION && shndx < sections.length) symName = sections[shndx].name;
      if (size > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`symbol ${i} (${symName}) in ${name} has an implausible size ${hex(size)}`);
      const type: ElfSymbolType = t === STT_FUNC ? 'func' : t === STT_OBJECT ? 'object' : t === STT_NOTYPE ? 'notype'
        : t === STT_SECTION ? 'section' : t === STT_FILE ? 'file' : 'other';
      // GNU_UNIQUE and OS/processor-specific globals behave as global for lookup.
      const bind: ElfSymbolBind = bd === STB_WEAK ? 'weak' : bd === STB_GLOBAL || bd === STB_GNU_UNIQUE || bd > STB_WEAK ? 'global' : 'local';
      out.push({ name: symName, value, size: Number(size), type, bind, sectionIndex: shndx });
    }
    return out;
  }
}

/** Parse an ELF64 little-endian AArch64 executable. Throws only ElfError. */
export function parseElf(bytes: Uint8Array, file: string): ElfImage {
  try {
    return new Parser(bytes, file).parse();
  } catch (e) {
    if (e instanceof ElfError) throw e;
    // Safety net so callers only ever see ElfError; the fuzz test checks this never fires.
    throw new ElfError(file, `internal error while parsing (malformed ELF?): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Check each non-empty PT_LOAD segment lies wholly inside RAM. Adjacent or
 * overlapping RAM regions are merged first, so a segment may span two banks
 * that touch.
 */
export function checkSegmentsFit(image: ElfImage, ram: readonly RamRegion[], file: string): void {
  const regions = ram.filter((r) => r.size > 0).map((r) => ({ base: r.base, end: r.base + r.size })).sort((a, b) => a.base - b.base);
  const merged: { base: number; end: number }[] = [];
  for (const r of regions) {
    const last = merged[merged.length - 1];
    if (last !== undefined && r.base <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  const ramText = merged.length === 0 ? 'no RAM is configured' : `RAM is ${merged.map((r) => range(r.base, r.end - r.base)).join(', ')}`;
  for (const seg of image.segments) {
    if (seg.memsz === 0) continue;
    const end = seg.paddr + seg.memsz;
    if (merged.some((r) => r.base <= seg.paddr && end <= r.end)) continue;
    const partly = merged.some((r) => seg.paddr < r.end && r.base < end);
    throw new ElfError(file, `segment ${seg.index} (paddr ${range(seg.paddr, seg.memsz)}, ${hex(seg.memsz)} bytes) `
      + `${partly ? 'extends outside' : 'is outside'} RAM; ${ramText}`);
  }
}

interface Candidate { readonly name: string; readonly value: bigint; readonly rank: number }

/**
 * Address -> nearest preceding code/label symbol + offset. Only func/notype
 * symbols defined in a real section are used ($x/$d mapping symbols, section,
 * file, undefined and SHN_ABS constants are skipped). The address and the
 * symbol must both lie in the same PT_LOAD segment (by vaddr), so addresses
 * outside the image give undefined rather than 'lastsym+0x7fff...'.
 */
export function symbolize(image: ElfImage): (addr: bigint) => { name: string; offset: bigint } | undefined {
  const cands: Candidate[] = [];
  for (const s of image.symbols) {
    if (s.type !== 'func' && s.type !== 'notype') continue;
    if (s.name === '' || isMappingSymbol(s.name)) continue;
    if (s.sectionIndex === SHN_UNDEF || s.sectionIndex >= SHN_LORESERVE) continue;
    // At equal addresses prefer global over weak over local, then func over notype.
    const rank = (s.bind === 'global' ? 0 : s.bind === 'weak' ? 2 : 4) + (s.type === 'func' ? 0 : 1);
    cands.push({ name: s.name, value: s.value, rank });
  }
  cands.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.rank - b.rank));
  const syms: Candidate[] = [];
  for (const c of cands) if (syms.length === 0 || syms[syms.length - 1].value !== c.value) syms.push(c);
  const segs = image.segments.filter((s) => s.memsz > 0).map((s) => ({ lo: s.vaddr, hi: s.vaddr + BigInt(s.memsz) }));

  return (addr: bigint) => {
    const seg = segs.find((s) => s.lo <= addr && addr < s.hi);
    if (seg === undefined) return undefined;
    // Binary search: last symbol with value <= addr.
    let lo = 0;
    let hi = syms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (syms[mid].value <= addr) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return undefined;
    const sym = syms[lo - 1];
    if (sym.value < seg.lo) return undefined;
    return { name: sym.name, offset: addr - sym.value };
  };
}
