/* hvisor config create: writes a root config read from the running machine, or a cell config derived from a root config (docs/config-create.md). */
#include "cmd/config_create.h"
#include "commands.h"
#include "config/arch.h"
#include "config/load.h"
#include "create/create.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct create_args {
	const char *out, *arch, *sysroot, *root, *cell, *cpus, *mem, *virtio;
	const char *hv_size;
	const char *beside[8];
	unsigned int num_beside;
	const char *pci[HVISOR_CELL_MAX_PCI_DEVICES];
	unsigned int num_pci;
	bool console, agent, testdev;
};

static int parse(int argc, char **argv, struct create_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char **val = NULL;

		if (!strcmp(o, "--console")) {
			a->console = true;
			continue;
		}
		if (!strcmp(o, "--agent")) {
			a->agent = true;
			continue;
		}
		if (!strcmp(o, "--testdev")) {
			a->testdev = true;
			continue;
		}
		if (!strcmp(o, "--arch"))
			val = &a->arch;
		else if (!strcmp(o, "--sysroot"))
			val = &a->sysroot;
		else if (!strcmp(o, "--hv-size"))
			val = &a->hv_size;
		else if (!strcmp(o, "--root"))
			val = &a->root;
		else if (!strcmp(o, "--cell"))
			val = &a->cell;
		else if (!strcmp(o, "--cpus"))
			val = &a->cpus;
		else if (!strcmp(o, "--mem"))
			val = &a->mem;
		else if (!strcmp(o, "--virtio"))
			val = &a->virtio;
		else if (!strcmp(o, "--pci")) {
			if (a->num_pci == HVISOR_CELL_MAX_PCI_DEVICES)
				return usage_error("at most %u --pci functions",
						   HVISOR_CELL_MAX_PCI_DEVICES);
			val = &a->pci[a->num_pci++];
		} else if (!strcmp(o, "--beside")) {
			if (a->num_beside == 8)
				return usage_error(
					"at most 8 --beside configs");
			val = &a->beside[a->num_beside++];
		} else if (o[0] == '-' && o[1]) {
			return usage_error("config create: unknown option '%s'",
					   o);
		} else {
			if (a->out)
				return usage_error(
					"config create takes one OUT.json");
			a->out = o;
			continue;
		}
		if (i + 1 >= argc)
			return usage_error("config create: %s needs a value",
					   o);
		*val = argv[++i];
	}
	if (!a->out)
		return usage_error(
			"config create needs OUT.json (- for stdout)");
	if (!a->cell &&
	    (a->cpus || a->mem || a->virtio || a->console || a->agent ||
	     a->testdev || a->root || a->num_beside || a->num_pci))
		return usage_error(
			"config create: --cpus, --mem, --console, --virtio, --agent, --testdev, --pci, --root and --beside are for --cell");
	if (a->cell && (!a->cpus || !a->mem))
		return usage_error(
			"config create --cell needs --cpus and --mem");
	if (a->cell && (a->hv_size || (a->sysroot && !a->num_pci)))
		return usage_error(
			"config create --cell: --hv-size is for root configs, --sysroot for them and --pci");
	return 0;
}

