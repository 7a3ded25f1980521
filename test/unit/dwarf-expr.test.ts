// The DWARF expression evaluator (dwarf-expr.ts) on hand-built expressions: each case's
// expected result follows from the DWARF 5 §2.5 definition of the operations it uses.
// (GCC's expressions in a real program are checked against GDB in test/dap/c-locals-gdb.test.ts.)
import { strict as assert } from 'assert';
import { evaluateLocation, ExprContext, ExprResult } from '../../src/engine/loader/dwarf-expr';
import { DwarfError } from '../../src/engine/loader/dwarf-line';

const REGS = new Map<number, bigint>([[0, 0x1000n], [1, 5n], [2, 0xffffffffffffffffn], [31, 0x8000n]]);
const MEM = new Map<bigint, bigint>([[0x1000n, 0x1122334455667788n], [0x1008n, 42n]]);
const ctx: ExprContext = {
  reg: (n) => REGS.get(n),
  read: (a, n) => {
    const v = MEM.get(a);
    if (v === undefined) return undefined;
    return Uint8Array.from({ length: n }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn));
  },
  frameBase: () => 0x8010n,
  cfa: () => 0x8020n,
  addrIndex: (i) => 0x5000n + BigInt(i) * 8n,
  addrSize: 8,
};
const ev = (...ops: number[]): ExprResult => evaluateLocation(Uint8Array.from(ops), ctx);
const value = (v: bigint): ExprResult => ({ kind: 'location', loc: { kind: 'value', value: v } });
const memory = (a: bigint): ExprResult => ({ kind: 'location', loc: { kind: 'memory', address: a } });
const SV = 0x9f; // DW_OP_stack_value

