/* Test guest command console_hc: GUEST_CONSOLE_PUTC hypercalls made directly, as a guest without a console model could. */
#include <hvisor/hypercall.h>

#include "command.h"
#include "hostile.h"
#include "string.h"

int cmd_console_hc(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t repeat, calls = 0, errors = 0;
	long ret, last = 0;
	const char *s;

	if (!cmd_arg_u64(ctx, argc, argv, 2, "REPEAT", 1, 1, 100000, &repeat))
		return CMD_USAGE;
	if (argc < 2) {
		outbuf_puts(ctx->out, "usage: console_hc TEXT [REPEAT]\n");
		return CMD_USAGE;
	}
	for (; repeat; repeat--)
		for (s = argv[1]; *s; s++) {
			ret = hostile_hypercall(HVISOR_HC_GUEST_CONSOLE_PUTC,
						(uint8_t)*s);
			calls++;
			if (ret) {
				errors++;
				last = ret;
			}
		}
	outbuf_printf(ctx->out,
		      "console_hc: %llu calls, %llu errors (last %ld)\n",
		      (unsigned long long)calls, (unsigned long long)errors,
		      last);
	return CMD_OK;
}
