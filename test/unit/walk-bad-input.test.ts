// Bad translation tables get the architecturally correct result: no hang, no
// crash. Walks are bounded by the number of levels, so loops terminate; a
// table outside memory is a synchronous external abort on the walk.
import { strict as assert } from 'assert';
import { AArch64_FullTranslate, AccessKind } from '../../src/engine/mmu/translate';
import { FaultType, Regime } from '../../src/engine/mmu/types';
import { R } from '../../src/engine/cpu/pe';
import { Scenario, split } from '../util/mmu-scenario';

const READ = { kind: AccessKind.READ, unpriv: false, pan: false };
const AF = 1n << 10n;

function el10(s: Scenario, tcr: bigint, ttbr0: bigint): void {
  s.set('MAIR_EL1', 0xffn);
  s.set('TCR_EL1', tcr);
  s.set('TTBR0_EL1', ttbr0);
  s.set('SCTLR_EL1', 1n);
  s.set('HCR_EL2', 1n << 31n);
  s.pe.el = 1;
}
const T4K_48 = 16n | (5n << 32n) | (1n << 23n); // T0SZ=16, 4K, IPS=48 bits, EPD1

function walk(s: Scenario, va: bigint) {
  const [lo, hi] = split(va);
  return AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, READ, false);
}

describe('translation tables that are wrong', () => {
  it('a table that points to itself terminates after the last level (4 fetches)', () => {
    const s = new Scenario();
    const l0 = s.table();
    s.desc(l0, 0, BigInt(l0) | 3n | AF); // L0[0] -> itself; at level 3 the same entry reads as a page
    el10(s, T4K_48, BigInt(l0));
    const t = walk(s, 0x123n);
    assert.equal(t.fault, undefined);
    assert.equal(t.s1?.steps.length, 4);
    assert.equal(t.pa, l0 + 0x123, 'the level-3 "page" is the table itself');
  });

  it('two tables that point to each other terminate too', () => {
    const s = new Scenario();
    const a = s.table(), b = s.table();
    s.desc(a, 0, BigInt(b) | 3n);
    s.desc(b, 0, BigInt(a) | 3n);
    el10(s, T4K_48, BigInt(a));
    const t = walk(s, 0n);
    assert.deepEqual(t.s1?.steps.map((x) => x.kind), ['table', 'table', 'table', 'page']);
    assert.equal(t.fault?.type, FaultType.ACCESS_FLAG, 'the page descriptor (a table pointer) has AF = 0');
  });

  it('a table pointer outside memory is an external abort on the walk at the next level', () => {
    const s = new Scenario();
    const l0 = s.table();
    s.desc(l0, 0, 0x8000_0000n | 3n); // beyond 64 MiB of RAM
    el10(s, T4K_48, BigInt(l0));
    const t = walk(s, 0x1000n);
    assert.equal(t.fault?.type, FaultType.SEA_WALK);
    assert.equal(t.fault?.level, 1);
  });

  it('an AT whose walk reads outside memory takes a Data Abort with CM = 1 instead of writing PAR (QEMU do_ats_write)', () => {
    const s = new Scenario();
    const l0 = s.table();
    s.desc(l0, 0, 0x8000_0000n | 3n);
    el10(s, T4K_48, BigInt(l0));
    s.pe.el = 2;
    s.pe.sys.set(R.VBAR_EL2, 0x4000_0000, 0);
    s.pe.sys.set(R.PAR_EL1, 0x1234, 0);
    assert.equal(s.m.mmu.at(s.core, 'AT S1E1R', split(0x1000n)), false);
    const esr = s.pe.sys.lo(R.ESR_EL2) >>> 0;
    assert.equal(esr >>> 26, 0x25, 'data abort, same EL');
    assert.equal((esr >>> 8) & 1, 1, 'CM');
    assert.equal(esr & 0x3f, 0x15, 'synchronous external abort on walk, level 1');
    assert.equal(s.pe.sys.lo(R.PAR_EL1), 0x1234, 'PAR_EL1 unchanged');
  });

  it('reserved encodings: level-3 descriptor 0b01 and a 4K level-0 block are translation faults (AArch64.BlockDescSupported)', () => {
    const s = new Scenario();
    const l0 = s.table(), l1 = s.table(), l2 = s.table(), l3 = s.table();
    s.desc(l0, 0, BigInt(l1) | 3n);
    s.desc(l1, 0, BigInt(l2) | 3n);
    s.desc(l2, 0, BigInt(l3) | 3n);
    s.desc(l3, 0, 0x4010_0000n | AF | 1n); // 0b01 at level 3 is reserved
    s.desc(l0, 1, 0x0n | AF | 1n);         // block at level 0 without DS
    el10(s, T4K_48, BigInt(l0));
    const a = walk(s, 0n);
    assert.equal(a.fault?.type, FaultType.TRANSLATION);
    assert.equal(a.fault?.level, 3);
    const b = walk(s, 1n << 39n);
    assert.equal(b.fault?.type, FaultType.TRANSLATION);
    assert.equal(b.fault?.level, 0);
  });

  it('a table address beyond the output size is an address size fault at the level of the descriptor', () => {
    const s = new Scenario();
    const l0 = s.table();
    s.desc(l0, 0, (1n << 45n) | 3n);
    el10(s, 16n | (2n << 32n) | (1n << 23n), BigInt(l0)); // IPS = 40 bits
    const t = walk(s, 0n);
    assert.equal(t.fault?.type, FaultType.ADDRESS_SIZE);
    assert.equal(t.fault?.level, 0);
  });
});
