// Loads, stores, pairs, exclusives, atomics and prefetches.

import { EncodingRow, fieldValue } from '../encodings';
import { Ctx, Insn, insn, reg, X, W, dec, sext, target } from './text';

const EXTENDS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

/** PRFM operation name for Rt (pld/pli/pst, l1..l3, keep/strm), else #0x.. */
function prfop(rt: number): string {
  const type = rt >>> 3, tgt = (rt >>> 1) & 3, pol = rt & 1;
  if (type === 3 || tgt === 3) return `#0x${rt.toString(16).padStart(2, '0')}`;
  return `${['pld', 'pli', 'pst'][type]}l${tgt + 1}${pol ? 'strm' : 'keep'}`;
}

/** Is the transfer register 64-bit for this row? */
function rtIs64(row: EncodingRow, w: number): boolean {
  const m = row.mnemonic;
  if (/^(ldrsw|ldtrsw|ldursw|ldapursw)$/.test(m)) return true;
  if (/^(ldrs[bh]|ldtrs[bh]|ldurs[bh]|ldapurs[bh])$/.test(m)) return ((w >>> 22) & 3) === 2;
  if (/[bh]$/.test(m)) return false;
  return row.bytes === 8;
}

const mem = (rn: number, off = ''): string => `[${X(rn, 'sp')}${off === '' ? '' : `, ${off}`}]`;

export function formatLdst(row: EncodingRow, ctx: Ctx): Insn | undefined {
  const w = ctx.word;
  const f = (name: string): number => fieldValue(row, w, name);
  const has = (n: string): boolean => row.fields.some((x) => x.name === n);
  const id = row.id, m = row.mnemonic;
  const bytes = row.bytes ?? 8;
  const x64 = bytes === 8;
  const rt = (): string => reg(f('Rt'), rtIs64(row, w));
  switch (row.cls) {
    case 'exclusive': {
      const base = mem(f('Rn'));
      if (has('Rt2')) {
        const t = reg(f('Rt'), x64), t2 = reg(f('Rt2'), x64);
        return has('Rs') ? insn(m, W(f('Rs')), t, t2, base) : insn(m, t, t2, base);
      }
      return has('Rs') ? insn(m, W(f('Rs')), reg(f('Rt'), x64), base) : insn(m, reg(f('Rt'), x64), base);
    }
    case 'atomic': {
      const base = mem(f('Rn'));
      if (/^CASP/.test(id)) {
        const s = f('Rs'), t = f('Rt');
        if (s & 1 || t & 1) return undefined;
        return insn(m, reg(s, x64), reg(s + 1, x64), reg(t, x64), reg(t + 1, x64), base);
      }
      const s = reg(f('Rs'), x64), t = reg(f('Rt'), x64);
      if (/^ld(add|clr|eor|set|smax|smin|umax|umin)/.test(m) && f('Rt') === 31 && ((w >>> 23) & 1) === 0) {
        return insn(m.replace(/^ld/, 'st'), s, base);
      }
      return insn(m, s, t, base);
    }
    default: break;
  }
  if (/^LDR_lit|^LDRSW_lit/.test(id)) return insn(m, rt(), target(ctx, BigInt(sext(f('imm19'), 19)) * 4n));
  if (id === 'PRFM_lit') return insn('prfm', prfop(f('Rt')), target(ctx, BigInt(sext(f('imm19'), 19)) * 4n));
  const pf = row.cls === 'prefetch';
  const first = pf ? prfop(f('Rt')) : rt();
  if (/^(ST|LD)N?P_|^LDPSW_/.test(id)) {
    const scale = /^LDPSW/.test(id) ? 4 : bytes;
    const off = sext(f('imm7'), 7) * scale;
    if (/^LDPSW/.test(id)) {
      // objdump rejects LDPSW with Rt == Rt2, or writeback onto a transfer register.
      const t = f('Rt'), t2 = f('Rt2'), n = f('Rn');
      if (t === t2 || (!id.endsWith('_off') && n !== 31 && (n === t || n === t2))) return undefined;
    }
    const regs = [reg(f('Rt'), /^LDPSW/.test(id) || x64), reg(f('Rt2'), /^LDPSW/.test(id) || x64)];
    if (id.endsWith('_post')) return insn(m, ...regs, mem(f('Rn')), dec(off));
    if (id.endsWith('_pre')) return insn(m, ...regs, `${mem(f('Rn'), dec(off))}!`);
    return insn(m, ...regs, mem(f('Rn'), off === 0 ? '' : dec(off)));
  }
  if (id.endsWith('_uimm')) {
    const off = f('imm12') * bytes;
    return insn(m, first, mem(f('Rn'), off === 0 ? '' : dec(off)));
  }
  if (id.endsWith('_reg')) {
    const opt = f('option'), s = f('S');
    if ((opt & 2) === 0) return undefined;
    const rm = reg(f('Rm'), (opt & 1) === 1);
    const amount = Math.log2(bytes);
    let ext: string;
    if (opt === 3) ext = s ? `, lsl #${amount}` : '';
    else ext = s ? `, ${EXTENDS[opt]} #${amount}` : `, ${EXTENDS[opt]}`;
    return insn(m, first, `[${X(f('Rn'), 'sp')}, ${rm}${ext}]`);
  }
  if (has('imm9')) {
    const off = sext(f('imm9'), 9);
    if (id.endsWith('_post')) return insn(m, first, mem(f('Rn')), dec(off));
    if (id.endsWith('_pre')) return insn(m, first, `${mem(f('Rn'), dec(off))}!`);
    return insn(m, first, mem(f('Rn'), off === 0 ? '' : dec(off)));
  }
  // STLR/LDAR/STLLR/LDLAR/LDAPR: [Xn] only. objdump 2.40 requires LDAR's Rt2 field to be all
  // ones and Rs to be 0b11111 (or 0b01111, except for LDARH: a quirk of its opcode masks).
  if (/^LDAR/.test(id)) {
    const rs = (w >>> 16) & 31;
    if (((w >>> 10) & 31) !== 31 || !(rs === 31 || (rs === 15 && bytes !== 2))) return undefined;
  }
  return insn(m, reg(f('Rt'), x64), mem(f('Rn')));
}
