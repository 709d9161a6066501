/* Data cache maintenance for memory shared with the hypervisor and cells. */
#include "driver.h"

#include <linux/sched.h>
#include <linux/sizes.h>
#include <asm/sysreg.h>

/*
 * Clean and invalidate [start, start + size) to the point of coherency, so
 * that an observer with caches off (the hypervisor at entry, a cell with its
 * MMU off) sees what was written, and later reads fetch from memory.
 */
void hvisor_dcache_clean_inval(const void *start, size_t size)
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
