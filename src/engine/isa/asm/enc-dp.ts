// Data-processing instructions (immediate and register) and their aliases,
// encoded through the rows of the encoding table.

import { build } from './rows';
import { EncCtx, Encoder, count, fail, reg, sameWidth, imm, ranged, cond, shiftOp, shiftAmount } from './enc-util';
import { Imm, Operand, Reg } from './operands';

const M64 = (1n << 64n) - 1n;

/** N:immr:imms for a logical immediate, or undefined when v is not a bitmask immediate. */
export function encodeBitmask(v: bigint, size: 32 | 64): { N: number; immr: number; imms: number } | undefined {
  const full = size === 64 ? M64 : 0xffffffffn;
  v &= full;
  if (v === 0n || v === full) return undefined;
  let e: number = size;
  while (e > 2) {
    const h = e / 2;
    const mask = (1n << BigInt(h)) - 1n;
    if ((v & mask) !== ((v >> BigInt(h)) & mask)) break;
    e = h;
  }
  const emask = (1n << BigInt(e)) - 1n;
  const elem = v & emask;
  let ones = 0;
  for (let i = 0; i < e; i++) if ((elem >> BigInt(i)) & 1n) ones++;
  const run = (1n << BigInt(ones)) - 1n;
  for (let r = 0; r < e; r++) {
    const rot = ((run >> BigInt(r)) | (run << BigInt(e - r))) & emask;
    if (rot === elem) {
      const imms = ((~(2 * e - 1)) & 0x3f) | (ones - 1);
      return { N: e === 64 ? 1 : 0, immr: r, imms };
    }
  }
  return undefined;
}

/** The immediate as an unsigned value of the operation width; errors if it does not fit. */
function widthValue(ctx: EncCtx, op: Imm, x: boolean): bigint {
  const v = ctx.value(op);
  if (x) return v;
  const hi = v >> 32n;
  if (hi !== 0n && hi !== 0xffffffffn) fail(`immediate 0x${v.toString(16)} does not fit a 32-bit operation`, op.col);
  return v & 0xffffffffn;
}

function hexs(v: bigint): string { return `0x${v.toString(16)}`; }

// ---- add/sub ----------------------------------------------------------------

const EXT = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];
const SHIFTS = ['lsl', 'lsr', 'asr', 'ror'];

