/* Human-readable text for struct hvisor_info (hvisor info). */
#include "format/info.h"

#include <inttypes.h>

#define HVC_STUB_ERR 0xbadca11ULL /* Linux hyp stub: unknown call */

void info_el2_line(const struct hvisor_info *info, char *buf, size_t size)
{
	switch (info->el2_state) {
	case HVISOR_EL2_STUB:
		snprintf(buf, size, "EL2: available (Linux hyp stub)");
		break;
	case HVISOR_EL2_ABSENT:
		snprintf(buf, size, "EL2: not implemented by this CPU");
		break;
	case HVISOR_EL2_VHE:
		snprintf(buf, size, "EL2: in use by Linux itself (VHE kernel)");
		break;
	case HVISOR_EL2_FOREIGN:
		snprintf(
			buf, size,
			"EL2: held by another hypervisor (stub answered 0x%" PRIx64
			")",
			info->stub_answer);
		break;
	case HVISOR_EL2_HVISOR:
		snprintf(buf, size, "EL2: held by hvisor");
		break;
	default:
		snprintf(buf, size,
			 "EL2: unknown state %u (driver newer than this tool?)",
			 info->el2_state);
		break;
	}
}

static const char *el2_field_text(unsigned int field)
{
	switch (field) {
	case 0:
		return "EL2 not implemented";
	case 1:
		return "EL2 in AArch64 only";
	case 2:
		return "EL2 in AArch64 and AArch32";
	default:
		return "EL2 implemented (unknown encoding)";
	}
}

void info_print(FILE *f, const struct hvisor_info *info)
{
	unsigned int el2_field = (unsigned int)(info->id_aa64pfr0 >> 8) & 0xf;
	char line[128];

	if (info->abi == HVISOR_IOCTL_ABI)
		fprintf(f, "driver ABI: %u\n", info->abi);
	else
		fprintf(f,
			"driver ABI: %u (this tool speaks %u: rebuild the tool or the driver)\n",
			info->abi, HVISOR_IOCTL_ABI);
	fprintf(f, "kernel EL: %u\n", info->current_el);
	fprintf(f, "ID_AA64PFR0_EL1: 0x%016" PRIx64 " (EL2 field %u: %s)\n",
		info->id_aa64pfr0, el2_field, el2_field_text(el2_field));
	fprintf(f, "hyp stub answer: 0x%" PRIx64 "%s\n", info->stub_answer,
		info->stub_answer == HVC_STUB_ERR ?
			" (HVC_STUB_ERR: the Linux hyp stub is there)" :
			"");
	if (info->stub_vectors)
		fprintf(f, "hyp stub vectors: 0x%" PRIx64 "\n",
			info->stub_vectors);
	else
		fprintf(f, "hyp stub vectors: unknown\n");
	info_el2_line(info, line, sizeof(line));
	fprintf(f, "%s\n", line);
	if (!info->enabled) {
		fprintf(f, "hypervisor: disabled\n");
		return;
	}
	fprintf(f, "hypervisor: enabled\n");
	fprintf(f, "hypervisor version: %u\n", info->hv_version);
	fprintf(f, "CPUs: %u\n", info->num_cpus);
	fprintf(f, "cells: %u\n", info->num_cells);
	fprintf(f, "memory pool: %" PRIu64 "/%" PRIu64 " pages used\n",
		info->mem_pool_used, info->mem_pool_pages);
}
