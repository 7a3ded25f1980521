// Loads and stores: single registers (all addressing modes, choosing the
// scaled or unscaled form as GNU as does), literals, pairs, exclusives,
// acquire/release, LSE atomics and prefetches.

import { build, rowById } from './rows';
import { bareName } from './expr';
import { EncCtx, Encoder, count, fail, reg, imm, ranged, nth } from './enc-util';
import { Mem, Operand, Reg } from './operands';

const EXT = ['uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx'];

function memOp(m: string, ops: Operand[], i: number): Mem {
  const op = ops[i];
  if (op === undefined || op.k !== 'mem') return fail(`${nth(i)} operand of '${m}' must be a memory operand [Xn, ...]`, op?.col ?? 0);
  if (!op.base.x) fail(`base register must be 64-bit (x0-x30 or sp), got '${op.base.text}'`, op.base.col);
  if (op.base.zr) fail(`'${op.base.text}' cannot be a base register`, op.base.col);
  return op;
}

/** [Xn] or [Xn, #0] only. */
function baseOnly(m: string, ops: Operand[], i: number, ctx: EncCtx): number {
  const a = memOp(m, ops, i);
  if (a.index !== undefined || a.pre) fail(`'${m}' takes only a base register address [Xn]`, a.col);
  if (a.off !== undefined && ctx.value(a.off) !== 0n) fail(`'${m}' takes no offset (only #0)`, a.off.col);
  if (ops.length > i + 1) fail(`unexpected operand after the address of '${m}'`, ops[i + 1].col);
  return a.base.n;
}

// ---- single register ------------------------------------------------------------------

interface SizeOpc { size: number; opc: number }
function sizeOpc(base: string, rt: Reg | undefined): SizeOpc | string {
  const x = rt?.x ?? true;
  switch (base) {
    case 'strb': case 'ldrb': case 'strh': case 'ldrh':
      if (x) return '64';
      return { size: base.endsWith('b') ? 0 : 1, opc: base.startsWith('ld') ? 1 : 0 };
    case 'ldrsb': case 'ldrsh': return { size: base.endsWith('b') ? 0 : 1, opc: x ? 2 : 3 };
    case 'str': return { size: x ? 3 : 2, opc: 0 };
    case 'ldr': return { size: x ? 3 : 2, opc: 1 };
    case 'ldrsw': return x ? { size: 2, opc: 2 } : '32';
    default: return { size: 3, opc: 2 }; // prfm
  }
}

const PRF_TYPES = ['pld', 'pli', 'pst'];
function prfop(m: string, ops: Operand[], ctx: EncCtx): number {
  const op = ops[0];
  const n = op.k === 'imm' && !op.hash ? bareName(op.e)?.toLowerCase() : undefined;
  if (n !== undefined) {
    const g = /^(pld|pli|pst)l([123])(keep|strm)$/.exec(n);
    if (g === null) return fail(`unknown prefetch operation '${n}'`, op.col);
    return (PRF_TYPES.indexOf(g[1]) << 3) | ((Number(g[2]) - 1) << 1) | (g[3] === 'strm' ? 1 : 0);
  }
  if (op.k !== 'imm') return fail(`first operand of '${m}' must be a prefetch operation`, op.col);
  return ranged(ctx, op, 0, 31, 'prefetch operation');
}

type Form = 'any' | 'unscaled' | 'unpriv';

