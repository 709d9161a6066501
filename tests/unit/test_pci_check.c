/* PCI in configs: the platform's PCI host and the cells' pci_devices, in binary (checker) and JSON (paths, messages). */
#include "check_blob.h"
#include "config/dump.h"
#include "config/load.h"
#include "config/pci_dma.h"
#include "config/pci_json.h"
#include "test_util.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ECAM 0x4010000000ULL
#define WINDOW 0x10000000ULL
#define EDU HVISOR_PCI_BDF(0, 1, 0)

/* blob_system() with the root's PCIe MMIO window and QEMU virt's PCI host. */
static struct hvisor_system *pci_system(void)
{
	const struct hvisor_mem_region win = { WINDOW, WINDOW, 0x2eff0000,
					       HVISOR_MEM_READ |
						       HVISOR_MEM_WRITE |
						       HVISOR_MEM_IO,
					       HVISOR_MEM_TYPE_IO };
	struct hvisor_system *sys = blob_system_add(blob_system(), &win);
	struct hvisor_pci_host *h = &sys->platform.pci;

	h->ecam_base = ECAM;
	h->ecam_size = 0x10000000;
	h->bus_start = 0;
	h->bus_end = 255;
	h->intx_irqs[0] = 35;
	h->intx_irqs[1] = 36;
	h->intx_irqs[2] = 37;
	h->intx_irqs[3] = 38;
	h->windows[0].base = WINDOW;
	h->windows[0].size = 0x2eff0000;
	return sys;
}

/* A cell owning edu (00:01.0) with its BAR as an io region. */
static struct hvisor_cell_desc *pci_cell(const char *name, uint64_t cpus,
					 uint64_t phys)
{
	const struct hvisor_mem_region bar = { WINDOW, WINDOW, 0x100000,
					       HVISOR_MEM_READ |
						       HVISOR_MEM_WRITE |
						       HVISOR_MEM_IO,
					       HVISOR_MEM_TYPE_IO };
	struct hvisor_cell_desc *c =
		blob_cell_add(blob_cell(name, cpus, phys), &bar);

	c->pci_ecam_base = ECAM;
	c->num_pci_devices = 1;
	c->pci_devices[0].bdf = EDU;
	return c;
}

static void sys_error(struct hvisor_system *sys, int code, int part,
		      const char *field, int region)
{
	struct hvisor_check_error err;

	blob_assert_error(blob_check_system(sys, sys->size, &err), &err, code,
			  part, field, region);
	free(sys);
}

static void cell_error(struct hvisor_system *sys, struct hvisor_cell_desc *c,
		       int code, const char *field)
{
	struct hvisor_check_error err;

	blob_assert_error(blob_check_cell(sys, c, c->size, &err), &err, code,
			  HVISOR_CHECK_PART_CELL, field, -1);
	assert_int_equal(err.cell, 0);
	free(sys);
	free(c);
}

static void test_valid(void **state)
{
	struct hvisor_system *sys = pci_system();
	struct hvisor_cell_desc *c = pci_cell("a", 0x8, 0x90000000);
	struct hvisor_check_error err;

	(void)state;
	assert_int_equal(blob_check_system(sys, sys->size, &err), 0);
	assert_int_equal(blob_check_cell(sys, c, c->size, &err), 0);
	/* relaxed mode (no system config) takes it too */
	assert_int_equal(blob_check_cell(NULL, c, c->size, &err), 0);
	free(sys);
	free(c);
}

