/* hvisor cell exec NAME CMD [ARGS...] [--timeout SECONDS]: run a command in a cell through its mailbox. */
#include "cmd/cell_commands.h"
#include "commands.h"
#include "dev/cell_device.h"
#include "dev/device.h"

#include <errno.h>
#include <hvisor/hypercall.h>
#include <hvisor/mailbox.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define EXIT_TIMEOUT 124 /* as timeout(1) */
#define MAX_TIMEOUT_S 86400.0

/* Seconds ("10", "0.5") into milliseconds; false if not a valid timeout. */
static bool parse_timeout(const char *s, uint32_t *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v > 0) || v > MAX_TIMEOUT_S)
		return false;
	*ms = (uint32_t)(v * 1000.0);
	if (!*ms)
		*ms = 1;
	return true;
}

/* Joins words with single spaces into buf; false when it does not fit. */
static bool join_words(char **words, int count, char *buf, size_t size)
{
	size_t used = 0, len;
	int i;

	for (i = 0; i < count; i++) {
		len = strlen(words[i]);
		if (used + (i ? 1 : 0) + len >= size)
			return false;
		if (i)
			buf[used++] = ' ';
		memcpy(buf + used, words[i], len);
		used += len;
	}
	buf[used] = '\0';
	return true;
}

/* After -EIO: say why the cell cannot answer, with its fault if it failed. */
static void explain_eio(int fd, const struct hvisor_cell_info *before,
			const char *name)
{
	struct hvisor_cell_info info;

	if (cell_get_info(fd, before->id, &info)) {
		fprintf(stderr, "hvisor: cell exec %s: the cell is gone\n",
			name);
		return;
	}
	if (info.state == HVISOR_CELL_FAILED)
		fprintf(stderr, "hvisor: cell exec %s: the cell failed: %.*s\n",
			name,
			(int)strnlen(info.fault_reason,
				     sizeof(info.fault_reason)),
			info.fault_reason);
	else
		cell_report_error("exec", name, -EIO);
}

static int run(int fd, const struct hvisor_cell_info *info, const char *name,
	       const char *cmd, uint32_t timeout_ms)
{
	static char out[HVISOR_MAILBOX_OUT_LEN];
	struct hvisor_cell_exec_args args;
	int ret;

	memset(&args, 0, sizeof(args));
	args.id = info->id;
	args.timeout_ms = timeout_ms;
	args.cmd = (uint64_t)(uintptr_t)cmd;
	args.cmd_len = strlen(cmd);
	args.out = (uint64_t)(uintptr_t)out;
	args.out_size = sizeof(out);
	/* No retry on EINTR: the command may have run. */
	ret = ioctl(fd, HVISOR_IOCTL_CELL_EXEC, &args) ? -errno : 0;
	if (ret == -ETIMEDOUT) {
		fprintf(stderr,
			"hvisor: cell exec %s: no answer within %.1f s (guest agent not ready or busy?)\n",
			name, timeout_ms / 1000.0);
		return EXIT_TIMEOUT;
	}
	if (ret == -EIO) {
		explain_eio(fd, info, name);
		return 1;
	}
	if (ret == -EINTR) {
		fprintf(stderr,
			"hvisor: cell exec %s: interrupted (the command may still run)\n",
			name);
		return 130;
	}
	if (ret == -EPROTO) {
		fprintf(stderr,
			"hvisor: cell exec %s: the guest agent speaks another mailbox version\n",
			name);
		return 1;
	}
	if (ret) {
		cell_report_error("exec", name, ret);
		return 1;
	}
	if (args.out_len > sizeof(out))
		args.out_len = sizeof(out);
	fwrite(out, 1, args.out_len, stdout);
	fflush(stdout);
	if (args.status < 0 || args.status > 255) {
		fprintf(stderr,
			"hvisor: cell exec %s: the command returned status %d (not 0-255)\n",
			name, args.status);
		return 1;
	}
	return args.status;
}

int cmd_cell_exec(int argc, char **argv)
{
	uint32_t timeout_ms = HVISOR_EXEC_DEFAULT_TIMEOUT_MS;
	static char cmd[HVISOR_MAILBOX_CMD_LEN];
	struct hvisor_cell_info info;
	int first = 2, last = argc, fd, ret;

	if (argc < 3)
		return usage_error("cell exec needs NAME and CMD");
	/* --timeout S before CMD, or as the last two arguments. */
	if (!strcmp(argv[first], "--timeout") && first + 1 < argc) {
		if (!parse_timeout(argv[first + 1], &timeout_ms))
			return usage_error("cell exec: bad --timeout '%s'",
					   argv[first + 1]);
		first += 2;
	} else if (last - first >= 3 && !strcmp(argv[last - 2], "--timeout")) {
		if (!parse_timeout(argv[last - 1], &timeout_ms))
			return usage_error("cell exec: bad --timeout '%s'",
					   argv[last - 1]);
		last -= 2;
	}
	if (first < last && !strcmp(argv[first], "--"))
		first++;
	if (first >= last)
		return usage_error("cell exec needs CMD");
	if (!join_words(argv + first, last - first, cmd, sizeof(cmd)) ||
	    !cmd[0]) {
		fprintf(stderr,
			"hvisor: cell exec: the command must be 1 to %d bytes\n",
			HVISOR_MAILBOX_CMD_LEN - 1);
		return 1;
	}
	fd = device_open();
	if (fd < 0)
		return 1;
	if (cell_resolve(fd, argv[1], &info)) {
		close(fd);
		return 1;
	}
	ret = run(fd, &info, argv[1], cmd, timeout_ms);
	close(fd);
	return ret;
}
