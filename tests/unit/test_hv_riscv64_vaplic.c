/* Unit tests of the riscv64 virtual APLIC model (arch/riscv64/vaplic.c): Linux's APLIC-MSI set-up sequence, delivery rules, level sources, genmsi, hostile accesses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <asm/vaplic.h>

#define NSRC 96
#define SIZE 0x8000UL
#define CFG(s) (4UL * (s))
#define TGT(s) (APLIC_TARGET + 4UL * (s))
#define TARGET(hart, guest, eiid) \
	((u32)(hart) << 18 | (u32)(guest) << 12 | (u32)(eiid))

static struct vaplic aplic;
static unsigned int logged;
static struct {
	u32 hart, guest, eiid;
} msis[64];
static unsigned int nmsi;

static void msi(void *arg, u32 hart, u32 guest, u32 eiid)
{
	assert_ptr_equal(arg, &aplic);
	assert_true(aplic.lock.locked);
	assert_true(nmsi < 64);
	msis[nmsi].hart = hart;
	msis[nmsi].guest = guest;
	msis[nmsi].eiid = eiid;
	nmsi++;
}

static const struct vaplic_ops ops = { msi };

void printk(const char *fmt, ...)
{
	va_list ap;

	logged++;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static int setup(void **state)
{
	(void)state;
	nmsi = logged = 0;
	vaplic_init(&aplic, NSRC, SIZE, &ops, &aplic);
	assert_int_equal(vaplic_add_source(&aplic, 5), 0);
	assert_int_equal(vaplic_add_source(&aplic, 40), 0);
	return 0;
}

static u64 rd(u64 off)
{
	u64 val = 0xdeadbeef;

	assert_true(vaplic_access(&aplic, 0, off, 4, false, &val));
	assert_true(val <= 0xffffffffUL);
	return val;
}

static void wr(u64 off, u64 val)
{
	assert_true(vaplic_access(&aplic, 0, off, 4, true, &val));
}

static void refused(u64 off, unsigned int width, bool write)
{
	u64 val = write ? 0xffffffffffffffffUL : 0x1234;

	assert_false(vaplic_access(&aplic, 0, off, width, write, &val));
	if (!write)
		assert_int_equal(val, 0);
}

/* What Linux 6.12's irq-riscv-aplic-main/-msi do at probe and for one source. */
static void linux_setup(unsigned int src, u32 sm, u32 target)
{
	u32 val;

	wr(APLIC_CLRIE + 4 * (src / 32), ~0u);
	wr(CFG(src), 0);
	wr(APLIC_DOMAINCFG, 0);
	val = rd(APLIC_DOMAINCFG) | APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM;
	wr(APLIC_DOMAINCFG, val);
	/* the driver warns when it does not read back */
	assert_int_equal(rd(APLIC_DOMAINCFG), val);
	wr(CFG(src), sm);
	wr(TGT(src), target);
	wr(APLIC_SETIENUM, src);
}

static void test_linux_sequence(void **state)
{
	(void)state;
	assert_false(vaplic_active(&aplic));
	assert_int_equal(rd(APLIC_DOMAINCFG), 0x80000004);
	linux_setup(5, APLIC_SM_EDGE1, TARGET(1, 0, 33));
	assert_true(vaplic_active(&aplic));
	assert_int_equal(rd(CFG(5)), APLIC_SM_EDGE1);
	assert_int_equal(rd(TGT(5)), TARGET(1, 0, 33));
	assert_int_equal(rd(APLIC_SETIE), 1u << 5);
	assert_int_equal(nmsi, 0);
	vaplic_inject(&aplic, 5);
	assert_int_equal(nmsi, 1);
	assert_int_equal(msis[0].hart, 1);
	assert_int_equal(msis[0].guest, 0);
	assert_int_equal(msis[0].eiid, 33);
	/* sent: no longer pending */
	assert_int_equal(rd(APLIC_SETIP), 0);
	vaplic_inject(&aplic, 5);
	assert_int_equal(nmsi, 2);
	/* masked: pending, sent at the unmask */
	wr(APLIC_CLRIENUM, 5);
	vaplic_inject(&aplic, 5);
	assert_int_equal(nmsi, 2);
	assert_int_equal(rd(APLIC_SETIP), 1u << 5);
	wr(APLIC_SETIENUM, 5);
	assert_int_equal(nmsi, 3);
	assert_int_equal(rd(APLIC_SETIP), 0);
	/* the target moves (affinity) */
	wr(TGT(5), TARGET(0, 0, 34));
	vaplic_inject(&aplic, 5);
	assert_int_equal(msis[3].hart, 0);
	assert_int_equal(msis[3].eiid, 34);
	assert_int_equal(logged, 0);
}

