// Extension activation cost: require dist/extension.js and call activate() against a stub
// `vscode` module (no VS Code here); prints {requireMs, activateMs}. The adapter and the
// language client are separate bundles loaded on first use, so neither counts here.
const Module = require('module');
const path = require('path');
const stub = path.join(__dirname, 'vscode-stub.cjs');
const orig = Module._resolveFilename;
Module._resolveFilename = function (req, ...a) { return req === 'vscode' ? stub : orig.call(this, req, ...a); };
const t0 = process.hrtime.bigint();
const ext = require(path.join(__dirname, '..', 'dist', 'extension.js'));
const t1 = process.hrtime.bigint();
const subscriptions = [];
ext.activate({ subscriptions, extensionPath: path.join(__dirname, '..'), extensionUri: { fsPath: path.join(__dirname, '..') } });
const t2 = process.hrtime.bigint();
console.log(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6, registrations: subscriptions.length }));
