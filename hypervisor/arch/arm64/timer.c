/* AArch64 time: the generic counter in milliseconds, and a vCPU's sleep with an EL2 timer deadline. */
#include <hv/arch.h>
#include <hv/vcpu.h>
#include <asm/gic.h>
#include <asm/sysregs.h>

u64 arch_time_ms(void)
{
	u64 freq = read_sysreg(cntfrq_el0);

	return freq ? read_sysreg(cntpct_el0) / (freq / 1000) : 0;
}

void arch_vcpu_sleep(struct vcpu *v, u64 deadline_ms)
{
	u64 freq = read_sysreg(cntfrq_el0);

	/* the EL2 physical timer wakes us at the deadline at the latest */
	write_sysreg(cnthp_cval_el2, deadline_ms * (freq / 1000));
	write_sysreg(cnthp_ctl_el2, 1);
	isb();
	/* wfi wakes on a pending interrupt even with PSTATE.I masked */
	asm volatile("dsb sy; wfi" ::: "memory");
	write_sysreg(cnthp_ctl_el2, 0);
	vgic_handle_irqs(v);
}
