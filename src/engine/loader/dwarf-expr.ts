// DWARF expression evaluation (DWARF 5 §2.5 "DWARF Expressions", §2.6 "Location Descriptions"):
// the stack machine over the generic type (64-bit, two's complement) for the location
// expressions GCC writes at -O1 and above: arithmetic and logic on register and memory values,
// branches, implicit values (DW_OP_stack_value, DW_OP_implicit_value) and composites
// (DW_OP_piece), and entry values of registers (DW_OP_entry_value) where the caller's
// call-site record gives them. What it cannot produce (an entry value no call site describes,
// typed-stack and TLS operations) is reported by name.
//
// Bounded: every operation consumes input or moves forward except a backward DW_OP_skip/bra,
// so evaluation stops after a fixed number of operations (a loop is an error, not a hang);
// malformed expressions are DwarfErrors naming the offset.
import { DwarfReader as Reader, DwarfError } from './dwarf-reader';

/** What an expression reads: the frame's registers, memory, its frame base and CFA, .debug_addr entries. */
export interface ExprContext {
  /** DWARF register n (AArch64: 0-30 X0-X30, 31 SP) in this frame, or undefined when unknown. */
  reg(n: number): bigint | undefined;
  /** `n` bytes of memory, little-endian, or undefined when unreadable. */
  read(addr: bigint, n: number): Uint8Array | undefined;
  frameBase(): bigint | undefined;
  cfa(): bigint | undefined;
  /** Entry `index` of the unit's .debug_addr (DW_OP_addrx, DW_OP_constx). */
  addrIndex(index: number): bigint;
  readonly addrSize: number;
  /**
   * DWARF register n's value when the function was entered (DW_OP_entry_value), from the caller's
   * call-site record; undefined when no call site says.
   */
  entryValue?(reg: number): bigint | undefined;
}

/** Where one piece of a value is. */
export type ExprPiece =
  | { kind: 'memory'; address: bigint }
  | { kind: 'register'; reg: number }
  | { kind: 'value'; value: bigint }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'undefined' }; // an empty piece: that part of the object is optimized out

/** An evaluated location: one location, or pieces of `size` bytes (DW_OP_piece). */
export type ExprResult =
  | { kind: 'location'; loc: ExprPiece }
  | { kind: 'pieces'; pieces: { size: number; loc: ExprPiece }[] }
  | { kind: 'unavailable'; why: string };

const MASK = (1n << 64n) - 1n;
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const u64 = (v: bigint): bigint => v & MASK;
/** Upper bound on operations one evaluation executes (backward branches included). */
const MAX_OPS = 10_000;

/** DW_OP_* opcode names (§7.7.1). */
const OP_NAMES: Record<number, string> = {
  0x03: 'addr', 0x06: 'deref', 0x08: 'const1u', 0x09: 'const1s', 0x0a: 'const2u', 0x0b: 'const2s', 0x0c: 'const4u',
  0x0d: 'const4s', 0x0e: 'const8u', 0x0f: 'const8s', 0x10: 'constu', 0x11: 'consts', 0x12: 'dup', 0x13: 'drop',
  0x14: 'over', 0x15: 'pick', 0x16: 'swap', 0x17: 'rot', 0x18: 'xderef', 0x19: 'abs', 0x1a: 'and', 0x1b: 'div',
  0x1c: 'minus', 0x1d: 'mod', 0x1e: 'mul', 0x1f: 'neg', 0x20: 'not', 0x21: 'or', 0x22: 'plus', 0x23: 'plus_uconst',
  0x24: 'shl', 0x25: 'shr', 0x26: 'shra', 0x27: 'xor', 0x28: 'bra', 0x29: 'eq', 0x2a: 'ge', 0x2b: 'gt', 0x2c: 'le',
  0x2d: 'lt', 0x2e: 'ne', 0x2f: 'skip', 0x90: 'regx', 0x91: 'fbreg', 0x92: 'bregx', 0x93: 'piece', 0x94: 'deref_size',
  0x95: 'xderef_size', 0x96: 'nop', 0x97: 'push_object_address', 0x98: 'call2', 0x99: 'call4', 0x9a: 'call_ref',
  0x9b: 'form_tls_address', 0x9c: 'call_frame_cfa', 0x9d: 'bit_piece', 0x9e: 'implicit_value', 0x9f: 'stack_value',
  0xa0: 'implicit_pointer', 0xa1: 'addrx', 0xa2: 'constx', 0xa3: 'entry_value', 0xa4: 'const_type', 0xa5: 'regval_type',
  0xa6: 'deref_type', 0xa7: 'xderef_type', 0xa8: 'convert', 0xa9: 'reinterpret', 0xe0: 'GNU_push_tls_address',
  0xf0: 'GNU_uninit', 0xf1: 'GNU_encoded_addr', 0xf2: 'GNU_implicit_pointer', 0xf3: 'GNU_entry_value',
  0xf4: 'GNU_const_type', 0xf5: 'GNU_regval_type', 0xf6: 'GNU_deref_type', 0xf7: 'GNU_convert', 0xf9: 'GNU_reinterpret',
  0xfa: 'GNU_parameter_ref', 0xfb: 'GNU_addr_index', 0xfc: 'GNU_const_index',
};

