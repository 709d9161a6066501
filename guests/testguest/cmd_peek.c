/* Test guest commands peek and poke: one device register access of a given width. */
#include "command.h"
#include "guest.h"
#include "string.h"
#include "timer.h"

static bool get_width(struct cmd_ctx *ctx, int argc, char **argv, int idx,
		      uint64_t *width)
{
	if (!cmd_arg_u64(ctx, argc, argv, idx, "WIDTH", 4, 1, 8, width))
		return false;
	if (*width != 1 && *width != 2 && *width != 4 && *width != 8) {
		outbuf_puts(ctx->out, "WIDTH must be 1, 2, 4 or 8\n");
		return false;
	}
	return true;
}

int cmd_peek(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t addr, width, v;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", 0, 0, UINTPTR_MAX,
			 &addr) ||
	    !get_width(ctx, argc, argv, 2, &width) || (addr & (width - 1)))
		return CMD_USAGE;
	switch (width) {
	case 1:
		v = *(volatile uint8_t *)addr;
		break;
	case 2:
		v = *(volatile uint16_t *)addr;
		break;
	case 4:
		v = *(volatile uint32_t *)addr;
		break;
	default:
		v = *(volatile uint64_t *)addr;
		break;
	}
	outbuf_printf(ctx->out, "0x%llx\n", (unsigned long long)v);
	return CMD_OK;
}

int cmd_poke(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t addr, value, width;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", 0, 0, UINTPTR_MAX,
			 &addr) ||
	    !cmd_arg_u64(ctx, argc, argv, 2, "VALUE", 0, 0, UINT64_MAX,
			 &value) ||
	    !get_width(ctx, argc, argv, 3, &width) || (addr & (width - 1)))
		return CMD_USAGE;
	switch (width) {
	case 1:
		*(volatile uint8_t *)addr = value;
		break;
	case 2:
		*(volatile uint16_t *)addr = value;
		break;
	case 4:
		*(volatile uint32_t *)addr = value;
		break;
	default:
		*(volatile uint64_t *)addr = value;
		break;
	}
	return CMD_OK;
}

#define MMIO_BURST 16 /* posted writes timed at once: below a cell's quota */
#define MMIO_PAUSE_US 2000 /* between bursts: the root catches up */

/*
 * mmio_bench ADDR [N] [w]: mean time of N 32-bit reads of a device
 * register, or (w) of N writes of 0 to it, timed in bursts of MMIO_BURST
 * with pauses between them, so that posted writes are timed, not a full
 * ring.
 */
int cmd_mmio_bench(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t addr, n, i, k, start, ticks = 0;
	bool write = argc > 3 && !strcmp(argv[3], "w");
	volatile uint32_t sink;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ADDR", 0, 0, UINTPTR_MAX,
			 &addr) ||
	    !cmd_arg_u64(ctx, argc, argv, 2, "N", 1000, 1, 10000000, &n) ||
	    (addr & 3) || (argc > 3 && !write))
		return CMD_USAGE;
	if (!write) {
		start = arch_counter();
		for (i = 0; i < n; i++)
			sink = *(volatile uint32_t *)addr;
		ticks = arch_counter() - start;
		(void)sink;
	} else {
		for (i = 0; i < n;) {
			start = arch_counter();
			for (k = 0; k < MMIO_BURST && i < n; k++, i++)
				*(volatile uint32_t *)addr = 0;
			ticks += arch_counter() - start;
			start = arch_counter();
			while (ticks_to_us(arch_counter() - start) <
			       MMIO_PAUSE_US)
				;
		}
	}
	outbuf_printf(ctx->out, "mmio_bench: %llu %s of 0x%llx, %llu ns each\n",
		      (unsigned long long)n, write ? "writes" : "reads",
		      (unsigned long long)addr,
		      (unsigned long long)(ticks_to_us(ticks) * 1000 / n));
	return CMD_OK;
}
