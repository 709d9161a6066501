/* hvisor daemon CONFIG.json: serves the virtio devices of cells from the root cell. */
#include "commands.h"
#include "config/number.h"
#include "daemon.h"
#include "dev/device.h"
#include "dlog.h"
#include "format/json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int load_config(const char *path, struct dcfg *cfg)
{
	struct diag d;
	int ret;

	diag_init(&d);
	ret = dcfg_load(path, cfg, &d);
	diag_print(&d, stderr);
	diag_free(&d);
	return ret;
}

static int map_ring(struct daemon *dm)
{
	void *p = mmap(NULL, HVISOR_REQ_RING_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED, dm->fd, 0);

	if (p == MAP_FAILED) {
		dlog("cannot map the request ring of %s: %s%s", device_path(),
		     strerror(errno),
		     errno == ENODEV ? " (is the hypervisor enabled?)" : "");
		return -1;
	}
	dm->ring = p;
	if (dm->ring->magic != HVISOR_REQ_RING_MAGIC ||
	    dm->ring->entries != HVISOR_REQ_RING_ENTRIES ||
	    dm->ring->abi != HVISOR_REQ_RING_ABI) {
		dlog("the request ring has magic 0x%x, %u entries and ABI %u, not 0x%x, %u and %u: hypervisor and tool come from different builds",
		     dm->ring->magic, dm->ring->entries, dm->ring->abi,
		     HVISOR_REQ_RING_MAGIC, HVISOR_REQ_RING_ENTRIES,
		     HVISOR_REQ_RING_ABI);
		return -1;
	}
	return 0;
}

static int set_timeout(struct daemon *dm, uint64_t ms)
{
	struct hvisor_virtio_timeout_args args;
	int ret;

	memset(&args, 0, sizeof(args));
	args.ms = (uint32_t)ms;
	ret = device_ioctl(dm->fd, HVISOR_IOCTL_VIRTIO_SET_TIMEOUT, &args);
	if (ret)
		dlog("setting the request timeout to %llu ms: %s",
		     (unsigned long long)ms, strerror(-ret));
	return ret;
}

static int serve(struct dcfg *cfg, uint64_t timeout_ms, const char *state,
		 const struct daemon_opts *opts)
{
	struct daemon *dm = calloc(1, sizeof(*dm));
	int flags, status = 1;

	if (!dm) {
		dlog("out of memory");
		return 1;
	}
	dm->opts = *opts;
	dm->write_piece = -1;
	dm->fd = device_open();
	if (dm->fd < 0)
		goto out;
	flags = fcntl(dm->fd, F_GETFL);
	if (flags < 0 || fcntl(dm->fd, F_SETFL, flags | O_NONBLOCK)) {
		dlog("%s: %s", device_path(), strerror(errno));
		goto out;
	}
	if (map_ring(dm) || (timeout_ms && set_timeout(dm, timeout_ms)))
		goto out;
	if (daemon_devices_open(dm, cfg))
		goto out;
	daemon_connect_irqs(dm);
	daemon_state_open(dm, state);
	status = daemon_run(dm);
out:
	daemon_state_close(dm);
	daemon_devices_close(dm);
	if (dm->ring)
		munmap(dm->ring, HVISOR_REQ_RING_SIZE);
	if (dm->fd >= 0)
		close(dm->fd);
	free(dm);
	if (!status)
		printf("hvisor daemon: stopped\n");
	return status;
}

