/* Unit tests of the riscv64 root APLIC filter (AIA mode) against a fake APLIC register file: the root's sources and harts only, targets in each hart's current file (and moved with it), M-level and direct-mode registers refused. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <hv/cell.h>
#include <hv/control.h>
#include <asm/aplic.h>

/* --- the fake machine: 4 CPUs, CPU 0 on hart 1; CPU 2 (hart 2) in a cell --- */

#define NSRC 96
#define NHARTS 4
#define WINDOW 0x8000

static const u64 harts[NHARTS] = { 1, 0, 2, 3 };
static u32 regs[WINDOW / 4];
static unsigned int writes;

u32 aplic_hw_read(u64 off)
{
	if (off >= WINDOW || (off & 3))
		fail_msg("hypervisor read at APLIC+0x%lx", (unsigned long)off);
	return regs[off / 4];
}

void aplic_hw_write(u64 off, u32 value)
{
	if (off >= WINDOW || (off & 3))
		fail_msg("hypervisor write at APLIC+0x%lx", (unsigned long)off);
	regs[off / 4] = value;
	writes++;
}

u64 aplic_hw_cpu_hart(unsigned int cpu)
{
	return harts[cpu];
}

/* The file each hart takes its MSIs in (0: S file; 1: under the hypervisor). */
static unsigned int files[NHARTS];

unsigned int aplic_hw_root_file(u64 hart)
{
	return hart < NHARTS ? files[hart] : 0;
}

/* --- what aplic.c uses of core ------------------------------------------ */

struct cell root_cell;
const struct hvisor_system *system_config;
unsigned int hv_num_cpus = NHARTS;
static struct hvisor_system sys;
static unsigned int logged;

bool cell_owns_irq(const struct cell *cell, unsigned int irq)
{
	return irq < HVISOR_MAX_IRQS &&
	       (cell->irqs[irq / 32] & (1u << (irq % 32)));
}

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < 64 && (cell->cpus & BIT(cpu));
}

int printk(const char *fmt, ...)
{
	(void)fmt;
	logged++;
	return 0;
}

static void own(unsigned int src, bool on)
{
	if (on)
		root_cell.irqs[src / 32] |= 1u << (src % 32);
	else
		root_cell.irqs[src / 32] &= ~(1u << (src % 32));
}

static int setup(void **state)
{
	unsigned int s;

	(void)state;
	memset(regs, 0, sizeof(regs));
	memset(&root_cell, 0, sizeof(root_cell));
	memset(&sys, 0, sizeof(sys));
	sys.platform.arch.riscv64.irqchip = HVISOR_IRQCHIP_APLIC_IMSIC;
	sys.platform.arch.riscv64.num_sources = NSRC;
	sys.platform.root_irq = 40;
	system_config = &sys;
	root_cell.cpus = 0xb; /* CPU 2 (hart 2) belongs to a cell */
	for (s = 1; s < NSRC; s++)
		own(s, s != 40 && s != 33);
	writes = 0;
	logged = 0;
	memset(files, 0, sizeof(files));
	return 0;
}

static u32 access(u64 off, bool write, u32 value, unsigned int width)
{
	struct emu_context ctx = {
		.address = 0x0d000000 + off,
		.value = value,
		.width = width,
		.write = write,
		.cell = &root_cell,
	};

	assert_int_equal(riscv64_aplic_access(NULL, &ctx, off), MMIO_HANDLED);
	return (u32)ctx.value;
}

static u32 target_of(u64 hart, unsigned int guest, unsigned int eiid)
{
	return (u32)(hart << APLIC_TARGET_HART_SHIFT) | guest << 12 | eiid;
}

/* Targets: the root's sources on the root's harts, the hart's file now. */
static void test_targets(void **state)
{
	(void)state;
	access(0x3000 + 4 * 10, true, target_of(1, 0, 7), 4);
	assert_int_equal(regs[(0x3000 + 4 * 10) / 4], target_of(1, 0, 7));
	/* guest index 1 asked of a hart in HS mode: its S file */
	access(0x3000 + 4 * 11, true, target_of(3, 1, 9), 4);
	assert_int_equal(regs[(0x3000 + 4 * 11) / 4], target_of(3, 0, 9));
	assert_int_equal(access(0x3000 + 4 * 11, false, 0, 4),
			 target_of(3, 0, 9));
	/* hart 3 under the hypervisor: guest file 1, read back as 0 */
	files[3] = 1;
	access(0x3000 + 4 * 11, true, target_of(3, 0, 9), 4);
	assert_int_equal(regs[(0x3000 + 4 * 11) / 4], target_of(3, 1, 9));
	assert_int_equal(access(0x3000 + 4 * 11, false, 0, 4),
			 target_of(3, 0, 9));
	access(0x3000 + 4 * 11, true, target_of(3, 5, 9), 4);
	assert_int_equal(regs[(0x3000 + 4 * 11) / 4], target_of(3, 1, 9));
	/* hart 2 is the cell's: refused, nothing written */
	writes = 0;
	access(0x3000 + 4 * 12, true, target_of(2, 0, 5), 4);
	assert_int_equal(regs[(0x3000 + 4 * 12) / 4], 0);
	/* a hart that does not exist */
	access(0x3000 + 4 * 12, true, target_of(9, 0, 5), 4);
	assert_int_equal(writes, 0);
	/* source 33 is not the root's: neither written nor read */
	regs[(0x3000 + 4 * 33) / 4] = 0x1234;
	access(0x3000 + 4 * 33, true, target_of(1, 0, 5), 4);
	assert_int_equal(regs[(0x3000 + 4 * 33) / 4], 0x1234);
	assert_int_equal(access(0x3000 + 4 * 33, false, 0, 4), 0);
	/* root_irq is the hypervisor's to raise, the root's to route */
	access(0x3000 + 4 * 40, true, target_of(0, 0, 3), 4);
	assert_int_equal(regs[(0x3000 + 4 * 40) / 4], target_of(0, 0, 3));
	/* beyond the last source */
	access(0x3000 + 4 * NSRC, true, target_of(1, 0, 5), 4);
	assert_int_equal(regs[(0x3000 + 4 * NSRC) / 4], 0);
	assert_true(logged > 0);
}

