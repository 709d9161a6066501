/* The daemon's main loop: requests from the ring, completions, interrupts, taps, ptys, signals. */
#include "daemon.h"
#include "dev/device.h"
#include "dlog.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#define POLL_MS 50 /* fallback scan of the ring and the queues */
#define RESCAN_MS 1000 /* looking for cells that started or stopped */
#define RESCAN_MIN_MS 100 /* at most this often for unknown cell ids */
#define MAX_POLLFDS (2 + 2 * DAEMON_MAX_DEVICES)

uint64_t daemon_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void inject(struct vmmio *d, void *ctx)
{
	struct hvisor_virtio_inject_args args;
	struct ddev *dv = ctx;
	int ret;

	if (!dv->cell->id)
		return;
	memset(&args, 0, sizeof(args));
	args.cell = dv->cell->id;
	args.irq = dv->cfg->irq;
	ret = device_ioctl(dv->dm->fd, HVISOR_IOCTL_VIRTIO_INJECT, &args);
	if (ret && !dv->warned_inject) {
		dv->warned_inject = true;
		dlog("%s: injecting interrupt %u: %s (further failures not logged)",
		     d->name, dv->cfg->irq, strerror(-ret));
	}
}

void daemon_connect_irqs(struct daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->num_devs; i++) {
		dm->devs[i].mmio->irq = inject;
		dm->devs[i].mmio->irq_ctx = &dm->devs[i];
	}
}

static struct ddev *find_dev(struct dcell *c, uint64_t address)
{
	unsigned int i;

	for (i = 0; i < c->num_devs; i++) {
		const struct dcfg_device *cfg = c->devs[i]->cfg;

		if (address >= cfg->address &&
		    address - cfg->address < cfg->size)
			return c->devs[i];
	}
	return NULL;
}

/* Logs an access no device serves, once per cell and page. */
static void log_unknown(struct daemon *dm, const struct hvisor_request *r)
{
	uint64_t page = r->address & ~0xfffull;
	unsigned int i;

	for (i = 0; i < dm->num_unknown; i++)
		if (dm->unknown[i].cell == r->cell &&
		    dm->unknown[i].page == page)
			return;
	if (dm->num_unknown == DAEMON_MAX_UNKNOWN)
		return;
	dm->unknown[dm->num_unknown].cell = r->cell;
	dm->unknown[dm->num_unknown].page = page;
	dm->num_unknown++;
	dlog("cell id %u: %s of 0x%llx: no device of this daemon there (reads give all ones, writes are dropped; not logged again%s)",
	     r->cell, r->write ? "write" : "read",
	     (unsigned long long)r->address,
	     dm->num_unknown == DAEMON_MAX_UNKNOWN ?
		     ", nor any other unknown address" :
		     "");
}

static void complete(struct daemon *dm, const struct hvisor_request *r,
		     uint64_t value, struct ddev *dv)
{
	struct hvisor_virtio_complete_args args;
	bool *warned = dv ? &dv->warned_complete : &dm->warned_complete;
	int ret;

	memset(&args, 0, sizeof(args));
	args.cell = r->cell;
	args.vcpu = r->vcpu;
	args.value = value;
	args.seq = r->seq;
	ret = device_ioctl(dm->fd, HVISOR_IOCTL_VIRTIO_COMPLETE, &args);
	if (!ret || *warned)
		return;
	*warned = true;
	dlog("%s: completing the %s of 0x%llx by vCPU %u of cell id %u: %s%s (further failures not logged)",
	     dv ? dv->mmio->name : "unknown device",
	     r->write ? "write" : "read", (unsigned long long)r->address,
	     r->vcpu, r->cell, strerror(-ret),
	     ret == -ENOENT ? ": the vCPU stopped waiting (timeout?)" : "");
}

static void handle(struct daemon *dm, const struct hvisor_request *r)
{
	uint64_t mask = r->width >= 8 ? ~0ull : (1ull << (8 * r->width)) - 1;
	struct dcell *c = daemon_cell_by_id(dm, r->cell);
	uint64_t value = mask, off;
	struct ddev *dv = NULL;

	if (!c && daemon_now_ms() - dm->last_rescan_ms >= RESCAN_MIN_MS) {
		daemon_cells_rescan(dm);
		c = daemon_cell_by_id(dm, r->cell);
	}
	if (c)
		dv = find_dev(c, r->address);
	if (!dv || (r->width != 1 && r->width != 2 && r->width != 4 &&
		    r->width != 8)) {
		log_unknown(dm, r);
	} else {
		off = r->address - dv->cfg->address;
		if (r->write)
			vmmio_write(dv->mmio, off, r->width, r->value & mask);
		else
			value = vmmio_read(dv->mmio, off, r->width) & mask;
	}
	if (r->blocking)
		complete(dm, r, r->write ? 0 : value, dv);
}

