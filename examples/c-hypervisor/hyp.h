/* c-hypervisor: what hyp.c (L1, the guest hypervisor), guest.c (L2, its guest) and
 * start.s (entry and EL2 vectors) agree on. */
#ifndef HYP_H
#define HYP_H

typedef unsigned long u64;
typedef unsigned int u32;

/* The guest's view of memory (IPA) and where L1 puts it (PA).
 *   IPA 0x40000000 +2M -> PA 0x40000000  block: this image (L2's code) and L2's stack
 *   IPA 0x40200000 +4K -> PA 0x40300000  page:  L2's data, IPA != PA
 *   IPA 0x40201000 +4K -> PA 0x40301000  page:  mapped only when L2 faults on it */
#define IMAGE_IPA       0x40000000UL
#define GUEST_DATA_IPA  0x40200000UL
#define GUEST_DATA_PA   0x40300000UL
#define LAZY_IPA        0x40201000UL
#define LAZY_PA         0x40301000UL
#define PAGE_SIZE       0x1000UL
#define BLOCK_SIZE      0x200000UL

/* Hypercalls: L2 puts the function in x0 and the arguments in x1, x2, then HVC #0. */
#define HC_REPORT       1   /* x1 = IPA read, x2 = value read */
#define HC_DONE         2   /* x1 = number of reads */

/* What start.s saves on L1's stack when L2 traps to EL2 (288 bytes; SP stays 16-aligned). */
struct frame {
	u64 x[31];          /* x0..x30 of the guest                   (offset   0) */
	u64 elr;            /* ELR_EL2: where the guest resumes       (offset 248) */
	u64 spsr;           /* SPSR_EL2: the guest's PSTATE           (offset 256) */
	u64 vector;         /* offset of the vector taken             (offset 264) */
	u64 fp, lr;         /* a frame record {guest x29, guest PC}   (offset 272) */
};

/* Linker-script symbols. */
extern char __guest_stack_top[];

/* start.s: zero x0..x30 and ERET (to ELR_EL2, in the mode SPSR_EL2 says). */
void eret_to_guest(void) __attribute__((noreturn));

/* hyp.c */
int main(void);
void handle_exit(struct frame *f);
void handle_unexpected(struct frame *f);

/* guest.c: L2's entry point (runs at EL1 with its stage 1 off: VA = IPA). */
void guest_main(void) __attribute__((noreturn));

#endif
