/* The PCI filter of core on the fake arch, against a fake ECAM in host memory: the root's view, a cell's view, hostile config writes, live refusals, the return on destroy. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hv/cell.h>
#include <hv/percpu.h>
#include <hvisor/hypercall.h>
#include <hvisor/pci.h>

#include "hv_fixture.h"

#define GUEST 1 /* the cell's CPU */
#define ECAM_SIZE HVISOR_PCI_ECAM_BUS_SIZE /* bus 0 only */
#define VECAM 0x40000000UL /* the cell's window */
#define EDU HVISOR_PCI_BDF(0, 1, 0)
#define EDU_ID 0x11e81234u
#define INTX 40 /* FIX_CELL_IRQ: device 1, pin INTA */
#define ROOT_COMMAND 0x0002
#define MSI_CAP 0x40

static u8 *ecam;

static u8 *fn(unsigned int dev)
{
	return ecam + (dev << 15);
}

static void put32(u8 *p, unsigned int reg, u32 v)
{
	memcpy(p + reg, &v, 4);
}

static u32 get32(const u8 *p, unsigned int reg)
{
	u32 v;

	memcpy(&v, p + reg, 4);
	return v;
}

static u16 get16(const u8 *p, unsigned int reg)
{
	u16 v;

	memcpy(&v, p + reg, 2);
	return v;
}

static u64 bar_base(void)
{
	return fix_pa(FIX_ROOT_DEV);
}

/* BAR0 is 64-bit (fake RAM is a host address): its two dwords. */
static u32 bar_lo(void)
{
	return (u32)bar_base() | 0x4;
}

static u32 bar_hi(void)
{
	return (u32)(bar_base() >> 32);
}

/* The host bridge at 00:00.0 and edu at 00:01.0 (BAR0, INTA, an MSI cap). */
static void fill_ecam(void)
{
	unsigned int i;

	memset(ecam, 0xff, ECAM_SIZE);
	memset(fn(0), 0, 0x1000);
	put32(fn(0), 0x00, 0x00081b36);
	memset(fn(1), 0, 0x1000);
	put32(fn(1), 0x00, EDU_ID);
	put32(fn(1), 0x04, 0x00100000 | ROOT_COMMAND); /* status: cap list */
	put32(fn(1), 0x10, bar_lo());
	put32(fn(1), 0x14, bar_hi());
	/* memory can not play unimplemented BARs (reading 0): I/O ones */
	for (i = 0x18; i < 0x28; i += 4)
		put32(fn(1), i, 1);
	put32(fn(1), 0x34, MSI_CAP);
	put32(fn(1), 0x3c, 0x0100); /* pin INTA */
	put32(fn(1), MSI_CAP, 0x00800005); /* MSI, 64-bit, off */
}

static void pci_system(struct fix_system *s)
{
	struct hvisor_pci_host *h = &s->sys.platform.pci;

	fix_system_default(s);
	h->ecam_base = (u64)ecam;
	h->ecam_size = ECAM_SIZE;
	h->intx_irqs[0] = INTX - 1;
	h->intx_irqs[1] = INTX;
	h->intx_irqs[2] = INTX + 1;
	h->intx_irqs[3] = INTX + 2;
	h->windows[0].base = fix_pa(FIX_ROOT_DEV);
	h->windows[0].size = 0x10000;
}

static void pci_cell(struct fix_cell *c, u16 bdf)
{
	fix_cell_default(c, "pci", BIT(GUEST), 0);
	fix_cell_add(c, bar_base(), bar_base(), PAGE_SIZE,
		     HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_IO,
		     HVISOR_MEM_TYPE_IO);
	c->d.pci_ecam_base = VECAM;
	c->d.num_pci_devices = 1;
	c->d.pci_devices[0].bdf = bdf;
}

