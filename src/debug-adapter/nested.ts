// The host model's events as the debugger presents them: which exception filter each
// one triggers, the fields a filter condition can test, the stop description, and the
// shadow stage-2 MMU list (Variables scope and the nvdbg/shadowMmus request).
import type { HostEvent } from '../engine/host/events';
import type { HostModel } from '../engine/host/host';
import type { ShadowS2Mmu } from '../engine/host/shadow-s2';
import { describePar } from '../engine/mmu/format';
import { REGIME_NAMES } from '../engine/mmu/types';
import { hex16 } from '../engine/util/u64';
import { ShadowMmusResponseBody } from './protocol';

export type CondValue = number | string;

/** The exception filter ids an event triggers (DESIGN.md "Exception breakpoint filters"). */
export function filtersOf(e: HostEvent): string[] {
  switch (e.kind) {
    case 'at': return e.divergent ? ['at-trap', 'at-divergence'] : ['at-trap'];
    case 'at-forward': return ['at-forward'];
    case 'sysreg': return ['sysreg-trap'];
    case 's2-fault': return ['s2-fault'];
    case 'shadow-mmu': return ['shadow-mmu'];
    case 'tlbi': return ['tlbi'];
    default: return []; // eret and inject reach the 'eret' / 'exception' filters through the PE hooks
  }
}

const u64 = (lo: number, hi: number): number => (hi >>> 0) * 2 ** 32 + (lo >>> 0);

/** The names a condition can use for this event (numbers, or strings for op/path/action/...). */
export function conditionFields(e: HostEvent): Record<string, CondValue> {
  switch (e.kind) {
    case 'at': return {
      cpu: e.cpu, op: e.op, va: u64(e.vaLo, e.vaHi), regime: REGIME_NAMES[e.regime], path: e.path, divergent: e.divergent ? 1 : 0,
      par: e.par === undefined ? -1 : u64(e.par[0], e.par[1]), f: e.par === undefined ? -1 : e.par[0] & 1,
    };
    case 'at-forward': return { cpu: e.cpu, op: e.op, va: u64(e.vaLo, e.vaHi), esr: e.esr >>> 0 };
    case 'sysreg': return { cpu: e.cpu, name: e.name, read: e.read ? 1 : 0, value: u64(e.lo, e.hi) };
    case 's2-fault': return { cpu: e.cpu, ipa: e.ipa, write: e.write ? 1 : 0, outcome: e.outcome, mmu: e.mmu };
    case 'shadow-mmu': return { cpu: e.cpu, action: e.action, mmu: e.mmu, vmid: e.vmid, guestVmid: e.guestVmid, pages: e.pages };
    case 'tlbi': return { cpu: e.cpu, op: e.op, unmapped: e.unmapped };
    case 'eret': return { cpu: e.cpu, to: e.to, pc: u64(e.pcLo, e.pcHi) };
    case 'inject': return { cpu: e.cpu, esr: e.esr >>> 0, from: e.from };
  }
}

/** The stopped event's description: what happened, in the user's terms. */
export function describeHostEvent(e: HostEvent): string {
  switch (e.kind) {
    case 'at': {
      const par = e.par === undefined ? 'PAR_EL1 left unchanged' : `PAR_EL1 = 0x${hex16(e.par[0], e.par[1])} (${describePar(e.par[0], e.par[1])})`;
      const arch = e.archAbort ? 'the architecture takes a Data Abort here' : e.archPar === undefined ? '' : `the architecture gives 0x${hex16(e.archPar[0], e.archPar[1])}`;
      return `AT ${e.op} 0x${hex16(e.vaLo, e.vaHi)} from vEL2 trapped to the host, ${e.path} path${e.reason !== '' ? ` (${e.reason})` : ''}: ${par}` +
        (e.divergent ? `; DIVERGES: ${arch}` : '');
    }
    case 'at-forward': return `AT ${e.op} 0x${hex16(e.vaLo, e.vaHi)} from L2 forwarded to the guest hypervisor (vEL2), ESR_EL2 = 0x${(e.esr >>> 0).toString(16)}`;
    case 'sysreg': return `${e.read ? 'MRS' : 'MSR'} ${e.name} at vEL2 trapped to the host: ${e.read ? 'read' : 'wrote'} 0x${hex16(e.lo, e.hi)}`;
    case 's2-fault': return e.outcome === 'mapped'
      ? `stage-2 fault on L2 ${e.write ? 'write' : 'read'} at IPA 0x${e.ipa.toString(16)}: the host mapped it to PA 0x${e.pa.toString(16)} in shadow MMU ${e.mmu}`
      : e.outcome === 'injected'
        ? `stage-2 fault on L2 ${e.write ? 'write' : 'read'} at IPA 0x${e.ipa.toString(16)}: not satisfied by the guest hypervisor's stage 2, injected into vEL2`
        : `stage-2 fault on L2 ${e.write ? 'write' : 'read'} at IPA 0x${e.ipa.toString(16)}: no memory or device behind it, external abort to L2's EL1`;
    case 'shadow-mmu': return `shadow stage-2 MMU ${e.mmu} (host VMID ${e.vmid}, guest VMID ${e.guestVmid}): ${e.action}${e.action === 'allocate' ? '' : `, ${e.pages} page${e.pages === 1 ? '' : 's'}`}`;
    case 'tlbi': return `TLBI ${e.op} at vEL2 emulated by the host: ${e.unmapped} shadow page${e.unmapped === 1 ? '' : 's'} unmapped`;
    case 'eret': return `ERET from vEL2 to ${e.to} at 0x${hex16(e.pcLo, e.pcHi)}`;
    case 'inject': return `exception injected into vEL2 (${e.reason}), ESR_EL2 = 0x${(e.esr >>> 0).toString(16)}`;
  }
}

/** Coalesced mapped ranges of a shadow MMU: [L2 IPA start, PA start, pages]. */
export function mappedRanges(m: ShadowS2Mmu): [number, number, number][] {
  const pages = [...m.pages].sort((a, b) => a[0] - b[0]);
  const out: [number, number, number][] = [];
  for (const [ipa, pa] of pages) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0] + last[2] === ipa && last[1] + last[2] === pa) last[2]++;
    else out.push([ipa, pa, 1]);
  }
  return out;
}

export function shadowMmusBody(host: HostModel | undefined): ShadowMmusResponseBody {
  if (host === undefined) return { nested: false, mmus: [], note: 'shadow stage-2 MMUs exist in nested mode: launch with "nested": true' };
  return {
    nested: true,
    mmus: host.mmus.map((m) => ({
      index: m.index, vttbr: '0x' + hex16(m.tlbVttbrLo, m.tlbVttbrHi), vtcr: '0x' + (m.tlbVtcr >>> 0).toString(16), vmid: m.vmid, guestVmid: m.guestVmid(),
      valid: m.valid, enabled: m.nestedStage2Enabled, refcount: m.refcnt, pendingUnmap: m.pendingUnmap,
      root: '0x' + m.root.toString(16), pages: m.pages.size,
      ranges: mappedRanges(m).map(([ipa, pa, n]) => ({ ipa: '0x' + (ipa * 4096).toString(16), pa: '0x' + (pa * 4096).toString(16), size: '0x' + (n * 4096).toString(16) })),
    })),
  };
}
