// Unit tests for the ELF64 loader: real oracle ELFs, one synthetic malformed
// file per error path, a seeded mutation fuzz, and symbolization.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  checkSegmentsFit, ElfError, parseElf, symbolize, type ElfImage,
} from '../../src/engine/loader/elf';

// ---------------------------------------------------------------- repo paths

/** Repo root: the compiled test lives in out/test/unit and a bundled one anywhere, so search upwards. */
function findRepoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      const pkg = path.join(dir, 'package.json');
      if (fs.existsSync(pkg)) {
        try {
          const parsed: unknown = JSON.parse(fs.readFileSync(pkg, 'utf8'));
          if (typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'nvdbg') return dir;
        } catch { /* not our package.json; keep walking */ }
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error(`cannot find the nvdbg repo root above ${__dirname} or ${process.cwd()}`);
}

const SHARED = path.resolve(findRepoRoot(), '..', 'shared');
const PROG_ELF = path.join(SHARED, 'oracle', 'public', '10000', 'prog.elf');

// ---------------------------------------------------------------- ELF builder

const EM_AARCH64 = 183;
const ET_EXEC = 2;
const PT_LOAD = 1;
const SHT_PROGBITS = 1;
const SHT_SYMTAB = 2;
const SHT_STRTAB = 3;
const STT_NOTYPE = 0;
const STT_FUNC = 2;
const STT_SECTION = 3;
const STB_LOCAL = 0;
const STB_GLOBAL = 1;
const SHN_ABS = 0xfff1;

interface SegSpec {
  readonly paddr: number;
  readonly vaddr?: number;
  readonly size: number;     // file bytes
  readonly memsz?: number;   // defaults to size
  readonly flags?: number;
  readonly type?: number;    // p_type, default PT_LOAD
}
interface SymSpec {
  readonly name: string;
  readonly value: number;
  readonly size?: number;
  readonly type?: number;
  readonly bind?: number;
  readonly shndx?: number;   // default 1: the first segment's section
}
interface BuildSpec {
  readonly entry?: number;
  readonly segments?: readonly SegSpec[];
  readonly symbols?: readonly SymSpec[];
}
/** The built file plus where things are, so tests can corrupt precise fields. */
interface Built {
  readonly bytes: Uint8Array;
  readonly phoff: number;
  readonly shoff: number;
  readonly symtabIndex: number;
  readonly symtabOff: number;
  readonly strtabSize: number;
}

const DEFAULT_SEGS: readonly SegSpec[] = [
  { paddr: 0x40080000, size: 0x40, flags: 5 },
  { paddr: 0x40090000, size: 0x10, memsz: 0x100, flags: 6 },
];
const DEFAULT_SYMS: readonly SymSpec[] = [
  { name: '$x', value: 0x40080000, type: STT_NOTYPE, bind: STB_LOCAL },
  { name: '_start', value: 0x40080000 },
  { name: 'loop', value: 0x40080010, type: STT_NOTYPE, bind: STB_LOCAL },
  { name: '$d', value: 0x40080020, type: STT_NOTYPE, bind: STB_LOCAL },
  { name: 'helper', value: 0x40080030, size: 0x10 },
  { name: 'CONST', value: 0x40080038, type: STT_NOTYPE, bind: STB_LOCAL, shndx: SHN_ABS },
  { name: 'buffer', value: 0x40090000, type: 1, shndx: 2 },
  { name: '', value: 0x40080000, type: STT_SECTION, bind: STB_LOCAL },
];

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

class Strtab {
  readonly bytes: number[] = [0];
  add(s: string): number {
    if (s === '') return 0;
    const off = this.bytes.length;
    for (const c of Buffer.from(s, 'utf8')) this.bytes.push(c);
    this.bytes.push(0);
    return off;
  }
}

