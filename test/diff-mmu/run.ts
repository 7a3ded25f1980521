// Differential runner for generated (or public oracle) AT programs: builds each
// prog.S with the oracle's build.sh, runs QEMU (run_qemu.sh) and nvdbg, compares
// the outputs line by line and reports mismatches grouped by tag and AT op.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { AT_OPS, generateProgram, FOCUS_GROUPS, findPaths } from './scenario-gen';

// ---------------------------------------------------------------- departures
/** Result of a departure check: `want` is the architecturally expected PAR (or a rule text). */
export interface DepartureVerdict { ok: boolean; want: string }
export interface Departure {
  /** The Arm ARM rule and how QEMU 7.2 departs from it. */
  rule: string;
  /** qemu/got: PAR values; arg: the generator's `arch=` annotation for this AT. */
  check(qemu: bigint, got: bigint, arg: string): DepartureVerdict;
  /** The kind of `arch=` annotation the check reads (`kind:...`); an AT may carry several departure tags. */
  argKind: string;
}
const hex16 = (v: bigint): string => v.toString(16).padStart(16, '0');
const fld = (v: bigint, lo: number, w: number): number => Number((v >> BigInt(lo)) & ((1n << BigInt(w)) - 1n));

/**
 * Where QEMU 7.2 departs from the Arm ARM, nvdbg must follow the Arm ARM. Keyed by the
 * per-AT tag the generator emits; only ATs carrying the tag (and an `arch=` annotation)
 * are checked with the entry instead of exactly. Conservative: only departures whose
 * architected result is computable from the generator's knowledge are listed.
 */
export const ARCH_DEPARTURES: Record<string, Departure> = {
  block_bad_level: {
    argKind: 'tfault',
    rule: 'Arm ARM AArch64.BlockDescSupported()/AArch64.DecodeDescriptorType(): a block descriptor is only '
      + 'valid at 4KB L1/L2 (L0 with TCR.DS=1), 16KB L2 (L1 with DS=1), 64KB L2 (L1 with 52-bit PA); '
      + 'elsewhere it is Invalid -> Translation fault at that level (FST 0b0001LL). QEMU 7.2 has no '
      + 'such check (lpae_block_desc_valid() came later) and uses it as a block.',
    check(qemu, got, arg) {
      const [, lvS, stS] = arg.split(':');
      const level = Number(lvS);
      const s2 = stS === '1';
      // A fault QEMU reports before the walk reaches the descriptor is architecturally right too:
      // a stage-2 fault on a stage-1 table fetch (PTW); any stage-1 fault when the block is in the
      // stage-2 walk of the output address (AArch64.FullTranslate finishes stage 1, permission and
      // AF checks included, before it); a translation or address-size fault at a lower level of
      // the same stage. A final stage-2 fault (S=1, PTW=0) comes after stage 1 and is not earlier
      // than a stage-1 block.
      const qf = (qemu & 1n) === 1n;
      const qlevel = fld(qemu, 1, 2);
      const qtype = fld(qemu, 3, 4);
      const qs2 = fld(qemu, 9, 1) === 1;
      const earlier = qf && (fld(qemu, 8, 1) === 1 || (s2 && !qs2) || (qtype < 2 && qlevel < level && qs2 === s2));
      const want = earlier ? qemu : 0x801n | (BigInt(4 + level) << 1n) | (s2 ? 1n << 9n : 0n);
      return { ok: got === want, want: hex16(want) };
    },
  },
  fwb_s1dev_s2dev: {
    argKind: 'attr',
    rule: 'Arm ARM FEAT_S2FWB (AArch64.S2ApplyFWBMemAttrs()): stage-2 MemAttr[2]=0 gives Device; if stage 1 '
      + 'is Device too, the result is the more restrictive Device type (S2CombineS1Device). QEMU 7.2 '
      + 'combined_attrs_fwb() returns the stage-2 Device type (cf. Linux "Fix S1/S2 combination when '
      + 'FWB==1 and S2 has Device memory type", nv-semantics.md §4 row 8).',
    check(qemu, got, arg) {
      if ((qemu & 1n) === 1n) return { ok: got === qemu, want: hex16(qemu) };
      const attr = BigInt(parseInt(arg.split(':')[1], 16));
      const want = (qemu & ~(0xffn << 56n)) | (attr << 56n);
      return { ok: got === want, want: hex16(want) };
    },
  },
};

