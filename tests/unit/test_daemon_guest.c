/* A fake guest for the daemon's tests and fuzzers: RAM in a buffer, a virtio driver's side of queues. */
#include "test_daemon_guest.h"

#include <linux/virtio_config.h>
#include <linux/virtio_mmio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fg_init(struct fguest *g)
{
	memset(g, 0, sizeof(*g));
	g->ram = aligned_alloc(4096, FG_RAM_SIZE);
	if (!g->ram)
		abort();
	memset(g->ram, 0, FG_RAM_SIZE);
	gmem_init(&g->mem);
	gmem_add(&g->mem, FG_RAM_GPA, FG_RAM_SIZE, g->ram);
	g->next = FG_RAM_GPA + 0x1000;
}

void fg_free(struct fguest *g)
{
	free(g->ram);
	g->ram = NULL;
}

void *fg_ptr(struct fguest *g, uint64_t gpa)
{
	if (gpa < FG_RAM_GPA || gpa - FG_RAM_GPA >= FG_RAM_SIZE) {
		fprintf(stderr, "fake guest: 0x%llx is outside the RAM\n",
			(unsigned long long)gpa);
		abort();
	}
	return g->ram + (gpa - FG_RAM_GPA);
}

uint64_t fg_alloc(struct fguest *g, uint64_t size, uint64_t align)
{
	uint64_t a = (g->next + align - 1) & ~(align - 1);

	if (a + size > FG_RAM_GPA + FG_RAM_SIZE) {
		fprintf(stderr, "fake guest: out of RAM\n");
		abort();
	}
	g->next = a + size;
	return a;
}

void fq_init(struct fqueue *q, struct fguest *g, unsigned int num)
{
	memset(q, 0, sizeof(*q));
	q->g = g;
	q->num = num;
	q->desc = fg_alloc(g, 16ull * num, 16);
	q->avail = fg_alloc(g, 6 + 2ull * num, 2);
	q->used = fg_alloc(g, 6 + 8ull * num, 4);
}

static void put_desc(uint8_t *p, uint64_t addr, uint32_t len, uint16_t flags,
		     uint16_t next)
{
	struct vring_desc d = {
		.addr = addr, .len = len, .flags = flags, .next = next
	};

	memcpy(p, &d, sizeof(d));
}

void fq_desc(struct fqueue *q, unsigned int i, uint64_t addr, uint32_t len,
	     uint16_t flags, uint16_t next)
{
	put_desc(fg_ptr(q->g, q->desc + 16ull * i), addr, len, flags, next);
}

void fg_indirect_desc(struct fguest *g, uint64_t table, unsigned int i,
		      uint64_t addr, uint32_t len, uint16_t flags,
		      uint16_t next)
{
	put_desc(fg_ptr(g, table + 16ull * i), addr, len, flags, next);
}

void fq_push_avail(struct fqueue *q, uint16_t head)
{
	struct vring_avail *a = fg_ptr(q->g, q->avail);

	a->ring[q->avail_idx % q->num] = head;
	q->avail_idx++;
	__atomic_store_n(&a->idx, q->avail_idx, __ATOMIC_RELEASE);
}

uint16_t fq_used_idx(struct fqueue *q)
{
	struct vring_used *u = fg_ptr(q->g, q->used);

	return __atomic_load_n(&u->idx, __ATOMIC_ACQUIRE);
}

bool fq_pop_used(struct fqueue *q, uint32_t *id, uint32_t *len)
{
	struct vring_used *u = fg_ptr(q->g, q->used);

	if (fq_used_idx(q) == q->used_seen)
		return false;
	*id = u->ring[q->used_seen % q->num].id;
	*len = u->ring[q->used_seen % q->num].len;
	q->used_seen++;
	return true;
}

void fq_set_used_event(struct fqueue *q, uint16_t v)
{
	struct vring_avail *a = fg_ptr(q->g, q->avail);

	a->ring[q->num] = v;
}

uint16_t fq_avail_event(struct fqueue *q)
{
	struct vring_used *u = fg_ptr(q->g, q->used);

	return *(uint16_t *)&u->ring[q->num];
}

void fq_set_avail_flags(struct fqueue *q, uint16_t flags)
{
	struct vring_avail *a = fg_ptr(q->g, q->avail);

	a->flags = flags;
}

void fg_irq(struct vmmio *d, uint32_t status, void *ctx)
{
	struct fguest *g = ctx;

	(void)d;
	g->irqs++;
	g->isr |= status;
}

static void wr(struct vmmio *d, uint64_t off, uint32_t v)
{
	vmmio_write(d, off, 4, v);
}

uint32_t fg_driver_init(struct vmmio *d, struct fqueue *q, unsigned int nq,
			uint64_t want)
{
	uint64_t offered;
	unsigned int i;

	wr(d, VIRTIO_MMIO_STATUS, 0);
	wr(d, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	wr(d, VIRTIO_MMIO_STATUS,
	   VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	offered = (uint64_t)vmmio_read(d, VIRTIO_MMIO_DEVICE_FEATURES, 4) << 32;
	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered |= vmmio_read(d, VIRTIO_MMIO_DEVICE_FEATURES, 4);
	offered &= want;
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(offered >> 32));
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)offered);
	wr(d, VIRTIO_MMIO_STATUS,
	   VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
		   VIRTIO_CONFIG_S_FEATURES_OK);
	for (i = 0; i < nq; i++) {
		wr(d, VIRTIO_MMIO_QUEUE_SEL, i);
		wr(d, VIRTIO_MMIO_QUEUE_NUM, q[i].num);
		wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q[i].desc);
		wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(q[i].desc >> 32));
		wr(d, VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)q[i].avail);
		wr(d, VIRTIO_MMIO_QUEUE_AVAIL_HIGH,
		   (uint32_t)(q[i].avail >> 32));
		wr(d, VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)q[i].used);
		wr(d, VIRTIO_MMIO_QUEUE_USED_HIGH, (uint32_t)(q[i].used >> 32));
		wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
	}
	wr(d, VIRTIO_MMIO_STATUS,
	   VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
		   VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK);
	return (uint32_t)vmmio_read(d, VIRTIO_MMIO_STATUS, 4);
}
