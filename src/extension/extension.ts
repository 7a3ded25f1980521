// nvdbg for VS Code: activation wires the debug type, the editor helpers (hover,
// inline PAR_EL1 values), the assembly language server and the webviews. Everything
// here is UI; the debugger itself is the adapter in ../debug-adapter.
import * as vscode from 'vscode';
import { registerDebugging } from './debug';
import { registerEditorHelpers } from './editor';
import { registerViews } from './views';
import * as path from 'path';
import type * as LspClient from './lsp-client';

let lsp: typeof LspClient | undefined;

/**
 * The language client (most of the extension's code) is loaded when the first assembly
 * document opens, not at activation: a debug session alone never pays for it.
 */
function startLanguageSupport(context: vscode.ExtensionContext): void {
  const start = (doc: vscode.TextDocument): void => {
    if (lsp !== undefined || doc.languageId !== 'arm64-asm') return;
    lsp = require(path.join(context.extensionPath, 'dist', 'lspClient.js')) as typeof LspClient;
    lsp.startLanguageClient(context);
  };
  vscode.workspace.textDocuments.forEach(start);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(start));
}

export function activate(context: vscode.ExtensionContext): void {
  registerDebugging(context);
  registerEditorHelpers(context);
  registerViews(context);
  startLanguageSupport(context);
}

export function deactivate(): Thenable<void> | undefined {
  return lsp?.stopLanguageClient();
}
