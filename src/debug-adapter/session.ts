// The nvdbg debug session: DAP requests <-> the engine. The emulator runs in
// slices on the event loop, so `pause` and every other request are answered
// between slices (perf-anchors §3c). Guest faults are events, never errors;
// bad requests get error responses with a message the user can act on.
import * as fs from 'fs';
import * as nodePath from 'path';
import {
  LoggingDebugSession, InitializedEvent, StoppedEvent, TerminatedEvent, ExitedEvent, OutputEvent, Thread, StackFrame,
  Scope, InvalidatedEvent, Source, Breakpoint, ProgressStartEvent, ProgressUpdateEvent, ProgressEndEvent, MemoryEvent,
} from '@vscode/debugadapter';
import { DebugProtocol } from '@vscode/debugprotocol';
import { Machine, RunResult } from '../engine/machine';
import { parseElf, ElfError, ElfImage, symbolize } from '../engine/loader/elf';
import { ExceptionRecord } from '../engine/cpu/exceptions';
import { describeException } from '../engine/cpu/describe';
import { AtRecord } from '../engine/mmu/mmu';
import { hex16 } from '../engine/util/u64';
import { NvdbgLaunchArgs, validateLaunch, ValidLaunch } from './launch';
import { Variables } from './variables';
import { evaluateExpression, RegViewer } from './evaluate';
import { viewSysReg, viewSysRegIn, setSysReg, replaceField } from '../engine/debug/sysview';
import { R } from '../engine/cpu/pe';
import { sysRegByName } from '../engine/cpu/sysregs/registry';
import { sysRegIndex, sysRegCount } from '../engine/cpu/sysregs/file';
import { EL1_EL2_PAIRS } from '../engine/host/vcpu';
import { parseMemoryReference } from './memref';
import { replCommand, REPL_COMMANDS } from './repl';
import { translateRequest, pageTableRequest } from './custom';
import { TranslateArguments, PageTableArguments, AtWalksArguments, AtWalksResponseBody, AtWalkJson, RegimeName } from './protocol';
import { walkJson } from './custom';
import { describePar } from '../engine/mmu/format';
import { REGIME_NAMES } from '../engine/mmu/types';
import { filtersOf, conditionFields, describeHostEvent, shadowMmusBody, CondValue } from './nested';
import { resolveIpa } from './custom';
import type { HostEvent, AtEmulation } from '../engine/host/events';
import { disassemble } from '../engine/isa/disasm';
import { decodeRow } from '../engine/isa/decoder';
import { History } from '../engine/debug/history';
import { assemble, formatDiagnostic, LineEntry } from '../engine/isa/asm';
import { writeElf } from '../engine/loader/elf-writer';
import { parseDebugLine, DwarfError } from '../engine/loader/dwarf-line';
import { CProgram, CFrame } from './c-source';

/** Instructions per slice between checks for pause and pending requests (~ms at 50+ MIPS). */
const SLICE_INSNS = 200_000;
/** Instructions per slice of a reverse-continue search, and the snapshot spacing it leaves behind. */
const REPLAY_SLICE = 2_000_000;
const SNAPSHOT_EVERY = 20_000_000;
/** AT emulations kept for the `AT Walks` scope. */
export const AT_HISTORY = 64;

export const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'exception', label: 'Exceptions taken by guest code', default: false, supportsCondition: true, conditionDescription: 'e.g. ec == 0x24 or toEl == 2' },
  { filter: 'at-trap', label: 'AT trapped to the host (nested)', default: false, supportsCondition: true },
  { filter: 'at-forward', label: 'AT forwarded to L1 vEL2 (nested)', default: false, supportsCondition: true },
  { filter: 'at-divergence', label: 'AT result differs from the architecture (nested)', default: false, supportsCondition: true },
  { filter: 's2-fault', label: 'Stage-2 fault', default: false, supportsCondition: true },
  { filter: 'sysreg-trap', label: 'System register trap (nested)', default: false, supportsCondition: true },
  { filter: 'tlbi', label: 'TLB maintenance', default: false, supportsCondition: true },
  { filter: 'shadow-mmu', label: 'Shadow stage-2 MMU allocate/evict/unmap (nested)', default: false, supportsCondition: true },
  { filter: 'eret', label: 'Exception return', default: false, supportsCondition: true },
];