function single(m: string, base: string, form: Form, ops: Operand[], ctx: EncCtx, col: number): number {
  const pf = base === 'prfm';
  if (ops.length < 2) count(m, ops, col, 2);
  const rt = pf ? undefined : reg(m, ops, 0);
  const t = pf ? prfop(m, ops, ctx) : rt!.n;
  const so = sizeOpc(base, rt);
  if (typeof so === 'string') return fail(`'${m}' needs a ${so === '64' ? '32' : '64'}-bit transfer register, got '${rt!.text}'`, rt!.col);
  const bytes = 1 << so.size;
  const tag = `${base.toUpperCase()}_${bytes}_${so.opc}`;
  const a = ops[1];
  if (a.k === 'imm' && form === 'any') {
    // Literal: ldr Rt, label
    count(m, ops, col, 2);
    const id = pf ? 'PRFM_lit' : base === 'ldr' ? `LDR_lit_${rt!.x ? 64 : 32}` : base === 'ldrsw' ? 'LDRSW_lit' : undefined;
    if (id === undefined) return fail(`'${m}' has no PC-relative (literal) form`, a.col);
    const off = ctx.offset(a);
    if ((off & 3n) !== 0n) fail(`literal address 0x${((ctx.pc + off) & ((1n << 64n) - 1n)).toString(16)} is not 4-byte aligned`, a.col);
    if (off < -(1n << 20n) || off >= 1n << 20n) fail(`literal out of range (+-1 MiB): offset ${off}`, a.col);
    return build(id, { imm19: Number(off >> 2n) & 0x7ffff, Rt: t });
  }
  const mem = memOp(m, ops, 1);
  const n = mem.base.n;
  if (ops.length === 3) {
    // Post-index: [Xn], #imm
    if (form !== 'any' || mem.index !== undefined || mem.off !== undefined || mem.pre || pf) fail(`bad post-indexed address for '${m}'`, ops[2].col);
    const v = ranged(ctx, imm(m, ops, 2), -256, 255, 'post-index offset');
    return build(`${tag}_post`, { imm9: v & 0x1ff, Rn: n, Rt: t });
  }
  count(m, ops, col, 2);
  if (mem.index !== undefined) {
    if (form !== 'any' || mem.pre) fail(`'${m}' does not take a register offset`, mem.index.col);
    const rm = mem.index;
    if (rm.sp) fail(`'${rm.text}' cannot be an index register`, rm.col);
    let option = 3, S = 0;
    const e = mem.ext;
    if (e !== undefined) {
      option = e.op === 'lsl' ? 3 : EXT.indexOf(e.op);
      if (option < 0 || (option & 2) === 0) fail(`'${e.op}' is not allowed in an address (use lsl, uxtw, sxtw or sxtx)`, e.col);
      if (e.amount !== undefined) {
        const amt = ranged(ctx, e.amount, 0, 4, 'shift amount');
        if (amt !== 0 && amt !== so.size) fail(`shift amount in an address must be 0 or ${so.size}, got ${amt}`, e.amount.col);
        S = amt === so.size && (amt !== 0 || bytes === 1) ? 1 : 0;
      } else if (e.op === 'lsl') fail(`'lsl' in an address needs an amount`, e.col);
    }
    const wantX = (option & 1) === 1;
    if (rm.x !== wantX) fail(`index register '${rm.text}' must be ${wantX ? '64' : '32'}-bit${e ? ` with ${e.op}` : ''}`, rm.col);
    return build(`${tag}_reg`, { Rm: rm.n, option, S, Rn: n, Rt: t });
  }
  const offOp = mem.off;
  if (offOp?.reloc !== undefined) {
    if (offOp.reloc !== 'lo12' || form !== 'any' || mem.pre) fail(`relocation ':${offOp.reloc}:' is not supported here`, offOp.col);
    const lo = Number(ctx.value(offOp) & 0xfffn);
    if (lo % bytes !== 0) fail(`:lo12: offset 0x${lo.toString(16)} is not a multiple of ${bytes}`, offOp.col);
    return build(`${tag}_uimm`, { imm12: lo / bytes, Rn: n, Rt: t });
  }
  const off = offOp === undefined ? 0n : BigInt.asIntN(64, ctx.value(offOp));
  const ocol = offOp?.col ?? mem.col;
  if (mem.pre) {
    if (form !== 'any' || pf) fail(`'${m}' has no pre-indexed form`, mem.col);
    if (off < -256n || off > 255n) fail(`pre-index offset ${off} out of range -256 to 255`, ocol);
    return build(`${tag}_pre`, { imm9: Number(off) & 0x1ff, Rn: n, Rt: t });
  }
  if (form === 'any' && off >= 0n && off % BigInt(bytes) === 0n && off / BigInt(bytes) < 4096n) {
    return build(`${tag}_uimm`, { imm12: Number(off / BigInt(bytes)), Rn: n, Rt: t });
  }
  if (off >= -256n && off <= 255n) return build(`${tag}_${form === 'unpriv' ? 'unpriv' : 'unscaled'}`, { imm9: Number(off) & 0x1ff, Rn: n, Rt: t });
  if (form === 'any') fail(`offset ${off} out of range for '${m}' (-256 to 255, or a multiple of ${bytes} from 0 to ${4095 * bytes})`, ocol);
  return fail(`offset ${off} out of range -256 to 255`, ocol);
}

// ---- pairs ------------------------------------------------------------------------------

