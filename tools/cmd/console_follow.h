/* Reading and following a console ring: what `hvisor console` and `hvisor cell console` share. */
#ifndef HVISOR_TOOLS_CMD_CONSOLE_FOLLOW_H
#define HVISOR_TOOLS_CMD_CONSOLE_FOLLOW_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

/* Set by SIGINT and SIGTERM while console_follow() follows. */
extern volatile sig_atomic_t console_interrupted;

struct console_reader {
	/* Prints what came since the last call: 1 if something came, 0 if
	 * nothing, -1 after an error (reported). */
	int (*read)(struct console_reader *r);
	/* Waits for more (sleeps, or forwards input meanwhile): 0, or -1 to
	 * stop with an error (reported). */
	int (*idle)(struct console_reader *r);
};

/*
 * Calls r->read until nothing more comes. With follow, first catches SIGINT
 * and SIGTERM (without SA_RESTART, so waits return), then keeps going:
 * whenever nothing came, flushes stdout and calls r->idle, until a signal.
 * Returns the exit status: 0, or 1 after an error no signal caused.
 */
int console_follow(struct console_reader *r, bool follow);

/*
 * Handles what a ring read returned: size bytes at buf (at most max), the
 * last one numbered end - 1, asked for from *seq on. Says on stderr how
 * many bytes of what ("log", "console") the ring had lost meanwhile, writes
 * the bytes to stdout and sets *seq = end. 1 if there were bytes, else 0.
 */
int console_emit(const char *buf, uint64_t size, uint64_t max, uint64_t end,
		 uint64_t *seq, const char *what);

#endif
