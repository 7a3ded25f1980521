// The host hypervisor model against the seed patch's review points and the upstream
// fixes of nv-semantics.md section 7. Each program is a guest hypervisor assembled by the
// built-in assembler and run under the host model; the architectural answer (bare mode,
// whose PAR values the QEMU differential tests establish) is the reference.
import { strict as assert } from 'assert';
import { Machine } from '../../src/engine/machine';
import { assemble } from '../../src/engine/isa/asm';
import { writeElf } from '../../src/engine/loader/elf-writer';
import { parseElf } from '../../src/engine/loader/elf';
import { HostEvent, AtEmulation, AtPolicy } from '../../src/engine/host/events';
import { R } from '../../src/engine/cpu/pe';
import { sysRegIndex } from '../../src/engine/cpu/sysregs/file';

/** A test program's start at (virtual) EL2: a stack at `sp`, VBAR_EL2 = vectors, HCR_EL2.RW. */
const l1Start = (sp: string): string => `    ldr x0, =${sp}\n    mov sp, x0\n    ldr x0, =vectors\n    msr vbar_el2, x0\n    ldr x0, =(1 << 31)\n    msr hcr_el2, x0`;
/** ERET from (virtual) EL2 into EL1h, DAIF masked, at `label`. */
const eretTo = (label: string): string => `    mov x0, #0x3c5\n    msr spsr_el2, x0\n    ldr x0, =${label}\n    msr elr_el2, x0\n    eret`;

interface Run { out: string; events: HostEvent[]; m: Machine }

function run(src: string, nested: AtPolicy | undefined, cpus = 1, host: { ipaOffset?: number; shadowMmusPerVcpu?: number } = {}): Run {
  const a = assemble({ read: (p) => (p === 'g.S' ? src : undefined) }, 'g.S');
  assert.ok(a.ok, a.diagnostics.map((d) => `${d.line}: ${d.message}`).join('\n'));
  let out = '';
  const m = new Machine({ output: (b) => { out += Buffer.from(b).toString('latin1'); }, memoryMiB: 64, cpus, nested: nested === undefined ? undefined : { policy: nested, ...host } });
  m.load(parseElf(writeElf(a.image, a.symbols, a.entry), 'g.elf'), 'g.elf');
  const events: HostEvent[] = [];
  if (m.host !== undefined) m.host.onEvent = (e) => { events.push(e); };
  const r = m.run(5_000_000);
  assert.equal(r.kind, 'exit', JSON.stringify(r) + out);
  return { out, events, m };
}

const ats = (r: Run): AtEmulation[] => r.events.filter((e): e is AtEmulation => e.kind === 'at');

/** Exit through semihosting; x0 holds the value the test reads back from PAR_EL1 or memory. */
const EXIT = `
    ldr     x1, =exit_block
    str     x0, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000
    .data
    .balign 8
exit_block: .quad 0x20026, 0
`;

/**
 * A 4K, 3-level EL1&0 stage 1 (T0SZ = 25: 39-bit VA, start level 1) with
 *   VA 0x0000_0000 + 1G block  -> PA 0x4000_0000, AP = EL1 RW only
 *   VA 0x8000_0000 page table: page 0 -> PA 0x4000_0000 AP = EL0+EL1 RW,
 *                              page 1 -> PA 0x4000_1000 AP = EL0+EL1 RO, page 2 AF = 0.
 */
