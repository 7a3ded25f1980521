// Branches, exception generation, hints, barriers and system instructions.

import { EncodingRow, fieldValue } from '../encodings';
import { Ctx, Insn, insn, X, W, hex, dec, sext, CONDS, target, bits, withTail, branchCondComment } from './text';
import { sysRegText, sysOp } from './sysnames';

const HINTS: Readonly<Record<number, string>> = {
  0: 'nop', 1: 'yield', 2: 'wfe', 3: 'wfi', 4: 'sev', 5: 'sevl', 7: 'xpaclri', 8: 'pacia1716', 10: 'pacib1716',
  12: 'autia1716', 14: 'autib1716', 16: 'esb', 17: 'psb\tcsync', 18: 'tsb\tcsync', 20: 'csdb', 22: 'clearbhb',
  24: 'paciaz', 25: 'paciasp', 26: 'pacibz', 27: 'pacibsp', 28: 'autiaz', 29: 'autiasp', 30: 'autibz', 31: 'autibsp',
  32: 'bti', 34: 'bti\tc', 36: 'bti\tj', 38: 'bti\tjc',
};

/** DMB/DSB option names by CRm (unnamed values print as #0x0N). */
const BARRIER_OPTS = ['', 'oshld', 'oshst', 'osh', '', 'nshld', 'nshst', 'nsh', '', 'ishld', 'ishst', 'ish', '', 'ld', 'st', 'sy'];

/** PSTATE fields of MSR (immediate) by op1:op2; `bit` fields take only CRm 0/1. */
const PSTATE: Readonly<Record<number, { name: string; bit: boolean }>> = {
  [(0 << 3) | 3]: { name: 'uao', bit: true }, [(0 << 3) | 4]: { name: 'pan', bit: true },
  [(0 << 3) | 5]: { name: 'spsel', bit: true }, [(1 << 3) | 0]: { name: 'allint', bit: true },
  [(3 << 3) | 1]: { name: 'ssbs', bit: true }, [(3 << 3) | 2]: { name: 'dit', bit: true },
  [(3 << 3) | 4]: { name: 'tco', bit: true }, [(3 << 3) | 6]: { name: 'daifset', bit: false },
  [(3 << 3) | 7]: { name: 'daifclr', bit: false },
};
const SVCR = ['', '', 'smstop\tsm', 'smstart\tsm', 'smstop\tza', 'smstart\tza', 'smstop', 'smstart'];

function split(t: string): Insn {
  const i = t.indexOf('\t');
  return i < 0 ? insn(t) : insn(t.slice(0, i), t.slice(i + 1));
}

function msrImm(w: number): Insn {
  const op1 = bits(w, 16, 3), crm = bits(w, 8, 4), op2 = bits(w, 5, 3);
  if (op1 === 0 && crm === 0 && op2 <= 2) return insn(['cfinv', 'xaflag', 'axflag'][op2]);
  if (op1 === 3 && op2 === 3 && crm >= 2 && crm <= 7) return split(SVCR[crm]);
  const f = PSTATE[(op1 << 3) | op2];
  if (f !== undefined && (!f.bit || crm <= 1)) return insn('msr', f.name, hex(crm));
  return insn('msr', `s0_${op1}_c4_c${crm}_${op2}`, 'xzr');
}

function sys(w: number, l: boolean): Insn {
  const op1 = bits(w, 16, 3), crn = bits(w, 12, 4), crm = bits(w, 8, 4), op2 = bits(w, 5, 3), rt = bits(w, 0, 5);
  const generic = `#${op1}, C${crn}, C${crm}, #${op2}`;
  if (l) return insn('sysl', X(rt), generic);
  const op = sysOp((1 << 14) | bits(w, 5, 14));
  if (op !== undefined) {
    const sp = op.name.indexOf(' ');
    const m = op.name.slice(0, sp), name = op.name.slice(sp + 1);
    return op.xt ? insn(m, name, X(rt)) : insn(m, name);
  }
  return rt === 31 ? insn('sys', generic) : insn('sys', generic, X(rt));
}

export function formatSystem(row: EncodingRow, ctx: Ctx): Insn | undefined {
  const w = ctx.word;
  const f = (name: string): number => fieldValue(row, w, name);
  switch (row.id) {
    case 'B': case 'BL': return insn(row.mnemonic, target(ctx, BigInt(sext(f('imm26'), 26)) * 4n));
    case 'B_cond': return withTail(insn(`b.${CONDS[f('cond')]}`, target(ctx, BigInt(sext(f('imm19'), 19)) * 4n)), branchCondComment(f('cond')));
    case 'CBZ': case 'CBNZ': {
      const r = f('sf') ? X(f('Rt')) : W(f('Rt'));
      return insn(row.mnemonic, r, target(ctx, BigInt(sext(f('imm19'), 19)) * 4n));
    }
    case 'TBZ': case 'TBNZ': {
      const b5 = f('b5');
      return insn(row.mnemonic, b5 ? X(f('Rt')) : W(f('Rt')), dec((b5 << 5) | f('b40')), target(ctx, BigInt(sext(f('imm14'), 14)) * 4n));
    }
    case 'BR': case 'BLR': return insn(row.mnemonic, X(f('Rn')));
    case 'RET': return f('Rn') === 30 ? insn('ret') : insn('ret', X(f('Rn')));
    case 'ERET': return insn('eret');
    case 'SVC': case 'HVC': case 'SMC': case 'BRK': case 'HLT': return insn(row.mnemonic, hex(f('imm16')));
    case 'HINT': {
      const n = (f('CRm') << 3) | f('op2');
      const h = HINTS[n];
      return h !== undefined ? split(h) : insn('hint', hex(n));
    }
    case 'CLREX': return f('CRm') === 15 ? insn('clrex') : insn('clrex', hex(f('CRm')));
    case 'DSB': case 'DMB': {
      const crm = f('CRm');
      if (row.id === 'DSB' && crm === 0) return insn('ssbb');
      if (row.id === 'DSB' && crm === 4) return insn('pssbb');
      const o = BARRIER_OPTS[crm];
      return insn(row.mnemonic, o !== '' ? o : `#0x${crm.toString(16).padStart(2, '0')}`);
    }
    case 'ISB': return f('CRm') === 15 ? insn('isb') : insn('isb', hex(f('CRm')));
    case 'SB': return insn('sb');
    case 'MSR_imm': return msrImm(w);
    case 'SYS': return sys(w, false);
    case 'SYSL': return sys(w, true);
    case 'MRS': return insn('mrs', X(f('Rt')), sysRegText(bits(w, 5, 16), false));
    case 'MSR_reg': return insn('msr', sysRegText(bits(w, 5, 16), true), X(f('Rt')));
    default: return undefined;
  }
}
