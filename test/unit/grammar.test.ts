// The TextMate grammar (syntaxes/arm64-asm.tmLanguage.json) tokenized by vscode-textmate
// with the Oniguruma engine VS Code uses, on a fixture; and its lists match the engine.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { repoRoot } from '../util/paths';

const root = repoRoot();

async function grammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(path.join(root, 'node_modules/vscode-oniguruma/release/onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => (scope === 'source.arm64-asm'
      ? vsctm.parseRawGrammar(fs.readFileSync(path.join(root, 'syntaxes/arm64-asm.tmLanguage.json'), 'utf8'), 'arm64-asm.tmLanguage.json')
      : null),
  });
  const g = await registry.loadGrammar('source.arm64-asm');
  assert.ok(g !== null);
  return g;
}

/** token text -> its innermost scope, for every token of the fixture. */
async function tokens(): Promise<[string, string][]> {
  const g = await grammar();
  const out: [string, string][] = [];
  let stack = vsctm.INITIAL;
  for (const line of fs.readFileSync(path.join(root, 'test/fixtures/grammar/sample.S'), 'utf8').split('\n')) {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) { const text = line.slice(t.startIndex, t.endIndex); if (text.trim() !== '') out.push([text.trim(), t.scopes[t.scopes.length - 1]]); }
    stack = r.ruleStack;
  }
  return out;
}

describe('TextMate grammar for AArch64 assembly', function () {
  this.timeout(20000);
  const scopeOf = async (text: string): Promise<string[]> => (await tokens()).filter(([t]) => t === text).map(([, s]) => s);

  it('scopes comments, preprocessor lines, labels, macros, directives and strings', async () => {
    const t = await tokens();
    assert.ok(t.some(([x, s]) => x.startsWith('// A guest') && s === 'comment.line.double-slash.arm64-asm'));
    assert.ok(t.some(([x, s]) => x === '#' && s === 'meta.preprocessor.arm64-asm'));
    assert.ok(t.some(([x, s]) => x === 'include' && s === 'keyword.control.directive.arm64-asm'));
    assert.deepEqual(await scopeOf('_start'), ['entity.name.function.label.arm64-asm']);
    assert.deepEqual(await scopeOf('TRAMP'), ['entity.name.function.macro.arm64-asm']);
    assert.ok((await scopeOf('.asciz')).includes('keyword.control.directive.arm64-asm'));
    assert.ok((await scopeOf('\\op')).includes('variable.parameter.macro.arm64-asm'));
    assert.ok(t.some(([x, s]) => x === '\\n' && s === 'constant.character.escape.arm64-asm'));
  });

  it('scopes mnemonics, registers, system registers, AT/TLBI operations and numbers', async () => {
    assert.deepEqual(await scopeOf('msr'), ['keyword.other.mnemonic.arm64-asm']);
    assert.deepEqual(await scopeOf('hcr_el2'), ['support.variable.sysreg.arm64-asm']);
    assert.deepEqual(await scopeOf('par_el1'), ['support.variable.sysreg.arm64-asm']);
    assert.deepEqual(await scopeOf('s12e1r'), ['support.constant.at-op.arm64-asm']);
    assert.deepEqual(await scopeOf('ipas2e1is'), ['support.constant.tlbi-op.arm64-asm']);
    assert.deepEqual(await scopeOf('S3_4_C2_C1_0'), ['support.variable.sysreg.generic.arm64-asm']);
    assert.ok((await scopeOf('x2')).every((s) => s === 'variable.other.register.arm64-asm'));
    assert.deepEqual(await scopeOf('b.ne'), ['keyword.other.mnemonic.branch.arm64-asm']);
    assert.ok((await scopeOf('#16')).includes('constant.numeric.decimal.arm64-asm'));
    assert.ok((await scopeOf('=0x40100000')).length + (await scopeOf('0x40100000')).length > 0);
  });

  it('is generated from the engine tables and up to date (mnemonics, system registers, AT/TLBI lists)', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/gen-grammar.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('package.json launch schema is generated from the adapter\'s launch arguments and up to date', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/gen-manifest.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const props = pkg.contributes.debuggers[0].configurationAttributes.launch.properties;
    assert.deepEqual(props.policy.enum, ['upstream', 'patch-v6']);
    assert.equal(props.nested.type, 'boolean');
    assert.deepEqual(pkg.contributes.debuggers[0].configurationAttributes.launch.required, ['program']);
  });
});
