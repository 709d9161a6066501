/* Human-readable text for struct hvisor_info (hvisor info). */
#include "format/info.h"
#include "config/arch.h"
#include "format/arch.h"

#include <inttypes.h>

void info_hyp_line(const struct hvisor_info *info, char *buf, size_t size)
{
	const struct format_arch_ops *arch = format_arch_find(info->arch);
	const char *mode = arch ? arch->hyp_mode : "hypervisor mode";
	char detail[96] = "";

	switch (info->hyp_state) {
	case HVISOR_HYP_FREE:
		snprintf(buf, size, "%s: available (%s)", mode,
			 arch ? arch->hyp_free : "the kernel hands it over");
		break;
	case HVISOR_HYP_ABSENT:
		snprintf(buf, size, "%s: not implemented by this CPU", mode);
		break;
	case HVISOR_HYP_HOST:
		snprintf(buf, size, "%s: in use by Linux itself (%s)", mode,
			 arch ? arch->hyp_host : "the kernel runs in it");
		break;
	case HVISOR_HYP_FOREIGN:
		if (arch)
			arch->foreign_detail(info, detail, sizeof(detail));
		snprintf(buf, size, "%s: held by another hypervisor%s", mode,
			 detail);
		break;
	case HVISOR_HYP_HVISOR:
		snprintf(buf, size, "%s: held by hvisor", mode);
		break;
	default:
		snprintf(buf, size,
			 "%s: unknown state %u (driver newer than this tool?)",
			 mode, info->hyp_state);
		break;
	}
}

/* arch_info[] of an arch this build knows nothing about: the raw words. */
static void print_raw_arch_info(FILE *f, const struct hvisor_info *info)
{
	unsigned int i;

	fprintf(f, "arch info:");
	for (i = 0; i < HVISOR_INFO_ARCH_WORDS; i++)
		fprintf(f, " 0x%" PRIx64, info->arch_info[i]);
	fprintf(f, "\n");
}

void info_print(FILE *f, const struct hvisor_info *info)
{
	const struct format_arch_ops *arch = format_arch_find(info->arch);
	char line[128];

	if (info->abi == HVISOR_IOCTL_ABI)
		fprintf(f, "driver ABI: %u\n", info->abi);
	else
		fprintf(f,
			"driver ABI: %u (this tool speaks %u: rebuild the tool or the driver)\n",
			info->abi, HVISOR_IOCTL_ABI);
	fprintf(f, "arch: %s\n",
		config_arch_label(info->arch, line, sizeof(line)));
	if (arch)
		arch->print_info(f, info);
	else
		print_raw_arch_info(f, info);
	info_hyp_line(info, line, sizeof(line));
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
