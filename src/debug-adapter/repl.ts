// Debug console commands (DESIGN.md "REPL commands"): what-if translations that
// never change the machine (inspection walks), and the TLB listing.
//   walk <va> [el10|el2|el20]   stage 1 (+ stage 2) walk of a VA
//   at <op> <va>                the PAR_EL1 an AT would produce (PAR_EL1 is not written)
//   s2 <ipa>                    stage-2 walk of an IPA (VTTBR_EL2/VTCR_EL2)
//   tlb                         this vCPU's TLB entries, stale ones flagged
import type { Machine } from '../engine/machine';
import type { Core } from '../engine/isa/execute';
import { AArch64_FullTranslate, AccessKind, AccessDesc } from '../engine/mmu/translate';
import { AArch64_S2Walk } from '../engine/mmu/walk';
import { s2Setup, currentRegime } from '../engine/mmu/params';
import { Regime, REGIME_NAMES } from '../engine/mmu/types';
import { formatWalk, describePar, describeFault } from '../engine/mmu/format';
import { parFault, parSuccess } from '../engine/mmu/par';
import { hex16 } from '../engine/util/u64';
import { HCR } from '../engine/cpu/pe';

export const REPL_COMMANDS = ['walk', 'at', 's2', 'tlb'] as const;
const AT_OPS: Record<string, { el: 1 | 2; s12: boolean; acc: AccessDesc }> = {
  s1e1r: { el: 1, s12: false, acc: { kind: AccessKind.READ, unpriv: false, pan: false } },
  s1e1w: { el: 1, s12: false, acc: { kind: AccessKind.WRITE, unpriv: false, pan: false } },
  s1e0r: { el: 1, s12: false, acc: { kind: AccessKind.READ, unpriv: true, pan: false } },
  s1e0w: { el: 1, s12: false, acc: { kind: AccessKind.WRITE, unpriv: true, pan: false } },
  s1e1rp: { el: 1, s12: false, acc: { kind: AccessKind.READ, unpriv: false, pan: true } },
  s1e1wp: { el: 1, s12: false, acc: { kind: AccessKind.WRITE, unpriv: false, pan: true } },
  s1e2r: { el: 2, s12: false, acc: { kind: AccessKind.READ, unpriv: false, pan: false } },
  s1e2w: { el: 2, s12: false, acc: { kind: AccessKind.WRITE, unpriv: false, pan: false } },
  s12e1r: { el: 1, s12: true, acc: { kind: AccessKind.READ, unpriv: false, pan: false } },
  s12e1w: { el: 1, s12: true, acc: { kind: AccessKind.WRITE, unpriv: false, pan: false } },
  s12e0r: { el: 1, s12: true, acc: { kind: AccessKind.READ, unpriv: true, pan: false } },
  s12e0w: { el: 1, s12: true, acc: { kind: AccessKind.WRITE, unpriv: true, pan: false } },
};

function parseU64(t: string | undefined): [number, number] | undefined {
  if (t === undefined || !/^(0x[0-9a-f_]+|[0-9_]+)$/i.test(t)) return undefined;
  const v = BigInt.asUintN(64, BigInt(t.replace(/_/g, '')));
  return [Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0];
}

/** Run a REPL command; undefined when `line` is not a command (it is then an expression). */
export function replCommand(m: Machine, core: Core, line: string): string | undefined {
  const [cmd, ...args] = line.trim().split(/\s+/);
  // Nested mode: what-if walks run on the guest's view (virtual EL2, L2 behind L1's own stage 2).
  const pe = m.host !== undefined && cmd !== 'tlb' && REPL_COMMANDS.includes(cmd as never) ? m.host.viewOf(core) : core.pe;
  // ... whose tables sit in its physical memory (host IPAs: the host's stage 2 places them).
  const gmem = m.host?.l1mem ?? m.mem;
  switch (cmd) {
    case 'walk': {
      const va = parseU64(args[0]);
      if (va === undefined) return 'usage: walk <va> [el10|el2|el20]';
      const r = args[1] === undefined ? currentRegime(pe) : (REGIME_NAMES as readonly string[]).indexOf(args[1]);
      if (r < 0) return `unknown regime '${args[1]}' (el10, el2, el20)`;
      const t = AArch64_FullTranslate(pe, gmem, r as Regime, va[0], va[1], { kind: AccessKind.READ, unpriv: false, pan: false }, true);
      const lines = [...(t.s1 !== undefined ? formatWalk(t.s1) : ['stage 1 off: flat map']), ...(t.s1 === undefined && t.s2 !== undefined ? formatWalk(t.s2) : [])];
      lines.push(t.fault !== undefined ? `=> ${describeFault(t.fault)}` : `=> PA 0x${t.pa.toString(16)} attr 0x${t.attrs.attr.toString(16).padStart(2, '0')} sh ${t.attrs.sh}`);
      return lines.join('\n');
    }
    case 'at': {
      const op = AT_OPS[(args[0] ?? '').toLowerCase()];
      const va = parseU64(args[1]);
      if (op === undefined || va === undefined) return `usage: at <${Object.keys(AT_OPS).join('|')}> <va>`;
      const e2h = pe.hcr(HCR.E2H) === 1, tge = pe.hcr(HCR.TGE) === 1;
      const regime = op.el === 2 ? (e2h ? Regime.EL20 : Regime.EL2) : (e2h && tge ? Regime.EL20 : Regime.EL10);
      const acc = { ...op.acc, pan: op.acc.pan && pe.pan === 1 };
      const t = AArch64_FullTranslate(pe, gmem, regime, va[0], va[1], acc, true, op.s12);
      const par = new Int32Array(2);
      if (t.fault !== undefined) parFault(t.fault, par); else parSuccess(t, par);
      return `AT ${args[0].toUpperCase()} 0x${hex16(va[0], va[1])} (${REGIME_NAMES[regime]}, what-if: PAR_EL1 not written)\nPAR=0x${hex16(par[0], par[1])} ${describePar(par[0], par[1])}`;
    }
    case 's2': {
      const ipa = parseU64(args[0]);
      if (ipa === undefined) return 'usage: s2 <ipa>';
      const p = s2Setup(pe);
      if ('fault' in p) return 'stage 2 is configured inconsistently (VTCR_EL2): every lookup faults';
      const t = AArch64_S2Walk({ mem: gmem, inspect: true, write: false }, p, (ipa[1] >>> 0) * 4294967296 + (ipa[0] >>> 0), false, Regime.EL10);
      return formatWalk(t).join('\n');
    }
    case 'tlb': {
      const es = m.mmu.tlbEntries(core);
      if (es.length === 0) return 'TLB empty';
      return es.map((e) => `va 0x${(e.vaPage << 12n).toString(16)} -> pa 0x${e.pa.toString(16)} ${REGIME_NAMES[e.regime]} L${e.level} ${e.global ? 'global' : `asid ${e.asid}`}${e.regime === Regime.EL10 ? ` vmid ${e.vmid}` : ''}${e.stale ? ` STALE (now ${e.nowPa < 0 ? 'faults' : '0x' + e.nowPa.toString(16)})` : ''}`).join('\n');
    }
    default: return undefined;
  }
}
