/* hvisor cell console NAME [-f | --send TEXT]: a cell's console output and input. */
#include "cmd/cell_commands.h"
#include "commands.h"
#include "dev/cell_device.h"
#include "dev/device.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK 4096
#define POLL_MS 100
#define RETRY_NS (10 * 1000 * 1000)
#define SEND_TIMEOUT_MS 5000

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
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

struct console {
	int fd;
	uint32_t id;
	const char *name;
	uint64_t seq;
};

/* Prints what came from c->seq on; 1 if data came, 0 if none, -1 on error. */
static int read_output(struct console *c)
{
	static char buf[CHUNK];
	struct hvisor_cell_console_args args;
	int ret;

	memset(&args, 0, sizeof(args));
	args.id = c->id;
	args.buf = (uint64_t)(uintptr_t)buf;
	args.size = CHUNK;
	args.seq = c->seq;
	ret = device_ioctl(c->fd, HVISOR_IOCTL_CELL_CONSOLE, &args);
	if (ret) {
		cell_report_error("console", c->name, ret);
		return -1;
	}
	if (args.size > CHUNK)
		args.size = CHUNK;
	if (args.seq - args.size > c->seq) {
		fflush(stdout);
		fprintf(stderr, "[hvisor: %" PRIu64 " bytes of console lost]\n",
			args.seq - args.size - c->seq);
	}
	c->seq = args.seq;
	if (!args.size)
		return 0;
	fwrite(buf, 1, args.size, stdout);
	return 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * Feeds len bytes to the cell's console input, waiting while its buffer is
 * full (up to SEND_TIMEOUT_MS without progress). 0, or -1 after an error.
 */
static int send_input(struct console *c, const char *buf, size_t len)
{
	const struct timespec retry = { 0, RETRY_NS };
	struct hvisor_cell_console_write_args args;
	uint64_t last = now_ms();
	size_t done = 0;
	int ret;

	while (done < len && !interrupted) {
		memset(&args, 0, sizeof(args));
		args.id = c->id;
		args.buf = (uint64_t)(uintptr_t)(buf + done);
		args.size = len - done;
		if (args.size > HVISOR_CELL_CONSOLE_WRITE_MAX)
			args.size = HVISOR_CELL_CONSOLE_WRITE_MAX;
		ret = device_ioctl_value(c->fd, HVISOR_IOCTL_CELL_CONSOLE_WRITE,
					 &args);
		if (ret < 0) {
			cell_report_error("console", c->name, ret);
			return -1;
		}
		if (ret > 0) {
			done += (size_t)ret;
			last = now_ms();
			continue;
		}
		if (now_ms() - last > SEND_TIMEOUT_MS) {
			fprintf(stderr,
				"hvisor: cell console %s: input buffer full: %zu of %zu bytes sent (is the cell reading its console?)\n",
				c->name, done, len);
			return -1;
		}
		nanosleep(&retry, NULL);
	}
	return 0;
}

/* Stdin is forwarded when it is a terminal or a pipe (not /dev/null...). */
static bool stdin_forwardable(void)
{
	struct stat st;

	if (isatty(STDIN_FILENO))
		return true;
	return !fstat(STDIN_FILENO, &st) &&
	       (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* Waits up to POLL_MS for stdin; forwards what came. -1 on errors. */
static int forward_stdin(struct console *c, bool *forwarding)
{
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	char buf[CHUNK];
	ssize_t n;

	if (poll(&p, 1, POLL_MS) <= 0)
		return 0;
	n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0) {
		/* End of input: keep following the output. */
		*forwarding = false;
		return 0;
	}
	return send_input(c, buf, (size_t)n);
}

static int follow(struct console *c)
{
	const struct timespec interval = { 0, POLL_MS * 1000 * 1000 };
	bool forwarding = stdin_forwardable();
	int got;

	catch_signals();
	while (!interrupted) {
		got = read_output(c);
		if (got < 0)
			return interrupted ? 0 : 1;
		if (got)
			continue;
		fflush(stdout);
		if (forwarding) {
			if (forward_stdin(c, &forwarding))
				return 1;
		} else {
			nanosleep(&interval, NULL);
		}
	}
	return 0;
}

static int send_line(struct console *c, const char *text)
{
	size_t len = strlen(text);
	char *line = malloc(len + 2);
	int ret;

	if (!line) {
		fprintf(stderr, "hvisor: out of memory\n");
		return 1;
	}
	memcpy(line, text, len);
	line[len] = '\n';
	line[len + 1] = '\0';
	ret = send_input(c, line, len + 1);
	free(line);
	return ret ? 1 : 0;
}

int cmd_cell_console(int argc, char **argv)
{
	struct hvisor_cell_info info;
	const char *name = NULL, *send = NULL;
	struct console c;
	bool follow_output = false;
	int i, ret, got;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f"))
			follow_output = true;
		else if (!strcmp(argv[i], "--send") && i + 1 < argc)
			send = argv[++i];
		else if (argv[i][0] == '-' || name)
			return usage_error(
				"cell console: unexpected argument '%s'",
				argv[i]);
		else
			name = argv[i];
	}
	if (!name)
		return usage_error("cell console needs NAME (or id)");
	if (send && follow_output)
		return usage_error(
			"cell console: -f and --send exclude each other");
	c.fd = device_open();
	if (c.fd < 0)
		return 1;
	if (cell_resolve(c.fd, name, &info)) {
		close(c.fd);
		return 1;
	}
	c.id = info.id;
	c.name = name;
	c.seq = 0;
	if (send)
		ret = send_line(&c, send);
	else if (follow_output)
		ret = follow(&c);
	else {
		while ((got = read_output(&c)) > 0)
			;
		ret = got < 0;
	}
	fflush(stdout);
	close(c.fd);
	return ret;
}