export class NvdbgSession extends LoggingDebugSession {
  private machine: Machine | undefined;
  private image: ElfImage | undefined;
  private sym: ((addr: bigint) => { name: string; offset: bigint } | undefined) | undefined;
  private cfg: ValidLaunch | undefined;
  private configured = false;
  private configuredWaiters: (() => void)[] = [];
  private running = false;
  private pauseRequested = false;
  private terminated = false;
  private readonly vars = new Variables();
  private readonly atWalks: AtRecord[] = [];
  /** Nested mode: the host's AT emulations, newest last (the `AT Walks` scope shows both kinds). */
  private readonly atEmulations: AtEmulation[] = [];
  /** Enabled exception filters by id, with their conditions. */
  private filters = new Map<string, string | undefined>();
  /** Stop reason for a pending stop other than 'exception' (data breakpoints on system registers). */
  private pendingReason: string | undefined;
  /** Watched system registers: registry index -> the name the user asked for. */
  private sysregWatches = new Map<number, string>();
  /** Nested mode: EL1 register index -> watched EL2 register it means at vEL2 with virtual E2H = 1. */
  private e2hAliasWatches = new Map<number, string>();
  /** The client shows progress events (initialize.supportsProgressReporting). */
  private clientProgress = false;
  /** progressId of a long operation in flight and whether the user cancelled it. */
  private progress: { id: string; cancelled: boolean } | undefined;
  /** The host event behind the current stop, for exceptionInfo. */
  private lastHostEvent: HostEvent | undefined;
  /** Description of a stop requested by an event hook other than the exception filter. */
  private pendingStop: string | undefined;
  private lastException: ExceptionRecord | undefined;
  private instructionBps: DebugProtocol.InstructionBreakpoint[] = [];
  private functionBps: [number, number][] = [];
  /** Conditions and hit counts by breakpoint address ('lo:hi'). */
  private bpSpecs = new Map<string, { condition?: string; hitCondition?: string; logMessage?: string; hits: number }>();
  private history: History | undefined;
  /** Address -> source line from the built-in assembler (sorted by address); empty for ELF programs. */
  private lines: LineEntry[] = [];
  private sourceBps: [number, number][] = [];

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected initializeRequest(response: DebugProtocol.InitializeResponse, args?: DebugProtocol.InitializeRequestArguments): void {
    this.clientProgress = args?.supportsProgressReporting === true;
    response.body = {
      supportsCancelRequest: true,                  // cancels a long reverse continue (progress events)
      supportsConfigurationDoneRequest: true,
      supportsInstructionBreakpoints: true,         // Disassembly view gutter
      supportsFunctionBreakpoints: true,            // break on ELF symbols
      supportsSteppingGranularity: true,
      supportsReadMemoryRequest: true,              // memory view on pa:/va: references
      supportsEvaluateForHovers: true,              // PAR_EL1, HCR_EL2.NV, [x1, #8]
      supportsValueFormattingOptions: true,
      supportsExceptionInfoRequest: true,
      supportsExceptionFilterOptions: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
      supportsTerminateRequest: true,
      supportsDisassembleRequest: true,             // Disassembly view (objdump syntax)
      supportsDataBreakpoints: true,                // break when a descriptor (or any memory) is written
      supportsStepBack: true,
      supportsGotoTargetsRequest: true,             // set the PC to a source line (assembly programs)
      supportsWriteMemoryRequest: true,             // memory view edits on pa:/ipa:/va: references
      supportsSetExpression: true,                  // watch edits: x0, HCR_EL2, HCR_EL2.VM, [x1, #8]
      supportsSetVariable: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsCompletionsRequest: true,             // REPL: walk, at, s2, tlb, register names                    // edit registers, system registers and fields                       // snapshots + deterministic replay (single vCPU)
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured = true;
    for (const w of this.configuredWaiters.splice(0)) w();
    this.sendResponse(response);
  }

  protected async launchRequest(response: DebugProtocol.LaunchResponse, args: NvdbgLaunchArgs): Promise<void> {
    const v = validateLaunch(args);
    if (typeof v === 'string') { this.sendErrorResponse(response, 1001, `nvdbg: ${v}`); return; }
    let bytes: Uint8Array;
    try { bytes = fs.readFileSync(v.program); } catch (e) {
      this.sendErrorResponse(response, 1002, `nvdbg: cannot read ${v.program}: ${(e as Error).message}`); return;
    }
    if (/\.(S|s|asm)$/.test(v.program)) {
      // Assembly source: the built-in assembler (GNU as dialect) builds it and gives the line map.
      const read = (p: string): string | undefined => { try { return fs.readFileSync(p, 'latin1'); } catch { return undefined; } };
      const r = assemble({ read }, nodePath.resolve(v.program));
      if (!r.ok) {
        const msgs = r.diagnostics.map(formatDiagnostic);
        this.sendEvent(new OutputEvent(msgs.join('\n') + '\n', 'stderr'));
        this.sendErrorResponse(response, 1004, `nvdbg: ${msgs.slice(0, 3).join('; ')}${msgs.length > 3 ? ` (+${msgs.length - 3} more)` : ''}`);
        return;
      }
      bytes = writeElf(r.image, r.symbols, r.entry);
      this.lines = [...r.lineMap];
    }
    try {
      const image = parseElf(bytes, v.program);
      if (this.lines.length === 0) this.lines = this.dwarfLines(image, v.program);
      this.cprog = CProgram.load(image);
      for (const p of this.cprog?.problems ?? []) this.sendEvent(new OutputEvent(`nvdbg: ${v.program}: ${p}\n`, 'stderr'));
      const m = new Machine({
        memoryMiB: v.memoryMiB, cpus: v.cpus, entryEl: v.entryEl, nested: v.nested ? { policy: v.policy, ipaOffset: v.ipaOffset, shadowMmusPerVcpu: v.shadowMmusPerVcpu } : undefined,
        output: (b) => this.sendEvent(new OutputEvent(Buffer.from(b).toString('latin1'), 'stdout')),
        onException: (r) => this.onException(r),
        onEret: (cpu, fromEl, toEl) => this.onEret(cpu, fromEl, toEl),
      });
      m.load(image, v.program);
      m.mmu.onAt = (r) => { if (this.history?.replaying === true) return; this.atWalks.push(r); if (this.atWalks.length > AT_HISTORY) this.atWalks.shift(); };
      if (m.host !== undefined) m.host.onEvent = (e, core) => this.onHostEvent(e, core.pe.index);
      this.machine = m; this.image = image; this.sym = symbolize(image); this.cfg = v;
      this.history = new History(m);
      this.history.snapshot(); // the start of time, even for a client that never sends configurationDone
      this.applyBreakpoints();
    } catch (e) {
      const msg = e instanceof ElfError || e instanceof RangeError ? e.message : `internal error: ${(e as Error).stack ?? e}`;
      this.sendErrorResponse(response, 1003, `nvdbg: ${msg}`);
      return;
    }
    this.sendResponse(response);
    if (!this.configured) await new Promise<void>((r) => this.configuredWaiters.push(r));
    this.history?.snapshot(); // the start of time for step back / reverse continue
    if (v.stopOnEntry) this.stopped('entry', 0); else this.resume();
  }

  // ---- execution ---------------------------------------------------------

  /** Exceptions taken and not yet returned from, per vCPU: the exception-level frames of the stack. */
  private liveExceptions: ExceptionRecord[][] = [];

  private onEret(cpu: number, fromEl: number, toEl: number): void {
    const live = this.liveExceptions[cpu];
    if (live !== undefined && live.length > 0 && live[live.length - 1].toEl === fromEl) live.pop();
    if (this.filters.has('eret') && this.history?.replaying !== true) {
      const cond = this.filters.get('eret');
      if (cond !== undefined && !conditionHolds(cond, { cpu, fromEl, toEl })) return;
      this.pendingStop = `ERET from ${this.machine?.host !== undefined && fromEl === 2 ? 'vEL2' : `EL${fromEl}`} to EL${toEl}`;
      this.lastHostEvent = undefined;
      this.machine?.cores[cpu].requestStop();
    }
  }

  /** A watched system register was written: stop after the instruction (data breakpoint). */
  private onSysregWrite(cpu: number, idx: number): void {
    if (this.history?.replaying === true || this.machine === undefined) return;
    // An EL1 name means the EL2 register while the guest hypervisor runs with virtual E2H = 1.
    const v = this.machine.host?.vcpus[cpu];
    const redirected = v !== undefined && v.ctx === 0 && v.e2h && EL1_EL2_PAIRS.some(([e1]) => e1 === idx);
    const name = redirected ? this.e2hAliasWatches.get(idx) : this.sysregWatches.get(idx);
    if (name === undefined) return;
    const view = this.regViewer(cpu)(name);
    this.pendingStop = `cpu${cpu} wrote ${name}${view !== undefined ? ` = 0x${hex16(view.lo, view.hi)}` : ''}`;
    this.pendingReason = 'data breakpoint';
    this.lastHostEvent = undefined;
    this.machine.cores[cpu].requestStop();
  }

  /** System registers as the user sees them: the PE's, or in nested mode the guest's (virtual EL2, L2's EL1). */
  private regViewer(cpu: number): RegViewer {
    const m = this.machine;
    const core = m?.cores[cpu];
    if (m === undefined || core === undefined) return () => undefined;
    if (m.host === undefined) return (n) => viewSysReg(core, n);
    const host = m.host;
    return (n) => {
      const view = host.viewOf(core);
      return viewSysRegIn(view.sys, view.sys.hi(R.HCR_EL2), view.sys.lo(R.HCR_EL2), n) ?? viewSysReg(core, n);
    };
  }

  /** Nested mode: a host model event; records AT emulations and stops when a filter (and its condition) matches. */
  private onHostEvent(e: HostEvent, cpu: number): void {
    if (this.history?.replaying === true) return;
    if (e.kind === 'at') { this.atEmulations.push(e); if (this.atEmulations.length > AT_HISTORY) this.atEmulations.shift(); }
    for (const id of filtersOf(e)) {
      if (!this.filters.has(id)) continue;
      const cond = this.filters.get(id);
      if (cond !== undefined && !conditionHolds(cond, conditionFields(e))) continue;
      this.pendingStop = describeHostEvent(e);
      this.lastHostEvent = e;
      this.machine?.cores[cpu].requestStop();
      return;
    }
  }

  private onException(r: ExceptionRecord): void {
    const live = (this.liveExceptions[r.cpu] ??= []);
    live.push(r);
    if (live.length > 64) live.shift(); // handlers that never return (they exit or loop)
    if (this.history?.replaying === true) return;
    this.lastException = r;
    this.pendingStop = undefined;
    this.lastHostEvent = undefined;
    if (this.machine === undefined) return;
    const fields = { ec: r.ec, esr: r.esr >>> 0, fromEl: r.fromEl, toEl: r.toEl, cpu: r.cpu };
    // Bare mode: a stage-2 abort taken to EL2 is the s2-fault event (nested mode reports the host's view instead).
    const s2 = this.machine.host === undefined && r.toEl === 2 && (r.ec === 0x20 || r.ec === 0x24) && ((r.esr & 0x3f) <= 0x0f || (r.esr & 0x3f) === 0x29 || (r.esr & 0x3f) === 0x2b);
    const hit = (id: string): boolean => this.filters.has(id) && (this.filters.get(id) === undefined || conditionHolds(this.filters.get(id) as string, fields));
    if (hit('exception') || (s2 && hit('s2-fault'))) this.machine.cores[r.cpu].requestStop();
  }

  /** Run in slices until a stop; each slice yields to the event loop so requests are served. */
  private resume(): void {
    const m = this.machine;
    if (m === undefined || this.running || this.terminated) return;
    this.running = true;
    this.pauseRequested = false;
    for (const c of m.cores) c.skipBreakpointOnce = true;
    this.vars.reset();
    const slice = (): void => {
      if (this.terminated) return;
      const limit = this.cfg?.maxInstructions ?? 0;
      const budget = limit > 0 ? Math.min(SLICE_INSNS, limit - m.instructions) : SLICE_INSNS;
      if (budget <= 0) { this.stopped('pause', 0, `instruction budget of ${limit} exhausted`); return; }
      let r: RunResult;
      try {
        r = m.run(budget, () => this.pauseRequested);
      } catch (e) {
        this.running = false;
        this.sendEvent(new OutputEvent(`nvdbg internal error: ${(e as Error).stack ?? e}\n`, 'stderr'));
        this.stopped('exception', 0, 'internal error in the emulator (see the debug console)');
        return;
      }
      switch (r.kind) {
        case 'budget': if (this.pauseRequested) { this.stopped('pause', 0); return; } setImmediate(slice); return;
        case 'paused': this.stopped('pause', 0); return;
        case 'breakpoint': {
          const tb = this.temporaryBreak, pe = m.pes[r.cpu];
          if (this.stepOverCpu === r.cpu && tb !== undefined && pe.pcLo === tb[0] && pe.pcHi === tb[1]) {
            this.stepOverCpu = undefined;
            this.stopped('step', r.cpu);
            return;
          }
          const why = this.breakpointVerdict(r.cpu);
          if (why === 'continue') { m.cores[r.cpu].skipBreakpointOnce = true; setImmediate(slice); return; }
          this.stopped('breakpoint', r.cpu, why);
          return;
        }
        case 'watchpoint': this.stopped('data breakpoint', r.cpu, `cpu${r.cpu} wrote ${r.bytes} byte${r.bytes === 1 ? '' : 's'} at pa:0x${r.pa.toString(16)}`); return;
        case 'stopped': {
          const e = this.lastException, p = this.pendingStop, why = this.pendingReason;
          this.pendingStop = undefined; this.pendingReason = undefined;
          this.stopped(why ?? 'exception', r.cpu, p ?? (e !== undefined ? `${describeException(e.ec, e.esr)} (EL${e.fromEl} -> EL${e.toEl})` : undefined));
          return;
        }
        case 'exit': this.running = false; this.sendEvent(new ExitedEvent(r.code)); this.terminate(); return;
        case 'halted': case 'error':
          this.sendEvent(new OutputEvent(`nvdbg: ${r.message}\n`, 'stderr'));
          this.stopped('exception', 0, r.message);
          return;
      }
    };
    setImmediate(slice);
  }

  private stopped(reason: string, cpu: number, description?: string): void {
    this.running = false;
    this.stepOverCpu = undefined;
    this.history?.snapshot();
    if (this.temporaryBreak !== undefined) { this.temporaryBreak = undefined; this.applyBreakpoints(); }
    const ev = new StoppedEvent(reason, cpu) as DebugProtocol.StoppedEvent;
    ev.body.allThreadsStopped = true;
    if (description !== undefined) { ev.body.description = description; ev.body.text = description; }
    this.sendEvent(ev);
  }

  private terminate(): void {
    if (this.terminated) return;
    this.terminated = true;
    this.sendEvent(new TerminatedEvent());
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.resume();
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.pauseRequested = true;
    if (this.progress !== undefined) this.progress.cancelled = true; // a reverse-continue search in flight
    this.sendResponse(response);
    if (!this.running) this.stopped('pause', 0);
  }

  /**
   * Step the thread's vCPU: one instruction, or, with a line map and line granularity, until the
   * source line changes (at most 100 000 instructions, e.g. through a loop on one line).
   */
  private step(response: DebugProtocol.Response, threadId: number | undefined, granularity?: DebugProtocol.SteppingGranularity, over = false): void {
    const cpu = this.threadIndex(threadId);
    const m = this.machine;
    if (cpu === undefined || m === undefined) { this.sendErrorResponse(response, 1010, `nvdbg: no such thread ${threadId}`); return; }
    if (this.running) { this.sendErrorResponse(response, 1011, 'nvdbg: the program is running; pause first'); return; }
    this.sendResponse(response);
    this.vars.reset();
    const pe = m.pes[cpu];
    const start = granularity === 'instruction' ? undefined : this.lineOf(pe.pcLo, pe.pcHi);
    // Step over: a call inside the line runs to its return (bounded), so the step stays in this function.
    const one = (): RunResult => {
      if (!over || start === undefined) return m.stepCpu(cpu);
      const b = m.cores[cpu].readVirtual(pe.pcLo, pe.pcHi, 4);
      const row = b === undefined ? undefined : decodeRow((b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0);
      if (row === undefined || (row.id !== 'BL' && row.id !== 'BLR')) return m.stepCpu(cpu);
      const retLo = ((pe.pcLo >>> 0) + 4) | 0, spLo = pe.x[64];
      let rr = m.stepCpu(cpu);
      for (let n = 0; rr.kind === 'budget' && n < 5_000_000 && !(pe.pcLo === retLo && pe.x[64] === spLo); n++) rr = m.stepCpu(cpu);
      return rr;
    };
    let r = one();
    for (let i = 0; start !== undefined && r.kind === 'budget' && i < 100_000; i++) {
      const now = this.lineOf(pe.pcLo, pe.pcHi);
      if (now === undefined || now.line !== start.line || now.file !== start.file) break;
      r = one();
    }
    if (r.kind === 'exit') { this.sendEvent(new ExitedEvent(r.code)); this.terminate(); return; }
    if (r.kind === 'error') { this.sendEvent(new OutputEvent(`nvdbg: ${r.message}\n`, 'stderr')); this.stopped('exception', cpu, r.message); return; }
    this.stopped('step', cpu);
  }

  /** Step over: a BL/BLR runs until it returns (a temporary breakpoint at the return address); else a step. */
  protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    const cpu = this.threadIndex(args.threadId);
    const m = this.machine;
    if (cpu !== undefined && m !== undefined && !this.running) {
      const pe = m.pes[cpu];
      const b = m.cores[cpu].readVirtual(pe.pcLo, pe.pcHi, 4);
      const row = b === undefined ? undefined : decodeRow((b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0);
      // Instruction stepping over a call runs it freely to its return (a temporary breakpoint); line
      // stepping handles calls inside step() so the step ends on the next line.
      const lineStep = args.granularity !== 'instruction' && this.lineOf(pe.pcLo, pe.pcHi) !== undefined;
      if (!lineStep && row !== undefined && (row.id === 'BL' || row.id === 'BLR')) {
        const t = (pe.pcLo >>> 0) + 4;
        this.temporaryBreak = [t | 0, (pe.pcHi + (t > 0xffffffff ? 1 : 0)) | 0];
        this.stepOverCpu = cpu;
        this.applyBreakpoints();
        this.sendResponse(response);
        this.resume();
        return;
      }
    }
    this.step(response, args.threadId, args.granularity, true);
  }

  /** The vCPU whose step over a call is in progress (its temporary breakpoint reports as a step). */
  private stepOverCpu: number | undefined;
  protected stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void { this.step(response, args.threadId, args.granularity); }

  /** Step out: run until the PC reaches the current link register (x30). */
  protected stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    const cpu = this.threadIndex(args.threadId);
    const m = this.machine;
    if (cpu === undefined || m === undefined) { this.sendErrorResponse(response, 1010, `nvdbg: no such thread ${args.threadId}`); return; }
    const x = m.pes[cpu].x;
    this.temporaryBreak = [x[60], x[61]];
    this.applyBreakpoints();
    this.sendResponse(response);
    this.resume();
  }

  private temporaryBreak: [number, number] | undefined;

  /** Step back one instruction: restore the last snapshot before it and replay (single vCPU). */
  protected stepBackRequest(response: DebugProtocol.StepBackResponse, args: DebugProtocol.StepBackArguments): void {
    const m = this.machine, h = this.history;
    if (m === undefined || h === undefined || this.running) { this.sendErrorResponse(response, 1080, 'nvdbg: not stopped'); return; }
    if (m.pes.length !== 1) { this.sendErrorResponse(response, 1081, 'nvdbg: reverse execution supports one vCPU in this build'); return; }
    if (m.instructions === 0) { this.sendErrorResponse(response, 1082, 'nvdbg: already at the first instruction'); return; }
    this.sendResponse(response);
    this.vars.reset();
    if (!h.goBackTo(m.instructions - 1)) { this.stopped('exception', args.threadId ?? 0, 'could not replay to the previous instruction'); return; }
    this.stopped('step', 0);
  }

  /**
   * Run backwards to the most recent instruction breakpoint hit (or the start): replay from
   * the start in slices, noting where breakpoints hit, then go to the last one. Long replays
   * report progress (and take snapshots on the way, so landing on the hit is short); a
   * `cancel` of the progress stops the search where it is.
   */
  protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    const m = this.machine, h = this.history;
    if (m === undefined || h === undefined || this.running) { this.sendErrorResponse(response, 1080, 'nvdbg: not stopped'); return; }
    if (m.pes.length !== 1) { this.sendErrorResponse(response, 1081, 'nvdbg: reverse execution supports one vCPU in this build'); return; }
    this.sendResponse(response);
    this.vars.reset();
    const now = m.instructions;
    if (!h.goBackTo(0) && now !== 0) { this.stopped('exception', 0, 'could not replay from the start'); return; }
    const hits: number[] = [];
    const id = `reverse-${now}-${Date.now()}`;
    const report = this.clientProgress && now > REPLAY_SLICE;
    if (report) {
      const ev = new ProgressStartEvent(id, 'Reverse continue', `replaying ${now.toLocaleString('en')} instructions to find the last breakpoint hit`) as DebugProtocol.ProgressStartEvent;
      ev.body.cancellable = true;
      ev.body.percentage = 0;
      this.sendEvent(ev);
    }
    this.progress = { id, cancelled: false };
    this.running = true;
    let nextSnap = SNAPSHOT_EVERY;
    const finish = (cancelled: boolean): void => {
      this.running = false;
      this.progress = undefined;
      m.silent = false; h.replaying = false;
      m.cores[0].clearStopRequest();
      if (report) this.sendEvent(new ProgressEndEvent(id, cancelled ? 'cancelled' : `${hits.length} breakpoint hit${hits.length === 1 ? '' : 's'} found`));
      if (cancelled) { this.stopped('pause', 0, `reverse continue cancelled at instruction ${m.instructions.toLocaleString('en')}`); return; }
      const target = hits.length > 0 ? hits[hits.length - 1] : 0;
      if (!h.goBackTo(target) && m.instructions !== target) { this.stopped('exception', 0, 'could not replay'); return; }
      this.stopped(hits.length > 0 ? 'breakpoint' : 'entry', 0);
    };
    const slice = (): void => {
      if (this.terminated) return;
      if (this.progress?.cancelled === true) { finish(true); return; }
      m.silent = true; h.replaying = true;
      const end = Math.min(now, m.instructions + REPLAY_SLICE);
      while (m.instructions < end) {
        m.cores[0].skipBreakpointOnce = true;
        const r = m.run(end - m.instructions);
        if (r.kind === 'breakpoint' && m.instructions < now) { hits.push(m.instructions); continue; }
        if (r.kind !== 'budget' && r.kind !== 'stopped' && r.kind !== 'watchpoint') { finish(false); return; }
      }
      m.silent = false; h.replaying = false;
      if (m.instructions >= nextSnap && m.instructions < now) { h.snapshot(); nextSnap = m.instructions + SNAPSHOT_EVERY; }
      if (m.instructions >= now) { finish(false); return; }
      if (report) {
        const ev = new ProgressUpdateEvent(id, `${hits.length} hit${hits.length === 1 ? '' : 's'} so far`) as DebugProtocol.ProgressUpdateEvent;
        ev.body.percentage = Math.floor((100 * m.instructions) / now);
        this.sendEvent(ev);
      }
      setImmediate(slice);
    };
    setImmediate(slice);
  }

