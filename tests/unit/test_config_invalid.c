/* Invalid system configs: each is refused with a message naming the JSON path and the reason. */
#include "config/error.h"
#include "config/load.h"
#include "test_util.h"

#include <hvisor/config.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define BASE "tests/unit/configs/base.json"
#define LABEL "base.json"
#define DELETE JSON_DELETE
#define MAX_PATCHES 3

/* Sets (or deletes) the value at a JSON pointer of the base config. */
struct patch {
	const char *pointer;
	const char *json; /* JSON text of the new value, or DELETE */
};

struct invalid_case {
	const char *name;
	struct patch patches[MAX_PATCHES];
	const char *path; /* JSON path the (only) error must name */
	const char *message; /* substring the error must contain */
};

static const struct invalid_case cases[] = {
	/* Memory regions. */
	{ "regions overlapping",
	  { { "/root_cell/memory_regions/1/phys_start", "\"0x7ffff000\"" } },
	  "root_cell.memory_regions[1]",
	  "physical range overlaps root_cell.memory_regions[0] (0x40000000)" },
	{ "region overlapping hypervisor memory",
	  { { "/root_cell/memory_regions/2/phys_start", "\"0x83e00000\"" } },
	  "root_cell.memory_regions[2]",
	  "physical range overlaps the hypervisor memory (0x80000000)" },
	{ "region overlapping the GIC distributor",
	  { { "/root_cell/memory_regions/1/phys_start", "\"0x08000000\"" } },
	  "root_cell.memory_regions[1]",
	  "physical range overlaps the GIC distributor" },
	{ "region overlapping the GIC redistributors",
	  { { "/root_cell/memory_regions/1/phys_start", "\"0x08100000\"" } },
	  "root_cell.memory_regions[1]",
	  "physical range overlaps the GIC redistributors" },
	{ "region size unaligned",
	  { { "/root_cell/memory_regions/1/size", "\"0x1234\"" } },
	  "root_cell.memory_regions[1].size",
	  "must be a multiple of 4096 (0x1234)" },
	{ "region start unaligned",
	  { { "/root_cell/memory_regions/1/phys_start", "\"0x09000800\"" } },
	  "root_cell.memory_regions[1].phys_start",
	  "must be a multiple of 4096 (0x9000800)" },
	{ "region empty",
	  { { "/root_cell/memory_regions/1/size", "0" } },
	  "root_cell.memory_regions[1].size",
	  "must not be zero" },
	{ "region beyond 48 bits",
	  { { "/root_cell/memory_regions/1/phys_start", "\"0xfffffffff000\"" },
	    { "/root_cell/memory_regions/1/size", "\"0x2000\"" } },
	  "root_cell.memory_regions[1].size",
	  "physical range ends beyond the 48-bit address space (0x2000)" },
	{ "region guest address unaligned",
	  { { "/root_cell/memory_regions/1/virt_start", "\"0x09000800\"" } },
	  "root_cell.memory_regions[1].virt_start",
	  "must be a multiple of 4096 (0x9000800)" },
	{ "region guest range beyond 44 bits",
	  { { "/root_cell/memory_regions/1/virt_start", "\"0xfffffffff000\"" },
	    { "/root_cell/memory_regions/1/size", "\"0x2000\"" } },
	  "root_cell.memory_regions[1].size",
	  "guest-physical range ends beyond the 44-bit address space (0x2000)" },
	{ "root region not identity-mapped",
	  { { "/root_cell/memory_regions/1/virt_start", "\"0x1000\"" } },
	  "root_cell.memory_regions[1].virt_start",
	  "root cell memory must be identity-mapped (virt_start == phys_start) (0x1000)" },
	{ "no ram region",
	  { { "/root_cell/memory_regions/0/type", "\"io\"" },
	    { "/root_cell/memory_regions/2/type", "\"virtio\"" } },
	  "root_cell.memory_regions",
	  "needs at least one region of type ram" },
	{ "unknown region type",
	  { { "/root_cell/memory_regions/1/type", "\"device\"" } },
	  "root_cell.memory_regions[1].type",
	  "unknown region type \"device\" (expected one of: ram, io, virtio, testdev)" },
	{ "region type not a string",
	  { { "/root_cell/memory_regions/1/type", "1" } },
	  "root_cell.memory_regions[1].type",
	  "expected a string, got number 1" },
	{ "unknown region flag",
	  { { "/root_cell/memory_regions/1/flags/1", "\"wrte\"" } },
	  "root_cell.memory_regions[1].flags[1]",
	  "unknown flag \"wrte\" (expected one of: read, write, execute, dma, rootshared, loadable)" },
	{ "duplicate region flag",
	  { { "/root_cell/memory_regions/1/flags/1", "\"read\"" } },
	  "root_cell.memory_regions[1].flags[1]",
	  "flag \"read\" is listed more than once" },
	{ "region flags missing",
	  { { "/root_cell/memory_regions/1/flags", DELETE } },
	  "root_cell.memory_regions[1].flags",
	  "missing required field" },
	{ "region not an object",
	  { { "/root_cell/memory_regions/1", "\"uart\"" } },
	  "root_cell.memory_regions[1]",
	  "expected an object, got string \"uart\"" },
	/* CPUs. */
	{ "CPU that does not exist",
	  { { "/root_cell/cpus/-", "4" } },
	  "root_cell.cpus",
	  "names a CPU at or above platform.num_cpus (4)" },
	{ "no CPUs",
	  { { "/root_cell/cpus", "[]" } },
	  "root_cell.cpus",
	  "must name at least one CPU" },
	{ "CPU beyond the bitmap",
	  { { "/root_cell/cpus/-", "64" } },
	  "root_cell.cpus[4]",
	  "CPU 64 is out of range (0-63)" },
	{ "CPU listed twice",
	  { { "/root_cell/cpus/-", "\"1-2\"" } },
	  "root_cell.cpus[4]",
	  "CPU 1 is listed more than once" },
	{ "CPU range with a negative start",
	  { { "/root_cell/cpus/-", "\"-1-3\"" } },
	  "root_cell.cpus[4]",
	  "\"-1-3\" is not a number or a range \"A-B\"" },
	{ "CPU range with a bad bound",
	  { { "/root_cell/cpus", "[\"0-x\"]" } },
	  "root_cell.cpus[0]",
	  "range \"0-x\": bound is not a number (expected decimal or 0x-prefixed hex)" },
	{ "cpus not an array",
	  { { "/root_cell/cpus", "\"0-3\"" } },
	  "root_cell.cpus",
	  "expected an array, got string \"0-3\"" },
	{ "too many platform CPUs",
	  { { "/platform/num_cpus", "65" } },
	  "platform.num_cpus",
	  "must be between 1 and 64 (65)" },
	/* GIC and UART. */
	{ "wrong GIC version",
	  { { "/platform/gic/version", "2" } },
	  "platform.gic.version",
	  "unsupported GIC version (only 3 is supported) (2)" },
	{ "GIC distributor unaligned",
	  { { "/platform/gic/gicd_base", "\"0x08001000\"" } },
	  "platform.gic.gicd_base",
	  "must be a multiple of 64 KiB (0x10000) (0x8001000)" },
	{ "GIC distributor size unaligned",
	  { { "/platform/gic/gicd_size", "\"0x18000\"" } },
	  "platform.gic.gicd_size",
	  "must be a multiple of 64 KiB (0x10000) (0x18000)" },
	{ "GIC distributor empty",
	  { { "/platform/gic/gicd_size", "0" } },
	  "platform.gic.gicd_size",
	  "must not be zero" },
	{ "GIC redistributors too few",
	  { { "/platform/gic/gicr_size", "\"0x60000\"" } },
	  "platform.gic.gicr_size",
	  "too small for one redistributor per CPU of platform.num_cpus (0x60000)" },
	{ "maintenance interrupt not a PPI",
	  { { "/platform/gic/maintenance_irq", "40" } },
	  "platform.gic.maintenance_irq",
	  "must be a PPI (16-31) (40)" },
	{ "UART unaligned",
	  { { "/platform/uart/base", "\"0x09000100\"" } },
	  "platform.uart.base",
	  "must be a multiple of 4096 (0x9000100)" },
	{ "root interrupt not an SPI",
	  { { "/platform/root_irq", "1020" } },
	  "platform.root_irq",
	  "must be an SPI (32-1019) or 0 for none (1020)" },
	/* Hypervisor memory. */
	{ "hypervisor memory unaligned",
	  { { "/hypervisor/phys_start", "\"0x80100000\"" } },
	  "hypervisor.phys_start",
	  "must be a multiple of 2 MiB (0x200000) (0x80100000)" },
	{ "hypervisor memory empty",
	  { { "/hypervisor/size", "0" } },
	  "hypervisor.size",
	  "must not be zero" },
	{ "hypervisor memory size unaligned",
	  { { "/hypervisor/size", "\"0x4100000\"" } },
	  "hypervisor.size",
	  "must be a multiple of 2 MiB (0x200000) (0x4100000)" },
	{ "hypervisor memory over the GIC distributor",
	  { { "/hypervisor/phys_start", "\"0x08000000\"" },
	    { "/hypervisor/size", "\"0x200000\"" } },
	  "platform.gic.gicd_base",
	  "overlaps the hypervisor memory (0x8000000)" },
	{ "hypervisor memory over the GIC redistributors",
	  { { "/hypervisor/phys_start", "\"0x08200000\"" },
	    { "/hypervisor/size", "\"0x200000\"" } },
	  "platform.gic.gicr_base",
	  "overlaps the hypervisor memory (0x80a0000)" },
	{ "hypervisor memory over the UART",
	  { { "/hypervisor/phys_start", "\"0x09000000\"" },
	    { "/hypervisor/size", "\"0x200000\"" } },
	  "platform.uart.base",
	  "overlaps the hypervisor memory (0x9000000)" },
	/* Interrupts. */
	{ "interrupt out of range",
	  { { "/root_cell/interrupts/-", "\"1000-1024\"" } },
	  "root_cell.interrupts[2]",
	  "interrupt 1024 is out of range (0-1023)" },
	{ "special interrupt ID",
	  { { "/root_cell/interrupts/-", "1020" } },
	  "root_cell.interrupts",
	  "interrupt IDs 1020-1023 are special and cannot be assigned (1020)" },
	{ "empty interrupt range",
	  { { "/root_cell/interrupts/-", "\"300-299\"" } },
	  "root_cell.interrupts[2]",
	  "range \"300-299\" is empty (start above end)" },
	{ "interrupt listed twice",
	  { { "/root_cell/interrupts/-", "\"20-27\"" } },
	  "root_cell.interrupts[2]",
	  "interrupt 27 is listed more than once" },
	/* JSON-level errors. */
	{ "unknown field",
	  { { "/platform/uart/baud", "115200" } },
	  "platform.uart.baud",
	  "unknown field (expected one of: base, size, type)" },
	{ "unknown top-level field",
	  { { "/cells", "[]" } },
	  "cells",
	  "unknown field (expected one of: arch, hypervisor, platform, root_cell)" },
	/* The arch tag and the console type. */
	/* the riscv64 rules read the riscv64 platform fields */
	{ "riscv64 platform, timebase 0",
	  { { "/arch", "\"riscv64\"" },
	    { "/platform",
	      "{ \"num_cpus\": 4, \"timebase_frequency\": 0, \"irqchip\": { \"type\": \"plic\", \"base\": \"0x0c000000\", \"size\": \"0x600000\", \"num_sources\": 1024, \"contexts_per_hart\": 2, \"s_context\": 1 }, \"uart\": { \"type\": \"ns16550\", \"base\": \"0x09000000\", \"size\": \"0x1000\" } }" } },
	  "platform.timebase_frequency",
	  "must be the time CSR's frequency in Hz (1 Hz to 10 GHz)" },
	{ "unknown arch",
	  { { "/arch", "\"aarch64\"" } },
	  "arch",
	  "unknown architecture \"aarch64\" (expected one of: arm64, riscv64)" },
	{ "arch not a string",
	  { { "/arch", "64" } },
	  "arch",
	  "expected a string, got number 64" },
	{ "unknown UART type",
	  { { "/platform/uart/type", "\"8250\"" } },
	  "platform.uart.type",
	  "unknown console type \"8250\" (expected one of: pl011)" },
	{ "UART type not a string",
	  { { "/platform/uart/type", "1" } },
	  "platform.uart.type",
	  "expected a string, got number 1" },
	{ "platform of another arch",
	  { { "/platform/plic", "{}" } },
	  "platform.plic",
	  "unknown field (expected one of: num_cpus, gic, uart, pci, root_irq)" },
	{ "missing field",
	  { { "/hypervisor/size", DELETE } },
	  "hypervisor.size",
	  "missing required field" },
	{ "missing object",
	  { { "/platform", DELETE } },
	  "platform",
	  "missing required field" },
	{ "wrong type for a number",
	  { { "/platform/gic/gicd_size", "[65536]" } },
	  "platform.gic.gicd_size",
	  "expected an integer or a number string, got an array" },
	{ "wrong type for an object",
	  { { "/platform/gic", "3" } },
	  "platform.gic",
	  "expected an object, got number 3" },
	{ "wrong type for the name",
	  { { "/root_cell/name", "7" } },
	  "root_cell.name",
	  "expected a string, got number 7" },
	{ "comment not a string",
	  { { "/hypervisor/comment", "true" } },
	  "hypervisor.comment",
	  "expected a string, got boolean true" },
	{ "null value",
	  { { "/hypervisor/phys_start", "null" } },
	  "hypervisor.phys_start",
	  "must not be null" },
	{ "bad number string",
	  { { "/hypervisor/phys_start", "\"0x8000_0000\"" } },
	  "hypervisor.phys_start",
	  "\"0x8000_0000\" is not a hex number" },
	{ "decimal string with garbage",
	  { { "/platform/num_cpus", "\"4 cpus\"" } },
	  "platform.num_cpus",
	  "\"4 cpus\" is not a number (expected decimal or 0x-prefixed hex)" },
	{ "number string beyond 64 bits",
	  { { "/hypervisor/size", "\"0x10000000000000000\"" } },
	  "hypervisor.size",
	  "\"0x10000000000000000\" does not fit in 64 bits" },
	{ "integer beyond 64 bits",
	  { { "/hypervisor/size", "99999999999999999999" } },
	  "hypervisor.size",
	  "is too large (write numbers above 2^64-2 as \"0x...\" strings)" },
	{ "negative number",
	  { { "/root_cell/memory_regions/0/size", "-4096" } },
	  "root_cell.memory_regions[0].size",
	  "must not be negative (-4096)" },
	{ "fractional number",
	  { { "/root_cell/memory_regions/0/size", "4096.5" } },
	  "root_cell.memory_regions[0].size",
	  "expected an integer, got number 4096.5" },
	{ "32-bit field too large",
	  { { "/platform/gic/maintenance_irq", "\"0x100000019\"" } },
	  "platform.gic.maintenance_irq",
	  "is too large (4294967321, at most 4294967295)" },
	{ "name too long",
	  { { "/root_cell/name", "\"abcdefghijklmnopqrstuvwxyz012345\"" } },
	  "root_cell.name",
	  "is too long (32 characters, at most 31)" },
	{ "name with a NUL character",
	  { { "/root_cell/name", "\"ro\\u0000ot\"" } },
	  "root_cell.name",
	  "must not contain NUL characters" },
	{ "name empty",
	  { { "/root_cell/name", "\"\"" } },
	  "root_cell.name",
	  "must not be empty" },
};

