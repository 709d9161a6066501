/* A cell's virtual PLIC (and in AIA mode its virtual APLIC) on the cell: windows, sources from the config, core's injections, hvip.VSEIP or MSIs, physical completes. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/mmio.h>
#include <hv/page_alloc.h>
#include <hv/percpu.h>
#include <hv/vcpu.h>
#include <hvisor/virtio.h>
#include <asm/aia.h>
#include <asm/csr.h>
#include <asm/plic.h>
#include <asm/vaplic.h>
#include <asm/vplic.h>
#include <hv/printk.h>

/*
 * The cells' virtual PLIC: the PLIC's layout, or in AIA mode the fields
 * that describe it (no PLIC exists; riscv64_aia_init checked them).
 */
static const struct hvisor_riscv64_platform *cell_plic_platform(void)
{
	if (riscv64_aia_active())
		return &system_config->platform.arch.riscv64;
	return riscv64_plic_platform();
}

#define VPLIC_PAGES (ALIGN_UP(sizeof(struct vplic_cell), PAGE_SIZE) / PAGE_SIZE)

struct vplic_cell {
	struct vplic model;
	/*
	 * AIA mode: the virtual APLIC (MSI mode) beside it, for Linux; the
	 * cell's interrupts go to the one the guest enabled (vaplic_active)
	 */
	struct vaplic aplic;
	struct cell *cell;
	unsigned int hw_cpu; /* where its physical sources are routed */
	unsigned int msis_dropped;
};

/*
 * vCPU v's level changed (model lock held): the hart that runs it sets
 * hvip.VSEIP itself, on its next flush; the calling hart does it now.
 */
static void set_vseip(void *arg, unsigned int v, bool level)
{
	struct vplic_cell *vc = arg;
	unsigned int cpu = vc->cell->vcpu_cpu[v];

	if (cpu == this_cpu()->cpu_id) {
		if (level)
			csr_set(hvip, HVIP_VSEIP);
		else
			csr_clear(hvip, HVIP_VSEIP);
		return;
	}
	vcpu_request(cpu, VCPU_REQ_INJECT);
}

static void hw_complete(void *arg, unsigned int src)
{
	struct vplic_cell *vc = arg;

	riscv64_plic_complete(vc->cell, vc->hw_cpu, src);
}

static const struct vplic_ops cell_ops = { set_vseip, hw_complete };

/*
 * An MSI of the virtual APLIC: hart index = vCPU, guest index 0 = the
 * vCPU's file (the cell's IMSIC, asm/aia.h), written into the physical
 * guest file of the vCPU's hart; whatever names no file of the cell is
 * dropped (logged the first few times).
 */
static void vaplic_msi(void *arg, u32 hart, u32 guest, u32 eiid)
{
	struct vplic_cell *vc = arg;
	struct cell *cell = vc->cell;

	if (!guest && riscv64_aia_cell_msi(cell, hart, eiid))
		return;
	if (vc->msis_dropped++ < 4)
		printk("hvisor: cell %s: vAPLIC MSI to hart %u guest %u "
		       "identity %u dropped (not one of its IMSIC files)\n",
		       cell->config->name, hart, guest, eiid);
}

static const struct vaplic_ops cell_aplic_ops = { vaplic_msi };

static enum mmio_result vaplic_mmio(void *arg, struct emu_context *ctx, u64 off)
{
	struct vplic_cell *vc = arg;

	vaplic_access(&vc->aplic, per_cpu(ctx->cpu)->vcpu.id, off, ctx->width,
		      ctx->write, &ctx->value);
	return MMIO_HANDLED;
}

static enum mmio_result vplic_mmio(void *arg, struct emu_context *ctx, u64 off)
{
	struct vplic_cell *vc = arg;

	/* a refused access reads 0 (logged by the model), as the root's filter */
	vplic_access(&vc->model, per_cpu(ctx->cpu)->vcpu.id, off, ctx->width,
		     ctx->write, &ctx->value);
	return MMIO_HANDLED;
}

static int add_virtual(struct vplic_cell *vc, unsigned int src)
{
	int err = vplic_add_source(&vc->model, src, false);

	return err || !riscv64_aia_active() ?
		       err :
		       vaplic_add_source(&vc->aplic, src);
}

/* The models as the cell starts (no sources yet). */
static void init_models(struct vplic_cell *vc,
			const struct hvisor_riscv64_platform *p)
{
	vplic_init(&vc->model, p->num_sources,
		   hweight64(vc->cell->config->cpus), p->contexts_per_hart,
		   p->s_context, p->plic_size, &cell_ops, vc);
	if (riscv64_aia_active())
		vaplic_init(&vc->aplic, p->num_sources, p->aplic_size,
			    &cell_aplic_ops, vc);
}

