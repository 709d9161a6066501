/* Test guest arm64 start-up in C: vectors and MMU, then the core, on every vCPU. */
#include <asm/sysreg.h>

#include "arm64.h"
#include "guest.h"

/* First vCPU: MMU off, stack of vCPU 0, bss cleared. */
void arch_primary_entry(void)
{
	write_sysreg(vbar_el1, el1_vectors);
	isb();
	mmu_init();
	guest_main();
}

/* Other vCPUs: MMU on, own stack. */
void arch_secondary_entry(unsigned long cpu)
{
	write_sysreg(vbar_el1, el1_vectors);
	isb();
	arch_irq_init();
	secondary_main(cpu);
}