static char *base_text;

static int load_base(void **state)
{
	size_t len;

	(void)state;
	base_text = read_text(top_path(BASE), &len);
	return 0;
}

static int free_base(void **state)
{
	(void)state;
	free(base_text);
	return 0;
}

/* base.json (with "arch": "arm64") is valid. */
static void test_base_is_valid(void **state)
{
	struct config_blob blob;
	struct diag d;
	int ret;

	(void)state;
	diag_init(&d);
	ret = config_system_build(base_text, strlen(base_text), LABEL, &blob,
				  &d);
	diag_print(&d, stderr);
	assert_int_equal(ret, 0);
	assert_int_equal(d.count, 0);
	assert_int_equal(((struct hvisor_system *)blob.data)->arch,
			 HVISOR_ARCH_ARM64);
	config_blob_free(&blob);
	diag_free(&d);
}

static void test_invalid(void **state)
{
	const struct invalid_case *c = *state;
	struct json_object *root = json_tokener_parse(base_text);
	struct config_blob blob;
	const char *text;
	struct diag d;
	int i, ret;

	assert_non_null(root);
	for (i = 0; i < MAX_PATCHES && c->patches[i].pointer; i++)
		json_patch(&root, c->patches[i].pointer, c->patches[i].json);
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY);

	diag_init(&d);
	ret = config_system_build(text, strlen(text), LABEL, &blob, &d);
	if (d.count != 1) {
		diag_print(&d, stderr);
		fail_msg("%s: expected exactly one error, got %u", c->name,
			 d.count);
	}
	assert_int_equal(ret, -1);
	assert_message(d.msgs[0], LABEL, c->path, c->message);
	config_blob_free(&blob);
	diag_free(&d);
	json_object_put(root);
}