/** add/adds/sub/subs Rd, Rn, <op3> — also the cmp/cmn/neg/negs/mov-sp forms through `rdN`/`rnN`. */
function addSub(base: string, m: string, rd: Reg | undefined, rn: Reg, rest: Operand[], ctx: EncCtx, col: number): number {
  const S = base.endsWith('s');
  const isSub = base.startsWith('sub');
  const op3 = rest[0];
  const x = rn.x;
  if (rd !== undefined) sameWidth(m, rd, rn);
  const rdN = rd?.n ?? 31;
  if (op3 === undefined) return fail(`'${m}' needs a register or immediate operand`, col);
  if (op3.k === 'imm') {
    if (rd !== undefined && rd.zr && !S) fail(`'${rd.text}' is not allowed as the destination of '${m}' with an immediate (use ${x ? 'sp' : 'wsp'}?)`, rd.col);
    if (rn.zr) fail(`'${rn.text}' is not allowed as a source of '${m}' with an immediate (use ${x ? 'sp' : 'wsp'}?)`, rn.col);
    let sh = 0, v: bigint;
    const sft = rest[1];
    if (op3.reloc !== undefined) {
      if (op3.reloc !== 'lo12') fail(`relocation ':${op3.reloc}:' is not supported for '${m}'`, op3.col);
      v = ctx.value(op3) & 0xfffn;
    } else v = BigInt.asIntN(64, ctx.value(op3));
    if (sft !== undefined) {
      if (sft.k !== 'shift' || sft.op !== 'lsl') return fail(`'${m}' with an immediate accepts only 'lsl #0' or 'lsl #12'`, sft.col);
      const a = shiftAmount(ctx, sft, 63);
      if (a !== 0 && a !== 12) fail(`shift amount must be 0 or 12, got ${a}`, sft.col);
      sh = a === 12 ? 1 : 0;
    }
    let sub = isSub;
    if (v < 0n && sft === undefined && v >= -0xfff000n) { v = -v; sub = !sub; }
    if (sh === 0 && v > 0xfffn && (v & 0xfffn) === 0n && v <= 0xfff000n) { v >>= 12n; sh = 1; }
    if (v < 0n || v > 0xfffn) fail(`immediate ${v < 0n ? (sub === isSub ? '' : '-') : ''}${v < 0n ? -v : v} out of range 0 to 4095${sh ? '' : ' (or a multiple of 4096 up to 0xfff000)'}`, op3.col);
    const id = `${sub ? 'SUB' : 'ADD'}${S ? 'S' : ''}_imm`;
    return build(id, { sf: x ? 1 : 0, sh, imm12: Number(v), Rn: rn.n, Rd: rdN });
  }
  if (op3.k !== 'reg') return fail(`third operand of '${m}' must be a register or an immediate`, op3.col);
  const rm = op3;
  if (rm.sp) fail(`'${rm.text}' is not allowed as the last register of '${m}'`, rm.col);
  const sft = shiftOp(m, rest, 1);
  const useExt = (sft !== undefined && EXT.includes(sft.op)) || rn.sp || (rd !== undefined && rd.sp);
  const id = `${isSub ? 'SUB' : 'ADD'}${S ? 'S' : ''}`;
  if (useExt) {
    if (rd !== undefined && rd.zr && !S) fail(`'${rd.text}' is not allowed with an extended register in '${m}'`, rd.col);
    if (rn.zr) fail(`'${rn.text}' is not allowed with an extended register in '${m}'`, rn.col);
    let option: number, amt = 0;
    if (sft === undefined || sft.op === 'lsl') {
      option = x ? 3 : 2;
      if (sft !== undefined) amt = shiftAmount(ctx, sft, 4);
      if (rm.x !== x) fail(`operand size mismatch in '${m}': '${rm.text}'`, rm.col);
    } else {
      option = EXT.indexOf(sft.op);
      if (option < 0) return fail(`'${sft.op}' is not an extend (uxtb..sxtx)`, sft.col);
      amt = shiftAmount(ctx, sft, 4);
      const wantX = (option & 3) === 3;
      if (x && rm.x !== wantX) fail(`'${sft.op}' needs a ${wantX ? '64' : '32'}-bit register, got '${rm.text}'`, rm.col);
      if (!x && rm.x) fail(`operand size mismatch in '${m}': '${rm.text}'`, rm.col);
    }
    return build(`${id}_ext`, { sf: x ? 1 : 0, Rm: rm.n, option, imm3: amt, Rn: rn.n, Rd: rdN });
  }
  sameWidth(m, rn, rm);
  let shift = 0, amt = 0;
  if (sft !== undefined) {
    shift = SHIFTS.indexOf(sft.op);
    if (shift < 0 || shift === 3) fail(`'${m}' accepts lsl, lsr or asr here, not '${sft.op}'`, sft.col);
    amt = shiftAmount(ctx, sft, x ? 63 : 31);
  }
  return build(`${id}_shift`, { sf: x ? 1 : 0, shift, Rm: rm.n, imm6: amt, Rn: rn.n, Rd: rdN });
}

// ---- logical ------------------------------------------------------------------

const LOGIC: Readonly<Record<string, { id: string; inv: string; imm?: string }>> = {
  and: { id: 'AND', inv: 'BIC', imm: 'AND' }, bic: { id: 'BIC', inv: 'AND', imm: 'AND' },
  orr: { id: 'ORR', inv: 'ORN', imm: 'ORR' }, orn: { id: 'ORN', inv: 'ORR', imm: 'ORR' },
  eor: { id: 'EOR', inv: 'EON', imm: 'EOR' }, eon: { id: 'EON', inv: 'EOR', imm: 'EOR' },
  ands: { id: 'ANDS', inv: 'BICS', imm: 'ANDS' }, bics: { id: 'BICS', inv: 'ANDS', imm: 'ANDS' },
};