const STAGE1 = `
    .equ    L1, 0x40200000
    .equ    L2, 0x40201000
    .equ    L3, 0x40202000
    ldr     x0, =L1
    mov     x1, #(3 * 512)
9:  str     xzr, [x0], #8
    subs    x1, x1, #1
    b.ne    9b
    ldr     x0, =L1
    ldr     x1, =(0x40000000 | (1 << 10) | (3 << 8) | 1)
    str     x1, [x0]
    ldr     x1, =(L2 | 3)
    str     x1, [x0, #16]
    ldr     x0, =L2
    ldr     x1, =(L3 | 3)
    str     x1, [x0]
    ldr     x0, =L3
    ldr     x1, =(0x40000000 | (1 << 10) | (3 << 8) | (1 << 6) | 3)
    str     x1, [x0]
    ldr     x1, =(0x40001000 | (1 << 10) | (3 << 8) | (3 << 6) | 3)
    str     x1, [x0, #8]
    ldr     x1, =(0x40002000 | (3 << 8) | 3)
    str     x1, [x0, #16]
    ldr     x0, =0xff
    msr     mair_el1, x0
    ldr     x0, =((1 << 23) | (3 << 12) | (1 << 10) | (1 << 8) | 25)
    msr     tcr_el1, x0
    ldr     x0, =L1
    msr     ttbr0_el1, x0
    ldr     x0, =0x30d01805
    msr     sctlr_el1, x0
    isb
`;

/**
 * A guest hypervisor that enters a trivial guest `rounds` times, each time with the VTTBR_EL2
 * that `vttbr` (assembly computing x1 from the round number in x19) selects; the guest
 * returns with HVC at once.
 */
function guestLoop(vttbr: string, rounds: number): string {
  return `    .text\n    .global _start\n_start:
${l1Start('0x40100000')}
    mov x19, #0
loop:
${vttbr}
    msr vttbr_el2, x1
${eretTo('guest')}
back:
    add x19, x19, #1
    cmp x19, #${rounds}
    b.ne loop
    mov x0, #0
${EXIT}
    .text
guest:
    hvc #0
    .balign 2048
vectors:
    .skip 0x400
    b back
`;
}

function atProgram(ops: string): string {
  return `    .text\n    .global _start\n_start:\n    ldr x0, =0x40100000\n    mov sp, x0\n${STAGE1}${ops}\n    mrs x0, par_el1\n${EXIT}`;
}


