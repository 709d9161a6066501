/* JSON -> binary conversion: the real QEMU root.json, the arch tag and console types, number forms, defaults, dump output. */
#include "config/dump.h"
#include "config/load.h"
#include "test_util.h"

#include <hvisor/config.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define ROOT_JSON "configs/arm64/qemu/root.json"

/* Builds a system config from text; the test fails on any error. */
static struct hvisor_system *build(const char *text, size_t *size)
{
	struct config_blob blob;
	struct diag d;
	int ret;

	diag_init(&d);
	ret = config_system_build(text, strlen(text), "test.json", &blob, &d);
	diag_print(&d, stderr);
	assert_int_equal(ret, 0);
	assert_int_equal(d.count, 0);
	diag_free(&d);
	if (size)
		*size = blob.size;
	return blob.data;
}

static struct hvisor_system *load_root_json(size_t *size)
{
	return load_system_json(ROOT_JSON, size);
}

static const struct hvisor_mem_region *
find_region(const struct hvisor_system *sys, uint64_t phys)
{
	const struct hvisor_mem_region *r =
		hvisor_cell_regions(&sys->root_cell);
	uint32_t i;

	for (i = 0; i < sys->root_cell.num_mem_regions; i++)
		if (r[i].phys_start == phys)
			return &r[i];
	fail_msg("no region at 0x%llx", (unsigned long long)phys);
	return NULL;
}

static bool irq_set(const struct hvisor_cell_desc *cell, unsigned int irq)
{
	return cell->irqs[irq / 32] & (1u << (irq % 32));
}

static void test_root_json(void **state)
{
	const struct hvisor_mem_region *r;
	struct hvisor_system *sys;
	unsigned int irq;
	size_t size;

	(void)state;
	sys = load_root_json(&size);
	assert_memory_equal(sys->magic, HVISOR_SYSTEM_MAGIC, 8);
	assert_int_equal(sys->version, HVISOR_CONFIG_VERSION);
	assert_int_equal(sys->size, size);
	assert_int_equal(size, sizeof(*sys) + sys->root_cell.num_mem_regions *
						      sizeof(*r));
	assert_int_equal(sys->hypervisor_phys, 0x80000000);
	assert_int_equal(sys->hypervisor_size, 64 << 20);

	assert_int_equal(sys->arch, HVISOR_ARCH_ARM64);
	assert_int_equal(sys->reserved, 0);
	assert_int_equal(sys->platform.num_cpus, 4);
	assert_int_equal(sys->platform.arch.arm64.gic_version, HVISOR_GIC_V3);
	assert_int_equal(sys->platform.arch.arm64.gicd_base, 0x08000000);
	assert_int_equal(sys->platform.arch.arm64.gicd_size, 0x10000);
	assert_int_equal(sys->platform.arch.arm64.gicr_base, 0x080a0000);
	assert_int_equal(sys->platform.arch.arm64.gicr_size, 0xf60000);
	assert_int_equal(sys->platform.arch.arm64.maintenance_irq, 25);
	assert_int_equal(sys->platform.uart.base, 0x09000000);
	assert_int_equal(sys->platform.uart.size, 0x1000);
	assert_int_equal(sys->platform.uart.type, HVISOR_CONSOLE_PL011);
	assert_int_equal(sys->platform.uart.reserved, 0);

	assert_memory_equal(sys->root_cell.magic, HVISOR_CELL_MAGIC, 8);
	assert_int_equal(sys->root_cell.version, HVISOR_CONFIG_VERSION);
	assert_int_equal(sys->root_cell.size,
			 sizeof(sys->root_cell) +
				 sys->root_cell.num_mem_regions * sizeof(*r));
	assert_int_equal(sys->root_cell.arch, HVISOR_ARCH_ARM64);
	assert_int_equal(sys->root_cell.console_type, HVISOR_CONSOLE_NONE);
	assert_string_equal(sys->root_cell.name, "root");
	assert_int_equal(sys->root_cell.cpus, 0xf);
	for (irq = 0; irq < HVISOR_MAX_IRQS; irq++)
		assert_int_equal(irq_set(&sys->root_cell, irq), irq < 288);

	r = find_region(sys, 0x40000000);
	assert_int_equal(r->type, HVISOR_MEM_TYPE_RAM);
	assert_int_equal(r->virt_start, 0x40000000);
	assert_int_equal(r->size, 1 << 30);
	assert_int_equal(r->flags, HVISOR_MEM_READ | HVISOR_MEM_WRITE |
					   HVISOR_MEM_EXECUTE | HVISOR_MEM_DMA);
	r = find_region(sys, 0x84000000);
	assert_int_equal(r->type, HVISOR_MEM_TYPE_RAM);
	assert_int_equal(r->phys_start + r->size, 0xc0000000);
	assert_true(r->flags & HVISOR_MEM_LOADABLE);
	/* The devices of QEMU virt: PL011, PL031, fw_cfg, PL061, virtio-mmio. */
	assert_int_equal(find_region(sys, 0x09000000)->flags,
			 HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_IO);
	assert_int_equal(find_region(sys, 0x09010000)->type,
			 HVISOR_MEM_TYPE_IO);
	assert_int_equal(find_region(sys, 0x09020000)->type,
			 HVISOR_MEM_TYPE_IO);
	assert_int_equal(find_region(sys, 0x09030000)->type,
			 HVISOR_MEM_TYPE_IO);
	assert_int_equal(find_region(sys, 0x0a000000)->size, 0x4000);
	free(sys);
}