function logical(m: string, rd: Reg, rn: Reg, rest: Operand[], ctx: EncCtx, col: number): number {
  const L = LOGIC[m];
  const x = rn.x;
  sameWidth(m, rd, rn);
  const op3 = rest[0];
  if (op3 === undefined) return fail(`'${m}' needs a register or immediate operand`, col);
  if (op3.k === 'imm') {
    if (rest.length > 1) fail(`unexpected operand after the immediate of '${m}'`, rest[1].col);
    if (rn.sp) fail(`'${rn.text}' is not allowed as a source of '${m}'`, rn.col);
    if (rd.sp && (m === 'ands' || m === 'bics')) fail(`'${rd.text}' is not allowed as the destination of '${m}'`, rd.col);
    if (rd.zr && m !== 'ands' && m !== 'bics') fail(`'${rd.text}' is not allowed as the destination of '${m}' with an immediate`, rd.col);
    let v = widthValue(ctx, op3, x);
    const inverted = m === 'bic' || m === 'orn' || m === 'eon' || m === 'bics';
    if (inverted) v = ~v & (x ? M64 : 0xffffffffn);
    const b = encodeBitmask(v, x ? 64 : 32);
    if (b === undefined) fail(`immediate ${hexs(inverted ? ~v & (x ? M64 : 0xffffffffn) : v)} is not encodable as a logical immediate`, op3.col);
    return build(`${L.imm}_imm`, { sf: x ? 1 : 0, N: b!.N, immr: b!.immr, imms: b!.imms, Rn: rn.n, Rd: rd.n });
  }
  if (op3.k !== 'reg') return fail(`third operand of '${m}' must be a register or an immediate`, op3.col);
  if (rd.sp || rn.sp || op3.sp) fail(`'sp' is not allowed in '${m}' with a register operand`, col);
  sameWidth(m, rn, op3);
  const sft = shiftOp(m, rest, 1);
  let shift = 0, amt = 0;
  if (sft !== undefined) {
    shift = SHIFTS.indexOf(sft.op);
    if (shift < 0) fail(`'${m}' accepts lsl, lsr, asr or ror here, not '${sft.op}'`, sft.col);
    amt = shiftAmount(ctx, sft, x ? 63 : 31);
  }
  return build(`${L.id}_shift`, { sf: x ? 1 : 0, shift, Rm: op3.n, imm6: amt, Rn: rn.n, Rd: rd.n });
}

// ---- moves ----------------------------------------------------------------------

function movWide(id: string, rd: Reg, v: bigint, hw: number): number {
  return build(id, { sf: rd.x ? 1 : 0, hw, imm16: Number(v), Rd: rd.n });
}

/** 16-bit chunk position if v is `imm16 << (16*hw)`. */
function wideHw(v: bigint, size: number): number | undefined {
  for (let hw = 0; hw * 16 < size; hw++) if ((v & ~(0xffffn << BigInt(16 * hw))) === 0n) return hw;
  return undefined;
}

function movImm(m: string, rd: Reg, op: Imm, ctx: EncCtx): number {
  const x = rd.x, size = x ? 64 : 32;
  const full = x ? M64 : 0xffffffffn;
  const v = widthValue(ctx, op, x);
  if (!rd.sp) {
    let hw = wideHw(v, size);
    if (hw !== undefined) return movWide('MOVZ', rd, (v >> BigInt(16 * hw)) & 0xffffn, hw);
    const n = ~v & full;
    hw = wideHw(n, size);
    if (hw !== undefined) return movWide('MOVN', rd, (n >> BigInt(16 * hw)) & 0xffffn, hw);
  }
  const b = encodeBitmask(v, size);
  if (b === undefined) return fail(`immediate ${hexs(v)} cannot be moved with a single instruction (use 'ldr ${rd.text}, =${hexs(v)}')`, op.col);
  if (rd.zr) fail(`'${rd.text}' is not allowed as the destination of '${m}' with this immediate`, rd.col);
  return build('ORR_imm', { sf: x ? 1 : 0, N: b.N, immr: b.immr, imms: b.imms, Rn: 31, Rd: rd.n });
}

