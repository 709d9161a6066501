/* The virtio daemon's run-time state: cells, devices and their worker threads, switches, taps, the request ring. */
#ifndef HVISOR_DAEMON_DAEMON_H
#define HVISOR_DAEMON_DAEMON_H

#include "blk_uring.h"
#include "daemon_config.h"
#include "gmem.h"
#include "netswitch.h"
#include "tap.h"
#include "vblk.h"
#include "vconsole.h"
#include "vnet.h"

#include <hvisor/virtio.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#define DAEMON_MAX_DEVICES (DCFG_MAX_CELLS * DCFG_MAX_DEVICES)
#define DAEMON_MAX_UNKNOWN \
	32 /* unknown addresses remembered for logging once */
#define DAEMON_INBOX 128 /* requests waiting for one device's worker */
#define DAEMON_POLL_MS 50 /* each worker's scan of its queues */
#define DAEMON_POLL_US 0 /* a worker's polling after work, default */

/* How the daemon serves (its command line). */
struct daemon_opts {
	bool sync_io; /* block I/O in the worker, one request at a time */
	unsigned int poll_us; /* a worker polls its queues this long after work */
	bool worker_kicks; /* QueueNotify of io_uring blk: in the worker too */
	bool queued_reads; /* io_uring blk: no read tried at once */
	bool queued_writes; /* nor a write or flush of an image in RAM */
	bool ring_writes; /* its writes over 64 KiB through the ring */
	int piece_kib; /* io_uring blk: KiB per read or write call, <0 default */
};

struct dcell;

/* A frame from the switch for a net device, waiting for its worker. */
struct dframe {
	uint16_t len;
	uint8_t data[VNET_MAX_FRAME];
};

/*
 * A device and the thread that serves it. The dispatcher (the main thread)
 * drains the request ring and posts each request to its device's inbox;
 * the worker serves them, runs the queues (the back end's I/O) and maps
 * the guest RAM for itself, so a device that is slow (its back end
 * blocks) only delays its own requests. The device model is touched only
 * with state held: by the worker, or by the dispatcher, which serves a
 * register access itself when it can take state at once and nothing waits
 * in the inbox (no thread switch; QueueNotify always goes to the worker).
 * Fields under lock are shared with the dispatcher and the switch; the
 * others belong to whoever holds state (or to the set-up before the
 * worker starts and after it stopped). Order: state, then lock.
 */
struct ddev {
	struct daemon *dm;
	const struct dcfg_device *cfg;
	struct dcell *cell;
	struct vmmio *mmio; /* the transport of blk, net or con */
	struct vblk *blk;
	struct vnet *net;
	struct vconsole *con;
	int fd; /* blk: the image; console: the pty master (-1: none) */
	struct blk_uring *uring; /* blk: its asynchronous I/O, NULL: none */
	int pty_slave; /* kept open so the master never sees a hang-up */
	int log_fd;
	bool warned_complete, warned_inject;

	pthread_mutex_t state; /* the device model, binding, guest RAM */
	pthread_mutex_t lock;
	int efd; /* eventfd: wakes the worker */
	bool sleeping; /* the worker waits for efd */
	bool stop, dump, rescan;
	uint32_t want_id; /* the cell id to serve, 0: none */
	uint32_t kicks; /* bit q: a QueueNotify of queue q in the inbox */
	unsigned int in_first, in_count;
	struct hvisor_request inbox[DAEMON_INBOX];
	bool warned_inbox;
	unsigned int rx_count; /* frames in rx */
	struct dframe *rx; /* net: VNET_RX_PENDING frames */
	uint64_t rx_dropped; /* frames the worker had no room for */

	pthread_t thread;
	bool started;
	uint32_t bound_id; /* the cell served, its RAM mapped; 0: none */
	uint32_t seen_want; /* the last want_id the worker acted on */
	uint32_t failed_id; /* a cell id that failed the checks (no retry) */
	struct gmem mem;
	void *map[GMEM_MAX_RANGES];
	struct hvisor_request work[DAEMON_INBOX];
	struct dframe *rx_work;
	uint64_t last_poll_ms;
	uint64_t poll_windows, poll_hits; /* --poll-us: polls after work */
};

