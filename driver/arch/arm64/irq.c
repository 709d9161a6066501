/* AArch64 root interrupt: an SPI of the GICv3, mapped through its DT node. */
#include "../../driver.h"

#include <linux/errno.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/of.h>

#define GIC_SPI_BASE 32

/* The SPI as a 3-cell GIC fwspec on the arm,gic-v3 node's domain. */
int hvisor_arch_map_root_irq(u32 irq, unsigned int *virq)
{
	struct irq_fwspec spec = { .param_count = 3 };
	struct device_node *gic;

	if (irq < GIC_SPI_BASE) {
		pr_err("platform.root_irq %u is not an SPI (32 or more)\n",
		       irq);
		return -EINVAL;
	}
	gic = of_find_compatible_node(NULL, NULL, "arm,gic-v3");
	if (!gic) {
		pr_err("platform.root_irq %u: no arm,gic-v3 node in the device tree\n",
		       irq);
		return -ENODEV;
	}
	spec.fwnode = of_node_to_fwnode(gic);
	spec.param[0] = 0; /* GIC_SPI */
	spec.param[1] = irq - GIC_SPI_BASE;
	spec.param[2] = IRQ_TYPE_EDGE_RISING;
	*virq = irq_create_fwspec_mapping(&spec);
	of_node_put(gic);
	if (!*virq) {
		pr_err("platform.root_irq %u: cannot map the SPI in Linux\n",
		       irq);
		return -EINVAL;
	}
	pr_info("root interrupt: GIC ID %u is Linux IRQ %u\n", irq, *virq);
	return 0;
}
