/* hvisor config check|dump: offline work on JSON configs. */
#include "cmd/config_create.h"
#include "commands.h"
#include "config/arch.h"
#include "config/dump.h"
#include "config/file_read.h"
#include "config/json_read.h"
#include "config/load.h"
#include "config/pci_dma.h"
#include "format/json.h"

#include <hvisor/config.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* config check --json: the document being built, NULL for text. */
static struct json_object *check_json;

/* Prints d's messages to stderr, or adds them to the document's "errors". */
static void report(const struct diag *d)
{
	struct json_object *a;
	unsigned int i;

	if (!check_json) {
		diag_print(d, stderr);
		return;
	}
	json_object_object_get_ex(check_json, "errors", &a);
	for (i = 0; i < d->count; i++)
		json_object_array_add(a, json_object_new_string(d->msgs[i]));
}

/* The document's entry for file: {"file", "ok": false} until it passes. */
static struct json_object *check_entry(const char *file)
{
	struct json_object *a, *o;

	json_object_object_get_ex(check_json, "configs", &a);
	o = json_object_new_object();
	json_object_object_add(o, "file", json_object_new_string(file));
	json_object_object_add(o, "ok", json_object_new_boolean(false));
	json_object_array_add(a, o);
	return o;
}

static struct json_object *entry_of(const char *file)
{
	struct json_object *a, *o, *f;
	size_t i;

	json_object_object_get_ex(check_json, "configs", &a);
	for (i = 0; i < json_object_array_length(a); i++) {
		o = json_object_array_get_idx(a, i);
		json_object_object_get_ex(o, "file", &f);
		if (!strcmp(json_object_get_string(f), file))
			return o;
	}
	return check_entry(file);
}

static void json_system_ok(const char *path, const struct hvisor_system *sys)
{
	const struct config_arch_ops *ops = config_arch_find(sys->arch);
	struct json_object *o = entry_of(path);
	char arch[32], uart[32];

	json_object_object_add(o, "ok", json_object_new_boolean(true));
	json_object_object_add(o, "kind", json_object_new_string("system"));
	json_object_object_add(o, "arch",
			       json_object_new_string(config_arch_label(
				       sys->arch, arch, sizeof(arch))));
	json_object_object_add(o, "num_cpus",
			       json_object_new_int64(sys->platform.num_cpus));
	json_object_object_add(
		o, "hypervisor_phys",
		json_object_new_int64((int64_t)sys->hypervisor_phys));
	json_object_object_add(
		o, "hypervisor_size",
		json_object_new_int64((int64_t)sys->hypervisor_size));
	json_object_object_add(
		o, "uart",
		json_object_new_string(config_console_label(
			ops, sys->platform.uart.type, uart, sizeof(uart))));
	json_object_object_add(o, "root_cell",
			       json_object_new_string(sys->root_cell.name));
	json_object_object_add(
		o, "num_mem_regions",
		json_object_new_int64(sys->root_cell.num_mem_regions));
}

static void json_cell_ok(const char *path, const struct hvisor_cell_desc *c,
			 const struct hvisor_system *sys)
{
	struct json_object *o = entry_of(path), *cpus;
	char arch[32], console[32];
	const char *dma;
	int i;

	json_object_object_add(o, "ok", json_object_new_boolean(true));
	json_object_object_add(o, "kind", json_object_new_string("cell"));
	json_object_object_add(o, "arch",
			       json_object_new_string(config_arch_label(
				       c->arch, arch, sizeof(arch))));
	json_object_object_add(o, "name", json_object_new_string(c->name));
	cpus = json_object_new_array();
	for (i = 0; i < 64; i++)
		if (c->cpus >> i & 1)
			json_object_array_add(cpus, json_object_new_int(i));
	json_object_object_add(o, "cpus", cpus);
	json_object_object_add(o, "num_mem_regions",
			       json_object_new_int64(c->num_mem_regions));
	json_object_object_add(o, "entry",
			       json_object_new_int64((int64_t)c->entry));
	json_object_object_add(
		o, "console",
		c->console_base ?
			json_object_new_string(config_console_label(
				config_arch_find(c->arch), c->console_type,
				console, sizeof(console))) :
			NULL);
	json_object_object_add(o, "checked_against_system",
			       json_object_new_boolean(sys != NULL));
	dma = config_pci_dma_label(config_pci_dma(c, sys));
	if (dma)
		json_object_object_add(o, "pci_dma",
				       json_object_new_string(dma));
}

static void print_system_ok(const char *path, const struct hvisor_system *sys)
{
	const struct config_arch_ops *ops = config_arch_find(sys->arch);
	char size[32], arch[32], uart[32];

	if (check_json) {
		json_system_ok(path, sys);
		return;
	}
	config_format_size(sys->hypervisor_size, size, sizeof(size));
	printf("%s: ok (%s system config: %u CPUs, hypervisor %s at 0x%" PRIx64
	       ", uart %s, root cell \"%s\" with %u memory regions)\n",
	       path, config_arch_label(sys->arch, arch, sizeof(arch)),
	       sys->platform.num_cpus, size, sys->hypervisor_phys,
	       config_console_label(ops, sys->platform.uart.type, uart,
				    sizeof(uart)),
	       sys->root_cell.name, sys->root_cell.num_mem_regions);
}

