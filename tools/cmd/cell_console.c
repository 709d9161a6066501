/* hvisor cell console NAME [-f | --send TEXT]: a cell's console output and input. */
#include "cmd/cell_commands.h"
#include "cmd/console_follow.h"
#include "commands.h"
#include "dev/cell_device.h"
#include "dev/device.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
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

struct console {
	struct console_reader r; /* first: the callbacks get its address */
	int fd;
	uint32_t id;
	const char *name;
	uint64_t seq;
	bool forwarding; /* stdin goes to the cell's console input */
};

/* Prints what came from c->seq on; 1 if data came, 0 if none, -1 on error. */
static int read_output(struct console_reader *r)
{
	static char buf[CHUNK];
	struct console *c = (struct console *)r;
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
	return console_emit(buf, args.size, CHUNK, args.seq, &c->seq,
			    "console");
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

	while (done < len && !console_interrupted) {
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

/*
 * Nothing came: waits up to POLL_MS for stdin and forwards what came, or
 * without stdin to forward just waits. -1 on errors.
 */
static int forward_stdin(struct console_reader *r)
{
	const struct timespec interval = { 0, POLL_MS * 1000 * 1000 };
	struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
	struct console *c = (struct console *)r;
	char buf[CHUNK];
	ssize_t n;

	if (!c->forwarding) {
		nanosleep(&interval, NULL);
		return 0;
	}
	if (poll(&p, 1, POLL_MS) <= 0)
		return 0;
	n = read(STDIN_FILENO, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0) {
		/* End of input: keep following the output. */
		c->forwarding = false;
		return 0;
	}
	return send_input(c, buf, (size_t)n);
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
	struct console c = { .r = { read_output, forward_stdin } };
	const char *name = NULL, *send = NULL;
	struct hvisor_cell_info info;
	bool follow_output = false;
	int i, ret;

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
	c.forwarding = follow_output && stdin_forwardable();
	if (send)
		ret = send_line(&c, send);
	else
		ret = console_follow(&c.r, follow_output);
	fflush(stdout);
	close(c.fd);
	return ret;
}
