/* Test guest commands: the table, argument helpers and exit statuses. */
#ifndef COMMAND_H
#define COMMAND_H

#include <stdbool.h>
#include <stdint.h>

#include "format.h"

#define CMD_OK 0
#define CMD_FAILED 1
#define CMD_USAGE 2 /* bad arguments */
#define CMD_UNKNOWN 127

#define CMD_MAX_ARGS 16

/* What to do once the answer has been delivered. */
enum cmd_after {
	AFTER_NOTHING,
	AFTER_POWEROFF,
	AFTER_RESET,
};

struct cmd_ctx {
	struct outbuf *out;
	enum cmd_after after;
};

struct command {
	const char *name;
	const char *args; /* usage of the arguments, "" if none */
	int max_args;
	int (*run)(struct cmd_ctx *ctx, int argc, char **argv);
};

/* Splits @line (modified) at blanks and runs the command; returns its status. */
int command_run(char *line, struct cmd_ctx *ctx);
/* Carries out ctx->after; returns only if that failed (reason on the console). */
void command_after(enum cmd_after after);

/*
 * Parses argument @argv[@idx] (or takes @def if absent) as a number in
 * [@min, @max]; on error writes "NAME: ..." to ctx->out and returns false.
 */
bool cmd_arg_u64(struct cmd_ctx *ctx, int argc, char **argv, int idx,
		 const char *what, uint64_t def, uint64_t min, uint64_t max,
		 uint64_t *val);

/* Commands, one per cmd_*.c file group. */
int cmd_echo(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_help(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_info(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_poweroff(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_reset(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_timer_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_cpu_bench(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_peek(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_mmio_bench(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_poke(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_smp_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_ipi_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_mem_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_mmio_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_fault_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_exec_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_cpu_on_race(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_console_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_race(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_console_hc(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_notify_flood(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_virtio_reads(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_vblk(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_dma_test(struct cmd_ctx *ctx, int argc, char **argv);
int cmd_dma_write(struct cmd_ctx *ctx, int argc, char **argv);

/* The core's table, and the arch's (arch/<arch>/commands.c), NULL-ended. */
extern const struct command commands[];
extern const struct command arch_commands[];
/* Iterates over both tables: command_next(NULL) is the first; NULL at the end. */
const struct command *command_next(const struct command *c);

#endif
