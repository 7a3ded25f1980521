// Expressions of the GNU as dialect: numbers (decimal, 0x, 0b, leading-0
// octal, 'c' characters), symbols, `.`, local label references (1b, 1f),
// unary - ~ ! +, and the binary operators with GNU as precedence:
//   * / % << >>   >   | & ^ !   >   + - == != <> < > <= >=   >   && ||
// Comparisons yield -1 for true (as GNU as does). Values are 64-bit, either
// absolute or relative to a section (label + offset).

export const MASK64 = (1n << 64n) - 1n;

/** A section as expressions see it: `base` is set once the layout is fixed. */
export interface SecRef { readonly name: string; base?: bigint }

export type Expr =
  | { readonly t: 'num'; readonly v: bigint }
  | { readonly t: 'sym'; readonly name: string; readonly col: number }
  | { readonly t: 'loc'; readonly sec: SecRef; readonly off: bigint }
  | { readonly t: 'un'; readonly op: string; readonly a: Expr }
  | { readonly t: 'bin'; readonly op: string; readonly a: Expr; readonly b: Expr; readonly col: number };

export interface Value { readonly v: bigint; readonly sec: SecRef | null }

/** A syntax or evaluation error at a column (0-based in the statement text). */
export class AsmError extends Error {
  constructor(message: string, readonly col: number) { super(message); }
}
/** Evaluation needs a symbol that is not (yet) defined. */
export class Undefined extends Error {
  constructor(readonly sym: string, readonly col: number) { super(`undefined symbol '${sym}'`); }
}

/** Resolution of names while parsing: local labels (`1b`/`1f`) and `.`. */
export interface ParseEnv {
  localRef(n: number, forward: boolean, col: number): string;
  dot(): Expr;
}

export interface EvalEnv {
  /** The value of a symbol, or undefined if it has none (yet). */
  symbol(name: string, col: number): Value | undefined;
}

const IDENT0 = /[A-Za-z_.$]/;
const IDENT = /[A-Za-z0-9_.$]/;

/** Cursor over one statement's text. */
export class Cursor {
  pos: number;
  constructor(readonly s: string, pos = 0) { this.pos = pos; }
  ws(): void { while (this.pos < this.s.length && (this.s[this.pos] === ' ' || this.s[this.pos] === '\t')) this.pos++; }
  peek(): string { this.ws(); return this.s[this.pos] ?? ''; }
  eat(t: string): boolean {
    this.ws();
    if (this.s.startsWith(t, this.pos)) { this.pos += t.length; return true; }
    return false;
  }
  atEnd(): boolean { this.ws(); return this.pos >= this.s.length; }
  ident(): string | undefined {
    this.ws();
    if (!IDENT0.test(this.s[this.pos] ?? '')) return undefined;
    const st = this.pos;
    while (this.pos < this.s.length && IDENT.test(this.s[this.pos])) this.pos++;
    return this.s.slice(st, this.pos);
  }
}

/**
 * String escapes as GNU as reads them (read.c next_char_of_string): \b \f \n
 * \r \t \v are control characters; \ followed by 1-3 decimal digits is an
 * octal-style number (`8` and `9` count as digits 8 and 9: "\18" is 16), low
 * 8 bits kept; \x / \X takes every following hex digit and keeps the low 8
 * bits ("\x" alone is 0); any other escaped character is itself (so \a is
 * 'a', \e is 'e', \q is 'q').
 */
const STR_ESC: Readonly<Record<string, number>> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** One character of a string at c.pos (handles escapes as GNU as does in .ascii/.asciz/.string). */
export function readChar(c: Cursor): number {
  const ch = c.s[c.pos];
  if (ch !== '\\') { c.pos++; return ch.charCodeAt(0); }
  c.pos++;
  const e = c.s[c.pos];
  if (e === undefined) return 92; // a backslash at the very end of the text
  if (/[0-9]/.test(e)) {
    let v = 0, n = 0;
    while (n < 3 && /[0-9]/.test(c.s[c.pos] ?? '')) { v = v * 8 + Number(c.s[c.pos]); c.pos++; n++; }
    return v & 0xff;
  }
  if (e === 'x' || e === 'X') {
    c.pos++;
    let v = 0;
    while (/[0-9a-fA-F]/.test(c.s[c.pos] ?? '')) { v = (v * 16 + parseInt(c.s[c.pos], 16)) & 0xff; c.pos++; }
    return v;
  }
  c.pos++;
  return STR_ESC[e] ?? e.charCodeAt(0);
}

