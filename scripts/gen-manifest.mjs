// Writes the generated parts of package.json: the launch.json schema of the `nvdbg` debug
// type, read from the adapter's launch-argument type (src/debug-adapter/launch.ts,
// NvdbgLaunchArgs) with the TypeScript compiler API. `--check` fails when package.json
// is out of date (the test suite runs it).
import ts from 'typescript';
import { readFileSync, writeFileSync } from 'fs';

const file = 'src/debug-adapter/launch.ts';
const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
let iface;
src.forEachChild((n) => { if (ts.isInterfaceDeclaration(n) && n.name.text === 'NvdbgLaunchArgs') iface = n; });
if (iface === undefined) throw new Error(`${file}: interface NvdbgLaunchArgs not found`);

function schemaOf(t) {
  if (t.kind === ts.SyntaxKind.StringKeyword) return { type: 'string' };
  if (t.kind === ts.SyntaxKind.NumberKeyword) return { type: 'number' };
  if (t.kind === ts.SyntaxKind.BooleanKeyword) return { type: 'boolean' };
  if (ts.isUnionTypeNode(t) && t.types.every((u) => ts.isLiteralTypeNode(u))) {
    const vals = t.types.map((u) => (u.literal.kind === ts.SyntaxKind.StringLiteral ? u.literal.text : Number(u.literal.text)));
    return { type: typeof vals[0] === 'number' ? 'number' : 'string', enum: vals };
  }
  if (ts.isTypeReferenceNode(t) && t.typeName.getText() === 'Record') return { type: 'object', additionalProperties: { type: 'string' } };
  throw new Error(`${file}: cannot express type '${t.getText()}' in JSON schema`);
}

const properties = {};
const required = [];
for (const m of iface.members) {
  if (!ts.isPropertySignature(m) || m.type === undefined) continue;
  const name = m.name.getText();
  const doc = ts.getJSDocCommentsAndTags(m).map((d) => (typeof d.comment === 'string' ? d.comment : '')).join(' ').replace(/\s+/g, ' ').trim();
  properties[name] = { ...schemaOf(m.type), description: doc };
  if (m.questionToken === undefined) required.push(name);
}
const defaults = { nested: false, policy: 'upstream', entryEl: 2, cpus: 1, stopOnEntry: false, memoryMiB: 256, maxInstructions: 0, ipaOffset: 0, shadowMmusPerVcpu: 2 };
for (const [k, v] of Object.entries(defaults)) if (properties[k] !== undefined) properties[k].default = v;

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const dbg = pkg.contributes.debuggers.find((d) => d.type === 'nvdbg');
const next = { launch: { required, properties } };
const before = JSON.stringify(dbg.configurationAttributes);
dbg.configurationAttributes = next;
if (process.argv.includes('--check')) {
  if (before !== JSON.stringify(next)) { console.error('package.json: the nvdbg launch schema is out of date; run node scripts/gen-manifest.mjs'); process.exit(1); }
} else {
  writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
}
