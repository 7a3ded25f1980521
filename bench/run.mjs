// `npm run bench`: interpreter throughput on fixed programs, in-process (no
// start-up cost), beside QEMU's time for the same ELF when QEMU is installed.
// Figures are medians of 3 runs, each in a fresh process so JIT state cannot
// leak between programs (perf-anchors §2.8).
import { execFileSync, spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { dirname, join } from 'path';
import { fileURLToPath } from 'url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hasQemu = spawnSync('sh', ['-c', 'command -v qemu-system-aarch64'], { encoding: 'utf8' }).status === 0;
const qemuRun = join(root, '..', 'shared', 'oracle', 'harness', 'run_qemu.sh');

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; }

function nvdbg(elf, ...flags) {
  const out = execFileSync(process.execPath, [join(root, 'bench', 'measure.cjs'), elf, ...flags], { encoding: 'utf8' });
  return JSON.parse(out);
}

function qemuSeconds(elf) {
  const t = process.hrtime.bigint();
  spawnSync('sh', [qemuRun, elf, '120'], { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const programs = [
  ['tight loop (add/cmp/b.ne)', 'bench/programs/tight.elf'],
  ['mixed (ld/st, pairs, calls, branches, sysregs)', 'bench/programs/mixed.elf'],
  ['mixed, EL2 stage-1 MMU on (TLB)', 'bench/programs/mixed-mmu.elf'],
  ['AT loop: 1 M x (AT S1E1R + AT S12E1R + MRS)', 'bench/programs/at-loop.elf'],
  ['AT loop: 1 M x (2 x AT S1E1R + MRS)', 'bench/programs/at-s1e1r.elf'],
  ['AT loop: 1 M x (2 x AT S12E1R + MRS)', 'bench/programs/at-s12e1r.elf'],
];
/** ATs per run of a program, for the AT/s column. */
const AT_COUNT = { 'bench/programs/at-loop.elf': 2_000_000, 'bench/programs/at-s1e1r.elf': 2_000_000, 'bench/programs/at-s12e1r.elf': 2_000_000 };
const rows = [];
const empty = join(root, 'bench/programs/empty.elf');
const qemuBoot = hasQemu && existsSync(empty) ? median([0, 1, 2].map(() => qemuSeconds(empty))) : 0;
for (const [name, rel] of programs) {
  const elf = join(root, rel);
  const runs = [0, 1, 2].map(() => nvdbg(elf));
  const mips = median(runs.map((r) => r.mips));
  const insns = runs[0].insns;
  let q = '';
  if (hasQemu) {
    const qs = Math.max(1e-3, median([0, 1, 2].map(() => qemuSeconds(elf))) - qemuBoot);
    const nvs = insns / (mips * 1e6);
    q = `QEMU ${(insns / qs / 1e6).toFixed(0)} MIPS (${qs.toFixed(3)} s); nvdbg/QEMU time ratio ${(nvs / qs).toFixed(1)}x`;
  }
  const ats = AT_COUNT[rel];
  let extra = '';
  if (ats !== undefined) {
    const nvAts = ats / (insns / (mips * 1e6));
    extra = `  => ${(nvAts / 1e6).toFixed(2)} M AT/s`;
    if (hasQemu) {
      const qs = Math.max(1e-3, median([0, 1, 2].map(() => qemuSeconds(elf))) - qemuBoot);
      extra += ` (QEMU ${(ats / qs / 1e6).toFixed(2)} M AT/s, ratio ${(nvAts / (ats / qs)).toFixed(2)}x)`;
    }
  }
  rows.push(`${name.padEnd(48)} ${mips.toFixed(1).padStart(7)} MIPS  [${runs.map((r) => r.mips.toFixed(1)).join(', ')}]  ${(insns / 1e6).toFixed(1)} M insns  ${q}${extra}`);
  if (rel.endsWith('mixed-mmu.elf')) {
    const off = Number(rows[1].match(/\s([0-9.]+) MIPS/)[1]);
    rows.push(`${''.padEnd(48)} MMU-on / MMU-off: ${(100 * mips / off).toFixed(0)} %`);
  }
}
// Nested mode: the host model's costs (trap, emulate, return) and an L2 guest on a shadow stage 2.
{
  const l2 = join(root, 'bench/programs/l2-mixed.elf');
  const bare = median([0, 1, 2].map(() => nvdbg(l2).mips));
  const nested = median([0, 1, 2].map(() => nvdbg(l2, '--nested').mips));
  rows.push(`${'L2 guest (mixed at EL1) on its stage 2, bare'.padEnd(48)} ${bare.toFixed(1).padStart(7)} MIPS`);
  rows.push(`${'L2 guest on the host\'s shadow stage 2 (--nested)'.padEnd(48)} ${nested.toFixed(1).padStart(7)} MIPS  = ${(100 * nested / bare).toFixed(0)} % of bare`);
  const atl = join(root, 'bench/programs/at-loop.elf');
  const runs = [0, 1, 2].map(() => nvdbg(atl, '--nested'));
  const s = median(runs.map((r) => r.seconds));
  rows.push(`${'AT from virtual EL2 (trap, emulate, return)'.padEnd(48)} ${(2_000_000 / s / 1e6).toFixed(2).padStart(7)} M emulated AT/s (2 M ATs in ${s.toFixed(2)} s)`);
}
const walks = [0, 1, 2, 3, 4].map(() => Object.assign({}, ...['single', 'twoD', 'walkerSingle', 'walkerTwoD'].map((what) =>
  JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'measure-walk.cjs'), what], { encoding: 'utf8' })))));
