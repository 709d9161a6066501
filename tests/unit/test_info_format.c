/* The text of `hvisor info` for each EL2 state and for an enabled hypervisor. */
#include "format/info.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct hvisor_info stub_info(void)
{
	struct hvisor_info info;

	memset(&info, 0, sizeof(info));
	info.abi = HVISOR_IOCTL_ABI;
	info.el2_state = HVISOR_EL2_STUB;
	info.current_el = 1;
	info.id_aa64pfr0 = 0x1122;
	info.stub_answer = 0xbadca11;
	info.stub_vectors = 0x41234000;
	return info;
}

static char *print(const struct hvisor_info *info)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	info_print(f, info);
	fclose(f);
	return out;
}

static void has(const char *out, const char *line)
{
	if (!strstr(out, line))
		fail_msg("output lacks \"%s\":\n%s", line, out);
}

static void lacks(const char *out, const char *text)
{
	if (strstr(out, text))
		fail_msg("output has \"%s\":\n%s", text, out);
}

static void test_stub(void **state)
{
	struct hvisor_info info = stub_info();
	char *out = print(&info);

	char abi[64];

	(void)state;
	snprintf(abi, sizeof(abi), "driver ABI: %u\n", HVISOR_IOCTL_ABI);
	has(out, abi);
	has(out, "kernel EL: 1\n");
	has(out,
	    "ID_AA64PFR0_EL1: 0x0000000000001122 (EL2 field 1: EL2 in AArch64 only)\n");
	has(out,
	    "hyp stub answer: 0xbadca11 (HVC_STUB_ERR: the Linux hyp stub is there)\n");
	has(out, "hyp stub vectors: 0x41234000\n");
	has(out, "EL2: available (Linux hyp stub)\n");
	has(out, "hypervisor: disabled\n");
	lacks(out, "CPUs:");
	lacks(out, "memory pool");
	free(out);
}

static void test_el2_states(void **state)
{
	struct hvisor_info info = stub_info();
	char line[128];

	(void)state;
	info.el2_state = HVISOR_EL2_ABSENT;
	info_el2_line(&info, line, sizeof(line));
	assert_string_equal(line, "EL2: not implemented by this CPU");
	info.el2_state = HVISOR_EL2_VHE;
	info_el2_line(&info, line, sizeof(line));
	assert_string_equal(line, "EL2: in use by Linux itself (VHE kernel)");
	info.el2_state = HVISOR_EL2_FOREIGN;
	info.stub_answer = 0x5a5a;
	info_el2_line(&info, line, sizeof(line));
	assert_string_equal(
		line, "EL2: held by another hypervisor (stub answered 0x5a5a)");
	info.el2_state = HVISOR_EL2_HVISOR;
	info_el2_line(&info, line, sizeof(line));
	assert_string_equal(line, "EL2: held by hvisor");
	info.el2_state = 99;
	info_el2_line(&info, line, sizeof(line));
	assert_string_equal(
		line, "EL2: unknown state 99 (driver newer than this tool?)");
}

static void test_no_el2(void **state)
{
	struct hvisor_info info = stub_info();
	char *out;

	(void)state;
	info.el2_state = HVISOR_EL2_ABSENT;
	info.id_aa64pfr0 = 0x0011;
	info.stub_answer = 0;
	info.stub_vectors = 0;
	out = print(&info);
	has(out, "(EL2 field 0: EL2 not implemented)\n");
	has(out, "hyp stub answer: 0x0\n");
	has(out, "hyp stub vectors: unknown\n");
	has(out, "EL2: not implemented by this CPU\n");
	free(out);
}

static void test_enabled(void **state)
{
	struct hvisor_info info = stub_info();
	char *out;

	(void)state;
	info.el2_state = HVISOR_EL2_HVISOR;
	info.enabled = 1;
	info.hv_version = 1;
	info.num_cpus = 4;
	info.num_cells = 1;
	info.mem_pool_pages = 15000;
	info.mem_pool_used = 321;
	out = print(&info);
	has(out, "EL2: held by hvisor\n");
	has(out, "hypervisor: enabled\n");
	has(out, "hypervisor version: 1\n");
	has(out, "CPUs: 4\n");
	has(out, "cells: 1\n");
	has(out, "memory pool: 321/15000 pages used\n");
	free(out);
}

static void test_abi_mismatch(void **state)
{
	struct hvisor_info info = stub_info();
	char line[128];
	char *out;

	(void)state;
	info.abi = HVISOR_IOCTL_ABI + 1;
	out = print(&info);
	snprintf(
		line, sizeof(line),
		"driver ABI: %u (this tool speaks %u: rebuild the tool or the driver)\n",
		HVISOR_IOCTL_ABI + 1, HVISOR_IOCTL_ABI);
	has(out, line);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stub),
		cmocka_unit_test(test_el2_states),
		cmocka_unit_test(test_no_el2),
		cmocka_unit_test(test_enabled),
		cmocka_unit_test(test_abi_mismatch),
	};

	return cmocka_run_group_tests_name("info_format", tests, NULL, NULL);
}
