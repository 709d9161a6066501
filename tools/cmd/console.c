/* hvisor console [-f]: print the hypervisor log, optionally following it. */
#include "commands.h"
#include "dev/device.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CONSOLE_CHUNK 4096
#define FOLLOW_INTERVAL_NS (200 * 1000 * 1000)

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Reads from *seq on; 1 if data came, 0 if none, -1 on error. */
static int read_chunk(int fd, char *buf, uint64_t *seq)
{
	struct hvisor_console_args args;
	const char *hint;
	int ret;

	args.buf = (uint64_t)(uintptr_t)buf;
	args.size = CONSOLE_CHUNK;
	args.seq = *seq;
	ret = device_ioctl(fd, HVISOR_IOCTL_CONSOLE, &args);
	if (ret == -EINTR || (ret && interrupted))
		return 0;
	if (ret == -ENODEV) {
		fprintf(stderr,
			"hvisor: the hypervisor is not enabled: there is no log to read\n");
		return -1;
	}
	if (ret) {
		hint = device_errno_hint(-ret);
		fprintf(stderr, "hvisor: console read failed: %s%s%s\n",
			strerror(-ret), hint ? ": " : "", hint ? hint : "");
		return -1;
	}
	if (args.size > CONSOLE_CHUNK)
		args.size = CONSOLE_CHUNK;
	/* The ring overwrote what we asked for: the driver skipped ahead. */
	if (args.seq - args.size > *seq) {
		fflush(stdout);
		fprintf(stderr, "[hvisor: %" PRIu64 " bytes of log lost]\n",
			args.seq - args.size - *seq);
	}
	*seq = args.seq;
	if (!args.size)
		return 0;
	fwrite(buf, 1, args.size, stdout);
	return 1;
}

int cmd_console(int argc, char **argv)
{
	static char buf[CONSOLE_CHUNK];
	const struct timespec interval = { 0, FOLLOW_INTERVAL_NS };
	uint64_t seq = 0;
	int follow = 0, fd, ret = 0, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f"))
			follow = 1;
		else
			return usage_error("console: unknown argument '%s'",
					   argv[i]);
	}
	fd = device_open();
	if (fd < 0)
		return 1;
	if (follow)
		catch_signals();
	while (!interrupted) {
		int got = read_chunk(fd, buf, &seq);

		if (got < 0) {
			ret = 1;
			break;
		}
		if (got)
			continue;
		if (!follow)
			break;
		fflush(stdout);
		nanosleep(&interval, NULL);
	}
	fflush(stdout);
	close(fd);
	return ret;
}
