/* Virtio forwarding ABI: requests from cells to the root's daemon, and completions. */
#ifndef HVISOR_VIRTIO_H
#define HVISOR_VIRTIO_H

#include <hvisor/types.h>

/*
 * A non-root cell's access to a region of type HVISOR_MEM_TYPE_VIRTIO traps
 * to the hypervisor, which queues it as a struct hvisor_request in the
 * request ring and raises platform.root_irq in the root cell.
 *
 * The ring lives in hypervisor memory and is mapped into the root cell (at
 * its physical address, HVISOR_INFO_REQ_RING_PA, HVISOR_REQ_RING_SIZE
 * bytes). The hypervisor writes entries, then head (release: an entry is
 * complete once head passed it); the root reads entries and then writes
 * tail (an entry is the root's until tail passes it).
 *
 * One root interrupt per batch: after writing head the hypervisor fences
 * (sequentially consistent) and reads tail, and raises root_irq only if
 * tail is at the new entry (the root took every entry before it and may be
 * asleep). A root that consumes must therefore write tail, fence, and read
 * head again before it sleeps, draining until it finds no new entry; then
 * either it sees the new entry or the hypervisor sees its tail and raises.
 * signals_skipped counts the entries that raised nothing.
 *
 * The hypervisor answers InterruptStatus reads and applies InterruptACK
 * writes itself, from a word per (cell, region) in its memory: the root
 * sets bits with HVISOR_HC_VIRTIO_INJECT, which then injects. A write of 0
 * to Status (reset) clears the word. These accesses never reach the ring.
 *
 * Blocking accesses (every other read; writes to Status and QueueReady)
 * pause the vCPU until the root calls HVISOR_HC_VIRTIO_COMPLETE for it, or
 * until the timeout (HVISOR_VIRTIO_TIMEOUT_MS by default, settable with
 * HVISOR_HC_VIRTIO_SET_TIMEOUT): then the device region is marked broken,
 * InterruptStatus bit 1 (configuration change) is set and the device's
 * interrupt injected, and the event is logged. While broken, Status reads
 * DEVICE_NEEDS_RESET (0x40), the first 64 bytes of the config space read
 * as the root last answered them (all ones where it never did), other
 * registers read all ones, and writes are dropped, until the guest resets
 * the device (writes 0 to Status): that write is forwarded again, so a
 * restarted daemon serves the device from a clean state. A read that times
 * out gets what a broken device would answer.
 *
 * Other writes (QueueNotify, feature and queue registers, config) are
 * posted: the vCPU goes on at once. The root serves a device's requests in
 * ring order, so a read is answered after the writes queued before it. A
 * posted write over its cell's quota (below) waits like a blocking one.
 *
 * Quotas, so that no cell can fill the ring for the others:
 * - Posted writes (QueueNotify among them) do not wait. At most
 *   HVISOR_REQ_NOTIFY_PER_CELL of a cell and HVISOR_REQ_NOTIFY_MAX in all
 *   are in the ring at once; the
 *   other HVISOR_REQ_BLOCKING_RESERVE entries (more than there are CPUs)
 *   are for blocking requests only, so a vCPU always finds room for its
 *   one blocking request while the root consumes the ring.
 * - A QueueNotify for the same (cell, region, queue) as one still in the
 *   ring (not consumed: tail has not passed it) is merged into it
 *   (coalesced): the root reads the queue after consuming that entry.
 * - A QueueNotify over the quota is dropped, counted in dropped, and bit
 *   `region` is set in drops[cell id % HVISOR_REQ_DROP_SLOTS]: the root
 *   takes the bits (atomic exchange with 0) and looks at every queue of
 *   those regions of the cells with that slot. A guest's kick is never
 *   lost; a drop only costs the flooding cell time.
 * - A blocking access that finds no free entry (a root that does not
 *   consume) waits, still honouring stop requests, until its deadline;
 *   space_waiters counts such vCPUs. A root that frees entries while it is
 *   not 0 calls HVISOR_HC_VIRTIO_COMPLETE with seq 0 to wake them (every
 *   completion wakes them too).
 *
 * HVISOR_REQ_RING_ABI numbers this layout; the root checks it with magic
 * and entries. 2: abi, space_waiters, coalesced and drops[] added. 3: same
 * layout, but InterruptStatus/InterruptACK are the hypervisor's (a root
 * that does not set bits with VIRTIO_INJECT leaves the guest deaf) and
 * writes other than to Status and QueueReady are posted (blocking 0);
 * instance names this ring (a restarted daemon recognises its state);
 * signals_skipped (was reserved) and one root interrupt per batch, above.
 * 4: wait_sleeps added (each sleep of a vCPU in a blocking access, waiting
 * for its answer or for a free entry: a waiting vCPU's cost).
 */
