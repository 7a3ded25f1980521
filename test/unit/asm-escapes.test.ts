// Escapes in strings and character constants as GNU as 2.40 reads them.
//
// Strings (.ascii/.asciz/.string; read.c next_char_of_string): \b \f \n \r \t
// \v are control characters; \\ \" \' are the character itself; \ and 1-3
// decimal digits is an octal-style number where 8 and 9 count too ("\18" is
// 16), low 8 bits kept; \x / \X takes every following hex digit and keeps the
// low 8 bits ("\x" alone is 0); any other escaped character is itself (\a is
// 'a', \e is 'e', \q is 'q'). A backslash ending a line inside a string goes
// on in the next line and leaves a backslash and an 'n' (the scrubber turns
// it into `\\n`).
//
// Character constants are replaced by their decimal value by the input
// scrubber (app.c) before expressions are parsed: the character after the
// quote, or a backslash and exactly one more character with only \b \f \n \r
// \t \' \" special ('\a' is 97, '\v' is 118, '\0' is 48); the closing quote is
// optional. Because the replacement is textual, the digits join up with symbol
// characters next to them ('\101' is "49" then "01'" ...; 'a''b' is 9798), and
// a quote at the end of a line takes the newline as its character and joins
// the next line.
//
// Every case is assembled by assemble() and compared with the bytes GNU as
// produced when the case was written; when binutils are installed, each case
// is also built with GNU as + ld (the oracle harness) and every allocated
// section must be byte-identical.
import { strict as assert } from 'assert';
import { assemble, AsmResult, formatDiagnostic } from '../../src/engine/isa/asm';
import { fsFiles, checkAgainstGnu } from '../util/asm-compare';
import { buildElf } from '../util/gnu';
import { hasCommand } from '../util/paths';

interface Case {
  readonly name: string;
  readonly src: string[];
  /** Expected contents of .data (latin1), as GNU as 2.40 assembles the source. */
  readonly data?: string;
  /** Expected instruction words of .text. */
  readonly text?: number[];
}

/** Little-endian 32-bit words as latin1 text. */
const le32 = (...v: number[]): string => v.map((x) => String.fromCharCode(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff)).join('');

