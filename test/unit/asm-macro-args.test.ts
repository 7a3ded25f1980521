// Macro, .irp and .irpc arguments as GNU as 2.40 reads them: quoted arguments
// lose their quotes (also in defaults and .irp lists), whitespace separates
// arguments only where the scrubber keeps it, `\name`, `&name`, `\()`,
// `\(text)` and `\@` are substituted everywhere in the body (strings too).
// Every case is assembled by assemble() and compared with the bytes GNU as
// produced when the case was written (`data`/`text`); when binutils are
// installed, each case is also built with GNU as + ld (the oracle harness) and
// every allocated section must be byte-identical.
import { strict as assert } from 'assert';
import { assemble, AsmResult, formatDiagnostic } from '../../src/engine/isa/asm';
import { fsFiles, checkAgainstGnu } from '../util/asm-compare';
import { hasCommand } from '../util/paths';

interface Case {
  readonly name: string;
  readonly src: string[];
  /** Expected contents of .data (latin1), as GNU as 2.40 assembles the source. */
  readonly data?: string;
  /** Expected instruction words of .text. */
  readonly text?: number[];
  /** Warnings GNU as also gives (substrings), in order. */
  readonly warnings?: string[];
}

const M2 = ['.macro M a, b', '.ascii "[\\a|\\b]"', '.endm'];

