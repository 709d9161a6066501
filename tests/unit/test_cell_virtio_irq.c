/* "irq" of virtio regions in cell configs: kept in the region's flags, refused (by the shared checker) where it clashes. */
#include "config/from_json.h"
#include "config/load.h"
#include "test_util.h"

#include <hvisor/config.h>
#include <hvisor/virtio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* linux.json without its virtio regions */
#define LINUX_JSON "tests/unit/configs/linux-novirtio.json"
#define FILE_LABEL "linux.json"
#define VIRTIO(addr, irq)                                        \
	"{ \"type\": \"virtio\", \"virt_start\": \"" addr "\", " \
	"\"size\": \"0x1000\", \"irq\": " irq " }"

/*
 * linux.json with the patches (pointer, JSON, ... NULL), converted to
 * binary and checked as `hvisor config check` does without a system config
 * (the JSON-level checks, then the shared checker). Returns the blob (free
 * it) or NULL with the messages in d.
 */
static struct hvisor_cell_desc *convert(const char *const *patches,
					struct diag *d)
{
	struct json_object *json;
	struct config_blob blob;
	const char *patched;
	size_t len;
	char *text = read_text(top_path(LINUX_JSON), &len);
	void *data;
	int ret;

	json = json_tokener_parse(text);
	assert_non_null(json);
	for (; patches[0]; patches += 2)
		json_patch(&json, patches[0], patches[1]);
	patched = json_object_to_json_string(json);
	diag_init(d);
	ret = config_cell_build(patched, strlen(patched), FILE_LABEL, NULL,
				NULL, &blob, d);
	json_object_put(json);
	free(text);
	data = ret ? NULL : blob.data;
	if (ret)
		config_blob_free(&blob);
	return data;
}

static void test_irq_in_flags(void **state)
{
	static const char *const patches[] = {
		"/memory_regions/-",
		VIRTIO("0x0a000000", "48"),
		"/memory_regions/-",
		VIRTIO("0x0a001000", "\"0x3fb\""),
		"/memory_regions/-",
		"{ \"type\": \"virtio\", \"virt_start\": \"0x0a002000\", "
		"\"size\": \"0x1000\" }",
		NULL,
	};
	const struct hvisor_mem_region *r;
	struct hvisor_cell_desc *cell;
	struct diag d;

	(void)state;
	cell = convert(patches, &d);
	diag_print(&d, stderr);
	assert_non_null(cell);
	assert_int_equal(d.count, 0);
	r = hvisor_cell_regions(cell);
	assert_int_equal(cell->num_mem_regions, 4);
	assert_int_equal(r[1].type, HVISOR_MEM_TYPE_VIRTIO);
	assert_int_equal(r[1].flags, 48u << HVISOR_MEM_VIRTIO_IRQ_SHIFT);
	assert_int_equal(HVISOR_MEM_VIRTIO_IRQ(r[1].flags), 48);
	assert_int_equal(HVISOR_MEM_VIRTIO_IRQ(r[2].flags), 1019);
	/* no irq: 0 (the DTB generator refuses such a region for Linux) */
	assert_int_equal(r[3].flags, 0);
	diag_free(&d);
	free(cell);
}

struct bad_case {
	const char *name;
	const char *patches[7];
	const char *path; /* of the only error */
	const char *message; /* its start, "" to check only the path */
};

static const struct bad_case bad_cases[] = {
	{ "the console's interrupt",
	  { "/memory_regions/-", VIRTIO("0x0a000000", "33"), NULL },
	  "memory_regions[1].irq",
	  "virtio interrupt is also console_irq: a virtio interrupt needs its own ID (33)" },
	{ "the doorbell interrupt",
	  { "/doorbell_irq", "40", "/memory_regions/-",
	    VIRTIO("0x0a000000", "40"), NULL },
	  "memory_regions[1].irq",
	  "virtio interrupt is also doorbell_irq: a virtio interrupt needs its own ID (40)" },
	{ "a physical interrupt of the cell",
	  { "/interrupts", "[ \"50-60\" ]", "/memory_regions/-",
	    VIRTIO("0x0a000000", "55"), NULL },
	  "memory_regions[1].irq",
	  "virtio interrupt is one of the cell's physical interrupts: a virtio interrupt needs its own ID (55)" },
	{ "two regions, one interrupt",
	  { "/memory_regions/-", VIRTIO("0x0a000000", "48"),
	    "/memory_regions/-", VIRTIO("0x0a001000", "48"), NULL },
	  "memory_regions[2].irq",
	  "virtio interrupt is also the interrupt of" },
	{ "a PPI",
	  { "/memory_regions/-", VIRTIO("0x0a000000", "27"), NULL },
	  "memory_regions[1].irq",
	  "" },
	{ "beyond the SPIs",
	  { "/memory_regions/-", VIRTIO("0x0a000000", "1020"), NULL },
	  "memory_regions[1].irq",
	  "" },
	{ "irq on a ram region",
	  { "/memory_regions/0/irq", "48", NULL },
	  "memory_regions[0].irq",
	  "unknown field" },
};

static void test_bad(void **state)
{
	struct hvisor_cell_desc *cell;
	struct diag d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];

		cell = convert(c->patches, &d);
		if (cell || d.count != 1) {
			diag_print(&d, stderr);
			fail_msg("%s: expected one error, got %u", c->name,
				 d.count);
		}
		assert_message(d.msgs[0], FILE_LABEL, c->path, c->message);
		diag_free(&d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_irq_in_flags),
		cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests_name("cell_virtio_irq", tests, NULL,
					   NULL);
}