function pair(m: string, ops: Operand[], ctx: EncCtx, col: number): number {
  count(m, ops, col, 3, 4);
  const sw = m === 'ldpsw';
  const r1 = reg(m, ops, 0, sw ? { width: 'x' } : {}), r2 = reg(m, ops, 1, { width: r1.x ? 'x' : 'w' });
  const x = r1.x;
  const scale = sw ? 4 : x ? 8 : 4;
  const mem = memOp(m, ops, 2);
  if (mem.index !== undefined) fail(`'${m}' does not take a register offset`, mem.index.col);
  const nt = m === 'ldnp' || m === 'stnp';
  let mode: string, offOp = mem.off;
  if (ops.length === 4) { if (mem.off || mem.pre || nt) fail(`bad post-indexed address for '${m}'`, ops[3].col); mode = 'post'; offOp = imm(m, ops, 3); }
  else mode = mem.pre ? 'pre' : nt ? 'np' : 'off';
  if (nt && mem.pre) fail(`'${m}' has no pre-indexed form`, mem.col);
  const off = offOp === undefined ? 0n : BigInt.asIntN(64, ctx.value(offOp));
  if (off % BigInt(scale) !== 0n) fail(`offset ${off} is not a multiple of ${scale}`, offOp!.col);
  const s = off / BigInt(scale);
  if (s < -64n || s > 63n) fail(`offset ${off} out of range ${-64 * scale} to ${63 * scale}`, offOp!.col);
  const id = sw ? `LDPSW_${mode}` : `${m.toUpperCase()}_${x ? 64 : 32}_${mode}`;
  return build(id, { imm7: Number(s) & 0x7f, Rt2: r2.n, Rn: mem.base.n, Rt: r1.n });
}

// ---- exclusives, acquire/release, atomics -------------------------------------------------

/** Row id `${M}_${bytes}` from the b/h suffix or the register width. */
function sizedId(m: string, rt: Reg): { id: string; x: boolean } {
  const last = m[m.length - 1];
  if (last === 'b' || last === 'h') {
    const id = `${m.toUpperCase()}_${last === 'b' ? 1 : 2}`;
    if (rowById(id) !== undefined) return { id, x: false };
  }
  return { id: `${m.toUpperCase()}_${rt.x ? 8 : 4}`, x: rt.x };
}

function exclusive(m: string, ops: Operand[], ctx: EncCtx, col: number): number {
  const isPair = /p$/.test(m);
  const hasS = m.startsWith('st') && /x/.test(m);
  const nRegs = (isPair ? 2 : 1) + (hasS ? 1 : 0);
  count(m, ops, col, nRegs + 1);
  const rs = hasS ? reg(m, ops, 0, { width: 'w' }) : undefined;
  const rt = reg(m, ops, hasS ? 1 : 0);
  const rt2 = isPair ? reg(m, ops, hasS ? 2 : 1, { width: rt.x ? 'x' : 'w' }) : undefined;
  const n = baseOnly(m, ops, nRegs, ctx);
  const { id, x } = sizedId(m, rt);
  if (isPair) {
    const pid = `${m.toUpperCase()}_${rt.x ? 8 : 4}`;
    return build(pid, { ...(rs ? { Rs: rs.n } : {}), Rt2: rt2!.n, Rn: n, Rt: rt.n });
  }
  if (/[bh]$/.test(m) && rt.x) fail(`'${m}' needs a 32-bit register`, rt.col);
  void x;
  return build(id, { ...(rs ? { Rs: rs.n } : {}), Rn: n, Rt: rt.n });
}