const CASES: Case[] = [
  // ---- quoted arguments ----
  { name: 'a quoted argument substituted inside a string loses its quotes', src: ['.macro M s', '.asciz "\\s"', '.endm', 'M "hi"'], data: 'hi\0' },
  { name: 'quoted arguments keep spaces and commas', src: [...M2, 'M "a b", "c,d"', 'M "a,b"', 'M " x "'], data: '[a b|c,d][a,b|][ x |]' },
  { name: 'quoted arguments next to each other are separate arguments', src: [...M2, 'M "a" "b"', 'M "a"b', 'M "" x', 'M x "y z"'], data: '[a|b][a|b][|x][x|y z]' },
  { name: 'an escaped quote stays escaped, a doubled quote becomes one quote', src: ['.macro M s', '.ascii "[\\s]"', '.endm', '.macro N s', '.ascii \\s', '.endm', 'M "q\\"r"', 'N """a b"""'], data: '[q"r]a b' },
  { name: 'a quoted string argument can be a whole operand list', src: ['.macro M s', '.ascii \\s', '.endm', 'M """a"", ""b c"""'], data: 'ab c' },
  { name: 'a quoted register and operand text in instructions', src: ['.text', '.macro LOAD r, v', 'mov \\r, #\\v', '.endm', '.macro ADDS d, s', 'add \\d, \\d, \\s', '.endm', 'LOAD "x0", 5', 'LOAD x1 7', 'ADDS x2, "x3, lsl #2"'], text: [0xd28000a0, 0xd28000e1, 0x8b030842] },
  { name: 'quoted arguments compare equal with .ifc and blank with .ifb', src: ['.macro M a', '.ifc \\a,hi', '.byte 1', '.else', '.byte 2', '.endif', '.ifb \\a', '.byte 3', '.endif', '.endm', 'M "hi"', 'M hi', 'M ""', 'M lo'], data: '\x01\x01\x02\x03\x02' },
  { name: 'an unquoted argument keeps embedded strings whole (spaces and commas in them too)', src: ['.macro M a, b', '.ascii "[\\b]"', '.endm', 'M x"y, z" q'], data: '[q]' },
  { name: 'a character constant argument becomes its decimal value', src: [...M2, "M 'a', '\\n'", "M x 'b'"], data: '[97|10][x|98]' },
  { name: 'a quoted argument with a ; or // is split/commented again after substitution', src: ['.text', '.macro M s', '\\s', '.endm', 'M "nop; nop"', 'M "mov x0, #1 // comment"'], text: [0xd503201f, 0xd503201f, 0xd2800020] },
  // ---- whitespace and commas ----
  { name: 'whitespace separates arguments only between symbol characters', src: [...M2, 'M x y', 'M a + 1', 'M 1 -1', 'M x +1', 'M (1 + 2) 3', 'M x\ty'], data: '[x|y][a+1|][1-1|][x+1|][(1+2)3|][x|y]' },
  { name: 'a comma always ends an unquoted argument, even in brackets', src: [...M2, 'M x0, #1', 'M (1, 2)', 'M [x0, #8]', 'M , 2', 'M ,'], data: '[x0|#1][(1|2)][[x0|#8]][|2][|]' },
  // ---- keyword arguments and defaults ----
  { name: 'keyword arguments, with and without spaces around =', src: [...M2, 'M b=1, a=2', 'M b = 1', 'M b= "x y"', 'M 3, b=4'], data: '[2|1][|1][|x y][3|4]' },
  { name: 'a keyword argument given twice keeps the last value (with a warning)', src: [...M2, 'M a=1, a=2'], data: '[2|]', warnings: ["value for parameter 'a' of macro 'M' was already specified"] },
  { name: 'quoted default values lose their quotes; empty arguments take the default', src: ['.macro M s="x"', '.ascii "[\\s]"', '.endm', 'M', 'M y', 'M ""', 'M s=', 'M s="z w"'], data: '[x][y][x][x][z w]' },
  { name: 'default values with spaces and commas', src: ['.macro M s="a b", t=c', '.ascii "[\\s|\\t]"', '.endm', 'M', 'M ,q', '.macro N s = "a,b" t', '.ascii "[\\s|\\t]"', '.endm', 'N', 'N 1 2'], data: '[a b|c][a b|q][a,b|][1|2]' },
  { name: 'an unquoted default ends at whitespace (the next word is another parameter)', src: ['.macro M s=a b', '.ascii "[\\s|\\b]"', '.endm', 'M', 'M 1 2'], data: '[a|][1|2]' },
  { name: 'expression and character defaults', src: ['.macro M s=1+2, t=\'a\'', '.ascii "[\\s|\\t]"', '.byte \\s', '.endm', 'M'], data: '[1+2|97]\x03' },
  { name: 'required and vararg parameters (the vararg keeps its quotes)', src: ['.macro M s:req, t:vararg', '.ascii "[\\s]"', '.ascii \\t', '.byte 0', '.endm', 'M 1, "a", "b c"', 'M "2" "d"'], data: '[1]ab c\0[2]d\0' },
  { name: 'formals separated by spaces and a comma after the macro name', src: ['.macro M a b', '.ascii "[\\a|\\b]"', '.endm', '.macro N, a', '.ascii "<\\a>"', '.endm', 'M 1 2', 'N "x, y"'], data: '[1|2]<x, y>' },
  // ---- substitution in the body ----
  { name: '\\() separates a parameter from following text; \\(text) is literal text', src: ['.macro M a, b', '.ascii "\\a\\()b \\(zz) \\b\\()c"', 'lbl_\\a\\()_end: .byte 0', '.endm', 'M 1, 2'], data: '1b zz 2c\0' },
  { name: 'a parameter name extends over . and $ (so \\p.q is not \\p)', src: ['.macro M p', '.ascii "[\\p.q|\\p$|\\p\\().q]"', '.endm', 'M 1'], data: '[p.q|p$|1.q]' },
  { name: 'an apostrophe after \\name is dropped, also after a lone backslash', src: ['.macro M a', '.ascii "it\\\'s \\a\'x"', '.endm', 'M 1'], data: 'its 1x' },
  { name: '&name and &name& substitute too', src: ['.macro M a, b', '.byte &a, &b&', '.ascii "&a&b &&a & &q"', '.endm', 'M 1, 2'], data: '\x01\x021b &&a & &q' },
  { name: 'nested macros: quoted and unquoted pass-through', src: [...M2, '.macro N a', 'M "\\a"', 'M \\a', '.endm', 'N "x   +   y"', 'N "p q"'], data: '[x   +   y|][x+y|][p q|][p|q]' },
  { name: '\\@ counts macro expansions (also in .irp outside macros)', src: ['.macro E', '.byte \\@', '.endm', '.irp x, 1', '.byte \\@, \\x', '.endr', 'E', 'E', '.irp x, 1', '.byte \\@, \\x', '.endr'], data: '\x00\x01\x00\x01\x02\x01' },
  // ---- .irp / .irpc ----
  { name: '.irp: quoted items lose their quotes and keep spaces', src: ['.irp x, "a b", c', '.ascii "[\\x]"', '.endr'], data: '[a b][c]' },
  { name: '.irp: items separated by spaces, empty items and no items', src: ['.irp x, a b c', '.ascii "[\\x]"', '.endr', '.irp x,a,,b', '.ascii "<\\x>"', '.endr', '.irp x', '.ascii "{\\x}"', '.endr', '.irp x "p" "q"', '.ascii "(\\x)"', '.endr'], data: '[a][b][c]<a><><b>{}(p)(q)' },
  { name: '.irp: brackets do not protect commas; character constants become numbers', src: ['.irp x, (1, 2) [3 + 4]', '.ascii "[\\x]"', '.endr', ".irp x, 'a', \"'b'\"", '.ascii "<\\x>"', '.endr'], data: "[(1][2)[3+4]]<97><'b'>" },
  { name: '.irp inside a macro: \\() belongs to the macro expansion', src: ['.macro M a', '.irp r, 1, 2', '.byte \\a\\()\\r', '.endr', '.endm', 'M 5'], data: '\x33\x34' },
  { name: '.irpc: a quoted list iterates over every character, spaces included', src: ['.irpc c, "ab c"', '.ascii "[\\c]"', '.endr', '.irpc c,"x y" ', '.ascii "<\\c>"', '.endr'], data: '[a][b][ ][c]<x>< ><y>' },
  { name: '.irpc: unquoted lists skip spaces but not commas', src: ['.irpc c, abc', '.ascii "[\\c]"', '.endr', '.irpc c, a b', '.ascii "<\\c>"', '.endr', '.irpc c, 1,2', '.ascii "(\\c)"', '.endr', '.irpc c', '.ascii "{\\c}"', '.endr'], data: '[a][b][c]<a><b>(1)(,)(2){}' },
];

