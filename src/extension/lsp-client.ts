// The assembly language server (./lsp-server.ts, bundled to dist/lspServer.js), started
// over IPC for every `arm64-asm` document.
import * as vscode from 'vscode';
import * as path from 'path';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export function startLanguageClient(context: vscode.ExtensionContext): void {
  const module = path.join(context.extensionPath, 'dist', 'lspServer.js');
  client = new LanguageClient('nvdbg-asm', 'nvdbg AArch64 assembly',
    { run: { module, transport: TransportKind.ipc }, debug: { module, transport: TransportKind.ipc } },
    { documentSelector: [{ language: 'arm64-asm' }] });
  void client.start();
}

export function stopLanguageClient(): Thenable<void> | undefined {
  return client?.stop();
}
