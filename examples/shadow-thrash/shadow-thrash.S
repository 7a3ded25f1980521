// shadow-thrash: a guest hypervisor that runs two L2 guests on two vCPUs and
// thrashes the host's shadow stage-2 MMUs (2 per vCPU = 4 for the VM).
// Each vCPU owns three stage-2 contexts (VMIDs 1-3 on cpu0, 4-6 on cpu1, each
// with its own tables), so 6 live VTTBRs compete for 4 shadow MMUs and the host
// must recycle them round robin (shadow-mmu evict). Every round ends with
// TLBI VMALLS12E1IS; in round 2 the guest data page of the second context is
// remapped to another PA and invalidated with TLBI IPAS2E1IS (shadow unmap),
// so that guest then reads a different value.
// The L2 guest (EL1h, MMU off, so VA = IPA) adds x1 to the word at IPA x0 and
// returns the sum in x0 with HVC #1. Only cpu0 prints: cpu1 stores its results
// and raises a flag, cpu0 waits for it and prints both vCPUs' rounds. The two
// vCPUs run their rounds in lock step, so eviction happens however they interleave.
// Run:  node dist/cli.js run --cpus 2 --nested --trace mmu,s2 examples/shadow-thrash/shadow-thrash.elf
    .equ ROUNDS,    4
    .equ REMAP_R,   2                   // round in which context 1 is remapped
    .equ STACK0,    0x40188000          // L1 stacks (one per vCPU)
    .equ STACK1,    0x40190000
    .equ DATA,      0x40100000          // + cpu*0x10000 + k*0x1000: data pages (k=3: remap target)
    .equ S2BASE,    0x40140000          // + ctx*0x3000: L1, L2, L3 stage-2 tables of context ctx
    .equ RAM,       0x40000000
    .equ S2_PAGE,   0x7ff               // page desc: AF, SH=inner, S2AP=RW, MemAttr=Normal WB
    .equ VTCR,      0x80000060          // T0SZ=32 (4 GiB IPA), SL0=1 (start L1), 4K, NC walks, PS=32 bits
    .equ HCR_RW,    (1 << 31)
    .equ HCR_VM,    1

    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =STACK0
    mov     sp, x0
    adr     x0, vectors
    msr     vbar_el2, x0
    isb
    adr     x0, s_hello
    bl      puts
    bl      setup
    // PSCI CPU_ON(cpu1, secondary, 0)
    ldr     x0, =0xc4000003
    mov     x1, #1
    adr     x2, secondary
    mov     x3, #0
    smc     #0
    cbz     x0, 1f
    adr     x0, s_cpuon
    bl      puts
    mov     x0, #2
    b       sh_exit
1:  mov     x19, #0
    bl      worker
    // wait for cpu1's results
2:  adr     x0, done_flag
    ldr     x1, [x0]
    cbnz    x1, 3f
    wfe
    b       2b
3:  dmb     ish
    // print: results are stored in (cpu, round, ctx) order
    adr     x24, results
    mov     x19, #0                     // cpu
4:  mov     x20, #0                     // round
5:  mov     x23, #0                     // ctx
6:  add     x21, x19, x19, lsl #1
    add     x21, x21, x23
    add     x21, x21, #1                // vmid = cpu*3 + ctx + 1
    ldr     x22, [x24], #8
    bl      print_line
    add     x23, x23, #1
    cmp     x23, #3
    b.lo    6b
    add     x20, x20, #1
    cmp     x20, #ROUNDS
    b.lo    5b
    add     x19, x19, #1
    cmp     x19, #2
    b.lo    4b
    adr     x0, s_end
    bl      puts
    mov     x0, #0
    b       sh_exit

secondary:
    ldr     x0, =STACK1
    mov     sp, x0
    adr     x0, vectors
    msr     vbar_el2, x0
    isb
    mov     x19, #1
    bl      worker
    dsb     ish                         // results before the flag
    adr     x0, done_flag
    mov     x1, #1
    str     x1, [x0]
    dsb     ish
    sev
    ldr     x0, =0x84000002             // PSCI CPU_OFF
    smc     #0
7:  wfe
    b       7b

// setup: data pages and the six stage-2 contexts (cpu c, ctx k -> index c*3+k).
// Context k maps the cpu's data IPA DATA+c*0x10000 to PA DATA+c*0x10000+k*0x1000
// (k=0 identity); all other pages of the first 2 MiB of RAM are identity.
setup:
    mov     x0, #0                      // cpu
1:  mov     x1, #0                      // k (0..3)
2:  ldr     x2, =DATA
    add     x2, x2, x0, lsl #16
    add     x2, x2, x1, lsl #12
    lsl     x3, x0, #12
    add     x4, x1, #1
    add     x3, x3, x4, lsl #8          // initial value cpu*0x1000 + (k+1)*0x100
    str     w3, [x2]
    add     x1, x1, #1
    cmp     x1, #4
    b.lo    2b
    mov     x1, #0                      // k (0..2): tables
