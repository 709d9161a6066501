/* Virtio forwarding: trapped accesses to virtio regions become requests for the root's daemon. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/layout.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hv/vcpu.h>
#include <hvisor/config_check.h>
#include <hvisor/virtio.h>

#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_CONFIG 0x100
#define STATUS_NEEDS_RESET 0x40
#define INT_CONFIG 0x2 /* InterruptStatus: the configuration changed */

/*
 * The first CFG_CACHE_BYTES of each device's config space, as the daemon
 * last answered them: a device that timed out keeps reading them.
 */
#define CFG_CACHE_BYTES 64
#define VIRTIO_MAX_REGIONS 64

struct virtio_cfg_cache {
	u8 bytes[CFG_CACHE_BYTES];
	u64 valid; /* bit n: bytes[n] was answered */
};

#define CFG_CACHE_PAGES                                                 \
	(ALIGN_UP(sizeof(struct virtio_cfg_cache) * VIRTIO_MAX_REGIONS, \
		  PAGE_SIZE) /                                          \
	 PAGE_SIZE)

/* Waits for a free entry are rechecked this often, kick or not. */
#define SPACE_RECHECK_MS 10

/*
 * What the hypervisor itself remembers of each entry it queued: the root
 * may write the ring, so quotas and merging never read it back.
 */
struct shadow {
	u32 cell;
	u32 queue; /* QueueNotify: the value written */
	u16 region;
	bool posted; /* no vCPU waits for it (QueueNotify, posted write) */
	bool kick; /* a QueueNotify */
	u64 seq;
};

/*
 * The blocking request each CPU's vCPU waits for (seq 0: none), kept to
 * queue it again for a daemon that started after the one that took it
 * died (HVISOR_HC_VIRTIO_REPLAY). Under ring_lock.
 */
static struct hvisor_request waiting[MAX_CPUS];

static struct hvisor_req_ring *ring;
static spinlock_t ring_lock = SPINLOCK_INIT;
static u64 next_seq;
static u64 timeout_ms = HVISOR_VIRTIO_TIMEOUT_MS;
static struct shadow shadow[HVISOR_REQ_RING_ENTRIES];
static u64 space_waiting; /* bit n: CPU n waits for a free entry */

_Static_assert(sizeof(struct hvisor_req_ring) <= HVISOR_REQ_RING_SIZE,
	       "request ring size");
_Static_assert(HVISOR_REQ_BLOCKING_RESERVE >= MAX_CPUS,
	       "a blocking request for every CPU");
_Static_assert(MAX_CELLS *HVISOR_REQ_NOTIFY_PER_CELL <= HVISOR_REQ_NOTIFY_MAX,
	       "notification quotas of all cells fit beside the reserve");
_Static_assert(MAX_CPUS <= 64, "space_waiting is a 64-bit mask");

int virtio_init(void)
{
	ring = page_zalloc(&mem_pool, HVISOR_REQ_RING_SIZE / PAGE_SIZE);
	if (!ring)
		return -ENOMEM;
	ring->magic = HVISOR_REQ_RING_MAGIC;
	ring->entries = HVISOR_REQ_RING_ENTRIES;
	ring->abi = HVISOR_REQ_RING_ABI;
	ring->instance = arch_time_ms() + 1;
	next_seq = 1;
	timeout_ms = HVISOR_VIRTIO_TIMEOUT_MS;
	space_waiting = 0;
	memset(shadow, 0, sizeof(shadow));
	memset(waiting, 0, sizeof(waiting));
	/* the root's daemon reads it in place */
	return paging_map(&root_cell.stage2, (u64)ring, (u64)ring,
			  HVISOR_REQ_RING_SIZE, MAP_RW);
}

u64 virtio_ring_pa(void)
{
	return (u64)ring;
}

enum enqueued {
	ENQ_QUEUED,
	ENQ_COALESCED, /* a QueueNotify merged into one still queued */
	ENQ_DROPPED, /* a posted request over a quota */
	ENQ_FULL, /* a blocking request found no free entry */
};

