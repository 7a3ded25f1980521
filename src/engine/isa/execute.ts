// The interpreter: fetch through a per-page decode cache, dispatch on a dense
// operation number, execute on int32 pairs. Rare work (exceptions, system
// instructions, slow memory paths) lives in separate functions so the hot
// loop stays small (perf-anchors §2.8). Fields are read from the instruction
// word at the positions the encoding table (encodings.ts) declares.
import { Pe, R, HCR } from '../cpu/pe';
import { PhysicalMemory, PAGE_CODE } from '../memory/bus';
import { decodeOp } from './decoder';
import { Op } from './ops';
import {
  res, flags, addWithCarry64, addWithCarry32, shift64, shift32, mul64, mulHigh64, div64,
  WMASK, TMASK, MASKOK, rbit32, bswap32, crc32,
} from './alu';
import { EC, defaultTargetEl, takeSync, exceptionReturn, tbiForPc, ExceptionListener } from '../cpu/exceptions';
import { Acc, FSC, dataAbortIss } from '../cpu/faults';
import { systemInstruction, msrImmediate } from '../cpu/sysaccess';
import { clz64 } from '../util/u64';
import { Tlb } from '../mmu/tlb';

/** Why run() returned. */
export const enum Stop {
  BUDGET = 0,
  /** The program ended (semihosting exit, PSCI SYSTEM_OFF). */
  EXIT,
  /** WFI with nothing to wake the PE. */
  WFI,
  /** An engine limitation or internal error; see Core.stopMessage. */
  ERROR,
  /** A host hook asked to stop (event filter, machine reset). */
  HOOK,
  /** The PC reached an instruction breakpoint (before executing it). */
  BREAKPOINT,
}

/** Services the PE needs from the machine: semihosting, PSCI, tracing. */
export interface CoreHost {
  /** HLT #0xF000 at EL1/EL2: perform the semihosting call in W0/X1. Returns a Stop or undefined to continue. */
  semihosting(core: Core): Stop | undefined;
  /** SMC with a PSCI function id in W0 (QEMU virt, conduit SMC). Returns undefined if not a PSCI call. */
  psci(core: Core): Stop | undefined;
  readonly onException?: ExceptionListener;
  /** After an exception return: the vCPU, the EL it left and the EL it returned to. */
  readonly onEret?: (cpu: number, fromEl: number, toEl: number) => void;
  /**
   * Nested mode: physical EL2 is the host hypervisor model, which sees every synchronous
   * exception before the PE vectors it. Returns true when the host took it (emulated a
   * trap, injected it into virtual EL2, ...); false lets the PE take it architecturally.
   */
  readonly intercept?: (core: Core, targetEl: number, ec: number, iss: number, retLo: number, retHi: number,
    farValid: boolean, farLo: number, farHi: number) => boolean;
}

/** Handlers for the AT and TLBI operation space (filled by the MMU and host model). */
export interface SysHooks {
  /** AT <name>, Xt. Returns true to continue, false after an exception, 'stop' for an engine limitation. */
  at(core: Core, name: string, xt: [number, number], word: number): boolean | 'stop';
  tlbi(core: Core, name: string, xt: [number, number]): boolean | 'stop';
}

/** Translation hook for the MMU (issue 3); the MMU-off identity map is built in. */
export interface Translator {
  /** Returns a PA, or -1 after taking the fault exception on `core`. */
  translate(core: Core, vaLo: number, vaHi: number, bytes: number, acc: number): number;
  /** True when no stage of translation is enabled for the current regime (identity map). */
  identity(core: Core): boolean;
  /** Side-effect-free VA -> PA for a read in the current regime (debugger, semihosting); -1 if it would fault. */
  inspect(core: Core, vaLo: number, vaHi: number): number;
  /** Set the TLB context tags of `core` for its current regime (tlbCtx, tlbAsid, TBI, needed permissions). */
  context(core: Core): void;
  /** Drop all of `core`'s cached translations. */
  flush(core: Core): void;
}

const PAGE_WORDS = 1024;
const PA_BITS = 52; // ID_AA64MMFR0_EL1.PARange = 0b0110 on QEMU 7.2 -cpu max

export class Core {
  readonly x: Int32Array;
  stopMessage = '';
  /** Value of the last load (zero-extended to 64 bits). */
  ldLo = 0;
  ldHi = 0;
  private fetchPageLo = -1;
  private fetchOps: Uint8Array | undefined;
  /** The page fetchOps/fetchWordBase describe (VA bits [31:12] and [63:32]); -1 when none. */
  private pageLo = -1;
  private pageHi = 0;
  private fetchWordBase = 0;
  /** Cached "no translation" flag for the current regime; recomputed when dirty. */
  identityMap = true;
  translationDirty = true;

  /** AT/TLBI handlers. Without a TLB, TLBI has nothing to invalidate; AT needs the walker. */
  sysHooks: SysHooks = {
    at: (core, name) => { core.stopMessage = `${name}: address translation instructions need the MMU module (not attached)`; return 'stop'; },
    tlbi: () => true,
  };

  constructor(readonly pe: Pe, readonly mem: PhysicalMemory, readonly host: CoreHost, public translator: Translator | undefined) {
    this.x = pe.x;
  }

  /** The translation regime or PSTATE changed: drop cached fetch/translation state. */
  contextChanged(): void {
    this.translationDirty = true;
    this.pcTbiCache = -1;
    this.fetchPageLo = -1;
    this.pageLo = -1;
  }

  // ---- exceptions ----------------------------------------------------------

  /** Synchronous exception with the current instruction as the preferred return address. */
  exception(targetEl: number, ec: number, iss: number): void {
    this.take(targetEl, ec, iss, this.pe.pcLo, this.pe.pcHi, false, 0, 0);
  }

  /** Every synchronous exception ends here: the host model (nested mode) first, else AArch64.TakeException. */
  take(targetEl: number, ec: number, iss: number, retLo: number, retHi: number, farValid: boolean, farLo: number, farHi: number): void {
    const h = this.host.intercept;
    // The host calls contextChanged() itself when its emulation changed the translation context.
    if (h !== undefined && h(this, targetEl, ec, iss, retLo, retHi, farValid, farLo, farHi)) return;
    takeSync(this.pe, targetEl, ec, iss, retLo, retHi, farValid, farLo, farHi, this.host.onException);
    this.contextChanged();
  }

  /** As exception(), returning to the next instruction (SVC, HVC, SMC). */
  exceptionNext(targetEl: number, ec: number, iss: number): void {
    const pe = this.pe;
    const t = (pe.pcLo >>> 0) + 4;
    this.take(targetEl, ec, iss, t | 0, (pe.pcHi + (t > 0xffffffff ? 1 : 0)) | 0, false, 0, 0);
  }

  undefined(): void { this.exception(defaultTargetEl(this.pe), EC.UNKNOWN, 0); }

  /**
   * The load/store instruction whose access is in progress, for the data abort
   * instruction syndrome (ISV, SAS, SSE, SRT, SF, AR); 0 when it has none
   * (pairs, writeback forms, exclusives, atomics, cache maintenance).
   */
  syndromeInsn = 0;

  /** Data or instruction abort with FAR. */
  abort(fetch: boolean, iss: number, farLo: number, farHi: number, targetEl?: number): void {
    const pe = this.pe;
    const to = targetEl ?? defaultTargetEl(pe);
    // QEMU 7.2 reports a valid instruction syndrome for every data abort taken to
    // EL2 by a single-register load/store (merge_syn_data_abort); nvdbg matches it.
    if (!fetch && to === 2 && this.syndromeInsn !== 0 && (iss & (1 << 7)) === 0) iss |= instructionSyndrome(this.syndromeInsn);
    const ec = fetch ? (to === pe.el ? EC.IABT_CUR : EC.IABT_LOW) : (to === pe.el ? EC.DABT_CUR : EC.DABT_LOW);
    this.take(to, ec, iss, pe.pcLo, pe.pcHi, true, farLo, farHi);
  }

  // ---- memory --------------------------------------------------------------

  private refreshIdentity(): void {
    this.identityMap = this.translator === undefined ? true : this.translator.identity(this);
    if (!this.identityMap) (this.translator as Translator).context(this);
    this.translationDirty = false;
  }

  /** Instruction breakpoints by VA bits [31:0], with the full addresses in `breakpointFull` and their pages in `bpPages`. */
  private breakpoints: Set<number> | null = null;
  private readonly breakpointFull = new Set<string>();
  private readonly bpPages = new Set<string>();
  /** The fetch page holds a breakpoint: its instructions take the slow path one by one. */
  private pageHasBp = false;
  /** Set while the debugger replays history: breakpoints do not stop the replay. */
  breakpointsSuspended = false;
  /** Set by the debugger on resume: do not stop on the breakpoint at the current PC. */
  skipBreakpointOnce = false;
  /** Set by event listeners (exception filters, watchpoints) to stop before the next instruction. */
  stopRequested = false;
  /** Instructions until PSTATE.BTYPE is cleared (2 after BR/BLR/ERET: the next instruction still sees it). */
  private btypeAge = 0;

  requestStop(): void { this.stopRequested = true; this.fetchPageLo = -1; }
  private errorRequested = false;
  /**
   * Data breakpoints on system registers: registry indices to watch (1 = watched), and who
   * to tell after a write (MSR on the PE, or a write the host model emulated).
   */
  sysregWatch: Uint8Array | undefined;
  onSysregWrite: ((core: Core, index: number) => void) | undefined;
  /** Report a system register write to the watch (cheap when nothing is watched). */
  sysregWritten(index: number): void {
    if (this.sysregWatch !== undefined && this.sysregWatch[index] === 1 && this.onSysregWrite !== undefined) this.onSysregWrite(this, index);
  }
  /** Stop with Stop.ERROR after the current instruction: an engine limitation met by the host model. */
  requestError(message: string): void { this.stopMessage = message; this.errorRequested = true; this.requestStop(); }
  clearStopRequest(): void { this.stopRequested = false; this.fetchPageLo = -1; }