/* The cell's sources: console, doorbell, virtio (virtual), its own (physical). */
static int add_sources(struct vplic_cell *vc, const struct hvisor_cell_desc *d)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(d);
	unsigned int n, src;
	int err = 0;

	if (d->console_base)
		err = add_virtual(vc, d->console_irq);
	if (!err && d->doorbell_irq)
		err = add_virtual(vc, d->doorbell_irq);
	for (n = 0; !err && n < d->num_mem_regions; n++, r++)
		if (r->type == HVISOR_MEM_TYPE_VIRTIO &&
		    HVISOR_MEM_VIRTIO_IRQ(r->flags))
			err = add_virtual(vc, HVISOR_MEM_VIRTIO_IRQ(r->flags));
	for (src = 1; !err && src < vc->model.num_sources; src++)
		if (d->irqs[src / 32] & (1u << (src % 32)))
			err = vplic_add_source(&vc->model, src, true);
	return err;
}

int riscv64_vplic_cell_init(struct cell *cell)
{
	const struct hvisor_riscv64_platform *p = cell_plic_platform();
	const struct hvisor_cell_desc *d = cell->config;
	struct vplic_cell *vc;
	int err;

	if (!p || cell == &root_cell)
		return 0;
	if (!d->cpus || hweight64(d->cpus) > VPLIC_MAX_VCPUS)
		return -EINVAL;
	vc = page_zalloc(&mem_pool, VPLIC_PAGES);
	if (!vc)
		return -ENOMEM;
	vc->cell = cell;
	/* vCPU 0's CPU (no ffs: no libgcc in the image) */
	while (!(d->cpus & BIT(vc->hw_cpu)))
		vc->hw_cpu++;
	init_models(vc, p);
	err = add_sources(vc, d);
	if (!err)
		err = mmio_register(cell, p->plic_base, p->plic_size,
				    vplic_mmio, vc);
	/* AIA: the virtual APLIC where the platform's S APLIC is */
	if (!err && riscv64_aia_active())
		err = mmio_register(cell, p->aplic_base, p->aplic_size,
				    vaplic_mmio, vc);
	if (err) {
		page_free(&mem_pool, vc, VPLIC_PAGES);
		return err;
	}
	cell->arch.vplic = vc;
	return 0;
}

void riscv64_vplic_cell_exit(struct cell *cell)
{
	if (!cell->arch.vplic)
		return;
	page_free(&mem_pool, cell->arch.vplic, VPLIC_PAGES);
	cell->arch.vplic = NULL;
}

void riscv64_vplic_reset(struct cell *cell)
{
	const struct hvisor_riscv64_platform *p = cell_plic_platform();
	struct vplic_cell *vc = cell->arch.vplic;
	u32 open[VPLIC_WORDS];
	unsigned int w, src;

	if (!vc || !p)
		return;
	/* physical sources claimed at HS and not completed by the guest */
	spin_lock(&vc->model.lock);
	for (w = 0; w < VPLIC_WORDS; w++)
		open[w] = vc->model.hw[w] &
			  (vc->model.pending[w] | vc->model.claimed[w]);
	spin_unlock(&vc->model.lock);
	for (src = 1; src < VPLIC_MAX_SOURCES; src++)
		if (open[src / 32] & (1u << (src % 32)))
			riscv64_plic_complete(cell, vc->hw_cpu, src);
	init_models(vc, p);
	add_sources(vc, cell->config);
}

int riscv64_vplic_start(struct cell *cell)
{
	struct vplic_cell *vc = cell->arch.vplic;

	/* AIA: no physical sources to route (the cell has none) */
	if (!vc || riscv64_aia_active())
		return 0;
	return riscv64_plic_route(cell, vc->hw_cpu);
}

void riscv64_vplic_flush(struct vcpu *vcpu)
{
	struct cell *cell = vcpu_per_cpu(vcpu)->cell;
	struct vplic_cell *vc = cell->arch.vplic;
	unsigned int w, b;
	u32 bits;

	if (!vc)
		return;
	for (w = 0; w < HVISOR_MAX_IRQS / 32; w++) {
		bits = __atomic_exchange_n(&vcpu->pending_irqs[w], 0,
					   __ATOMIC_SEQ_CST);
		for (b = 0; bits; b++, bits >>= 1) {
			if (!(bits & 1))
				continue;
			if (riscv64_aia_active() && vaplic_active(&vc->aplic))
				vaplic_inject(&vc->aplic, w * 32 + b);
			else
				vplic_inject(&vc->model, w * 32 + b);
		}
	}
	if (vplic_vseip(&vc->model, vcpu->id))
		csr_set(hvip, HVIP_VSEIP);
	else
		csr_clear(hvip, HVIP_VSEIP);
}

void riscv64_vplic_hw_irq(struct cell *cell, unsigned int src)
{
	struct vplic_cell *vc = cell->arch.vplic;

	if (vc)
		vplic_hw_pending(&vc->model, src);
	else
		riscv64_plic_complete(cell, this_cpu()->cpu_id, src);
}
