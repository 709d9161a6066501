/* Test guest commands: the table, parsing a command line, dispatch. */
#include "command.h"

#include "console.h"
#include "guest.h"
#include "string.h"

const struct command commands[] = {
	{ "echo", "ARGS...", CMD_MAX_ARGS, cmd_echo },
	{ "help", "", 0, cmd_help },
	{ "info", "", 0, cmd_info },
	{ "timer_test", "N [PERIOD_US]", 2, cmd_timer_test },
	{ "smp_test", "", 0, cmd_smp_test },
	{ "ipi_test", "[ROUNDS]", 1, cmd_ipi_test },
	{ "mem_test", "[MAX_MIB]", 1, cmd_mem_test },
	{ "mmio_test", "", 0, cmd_mmio_test },
	{ "fault_test", "[ADDR]", 1, cmd_fault_test },
	{ "exec_test", "[ADDR]", 1, cmd_exec_test },
	{ "cpu_on_race", "[ROUNDS]", 1, cmd_cpu_on_race },
	{ "console_test", "", 0, cmd_console_test },
	{ "cpu_bench", "[ITERATIONS]", 1, cmd_cpu_bench },
	{ "peek", "ADDR [WIDTH]", 2, cmd_peek },
	{ "mmio_bench", "ADDR [N] [w]", 3, cmd_mmio_bench },
	{ "poke", "ADDR VALUE [WIDTH]", 3, cmd_poke },
	{ "notify_flood", "ADDR MS [QUEUE]", 3, cmd_notify_flood },
	{ "virtio_reads", "ADDR MS", 2, cmd_virtio_reads },
	{ "vblk", "ADDR read|flush ROUNDS [DEPTH] [PATTERN] [MS]", 6,
	  cmd_vblk },
	{ "poweroff", "", 0, cmd_poweroff },
	{ "reset", "", 0, cmd_reset },
	{ "race", "reset|onoff|all [SECONDS] | status | stop", 2, cmd_race },
	{ "console_hc", "TEXT [REPEAT]", 2, cmd_console_hc },
	{ "dma_test", "BYTES [ECAM]", 2, cmd_dma_test },
	{ "dma_write", "ADDR [ECAM]", 2, cmd_dma_write },
	{ NULL, NULL, 0, NULL },
};

/* The core's commands, then the arch's (arch_commands[]). */
const struct command *command_next(const struct command *c)
{
	const struct command *core_end =
		&commands[sizeof(commands) / sizeof(commands[0]) - 1];

	c = c ? c + 1 : commands;
	if (c == core_end)
		c = arch_commands;
	return c->name ? c : NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int split(char *line, char **argv)
{
	int argc = 0;

	for (;;) {
		while (is_blank(*line))
			*line++ = '\0';
		if (!*line)
			return argc;
		if (argc == CMD_MAX_ARGS)
			return -1;
		argv[argc++] = line;
		while (*line && !is_blank(*line))
			line++;
	}
}

int command_run(char *line, struct cmd_ctx *ctx)
{
	char *argv[CMD_MAX_ARGS + 1];
	const struct command *c;
	int argc = split(line, argv);

	if (argc < 0) {
		outbuf_printf(ctx->out, "too many arguments (at most %d)\n",
			      CMD_MAX_ARGS - 1);
		return CMD_USAGE;
	}
	if (!argc) {
		outbuf_puts(ctx->out, "empty command\n");
		return CMD_USAGE;
	}
	argv[argc] = NULL;
	for (c = command_next(NULL); c; c = command_next(c)) {
		if (strcmp(c->name, argv[0]))
			continue;
		if (argc - 1 > c->max_args) {
			outbuf_printf(ctx->out, "usage: %s %s\n", c->name,
				      c->args);
			return CMD_USAGE;
		}
		return c->run(ctx, argc, argv);
	}
	outbuf_printf(ctx->out, "unknown command: %s\n", argv[0]);
	return CMD_UNKNOWN;
}

void command_after(enum cmd_after after)
{
	long err;

	switch (after) {
	case AFTER_POWEROFF:
		console_puts("hvisor test guest: powering off\n");
		err = arch_system_off();
		console_printf("hvisor test guest: SYSTEM_OFF failed (%ld)\n",
			       err);
		break;
	case AFTER_RESET:
		console_puts("hvisor test guest: resetting\n");
		err = arch_system_reset();
		console_printf("hvisor test guest: SYSTEM_RESET failed (%ld)\n",
			       err);
		break;
	case AFTER_NOTHING:
		break;
	}
}

bool cmd_arg_u64(struct cmd_ctx *ctx, int argc, char **argv, int idx,
		 const char *what, uint64_t def, uint64_t min, uint64_t max,
		 uint64_t *val)
{
	if (idx >= argc) {
		*val = def;
		return true;
	}
	if (!parse_u64(argv[idx], val)) {
		outbuf_printf(ctx->out, "%s: %s: '%s' is not a number\n",
			      argv[0], what, argv[idx]);
		return false;
	}
	if (*val < min || *val > max) {
		outbuf_printf(ctx->out,
			      "%s: %s: %llu is out of range [%llu, %llu]\n",
			      argv[0], what, (unsigned long long)*val,
			      (unsigned long long)min, (unsigned long long)max);
		return false;
	}
	return true;
}
