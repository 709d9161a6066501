/* The virtual APLIC of a cell (AIA mode): an MSI-mode domain's sourcecfg, pending, enable, target and genmsi rules on per-cell state. */
#include <hv/bitmap.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <asm/vaplic.h>

#define MAX_REFUSALS_LOGGED 4

void vaplic_init(struct vaplic *a, unsigned int num_sources, u64 size,
		 const struct vaplic_ops *ops, void *arg)
{
	memset(a, 0, sizeof(*a));
	a->num_sources = num_sources > VAPLIC_MAX_SOURCES ? VAPLIC_MAX_SOURCES :
							    num_sources;
	a->size = size;
	a->ops = ops;
	a->arg = arg;
}

int vaplic_add_source(struct vaplic *a, unsigned int src)
{
	if (!src || src >= a->num_sources)
		return -EINVAL;
	spin_lock(&a->lock);
	bitmap_set(a->sources, src);
	spin_unlock(&a->lock);
	return 0;
}

bool vaplic_active(struct vaplic *a)
{
	return __atomic_load_n(&a->domaincfg, __ATOMIC_RELAXED) &
	       APLIC_DOMAINCFG_IE;
}

/* No __builtin_bswap32: rv64imac has no Zbb and the image no libgcc. */
static u32 swab32(u32 x)
{
	return x >> 24 | (x >> 8 & 0xff00) | (x << 8 & 0xff0000) | x << 24;
}

/* A source the guest made active (the cell has it, SM not inactive). */
static bool active(const struct vaplic *a, unsigned int src)
{
	return src && src < a->num_sources && bitmap_test(a->sources, src) &&
	       a->sm[src] != APLIC_SM_INACTIVE;
}

static void send(struct vaplic *a, u32 target)
{
	u32 eiid = target & APLIC_TARGET_EIID_MASK;

	/* identity 0 is no interrupt: an IMSIC ignores it */
	if (!eiid || !a->ops || !a->ops->msi)
		return;
	a->msis++;
	a->ops->msi(a->arg, target >> APLIC_TARGET_HART_SHIFT,
		    (target & APLIC_TARGET_GUEST) >> APLIC_TARGET_GUEST_SHIFT,
		    eiid);
}

/*
 * MSI mode: a pending, enabled source of an enabled domain is sent to its
 * target and stops pending (lock held).
 */
static void deliver(struct vaplic *a, unsigned int src)
{
	if (!(a->domaincfg & APLIC_DOMAINCFG_IE) ||
	    !bitmap_test(a->pending, src) || !bitmap_test(a->enabled, src))
		return;
	bitmap_clear(a->pending, src);
	send(a, a->target[src]);
}

static void deliver_all(struct vaplic *a)
{
	unsigned int w, b;
	u32 bits;

	for (w = 0; w < VAPLIC_WORDS; w++) {
		bits = a->pending[w] & a->enabled[w];
		/* no ctz: rv64imac has no Zbb and the image no libgcc */
		for (b = 0; bits; b++, bits >>= 1)
			if (bits & 1)
				deliver(a, w * 32 + b);
	}
}

void vaplic_inject(struct vaplic *a, unsigned int src)
{
	if (!src || src >= a->num_sources)
		return;
	spin_lock(&a->lock);
	if (active(a, src)) {
		bitmap_set(a->pending, src);
		deliver(a, src);
	}
	spin_unlock(&a->lock);
}

/*
 * setip/setipnum: sets an edge-sensitive or detached source pending; a
 * level-sensitive one only while its line is up, and a virtual line is
 * never left up (vaplic_inject), so no (Linux writes setipnum after every
 * level interrupt, to re-trigger a line still asserted).
 */
static void set_pending(struct vaplic *a, unsigned int src)
{
	if (!active(a, src) || a->sm[src] == APLIC_SM_LEVEL1 ||
	    a->sm[src] == APLIC_SM_LEVEL0)
		return;
	bitmap_set(a->pending, src);
	deliver(a, src);
}

static void clear_pending(struct vaplic *a, unsigned int src)
{
	if (active(a, src))
		bitmap_clear(a->pending, src);
}

static void set_enable(struct vaplic *a, unsigned int src, bool on)
{
	if (!active(a, src))
		return;
	if (on) {
		bitmap_set(a->enabled, src);
		deliver(a, src);
	} else {
		bitmap_clear(a->enabled, src);
	}
}

/* The bits of word w the guest sees: its active sources. */
static u32 active_word(const struct vaplic *a, unsigned int w)
{
	unsigned int b;
	u32 m = 0;

	for (b = 0; b < 32; b++)
		if (active(a, w * 32 + b))
			m |= 1u << b;
	return m;
}

static void write_sourcecfg(struct vaplic *a, unsigned int src, u32 val)
{
	u32 sm = val & APLIC_SOURCECFG_SM;

	if (!src || src >= a->num_sources || !bitmap_test(a->sources, src))
		return;
	/* no child domains: D reads 0, a delegation makes it inactive */
	if ((val & APLIC_SOURCECFG_D) || sm == 2 || sm == 3)
		sm = APLIC_SM_INACTIVE;
	a->sm[src] = sm;
	if (sm == APLIC_SM_INACTIVE) {
		bitmap_clear(a->pending, src);
		bitmap_clear(a->enabled, src);
	}
}

