// nvdbg for VS Code: activation wires the debug type, the editor helpers (hover,
// inline PAR_EL1 values), the assembly language server and the webviews. Everything
// here is UI; the debugger itself is the adapter in ../debug-adapter.
import * as vscode from 'vscode';
import { registerDebugging } from './debug';
import { registerEditorHelpers } from './editor';
import { registerViews } from './views';
import { startLanguageClient, stopLanguageClient } from './lsp-client';

export function activate(context: vscode.ExtensionContext): void {
  registerDebugging(context);
  registerEditorHelpers(context);
  registerViews(context);
  startLanguageClient(context);
}

export function deactivate(): Thenable<void> | undefined {
  return stopLanguageClient();
}