/*
 * The JSON path of every field the checker names in a system config (the
 * root cell's in "root_cell") and a cell config (cell ""): generic ones,
 * the arm64 plug-in's ("arch.arm64.*"), binary-only ones.
 */
static void test_check_paths(void **state)
{
	static const struct {
		int part;
		const char *field;
		const char *cell;
		const char *path;
	} paths[] = {
		{ HVISOR_CHECK_PART_BLOB, "magic", "root_cell",
		  "(binary) system.magic" },
		{ HVISOR_CHECK_PART_BLOB, "version", "root_cell",
		  "(binary) system.version" },
		{ HVISOR_CHECK_PART_BLOB, "size", "root_cell",
		  "(binary) system.size" },
		{ HVISOR_CHECK_PART_BLOB, "arch", "root_cell", "arch" },
		{ HVISOR_CHECK_PART_BLOB, "reserved", "root_cell",
		  "(binary) system.reserved" },
		{ HVISOR_CHECK_PART_HYPERVISOR, "hypervisor_phys", "root_cell",
		  "hypervisor.phys_start" },
		{ HVISOR_CHECK_PART_HYPERVISOR, "hypervisor_size", "root_cell",
		  "hypervisor.size" },
		{ HVISOR_CHECK_PART_PLATFORM, "num_cpus", "root_cell",
		  "platform.num_cpus" },
		{ HVISOR_CHECK_PART_PLATFORM, "root_irq", "root_cell",
		  "platform.root_irq" },
		{ HVISOR_CHECK_PART_PLATFORM, "uart.base", "root_cell",
		  "platform.uart.base" },
		{ HVISOR_CHECK_PART_PLATFORM, "uart.size", "root_cell",
		  "platform.uart.size" },
		{ HVISOR_CHECK_PART_PLATFORM, "uart.type", "root_cell",
		  "platform.uart.type" },
		{ HVISOR_CHECK_PART_PLATFORM, "uart.reserved", "root_cell",
		  "(binary) platform.uart.reserved" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gicd_base",
		  "root_cell", "platform.gic.gicd_base" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gicd_size",
		  "root_cell", "platform.gic.gicd_size" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gicr_base",
		  "root_cell", "platform.gic.gicr_base" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gicr_size",
		  "root_cell", "platform.gic.gicr_size" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.gic_version",
		  "root_cell", "platform.gic.version" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.maintenance_irq",
		  "root_cell", "platform.gic.maintenance_irq" },
		/* unknown members and arches stay binary */
		{ HVISOR_CHECK_PART_PLATFORM, "arch.arm64.its_base",
		  "root_cell", "(binary) platform.arch.arm64.its_base" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.plic_base",
		  "root_cell", "platform.irqchip.base" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.timebase_frequency",
		  "root_cell", "platform.timebase_frequency" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.riscv64.bogus", "root_cell",
		  "(binary) platform.arch.riscv64.bogus" },
		{ HVISOR_CHECK_PART_PLATFORM, "arch.", "root_cell",
		  "(binary) platform.arch." },
		/* cells: the root's arch is the system's, a cell's its own */
		{ HVISOR_CHECK_PART_CELL, "arch", "root_cell", "arch" },
		{ HVISOR_CHECK_PART_CELL, "arch", "", "arch" },
		{ HVISOR_CHECK_PART_CELL, "name", "root_cell",
		  "root_cell.name" },
		{ HVISOR_CHECK_PART_CELL, "irqs", "", "interrupts" },
		{ HVISOR_CHECK_PART_CELL, "console_type", "", "console.type" },
		{ HVISOR_CHECK_PART_CELL, "console_type", "root_cell",
		  "(binary) root_cell.console_type" },
		{ HVISOR_CHECK_PART_CELL, "console_base", "", "console.base" },
	};
	struct hvisor_check_error e;
	char path[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		memset(&e, 0, sizeof(e));
		e.part = paths[i].part;
		e.field = paths[i].field;
		e.region = -1;
		e.other_region = -1;
		e.cell = *paths[i].cell ? -1 : 0;
		e.other_cell = -1;
		config_check_path(&e, paths[i].cell, path, sizeof(path));
		if (strcmp(path, paths[i].path))
			fail_msg("%s in \"%s\": \"%s\", not \"%s\"",
				 paths[i].field, paths[i].cell, path,
				 paths[i].path);
	}
}