static void test_domain_enable(void **state)
{
	(void)state;
	linux_setup(40, APLIC_SM_EDGE1, TARGET(0, 0, 7));
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_DM);
	assert_false(vaplic_active(&aplic));
	vaplic_inject(&aplic, 40);
	assert_int_equal(nmsi, 0);
	assert_int_equal(rd(APLIC_SETIP + 4), 1u << 8);
	/* IE: what is pending and enabled goes out */
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_DM);
	assert_int_equal(nmsi, 1);
	assert_int_equal(msis[0].eiid, 7);
	/* DM and BE cannot be changed: always MSI mode, little-endian */
	wr(APLIC_DOMAINCFG, APLIC_DOMAINCFG_IE | APLIC_DOMAINCFG_BE);
	assert_int_equal(rd(APLIC_DOMAINCFG), 0x80000104);
}

static void test_level_source(void **state)
{
	(void)state;
	linux_setup(40, APLIC_SM_LEVEL1, TARGET(0, 0, 9));
	vaplic_inject(&aplic, 40);
	assert_int_equal(nmsi, 1);
	/* Linux's EOI of a level interrupt: setipnum_le; the line is low */
	wr(APLIC_SETIPNUM_LE, 40);
	wr(APLIC_SETIPNUM, 40);
	assert_int_equal(nmsi, 1);
	assert_int_equal(rd(APLIC_IN_CLRIP + 4), 0);
	/* an edge source: setipnum sets it pending, and it is sent */
	wr(CFG(40), APLIC_SM_EDGE1);
	wr(APLIC_SETIENUM, 40);
	wr(APLIC_SETIPNUM_LE, 40);
	assert_int_equal(nmsi, 2);
	wr(APLIC_SETIPNUM_BE, __builtin_bswap32(40));
	assert_int_equal(nmsi, 3);
	/* setip word and in_clrip */
	wr(APLIC_CLRIENUM, 40);
	wr(APLIC_SETIP + 4, 1u << 8);
	assert_int_equal(rd(APLIC_SETIP + 4), 1u << 8);
	wr(APLIC_IN_CLRIP + 4, 1u << 8);
	assert_int_equal(rd(APLIC_SETIP + 4), 0);
	wr(APLIC_SETIP + 4, 1u << 8);
	wr(APLIC_CLRIPNUM, 40);
	assert_int_equal(rd(APLIC_SETIP + 4), 0);
	assert_int_equal(nmsi, 3);
}