/**
 * Escapes in character constants: GNU as's input scrubber (app.c
 * process_escape) knows only \b \f \n \r \t \' \"; every other escaped
 * character is itself ('\a' is 97, '\v' is 118, '\0' is 48), and only one
 * character follows the backslash ('\101' is '\1' followed by `01'`).
 */
const CHAR_ESC: Readonly<Record<string, number>> = { b: 8, f: 12, n: 10, r: 13, t: 9 };

/**
 * A character constant at c.pos (on its opening quote) as the scrubber reads
 * it: the next character, or a backslash and one more character; the closing
 * quote is optional. At the end of the line the character is the newline.
 */
function charConst(c: Cursor): number {
  c.pos++;
  let ch = c.s[c.pos];
  let v: number;
  if (ch === undefined) v = 10;
  else {
    c.pos++;
    if (ch === '\\') {
      ch = c.s[c.pos];
      if (ch === undefined) v = 10;
      else { c.pos++; v = CHAR_ESC[ch] ?? ch.charCodeAt(0); }
    } else v = ch.charCodeAt(0);
  }
  if (c.s[c.pos] === "'") c.pos++;
  return v & 0xff;
}

const isWhite = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';
const isSymbolChar = (ch: string | undefined): boolean => ch !== undefined && (IDENT.test(ch) || ch.charCodeAt(0) >= 0x80);

/**
 * The token GNU as's expression parser sees where character constants are
 * involved: the scrubber replaces each 'c' by its decimal value as text, so
 * it joins up with symbol characters next to it ('a'1 is 971, 1'a' is 197,
 * 'a''b' is 9798) and with what follows blanks after it ('a' 5 is 975).
 * Returns the text of the token and leaves c after it.
 */
function pastedToken(c: Cursor): string {
  let text = '';
  // 3: whitespace is dropped (after an operator, or a character constant of two or more digits); 9: after a symbol character
  let state: 3 | 9 = 3;
  for (;;) {
    const ch = c.s[c.pos];
    if (isWhite(ch)) {
      if (state === 9) break;
      const st = c.pos;
      while (isWhite(c.s[c.pos])) c.pos++;
      if (c.s[c.pos] !== "'" && !isSymbolChar(c.s[c.pos])) { c.pos = st; break; }
    } else if (ch === "'") {
      const d = String(charConst(c));
      text += d;
      if (d.length > 1) state = 3;
    } else if (isSymbolChar(ch)) {
      text += ch;
      c.pos++;
      state = 9;
    } else break;
  }
  return text;
}

/** A number, local label reference or symbol whose text contains character constants. */
function pasted(c: Cursor, env: ParseEnv, col: number): Expr {
  const text = pastedToken(c);
  if (IDENT0.test(text[0])) return { t: 'sym', name: text, col };
  const sub = new Cursor(' '.repeat(col) + text, col); // columns as in the statement
  let e: Expr;
  try {
    e = number(sub, env);
  } catch (err) {
    if (err instanceof AsmError) throw new AsmError(err.message, col);
    throw err;
  }
  if (sub.pos < sub.s.length) throw new AsmError(`unexpected '${sub.s[sub.pos]}' in expression`, col);
  return e;
}

/** Whether the symbol characters at c.pos run into a character constant ("1'a'"). */
function runsIntoChar(c: Cursor): boolean {
  let j = c.pos;
  while (isSymbolChar(c.s[j])) j++;
  return c.s[j] === "'";
}

