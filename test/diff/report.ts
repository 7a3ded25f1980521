// Mismatch report: seed, the first divergent instruction (from bisection)
// with an objdump listing around it, and both final states side by side with
// differing lines marked '>>'.
import { spawnSync } from 'child_process';
import { ENCODINGS } from '../../src/engine/isa/encodings';
import { decodeRow } from '../../src/engine/isa/decoder';
import { CaseResult, Outcome, dumpLines } from './harness';
import { layout, LOAD_ADDR, BODY_OFF, Program } from './gen';

/** QEMU and nvdbg dumps in two columns; '>>' marks lines that differ. */
export function sideBySide(o: Outcome): string {
  const q = dumpLines(o.qemu), n = dumpLines(o.nvdbg);
  const w = Math.max(24, ...q.map((l) => l.length));
  const out = [`   ${'QEMU'.padEnd(w)} | nvdbg`];
  for (let i = 0; i < Math.max(q.length, n.length); i++) {
    const a = q[i] ?? '', b = n[i] ?? '';
    out.push(`${a === b ? '  ' : '>>'} ${a.padEnd(w)} | ${b}`);
  }
  if (o.nvdbg.stderr.trim() !== '') out.push(`nvdbg stderr: ${o.nvdbg.stderr.trim().slice(0, 2000)}`);
  if (o.qemu.stderr.trim() !== '') out.push(`qemu stderr: ${o.qemu.stderr.trim().slice(0, 2000)}`);
  return out.join('\n');
}

/** objdump -d lines of `elf` between two addresses. */
function objdump(elf: string, from: number, to: number): string {
  const r = spawnSync('aarch64-linux-gnu-objdump', ['-d', `--start-address=0x${from.toString(16)}`, `--stop-address=0x${to.toString(16)}`, elf], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => /^\s+[0-9a-f]+:/.test(l)).join('\n');
}

/** Address of the first word of unit `ui` of a (truncated) program. */
export function unitAddress(p: Program, ui: number, keep: number): number {
  return LOAD_ADDR + BODY_OFF + 4 * layout(p, keep).starts[ui];
}

export function describeUnit(p: Program, ui: number): string {
  const u = p.units[ui];
  const L = layout(p, ui + 1);
  const w = L.words[L.starts[ui] + u.main];
  const row = decodeRow(w);
  return `unit ${ui}: row ${u.rowId} (${u.note}) word 0x${w.toString(16).padStart(8, '0')} decodes as ${row?.id ?? 'UNDEFINED'}`;
}

export function report(r: CaseResult): string {
  const { program: p, outcome: o, bisect: b } = r;
  const out: string[] = [`=== MISMATCH seed ${p.seed} (${p.units.length} instructions), ELF ${o.elf}`];
  if (o.badProgram) out.push('QEMU did not reach END: the generated program is at fault, not (necessarily) nvdbg.');
  if (b !== undefined) {
    const ui = b.unit;
    const a = unitAddress(p, ui, ui + 1);
    out.push(`first divergent instruction (bisected in ${b.runs} runs): ${describeUnit(p, ui)} at 0x${a.toString(16)}`);
    out.push(`reproduce: npm run fuzz -- --seed ${p.seed} --count ${p.units.length} --keep DIR  (truncated ELF: ${b.differ.elf})`);
    out.push('listing (the unit is marked with ->):');
    const uEnd = a + 4 * p.units[ui].words.length;
    for (const l of objdump(b.differ.elf, a - 32, uEnd + 16).split('\n')) {
      const addr = parseInt(l.trim().split(':')[0], 16);
      out.push(`${addr >= a && addr < uEnd ? '->' : '  '}${l}`);
    }
    out.push('final state of the program truncated after that instruction:');
    out.push(sideBySide(b.differ));
  } else {
    out.push('(bisection did not isolate a single instruction; full listing in the ELF)');
  }
  out.push('final state of the full program:');
  out.push(sideBySide(o));
  return out.join('\n');
}

/** Rows of the table missing from a coverage set. */
export const uncovered = (seen: ReadonlySet<string>, exclude: ReadonlySet<string>): string[] =>
  ENCODINGS.filter((r) => !seen.has(r.id) && !exclude.has(r.id)).map((r) => r.id);

/** `npm run fuzz -- --count N [--seed S] [--keep DIR] [--per P] [--jobs J]`: N random instructions in programs of P. */
export async function fuzzMain(argv: readonly string[], env: { root: string; shared: string }): Promise<number> {
  const { runCampaign, tempDir } = await import('./harness');
  const { rowsOf, excludedRows } = await import('./gen');
  const opt = (name: string): string | undefined => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
  const count = Number(opt('count') ?? 20000);
  const per = Number(opt('per') ?? 1300);
  const seed0 = Number(opt('seed') ?? (Date.now() % 1_000_000_007));
  const jobs = Number(opt('jobs') ?? 2);
  const keep = opt('keep');
  const dir = tempDir(keep);
  const n = Math.max(1, Math.ceil(count / per));
  const seeds = Array.from({ length: n }, (_, i) => (seed0 + i) >>> 0);
  const size = (i: number): number => Math.min(per, count - i * per);
  console.log(`fuzz: ${count} instructions in ${n} programs, seeds ${seeds[0]}..${seeds[n - 1]}, dir ${dir}`);
  const t = Date.now();
  const seen = new Set<string>();
  let fails = 0;
  const sizes = new Map(seeds.map((s, i) => [s, size(i)]));
  // Programs of different sizes: run each size group (usually one group plus a remainder).
  for (const sz of [...new Set(sizes.values())]) {
    const group = seeds.filter((s) => sizes.get(s) === sz);
    await runCampaign(env, group, sz, dir, jobs, (r) => {
      for (const id of rowsOf(r.program, decodeRow)) seen.add(id);
      if (r.outcome.same) console.log(`seed ${r.program.seed}: ok (qemu ${r.outcome.qemu.ms} ms, nvdbg ${r.outcome.nvdbg.ms} ms)`);
      else { fails++; console.log(report(r)); }
    });
  }
  const missing = uncovered(seen, excludedRows());
  console.log(`rows covered: ${seen.size}/${ENCODINGS.length}${missing.length ? `; not covered: ${missing.join(' ')}` : ''}`);
  console.log(`${n - fails} passed, ${fails} failed, ${((Date.now() - t) / 1000).toFixed(1)} s`);
  if (keep === undefined && fails === 0) (await import('fs')).rmSync(dir, { recursive: true, force: true });
  return fails === 0 ? 0 : 1;
}
