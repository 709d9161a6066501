/* The virtio daemon's JSON config: cells, their devices, and what the cell configs say about them. */
#ifndef HVISOR_DAEMON_DAEMON_CONFIG_H
#define HVISOR_DAEMON_DAEMON_CONFIG_H

#include "config/diag.h"
#include "gmem.h"
#include "netswitch.h"

#include <hvisor/config.h>
#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DCFG_MAX_CELLS 8
#define DCFG_MAX_DEVICES 16 /* per cell */
#define DCFG_PATH_LEN 256
#define DCFG_OPT_IO_KIB 4096 /* blk: the default optimal I/O size */
#define DCFG_OPT_IO_KIB_MAX 65536
#define DCFG_QUEUES_MAX 8 /* blk: request queues (default: one per vCPU) */

enum dcfg_type { DCFG_BLK, DCFG_NET, DCFG_CONSOLE };

extern const char *const dcfg_type_names[]; /* "blk", "net", "console" */

struct dcfg_device {
	enum dcfg_type type;
	uint64_t address; /* guest-physical: virt_start of a virtio region */
	uint64_t size; /* that region's size */
	uint32_t irq; /* from that region */
	unsigned int region; /* its index in the cell config */
	/* blk */
	char file[DCFG_PATH_LEN];
	bool readonly;
	uint32_t delay_ms; /* test knob: every request waits this long first */
	uint32_t opt_io_kib; /* the optimal I/O size offered; 0: no topology */
	uint32_t queues; /* request queues offered, 1..DCFG_QUEUES_MAX */
	/* net */
	uint8_t mac[6];
	char tap[IFNAMSIZ]; /* "" for none */
	char sw[NSWITCH_NAME_LEN]; /* "" for a switch of its own */
	/* console */
	char log[DCFG_PATH_LEN]; /* "" for none */
	bool pty;
};

/* A rootshared RAM region of the cell: where guest queues and buffers live. */
struct dcfg_ram {
	uint64_t phys, gpa, size;
};

struct dcfg_cell {
	char name[HVISOR_NAME_LEN];
	char config[DCFG_PATH_LEN];
	unsigned int num_ram;
	struct dcfg_ram ram[GMEM_MAX_RANGES];
	unsigned int num_devices;
	struct dcfg_device dev[DCFG_MAX_DEVICES];
};

struct dcfg {
	unsigned int num_cells;
	struct dcfg_cell cell[DCFG_MAX_CELLS];
};

/*
 * Parses a daemon config (docs/virtio.md) of len bytes (NUL at text[len])
 * into out, reading each cell's config file. Every problem goes to d, named
 * by file and JSON path. Returns 0, or -1 when d got errors.
 */
int dcfg_parse(const char *text, size_t len, const char *file, struct dcfg *out,
	       struct diag *d);

/* Same, reading the file at path. */
int dcfg_load(const char *path, struct dcfg *out, struct diag *d);

/* Parses "52:54:00:12:34:56"; false when s is not such an address. */
bool dcfg_parse_mac(const char *s, uint8_t mac[6]);

#endif
