/* The virtio-mmio transport, version 2: registers, feature negotiation, queues, interrupt status. */
#include "vmmio.h"
#include "dlog.h"

#include <errno.h>
#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAGIC 0x74726976 /* "virt" */
#define STATUS_BITS                                                \
	(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |    \
	 VIRTIO_CONFIG_S_DRIVER_OK | VIRTIO_CONFIG_S_FEATURES_OK | \
	 VIRTIO_CONFIG_S_NEEDS_RESET | VIRTIO_CONFIG_S_FAILED)

void vmmio_reset(struct vmmio *d)
{
	unsigned int i;

	d->driver_features = 0;
	d->device_features_sel = d->driver_features_sel = 0;
	d->queue_sel = 0;
	d->status = d->shm_sel = 0;
	d->more = false;
	d->warned = 0;
	for (i = 0; i < VMMIO_MAX_QUEUES; i++) {
		memset(&d->qregs[i], 0, sizeof(d->qregs[i]));
		virtq_reset(&d->vq[i]);
	}
	vmmio_save(d);
}

bool vmmio_queue_live(const struct vmmio *d, unsigned int q)
{
	return q < d->num_queues && d->vq[q].ready &&
	       !(d->status & VIRTIO_CONFIG_S_NEEDS_RESET);
}

void vmmio_fail(struct vmmio *d, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	d->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
	d->more = false;
	vmmio_save(d);
	if (d->warned & VMMIO_WARN_FAIL)
		return;
	d->warned |= VMMIO_WARN_FAIL;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	dlog("%s: %s: device needs reset", d->name, why);
}

void vmmio_bad_chain(struct vmmio *d, unsigned int q, const char *why)
{
	if (d->warned & VMMIO_WARN_CHAIN)
		return;
	d->warned |= VMMIO_WARN_CHAIN;
	dlog("%s: queue %u: request refused: %s (further ones not logged)",
	     d->name, q, why);
}

void vmmio_used(struct vmmio *d, unsigned int q)
{
	if (q >= d->num_queues || !virtq_should_notify(&d->vq[q]))
		return;
	d->irqs++;
	if (d->irq)
		d->irq(d, VIRTIO_MMIO_INT_VRING, d->irq_ctx);
}

void vmmio_used_mask(struct vmmio *d, uint32_t mask)
{
	bool want = false;
	unsigned int q;

	/* every queue's event index is brought up to date */
	for (q = 0; q < d->num_queues; q++)
		if ((mask & (1u << q)) && virtq_should_notify(&d->vq[q]))
			want = true;
	if (!want)
		return;
	d->irqs++;
	if (d->irq)
		d->irq(d, VIRTIO_MMIO_INT_VRING, d->irq_ctx);
}

bool vmmio_polling(struct vmmio *d, bool on)
{
	bool work = false;
	unsigned int q;

	for (q = 0; q < d->num_queues; q++) {
		if (on)
			d->vq[q].polled = true;
		else if (virtq_arm(&d->vq[q]) && vmmio_queue_live(d, q))
			work = true;
	}
	return work;
}

bool vmmio_has_work(const struct vmmio *d)
{
	unsigned int q;

	for (q = 0; q < d->num_queues; q++)
		if (vmmio_queue_live(d, q) && virtq_has_work(&d->vq[q]))
			return true;
	return false;
}

void vmmio_poll(struct vmmio *d)
{
	unsigned int q;

	d->more = false;
	for (q = 0; q < d->num_queues; q++)
		if (vmmio_queue_live(d, q) && d->ops->notify)
			d->ops->notify(d, q);
}

static uint64_t config_read(const struct vmmio *d, uint64_t off,
			    unsigned int width)
{
	const uint8_t *cfg = d->config;
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < width; i++)
		if (off + i < d->config_len)
			v |= (uint64_t)cfg[off + i] << (8 * i);
	return v;
}

static void warn_access(struct vmmio *d, const char *what, uint64_t off,
			unsigned int width)
{
	if (d->warned & VMMIO_WARN_ACCESS)
		return;
	d->warned |= VMMIO_WARN_ACCESS;
	dlog("%s: %s of %u bytes at offset 0x%llx ignored (further ones not logged)",
	     d->name, what, width, (unsigned long long)off);
}

static struct vmmio_queue *sel_queue(struct vmmio *d)
{
	return d->queue_sel < d->num_queues ? &d->qregs[d->queue_sel] : NULL;
}

uint64_t vmmio_read(struct vmmio *d, uint64_t off, unsigned int width)
{
	struct vmmio_queue *q = sel_queue(d);

	if (off >= VIRTIO_MMIO_CONFIG)
		return config_read(d, off - VIRTIO_MMIO_CONFIG, width);
	if (width != 4 || off % 4) {
		warn_access(d, "read", off, width);
		return 0;
	}
	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return MAGIC;
	case VIRTIO_MMIO_VERSION:
		return 2;
	case VIRTIO_MMIO_DEVICE_ID:
		return d->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VMMIO_VENDOR_ID;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (d->device_features_sel > 1)
			return 0;
		return (uint32_t)(d->device_features >>
				  (32 * d->device_features_sel));
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return q ? VQ_MAX_SIZE : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return q ? d->vq[d->queue_sel].ready : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		d->isr_accesses++; /* the hypervisor's: never forwarded */
		return 0;
	case VIRTIO_MMIO_STATUS:
		return d->status;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		return 0xffffffff; /* no shared memory regions */
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return 0; /* the config space never changes */
	default:
		/* Write-only and unknown registers. */
		return 0;
	}
}