/**
 * The departure that applies to an AT: the first of its tags with an entry whose annotation kind
 * matches its `arch=` (the generator's last annotation wins when a target has two departure tags,
 * e.g. block_bad_level + fwb_s1dev_s2dev with arch=attr:N).
 */
export function departureFor(at: AtInfo | undefined): readonly [string, Departure] | undefined {
  if (!at?.arch) return undefined;
  const kind = at.arch.split(':')[0];
  for (const t of at.tags) { const d = ARCH_DEPARTURES[t]; if (d && d.argKind === kind) return [t, d]; }
  return undefined;
}

// ---------------------------------------------------------------- program / output parsing
export interface AtInfo { op: string; va: bigint; comment: string; tags: string[]; arch?: string }
export interface ScenarioInfo { n: number; header: string[]; tags: string[]; descs: string[]; ats: AtInfo[] }

/** Parses the generated part of a prog.S (own or public format). */
export function parseProgram(src: string): Map<number, ScenarioInfo> {
  const out = new Map<number, ScenarioInfo>();
  let cur: ScenarioInfo | undefined;
  let mode: 'none' | 'desc' | 'at' = 'none';
  for (const line of src.split('\n')) {
    const m = /^\/\/ -+ scenario (\d+) -+/.exec(line);
    if (m) { cur = { n: Number(m[1]), header: [], tags: [], descs: [], ats: [] }; out.set(cur.n, cur); mode = 'none'; continue; }
    if (!cur) continue;
    if (line.startsWith('// tags:')) cur.tags = line.slice(8).trim().split(/\s+/);
    if (line.startsWith('// ')) { cur.header.push(line); continue; }
    if (/^desc_\d+:/.test(line)) { mode = 'desc'; continue; }
    if (/^at_\d+:/.test(line)) { mode = 'at'; continue; }
    if (/^(sname|dump)_\d+:/.test(line)) { mode = 'none'; continue; }
    const q = /^\s+\.quad\s+(0x[0-9a-f]+),\s*(0x[0-9a-f]+)\s*\/\/\s*(.*)$/.exec(line);
    if (!q) continue;
    if (mode === 'desc') cur.descs.push(line.trim());
    else if (mode === 'at') {
      const flags = Number(BigInt(q[2]));
      const tags = /tags=(\S+)/.exec(q[3]);
      const arch = /arch=(\S+)/.exec(q[3]);
      cur.ats.push({ op: AT_OPS[flags & 0xff], va: BigInt(q[1]), comment: q[3], tags: tags ? tags[1].split(',') : [], arch: arch?.[1] });
    }
  }
  return out;
}

export const normLines = (t: string): string[] => t.replace(/\r/g, '').split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
const AT_RE = /^AT (\S+) ([0-9a-f]{16}) PAR=([0-9a-f]{16})$/;

/** Which nvdbg run a mismatch comes from: bare (the program at EL2) or nested (at virtual EL2 under the host model). */
export type RunMode = 'bare' | 'nested';
export const MODES: readonly RunMode[] = ['bare', 'nested'];
export const MODE_LABEL: Record<RunMode, string> = { bare: 'nvdbg run', nested: 'nvdbg run --nested (policy upstream)' };
export interface Mismatch {
  prog: string; scenario: number; scTags?: string[]; at?: AtInfo; expected?: string; got?: string; want?: string; rule?: string;
  /** 1-based index among the non-empty output lines. */
  line?: number;
  /** Filled in by runCampaign: the mode the `got` line comes from. */
  mode?: RunMode;
}
export interface CompareResult {
  ok: boolean; lines: number; atLines: number; atChecked: number; departuresApplied: number;
  mismatches: Mismatch[]; tagTotals: Map<string, number>; opTotals: Map<string, number>;
}

