// pan: PSTATE.PAN and AT S1E1RP/S1E1WP (FEAT_PAN2) executed by a hypervisor
// at EL2 on the EL1&0 regime, with HCR_EL2.E2H=0 and with E2H=1 (TGE=0
// both times, so S1E1* walks TTBR0_EL1), then with E2H=1 TGE=1 (S1E1* walks
// the EL2&0 regime, the same tables through TTBR0_EL2). No guest is ever run.
//
// Three pages in the EL1&0 tables:
//     VA 0x1000  AP=01  EL1 read/write, EL0 read/write
//     VA 0x2000  AP=11  EL1 read-only,  EL0 read-only
//     VA 0x3000  AP=00  EL1 read/write, EL0 no access
// For each page: AT S1E1R (ignores PAN), S1E1RP and S1E1WP (honour PAN), with
// PSTATE.PAN=0 and then 1. Architecturally, PAN=1 makes RP/WP fail with a
// level-3 permission fault (PAR 0x81f) on the EL0-accessible pages, whatever
// E2H is. One line per AT:  AT <op> va=<16 hex> PAR=<16 hex>
//
// Why E2H=0 *and* E2H=1: the 2022 KVM patch ("[PATCH v6 40/64] KVM: arm64:
// nv: Trap and emulate AT instructions from virtual EL2") emulated PAN for
// RP/WP only when the virtual E2H was 1, by re-running the AT as S1E0R/W and
// writing a hard-coded PAR 0x1f (no RES1 bit 11) if EL0 could access the
// page; with E2H=0 it ignored PAN. Upstream (6.12+) follows the architecture.
// Under --policy patch-v6 this program only gets stale PAR_EL1 values (0): with
// TGE=0 that code first looks up the shadow stage-2 MMU of the guest's VTTBR,
// which exists only once an L2 guest has run; the lookup fails (WARN_ON) and
// PAR_EL1 is never written, so its PAN path (and the 0x1f) is not reached.
// The E2H=1 TGE=1 section needs no shadow MMU (the context is already right),
// so there patch-v6 answers RP/WP on EL0-accessible pages with PAR 0x1f.
//
// Run bare (as QEMU would):   node dist/cli.js run examples/pan/pan.elf
// Run as a guest hypervisor at virtual EL2 under the KVM host model (every AT
// traps and is emulated):     node dist/cli.js run --nested examples/pan/pan.elf
// The 2022 behaviour:         node dist/cli.js run --nested --policy patch-v6 --trace at examples/pan/pan.elf
// QEMU reference:             /work/shared/oracle/harness/run_qemu.sh pan.elf

    .equ TBL,    0x40400000          // 3 table pages, well clear of the image
    .equ L1,     TBL + 0x0000        // TTBR0_EL1, level 1
    .equ L2,     TBL + 0x1000
    .equ L3,     TBL + 0x2000
    .equ TBL_END, TBL + 0x3000

    // Stage-1 descriptor bits (4K granule)
    .equ TABLE,  0x3
    .equ PAGE,   0x3
    .equ MEM,    (1 << 10) | (3 << 8) // AF, inner shareable, AttrIndx=0 (Normal WB)
    .equ EL0RW,  1 << 6              // AP[2:1]=01
    .equ EL0RO,  3 << 6              // AP[2:1]=11
    .equ EL1RW,  0 << 6              // AP[2:1]=00

    .equ MAIR,   0xff                // attr0: Normal WB
    // TCR_EL1: T0SZ=25 (39-bit VA, walk starts at level 1), WB walks, ISH, TG0=4K,
    // EPD1=1 (no TTBR1 walks), TG1=4K, IPS=40 bits
    .equ TCR_EL1_V, (25 | 1 << 8 | 1 << 10 | 3 << 12 | 1 << 23 | 2 << 30 | 2 << 32)
    // SCTLR_EL1: RES1 bits, C, I, M=1 (stage 1 on: AT needs it, this code at EL2
    // does not care); SPAN=1 and EPAN=0, so plain PAN (no PAN3 execute check)
    .equ SCTLR_EL1_V, 0x30d01805
    .equ SCTLR_EL2_V, 0x30c51834     // RES1 bits, C, I, M=0: EL2 runs flat
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
// SECTION label: print the header, then "PSTATE.PAN=<hex> ==" (PAN read back, not assumed)
    .macro SECTION label
    PUTS    \label
    PUTS    s_pan
    mrs     x0, pan
    bl      puthex
    PUTS    s_close
    .endm

    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =0x40080000          // stack grows down from the image
    mov     sp, x0
    adr     x0, vectors
    msr     vbar_el2, x0
    mov     x0, #HCR_RW              // E2H=0, TGE=0, VM=0: no stage 2
    msr     hcr_el2, x0
    ldr     x0, =SCTLR_EL2_V
    msr     sctlr_el2, x0
    msr     pan, #0
    isb
    PUTS    s_hello

    // Zero the tables, then write the descriptors ({address, value} pairs).
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

    // EL1&0 regime. Programmed while E2H=0: with E2H=1 these names would
    // reach the EL2 registers (the EL1 ones are then *_EL12).
    ldr     x0, =MAIR
    msr     mair_el1, x0
    ldr     x0, =TCR_EL1_V
    msr     tcr_el1, x0
    ldr     x0, =L1
    msr     ttbr0_el1, x0
    ldr     x0, =SCTLR_EL1_V
    msr     sctlr_el1, x0
    isb
    tlbi    alle1
    dsb     sy
    isb

    SECTION s_e2h0
    bl      at_set
    msr     pan, #1
    SECTION s_e2h0
    bl      at_set                   // the 2022 patch ignored PAN here (E2H=0)
    msr     pan, #0

    // E2H=1 with TGE=0: S1E1* still walk the EL1&0 regime set up above.
    ldr     x0, =HCR_RW | HCR_E2H
    msr     hcr_el2, x0
    isb
    SECTION s_e2h1
    bl      at_set
    msr     pan, #1
    SECTION s_e2h1
    bl      at_set                   // RP/WP on 0x1000/0x2000: 0x81f (the 2022 patch: 0x1f, given a shadow MMU)
    msr     pan, #0
    // E2H=1 TGE=1: S1E1* now walk the EL2&0 regime (TTBR0_EL2, same
    // tables), which needs SCTLR_EL2.M=1; L1[1] identity-maps RAM (AP=00).
    ldr     x0, =MAIR
    msr     mair_el2, x0
    ldr     x0, =TCR_EL1_V
    msr     tcr_el2, x0
    ldr     x0, =L1
    msr     ttbr0_el2, x0
    ldr     x0, =HCR_RW | HCR_E2H | 1 << 27
    msr     hcr_el2, x0
    isb
    tlbi    alle2
    dsb     sy
    ldr     x0, =SCTLR_EL2_V | 1
    msr     sctlr_el2, x0
    isb
    SECTION s_tge1
    bl      at_set
    msr     pan, #1
    SECTION s_tge1
    bl      at_set
    msr     pan, #0
    PUTS    s_end
    mov     x0, #0
    b       sh_exit

