// Programs whose output the architecture defines print the same under nvdbg
// and QEMU 7.2 (the reference). Each case is a small GNU-as program built
// with the oracle harness and run under both.
import { strict as assert } from 'assert';
import * as path from 'path';
import { sharedDir } from '../util/paths';
import { buildElf, runNvdbg, runQemu, PRELUDE } from '../util/gnu';
import * as fs from 'fs';

function agree(name: string, body: string, extraArgs: string[] = []): { nv: string; qemu: string } {
  const elf = buildElf(PRELUDE + body, name);
  const q = runQemu(elf);
  const n = runNvdbg(['run', elf, '--max-insns', '50000000', ...extraArgs]);
  assert.equal(n.stdout, q.stdout, `${name}: nvdbg and QEMU differ\n--- nvdbg stderr:\n${n.stderr}`);
  assert.equal(n.status, q.status, `${name}: exit status nvdbg ${n.status} vs QEMU ${q.status}`);
  return { nv: n.stdout, qemu: q.stdout };
}

describe('QEMU agreement: harness programs', () => {
  for (const f of ['hello_idregs.S', 'uart_hello.S']) {
    it(`${f} prints byte-identical output`, () => {
      const elf = buildElf(fs.readFileSync(path.join(sharedDir(), 'oracle/harness', f), 'utf8'), f.replace('.S', ''));
      const q = runQemu(elf);
      const n = runNvdbg(['run', elf]);
      assert.ok(q.stdout.length > 20, 'QEMU printed nothing');
      assert.equal(n.stdout, q.stdout);
      assert.equal(n.status, q.status);
    });
  }
});

/**
 * The timers' ISTATUS and TVAL (Arm ARM D11.2.4) on all four EL1/EL2 timers, in ways that do not
 * depend on the counter's value (QEMU's counts time, nvdbg's counts instructions): CVAL 0 and
 * enabled (met), CVAL all-ones (not met), disabled (ISTATUS 0), TVAL 2^30 (not met, TVAL in
 * (0, 2^30]) and TVAL -16 (met).
 */
function timerProgram(timer: string): string {
  const r = (reg: string): string => `${timer}_${reg}_${/^cnth/.test(timer) ? 'el2' : 'el0'}`;
  return String.raw`
main:
    msr     ${r('cval')}, xzr
    mov     x0, #1
    msr     ${r('ctl')}, x0
    isb
    mrs     x0, ${r('ctl')}
    bl      puthex
    mov     x1, #-1
    msr     ${r('cval')}, x1
    isb
    mrs     x0, ${r('ctl')}
    bl      puthex
    msr     ${r('cval')}, xzr
    msr     ${r('ctl')}, xzr
    isb
    mrs     x0, ${r('ctl')}
    bl      puthex
    mov     x0, #1
    msr     ${r('ctl')}, x0
    mov     x1, #0x40000000
    msr     ${r('tval')}, x1
    isb
    mrs     x0, ${r('ctl')}
    bl      puthex
    mrs     x2, ${r('tval')}
    mov     x1, #0x40000000
    cmp     x2, #0
    ccmp    x2, x1, #2, gt
    cset    x0, le
    bl      puthex
    mov     x1, #-16
    msr     ${r('tval')}, x1
    isb
    mrs     x0, ${r('ctl')}
    bl      puthex
    adr     x0, s_nl
    bl      puts
    mov     x0, #0
    b       exit
`;
}

describe('QEMU agreement: generic timers', () => {
  for (const timer of ['cntp', 'cntv', 'cnthp', 'cnthv']) {
    it(`${timer.toUpperCase()}: ISTATUS and TVAL as QEMU 7.2 gives them, bare and as a guest hypervisor at virtual EL2`, () => {
      const { nv } = agree('timer-' + timer, timerProgram(timer));
      assert.equal(nv.trim(), ['5', '1', '0', '1', '1', '5'].map((d) => d.padStart(16, '0')).join(''));
      const elf = buildElf(PRELUDE + timerProgram(timer), 'timer-' + timer);
      const nested = runNvdbg(['run', '--nested', elf]);
      assert.equal(nested.stdout, nv, `--nested differs\n${nested.stderr}`);
    });
  }
});

