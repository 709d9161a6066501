/* Test guest timer on riscv64: the time CSR, deadlines in stimecmp (Sstc) or through SBI TIME. */
#include "guest.h"
#include "riscv64.h"

static bool sstc;

/* Once, on the first vCPU: does stimecmp exist (Sstc, enabled for S/VS)? */
void timer_setup(void)
{
	sstc = probe_csr_stimecmp() == 0;
}

bool timer_uses_sstc(void)
{
	return sstc;
}

int timer_use_sbi(bool on)
{
	if (!on && probe_csr_stimecmp())
		return -1; /* no Sstc to go back to */
	arch_timer_stop();
	sstc = !on;
	return 0;
}

uint64_t arch_counter(void)
{
	return csr_read(time);
}

void arch_timer_set(uint64_t deadline)
{
	if (sstc)
		asm volatile("csrw 0x14d, %0" ::"r"(deadline) : "memory");
	else
		sbi_call(SBI_EXT_TIME, 0, deadline, 0, 0);
	csr_set(sie, 1UL << IRQ_S_TIMER);
}

void arch_timer_stop(void)
{
	if (sstc)
		asm volatile("csrw 0x14d, %0" ::"r"(-1UL) : "memory");
	else
		sbi_call(SBI_EXT_TIME, 0, -1UL, 0, 0);
}
