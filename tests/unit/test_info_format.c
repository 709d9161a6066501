/* The text of `hvisor info` for each hyp_state, the arm64 and riscv64 arch_info lines, an unknown arch, an enabled hypervisor. */
#include "format/info.h"

#include <arch/arm64/asm/hvisor_call.h>
#include <arch/riscv64/asm/hvisor_call.h>
#include <hvisor/config.h>
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
	info.arch = HVISOR_ARCH_ARM64;
	info.hyp_state = HVISOR_HYP_FREE;
	info.arch_info[HVISOR_ARM64_INFO_CURRENT_EL] = 1;
	info.arch_info[HVISOR_ARM64_INFO_PFR0] = 0x1122;
	info.arch_info[HVISOR_ARM64_INFO_STUB_ANSWER] = 0xbadca11;
	info.arch_info[HVISOR_ARM64_INFO_STUB_VECTORS] = 0x41234000;
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
	char want[512];

	(void)state;
	/* the whole text, in this order */
	snprintf(
		want, sizeof(want),
		"driver ABI: %u\n"
		"arch: arm64\n"
		"kernel EL: 1\n"
		"ID_AA64PFR0_EL1: 0x0000000000001122 (EL2 field 1: EL2 in AArch64 only)\n"
		"hyp stub answer: 0xbadca11 (HVC_STUB_ERR: the Linux hyp stub is there)\n"
		"hyp stub vectors: 0x41234000\n"
		"EL2: available (Linux hyp stub)\n"
		"hypervisor: disabled\n",
		HVISOR_IOCTL_ABI);
	assert_string_equal(out, want);
	free(out);
}

/* The hyp_state line for each state: in arm64's words, and generic ones. */
static const struct {
	uint32_t hyp_state;
	const char *arm64, *generic;
} hyp_lines[] = {
	{ HVISOR_HYP_FREE, "EL2: available (Linux hyp stub)",
	  "hypervisor mode: available (the kernel hands it over)" },
	{ HVISOR_HYP_ABSENT, "EL2: not implemented by this CPU",
	  "hypervisor mode: not implemented by this CPU" },
	{ HVISOR_HYP_HOST, "EL2: in use by Linux itself (VHE kernel)",
	  "hypervisor mode: in use by Linux itself (the kernel runs in it)" },
	{ HVISOR_HYP_FOREIGN,
	  "EL2: held by another hypervisor (stub answered 0x5a5a)",
	  "hypervisor mode: held by another hypervisor" },
	{ HVISOR_HYP_HVISOR, "EL2: held by hvisor",
	  "hypervisor mode: held by hvisor" },
	{ 99, "EL2: unknown state 99 (driver newer than this tool?)",
	  "hypervisor mode: unknown state 99 (driver newer than this tool?)" },
};

/* info_hyp_line() gives want, and `hvisor info` prints it as a line. */
static void assert_hyp_line(const struct hvisor_info *info, const char *want)
{
	char line[128];
	char *out;

	info_hyp_line(info, line, sizeof(line));
	assert_string_equal(line, want);
	out = print(info);
	snprintf(line, sizeof(line), "\n%s\n", want);
	has(out, line);
	free(out);
}

/* Every HVISOR_HYP_* state on arm64, and on an arch this build does not know. */
static void test_hyp_states(void **state)
{
	struct hvisor_info info = stub_info();
	size_t i;

	(void)state;
	info.arch_info[HVISOR_ARM64_INFO_STUB_ANSWER] = 0x5a5a;
	for (i = 0; i < sizeof(hyp_lines) / sizeof(hyp_lines[0]); i++) {
		info.hyp_state = hyp_lines[i].hyp_state;
		info.arch = HVISOR_ARCH_ARM64;
		assert_hyp_line(&info, hyp_lines[i].arm64);
		info.arch = 77;
		assert_hyp_line(&info, hyp_lines[i].generic);
	}
}

/* An arch this build has no plug-in for: its name unknown, raw arch_info. */
static void test_unknown_arch(void **state)
{
	struct hvisor_info info = stub_info();
	char *out;

	(void)state;
	info.arch = 77;
	out = print(&info);
	has(out, "\narch: unknown (77)\n");
	has(out, "\narch info: 0x1 0x1122 0xbadca11 0x41234000\n");
	lacks(out, "EL2");
	lacks(out, "stub");
	free(out);
}

