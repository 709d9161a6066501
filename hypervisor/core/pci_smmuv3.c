/* The PCI host's SMMUv3, owned by the hypervisor: root devices bypass, a cell's devices translate through a stage-1 context built from the cell's RAM map; faults logged. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/page_alloc.h>
#include <hv/paging.h>
#include <hv/pci.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>

#define SMMU_IDR0 0x00
#define IDR0_S1P BIT(1)
#define IDR0_TTF_AA64 (2u << 2)
#define SMMU_CR0 0x20
#define SMMU_CR0ACK 0x24
#define CR0_SMMUEN BIT(0)
#define CR0_EVENTQEN BIT(2)
#define CR0_CMDQEN BIT(3)
#define SMMU_STRTAB_BASE 0x80
#define SMMU_STRTAB_BASE_CFG 0x88
#define SMMU_CMDQ_BASE 0x90
#define SMMU_CMDQ_PROD 0x98
#define SMMU_CMDQ_CONS 0x9c
#define SMMU_EVENTQ_BASE 0xa0
#define SMMU_EVENTQ_PROD 0x100a8
#define SMMU_EVENTQ_CONS 0x100ac

#define Q_LOG2 5 /* 32 entries in each queue */
#define Q_ENTRIES (1u << Q_LOG2)
#define Q_IDX(p) ((p) & (Q_ENTRIES - 1))
#define Q_WRAP(p) ((p)&Q_ENTRIES)

#define CMD_CFGI_STE 0x03
#define CMD_CFGI_CD 0x05
#define CMD_TLBI_NH_ALL 0x10
#define CMD_TLBI_NSNH_ALL 0x30
#define CMD_SYNC 0x46
#define CMD_CFGI_STE_RANGE 0x04

#define STE_V BIT(0)
#define STE_CFG_BYPASS (4u << 1)
#define STE_CFG_S1 (5u << 1)
#define STE_CTX_MASK 0x0000ffffffffffc0ULL

#define CD_WAIT_MS 10
#define MAX_SMMU_BUS 15 /* stream IDs of buses above have no entry */

static struct {
	u64 base; /* 0: no SMMU in use */
	u64 *strtab; /* 8 dwords per StreamID */
	unsigned int sids;
	u64 *cmdq; /* 2 dwords per command */
	u64 *evtq; /* 4 dwords per event */
	u32 cmd_prod;
	spinlock_t lock;
} smmu;

static u32 rd32(u64 off)
{
	return (u32)mmio_read(smmu.base + off, 4);
}

static void wr32(u64 off, u32 v)
{
	mmio_write(smmu.base + off, 4, v);
}

static void wr64(u64 off, u64 v)
{
	mmio_write(smmu.base + off, 8, v);
}

static void dsb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Queues a command and waits until the SMMU consumed everything. */
static void command(u64 w0, u64 w1)
{
	u64 *slot = &smmu.cmdq[2 * Q_IDX(smmu.cmd_prod)];
	u64 t0 = 0;

	slot[0] = w0;
	slot[1] = w1;
	arch_dcache_clean(slot, 16);
	dsb();
	smmu.cmd_prod = (smmu.cmd_prod + 1) & (2 * Q_ENTRIES - 1);
	wr32(SMMU_CMDQ_PROD, smmu.cmd_prod);
	t0 = arch_time_ms();
	while (rd32(SMMU_CMDQ_CONS) != smmu.cmd_prod)
		if (arch_time_ms() - t0 > CD_WAIT_MS) {
			printk("hvisor: SMMUv3 command 0x%lx not consumed\n",
			       (unsigned long)(w0 & 0xff));
			return;
		}
}

static void sync_ste(u16 sid)
{
	command(CMD_CFGI_STE | (u64)sid << 32, 1);
	command(CMD_CFGI_CD | (u64)sid << 32, 1);
	command(CMD_TLBI_NH_ALL, 0);
	command(CMD_SYNC, 0);
}

static void write_ste(u16 sid, u64 w0)
{
	u64 *ste = &smmu.strtab[8 * sid];

	memset(ste, 0, 64);
	ste[0] = w0;
	arch_dcache_clean(ste, 64);
	dsb();
}

static bool wait_ack(u32 want)
{
	u64 t0 = arch_time_ms();

	while (rd32(SMMU_CR0ACK) != want)
		if (arch_time_ms() - t0 > CD_WAIT_MS)
			return false;
	return true;
}

