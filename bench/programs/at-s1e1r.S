// AT throughput: 1 M x (two ATs + MRS PAR_EL1) at EL2 with an EL1&0 stage 1
// (4K, 48-bit VA: level 0 -> level 1 block) under a stage 2 (4K, 40-bit IPA,
// level 1 blocks), both identity maps of RAM. OPS picks the pair: 0 AT S1E1R +
// AT S12E1R, 1 two AT S1E1R, 2 two AT S12E1R (build.sh makes at-s1e1r.S and
// at-s12e1r.S from this file).
    .equ    OPS, 1
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x1, =0x40400000         // S1 L0
    ldr     x2, =0x40401000         // S1 L1
    ldr     x3, =0x40402000         // S2 L1
    orr     x4, x2, #3
    str     x4, [x1]                // L0[0] -> L1
    ldr     x4, =0x40000701         // L1[1]: 1 GiB block at 0x40000000, Normal, AF
    str     x4, [x2, #8]
    ldr     x4, =0x400007c1         // S2 L1[1]: 1 GiB block, S2AP RW, MemAttr WB (0xf), AF
    orr     x4, x4, #(0xf << 2)
    str     x4, [x3, #8]
    ldr     x0, =0xff
    msr     mair_el1, x0
    ldr     x0, =0x500003510        // TCR_EL1: T0SZ=16, 4K, IPS=40 bits, EPD1
    orr     x0, x0, #(1 << 23)
    msr     tcr_el1, x0
    msr     ttbr0_el1, x1
    ldr     x0, =0x80023558         // VTCR_EL2: T0SZ=24, SL0=1 (L1), 4K, PS=40 bits
    msr     vtcr_el2, x0
    msr     vttbr_el2, x3
    mov     x0, #1
    msr     sctlr_el1, x0           // EL1&0 stage 1 on
    ldr     x0, =0x80000001         // HCR_EL2: RW, VM
    msr     hcr_el2, x0
    isb
    tlbi    alle1
    dsb     sy
    isb
    ldr     x5, =1000000
    ldr     x6, =0x40123456
1:
    .if OPS == 2
    at      s12e1r, x6
    .else
    at      s1e1r, x6
    .endif
    .if OPS == 1
    at      s1e1r, x6
    .else
    at      s12e1r, x6
    .endif
    mrs     x7, par_el1
    subs    x5, x5, #1
    b.ne    1b
    // exit code = PAR_EL1[7:0] of the last AT (success: 0x80 | SH bits...), checked by the bench
    and     x7, x7, #1
    adr     x1, blk
    str     x7, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000
    .balign 8
blk: .quad 0x20026, 0
