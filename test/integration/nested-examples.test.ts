// The example guest hypervisors (examples/*/): each prints the same bare on QEMU 7.2,
// bare on nvdbg and under the host model (--nested), and its host event trace matches
// a golden file (test/golden/host/<example>.trace; NVDBG_UPDATE_GOLDEN=1 rewrites).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../util/paths';
import { runNvdbg, runQemu } from '../util/gnu';
import { assertGolden } from '../util/golden';

interface Example { readonly name: string; readonly cpus: number; /** ELF base name when not the folder's name. */ readonly elf?: string }
const EXAMPLES: readonly Example[] = [
  { name: 'el2-tour', cpus: 1 },
  { name: 'nested-s2', cpus: 1 },
  { name: 'at-basics', cpus: 1 },
  { name: 'pan', cpus: 1 },
  { name: 'shadow-thrash', cpus: 2 },
  { name: 'c-hypervisor', cpus: 1 },
  { name: 'c-hypervisor', cpus: 1, elf: 'c-hypervisor-O0' },
];

describe('example guest hypervisors: bare, QEMU and nested agree', function () {
  this.timeout(120_000);
  for (const ex of EXAMPLES) {
    const elf = path.join(repoRoot(), 'examples', ex.name, `${ex.elf ?? ex.name}.elf`);
    if (!fs.existsSync(elf)) continue;
    it(`${ex.elf ?? ex.name}: QEMU, nvdbg and nvdbg --nested print identical output; host trace is golden`, () => {
      const cpus = ['--cpus', String(ex.cpus)];
      const q = runQemu(elf, 60, ex.cpus);
      const bare = runNvdbg(['run', elf, ...cpus]);
      const nested = runNvdbg(['run', '--nested', '--trace', 'at,trap,s2,mmu', elf, ...cpus]);
      assert.ok(q.stdout.length > 0, 'QEMU printed nothing');
      assert.equal(bare.stdout, q.stdout, `bare nvdbg vs QEMU\n${bare.stderr}`);
      assert.equal(nested.stdout, q.stdout, `nested nvdbg vs QEMU\n${nested.stderr.slice(-4000)}`);
      assert.equal(nested.status, q.status);
      assert.doesNotMatch(nested.stderr, /DIVERGENT/, 'policy upstream must agree with the architecture');
      assertGolden(`host/${ex.elf ?? ex.name}.trace`, nested.stderr);
    });
  }
});

describe('nested-s2: the host model at work', function () {
  this.timeout(60_000);
  const elf = path.join(repoRoot(), 'examples/nested-s2/nested-s2.elf');
  it('fills the shadow stage 2 from L1\'s tables (IPA 0x40200000 -> PA 0x40300000) and injects the fault L1\'s tables do not satisfy', () => {
    const r = runNvdbg(['run', '--nested', '--trace', 's2,trap', elf]);
    assert.match(r.stderr, /s2-fault ipa=40200000 read -> mapped pa=40300000/);
    assert.match(r.stderr, /s2-fault ipa=40201000 read -> injected/);
    // kvm_inject_s2_fault keeps the trapped ESR and swaps in L1's fault status: translation fault, level 3.
    assert.match(r.stderr, /inject esr=93c08007 from L2 \(stage-2 fault/);
  });
  it('with --ipa-offset the guest hypervisor\'s RAM moves in host PA space (IPA 0x40300000 -> PA 0x50300000) and the output stays the same', () => {
    const bare = runNvdbg(['run', elf]);
    const r = runNvdbg(['run', '--nested', '--ipa-offset', '0x10000000', '--trace', 's2', elf]);
    assert.equal(r.stdout, bare.stdout);
    assert.match(r.stderr, /s2-fault ipa=40200000 read -> mapped pa=50300000/);
  });
  it('host options without --nested are refused with a clear message', () => {
    const r = runNvdbg(['run', '--ipa-offset', '0x200000', elf]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /need --nested/);
    const bad = runNvdbg(['run', '--nested', '--ipa-offset', '0x1000', elf]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /multiple of 2 MiB/);
  });
  it('TLBI IPAS2E1IS without a TTL hint unmaps the 1 GiB range around the IPA (no recorded guest level for an unmapped IPA)', () => {
    const r = runNvdbg(['run', '--nested', '--trace', 'mmu', elf]);
    assert.match(r.stderr, /tlbi IPAS2E1IS unmapped=3/);
  });
  it('under patch-v6 the S12 PAR comes from handle_s12 (no RES1 bit 11 on a fault, low 12 bits of the output) and is flagged', () => {
    const r = runNvdbg(['run', '--nested', '--policy', 'patch-v6', '--trace', 'at', elf]);
    assert.match(r.stderr, /at-trap S12E1R va=0000000040201000 .*par=000000000000020f arch=0000000000000a0f DIVERGENT/);
    assert.match(r.stdout, /AT S12E1R FAR -> PAR {3}= 000000000000020f/);
  });
});

describe('pan: the seed patch\'s PAN rule', function () {
  this.timeout(60_000);
  it('patch-v6 answers AT S1E1RP/WP on EL0-accessible pages with the hard-coded PAR 0x1f (E2H = TGE = 1: no shadow MMU needed); upstream gives the architectural 0x81f', () => {
    const elf = path.join(repoRoot(), 'examples/pan/pan.elf');
    const v6 = runNvdbg(['run', '--nested', '--policy', 'patch-v6', '--trace', 'at', elf]);
    const lines = v6.stderr.split('\n').filter((l) => /hard-coded PAR 0x1f/.test(l));
    assert.equal(lines.length, 3, v6.stderr.slice(-3000));
    for (const l of lines) assert.match(l, /par=000000000000001f arch=000000000000081f DIVERGENT/);
    const up = runNvdbg(['run', '--nested', '--trace', 'at', elf]);
    assert.doesNotMatch(up.stdout, /PAR=000000000000001f/);
  });
});
