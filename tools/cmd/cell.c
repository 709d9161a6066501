/* hvisor cell SUBCOMMAND: dispatches to the cell subcommands (cmd_cell_*.c). */
#include "cmd/cell_commands.h"
#include "commands.h"

#include <string.h>

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} subcommands[] = {
	{ "create", cmd_cell_create },	 { "load", cmd_cell_load },
	{ "start", cmd_cell_start },	 { "shutdown", cmd_cell_shutdown },
	{ "destroy", cmd_cell_destroy }, { "list", cmd_cell_list },
	{ "stats", cmd_cell_stats },	 { "console", cmd_cell_console },
	{ "exec", cmd_cell_exec },	 { "linux", cmd_cell_linux },
};

int cmd_cell(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage_error("cell needs a subcommand");
	for (i = 0; i < sizeof(subcommands) / sizeof(subcommands[0]); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(argc - 1, argv + 1);
	return usage_error("unknown cell subcommand '%s'", argv[1]);
}