/*
 * With ring_lock held: may this posted request (a QueueNotify if kick)
 * take an entry? Looks at what the root has not consumed yet,
 * [tail, head), by the shadow copies.
 */
static enum enqueued posted_admit(u32 head, u32 used, u32 cell, u32 region,
				  u32 queue, bool kick)
{
	unsigned int mine = 0, all = 0;
	const struct shadow *s;
	u32 i;

	for (i = head - used; i != head; i++) {
		s = &shadow[i % HVISOR_REQ_RING_ENTRIES];
		if (!s->posted)
			continue;
		all++;
		if (s->cell != cell)
			continue;
		if (kick && s->kick && s->region == region && s->queue == queue)
			return ENQ_COALESCED;
		mine++;
	}
	if (mine >= HVISOR_REQ_NOTIFY_PER_CELL || all >= HVISOR_REQ_NOTIFY_MAX)
		return ENQ_DROPPED;
	return ENQ_QUEUED;
}

/*
 * Raises the root interrupt for the entry just queued at index entry,
 * unless the root is still draining entries before it (then it finds this
 * one before it sleeps: docs in hvisor/virtio.h). Our head store, a full
 * fence, then tail; the root's tail store, a full fence, then head.
 */
static void signal_root(u32 entry)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (READ_ONCE(ring->tail) == entry)
		arch_raise_root_irq();
	else
		__atomic_fetch_add(&ring->signals_skipped, 1, __ATOMIC_RELAXED);
}

/*
 * Queues a request (waiter: the vCPU that will wait for it, NULL for a
 * posted write, a QueueNotify if kick). *seq gets its seq when ENQ_QUEUED.
 */
static enum enqueued enqueue(struct emu_context *ctx, unsigned int region,
			     struct vcpu *waiter, unsigned int vcpu, u64 *seq,
			     bool kick)
{
	u32 cell = ctx->cell->id, head, used;
	struct hvisor_request r;
	enum enqueued ret;

	spin_lock(&ring_lock);
	head = ring->head;
	/*
	 * Orders the guest's queue writes (before its trap) before reading
	 * tail: if the root has not consumed a notification we merge into,
	 * it reads the queue after it does (it fences between its tail
	 * write and its queue reads).
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	used = head - READ_ONCE(ring->tail);
	if (used >= HVISOR_REQ_RING_ENTRIES) /* full, or a tail gone wrong */
		ret = waiter ? ENQ_FULL : ENQ_DROPPED;
	else if (!waiter)
		ret = posted_admit(head, used, cell, region, (u32)ctx->value,
				   kick);
	else
		ret = ENQ_QUEUED;
	if (ret != ENQ_QUEUED) {
		spin_unlock(&ring_lock);
		return ret;
	}
	shadow[head % HVISOR_REQ_RING_ENTRIES] = (struct shadow){
		.cell = cell,
		.queue = (u32)ctx->value,
		.region = region,
		.posted = !waiter,
		.kick = kick,
		.seq = next_seq,
	};
	*seq = next_seq++;
	r = (struct hvisor_request){
		.cell = cell,
		.vcpu = vcpu,
		.address = ctx->address,
		.value = ctx->value,
		.width = ctx->width,
		.write = ctx->write,
		.blocking = waiter != NULL,
		.region = region,
		.seq = *seq,
	};
	ring->req[head % HVISOR_REQ_RING_ENTRIES] = r;
	/* the daemon may answer before we return: wait for it first */
	if (waiter) {
		WRITE_ONCE(waiter->vio_seq, *seq);
		waiting[waiter->cpu] = r;
	}
	__atomic_store_n(&ring->head, head + 1, __ATOMIC_RELEASE);
	if (used + 1 > ring->max_depth)
		ring->max_depth = used + 1;
	spin_unlock(&ring_lock);
	signal_root(head);
	return ENQ_QUEUED;
}

