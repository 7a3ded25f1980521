// The 50 QEMU reference programs (../shared/oracle/public): every AT line must
// equal QEMU 7.2's expected.out exactly (compare.sh with no masks).
import { strict as assert } from 'assert';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { repoRoot, sharedDir, hasCommand } from '../util/paths';

describe('QEMU oracle: 50 public AT programs', function () {
  this.timeout(600_000);
  it('all programs print output identical to expected.out (exact, no masks)', () => {
    assert.ok(hasCommand('python3'), 'python3 is needed to run ../shared/oracle/compare.sh');
    const cli = path.join(repoRoot(), 'bin/nvdbg.js');
    const r = spawnSync('sh', [path.join(sharedDir(), 'oracle/compare.sh'), '--jobs', '2', `${process.execPath} ${cli} run {elf} --max-insns 50000000`], { encoding: 'utf8' });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    assert.equal(last, '50 passed, 0 failed', r.stdout.slice(-3000) + r.stderr);
    assert.equal(r.status, 0);
  });

  it('under the host model (--nested, policy upstream) every program prints the same: the guest hypervisor at virtual EL2', () => {
    const cli = path.join(repoRoot(), 'bin/nvdbg.js');
    const r = spawnSync('sh', [path.join(sharedDir(), 'oracle/compare.sh'), '--jobs', '2', `${process.execPath} ${cli} run --nested {elf} --max-insns 50000000`], { encoding: 'utf8' });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    assert.equal(last, '50 passed, 0 failed', r.stdout.slice(-3000) + r.stderr);
  });

  it('under --policy patch-v6 the seed patch leaves PAR_EL1 stale (no shadow MMU exists before L2 runs) and nvdbg flags it', () => {
    const cli = path.join(repoRoot(), 'bin/nvdbg.js');
    const prog = path.join(sharedDir(), 'oracle/public/10003/prog.elf');
    const r = spawnSync(process.execPath, [cli, 'run', '--nested', '--policy', 'patch-v6', '--trace', 'at', prog], { encoding: 'utf8' });
    const traps = r.stderr.split('\n').filter((l) => / at-trap /.test(l));
    assert.ok(traps.length > 0, r.stderr);
    // Every AT S1E0*/S1E1* from vEL2 fails the shadow-MMU lookup: PAR_EL1 unchanged, reported as divergent.
    const s1 = traps.filter((l) => / at-trap S1E[01]/.test(l));
    assert.ok(s1.length > 0);
    for (const l of s1) assert.match(l, /path=fast-failed .*par=unchanged .*DIVERGENT/);
    const expected = require('fs').readFileSync(path.join(sharedDir(), 'oracle/public/10003/expected.out'), 'utf8');
    assert.notEqual(r.stdout, expected, 'stale PAR_EL1 values must reach the program output');
  });
});
