/* hvisor config create: root and cell configs generated from the machine (docs/config-create.md); the per-arch plug-ins (create/arch/). */
#ifndef HVISOR_TOOLS_CREATE_CREATE_H
#define HVISOR_TOOLS_CREATE_CREATE_H

#include "config/blob.h"
#include "config/diag.h"
#include "create/machine.h"
#include "create/pci.h"
#include "create/ranges.h"

#include <json-c/json.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>

/* What the root generator collects while it walks the machine. */
struct create_ctx {
	const struct machine *m;
	const void *fdt;
	struct diag *d;
	int ctrl_node; /* the interrupt controller the arch plug-in found */
	uint32_t ctrl_phandle;
	uint32_t irq_last; /* the controller's highest source (0: the arch's) */
	/* hypervisor-owned frames (the controller's): no root region for them */
	struct range_set claimed;
	uint32_t irqs[1024 / 32]; /* interrupt IDs the root owns */
};

/* Where a generated cell's devices go in its guest-physical space. */
struct create_cell_layout {
	uint64_t ram_base; /* guest-physical start of its RAM */
	uint64_t console_base; /* the emulated console's page */
	const char *console_type; /* its console.type, NULL: the arch's default */
	uint32_t console_irq; /* its virtual interrupt */
	uint32_t doorbell_irq; /* the agent's doorbell (with --agent) */
	uint64_t virtio_base, virtio_stride; /* virtio-mmio transports */
	uint32_t virtio_irq_first; /* their interrupts from here up */
	uint64_t testdev_base; /* the hypervisor's test device */
	uint32_t irq_max; /* the highest interrupt ID a cell may use */
};

/* A console UART the arch's hypervisor drives: DT compatible -> JSON type. */
struct create_uart {
	const char *compatible;
	const char *type;
};

/* What config create needs to know of one architecture. */
struct create_arch_ops {
	uint32_t arch; /* HVISOR_ARCH_* */
	/*
	 * Finds the interrupt controller in c->fdt, sets c->ctrl_node and
	 * c->ctrl_phandle, adds the frames the hypervisor takes to
	 * c->claimed and its own section to the platform object.
	 * Returns 0, or -1 after adding an error to c->d.
	 */
	int (*platform)(struct create_ctx *c, struct json_object *platform);
	/*
	 * The interrupt ID of a specifier of the controller (n cells); false
	 * for one the configs cannot name.
	 */
	bool (*irq_id)(const fdt32_t *cells, int n, uint32_t *id);
	/* IDs below this are per CPU and always the root's (0: none). */
	uint32_t per_cpu_irqs;
	/* The lowest and highest ID of a shared device interrupt. */
	uint32_t device_irq_min, device_irq_max;
	/*
	 * root_irq is a virtual source the hypervisor raises, which the root
	 * must not own (riscv64's PLIC); false: an ID the root owns (arm64).
	 */
	bool root_irq_virtual;
	/* The controller's name in /proc/interrupts, e.g. "GICv3" (a substring). */
	const char *proc_chip;
	/* The UARTs the hypervisor can print to, NULL-terminated. */
	const struct create_uart *uarts;
	struct create_cell_layout cell;
};

/* The create plug-in of arch, NULL if this build has none (arch/table.c). */
const struct create_arch_ops *create_arch_find(uint32_t arch);

/* The default size of the hypervisor's memory (64 MiB). */
#define CREATE_HV_SIZE 0x4000000ull

/*
 * The root (system) config of the machine m for arch (docs/config-create.md
 * says how every field is found). hv_size: the hypervisor's memory.
 * Returns the JSON object, or NULL after adding errors to d.
 */
struct json_object *create_root(const struct machine *m,
				const struct create_arch_ops *ops,
				uint64_t hv_size, struct diag *d);

/* What a cell config is generated from (hvisor config create --cell). */
struct create_cell_request {
	const char *name;
	uint64_t cpus; /* bit n = CPU n */
	uint64_t mem; /* bytes of RAM */
	bool console; /* an emulated console */
	bool agent; /* a mailbox page and doorbell (the test guest's agent) */
	bool testdev; /* the hypervisor's test device */
	unsigned int num_virtio;
	const char *virtio[8]; /* "blk", "net", "console" */
	/* PCI functions it owns (--pci), as the root enumerated them */
	const struct create_pci_dev *pci;
	unsigned int num_pci;
	/* configs of cells to run beside it: their RAM is not free */
	const struct config_blob *others;
	unsigned int num_others;
};

/*
 * A cell config for req, against the checked system config sys: its RAM
 * taken from the root's loadable RAM no other cell uses, guest-physical
 * addresses and interrupt IDs from the arch's layout; with PCI functions
 * their BARs, INTx and ECAM window (create/pci.h), and, without an SMMU
 * (platform.pci.smmu), the RAM identity-mapped and flagged dma, the entry
 * at its start. NULL after errors.
 */
struct json_object *create_cell(const struct hvisor_system *sys,
				const struct create_arch_ops *ops,
				const struct create_cell_request *req,
				struct diag *d);

/* "256M", "1G", "64K", "0x10000000", "4096"; 0 or -1. */
int create_parse_size(const char *s, uint64_t *out);

/* "2-3", "1,3", "0-1,4" into a CPU bitmap; 0 or -1 (empty, > 63, bad). */
int create_parse_cpus(const char *s, uint64_t *out);

/* JSON helpers: "0x..." strings for addresses and sizes. */
struct json_object *create_hex(uint64_t v);
void create_add_comment(struct json_object *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An ID list (["0-31", 33, ...]) of the bits set in bitmap (nbits). */
struct json_object *create_id_list(const uint32_t *bitmap, unsigned int nbits);

#endif
