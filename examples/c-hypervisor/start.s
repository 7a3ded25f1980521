// c-hypervisor: entry point and EL2 vector table (GNU as; no C preprocessor).
//
// _start runs at EL2 with the MMU off: it sets SP and VBAR_EL2, zeroes .bss and calls
// main() (hyp.c). When the guest (L2, at EL1) traps to EL2, the lower-EL synchronous
// vector saves L2's registers in a struct frame (hyp.h) on L1's stack, calls
// handle_exit(frame), restores the (possibly updated) registers and ERETs to L2.
//
// Unwinding from handle_exit() back into the guest works two ways:
//   - frame pointers: the frame holds a frame record {L2's x29, L2's PC}, and x29
//     points at it while handle_exit() runs;
//   - DWARF CFI (.debug_frame): el2_lower_sync is a signal frame whose return column
//     is the PC (DWARF register 32), saved in the frame from ELR_EL2 (DWARF register 33,
//     ELR_mode, in the AArch64 DWARF ABI).
//
// struct frame layout (hyp.h), 288 bytes:
//   x0..x30 at 0..240, ELR_EL2 at 248, SPSR_EL2 at 256, vector offset at 264,
//   frame record {x29, ELR_EL2} at 272.
        .equ    FRAME_SIZE, 288
        .equ    F_ELR,      248
        .equ    F_SPSR,     256
        .equ    F_VECTOR,   264
        .equ    F_RECORD,   272

        .file   "start.s"
        .cfi_sections .debug_frame

        .section .text.boot, "ax"
        .global _start
        .type   _start, %function
_start:
        .cfi_startproc
        .cfi_undefined x30              // outermost frame: no caller
        ldr     x0, =__stack_top
        mov     sp, x0
        adr     x0, el2_vectors
        msr     vbar_el2, x0
        isb
        ldr     x0, =__bss_start        // zero .bss (C's static variables)
        ldr     x1, =__bss_end
1:      cmp     x0, x1
        b.hs    2f
        str     xzr, [x0], #8
        b       1b
2:      mov     x29, #0                 // end of the frame-record chain
        bl      main
        b       .                       // main() does not return (it enters the guest)
        .cfi_endproc
        .size   _start, . - _start

