/* Messages of the virtio daemon: one line each on stderr, silenced for fuzzing. */
#include "dlog.h"

#include <stdarg.h>
#include <stdio.h>

bool dlog_quiet;

void dlog(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (dlog_quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One write per line, so lines of devices do not interleave. */
	fprintf(stderr, "hvisor daemon: %s\n", line);
}
