// Final layout of the sections as ../shared/oracle/harness/link.ld does it:
//   . = 0x40080000; .text : { *(.text.boot) *(.text*) } .rodata : { *(.rodata*) }
//   .data : { *(.data*) } . = ALIGN(16); .bss : { *(.bss*) *(COMMON) }
// Sections the script does not name are placed after the group with the same flags.

import { Section } from './sections';

export interface OutputSection {
  readonly name: string;
  readonly address: bigint;
  readonly size: number;
  readonly align: number;
  readonly exec: boolean;
  readonly write: boolean;
  readonly nobits: boolean;
  readonly inputs: readonly Section[];
}

const alignUp = (v: bigint, a: bigint): bigint => (v + a - 1n) / a * a;

export function layout(sections: readonly Section[], base: bigint): OutputSection[] {
  const groups: { name: string; inputs: Section[]; exec: boolean; write: boolean; nobits: boolean }[] = [
    { name: '.text', inputs: [], exec: true, write: false, nobits: false },
    { name: '.rodata', inputs: [], exec: false, write: false, nobits: false },
    { name: '.data', inputs: [], exec: false, write: true, nobits: false },
    { name: '.bss', inputs: [], exec: false, write: true, nobits: true },
  ];
  const orphans: Section[] = [];
  const ordered = [...sections].sort((a, b) => a.index - b.index);
  for (const s of ordered) if (s.name === '.text.boot') groups[0].inputs.push(s);
  for (const s of ordered) {
    if (s.name === '.text.boot') continue;
    if (s.name.startsWith('.text')) groups[0].inputs.push(s);
    else if (s.name.startsWith('.rodata')) groups[1].inputs.push(s);
    else if (s.name.startsWith('.data')) groups[2].inputs.push(s);
    else if (s.name.startsWith('.bss')) groups[3].inputs.push(s);
    else orphans.push(s);
  }
  // Orphans: their own output section after the group with matching flags.
  const final: typeof groups = [];
  for (const g of groups) {
    final.push(g);
    for (const o of orphans) {
      const gi = o.code ? 0 : o.nobits ? 3 : o.write ? 2 : 1;
      if (groups[gi] === g) final.push({ name: o.name, inputs: [o], exec: o.code, write: o.write, nobits: o.nobits });
    }
  }
  let dot = base;
  const out: OutputSection[] = [];
  for (const g of final) {
    if (g === groups[3]) dot = alignUp(dot, 16n);
    let align = 0;
    for (const s of g.inputs) align = Math.max(align, s.align);
    const size = g.inputs.reduce((n, s) => n + s.size, 0);
    if (size > 0) dot = alignUp(dot, 2n ** BigInt(align));
    const start = dot;
    for (const s of g.inputs) {
      dot = alignUp(dot, 2n ** BigInt(s.align));
      s.ref.base = dot;
      dot += BigInt(s.size);
    }
    if (dot > start) out.push({ name: g.name, address: start, size: Number(dot - start), align, exec: g.exec, write: g.write, nobits: g.nobits, inputs: g.inputs });
  }
  return out;
}

/** The bytes of an output section (inputs at their addresses, gaps zero). */
export function outputBytes(o: OutputSection): Uint8Array {
  const b = new Uint8Array(o.nobits ? 0 : o.size);
  if (o.nobits) return b;
  for (const s of o.inputs) if (!s.nobits) b.set(s.bytes.subarray(0, s.size), Number(s.ref.base! - o.address));
  return b;
}