function movzk(m: string, ops: Operand[], ctx: EncCtx, col: number): number {
  count(m, ops, col, 2, 3);
  const rd = reg(m, ops, 0);
  const op = imm(m, ops, 1);
  const size = rd.x ? 64 : 32;
  let v = ctx.value(op);
  let hw: number;
  if (ops.length === 3) {
    const s = shiftOp(m, ops, 2)!;
    if (s.op !== 'lsl') fail(`'${m}' accepts only an 'lsl' shift`, s.col);
    const a = shiftAmount(ctx, s, size - 16);
    if (a % 16 !== 0) fail(`shift amount must be 0, 16${size === 64 ? ', 32 or 48' : ''}, got ${a}`, s.col);
    hw = a / 16;
    if (v > 0xffffn) fail(`immediate ${v} out of range 0 to 65535`, op.col);
  } else {
    if (!rd.x && v >> 32n === 0xffffffffn) v &= 0xffffffffn;
    const h = v <= 0xffffn || m === 'movk' ? 0 : wideHw(v, size);
    if (h === undefined || v >> BigInt(16 * h) > 0xffffn) return fail(`immediate ${v} out of range 0 to 65535`, op.col);
    hw = h;
    v >>= BigInt(16 * h);
  }
  return movWide(m.toUpperCase(), rd, v, hw);
}

// ---- bitfields ---------------------------------------------------------------------

function bfm(id: string, rd: Reg, rn: number, immr: number, imms: number): number {
  return build(id, { sf: rd.x ? 1 : 0, N: rd.x ? 1 : 0, immr, imms, Rn: rn, Rd: rd.n });
}

function bitfield(m: string, ops: Operand[], ctx: EncCtx, col: number): number {
  const isBfc = m === 'bfc';
  count(m, ops, col, isBfc ? 3 : 4);
  const rd = reg(m, ops, 0);
  const rn = isBfc ? undefined : reg(m, ops, 1);
  if (rn !== undefined) sameWidth(m, rd, rn);
  const size = rd.x ? 64 : 32;
  const a = ranged(ctx, imm(m, ops, isBfc ? 1 : 2), 0, size - 1, m === 'sbfm' || m === 'ubfm' || m === 'bfm' ? 'immr' : 'lsb');
  const bIdx = isBfc ? 2 : 3;
  if (m === 'sbfm' || m === 'ubfm' || m === 'bfm') {
    const s = ranged(ctx, imm(m, ops, 3), 0, size - 1, 'imms');
    return bfm(m.toUpperCase(), rd, rn!.n, a, s);
  }
  const width = ranged(ctx, imm(m, ops, bIdx), 1, size - a, 'width');
  const id = m.startsWith('s') ? 'SBFM' : m.startsWith('u') ? 'UBFM' : 'BFM';
  const rnN = rn?.n ?? 31;
  if (/iz$|^bfi$|^bfc$/.test(m)) return bfm(id, rd, rnN, (size - a) % size, width - 1);
  return bfm(id, rd, rnN, a, a + width - 1);
}

