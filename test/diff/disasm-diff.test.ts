// Differential test of the disassembler against GNU objdump 2.40: seeded
// random words (every encoding row drawn many times, plus uniformly random
// words) are written as `.inst` into assembler sources, assembled with GNU as,
// disassembled with `objdump -d` and compared line by line with our
// disassemble() (whitespace runs normalised to one space).
// - Every word our table decodes must match objdump exactly.
// - Words our table does not decode must print as objdump's undefined forms
//   (`udf #n` / `.inst 0x... ; undefined`); where objdump decodes them (FP,
//   SIMD, SVE, SME, MTE, PAC, ... outside the engine's scope) they are
//   excluded from the exact comparison and counted.
// NVDBG_DISASM_SEED picks other words; NVDBG_DISASM_COUNT changes the count.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { hasCommand, repoRoot, sharedDir } from '../util/paths';
import { execFileSync } from 'child_process';
import { disasmListing } from '../../src/cli/disasm';
import { ENCODINGS } from '../../src/engine/isa/encodings';
import { decodeRow } from '../../src/engine/isa/decoder';
import { disassemble } from '../../src/engine/isa/disasm';
import { generateWords, sweepWords } from './disasm-gen';

const COUNT = Number(process.env.NVDBG_DISASM_COUNT ?? 200_000);
const PER_ROW = 250;
const SEED = Number(process.env.NVDBG_DISASM_SEED ?? 0xd15a5);
const CHUNKS = 4;
const TOOLS = ['aarch64-linux-gnu-as', 'aarch64-linux-gnu-objdump'];
/** Every architecture extension binutils 2.40 knows that can appear in a -cpu max program, so objdump names them. */
export const MARCH = 'armv9.3-a+crc+crypto+sm4+sha3+rng+memtag+sve2+sve2-aes+sve2-sm4+sve2-sha3+sve2-bitperm+sme+sme-i64+sme-f64+ls64+f32mm+f64mm+i8mm+bf16+flagm+pauth+predres+ssbs+sb+profile+rcpc+lse+mops+hbc';

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [], err: Buffer[] = [];
    p.stdout.on('data', (b: Buffer) => out.push(b));
    p.stderr.on('data', (b: Buffer) => err.push(b));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('latin1'));
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString().slice(0, 2000)}`));
    });
  });
}

/** Assemble `words` at address 0 (symbol `_start`) and return objdump's text per word. */
async function objdumpWords(words: Uint32Array, dir: string, tag: string): Promise<string[]> {
  const src = path.join(dir, `${tag}.S`), obj = path.join(dir, `${tag}.o`);
  const lines = ['\t.text', '\t.globl _start', '_start:'];
  for (const w of words) lines.push(`\t.inst 0x${w.toString(16).padStart(8, '0')}`);
  fs.writeFileSync(src, `${lines.join('\n')}\n`);
  await run('aarch64-linux-gnu-as', [`-march=${MARCH}`, src, '-o', obj]);
  const out = await run('aarch64-linux-gnu-objdump', ['-d', obj]);
  const texts: string[] = new Array<string>(words.length);
  const re = /^ *([0-9a-f]+):\t([0-9a-f]{8}) \t(.*)$/;
  for (const line of out.split('\n')) {
    const m = re.exec(line);
    if (m === null) continue;
    const i = parseInt(m[1], 16) / 4;
    assert.equal(parseInt(m[2], 16), words[i], `objdump line for word ${i} shows a different word: ${line}`);
    texts[i] = m[3];
  }
  for (let i = 0; i < words.length; i++) assert.ok(texts[i] !== undefined, `objdump printed no line for word ${i}`);
  return texts;
}

/** The symbolizer objdump uses for this object: everything is `_start+off` (addresses wrap to 64 bits). */
function symbolizeStart(lo: number, hi: number): string {
  const a = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  return a === 0n ? '_start' : `_start+0x${a.toString(16)}`;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
const isUndefined = (t: string): boolean => /^(udf #\d+|\.inst 0x[0-9a-f]{8} ; undefined)$/.test(t);

interface Comparison { readonly compared: number; readonly neverHit: string[] }

/** Disassemble `words` with objdump and with disassemble(); assert equality; report counts. */
async function compareWithObjdump(words: Uint32Array): Promise<Comparison> {
  const missing = TOOLS.filter((t) => !hasCommand(t));
  assert.deepEqual(missing, [], `missing tools: ${missing.join(', ')} (apt-get install binutils-aarch64-linux-gnu)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-disasm-'));
  const size = Math.ceil(words.length / CHUNKS);
  const parts = Array.from({ length: CHUNKS }, (_, k) => words.subarray(k * size, Math.min(words.length, (k + 1) * size)));
  const texts = await Promise.all(parts.map((p, k) => objdumpWords(p, dir, `chunk${k}`)));
  let compared = 0, comparedDecoded = 0;
  const excluded = new Map<string, number>();
  const rowHits = new Map<string, number>();
  const bad: string[] = [];
  parts.forEach((part, k) => {
    for (let i = 0; i < part.length; i++) {
      const w = part[i];
      const ref = norm(texts[k][i]);
      const mine = norm(disassemble(w, i * 4, 0, symbolizeStart).text);
      const row = decodeRow(w);
      if (row === undefined && !isUndefined(ref)) {
        assert.ok(isUndefined(mine), `word ${w.toString(16)} is not in the table but printed as '${mine}'`);
        const key = ref.split(' ')[0];
        excluded.set(key, (excluded.get(key) ?? 0) + 1);
        continue;
      }
      compared++;
      if (row !== undefined) { comparedDecoded++; rowHits.set(row.id, (rowHits.get(row.id) ?? 0) + 1); }
      if (mine !== ref) bad.push(`${w.toString(16).padStart(8, '0')} ${row?.id ?? '-'}: objdump '${ref}' ours '${mine}'`);
    }
  });
  const nExcluded = [...excluded.values()].reduce((a, b) => a + b, 0);
  const top = [...excluded.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`      ${words.length} words: compared ${compared} exactly (${comparedDecoded} decoded by the table, rows hit ${rowHits.size}/${ENCODINGS.length}); `
    + `excluded ${nExcluded} words that objdump decodes but the table does not (printed as .inst by us): ${top}${excluded.size > 12 ? ', ...' : ''}`);
  // Show a few mismatches of each row so one noisy row does not hide the others.
  const shown = new Map<string, number>();
  const sample = bad.filter((b) => { const id = b.split(' ')[1]; const n = shown.get(id) ?? 0; shown.set(id, n + 1); return n < 3; });
  if (bad.length === 0) fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(bad.length, 0, `${bad.length} mismatches (sources in ${dir}):\n${sample.slice(0, 150).join('\n')}`);
  return { compared, neverHit: ENCODINGS.filter((r) => !rowHits.has(r.id)).map((r) => r.id) };
}

