/* The checker's riscv64 rules: configs/riscv64/qemu/root.json and root-aia.json pass, and each row breaks one in one way that must be refused with the expected error. */
#include "check_blob.h"
#include <hvisor/virtio.h>
#include "config/load.h"
#include "test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ROOT_JSON "configs/riscv64/qemu/root.json"
#define ROOT_AIA_JSON "configs/riscv64/qemu/root-aia.json"
#define CELL_JSON "configs/riscv64/qemu/testguest.json"

/* The regions of that file the rows refer to. */
#define R_UART 3
#define R_RAM 9

static struct hvisor_system *load(size_t *size)
{
	return load_system_json(ROOT_JSON, size);
}

static struct hvisor_mem_region *root_region(struct hvisor_system *sys,
					     unsigned int i)
{
	return blob_regions(&sys->root_cell) + i;
}

struct row {
	const char *what;
	void (*mutate)(struct hvisor_system *sys);
	int code, part;
	const char *field;
	int region;
};

#define RV(sys) (&(sys)->platform.arch.riscv64)

static void no_timebase(struct hvisor_system *s)
{
	RV(s)->timebase_frequency = 0;
}
static void aia(struct hvisor_system *s)
{
	RV(s)->irqchip = HVISOR_IRQCHIP_APLIC_IMSIC;
}
static void unknown_irqchip(struct hvisor_system *s)
{
	RV(s)->irqchip = 7;
}
static void one_source(struct hvisor_system *s)
{
	RV(s)->num_sources = 1;
}
static void too_many_sources(struct hvisor_system *s)
{
	RV(s)->num_sources = 1025;
}
static void no_contexts(struct hvisor_system *s)
{
	RV(s)->contexts_per_hart = 0;
}
static void s_context_out(struct hvisor_system *s)
{
	RV(s)->s_context = 2;
}
static void plic_unaligned(struct hvisor_system *s)
{
	RV(s)->plic_base += 0x800;
}
static void plic_small(struct hvisor_system *s)
{
	RV(s)->plic_size = 0x200000 + 7 * 0x1000; /* 8 contexts needed */
}
static void plic_in_hv(struct hvisor_system *s)
{
	RV(s)->plic_base = s->hypervisor_phys;
}
static void aia_field_set(struct hvisor_system *s)
{
	RV(s)->imsic_base = 0x28000000;
}
static void clint_unaligned(struct hvisor_system *s)
{
	RV(s)->clint_size = 0x10800;
}
static void firmware_in_hv(struct hvisor_system *s)
{
	RV(s)->firmware_base = s->hypervisor_phys;
}
static void root_maps_plic(struct hvisor_system *s)
{
	root_region(s, R_UART)->phys_start = RV(s)->plic_base + 0x200000;
	root_region(s, R_UART)->virt_start = RV(s)->plic_base + 0x200000;
}
static void root_maps_clint(struct hvisor_system *s)
{
	root_region(s, R_UART)->phys_start = RV(s)->clint_base;
	root_region(s, R_UART)->virt_start = RV(s)->clint_base;
}
static void root_maps_firmware(struct hvisor_system *s)
{
	root_region(s, R_RAM)->phys_start = 0x80000000;
	root_region(s, R_RAM)->virt_start = 0x80000000;
	root_region(s, R_RAM)->size = 0x40000000;
}
static void root_beyond_sv39(struct hvisor_system *s)
{
	root_region(s, R_UART)->phys_start = 1ULL << 38;
	root_region(s, R_UART)->virt_start = 1ULL << 38;
}
static void root_owns_missing_source(struct hvisor_system *s)
{
	blob_irq(s->root_cell.irqs, 96, 1);
}
static void root_owns_root_irq(struct hvisor_system *s)
{
	blob_irq(s->root_cell.irqs, s->platform.root_irq, 1);
}
static void root_irq_beyond(struct hvisor_system *s)
{
	s->platform.root_irq = 200;
}
static void uart_pl011(struct hvisor_system *s)
{
	s->platform.uart.type = HVISOR_CONSOLE_PL011;
}
static void arm64_arch(struct hvisor_system *s)
{
	s->arch = HVISOR_ARCH_ARM64;
	s->root_cell.arch = HVISOR_ARCH_ARM64;
}
static void platform_tail(struct hvisor_system *s)
{
	s->platform.arch.raw[sizeof(struct hvisor_riscv64_platform)] = 1;
}

