// Unit tests for the system register registry: table consistency, QEMU 7.2
// -cpu max reset values, lookups, and BigInt-free field decoding. Expected
// field values come from the Arm ARM register layouts.
import { strict as assert } from 'assert';
import {
  CNTHCTL_EL2_E2H1_FIELDS, CPTR_EL2_E2H1_FIELDS, PAR_EL1_FAULT_FIELDS, QEMU_WRITE_MASKS, SCTLR_EL2_E2H1_FIELDS,
  SYSREG_DEFS, TCR_EL1_FIELDS, TCR_EL2_E2H1_FIELDS, decodeSysRegFields, extractBits, formatField, genericSysRegName,
  hexToPair, pairToHex, resetPair, sysRegByKey, sysRegByName,
} from '../../src/engine/cpu/sysregs/registry';
import { SysRegDef, SysRegField, sysRegKey } from '../../src/engine/cpu/sysregs/types';

function def(name: string): SysRegDef {
  const d = sysRegByName(name);
  assert.ok(d, `${name} missing`);
  return d;
}

function decode(name: string, hex: string, fields?: readonly SysRegField[]): Map<string, number | undefined> {
  const [lo, hi] = hexToPair(hex);
  return new Map(decodeSysRegFields(def(name), lo, hi, fields).map((f) => [f.name, f.value]));
}

function checkLayout(where: string, fields: readonly SysRegField[]): void {
  const used = new Array<string | undefined>(64).fill(undefined);
  const names = new Set<string>();
  for (const f of fields) {
    assert.ok(Number.isInteger(f.msb) && Number.isInteger(f.lsb), `${where}.${f.name}: integer bounds`);
    assert.ok(f.lsb >= 0 && f.msb <= 63 && f.lsb <= f.msb, `${where}.${f.name}: [${f.msb}:${f.lsb}] out of range`);
    assert.ok(!names.has(f.name), `${where}: duplicate field ${f.name}`);
    names.add(f.name);
    assert.ok(f.doc.length > 0, `${where}.${f.name}: doc`);
    for (let b = f.lsb; b <= f.msb; b++) {
      assert.equal(used[b], undefined, `${where}: ${f.name} overlaps ${used[b]} at bit ${b}`);
      used[b] = f.name;
    }
    if (f.values) {
      const width = f.msb - f.lsb + 1;
      for (const k of Object.keys(f.values)) {
        assert.ok(Number(k) >= 0 && (width >= 31 || Number(k) < 2 ** width), `${where}.${f.name}: value ${k} does not fit`);
      }
    }
  }
}

