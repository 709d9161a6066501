/* hvisor config check|dump: offline work on JSON configs. */
#include "commands.h"
#include "config_dump.h"
#include "config_load.h"

#include <hvisor/config.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/*
 * A cell config given to `config check`. Cell configs are not defined yet:
 * they are reported as not checked, which is not an error.
 */
static int check_cell_file(const char *path, const struct config_blob *system)
{
	(void)system;
	fprintf(stderr, "%s: not checked: cell configs are not supported yet\n",
		path);
	return 0;
}

static int config_check(int argc, char **argv)
{
	const struct hvisor_system *sys;
	struct config_blob blob;
	char size[32];
	struct diag d;
	int errors = 0, i;

	if (argc < 2)
		return usage_error("config check needs ROOT.json");
	diag_init(&d);
	if (config_system_load(argv[1], &blob, &d)) {
		diag_print(&d, stderr);
		errors++;
	} else {
		sys = blob.data;
		config_format_size(sys->hypervisor_size, size, sizeof(size));
		printf("%s: ok (system config: %u CPUs, hypervisor %s at 0x%" PRIx64
		       ", root cell \"%s\" with %u memory regions)\n",
		       argv[1], sys->platform.num_cpus, size,
		       sys->hypervisor_phys, sys->root_cell.name,
		       sys->root_cell.num_mem_regions);
	}
	diag_free(&d);
	for (i = 2; i < argc; i++)
		errors += check_cell_file(argv[i], errors ? NULL : &blob);
	config_blob_free(&blob);
	return errors ? 1 : 0;
}

static int config_dump(int argc, char **argv)
{
	struct config_blob blob;
	struct diag d;
	int ret;

	if (argc != 2)
		return usage_error("config dump needs exactly one CONFIG.json");
	diag_init(&d);
	ret = config_system_load(argv[1], &blob, &d);
	/* A blob that fails the checks is still shown, to help fix it. */
	if (blob.data)
		config_dump_system(stdout, blob.data);
	fflush(stdout);
	diag_print(&d, stderr);
	diag_free(&d);
	config_blob_free(&blob);
	return ret ? 1 : 0;
}

int cmd_config(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("config needs a subcommand (check, dump)");
	if (!strcmp(argv[1], "check"))
		return config_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dump"))
		return config_dump(argc - 1, argv + 1);
	return usage_error("unknown config subcommand '%s'", argv[1]);
}