void daemon_drain(struct daemon *dm)
{
	struct hvisor_req_ring *ring = dm->ring;
	struct hvisor_request r;
	uint32_t head, tail = ring->tail;

	head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	if (head - tail > HVISOR_REQ_RING_ENTRIES) {
		if (!dm->warned_ring)
			dlog("request ring: head %u and tail %u are inconsistent: skipping to the head",
			     head, tail);
		dm->warned_ring = true;
		__atomic_store_n(&ring->tail, head, __ATOMIC_RELEASE);
		return;
	}
	while (tail != head) {
		memcpy(&r,
		       (const void *)&ring->req[tail % HVISOR_REQ_RING_ENTRIES],
		       sizeof(r));
		/* The entry is ours until tail passes it. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		handle(dm, &r);
		tail++;
		__atomic_store_n(&ring->tail, tail, __ATOMIC_RELEASE);
		if (tail == head)
			head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	}
}

/* Runs the queues of the running cells' devices: missed or dropped notifications. */
static void poll_devices(struct daemon *dm, bool all)
{
	unsigned int i;

	for (i = 0; i < dm->num_devs; i++) {
		struct ddev *dv = &dm->devs[i];

		if (dv->cell->id && (all || dv->mmio->more))
			vmmio_poll(dv->mmio);
	}
}

static bool any_more(const struct daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->num_devs; i++)
		if (dm->devs[i].cell->id && dm->devs[i].mmio->more)
			return true;
	return false;
}

/* SIGUSR1: one line per device and per ready queue, for debugging. */
static void dump_state(struct daemon *dm)
{
	unsigned int i, q;

	dlog("request ring: head %u tail %u dropped %llu timeouts %llu",
	     dm->ring->head, dm->ring->tail,
	     (unsigned long long)dm->ring->dropped,
	     (unsigned long long)dm->ring->timeouts);
	for (i = 0; i < dm->num_devs; i++) {
		struct vmmio *d = dm->devs[i].mmio;

		dlog("%s: cell id %u, status 0x%x, interrupt status 0x%x, features 0x%llx%s",
		     d->name, dm->devs[i].cell->id, d->status, d->isr,
		     (unsigned long long)d->driver_features,
		     d->more ? ", more to do" : "");
		for (q = 0; q < d->num_queues; q++) {
			const struct virtq *v = &d->vq[q];
			uint16_t avail_event;

			if (!v->ready)
				continue;
			memcpy(&avail_event, &v->used->ring[v->num], 2);
			dlog("%s: queue %u: size %u, avail %u (taken %u, flags 0x%x, used event %u), used %u (avail event %u)%s",
			     d->name, q, v->num,
			     __atomic_load_n(&v->avail->idx, __ATOMIC_ACQUIRE),
			     v->last_avail, v->avail->flags,
			     v->avail->ring[v->num], v->used_idx, avail_event,
			     v->broken ? ", broken" : "");
		}
	}
}

static void console_input(struct ddev *dv)
{
	uint8_t buf[VCONSOLE_IN_BUF];
	size_t room = vconsole_input_room(dv->con);
	ssize_t n;

	if (room > sizeof(buf))
		room = sizeof(buf);
	n = read(dv->fd, buf, room);
	if (n > 0)
		vconsole_input(dv->con, buf, (size_t)n);
}

int daemon_run(struct daemon *dm)
{
	struct pollfd fds[MAX_POLLFDS];
	struct ddev *owner[MAX_POLLFDS];
	struct signalfd_siginfo si;
	unsigned int i, n, first_con;
	sigset_t set, old;
	uint64_t count, now;
	int sfd, ret, status = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		dlog("signalfd: %s", strerror(errno));
		return 1;
	}
	daemon_cells_rescan(dm);
	dm->last_poll_ms = daemon_now_ms();
	dm->dropped = dm->ring->dropped;
	printf("hvisor daemon: serving %u device%s (SIGTERM or Ctrl-C stops it)\n",
	       dm->num_devs, dm->num_devs == 1 ? "" : "s");
	fflush(stdout);
	for (;;) {
		n = 0;
		fds[n++] = (struct pollfd){ .fd = dm->fd, .events = POLLIN };
		fds[n++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		for (i = 0; i < dm->num_taps; i++)
			fds[n++] = (struct pollfd){ .fd = dm->taps[i].fd,
						    .events = POLLIN };
		first_con = n;
		for (i = 0; i < dm->num_devs; i++) {
			struct ddev *dv = &dm->devs[i];

			if (!dv->con || dv->fd < 0 ||
			    !vconsole_input_room(dv->con))
				continue;
			owner[n] = dv;
			fds[n++] = (struct pollfd){ .fd = dv->fd,
						    .events = POLLIN };
		}
		ret = poll(fds, n, any_more(dm) ? 0 : POLL_MS);
		if (ret < 0 && errno != EINTR) {
			dlog("poll: %s", strerror(errno));
			status = 1;
			break;
		}
		if (ret > 0 && (fds[1].revents & POLLIN) &&
		    read(sfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGUSR1) {
				dump_state(dm);
			} else {
				dlog("%s: stopping",
				     strsignal((int)si.ssi_signo));
				break;
			}
		}
		if (ret > 0 && (fds[0].revents & POLLIN) &&
		    read(dm->fd, &count, sizeof(count)) < 0 &&
		    errno != EAGAIN && errno != EINTR && !dm->warned_ring) {
			dm->warned_ring = true;
			dlog("reading %s: %s", device_path(), strerror(errno));
		}
		daemon_drain(dm);
		for (i = 0; ret > 0 && i < dm->num_taps; i++)
			if (fds[2 + i].revents & POLLIN)
				tap_read(&dm->taps[i], dm->frame,
					 sizeof(dm->frame));
		for (i = first_con; ret > 0 && i < n; i++)
			if (fds[i].revents & POLLIN)
				console_input(owner[i]);
		now = daemon_now_ms();
		if (dm->ring->dropped != dm->dropped ||
		    now - dm->last_poll_ms >= POLL_MS) {
			dm->dropped = dm->ring->dropped;
			dm->last_poll_ms = now;
			poll_devices(dm, true);
		} else {
			poll_devices(dm, false);
		}
		if (now - dm->last_rescan_ms >= RESCAN_MS)
			daemon_cells_rescan(dm);
	}
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return status;
}