#define PLATFORM HVISOR_CHECK_PART_PLATFORM
#define REGION HVISOR_CHECK_PART_REGION

static const struct row rows[] = {
	{ "no timebase", no_timebase, HVISOR_CHECK_RANGE, PLATFORM,
	  "arch.riscv64.timebase_frequency", -1 },
	{ "AIA without an APLIC", aia, HVISOR_CHECK_EMPTY, PLATFORM,
	  "arch.riscv64.aplic_size", -1 },
	{ "unknown irqchip", unknown_irqchip, HVISOR_CHECK_IRQCHIP, PLATFORM,
	  "arch.riscv64.irqchip", -1 },
	{ "one source", one_source, HVISOR_CHECK_RANGE, PLATFORM,
	  "arch.riscv64.num_sources", -1 },
	{ "1025 sources", too_many_sources, HVISOR_CHECK_RANGE, PLATFORM,
	  "arch.riscv64.num_sources", -1 },
	{ "no contexts", no_contexts, HVISOR_CHECK_RANGE, PLATFORM,
	  "arch.riscv64.contexts_per_hart", -1 },
	{ "S context beyond the hart's", s_context_out, HVISOR_CHECK_RANGE,
	  PLATFORM, "arch.riscv64.s_context", -1 },
	{ "PLIC unaligned", plic_unaligned, HVISOR_CHECK_ALIGN, PLATFORM,
	  "arch.riscv64.plic_base", -1 },
	{ "PLIC without all contexts", plic_small, HVISOR_CHECK_IRQCHIP,
	  PLATFORM, "arch.riscv64.plic_size", -1 },
	{ "PLIC in the hypervisor", plic_in_hv, HVISOR_CHECK_OVERLAP, PLATFORM,
	  "arch.riscv64.plic_base", -1 },
	{ "AIA field with a PLIC", aia_field_set, HVISOR_CHECK_RESERVED,
	  PLATFORM, "arch.riscv64.imsic_base", -1 },
	{ "CLINT unaligned", clint_unaligned, HVISOR_CHECK_ALIGN, PLATFORM,
	  "arch.riscv64.clint_size", -1 },
	{ "firmware in the hypervisor", firmware_in_hv, HVISOR_CHECK_OVERLAP,
	  PLATFORM, "arch.riscv64.firmware_base", -1 },
	{ "root maps the PLIC", root_maps_plic, HVISOR_CHECK_OVERLAP, REGION,
	  NULL, R_UART },
	{ "root maps the CLINT", root_maps_clint, HVISOR_CHECK_OVERLAP, REGION,
	  NULL, R_UART },
	{ "root maps OpenSBI", root_maps_firmware, HVISOR_CHECK_OVERLAP, REGION,
	  NULL, R_RAM },
	{ "root beyond the Sv39 identity map", root_beyond_sv39,
	  HVISOR_CHECK_OVERFLOW, REGION, "size", R_UART },
	{ "root owns source 96 of 96", root_owns_missing_source,
	  HVISOR_CHECK_IRQ, PLATFORM, "arch.riscv64.num_sources", -1 },
	{ "root owns root_irq", root_owns_root_irq, HVISOR_CHECK_IRQ, PLATFORM,
	  "root_irq", -1 },
	{ "root_irq not a PLIC source", root_irq_beyond, HVISOR_CHECK_IRQ,
	  PLATFORM, "root_irq", -1 },
	{ "a PL011 hypervisor console", uart_pl011, HVISOR_CHECK_RANGE,
	  PLATFORM, "uart.type", -1 },
	{ "bytes after the riscv64 platform", platform_tail,
	  HVISOR_CHECK_RESERVED, PLATFORM, "arch.raw", -1 },
};

