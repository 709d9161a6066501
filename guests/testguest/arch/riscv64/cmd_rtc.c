/* Test guest command rtc_test on riscv64: a passed-through device interrupt (the goldfish RTC alarm, PLIC source 11) reaches the cell. */
#include <asm/mmio.h>

#include "command.h"
#include "guest.h"
#include "platform.h"
#include "riscv64.h"
#include "timer.h"

#define TIME_LOW 0x00 /* ns; reading it latches TIME_HIGH */
#define TIME_HIGH 0x04
#define ALARM_LOW 0x08 /* writing it arms the alarm */
#define ALARM_HIGH 0x0c
#define IRQ_ENABLED 0x10
#define CLEAR_INTERRUPT 0x1c
#define ALARM_IN_NS 20000000ULL /* 20 ms */
#define WAIT_US 4000000

static volatile unsigned int rtc_irqs;

static uintptr_t rtc_reg(unsigned int off)
{
	return PLAT_RTC_BASE + off;
}

static uint64_t rtc_now(void)
{
	uint64_t lo = mmio_read32(rtc_reg(TIME_LOW));

	return (uint64_t)mmio_read32(rtc_reg(TIME_HIGH)) << 32 | lo;
}

/* From the PLIC handler: the level goes down before the complete. */
void rtc_interrupt(void)
{
	mmio_write32(rtc_reg(IRQ_ENABLED), 0);
	mmio_write32(rtc_reg(CLEAR_INTERRUPT), 1);
	rtc_irqs++;
}

int cmd_rtc_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t start, deadline, alarm;

	(void)argc;
	(void)argv;
	rtc_irqs = 0;
	mmio_write32(rtc_reg(CLEAR_INTERRUPT), 1);
	arch_enable_device_irq(PLAT_RTC_IRQ);
	alarm = rtc_now() + ALARM_IN_NS;
	mmio_write32(rtc_reg(ALARM_HIGH), alarm >> 32);
	mmio_write32(rtc_reg(IRQ_ENABLED), 1);
	mmio_write32(rtc_reg(ALARM_LOW), (uint32_t)alarm);
	start = arch_counter();
	deadline = start + us_to_ticks(WAIT_US);
	while (!rtc_irqs && arch_counter() < deadline)
		arch_wait_for_interrupt();
	if (!rtc_irqs) {
		mmio_write32(rtc_reg(IRQ_ENABLED), 0);
		outbuf_printf(ctx->out,
			      "rtc_test: FAILED: no alarm interrupt %u within "
			      "%u ms\n",
			      PLAT_RTC_IRQ, WAIT_US / 1000);
		return CMD_FAILED;
	}
	outbuf_printf(ctx->out, "rtc_test: alarm interrupt %u after %llu ms\n",
		      PLAT_RTC_IRQ,
		      (unsigned long long)(ticks_to_us(arch_counter() - start) /
					   1000));
	return CMD_OK;
}