static int setup(void **state)
{
	struct fix_system s;

	(void)state;
	ecam = aligned_alloc(ECAM_SIZE, ECAM_SIZE);
	assert_non_null(ecam);
	fix_setup();
	fill_ecam(); /* after fix_setup(): the BAR is in fake RAM */
	pci_system(&s);
	if (fix_enable(&s)) {
		fix_log_dump();
		fail_msg("enable with a PCI host failed");
	}
	return 0;
}

static int teardown(void **state)
{
	int ret = fix_test_teardown(state);

	free(ecam);
	return ret;
}

static u64 rd(unsigned int cpu, u64 addr, unsigned int width)
{
	u64 v = 0xdeadbeef;

	assert_int_equal(fake_mmio(cpu, addr, width, false, &v), MMIO_HANDLED);
	return v;
}

static void wr(unsigned int cpu, u64 addr, unsigned int width, u64 v)
{
	assert_int_equal(fake_mmio(cpu, addr, width, true, &v), MMIO_HANDLED);
}

static long create_started(u16 bdf)
{
	struct fix_cell c;

	pci_cell(&c, bdf);
	return fix_create_started(&c);
}

static void test_root_view(void **state)
{
	u64 edu = (u64)fn(1);
	long id;

	(void)state;
	assert_int_equal(rd(0, edu, 4), EDU_ID);
	wr(0, edu + 0x3c, 1, 7); /* the root may program its devices */
	assert_int_equal(fn(1)[0x3c], 7);
	id = create_started(EDU);
	if (id <= 0)
		fix_log_dump();
	assert_true(id > 0);
	assert_true(fix_log_has("not DMA-isolated", 0));
	assert_false(fix_log_has("SMMUv3 context", 0)); /* none configured */
	/* lent: absent for the root, whatever the width */
	assert_int_equal(rd(0, edu, 4), 0xffffffff);
	assert_int_equal(rd(0, edu + 2, 2), 0xffff);
	assert_int_equal(rd(0, edu + 0x10, 1), 0xff);
	/* and the root cannot move its BAR or stop it */
	wr(0, edu + 0x10, 4, 0x12345000);
	wr(0, edu + 0x04, 2, 0);
	assert_int_equal(get32(fn(1), 0x10), bar_lo());
	/* the cell enabled nothing yet: taken quiet */
	assert_int_equal(get16(fn(1), 0x04), 0);
	/* the host bridge is still the root's */
	assert_int_equal(rd(0, (u64)fn(0), 4), 0x00081b36);
	wr(GUEST, VECAM + (1 << 15) + 4, 2, 0x0006);
	assert_int_equal(fix_destroy(id), 0);
	/* back, as the root had it, and reachable again */
	assert_int_equal(rd(0, edu, 4), EDU_ID);
	assert_int_equal(get16(fn(1), 0x04), ROOT_COMMAND);
	assert_int_equal(get32(fn(1), 0x10), bar_lo());
	assert_true(
		fix_log_has("disabled (no FLR), given back to the root", 0));
}