/* `hvisor daemon CONFIG --check --json`: the cells and devices it would serve. */
static void print_check_json(const char *path, const struct dcfg *cfg,
			     unsigned int num_devices)
{
	struct json_object *o = json_object_new_object(),
			   *cells = json_object_new_array(), *c, *devs, *dv;
	unsigned int i, j;

	json_object_object_add(o, "file", json_object_new_string(path));
	json_object_object_add(o, "ok", json_object_new_boolean(true));
	json_object_object_add(o, "num_cells",
			       json_object_new_int64(cfg->num_cells));
	json_object_object_add(o, "num_devices",
			       json_object_new_int64(num_devices));
	for (i = 0; i < cfg->num_cells; i++) {
		const struct dcfg_cell *cc = &cfg->cell[i];

		c = json_object_new_object();
		json_object_object_add(c, "name",
				       json_object_new_string(cc->name));
		json_object_object_add(c, "config",
				       json_object_new_string(cc->config));
		devs = json_object_new_array();
		for (j = 0; j < cc->num_devices; j++) {
			dv = json_object_new_object();
			json_object_object_add(
				dv, "type",
				json_object_new_string(
					dcfg_type_names[cc->dev[j].type]));
			json_object_object_add(
				dv, "address",
				json_object_new_int64(
					(int64_t)cc->dev[j].address));
			json_object_object_add(
				dv, "irq",
				json_object_new_int64(cc->dev[j].irq));
			json_object_array_add(devs, dv);
		}
		json_object_object_add(c, "devices", devs);
		json_object_array_add(cells, c);
	}
	json_object_object_add(o, "cells", cells);
	json_print(stdout, o);
}

int cmd_daemon(int argc, char **argv)
{
	const char *path = NULL, *state = DAEMON_STATE_DIR;
	uint64_t timeout_ms = 0, poll_us, kib;
	struct daemon_opts opts = { .poll_us = DAEMON_POLL_US,
				    .piece_kib = -1 };
	bool check = false, json = json_flag(&argc, argv);
	struct dcfg *cfg;
	unsigned int i, n = 0;
	int ret, a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--check")) {
			check = true;
		} else if (!strcmp(argv[a], "--timeout") && a + 1 < argc) {
			if (number_parse(argv[++a], &timeout_ms) ||
			    timeout_ms < 10 || timeout_ms > 600000)
				return usage_error(
					"daemon: --timeout takes milliseconds, 10-600000, not '%s'",
					argv[a]);
		} else if (!strcmp(argv[a], "--state") && a + 1 < argc) {
			state = argv[++a];
		} else if (!strcmp(argv[a], "--sync-io")) {
			opts.sync_io = true;
		} else if (!strcmp(argv[a], "--worker-kicks")) {
			opts.worker_kicks = true;
		} else if (!strcmp(argv[a], "--queued-reads")) {
			opts.queued_reads = true;
		} else if (!strcmp(argv[a], "--queued-writes")) {
			opts.queued_writes = true;
		} else if (!strcmp(argv[a], "--ring-writes")) {
			opts.ring_writes = true;
		} else if (!strcmp(argv[a], "--poll-us") && a + 1 < argc) {
			if (number_parse(argv[++a], &poll_us) ||
			    poll_us > 10000)
				return usage_error(
					"daemon: --poll-us takes microseconds, 0-10000, not '%s'",
					argv[a]);
			opts.poll_us = (unsigned int)poll_us;
		} else if (!strcmp(argv[a], "--piece-kib") && a + 1 < argc) {
			if (number_parse(argv[++a], &kib) || kib > 65536)
				return usage_error(
					"daemon: --piece-kib takes KiB, 0-65536 (0: a request in one call), not '%s'",
					argv[a]);
			opts.piece_kib = (int)kib;
		} else if (argv[a][0] == '-') {
			return usage_error("daemon: unknown option '%s'",
					   argv[a]);
		} else if (!path) {
			path = argv[a];
		} else {
			return usage_error("daemon takes one CONFIG.json");
		}
	}
	if (!path)
		return usage_error("daemon needs CONFIG.json");
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg) {
		fprintf(stderr, "hvisor: daemon: out of memory\n");
		return 1;
	}
	if (load_config(path, cfg)) {
		free(cfg);
		return 1;
	}
	for (i = 0; i < cfg->num_cells; i++)
		n += cfg->cell[i].num_devices;
	if (check && json) {
		print_check_json(path, cfg, n);
		free(cfg);
		return 0;
	}
	if (json) {
		free(cfg);
		return usage_error("daemon: --json goes with --check");
	}
	if (check) {
		printf("%s: %u cells, %u devices: OK\n", path, cfg->num_cells,
		       n);
		free(cfg);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	ret = serve(cfg, timeout_ms, state, &opts);
	free(cfg);
	return ret;
}