describe('sysreg registry: table', () => {
  it('has a substantial number of registers', () => {
    assert.ok(SYSREG_DEFS.length > 250, `only ${SYSREG_DEFS.length}`);
  });

  it('keys and names are unique', () => {
    const keys = new Map<number, string>();
    const names = new Set<string>();
    for (const d of SYSREG_DEFS) {
      const k = sysRegKey(d.op0, d.op1, d.crn, d.crm, d.op2);
      assert.ok(!keys.has(k), `${d.name} has the same encoding as ${keys.get(k)}`);
      keys.set(k, d.name);
      assert.ok(!names.has(d.name.toUpperCase()), `duplicate name ${d.name}`);
      names.add(d.name.toUpperCase());
    }
  });

  it('encodings are in range and op0 is 2 or 3', () => {
    for (const d of SYSREG_DEFS) {
      assert.ok(d.op0 === 2 || d.op0 === 3, d.name);
      assert.ok(d.op1 >= 0 && d.op1 <= 7 && d.op2 >= 0 && d.op2 <= 7, d.name);
      assert.ok(d.crn >= 0 && d.crn <= 15 && d.crm >= 0 && d.crm <= 15, d.name);
    }
  });

  it('fields are within 0..63 and do not overlap', () => {
    for (const d of SYSREG_DEFS) checkLayout(d.name, d.fields);
    // Documented alternative layouts.
    checkLayout('PAR_EL1(F=1)', PAR_EL1_FAULT_FIELDS);
    checkLayout('TCR_EL2(E2H=1)', TCR_EL2_E2H1_FIELDS);
    checkLayout('SCTLR_EL2(E2H=1)', SCTLR_EL2_E2H1_FIELDS);
    checkLayout('CPTR_EL2(E2H=1)', CPTR_EL2_E2H1_FIELDS);
    checkLayout('CNTHCTL_EL2(E2H=1)', CNTHCTL_EL2_E2H1_FIELDS);
  });

  it('reset/res0/res1 are valid 64-bit hex and reset respects res0', () => {
    for (const d of SYSREG_DEFS) {
      const [rl, rh] = resetPair(d);
      for (const m of [d.res0, d.res1]) if (m !== undefined) hexToPair(m);
      if (d.res0 !== undefined && d.storage !== 'special') {
        const [zl, zh] = hexToPair(d.res0);
        assert.equal(rl & zl, 0, `${d.name}: reset sets res0 bits`);
        assert.equal(rh & zh, 0, `${d.name}: reset sets res0 bits`);
      }
    }
    for (const [n, m] of Object.entries(QEMU_WRITE_MASKS)) {
      assert.ok(sysRegByName(n), `QEMU_WRITE_MASKS names unknown ${n}`);
      hexToPair(m);
    }
  });

  it('ID registers are const/RO and trapped by TID3', () => {
    for (const d of SYSREG_DEFS) {
      if (d.op0 === 3 && d.op1 === 0 && d.crn === 0 && d.crm >= 1 && d.crm <= 7) {
        assert.equal(d.storage, 'const', d.name);
        assert.equal(d.access, 'RO', d.name);
        assert.ok(d.traps?.includes('TID3'), d.name);
        assert.equal(d.minEl, 1, d.name);
      }
    }
    // The whole ID block CRm=1..7 is covered (named or reserved RAZ).
    for (let crm = 1; crm <= 7; crm++) {
      for (let op2 = 0; op2 < 8; op2++) assert.ok(sysRegByKey(sysRegKey(3, 0, 0, crm, op2)), `C0_C${crm}_${op2}`);
    }
  });

  it('trap controls follow the Arm ARM', () => {
    for (const n of ['SCTLR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'TCR_EL1', 'ESR_EL1', 'FAR_EL1', 'AFSR0_EL1', 'AFSR1_EL1',
      'MAIR_EL1', 'AMAIR_EL1', 'CONTEXTIDR_EL1']) {
      assert.deepEqual(def(n).trapsWrite, ['TVM'], n);
      assert.deepEqual(def(n).trapsRead, ['TRVM'], n);
    }
    for (const n of ['CTR_EL0', 'CCSIDR_EL1', 'CLIDR_EL1', 'CSSELR_EL1']) assert.ok(def(n).traps?.includes('TID2'), n);
    for (const n of ['REVIDR_EL1', 'AIDR_EL1']) assert.ok(def(n).traps?.includes('TID1'), n);
    assert.deepEqual(def('ACTLR_EL1').traps, ['TACR']);
    for (const d of SYSREG_DEFS) {
      if ((d.op1 === 4 || d.op1 === 5) && d.minEl === 2) assert.ok(d.traps?.includes('NV'), `${d.name}: NV`);
    }
    assert.equal(def('SCTLR_EL1').traps, undefined);
  });

  it('E2H aliases and EL12 targets resolve', () => {
    const pairs: [string, string][] = [
      ['SCTLR_EL2', 'SCTLR_EL1'], ['CPTR_EL2', 'CPACR_EL1'], ['TTBR0_EL2', 'TTBR0_EL1'], ['TTBR1_EL2', 'TTBR1_EL1'],
      ['TCR_EL2', 'TCR_EL1'], ['AFSR0_EL2', 'AFSR0_EL1'], ['AFSR1_EL2', 'AFSR1_EL1'], ['ESR_EL2', 'ESR_EL1'],
      ['FAR_EL2', 'FAR_EL1'], ['MAIR_EL2', 'MAIR_EL1'], ['AMAIR_EL2', 'AMAIR_EL1'], ['VBAR_EL2', 'VBAR_EL1'],
      ['CONTEXTIDR_EL2', 'CONTEXTIDR_EL1'], ['CNTHCTL_EL2', 'CNTKCTL_EL1'], ['ELR_EL2', 'ELR_EL1'], ['SPSR_EL2', 'SPSR_EL1'],
      ['CNTHP_CTL_EL2', 'CNTP_CTL_EL0'], ['CNTHP_CVAL_EL2', 'CNTP_CVAL_EL0'], ['CNTHP_TVAL_EL2', 'CNTP_TVAL_EL0'],
      ['CNTHV_CTL_EL2', 'CNTV_CTL_EL0'], ['CNTHV_CVAL_EL2', 'CNTV_CVAL_EL0'], ['CNTHV_TVAL_EL2', 'CNTV_TVAL_EL0'],
    ];
    for (const [el2, el1] of pairs) assert.equal(def(el2).e2hAliasOf, el1, el2);
    for (const d of SYSREG_DEFS) {
      if (d.e2hAliasOf !== undefined) assert.ok(sysRegByName(d.e2hAliasOf), `${d.name} -> ${d.e2hAliasOf}`);
      if (d.el12Target !== undefined) {
        const t = def(d.el12Target);
        assert.equal(d.op1, 5, d.name);
        assert.equal(t.crn, d.crn, d.name);
        assert.equal(t.crm, d.crm, d.name);
        assert.equal(t.op2, d.op2, d.name);
      }
    }
    assert.equal(def('SCTLR_EL12').el12Target, 'SCTLR_EL1');
    assert.equal(def('CNTV_CTL_EL02').el12Target, 'CNTV_CTL_EL0');
  });

  it('minimum ELs', () => {
    assert.equal(def('SP_EL2').minEl, 3);
    assert.equal(def('HCR_EL2').minEl, 2);
    assert.equal(def('SCTLR_EL1').minEl, 1);
    assert.equal(def('CTR_EL0').minEl, 0);
    assert.equal(def('DCZID_EL0').minEl, 0);
    assert.equal(def('TPIDR_EL0').minEl, 0);
    assert.equal(def('NZCV').minEl, 0);
    assert.equal(def('CurrentEL').minEl, 1);
  });

  it('registers QEMU 7.2 -cpu max lacks are absent', () => {
    for (const n of ['TCO', 'ALLINT', 'TCR2_EL1', 'VNCR_EL2', 'HFGRTR_EL2', 'HFGWTR_EL2', 'HFGITR_EL2', 'HDFGRTR_EL2',
      'TRFCR_EL1', 'GCR_EL1', 'RGSR_EL1', 'GMID_EL1', 'CCSIDR2_EL1', 'RVBAR_EL1', 'CNTPOFF_EL2', 'ICH_LR4_EL2']) {
      assert.equal(sysRegByName(n), undefined, n);
    }
  });
});