static const char *minimal_config =
	"{ %s \"hypervisor\": { \"phys_start\": %s, \"size\": %s },"
	"  \"platform\": { \"num_cpus\": %s,"
	"    \"gic\": { \"version\": 3, \"gicd_base\": \"0x08000000\","
	"      \"gicd_size\": \"0x10000\", \"gicr_base\": \"0x080a0000\","
	"      \"gicr_size\": \"0xf60000\", \"maintenance_irq\": 25 },"
	"    \"uart\": { \"base\": \"0x09000000\", \"size\": 4096%s } },"
	"  \"root_cell\": { \"name\": %s, \"cpus\": %s,"
	"    \"memory_regions\": [ %s ], \"interrupts\": %s } }";

/* minimal_config with the top-level arch field and the uart type field. */
static char *minimal_text(const char *arch, const char *uart_type,
			  const char *hv_phys, const char *hv_size,
			  const char *num_cpus, const char *name,
			  const char *cpus, const char *regions,
			  const char *irqs)
{
	char *text;

	assert_true(asprintf(&text, minimal_config, arch, hv_phys, hv_size,
			     num_cpus, uart_type, name, cpus, regions,
			     irqs) > 0);
	return text;
}

static struct hvisor_system *
build_minimal(const char *hv_phys, const char *hv_size, const char *num_cpus,
	      const char *name, const char *cpus, const char *regions,
	      const char *irqs)
{
	struct hvisor_system *sys;
	char *text = minimal_text("", "", hv_phys, hv_size, num_cpus, name,
				  cpus, regions, irqs);

	sys = build(text, NULL);
	free(text);
	return sys;
}

#define RAM_REGION                                              \
	"{ \"type\": \"ram\", \"phys_start\": \"0x40000000\", " \
	"\"size\": \"0x40000000\", \"flags\": [\"read\", \"write\"] }"

/* Integers, decimal strings and hex strings give the same values. */
static void test_number_forms(void **state)
{
	struct hvisor_system *a, *b;

	(void)state;
	a = build_minimal("\"0x80000000\"", "\"0x4000000\"", "4", "\"a\"",
			  "[0]", RAM_REGION, "[]");
	b = build_minimal("2147483648", "\"67108864\"", "\"0x4\"", "\"a\"",
			  "[\"0\"]", RAM_REGION, "[]");
	assert_int_equal(a->size, b->size);
	assert_memory_equal(a, b, a->size);
	assert_int_equal(b->hypervisor_phys, 0x80000000);
	assert_int_equal(b->hypervisor_size, 0x4000000);
	assert_int_equal(b->platform.num_cpus, 4);
	assert_int_equal(b->platform.root_irq, 0); /* optional, 0 = none */
	free(a);
	free(b);
}

