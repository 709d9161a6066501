/* Opening the daemon's devices: disk images, switches and taps, ptys and logs. */
#include "daemon.h"
#include "dlog.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static void device_name(const struct dcell *c, const struct dcfg_device *cfg,
			char *buf, size_t size)
{
	snprintf(buf, size, "virtio-%s %s@0x%08llx", dcfg_type_names[cfg->type],
		 c->cfg->name, (unsigned long long)cfg->address);
}

static int open_blk(struct ddev *dv, const char *name)
{
	const struct dcfg_device *cfg = dv->cfg;
	char serial[64]; /* the first 20 bytes are the ID */
	struct stat st;
	uint64_t size;

	dv->fd = open(cfg->file,
		      (cfg->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (dv->fd < 0) {
		dlog("%s: cannot open %s: %s", name, cfg->file,
		     strerror(errno));
		return -1;
	}
	if (fstat(dv->fd, &st)) {
		dlog("%s: %s: %s", name, cfg->file, strerror(errno));
		return -1;
	}
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(dv->fd, BLKGETSIZE64, &size)) {
			dlog("%s: %s: cannot get its size: %s", name, cfg->file,
			     strerror(errno));
			return -1;
		}
	} else if (S_ISREG(st.st_mode)) {
		size = (uint64_t)st.st_size;
	} else {
		dlog("%s: %s is neither a file nor a block device", name,
		     cfg->file);
		return -1;
	}
	if (size % VBLK_SECTOR)
		dlog("%s: %s: its size is not a multiple of %u bytes: the last %llu bytes are out of reach",
		     name, cfg->file, VBLK_SECTOR,
		     (unsigned long long)(size % VBLK_SECTOR));
	dv->blk = calloc(1, sizeof(*dv->blk));
	if (!dv->blk)
		return -1;
	snprintf(serial, sizeof(serial), "%llx-%s",
		 (unsigned long long)cfg->address, dv->cell->cfg->name);
	vblk_init(dv->blk, name, &dv->mem, dv->fd, size, cfg->readonly, serial);
	dv->blk->delay_ms = cfg->delay_ms;
	vblk_set_opt_io(dv->blk, cfg->opt_io_kib << 10); /* checked: fits */
	_Static_assert(DCFG_QUEUES_MAX <= VBLK_MAX_QUEUES,
		       "daemon config queues");
	vblk_set_queues(dv->blk, cfg->queues); /* checked: 1..8 */
	dv->mmio = &dv->blk->dev;
	printf("%s: %s (%llu sectors%s, %u queue%s)", name, cfg->file,
	       (unsigned long long)dv->blk->sectors,
	       cfg->readonly ? ", read-only" : "", cfg->queues,
	       cfg->queues == 1 ? "" : "s");
	if (cfg->delay_ms)
		printf(", slowed down: %u ms per request", cfg->delay_ms);
	printf("\n");
	return 0;
}

/* The switch named name, created on first use; "" gives a new unnamed one. */
static struct nswitch *get_switch(struct daemon *dm, const char *name)
{
	unsigned int i;

	for (i = 0; i < dm->num_switches && name[0]; i++)
		if (!strcmp(dm->switches[i].name, name))
			return &dm->switches[i];
	nswitch_init(&dm->switches[dm->num_switches], name);
	return &dm->switches[dm->num_switches++];
}

static struct dtap *get_tap(struct daemon *dm, struct nswitch *sw,
			    const char *name)
{
	struct dtap *t;
	unsigned int i;

	for (i = 0; i < dm->num_taps; i++)
		if (!strcmp(dm->taps[i].name, name))
			return &dm->taps[i]; /* on sw: the config says so */
	t = &dm->taps[dm->num_taps];
	if (tap_open(t, name))
		return NULL;
	dm->num_taps++;
	if (nswitch_attach(sw, &t->port)) {
		dlog("switch %s: more than %u ports", sw->name,
		     NSWITCH_MAX_PORTS);
		return NULL;
	}
	return t;
}