static void test_host_rules(void **state)
{
	struct hvisor_system *s;
	struct hvisor_mem_region ecam = { ECAM, ECAM, 0x10000000,
					  HVISOR_MEM_READ | HVISOR_MEM_WRITE |
						  HVISOR_MEM_IO,
					  HVISOR_MEM_TYPE_IO };

	(void)state;
	s = pci_system();
	s->platform.pci.ecam_size = 0x8000000; /* 128 buses for 0..255 */
	sys_error(s, HVISOR_CHECK_SIZE, HVISOR_CHECK_PART_PLATFORM,
		  "pci.ecam_size", -1);
	s = pci_system();
	s->platform.pci.ecam_base = ECAM + 0x1000;
	sys_error(s, HVISOR_CHECK_ALIGN, HVISOR_CHECK_PART_PLATFORM,
		  "pci.ecam_base", -1);
	s = pci_system();
	s->platform.pci.bus_start = 3;
	s->platform.pci.bus_end = 2;
	sys_error(s, HVISOR_CHECK_RANGE, HVISOR_CHECK_PART_PLATFORM,
		  "pci.bus_end", -1);
	s = pci_system();
	s->platform.pci.intx_irqs[2] = 5; /* an SGI */
	sys_error(s, HVISOR_CHECK_IRQ, HVISOR_CHECK_PART_PLATFORM,
		  "pci.intx_irqs", -1);
	/* no host, but a stale field */
	s = blob_system();
	s->platform.pci.bus_end = 1;
	sys_error(s, HVISOR_CHECK_RESERVED, HVISOR_CHECK_PART_PLATFORM,
		  "pci.ecam_base", -1);
	/* a window the root does not own */
	s = pci_system();
	s->platform.pci.windows[1].base = 0x3f000000;
	s->platform.pci.windows[1].size = 0x1000000;
	sys_error(s, HVISOR_CHECK_NOT_ROOTS, HVISOR_CHECK_PART_PLATFORM,
		  "pci.windows.base", -1);
	s = pci_system();
	s->platform.pci.windows[1] = s->platform.pci.windows[0];
	sys_error(s, HVISOR_CHECK_OVERLAP, HVISOR_CHECK_PART_PLATFORM,
		  "pci.windows.base", -1);
	/* the root must not map the ECAM: the hypervisor filters it */
	s = blob_system_add(pci_system(), &ecam);
	sys_error(s, HVISOR_CHECK_OVERLAP, HVISOR_CHECK_PART_REGION, NULL,
		  BLOB_ROOT_REGIONS + 1);
	/* the root cell lists no devices of its own */
	s = pci_system();
	s->root_cell.num_pci_devices = 1;
	s->root_cell.pci_devices[0].bdf = EDU;
	sys_error(s, HVISOR_CHECK_RESERVED, HVISOR_CHECK_PART_CELL,
		  "pci_devices", -1);
}

static void test_cell_rules(void **state)
{
	struct hvisor_cell_desc *c;
	struct hvisor_check_error err;
	int ret;

	(void)state;
	/* no PCI host in the system config (the root has the window) */
	{
		struct hvisor_system *s = pci_system();

		memset(&s->platform.pci, 0, sizeof(s->platform.pci));
		c = pci_cell("a", 0x8, 0x90000000);
		cell_error(s, c, HVISOR_CHECK_NOT_ROOTS, "pci_devices");
	}
	c = pci_cell("a", 0x8, 0x90000000);
	c->pci_devices[0].bdf = HVISOR_PCI_BDF(0, 0, 0);
	cell_error(pci_system(), c, HVISOR_CHECK_NOT_ROOTS, "pci_devices");
	c = pci_cell("a", 0x8, 0x90000000);
	c->num_pci_devices = 2;
	c->pci_devices[1].bdf = EDU;
	cell_error(pci_system(), c, HVISOR_CHECK_TAKEN, "pci_devices");
	c = pci_cell("a", 0x8, 0x90000000);
	c->num_pci_devices = 9;
	cell_error(pci_system(), c, HVISOR_CHECK_RANGE, "pci_devices");
	c = pci_cell("a", 0x8, 0x90000000);
	c->pci_devices[3].bdf = EDU; /* past num_pci_devices */
	cell_error(pci_system(), c, HVISOR_CHECK_RESERVED, "pci_devices");
	c = pci_cell("a", 0x8, 0x90000000);
	c->pci_devices[0].flags = 1;
	cell_error(pci_system(), c, HVISOR_CHECK_RESERVED, "pci_devices");
	c = pci_cell("a", 0x8, 0x90000000);
	c->pci_ecam_base = 0;
	cell_error(pci_system(), c, HVISOR_CHECK_RANGE, "pci_ecam_base");
	c = pci_cell("a", 0x8, 0x90000000);
	c->pci_ecam_base = 0x90000000; /* on the cell's RAM */
	cell_error(pci_system(), c, HVISOR_CHECK_OVERLAP, "pci_ecam_base");
	c = pci_cell("a", 0x8, 0x90000000);
	c->pci_ecam_base = 0x08000000; /* on the GIC distributor */
	cell_error(pci_system(), c, HVISOR_CHECK_OVERLAP, "pci_ecam_base");
	c = pci_cell("a", 0x8, 0x90000000);
	c->num_pci_devices = 0;
	c->pci_devices[0].bdf = 0;
	cell_error(pci_system(), c, HVISOR_CHECK_RESERVED, "pci_ecam_base");
	/* a bus beyond a smaller host's range */
	{
		struct hvisor_system *s = pci_system();

		s->platform.pci.bus_end = 0;
		s->platform.pci.ecam_size = 0x100000;
		c = pci_cell("a", 0x8, 0x90000000);
		c->pci_devices[0].bdf = HVISOR_PCI_BDF(1, 0, 0);
		cell_error(s, c, HVISOR_CHECK_NOT_ROOTS, "pci_devices");
	}
	/* the cell may not map the real ECAM either */
	{
		const struct hvisor_mem_region ecam = {
			ECAM, 0x30000000, 0x100000,
			HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_IO,
			HVISOR_MEM_TYPE_IO
		};
		struct hvisor_system *s = pci_system();

		c = blob_cell_add(pci_cell("a", 0x8, 0x90000000), &ecam);
		ret = blob_check_cell(s, c, c->size, &err);
		assert_int_equal(ret, HVISOR_CHECK_OVERLAP);
		assert_int_equal(err.part, HVISOR_CHECK_PART_REGION);
		assert_int_equal(err.region, BLOB_CELL_REGIONS + 1);
		free(s);
		free(c);
	}
}

