/* c-hypervisor: L2, the guest. It runs at EL1 with its stage 1 off (VA = IPA), on the
 * stage 2 hyp.c built: it reads one mapped IPA, then one IPA L1 maps only when the
 * read faults, and reports both to L1 with HVC. */
#include "hyp.h"

/* HVC #0 with the function in x0 and arguments in x1, x2; L1 returns a value in x0. */
static inline u64 hypercall(u64 function, u64 arg1, u64 arg2)
{
	register u64 x0 asm("x0") = function;
	register u64 x1 asm("x1") = arg1;
	register u64 x2 asm("x2") = arg2;

	asm volatile("hvc #0" : "+r"(x0) : "r"(x1), "r"(x2) : "memory");
	return x0;
}

/* One 64-bit load into x0, so the ESR_EL2 of a stage-2 fault on it (ISS.SRT = 0) is the
 * same at -O0 and -O2. */
static inline u64 guest_read(u64 ipa)
{
	register u64 x0 asm("x0");

	asm volatile("ldr %0, [%1]" : "=r"(x0) : "r"(ipa) : "memory");
	return x0;
}

static __attribute__((noinline, noclone)) u64 read_and_report(u64 ipa)
{
	u64 value = guest_read(ipa);

	hypercall(HC_REPORT, ipa, value);
	return value;
}

void guest_main(void)
{
	u64 reads = 0;

	read_and_report(GUEST_DATA_IPA);    /* mapped: IPA 0x40200000 -> PA 0x40300000 */
	reads++;
	read_and_report(LAZY_IPA);          /* unmapped: stage-2 fault, L1 maps it, retry */
	reads++;
	hypercall(HC_DONE, reads, 0);
	for (;;)
		;
}
