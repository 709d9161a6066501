/* The daemon's dispatcher: the request ring to the devices' threads, dropped notifications, taps, cells, signals. */
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

#define POLL_MS 50 /* the dispatcher looks at the ring at least this often */
#define RESCAN_MS 1000 /* looking for cells that started or stopped */
#define RESCAN_MIN_MS 100 /* at most this often for unknown cell ids */
#define DRAIN_BATCH 64 /* entries taken from the ring before posting them */
#define MAX_POLLFDS (2 + DAEMON_MAX_DEVICES)

uint64_t daemon_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The device's interrupt, from its worker (the cell it serves). */
static void inject(struct vmmio *d, uint32_t status, void *ctx)
{
	struct hvisor_virtio_inject_args args;
	struct ddev *dv = ctx;
	int ret;

	if (!dv->bound_id)
		return;
	memset(&args, 0, sizeof(args));
	args.cell = dv->bound_id;
	args.irq = dv->cfg->irq;
	args.region = dv->cfg->region;
	args.status = status;
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

void daemon_complete(struct daemon *dm, const struct hvisor_request *r,
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

/* Hands a request to its device's thread, or answers it here. */
static void route(struct daemon *dm, const struct hvisor_request *r)
{
	uint64_t ones = r->width >= 8 ? ~0ull : (1ull << (8 * r->width)) - 1;
	struct dcell *c = daemon_cell_by_id(dm, r->cell);
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
	} else if (ddev_post(dv, r)) {
		return;
	} else if (!dv->warned_inbox) {
		dv->warned_inbox = true;
		dlog("%s: %u requests wait for it: answering more with all ones (not logged again)",
		     dv->mmio->name, DAEMON_INBOX);
	}
	if (r->blocking)
		daemon_complete(dm, r, r->write ? 0 : ones, dv);
}

void daemon_drain(struct daemon *dm)
{
	struct hvisor_req_ring *ring = dm->ring;
	struct hvisor_request batch[DRAIN_BATCH];
	uint32_t head, tail = ring->tail;
	unsigned int n, i;

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
		for (n = 0; n < DRAIN_BATCH && tail != head; n++, tail++)
			memcpy(&batch[n],
			       (const void *)&ring
				       ->req[tail % HVISOR_REQ_RING_ENTRIES],
			       sizeof(batch[n]));
		/* The entries are ours until tail passes them. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		__atomic_store_n(&ring->tail, tail, __ATOMIC_RELEASE);
		/*
		 * The hypervisor merges a notification into one we have not
		 * taken: it reads tail after the guest wrote its queue, we
		 * write tail before the workers read queues.
		 */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		for (i = 0; i < n; i++)
			route(dm, &batch[i]);
		if (tail == head)
			head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	}
	/* vCPUs that found the ring full wait for a wake-up */
	if (__atomic_load_n(&ring->space_waiters, __ATOMIC_RELAXED)) {
		struct hvisor_request none = { .seq = 0 };

		daemon_complete(dm, &none, 0, NULL);
	}
}

/* Notifications the hypervisor dropped: those devices scan their queues. */
static void take_drops(struct daemon *dm)
{
	struct hvisor_req_ring *ring = dm->ring;
	unsigned int slot, i, d;
	uint64_t bits;

	for (slot = 0; slot < HVISOR_REQ_DROP_SLOTS; slot++) {
		if (!ring->drops[slot])
			continue;
		bits = __atomic_exchange_n(&ring->drops[slot], 0,
					   __ATOMIC_SEQ_CST);
		for (i = 0; i < dm->num_cells; i++) {
			struct dcell *c = &dm->cells[i];

			if (!c->id || c->id % HVISOR_REQ_DROP_SLOTS != slot)
				continue;
			for (d = 0; d < c->num_devs; d++)
				if (bits & (1ull << c->devs[d]->cfg->region))
					ddev_rescan(c->devs[d]);
		}
	}
}

static void dump_state(struct daemon *dm)
{
	unsigned int i;

	dlog("request ring: head %u tail %u dropped %llu coalesced %llu timeouts %llu signals skipped %llu, %llu sleeps of waiting vCPUs",
	     dm->ring->head, dm->ring->tail,
	     (unsigned long long)dm->ring->dropped,
	     (unsigned long long)dm->ring->coalesced,
	     (unsigned long long)dm->ring->timeouts,
	     (unsigned long long)dm->ring->signals_skipped,
	     (unsigned long long)dm->ring->wait_sleeps);
	for (i = 0; i < dm->num_switches; i++)
		dlog("switch %s: %llu forwarded, %llu flooded, %llu dropped, %llu spoofed",
		     dm->switches[i].name,
		     (unsigned long long)dm->switches[i].forwarded,
		     (unsigned long long)dm->switches[i].flooded,
		     (unsigned long long)dm->switches[i].dropped,
		     (unsigned long long)dm->switches[i].spoofed);
	for (i = 0; i < dm->num_devs; i++)
		ddev_dump(&dm->devs[i]);
}

int daemon_run(struct daemon *dm)
{
	struct pollfd fds[MAX_POLLFDS];
	struct signalfd_siginfo si;
	unsigned int i, n;
	sigset_t set, old;
	uint64_t count;
	int sfd, ret, status = 0;

	/* blocked before the threads start: they inherit the mask */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, &old);
	signal(SIGPIPE, SIG_IGN);
	sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0) {
		dlog("signalfd: %s", strerror(errno));
		sigprocmask(SIG_SETMASK, &old, NULL);
		return 1;
	}
	if (daemon_workers_start(dm)) {
		status = 1;
		goto out;
	}
	daemon_cells_rescan(dm);
	/*
	 * Register accesses a daemon before us took and never answered: the
	 * hypervisor queues them again (their cells are bound by now).
	 */
	ret = device_ioctl_value(dm->fd, HVISOR_IOCTL_VIRTIO_REPLAY, NULL);
	if (ret > 0)
		dlog("%d register access%s left by a daemon before us queued again",
		     ret, ret == 1 ? "" : "es");
	else if (ret < 0)
		dlog("asking for the requests a daemon before us left: %s",
		     strerror(-ret));
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
		ret = poll(fds, n, POLL_MS);
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
		take_drops(dm);
		for (i = 0; ret > 0 && i < dm->num_taps; i++)
			if (fds[2 + i].revents & POLLIN)
				tap_read(&dm->taps[i], dm->frame,
					 sizeof(dm->frame));
		if (daemon_now_ms() - dm->last_rescan_ms >= RESCAN_MS)
			daemon_cells_rescan(dm);
	}
out:
	daemon_workers_stop(dm);
	close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return status;
}
