/* Test guest riscv64 start-up in C: the vCPU/hart map, the timer's kind and timebase, then the core, on every vCPU. */
#include "guest.h"
#include "platform.h"
#include "riscv64.h"

static uint64_t boot_hart;
static uint64_t timebase;
static bool timebase_from_dtb;

/*
 * vCPU 0 is the hart the loader started (OpenSBI picks one at random on
 * bare QEMU); vCPU n >= 1 is the n-th of the other harts in id order. In a
 * cell, the boot hart is virtual hart 0 and the map is the identity.
 */
void hart_map_init(uint64_t hart)
{
	boot_hart = hart;
}

uint64_t vcpu_hart(unsigned int cpu)
{
	if (cpu == 0)
		return boot_hart;
	return cpu <= boot_hart ? cpu - 1 : cpu;
}

bool timebase_in_dtb(void)
{
	return timebase_from_dtb;
}

uint64_t arch_counter_freq(void)
{
	return timebase;
}

/* First vCPU: a0 = hart id, a1 = DTB (or 0); stvec and stack set. */
void arch_primary_entry(unsigned long hart, unsigned long dtb)
{
	hart_map_init(hart);
	timebase = dtb_timebase(dtb);
	timebase_from_dtb = timebase != 0;
	if (!timebase)
		timebase = PLAT_TIMEBASE_HZ;
	timer_setup();
	guest_main();
}

void arch_secondary_entry(unsigned long cpu)
{
	arch_irq_init();
	secondary_main(cpu);
}