const sourceOf = (c: Case): string => `\t.data\n${c.src.join('\n')}\n`;


function ours(c: Case): AsmResult {
  const r = assemble(fsFiles(sourceOf(c)), 'main.s', { cpp: false });
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map(formatDiagnostic), [], `${c.name}: nvdbg reports errors`);
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message);
  assert.equal(warnings.length, (c.warnings ?? []).length, `${c.name}: warnings ${JSON.stringify(warnings)}`);
  (c.warnings ?? []).forEach((w, i) => assert.ok(warnings[i].includes(w), `${c.name}: warning '${warnings[i]}' should mention '${w}'`));
  return r;
}


describe('assembler: macro arguments as GNU as reads them', function () {
  this.timeout(120_000);
  const haveGnu = hasCommand('aarch64-linux-gnu-as') && hasCommand('aarch64-linux-gnu-ld');

  for (const c of CASES) {
    it(c.name, () => {
      checkAgainstGnu(c, sourceOf(c), ours(c), 'macro', haveGnu);
    });
  }

  it('reports GNU as errors for bad argument lists', () => {
    const diag = (src: string): string[] => assemble(fsFiles(`${src}\n`), 'main.s', { cpp: false }).diagnostics.map((d) => d.message);
    assert.match(diag('.macro M s\n.byte \\s\n.endm\nM 1 2').join('\n'), /too many arguments for macro 'M'/);
    assert.match(diag('.macro M s, t\n.byte \\s\n.endm\nM t=1, 2').join('\n'), /can't mix positional and keyword arguments/);
    assert.match(diag('.macro M s\n.byte 1\n.endm\nM t=1').join('\n'), /parameter named 't' does not exist for macro 'M'/);
    assert.match(diag('.macro M s:req\n.byte 1\n.endm\nM ""').join('\n'), /missing required argument 's' of macro 'M'/);
    assert.match(diag('.macro M a,\n.endm').join('\n'), /bad parameter list for macro 'M'/);
    assert.match(diag('.macro M a, a\n.endm').join('\n'), /a parameter named 'a' already exists/);
    assert.match(diag('.macro M a\n.byte \\(1\n.endm\nM 1').join('\n'), /missing '\)'/);
  });
});
