// Built-in assembler: directives, macros, conditionals, the C preprocessor
// subset, literal pools, the line map, the ELF writer and the benchmark helper.
import { strict as assert } from 'assert';
import { assemble, benchmarkSource, timeAssemble, AsmResult } from '../../src/engine/isa/asm';
import { writeElf } from '../../src/engine/loader/elf-writer';
import { parseElf } from '../../src/engine/loader/elf';

function asm(src: string, extra: Record<string, string> = {}, main = 'main.s'): AsmResult {
  const files: Record<string, string> = { [main]: src, ...extra };
  return assemble({ read: (p) => files[p] }, main);
}
function words(r: AsmResult, name = '.text'): number[] {
  const s = r.image.find((x) => x.name === name)!;
  const out: number[] = [];
  for (let i = 0; i + 4 <= s.bytes.length; i += 4) out.push((s.bytes[i] | (s.bytes[i + 1] << 8) | (s.bytes[i + 2] << 16) | (s.bytes[i + 3] << 24)) >>> 0);
  return out;
}
const ok = (r: AsmResult): void => assert.deepEqual(r.diagnostics, []);

describe('assembler (issue 4)', () => {
  it('encodes common instructions', () => {
    const r = asm('  mov x0, #1\n  add x1, x0, x2, lsl #3\n  ret\n  msr sctlr_el2, x9\n  tlbi alle2\n  at s1e1r, x0\n');
    ok(r);
    assert.deepEqual(words(r), [0xd2800020, 0x8b020c01, 0xd65f03c0, 0xd51c1009, 0xd50c871f, 0xd5087800]);
  });

  it('expands macros with named and default arguments, \\@, .exitm, .irp, .irpc and .rept', () => {
    const r = asm([
      '  .macro M a, b=2', '  .byte \\a, \\b, \\@', '  .endm',
      '  .macro E', '  .byte 9', '  .exitm', '  .byte 8', '  .endm',
      '  .data', '  M 1', '  M b=5, a=4', '  E',
      '  .irp n, 6, 7', '  .byte \\n', '  .endr',
      '  .irpc c, 12', '  .byte \\c', '  .endr',
      '  .rept 2', '  .byte 0xaa', '  .endr',
    ].join('\n'));
    ok(r);
    assert.deepEqual(Array.from(r.image.find((s) => s.name === '.data')!.bytes), [1, 2, 0, 4, 5, 1, 9, 6, 7, 1, 2, 0xaa, 0xaa]);
  });

  it('evaluates .if family, .set/=, .equ, .org, .fill and expressions with GNU as precedence', () => {
    const r = asm([
      '  .equ A, 3', '  B = A * 2', '  .set C, 1 + 2 & 3', '  .data',
      '  .if B == 6', '  .byte 1', '  .elseif 1', '  .byte 2', '  .else', '  .byte 3', '  .endif',
      '  .ifdef A', '  .byte C', '  .endif', '  .ifndef Z', '  .byte 4', '  .endif',
      '  .ifc abc, abc', '  .byte 5', '  .endif', '  .ifeq A - 3', '  .byte 6', '  .endif',
      '  .fill 2, 2, 0x1234', '  .org 12', '  .byte -1',
    ].join('\n'));
    ok(r);
    assert.deepEqual(Array.from(r.image.find((s) => s.name === '.data')!.bytes), [1, 3, 4, 5, 6, 0x34, 0x12, 0x34, 0x12, 0, 0, 0, 0xff]);
  });

  it('runs the C preprocessor subset on .S files', () => {
    const r = asm([
      '#include "defs.h"', '#define ADD(d, a, b) add d, a, b', '#if defined(FOO) && FOO > 1', '  ADD(x0, x1, x2)',
      '#elif 1', '  nop', '#endif', '#ifndef BAR', '  mov x3, #VAL', '#else', '  nop', '#endif',
    ].join('\n'), { 'defs.h': '#define FOO 2\n#define VAL (1 << 4)\n' }, 'main.S');
    ok(r);
    assert.deepEqual(words(r), [0x8b020020, 0xd2800203]);
    assert.deepEqual(r.lineMap.map((l) => `${l.file}:${l.line}`), ['main.S:4', 'main.S:9']);
  });

  it('places literal pools at .ltorg and at the end, shared per value, and resolves :lo12:', () => {
    const r = asm('  ldr x0, =0x123456789\n  ldr w1, =5\n  ldr x2, =0x123456789\n  .ltorg\n  adrp x3, sym\n  add x3, x3, :lo12:sym\n  ldr x4, [x3, #:lo12:sym]\n  .data\n  .balign 8\nsym: .quad 7\n');
    ok(r);
    const w = words(r);
    assert.equal(w[0], 0x58000080); // ldr x0, pool+0x10
    assert.equal(w[1], 0x18000041); // ldr w1, 4-byte pool at 0xc
    assert.equal(w[3], 5);
    assert.deepEqual(w.slice(4, 6), [0x23456789, 1]);
  });

  it('maps macro and .irp expansions to the invoking line', () => {
    const r = asm('  .macro TWO\n  nop\n  nop\n  .endm\n  TWO\n  .irp r, x0, x1\n  mov \\r, #0\n  .endr\n');
    ok(r);
    assert.deepEqual(r.lineMap.map((l) => l.line), [5, 5, 6, 6]);
  });

  it('writes an ELF64 that the loader accepts', () => {
    const r = asm('  .section .text.boot, "ax"\n  .global _start\n_start: b _start\n  .data\nv: .quad _start\n  .bss\n  .space 64\n');
    ok(r);
    const img = parseElf(writeElf(r.image, r.symbols, r.entry), 'x.elf');
    assert.equal(img.entry, 0x40080000n);
    assert.equal(img.segments.length, 3);
    assert.ok(img.symbols.some((s) => s.name === '_start' && s.value === 0x40080000n && s.bind === 'global'));
  });

  it('benchmark helper: assembles a 10,000-line file', () => {
    const src = benchmarkSource(10000);
    assert.ok(src.split('\n').length >= 10000);
    const { result } = timeAssemble(src, () => Date.now());
    assert.deepEqual(result.diagnostics, []);
    assert.ok(result.lineMap.length > 9000);
  });
});