  /** `cancel` of a progress: stops a reverse continue at its current position. */
  protected cancelRequest(response: DebugProtocol.CancelResponse, args: DebugProtocol.CancelArguments): void {
    if (this.progress !== undefined && (args?.progressId === undefined || args.progressId === this.progress.id)) this.progress.cancelled = true;
    this.sendResponse(response);
  }

  private threadIndex(threadId: number | undefined): number | undefined {
    const m = this.machine;
    if (m === undefined) return undefined;
    const t = threadId ?? 0;
    return Number.isInteger(t) && t >= 0 && t < m.pes.length ? t : undefined;
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.terminate();
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.terminated = true;
    this.sendResponse(response);
  }

  // ---- breakpoints -------------------------------------------------------

  /**
   * Decide whether a breakpoint hit stops: its hit count (`N`, `>= N`, `> N`, `== N`, `% N`)
   * and condition (an expression compared with ==, !=, <, <=, >, >=, or non-zero) decide.
   */
  private breakpointVerdict(cpu: number): 'continue' | string | undefined {
    const m = this.machine;
    if (m === undefined) return undefined;
    const pe = m.pes[cpu];
    const spec = this.bpSpecs.get(`${pe.pcLo >>> 0}:${pe.pcHi >>> 0}`);
    if (spec === undefined) return undefined;
    if (spec.condition !== undefined && spec.condition.trim() !== '') {
      const ok = conditionValue(m.cores[cpu], spec.condition, this.regViewer(cpu));
      if (typeof ok === 'string') return `breakpoint condition error: ${ok}`;
      if (!ok) return 'continue';
    }
    spec.hits++;
    if (spec.hitCondition !== undefined && spec.hitCondition.trim() !== '') {
      const h = /^\s*(>=|>|==|%)?\s*(\d+)\s*$/.exec(spec.hitCondition);
      if (h === null) return `bad hit count '${spec.hitCondition}' (use N, >= N, > N, == N or % N)`;
      const n = Number(h[2]);
      const op = h[1] ?? '>=';
      const stop = op === '>=' ? spec.hits >= n : op === '>' ? spec.hits > n : op === '==' ? spec.hits === n : n > 0 && spec.hits % n === 0;
      if (!stop) return 'continue';
    }
    if (spec.logMessage !== undefined) {
      // Logpoint: print the message with {expression} parts evaluated, and keep running.
      const text = spec.logMessage.replace(/\{([^}]*)\}/g, (_all, e: string) => {
        const v = evaluateExpression(m.cores[cpu], e, true, this.regViewer(cpu));
        return typeof v === 'string' ? `<${v}>` : v.result;
      });
      this.sendEvent(new OutputEvent(text + '\n', 'console'));
      return 'continue';
    }
    return undefined;
  }

  private applyBreakpoints(): void {
    const m = this.machine;
    if (m === undefined) return;
    const list: [number, number][] = [...this.functionBps, ...this.sourceBps];
    for (const b of this.instructionBps) {
      const a = parseAddress(b.instructionReference, b.offset ?? 0);
      if (a !== undefined) list.push(a);
    }
    if (this.temporaryBreak !== undefined) list.push(this.temporaryBreak);
    for (const c of m.cores) c.setBreakpoints(list);
  }

  protected setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    const bps = Array.isArray(args?.breakpoints) ? args.breakpoints : [];
    this.instructionBps = bps;
    this.rememberSpecs();
    response.body = {
      breakpoints: bps.map((b) => {
        const a = parseAddress(b.instructionReference, b.offset ?? 0);
        return a === undefined
          ? { verified: false, message: `not an address: ${b.instructionReference}` }
          : { verified: true, instructionReference: '0x' + hex16(a[0], a[1]) };
      }),
    };
    this.applyBreakpoints();
    this.sendResponse(response);
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    const bps = Array.isArray(args?.breakpoints) ? args.breakpoints : [];
    const syms = this.image?.symbols ?? [];
    this.functionBps = [];
    this.functionSpecs.clear();
    response.body = {
      breakpoints: bps.map((b) => {
        const s = syms.find((x) => x.name === b.name && (x.type === 'func' || x.type === 'notype'));
        if (s === undefined) return { verified: false, message: `no symbol '${b.name}' in the program` };
        const a: [number, number] = [Number(s.value & 0xffffffffn) | 0, Number(s.value >> 32n) | 0];
        this.functionBps.push(a);
        this.functionSpecs.set(`${a[0] >>> 0}:${a[1] >>> 0}`, { condition: b.condition, hitCondition: b.hitCondition, hits: 0 });
        return { verified: true, instructionReference: '0x' + hex16(a[0], a[1]) };
      }),
    };
    this.rememberSpecs();
    this.applyBreakpoints();
    this.sendResponse(response);
  }

  private functionSpecs = new Map<string, { condition?: string; hitCondition?: string; logMessage?: string; hits: number }>();
  private sourceSpecs = new Map<string, { condition?: string; hitCondition?: string; logMessage?: string; hits: number }>();

  /** Rebuild the address -> condition map from both breakpoint kinds (hit counts restart). */
  private rememberSpecs(): void {
    this.bpSpecs = new Map([...this.functionSpecs, ...this.sourceSpecs]);
    for (const b of this.instructionBps) {
      const a = parseAddress(b.instructionReference, b.offset ?? 0);
      if (a !== undefined) this.bpSpecs.set(`${a[0] >>> 0}:${a[1] >>> 0}`, { condition: b.condition, hitCondition: b.hitCondition, hits: 0 });
    }
  }

  /** Source breakpoints through the line map (DWARF: its is_stmt rows): a line without code moves to the next line that has some. */
  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const file = args?.source?.path !== undefined ? nodePath.resolve(args.source.path) : undefined;
    const wanted: DebugProtocol.SourceBreakpoint[] = args?.breakpoints ?? (args?.lines ?? []).map((line) => ({ line }));
    const inFile = (this.stmtLines.length > 0 ? this.stmtLines : this.lines).filter((l) => file !== undefined && nodePath.resolve(l.file) === file);
    for (const [lo, hi] of this.sourceBpsByFile.get(file ?? '') ?? []) this.sourceSpecs.delete(`${lo >>> 0}:${hi >>> 0}`);
    this.sourceBpsByFile.set(file ?? '', []);
    const placed: [number, number][] = [];
    response.body = {
      breakpoints: wanted.map((b) => {
        if (inFile.length === 0) return new Breakpoint(false) as DebugProtocol.Breakpoint & { message?: string };
        const candidates = inFile.filter((l) => l.line >= b.line);
        const line = candidates.length === 0 ? undefined : Math.min(...candidates.map((l) => l.line));
        if (line === undefined || line > b.line + 20) { const bp: DebugProtocol.Breakpoint = new Breakpoint(false); bp.message = 'no code at or after this line'; return bp; }
        const addrs = this.breakpointAddresses(inFile.filter((l) => l.line === line).map((l) => l.address));
        const at = addrs[0];
        for (const a of addrs) {
          placed.push([Number(a & 0xffffffffn) | 0, Number(a >> 32n) | 0]);
          this.sourceSpecs.set(`${Number(a & 0xffffffffn) >>> 0}:${Number(a >> 32n) >>> 0}`, { condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage, hits: 0 });
        }
        const bp: DebugProtocol.Breakpoint = new Breakpoint(true, line);
        bp.instructionReference = '0x' + at.toString(16).padStart(16, '0');
        return bp;
      }).map((bp) => {
        if (!bp.verified && bp.message === undefined) bp.message = this.lines.length === 0 ? 'the program has no line information (launch a .S file, or an ELF built with -g)' : 'no code for this file';
        return bp;
      }),
    };
    this.sourceBpsByFile.set(file ?? '', placed);
    this.sourceBps = [...this.sourceBpsByFile.values()].flat();
    this.rememberSpecs();
    this.applyBreakpoints();
    this.sendResponse(response);
  }

  private sourceBpsByFile = new Map<string, [number, number][]>();

  /**
   * The addresses a source breakpoint on a line goes to, lowest first: with DWARF, the first of the
   * line's is_stmt addresses in each function instance (an inlined copy counts as its own, as GDB
   * places one location per block); for the assembler's line map, the line's first address.
   */
  private breakpointAddresses(addrs: bigint[]): bigint[] {
    const sorted = [...new Set(addrs)].sort((x, y) => (x < y ? -1 : 1));
    if (this.cprog === undefined) return sorted.slice(0, 1);
    const seen = new Set<unknown>();
    return sorted.filter((a) => {
      const key = this.cprog?.functionsAt(a)[0] ?? a;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** Source line of an address: the line-map entry at or just below it (same instruction). */
  /**
   * Source lines of an ELF built with -g: DWARF .debug_line, expanded to one entry per
   * instruction word so the line lookup and stepping work as for assembler-built programs.
   * Malformed DWARF is reported in the debug console and the program runs without source.
   */
  private dwarfLines(image: ElfImage, program: string): LineEntry[] {
    const sec = image.section('.debug_line');
    if (sec === undefined) return [];
    let rows;
    try {
      rows = parseDebugLine(sec.data, image.section('.debug_str')?.data, image.section('.debug_line_str')?.data);
    } catch (e) {
      if (!(e instanceof DwarfError)) throw e;
      this.sendEvent(new OutputEvent(`nvdbg: ${program}: ${e.message}; source-level debugging is off for this program\n`, 'stderr'));
      return [];
    }
    const base = nodePath.dirname(nodePath.resolve(program));
    const out: LineEntry[] = [];
    const stmts: LineEntry[] = [];
    for (let i = 0; i + 1 < rows.length; i++) {
      const a = rows[i], b = rows[i + 1];
      if (a.endSequence) continue;
      const file = nodePath.resolve(base, a.file);
      // Breakpoint locations: every is_stmt row, also one that shares its address with a later row
      // (the line at that PC is the last row's, but a breakpoint on this line still belongs there).
      if (a.isStmt) stmts.push({ address: a.address, file, line: a.line });
      if (b.address <= a.address || b.address - a.address > 0x100000n) continue;
      for (let addr = a.address; addr < b.address; addr += 4n) out.push({ address: addr, file, line: a.line });
    }
    const byAddress = (x: LineEntry, y: LineEntry): number => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0);
    out.sort(byAddress);
    this.stmtLines = stmts.sort(byAddress);
    return out;
  }

  /** DWARF programs: the is_stmt rows of the line table, where source breakpoints go (empty for the assembler's line map). */
  private stmtLines: LineEntry[] = [];

  /** DWARF of a program built from C with -g (functions, CFI, locals). */
  private cprog: CProgram | undefined;
  /** Frames of the last stackTrace that DWARF describes: frameId -> PC and registers. */
  private cframes = new Map<number, CFrame>();
  /** Their callers (the next frame when it called this one): frameId -> caller, for DW_OP_entry_value. */
  private ccallers = new Map<number, CFrame>();

  /** Goto targets of the last gotoTargets request (id = index). */
  private gotoTargets: LineEntry[] = [];

  /** Addresses of a source line the PC can be set to (every instruction the assembler emitted for it). */
  protected gotoTargetsRequest(response: DebugProtocol.GotoTargetsResponse, args: DebugProtocol.GotoTargetsArguments): void {
    const file = args?.source?.path !== undefined ? nodePath.resolve(args.source.path) : undefined;
    if (file === undefined || !Number.isInteger(args?.line)) { this.sendErrorResponse(response, 1110, 'nvdbg: gotoTargets needs a source path and a line'); return; }
    if (this.lines.length === 0) { this.sendErrorResponse(response, 1111, 'nvdbg: the program has no line information (launch a .S file, or an ELF built with -g)'); return; }
    const here = this.lines.filter((l) => nodePath.resolve(l.file) === file && l.line === args.line);
    this.gotoTargets = here;
    response.body = {
      targets: here.map((l, i) => ({ id: i, label: `0x${l.address.toString(16)} (${nodePath.basename(l.file)}:${l.line})`, line: l.line, instructionPointerReference: '0x' + l.address.toString(16) })),
    };
    this.sendResponse(response);
  }

  /** Set the thread's PC (nothing is executed); history restarts here, as after any state edit. */
  protected gotoRequest(response: DebugProtocol.GotoResponse, args: DebugProtocol.GotoArguments): void {
    const m = this.machine;
    const cpu = this.threadIndex(args?.threadId);
    if (m === undefined || cpu === undefined || this.running) { this.sendErrorResponse(response, 1112, 'nvdbg: goto needs a stopped thread'); return; }
    const t = this.gotoTargets[args.targetId];
    if (t === undefined) { this.sendErrorResponse(response, 1113, `nvdbg: unknown goto target ${args?.targetId}`); return; }
    const pe = m.pes[cpu];
    pe.pcLo = Number(t.address & 0xffffffffn) | 0; pe.pcHi = Number(t.address >> 32n) | 0;
    m.cores[cpu].contextChanged();
    this.history?.restart();
    this.sendResponse(response);
    this.vars.reset();
    this.stopped('goto', cpu);
  }

  private lineOf(lo: number, hi: number): LineEntry | undefined {
    if (this.lines.length === 0) return undefined;
    const a = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    let l = 0, h = this.lines.length - 1, best = -1;
    while (l <= h) { const m = (l + h) >> 1; if (this.lines[m].address <= a) { best = m; l = m + 1; } else h = m - 1; }
    if (best < 0 || a - this.lines[best].address >= 4n) return undefined;
    return this.lines[best];
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const opts: DebugProtocol.ExceptionFilterOptions[] = args?.filterOptions ?? (args?.filters ?? []).map((f) => ({ filterId: f }));
    this.filters = new Map();
    const bps: DebugProtocol.Breakpoint[] = [];
    for (const o of opts) {
      const known = EXCEPTION_FILTERS.some((f) => f.filter === o.filterId);
      const bad = o.condition !== undefined && o.condition.trim() !== '' ? conditionError(o.condition) : undefined;
      if (known && bad === undefined) this.filters.set(o.filterId, o.condition !== undefined && o.condition.trim() !== '' ? o.condition : undefined);
      bps.push({ verified: known && bad === undefined, ...(known ? (bad !== undefined ? { message: bad } : {}) : { message: `unknown exception filter '${o.filterId}'` }) });
    }
    response.body = { breakpoints: bps };
    this.sendResponse(response);
  }

  /**
   * Data breakpoints on memory: `name` is a memory reference (`pa:0x…`, `va:…`, a bare VA) or
   * an expression giving an address (`x1`, `TTBR0_EL1`); VAs are translated now (inspection walk)
   * and the breakpoint watches the physical bytes, so it follows the descriptor, not the mapping.
   */
  protected dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const m = this.machine;
    const name = String(args?.name ?? '');
    const none = (why: string): void => { response.body = { dataId: null, description: why }; this.sendResponse(response); };
    if (m === undefined) { none('not running'); return; }
    // A system register: from a Variables view container ("Break on Value Change") or as sysreg:NAME.
    const regName = name.startsWith('sysreg:') ? name.slice(7) : args?.variablesReference !== undefined ? name : undefined;
    const reg = regName === undefined ? undefined : sysRegByName(regName);
    if (regName !== undefined && name.startsWith('sysreg:') && reg === undefined) { none(`${regName}: not a system register`); return; }
    if (reg !== undefined) {
      if ((reg.storage ?? 'plain') !== 'plain' && !/^SP_EL[01]$/.test(reg.name)) { none(`${reg.name} is computed, not stored: it cannot be watched`); return; }
      response.body = { dataId: `sysreg:${reg.name}`, description: `writes to ${reg.name}${m.host !== undefined && /_EL2$/.test(reg.name) ? ' (virtual EL2)' : ''}`, accessTypes: ['write'], canPersist: true };
      this.sendResponse(response);
      return;
    }
    let ref = parseMemoryReference(name, 0);
    if (typeof ref === 'string') {
      const e = evaluateExpression(m.cores[0], name, true, this.regViewer(0));
      if (typeof e === 'string') { none(`${name}: not an address`); return; }
      ref = parseMemoryReference(e.result.split(' ')[0], 0);
      if (typeof ref === 'string') { none(`${name}: not an address`); return; }
    }
    let pa: number;
    if (ref.kind === 'ipa') { const r = resolveIpa(m, 0, ref.vmid, ref.ipa); if (typeof r === 'string') { none(r); return; } pa = r; }
    else pa = ref.kind === 'pa' ? ref.lo : m.cores[0].inspectPa(ref.lo | 0, ref.hi | 0);
    if (pa < 0 || !m.mem.isRam(pa, 8)) { none(`${name}: not mapped to RAM`); return; }
    const start = pa - (pa % 8);
    response.body = { dataId: `pa:0x${start.toString(16)}:8`, description: `8 bytes at pa:0x${start.toString(16)} (${name})`, accessTypes: ['write'], canPersist: false };
    this.sendResponse(response);
  }

  protected setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    const m = this.machine;
    const bps = Array.isArray(args?.breakpoints) ? args.breakpoints : [];
    const ranges: { start: number; bytes: number; id: number }[] = [];
    this.sysregWatches.clear();
    this.e2hAliasWatches.clear();
    response.body = {
      breakpoints: bps.map((b, i) => {
        const sr = /^sysreg:(\w+)$/.exec(String(b.dataId));
        if (sr !== null) {
          const def = sysRegByName(sr[1]);
          if (def === undefined || m === undefined) return { verified: false, message: `unknown system register in ${b.dataId}` };
          if (b.accessType !== undefined && b.accessType !== 'write') return { verified: false, message: 'system registers are watched for writes' };
          this.sysregWatches.set(sysRegIndex(def.name), def.name);
          // Nested mode: with virtual E2H = 1 the guest hypervisor writes its EL2 registers through the EL1 names.
          const pair = m.host !== undefined ? EL1_EL2_PAIRS.find(([, e2]) => e2 === sysRegIndex(def.name)) : undefined;
          if (pair !== undefined) this.e2hAliasWatches.set(pair[0], def.name);
          return { verified: true, id: i };
        }
        const mm = /^pa:0x([0-9a-f]+):(\d+)$/.exec(String(b.dataId));
        if (mm === null || m === undefined) return { verified: false, message: `unknown data breakpoint id ${b.dataId}` };
        if (b.accessType !== undefined && b.accessType !== 'write') return { verified: false, message: 'only write data breakpoints are supported' };
        ranges.push({ start: parseInt(mm[1], 16), bytes: Number(mm[2]), id: i });
        return { verified: true, id: i };
      }),
    };
    m?.mem.setWatches(ranges);
    if (m !== undefined) {
      const watch = this.sysregWatches.size === 0 ? undefined : new Uint8Array(sysRegCount());
      for (const i of [...this.sysregWatches.keys(), ...this.e2hAliasWatches.keys()]) (watch as Uint8Array)[i] = 1;
      for (const c of m.cores) { c.sysregWatch = watch; c.onSysregWrite = (core, idx) => this.onSysregWrite(core.pe.index, idx); }
    }
    this.sendResponse(response);
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const h = this.lastHostEvent;
    if (h !== undefined) {
      response.body = { exceptionId: filtersOf(h)[0] ?? h.kind, description: describeHostEvent(h), breakMode: 'always', details: { message: describeHostEvent(h), typeName: h.kind } };
      this.sendResponse(response);
      return;
    }
    const e = this.lastException;
    if (e === undefined) { this.sendErrorResponse(response, 1020, 'nvdbg: no exception has been taken'); return; }
    response.body = {
      exceptionId: `EC 0x${e.ec.toString(16).padStart(2, '0')}`,
      description: `${describeException(e.ec, e.esr)}: EL${e.fromEl} -> EL${e.toEl}, ESR=0x${(e.esr >>> 0).toString(16).padStart(8, '0')}, ELR=0x${hex16(e.elrLo, e.elrHi)}${e.farValid ? `, FAR=0x${hex16(e.farLo, e.farHi)}` : ''}`,
      breakMode: 'always',
    };
    this.sendResponse(response);
  }

  // ---- state -------------------------------------------------------------

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const m = this.machine;
    const where = (i: number): string => {
      const pe = (m as Machine).pes[i], h = (m as Machine).host;
      if (h === undefined) return `EL${pe.el}`;
      return h.vcpus[i].ctx === 0 ? (pe.el === 1 ? 'vEL2' : 'vEL0') : `L2 EL${pe.el}`;
    };
    response.body = { threads: m === undefined ? [new Thread(0, 'cpu0')] : m.pes.map((pe, i) => new Thread(i, `cpu${i} (${where(i)}${m.running[i] ? '' : ', off'})`)) };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const cpu = this.threadIndex(args.threadId);
    const m = this.machine;
    if (cpu === undefined || m === undefined) { this.sendErrorResponse(response, 1010, `nvdbg: no such thread ${args.threadId}`); return; }
    const pe = m.pes[cpu], core = m.cores[cpu];
    const frames: StackFrame[] = [];
    const frame = (id: number, lo: number, hi: number, prefix: string): StackFrame => {
      const line = this.lineOf(lo, hi);
      const f = line === undefined
        ? new StackFrame(id, `${prefix}${this.symbolName(lo, hi)}`)
        : new StackFrame(id, `${prefix}${this.symbolName(lo, hi)}`, new Source(nodePath.basename(line.file), line.file), line.line, 1);
      f.instructionPointerReference = '0x' + hex16(lo, hi);
      return f;
    };
    // Nested mode names levels as the guest sees them: vEL2 (the guest hypervisor), L2 EL1/EL0 (its guest).
    const host = m.host;
    const elName = (el: number): string => (host === undefined ? `EL${el}` : el === 2 ? 'vEL2' : `L2 EL${el}`);
    const topEl = host !== undefined && host.vcpus[cpu].ctx === 0 ? (pe.el === 1 ? 'vEL2' : 'vEL0') : elName(pe.el);
    this.cframes.clear(); this.ccallers.clear();
    /** Live exceptions the CFI unwinding already showed as frames. */
    const consumed = new Set<ExceptionRecord>();
    const pc64 = (BigInt(pe.pcHi >>> 0) << 32n) | BigInt(pe.pcLo >>> 0);
    const c = this.cprog;
    if (c !== undefined && c.functionsAt(pc64).length > 0) {
      // C with DWARF: unwind through CFI (no frame pointers needed); an inlined call is a frame of its own.
      const regs = new Map<number, bigint>();
      for (let r = 0; r < 31; r++) regs.set(r, (BigInt(pe.x[2 * r + 1] >>> 0) << 32n) | BigInt(pe.x[2 * r] >>> 0));
      regs.set(31, (BigInt(pe.x[65] >>> 0) << 32n) | BigInt(pe.x[64] >>> 0));
      const read64 = (a: bigint): bigint | undefined => {
        const b = core.readVirtual(Number(a & 0xffffffffn) | 0, Number(a >> 32n) | 0, 8);
        return b === undefined ? undefined : new DataView(b.buffer, b.byteOffset).getBigUint64(0, true);
      };
      let id = cpu * 1000;
      // Exception vectors with CFI unwind into the interrupted code: that frame is named by its exception.
      const live = this.liveExceptions[cpu] ?? [];
      const byElr = new Map(live.map((e) => [(BigInt(e.elrHi >>> 0) << 32n) | BigInt(e.elrLo >>> 0), e] as const));
      const unwound = c.unwind(pc64, regs, read64, new Set(byElr.keys()));
      unwound.forEach((cf, depth) => {
        const exc = depth > 0 ? byElr.get(cf.pc) : undefined;
        // The caller, for entry values: the next frame when it made a call (not an interrupted one).
        const next = unwound[depth + 1];
        const caller = next !== undefined && !byElr.has(next.pc) ? next : undefined;
        if (exc !== undefined) consumed.add(exc);
        // A return address is after the call: look the caller up at the call itself.
        const at = depth === 0 || exc !== undefined ? cf.pc : cf.pc - 4n;
        const fns = c.functionsAt(at);
        const lo = Number(cf.pc & 0xffffffffn) | 0, hi = Number(cf.pc >> 32n) | 0;
        const prefix = depth === 0 ? `${topEl} ` : exc !== undefined ? `${elName(exc.fromEl)} (${describeException(exc.ec, exc.esr)} -> ${elName(exc.toEl)}) ` : '';
        if (fns.length === 0) { frames.push(frame(id++, lo, hi, prefix)); return; }
        fns.forEach((fn, k) => {
          this.cframes.set(id, cf);
          if (caller !== undefined) this.ccallers.set(id, caller); else this.ccallers.delete(id);
          const f = frame(id++, lo, hi, prefix);
          f.name = `${k === 0 ? prefix : ''}${fn.name}${k < fns.length - 1 ? ' (inlined)' : ''}`;
          frames.push(f);
        });
      });
    } else frames.push(frame(cpu * 1000, pe.pcLo, pe.pcHi, `${topEl} `));
    // Frame records (x29 -> {previous x29, x30}), read without side effects, bounded.
    let fpLo = pe.x[58], fpHi = pe.x[59];
    if (this.cframes.size > 0) fpLo = fpHi = 0; // CFI already gave the call chain
    for (let i = 1; i < 32 && (fpLo | fpHi) !== 0; i++) {
      const rec = core.readVirtual(fpLo, fpHi, 16);
      if (rec === undefined) break;
      const dv = new DataView(rec.buffer);
      const lrLo = dv.getInt32(8, true), lrHi = dv.getInt32(12, true);
      if ((lrLo | lrHi) === 0) break;
      frames.push(frame(cpu * 1000 + i, lrLo, lrHi, ''));
      const nLo = dv.getInt32(0, true), nHi = dv.getInt32(4, true);
      if ((nHi >>> 0) < (fpHi >>> 0) || ((nHi >>> 0) === (fpHi >>> 0) && (nLo >>> 0) <= (fpLo >>> 0))) break; // frames grow upward
      fpLo = nLo; fpHi = nHi;
    }
    // One frame per live exception-level transition: where each taken exception will return.
    const live = this.liveExceptions[cpu] ?? [];
    for (let k = live.length - 1, j = 0; k >= 0 && j < 16; k--, j++) {
      const e = live[k];
      if (consumed.has(e)) continue;
      frames.push(frame(cpu * 1000 + 100 + j, e.elrLo, e.elrHi, `${elName(e.fromEl)} (${describeException(e.ec, e.esr)} -> ${elName(e.toEl)}) `));
    }
    const start = args.startFrame ?? 0, levels = args.levels ?? frames.length;
    response.body = { stackFrames: frames.slice(start, start + (levels || frames.length)), totalFrames: frames.length };
    this.sendResponse(response);
  }

  private symbolName(lo: number, hi: number): string {
    const addr = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    const s = this.sym?.(addr);
    return s === undefined ? `0x${hex16(lo, hi)}` : s.offset === 0n ? s.name : `${s.name}+0x${s.offset.toString(16)}`;
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const m = this.machine;
    if (m === undefined) { this.sendErrorResponse(response, 1030, 'nvdbg: not running'); return; }
    const cpu = Math.floor(args.frameId / 1000);
    if (!(cpu >= 0 && cpu < m.pes.length)) { this.sendErrorResponse(response, 1031, `nvdbg: no such frame ${args.frameId}`); return; }
    const scopes = this.vars.scopes(m, cpu, this.atWalks, this.atEmulations).map((s) => new Scope(s.name, s.ref, s.expensive));
    // Frames DWARF describes: their parameters and locals first (DESIGN.md "Scopes").
    const cf = this.cframes.get(args.frameId);
    if (cf !== undefined && this.cprog !== undefined) {
      const core = m.cores[cpu];
      const read = (a: bigint, n: number): Uint8Array | undefined => core.readVirtual(Number(a & 0xffffffffn) | 0, Number(a >> 32n) | 0, n);
      scopes.unshift(new Scope('Locals', this.vars.locals(this.cprog.variables(cf, read, this.ccallers.get(args.frameId))), false));
    }
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const list = this.vars.get(args.variablesReference, args.format?.hex !== false);
    if (list === undefined) { this.sendErrorResponse(response, 1040, `nvdbg: unknown variables reference ${args.variablesReference}`); return; }
    const start = args.start ?? 0;
    response.body = { variables: args.count ? list.slice(start, start + args.count) : list.slice(start) };
    this.sendResponse(response);
  }

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    if (this.machine === undefined || this.running) { this.sendErrorResponse(response, 1090, 'nvdbg: not stopped'); return; }
    const r = this.vars.set(args.variablesReference, String(args.name ?? ''), String(args.value ?? ''));
    if (typeof r === 'string') { this.sendErrorResponse(response, 1091, `nvdbg: ${r}`); return; }
    response.body = { value: r.value };
    this.history?.restart(); // replaying from before the edit would not reproduce it
    this.sendResponse(response);
    this.invalidate();
  }

  protected completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const text = String(args?.text ?? '').slice(0, Math.max(0, (args?.column ?? 1) - 1));
    const word = /[\w.]*$/.exec(text)?.[0] ?? '';
    const words = [...REPL_COMMANDS, 'PAR_EL1', 'HCR_EL2', 'SCTLR_EL1', 'SCTLR_EL2', 'TCR_EL1', 'TCR_EL2', 'TTBR0_EL1', 'TTBR0_EL2', 'VTCR_EL2', 'VTTBR_EL2', 'ESR_EL2', 'FAR_EL2', 'HPFAR_EL2',
      's1e1r', 's1e1w', 's1e0r', 's1e0w', 's1e1rp', 's1e1wp', 's1e2r', 's1e2w', 's12e1r', 's12e1w', 's12e0r', 's12e0w', 'el10', 'el2', 'el20'];
    response.body = { targets: words.filter((w) => w.toLowerCase().startsWith(word.toLowerCase())).map((w) => ({ label: w, start: text.length - word.length, length: word.length })) };
    this.sendResponse(response);
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const m = this.machine;
    if (m === undefined) { this.sendErrorResponse(response, 1050, 'nvdbg: not running'); return; }
    const cpu = args.frameId !== undefined ? Math.floor(args.frameId / 1000) : 0;
    const core = m.cores[cpu] ?? m.cores[0];
    if (args.context === 'repl') {
      const out = replCommand(m, core, String(args.expression ?? ''));
      if (out !== undefined) { response.body = { result: out, variablesReference: 0 }; this.sendResponse(response); return; }
    }
    const r = evaluateExpression(core, String(args.expression ?? ''), args.format?.hex !== false, this.regViewer(core.pe.index));
    if (typeof r === 'string') { this.sendErrorResponse(response, 1051, r, undefined, undefined); return; }
    response.body = { result: r.result, variablesReference: r.fields !== undefined ? this.vars.addFields(r.fields) : 0, memoryReference: r.memoryReference };
    this.sendResponse(response);
  }

  /** The PA behind byte `i` of a memory reference (pa:, ipa:<vmid>:, va:, a bare VA), or a reason it has none. */
  private refPa(m: Machine, ref: Exclude<ReturnType<typeof parseMemoryReference>, string>): (i: number) => number | string {
    if (ref.kind === 'pa') return (i) => ref.lo + i;
    // One translation per 4 KiB page (an inspection walk, in nested mode through the guest's view), not per byte.
    const pages = new Map<string, number | string>();
    return (i) => {
      let lo: number, hi: number;
      if (ref.kind === 'ipa') { const a = ref.ipa + i; lo = a % 4294967296; hi = Math.floor(a / 4294967296); }
      else { const t = ref.lo + i; lo = t % 4294967296; hi = (ref.hi + Math.floor(t / 4294967296)) | 0; }
      const off = lo % 4096, key = `${hi}:${lo - off}`;
      let base = pages.get(key);
      if (base === undefined) {
        if (ref.kind === 'ipa') base = resolveIpa(m, 0, ref.vmid, hi * 4294967296 + lo - off);
        else { const pa = m.cores[0].inspectPa((lo - off) | 0, hi); base = pa < 0 ? `no translation for 0x${hex16(lo | 0, hi)}` : pa; }
        pages.set(key, base);
      }
      return typeof base === 'string' ? base : base + off;
    };
  }

  /**
   * writeMemory: bytes through the reference's translation (inspection walks: nothing but the
   * bytes changes). The time-travel history restarts here, as after any edit; views refresh.
   */
  protected writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const m = this.machine;
    if (m === undefined || this.running) { this.sendErrorResponse(response, 1063, 'nvdbg: not stopped'); return; }
    const ref = parseMemoryReference(String(args?.memoryReference ?? ''), args?.offset ?? 0);
    if (typeof ref === 'string') { this.sendErrorResponse(response, 1061, `nvdbg: ${ref}`); return; }
    if (typeof args.data !== 'string') { this.sendErrorResponse(response, 1064, 'nvdbg: writeMemory needs base64 data'); return; }
    const data = Buffer.from(args.data, 'base64');
    let written = 0;
    const paOf = this.refPa(m, ref);
    for (; written < data.length; written++) {
      const pa = paOf(written);
      if (typeof pa === 'string' || !m.mem.writeBytes(pa, data.subarray(written, written + 1))) {
        if (args.allowPartial === true && written > 0) break;
        this.sendErrorResponse(response, 1065, `nvdbg: cannot write ${ref.text} + ${written}: ${typeof pa === 'string' ? pa : 'no RAM there'}`);
        return;
      }
    }
    this.history?.restart();
    response.body = { offset: args.offset ?? 0, bytesWritten: written };
    this.sendResponse(response);
    this.sendEvent(new MemoryEvent(String(args.memoryReference), args.offset ?? 0, written));
    this.sendEvent(new InvalidatedEvent(['variables']));
  }

  /** setExpression: a register (x0, sp, pc), a system register, one of its fields, or 8 bytes of memory ([x1, #8]). */
  protected setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    const m = this.machine;
    if (m === undefined || this.running) { this.sendErrorResponse(response, 1090, 'nvdbg: not stopped'); return; }
    const cpu = args.frameId !== undefined ? Math.floor(args.frameId / 1000) : 0;
    const core = m.cores[cpu] ?? m.cores[0];
    const expr = String(args?.expression ?? '').trim();
    let v: bigint;
    try { const t = String(args?.value ?? '').trim().replace(/_/g, ''); v = BigInt.asUintN(64, /^-/.test(t) ? -BigInt(t.slice(1)) : BigInt(t)); } catch { this.sendErrorResponse(response, 1091, `nvdbg: '${args?.value}' is not a number (use 0x… or decimal)`); return; }
    const lo = Number(v & 0xffffffffn) | 0, hi = Number(v >> 32n) | 0;
    const pe = core.pe;
    const gpr = /^([xw])([0-9]|[12][0-9]|30)$/i.exec(expr);
    const mem = /^\[.*\]$/.exec(expr);
    const dot = expr.indexOf('.');
    const reg = sysRegByName(dot < 0 ? expr : expr.slice(0, dot));
    if (gpr !== null) {
      const i = Number(gpr[2]);
      pe.x[2 * i] = lo; pe.x[2 * i + 1] = gpr[1].toLowerCase() === 'w' ? 0 : hi;
    } else if (/^(sp|pc)$/i.test(expr)) {
      if (expr.toLowerCase() === 'sp') { pe.x[64] = lo; pe.x[65] = hi; } else { pe.pcLo = lo; pe.pcHi = hi; core.contextChanged(); }
    } else if (mem !== null) {
      const a = evaluateExpression(core, expr.slice(1, -1).replace(/,\s*#?/, ' + '), true, this.regViewer(cpu));
      if (typeof a === 'string') { this.sendErrorResponse(response, 1092, `nvdbg: ${a}`); return; }
      const addr = BigInt(a.result.split(' ')[0]);
      const ref = parseMemoryReference('0x' + addr.toString(16), 0);
      if (typeof ref === 'string') { this.sendErrorResponse(response, 1092, `nvdbg: ${ref}`); return; }
      const bytes = Buffer.alloc(8); bytes.writeBigUInt64LE(v);
      const paOf = this.refPa(m, ref);
      for (let i = 0; i < 8; i++) {
        const pa = paOf(i);
        if (typeof pa === 'string' || !m.mem.writeBytes(pa, bytes.subarray(i, i + 1))) { this.sendErrorResponse(response, 1093, `nvdbg: cannot write ${expr}: ${typeof pa === 'string' ? pa : 'no RAM there'}`); return; }
      }
    } else if (reg !== undefined) {
      let nlo = lo, nhi = hi;
      if (dot >= 0) {
        const cur = this.regViewer(cpu)(reg.name);
        const f = cur?.fields.find((x) => x.name.toUpperCase() === expr.slice(dot + 1).toUpperCase());
        if (cur === undefined || f === undefined) { this.sendErrorResponse(response, 1094, `nvdbg: ${reg.name} has no field '${expr.slice(dot + 1)}'`); return; }
        const nv = replaceField(cur.lo, cur.hi, { ...f, name: `${reg.name}.${f.name}` }, v);
        if (typeof nv === 'string') { this.sendErrorResponse(response, 1095, `nvdbg: ${nv}`); return; }
        [nlo, nhi] = nv;
      }
      if (reg.access === 'RO') { this.sendErrorResponse(response, 1096, `nvdbg: ${reg.name} is read-only`); return; }
      if (m.host !== undefined && (reg.storage ?? 'plain') === 'plain') m.host.setGuestReg(core, sysRegIndex(reg.name), nlo, nhi);
      else if (setSysReg(core, reg.name, nlo, nhi) === undefined) { this.sendErrorResponse(response, 1096, `nvdbg: ${reg.name} cannot be written`); return; }
    } else {
      this.sendErrorResponse(response, 1097, `nvdbg: '${expr}' cannot be assigned (registers, system registers and their fields, [memory])`);
      return;
    }
    this.history?.restart();
    const r = evaluateExpression(core, expr, true, this.regViewer(cpu));
    response.body = { value: typeof r === 'string' ? r : r.result };
    this.sendResponse(response);
    this.sendEvent(new InvalidatedEvent(['variables']));
  }

  protected readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const m = this.machine;
    if (m === undefined) { this.sendErrorResponse(response, 1060, 'nvdbg: not running'); return; }
    const ref = parseMemoryReference(String(args.memoryReference ?? ''), args.offset ?? 0);
    if (typeof ref === 'string') { this.sendErrorResponse(response, 1061, `nvdbg: ${ref}`); return; }
    const count = Math.max(0, Math.min(args.count ?? 0, 1 << 20));
    const bytes: number[] = [];
    let unreadable = 0;
    const paOf = this.refPa(m, ref);
    for (let i = 0; i < count; i++) {
      const pa = paOf(i);
      // An IPA reference to a stage 2 that does not exist is an error; an unmapped byte ends the data.
      if (typeof pa === 'string' && i === 0 && ref.kind === 'ipa') { this.sendErrorResponse(response, 1062, `nvdbg: ${pa}`); return; }
      const b = typeof pa === 'string' ? undefined : m.mem.readBytes(pa, 1);
      if (b === undefined) { unreadable = count - i; break; }
      bytes.push(b[0]);
    }
    response.body = { address: ref.text, data: Buffer.from(bytes).toString('base64'), unreadableBytes: unreadable };
    this.sendResponse(response);
  }

  /**
   * Exactly `instructionCount` instructions from memoryReference + offset + 4 * instructionOffset,
   * read without side effects in the current regime of cpu 0; unmapped words are marked invalid.
   */
  protected disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const m = this.machine;
    if (m === undefined) { this.sendErrorResponse(response, 1070, 'nvdbg: not running'); return; }
    const base = parseAddress(String(args?.memoryReference ?? ''), (args?.offset ?? 0) + 4 * (args?.instructionOffset ?? 0));
    const count = args?.instructionCount;
    if (base === undefined || !Number.isInteger(count) || count < 0 || count > 100_000) {
      this.sendErrorResponse(response, 1071, `nvdbg: bad disassemble request (memoryReference '${args?.memoryReference}', instructionCount ${count})`); return;
    }
    const core = m.cores[0];
    const start = BigInt.asUintN(64, (BigInt(base[1] >>> 0) << 32n) | BigInt(base[0] >>> 0)) & ~3n;
    const symText = (lo: number, hi: number): string | undefined => {
      const s = this.sym?.((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
      return s === undefined ? undefined : s.offset === 0n ? s.name : `${s.name}+0x${s.offset.toString(16)}`;
    };
    const out: DebugProtocol.DisassembledInstruction[] = [];
    for (let i = 0; i < count; i++) {
      const a = BigInt.asUintN(64, start + 4n * BigInt(i));
      const lo = Number(a & 0xffffffffn) | 0, hi = Number(a >> 32n) | 0;
      const address = '0x' + hex16(lo, hi);
      const b = core.readVirtual(lo, hi, 4);
      if (b === undefined) { out.push({ address, instruction: '??', presentationHint: 'invalid' }); continue; }
      const word = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
      const d = disassemble(word, lo, hi, symText);
      const here = this.sym?.(a);
      // Source interleaving: the line each instruction came from (assembler line map or DWARF).
      const src = this.lineOf(lo, hi);
      out.push({
        address, instructionBytes: word.toString(16).padStart(8, '0'), instruction: d.text.replace(/\t/g, ' '),
        ...(here !== undefined && here.offset === 0n ? { symbol: here.name } : {}),
        ...(src !== undefined ? { location: new Source(nodePath.basename(src.file), src.file), line: src.line } : {}),
      });
    }
    response.body = { instructions: out };
    this.sendResponse(response);
  }

  /** nvdbg/translate, nvdbg/pageTable, nvdbg/shadowMmus (protocol.ts). */
  protected customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    const m = this.machine;
    if (m === undefined) { this.sendErrorResponse(response, 1100, 'nvdbg: not running'); return; }
    let body: unknown;
    switch (command) {
      case 'nvdbg/translate': body = translateRequest(m, args as TranslateArguments); break;
      case 'nvdbg/pageTable': body = pageTableRequest(m, args as PageTableArguments); break;
      case 'nvdbg/shadowMmus': body = shadowMmusBody(m.host); break;
      case 'nvdbg/atWalks': body = this.atWalksBody(args as AtWalksArguments); break;
      default: this.sendErrorResponse(response, 1014, `nvdbg: unrecognized request '${command}'`); return;
    }
    if (typeof body === 'string') { this.sendErrorResponse(response, 1101, `nvdbg: ${body}`); return; }
    response.body = body;
    this.sendResponse(response);
  }

  /** nvdbg/atWalks: host emulations and the PE's own ATs, newest first. */
  private atWalksBody(a: AtWalksArguments | undefined): AtWalksResponseBody {
    const count = Math.max(1, Math.min(a?.count ?? 16, AT_HISTORY));
    const want = (cpu: number): boolean => a?.cpu === undefined || a.cpu === cpu;
    const hx = (lo: number, hi: number): string => '0x' + hex16(lo, hi);
    const host: AtWalkJson[] = this.atEmulations.filter((e) => want(e.cpu)).map((e) => ({
      source: 'host', cpu: e.cpu, op: e.op, va: hx(e.vaLo, e.vaHi), regime: REGIME_NAMES[e.regime] as RegimeName,
      par: e.par === undefined ? null : hx(e.par[0], e.par[1]), parText: e.par === undefined ? 'PAR_EL1 left unchanged' : describePar(e.par[0], e.par[1]),
      path: e.path, reason: e.reason, archPar: e.archPar === undefined ? null : hx(e.archPar[0], e.archPar[1]), divergent: e.divergent,
      stage1: e.translation.s1 !== undefined ? walkJson(e.translation.s1) : null,
      stage2: e.translation.s1 === undefined && e.translation.s2 !== undefined ? walkJson(e.translation.s2) : null,
    }));
    const pe: AtWalkJson[] = this.atWalks.filter((r) => want(r.cpu)).map((r) => ({
      source: 'pe', cpu: r.cpu, op: r.op, va: hx(r.vaLo, r.vaHi), regime: REGIME_NAMES[r.regime] as RegimeName,
      par: hx(r.parLo, r.parHi), parText: describePar(r.parLo, r.parHi),
      stage1: r.translation.s1 !== undefined ? walkJson(r.translation.s1) : null,
      stage2: r.translation.s1 === undefined && r.translation.s2 !== undefined ? walkJson(r.translation.s2) : null,
    }));
    return { walks: [...host.reverse(), ...pe.reverse()].slice(0, count) };
  }

  /** Refresh views after something changed the machine outside a stop (e.g. a REPL write). */
  invalidate(): void { this.sendEvent(new InvalidatedEvent(['variables'])); }
}

