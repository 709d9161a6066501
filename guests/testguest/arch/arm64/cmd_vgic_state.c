/* Test guest commands gic_state_test and level_test: the GIC's pending/active registers round-trip, a level interrupt follows its line (arm64). */
#include "command.h"
#include "guest.h"
#include "platform.h"
#include "timer.h"

#if defined(__aarch64__)

#include <asm/mmio.h>

#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICR_SGI_BASE 0x10000

#define TEST_SGI 5 /* enabled: listed by the hypervisor */
#define TEST_PPI 20 /* disabled: kept in its pending set */
#define TEST_SPI 50 /* a virtual SPI of the cell */

void gic_enable_spi(unsigned int irq, bool edge); /* arch/arm64/gic.c */

static uintptr_t own_sgi_frame(void)
{
	return PLAT_GICR_BASE + arch_cpu_id() * PLAT_GICR_STRIDE +
	       GICR_SGI_BASE;
}

static unsigned int bad;

static void check2(struct cmd_ctx *ctx, const char *name, const char *what,
		   uint32_t got, uint32_t want)
{
	outbuf_printf(ctx->out, "%s %s%s%s: 0x%08x\n",
		      got == want ? "ok" : "WRONG", name, *name ? " " : "",
		      what, got);
	if (got != want) {
		outbuf_printf(ctx->out, "  expected 0x%08x\n", want);
		bad++;
	}
}

static void check(struct cmd_ctx *ctx, const char *what, uint32_t got,
		  uint32_t want)
{
	check2(ctx, "", what, got, want);
}

/* Set, read back, clear, read back: pending and active of mask at frame. */
static void round_trip(struct cmd_ctx *ctx, const char *name, uintptr_t frame,
		       unsigned int word, uint32_t pend, uint32_t act)
{
	uintptr_t w = word * 4;

	mmio_write32(frame + GICD_ISPENDR + w, pend);
	check2(ctx, name, "ISPENDR after set",
	       mmio_read32(frame + GICD_ISPENDR + w) & pend, pend);
	mmio_write32(frame + GICD_ICPENDR + w, pend);
	check2(ctx, name, "ICPENDR after clear",
	       mmio_read32(frame + GICD_ICPENDR + w) & pend, 0);
	mmio_write32(frame + GICD_ISACTIVER + w, act);
	check2(ctx, name, "ISACTIVER after set",
	       mmio_read32(frame + GICD_ISACTIVER + w) & act, act);
	mmio_write32(frame + GICD_ICACTIVER + w, act);
	check2(ctx, name, "ICACTIVER after clear",
	       mmio_read32(frame + GICD_ICACTIVER + w) & act, 0);
}

int cmd_gic_state_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uintptr_t sgi = own_sgi_frame();
	uint32_t spi = 1u << (TEST_SPI % 32);

	(void)argc;
	(void)argv;
	bad = 0;
	arch_irq_disable(); /* nothing is taken: the state stays put */
	mmio_write32(sgi + GICD_ISENABLER, 1u << TEST_SGI);
	mmio_write32(sgi + GICD_ICENABLER, 1u << TEST_PPI);
	round_trip(ctx, "GICR", sgi, 0, 1u << TEST_SGI | 1u << TEST_PPI,
		   1u << TEST_SGI);
	mmio_write32(sgi + GICD_ICENABLER, 1u << TEST_SGI);
	gic_enable_spi(TEST_SPI, true);
	round_trip(ctx, "GICD (enabled SPI)", PLAT_GICD_BASE, TEST_SPI / 32,
		   spi, spi);
	mmio_write32(PLAT_GICD_BASE + GICD_ICENABLER + TEST_SPI / 32 * 4, spi);
	round_trip(ctx, "GICD (disabled SPI)", PLAT_GICD_BASE, TEST_SPI / 32,
		   spi, 0);
	arch_irq_enable();
	outbuf_printf(ctx->out, "gic_state_test: %u wrong\n", bad);
	return bad ? CMD_FAILED : CMD_OK;
}

static uint64_t ms_to_ticks(uint64_t ms)
{
	return arch_counter_freq() * ms / 1000;
}

/* Polls the virtual timer's pending bit (interrupts masked) for up to 50 ms. */
static bool timer_pending(uintptr_t sgi)
{
	uint64_t end = arch_counter() + ms_to_ticks(50);

	do {
		if (mmio_read32(sgi + GICD_ISPENDR) & (1u << PLAT_TIMER_IRQ))
			return true;
	} while (arch_counter() < end);
	return false;
}

/* Interrupts on for 20 ms: how many timer interrupts were taken. */
static uint64_t taken_in_20ms(void)
{
	uint64_t before = timer_ticks(), end = arch_counter() + ms_to_ticks(20);

	arch_irq_enable();
	while (arch_counter() < end)
		;
	arch_irq_disable();
	return timer_ticks() - before;
}

int cmd_level_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uintptr_t sgi = own_sgi_frame();
	uint32_t bit = 1u << PLAT_TIMER_IRQ;

	(void)argc;
	(void)argv;
	bad = 0;
	arch_irq_disable();
	/* 1: fires while masked, then the guest stops the timer */
	arch_timer_set(arch_counter());
	check(ctx, "timer fired: pending", timer_pending(sgi), 1);
	arch_timer_stop();
	check(ctx, "timer stopped: pending",
	      mmio_read32(sgi + GICD_ISPENDR) & bit, 0);
	check(ctx, "timer stopped: interrupts taken", taken_in_20ms(), 0);
	/* 2: fires, disabled at the GIC, timer stopped, enabled again */
	arch_timer_set(arch_counter());
	check(ctx, "timer fired again: pending", timer_pending(sgi), 1);
	mmio_write32(sgi + GICD_ICENABLER, bit);
	arch_timer_stop();
	mmio_write32(sgi + GICD_ISENABLER, bit);
	check(ctx, "disabled, stopped, enabled: pending",
	      mmio_read32(sgi + GICD_ISPENDR) & bit, 0);
	check(ctx, "disabled, stopped, enabled: interrupts taken",
	      taken_in_20ms(), 0);
	/* 3: the control: fires and stays asserted, taken once unmasked */
	arch_timer_set(arch_counter());
	check(ctx, "timer left firing: pending", timer_pending(sgi), 1);
	check(ctx, "timer left firing: taken", taken_in_20ms() > 0, 1);
	arch_irq_enable(); /* the tick handler has re-armed the idle tick */
	outbuf_printf(ctx->out, "level_test: %u wrong\n", bad);
	return bad ? CMD_FAILED : CMD_OK;
}

#else

int cmd_gic_state_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "gic_state_test: not on this architecture\n");
	return CMD_FAILED;
}

int cmd_level_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "level_test: not on this architecture\n");
	return CMD_FAILED;
}

#endif