/* CPU and interrupt lists: numbers, number strings and ranges. */
static void test_id_lists(void **state)
{
	struct hvisor_system *sys;

	(void)state;
	sys = build_minimal("\"0x80000000\"", "\"0x4000000\"", "64", "\"ids\"",
			    "[1, \"0x3\", \"60-63\"]", RAM_REGION,
			    "[0, \"0x20-0x21\", \"1019\", \"100-102\"]");
	assert_int_equal(sys->root_cell.cpus, 0xf00000000000000aULL);
	assert_int_equal(sys->root_cell.irqs[0], 0x1);
	assert_int_equal(sys->root_cell.irqs[1], 0x3);
	assert_int_equal(sys->root_cell.irqs[3], 0x70);
	assert_int_equal(sys->root_cell.irqs[31], 1u << 27);
	assert_int_equal(sys->root_cell.irqs[2], 0);
	free(sys);
}

/* virt_start defaults to phys_start; io regions get HVISOR_MEM_IO. */
static void test_region_defaults(void **state)
{
	const struct hvisor_mem_region *r;
	struct hvisor_system *sys;

	(void)state;
	sys = build_minimal(
		"\"0x80000000\"", "\"0x4000000\"", "4", "\"r\"", "[0]",
		RAM_REGION
		", { \"type\": \"io\", \"phys_start\": \"0x9000000\","
		" \"size\": \"0x1000\", \"flags\": [] },"
		" { \"type\": \"virtio\", \"phys_start\": \"0xa000000\","
		" \"virt_start\": \"0xa000000\", \"size\": \"0x1000\","
		" \"flags\": [\"read\", \"write\", \"execute\", \"dma\","
		" \"rootshared\", \"loadable\"] }",
		"[]");
	r = hvisor_cell_regions(&sys->root_cell);
	assert_int_equal(sys->root_cell.num_mem_regions, 3);
	assert_int_equal(r[0].virt_start, 0x40000000);
	assert_int_equal(r[0].flags, HVISOR_MEM_READ | HVISOR_MEM_WRITE);
	assert_int_equal(r[1].type, HVISOR_MEM_TYPE_IO);
	assert_int_equal(r[1].flags, HVISOR_MEM_IO);
	assert_int_equal(r[1].virt_start, 0x9000000);
	assert_int_equal(r[2].type, HVISOR_MEM_TYPE_VIRTIO);
	assert_int_equal(r[2].flags,
			 HVISOR_MEM_READ | HVISOR_MEM_WRITE |
				 HVISOR_MEM_EXECUTE | HVISOR_MEM_DMA |
				 HVISOR_MEM_ROOTSHARED | HVISOR_MEM_LOADABLE);
	free(sys);
}

/* The longest name that fits (31 characters) and "comment" fields. */
static void test_name_and_comments(void **state)
{
	struct hvisor_system *sys;

	(void)state;
	sys = build_minimal("\"0x80000000\"", "\"0x4000000\"", "4",
			    "\"abcdefghijklmnopqrstuvwxyz01234\"", "[0]",
			    "{ \"comment\": \"RAM\", \"type\": \"ram\","
			    " \"phys_start\": \"0x40000000\", \"size\": 4096,"
			    " \"flags\": [] }",
			    "[]");
	assert_string_equal(sys->root_cell.name,
			    "abcdefghijklmnopqrstuvwxyz01234");
	free(sys);
}

/* platform.root_irq is optional; when given it reaches the binary config. */
static void test_root_irq(void **state)
{
	struct hvisor_system *sys;
	size_t len;
	char *base = read_text(top_path("tests/unit/configs/base.json"), &len);
	char *at = strstr(base, "\"num_cpus\": 4,");
	char *text;

	(void)state;
	assert_non_null(at);
	assert_true(asprintf(&text, "%.*s\"root_irq\": \"0x28\", %s",
			     (int)(at - base), base, at) > 0);
	sys = build(text, NULL);
	assert_int_equal(sys->platform.root_irq, 40);
	free(sys);
	free(text);
	free(base);
}

/*
 * The arch tag: absent means arm64 (the files of ABI v1 load as they are),
 * "arm64" gives the same blob; the uart type defaults to the arch's.
 */
