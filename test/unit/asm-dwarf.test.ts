// `nvdbg asm` writes a DWARF 4 .debug_line: GNU readelf decodes it to exactly the
// assembler's line map (address -> file:line) for the executable sections.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { repoRoot } from '../util/paths';
import { requireTools, runNvdbg } from '../util/gnu';
import { assemble } from '../../src/engine/isa/asm';

describe('nvdbg asm: DWARF .debug_line', () => {
  it('readelf --debug-dump=decodedline gives the assembler line map', () => {
    requireTools('aarch64-linux-gnu-readelf');
    const src = path.join(repoRoot(), 'examples/el2-tour/el2-tour.S');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-dwarf-')), 'tour.elf');
    const r = runNvdbg(['asm', src, '-o', out]);
    assert.equal(r.status, 0, r.stderr);
    const text = execFileSync('aarch64-linux-gnu-readelf', ['--debug-dump=decodedline', out], { encoding: 'utf8' });
    const rows = [...text.matchAll(/^\S*el2-tour\.S\s+(\d+)\s+0x([0-9a-f]+)/gm)].map((m) => `${BigInt('0x' + m[2]).toString(16)}:${m[1]}`);
    const a = assemble({ read: (p) => { try { return fs.readFileSync(p, 'latin1'); } catch { return undefined; } } }, src);
    const exec = a.image.filter((s) => s.exec);
    const expected = a.lineMap
      .filter((l) => exec.some((s) => l.address >= s.address && l.address < s.address + BigInt(s.size)))
      .map((l) => `${l.address.toString(16)}:${l.line}`);
    assert.ok(rows.length > 50, `readelf rows: ${rows.length}`);
    // readelf lists a row per address change; the line map has one entry per emitted item.
    assert.deepEqual([...new Set(rows)], [...new Set(expected)]);
    const run = runNvdbg(['run', out]);
    assert.equal(run.status, 0, 'the ELF with debug info still runs');
  });
});
