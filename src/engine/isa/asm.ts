// The built-in assembler (GNU as dialect, AArch64), from the one encoding table.
// Pure: files are read through the injected `files.read`; no Node APIs.
//
//   assemble(files, 'prog.S') -> { image, symbols, lineMap, diagnostics }
//
// The result is linked as ../shared/oracle/harness/link.ld links GNU as output:
// .text.boot then .text* at 0x40080000, .rodata*, .data*, ALIGN(16) .bss*.
// `.S` files go through the C preprocessor subset first (asm/cpp.ts).

import { Assembler, AssembleOptions, Diagnostic } from './asm/assembler';
import { outputBytes } from './asm/layout';

export type { Diagnostic, AssembleOptions } from './asm/assembler';

export interface SourceFiles { read(path: string): string | undefined }

// The image and symbol shapes are the ELF writer's, so an assembled image is written without conversion.
import type { WriterSection as ImageSection, WriterSymbol as AsmSymbol } from '../loader/elf-writer';
export type { ImageSection, AsmSymbol };

export interface LineEntry { readonly address: bigint; readonly file: string; readonly line: number }

export interface AsmResult {
  /** True when there are no errors (warnings allowed). */
  readonly ok: boolean;
  readonly image: readonly ImageSection[];
  readonly entry: bigint;
  readonly symbols: readonly AsmSymbol[];
  /** Sorted by address: every instruction and data item -> the source line (expansions: the invoking line). */
  readonly lineMap: readonly LineEntry[];
  readonly diagnostics: readonly Diagnostic[];
}

export function assemble(files: SourceFiles, mainPath: string, opts: AssembleOptions = {}): AsmResult {
  const cache = new Map<string, string | undefined>();
  const read = (p: string): string | undefined => {
    if (!cache.has(p)) cache.set(p, files.read(p));
    return cache.get(p);
  };
  const a = new Assembler(read, opts);
  a.assembleFile(mainPath);
  a.finish();
  const image: ImageSection[] = a.output.map((o) => ({
    name: o.name, address: o.address, bytes: outputBytes(o), size: o.size, align: o.align, exec: o.exec, write: o.write, nobits: o.nobits,
  }));
  const outOf = new Map<string, string>();
  for (const o of a.output) for (const s of o.inputs) outOf.set(s.name, o.name);
  const symbols: AsmSymbol[] = a.symbolTable().map((s) => ({ ...s, section: s.section === undefined ? undefined : outOf.get(s.section) ?? s.section }));
  const lineMap: LineEntry[] = [];
  for (const s of a.sections) {
    const base = s.ref.base ?? 0n;
    for (const l of s.lines) lineMap.push({ address: base + BigInt(l.off), file: l.file, line: l.line });
  }
  lineMap.sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
  const start = symbols.find((s) => s.name === '_start');
  const entry = start?.value ?? image[0]?.address ?? (opts.base ?? 0x40080000n);
  const diagnostics = [...a.diagnostics].sort((x, y) => (x.file === y.file ? x.line - y.line || x.column - y.column : 0));
  return { ok: a.ok, image, entry, symbols, lineMap, diagnostics };
}

/** `file:line:col: message` (`warning: ` prefixed for warnings), as compilers print. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/**
 * Benchmark helper: assemble an in-memory source (e.g. 10,000 generated lines)
 * and return the elapsed milliseconds measured with the given clock.
 */
export function timeAssemble(source: string, now: () => number): { ms: number; result: AsmResult } {
  const t0 = now();
  const result = assemble({ read: (p) => (p === 'bench.s' ? source : undefined) }, 'bench.s');
  return { ms: now() - t0, result };
}

/** A 10,000-line (by default) assembly source mixing instructions, labels, macros and data, for the benchmark. */
export function benchmarkSource(lines = 10000): string {
  const out: string[] = [
    '    .section .text.boot, "ax"', '    .global _start', '    .macro PUSH2 a, b', '    stp \\a, \\b, [sp, #-16]!', '    .endm', '_start:',
  ];
  const body = [
    '    mov x0, #0x1234', '    add x1, x0, x2, lsl #3', '    ldr x3, [x1, #16]', '    str w4, [sp, #-8]!', '    cmp x5, #42', '    b.ne 1f',
    '    msr sctlr_el2, x6', '    mrs x7, hcr_el2', '    and x8, x9, #0xff00', '    PUSH2 x1, x2', '1:  ldr x10, =0x123456789', '    tlbi alle2',
    '    cbz x11, 1b', '    ubfx x12, x13, #4, #8', '    csel x14, x15, x16, lo', '    bl _start',
  ];
  let n = out.length;
  let k = 0;
  while (n < lines - 4) {
    out.push(body[k % body.length]);
    k++; n++;
    if (k % 500 === 0) { out.push('    .ltorg'); n++; }
  }
  out.push('    .data', 'tbl: .quad _start, 1, 2', '    .asciz "end"');
  return out.join('\n') + '\n';
}
