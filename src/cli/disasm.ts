// `nvdbg disasm FILE.elf`: objdump -d style listing of the executable sections
// (same header, section and symbol lines, `addr:\tword \ttext` rows, `.word`
// for $d data, `...` for runs of zeros).
import * as fs from 'fs';
import { parseElf, ElfError, symbolize, ElfImage, ElfSymbol } from '../engine/loader/elf';
import { disassemble } from '../engine/isa/disasm';
import { UsageError } from './args';

const SHF_EXECINSTR = 4n;
const SHT_NOBITS = 8;

export function disasmUsage(): string {
  return [
    'usage: nvdbg disasm FILE.elf',
    '',
    '  prints the executable sections as `aarch64-linux-gnu-objdump -d` does',
    '',
  ].join('\n');
}

/** objdump's address column: the end address's leading zeros, less one, dropped in groups of four; the rest blanked. */
function addrColumn(end: bigint): (a: bigint) => string {
  const full = end.toString(16).padStart(16, '0');
  let z = 0;
  while (z < full.length && full[z] === '0') z++;
  const skip = z === 0 ? 0 : (z - 1) & ~3;
  return (a: bigint): string => {
    const s = a.toString(16).padStart(16, '0').slice(skip);
    const t = s.replace(/^0+/, '');
    return (t === '' ? '0' : t).padStart(s.length, ' ');
  };
}

function rank(s: ElfSymbol): number { return (s.bind === 'global' ? 0 : s.bind === 'weak' ? 2 : 4) + (s.type === 'func' ? 0 : 1); }

interface Marks { labels: Map<bigint, string>; data: Map<bigint, boolean> }

/** Label symbols (one per address, preferred as in symbolize()) and $x/$d mapping state changes of a section. */
function marks(image: ElfImage, index: number, lo: bigint, hi: bigint): Marks {
  const labels = new Map<bigint, ElfSymbol>();
  const data = new Map<bigint, boolean>();
  for (const s of image.symbols) {
    if (s.sectionIndex !== index || s.value < lo || s.value >= hi || s.name === '') continue;
    const map = /^\$([xd])(\.|$)/.exec(s.name);
    if (map) { data.set(s.value, map[1] === 'd'); continue; }
    if (/^\$[a-z](\.|$)/.test(s.name) || (s.type !== 'func' && s.type !== 'notype')) continue;
    const old = labels.get(s.value);
    if (old === undefined || rank(s) < rank(old)) labels.set(s.value, s);
  }
  return { labels: new Map([...labels].map(([a, s]) => [a, s.name])), data };
}

/** Code/label symbols defined in a section, by address (the first of equal addresses by preference). */
function labelSymbols(image: ElfImage): ElfSymbol[] {
  const c = image.symbols.filter((s) => (s.type === 'func' || s.type === 'notype') && s.name !== '' && !/^\$[a-z](\.|$)/.test(s.name)
    && s.sectionIndex !== 0 && s.sectionIndex < 0xff00);
  c.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : rank(a) - rank(b)));
  return c.filter((s, i) => i === 0 || c[i - 1].value !== s.value);
}

function hex8(v: number): string { return (v >>> 0).toString(16).padStart(8, '0'); }

/** The listing of one file, exactly as it will be printed. */
export function disasmListing(bytes: Uint8Array, file: string): string {
  const image = parseElf(bytes, file);
  const sym = symbolize(image);
  const all = labelSymbols(image);
  const symText = (lo: number, hi: number): string | undefined => {
    const a = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const r = sym(a);
    if (r !== undefined) return r.offset === 0n ? r.name : `${r.name}+0x${r.offset.toString(16)}`;
    // Outside the image objdump still names the nearest symbol (below the first one: a negative offset).
    if (all.length === 0) return undefined;
    let best = all[0];
    for (const s of all) if (s.value <= a) best = s;
    const off = a - best.value;
    return off === 0n ? best.name : off > 0n ? `${best.name}+0x${off.toString(16)}` : `${best.name}-0x${(-off).toString(16)}`;
  };
  const out: string[] = [`\n${file}:     file format elf64-littleaarch64\n\n`];
  image.sections.forEach((sec, index) => {
    if ((sec.flags & SHF_EXECINSTR) === 0n || sec.type === SHT_NOBITS || sec.size === 0) return;
    out.push(`\nDisassembly of section ${sec.name}:\n`);
    const lo = sec.addr, hi = sec.addr + BigInt(sec.size);
    const col = addrColumn(hi);
    const { labels, data } = marks(image, index, lo, hi);
    const stops = [...new Set([...labels.keys(), ...data.keys(), hi])].filter((a) => a > lo).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let isData = data.get(lo) ?? false;
    let pos = 0;
    const d = sec.data;
    const word = (i: number): number => (d[i] | (d[i + 1] << 8) | (d[i + 2] << 16) | (d[i + 3] << 24)) >>> 0;
    for (const stop of [lo, ...stops.slice(0, -1)].map((a, i) => [a, stops[i]] as const)) {
      const [start, end] = stop;
      if (data.has(start)) isData = data.get(start) ?? false;
      const name = labels.get(start) ?? (start === lo ? sec.name : undefined);
      if (name !== undefined) out.push(`\n${start.toString(16).padStart(16, '0')} <${name}>:\n`);
      pos = Math.max(pos, Number(start - lo));
      const endOff = Math.min(Number(end - lo), d.length);
      // Zero runs are cut at the next label or the section end, not at mapping symbols.
      let labelEnd = d.length;
      for (const a of labels.keys()) if (a > start && Number(a - lo) < labelEnd) labelEnd = Number(a - lo);
      while (pos < endOff) {
        const addr = lo + BigInt(pos);
        // Runs of zero bytes: objdump prints `\t...` for 8 or more (or any reaching the chunk end).
        let z = pos;
        while (z < labelEnd && d[z] === 0) z++;
        if (z - pos >= 8 || (z === labelEnd && z - pos >= 2 && z - pos !== 4)) {
          out.push('\t...\n');
          pos = z;
          if (pos >= endOff) break;
          continue;
        }
        if (endOff - pos < 4) {
          const n = endOff - pos >= 2 && (pos & 1) === 0 ? 2 : 1;
          const v = n === 2 ? d[pos] | (d[pos + 1] << 8) : d[pos];
          const hexBytes = n === 2 ? `${d[pos + 1].toString(16).padStart(2, '0')}${d[pos].toString(16).padStart(2, '0')}` : d[pos].toString(16).padStart(2, '0');
          out.push(`${col(addr)}:\t${hexBytes}${n === 2 ? '      ' : '          '}\t${n === 2 ? '.short' : '.byte'}\t0x${v.toString(16).padStart(n * 2, '0')}\n`);
          pos += n;
          continue;
        }
        const w = word(pos);
        const text = isData ? `.word\t0x${hex8(w)}` : disassemble(w, Number(addr & 0xffffffffn), Number(addr >> 32n), symText).text;
        out.push(`${col(addr)}:\t${hex8(w)} \t${text}\n`);
        pos += 4;
      }
    }
  });
  return out.join('');
}

/** `nvdbg disasm` entry: returns the exit status (0, or 2 for bad input). */
export function disasmCommand(argv: string[]): number {
  if (argv.length !== 1 || argv[0].startsWith('-')) throw new UsageError('disasm needs exactly one FILE.elf');
  const file = argv[0];
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    process.stderr.write(`${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  try {
    process.stdout.write(disasmListing(bytes, file));
    return 0;
  } catch (e) {
    if (e instanceof ElfError) { process.stderr.write(`${e.message}\n`); return 2; }
    throw e;
  }
}
