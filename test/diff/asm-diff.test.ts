// Differential test of the built-in assembler against GNU as + ld:
// 1. every oracle program (../shared/oracle/public/*/prog.S), the harness
//    files, examples/**/*.S and bench/programs/*.S are built with
//    ../shared/oracle/harness/build.sh and with assemble(); the allocated
//    sections (address, size, bytes) and every PT_LOAD segment's contents must
//    be identical.
// 2. >= 5,000 generated instructions covering every encoding row: words are
//    generated per row, disassembled with our disassembler, and the text is
//    assembled by GNU as and by assemble(); the words must be identical, and
//    disassemble(assemble(text)) must give the text back.
// Fails (does not skip) without binutils.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { repoRoot, sharedDir } from '../util/paths';
import { requireTools } from '../util/gnu';
import { assemble, AsmResult, formatDiagnostic } from '../../src/engine/isa/asm';
import { parseElf } from '../../src/engine/loader/elf';
import { ENCODINGS } from '../../src/engine/isa/encodings';
import { disassemble } from '../../src/engine/isa/disasm';
import { wordForRow } from './disasm-gen';
import { Rng } from './gen';

const fsFiles = { read: (p: string): string | undefined => { try { return fs.readFileSync(p, 'latin1'); } catch { return undefined; } } };

function gnuBuild(src: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-asm-'));
  const elf = path.join(dir, 'prog.elf');
  execFileSync('sh', [path.join(sharedDir(), 'oracle/harness/build.sh'), src, elf], { stdio: ['ignore', 'pipe', 'pipe'] });
  return elf;
}

/** The byte at `addr` of our image (zero outside sections and in .bss). */
function ourBytes(r: AsmResult, addr: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (const s of r.image) {
    if (s.nobits) continue;
    const lo = addr > s.address ? addr : s.address;
    const hi = addr + BigInt(n) < s.address + BigInt(s.size) ? addr + BigInt(n) : s.address + BigInt(s.size);
    for (let a = lo; a < hi; a++) out[Number(a - addr)] = s.bytes[Number(a - s.address)];
  }
  return out;
}