struct dcell {
	const struct dcfg_cell *cfg;
	uint32_t id; /* the running cell its devices serve, 0: none */
	uint32_t refused_id; /* a cell of this name not served (logged) */
	unsigned int num_devs;
	struct ddev *devs[DCFG_MAX_DEVICES];
};

struct daemon {
	struct daemon_opts opts;
	int fd; /* /dev/hvisor */
	struct hvisor_req_ring *ring;
	struct dcfg *cfg;
	unsigned int num_cells, num_devs, num_switches, num_taps;
	struct dcell cells[DCFG_MAX_CELLS];
	struct ddev devs[DAEMON_MAX_DEVICES];
	struct nswitch switches[DAEMON_MAX_DEVICES];
	struct dtap taps[DAEMON_MAX_DEVICES];
	uint64_t last_rescan_ms;
	bool warned_ring, warned_complete;
	int write_piece; /* bytes per write call to images in RAM, <0 unknown */
	unsigned int num_unknown;
	struct {
		uint32_t cell;
		uint64_t page;
	} unknown[DAEMON_MAX_UNKNOWN];
	uint8_t frame[65536]; /* tap read buffer */
};

/*
 * Opens every device's back end (images, taps, ptys, logs) and connects
 * switches; prints one line per device. Returns 0, or -1 after printing why.
 * dm->fd may be -1 (devices only, for --check).
 */
int daemon_devices_open(struct daemon *dm, struct dcfg *cfg);
void daemon_devices_close(struct daemon *dm);

/*
 * Maps each device's saved transport state from DIR/CELL@ADDRESS.state
 * (made if missing: DAEMON_STATE_DIR by default), before the workers
 * start; a device whose file cannot be had is reset by a restarted daemon.
 */
#define DAEMON_STATE_DIR "/run/hvisor"
void daemon_state_open(struct daemon *dm, const char *dir);
void daemon_state_close(struct daemon *dm);

/* Starts a worker thread per device; -1 after printing why. */
int daemon_workers_start(struct daemon *dm);
/* Stops and joins them; each unmaps the RAM it mapped. */
void daemon_workers_stop(struct daemon *dm);

/*
 * Finds the running cells of the configured names (dispatcher): a cell
 * whose id changed is handed to its devices, which map its RAM and check
 * that it is that cell's before they serve it; a cell that stopped is
 * taken from them.
 */
void daemon_cells_rescan(struct daemon *dm);

/* The cell whose devices serve cell id, or NULL. */
struct dcell *daemon_cell_by_id(struct daemon *dm, uint32_t id);

/* Posts the ring's requests to their devices. */
void daemon_drain(struct daemon *dm);

/* Connects the devices' interrupts to HVISOR_IOCTL_VIRTIO_INJECT. */
void daemon_connect_irqs(struct daemon *dm);

/*
 * Runs until SIGTERM or SIGINT (blocked and taken through a signalfd;
 * SIGUSR1 logs the state of every device and queue);
 * returns the exit status.
 */
int daemon_run(struct daemon *dm);

/* CLOCK_MONOTONIC in milliseconds. */
uint64_t daemon_now_ms(void);

/* Answers a blocking request (HVISOR_IOCTL_VIRTIO_COMPLETE). */
void daemon_complete(struct daemon *dm, const struct hvisor_request *r,
		     uint64_t value, struct ddev *dv);

/* --- a device's worker (daemon_worker.c) ---------------------------------- */

/* Wakes the worker if it sleeps; with dv->lock held. */
bool ddev_wake_locked(struct ddev *dv);
void ddev_wake(struct ddev *dv, bool wake); /* after unlocking */

/* Posts a request: false when the inbox is full (not posted). */
bool ddev_post(struct ddev *dv, const struct hvisor_request *r);

/* The switch's deliver for a net device: queues the frame for the worker. */
void ddev_net_deliver(struct nswitch_port *p, const uint8_t *frame, size_t len);

/* Asks the worker to serve cell id (0: none), to scan, dump or stop. */
void ddev_bind(struct ddev *dv, uint32_t id);
void ddev_rescan(struct ddev *dv);
void ddev_dump(struct ddev *dv);

void *ddev_worker(void *arg);

#endif