describe('host model: AT from virtual EL2', () => {
  it('every AT S1E1* from vEL2 traps to the host (HCR_EL2.AT) and is emulated with the architectural PAR (upstream)', () => {
    const src = atProgram('    mov x2, #0x1000\n    at s1e1r, x2\n    isb');
    const bare = run(src, undefined);
    const nested = run(src, 'upstream');
    assert.equal(nested.m.pes[0].sys.lo(R.PAR_EL1), bare.m.pes[0].sys.lo(R.PAR_EL1));
    const e = ats(nested);
    assert.equal(e.length, 1);
    assert.equal(e[0].op, 'S1E1R');
    assert.equal(e[0].path, 'slow', 'no L2 has run: lookup_s2_mmu fails and the software walker answers');
    assert.equal(e[0].divergent, false);
  });

  it('review point: patch-v6 leaves PAR_EL1 stale when the shadow MMU lookup fails; upstream always writes it', () => {
    const src = atProgram('    ldr x3, =0x1234000\n    msr par_el1, x3\n    mov x2, #0x1000\n    at s1e1r, x2\n    isb');
    const v6 = run(src, 'patch-v6');
    assert.equal(v6.m.pes[0].sys.lo(R.PAR_EL1), 0x1234000, 'the value written before the AT survives');
    const e = ats(v6)[0];
    assert.equal(e.par, undefined);
    assert.equal(e.path, 'fast-failed');
    assert.ok(e.divergent);
    const up = run(src, 'upstream');
    assert.equal(up.m.pes[0].sys.lo(R.PAR_EL1), ats(up)[0].archPar![0]);
  });

  it('review point: PAN for S1E1RP under patch-v6 applies only with virtual E2H = 1, answered with the hard-coded PAR 0x1f', () => {
    // E2H = 0, PAN = 1, EL0-accessible page: the architecture refuses RP (permission fault, level 3), patch-v6 ignores PAN.
    const e2h0 = atProgram('    msr pan, #1\n    ldr x2, =0x80000000\n    at s1e1rp, x2\n    isb');
    const arch = run(e2h0, undefined).m.pes[0].sys.lo(R.PAR_EL1);
    assert.equal(arch & 0x7f, 0x1f, 'the architecture: F = 1, FST = permission fault level 3');
    assert.equal(arch & (1 << 11), 1 << 11, 'QEMU sets RES1 bit 11');
    const v6 = ats(run(e2h0, 'patch-v6'))[0];
    // No shadow MMU: the lookup fails first (stale PAR); the PAN rule never runs.
    assert.equal(v6.par, undefined);
    const up = run(e2h0, 'upstream');
    assert.equal(up.m.pes[0].sys.lo(R.PAR_EL1), arch);
  });

  it('regression "Fix ATS12 handling of single-stage translation": with HCR_EL2.{VM,DC} = {0,0} AT S12E1R returns the stage-1 result', () => {
    const src = atProgram('    mov x2, #0x1000\n    at s12e1r, x2\n    isb');
    const bare = run(src, undefined).m.pes[0].sys.lo(R.PAR_EL1);
    const n = run(src, 'upstream');
    assert.equal(n.m.pes[0].sys.lo(R.PAR_EL1), bare);
    assert.equal(bare & 1, 0);
    assert.equal(bare & ~0xfff, 0x40001000 & ~0xfff | 0, 'VA 0x1000 in the 1G block -> PA 0x40001000');
  });

  it('regression "Teach address translation about access faults": an AF fault is reported as such (FST 0x0b), not a translation fault', () => {
    const src = atProgram('    ldr x2, =0x80002000\n    at s1e1r, x2\n    isb');
    const n = run(src, 'upstream');
    const par = n.m.pes[0].sys.lo(R.PAR_EL1);
    assert.equal((par >>> 1) & 0x3f, 0x0b);
    assert.equal(ats(n)[0].divergent, false);
  });

  it('AT from vEL2 writes the live PAR_EL1 ("Fix vcpu_{read,write}_sys_reg() accessors"): an MRS right after reads it', () => {
    const src = atProgram('    ldr x2, =0x80001000\n    at s1e1w, x2\n    isb\n    mrs x4, par_el1\n    mov x0, x4');
    const n = run(src, 'upstream');
    const par = n.m.pes[0].sys.lo(R.PAR_EL1);
    assert.equal((par >>> 1) & 0x3f, 0x0f, 'write to a read-only page: permission fault, level 3');
  });
});

