// Several vCPUs: PSCI CPU_ON starts a secondary at the caller's EL with X0 =
// context id; AFFINITY_INFO reports it; both see their own MPIDR_EL1. Output is
// ordered by a flag in memory, so it is deterministic under QEMU -smp 2 too.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { buildElf, runNvdbg, requireTools, PRINT_HELPERS } from '../util/gnu';

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

${PRINT_HELPERS}
    .section .rodata
s_primary:   .asciz "cpu0: CPU_ON, MPIDR, AFFINITY_INFO, CPU_ON again = "
s_secondary: .asciz "cpu1: context, MPIDR, CurrentEL = "
s_nl:        .asciz "\n"
    .data
    .balign 8
exit_block: .quad 0x20026, 0
flag:       .word 0
    .balign 8
hexbuf:     .space 24
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
