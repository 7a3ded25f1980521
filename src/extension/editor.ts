// Editor helpers for AArch64 assembly while debugging: what a hover evaluates (x0/w0,
// system registers, fields like HCR_EL2.NV, memory operands [x1, #8]) and inline values
// after `AT ...; ISB`: the PAR_EL1 the AT produced, decoded by the adapter.
import * as vscode from 'vscode';
import { expressionAt, parLines } from './asm-expr';

const ASM = { language: 'arm64-asm' };

export function registerEditorHelpers(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerEvaluatableExpressionProvider(ASM, {
      provideEvaluatableExpression(doc, pos) {
        const e = expressionAt(doc.lineAt(pos.line).text, pos.character);
        return e === undefined ? undefined : new vscode.EvaluatableExpression(new vscode.Range(pos.line, e.start, pos.line, e.end), e.text);
      },
    }),
    vscode.languages.registerInlineValuesProvider(ASM, {
      provideInlineValues(doc, viewPort) {
        const lines = Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i).text);
        return parLines(lines, viewPort.start.line, viewPort.end.line).map((l) =>
          new vscode.InlineValueEvaluatableExpression(new vscode.Range(l, lines[l].length, l, lines[l].length), 'PAR_EL1'));
      },
    }),
  );
}