/* Documents that are not valid JSON, or not an object. */
static void check_file(const char *relative, const char *message)
{
	const char *path = top_path(relative);
	struct config_blob blob;
	struct diag d;

	diag_init(&d);
	assert_int_equal(config_system_load(path, &blob, &d), -1);
	assert_null(blob.data);
	assert_int_equal(d.count, 1);
	assert_message(d.msgs[0], path, NULL, message);
	diag_free(&d);
}

static void test_trailing_comma(void **state)
{
	(void)state;
	check_file("tests/unit/configs/trailing-comma.json",
		   "line 5, column 2: JSON syntax error: unexpected character");
}

static void test_two_documents(void **state)
{
	(void)state;
	check_file("tests/unit/configs/two-documents.json",
		   "line 2, column 1: JSON syntax error");
}

static void test_truncated_document(void **state)
{
	(void)state;
	check_file(
		"tests/unit/configs/truncated.json",
		"line 3, column 1: JSON syntax error: unexpected end of data");
}

static void test_empty_document(void **state)
{
	(void)state;
	check_file("tests/unit/configs/empty.json",
		   "line 1, column 1: JSON syntax error");
}

static void test_not_an_object(void **state)
{
	(void)state;
	check_file("tests/unit/configs/not-an-object.json",
		   "expected an object, got an array");
}