/** Parse an instruction reference ('0x…' or decimal) plus a byte offset into (lo, hi). */
export function parseAddress(ref: string, offset: number): [number, number] | undefined {
  const t = ref.trim().toLowerCase();
  let v: bigint;
  try { v = BigInt(/^0x[0-9a-f]+$/.test(t) || /^[0-9]+$/.test(t) ? t : 'x'); } catch { return undefined; }
  v = BigInt.asUintN(64, v + BigInt(Math.trunc(offset)));
  return [Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0];
}

/** A breakpoint condition: `expr op expr` (==, !=, <=, >=, <, >) or a non-zero expression. */
export function conditionValue(core: import('../engine/isa/execute').Core, cond: string, regs?: RegViewer): boolean | string {
  const m = /^(.*?)(==|!=|<=|>=|<|>)(.*)$/.exec(cond);
  const val = (e: string): bigint | string => {
    const r = evaluateExpression(core, e, true, regs);
    return typeof r === 'string' ? r : BigInt(r.result.split(' ')[0]);
  };
  if (m === null) { const v = val(cond); return typeof v === 'string' ? v : v !== 0n; }
  const a = val(m[1]), b = val(m[3]);
  if (typeof a === 'string') return a;
  if (typeof b === 'string') return b;
  switch (m[2]) { case '==': return a === b; case '!=': return a !== b; case '<=': return a <= b; case '>=': return a >= b; case '<': return a < b; default: return a > b; }
}