  /** Replace the instruction breakpoints (virtual addresses in the current regime, as [lo, hi]). */
  setBreakpoints(addrs: readonly [number, number][]): void {
    this.breakpointFull.clear();
    this.bpPages.clear();
    this.breakpoints = addrs.length === 0 ? null : new Set(addrs.map(([lo]) => lo));
    for (const [lo, hi] of addrs) {
      this.breakpointFull.add(`${lo >>> 0}:${hi >>> 0}`);
      this.bpPages.add(`${(lo & ~0xfff) >>> 0}:${hi >>> 0}`);
    }
    this.pageLo = -1;
    this.fetchPageLo = -1;
  }

  private breakpointHit(lo: number, hi: number): boolean { return this.breakpoints !== null && this.breakpoints.has(lo) && this.breakpointFull.has(`${lo >>> 0}:${hi >>> 0}`); }

  /** This PE's TLB and the tags of its current context (set by Translator.context). */
  readonly tlb = new Tlb();
  tlbCtx = -1;
  /** tlbCtxHash(tlbCtx): the context's part of a TLB index. */
  tlbCtxHash = 0;
  tlbAsid = 0;
  tlbTbi0 = 0;
  tlbTbi1 = 0;
  needR = 0;
  needW = 0;

  /**
   * VA -> PA for a data access of `bytes`, with alignment checks. With stage 1
   * off, data accesses are Device-nGnRnE (D8.2.10), so every unaligned access
   * takes an Alignment fault. QEMU 7.2 does not check this; nvdbg follows the
   * Arm ARM (pinned in test/unit/align.test.ts). Returns -1 after a fault.
   */
  dataPa(vaLo: number, vaHi: number, bytes: number, acc: number): number {
    if (this.translationDirty) this.refreshIdentity();
    if (this.identityMap) {
      if ((vaLo & (bytes - 1)) !== 0) {
        this.abort(false, dataAbortIss(FSC.ALIGNMENT, (acc & (Acc.WRITE | Acc.RMW)) !== 0, (acc & Acc.CM) !== 0, false, false, false), vaLo, vaHi);
        return -1;
      }
      if ((vaHi >>> (PA_BITS - 32)) !== 0) {
        this.abort(false, dataAbortIss(FSC.ADDR_SIZE_L0, (acc & (Acc.WRITE | Acc.RMW)) !== 0, (acc & Acc.CM) !== 0, false, false, false), vaLo, vaHi);
        return -1;
      }
      return (vaHi >>> 0) * 4294967296 + (vaLo >>> 0);
    }
    // TLB hit for an aligned access with the current context's permissions; else walk.
    if ((vaLo & (bytes - 1)) === 0 && (acc & Acc.UNPRIV) === 0) {
      const h = ((vaHi >>> 23) & 1 ? this.tlbTbi1 : this.tlbTbi0) === 1 ? (vaHi << 8) >> 8 : vaHi;
      const i = this.tlb.hit(vaLo, h, this.tlbCtx, this.tlbCtxHash, this.tlbAsid, (acc & (Acc.WRITE | Acc.RMW)) !== 0 ? this.needW : this.needR);
      if (i >= 0) return this.tlb.paPage[i] + (vaLo & 0xfff);
    }
    const tr = this.translator as Translator;
    return tr.translate(this, vaLo, vaHi, bytes, acc);
  }

  /**
   * The RAM offset of an aligned access when it needs no walk, fault or check: the identity map
   * (stage 1 off) or a TLB hit with the permission the access needs, on a page of RAM; -1 otherwise
   * (slow path). An access that stays within its 4 KiB page may use bytes up to the page's end.
   */
  fastRam(vaLo: number, vaHi: number, bytes: number, write: boolean): number {
    if (this.translationDirty || (vaLo & (bytes - 1)) !== 0) return -1;
    if (this.identityMap) {
      if (vaHi !== 0) return -1;
      const m = this.mem, o = (vaLo >>> 0) - m.ramBase;
      return o >= 0 && o + 4096 - (vaLo & 0xfff) <= m.ramSize && (o & (bytes - 1)) === 0 ? o : -1;
    }
    const h = ((vaHi >>> 23) & 1 ? this.tlbTbi1 : this.tlbTbi0) === 1 ? (vaHi << 8) >> 8 : vaHi;
    const i = this.tlb.hit(vaLo, h, this.tlbCtx, this.tlbCtxHash, this.tlbAsid, write ? this.needW : this.needR);
    const r = i < 0 ? -1 : this.tlb.ramPage[i];
    return r < 0 ? -1 : r | (vaLo & 0xfff);
  }

  /** External abort for an access to a PA with nothing behind it. */
  private busError(vaLo: number, vaHi: number, acc: number): void {
    this.abort((acc & Acc.FETCH) !== 0, dataAbortIss(FSC.SEA, (acc & (Acc.WRITE | Acc.RMW)) !== 0, (acc & Acc.CM) !== 0, false, false, false), vaLo, vaHi);
  }

  /** Load `bytes` (1, 2, 4, 8) into ldLo/ldHi, zero-extended. False after a fault. */
  load(vaLo: number, vaHi: number, bytes: number, acc: number): boolean {
    const pa = this.dataPa(vaLo, vaHi, bytes, acc);
    if (pa < 0) return false;
    return this.loadPa(pa, vaLo, vaHi, bytes, acc);
  }

  /** Load from a translated address; `va` is reported in FAR if the bus errors. */
  loadPa(pa: number, vaLo: number, vaHi: number, bytes: number, acc: number): boolean {
    const m = this.mem;
    const o = pa - m.ramBase;
    if (o >= 0 && o + bytes <= m.ramSize) {
      switch (bytes) {
        case 8:
          if ((o & 3) === 0) { this.ldLo = m.ram32[o >>> 2]; this.ldHi = m.ram32[(o >>> 2) + 1]; } else { this.ldLo = m.dv.getInt32(o, true); this.ldHi = m.dv.getInt32(o + 4, true); }
          return true;
        case 4: this.ldLo = (o & 3) === 0 ? m.ram32[o >>> 2] : m.dv.getInt32(o, true); this.ldHi = 0; return true;
        case 2: this.ldLo = m.dv.getUint16(o, true); this.ldHi = 0; return true;
        default: this.ldLo = m.ram[o]; this.ldHi = 0; return true;
      }
    }
    const v = m.read(pa, bytes);
    if (v === undefined) { this.busError(vaLo, vaHi, acc | Acc.READ); return false; }
    this.ldLo = bytes === 1 ? v & 0xff : bytes === 2 ? v & 0xffff : v | 0;
    this.ldHi = bytes === 8 ? m.hi : 0;
    return true;
  }

  /** Store `bytes` of (lo, hi). False after a fault. */
  store(vaLo: number, vaHi: number, bytes: number, lo: number, hi: number, acc: number): boolean {
    const pa = this.dataPa(vaLo, vaHi, bytes, acc | Acc.WRITE);
    if (pa < 0) return false;
    return this.storePa(pa, vaLo, vaHi, bytes, lo, hi, acc);
  }

  storePa(pa: number, vaLo: number, vaHi: number, bytes: number, lo: number, hi: number, acc: number): boolean {
    const m = this.mem;
    const o = pa - m.ramBase;
    if (o >= 0 && o + bytes <= m.ramSize) {
      if ((m.pageFlags[o >>> 12] | m.pageFlags[(o + bytes - 1) >>> 12]) !== 0) m.willStore(o, bytes);
      switch (bytes) {
        case 8:
          if ((o & 3) === 0) { m.ram32[o >>> 2] = lo; m.ram32[(o >>> 2) + 1] = hi; } else { m.dv.setInt32(o, lo, true); m.dv.setInt32(o + 4, hi, true); }
          break;
        case 4: if ((o & 3) === 0) m.ram32[o >>> 2] = lo; else m.dv.setInt32(o, lo, true); break;
        case 2: m.dv.setUint16(o, lo & 0xffff, true); break;
        default: m.ram[o] = lo;
      }
      if (this.pe.exclusiveValid) this.monitorStore(pa, bytes);
      return true;
    }
    if (!m.write(pa, bytes, lo, hi)) { this.busError(vaLo, vaHi, acc | Acc.WRITE); return false; }
    return true;
  }

  /** A store by this PE to the marked block clears... nothing locally (only other PEs' stores do); kept for the global monitor hook. */
  private monitorStore(_pa: number, _bytes: number): void { /* single local monitor: own stores do not clear it */ }

  /** Side-effect-free VA -> PA in the current regime; -1 when the access would fault. */
  inspectPa(vaLo: number, vaHi: number): number {
    if (this.translationDirty) this.refreshIdentity();
    if (this.identityMap) return (vaHi >>> (PA_BITS - 32)) !== 0 ? -1 : (vaHi >>> 0) * 4294967296 + (vaLo >>> 0);
    return (this.translator as Translator).inspect(this, vaLo, vaHi);
  }