static void test_cell_view(void **state)
{
	u64 dev = VECAM + (1 << 15);
	long id = create_started(EDU);
	u8 before[0x100];

	(void)state;
	assert_true(id > 0);
	assert_int_equal(rd(GUEST, dev, 4), EDU_ID);
	/* the host bridge reads, takes no writes; other functions absent */
	assert_int_equal(rd(GUEST, VECAM, 4), 0x00081b36);
	wr(GUEST, VECAM + 0x3c, 1, 9);
	assert_int_equal(fn(0)[0x3c], 0);
	assert_int_equal(rd(GUEST, VECAM + (2 << 15), 4), 0xffffffff);
	assert_int_equal(rd(GUEST, VECAM + (31 << 15) + 0x10, 2), 0xffff);
	/* BAR sizing answers the mask without touching the device */
	memcpy(before, fn(1), sizeof(before));
	wr(GUEST, dev + 0x10, 4, 0xffffffff);
	assert_int_equal(get32(fn(1), 0x10), bar_lo());
	assert_int_equal(rd(GUEST, dev + 0x10, 4), 0xffffffff);
	wr(GUEST, dev + 0x10, 4, 0x20000000); /* not where the root put it */
	assert_int_equal(rd(GUEST, dev + 0x10, 4), bar_lo());
	assert_int_equal(rd(GUEST, dev + 0x12, 2), bar_lo() >> 16);
	wr(GUEST, dev + 0x30, 4, 0xffffffff); /* no expansion ROM */
	assert_int_equal(rd(GUEST, dev + 0x30, 4), 0);
	/* MSI stays off */
	wr(GUEST, dev + MSI_CAP + 2, 2, 0x0081);
	wr(GUEST, dev + MSI_CAP + 4, 4, 0xfee00000);
	assert_memory_equal(fn(1) + 0x10, before + 0x10, 0x30);
	assert_memory_equal(fn(1) + MSI_CAP, before + MSI_CAP, 14);
	/* command: memory and bus master yes, I/O space no */
	wr(GUEST, dev + 4, 2, 0x0407);
	assert_int_equal(get16(fn(1), 4), 0x0406);
	wr(GUEST, dev + 4, 1, 0x01);
	assert_int_equal(get16(fn(1), 4), 0x0400);
	wr(GUEST, dev + 4, 4, 0xffff0007); /* status written back as is */
	assert_int_equal(get32(fn(1), 4), 0xffff0006);
	/* other registers go through; unaligned accesses do not */
	wr(GUEST, dev + 0x3c, 1, 36);
	assert_int_equal(fn(1)[0x3c], 36);
	wr(GUEST, dev + 0x3d, 2, 0);
	assert_int_equal(fn(1)[0x3d], 1);
	assert_int_equal(rd(GUEST, dev + 0x11, 2), 0xffff);
	/* a shut-down cell's device stops: no decoding, no DMA */
	wr(GUEST, dev + 4, 2, 0x0006);
	assert_int_equal(fix_hc(HVISOR_HC_CELL_SHUTDOWN, id, 0, 0), 0);
	assert_int_equal(get16(fn(1), 4), 0);
	assert_int_equal(rd(0, (u64)fn(1), 4), 0xffffffff); /* still lent */
	assert_int_equal(fix_destroy(id), 0);
	assert_int_equal(get16(fn(1), 0x04), ROOT_COMMAND);
}

/* Refused at create, nothing taken: the root still sees the device. */
static void refused(struct fix_cell *c, long want, const char *why)
{
	assert_int_equal(fix_create(c), want);
	if (!fix_log_has(why, 0)) {
		fix_log_dump();
		fail_msg("no \"%s\" in the log", why);
	}
	assert_int_equal(rd(0, (u64)fn(1), 4), EDU_ID);
}

static void test_refusals(void **state)
{
	struct fix_cell c;

	(void)state;
	pci_cell(&c, HVISOR_PCI_BDF(0, 3, 0));
	refused(&c, -ENODEV, "PCI 00:03.0 is not present");
	pci_cell(&c, EDU);
	c.r[2].phys_start = c.r[2].virt_start = bar_base() + PAGE_SIZE;
	refused(&c, -EINVAL, "is not inside an identity-mapped io region");
	pci_cell(&c, EDU);
	c.d.irqs[INTX / 32] = 0;
	refused(&c, -EINVAL,
		"raises INTx interrupt 40, which is not in the "
		"cell's interrupts");
	put32(fn(1), 0x10, 0x4);
	put32(fn(1), 0x14, 0);
	pci_cell(&c, EDU);
	refused(&c, -EINVAL, "BAR 0 is not assigned");
	put32(fn(1), 0x14, bar_hi());
	put32(fn(1), 0x10, bar_lo());
	fn(1)[0x0e] = 1; /* a bridge */
	pci_cell(&c, EDU);
	refused(&c, -EINVAL, "is a bridge");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_root_view, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cell_view, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