/* A dropped QueueNotify: the root rescans the region's queues. */
static void notify_dropped(struct cell *cell, unsigned int region)
{
	u64 bit = BIT(region), old;

	__atomic_fetch_add(&ring->dropped, 1, __ATOMIC_RELAXED);
	old = __atomic_fetch_or(&ring->drops[cell->id % HVISOR_REQ_DROP_SLOTS],
				bit, __ATOMIC_SEQ_CST);
	/* once until the root takes the bit: a flood raises no storm */
	if (!(old & bit))
		arch_raise_root_irq();
}

static bool timed_out(u64 start)
{
	return arch_time_ms() - start >= timeout_ms;
}

/* Sleeps until an interrupt (a kick from the root, or the deadline). */
static void sleep_until(struct vcpu *v, u64 start)
{
	__atomic_fetch_add(&ring->wait_sleeps, 1, __ATOMIC_RELAXED);
	arch_vcpu_sleep(v, start + timeout_ms);
}

/* Sleeps until a kick, the deadline or the next recheck of the ring. */
static void sleep_for_space(struct vcpu *v, u64 start)
{
	u64 deadline = start + timeout_ms, now = arch_time_ms();

	if (now + SPACE_RECHECK_MS < deadline)
		deadline = now + SPACE_RECHECK_MS;
	__atomic_fetch_add(&ring->wait_sleeps, 1, __ATOMIC_RELAXED);
	arch_vcpu_sleep(v, deadline);
}

