/* JSON documents of hvisor info, cell list and cell stats (--json; field names in docs/json.md). */
#include "format/json.h"
#include "config/arch.h"
#include "format/cell.h"
#include "format/info.h"

#include <hvisor/hypercall.h>
#include <string.h>

static struct json_object *u64(uint64_t v)
{
	return json_object_new_int64((int64_t)v);
}

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *str(const char *s)
{
	return json_object_new_string(s);
}

struct json_object *info_json(const struct hvisor_info *info)
{
	static const char *const states[] = { "free", "absent", "host",
					      "foreign", "hvisor" };
	struct json_object *o = json_object_new_object(), *a;
	char buf[128];
	unsigned int i;

	add(o, "abi", u64(info->abi));
	add(o, "abi_matches",
	    json_object_new_boolean(info->abi == HVISOR_IOCTL_ABI));
	add(o, "arch", str(config_arch_label(info->arch, buf, sizeof(buf))));
	add(o, "hyp_state",
	    str(info->hyp_state < 5 ? states[info->hyp_state] : "unknown"));
	info_hyp_line(info, buf, sizeof(buf));
	add(o, "hyp_text", str(buf));
	a = json_object_new_array();
	for (i = 0; i < HVISOR_INFO_ARCH_WORDS; i++)
		json_object_array_add(a, u64(info->arch_info[i]));
	add(o, "arch_info", a);
	add(o, "enabled", json_object_new_boolean(info->enabled));
	if (!info->enabled)
		return o;
	add(o, "hv_version", u64(info->hv_version));
	add(o, "num_cpus", u64(info->num_cpus));
	add(o, "num_cells", u64(info->num_cells));
	add(o, "mem_pool_pages", u64(info->mem_pool_pages));
	add(o, "mem_pool_used", u64(info->mem_pool_used));
	return o;
}

static struct json_object *cpu_array(uint64_t cpus)
{
	struct json_object *a = json_object_new_array();
	int i;

	for (i = 0; i < 64; i++)
		if (cpus >> i & 1)
			json_object_array_add(a, json_object_new_int(i));
	return a;
}

static void add_name_state(struct json_object *o,
			   const struct hvisor_cell_info *c)
{
	char buf[40];

	add(o, "id", u64(c->id));
	snprintf(buf, sizeof(buf), "%.*s", (int)sizeof(c->name), c->name);
	add(o, "name", str(buf));
	add(o, "state", str(cell_state_name(c->state, buf, sizeof(buf))));
}

static struct json_object *fault_json(const struct hvisor_cell_info *c,
				      uint32_t arch)
{
	struct json_object *o = json_object_new_object();
	char buf[512];
	size_t n = strnlen(c->fault_reason, sizeof(c->fault_reason));

	snprintf(buf, sizeof(buf), "%.*s", (int)n, c->fault_reason);
	add(o, "reason", str(buf));
	add(o, "cpu", u64(c->fault_cpu));
	add(o, "pc", u64(c->fault_pc));
	add(o, "syndrome", u64(c->fault_syndrome));
	cell_format_syndrome(arch, c->fault_syndrome, buf, sizeof(buf));
	add(o, "syndrome_text", str(buf));
	add(o, "gpa", u64(c->fault_gpa));
	add(o, "va", u64(c->fault_va));
	add(o, "width", u64(c->fault_width));
	add(o, "write", json_object_new_boolean(c->fault_write));
	cell_format_fault(c, arch, buf, sizeof(buf));
	add(o, "text", str(buf));
	return o;
}

struct json_object *cell_list_json(const struct hvisor_cell_info *cells,
				   unsigned int n, uint32_t arch)
{
	struct json_object *top = json_object_new_object(),
			   *a = json_object_new_array(), *o;
	char buf[256];
	unsigned int i;

	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		add_name_state(o, &cells[i]);
		add(o, "cpus", cpu_array(cells[i].cpus));
		cell_format_cpus(cells[i].cpus, buf, sizeof(buf));
		add(o, "cpus_text", str(buf));
		add(o, "fault",
		    cells[i].state == HVISOR_CELL_FAILED ?
			    fault_json(&cells[i], arch) :
			    NULL);
		json_object_array_add(a, o);
	}
	add(top, "cells", a);
	return top;
}

struct json_object *cell_stats_json(const struct hvisor_cell_info *info)
{
	static const char *const reasons[HVISOR_NUM_EXITS] = HVISOR_EXIT_NAMES;
	struct json_object *o = json_object_new_object(),
			   *a = json_object_new_array(), *v, *e;
	unsigned int i, r, n = info->num_vcpus;
	int cpu;

	if (n > HVISOR_CELL_MAX_VCPUS)
		n = HVISOR_CELL_MAX_VCPUS;
	add_name_state(o, info);
	add(o, "num_vcpus", u64(info->num_vcpus));
	for (i = 0, cpu = 0; i < n; i++) {
		while (cpu < 64 && !(info->cpus >> cpu & 1))
			cpu++;
		v = json_object_new_object();
		add(v, "vcpu", u64(i));
		add(v, "cpu", json_object_new_int(cpu < 64 ? cpu : -1));
		cpu++;
		e = json_object_new_object();
		for (r = 0; r < HVISOR_NUM_EXITS; r++)
			add(e, reasons[r], u64(info->exits[i][r]));
		add(v, "exits", e);
		json_object_array_add(a, v);
	}
	add(o, "vcpus", a);
	add(o, "doorbells", u64(info->doorbells));
	add(o, "console_bytes", u64(info->console_seq));
	return o;
}

void json_print(FILE *f, struct json_object *o)
{
	fprintf(f, "%s\n",
		json_object_to_json_string_ext(
			o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
				   JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

bool json_flag(int *argc, char **argv)
{
	bool found = false;
	int i, j;

	for (i = 1, j = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--json"))
			found = true;
		else
			argv[j++] = argv[i];
	}
	*argc = j;
	argv[j] = NULL;
	return found;
}
