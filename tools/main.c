/* hvisor command-line tool: dispatches to the subcommands. */
#include "commands.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "info", cmd_info },	    { "enable", cmd_enable },
	{ "disable", cmd_disable }, { "console", cmd_console },
	{ "config", cmd_config },   { "cell", cmd_cell },
	{ "daemon", cmd_daemon },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hvisor COMMAND [ARGS]\n"
		"\n"
		"commands:\n"
		"  info                      show the CPU's hypervisor mode and hvisor's state\n"
		"  enable CONFIG.json        check the system config and start the hypervisor\n"
		"  disable                   stop the hypervisor, give its CPU mode back to Linux\n"
		"  console [-f]              print the hypervisor log (-f: follow it)\n"
		"  config check ROOT.json [CELL.json...]\n"
		"                            check configs offline\n"
		"  config dump CONFIG.json   print the binary config built from CONFIG.json\n"
		"  help                      show this message\n"
		"\n"
		"  cell create CONFIG.json [--root ROOT.json | --no-root]\n"
		"                            check a cell config (against ROOT.json, default\n"
		"                            " DEFAULT_ROOT_CONFIG
		" if present) and create the cell\n"
		"  cell load NAME IMAGE@ADDR...\n"
		"                            copy images to guest-physical ADDR (required:\n"
		"                            no ioctl reports the entry) in loadable RAM\n"
		"  cell start NAME           start the cell at its entry\n"
		"  cell shutdown NAME        stop the cell's CPUs (it can be loaded again)\n"
		"  cell destroy NAME         give the cell's CPUs and memory back to Linux\n"
		"  cell list                 ID NAME STATE CPUS FAULT of every cell\n"
		"  cell stats NAME           exits per vCPU, doorbells, console bytes\n"
		"  cell console NAME [-f]    print the cell's console (-f: follow it and\n"
		"                            forward stdin from a terminal or pipe)\n"
		"  cell console NAME --send TEXT\n"
		"                            send TEXT and a newline to the cell's console\n"
		"  cell exec NAME CMD [ARGS...] [--timeout SECONDS]\n"
		"                            run CMD in the cell's agent (default 10 s); exit\n"
		"                            with its status, 124 on timeout\n"
		"  cell linux CONFIG.json KERNEL [--initrd FILE] [--cmdline ARGS]\n"
		"             [--dtb-out FILE] [--root ROOT.json | --no-root] [--dry-run]\n"
		"                            generate the cell's device tree, create the\n"
		"                            cell, load a Linux Image and start it\n"
		"\n"
		"  daemon CONFIG.json [--check] [--timeout MS] [--state DIR]\n"
		"                            serve the virtio devices of cells (docs/virtio.md)\n"
		"\n"
		"NAME is a cell's name or its numeric id. The device is /dev/hvisor unless\n"
		"HVISOR_DEVICE names another.\n");
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hvisor: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	usage(stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage_error("missing command");
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", argv[1]);
}
