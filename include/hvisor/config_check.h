/* Validation of binary configs, shared by the CLI, the driver and the hypervisor. */
#ifndef HVISOR_CONFIG_CHECK_H
#define HVISOR_CONFIG_CHECK_H

#include <hvisor/types.h>
#ifdef __KERNEL__
#include <linux/stddef.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif

struct hvisor_system;

/*
 * Stable error codes (struct hvisor_check_error.code). Numbers never change
 * meaning; new checks get new numbers.
 */
enum hvisor_check_code {
	HVISOR_CHECK_OK = 0,
	HVISOR_CHECK_TRUNCATED = 1, /* blob shorter than its headers */
	HVISOR_CHECK_MAGIC = 2, /* wrong magic */
	HVISOR_CHECK_VERSION = 3, /* unsupported HVISOR_CONFIG_VERSION */
	HVISOR_CHECK_SIZE = 4, /* size fields disagree with the blob */
	HVISOR_CHECK_ALIGN = 5, /* address or size not aligned */
	HVISOR_CHECK_EMPTY = 6, /* zero-sized range */
	HVISOR_CHECK_OVERFLOW = 7, /* range wraps or leaves the address space */
	HVISOR_CHECK_OVERLAP = 8, /* two ranges overlap */
	HVISOR_CHECK_CPUS = 9, /* empty CPU set or CPU that does not exist */
	HVISOR_CHECK_IRQCHIP = 10, /* interrupt controller not supported */
	HVISOR_CHECK_IRQ = 11, /* interrupt ID not usable */
	HVISOR_CHECK_NAME = 12, /* name empty or not NUL-terminated */
	HVISOR_CHECK_FLAGS = 13, /* unknown or contradictory flags */
	HVISOR_CHECK_TYPE = 14, /* unknown memory region type */
	HVISOR_CHECK_RESERVED = 15, /* reserved field not zero */
	HVISOR_CHECK_IDENTITY = 16, /* root region not identity-mapped */
	HVISOR_CHECK_NO_RAM = 17, /* cell without RAM */
	HVISOR_CHECK_RANGE = 18, /* value outside its allowed range */
	HVISOR_CHECK_NOT_ROOTS = 19, /* CPU, interrupt or memory the root
					cell does not own or lend */
	HVISOR_CHECK_TAKEN = 20, /* name, CPU or interrupt of another cell */
	HVISOR_CHECK_ROOT_CPU = 21, /* the root cell would keep no CPU */
	HVISOR_CHECK_ARCH = 22, /* unknown arch, or not the expected one */
};

/* What an error is about (struct hvisor_check_error.part). */
enum hvisor_check_part {
	HVISOR_CHECK_PART_BLOB = 0, /* struct hvisor_system header fields */
	HVISOR_CHECK_PART_HYPERVISOR = 1, /* hypervisor_phys/hypervisor_size */
	HVISOR_CHECK_PART_PLATFORM = 2, /* struct hvisor_platform */
	HVISOR_CHECK_PART_CELL = 3, /* struct hvisor_cell_desc */
	HVISOR_CHECK_PART_REGION = 4, /* one struct hvisor_mem_region */
};

/* How struct hvisor_check_error.value should be shown. */
enum hvisor_check_value_kind {
	HVISOR_CHECK_VALUE_NONE = 0,
	HVISOR_CHECK_VALUE_HEX = 1,
	HVISOR_CHECK_VALUE_DEC = 2,
	HVISOR_CHECK_VALUE_BDF =
		3, /* a PCI function, bus << 8 | dev << 3 | fn */
};

struct hvisor_check_error {
	int code; /* enum hvisor_check_code */
	int part; /* enum hvisor_check_part */
	/* C member path inside the struct named by part, e.g. "size",
	 * "uart.base", "arch.<arch>.<member>"; NULL when the error is about
	 * the whole part (docs/config.md lists every one) */
	const char *field;
	int region; /* memory region index for PART_REGION, else -1 */
	int other_region; /* the region it collides with, else -1 */
	const char *reason; /* static text, e.g. "must be a multiple of 4096" */
	uint64_t value; /* the offending value, see value_kind */
	int value_kind; /* enum hvisor_check_value_kind */
	/* the config the error is in: -1 the system config (and its root
	 * cell), n >= 0 cell config n of hvisor_check_cells() (0 for
	 * hvisor_check_cell()) */
	int cell;
	int other_cell; /* the cell config it collides with, else -1 */
};

/* Alignment rules of every arch, exported so that tools and docs agree. */
#define HVISOR_CHECK_PAGE_SIZE 0x1000ULL
#define HVISOR_CHECK_HV_ALIGN 0x200000ULL /* hypervisor memory: 2 MiB */
#define HVISOR_CHECK_CELL_MAX_CPUS 16 /* HVISOR_CELL_MAX_VCPUS */
/* Largest blobs: a system config, a cell config (HVISOR_CELL_CONFIG_MAX_SIZE) */
#define HVISOR_CHECK_SYSTEM_MAX_SIZE 0x100000ULL
#define HVISOR_CHECK_CELL_MAX_SIZE 0x10000ULL

/* Reasons whose wording names the arch's address sizes and interrupt kinds. */
struct hvisor_arch_reasons {
	const char *pa_space; /* a physical range ends beyond pa_bits */
	const char *gpa_space; /* a guest-physical range ends beyond gpa_bits */
	const char *irq_below; /* a cell owns an interrupt below irq_first */
	const char *irq_above; /* a cell owns an interrupt above irq_last */
	const char *virtual_irq; /* a console interrupt out of range */
	const char *virtual_irq_or_none; /* doorbell or root_irq out of range */
	const char *virtio_irq; /* a virtio region's interrupt out of range */
};

