/* PCI passthrough: the root's ECAM filter, a cell's ownership of its devices (checked, taken, reset and given back). */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/paging.h>
#include <hv/pci.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>

#include <hv/pci_regs.h>

#define MAX_OWNED (MAX_CELLS * HVISOR_CELL_MAX_PCI_DEVICES)
#define FLR_WAIT_MS 100 /* PCIe: a function is ready 100 ms after an FLR */

/* Functions lent to cells; pci_lock guards it and the root's accesses. */
static struct {
	u16 bdf;
	const struct cell *cell; /* NULL: free slot */
} owned[MAX_OWNED];
static spinlock_t pci_lock = SPINLOCK_INIT;

static const struct hvisor_pci_host *host(void)
{
	return &system_config->platform.pci;
}

u64 pci_cfg_addr(u16 bdf, unsigned int reg)
{
	const struct hvisor_pci_host *h = host();

	return h->ecam_base + ((u64)(bdf - (h->bus_start << 8)) << 12) + reg;
}

u64 pci_cfg_read(u16 bdf, unsigned int reg, unsigned int width)
{
	return mmio_read(pci_cfg_addr(bdf, reg), width);
}

void pci_cfg_write(u16 bdf, unsigned int reg, unsigned int width, u64 value)
{
	mmio_write(pci_cfg_addr(bdf, reg), width, value);
}

u64 pci_ones(unsigned int width)
{
	return width >= 8 ? ~0ULL : (1ULL << (width * 8)) - 1;
}

static bool is_owned(u16 bdf)
{
	unsigned int n;

	for (n = 0; n < MAX_OWNED; n++)
		if (owned[n].cell && owned[n].bdf == bdf)
			return true;
	return false;
}

int pci_init(void)
{
	const struct hvisor_pci_host *h = host();

	if (!h->ecam_base)
		return 0;
	memset(owned, 0, sizeof(owned));
	return paging_map(&hv_pt, h->ecam_base, h->ecam_base, h->ecam_size, MAP_RW | MAP_DEVICE) ?:
		       pci_smmu_init();
}

/*
 * The root's accesses to the ECAM window: passed through, except to a
 * function a cell owns, which reads as absent (all ones) and takes no
 * writes.
 */
static enum mmio_result root_ecam(void *arg, struct emu_context *ctx, u64 off)
{
	u16 bdf = (u16)((host()->bus_start << 8) + (off >> 12));

	(void)arg;
	spin_lock(&pci_lock);
	if (is_owned(bdf)) {
		if (!ctx->write)
			ctx->value = pci_ones(ctx->width);
	} else if (ctx->write) {
		mmio_write(host()->ecam_base + off, ctx->width, ctx->value);
	} else {
		ctx->value = mmio_read(host()->ecam_base + off, ctx->width);
	}
	spin_unlock(&pci_lock);
	return MMIO_HANDLED;
}

int pci_root_init(struct cell *root)
{
	const struct hvisor_pci_host *h = host();

	if (!h->ecam_base)
		return 0;
	return mmio_register(root, h->ecam_base, h->ecam_size, root_ecam, NULL);
}

