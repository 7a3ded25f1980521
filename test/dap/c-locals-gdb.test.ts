// C locals against GDB: at source breakpoints of the C guest hypervisor (GCC -O2 and -O0),
// GDB (gdb-multiarch on QEMU 7.2's gdbstub) and nvdbg's Locals scope must give the same values.
// GDB is the reference for DWARF location expressions (dwarf-expr.ts: arithmetic, branches,
// implicit values, pieces); both machines run the same deterministic program to the same hit.
// DW_OP_entry_value is resolved from the caller's call-site record (DW_AT_call_value), as GDB
// does; where no call site says (a frame entered by an exception), both show no value.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawn, spawnSync } from 'child_process';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { repoRoot } from '../util/paths';
import { requireTools } from '../util/gnu';

const root = repoRoot();
const ADAPTER = path.join(root, 'dist/debugAdapter.js');
const DIR = path.join(root, 'examples/c-hypervisor');

/** Breakpoints (file, the text of a line in it) where functions have parameters and locals in play. */
const STOPS: [string, string][] = [
  ['hyp.c', 'l3[index] = pa | attrs | DESC_PAGE | DESC_VALID;'],
  ['hyp.c', 'l2[table_index(ipa, 2)] = pa | attrs | DESC_VALID;'],
  ['hyp.c', 'table = (u64 *)(S2_POOL + s2_pages_used * PAGE_SIZE);'],
  ['hyp.c', 'map_page(LAZY_IPA, LAZY_PA, S2_NORMAL_RO);'],
  ['guest.c', 'u64 value = guest_read(ipa);'],
];

