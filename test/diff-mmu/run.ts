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
    rule: 'Arm ARM AArch64.BlockDescSupported()/AArch64.DecodeDescriptorType(): a block descriptor is only '
      + 'valid at 4KB L1/L2 (L0 with TCR.DS=1), 16KB L2 (L1 with DS=1), 64KB L2 (L1 with 52-bit PA); '
      + 'elsewhere it is Invalid -> Translation fault at that level (FST 0b0001LL). QEMU 7.2 has no '
      + 'such check (lpae_block_desc_valid() came later) and uses it as a block.',
    check(qemu, got, arg) {
      const [, lvS, stS] = arg.split(':');
      const level = Number(lvS);
      const s2 = stS === '1';
      // A fault QEMU reports before the walk reaches the descriptor is architecturally right too:
      // a stage-2 fault on a stage-1 table fetch (PTW), or a fault at a lower level of the same
      // stage. A final stage-2 fault (S=1, PTW=0) comes after stage 1 and is not earlier.
      const qf = (qemu & 1n) === 1n;
      const qlevel = fld(qemu, 1, 2);
      const qtype = fld(qemu, 3, 4);
      const earlier = qf && (fld(qemu, 8, 1) === 1 || (qtype < 4 && qlevel < level && fld(qemu, 9, 1) === (s2 ? 1 : 0)));
      const want = earlier ? qemu : 0x801n | (BigInt(4 + level) << 1n) | (s2 ? 1n << 9n : 0n);
      return { ok: got === want, want: hex16(want) };
    },
  },
  fwb_s1dev_s2dev: {
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

export interface Mismatch { prog: string; scenario: number; scTags?: string[]; at?: AtInfo; expected?: string; got?: string; want?: string; rule?: string }
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
    const dep = at?.arch ? at.tags.map((t) => [t, ARCH_DEPARTURES[t]] as const).find(([, d]) => d !== undefined) : undefined;
    if (em && gm && dep && at?.arch && em[1] === gm[1] && em[2] === gm[2]) {
      const v = dep[1].check(BigInt('0x' + em[3]), BigInt('0x' + gm[3]), at.arch);
      res.departuresApplied++;
      if (v.ok) { res.atChecked++; continue; }
      res.mismatches.push({ prog, scenario: sc, scTags: scs.get(sc)?.tags, at, expected: el, got: gl, want: v.want, rule: dep[0] });
      continue;
    }
    res.mismatches.push({ prog, scenario: sc, scTags: scs.get(sc)?.tags, at, expected: el, got: gl });
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
    const dep = at.tags.map((t) => [t, ARCH_DEPARTURES[t]] as const).find(([, d]) => d !== undefined);
    if (!dep) continue;
    const v = dep[1].check(BigInt('0x' + em[3]), BigInt('0x' + em[3]), at.arch);
    if (!v.ok) out.push({ prog, scenario: sc, scTags: scs.get(sc)?.tags, at, expected: e[i], got: g[i], want: v.want, rule: dep[0] });
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
export const runNvdbg = (p: Paths, elf: string): Promise<Proc> => run(process.execPath, [path.join(p.root, 'bin/nvdbg.js'), 'run', elf, '--max-insns', '200000000'], 120_000);

// ---------------------------------------------------------------- campaign
export interface ProgResult {
  name: string; dir: string; ats: number; scenarios: number; qemuOk: boolean; qemuProblem?: string;
  cmp?: CompareResult; extra: Mismatch[]; nvStatus: number | null; nvStderr: string; qemuMs: number; nvMs: number;
}
export interface CampaignOptions { count: number; seed: number; jobs?: number; keep?: string; scenarios?: number; atsPerScenario?: number; focusEvery?: boolean; focus?: string; log?: (s: string) => void }

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

export async function runCampaign(o: CampaignOptions): Promise<ProgResult[]> {
  const p = findPaths();
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
    const q = await runQemu(p, elf);
    fs.writeFileSync(path.join(dir, 'expected.out'), q.stdout);
    const problem = qemuSanity(q.stdout, prog.scenarios.length);
    const n = await runNvdbg(p, elf);
    fs.writeFileSync(path.join(dir, 'nvdbg.out'), n.stdout);
    const res: ProgResult = { name, dir, ats: prog.ats, scenarios: prog.scenarios.length, qemuOk: problem === undefined, qemuProblem: problem, extra: [], nvStatus: n.status, nvStderr: n.stderr, qemuMs: q.ms, nvMs: n.ms };
    if (!problem) {
      res.cmp = compareOutputs(name, prog.source, q.stdout, n.stdout);
      res.extra = departureChecksOnEqual(prog.source, q.stdout, n.stdout, name);
    }
    o.log?.(`${res.cmp?.ok && res.extra.length === 0 ? 'PASS' : 'FAIL'} ${name} (${prog.scenarios.length} scenarios, ${prog.ats} ATs${problem ? ', QEMU: ' + problem : ''}${n.status !== 0 ? ', nvdbg rc=' + n.status : ''})`);
    if (!o.keep && res.cmp?.ok && res.extra.length === 0) fs.rmSync(dir, { recursive: true, force: true });
    return res;
  });
  if (!o.keep && fs.readdirSync(base).length === 0) fs.rmSync(base, { recursive: true, force: true });
  return results;
}