/** Compares `got` with the reference (QEMU) output for one program. */
export function compareOutputs(prog: string, src: string, ref: string, got: string): CompareResult {
  const scs = parseProgram(src);
  const e = normLines(ref);
  const g = normLines(got);
  const res: CompareResult = { ok: true, lines: e.length, atLines: 0, atChecked: 0, departuresApplied: 0, mismatches: [], tagTotals: new Map(), opTotals: new Map() };
  let sc = 0;
  let atIdx = 0;
  const bump = (m: Map<string, number>, k: string): void => { m.set(k, (m.get(k) ?? 0) + 1); };
  for (let i = 0; i < Math.max(e.length, g.length); i++) {
    const el = e[i];
    const gl = g[i];
    const sm = el !== undefined ? /^SCENARIO (\d+)$/.exec(el) : null;
    if (sm) { sc = Number(sm[1]); atIdx = 0; }
    const em = el !== undefined ? AT_RE.exec(el) : null;
    let at: AtInfo | undefined;
    if (em) {
      at = scs.get(sc)?.ats[atIdx++];
      res.atLines++;
      bump(res.opTotals, em[1]);
      for (const t of at?.tags ?? []) bump(res.tagTotals, t);
      for (const t of scs.get(sc)?.tags ?? []) bump(res.tagTotals, `sc:${t}`);
    }
    if (el === gl) { if (em) res.atChecked++; continue; }
    const gm = gl !== undefined ? AT_RE.exec(gl) : null;
    const dep = departureFor(at);
    if (em && gm && dep && at?.arch && em[1] === gm[1] && em[2] === gm[2]) {
      const v = dep[1].check(BigInt('0x' + em[3]), BigInt('0x' + gm[3]), at.arch);
      res.departuresApplied++;
      if (v.ok) { res.atChecked++; continue; }
      res.mismatches.push({ prog, scenario: sc, scTags: scs.get(sc)?.tags, at, expected: el, got: gl, want: v.want, rule: dep[0], line: i + 1 });
      continue;
    }
    res.mismatches.push({ prog, scenario: sc, scTags: scs.get(sc)?.tags, at, expected: el, got: gl, line: i + 1 });
  }
  res.ok = res.mismatches.length === 0;
  return res;
}

/** Lines equal to QEMU's but architecturally wrong (a departure says QEMU is wrong there). */
export function departureChecksOnEqual(src: string, ref: string, got: string, prog: string): Mismatch[] {
  const scs = parseProgram(src);
  const e = normLines(ref);
  const g = normLines(got);
  const out: Mismatch[] = [];
  let sc = 0; let atIdx = 0;
  for (let i = 0; i < e.length; i++) {
    const sm = /^SCENARIO (\d+)$/.exec(e[i]);
    if (sm) { sc = Number(sm[1]); atIdx = 0; continue; }
    const em = AT_RE.exec(e[i]);
    if (!em) continue;
    const at = scs.get(sc)?.ats[atIdx++];
    if (g[i] !== e[i] || !at?.arch) continue;
    const dep = departureFor(at);
    if (!dep) continue;
    const v = dep[1].check(BigInt('0x' + em[3]), BigInt('0x' + em[3]), at.arch);
    if (!v.ok) out.push({ prog, scenario: sc, scTags: scs.get(sc)?.tags, at, expected: e[i], got: g[i], want: v.want, rule: dep[0], line: i + 1 });
  }
  return out;
}

// ---------------------------------------------------------------- process helpers
export interface Proc { stdout: string; stderr: string; status: number | null; ms: number }
function run(cmd: string, args: string[], timeoutMs: number): Promise<Proc> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let err = '';
    p.stdout.setEncoding('latin1').on('data', (d: string) => { out += d; });
    p.stderr.setEncoding('latin1').on('data', (d: string) => { err += d; });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => { clearTimeout(timer); resolve({ stdout: out.replace(/\r/g, ''), stderr: err, status: code, ms: Date.now() - t0 }); });
  });
}
export async function pool<T, R>(items: T[], jobs: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const res: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, async () => {
    while (next < items.length) { const i = next++; res[i] = await fn(items[i]); }
  }));
  return res;
}

export interface Paths { root: string; shared: string }
export { findPaths };

export function missingTools(): string[] {
  const has = (c: string): boolean => (process.env.PATH ?? '').split(path.delimiter).some((p) => fs.existsSync(path.join(p, c)));
  return ['aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld', 'qemu-system-aarch64'].filter((t) => !has(t));
}

export async function buildElf(p: Paths, src: string, elf: string): Promise<void> {
  const r = await run('sh', [path.join(p.shared, 'oracle/harness/build.sh'), src, elf], 60_000);
  if (r.status !== 0) throw new Error(`build failed for ${src}:\n${r.stderr.slice(-2000)}`);
}
export const runQemu = (p: Paths, elf: string): Promise<Proc> => run('sh', [path.join(p.shared, 'oracle/harness/run_qemu.sh'), elf, '60'], 70_000);
/** nvdbg on the program; `nested`: as a guest hypervisor at virtual EL2 under the host model (default policy upstream). */
export const runNvdbg = (p: Paths, elf: string, nested = false): Promise<Proc> =>
  run(process.execPath, [path.join(p.root, 'bin/nvdbg.js'), 'run', ...(nested ? ['--nested', '--policy', 'upstream'] : []), elf, '--max-insns', '200000000'], 120_000);

