// Golden WalkTrace tests (issue 3): each scenario's full walk, as the debugger
// and `--trace walk` render it, must equal the reviewed golden file. The
// expected results follow from the Arm ARM rules cited in each case.
import { strict as assert } from 'assert';
import { AArch64_FullTranslate, AccessKind } from '../../src/engine/mmu/translate';
import { Regime } from '../../src/engine/mmu/types';
import { formatWalk, describePar, describeFault } from '../../src/engine/mmu/format';
import { AtRecord } from '../../src/engine/mmu/mmu';
import { R } from '../../src/engine/cpu/pe';
import { Acc } from '../../src/engine/cpu/faults';
import { assertGolden } from '../util/golden';
import { Scenario, split } from '../util/mmu-scenario';

const READ = { kind: AccessKind.READ, unpriv: false, pan: false };
const AF = 1n << 10n, TABLE = 3n, PAGE = 3n, BLOCK = 1n, SH_IS = 3n << 8n;

function render(s: Scenario, va: bigint, acc = READ): string {
  const [lo, hi] = split(va);
  const t = AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, acc, false);
  const lines: string[] = [];
  if (t.s1 !== undefined) lines.push(...formatWalk(t.s1));
  else if (t.s2 !== undefined) lines.push(...formatWalk(t.s2));
  lines.push(t.fault !== undefined ? `result: ${describeFault(t.fault)}` : `result: PA 0x${t.pa.toString(16)} attr 0x${t.attrs.attr.toString(16).padStart(2, '0')} sh ${t.attrs.sh}`);
  return lines.join('\n') + '\n';
}

/** EL1&0 stage 1: MAIR attr0 Normal WB, attr1 Device; TCR from arguments. */
function el10(s: Scenario, tcr: bigint, ttbr0: bigint): void {
  s.set('MAIR_EL1', 0x00ffn | (0x04n << 8n));
  s.set('TCR_EL1', tcr);
  s.set('TTBR0_EL1', ttbr0);
  s.set('SCTLR_EL1', 1n);
  s.set('HCR_EL2', 1n << 31n);
  s.pe.el = 1;
}

