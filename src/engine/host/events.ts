// What the host model reports: every trap it emulates, every injection, every shadow
// stage-2 MMU change. The CLI prints them as the AT trace; the debugger turns them into
// stops (exception filters) and variables.
import type { Translation } from '../mmu/translate';
import type { Regime } from '../mmu/types';

export type AtPolicy = 'upstream' | 'patch-v6';
export const AT_POLICIES: readonly AtPolicy[] = ['upstream', 'patch-v6'];

/** One emulated AT (KVM handle_at_s1e01 / handle_at_s1e2 / handle_at_s12). */
export interface AtEmulation {
  readonly kind: 'at';
  readonly cpu: number;
  readonly op: string;
  readonly vaLo: number; readonly vaHi: number;
  readonly regime: Regime;
  /** 'fast' = the PE's AT with L1's context and the shadow stage 2; 'slow' = the software walker. */
  readonly path: 'fast' | 'slow' | 'fast-failed';
  /** Why the fast path was not used or not trusted (empty when it was). */
  readonly reason: string;
  readonly translation: Translation;
  /** PAR_EL1 the host wrote; undefined when it left PAR_EL1 unchanged (patch-v6 on a lookup failure). */
  readonly par: readonly [number, number] | undefined;
  /** The architectural result (AArch64.AT on L1's registers), computed independently. */
  readonly archPar: readonly [number, number] | undefined;
  /** The architecture takes a Data Abort here instead of writing PAR (SEA on the walk). */
  readonly archAbort: boolean;
  readonly divergent: boolean;
}

export type HostEvent =
  | AtEmulation
  | { readonly kind: 'at-forward'; readonly cpu: number; readonly op: string; readonly esr: number; readonly vaLo: number; readonly vaHi: number }
  | { readonly kind: 'sysreg'; readonly cpu: number; readonly name: string; readonly read: boolean; readonly lo: number; readonly hi: number }
  | { readonly kind: 'eret'; readonly cpu: number; readonly to: 'vEL2' | 'L2-EL1' | 'L2-EL0' | 'vEL0' | 'illegal'; readonly pcLo: number; readonly pcHi: number }
  | { readonly kind: 'inject'; readonly cpu: number; readonly esr: number; readonly from: 'vEL2' | 'L2'; readonly reason: string; readonly vectorLo: number; readonly vectorHi: number }
  | { readonly kind: 's2-fault'; readonly cpu: number; readonly ipa: number; readonly write: boolean; readonly outcome: 'mapped' | 'injected' | 'external-abort'; readonly pa: number; readonly mmu: number }
  | { readonly kind: 'shadow-mmu'; readonly cpu: number; readonly action: 'allocate' | 'evict' | 'unmap'; readonly mmu: number;
    /** The shadow MMU's own (host) VMID and the guest VMID of the L1 stage-2 context it shadows. */
    readonly vmid: number; readonly guestVmid: number; readonly pages: number }
  | { readonly kind: 'tlbi'; readonly cpu: number; readonly op: string; readonly unmapped: number };

const hex = (lo: number, hi: number): string => ((hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0'));

/** One line of the host trace (stable text: golden files compare it). */
export function formatHostEvent(e: HostEvent): string {
  switch (e.kind) {
    case 'at': {
      const par = e.par === undefined ? 'unchanged' : hex(e.par[0], e.par[1]);
      const arch = e.archAbort ? 'abort' : e.archPar === undefined ? '-' : hex(e.archPar[0], e.archPar[1]);
      return `cpu${e.cpu} at-trap ${e.op} va=${hex(e.vaLo, e.vaHi)} path=${e.path}${e.reason !== '' ? ` (${e.reason})` : ''} par=${par} arch=${arch}${e.divergent ? ' DIVERGENT' : ''}`;
    }
    case 'at-forward': return `cpu${e.cpu} at-forward ${e.op} va=${hex(e.vaLo, e.vaHi)} esr=${(e.esr >>> 0).toString(16)}`;
    case 'sysreg': return `cpu${e.cpu} sysreg ${e.read ? 'read' : 'write'} ${e.name} = ${hex(e.lo, e.hi)}`;
    case 'eret': return `cpu${e.cpu} eret -> ${e.to} pc=${hex(e.pcLo, e.pcHi)}`;
    case 'inject': return `cpu${e.cpu} inject esr=${(e.esr >>> 0).toString(16)} from ${e.from} (${e.reason}) -> vEL2 vector ${hex(e.vectorLo, e.vectorHi)}`;
    case 's2-fault': return `cpu${e.cpu} s2-fault ipa=${e.ipa.toString(16)} ${e.write ? 'write' : 'read'} -> ${e.outcome}${e.outcome === 'mapped' ? ` pa=${e.pa.toString(16)}` : ''} mmu${e.mmu}`;
    case 'shadow-mmu': return `cpu${e.cpu} shadow-mmu ${e.action} mmu${e.mmu} (host VMID ${e.vmid}, guest VMID ${e.guestVmid})${e.action !== 'allocate' ? ` pages=${e.pages}` : ''}`;
    case 'tlbi': return `cpu${e.cpu} tlbi ${e.op} unmapped=${e.unmapped}`;
  }
}
