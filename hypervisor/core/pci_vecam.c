/* A cell's virtual ECAM window: the host bridge read-only, its own functions with fixed BARs and filtered writes, nothing else. */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/pci.h>
#include <hv/pci_regs.h>

/* Command bits a cell may set: no I/O space (none is mapped). */
#define CELL_COMMAND                                                    \
	(PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | PCI_COMMAND_PARITY | \
	 PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE)

static bool overlaps(unsigned int a, unsigned int alen, unsigned int b,
		     unsigned int blen)
{
	return a < b + blen && b < a + alen;
}

static struct pci_dev *cell_dev(struct cell *cell, u16 bdf)
{
	unsigned int n;

	for (n = 0; n < cell->pci.num; n++)
		if (cell->pci.dev[n].bdf == bdf)
			return &cell->pci.dev[n];
	return NULL;
}

/* The dword the cell sees at a BAR or the expansion ROM (reg 4-aligned). */
static u32 virtual_dword(const struct pci_dev *d, unsigned int reg)
{
	unsigned int i;

	if (reg == PCI_ROM_ADDRESS)
		return 0; /* no ROM */
	i = (reg - PCI_BASE_ADDRESS_0) / 4;
	return d->sizing & BIT(i) ? d->bar_mask[i] : d->bar[i];
}

static bool is_virtual(unsigned int reg)
{
	return (reg >= PCI_BASE_ADDRESS_0 && reg < PCI_BASE_ADDRESS_END) ||
	       (reg >= PCI_ROM_ADDRESS && reg < PCI_ROM_ADDRESS + 4);
}

static u64 dev_read(const struct pci_dev *d, unsigned int reg,
		    unsigned int width)
{
	u64 v = pci_cfg_read(d->bdf, reg, width);
	unsigned int b, r;

	/* BARs and ROM byte by byte from what the root enumerated */
	for (b = 0; b < width; b++) {
		r = reg + b;
		if (!is_virtual(r))
			continue;
		v &= ~(0xffULL << (8 * b));
		v |= (u64)((virtual_dword(d, r & ~3u) >> (8 * (r & 3))) & 0xff)
		     << (8 * b);
	}
	return v;
}

/* A write to the BARs or ROM: all ones starts sizing, anything else ends it. */
static void bar_write(struct pci_dev *d, unsigned int reg, unsigned int width,
		      u64 value)
{
	unsigned int r, i;

	for (r = reg & ~3u; r < reg + width; r += 4) {
		if (r < PCI_BASE_ADDRESS_0 || r >= PCI_BASE_ADDRESS_END)
			continue;
		i = (r - PCI_BASE_ADDRESS_0) / 4;
		if (width >= 4 && r >= reg &&
		    (u32)(value >> (8 * (r - reg))) == 0xffffffff)
			d->sizing |= BIT(i);
		else
			d->sizing &= ~BIT(i);
	}
}

static void dev_write(struct pci_dev *d, unsigned int reg, unsigned int width,
		      u64 value)
{
	unsigned int b, r;

	/* MSI and MSI-X stay off: the cell's interrupt is INTx */
	if ((d->msi_cap && overlaps(reg, width, d->msi_cap, d->msi_len)) ||
	    (d->msix_cap && overlaps(reg, width, d->msix_cap, PCI_MSIX_LEN)))
		return;
	if (overlaps(reg, width, PCI_BASE_ADDRESS_0,
		     PCI_BASE_ADDRESS_END - PCI_BASE_ADDRESS_0) ||
	    overlaps(reg, width, PCI_ROM_ADDRESS, 4)) {
		bar_write(d, reg, width, value);
		return;
	}
	for (b = 0; b < width; b++) {
		r = reg + b;
		/* command: only the bits a cell may set */
		if (r == PCI_COMMAND || r == PCI_COMMAND + 1)
			value &=
				~((u64)(~(CELL_COMMAND >> (8 * (r - 4))) & 0xff)
				  << (8 * b));
		/* no FLR from the cell: it would lose the fixed BARs */
		if (d->pcie_cap && r == d->pcie_cap + PCI_EXP_DEVCTL + 1u)
			value &= ~((u64)(PCI_EXP_DEVCTL_BCR_FLR >> 8)
				   << (8 * b));
	}
	pci_cfg_write(d->bdf, reg, width, value);
}

static enum mmio_result cell_ecam(void *arg, struct emu_context *ctx, u64 off)
{
	const struct hvisor_pci_host *h = &system_config->platform.pci;
	u16 bdf = (u16)((h->bus_start << 8) + (off >> 12));
	unsigned int reg = off & 0xfff;
	struct cell *cell = arg;
	struct pci_dev *d;

	if (reg & (ctx->width - 1)) {
		if (!ctx->write)
			ctx->value = pci_ones(ctx->width);
		return MMIO_HANDLED; /* unaligned: ignored */
	}
	d = cell_dev(cell, bdf);
	if (d && ctx->write)
		dev_write(d, reg, ctx->width, ctx->value);
	else if (d)
		ctx->value = dev_read(d, reg, ctx->width);
	else if (bdf == (h->bus_start << 8) && !ctx->write)
		/* the host bridge, read-only, so the cell finds a bus */
		ctx->value = pci_cfg_read(bdf, reg, ctx->width);
	else if (!ctx->write)
		ctx->value = pci_ones(ctx->width);
	return MMIO_HANDLED;
}

int pci_vecam_init(struct cell *cell)
{
	return mmio_register(cell, cell->config->pci_ecam_base,
			     system_config->platform.pci.ecam_size, cell_ecam,
			     cell);
}
