// The machine: QEMU `virt` with virtualization=on and `-cpu max` (no EL3):
// RAM at 0x40000000, PL011 at 0x09000000, semihosting, PSCI over SMC, N vCPUs
// scheduled round robin in fixed slices so every run is deterministic.
import { PhysicalMemory } from './memory/bus';
import { Pl011 } from './memory/pl011';
import { semihostingCall, SemihostEnv } from './memory/semihosting';
import { Pe, R } from './cpu/pe';
import { Core, CoreHost, Stop } from './isa/execute';
import { ExceptionRecord } from './cpu/exceptions';
import { ElfImage, checkSegmentsFit } from './loader/elf';
import { Mmu } from './mmu/mmu';
import { HostModel } from './host/host';
import { AtPolicy } from './host/events';

export const VIRT_RAM_BASE = 0x40000000;
export const VIRT_UART_BASE = 0x09000000;
/** Instructions per vCPU per scheduling slice. */
export const SLICE = 16384;

export interface MachineOptions {
  memoryMiB?: number;
  cpus?: number;
  /** Exception level the program starts at: 2 (QEMU virt with virtualization=on) or 1. */
  entryEl?: 1 | 2;
  /** Console output (semihosting and UART). */
  output: (bytes: Uint8Array) => void;
  /** Console input for SYS_READC; -1 at end of input. */
  input?: () => number;
  onException?: (r: ExceptionRecord) => void;
  onEret?: (cpu: number, fromEl: number, toEl: number) => void;
  /**
   * Nested mode: the program is a guest hypervisor started at virtual EL2 under the host
   * model (KVM/arm64 NV); `policy` chooses the host's AT emulation.
   */
  nested?: {
    readonly policy: AtPolicy;
    /** Host stage 2 for L1: L1's RAM at PA = IPA + ipaOffset (multiple of 2 MiB; 0 = identity). */
    readonly ipaOffset?: number;
    /** Shadow stage-2 MMUs per vCPU (default 2, as KVM). */
    readonly shadowMmusPerVcpu?: number;
  };
}

/** Host RAM reserved after the guest's RAM in nested mode (shadow stage-2 tables). */
export const HOST_RESERVE_MIB = 16;

export type RunResult =
  | { kind: 'exit'; code: number }
  | { kind: 'budget' }
  | { kind: 'halted'; message: string }
  | { kind: 'error'; message: string }
  | { kind: 'paused' }
  /** A vCPU stopped before an instruction breakpoint, or a listener requested a stop. */
  | { kind: 'breakpoint'; cpu: number }
  /** A store by `cpu` touched a watched physical range (stopped after that instruction). */
  | { kind: 'watchpoint'; cpu: number; pa: number; bytes: number; id: number }
  | { kind: 'stopped'; cpu: number };

/** PSCI function ids and return codes (Arm DEN0022). */
const PSCI = {
  VERSION: 0x84000000, CPU_SUSPEND: 0xc4000001, CPU_OFF: 0x84000002, CPU_ON: 0xc4000003, AFFINITY_INFO: 0xc4000004,
  MIGRATE_INFO_TYPE: 0x84000006, SYSTEM_OFF: 0x84000008, SYSTEM_RESET: 0x84000009, FEATURES: 0x8400000a,
} as const;
const PSCI_SUCCESS = 0, PSCI_NOT_SUPPORTED = -1, PSCI_INVALID_PARAMETERS = -2, PSCI_ALREADY_ON = -4;