/** Layout: ehdr | phdrs | segment bytes | .strtab | .symtab | .shstrtab | shdrs. */
function buildElf(spec: BuildSpec = {}): Built {
  const segs = spec.segments ?? DEFAULT_SEGS;
  const syms = spec.symbols ?? DEFAULT_SYMS;
  const phoff = 64;
  let off = align(phoff + segs.length * 56, 16);
  const segOffs: number[] = [];
  for (const s of segs) { segOffs.push(off); off = align(off + s.size, 16); }

  const strtab = new Strtab();
  const symNames = syms.map((s) => strtab.add(s.name));
  const strtabOff = off;
  off = align(off + strtab.bytes.length, 8);
  const symtabOff = off;
  const symtabSize = (syms.length + 1) * 24;
  off += symtabSize;

  const shstr = new Strtab();
  const segSecNames = segs.map((_, i) => shstr.add(i === 0 ? '.text' : `.data${i}`));
  const nSymtab = shstr.add('.symtab');
  const nStrtab = shstr.add('.strtab');
  const nShstrtab = shstr.add('.shstrtab');
  const shstrOff = off;
  off = align(off + shstr.bytes.length, 8);
  const shoff = off;
  const symtabIndex = 1 + segs.length;
  const shnum = segs.length + 4;
  const total = shoff + shnum * 64;

  const b = new Uint8Array(total);
  const dv = new DataView(b.buffer);
  const u16 = (o: number, v: number): void => dv.setUint16(o, v, true);
  const u32 = (o: number, v: number): void => dv.setUint32(o, v, true);
  const u64 = (o: number, v: number | bigint): void => dv.setBigUint64(o, BigInt(v), true);

  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  u16(16, ET_EXEC);
  u16(18, EM_AARCH64);
  u32(20, 1);
  u64(24, spec.entry ?? segs[0]?.paddr ?? 0);
  u64(32, phoff);
  u64(40, shoff);
  u16(52, 64);
  u16(54, 56);
  u16(56, segs.length);
  u16(58, 64);
  u16(60, shnum);
  u16(62, shnum - 1);

  segs.forEach((s, i) => {
    const o = phoff + i * 56;
    u32(o, s.type ?? PT_LOAD);
    u32(o + 4, s.flags ?? 7);
    u64(o + 8, segOffs[i]);
    u64(o + 16, s.vaddr ?? s.paddr);
    u64(o + 24, s.paddr);
    u64(o + 32, s.size);
    u64(o + 40, s.memsz ?? s.size);
    u64(o + 48, 16);
    for (let k = 0; k < s.size; k++) b[segOffs[i] + k] = (i * 0x40 + k) & 0xff; // recognizable content
  });

  b.set(strtab.bytes, strtabOff);
  syms.forEach((s, i) => {
    const o = symtabOff + (i + 1) * 24;
    u32(o, symNames[i]);
    b[o + 4] = ((s.bind ?? STB_GLOBAL) << 4) | (s.type ?? STT_FUNC);
    u16(o + 6, s.shndx ?? 1);
    u64(o + 8, s.value);
    u64(o + 16, s.size ?? 0);
  });
  b.set(shstr.bytes, shstrOff);

  const sh = (i: number, name: number, type: number, flags: number, addr: number, offset: number, size: number,
    link: number, info: number, entsize: number): void => {
    const o = shoff + i * 64;
    u32(o, name); u32(o + 4, type); u64(o + 8, flags); u64(o + 16, addr); u64(o + 24, offset);
    u64(o + 32, size); u32(o + 40, link); u32(o + 44, info); u64(o + 48, 8); u64(o + 56, entsize);
  };
  segs.forEach((s, i) => sh(1 + i, segSecNames[i], SHT_PROGBITS, 0x6, s.vaddr ?? s.paddr, segOffs[i], s.size, 0, 0, 0));
  sh(symtabIndex, nSymtab, SHT_SYMTAB, 0, 0, symtabOff, symtabSize, symtabIndex + 1, 1, 24);
  sh(symtabIndex + 1, nStrtab, SHT_STRTAB, 0, 0, strtabOff, strtab.bytes.length, 0, 0, 0);
  sh(symtabIndex + 2, nShstrtab, SHT_STRTAB, 0, 0, shstrOff, shstr.bytes.length, 0, 0, 0);
  return { bytes: b, phoff, shoff, symtabIndex, symtabOff, strtabSize: strtab.bytes.length };
}

function put(b: Uint8Array, off: number, width: 1 | 2 | 4 | 8, v: number | bigint): Uint8Array {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (width === 1) dv.setUint8(off, Number(v));
  else if (width === 2) dv.setUint16(off, Number(v), true);
  else if (width === 4) dv.setUint32(off, Number(v), true);
  else dv.setBigUint64(off, BigInt(v), true);
  return b;
}

