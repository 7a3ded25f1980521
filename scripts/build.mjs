// Bundles with esbuild: the CLI, the engine (benchmarks), the debug adapter, the
// extension, the assembly language server and the webview script.
import * as esbuild from 'esbuild';
import { existsSync } from 'fs';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['src/engine/index.ts'], outfile: 'dist/engine.js' },
  { entryPoints: ['src/debug-adapter/main.ts'], outfile: 'dist/debugAdapter.js' },
  { entryPoints: ['src/debug-adapter/inline.ts'], outfile: 'dist/adapterLib.js' },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['src/extension/lsp-client.ts'], outfile: 'dist/lspClient.js', external: ['vscode'] },
  { entryPoints: ['src/extension/lsp-server.ts'], outfile: 'dist/lspServer.js' },
  // The webview runs in a browser context: one self-contained script, no Node APIs.
  { entryPoints: ['media/webview.ts'], outfile: 'media/webview.js', platform: 'browser', format: 'iife', target: 'es2020', sourcemap: false },
].filter((e) => existsSync(e.entryPoints[0]));
await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
