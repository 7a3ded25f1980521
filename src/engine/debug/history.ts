// Reverse execution by snapshots and deterministic replay. A snapshot holds the
// PE state (registers, PSTATE, system registers, TLB) and, for RAM, a journal
// of the pre-images of pages first written after it was taken. Going back to
// instruction count T restores the newest snapshot at or before T (writing the
// journals back, newest first) and re-executes the difference. The engine is
// deterministic, so the replay reproduces the same states.
//
// Memory cost: per snapshot ~3 KiB of registers plus 20 KiB of TLB (nested mode: ~5 KiB
// more per vCPU for the host's register files, 16 bytes per shadow-mapped page), plus
// 4 KiB for every RAM page written between it and the next snapshot.
import type { Machine } from '../machine';
import type { Pe } from '../cpu/pe';
import type { Tlb } from '../mmu/tlb';
import type { HostSnapshot } from '../host/host';

interface PeState {
  x: Int32Array; spBank: Int32Array; sys: Int32Array;
  scalars: number[];
  exclusiveValid: boolean; event: boolean; halted: boolean;
  tlb: (Int32Array | Uint8Array | Float64Array | Int8Array)[];
}

interface Snapshot {
  instructions: number;
  next: number;
  running: boolean[];
  pes: PeState[];
  /** Pre-images of RAM pages first written after this snapshot. */
  journal: Map<number, Uint8Array>;
  /** The host model's state (nested mode). */
  host: HostSnapshot | undefined;
}

const SCALARS = ['pcLo', 'pcHi', 'f', 'el', 'spsel', 'daif', 'pan', 'uao', 'dit', 'ssbs', 'tco', 'btype', 'ss', 'il', 'exclusivePa', 'exclusiveBytes', 'insns'] as const;

function tlbArrays(t: Tlb): (Int32Array | Uint8Array | Float64Array | Int8Array)[] {
  return [t.vpnLo, t.vpnHi, t.ctx, t.asid, t.perms, t.paPage, t.level, t.sizeLog2, t.ipaPage];
}

function savePe(pe: Pe, tlb: Tlb): PeState {
  return {
    x: pe.x.slice(), spBank: pe.spBank.slice(), sys: pe.sys.v.slice(),
    scalars: SCALARS.map((k) => pe[k]),
    exclusiveValid: pe.exclusiveValid, event: pe.event, halted: pe.halted,
    tlb: tlbArrays(tlb).map((a) => a.slice()),
  };
}

function restorePe(pe: Pe, tlb: Tlb, s: PeState): void {
  pe.x.set(s.x); pe.spBank.set(s.spBank); pe.sys.v.set(s.sys); pe.sys.version++;
  SCALARS.forEach((k, i) => { pe[k] = s.scalars[i]; });
  pe.exclusiveValid = s.exclusiveValid; pe.event = s.event; pe.halted = s.halted;
  tlbArrays(tlb).forEach((a, i) => { (a as Int32Array).set(s.tlb[i] as Int32Array); });
}

export class History {
  private readonly snaps: Snapshot[] = [];
  /** Replays must not repeat guest output or debugger events. */
  replaying = false;

  constructor(private readonly m: Machine) {}

  /** Snapshots taken so far (for the memory-cost note in the UI). */
  get size(): number { return this.snaps.length; }

  /** Take a snapshot of the current state (at every debugger stop). */
  snapshot(): void {
    const m = this.m;
    const last = this.snaps[this.snaps.length - 1];
    if (last !== undefined && last.instructions === m.instructions) return;
    const journal = new Map<number, Uint8Array>();
    this.snaps.push({
      instructions: m.instructions, next: m.schedulerPosition(), running: [...m.running],
      pes: m.pes.map((pe, i) => savePe(pe, m.cores[i].tlb)), journal, host: m.host?.save(),
    });
    m.mem.armJournal(journal);
  }

  /** The state was edited by hand: history before this point cannot be replayed; start afresh. */
  restart(): void {
    this.snaps.length = 0;
    this.snapshot();
  }

  /** Restore the newest snapshot at or before `target` instructions; returns its count, or undefined if none. */
  private restoreTo(target: number): number | undefined {
    const m = this.m;
    let k = this.snaps.length - 1;
    while (k >= 0 && this.snaps[k].instructions > target) k--;
    if (k < 0) return undefined;
    for (let j = this.snaps.length - 1; j >= k; j--) m.mem.restorePages(this.snaps[j].journal);
    const s = this.snaps[k];
    this.snaps.length = k + 1;
    s.pes.forEach((ps, i) => { restorePe(m.pes[i], m.cores[i].tlb, ps); m.cores[i].contextChanged(); });
    if (s.host !== undefined) m.host?.restore(s.host);
    m.running.splice(0, m.running.length, ...s.running);
    m.restoreSchedule(s.instructions, s.next);
    s.journal = new Map();
    m.mem.armJournal(s.journal);
    return s.instructions;
  }

  /**
   * Bring the machine to exactly `target` retired instructions (target < now): restore and
   * replay with output and events suppressed. Single-vCPU machines only: the debugger's
   * per-vCPU stepping does not follow the round-robin schedule that a replay would.
   */
  goBackTo(target: number): boolean {
    const m = this.m;
    if (m.pes.length !== 1 || target < 0 || target >= m.instructions) return false;
    const from = this.restoreTo(target);
    if (from === undefined) return false;
    this.replaying = true;
    m.silent = true;
    try {
      const saved = m.pes.map((_, i) => m.cores[i].breakpointsSuspended);
      for (const c of m.cores) c.breakpointsSuspended = true;
      while (m.instructions < target) {
        const r = m.run(target - m.instructions);
        if (r.kind !== 'budget' && r.kind !== 'stopped' && r.kind !== 'watchpoint') break;
      }
      m.cores.forEach((c, i) => { c.breakpointsSuspended = saved[i]; c.clearStopRequest(); });
    } finally {
      this.replaying = false;
      m.silent = false;
    }
    return m.instructions === target;
  }
}
