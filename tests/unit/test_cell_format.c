/* Text of `hvisor cell list/stats` from struct hvisor_cell_info (faults per arch, exit and state names), and IMAGE@ADDR arguments. */
#include "dev/image_file.h"
#include "format/cell.h"

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

static char *capture_list(const struct hvisor_cell_info *cells, unsigned int n,
			  uint32_t arch)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_non_null(f);
	cell_list_print(f, cells, n, arch);
	fclose(f);
	return out;
}

static void test_state_names(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(cell_state_name(HVISOR_CELL_RUNNING, buf, 32),
			    "running");
	assert_string_equal(cell_state_name(HVISOR_CELL_SHUT_DOWN, buf, 32),
			    "shut down");
	assert_string_equal(cell_state_name(HVISOR_CELL_LOADABLE, buf, 32),
			    "loadable");
	assert_string_equal(cell_state_name(HVISOR_CELL_FAILED, buf, 32),
			    "failed");
	assert_string_equal(cell_state_name(HVISOR_CELL_NUM_STATES, buf, 32),
			    "unknown (4)");
	assert_string_equal(cell_state_name(9, buf, 32), "unknown (9)");
}

static void test_cpus(void **state)
{
	char buf[64];

	(void)state;
	cell_format_cpus(0xc, buf, sizeof(buf));
	assert_string_equal(buf, "2-3");
	cell_format_cpus(0x8000000000000025ULL, buf, sizeof(buf));
	assert_string_equal(buf, "0,2,5,63");
	cell_format_cpus(0, buf, sizeof(buf));
	assert_string_equal(buf, "none");
}

static void test_syndrome(void **state)
{
	char buf[96];

	(void)state;
	/* arm64: ESR_EL2. Data abort from EL1, translation fault level 3. */
	cell_format_syndrome(HVISOR_ARCH_ARM64, 0x93c08047, buf, sizeof(buf));
	assert_string_equal(
		buf, "data abort from a lower EL: translation fault, level 3");
	cell_format_syndrome(HVISOR_ARCH_ARM64, 0x8200000f, buf, sizeof(buf));
	assert_string_equal(
		buf,
		"instruction abort from a lower EL: permission fault, level 3");
	cell_format_syndrome(HVISOR_ARCH_ARM64, 0x5a000000, buf, sizeof(buf));
	assert_string_equal(buf, "HVC");
	cell_format_syndrome(HVISOR_ARCH_ARM64, 0x92000061, buf, sizeof(buf));
	assert_string_equal(buf, "data abort from a lower EL: alignment fault");
	cell_format_syndrome(HVISOR_ARCH_ARM64, 0x0fc00000, buf, sizeof(buf));
	assert_string_equal(buf, "exception class 0x03");
	/* an arch this build cannot decode: nothing */
	strcpy(buf, "x");
	cell_format_syndrome(0, 0x93c08047, buf, sizeof(buf));
	assert_string_equal(buf, "");
	cell_format_syndrome(99, 0x93c08047, buf, sizeof(buf));
	assert_string_equal(buf, "");
	/* riscv64: scause. */
	cell_format_syndrome(HVISOR_ARCH_RISCV64, 21, buf, sizeof(buf));
	assert_string_equal(buf, "load guest-page fault");
	cell_format_syndrome(HVISOR_ARCH_RISCV64, 23, buf, sizeof(buf));
	assert_string_equal(buf, "store/AMO guest-page fault");
	cell_format_syndrome(HVISOR_ARCH_RISCV64, 22, buf, sizeof(buf));
	assert_string_equal(buf, "virtual instruction");
	cell_format_syndrome(HVISOR_ARCH_RISCV64, 14, buf, sizeof(buf));
	assert_string_equal(buf, "exception 14");
	cell_format_syndrome(HVISOR_ARCH_RISCV64, (1ULL << 63) | 9, buf,
			     sizeof(buf));
	assert_string_equal(buf, "interrupt 9");
}

static void failed_cell(struct hvisor_cell_info *c)
{
	c->id = 12;
	c->state = HVISOR_CELL_FAILED;
	strcpy(c->name, "smp");
	c->cpus = 0x6;
	strcpy(c->fault_reason, "unhandled data abort at ipa 0x0");
	c->fault_cpu = 2;
	c->fault_pc = 0x90001234;
	c->fault_syndrome = 0x93c08047;
	c->fault_gpa = 0x0;
	c->fault_va = 0x10;
	c->fault_width = 4;
	c->fault_write = 1;
}

static void test_list(void **state)
{
	struct hvisor_cell_info cells[2];
	char *out;

	(void)state;
	memset(cells, 0, sizeof(cells));
	cells[0].id = 1;
	cells[0].state = HVISOR_CELL_RUNNING;
	strcpy(cells[0].name, "testguest");
	cells[0].cpus = 0x8;
	failed_cell(&cells[1]);
	out = capture_list(cells, 2, HVISOR_ARCH_ARM64);
	assert_string_equal(
		out,
		"ID   NAME      STATE     CPUS FAULT\n"
		"1    testguest running   3    -\n"
		"12   smp       failed    1-2  unhandled data abort at ipa 0x0\n"
		"     CPU 2: pc 0x90001234 esr 0x93c08047 (data abort from a lower EL: translation fault, level 3) ipa 0x0 va 0x10 4-byte write\n");
	free(out);
	/* No cells: the header alone. */
	out = capture_list(cells, 0, HVISOR_ARCH_ARM64);
	assert_string_equal(out, "ID   NAME STATE     CPUS FAULT\n");
	free(out);
}

