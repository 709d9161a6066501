/* Reading and following a console ring: what `hvisor console` and `hvisor cell console` share. */
#include "cmd/console_follow.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

volatile sig_atomic_t console_interrupted;

static void on_signal(int sig)
{
	(void)sig;
	console_interrupted = 1;
}

/* SIGINT/SIGTERM end the loops; no SA_RESTART, so poll() returns. */
static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int console_follow(struct console_reader *r, bool follow)
{
	int got;

	if (follow)
		catch_signals();
	while (!console_interrupted) {
		got = r->read(r);
		if (got < 0)
			return console_interrupted ? 0 : 1;
		if (got)
			continue;
		if (!follow)
			break;
		fflush(stdout);
		if (r->idle(r))
			return 1;
	}
	return 0;
}

int console_emit(const char *buf, uint64_t size, uint64_t max, uint64_t end,
		 uint64_t *seq, const char *what)
{
	if (size > max)
		size = max;
	/* The ring overwrote what we asked for: the driver skipped ahead. */
	if (end - size > *seq) {
		fflush(stdout);
		fprintf(stderr, "[hvisor: %" PRIu64 " bytes of %s lost]\n",
			end - size - *seq, what);
	}
	*seq = end;
	if (!size)
		return 0;
	fwrite(buf, 1, size, stdout);
	return 1;
}
