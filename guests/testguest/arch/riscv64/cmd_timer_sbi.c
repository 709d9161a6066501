/* Test guest command timer_sbi on riscv64: the timer's deadlines through SBI TIME (set_timer) instead of stimecmp, for the hypervisor's SBI TIME path. */
#include "command.h"
#include "guest.h"
#include "riscv64.h"
#include "string.h"

int cmd_timer_sbi(struct cmd_ctx *ctx, int argc, char **argv)
{
	bool on;

	if (argc != 2 || (strcmp(argv[1], "on") && strcmp(argv[1], "off"))) {
		outbuf_puts(ctx->out, "usage: timer_sbi on|off\n");
		return CMD_USAGE;
	}
	on = !strcmp(argv[1], "on");
	if (timer_use_sbi(on)) {
		outbuf_puts(ctx->out, "timer_sbi: no Sstc to go back to\n");
		return CMD_FAILED;
	}
	outbuf_printf(ctx->out, "timer: %s\n", on ? "sbi" : "sstc");
	return CMD_OK;
}