const TERM = /^\s*(\w+)\s*(==|!=|<=|>=|<|>)\s*(0x[0-9a-f]+|\d+|"[^"]*"|'[^']*'|[A-Za-z][\w-]*)\s*$/i;

/**
 * A tiny condition language for exception filters: `name op value`, joined by && / ||.
 * Values are numbers or words (`op == S1E1R`, `path == "slow"`); words compare case-insensitively.
 */
export function conditionHolds(cond: string, vars: Record<string, CondValue>): boolean {
  return cond.split('||').some((alt) => alt.split('&&').every((term) => {
    const m = TERM.exec(term);
    if (m === null) return false;
    const a = vars[m[1]];
    if (a === undefined) return false;
    const raw = m[3];
    if (/^(0x[0-9a-f]+|\d+)$/i.test(raw)) {
      if (typeof a !== 'number') return false;
      const b = Number(raw);
      switch (m[2]) { case '==': return a === b; case '!=': return a !== b; case '<=': return a <= b; case '>=': return a >= b; case '<': return a < b; default: return a > b; }
    }
    const b = raw.replace(/^["']|["']$/g, '').toLowerCase();
    const x = String(a).toLowerCase();
    return m[2] === '==' ? x === b : m[2] === '!=' ? x !== b : false;
  }));
}

/** Why a filter condition cannot be parsed, or undefined when it can. */
export function conditionError(cond: string): string | undefined {
  for (const alt of cond.split('||')) for (const term of alt.split('&&')) {
    if (TERM.exec(term) === null) return `cannot parse condition '${term.trim()}' (expected name op value, e.g. op == S1E1R && va >= 0x1000)`;
  }
  return undefined;
}
