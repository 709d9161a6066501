/* The PLIC seam on the hardware: word accesses through the hypervisor's mapping, harts of CPUs, the VSEIP hand-back. */
#include <hv/control.h>
#include <hv/mmio.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <asm/csr.h>
#include <asm/plic.h>

#define IRQ_S_EXT 9 /* sie.SEIE */
#define IRQ_VS_EXT 10 /* hvip.VSEIP */

static u64 plic_base;

u32 plic_hw_read(u64 off)
{
	return mmio_read(plic_base + off, 4);
}

void plic_hw_write(u64 off, u32 value)
{
	mmio_write(plic_base + off, 4, value);
}

/* Identity mapped, device memory, for the hypervisor only. */
int plic_hw_map(u64 base, u64 size)
{
	int err = paging_map(&hv_pt, base, base, size, MAP_RW | MAP_DEVICE);

	if (!err)
		plic_base = base;
	return err;
}

u64 plic_hw_cpu_hart(unsigned int cpu)
{
	return per_cpu(cpu)->arch.hartid;
}

void plic_hw_claim_empty(void)
{
	csr_clear(hvip, BIT(IRQ_VS_EXT));
	csr_set(sie, BIT(IRQ_S_EXT));
}
