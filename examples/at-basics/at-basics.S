// at-basics: what AT S1E1R/W and AT S1E2R/W return from a hypervisor at EL2,
// first with HCR_EL2.E2H=0 and then with E2H=1 (TGE=0 throughout).
//
// The program builds small stage-1 tables (4K granule, 39-bit VAs, walks
// start at level 1) for two regimes and prints one line per AT:
//     AT <op> va=<VA, 16 hex digits> PAR=<PAR_EL1, 16 hex digits>
// Cases: stage 1 off (flat result), a 4K page, a read-only page written
// (permission fault), an unmapped VA (translation fault), 2 MiB and 1 GiB
// blocks, and the TTBR1 range that only the EL2&0 regime (E2H=1) has.
// Reading PAR_EL1: bit 0 F. F=0: PA[47:12], ATTR[63:56] (the MAIR byte),
// NS bit 9, SH[8:7], bit 11 RES1. F=1: FST[6:1] (0x04+L translation fault,
// 0x0c+L permission fault, L = level).
//
// Run bare (as QEMU would):   node dist/cli.js run examples/at-basics/at-basics.elf
// Run as a guest hypervisor at virtual EL2 under the KVM host model (every AT
// traps and is emulated):     node dist/cli.js run --nested examples/at-basics/at-basics.elf
// Add --trace at,trap,s2,mmu to see the host's side on stderr; add
// --policy patch-v6 to emulate AT as the 2022 patch series did: its S1E1*
// need a shadow stage-2 MMU, which exists only after an L2 guest has run, so
// here they leave PAR_EL1 stale (the S1E2* answers stay right).
// QEMU reference:             /work/shared/oracle/harness/run_qemu.sh at-basics.elf

    .equ TBL,    0x40400000          // 7 table pages, well clear of the image
    .equ E1_L1,  TBL + 0x0000        // EL1&0 regime: TTBR0_EL1, level 1
    .equ E1_L2,  TBL + 0x1000
    .equ E1_L3,  TBL + 0x2000
    .equ H_L1,   TBL + 0x3000        // EL2 / EL2&0 regime: TTBR0_EL2, level 1
    .equ H_L2,   TBL + 0x4000
    .equ H_L3,   TBL + 0x5000
    .equ H1_L1,  TBL + 0x6000        // EL2&0 upper range: TTBR1_EL2, level 1
    .equ TBL_END, TBL + 0x7000

    // Stage-1 descriptor bits (4K granule)
    .equ TABLE,  0x3                 // level 0-2 table descriptor
    .equ PAGE,   0x3                 // level 3 page descriptor
    .equ BLOCK,  0x1                 // level 1-2 block descriptor
    .equ AF,     1 << 10             // access flag set: no AF fault
    .equ ISH,    3 << 8              // inner shareable
    .equ RO,     2 << 6              // AP[2:1]=10: read-only at the privileged EL
    .equ NC,     2 << 2              // AttrIndx=2 (MAIR byte 2 = 0x44)
    .equ MEM,    AF | ISH            // AttrIndx=0 (MAIR byte 0 = 0xff)

    // MAIR: attr0 Normal WB (0xff), attr1 Device-nGnRnE (0x00), attr2 Normal NC (0x44)
    .equ MAIR,   0x4400ff
    // TCR_EL1: T0SZ=25, IRGN0=ORGN0=WB, SH0=ISH, TG0=4K, EPD1=1 (no TTBR1 walks), TG1=4K, IPS=40 bits
    .equ TCR_EL1_V,   (25 | 1 << 8 | 1 << 10 | 3 << 12 | 1 << 23 | 2 << 30 | 2 << 32)
    // TCR_EL2 with E2H=0 has its own layout: one range; PS at [18:16]; bits 23 and 31 RES1
    .equ TCR_EL2_V,   (25 | 1 << 8 | 1 << 10 | 3 << 12 | 2 << 16 | 1 << 23 | 1 << 31)
    // TCR_EL2 with E2H=1 uses the TCR_EL1 layout: TTBR0 and TTBR1 ranges, both 39 bits
    .equ TCR_EL2_VHE, (25 | 1 << 8 | 1 << 10 | 3 << 12 | 25 << 16 | 1 << 24 | 1 << 26 | 3 << 28 | 2 << 30 | 2 << 32)
    .equ SCTLR_EL1_OFF, 0x30d01804   // RES1 bits, C, I; M=0
    .equ SCTLR_EL2_OFF, 0x30c51834   // RES1 bits, C, I; M=0
    .equ HCR_RW,  1 << 31
    .equ HCR_E2H, 1 << 34

// AT_SHOW op, va: run "AT op" on va and print the line (PAR read after the ISB).
    .macro AT_SHOW op, va
    ldr     x0, =\va
    at      \op, x0
    isb
    mrs     x2, par_el1
    adr     x1, 99f
    bl      show
    .pushsection .rodata
99: .asciz  "\op"
    .popsection
    .endm
