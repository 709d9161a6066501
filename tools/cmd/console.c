/* hvisor console [-f]: print the hypervisor log, optionally following it. */
#include "cmd/console_follow.h"
#include "commands.h"
#include "dev/device.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CONSOLE_CHUNK 4096
#define FOLLOW_INTERVAL_NS (200 * 1000 * 1000)

struct log_reader {
	struct console_reader r; /* first: the callbacks get its address */
	int fd;
	uint64_t seq;
};

/* Reads from the reader's seq on; 1 if data came, 0 if none, -1 on error. */
static int read_chunk(struct console_reader *r)
{
	static char buf[CONSOLE_CHUNK];
	struct log_reader *log = (struct log_reader *)r;
	struct hvisor_console_args args;
	const char *hint;
	int ret;

	args.buf = (uint64_t)(uintptr_t)buf;
	args.size = CONSOLE_CHUNK;
	args.seq = log->seq;
	ret = device_ioctl(log->fd, HVISOR_IOCTL_CONSOLE, &args);
	if (ret == -EINTR || (ret && console_interrupted))
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
	return console_emit(buf, args.size, CONSOLE_CHUNK, args.seq, &log->seq,
			    "log");
}

static int wait_a_moment(struct console_reader *r)
{
	const struct timespec interval = { 0, FOLLOW_INTERVAL_NS };

	(void)r;
	nanosleep(&interval, NULL);
	return 0;
}

int cmd_console(int argc, char **argv)
{
	struct log_reader log = { .r = { read_chunk, wait_a_moment } };
	bool follow = false;
	int ret, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f"))
			follow = true;
		else
			return usage_error("console: unknown argument '%s'",
					   argv[i]);
	}
	log.fd = device_open();
	if (log.fd < 0)
		return 1;
	ret = console_follow(&log.r, follow);
	fflush(stdout);
	close(log.fd);
	return ret;
}