/** Build, mutate a copy, expect an ElfError whose message matches every pattern. */
function expectElfError(bytes: Uint8Array, ...patterns: RegExp[]): ElfError {
  let caught: unknown;
  try {
    parseElf(bytes, 'bad.elf');
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ElfError, `expected ElfError, got ${String(caught)}`);
  assert.ok(caught.message.startsWith('bad.elf: '), caught.message);
  for (const p of patterns) assert.match(caught.message, p);
  return caught;
}

function mutated(f: (b: Built) => void, spec?: BuildSpec): Uint8Array {
  const built = buildElf(spec);
  f(built);
  return built.bytes;
}

// Offsets in the ELF64 header / program header / section header.
const E_TYPE = 16; const E_MACHINE = 18; const E_PHOFF = 32; const E_SHOFF = 40;
const E_PHNUM = 56; const E_SHNUM = 60; const E_SHSTRNDX = 62;
const P_TYPE = 0; const P_OFFSET = 8; const P_PADDR = 24; const P_FILESZ = 32; const P_MEMSZ = 40;
const SH_NAME = 0; const SH_OFFSET = 24; const SH_SIZE = 32; const SH_ENTSIZE = 56;

// ---------------------------------------------------------------- tests

describe('ELF loader', () => {
  describe('real oracle ELF', () => {
    let img: ElfImage;
    before(() => {
      assert.ok(fs.existsSync(PROG_ELF), `missing ${PROG_ELF}`);
      img = parseElf(new Uint8Array(fs.readFileSync(PROG_ELF)), PROG_ELF);
    });

    it('reads entry, PT_LOAD and sections', () => {
      assert.equal(img.kind, 'exec');
      assert.equal(img.entry, 0x40080000n);
      const seg = img.segments.find((s) => s.paddr === 0x40080000);
      assert.ok(seg, 'PT_LOAD at 0x40080000');
      assert.equal(seg.vaddr, 0x40080000n);
      assert.ok(seg.data.length > 0 && seg.data.length <= seg.memsz);
      const text = img.section('.text');
      assert.ok(text);
      assert.equal(text.addr, 0x40080000n);
      assert.equal(text.data.length, text.size);
      assert.equal(img.section('.nonexistent'), undefined);
      // The first instruction is `b main`: opcode bits[31:26] = 0b000101.
      const insn = new DataView(seg.data.buffer, seg.data.byteOffset).getUint32(0, true);
      assert.equal(insn >>> 26, 0b000101);
    });

    it('reads the symbol table', () => {
      const start = img.symbols.find((s) => s.name === '_start');
      assert.ok(start);
      assert.equal(start.value, 0x40080000n);
      assert.equal(start.bind, 'global');
      assert.ok(img.symbols.some((s) => s.name === '.text' && s.type === 'section'));
      assert.ok(img.symbols.some((s) => s.type === 'file'));
    });

    it('symbolizes and fits QEMU virt RAM', () => {
      const sym = symbolize(img);
      assert.deepEqual(sym(0x40080000n), { name: '_start', offset: 0n });
      const main = img.symbols.find((s) => s.name === 'main');
      assert.ok(main);
      assert.deepEqual(sym(main.value + 8n), { name: 'main', offset: 8n });
      assert.equal(sym(0x1000n), undefined);
      checkSegmentsFit(img, [{ base: 0x40000000, size: 0x40000000 }], PROG_ELF);
      assert.throws(() => checkSegmentsFit(img, [{ base: 0, size: 0x1000 }], PROG_ELF), ElfError);
    });
  });

  describe('synthetic ELF', () => {
    it('parses what the builder makes', () => {
      const img = parseElf(buildElf().bytes, 'ok.elf');
      assert.equal(img.entry, 0x40080000n);
      assert.equal(img.segments.length, 2);
      const [s0, s1] = img.segments;
      assert.deepEqual([s0.index, s0.paddr, s0.vaddr, s0.data.length, s0.memsz, s0.flags], [0, 0x40080000, 0x40080000n, 0x40, 0x40, 5]);
      assert.deepEqual([s1.index, s1.paddr, s1.data.length, s1.memsz, s1.flags], [1, 0x40090000, 0x10, 0x100, 6]);
      assert.equal(s1.data[0], 0x40);
      assert.deepEqual(img.sections.map((s) => s.name), ['', '.text', '.data1', '.symtab', '.strtab', '.shstrtab']);
      const helper = img.symbols.find((s) => s.name === 'helper');
      assert.deepEqual(helper, { name: 'helper', value: 0x40080030n, size: 0x10, type: 'func', bind: 'global', sectionIndex: 1 });
      const secSym = img.symbols.find((s) => s.type === 'section');
      assert.equal(secSym?.name, '.text');
    });

    it('accepts a file without section headers (no symbols)', () => {
      const b = mutated((x) => { put(x.bytes, E_SHOFF, 8, 0); put(x.bytes, E_SHNUM, 2, 0); put(x.bytes, E_SHSTRNDX, 2, 0); });
      const img = parseElf(b, 'stripped.elf');
      assert.equal(img.sections.length, 0);
      assert.equal(img.symbols.length, 0);
      assert.equal(img.segments.length, 2);
    });

    it('accepts ET_DYN, loaded at its link addresses', () => {
      const img = parseElf(mutated((x) => put(x.bytes, E_TYPE, 2, 3)), 'pie.elf');
      assert.equal(img.kind, 'dyn');
      assert.equal(img.segments[0].paddr, 0x40080000);
    });

    it('ElfError carries the file name', () => {
      const e = expectElfError(new Uint8Array(0));
      assert.ok(e instanceof Error);
      assert.equal(e.name, 'ElfError');
      assert.equal(e.file, 'bad.elf');
      assert.equal(e.message, `bad.elf: ${e.detail}`);
    });
  });

  describe('malformed input', () => {
    it('empty file', () => expectElfError(new Uint8Array(0), /empty file/, /not an ELF file/));

    it('bad magic', () => {
      expectElfError(new TextEncoder().encode('#!/bin/sh\necho hi\n'), /not an ELF file/);
      expectElfError(new Uint8Array([0x7f, 0x45]), /not an ELF file/);
    });

    it('ELFCLASS32', () => {
      const b = mutated((x) => put(x.bytes, 4, 1, 1));
      expectElfError(b, /32-bit ELF; nvdbg needs an ELF64 AArch64 executable/);
      expectElfError(mutated((x) => put(x.bytes, 4, 1, 7)), /invalid ELF class 7/);
    });

    it('big-endian', () => {
      expectElfError(mutated((x) => put(x.bytes, 5, 1, 2)), /big-endian/, /ELFDATA2MSB/);
    });

    it('wrong machine, with names for common ones', () => {
      const cases: [number, RegExp][] = [[62, /x86-64 \(e_machine 62\)/], [40, /ARM \(32-bit\) \(e_machine 40\)/],
        [243, /RISC-V \(e_machine 243\)/], [4242, /e_machine 4242/]];
      for (const [m, re] of cases) expectElfError(mutated((x) => put(x.bytes, E_MACHINE, 2, m)), /wrong machine/, re, /AArch64/);
    });

    it('ET_REL is rejected with a hint to link it', () => {
      expectElfError(mutated((x) => put(x.bytes, E_TYPE, 2, 1)), /ET_REL/, /link it/);
    });

    it('other e_types', () => {
      expectElfError(mutated((x) => put(x.bytes, E_TYPE, 2, 4)), /core dump/);
      expectElfError(mutated((x) => put(x.bytes, E_TYPE, 2, 0)), /ET_NONE/);
      expectElfError(mutated((x) => put(x.bytes, E_TYPE, 2, 0xfe00)), /unsupported ELF type 65024/);
    });

    it('truncated header', () => {
      const b = buildElf().bytes;
      expectElfError(b.slice(0, 40), /truncated ELF header/, /40 bytes/);
      expectElfError(b.slice(0, 10), /truncated ELF header/);
    });

    it('program header table out of bounds', () => {
      expectElfError(mutated((x) => put(x.bytes, E_PHOFF, 8, x.bytes.length - 20)), /program header table/, /past the end of the file/);
      expectElfError(mutated((x) => put(x.bytes, E_PHOFF, 8, 0xffffffffffffff00n)), /program header table/);
      expectElfError(mutated((x) => put(x.bytes, E_PHNUM, 2, 5000)), /program header table.*5000 entries/);
    });

    it('section header table out of bounds', () => {
      expectElfError(mutated((x) => put(x.bytes, E_SHOFF, 8, x.bytes.length + 64)), /section header table/, /beyond the end/);
      expectElfError(mutated((x) => put(x.bytes, E_SHNUM, 2, 300)), /section header table.*300 entries/);
    });

    it('section file range out of bounds', () => {
      expectElfError(mutated((x) => put(x.bytes, x.shoff + 64 + SH_SIZE, 8, 0x100000)), /section \[1\] \.text: file range/);
    });

    it('segment file range out of bounds', () => {
      expectElfError(mutated((x) => put(x.bytes, x.phoff + P_OFFSET, 8, 0xfffffffffffffff0n)), /segment 0: file range/, /beyond the end/);
      expectElfError(mutated((x) => {
        put(x.bytes, x.phoff + 56 + P_FILESZ, 8, 0x10000); put(x.bytes, x.phoff + 56 + P_MEMSZ, 8, 0x10000);
      }), /segment 1: file range/);
    });

    it('filesz > memsz', () => {
      expectElfError(mutated((x) => put(x.bytes, x.phoff + P_MEMSZ, 8, 0x20)), /segment 0: p_filesz 0x40 is larger than p_memsz 0x20/);
    });

    it('no PT_LOAD segment', () => {
      const notes = buildElf({ segments: [{ paddr: 0x40080000, size: 0x10, type: 4 }], symbols: [] }).bytes;
      expectElfError(notes, /no PT_LOAD segment/);
      expectElfError(mutated((x) => put(x.bytes, E_PHNUM, 2, 0)), /no PT_LOAD segment/);
      expectElfError(mutated((x) => { put(x.bytes, x.phoff + P_TYPE, 4, 6); put(x.bytes, x.phoff + 56 + P_TYPE, 4, 0x6474e551); }),
        /no PT_LOAD segment among 2 program headers/);
      expectElfError(buildElf({ segments: [{ paddr: 0x40080000, size: 0 }], symbols: [] }).bytes, /every PT_LOAD segment is empty/);
    });

    it('PT_INTERP (dynamically linked)', () => {
      expectElfError(buildElf({ segments: [{ paddr: 0x40080000, size: 0x10, type: 3 }] }).bytes, /PT_INTERP/, /-static/);
    });

    it('string table offsets out of range', () => {
      // First real symbol's st_name past .strtab.
      expectElfError(mutated((x) => put(x.bytes, x.symtabOff + 24, 4, x.strtabSize + 5)), /symbol 1 in \.symtab/, /out of range of string table/);
      // A section's sh_name past .shstrtab.
      expectElfError(mutated((x) => put(x.bytes, x.shoff + 64 + SH_NAME, 4, 0x7fffffff)), /section \[1\]/, /out of range of string table/);
      // String table not NUL-terminated: shrink .strtab by one byte.
      expectElfError(mutated((x) => put(x.bytes, x.shoff + (x.symtabIndex + 1) * 64 + SH_SIZE, 8, x.strtabSize - 1)), /no NUL terminator/);
      // e_shstrndx past the table / pointing at a non-string table.
      expectElfError(mutated((x) => put(x.bytes, E_SHSTRNDX, 2, 200)), /section name table.*200/);
      expectElfError(mutated((x) => put(x.bytes, E_SHSTRNDX, 2, 1)), /expected SHT_STRTAB/);
    });

    it('symbol table entry size wrong', () => {
      expectElfError(mutated((x) => put(x.bytes, x.shoff + x.symtabIndex * 64 + SH_ENTSIZE, 8, 16)), /symbol table \.symtab has entry size 16, expected 24/);
      expectElfError(mutated((x) => put(x.bytes, x.shoff + x.symtabIndex * 64 + SH_SIZE, 8, 24 * 3 + 5)), /not a multiple of 24/);
    });

    it('overlapping PT_LOAD segments (paddr, memsz)', () => {
      const b = buildElf({
        segments: [{ paddr: 0x40080000, size: 0x10, memsz: 0x2000 }, { paddr: 0x40081000, vaddr: 0x50000000, size: 0x10 }],
      }).bytes;
      expectElfError(b, /PT_LOAD segments 0 \(paddr 0x40080000\.\.0x40081fff\) and 1 \(paddr 0x40081000\.\.0x4008100f\) overlap/);
      // Touching is fine.
      parseElf(buildElf({ segments: [{ paddr: 0x1000, size: 0x10, memsz: 0x1000 }, { paddr: 0x2000, size: 0x10 }], symbols: [] }).bytes, 'ok');
    });

    it('paddr must be below 2^52', () => {
      expectElfError(mutated((x) => put(x.bytes, x.phoff + P_PADDR, 8, 1n << 52n)), /segment 0: physical range/, /52-bit/);
      expectElfError(mutated((x) => put(x.bytes, x.phoff + P_PADDR, 8, (1n << 52n) - 0x20n)), /52-bit/);
    });

    it('segments outside RAM (checkSegmentsFit)', () => {
      const img = parseElf(buildElf().bytes, 'ok.elf');
      checkSegmentsFit(img, [{ base: 0x40000000, size: 0x08000000 }], 'ok.elf');
      // Two touching banks behave as one.
      checkSegmentsFit(img, [{ base: 0x40000000, size: 0x90000 }, { base: 0x40090000, size: 0x1000 }], 'ok.elf');
      let e: unknown;
      try {
        checkSegmentsFit(img, [{ base: 0x40000000, size: 0x90080 }, { base: 0x80000000, size: 0x1000 }], 'ok.elf');
      } catch (x) { e = x; }
      assert.ok(e instanceof ElfError);
      assert.match(e.message, /^ok\.elf: segment 1 \(paddr 0x40090000\.\.0x400900ff/);
      assert.match(e.message, /extends outside RAM/);
      assert.match(e.message, /RAM is 0x40000000\.\.0x4009007f, 0x80000000\.\.0x80000fff/);
      assert.throws(() => checkSegmentsFit(img, [], 'ok.elf'), /segment 0 .*is outside RAM; no RAM is configured/);
    });
  });

  describe('robustness', () => {
    /** mulberry32: tiny deterministic PRNG so failures reproduce. */
    function prng(seed: number): () => number {
      let a = seed >>> 0;
      return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    /** Mutate `base` `iterations` times; most edits land in [hotLo, hotHi), where the headers and tables are. */
    function fuzz(base: Uint8Array, iterations: number, seed: number, hotLo: number, hotHi: number): { ok: number; errors: number } {
      const rnd = prng(seed);
      const int = (n: number): number => Math.floor(rnd() * n);
      const extremes = [0n, 1n, 0x7fn, 0xffn, 0xffffn, 0x7fffffffn, 0xffffffffn, 1n << 52n, (1n << 63n), (1n << 64n) - 1n];
      let ok = 0;
      let errors = 0;
      for (let it = 0; it < iterations; it++) {
        let b = base.slice();
        const kind = int(4);
        if (kind === 0) {
          b = b.slice(0, int(b.length));
        } else {
          const n = 1 + int(4);
          for (let k = 0; k < n; k++) {
            const off = rnd() < 0.7 ? hotLo + int(hotHi - hotLo) : int(b.length);
            if (kind === 1) b[off] = int(256);
            else if (kind === 2) b[off] ^= 1 << int(8);
            else {
              const at = Math.min(off & ~7, b.length - 8);
              put(b, at, 8, extremes[int(extremes.length)]);
            }
          }
          if (rnd() < 0.1) b = b.slice(0, int(b.length));
        }
        const t0 = Date.now();
        try {
          const img = parseElf(b, 'fuzz.elf');
          ok++;
          // Consumers of a successfully parsed image must not blow up either.
          const sym = symbolize(img);
          for (const s of img.segments) sym(s.vaddr);
          try { checkSegmentsFit(img, [{ base: 0x40000000, size: 0x40000000 }], 'fuzz.elf'); } catch (e) {
            if (!(e instanceof ElfError)) throw e;
          }
        } catch (e) {
          if (!(e instanceof ElfError)) assert.fail(`iteration ${it} (seed ${seed}): non-ElfError ${String(e)}`);
          assert.doesNotMatch(e.message, /internal error/, `iteration ${it} (seed ${seed})`);
          errors++;
        }
        assert.ok(Date.now() - t0 < 1000, `iteration ${it} (seed ${seed}) took too long`);
      }
      return { ok, errors };
    }

    it('2000 random truncations / byte flips of a synthetic ELF give ElfError or a parse', function () {
      this.timeout(30000);
      const built = buildElf();
      const r = fuzz(built.bytes, 2000, 0x5eed, 0, built.bytes.length);
      // Sanity: the mutations exercise both outcomes.
      assert.ok(r.ok > 50 && r.errors > 500, JSON.stringify(r));
    });

    it('500 mutations of the real oracle ELF', function () {
      this.timeout(30000);
      const bytes = new Uint8Array(fs.readFileSync(PROG_ELF));
      const img = parseElf(bytes, PROG_ELF);
      // Headers at the front; .symtab/.strtab/.shstrtab and the section headers at the back.
      const symtab = img.section('.symtab');
      assert.ok(symtab);
      const head = fuzz(bytes, 250, 0xe1f, 0, 0x100);
      const tail = fuzz(bytes, 250, 0xe20, symtab.offset, bytes.length);
      assert.equal(head.ok + head.errors + tail.ok + tail.errors, 500);
    });

    it('huge counts do not allocate or spin', () => {
      // e_shnum 0 => real count from sh[0].sh_size: make it enormous.
      const b = mutated((x) => { put(x.bytes, E_SHNUM, 2, 0); put(x.bytes, x.shoff + SH_SIZE, 8, (1n << 64n) - 1n); });
      expectElfError(b, /section header table/);
      // Thousands of symbols all naming one long string: decoding must stay bounded.
      const syms: SymSpec[] = [{ name: 'L'.repeat(20000), value: 0x40080000 }];
      for (let i = 0; i < 3000; i++) syms.push({ name: 'x', value: 0x40080000 });
      const built = buildElf({ segments: [{ paddr: 0x40080000, size: 16 }], symbols: syms });
      for (let i = 2; i <= syms.length; i++) put(built.bytes, built.symtabOff + i * 24, 4, 1);
      expectElfError(built.bytes, /overlapping names/);
      // sh[0] is SHT_NULL: a junk offset there is ignored.
      parseElf(mutated((x) => put(x.bytes, x.shoff + SH_OFFSET, 8, 0xffffffffn)), 'ok');
    });
  });

  describe('symbolize', () => {
    const img = parseElf(buildElf().bytes, 'sym.elf');
    const sym = symbolize(img);

    it('decodes UTF-8 names', () => {
      const img2 = parseElf(buildElf({ symbols: [{ name: 'größe_λ', value: 0x40080000 }] }).bytes, 'utf8.elf');
      assert.equal(img2.symbols[0].name, 'größe_λ');
    });

    it('finds the nearest preceding symbol with an offset', () => {
      assert.deepEqual(sym(0x40080000n), { name: '_start', offset: 0n }); // global wins over $x at the same address
      assert.deepEqual(sym(0x4008000cn), { name: '_start', offset: 0xcn });
      assert.deepEqual(sym(0x40080010n), { name: 'loop', offset: 0n });
      assert.deepEqual(sym(0x40080034n), { name: 'helper', offset: 4n });
    });

    it('ignores $x/$d mapping symbols, ABS constants, objects and section symbols', () => {
      // $d at 0x40080020 must not shadow 'loop'.
      assert.deepEqual(sym(0x40080024n), { name: 'loop', offset: 0x14n });
      // CONST (SHN_ABS) at 0x40080038 must not shadow 'helper'.
      assert.deepEqual(sym(0x4008003cn), { name: 'helper', offset: 0xcn });
      // 'buffer' is an object, so .data1 has no func/notype symbol.
      assert.equal(sym(0x40090004n), undefined);
    });

    it('returns undefined outside the loaded image', () => {
      assert.equal(sym(0x4007fffcn), undefined);
      assert.equal(sym(0x40080040n), undefined); // one past the end of segment 0
      assert.equal(sym(0xffffffffffffffffn), undefined);
    });

    it('handles many symbols (binary search)', () => {
      const syms: SymSpec[] = [];
      for (let i = 0; i < 1000; i++) syms.push({ name: `f${i}`, value: 0x40080000 + i * 16 });
      const s = symbolize(parseElf(buildElf({ segments: [{ paddr: 0x40080000, size: 16000 }], symbols: syms }).bytes, 'many'));
      for (let i = 0; i < 1000; i += 37) assert.deepEqual(s(BigInt(0x40080000 + i * 16 + 7)), { name: `f${i}`, offset: 7n });
    });
  });
});
