// Shared pieces of the instruction encoder: the context it runs in, operand
// checks with precise diagnostics, immediates and condition codes.

import { AsmError, bareName } from './expr';
import { Imm, Operand, Reg, Shift } from './operands';

export interface EncCtx {
  /** Address of the instruction. */
  readonly pc: bigint;
  /** Absolute value of an immediate (labels resolved); throws AsmError/Undefined. */
  value(op: Imm): bigint;
  /**
   * PC-relative offset to a target: label - PC; a constant (absolute) expression
   * is the offset itself, as GNU as reads `b 0x10`.
   */
  offset(op: Imm): bigint;
}

export type Encoder = (m: string, ops: Operand[], ctx: EncCtx, col: number) => number;

export const fail = (msg: string, col: number): never => { throw new AsmError(msg, col); };

export function count(m: string, ops: Operand[], col: number, ...n: number[]): void {
  if (!n.includes(ops.length)) {
    const want = n.length === 1 ? `${n[0]}` : `${n.slice(0, -1).join(', ')} or ${n[n.length - 1]}`;
    fail(`'${m}' expects ${want} operand${n.length === 1 && n[0] === 1 ? '' : 's'}, got ${ops.length}`, col);
  }
}

const ORD = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'];
export const nth = (i: number): string => ORD[i] ?? `#${i + 1}`;

export interface RegOpts { sp?: boolean; zr?: boolean; width?: 'x' | 'w' }

/** Operand i must be a general register; `sp` allows SP (and forbids ZR unless `zr`). */
export function reg(m: string, ops: Operand[], i: number, o: RegOpts = {}): Reg {
  const op = ops[i];
  if (op.k !== 'reg') return fail(`${nth(i)} operand of '${m}' must be a register`, op.col);
  const allowSp = o.sp === true, allowZr = o.zr ?? !allowSp;
  if (op.sp && !allowSp) fail(`'${op.text}' is not allowed as the ${nth(i)} operand of '${m}' (use ${op.x ? 'xzr' : 'wzr'}?)`, op.col);
  if (op.zr && !allowZr) fail(`'${op.text}' is not allowed as the ${nth(i)} operand of '${m}' (use ${op.x ? 'sp' : 'wsp'}?)`, op.col);
  if (o.width === 'x' && !op.x) fail(`${nth(i)} operand of '${m}' must be a 64-bit register (x0-x30)`, op.col);
  if (o.width === 'w' && op.x) fail(`${nth(i)} operand of '${m}' must be a 32-bit register (w0-w30)`, op.col);
  return op;
}

export function sameWidth(m: string, a: Reg, b: Reg): void {
  if (a.x !== b.x) fail(`operand size mismatch in '${m}': '${a.text}' and '${b.text}'`, b.col);
}

export function imm(m: string, ops: Operand[], i: number): Imm {
  const op = ops[i];
  if (op === undefined || op.k !== 'imm') return fail(`${nth(i)} operand of '${m}' must be an immediate`, op?.col ?? 0);
  return op;
}

/** A signed integer in [lo, hi]. */
export function ranged(ctx: EncCtx, op: Imm, lo: number, hi: number, what = 'immediate'): number {
  const v = BigInt.asIntN(64, ctx.value(op));
  if (v < BigInt(lo) || v > BigInt(hi)) fail(`${what} ${v} out of range ${lo} to ${hi}`, op.col);
  return Number(v);
}

export const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'];
const COND_ALT: Readonly<Record<string, number>> = { hs: 2, lo: 3 };

export function condCode(name: string): number | undefined {
  const s = name.toLowerCase();
  const i = CONDS.indexOf(s);
  return i >= 0 ? i : COND_ALT[s];
}

export function cond(m: string, ops: Operand[], i: number): number {
  const op = ops[i];
  const name = op.k === 'imm' && !op.hash ? bareName(op.e) : undefined;
  const c = name === undefined ? undefined : condCode(name);
  if (c === undefined) return fail(`${nth(i)} operand of '${m}' must be a condition (eq, ne, hs, lo, ...)`, op.col);
  return c;
}

/** Optional trailing shift operand. */
export function shiftOp(m: string, ops: Operand[], i: number): Shift | undefined {
  const op = ops[i];
  if (op === undefined) return undefined;
  if (op.k !== 'shift') return fail(`${nth(i)} operand of '${m}' must be a shift or extend (lsl #n, uxtw, ...)`, op.col);
  return op;
}

export function shiftAmount(ctx: EncCtx, s: Shift, max: number): number {
  if (s.amount === undefined) return 0;
  return ranged(ctx, s.amount, 0, max, 'shift amount');
}
