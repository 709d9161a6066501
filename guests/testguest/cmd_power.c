/* Test guest commands poweroff and reset: answer first, then ask the platform. */
#include "command.h"

int cmd_poweroff(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "powering off\n");
	ctx->after = AFTER_POWEROFF;
	return CMD_OK;
}

int cmd_reset(struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "resetting\n");
	ctx->after = AFTER_RESET;
	return CMD_OK;
}
