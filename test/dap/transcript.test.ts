// Golden DAP transcript: a scripted session over stdio against the shipped
// bundle; every message the adapter sends (responses and events, in order,
// `seq` removed) must equal test/golden/dap/el2-tour.jsonl. Rewrite after review
// with NVDBG_UPDATE_GOLDEN=1.
import { spawn } from 'child_process';
import * as path from 'path';
import { repoRoot } from '../util/paths';
import { assertGolden } from '../util/golden';

type Msg = Record<string, unknown> & { type: string; event?: string; request_seq?: number };

class Client {
  private buf = Buffer.alloc(0);
  private seq = 1;
  readonly log: Msg[] = [];
  private waiters: ((m: Msg) => void)[] = [];
  private proc = spawn(process.execPath, [path.join(repoRoot(), 'dist/debugAdapter.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  constructor() {
    this.proc.stdout.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (;;) {
        const h = this.buf.indexOf('\r\n\r\n');
        if (h < 0) return;
        const len = Number(/Content-Length: (\d+)/.exec(this.buf.subarray(0, h).toString())?.[1]);
        if (this.buf.length < h + 4 + len) return;
        const msg = JSON.parse(this.buf.subarray(h + 4, h + 4 + len).toString()) as Msg;
        this.buf = this.buf.subarray(h + 4 + len);
        delete msg.seq;
        this.log.push(msg);
        for (const w of this.waiters.splice(0)) w(msg);
      }
    });
  }
  /** Send a request and wait until its response (and, with `until`, that event) has arrived. */
  async send(command: string, args: object, until?: string): Promise<void> {
    const s = this.seq++;
    const m = JSON.stringify({ seq: s, type: 'request', command, arguments: args });
    const seen = { response: false, event: until === undefined };
    const done = new Promise<void>((resolve) => {
      const check = (msg: Msg): void => {
        if (msg.type === 'response' && msg.request_seq === s) seen.response = true;
        if (until !== undefined && msg.event === until) seen.event = true;
        if (seen.response && seen.event) resolve(); else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(m)}\r\n\r\n${m}`);
    await done;
  }
  close(): void { this.proc.kill(); }
}

describe('golden DAP transcript', function () {
  this.timeout(20000);
  it('el2-tour: entry, scopes, step, hover, function breakpoint, exception filter, exit', async () => {
    const c = new Client();
    const prog = path.join(repoRoot(), 'examples/el2-tour/el2-tour.elf');
    try {
      await c.send('initialize', { adapterID: 'nvdbg', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true }, 'initialized');
      await c.send('launch', { program: prog, stopOnEntry: true });
      await c.send('configurationDone', {}, 'stopped');
      await c.send('threads', {});
      await c.send('stackTrace', { threadId: 0 });
      await c.send('scopes', { frameId: 0 });
      await c.send('next', { threadId: 0 }, 'stopped');
      await c.send('evaluate', { expression: 'sp', context: 'hover', frameId: 0 });
      await c.send('evaluate', { expression: 'HCR_EL2.RW', context: 'hover', frameId: 0 });
      await c.send('setFunctionBreakpoints', { breakpoints: [{ name: 'el1_main' }] });
      await c.send('continue', { threadId: 0 }, 'stopped');
      await c.send('stackTrace', { threadId: 0 });
      await c.send('setExceptionBreakpoints', { filters: [], filterOptions: [{ filterId: 'exception' }] });
      await c.send('continue', { threadId: 0 }, 'stopped');
      await c.send('exceptionInfo', { threadId: 0 });
      await c.send('setExceptionBreakpoints', { filters: [] });
      await c.send('setFunctionBreakpoints', { breakpoints: [] });
      await c.send('continue', { threadId: 0 }, 'terminated');
      await c.send('disconnect', {});
    } finally {
      c.close();
    }
    // The program path differs between machines: keep it relative to the repository.
    const text = c.log.map((m) => JSON.stringify(m)).join('\n').split(repoRoot()).join('<repo>') + '\n';
    assertGolden('dap/el2-tour.jsonl', text);
  });

  it('nested-s2 in nested mode: at-trap with a condition, virtual EL2 and shadow MMU scopes, PAR_EL1 hover, step back, ipa: memory', async () => {
    const c = new Client();
    const prog = path.join(repoRoot(), 'examples/nested-s2/nested-s2.elf');
    try {
      await c.send('initialize', { adapterID: 'nvdbg', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true }, 'initialized');
      await c.send('launch', { program: prog, nested: true, stopOnEntry: true });
      await c.send('setExceptionBreakpoints', { filters: [], filterOptions: [{ filterId: 'at-trap', condition: 'op == S12E1R' }] });
      await c.send('configurationDone', {}, 'stopped');
      await c.send('continue', { threadId: 0 }, 'stopped');
      await c.send('threads', {});
      await c.send('stackTrace', { threadId: 0 });
      await c.send('scopes', { frameId: 0 });
      await c.send('variables', { variablesReference: 1002 });
      await c.send('variables', { variablesReference: 1003 });
      await c.send('variables', { variablesReference: 1004 });
      await c.send('exceptionInfo', { threadId: 0 });
      await c.send('evaluate', { expression: 'PAR_EL1', context: 'hover', frameId: 0 });
      await c.send('evaluate', { expression: 'HCR_EL2.VM', context: 'hover', frameId: 0 });
      await c.send('readMemory', { memoryReference: 'ipa:5:0x40200000', count: 8 });
      await c.send('stepBack', { threadId: 0 }, 'stopped');
      await c.send('evaluate', { expression: 'PAR_EL1', context: 'hover', frameId: 0 });
      await c.send('nvdbg/shadowMmus', {});
      await c.send('setExceptionBreakpoints', { filters: [] });
      await c.send('continue', { threadId: 0 }, 'terminated');
      await c.send('disconnect', {});
    } finally {
      c.close();
    }
    const text = c.log.map((m) => JSON.stringify(m)).join('\n').split(repoRoot()).join('<repo>') + '\n';
    assertGolden('dap/nested-s2.jsonl', text);
  });
});
