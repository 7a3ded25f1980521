// The DWARF .debug_info reader against GNU readelf/objdump on GCC-built executables
// (-O0 and -O2, DWARF 5 and 4), on hand-built units using the forms GCC does not emit
// for a static executable (strx, addrx, rnglistx, loclistx, .debug_loc base selection),
// and on malformed input (every truncation, random mutations, cycles).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseDebugInfo, functionsAt, DwarfSections, DwarfFunction, DwarfLocation, DwarfVariable } from '../../src/engine/loader/dwarf-info';
import { DwarfError } from '../../src/engine/loader/dwarf-line';
import { opName } from '../../src/engine/loader/dwarf-expr';
import { parseElf } from '../../src/engine/loader/elf';
import { requireTools } from '../util/gnu';

const C = `typedef unsigned long u64;
struct pt { int x; int y; };
enum color { RED, GREEN = -1 };
volatile int sink;

static inline int sq(int x) {
  int r = x * x;
  sink = r;
  return r;
}

int __attribute__((noinline)) sum(const int *p, struct pt q, unsigned char c, signed char d) {
  static int calls;
  int arr[4] = {q.x, q.y, c, d};
  enum color e = c ? RED : GREEN;
  calls++;
  return *p + arr[0] + arr[3] + (int)e + calls;
}

int __attribute__((noinline)) f(int a, int b) {
  int s = 0;
  for (int i = 0; i < a; i++) {
    u64 t = sq(i) + b;
    s += (int)t;
  }
  return s;
}

void entry(void) {
  struct pt q = {1, 2};
  int z = sink;
  sink = f(sink, 4) + sum(&z, q, 7, -3);
}
`;

interface Built { sections: DwarfSections; info: string; loc: string; ranges: Map<number, [bigint, bigint][]> }

const cache = new Map<string, Built>();