function shiftInsn(m: string, ops: Operand[], ctx: EncCtx, col: number): number {
  count(m, ops, col, 3);
  const rd = reg(m, ops, 0), rn = reg(m, ops, 1);
  sameWidth(m, rd, rn);
  const size = rd.x ? 64 : 32;
  const op3 = ops[2];
  if (op3.k === 'reg') {
    const rm = reg(m, ops, 2);
    sameWidth(m, rd, rm);
    return build(`${m.toUpperCase()}V`, { sf: rd.x ? 1 : 0, Rm: rm.n, Rn: rn.n, Rd: rd.n });
  }
  const sh = ranged(ctx, imm(m, ops, 2), 0, size - 1, 'shift amount');
  switch (m) {
    case 'asr': return bfm('SBFM', rd, rn.n, sh, size - 1);
    case 'lsr': return bfm('UBFM', rd, rn.n, sh, size - 1);
    case 'lsl': return bfm('UBFM', rd, rn.n, (size - sh) % size, size - 1 - sh);
    default: return build('EXTR', { sf: rd.x ? 1 : 0, N: rd.x ? 1 : 0, Rm: rn.n, imms: sh, Rn: rn.n, Rd: rd.n });
  }
}

function extend(m: string, ops: Operand[], col: number): number {
  count(m, ops, col, 2);
  const rd = reg(m, ops, 0);
  const rn = reg(m, ops, 1, { width: 'w' });
  const s = m[3] === 'b' ? 7 : m[3] === 'h' ? 15 : 31;
  if (m[0] === 'u' && rd.x) fail(`'${m}' takes a 32-bit destination`, rd.col);
  if (m === 'sxtw' && !rd.x) fail(`'sxtw' takes a 64-bit destination`, rd.col);
  return bfm(m[0] === 's' ? 'SBFM' : 'UBFM', rd, rn.n, 0, s);
}

// ---- conditional --------------------------------------------------------------------

function condSel(m: string, ops: Operand[], col: number): number {
  const sf = (r: Reg): number => (r.x ? 1 : 0);
  switch (m) {
    case 'csel': case 'csinc': case 'csinv': case 'csneg': {
      count(m, ops, col, 4);
      const rd = reg(m, ops, 0), rn = reg(m, ops, 1), rm = reg(m, ops, 2);
      sameWidth(m, rd, rn); sameWidth(m, rd, rm);
      return build(m.toUpperCase(), { sf: sf(rd), Rm: rm.n, cond: cond(m, ops, 3), Rn: rn.n, Rd: rd.n });
    }
    case 'cset': case 'csetm': {
      count(m, ops, col, 2);
      const rd = reg(m, ops, 0), c = cond(m, ops, 1);
      if (c >= 14) fail(`condition '${['al', 'nv'][c - 14]}' is not allowed in '${m}'`, ops[1].col);
      return build(m === 'cset' ? 'CSINC' : 'CSINV', { sf: sf(rd), Rm: 31, cond: c ^ 1, Rn: 31, Rd: rd.n });
    }
    default: { // cinc cinv cneg
      count(m, ops, col, 3);
      const rd = reg(m, ops, 0), rn = reg(m, ops, 1), c = cond(m, ops, 2);
      sameWidth(m, rd, rn);
      if (c >= 14) fail(`condition '${['al', 'nv'][c - 14]}' is not allowed in '${m}'`, ops[2].col);
      const id = m === 'cinc' ? 'CSINC' : m === 'cinv' ? 'CSINV' : 'CSNEG';
      return build(id, { sf: sf(rd), Rm: rn.n, cond: c ^ 1, Rn: rn.n, Rd: rd.n });
    }
  }
}

function condCmp(m: string, ops: Operand[], ctx: EncCtx, col: number): number {
  count(m, ops, col, 4);
  const rn = reg(m, ops, 0);
  const nzcv = ranged(ctx, imm(m, ops, 2), 0, 15, 'nzcv');
  const c = cond(m, ops, 3);
  if (ops[1].k === 'reg') {
    const rm = reg(m, ops, 1);
    sameWidth(m, rn, rm);
    return build(`${m.toUpperCase()}_reg`, { sf: rn.x ? 1 : 0, Rm: rm.n, cond: c, Rn: rn.n, nzcv });
  }
  const v = ranged(ctx, imm(m, ops, 1), 0, 31);
  return build(`${m.toUpperCase()}_imm`, { sf: rn.x ? 1 : 0, imm5: v, cond: c, Rn: rn.n, nzcv });
}

