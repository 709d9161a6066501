/* config create on arm64: the GICv3 node (distributor, redistributors, maintenance PPI), PL011 consoles, the cells' QEMU-virt-like layout. */
#include "create/create.h"
#include "create/dt.h"

#include <hvisor/config.h>

/* GIC specifiers: <type number flags>, type 0 SPI (ID 32 + n), 1 PPI (16 + n). */
static bool irq_id(const fdt32_t *cells, int n, uint32_t *id)
{
	uint32_t type, num;

	if (n < 2)
		return false;
	type = fdt32_to_cpu(cells[0]);
	num = fdt32_to_cpu(cells[1]);
	if (type == 0 && num < 988)
		*id = 32 + num;
	else if (type == 1 && num < 16)
		*id = 16 + num;
	else
		return false;
	return true;
}

static int platform(struct create_ctx *c, struct json_object *platform)
{
	int node = fdt_node_offset_by_compatible(c->fdt, -1, "arm,gic-v3");
	uint64_t dbase, dsize, rbase, rsize;
	struct json_object *gic;
	int len;
	const fdt32_t *irq;
	uint32_t maint = 0;

	if (node < 0 || !dt_enabled(c->fdt, node)) {
		diag_add(
			c->d, "/sys/firmware/fdt", NULL,
			"no enabled arm,gic-v3 node: hvisor on arm64 needs a GICv3");
		return -1;
	}
	if (!dt_reg(c->fdt, node, 0, &dbase, &dsize) ||
	    !dt_reg(c->fdt, node, 1, &rbase, &rsize)) {
		diag_add(
			c->d, "/sys/firmware/fdt",
			fdt_get_name(c->fdt, node, NULL),
			"the GICv3 node has no distributor and redistributor reg");
		return -1;
	}
	if (dt_u32(c->fdt, node, "#redistributor-regions", 1) != 1) {
		diag_add(
			c->d, "/sys/firmware/fdt",
			fdt_get_name(c->fdt, node, NULL),
			"more than one redistributor region: hvisor takes one");
		return -1;
	}
	irq = fdt_getprop(c->fdt, node, "interrupts", &len);
	if (!irq || len < 12 || !irq_id(irq, 3, &maint) || maint < 16 ||
	    maint > 31) {
		diag_add(c->d, "/sys/firmware/fdt",
			 fdt_get_name(c->fdt, node, NULL),
			 "the GICv3 node names no maintenance PPI");
		return -1;
	}
	c->ctrl_node = node;
	c->ctrl_phandle = fdt_get_phandle(c->fdt, node);
	range_add(&c->claimed, dbase, dbase + dsize, "GICD");
	range_add(&c->claimed, rbase, rbase + rsize, "GICR");
	gic = json_object_new_object();
	create_add_comment(
		gic,
		"the arm,gic-v3 node %s: reg[0] the distributor, reg[1] the redistributors, interrupts its maintenance PPI",
		fdt_get_name(c->fdt, node, NULL));
	json_object_object_add(gic, "version", json_object_new_int(3));
	json_object_object_add(gic, "gicd_base", create_hex(dbase));
	json_object_object_add(gic, "gicd_size", create_hex(dsize));
	json_object_object_add(gic, "gicr_base", create_hex(rbase));
	json_object_object_add(gic, "gicr_size", create_hex(rsize));
	json_object_object_add(gic, "maintenance_irq",
			       json_object_new_int((int)maint));
	json_object_object_add(platform, "gic", gic);
	return 0;
}

static const struct create_uart uarts[] = {
	{ "arm,pl011", "pl011" },
	{ NULL, NULL },
};

const struct create_arch_ops create_arch_arm64 = {
	.arch = HVISOR_ARCH_ARM64,
	.platform = platform,
	.irq_id = irq_id,
	.per_cpu_irqs = 32, /* SGIs and PPIs */
	.device_irq_min = 32,
	.device_irq_max = 1019,
	.proc_chip = "GICv3",
	.uarts = uarts,
	/*
	 * Like QEMU virt: PL011 at 0x09000000 (SPI 1), virtio-mmio from
	 * 0x0a000000, RAM at 0x90000000 where the test guest is linked and
	 * the Linux boot stub goes.
	 */
	.cell = {
		.ram_base = 0x90000000,
		.console_base = 0x09000000,
		.console_irq = 33,
		.doorbell_irq = 40,
		.virtio_base = 0x0a000000,
		.virtio_stride = 0x1000,
		.virtio_irq_first = 48,
		.testdev_base = 0x0b000000,
		.irq_max = 1019,
	},
};