/** A static GCC executable of C: its DWARF sections and readelf's/objdump's dumps. */
function build(opt: 'O0' | 'O2', dwarf: 4 | 5): Built {
  const key = `${opt}-${dwarf}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  requireTools('aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-readelf', 'aarch64-linux-gnu-objdump', ...(dwarf === 5 ? ['llvm-dwarfdump'] : []));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-dwarf-info-'));
  try {
    fs.writeFileSync(path.join(dir, 'u.c'), C);
    const cc = spawnSync('aarch64-linux-gnu-gcc', [`-${opt}`, '-g', `-gdwarf-${dwarf}`, '-ffreestanding', '-nostdlib', '-static', '-Wl,-e,entry',
      '-Wl,-Ttext=0x40080000', '-Wl,--build-id=none', 'u.c', '-o', 'u.elf'], { cwd: dir, encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    const run = (tool: string, ...args: string[]): string => {
      const r = spawnSync(tool, [...args, 'u.elf'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const img = parseElf(fs.readFileSync(path.join(dir, 'u.elf')), 'u.elf');
    const sec = (n: string): Uint8Array | undefined => img.section(n)?.data;
    const info = sec('.debug_info'), abbrev = sec('.debug_abbrev');
    assert.ok(info !== undefined && abbrev !== undefined);
    const b: Built = {
      sections: { info, abbrev, str: sec('.debug_str'), lineStr: sec('.debug_line_str'), strOffsets: sec('.debug_str_offsets'), addr: sec('.debug_addr'),
        rnglists: sec('.debug_rnglists'), loclists: sec('.debug_loclists'), ranges: sec('.debug_ranges'), loc: sec('.debug_loc') },
      info: run('aarch64-linux-gnu-readelf', '--debug-dump=info'),
      loc: run('aarch64-linux-gnu-objdump', '--dwarf=loc'),
      // binutils 2.40 dumps only the first list of a DWARF 5 .debug_rnglists table without
      // offset entries (what GCC emits), so for DWARF 5 the range lists come from llvm-dwarfdump.
      ranges: dwarf === 4 ? new Map([...objdumpLists(run('aarch64-linux-gnu-objdump', '--dwarf=Ranges'))].map(([k, l]) => [k, l.map(([lo, hi]) => [lo, hi])]))
        : llvmRanges(run('llvm-dwarfdump', '--debug-info')),
    };
    cache.set(key, b);
    return b;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------
// readelf / objdump output, parsed independently of the reader under test.

interface RDie { off: number; tag: string; attrs: Map<string, string>; children: RDie[] }

function readelfDies(text: string): { roots: RDie[]; byOff: Map<number, RDie> } {
  const roots: RDie[] = [];
  const byOff = new Map<number, RDie>();
  const stack: RDie[] = [];
  let cur: RDie | undefined;
  for (const line of text.split('\n')) {
    const d = /^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: \d+ \((DW_TAG_\w+)\)/.exec(line);
    if (d !== null) {
      const depth = Number(d[1]);
      cur = { off: parseInt(d[2], 16), tag: d[3], attrs: new Map(), children: [] };
      byOff.set(cur.off, cur);
      stack.length = depth;
      if (depth === 0) roots.push(cur); else stack[depth - 1].children.push(cur);
      stack[depth] = cur;
      continue;
    }
    const a = /^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*: ?(.*)$/.exec(line);
    if (a !== null && cur !== undefined) cur.attrs.set(a[1], a[2].trim());
  }
  return { roots, byOff };
}

function rName(dies: Map<number, RDie>, d: RDie): string {
  for (let x: RDie | undefined = d, n = 0; x !== undefined && n < 10; n++) {
    const v = x.attrs.get('DW_AT_name');
    if (v !== undefined) { const m = /^\(indirect[^)]*\): (.*)$/.exec(v); return m === null ? v : m[1]; }
    const o: string | undefined = x.attrs.get('DW_AT_abstract_origin') ?? x.attrs.get('DW_AT_specification');
    x = o === undefined ? undefined : dies.get(parseInt(o.replace(/[<>]/g, ''), 16));
  }
  return '';
}

/** objdump's list dump: list start offset -> [begin, end, text] (text = the expression for --dwarf=loc). */
function objdumpLists(text: string): Map<number, [bigint, bigint, string][]> {
  const lists = new Map<number, [bigint, bigint, string][]>();
  let cur: [bigint, bigint, string][] | undefined;
  for (const line of text.split('\n')) {
    if (/<End of list>/.test(line)) { cur = undefined; continue; }
    if (/location view pair|Offset\s+Begin/.test(line)) continue;
    const o = /^\s{4}([0-9a-f]{8}) /.exec(line);
    if (o !== null && cur === undefined) { cur = []; lists.set(parseInt(o[1], 16), cur); }
    const e = /([0-9a-f]{16}) ([0-9a-f]{16})\s*(?:\(start == end\))?\s*(?:\((.*)\))?\s*$/.exec(line);
    if (e !== null && cur !== undefined) {
      cur.push([BigInt(`0x${e[1]}`), BigInt(`0x${e[2]}`), e[3] ?? '']);
    }
  }
  return lists;
}

/** llvm-dwarfdump --debug-info prints DW_AT_ranges resolved: offset -> ranges. */
function llvmRanges(text: string): Map<number, [bigint, bigint][]> {
  const out = new Map<number, [bigint, bigint][]>();
  for (const m of text.matchAll(/DW_AT_ranges\s*\((0x[0-9a-f]+)((?:\s*\[0x[0-9a-f]+, 0x[0-9a-f]+\))*)\)/g)) {
    out.set(parseInt(m[1], 16), [...m[2].matchAll(/\[(0x[0-9a-f]+), (0x[0-9a-f]+)\)/g)].map((r): [bigint, bigint] => [BigInt(r[1]), BigInt(r[2])]));
  }
  return out;
}

/** Does our location say what readelf/objdump print as `text`? */
function matches(loc: DwarfLocation, text: string): boolean {
  const x = (r: number): string => (r === 31 ? 'sp' : `x${r}`);
  switch (loc.kind) {
    case 'reg': return text === `DW_OP_reg${loc.reg} (${x(loc.reg)})`;
    case 'fbreg': return text === `DW_OP_fbreg: ${loc.offset}`;
    case 'breg': return text === `DW_OP_breg${loc.reg} (${x(loc.reg)}): ${loc.offset}`;
    case 'implicit-reg': return text === `DW_OP_breg${loc.reg} (${x(loc.reg)}): ${loc.offset}; DW_OP_stack_value`;
    case 'addr': return text === `DW_OP_addr: ${loc.address.toString(16)}`;
    case 'cfa': return text === 'DW_OP_call_frame_cfa';
    case 'value': {
      const m = /^DW_OP_(?:lit(\d+)|const\w+: (-?\d+)); DW_OP_stack_value$/.exec(text);
      return m !== null && BigInt(m[1] ?? m[2]) === loc.value;
    }
    case 'unsupported': return text.includes(loc.why);
    // A general expression (dwarf-expr.ts evaluates it): the same operations, starting with the same one.
    case 'expr': return text.startsWith(opName(loc.expr[0]));
  }
}

/** Locations with general expressions as plain data (their bytes), for deepEqual. */
const plainLoc = (l: DwarfVariable['location']): unknown => {
  if (l === undefined) return l;
  if (l.kind === 'expr') return { kind: 'expr', expr: [...l.expr] };
  if (l.kind === 'list') return { kind: 'list', entries: l.entries.map((e) => ({ ...e, loc: plainLoc(e.loc) })) };
  return l;
};

interface Expected { name: string; ranges: [bigint, bigint][]; callLine?: number; inlined: Expected[] }

/** Function tree as readelf sees it: subprograms with code, their inlined calls (DW_AT_ranges via objdump). */
function expectedFunctions(b: Built): { fns: Expected[]; dies: Map<number, RDie>; subprograms: RDie[] } {
  const { roots, byOff } = readelfDies(b.info);
  const ranges = b.ranges;
  const rangesOf = (d: RDie): [bigint, bigint][] => {
    const lo = d.attrs.get('DW_AT_low_pc');
    if (lo !== undefined) return [[BigInt(lo), BigInt(lo) + BigInt(d.attrs.get('DW_AT_high_pc') ?? '0')]];
    const r = d.attrs.get('DW_AT_ranges');
    assert.ok(r !== undefined, `DIE ${d.off.toString(16)} has no ranges`);
    const list = ranges.get(parseInt(r, 16));
    assert.ok(list !== undefined, `no range list at ${r}`);
    return list;
  };
  const inl = (d: RDie): Expected[] => d.children.flatMap((c) => {
    if (c.tag === 'DW_TAG_inlined_subroutine') return [{ name: rName(byOff, c), ranges: rangesOf(c), callLine: Number(c.attrs.get('DW_AT_call_line')), inlined: inl(c) }];
    return c.tag === 'DW_TAG_lexical_block' ? inl(c) : [];
  });
  const subprograms = roots[0].children.filter((d) => d.tag === 'DW_TAG_subprogram' && d.attrs.has('DW_AT_low_pc'));
  return { fns: subprograms.map((d) => ({ name: rName(byOff, d), ranges: rangesOf(d), inlined: inl(d) })), dies: byOff, subprograms };
}

const project = (f: DwarfFunction): Expected => {
  const e: Expected = { name: f.name, ranges: f.ranges.map((r) => [r.low, r.high]), inlined: f.inlined.map(project) };
  if (f.callLine !== undefined) e.callLine = f.callLine;
  return e;
};

const byName = (fns: readonly DwarfFunction[], name: string): DwarfFunction => {
  const f = fns.find((g) => g.name === name);
  assert.ok(f !== undefined, `no function ${name}`);
  return f;
};
const varOf = (f: DwarfFunction, name: string): DwarfVariable => {
  const v = f.variables.find((w) => w.name === name);
  assert.ok(v !== undefined, `no variable ${name} in ${f.name}`);
  return v;
};

describe('DWARF .debug_info reader', function () {
  this.timeout(60000);

  for (const opt of ['O0', 'O2'] as const) {
    for (const v of [5, 4] as const) {
      const cfg = `-${opt} -gdwarf-${v}`;
      it(`${cfg}: functions, ranges and inlined calls equal readelf's DW_TAG_subprogram / DW_TAG_inlined_subroutine`, () => {
        const b = build(opt, v);
        const fns = parseDebugInfo(b.sections);
        const exp = expectedFunctions(b);
        const sortKey = (e: Expected): bigint => e.ranges[0]?.[0] ?? 0n;
        const sorted = (a: Expected[]): Expected[] => [...a].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
        assert.deepEqual(sorted(fns.map(project)), sorted(exp.fns));
        assert.deepEqual(fns.map((f) => f.name).sort(), opt === 'O0' ? ['entry', 'f', 'sq', 'sum'] : ['entry', 'f', 'sum']);
        assert.ok(fns.every((f) => f.frameBase?.kind === 'cfa'));
      });

      it(`${cfg}: every parameter and local readelf lists, with readelf's/objdump's location`, () => {
        const b = build(opt, v);
        const fns = parseDebugInfo(b.sections);
        const { dies, subprograms } = expectedFunctions(b);
        const lists = objdumpLists(b.loc);
        let checked = 0;
        const check = (mine: DwarfFunction, d: RDie): void => {
          const vars: RDie[] = [];
          const walk = (x: RDie): void => {
            for (const c of x.children) {
              if (c.tag === 'DW_TAG_formal_parameter' || c.tag === 'DW_TAG_variable') vars.push(c);
              else if (c.tag === 'DW_TAG_lexical_block') walk(c);
            }
          };
          walk(d);
          for (const rd of vars) {
            const name = rName(dies, rd);
            const mv = varOf(mine, name);
            assert.equal(mv.isParameter, rd.tag === 'DW_TAG_formal_parameter', name);
            const loc = rd.attrs.get('DW_AT_location');
            const cv = rd.attrs.get('DW_AT_const_value');
            const where = `${mine.name}.${name}`;
            if (loc === undefined) {
              if (cv === undefined) assert.equal(mv.location, undefined, where);
              else assert.deepEqual(mv.location, { kind: 'value', value: BigInt(cv) }, where);
            } else if (/location list/.test(loc)) {
              const list = lists.get(parseInt(loc, 16));
              assert.ok(list !== undefined && mv.location?.kind === 'list', `${where}: ${loc}`);
              const want = list.filter((e) => e[2] !== '');
              assert.deepEqual(mv.location.entries.map((e) => [e.low, e.high]), want.map((e) => [e[0], e[1]]), where);
              mv.location.entries.forEach((e, k) => assert.ok(matches(e.loc, want[k][2]), `${where}[${k}]: ${JSON.stringify(e.loc, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))} vs ${want[k][2]}`));
            } else {
              const m = /\((.*)\)\s*$/.exec(loc);
              assert.ok(m !== null && mv.location !== undefined && mv.location.kind !== 'list', `${where}: ${loc}`);
              assert.ok(matches(mv.location, m[1]), `${where}: ${JSON.stringify(mv.location, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))} vs ${m[1]}`);
            }
            checked++;
          }
          // Variables only in the abstract instance (optimized away) are reported without a location.
          const names = new Set(vars.map((x) => rName(dies, x)));
          for (const mv of mine.variables) if (!names.has(mv.name)) assert.equal(mv.location, undefined, `${mine.name}.${mv.name}`);
          const inl: RDie[] = [];
          const walkInl = (x: RDie): void => { for (const c of x.children) { if (c.tag === 'DW_TAG_inlined_subroutine') inl.push(c); else if (c.tag === 'DW_TAG_lexical_block') walkInl(c); } };
          walkInl(d);
          assert.equal(mine.inlined.length, inl.length);
          inl.forEach((c, k) => check(mine.inlined[k], c));
        };
        for (const d of subprograms) check(byName(fns, rName(dies, d)), d);
        assert.ok(checked >= 12, `checked ${checked}`);
      });
    }
  }

  it('-O0: types through typedef/const, pointers, arrays, enums, structs; locals are DW_OP_fbreg; statics DW_OP_addr', () => {
    for (const v of [5, 4] as const) {
      const fns = parseDebugInfo(build('O0', v).sections);
      const sum = byName(fns, 'sum');
      assert.deepEqual(sum.variables.map((x) => [x.name, x.isParameter, x.typeName, x.byteSize, x.signed]), [
        ['p', true, 'int*', 8, false], ['q', true, 'struct pt', 8, false], ['c', true, 'unsigned char', 1, false], ['d', true, 'signed char', 1, true],
        ['calls', false, 'int', 4, true], ['arr', false, 'int[4]', 16, false], ['e', false, 'enum color', 4, true],
      ]);
      assert.equal(varOf(sum, 'calls').location?.kind, 'addr');
      const f = byName(fns, 'f');
      assert.deepEqual(f.variables.map((x) => x.name), ['a', 'b', 's', 'i', 't']);
      assert.ok(f.variables.every((x) => x.location?.kind === 'fbreg'));
      const t = varOf(f, 't');
      assert.deepEqual([t.typeName, t.byteSize, t.signed], ['long unsigned int', 8, false]);
      assert.ok(t.scope !== undefined && t.scope.length === 1 && f.ranges[0].low < t.scope[0].low && t.scope[0].high <= f.ranges[0].high);
      assert.equal(varOf(f, 'a').scope, undefined);
      // No inlining at -O0: sq is an ordinary function.
      assert.ok(fns.some((g) => g.name === 'sq' && g.inlined.length === 0));
    }
  });

  it('-O2: location lists (DW_OP_reg0 at entry), inlined sq under f, functionsAt gives the logical frames', () => {
    for (const v of [5, 4] as const) {
      const fns = parseDebugInfo(build('O2', v).sections);
      const f = byName(fns, 'f');
      const a = varOf(f, 'a');
      assert.ok(a.location?.kind === 'list');
      assert.deepEqual(a.location.entries[0].loc, { kind: 'reg', reg: 0 });
      assert.equal(a.location.entries[0].low, f.ranges[0].low);
      assert.equal(f.inlined.length, 1);
      const sq = f.inlined[0];
      assert.equal(sq.name, 'sq');
      assert.equal(sq.callLine, C.split('\n').findIndex((l) => l.includes('sq(i)')) + 1);
      assert.deepEqual(sq.variables.map((x) => [x.name, x.isParameter]), [['x', true], ['r', false]]);
      const pc = sq.ranges[0].low;
      assert.deepEqual(functionsAt(fns, pc).map((g) => g.name), ['sq', 'f']);
      assert.deepEqual(functionsAt(fns, f.ranges[0].low).map((g) => g.name), ['f']);
      assert.deepEqual(functionsAt(fns, byName(fns, 'entry').ranges[0].low).map((g) => g.name), ['entry']);
      assert.deepEqual(functionsAt(fns, 0x1000n), []);
      assert.ok(varOf(byName(fns, 'sum'), 'p').location?.kind === 'list');
    }
  });

  it('hand-built DWARF 5 (strx, addrx, rnglistx, loclistx, implicit_const) and DWARF 4 (.debug_loc/.debug_ranges base selection) units', () => {
    const fns = parseDebugInfo(synthetic());
    assert.deepEqual(fns.map(project), [
      { name: 'main', ranges: [[0x1000n, 0x1040n]], inlined: [] },
      { name: 'helper', ranges: [[0x2000n, 0x2010n], [0x4008n, 0x4010n]], inlined: [] },
      { name: 'old', ranges: [[0x5010n, 0x5020n]], inlined: [] },
    ]);
    const main = fns[0];
    assert.deepEqual(main.frameBase, { kind: 'cfa' });
    assert.deepEqual(main.variables.map((x) => ({ ...x, location: plainLoc(x.location) })), [
      { name: 'p', isParameter: true, typeName: 'int*', byteSize: 8, signed: false, encoding: 0, location: { kind: 'breg', reg: 31, offset: 16 } },
      { name: 'k', isParameter: false, typeName: 'int', byteSize: 4, signed: true, encoding: 5, location: { kind: 'value', value: -2n } },
      { name: 'v', isParameter: false, typeName: 'int', byteSize: 4, signed: true, encoding: 5, location: { kind: 'list', entries: [
        { low: 0x1000n, high: 0x1004n, loc: { kind: 'reg', reg: 0 } },
        { low: 0x3000n, high: 0x3004n, loc: { kind: 'fbreg', offset: -4 } },
        { low: 0x1008n, high: 0x100cn, loc: { kind: 'expr', expr: [0x50, 0x93, 4, 0x51] } },
        { low: 0n, high: 0xffffffffffffffffn, loc: { kind: 'implicit-reg', reg: 0, offset: 8 } },
      ] } },
    ]);
    assert.deepEqual(fns[2].variables.map((x) => x.location), [{ kind: 'list', entries: [
      { low: 0x5000n, high: 0x5004n, loc: { kind: 'reg', reg: 1 } },
      { low: 0x6000n, high: 0x6008n, loc: { kind: 'addr', address: 0x1234n } },
    ] }]);
  });

  it('malformed input: cycles, bad references, unknown forms throw DwarfError', () => {
    assert.throws(() => parseDebugInfo(synthetic('type-cycle')), (e: unknown) => e instanceof DwarfError && /cycle in the type chain/.test(e.message));
    assert.throws(() => parseDebugInfo(synthetic('origin-cycle')), (e: unknown) => e instanceof DwarfError && /cycle in the abstract_origin/.test(e.message));
    assert.throws(() => parseDebugInfo(synthetic('bad-ref')), (e: unknown) => e instanceof DwarfError && /is not a DIE/.test(e.message));
    assert.throws(() => parseDebugInfo(synthetic('bad-form')), (e: unknown) => e instanceof DwarfError && /unknown form 0x7f/.test(e.message));
    assert.throws(() => parseDebugInfo({ info: Uint8Array.from([4, 0, 0, 0, 9, 0, 0, 0]), abbrev: new Uint8Array(1) }), /unsupported version 9/);
    // 100000 nested DIEs (abbreviation 1: a lexical block with children): bounded, not a stack overflow.
    const deep = [...u16(4), ...u32(0), 8, ...new Array<number>(100000).fill(1)];
    assert.throws(() => parseDebugInfo({ info: Uint8Array.from([...u32(deep.length), ...deep]), abbrev: Uint8Array.from([...abbrev(1, 0x0b, true, []), 0]) }),
      (e: unknown) => e instanceof DwarfError && /nested deeper/.test(e.message));
  });

  it('every truncation and 2000 random mutations of .debug_info/.debug_abbrev (and 1000 of the list sections) parse or throw DwarfError', () => {
    const inputs: DwarfSections[] = [build('O2', 5).sections, build('O2', 4).sections, synthetic()];
    const tryParse = (s: DwarfSections, what: string): void => {
      try { parseDebugInfo(s); } catch (e) { assert.ok(e instanceof DwarfError, `${what}: ${(e as Error).stack}`); }
    };
    for (const s of inputs) {
      for (let cut = 0; cut < s.info.length; cut++) tryParse({ ...s, info: s.info.subarray(0, cut) }, `info cut ${cut}`);
      for (let cut = 0; cut < s.abbrev.length; cut++) tryParse({ ...s, abbrev: s.abbrev.subarray(0, cut) }, `abbrev cut ${cut}`);
    }
    let seed = 0x5eed;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed >>> 8; };
    // 2000 mutations of .debug_info/.debug_abbrev, then 1000 of the list sections.
    for (let k = 0; k < 3000; k++) {
      const s = inputs[k % inputs.length];
      const key = k < 2000 ? (['info', 'abbrev'] as const)[rnd() % 2] : (['loclists', 'rnglists', 'loc', 'ranges'] as const)[rnd() % 4];
      const orig = s[key] ?? s.info;
      const b = Uint8Array.from(orig);
      for (let j = 1 + (rnd() % 4); j > 0; j--) b[rnd() % b.length] = rnd() & 0xff;
      tryParse({ ...s, [s[key] === undefined ? 'info' : key]: b }, `mutation ${k} of ${key}`);
    }
  });
});

