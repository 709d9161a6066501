/* What the text of the driver's answers takes from the arch (format/arch/): the CPU's hypervisor mode, arch_info[], fault syndromes. */
#ifndef HVISOR_TOOLS_FORMAT_ARCH_H
#define HVISOR_TOOLS_FORMAT_ARCH_H

#include "config/arch.h"

#include <hvisor/ioctl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct format_arch_ops {
	uint32_t arch; /* HVISOR_ARCH_* */
	/* The CPU mode a hypervisor runs in, as the arch calls it. */
	const char *hyp_mode;
	/* How the kernel hands that mode over (HVISOR_HYP_FREE). */
	const char *hyp_free;
	/* What a kernel running in that mode itself is (HVISOR_HYP_HOST). */
	const char *hyp_host;
	/* Prints what hvisor_info.arch_info[] holds, a line each. */
	void (*print_info)(FILE *f, const struct hvisor_info *info);
	/* Text after "held by another hypervisor" (HVISOR_HYP_FOREIGN). */
	void (*foreign_detail)(const struct hvisor_info *info, char *buf,
			       size_t size);
	/* What the arch calls fault_syndrome and fault_gpa, for `cell list`. */
	const char *syndrome_name, *gpa_name;
	/* What a fault syndrome (hvisor_cell_info.fault_syndrome) means. */
	void (*syndrome_text)(uint64_t syndrome, char *buf, size_t size);
};

/* The plug-ins this build has, NULL-terminated (format/arch/table.c). */
extern const struct format_arch_ops *const format_arches[];

/* The plug-in of arch, NULL if this build has none. */
static inline const struct format_arch_ops *format_arch_find(uint32_t arch)
{
	return ARCH_PLUGIN_FIND(format_arches, arch);
}

#endif