/* AIA rows, on root-aia.json (QEMU virt,aia=aplic-imsic,aia-guests=1). */
static void aia_no_guest_files(struct hvisor_system *s)
{
	RV(s)->imsic_guest_index_bits = 0; /* aia-guests=0 */
}
static void aia_gib_7(struct hvisor_system *s)
{
	RV(s)->imsic_guest_index_bits = 7;
}
static void aia_zero_files(struct hvisor_system *s)
{
	RV(s)->imsic_guest_files = 0;
}
static void aia_files_beyond_gib(struct hvisor_system *s)
{
	RV(s)->imsic_guest_files = 2; /* 1 guest index bit: file 1 only */
}
static void aia_guest_file_2(struct hvisor_system *s)
{
	RV(s)->imsic_guest_index_bits = 2;
	RV(s)->imsic_guest_files = 3;
	RV(s)->guest_file = 2;
}
static void aia_ids_100(struct hvisor_system *s)
{
	RV(s)->imsic_num_ids = 100;
}
static void aia_imsic_unaligned(struct hvisor_system *s)
{
	RV(s)->imsic_base += 0x800;
}
static void aia_no_imsic(struct hvisor_system *s)
{
	RV(s)->imsic_base = 0;
}
static void aia_aplic_in_hv(struct hvisor_system *s)
{
	RV(s)->aplic_base = s->hypervisor_phys;
}
static void aia_imsic_on_aplic(struct hvisor_system *s)
{
	RV(s)->imsic_base = RV(s)->aplic_base;
}
static void aia_no_cell_plic(struct hvisor_system *s)
{
	RV(s)->contexts_per_hart = 0;
}
static void aia_root_maps_guest_file(struct hvisor_system *s)
{
	/* hart 3's guest file 1: 0x28000000 + 3 * 0x2000 + 0x1000 */
	root_region(s, R_UART)->phys_start = 0x28007000;
	root_region(s, R_UART)->virt_start = 0x28007000;
}
static void aia_root_maps_aplic(struct hvisor_system *s)
{
	root_region(s, R_UART)->phys_start = RV(s)->aplic_base;
	root_region(s, R_UART)->virt_start = RV(s)->aplic_base;
}
static const struct row aia_rows[] = {
	{ "aia-guests=0 (no guest index bits)", aia_no_guest_files,
	  HVISOR_CHECK_IRQCHIP, PLATFORM, "arch.riscv64.imsic_guest_index_bits",
	  -1 },
	{ "7 guest index bits", aia_gib_7, HVISOR_CHECK_IRQCHIP, PLATFORM,
	  "arch.riscv64.imsic_guest_index_bits", -1 },
	{ "no guest files", aia_zero_files, HVISOR_CHECK_IRQCHIP, PLATFORM,
	  "arch.riscv64.imsic_guest_files", -1 },
	{ "more guest files than the index bits hold", aia_files_beyond_gib,
	  HVISOR_CHECK_IRQCHIP, PLATFORM, "arch.riscv64.imsic_guest_files",
	  -1 },
	{ "guest file 2", aia_guest_file_2, HVISOR_CHECK_IRQCHIP, PLATFORM,
	  "arch.riscv64.guest_file", -1 },
	{ "100 IMSIC ids", aia_ids_100, HVISOR_CHECK_RANGE, PLATFORM,
	  "arch.riscv64.imsic_num_ids", -1 },
	{ "IMSIC unaligned", aia_imsic_unaligned, HVISOR_CHECK_ALIGN, PLATFORM,
	  "arch.riscv64.imsic_base", -1 },
	{ "no IMSIC", aia_no_imsic, HVISOR_CHECK_EMPTY, PLATFORM,
	  "arch.riscv64.imsic_base", -1 },
	{ "APLIC in the hypervisor", aia_aplic_in_hv, HVISOR_CHECK_OVERLAP,
	  PLATFORM, "arch.riscv64.aplic_base", -1 },
	{ "IMSIC on the APLIC", aia_imsic_on_aplic, HVISOR_CHECK_OVERLAP,
	  PLATFORM, "arch.riscv64.imsic_base", -1 },
	{ "cells' virtual PLIC without contexts", aia_no_cell_plic,
	  HVISOR_CHECK_RANGE, PLATFORM, "arch.riscv64.contexts_per_hart", -1 },
	{ "root maps a guest file", aia_root_maps_guest_file,
	  HVISOR_CHECK_OVERLAP, REGION, NULL, R_UART },
	{ "root maps the APLIC", aia_root_maps_aplic, HVISOR_CHECK_OVERLAP,
	  REGION, NULL, R_UART },
};