// ---------------------------------------------------------------------------------------
// Hand-built sections.

const uleb = (n: number): number[] => { const o: number[] = []; do { let b = n % 128; n = Math.floor(n / 128); if (n > 0) b |= 0x80; o.push(b); } while (n > 0); return o; };
const sleb = (n: number): number[] => { const o: number[] = []; for (;;) { const b = n & 0x7f; n >>= 7; if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { o.push(b); return o; } o.push(b | 0x80); } };
const u16 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
const u64 = (n: bigint): number[] => Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const cstr = (s: string): number[] => [...Array.from(s, (c) => c.charCodeAt(0)), 0];

/** Abbreviation: code, tag, children, [attr, form, implicit?]... */
function abbrev(code: number, tag: number, children: boolean, attrs: [number, number, number?][]): number[] {
  return [...uleb(code), ...uleb(tag), children ? 1 : 0, ...attrs.flatMap(([a, f, imp]) => [...uleb(a), ...uleb(f), ...(f === 0x21 ? sleb(imp ?? 0) : [])]), 0, 0];
}

type Variant = 'ok' | 'type-cycle' | 'origin-cycle' | 'bad-ref' | 'bad-form';

/**
 * A DWARF 5 unit in the style of clang (string/address/list indexes) followed by a
 * DWARF 4 unit with base-address-selection entries, or a broken variant.
 */
