// Golden files: compare text with test/golden/<name>; NVDBG_UPDATE_GOLDEN=1 rewrites them.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from './paths';

export function assertGolden(name: string, actual: string): void {
  const file = path.join(repoRoot(), 'test/golden', name);
  if (process.env.NVDBG_UPDATE_GOLDEN === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `golden file ${name} is missing (run with NVDBG_UPDATE_GOLDEN=1 and review it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from test/golden/${name}`);
}
