// The CFI reader (.debug_frame / .eh_frame) against GNU readelf's decoded frame tables
// for GCC 12 output (-O0/-O2/-Os, asynchronous, synchronous and no unwind tables, CIE
// versions 1 and 4, pac-ret), hand-built tables for the instructions GCC does not emit,
// an end-to-end unwind of a live nvdbg machine, and truncated / mutated input.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseFrames, unwindStep, type CfaRow, type FrameTable, type RegRule } from '../../src/engine/loader/dwarf-frame';
import { DwarfError } from '../../src/engine/loader/dwarf-line';
import { parseElf, symbolize, type ElfImage } from '../../src/engine/loader/elf';
import { Machine } from '../../src/engine/machine';
import { requireTools } from '../util/gnu';

const START = String.raw`asm(".global _start\n_start:\n ldr x0, =0x40100000\n mov sp, x0\n bl main\n b .\n");`;

/** main -> a -> b -> c; c stops at brk #0x42 with values live in callee-saved registers. */
const CHAIN = `${START}
volatile int g;
__attribute__((noipa)) int c(int x) { int arr[8]; for (int i = 0; i < 8; i++) arr[i] = x + i + g; asm volatile("brk #0x42"); g = arr[3]; return arr[x & 7] + 1; }
__attribute__((noipa)) int b(int x) { int k = x * 7 + g; int r = c(x + 1); g += r + k; return r * 3 + g + k; }
__attribute__((noipa)) int a(int x) { int k = x ^ g, m = x + g; int r = b(x * 2); g += r; return r + x + g + k * m; }
int main(void) { g = a(5); for (;;) ; }
`;

/** Frames GCC describes with many callee-saved registers, FP registers, x29 as CFA, shrink-wrapping, big frames. */
const RICH = `${START}
volatile int g; volatile double gd;
__attribute__((noipa)) void sink(int *p) { g += *p; }
__attribute__((noipa)) int many(int n) {
  int a0 = g, a1 = g * 2, a2 = g * 3, a3 = g + 4, a4 = g ^ 5, a5 = g - 6, a6 = g | 7, a7 = g & 8, a8 = g + 9, a9 = g * 10;
  for (int i = 0; i < n; i++) { sink(&i); a0 += a1; a1 += a2; a2 += a3; a3 += a4; a4 += a5; a5 += a6; a6 += a7; a7 += a8; a8 += a9; a9 += i; }
  return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
}
__attribute__((noipa)) double fp(int n) {
  double d0 = gd, d1 = gd * 2, d2 = gd * 3, d3 = gd + 4, d4 = gd + 5, d5 = gd * 6, d6 = gd * 7, d7 = gd + 8;
  for (int i = 0; i < n; i++) { sink(&i); d0 += d1; d1 += d2; d2 += d3; d3 += d4; d4 += d5; d5 += d6; d6 += d7; d7 += i; }
  return d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7;
}
__attribute__((noipa)) int vla(int n) { int a[n]; for (int i = 0; i < n; i++) a[i] = i; sink(&a[n / 2]); return a[0]; }
__attribute__((noipa)) int early(int n) { if (n < 0) return 0; int x = n; sink(&x); if (x > 5) { sink(&x); return x; } sink(&n); return n + x; }
__attribute__((noipa)) int big(int n) { volatile char buf[70000]; buf[n] = 1; sink((int *)&buf[n & ~3]); return buf[5]; }
int main(void) { g = many(3) + (int)fp(2) + vla(4) + early(3) + big(8); for (;;) ; }
`;

const TABLES = {
  async: ['-fasynchronous-unwind-tables'],
  sync: ['-fno-asynchronous-unwind-tables'],
  debug: ['-fno-asynchronous-unwind-tables', '-fno-unwind-tables'],
} as const;

interface Built { bytes: Uint8Array; image: ElfImage; interp: string }

