/* A fake guest for the daemon's tests and fuzzers: RAM in a buffer, a virtio driver's side of queues. */
#ifndef HVISOR_TEST_DAEMON_GUEST_H
#define HVISOR_TEST_DAEMON_GUEST_H

#include "gmem.h"
#include "vmmio.h"

#include <stdbool.h>
#include <stdint.h>

#define FG_RAM_GPA 0x40000000ull
#define FG_RAM_SIZE (1u << 20)

struct fguest {
	uint8_t *ram; /* FG_RAM_SIZE bytes, page aligned, at FG_RAM_GPA */
	struct gmem mem; /* the whole RAM as one range */
	uint64_t next; /* bump allocator: next free guest-physical address */
	unsigned int irqs; /* interrupts the device raised (fg_irq) */
	uint32_t isr; /* the InterruptStatus bits they set */
};

/* One queue as a driver lays it out. */
struct fqueue {
	struct fguest *g;
	unsigned int num;
	uint64_t desc, avail, used; /* guest-physical */
	uint16_t avail_idx; /* next avail entry the driver fills */
	uint16_t used_seen; /* used entries the driver consumed */
};

/* Zeroed RAM; the allocator starts at FG_RAM_GPA + 0x1000. */
void fg_init(struct fguest *g);
void fg_free(struct fguest *g);

/* Host pointer of guest-physical gpa (must be inside the RAM). */
void *fg_ptr(struct fguest *g, uint64_t gpa);

/* Allocates size bytes aligned to align (power of 2) in the guest RAM. */
uint64_t fg_alloc(struct fguest *g, uint64_t size, uint64_t align);

/* Lays out a queue of num entries in the RAM. */
void fq_init(struct fqueue *q, struct fguest *g, unsigned int num);

/* Writes descriptor i. */
void fq_desc(struct fqueue *q, unsigned int i, uint64_t addr, uint32_t len,
	     uint16_t flags, uint16_t next);

/* Writes descriptor i of an indirect table at guest-physical table. */
void fg_indirect_desc(struct fguest *g, uint64_t table, unsigned int i,
		      uint64_t addr, uint32_t len, uint16_t flags,
		      uint16_t next);

/* Makes head available and publishes the avail index. */
void fq_push_avail(struct fqueue *q, uint16_t head);

/* The used index the device published. */
uint16_t fq_used_idx(struct fqueue *q);

/* Takes the next used entry: false when there is none. */
bool fq_pop_used(struct fqueue *q, uint32_t *id, uint32_t *len);

/* used_event (avail ring's last field) and avail_event (used ring's). */
void fq_set_used_event(struct fqueue *q, uint16_t v);
uint16_t fq_avail_event(struct fqueue *q);
void fq_set_avail_flags(struct fqueue *q, uint16_t flags);

/* A vmmio interrupt callback counting into the struct fguest in ctx. */
void fg_irq(struct vmmio *d, uint32_t status, void *ctx);

/*
 * Brings the device up as a driver does: reset, ACKNOWLEDGE, DRIVER,
 * features (the offered ones masked with want), FEATURES_OK, the queues
 * q[0..nq) and DRIVER_OK. Returns the Status register read at the end.
 */
uint32_t fg_driver_init(struct vmmio *d, struct fqueue *q, unsigned int nq,
			uint64_t want);

#endif
