/* The root interrupt (platform.root_irq): its handler, and read/poll on /dev/hvisor. */
#include "driver.h"

#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/irqdomain.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

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
 * Maps the interrupt the hypervisor raises in the root (edge) and requests
 * it. Called with hvisor.lock held, before any CPU enters.
 */
int hvisor_root_irq_setup(u32 root_irq)
{
	unsigned int virq;
	int ret;

	if (!root_irq)
		return 0;
	ret = hvisor_arch_map_root_irq(root_irq, &virq);
	if (ret)
		return ret;
	ret = request_irq(virq, root_irq_handler, IRQF_NO_THREAD, "hvisor-root",
			  &hvisor);
	if (ret) {
		/* the mapping may be someone else's: leave it */
		pr_err("platform.root_irq %u (Linux IRQ %u): request_irq failed (%d); is it used by a device?\n",
		       root_irq, virq, ret);
		return ret;
	}
	hvisor.root_virq = virq;
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