static void space_wait_begin(unsigned int cpu)
{
	spin_lock(&ring_lock);
	if (!(space_waiting & BIT(cpu))) {
		space_waiting |= BIT(cpu);
		ring->space_waiters++;
	}
	spin_unlock(&ring_lock);
	/* the root writes tail, then reads space_waiters: see one of them */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static void space_wait_end(unsigned int cpu)
{
	spin_lock(&ring_lock);
	if (space_waiting & BIT(cpu)) {
		space_waiting &= ~BIT(cpu);
		ring->space_waiters--;
	}
	spin_unlock(&ring_lock);
}

/* The root freed entries: every vCPU waiting for one looks again. */
static void space_wake(void)
{
	u64 waiting = READ_ONCE(space_waiting);
	unsigned int cpu;

	for (cpu = 0; waiting; cpu++, waiting >>= 1)
		if (waiting & 1)
			arch_kick_cpu(cpu);
}

/*
 * The waiter gives up its request seq (timeout, stop). Whoever takes
 * vio_seq from seq to 0 owns the answer: a completion that took it first is
 * between its two stores, so wait for its vio_done (a few instructions at
 * EL2/HS with interrupts off). Returns true if the answer came after all.
 */
static bool give_up(struct vcpu *v, u64 seq)
{
	u64 expected = seq;

	if (!seq ||
	    __atomic_compare_exchange_n(&v->vio_seq, &expected, 0, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return false;
	while (__atomic_load_n(&v->vio_done, __ATOMIC_ACQUIRE) != seq)
		;
	return true;
}

/* The vCPU on cpu waits for no request any more. */
static void wait_done(unsigned int cpu)
{
	spin_lock(&ring_lock);
	waiting[cpu].seq = 0;
	spin_unlock(&ring_lock);
}

/* A stop request ends any wait: the vCPU powers off (no return). */
static void check_stop(struct per_cpu *c, u64 seq)
{
	if (!(READ_ONCE(c->vcpu.requests) & VCPU_REQ_STOP))
		return;
	space_wait_end(c->vcpu.cpu);
	give_up(&c->vcpu, seq); /* a late completion finds nobody */
	wait_done(c->vcpu.cpu);
	vcpu_handle_requests(c);
}

/* The interrupt ID of virtio region n of the cell (from its flags). */
static unsigned int region_irq(const struct cell *cell, unsigned int region)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(cell->config);

	return HVISOR_MEM_VIRTIO_IRQ(r[region].flags);
}

/*
 * The device did not answer in time: it needs a reset, says so in Status
 * and tells the driver with a configuration-change interrupt (its config
 * reads keep their last values meanwhile).
 */
static void mark_broken(struct cell *cell, unsigned int region,
			struct emu_context *ctx)
{
	unsigned int irq = region_irq(cell, region);

	cell->virtio_broken |= BIT(region);
	__atomic_fetch_add(&ring->timeouts, 1, __ATOMIC_RELAXED);
	printk("hvisor: cell %u \"%s\": virtio device at 0x%lx: no answer from "
	       "the root within %lu ms (%s of 0x%lx): device needs reset\n",
	       cell->id, cell->config->name,
	       (unsigned long)(ctx->address & PAGE_MASK),
	       (unsigned long)timeout_ms, ctx->write ? "write" : "read",
	       (unsigned long)ctx->address);
	__atomic_fetch_or(&cell->virtio_isr[region], INT_CONFIG,
			  __ATOMIC_SEQ_CST);
	if (irq && hvisor_irq_assignable(system_config->arch, irq) &&
	    !cell_owns_irq(cell, irq))
		vcpu_inject(cell, 0, irq);
}

/* Remembers the config bytes the daemon answered (off: into the config). */
static void cfg_remember(struct cell *cell, unsigned int region, u64 off,
			 unsigned int width, u64 value)
{
	struct virtio_cfg_cache *c = &cell->virtio_cfg[region];
	unsigned int i;

	for (i = 0; i < width && off + i < CFG_CACHE_BYTES; i++) {
		c->bytes[off + i] = (u8)(value >> (8 * i));
		c->valid |= BIT(off + i);
	}
}

/* A broken device's config read: the last answers, all ones where none. */
static u64 cfg_recall(struct cell *cell, unsigned int region, u64 off,
		      unsigned int width)
{
	const struct virtio_cfg_cache *c = &cell->virtio_cfg[region];
	u64 value = 0;
	unsigned int i;
	u8 b;

	for (i = 0; i < width; i++) {
		b = 0xff;
		if (off + i < CFG_CACHE_BYTES && (c->valid & BIT(off + i)))
			b = c->bytes[off + i];
		value |= (u64)b << (8 * i);
	}
	return value;
}

/*
 * Registers the hypervisor answers itself, working or broken: the
 * interrupt status lives here (the daemon sets bits with VIRTIO_INJECT).
 */
static bool local_access(struct cell *cell, unsigned int region,
			 struct emu_context *ctx, u64 off)
{
	u32 *isr = &cell->virtio_isr[region];

	if (off == VIRTIO_MMIO_INTERRUPT_STATUS && !ctx->write) {
		ctx->value = ctx->width == 4 ?
				     __atomic_load_n(isr, __ATOMIC_SEQ_CST) :
				     0;
		return true;
	}
	if (off == VIRTIO_MMIO_INTERRUPT_ACK && ctx->write) {
		if (ctx->width == 4)
			__atomic_fetch_and(isr, ~(u32)ctx->value,
					   __ATOMIC_SEQ_CST);
		return true;
	}
	if (off == VIRTIO_MMIO_STATUS && ctx->write && !ctx->value)
		__atomic_store_n(isr, 0, __ATOMIC_SEQ_CST); /* reset */
	return false;
}

/* Writes that may not be posted: the driver relies on their effect. */
static bool must_wait(u64 off)
{
	return off == VIRTIO_MMIO_STATUS || off == VIRTIO_MMIO_QUEUE_READY;
}

static enum mmio_result virtio_access(void *arg, struct emu_context *ctx,
				      u64 off)
{
	struct cell *cell = ctx->cell;
	unsigned int region = (unsigned long)arg;
	struct per_cpu *c = this_cpu();
	struct vcpu *v = &c->vcpu;
	u64 start = arch_time_ms(), seq = 0;
	bool waited = false, kick;
	enum enqueued e;

	if (local_access(cell, region, ctx, off))
		return MMIO_HANDLED;
	if (cell->virtio_broken & BIT(region)) {
		if (ctx->write && off == VIRTIO_MMIO_STATUS &&
		    ctx->value == 0) {
			cell->virtio_broken &= ~BIT(region); /* guest reset */
		} else {
			if (ctx->write)
				return MMIO_HANDLED;
			if (off == VIRTIO_MMIO_STATUS)
				ctx->value = STATUS_NEEDS_RESET;
			else if (off >= VIRTIO_MMIO_CONFIG)
				ctx->value = cfg_recall(
					cell, region, off - VIRTIO_MMIO_CONFIG,
					ctx->width);
			else
				ctx->value = ~0UL;
			return MMIO_HANDLED;
		}
	}
	kick = ctx->write && off == VIRTIO_MMIO_QUEUE_NOTIFY;
	if (ctx->write && !must_wait(off)) {
		/*
		 * Posted: the ring keeps the order of a device's requests, so
		 * a later read is answered after it. Over the cell's quota a
		 * QueueNotify is dropped (the root rescans), a write waits.
		 */
		e = enqueue(ctx, region, NULL, v->id, &seq, kick);
		if (e == ENQ_COALESCED)
			__atomic_fetch_add(&ring->coalesced, 1,
					   __ATOMIC_RELAXED);
		else if (e == ENQ_DROPPED && kick)
			notify_dropped(cell, region);
		if (e != ENQ_DROPPED || kick)
			return MMIO_HANDLED;
	}
	/*
	 * A blocking access: the vCPU waits, asleep, for the daemon's answer
	 * to its seq (vio_done = seq; a late answer to an earlier seq that
	 * timed out never matches a later one).
	 */
	WRITE_ONCE(v->vio_seq, 0);
	WRITE_ONCE(v->vio_done, 0); /* no answer is under way: see give_up */
	while (enqueue(ctx, region, v, v->id, &seq, false) != ENQ_QUEUED) {
		/* only a root that does not consume gets here */
		space_wait_begin(v->cpu);
		waited = true;
		if (READ_ONCE(ring->head) - READ_ONCE(ring->tail) <
		    HVISOR_REQ_RING_ENTRIES)
			continue; /* room came while we said we wait */
		check_stop(c, 0);
		if (timed_out(start)) {
			space_wait_end(v->cpu);
			goto timeout;
		}
		sleep_for_space(v, start);
	}
	if (waited)
		space_wait_end(v->cpu);
	while (__atomic_load_n(&v->vio_done, __ATOMIC_ACQUIRE) != seq) {
		check_stop(c, seq);
		if (timed_out(start)) {
			if (give_up(v, seq))
				break; /* answered just in time */
			goto timeout;
		}
		sleep_until(v, start);
	}
	wait_done(v->cpu);
	if (!ctx->write) {
		ctx->value = v->vio_value;
		if (off >= VIRTIO_MMIO_CONFIG)
			cfg_remember(cell, region, off - VIRTIO_MMIO_CONFIG,
				     ctx->width, ctx->value);
	}
	return MMIO_HANDLED;
timeout:
	wait_done(v->cpu);
	mark_broken(cell, region, ctx);
	if (!ctx->write)
		ctx->value = off >= VIRTIO_MMIO_CONFIG ?
				     cfg_recall(cell, region,
						off - VIRTIO_MMIO_CONFIG,
						ctx->width) :
				     ~0UL;
	return MMIO_HANDLED;
}

int virtio_cell_init(struct cell *cell, unsigned int region, u64 base, u64 size)
{
	if (region >= VIRTIO_MAX_REGIONS)
		return -E2BIG;
	if (!cell->virtio_cfg)
		cell->virtio_cfg = page_zalloc(&mem_pool, CFG_CACHE_PAGES);
	if (!cell->virtio_cfg)
		return -ENOMEM;
	return mmio_register(cell, base, size, virtio_access,
			     (void *)(unsigned long)region);
}

void virtio_cell_exit(struct cell *cell)
{
	if (cell->virtio_cfg)
		page_free(&mem_pool, cell->virtio_cfg, CFG_CACHE_PAGES);
	cell->virtio_cfg = NULL;
}

long virtio_complete(u64 cell_and_vcpu, u64 value, u64 seq)
{
	unsigned int n = cell_and_vcpu & 0xffffffff;
	struct cell *cell;
	struct vcpu *v;
	long ret = -ENOENT;

	space_wake(); /* the root consumed entries */
	if (!seq)
		return 0;
	cell = cell_get(cell_and_vcpu >> 32);
	if (!cell)
		return -ENOENT;
	v = n < cell->num_vcpus ? cell_vcpu(cell, n) : NULL;
	/*
	 * The answer is ours to give only if the waiter still waits (a
	 * successful exchange leaves seq as it was).
	 */
	if (v &&
	    __atomic_compare_exchange_n(&v->vio_seq, &seq, 0, false,
					__ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
		v->vio_value = value;
		__atomic_store_n(&v->vio_done, seq, __ATOMIC_RELEASE);
		arch_kick_cpu(v->cpu); /* wakes it from its sleep */
		ret = 0;
	}
	cell_put(cell);
	return ret;
}

long virtio_inject(u64 cell_id, u64 irq, u64 status)
{
	unsigned int region = (status >> 32) & 0xffff;
	u32 bits = (u32)status;
	struct cell *cell = cell_get(cell_id);
	long ret = 0;

	if (!cell)
		return -ENOENT;
	if (!hvisor_irq_assignable(system_config->arch, irq) ||
	    cell_owns_irq(cell, irq) || region >= VIRTIO_MAX_REGIONS ||
	    (status >> 48))
		ret = -EINVAL;
	else if (bits)
		/* seen by the guest's next InterruptStatus read */
		__atomic_fetch_or(&cell->virtio_isr[region], bits,
				  __ATOMIC_SEQ_CST);
	if (!ret)
		vcpu_inject(cell, 0, irq);
	cell_put(cell);
	return ret;
}

/* With ring_lock held: is the request seq still in the ring, unconsumed? */
static bool in_ring(u64 seq)
{
	u32 head = ring->head, used = head - READ_ONCE(ring->tail), i;

	if (used > HVISOR_REQ_RING_ENTRIES)
		used = HVISOR_REQ_RING_ENTRIES;
	for (i = head - used; i != head; i++)
		if (shadow[i % HVISOR_REQ_RING_ENTRIES].seq == seq)
			return true;
	return false;
}

long virtio_replay(void)
{
	struct hvisor_request *r;
	unsigned int cpu;
	long n = 0;
	u32 head;

	spin_lock(&ring_lock);
	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		r = &waiting[cpu];
		if (!r->seq || in_ring(r->seq))
			continue;
		head = ring->head;
		if (head - READ_ONCE(ring->tail) >= HVISOR_REQ_RING_ENTRIES)
			break; /* no room: those vCPUs time out */
		shadow[head % HVISOR_REQ_RING_ENTRIES] = (struct shadow){
			.cell = r->cell,
			.region = r->region,
			.seq = r->seq,
		};
		ring->req[head % HVISOR_REQ_RING_ENTRIES] = *r;
		__atomic_store_n(&ring->head, head + 1, __ATOMIC_RELEASE);
		n++;
	}
	spin_unlock(&ring_lock);
	if (n)
		arch_raise_root_irq();
	return n;
}

long virtio_set_timeout(u64 ms)
{
	if (ms < 10 || ms > 600000)
		return -EINVAL;
	timeout_ms = ms;
	return 0;
}