/* The cell configs: configs/riscv64/qemu/testguest.json, broken one way each. */
#define C_RAM 0
#define C_TESTDEV 2
#define C_VIRTIO 3

struct cell_row {
	const char *what;
	void (*mutate)(struct hvisor_cell_desc *cell,
		       const struct hvisor_system *sys);
	int code, part;
	const char *field;
	int region;
};

static struct hvisor_cell_desc *load_cell(const char *path, size_t *size)
{
	struct config_blob system, blob;
	struct diag d;
	int ret;

	diag_init(&d);
	ret = config_system_load(top_path(ROOT_JSON), &system, &d);
	assert_int_equal(ret, 0);
	ret = config_cell_load(top_path(path), &system, ROOT_JSON, &blob, &d);
	diag_print(&d, stderr);
	assert_int_equal(ret, 0);
	diag_free(&d);
	free(system.data);
	*size = blob.size;
	return blob.data;
}

static void c_console_beyond(struct hvisor_cell_desc *c,
			     const struct hvisor_system *s)
{
	c->console_irq = RV(s)->num_sources;
}
static void c_doorbell_beyond(struct hvisor_cell_desc *c,
			      const struct hvisor_system *s)
{
	(void)s;
	c->doorbell_irq = 1023;
}
static void c_virtio_beyond(struct hvisor_cell_desc *c,
			    const struct hvisor_system *s)
{
	struct hvisor_mem_region *r = blob_regions(c) + C_VIRTIO;

	r->flags = (r->flags & ~(0x3ffu << HVISOR_MEM_VIRTIO_IRQ_SHIFT)) |
		   RV(s)->num_sources << HVISOR_MEM_VIRTIO_IRQ_SHIFT;
}
static void c_console_source0(struct hvisor_cell_desc *c,
			      const struct hvisor_system *s)
{
	(void)s;
	c->console_irq = 0;
}
static void c_console_pl011(struct hvisor_cell_desc *c,
			    const struct hvisor_system *s)
{
	(void)s;
	c->console_type = HVISOR_CONSOLE_PL011;
}
static void c_console_on_plic(struct hvisor_cell_desc *c,
			      const struct hvisor_system *s)
{
	c->console_base = RV(s)->plic_base + 0x200000;
}
static void c_testdev_on_plic(struct hvisor_cell_desc *c,
			      const struct hvisor_system *s)
{
	blob_regions(c)[C_TESTDEV].virt_start = RV(s)->plic_base;
}
static void c_ram_on_plic(struct hvisor_cell_desc *c,
			  const struct hvisor_system *s)
{
	/* guest-physically: the cell would read the PLIC page as RAM */
	blob_regions(c)[C_RAM].virt_start = RV(s)->plic_base;
	c->entry = RV(s)->plic_base;
}
static void c_ram_phys_plic(struct hvisor_cell_desc *c,
			    const struct hvisor_system *s)
{
	blob_regions(c)[C_RAM].phys_start = RV(s)->plic_base;
}
static void c_doorbell_is_console(struct hvisor_cell_desc *c,
				  const struct hvisor_system *s)
{
	(void)s;
	c->doorbell_irq = c->console_irq;
}
static void c_owns_console_irq(struct hvisor_cell_desc *c,
			       const struct hvisor_system *s)
{
	(void)s;
	blob_irq(c->irqs, c->console_irq, 1);
}

