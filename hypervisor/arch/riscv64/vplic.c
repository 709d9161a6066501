/* The virtual PLIC of a cell: the PLIC's priority, pending, enable, threshold and claim/complete rules, on per-cell state. */
#include <hv/bitmap.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/plic.h>
#include <asm/vplic.h>

#define MAX_REFUSALS_LOGGED 4

void vplic_init(struct vplic *p, unsigned int num_sources,
		unsigned int num_vcpus, unsigned int contexts_per_hart,
		unsigned int s_context, u64 size, const struct vplic_ops *ops,
		void *arg)
{
	memset(p, 0, sizeof(*p));
	/* zero is an unlocked lock */
	p->num_sources = num_sources > VPLIC_MAX_SOURCES ? VPLIC_MAX_SOURCES :
							   num_sources;
	p->num_vcpus = num_vcpus > VPLIC_MAX_VCPUS ? VPLIC_MAX_VCPUS :
						     num_vcpus;
	p->contexts_per_hart = contexts_per_hart ? contexts_per_hart : 1;
	p->s_context = s_context;
	p->size = size;
	p->ops = ops;
	p->arg = arg;
}

int vplic_add_source(struct vplic *p, unsigned int src, bool hw)
{
	if (!src || src >= p->num_sources)
		return -EINVAL;
	spin_lock(&p->lock);
	bitmap_set(p->sources, src);
	if (hw)
		bitmap_set(p->hw, src);
	else
		bitmap_clear(p->hw, src);
	spin_unlock(&p->lock);
	return 0;
}

/* The claim of vCPU v: highest priority above threshold, ties to the lowest id. */
static unsigned int best(const struct vplic *p, unsigned int v)
{
	const struct vplic_context *c = &p->ctx[v];
	unsigned int w, b, src, id = 0;
	u32 prio = c->threshold, bits;

	for (w = 0; w < VPLIC_WORDS; w++) {
		bits = p->pending[w] & c->enable[w];
		/* no ctz: rv64imac has no Zbb and the image no libgcc */
		for (b = 0; bits; b++, bits >>= 1) {
			src = w * 32 + b;
			if ((bits & 1) && p->priority[src] > prio) {
				prio = p->priority[src];
				id = src;
			}
		}
	}
	return id;
}

/* Gives every vCPU whose level changed its new hvip.VSEIP (lock held). */
static void update(struct vplic *p)
{
	unsigned int v;
	bool level;

	for (v = 0; v < p->num_vcpus; v++) {
		level = best(p, v) != 0;
		if (level == !!(p->vseip & (1u << v)))
			continue;
		if (level)
			p->vseip |= 1u << v;
		else
			p->vseip &= ~(1u << v);
		if (p->ops && p->ops->set_vseip)
			p->ops->set_vseip(p->arg, v, level);
	}
}

void vplic_inject(struct vplic *p, unsigned int src)
{
	if (!src || src >= p->num_sources)
		return;
	spin_lock(&p->lock);
	if (bitmap_test(p->sources, src) && !bitmap_test(p->hw, src)) {
		/* an edge while claimed counts after the complete */
		if (bitmap_test(p->claimed, src))
			bitmap_set(p->latched, src);
		else
			bitmap_set(p->pending, src);
		update(p);
	}
	spin_unlock(&p->lock);
}

void vplic_hw_pending(struct vplic *p, unsigned int src)
{
	if (!src || src >= p->num_sources)
		return;
	spin_lock(&p->lock);
	if (bitmap_test(p->hw, src)) {
		bitmap_set(p->pending, src);
		update(p);
	}
	spin_unlock(&p->lock);
}

bool vplic_vseip(struct vplic *p, unsigned int v)
{
	bool level;

	if (v >= p->num_vcpus)
		return false;
	spin_lock(&p->lock);
	level = best(p, v) != 0;
	spin_unlock(&p->lock);
	return level;
}

static u32 claim(struct vplic *p, unsigned int v)
{
	unsigned int id = best(p, v);

	if (id) {
		bitmap_clear(p->pending, id);
		bitmap_set(p->claimed, id);
	}
	return id;
}

/* A complete counts for a claimed source enabled in the completing context. */
static void complete(struct vplic *p, unsigned int v, u64 id)
{
	if (!id || id >= p->num_sources || !bitmap_test(p->claimed, id) ||
	    !bitmap_test(p->ctx[v].enable, id))
		return;
	bitmap_clear(p->claimed, id);
	if (bitmap_test(p->hw, id)) {
		if (p->ops && p->ops->hw_complete)
			p->ops->hw_complete(p->arg, id);
	} else if (bitmap_test(p->latched, id)) {
		bitmap_clear(p->latched, id);
		bitmap_set(p->pending, id);
	}
}

