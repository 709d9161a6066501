/* Weak stand-ins for the PLIC filter (plic.c) while it is not built in: the root reaches the PLIC directly except its harts' S-context pages, whose claims end the virtual external interrupt. Not isolating: logged at enable. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/mmio.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <asm/csr.h>
#include <asm/riscv64.h>

#define CONTEXT_BASE 0x200000UL
#define CONTEXT_STRIDE 0x1000UL
#define CONTEXT_CLAIM 0x4

static const struct hvisor_riscv64_platform *plat(void)
{
	return &system_config->platform.arch.riscv64;
}

__attribute__((weak)) int riscv64_plic_init(const struct hvisor_system *sys)
{
	const struct hvisor_riscv64_platform *p = &sys->platform.arch.riscv64;

	printk("hvisor: riscv64: no PLIC filter built in: the root reaches "
	       "the PLIC directly (not isolating)\n");
	return paging_map(&hv_pt, p->plic_base, p->plic_base, p->plic_size,
			  MAP_RW | MAP_DEVICE);
}

/* The S context of a root CPU's hart at offset off of the context area. */
static bool root_s_context(u64 off)
{
	const struct hvisor_riscv64_platform *p = plat();
	u64 ctx = off / CONTEXT_STRIDE;
	unsigned int cpu;

	for (cpu = 0; cpu < hv_num_cpus; cpu++)
		if (cell_owns_cpu(&root_cell, cpu) &&
		    ctx == per_cpu(cpu)->hwid * p->contexts_per_hart +
				    p->s_context)
			return true;
	return false;
}

/* Threshold and claim/complete of the root harts' S contexts. */
static enum mmio_result context_access(void *arg, struct emu_context *ctx,
				       u64 off)
{
	u64 reg = off % CONTEXT_STRIDE, pa = plat()->plic_base + CONTEXT_BASE;
	struct per_cpu *c = this_cpu();
	u64 own = c->hwid * plat()->contexts_per_hart + plat()->s_context;

	(void)arg;
	if (ctx->width != 4 || (reg != 0 && reg != CONTEXT_CLAIM) ||
	    !root_s_context(off))
		return MMIO_ERROR;
	if (ctx->write) {
		mmio_write(pa + off, 4, ctx->value);
		return MMIO_HANDLED;
	}
	ctx->value = mmio_read(pa + off, 4);
	if (reg == CONTEXT_CLAIM && !ctx->value &&
	    off / CONTEXT_STRIDE == own) {
		/* nothing left: the guest's interrupt is over */
		csr_clear(hvip, HVIP_VSEIP);
		csr_set(sie, SIE_SEIE);
	}
	return MMIO_HANDLED;
}

__attribute__((weak)) int riscv64_plic_cell_init(struct cell *cell)
{
	const struct hvisor_riscv64_platform *p = plat();
	int err;

	if (cell != &root_cell)
		return -EOPNOTSUPP;
	err = paging_map(&cell->stage2, p->plic_base, p->plic_base,
			 CONTEXT_BASE, MAP_RW | MAP_DEVICE);
	if (!err)
		err = mmio_register(cell, p->plic_base + CONTEXT_BASE,
				    p->plic_size - CONTEXT_BASE, context_access,
				    NULL);
	return err;
}

__attribute__((weak)) void riscv64_plic_cell_exit(struct cell *cell)
{
	(void)cell;
}