static void test_owned_twice(void **state)
{
	struct hvisor_system *sys = pci_system();
	struct hvisor_cell_desc *a = pci_cell("a", 0x4, 0x90000000);
	struct hvisor_cell_desc *b = pci_cell("b", 0x8, 0xa0000000);
	const void *cells[2] = { a, b };
	uint64_t sizes[2] = { a->size, b->size };
	struct hvisor_check_error err;
	int ret;

	(void)state;
	/* b's BAR region is a's too: move it out of the way first */
	blob_regions(b)[BLOB_CELL_REGIONS].phys_start = WINDOW + 0x100000;
	blob_regions(b)[BLOB_CELL_REGIONS].virt_start = WINDOW + 0x100000;
	ret = hvisor_check_cells(sys, sys->size, cells, sizes, 2, &err);
	assert_int_equal(ret, HVISOR_CHECK_TAKEN);
	assert_string_equal(err.field, "pci_devices");
	assert_int_equal(err.cell, 1);
	assert_int_equal(err.other_cell, 0);
	assert_int_equal(err.value, EDU);
	b->pci_devices[0].bdf = HVISOR_PCI_BDF(0, 2, 0);
	assert_int_equal(
		hvisor_check_cells(sys, sys->size, cells, sizes, 2, &err), 0);
	free(sys);
	free(a);
	free(b);
}

static void test_bdf_strings(void **state)
{
	uint16_t bdf = 0;

	(void)state;
	assert_true(config_parse_bdf("00:01.0", &bdf));
	assert_int_equal(bdf, EDU);
	assert_true(config_parse_bdf("ff:1f.7", &bdf));
	assert_int_equal(bdf, HVISOR_PCI_BDF(255, 31, 7));
	assert_false(config_parse_bdf("0:01.0", &bdf));
	assert_false(config_parse_bdf("00:20.0", &bdf)); /* device 32 */
	assert_false(config_parse_bdf("00:01.8", &bdf));
	assert_false(config_parse_bdf("00-01.0", &bdf));
	assert_false(config_parse_bdf("00:01.0 ", &bdf));
}