static void test_missing_file(void **state)
{
	(void)state;
	check_file("tests/unit/configs/no-such-file.json",
		   "cannot open: No such file or directory");
}

/* Anything above 16 MiB is not a config: refused before parsing. */
static void test_huge_file(void **state)
{
	char path[] = "/tmp/hvisor-test-huge-XXXXXX";
	struct config_blob blob;
	struct diag d;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 17 << 20), 0);
	close(fd);
	diag_init(&d);
	assert_int_equal(config_system_load(path, &blob, &d), -1);
	unlink(path);
	assert_int_equal(d.count, 1);
	assert_message(d.msgs[0], path, NULL,
		       "file is larger than 16777216 bytes");
	diag_free(&d);
}

int main(void)
{
	enum { NUM_CASES = sizeof(cases) / sizeof(cases[0]) };
	static struct CMUnitTest tests[NUM_CASES + 9];
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_base_is_valid),
		cmocka_unit_test(test_check_paths),
		cmocka_unit_test(test_trailing_comma),
		cmocka_unit_test(test_two_documents),
		cmocka_unit_test(test_truncated_document),
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_huge_file),
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		tests[n++] = fixed[i];
	for (i = 0; i < NUM_CASES; i++) {
		struct CMUnitTest t = { cases[i].name, test_invalid, NULL, NULL,
					(void *)&cases[i] };

		tests[n++] = t;
	}
	return _cmocka_run_group_tests("config_invalid", tests, n, load_base,
				       free_base);
}
