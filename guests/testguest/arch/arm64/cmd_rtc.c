/* Test guest command rtc_test: a passed-through device interrupt (PL031 alarm) reaches the cell. */
#include "command.h"
#include "gic.h"
#include "guest.h"
#include "platform.h"
#include "timer.h"

#define RTCDR 0x00
#define RTCMR 0x04
#define RTCCR 0x0c
#define RTCIMSC 0x10
#define RTCRIS 0x14
#define RTCICR 0x1c
#define WAIT_US 4000000

static volatile unsigned int rtc_irqs;

static volatile uint32_t *rtc_reg(unsigned int off)
{
	return (volatile uint32_t *)(PLAT_RTC_BASE + off);
}

void rtc_interrupt(void)
{
	*rtc_reg(RTCIMSC) = 0;
	*rtc_reg(RTCICR) = 1;
	rtc_irqs++;
}

int cmd_rtc_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t start, deadline;
	uint32_t now;

	(void)argc;
	(void)argv;
	rtc_irqs = 0;
	*rtc_reg(RTCICR) = 1;
	arch_enable_device_irq(PLAT_RTC_IRQ);
	now = *rtc_reg(RTCDR);
	*rtc_reg(RTCCR) = 1;
	*rtc_reg(RTCMR) = now + 2;
	*rtc_reg(RTCIMSC) = 1;
	start = arch_counter();
	deadline = start + us_to_ticks(WAIT_US);
	while (!rtc_irqs && arch_counter() < deadline)
		arch_wait_for_interrupt();
	if (!rtc_irqs) {
		outbuf_printf(ctx->out,
			      "rtc_test: FAILED: no alarm interrupt %u within "
			      "%u ms (RTCRIS 0x%x)\n",
			      PLAT_RTC_IRQ, WAIT_US / 1000, *rtc_reg(RTCRIS));
		*rtc_reg(RTCIMSC) = 0;
		return CMD_FAILED;
	}
	outbuf_printf(
		ctx->out,
		"rtc_test: alarm interrupt %u after %llu ms (RTC %u -> %u)\n",
		PLAT_RTC_IRQ,
		(unsigned long long)(ticks_to_us(arch_counter() - start) /
				     1000),
		now, *rtc_reg(RTCDR));
	return CMD_OK;
}