/* Writes o to path ("-": stdout) after checking it like config check. */
static int write_checked(struct json_object *o, const char *path,
			 const struct config_blob *system,
			 const char *system_file)
{
	const char *text = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_PRETTY_TAB |
			   JSON_C_TO_STRING_SPACED |
			   JSON_C_TO_STRING_NOSLASHESCAPE);
	struct config_blob blob = { NULL, 0 };
	struct diag d;
	FILE *f;
	int bad;

	diag_init(&d);
	if (system_file)
		bad = config_cell_build(text, strlen(text), path, system,
					system_file, &blob, &d);
	else
		bad = config_system_build(text, strlen(text), path, &blob, &d);
	config_blob_free(&blob);
	if (bad) {
		fprintf(stderr,
			"hvisor: the generated config does not pass the checks (a machine the hypervisor does not support yet, or a bug of config create):\n");
		diag_print(&d, stderr);
		diag_free(&d);
		fprintf(stderr, "%s\n", text);
		return 1;
	}
	diag_free(&d);
	f = strcmp(path, "-") ? fopen(path, "w") : stdout;
	if (!f) {
		fprintf(stderr, "hvisor: %s: %s\n", path, strerror(errno));
		return 1;
	}
	fprintf(f, "%s\n", text);
	if (f != stdout ? fclose(f) : fflush(f)) {
		fprintf(stderr, "hvisor: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

static const struct create_arch_ops *arch_of(const char *name)
{
	uint32_t tag = config_arch_tag(name);
	const struct create_arch_ops *ops = tag ? create_arch_find(tag) : NULL;

	if (!ops)
		fprintf(stderr,
			"hvisor: config create has no rules for arch \"%s\"\n",
			name);
	return ops;
}

static int create_root_config(const struct create_args *a)
{
	const struct create_arch_ops *ops =
		arch_of(a->arch ? a->arch : HVISOR_BUILD_ARCH);
	uint64_t hv_size = CREATE_HV_SIZE;
	struct json_object *o;
	struct machine m;
	struct diag d;
	int ret = 1;

	if (!ops)
		return 1;
	if (a->hv_size && (create_parse_size(a->hv_size, &hv_size) ||
			   !hv_size || hv_size % 0x200000))
		return usage_error("--hv-size: a multiple of 2 MiB (e.g. 64M)");
	diag_init(&d);
	if (!machine_read(a->sysroot ? a->sysroot : "/", &m, &d)) {
		o = create_root(&m, ops, hv_size, &d);
		if (o)
			ret = write_checked(o, a->out, NULL, NULL);
		json_object_put(o);
	}
	diag_print(&d, stderr);
	diag_free(&d);
	machine_free(&m);
	return ret;
}

static int create_cell_config(const struct create_args *a)
{
	const char *root = a->root ? a->root : DEFAULT_ROOT_CONFIG;
	struct config_blob system = { NULL, 0 }, others[8];
	struct create_cell_request req = { .name = a->cell };
	struct create_pci_dev pci[HVISOR_CELL_MAX_PCI_DEVICES];
	const struct create_arch_ops *ops = NULL;
	struct json_object *o = NULL;
	unsigned int i;
	struct diag d;
	char *save, *tok, *list = NULL;
	int ret = 1;

	memset(others, 0, sizeof(others));
	if (create_parse_cpus(a->cpus, &req.cpus))
		return usage_error("--cpus: a list such as 2-3 or 1,3");
	if (create_parse_size(a->mem, &req.mem))
		return usage_error("--mem: a size such as 256M or 0x10000000");
	req.console = a->console;
	req.agent = a->agent;
	req.testdev = a->testdev;
	if (a->virtio) {
		list = strdup(a->virtio);
		for (tok = strtok_r(list, ",", &save); tok;
		     tok = strtok_r(NULL, ",", &save)) {
			if (strcmp(tok, "blk") && strcmp(tok, "net") &&
			    strcmp(tok, "console")) {
				free(list);
				return usage_error(
					"--virtio: blk, net or console, not '%s'",
					tok);
			}
			if (req.num_virtio == 8) {
				free(list);
				return usage_error(
					"--virtio: at most 8 devices");
			}
			req.virtio[req.num_virtio++] = tok;
		}
	}
	diag_init(&d);
	for (i = 0; i < a->num_pci; i++)
		if (create_pci_read(a->sysroot ? a->sysroot : "/", a->pci[i],
				    &pci[i], &d))
			goto out;
	req.pci = pci;
	req.num_pci = a->num_pci;
	if (config_system_load(root, &system, &d))
		goto out;
	ops = create_arch_find(((struct hvisor_system *)system.data)->arch);
	if (!ops || (a->arch && ops != arch_of(a->arch))) {
		diag_add(&d, root, "arch",
			 "not an arch config create has rules for%s",
			 a->arch ? " or not --arch" : "");
		goto out;
	}
	for (i = 0; i < a->num_beside; i++)
		if (config_cell_load(a->beside[i], &system, root, &others[i],
				     &d))
			goto out;
	req.others = others;
	req.num_others = a->num_beside;
	o = create_cell(system.data, ops, &req, &d);
	if (o)
		ret = write_checked(o, a->out, &system, root);
out:
	json_object_put(o);
	diag_print(&d, stderr);
	diag_free(&d);
	for (i = 0; i < 8; i++)
		config_blob_free(&others[i]);
	config_blob_free(&system);
	free(list);
	return ret;
}

int cmd_config_create(int argc, char **argv)
{
	struct create_args a;
	int ret = parse(argc, argv, &a);

	if (ret)
		return ret;
	return a.cell ? create_cell_config(&a) : create_root_config(&a);
}