3:  add     x5, x0, x0, lsl #1
    add     x5, x5, x1                  // ctx index
    mov     x6, #0x3000
    ldr     x7, =S2BASE
    madd    x7, x5, x6, x7              // x7 = L1 table, +0x1000 L2, +0x2000 L3
    mov     x8, x7
    add     x9, x7, #0x2000
4:  stp     xzr, xzr, [x8], #16         // zero L1 and L2
    cmp     x8, x9
    b.lo    4b
    add     x10, x7, #0x1000
    orr     x10, x10, #3
    str     x10, [x7, #8]               // L1[1]: 0x40000000-0x7fffffff -> L2
    add     x10, x7, #0x2000
    orr     x10, x10, #3
    add     x11, x7, #0x1000
    str     x10, [x11]                  // L2[0]: 0x40000000-0x401fffff -> L3
    ldr     x12, =(RAM | S2_PAGE)
    mov     x13, #0
5:  str     x12, [x9, x13, lsl #3]      // L3[j] identity
    add     x12, x12, #0x1000
    add     x13, x13, #1
    cmp     x13, #512
    b.lo    5b
    ldr     x12, =(DATA | S2_PAGE)
    add     x12, x12, x0, lsl #16
    add     x12, x12, x1, lsl #12
    mov     x13, #0x100
    add     x13, x13, x0, lsl #4        // index of the data IPA page
    str     x12, [x9, x13, lsl #3]
    add     x1, x1, #1
    cmp     x1, #3
    b.lo    3b
    add     x0, x0, #1
    cmp     x0, #2
    b.lo    1b
    dsb     ish
    ret

// worker: x19 = cpu. ROUNDS rounds over the cpu's 3 contexts; results to memory.
worker:
    stp     x29, x30, [sp, #-16]!
    ldr     x0, =VTCR
    msr     vtcr_el2, x0
    mov     x0, #0x0800
    movk    x0, #0x30d0, lsl #16        // SCTLR_EL1: RES1 bits, M=0 (L2 VA = IPA)
    msr     sctlr_el1, x0
    adr     x0, guest_vectors
    msr     vbar_el1, x0
    adr     x24, results
    mov     x0, #(ROUNDS * 3 * 8)
    madd    x24, x19, x0, x24           // this cpu's result slots
    mov     x20, #0                     // round
1:  adr     x0, progress                // lock-step: publish my round, wait
    str     x20, [x0, x19, lsl #3]      // until the other vCPU reached it, so
    dsb     ish                         // both vCPUs' 6 contexts compete for
    sev                                 // the 4 shadow MMUs in every round
    eor     x1, x19, #1
8:  ldr     x2, [x0, x1, lsl #3]
    cmp     x2, x20
    b.hs    9f
    wfe
    b       8b
9:  mov     x21, #0                     // ctx
2:  add     x22, x19, x19, lsl #1
    add     x22, x22, x21               // ctx index
    mov     x0, #0x3000
    ldr     x1, =S2BASE
    madd    x1, x22, x0, x1             // L1 table
    add     x0, x22, #1                 // vmid
    orr     x0, x1, x0, lsl #48
    msr     vttbr_el2, x0
    ldr     x0, =(HCR_RW | HCR_VM)
    msr     hcr_el2, x0
    isb
    cmp     x20, #REMAP_R
    ccmp    x21, #1, #0, eq
    b.ne    3f
    bl      remap
3:  ldr     x0, =DATA
    add     x0, x0, x19, lsl #16        // data IPA
    add     x1, x20, #1                 // increment: round + 1
    bl      run_guest
    str     x0, [x24], #8
    add     x21, x21, #1
    cmp     x21, #3
    b.lo    2b
    tlbi    vmalls12e1is                // drop the last context's stage 1+2
    dsb     ish
    isb
    add     x20, x20, #1
    cmp     x20, #ROUNDS
    b.lo    1b
    mov     x0, #HCR_RW
    msr     hcr_el2, x0
    isb
    ldp     x29, x30, [sp], #16
    ret

// remap: point the data IPA of the current context (x1 = its L1 table, x19 = cpu)
// at page k=3, then invalidate that IPA (break-before-make is not needed: the
// guest is not running).
remap:
    add     x9, x1, #0x2000             // L3 table
    ldr     x10, =(DATA | S2_PAGE)
    add     x10, x10, x19, lsl #16
    add     x10, x10, #0x3000
    mov     x11, #0x100
    add     x11, x11, x19, lsl #4
    str     x10, [x9, x11, lsl #3]
    dsb     ish
    ldr     x0, =DATA
    add     x0, x0, x19, lsl #16
    lsr     x0, x0, #12                 // Xt = IPA[47:12]
    tlbi    ipas2e1is, x0
    dsb     ish
    tlbi    vmalle1is
    dsb     ish
    isb
    ret

// run_guest: x0, x1 = L2's x0, x1; returns L2's x0 at its HVC #1.
run_guest:
    stp     x19, x20, [sp, #-96]!
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    stp     x25, x26, [sp, #48]
    stp     x27, x28, [sp, #64]
    stp     x29, x30, [sp, #80]
    adr     x9, guest_entry
    msr     elr_el2, x9
    mov     x9, #0x3c5                  // EL1h, DAIF masked
    msr     spsr_el2, x9
    isb
    eret
guest_back:
    ldp     x21, x22, [sp, #16]
    ldp     x23, x24, [sp, #32]
    ldp     x25, x26, [sp, #48]
    ldp     x27, x28, [sp, #64]
    ldp     x29, x30, [sp, #80]
    ldp     x19, x20, [sp], #96
    ret

// Lower-EL synchronous exception: only HVC #1 from the guest is expected.
lower_sync:
    mrs     x9, esr_el2
    lsr     x10, x9, #26
    cmp     x10, #0x16                  // EC = HVC64
    and     x10, x9, #0xffff
    ccmp    x10, #1, #0, eq
    b.ne    unexpected
    b       guest_back

unexpected:
    adr     x0, s_exc
    bl      puts
    mrs     x0, esr_el2
    bl      puthex
    adr     x0, s_elr
    bl      puts
    mrs     x0, elr_el2
    bl      puthex
    adr     x0, s_nl
    bl      puts
    mov     x0, #1
    b       sh_exit

// ---- the L2 guest (EL1, stage 1 off) ----
guest_entry:
    ldr     w2, [x0]
    add     w2, w2, w1
    str     w2, [x0]
    mov     w0, w2
    hvc     #1
    b       .

// print_line: "cpu<x19> round <x20> vmid <x21> -> 0x<x22 as 8 hex digits>\n"
print_line:
    mov     x15, x30
    adr     x3, linebuf
    adr     x1, s_cpu
    bl      cat
    add     w4, w19, #'0'
    strb    w4, [x3], #1
    adr     x1, s_round
    bl      cat
    add     w4, w20, #'0'
    strb    w4, [x3], #1
    adr     x1, s_vmid
    bl      cat
    add     w4, w21, #'0'
    strb    w4, [x3], #1
    adr     x1, s_arrow
    bl      cat
    mov     x5, x22
    mov     x4, #28
    bl      hexdigits
    mov     w4, #'\n'
    strb    w4, [x3], #1
    strb    wzr, [x3]
    adr     x0, linebuf
    bl      puts
    ret     x15
cat:                                    // append string x1 at x3
    ldrb    w4, [x1], #1
    cbz     w4, 1f
    strb    w4, [x3], #1
    b       cat
1:  ret
hexdigits:                              // append x5 bits [x4+3:0] as hex at x3
    lsr     x6, x5, x4
    and     x6, x6, #0xf
    add     x7, x6, #'0'
    cmp     x6, #10
    add     x6, x6, #('a' - 10)
    csel    x6, x7, x6, lo
    strb    w6, [x3], #1
    subs    x4, x4, #4
    b.ge    hexdigits
    ret

// puts(x0 = string) via SYS_WRITE0; puthex(x0) 16 hex digits; sh_exit(x0 = code)
puts:
    mov     x1, x0
    mov     w0, #0x04
    hlt     #0xf000
    ret
puthex:
    mov     x16, x30
    mov     x5, x0
    adr     x3, linebuf
    mov     x4, #60
    bl      hexdigits
    strb    wzr, [x3]
    adr     x0, linebuf
    bl      puts
    ret     x16
sh_exit:
    adr     x1, exit_block
    str     x0, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000
    b       .

    .ltorg
    .balign 2048
vectors:                                // EL2: 0x400 = sync from a lower EL (AArch64)
    .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    .if     \n == 8
    b       lower_sync
    .else
    b       unexpected
    .endif
    .endr
    .balign 2048
guest_vectors:                          // L2's EL1 vectors: any exception -> HVC #0xbad
    .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    hvc     #0xbad
    .endr

    .section .rodata
s_hello: .asciz "shadow-thrash: 2 vCPUs x 3 stage-2 contexts x 4 rounds\n"
s_cpuon: .asciz "PSCI CPU_ON failed\n"
s_cpu:   .asciz "cpu"
s_round: .asciz " round "
s_vmid:  .asciz " vmid "
s_arrow: .asciz " -> 0x"
s_exc:   .asciz "UNEXPECTED EXCEPTION ESR="
s_elr:   .asciz " ELR="
s_nl:    .asciz "\n"
s_end:   .asciz "END\n"
    .data
    .balign 8
exit_block: .quad 0x20026, 0
done_flag:  .quad 0
progress:   .quad 0, 0                  // round each vCPU has reached
results:    .space 2 * ROUNDS * 3 * 8
linebuf:    .space 64