describe('sysreg registry: QEMU reset values', () => {
  const expect: [string, string][] = [
    ['ID_AA64MMFR0_EL1', '0x32310201126'], ['ID_AA64MMFR1_EL1', '0x11010211122'], ['ID_AA64MMFR2_EL1', '0x1021011010011011'],
    ['ID_AA64PFR0_EL1', '0x1201001121110222'], ['MIDR_EL1', '0xf0510'], ['MPIDR_EL1', '0x80000000'],
    ['ID_AA64PFR1_EL1', '0x1000021'], ['ID_AA64DFR0_EL1', '0x10305609'], ['ID_AA64ISAR0_EL1', '0x1221111110212120'],
    ['ID_AA64ISAR1_EL1', '0x11111101211012'], ['ID_AA64ISAR2_EL1', '0x0'], ['CTR_EL0', '0x8444c004'], ['DCZID_EL0', '0x4'],
    ['CLIDR_EL1', '0x2000023'], ['VPIDR_EL2', '0xf0510'], ['VMPIDR_EL2', '0x80000000'],
    ['SCTLR_EL1', '0xc50838'], ['SCTLR_EL2', '0x0'], ['HCR_EL2', '0x0'], ['MDCR_EL2', '0x6'], ['CNTHCTL_EL2', '0x3'],
    ['CPTR_EL2', '0x0'], ['CNTFRQ_EL0', '0x3b9aca0'], ['PMCR_EL0', '0x41013000'], ['OSLSR_EL1', '0xa'],
    ['ICC_SRE_EL2', '0xf'], ['ICH_VTR_EL2', '0x90b80003'], ['DAIF', '0x3c0'], ['CurrentEL', '0x8'],
  ];
  for (const [n, v] of expect) {
    it(`${n} = ${v}`, () => {
      const [lo, hi] = resetPair(def(n));
      assert.equal(pairToHex(lo, hi), v);
    });
  }
});

