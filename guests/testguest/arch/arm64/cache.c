/* Test guest data cache maintenance on arm64, by virtual address range. */
#include <asm/sysreg.h>

#include "arm64.h"

static uintptr_t dcache_line(void)
{
	return 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
}

void dcache_inval_range(uintptr_t start, uintptr_t end)
{
	uintptr_t line = dcache_line();

	for (start &= ~(line - 1); start < end; start += line)
		asm volatile("dc ivac, %0" ::"r"(start) : "memory");
	dsb(sy);
}

void dcache_clean_inval_range(uintptr_t start, uintptr_t end)
{
	uintptr_t line = dcache_line();

	for (start &= ~(line - 1); start < end; start += line)
		asm volatile("dc civac, %0" ::"r"(start) : "memory");
	dsb(sy);
}