  /** Read guest bytes at a VA without side effects (page by page); undefined if any byte is unmapped. */
  readVirtual(vaLo: number, vaHi: number, len: number): Uint8Array | undefined {
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const t = (vaLo >>> 0) + done;
      const lo = t | 0, hi = (vaHi + Math.floor(t / 4294967296)) | 0;
      const pa = this.inspectPa(lo, hi);
      if (pa < 0) return undefined;
      const chunk = Math.min(len - done, 4096 - (lo & 0xfff));
      const b = this.mem.readBytes(pa, chunk);
      if (b === undefined) return undefined;
      out.set(b, done);
      done += chunk;
    }
    return out;
  }

  /** Write guest bytes at a VA (semihosting results); false if any byte is unmapped. */
  writeVirtual(vaLo: number, vaHi: number, data: Uint8Array): boolean {
    let done = 0;
    while (done < data.length) {
      const t = (vaLo >>> 0) + done;
      const lo = t | 0, hi = (vaHi + Math.floor(t / 4294967296)) | 0;
      const pa = this.inspectPa(lo, hi);
      if (pa < 0) return false;
      const chunk = Math.min(data.length - done, 4096 - (lo & 0xfff));
      if (!this.mem.writeBytes(pa, data.subarray(done, done + chunk))) return false;
      done += chunk;
    }
    return true;
  }

  // ---- fetch ---------------------------------------------------------------

  /** Refill the fetch page for the current PC. Returns false after taking an abort. */
  private refillFetch(): boolean {
    const pe = this.pe;
    if (this.translationDirty) this.refreshIdentity();
    let pa: number;
    if (this.identityMap) {
      if ((pe.pcHi >>> (PA_BITS - 32)) !== 0) {
        this.abort(true, FSC.ADDR_SIZE_L0, pe.pcLo, pe.pcHi);
        return false;
      }
      pa = (pe.pcHi >>> 0) * 4294967296 + ((pe.pcLo & ~0xfff) >>> 0);
    } else {
      const full = (this.translator as Translator).translate(this, pe.pcLo, pe.pcHi, 4, Acc.FETCH | Acc.READ);
      if (full < 0) return false;
      pa = full - (full % 4096);
    }
    const m = this.mem;
    const o = pa - m.ramBase;
    if (o < 0 || o >= m.ramSize) {
      this.abort(true, FSC.SEA, pe.pcLo, pe.pcHi);
      return false;
    }
    const p = o >>> 12;
    let ops = m.codePages[p];
    if (ops === undefined) { ops = new Uint8Array(PAGE_WORDS); m.codePages[p] = ops; m.pageFlags[p] |= PAGE_CODE; }
    this.fetchOps = ops;
    this.fetchWordBase = o >>> 2;
    this.pageLo = pe.pcLo & ~0xfff;
    this.pageHi = pe.pcHi;
    this.pageHasBp = this.bpPages.size > 0 && this.bpPages.has(`${this.pageLo >>> 0}:${this.pageHi >>> 0}`);
    return true;
  }

  // ---- the loop ------------------------------------------------------------

  /** Execute up to `budget` instructions. Returns why it stopped; `executed` tells how many retired. */
  executed = 0;
  run(budget: number): Stop {
    const pe = this.pe;
    const x = this.x;
    const ram32 = this.mem.ram32;
    let n = 0;
    const insnsBase = pe.insns;
    let stop: Stop = Stop.BUDGET;
    // The fetch page's decode cache and word base, valid while fetchPageLo matches the PC
    // (every context change resets fetchPageLo, which forces a refill that reloads them).
    let ops = this.fetchOps as Uint8Array;
    let wordBase = this.fetchWordBase;
    outer:
    while (n < budget) {
      const pcLo = pe.pcLo;
      // One compare covers the common case: same fetch page, aligned PC, nothing for the debugger.
      // Everything else (misaligned PC, PSTATE.IL, a new page, stop requests, BTYPE aging,
      // breakpoints on this page) resets fetchPageLo and so takes the slow path below.
      if ((pcLo & ~0xffc) !== this.fetchPageLo) {
        if ((pcLo & 3) !== 0) {
          // PC alignment fault (D1.3.8): taken on the fetch of a misaligned PC.
          this.take(defaultTargetEl(pe), EC.PC_ALIGN, 0, pcLo, pe.pcHi, true, pcLo, pe.pcHi);
          continue;
        }
        if (pe.il === 1) {
          // PSTATE.IL set by an illegal exception return: Illegal State exception.
          this.exception(defaultTargetEl(pe), EC.ILLEGAL_STATE, 0);
          continue;
        }
        if (this.stopRequested) { this.stopRequested = false; stop = this.errorRequested ? Stop.ERROR : Stop.HOOK; this.errorRequested = false; break; }
        // PSTATE.BTYPE lives for exactly one instruction after the branch (or ERET) that set it.
        if (this.btypeAge > 0 && --this.btypeAge === 0) pe.btype = 0;
        if ((pcLo & ~0xfff) !== this.pageLo || pe.pcHi !== this.pageHi) {
          if (!this.refillFetch()) continue;
          ops = this.fetchOps as Uint8Array;
          wordBase = this.fetchWordBase;
        }
        const bpsLive = this.pageHasBp && !this.breakpointsSuspended;
        if (bpsLive && !(n === 0 && this.skipBreakpointOnce) && this.breakpointHit(pcLo, pe.pcHi)) { stop = Stop.BREAKPOINT; break; }
        this.fetchPageLo = this.btypeAge > 0 || bpsLive ? -1 : this.pageLo;
      }
      const idx = (pcLo >>> 2) & 1023;
      const w = ram32[wordBase + idx];
      let op = ops[idx];
      if (op === 0) { op = decodeOp(w); ops[idx] = op; }
      n++;
      let npcLo = (pcLo + 4) | 0;
      let npcHi = pe.pcHi;
      if (npcLo === 0) npcHi = (npcHi + 1) | 0;
      const rd = w & 31;
      const rn = (w >>> 5) & 31;
      const sf = w >>> 31;
      switch (op) {
        // ---- data processing, immediate ----
        // ADD/SUB/SUBS (immediate) are the commonest instructions: inline without the flag helper.
        case Op.ADD_IMM: {
          const imm = ((w >>> 10) & 0xfff) << (((w >>> 22) & 1) * 12);
          const sn = rn === 31 ? 32 : rn, d = rd === 31 ? 32 : rd;
          const aLo = x[sn << 1];
          if (sf) {
            const t = (aLo >>> 0) + imm;
            x[d << 1] = t | 0;
            x[(d << 1) | 1] = t > 0xffffffff ? (x[(sn << 1) | 1] + 1) | 0 : x[(sn << 1) | 1];
          } else { x[d << 1] = (aLo + imm) | 0; x[(d << 1) | 1] = 0; }
          break;
        }
        case Op.SUB_IMM: {
          const imm = ((w >>> 10) & 0xfff) << (((w >>> 22) & 1) * 12);
          const sn = rn === 31 ? 32 : rn, d = rd === 31 ? 32 : rd;
          const aLo = x[sn << 1];
          if (sf) {
            const t = (aLo >>> 0) - imm;
            x[d << 1] = t | 0;
            x[(d << 1) | 1] = t < 0 ? (x[(sn << 1) | 1] - 1) | 0 : x[(sn << 1) | 1];
          } else { x[d << 1] = (aLo - imm) | 0; x[(d << 1) | 1] = 0; }
          break;
        }
        case Op.SUBS_IMM: {
          let imm = (w >>> 10) & 0xfff;
          if ((w >>> 22) & 1) imm <<= 12;
          const sn = rn === 31 ? 32 : rn;
          const aLo = x[sn << 1];
          let rLo: number, rHi: number;
          if (sf) {
            const aHi = x[(sn << 1) | 1];
            const t = (aLo >>> 0) - imm;
            rLo = t | 0;
            const th = (aHi >>> 0) - (t < 0 ? 1 : 0);
            rHi = th | 0;
            pe.f = ((rHi >>> 31) << 3) | (((rLo | rHi) === 0 ? 1 : 0) << 2) | ((th >= 0 ? 1 : 0) << 1) | ((aHi & (aHi ^ rHi)) >>> 31);
          } else {
            const t = (aLo >>> 0) - imm;
            rLo = t | 0; rHi = 0;
            pe.f = ((rLo >>> 31) << 3) | ((rLo === 0 ? 1 : 0) << 2) | ((t >= 0 ? 1 : 0) << 1) | ((aLo & (aLo ^ rLo)) >>> 31);
          }
          if (rd !== 31) { x[rd << 1] = rLo; x[(rd << 1) | 1] = rHi; }
          break;
        }
        case Op.ADDS_IMM: {
          let imm = (w >>> 10) & 0xfff;
          if ((w >>> 22) & 1) imm <<= 12;
          const sn = rn === 31 ? 32 : rn;
          if (sf) addWithCarry64(x[sn << 1], x[(sn << 1) | 1], imm, 0, 0); else addWithCarry32(x[sn << 1], imm, 0);
          pe.f = ((flags[0]) << 3) | ((flags[1]) << 2) | ((flags[2]) << 1) | (flags[3]);
          if (rd !== 31) { x[rd << 1] = res[0]; x[(rd << 1) | 1] = res[1]; }
          break;
        }
        case Op.AND_IMM: case Op.ORR_IMM: case Op.EOR_IMM: case Op.ANDS_IMM: {
          const N = (w >>> 22) & 1;
          if (!sf && N) { this.undefined(); continue outer; }
          const mi = (N << 12) | (((w >>> 16) & 63) << 6) | ((w >>> 10) & 63);
          if ((MASKOK[mi] & 1) === 0) { this.undefined(); continue outer; }
          const mLo = WMASK[mi << 1], mHi = sf ? WMASK[(mi << 1) | 1] : 0;
          const aLo = x[rn << 1], aHi = sf ? x[(rn << 1) | 1] : 0;
          let rLo: number, rHi: number;
          const opc = (w >>> 29) & 3;
          if (opc === 1) { rLo = aLo | mLo; rHi = aHi | mHi; } else if (opc === 2) { rLo = aLo ^ mLo; rHi = aHi ^ mHi; } else { rLo = aLo & mLo; rHi = aHi & mHi; }
          if (opc === 3) {
            pe.f = ((sf ? rHi >>> 31 : rLo >>> 31) << 3) | (((rLo | rHi) === 0 ? 1 : 0) << 2) | ((0) << 1) | (0);
            if (rd !== 31) { x[rd << 1] = rLo; x[(rd << 1) | 1] = rHi; }
          } else {
            const d = rd === 31 ? 32 : rd;
            x[d << 1] = rLo; x[(d << 1) | 1] = rHi;
          }
          break;
        }
        case Op.MOVN: case Op.MOVZ: case Op.MOVK: {
          const hw = (w >>> 21) & 3;
          if (!sf && hw >= 2) { this.undefined(); continue outer; }
          const imm = (w >>> 5) & 0xffff;
          if (rd === 31) break;
          if (op === Op.MOVK) {
            const sh = (hw & 1) * 16;
            const m = ~(0xffff << sh);
            if (hw < 2) x[rd << 1] = (x[rd << 1] & m) | (imm << sh);
            else x[(rd << 1) | 1] = (x[(rd << 1) | 1] & m) | (imm << sh);
            if (!sf) x[(rd << 1) | 1] = 0;
          } else {
            let lo = hw === 0 ? imm : hw === 1 ? imm << 16 : 0;
            let hi = hw === 2 ? imm : hw === 3 ? imm << 16 : 0;
            if (op === Op.MOVN) { lo = ~lo; hi = sf ? ~hi : 0; }
            x[rd << 1] = lo; x[(rd << 1) | 1] = hi;
          }
          break;
        }
        case Op.SBFM: case Op.BFM: case Op.UBFM: {
          const N = (w >>> 22) & 1, immr = (w >>> 16) & 63, imms = (w >>> 10) & 63;
          if (sf !== N || (!sf && (immr >= 32 || imms >= 32))) { this.undefined(); continue outer; }
          const mi = (N << 12) | (immr << 6) | imms;
          if ((MASKOK[mi] & 2) === 0) { this.undefined(); continue outer; }
          this.bitfield(op, sf, rd, rn, immr, imms, mi);
          break;
        }
        case Op.EXTR: {
          const N = (w >>> 22) & 1, imms = (w >>> 10) & 63, rm = (w >>> 16) & 31;
          if (sf !== N || (!sf && imms >= 32)) { this.undefined(); continue outer; }
          if (rd === 31) break;
          if (sf) {
            // (Rn:Rm) >> lsb, low 64 bits
            const mLo = x[rm << 1], mHi = x[(rm << 1) | 1], nLo = x[rn << 1], nHi = x[(rn << 1) | 1];
            let lo: number, hi: number;
            if (imms === 0) { lo = mLo; hi = mHi; } else if (imms < 32) { lo = (mLo >>> imms) | (mHi << (32 - imms)); hi = (mHi >>> imms) | (nLo << (32 - imms)); } else if (imms === 32) { lo = mHi; hi = nLo; } else { const s = imms - 32; lo = (mHi >>> s) | (nLo << (32 - s)); hi = (nLo >>> s) | (nHi << (32 - s)); }
            x[rd << 1] = lo; x[(rd << 1) | 1] = hi;
          } else {
            const m = x[rm << 1], nn = x[rn << 1];
            x[rd << 1] = imms === 0 ? m : (m >>> imms) | (nn << (32 - imms)); x[(rd << 1) | 1] = 0;
          }
          break;
        }
        case Op.ADR: case Op.ADRP: {
          const imm = ((w << 8) >> 13 << 2) | ((w >>> 29) & 3); // sign-extended immhi:immlo
          let baseLo = pcLo;
          if (op === Op.ADRP) { baseLo = pcLo & ~0xfff; }
          if (rd === 31) break;
          // ADRP's imm << 12 can exceed 32 bits: add as a double (exact).
          const t = (baseLo >>> 0) + (op === Op.ADRP ? imm * 4096 : imm);
          x[rd << 1] = t | 0; x[(rd << 1) | 1] = (pe.pcHi + Math.floor(t / 4294967296)) | 0;
          break;
        }
        // ---- branches ----
        case Op.B: case Op.BL: {
          const off = (w << 6) >> 4; // imm26 * 4, sign-extended
          if (op === Op.BL) { x[60] = npcLo; x[61] = npcHi; }
          const t = (pcLo >>> 0) + off;
          npcLo = t | 0; npcHi = (pe.pcHi + (t < 0 ? -1 : t > 0xffffffff ? 1 : 0)) | 0;
          break;
        }
        case Op.B_COND: {
          if (COND_HOLDS[((w & 15) << 4) | pe.f] === 1) {
            const t = (pcLo >>> 0) + ((w << 8) >> 13 << 2);
            npcLo = t | 0; npcHi = (pe.pcHi + (t < 0 ? -1 : t > 0xffffffff ? 1 : 0)) | 0;
          }
          break;
        }
        case Op.CBZ: case Op.CBNZ: {
          const zero = sf ? (x[rd << 1] | x[(rd << 1) | 1]) === 0 : x[rd << 1] === 0;
          if (zero === (op === Op.CBZ)) {
            const t = (pcLo >>> 0) + ((w << 8) >> 13 << 2);
            npcLo = t | 0; npcHi = (pe.pcHi + (t < 0 ? -1 : t > 0xffffffff ? 1 : 0)) | 0;
          }
          break;
        }
        case Op.TBZ: case Op.TBNZ: {
          const bit = (sf << 5) | ((w >>> 19) & 31);
          const v = bit >= 32 ? (x[(rd << 1) | 1] >>> (bit - 32)) & 1 : (x[rd << 1] >>> bit) & 1;
          if ((v === 0) === (op === Op.TBZ)) {
            const t = (pcLo >>> 0) + ((w << 13) >> 18 << 2);
            npcLo = t | 0; npcHi = (pe.pcHi + (t < 0 ? -1 : t > 0xffffffff ? 1 : 0)) | 0;
          }
          break;
        }
        case Op.BR: case Op.BLR: case Op.RET: {
          const tLo = x[rn << 1], tHi = x[(rn << 1) | 1];
          if (op === Op.BLR) { x[60] = npcLo; x[61] = npcHi; }
          // FEAT_BTI: BR sets BTYPE 01 (no guarded pages are modelled), BLR 10, RET 00; the
          // value is seen by the next instruction and cleared when that one completes.
          pe.btype = op === Op.BR ? 1 : op === Op.BLR ? 2 : 0;
          this.btypeAge = 2;
          this.fetchPageLo = -1;
          npcLo = tLo; npcHi = tHi;
          const tbi = this.pcTbi(npcHi);
          if (tbi === 2) npcHi = (npcHi << 8) >> 8; else if (tbi === 1) npcHi &= 0x00ffffff;
          break;
        }
        // ---- data processing, register ----
        case Op.LOGIC_SHIFT: {
          const shiftType = (w >>> 22) & 3, amt = (w >>> 10) & 63, rm = (w >>> 16) & 31;
          if (!sf && amt >= 32) { this.undefined(); continue outer; }
          let bLo: number, bHi: number;
          if (sf) { shift64(x[rm << 1], x[(rm << 1) | 1], shiftType, amt); bLo = res[0]; bHi = res[1]; } else { bLo = shift32(x[rm << 1], shiftType, amt); bHi = 0; }
          if ((w >>> 21) & 1) { bLo = ~bLo; bHi = sf ? ~bHi : 0; }
          const aLo = x[rn << 1], aHi = sf ? x[(rn << 1) | 1] : 0;
          const opc = (w >>> 29) & 3;
          let rLo: number, rHi: number;
          if (opc === 1) { rLo = aLo | bLo; rHi = aHi | bHi; } else if (opc === 2) { rLo = aLo ^ bLo; rHi = aHi ^ bHi; } else { rLo = aLo & bLo; rHi = aHi & bHi; }
          if (opc === 3) { pe.f = ((sf ? rHi >>> 31 : rLo >>> 31) << 3) | (((rLo | rHi) === 0 ? 1 : 0) << 2) | ((0) << 1) | (0); }
          if (rd !== 31) { x[rd << 1] = rLo; x[(rd << 1) | 1] = rHi; }
          break;
        }
        case Op.ADDSUB_SHIFT: {
          const shiftType = (w >>> 22) & 3, amt = (w >>> 10) & 63, rm = (w >>> 16) & 31;
          if (shiftType === 3 || (!sf && amt >= 32)) { this.undefined(); continue outer; }
          const sub = (w >>> 30) & 1, setf = (w >>> 29) & 1;
          const aLo = x[rn << 1];
          let rLo: number, rHi: number;
          if (sf) {
            const aHi = x[(rn << 1) | 1];
            let bLo = x[rm << 1], bHi = x[(rm << 1) | 1];
            if (amt !== 0) { shift64(bLo, bHi, shiftType, amt); bLo = res[0]; bHi = res[1]; }
            // 64-bit add/subtract on halves; C and V per AddWithCarry.
            if (sub) {
              const t = (aLo >>> 0) - (bLo >>> 0);
              const th = (aHi >>> 0) - (bHi >>> 0) - (t < 0 ? 1 : 0);
              rLo = t | 0; rHi = th | 0;
              if (setf) { pe.f = ((rHi >>> 31) << 3) | (((rLo | rHi) === 0 ? 1 : 0) << 2) | ((th >= 0 ? 1 : 0) << 1) | (((aHi ^ bHi) & (aHi ^ rHi)) >>> 31); }
            } else {
              const t = (aLo >>> 0) + (bLo >>> 0);
              const th = (aHi >>> 0) + (bHi >>> 0) + (t > 0xffffffff ? 1 : 0);
              rLo = t | 0; rHi = th | 0;
              if (setf) { pe.f = ((rHi >>> 31) << 3) | (((rLo | rHi) === 0 ? 1 : 0) << 2) | ((th > 0xffffffff ? 1 : 0) << 1) | ((~(aHi ^ bHi) & (aHi ^ rHi)) >>> 31); }
            }
          } else {
            const b = amt === 0 ? x[rm << 1] : shift32(x[rm << 1], shiftType, amt);
            const t = sub ? (aLo >>> 0) - (b >>> 0) : (aLo >>> 0) + (b >>> 0);
            rLo = t | 0; rHi = 0;
            if (setf) {
              pe.f = ((rLo >>> 31) << 3) | ((rLo === 0 ? 1 : 0) << 2) | ((sub ? (t >= 0 ? 1 : 0) : (t > 0xffffffff ? 1 : 0)) << 1) |
                ((sub ? ((aLo ^ b) & (aLo ^ rLo)) : (~(aLo ^ b) & (aLo ^ rLo))) >>> 31);
            }
          }
          if (rd !== 31) { x[rd << 1] = rLo; x[(rd << 1) | 1] = rHi; }
          break;
        }
        case Op.ADDSUB_EXT: {
          const option = (w >>> 13) & 7, amt = (w >>> 10) & 7, rm = (w >>> 16) & 31;
          if (amt > 4) { this.undefined(); continue outer; }
          this.extendReg(rm, option, amt);
          const sub = (w >>> 30) & 1, setf = (w >>> 29) & 1;
          const sn = rn === 31 ? 32 : rn;
          if (sf) {
            if (sub) addWithCarry64(x[sn << 1], x[(sn << 1) | 1], ~res[0], ~res[1], 1); else addWithCarry64(x[sn << 1], x[(sn << 1) | 1], res[0], res[1], 0);
          } else {
            const b = res[0];
            if (sub) addWithCarry32(x[sn << 1], ~b, 1); else addWithCarry32(x[sn << 1], b, 0);
          }
          if (setf) {
            pe.f = ((flags[0]) << 3) | ((flags[1]) << 2) | ((flags[2]) << 1) | (flags[3]);
            if (rd !== 31) { x[rd << 1] = res[0]; x[(rd << 1) | 1] = res[1]; }
          } else {
            const d = rd === 31 ? 32 : rd;
            x[d << 1] = res[0]; x[(d << 1) | 1] = res[1];
          }
          break;
        }
        case Op.ADC_SBC: {
          const rm = (w >>> 16) & 31, sub = (w >>> 30) & 1;
          let bLo = x[rm << 1], bHi = x[(rm << 1) | 1];
          if (sub) { bLo = ~bLo; bHi = ~bHi; }
          if (sf) addWithCarry64(x[rn << 1], x[(rn << 1) | 1], bLo, bHi, pe.c); else addWithCarry32(x[rn << 1], bLo, pe.c);
          if ((w >>> 29) & 1) { pe.f = ((flags[0]) << 3) | ((flags[1]) << 2) | ((flags[2]) << 1) | (flags[3]); }
          if (rd !== 31) { x[rd << 1] = res[0]; x[(rd << 1) | 1] = res[1]; }
          break;
        }
        case Op.CCMP: {
          if (this.cond((w >>> 12) & 15)) {
            let bLo: number, bHi: number;
            if ((w >>> 11) & 1) { bLo = (w >>> 16) & 31; bHi = 0; } else { const rm = (w >>> 16) & 31; bLo = x[rm << 1]; bHi = x[(rm << 1) | 1]; }
            const sub = (w >>> 30) & 1;
            if (sub) { bLo = ~bLo; bHi = ~bHi; }
            if (sf) addWithCarry64(x[rn << 1], x[(rn << 1) | 1], bLo, bHi, sub); else addWithCarry32(x[rn << 1], bLo, sub);
            pe.f = ((flags[0]) << 3) | ((flags[1]) << 2) | ((flags[2]) << 1) | (flags[3]);
          } else {
            pe.setNzcv((w & 15) << 28);
          }
          break;
        }
        case Op.CSEL: {
          const rm = (w >>> 16) & 31;
          let lo: number, hi: number;
          if (this.cond((w >>> 12) & 15)) { lo = x[rn << 1]; hi = x[(rn << 1) | 1]; } else {
            lo = x[rm << 1]; hi = x[(rm << 1) | 1];
            const inv = (w >>> 30) & 1, inc = (w >>> 10) & 1;
            if (inv) { lo = ~lo; hi = ~hi; }
            if (inc) { lo = (lo + 1) | 0; if (lo === 0) hi = (hi + 1) | 0; }
          }
          if (rd !== 31) { x[rd << 1] = lo; x[(rd << 1) | 1] = sf ? hi : 0; }
          break;
        }
        case Op.MADD: {
          const rm = (w >>> 16) & 31, ra = (w >>> 10) & 31;
          mul64(x[rn << 1], sf ? x[(rn << 1) | 1] : 0, x[rm << 1], sf ? x[(rm << 1) | 1] : 0);
          const pLo = res[0], pHi = res[1];
          if ((w >>> 15) & 1) addWithCarry64(x[ra << 1], x[(ra << 1) | 1], ~pLo, ~pHi, 1); else addWithCarry64(x[ra << 1], x[(ra << 1) | 1], pLo, pHi, 0);
          if (rd !== 31) { x[rd << 1] = res[0]; x[(rd << 1) | 1] = sf ? res[1] : 0; }
          break;
        }
        case Op.MADDL: {
          const rm = (w >>> 16) & 31, ra = (w >>> 10) & 31, unsigned = (w >>> 23) & 1;
          const a = x[rn << 1], b = x[rm << 1];
          mul64(a, unsigned ? 0 : a >> 31, b, unsigned ? 0 : b >> 31);
          const pLo = res[0], pHi = res[1];
          if ((w >>> 15) & 1) addWithCarry64(x[ra << 1], x[(ra << 1) | 1], ~pLo, ~pHi, 1); else addWithCarry64(x[ra << 1], x[(ra << 1) | 1], pLo, pHi, 0);
          if (rd !== 31) { x[rd << 1] = res[0]; x[(rd << 1) | 1] = res[1]; }
          break;
        }
        case Op.MULH: {
          const rm = (w >>> 16) & 31;
          mulHigh64(x[rn << 1], x[(rn << 1) | 1], x[rm << 1], x[(rm << 1) | 1], ((w >>> 23) & 1) === 0);
          if (rd !== 31) { x[rd << 1] = res[0]; x[(rd << 1) | 1] = res[1]; }
          break;
        }
        case Op.DIV: {
          const rm = (w >>> 16) & 31, signed = ((w >>> 10) & 1) === 1;
          if (sf) div64(x[rn << 1], x[(rn << 1) | 1], x[rm << 1], x[(rm << 1) | 1], signed);
          else {
            const a = x[rn << 1], b = x[rm << 1];
            let q = 0;
            if (b !== 0) q = signed ? (a === -0x80000000 && b === -1 ? a : Math.trunc(a / b)) : Math.trunc((a >>> 0) / (b >>> 0));
            res[0] = q | 0; res[1] = 0;
          }
          if (rd !== 31) { x[rd << 1] = res[0]; x[(rd << 1) | 1] = res[1]; }
          break;
        }
        case Op.SHIFTV: {
          const rm = (w >>> 16) & 31, type = (w >>> 10) & 3;
          if (sf) { shift64(x[rn << 1], x[(rn << 1) | 1], type, x[rm << 1] & 63); } else { res[0] = shift32(x[rn << 1], type, x[rm << 1] & 31); res[1] = 0; }
          if (rd !== 31) { x[rd << 1] = res[0]; x[(rd << 1) | 1] = res[1]; }
          break;
        }
        case Op.CRC32: {
          const rm = (w >>> 16) & 31;
          const bytes = 1 << ((w >>> 10) & 3);
          const r = crc32(x[rn << 1], x[rm << 1], x[(rm << 1) | 1], bytes, ((w >>> 12) & 1) === 1);
          if (rd !== 31) { x[rd << 1] = r; x[(rd << 1) | 1] = 0; }
          break;
        }
        case Op.RBIT: {
          if (rd === 31) break;
          if (sf) { const lo = x[rn << 1], hi = x[(rn << 1) | 1]; x[rd << 1] = rbit32(hi); x[(rd << 1) | 1] = rbit32(lo); } else { x[rd << 1] = rbit32(x[rn << 1]); x[(rd << 1) | 1] = 0; }
          break;
        }
        case Op.REV: {
          if (rd === 31) break;
          const opc = (w >>> 10) & 3;
          const lo = x[rn << 1], hi = x[(rn << 1) | 1];
          if (opc === 1) { // REV16: swap bytes in each halfword
            const f = (v: number): number => ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
            x[rd << 1] = f(lo); x[(rd << 1) | 1] = sf ? f(hi) : 0;
          } else if (opc === 2) { // REV32 (sf=1) or REV (sf=0)
            x[rd << 1] = bswap32(lo); x[(rd << 1) | 1] = sf ? bswap32(hi) : 0;
          } else { x[rd << 1] = bswap32(hi); x[(rd << 1) | 1] = bswap32(lo); }
          break;
        }
        case Op.CLZ: {
          if (rd === 31) break;
          x[rd << 1] = sf ? clz64(x[rn << 1], x[(rn << 1) | 1]) : Math.clz32(x[rn << 1]); x[(rd << 1) | 1] = 0;
          break;
        }
        case Op.CLS: {
          if (rd === 31) break;
          let r: number;
          if (sf) { const lo = x[rn << 1], hi = x[(rn << 1) | 1]; const s = hi >> 31; r = clz64(lo ^ s, hi ^ s) - 1; } else { const v = x[rn << 1]; r = Math.clz32(v ^ (v >> 31)) - 1; }
          x[rd << 1] = r; x[(rd << 1) | 1] = 0;
          break;
        }
        // ---- loads and stores ----
        case Op.LDST_UIMM: {
          // Fast path: unsigned-offset access to RAM without a walk; anything else takes loadStore().
          {
            const size = w >>> 30, opc = (w >>> 22) & 3;
            const sn = rn === 31 ? 32 : rn;
            const t = (x[sn << 1] >>> 0) + (((w >>> 10) & 0xfff) << size);
            const bytes = 1 << size;
            const o = opc < 2 && t <= 0xffffffff ? this.fastRam(t | 0, x[(sn << 1) | 1], bytes, opc === 0) : -1;
            if (o >= 0) {
              const m = this.mem;
              if (opc === 0) {
                if (m.pageFlags[o >>> 12] !== 0) m.willStore(o, bytes);
                if (bytes === 8) { m.ram32[o >>> 2] = x[rd << 1]; m.ram32[(o >>> 2) + 1] = x[(rd << 1) | 1]; } else if (bytes === 4) m.ram32[o >>> 2] = x[rd << 1]; else if (bytes === 2) m.dv.setUint16(o, x[rd << 1] & 0xffff, true); else m.ram[o] = x[rd << 1];
              } else if (rd !== 31) {
                if (bytes === 8) { x[rd << 1] = m.ram32[o >>> 2]; x[(rd << 1) | 1] = m.ram32[(o >>> 2) + 1]; } else { x[rd << 1] = bytes === 4 ? m.ram32[o >>> 2] : bytes === 2 ? m.dv.getUint16(o, true) : m.ram[o]; x[(rd << 1) | 1] = 0; }
              }
              break;
            }
          }
          if (!this.loadStore(w, op)) continue outer;
          break;
        }
        case Op.LDST_UNSCALED: case Op.LDST_POST: case Op.LDST_PRE: case Op.LDST_UNPRIV: case Op.LDST_REG: case Op.LDST_RCPC: {
          if (!this.loadStore(w, op)) continue outer;
          break;
        }
        case Op.LDSTP_OFF: case Op.LDSTP_POST: case Op.LDSTP_PRE: {
          if (!this.loadStorePair(w, op)) continue outer;
          break;
        }
        case Op.LDR_LIT: {
          const t = (pcLo >>> 0) + ((w << 8) >> 13 << 2);
          const aLo = t | 0, aHi = (pe.pcHi + (t < 0 ? -1 : t > 0xffffffff ? 1 : 0)) | 0;
          const opc = w >>> 30;
          const bytes = opc === 1 ? 8 : 4;
          this.syndromeInsn = w;
          if (!this.load(aLo, aHi, bytes, Acc.READ)) continue outer;
          if (rd !== 31) { x[rd << 1] = this.ldLo; x[(rd << 1) | 1] = opc === 2 ? this.ldLo >> 31 : this.ldHi; }
          break;
        }
        case Op.PRFM: // prefetch: a hint with no architectural effect; the register form still needs a valid extend option
          if ((w & 0x3f200c00) === 0x38200800 && ((w >>> 13) & 2) === 0) { this.undefined(); continue outer; }
          break;
        case Op.LDXR: case Op.STXR: case Op.LDXP: case Op.STXP: case Op.LDAR: case Op.STLR: case Op.CAS: case Op.CASP: case Op.LDOP: case Op.SWP: {
          if (!this.atomicOrExclusive(w, op)) continue outer;
          break;
        }
        // ---- exceptions and system ----
        case Op.SVC: {
          pe.pcLo = pcLo;
          this.exceptionNext(pe.el === 0 ? defaultTargetEl(pe) : pe.el, EC.SVC64, (w >>> 5) & 0xffff);
          continue outer;
        }
        case Op.HVC: {
          // UNDEFINED at EL0 and when HCR_EL2.HCD disables it (no EL3 on QEMU virt, so SCR_EL3.HCE does not apply).
          if (pe.el === 0 || pe.hcr(HCR.HCD) === 1) { this.undefined(); continue outer; }
          this.exceptionNext(2, EC.HVC64, (w >>> 5) & 0xffff);
          continue outer;
        }
        case Op.SMC: {
          if (pe.el === 0) { this.undefined(); continue outer; }
          if (pe.el === 1 && pe.hcr(HCR.TSC) === 1) { this.exception(2, EC.SMC64, (w >>> 5) & 0xffff); continue outer; }
          const r = this.host.psci(this);
          if (r !== undefined) { pe.pcLo = npcLo; if (npcHi !== pe.pcHi) { pe.pcHi = npcHi; this.fetchPageLo = -1; this.pageLo = -1; } stop = r; break outer; }
          break;
        }
        case Op.BRK: {
          // Debug exceptions go to EL2 when HCR_EL2.TGE or MDCR_EL2.TDE is set (D2.3).
          const to = pe.el === 2 || pe.hcr(HCR.TGE) === 1 || ((pe.sys.lo(R.MDCR_EL2) >>> 8) & 1) === 1 ? 2 : 1;
          this.exception(to, EC.BRK64, (w >>> 5) & 0xffff);
          continue outer;
        }
        case Op.HLT: {
          if (((w >>> 5) & 0xffff) === 0xf000 && pe.el > 0) {
            pe.insns = insnsBase + n;
            const r = this.host.semihosting(this);
            pe.pcLo = npcLo; if (npcHi !== pe.pcHi) { pe.pcHi = npcHi; this.fetchPageLo = -1; this.pageLo = -1; }
            if (r !== undefined) { stop = r; break outer; }
            continue outer;
          }
          // Halting debug is not enabled: HLT is UNDEFINED (C6.2.106).
          this.undefined();
          continue outer;
        }
        case Op.ERET: {
          if (pe.el === 0) { this.undefined(); continue outer; }
          if (pe.el === 1 && pe.hcr(HCR.NV) === 1) { this.exception(2, EC.ERET, 0); continue outer; }
          const eretFrom = pe.el;
          const msg = exceptionReturn(pe);
          if (this.host.onEret !== undefined) this.host.onEret(pe.index, eretFrom, pe.el);
          if (pe.btype !== 0) this.btypeAge = 2;
          this.contextChanged();
          if (msg !== undefined) { this.stopMessage = msg; stop = Stop.ERROR; break outer; }
          continue outer;
        }
        case Op.HINT: {
          const r = this.hint(w);
          if (r === 1) continue outer;
          if (r === 2) { pe.pcLo = npcLo; if (npcHi !== pe.pcHi) { pe.pcHi = npcHi; this.fetchPageLo = -1; this.pageLo = -1; } stop = Stop.WFI; break outer; }
          break;
        }
        case Op.BARRIER: break; // single PE in program order: barriers have no visible effect
        case Op.CLREX: pe.exclusiveValid = false; break;
        case Op.MSR_IMM: {
          if (!msrImmediate(this, w)) continue outer;
          break;
        }
        case Op.MRS: case Op.MSR_REG: case Op.SYS: case Op.SYSL: {
          pe.insns = insnsBase + n; // counters read the retired-instruction count
          const r = systemInstruction(this, w, op);
          if (r === false) continue outer;
          if (r === 'stop') { pe.pcLo = npcLo; if (npcHi !== pe.pcHi) { pe.pcHi = npcHi; this.fetchPageLo = -1; this.pageLo = -1; } stop = Stop.ERROR; break outer; }
          break;
        }
        default:
          this.undefined();
          continue outer;
      }
      pe.pcLo = npcLo;
      // A change of PC[63:32] invalidates the fetch page (the fast check above compares PC[31:0] only).
      if (npcHi !== pe.pcHi) { pe.pcHi = npcHi; this.fetchPageLo = -1; this.pageLo = -1; }
    }
    pe.insns = insnsBase + n;
    this.executed = n;
    this.skipBreakpointOnce = false;
    return stop;
  }

  /** ConditionHolds (Arm ARM shared/functions/system). */
  cond(c: number): boolean {
    const pe = this.pe;
    return COND_HOLDS[(c << 4) | pe.f] === 1;
  }

  /** Top-byte-ignore for branch targets in the current regime (cached per context). */
  private pcTbiCache = -1;
  private pcTbi(hi: number): number {
    if (this.pcTbiCache < 0) this.pcTbiCache = computeBranchTbi(this.pe);
    const c = this.pcTbiCache;
    return (hi >>> 23) & 1 ? (c >>> 2) & 3 : c & 3;
  }

  /** ExtendReg: Rm extended by option and shifted left by amt into res. */
  private extendReg(rm: number, option: number, amt: number): void {
    const x = this.x;
    let lo = x[rm << 1], hi = x[(rm << 1) | 1];
    switch (option) {
      case 0: lo &= 0xff; hi = 0; break;
      case 1: lo &= 0xffff; hi = 0; break;
      case 2: hi = 0; break;
      case 3: break;
      case 4: lo = (lo << 24) >> 24; hi = lo >> 31; break;
      case 5: lo = (lo << 16) >> 16; hi = lo >> 31; break;
      case 6: hi = lo >> 31; break;
      default: break;
    }
    shift64(lo, hi, 0, amt);
  }

  /** SBFM/BFM/UBFM (Arm ARM C6.2 "Bitfield move"). */
  private bitfield(op: Op, sf: number, rd: number, rn: number, immr: number, imms: number, mi: number): void {
    const x = this.x;
    const srcLo = x[rn << 1], srcHi = sf ? x[(rn << 1) | 1] : 0;
    let rLo: number, rHi: number;
    if (sf) { shift64(srcLo, srcHi, 3, immr); rLo = res[0]; rHi = res[1]; } else { rLo = shift32(srcLo, 3, immr); rHi = 0; }
    const wLo = WMASK[mi << 1], wHi = sf ? WMASK[(mi << 1) | 1] : 0;
    const tLo = TMASK[mi << 1], tHi = sf ? TMASK[(mi << 1) | 1] : 0;
    let dLo = 0, dHi = 0;
    if (op === Op.BFM) { dLo = x[rd << 1]; dHi = sf ? x[(rd << 1) | 1] : 0; }
    const botLo = (dLo & ~wLo) | (rLo & wLo), botHi = (dHi & ~wHi) | (rHi & wHi);
    let topLo = dLo, topHi = dHi;
    if (op === Op.SBFM) {
      const bit = imms >= 32 ? (srcHi >>> (imms - 32)) & 1 : (srcLo >>> imms) & 1;
      topLo = -bit; topHi = sf ? -bit : 0;
    }
    if (rd === 31) return;
    x[rd << 1] = (topLo & ~tLo) | (botLo & tLo);
    x[(rd << 1) | 1] = sf ? (topHi & ~tHi) | (botHi & tHi) : 0;
  }

  /** Hints (C6.2.112 HINT): unallocated hints execute as NOP. Returns 1 after an exception, 2 to stop for WFI. */
  private hint(w: number): number {
    const pe = this.pe;
    const crmOp2 = (w >>> 5) & 0x7f;
    switch (crmOp2) {
      case 2: case 3: { // WFE, WFI (C6.2.392/393); traps per SCTLR_EL1.nTWx and HCR_EL2.TWx (D1.11)
        const wfi = crmOp2 === 3;
        const iss = (1 << 24) | (0xe << 20) | (wfi ? 0 : 1);
        if (pe.el === 0 && pe.hcr(HCR.TGE) === 0 && ((pe.sys.lo(R.SCTLR_EL1) >>> (wfi ? 16 : 18)) & 1) === 0) { this.exception(1, EC.WFX, iss); return 1; }
        if (pe.el < 2 && pe.hcr(wfi ? HCR.TWI : HCR.TWE) === 1) { this.exception(2, EC.WFX, iss); return 1; }
        if (!wfi) { pe.event = false; return 0; } // no other event sources: WFE completes
        pe.halted = true;
        return 2;
      }
      case 4: case 5: pe.event = true; return 0; // SEV, SEVL
      default: return 0; // NOP, YIELD, ESB, PSB, BTI (no guarded pages), CSDB, PAC hints with keys disabled
    }
  }

  // ---- loads and stores (C4.1.88) ----

  private loadStore(w: number, op: Op): boolean {
    const x = this.x;
    const size = w >>> 30, opc = (w >>> 22) & 3;
    this.syndromeInsn = op === Op.LDST_PRE || op === Op.LDST_POST ? 0 : w;
    const rt = w & 31, rn = (w >>> 5) & 31;
    const sn = rn === 31 ? 32 : rn;
    const bytes = 1 << size;
    let aLo = x[sn << 1], aHi = x[(sn << 1) | 1];
    let wbLo = 0, wbHi = 0, writeback = false;
    let acc = 0;
    switch (op) {
      case Op.LDST_UIMM: {
        const t = (aLo >>> 0) + (((w >>> 10) & 0xfff) << size);
        aLo = t | 0; if (t > 0xffffffff) aHi = (aHi + 1) | 0;
        break;
      }
      case Op.LDST_UNSCALED: case Op.LDST_UNPRIV: case Op.LDST_RCPC: {
        const t = (aLo >>> 0) + ((w << 11) >> 23);
        aLo = t | 0; aHi = (aHi + (t < 0 ? -1 : t > 0xffffffff ? 1 : 0)) | 0;
        if (op === Op.LDST_UNPRIV) acc = Acc.UNPRIV;
        if (op === Op.LDST_RCPC) acc = Acc.ALIGNED;
        break;
      }
      case Op.LDST_PRE: case Op.LDST_POST: {
        const t = (aLo >>> 0) + ((w << 11) >> 23);
        wbLo = t | 0; wbHi = (aHi + (t < 0 ? -1 : t > 0xffffffff ? 1 : 0)) | 0;
        if (op === Op.LDST_PRE) { aLo = wbLo; aHi = wbHi; }
        writeback = true;
        break;
      }
      default: { // register offset
        const option = (w >>> 13) & 7;
        if ((option & 2) === 0) { this.undefined(); return false; }
        this.extendReg((w >>> 16) & 31, option, ((w >>> 12) & 1) * size);
        const t = (aLo >>> 0) + (res[0] >>> 0);
        aLo = t | 0; aHi = (aHi + res[1] + (t > 0xffffffff ? 1 : 0)) | 0;
      }
    }
    const m = this.mem;
    // Fast path: no walk needed (identity map or TLB hit), aligned, in RAM; else load()/store().
    const o = acc === 0 || acc === Acc.ALIGNED ? this.fastRam(aLo, aHi, bytes, opc === 0) : -1;
    const direct = o >= 0;
    if (opc === 0) {
      // Store. Writeback with Rn == Rt (and Rn != SP) is CONSTRAINED UNPREDICTABLE; QEMU stores the old value.
      if (direct) {
        const v = x[rt << 1];
        if (m.pageFlags[o >>> 12] !== 0) m.willStore(o, bytes);
        if (bytes === 8) { m.ram32[o >>> 2] = v; m.ram32[(o >>> 2) + 1] = x[(rt << 1) | 1]; } else if (bytes === 4) m.ram32[o >>> 2] = v; else if (bytes === 2) m.dv.setUint16(o, v & 0xffff, true); else m.ram[o] = v;
      } else if (!this.store(aLo, aHi, bytes, x[rt << 1], x[(rt << 1) | 1], acc | Acc.WRITE)) return false;
    } else {
      if (direct) {
        if (bytes === 8) { this.ldLo = m.ram32[o >>> 2]; this.ldHi = m.ram32[(o >>> 2) + 1]; } else { this.ldLo = bytes === 4 ? m.ram32[o >>> 2] : bytes === 2 ? m.dv.getUint16(o, true) : m.ram[o]; this.ldHi = 0; }
      } else if (!this.load(aLo, aHi, bytes, acc | Acc.READ)) return false;
      let lo = this.ldLo, hi = this.ldHi;
      if (opc >= 2) {
        // Sign-extend to 64 bits (opc 2) or 32 bits (opc 3).
        if (bytes === 1) lo = (lo << 24) >> 24; else if (bytes === 2) lo = (lo << 16) >> 16;
        hi = opc === 2 ? lo >> 31 : 0;
      }
      if (rt !== 31) { x[rt << 1] = lo; x[(rt << 1) | 1] = hi; }
      // Writeback with Rt == Rn is CONSTRAINED UNPREDICTABLE; keep the loaded value (as QEMU).
      if (writeback && rt === rn && rn !== 31) writeback = false;
    }
    if (writeback) { x[sn << 1] = wbLo; x[(sn << 1) | 1] = wbHi; }
    return true;
  }

  private loadStorePair(w: number, op: Op): boolean {
    const x = this.x;
    this.syndromeInsn = 0;
    const opc = w >>> 30, L = (w >>> 22) & 1;
    const rt = w & 31, rn = (w >>> 5) & 31, rt2 = (w >>> 10) & 31;
    const sn = rn === 31 ? 32 : rn;
    const bytes = opc === 2 ? 8 : 4;
    const signed = opc === 1;
    const off = ((w << 10) >> 25) * bytes;
    let aLo = x[sn << 1], aHi = x[(sn << 1) | 1];
    const t = (aLo >>> 0) + off;
    const oLo = t | 0, oHi = (aHi + (t < 0 ? -1 : t > 0xffffffff ? 1 : 0)) | 0;
    if (op !== Op.LDSTP_POST) { aLo = oLo; aHi = oHi; }
    // Fast path: both elements in one page without a walk (identity map or TLB hit), aligned, in RAM.
    const o = (aLo & 0xfff) + 2 * bytes <= 4096 ? this.fastRam(aLo, aHi, bytes, L === 0) : -1;
    if (o >= 0) {
      const m = this.mem;
      const r = m.ram32, i = o >>> 2;
      if (L === 0) {
        if (m.pageFlags[o >>> 12] !== 0) m.willStore(o, 2 * bytes);
        if (bytes === 8) { r[i] = x[rt << 1]; r[i + 1] = x[(rt << 1) | 1]; r[i + 2] = x[rt2 << 1]; r[i + 3] = x[(rt2 << 1) | 1]; } else { r[i] = x[rt << 1]; r[i + 1] = x[rt2 << 1]; }
      } else {
        const l1 = r[i], h1 = bytes === 8 ? r[i + 1] : signed ? r[i] >> 31 : 0;
        const l2 = bytes === 8 ? r[i + 2] : r[i + 1], h2 = bytes === 8 ? r[i + 3] : signed ? l2 >> 31 : 0;
        if (rt !== 31) { x[rt << 1] = l1; x[(rt << 1) | 1] = h1; }
        if (rt2 !== 31) { x[rt2 << 1] = l2; x[(rt2 << 1) | 1] = h2; }
      }
      if (op !== Op.LDSTP_OFF && !(L === 1 && (rt === rn || rt2 === rn) && rn !== 31)) { x[sn << 1] = oLo; x[(sn << 1) | 1] = oHi; }
      return true;
    }
    const t2 = (aLo >>> 0) + bytes;
    const a2Lo = t2 | 0, a2Hi = (aHi + (t2 > 0xffffffff ? 1 : 0)) | 0;
    // Translate once when both elements are in the same 4 KiB page.
    const pa1 = this.dataPa(aLo, aHi, bytes, L === 0 ? Acc.WRITE : Acc.READ);
    if (pa1 < 0) return false;
    const pa2 = (aLo & 0xfff) + 2 * bytes <= 4096 ? pa1 + bytes : this.dataPa(a2Lo, a2Hi, bytes, L === 0 ? Acc.WRITE : Acc.READ);
    if (pa2 < 0) return false;
    if (L === 0) {
      const v1Lo = x[rt << 1], v1Hi = x[(rt << 1) | 1], v2Lo = x[rt2 << 1], v2Hi = x[(rt2 << 1) | 1];
      if (!this.storePa(pa1, aLo, aHi, bytes, v1Lo, v1Hi, Acc.WRITE)) return false;
      if (!this.storePa(pa2, a2Lo, a2Hi, bytes, v2Lo, v2Hi, Acc.WRITE)) return false;
    } else {
      if (!this.loadPa(pa1, aLo, aHi, bytes, Acc.READ)) return false;
      const l1 = this.ldLo; let h1 = this.ldHi;
      if (!this.loadPa(pa2, a2Lo, a2Hi, bytes, Acc.READ)) return false;
      const l2 = this.ldLo; let h2 = this.ldHi;
      if (signed) { h1 = l1 >> 31; h2 = l2 >> 31; }
      if (rt !== 31) { x[rt << 1] = l1; x[(rt << 1) | 1] = h1; }
      if (rt2 !== 31) { x[rt2 << 1] = l2; x[(rt2 << 1) | 1] = h2; }
    }
    if (op !== Op.LDSTP_OFF) {
      if (!(L === 1 && (rt === rn || rt2 === rn) && rn !== 31)) { x[sn << 1] = oLo; x[(sn << 1) | 1] = oHi; }
    }
    return true;
  }

  /** Exclusives, load-acquire/store-release and LSE atomics (C3.2.6-C3.2.12). */
  private atomicOrExclusive(w: number, op: Op): boolean {
    const x = this.x, pe = this.pe;
    const rt = w & 31, rn = (w >>> 5) & 31, rs = (w >>> 16) & 31, rt2 = (w >>> 10) & 31;
    const sn = rn === 31 ? 32 : rn;
    const aLo = x[sn << 1], aHi = x[(sn << 1) | 1];
    const size = w >>> 30;
    this.syndromeInsn = op === Op.LDAR || op === Op.STLR ? w : 0;
    switch (op) {
      case Op.LDAR: {
        const bytes = 1 << size;
        if (!this.load(aLo, aHi, bytes, Acc.READ | Acc.ALIGNED)) return false;
        if (rt !== 31) { x[rt << 1] = this.ldLo; x[(rt << 1) | 1] = this.ldHi; }
        return true;
      }
      case Op.STLR: {
        const bytes = 1 << size;
        return this.store(aLo, aHi, bytes, x[rt << 1], x[(rt << 1) | 1], Acc.WRITE | Acc.ALIGNED);
      }
      case Op.LDXR: {
        const bytes = 1 << size;
        const pa = this.dataPa(aLo, aHi, bytes, Acc.READ | Acc.ALIGNED);
        if (pa < 0) return false;
        if (!this.load(aLo, aHi, bytes, Acc.READ | Acc.ALIGNED)) return false;
        pe.exclusiveValid = true; pe.exclusivePa = pa; pe.exclusiveBytes = bytes;
        if (rt !== 31) { x[rt << 1] = this.ldLo; x[(rt << 1) | 1] = this.ldHi; }
        return true;
      }
      case Op.LDXP: {
        const bytes = size === 3 ? 8 : 4;
        const pa = this.dataPa(aLo, aHi, bytes * 2, Acc.READ | Acc.ALIGNED);
        if (pa < 0) return false;
        if (!this.load(aLo, aHi, bytes, Acc.READ)) return false;
        const l1 = this.ldLo, h1 = this.ldHi;
        const t = (aLo >>> 0) + bytes;
        if (!this.load(t | 0, (aHi + (t > 0xffffffff ? 1 : 0)) | 0, bytes, Acc.READ)) return false;
        pe.exclusiveValid = true; pe.exclusivePa = pa; pe.exclusiveBytes = bytes * 2;
        if (rt !== 31) { x[rt << 1] = l1; x[(rt << 1) | 1] = h1; }
        if (rt2 !== 31) { x[rt2 << 1] = this.ldLo; x[(rt2 << 1) | 1] = this.ldHi; }
        return true;
      }
      case Op.STXR: case Op.STXP: {
        const pair = op === Op.STXP;
        const bytes = pair ? (size === 3 ? 8 : 4) : 1 << size;
        const total = pair ? bytes * 2 : bytes;
        const pa = this.dataPa(aLo, aHi, total, Acc.WRITE | Acc.ALIGNED);
        if (pa < 0) return false;
        let status = 1;
        if (pe.exclusiveValid && pe.exclusivePa === pa && pe.exclusiveBytes === total) {
          if (!pair) {
            if (!this.storePa(pa, aLo, aHi, bytes, x[rt << 1], x[(rt << 1) | 1], Acc.WRITE)) return false;
          } else if (bytes === 4) {
            if (!this.storePa(pa, aLo, aHi, 8, x[rt << 1], x[rt2 << 1], Acc.WRITE)) return false;
          } else {
            if (!this.storePa(pa, aLo, aHi, 8, x[rt << 1], x[(rt << 1) | 1], Acc.WRITE)) return false;
            if (!this.storePa(pa + 8, aLo, aHi, 8, x[rt2 << 1], x[(rt2 << 1) | 1], Acc.WRITE)) return false;
          }
          status = 0;
        }
        pe.exclusiveValid = false;
        if (rs !== 31) { x[rs << 1] = status; x[(rs << 1) | 1] = 0; }
        return true;
      }
      case Op.CAS: {
        const bytes = 1 << size;
        const pa = this.dataPa(aLo, aHi, bytes, Acc.READ | Acc.WRITE | Acc.RMW | Acc.ALIGNED);
        if (pa < 0) return false;
        if (!this.load(aLo, aHi, bytes, Acc.READ | Acc.ALIGNED)) return false;
        const oLo = this.ldLo, oHi = this.ldHi;
        const m = bytes === 8 ? -1 : bytes === 4 ? -1 : (1 << (8 * bytes)) - 1;
        const cLo = x[rs << 1] & m, cHi = bytes === 8 ? x[(rs << 1) | 1] : 0;
        if (oLo === cLo && oHi === cHi) {
          if (!this.storePa(pa, aLo, aHi, bytes, x[rt << 1], x[(rt << 1) | 1], Acc.WRITE)) return false;
        }
        if (rs !== 31) { x[rs << 1] = oLo; x[(rs << 1) | 1] = oHi; }
        return true;
      }
      case Op.CASP: {
        if ((rs & 1) !== 0 || (rt & 1) !== 0) { this.undefined(); return false; }
        const bytes = ((w >>> 30) & 1) === 1 ? 8 : 4;
        const pa = this.dataPa(aLo, aHi, bytes * 2, Acc.READ | Acc.WRITE | Acc.RMW | Acc.ALIGNED);
        if (pa < 0) return false;
        if (!this.load(aLo, aHi, bytes, Acc.READ)) return false;
        const o1Lo = this.ldLo, o1Hi = this.ldHi;
        const t = (aLo >>> 0) + bytes, a2Lo = t | 0, a2Hi = (aHi + (t > 0xffffffff ? 1 : 0)) | 0;
        if (!this.load(a2Lo, a2Hi, bytes, Acc.READ)) return false;
        const o2Lo = this.ldLo, o2Hi = this.ldHi;
        const s1 = rs, s2 = rs + 1, t1 = rt, t2r = rt + 1;
        const eq = bytes === 8
          ? o1Lo === x[s1 << 1] && o1Hi === x[(s1 << 1) | 1] && o2Lo === x[s2 << 1] && o2Hi === x[(s2 << 1) | 1]
          : o1Lo === x[s1 << 1] && o2Lo === x[s2 << 1];
        if (eq) {
          if (bytes === 8) {
            if (!this.storePa(pa, aLo, aHi, 8, x[t1 << 1], x[(t1 << 1) | 1], Acc.WRITE)) return false;
            if (!this.storePa(pa + 8, a2Lo, a2Hi, 8, x[t2r << 1], x[(t2r << 1) | 1], Acc.WRITE)) return false;
          } else if (!this.storePa(pa, aLo, aHi, 8, x[t1 << 1], x[t2r << 1], Acc.WRITE)) return false;
        }
        if (s1 !== 31) { x[s1 << 1] = o1Lo; x[(s1 << 1) | 1] = o1Hi; }
        if (s2 !== 31) { x[s2 << 1] = o2Lo; x[(s2 << 1) | 1] = o2Hi; }
        return true;
      }
      case Op.SWP: case Op.LDOP: {
        const bytes = 1 << size;
        const pa = this.dataPa(aLo, aHi, bytes, Acc.READ | Acc.WRITE | Acc.RMW | Acc.ALIGNED);
        if (pa < 0) return false;
        if (!this.load(aLo, aHi, bytes, Acc.READ | Acc.ALIGNED)) return false;
        const oLo = this.ldLo, oHi = this.ldHi;
        let sLo = x[rs << 1], sHi = bytes === 8 ? x[(rs << 1) | 1] : 0;
        if (op === Op.LDOP) {
          const opc = (w >>> 12) & 7;
          const bits = bytes * 8;
          switch (opc) {
            case 0: { const t = (oLo >>> 0) + (sLo >>> 0); const c = t > 0xffffffff ? 1 : 0; sLo = t | 0; sHi = (oHi + sHi + c) | 0; break; }
            case 1: sLo = oLo & ~sLo; sHi = oHi & ~sHi; break;
            case 2: sLo = oLo ^ sLo; sHi = oHi ^ sHi; break;
            case 3: sLo = oLo | sLo; sHi = oHi | sHi; break;
            default: {
              // smax, smin, umax, umin on `bits`-wide values
              const signed = opc < 6, max = (opc & 1) === 0;
              const cmp = compareN(oLo, oHi, sLo, sHi, bits, signed);
              const takeOld = max ? cmp >= 0 : cmp <= 0;
              if (takeOld) { sLo = oLo; sHi = oHi; }
            }
          }
        }
        if (!this.storePa(pa, aLo, aHi, bytes, sLo, sHi, Acc.WRITE)) return false;
        if (rt !== 31) { x[rt << 1] = oLo; x[(rt << 1) | 1] = oHi; }
        return true;
      }
      default: this.undefined(); return false;
    }
  }
}