/* config dump shows the host and the cell's devices. */
static void assert_dump(const struct hvisor_cell_desc *c,
			const struct hvisor_system *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	config_dump_system(f, s);
	config_dump_cell(f, c);
	fclose(f);
	if (!strstr(out, "  pci: buses 0-255, INTx 35 36 37 38\n") ||
	    !strstr(out, "  ecam: base 0x4010000000 size 0x10000000") ||
	    !strstr(out,
		    "  pci devices: 00:01.0, ECAM window at 0x4010000000\n"))
		fail_msg("dump lacks the PCI lines:\n%s", out);
	free(out);
}

/* config check's line for a cell with the given system config (or NULL). */
static char *dma_line(const struct hvisor_cell_desc *c,
		      const struct hvisor_system *sys)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	config_print_pci_dma(f, "c.json", c, sys);
	fclose(f);
	return out;
}

/*
 * "not DMA-isolated" exactly when the platform has no SMMU; with one, the
 * cell's SMMUv3 context; without a system config, neither claim.
 */
static void test_dma_isolation_note(void **state)
{
	struct hvisor_system *sys = pci_system();
	struct hvisor_cell_desc *c = pci_cell("a", 0x8, 0x90000000);
	char *out;

	(void)state;
	assert_int_equal(config_pci_dma(c, sys), CONFIG_PCI_DMA_OPEN);
	out = dma_line(c, sys);
	assert_string_equal(out, "c.json: warning: the cell is not "
				 "DMA-isolated: its PCI device 00:01.0 can "
				 "read and write all physical memory by DMA "
				 "(the platform has no SMMU: "
				 "platform.pci.smmu)\n");
	free(out);
	sys->platform.pci.smmu_base = 0x09050000;
	sys->platform.pci.smmu_size = 0x20000;
	assert_int_equal(blob_check_system(sys, sys->size, NULL), 0);
	assert_int_equal(config_pci_dma(c, sys), CONFIG_PCI_DMA_SMMU);
	assert_string_equal(config_pci_dma_label(CONFIG_PCI_DMA_SMMU),
			    "smmuv3");
	out = dma_line(c, sys);
	assert_string_equal(out, "c.json: note: the cell's PCI device "
				 "00:01.0 translates its DMA through the "
				 "cell's SMMUv3 context (the cell's RAM "
				 "only)\n");
	assert_null(strstr(out, "not DMA-isolated"));
	free(out);
	c->num_pci_devices = 2;
	c->pci_devices[1].bdf = HVISOR_PCI_BDF(0, 2, 1);
	out = dma_line(c, sys);
	assert_non_null(strstr(out, "PCI devices 00:01.0 00:02.1 translate "
				    "their DMA"));
	free(out);
	out = dma_line(c, NULL);
	assert_int_equal(config_pci_dma(c, NULL), CONFIG_PCI_DMA_UNKNOWN);
	assert_non_null(strstr(out, "is not known without the system config"));
	assert_null(strstr(out, "not DMA-isolated"));
	assert_null(strstr(out, "translate"));
	free(out);
	/* no device, no line */
	c->num_pci_devices = 0;
	assert_int_equal(config_pci_dma(c, sys), CONFIG_PCI_DMA_NONE);
	assert_null(config_pci_dma_label(CONFIG_PCI_DMA_NONE));
	out = dma_line(c, sys);
	assert_string_equal(out, "");
	free(out);
	free(sys);
	free(c);
}

/* The shipped configs: root.json's host, testguest-pci.json's device. */
static void test_shipped_configs(void **state)
{
	struct config_blob sys, cell;
	struct diag d = { 0 };
	const struct hvisor_cell_desc *c;
	const struct hvisor_system *s;

	(void)state;
	assert_int_equal(
		config_system_load(top_path("configs/arm64/qemu/root.json"),
				   &sys, &d),
		0);
	s = sys.data;
	assert_int_equal(s->platform.pci.ecam_base, ECAM);
	assert_int_equal(s->platform.pci.intx_irqs[1], 36);
	assert_int_equal(
		config_cell_load(
			top_path("configs/arm64/qemu/testguest-pci.json"), &sys,
			"root.json", &cell, &d),
		0);
	c = cell.data;
	assert_dump(c, s);
	assert_int_equal(c->num_pci_devices, 1);
	assert_int_equal(c->pci_devices[0].bdf, EDU);
	assert_int_equal(c->pci_ecam_base, ECAM);
	assert_int_equal(config_pci_dma(c, s), CONFIG_PCI_DMA_OPEN);
	config_blob_free(&sys);
	/* root-smmu.json is root.json with QEMU's SMMUv3 */
	assert_int_equal(config_system_load(
				 top_path("configs/arm64/qemu/root-smmu.json"),
				 &sys, &d),
			 0);
	assert_int_equal(config_pci_dma(c, sys.data), CONFIG_PCI_DMA_SMMU);
	config_blob_free(&cell);
	config_blob_free(&sys);
	diag_free(&d);
}

