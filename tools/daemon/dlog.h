/* Messages of the virtio daemon: one line each on stderr, silenced for fuzzing. */
#ifndef HVISOR_DAEMON_DLOG_H
#define HVISOR_DAEMON_DLOG_H

#include <stdbool.h>

/* Set by the fuzz targets and unit tests: dlog() then prints nothing. */
extern bool dlog_quiet;

/* Prints "hvisor daemon: MESSAGE\n" to stderr. */
void dlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
