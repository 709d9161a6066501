/* Virtio forwarding: trapped accesses to virtio regions become requests for the root's daemon. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hv/vcpu.h>
#include <hvisor/config_check.h>
#include <hvisor/virtio.h>

#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_STATUS 0x070
#define STATUS_NEEDS_RESET 0x40

static struct hvisor_req_ring *ring;
static spinlock_t ring_lock = SPINLOCK_INIT;
static u64 next_seq;
static u64 timeout_ms = HVISOR_VIRTIO_TIMEOUT_MS;

_Static_assert(sizeof(struct hvisor_req_ring) <= HVISOR_REQ_RING_SIZE,
	       "request ring size");

int virtio_init(void)
{
	ring = page_zalloc(&mem_pool, HVISOR_REQ_RING_SIZE / PAGE_SIZE);
	if (!ring)
		return -ENOMEM;
	ring->magic = HVISOR_REQ_RING_MAGIC;
	ring->entries = HVISOR_REQ_RING_ENTRIES;
	next_seq = 1;
	timeout_ms = HVISOR_VIRTIO_TIMEOUT_MS;
	/* the root's daemon reads it in place */
	return paging_map(&root_cell.stage2, (u64)ring, (u64)ring,
			  HVISOR_REQ_RING_SIZE, MAP_RW);
}

u64 virtio_ring_pa(void)
{
	return (u64)ring;
}

/* Queues a request; returns its seq, or 0 if the ring is full. */
static u64 enqueue(struct emu_context *ctx, unsigned int region,
		   struct vcpu *waiter, unsigned int vcpu)
{
	struct hvisor_request *req;
	u64 seq = 0;
	u32 head;

	spin_lock(&ring_lock);
	head = ring->head;
	if (head - READ_ONCE(ring->tail) < HVISOR_REQ_RING_ENTRIES) {
		req = &ring->req[head % HVISOR_REQ_RING_ENTRIES];
		req->cell = ctx->cell->id;
		req->vcpu = vcpu;
		req->address = ctx->address;
		req->value = ctx->value;
		req->width = ctx->width;
		req->write = ctx->write;
		req->blocking = waiter != NULL;
		req->region = region;
		req->seq = seq = next_seq++;
		/* the daemon may answer before we return: wait for it first */
		if (waiter)
			WRITE_ONCE(waiter->vio_seq, seq);
		__atomic_store_n(&ring->head, head + 1, __ATOMIC_RELEASE);
		if (head + 1 - ring->tail > ring->max_depth)
			ring->max_depth = head + 1 - ring->tail;
	}
	spin_unlock(&ring_lock);
	if (seq)
		arch_raise_root_irq();
	return seq;
}

static bool timed_out(u64 start)
{
	return arch_time_ms() - start >= timeout_ms;
}

/* Sleeps until an interrupt (a kick from the root, or the deadline). */
static void sleep_until(struct vcpu *v, u64 start)
{
	arch_vcpu_sleep(v, start + timeout_ms);
}

static void mark_broken(struct cell *cell, unsigned int region,
			struct emu_context *ctx)
{
	cell->virtio_broken |= BIT(region);
	__atomic_fetch_add(&ring->timeouts, 1, __ATOMIC_RELAXED);
	printk("hvisor: cell %u \"%s\": virtio device at 0x%lx: no answer from "
	       "the root within %lu ms (%s of 0x%lx): device needs reset\n",
	       cell->id, cell->config->name,
	       (unsigned long)(ctx->address & PAGE_MASK),
	       (unsigned long)timeout_ms, ctx->write ? "write" : "read",
	       (unsigned long)ctx->address);
}

static enum mmio_result virtio_access(void *arg, struct emu_context *ctx,
				      u64 off)
{
	struct cell *cell = ctx->cell;
	unsigned int region = (unsigned long)arg;
	struct per_cpu *c = this_cpu();
	struct vcpu *v = &c->vcpu;
	u64 start = arch_time_ms(), seq;

	if (cell->virtio_broken & BIT(region)) {
		if (ctx->write && off == VIRTIO_MMIO_STATUS &&
		    ctx->value == 0) {
			cell->virtio_broken &= ~BIT(region); /* guest reset */
		} else {
			if (!ctx->write)
				ctx->value = off == VIRTIO_MMIO_STATUS ?
						     STATUS_NEEDS_RESET :
						     ~0UL;
			return MMIO_HANDLED;
		}
	}
	if (ctx->write && off == VIRTIO_MMIO_QUEUE_NOTIFY) {
		if (!enqueue(ctx, region, NULL, v->id))
			__atomic_fetch_add(&ring->dropped, 1, __ATOMIC_RELAXED);
		return MMIO_HANDLED;
	}
	/* a blocking access: the vCPU waits, asleep, for the daemon */
	WRITE_ONCE(v->vio_seq, 0);
	v->vio_done = 0;
	while (!(seq = enqueue(ctx, region, v, v->id))) {
		if (timed_out(start))
			goto timeout;
		sleep_until(v, start);
	}
	while (!__atomic_load_n(&v->vio_done, __ATOMIC_ACQUIRE)) {
		if (READ_ONCE(v->requests) & VCPU_REQ_STOP)
			vcpu_handle_requests(c); /* does not return */
		if (timed_out(start))
			goto timeout;
		sleep_until(v, start);
	}
	WRITE_ONCE(v->vio_seq, 0);
	if (!ctx->write)
		ctx->value = v->vio_value;
	return MMIO_HANDLED;
timeout:
	WRITE_ONCE(v->vio_seq, 0);
	mark_broken(cell, region, ctx);
	if (!ctx->write)
		ctx->value = ~0UL;
	return MMIO_HANDLED;
}

int virtio_cell_init(struct cell *cell, unsigned int region, u64 base, u64 size)
{
	if (region >= 64)
		return -E2BIG;
	return mmio_register(cell, base, size, virtio_access,
			     (void *)(unsigned long)region);
}

long virtio_complete(u64 cell_and_vcpu, u64 value, u64 seq)
{
	struct cell *cell = cell_get(cell_and_vcpu >> 32);
	unsigned int n = cell_and_vcpu & 0xffffffff;
	struct vcpu *v;
	long ret = -ENOENT;

	if (!cell)
		return -ENOENT;
	v = n < cell->num_vcpus ? cell_vcpu(cell, n) : NULL;
	if (v && seq && READ_ONCE(v->vio_seq) == seq) {
		v->vio_value = value;
		__atomic_store_n(&v->vio_done, 1, __ATOMIC_RELEASE);
		arch_kick_cpu(v->cpu); /* wakes it from its sleep */
		ret = 0;
	}
	cell_put(cell);
	return ret;
}

long virtio_inject(u64 cell_id, u64 irq)
{
	struct cell *cell = cell_get(cell_id);
	long ret = 0;

	if (!cell)
		return -ENOENT;
	if (!hvisor_irq_assignable(system_config->arch, irq) ||
	    cell_owns_irq(cell, irq))
		ret = -EINVAL;
	else
		vcpu_inject(cell, 0, irq);
	cell_put(cell);
	return ret;
}

long virtio_set_timeout(u64 ms)
{
	if (ms < 10 || ms > 600000)
		return -EINVAL;
	timeout_ms = ms;
	return 0;
}