function atomic(m: string, ops: Operand[], ctx: EncCtx, col: number): number {
  if (/^st(add|clr|eor|set|smax|smin|umax|umin)/.test(m)) {
    count(m, ops, col, 2);
    const rs = reg(m, ops, 0);
    const n = baseOnly(m, ops, 1, ctx);
    const ld = m.replace(/^st/, 'ld');
    const { id } = sizedId(ld, rs);
    if (/[bh]$/.test(m) && rs.x) fail(`'${m}' needs a 32-bit register`, rs.col);
    return build(id, { Rs: rs.n, Rn: n, Rt: 31 });
  }
  if (/^casp/.test(m)) {
    count(m, ops, col, 5);
    const s = reg(m, ops, 0), s2 = reg(m, ops, 1), t = reg(m, ops, 2), t2 = reg(m, ops, 3);
    for (const r of [s2, t, t2]) if (r.x !== s.x) fail(`operand size mismatch in '${m}'`, r.col);
    if (s.n & 1 || s.zr) fail(`'${m}' needs an even first register`, s.col);
    if (t.n & 1 || t.zr) fail(`'${m}' needs an even third register`, t.col);
    if (s2.n !== s.n + 1) fail(`'${m}' needs consecutive registers`, s2.col);
    if (t2.n !== t.n + 1) fail(`'${m}' needs consecutive registers`, t2.col);
    const n = baseOnly(m, ops, 4, ctx);
    return build(`${m.toUpperCase()}_${s.x ? 8 : 4}`, { Rs: s.n, Rn: n, Rt: t.n });
  }
  count(m, ops, col, 3);
  const rs = reg(m, ops, 0), rt = reg(m, ops, 1);
  if (rs.x !== rt.x) fail(`operand size mismatch in '${m}'`, rt.col);
  const n = baseOnly(m, ops, 2, ctx);
  const { id } = sizedId(m, rt);
  if (/[bh]$/.test(m) && rt.x) fail(`'${m}' needs 32-bit registers`, rt.col);
  return build(id, { Rs: rs.n, Rn: n, Rt: rt.n });
}

function rcpc(m: string, ops: Operand[], ctx: EncCtx, col: number): number {
  // ldapur*/stlur*: Rt, [Xn{, #simm9}]
  count(m, ops, col, 2);
  const rt = reg(m, ops, 0);
  const mem = memOp(m, ops, 1);
  if (mem.index !== undefined || mem.pre) fail(`'${m}' takes [Xn{, #imm}]`, mem.col);
  const off = mem.off === undefined ? 0 : ranged(ctx, mem.off, -256, 255, 'offset');
  const base = m.replace(/^ldapur/, 'ldr').replace(/^stlur/, 'str');
  const so = sizeOpc(base, rt);
  if (typeof so === 'string') return fail(`'${m}' needs a ${so === '64' ? '32' : '64'}-bit register`, rt.col);
  return build(`${m.toUpperCase()}_${1 << so.size}_${so.opc}`, { imm9: off & 0x1ff, Rn: mem.base.n, Rt: rt.n });
}

export const MEM: Readonly<Record<string, Encoder>> = {};
const M = MEM as Record<string, Encoder>;

for (const b of ['strb', 'ldrb', 'ldrsb', 'strh', 'ldrh', 'ldrsh', 'str', 'ldr', 'ldrsw', 'prfm']) {
  M[b] = (m, ops, ctx, col) => single(m, b, 'any', ops, ctx, col);
  if (b === 'prfm') { M.prfum = (m, ops, ctx, col) => single(m, b, 'unscaled', ops, ctx, col); continue; }
  M[b.replace(/^(st|ld)r/, '$1ur')] = (m, ops, ctx, col) => single(m, b, 'unscaled', ops, ctx, col);
  M[b.replace(/^(st|ld)r/, '$1tr')] = (m, ops, ctx, col) => single(m, b, 'unpriv', ops, ctx, col);
}
for (const p of ['ldp', 'stp', 'ldnp', 'stnp', 'ldpsw']) M[p] = pair;
for (const s of ['', 'b', 'h']) {
  for (const e of ['stxr', 'stlxr', 'ldxr', 'ldaxr', 'stllr', 'stlr', 'ldlar', 'ldar', 'ldapr']) M[e + s] = exclusive;
  for (const c of ['cas', 'casa', 'casl', 'casal', 'swp', 'swpa', 'swpl', 'swpal']) M[c + s] = atomic;
  for (const op of ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin']) {
    for (const o of ['', 'a', 'l', 'al']) M[`ld${op}${o}${s}`] = atomic;
    for (const o of ['', 'l']) M[`st${op}${o}${s}`] = atomic;
  }
  for (const r of ['stlur', 'ldapur']) M[r + s] = rcpc;
  if (s !== '') M[`ldapurs${s}`] = rcpc;
}
M.ldapursw = rcpc;
for (const e of ['stxp', 'stlxp', 'ldxp', 'ldaxp']) M[e] = exclusive;
for (const c of ['casp', 'caspa', 'caspl', 'caspal']) M[c] = atomic;

/** For tests: every row id referenced must exist. */
export function memRowExists(id: string): boolean { return rowById(id) !== undefined; }
