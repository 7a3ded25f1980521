// Data processing (immediate and register) with objdump's alias choices.

import { EncodingRow, fieldValue } from '../encodings';
import { Ctx, Insn, insn, reg, X, W, hex, dec, sext, CONDS, target, MASK64, condComment, withTail, movImm } from './text';
import { decodeBitMask, isWideImm } from './bitmask';

const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];
const EXTENDS = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

function dpImm(row: EncodingRow, ctx: Ctx, f: (n: string) => number): Insn | undefined {
  const id = row.id;
  if (id === 'ADR') return insn('adr', X(f('Rd')), target(ctx, BigInt(sext((f('immhi') << 2) | f('immlo'), 21))));
  if (id === 'ADRP') {
    const off = BigInt(sext((f('immhi') << 2) | f('immlo'), 21)) << 12n;
    const base = ctx.pc & ~0xfffn;
    return insn('adrp', X(f('Rd')), target({ ...ctx, pc: base }, off));
  }
  const sf = f('sf') === 1;
  const R = (name: string): string => reg(f(name), sf, row.regs[name]);
  switch (id) {
    case 'ADD_imm': case 'ADDS_imm': case 'SUB_imm': case 'SUBS_imm': {
      const imm = f('imm12'), sh = f('sh');
      const tail = sh ? [hex(imm), 'lsl #12'] : [hex(imm)];
      if (id === 'ADD_imm' && sh === 0 && imm === 0 && (f('Rd') === 31 || f('Rn') === 31)) return insn('mov', R('Rd'), R('Rn'));
      if ((id === 'ADDS_imm' || id === 'SUBS_imm') && f('Rd') === 31) return insn(id === 'ADDS_imm' ? 'cmn' : 'cmp', R('Rn'), ...tail);
      return insn(row.mnemonic, R('Rd'), R('Rn'), ...tail);
    }
    case 'AND_imm': case 'ORR_imm': case 'EOR_imm': case 'ANDS_imm': {
      const size = sf ? 64 : 32;
      const v = decodeBitMask(f('N'), f('immr'), f('imms'), size);
      if (v === undefined) return undefined;
      if (id === 'ANDS_imm' && f('Rd') === 31) return insn('tst', R('Rn'), hex(v));
      if (id === 'ORR_imm' && f('Rn') === 31 && (f('Rd') === 31 || !isWideImm(v, size, false) && !isWideImm(v, size, true))) return movImm(R('Rd'), v, sf);
      return insn(row.mnemonic, R('Rd'), R('Rn'), hex(v));
    }
    case 'MOVN': case 'MOVZ': case 'MOVK': {
      const hw = f('hw'), imm = f('imm16');
      if (!sf && hw >= 2) return undefined;
      if (id !== 'MOVK' && !(imm === 0 && hw !== 0)) {
        let v = BigInt(imm) << BigInt(16 * hw);
        if (id === 'MOVN') {
          v = ~v & (sf ? MASK64 : 0xffffffffn);
          if (!sf && imm === 0xffff) return insn('movn', R('Rd'), hex(imm), ...(hw ? [`lsl #${16 * hw}`] : []));
        }
        return movImm(R('Rd'), v, sf);
      }
      return insn(row.mnemonic, R('Rd'), hex(imm), ...(hw ? [`lsl #${16 * hw}`] : []));
    }
    case 'SBFM': case 'BFM': case 'UBFM': return bitfield(row, f, sf, R);
    case 'EXTR': {
      const n = f('N'), imms = f('imms');
      if (n !== (sf ? 1 : 0) || (!sf && imms >= 32)) return undefined;
      if (f('Rn') === f('Rm')) return insn('ror', R('Rd'), R('Rn'), dec(imms));
      return insn('extr', R('Rd'), R('Rn'), R('Rm'), dec(imms));
    }
    default: return undefined;
  }
}