#define CELL HVISOR_CHECK_PART_CELL

static const struct cell_row cell_rows[] = {
	{ "console source = num_sources", c_console_beyond, HVISOR_CHECK_IRQ,
	  CELL, "console_irq", -1 },
	{ "doorbell source 1023 of 96", c_doorbell_beyond, HVISOR_CHECK_IRQ,
	  CELL, "doorbell_irq", -1 },
	{ "virtio source = num_sources", c_virtio_beyond, HVISOR_CHECK_IRQ,
	  REGION, "flags", C_VIRTIO },
	{ "console on source 0", c_console_source0, HVISOR_CHECK_IRQ, CELL,
	  "console_irq", -1 },
	{ "a PL011 cell console", c_console_pl011, HVISOR_CHECK_RANGE, CELL,
	  "console_type", -1 },
	{ "console page in the PLIC", c_console_on_plic, HVISOR_CHECK_OVERLAP,
	  CELL, "console_base", -1 },
	{ "test device in the PLIC window", c_testdev_on_plic,
	  HVISOR_CHECK_OVERLAP, REGION, NULL, C_TESTDEV },
	{ "RAM mapped on the PLIC window", c_ram_on_plic, HVISOR_CHECK_OVERLAP,
	  REGION, NULL, C_RAM },
	{ "RAM on the physical PLIC", c_ram_phys_plic, HVISOR_CHECK_OVERLAP,
	  REGION, NULL, C_RAM },
	{ "doorbell = console source", c_doorbell_is_console, HVISOR_CHECK_IRQ,
	  CELL, "doorbell_irq", -1 },
	{ "console source also physical", c_owns_console_irq, HVISOR_CHECK_IRQ,
	  CELL, "console_irq", -1 },
};

static void test_cell_configs_valid(void **state)
{
	static const char *const cells[] = {
		CELL_JSON,
		"configs/riscv64/qemu/testguest2.json",
		"configs/riscv64/qemu/testguest-smp.json",
	};
	struct hvisor_check_error err;
	struct hvisor_cell_desc *cell;
	struct hvisor_system *sys;
	size_t size, sys_size, i;

	(void)state;
	sys = load(&sys_size);
	for (i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		cell = load_cell(cells[i], &size);
		assert_int_equal(cell->arch, HVISOR_ARCH_RISCV64);
		assert_int_equal(cell->console_type, HVISOR_CONSOLE_8250);
		assert_int_equal(cell->console_base, 0x10000000);
		assert_int_equal(cell->console_irq, 10);
		assert_int_equal(cell->doorbell_irq, 40);
		/* the test guest's RAM ends at its mailbox page */
		assert_int_equal(cell->mailbox_base, 0xcffff000);
		assert_int_equal(blob_regions(cell)[C_RAM].virt_start +
					 blob_regions(cell)[C_RAM].size,
				 0xcffff000);
		assert_int_equal(blob_check_cell(sys, cell, size, &err), 0);
		free(cell);
	}
	free(sys);
}

static void test_cell_rows(void **state)
{
	struct hvisor_check_error err;
	struct hvisor_cell_desc *cell;
	struct hvisor_system *sys;
	size_t size, sys_size, i;
	int ret;

	(void)state;
	sys = load(&sys_size);
	for (i = 0; i < sizeof(cell_rows) / sizeof(cell_rows[0]); i++) {
		cell = load_cell(CELL_JSON, &size);
		cell_rows[i].mutate(cell, sys);
		memset(&err, 0, sizeof(err));
		ret = blob_check_cell(sys, cell, size, &err);
		if (ret != cell_rows[i].code)
			fail_msg("%s: code %d, expected %d (%s: %s)",
				 cell_rows[i].what, ret, cell_rows[i].code,
				 err.field ? err.field : "-",
				 err.reason ? err.reason : "-");
		blob_assert_error(ret, &err, cell_rows[i].code,
				  cell_rows[i].part, cell_rows[i].field,
				  cell_rows[i].region);
		free(cell);
	}
	free(sys);
}

