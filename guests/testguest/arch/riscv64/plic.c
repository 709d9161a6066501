/* Test guest PLIC driver on riscv64: the S context of the calling vCPU's hart (a virtual PLIC in a cell). */
#include <asm/mmio.h>

#include "console.h"
#include "guest.h"
#include "platform.h"
#include "riscv64.h"

#define PLIC_PRIORITY(src) (PLAT_PLIC_BASE + 4 * (src))
#define PLIC_ENABLE(ctx, src) \
	(PLAT_PLIC_BASE + 0x2000 + 0x80 * (ctx) + 4 * ((src) / 32))
#define PLIC_THRESHOLD(ctx) (PLAT_PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)

static uint64_t my_context(void)
{
	return PLAT_PLIC_S_CONTEXT(arch_cpu_hwid());
}

/* Each vCPU: every priority passes, external interrupts on. */
void plic_init_hart(void)
{
	mmio_write32(PLIC_THRESHOLD(my_context()), 0);
	csr_set(sie, 1UL << IRQ_S_EXT);
}

/* Priority 1 and enabled in the calling vCPU's context. */
void plic_enable(unsigned int src)
{
	uint64_t ctx = my_context();
	uintptr_t en = PLIC_ENABLE(ctx, src);

	mmio_write32(PLIC_PRIORITY(src), 1);
	mmio_write32(en, mmio_read32(en) | 1u << (src % 32));
}

static void dispatch(unsigned int src)
{
	switch (src) {
	case PLAT_UART_IRQ:
		uart_interrupt();
		break;
	case PLAT_MAILBOX_IRQ:
		agent_doorbell_interrupt();
		break;
	case PLAT_RTC_IRQ:
		rtc_interrupt();
		break;
	default:
		console_printf("vCPU %u: unexpected interrupt %u\n",
			       arch_cpu_id(), src);
		break;
	}
}

/* External interrupt (interrupts masked): claim, serve, complete, until 0. */
void plic_handle(void)
{
	uintptr_t claim = PLIC_CLAIM(my_context());
	uint32_t src;

	while ((src = mmio_read32(claim))) {
		dispatch(src);
		mmio_write32(claim, src);
	}
}
