// `npm run fuzz -- --count N [--seed S] [--keep DIR] [--per P] [--jobs J]`: the
// differential fuzzer of test/diff, bundled with esbuild (as the tests are) and run.
// `npm run fuzz -- --mmu [options of fuzz-mmu.mjs]`: the translation-scenario fuzzer instead.
import * as esbuild from 'esbuild';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve, dirname } from 'path';
import { fileURLToPath } from 'url';
import { createRequire } from 'module';

if (process.argv.includes('--mmu')) await import('./fuzz-mmu.mjs'); // exits when done

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '..', 'shared');
if (!existsSync(join(root, 'dist'))) console.warn('fuzz: dist/ missing; run `npm run build` first');
const r = await esbuild.build({
  stdin: { contents: "export { fuzzMain } from './test/diff/report';", resolveDir: root, loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'warning',
});
const dir = mkdtempSync(join(tmpdir(), 'nvdbg-fuzz-'));
const file = join(dir, 'fuzz.cjs');
writeFileSync(file, r.outputFiles[0].text);
const { fuzzMain } = createRequire(import.meta.url)(file);
rmSync(dir, { recursive: true, force: true });
process.exitCode = await fuzzMain(process.argv.slice(2), { root, shared });
