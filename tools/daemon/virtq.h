/* Split virtqueues in guest RAM: validated descriptor chains, used ring, event index (no I/O). */
#ifndef HVISOR_DAEMON_VIRTQ_H
#define HVISOR_DAEMON_VIRTQ_H

#include "gmem.h"

#include <linux/virtio_ring.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define VQ_MAX_SIZE 256 /* QueueNumMax */
#define VQ_MAX_INDIRECT 256 /* descriptors in an indirect table */
#define VQ_MAX_IOV 512 /* pieces of one chain (descriptors split at ranges) */
#define VQ_MAX_TOTAL (32u << 20) /* bytes of one chain, per direction */

/* Why a descriptor chain was refused. */
enum vq_error {
	VQ_OK = 0,
	VQ_ERR_INDEX, /* a next index at or above the table's size */
	VQ_ERR_LOOP, /* more descriptors than the table holds: a loop */
	VQ_ERR_RANGE, /* a buffer outside the shared RAM */
	VQ_ERR_INDIRECT, /* indirect not negotiated, bad table length or place */
	VQ_ERR_NESTED, /* an indirect descriptor inside an indirect table */
	VQ_ERR_ORDER, /* a device-readable buffer after a writable one */
	VQ_ERR_TOO_LONG, /* over VQ_MAX_TOTAL bytes or VQ_MAX_IOV pieces */
};

const char *vq_error_str(enum vq_error e);

/*
 * One descriptor chain as the device sees it: the device-readable pieces
 * iov[0 .. num_out), then the device-writable ones iov[num_out .. num_out +
 * num_in), each inside the shared RAM. When err is not VQ_OK the pieces are
 * incomplete and must not be used; head is still the chain's head, to give
 * back with virtq_push().
 */
struct vq_chain {
	uint16_t head;
	enum vq_error err;
	unsigned int num_out, num_in;
	uint64_t out_len, in_len; /* bytes */
	struct iovec iov[VQ_MAX_IOV];
};

/*
 * What a queue took and has not given back, kept where it outlives the
 * daemon (the device's state file): a daemon started again serves the
 * heads taken but not completed again, each exactly once. Updated in an
 * order that a death at any point leaves recoverable: a head's bit is set
 * before last_avail moves past it and cleared after the used index that
 * gives it back is published (virtq_resume() reconciles both from the
 * rings).
 */
struct virtq_track {
	uint16_t last_avail; /* avail entries taken */
	uint16_t used_idx; /* used entries published */
	uint32_t inflight[VQ_MAX_SIZE / 32]; /* bit h: head h out */
};

/* A split virtqueue of the guest, as the transport set it up. */
struct virtq {
	bool ready;
	bool broken; /* bad avail ring: nothing more is taken from it */
	bool event_idx; /* VIRTIO_RING_F_EVENT_IDX negotiated */
	bool indirect; /* VIRTIO_RING_F_INDIRECT_DESC negotiated */
	uint16_t num;
	uint16_t last_avail; /* next avail entry to take */
	uint16_t used_idx; /* next used entry to fill */
	uint16_t signalled_used; /* used_idx at the last interrupt */
	bool signalled_valid;
	const struct gmem *mem;
	const struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	struct virtq_track *track; /* NULL: nothing kept */
	/* heads a dead daemon left out, served again before the avail ring */
	uint16_t replay[VQ_MAX_SIZE];
	uint16_t num_replay, replay_first;
	bool popped_replay; /* the last pop took a replayed head */
	uint16_t last_head; /* the head the last pop took */
	unsigned int inflight, max_inflight; /* heads taken, not given back */
	bool polled; /* the device polls: an empty pop asks for no notification */
};

/* Byte sizes of the three areas of a queue of num entries (event fields included). */
uint64_t virtq_desc_size(unsigned int num);
uint64_t virtq_avail_size(unsigned int num);
uint64_t virtq_used_size(unsigned int num);

void virtq_reset(struct virtq *q);

/*
 * Makes q ready with num (1..VQ_MAX_SIZE) entries and its descriptor table,
 * driver (avail) and device (used) areas at these guest-physical addresses.
 * Each area must lie in one range of mem and be aligned (16, 2, 4 bytes).
 * Returns 0, or -EINVAL (bad num or alignment) / -EFAULT (outside mem) and q
 * stays not ready.
 */
int virtq_setup(struct virtq *q, const struct gmem *mem, unsigned int num,
		uint64_t desc, uint64_t avail, uint64_t used, bool event_idx,
		bool indirect);

/*
 * Takes the next available chain into c. Returns 1 with a chain (check
 * c->err), 0 when the queue is empty (with event index, the avail event is
 * then set so the driver notifies the next one), -1 when the avail ring is
 * corrupt (an index that jumps ahead by more than num, or a head at or above
 * num): q->broken is then set and every later call returns -1.
 */
int virtq_pop(struct virtq *q, struct vq_chain *c);

/* Gives the chain virtq_pop() took last back: the next pop takes it again. */
void virtq_unpop(struct virtq *q);

/*
 * Keeps what q takes and gives back in t from now on (q ready, nothing
 * taken yet): t starts empty.
 */
void virtq_track(struct virtq *q, struct virtq_track *t);

/*
 * A ready q resumes from t, which a daemon that died kept: the heads it
 * took and had not given back are taken again first (virtq_pop()), then
 * the avail ring from where it stopped. t is reconciled with the rings
 * (a head given back or not taken by the time it died) and kept by q
 * from now on. -1 when t and the rings disagree by more than the queue
 * size (the guest changed them: q is broken).
 */
int virtq_resume(struct virtq *q, struct virtq_track *t);

/*
 * Whether q has chains to take (replayed or new in the avail ring); reads
 * the avail index only.
 */
bool virtq_has_work(const struct virtq *q);

/*
 * How many chains q has to take now (replayed heads and new avail
 * entries; a bad avail index counts as a full ring): a hint, the driver
 * may add more meanwhile.
 */
unsigned int virtq_pending(const struct virtq *q);

/*
 * The device stops polling q: asks the driver to notify the next chain
 * (the avail event with EVENT_IDX) and says whether one came meanwhile
 * (then take it: no notification may come for it).
 */
bool virtq_arm(struct virtq *q);

/* Heads taken by the last daemon still to be taken again. */
static inline unsigned int virtq_replay_pending(const struct virtq *q)
{
	return q->num_replay;
}

/* Puts head in the used ring with len bytes written, and publishes it. */
void virtq_push(struct virtq *q, uint16_t head, uint32_t len);

/*
 * Whether the driver wants an interrupt for what was pushed since the last
 * interrupt (used event with event index, else the avail NO_INTERRUPT flag).
 * Call it after pushing; true also records that an interrupt is sent.
 */
bool virtq_should_notify(struct virtq *q);

/*
 * Copies len bytes from offset off of the chain's readable part into buf;
 * returns how many there were (fewer when the part is shorter).
 */
size_t vq_chain_read(const struct vq_chain *c, uint64_t off, void *buf,
		     size_t len);

/* Copies buf into the writable part at offset off; returns the bytes copied. */
size_t vq_chain_write(const struct vq_chain *c, uint64_t off, const void *buf,
		      size_t len);

/*
 * Fills out[] (at most max entries) with the pieces of bytes [off, off + len)
 * of the readable (writable false) or writable part. Returns the number of
 * entries, or -1 when the part is shorter or max is too small.
 */
int vq_chain_slice(const struct vq_chain *c, bool writable, uint64_t off,
		   uint64_t len, struct iovec *out, unsigned int max);

#endif
