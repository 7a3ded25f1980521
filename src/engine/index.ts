// Public engine API for the CLI, the debug adapter and benchmarks.
export { Machine, VIRT_RAM_BASE, VIRT_UART_BASE } from './machine';
export type { MachineOptions, RunResult } from './machine';
export { parseElf, ElfError, symbolize } from './loader/elf';
export type { ElfImage } from './loader/elf';
export { AArch64_FullTranslate, AccessKind } from './mmu/translate';
export type { Translation, AccessDesc } from './mmu/translate';
export { Regime, REGIME_NAMES } from './mmu/types';
export type { WalkTrace, WalkStep, WalkFault } from './mmu/types';
export { sysRegIndex } from './cpu/sysregs/file';
export { R } from './cpu/pe';
export { AArch64_S1Walk, AArch64_S2Walk, emptyTrace } from './mmu/walk';
export { s1Setup, s2Setup } from './mmu/params';
export { assemble, timeAssemble, benchmarkSource, formatDiagnostic } from './isa/asm';
export { disassemble } from './isa/disasm';
// Tables the extension's generators and language server read (grammar, completion, hover).
export { ENCODINGS } from './isa/encodings';
export { SYSREG_DEFS } from './cpu/sysregs/registry';
export { sysOpNames } from './cpu/sysaccess';