static void test_inactive_and_absent(void **state)
{
	(void)state;
	linux_setup(5, APLIC_SM_EDGE1, TARGET(0, 0, 3));
	/* inactive: pending and enable read 0 and stay 0 */
	wr(CFG(5), APLIC_SM_INACTIVE);
	assert_int_equal(rd(APLIC_SETIE), 0);
	vaplic_inject(&aplic, 5);
	wr(APLIC_SETIENUM, 5);
	assert_int_equal(rd(APLIC_SETIP), 0);
	assert_int_equal(nmsi, 0);
	/* delegation (no child domains) and reserved modes: inactive */
	wr(CFG(5), APLIC_SOURCECFG_D | 1);
	assert_int_equal(rd(CFG(5)), 0);
	wr(CFG(5), 2);
	assert_int_equal(rd(CFG(5)), 0);
	/* a source the cell lacks: all zeros, nothing sent */
	wr(CFG(6), APLIC_SM_EDGE1);
	assert_int_equal(rd(CFG(6)), 0);
	wr(TGT(6), TARGET(0, 0, 5));
	assert_int_equal(rd(TGT(6)), 0);
	wr(APLIC_SETIENUM, 6);
	wr(APLIC_SETIPNUM, 6);
	vaplic_inject(&aplic, 6);
	assert_int_equal(nmsi, 0);
	/* beyond the platform's sources, and source 0 */
	wr(CFG(NSRC), APLIC_SM_EDGE1);
	assert_int_equal(rd(CFG(NSRC)), 0);
	wr(APLIC_SETIPNUM, 0);
	wr(APLIC_SETIPNUM, 0xffffffff);
	vaplic_inject(&aplic, 0);
	vaplic_inject(&aplic, 5000);
	assert_int_equal(nmsi, 0);
	assert_int_equal(vaplic_add_source(&aplic, 0), -EINVAL);
	assert_int_equal(vaplic_add_source(&aplic, NSRC), -EINVAL);
	/* identity 0 is no MSI */
	wr(CFG(5), APLIC_SM_EDGE1);
	wr(TGT(5), TARGET(0, 0, 0));
	wr(APLIC_SETIENUM, 5);
	vaplic_inject(&aplic, 5);
	assert_int_equal(nmsi, 0);
	assert_int_equal(logged, 0);
}

static void test_genmsi_and_msicfg(void **state)
{
	(void)state;
	wr(APLIC_GENMSI, TARGET(1, 0, 12) | 1u << 12);
	assert_int_equal(nmsi, 1);
	assert_int_equal(msis[0].hart, 1);
	assert_int_equal(msis[0].eiid, 12);
	assert_int_equal(rd(APLIC_GENMSI), TARGET(1, 0, 12));
	/* a guest index in genmsi does not exist */
	wr(APLIC_GENMSI, TARGET(1, 3, 12));
	assert_int_equal(msis[1].guest, 0);
	/* target bit 11 is reserved; the EIID has 11 bits */
	wr(TGT(5), 0xffffffff);
	assert_int_equal(rd(TGT(5)), 0xfffff7ff);
	/* MSI address registers: the machine level's, read 0 */
	wr(APLIC_MSIADDRCFG, 0x12345);
	assert_int_equal(rd(APLIC_MSIADDRCFG), 0);
	assert_int_equal(rd(APLIC_MSIADDRCFG + 0xc), 0);
}

static void test_hostile(void **state)
{
	(void)state;
	refused(APLIC_DOMAINCFG, 1, false);
	refused(APLIC_DOMAINCFG, 8, true);
	refused(APLIC_DOMAINCFG + 2, 4, false);
	refused(SIZE, 4, false);
	refused(SIZE - 2, 4, true);
	refused(~0UL - 1, 4, true);
	/* reserved offsets and the direct mode's IDCs */
	refused(0x1000, 4, false);
	refused(APLIC_IDC, 4, true);
	refused(0x1ce0, 4, false);
	assert_int_equal(aplic.refusals, 9);
	/* only the first few are logged */
	assert_int_equal(logged, 4);
	assert_false(vaplic_active(&aplic));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_linux_sequence, setup),
		cmocka_unit_test_setup(test_domain_enable, setup),
		cmocka_unit_test_setup(test_level_source, setup),
		cmocka_unit_test_setup(test_inactive_and_absent, setup),
		cmocka_unit_test_setup(test_genmsi_and_msicfg, setup),
		cmocka_unit_test_setup(test_hostile, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
