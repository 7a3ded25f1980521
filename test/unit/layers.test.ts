// The layer rule (docs/architecture.md): engine <- debug-adapter <- extension.
// The engine and the adapter never import `vscode`; the engine imports nothing
// from the other layers and no Node module outside its host glue.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../util/paths';

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

describe('layer rule', () => {
  const root = repoRoot();
  it('engine and debug adapter never import vscode', () => {
    const bad: string[] = [];
    for (const f of [...tsFiles(path.join(root, 'src/engine')), ...tsFiles(path.join(root, 'src/debug-adapter'))]) {
      for (const i of imports(f)) if (i === 'vscode' || i.startsWith('vscode/')) bad.push(`${path.relative(root, f)} imports ${i}`);
    }
    assert.deepEqual(bad, []);
  });
  it('the engine imports only engine modules (no Node APIs, no other layers)', () => {
    const bad: string[] = [];
    const engine = path.join(root, 'src/engine');
    for (const f of tsFiles(engine)) {
      for (const i of imports(f)) {
        if (!i.startsWith('.')) { bad.push(`${path.relative(root, f)} imports package ${i}`); continue; }
        const target = path.resolve(path.dirname(f), i);
        if (!target.startsWith(engine)) bad.push(`${path.relative(root, f)} imports ${i} outside src/engine`);
      }
    }
    assert.deepEqual(bad, []);
  });
  it('the debug adapter does not import the extension', () => {
    const bad: string[] = [];
    const ext = path.join(root, 'src/extension');
    for (const f of tsFiles(path.join(root, 'src/debug-adapter'))) {
      for (const i of imports(f)) if (i.startsWith('.') && path.resolve(path.dirname(f), i).startsWith(ext)) bad.push(`${path.relative(root, f)} imports ${i}`);
    }
    assert.deepEqual(bad, []);
  });
  it('the rule check itself sees a violation (guard against a vacuous pass)', () => {
    const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'nvdbg-layer-'));
    const f = path.join(tmp, 'x.ts');
    fs.writeFileSync(f, "import * as vscode from 'vscode';\nconst m = require('vscode');\n");
    assert.deepEqual(imports(f), ['vscode', 'vscode']);
    fs.rmSync(tmp, { recursive: true });
  });
});
