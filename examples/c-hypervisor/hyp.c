/* c-hypervisor: a guest hypervisor (L1) written in C.
 *
 * L1 builds a stage 2 for its guest (L2), enters it at EL1, and handles its exits in
 * handle_exit(), which start.s calls from the EL2 vector with the guest's registers:
 *   - HVC: L2 reports what it read (guest.c);
 *   - a stage-2 data abort: L2 touched an IPA L1 has not mapped yet. L1 reads
 *     ESR_EL2/FAR_EL2/HPFAR_EL2, translates the address with AT S12E1R, maps the page,
 *     invalidates the TLBs (TLBI IPAS2E1IS + VMALLE1IS), translates it again, and
 *     resumes L2 at the faulting load.
 *
 * Bare (L1 at EL2 on the PE):            nvdbg run examples/c-hypervisor/c-hypervisor.elf
 * Nested (L1 at virtual EL2 under KVM):  nvdbg run --nested --trace at,trap,s2,mmu examples/c-hypervisor/c-hypervisor.elf
 * Both print what qemu-system-aarch64 -M virt,virtualization=on -cpu max prints.
 * Build: ./build.sh (GCC, -mgeneral-regs-only: nvdbg has no FP/SIMD).
 */
#include "hyp.h"

/* The functions a reader will want to break in stay real functions even at -O2 (so they
 * show in the call stack); GCC is free to inline the rest (DWARF records that). */
#define noinline __attribute__((noinline, noclone))

/* ---- System registers: one small inline function per instruction ------------------ */

static inline u64 read_currentel(void) { u64 v; asm volatile("mrs %0, currentel"  : "=r"(v)); return v; }
static inline u64 read_esr_el2(void)   { u64 v; asm volatile("mrs %0, esr_el2"    : "=r"(v)); return v; }
static inline u64 read_far_el2(void)   { u64 v; asm volatile("mrs %0, far_el2"    : "=r"(v)); return v; }
static inline u64 read_hpfar_el2(void) { u64 v; asm volatile("mrs %0, hpfar_el2"  : "=r"(v)); return v; }
static inline u64 read_vtcr_el2(void)  { u64 v; asm volatile("mrs %0, vtcr_el2"   : "=r"(v)); return v; }
static inline u64 read_vttbr_el2(void) { u64 v; asm volatile("mrs %0, vttbr_el2"  : "=r"(v)); return v; }
static inline u64 read_hcr_el2(void)   { u64 v; asm volatile("mrs %0, hcr_el2"    : "=r"(v)); return v; }
static inline u64 read_par_el1(void)   { u64 v; asm volatile("mrs %0, par_el1"    : "=r"(v)); return v; }

static inline void write_vtcr_el2(u64 v)  { asm volatile("msr vtcr_el2, %0"   : : "r"(v) : "memory"); }
static inline void write_vttbr_el2(u64 v) { asm volatile("msr vttbr_el2, %0"  : : "r"(v) : "memory"); }
static inline void write_hcr_el2(u64 v)   { asm volatile("msr hcr_el2, %0"    : : "r"(v) : "memory"); }
static inline void write_sctlr_el1(u64 v) { asm volatile("msr sctlr_el1, %0"  : : "r"(v) : "memory"); }
static inline void write_sp_el1(u64 v)    { asm volatile("msr sp_el1, %0"     : : "r"(v) : "memory"); }
static inline void write_spsr_el2(u64 v)  { asm volatile("msr spsr_el2, %0"   : : "r"(v) : "memory"); }
static inline void write_elr_el2(u64 v)   { asm volatile("msr elr_el2, %0"    : : "r"(v) : "memory"); }

static inline void isb(void)               { asm volatile("isb"                 : : : "memory"); }
static inline void dsb_ish(void)           { asm volatile("dsb ish"             : : : "memory"); }
static inline void dsb_ishst(void)         { asm volatile("dsb ishst"           : : : "memory"); }

/* Stage 1+2 translation of an EL1 address, as the guest would see it; result in PAR_EL1. */
static inline u64 at_s12e1r(u64 va)
{
	asm volatile("at s12e1r, %0" : : "r"(va) : "memory");
	isb();
	return read_par_el1();
}

static inline u64 at_s12e1w(u64 va)
{
	asm volatile("at s12e1w, %0" : : "r"(va) : "memory");
	isb();
	return read_par_el1();
}

