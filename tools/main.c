/* hvisor command-line tool: dispatches to the subcommands. */
#include "commands.h"

#include <hvisor/config.h>
#include <hvisor/ioctl.h>

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

/* The help of each command (hvisor help COMMAND): synopsis lines, then what it does. */
static const struct help {
	const char *command;
	const char *text;
} helps[] = {
	{ "info",
	  "  info [--json]             show the CPU's hypervisor mode and hvisor's state\n" },
	{ "enable",
	  "  enable CONFIG.json        check the system config and start the hypervisor\n" },
	{ "disable",
	  "  disable                   stop the hypervisor, give its CPU mode back to Linux\n" },
	{ "console",
	  "  console [-f]              print the hypervisor log (-f: follow it)\n" },
	{ "config",
	  "  config check [--json] ROOT.json [CELL.json...]\n"
	  "                            check configs offline\n"
	  "  config dump CONFIG.json   print the binary config built from CONFIG.json\n"
	  "  config create [--arch A] [--hv-size SIZE] [--sysroot DIR] OUT.json\n"
	  "                            write the root config of this machine, read from\n"
	  "                            its device tree, /proc and /sys (OUT - : stdout)\n"
	  "  config create --cell NAME --cpus LIST --mem SIZE [--console] [--agent]\n"
	  "             [--testdev] [--virtio blk,net,console] [--root ROOT.json]\n"
	  "             [--pci BB:DD.F [--sysroot DIR]]... [--beside CELL.json]...\n"
	  "             OUT.json\n"
	  "                            write a cell config derived from ROOT.json (default\n"
	  "                            " DEFAULT_ROOT_CONFIG
	  "): its CPUs, RAM\n"
	  "                            from the root's loadable RAM that no --beside cell\n"
	  "                            takes; --agent: mailbox and doorbell of the test\n"
	  "                            guest's agent; --pci: a PCI function it owns,\n"
	  "                            its BARs and INTx as /sys shows them\n"
	  "                            (docs/config-create.md)\n" },
	{ "cell",
	  "  cell create CONFIG.json [--root ROOT.json | --no-root]\n"
	  "                            check a cell config (against ROOT.json, default\n"
	  "                            the config the hypervisor was enabled with, else\n"
	  "                            " DEFAULT_ROOT_CONFIG
	  " if present) and create the cell\n"
	  "  cell load NAME IMAGE@ADDR...\n"
	  "                            copy images to guest-physical ADDR (required:\n"
	  "                            no ioctl reports the entry) in loadable RAM\n"
	  "  cell start NAME           start the cell at its entry\n"
	  "  cell shutdown NAME        stop the cell's CPUs (it can be loaded again)\n"
	  "  cell destroy NAME         give the cell's CPUs and memory back to Linux\n"
	  "  cell list [--json]        ID NAME STATE CPUS FAULT of every cell\n"
	  "  cell stats [--json] NAME  exits per vCPU, doorbells, console bytes\n"
	  "  cell console NAME [-f]    print the cell's console (-f: follow it and\n"
	  "                            forward stdin from a terminal or pipe)\n"
	  "  cell console NAME --send TEXT\n"
	  "                            send TEXT and a newline to the cell's console\n"
	  "  cell exec NAME CMD [ARGS...] [--timeout SECONDS]\n"
	  "                            run CMD in the cell's agent (default 10 s); exit\n"
	  "                            with its status, 124 on timeout\n"
	  "  cell linux CONFIG.json KERNEL [--initrd FILE] [--cmdline ARGS]\n"
	  "             [--dtb-out FILE] [--root ROOT.json | --no-root] [--dry-run]\n"
	  "             [--raw] [--exact-cmdline] [--stub-out FILE] [--no-kaslr]\n"
	  "                            generate the cell's device tree (with fresh\n"
	  "                            rng-seed and kaslr-seed), create the cell,\n"
	  "                            load a Linux Image (--raw: any image of the\n"
	  "                            boot protocol, no header) and start it\n" },
	{ "daemon",
	  "  daemon CONFIG.json [--check [--json]] [--timeout MS] [--state DIR]\n"
	  "         [--sync-io] [--worker-kicks] [--queued-reads]\n"
	  "         [--queued-writes] [--ring-writes] [--poll-us US]\n"
	  "         [--piece-kib KIB]\n"
	  "                            serve the virtio devices of cells (docs/virtio.md)\n" },
	{ "help",
	  "  help [COMMAND]            show this message, or the help of COMMAND\n"
	  "  --version                 show the version of the tool and its ABIs\n" },
};

#define NUM_HELPS (sizeof(helps) / sizeof(helps[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: hvisor COMMAND [ARGS]\n\ncommands:\n");
	for (i = 0; i < NUM_HELPS; i++)
		fprintf(f, "%s%s", i ? "\n" : "", helps[i].text);
	fprintf(f,
		"\n"
		"NAME is a cell's name or its numeric id. The device is /dev/hvisor unless\n"
		"HVISOR_DEVICE names another. Exit status: 0 success, 1 failure, 2 usage\n"
		"error; cell exec: the command's status, 124 timeout, 127 unknown command\n"
		"(hvisor(8)).\n");
}

/* hvisor help COMMAND: that command's lines. */
static int help(const char *command)
{
	size_t i;

	for (i = 0; i < NUM_HELPS; i++)
		if (!strcmp(helps[i].command, command)) {
			printf("usage:\n%s", helps[i].text);
			return 0;
		}
	return usage_error("no help for unknown command '%s'", command);
}

static int version(void)
{
	printf("hvisor %s (config format %u, driver ABI %u, built for %s)\n",
	       HVISOR_TOOLS_VERSION, HVISOR_CONFIG_VERSION, HVISOR_IOCTL_ABI,
	       HVISOR_BUILD_ARCH);
	return 0;
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
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return argc == 2 ? version() :
				   usage_error("--version takes no arguments");
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		if (argc == 3)
			return help(argv[2]);
		if (argc > 3)
			return usage_error("help takes one COMMAND");
		usage(stdout);
		return 0;
	}
	/* hvisor COMMAND --help, as help COMMAND */
	if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))
		return help(argv[1]);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	return usage_error("unknown command '%s'", argv[1]);
}
