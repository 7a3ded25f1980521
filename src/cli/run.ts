// `nvdbg run`: load, run to completion, map the outcome to an exit status.
import * as fs from 'fs';
import { RunArgs } from './args';
import { Machine } from '../engine/machine';
import { parseElf, ElfError } from '../engine/loader/elf';
import { ExceptionRecord } from '../engine/cpu/exceptions';
import { describeException } from '../engine/cpu/describe';
import { hex16 } from '../engine/util/u64';
import { AtRecord } from '../engine/mmu/mmu';
import { formatWalk, describePar } from '../engine/mmu/format';
import { REGIME_NAMES } from '../engine/mmu/types';
import { assembleFile } from './asm';
import { writeElf } from '../engine/loader/elf-writer';
import { formatHostEvent } from '../engine/host/events';

const EXIT_BAD_INPUT = 2;
const EXIT_ENGINE = 3;
const EXIT_BUDGET = 124;

/** Buffered stdout: guest output is written in large chunks, flushed before exit. */
class Stdout {
  private chunks: Uint8Array[] = [];
  private size = 0;
  write(b: Uint8Array): void {
    this.chunks.push(b);
    this.size += b.length;
    if (this.size >= 1 << 16 || b.includes(10)) this.flush();
  }
  flush(): void {
    if (this.size === 0) return;
    const all = Buffer.concat(this.chunks);
    this.chunks = []; this.size = 0;
    let off = 0;
    while (off < all.length) {
      try { off += fs.writeSync(1, all, off); } catch (e) { if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e; }
    }
  }
}