export class Machine {
  readonly mem: PhysicalMemory;
  readonly pes: Pe[] = [];
  readonly cores: Core[] = [];
  /** Powered-on vCPUs (PSCI); secondaries wait for CPU_ON as on QEMU virt with -kernel. */
  readonly running: boolean[] = [];
  readonly entryEl: 1 | 2;
  /** Translation and AT/TLBI for every vCPU (stateless apart from hooks). */
  readonly mmu = new Mmu();
  private image: ElfImage | undefined;
  private exitCode: number | undefined;
  private errorMessage: string | undefined;
  private next = 0;
  private pendingReset = false;
  /** Suppresses guest output (time-travel replays must not print twice). */
  silent = false;
  /** The vCPU currently executing (for watchpoint hits reported by memory). */
  private currentCpu = 0;
  private watchHit: { cpu: number; pa: number; bytes: number; id: number } | undefined;
  /** Total instructions retired by all vCPUs. */
  instructions = 0;
  /** The host hypervisor model (nested mode only). */
  readonly host: HostModel | undefined;
  /** End of the RAM the program sees (nested mode reserves a host tail after it). */
  readonly guestRamEnd: number;
  /** Nested mode: where L1's RAM lives in host PA space (PA = IPA + ipaOffset). */
  readonly ipaOffset: number;

  constructor(readonly opts: MachineOptions) {
    const mib = opts.memoryMiB ?? 256;
    if (!Number.isInteger(mib) || mib < 1 || mib > 4096) throw new RangeError(`memory must be 1..4096 MiB, got ${mib}`);
    const cpus = opts.cpus ?? 1;
    if (!Number.isInteger(cpus) || cpus < 1 || cpus > 8) throw new RangeError(`cpus must be 1..8, got ${cpus}`);
    this.entryEl = opts.entryEl ?? 2;
    const nested = opts.nested !== undefined;
    const off = opts.nested?.ipaOffset ?? 0;
    if (!Number.isInteger(off) || off < 0 || off % (2 * 1024 * 1024) !== 0 || off > 4 * 1024 * 1024 * 1024) throw new RangeError(`the IPA offset must be a multiple of 2 MiB in 0..4 GiB, got 0x${off.toString(16)}`);
    const per = opts.nested?.shadowMmusPerVcpu ?? 2;
    if (!Number.isInteger(per) || per < 1 || per > 16) throw new RangeError(`shadow MMUs per vCPU must be 1..16, got ${per}`);
    this.ipaOffset = off;
    this.mem = new PhysicalMemory(VIRT_RAM_BASE, off + (mib + (nested ? HOST_RESERVE_MIB : 0)) * 1024 * 1024);
    this.guestRamEnd = VIRT_RAM_BASE + mib * 1024 * 1024;
    if (nested && opts.entryEl === 1) throw new RangeError('nested mode starts the guest hypervisor at virtual EL2: entryEl must be 2');
    this.mem.addDevice(new Pl011(VIRT_UART_BASE, (b) => { if (!this.silent) opts.output(Uint8Array.of(b)); }));
    const host: CoreHost = {
      semihosting: (core) => semihostingCall(core, this.semihostEnv),
      psci: (core) => this.psci(core),
      onException: opts.onException,
      onEret: opts.onEret,
      intercept: nested ? (core, t, ec, iss, rl, rh, fv, fl, fh) => (this.host as HostModel).intercept(core, t, ec, iss, rl, rh, fv, fl, fh) : undefined,
    };
    for (let i = 0; i < cpus; i++) {
      const pe = new Pe(i);
      this.pes.push(pe);
      const core = new Core(pe, this.mem, host, this.mmu);
      core.sysHooks = this.mmu;
      this.cores.push(core);
      this.running.push(false);
    }
    this.mmu.cores = this.cores;
    this.host = opts.nested !== undefined
      ? new HostModel(this.mem, this.cores, {
        policy: opts.nested.policy, hostBase: this.guestRamEnd + off, hostSize: HOST_RESERVE_MIB * 1024 * 1024,
        ipaOffset: off, guestRamSize: mib * 1024 * 1024, mmusPerVcpu: per,
      })
      : undefined;
    if (this.host !== undefined) {
      const h = this.host;
      this.mmu.viewOf = (core) => h.viewOf(core);
      this.mmu.viewMem = h.l1mem;
      this.mmu.viewToPa = (pa) => h.l1PaToHost(pa);
    }
    this.mem.onWatch = (pa, bytes, id) => {
      this.watchHit = { cpu: this.currentCpu, pa, bytes, id };
      this.cores[this.currentCpu].requestStop();
    };
  }

