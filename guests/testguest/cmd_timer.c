/* Test guest command timer_test: interrupt latency of the per-vCPU timer. */
#include "command.h"
#include "guest.h"
#include "timer.h"

#define MAX_COUNT 100000
#define MIN_PERIOD_US 100
#define MAX_PERIOD_US 10000000
#define MAX_TOTAL_US 3600000000ULL

int cmd_timer_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t n, period_us, freq = arch_counter_freq();
	struct timer_test_result r;
	uint64_t elapsed, limit;

	if (argc < 2) {
		outbuf_puts(ctx->out, "usage: timer_test N [PERIOD_US]\n");
		return CMD_USAGE;
	}
	if (!cmd_arg_u64(ctx, argc, argv, 1, "N", 0, 1, MAX_COUNT, &n) ||
	    !cmd_arg_u64(ctx, argc, argv, 2, "PERIOD_US", 10000, MIN_PERIOD_US,
			 MAX_PERIOD_US, &period_us))
		return CMD_USAGE;
	if (n * period_us > MAX_TOTAL_US) {
		outbuf_printf(
			ctx->out,
			"timer_test: N * PERIOD_US = %llu us is longer than %llu us\n",
			(unsigned long long)(n * period_us), MAX_TOTAL_US);
		return CMD_USAGE;
	}
	if (!freq) {
		outbuf_puts(ctx->out,
			    "timer_test: the counter frequency is 0\n");
		return CMD_FAILED;
	}

	timer_test_run(n, us_to_ticks(period_us), &r);
	elapsed = ticks_to_us((r.count ? r.last : r.deadline) - r.start);
	limit = ticks_to_us(r.deadline - r.start);

	outbuf_printf(ctx->out,
		      "timer_test: %u of %u interrupts, period %llu us\n",
		      r.count, r.wanted, (unsigned long long)period_us);
	if (r.count)
		outbuf_printf(ctx->out,
			      "latency_ns: min %llu avg %llu max %llu\n",
			      ticks_to_ns(r.lat_min, freq),
			      ticks_to_ns(r.lat_sum / r.count, freq),
			      ticks_to_ns(r.lat_max, freq));
	outbuf_printf(ctx->out, "elapsed_us: %llu expected_us: %llu\n",
		      (unsigned long long)elapsed,
		      (unsigned long long)(n * period_us));
	if (r.count < r.wanted || r.last > r.deadline) {
		outbuf_printf(
			ctx->out,
			"timer_test: FAILED: %u of %u interrupts, the last after %llu us; the limit is %llu us (2x expected + 1 s)\n",
			r.count, r.wanted, (unsigned long long)elapsed,
			(unsigned long long)limit);
		return CMD_FAILED;
	}
	return CMD_OK;
}
