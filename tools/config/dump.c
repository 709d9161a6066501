/* Human-readable dump of binary configs (hvisor config dump). */
#include "config/dump.h"
#include "config/arch.h"

#include <inttypes.h>
#include <string.h>

static const struct {
	uint32_t bit;
	const char *name;
} mem_flags[] = {
	{ HVISOR_MEM_READ, "read" },
	{ HVISOR_MEM_WRITE, "write" },
	{ HVISOR_MEM_EXECUTE, "execute" },
	{ HVISOR_MEM_DMA, "dma" },
	{ HVISOR_MEM_IO, "io" },
	{ HVISOR_MEM_ROOTSHARED, "rootshared" },
	{ HVISOR_MEM_LOADABLE, "loadable" },
};

static const char *const type_names[] = { "ram", "io", "virtio", "testdev" };

void config_format_size(uint64_t size, char *buf, size_t len)
{
	static const char *const units[] = { "GiB", "MiB", "KiB" };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		uint64_t unit = 1ULL << (30 - 10 * i);

		if (size && size % unit == 0) {
			snprintf(buf, len, "%" PRIu64 " %s", size / unit,
				 units[i]);
			return;
		}
	}
	snprintf(buf, len, "%" PRIu64 " bytes", size);
}

static int test_bit(const uint32_t *bitmap, unsigned int n)
{
	return (bitmap[n / 32] >> (n % 32)) & 1;
}

void config_format_ids(const uint32_t *bitmap, unsigned int nbits, char *buf,
		       size_t size)
{
	size_t used = 0;
	unsigned int n = 0, first;

	buf[0] = '\0';
	while (n < nbits) {
		if (!test_bit(bitmap, n)) {
			n++;
			continue;
		}
		first = n;
		while (n + 1 < nbits && test_bit(bitmap, n + 1))
			n++;
		if (used < size) {
			int w = first == n ?
					snprintf(buf + used, size - used,
						 "%s%u", used ? "," : "",
						 first) :
					snprintf(buf + used, size - used,
						 "%s%u-%u", used ? "," : "",
						 first, n);
			used += w > 0 ? (size_t)w : 0;
		}
		n++;
	}
	if (!buf[0])
		snprintf(buf, size, "none");
}

static void format_flags(uint32_t flags, char *buf, size_t size)
{
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < sizeof(mem_flags) / sizeof(mem_flags[0]); i++) {
		if (!(flags & mem_flags[i].bit) || used >= size)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 used ? "," : "", mem_flags[i].name);
		flags &= ~mem_flags[i].bit;
	}
	if (flags && used < size)
		snprintf(buf + used, size - used, "%s0x%x", used ? "," : "",
			 flags);
	else if (!buf[0])
		snprintf(buf, size, "none");
}

static void dump_region(FILE *f, unsigned int i,
			const struct hvisor_mem_region *r)
{
	char size[32], flags[96], phys[48];

	config_format_size(r->size, size, sizeof(size));
	format_flags(r->flags, flags, sizeof(flags));
	/* Emulated regions of cells have no physical memory. */
	if (r->type >= HVISOR_MEM_TYPE_VIRTIO && !r->phys_start)
		snprintf(phys, sizeof(phys), "none");
	else
		snprintf(phys, sizeof(phys), "0x%" PRIx64 "-0x%" PRIx64,
			 r->phys_start, r->phys_start + r->size - 1);
	fprintf(f,
		"    [%u] %s phys %s virt 0x%" PRIx64 " size 0x%" PRIx64
		" (%s) flags %s\n",
		i, r->type < 4 ? type_names[r->type] : "unknown-type", phys,
		r->virt_start, r->size, size, flags);
}

/* A cell's PCI functions and its ECAM window, when it has any. */
static void dump_pci_devices(FILE *f, const struct hvisor_cell_desc *cell)
{
	uint32_t i;

	if (!cell->num_pci_devices)
		return;
	fprintf(f, "  pci devices:");
	for (i = 0;
	     i < cell->num_pci_devices && i < HVISOR_CELL_MAX_PCI_DEVICES; i++)
		fprintf(f, " %02x:%02x.%u",
			HVISOR_PCI_BUS(cell->pci_devices[i].bdf),
			HVISOR_PCI_DEV(cell->pci_devices[i].bdf),
			HVISOR_PCI_FN(cell->pci_devices[i].bdf));
	fprintf(f, ", ECAM window at 0x%" PRIx64 "\n", cell->pci_ecam_base);
}

