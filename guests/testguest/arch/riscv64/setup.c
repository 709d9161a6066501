/* Test guest riscv64 start-up in C: the timer's kind and timebase, then the core, on every vCPU. */
#include "guest.h"
#include "platform.h"
#include "riscv64.h"

static uint64_t timebase;
static bool timebase_from_dtb;

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
