/* ioctl ABI of /dev/hvisor, shared by the driver and the CLI. */
#ifndef HVISOR_IOCTL_H
#define HVISOR_IOCTL_H

#include <hvisor/types.h>
#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

/*
 * Whether the CPU's hypervisor mode can be taken
 * (struct hvisor_info.hyp_state).
 */
#define HVISOR_HYP_FREE 0 /* the kernel can hand it over (a hyp stub) */
#define HVISOR_HYP_ABSENT 1 /* the CPU has no hypervisor mode */
#define HVISOR_HYP_HOST 2 /* the kernel itself runs in it (VHE) */
#define HVISOR_HYP_FOREIGN 3 /* something else (KVM?) holds it */
#define HVISOR_HYP_HVISOR 4 /* hvisor is enabled */

/* arch_info[]: what the driver found (per arch: asm/hvisor_call.h). */
#define HVISOR_INFO_ARCH_WORDS 4

struct hvisor_info {
	uint32_t abi; /* HVISOR_IOCTL_ABI */
	uint32_t arch; /* HVISOR_ARCH_* of the running kernel */
	uint32_t hyp_state; /* HVISOR_HYP_* */
	uint32_t enabled; /* 1 while the hypervisor runs */
	uint64_t arch_info[HVISOR_INFO_ARCH_WORDS];
	/* valid while enabled: */
	uint32_t hv_version;
	uint32_t num_cells;
	uint32_t num_cpus;
	uint32_t reserved;
	uint64_t mem_pool_pages;
	uint64_t mem_pool_used;
};

struct hvisor_enable_args {
	uint64_t config; /* user pointer to a struct hvisor_system blob */
	uint64_t size;
};

struct hvisor_console_args {
	uint64_t buf; /* user pointer */
	uint64_t size; /* in: buffer size; out: bytes copied */
	uint64_t seq; /* in: first byte wanted; out: next seq */
};

/*
 * Cells. Every cell ioctl needs CAP_SYS_ADMIN (-EPERM) and fails with -ENODEV
 * while the hypervisor is not enabled, -ENOENT for an id that is not a cell
 * (the root cell, id 0, is not one) and -EINVAL when a reserved field is not
 * 0. Errors the hypervisor answers are passed through; the driver logs the
 * reason of the errors it finds itself (dmesg, "hvisor: ...").
 */

/*
 * HVISOR_IOCTL_CELL_CREATE: config/size is a struct hvisor_cell_desc blob
 * (regions included, size <= HVISOR_CELL_CONFIG_MAX_SIZE). The driver takes
 * the cell's CPUs offline in Linux (each must be online, and at least one
 * CPU must stay online), hands the blob to the hypervisor and returns the
 * new cell id (> 0) as the ioctl's result. On any failure the CPUs are back
 * online. While the cell exists its CPUs cannot be onlined in Linux.
 */
#define HVISOR_CELL_CONFIG_MAX_SIZE (64 * 1024)

struct hvisor_cell_create_args {
	uint64_t config; /* user pointer to a struct hvisor_cell_desc blob */
	uint64_t size; /* bytes; equal to the blob's size field */
};

/* The ioctls that only name a cell: START, SHUTDOWN, DESTROY. */
struct hvisor_cell_id_args {
	uint32_t id;
	uint32_t reserved; /* 0 */
};

/*
 * HVISOR_IOCTL_CELL_LOAD: puts the cell in state LOADABLE (not while it
 * runs: the hypervisor answers -EBUSY) and copies each image to its
 * guest-physical target. An image must lie inside one RAM region of the cell
 * that has HVISOR_MEM_LOADABLE (-EINVAL otherwise, nothing copied).
 */
#define HVISOR_CELL_MAX_IMAGES 16

struct hvisor_image {
	uint64_t source; /* user pointer to the bytes */
	uint64_t size; /* > 0 */
	uint64_t target; /* guest-physical address in the cell */
};

struct hvisor_cell_load_args {
	uint32_t id;
	uint32_t num_images; /* 1..HVISOR_CELL_MAX_IMAGES */
	uint64_t images; /* user pointer to struct hvisor_image[num_images] */
};

/*
 * HVISOR_IOCTL_CELL_LIST: count is set to the number of cells; the ids of
 * the first min(max, count) of them, in creation order, go to ids.
 */
struct hvisor_cell_list_args {
	uint32_t max; /* room in ids, in entries; may be 0 */
	uint32_t count; /* out: number of cells */
	uint64_t ids; /* user pointer to uint32_t[max] */
};

/* HVISOR_IOCTL_CELL_INFO: the hypervisor's struct hvisor_cell_info. */
struct hvisor_cell_info_args {
	uint32_t id;
	uint32_t reserved; /* 0 */
	uint64_t info; /* user pointer to a struct hvisor_cell_info */
};

