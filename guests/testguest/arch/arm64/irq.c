/* Test guest interrupts on arm64: set-up per vCPU, dispatch to the core, IPIs. */
#include "console.h"
#include "gic.h"
#include "guest.h"
#include "platform.h"

void arch_irq_init(void)
{
	if (arch_cpu_id() == 0)
		gic_init_distributor();
	gic_init_cpu();
	gic_enable_ppi(PLAT_SGI_PING);
	gic_enable_ppi(PLAT_SGI_PONG);
	if (arch_cpu_id() == 0) {
		gic_enable_ppi(PLAT_TIMER_IRQ);
		gic_enable_spi(PLAT_MAILBOX_IRQ, true);
	}
}

void arch_enable_device_irq(unsigned int irq)
{
	gic_enable_spi(irq, false);
}

void arch_raise_doorbell_for_test(void)
{
	gic_set_pending(PLAT_MAILBOX_IRQ);
}

void arch_send_ipi(unsigned int cpu, enum ipi ipi)
{
	/* vCPU n has MPIDR affinity n (Aff0), see platform.h */
	gic_send_sgi(cpu, ipi == IPI_PING ? PLAT_SGI_PING : PLAT_SGI_PONG);
}

static void dispatch(unsigned int irq)
{
	switch (irq) {
	case PLAT_TIMER_IRQ:
		timer_interrupt();
		break;
	case PLAT_MAILBOX_IRQ:
		agent_doorbell_interrupt();
		break;
	case PLAT_UART_IRQ:
		pl011_interrupt();
		break;
	case PLAT_SGI_PING:
		ipi_interrupt(IPI_PING);
		break;
	case PLAT_SGI_PONG:
		ipi_interrupt(IPI_PONG);
		break;
	case PLAT_RTC_IRQ:
		rtc_interrupt();
		break;
	case PLAT_PMU_IRQ:
		pmu_interrupt();
		break;
	default:
		if (device_interrupt(irq))
			break;
		console_printf("vCPU %u: unexpected interrupt %u\n",
			       arch_cpu_id(), irq);
		break;
	}
}

/* IRQ exception (interrupts masked): serve everything pending. */
void arch_irq_exception(void)
{
	unsigned int irq;

	while ((irq = gic_ack()) < 1020) {
		dispatch(irq);
		gic_eoi(irq);
	}
}