function firstDiff(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** Compare with GNU: returns a description of the first difference, or undefined. */
export function compareWithGnu(src: string): string | undefined {
  const r = assemble(fsFiles, src, { cpp: false });
  if (!r.ok) return `assembly failed:\n${r.diagnostics.slice(0, 5).map(formatDiagnostic).join('\n')}`;
  const img = parseElf(fs.readFileSync(gnuBuild(src)), src);
  const alloc = img.sections.filter((s) => (s.flags & 2n) !== 0n && s.size > 0);
  const ours = r.image.filter((s) => s.size > 0);
  const names = (l: { name: string; address: bigint; size: number }[]): string => l.map((s) => `${s.name}@0x${s.address.toString(16)}+0x${s.size.toString(16)}`).join(' ');
  if (names(alloc.map((s) => ({ name: s.name, address: s.addr, size: s.size }))) !== names(ours)) {
    return `section layout differs:\n  gnu:  ${names(alloc.map((s) => ({ name: s.name, address: s.addr, size: s.size })))}\n  ours: ${names(ours)}`;
  }
  for (const s of alloc) {
    if (s.type === 8) continue; // NOBITS: sizes compared above
    const o = ourBytes(r, s.addr, s.size);
    const d = firstDiff(s.data, o);
    if (d >= 0) {
      const at = s.addr + BigInt(d & ~3);
      const line = r.lineMap.find((l) => l.address === at);
      const w = (b: Uint8Array): string => Array.from(b.subarray(d & ~3, (d & ~3) + 4)).map((x) => x.toString(16).padStart(2, '0')).join('');
      return `${s.name} differs at 0x${at.toString(16)}${line ? ` (${line.file}:${line.line})` : ''}: gnu ${w(s.data)} ours ${w(o)}`;
    }
  }
  for (const seg of img.segments) {
    const o = ourBytes(r, seg.vaddr, seg.data.length);
    const d = firstDiff(seg.data, o);
    if (d >= 0) return `PT_LOAD ${seg.index} differs at 0x${(seg.vaddr + BigInt(d)).toString(16)}`;
  }
  if (r.entry !== img.entry) return `entry 0x${r.entry.toString(16)} != 0x${img.entry.toString(16)}`;
  return undefined;
}

function programs(): string[] {
  const shared = sharedDir();
  const pub = path.join(shared, 'oracle/public');
  const out = fs.readdirSync(pub).filter((d) => fs.existsSync(path.join(pub, d, 'prog.S'))).sort().map((d) => path.join(pub, d, 'prog.S'));
  const harness = path.join(shared, 'oracle/harness');
  out.push(...fs.readdirSync(harness).filter((f) => f.endsWith('.S') && f !== 'runtime.S').map((f) => path.join(harness, f)));
  const root = repoRoot();
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.S') ? [path.join(d, e.name)] : []));
  out.push(...walk(path.join(root, 'examples')));
  out.push(...fs.readdirSync(path.join(root, 'bench/programs')).filter((f) => f.endsWith('.S')).map((f) => path.join(root, 'bench/programs', f)));
  return out;
}

describe('assembler vs GNU as + ld (issue 4)', function () {
  this.timeout(600_000);

  it('builds every oracle, harness, example and bench program with byte-identical loadable segments', () => {
    requireTools('aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld');
    const progs = programs();
    assert.ok(progs.length >= 50, `expected the 50 oracle programs, found ${progs.length} programs`);
    const fails: string[] = [];
    for (const p of progs) {
      const d = compareWithGnu(p);
      if (d !== undefined) fails.push(`${path.relative(repoRoot(), p)}: ${d}`);
    }
    assert.deepEqual(fails, [], `${fails.length}/${progs.length} programs differ:\n${fails.slice(0, 10).join('\n')}`);
  });

  it('assembles >= 5,000 generated instructions (every encoding row) exactly as GNU as does, and round-trips through the disassembler', () => {
    requireTools('aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld', 'aarch64-linux-gnu-objcopy');
    const rng = new Rng(0xa5e4);
    const texts: string[] = [];
    const rowsHit = new Set<string>();
    const PER_ROW = Math.max(13, Math.ceil(5000 / ENCODINGS.length));
    const PCREL = /^(ADR|ADRP|B|BL|B_cond|CBZ|CBNZ|TBZ|TBNZ|LDR_lit_32|LDR_lit_64|LDRSW_lit|PRFM_lit)$/;
    const clean = (t: string): string => t.replace(/\t\/\/.*$/, '').replace(/ +\/\/.*$/, '').replace(/\s+<[^>]*>$/, '');
    const lines: string[] = [];
    for (const row of ENCODINGS) {
      let got = 0;
      for (let tries = 0; got < PER_ROW && tries < PER_ROW * 20; tries++) {
        const w = wordForRow(rng, row);
        // Disassembled at its own address, so PC-relative targets are in range.
        const d = disassemble(w, texts.length * 4, 0);
        if (d.row === undefined) continue;
        const t = clean(d.text);
        texts.push(t);
        // objdump prints targets as bare hex addresses; GNU as reads a constant target as an
        // offset, so write `.+off` (adrp: resolved by ld).
        lines.push(`\t${PCREL.test(d.row.id) ? t.replace(/([\t ])([0-9a-f]+)$/, (_a, sp: string, h: string) => {
          const off = BigInt.asIntN(64, BigInt('0x' + h) - BigInt(texts.length * 4 - 4));
          return `${sp}.${off < 0n ? '-' : '+'}0x${(off < 0n ? -off : off).toString(16)}`;
        }) : t}`);
        rowsHit.add(d.row.id);
        got++;
      }
    }
    assert.ok(texts.length >= 5000, `only ${texts.length} instructions`);
    const missing = ENCODINGS.filter((r) => !rowsHit.has(r.id)).map((r) => r.id);
    assert.deepEqual(missing, [], 'rows without a generated instruction');
    const src = `\t.text\n${lines.join('\n')}\n`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-asmgen-'));
    fs.writeFileSync(path.join(dir, 'gen.s'), src);
    execFileSync('aarch64-linux-gnu-as', ['-march=armv9.3-a+crc+memtag+sme+ls64+flagm+pauth+predres+ssbs+sb+rcpc+lse', '-o', path.join(dir, 'gen.o'), path.join(dir, 'gen.s')], { stdio: ['ignore', 'pipe', 'pipe'] });
    execFileSync('aarch64-linux-gnu-ld', ['-Ttext=0', '-e', '0', '--no-warn-rwx-segments', '-o', path.join(dir, 'gen.elf'), path.join(dir, 'gen.o')], { stdio: ['ignore', 'pipe', 'pipe'] });
    execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', path.join(dir, 'gen.elf'), path.join(dir, 'gen.bin')]);
    const gnu = fs.readFileSync(path.join(dir, 'gen.bin'));
    const r = assemble({ read: (p) => (p === 'gen.s' ? src : undefined) }, 'gen.s', { base: 0n });
    assert.deepEqual(r.diagnostics.slice(0, 10).map(formatDiagnostic), []);
    const ours = r.image.find((s) => s.name === '.text')!.bytes;
    assert.equal(ours.length, gnu.length);
    const bad: string[] = [];
    const rt: string[] = [];
    for (let i = 0; i < texts.length; i++) {
      const g = gnu.readUInt32LE(i * 4), o = (ours[i * 4] | (ours[i * 4 + 1] << 8) | (ours[i * 4 + 2] << 16) | (ours[i * 4 + 3] << 24)) >>> 0;
      if (g !== o) bad.push(`${lines[i].trim()}: gnu ${g.toString(16).padStart(8, '0')} ours ${o.toString(16).padStart(8, '0')}`);
      const back = clean(disassemble(o, i * 4, 0).text);
      if (back !== texts[i]) rt.push(`${texts[i]} -> ${back}`);
    }
    assert.deepEqual(bad.slice(0, 20), [], `${bad.length}/${texts.length} words differ from GNU as`);
    assert.deepEqual(rt.slice(0, 20), [], `${rt.length}/${texts.length} do not round-trip`);
  });
});
