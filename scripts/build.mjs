// Bundles with esbuild: the CLI (and, as they land, the debug adapter and extension).
import * as esbuild from 'esbuild';
import { existsSync } from 'fs';

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' };
const entries = [
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['src/engine/index.ts'], outfile: 'dist/engine.js' },
  { entryPoints: ['src/debug-adapter/main.ts'], outfile: 'dist/debugAdapter.js' },
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
].filter((e) => existsSync(e.entryPoints[0]));
await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
