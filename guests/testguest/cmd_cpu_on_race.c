/* Test guest command cpu_on_race: vCPUs 0 and 1 start vCPU 2 at the same moment, round after round; exactly one start may succeed. */
#include "command.h"
#include "guest.h"
#include "hostile.h"
#include "smp.h"
#include "timer.h"

#define ONRACE_TARGET 2
#define ONRACE_HELPER 1

/* Shared by the racing vCPUs (the helper polls it in onrace_secondary). */
static struct {
	volatile uint32_t armed; /* the helper takes part */
	volatile uint32_t round; /* armed by vCPU 0 */
	volatile uint32_t go; /* the round number both start on */
	volatile uint32_t done; /* the helper's last finished round */
	volatile enum cpu_start_result helper_ret;
	volatile uint32_t boots; /* the target came up (and went off) */
	volatile uint32_t hold; /* the target stays on until both calls ended */
} onrace;

/* The arch's answer as the enum: PSCI ALREADY_ON/ON_PENDING and SBI ALREADY_AVAILABLE alike. */
static enum cpu_start_result start_target(void)
{
	long err = 0;

	return arch_cpu_start(ONRACE_TARGET, &err);
}

/* The helper vCPU: one CPU_ON per round, on the same "go" as vCPU 0. */
void onrace_secondary(unsigned int cpu)
{
	uint32_t r;

	if (cpu == ONRACE_TARGET && onrace.armed) {
		__atomic_fetch_add(&onrace.boots, 1, __ATOMIC_SEQ_CST);
		while (onrace.hold && onrace.armed)
			;
		hostile_cpu_off(); /* off again, for the next round */
		return;
	}
	if (cpu != ONRACE_HELPER)
		return;
	while (onrace.armed) {
		r = onrace.round;
		if (r == onrace.done)
			continue;
		while (onrace.go != r && onrace.armed)
			;
		onrace.helper_ret = start_target();
		__atomic_store_n(&onrace.done, r, __ATOMIC_SEQ_CST);
	}
}

static bool target_off(void *arg)
{
	(void)arg;
	return arch_cpu_state(ONRACE_TARGET) == CPU_STATE_OFF;
}

static bool helper_done(void *arg)
{
	return onrace.done == (uint32_t)(uintptr_t)arg;
}

static bool booted(void *arg)
{
	return onrace.boots >= (uint32_t)(uintptr_t)arg;
}

int cmd_cpu_on_race(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t rounds, second = arch_counter_freq();
	unsigned int r, wins[3] = { 0 }, busy = 0, other = 0, bad = 0;
	enum cpu_start_result mine, helper;

	if (!cmd_arg_u64(ctx, argc, argv, 1, "ROUNDS", 20, 1, 1000, &rounds))
		return CMD_USAGE;
	if (smp_bring_up(ctx->out) || smp_present_count() <= ONRACE_TARGET) {
		outbuf_puts(ctx->out, "cpu_on_race: needs 3 vCPUs up\n");
		return CMD_FAILED;
	}
	onrace.done = onrace.round = onrace.go = 0;
	onrace.armed = 1;
	arch_send_ipi(ONRACE_HELPER, IPI_PING); /* out of its wfi */
	onrace.hold = 0;
	arch_send_ipi(ONRACE_TARGET, IPI_PING); /* it goes off */
	wait_until(target_off, NULL, arch_counter() + second);
	onrace.boots = 0;
	for (r = 1; r <= rounds; r++) {
		if (!wait_until(target_off, NULL, arch_counter() + second)) {
			outbuf_printf(ctx->out, "round %u: vCPU 2 not off\n",
				      r);
			bad++;
			break;
		}
		onrace.hold = 1; /* both calls overlap the target being on */
		onrace.round = r;
		__atomic_store_n(&onrace.go, r, __ATOMIC_SEQ_CST);
		mine = start_target();
		if (!wait_until(helper_done, (void *)(uintptr_t)r,
				arch_counter() + second)) {
			outbuf_printf(ctx->out, "round %u: helper stuck\n", r);
			bad++;
			break;
		}
		helper = onrace.helper_ret;
		wins[(mine == CPU_START_OK) + (helper == CPU_START_OK)]++;
		if ((mine != CPU_START_OK && mine != CPU_START_ALREADY_ON) ||
		    (helper != CPU_START_OK && helper != CPU_START_ALREADY_ON))
			other++;
		else if (mine != CPU_START_OK || helper != CPU_START_OK)
			busy++;
		/* the one start boots it exactly once */
		if (!wait_until(booted, (void *)(uintptr_t)r,
				arch_counter() + second))
			bad++;
		onrace.hold = 0;
	}
	onrace.armed = 0;
	if (onrace.boots != r - 1)
		bad++;
	outbuf_printf(ctx->out,
		      "cpu_on_race: %u round(s): one start won %u, both %u, "
		      "none %u; losers ALREADY_ON/ON_PENDING %u, other %u; "
		      "vCPU 2 booted %u time(s)\n",
		      r - 1, wins[1], wins[2], wins[0], busy, other,
		      (unsigned int)onrace.boots);
	return bad || wins[0] || wins[2] || other ? CMD_FAILED : CMD_OK;
}
