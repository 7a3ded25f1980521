// Diagnostics of the built-in assembler: one fixture per error kind, each with
// the exact file:line:column and message; several errors in one run.
import { strict as assert } from 'assert';
import { assemble, formatDiagnostic } from '../../src/engine/isa/asm';

function diags(src: string, extra: Record<string, string> = {}): string[] {
  const files: Record<string, string> = { 'main.s': src, ...extra };
  const r = assemble({ read: (p) => files[p] }, 'main.s');
  return r.diagnostics.map(formatDiagnostic);
}

const CASES: readonly [string, string, string][] = [
  ['unknown mnemonic', '  nop\n  frob x0, x1\n', "main.s:2:3: unknown mnemonic 'frob'"],
  ['wrong operand count', '  add x0, x1\n', "main.s:1:3: 'add' expects 3 or 4 operands, got 2"],
  ['wrong operand kind', '  mov x0, [x1]\n', "main.s:1:11: second operand of 'mov' must be a register"],
  ['register size mismatch', '  add x0, w1, x2\n', "main.s:1:11: operand size mismatch in 'add': 'x0' and 'w1'"],
  ['immediate out of range', '  add x0, x1, #4097\n', 'main.s:1:15: immediate 4097 out of range 0 to 4095 (or a multiple of 4096 up to 0xfff000)'],
  ['logical immediate not encodable', '  and x0, x1, #0x1234\n', 'main.s:1:15: immediate 0x1234 is not encodable as a logical immediate'],
  ['undefined symbol', '  b nowhere\n', "main.s:1:5: undefined symbol 'nowhere'"],
  ['duplicate symbol', 'a:\n  nop\na:\n', "main.s:3:1: symbol 'a' is already defined (first defined at main.s:1)"],
  ['branch out of range', '  tbz x0, #1, far\n  .space 40000\nfar: nop\n', "main.s:1:15: branch target out of range for 'tbz' (+-32 KiB): offset 40004"],
  ['branch misaligned', '  b t\n  .byte 0\nt: nop\n', 'main.s:1:5: branch target 0x40080005 is not 4-byte aligned'],
  ['macro recursion', '  .macro r\n  r\n  .endm\n  r\n', "main.s:4:3: macro recursion depth exceeded (100) expanding 'r' (in expansion of 'r')"],
  ['unterminated .if', '  .if 1\n  nop\n', "main.s:1:3: unterminated '.if' (missing .endif)"],
  ['unterminated .macro', '  .macro m\n  nop\n', "main.s:1:3: unterminated '.macro' (missing .endm)"],
  ['include not found', '  .include "nope.inc"\n', "main.s:1:12: include file 'nope.inc' not found"],
  ['.error', '  .error "stop here"\n', 'main.s:1:3: stop here'],
  ['unknown system register', '  mrs x0, foo_el9\n', "main.s:1:11: unknown system register 'foo_el9'"],
  ['bad condition', '  csel x0, x1, x2, xx\n', "main.s:1:20: fourth operand of 'csel' must be a condition (eq, ne, hs, lo, ...)"],
];

describe('assembler diagnostics (issue 4)', () => {
  for (const [name, src, want] of CASES) {
    it(name, () => { assert.deepEqual(diags(src), [want]); });
  }

  it('reports several errors in one run, in source order', () => {
    const d = diags('  frob\n  add x0, x1, #99999\n  b nowhere\n  mov x0, #1\n');
    assert.equal(d.length, 3);
    assert.deepEqual(d.map((x) => x.split(':')[1]), ['1', '2', '3']);
  });

  it('points into included files', () => {
    assert.deepEqual(diags('  .include "inc.s"\n', { 'inc.s': '  nop\n  bogus\n' }), ["inc.s:2:3: unknown mnemonic 'bogus'"]);
  });
});
