// Mixed workload: loads/stores over a 64 KiB buffer, calls, conditional
// branches, bitfield and multiply work, and system register reads.
    .section .text.boot, "ax"
    .global _start
    .equ    MMU, 0                  // bench/programs/build.sh sets 1 for mixed-mmu.S
_start:
    ldr     x0, =0x40200000
    mov     sp, x0
    .if MMU
    // EL2 stage 1: 4K granule, 39-bit VA (start at level 1), identity map:
    // L1[0] -> L2 table of 2 MiB Device blocks (UART), L1[1] -> L2 table of 2 MiB Normal blocks (RAM).
    ldr     x1, =0x40400000         // L1 table
    ldr     x2, =0x40401000         // L2 table for 0x00000000-0x3fffffff
    ldr     x3, =0x40402000         // L2 table for 0x40000000-0x7fffffff
    orr     x4, x2, #3
    str     x4, [x1]
    orr     x4, x3, #3
    str     x4, [x1, #8]
    mov     x5, #0
    ldr     x6, =0x40000000
1:  ldr     x4, =0x0000000000000405 // block, AttrIndx 1 (Device), AF
    orr     x4, x4, x5, lsl #21
    str     x4, [x2, x5, lsl #3]
    ldr     x4, =0x0000000000000701 // block, AttrIndx 0 (Normal), SH inner, AF
    orr     x4, x4, x6
    str     x4, [x3, x5, lsl #3]
    add     x6, x6, #0x200000
    add     x5, x5, #1
    cmp     x5, #512
    b.ne    1b
    ldr     x0, =0x00ff                 // MAIR: attr0 Normal WB, attr1 Device-nGnRnE
    msr     mair_el2, x0
    ldr     x0, =0x80823519             // TCR_EL2: T0SZ=25, WB/WB, inner shareable, 4K, PS=40 bits
    msr     tcr_el2, x0
    msr     ttbr0_el2, x1
    tlbi    alle2
    dsb     sy
    isb
    mrs     x0, sctlr_el2
    orr     x0, x0, #1                  // M
    orr     x0, x0, #(1 << 2)           // C
    orr     x0, x0, #(1 << 12)          // I
    msr     sctlr_el2, x0
    isb
    .endif
    ldr     x19, =0x40300000        // buffer
    mov     x20, #0                 // outer counter
    ldr     x21, =2000000
    mov     x22, #0x1234
outer:
    and     x3, x20, #0x1ff8        // index into the buffer
    ldr     x4, [x19, x3]
    add     x4, x4, x22
    eor     x22, x22, x4, lsl #3
    str     x4, [x19, x3]
    ldp     x5, x6, [x19, #16]
    add     x5, x5, x6
    stp     x6, x5, [x19, #16]
    bl      leaf
    ubfx    x7, x22, #12, #9
    madd    x8, x7, x22, x5
    tst     x8, #1
    b.eq    1f
    mrs     x9, tpidr_el2
    add     x9, x9, #1
    msr     tpidr_el2, x9
1:  ldrb    w10, [x19, x7]
    strb    w10, [x19, #1]
    cmp     x10, #0x80
    csel    x11, x10, x7, hi
    add     x20, x20, #1
    cmp     x20, x21
    b.ne    outer
    adr     x1, blk
    mov     w0, #0x18
    hlt     #0xf000
leaf:
    stp     x29, x30, [sp, #-16]!
    mov     x29, sp
    mrs     x12, currentel
    add     x13, x12, x22, lsr #5
    ldp     x29, x30, [sp], #16
    ret
    .balign 8
blk: .quad 0x20026, 0
