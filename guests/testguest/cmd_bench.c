/* Test guest command cpu_bench: a CPU-bound loop timed with the counter, for `make bench`. */
#include "command.h"
#include "guest.h"
#include "timer.h"

#define MAX_ITERATIONS 1000000000ULL

int cmd_cpu_bench(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t n, i, start, ticks, x = 88172645463325252ULL;
	volatile uint64_t sink;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ITERATIONS", 20000000, 1,
			 MAX_ITERATIONS, &n))
		return CMD_USAGE;
	start = arch_counter();
	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
	}
	ticks = arch_counter() - start;
	sink = x;
	(void)sink;
	/* milli-ns per iteration, printed as a decimal with 3 places */
	outbuf_printf(
		ctx->out,
		"cpu_bench: %llu iterations in %llu us: %llu.%03llu ns/iter\n",
		(unsigned long long)n, (unsigned long long)ticks_to_us(ticks),
		(unsigned long long)(ticks_to_us(ticks) * 1000 / n),
		(unsigned long long)(ticks_to_us(ticks) * 1000000 / n % 1000));
	return CMD_OK;
}
