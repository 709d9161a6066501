/* The root interrupt (platform.root_irq): its handler, and read/poll on /dev/hvisor. */
#include "driver.h"

#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/irqdomain.h>
#include <linux/of.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define GIC_SPI_BASE 32

/* Per open file: the count of root interrupts it last read. */
struct hvisor_file {
	u64 seen;
};

/* Wakes readers and pollers right here: no thread or work item between. */
static irqreturn_t root_irq_handler(int irq, void *data)
{
	atomic64_inc(&hvisor.root_irqs);
	wake_up_all(&hvisor.irq_wait);
	return IRQ_HANDLED;
}

/*
 * Maps the SPI the hypervisor raises in the root (edge) through the GICv3
 * and requests it. Called with hvisor.lock held, before any CPU enters.
 */
int hvisor_root_irq_setup(u32 root_irq)
{
	struct irq_fwspec spec = { .param_count = 3 };
	struct device_node *gic;
	unsigned int virq;
	int ret;

	if (!root_irq)
		return 0;
	if (root_irq < GIC_SPI_BASE) {
		pr_err("platform.root_irq %u is not an SPI (32 or more)\n",
		       root_irq);
		return -EINVAL;
	}
	gic = of_find_compatible_node(NULL, NULL, "arm,gic-v3");
	if (!gic) {
		pr_err("platform.root_irq %u: no arm,gic-v3 node in the device tree\n",
		       root_irq);
		return -ENODEV;
	}
	spec.fwnode = of_node_to_fwnode(gic);
	spec.param[0] = 0; /* GIC_SPI */
	spec.param[1] = root_irq - GIC_SPI_BASE;
	spec.param[2] = IRQ_TYPE_EDGE_RISING;
	virq = irq_create_fwspec_mapping(&spec);
	of_node_put(gic);
	if (!virq) {
		pr_err("platform.root_irq %u: cannot map the SPI in Linux\n",
		       root_irq);
		return -EINVAL;
	}
	ret = request_irq(virq, root_irq_handler, IRQF_NO_THREAD, "hvisor-root",
			  &hvisor);
	if (ret) {
		/* the mapping may be someone else's: leave it */
		pr_err("platform.root_irq %u (Linux IRQ %u): request_irq failed (%d); is it used by a device?\n",
		       root_irq, virq, ret);
		return ret;
	}
	hvisor.root_virq = virq;
	pr_info("root interrupt: GIC ID %u is Linux IRQ %u\n", root_irq, virq);
	return 0;
}

void hvisor_root_irq_free(void)
{
	if (!hvisor.root_virq)
		return;
	free_irq(hvisor.root_virq, &hvisor);
	irq_dispose_mapping(hvisor.root_virq);
	hvisor.root_virq = 0;
}

int hvisor_irq_open(struct file *file)
{
	struct hvisor_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	f->seen = atomic64_read(&hvisor.root_irqs);
	file->private_data = f;
	return 0;
}

int hvisor_irq_release(struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static bool changed(const struct hvisor_file *f)
{
	return (u64)atomic64_read(&hvisor.root_irqs) != READ_ONCE(f->seen);
}

/* A new root interrupt, or virtio requests not consumed yet. */
static bool work(const struct hvisor_file *f)
{
	return changed(f) || hvisor_ring_pending();
}

/*
 * Blocks until a root interrupt this file has not seen or while the request
 * ring holds requests; returns the count.
 */
ssize_t hvisor_irq_read(struct file *file, char __user *buf, size_t len)
{
	struct hvisor_file *f = file->private_data;
	u64 now;

	if (len < sizeof(now))
		return -EINVAL;
	while (!work(f)) {
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(hvisor.irq_wait, work(f)))
			return -ERESTARTSYS;
	}
	now = atomic64_read(&hvisor.root_irqs);
	if (copy_to_user(buf, &now, sizeof(now)))
		return -EFAULT;
	WRITE_ONCE(f->seen, now);
	return sizeof(now);
}

__poll_t hvisor_irq_poll(struct file *file, struct poll_table_struct *wait)
{
	struct hvisor_file *f = file->private_data;

	poll_wait(file, &hvisor.irq_wait, wait);
	return work(f) ? EPOLLIN | EPOLLRDNORM : 0;
}