// ---------------------------------------------------------------- campaign
/** One nvdbg run of a program (bare or --nested) compared with the QEMU output. */
export interface ModeRun {
  mode: RunMode; cmp?: CompareResult; extra: Mismatch[]; status: number | null; stderr: string; ms: number;
  /** Normalized stdout lines (for showing the other mode's line beside a mismatch). */
  lines: string[];
}
export interface ProgResult {
  name: string; dir: string; seed: number; focus?: string; ats: number; scenarios: number; qemuOk: boolean; qemuProblem?: string;
  /** The bare run (also in `runs.bare`; kept for callers of the single-mode API). */
  cmp?: CompareResult; extra: Mismatch[]; nvStatus: number | null; nvStderr: string; qemuMs: number; nvMs: number;
  /** QEMU's normalized output lines. */
  qemuLines: string[];
  /** Every nvdbg run of the program: `nested` is absent when the campaign ran without it. */
  runs: { bare: ModeRun; nested?: ModeRun };
}
export interface CampaignOptions {
  count: number; seed: number; jobs?: number; keep?: string; scenarios?: number; atsPerScenario?: number; focusEvery?: boolean; focus?: string; log?: (s: string) => void;
  /** Also run every program with `nvdbg run --nested` (policy upstream) against the same QEMU output. Default true. */
  nested?: boolean;
}

/** QEMU's own output must be a complete, exception-free run of the program. */
export function qemuSanity(out: string, nScenarios: number): string | undefined {
  const l = normLines(out);
  if (l[0] !== 'START EL=2') return 'no START line';
  if (l.some((x) => x.startsWith('EXCEPTION'))) return `unexpected exception: ${l.find((x) => x.startsWith('EXCEPTION'))}`;
  if (l[l.length - 1] !== 'END') return 'no END line';
  if (l.filter((x) => x.startsWith('SCENARIO ')).length !== nScenarios) return 'wrong number of SCENARIO lines';
  return undefined;
}

export function seedFor(base: number, i: number): number { return (base + i * 7919) >>> 0; }
/** Focus group of program i: every other program concentrates on one feature group. */
export function focusFor(i: number): string | undefined { return i % 2 === 0 ? FOCUS_GROUPS[(i / 2) % FOCUS_GROUPS.length] : undefined; }

