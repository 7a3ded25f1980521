// Tight integer loop: 3 instructions per iteration, 100 M iterations.
    .section .text.boot, "ax"
    .global _start
_start:
    mov     x1, #0
    ldr     x2, =100000000
1:  add     x1, x1, #1
    cmp     x1, x2
    b.ne    1b
    adr     x1, blk
    mov     w0, #0x18
    hlt     #0xf000
    .balign 8
blk: .quad 0x20026, 0