/* The driver sets FEATURES_OK: accept only what was offered, VERSION_1 included. */
static bool features_ok(const struct vmmio *d)
{
	return !(d->driver_features & ~d->device_features) &&
	       (d->driver_features & (1ull << VIRTIO_F_VERSION_1));
}

static void write_status(struct vmmio *d, uint32_t value)
{
	uint32_t keep = d->status & VIRTIO_CONFIG_S_NEEDS_RESET;

	if (!value) {
		vmmio_reset(d);
		if (d->ops->reset)
			d->ops->reset(d);
		return;
	}
	value &= STATUS_BITS & ~VIRTIO_CONFIG_S_NEEDS_RESET;
	if ((value & VIRTIO_CONFIG_S_FEATURES_OK) &&
	    !(d->status & VIRTIO_CONFIG_S_FEATURES_OK) && !features_ok(d))
		value &= ~VIRTIO_CONFIG_S_FEATURES_OK;
	d->status = value | keep;
}

static void queue_ready(struct vmmio *d, uint32_t value)
{
	unsigned int i = d->queue_sel;
	struct vmmio_queue *q = &d->qregs[i];
	int ret;

	if (!value) {
		virtq_reset(&d->vq[i]);
		return;
	}
	if (d->vq[i].ready || (d->status & VIRTIO_CONFIG_S_NEEDS_RESET))
		return;
	ret = virtq_setup(
		&d->vq[i], d->mem, q->num, q->desc, q->driver, q->device,
		d->driver_features & (1ull << VIRTIO_RING_F_EVENT_IDX),
		d->driver_features & (1ull << VIRTIO_RING_F_INDIRECT_DESC));
	if (!ret)
		virtq_track(&d->vq[i], d->saved ? &d->saved->track[i] : NULL);
	if (ret)
		vmmio_fail(
			d,
			"queue %u: %s (size %u, desc 0x%llx, driver 0x%llx, device 0x%llx)",
			i,
			ret == -EFAULT ? "rings outside the shared RAM" :
					 "bad size or alignment",
			q->num, (unsigned long long)q->desc,
			(unsigned long long)q->driver,
			(unsigned long long)q->device);
}

static void set_half(uint64_t *reg, bool high, uint32_t value)
{
	if (high)
		*reg = (*reg & 0xffffffffull) | ((uint64_t)value << 32);
	else
		*reg = (*reg & ~0xffffffffull) | value;
}

/* Queue registers other than Ready: ignored while the queue is ready. */
static void write_queue_reg(struct vmmio *d, uint64_t off, uint32_t value)
{
	struct vmmio_queue *q = sel_queue(d);

	if (!q || d->vq[d->queue_sel].ready)
		return;
	switch (off) {
	case VIRTIO_MMIO_QUEUE_NUM:
		q->num = value;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&q->desc, off == VIRTIO_MMIO_QUEUE_DESC_HIGH, value);
		break;
	case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
	case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
		set_half(&q->driver, off == VIRTIO_MMIO_QUEUE_AVAIL_HIGH,
			 value);
		break;
	case VIRTIO_MMIO_QUEUE_USED_LOW:
	case VIRTIO_MMIO_QUEUE_USED_HIGH:
		set_half(&q->device, off == VIRTIO_MMIO_QUEUE_USED_HIGH, value);
		break;
	}
}

static void write_reg(struct vmmio *d, uint64_t off, unsigned int width,
		      uint64_t value);

void vmmio_write(struct vmmio *d, uint64_t off, unsigned int width,
		 uint64_t value)
{
	write_reg(d, off, width, value);
	if (off != VIRTIO_MMIO_QUEUE_NOTIFY)
		vmmio_save(d);
}

static void write_reg(struct vmmio *d, uint64_t off, unsigned int width,
		      uint64_t value)
{
	uint32_t v = (uint32_t)value;

	if (off >= VIRTIO_MMIO_CONFIG)
		return; /* no writable config fields are offered */
	if (width != 4 || off % 4) {
		warn_access(d, "write", off, width);
		return;
	}
	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		d->device_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		if (d->driver_features_sel > 1 ||
		    (d->status & VIRTIO_CONFIG_S_FEATURES_OK))
			break;
		set_half(&d->driver_features, d->driver_features_sel == 1, v);
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		d->driver_features_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		d->queue_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		if (sel_queue(d))
			queue_ready(d, v);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		if (vmmio_queue_live(d, v) && d->ops->notify)
			d->ops->notify(d, v);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		d->isr_accesses++; /* the hypervisor's: never forwarded */
		break;
	case VIRTIO_MMIO_STATUS:
		write_status(d, v);
		break;
	case VIRTIO_MMIO_SHM_SEL:
		d->shm_sel = v;
		break;
	default:
		write_queue_reg(d, off, v);
		break;
	}
}