const lineOf = (file: string, text: string): number => {
  const i = fs.readFileSync(path.join(DIR, file), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${file} has no line with ${text}`);
  return i + 1;
};

/** The number a printed value starts with or is (decimal, or 0x hex after an optional pointer type), if any. */
function numberOf(text: string): bigint | undefined {
  const m = /^(?:\([^)]*\)\s*)?(-?\d+|0x[0-9a-f]+)(?:\s|$)/.exec(text.trim());
  return m === null ? undefined : BigInt.asUintN(64, BigInt(m[1]));
}

let port = 12400 + (process.pid % 500);

/** GDB in batch mode on `elf` running under QEMU's gdbstub (stopped at reset): its standard output. */
async function gdbBatch(elf: string, commands: string[]): Promise<string> {
  const p = port++;
  const qemu = spawn('qemu-system-aarch64', ['-machine', 'virt,virtualization=on,gic-version=3', '-cpu', 'max', '-m', '256M', '-nographic',
    '-monitor', 'none', '-chardev', 'stdio,mux=on,id=con0', '-serial', 'chardev:con0', '-semihosting-config', 'enable=on,target=native,chardev=con0',
    '-kernel', elf, '-S', '-gdb', `tcp:127.0.0.1:${p}`], { stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    await new Promise((r) => setTimeout(r, 300));
    const g = spawnSync('gdb-multiarch', ['-q', '-nx', '-batch', '-ex', 'set pagination off', '-ex', `target remote 127.0.0.1:${p}`,
      ...commands.flatMap((c) => ['-ex', c]), elf], { encoding: 'utf8', timeout: 30000 });
    return g.stdout + (g.stderr ? `\n${g.stderr}` : '');
  } finally {
    qemu.kill('SIGKILL');
  }
}

/** `info args` and `info locals` of GDB at the first hit of file:line. */
async function gdbLocals(elf: string, file: string, line: number): Promise<Map<string, string>> {
  const out = await gdbBatch(elf, [`break ${file}:${line}`, 'continue', 'info args', 'info locals']);
  // At -O2 the stop may be reported in a function inlined at that line (GDB's and nvdbg's innermost frame).
  assert.match(out, /Breakpoint 1(\.\d+)?, /, `GDB did not stop at ${file}:${line}:\n${out}`);
  const vars = new Map<string, string>();
  for (const l of out.slice(out.search(/Breakpoint 1(\.\d+)?, /)).split('\n')) {
    const m = /^(\w+) = (.*)$/.exec(l);
    if (m !== null && !vars.has(m[1])) vars.set(m[1], m[2]);
  }
  return vars;
}

/** How many times GDB's breakpoint on file:line is hit in a whole run (all its locations). */
async function gdbHits(elf: string, file: string, line: number): Promise<number> {
  const out = await gdbBatch(elf, [`break ${file}:${line}`, 'ignore 1 1000000', 'continue', 'info breakpoints']);
  assert.match(out, /exited normally/, `the program did not run to its end under GDB:\n${out}`);
  const m = /breakpoint already hit (\d+) time/.exec(out);
  return m === null ? 0 : Number(m[1]);
}

describe('C locals agree with GDB on QEMU (DWARF location expressions)', function () {
  this.timeout(120000);
  before(() => requireTools('qemu-system-aarch64', 'gdb-multiarch'));
  let dc: DebugClient;
  beforeEach(async () => { dc = new DebugClient(process.execPath, ADAPTER, 'nvdbg'); await dc.start(); });
  afterEach(async () => { await dc.stop(); });

  async function nvdbgLocals(elf: string, file: string, line: number, nested: boolean): Promise<Map<string, string>> {
    const entry = dc.waitForEvent('stopped', 10000);
    await Promise.all([dc.configurationSequence(), dc.launch({ program: elf, stopOnEntry: true, nested } as DebugProtocol.LaunchRequestArguments)]);
    await entry;
    const bps = await dc.setBreakpointsRequest({ source: { path: path.join(DIR, file) }, breakpoints: [{ line }] });
    assert.equal(bps.body.breakpoints[0].verified, true);
    const hit = dc.waitForEvent('stopped', 10000);
    await dc.continueRequest({ threadId: 0 });
    await hit;
    const st = await dc.stackTraceRequest({ threadId: 0 });
    const sc = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
    const v = await dc.variablesRequest({ variablesReference: sc.body.scopes[0].variablesReference });
    return new Map(v.body.variables.map((x) => [x.name, x.value]));
  }

  for (const elfName of ['c-hypervisor.elf', 'c-hypervisor-O0.elf']) {
    it(`${elfName}: every value GDB shows at ${STOPS.length} breakpoints, nvdbg shows too (bare and --nested)`, async () => {
      const elf = path.join(DIR, elfName);
      let compared = 0;
      const entryValues: string[] = [];
      for (const [file, text] of STOPS) {
        const line = lineOf(file, text);
        const gdb = await gdbLocals(elf, file, line);
        // The program bare and as a guest hypervisor at virtual EL2: the same C state either way.
        for (const nested of [false, true]) {
          const nv = await nvdbgLocals(elf, file, line, nested);
          await dc.stop(); dc = new DebugClient(process.execPath, ADAPTER, 'nvdbg'); await dc.start();
          for (const [name, gv] of gdb) {
            const want = numberOf(gv);
            const got = nv.get(name);
            const at = `${elfName}${nested ? ' --nested' : ''} ${file}:${line} ${name}: GDB ${gv}, nvdbg ${got}`;
            if (want === undefined) {
              // GDB has no scalar value (<optimized out>, a struct): nvdbg must not invent one.
              if (/optimized out/.test(gv)) assert.equal(got === undefined ? undefined : numberOf(got), undefined, at);
              continue;
            }
            assert.ok(got !== undefined, `${at}: nvdbg lists no such variable`);
            if (/DW_OP_(GNU_)?entry_value/.test(got)) { entryValues.push(at); continue; }
            assert.equal(numberOf(got), want, at);
            compared++;
          }
        }
      }
      assert.ok(compared >= (elfName.includes('O0') ? 24 : 12), `only ${compared} values compared`);
      // Entry values: nvdbg resolves them through the caller's call site as GDB does.
      assert.deepEqual(entryValues, [], 'entry values GDB shows and nvdbg does not');
    });
  }

  /** Lines whose code GCC inlines or duplicates at -O2 (one breakpoint location per function instance). */
  const HIT_LINES: [string, string][] = [
    ['hyp.c', 'table = (u64 *)(S2_POOL + s2_pages_used * PAGE_SIZE);'],
    ['hyp.c', 'return (ipa >> (12 + 9 * (3 - level))) & (PTES_PER_TABLE - 1);'],
    ['hyp.c', 'if (desc & DESC_VALID)'],
    ['hyp.c', 'l3[index] = pa | attrs | DESC_PAGE | DESC_VALID;'],
  ];
  for (const elfName of ['c-hypervisor.elf', 'c-hypervisor-O0.elf']) {
    it(`${elfName}: a source breakpoint is hit as often as GDB's (every inlined copy of the line)`, async () => {
      const elf = path.join(DIR, elfName);
      for (const [file, text] of HIT_LINES) {
        const line = lineOf(file, text);
        const want = await gdbHits(elf, file, line);
        const entry = dc.waitForEvent('stopped', 10000);
        await Promise.all([dc.configurationSequence(), dc.launch({ program: elf, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments)]);
        await entry;
        await dc.setBreakpointsRequest({ source: { path: path.join(DIR, file) }, breakpoints: [{ line }] });
        let hits = 0;
        for (;;) {
          const next = Promise.race([dc.waitForEvent('stopped', 20000).then(() => 'stopped'), dc.waitForEvent('terminated', 20000).then(() => 'terminated')]);
          await dc.continueRequest({ threadId: 0 });
          if ((await next) === 'terminated') break;
          hits++;
          assert.ok(hits <= want, `${elfName} ${file}:${line}: more hits than GDB's ${want}`);
        }
        assert.equal(hits, want, `${elfName} ${file}:${line}: nvdbg ${hits} hits, GDB ${want}`);
        await dc.stop(); dc = new DebugClient(process.execPath, ADAPTER, 'nvdbg'); await dc.start();
      }
    });
  }
});