// Each configuration in its own process (measure-walk.cjs), five times: medians.
rows.push(`walker (AArch64_S1Walk), 4-level 4K stage-1 walks, random VAs      ${(median(walks.map((w) => w.walkerSingle)) / 1e6).toFixed(2)} M walks/s (target >= 20)`);
rows.push(`walker (AArch64_S1Walk), 2-D walks (4-level S1 under 3-level S2)   ${(median(walks.map((w) => w.walkerTwoD)) / 1e6).toFixed(2)} M walks/s (target >= 5)`);
rows.push(`full translation (FullTranslate: setup, walk, permissions), 1-stage ${(median(walks.map((w) => w.single)) / 1e6).toFixed(2)} M/s, 2-D ${(median(walks.map((w) => w.twoD)) / 1e6).toFixed(2)} M/s`);
const asm = JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'measure-asm.cjs')], { encoding: 'utf8' }));
rows.push(`built-in assembler: 10,000-line file in ${asm.ms.toFixed(0)} ms (median of 5)`);
const dap = [0, 1, 2].map(() => JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'measure-dap.cjs')], { encoding: 'utf8' })));
rows.push(`DAP over stdio: step + full refresh p50 ${median(dap.map((d) => d.stepP50)).toFixed(2)} ms, p95 ${median(dap.map((d) => d.stepP95)).toFixed(2)} ms; pause while running p50 ${median(dap.map((d) => d.pauseP50)).toFixed(1)} ms, max ${Math.max(...dap.map((d) => d.pauseMax)).toFixed(1)} ms`);
const act = [0, 1, 2, 3, 4].map(() => JSON.parse(execFileSync(process.execPath, [join(root, 'bench', 'measure-activation.cjs')], { encoding: 'utf8' })));
rows.push(`VS Code extension activation (require + activate, stub vscode)       ${median(act.map((a) => a.requireMs + a.activateMs)).toFixed(1)} ms (median of 5; target < 100 ms)`);
console.log(`nvdbg bench (Node ${process.version}; medians of 3 fresh processes${hasQemu ? `; QEMU boot overhead ${qemuBoot.toFixed(3)} s subtracted` : '; QEMU not installed'})`);
for (const r of rows) console.log(r);