// ---- Saving and restoring a struct frame ----------------------------------------------

        // stp two registers into the frame, and tell the unwinder where they are.
        .macro  save_pair, ra, rb, off
        stp     \ra, \rb, [sp, #\off]
        .cfi_rel_offset \ra, \off
        .cfi_rel_offset \rb, \off + 8
        .endm

        // Everything but x0 and x1 (already at [sp, #0]); x0 ends up holding ELR_EL2.
        .macro  save_rest
        save_pair x2, x3, 16
        save_pair x4, x5, 32
        save_pair x6, x7, 48
        save_pair x8, x9, 64
        save_pair x10, x11, 80
        save_pair x12, x13, 96
        save_pair x14, x15, 112
        save_pair x16, x17, 128
        save_pair x18, x19, 144
        save_pair x20, x21, 160
        save_pair x22, x23, 176
        save_pair x24, x25, 192
        save_pair x26, x27, 208
        save_pair x28, x29, 224
        mrs     x0, elr_el2
        mrs     x1, spsr_el2
        stp     x30, x0, [sp, #240]
        .cfi_rel_offset x30, 240
        .cfi_rel_offset 32, F_ELR       // the interrupted PC is now in the frame
        str     x1, [sp, #F_SPSR]
        stp     x29, x0, [sp, #F_RECORD] // frame record: {L2's x29, L2's PC}
        add     x29, sp, #F_RECORD
        .endm

// ---- Lower EL (L2), synchronous: HVC, stage-2 aborts, trapped instructions ------------

        .text
        .type   el2_lower_sync, %function
el2_lower_sync:
        .cfi_startproc
        .cfi_signal_frame               // an exception, not a call: PC is exact
        .cfi_return_column 32           // DWARF register 32: PC
        .cfi_register 32, 33            // on entry the PC is in ELR_EL2 (DWARF 33)
        .cfi_remember_state
        sub     sp, sp, #FRAME_SIZE
        .cfi_adjust_cfa_offset FRAME_SIZE
        save_pair x0, x1, 0
        save_rest
        mov     x1, #0x400
        str     x1, [sp, #F_VECTOR]
        mov     x0, sp
        bl      handle_exit             // handle_exit(struct frame *f)
        ldp     x0, x1, [sp, #F_ELR]    // ELR_EL2, SPSR_EL2: handle_exit may change them
        msr     elr_el2, x0
        msr     spsr_el2, x1
        ldp     x0, x1, [sp, #0]
        ldp     x2, x3, [sp, #16]
        ldp     x4, x5, [sp, #32]
        ldp     x6, x7, [sp, #48]
        ldp     x8, x9, [sp, #64]
        ldp     x10, x11, [sp, #80]
        ldp     x12, x13, [sp, #96]
        ldp     x14, x15, [sp, #112]
        ldp     x16, x17, [sp, #128]
        ldp     x18, x19, [sp, #144]
        ldp     x20, x21, [sp, #160]
        ldp     x22, x23, [sp, #176]
        ldp     x24, x25, [sp, #192]
        ldp     x26, x27, [sp, #208]
        ldp     x28, x29, [sp, #224]
        ldr     x30, [sp, #240]
        add     sp, sp, #FRAME_SIZE
        .cfi_restore_state              // as on entry: every register live, the PC in ELR_EL2
        eret
        .cfi_endproc
        .size   el2_lower_sync, . - el2_lower_sync

// ---- eret_to_guest(): enter L2 at ELR_EL2 with SPSR_EL2 --------------------------------
// Called last by enter_guest() (hyp.c); does not return. Empties L1's stack (every exit
// from L2 starts on a fresh one) and zeroes x0..x30, so L2 sees none of L1's values and
// its frame-record chain starts with x29 = 0.

        .global eret_to_guest
        .type   eret_to_guest, %function
eret_to_guest:
        .cfi_startproc
        ldr     x0, =__stack_top
        mov     sp, x0
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
        mov     x\n, #0
        .endr
        eret
        .cfi_endproc
        .size   eret_to_guest, . - eret_to_guest

// ---- Every other vector: report and stop ----------------------------------------------
// The vector entry has already made the frame, saved x0/x1 and stored its offset.

        .type   el2_unexpected, %function
el2_unexpected:
        .cfi_startproc
        .cfi_signal_frame
        .cfi_return_column 32           // DWARF register 32: PC
        .cfi_register 32, 33
        .cfi_def_cfa_offset FRAME_SIZE
        .cfi_rel_offset x0, 0
        .cfi_rel_offset x1, 8
        save_rest
        mov     x0, sp
        bl      handle_unexpected       // handle_unexpected(struct frame *f): does not return
        b       .
        .cfi_endproc
        .size   el2_unexpected, . - el2_unexpected

// ---- The table (VBAR_EL2): 16 entries of 128 bytes, 2K-aligned ------------------------

        .macro  unexpected_entry, offset
        .balign 128
        sub     sp, sp, #FRAME_SIZE
        stp     x0, x1, [sp, #0]
        mov     x0, #\offset
        str     x0, [sp, #F_VECTOR]
        b       el2_unexpected
        .endm

        .balign 2048
el2_vectors:
        unexpected_entry 0x000          // current EL with SP_EL0: sync, IRQ, FIQ, SError
        unexpected_entry 0x080
        unexpected_entry 0x100
        unexpected_entry 0x180
        unexpected_entry 0x200          // current EL with SP_ELx (an L1 bug)
        unexpected_entry 0x280
        unexpected_entry 0x300
        unexpected_entry 0x380
        .balign 128                     // 0x400: lower EL, AArch64, synchronous
        b       el2_lower_sync
        unexpected_entry 0x480          // lower EL, AArch64: IRQ, FIQ, SError
        unexpected_entry 0x500
        unexpected_entry 0x580
        unexpected_entry 0x600          // lower EL, AArch32
        unexpected_entry 0x680
        unexpected_entry 0x700
        unexpected_entry 0x780