/** The name of a DW_OP_* opcode (for messages). */
export function opName(op: number): string {
  if (op >= 0x30 && op <= 0x4f) return `DW_OP_lit${op - 0x30}`;
  if (op >= 0x50 && op <= 0x6f) return `DW_OP_reg${op - 0x50}`;
  if (op >= 0x70 && op <= 0x8f) return `DW_OP_breg${op - 0x70}`;
  const n = OP_NAMES[op];
  return n === undefined ? `DW_OP_0x${op.toString(16)}` : `DW_OP_${n}`;
}

/** Raised inside the evaluator for a value it cannot produce (not malformed input). */
class Unavailable { constructor(readonly why: string) {} }

function le(b: Uint8Array): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/** Evaluate a location expression in a frame. */
export function evaluateLocation(expr: Uint8Array, ctx: ExprContext): ExprResult {
  try {
    return run(expr, ctx);
  } catch (e) {
    if (e instanceof Unavailable) return { kind: 'unavailable', why: e.why };
    throw e;
  }
}

function run(expr: Uint8Array, ctx: ExprContext): ExprResult {
  const r = new Reader(expr, 'location expression');
  const stack: bigint[] = [];
  const pieces: { size: number; loc: ExprPiece }[] = [];
  /** The location the last operations named, before a piece or the end: a register, an implicit value, or the stack top (memory). */
  let loc: ExprPiece | undefined;
  const pop = (): bigint => {
    const v = stack.pop();
    if (v === undefined) throw r.err('DWARF expression stack underflow');
    return v;
  };
  const push = (v: bigint): void => { stack.push(u64(v)); };
  const reg = (n: number): bigint => {
    const v = ctx.reg(n);
    if (v === undefined) throw new Unavailable(`register x${n} unknown in this frame`);
    return v;
  };
  const deref = (addr: bigint, n: number): bigint => {
    const b = ctx.read(addr, n);
    if (b === undefined) throw new Unavailable(`memory at 0x${addr.toString(16)} unreadable`);
    return le(b);
  };
  const binary = (f: (a: bigint, b: bigint) => bigint): void => { const b = pop(), a = pop(); push(f(a, b)); };
  const branchTo = (offset: number): void => {
    const target = r.pos + offset;
    if (target < 0 || target > expr.length) r.fail(`branch to ${target} outside the expression`);
    r.pos = target;
  };
  for (let ops = 0; r.pos < expr.length; ops++) {
    if (ops >= MAX_OPS) throw new DwarfError(`location expression: more than ${MAX_OPS} operations (a loop)`);
    const at = r.pos;
    const op = r.u8();
    if (loc !== undefined && op !== 0x93 && op !== 0x9d) r.fail('a register or implicit location must end the expression or a piece', at);
    if (op >= 0x30 && op <= 0x4f) { push(BigInt(op - 0x30)); continue; }                 // DW_OP_lit<n>
    if (op >= 0x50 && op <= 0x6f) { loc = { kind: 'register', reg: op - 0x50 }; continue; } // DW_OP_reg<n>
    if (op >= 0x70 && op <= 0x8f) { push(reg(op - 0x70) + r.slebBig()); continue; }      // DW_OP_breg<n>
    switch (op) {
      case 0x03: push(r.uN(ctx.addrSize)); break;                                         // addr
      case 0x06: push(deref(pop(), ctx.addrSize)); break;                                 // deref
      case 0x94: { const n = r.u8(); if (n < 1 || n > 8) r.fail(`DW_OP_deref_size ${n}`, at); push(deref(pop(), n)); break; }
      case 0x08: push(r.uN(1)); break;
      case 0x09: push(BigInt.asIntN(8, r.uN(1))); break;
      case 0x0a: push(r.uN(2)); break;
      case 0x0b: push(BigInt.asIntN(16, r.uN(2))); break;
      case 0x0c: push(r.uN(4)); break;
      case 0x0d: push(BigInt.asIntN(32, r.uN(4))); break;
      case 0x0e: push(r.u64()); break;
      case 0x0f: push(BigInt.asIntN(64, r.u64())); break;
      case 0x10: push(r.ulebBig()); break;                                                // constu
      case 0x11: push(r.slebBig()); break;                                                // consts
      case 0x12: { const v = pop(); push(v); push(v); break; }                            // dup
      case 0x13: pop(); break;                                                            // drop
      case 0x14: { if (stack.length < 2) r.fail('DWARF expression stack underflow', at); push(stack[stack.length - 2]); break; } // over
      case 0x15: { const i = r.u8(); if (i >= stack.length) r.fail('DW_OP_pick beyond the stack', at); push(stack[stack.length - 1 - i]); break; }
      case 0x16: { const b = pop(), a = pop(); push(b); push(a); break; }                 // swap
      case 0x17: { const c = pop(), b = pop(), a = pop(); push(c); push(a); push(b); break; } // rot: top three a b c -> c a b
      case 0x19: { const v = s64(pop()); push(v < 0n ? -v : v); break; }                  // abs
      case 0x1a: binary((a, b) => a & b); break;
      case 0x1b: binary((a, b) => { if (b === 0n) throw new Unavailable('division by zero'); return s64(a) / s64(b); }); break; // div (signed)
      case 0x1c: binary((a, b) => a - b); break;                                          // minus
      case 0x1d: binary((a, b) => { if (b === 0n) throw new Unavailable('modulo by zero'); return a % b; }); break; // mod (generic type: unsigned)
      case 0x1e: binary((a, b) => a * b); break;                                          // mul
      case 0x1f: push(-pop()); break;                                                     // neg
      case 0x20: push(~pop()); break;                                                     // not
      case 0x21: binary((a, b) => a | b); break;
      case 0x22: binary((a, b) => a + b); break;                                          // plus
      case 0x23: push(pop() + r.ulebBig()); break;                                        // plus_uconst
      case 0x24: binary((a, b) => (b >= 64n ? 0n : a << b)); break;                       // shl
      case 0x25: binary((a, b) => (b >= 64n ? 0n : a >> b)); break;                       // shr (logical)
      case 0x26: binary((a, b) => s64(a) >> (b >= 64n ? 63n : b)); break;                 // shra
      case 0x27: binary((a, b) => a ^ b); break;
      case 0x29: binary((a, b) => (s64(a) === s64(b) ? 1n : 0n)); break;                  // eq .. ne: signed
      case 0x2a: binary((a, b) => (s64(a) >= s64(b) ? 1n : 0n)); break;
      case 0x2b: binary((a, b) => (s64(a) > s64(b) ? 1n : 0n)); break;
      case 0x2c: binary((a, b) => (s64(a) <= s64(b) ? 1n : 0n)); break;
      case 0x2d: binary((a, b) => (s64(a) < s64(b) ? 1n : 0n)); break;
      case 0x2e: binary((a, b) => (s64(a) !== s64(b) ? 1n : 0n)); break;
      case 0x2f: { const o = BigInt.asIntN(16, r.uN(2)); branchTo(Number(o)); break; }    // skip
      case 0x28: { const o = BigInt.asIntN(16, r.uN(2)); if (pop() !== 0n) branchTo(Number(o)); break; } // bra
      case 0x90: loc = { kind: 'register', reg: r.uleb() }; break;                        // regx
      case 0x91: {                                                                         // fbreg
        const fb = ctx.frameBase();
        if (fb === undefined) throw new Unavailable('frame base unknown');
        push(fb + r.slebBig()); break;
      }
      case 0x92: { const n = r.uleb(); push(reg(n) + r.slebBig()); break; }               // bregx
      case 0x96: break;                                                                   // nop
      case 0x9c: { const c = ctx.cfa(); if (c === undefined) throw new Unavailable('CFA unknown'); push(c); break; } // call_frame_cfa
      case 0x9e: { const n = r.uleb(); loc = { kind: 'bytes', bytes: r.bytes(n) }; break; } // implicit_value
      case 0x9f: loc = { kind: 'value', value: pop() }; break;                            // stack_value
      case 0xa3: case 0xf3: {                                                              // entry_value, GNU_entry_value
        // Only of a register (DW_OP_regN as the whole sub-expression): its value at the function's entry.
        const sub = r.bytes(r.uleb());
        const v = sub.length === 1 && sub[0] >= 0x50 && sub[0] <= 0x6f ? ctx.entryValue?.(sub[0] - 0x50) : undefined;
        if (v === undefined) throw new Unavailable(opName(op));
        push(v);
        break;
      }
      case 0xa1: case 0xfb: push(ctx.addrIndex(r.uleb())); break;                        // addrx, GNU_addr_index
      case 0xa2: case 0xfc: push(ctx.addrIndex(r.uleb())); break;                        // constx, GNU_const_index
      case 0x93: {                                                                         // piece
        const size = r.uleb();
        const piece: ExprPiece = loc ?? (stack.length > 0 ? { kind: 'memory', address: pop() } : { kind: 'undefined' });
        pieces.push({ size, loc: piece });
        loc = undefined; stack.length = 0;
        break;
      }
      default: {
        throw new Unavailable(opName(op));
      }
    }
  }
  if (pieces.length > 0) {
    if (loc !== undefined || stack.length > 0) r.fail('operations after the last DW_OP_piece');
    return { kind: 'pieces', pieces };
  }
  if (loc !== undefined) return { kind: 'location', loc };
  if (stack.length === 0) return { kind: 'unavailable', why: 'empty location expression' };
  return { kind: 'location', loc: { kind: 'memory', address: pop() } };
}
