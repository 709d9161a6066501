/* The virtio-mmio transport, version 2: registers, feature negotiation, queues, interrupt status. */
#ifndef HVISOR_DAEMON_VMMIO_H
#define HVISOR_DAEMON_VMMIO_H

#include "gmem.h"
#include "virtq.h"

#include <stdbool.h>
#include <stdint.h>

#define VMMIO_MAX_QUEUES 8 /* virtio-blk's with VIRTIO_BLK_F_MQ */
#define VMMIO_VENDOR_ID 0x53495648 /* "HVIS" */
#define VMMIO_NAME_LEN 96

struct vmmio;

/*
 * The transport's state as the driver set it, kept in memory that outlives
 * the daemon's process (a file under the state directory, mapped shared):
 * a daemon started again after a crash finds it and resumes the device.
 * cell and instance (of the hypervisor's ring) say whose state it is.
 */
#define VMMIO_SAVED_MAGIC 0x33564d48 /* "HMV3": 8 queues, with their tracks */

struct vmmio_queue {
	uint32_t num;
	uint64_t desc, driver, device;
};

struct vmmio_saved {
	uint32_t magic;
	uint32_t cell; /* the cell id served, 0: none */
	uint64_t instance; /* struct hvisor_req_ring.instance */
	uint64_t driver_features;
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint32_t status, shm_sel;
	uint32_t ready; /* bit q: queue q is ready */
	struct vmmio_queue qregs[VMMIO_MAX_QUEUES];
	/* what each ready queue took and gave back (kept by the queue) */
	struct virtq_track track[VMMIO_MAX_QUEUES];
};

/* What a device adds to the transport. */
struct vmmio_ops {
	/* The driver notified queue q (ready, device not failed). */
	void (*notify)(struct vmmio *d, unsigned int q);
	/* The driver reset the device (the transport state is reset already). */
	void (*reset)(struct vmmio *d);
};

/*
 * A virtio-mmio device. The device fills the fields marked (device) before
 * use and embeds the struct; everything else belongs to the transport.
 */
struct vmmio {
	char name[VMMIO_NAME_LEN]; /* (device) e.g. "virtio-blk linux@0x0a000000" */
	uint32_t device_id; /* (device) VIRTIO_ID_* */
	uint64_t device_features; /* (device) */
	unsigned int num_queues; /* (device) 1..VMMIO_MAX_QUEUES */
	const void *config; /* (device) config space bytes (little-endian) */
	uint32_t config_len; /* (device) */
	const struct vmmio_ops *ops; /* (device) */
	const struct gmem *mem; /* (device) the guest RAM queues live in */
	/*
	 * (device) sets InterruptStatus bits (the hypervisor keeps them and
	 * answers the guest's reads and ACKs) and raises the interrupt
	 */
	void (*irq)(struct vmmio *d, uint32_t status, void *ctx);
	void *irq_ctx; /* (device) */

	uint64_t driver_features;
	uint32_t device_features_sel, driver_features_sel, queue_sel;
	uint32_t status, shm_sel;
	uint64_t irqs; /* interrupts raised */
	uint64_t isr_accesses; /* InterruptStatus/ACK forwarded (ABI 3: 0) */
	struct vmmio_queue qregs[VMMIO_MAX_QUEUES];
	struct virtq vq[VMMIO_MAX_QUEUES];
	bool more; /* the device stopped early: call vmmio_poll() again soon */
	struct vmmio_saved *saved; /* (device) NULL: not kept */
	uint32_t warned; /* VMMIO_WARN_* already logged since the last reset */
};

#define VMMIO_WARN_ACCESS (1u << 0)
#define VMMIO_WARN_FAIL (1u << 1)
#define VMMIO_WARN_CHAIN (1u << 2)

/* Puts the transport in its reset state (also done by writing 0 to Status). */
void vmmio_reset(struct vmmio *d);

/* A guest read of width bytes (1, 2, 4, 8) at offset off of the region. */
uint64_t vmmio_read(struct vmmio *d, uint64_t off, unsigned int width);

/* A guest write. */
void vmmio_write(struct vmmio *d, uint64_t off, unsigned int width,
		 uint64_t value);

/* Whether queue q takes requests: ready and the device not failed. */
bool vmmio_queue_live(const struct vmmio *d, unsigned int q);

/*
 * After the device pushed used entries to queue q: raises the interrupt
 * (InterruptStatus bit 0) if the driver wants one.
 */
void vmmio_used(struct vmmio *d, unsigned int q);

/* The same after pushes to the queues of mask (bit q): one interrupt at most. */
void vmmio_used_mask(struct vmmio *d, uint32_t mask);

/*
 * The device cannot go on: sets DEVICE_NEEDS_RESET in Status, stops taking
 * requests until the driver resets the device, and logs why (once).
 */
void vmmio_fail(struct vmmio *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Logs a refused descriptor chain of queue q (once until the next reset). */
void vmmio_bad_chain(struct vmmio *d, unsigned int q, const char *why);

/* Copies the transport's state to d->saved (done by every change). */
void vmmio_save(struct vmmio *d);

/*
 * From now on d->saved holds the state of the device serving cell (of the
 * hypervisor instance instance).
 */
void vmmio_saved_bind(struct vmmio *d, uint32_t cell, uint64_t instance);

/*
 * Resumes the state saved for cell and instance (a daemon that died served
 * it): true if there was one; its ready queues go on where the dead
 * daemon stopped, the requests it had taken and not completed first
 * (virtq_resume()). false: nothing saved for it (reset the device).
 */
bool vmmio_restore(struct vmmio *d, uint32_t cell, uint64_t instance);

/*
 * Polling (the device looks at its queues without waiting for the
 * driver's notifications): on asks the driver for none, off asks again
 * and returns whether a live queue got chains meanwhile.
 */
bool vmmio_polling(struct vmmio *d, bool on);
/* Whether a live queue has chains to take. */
bool vmmio_has_work(const struct vmmio *d);

/* Runs the device's notify handler on every live queue (missed notifications). */
void vmmio_poll(struct vmmio *d);

#endif