describe('QEMU agreement: semihosting', () => {
  it('SYS_WRITE0 of a string that crosses a page boundary into a page mapped elsewhere (EL2 stage 1 on)', () => {
    const prog = String.raw`
main:
    ldr     x1, =0x40300000         // L1
    ldr     x2, =0x40301000         // L2 for VA 0x80000000
    ldr     x3, =0x40302000         // L3
    ldr     x4, =(0x40000000 | (1 << 10) | (3 << 8) | 1)
    str     x4, [x1, #8]            // L1[1]: VA 0x40000000 1 GiB identity block
    orr     x4, x2, #3
    str     x4, [x1, #16]           // L1[2] -> L2
    orr     x4, x3, #3
    str     x4, [x2]                // L2[0] -> L3
    ldr     x4, =(0x40201000 | (1 << 10) | (3 << 8) | 3)
    str     x4, [x3]                // VA 0x80000000 -> PA 0x40201000
    ldr     x4, =(0x40200000 | (1 << 10) | (3 << 8) | 3)
    str     x4, [x3, #8]            // VA 0x80001000 -> PA 0x40200000
    ldr     x4, =0x202c6f6c6c654858 // "XHello, " at PA 0x40201ff8: the string starts at VA 0x80000ff9
    ldr     x5, =0x40201ff8
    str     x4, [x5]
    ldr     x4, =0x000a21646c726f77 // "world!\n" and its NUL at PA 0x40200000 (VA 0x80001000)
    ldr     x5, =0x40200000
    str     x4, [x5]
    mov     x0, #0xff
    msr     mair_el2, x0
    ldr     x0, =(32 | (1 << 8) | (1 << 10) | (3 << 12) | (2 << 16) | (1 << 23) | (1 << 31))
    msr     tcr_el2, x0             // T0SZ=32 (start level 1), 4K, WB walks, PS=40 bits
    msr     ttbr0_el2, x1
    isb
    mrs     x0, sctlr_el2
    orr     x0, x0, #1
    msr     sctlr_el2, x0
    isb
    ldr     x0, =0x80000ff9
    bl      puts
    mov     x0, #0
    b       exit
`;
    const { nv } = agree('write0-pages', prog);
    assert.equal(nv, 'Hello, world!\n');
    const nested = runNvdbg(['run', '--nested', buildElf(PRELUDE + prog, 'write0-pages')]);
    assert.equal(nested.stdout, nv, `--nested differs\n${nested.stderr}`);
  });
});

describe('QEMU agreement: exceptions', () => {
  it('an UNDEFINED encoding raises EC 0x00 at EL2', () => {
    const { nv } = agree('undef', `main:\n    .inst 0x00000000\n    mov x0, #0\n    b exit\n`);
    assert.match(nv, /EXC esr=0*2000000 /);
  });
  it('AT S1E1A and AT S1E2A are UNDEFINED, as on QEMU 7.2 -cpu max (ID_AA64ISAR2_EL1.ATS1A = 0: no FEAT_ATS1A)', () => {
    // GNU as 2.40 does not know the names: the SYS forms of op1 0 / 4, CRn 7, CRm 9, op2 2.
    for (const [name, insn] of [['s1e1a', 'sys #0, c7, c9, #2, x1'], ['s1e2a', 'sys #4, c7, c9, #2, x1']]) {
      const { nv } = agree('at-' + name, `main:\n    mov x1, #0x1000\n    ${insn}\n    mov x0, #0\n    b exit\n`);
      assert.match(nv, /EXC esr=0*2000000 /);
    }
  });
  it('a branch to unmapped memory takes an instruction abort (SEA) with FAR', () => {
    const { nv } = agree('br-unmapped', `main:\n    ldr x0, =0x60000000\n    br x0\n`);
    assert.match(nv, /EXC esr=0*86000010 far=0*60000000/);
  });
  it('a load from unmapped memory takes a data abort (SEA) with FAR', () => {
    agree('ld-unmapped', `main:\n    ldr x1, =0x60000008\n    ldr x2, [x1]\n    mov x0, #0\n    b exit\n`);
  });
  it('SVC, HVC, BRK and HLT at EL2 report their syndromes', () => {
    for (const insn of ['svc #0x1234', 'hvc #0x42', 'brk #0x7', 'hlt #0x1']) agree('exc-' + insn.split(' ')[0], `main:\n    ${insn}\n    mov x0, #0\n    b exit\n`);
  });
  it('ERET to EL1, SVC at EL1, HVC back to EL2 and an EL1 data abort', () => {
    agree('el1-roundtrip', String.raw`
main:
    mov     x0, #(1 << 31)          // HCR_EL2.RW
    msr     hcr_el2, x0
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =0x400ff000
    msr     sp_el1, x0
    mov     x0, #0x3c5              // EL1h, DAIF masked
    msr     spsr_el2, x0
    adr     x0, el1_entry
    msr     elr_el2, x0
    isb
    eret
el1_entry:
    mrs     x9, CurrentEL
    svc     #0x55
    ldr     x1, =0x60000010
    ldr     x2, [x1]
    hvc     #0x99
    b       .
    .balign 2048
el1_vectors:
    .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    mov     x26, #\n
    b       el1_report
    .endr
el1_report:
    mrs     x10, esr_el1
    mrs     x11, far_el1
    mrs     x12, elr_el1
    mrs     x13, spsr_el1
    lsr     x14, x10, #26
    cmp     x14, #0x15
    b.eq    1f
    add     x12, x12, #4            // skip the faulting instruction
    msr     elr_el1, x12
1:  adr     x0, s_el1
    bl      puts
    mov     x0, x10
    bl      puthex
    mov     x0, x13
    bl      puthex
    mov     x0, x26
    bl      puthex
    adr     x0, s_nl
    bl      puts
    eret
    .section .rodata
s_el1: .asciz "EL1 exception "
    .text
`);
  });
});
