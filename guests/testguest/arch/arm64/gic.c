/* Test guest GICv3 driver on arm64: distributor, redistributors, CPU interface. */
#include "gic.h"

#include <asm/mmio.h>
#include <asm/sysreg.h>

#include "console.h"
#include "guest.h"
#include "platform.h"

#define GICD_CTLR 0x0000
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE_NS (1u << 4)
#define GICD_CTLR_ENABLE_G1NS (1u << 1)

#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000 /* SGI/PPI registers use GICD offsets here */

#define ICC_SRE_SRE 1
#define ICC_CTLR_EOIMODE (1u << 1)
#define PRIORITY 0xa0
#define MAX_REDIST 64
#define WAIT_LOOPS 1000000

static uintptr_t redist[PLAT_MAX_VCPUS]; /* RD_base of each vCPU, 0 = none */

static uint32_t affinity(uint64_t mpidr)
{
	return (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
}

static void wait_rwp(void)
{
	unsigned int n;

	for (n = 0; n < WAIT_LOOPS; n++)
		if (!(mmio_read32(PLAT_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP))
			return;
	console_puts("gic: GICD_CTLR.RWP stuck\n");
}

static void set_bit32(uintptr_t reg, unsigned int bit, bool on)
{
	uint32_t v = mmio_read32(reg);

	v = on ? v | 1u << bit : v & ~(1u << bit);
	mmio_write32(reg, v);
}

static void set_priority(uintptr_t base, unsigned int irq)
{
	uintptr_t reg = base + GICD_IPRIORITYR + (irq & ~3u);
	unsigned int shift = (irq & 3) * 8;
	uint32_t v = mmio_read32(reg);

	mmio_write32(reg, (v & ~(0xffu << shift)) | PRIORITY << shift);
}

void gic_init_distributor(void)
{
	mmio_write32(PLAT_GICD_BASE + GICD_CTLR, 0);
	wait_rwp();
	mmio_write32(PLAT_GICD_BASE + GICD_CTLR, GICD_CTLR_ARE_NS);
	wait_rwp();
	mmio_write32(PLAT_GICD_BASE + GICD_CTLR,
		     GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1NS);
	wait_rwp();
}

static uintptr_t find_redistributor(uint64_t mpidr)
{
	uintptr_t rd = PLAT_GICR_BASE;
	unsigned int n;

	for (n = 0; n < MAX_REDIST; n++, rd += PLAT_GICR_STRIDE) {
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((typer >> 32) == affinity(mpidr))
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return 0;
}

void gic_init_cpu(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	unsigned int cpu = arch_cpu_id(), n;
	uintptr_t rd = find_redistributor(mpidr), sgi;
	uint32_t waker;

	if (cpu >= PLAT_MAX_VCPUS || !rd) {
		console_printf("gic: no redistributor for MPIDR 0x%llx\n",
			       (unsigned long long)mpidr);
		return;
	}
	redist[cpu] = rd;
	waker = mmio_read32(rd + GICR_WAKER);
	mmio_write32(rd + GICR_WAKER, waker & ~GICR_WAKER_PROCESSOR_SLEEP);
	for (n = 0; n < WAIT_LOOPS; n++)
		if (!(mmio_read32(rd + GICR_WAKER) &
		      GICR_WAKER_CHILDREN_ASLEEP))
			break;
	if (n == WAIT_LOOPS)
		console_puts("gic: redistributor does not wake up\n");

	sgi = rd + GICR_SGI_BASE;
	mmio_write32(sgi + GICD_ICENABLER, ~0u);
	mmio_write32(sgi + GICD_IGROUPR, ~0u);
	for (n = 0; n < 32; n += 4)
		mmio_write32(sgi + GICD_IPRIORITYR + n, PRIORITY * 0x01010101u);

	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | ICC_SRE_SRE);
	isb();
	if (!(read_sysreg(ICC_SRE_EL1) & ICC_SRE_SRE))
		console_puts("gic: system register interface unavailable\n");
	write_sysreg(ICC_PMR_EL1, 0xf0);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1,
		     read_sysreg(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE);
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
}

void gic_enable_ppi(unsigned int irq)
{
	uintptr_t rd = redist[arch_cpu_id()];

	if (!rd || irq >= 32)
		return;
	set_priority(rd + GICR_SGI_BASE, irq);
	mmio_write32(rd + GICR_SGI_BASE + GICD_ISENABLER, 1u << irq);
}

void gic_enable_spi(unsigned int irq, bool edge)
{
	uintptr_t d = PLAT_GICD_BASE;
	uint64_t mpidr = read_sysreg(mpidr_el1);

	set_bit32(d + GICD_IGROUPR + irq / 32 * 4, irq % 32, true);
	set_bit32(d + GICD_ICFGR + irq / 16 * 4, (irq % 16) * 2 + 1, edge);
	set_priority(d, irq);
	mmio_write64(d + GICD_IROUTER + irq * 8,
		     (mpidr & 0xffffff) | (mpidr & (0xffULL << 32)));
	mmio_write32(d + GICD_ISENABLER + irq / 32 * 4, 1u << (irq % 32));
}

void gic_set_pending(unsigned int irq)
{
	dsb(ishst);
	mmio_write32(PLAT_GICD_BASE + GICD_ISPENDR + irq / 32 * 4,
		     1u << (irq % 32));
}

void gic_send_sgi(uint64_t mpidr, unsigned int sgi)
{
	uint64_t v = (uint64_t)(sgi & 0xf) << 24 | 1u << (mpidr & 0xf) |
		     ((mpidr >> 8) & 0xff) << 16 |
		     ((mpidr >> 16) & 0xffULL) << 32 |
		     ((mpidr >> 32) & 0xffULL) << 48;

	dsb(ishst);
	write_sysreg(ICC_SGI1R_EL1, v);
	isb();
}

unsigned int gic_ack(void)
{
	unsigned int irq = read_sysreg(ICC_IAR1_EL1) & 0xffffff;

	dsb(sy);
	return irq;
}

void gic_eoi(unsigned int irq)
{
	write_sysreg(ICC_EOIR1_EL1, irq);
	isb();
}