export function runProgram(args: RunArgs): number {
  const err = (m: string): void => { process.stderr.write(m.endsWith('\n') ? m : m + '\n'); };
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(args.program);
  } catch (e) {
    err(`${args.program}: cannot read: ${(e as Error).message}`);
    return EXIT_BAD_INPUT;
  }
  if (/\.(S|s|asm)$/.test(args.program)) {
    // Built-in assembler: diagnostics as file:line:col: message, exit 2 on errors.
    const r = assembleFile(args.program);
    if (r === undefined) return EXIT_BAD_INPUT;
    bytes = writeElf(r.image, r.symbols, r.entry);
  }
  const out = new Stdout();
  const jsonFd = args.json === undefined ? -1 : args.json === '-' ? 2 : fs.openSync(args.json, 'w');
  const trace = (obj: Record<string, unknown>, text: string): void => {
    if (jsonFd >= 0) fs.writeSync(jsonFd, JSON.stringify(obj) + '\n'); else err(text);
  };
  const onException = args.trace.has('exc') ? (r: ExceptionRecord): void => {
    trace({ type: 'exception', cpu: r.cpu, from: r.fromEl, to: r.toEl, ec: r.ec, esr: '0x' + (r.esr >>> 0).toString(16),
      elr: '0x' + hex16(r.elrLo, r.elrHi), far: r.farValid ? '0x' + hex16(r.farLo, r.farHi) : null, vector: '0x' + hex16(r.vectorLo, r.vectorHi),
      what: describeException(r.ec, r.esr) }, `exc cpu${r.cpu} EL${r.fromEl}->EL${r.toEl} ${describeException(r.ec, r.esr)} ESR=0x${(r.esr >>> 0).toString(16).padStart(8, '0')} ELR=0x${hex16(r.elrLo, r.elrHi)}${r.farValid ? ` FAR=0x${hex16(r.farLo, r.farHi)}` : ''} -> 0x${hex16(r.vectorLo, r.vectorHi)}`);
  } : undefined;
  let machine: Machine;
  try {
    const image = parseElf(bytes, args.program);
    if (!args.nested && (args.ipaOffset !== 0 || args.shadowMmus !== 2 || args.policy !== 'upstream')) { err(`${args.program}: --policy, --ipa-offset and --shadow-mmus configure the host model: they need --nested`); return EXIT_BAD_INPUT; }
    if (args.nested && args.el !== 2) { err(`${args.program}: --nested starts the program at virtual EL2; --el 1 cannot be combined with it`); return EXIT_BAD_INPUT; }
    machine = new Machine({
      memoryMiB: args.memoryMiB, cpus: args.cpus, entryEl: args.el, output: (b) => out.write(b), onException,
      nested: args.nested ? { policy: args.policy, ipaOffset: args.ipaOffset, shadowMmusPerVcpu: args.shadowMmus } : undefined,
    });
    const host = machine.host;
    if (host !== undefined && args.trace.size > 0) {
      // The host model's events: 'at' every AT it emulates (with both results), 'trap' the other traps,
      // ERETs and injections, 's2' shadow stage-2 faults, 'mmu' shadow-MMU changes and TLBI emulation.
      const kindOf = { at: 'at', 'at-forward': 'trap', sysreg: 'trap', eret: 'trap', inject: 'trap', 's2-fault': 's2', 'shadow-mmu': 'mmu', tlbi: 'mmu' } as const;
      host.onEvent = (e): void => {
        if (!args.trace.has(kindOf[e.kind]) && !(e.kind === 'at' && args.trace.has('walk'))) return;
        const lines = e.kind === 'at' && args.trace.has('walk') ? [e.translation.s1, e.translation.s2].flatMap((t) => (t === undefined ? [] : formatWalk(t, '    '))) : [];
        trace({ type: 'host', ...e, translation: undefined, walk: lines.length > 0 ? lines : undefined }, [`host ${formatHostEvent(e)}`, ...lines].join('\n'));
      };
    }
    machine.load(image, args.program);
    if (args.trace.has('at') || args.trace.has('walk')) {
      machine.mmu.onAt = (r: AtRecord): void => {
        const par = '0x' + hex16(r.parLo, r.parHi);
        const lines = args.trace.has('walk') ? [r.translation.s1, r.translation.s2].flatMap((t) => (t === undefined ? [] : formatWalk(t, '    '))) : [];
        trace({ type: 'at', cpu: r.cpu, op: r.op, va: '0x' + hex16(r.vaLo, r.vaHi), regime: REGIME_NAMES[r.regime], par, decoded: describePar(r.parLo, r.parHi), walk: lines.length > 0 ? lines : undefined },
          [`at cpu${r.cpu} ${r.op} 0x${hex16(r.vaLo, r.vaHi)} ${REGIME_NAMES[r.regime]} -> PAR=${par} ${describePar(r.parLo, r.parHi)}`, ...lines].join('\n'));
      };
    }
  } catch (e) {
    if (e instanceof ElfError) { err(e.message); return EXIT_BAD_INPUT; }
    if (e instanceof RangeError) { err(`${args.program}: ${e.message}`); return EXIT_BAD_INPUT; }
    throw e;
  }
  const limit = args.maxInsns > 0 ? args.maxInsns : Infinity;
  let code: number;
  for (;;) {
    const chunk = Math.min(limit - machine.instructions, 50_000_000);
    const r = machine.run(chunk);
    if (r.kind === 'budget') {
      if (machine.instructions >= limit) {
        out.flush();
        err(`nvdbg: instruction budget of ${args.maxInsns} exhausted at PC 0x${hex16(machine.pes[0].pcLo, machine.pes[0].pcHi)}`);
        code = EXIT_BUDGET;
        break;
      }
      continue;
    }
    out.flush();
    if (r.kind === 'exit') { code = r.code; break; }
    if (r.kind === 'paused' || r.kind === 'breakpoint' || r.kind === 'stopped' || r.kind === 'watchpoint') continue;
    err(`nvdbg: ${r.message}`);
    code = EXIT_ENGINE;
    break;
  }
  out.flush();
  if (jsonFd > 2) fs.closeSync(jsonFd);
  return code;
}