describe('host model: virtual EL2 registers and context', () => {
  it('CurrentEL reads 2 at virtual EL2 (FEAT_NV) while the PE runs at EL1', () => {
    const src = `    .text\n    .global _start\n_start:\n    mrs x5, CurrentEL\n    mov x0, #0\n${EXIT}`;
    const n = run(src, 'upstream');
    assert.equal(n.m.pes[0].el, 1);
    assert.equal(n.m.pes[0].x[10], 2 << 2);
  });

  it('EL2 register writes land in the virtual EL2 file, not the PE; the PE runs with the host HCR_EL2 (NV, NV1, AT, TTLB, TVM/TRVM for E2H = 0)', () => {
    const src = `    .text\n    .global _start\n_start:\n    ldr x0, =0x40080800\n    msr vbar_el2, x0\n    ldr x0, =0x80000000\n    msr hcr_el2, x0\n    mov x0, #0\n${EXIT}`;
    const n = run(src, 'upstream');
    const v = n.m.host!.vcpus[0];
    assert.equal(v.el2.lo(R.VBAR_EL2) >>> 0, 0x40080800);
    assert.equal(n.m.pes[0].sys.lo(R.VBAR_EL2), 0, 'the physical VBAR_EL2 is the host\'s');
    const hcrHi = n.m.pes[0].sys.hi(R.HCR_EL2), hcrLo = n.m.pes[0].sys.lo(R.HCR_EL2);
    assert.equal((hcrHi >>> (42 - 32)) & 7, 7, 'NV, NV1, AT');
    assert.equal((hcrLo >>> 25) & 1, 1, 'TTLB');
    assert.equal((hcrLo >>> 26) & 1, 1, 'TVM');
    assert.equal((hcrLo >>> 30) & 1, 1, 'TRVM');
    assert.ok(n.events.some((e) => e.kind === 'sysreg' && e.name === 'HCR_EL2' && !e.read));
  });

  it('with virtual E2H = 1, EL1 register names at vEL2 address the EL2 copies; *_EL12 reach the guest\'s EL1 registers', () => {
    const src = `    .text\n    .global _start\n_start:
    ldr x0, =((1 << 34) | (1 << 31))
    msr hcr_el2, x0
    isb
    ldr x1, =0x11000
    msr ttbr0_el1, x1          // = TTBR0_EL2 under E2H
    ldr x1, =0x22000
    msr ttbr0_el12, x1         // = the guest's TTBR0_EL1
    mrs x2, ttbr0_el2
    mrs x3, ttbr0_el12
    add x0, x2, x3
${EXIT}`;
    const n = run(src, 'upstream');
    const v = n.m.host!.vcpus[0];
    v.put();
    assert.equal(v.el2.lo(sysRegIndex('TTBR0_EL2')), 0x11000);
    assert.equal(v.el1.lo(sysRegIndex('TTBR0_EL1')), 0x22000);
    assert.equal(n.m.pes[0].x[4] + n.m.pes[0].x[6], 0x33000, 'x2 + x3 as read back');
  });

  it('an ERET from vEL2 to EL1 allocates a shadow stage-2 MMU (VMID tagged) and runs the guest on it; HVC returns to vEL2', () => {
    const src = `    .text\n    .global _start\n_start:
${l1Start('0x40100000')}
${eretTo('guest')}
guest:
    mov x7, #42
    hvc #3
    .balign 2048
vectors:
    .skip 0x400
    mrs x5, esr_el2
    mov x0, #0
${EXIT}`;
    const n = run(src, 'upstream');
    assert.equal(n.m.pes[0].x[10] >>> 0, 0x5a000003, 'ESR_EL2 of the HVC, as the guest hypervisor read it');
    assert.equal(n.m.pes[0].x[14], 42);
    const kinds = n.events.map((e) => e.kind);
    assert.ok(kinds.includes('eret') && kinds.includes('shadow-mmu') && kinds.includes('s2-fault') && kinds.includes('inject'));
    const mmu = n.m.host!.mmus[0];
    assert.equal(mmu.valid, true);
    assert.equal(mmu.nestedStage2Enabled, false, 'virtual HCR_EL2.VM = 0: the shadow maps L2 IPA = L1 IPA');
    assert.equal(mmu.refcnt, 0, 'the reference is dropped when L2 stops running');
    assert.ok(mmu.pages.size >= 1);
  });
});

describe('host model: shadow stage-2 MMU recycling', () => {
  it('more stage-2 contexts than MMUs: round-robin eviction of unreferenced MMUs, each unmapped before reuse (pending_unmap)', () => {
    // Three VMIDs in turn on one vCPU (2 shadow MMUs): the third evicts the first, the first then evicts the second.
    const src = guestLoop('    and x1, x19, #3\n    cmp x1, #3\n    csel x1, xzr, x1, eq\n    lsl x1, x1, #48', 6);
    const n = run(src, 'upstream');
    const mm = n.events.filter((e) => e.kind === 'shadow-mmu');
    const evicts = mm.filter((e) => e.kind === 'shadow-mmu' && e.action === 'evict');
    assert.ok(evicts.length >= 2, JSON.stringify(mm));
    // Every eviction is followed by an unmap of the same MMU before the guest runs on it.
    for (const ev of evicts) {
      const i = mm.indexOf(ev);
      assert.ok(mm.slice(i).some((e) => e.kind === 'shadow-mmu' && e.action === 'unmap' && e.mmu === (ev as { mmu: number }).mmu));
    }
    assert.deepEqual(n.m.host!.mmus.map((m) => m.refcnt), [0, 0]);
  });
});

