// A direct-mapped TLB of combined (stage 1 + stage 2) leaf translations, one
// per PE, in typed arrays (perf-anchors §2.6). Entries are tagged by regime,
// VMID, ASID and nG, and remember the leaf level so that TLB maintenance by
// address removes every 4 KiB copy of a block. Entries are never refreshed
// behind the program's back: a descriptor written without TLBI leaves a stale
// entry, exactly the behaviour the debugger must be able to show.
import { Regime } from './types';

export const TLB_ENTRIES = 1024;

/** Permission bits of an entry: the accesses that may hit without a walk. */
export const enum TlbPerm {
  PR = 1, PW = 2, PX = 4, UR = 8, UW = 16, UX = 32,
  /** Privileged read/write still allowed when PSTATE.PAN is set (the page is not EL0-accessible). */
  PANR = 64, PANW = 128,
}

/**
 * The context's (regime << 16 | VMID) part of an entry's index: the context is part of the index
 * so that guests with the same VAs do not evict each other. Cores keep it with their context.
 */
export function tlbCtxHash(ctx: number): number { return Math.imul(ctx, 0x9e3779b1) >>> 22; }

/** The entry a VA page (VA[43:12] as vl) of a context may occupy. */
function tlbIndex(vl: number, ctxHash: number): number { return (vl ^ (vl >>> 10) ^ ctxHash) & (TLB_ENTRIES - 1); }

export interface TlbEntryView {
  readonly index: number;
  readonly regime: Regime;
  readonly vmid: number;
  readonly asid: number;
  readonly global: boolean;
  readonly vaPage: bigint;
  readonly pa: number;
  readonly level: number;
  readonly sizeLog2: number;
  readonly perms: number;
}

export class Tlb {
  /** VA page number VA[43:12] and VA[63:44] (int32 halves). */
  readonly vpnLo = new Int32Array(TLB_ENTRIES);
  readonly vpnHi = new Int32Array(TLB_ENTRIES);
  /** Context: regime << 16 | VMID, or -1 when the entry is invalid. */
  readonly ctx = new Int32Array(TLB_ENTRIES).fill(-1);
  /** ASID, or -1 for global (nG = 0) entries. */
  readonly asid = new Int32Array(TLB_ENTRIES);
  readonly perms = new Uint8Array(TLB_ENTRIES);
  /** PA of the 4 KiB page. */
  readonly paPage = new Float64Array(TLB_ENTRIES);
  readonly level = new Int8Array(TLB_ENTRIES);
  /** log2 of the leaf block size (12..42): maintenance by VA matches the whole block. */
  readonly sizeLog2 = new Uint8Array(TLB_ENTRIES);
  /** IPA of the page (for stale checks and IPA-based maintenance). */
  readonly ipaPage = new Float64Array(TLB_ENTRIES);
  /** Offset of the PA page in RAM, or -1 when the page is not all RAM: the interpreter's fast loads and stores. */
  readonly ramPage = new Int32Array(TLB_ENTRIES);
  hits = 0;
  misses = 0;


  /**
   * The entry holding (VA, context) when it allows `need` (TlbPerm bits) for `asid`, else -1.
   * `ctxHash` is tlbCtxHash(ctx), which cores keep with their context.
   */
  hit(vaLo: number, vaHi: number, ctx: number, ctxHash: number, asid: number, need: number): number {
    const vl = (vaLo >>> 12) | (vaHi << 20);
    const i = tlbIndex(vl, ctxHash);
    if (this.ctx[i] !== ctx || this.vpnLo[i] !== vl || this.vpnHi[i] !== vaHi >>> 12 || (this.perms[i] & need) !== need) return -1;
    const a = this.asid[i];
    return a === -1 || a === asid ? i : -1;
  }

  /** PA for (VA, context) when an entry allows `need`, else -1. */
  lookup(vaLo: number, vaHi: number, ctx: number, asid: number, need: number): number {
    const i = this.hit(vaLo, vaHi, ctx, tlbCtxHash(ctx), asid, need);
    return i < 0 ? -1 : this.paPage[i] + (vaLo & 0xfff);
  }

  /** Enter a translation; `ramBase`/`ramSize` place its page in RAM (ramPage). */
  fill(vaLo: number, vaHi: number, ctx: number, asid: number, global: boolean, pa: number, ipa: number, perms: number, level: number, sizeLog2: number,
    ramBase: number, ramSize: number): void {
    const vl = (vaLo >>> 12) | (vaHi << 20), vh = vaHi >>> 12;
    const i = tlbIndex(vl, tlbCtxHash(ctx));
    const page = pa - (pa % 4096), o = page - ramBase;
    this.vpnLo[i] = vl; this.vpnHi[i] = vh; this.ctx[i] = ctx; this.asid[i] = global ? -1 : asid;
    this.paPage[i] = page; this.ipaPage[i] = ipa - (ipa % 4096);
    this.ramPage[i] = o >= 0 && o + 4096 <= ramSize && o < 2147483648 && o % 4096 === 0 ? o : -1;
    this.perms[i] = perms; this.level[i] = level; this.sizeLog2[i] = sizeLog2;
  }

  flushAll(): void { this.ctx.fill(-1); }

  /**
   * Invalidate entries matching a predicate on (regime, vmid, asid) and, when `vaPage` is
   * given, whose block contains that VA page (range: `pages` 4 KiB pages from it).
   */
  invalidate(match: (regime: number, vmid: number, asid: number) => boolean, vaPage?: number, pages = 1): void {
    for (let i = 0; i < TLB_ENTRIES; i++) {
      const c = this.ctx[i];
      if (c === -1 || !match(c >>> 16, c & 0xffff, this.asid[i])) continue;
      if (vaPage !== undefined) {
        const vpn = (this.vpnHi[i] >>> 0) * 4294967296 + (this.vpnLo[i] >>> 0);
        const blockPages = 2 ** (this.sizeLog2[i] - 12);
        const base = vpn - (vpn % blockPages);
        // Overlap of [base, base+blockPages) with [vaPage, vaPage+pages).
        if (base + blockPages <= vaPage || vaPage + pages <= base) continue;
      }
      this.ctx[i] = -1;
    }
  }

  entries(): TlbEntryView[] {
    const out: TlbEntryView[] = [];
    for (let i = 0; i < TLB_ENTRIES; i++) {
      const c = this.ctx[i];
      if (c === -1) continue;
      out.push({
        index: i, regime: (c >>> 16) as Regime, vmid: c & 0xffff, asid: this.asid[i], global: this.asid[i] === -1,
        vaPage: (BigInt(this.vpnHi[i] >>> 0) << 32n) | BigInt(this.vpnLo[i] >>> 0), pa: this.paPage[i],
        level: this.level[i], sizeLog2: this.sizeLog2[i], perms: this.perms[i],
      });
    }
    return out;
  }
}