// PUTS label: print the NUL-terminated string at label
    .macro PUTS label
    adr     x0, \label
    bl      puts
    .endm

    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =0x40080000          // stack grows down from the image
    mov     sp, x0
    adr     x0, vectors
    msr     vbar_el2, x0
    // Known state: E2H=0, TGE=0, VM=0 (no stage 2); EL2 and EL1 stage 1 off.
    mov     x0, #HCR_RW
    msr     hcr_el2, x0
    ldr     x0, =SCTLR_EL2_OFF
    msr     sctlr_el2, x0
    ldr     x0, =SCTLR_EL1_OFF
    msr     sctlr_el1, x0
    isb
    PUTS    s_hello

    // Zero the table pages, then write the descriptors ({address, value} pairs).
    // Written with the MMU off; nvdbg and QEMU model no caches (hardware
    // would also need DC IVAC for the walker's cacheable reads).
    ldr     x0, =TBL
    ldr     x1, =TBL_END
1:  stp     xzr, xzr, [x0], #16
    cmp     x0, x1
    b.lo    1b
    adr     x2, descs
    adr     x3, descs_end
2:  ldp     x4, x5, [x2], #16
    str     x5, [x4]
    cmp     x2, x3
    b.lo    2b
    dsb     sy

    ldr     x0, =MAIR
    msr     mair_el1, x0
    msr     mair_el2, x0
    ldr     x0, =TCR_EL1_V
    msr     tcr_el1, x0
    ldr     x0, =E1_L1
    msr     ttbr0_el1, x0
    ldr     x0, =TCR_EL2_V
    msr     tcr_el2, x0
    ldr     x0, =H_L1
    msr     ttbr0_el2, x0
    isb
    tlbi    alle1                    // AT may use TLB entries: start clean
    tlbi    alle2
    dsb     sy
    isb

    // AT S1E1R reports what an EL1 load would get: with SCTLR_EL1.M=0 that is
    // PA=VA (Device-nGnRnE, ATTR 0x00), whatever TTBR0_EL1 points at.
    PUTS    s_sec1
    AT_SHOW S1E1R, 0x1234
    // SCTLR_EL1 governs only the EL1&0 regime: turning it on does not affect
    // this code at EL2, and the EL1 tables need not map it.
    ldr     x0, =SCTLR_EL1_OFF | 1
    msr     sctlr_el1, x0
    isb
    PUTS    s_sec2
    AT_SHOW S1E1R, 0x1234            // page -> PA 0x40123000 (the offset is not in PAR)
    AT_SHOW S1E1R, 0x2000            // read-only page: reading is fine
    AT_SHOW S1E1W, 0x2000            // ... writing is a level-3 permission fault
    AT_SHOW S1E1R, 0x3000            // no level-3 entry: level-3 translation fault
    AT_SHOW S1E1R, 0x2abcde          // 2 MiB block, Normal NC (ATTR 0x44)
    AT_SHOW S1E1R, 0x40000000        // level-1 entry 1 empty: level-1 translation fault

    // Same story for the EL2 regime: with SCTLR_EL2.M=0, AT S1E2R is flat.
    PUTS    s_sec3
    AT_SHOW S1E2R, 0x1234
    // Turning the EL2 MMU on translates this code too: the EL2 tables
    // identity-map all of RAM with a 1 GiB block (code, data, stack, tables).
    ldr     x0, =SCTLR_EL2_OFF | 1
    msr     sctlr_el2, x0
    isb
    PUTS    s_sec4
    AT_SHOW S1E2R, 0x1234            // page -> PA 0x40125000: other tables than EL1's
    AT_SHOW S1E2W, 0x2000            // read-only: permission fault
    AT_SHOW S1E2R, 0x40080000        // 1 GiB identity block: this program's own page
    AT_SHOW S1E2R, 0xffffff8000080000 // no TTBR1 range without E2H: level-0 translation fault

    // E2H changes how TCR_EL2 is read, so the EL2 MMU goes off across the switch.
    ldr     x0, =SCTLR_EL2_OFF
    msr     sctlr_el2, x0
    isb
    ldr     x0, =HCR_RW | HCR_E2H    // E2H=1, TGE=0: EL1&0 stays the guest's regime
    msr     hcr_el2, x0
    isb
    ldr     x0, =TCR_EL2_VHE         // now in the TCR_EL1 layout, with T1SZ and TG1
    msr     tcr_el2, x0
    ldr     x0, =H1_L1
    msr     ttbr1_el2, x0
    isb
    tlbi    alle2
    dsb     sy
    ldr     x0, =SCTLR_EL2_OFF | 1
    msr     sctlr_el2, x0
    isb
    PUTS    s_sec5
    AT_SHOW S1E2R, 0x1234            // same TTBR0_EL2 tables, same answer
    AT_SHOW S1E2W, 0x2000            // still read-only at EL2
    AT_SHOW S1E2R, 0xffffff8000080000 // TTBR1_EL2: 1 GiB block -> PA 0x40080000
    AT_SHOW S1E2R, 0xffffff8040000000 // TTBR1_EL2 level-1 entry 1 empty: level-1 fault
    PUTS    s_sec6
    AT_SHOW S1E1R, 0x1234
    AT_SHOW S1E1W, 0x2000
    PUTS    s_end
    mov     x0, #0
    b       sh_exit