// ---- multiply, divide, misc ------------------------------------------------------------

const LONG: Readonly<Record<string, string>> = { smull: 'SMADDL', smnegl: 'SMSUBL', umull: 'UMADDL', umnegl: 'UMSUBL' };

function mul(m: string, ops: Operand[], col: number): number {
  if (m === 'madd' || m === 'msub' || m === 'mul' || m === 'mneg') {
    const four = m === 'madd' || m === 'msub';
    count(m, ops, col, four ? 4 : 3);
    const rd = reg(m, ops, 0), rn = reg(m, ops, 1), rm = reg(m, ops, 2);
    sameWidth(m, rd, rn); sameWidth(m, rd, rm);
    let ra = 31;
    if (four) { const r = reg(m, ops, 3); sameWidth(m, rd, r); ra = r.n; }
    return build(m === 'madd' || m === 'mul' ? 'MADD' : 'MSUB', { sf: rd.x ? 1 : 0, Rm: rm.n, Ra: ra, Rn: rn.n, Rd: rd.n });
  }
  if (m === 'smulh' || m === 'umulh') {
    count(m, ops, col, 3);
    const [d, n, mm] = [0, 1, 2].map((i) => reg(m, ops, i, { width: 'x' }));
    return build(m.toUpperCase(), { Rm: mm.n, Rn: n.n, Rd: d.n });
  }
  const id = LONG[m] ?? m.toUpperCase();
  const four = LONG[m] === undefined;
  count(m, ops, col, four ? 4 : 3);
  const rd = reg(m, ops, 0, { width: 'x' }), rn = reg(m, ops, 1, { width: 'w' }), rm = reg(m, ops, 2, { width: 'w' });
  const ra = four ? reg(m, ops, 3, { width: 'x' }).n : 31;
  return build(id, { Rm: rm.n, Ra: ra, Rn: rn.n, Rd: rd.n });
}

function twoSrc(m: string, ops: Operand[], col: number): number {
  count(m, ops, col, 3);
  if (m.startsWith('crc32')) {
    const x = m.endsWith('x');
    const rd = reg(m, ops, 0, { width: 'w' }), rn = reg(m, ops, 1, { width: 'w' }), rm = reg(m, ops, 2, { width: x ? 'x' : 'w' });
    return build(m.toUpperCase(), { Rm: rm.n, Rn: rn.n, Rd: rd.n });
  }
  const rd = reg(m, ops, 0), rn = reg(m, ops, 1), rm = reg(m, ops, 2);
  sameWidth(m, rd, rn); sameWidth(m, rd, rm);
  return build(m.toUpperCase(), { sf: rd.x ? 1 : 0, Rm: rm.n, Rn: rn.n, Rd: rd.n });
}

function oneSrc(m: string, ops: Operand[], col: number): number {
  count(m, ops, col, 2);
  const rd = reg(m, ops, 0), rn = reg(m, ops, 1);
  sameWidth(m, rd, rn);
  if (m === 'rev32' || m === 'rev64') {
    if (!rd.x) fail(`'${m}' takes 64-bit registers`, rd.col);
    return build(m === 'rev32' ? 'REV32' : 'REV_64', { Rn: rn.n, Rd: rd.n });
  }
  if (m === 'rev') return build(rd.x ? 'REV_64' : 'REV_32', { Rn: rn.n, Rd: rd.n });
  return build(m.toUpperCase(), { sf: rd.x ? 1 : 0, Rn: rn.n, Rd: rd.n });
}

function adcSbc(m: string, ops: Operand[], col: number): number {
  const neg = m.startsWith('ngc');
  count(m, ops, col, neg ? 2 : 3);
  const rd = reg(m, ops, 0), rn = neg ? undefined : reg(m, ops, 1), rm = reg(m, ops, neg ? 1 : 2);
  if (rn !== undefined) sameWidth(m, rd, rn);
  sameWidth(m, rd, rm);
  const id = neg ? (m === 'ngc' ? 'SBC' : 'SBCS') : m.toUpperCase();
  return build(id, { sf: rd.x ? 1 : 0, Rm: rm.n, Rn: rn?.n ?? 31, Rd: rd.n });
}

