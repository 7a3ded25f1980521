// el2-tour: what a hypervisor's first instructions see on nvdbg's machine
// (QEMU virt, virtualization=on, -cpu max). Starts at EL2, reads the ID
// registers a hypervisor checks, drops to EL1, traps back with HVC, takes a
// data abort on unmapped memory, asks PSCI for its version and exits.
// Run:  node bin/nvdbg.js run examples/el2-tour/el2-tour.elf --trace exc
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =0x40100000
    mov     sp, x0
    adr     x0, el2_vectors
    msr     vbar_el2, x0
    isb
    adr     x0, s_hello
    bl      puts
    mrs     x0, CurrentEL
    lsr     x0, x0, #2
    adr     x1, s_el
    bl      putkv
    mrs     x0, ID_AA64MMFR0_EL1
    adr     x1, s_mmfr0
    bl      putkv
    mrs     x0, ID_AA64MMFR1_EL1
    ubfx    x0, x0, #8, #4              // VH: FEAT_VHE
    adr     x1, s_vh
    bl      putkv
    // PSCI_VERSION over SMC (the conduit when EL2 is the highest EL)
    ldr     w0, =0x84000000
    smc     #0
    adr     x1, s_psci
    bl      putkv
    // Enter EL1 (AArch64, EL1h, interrupts masked) at el1_main.
    mov     x0, #(1 << 31)              // HCR_EL2.RW
    msr     hcr_el2, x0
    adr     x0, el1_vectors
    msr     vbar_el1, x0
    ldr     x0, =0x400f0000
    msr     sp_el1, x0
    mov     x0, #0x3c5
    msr     spsr_el2, x0
    adr     x0, el1_main
    msr     elr_el2, x0
    isb
    eret

el1_main:
    adr     x0, s_el1
    bl      puts
    ldr     x1, =0x60000000             // nothing is mapped here
    ldr     x2, [x1]                    // -> synchronous external abort to EL1
    hvc     #0x42                       // back to EL2
    b       .

el1_sync:
    mrs     x0, esr_el1
    adr     x1, s_el1exc
    bl      putkv
    mrs     x0, far_el1
    adr     x1, s_far
    bl      putkv
    mrs     x0, elr_el1
    add     x0, x0, #4                  // skip the faulting load
    msr     elr_el1, x0
    eret

el2_sync:
    mrs     x0, esr_el2
    adr     x1, s_el2exc
    bl      putkv
    adr     x0, s_bye
    bl      puts
    mov     x0, #0
    adr     x1, exit_block
    str     x0, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000

// puts(x0 = string); putkv(x0 = value, x1 = label): "label0x<hex>\n"
puts:
    mov     x1, x0
    mov     w0, #0x04
    hlt     #0xf000
    ret
putkv:
    mov     x9, x30
    mov     x10, x0
    mov     x0, x1
    bl      puts
    adr     x3, hexbuf
    mov     x4, #60
1:  lsr     x6, x10, x4
    and     x6, x6, #0xf
    cmp     x6, #10
    add     x7, x6, #'0'
    add     x6, x6, #('a' - 10)
    csel    x6, x7, x6, lo
    strb    w6, [x3], #1
    subs    x4, x4, #4
    b.ge    1b
    mov     w6, #'\n'
    strb    w6, [x3], #1
    strb    wzr, [x3]
    adr     x0, hexbuf
    bl      puts
    ret     x9

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
s_hello:  .asciz "el2-tour: hello from the guest at reset\n"
s_el:     .asciz "CurrentEL          = "
s_mmfr0:  .asciz "ID_AA64MMFR0_EL1   = "
s_vh:     .asciz "FEAT_VHE (MMFR1.VH)= "
s_psci:   .asciz "PSCI_VERSION       = "
s_el1:    .asciz "now at EL1; loading from unmapped 0x60000000\n"
s_el1exc: .asciz "EL1 took ESR_EL1   = "
s_far:    .asciz "        FAR_EL1    = "
s_el2exc: .asciz "HVC to EL2, ESR_EL2= "
s_bye:    .asciz "el2-tour: done\n"
    .data
    .balign 8
exit_block: .quad 0x20026, 0
hexbuf:     .space 24