static void test_no_el2(void **state)
{
	struct hvisor_info info = stub_info();
	char *out;

	(void)state;
	info.hyp_state = HVISOR_HYP_ABSENT;
	info.arch_info[HVISOR_ARM64_INFO_PFR0] = 0x0011;
	info.arch_info[HVISOR_ARM64_INFO_STUB_ANSWER] = 0;
	info.arch_info[HVISOR_ARM64_INFO_STUB_VECTORS] = 0;
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
	info.hyp_state = HVISOR_HYP_HVISOR;
	info.enabled = 1;
	info.hv_version = 2;
	info.num_cpus = 4;
	info.num_cells = 1;
	info.mem_pool_pages = 15000;
	info.mem_pool_used = 321;
	out = print(&info);
	has(out, "EL2: held by hvisor\n");
	has(out, "hypervisor: enabled\n");
	has(out, "hypervisor version: 2\n");
	has(out, "CPUs: 4\n");
	has(out, "cells: 1\n");
	has(out, "memory pool: 321/15000 pages used\n");
	lacks(out, "disabled");
	free(out);
}

/* riscv64 as the driver finds QEMU 7.2 rv64,h=true,sstc=true with OpenSBI 1.1. */
static struct hvisor_info riscv64_info(void)
{
	struct hvisor_info info;

	memset(&info, 0, sizeof(info));
	info.abi = HVISOR_IOCTL_ABI;
	info.arch = HVISOR_ARCH_RISCV64;
	info.hyp_state = HVISOR_HYP_FREE;
	info.arch_info[HVISOR_RISCV64_INFO_ISA] = 0x11ad; /* a c d f h i m */
	info.arch_info[HVISOR_RISCV64_INFO_EXT] = HVISOR_RISCV64_EXT_SSTC;
	info.arch_info[HVISOR_RISCV64_INFO_SBI] = (1ULL << 56) | 1;
	info.arch_info[HVISOR_RISCV64_INFO_PROBE] = 0x10001ULL << 32;
	return info;
}

static void test_riscv64(void **state)
{
	struct hvisor_info info = riscv64_info();
	char *out = print(&info);
	char want[512];

	(void)state;
	snprintf(want, sizeof(want),
		 "driver ABI: %u\n"
		 "arch: riscv64\n"
		 "ISA: rv64imafdch_sstc\n"
		 "H extension: yes\n"
		 "SBI: v1.0, OpenSBI (ID 1) v1.1\n"
		 "hvisor SBI extension 0xa004856: not there\n"
		 "KVM: not loaded\n"
		 "H extension: available (Linux in HS mode hands it over)\n"
		 "hypervisor: disabled\n",
		 HVISOR_IOCTL_ABI);
	assert_string_equal(out, want);
	free(out);

	/* no H, then three reasons for a foreign holder */
	info.arch_info[HVISOR_RISCV64_INFO_ISA] &= ~(1ULL << ('h' - 'a'));
	info.hyp_state = HVISOR_HYP_ABSENT;
	out = print(&info);
	has(out, "\nISA: rv64imafdc_sstc\nH extension: no\n");
	has(out, "\nH extension: not implemented by this CPU\n");
	free(out);
	info = riscv64_info();
	info.hyp_state = HVISOR_HYP_FOREIGN;
	info.arch_info[HVISOR_RISCV64_INFO_PROBE] |= HVISOR_RISCV64_KVM;
	out = print(&info);
	has(out, "\nKVM: loaded\n");
	has(out, "\nH extension: held by another hypervisor (KVM is loaded)\n");
	free(out);
	info.arch_info[HVISOR_RISCV64_INFO_PROBE] |= 1;
	out = print(&info);
	has(out, "\nhvisor SBI extension 0xa004856: answers\n");
	has(out, "(it answers the hvisor SBI extension)\n");
	free(out);
	info = riscv64_info();
	info.hyp_state = HVISOR_HYP_FOREIGN;
	info.arch_info[HVISOR_RISCV64_INFO_SBI] = (2ULL << 56) | 3;
	info.arch_info[HVISOR_RISCV64_INFO_PROBE] = 0x60000ULL << 32;
	out = print(&info);
	has(out, "\nSBI: v2.0, KVM (ID 3) version 0x60000\n");
	has(out, "(the SBI is KVM's: Linux is its guest)\n");
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
		cmocka_unit_test(test_hyp_states),
		cmocka_unit_test(test_unknown_arch),
		cmocka_unit_test(test_no_el2),
		cmocka_unit_test(test_enabled),
		cmocka_unit_test(test_riscv64),
		cmocka_unit_test(test_abi_mismatch),
	};

	return cmocka_run_group_tests_name("info_format", tests, NULL, NULL);
}