function number(c: Cursor, env: ParseEnv): Expr {
  const s = c.s, st = c.pos;
  let m = /^0[xX]([0-9a-fA-F]+)/.exec(s.slice(st));
  if (m) { c.pos += m[0].length; return { t: 'num', v: BigInt('0x' + m[1]) & MASK64 }; }
  m = /^0[bB]([01]+)(?![0-9A-Za-z_$])/.exec(s.slice(st));
  if (m) { c.pos += m[0].length; return { t: 'num', v: BigInt('0b' + m[1]) & MASK64 }; }
  m = /^([0-9]+)([bfBF])(?![0-9A-Za-z_.$])/.exec(s.slice(st));
  if (m) { c.pos += m[0].length; return { t: 'sym', name: env.localRef(Number(m[1]), m[2].toLowerCase() === 'f', st), col: st }; }
  m = /^[0-9]+/.exec(s.slice(st));
  if (!m) throw new AsmError('expected a number', st);
  c.pos += m[0].length;
  if (IDENT.test(s[c.pos] ?? '') && s[c.pos] !== '.') throw new AsmError(`bad number '${m[0]}${s[c.pos]}'`, st);
  const txt = m[0];
  if (txt.length > 1 && txt[0] === '0') {
    if (/[89]/.test(txt)) throw new AsmError(`bad octal number '${txt}'`, st);
    return { t: 'num', v: BigInt('0o' + txt.slice(1)) & MASK64 };
  }
  return { t: 'num', v: BigInt(txt) & MASK64 };
}

function primary(c: Cursor, env: ParseEnv): Expr {
  const ch = c.peek();
  const col = c.pos;
  if (ch === '(') {
    c.pos++;
    const e = orExpr(c, env);
    if (!c.eat(')')) throw new AsmError("missing ')'", c.pos);
    return e;
  }
  if (ch === '-' || ch === '~' || ch === '!' || ch === '+') {
    c.pos++;
    const a = primary(c, env);
    return ch === '+' ? a : { t: 'un', op: ch, a };
  }
  if (ch === "'" || (/[0-9]/.test(ch) && runsIntoChar(c))) return pasted(c, env, col);
  if (/[0-9]/.test(ch)) return number(c, env);
  if (ch === '.' && !IDENT.test(c.s[c.pos + 1] ?? '')) { c.pos++; return env.dot(); }
  if (IDENT0.test(ch) && runsIntoChar(c)) return pasted(c, env, col);
  const id = c.ident();
  if (id !== undefined) return { t: 'sym', name: id, col };
  if (ch === '') throw new AsmError('missing expression', col);
  throw new AsmError(`unexpected '${ch}' in expression`, col);
}

const LEVELS: readonly (readonly string[])[] = [
  ['||'], ['&&'], ['==', '!=', '<>', '<=', '>=', '<', '>', '+', '-'], ['|', '&', '^', '!'], ['*', '/', '%', '<<', '>>'],
];

function binop(c: Cursor, ops: readonly string[]): string | undefined {
  c.ws();
  const s = c.s, p = c.pos;
  for (const op of ops.slice().sort((a, b) => b.length - a.length)) {
    if (!s.startsWith(op, p)) continue;
    // Single-character operators must not be the start of a longer operator of another level.
    if (op === '|' && s[p + 1] === '|') continue;
    if (op === '&' && s[p + 1] === '&') continue;
    if ((op === '<' || op === '>') && (s[p + 1] === '<' || s[p + 1] === '>')) continue;
    if (op === '!' && s[p + 1] === '=') continue;
    c.pos += op.length;
    return op;
  }
  return undefined;
}

function level(c: Cursor, env: ParseEnv, i: number): Expr {
  if (i >= LEVELS.length) return primary(c, env);
  let a = level(c, env, i + 1);
  for (;;) {
    const col = c.pos;
    const op = binop(c, LEVELS[i]);
    if (op === undefined) return a;
    const b = level(c, env, i + 1);
    a = { t: 'bin', op, a, b, col };
  }
}

function orExpr(c: Cursor, env: ParseEnv): Expr { return level(c, env, 0); }

/** Parse an expression at the cursor (stops before ',' ']' or anything that cannot continue it). */
export function parseExpr(c: Cursor, env: ParseEnv): Expr { return orExpr(c, env); }