describe('golden WalkTraces', () => {
  it('4-level 4K walk (T0SZ=16 starts at level 0, AArch64.S1StartLevel)', () => {
    const s = new Scenario();
    const l0 = s.table(), l1 = s.table(), l2 = s.table(), l3 = s.table();
    const va = 0x0000_8123_4567_89abn;
    const idx = (lvl: number): number => Number((va >> BigInt(39 - 9 * lvl)) & 0x1ffn);
    s.desc(l0, idx(0), BigInt(l1) | TABLE);
    s.desc(l1, idx(1), BigInt(l2) | TABLE);
    s.desc(l2, idx(2), BigInt(l3) | TABLE);
    s.desc(l3, idx(3), 0x4123_4000n | AF | SH_IS | PAGE | (1n << 6n)); // AP=01: EL0 RW
    el10(s, 16n | (2n << 32n) | (1n << 23n), BigInt(l0)); // T0SZ=16, 4K, IPS=40 bits, EPD1
    assertGolden('walks/s1-4k-4level.txt', render(s, va));
  });

  it('3-level 64K walk (T0SZ=16 with 64K starts at level 1)', () => {
    const s = new Scenario();
    const l1 = s.table(65536), l2 = s.table(65536), l3 = s.table(65536);
    const va = 0x0000_7654_3210_fedcn;
    s.desc(l1, Number((va >> 42n) & 0x3fn), BigInt(l2) | TABLE);
    s.desc(l2, Number((va >> 29n) & 0x1fffn), BigInt(l3) | TABLE);
    s.desc(l3, Number((va >> 16n) & 0x1fffn), 0x4321_0000n | AF | PAGE | (1n << 2n)); // AttrIndx 1: Device
    el10(s, 16n | (1n << 14n) | (5n << 32n) | (1n << 23n), BigInt(l1)); // TG0=64K, IPS=48 bits
    assertGolden('walks/s1-64k-3level.txt', render(s, va));
  });

  it('2-D walk: stage 1 under a stage 2 with two concatenated level-1 tables (R_SRKBC)', () => {
    const s = new Scenario();
    const l1 = s.table(), s2l1 = s.table(8192);
    // Stage 1: 39-bit VA from level 1, one 1 GiB block mapping VA 0 -> IPA 0x40000000.
    s.desc(l1, 0, 0x4000_0000n | AF | SH_IS | BLOCK);
    // Stage 2: 40-bit IPA from level 1 (two 4K tables concatenated), identity 1 GiB blocks, S2AP RW, WB.
    s.desc(s2l1, 1, 0x4000_0000n | AF | (3n << 6n) | (0xfn << 2n) | SH_IS | BLOCK);
    el10(s, 25n | (2n << 32n) | (1n << 23n), BigInt(l1));
    s.set('VTCR_EL2', 24n | (1n << 6n) | (2n << 16n) | (3n << 12n) | (1n << 31n));
    s.set('VTTBR_EL2', BigInt(s2l1) | (5n << 48n));
    s.set('HCR_EL2', (1n << 31n) | 1n);
    assertGolden('walks/s12-4k-concat.txt', render(s, 0x0012_3458n));
  });

  it('stage-2 fault on a stage-1 table fetch (S1PTW, reported at the stage-1 level as QEMU 7.2)', () => {
    const s = new Scenario();
    const l0 = s.table(), l1 = s.table(), s2l1 = s.table(8192);
    s.desc(l0, 0, BigInt(l1) | TABLE);
    // Stage 2 maps only IPA 0x40000000-0x40400000... via level-1 block? No: leave IPA of l1's page unmapped
    // by mapping a different 1 GiB (0x80000000) so the level-1 table fetch faults at stage 2.
    s.desc(s2l1, 2, 0x8000_0000n | AF | (3n << 6n) | (0xfn << 2n) | BLOCK);
    el10(s, 16n | (2n << 32n) | (1n << 23n), BigInt(l0));
    s.set('VTCR_EL2', 24n | (1n << 6n) | (2n << 16n) | (1n << 31n));
    s.set('VTTBR_EL2', BigInt(s2l1));
    s.set('HCR_EL2', (1n << 31n) | 1n);
    const out = render(s, 0x1000n);
    assert.match(out, /stage 2 translation fault, level 0 \(on a stage-1 table walk\)/);
    assertGolden('walks/s2-fault-on-s1-walk.txt', out);
  });

  it('stage-2 permission fault on the level -1 table fetch (FEAT_LPA2): the stage-2 level, as the Arm ARM says (QEMU 7.2 aborts here)', () => {
    // QEMU 7.2 reports a stage-2 fault on a stage-1 table access at the stage-1 lookup level, and
    // nvdbg does too (oracle README). At level -1 there is no Permission fault status code, and
    // QEMU 7.2 aborts (arm_fi_to_lfsc asserts 0 <= level <= 3): found by npm run fuzz:mmu, program
    // 926524. nvdbg gives the Arm ARM's answer, the level of the stage-2 walk (AArch64.S2Walk).
    const s = new Scenario();
    const root = s.table(), s2l1 = s.table(8192);
    // Stage 2: 40-bit IPA from level 1 (two concatenated tables); the 1 GiB block holding the stage-1
    // tables has S2AP = 00 (no access).
    s.desc(s2l1, 1, 0x4000_0000n | AF | (0n << 6n) | (0xfn << 2n) | SH_IS | BLOCK);
    s.set('VTCR_EL2', 24n | (1n << 6n) | (2n << 16n) | (1n << 31n));
    s.set('VTTBR_EL2', BigInt(s2l1));
    // Stage 1: 4K, DS = 1, T0SZ = 12 (52-bit VA): the walk starts at level -1 (AArch64.S1StartLevel).
    el10(s, 12n | (6n << 32n) | (1n << 23n) | (1n << 59n), BigInt(root));
    s.set('HCR_EL2', (1n << 31n) | 1n);
    const [lo, hi] = split(0x1234n);
    const t = AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, READ, true);
    assert.equal(t.s1?.startLevel, -1);
    assert.ok(t.fault !== undefined);
    assert.equal(describeFault(t.fault), `stage 2 permission fault, level 1 (on a stage-1 table walk) FSC=0x0d IPA=0x${root.toString(16)}`);
    assert.equal(t.fault.s1ptw, true);
  });

  it('AT S1E1RP refused by PAN on an EL0-accessible page (FEAT_PAN2), AT S1E1R allowed', () => {
    const s = new Scenario();
    const l1 = s.table();
    s.desc(l1, 1, 0x4000_0000n | AF | SH_IS | BLOCK | (1n << 6n)); // AP=01: EL0 read/write
    el10(s, 25n | (2n << 32n) | (1n << 23n), BigInt(l1));
    s.pe.el = 2; // AT executed by the hypervisor, PSTATE.PAN set
    s.pe.pan = 1;
    const records: AtRecord[] = [];
    s.m.mmu.onAt = (r) => records.push(r);
    const lines: string[] = [];
    for (const op of ['AT S1E1RP', 'AT S1E1R', 'AT S1E1WP']) {
      assert.equal(s.m.mmu.at(s.core, op, split(0x4000_1234n)), true);
      const r = records[records.length - 1];
      lines.push(`${op} 0x40001234 -> PAR=0x${(r.parHi >>> 0).toString(16).padStart(8, '0')}${(r.parLo >>> 0).toString(16).padStart(8, '0')} ${describePar(r.parLo, r.parHi)}`);
      assert.equal(s.pe.sys.lo(R.PAR_EL1), r.parLo);
    }
    assert.match(lines[0], /F=1 FST=0x0d \(permission fault, level 1\)/);
    assert.match(lines[1], /F=0 PA=0x40001000/);
    assertGolden('walks/at-s1e1rp-pan.txt', lines.join('\n') + '\n');
  });

  it('a stale TLB entry after a descriptor write without TLBI', () => {
    const s = new Scenario();
    const l1 = s.table(), l2 = s.table(), l3 = s.table();
    s.desc(l1, 1, BigInt(l2) | TABLE);
    s.desc(l2, 0, BigInt(l3) | TABLE);
    s.desc(l3, 5, 0x4020_0000n | AF | SH_IS | PAGE);
    el10(s, 25n | (2n << 32n) | (1n << 23n), BigInt(l1));
    const va = 0x4000_5010n;
    const [lo, hi] = split(va);
    assert.equal(s.core.dataPa(lo, hi, 8, Acc.READ), 0x4020_0010, 'first access walks and fills the TLB');
    s.desc(l3, 5, 0x4030_0000n | AF | SH_IS | PAGE); // remap without TLB maintenance
    assert.equal(s.core.dataPa(lo, hi, 8, Acc.READ), 0x4020_0010, 'the TLB keeps the old translation (architecturally permitted)');
    const entries = s.m.mmu.tlbEntries(s.core);
    const lines = entries.map((e) => `va 0x${(e.vaPage << 12n).toString(16)} -> pa 0x${e.pa.toString(16)} L${e.level} ${e.global ? 'global' : `asid ${e.asid}`} vmid ${e.vmid}${e.stale ? ` STALE (tables now give 0x${e.nowPa.toString(16)})` : ''}`);
    assert.equal(entries.filter((e) => e.stale).length, 1);
    s.m.mmu.tlbi(s.core, 'TLBI VAE1', split(va >> 12n));
    assert.equal(s.core.dataPa(lo, hi, 8, Acc.READ), 0x4030_0010, 'after TLBI VAE1 the new descriptor is used');
    lines.push('after TLBI VAE1:', ...s.m.mmu.tlbEntries(s.core).map((e) => `va 0x${(e.vaPage << 12n).toString(16)} -> pa 0x${e.pa.toString(16)}${e.stale ? ' STALE' : ''}`));
    assertGolden('walks/tlb-stale.txt', lines.join('\n') + '\n');
  });

  it('an inspection walk leaves the machine byte-identical (AF update suppressed)', () => {
    const s = new Scenario();
    const l1 = s.table();
    s.desc(l1, 1, 0x4000_0000n | SH_IS | BLOCK); // AF = 0
    el10(s, 25n | (2n << 32n) | (1n << 23n) | (1n << 39n), BigInt(l1)); // TCR.HA = 1: hardware AF
    const before = s.snapshot();
    const [lo, hi] = split(0x4000_0040n);
    const t = AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, READ, true);
    assert.equal(t.fault, undefined);
    const after = s.snapshot();
    assert.ok(Buffer.from(before.ram).equals(Buffer.from(after.ram)), 'RAM changed');
    assert.deepEqual(after.sys, before.sys);
    assert.deepEqual(after.x, before.x);
    // The architectural walk of the same VA sets AF in memory (FEAT_HAFDBS).
    AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, READ, false);
    assert.equal(s.read64(l1 + 8) & AF, AF);
  });
});
