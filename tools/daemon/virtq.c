/* Split virtqueues in guest RAM: validated descriptor chains, used ring, event index (no I/O). */
#include "virtq.h"

#include <endian.h>
#include <errno.h>
#include <string.h>

/*
 * Guest RAM changes under our feet: every field is read once into a local
 * copy and checked there. Indexes shared with the driver use atomics.
 */
static uint16_t load16(const void *p)
{
	return le16toh(__atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED));
}

static uint16_t load16_acquire(const void *p)
{
	return le16toh(__atomic_load_n((const uint16_t *)p, __ATOMIC_ACQUIRE));
}

static void store16(void *p, uint16_t v)
{
	__atomic_store_n((uint16_t *)p, htole16(v), __ATOMIC_RELAXED);
}

static void store32(void *p, uint32_t v)
{
	__atomic_store_n((uint32_t *)p, htole32(v), __ATOMIC_RELAXED);
}

const char *vq_error_str(enum vq_error e)
{
	switch (e) {
	case VQ_OK:
		return "ok";
	case VQ_ERR_INDEX:
		return "descriptor index out of range";
	case VQ_ERR_LOOP:
		return "descriptor chain loops";
	case VQ_ERR_RANGE:
		return "buffer outside the shared RAM";
	case VQ_ERR_INDIRECT:
		return "bad indirect descriptor";
	case VQ_ERR_NESTED:
		return "nested indirect descriptor";
	case VQ_ERR_ORDER:
		return "device-readable buffer after a writable one";
	case VQ_ERR_TOO_LONG:
		return "chain too long";
	}
	return "unknown error";
}

uint64_t virtq_desc_size(unsigned int num)
{
	return 16ull * num;
}

uint64_t virtq_avail_size(unsigned int num)
{
	return 4 + 2ull * num + 2; /* flags, idx, ring, used_event */
}

uint64_t virtq_used_size(unsigned int num)
{
	return 4 + 8ull * num + 2; /* flags, idx, ring, avail_event */
}

void virtq_reset(struct virtq *q)
{
	memset(q, 0, sizeof(*q));
}

int virtq_setup(struct virtq *q, const struct gmem *mem, unsigned int num,
		uint64_t desc, uint64_t avail, uint64_t used, bool event_idx,
		bool indirect)
{
	void *d, *a, *u;

	virtq_reset(q);
	if (!num || num > VQ_MAX_SIZE || desc % 16 || avail % 2 || used % 4)
		return -EINVAL;
	d = gmem_ptr(mem, desc, virtq_desc_size(num));
	a = gmem_ptr(mem, avail, virtq_avail_size(num));
	u = gmem_ptr(mem, used, virtq_used_size(num));
	if (!d || !a || !u)
		return -EFAULT;
	q->mem = mem;
	q->num = (uint16_t)num;
	q->desc = d;
	q->avail = a;
	q->used = u;
	q->event_idx = event_idx;
	q->indirect = indirect;
	q->ready = true;
	return 0;
}

/* Adds buffer [addr, addr + len) to the chain, split where ranges meet. */
static enum vq_error add_buffer(const struct virtq *q, struct vq_chain *c,
				uint64_t addr, uint32_t len, bool writable)
{
	uint64_t *total = writable ? &c->in_len : &c->out_len;
	uint64_t chunk;
	void *p;

	if (!len)
		return VQ_OK;
	if (addr + len - 1 < addr)
		return VQ_ERR_RANGE;
	if (*total + len > VQ_MAX_TOTAL)
		return VQ_ERR_TOO_LONG;
	*total += len;
	while (len) {
		p = gmem_chunk(q->mem, addr, len, &chunk);
		if (!p)
			return VQ_ERR_RANGE;
		if (c->num_out + c->num_in == VQ_MAX_IOV)
			return VQ_ERR_TOO_LONG;
		c->iov[c->num_out + c->num_in].iov_base = p;
		c->iov[c->num_out + c->num_in].iov_len = chunk;
		if (writable)
			c->num_in++;
		else
			c->num_out++;
		addr += chunk;
		len -= (uint32_t)chunk;
	}
	return VQ_OK;
}

static void read_desc(const void *table, unsigned int i, struct vring_desc *d)
{
	memcpy(d, (const uint8_t *)table + 16ull * i, sizeof(*d));
	d->addr = le64toh(d->addr);
	d->len = le32toh(d->len);
	d->flags = le16toh(d->flags);
	d->next = le16toh(d->next);
}

static enum vq_error walk(const struct virtq *q, struct vq_chain *c)
{
	const void *table = q->desc;
	unsigned int size = q->num, count = 0, i = c->head;
	bool indirect = false, seen_write = false;
	struct vring_desc d;
	enum vq_error err;