// at_set: the nine ATs of one section.
at_set:
    mov     x28, x30
    AT_SHOW S1E1R,  0x1000           // EL0 RW page: PAN never affects S1E1R
    AT_SHOW S1E1RP, 0x1000           // PAN=1: permission fault (EL0 can read it)
    AT_SHOW S1E1WP, 0x1000           // PAN=1: permission fault (EL0 can write it)
    AT_SHOW S1E1R,  0x2000           // EL0 RO page
    AT_SHOW S1E1RP, 0x2000           // PAN=1: permission fault (EL0 can read it)
    AT_SHOW S1E1WP, 0x2000           // always a permission fault: read-only at EL1
    AT_SHOW S1E1R,  0x3000           // EL1-only page: PAN has nothing to protect
    AT_SHOW S1E1RP, 0x3000
    AT_SHOW S1E1WP, 0x3000
    ret     x28

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
    .quad L1 + 0 * 8, L2 | TABLE                     // VA [0, 1G) -> level 2
    .quad L2 + 0 * 8, L3 | TABLE                     // VA [0, 2M) -> level 3
    .quad L3 + 1 * 8, 0x40131000 | PAGE | MEM | EL0RW
    .quad L3 + 2 * 8, 0x40132000 | PAGE | MEM | EL0RO
    .quad L3 + 3 * 8, 0x40133000 | PAGE | MEM | EL1RW
    .quad L1 + 1 * 8, 0x40000000 | 1 | MEM             // identity 1 GiB block
descs_end:

s_e2h0:   .asciz "== E2H=0 TGE=0, "
s_e2h1:   .asciz "== E2H=1 TGE=0, "
s_pan:    .asciz "PSTATE.PAN="
s_close:  .asciz " ==\n"
s_hello:  .asciz "pan: AT S1E1R/S1E1RP/S1E1WP from EL2, PSTATE.PAN=0/1, E2H=0/1\n"
s_tge1:   .asciz "== E2H=1 TGE=1, "
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