/*
 * HVISOR_IOCTL_CELL_CONSOLE: reads the cell's console output ring (what the
 * cell wrote to its emulated console) with the semantics of
 * HVISOR_IOCTL_CONSOLE: bytes are numbered from 0; out: size = bytes copied,
 * seq = the number after the last byte copied. seq - size > the seq asked
 * for means older bytes were lost; smaller means the seq asked for was past
 * the end (a reader resyncs).
 */
struct hvisor_cell_console_args {
	uint32_t id;
	uint32_t reserved; /* 0 */
	uint64_t buf; /* user pointer */
	uint64_t size; /* in: buffer size; out: bytes copied */
	uint64_t seq; /* in: first byte wanted; out: next seq */
};

/*
 * HVISOR_IOCTL_CELL_CONSOLE_WRITE: feeds bytes to the cell's console input.
 * Returns the number of bytes accepted: fewer than size when the cell's
 * input buffer is full (0 is not an error), at most
 * HVISOR_CELL_CONSOLE_WRITE_MAX per call; an error after some bytes were
 * accepted returns the count, as write(2) does.
 */
#define HVISOR_CELL_CONSOLE_WRITE_MAX (64 * 1024)

struct hvisor_cell_console_write_args {
	uint32_t id;
	uint32_t reserved; /* 0 */
	uint64_t buf; /* user pointer */
	uint64_t size;
};

/*
 * HVISOR_IOCTL_CELL_EXEC: runs one command through the cell's mailbox
 * (include/hvisor/mailbox.h; the cell needs mailbox_base) and waits for the
 * guest agent's answer. One command at a time per cell; a second caller
 * waits its turn. cmd is cmd_len bytes without NUL, 1..HVISOR_MAILBOX_CMD_LEN
 * - 1 (-E2BIG when longer). timeout_ms bounds the wait for the agent to be
 * ready and then for the answer (0 = HVISOR_EXEC_DEFAULT_TIMEOUT_MS).
 * Errors: -ETIMEDOUT (agent not ready, busy, or no answer in time), -EIO
 * (the cell is not running, failed, shut down or was destroyed), -EPROTO
 * (the agent speaks another mailbox version), -EINTR (signal; the command
 * may still run). On success status is the command's exit status and the
 * first out_len (<= out_size) bytes of its output are in out.
 */
#define HVISOR_EXEC_DEFAULT_TIMEOUT_MS 10000

struct hvisor_cell_exec_args {
	uint32_t id;
	uint32_t timeout_ms;
	uint64_t cmd; /* user pointer */
	uint64_t cmd_len;
	uint64_t out; /* user pointer */
	uint64_t out_size;
	uint64_t out_len; /* out: bytes of output copied to out */
	int32_t status; /* out: the command's exit status */
	uint32_t reserved; /* 0 */
};

/*
 * Virtio forwarding (include/hvisor/virtio.h): a daemon in the root serves
 * the requests the hypervisor queues in its request ring. These ioctls need
 * CAP_SYS_ADMIN (-EPERM) and fail with -ENODEV while the hypervisor is not
 * enabled; they are meant for the hot path (no lock a cell command waits on)
 * and pass the hypervisor's answer through as the ioctl's result.
 *
 * HVISOR_IOCTL_VIRTIO_COMPLETE: HVISOR_HC_VIRTIO_COMPLETE for the blocking
 * request seq of vCPU vcpu of cell cell; value is what a read returns (0 for
 * a write). -ENOENT: that vCPU no longer waits for this request (it timed
 * out, or the cell was shut down or destroyed).
 */
struct hvisor_virtio_complete_args {
	uint32_t cell; /* cell id (struct hvisor_request.cell) */
	uint32_t vcpu; /* vCPU index in the cell (struct hvisor_request.vcpu) */
	uint64_t value; /* for reads: the value the guest reads */
	uint64_t seq; /* struct hvisor_request.seq of the request */
};

/*
 * HVISOR_IOCTL_VIRTIO_INJECT: HVISOR_HC_VIRTIO_INJECT of irq into cell,
 * after setting the status bits in the InterruptStatus of the cell's virtio
 * region (which the hypervisor answers itself).
 */
struct hvisor_virtio_inject_args {
	uint32_t cell; /* cell id */
	uint32_t irq; /* interrupt ID (a virtual interrupt of the cell) */
	uint32_t region; /* index of the virtio region in the cell config */
	uint32_t status; /* InterruptStatus bits to set (0: none) */
};

/*
 * HVISOR_IOCTL_VIRTIO_SET_TIMEOUT: HVISOR_HC_VIRTIO_SET_TIMEOUT, how long a
 * blocking request waits for its completion (the hypervisor checks the range,
 * 10 .. 600000 ms: -EINVAL otherwise). Lasts until the hypervisor is
 * disabled.
 */
