// Runs one ELF in-process with the bundled engine and prints {insns, seconds, mips}.
const fs = require('fs');
const { Machine, parseElf } = require('../dist/engine.js');
const file = process.argv[2];
// --nested: the program is a guest hypervisor at virtual EL2 under the host model.
const nested = process.argv.includes('--nested');
const m = new Machine({ output: () => {}, nested: nested ? { policy: 'upstream' } : undefined });
m.load(parseElf(fs.readFileSync(file), file), file);
const t = process.hrtime.bigint();
let r;
do { r = m.run(50_000_000); } while (r.kind === 'budget');
const s = Number(process.hrtime.bigint() - t) / 1e9;
if (r.kind !== 'exit') { console.error(`${file}: ${JSON.stringify(r)}`); process.exit(1); }
console.log(JSON.stringify({ insns: m.instructions, seconds: s, mips: m.instructions / s / 1e6 }));
