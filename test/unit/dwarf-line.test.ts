// The DWARF .debug_line reader against GNU readelf's decoded line table (GCC-built
// objects, DWARF 5 and 4), against nvdbg's own writer, and on truncated and garbage input.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { parseDebugLine, DwarfError } from '../../src/engine/loader/dwarf-line';
import { encodeDebugLine } from '../../src/engine/loader/dwarf-line-writer';
import { parseElf } from '../../src/engine/loader/elf';
import { requireTools } from '../util/gnu';

const C = `int g;
static int sq(int x) { return x * x; }
int f(int a, int b) {
  int s = 0;
  for (int i = 0; i < a; i++)
    s += sq(i) + b;
  g = s;
  return s;
}
void h(void) { g = f(3, 4); }
`;

/** A GCC -g executable (linked, so string offsets are resolved): its DWARF sections and readelf's decoded rows. */
function compile(dwarf: 4 | 5): { line: Uint8Array; str?: Uint8Array; lineStr?: Uint8Array; expected: [number, number, boolean][] } {
  requireTools('aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-readelf');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-dwarf-'));
  fs.writeFileSync(path.join(dir, 't.c'), C);
  const cc = spawnSync('aarch64-linux-gnu-gcc', ['-O2', '-g', `-gdwarf-${dwarf}`, '-ffreestanding', '-nostdlib', '-static', '-Wl,-e,h', '-Wl,-Ttext=0x40080000', '-Wl,--build-id=none', 't.c', '-o', 't.elf'], { cwd: dir, encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  const re = spawnSync('aarch64-linux-gnu-readelf', ['--debug-dump=decodedline', 't.elf'], { cwd: dir, encoding: 'utf8' });
  const expected: [number, number, boolean][] = [];
  for (const l of re.stdout.split('\n')) {
    const m = /^t\.c\s+(\d+)\s+(0x[0-9a-f]+|\d+)(?:\s+\d+)?\s*(x?)\s*$/.exec(l);
    if (m !== null) expected.push([Number(m[1]), Number(m[2]), m[3] === 'x']);
  }
  const img = parseElf(fs.readFileSync(path.join(dir, 't.elf')), 't.elf');
  fs.rmSync(dir, { recursive: true, force: true });
  const line = img.section('.debug_line')?.data;
  assert.ok(line !== undefined);
  return { line, str: img.section('.debug_str')?.data, lineStr: img.section('.debug_line_str')?.data, expected };
}

describe('DWARF .debug_line reader', function () {
  this.timeout(30000);
  for (const v of [5, 4] as const) {
    it(`reads GCC's DWARF ${v} line table exactly as readelf --debug-dump=decodedline decodes it`, () => {
      const o = compile(v);
      const rows = parseDebugLine(o.line, o.str, o.lineStr).filter((r) => !r.endSequence);
      assert.ok(o.expected.length > 10);
      assert.deepEqual(rows.map((r) => [r.line, Number(r.address), r.isStmt]), o.expected);
      assert.ok(rows.every((r) => r.file.endsWith('t.c')));
    });
  }

  it('reads back what nvdbg\'s assembler writes (DWARF 4, one row per instruction)', () => {
    const rows = [{ address: 0x40080000n, file: 'a.S', line: 3 }, { address: 0x40080004n, file: 'a.S', line: 4 }, { address: 0x40080008n, file: 'b.S', line: 10 }];
    const out = parseDebugLine(encodeDebugLine(rows, [{ address: 0x40080000n, size: 12 }]));
    assert.deepEqual(out.filter((r) => !r.endSequence).map((r) => [r.address, r.file, r.line]), rows.map((r) => [r.address, r.file, r.line]));
    assert.equal(out[out.length - 1].endSequence, true);
  });

  it('reports truncated and garbage sections as DwarfError with the offset, never crashes or hangs', () => {
    const { line } = compile(5);
    for (let cut = 1; cut < line.length; cut += 3) {
      try { parseDebugLine(line.subarray(0, cut)); } catch (e) { assert.ok(e instanceof DwarfError, `cut ${cut}: ${(e as Error).stack}`); }
    }
    let seed = 12345;
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
    for (let k = 0; k < 2000; k++) {
      const b = Uint8Array.from(line);
      for (let j = 0; j < 4; j++) b[rnd() % b.length] = rnd() & 0xff;
      try { parseDebugLine(b); } catch (e) { assert.ok(e instanceof DwarfError, `mutation ${k}: ${(e as Error).stack}`); }
    }
    assert.throws(() => parseDebugLine(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 1])), /truncated/);
    assert.throws(() => parseDebugLine(Uint8Array.from([8, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0])), /unsupported version 9/);
  });

  it('an ELF without .debug_line has no line table (disassembly-only debugging)', () => {
    const elf = parseElf(fs.readFileSync(path.join(__dirname, '../../../examples/el2-tour/el2-tour.elf')), 'el2-tour.elf');
    assert.equal(elf.section('.debug_line'), undefined);
  });
});
