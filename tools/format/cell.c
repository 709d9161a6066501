/* Human-readable text for struct hvisor_cell_info (hvisor cell list, stats). */
#include "format/cell.h"
#include "config/dump.h"
#include "format/arch.h"

#include <hvisor/hypercall.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

_Static_assert(HVISOR_CELL_NUM_EXITS >= HVISOR_NUM_EXITS,
	       "hvisor_cell_info.exits must hold every exit reason");

const char *cell_state_name(uint32_t state, char *buf, size_t size)
{
	static const char *const names[HVISOR_CELL_NUM_STATES] =
		HVISOR_CELL_STATE_NAMES;

	if (state < HVISOR_CELL_NUM_STATES)
		return names[state];
	snprintf(buf, size, "unknown (%u)", state);
	return buf;
}

void cell_format_cpus(uint64_t cpus, char *buf, size_t size)
{
	uint32_t bits[2] = { (uint32_t)cpus, (uint32_t)(cpus >> 32) };

	config_format_ids(bits, 64, buf, size);
}

void cell_format_syndrome(uint32_t arch, uint64_t syndrome, char *buf,
			  size_t size)
{
	const struct format_arch_ops *ops = format_arch_find(arch);

	if (ops)
		ops->syndrome_text(syndrome, buf, size);
	else if (size)
		buf[0] = '\0';
}

void cell_format_fault(const struct hvisor_cell_info *info, uint32_t arch,
		       char *buf, size_t size)
{
	const struct format_arch_ops *ops = format_arch_find(arch);
	char text[96], why[104] = "", access[48];

	if (!info->fault_pc && !info->fault_syndrome && !info->fault_gpa &&
	    !info->fault_va) {
		/* a failure that no trap of the guest caused: no zeros */
		snprintf(buf, size, "CPU %u: not at a trap of the guest",
			 info->fault_cpu);
		return;
	}
	cell_format_syndrome(arch, info->fault_syndrome, text, sizeof(text));
	if (text[0])
		snprintf(why, sizeof(why), " (%s)", text);
	if (info->fault_width)
		snprintf(access, sizeof(access), "%u-byte %s",
			 info->fault_width,
			 info->fault_write ? "write" : "read");
	else
		snprintf(access, sizeof(access), "%s of unknown width",
			 info->fault_write ? "write" : "read");
	snprintf(buf, size,
		 "CPU %u: pc 0x%" PRIx64 " %s 0x%" PRIx64 "%s %s 0x%" PRIx64
		 " va 0x%" PRIx64 " %s",
		 info->fault_cpu, info->fault_pc,
		 ops ? ops->syndrome_name : "syndrome", info->fault_syndrome,
		 why, ops ? ops->gpa_name : "gpa", info->fault_gpa,
		 info->fault_va, access);
}

/* The fault reason as a C string, even without its NUL. */
static void fault_reason(const struct hvisor_cell_info *info, char *buf,
			 size_t size)
{
	size_t n = strnlen(info->fault_reason, sizeof(info->fault_reason));

	snprintf(buf, size, "%.*s", (int)n, n ? info->fault_reason : "-");
}

void cell_list_print(FILE *f, const struct hvisor_cell_info *cells,
		     unsigned int n, uint32_t arch)
{
	int name_w = 4, state_w = 9, cpus_w = 4;
	char state[32], cpus[256], line[512];
	unsigned int i;
	int len;

	for (i = 0; i < n; i++) {
		len = (int)strnlen(cells[i].name, sizeof(cells[i].name));
		name_w = len > name_w ? len : name_w;
		len = (int)strlen(
			cell_state_name(cells[i].state, state, sizeof(state)));
		state_w = len > state_w ? len : state_w;
		cell_format_cpus(cells[i].cpus, cpus, sizeof(cpus));
		len = (int)strlen(cpus);
		cpus_w = len > cpus_w ? len : cpus_w;
	}
	fprintf(f, "%-4s %-*s %-*s %-*s %s\n", "ID", name_w, "NAME", state_w,
		"STATE", cpus_w, "CPUS", "FAULT");
	for (i = 0; i < n; i++) {
		const struct hvisor_cell_info *c = &cells[i];
		bool failed = c->state == HVISOR_CELL_FAILED;

		cell_format_cpus(c->cpus, cpus, sizeof(cpus));
		if (failed)
			fault_reason(c, line, sizeof(line));
		fprintf(f, "%-4u %-*.*s %-*s %-*s %s\n", c->id, name_w,
			(int)sizeof(c->name), c->name, state_w,
			cell_state_name(c->state, state, sizeof(state)), cpus_w,
			cpus, failed ? line : "-");
		if (failed) {
			cell_format_fault(c, arch, line, sizeof(line));
			fprintf(f, "     %s\n", line);
		}
	}
}

/* Physical CPU of vCPU v: the v-th CPU of the cell, in increasing order. */
static int vcpu_cpu(uint64_t cpus, unsigned int v)
{
	unsigned int cpu;

	for (cpu = 0; cpu < 64; cpu++)
		if ((cpus >> cpu) & 1 && v-- == 0)
			return (int)cpu;
	return -1;
}

void cell_stats_print(FILE *f, const struct hvisor_cell_info *info)
{
	static const char *const reasons[HVISOR_NUM_EXITS] = HVISOR_EXIT_NAMES;
	unsigned int v, r, n = info->num_vcpus;
	char state[32];

	if (n > HVISOR_CELL_MAX_VCPUS)
		n = HVISOR_CELL_MAX_VCPUS;
	fprintf(f, "cell %u \"%.*s\" (%s): %u vCPU%s\n", info->id,
		(int)sizeof(info->name), info->name,
		cell_state_name(info->state, state, sizeof(state)),
		info->num_vcpus, info->num_vcpus == 1 ? "" : "s");
	for (v = 0; v < n; v++) {
		fprintf(f, "vcpu %u (CPU %d):", v, vcpu_cpu(info->cpus, v));
		for (r = 0; r < HVISOR_NUM_EXITS; r++)
			fprintf(f, " %s %" PRIu64, reasons[r],
				info->exits[v][r]);
		fprintf(f, "\n");
	}
	fprintf(f, "doorbells: %" PRIu64 "\n", info->doorbells);
	fprintf(f, "console bytes: %" PRIu64 "\n", info->console_seq);
}