/* Enable word w of a context: bit 0 of word 0 (source 0) and absent sources stay 0. */
static u32 enable_mask(const struct vplic *p, unsigned int w)
{
	unsigned int first = w * 32;
	u32 mask;

	if (first >= p->num_sources)
		return 0;
	mask = p->num_sources - first >= 32 ?
		       ~0u :
		       (1u << (p->num_sources - first)) - 1;
	return w ? mask : mask & ~1u;
}

/*
 * The vCPU whose S context ctx is, as *t: any of the cell's vCPUs may reach
 * every S context of the cell, as a hart reaches every context on the
 * hardware (Linux sets a source's enable bits in the contexts of all CPUs
 * of its affinity from whichever CPU it runs on); M contexts and contexts of
 * harts the cell does not have are no context of it.
 */
static bool cell_context(const struct vplic *p, u64 ctx, unsigned int *t)
{
	if (ctx % p->contexts_per_hart != p->s_context ||
	    ctx / p->contexts_per_hart >= p->num_vcpus)
		return false;
	*t = ctx / p->contexts_per_hart;
	return true;
}

static bool refuse(struct vplic *p, unsigned int v, u64 off, unsigned int width,
		   bool write, u64 *value)
{
	if (p->refusals++ < MAX_REFUSALS_LOGGED)
		printk("hvisor: vPLIC: vCPU %u %s PLIC+0x%llx (%u bytes) refused%s\n",
		       v, write ? "write" : "read", (unsigned long long)off,
		       width,
		       p->refusals == MAX_REFUSALS_LOGGED ?
			       " (further refusals not reported)" :
			       "");
	if (!write)
		*value = 0;
	return false;
}

/* Aligned 32-bit accesses with the lock held; false: refused. */
static bool access_word(struct vplic *p, u64 off, bool write, u32 *val)
{
	u64 ctx;
	unsigned int n, t;

	if (off < PLIC_PENDING) {
		n = off / 4;
		if (!n || n >= p->num_sources)
			return false;
		if (write)
			p->priority[n] = *val & VPLIC_PRIO_MASK;
		else
			*val = p->priority[n];
		return true;
	}
	if (off < PLIC_PENDING_END) {
		n = (off - PLIC_PENDING) / 4;
		if (!write) /* read only, as in the hardware */
			*val = p->pending[n] & enable_mask(p, n);
		return true;
	}
	if (off >= PLIC_ENABLE && off < PLIC_CONTEXT) {
		ctx = (off - PLIC_ENABLE) / PLIC_ENABLE_STRIDE;
		n = ((off - PLIC_ENABLE) % PLIC_ENABLE_STRIDE) / 4;
		if (!cell_context(p, ctx, &t))
			return false;
		if (write)
			p->ctx[t].enable[n] = *val & enable_mask(p, n);
		else
			*val = p->ctx[t].enable[n];
		return true;
	}
	if (off < PLIC_CONTEXT)
		return false;
	ctx = (off - PLIC_CONTEXT) / PLIC_CONTEXT_STRIDE;
	if (!cell_context(p, ctx, &t))
		return false;
	switch ((off - PLIC_CONTEXT) % PLIC_CONTEXT_STRIDE) {
	case PLIC_THRESHOLD:
		if (write)
			p->ctx[t].threshold = *val & VPLIC_PRIO_MASK;
		else
			*val = p->ctx[t].threshold;
		return true;
	case PLIC_CLAIM:
		if (write)
			complete(p, t, *val);
		else
			*val = claim(p, t);
		return true;
	default:
		return false;
	}
}

bool vplic_access(struct vplic *p, unsigned int v, u64 off, unsigned int width,
		  bool write, u64 *value)
{
	u32 val = write ? (u32)*value : 0;
	bool ok;

	if (v >= p->num_vcpus || width != 4 || (off & 3) || off >= p->size ||
	    p->size - off < 4)
		return refuse(p, v, off, width, write, value);
	spin_lock(&p->lock);
	ok = access_word(p, off, write, &val);
	if (ok) /* writes, claims and completes change levels */
		update(p);
	spin_unlock(&p->lock);
	if (!ok)
		return refuse(p, v, off, width, write, value);
	if (!write)
		*value = val;
	return true;
}
