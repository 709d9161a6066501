/* Test guest commands smp_test and ipi_test: vCPU bring-up and IPI round trips. */
#include "command.h"
#include "guest.h"
#include "platform.h"
#include "smp.h"
#include "timer.h"

#define PING_TIMEOUT_US 1000000
#define MAX_ROUNDS 10000

int cmd_smp_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	unsigned int failed;

	(void)argc;
	(void)argv;
	failed = smp_bring_up(ctx->out);
	outbuf_printf(ctx->out, "vcpus_up: %u of %u\n", smp_online_count(),
		      smp_present_count());
	if (failed) {
		outbuf_printf(ctx->out, "smp_test: FAILED: %u vCPU(s) not up\n",
			      failed);
		return CMD_FAILED;
	}
	return CMD_OK;
}

/* @rounds round trips to @cpu; false (and why in ctx->out) on a timeout. */
static bool ping_cpu(struct cmd_ctx *ctx, unsigned int cpu, unsigned int rounds)
{
	uint64_t rtt, min = 0, max = 0, sum = 0, freq = arch_counter_freq();
	unsigned int i;

	for (i = 0; i < rounds; i++) {
		if (!smp_ping(cpu, us_to_ticks(PING_TIMEOUT_US), &rtt)) {
			outbuf_printf(
				ctx->out,
				"vcpu %u: no answer to IPI %u of %u within %u ms\n",
				cpu, i + 1, rounds, PING_TIMEOUT_US / 1000);
			return false;
		}
		if (!i || rtt < min)
			min = rtt;
		if (rtt > max)
			max = rtt;
		sum += rtt;
	}
	outbuf_printf(
		ctx->out,
		"vcpu %u: %u round trips, ns min %llu avg %llu max %llu\n", cpu,
		rounds, ticks_to_ns(min, freq), ticks_to_ns(sum / rounds, freq),
		ticks_to_ns(max, freq));
	return true;
}

int cmd_ipi_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	unsigned int cpu, down, failed = 0;
	struct outbuf bringup;
	char text[512];
	uint64_t rounds;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ROUNDS", 10, 1, MAX_ROUNDS,
			 &rounds))
		return CMD_USAGE;
	outbuf_init(&bringup, text, sizeof(text));
	down = smp_bring_up(&bringup);
	if (down) /* the details only matter when something failed */
		outbuf_puts(ctx->out, text);
	outbuf_printf(ctx->out, "vcpus_up: %u\n", smp_online_count());
	if (smp_online_count() == 1) {
		outbuf_puts(ctx->out, "single vCPU: IPIs to itself\n");
		failed += !ping_cpu(ctx, 0, rounds);
	} else {
		for (cpu = 1; cpu < PLAT_MAX_VCPUS; cpu++)
			if (smp_cpu_online(cpu))
				failed += !ping_cpu(ctx, cpu, rounds);
	}
	if (failed || down) {
		outbuf_printf(
			ctx->out,
			"ipi_test: FAILED: %u vCPU(s) not up, %u did not answer\n",
			down, failed);
		return CMD_FAILED;
	}
	return CMD_OK;
}
