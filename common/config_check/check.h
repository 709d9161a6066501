/* Internal interface of the config checker: error reporting, range helpers and the checks each file exports. */
#ifndef HVISOR_CONFIG_CHECK_INTERNAL_H
#define HVISOR_CONFIG_CHECK_INTERNAL_H

#include <hvisor/config.h>
#include <hvisor/config_check.h>
#include <hvisor/virtio.h>

#define CK_PAGE HVISOR_CHECK_PAGE_SIZE

/* Where a check failed: the config, the part of it and the region, if any. */
struct hvisor_check_where {
	struct hvisor_check_error *err;
	int part;
	int region;
	int cell; /* -1: the system config, else the cell config's index */
};

/* util.c: reporting */
int ck_fail(const struct hvisor_check_where *w, int code, const char *field,
	    const char *reason, uint64_t value, int kind);
/* A collision with region other (-1: none) of cell config other_cell. */
int ck_fail_with(const struct hvisor_check_where *w, int code,
		 const char *field, const char *reason, uint64_t value,
		 int kind, int other, int other_cell);
int ck_ok(struct hvisor_check_error *err);

/* util.c: helpers */
bool ck_bytes_equal(const char *a, const char *b, size_t n);
bool ck_aligned(uint64_t value, uint64_t align);
/* "must be a multiple of ..." for a power of two (static text). */
const char *ck_align_reason(uint64_t align);
/* [start, start + size) neither wraps nor reaches 2^bits. */
bool ck_range_fits(uint64_t start, uint64_t size, unsigned int bits);
/* Both ranges must already fit. */
bool ck_ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b,
		       uint64_t b_size);
/* [a, a + a_size) inside [b, b + b_size); both fit. */
bool ck_range_inside(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size);
int ck_lowest_bit(uint64_t v); /* v != 0 */
unsigned int ck_count_bits(uint64_t v);
bool ck_irq_set(const uint32_t *irqs, unsigned int irq);
/* A device or memory window below 2^pa_bits: aligned, non-empty. */
int ck_window(const struct hvisor_arch_rules *rules,
	      const struct hvisor_check_where *w, const char *base_name,
	      uint64_t base, const char *size_name, uint64_t size,
	      uint64_t align);

/* system.c: parts shared by the root cell and cell configs */
int ck_cell_layout(const struct hvisor_cell_desc *cell, uint64_t avail,
		   const struct hvisor_check_where *w);
int ck_cell_fields(const struct hvisor_cell_desc *cell,
		   const struct hvisor_arch_rules *rules, uint32_t num_cpus,
		   const struct hvisor_check_where *w);

/* region.c */
bool ck_region_is_physical(const struct hvisor_mem_region *r, bool root);
int ck_root_regions(const struct hvisor_system *sys,
		    const struct hvisor_arch_rules *rules,
		    struct hvisor_check_error *err);
int ck_cell_regions(const struct hvisor_cell_desc *cell,
		    const struct hvisor_system *sys,
		    const struct hvisor_arch_rules *rules,
		    const struct hvisor_check_where *cw);
int ck_virtio_irqs(const struct hvisor_cell_desc *cell,
		   const struct hvisor_system *sys,
		   const struct hvisor_arch_rules *rules,
		   const struct hvisor_check_where *cw);

/* cell.c: one cell config alone, and against sys when sys is set */
int ck_one_cell(const struct hvisor_system *sys,
		const struct hvisor_cell_desc *cell, uint64_t size, int index,
		struct hvisor_check_error *err);

/* pci.c */
int ck_pci_host(const struct hvisor_system *sys,
		const struct hvisor_arch_rules *rules,
		const struct hvisor_check_where *w);
/* NULL, or the reason a physical range overlaps the ECAM window. */
const char *ck_pci_phys_range(const struct hvisor_system *sys, uint64_t start,
			      uint64_t size, uint64_t *at);
int ck_pci_windows_owned(const struct hvisor_system *sys,
			 struct hvisor_check_error *err);
int ck_pci_root(const struct hvisor_cell_desc *root,
		struct hvisor_check_error *err);
int ck_pci_cell(const struct hvisor_cell_desc *cell,
		const struct hvisor_system *sys,
		const struct hvisor_arch_rules *rules,
		const struct hvisor_check_where *w);
/* The BDF of the first device both cells list, or -1. */
int ck_pci_shared(const struct hvisor_cell_desc *a,
		  const struct hvisor_cell_desc *b);

/* arch.c */
bool ck_irq_in(const struct hvisor_arch_rules *rules, uint64_t irq);
bool ck_console_allowed(uint32_t allowed, uint32_t type);
/* The arch's check_virtual_irq() when it has one and sys is known. */
const char *ck_virtual_irq_platform(const struct hvisor_system *sys,
				    const struct hvisor_arch_rules *rules,
				    uint32_t irq);

/* arch_*.c */
extern const struct hvisor_arch_rules hvisor_arm64_rules;
extern const struct hvisor_arch_rules hvisor_riscv64_rules;

#endif