function build(src: string, flags: readonly string[]): Built {
  requireTools('aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-readelf');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-cfi-'));
  try {
    fs.writeFileSync(path.join(dir, 't.c'), src);
    const cc = spawnSync('aarch64-linux-gnu-gcc', ['-g', ...flags, '-ffreestanding', '-nostdlib', '-static', '-Wl,-e,_start', '-Wl,-Ttext=0x40080000', '-Wl,--build-id=none', 't.c', '-o', 't.elf'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    const re = spawnSync('aarch64-linux-gnu-readelf', ['--debug-dump=frames-interp', 't.elf'], { cwd: dir, encoding: 'utf8' });
    assert.equal(re.status, 0, re.stderr);
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, 't.elf')));
    return { bytes, image: parseElf(bytes, 't.elf'), interp: re.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function tables(img: ElfImage): { eh?: FrameTable; debug?: FrameTable } {
  const eh = img.section('.eh_frame');
  const df = img.section('.debug_frame');
  return {
    eh: eh !== undefined ? parseFrames({ ehFrame: eh.data, ehFrameAddr: eh.addr }) : undefined,
    debug: df !== undefined ? parseFrames({ debugFrame: df.data }) : undefined,
  };
}

// ---- readelf --debug-dump=frames-interp ----

interface Block { section: string; off: number; kind: 'CIE' | 'FDE'; cie: number; lo: bigint; hi: bigint; cols: string[]; rows: { loc: bigint; vals: string[] }[] }

function parseInterp(text: string): Block[] {
  const blocks: Block[] = [];
  let section = '';
  for (const line of text.split('\n')) {
    let m = /^Contents of the (\S+) section:/.exec(line);
    if (m !== null) { section = m[1]; continue; }
    m = /^([0-9a-f]{8,16}) [0-9a-f]{8,16} [0-9a-f]{8,16} (CIE|FDE)(?: cie=([0-9a-f]+) pc=([0-9a-f]+)\.\.([0-9a-f]+))?/.exec(line);
    if (m !== null) {
      blocks.push({ section, off: parseInt(m[1], 16), kind: m[2] as 'CIE' | 'FDE', cie: m[3] !== undefined ? parseInt(m[3], 16) : -1,
        lo: m[4] !== undefined ? BigInt(`0x${m[4]}`) : 0n, hi: m[5] !== undefined ? BigInt(`0x${m[5]}`) : 0n, cols: [], rows: [] });
      continue;
    }
    const b = blocks[blocks.length - 1];
    if (b === undefined) continue;
    m = /^\s+LOC\s+CFA\s*(.*)$/.exec(line);
    if (m !== null) { b.cols = ['CFA', ...m[1].split(/\s+/).filter((s) => s !== '')]; continue; }
    m = /^([0-9a-f]{16}) (.*)$/.exec(line);
    if (m !== null) b.rows.push({ loc: BigInt(`0x${m[1]}`), vals: m[2].trim().split(/\s+/) });
  }
  return blocks;
}

const signed = (n: number): string => (n >= 0 ? `+${n}` : String(n));
const regName = (n: number): string => (n === 31 ? 'sp' : n < 31 ? `x${n}` : n >= 64 && n < 96 ? `v${n - 64}` : `r${n}`);
function colReg(col: string, raReg: number): number {
  if (col === 'ra') return raReg;
  if (col === 'sp') return 31;
  const m = /^([xvr])(\d+)$/.exec(col);
  assert.ok(m !== null, `unknown readelf column ${col}`);
  return Number(m[2]) + (m[1] === 'v' ? 64 : 0);
}
function fmtRule(rule: RegRule | undefined): string {
  if (rule === undefined || rule.kind === 'undefined') return 'u';
  switch (rule.kind) {
    case 'same': return 's';
    case 'offset': return `c${signed(rule.offset)}`;
    case 'val-offset': return `v${signed(rule.offset)}`;
    case 'register': return regName(rule.reg);
  }
}
/** A row as readelf prints it, for the given columns. */
function fmtRow(row: CfaRow | undefined, cols: string[]): string {
  if (row === undefined) return '(no row)';
  return cols.map((c) => (c === 'CFA' ? (row.unsupported !== undefined ? 'exp' : `${regName(row.cfaReg)}${signed(row.cfaOffset)}`) : fmtRule(row.rules.get(colReg(c, row.raReg))))).join(' ');
}

/** Compare rowAt for every instruction of every FDE against readelf; returns the number of addresses checked. */
function compareWithReadelf(b: Built): number {
  const blocks = parseInterp(b.interp);
  const t = tables(b.image);
  let checked = 0;
  for (const fde of blocks.filter((x) => x.kind === 'FDE')) {
    const table = fde.section === '.eh_frame' ? t.eh : fde.section === '.debug_frame' ? t.debug : undefined;
    assert.ok(table !== undefined, `no table for ${fde.section}`);
    // An FDE with an empty program has no table of its own in readelf's output: the CIE's row applies.
    const src = fde.rows.length > 0 ? fde : blocks.find((x) => x.section === fde.section && x.kind === 'CIE' && x.off === fde.cie);
    assert.ok(src !== undefined && src.rows.length > 0);
    const expected: string[] = [];
    const actual: string[] = [];
    for (let pc = fde.lo; pc < fde.hi; pc += 4n) {
      let exp = src.rows[0];
      for (const r of src.rows) if (r.loc <= pc) exp = r;
      expected.push(`${pc.toString(16)} ${exp.vals.join(' ')}`);
      actual.push(`${pc.toString(16)} ${fmtRow(table.rowAt(pc), src.cols)}`);
      checked++;
    }
    assert.deepEqual(actual, expected, `${fde.section} FDE at 0x${fde.off.toString(16)}`);
    assert.equal(table.rowAt(fde.hi - 1n) !== undefined, true);
  }
  const start = b.image.symbols.find((s) => s.name === '_start');
  assert.ok(start !== undefined);
  for (const tb of [t.eh, t.debug]) if (tb !== undefined) assert.equal(tb.rowAt(start.value), undefined, '_start has no CFI');
  return checked;
}

// ---- hand-built tables ----

const uleb = (v: number): number[] => { const o: number[] = []; do { let b = v % 128; v = Math.floor(v / 128); if (v !== 0) b |= 0x80; o.push(b); } while (v !== 0); return o; };
const sleb = (v: number): number[] => {
  const o: number[] = [];
  for (;;) { const b = v & 0x7f; v >>= 7; if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { o.push(b); return o; } o.push(b | 0x80); }
};
const le = (v: bigint, n: number): number[] => Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
const entry32 = (body: number[]): number[] => [...le(BigInt(body.length), 4), ...body];
const entry64 = (body: number[]): number[] => [0xff, 0xff, 0xff, 0xff, ...le(BigInt(body.length), 8), ...body];

/** .debug_frame: a version-4 CIE (cf=4 df=-8 ra=30, CFA = sp) and FDEs. */
function debugFrame(fdes: { start: bigint; range: bigint; prog: number[]; dwarf64?: boolean }[]): Uint8Array {
  const cie = entry32([...le(0xffffffffn, 4), 4, 0, 8, 0, ...uleb(4), ...sleb(-8), ...uleb(30), 0x0c, 31, 0]);
  const out = [...cie];
  for (const f of fdes) {
    out.push(...(f.dwarf64 === true ? entry64([...le(0n, 8), ...le(f.start, 8), ...le(f.range, 8), ...f.prog]) : entry32([...le(0n, 4), ...le(f.start, 8), ...le(f.range, 8), ...f.prog])));
  }
  return Uint8Array.from(out);
}

const BASE = 0x40080000n;
const PROG: number[] = [
  0x41,                               // advance_loc 1            -> +4
  0x0e, 32,                           // def_cfa_offset 32
  0x80 | 29, ...uleb(4),              // offset x29, cfa-32
  0x80 | 30, ...uleb(3),              // offset x30, cfa-24
  0x02, 2,                            // advance_loc1 2           -> +12
  0x12, 29, ...sleb(-2),              // def_cfa_sf x29, +16
  0x11, 19, ...sleb(2),               // offset_extended_sf x19, cfa-16
  0x14, 20, ...uleb(1),               // val_offset x20, cfa-8
  0x15, 21, ...sleb(-1),              // val_offset_sf x21, cfa+8
  0x09, 22, 9,                        // register x22 in x9
  0x08, 23, 0x07, 24,                 // same_value x23, undefined x24
  0x2e, 16,                           // GNU_args_size 16
  0x03, ...le(1n, 2),                 // advance_loc2 1           -> +16
  0x0a,                               // remember_state
  0x0d, 31, 0x13, ...sleb(-4),        // def_cfa_register sp, def_cfa_offset_sf 32
  0xc0 | 29, 0x06, 30,                // restore x29, restore_extended x30
  0x2f, 25, ...uleb(2),               // GNU_negative_offset_extended x25, cfa+16
  0x2d,                               // AARCH64_negate_ra_state
  0x04, ...le(1n, 4),                 // advance_loc4 1           -> +20
  0x0b,                               // restore_state
  0x41,                               // advance_loc 1            -> +24
  0x0f, 2, 0x8f, 0x00,                // def_cfa_expression (breg31 0)
  0x41,                               // -> +28
  0x0c, 31, 16,                       // def_cfa sp+16
  0x10, 19, 2, 0x8f, 0x00,            // expression x19
  0x41,                               // -> +32
  0x05, 19, ...uleb(2),               // offset_extended x19, cfa-16
  0x07, 30,                           // undefined x30 (outermost)
  0x01, ...le(BASE + 0x40n, 8),       // set_loc +0x40
  0x08, 30,                           // same_value x30
  0, 0,                               // nops
];

describe('CFI (.debug_frame / .eh_frame) reader and unwinder', function () {
  this.timeout(120000);

  for (const opt of ['-O0', '-O2', '-Os']) {
    for (const [name, flags] of Object.entries(TABLES)) {
      it(`matches readelf --debug-dump=frames-interp at every instruction (${opt}, ${name} unwind tables)`, () => {
        let n = 0;
        for (const src of [CHAIN, RICH]) {
          const b = build(src, [opt, ...flags]);
          const want = name === 'debug' ? '.debug_frame' : '.eh_frame';
          assert.ok(b.image.section(want) !== undefined, `${want} expected`);
          n += compareWithReadelf(b);
        }
        assert.ok(n > 100, `only ${n} addresses checked`);
      });
    }
  }

  it('reads CIE version 4 .debug_frame (-Wa,--gdwarf-cie-version=4) and -gdwarf-4 as readelf does', () => {
    const v4 = build(RICH, ['-O2', ...TABLES.debug, '-Wa,--gdwarf-cie-version=4']);
    assert.equal(v4.image.section('.debug_frame')?.data[8], 4, 'CIE version 4');
    assert.ok(compareWithReadelf(v4) > 100);
    assert.ok(compareWithReadelf(build(CHAIN, ['-O2', '-gdwarf-4', ...TABLES.debug])) > 20);
  });

  it('tracks DW_CFA_AARCH64_negate_ra_state (-mbranch-protection=pac-ret) and still matches readelf', () => {
    const b = build(CHAIN, ['-O2', '-mbranch-protection=pac-ret']);
    assert.ok(compareWithReadelf(b) > 20);
    const t = tables(b.image).eh;
    assert.ok(t !== undefined);
    const cSym = b.image.symbols.find((s) => s.name === 'c');
    const bSym = b.image.symbols.find((s) => s.name === 'b');
    assert.ok(cSym !== undefined && bSym !== undefined);
    // b signs x30 with paciasp as its first instruction: signed from the second instruction on, not at entry.
    assert.notEqual(t.rowAt(bSym.value)?.raSigned, true);
    assert.equal(t.rowAt(bSym.value + 4n)?.raSigned, true);
    // A signed return address is stripped (48-bit VA) by unwindStep.
    const row = t.rowAt(bSym.value + 8n);
    assert.ok(row !== undefined && row.raSigned === true);
    const regs = new Map<number, bigint>([[31, 0x40100000n], [29, 0n], [30, 0x0023_0000_4008_0010n]]);
    const r = unwindStep(t, bSym.value + 4n, regs, () => undefined);
    assert.equal(r?.pc, 0x4008_0010n);
  });

  it('decodes every CFA instruction of a hand-built .debug_frame (DWARF64 FDE, set_loc, expressions)', () => {
    for (const dwarf64 of [false, true]) {
      const t = parseFrames({ debugFrame: debugFrame([{ start: BASE, range: 0x48n, prog: PROG, dwarf64 }]) });
      const at = (off: number): CfaRow => { const r = t.rowAt(BASE + BigInt(off)); assert.ok(r !== undefined, `row at +${off}`); return r; };
      const rules = (r: CfaRow): string => [...r.rules].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${fmtRule(v)}`).join(' ');
      assert.equal(fmtRow(at(0), ['CFA', 'x29', 'ra']), 'sp+0 u u');
      assert.equal(at(0).raReg, 30);
      assert.equal(fmtRow(at(4), ['CFA', 'x29', 'ra']), 'sp+32 c-32 c-24');
      assert.equal(fmtRow(at(8), ['CFA', 'x29', 'ra']), 'sp+32 c-32 c-24');
      assert.equal(fmtRow(at(12), ['CFA']), 'x29+16');
      assert.equal(rules(at(12)), '19:c-16 20:v-8 21:v+8 22:x9 23:s 24:u 29:c-32 30:c-24');
      assert.equal(fmtRow(at(16), ['CFA']), 'sp+32');
      assert.equal(rules(at(16)), '19:c-16 20:v-8 21:v+8 22:x9 23:s 24:u 25:c+16');
      assert.equal(at(16).raSigned, true);
      // restore_state brings back the CFA, the rules and the RA state remembered at +16.
      assert.equal(fmtRow(at(20), ['CFA']), 'x29+16');
      assert.equal(rules(at(20)), '19:c-16 20:v-8 21:v+8 22:x9 23:s 24:u 29:c-32 30:c-24');
      assert.notEqual(at(20).raSigned, true);
      assert.match(at(24).unsupported ?? '', /CFA is a DWARF expression/);
      assert.match(at(28).unsupported ?? '', /register 19/);
      assert.equal(at(28).rules.has(19), false);
      assert.equal(at(32).unsupported, undefined);
      assert.equal(fmtRule(at(0x3c).rules.get(30)), 'u');
      assert.equal(fmtRule(at(0x40).rules.get(30)), 's');
      assert.equal(t.rowAt(BASE - 4n), undefined);
      assert.equal(t.rowAt(BASE + 0x48n), undefined);

      // unwindStep follows each kind of rule.
      const mem = new Map<bigint, bigint>([[0x1000n - 32n, 0x1111n], [0x1000n - 24n, 0x4008_1234n], [0x1000n - 16n, 0x1919n]]);
      const read64 = (a: bigint): bigint | undefined => mem.get(a);
      const regs = new Map<number, bigint>([[31, 0x1000n - 32n], [29, 0x1000n - 16n], [9, 0x99n], [19, 0x19n], [23, 0x23n], [24, 0x24n], [30, 0x30n]]);
      const s12 = unwindStep(t, BASE + 12n, regs, read64);
      assert.ok(s12 !== undefined);
      assert.equal(s12.pc, 0x4008_1234n);
      assert.equal(s12.regs.get(31), 0x1000n);
      assert.equal(s12.regs.get(29), 0x1111n);
      assert.equal(s12.regs.get(19), 0x1919n);
      assert.equal(s12.regs.get(20), 0x1000n - 8n);
      assert.equal(s12.regs.get(21), 0x1008n);
      assert.equal(s12.regs.get(22), 0x99n);
      assert.equal(s12.regs.get(23), 0x23n);
      assert.equal(s12.regs.has(24), false);
      assert.equal(s12.regs.get(9), 0x99n);
      // At entry: CFA = sp, return address still in x30.
      const s0 = unwindStep(t, BASE, regs, read64);
      assert.equal(s0?.pc, 0x30n);
      assert.equal(s0?.regs.get(31), 0x1000n - 32n);
      assert.equal(unwindStep(t, BASE + 24n, regs, read64), undefined, 'CFA expression');
      assert.equal(unwindStep(t, BASE + 28n, regs, read64), undefined, 'register expression');
      assert.equal(unwindStep(t, BASE + 0x3cn, regs, read64), undefined, 'undefined return address: outermost frame');
      assert.equal(unwindStep(t, BASE + 4n, regs, () => undefined), undefined, 'unreadable stack');
      assert.equal(unwindStep(t, BASE + 12n, new Map([[31, 0n]]), read64), undefined, 'no x29');
      assert.equal(unwindStep(t, BASE - 4n, regs, read64), undefined, 'no FDE');
    }
  });

  it('reads .eh_frame with zPLR augmentation, pc-relative, absolute and uleb pointer encodings', () => {
    const ehAddr = 0x40090000n;
    const fdeEh = (cieAt: number, pos: number, enc: 'pcrel4' | 'abs8' | 'uleb', start: bigint, range: bigint, aug: number[] | undefined, prog: number[]): number[] => {
      const idPos = pos + 4;
      const fieldAddr = ehAddr + BigInt(idPos + 4);
      const addr = enc === 'pcrel4' ? [...le(BigInt.asUintN(32, start - fieldAddr), 4), ...le(range, 4)] : enc === 'abs8' ? [...le(start, 8), ...le(range, 8)] : [...uleb(Number(start)), ...uleb(Number(range))];
      return entry32([...le(BigInt(idPos - cieAt), 4), ...addr, ...(aug !== undefined ? [...uleb(aug.length), ...aug] : []), ...prog]);
    };
    // CIE 1: "zPLR", personality indirect|pcrel|sdata4, LSDA pcrel|sdata4, FDE pcrel|sdata4.
    const cie1 = entry32([...le(0n, 4), 1, ...Array.from('zPLR', (c) => c.charCodeAt(0)), 0, ...uleb(4), ...sleb(-8), 30, ...uleb(7), 0x9b, 0, 0, 0, 0, 0x1b, 0x1b, 0x0c, 31, 0]);
    // CIE 2 (version 3): "zR" with absolute 8-byte pointers; CIE 3: "zR" uleb128.
    const cie2 = entry32([...le(0n, 4), 3, 0x7a, 0x52, 0, ...uleb(4), ...sleb(-8), ...uleb(30), 1, 0x04, 0x0c, 31, 0]);
    const cie3 = entry32([...le(0n, 4), 1, 0x7a, 0x52, 0, ...uleb(4), ...sleb(-8), 30, 1, 0x01, 0x0c, 31, 0]);
    const out: number[] = [...cie1];
    const c2 = out.length; out.push(...cie2);
    const c3 = out.length; out.push(...cie3);
    out.push(...fdeEh(0, out.length, 'pcrel4', 0x40080000n, 0x20n, [0, 0, 0, 0], [0x41, 0x0e, 16, 0x9d, 2, 0x9e, 1]));
    out.push(...fdeEh(c2, out.length, 'abs8', 0x40080100n, 0x10n, [], [0x42, 0x0e, 48]));
    out.push(...fdeEh(c3, out.length, 'uleb', 0x40080200n, 0x8n, [], [0x41, 0x0e, 64]));
    out.push(0, 0, 0, 0); // terminator
    out.push(0xde, 0xad); // ignored after the terminator
    const t = parseFrames({ ehFrame: Uint8Array.from(out), ehFrameAddr: ehAddr });
    assert.equal(fmtRow(t.rowAt(0x40080000n), ['CFA', 'x29', 'ra']), 'sp+0 u u');
    assert.equal(fmtRow(t.rowAt(0x4008001cn), ['CFA', 'x29', 'ra']), 'sp+16 c-16 c-8');
    assert.equal(t.rowAt(0x40080020n), undefined);
    assert.equal(fmtRow(t.rowAt(0x40080104n), ['CFA']), 'sp+0');
    assert.equal(fmtRow(t.rowAt(0x40080108n), ['CFA']), 'sp+48');
    assert.equal(fmtRow(t.rowAt(0x40080204n), ['CFA']), 'sp+64');
    assert.equal(t.rowAt(0x40080208n), undefined);
    // Both sections together: .eh_frame first, .debug_frame for what it does not cover.
    const both = parseFrames({ ehFrame: Uint8Array.from(out), ehFrameAddr: ehAddr, debugFrame: debugFrame([{ start: 0x40080300n, range: 8n, prog: [0x41, 0x0e, 8] }]) });
    assert.equal(fmtRow(both.rowAt(0x40080304n), ['CFA']), 'sp+8');
    assert.equal(fmtRow(both.rowAt(0x40080108n), ['CFA']), 'sp+48');
    // pc-relative pointers need the section address.
    assert.throws(() => parseFrames({ ehFrame: Uint8Array.from(out) }), (e: unknown) => e instanceof DwarfError && /\.eh_frame: pc-relative pointer/.test(e.message));
    // datarel is not supported: a DwarfError naming the offset.
    const badCie = entry32([...le(0n, 4), 1, 0x7a, 0x52, 0, 4, 0x78, 30, 1, 0x3b, 0x0c, 31, 0]);
    const bad = Uint8Array.from([...badCie, ...entry32([...le(BigInt(badCie.length + 4), 4), 0, 0, 0, 0, 4, 0, 0, 0, 0])]);
    assert.throws(() => parseFrames({ ehFrame: bad, ehFrameAddr: 0n }), (e: unknown) => e instanceof DwarfError && /unsupported pointer encoding 0x3b.* at offset 0x/.test(e.message));
  });

  it('reports malformed tables as DwarfError naming the section and offset', () => {
    const ok = debugFrame([{ start: BASE, range: 8n, prog: [0x41] }]);
    const withProg = (prog: number[]): Uint8Array => debugFrame([{ start: BASE, range: 8n, prog }]);
    const cases: [Uint8Array, RegExp][] = [
      [withProg([0x0b]), /\.debug_frame: DW_CFA_restore_state without DW_CFA_remember_state at offset 0x/],
      [withProg([0x3f]), /unknown call frame instruction 0x3f at offset 0x/],
      [withProg([0x05, ...uleb(100000), 1]), /register 100000 out of range/],
      [withProg([0x01, ...le(BASE + 8n, 8), 0x01, ...le(BASE, 8)]), /set_loc moves backwards/],
      [withProg(Array.from({ length: 2000 }, () => 0x0a)), /nested too deeply/],
      [Uint8Array.from([...ok.subarray(0, 4), 0, 0, 0, 0, ...ok.subarray(8)]), /points at an FDE|CIE pointer/],
      [Uint8Array.from([0xf0, 0xff, 0xff, 0xff]), /reserved length/],
      [Uint8Array.from([8, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 9, 0, 0, 0]), /unsupported CIE version 9/],
      [Uint8Array.from([100, 0, 0, 0, 0xff]), /past the end of the section/],
    ];
    for (const [bytes, re] of cases) assert.throws(() => parseFrames({ debugFrame: bytes }), (e: unknown) => e instanceof DwarfError && re.test(e.message), String(re));
    assert.equal(parseFrames({ debugFrame: ok }).rowAt(BASE + 4n)?.cfaReg, 31);
    assert.equal(parseFrames({}).rowAt(BASE), undefined);
  });

  for (const [opt, kind] of [['-O0', 'async'], ['-O2', 'async'], ['-O0', 'debug'], ['-O2', 'debug'], ['-Os', 'sync']] as const) {
    it(`unwinds a live nvdbg machine stopped in c() back through b, a and main (${opt}, ${kind} unwind tables)`, () => {
      const b = build(CHAIN, [opt, ...TABLES[kind]]);
      const img = b.image;
      const t = tables(img);
      const table = t.eh ?? t.debug;
      assert.ok(table !== undefined);
      const sym = (n: string): { value: bigint; size: number } => { const s = img.symbols.find((x) => x.name === n && x.type === 'func'); assert.ok(s !== undefined, n); return s; };
      const m = new Machine({ output: () => {} });
      m.load(img, 't.elf');
      const pe = m.pes[0];
      const read64 = (a: bigint): bigint | undefined => {
        const bytes = m.mem.readBytes(Number(a), 8);
        if (bytes === undefined || a > 0xffff_ffff_ffffn) return undefined;
        return le8(bytes);
      };
      const regsNow = (): Map<number, bigint> => {
        const r = new Map<number, bigint>();
        for (let i = 0; i <= 30; i++) r.set(i, (BigInt(pe.x[2 * i + 1] >>> 0) << 32n) | BigInt(pe.x[2 * i] >>> 0));
        r.set(31, (BigInt(pe.x[65] >>> 0) << 32n) | BigInt(pe.x[64] >>> 0));
        return r;
      };
      const pcNow = (): bigint => (BigInt(pe.pcHi >>> 0) << 32n) | BigInt(pe.pcLo >>> 0);
      // The brk #0x42 in c.
      const c = sym('c');
      let brk = -1n;
      for (let a = c.value; a < c.value + BigInt(c.size); a += 4n) if (((read64(a) ?? 0n) & 0xffffffffn) === 0xd4200840n) brk = a;
      assert.ok(brk > 0n, 'brk #0x42 not found in c');
      // Step to it, remembering the registers at each function's entry (what the caller had at the call).
      const entries = new Map<bigint, string>(['main', 'a', 'b', 'c'].map((n) => [sym(n).value, n]));
      const atEntry = new Map<string, Map<number, bigint>>();
      for (let i = 0; i < 100000 && pcNow() !== brk; i++) {
        const name = entries.get(pcNow());
        if (name !== undefined) atEntry.set(name, regsNow());
        const res = m.stepCpu(0);
        assert.equal(res.kind, 'budget', JSON.stringify(res));
      }
      assert.equal(pcNow(), brk);
      assert.deepEqual([...atEntry.keys()].sort(), ['a', 'b', 'c', 'main']);
      const where = symbolize(img);
      let pc = pcNow();
      let regs = regsNow();
      const names = ['c'];
      for (let depth = 0; depth < 10; depth++) {
        const frameFn = names[names.length - 1];
        const step = unwindStep(table, depth === 0 ? pc : pc - 4n, regs, read64);
        if (step === undefined) break;
        // The caller's SP and callee-saved registers are what they were when the call was made.
        const entry = atEntry.get(frameFn);
        if (entry !== undefined) {
          for (const r of [19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 31]) assert.equal(step.regs.get(r), entry.get(r), `${frameFn}: caller's ${regName(r)}`);
        }
        // The return address follows a bl to the function just unwound.
        const insn = Number((read64(step.pc - 4n) ?? 0n) & 0xffffffffn);
        assert.equal(insn >>> 26, 0x25, `bl before 0x${step.pc.toString(16)}`);
        const target = step.pc - 4n + BigInt(((insn & 0x3ffffff) << 6) >> 6) * 4n;
        assert.equal(where(target)?.name, frameFn);
        pc = step.pc;
        regs = step.regs;
        names.push(where(pc)?.name ?? '?');
      }
      // Outermost: main returns into _start, which has no CFI.
      assert.deepEqual(names.slice(0, 4), ['c', 'b', 'a', 'main']);
      assert.ok(names.length === 4 || (names.length === 5 && names[4] === '_start'), names.join(' <- '));
    });
  }

  it('never crashes on truncated or mutated GCC tables: parse or DwarfError, and lookups never throw', () => {
    const b = build(RICH, ['-O2']);
    const d = build(RICH, ['-O2', ...TABLES.debug]);
    const eh = b.image.section('.eh_frame');
    const df = d.image.section('.debug_frame');
    assert.ok(eh !== undefined && df !== undefined);
    const regs = new Map<number, bigint>(Array.from({ length: 32 }, (_, i) => [i, 0x40100000n + BigInt(i * 8)]));
    const probe = (t: FrameTable): void => {
      for (let pc = 0x40080000n; pc < 0x40080400n; pc += 4n) { t.rowAt(pc); unwindStep(t, pc, regs, (a) => a ^ 0x5555n); }
    };
    const attempt = (what: string, f: () => FrameTable): void => {
      let t: FrameTable;
      try { t = f(); } catch (e) { assert.ok(e instanceof DwarfError, `${what}: ${(e as Error).stack}`); assert.match(e.message, /^\.(eh|debug)_frame: .* at offset 0x[0-9a-f]+$/); return; }
      probe(t);
    };
    const inputs: [string, Uint8Array, (x: Uint8Array) => FrameTable][] = [
      ['.eh_frame', eh.data, (x) => parseFrames({ ehFrame: x, ehFrameAddr: eh.addr })],
      ['.debug_frame', df.data, (x) => parseFrames({ debugFrame: x })],
    ];
    for (const [name, data, parse] of inputs) {
      probe(parse(data));
      for (let cut = 0; cut < data.length; cut++) attempt(`${name} cut at ${cut}`, () => parse(data.subarray(0, cut)));
      let seed = 0x2545f491;
      const rnd = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed; };
      for (let k = 0; k < 2000; k++) {
        const x = Uint8Array.from(data);
        const n = 1 + (rnd() % 4);
        for (let j = 0; j < n; j++) x[rnd() % x.length] = rnd() & 0xff;
        attempt(`${name} mutation ${k}`, () => parse(x));
      }
    }
  });
});

function le8(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}