  private readonly semihostEnv: SemihostEnv = {
    write: (b) => { if (!this.silent) this.opts.output(b); },
    readChar: () => (this.opts.input ? this.opts.input() : -1),
    heapInfo: () => {
      // Heap from the end of the loaded image to the top of RAM, stack at the top (as QEMU's semihosting does).
      let end = this.mem.ramBase;
      for (const s of this.image?.segments ?? []) end = Math.max(end, s.paddr + s.memsz);
      end = Math.ceil(end / 16) * 16;
      return [end, this.guestRamEnd, this.guestRamEnd, end];
    },
    exit: (code) => { this.exitCode = code; },
    error: (m) => { this.errorMessage = m; },
  };

  /** Load an ELF image: PT_LOAD segments at their physical addresses, entry on vCPU 0. Throws ElfError. */
  load(image: ElfImage, file: string): void {
    checkSegmentsFit(image, [{ base: this.mem.ramBase, size: this.guestRamEnd - this.mem.ramBase }], file);
    this.image = image;
    this.reset();
  }

  /** Power-on reset: clear RAM, reload segments, vCPU 0 at the entry point. */
  reset(): void {
    if (this.mem.ramTouched) this.mem.ram.fill(0);
    this.mem.ramTouched = true;
    for (const c of this.mem.codePages) c?.fill(0);
    for (const s of this.image?.segments ?? []) this.mem.writeBytes(s.paddr + this.ipaOffset, s.data);
    this.pes.forEach((pe, i) => {
      pe.reset(this.entryEl);
      this.running[i] = i === 0;
      this.cores[i].contextChanged();
    });
    const e = this.image?.entry ?? BigInt(VIRT_RAM_BASE);
    this.pes[0].pcLo = Number(e & 0xffffffffn) | 0;
    this.pes[0].pcHi = Number(e >> 32n) | 0;
    this.host?.reset();
    if (this.entryEl === 1) {
      // Starting at EL1 as if EL2 had set up a plain AArch64 EL1 (HCR_EL2.RW = 1).
      for (const pe of this.pes) pe.sys.set(R.HCR_EL2, 0, 0), pe.sys.write(R.HCR_EL2, 1 << 31, 0);
    }
    this.exitCode = undefined;
    this.errorMessage = undefined;
    this.instructions = 0;
    this.next = 0;
  }

  /**
   * Run until the program exits, an error occurs, or `budget` instructions
   * (over all vCPUs) have retired. `shouldPause` is polled between slices.
   */
  run(budget: number, shouldPause?: () => boolean): RunResult {
    let left = budget;
    const n = this.pes.length;
    while (left > 0) {
      if (shouldPause !== undefined && shouldPause()) return { kind: 'paused' };
      let anyRunning = false;
      for (let k = 0; k < n && left > 0; k++) {
        const i = (this.next + k) % n;
        if (!this.running[i]) continue;
        const pe = this.pes[i];
        if (pe.halted) continue;
        anyRunning = true;
        const core = this.cores[i];
        this.currentCpu = i;
        const stop = core.run(Math.min(SLICE, left));
        left -= core.executed;
        this.instructions += core.executed;
        if (stop === Stop.EXIT) return { kind: 'exit', code: this.exitCode ?? 0 };
        if (stop === Stop.ERROR) return { kind: 'error', message: this.errorMessage ?? core.stopMessage };
        if (stop === Stop.BREAKPOINT) { this.next = i; return { kind: 'breakpoint', cpu: i }; }
        if (stop === Stop.HOOK && !this.pendingReset) {
          this.next = i;
          const w = this.watchHit;
          this.watchHit = undefined;
          return w !== undefined ? { kind: 'watchpoint', ...w } : { kind: 'stopped', cpu: i };
        }
        if (this.pendingReset) { const done = this.instructions; this.reset(); this.instructions = done; break; }
      }
      this.next = (this.next + 1) % n;
      if (!anyRunning) {
        return { kind: 'halted', message: 'every vCPU is waiting in WFI or powered off, and nothing can wake it (no interrupt sources are modelled)' };
      }
    }
    return { kind: 'budget' };
  }

