// Differential test of nvdbg's MMU (AT / PAR_EL1) against QEMU 7.2, on programs from
// our own scenario generator (test/diff-mmu/scenario-gen.ts). Deterministic seeds;
// NVDBG_FUZZ_SEED overrides the base seed. Missing QEMU/binutils is a failure.
import { strict as assert } from 'assert';
import { runCampaign, report, missingTools, checkPublic } from './run';

const SEED = Number(process.env.NVDBG_FUZZ_SEED ?? 20250501);
const PROGRAMS = 40; // x 5 scenarios x 10 ATs = 200 scenarios, 2000 AT lines

describe('diff-mmu: generated translation scenarios vs QEMU 7.2', function () {
  this.timeout(240_000);

  before(function () {
    const missing = missingTools();
    assert.deepEqual(missing, [], `QEMU / GNU binutils needed for the MMU differential test are missing: ${missing.join(', ')} (run scripts/setup.sh)`);
  });

  it('the comparison reproduces the public oracle (QEMU vs expected.out: 50/50)', async () => {
    const r = await checkPublic();
    assert.equal(r.passed, r.total, `public oracle: ${r.passed}/${r.total}\n${r.text}`);
    assert.equal(r.total, 50);
  });

  it(`nvdbg agrees with QEMU (Arm ARM where QEMU departs) on ${PROGRAMS * 5} scenarios (seed ${SEED})`, async () => {
    const res = await runCampaign({ count: PROGRAMS, seed: SEED, scenarios: 5, atsPerScenario: 10 });
    const r = report(res, 15);
    const scenarios = res.reduce((a, x) => a + x.scenarios, 0);
    assert.ok(scenarios >= 200, `only ${scenarios} scenarios`);
    assert.equal(r.generatorErrors, 0, `generator produced programs QEMU does not run cleanly:\n${r.text}`);
    assert.equal(r.failed, 0, `nvdbg differs from the reference:\n${r.text}`);
  });
});
