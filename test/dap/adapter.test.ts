// The debug adapter over DAP, driven by @vscode/debugadapter-testsupport against
// the bundle that ships (dist/debugAdapter.js), on examples/el2-tour.
import { strict as assert } from 'assert';
import * as path from 'path';
import * as fs from 'fs';
import * as os from 'os';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { repoRoot } from '../util/paths';
import { TranslateResponseBody, PageTableResponseBody, ShadowMmusResponseBody } from '../../src/debug-adapter/protocol';

const root = repoRoot();
const ADAPTER = path.join(root, 'dist/debugAdapter.js');
const TOUR = path.join(root, 'examples/el2-tour/el2-tour.elf');
const TIGHT = path.join(root, 'bench/programs/tight.elf');

async function stoppedAt(dc: DebugClient, reason: string): Promise<DebugProtocol.StoppedEvent> {
  const e = (await dc.waitForEvent('stopped', 5000)) as DebugProtocol.StoppedEvent;
  assert.equal(e.body.reason, reason, JSON.stringify(e.body));
  return e;
}

async function topFrame(dc: DebugClient): Promise<DebugProtocol.StackFrame> {
  const st = await dc.stackTraceRequest({ threadId: 0 });
  return st.body.stackFrames[0];
}

describe('debug adapter (DAP)', function () {
  this.timeout(20000);
  let dc: DebugClient;
  beforeEach(async () => {
    dc = new DebugClient(process.execPath, ADAPTER, 'nvdbg');
    await dc.start();
  });
  afterEach(async () => { await dc.stop(); });

  // dc.launch() sends initialize itself; configurationSequence() must be waiting before that.
  async function launch(args: Record<string, unknown>): Promise<void> {
    await Promise.all([dc.configurationSequence(), dc.launch(args as DebugProtocol.LaunchRequestArguments)]);
  }
  // bench/programs/at-loop.elf, stopped on entry; its loop's AT instruction is at 0x40080074.
  const AT_LOOP = path.join(root, 'bench/programs/at-loop.elf');
  async function launchAtLoop(): Promise<void> {
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: AT_LOOP, stopOnEntry: true });
    await entry;
  }
  async function launchAtLoopStoppedAtAt(): Promise<void> {
    await launchAtLoop();
    await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: '0x40080074' }] });
    const bp = stoppedAt(dc, 'breakpoint');
    await dc.continueRequest({ threadId: 0 });
    await bp;
  }
  const readMemory = (args: DebugProtocol.ReadMemoryArguments): Promise<DebugProtocol.ReadMemoryResponse> =>
    dc.customRequest('readMemory', args) as Promise<DebugProtocol.ReadMemoryResponse>;

  it('stops on entry at _start with threads, registers and decoded system registers', async () => {
    const stopped = stoppedAt(dc, 'entry');
    await launch({ program: TOUR, stopOnEntry: true });
    await stopped;
    const threads = await dc.threadsRequest();
    assert.deepEqual(threads.body.threads.map((t) => t.name), ['cpu0 (EL2)']);
    const f = await topFrame(dc);
    assert.equal(f.name, 'EL2 _start');
    assert.equal(f.instructionPointerReference, '0x0000000040080000');
    const scopes = await dc.scopesRequest({ frameId: f.id });
    assert.deepEqual(scopes.body.scopes.map((s) => s.name), ['Registers', 'EL1 System Registers', 'EL2 System Registers', 'AT Walks', 'TLB']);
    const regs = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
    assert.deepEqual(regs.body.variables.slice(31, 33).map((v) => [v.name, v.value]), [['sp', '0x0000000000000000'], ['pc', '0x0000000040080000']]);
    assert.match(regs.body.variables[33].value, /^NZCV=nZcv EL=2 SP=SP_EL2 \(h\) DAIF=DAIF$/);
    const el2 = await dc.variablesRequest({ variablesReference: scopes.body.scopes[2].variablesReference });
    const hcr = el2.body.variables.find((v) => v.name === 'HCR_EL2');
    assert.ok(hcr !== undefined);
    const fields = await dc.variablesRequest({ variablesReference: hcr.variablesReference });
    assert.ok(fields.body.variables.some((v) => v.name === 'RW [31]' && v.value.startsWith('0x0')), JSON.stringify(fields.body.variables.slice(0, 5)));
  });

  it('steps one instruction, breaks on a function symbol, and evaluates hovers', async () => {
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: TOUR, stopOnEntry: true });
    await entry;
    const stepped = stoppedAt(dc, 'step');
    await dc.nextRequest({ threadId: 0 });
    await stepped;
    assert.equal((await topFrame(dc)).instructionPointerReference, '0x0000000040080004');
    const bp = await dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'el1_main' }, { name: 'no_such_symbol' }] });
    assert.deepEqual(bp.body.breakpoints.map((b) => b.verified), [true, false]);
    const hit = stoppedAt(dc, 'breakpoint');
    await dc.continueRequest({ threadId: 0 });
    await hit;
    assert.equal((await topFrame(dc)).name, 'EL1 el1_main');
    const el = await dc.evaluateRequest({ expression: 'CurrentEL', context: 'hover' });
    assert.equal(el.body.result, '0x0000000000000004');
    const rw = await dc.evaluateRequest({ expression: 'HCR_EL2.RW', context: 'hover' });
    assert.equal(rw.body.result, '0x0000000000000001');
    const sum = await dc.evaluateRequest({ expression: 'pc + 8', context: 'watch' });
    assert.equal(BigInt(sum.body.result), BigInt((await topFrame(dc)).instructionPointerReference ?? '0') + 8n);
    const bad = await dc.evaluateRequest({ expression: 'HCR_EL2.NOPE', context: 'hover' }).catch((e: Error) => e);
    assert.ok(bad instanceof Error && /has no field 'NOPE'/.test(bad.message));
  });

  it('stops on the exception filter with a description and exception info; reads memory; runs to exit', async () => {
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: TOUR, stopOnEntry: true });
    await entry;
    await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'exception', condition: 'ec == 0x25 && toEl == 1' }] });
    const exc = stoppedAt(dc, 'exception');
    await dc.continueRequest({ threadId: 0 });
    const e = await exc;
    assert.equal(e.body.description, 'data abort, same EL: synchronous external abort (read) (EL1 -> EL1)');
    const frames = (await dc.stackTraceRequest({ threadId: 0 })).body.stackFrames.map((f) => f.name);
    assert.equal(frames[0], 'EL1 el1_vectors+0x200', 'stopped at the vector: current EL, SP_ELx, synchronous');
    assert.equal(frames[frames.length - 1], 'EL1 (data abort, same EL: synchronous external abort (read) -> EL1) el1_main+0xc', 'a frame for the live exception, at its ELR (the faulting ldr)');
    const info = await dc.exceptionInfoRequest({ threadId: 0 });
    assert.match(info.body.description ?? '', /ESR=0x96000010, ELR=0x[0-9a-f]+, FAR=0x0000000060000000/);
    const mem = await readMemory({ memoryReference: 'pa:0x40080000', count: 4 });
    assert.equal(Buffer.from(mem.body?.data ?? '', 'base64').toString('hex'), fs.readFileSync(TOUR).subarray(0x1000, 0x1004).toString('hex'));
    await dc.setExceptionBreakpointsRequest({ filters: [] });
    const exited = dc.waitForEvent('exited', 5000) as Promise<DebugProtocol.ExitedEvent>;
    const terminated = dc.waitForEvent('terminated', 5000); // both are sent together: wait for both first
    await dc.continueRequest({ threadId: 0 });
    assert.equal((await exited).body.exitCode, 0);
    await terminated;
  });

  it('disassembles exactly the requested count around the PC, in objdump syntax', async () => {
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: TOUR, stopOnEntry: true });
    await entry;
    const r = await dc.customRequest('disassemble', { memoryReference: '0x40080000', instructionOffset: -200, instructionCount: 400 }) as DebugProtocol.DisassembleResponse;
    const ins = r.body?.instructions ?? [];
    assert.equal(ins.length, 400);
    assert.equal(ins[0].address, '0x000000004007fce0');
    assert.equal(ins[200].address, '0x0000000040080000');
    assert.equal(ins[200].symbol, '_start');
    assert.equal(ins[200].instruction, 'ldr x0, 40081788 <el1_vectors+0x788>'); // as aarch64-linux-gnu-objdump -d prints it
    assert.ok(ins.slice(1).every((x, i) => BigInt(x.address) === BigInt(ins[i].address) + 4n), 'addresses are consecutive');
  });

  it('a data breakpoint on memory stops after the instruction that writes it', async () => {
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: TOUR, stopOnEntry: true });
    await entry;
    // el2-tour's putkv writes hex digits into hexbuf (0x400818b8, see `nm`) with strb.
    const sym = (await dc.customRequest('dataBreakpointInfo', { name: 'pa:0x400818b8' })) as DebugProtocol.DataBreakpointInfoResponse;
    assert.equal(sym.body.dataId, 'pa:0x400818b8:8');
    const set = (await dc.customRequest('setDataBreakpoints', { breakpoints: [{ dataId: sym.body.dataId, accessType: 'write' }] })) as DebugProtocol.SetDataBreakpointsResponse;
    assert.equal(set.body.breakpoints[0].verified, true);
    const hit = stoppedAt(dc, 'data breakpoint');
    await dc.continueRequest({ threadId: 0 });
    const e = await hit;
    assert.equal(e.body.description, 'cpu0 wrote 1 byte at pa:0x400818b8');
    const f = await topFrame(dc);
    assert.equal(f.name, 'EL2 putkv+0x34', 'stopped after the strb that wrote it');
    const bad = (await dc.customRequest('dataBreakpointInfo', { name: 'pa:0x7000000' })) as DebugProtocol.DataBreakpointInfoResponse;
    assert.equal(bad.body.dataId, null);
  });

  it('steps back over a store (memory reverts) and over an AT (PAR_EL1 reverts); reverse-continues to a breakpoint', async () => {
    await launchAtLoop();
    const step = async (): Promise<void> => { const s = stoppedAt(dc, 'step'); await dc.nextRequest({ threadId: 0 }); await s; };
    const back = async (): Promise<void> => { const s = stoppedAt(dc, 'step'); await dc.stepBackRequest({ threadId: 0 }); await s; };
    const pc = async (): Promise<string> => (await topFrame(dc)).instructionPointerReference ?? '';
    const mem8 = async (ref: string): Promise<string> => Buffer.from((await readMemory({ memoryReference: ref, count: 8 })).body?.data ?? '', 'base64').toString('hex');
    for (let i = 0; i < 4; i++) await step(); // up to the first `str x4, [x1]` (0x40080010)
    assert.equal(await pc(), '0x0000000040080010');
    const before = await mem8('pa:0x40400000');
    await step();
    assert.notEqual(await mem8('pa:0x40400000'), before, 'the store wrote the L0 descriptor');
    await back();
    assert.equal(await pc(), '0x0000000040080010');
    assert.equal(await mem8('pa:0x40400000'), before, 'memory reverts when stepping back over the store');
    await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: '0x40080074' }] });
    const bp = stoppedAt(dc, 'breakpoint');
    await dc.continueRequest({ threadId: 0 });
    await bp;
    const par0 = (await dc.evaluateRequest({ expression: 'PAR_EL1' })).body.result;
    await step(); // AT S1E1R
    const par1 = (await dc.evaluateRequest({ expression: 'PAR_EL1' })).body.result;
    assert.notEqual(par1, par0);
    assert.match(par1, /F=0 PA=0x40123000/);
    await back();
    assert.equal(await pc(), '0x0000000040080074');
    assert.equal((await dc.evaluateRequest({ expression: 'PAR_EL1' })).body.result, par0, 'PAR_EL1 reverts');
    for (let i = 0; i < 6; i++) await step(); // once round the loop, past the breakpoint address
    const rc = stoppedAt(dc, 'breakpoint');
    await dc.customRequest('reverseContinue', { threadId: 0 });
    await rc;
    assert.equal(await pc(), '0x0000000040080074', 'reverse continue stops at the breakpoint');
  });

  it('sets registers, system registers and single fields (MSR semantics)', async () => {
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: TOUR, stopOnEntry: true });
    await entry;
    const f = await topFrame(dc);
    const scopes = (await dc.scopesRequest({ frameId: f.id })).body.scopes;
    const regs = scopes[0].variablesReference, el2 = scopes[2].variablesReference;
    const x5 = (await dc.customRequest('setVariable', { variablesReference: regs, name: 'x5', value: '0x1234' })) as DebugProtocol.SetVariableResponse;
    assert.equal(x5.body.value, '0x0000000000001234');
    assert.equal((await dc.evaluateRequest({ expression: 'x5' })).body.result, '0x0000000000001234');
    await dc.customRequest('setVariable', { variablesReference: el2, name: 'HCR_EL2', value: '0x80000000' });
    assert.equal((await dc.evaluateRequest({ expression: 'HCR_EL2.RW' })).body.result, '0x0000000000000001');
    const hcr = (await dc.variablesRequest({ variablesReference: el2 })).body.variables.find((v) => v.name === 'HCR_EL2');
    const vm = (await dc.customRequest('setVariable', { variablesReference: hcr?.variablesReference ?? 0, name: 'VM [0]', value: '1' })) as DebugProtocol.SetVariableResponse;
    assert.equal(vm.body.value, '0x1');
    assert.equal((await dc.evaluateRequest({ expression: 'HCR_EL2' })).body.result, '0x0000000080000001');
    const bad = await dc.customRequest('setVariable', { variablesReference: regs, name: 'x5', value: 'banana' }).catch((e: Error) => e);
    assert.ok(bad instanceof Error && /not a number/.test(bad.message));
    const ro = await dc.customRequest('setVariable', { variablesReference: hcr?.variablesReference ?? 0, name: 'VM [0]', value: '2' }).catch((e: Error) => e);
    assert.ok(ro instanceof Error && /1 bits wide/.test(ro.message));
  });

  it('REPL commands: walk, at (what-if, PAR_EL1 untouched), s2, tlb, with completions', async () => {
    await launchAtLoopStoppedAtAt();
    const repl = async (e: string): Promise<string> => (await dc.evaluateRequest({ expression: e, context: 'repl' })).body.result;
    const par = await repl('PAR_EL1');
    assert.match(await repl('walk 0x40123456 el10'), /stage 1 el10 VA 0x0000000040123456 granule 4K start L0[\s\S]*=> PA 0x40123456 attr 0xff sh 3/);
    assert.match(await repl('at s12e1r 0x40123456'), /PAR=0x[0-9a-f]{16} F=0 PA=0x40123000/);
    assert.equal(await repl('PAR_EL1'), par, 'the what-if AT does not write PAR_EL1');
    assert.match(await repl('s2 0x40123456'), /stage 2 el10 IPA 0x40123456 granule 4K start L1/);
    assert.match(await repl('tlb'), /TLB empty|va 0x/);
    assert.match(await repl('at bogus 1'), /^usage: at </);
    const c = (await dc.customRequest('completions', { text: 'wa', column: 3 })) as DebugProtocol.CompletionsResponse;
    assert.deepEqual(c.body.targets.map((t) => t.label), ['walk']);
  });

  it('honours breakpoint hit counts and conditions', async () => {
    await launchAtLoop();
    // x5 counts loop iterations down from 1000000; the AT at 0x40080074 runs once per iteration.
    await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: '0x40080074', hitCondition: '3' }] });
    let hit = stoppedAt(dc, 'breakpoint');
    await dc.continueRequest({ threadId: 0 });
    await hit;
    assert.equal(BigInt((await dc.evaluateRequest({ expression: 'x5' })).body.result), 999998n);
    await dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: '0x40080074', condition: 'x5 == 999990' }] });
    hit = stoppedAt(dc, 'breakpoint');
    await dc.continueRequest({ threadId: 0 });
    await hit;
    assert.equal(BigInt((await dc.evaluateRequest({ expression: 'x5' })).body.result), 999990n);
  });

  it('custom requests: nvdbg/translate (what-if, with overrides), nvdbg/pageTable (paged), nvdbg/shadowMmus', async () => {
    await launchAtLoopStoppedAtAt();
    const custom = async <T>(cmd: string, args: object): Promise<T> => (await dc.customRequest(cmd, args)).body as T;
    const t = await custom<TranslateResponseBody>('nvdbg/translate', { va: '0x40123456', regime: 'el10' });
    assert.equal(t.pa, '0x40123456');
    assert.deepEqual(t.stage1?.steps.map((x) => x.kind), ['table', 'block']);
    assert.ok(t.stage1?.steps.every((x) => x.s2 !== undefined), 'each stage-1 fetch carries its stage-2 walk');
    const off = await custom<TranslateResponseBody>('nvdbg/translate', { va: '0x40123456', regime: 'el10', overrides: { SCTLR_EL1: '0' } });
    assert.equal(off.stage1, null, 'with SCTLR_EL1.M = 0 there is no stage-1 walk');
    const again = await custom<TranslateResponseBody>('nvdbg/translate', { va: '0x40123456', regime: 'el10' });
    assert.equal(again.pa, '0x40123456', 'overrides are not left behind');
    const pt = await custom<PageTableResponseBody>('nvdbg/pageTable', { regime: 'el10', ttbr: 0, start: 0, count: 4 });
    assert.equal(pt.table, '0x40400000');
    assert.equal(pt.level, 0);
    assert.equal(pt.entriesTotal, 512);
    assert.deepEqual(pt.entries.map((e) => e.kind), ['table', 'invalid', 'invalid', 'invalid']);
    assert.equal(pt.entries[0].address, '0x40401000');
    const s2 = await custom<PageTableResponseBody>('nvdbg/pageTable', { regime: 's2', start: 1, count: 1 });
    assert.equal(s2.entriesTotal, 1024, 'two concatenated level-1 tables');
    assert.deepEqual(s2.entries.map((e) => [e.kind, e.address]), [['block', '0x40000000']]);
    const sh = await custom<ShadowMmusResponseBody>('nvdbg/shadowMmus', {});
    assert.equal(sh.nested, false);
    const bad = await dc.customRequest('nvdbg/translate', { va: 'zz' }).catch((e: Error) => e);
    assert.ok(bad instanceof Error && /va must be a number/.test(bad.message));
  });

  it('launches assembly source: source breakpoints, source frames, line stepping', async () => {
    const src = path.join(root, 'examples/el2-tour/el2-tour.S');
    const text = fs.readFileSync(src, 'utf8').split('\n');
    const lineOf = (marker: string): number => text.findIndex((l) => l.includes(marker)) + 1;
    const target = lineOf('adr     x0, s_el1');
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: src, stopOnEntry: true });
    await entry;
    const set = await dc.setBreakpointsRequest({ source: { path: src }, breakpoints: [{ line: target - 1 }, { line: text.length + 100 }] });
    assert.deepEqual(set.body.breakpoints.map((b) => [b.verified, b.line]), [[true, target], [false, undefined]], 'the label line moves to the next line with code; past the end there is none');
    const hit = stoppedAt(dc, 'breakpoint');
    await dc.continueRequest({ threadId: 0 });
    await hit;
    let f = await topFrame(dc);
    assert.equal(f.source?.path, src);
    assert.equal(f.line, target);
    const stepped = stoppedAt(dc, 'step');
    await dc.nextRequest({ threadId: 0 });
    await stepped;
    f = await topFrame(dc);
    assert.equal(f.line, target + 1, 'one source line per step');
    assert.match(text[target], /bl\s+puts/, 'the next line calls puts');
    const over = stoppedAt(dc, 'step');
    await dc.nextRequest({ threadId: 0 });
    await over;
    f = await topFrame(dc);
    assert.equal(f.line, target + 2, 'step over runs the call and stops on the following line');
    assert.equal(f.name, 'EL1 el1_main+0x8');
    // A logpoint prints and does not stop; the run then ends normally.
    await dc.setBreakpointsRequest({ source: { path: src }, breakpoints: [{ line: lineOf('mrs     x0, esr_el1'), logMessage: 'EL1 fault, ELR={elr_el1}' }] });
    const consoleLines: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => { if (e.body.category === 'console') consoleLines.push(e.body.output); });
    const ended = dc.waitForEvent('terminated', 5000);
    await dc.continueRequest({ threadId: 0 });
    await ended;
    assert.deepEqual(consoleLines, ['EL1 fault, ELR=0x0000000040080094\n']);
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-dap-asm-')), 'bad.S');
    fs.writeFileSync(bad, '  mov x0, #1\n  frobnicate x1\n');
    const dc2 = new DebugClient(process.execPath, ADAPTER, 'nvdbg');
    await dc2.start();
    const r = await dc2.launch({ program: bad } as DebugProtocol.LaunchRequestArguments).catch((e: Error) => e);
    assert.ok(r instanceof Error && /bad\.S:2:3: unknown mnemonic 'frobnicate'|bad\.S:2:\d+: .*frobnicate/.test(r.message), r instanceof Error ? r.message : 'no error');
    await dc2.stop();
  });

  it('answers pause promptly while a tight loop runs', async () => {
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: TIGHT, stopOnEntry: true });
    await entry;
    await dc.continueRequest({ threadId: 0 });
    await new Promise((r) => setTimeout(r, 100));
    const t = Date.now();
    const paused = stoppedAt(dc, 'pause');
    await dc.pauseRequest({ threadId: 0 });
    await paused;
    assert.ok(Date.now() - t < 200, `pause took ${Date.now() - t} ms`);
  });

  it('rejects bad launch configurations with clear errors', async () => {
    await dc.initializeRequest();
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-dap-')), 'text.elf');
    fs.writeFileSync(tmp, 'not an elf');
    for (const [args, msg] of [
      [{}, /'program' must be the path/],
      [{ program: '/nonexistent.elf' }, /cannot read \/nonexistent\.elf/],
      [{ program: tmp }, /not an ELF file/],
      [{ program: TOUR, cpus: 0 }, /'cpus' must be an integer in 1\.\.8/],
      [{ program: TOUR, nested: 'yes' }, /'nested' must be true or false/],
    ] as const) {
      const r = await dc.launch(args as unknown as DebugProtocol.LaunchRequestArguments).catch((e: Error) => e);
      assert.ok(r instanceof Error && msg.test(r.message), `${JSON.stringify(args)} -> ${r instanceof Error ? r.message : 'no error'}`);
    }
  });

  it('answers malformed requests with errors, not crashes', async () => {
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: TOUR, stopOnEntry: true });
    await entry;
    for (const p of [
      dc.variablesRequest({ variablesReference: 987654 }),
      dc.stackTraceRequest({ threadId: 42 }),
      dc.scopesRequest({ frameId: 99000 }),
      readMemory({ memoryReference: 'bogus:1', count: 4 }),
      dc.evaluateRequest({ expression: '[x99]' }),
    ] as Promise<unknown>[]) {
      const r = await p.catch((e: Error) => e);
      assert.ok(r instanceof Error, 'expected an error response');
    }
    const st = await dc.stackTraceRequest({ threadId: 0 });
    assert.equal(st.body.stackFrames[0].name, 'EL2 _start', 'the session still works');
  });

  it('a data breakpoint on a system register (Break on Value Change in a register scope) stops after the MSR that writes it', async () => {
    const stopped = stoppedAt(dc, 'entry');
    await launch({ program: TOUR, stopOnEntry: true });
    await stopped;
    const bad = await dc.dataBreakpointInfoRequest({ name: 'sysreg:NOT_A_REG' });
    assert.equal(bad.body.dataId, null);
    const info = await dc.dataBreakpointInfoRequest({ name: 'HCR_EL2', variablesReference: 1002 });
    assert.equal(info.body.dataId, 'sysreg:HCR_EL2');
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'sysreg:HCR_EL2', accessType: 'write' }] });
    const hit = stoppedAt(dc, 'data breakpoint');
    await dc.continueRequest({ threadId: 0 });
    assert.equal((await hit).body.description, 'cpu0 wrote HCR_EL2 = 0x0000000080000000');
    const reads = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'sysreg:HCR_EL2', accessType: 'read' }] });
    assert.equal(reads.body.breakpoints[0].verified, false);
  });

  it('goto sets the PC to a source line of an assembly program without executing anything', async () => {
    const src = path.join(root, 'examples/nested-s2/nested-s2.S');
    const stopped = stoppedAt(dc, 'entry');
    await launch({ program: src, stopOnEntry: true });
    await stopped;
    const line = fs.readFileSync(src, 'utf8').split('\n').findIndex((l) => /adr\s+x0, s_hello/.test(l)) + 1;
    const t = await dc.customRequest('gotoTargets', { source: { path: src }, line }) as DebugProtocol.GotoTargetsResponse;
    assert.equal(t.body.targets.length, 1);
    const go = stoppedAt(dc, 'goto');
    await dc.customRequest('goto', { threadId: 0, targetId: t.body.targets[0].id });
    await go;
    const f = await topFrame(dc);
    assert.equal(BigInt(f.instructionPointerReference ?? '0'), BigInt(t.body.targets[0].instructionPointerReference ?? '1'));
    assert.equal(f.line, line);
    await assert.rejects(dc.customRequest('goto', { threadId: 0, targetId: 99 }), /unknown goto target/);
  });

  it('reverse continue over a long run reports progress and can be cancelled', async () => {
    // A client that shows progress (VS Code does): announce it in initialize.
    const init = dc.initializeRequest.bind(dc);
    dc.initializeRequest = (a?: DebugProtocol.InitializeRequestArguments) => init({ adapterID: 'nvdbg', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path', ...a, supportsProgressReporting: true });
    const entry = stoppedAt(dc, 'entry');
    await launch({ program: TIGHT, stopOnEntry: true });
    await entry;
    await dc.continueRequest({ threadId: 0 });
    await new Promise((r) => setTimeout(r, 300));
    const paused = stoppedAt(dc, 'pause');
    await dc.pauseRequest({ threadId: 0 });
    await paused;
    // Back to the start (no breakpoints): progress start ... end, then the entry stop.
    const start = dc.waitForEvent('progressStart', 5000) as Promise<DebugProtocol.ProgressStartEvent>;
    const end = dc.waitForEvent('progressEnd', 10000);
    const back = stoppedAt(dc, 'entry');
    await dc.customRequest('reverseContinue', { threadId: 0 });
    const s = await start;
    assert.equal(s.body.cancellable, true);
    await end;
    await back;
    const f = await topFrame(dc);
    assert.equal(f.instructionPointerReference, '0x0000000040080000');
    // Forward again, then cancel a second reverse search as soon as it starts.
    await dc.continueRequest({ threadId: 0 });
    await new Promise((r) => setTimeout(r, 300));
    const paused2 = stoppedAt(dc, 'pause');
    await dc.pauseRequest({ threadId: 0 });
    await paused2;
    const start2 = dc.waitForEvent('progressStart', 5000) as Promise<DebugProtocol.ProgressStartEvent>;
    const cancelled = stoppedAt(dc, 'pause');
    await dc.customRequest('reverseContinue', { threadId: 0 });
    await dc.customRequest('cancel', { progressId: (await start2).body.progressId });
    assert.match((await cancelled).body.description ?? '', /reverse continue cancelled/);
  });
});
