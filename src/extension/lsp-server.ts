// The AArch64 assembly language server (a separate Node process started by
// vscode-languageclient; it never imports `vscode`). It reuses the engine: diagnostics
// from the built-in assembler while typing, hover docs from the system register registry
// and the A64 encoding table, completion of mnemonics, system registers, AT/TLBI ops and
// labels, document symbols and go to definition for labels and macros.
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, CompletionItemKind,
  SymbolKind, MarkupKind, Diagnostic, CompletionItem, DocumentSymbol, Location, Hover,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { assemble } from '../engine/isa/asm';
import { SYSREG_DEFS } from '../engine/cpu/sysregs/registry';
import { ENCODINGS } from '../engine/isa/encodings';
import { sysOpNames } from '../engine/cpu/sysaccess';
import { describeSysOp, describeSysReg, describeMnemonic, definitionsIn } from './lsp-docs';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    hoverProvider: true,
    completionProvider: { triggerCharacters: ['.', '_'] },
    documentSymbolProvider: true,
    definitionProvider: true,
  },
}));

/** Assemble the document as the debugger would (includes resolved next to the file) and report what the assembler says. */
function validate(doc: TextDocument): void {
  const file = doc.uri.startsWith('file:') ? fileURLToPath(doc.uri) : doc.uri;
  const text = doc.getText();
  const read = (p: string): string | undefined => {
    if (path.resolve(p) === path.resolve(file)) return text;
    try { return fs.readFileSync(p, 'latin1'); } catch { return undefined; }
  };
  let diagnostics: Diagnostic[] = [];
  try {
    const r = assemble({ read }, file);
    diagnostics = r.diagnostics.filter((d) => path.resolve(d.file) === path.resolve(file)).map((d) => ({
      severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      range: { start: { line: Math.max(0, d.line - 1), character: Math.max(0, d.column - 1) }, end: { line: Math.max(0, d.line - 1), character: Number.MAX_SAFE_INTEGER } },
      message: d.message, source: 'nvdbg-as',
    }));
  } catch (e) {
    diagnostics = [{ severity: DiagnosticSeverity.Error, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: `assembler failure: ${(e as Error).message}`, source: 'nvdbg-as' }];
  }
  void connection.sendDiagnostics({ uri: doc.uri, diagnostics });
}

documents.onDidChangeContent((e) => validate(e.document));
documents.onDidClose((e) => { void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }); });

function wordAt(doc: TextDocument, line: number, character: number): string {
  const text = doc.getText({ start: { line, character: 0 }, end: { line, character: Number.MAX_SAFE_INTEGER } });
  const re = /[A-Za-z_.$][\w.$]*/g;
  for (const m of text.matchAll(re)) { const s = m.index ?? 0; if (character >= s && character <= s + m[0].length) return m[0]; }
  return '';
}

connection.onHover((p): Hover | undefined => {
  const doc = documents.get(p.textDocument.uri);
  if (doc === undefined) return undefined;
  const w = wordAt(doc, p.position.line, p.position.character);
  const line = doc.getText({ start: { line: p.position.line, character: 0 }, end: { line: p.position.line, character: Number.MAX_SAFE_INTEGER } });
  const op = /^\s*(?:\w+:\s*)?(at|tlbi)\s+(\w+)/i.exec(line);
  const text = (op !== null && w.toLowerCase() === op[2].toLowerCase() ? describeSysOp(`${op[1].toUpperCase()} ${op[2].toUpperCase()}`) : undefined)
    ?? describeSysReg(w) ?? describeMnemonic(w);
  return text === undefined ? undefined : { contents: { kind: MarkupKind.Markdown, value: text } };
});

const MNEMONICS = [...new Set(ENCODINGS.map((r) => r.mnemonic))].sort();
const OPS = sysOpNames();

connection.onCompletion((p): CompletionItem[] => {
  const doc = documents.get(p.textDocument.uri);
  if (doc === undefined) return [];
  const line = doc.getText({ start: { line: p.position.line, character: 0 }, end: p.position });
  const items: CompletionItem[] = [];
  const op = /^\s*(?:\w+:\s*)?(at|tlbi)\s+\w*$/i.exec(line);
  if (op !== null) {
    const kind = op[1].toUpperCase();
    return OPS.filter((n) => n.startsWith(kind + ' ')).map((n) => ({ label: n.slice(kind.length + 1).toLowerCase(), kind: CompletionItemKind.EnumMember, detail: n }));
  }
  if (/^\s*(?:\w+:\s*)?\w*$/.test(line)) for (const m of MNEMONICS) items.push({ label: m, kind: CompletionItemKind.Keyword });
  if (/\b(mrs|msr)\b/i.test(line)) for (const d of SYSREG_DEFS) items.push({ label: d.name.toLowerCase(), kind: CompletionItemKind.Variable, detail: d.doc });
  for (const d of definitionsIn(doc.getText())) if (d.kind === 'label') items.push({ label: d.name, kind: CompletionItemKind.Reference });
  return items;
});

connection.onDocumentSymbol((p): DocumentSymbol[] => {
  const doc = documents.get(p.textDocument.uri);
  if (doc === undefined) return [];
  return definitionsIn(doc.getText()).map((d) => {
    const range = { start: { line: d.line, character: d.column }, end: { line: d.line, character: d.column + d.name.length } };
    return { name: d.name, kind: d.kind === 'macro' ? SymbolKind.Function : SymbolKind.Field, range, selectionRange: range };
  });
});

connection.onDefinition((p): Location | undefined => {
  const doc = documents.get(p.textDocument.uri);
  if (doc === undefined) return undefined;
  const w = wordAt(doc, p.position.line, p.position.character);
  const d = definitionsIn(doc.getText()).find((x) => x.name === w);
  return d === undefined ? undefined : { uri: doc.uri, range: { start: { line: d.line, character: d.column }, end: { line: d.line, character: d.column + d.name.length } } };
});

documents.listen(connection);
connection.listen();
