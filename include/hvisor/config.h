/* Binary configuration (system and cell) produced by the CLI from JSON. */
#ifndef HVISOR_CONFIG_H
#define HVISOR_CONFIG_H

#include <hvisor/types.h>
#include <hvisor/platform_arm64.h>
#include <hvisor/platform_riscv64.h>
#include <hvisor/pci.h>

#define HVISOR_SYSTEM_MAGIC "HVSYSTEM"
#define HVISOR_CELL_MAGIC "HVCELL\0\0"
#define HVISOR_CONFIG_VERSION 3

/* Architecture tag of a config (hvisor_system.arch, hvisor_cell_desc.arch). */
#define HVISOR_ARCH_ARM64 1
#define HVISOR_ARCH_RISCV64 2

#define HVISOR_NAME_LEN 32
#define HVISOR_MAX_CPUS 64
#define HVISOR_MAX_IRQS 1024 /* interrupt IDs 0..1023 of the controller */

/* Console devices: the hypervisor's UART and a cell's emulated console. */
#define HVISOR_CONSOLE_NONE 0
#define HVISOR_CONSOLE_PL011 1 /* Arm PrimeCell UART */
#define HVISOR_CONSOLE_8250 2 /* NS16550-compatible, byte-wide registers */

/* struct hvisor_mem_region.flags */
#define HVISOR_MEM_READ (1u << 0)
#define HVISOR_MEM_WRITE (1u << 1)
#define HVISOR_MEM_EXECUTE (1u << 2)
#define HVISOR_MEM_DMA (1u << 3)
#define HVISOR_MEM_IO (1u << 4) /* device memory */
#define HVISOR_MEM_ROOTSHARED (1u << 5) /* stays mapped in the root cell */
#define HVISOR_MEM_LOADABLE (1u << 6) /* root may load images into it */

/* struct hvisor_mem_region.type */
#define HVISOR_MEM_TYPE_RAM 0
#define HVISOR_MEM_TYPE_IO 1
#define HVISOR_MEM_TYPE_VIRTIO 2 /* trapped and forwarded to the root */
#define HVISOR_MEM_TYPE_TESTDEV 3 /* trapped, emulated by the hypervisor */

struct hvisor_mem_region {
	uint64_t phys_start;
	uint64_t virt_start; /* guest-physical address */
	uint64_t size;
	uint32_t flags;
	uint32_t type;
};

/*
 * struct hvisor_cell_desc.flags. FAULT_STOP: an access outside the cell's
 * regions fails the cell ("fault_policy": "stop") instead of raising an
 * abort in the guest ("abort", the default). PMU ("pmu": true): the CPU's
 * performance monitors and their overflow interrupt are the cell's (by
 * default their registers trap and answer as absent).
 */
#define HVISOR_CELL_FLAG_FAULT_STOP (1u << 0)
#define HVISOR_CELL_FLAG_PMU (1u << 1)
#define HVISOR_CELL_FLAGS_KNOWN \
	(HVISOR_CELL_FLAG_FAULT_STOP | HVISOR_CELL_FLAG_PMU)

/* A cell. The memory regions follow the struct directly. */
struct hvisor_cell_desc {
	char magic[8]; /* HVISOR_CELL_MAGIC */
	uint32_t version; /* HVISOR_CONFIG_VERSION */
	uint32_t size; /* this struct plus its regions, in bytes */
	uint32_t arch; /* HVISOR_ARCH_*, the system config's */
	uint32_t console_type; /* HVISOR_CONSOLE_*; NONE iff console_base 0 */
	char name[HVISOR_NAME_LEN]; /* NUL terminated */
	uint64_t cpus; /* bit n = CPU n (Linux logical id) */
	uint64_t entry; /* guest-physical entry point */
	uint32_t num_mem_regions;
	uint32_t flags; /* HVISOR_CELL_FLAG_* */
	uint32_t irqs[HVISOR_MAX_IRQS / 32]; /* bit n = interrupt ID n owned */
	uint64_t console_base; /* guest-physical base of the emulated console
				  (console_type); 0 = no console */
	uint32_t console_irq; /* its interrupt ID in the cell */
	uint32_t doorbell_irq; /* injected on HVISOR_HC_CELL_DOORBELL; 0 = none */
	uint64_t mailbox_base; /* IPA of the mailbox page (in a rootshared
				  RAM region); 0 = none */
	/* PCI (hvisor/pci.h); all 0 in the root cell and without devices */
	uint64_t pci_ecam_base; /* IPA of the cell's virtual ECAM window */
	uint32_t num_pci_devices; /* used entries of pci_devices[] */
	uint32_t pci_reserved; /* 0 */
	struct hvisor_pci_device pci_devices[HVISOR_CELL_MAX_PCI_DEVICES];
};

/* The hypervisor's own console UART. */
struct hvisor_uart {
	uint64_t base; /* physical */
	uint64_t size;
	uint32_t type; /* HVISOR_CONSOLE_*; NONE = no hypervisor console */
	uint32_t reserved; /* 0 */
};

#define HVISOR_PLATFORM_ARCH_SIZE 128

/*
 * The machine: a generic part, then the interrupt controller and other
 * arch facts in a union selected by hvisor_system.arch.
 */
struct hvisor_platform {
	uint32_t num_cpus; /* CPUs of the machine */
	uint32_t root_irq; /* interrupt the hypervisor raises in the root */
	struct hvisor_uart uart;
	struct hvisor_pci_host pci; /* ecam_base 0: no PCI host */
	union {
		struct hvisor_arm64_platform arm64; /* HVISOR_ARCH_ARM64 */
		struct hvisor_riscv64_platform riscv64; /* HVISOR_ARCH_RISCV64 */
		uint8_t raw[HVISOR_PLATFORM_ARCH_SIZE];
	} arch;
};

/* The system config: the hypervisor, the platform, the root cell. */
struct hvisor_system {
	char magic[8]; /* HVISOR_SYSTEM_MAGIC */
	uint32_t version; /* HVISOR_CONFIG_VERSION */
	uint32_t size; /* whole blob, root cell and its regions included */
	uint32_t arch; /* HVISOR_ARCH_* */
	uint32_t reserved; /* 0 */
	uint64_t hypervisor_phys; /* reserved from Linux, 2 MiB aligned */
	uint64_t hypervisor_size;
	struct hvisor_platform platform;
	struct hvisor_cell_desc root_cell; /* followed by its regions */
};

static inline const struct hvisor_mem_region *
hvisor_cell_regions(const struct hvisor_cell_desc *cell)
{
	return (const struct hvisor_mem_region *)(cell + 1);
}

#endif
