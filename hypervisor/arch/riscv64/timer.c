/* riscv64 time and waits: the time CSR in milliseconds, a vCPU's sleep with an HS stimecmp deadline (Sstc), a guest's trapped WFI. */
#include <hv/arch.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <asm/aia.h>
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

/* The HS interrupts pending after a wait at HS, handled as if they had trapped. */
static void take_pending(struct per_cpu *c)
{
	u64 pending = csr_read(sip) & csr_read(sie);

	if (pending & SIE_SSIE)
		riscv64_take_interrupt(c, IRQ_S_SOFT);
	if (pending & SIE_SEIE)
		riscv64_take_interrupt(c, IRQ_S_EXT);
}

/*
 * A wait at HS until deadline (ticks, -1: none) or an interrupt pending
 * and enabled in sie (HS mode runs with sstatus.SIE clear: a kick, a
 * physical external interrupt, the deadline in stimecmp, which the guest
 * cannot touch: its timer is vstimecmp), and, with guest, in hie (the
 * guest's own, as it enabled them in vsie; under AIA its guest file
 * too). The pending HS ones are then handled as if they had trapped.
 */
static void wait_at_hs(struct per_cpu *c, u64 deadline, bool guest)
{
	u64 hie = 0;

	if (guest) {
		riscv64_aia_wake_on_guest_file(true);
	} else {
		hie = csr_read(CSR_HIE);
		csr_write(CSR_HIE, 0);
	}
	if (deadline != -1UL) {
		csr_write(CSR_STIMECMP, deadline);
		csr_set(sie, SIE_STIE);
	}
	asm volatile("fence rw, rw\n\twfi" ::: "memory");
	if (deadline != -1UL) {
		csr_clear(sie, SIE_STIE);
		csr_write(CSR_STIMECMP, -1UL);
	}
	if (guest)
		riscv64_aia_wake_on_guest_file(false);
	else
		csr_write(CSR_HIE, hie);
	take_pending(c);
}

/*
 * The guest's own interrupts do not end this sleep: a vCPU in a blocking
 * access cannot take them before it returns to the guest, and one that
 * stays pending (its timer, due meanwhile) would end every wfi at once,
 * so the wait would spin until its answer came (counted: the ring's
 * wait_sleeps). hie is cleared for the wait and given back after.
 */
void arch_vcpu_sleep(struct vcpu *v, u64 deadline_ms)
{
	wait_at_hs(vcpu_per_cpu(v), riscv64_ms_to_ticks(deadline_ms), false);
}

void riscv64_guest_suspend(struct per_cpu *c, u64 deadline_ms)
{
	wait_at_hs(c, riscv64_ms_to_ticks(deadline_ms), true);
}

/*
 * A WFI of the guest's kernel (hstatus.VTW): the wait is made here, at HS,
 * until an interrupt the guest enabled (its timer, IPIs, its guest file
 * under AIA) or one of the hypervisor's is pending. The guest takes its
 * own after the return, whose sret makes the hart look at them again.
 *
 * Why not let WFI run in VS mode: under QEMU 7.2 a hart idle in VS mode
 * could keep its timer interrupt pending and enabled but never taken:
 * WFI returned at once, the interrupt never came, the guest's tick
 * stopped until some other interrupt reached the hart (a root alone on
 * one hart stalled for good). Likely QEMU's riscv_cpu_update_mip(), which
 * reads vstime_irq before it takes the BQL and sets or clears
 * CPU_INTERRUPT_HARD from what it read. With every WFI trapped, the wait's
 * return is an sret that makes QEMU look at the hart's interrupts again:
 * the stalls went away (docs/traps.md). Hardware needs none of this; the
 * cost is an exit per idle entry.
 */
void riscv64_guest_wfi(struct per_cpu *c)
{
	wait_at_hs(c, -1UL, true);
}
