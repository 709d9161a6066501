/* The hvisor subcommands; each returns the process exit status. */
#ifndef HVISOR_TOOLS_COMMANDS_H
#define HVISOR_TOOLS_COMMANDS_H

#define EXIT_USAGE 2

/*
 * The system config `hvisor cell create` checks cells against by default,
 * under the arch the CLI is built for (HVISOR_BUILD_ARCH, from
 * tools/Makefile).
 */
#define DEFAULT_ROOT_CONFIG "/etc/hvisor/" HVISOR_BUILD_ARCH "/qemu/root.json"

int cmd_info(int argc, char **argv);
int cmd_enable(int argc, char **argv);
int cmd_disable(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_cell(int argc, char **argv);
int cmd_daemon(int argc, char **argv);

/* Prints "hvisor: MESSAGE" and the usage to stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