const abs = (v: bigint): Value => ({ v: v & MASK64, sec: null });
const signed = (v: bigint): bigint => BigInt.asIntN(64, v);

/** The value as an absolute number: section-relative values need a fixed layout. */
function absolute(x: Value, col: number): bigint | undefined {
  if (x.sec === null) return x.v;
  if (x.sec.base === undefined) return undefined;
  return (x.sec.base + x.v) & MASK64;
}

export class NotConstant extends Error {
  constructor(readonly col: number) { super('expression is not constant'); }
}

/** Evaluate; throws Undefined, NotConstant (relocatable where a number is needed before layout) or AsmError. */
export function evaluate(e: Expr, env: EvalEnv): Value {
  switch (e.t) {
    case 'num': return abs(e.v);
    case 'loc': return { v: e.off, sec: e.sec };
    case 'sym': {
      const v = env.symbol(e.name, e.col);
      if (v === undefined) throw new Undefined(e.name, e.col);
      return v;
    }
    case 'un': {
      const a = evaluate(e.a, env);
      const x = absolute(a, 0);
      if (x === undefined) throw new NotConstant(0);
      if (e.op === '-') return abs(-x);
      if (e.op === '~') return abs(~x);
      return abs(x === 0n ? 1n : 0n);
    }
    case 'bin': {
      const a = evaluate(e.a, env), b = evaluate(e.b, env);
      if (e.op === '+') {
        if (a.sec !== null && b.sec !== null) {
          const x = absolute(a, e.col), y = absolute(b, e.col);
          if (x === undefined || y === undefined) throw new NotConstant(e.col);
          return abs(x + y);
        }
        return { v: (a.v + b.v) & MASK64, sec: a.sec ?? b.sec };
      }
      if (e.op === '-') {
        if (a.sec !== null && b.sec === a.sec) return abs(a.v - b.v);
        if (b.sec === null) return { v: (a.v - b.v) & MASK64, sec: a.sec };
      }
      const x = absolute(a, e.col), y = absolute(b, e.col);
      if (x === undefined || y === undefined) throw new NotConstant(e.col);
      const sx = signed(x), sy = signed(y);
      const T = -1n;
      switch (e.op) {
        case '-': return abs(x - y);
        case '*': return abs(x * y);
        case '/': if (y === 0n) throw new AsmError('division by zero', e.col); return abs(sx / sy);
        case '%': if (y === 0n) throw new AsmError('division by zero', e.col); return abs(sx % sy);
        case '<<': return abs(y >= 64n ? 0n : x << y);
        case '>>': return abs(y >= 64n ? 0n : x >> y);
        case '|': return abs(x | y);
        case '&': return abs(x & y);
        case '^': return abs(x ^ y);
        case '!': return abs(x | ~y);
        case '==': return abs(x === y ? T : 0n);
        case '!=': case '<>': return abs(x !== y ? T : 0n);
        case '<': return abs(sx < sy ? T : 0n);
        case '>': return abs(sx > sy ? T : 0n);
        case '<=': return abs(sx <= sy ? T : 0n);
        case '>=': return abs(sx >= sy ? T : 0n);
        case '&&': return abs(x !== 0n && y !== 0n ? 1n : 0n);
        case '||': return abs(x !== 0n || y !== 0n ? 1n : 0n);
        default: throw new AsmError(`unknown operator '${e.op}'`, e.col);
      }
    }
  }
}

/** Evaluate to an absolute value (after layout, sections have bases). */
export function evalAbs(e: Expr, env: EvalEnv, col: number): bigint {
  const v = evaluate(e, env);
  const x = absolute(v, col);
  if (x === undefined) throw new NotConstant(col);
  return x;
}

/** The first column of an expression (for diagnostics). */
export function exprCol(e: Expr): number {
  switch (e.t) {
    case 'sym': return e.col;
    case 'bin': return exprCol(e.a);
    case 'un': return exprCol(e.a);
    default: return -1;
  }
}

/** Bare identifier expression (e.g. a condition or register-like name), if it is one. */
export function bareName(e: Expr): string | undefined { return e.t === 'sym' ? e.name : undefined; }
