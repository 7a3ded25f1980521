// nested-s2: a guest hypervisor (L1) builds a stage 2 for its guest (L2), enters it,
// takes the stage-2 fault L2 causes on an unmapped IPA, translates the faulting
// address with AT S12E1R before and after mapping it, and resumes the guest.
//
// Bare (L1 at EL2 on the PE):            node bin/nvdbg.js run examples/nested-s2/nested-s2.elf
// Nested (L1 at virtual EL2 under KVM):  node bin/nvdbg.js run --nested --trace at,trap,s2,mmu examples/nested-s2/nested-s2.elf
// Both print what QEMU prints. Under --nested the host fills its shadow stage 2 from L1's
// tables, and the fault L1 sees is one the host injected (kvm_inject_s2_fault).
//
// L1's stage 2 (4K granule, 32-bit IPA, start level 1):
//   IPA 0x40000000 +2M  -> PA 0x40000000 (block: this image, L2's code)
//   IPA 0x40200000 +4K  -> PA 0x40300000 (page: L2's data, IPA != PA)
//   IPA 0x40201000      -> unmapped until L2 faults on it, then PA 0x40301000
    .equ    S2_L1,    0x40400000
    .equ    S2_L2,    0x40401000
    .equ    S2_L3,    0x40402000
    .equ    DATA_PA,  0x40300000
    .equ    DATA_IPA, 0x40200000
    .equ    VMID,     5

    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =0x40100000
    mov     sp, x0
    adr     x0, el2_vectors
    msr     vbar_el2, x0
    adr     x0, s_hello
    bl      puts
    // Zero the three stage-2 tables.
    ldr     x0, =S2_L1
    mov     x1, #(3 * 4096 / 8)