/* A hart's file changes: the targets of the root's sources on it follow, no others. */
static void test_retarget(void **state)
{
	(void)state;
	regs[(0x3000 + 4 * 10) / 4] = target_of(1, 0, 7);
	regs[(0x3000 + 4 * 12) / 4] = target_of(3, 0, 8);
	regs[(0x3000 + 4 * 13) / 4] = target_of(1, 0, 9);
	regs[(0x3000 + 4 * 33) / 4] = target_of(1, 0, 4); /* not the root's */
	files[1] = 1;
	riscv64_aplic_retarget(1, 1);
	assert_int_equal(regs[(0x3000 + 4 * 10) / 4], target_of(1, 1, 7));
	assert_int_equal(regs[(0x3000 + 4 * 12) / 4], target_of(3, 0, 8));
	assert_int_equal(regs[(0x3000 + 4 * 13) / 4], target_of(1, 1, 9));
	assert_int_equal(regs[(0x3000 + 4 * 33) / 4], target_of(1, 0, 4));
	files[1] = 0;
	riscv64_aplic_retarget(1, 0);
	assert_int_equal(regs[(0x3000 + 4 * 10) / 4], target_of(1, 0, 7));
	assert_int_equal(regs[(0x3000 + 4 * 13) / 4], target_of(1, 0, 9));
}

/* Source modes of the root's sources, never delegation. */
static void test_sourcecfg(void **state)
{
	(void)state;
	access(4 * 10, true, 0x6, 4); /* level high */
	assert_int_equal(regs[10], 0x6);
	access(4 * 11, true, 0x400 | 0x1, 4); /* D: delegate to child 1 */
	assert_int_equal(regs[11], 0x0);
	access(4 * 33, true, 0x4, 4);
	assert_int_equal(regs[33], 0);
	access(4 * NSRC, true, 0x4, 4);
	assert_int_equal(regs[NSRC], 0);
}

/* Bit words and numbers: the root's sources only. */
static void test_bits_and_numbers(void **state)
{
	(void)state;
	/* setie word 1 (sources 32-63): 33 and 40 are masked out... */
	access(0x1e00 + 4, true, 0xffffffff, 4);
	assert_int_equal(regs[(0x1e00 + 4) / 4], 0xffffffff & ~(1u << 1));
	/* ...40 is root_irq: it may enable it */
	regs[(0x1c00 + 4) / 4] = 0xffffffff;
	assert_int_equal(access(0x1c00 + 4, false, 0, 4), ~(1u << 1));
	/* word 0: source 0 does not exist */
	access(0x1f00, true, 0xffffffff, 4);
	assert_int_equal(regs[0x1f00 / 4], 0xfffffffe);
	/* numbers */
	access(0x1edc, true, 33, 4);
	assert_int_equal(regs[0x1edc / 4], 0);
	access(0x1edc, true, 34, 4);
	assert_int_equal(regs[0x1edc / 4], 34);
	access(0x2000, true, 33, 4);
	assert_int_equal(regs[0x2000 / 4], 0);
	access(0x2000, true, 0, 4);
	assert_int_equal(regs[0x2000 / 4], 0);
	access(0x1cdc, true, 40, 4);
	assert_int_equal(regs[0x1cdc / 4], 40);
	access(0x1ddc, true, 1000, 4);
	assert_int_equal(regs[0x1ddc / 4], 0);
	/* big-endian setipnum: not for the root */
	access(0x2004, true, 0x0a000000, 4);
	assert_int_equal(regs[0x2004 / 4], 0);
}

/* genmsi only to the root's harts; M-level and direct-mode registers, odd accesses. */
static void test_hostile(void **state)
{
	(void)state;
	access(0x3000, true, target_of(2, 0, 1), 4);
	assert_int_equal(regs[0x3000 / 4], 0);
	access(0x3000, true, target_of(3, 0, 1), 4);
	assert_int_equal(regs[0x3000 / 4], target_of(3, 0, 1));
	regs[0x1bc8 / 4] = 0x28000;
	access(0x1bc8, true, 0x24000, 4); /* smsiaddrcfg */
	assert_int_equal(regs[0x1bc8 / 4], 0x28000);
	assert_int_equal(access(0x1bc8, false, 0, 4), 0x28000);
	access(0x4000, true, 1, 4); /* IDC 0 idelivery (direct mode) */
	assert_int_equal(regs[0x4000 / 4], 0);
	access(4 * 10, true, 0x6, 2); /* halfword */
	assert_int_equal(regs[10], 0);
	access(4 * 10 + 2, true, 0x6, 4); /* unaligned */
	assert_int_equal(regs[10], 0);
	assert_int_equal(access(0x1c80, false, 0, 4), 0); /* between arrays */
	/* domaincfg: the root's domain is all the root's */
	access(0, true, 0x104, 4);
	assert_int_equal(regs[0], 0x104);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_targets, setup),
		cmocka_unit_test_setup(test_retarget, setup),
		cmocka_unit_test_setup(test_sourcecfg, setup),
		cmocka_unit_test_setup(test_bits_and_numbers, setup),
		cmocka_unit_test_setup(test_hostile, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