#define HVISOR_REQ_RING_ENTRIES 256
#define HVISOR_REQ_RING_SIZE 16384 /* bytes: header + entries, page multiple */
#define HVISOR_REQ_RING_MAGIC 0x51524848 /* "HHRQ" */
#define HVISOR_REQ_RING_ABI 4
#define HVISOR_REQ_BLOCKING_RESERVE 64 /* >= HVISOR_MAX_CPUS */
#define HVISOR_REQ_NOTIFY_MAX \
	(HVISOR_REQ_RING_ENTRIES - HVISOR_REQ_BLOCKING_RESERVE)
#define HVISOR_REQ_NOTIFY_PER_CELL 24 /* x 8 cells = HVISOR_REQ_NOTIFY_MAX */
#define HVISOR_REQ_DROP_SLOTS 64
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
	uint64_t dropped; /* notifications dropped (over a quota) */
	uint64_t timeouts; /* blocking requests that timed out */
	uint64_t max_depth; /* most requests ever queued at once */
	uint32_t abi; /* HVISOR_REQ_RING_ABI */
	volatile uint32_t space_waiters; /* vCPUs waiting for a free entry */
	uint64_t coalesced; /* notifications merged into a queued one */
	/* differs between two enables of the hypervisor (its counter's ms) */
	uint64_t instance;
	uint64_t signals_skipped; /* entries queued while the root drained */
	uint64_t wait_sleeps; /* sleeps of vCPUs in blocking accesses */
	struct hvisor_request req[HVISOR_REQ_RING_ENTRIES];
	/* bit r of drops[id % SLOTS]: a QueueNotify of region r was dropped */
	volatile uint64_t drops[HVISOR_REQ_DROP_SLOTS];
};

/*
 * Hypercalls (root only):
 * VIRTIO_COMPLETE: arg1 = (cell id << 32) | vCPU, arg2 = value (for reads),
 *   arg3 = seq of the request -> 0; -ENOENT if that vCPU waits for no such
 *   request (e.g. it timed out). Wakes the vCPUs waiting for a free ring
 *   entry; arg3 = 0 does only that (the root freed entries) -> 0.
 * VIRTIO_INJECT: arg1 = cell id, arg2 = interrupt ID, arg3 = (region << 32)
 *   | status bits -> sets those bits in the InterruptStatus of the cell's
 *   virtio region (region < 64, arg3 >> 48 must be 0: -EINVAL otherwise),
 *   then injects the interrupt into the cell's vCPU 0 (virtual, edge).
 * VIRTIO_SET_TIMEOUT: arg1 = milliseconds (10 .. 600000).
 * VIRTIO_REPLAY: queues again, with their seq, the blocking requests that
 *   vCPUs still wait for and that are no longer in the ring (a daemon took
 *   them and died) -> how many were queued. A daemon calls it once it
 *   knows its cells; an answer to one that was answered meanwhile gets
 *   -ENOENT.
 */
#define HVISOR_HC_VIRTIO_COMPLETE 15
#define HVISOR_HC_VIRTIO_INJECT 16
#define HVISOR_HC_VIRTIO_SET_TIMEOUT 17
#define HVISOR_HC_VIRTIO_REPLAY 18
#define HVISOR_INFO_REQ_RING_PA 7 /* GET_INFO selector */

/*
 * HVISOR_IOCTL_VIRTIO_RAM_OWNER, an ioctl of /dev/hvisor for the daemon
 * (CAP_SYS_ADMIN; include <hvisor/ioctl.h> first for its number): which
 * cell shares the physical range [pa, pa + size) with the root. cell gets
 * its id and gpa the guest-physical address of pa when the range lies in
 * one of its rootshared RAM regions; -ENOENT when in none, -ENODEV while
 * the hypervisor is not enabled. A range the daemon maps stays that cell's
 * (the cell cannot be destroyed while mapped): asked after mmap, the answer
 * holds as long as the mapping does.
 */
struct hvisor_virtio_ram_args {
	uint64_t pa;
	uint64_t size;
	uint32_t cell; /* out */
	uint32_t reserved; /* 0 */
	uint64_t gpa; /* out */
};
#define HVISOR_IOCTL_VIRTIO_RAM_OWNER \
	_IOWR(HVISOR_IOCTL_MAGIC, 32, struct hvisor_virtio_ram_args)

/*
 * HVISOR_IOCTL_VIRTIO_REPLAY (CAP_SYS_ADMIN): HVISOR_HC_VIRTIO_REPLAY;
 * returns how many requests were queued again.
 */
#define HVISOR_IOCTL_VIRTIO_REPLAY _IO(HVISOR_IOCTL_MAGIC, 33)

/* Virtio regions carry the device's interrupt ID in their flags. */
#define HVISOR_MEM_VIRTIO_IRQ_SHIFT 16
#define HVISOR_MEM_VIRTIO_IRQ(flags) (((flags) >> 16) & 0x3ff)

#endif
