/* Test guest command mem_test: address-dependent patterns over the free guest RAM. */
#include "command.h"
#include "guest.h"
#include "platform.h"
#include "timer.h"

#define PATTERN 0xa5a5a5a5a5a5a5a5ULL
#define CHUNK 64 /* start alignment, bytes */

static uint64_t pattern(uintptr_t addr, bool inverted)
{
	uint64_t p = (uint64_t)addr ^ PATTERN;

	return inverted ? ~p : p;
}

static void fill(uintptr_t start, uintptr_t end, bool inverted)
{
	volatile uint64_t *p;

	for (p = (volatile uint64_t *)start; (uintptr_t)p < end; p++)
		*p = pattern((uintptr_t)p, inverted);
}

/* Returns the first bad address, 0 if all match. */
static uintptr_t check(uintptr_t start, uintptr_t end, bool inverted,
		       uint64_t *got)
{
	volatile uint64_t *p;

	for (p = (volatile uint64_t *)start; (uintptr_t)p < end; p++) {
		*got = *p;
		if (*got != pattern((uintptr_t)p, inverted))
			return (uintptr_t)p;
	}
	return 0;
}

int cmd_mem_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uintptr_t start = (arch_image_end() + CHUNK - 1) &
			  ~(uintptr_t)(CHUNK - 1);
	uintptr_t end = PLAT_RAM_END & ~(uintptr_t)7, bad;
	uint64_t max_mib, got, t0;
	int pass;

	if (start >= end) {
		outbuf_printf(
			ctx->out,
			"mem_test: no free RAM: image ends at 0x%lx, RAM at 0x%lx\n",
			(unsigned long)start, (unsigned long)end);
		return CMD_FAILED;
	}
	if (!cmd_arg_u64(ctx, argc, argv, 1, "MAX_MIB", (end - start) >> 20, 1,
			 1 << 20, &max_mib))
		return CMD_USAGE;
	if (max_mib < (end - start) >> 20)
		end = start + (max_mib << 20);

	t0 = arch_counter();
	for (pass = 0; pass < 2; pass++) {
		fill(start, end, pass);
		bad = check(start, end, pass, &got);
		if (bad) {
			outbuf_printf(
				ctx->out,
				"mem_test: FAILED at 0x%lx: wrote 0x%016llx, read 0x%016llx\n",
				(unsigned long)bad,
				(unsigned long long)pattern(bad, pass),
				(unsigned long long)got);
			return CMD_FAILED;
		}
	}
	outbuf_printf(
		ctx->out,
		"mem_test: [0x%lx, 0x%lx) OK: %lu KiB (%lu MiB), 2 patterns, %llu ms\n",
		(unsigned long)start, (unsigned long)end,
		(unsigned long)((end - start) >> 10),
		(unsigned long)((end - start) >> 20),
		(unsigned long long)ticks_to_us(arch_counter() - t0) / 1000);
	return CMD_OK;
}
