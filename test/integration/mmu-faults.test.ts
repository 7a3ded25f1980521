// Translation faults taken as exceptions agree with QEMU 7.2: EL1 stage-1 faults
// to EL1, stage-2 faults to EL2 with HPFAR_EL2 and the instruction syndrome,
// stage-2 faults on a stage-1 table walk (S1PTW), permission faults on writes,
// and an instruction abort at stage 1.
import { strict as assert } from 'assert';
import { buildElf, runNvdbg, runQemu, PRINT_HELPERS } from '../util/gnu';

const PROGRAM = String.raw`
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =0x40100000
    mov     sp, x0
    adr     x0, el2_vectors
    msr     vbar_el2, x0
    // Stage 1 (EL1&0): 4K, 39-bit VA from level 1. L1[1] -> L2 table; L2[0..7]: 2 MiB blocks
    // VA 0x40000000+n*2M -> IPA 0x40000000+n*2M, except block 5 read-only and block 6 invalid.
    // L1[2] -> a table at IPA 0x80000000 (not mapped at stage 2: S1PTW fault).
    ldr     x1, =0x40400000         // L1
    ldr     x2, =0x40401000         // L2
    orr     x3, x2, #3
    str     x3, [x1, #8]
    ldr     x3, =0x80000003
    str     x3, [x1, #16]
    mov     x4, #0
    ldr     x5, =0x40000000
1:  ldr     x3, =0x701              // block, AttrIndx 0, inner shareable, AF, EL1 RW
    orr     x3, x3, x5
    cmp     x4, #5
    b.ne    2f
    orr     x3, x3, #(1 << 7)       // AP[2]: read-only
2:  cmp     x4, #6
    csel    x3, xzr, x3, eq         // block 6 invalid
    str     x3, [x2, x4, lsl #3]
    add     x5, x5, #0x200000
    add     x4, x4, #1
    cmp     x4, #8
    b.ne    1b
    // Stage 2: 4K, 40-bit IPA from level 1 (two concatenated tables, 8K aligned):
    // IPA 0x40000000-0x40dfffff identity via level-2 blocks, nothing else.
    ldr     x6, =0x40402000         // S2 L1 (8 KiB)
    ldr     x7, =0x40404000         // S2 L2
    orr     x3, x7, #3
    str     x3, [x6, #8]
    mov     x4, #0
    ldr     x5, =0x40000000
3:  ldr     x3, =0x7fd              // block, S2AP RW, MemAttr WB, inner shareable, AF
    orr     x3, x3, x5
    str     x3, [x7, x4, lsl #3]
    add     x5, x5, #0x200000
    add     x4, x4, #1
    cmp     x4, #7
    b.ne    3b
    ldr     x0, =0xff
    msr     mair_el1, x0
    ldr     x0, =0x200803519        // TCR_EL1: T0SZ=25, 4K, IRGN/ORGN WB, SH IS, EPD1, IPS=40 bits
    msr     tcr_el1, x0
    msr     ttbr0_el1, x1
    ldr     x0, =0x80023558         // VTCR_EL2: T0SZ=24, SL0=1, 4K, PS=40 bits
    msr     vtcr_el2, x0
    msr     vttbr_el2, x6
    ldr     x0, =0x80000001         // HCR_EL2: RW, VM
    msr     hcr_el2, x0
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =0x400f0000
    msr     sp_el1, x0
    ldr     x0, =0x30d00801         // SCTLR_EL1: M, RES1 bits
    msr     sctlr_el1, x0
    tlbi    alle1
    dsb     sy
    isb
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    adr     x0, el1_main
    msr     elr_el2, x0
    eret

el1_main:
    ldr     x10, =0x40c00010        // block 6: stage-1 translation fault -> EL1
    ldr     x11, [x10]
    ldr     x10, =0x40a00020        // block 5: read works, write is a permission fault -> EL1
    ldr     x11, [x10]
    str     x11, [x10]
    ldr     x10, =0x40e00008        // block 7: stage 1 maps, stage 2 does not -> EL2 with HPFAR and ISV
    ldr     w11, [x10]
    ldr     x10, =0x80000000        // L1[2]: its table is at an unmapped IPA -> S1PTW stage-2 fault -> EL2
    ldr     x11, [x10]
    ldr     x10, =0x40c00000        // branch into the invalid block: instruction abort -> EL1
    blr     x10
    hvc     #0                      // done

el1_sync:
    mov     x20, x30
    mov     x21, #1
    bl      report
    mrs     x0, elr_el1
    lsr     x1, x0, #20
    cmp     x1, #0x40c              // instruction abort in block 6: return to the caller
    b.ne    1f
    msr     elr_el1, x20
    eret
1:  add     x0, x0, #4
    msr     elr_el1, x0
    eret

el2_sync:
    mrs     x0, esr_el2
    lsr     x0, x0, #26
    cmp     x0, #0x16               // HVC: finished
    b.eq    finish
    mov     x21, #2
    bl      report
    mrs     x0, elr_el2
    add     x0, x0, #4
    msr     elr_el2, x0
    eret

// report: x21 = EL; prints "ELn ESR FAR [HPFAR]"
report:
    mov     x22, x30
    cmp     x21, #1
    b.ne    1f
    mrs     x23, esr_el1
    mrs     x24, far_el1
    mov     x25, #0
    b       2f
1:  mrs     x23, esr_el2
    mrs     x24, far_el2
    mrs     x25, hpfar_el2
2:  adr     x0, s_exc
    bl      puts
    mov     x0, x21
    bl      puthex
    mov     x0, x23
    bl      puthex
    mov     x0, x24
    bl      puthex
    mov     x0, x25
    bl      puthex
    adr     x0, s_nl
    bl      puts
    ret     x22

finish:
    adr     x1, exit_block
    mov     w0, #0x18
    hlt     #0xf000

${PRINT_HELPERS}
    .balign 2048
el2_vectors:
    .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    b       el2_sync
    .endr
    .balign 2048
el1_vectors:
    .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    b       el1_sync
    .endr
    .section .rodata
s_exc: .asciz "EXC "
s_nl:  .asciz "\n"
    .data
    .balign 8
exit_block: .quad 0x20026, 0
hexbuf:     .space 24
`;

describe('MMU faults as exceptions: QEMU agreement', () => {
  it('stage-1, permission, stage-2 (HPFAR, ISV), S1PTW and instruction aborts match QEMU 7.2', () => {
    const elf = buildElf(PROGRAM, 'mmu-faults');
    const q = runQemu(elf);
    const n = runNvdbg(['run', elf, '--max-insns', '1000000']);
    assert.equal(q.stdout.split('\n').filter((l) => l.startsWith('EXC')).length, 5, `QEMU output:\n${q.stdout}`);
    assert.equal(n.stdout, q.stdout, `nvdbg stderr: ${n.stderr}`);
    assert.equal(n.status, q.status);
  });
});
