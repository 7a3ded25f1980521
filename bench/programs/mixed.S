// Mixed workload: loads/stores over a 64 KiB buffer, calls, conditional
// branches, bitfield and multiply work, and system register reads.
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =0x40200000
    mov     sp, x0
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