function bitfield(row: EncodingRow, f: (n: string) => number, sf: boolean, R: (n: string) => string): Insn | undefined {
  const n = f('N'), immr = f('immr'), imms = f('imms');
  if (n !== (sf ? 1 : 0)) return undefined;
  if (!sf && (immr >= 32 || imms >= 32)) return undefined;
  const size = sf ? 64 : 32;
  const d = R('Rd'), s = R('Rn');
  const wn = W(f('Rn'));
  switch (row.id) {
    case 'SBFM':
      if (imms === size - 1) return insn('asr', d, s, dec(immr));
      if (immr === 0 && imms === 7) return insn('sxtb', d, wn);
      if (immr === 0 && imms === 15) return insn('sxth', d, wn);
      if (immr === 0 && imms === 31 && sf) return insn('sxtw', d, wn);
      if (imms < immr) return insn('sbfiz', d, s, dec(size - immr), dec(imms + 1));
      return insn('sbfx', d, s, dec(immr), dec(imms - immr + 1));
    case 'UBFM':
      if (imms !== size - 1 && imms + 1 === immr) return insn('lsl', d, s, dec(size - 1 - imms));
      if (imms === size - 1) return insn('lsr', d, s, dec(immr));
      if (!sf && immr === 0 && imms === 7) return insn('uxtb', d, wn);
      if (!sf && immr === 0 && imms === 15) return insn('uxth', d, wn);
      if (imms < immr) return insn('ubfiz', d, s, dec(size - immr), dec(imms + 1));
      return insn('ubfx', d, s, dec(immr), dec(imms - immr + 1));
    default: // BFM
      if (imms < immr) {
        if (f('Rn') === 31) return insn('bfc', d, dec(size - immr), dec(imms + 1));
        return insn('bfi', d, s, dec(size - immr), dec(imms + 1));
      }
      return insn('bfxil', d, s, dec(immr), dec(imms - immr + 1));
  }
}

function dpReg(row: EncodingRow, f: (n: string) => number): Insn | undefined {
  const r = dpReg1(row, f);
  if (r === undefined || !row.fields.some((x) => x.name === 'cond')) return r;
  const shown = /^(cset|csetm|cinc|cinv|cneg)$/.test(r.m) ? f('cond') ^ 1 : f('cond');
  return withTail(r, condComment(shown));
}

