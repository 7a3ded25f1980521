// Translations that record nothing (TLB refills) run on shared scratch traces
// (translate.ts S1_SCRATCH/S2_SCRATCH, walk.ts `into`) and take the single-stage
// or the 2-D loop of AArch64_S1Walk. Whatever the path, the result must be the one
// a recording translation of the same access gives, field by field.
import { strict as assert } from 'assert';
import { AArch64_FullTranslate, AccessKind, AccessDesc, Translation } from '../../src/engine/mmu/translate';
import { Regime, WalkTrace } from '../../src/engine/mmu/types';
import { Scenario, split } from '../util/mmu-scenario';

const AF = 1n << 10n, TABLE = 3n, PAGE = 3n, BLOCK = 1n;

/** A deterministic generator (xorshift32) for descriptor kinds and VAs. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
}

/** The fields of a trace that do not depend on recording (steps do). */
function traceFields(t: WalkTrace | undefined): unknown {
  if (t === undefined) return undefined;
  const { steps: _steps, s2final, ...rest } = t;
  return { ...rest, s2final: traceFields(s2final) };
}

function translationFields(t: Translation): unknown {
  return { pa: t.pa, ipa: t.ipa, fault: t.fault, attrs: t.attrs, s1: traceFields(t.s1), s2: traceFields(t.s2) };
}

/**
 * Stage 1 (4K, 48-bit VA from level 0) with a level-3 table per 2 MiB region whose pages are a
 * mix of valid, invalid, reserved, AF-clear and EL0-accessible descriptors, plus one 2 MiB block.
 */
function build(seed: number, stage2: boolean): { s: Scenario; vas: bigint[] } {
  const s = new Scenario(), r = rng(seed);
  const l0 = s.table(), l1 = s.table(), l2 = s.table();
  s.desc(l0, 0, BigInt(l1) | TABLE);
  s.desc(l1, 1, BigInt(l2) | TABLE);                  // VA 0x4000_0000..0x7fff_ffff
  const vas: bigint[] = [];
  for (let region = 0; region < 4; region++) {
    const l3 = s.table();
    s.desc(l2, region, BigInt(l3) | TABLE);
    for (let i = 0; i < 64; i++) {
      const pa = 0x4100_0000n + BigInt((r() % 0x800) << 12);
      const k = r() % 8;
      const v = k === 0 ? 0n : k === 1 ? pa | 1n : k === 2 ? pa | PAGE : pa | PAGE | AF | (BigInt(r() & 3) << 6n) | (BigInt(r() % 2) << 2n);
      s.desc(l3, i, v);
      vas.push(0x4000_0000n + (BigInt(region) << 21n) + (BigInt(i) << 12n) + BigInt(r() & 0xff8));
    }
  }
  s.desc(l2, 8, 0x4200_0000n | AF | BLOCK);           // a 2 MiB block at VA 0x4100_0000
  vas.push(0x4100_0000n + BigInt(r() & 0x1ffff8), 0x4120_0000n, 0x8000_0000n);
  s.set('MAIR_EL1', 0x04ffn);
  s.set('TCR_EL1', 16n | (2n << 32n) | (1n << 23n)); // T0SZ=16, 4K, IPS=40 bits, EPD1
  s.set('TTBR0_EL1', BigInt(l0));
  s.set('SCTLR_EL1', 1n);
  if (stage2) {
    // Stage 2: 40-bit IPA from level 1 (two concatenated tables), 1 GiB blocks for 0x4000_0000 (RW)
    // and nothing else, so some tables and outputs fault at stage 2.
    const s2l1 = s.table(8192);
    s.desc(s2l1, 1, 0x4000_0000n | AF | (3n << 6n) | (0xfn << 2n) | BLOCK);
    s.set('VTCR_EL2', 24n | (1n << 6n) | (2n << 16n) | (1n << 31n));
    s.set('VTTBR_EL2', BigInt(s2l1));
    s.set('HCR_EL2', (1n << 31n) | 1n);
  } else {
    s.set('HCR_EL2', 1n << 31n);
  }
  s.pe.el = 1;
  return { s, vas };
}

const ACCESSES: AccessDesc[] = [
  { kind: AccessKind.READ, unpriv: false, pan: false },
  { kind: AccessKind.WRITE, unpriv: true, pan: false },
  { kind: AccessKind.FETCH, unpriv: false, pan: false },
];

describe('translations that record nothing (scratch traces)', () => {
  for (const stage2 of [false, true]) {
    it(`${stage2 ? '2-D' : 'single-stage'}: same results as recording translations, interleaved`, () => {
      for (const seed of [1, 2, 3]) {
        const { s, vas } = build(seed, stage2);
        let faults = 0, ok = 0;
        for (const va of vas) {
          for (const acc of ACCESSES) {
            const [lo, hi] = split(va);
            // Inspection walks: identical inputs for both (no AF updates in between).
            const rec = AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, acc, true, true, true);
            const bare = AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, acc, true, true, false);
            assert.deepEqual(translationFields(bare), translationFields(rec), `VA 0x${va.toString(16)} kind ${acc.kind}`);
            if (rec.fault !== undefined) faults++; else ok++;
          }
        }
        assert.ok(faults > 20 && ok > 20, `a mix of results (${ok} ok, ${faults} faults)`);
      }
    });
  }

  it('non-recording translations reuse one trace; recording ones get their own', () => {
    const { s, vas } = build(7, false);
    const acc = ACCESSES[0];
    const [lo, hi] = split(vas[0]);
    const a = AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, acc, true, true, false).s1;
    const b = AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, acc, true, true, false).s1;
    const c = AArch64_FullTranslate(s.pe, s.m.mem, Regime.EL10, lo, hi, acc, true, true, true).s1;
    assert.ok(a !== undefined && a === b, 'the scratch trace is shared');
    assert.notEqual(c, a);
    assert.ok(c !== undefined && c.steps.length > 0 && a.steps.length === 0);
  });
});