/* The capabilities the cell may not write (MSI, MSI-X) and PCIe's. */
static void find_caps(struct pci_dev *d)
{
	unsigned int ptr, guard, id;
	u16 ctrl;

	if (!(pci_cfg_read(d->bdf, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return;
	ptr = pci_cfg_read(d->bdf, PCI_CAPABILITY_LIST, 1) & ~3u;
	for (guard = 0; ptr >= 0x40 && guard < 48; guard++) {
		id = pci_cfg_read(d->bdf, ptr, 1);
		if (id == PCI_CAP_ID_MSI) {
			ctrl = pci_cfg_read(d->bdf, ptr + 2, 2);
			d->msi_cap = ptr;
			d->msi_len = (ctrl & PCI_MSI_FLAGS_64BIT ? 14 : 10) +
				     (ctrl & PCI_MSI_FLAGS_MASKBIT ? 10 : 0);
		} else if (id == PCI_CAP_ID_MSIX) {
			d->msix_cap = ptr;
		} else if (id == PCI_CAP_ID_EXP) {
			d->pcie_cap = ptr;
		}
		ptr = pci_cfg_read(d->bdf, ptr + 1, 1) & ~3u;
	}
}

/* Reads the BARs and their size masks (decoding off meanwhile). */
static void size_bars(struct pci_dev *d)
{
	u16 cmd = pci_cfg_read(d->bdf, PCI_COMMAND, 2);
	unsigned int i, reg;

	pci_cfg_write(d->bdf, PCI_COMMAND, 2,
		      cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (i = 0; i < PCI_NUM_BARS; i++) {
		reg = PCI_BASE_ADDRESS_0 + 4 * i;
		d->bar[i] = pci_cfg_read(d->bdf, reg, 4);
		pci_cfg_write(d->bdf, reg, 4, 0xffffffff);
		d->bar_mask[i] = pci_cfg_read(d->bdf, reg, 4);
		pci_cfg_write(d->bdf, reg, 4, d->bar[i]);
	}
	pci_cfg_write(d->bdf, PCI_COMMAND, 2, cmd);
}

static void print_bdf(const char *cell, u16 bdf, const char *what)
{
	printk("cell %s: PCI %02x:%02x.%u %s\n", cell, HVISOR_PCI_BUS(bdf),
	       HVISOR_PCI_DEV(bdf), HVISOR_PCI_FN(bdf), what);
}

static bool in_window(u64 addr, u64 size)
{
	const struct hvisor_pci_host *h = host();
	unsigned int i;

	for (i = 0; i < HVISOR_PCI_MAX_WINDOWS; i++)
		if (h->windows[i].size && addr >= h->windows[i].base &&
		    addr + size <= h->windows[i].base + h->windows[i].size)
			return true;
	return false;
}

/* An identity-mapped io region of the cell holds [addr, addr + size). */
static bool in_cell_io(const struct hvisor_cell_desc *c, u64 addr, u64 size)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(c);
	unsigned int n;

	for (n = 0; n < c->num_mem_regions; n++, r++)
		if (r->type == HVISOR_MEM_TYPE_IO &&
		    r->phys_start == r->virt_start && addr >= r->phys_start &&
		    addr + size <= r->phys_start + r->size)
			return true;
	return false;
}

/* Each memory BAR in a host window and in the cell's own io regions. */
static int check_bars(const struct hvisor_cell_desc *c, const struct pci_dev *d)
{
	unsigned int i;
	u64 addr, mask, size;

	for (i = 0; i < PCI_NUM_BARS; i++) {
		u32 v = d->bar[i], m = d->bar_mask[i];

		if (!m || (v & PCI_BASE_ADDRESS_SPACE_IO))
			continue; /* unimplemented, or I/O space */
		addr = v & PCI_BASE_ADDRESS_MEM_MASK;
		mask = m & PCI_BASE_ADDRESS_MEM_MASK;
		if ((v & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
			    PCI_BASE_ADDRESS_MEM_TYPE_64 &&
		    i + 1 < PCI_NUM_BARS) {
			addr |= (u64)d->bar[i + 1] << 32;
			mask |= (u64)d->bar_mask[i + 1] << 32;
		} else {
			mask |= 0xffffffff00000000ULL;
		}
		size = ~mask + 1;
		if (!addr) {
			printk("cell %s: PCI %02x:%02x.%u BAR %u is not "
			       "assigned\n",
			       c->name, HVISOR_PCI_BUS(d->bdf),
			       HVISOR_PCI_DEV(d->bdf), HVISOR_PCI_FN(d->bdf),
			       i);
			return -EINVAL;
		}
		if (!in_window(addr, size) || !in_cell_io(c, addr, size)) {
			printk("cell %s: PCI %02x:%02x.%u BAR %u 0x%lx+0x%lx "
			       "is not inside %s\n",
			       c->name, HVISOR_PCI_BUS(d->bdf),
			       HVISOR_PCI_DEV(d->bdf), HVISOR_PCI_FN(d->bdf), i,
			       (unsigned long)addr, (unsigned long)size,
			       in_window(addr, size) ?
				       "an identity-mapped io region of the cell" :
				       "a window of the PCI host (platform.pci.windows)");
			return -EINVAL;
		}
		if ((v & PCI_BASE_ADDRESS_MEM_TYPE_MASK) ==
		    PCI_BASE_ADDRESS_MEM_TYPE_64)
			i++;
	}
	return 0;
}

/* INTx: the swizzled interrupt of the pin, which the cell must own. */
static int check_intx(const struct hvisor_cell_desc *c, struct pci_dev *d)
{
	const struct hvisor_pci_host *h = host();
	unsigned int pin = pci_cfg_read(d->bdf, PCI_INTERRUPT_PIN, 1);

	if (!pin)
		return 0;
	if (pin > 4 || HVISOR_PCI_BUS(d->bdf) != h->bus_start) {
		print_bdf(c->name, d->bdf,
			  "has an INTx pin behind a bridge or out of range: "
			  "not supported");
		return -EINVAL;
	}
	d->irq = h->intx_irqs[(HVISOR_PCI_DEV(d->bdf) + pin - 1) % 4];
	if (!(c->irqs[d->irq / 32] & (1u << (d->irq % 32)))) {
		printk("cell %s: PCI %02x:%02x.%u raises INTx interrupt %u, "
		       "which is not in the cell's interrupts\n",
		       c->name, HVISOR_PCI_BUS(d->bdf), HVISOR_PCI_DEV(d->bdf),
		       HVISOR_PCI_FN(d->bdf), d->irq);
		return -EINVAL;
	}
	return 0;
}

static int check_device(const struct hvisor_cell_desc *c, struct pci_dev *d)
{
	u32 id = pci_cfg_read(d->bdf, PCI_VENDOR_ID, 4);

	if ((id & 0xffff) == 0xffff || !(id & 0xffff)) {
		print_bdf(c->name, d->bdf, "is not present");
		return -ENODEV;
	}
	if (is_owned(d->bdf)) {
		print_bdf(c->name, d->bdf, "belongs to another cell");
		return -EBUSY;
	}
	if ((pci_cfg_read(d->bdf, PCI_HEADER_TYPE, 1) & 0x7f) !=
	    PCI_HEADER_TYPE_NORMAL) {
		print_bdf(c->name, d->bdf,
			  "is a bridge: only endpoints can be lent");
		return -EINVAL;
	}
	size_bars(d);
	find_caps(d);
	return check_bars(c, d) ?: check_intx(c, d);
}

int pci_cell_init(struct cell *cell)
{
	const struct hvisor_cell_desc *c = cell->config;
	unsigned int n;
	int err = 0;

	memset(&cell->pci, 0, sizeof(cell->pci));
	if (!c->num_pci_devices)
		return 0;
	if (!host()->ecam_base)
		return -EINVAL; /* the checker refused it already */
	spin_lock(&pci_lock);
	for (n = 0; !err && n < c->num_pci_devices; n++) {
		cell->pci.dev[n].bdf = c->pci_devices[n].bdf;
		err = check_device(c, &cell->pci.dev[n]);
	}
	spin_unlock(&pci_lock);
	if (err)
		return err;
	cell->pci.num = c->num_pci_devices;
	return pci_smmu_prepare(cell) ?: pci_vecam_init(cell);
}

/* Clears MSI and MSI-X enable: the cell's device interrupts are INTx. */
static void msi_off(const struct pci_dev *d)
{
	u16 ctrl;

	if (d->msi_cap) {
		ctrl = pci_cfg_read(d->bdf, d->msi_cap + 2, 2);
		pci_cfg_write(d->bdf, d->msi_cap + 2, 2,
			      ctrl & ~PCI_MSI_FLAGS_ENABLE);
	}
	if (d->msix_cap) {
		ctrl = pci_cfg_read(d->bdf, d->msix_cap + 2, 2);
		pci_cfg_write(d->bdf, d->msix_cap + 2, 2,
			      ctrl & ~PCI_MSIX_FLAGS_ENABLE);
	}
}

void pci_cell_take(struct cell *cell)
{
	unsigned int n, slot;

	if (!cell->pci.num)
		return;
	spin_lock(&pci_lock);
	for (n = 0; n < cell->pci.num; n++) {
		struct pci_dev *d = &cell->pci.dev[n];

		for (slot = 0; slot < MAX_OWNED - 1 && owned[slot].cell; slot++)
			;
		owned[slot].bdf = d->bdf;
		owned[slot].cell = cell;
		d->root_command = pci_cfg_read(d->bdf, PCI_COMMAND, 2);
		/* quiet until the cell enables it: no decoding, no DMA */
		pci_cfg_write(d->bdf, PCI_COMMAND, 2, 0);
		msi_off(d);
	}
	spin_unlock(&pci_lock);
	pci_smmu_attach(cell);
	for (n = 0; n < cell->pci.num; n++)
		print_bdf(
			cell->config->name, cell->pci.dev[n].bdf,
			cell->pci.iommu_cd ?
				"taken from the root; it translates its DMA "
				"through the cell's SMMUv3 context (the "
				"cell's RAM only)" :
				"taken from the root; no IOMMU: the cell is not "
				"DMA-isolated (its device can reach all "
				"memory)");
}

void pci_cell_quiesce(struct cell *cell)
{
	unsigned int n;

	spin_lock(&pci_lock);
	for (n = 0; n < cell->pci.num; n++)
		pci_cfg_write(cell->pci.dev[n].bdf, PCI_COMMAND, 2, 0);
	spin_unlock(&pci_lock);
}

static bool has_flr(const struct pci_dev *d)
{
	return d->pcie_cap &&
	       (pci_cfg_read(d->bdf, d->pcie_cap + PCI_EXP_DEVCAP, 4) &
		PCI_EXP_DEVCAP_FLR);
}

static void reset_device(const struct cell *cell, const struct pci_dev *d)
{
	bool flr = has_flr(d);
	unsigned int i;
	u64 t0;

	pci_cfg_write(d->bdf, PCI_COMMAND, 2, 0);
	msi_off(d);
	if (flr) {
		u16 ctl = pci_cfg_read(d->bdf, d->pcie_cap + PCI_EXP_DEVCTL, 2);

		pci_cfg_write(d->bdf, d->pcie_cap + PCI_EXP_DEVCTL, 2,
			      ctl | PCI_EXP_DEVCTL_BCR_FLR);
		/* still owned: the root sees it absent meanwhile */
		spin_unlock(&pci_lock);
		t0 = arch_time_ms();
		while (arch_time_ms() - t0 < FLR_WAIT_MS)
			;
		spin_lock(&pci_lock);
	}
	for (i = 0; i < PCI_NUM_BARS; i++)
		pci_cfg_write(d->bdf, PCI_BASE_ADDRESS_0 + 4 * i, 4, d->bar[i]);
	pci_cfg_write(d->bdf, PCI_COMMAND, 2, d->root_command);
	print_bdf(cell->config->name, d->bdf,
		  flr ? "reset (FLR), given back to the root" :
			"disabled (no FLR), given back to the root");
}

void pci_cell_release(struct cell *cell)
{
	unsigned int n, slot;

	spin_lock(&pci_lock);
	for (n = 0; n < cell->pci.num; n++) {
		reset_device(cell, &cell->pci.dev[n]);
		for (slot = 0; slot < MAX_OWNED; slot++)
			if (owned[slot].cell == cell &&
			    owned[slot].bdf == cell->pci.dev[n].bdf)
				owned[slot].cell = NULL;
	}
	spin_unlock(&pci_lock);
	pci_smmu_detach(cell);
}
