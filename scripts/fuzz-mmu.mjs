// npm run fuzz:mmu -- --count N [--seed S] [--keep DIR] [--focus GROUP] [--jobs J] [--no-nested] [--details N] [--public]
// Generates N programs (5 scenarios each), runs them under QEMU once and under nvdbg twice
// (bare, and --nested: guest hypervisor at virtual EL2, policy upstream) and reports
// mismatches of each mode by tag and AT op. --no-nested runs the bare comparison only.
// Failing programs are kept (prog.S/elf, expected.out, nvdbg.out, nvdbg-nested.out);
// --keep DIR keeps every program there.
import * as esbuild from 'esbuild';
import { createRequire } from 'module';
import { mkdirSync } from 'fs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
mkdirSync('out/fuzz-mmu', { recursive: true });
await esbuild.build({
  entryPoints: ['test/diff-mmu/run.ts'], outfile: 'out/fuzz-mmu/run.js', bundle: true, platform: 'node', format: 'cjs',
  target: 'node20', sourcemap: 'inline', logLevel: 'warning',
});
const run = createRequire(import.meta.url)('../out/fuzz-mmu/run.js');
const missing = run.missingTools();
if (missing.length) { console.error(`missing tools: ${missing.join(', ')}`); process.exit(2); }
if (args.includes('--public')) {
  const r = await run.checkPublic(Number(opt('--jobs', '0')) || undefined);
  console.log(`${r.text}\npublic oracle (QEMU vs expected.out): ${r.passed}/${r.total} equal`);
  process.exit(r.passed === r.total ? 0 : 1);
}
const count = Number(opt('--count', '20'));
const seed = Number(opt('--seed', String(Date.now() % 1000000)));
const nested = !args.includes('--no-nested');
console.log(`fuzz:mmu seed=${seed} count=${count} modes=${nested ? 'bare+nested' : 'bare'}`);
const t0 = Date.now();
const res = await run.runCampaign({
  count, seed, keep: opt('--keep', undefined), focus: opt('--focus', undefined),
  jobs: Number(opt('--jobs', '0')) || undefined, log: (s) => console.log(s), nested,
});
const r = run.report(res, Number(opt('--details', '12')));
console.log(r.text);
console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(r.failed ? 1 : 0);
