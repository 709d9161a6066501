/* What config create reads from the running machine: the boot device tree, /proc/iomem, /proc/interrupts, the CPUs. */
#ifndef HVISOR_TOOLS_CREATE_MACHINE_H
#define HVISOR_TOOLS_CREATE_MACHINE_H

#include "config/diag.h"
#include "create/ranges.h"

#include <stddef.h>
#include <stdint.h>

/* A line of /proc/interrupts that names its controller and hardware IRQ. */
struct proc_irq {
	char chip[32]; /* e.g. "GICv3" */
	uint32_t hwirq; /* the controller's interrupt ID */
	char name[48]; /* the device's name */
};

struct machine {
	const char *root; /* the directory the files were read under */
	void *fdt; /* /sys/firmware/fdt: the blob the kernel booted with */
	size_t fdt_size;
	/* /proc/iomem: top-level "System RAM" and the other top-level ranges */
	struct range_set system_ram, iomem_other;
	struct proc_irq *irqs; /* /proc/interrupts */
	size_t num_irqs;
	unsigned int
		cpus_possible; /* /sys/devices/system/cpu/possible: N for 0-(N-1) */
	unsigned int cpus_present; /* .../present, the same way */
};

/*
 * Reads the machine's files under root ("/" for this machine; a directory
 * with the same layout for tests). Returns 0, or -1 with messages in d (a
 * missing device tree, /proc/iomem read without the rights to see its
 * addresses).
 */
int machine_read(const char *root, struct machine *m, struct diag *d);

/* Parses /proc/iomem text into m->system_ram and m->iomem_other. */
void machine_parse_iomem(const char *text, struct machine *m);

/* Parses /proc/interrupts text into m->irqs. */
void machine_parse_interrupts(const char *text, struct machine *m);

void machine_free(struct machine *m);

#endif
