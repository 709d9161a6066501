/* AArch64 data cache maintenance: dc civac by line to PoC. */
#include "../../driver.h"

#include <linux/sched.h>
#include <linux/sizes.h>
#include <asm/sysreg.h>

void hvisor_arch_dcache_clean_inval(const void *start, size_t size)
{
	u64 ctr = read_sysreg(ctr_el0);
	unsigned long line = 4UL << ((ctr >> 16) & 0xf); /* DminLine */
	unsigned long first = ALIGN_DOWN((unsigned long)start, line);
	unsigned long end = (unsigned long)start + size;
	unsigned long p;

	/* ranges under 1 MiB never sleep: callable from a wait condition */
	for (p = first; p < end; p += line) {
		asm volatile("dc civac, %0" : : "r"(p) : "memory");
		if (p != first && IS_ALIGNED(p - first, SZ_1M))
			cond_resched();
	}
	asm volatile("dsb sy" : : : "memory");
}