static void dump_cell(FILE *f, const char *what,
		      const struct hvisor_cell_desc *cell)
{
	const struct hvisor_mem_region *regions = hvisor_cell_regions(cell);
	uint32_t cpus[2] = { (uint32_t)cell->cpus,
			     (uint32_t)(cell->cpus >> 32) };
	char name[HVISOR_NAME_LEN + 1], ids[1024];
	unsigned int i;

	memcpy(name, cell->name, HVISOR_NAME_LEN);
	name[HVISOR_NAME_LEN] = '\0';
	fprintf(f, "%s \"%s\"\n", what, name);
	config_format_ids(cpus, HVISOR_MAX_CPUS, ids, sizeof(ids));
	fprintf(f, "  cpus: %s\n", ids);
	config_format_ids(cell->irqs, HVISOR_MAX_IRQS, ids, sizeof(ids));
	fprintf(f, "  interrupts: %s\n", ids);
	fprintf(f, "  memory regions: %u\n", cell->num_mem_regions);
	for (i = 0; i < cell->num_mem_regions; i++)
		dump_region(f, i, &regions[i]);
}

/* "arch: NAME" after the first line of a dump. */
static void dump_arch(FILE *f, uint32_t arch)
{
	char label[32];

	fprintf(f, "arch: %s\n", config_arch_label(arch, label, sizeof(label)));
}

void config_dump_cell(FILE *f, const struct hvisor_cell_desc *cell)
{
	char type[32];

	fprintf(f, "cell config: version %u, %u bytes\n", cell->version,
		cell->size);
	dump_arch(f, cell->arch);
	dump_cell(f, "cell", cell);
	fprintf(f, "  entry: 0x%" PRIx64 "\n", cell->entry);
	if (cell->console_base)
		fprintf(f, "  console: %s at 0x%" PRIx64 ", irq %u\n",
			config_console_label(config_arch_find(cell->arch),
					     cell->console_type, type,
					     sizeof(type)),
			cell->console_base, cell->console_irq);
	else
		fprintf(f, "  console: none\n");
	if (cell->doorbell_irq)
		fprintf(f, "  doorbell irq: %u\n", cell->doorbell_irq);
	else
		fprintf(f, "  doorbell irq: none\n");
	if (cell->mailbox_base)
		fprintf(f, "  mailbox: 0x%" PRIx64 "\n", cell->mailbox_base);
	else
		fprintf(f, "  mailbox: none\n");
	fprintf(f, "  fault policy: %s\n",
		cell->flags & HVISOR_CELL_FLAG_FAULT_STOP ? "stop" : "abort");
	fprintf(f, "  pmu: %s\n",
		cell->flags & HVISOR_CELL_FLAG_PMU ? "the cell's" : "trapped");
	if (cell->flags & ~HVISOR_CELL_FLAGS_KNOWN)
		fprintf(f, "  unknown flags: 0x%x\n",
			cell->flags & ~HVISOR_CELL_FLAGS_KNOWN);
	dump_pci_devices(f, cell);
}

void config_dump_window(FILE *f, const char *name, const char *kind,
			uint64_t base, uint64_t size)
{
	char human[32];

	config_format_size(size, human, sizeof(human));
	fprintf(f, "  %s: %s%sbase 0x%" PRIx64 " size 0x%" PRIx64 " (%s)\n",
		name, kind ? kind : "", kind ? ", " : "", base, size, human);
}

void config_dump_system(FILE *f, const struct hvisor_system *sys)
{
	const struct config_arch_ops *arch = config_arch_find(sys->arch);
	const struct hvisor_platform *p = &sys->platform;
	char size[32], type[32];

	fprintf(f, "system config: version %u, %u bytes\n", sys->version,
		sys->size);
	dump_arch(f, sys->arch);
	config_format_size(sys->hypervisor_size, size, sizeof(size));
	fprintf(f, "hypervisor: phys 0x%" PRIx64 " size 0x%" PRIx64 " (%s)\n",
		sys->hypervisor_phys, sys->hypervisor_size, size);
	fprintf(f, "platform: %u CPUs\n", p->num_cpus);
	if (arch)
		arch->dump_platform(f, p);
	else
		fprintf(f,
			"  (the rest of the platform is not known to this build)\n");
	config_dump_window(f, "uart",
			   config_console_label(arch, p->uart.type, type,
						sizeof(type)),
			   p->uart.base, p->uart.size);
	if (p->root_irq)
		fprintf(f, "  root irq: %u\n", p->root_irq);
	else
		fprintf(f, "  root irq: none\n");
	if (p->pci.ecam_base) {
		char name[16];
		unsigned int i;

		fprintf(f, "  pci: buses %u-%u, INTx %u %u %u %u\n",
			p->pci.bus_start, p->pci.bus_end, p->pci.intx_irqs[0],
			p->pci.intx_irqs[1], p->pci.intx_irqs[2],
			p->pci.intx_irqs[3]);
		config_dump_window(f, "ecam", NULL, p->pci.ecam_base,
				   p->pci.ecam_size);
		for (i = 0; i < HVISOR_PCI_MAX_WINDOWS; i++) {
			if (!p->pci.windows[i].size)
				continue;
			snprintf(name, sizeof(name), "pci window %u", i);
			config_dump_window(f, name, NULL,
					   p->pci.windows[i].base,
					   p->pci.windows[i].size);
		}
	}
	dump_cell(f, "root cell", &sys->root_cell);
}