	for (;;) {
		if (i >= size)
			return VQ_ERR_INDEX;
		if (++count > size)
			return VQ_ERR_LOOP;
		read_desc(table, i, &d);
		if (d.flags & VRING_DESC_F_INDIRECT) {
			if (indirect)
				return VQ_ERR_NESTED;
			if (!q->indirect || (d.flags & VRING_DESC_F_NEXT) ||
			    !d.len || d.len % 16 ||
			    d.len / 16 > VQ_MAX_INDIRECT)
				return VQ_ERR_INDIRECT;
			table = gmem_ptr(q->mem, d.addr, d.len);
			if (!table)
				return VQ_ERR_RANGE;
			indirect = true;
			size = d.len / 16;
			count = 0;
			i = 0;
			continue;
		}
		if (d.flags & VRING_DESC_F_WRITE) {
			seen_write = true;
			err = add_buffer(q, c, d.addr, d.len, true);
		} else if (seen_write) {
			err = VQ_ERR_ORDER;
		} else {
			err = add_buffer(q, c, d.addr, d.len, false);
		}
		if (err)
			return err;
		if (!(d.flags & VRING_DESC_F_NEXT))
			return VQ_OK;
		i = d.next;
	}
}

static void track_set(struct virtq *q, uint16_t head, bool out)
{
	uint32_t *w, bit = 1u << (head % 32);

	if (!q->track)
		return;
	w = &q->track->inflight[head / 32];
	__atomic_store_n(w, out ? (*w | bit) : (*w & ~bit), __ATOMIC_RELEASE);
}

static void track_store16(struct virtq *q, uint16_t *field, uint16_t v)
{
	if (q->track)
		__atomic_store_n(field, v, __ATOMIC_RELEASE);
}

static void took(struct virtq *q, struct vq_chain *c, uint16_t head)
{
	if (++q->inflight > q->max_inflight)
		q->max_inflight = q->inflight;
	q->last_head = head;
	c->head = head;
	c->num_out = c->num_in = 0;
	c->out_len = c->in_len = 0;
	c->err = walk(q, c);
}

int virtq_pop(struct virtq *q, struct vq_chain *c)
{
	uint16_t idx, head;

	if (!q->ready || q->broken)
		return q->broken ? -1 : 0;
	if (q->num_replay) {
		head = q->replay[q->replay_first];
		q->replay_first =
			(uint16_t)((q->replay_first + 1) % VQ_MAX_SIZE);
		q->num_replay--;
		q->popped_replay = true;
		took(q, c, head);
		return 1;
	}
	q->popped_replay = false;
	idx = load16_acquire(&q->avail->idx);
	if (idx == q->last_avail) {
		/* polled: the avail event stays behind, the driver is quiet */
		if (!q->event_idx || q->polled)
			return 0;
		/* Ask for a notification of the next entry, then look again. */
		store16(&q->used->ring[q->num], q->last_avail);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		idx = load16_acquire(&q->avail->idx);
		if (idx == q->last_avail)
			return 0;
	}
	if ((uint16_t)(idx - q->last_avail) > q->num) {
		q->broken = true;
		return -1;
	}
	head = load16(&q->avail->ring[q->last_avail % q->num]);
	if (head >= q->num) {
		q->broken = true;
		return -1;
	}
	/* out before taken: a death in between leaves it in the avail ring */
	track_set(q, head, true);
	q->last_avail++;
	if (q->track)
		track_store16(q, &q->track->last_avail, q->last_avail);
	took(q, c, head);
	return 1;
}

void virtq_unpop(struct virtq *q)
{
	q->inflight--;
	if (q->popped_replay) {
		q->replay_first =
			(uint16_t)((q->replay_first + VQ_MAX_SIZE - 1) %
				   VQ_MAX_SIZE);
		q->num_replay++;
		return;
	}
	q->last_avail--;
	if (q->track) {
		track_store16(q, &q->track->last_avail, q->last_avail);
		track_set(q, q->last_head, false);
	}
}

void virtq_push(struct virtq *q, uint16_t head, uint32_t len)
{
	vring_used_elem_t *e = &q->used->ring[q->used_idx % q->num];

	store32(&e->id, head);
	store32(&e->len, len);
	q->used_idx++;
	__atomic_store_n(&q->used->idx, htole16(q->used_idx), __ATOMIC_RELEASE);
	if (q->inflight)
		q->inflight--;
	/* given back before no longer out: virtq_resume() sees the used entry */
	track_set(q, head, false);
	if (q->track)
		track_store16(q, &q->track->used_idx, q->used_idx);
}

bool virtq_has_work(const struct virtq *q)
{
	if (!q->ready || q->broken)
		return false;
	return q->num_replay || load16_acquire(&q->avail->idx) != q->last_avail;
}

unsigned int virtq_pending(const struct virtq *q)
{
	uint16_t n;

	if (!q->ready || q->broken)
		return 0;
	n = (uint16_t)(load16_acquire(&q->avail->idx) - q->last_avail);
	return q->num_replay + (n > q->num ? q->num : n);
}

