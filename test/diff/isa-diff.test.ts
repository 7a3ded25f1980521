// Differential test of the interpreter against QEMU 7.2: seeded random
// programs covering every row of the encoding table must leave identical final
// states (registers, SP, NZCV, exception log, scratch checksum) on both.
// Fixed seeds keep CI deterministic; NVDBG_FUZZ_SEED picks other programs.
import { strict as assert } from 'assert';
import { repoRoot, sharedDir, hasCommand } from '../util/paths';
import { ENCODINGS } from '../../src/engine/isa/encodings';
import { decodeRow } from '../../src/engine/isa/decoder';
import { generate, rowsOf, excludedRows, KNOWN_DIVERGENCES } from './gen';
import { runCampaign, tempDir, CaseResult } from './harness';
import { report, uncovered } from './report';
import * as fs from 'fs';

const PROGRAMS = 32;
const PER_PROGRAM = 1300; // 32 x 1300 = 41,600 random instructions (acceptance: >= 20,000)
const BASE_SEED = Number(process.env.NVDBG_FUZZ_SEED ?? 0x5eed);

describe('ISA differential test against QEMU (test/diff)', function () {
  this.timeout(600_000);
  const seeds = Array.from({ length: PROGRAMS }, (_, i) => (BASE_SEED + i * 7919) >>> 0);

  it('has the reference toolchain (CI installs it; missing tools are a failure, not a skip)', () => {
    const missing = ['qemu-system-aarch64', 'aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld', 'aarch64-linux-gnu-objdump'].filter((t) => !hasCommand(t));
    assert.deepEqual(missing, [], `missing tools: ${missing.join(', ')} (apt-get install qemu-system-arm binutils-aarch64-linux-gnu)`);
  });

  it('the generated programs cover every encoding row not excluded by KNOWN_DIVERGENCES', () => {
    const seen = new Set<string>();
    for (const s of seeds) for (const id of rowsOf(generate(s, PER_PROGRAM), decodeRow)) seen.add(id);
    const missing = uncovered(seen, excludedRows());
    assert.deepEqual(missing, [], `rows never generated: ${missing.join(' ')}`);
    for (const [id, d] of Object.entries(KNOWN_DIVERGENCES)) {
      assert.ok(ENCODINGS.some((r) => r.id === id), `KNOWN_DIVERGENCES names unknown row ${id}`);
      assert.ok(d.reason.length > 10, `${id} needs a reason`);
    }
  });

  it(`${PROGRAMS} programs x ${PER_PROGRAM} random instructions agree with QEMU (seed ${BASE_SEED})`, async () => {
    const env = { root: repoRoot(), shared: sharedDir() };
    const dir = tempDir();
    const results: CaseResult[] = await runCampaign(env, seeds, PER_PROGRAM, dir, 2);
    const bad = results.filter((r) => !r.outcome.same || r.outcome.badProgram);
    const total = results.reduce((n, r) => n + r.program.units.length, 0);
    assert.ok(total >= 20_000, `only ${total} random instructions`);
    if (bad.length === 0) fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(bad.length, 0, `${bad.length}/${results.length} programs differ (files kept in ${dir}):\n${bad.slice(0, 3).map(report).join('\n\n')}`);
  });
});