describe('DWARF expression evaluator', () => {
  it('register, register + offset, frame base, CFA and address locations', () => {
    assert.deepEqual(ev(0x51), { kind: 'location', loc: { kind: 'register', reg: 1 } });     // DW_OP_reg1
    assert.deepEqual(ev(0x70, 0x08), memory(0x1008n));                                         // DW_OP_breg0 8
    assert.deepEqual(ev(0x91, 0x70), memory(0x8000n));                                         // DW_OP_fbreg -16
    assert.deepEqual(ev(0x9c), memory(0x8020n));                                               // DW_OP_call_frame_cfa
    assert.deepEqual(ev(0x03, 0x00, 0x10, 0, 0, 0, 0, 0, 0), memory(0x1000n));                 // DW_OP_addr 0x1000
    assert.deepEqual(ev(0xa1, 0x02), memory(0x5010n));                                         // DW_OP_addrx 2
  });

  it('arithmetic, logic and shifts on the 64-bit generic type', () => {
    assert.deepEqual(ev(0x71, 0x00, 0x33, 0x24, SV), value(40n));                              // x1 << 3
    assert.deepEqual(ev(0x72, 0x00, 0x34, 0x25, SV), value(0x0fffffffffffffffn));               // x2 >> 4 (logical)
    assert.deepEqual(ev(0x72, 0x00, 0x34, 0x26, SV), value(0xffffffffffffffffn));               // x2 >>a 4
    assert.deepEqual(ev(0x35, 0x37, 0x1c, SV), value(0xfffffffffffffffen));                    // 5 - 7 wraps
    assert.deepEqual(ev(0x11, 0x79, 0x33, 0x1b, SV), value(0xfffffffffffffffen));              // -7 / 3 = -2 (signed, truncating)
    assert.deepEqual(ev(0x3a, 0x33, 0x1d, SV), value(1n));                                     // 10 mod 3
    assert.deepEqual(ev(0x35, 0x1f, 0x19, SV), value(5n));                                     // abs(neg 5)
    assert.deepEqual(ev(0x3c, 0x36, 0x1a, 0x31, 0x21, 0x33, 0x27, SV), value(6n));             // ((12 & 6) | 1) ^ 3
    assert.deepEqual(ev(0x30, 0x20, SV), value(0xffffffffffffffffn));                          // not 0
    assert.deepEqual(ev(0x35, 0x23, 0x0a, SV), value(15n));                                    // plus_uconst 10
    assert.deepEqual(ev(0x33, 0x35, 0x1e, 0x32, 0x22, SV), value(17n));                        // 3 * 5 + 2
  });

  it('stack operations and signed comparisons', () => {
    assert.deepEqual(ev(0x31, 0x32, 0x33, 0x17, 0x1c, 0x22, SV), value(2n));                   // rot: 1 2 3 -> 3 1 2; 1 - 2 = -1; 3 + -1
    assert.deepEqual(ev(0x31, 0x32, 0x16, 0x1c, SV), value(1n));                               // swap: 2 - 1
    assert.deepEqual(ev(0x31, 0x32, 0x14, 0x22, 0x22, SV), value(4n));                         // over: 1 2 1
    assert.deepEqual(ev(0x31, 0x32, 0x33, 0x15, 0x02, 0x22, 0x22, 0x22, SV), value(7n));       // pick 2: 1 2 3 1
    assert.deepEqual(ev(0x31, 0x12, 0x22, 0x35, 0x13, SV), value(2n));                         // dup, drop
    assert.deepEqual(ev(0x11, 0x7f, 0x30, 0x2d, SV), value(1n));                               // -1 < 0 (signed)
    assert.deepEqual(ev(0x72, 0x00, 0x30, 0x2b, SV), value(0n));                               // x2 (= -1) > 0 is false
  });

  it('branches (DW_OP_skip, DW_OP_bra), and a loop stops with an error instead of hanging', () => {
    // lit1; bra +1; lit9 (skipped); lit5; stack_value
    assert.deepEqual(ev(0x31, 0x28, 0x01, 0x00, 0x39, 0x35, SV), value(5n));
    // lit0; bra +1 (not taken); lit9; stack_value
    assert.deepEqual(ev(0x30, 0x28, 0x01, 0x00, 0x39, SV), value(9n));
    assert.throws(() => ev(0x2f, 0xfd, 0xff), (e: unknown) => e instanceof DwarfError && /loop/.test(e.message)); // skip -3: itself
    assert.throws(() => ev(0x2f, 0x10, 0x00), DwarfError);                                     // skip beyond the end
  });

  it('memory reads: DW_OP_deref, DW_OP_deref_size', () => {
    assert.deepEqual(ev(0x70, 0x00, 0x06, SV), value(0x1122334455667788n));
    assert.deepEqual(ev(0x70, 0x00, 0x94, 0x02, SV), value(0x7788n));
    assert.deepEqual(ev(0x70, 0x10, 0x06), { kind: 'unavailable', why: 'memory at 0x1010 unreadable' });
  });

  it('implicit values and composites (DW_OP_piece)', () => {
    assert.deepEqual(ev(0x9e, 0x02, 0x34, 0x12), { kind: 'location', loc: { kind: 'bytes', bytes: Uint8Array.from([0x34, 0x12]) } });
    // x0 in the low 4 bytes, an optimized-out middle, a constant 7 in the top 2
    assert.deepEqual(ev(0x50, 0x93, 0x04, 0x93, 0x02, 0x37, SV, 0x93, 0x02), { kind: 'pieces', pieces: [
      { size: 4, loc: { kind: 'register', reg: 0 } }, { size: 2, loc: { kind: 'undefined' } }, { size: 2, loc: { kind: 'value', value: 7n } },
    ] });
    assert.deepEqual(ev(0x70, 0x00, 0x93, 0x08, 0x51, 0x93, 0x08), { kind: 'pieces', pieces: [
      { size: 8, loc: { kind: 'memory', address: 0x1000n } }, { size: 8, loc: { kind: 'register', reg: 1 } },
    ] });
  });

  it('what it cannot compute is named, and malformed expressions are DwarfErrors', () => {
    assert.deepEqual(ev(0xa3, 0x01, 0x50, SV), { kind: 'unavailable', why: 'DW_OP_entry_value' });
    // With the caller's call-site record: x0 was 0x40 at entry; (entry x0) + 8 as a value. Not for memory sub-expressions.
    const withEntry: ExprContext = { ...ctx, entryValue: (r) => (r === 0 ? 0x40n : undefined) };
    assert.deepEqual(evaluateLocation(Uint8Array.from([0xa3, 0x01, 0x50, 0x23, 0x08, SV]), withEntry), value(0x48n));
    assert.deepEqual(evaluateLocation(Uint8Array.from([0xf3, 0x01, 0x51, SV]), withEntry), { kind: 'unavailable', why: 'DW_OP_GNU_entry_value' });
    assert.deepEqual(evaluateLocation(Uint8Array.from([0xa3, 0x02, 0x70, 0x00, SV]), withEntry), { kind: 'unavailable', why: 'DW_OP_entry_value' });
    assert.deepEqual(ev(0x73, 0x00), { kind: 'unavailable', why: 'register x3 unknown in this frame' });
    assert.deepEqual(ev(0x30, 0x30, 0x1b, SV), { kind: 'unavailable', why: 'division by zero' });
    assert.throws(() => ev(0x22), (e: unknown) => e instanceof DwarfError && /underflow/.test(e.message));
    assert.throws(() => ev(0x50, 0x31), DwarfError);                                           // a register location must end it
    assert.throws(() => ev(0x0e, 0x01, 0x02), DwarfError);                                     // truncated const8u
    for (let n = 0; n < 3000; n++) {
      // Random byte strings: a result or a DwarfError, never another exception or a hang.
      const len = 1 + ((n * 7919) % 12);
      const bytes = Array.from({ length: len }, (_, i) => (n * 31 + i * 97 + ((n >> 3) ^ i)) & 0xff);
      try { ev(...bytes); } catch (e) { assert.ok(e instanceof DwarfError, `${bytes}: ${e}`); }
    }
  });
});