// ---- the table ---------------------------------------------------------------------------

export const DP: Readonly<Record<string, Encoder>> = {};
const D = DP as Record<string, Encoder>;

for (const b of ['add', 'adds', 'sub', 'subs']) {
  D[b] = (m, ops, ctx, col) => {
    if (ops.length < 3) count(m, ops, col, 3, 4);
    const sp = !b.endsWith('s');
    const rd = reg(m, ops, 0, { sp, zr: true }), rn = reg(m, ops, 1, { sp: true, zr: true });
    return addSub(b, m, rd, rn, ops.slice(2), ctx, col);
  };
}
D.cmp = (m, ops, ctx, col) => { if (ops.length < 2) count(m, ops, col, 2, 3); return addSub('subs', m, undefined, reg(m, ops, 0, { sp: true, zr: true }), ops.slice(1), ctx, col); };
D.cmn = (m, ops, ctx, col) => { if (ops.length < 2) count(m, ops, col, 2, 3); return addSub('adds', m, undefined, reg(m, ops, 0, { sp: true, zr: true }), ops.slice(1), ctx, col); };
for (const n of ['neg', 'negs']) {
  D[n] = (m, ops, ctx, col) => {
    count(m, ops, col, 2, 3);
    const rd = reg(m, ops, 0), rm = reg(m, ops, 1);
    sameWidth(m, rd, rm);
    const zr: Reg = { k: 'reg', n: 31, x: rd.x, sp: false, zr: true, col: rd.col, text: rd.x ? 'xzr' : 'wzr' };
    return addSub(n === 'neg' ? 'sub' : 'subs', m, rd, zr, ops.slice(1), ctx, col);
  };
}
for (const l of Object.keys(LOGIC)) {
  D[l] = (m, ops, ctx, col) => {
    if (ops.length < 3) count(m, ops, col, 3, 4);
    const rd = reg(m, ops, 0, { sp: true, zr: true }), rn = reg(m, ops, 1, { sp: true, zr: true });
    return logical(m, rd, rn, ops.slice(2), ctx, col);
  };
}
D.tst = (m, ops, ctx, col) => {
  count(m, ops, col, 2, 3);
  const rn = reg(m, ops, 0);
  const zr: Reg = { k: 'reg', n: 31, x: rn.x, sp: false, zr: true, col: rn.col, text: rn.x ? 'xzr' : 'wzr' };
  return logical('ands', zr, rn, ops.slice(1), ctx, col);
};
D.mvn = (m, ops, ctx, col) => {
  count(m, ops, col, 2, 3);
  const rd = reg(m, ops, 0);
  const zr: Reg = { k: 'reg', n: 31, x: rd.x, sp: false, zr: true, col: rd.col, text: rd.x ? 'xzr' : 'wzr' };
  return logical('orn', rd, zr, ops.slice(1), ctx, col);
};
D.mov = (m, ops, ctx, col) => {
  count(m, ops, col, 2);
  const rd = reg(m, ops, 0, { sp: true, zr: true });
  const src = ops[1];
  if (src.k === 'imm') return movImm(m, rd, src, ctx);
  const rs = reg(m, ops, 1, { sp: true, zr: true });
  sameWidth(m, rd, rs);
  if (rd.sp || rs.sp) {
    if (rd.zr || rs.zr) fail(`'mov' between '${rd.text}' and '${rs.text}' is not encodable`, rs.col);
    return build('ADD_imm', { sf: rd.x ? 1 : 0, sh: 0, imm12: 0, Rn: rs.n, Rd: rd.n });
  }
  return build('ORR_shift', { sf: rd.x ? 1 : 0, shift: 0, Rm: rs.n, imm6: 0, Rn: 31, Rd: rd.n });
};
for (const w of ['movz', 'movn', 'movk']) D[w] = (m, ops, ctx, col) => movzk(m, ops, ctx, col);
for (const b of ['sbfm', 'bfm', 'ubfm', 'sbfiz', 'sbfx', 'ubfiz', 'ubfx', 'bfi', 'bfxil', 'bfc']) D[b] = bitfield;
for (const s of ['asr', 'lsr', 'lsl', 'ror']) D[s] = shiftInsn;
for (const s of ['asrv', 'lsrv', 'lslv', 'rorv']) D[s] = (m, ops, _ctx, col) => twoSrc(m, ops, col);
for (const s of ['sxtb', 'sxth', 'sxtw', 'uxtb', 'uxth']) D[s] = (m, ops, _ctx, col) => extend(m, ops, col);
D.extr = (m, ops, ctx, col) => {
  count(m, ops, col, 4);
  const rd = reg(m, ops, 0), rn = reg(m, ops, 1), rm = reg(m, ops, 2);
  sameWidth(m, rd, rn); sameWidth(m, rd, rm);
  const lsb = ranged(ctx, imm(m, ops, 3), 0, rd.x ? 63 : 31, 'lsb');
  return build('EXTR', { sf: rd.x ? 1 : 0, N: rd.x ? 1 : 0, Rm: rm.n, imms: lsb, Rn: rn.n, Rd: rd.n });
};
for (const c of ['csel', 'csinc', 'csinv', 'csneg', 'cset', 'csetm', 'cinc', 'cinv', 'cneg']) D[c] = (m, ops, _ctx, col) => condSel(m, ops, col);
D.ccmp = condCmp; D.ccmn = condCmp;
for (const x of ['madd', 'msub', 'mul', 'mneg', 'smaddl', 'smsubl', 'umaddl', 'umsubl', 'smull', 'smnegl', 'umull', 'umnegl', 'smulh', 'umulh']) D[x] = (m, ops, _ctx, col) => mul(m, ops, col);
for (const x of ['udiv', 'sdiv', 'crc32b', 'crc32h', 'crc32w', 'crc32x', 'crc32cb', 'crc32ch', 'crc32cw', 'crc32cx']) D[x] = (m, ops, _ctx, col) => twoSrc(m, ops, col);
for (const x of ['rbit', 'rev16', 'rev32', 'rev64', 'rev', 'clz', 'cls']) D[x] = (m, ops, _ctx, col) => oneSrc(m, ops, col);
for (const x of ['adc', 'adcs', 'sbc', 'sbcs', 'ngc', 'ngcs']) D[x] = (m, ops, _ctx, col) => adcSbc(m, ops, col);
D.adr = (m, ops, ctx, col) => {
  count(m, ops, col, 2);
  const rd = reg(m, ops, 0, { width: 'x' });
  const t = imm(m, ops, 1);
  const off = ctx.offset(t);
  if (off < -(1n << 20n) || off >= 1n << 20n) fail(`'adr' target out of range (+-1 MiB): offset ${off}`, t.col);
  const v = Number(off) & 0x1fffff;
  return build('ADR', { immlo: v & 3, immhi: v >>> 2, Rd: rd.n });
};
D.adrp = (m, ops, ctx, col) => {
  count(m, ops, col, 2);
  const rd = reg(m, ops, 0, { width: 'x' });
  const t = imm(m, ops, 1);
  if (t.reloc !== undefined && t.reloc !== 'pg_hi21') fail(`relocation ':${t.reloc}:' is not supported for 'adrp'`, t.col);
  const off = BigInt.asIntN(64, (ctx.value(t) & ~0xfffn) - (ctx.pc & ~0xfffn)) >> 12n;
  if (off < -(1n << 20n) || off >= 1n << 20n) fail(`'adrp' target out of range (+-4 GiB)`, t.col);
  const v = Number(off) & 0x1fffff;
  return build('ADRP', { immlo: v & 3, immhi: v >>> 2, Rd: rd.n });
};
