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
});