  /** Round-robin position (for snapshots). */
  schedulerPosition(): number { return this.next; }
  /** Restore the instruction count and round-robin position of a snapshot. */
  restoreSchedule(instructions: number, next: number): void {
    this.instructions = instructions; this.next = next; this.exitCode = undefined; this.errorMessage = undefined; this.watchHit = undefined;
  }

  /** Execute one instruction on vCPU `cpu` only (debugger stepping); the others stay frozen. */
  stepCpu(cpu: number): RunResult {
    const core = this.cores[cpu];
    core.skipBreakpointOnce = true;
    this.currentCpu = cpu;
    const stop = core.run(1);
    this.instructions += core.executed;
    // A stop requested by this instruction (watchpoint, exception filter) is the step's own stop.
    core.clearStopRequest();
    this.watchHit = undefined;
    if (stop === Stop.EXIT) return { kind: 'exit', code: this.exitCode ?? 0 };
    if (stop === Stop.ERROR) return { kind: 'error', message: this.errorMessage ?? core.stopMessage };
    if (this.pendingReset) { const done = this.instructions; this.reset(); this.instructions = done; }
    return { kind: 'budget' };
  }

  /** PSCI over SMC (QEMU virt: conduit SMC when EL2 is the highest EL). */
  private psci(core: Core): Stop | undefined {
    const x = core.x;
    const fn = x[0] >>> 0;
    // QEMU 7.2 with the SMC conduit treats every SMC as a PSCI call: unknown functions return NOT_SUPPORTED.
    const ret = (v: number): undefined => { x[0] = v; x[1] = v < 0 ? -1 : 0; return undefined; };
    switch (fn) {
      case PSCI.VERSION: return ret(0x10001); // PSCI 1.1
      case PSCI.MIGRATE_INFO_TYPE: return ret(2); // no Trusted OS
      case PSCI.FEATURES: {
        const q = x[2] >>> 0;
        return ret(Object.values(PSCI).includes(q as never) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED);
      }
      case PSCI.SYSTEM_OFF: this.exitCode = 0; return Stop.EXIT;
      case PSCI.SYSTEM_RESET:
        // QEMU resets the machine and boots the program again; nvdbg does the same, between slices.
        this.pendingReset = true;
        return Stop.HOOK;
      case PSCI.CPU_OFF: core.pe.halted = true; this.running[core.pe.index] = false; return Stop.WFI;
      case PSCI.CPU_SUSPEND: return ret(PSCI_SUCCESS);
      case PSCI.AFFINITY_INFO: {
        const t = this.byMpidr(x[2]);
        if (t < 0) return ret(PSCI_INVALID_PARAMETERS);
        return ret(this.running[t] ? 0 : 1);
      }
      case PSCI.CPU_ON: {
        const t = this.byMpidr(x[2]);
        if (t < 0) return ret(PSCI_INVALID_PARAMETERS);
        if (this.running[t]) return ret(PSCI_ALREADY_ON);
        // The target starts at the caller's EL, MMU off, X0 = context id (QEMU arm_set_cpu_on).
        const pe = this.pes[t];
        pe.reset(core.pe.el);
        if (this.entryEl === 1) pe.sys.write(R.HCR_EL2, 1 << 31, 0);
        // Nested: the new vCPU starts at virtual EL2 like its caller (kvm_psci_vcpu_on + kvm_reset_vcpu).
        if (this.host !== undefined) this.host.resetVcpu(t);
        pe.pcLo = x[4]; pe.pcHi = x[5];
        pe.x[0] = x[6]; pe.x[1] = x[7];
        this.running[t] = true;
        this.cores[t].contextChanged();
        return ret(PSCI_SUCCESS);
      }
      default: return ret(PSCI_NOT_SUPPORTED);
    }
  }

  private byMpidr(aff: number): number {
    const i = aff & 0xff;
    return (aff & 0x00ffff00) === 0 && i < this.pes.length ? i : -1;
  }
}