static void test_arch_tag(void **state)
{
	struct hvisor_system *absent, *given;
	size_t absent_size, given_size;
	char *text;

	(void)state;
	text = minimal_text("", "", "\"0x80000000\"", "\"0x4000000\"", "4",
			    "\"a\"", "[0]", RAM_REGION, "[]");
	absent = build(text, &absent_size);
	free(text);
	text = minimal_text("\"arch\": \"arm64\",", ", \"type\": \"pl011\"",
			    "\"0x80000000\"", "\"0x4000000\"", "4", "\"a\"",
			    "[0]", RAM_REGION, "[]");
	given = build(text, &given_size);
	free(text);
	assert_int_equal(absent->arch, HVISOR_ARCH_ARM64);
	assert_int_equal(absent->root_cell.arch, HVISOR_ARCH_ARM64);
	assert_int_equal(absent->platform.uart.type, HVISOR_CONSOLE_PL011);
	assert_int_equal(absent_size, given_size);
	assert_memory_equal(absent, given, absent_size);
	free(absent);
	free(given);
}

static char *dump_to_string(const struct hvisor_system *sys)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	config_dump_system(f, sys);
	fclose(f);
	return out;
}

static void test_dump_root_json(void **state)
{
	static const char *const lines[] = {
		"system config: version 3, ",
		" bytes\narch: arm64\nhypervisor: ",
		"hypervisor: phys 0x80000000 size 0x4000000 (64 MiB)\n",
		"platform: 4 CPUs\n",
		"  gic: version 3, maintenance irq 25\n",
		"  gicd: base 0x8000000 size 0x10000 (64 KiB)\n",
		"  gicr: base 0x80a0000 size 0xf60000 (15744 KiB)\n",
		"  uart: pl011, base 0x9000000 size 0x1000 (4 KiB)\n",
		"  root irq: 200\n",
		"root cell \"root\"\n",
		"  cpus: 0-3\n",
		"  interrupts: 0-287\n",
		" ram phys 0x40000000-0x7fffffff virt 0x40000000 size 0x40000000 (1 GiB) flags read,write,execute,dma\n",
		" ram phys 0x84000000-0xbfffffff virt 0x84000000 size 0x3c000000 (960 MiB) flags read,write,loadable\n",
		" io phys 0x9000000-0x9000fff virt 0x9000000 size 0x1000 (4 KiB) flags read,write,io\n",
	};
	struct hvisor_system *sys;
	size_t size, i;
	char *out;

	(void)state;
	sys = load_root_json(&size);
	out = dump_to_string(sys);
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		if (!strstr(out, lines[i]))
			fail_msg("dump lacks \"%s\":\n%s", lines[i], out);
	free(out);
	free(sys);
}

/* A blob of an arch this build has no rules for: what can be shown. */
static void test_dump_unknown_arch(void **state)
{
	struct hvisor_system *sys;
	size_t size;
	char *out;

	(void)state;
	sys = load_root_json(&size);
	sys->arch = 9;
	sys->root_cell.arch = 9;
	out = dump_to_string(sys);
	if (!strstr(out, " bytes\narch: unknown (9)\nhypervisor: ") ||
	    !strstr(out,
		    "platform: 4 CPUs\n"
		    "  (the rest of the platform is not known to this build)\n"
		    "  uart: type 1, base 0x9000000 size 0x1000 (4 KiB)\n") ||
	    strstr(out, "gic"))
		fail_msg("dump of an unknown arch:\n%s", out);
	free(out);
	free(sys);
}

static void test_format_helpers(void **state)
{
	uint32_t bits[2] = { 0x8000000b, 0x1 };
	char buf[64];

	(void)state;
	config_format_ids(bits, 64, buf, sizeof(buf));
	assert_string_equal(buf, "0-1,3,31-32");
	bits[0] = bits[1] = 0;
	config_format_ids(bits, 64, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	config_format_size(0x40000000, buf, sizeof(buf));
	assert_string_equal(buf, "1 GiB");
	config_format_size(0x1800, buf, sizeof(buf));
	assert_string_equal(buf, "6 KiB");
	config_format_size(0x1234, buf, sizeof(buf));
	assert_string_equal(buf, "4660 bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_json),
		cmocka_unit_test(test_number_forms),
		cmocka_unit_test(test_id_lists),
		cmocka_unit_test(test_region_defaults),
		cmocka_unit_test(test_name_and_comments),
		cmocka_unit_test(test_root_irq),
		cmocka_unit_test(test_arch_tag),
		cmocka_unit_test(test_dump_root_json),
		cmocka_unit_test(test_dump_unknown_arch),
		cmocka_unit_test(test_format_helpers),
	};

	return cmocka_run_group_tests_name("config_json", tests, NULL, NULL);
}
