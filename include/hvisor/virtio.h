/* Virtio forwarding ABI: requests from cells to the root's daemon, and completions. */
#ifndef HVISOR_VIRTIO_H
#define HVISOR_VIRTIO_H

#include <hvisor/types.h>

/*
 * A non-root cell's access to a region of type HVISOR_MEM_TYPE_VIRTIO traps
 * to the hypervisor, which queues it as a struct hvisor_request in the
 * request ring and raises platform.root_irq in the root cell. The ring is
 * sized for every vCPU of every cell with one blocking request each, plus
 * queued QueueNotify writes (which do not wait):
 *   HVISOR_REQ_RING_ENTRIES = 256 >= 8 cells x 16 vCPUs (blocking) + 128.
 * When the ring is full a QueueNotify is dropped and counted (the guest
 * driver notifies again), a blocking access waits for room (up to its
 * timeout).
 *
 * The ring lives in hypervisor memory and is mapped into the root cell (at
 * its physical address, HVISOR_INFO_REQ_RING_PA, HVISOR_REQ_RING_SIZE
 * bytes). The hypervisor writes entries and head; the root writes tail.
 *
 * Blocking accesses (every read; writes other than QueueNotify) pause the
 * vCPU until the root calls HVISOR_HC_VIRTIO_COMPLETE for it, or until the
 * timeout (HVISOR_VIRTIO_TIMEOUT_MS by default, settable with
 * HVISOR_HC_VIRTIO_SET_TIMEOUT): then a read gets all ones, a write is
 * dropped, the device region is marked broken, and the event is logged.
 * While broken, the device reads as all ones except the Status register,
 * which reads DEVICE_NEEDS_RESET (0x40), and writes are dropped, until the
 * guest resets the device (writes 0 to Status): that write is forwarded
 * again, so a restarted daemon serves the device from a clean state.
 */
#define HVISOR_REQ_RING_ENTRIES 256
#define HVISOR_REQ_RING_SIZE 16384 /* bytes: header + entries, page multiple */
#define HVISOR_REQ_RING_MAGIC 0x51524848 /* "HHRQ" */
#define HVISOR_VIRTIO_TIMEOUT_MS 5000

struct hvisor_request {
	uint32_t cell; /* cell id */
	uint32_t vcpu; /* vCPU index in the cell */
	uint64_t address; /* guest-physical */
	uint64_t value; /* for writes */
	uint32_t width; /* bytes: 1, 2, 4 or 8 */
	uint8_t write;
	uint8_t blocking; /* 1: the vCPU waits for HVISOR_HC_VIRTIO_COMPLETE */
	uint16_t region; /* index of the virtio region in the cell config */
	uint64_t seq; /* increasing per ring; COMPLETE echoes it */
};

struct hvisor_req_ring {
	uint32_t magic;
	uint32_t entries; /* HVISOR_REQ_RING_ENTRIES */
	volatile uint32_t head; /* next entry the hypervisor fills */
	volatile uint32_t tail; /* next entry the root consumes */
	uint64_t dropped; /* notifications dropped on a full ring */
	uint64_t timeouts; /* blocking requests that timed out */
	uint64_t max_depth; /* most requests ever queued at once */
	uint64_t reserved[4];
	struct hvisor_request req[HVISOR_REQ_RING_ENTRIES];
};

/*
 * Hypercalls (root only):
 * VIRTIO_COMPLETE: arg1 = (cell id << 32) | vCPU, arg2 = value (for reads),
 *   arg3 = seq of the request -> 0; -ENOENT if that vCPU waits for no such
 *   request (e.g. it timed out).
 * VIRTIO_INJECT: arg1 = cell id, arg2 = interrupt ID -> injects it into the
 *   cell's vCPU 0 (a virtual interrupt, edge).
 * VIRTIO_SET_TIMEOUT: arg1 = milliseconds (10 .. 600000).
 */
#define HVISOR_HC_VIRTIO_COMPLETE 15
#define HVISOR_HC_VIRTIO_INJECT 16
#define HVISOR_HC_VIRTIO_SET_TIMEOUT 17
#define HVISOR_INFO_REQ_RING_PA 7 /* GET_INFO selector */

/* Virtio regions carry the device's interrupt ID in their flags. */
#define HVISOR_MEM_VIRTIO_IRQ_SHIFT 16
#define HVISOR_MEM_VIRTIO_IRQ(flags) (((flags) >> 16) & 0x3ff)

#endif
