// Operand syntax of A64 instructions in GNU as: registers, immediates (`#expr`
// or a bare expression), `:lo12:` style relocation operators, memory operands
// `[Xn, #imm]!`, `[Xn, Xm, lsl #3]`, shift/extend modifiers and `=literal`.
// Names (conditions, system registers, barrier options, labels) stay
// expressions; the encoder interprets a bare name where it expects one.

import { AsmError, Cursor, Expr, ParseEnv, parseExpr } from './expr';

export interface Reg { readonly k: 'reg'; readonly n: number; readonly x: boolean; readonly sp: boolean; readonly zr: boolean; readonly col: number; readonly text: string }
export interface Imm { readonly k: 'imm'; readonly e: Expr; readonly hash: boolean; readonly reloc?: string; readonly col: number }
export interface Shift { readonly k: 'shift'; readonly op: string; readonly amount?: Imm; readonly col: number }
export interface Mem { readonly k: 'mem'; readonly base: Reg; readonly index?: Reg; readonly ext?: Shift; readonly off?: Imm; readonly pre: boolean; readonly col: number }
export interface Lit { readonly k: 'lit'; readonly e: Expr; readonly col: number }
export type Operand = Reg | Imm | Shift | Mem | Lit;

const ALIASES: Readonly<Record<string, number>> = { ip0: 16, ip1: 17, fp: 29, lr: 30 };

/** A general register name (case-insensitive), or undefined. */
export function parseRegName(name: string, col: number): Reg | undefined {
  const s = name.toLowerCase();
  let m = /^([xw])([0-9]|[12][0-9]|30)$/.exec(s);
  if (m) return { k: 'reg', n: Number(m[2]), x: m[1] === 'x', sp: false, zr: false, col, text: name };
  if (s === 'sp' || s === 'wsp') return { k: 'reg', n: 31, x: s === 'sp', sp: true, zr: false, col, text: name };
  if (s === 'xzr' || s === 'wzr') return { k: 'reg', n: 31, x: s === 'xzr', sp: false, zr: true, col, text: name };
  const a = ALIASES[s];
  if (a !== undefined) return { k: 'reg', n: a, x: true, sp: false, zr: false, col, text: name };
  m = null;
  return undefined;
}

export const SHIFT_NAMES = new Set(['lsl', 'lsr', 'asr', 'ror', 'msl', 'uxtb', 'uxth', 'uxtw', 'uxtx', 'sxtb', 'sxth', 'sxtw', 'sxtx']);

function imm(c: Cursor, env: ParseEnv): Imm {
  c.ws();
  const col = c.pos;
  const hash = c.eat('#');
  c.ws();
  let reloc: string | undefined;
  const m = /^:([a-z0-9_]+):/i.exec(c.s.slice(c.pos));
  if (m) { reloc = m[1].toLowerCase(); c.pos += m[0].length; }
  const e = parseExpr(c, env);
  return reloc === undefined ? { k: 'imm', e, hash, col } : { k: 'imm', e, hash, reloc, col };
}

/** A register at the cursor (consumed) or undefined (cursor unchanged). */
function tryReg(c: Cursor): Reg | undefined {
  c.ws();
  const st = c.pos;
  const id = c.ident();
  if (id === undefined) return undefined;
  const r = parseRegName(id, st);
  if (r === undefined || /[A-Za-z0-9_.$]/.test(c.s[c.pos] ?? '')) { c.pos = st; return undefined; }
  return r;
}

function tryShift(c: Cursor, env: ParseEnv): Shift | undefined {
  c.ws();
  const st = c.pos;
  const id = c.ident();
  if (id === undefined || !SHIFT_NAMES.has(id.toLowerCase())) { c.pos = st; return undefined; }
  const op = id.toLowerCase();
  const nx = c.peek();
  if (nx === '' || nx === ',' || nx === ']') return { k: 'shift', op, col: st };
  if (nx !== '#' && !/[0-9(\-+~]/.test(nx)) { c.pos = st; return undefined; }
  return { k: 'shift', op, amount: imm(c, env), col: st };
}

function mem(c: Cursor, env: ParseEnv): Mem {
  const col = c.pos;
  c.eat('[');
  const base = tryReg(c);
  if (base === undefined) throw new AsmError('expected a base register after [', c.pos);
  let index: Reg | undefined, ext: Shift | undefined, off: Imm | undefined;
  if (c.eat(',')) {
    index = tryReg(c);
    if (index !== undefined) {
      if (c.eat(',')) {
        ext = tryShift(c, env);
        if (ext === undefined) throw new AsmError('expected a shift or extend', c.pos);
      }
    } else off = imm(c, env);
  }
  if (!c.eat(']')) throw new AsmError("expected ']'", c.pos);
  const pre = c.eat('!');
  return { k: 'mem', base, index, ext, off, pre, col };
}

/** Split the operand text of an instruction into operands. */
export function parseOperands(text: string, start: number, env: ParseEnv): Operand[] {
  const c = new Cursor(text, start);
  const out: Operand[] = [];
  if (c.atEnd()) return out;
  for (;;) {
    c.ws();
    const col = c.pos;
    const ch = c.peek();
    let op: Operand | undefined;
    if (ch === '[') op = mem(c, env);
    else if (ch === '=') { c.pos++; op = { k: 'lit', e: parseExpr(c, env), col }; }
    else if (ch === '#' || ch === ':') op = imm(c, env);
    else op = tryReg(c) ?? tryShift(c, env) ?? imm(c, env);
    out.push(op);
    if (c.atEnd()) return out;
    if (!c.eat(',')) throw new AsmError(`unexpected '${c.peek()}' after operand`, c.pos);
  }
}
