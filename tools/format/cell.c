/* Human-readable text for struct hvisor_cell_info (hvisor cell list, stats). */
#include "format/cell.h"
#include "config/dump.h"

#include <hvisor/hypercall.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

_Static_assert(HVISOR_CELL_NUM_EXITS >= HVISOR_NUM_EXITS,
	       "hvisor_cell_info.exits must hold every exit reason");

const char *cell_state_name(uint32_t state, char *buf, size_t size)
{
	switch (state) {
	case HVISOR_CELL_RUNNING:
		return "running";
	case HVISOR_CELL_SHUT_DOWN:
		return "shut down";
	case HVISOR_CELL_LOADABLE:
		return "loadable";
	case HVISOR_CELL_FAILED:
		return "failed";
	default:
		snprintf(buf, size, "unknown (%u)", state);
		return buf;
	}
}

void cell_format_cpus(uint64_t cpus, char *buf, size_t size)
{
	uint32_t bits[2] = { (uint32_t)cpus, (uint32_t)(cpus >> 32) };

	config_format_ids(bits, 64, buf, size);
}

static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case 0x00:
		return "unknown reason";
	case 0x01:
		return "WFI/WFE";
	case 0x07:
		return "SIMD/FP access";
	case 0x0e:
		return "illegal execution state";
	case 0x15:
		return "SVC";
	case 0x16:
		return "HVC";
	case 0x17:
		return "SMC";
	case 0x18:
		return "system register access";
	case 0x20:
		return "instruction abort from a lower EL";
	case 0x21:
		return "instruction abort";
	case 0x22:
		return "PC alignment fault";
	case 0x24:
		return "data abort from a lower EL";
	case 0x25:
		return "data abort";
	case 0x26:
		return "SP alignment fault";
	case 0x2c:
		return "floating-point exception";
	case 0x2f:
		return "SError";
	case 0x30:
	case 0x31:
		return "breakpoint";
	case 0x32:
	case 0x33:
		return "software step";
	case 0x34:
	case 0x35:
		return "watchpoint";
	case 0x3c:
		return "BRK instruction";
	default:
		return NULL;
	}
}

/* Fault status code of an instruction or data abort (ISS bits 5:0). */
static void format_fsc(unsigned int fsc, char *buf, size_t size)
{
	static const char *const kinds[] = { "address size fault",
					     "translation fault",
					     "access flag fault",
					     "permission fault" };

	if (fsc < 0x10)
		snprintf(buf, size, ": %s, level %u", kinds[fsc >> 2], fsc & 3);
	else if (fsc == 0x10)
		snprintf(buf, size, ": synchronous external abort");
	else if (fsc == 0x21)
		snprintf(buf, size, ": alignment fault");
	else
		snprintf(buf, size, ": fault status 0x%02x", fsc);
}

void cell_format_esr(uint64_t esr, char *buf, size_t size)
{
	unsigned int ec = (unsigned int)(esr >> 26) & 0x3f;
	const char *name = ec_name(ec);
	char fsc[64] = "";

	if (ec == 0x20 || ec == 0x21 || ec == 0x24 || ec == 0x25)
		format_fsc((unsigned int)esr & 0x3f, fsc, sizeof(fsc));
	if (name)
		snprintf(buf, size, "%s%s", name, fsc);
	else
		snprintf(buf, size, "exception class 0x%02x", ec);
}

void cell_format_fault(const struct hvisor_cell_info *info, char *buf,
		       size_t size)
{
	char esr[96], access[48];

	cell_format_esr(info->fault_esr, esr, sizeof(esr));
	if (info->fault_width)
		snprintf(access, sizeof(access), "%u-byte %s",
			 info->fault_width,
			 info->fault_write ? "write" : "read");
	else
		snprintf(access, sizeof(access), "%s of unknown width",
			 info->fault_write ? "write" : "read");
	snprintf(buf, size,
		 "CPU %u: pc 0x%" PRIx64 " esr 0x%" PRIx64
		 " (%s) ipa 0x%" PRIx64 " va 0x%" PRIx64 " %s",
		 info->fault_cpu, info->fault_pc, info->fault_esr, esr,
		 info->fault_ipa, info->fault_va, access);
}

/* The fault reason as a C string, even without its NUL. */
static void fault_reason(const struct hvisor_cell_info *info, char *buf,
			 size_t size)
{
	size_t n = strnlen(info->fault_reason, sizeof(info->fault_reason));

	snprintf(buf, size, "%.*s", (int)n, n ? info->fault_reason : "-");
}

void cell_list_print(FILE *f, const struct hvisor_cell_info *cells,
		     unsigned int n)
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
			cell_format_fault(c, line, sizeof(line));
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
	static const char *const reasons[HVISOR_NUM_EXITS] = {
		[HVISOR_EXIT_HVC] = "hvc",	 [HVISOR_EXIT_SMC] = "smc",
		[HVISOR_EXIT_DABT] = "dabt",	 [HVISOR_EXIT_IRQ] = "irq",
		[HVISOR_EXIT_SYSREG] = "sysreg", [HVISOR_EXIT_WFX] = "wfx",
		[HVISOR_EXIT_OTHER] = "other",
	};
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