function dpReg1(row: EncodingRow, f: (n: string) => number): Insn | undefined {
  const has = (n: string): boolean => row.fields.some((x) => x.name === n);
  const sf = has('sf') ? f('sf') === 1 : true;
  const R = (name: string, x64 = sf): string => reg(f(name), x64, row.regs[name]);
  const id = row.id, m = row.mnemonic;
  if (/_shift$/.test(id)) {
    const shift = f('shift'), amt = f('imm6');
    if (!sf && amt >= 32) return undefined;
    const logical = /^(AND|BIC|ORR|ORN|EOR|EON|ANDS|BICS)_/.test(id);
    if (!logical && shift === 3) return undefined;
    const sh = amt !== 0 || (shift !== 0) ? [`${SHIFTS[shift]} #${amt}`] : [];
    if (logical) {
      if (id === 'ORR_shift' && f('Rn') === 31 && shift === 0 && amt === 0) return insn('mov', R('Rd'), R('Rm'));
      if (id === 'ORN_shift' && f('Rn') === 31) return insn('mvn', R('Rd'), R('Rm'), ...sh);
      if (id === 'ANDS_shift' && f('Rd') === 31) return insn('tst', R('Rn'), R('Rm'), ...sh);
      return insn(m, R('Rd'), R('Rn'), R('Rm'), ...sh);
    }
    if ((id === 'ADDS_shift' || id === 'SUBS_shift') && f('Rd') === 31) return insn(id === 'ADDS_shift' ? 'cmn' : 'cmp', R('Rn'), R('Rm'), ...sh);
    if ((id === 'SUB_shift' || id === 'SUBS_shift') && f('Rn') === 31) return insn(id === 'SUB_shift' ? 'neg' : 'negs', R('Rd'), R('Rm'), ...sh);
    return insn(m, R('Rd'), R('Rn'), R('Rm'), ...sh);
  }
  if (/_ext$/.test(id)) {
    const opt = f('option'), amt = f('imm3');
    if (amt > 4) return undefined;
    const rm = reg(f('Rm'), sf && (opt & 3) === 3, 'zr');
    const spForm = f('Rd') === 31 && row.regs.Rd === 'sp' || f('Rn') === 31;
    let ext: string[];
    if (spForm && opt === (sf ? 3 : 2)) ext = amt === 0 ? [] : [`lsl #${amt}`];
    else ext = [amt === 0 ? EXTENDS[opt] : `${EXTENDS[opt]} #${amt}`];
    if ((id === 'ADDS_ext' || id === 'SUBS_ext') && f('Rd') === 31) return insn(id === 'ADDS_ext' ? 'cmn' : 'cmp', R('Rn'), rm, ...ext);
    return insn(m, R('Rd'), R('Rn'), rm, ...ext);
  }
  switch (id) {
    case 'ADC': case 'ADCS': return insn(m, R('Rd'), R('Rn'), R('Rm'));
    case 'SBC': case 'SBCS':
      if (f('Rn') === 31) return insn(id === 'SBC' ? 'ngc' : 'ngcs', R('Rd'), R('Rm'));
      return insn(m, R('Rd'), R('Rn'), R('Rm'));
    case 'CCMN_reg': case 'CCMP_reg': return insn(m, R('Rn'), R('Rm'), hex(f('nzcv')), CONDS[f('cond')]);
    case 'CCMN_imm': case 'CCMP_imm': return insn(m, R('Rn'), hex(f('imm5')), hex(f('nzcv')), CONDS[f('cond')]);
    case 'CSEL': return insn(m, R('Rd'), R('Rn'), R('Rm'), CONDS[f('cond')]);
    case 'CSINC': case 'CSINV': case 'CSNEG': {
      const cond = f('cond'), rn = f('Rn'), rm = f('Rm');
      if (cond < 14 && rn === rm) {
        const inv = CONDS[cond ^ 1];
        if (id !== 'CSNEG' && rn === 31) return insn(id === 'CSINC' ? 'cset' : 'csetm', R('Rd'), inv);
        return insn(id === 'CSINC' ? 'cinc' : id === 'CSINV' ? 'cinv' : 'cneg', R('Rd'), R('Rn'), inv);
      }
      return insn(m, R('Rd'), R('Rn'), R('Rm'), CONDS[cond]);
    }
    case 'MADD': case 'MSUB':
      if (f('Ra') === 31) return insn(id === 'MADD' ? 'mul' : 'mneg', R('Rd'), R('Rn'), R('Rm'));
      return insn(m, R('Rd'), R('Rn'), R('Rm'), R('Ra'));
    case 'SMADDL': case 'SMSUBL': case 'UMADDL': case 'UMSUBL': {
      const alias: Record<string, string> = { SMADDL: 'smull', SMSUBL: 'smnegl', UMADDL: 'umull', UMSUBL: 'umnegl' };
      if (f('Ra') === 31) return insn(alias[id], X(f('Rd')), W(f('Rn')), W(f('Rm')));
      return insn(m, X(f('Rd')), W(f('Rn')), W(f('Rm')), X(f('Ra')));
    }
    case 'SMULH': case 'UMULH': return insn(m, X(f('Rd')), X(f('Rn')), X(f('Rm')));
    case 'UDIV': case 'SDIV': return insn(m, R('Rd'), R('Rn'), R('Rm'));
    case 'LSLV': case 'LSRV': case 'ASRV': case 'RORV': return insn(m.slice(0, 3), R('Rd'), R('Rn'), R('Rm'));
    case 'CRC32X': case 'CRC32CX': return insn(m, W(f('Rd')), W(f('Rn')), X(f('Rm')));
    case 'REV32': return insn(m, X(f('Rd')), X(f('Rn')));
    case 'REV_32': return insn('rev', W(f('Rd')), W(f('Rn')));
    case 'REV_64': return insn('rev', X(f('Rd')), X(f('Rn')));
    default:
      if (/^CRC32/.test(id)) return insn(m, W(f('Rd')), W(f('Rn')), W(f('Rm')));
      return insn(m, R('Rd'), R('Rn'));
  }
}

export function formatDp(row: EncodingRow, ctx: Ctx): Insn | undefined {
  const f = (name: string): number => fieldValue(row, ctx.word, name);
  return row.cls === 'dp-imm' ? dpImm(row, ctx, f) : dpReg(row, f);
}
