/* Invalid cell configs, alone and beside a second cell: each refused with its JSON path and reason. */
#include "config/load.h"
#include "test_util.h"

#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define SYSTEM "tests/unit/configs/base.json"
#define CELL_A "tests/unit/configs/cell-a.json"
#define CELL_B "tests/unit/configs/cell-b.json"
#define LABEL_SYSTEM "base.json"
#define LABEL_A "cell-a.json"
#define LABEL_B "cell-b.json"
#define MAX_PATCHES 3

struct patch {
	const char *pointer;
	const char *json; /* JSON text of the new value, or JSON_DELETE */
};

/* Cell A and cell B, patched, checked against base.json and together. */
struct cell_case {
	const char *name;
	struct patch a[MAX_PATCHES];
	struct patch b[MAX_PATCHES];
	const char *file; /* the config the (only) error is in */
	const char *path; /* JSON path it must name */
	const char *message; /* what must follow the path */
};

static const struct cell_case cases[] = {
	/* Memory. */
	{ "two regions overlapping",
	  { { "/memory_regions/1/phys_start", "\"0x900ff000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[1]",
	  "physical range overlaps memory_regions[0] (0x90000000)" },
	{ "two regions overlapping guest-physically",
	  { { "/memory_regions/1/virt_start", "\"0x90000000\"" },
	    { "/mailbox", "\"0x90000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[1]",
	  "guest-physical range overlaps memory_regions[0] (0x90000000)" },
	{ "region overlapping hypervisor memory",
	  { { "/memory_regions/0/phys_start", "\"0x83f00000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[0]",
	  "physical range overlaps the hypervisor memory (0x80000000)" },
	{ "memory outside the root's",
	  { { "/memory_regions/0/phys_start", "\"0xc0000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[0]",
	  "physical range is not inside a root cell region of the same type (0xc0000000)" },
	{ "ram region inside a root io region",
	  { { "/memory_regions/1/phys_start", "\"0x09000000\"" },
	    { "/memory_regions/1/virt_start", "\"0x90100000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[1]",
	  "physical range is not inside a root cell region of the same type (0x9000000)" },
	{ "region size unaligned",
	  { { "/memory_regions/0/size", "\"0x100800\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[0].size",
	  "must be a multiple of 4096 (0x100800)" },
	{ "region start unaligned",
	  { { "/memory_regions/0/phys_start", "\"0x90000200\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[0].phys_start",
	  "must be a multiple of 4096 (0x90000200)" },
	{ "region empty",
	  { { "/memory_regions/1/size", "0" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[1].size",
	  "must not be zero" },
	{ "dma region not identity-mapped",
	  { { "/memory_regions/0/flags/-", "\"dma\"" },
	    { "/memory_regions/0/virt_start", "\"0x10000000\"" },
	    { "/entry", "\"0x10000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[0].virt_start",
	  "a dma region must be identity-mapped (virt_start == phys_start) (0x10000000)" },
	{ "no ram region",
	  { { "/memory_regions", "[{ \"type\": \"testdev\","
				 " \"virt_start\": \"0xb000000\","
				 " \"size\": \"0x1000\" }]" },
	    { "/mailbox", JSON_DELETE } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions",
	  "needs at least one region of type ram" },
	{ "memory of two cells overlapping",
	  { { NULL, NULL } },
	  { { "/memory_regions/0/phys_start", "\"0x900ff000\"" } },
	  LABEL_B,
	  "memory_regions[0]",
	  "physical range is not rootshared in both cells but overlaps memory_regions[0] of cell-a.json (0x90000000)" },
	{ "memory shared, rootshared on one side only",
	  { { NULL, NULL } },
	  { { "/memory_regions/1/phys_start", "\"0x900ff000\"" } },
	  LABEL_B,
	  "memory_regions[1]",
	  "physical range is not rootshared in both cells but overlaps memory_regions[0] of cell-a.json (0x90000000)" },
	/* Emulated regions. */
	{ "testdev overlapping ram",
	  { { "/memory_regions/2/virt_start", "\"0x90000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[2]",
	  "guest-physical range overlaps memory_regions[0] (0x90000000)" },
	{ "testdev over the GIC distributor",
	  { { "/memory_regions/2/virt_start", "\"0x08000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[2]",
	  "guest-physical range overlaps the GIC distributor (emulated by the hypervisor) (0x8000000)" },
	{ "virtio over the GIC redistributors",
	  { { NULL, NULL } },
	  { { "/memory_regions/2/virt_start", "\"0x08100000\"" } },
	  LABEL_B,
	  "memory_regions[2]",
	  "guest-physical range overlaps the GIC redistributors (emulated by the hypervisor) (0x80a0000)" },
	{ "testdev with a physical address",
	  { { "/memory_regions/2/phys_start", "\"0x0b000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[2].phys_start",
	  "not allowed in regions of type testdev (they have no physical memory)" },
	{ "testdev with flags",
	  { { "/memory_regions/2/flags", "[\"read\"]" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[2].flags",
	  "regions of type testdev take no flags (leave it out or write [])" },
	{ "testdev without guest address",
	  { { "/memory_regions/2/virt_start", JSON_DELETE } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[2].virt_start",
	  "missing required field" },
	{ "unknown region type",
	  { { "/memory_regions/2/type", "\"device\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "memory_regions[2].type",
	  "unknown region type \"device\" (expected one of: ram, io, virtio, testdev)" },
	/* CPUs. */
	{ "CPU that does not exist",
	  { { "/cpus", "[4]" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "cpus",
	  "names a CPU at or above platform.num_cpus (4)" },
	{ "the root's last CPU",
	  { { "/cpus", "[\"0-3\"]" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "cpus",
	  "takes every CPU of the root cell, which must keep at least one" },
	{ "the root's last CPU, taken by two cells",
	  { { NULL, NULL } },
	  { { "/cpus", "[\"0-2\"]" } },
	  LABEL_B,
	  "cpus",
	  "with the cells before it, takes every CPU of the root cell, which must keep at least one" },
	{ "CPU shared by two cells",
	  { { NULL, NULL } },
	  { { "/cpus", "[1, 3]" } },
	  LABEL_B,
	  "cpus",
	  "CPU already belongs to the cell of cell-a.json (3)" },
	{ "no CPUs",
	  { { "/cpus", "[]" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "cpus",
	  "must name at least one CPU" },
	/* Interrupts. */
	{ "interrupt owned by two cells",
	  { { NULL, NULL } },
	  { { "/interrupts/-", "40" } },
	  LABEL_B,
	  "interrupts",
	  "interrupt already belongs to the cell of cell-a.json (40)" },
	{ "interrupt not the root's",
	  { { "/interrupts/-", "300" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "interrupts",
	  "interrupt is not one of the root cell's interrupts (300)" },
	{ "interrupt not an SPI",
	  { { "/interrupts/-", "27" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "interrupts",
	  "only SPIs (32-1019) can be passed through to a cell (27)" },
	/* Entry. */
	{ "entry outside RAM",
	  { { "/entry", "\"0x80000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "entry",
	  "is not inside a ram region with the execute flag (0x80000000)" },
	{ "entry in RAM without execute",
	  { { "/entry", "\"0x90100000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "entry",
	  "is not inside a ram region with the execute flag (0x90100000)" },
	{ "entry unaligned",
	  { { "/entry", "\"0x90000002\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "entry",
	  "must be a multiple of 4 (0x90000002)" },
	{ "entry missing",
	  { { "/entry", JSON_DELETE } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "entry",
	  "missing required field" },
	/* Console, doorbell, mailbox. */
	{ "console interrupt is a physical one of the cell",
	  { { "/console/irq", "40" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.irq",
	  "is one of the cell's physical interrupts: a virtual interrupt needs its own ID (40)" },
	{ "console interrupt not an SPI",
	  { { "/console/irq", "20" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.irq",
	  "must be an SPI (32-1019) (20)" },
	{ "console page unaligned",
	  { { "/console/base", "\"0x09000800\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.base",
	  "must be a multiple of 4096 (0x9000800)" },
	{ "console page over RAM",
	  { { "/console/base", "\"0x90000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.base",
	  "console page overlaps the guest-physical range of memory_regions[0] (0x90000000)" },
	{ "console page over the GIC",
	  { { "/console/base", "\"0x08000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.base",
	  "console page overlaps the GIC distributor (emulated by the hypervisor) (0x8000000)" },
	{ "console base zero",
	  { { "/console/base", "0" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.base",
	  "must not be 0 (leave \"console\" out for no console)" },
	{ "console without its interrupt",
	  { { "/console/irq", JSON_DELETE } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.irq",
	  "missing required field" },
	{ "doorbell interrupt equal to the console's",
	  { { "/doorbell_irq", "33" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "doorbell_irq",
	  "must differ from the console interrupt (33)" },
	{ "doorbell interrupt a physical one",
	  { { "/doorbell_irq", "40" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "doorbell_irq",
	  "is one of the cell's physical interrupts: a virtual interrupt needs its own ID (40)" },
	{ "doorbell interrupt special",
	  { { "/doorbell_irq", "1020" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "doorbell_irq",
	  "must be an SPI (32-1019) or 0 for none (1020)" },
	{ "mailbox outside rootshared RAM",
	  { { "/mailbox", "\"0x90000000\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "mailbox",
	  "must be inside a ram region with the rootshared flag (0x90000000)" },
	{ "mailbox unaligned",
	  { { "/mailbox", "\"0x90100010\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "mailbox",
	  "must be a multiple of 4096 (0x90100010)" },
	/* Names and JSON-level errors. */
	{ "name too long",
	  { { "/name", "\"abcdefghijklmnopqrstuvwxyz012345\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "name",
	  "is too long (32 characters, at most 31)" },
	{ "name empty",
	  { { "/name", "\"\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "name",
	  "must not be empty" },
	{ "two cells with one name",
	  { { NULL, NULL } },
	  { { "/name", "\"a\"" } },
	  LABEL_B,
	  "name",
	  "is already the name of the cell of cell-a.json" },
	{ "unknown field",
	  { { "/vcpus", "2" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "vcpus",
	  "unknown field (expected one of: arch, name, cpus, entry, memory_regions, interrupts, console, doorbell_irq, mailbox, fault_policy, pmu, pci_devices, pci_ecam_base)" },
	{ "unknown console field",
	  { { "/console/baud", "115200" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.baud",
	  "unknown field (expected one of: base, irq, type)" },
	/* The arch tag and the console type. */
	{ "a riscv64 cell for an arm64 system",
	  { { "/arch", "\"riscv64\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "arch",
	  "\"riscv64\" does not match the system config's arch \"arm64\"" },
	{ "unknown arch",
	  { { NULL, NULL } },
	  { { "/arch", "\"arm\"" } },
	  LABEL_B,
	  "arch",
	  "unknown architecture \"arm\" (expected one of: arm64, riscv64)" },
	{ "unknown console type",
	  { { "/console/type", "\"8250\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.type",
	  "unknown console type \"8250\" (expected one of: pl011)" },
	{ "console type none",
	  { { "/console/type", "\"none\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console.type",
	  "unknown console type \"none\" (expected one of: pl011)" },
	{ "wrong type for the console",
	  { { "/console", "\"pl011\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "console",
	  "expected an object, got string \"pl011\"" },
	{ "wrong type for the entry",
	  { { "/entry", "[1]" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "entry",
	  "expected an integer or a number string, got an array" },
	{ "unknown fault policy",
	  { { "/fault_policy", "\"halt\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "fault_policy",
	  "unknown fault policy \"halt\" (expected one of: abort, stop)" },
	{ "pmu not a boolean",
	  { { "/pmu", "\"yes\"" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "pmu",
	  "expected true or false, got string \"yes\"" },
	{ "mailbox zero",
	  { { "/mailbox", "0" } },
	  { { NULL, NULL } },
	  LABEL_A,
	  "mailbox",
	  "must not be 0 (leave it out for no mailbox)" },
};

static char *system_text, *a_text, *b_text;
static struct config_blob system_blob;

static int setup(void **state)
{
	struct diag d;
	size_t len;

	(void)state;
	system_text = read_text(top_path(SYSTEM), &len);
	a_text = read_text(top_path(CELL_A), &len);
	b_text = read_text(top_path(CELL_B), &len);
	diag_init(&d);
	if (config_system_build(system_text, strlen(system_text), LABEL_SYSTEM,
				&system_blob, &d)) {
		diag_print(&d, stderr);
		return -1;
	}
	diag_free(&d);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	config_blob_free(&system_blob);
	free(system_text);
	free(a_text);
	free(b_text);
	return 0;
}

/* Base text with patches applied, as a new string (free it). */
static char *patched(const char *base, const struct patch *patches)
{
	struct json_object *root = json_tokener_parse(base);
	char *text;
	int i;

	assert_non_null(root);
	for (i = 0; i < MAX_PATCHES && patches[i].pointer; i++)
		json_patch(&root, patches[i].pointer, patches[i].json);
	text = strdup(
		json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY));
	assert_non_null(text);
	json_object_put(root);
	return text;
}

/*
 * Builds cells A and B from the texts, each against base.json, then checks
 * the valid ones together; every message lands in d.
 */
static void check_pair(const char *a, const char *b, struct diag *d)
{
	static const char *const labels[2] = { LABEL_A, LABEL_B };
	const char *texts[2] = { a, b };
	struct config_blob blobs[2], ok[2];
	const char *ok_labels[2];
	bool failed[2];
	unsigned int i, n = 0;

	for (i = 0; i < 2; i++) {
		if (config_cell_build(texts[i], strlen(texts[i]), labels[i],
				      &system_blob, LABEL_SYSTEM, &blobs[i], d))
			continue;
		ok[n] = blobs[i];
		ok_labels[n++] = labels[i];
	}
	config_cells_check(&system_blob, LABEL_SYSTEM, ok, ok_labels, n, failed,
			   d);
	for (i = 0; i < 2; i++)
		config_blob_free(&blobs[i]);
}

static void test_bases_are_valid(void **state)
{
	struct diag d;

	(void)state;
	diag_init(&d);
	check_pair(a_text, b_text, &d);
	diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	diag_free(&d);
}

/* Memory two cells may share: rootshared in both. */
static void test_rootshared_sharing(void **state)
{
	static const struct patch share[MAX_PATCHES] = {
		{ "/memory_regions/1/phys_start", "\"0x90100000\"" },
	};
	char *b = patched(b_text, share);
	struct diag d;

	(void)state;
	diag_init(&d);
	check_pair(a_text, b, &d);
	diag_print(&d, stderr);
	assert_int_equal(d.count, 0);
	diag_free(&d);
	free(b);
}

static void test_invalid(void **state)
{
	const struct cell_case *c = *state;
	char *a = patched(a_text, c->a);
	char *b = patched(b_text, c->b);
	struct diag d;

	diag_init(&d);
	check_pair(a, b, &d);
	if (d.count != 1) {
		diag_print(&d, stderr);
		fail_msg("%s: expected exactly one error, got %u", c->name,
			 d.count);
	}
	assert_message(d.msgs[0], c->file, c->path, c->message);
	/* The message ends there: no value nor region left unchecked. */
	assert_int_equal(strlen(d.msgs[0]), strlen(c->file) + 2 +
						    strlen(c->path) + 2 +
						    strlen(c->message));
	diag_free(&d);
	free(a);
	free(b);
}

int main(void)
{
	enum { NUM_CASES = sizeof(cases) / sizeof(cases[0]) };
	static struct CMUnitTest tests[NUM_CASES + 2];
	size_t i, n = 0;

	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_bases_are_valid);
	tests[n++] =
		(struct CMUnitTest)cmocka_unit_test(test_rootshared_sharing);
	for (i = 0; i < NUM_CASES; i++) {
		struct CMUnitTest t = { cases[i].name, test_invalid, NULL, NULL,
					(void *)&cases[i] };

		tests[n++] = t;
	}
	return _cmocka_run_group_tests("cell_invalid", tests, n, setup,
				       teardown);
}
