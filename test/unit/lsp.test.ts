// The assembly language server (dist/lspServer.js, as the extension starts it) over
// JSON-RPC on stdio: diagnostics from the built-in assembler, hover docs, completion,
// document symbols and go to definition.
import { strict as assert } from 'assert';
import * as path from 'path';
import { spawn, ChildProcess } from 'child_process';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection, MessageConnection } from 'vscode-jsonrpc/node';
import { repoRoot } from '../util/paths';

const URI = 'file:///tmp/nvdbg-lsp-test/prog.S';
const SRC = [
  '    .macro SAVE r',        // 0
  '    str \\r, [sp, #-16]!', // 1
  '    .endm',                // 2
  '_start:',                 // 3
  '    msr hcr_el2, x0',      // 4
  '    at s1e1r, x1',         // 5
  '    b _start',             // 6
  '    SAVE x1',              // 7
].join('\n') + '\n';

describe('assembly language server (LSP)', function () {
  this.timeout(20000);
  let proc: ChildProcess;
  let conn: MessageConnection;
  const diagnostics: { uri: string; diagnostics: { message: string; range: { start: { line: number } }; severity: number }[] }[] = [];

  before(async () => {
    proc = spawn(process.execPath, [path.join(repoRoot(), 'dist/lspServer.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    conn.onNotification('textDocument/publishDiagnostics', (p) => { diagnostics.push(p); });
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await conn.sendNotification('initialized', {});
  });
  after(() => { conn.dispose(); proc.kill(); });

  const waitDiagnostics = async (n: number): Promise<(typeof diagnostics)[number]> => {
    for (let i = 0; i < 100 && diagnostics.length < n; i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(diagnostics.length >= n, 'no diagnostics published');
    return diagnostics[n - 1];
  };

  it('publishes no diagnostics for a correct file and the assembler\'s error (line and message) for a syntax error', async () => {
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'arm64-asm', version: 1, text: SRC } });
    const ok = await waitDiagnostics(1);
    assert.deepEqual(ok.diagnostics, []);
    const bad = SRC.replace('    b _start', '    bogus x0, x1');
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: bad }] });
    const err = await waitDiagnostics(2);
    assert.equal(err.diagnostics.length, 1);
    assert.equal(err.diagnostics[0].range.start.line, 6);
    assert.match(err.diagnostics[0].message, /bogus/);
    assert.equal(err.diagnostics[0].severity, 1);
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ text: SRC }] });
    assert.deepEqual((await waitDiagnostics(3)).diagnostics, []);
  });

  it('hovers system registers (encoding and fields), AT operations and instructions', async () => {
    const hover = async (line: number, character: number): Promise<string> => {
      const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: { line, character } }) as { contents: { value: string } } | null;
      return h?.contents.value ?? '';
    };
    const hcr = await hover(4, 10);
    assert.match(hcr, /\*\*HCR_EL2\*\*/);
    assert.match(hcr, /op0=3 op1=4 CRn=1 CRm=1 op2=0/);
    assert.match(hcr, /`NV` \[42\]/);
    assert.match(await hover(5, 8), /\*\*AT S1E1R\*\* — address translation: stage 1, EL1&0/);
    assert.match(await hover(4, 5), /\*\*msr\*\*/);
  });

  it('completes AT operations after `at`, system registers after msr/mrs, mnemonics and labels', async () => {
    const complete = async (text: string, line: number): Promise<string[]> => {
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 10 + line }, contentChanges: [{ text }] });
      const r = await conn.sendRequest('textDocument/completion', { textDocument: { uri: URI }, position: { line, character: text.split('\n')[line].length } }) as { label: string }[];
      return r.map((i) => i.label);
    };
    const at = await complete(SRC + '    at s1', 8);
    assert.ok(at.includes('s1e1rp') && at.includes('s12e0w'), at.join(','));
    const mrs = await complete(SRC + '    mrs x0, vtt', 8);
    assert.ok(mrs.includes('vttbr_el2'));
    const mn = await complete(SRC + '    ld', 8);
    assert.ok(mn.includes('ldaxr') && mn.includes('_start'));
  });

  it('lists labels and macros as symbols and goes to their definitions', async () => {
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri: URI, version: 50 }, contentChanges: [{ text: SRC }] });
    const syms = await conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: URI } }) as { name: string; kind: number }[];
    assert.deepEqual(syms.map((s) => [s.name, s.kind]), [['SAVE', 12], ['_start', 8]]);
    const def = await conn.sendRequest('textDocument/definition', { textDocument: { uri: URI }, position: { line: 6, character: 8 } }) as { range: { start: { line: number } } };
    assert.equal(def.range.start.line, 3);
    const mac = await conn.sendRequest('textDocument/definition', { textDocument: { uri: URI }, position: { line: 7, character: 5 } }) as { range: { start: { line: number } } };
    assert.equal(mac.range.start.line, 0);
  });
});