// show: x0 = VA, x1 = op name, x2 = PAR. Prints "AT <op> va=<hex> PAR=<hex>\n".
show:
    stp     x29, x30, [sp, #-32]!
    stp     x0, x2, [sp, #16]
    mov     x29, x1
    PUTS    s_at
    mov     x0, x29
    bl      puts
    PUTS    s_va
    ldr     x0, [sp, #16]
    bl      puthex
    PUTS    s_par
    ldr     x0, [sp, #24]
    bl      puthex
    PUTS    s_nl
    ldp     x29, x30, [sp], #32
    ret

// puts: x0 = NUL-terminated string (SYS_WRITE0). Clobbers x0, x1.
puts:
    mov     x1, x0
    mov     w0, #0x04
    hlt     #0xf000
    ret

// puthex: print x0 as 16 lowercase hex digits. Clobbers x0-x7.
puthex:
    adr     x3, hexbuf
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
    strb    wzr, [x3]
    adr     x1, hexbuf
    mov     w0, #0x04
    hlt     #0xf000
    ret

// sh_exit: x0 = exit code (SYS_EXIT, block {ADP_Stopped_ApplicationExit, code}).
sh_exit:
    adr     x1, exit_block
    str     x0, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000
    b       .

// Any exception here is a bug in the example: report it and exit 1.
exc:
    PUTS    s_exc
    mrs     x0, esr_el2
    bl      puthex
    PUTS    s_elr
    mrs     x0, elr_el2
    bl      puthex
    PUTS    s_nl
    mov     x0, #1
    b       sh_exit

    .ltorg
    .balign 2048
vectors:
    .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    b       exc
    .endr

    .section .rodata
    .balign 8
descs:  // {descriptor address, descriptor}
    // EL1&0 regime (TTBR0_EL1)
    .quad E1_L1 + 0 * 8, E1_L2 | TABLE                     // VA [0, 1G) -> level 2
    .quad E1_L2 + 0 * 8, E1_L3 | TABLE                     // VA [0, 2M) -> level 3
    .quad E1_L2 + 1 * 8, 0x40600000 | BLOCK | MEM | NC     // VA [2M, 4M): 2 MiB block
    .quad E1_L3 + 1 * 8, 0x40123000 | PAGE | MEM           // VA 0x1000: read/write
    .quad E1_L3 + 2 * 8, 0x40124000 | PAGE | MEM | RO      // VA 0x2000: read-only
    // EL2 regime (TTBR0_EL2); the same descriptors serve E2H=0 and E2H=1
    .quad H_L1 + 0 * 8, H_L2 | TABLE                       // VA [0, 1G) -> level 2
    .quad H_L1 + 1 * 8, 0x40000000 | BLOCK | MEM           // VA [1G, 2G): identity (RAM)
    .quad H_L2 + 0 * 8, H_L3 | TABLE
    .quad H_L3 + 1 * 8, 0x40125000 | PAGE | MEM            // VA 0x1000: read/write
    .quad H_L3 + 2 * 8, 0x40126000 | PAGE | MEM | RO       // VA 0x2000: read-only
    // EL2&0 upper range (TTBR1_EL2, used only with E2H=1)
    .quad H1_L1 + 0 * 8, 0x40000000 | BLOCK | MEM          // VA 0xffffff80_00000000: 1 GiB block
descs_end:

s_hello:  .asciz "at-basics: AT from EL2, HCR_EL2.E2H=0 then E2H=1\n"
s_sec1:   .asciz "== E2H=0, SCTLR_EL1.M=0: EL1&0 stage 1 off, flat ==\n"
s_sec2:   .asciz "== E2H=0: EL1&0 regime (TTBR0_EL1) ==\n"
s_sec3:   .asciz "== E2H=0, SCTLR_EL2.M=0: EL2 stage 1 off, flat ==\n"
s_sec4:   .asciz "== E2H=0: EL2 regime (TTBR0_EL2, EL2-format TCR_EL2) ==\n"
s_sec5:   .asciz "== E2H=1, TGE=0: EL2&0 regime (TTBR0_EL2 + TTBR1_EL2) ==\n"
s_sec6:   .asciz "== E2H=1, TGE=0: AT S1E1* still walks EL1&0 (TTBR0_EL1) ==\n"
s_end:    .asciz "END\n"
s_at:     .asciz "AT "
s_va:     .asciz " va="
s_par:    .asciz " PAR="
s_exc:    .asciz "EXCEPTION ESR="
s_elr:    .asciz " ELR="
s_nl:     .asciz "\n"

    .data
    .balign 8
exit_block: .quad 0x20026, 0
hexbuf:     .space 24
