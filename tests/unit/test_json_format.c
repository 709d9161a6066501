/* The --json documents of hvisor info, cell list and cell stats: they parse back as JSON and hold the documented fields (docs/json.md). */
#include "format/json.h"

#include <hvisor/config.h>
#include <hvisor/hypercall.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Prints o with json_print and parses the text back. */
static struct json_object *round_trip(struct json_object *o)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct json_tokener *tok = json_tokener_new();
	struct json_object *back;

	assert_non_null(f);
	json_print(f, o);
	fclose(f);
	back = json_tokener_parse_ex(tok, out, (int)len);
	if (!back || json_tokener_get_error(tok) != json_tokener_success)
		fail_msg("not JSON:\n%s", out);
	/* one document, then only its newline */
	assert_true(len > 0 && out[len - 1] == '\n');
	assert_int_equal(strspn(out + json_tokener_get_parse_end(tok), "\n"),
			 len - json_tokener_get_parse_end(tok));
	json_tokener_free(tok);
	free(out);
	return back;
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no field %s in %s", key,
			 json_object_to_json_string(o));
	return v;
}

static void test_info(void **state)
{
	struct hvisor_info info;
	struct json_object *o;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.abi = HVISOR_IOCTL_ABI;
	info.arch = HVISOR_ARCH_ARM64;
	info.hyp_state = HVISOR_HYP_FREE;
	o = round_trip(info_json(&info));
	assert_false(json_object_get_boolean(get(o, "enabled")));
	assert_true(json_object_get_boolean(get(o, "abi_matches")));
	assert_string_equal(json_object_get_string(get(o, "arch")), "arm64");
	assert_string_equal(json_object_get_string(get(o, "hyp_state")),
			    "free");
	assert_false(json_object_object_get_ex(o, "num_cells", NULL));
	json_object_put(o);

	info.enabled = 1;
	info.hyp_state = HVISOR_HYP_HVISOR;
	info.num_cpus = 4;
	info.num_cells = 2;
	info.mem_pool_pages = 16261;
	info.mem_pool_used = 23;
	info.abi = HVISOR_IOCTL_ABI + 1;
	o = round_trip(info_json(&info));
	assert_true(json_object_get_boolean(get(o, "enabled")));
	assert_false(json_object_get_boolean(get(o, "abi_matches")));
	assert_string_equal(json_object_get_string(get(o, "hyp_state")),
			    "hvisor");
	assert_int_equal(json_object_get_int(get(o, "num_cpus")), 4);
	assert_int_equal(json_object_get_int(get(o, "num_cells")), 2);
	assert_int_equal(json_object_get_int64(get(o, "mem_pool_pages")),
			 16261);
	assert_int_equal(json_object_get_int64(get(o, "mem_pool_used")), 23);
	json_object_put(o);
}

static void test_cell_list(void **state)
{
	struct hvisor_cell_info cells[2];
	struct json_object *o, *a, *c, *fault;

	(void)state;
	memset(cells, 0, sizeof(cells));
	cells[0].id = 1;
	cells[0].state = HVISOR_CELL_RUNNING;
	strcpy(cells[0].name, "a \"quoted\" name");
	cells[0].cpus = 0xc;
	cells[1].id = 2;
	cells[1].state = HVISOR_CELL_FAILED;
	memcpy(cells[1].name, "exactly-thirty-two-characters-xx",
	       32); /* no NUL */
	cells[1].cpus = 1u << 1;
	cells[1].fault_cpu = 1;
	cells[1].fault_pc = 0x90001234;
	cells[1].fault_gpa = 0x40000000;
	cells[1].fault_width = 4;
	cells[1].fault_write = 1;
	strcpy(cells[1].fault_reason, "unhandled data write");
	o = round_trip(cell_list_json(cells, 2, HVISOR_ARCH_ARM64));
	a = get(o, "cells");
	assert_int_equal(json_object_array_length(a), 2);
	c = json_object_array_get_idx(a, 0);
	assert_int_equal(json_object_get_int(get(c, "id")), 1);
	assert_string_equal(json_object_get_string(get(c, "name")),
			    "a \"quoted\" name");
	assert_string_equal(json_object_get_string(get(c, "state")), "running");
	assert_string_equal(json_object_to_json_string(get(c, "cpus")),
			    "[ 2, 3 ]");
	assert_string_equal(json_object_get_string(get(c, "cpus_text")), "2-3");
	assert_null(get(c, "fault"));
	c = json_object_array_get_idx(a, 1);
	assert_string_equal(json_object_get_string(get(c, "name")),
			    "exactly-thirty-two-characters-xx");
	assert_string_equal(json_object_get_string(get(c, "state")), "failed");
	fault = get(c, "fault");
	assert_non_null(fault);
	assert_string_equal(json_object_get_string(get(fault, "reason")),
			    "unhandled data write");
	assert_int_equal(json_object_get_int64(get(fault, "pc")), 0x90001234);
	assert_int_equal(json_object_get_int64(get(fault, "gpa")), 0x40000000);
	assert_int_equal(json_object_get_int(get(fault, "width")), 4);
	assert_true(json_object_get_boolean(get(fault, "write")));
	assert_non_null(strstr(json_object_get_string(get(fault, "text")),
			       "4-byte write"));
	json_object_put(o);
	o = round_trip(cell_list_json(cells, 0, HVISOR_ARCH_ARM64));
	assert_int_equal(json_object_array_length(get(o, "cells")), 0);
	json_object_put(o);
}

static void test_cell_stats(void **state)
{
	static const char *const reasons[HVISOR_NUM_EXITS] = HVISOR_EXIT_NAMES;
	struct hvisor_cell_info info;
	struct json_object *o, *v, *e;
	unsigned int r;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.id = 3;
	strcpy(info.name, "linux");
	info.cpus = 0x6;
	info.num_vcpus = 2;
	info.exits[1][HVISOR_EXIT_MMIO] = 77;
	info.doorbells = 5;
	info.console_seq = 1234;
	o = round_trip(cell_stats_json(&info));
	assert_int_equal(json_object_get_int(get(o, "num_vcpus")), 2);
	v = get(o, "vcpus");
	assert_int_equal(json_object_array_length(v), 2);
	assert_int_equal(json_object_get_int(
				 get(json_object_array_get_idx(v, 0), "cpu")),
			 1);
	e = get(json_object_array_get_idx(v, 1), "exits");
	assert_int_equal(json_object_get_int(
				 get(json_object_array_get_idx(v, 1), "cpu")),
			 2);
	for (r = 0; r < HVISOR_NUM_EXITS; r++)
		assert_int_equal(json_object_get_int64(get(e, reasons[r])),
				 r == HVISOR_EXIT_MMIO ? 77 : 0);
	assert_int_equal(json_object_get_int64(get(o, "doorbells")), 5);
	assert_int_equal(json_object_get_int64(get(o, "console_bytes")), 1234);
	json_object_put(o);
}

static void test_json_flag(void **state)
{
	char a0[] = "list", a1[] = "--json", a2[] = "x";
	char *argv[] = { a0, a1, a2, NULL };
	int argc = 3;

	(void)state;
	assert_true(json_flag(&argc, argv));
	assert_int_equal(argc, 2);
	assert_string_equal(argv[1], "x");
	assert_null(argv[2]);
	assert_false(json_flag(&argc, argv));
	assert_int_equal(argc, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_cell_list),
		cmocka_unit_test(test_cell_stats),
		cmocka_unit_test(test_json_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
