// Debugging the C guest hypervisor (examples/c-hypervisor, GCC -O2 -g, DWARF 5) over DAP:
// a breakpoint on a C line, step over a call, C function names through the exception
// frames, parameters and locals where DWARF locates them; -O0 as well.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { repoRoot } from '../util/paths';

const root = repoRoot();
const ADAPTER = path.join(root, 'dist/debugAdapter.js');
const DIR = path.join(root, 'examples/c-hypervisor');
const HYP_C = path.join(DIR, 'hyp.c');
/** Line numbers of hyp.c by their text, so edits to the example do not break the test silently. */
const lineOf = (text: string): number => {
  const i = fs.readFileSync(HYP_C, 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `hyp.c has no line with ${text}`);
  return i + 1;
};

describe('debugging C (DWARF) over DAP', function () {
  this.timeout(30000);
  let dc: DebugClient;
  beforeEach(async () => { dc = new DebugClient(process.execPath, ADAPTER, 'nvdbg'); await dc.start(); });
  afterEach(async () => { await dc.stop(); });

  async function stopAtMapPage(elf: string, nested: boolean): Promise<DebugProtocol.StackFrame[]> {
    const entry = dc.waitForEvent('stopped', 10000);
    await Promise.all([dc.configurationSequence(), dc.launch({ program: path.join(DIR, elf), nested, stopOnEntry: true } as DebugProtocol.LaunchRequestArguments)]);
    await entry;
    const line = lineOf('map_page(LAZY_IPA, LAZY_PA, S2_NORMAL_RO);');
    const bps = await dc.setBreakpointsRequest({ source: { path: HYP_C }, breakpoints: [{ line }] });
    assert.equal(bps.body.breakpoints[0].verified, true, JSON.stringify(bps.body.breakpoints[0]));
    assert.equal(bps.body.breakpoints[0].line, line);
    const hit = dc.waitForEvent('stopped', 10000) as Promise<DebugProtocol.StoppedEvent>;
    await dc.continueRequest({ threadId: 0 });
    assert.equal((await hit).body.reason, 'breakpoint');
    const st = await dc.stackTraceRequest({ threadId: 0 });
    assert.equal(st.body.stackFrames[0].source?.path, HYP_C);
    assert.equal(st.body.stackFrames[0].line, line);
    return st.body.stackFrames;
  }

  for (const [elf, nested] of [['c-hypervisor.elf', true], ['c-hypervisor.elf', false], ['c-hypervisor-O0.elf', true]] as const) {
    it(`${elf}${nested ? ' (nested)' : ''}: a breakpoint on a C line hits; the stack shows C functions through the exception into L2`, async () => {
      const frames = await stopAtMapPage(elf, nested);
      const names = frames.map((f) => f.name);
      assert.match(names[0], /handle_stage2_fault/);
      // -O2 tail-calls handle_stage2_fault from handle_exit, so only -O0 keeps handle_exit on the stack.
      if (elf.includes('O0')) assert.ok(names.some((n) => /handle_exit/.test(n)), names.join(' | '));
      assert.ok(names.some((n) => /el2_lower_sync/.test(n)), names.join(' | '));
      // The exception frame: where L2 was when it faulted, by the guest's C function name.
      assert.ok(names.some((n) => /^L2 EL1 \(data abort from a lower EL.*\) (read_and_report|guest_main|guest_read)/.test(n) || /^EL1 \(data abort.*\) (read_and_report|guest_main|guest_read)/.test(n)), names.join(' | '));
      assert.ok(frames.some((f) => f.source?.path?.endsWith('guest.c')), 'the guest frame has its C source');
    });
  }

  it('step over a call stays in the function and lands on the next line', async () => {
    await stopAtMapPage('c-hypervisor.elf', true);
    const step = dc.waitForEvent('stopped', 10000) as Promise<DebugProtocol.StoppedEvent>;
    await dc.nextRequest({ threadId: 0 });
    assert.equal((await step).body.reason, 'step');
    const st = await dc.stackTraceRequest({ threadId: 0 });
    assert.match(st.body.stackFrames[0].name, /handle_stage2_fault/);
    assert.equal(st.body.stackFrames[0].line, lineOf('s2_invalidate(LAZY_IPA);'));
  });

  async function locals(): Promise<Map<string, DebugProtocol.Variable>> {
    const st = await dc.stackTraceRequest({ threadId: 0 });
    const sc = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
    assert.equal(sc.body.scopes[0].name, 'Locals', 'DWARF frames list their locals first');
    const v = await dc.variablesRequest({ variablesReference: sc.body.scopes[0].variablesReference });
    return new Map(v.body.variables.map((x) => [x.name, x]));
  }

  it('-O0: parameters and locals on the stack (DW_OP_fbreg from the CFA) show their values and C types', async () => {
    await stopAtMapPage('c-hypervisor-O0.elf', true);
    const l = await locals();
    assert.deepEqual([...l.keys()], ['f', 'esr', 'far', 'hpfar', 'ipa', 'par']);
    assert.equal(l.get('esr')?.value, '2478866439 (0x93c08007)');
    assert.equal(l.get('esr')?.type, 'long unsigned int');
    assert.equal(l.get('far')?.value, '1075843072 (0x40201000)');
    assert.equal(l.get('hpfar')?.value, '4202512 (0x402010)');
    assert.equal(l.get('ipa')?.value, '1075843072 (0x40201000)');
    assert.equal(l.get('par')?.value, '2575 (0xa0f)', 'the PAR_EL1 of the AT S12E1R before the page was mapped');
    assert.equal(l.get('f')?.type, 'struct frame*');
    assert.match(l.get('f')?.value ?? '', /^0x4008[0-9a-f]{4}$/);
  });

  it('-O2: values in registers through location lists; what GCC describes with entry values is said to be so', async () => {
    await stopAtMapPage('c-hypervisor.elf', true);
    const l = await locals();
    assert.equal(l.get('far')?.value, '1075843072 (0x40201000)');
    assert.equal(l.get('hpfar')?.value, '4202512 (0x402010)');
    assert.match(l.get('esr')?.value ?? '', /^(2478866439 \(0x93c08007\)|<location not supported: DW_OP_entry_value>)$/);
  });

  it('the Disassembly view interleaves C source lines', async () => {
    await stopAtMapPage('c-hypervisor.elf', false);
    const st = await dc.stackTraceRequest({ threadId: 0 });
    const d = (await dc.customRequest('disassemble', { memoryReference: st.body.stackFrames[0].instructionPointerReference, instructionCount: 4 })) as DebugProtocol.DisassembleResponse;
    const first = d.body?.instructions[0];
    assert.equal(first?.location?.path, HYP_C);
    assert.equal(first?.line, lineOf('map_page(LAZY_IPA, LAZY_PA, S2_NORMAL_RO);'));
  });
});