describe('sysreg registry: lookup', () => {
  it('by name is case-insensitive', () => {
    assert.equal(sysRegByName('hcr_el2'), sysRegByName('HCR_EL2'));
    assert.equal(sysRegByName('Sctlr_El1')?.name, 'SCTLR_EL1');
    assert.equal(sysRegByName('NO_SUCH_REG'), undefined);
  });

  it('by generic S<op0>_<op1>_C<n>_C<m>_<op2> name', () => {
    assert.equal(sysRegByName('S3_4_C1_C1_0')?.name, 'HCR_EL2');
    assert.equal(sysRegByName('s3_0_c0_c7_0')?.name, 'ID_AA64MMFR0_EL1');
    assert.equal(sysRegByName('S3_0_C0_C7_7')?.name, 'S3_0_C0_C7_7');
    assert.equal(sysRegByName('S2_0_C0_C2_2')?.name, 'MDSCR_EL1');
    assert.equal(sysRegByName('S3_7_C15_C15_7'), undefined);
    assert.equal(sysRegByName('S4_0_C0_C0_0'), undefined);
    assert.equal(sysRegByName('S3_0_C16_C0_0'), undefined);
  });

  it('by key and generic name round-trip', () => {
    for (const d of SYSREG_DEFS) {
      assert.equal(sysRegByKey(sysRegKey(d.op0, d.op1, d.crn, d.crm, d.op2)), d);
      assert.equal(sysRegByName(genericSysRegName(d)), d);
    }
  });
});

