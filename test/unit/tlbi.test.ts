// TLB maintenance invalidates exactly what each operation names (Arm ARM C5.5):
// entries are filled directly with chosen tags, then each TLBI is checked
// against which entries survive, on this PE and (IS forms) on the other PE.
import { strict as assert } from 'assert';
import { Machine } from '../../src/engine/machine';
import { Regime } from '../../src/engine/mmu/types';
import { sysRegIndex } from '../../src/engine/cpu/sysregs/file';
import { R } from '../../src/engine/cpu/pe';

interface E { name: string; regime: Regime; vmid: number; asid: number; global: boolean; va: number; size?: number }
const ENTRIES: E[] = [
  { name: 'el10-vm5-asid7', regime: Regime.EL10, vmid: 5, asid: 7, global: false, va: 0x1000 },
  { name: 'el10-vm5-asid9', regime: Regime.EL10, vmid: 5, asid: 9, global: false, va: 0x5000 },
  { name: 'el10-vm5-global', regime: Regime.EL10, vmid: 5, asid: 0, global: true, va: 0x2000 },
  { name: 'el10-vm5-block', regime: Regime.EL10, vmid: 5, asid: 7, global: false, va: 0x20_3000, size: 21 },
  { name: 'el10-vm6-asid7', regime: Regime.EL10, vmid: 6, asid: 7, global: false, va: 0x1000 },
  { name: 'el2', regime: Regime.EL2, vmid: 0, asid: 0, global: true, va: 0x1000 },
  { name: 'el20-asid7', regime: Regime.EL20, vmid: 0, asid: 7, global: false, va: 0x1000 },
];

function setup(): Machine {
  const m = new Machine({ output: () => {}, cpus: 2, memoryMiB: 16 });
  for (const c of m.cores) {
    c.pe.el = 2;
    c.pe.sys.set(sysRegIndex('VTTBR_EL2'), 0, 5 << 16); // current VMID 5
    c.pe.sys.set(sysRegIndex('VTCR_EL2'), 1 << 19, 0);  // 16-bit VMIDs
    c.pe.sys.set(R.HCR_EL2, 1 << 31, 0);
    for (const e of ENTRIES) c.tlb.fill(e.va, 0, (e.regime << 16) | e.vmid, e.asid, e.global, 0x4000_0000 + e.va, 0, 0xff, 3, e.size ?? 12, c.mem.ramBase, c.mem.ramSize);
  }
  return m;
}

function survivors(m: Machine, cpu = 0): string[] {
  const c = m.cores[cpu];
  return ENTRIES.filter((e) => c.tlb.lookup(e.va, 0, (e.regime << 16) | e.vmid, e.asid, 1) >= 0).map((e) => e.name);
}

const all = ENTRIES.map((e) => e.name);
const without = (...n: string[]): string[] => all.filter((x) => !n.includes(x));

describe('TLBI invalidates exactly what it names', () => {
  const cases: [string, [number, number], string[]][] = [
    ['TLBI VMALLE1', [0, 0], without('el10-vm5-asid7', 'el10-vm5-asid9', 'el10-vm5-global', 'el10-vm5-block')],
    ['TLBI ASIDE1', [0, 7 << 16], without('el10-vm5-asid7', 'el10-vm5-block')],
    ['TLBI VAE1', [1, 7 << 16], without('el10-vm5-asid7')],
    ['TLBI VAE1', [2, 9 << 16], without('el10-vm5-global')], // global entries match any ASID
    ['TLBI VAE1', [0x200, 7 << 16], without('el10-vm5-block')], // any VA inside the 2 MiB block
    ['TLBI VAAE1', [1, 0], without('el10-vm5-asid7')],
    ['TLBI VAE1', [5, 7 << 16], all], // other ASID, not global: untouched
    ['TLBI VAAE1', [5, 0], without('el10-vm5-asid9')],
    ['TLBI ALLE1', [0, 0], without('el10-vm5-asid7', 'el10-vm5-asid9', 'el10-vm5-global', 'el10-vm5-block', 'el10-vm6-asid7')],
    ['TLBI VMALLS12E1', [0, 0], without('el10-vm5-asid7', 'el10-vm5-asid9', 'el10-vm5-global', 'el10-vm5-block')],
    ['TLBI ALLE2', [0, 0], without('el2', 'el20-asid7')],
    ['TLBI VAE2', [1, 0], without('el2')],
    ['TLBI IPAS2E1', [0x40000, 0], all], // no stage-2-only entries are cached; combined entries may stay (C5.5.x)
  ];
  for (const [op, xt, expect] of cases) {
    it(`${op} Xt=0x${((BigInt(xt[1] >>> 0) << 32n) | BigInt(xt[0] >>> 0)).toString(16)}`, () => {
      const m = setup();
      m.mmu.tlbi(m.cores[0], op, xt);
      assert.deepEqual(survivors(m), expect);
      assert.deepEqual(survivors(m, 1), all, 'a local TLBI leaves the other PE alone');
    });
  }
  it('the IS form reaches every PE', () => {
    const m = setup();
    m.mmu.tlbi(m.cores[0], 'TLBI VMALLE1IS', [0, 0]);
    assert.deepEqual(survivors(m, 1), survivors(m, 0));
    assert.ok(!survivors(m, 1).includes('el10-vm5-asid7'));
  });
  it('range form RVAE1 covers NUM/SCALE pages from BaseADDR', () => {
    const m = setup();
    // TG=01 (4K), SCALE=0, NUM=0 -> 2 pages from page 1: VA 0x1000..0x2fff, ASID 7 (and global entries).
    m.mmu.tlbi(m.cores[0], 'TLBI RVAE1', [1, (7 << 16) | (1 << 14)]);
    assert.deepEqual(survivors(m), without('el10-vm5-asid7', 'el10-vm5-global'));
  });
  it('with HCR_EL2.{E2H,TGE} = {1,1} the EL1 operations apply to the EL2&0 regime', () => {
    const m = setup();
    m.cores[0].pe.sys.set(R.HCR_EL2, (1 << 31) | (1 << 27), 1 << 2);
    m.mmu.tlbi(m.cores[0], 'TLBI VMALLE1', [0, 0]);
    assert.deepEqual(survivors(m), without('el20-asid7'));
  });
});