/* JSON errors name the path: a bad device string, a device of no host. */
static void test_json_messages(void **state)
{
	static const char sys_text[] =
		"{\"arch\": \"arm64\", \"hypervisor\": {\"phys_start\": "
		"\"0x80000000\", \"size\": \"0x4000000\"}, \"platform\": "
		"{\"num_cpus\": 4, \"gic\": {\"version\": 3, \"gicd_base\": "
		"\"0x08000000\", \"gicd_size\": \"0x10000\", \"gicr_base\": "
		"\"0x080a0000\", \"gicr_size\": \"0xf60000\", "
		"\"maintenance_irq\": 25}, \"uart\": {\"base\": \"0x09000000\", "
		"\"size\": \"0x1000\"}}, \"root_cell\": {\"name\": \"root\", "
		"\"cpus\": [0, 1, 2, 3], \"memory_regions\": [{\"type\": "
		"\"ram\", \"phys_start\": \"0x40000000\", \"size\": "
		"\"0x40000000\", \"flags\": [\"read\", \"write\"]}, {\"type\": "
		"\"ram\", \"phys_start\": \"0x84000000\", \"size\": "
		"\"0x3c000000\", \"flags\": [\"read\", \"write\", "
		"\"loadable\"]}], \"interrupts\": [\"32-287\"]}}";
	static const char cell_fmt[] =
		"{\"arch\": \"arm64\", \"name\": \"p\", \"cpus\": [3], "
		"\"entry\": \"0x90000000\", \"memory_regions\": [{\"type\": "
		"\"ram\", \"phys_start\": \"0x90000000\", \"size\": "
		"\"0x100000\", \"flags\": [\"read\", \"write\", \"execute\"]}], "
		"\"interrupts\": [], \"pci_devices\": [%s], "
		"\"pci_ecam_base\": \"0x4010000000\"}";
	struct config_blob sys, cell;
	struct diag d = { 0 };
	char text[1024];

	(void)state;
	assert_int_equal(config_system_build(sys_text, strlen(sys_text),
					     "sys.json", &sys, &d),
			 0);
	snprintf(text, sizeof(text), cell_fmt, "\"00:1.0\"");
	assert_int_not_equal(config_cell_build(text, strlen(text), "cell.json",
					       &sys, "sys.json", &cell, &d),
			     0);
	assert_int_equal(d.count, 1);
	assert_message(d.msgs[0], "cell.json", "pci_devices[0]",
		       "expected a device as \"BB:DD.F\"");
	diag_free(&d);
	memset(&d, 0, sizeof(d));
	snprintf(text, sizeof(text), cell_fmt, "\"00:01.0\"");
	assert_int_not_equal(config_cell_build(text, strlen(text), "cell.json",
					       &sys, "sys.json", &cell, &d),
			     0);
	assert_int_equal(d.count, 1);
	assert_message(d.msgs[0], "cell.json", "pci_devices",
		       "the system config has no PCI host (platform.pci)");
	config_blob_free(&cell); /* the blob a failed check leaves */
	diag_free(&d);
	config_blob_free(&sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_host_rules),
		cmocka_unit_test(test_cell_rules),
		cmocka_unit_test(test_owned_twice),
		cmocka_unit_test(test_bdf_strings),
		cmocka_unit_test(test_dma_isolation_note),
		cmocka_unit_test(test_shipped_configs),
		cmocka_unit_test(test_json_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