static unsigned int log2_up(unsigned int n)
{
	unsigned int l = 0;

	while ((1u << l) < n)
		l++;
	return l;
}

int pci_smmu_init(void)
{
	const struct hvisor_pci_host *h = &system_config->platform.pci;
	unsigned int log2, pages, sid;
	u32 idr0;
	int err;

	memset(&smmu, 0, sizeof(smmu));
	if (!h->smmu_base)
		return 0;
	err = paging_map(&hv_pt, h->smmu_base, h->smmu_base, h->smmu_size,
			 MAP_RW | MAP_DEVICE);
	if (err)
		return err;
	smmu.base = h->smmu_base;
	idr0 = rd32(SMMU_IDR0);
	if (!(idr0 & IDR0_S1P) || !(idr0 & IDR0_TTF_AA64)) {
		printk("hvisor: SMMUv3 at 0x%lx: no AArch64 stage 1 (IDR0 "
		       "0x%x): PCI devices of cells are not DMA-isolated\n",
		       (unsigned long)h->smmu_base, idr0);
		smmu.base = 0;
		return 0;
	}
	/*
	 * A linear table, aligned to its size (QEMU masks the base with it):
	 * buses 0-15 at most, twice the pages allocated to align them.
	 */
	log2 = log2_up((MIN(h->bus_end, MAX_SMMU_BUS) + 1) << 8);
	smmu.sids = 1u << log2;
	pages = ALIGN_UP(smmu.sids * 64, PAGE_SIZE) / PAGE_SIZE;
	smmu.strtab = page_zalloc(&mem_pool, 2 * pages);
	if (smmu.strtab)
		smmu.strtab =
			(u64 *)ALIGN_UP((u64)smmu.strtab, pages * PAGE_SIZE);
	smmu.cmdq = page_zalloc(&mem_pool, 1);
	smmu.evtq = page_zalloc(&mem_pool, 1);
	if (!smmu.strtab || !smmu.cmdq || !smmu.evtq)
		return -ENOMEM;
	/* every device bypasses, as without the SMMU: the root's keep working */
	for (sid = 0; sid < smmu.sids; sid++)
		smmu.strtab[8 * sid] = STE_V | STE_CFG_BYPASS;
	arch_dcache_clean(smmu.strtab, pages * PAGE_SIZE);
	wr32(SMMU_CR0, 0);
	if (!wait_ack(0))
		return -EIO;
	wr64(SMMU_STRTAB_BASE, (u64)smmu.strtab & 0x000fffffffffffc0ULL);
	wr32(SMMU_STRTAB_BASE_CFG, log2); /* linear */
	wr64(SMMU_CMDQ_BASE, (u64)smmu.cmdq | Q_LOG2);
	wr32(SMMU_CMDQ_PROD, 0);
	wr32(SMMU_CMDQ_CONS, 0);
	wr64(SMMU_EVENTQ_BASE, (u64)smmu.evtq | Q_LOG2);
	wr32(SMMU_EVENTQ_PROD, 0);
	wr32(SMMU_EVENTQ_CONS, 0);
	wr32(SMMU_CR0, CR0_CMDQEN | CR0_EVENTQEN);
	if (!wait_ack(CR0_CMDQEN | CR0_EVENTQEN))
		return -EIO;
	command(CMD_CFGI_STE_RANGE, 31);
	command(CMD_TLBI_NSNH_ALL, 0);
	command(CMD_SYNC, 0);
	wr32(SMMU_CR0, CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	if (!wait_ack(CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN))
		return -EIO;
	printk("hvisor: SMMUv3 at 0x%lx: %u stream IDs, root devices bypass, "
	       "cells' devices translate through their RAM map\n",
	       (unsigned long)h->smmu_base, smmu.sids);
	return 0;
}

bool pci_smmu_present(void)
{
	return smmu.base != 0;
}

/* The cell's devices see its guest-physical addresses: its RAM only. */
static int build_context(struct cell *cell)
{
	const struct hvisor_cell_desc *c = cell->config;
	const struct hvisor_mem_region *r = hvisor_cell_regions(c);
	struct page_table *pt = &cell->pci.iommu_pt;
	unsigned int n;
	u64 *cd;
	int err = paging_init(pt, &hv_pte_format, &mem_pool);

	for (n = 0; !err && n < c->num_mem_regions; n++, r++)
		if (r->type == HVISOR_MEM_TYPE_RAM)
			err = paging_map(pt, r->virt_start, r->phys_start,
					 r->size, MAP_RW);
	if (err)
		return err;
	cd = page_zalloc(&mem_pool, 1);
	if (!cd)
		return -ENOMEM;
	cell->pci.iommu_cd = cd;
	/* T0SZ, 4 KiB granule, WB inner shareable walks, TTB1 off; V */
	cd[0] = (64 - hv_pte_format.va_bits) | (1u << 8) | (1u << 10) |
		(3u << 12) | ((u64)(64 - hv_pte_format.va_bits) << 16) |
		(2u << 22) | BIT(30) | BIT(31);
	/* IPS 44 bits, AArch64, record faults, abort on fault, ASID */
	cd[0] |= (u64)(4u | BIT(9) | BIT(13) | BIT(14) |
		       ((cell->id & 0xffff) << 16))
		 << 32;
	cd[1] = (u64)pt->root & 0x000ffffffffffff0ULL;
	cd[3] = ~0ULL; /* MAIR: every index normal write-back memory */
	arch_dcache_clean(cd, 64);
	return 0;
}

int pci_smmu_prepare(struct cell *cell)
{
	unsigned int n;

	if (!smmu.base || !cell->pci.num)
		return 0;
	for (n = 0; n < cell->pci.num; n++)
		if (cell->pci.dev[n].bdf >= smmu.sids) {
			printk("cell %s: PCI stream 0x%x is beyond the SMMU's "
			       "stream table (buses 0-%u)\n",
			       cell->config->name, cell->pci.dev[n].bdf,
			       MAX_SMMU_BUS);
			return -EINVAL;
		}
	return build_context(cell);
}

void pci_smmu_attach(struct cell *cell)
{
	unsigned int n;

	if (!cell->pci.iommu_cd)
		return;
	spin_lock(&smmu.lock);
	for (n = 0; n < cell->pci.num; n++) {
		u16 sid = cell->pci.dev[n].bdf;

		write_ste(sid,
			  STE_V | STE_CFG_S1 |
				  ((u64)cell->pci.iommu_cd & STE_CTX_MASK));
		sync_ste(sid);
	}
	spin_unlock(&smmu.lock);
}

/* Logs the events the SMMU recorded since the last call. */
void pci_smmu_poll(void)
{
	u32 prod, cons;

	if (!smmu.base)
		return;
	spin_lock(&smmu.lock);
	prod = rd32(SMMU_EVENTQ_PROD) & (2 * Q_ENTRIES - 1);
	cons = rd32(SMMU_EVENTQ_CONS) & (2 * Q_ENTRIES - 1);
	while (cons != prod) {
		u64 *e = &smmu.evtq[4 * Q_IDX(cons)];

		arch_dcache_clean(e, 32);
		printk("hvisor: SMMUv3 fault: event 0x%x, stream 0x%x (PCI "
		       "%02x:%02x.%u), address 0x%lx, %s\n",
		       (unsigned int)(e[0] & 0xff), (unsigned int)(e[0] >> 32),
		       (unsigned int)(e[0] >> 40) & 0xff,
		       (unsigned int)(e[0] >> 35) & 0x1f,
		       (unsigned int)(e[0] >> 32) & 7, (unsigned long)e[2],
		       (e[0] & 0xff) == 0x10 ? "translation fault: DMA "
					       "outside the cell's RAM" :
					       "configuration or other");
		cons = (cons + 1) & (2 * Q_ENTRIES - 1);
	}
	wr32(SMMU_EVENTQ_CONS, cons);
	spin_unlock(&smmu.lock);
}

void pci_smmu_detach(struct cell *cell)
{
	unsigned int n;

	if (!smmu.base || !cell->pci.iommu_cd)
		return;
	pci_smmu_poll();
	spin_lock(&smmu.lock);
	for (n = 0; n < cell->pci.num; n++) {
		write_ste(cell->pci.dev[n].bdf, STE_V | STE_CFG_BYPASS);
		sync_ste(cell->pci.dev[n].bdf);
	}
	spin_unlock(&smmu.lock);
}

void pci_smmu_free(struct cell *cell)
{
	if (!cell->pci.iommu_cd && !cell->pci.iommu_pt.root)
		return;
	paging_destroy(&cell->pci.iommu_pt);
	if (cell->pci.iommu_cd)
		page_free(&mem_pool, cell->pci.iommu_cd, 1);
	cell->pci.iommu_cd = NULL;
}