/* A fault on an arch this build cannot decode: generic names, raw values. */
static void test_list_unknown_arch(void **state)
{
	struct hvisor_cell_info cell;
	char line[256];
	char *out;

	(void)state;
	memset(&cell, 0, sizeof(cell));
	failed_cell(&cell);
	cell.fault_width = 0;
	cell.fault_write = 0;
	cell_format_fault(&cell, 0, line, sizeof(line));
	assert_string_equal(
		line,
		"CPU 2: pc 0x90001234 syndrome 0x93c08047 gpa 0x0 va 0x10 read of unknown width");
	out = capture_list(&cell, 1, 99);
	assert_string_equal(
		out,
		"ID   NAME STATE     CPUS FAULT\n"
		"12   smp  failed    1-2  unhandled data abort at ipa 0x0\n"
		"     CPU 2: pc 0x90001234 syndrome 0x93c08047 gpa 0x0 va 0x10 read of unknown width\n");
	free(out);
}

/* A failure without a trap record prints no made-up zeros. */
static void test_fault_without_trap(void **state)
{
	struct hvisor_cell_info cell;
	char line[256];

	(void)state;
	memset(&cell, 0, sizeof(cell));
	cell.fault_cpu = 3;
	cell_format_fault(&cell, HVISOR_ARCH_ARM64, line, sizeof(line));
	assert_string_equal(line, "CPU 3: not at a trap of the guest");
}

/* A name of 32 bytes without NUL must not be read past. */
static void test_list_unterminated_name(void **state)
{
	struct hvisor_cell_info *c = calloc(1, sizeof(*c));
	char *out;

	(void)state;
	assert_non_null(c);
	memset(c->name, 'n', sizeof(c->name));
	memset(c->fault_reason, 'r', sizeof(c->fault_reason));
	c->state = HVISOR_CELL_FAILED;
	out = capture_list(c, 1, HVISOR_ARCH_ARM64);
	assert_non_null(strstr(out, "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn failed"));
	assert_null(strstr(out, "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"));
	free(out);
	free(c);
}

static void test_stats(void **state)
{
	struct hvisor_cell_info info;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.id = 3;
	strcpy(info.name, "smp");
	info.state = HVISOR_CELL_RUNNING;
	info.cpus = 0xc;
	info.num_vcpus = 2;
	info.exits[0][HVISOR_EXIT_HYPERCALL] = 5;
	info.exits[0][HVISOR_EXIT_FIRMWARE] = 6;
	info.exits[0][HVISOR_EXIT_MMIO] = 700;
	info.exits[0][HVISOR_EXIT_IRQ] = 8;
	info.exits[1][HVISOR_EXIT_SYSREG] = 3;
	info.exits[1][HVISOR_EXIT_WAIT] = 9;
	info.exits[1][HVISOR_EXIT_OTHER] = 1;
	info.doorbells = 4;
	info.console_seq = 1234;
	f = open_memstream(&out, &len);
	assert_non_null(f);
	cell_stats_print(f, &info);
	fclose(f);
	assert_string_equal(
		out,
		"cell 3 \"smp\" (running): 2 vCPUs\n"
		"vcpu 0 (CPU 2): hypercall 5 firmware 6 mmio 700 irq 8 sysreg 0 wait 0 other 0\n"
		"vcpu 1 (CPU 3): hypercall 0 firmware 0 mmio 0 irq 0 sysreg 3 wait 9 other 1\n"
		"doorbells: 4\n"
		"console bytes: 1234\n");
	free(out);
}

static void test_image_args(void **state)
{
	char path[64];
	uint64_t addr = 0;

	(void)state;
	assert_null(image_arg_parse("guest.bin@0x90000000", path, sizeof(path),
				    &addr));
	assert_string_equal(path, "guest.bin");
	assert_int_equal(addr, 0x90000000);
	/* The last '@' separates the address. */
	assert_null(image_arg_parse("a@b.bin@4096", path, sizeof(path), &addr));
	assert_string_equal(path, "a@b.bin");
	assert_int_equal(addr, 4096);
	assert_string_equal(image_arg_parse("guest.bin", path, sizeof(path),
					    &addr),
			    "needs @ADDR (the guest-physical load address)");
	assert_non_null(image_arg_parse("@0x1000", path, sizeof(path), &addr));
	assert_non_null(
		image_arg_parse("g@0x9000_0000", path, sizeof(path), &addr));
	assert_non_null(image_arg_parse("g@", path, sizeof(path), &addr));
	assert_non_null(image_arg_parse("a-very-long-name@1", path, 8, &addr));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_syndrome),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_unknown_arch),
		cmocka_unit_test(test_fault_without_trap),
		cmocka_unit_test(test_list_unterminated_name),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_image_args),
	};

	return cmocka_run_group_tests_name("cell_format", tests, NULL, NULL);
}
