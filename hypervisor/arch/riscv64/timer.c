/* riscv64 time: the time CSR in milliseconds, and a vCPU's sleep with an HS stimecmp deadline (Sstc). */
#include <hv/arch.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <asm/csr.h>
#include <asm/riscv64.h>

static u64 ticks_per_ms;

int riscv64_timer_init(u64 timebase_hz)
{
	ticks_per_ms = timebase_hz / 1000;
	if (!ticks_per_ms) {
		printk("hvisor: timebase %lu Hz is below 1 kHz\n",
		       (unsigned long)timebase_hz);
		return -EINVAL;
	}
	return 0;
}

u64 riscv64_ms_to_ticks(u64 ms)
{
	return ms * ticks_per_ms;
}

u64 arch_time_ms(void)
{
	return csr_read(time) / ticks_per_ms;
}

/*
 * HS mode runs with sstatus.SIE clear: wfi wakes on any interrupt pending
 * and enabled in sie (a kick, a physical external interrupt, the
 * deadline in stimecmp, which the guest cannot touch: its timer is
 * vstimecmp) and returns here, where the pending ones are handled as if
 * they had trapped.
 */
void arch_vcpu_sleep(struct vcpu *v, u64 deadline_ms)
{
	struct per_cpu *c = vcpu_per_cpu(v);
	u64 pending;

	csr_write(CSR_STIMECMP, riscv64_ms_to_ticks(deadline_ms));
	csr_set(sie, SIE_STIE);
	asm volatile("fence rw, rw\n\twfi" ::: "memory");
	csr_clear(sie, SIE_STIE);
	csr_write(CSR_STIMECMP, -1UL);
	pending = csr_read(sip) & csr_read(sie);
	if (pending & SIE_SSIE)
		riscv64_take_interrupt(c, IRQ_S_SOFT);
	if (pending & SIE_SEIE)
		riscv64_take_interrupt(c, IRQ_S_EXT);
}
