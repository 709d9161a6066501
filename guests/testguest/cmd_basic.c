/* Test guest commands echo, help and info. */
#include "agent.h"
#include "command.h"
#include "guest.h"
#include "smp.h"
#include "timer.h"

int cmd_echo(struct cmd_ctx *ctx, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		outbuf_printf(ctx->out, "%s%s", i > 1 ? " " : "", argv[i]);
	outbuf_putc(ctx->out, '\n');
	return CMD_OK;
}

int cmd_help(struct cmd_ctx *ctx, int argc, char **argv)
{
	const struct command *c;

	(void)argc;
	(void)argv;
	for (c = command_next(NULL); c; c = command_next(c))
		outbuf_printf(ctx->out, "%s%s%s\n", c->name,
			      *c->args ? " " : "", c->args);
	return CMD_OK;
}

int cmd_info(struct cmd_ctx *ctx, int argc, char **argv)
{
	struct agent_stats st;

	(void)argc;
	(void)argv;
	agent_get_stats(&st);
	outbuf_printf(ctx->out, "vcpu: %u\n", arch_cpu_id());
	arch_describe_cpu(ctx->out);
	outbuf_printf(ctx->out, "counter_freq: %llu\n",
		      (unsigned long long)arch_counter_freq());
	outbuf_printf(ctx->out, "vcpus_up: %u\n", smp_online_count());
	outbuf_printf(ctx->out, "idle_ticks: %llu\n",
		      (unsigned long long)timer_ticks());
	outbuf_printf(
		ctx->out,
		"commands: %u (doorbell %u, polled %u), doorbell_irqs: %u, notify_errors: %u\n",
		st.commands + 1, st.by_doorbell, st.by_poll, st.doorbell_irqs,
		st.notify_errors);
	return CMD_OK;
}