1:  str     xzr, [x0], #8
    subs    x1, x1, #1
    b.ne    1b
    // L1[1] (IPA 1G..2G) -> level-2 table; L2[0] 2M block at 0x40000000; L2[1] -> level-3 table.
    ldr     x0, =S2_L1
    ldr     x1, =(S2_L2 | 3)
    str     x1, [x0, #8]
    ldr     x0, =S2_L2
    ldr     x1, =(0x40000000 | (1 << 10) | (3 << 8) | (3 << 6) | (0xf << 2) | 1)   // AF, ISH, S2AP RW, Normal WB, block
    str     x1, [x0]
    ldr     x1, =(S2_L3 | 3)
    str     x1, [x0, #8]
    // L3[0]: IPA 0x40200000 -> PA 0x40300000, read/write. L3[1] left invalid.
    ldr     x0, =S2_L3
    ldr     x1, =(DATA_PA | (1 << 10) | (3 << 8) | (3 << 6) | (0xf << 2) | 3)
    str     x1, [x0]
    // The values L2 will find: one at each data page.
    ldr     x0, =DATA_PA
    ldr     x1, =0x1111222233334444
    str     x1, [x0]
    ldr     x1, =0x5555666677778888
    str     x1, [x0, #0x1000]
    // VTCR_EL2: T0SZ=32, SL0=1 (level 1), IRGN0=ORGN0=WB, SH0=ISH, TG0=4K, PS=32 bits.
    ldr     x0, =((1 << 31) | (3 << 12) | (1 << 10) | (1 << 8) | (1 << 6) | 32)
    msr     vtcr_el2, x0
    ldr     x0, =(S2_L1 | (VMID << 48))
    msr     vttbr_el2, x0
    // HCR_EL2: RW (EL1 is AArch64) | VM (stage 2 on).
    ldr     x0, =((1 << 31) | 1)
    msr     hcr_el2, x0
    msr     sctlr_el1, xzr                // L2's stage 1 off: VA = IPA
    ldr     x0, =0x400f0000
    msr     sp_el1, x0
    mov     x0, #0x3c5                    // EL1h, DAIF masked
    msr     spsr_el2, x0
    adr     x0, l2_entry
    msr     elr_el2, x0
    isb
    adr     x0, s_enter
    bl      puts
    eret

// ---- L2: runs at EL1 on L1's stage 2 ---------------------------------------
l2_entry:
    ldr     x1, =DATA_IPA
    ldr     x0, [x1]                      // mapped: IPA 0x40200000 -> PA 0x40300000
    hvc     #1
    ldr     x1, =(DATA_IPA + 0x1000)
    ldr     x0, [x1]                      // unmapped: stage-2 translation fault, level 3
    hvc     #2
    b       .

// ---- L1's handler for exceptions from L2 -------------------------------------
el2_lower_sync:
    stp     x0, x1, [sp, #-16]!
    stp     x2, x3, [sp, #-16]!
    stp     x9, x10, [sp, #-16]!
    stp     x29, x30, [sp, #-16]!
    mrs     x9, esr_el2
    lsr     x10, x9, #26
    cmp     x10, #0x16                    // HVC from L2: print x0
    b.eq    l1_hvc
    cmp     x10, #0x24                    // data abort from a lower EL
    b.eq    l1_dabt
    mov     x0, x9
    adr     x1, s_unexp
    bl      putkv
    b       exit_fail

l1_hvc:
    ldr     x0, [sp, #48]                 // L2's x0
    and     x10, x9, #0xffff
    cmp     x10, #1
    adr     x1, s_read1
    adr     x2, s_read2
    csel    x1, x1, x2, eq
    bl      putkv
    cmp     x10, #2
    b.eq    done
    b       resume

l1_dabt:
    mov     x0, x9
    adr     x1, s_esr
    bl      putkv
    mrs     x0, far_el2
    adr     x1, s_far
    bl      putkv
    mrs     x0, hpfar_el2
    adr     x1, s_hpfar
    bl      putkv
    // Translate L2's faulting address through both stages, as the guest sees it.
    mrs     x2, far_el2
    at      s12e1r, x2
    isb
    mrs     x0, par_el1
    adr     x1, s_par_before
    bl      putkv
    // Map IPA 0x40201000 -> PA 0x40301000 and invalidate what may be cached for it.
    ldr     x0, =S2_L3
    ldr     x1, =((DATA_PA + 0x1000) | (1 << 10) | (3 << 8) | (1 << 6) | (0xf << 2) | 3)   // read-only
    str     x1, [x0, #8]
    dsb     ishst
    mrs     x0, hpfar_el2
    lsr     x0, x0, #4                    // IPA[47:12]
    tlbi    ipas2e1is, x0
    dsb     ish
    tlbi    vmalle1is
    dsb     ish
    isb
    adr     x0, s_mapped
    bl      puts
    mrs     x2, far_el2
    at      s12e1r, x2
    isb
    mrs     x0, par_el1
    adr     x1, s_par_after
    bl      putkv
    mrs     x2, far_el2
    at      s12e1w, x2                    // the new page is read-only at stage 2
    isb
    mrs     x0, par_el1
    adr     x1, s_par_write
    bl      putkv
    // Return to the faulting load (ELR_EL2 still points at it).
    ldp     x29, x30, [sp], #16
    ldp     x9, x10, [sp], #16
    ldp     x2, x3, [sp], #16
    ldp     x0, x1, [sp], #16
    eret

resume:
    mrs     x0, elr_el2                   // HVC: ELR_EL2 is the next instruction already
    ldp     x29, x30, [sp], #16
    ldp     x9, x10, [sp], #16
    ldp     x2, x3, [sp], #16
    ldp     x0, x1, [sp], #16
    eret

done:
    adr     x0, s_bye
    bl      puts
    mov     x0, #0
    b       sh_exit
exit_fail:
    mov     x0, #1
sh_exit:
    adr     x1, exit_block
    str     x0, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000
    b       .

el2_other:
    mrs     x0, esr_el2
    adr     x1, s_unexp
    bl      putkv
    b       exit_fail

// puts(x0 = string); putkv(x0 = value, x1 = label): "label0x<hex>\n"
puts:
    mov     x1, x0
    mov     w0, #0x04
    hlt     #0xf000
    ret
putkv:
    mov     x5, x30
    mov     x4, x0
    mov     x0, x1
    bl      puts
    adr     x3, hexbuf
    mov     x2, #60
1:  lsr     x6, x4, x2
    and     x6, x6, #0xf
    cmp     x6, #10
    add     x7, x6, #'0'
    add     x6, x6, #('a' - 10)
    csel    x6, x7, x6, lo
    strb    w6, [x3], #1
    subs    x2, x2, #4
    b.ge    1b
    mov     w6, #'\n'
    strb    w6, [x3], #1
    strb    wzr, [x3]
    adr     x0, hexbuf
    bl      puts
    ret     x5

    .balign 2048
el2_vectors:
    .irp    n, 0,1,2,3,4,5,6,7
    .balign 128
    b       el2_other
    .endr
    .balign 128
    b       el2_lower_sync                // 0x400: synchronous, lower EL, AArch64
    .irp    n, 9,10,11,12,13,14,15
    .balign 128
    b       el2_other
    .endr

    .section .rodata
s_hello:      .asciz "nested-s2: L1 builds a stage 2 for its guest\n"
s_enter:      .asciz "L1: entering L2 at EL1 (VMID 5, stage 1 off)\n"
s_read1:      .asciz "L2 read IPA 0x40200000     = "
s_read2:      .asciz "L2 read IPA 0x40201000     = "
s_esr:        .asciz "L1: stage-2 fault ESR_EL2  = "
s_far:        .asciz "L1:               FAR_EL2  = "
s_hpfar:      .asciz "L1:             HPFAR_EL2  = "
s_par_before: .asciz "L1: AT S12E1R FAR -> PAR   = "
s_mapped:     .asciz "L1: mapped IPA 0x40201000 -> PA 0x40301000 read-only, TLBI IPAS2E1IS + VMALLE1IS\n"
s_par_after:  .asciz "L1: AT S12E1R FAR -> PAR   = "
s_par_write:  .asciz "L1: AT S12E1W FAR -> PAR   = "
s_unexp:      .asciz "L1: unexpected exception ESR_EL2 = "
s_bye:        .asciz "nested-s2: done\n"
    .data
    .balign 8
exit_block: .quad 0x20026, 0
hexbuf:     .space 24
