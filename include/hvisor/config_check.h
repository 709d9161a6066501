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
	HVISOR_CHECK_OVERFLOW = 7, /* range wraps or leaves the PA space */
	HVISOR_CHECK_OVERLAP = 8, /* two ranges overlap */
	HVISOR_CHECK_CPUS = 9, /* empty CPU set or CPU that does not exist */
	HVISOR_CHECK_GIC = 10, /* unsupported GIC */
	HVISOR_CHECK_IRQ = 11, /* interrupt ID not usable */
	HVISOR_CHECK_NAME = 12, /* name empty or not NUL-terminated */
	HVISOR_CHECK_FLAGS = 13, /* unknown or contradictory flags */
	HVISOR_CHECK_TYPE = 14, /* unknown memory region type */
	HVISOR_CHECK_RESERVED = 15, /* reserved field not zero */
	HVISOR_CHECK_IDENTITY = 16, /* root region not identity-mapped */
	HVISOR_CHECK_NO_RAM = 17, /* cell without RAM */
	HVISOR_CHECK_RANGE = 18, /* value outside its allowed range */
	HVISOR_CHECK_NOT_ROOTS = 19, /* CPU, interrupt or memory the root
					cell does not own */
	HVISOR_CHECK_TAKEN = 20, /* name, CPU or interrupt of another cell */
	HVISOR_CHECK_ROOT_CPU = 21, /* the root cell would keep no CPU */
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
};

struct hvisor_check_error {
	int code; /* enum hvisor_check_code */
	int part; /* enum hvisor_check_part */
	/* member of the binary struct named by part, e.g. "size", "cpus";
	 * NULL when the error is about the whole part */
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

/* Alignment rules, exported so that tools and docs agree with the checker. */
#define HVISOR_CHECK_PAGE_SIZE 0x1000ULL
#define HVISOR_CHECK_HV_ALIGN 0x200000ULL /* hypervisor memory: 2 MiB */
#define HVISOR_CHECK_GIC_ALIGN 0x10000ULL /* GICD/GICR frames: 64 KiB */
#define HVISOR_CHECK_GICR_STRIDE 0x20000ULL /* one GICv3 redistributor */
#define HVISOR_CHECK_PA_LIMIT (1ULL << 48) /* 48-bit physical addresses */
#define HVISOR_CHECK_FIRST_SPECIAL_IRQ 1020 /* INTIDs 1020-1023 are special */
#define HVISOR_CHECK_FIRST_SPI 32
#define HVISOR_CHECK_CELL_MAX_CPUS 16 /* HVISOR_CELL_MAX_VCPUS */
#define HVISOR_CHECK_ENTRY_ALIGN 4 /* AArch64 instructions */

/*
 * Checks a system config blob (struct hvisor_system followed by the root
 * cell's memory regions) of blob_size bytes. Returns HVISOR_CHECK_OK (0), or
 * the error code of the first problem found, described in *err (err may be
 * NULL). Reads nothing outside [blob, blob + blob_size). Uses no library
 * functions: safe for freestanding code.
 */
int hvisor_check_system(const void *blob, uint64_t blob_size,
			struct hvisor_check_error *err);

/*
 * Checks a cell config blob (struct hvisor_cell_desc followed by its memory
 * regions) of cell_size bytes for the system config system_blob: the system
 * blob is checked first (an error there has err->cell == -1), then the cell
 * alone and against the root cell (CPUs, interrupts and memory the root can
 * hand over, hypervisor memory, GIC). With system_blob NULL, only the checks
 * that need no system config run (layout, names, alignment, types, flags,
 * overlaps inside the cell, entry, console, doorbell, mailbox): the relaxed
 * mode for tools that do not have the system config at hand. Same return
 * value and guarantees as hvisor_check_system().
 */
int hvisor_check_cell(const void *system_blob, uint64_t system_size,
		      const void *cell_blob, uint64_t cell_size,
		      struct hvisor_check_error *err);

/*
 * Checks n cell configs (cells[i] of sizes[i] bytes) meant to run at the
 * same time: each as hvisor_check_cell() does (system_blob may be NULL
 * here too), then across cells: distinct names, no CPU or interrupt in two
 * cells, no physical memory in two cells unless both regions are
 * rootshared, and (with a system config) the root cell keeps a CPU.
 * err->cell is the index of the failing cell config, err->other_cell the
 * index of the one it collides with.
 */
int hvisor_check_cells(const void *system_blob, uint64_t system_size,
		       const void *const *cells, const uint64_t *sizes,
		       unsigned int n, struct hvisor_check_error *err);

#endif