describe('host model: configuration (host stage 2 for L1, shadow MMUs per vCPU)', () => {
  /** L1 reads 8 bytes at `addr` at vEL2; its vector stores ESR_EL2 in x5. */
  const probe = (addr: string): string => `    .text\n    .global _start\n_start:
    ldr x0, =0x40100000
    mov sp, x0
    ldr x0, =vectors
    msr vbar_el2, x0
    mov x5, #0
    ldr x1, =${addr}
    ldr x6, [x1]
    mov x0, #0
${EXIT}
    .text
    .balign 2048
vectors:
    .skip 0x200
    mrs x5, esr_el2
    mov x0, #1
    ldr x1, =exit_block
    str x0, [x1, #8]
    mov w0, #0x18
    hlt #0xf000
`;

  it('with an IPA offset, L1 runs unchanged while its RAM sits at PA = IPA + offset', () => {
    const src = atProgram('    ldr x1, =0x40300000\n    ldr x2, =0x1234abcd\n    str x2, [x1]\n    mov x2, #0x1000\n    at s1e1r, x2\n    isb');
    const off = 0x1000_0000;
    const bare = run(src, undefined);
    const n = run(src, 'upstream', 1, { ipaOffset: off });
    assert.equal(n.m.pes[0].sys.lo(R.PAR_EL1), bare.m.pes[0].sys.lo(R.PAR_EL1), 'PAR_EL1 holds L1\'s view of PAs (IPAs)');
    const dv = n.m.mem.dv;
    assert.equal(dv.getUint32(0x4030_0000 + off - n.m.mem.ramBase, true), 0x1234abcd, 'the store landed at IPA + offset');
    assert.equal(dv.getUint32(0x4030_0000 - n.m.mem.ramBase, true), 0, 'not at PA = IPA');
  });

  it('the host\'s own memory is out of L1\'s reach: a load beyond L1\'s RAM is an external abort, as on bare hardware', () => {
    // 64 MiB of RAM: 0x44000000 is where the host's shadow tables start in nested mode.
    const bare = run(probe('0x44000000'), undefined);
    for (const ipaOffset of [0, 0x20_0000]) {
      const n = run(probe('0x44000000'), 'upstream', 1, { ipaOffset });
      assert.equal(n.m.pes[0].x[10] >>> 0, bare.m.pes[0].x[10] >>> 0, `ESR_EL2 with IPA offset 0x${ipaOffset.toString(16)}`);
    }
    assert.equal((bare.m.pes[0].x[10] >>> 26) & 0x3f, 0x25, 'data abort at the current EL');
    assert.equal(bare.m.pes[0].x[10] & 0x3f, 0x10, 'synchronous external abort');
  });

  it('one shadow MMU per vCPU: two alternating guest VMIDs evict each other on every entry', () => {
    const src = guestLoop('    and x1, x19, #1\n    lsl x1, x1, #48', 4);
    const one = run(src, 'upstream', 1, { shadowMmusPerVcpu: 1 });
    const two = run(src, 'upstream', 1, { shadowMmusPerVcpu: 2 });
    const evictions = (r: Run): number => r.events.filter((e) => e.kind === 'shadow-mmu' && e.action === 'evict').length;
    assert.equal(one.m.host!.mmus.length, 1);
    assert.equal(evictions(one), 3, 'entries 2, 3 and 4 each recycle the only MMU');
    assert.equal(evictions(two), 0, 'two MMUs hold both contexts');
  });

  it('rejects a host configuration that cannot work', () => {
    assert.throws(() => new Machine({ output: () => {}, nested: { policy: 'upstream', ipaOffset: 0x1000 } }), /multiple of 2 MiB/);
    assert.throws(() => new Machine({ output: () => {}, nested: { policy: 'upstream', shadowMmusPerVcpu: 0 } }), /1\.\.16/);
    assert.throws(() => new Machine({ output: () => {}, entryEl: 1, nested: { policy: 'upstream' } }), /virtual EL2/);
  });
});

