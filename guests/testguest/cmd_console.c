/* Test guest command console_test: echoes what the root typed into the console. */
#include "command.h"
#include "console.h"
#include "guest.h"
#include "timer.h"

#define QUIET_US 100000 /* stop once no byte came for this long */
#define MAX_US 1000000

struct rx_wait {
	uint32_t seen;
};

static bool more_input(void *arg)
{
	struct rx_wait *w = arg;

	return console_rx_count() != w->seen;
}

int cmd_console_test(struct cmd_ctx *ctx, int argc, char **argv)
{
	uint64_t start = arch_counter(), quiet = us_to_ticks(QUIET_US);
	uint64_t stop = start + us_to_ticks(MAX_US), until;
	struct rx_wait w;
	char buf[256];
	size_t n, total = 0;

	(void)argc;
	(void)argv;
	outbuf_puts(ctx->out, "console_test: read \"");
	for (;;) {
		w.seen = console_rx_count();
		while ((n = console_read(buf, sizeof(buf)))) {
			outbuf_put_escaped(ctx->out, buf, n);
			total += n;
		}
		until = arch_counter() + quiet;
		if (until > stop)
			until = stop;
		if (!wait_until(more_input, &w, until))
			break;
	}
	outbuf_printf(ctx->out, "\" (%zu bytes)\n", total);
	if (!total) {
		outbuf_printf(ctx->out,
			      "console_test: FAILED: no input within %u ms\n",
			      QUIET_US / 1000);
		return CMD_FAILED;
	}
	return CMD_OK;
}
