// Differential test of nvdbg's MMU (AT / PAR_EL1) against QEMU 7.2, on programs from
// our own scenario generator (test/diff-mmu/scenario-gen.ts). Deterministic seeds;
// NVDBG_FUZZ_SEED overrides the base seed. Missing QEMU/binutils is a failure.
// Every program runs twice under nvdbg against one QEMU run: bare (the program at EL2)
// and --nested (the program as a guest hypervisor at virtual EL2 under the host model,
// policy upstream, which must give the same architectural answers).
import { strict as assert } from 'assert';
import { runCampaign, report, missingTools, checkPublic, ProgResult } from './run';

const SEED = Number(process.env.NVDBG_FUZZ_SEED ?? 20250501);
const PROGRAMS = 40; // x 5 scenarios x 10 ATs = 200 scenarios, 2000 AT lines (x 2 nvdbg modes)
/**
 * Programs from `npm run fuzz:mmu` campaigns that once found a difference, kept as regressions:
 * 704890 a stage 2 with VTCR_EL2.DS = 1, where the output's shareability is VTCR_EL2.SH0 (nvdbg
 * read descriptor bits [9:8], which are OA[51:50] there); the block_bad_level ones unannotated
 * ATs whose walks met a block at a level the granule does not allow, and stage-1 faults before
 * a bad-level stage-2 block (generator and departure check).
 */
const REGRESSIONS: { seed: number; focus?: string }[] = [
  { seed: 704890 }, { seed: 123027, focus: 'block_bad_level' }, { seed: 130946, focus: 'block_bad_level' },
  { seed: 249731, focus: 'block_bad_level' }, { seed: 257650, focus: 'block_bad_level' }, { seed: 416030, focus: 'block_bad_level' },
  { seed: 404757 }, // a stage-1 bad-level block on a target that also had the FWB Device+Device departure annotation
];

describe('diff-mmu: generated translation scenarios vs QEMU 7.2', function () {
  this.timeout(360_000);

  before(function () {
    const missing = missingTools();
    assert.deepEqual(missing, [], `QEMU / GNU binutils needed for the MMU differential test are missing: ${missing.join(', ')} (run scripts/setup.sh)`);
  });

  // One campaign (one QEMU run per program) shared by the bare and the nested checks,
  // whichever of them runs first (either may be selected alone with --grep).
  let campaign: Promise<ProgResult[]> | undefined;
  const results = (): Promise<ProgResult[]> => (campaign ??= runCampaign({ count: PROGRAMS, seed: SEED, scenarios: 5, atsPerScenario: 10, nested: true }));

  it('the comparison reproduces the public oracle (QEMU vs expected.out: 50/50)', async () => {
    const r = await checkPublic();
    assert.equal(r.passed, r.total, `public oracle: ${r.passed}/${r.total}\n${r.text}`);
    assert.equal(r.total, 50);
  });

  it(`nvdbg run (bare, EL2) agrees with QEMU (Arm ARM where QEMU departs) on ${PROGRAMS * 5} scenarios (seed ${SEED})`, async () => {
    const res = await results();
    const r = report(res, 15);
    const scenarios = res.reduce((a, x) => a + x.scenarios, 0);
    assert.ok(scenarios >= 200, `only ${scenarios} scenarios`);
    assert.equal(r.generatorErrors, 0, `generator produced programs QEMU does not run cleanly:\n${r.stats}`);
    assert.equal(r.failedBare, 0, `nvdbg run (bare, EL2) differs from the reference:\n${r.modeText.bare}\n\n${r.stats}`);
  });

  it(`nvdbg --nested (guest hypervisor at virtual EL2, policy upstream) agrees with QEMU on the same ${PROGRAMS * 5} scenarios (seed ${SEED})`, async () => {
    const res = await results();
    const r = report(res, 15);
    assert.ok(res.every((x) => x.runs.nested !== undefined), 'the campaign did not run --nested');
    assert.equal(r.generatorErrors, 0, `generator produced programs QEMU does not run cleanly:\n${r.stats}`);
    assert.equal(r.failedNested, 0, `nvdbg run --nested (policy upstream) differs from the reference:\n${r.modeText.nested}\n\n${r.stats}`);
  });

  it(`regression programs from earlier fuzz campaigns (${REGRESSIONS.length}), bare and --nested`, async () => {
    const res = (await Promise.all(REGRESSIONS.map((x) =>
      runCampaign({ count: 1, seed: x.seed, focus: x.focus, focusEvery: false, scenarios: 5, atsPerScenario: 10, nested: true })))).flat();
    const r = report(res, 15);
    assert.equal(r.generatorErrors, 0, `generator produced programs QEMU does not run cleanly:\n${r.stats}`);
    assert.equal(r.failedBare, 0, `nvdbg run (bare) differs:\n${r.modeText.bare}`);
    assert.equal(r.failedNested, 0, `nvdbg run --nested differs:\n${r.modeText.nested}`);
  });
});