/* The source of a numbered register's value: 0 for none of the cell's. */
static unsigned int num(const struct vaplic *a, u32 val)
{
	return val < a->num_sources ? val : 0;
}

/* Aligned 32-bit accesses with the lock held; false: refused. */
static bool access_word(struct vaplic *a, u64 off, bool write, u32 *val)
{
	unsigned int w, b, src;
	u32 bits;

	if (off == APLIC_DOMAINCFG) {
		if (write) {
			a->domaincfg = *val & APLIC_DOMAINCFG_IE;
			deliver_all(a);
		} else {
			*val = APLIC_DOMAINCFG_RO | APLIC_DOMAINCFG_DM |
			       a->domaincfg;
		}
		return true;
	}
	if (off < 4 * VAPLIC_MAX_SOURCES) {
		src = off / 4;
		if (write)
			write_sourcecfg(a, src, *val);
		else
			*val = active(a, src) ? a->sm[src] : 0;
		return true;
	}
	/* MSI address configuration: the root domain's (machine level) */
	if (off >= APLIC_MSIADDRCFG && off < APLIC_MSIADDRCFG_END) {
		if (!write)
			*val = 0;
		return true;
	}
	if (off == APLIC_SETIPNUM || off == APLIC_SETIPNUM_LE ||
	    off == APLIC_SETIPNUM_BE) {
		if (write)
			set_pending(a, num(a, off == APLIC_SETIPNUM_BE ?
						      swab32(*val) :
						      *val));
		else
			*val = 0;
		return true;
	}
	if (off == APLIC_CLRIPNUM || off == APLIC_SETIENUM ||
	    off == APLIC_CLRIENUM) {
		if (!write)
			*val = 0;
		else if (off == APLIC_CLRIPNUM)
			clear_pending(a, num(a, *val));
		else
			set_enable(a, num(a, *val), off == APLIC_SETIENUM);
		return true;
	}
	if (off >= APLIC_SETIP && off < APLIC_SETIP + 4 * VAPLIC_WORDS) {
		w = (off - APLIC_SETIP) / 4;
		if (!write) {
			*val = a->pending[w] & active_word(a, w);
			return true;
		}
		for (b = 0, bits = *val; bits; b++, bits >>= 1)
			if (bits & 1)
				set_pending(a, w * 32 + b);
		return true;
	}
	if (off >= APLIC_IN_CLRIP && off < APLIC_IN_CLRIP + 4 * VAPLIC_WORDS) {
		w = (off - APLIC_IN_CLRIP) / 4;
		if (!write) { /* the rectified inputs: virtual lines are low */
			*val = 0;
			return true;
		}
		a->pending[w] &= ~(*val & active_word(a, w));
		return true;
	}
	if (off >= APLIC_SETIE && off < APLIC_SETIE + 4 * VAPLIC_WORDS) {
		w = (off - APLIC_SETIE) / 4;
		if (!write) {
			*val = a->enabled[w] & active_word(a, w);
			return true;
		}
		for (b = 0, bits = *val; bits; b++, bits >>= 1)
			if (bits & 1)
				set_enable(a, w * 32 + b, true);
		return true;
	}
	if (off >= APLIC_CLRIE && off < APLIC_CLRIE + 4 * VAPLIC_WORDS) {
		w = (off - APLIC_CLRIE) / 4;
		if (write)
			a->enabled[w] &= ~(*val & active_word(a, w));
		else
			*val = 0;
		return true;
	}
	if (off == APLIC_GENMSI) {
		if (write) {
			a->genmsi = *val & APLIC_GENMSI_MASK;
			send(a, a->genmsi);
		} else {
			*val = a->genmsi; /* busy (bit 12) never set */
		}
		return true;
	}
	if (off > APLIC_TARGET && off < APLIC_IDC) {
		src = (off - APLIC_TARGET) / 4;
		if (src >= a->num_sources || !bitmap_test(a->sources, src)) {
			if (!write)
				*val = 0;
			return true;
		}
		if (write)
			a->target[src] = *val & APLIC_TARGET_MASK;
		else
			*val = a->target[src];
		return true;
	}
	/* reserved offsets and direct mode's interrupt delivery controls */
	return false;
}

static bool refuse(struct vaplic *a, unsigned int v, u64 off,
		   unsigned int width, bool write, u64 *value)
{
	if (a->refusals++ < MAX_REFUSALS_LOGGED)
		printk("hvisor: vAPLIC: vCPU %u %s APLIC+0x%llx (%u bytes) refused%s\n",
		       v, write ? "write" : "read", (unsigned long long)off,
		       width,
		       a->refusals == MAX_REFUSALS_LOGGED ?
			       " (further refusals not reported)" :
			       "");
	if (!write)
		*value = 0;
	return false;
}

bool vaplic_access(struct vaplic *a, unsigned int v, u64 off,
		   unsigned int width, bool write, u64 *value)
{
	u32 val = write ? (u32)*value : 0;
	bool ok;

	if (width != 4 || (off & 3) || off >= a->size || a->size - off < 4)
		return refuse(a, v, off, width, write, value);
	spin_lock(&a->lock);
	ok = access_word(a, off, write, &val);
	spin_unlock(&a->lock);
	if (!ok)
		return refuse(a, v, off, width, write, value);
	if (!write)
		*value = val;
	return true;
}