describe('host model: regressions of section 7 in the host itself', () => {
  it('"Keep reference on stage-2 MMU when scheduled out": the MMU a running L2 uses is never recycled by another vCPU', () => {
    // cpu1 enters its guest (VMID 9) and stays there; cpu0 then cycles through four VMIDs while
    // only three MMUs are free, so it recycles its own repeatedly but never cpu1's.
    const src = `    .text\n    .global _start\n_start:
${l1Start('0x40100000')}
    ldr x0, =0xc4000003
    mov x1, #1
    ldr x2, =cpu1
    mov x3, #0
    smc #0
    ldr x5, =100000
1:  subs x5, x5, #1
    b.ne 1b
    mov x19, #0
loop:
    and x1, x19, #3
    add x1, x1, #1
    lsl x1, x1, #48
    msr vttbr_el2, x1
${eretTo('guest')}
back:
    add x19, x19, #1
    cmp x19, #12
    b.ne loop
    mov x0, #0
${EXIT}
    .text
cpu1:
${l1Start('0x40110000')}
    ldr x1, =(9 << 48)
    msr vttbr_el2, x1
${eretTo('spin')}
spin:
    b spin
guest:
    hvc #0
    .balign 2048
vectors:
    .skip 0x400
    b back
`;
    const n = run(src, 'upstream', 2);
    const host = n.m.host!;
    const held = host.mmus.find((m) => m.valid && m.guestVmid() === 9);
    assert.ok(held !== undefined, 'cpu1\'s guest VMID 9 has its MMU');
    assert.equal(held.refcnt, 1, 'cpu1 still runs L2 on it');
    const evicted = n.events.filter((e) => e.kind === 'shadow-mmu' && e.action === 'evict');
    assert.ok(evicted.length >= 4, 'cpu0 recycled MMUs');
    assert.ok(evicted.every((e) => e.kind === 'shadow-mmu' && e.guestVmid !== 9), 'never the one cpu1 holds');
  });

  it('review point "no need to load the guest VTCR_EL2": once L2 has run, AT S1E1R from vEL2 takes the fast path on the shadow stage 2 (the host\'s VTCR) and agrees with the architecture', () => {
    const src = atProgram(`    ldr x0, =vectors
    msr vbar_el2, x0
    ldr x0, =((1 << 31) | 1)
    msr hcr_el2, x0
    // an identity stage 2 (4K, 32-bit IPA, level-1 blocks), the guest's VTCR different from the host's
    ldr x1, =0x40300000
    ldr x3, =(0x40000000 | (1 << 10) | (3 << 8) | (3 << 6) | (0xf << 2) | 1)
    str x3, [x1, #8]
    ldr x0, =((1 << 31) | (3 << 12) | (1 << 10) | (1 << 8) | (1 << 6) | 32)
    msr vtcr_el2, x0
    msr vttbr_el2, x1
    mov x0, #0x3c5
    msr spsr_el2, x0
    ldr x0, =guest
    mov x1, #0x40000000            // L2's stage 1 maps VA 0..1G to PA 0x40000000
    sub x0, x0, x1
    msr elr_el2, x0
    eret
guest:
    hvc #0
    .balign 2048
vectors:
    .skip 0x400
    mov x2, #0x1000
    at s1e1r, x2
    isb`);
    const n = run(src, 'upstream');
    const e = ats(n);
    assert.equal(e.length, 1);
    assert.equal(e[0].path, 'fast', e[0].reason);
    assert.equal(e[0].divergent, false);
    assert.equal(n.m.pes[0].sys.lo(R.PAR_EL1), e[0].archPar![0]);
  });
});
