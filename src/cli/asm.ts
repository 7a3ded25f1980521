// `nvdbg asm IN.S -o OUT.elf`: assemble with the built-in assembler (GNU as
// dialect), link as ../shared/oracle/harness/link.ld does, write an ELF64.
// Diagnostics go to stderr as `file:line:col: message`; exit status 2 on errors.
import * as fs from 'fs';
import { assemble, formatDiagnostic, AsmResult } from '../engine/isa/asm';
import { writeElf } from '../engine/loader/elf-writer';
import { encodeDebugLine } from '../engine/loader/dwarf-line-writer';
import { UsageError } from './args';

export function asmUsage(): string {
  return [
    'usage: nvdbg asm IN.S [-o OUT.elf]',
    '',
    '  assembles with the built-in assembler and links at 0x40080000 (.text.boot, .text, .rodata, .data, .bss)',
    '',
  ].join('\n');
}

/** Node file access for the (pure) assembler. */
export const nodeFiles = { read: (p: string): string | undefined => { try { return fs.readFileSync(p, 'latin1'); } catch { return undefined; } } };

/** Assemble `path`, print diagnostics to stderr; undefined when there were errors. */
export function assembleFile(path: string): AsmResult | undefined {
  const r = assemble(nodeFiles, path);
  for (const d of r.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  return r.ok ? r : undefined;
}

export function asmCommand(args: string[]): number {
  let input: string | undefined, output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-o') { output = args[++i]; if (output === undefined) throw new UsageError('-o needs a file name'); }
    else if (a.startsWith('-o')) output = a.slice(2);
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else if (input === undefined) input = a;
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  if (input === undefined) throw new UsageError('asm needs an input file');
  if (!fs.existsSync(input)) { process.stderr.write(`${input}: cannot read: no such file\n`); return 2; }
  const r = assembleFile(input);
  if (r === undefined) return 2;
  const debugLine = encodeDebugLine(r.lineMap, r.image.filter((s) => s.exec).map((s) => ({ address: s.address, size: s.size })));
  const elf = writeElf(r.image, r.symbols, r.entry, debugLine);
  fs.writeFileSync(output ?? input.replace(/\.(S|s|asm)$/, '') + '.elf', elf);
  return 0;
}
