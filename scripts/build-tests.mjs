// Bundles every test/**/*.test.ts to out/test/**/*.test.js (esbuild, fast);
// type checking is `npm run typecheck`, which the test suite also runs.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'fs';
import { join } from 'path';

function find(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}
rmSync('out/test', { recursive: true, force: true });
const files = find('test');
await esbuild.build({
  entryPoints: files, outdir: 'out/test', outbase: 'test', bundle: true, platform: 'node', format: 'cjs',
  target: 'node20', sourcemap: 'inline', logLevel: 'warning', external: ['vscode', '@vscode/*', 'mocha'],
});
