// Argument parsing for `nvdbg run` (the contract in DESIGN.md "CLI").
export class UsageError extends Error {}

export type TraceKind = 'at' | 'walk' | 'exc' | 'trap' | 's2' | 'mmu';
const TRACE_KINDS: readonly TraceKind[] = ['at', 'walk', 'exc', 'trap', 's2', 'mmu'];

export interface RunArgs {
  program: string;
  nested: boolean;
  policy: 'upstream' | 'patch-v6';
  /** Nested: L1's RAM at host PA = IPA + ipaOffset (the host's stage 2 for L1). */
  ipaOffset: number;
  /** Nested: shadow stage-2 MMUs per vCPU. */
  shadowMmus: number;
  el: 1 | 2;
  cpus: number;
  maxInsns: number;
  memoryMiB: number;
  trace: Set<TraceKind>;
  /** JSON-lines output for traces: undefined = text on stderr; '-' = JSON on stderr; else a file path. */
  json: string | undefined;
}

export function usage(): string {
  return [
    'usage: nvdbg run PROGRAM [--nested] [--policy upstream|patch-v6] [--el 1|2] [--cpus N]',
    '                 [--max-insns N] [--memory MIB] [--trace at,walk,exc,trap,s2,mmu] [--json[=FILE]]',
    '                 [--ipa-offset BYTES] [--shadow-mmus N]',
    '',
    '  PROGRAM    an AArch64 ELF64 executable (QEMU virt layout: RAM at 0x40000000)',
    '  stdout     exactly what the program prints (semihosting and the PL011 UART)',
    '  exit code  the program\'s SYS_EXIT code; 124 when --max-insns runs out;',
    '             2 for bad input; 3 for an engine limitation or internal error',
    '',
  ].join('\n');
}

function intArg(name: string, v: string | undefined, min: number, max: number): number {
  if (v === undefined) throw new UsageError(`${name} needs a value`);
  const n = /^0x[0-9a-f]+$/i.test(v) ? parseInt(v, 16) : /^[0-9_]+$/.test(v) ? Number(v.replace(/_/g, '')) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${name} must be an integer in ${min}..${max}, got '${v}'`);
  return n;
}

export function parseRunArgs(argv: string[]): RunArgs {
  const a: RunArgs = { program: '', nested: false, policy: 'upstream', ipaOffset: 0, shadowMmus: 2, el: 2, cpus: 1, maxInsns: 0, memoryMiB: 256, trace: new Set(), json: undefined };
  let program: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--nested': a.nested = true; break;
      case '--policy': {
        const v = value();
        if (v !== 'upstream' && v !== 'patch-v6') throw new UsageError(`--policy must be upstream or patch-v6, got '${v ?? ''}'`);
        a.policy = v;
        break;
      }
      case '--ipa-offset': {
        const v = intArg('--ipa-offset', value(), 0, 4 * 1024 * 1024 * 1024);
        if (v % (2 * 1024 * 1024) !== 0) throw new UsageError(`--ipa-offset must be a multiple of 2 MiB (0x200000), got 0x${v.toString(16)}`);
        a.ipaOffset = v;
        break;
      }
      case '--shadow-mmus': a.shadowMmus = intArg('--shadow-mmus', value(), 1, 16); break;
      case '--el': { const v = intArg('--el', value(), 1, 2); a.el = v === 1 ? 1 : 2; break; }
      case '--cpus': a.cpus = intArg('--cpus', value(), 1, 8); break;
      case '--max-insns': a.maxInsns = intArg('--max-insns', value(), 1, Number.MAX_SAFE_INTEGER); break;
      case '--memory': a.memoryMiB = intArg('--memory', value(), 1, 4096); break;
      case '--trace': {
        const v = value();
        if (v === undefined) throw new UsageError('--trace needs a list');
        for (const k of v.split(',').filter((s) => s !== '')) {
          if (!(TRACE_KINDS as readonly string[]).includes(k)) throw new UsageError(`unknown trace kind '${k}' (known: ${TRACE_KINDS.join(', ')})`);
          a.trace.add(k as TraceKind);
        }
        break;
      }
      case '--json': a.json = inline ?? '-'; break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option '${arg}'`);
        if (program !== undefined) throw new UsageError(`more than one program given ('${program}', '${arg}')`);
        program = arg;
    }
  }
  if (program === undefined) throw new UsageError('no PROGRAM given');
  a.program = program;
  return a;
}