static void test_root_json_valid(void **state)
{
	struct hvisor_check_error err;
	struct hvisor_system *sys;
	size_t size;

	(void)state;
	sys = load(&size);
	assert_int_equal(sys->arch, HVISOR_ARCH_RISCV64);
	assert_int_equal(RV(sys)->irqchip, HVISOR_IRQCHIP_PLIC);
	assert_int_equal(RV(sys)->num_sources, 96);
	assert_int_equal(RV(sys)->timebase_frequency, 10000000);
	assert_int_equal(sys->platform.uart.type, HVISOR_CONSOLE_8250);
	assert_int_equal(blob_check_system_arch(sys, size, HVISOR_ARCH_RISCV64,
						&err),
			 0);
	/* an arm64 hypervisor refuses it */
	assert_int_equal(blob_check_system_arch(sys, size, HVISOR_ARCH_ARM64,
						&err),
			 HVISOR_CHECK_ARCH);
	free(sys);
}

static void run_rows(const char *json, const struct row *rows, size_t n)
{
	struct hvisor_check_error err;
	struct hvisor_system *sys;
	size_t size, i;
	int ret;

	for (i = 0; i < n; i++) {
		sys = load_system_json(json, &size);
		rows[i].mutate(sys);
		memset(&err, 0, sizeof(err));
		ret = blob_check_system(sys, size, &err);
		if (ret != rows[i].code)
			fail_msg("%s: code %d, expected %d (%s: %s)",
				 rows[i].what, ret, rows[i].code,
				 err.field ? err.field : "-",
				 err.reason ? err.reason : "-");
		blob_assert_error(ret, &err, rows[i].code, rows[i].part,
				  rows[i].field, rows[i].region);
		free(sys);
	}
}

static void test_rows(void **state)
{
	(void)state;
	run_rows(ROOT_JSON, rows, sizeof(rows) / sizeof(rows[0]));
}

static void test_aia_rows(void **state)
{
	(void)state;
	run_rows(ROOT_AIA_JSON, aia_rows,
		 sizeof(aia_rows) / sizeof(aia_rows[0]));
}

/* root-aia.json passes. */
static void test_root_aia_json_valid(void **state)
{
	struct hvisor_check_error err;
	struct hvisor_system *sys;
	size_t size;

	(void)state;
	sys = load_system_json(ROOT_AIA_JSON, &size);
	assert_int_equal(RV(sys)->irqchip, HVISOR_IRQCHIP_APLIC_IMSIC);
	assert_int_equal(RV(sys)->imsic_guest_files, 1);
	assert_int_equal(RV(sys)->guest_file, 1);
	assert_int_equal(RV(sys)->plic_base, 0x0c000000);
	assert_int_equal(blob_check_system(sys, size, &err), 0);
	free(sys);
}

/* The same platform under the arm64 tag: its bytes are not an arm64 platform. */
static void test_other_arch_rules(void **state)
{
	struct hvisor_check_error err;
	struct hvisor_system *sys;
	size_t size;

	(void)state;
	sys = load(&size);
	arm64_arch(sys);
	assert_int_equal(blob_check_system(sys, size, &err),
			 HVISOR_CHECK_RESERVED);
	free(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_json_valid),
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_root_aia_json_valid),
		cmocka_unit_test(test_aia_rows),
		cmocka_unit_test(test_other_arch_rules),
		cmocka_unit_test(test_cell_configs_valid),
		cmocka_unit_test(test_cell_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