// ---------------------------------------------------------------- report
export function report(results: ProgResult[], maxDetails = 12): { text: string; failed: number; generatorErrors: number } {
  const o: string[] = [];
  const tagTot = new Map<string, number>(); const tagBad = new Map<string, number>();
  const opTot = new Map<string, number>(); const opBad = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, n = 1): void => { m.set(k, (m.get(k) ?? 0) + n); };
  let failed = 0; let genErr = 0; let ats = 0; let scen = 0; let dep = 0;
  const all: Mismatch[] = [];
  for (const r of results) {
    ats += r.ats; scen += r.scenarios;
    if (!r.qemuOk) { genErr++; failed++; o.push(`GENERATOR ERROR ${r.name}: QEMU ${r.qemuProblem} (kept in ${r.dir})`); continue; }
    const c = r.cmp!;
    dep += c.departuresApplied;
    for (const [k, v] of c.tagTotals) add(tagTot, k, v);
    for (const [k, v] of c.opTotals) add(opTot, k, v);
    const ms = [...c.mismatches, ...r.extra];
    if (ms.length) failed++;
    for (const m of ms) {
      all.push(m);
      if (m.at) { add(opBad, m.at.op); for (const t of m.at.tags) add(tagBad, t); for (const t of m.scTags ?? []) add(tagBad, `sc:${t}`); }
    }
  }
  const firstStop = results.find((r) => r.nvStatus !== 0 && r.nvStderr.trim());
  if (firstStop) o.push(`nvdbg stderr (${firstStop.name}, rc=${firstStop.nvStatus}): ${firstStop.nvStderr.trim().split('\n').slice(-1)[0]}`);
  const srcCache = new Map<string, Map<number, ScenarioInfo>>();
  for (const m of all.slice(0, maxDetails)) {
    const r = results.find((x) => x.name === m.prog)!;
    if (!srcCache.has(m.prog) && fs.existsSync(path.join(r.dir, 'prog.S'))) srcCache.set(m.prog, parseProgram(fs.readFileSync(path.join(r.dir, 'prog.S'), 'utf8')));
    const sc = srcCache.get(m.prog)?.get(m.scenario);
    o.push('', `--- ${m.prog} scenario ${m.scenario}${m.rule ? ` [departure ${m.rule}]` : ''}`);
    if (sc) { o.push(...sc.header); o.push(...sc.descs.slice(0, 40).map((d) => '    ' + d)); if (sc.descs.length > 40) o.push(`    ... ${sc.descs.length - 40} more descriptors`); }
    if (m.at) o.push(`  AT: ${m.at.comment}`);
    o.push(`  expected: ${m.expected ?? '(nothing)'}${m.want ? `   (Arm ARM: PAR=${m.want})` : ''}`, `  got:      ${m.got ?? '(nothing)'}`);
  }
  if (all.length > maxDetails) o.push('', `... ${all.length - maxDetails} more mismatched lines`);
  o.push('', 'Mismatched AT lines by op (mismatched/total):');
  for (const op of [...opTot.keys()].sort()) o.push(`  ${op.padEnd(8)} ${String(opBad.get(op) ?? 0).padStart(6)} / ${opTot.get(op)}`);
  o.push('Mismatched AT lines by tag (mismatched/total; sc: = scenario tag):');
  for (const t of [...tagTot.keys()].sort()) o.push(`  ${t.padEnd(28)} ${String(tagBad.get(t) ?? 0).padStart(6)} / ${tagTot.get(t)}`);
  const nonAt = all.filter((m) => !m.at).length;
  o.push(`Other mismatched lines (START/SCENARIO/MEM/END/missing/extra): ${nonAt}`);
  o.push(`departure checks applied: ${dep}`);
  o.push(`${results.length} programs, ${scen} scenarios, ${ats} ATs: ${results.length - failed} passed, ${failed} failed${genErr ? ` (${genErr} generator errors)` : ''}`);
  return { text: o.join('\n'), failed, generatorErrors: genErr };
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