/* sys: the system config c was checked against, NULL if none. */
static void print_cell_ok(const char *path, const struct hvisor_cell_desc *c,
			  const struct hvisor_system *sys)
{
	uint32_t cpus[2] = { (uint32_t)c->cpus, (uint32_t)(c->cpus >> 32) };
	char ids[256], arch[32], console[32];

	if (check_json) {
		json_cell_ok(path, c, sys);
		return;
	}
	config_format_ids(cpus, HVISOR_MAX_CPUS, ids, sizeof(ids));
	printf("%s: ok (%s cell config \"%s\": CPUs %s, %u memory regions, entry 0x%" PRIx64
	       ", console %s)%s\n",
	       path, config_arch_label(c->arch, arch, sizeof(arch)), c->name,
	       ids, c->num_mem_regions, c->entry,
	       c->console_base ? config_console_label(config_arch_find(c->arch),
						      c->console_type, console,
						      sizeof(console)) :
				 "none",
	       sys ? "" : " [not checked against the system config]");
	config_print_pci_dma(stdout, path, c, sys);
}

/*
 * The cell configs that passed alone (usable[i]), checked together; prints
 * an ok line for each that passes. Returns the number of failures.
 */
static int check_together(const struct config_blob *system,
			  const char *system_file,
			  const struct config_blob *cells, const char **files,
			  const bool *usable, unsigned int n)
{
	struct config_blob *set = calloc(n ? n : 1, sizeof(*set));
	const char **names = calloc(n ? n : 1, sizeof(*names));
	bool *failed = calloc(n ? n : 1, sizeof(*failed));
	unsigned int i, m = 0, bad;
	struct diag d;

	if (!set || !names || !failed) {
		fprintf(stderr, "hvisor: out of memory\n");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		if (!usable[i])
			continue;
		set[m] = cells[i];
		names[m++] = files[i];
	}
	diag_init(&d);
	bad = config_cells_check(system, system_file, set, names, m, failed,
				 &d);
	report(&d);
	diag_free(&d);
	for (i = 0; i < m; i++)
		if (!failed[i])
			print_cell_ok(names[i], set[i].data,
				      system ? system->data : NULL);
	free(set);
	free(names);
	free(failed);
	return (int)bad;
}

static int config_check(int argc, char **argv)
{
	unsigned int n = (unsigned int)(argc - 2), i;
	const char **files = (const char **)argv + 2;
	struct config_blob system, *cells;
	int errors = 0;
	struct diag d;
	bool root_ok, *usable;

	if (json_flag(&argc, argv)) {
		check_json = json_object_new_object();
		json_object_object_add(check_json, "ok",
				       json_object_new_boolean(false));
		json_object_object_add(check_json, "configs",
				       json_object_new_array());
		json_object_object_add(check_json, "errors",
				       json_object_new_array());
		n = (unsigned int)(argc - 2);
	}
	if (argc < 2)
		return usage_error("config check needs ROOT.json");
	if (check_json)
		for (i = 1; i < (unsigned int)argc; i++)
			check_entry(argv[i]);
	cells = calloc(n ? n : 1, sizeof(*cells));
	usable = calloc(n ? n : 1, sizeof(*usable));
	if (!cells || !usable) {
		fprintf(stderr, "hvisor: out of memory\n");
		return 1;
	}
	diag_init(&d);
	root_ok = !config_system_load(argv[1], &system, &d);
	report(&d);
	diag_free(&d);
	if (root_ok)
		print_system_ok(argv[1], system.data);
	else
		errors++;
	/* Each cell alone, against the root config if that one is valid. */
	for (i = 0; i < n; i++) {
		diag_init(&d);
		usable[i] = !config_cell_load(files[i],
					      root_ok ? &system : NULL, argv[1],
					      &cells[i], &d);
		report(&d);
		diag_free(&d);
		errors += !usable[i];
	}
	errors += check_together(root_ok ? &system : NULL, argv[1], cells,
				 files, usable, n);
	for (i = 0; i < n; i++)
		config_blob_free(&cells[i]);
	config_blob_free(&system);
	free(cells);
	free(usable);
	if (check_json) {
		json_object_object_add(check_json, "ok",
				       json_object_new_boolean(!errors));
		json_print(stdout, check_json);
		check_json = NULL;
	}
	return errors ? 1 : 0;
}

/* 1 if the JSON file looks like a system config, 0 if a cell, -1 on errors. */
static int is_system_config(const char *path, struct diag *d)
{
	struct json_object *root, *v;
	size_t len;
	char *text = file_read(path, &len, d);
	int ret;

	if (!text)
		return -1;
	root = json_parse_text(text, len, path, d);
	free(text);
	if (!root)
		return -1;
	ret = json_object_is_type(root, json_type_object) &&
	      (json_object_object_get_ex(root, "root_cell", &v) ||
	       json_object_object_get_ex(root, "hypervisor", &v));
	json_object_put(root);
	return ret;
}

static int config_dump(int argc, char **argv)
{
	struct config_blob blob = { NULL, 0 };
	struct diag d;
	int kind, ret = -1;

	if (argc != 2)
		return usage_error("config dump needs exactly one CONFIG.json");
	diag_init(&d);
	kind = is_system_config(argv[1], &d);
	if (kind == 1)
		ret = config_system_load(argv[1], &blob, &d);
	else if (kind == 0)
		ret = config_cell_load(argv[1], NULL, NULL, &blob, &d);
	/* A blob that fails the checks is still shown, to help fix it. */
	if (blob.data && kind == 1)
		config_dump_system(stdout, blob.data);
	else if (blob.data)
		config_dump_cell(stdout, blob.data);
	fflush(stdout);
	diag_print(&d, stderr);
	diag_free(&d);
	config_blob_free(&blob);
	return ret ? 1 : 0;
}

int cmd_config(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(
			"config needs a subcommand (check, dump, create)");
	if (!strcmp(argv[1], "check"))
		return config_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dump"))
		return config_dump(argc - 1, argv + 1);
	if (!strcmp(argv[1], "create"))
		return cmd_config_create(argc - 1, argv + 1);
	return usage_error("unknown config subcommand '%s'", argv[1]);
}