function synthetic(variant: Variant = 'ok'): DwarfSections {
  // .debug_str and .debug_str_offsets (base 8).
  const strs = ['cu.c', 'int', 'main', 'helper', 'p'];
  const str: number[] = [];
  const strOff: number[] = [];
  for (const s of strs) { strOff.push(str.length); str.push(...cstr(s)); }
  const strOffsets = [...u32(4 + strOff.length * 4), ...u16(5), 0, 0, ...strOff.flatMap(u32)];
  // .debug_addr (base 8): [0] 0x1000, [1] 0x2000, [2] 0x3000.
  const addr = [...u32(4 + 24), ...u16(5), 8, 0, ...u64(0x1000n), ...u64(0x2000n), ...u64(0x3000n)];
  // .debug_rnglists (base 12, one offset entry): startx_length [1]+0x10; base_address 0x4000; offset_pair 8..0x10; end.
  const rl = [3, 1, 0x10, 5, ...u64(0x4000n), 4, 8, 0x10, 0];
  const rnglists = [...u32(8 + 4 + rl.length), ...u16(5), 8, 0, ...u32(1), ...u32(4), ...rl];
  // .debug_loclists (base 12, one offset entry).
  const ll = [
    1, 0, 4, 0, 4, 1, 0x50,                     // base_addressx [0]; offset_pair 0..4: DW_OP_reg0
    3, 2, 4, 2, 0x91, 0x7c,                     // startx_length [2]+4: DW_OP_fbreg -4
    8, ...u64(0x1008n), 4, 4, 0x50, 0x93, 4, 0x51, // start_length 0x1008+4: reg0 piece 4 reg1 (pieces)
    9, 0, 0,                                     // GNU view pair (skipped)
    5, 3, 0x70, 8, 0x9f,                         // default_location: DW_OP_breg0 8; DW_OP_stack_value
    0,
  ];
  const loclists = [...u32(8 + 4 + ll.length), ...u16(5), 8, 0, ...u32(1), ...u32(4), ...ll];

  const ab = [
    ...abbrev(1, 0x11, true, [[0x03, 0x25], [0x72, 0x17], [0x73, 0x17], [0x74, 0x17], [0x8c, 0x17], [0x11, 0x29]]), // CU: name strx1, bases, low_pc addrx1
    ...abbrev(2, 0x24, false, [[0x03, 0x25], [0x0b, 0x21, 4], [0x3e, 0x0b]]),            // base_type: name strx1, byte_size implicit_const, encoding data1
    ...abbrev(3, 0x2e, true, [[0x03, 0x1a], [0x11, 0x1b], [0x12, 0x06], [0x40, 0x18]]),  // subprogram: strx, addrx, high_pc data4, frame_base
    ...abbrev(4, 0x34, false, [[0x03, 0x08], [0x49, 0x15], [0x02, 0x22]]),               // variable: string, ref_udata, loclistx
    ...abbrev(5, 0x2e, false, [[0x03, 0x26], [0x55, 0x23]]),                              // subprogram: strx2, rnglistx
    ...abbrev(6, 0x05, false, [[0x03, 0x28], [0x49, 0x13], [0x02, 0x18]]),               // formal_parameter: strx4, ref4, exprloc
    ...abbrev(7, 0x0f, false, [[0x49, variant === 'bad-form' ? 0x7f : 0x13]]),            // pointer_type: ref4
    ...abbrev(8, 0x34, false, [[0x03, 0x08], [0x49, 0x13], [0x1c, 0x0d]]),               // variable: string, ref4, const_value sdata
    ...abbrev(9, 0x16, false, [[0x49, 0x13]]),                                            // typedef: ref4
    ...abbrev(10, 0x2e, false, [[0x31, 0x13], [0x11, 0x01], [0x12, 0x07]]),              // subprogram: abstract_origin, low_pc addr, high_pc data8
    0,
  ];
  // DWARF 5 unit: DIE offsets are unit-relative (header 12 bytes).
  const body: number[] = [];
  const here = (): number => 12 + body.length;
  body.push(1, 0, ...u32(8), ...u32(8), ...u32(12), ...u32(12), 0);       // CU
  const intOff = here(); body.push(2, 1, 5);                                 // int
  const ptrOff = here(); body.push(7, ...u32(variant === 'bad-ref' ? 0xfff0 : intOff)); // int*
  body.push(3, 2, 0, ...u32(0x40), 1, 0x9c);                                 // main [0x1000, +0x40), frame base cfa
  body.push(6, ...u32(4), ...u32(ptrOff), 2, 0x8f, 0x10);                    //   p: DW_OP_breg31 16
  body.push(8, ...cstr('k'), ...u32(intOff), ...sleb(-2));                   //   k = -2
  if (variant === 'type-cycle') {
    const t1 = here() + 5; // just after the 5-byte variable below: typedef -> typedef -> the first typedef
    body.push(4, ...cstr('v'), ...uleb(t1), 0);
    body.push(9, ...u32(t1 + 5), 9, ...u32(t1));
  } else body.push(4, ...cstr('v'), ...uleb(intOff), 0);                     //   v: loclistx 0
  body.push(0);
  body.push(5, ...u16(3), 0);                                                // helper: rnglistx 0
  if (variant === 'origin-cycle') { const o = here(); body.push(10, ...u32(o), ...u64(0x9000n), ...u64(4n)); }
  body.push(0);
  const unit5 = [...u32(8 + body.length), ...u16(5), 1, 8, ...u32(0), ...body];

  // DWARF 4 unit (own abbreviations): base 0x5000, .debug_ranges / .debug_loc with base selection.
  const ab4Off = ab.length;
  ab.push(
    ...abbrev(1, 0x11, true, [[0x11, 0x01]]),
    ...abbrev(2, 0x2e, true, [[0x03, 0x08], [0x55, 0x17]]),
    ...abbrev(3, 0x34, false, [[0x03, 0x08], [0x02, 0x17]]),
    0,
  );
  const max = 0xffffffffffffffffn;
  const ranges = [...u64(0x10n), ...u64(0x20n), ...u64(0n), ...u64(0n)];
  const loc = [...u64(0n), ...u64(4n), ...u16(1), 0x51, ...u64(max), ...u64(0x6000n), ...u64(0n), ...u64(8n), ...u16(9), 0x03, ...u64(0x1234n), ...u64(0n), ...u64(0n)];
  const body4 = [1, ...u64(0x5000n), 2, ...cstr('old'), ...u32(0), 3, ...cstr('w'), ...u32(0), 0, 0];
  const unit4 = [...u32(7 + body4.length), ...u16(4), ...u32(ab4Off), 8, ...body4];

  return {
    info: Uint8Array.from([...unit5, ...unit4]), abbrev: Uint8Array.from(ab), str: Uint8Array.from(str), strOffsets: Uint8Array.from(strOffsets),
    addr: Uint8Array.from(addr), rnglists: Uint8Array.from(rnglists), loclists: Uint8Array.from(loclists), ranges: Uint8Array.from(ranges), loc: Uint8Array.from(loc),
  };
}
