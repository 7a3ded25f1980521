// L2 guest throughput: a guest hypervisor (EL2) builds an identity stage 2 (4K, 40-bit
// IPA, 1 GiB blocks) and enters its guest at EL1, which runs the mixed workload of
// mixed.S (EL1 registers) and exits through semihosting. Bare: the guest runs on the
// PE's stage 2. --nested: on the host's shadow stage 2, filled page by page on faults.
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x3, =0x40402000         // S2 L1 table
    ldr     x4, =0x400007fd         // 1 GiB block at 0x40000000: AF, SH inner, S2AP RW, MemAttr Normal WB
    str     x4, [x3, #8]
    ldr     x4, =0x000004c1         // IPA 0..1G (UART): AF, S2AP RW, Device-nGnRnE
    str     x4, [x3]
    ldr     x0, =0x80023558         // VTCR_EL2: T0SZ=24, SL0=1 (L1), 4K, PS=40 bits
    msr     vtcr_el2, x0
    orr     x3, x3, #(7 << 48)      // VMID 7
    msr     vttbr_el2, x3
    ldr     x0, =0x80000001         // HCR_EL2: RW, VM
    msr     hcr_el2, x0
    msr     sctlr_el1, xzr
    ldr     x0, =0x40200000
    msr     sp_el1, x0
    mov     x0, #0x3c5              // EL1h, DAIF masked
    msr     spsr_el2, x0
    adr     x0, guest
    msr     elr_el2, x0
    isb
    eret
guest:
    ldr     x19, =0x40300000        // buffer
    mov     x20, #0                 // outer counter
    ldr     x21, =2000000
    mov     x22, #0x1234
outer:
    and     x3, x20, #0x1ff8
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
    mrs     x9, tpidr_el1
    add     x9, x9, #1
    msr     tpidr_el1, x9
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
