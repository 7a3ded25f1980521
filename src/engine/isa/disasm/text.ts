// Operand text in GNU objdump's spelling: register names, immediates (objdump
// prints some operand kinds in hex and others in decimal), condition names and
// branch targets.

/** Called with a target address (unsigned 32-bit halves); returns e.g. `_start+0x10` or undefined. */
export type Symbolizer = (addrLo: number, addrHi: number) => string | undefined;

/** What a class formatter returns: mnemonic and operand text, or undefined for "objdump says undefined". */
export interface Insn {
  readonly m: string;
  readonly ops: string;
  /** Text objdump appends after the operands (a `// ...` comment with its leading whitespace). */
  readonly tail?: string;
}

export interface Ctx {
  readonly word: number;
  /** Address of the instruction (64-bit). */
  readonly pc: bigint;
  readonly symbolize?: Symbolizer;
}

export const MASK64 = (1n << 64n) - 1n;

export function insn(m: string, ...ops: string[]): Insn { return { m, ops: ops.join(', ') }; }

/** General register n: x/w by `x64`; 31 is the zero register or SP as the encoding says. */
export function reg(n: number, x64: boolean, r31: 'zr' | 'sp' = 'zr'): string {
  if (n === 31) return r31 === 'sp' ? (x64 ? 'sp' : 'wsp') : (x64 ? 'xzr' : 'wzr');
  return `${x64 ? 'x' : 'w'}${n}`;
}
export const X = (n: number, r31: 'zr' | 'sp' = 'zr'): string => reg(n, true, r31);
export const W = (n: number, r31: 'zr' | 'sp' = 'zr'): string => reg(n, false, r31);

/** `#0x1f` (objdump's hex immediates). Negative values print as -0x.. */
export function hex(v: number | bigint): string {
  const b = BigInt(v);
  return b < 0n ? `#-0x${(-b).toString(16)}` : `#0x${b.toString(16)}`;
}
/** `#31` (objdump's decimal immediates). */
export function dec(v: number | bigint): string { return `#${v.toString()}`; }

/** Sign-extend the low `bits` bits of v. */
export function sext(v: number, bits: number): number {
  const s = 32 - bits;
  return (v << s) >> s;
}

export const CONDS = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le', 'al', 'nv'] as const;

/** Other names of each condition (objdump lists them in a comment; SVE names among them). */
const COND_ALIASES: readonly string[] = ['none', 'any', 'hs, nlast', 'lo, ul, last', 'first', 'nfrst', '', '', 'pmore', 'plast', 'tcont', 'tstop', '', '', '', ''];

/** Comment objdump appends to an instruction with condition operand `c`, e.g. `\t// pl = nfrst`. */
export function condComment(c: number): string | undefined {
  const a = COND_ALIASES[c & 15];
  return a === '' ? undefined : `\t// ${CONDS[c & 15]} = ${a}`;
}

/** Comment objdump appends to b.<cond>: `  // b.hs, b.nlast`. */
export function branchCondComment(c: number): string | undefined {
  const a = COND_ALIASES[c & 15];
  return a === '' ? undefined : `  // ${a.split(', ').map((n) => `b.${n}`).join(', ')}`;
}

/** With a comment tail (or none). */
export function withTail(i: Insn, tail: string | undefined): Insn { return tail === undefined ? i : { ...i, tail }; }

/**
 * MOV with a wide or bitmask immediate: objdump pads the hex to 20 digits and
 * adds the signed decimal value as a comment.
 */
export function movImm(rd: string, v: bigint, x64: boolean): Insn {
  const signed = x64 ? BigInt.asIntN(64, v) : BigInt.asIntN(32, v);
  return { m: 'mov', ops: `${rd}, #0x${v.toString(16).padEnd(20, ' ')}`, tail: `\t// #${signed.toString()}` };
}

/** `40080010 <_start+0x10>`: the target address in hex without 0x, then the symbol if any. */
export function target(ctx: Ctx, offset: bigint): string {
  const a = (ctx.pc + offset) & MASK64;
  const sym = ctx.symbolize?.(Number(a & 0xffffffffn), Number(a >> 32n));
  return sym === undefined ? a.toString(16) : `${a.toString(16)} <${sym}>`;
}

/** Bit `i` of the word. */
export function bit(w: number, i: number): number { return (w >>> i) & 1; }
/** Bits [lsb + width - 1 : lsb] of the word. */
export function bits(w: number, lsb: number, width: number): number { return (w >>> lsb) & ((1 << width) - 1); }