/* Invalidate stage-2 entries for one IPA (the operand is IPA[47:12]), Inner Shareable. */
static inline void tlbi_ipas2e1is(u64 ipa)
{
	asm volatile("tlbi ipas2e1is, %0" : : "r"(ipa >> 12) : "memory");
}

/* Invalidate the combined stage 1+2 entries of the current VMID, Inner Shareable. */
static inline void tlbi_vmalle1is(void)
{
	asm volatile("tlbi vmalle1is" : : : "memory");
}

/* ---- Output through Arm semihosting (HLT #0xF000) ----------------------------------- */

#define SYS_WRITE0 0x04
#define SYS_EXIT   0x18
#define ADP_Stopped_ApplicationExit 0x20026

static long semihost(long op, const void *arg)
{
	register long x0 asm("x0") = op;
	register const void *x1 asm("x1") = arg;
	asm volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

static void puts(const char *s)
{
	semihost(SYS_WRITE0, s);
}

/* 16 hex digits, no prefix, no newline. */
static void puthex(u64 v)
{
	char buf[17];
	int i;

	for (i = 15; i >= 0; i--) {
		u32 digit = v & 0xf;
		buf[i] = digit < 10 ? '0' + digit : 'a' + digit - 10;
		v >>= 4;
	}
	buf[16] = '\0';
	puts(buf);
}

/* "label" then the value in hex, then a newline. */
static noinline void putkv(const char *label, u64 value)
{
	puts(label);
	puthex(value);
	puts("\n");
}

static void __attribute__((noreturn)) semihost_exit(u32 code)
{
	u64 block[2] = { ADP_Stopped_ApplicationExit, code };

	semihost(SYS_EXIT, block);
	for (;;)
		;
}

/* ---- Stage-2 tables ------------------------------------------------------------------
 * 4K granule, 32-bit IPA space (T0SZ = 32), walks start at level 1: a level-1 table
 * (1G entries), level-2 tables (2M entries) and level-3 tables (4K entries). The tables
 * come from a pool at a fixed PA outside the guest's IPA space. */

#define S2_POOL         0x40400000UL
#define S2_POOL_PAGES   4
#define PTES_PER_TABLE  512

#define DESC_VALID      (1UL << 0)
#define DESC_TABLE      (1UL << 1)      /* levels 0-2: next-level table */
#define DESC_PAGE       (1UL << 1)      /* level 3: page */
#define S2_MEMATTR_WB   (0xfUL << 2)    /* Normal, Inner/Outer Write-Back */
#define S2AP_RO         (1UL << 6)
#define S2AP_RW         (3UL << 6)
#define SH_ISH          (3UL << 8)
#define DESC_AF         (1UL << 10)
#define DESC_ADDR_MASK  0x0000fffffffff000UL

#define S2_NORMAL_RW    (S2_MEMATTR_WB | S2AP_RW | SH_ISH | DESC_AF)
#define S2_NORMAL_RO    (S2_MEMATTR_WB | S2AP_RO | SH_ISH | DESC_AF)

static u64 *s2_root;
static unsigned int s2_pages_used;

static void zero_page(u64 *page)
{
	volatile u64 *p = page;     /* volatile: a plain loop would become a memset() call */
	int i;

	for (i = 0; i < PTES_PER_TABLE; i++)
		p[i] = 0;
}

static u64 *alloc_table(void)
{
	u64 *table;

	if (s2_pages_used == S2_POOL_PAGES) {
		puts("L1: out of stage-2 table pages\n");
		semihost_exit(1);
	}
	table = (u64 *)(S2_POOL + s2_pages_used * PAGE_SIZE);
	s2_pages_used++;
	zero_page(table);
	return table;
}

/* Index of `ipa` in a table at `level` (4K granule: 9 bits per level, level 3 = bits 20:12). */
static unsigned int table_index(u64 ipa, int level)
{
	return (ipa >> (12 + 9 * (3 - level))) & (PTES_PER_TABLE - 1);
}

/* The next-level table `table[index]` points to; made (empty) if the entry is invalid. */
static u64 *next_table(u64 *table, unsigned int index)
{
	u64 desc = table[index];
	u64 *next;

	if (desc & DESC_VALID)
		return (u64 *)(desc & DESC_ADDR_MASK);
	next = alloc_table();
	table[index] = (u64)next | DESC_TABLE | DESC_VALID;
	return next;
}

/* Map the 2M block at `ipa` to `pa` (level-2 block descriptor). */
static noinline void map_block(u64 ipa, u64 pa, u64 attrs)
{
	u64 *l2 = next_table(s2_root, table_index(ipa, 1));

	l2[table_index(ipa, 2)] = pa | attrs | DESC_VALID;
}

/* Map the 4K page at `ipa` to `pa` (level-3 page descriptor). */
static noinline void map_page(u64 ipa, u64 pa, u64 attrs)
{
	u64 *l2 = next_table(s2_root, table_index(ipa, 1));
	u64 *l3 = next_table(l2, table_index(ipa, 2));
	unsigned int index = table_index(ipa, 3);

	l3[index] = pa | attrs | DESC_PAGE | DESC_VALID;
	dsb_ishst();                /* the descriptor is visible to the walker before the TLBI */
}

/* After changing the stage 2 of `ipa`: drop what the TLBs may hold for it. */
static noinline void s2_invalidate(u64 ipa)
{
	tlbi_ipas2e1is(ipa);        /* stage-2-only entries for this IPA */
	dsb_ish();
	tlbi_vmalle1is();           /* combined stage 1+2 entries (they are tagged by VA) */
	dsb_ish();
	isb();
}

/* ---- Setting up and entering the guest --------------------------------------------- */

#define GUEST_VMID      5UL
#define VTCR_T0SZ_32    32UL            /* 4 GiB of IPA space */
#define VTCR_SL0_L1     (1UL << 6)      /* 4K granule: start at level 1 */
#define VTCR_IRGN0_WB   (1UL << 8)
#define VTCR_ORGN0_WB   (1UL << 10)
#define VTCR_SH0_ISH    (3UL << 12)
#define VTCR_TG0_4K     (0UL << 14)
#define VTCR_PS_32BIT   (0UL << 16)
#define VTCR_RES1       (1UL << 31)
#define HCR_VM          (1UL << 0)      /* stage 2 on for EL1&0 */
#define HCR_RW          (1UL << 31)     /* EL1 is AArch64 */
#define SPSR_EL1H_DAIF  0x3c5UL         /* EL1h, D, A, I, F masked */

static noinline void build_stage2(void)
{
	s2_root = alloc_table();
	map_block(IMAGE_IPA, IMAGE_IPA, S2_NORMAL_RW);
	puts("L1: stage 2: IPA 0x40000000 +2M -> PA 0x40000000 (block: L2's code and stack)\n");
	map_page(GUEST_DATA_IPA, GUEST_DATA_PA, S2_NORMAL_RW);
	puts("L1: stage 2: IPA 0x40200000 +4K -> PA 0x40300000 (page: L2's data)\n");
	puts("L1: stage 2: IPA 0x40201000     -> nothing yet (mapped when L2 faults on it)\n");
	putkv("L1: stage-2 table pages   = ", s2_pages_used);
}

static noinline void __attribute__((noreturn)) enter_guest(void (*entry)(void), u64 sp)
{
	write_vtcr_el2(VTCR_RES1 | VTCR_PS_32BIT | VTCR_TG0_4K | VTCR_SH0_ISH |
		       VTCR_ORGN0_WB | VTCR_IRGN0_WB | VTCR_SL0_L1 | VTCR_T0SZ_32);
	write_vttbr_el2((GUEST_VMID << 48) | (u64)s2_root);
	write_hcr_el2(HCR_RW | HCR_VM);
	write_sctlr_el1(0);         /* L2's stage 1 off: VA = IPA */
	write_sp_el1(sp);
	write_spsr_el2(SPSR_EL1H_DAIF);
	write_elr_el2((u64)entry);
	isb();
	putkv("L1: VTCR_EL2              = ", read_vtcr_el2());
	putkv("L1: VTTBR_EL2             = ", read_vttbr_el2());
	putkv("L1: HCR_EL2               = ", read_hcr_el2());
	puts("L1: entering L2 at EL1 (VMID 5, stage 1 off)\n");
	eret_to_guest();
}

int main(void)
{
	volatile u64 *data = (volatile u64 *)GUEST_DATA_PA;

	puts("c-hypervisor: a guest hypervisor in C builds a stage 2 for its guest\n");
	putkv("L1: CurrentEL.EL          = ", read_currentel() >> 2);
	/* What L2 will find on its two data pages. */
	data[0] = 0x1111222233334444UL;
	data[PAGE_SIZE / 8] = 0x5555666677778888UL;
	build_stage2();
	enter_guest(guest_main, (u64)__guest_stack_top);
}

/* ---- Exits from the guest ------------------------------------------------------------ */

#define ESR_EC_SHIFT    26
#define EC_HVC64        0x16
#define EC_DABT_LOW     0x24
#define ESR_DFSC_MASK   0x3f
#define DFSC_TRANS_L3   0x07

static unsigned int exits, stage2_faults;

static noinline void handle_hvc(struct frame *f, u64 esr)
{
	u64 function = f->x[0];

	switch (function) {
	case HC_REPORT:
		puts("L2: read IPA ");
		puthex(f->x[1]);
		puts(" = ");
		puthex(f->x[2]);
		puts("\n");
		f->x[0] = 0;        /* the hypercall's return value */
		break;
	case HC_DONE:
		putkv("L2: done, reads           = ", f->x[1]);
		putkv("L1: exits from L2         = ", exits);
		putkv("L1: stage-2 faults        = ", stage2_faults);
		puts("c-hypervisor: done\n");
		semihost_exit(0);
	default:
		putkv("L1: unknown hypercall ", function);
		putkv("L1: ESR_EL2 = ", esr);
		semihost_exit(1);
	}
	/* ELR_EL2 already points after the HVC: returning resumes the guest there. */
}

/* The IPA of a stage-2 fault: HPFAR_EL2.FIPA is IPA[47:12]; the page offset is FAR's. */
static u64 fault_ipa(u64 hpfar, u64 far)
{
	return ((hpfar >> 4) << 12) | (far & (PAGE_SIZE - 1));
}

static noinline void handle_stage2_fault(struct frame *f, u64 esr)
{
	u64 far = read_far_el2();
	u64 hpfar = read_hpfar_el2();
	u64 ipa = fault_ipa(hpfar, far);
	u64 par;

	stage2_faults++;
	putkv("L1: stage-2 fault ESR_EL2 = ", esr);
	putkv("L1:               FAR_EL2 = ", far);
	putkv("L1:             HPFAR_EL2 = ", hpfar);
	putkv("L1:             fault IPA = ", ipa);
	par = at_s12e1r(far);
	putkv("L1: AT S12E1R FAR -> PAR  = ", par);

	if ((esr & ESR_DFSC_MASK) != DFSC_TRANS_L3 ||
	    (ipa & ~(PAGE_SIZE - 1)) != LAZY_IPA) {
		puts("L1: not a fault this hypervisor can fix\n");
		semihost_exit(1);
	}
	map_page(LAZY_IPA, LAZY_PA, S2_NORMAL_RO);
	s2_invalidate(LAZY_IPA);
	puts("L1: mapped IPA 0x40201000 -> PA 0x40301000 read-only, TLBI IPAS2E1IS + VMALLE1IS\n");

	par = at_s12e1r(far);
	putkv("L1: AT S12E1R FAR -> PAR  = ", par);
	par = at_s12e1w(far);       /* read-only at stage 2: a permission fault */
	putkv("L1: AT S12E1W FAR -> PAR  = ", par);
	/* ELR_EL2 still points at the faulting load: returning retries it. */
	(void)f;
}

/* Called by start.s for a synchronous exception from L2, with L2's registers in *f. */
void handle_exit(struct frame *f)
{
	u64 esr = read_esr_el2();
	u32 ec = esr >> ESR_EC_SHIFT;

	exits++;
	switch (ec) {
	case EC_HVC64:
		handle_hvc(f, esr);
		break;
	case EC_DABT_LOW:
		handle_stage2_fault(f, esr);
		break;
	default:
		putkv("L1: unexpected exit, ESR_EL2 = ", esr);
		semihost_exit(1);
	}
}

/* Called by start.s for every other vector (f->vector = its offset in the table). */
void handle_unexpected(struct frame *f)
{
	putkv("L1: unexpected exception, vector offset = ", f->vector);
	putkv("L1: ESR_EL2 = ", read_esr_el2());
	putkv("L1: ELR_EL2 = ", f->elr);
	semihost_exit(1);
}
