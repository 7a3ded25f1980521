// Launch arguments of the `nvdbg` debug type (DESIGN.md "Debug adapter") and
// their validation. The extension's launch.json schema is generated from this type.
import { DebugProtocol } from '@vscode/debugprotocol';

export interface NvdbgLaunchArgs extends DebugProtocol.LaunchRequestArguments {
  /** AArch64 ELF64 executable (QEMU virt layout) to run. */
  program: string;
  /** Run the program as a guest hypervisor at virtual EL2 under the host model. */
  nested?: boolean;
  /** Host model policy in nested mode. */
  policy?: 'upstream' | 'patch-v6';
  /** Nested mode: the host's stage 2 places the guest hypervisor's RAM at PA = IPA + this (bytes, multiple of 2 MiB). */
  ipaOffset?: number;
  /** Nested mode: shadow stage-2 MMUs per vCPU (KVM uses 2). */
  shadowMmusPerVcpu?: number;
  /** Exception level the program starts at (2 as QEMU virt with virtualization=on, or 1). */
  entryEl?: 1 | 2;
  /** Number of vCPUs (threads). */
  cpus?: number;
  /** Stop before the first instruction. */
  stopOnEntry?: boolean;
  /** RAM size in MiB. */
  memoryMiB?: number;
  /** Stop the run after this many instructions (0 = no limit). */
  maxInstructions?: number;
  /** ID register overrides (name -> hex value); reserved for the feature model. */
  cpuFeatures?: Record<string, string>;
}

export interface ValidLaunch {
  program: string; entryEl: 1 | 2; cpus: number; stopOnEntry: boolean; memoryMiB: number; maxInstructions: number;
  nested: boolean; policy: 'upstream' | 'patch-v6'; ipaOffset: number; shadowMmusPerVcpu: number;
}

/** Validate launch arguments; returns a user-facing message for the first problem. */
export function validateLaunch(a: Partial<NvdbgLaunchArgs> | undefined): ValidLaunch | string {
  if (a === undefined || a === null || typeof a !== 'object' || typeof a.program !== 'string' || a.program.trim() === '') return "'program' must be the path of an AArch64 ELF executable";
  if (a.nested !== undefined && typeof a.nested !== 'boolean') return "'nested' must be true or false";
  if (a.policy !== undefined && a.policy !== 'upstream' && a.policy !== 'patch-v6') return "'policy' must be 'upstream' or 'patch-v6'";
  if (a.entryEl !== undefined && a.entryEl !== 1 && a.entryEl !== 2) return "'entryEl' must be 1 or 2";
  if (a.nested === true && a.entryEl === 1) return "'nested' starts the program at virtual EL2: leave 'entryEl' out or set it to 2";
  if (a.policy !== undefined && a.nested !== true) return "'policy' selects the host model's AT emulation and needs \"nested\": true";
  if ((a.ipaOffset !== undefined || a.shadowMmusPerVcpu !== undefined) && a.nested !== true) return "'ipaOffset' and 'shadowMmusPerVcpu' configure the host model and need \"nested\": true";
  if (a.ipaOffset !== undefined && (typeof a.ipaOffset !== 'number' || !Number.isInteger(a.ipaOffset) || a.ipaOffset < 0 || a.ipaOffset > 2 ** 32 || a.ipaOffset % 0x200000 !== 0)) return "'ipaOffset' must be a multiple of 2 MiB (0x200000) in 0..4 GiB";
  if (a.shadowMmusPerVcpu !== undefined && (typeof a.shadowMmusPerVcpu !== 'number' || !Number.isInteger(a.shadowMmusPerVcpu) || a.shadowMmusPerVcpu < 1 || a.shadowMmusPerVcpu > 16)) return "'shadowMmusPerVcpu' must be an integer in 1..16";
  const int = (v: unknown, name: string, min: number, max: number): number | string => {
    if (v === undefined) return NaN;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return `'${name}' must be an integer in ${min}..${max}`;
    return v;
  };
  const cpus = int(a.cpus, 'cpus', 1, 8); if (typeof cpus === 'string') return cpus;
  const mem = int(a.memoryMiB, 'memoryMiB', 1, 4096); if (typeof mem === 'string') return mem;
  const max = int(a.maxInstructions, 'maxInstructions', 0, Number.MAX_SAFE_INTEGER); if (typeof max === 'string') return max;
  if (a.stopOnEntry !== undefined && typeof a.stopOnEntry !== 'boolean') return "'stopOnEntry' must be true or false";
  if (a.cpuFeatures !== undefined && (typeof a.cpuFeatures !== 'object' || a.cpuFeatures === null)) return "'cpuFeatures' must be an object of register name -> hex value";
  if (a.cpuFeatures !== undefined && Object.keys(a.cpuFeatures).length > 0) return "'cpuFeatures' overrides are not supported by this build yet";
  return {
    program: a.program, entryEl: a.entryEl ?? 2, cpus: Number.isNaN(cpus) ? 1 : cpus, stopOnEntry: a.stopOnEntry ?? false,
    memoryMiB: Number.isNaN(mem) ? 256 : mem, maxInstructions: Number.isNaN(max) ? 0 : max,
    nested: a.nested === true, policy: a.policy ?? 'upstream', ipaOffset: a.ipaOffset ?? 0, shadowMmusPerVcpu: a.shadowMmusPerVcpu ?? 2,
  };
}
