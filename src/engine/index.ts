// Public engine API for the CLI, the debug adapter and benchmarks.
export { Machine, VIRT_RAM_BASE, VIRT_UART_BASE } from './machine';
export type { MachineOptions, RunResult } from './machine';
export { parseElf, ElfError, symbolize } from './loader/elf';
export type { ElfImage } from './loader/elf';
