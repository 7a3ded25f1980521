// Several vCPUs: PSCI CPU_ON starts a secondary at the caller's EL with X0 =
// context id; AFFINITY_INFO reports it; both see their own MPIDR_EL1. Output is
// ordered by a flag in memory, so it is deterministic under QEMU -smp 2 too.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { buildElf, runNvdbg, requireTools } from '../util/gnu';

const PROGRAM = String.raw`
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =0x40100000
    mov     sp, x0
    ldr     w0, =0xc4000003         // PSCI CPU_ON
    mov     x1, #1                  // target MPIDR (Aff0 = 1)
    adr     x2, secondary
    ldr     x3, =0x1234             // context id
    smc     #0
    mov     x19, x0                 // PSCI return code
    adr     x20, flag
1:  ldar    w1, [x20]
    cbz     w1, 1b
    adr     x0, s_primary
    bl      puts
    mov     x0, x19
    bl      puthex
    mrs     x0, mpidr_el1
    bl      puthex
    ldr     w0, =0xc4000004         // AFFINITY_INFO(1): 0 = ON
    mov     x1, #1
    mov     x2, #0
    smc     #0
    bl      puthex
    ldr     w0, =0xc4000003         // CPU_ON again: ALREADY_ON (-4)
    mov     x1, #1
    adr     x2, secondary
    smc     #0
    bl      puthex
    adr     x0, s_nl
    bl      puts
    adr     x1, exit_block
    mov     w0, #0x18
    hlt     #0xf000

secondary:
    mov     x21, x0                 // context id
    ldr     x0, =0x400f0000
    mov     sp, x0
    adr     x0, s_secondary
    bl      puts
    mov     x0, x21
    bl      puthex
    mrs     x0, mpidr_el1
    bl      puthex
    mrs     x0, CurrentEL
    bl      puthex
    adr     x0, s_nl
    bl      puts
    adr     x20, flag
    mov     w1, #1
    stlr    w1, [x20]
2:  wfe
    b       2b

puts:
    mov     x1, x0
    mov     w0, #0x04
    hlt     #0xf000
    ret
puthex:                              // prints x0 as 16 hex digits + space; clobbers x1-x7
    mov     x8, x30
    adr     x3, hexbuf
    cmp     x21, #0
    mrs     x9, mpidr_el1
    and     x9, x9, #0xff
    add     x3, x3, x9, lsl #5      // one buffer per CPU
    mov     x10, x3
    mov     x5, x0
    mov     x4, #60
1:  lsr     x6, x5, x4
    and     x6, x6, #0xf
    add     x7, x6, #'0'
    cmp     x6, #10
    add     x6, x6, #('a' - 10)
    csel    x6, x7, x6, lo
    strb    w6, [x3], #1
    subs    x4, x4, #4
    b.ge    1b
    mov     w6, #' '
    strb    w6, [x3], #1
    strb    wzr, [x3]
    mov     x1, x10
    mov     w0, #0x04
    hlt     #0xf000
    ret     x8

    .section .rodata
s_primary:   .asciz "cpu0: CPU_ON, MPIDR, AFFINITY_INFO, CPU_ON again = "
s_secondary: .asciz "cpu1: context, MPIDR, CurrentEL = "
s_nl:        .asciz "\n"
    .data
    .balign 8
exit_block: .quad 0x20026, 0
flag:       .word 0
    .balign 8
hexbuf:     .space 64
`;

describe('several vCPUs (PSCI)', () => {
  it('CPU_ON, AFFINITY_INFO, ALREADY_ON and per-CPU MPIDR_EL1 match QEMU -smp 2', () => {
    requireTools('qemu-system-aarch64');
    const elf = buildElf(PROGRAM, 'smp');
    const q = spawnSync('timeout', ['30', 'qemu-system-aarch64', '-machine', 'virt,virtualization=on,gic-version=3', '-cpu', 'max', '-smp', '2', '-m', '256M',
      '-nographic', '-monitor', 'none', '-chardev', 'stdio,mux=on,id=con0', '-serial', 'chardev:con0',
      '-semihosting-config', 'enable=on,target=native,chardev=con0', '-kernel', elf], { encoding: 'latin1', input: '' });
    const n = runNvdbg(['run', elf, '--cpus', '2', '--max-insns', '5000000']);
    const qout = q.stdout.replace(/\r/g, '');
    assert.match(qout, /cpu1: context, MPIDR, CurrentEL = 0000000000001234 0000000080000001 0000000000000008/);
    assert.equal(n.stdout, qout, `nvdbg stderr: ${n.stderr}`);
    assert.equal(n.status, q.status);
  });
});
