// Build, run and compare generated programs: GNU as + ld via the oracle's
// build.sh, QEMU via run_qemu.sh, nvdbg via bin/nvdbg.js. Everything runs as
// child processes with bounded parallelism; nothing is cached between runs.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { Program, render, generate } from './gen';

export interface Proc { stdout: string; stderr: string; status: number | null; ms: number }

export interface Env { root: string; shared: string }

function run(cmd: string, args: string[], timeoutMs: number): Promise<Proc> {
  const t = Date.now();
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    c.stdout.setEncoding('latin1').on('data', (d: string) => { stdout += d; });
    c.stderr.setEncoding('latin1').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => { stderr += `\n[killed after ${timeoutMs} ms]`; c.kill('SIGKILL'); }, timeoutMs);
    c.on('close', (status) => { clearTimeout(timer); resolve({ stdout: stdout.replace(/\r/g, ''), stderr, status, ms: Date.now() - t }); });
    c.on('error', (e) => { clearTimeout(timer); resolve({ stdout, stderr: stderr + String(e), status: -1, ms: Date.now() - t }); });
  });
}

export async function build(env: Env, src: string, dir: string, name: string): Promise<string> {
  const s = path.join(dir, `${name}.S`), elf = path.join(dir, `${name}.elf`);
  fs.writeFileSync(s, src);
  const r = await run('sh', [path.join(env.shared, 'oracle/harness/build.sh'), s, elf], 60_000);
  if (r.status !== 0) throw new Error(`build of ${s} failed:\n${r.stderr}`);
  return elf;
}

export const runQemu = (env: Env, elf: string): Promise<Proc> =>
  run('sh', [path.join(env.shared, 'oracle/harness/run_qemu.sh'), elf, '30'], 40_000);

export const runNvdbg = (env: Env, elf: string): Promise<Proc> =>
  run(process.execPath, [path.join(env.root, 'bin/nvdbg.js'), 'run', elf, '--max-insns', '10000000'], 60_000);

/** The dump as NAME -> value lines (every line kept, in order, for the side-by-side view). */
export function dumpLines(p: Proc): string[] {
  const lines = p.stdout.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return [...lines, `(exit status ${p.status})`];
}

export interface Outcome {
  readonly name: string;
  readonly elf: string;
  readonly qemu: Proc;
  readonly nvdbg: Proc;
  readonly same: boolean;
  /** QEMU did not reach END: the program itself is broken, not nvdbg. */
  readonly badProgram: boolean;
}

/** Build one program, run both emulators (concurrently) and compare stdout and exit status. */
export async function runBoth(env: Env, src: string, dir: string, name: string): Promise<Outcome> {
  const elf = await build(env, src, dir, name);
  const [qemu, nvdbg] = await Promise.all([runQemu(env, elf), runNvdbg(env, elf)]);
  const same = qemu.stdout === nvdbg.stdout && qemu.status === nvdbg.status;
  return { name, elf, qemu, nvdbg, same, badProgram: !/\nEND\n?$/.test(qemu.stdout) };
}

/** Run async jobs with at most `n` in flight, results in input order. */
export async function pool<T, R>(items: readonly T[], n: number, f: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => { for (let i = next++; i < items.length; i = next++) out[i] = await f(items[i], i); };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

export interface Bisect {
  /** First unit whose inclusion makes the final states differ (units [0, unit) agree). */
  readonly unit: number;
  readonly agree: Outcome;
  readonly differ: Outcome;
  readonly runs: number;
}

/**
 * Binary search on the number of units kept: the truncated program with `lo`
 * units agrees, with `hi` units differs, so unit hi-1 is where they part.
 */
export async function bisect(env: Env, p: Program, dir: string, full: Outcome, maxRuns = 16): Promise<Bisect | undefined> {
  let lo = 0, hi = p.units.length, runs = 0;
  let agree = await runBoth(env, render(p, 0), dir, `s${p.seed}-k0`); runs++;
  if (!agree.same) return undefined; // the runtime itself differs
  let differ = full;
  while (hi - lo > 1 && runs < maxRuns) {
    const mid = (lo + hi) >>> 1;
    const o = await runBoth(env, render(p, mid), dir, `s${p.seed}-k${mid}`); runs++;
    if (o.same) { lo = mid; agree = o; } else { hi = mid; differ = o; }
  }
  return hi - lo === 1 ? { unit: hi - 1, agree, differ, runs } : undefined;
}

export function tempDir(keep?: string): string {
  if (keep !== undefined) { fs.mkdirSync(keep, { recursive: true }); return keep; }
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-diff-'));
}

export interface CaseResult { readonly program: Program; readonly outcome: Outcome; readonly bisect?: Bisect }

/** Generate, run and (on mismatch) bisect `programs` programs of `count` instructions each. */
export async function runCampaign(env: Env, seeds: readonly number[], count: number, dir: string, jobs = 2,
  onDone?: (r: CaseResult) => void): Promise<CaseResult[]> {
  return pool(seeds, jobs, async (seed) => {
    const program = generate(seed, count);
    const outcome = await runBoth(env, render(program), dir, `s${seed}`);
    let b: Bisect | undefined;
    if (!outcome.same && !outcome.badProgram) b = await bisect(env, program, dir, outcome);
    const r: CaseResult = { program, outcome, bisect: b };
    onDone?.(r);
    return r;
  });
}
