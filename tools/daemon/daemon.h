/* The virtio daemon's run-time state: cells, devices, switches, taps, the request ring. */
#ifndef HVISOR_DAEMON_DAEMON_H
#define HVISOR_DAEMON_DAEMON_H

#include "daemon_config.h"
#include "gmem.h"
#include "netswitch.h"
#include "tap.h"
#include "vblk.h"
#include "vconsole.h"
#include "vnet.h"

#include <hvisor/virtio.h>
#include <stdbool.h>
#include <stdint.h>

#define DAEMON_MAX_DEVICES (DCFG_MAX_CELLS * DCFG_MAX_DEVICES)
#define DAEMON_MAX_UNKNOWN \
	32 /* unknown addresses remembered for logging once */

struct dcell;

struct ddev {
	struct daemon *dm;
	const struct dcfg_device *cfg;
	struct dcell *cell;
	struct vmmio *mmio; /* the transport of blk, net or con */
	struct vblk *blk;
	struct vnet *net;
	struct vconsole *con;
	int fd; /* blk: the image; console: the pty master (-1: none) */
	int pty_slave; /* kept open so the master never sees a hang-up */
	int log_fd;
	bool warned_complete, warned_inject;
};

struct dcell {
	const struct dcfg_cell *cfg;
	uint32_t id; /* 0 while not bound to a running cell */
	uint32_t failed_id; /* a cell id whose RAM could not be mapped */
	struct gmem mem;
	void *map[GMEM_MAX_RANGES];
	unsigned int num_devs;
	struct ddev *devs[DCFG_MAX_DEVICES];
};

struct daemon {
	int fd; /* /dev/hvisor */
	struct hvisor_req_ring *ring;
	struct dcfg *cfg;
	unsigned int num_cells, num_devs, num_switches, num_taps;
	struct dcell cells[DCFG_MAX_CELLS];
	struct ddev devs[DAEMON_MAX_DEVICES];
	struct nswitch switches[DAEMON_MAX_DEVICES];
	struct dtap taps[DAEMON_MAX_DEVICES];
	uint64_t last_rescan_ms, last_poll_ms;
	uint64_t dropped; /* ring->dropped last seen */
	bool warned_ring, warned_complete;
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
 * Binds configured cells to the running cells of the same name (maps their
 * rootshared RAM, resets their devices) and unbinds the ones that stopped.
 */
void daemon_cells_rescan(struct daemon *dm);

/* Unbinds every cell (unmaps their RAM). */
void daemon_cells_release(struct daemon *dm);

/* The bound cell with this id, or NULL. */
struct dcell *daemon_cell_by_id(struct daemon *dm, uint32_t id);

/* Serves the requests queued in the ring. */
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

#endif
