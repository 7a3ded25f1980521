// Shared by the assembler tests that compare nvdbg's output with GNU as + ld byte for byte.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import { AsmResult } from '../../src/engine/isa/asm';
import { parseElf } from '../../src/engine/loader/elf';
import { buildElf } from './gnu';

/** One in-memory source file named main.s. */
export const fsFiles = (src: string): { read: (p: string) => string | undefined } => ({ read: (p) => (p === 'main.s' ? src : undefined) });

/** Little-endian 32-bit words of a section. */
export function words(b: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 4 <= b.length; i += 4) out.push((b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24)) >>> 0);
  return out;
}

/** Differences between GNU as + ld and assemble() in the allocated sections, or [] when identical. */
export function gnuDiff(src: string, r: AsmResult, name: string): string[] {
  const img = parseElf(fs.readFileSync(buildElf(src, name)), `${name}.elf`);
  const gnu = img.sections.filter((s) => (s.flags & 2n) !== 0n && s.size > 0);
  const mine = r.image.filter((s) => s.size > 0);
  const layout = (l: { name: string; address: bigint; size: number }[]): string => l.map((s) => `${s.name}@0x${s.address.toString(16)}+${s.size}`).join(' ');
  const g = layout(gnu.map((s) => ({ name: s.name, address: s.addr, size: s.size })));
  if (g !== layout(mine)) return [`section layout: gnu ${g}, ours ${layout(mine)}`];
  const out: string[] = [];
  for (const s of gnu) {
    const o = mine.find((x) => x.name === s.name)!;
    const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
    if (s.type !== 8 && hex(s.data) !== hex(o.bytes)) out.push(`${s.name}: gnu ${hex(s.data)} ours ${hex(o.bytes)}`);
  }
  return out;
}

/** A source case: its .data as latin1 and .text words as GNU as 2.40 assembles them (either may be omitted). */
export interface ExpectedImage { readonly name: string; readonly data?: string; readonly text?: number[] }

/**
 * Check assemble()'s result for a case: the recorded .data and .text, then (when GNU binutils are
 * installed) every allocated section against GNU as + ld on the same source.
 */
export function checkAgainstGnu(c: ExpectedImage, src: string, r: AsmResult, tag: string, haveGnu: boolean): void {
  if (c.data !== undefined) assert.equal(Buffer.from(r.image.find((s) => s.name === '.data')?.bytes ?? []).toString('latin1'), c.data, '.data');
  if (c.text !== undefined) assert.deepEqual(words(r.image.find((s) => s.name === '.text')?.bytes ?? new Uint8Array()).map((w) => w.toString(16)), c.text.map((w) => w.toString(16)), '.text');
  if (!haveGnu) return; // recorded expectations only (GNU binutils not installed)
  assert.deepEqual(gnuDiff(src, r, tag), [], 'GNU as + ld differ');
}