describe('sysreg registry: decoding', () => {
  it('hexToPair / pairToHex without BigInt', () => {
    assert.deepEqual(hexToPair('0x0'), [0, 0]);
    assert.deepEqual(hexToPair('0xffffffffffffffff'), [-1, -1]);
    assert.deepEqual(hexToPair('0x1_00000002'), [2, 1]);
    assert.deepEqual(hexToPair('80000000'), [-2147483648, 0]);
    assert.equal(pairToHex(-1, -1), '0xffffffffffffffff');
    assert.equal(pairToHex(0x10, 0x1), '0x100000010');
    assert.throws(() => hexToPair('0x12345678123456789'));
    assert.throws(() => hexToPair('0xzz'));
  });

  it('extractBits across the 32-bit boundary', () => {
    const [lo, hi] = hexToPair('0x0123456789abcdef');
    assert.deepEqual(extractBits(lo, hi, 63, 0), [0x89abcdef, 0x01234567]);
    assert.deepEqual(extractBits(lo, hi, 39, 28), [0x678, 0]);
    assert.deepEqual(extractBits(lo, hi, 63, 60), [0x0, 0]);
    assert.deepEqual(extractBits(lo, hi, 59, 4), [0x789abcde, 0x123456]);
    assert.deepEqual(extractBits(lo, hi, 31, 31), [1, 0]);
  });

  it('HCR_EL2 = 0x80000000 has RW=1 and nothing else', () => {
    const m = decode('HCR_EL2', '0x80000000');
    assert.equal(m.get('RW'), 1);
    for (const [n, v] of m) if (n !== 'RW') assert.equal(v, 0, n);
  });

  it('HCR_EL2 VHE host value (E2H|TGE|RW)', () => {
    const m = decode('HCR_EL2', '0x488000000');
    assert.equal(m.get('E2H'), 1);
    assert.equal(m.get('TGE'), 1);
    assert.equal(m.get('RW'), 1);
    assert.equal(m.get('VM'), 0);
  });

  it('TCR_EL1 typical Linux value', () => {
    // T0SZ=T1SZ=16, 4KB/4KB, WBWA, inner shareable, IPS=48-bit, AS=1, TBI0=1.
    const m = decode('TCR_EL1', '0x00000035b5103510');
    assert.equal(m.get('T0SZ'), 16);
    assert.equal(m.get('T1SZ'), 16);
    assert.equal(m.get('TG0'), 0);
    assert.equal(m.get('TG1'), 2);
    assert.equal(m.get('SH0'), 3);
    assert.equal(m.get('IRGN0'), 1);
    assert.equal(m.get('ORGN1'), 1);
    assert.equal(m.get('IPS'), 5);
    assert.equal(m.get('AS'), 1);
    assert.equal(m.get('TBI0'), 1);
    assert.equal(m.get('TBI1'), 0);
    const [lo, hi] = hexToPair('0x00000035b5103510');
    const tg1 = decodeSysRegFields(def('TCR_EL1'), lo, hi).find((f) => f.name === 'TG1');
    assert.ok(tg1);
    assert.equal(formatField(tg1), 'TG1 [31:30] = 0x2 (4KB)');
    const ips = decodeSysRegFields(def('TCR_EL1'), lo, hi).find((f) => f.name === 'IPS');
    assert.ok(ips);
    assert.equal(formatField(ips), 'IPS [34:32] = 0x5 (48 bits, 256TB)');
  });

  it('TCR_EL2 has both layouts', () => {
    const e2h0 = decode('TCR_EL2', '0x80803520');
    assert.equal(e2h0.get('T0SZ'), 32);
    assert.equal(e2h0.get('PS'), 0);
    assert.equal(e2h0.get('TG0'), 0);
    assert.equal(e2h0.get('SH0'), 3);
    const e2h1 = decode('TCR_EL2', '0x80803520', TCR_EL2_E2H1_FIELDS);
    assert.equal(e2h1.get('EPD1'), 1);
    assert.equal(e2h1.get('TG1'), 2);
    assert.equal(TCR_EL2_E2H1_FIELDS, TCR_EL1_FIELDS);
  });

  it('VTCR_EL2 and VTTBR_EL2', () => {
    // 40-bit IPA, SL0=1 (L1 start for 4KB), inner shareable WBWA, PS=40 bits, RES1 bit 31.
    const m = decode('VTCR_EL2', '0x80023558');
    assert.equal(m.get('T0SZ'), 24);
    assert.equal(m.get('SL0'), 1);
    assert.equal(m.get('IRGN0'), 1);
    assert.equal(m.get('ORGN0'), 1);
    assert.equal(m.get('SH0'), 3);
    assert.equal(m.get('PS'), 2);
    assert.equal(m.get('RES1'), 1);
    const t = decode('VTTBR_EL2', '0x0005000040100000');
    assert.equal(t.get('VMID'), 5);
    assert.equal(t.get('BADDR'), 0x40100000 / 2);
    assert.equal(t.get('CnP'), 0);
  });

  it('ESR_EL2 data abort from a lower EL', () => {
    const [lo, hi] = hexToPair('0x93800046');
    const f = decodeSysRegFields(def('ESR_EL2'), lo, hi);
    const ec = f.find((x) => x.name === 'EC');
    assert.equal(ec?.value, 0x24);
    assert.equal(ec?.meaning, 'Data Abort, lower EL');
    assert.equal(f.find((x) => x.name === 'IL')?.value, 1);
    assert.equal(f.find((x) => x.name === 'ISS')?.value, 0x1800046);
  });

  it('SPSR_EL2 mode names', () => {
    const [lo, hi] = hexToPair('0x3c5');
    const f = decodeSysRegFields(def('SPSR_EL2'), lo, hi);
    assert.equal(f.find((x) => x.name === 'M')?.meaning, 'EL1h');
    assert.equal(f.find((x) => x.name === 'D')?.value, 1);
    assert.equal(f.find((x) => x.name === 'F')?.value, 1);
  });

  it('PAR_EL1 both formats', () => {
    const ok = decode('PAR_EL1', '0xff00000040080f80');
    assert.equal(ok.get('F'), 0);
    assert.equal(ok.get('PA'), 0x40080);
    assert.equal(ok.get('ATTR'), 0xff);
    assert.equal(ok.get('SH'), 3);
    const bad = decode('PAR_EL1', '0x80f', PAR_EL1_FAULT_FIELDS);
    assert.equal(bad.get('F'), 1);
    assert.equal(bad.get('FST'), 0x07);
    assert.equal(bad.get('RES1'), 1);
    assert.equal(bad.get('S'), 0);
  });

  it('ID_AA64MMFR reset decodes to the QEMU -cpu max features', () => {
    const m0 = decode('ID_AA64MMFR0_EL1', def('ID_AA64MMFR0_EL1').reset);
    assert.equal(m0.get('PARange'), 6);
    assert.equal(m0.get('ASIDBits'), 2);
    assert.equal(m0.get('TGran4'), 1);
    assert.equal(m0.get('TGran64'), 0);
    assert.equal(m0.get('TGran16'), 2);
    assert.equal(m0.get('FGT'), 0);
    const m1 = decode('ID_AA64MMFR1_EL1', def('ID_AA64MMFR1_EL1').reset);
    assert.equal(m1.get('VH'), 1);
    assert.equal(m1.get('VMIDBits'), 2);
    assert.equal(m1.get('PAN'), 2);
    assert.equal(m1.get('HAFDBS'), 2);
    assert.equal(m1.get('HCX'), 1);
    const m2 = decode('ID_AA64MMFR2_EL1', def('ID_AA64MMFR2_EL1').reset);
    assert.equal(m2.get('NV'), 0);
    assert.equal(m2.get('IDS'), 1);
    assert.equal(m2.get('BBM'), 2);
    assert.equal(m2.get('E0PD'), 1);
    const p0 = decode('ID_AA64PFR0_EL1', def('ID_AA64PFR0_EL1').reset);
    assert.equal(p0.get('EL2'), 2);
    assert.equal(p0.get('EL3'), 0);
    assert.equal(p0.get('GIC'), 1);
  });

  it('64-bit wide fields give hex and (when <= 53 bits) a number', () => {
    const [lo, hi] = hexToPair('0xfedcba9876543210');
    const elr = decodeSysRegFields(def('ELR_EL2'), lo, hi)[0];
    assert.equal(elr.value, undefined);
    assert.equal(elr.hex, '0xfedcba9876543210');
    assert.equal(formatField(elr), 'ADDR [63:0] = 0xfedcba9876543210');
    const baddr = decodeSysRegFields(def('TTBR0_EL1'), lo, hi).find((f) => f.name === 'BADDR');
    assert.ok(baddr);
    assert.equal(baddr.hex, '0x5d4c3b2a1908');
    assert.equal(baddr.value, 0x5d4c3b2a1908);
  });

  it('formatField for single bits', () => {
    const [lo, hi] = hexToPair('0x1');
    const m = decodeSysRegFields(def('SCTLR_EL2'), lo, hi).find((f) => f.name === 'M');
    assert.ok(m);
    assert.equal(formatField(m), 'M [0] = 0x1');
  });
});