/** ConditionHolds for every (cond, NZCV): index cond << 4 | N << 3 | Z << 2 | C << 1 | V. */
const COND_HOLDS = new Uint8Array(256);
for (let c = 0; c < 16; c++) {
  for (let f = 0; f < 16; f++) {
    const n = (f >> 3) & 1, z = (f >> 2) & 1, cf = (f >> 1) & 1, v = f & 1;
    const base = [z === 1, cf === 1, n === 1, v === 1, cf === 1 && z === 0, n === v, n === v && z === 0, true][c >> 1];
    COND_HOLDS[(c << 4) | f] = (c & 1) === 1 && c !== 15 ? (base ? 0 : 1) : base ? 1 : 0;
  }
}

/**
 * Data abort ISS[24:14] for a single-register load/store word (D23.2.41):
 * ISV, SAS (size), SSE (sign-extending load), SRT (Rt), SF (64-bit register), AR (acquire/release).
 */
export function instructionSyndrome(w: number): number {
  let size: number, sse = 0, sf: number, ar = 0;
  if ((w & 0x3b000000) === 0x18000000) { // LDR (literal): opc 00 = W, 01 = X, 10 = LDRSW
    const opc = w >>> 30;
    size = opc === 1 ? 3 : 2; sse = opc === 2 ? 1 : 0; sf = opc === 0 ? 0 : 1;
  } else if ((w & 0x3f000000) === 0x08000000 || (w & 0x3f20fc00) === 0x3820c000) { // LDAR/STLR family, LDAPR
    // AR is set for LDAR/STLR (o0 = 1) and LDAPR; QEMU 7.2 reports AR = 0 for LDLAR/STLLR.
    size = w >>> 30; sf = size === 3 ? 1 : 0; ar = (w & 0x3f000000) === 0x08000000 ? (w >>> 15) & 1 : 1;
  } else {
    size = w >>> 30;
    const opc = (w >>> 22) & 3;
    ar = (w & 0x3f000000) === 0x19000000 ? 1 : 0; // LDAPUR/STLUR
    if (opc === 0 || opc === 1) { sf = size === 3 ? 1 : 0; } else { sse = 1; sf = opc === 2 ? 1 : 0; }
  }
  return (1 << 24) | (size << 22) | (sse << 21) | ((w & 31) << 16) | (sf << 15) | (ar << 14);
}

/** Compare two values of `bits` width (8..64) held zero-extended in pairs: -1, 0, 1. */
function compareN(aLo: number, aHi: number, bLo: number, bHi: number, bits: number, signed: boolean): number {
  if (bits < 32) {
    const s = 32 - bits;
    const a = signed ? (aLo << s) >> s : (aLo << s) >>> s, b = signed ? (bLo << s) >> s : (bLo << s) >>> s;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (bits === 32) {
    const a = signed ? aLo | 0 : aLo >>> 0, b = signed ? bLo | 0 : bLo >>> 0;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const ah = signed ? aHi | 0 : aHi >>> 0, bh = signed ? bHi | 0 : bHi >>> 0;
  if (ah !== bh) return ah < bh ? -1 : 1;
  return (aLo >>> 0) < (bLo >>> 0) ? -1 : (aLo >>> 0) > (bLo >>> 0) ? 1 : 0;
}

/** Branch-target TBI for both halves of the VA space: bits [1:0] for bit55=0, [3:2] for bit55=1. */
function computeBranchTbi(pe: Pe): number {
  return tbiForPc(pe, 0) | (tbiForPc(pe, 1) << 2);
}
