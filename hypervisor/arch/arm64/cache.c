/* AArch64 data-cache maintenance by VA to the point of coherency. */
#include <hv/arch.h>
#include <asm/sysregs.h>

void arch_dcache_clean(const void *start, size_t size)
{
	u64 line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	u64 addr = (u64)start & ~(line - 1), end = (u64)start + size;

	for (; addr < end; addr += line)
		asm volatile("dc civac, %0" : : "r"(addr) : "memory");
	dsb(sy);
}
