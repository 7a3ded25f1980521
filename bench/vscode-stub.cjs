// A stand-in for the `vscode` module, enough to run the extension's activate() outside VS Code
// (bench/measure-activation.cjs): each namespace accepts any call and returns a disposable.
const handler = { get: (_t, k) => (k === 'then' ? undefined : any), apply: () => any, construct: () => any };
const any = new Proxy(function () {}, handler);
module.exports = {
  debug: any, languages: any, window: any, commands: any, Uri: any, ViewColumn: any, ConfigurationTarget: any,
  DebugConfigurationProviderTriggerKind: { Initial: 1, Dynamic: 2 },
  workspace: { textDocuments: [], onDidOpenTextDocument: () => any, getConfiguration: () => any },
  EvaluatableExpression: any, InlineValueEvaluatableExpression: any, Range: any,
  DebugAdapterInlineImplementation: any, DebugAdapterExecutable: any,
};