describe('disassembler differential test against GNU objdump 2.40 (test/diff)', function () {
  this.timeout(300_000);

  it('has GNU binutils (missing tools are a failure, not a skip)', () => {
    const missing = TOOLS.filter((t) => !hasCommand(t));
    assert.deepEqual(missing, [], `missing tools: ${missing.join(', ')} (apt-get install binutils-aarch64-linux-gnu, or run scripts/setup.sh)`);
  });

  it(`${COUNT} seeded random words (seed ${SEED}) disassemble exactly as objdump -d prints them`, async () => {
    const { words } = generateWords(SEED, COUNT, PER_ROW);
    const r = await compareWithObjdump(words);
    assert.deepEqual(r.neverHit, [], `rows never compared: ${r.neverHit.join(' ')}`);
    assert.ok(words.length >= 100_000 && r.compared >= 50_000, `only ${words.length} words generated / ${r.compared} compared`);
  });

  it('exhaustive sweeps (system space, logical immediates, bitfields) disassemble exactly as objdump -d prints them', async () => {
    await compareWithObjdump(sweepWords(SEED));
  });

  it('`nvdbg disasm` listings equal objdump -d for the example and oracle ELFs', () => {
    const files = [path.join(repoRoot(), 'examples/el2-tour/el2-tour.elf')];
    const pub = path.join(sharedDir(), 'oracle/public');
    if (fs.existsSync(pub)) {
      for (const d of fs.readdirSync(pub)) {
        const f = path.join(pub, d, 'prog.elf');
        if (fs.existsSync(f)) files.push(f);
      }
    }
    const bad: string[] = [];
    for (const f of files) {
      const ref = execFileSync('aarch64-linux-gnu-objdump', ['-d', f], { encoding: 'latin1', maxBuffer: 1 << 28 });
      const ours = disasmListing(fs.readFileSync(f), f);
      if (ours === ref) continue;
      const a = ref.split('\n'), b = ours.split('\n');
      const i = a.findIndex((l, k) => l !== b[k]);
      bad.push(`${f} line ${i + 1}: objdump ${JSON.stringify(a[i])} ours ${JSON.stringify(b[i])}`);
    }
    assert.deepEqual(bad, [], `${bad.length}/${files.length} listings differ`);
  });
});