static int open_net(struct daemon *dm, struct ddev *dv, const char *name)
{
	const struct dcfg_device *cfg = dv->cfg;
	struct nswitch *sw;
	const uint8_t *m = cfg->mac;

	dv->net = calloc(1, sizeof(*dv->net));
	if (!dv->net)
		return -1;
	vnet_init(dv->net, name, &dv->mem, cfg->mac);
	dv->mmio = &dv->net->dev;
	/* Without a named switch, one of its own links it to its tap. */
	sw = get_switch(dm, cfg->sw);
	if (nswitch_attach(sw, &dv->net->port)) {
		dlog("switch %s: more than %u ports", sw->name,
		     NSWITCH_MAX_PORTS);
		return -1;
	}
	if (cfg->tap[0] && !get_tap(dm, sw, cfg->tap))
		return -1;
	printf("%s: %02x:%02x:%02x:%02x:%02x:%02x", name, m[0], m[1], m[2],
	       m[3], m[4], m[5]);
	if (cfg->sw[0])
		printf(" on switch %s", cfg->sw);
	if (cfg->tap[0])
		printf("%s tap %s", cfg->sw[0] ? "," : " on", cfg->tap);
	if (!cfg->sw[0] && !cfg->tap[0])
		printf(" (not connected)");
	printf("\n");
	return 0;
}

/* A pty for the console: raw, its slave kept open by the daemon. */
static int open_pty(struct ddev *dv, const char *name, const char **path)
{
	struct termios t;

	dv->fd = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (dv->fd < 0 || grantpt(dv->fd) || unlockpt(dv->fd) ||
	    !(*path = ptsname(dv->fd))) {
		dlog("%s: cannot create a pty: %s", name, strerror(errno));
		return -1;
	}
	dv->pty_slave = open(*path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (dv->pty_slave < 0) {
		dlog("%s: cannot open %s: %s", name, *path, strerror(errno));
		return -1;
	}
	if (!tcgetattr(dv->pty_slave, &t)) {
		cfmakeraw(&t);
		tcsetattr(dv->pty_slave, TCSANOW, &t);
	}
	return 0;
}

static int open_console(struct ddev *dv, const char *name)
{
	const struct dcfg_device *cfg = dv->cfg;
	const char *pty = NULL;

	if (cfg->pty && open_pty(dv, name, &pty))
		return -1;
	if (cfg->log[0]) {
		dv->log_fd = open(cfg->log,
				  O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
				  0644);
		if (dv->log_fd < 0) {
			dlog("%s: cannot open %s: %s", name, cfg->log,
			     strerror(errno));
			return -1;
		}
	}
	dv->con = calloc(1, sizeof(*dv->con));
	if (!dv->con)
		return -1;
	vconsole_init(dv->con, name, &dv->mem, dv->fd, dv->log_fd);
	dv->mmio = &dv->con->dev;
	printf("%s: %s%s%s%s%s\n", name, pty ? "pty " : "", pty ? pty : "",
	       pty && cfg->log[0] ? ", " : "", cfg->log[0] ? "log " : "",
	       cfg->log);
	if (pty)
		printf("console %s: %s\n", dv->cell->cfg->name, pty);
	return 0;
}

int daemon_devices_open(struct daemon *dm, struct dcfg *cfg)
{
	char name[VMMIO_NAME_LEN];
	unsigned int i, j;
	struct ddev *dv;
	int ret = 0;

	dm->cfg = cfg;
	for (i = 0; i < cfg->num_cells; i++) {
		struct dcell *c = &dm->cells[dm->num_cells++];

		c->cfg = &cfg->cell[i];
		for (j = 0; j < c->cfg->num_devices && !ret; j++) {
			dv = &dm->devs[dm->num_devs++];
			dv->dm = dm;
			dv->cfg = &c->cfg->dev[j];
			dv->cell = c;
			dv->fd = dv->pty_slave = dv->log_fd = dv->efd = -1;
			gmem_init(&dv->mem);
			c->devs[c->num_devs++] = dv;
			device_name(c, dv->cfg, name, sizeof(name));
			switch (dv->cfg->type) {
			case DCFG_BLK:
				ret = open_blk(dv, name);
				break;
			case DCFG_NET:
				ret = open_net(dm, dv, name);
				break;
			case DCFG_CONSOLE:
				ret = open_console(dv, name);
				break;
			}
			if (!ret && !dv->mmio)
				ret = -1;
		}
	}
	fflush(stdout);
	return ret;
}

void daemon_devices_close(struct daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->num_devs; i++) {
		struct ddev *dv = &dm->devs[i];

		if (dv->fd >= 0)
			close(dv->fd);
		if (dv->pty_slave >= 0)
			close(dv->pty_slave);
		if (dv->log_fd >= 0)
			close(dv->log_fd);
		free(dv->blk);
		free(dv->net);
		free(dv->con);
		dv->blk = NULL;
		dv->net = NULL;
		dv->con = NULL;
		dv->mmio = NULL;
	}
	for (i = 0; i < dm->num_taps; i++)
		tap_close(&dm->taps[i]);
	dm->num_devs = dm->num_taps = dm->num_switches = 0;
}