/* Where the checker reports an error; internal to the checker. */
struct hvisor_check_where;

/* What a guest-physical range checked by check_guest_range() is. */
enum hvisor_guest_range {
	HVISOR_GUEST_REGION = 0, /* a cell's memory region */
	HVISOR_GUEST_CONSOLE = 1, /* a cell's console page */
};

/*
 * The rules one architecture adds to the generic ones, chosen at run time
 * by the config's arch tag (hvisor_arch_rules()). Interrupt ranges are
 * inclusive.
 */
struct hvisor_arch_rules {
	uint32_t arch; /* HVISOR_ARCH_* */
	const char *name; /* as in configs/<name>/ */
	unsigned int pa_bits; /* physical addresses are below 2^pa_bits */
	unsigned int gpa_bits; /* guest-physical ones below 2^gpa_bits */
	uint64_t entry_align; /* of a cell's entry point */
	/* interrupts a cell may own, and its virtual ones (console,
	 * doorbell, virtio), and platform.root_irq */
	unsigned int irq_first, irq_last;
	/* per-CPU interrupts the platform's own fields may name */
	unsigned int platform_irq_first, platform_irq_last;
	uint32_t cell_consoles; /* bit n: console_type n allowed in cells */
	uint32_t uart_types; /* bit n: platform.uart.type n allowed */
	/* bytes of platform.arch the arch uses; the rest must be 0 */
	uint32_t platform_size;
	struct hvisor_arch_reasons reasons;
	/* platform.arch (and the arch's view of the rest): 0 or the code */
	int (*check_platform)(const struct hvisor_arch_rules *rules,
			      const struct hvisor_system *sys,
			      const struct hvisor_check_where *w);
	/*
	 * Physical [start, start + size) of a memory region against what the
	 * hypervisor keeps for itself: NULL if free, else the reason, with
	 * *at the address of what it overlaps.
	 */
	const char *(*check_phys_range)(const struct hvisor_system *sys,
					uint64_t start, uint64_t size,
					uint64_t *at);
	/* The same for a cell's guest-physical range, of kind `what`. */
	const char *(*check_guest_range)(const struct hvisor_system *sys,
					 uint64_t start, uint64_t size,
					 enum hvisor_guest_range what,
					 uint64_t *at);
	/*
	 * Optional (NULL: the irq_first..irq_last range is all): a virtual
	 * interrupt of a cell (console, doorbell, virtio) against the
	 * platform, NULL if the cell's interrupt controller model has it,
	 * else the reason.
	 */
	const char *(*check_virtual_irq)(const struct hvisor_system *sys,
					 uint32_t irq);
};

/* The rules of arch (HVISOR_ARCH_*), or NULL when it is not known. */
const struct hvisor_arch_rules *hvisor_arch_rules(uint32_t arch);

/*
 * Whether a cell of arch may own interrupt irq, or be given it as a
 * virtual interrupt (console, doorbell, virtio injection): false for an
 * unknown arch. For the hypervisor's live checks.
 */
bool hvisor_irq_assignable(uint32_t arch, uint64_t irq);

/*
 * Checks a system config blob (struct hvisor_system followed by the root
 * cell's memory regions) of blob_size bytes, for any known arch. Returns
 * HVISOR_CHECK_OK (0), or the error code of the first problem found,
 * described in *err (err may be NULL). Reads nothing outside
 * [blob, blob + blob_size). Uses no library functions: safe for
 * freestanding code.
 */
int hvisor_check_system(const void *blob, uint64_t blob_size,
			struct hvisor_check_error *err);

/*
 * As hvisor_check_system(), and the config must be for expected_arch
 * (HVISOR_ARCH_*): the hypervisor passes its own.
 */
int hvisor_check_system_arch(const void *blob, uint64_t blob_size,
			     uint32_t expected_arch,
			     struct hvisor_check_error *err);

/*
 * Checks a cell config blob (struct hvisor_cell_desc followed by its memory
 * regions) of cell_size bytes for the system config system_blob: the system
 * blob is checked first (an error there has err->cell == -1), then the cell
 * alone and against the root cell (arch, CPUs, interrupts and memory the
 * root can hand over, hypervisor memory, the arch's own frames). With
 * system_blob NULL, only the checks that need no system config run (layout,
 * a known arch, names, alignment, types, flags, overlaps inside the cell,
 * entry, console, doorbell, mailbox, virtio interrupts): the relaxed mode for
 * tools that do not have the system config at hand. Same return value and
 * guarantees as hvisor_check_system().
 */
int hvisor_check_cell(const void *system_blob, uint64_t system_size,
		      const void *cell_blob, uint64_t cell_size,
		      struct hvisor_check_error *err);

/*
 * Checks n cell configs (cells[i] of sizes[i] bytes) meant to run at the
 * same time: each as hvisor_check_cell() does (system_blob may be NULL
 * here too), then across cells: one arch, distinct names, no CPU or
 * interrupt in two cells, no physical memory in two cells unless both
 * regions are rootshared, and (with a system config) the root cell keeps a
 * CPU. err->cell is the index of the failing cell config, err->other_cell
 * the index of the one it collides with.
 */
int hvisor_check_cells(const void *system_blob, uint64_t system_size,
		       const void *const *cells, const uint64_t *sizes,
		       unsigned int n, struct hvisor_check_error *err);

#endif