struct hvisor_virtio_timeout_args {
	uint32_t ms;
};

/*
 * mmap() of /dev/hvisor (CAP_SYS_ADMIN, MAP_SHARED, hypervisor enabled),
 * always a cacheable mapping:
 *  - offset 0, length <= HVISOR_REQ_RING_SIZE: the request ring
 *    (struct hvisor_req_ring). -ENODEV when the hypervisor has none.
 *  - offset = a page-aligned physical address PA (not 0): the physical range
 *    [PA, PA + length), which must lie inside one RAM region with
 *    HVISOR_MEM_ROOTSHARED of an existing cell and outside the RAM Linux
 *    uses (-EPERM otherwise, the reason in dmesg).
 * MAP_PRIVATE gives -EINVAL; a mapping cannot grow (mremap). While any such
 * mapping exists (in any process), HVISOR_IOCTL_DISABLE fails with -EBUSY,
 * and so does HVISOR_IOCTL_CELL_DESTROY of a cell whose RAM is mapped: stop
 * the virtio daemon first.
 */

/*
 * read() and poll() on /dev/hvisor follow the root interrupt
 * (platform.root_irq, raised when a cell rings HVISOR_HC_GUEST_DOORBELL or
 * the hypervisor queues a virtio request): read() of 8 bytes blocks (unless
 * O_NONBLOCK: -EAGAIN) until the count of root interrupts differs from what
 * this open file last read, or the request ring holds requests (head !=
 * tail), then returns the count as a uint64_t; poll() reports POLLIN in the
 * same cases. Without root_irq the count stays 0. A daemon reads, then
 * drains the ring (advancing tail), then reads again: it never sleeps with
 * requests pending.
 */

#define HVISOR_IOCTL_ABI 5
#define HVISOR_IOCTL_MAGIC 0xa7

#define HVISOR_IOCTL_INFO _IOR(HVISOR_IOCTL_MAGIC, 0, struct hvisor_info)
#define HVISOR_IOCTL_ENABLE \
	_IOW(HVISOR_IOCTL_MAGIC, 1, struct hvisor_enable_args)
#define HVISOR_IOCTL_DISABLE _IO(HVISOR_IOCTL_MAGIC, 2)
#define HVISOR_IOCTL_CONSOLE \
	_IOWR(HVISOR_IOCTL_MAGIC, 3, struct hvisor_console_args)
#define HVISOR_IOCTL_CELL_CREATE \
	_IOW(HVISOR_IOCTL_MAGIC, 4, struct hvisor_cell_create_args)
#define HVISOR_IOCTL_CELL_LOAD \
	_IOW(HVISOR_IOCTL_MAGIC, 5, struct hvisor_cell_load_args)
#define HVISOR_IOCTL_CELL_START \
	_IOW(HVISOR_IOCTL_MAGIC, 6, struct hvisor_cell_id_args)
#define HVISOR_IOCTL_CELL_SHUTDOWN \
	_IOW(HVISOR_IOCTL_MAGIC, 7, struct hvisor_cell_id_args)
#define HVISOR_IOCTL_CELL_DESTROY \
	_IOW(HVISOR_IOCTL_MAGIC, 8, struct hvisor_cell_id_args)
#define HVISOR_IOCTL_CELL_LIST \
	_IOWR(HVISOR_IOCTL_MAGIC, 9, struct hvisor_cell_list_args)
#define HVISOR_IOCTL_CELL_INFO \
	_IOW(HVISOR_IOCTL_MAGIC, 10, struct hvisor_cell_info_args)
#define HVISOR_IOCTL_CELL_CONSOLE \
	_IOWR(HVISOR_IOCTL_MAGIC, 11, struct hvisor_cell_console_args)
#define HVISOR_IOCTL_CELL_CONSOLE_WRITE \
	_IOW(HVISOR_IOCTL_MAGIC, 12, struct hvisor_cell_console_write_args)
#define HVISOR_IOCTL_CELL_EXEC \
	_IOWR(HVISOR_IOCTL_MAGIC, 13, struct hvisor_cell_exec_args)
#define HVISOR_IOCTL_VIRTIO_COMPLETE \
	_IOW(HVISOR_IOCTL_MAGIC, 14, struct hvisor_virtio_complete_args)
#define HVISOR_IOCTL_VIRTIO_INJECT \
	_IOW(HVISOR_IOCTL_MAGIC, 15, struct hvisor_virtio_inject_args)
#define HVISOR_IOCTL_VIRTIO_SET_TIMEOUT \
	_IOW(HVISOR_IOCTL_MAGIC, 16, struct hvisor_virtio_timeout_args)

#endif