const CASES: Case[] = [
  // ---- strings ----
  { name: 'string escapes \\b \\f \\n \\r \\t \\v are control characters', src: [String.raw`.ascii "\b\f\n\r\t\v"`], data: '\x08\x0c\x0a\x0d\x09\x0b' },
  { name: 'string escapes \\a and \\e are the letters; \\\\ \\" \\\' are themselves', src: [String.raw`.ascii "\a\e\\\"\'"`], data: 'ae\\"\'' },
  { name: 'string octal escapes: 1-3 digits, 8 and 9 count, low 8 bits', src: [String.raw`.ascii "\0|\7|\8|\9|\18|\19|\101|\1011|\400|\777|\999"`], data: '\x00|\x07|\x08|\x09\x7c\x10|\x11|A|A1|\x00|\xff|\x91' },
  { name: 'string hex escapes take every hex digit and keep the low 8 bits', src: [String.raw`.ascii "\x41|\x4142|\x|\xg|\X41|\x141|\xfffff41|\xFfZ"`], data: 'A|B|\x00|\x00g|A|A|A|\xffZ' },
  { name: 'unknown string escapes are the character itself', src: [String.raw`.ascii "\q\z\?\ \$\N\d\c\u0041"`], data: 'qz? $Ndcu0041' },
  { name: '.asciz and .string use the same escapes', src: [String.raw`.asciz "a\0b", "\e"`, String.raw`.string "\a\v"`], data: 'a\x00b\x00e\x00a\x0b\x00' },
  { name: 'a backslash ending a line inside a string continues it with a backslash and an n', src: ['.ascii "ab\\', 'cd", "e\\', '" ; .byte 2 // comment', '.ascii "x\\\\\\', 'y"', '.byte 1'], data: 'ab\\ncde\\n\x02x\\\\ny\x01' },
  // ---- character constants ----
  { name: "character constants: only \\b \\f \\n \\r \\t are control characters ('\\v' is v, '\\a' is a)", src: [String.raw`.byte 'a', 'a, '\b', '\f', '\n', '\r', '\t', '\v', '\a', '\e'`], data: 'aa\x08\x0c\x0a\x0d\x09vae' },
  { name: "character constants: '\\0' is the digit 0, other escaped characters are themselves", src: [String.raw`.byte '\\', '\"', '\'', '\0', '\7', '\q', '\0, ''', '"', ' '`], data: '\\"\'07q0\'" ' },
  { name: 'character constants of separator and comment characters', src: [String.raw`.byte ';', '#', '/', '\;', ','`], data: ';#/;,' },
  { name: 'character constants in expressions (closing quote optional)', src: [String.raw`.4byte 'a'+1, 'a+1, '\n+1, 'a' + 'b', ( 'a' )`], data: le32(98, 98, 11, 195, 97) },
  { name: 'character constant escapes in a macro body and in .irp lists', src: ['.macro M', String.raw`.byte '\a', '\v', '\0'`, String.raw`.ascii "\a\e\v"`, '.endm', 'M', String.raw`.irp x, '\a', '\v'`, '.byte \\x', '.endr'], data: 'av0ae\x0bav' },
  { name: 'character constant escapes in instruction immediates', src: ['.text', String.raw`mov x0, #'\a'`, String.raw`mov x1, #'\v'`, String.raw`mov x2, #'\0'`, String.raw`mov x3, #'\e'`], text: [0xd2800c20, 0xd2800ec1, 0xd2800602, 0xd2800ca3] },
  // ---- the scrubber's textual replacement ----
  { name: "only one character follows the backslash: '\\101' and '\\x41' run into the digits after them", src: [String.raw`.4byte '\101', 5`, String.raw`.4byte '\101'+1`, String.raw`.4byte '\x41'+1`, String.raw`.4byte '\1'+1, 5`, String.raw`.byte '\1, 5`], data: le32(4901445, 4901431, 12041431, 50, 5) + '1\x05' },
  { name: 'character constants join up with symbol characters and with what follows blanks', src: [String.raw`.4byte 'a' 5, '\t' 5, 1'a' 5`, String.raw`.4byte 'a''b', 'a' 'b', 'a'1, 0x'a'`, 'x97 = 3', ".byte x'a'", '97: .byte 7, 0', ".4byte . - 'a'b"], data: le32(975, 95, 1975, 9798, 9798, 971, 0x97) + '\x03\x07\x00' + le32(2) },
  { name: 'a quote ending a line takes the newline and joins the next line', src: [".4byte 1 + '", '+ 2', '.byte 3', ".4byte 1, '\\", ', 7', String.raw`.4byte '\101'`, '', '.byte 4'], data: le32(13) + '\x03' + le32(1, 10, 7, 490110) + '\x04' },
];

const sourceOf = (c: Case): string => `\t.data\n${c.src.join('\n')}\n`;


function ours(c: Case): AsmResult {
  const r = assemble(fsFiles(sourceOf(c)), 'main.s', { cpp: false });
  assert.deepEqual(r.diagnostics.map(formatDiagnostic), [], `${c.name}: nvdbg reports diagnostics`);
  return r;
}


describe('assembler: string and character escapes as GNU as reads them', function () {
  this.timeout(120_000);
  const haveGnu = hasCommand('aarch64-linux-gnu-as') && hasCommand('aarch64-linux-gnu-ld');

  for (const c of CASES) {
    it(c.name, () => {
      checkAgainstGnu(c, sourceOf(c), ours(c), 'escapes', haveGnu);
    });
  }

  it('rejects what GNU as rejects after a character constant escape runs into the next line or a symbol', () => {
    const bad = [
      [String.raw`.4byte '\101'`, '.byte 2'], // 4901, then '\n' -> 10, then ".byte 2": junk
      [".4byte 'a'.5"],
      [".4byte 'a'_x"],
      [".4byte 1 'a'"],
      [String.raw`.4byte 1'\t' 5`],
    ];
    for (const src of bad) {
      const text = `\t.data\n${src.join('\n')}\n`;
      const errors = assemble(fsFiles(text), 'main.s', { cpp: false }).diagnostics.filter((d) => d.severity === 'error');
      assert.ok(errors.length > 0, `nvdbg accepts ${JSON.stringify(src)}`);
      if (haveGnu) assert.throws(() => buildElf(text, 'escapes-bad'), Error, `GNU as accepts ${JSON.stringify(src)}`);
    }
  });
});