/** Mismatches of one run, in output order (the first is the first differing line). */
export function runMismatches(m: ModeRun | undefined): Mismatch[] {
  if (!m?.cmp) return [];
  return [...m.cmp.mismatches, ...m.extra].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
const runFailed = (m: ModeRun | undefined): boolean => runMismatches(m).length > 0;

export async function runCampaign(o: CampaignOptions): Promise<ProgResult[]> {
  const p = findPaths();
  const nested = o.nested !== false;
  const base = o.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-diff-mmu-'));
  const idx = Array.from({ length: o.count }, (_, i) => i);
  const results = await pool(idx, o.jobs ?? os.cpus().length, async (i): Promise<ProgResult> => {
    const seed = seedFor(o.seed, i);
    const focus = o.focus ?? (o.focusEvery === false ? undefined : focusFor(i));
    const name = `${seed}${focus ? '-' + focus : ''}`;
    const dir = path.join(base, name);
    fs.mkdirSync(dir, { recursive: true });
    const prog = generateProgram(seed, { scenarios: o.scenarios, atsPerScenario: o.atsPerScenario, focus });
    const src = path.join(dir, 'prog.S');
    fs.writeFileSync(src, prog.source);
    const elf = path.join(dir, 'prog.elf');
    await buildElf(p, src, elf);
    // QEMU once per program; both nvdbg runs (same ELF) are compared with its output.
    const q = await runQemu(p, elf);
    fs.writeFileSync(path.join(dir, 'expected.out'), q.stdout);
    const problem = qemuSanity(q.stdout, prog.scenarios.length);
    const modes: RunMode[] = nested ? ['bare', 'nested'] : ['bare'];
    const procs = await Promise.all(modes.map((m) => runNvdbg(p, elf, m === 'nested')));
    const runs = {} as { bare: ModeRun; nested?: ModeRun };
    modes.forEach((mode, k) => {
      const n = procs[k];
      fs.writeFileSync(path.join(dir, mode === 'nested' ? 'nvdbg-nested.out' : 'nvdbg.out'), n.stdout);
      if (n.stderr.trim()) fs.writeFileSync(path.join(dir, mode === 'nested' ? 'nvdbg-nested.err' : 'nvdbg.err'), n.stderr);
      const mr: ModeRun = { mode, extra: [], status: n.status, stderr: n.stderr, ms: n.ms, lines: normLines(n.stdout) };
      if (!problem) {
        mr.cmp = compareOutputs(name, prog.source, q.stdout, n.stdout);
        mr.extra = departureChecksOnEqual(prog.source, q.stdout, n.stdout, name);
        for (const m of [...mr.cmp.mismatches, ...mr.extra]) m.mode = mode;
      }
      runs[mode] = mr;
    });
    const b = runs.bare;
    const res: ProgResult = {
      name, dir, seed, focus, ats: prog.ats, scenarios: prog.scenarios.length, qemuOk: problem === undefined, qemuProblem: problem,
      cmp: b.cmp, extra: b.extra, nvStatus: b.status, nvStderr: b.stderr, qemuMs: q.ms, nvMs: b.ms, qemuLines: normLines(q.stdout), runs,
    };
    const bad = modes.filter((m) => runFailed(runs[m]));
    const rc = modes.filter((m) => runs[m]!.status !== 0).map((m) => `nvdbg${m === 'nested' ? ' --nested' : ''} rc=${runs[m]!.status}`);
    o.log?.(`${!problem && bad.length === 0 ? 'PASS' : 'FAIL'} ${name} (${prog.scenarios.length} scenarios, ${prog.ats} ATs${nested ? ', bare+nested' : ''}${problem ? ', QEMU: ' + problem : ''}${bad.length ? ', differs: ' + bad.join('+') : ''}${rc.length ? ', ' + rc.join(', ') : ''})`);
    if (!o.keep && !problem && bad.length === 0) fs.rmSync(dir, { recursive: true, force: true });
    return res;
  });
  if (!o.keep && fs.readdirSync(base).length === 0) fs.rmSync(base, { recursive: true, force: true });
  return results;
}

// ---------------------------------------------------------------- report
export interface Report {
  text: string;
  /** Programs with any failure (generator error, bare or nested mismatch). */
  failed: number;
  /** Programs whose bare run differs from the reference. */
  failedBare: number;
  /** Programs whose --nested run differs from the reference (0 when nested was not run). */
  failedNested: number;
  generatorErrors: number;
  /** Whether the results include --nested runs. */
  nested: boolean;
  /** Report restricted to one mode (summary of failing programs + details), for assertion messages. */
  modeText: Record<RunMode, string>;
  /** The mode-independent part: generator errors, mismatch tables by op and tag, counts. */
  stats: string;
}

const q = (s: string | undefined): string => (s === undefined ? '(nothing)' : s);
/** Failing programs listed (one block each) per mode. */
const MAX_SUMMARY = 25;

export function report(results: ProgResult[], maxDetails = 12): Report {
  const nested = results.some((r) => r.runs.nested !== undefined);
  const modes: RunMode[] = nested ? ['bare', 'nested'] : ['bare'];
  const add = (m: Map<string, number>, k: string, n = 1): void => { m.set(k, (m.get(k) ?? 0) + n); };
  const tagTot = new Map<string, number>(); const opTot = new Map<string, number>();
  const tagBad: Record<RunMode, Map<string, number>> = { bare: new Map(), nested: new Map() };
  const opBad: Record<RunMode, Map<string, number>> = { bare: new Map(), nested: new Map() };
  const failedBy: Record<RunMode, number> = { bare: 0, nested: 0 };
  const dep: Record<RunMode, number> = { bare: 0, nested: 0 };
  const all: Record<RunMode, Mismatch[]> = { bare: [], nested: [] };
  const summary: Record<RunMode, string[]> = { bare: [], nested: [] };
  const details: Record<RunMode, string[]> = { bare: [], nested: [] };
  const gen: string[] = [];
  let failed = 0; let genErr = 0; let ats = 0; let scen = 0;
  const srcCache = new Map<string, Map<number, ScenarioInfo>>();
  const scenarioOf = (r: ProgResult, n: number): ScenarioInfo | undefined => {
    if (!srcCache.has(r.name) && fs.existsSync(path.join(r.dir, 'prog.S'))) srcCache.set(r.name, parseProgram(fs.readFileSync(path.join(r.dir, 'prog.S'), 'utf8')));
    return srcCache.get(r.name)?.get(n);
  };
  const progLabel = (r: ProgResult): string => `${r.name} (seed ${r.seed}${r.focus ? `, focus ${r.focus}` : ''})`;
  /** The other mode's line at the same output position, for context ('' when that mode was not run). */
  const other = (r: ProgResult, mode: RunMode, line: number | undefined, width: number): string => {
    const om: RunMode = mode === 'bare' ? 'nested' : 'bare';
    const run = r.runs[om];
    if (!run || line === undefined) return '';
    const l = run.lines[line - 1];
    const rel = [l === r.runs[mode]!.lines[line - 1] ? `same as ${mode}` : `differs from ${mode}`, ...(l === r.qemuLines[line - 1] ? ['same as QEMU'] : [])];
    return `${(om + ':').padEnd(width)}${q(l)}   (${rel.join(', ')})`;
  };
  for (const r of results) {
    ats += r.ats; scen += r.scenarios;
    if (!r.qemuOk) { genErr++; failed++; gen.push(`GENERATOR ERROR ${progLabel(r)}: QEMU ${r.qemuProblem} (kept in ${r.dir})`); continue; }
    const c = r.runs.bare.cmp!;
    for (const [k, v] of c.tagTotals) add(tagTot, k, v);
    for (const [k, v] of c.opTotals) add(opTot, k, v);
    let progFailed = false;
    for (const mode of modes) {
      const run = r.runs[mode]!;
      dep[mode] += run.cmp!.departuresApplied;
      const ms = runMismatches(run);
      if (!ms.length) continue;
      progFailed = true;
      failedBy[mode]++;
      for (const m of ms) {
        all[mode].push(m);
        if (m.at) { add(opBad[mode], m.at.op); for (const t of m.at.tags) add(tagBad[mode], t); for (const t of m.scTags ?? []) add(tagBad[mode], `sc:${t}`); }
      }
      // one line per failing program and mode: seed, scenario, first differing line
      const f = ms[0];
      if (failedBy[mode] > MAX_SUMMARY) continue;
      const sc = scenarioOf(r, f.scenario);
      const ot = other(r, mode, f.line, 9);
      summary[mode].push(
        `FAIL [${mode}] ${progLabel(r)} scenario ${f.scenario}${sc?.header[0] ? ` (${sc.header[0].slice(3)})` : ''}: ${ms.length} differing line(s), first at output line ${f.line ?? '?'}${f.rule ? ` [departure ${f.rule}]` : ''}`,
        ...(f.at ? [`    AT:      ${f.at.comment}`] : []),
        `    QEMU:    ${q(f.expected)}${f.want ? `   (Arm ARM: PAR=${f.want})` : ''}`,
        `    ${(mode + ':').padEnd(9)}${q(f.got)}`,
        ...(ot ? [`    ${ot}`] : []),
        ...(run.status !== 0 ? [`    nvdbg${mode === 'nested' ? ' --nested' : ''} rc=${run.status}: ${run.stderr.trim().split('\n').slice(-1)[0] ?? ''}`] : []),
        `    kept in ${r.dir} (prog.S, prog.elf, expected.out, ${mode === 'nested' ? 'nvdbg-nested.out' : 'nvdbg.out'})`,
      );
      for (const m of ms) {
        if (all[mode].indexOf(m) >= maxDetails) break;
        const s = scenarioOf(r, m.scenario);
        const d = details[mode];
        d.push('', `--- [${mode}] ${progLabel(r)} scenario ${m.scenario}, output line ${m.line ?? '?'}${m.rule ? ` [departure ${m.rule}]` : ''}`);
        if (s) { d.push(...s.header); d.push(...s.descs.slice(0, 40).map((x) => '    ' + x)); if (s.descs.length > 40) d.push(`    ... ${s.descs.length - 40} more descriptors`); }
        if (m.at) d.push(`  AT: ${m.at.comment}`);
        d.push(`  expected: ${q(m.expected)}${m.want ? `   (Arm ARM: PAR=${m.want})` : ''}`, `  got:      ${q(m.got)}   (${MODE_LABEL[mode]})`);
        const ot = other(r, mode, m.line, 10);
        if (ot) d.push(`  ${ot}`);
      }
    }
    if (progFailed) failed++;
  }
  const o: string[] = [];
  for (const mode of modes) {
    const firstStop = results.find((r) => r.runs[mode] && r.runs[mode]!.status !== 0 && r.runs[mode]!.stderr.trim());
    if (firstStop) o.push(`nvdbg${mode === 'nested' ? ' --nested' : ''} stderr (${firstStop.name}, rc=${firstStop.runs[mode]!.status}): ${firstStop.runs[mode]!.stderr.trim().split('\n').slice(-1)[0]}`);
  }
  const modeText = {} as Record<RunMode, string>;
  for (const mode of modes) {
    const t: string[] = [];
    if (summary[mode].length) t.push(`==== ${MODE_LABEL[mode]}: ${failedBy[mode]} program(s) differ from the reference (first differing line of each)`, ...summary[mode]);
    if (failedBy[mode] > MAX_SUMMARY) t.push(`... ${failedBy[mode] - MAX_SUMMARY} more ${mode} programs differ`);
    t.push(...details[mode]);
    if (all[mode].length > maxDetails) t.push('', `... ${all[mode].length - maxDetails} more mismatched ${mode} lines`);
    modeText[mode] = t.join('\n');
    if (summary[mode].length) o.push('', modeText[mode]);
  }
  const statsFrom = o.length;
  o.push(...gen);
  const cols = nested ? 'bare, nested' : 'bare';
  const row = (k: string, bad: Record<RunMode, Map<string, number>>, tot: number): string =>
    modes.map((m) => String(bad[m].get(k) ?? 0).padStart(6)).join(' ') + ` / ${tot}`;
  o.push('', `Mismatched AT lines by op (mismatched ${cols} / total):`);
  for (const op of [...opTot.keys()].sort()) o.push(`  ${op.padEnd(8)} ${row(op, opBad, opTot.get(op)!)}`);
  o.push(`Mismatched AT lines by tag (mismatched ${cols} / total; sc: = scenario tag):`);
  for (const t of [...tagTot.keys()].sort()) o.push(`  ${t.padEnd(28)} ${row(t, tagBad, tagTot.get(t)!)}`);
  for (const mode of modes) {
    const nonAt = all[mode].filter((m) => !m.at).length;
    o.push(`Other mismatched lines, ${mode} (START/SCENARIO/MEM/END/missing/extra): ${nonAt}`);
  }
  o.push(`departure checks applied: ${modes.map((m) => `${m} ${dep[m]}`).join(', ')}`);
  const ok = results.length - genErr;
  o.push(`${results.length} programs, ${scen} scenarios, ${ats} ATs${genErr ? ` (${genErr} generator errors)` : ''}:`);
  for (const mode of modes) o.push(`  ${(MODE_LABEL[mode] + ':').padEnd(40)} ${ok - failedBy[mode]} passed, ${failedBy[mode]} failed`);
  o.push(`${results.length - failed} passed, ${failed} failed${nested ? ' (bare and --nested)' : ' (bare only; --nested not run)'}`);
  const stats = o.slice(statsFrom).join('\n');
  return { text: o.join('\n'), failed, failedBare: failedBy.bare, failedNested: failedBy.nested, generatorErrors: genErr, nested, modeText, stats };
}

/** Validates the comparison against the public oracle: QEMU now vs expected.out (must be 50/50 equal). */
export async function checkPublic(jobs = os.cpus().length): Promise<{ passed: number; total: number; text: string }> {
  const p = findPaths();
  const base = path.join(p.shared, 'oracle/public');
  const dirs = fs.readdirSync(base).filter((d) => /^\d+$/.test(d)).sort();
  const res = await pool(dirs, jobs, async (d) => {
    const dir = path.join(base, d);
    const q = await runQemu(p, path.join(dir, 'prog.elf'));
    const c = compareOutputs(d, fs.readFileSync(path.join(dir, 'prog.S'), 'utf8'), fs.readFileSync(path.join(dir, 'expected.out'), 'latin1'), q.stdout);
    return { d, c };
  });
  const passed = res.filter((r) => r.c.ok).length;
  const text = res.filter((r) => !r.c.ok).map((r) => `FAIL ${r.d}: ${r.c.mismatches[0]?.expected} vs ${r.c.mismatches[0]?.got}`).join('\n');
  return { passed, total: dirs.length, text };
}
