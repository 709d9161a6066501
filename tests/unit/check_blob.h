/* Valid ABI v2 config blobs built in C, and checks of the checker's errors, for the checker's unit tests. */
#ifndef HVISOR_TEST_CHECK_BLOB_H
#define HVISOR_TEST_CHECK_BLOB_H

#include <hvisor/config.h>
#include <hvisor/config_check.h>
#include <hvisor/virtio.h>

/*
 * The system config (as tests/unit/configs/base.json, arm64): hypervisor
 * 0x80000000+64 MiB, 4 CPUs, GICD 0x08000000, GICR 0x080a0000, PL011 at
 * 0x09000000, root_irq 0, root cell CPUs 0-3, interrupts 27 and 32-287,
 * regions: 0 ram 0x40000000+1 GiB (the root's own), 1 io 0x09000000+4 KiB,
 * 2 ram 0x84000000+0x3c000000 loadable (lent to cells).
 */
#define BLOB_ROOT_REGIONS 3
struct hvisor_system *blob_system(void);

/*
 * A cell for it, at phys (in region 2 of the root): region 0 ram
 * 0x90000000+1 MiB (rwx, loadable), 1 ram 0x90100000+4 KiB (rootshared, the
 * mailbox), 2 testdev 0x0b000000; entry 0x90000000, PL011 console at
 * 0x09000000 irq 33, doorbell 34, no physical interrupts.
 */
#define BLOB_CELL_REGIONS 3
struct hvisor_cell_desc *blob_cell(const char *name, uint64_t cpus,
				   uint64_t phys);

/* The (writable) regions of a cell or of the root cell. */
struct hvisor_mem_region *blob_regions(struct hvisor_cell_desc *cell);

/* Append region r, updating sizes and counts; return the moved blob. */
struct hvisor_system *blob_system_add(struct hvisor_system *sys,
				      const struct hvisor_mem_region *r);
struct hvisor_cell_desc *blob_cell_add(struct hvisor_cell_desc *cell,
				       const struct hvisor_mem_region *r);

/* Sets or clears interrupt irq in a bitmap. */
void blob_irq(uint32_t *irqs, unsigned int irq, int set);

/*
 * The checkers, run on exactly sized copies of the blobs so that the
 * address sanitizer sees any read past their ends. size is the blob's
 * length (not necessarily its size field); sys may be NULL for a cell.
 */
int blob_check_system(const struct hvisor_system *sys, uint64_t size,
		      struct hvisor_check_error *err);
/* As the hypervisor checks its system config: for its own arch only. */
int blob_check_system_arch(const struct hvisor_system *sys, uint64_t size,
			   uint32_t arch, struct hvisor_check_error *err);
int blob_check_cell(const struct hvisor_system *sys,
		    const struct hvisor_cell_desc *cell, uint64_t size,
		    struct hvisor_check_error *err);

/* Asserts ret and *err: code, part, field (NULL: none), region, a reason. */
void blob_assert_error(int ret, const struct hvisor_check_error *err, int code,
		       int part, const char *field, int region);

#endif
