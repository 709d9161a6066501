/* RISC-V root interrupt: a source of the PLIC (one-cell specifier) or of the APLIC (two cells), from the device tree. */
#include "../../driver.h"

#include <linux/errno.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/of.h>

/* Device-tree compatibles of the interrupt controllers and their cells. */
static const struct {
	const char *compatible;
	unsigned int cells; /* 1: source; 2: source, trigger type */
} controllers[] = {
	{ "riscv,plic0", 1 },
	{ "sifive,plic-1.0.0", 1 },
	{ "riscv,aplic", 2 },
};

int hvisor_arch_map_root_irq(u32 irq, unsigned int *virq)
{
	struct irq_fwspec spec = {};
	struct device_node *np = NULL;
	unsigned int i;

	/*
	 * The first node with a Linux interrupt domain: AIA machines have
	 * an M-level APLIC too, which S-mode Linux does not drive.
	 */
	for (i = 0; i < ARRAY_SIZE(controllers) && !np; i++)
		for_each_compatible_node(
			np, NULL,
			controllers[i].compatible) if (irq_find_host(np)) break;
	if (!np) {
		pr_err("platform.root_irq %u: no PLIC or APLIC node in the device tree\n",
		       irq);
		return -ENODEV;
	}
	i--;
	spec.fwnode = of_node_to_fwnode(np);
	spec.param_count = controllers[i].cells;
	spec.param[0] = irq;
	spec.param[1] = IRQ_TYPE_EDGE_RISING;
	*virq = irq_create_fwspec_mapping(&spec);
	of_node_put(np);
	if (!*virq) {
		pr_err("platform.root_irq %u: cannot map source %u of %s in Linux\n",
		       irq, irq, controllers[i].compatible);
		return -EINVAL;
	}
	pr_info("root interrupt: %s source %u is Linux IRQ %u\n",
		controllers[i].compatible, irq, *virq);
	return 0;
}
