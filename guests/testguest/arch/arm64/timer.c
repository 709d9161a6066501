/* Test guest timer on arm64: the architected virtual counter and timer (PPI 27). */
#include <asm/sysreg.h>

#include "guest.h"

#define CNTV_CTL_ENABLE 1

uint64_t arch_counter(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

uint64_t arch_counter_freq(void)
{
	return read_sysreg(cntfrq_el0) & 0xffffffff;
}

void arch_timer_set(uint64_t deadline)
{
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}

void arch_timer_stop(void)
{
	write_sysreg(cntv_ctl_el0, 0);
	isb();
}
