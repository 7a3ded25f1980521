// The debug adapter in nested mode (the guest hypervisor at virtual EL2 under the host
// model), driven by @vscode/debugadapter-testsupport against dist/debugAdapter.js on
// examples/nested-s2: AT-trap stops with conditions, the virtual EL2 registers, the
// shadow stage-2 MMUs, step back over an emulated AT, a data breakpoint on a stage-2
// descriptor, ipa: memory references.
import { strict as assert } from 'assert';
import * as path from 'path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DebugProtocol } from '@vscode/debugprotocol';
import { repoRoot } from '../util/paths';
import { ShadowMmusResponseBody, PageTableResponseBody } from '../../src/debug-adapter/protocol';

const root = repoRoot();
const ADAPTER = path.join(root, 'dist/debugAdapter.js');
const NESTED_S2 = path.join(root, 'examples/nested-s2/nested-s2.elf');

async function stoppedAt(dc: DebugClient, reason: string): Promise<DebugProtocol.StoppedEvent> {
  const e = (await dc.waitForEvent('stopped', 8000)) as DebugProtocol.StoppedEvent;
  assert.equal(e.body.reason, reason, JSON.stringify(e.body));
  return e;
}

describe('debug adapter in nested mode (DAP)', function () {
  this.timeout(30000);
  let dc: DebugClient;
  beforeEach(async () => { dc = new DebugClient(process.execPath, ADAPTER, 'nvdbg'); await dc.start(); });
  afterEach(async () => { await dc.stop(); });

  async function launchNested(extra: Record<string, unknown> = {}): Promise<void> {
    const entry = stoppedAt(dc, 'entry');
    await Promise.all([dc.configurationSequence(), dc.launch({ program: NESTED_S2, nested: true, stopOnEntry: true, ...extra } as DebugProtocol.LaunchRequestArguments)]);
    await entry;
  }
  /** Stop on the first AT S12E1R the host emulates (a filter condition on the op). */
  async function stopOnS12(): Promise<DebugProtocol.StoppedEvent> {
    const r = await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'at-trap', condition: 'op == S12E1R' }] });
    assert.deepEqual(r.body?.breakpoints?.map((b) => b.verified), [true]);
    const stop = stoppedAt(dc, 'exception');
    await dc.continueRequest({ threadId: 0 });
    return stop;
  }
  const evaluate = async (expression: string): Promise<string> => (await dc.evaluateRequest({ expression, context: 'hover', frameId: 0 })).body.result;
  async function scope(name: string): Promise<DebugProtocol.Variable[]> {
    const st = await dc.stackTraceRequest({ threadId: 0 });
    const sc = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
    const s = sc.body.scopes.find((x) => x.name === name);
    assert.ok(s !== undefined, `no scope ${name}: ${sc.body.scopes.map((x) => x.name).join(', ')}`);
    return (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables;
  }

  it('starts at virtual EL2 with the nested scopes; EL2 registers are the guest hypervisor\'s, not the host\'s', async () => {
    await launchNested();
    const threads = await dc.threadsRequest();
    assert.deepEqual(threads.body.threads.map((t) => t.name), ['cpu0 (vEL2)']);
    const st = await dc.stackTraceRequest({ threadId: 0 });
    assert.equal(st.body.stackFrames[0].name, 'vEL2 _start');
    const sc = await dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
    assert.deepEqual(sc.body.scopes.map((s) => s.name), ['Registers', 'EL1 System Registers', 'Virtual EL2 Registers', 'Shadow Stage-2 MMUs', 'AT Walks', 'TLB']);
    const vel2 = await scope('Virtual EL2 Registers');
    assert.equal(vel2.find((v) => v.name === 'HCR_EL2')?.value, '0x0000000000000000', 'the guest hypervisor has not written HCR_EL2 yet');
    // The host's HCR_EL2 (NV, NV1, AT, TTLB, TVM, TRVM, RW) is not what the user sees.
    assert.equal(await evaluate('HCR_EL2.NV'), '0x0000000000000000');
    assert.equal(await evaluate('CurrentEL'), '0x0000000000000008');
    const mmus = await scope('Shadow Stage-2 MMUs');
    assert.deepEqual(mmus.map((m) => [m.name, m.value]), [['mmu0', 'unused'], ['mmu1', 'unused']]);
  });

  it('stops on at-trap with a condition on the op; AT Walks, Virtual EL2 Registers, exceptionInfo and the PAR_EL1 hover show the emulation', async () => {
    await launchNested();
    const stop = await stopOnS12();
    assert.match(stop.body.description ?? '', /^AT S12E1R 0x0000000040201000 from vEL2 trapped to the host, fast path .*PAR_EL1 = 0x0000000000000a0f/);
    const walks = await scope('AT Walks');
    assert.match(walks[0].name, /^#1 AT S12E1R 0x0000000040201000$/);
    assert.match(walks[0].value, /el10 fast path PAR=0x0000000000000a0f/);
    const detail = await dc.variablesRequest({ variablesReference: walks[0].variablesReference });
    assert.ok(detail.body.variables.some((v) => v.name === 'architectural PAR_EL1' && v.value.startsWith('0x0000000000000a0f')));
    assert.ok(detail.body.variables.some((v) => /^walk /.test(v.name)), 'the walk steps are listed');
    const vel2 = await scope('Virtual EL2 Registers');
    assert.equal(vel2.find((v) => v.name === 'HCR_EL2')?.value, '0x0000000080000001');
    assert.equal(vel2.find((v) => v.name === 'VTTBR_EL2')?.value, '0x0005000040400000');
    assert.equal(vel2.find((v) => v.name === 'HPFAR_EL2')?.value, '0x0000000000402010');
    const info = await dc.exceptionInfoRequest({ threadId: 0 });
    assert.equal(info.body.exceptionId, 'at-trap');
    assert.match(info.body.description ?? '', /AT S12E1R/);
    const par = await dc.evaluateRequest({ expression: 'PAR_EL1', context: 'hover', frameId: 0 });
    assert.equal(par.body.result, '0x0000000000000a0f (F=1 FST=0x07 (translation fault, level 3) S=1 PTW=0)');
    const mmus = await scope('Shadow Stage-2 MMUs');
    assert.match(mmus[0].value, /^guest VMID 5 \(VTTBR 0x0005000040400000 VTCR 0x80003560\), host VMID 1, refcount 0, \d+ pages$/);
    const sh = (await dc.customRequest('nvdbg/shadowMmus', {})).body as ShadowMmusResponseBody;
    assert.equal(sh.nested, true);
    assert.ok(sh.mmus[0].ranges.some((r) => r.ipa === '0x40200000' && r.pa === '0x40300000'), JSON.stringify(sh.mmus[0].ranges));
    const pt = (await dc.customRequest('nvdbg/pageTable', { regime: 'shadow', mmu: 0, count: 2 })).body as PageTableResponseBody;
    assert.equal(pt.level, 0);
    assert.equal(pt.entries[0].kind, 'table', 'the shadow root maps IPA 0..512G through a level-1 table');
  });

  it('reads memory through ipa:<vmid>: (the guest hypervisor\'s stage 2: IPA 0x40200000 -> PA 0x40300000)', async () => {
    await launchNested();
    await stopOnS12();
    const r = (await dc.customRequest('readMemory', { memoryReference: 'ipa:5:0x40200000', count: 8 })) as DebugProtocol.ReadMemoryResponse;
    assert.equal(Buffer.from(r.body?.data ?? '', 'base64').readBigUInt64LE(0), 0x1111222233334444n);
    await assert.rejects(dc.customRequest('readMemory', { memoryReference: 'ipa:9:0x40200000', count: 8 }), /VMID 9/);
  });

  it('with an IPA offset, ipa: references and the shadow MMU ranges show host PAs, guest registers stay the guest\'s', async () => {
    await launchNested({ ipaOffset: 0x10000000 });
    await stopOnS12();
    const r = (await dc.customRequest('readMemory', { memoryReference: 'ipa:5:0x40200000', count: 8 })) as DebugProtocol.ReadMemoryResponse;
    assert.equal(r.body?.address, 'ipa:5:0x40200000');
    assert.equal(Buffer.from(r.body?.data ?? '', 'base64').readBigUInt64LE(0), 0x1111222233334444n);
    const sh = (await dc.customRequest('nvdbg/shadowMmus', {})).body as ShadowMmusResponseBody;
    assert.ok(sh.mmus[0].ranges.some((x) => x.ipa === '0x40200000' && x.pa === '0x50300000'), JSON.stringify(sh.mmus[0].ranges));
    assert.equal(await evaluate('VTTBR_EL2'), '0x0005000040400000');
  });

  it('steps back over the emulated AT: PAR_EL1 reverts to its value before the AT', async () => {
    await launchNested();
    await stopOnS12();
    const after = await evaluate('PAR_EL1');
    assert.match(after, /^0x0000000000000a0f/);
    const st0 = await dc.stackTraceRequest({ threadId: 0 });
    const back = stoppedAt(dc, 'step');
    await dc.stepBackRequest({ threadId: 0 });
    await back;
    const st1 = await dc.stackTraceRequest({ threadId: 0 });
    assert.equal(BigInt(st1.body.stackFrames[0].instructionPointerReference ?? '0') + 4n, BigInt(st0.body.stackFrames[0].instructionPointerReference ?? '0'));
    assert.match(await evaluate('PAR_EL1'), /^0x0000000000000000 /, 'no AT had run before: PAR_EL1 holds its reset value');
    // Forward again: the host emulates the AT again and PAR_EL1 is back.
    const fwd = stoppedAt(dc, 'step');
    await dc.nextRequest({ threadId: 0, granularity: 'instruction' });
    await fwd;
    assert.equal(await evaluate('PAR_EL1'), after);
  });

  it('a data breakpoint on a stage-2 descriptor stops when the guest hypervisor rewrites it', async () => {
    await launchNested();
    // L1's level-3 stage-2 table is at 0x40402000; entry 1 (IPA 0x40201000) is written in the fault handler.
    const info = await dc.dataBreakpointInfoRequest({ name: 'pa:0x40402008' });
    assert.equal(info.body.dataId, 'pa:0x40402008:8');
    await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'pa:0x40402008:8', accessType: 'write' }] });
    const desc = async (): Promise<bigint> => {
      const r = (await dc.customRequest('readMemory', { memoryReference: 'pa:0x40402008', count: 8 })) as DebugProtocol.ReadMemoryResponse;
      return Buffer.from(r.body?.data ?? '', 'base64').readBigUInt64LE(0);
    };
    // First hit: L1 zeroing its tables at start-up; second: the fault handler mapping IPA 0x40201000.
    for (const expected of [0n, 0x40301000n | (1n << 10n) | (3n << 8n) | (1n << 6n) | (0xfn << 2n) | 3n]) {
      const hit = stoppedAt(dc, 'data breakpoint');
      await dc.continueRequest({ threadId: 0 });
      assert.match((await hit).body.description ?? '', /pa:0x40402008/);
      assert.equal(await desc(), expected);
    }
    const vel2 = await scope('Virtual EL2 Registers');
    assert.equal(vel2.find((v) => v.name === 'ESR_EL2')?.value, '0x0000000093c08007', 'L1 is handling the injected stage-2 fault');
  });

  it('disassembles 400 instructions around the PC at vEL2', async () => {
    await launchNested();
    await stopOnS12();
    const st = await dc.stackTraceRequest({ threadId: 0 });
    const pc = st.body.stackFrames[0].instructionPointerReference ?? '';
    const d = (await dc.customRequest('disassemble', { memoryReference: pc, instructionOffset: -200, instructionCount: 400 })) as DebugProtocol.DisassembleResponse;
    assert.equal(d.body?.instructions.length, 400);
    assert.equal(BigInt(d.body?.instructions[200].address ?? '0'), BigInt(pc));
    assert.match(d.body?.instructions[199].instruction ?? '', /^at\s+s12e1r, x2/);
  });

  it('stops on shadow-mmu, s2-fault and sysreg-trap events with conditions; a bad condition is refused', async () => {
    await launchNested();
    const bad = await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'shadow-mmu', condition: 'action ~ allocate' }] });
    assert.equal(bad.body?.breakpoints?.[0].verified, false);
    await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 's2-fault', condition: 'outcome == injected' }] });
    let stop = stoppedAt(dc, 'exception');
    await dc.continueRequest({ threadId: 0 });
    assert.match((await stop).body.description ?? '', /IPA 0x40201000: not satisfied by the guest hypervisor's stage 2, injected into vEL2/);
    await dc.setExceptionBreakpointsRequest({ filters: [], filterOptions: [{ filterId: 'sysreg-trap', condition: 'name == HPFAR_EL2 && read == 1' }] });
    stop = stoppedAt(dc, 'exception');
    await dc.continueRequest({ threadId: 0 });
    assert.match((await stop).body.description ?? '', /^MRS HPFAR_EL2 at vEL2 trapped to the host: read 0x0000000000402010/);
    const st = await dc.stackTraceRequest({ threadId: 0 });
    assert.ok(st.body.stackFrames.some((f) => /^L2 EL1 \(.*-> vEL2\)/.test(f.name)), st.body.stackFrames.map((f) => f.name).join(' | '));
  });

  it('rejects inconsistent nested launch configurations', async () => {
    await assert.rejects(dc.launch({ program: NESTED_S2, nested: true, entryEl: 1 } as DebugProtocol.LaunchRequestArguments), /virtual EL2/);
    await assert.rejects(dc.launch({ program: NESTED_S2, policy: 'patch-v6' } as DebugProtocol.LaunchRequestArguments), /needs "nested": true/);
  });

  it('a data breakpoint on a virtual EL2 register stops when the guest hypervisor writes it (host-emulated MSR)', async () => {
    await launchNested();
    const info = await dc.dataBreakpointInfoRequest({ name: 'VTTBR_EL2', variablesReference: 1002 });
    assert.equal(info.body.dataId, 'sysreg:VTTBR_EL2');
    assert.match(info.body.description, /virtual EL2/);
    const set = await dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: 'sysreg:VTTBR_EL2', accessType: 'write' }] });
    assert.deepEqual(set.body.breakpoints.map((b) => b.verified), [true]);
    const hit = stoppedAt(dc, 'data breakpoint');
    await dc.continueRequest({ threadId: 0 });
    assert.equal((await hit).body.description, 'cpu0 wrote VTTBR_EL2 = 0x0005000040400000');
    const st = await dc.stackTraceRequest({ threadId: 0 });
    const d = (await dc.customRequest('disassemble', { memoryReference: st.body.stackFrames[0].instructionPointerReference, instructionOffset: -1, instructionCount: 1 })) as DebugProtocol.DisassembleResponse;
    assert.match(d.body?.instructions[0].instruction ?? '', /^msr\s+vttbr_el2, x0/, 'stopped right after the MSR');
  });

  it('setExpression edits the guest\'s registers (virtual EL2 fields), writeMemory goes through ipa: and announces a memory event; walk descriptors carry memory references', async () => {
    await launchNested();
    await stopOnS12();
    const r = await dc.customRequest('setExpression', { expression: 'HCR_EL2.VM', value: '0', frameId: 0 }) as DebugProtocol.SetExpressionResponse;
    assert.equal(r.body.value, '0x0000000000000000');
    assert.equal(await evaluate('HCR_EL2'), '0x0000000080000000');
    assert.match(await evaluate('HCR_EL2.NV'), /^0x0/, 'the host\'s own HCR_EL2 stays out of sight');
    await dc.customRequest('setExpression', { expression: 'x7', value: '0x1234', frameId: 0 });
    assert.equal(await evaluate('x7'), '0x0000000000001234');
    const ev = dc.waitForEvent('memory', 3000) as Promise<DebugProtocol.MemoryEvent>;
    const w = await dc.customRequest('writeMemory', { memoryReference: 'ipa:5:0x40200000', data: Buffer.from([0xef, 0xbe, 0xad, 0xde]).toString('base64') }) as DebugProtocol.WriteMemoryResponse;
    assert.equal(w.body?.bytesWritten, 4);
    assert.equal((await ev).body.memoryReference, 'ipa:5:0x40200000');
    const back = (await dc.customRequest('readMemory', { memoryReference: 'pa:0x40300000', count: 4 })) as DebugProtocol.ReadMemoryResponse;
    assert.equal(Buffer.from(back.body?.data ?? '', 'base64').readUInt32LE(0), 0xdeadbeef, 'IPA 0x40200000 is PA 0x40300000');
    const walks = await scope('AT Walks');
    const detail = await dc.variablesRequest({ variablesReference: walks[0].variablesReference });
    const fetches = detail.body.variables.find((v) => v.name === 'descriptor fetches');
    assert.ok(fetches !== undefined);
    const rows = await dc.variablesRequest({ variablesReference: fetches.variablesReference });
    assert.ok(rows.body.variables.length > 0 && rows.body.variables.every((v) => v.memoryReference === undefined || /^pa:0x/.test(v.memoryReference)));
    assert.ok(rows.body.variables.some((v) => v.memoryReference === 'pa:0x40402008'), 'L1\'s level-3 stage-2 descriptor of IPA 0x40201000');
    await assert.rejects(dc.customRequest('setExpression', { expression: 'x1 + 4', value: '1', frameId: 0 }), /cannot be assigned/);
  });
});