bool virtq_arm(struct virtq *q)
{
	q->polled = false;
	if (!q->ready || q->broken)
		return false;
	if (q->event_idx) {
		store16(&q->used->ring[q->num], q->last_avail);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
	return virtq_has_work(q);
}

void virtq_track(struct virtq *q, struct virtq_track *t)
{
	q->track = t;
	if (!t)
		return;
	memset(t, 0, sizeof(*t));
	t->last_avail = q->last_avail;
	t->used_idx = q->used_idx;
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

int virtq_resume(struct virtq *q, struct virtq_track *t)
{
	uint16_t used = load16_acquire(&q->used->idx);
	uint16_t avail = load16_acquire(&q->avail->idx);
	uint32_t out[VQ_MAX_SIZE / 32];
	uint16_t p, h;
	unsigned int i;

	memcpy(out, t->inflight, sizeof(out));
	if ((uint16_t)(used - t->used_idx) > q->num ||
	    (uint16_t)(avail - t->last_avail) > q->num) {
		q->broken = true;
		return -1;
	}
	/* given back, but it died before it cleared the bit */
	for (p = t->used_idx; p != used; p++) {
		h = (uint16_t)le32toh(__atomic_load_n(
			&q->used->ring[p % q->num].id, __ATOMIC_RELAXED));
		if (h < VQ_MAX_SIZE)
			out[h / 32] &= ~(1u << (h % 32));
	}
	/* still in the avail ring: taken again from there */
	for (p = t->last_avail; p != avail; p++) {
		h = load16(&q->avail->ring[p % q->num]);
		if (h < VQ_MAX_SIZE)
			out[h / 32] &= ~(1u << (h % 32));
	}
	q->last_avail = t->last_avail;
	q->used_idx = used;
	q->signalled_valid = false;
	q->num_replay = q->replay_first = 0;
	for (i = 0; i < q->num; i++)
		if (out[i / 32] & (1u << (i % 32)))
			q->replay[q->num_replay++] = (uint16_t)i;
	/* heads at or above the size are no chains: dropped */
	for (i = q->num; i < VQ_MAX_SIZE; i++)
		out[i / 32] &= ~(1u << (i % 32));
	q->inflight = 0;
	q->track = t;
	memcpy(t->inflight, out, sizeof(out));
	t->used_idx = used;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	return 0;
}

bool virtq_should_notify(struct virtq *q)
{
	uint16_t old = q->signalled_used, event;
	bool valid = q->signalled_valid;

	if (!q->ready)
		return false;
	/* The used index must be visible before the driver's wish is read. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!q->event_idx)
		return !(load16(&q->avail->flags) & VRING_AVAIL_F_NO_INTERRUPT);
	event = load16(&q->avail->ring[q->num]);
	q->signalled_used = q->used_idx;
	q->signalled_valid = true;
	return !valid || vring_need_event(event, q->used_idx, old);
}

/* Copies between buf and the n pieces iov, from byte off of the pieces. */
static size_t copy_part(const struct iovec *iov, unsigned int n, uint64_t off,
			uint8_t *buf, size_t len, bool to_guest)
{
	size_t done = 0, piece;
	unsigned int i;

	for (i = 0; i < n && done < len; i++) {
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		piece = iov[i].iov_len - off;
		if (piece > len - done)
			piece = len - done;
		if (to_guest)
			memcpy((uint8_t *)iov[i].iov_base + off, buf + done,
			       piece);
		else
			memcpy(buf + done, (uint8_t *)iov[i].iov_base + off,
			       piece);
		done += piece;
		off = 0;
	}
	return done;
}

size_t vq_chain_read(const struct vq_chain *c, uint64_t off, void *buf,
		     size_t len)
{
	return copy_part(c->iov, c->num_out, off, buf, len, false);
}

size_t vq_chain_write(const struct vq_chain *c, uint64_t off, const void *buf,
		      size_t len)
{
	return copy_part(c->iov + c->num_out, c->num_in, off, (uint8_t *)buf,
			 len, true);
}

int vq_chain_slice(const struct vq_chain *c, bool writable, uint64_t off,
		   uint64_t len, struct iovec *out, unsigned int max)
{
	const struct iovec *iov = writable ? c->iov + c->num_out : c->iov;
	unsigned int n = writable ? c->num_in : c->num_out, i, k = 0;
	uint64_t piece;

	for (i = 0; i < n && len; i++) {
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		if (k == max)
			return -1;
		piece = iov[i].iov_len - off;
		if (piece > len)
			piece = len;
		out[k].iov_base = (uint8_t *)iov[i].iov_base + off;
		out[k].iov_len = piece;
		k++;
		len -= piece;
		off = 0;
	}
	return len ? -1 : (int)k;
}
