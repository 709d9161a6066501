/* A device's worker thread: its requests and queues, the guest RAM it maps and checks, console input, received frames. */
#include "daemon.h"
#include "dev/cell_device.h"
#include "dev/device.h"
#include "dlog.h"

#include <errno.h>
#include <linux/virtio_mmio.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

bool ddev_wake_locked(struct ddev *dv)
{
	bool wake = dv->sleeping;

	dv->sleeping = false;
	return wake;
}

void ddev_wake(struct ddev *dv, bool wake)
{
	uint64_t one = 1;

	/* EAGAIN: a wake-up is pending already */
	if (wake && write(dv->efd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		dlog("%s: waking its thread: %s", dv->mmio->name,
		     strerror(errno));
}

static void serve(struct ddev *dv, const struct hvisor_request *r);

bool ddev_post(struct ddev *dv, const struct hvisor_request *r)
{
	uint64_t off = r->address - dv->cfg->address;
	bool notify = r->write && !r->blocking && r->width == 4 &&
		      off == VIRTIO_MMIO_QUEUE_NOTIFY;
	uint32_t bit = 0;
	bool ok = true, wake;

	if (notify) {
		if (r->value >= 32)
			return true; /* no such queue: nothing to do */
		bit = 1u << r->value;
	}
	pthread_mutex_lock(&dv->lock);
	/*
	 * A notification of a block device with io_uring only hands
	 * requests to its ring (nothing blocks): served here too.
	 */
	if ((!notify || (dv->uring && !dv->dm->opts.worker_kicks)) &&
	    !dv->in_count && !pthread_mutex_trylock(&dv->state)) {
		/*
		 * The worker is not busy and owes nothing: served here, in
		 * order (only this thread posts requests). Not a reset
		 * while block requests are in flight: it waits for them.
		 */
		pthread_mutex_unlock(&dv->lock);
		if (dv->want_id == dv->seen_want &&
		    !(dv->blk && dv->blk->inflight && r->write &&
		      off == VIRTIO_MMIO_STATUS)) {
			serve(dv, r);
			/* more than one batch: the worker goes on */
			wake = dv->mmio->more;
			pthread_mutex_unlock(&dv->state);
			if (wake) {
				pthread_mutex_lock(&dv->lock);
				wake = ddev_wake_locked(dv);
				pthread_mutex_unlock(&dv->lock);
				ddev_wake(dv, wake);
			}
			return true;
		}
		pthread_mutex_unlock(&dv->state); /* for the worker */
		pthread_mutex_lock(&dv->lock);
	}
	if (notify && (dv->kicks & bit)) {
		/* one waits already: the worker reads the queue after this */
	} else if (dv->in_count == DAEMON_INBOX) {
		if (notify)
			dv->rescan = true;
		else
			ok = false;
	} else {
		dv->inbox[(dv->in_first + dv->in_count++) % DAEMON_INBOX] = *r;
		dv->kicks |= bit;
	}
	wake = ddev_wake_locked(dv);
	pthread_mutex_unlock(&dv->lock);
	ddev_wake(dv, wake);
	return ok;
}

void ddev_net_deliver(struct nswitch_port *p, const uint8_t *frame, size_t len)
{
	struct ddev *dv = p->ctx;
	bool wake;

	pthread_mutex_lock(&dv->lock);
	if (len > VNET_MAX_FRAME || dv->rx_count == VNET_RX_PENDING) {
		dv->rx_dropped++;
		pthread_mutex_unlock(&dv->lock);
		return;
	}
	memcpy(dv->rx[dv->rx_count].data, frame, len);
	dv->rx[dv->rx_count++].len = (uint16_t)len;
	wake = ddev_wake_locked(dv);
	pthread_mutex_unlock(&dv->lock);
	ddev_wake(dv, wake);
}

static void set_and_wake(struct ddev *dv, bool *flag, uint32_t *id,
			 uint32_t value)
{
	bool wake;

	pthread_mutex_lock(&dv->lock);
	if (flag)
		*flag = true;
	if (id)
		*id = value;
	wake = ddev_wake_locked(dv);
	pthread_mutex_unlock(&dv->lock);
	ddev_wake(dv, wake);
}

void ddev_bind(struct ddev *dv, uint32_t id)
{
	set_and_wake(dv, NULL, &dv->want_id, id);
}

void ddev_rescan(struct ddev *dv)
{
	set_and_wake(dv, &dv->rescan, NULL, 0);
}

void ddev_dump(struct ddev *dv)
{
	set_and_wake(dv, &dv->dump, NULL, 0);
}

static void reset_device(struct ddev *dv)
{
	vmmio_reset(dv->mmio);
	if (dv->mmio->ops->reset)
		dv->mmio->ops->reset(dv->mmio);
}

static void unmap_all(struct ddev *dv)
{
	const struct dcfg_cell *cc = dv->cell->cfg;
	unsigned int i;

	for (i = 0; i < cc->num_ram; i++) {
		if (dv->map[i])
			munmap(dv->map[i], cc->ram[i].size);
		dv->map[i] = NULL;
	}
	gmem_init(&dv->mem);
}

/*
 * Maps the rootshared RAM the cell's config names and checks, with the
 * mappings in place (they keep their owner from being destroyed), that it
 * is cell id's, at the config's guest-physical addresses, and that id
 * still runs under the configured name. 0, or -1 with the reason in why.
 */
static int map_cell(struct ddev *dv, uint32_t id, char *why, size_t size)
{
	const struct dcfg_cell *cc = dv->cell->cfg;
	struct hvisor_virtio_ram_args ra;
	struct hvisor_cell_info info;
	const struct dcfg_ram *r;
	int fd = dv->dm->fd, ret;
	unsigned int i;
	void *p;

	for (i = 0; i < cc->num_ram; i++) {
		r = &cc->ram[i];
		p = mmap(NULL, r->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 (off_t)r->phys);
		if (p == MAP_FAILED) {
			snprintf(why, size,
				 "cannot map its RAM 0x%llx-0x%llx: %s",
				 (unsigned long long)r->phys,
				 (unsigned long long)(r->phys + r->size - 1),
				 strerror(errno));
			return -1;
		}
		dv->map[i] = p;
		memset(&ra, 0, sizeof(ra));
		ra.pa = r->phys;
		ra.size = r->size;
		ret = device_ioctl(fd, HVISOR_IOCTL_VIRTIO_RAM_OWNER, &ra);
		if (ret || ra.cell != id || ra.gpa != r->gpa) {
			snprintf(
				why, size,
				"RAM 0x%llx-0x%llx is %s%u at 0x%llx, not its at 0x%llx (another cell took the name?)",
				(unsigned long long)r->phys,
				(unsigned long long)(r->phys + r->size - 1),
				ret ? "no cell's: " : "cell id ",
				ret ? 0 : ra.cell,
				(unsigned long long)(ret ? 0 : ra.gpa),
				(unsigned long long)r->gpa);
			return -1;
		}
		gmem_add(&dv->mem, r->gpa, r->size, p);
	}
	if (cell_get_info(fd, id, &info) || info.state != HVISOR_CELL_RUNNING ||
	    strncmp(info.name, cc->name, sizeof(info.name))) {
		snprintf(why, size, "it stopped while its RAM was mapped");
		return -1;
	}
	return 0;
}

/* Stops serving the cell it serves, then serves cell want (0: none). */
static void rebind(struct ddev *dv, uint32_t want)
{
	char why[256];

	if (dv->bound_id) {
		reset_device(dv);
		vmmio_saved_bind(dv->mmio, 0, dv->dm->ring->instance);
		unmap_all(dv);
		dv->bound_id = 0;
	}
	if (!want || want == dv->failed_id)
		return;
	if (map_cell(dv, want, why, sizeof(why))) {
		unmap_all(dv);
		dv->failed_id = want;
		dlog("%s: cell %s (id %u): %s: not served", dv->mmio->name,
		     dv->cell->cfg->name, want, why);
		return;
	}
	dv->bound_id = want;
	dv->failed_id = 0;
	if (vmmio_restore(dv->mmio, want, dv->dm->ring->instance)) {
		unsigned int q, again = 0;

		/* a daemon before us served it: go on where it stopped */
		for (q = 0; q < dv->mmio->num_queues; q++)
			again += virtq_replay_pending(&dv->mmio->vq[q]);
		dlog("%s: cell %s (id %u): resumed (status 0x%x), %u requests it had taken and not completed served again",
		     dv->mmio->name, dv->cell->cfg->name, want,
		     dv->mmio->status, again);
		dv->mmio->more = true; /* look at the queues at once */
		return;
	}
	reset_device(dv);
	vmmio_saved_bind(dv->mmio, want, dv->dm->ring->instance);
}

/* One request; what the bound cell did not send reads as all ones. */
static void serve(struct ddev *dv, const struct hvisor_request *r)
{
	uint64_t mask = r->width >= 8 ? ~0ull : (1ull << (8 * r->width)) - 1;
	uint64_t value = mask, off = r->address - dv->cfg->address;

	if (dv->bound_id && r->cell == dv->bound_id) {
		if (r->write)
			vmmio_write(dv->mmio, off, r->width, r->value & mask);
		else
			value = vmmio_read(dv->mmio, off, r->width) & mask;
	}
	if (r->blocking)
		daemon_complete(dv->dm, r, r->write ? 0 : value, dv);
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

/* SIGUSR1: one line for the device and one per ready queue. */
static void dump_state(struct ddev *dv)
{
	struct vmmio *d = dv->mmio;
	unsigned int q;

	dlog("%s: cell id %u, status 0x%x, %llu interrupts, %llu interrupt status/ack accesses forwarded, features 0x%llx%s",
	     d->name, dv->bound_id, d->status, (unsigned long long)d->irqs,
	     (unsigned long long)d->isr_accesses,
	     (unsigned long long)d->driver_features,
	     d->more ? ", more to do" : "");
	if (dv->blk)
		dlog("%s: %s I/O, %u requests in flight, at most %u, %llu requests, %llu completions in %llu batches, %llu requests at once, polled %llu times (%llu found work), %llu writes in %llu pieces, %llu writes in the thread (%llu calls in pieces)",
		     d->name, dv->blk->engine ? "io_uring" : "synchronous",
		     dv->blk->inflight,
		     dv->blk->max_inflight > d->vq[0].max_inflight ?
			     dv->blk->max_inflight :
			     d->vq[0].max_inflight,
		     (unsigned long long)dv->blk->requests,
		     (unsigned long long)dv->blk->completions,
		     (unsigned long long)dv->blk->completion_batches,
		     (unsigned long long)(dv->uring ? dv->uring->inline_done :
						      0),
		     (unsigned long long)dv->poll_windows,
		     (unsigned long long)dv->poll_hits,
		     (unsigned long long)(dv->uring ? dv->uring->split_writes :
						      0),
		     (unsigned long long)(dv->uring ? dv->uring->write_pieces :
						      0),
		     (unsigned long long)(dv->uring ? dv->uring->worker_writes :
						      0),
		     (unsigned long long)dv->blk->write_calls);
	if (dv->net)
		dlog("%s: port: %llu frames spoofed, %llu not taken", d->name,
		     (unsigned long long)dv->net->port.spoofed,
		     (unsigned long long)dv->rx_dropped);
	for (q = 0; q < d->num_queues; q++) {
		const struct virtq *v = &d->vq[q];
		uint16_t avail_event;

		if (!v->ready)
			continue;
		memcpy(&avail_event, &v->used->ring[v->num], 2);
		dlog("%s: queue %u: size %u, avail %u (taken %u, flags 0x%x, used event %u), used %u (avail event %u)%s",
		     d->name, q, v->num,
		     __atomic_load_n(&v->avail->idx, __ATOMIC_ACQUIRE),
		     v->last_avail, v->avail->flags, v->avail->ring[v->num],
		     v->used_idx, avail_event, v->broken ? ", broken" : "");
	}
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

/*
 * After work: looks at the queues and the completions without sleeping
 * (the driver is asked for no notifications meanwhile) until nothing
 * came for --poll-us, or a request waits in the inbox; then asks for
 * notifications again.
 */
static void poll_queues(struct ddev *dv)
{
	uint64_t span = dv->dm->opts.poll_us, t, end = now_us() + span;
	struct vmmio *d = dv->mmio;
	bool work;

	dv->poll_windows++;
	vmmio_polling(d, true);
	while ((t = now_us()) < end) {
		work = false;
		if (dv->uring && blk_uring_reap(dv->uring))
			work = true;
		if (vmmio_has_work(d)) {
			vmmio_poll(d);
			work = true;
		}
		if (work) {
			dv->poll_hits++;
			end = t + span;
		}
		if (__atomic_load_n(&dv->in_count, __ATOMIC_RELAXED) ||
		    __atomic_load_n(&dv->stop, __ATOMIC_RELAXED))
			break;
	}
	if (vmmio_polling(d, false))
		d->more = true;
}

/* How long the worker may sleep: until its next scan of the queues. */
static int sleep_ms(struct ddev *dv, uint64_t now)
{
	if (dv->mmio->more)
		return 0;
	if (now - dv->last_poll_ms >= DAEMON_POLL_MS)
		return 0;
	return (int)(DAEMON_POLL_MS - (now - dv->last_poll_ms));
}

void *ddev_worker(void *arg)
{
	struct ddev *dv = arg;
	uint32_t want;
	bool stop, dump, rescan, idle, work, con_rx;
	unsigned int i, n, nrx, nfds;
	struct pollfd fds[3];
	struct dframe *rx;
	uint64_t count, now;
	int timeout;

	blk_uring_worker_thread(true);
	dv->last_poll_ms = daemon_now_ms();
	for (;;) {
		nfds = 0;
		fds[nfds++] =
			(struct pollfd){ .fd = dv->efd, .events = POLLIN };
		if (dv->uring)
			fds[nfds++] =
				(struct pollfd){ .fd = blk_uring_fd(dv->uring),
						 .events = POLLIN };
		/*
		 * Console input is read only while the driver's receive queue
		 * is live: before that it waits in the pty, as on a serial
		 * line whose receiver is not ready.
		 */
		con_rx = false;
		if (dv->con && dv->fd >= 0) {
			pthread_mutex_lock(&dv->state);
			con_rx = vconsole_can_receive(dv->con);
			pthread_mutex_unlock(&dv->state);
		}
		if (con_rx)
			fds[nfds++] = (struct pollfd){ .fd = dv->fd,
						       .events = POLLIN };
		timeout = sleep_ms(dv, daemon_now_ms());
		pthread_mutex_lock(&dv->lock);
		idle = !dv->in_count && !dv->rx_count && !dv->stop &&
		       !dv->dump && !dv->rescan && dv->want_id == dv->seen_want;
		dv->sleeping = idle && timeout > 0;
		pthread_mutex_unlock(&dv->lock);
		if (poll(fds, nfds, idle ? timeout : 0) < 0 && errno != EINTR)
			dlog("%s: poll: %s", dv->mmio->name, strerror(errno));
		if (read(dv->efd, &count, sizeof(count)) < 0 && errno != EAGAIN)
			dlog("%s: eventfd: %s", dv->mmio->name,
			     strerror(errno));

		pthread_mutex_lock(&dv->state);
		pthread_mutex_lock(&dv->lock);
		dv->sleeping = false;
		n = dv->in_count;
		for (i = 0; i < n; i++)
			dv->work[i] =
				dv->inbox[(dv->in_first + i) % DAEMON_INBOX];
		dv->in_first = (dv->in_first + n) % DAEMON_INBOX;
		dv->in_count = 0;
		dv->kicks = 0;
		want = dv->want_id;
		stop = dv->stop;
		dump = dv->dump;
		rescan = dv->rescan;
		dv->dump = dv->rescan = false;
		rx = dv->rx;
		dv->rx = dv->rx_work;
		dv->rx_work = rx;
		nrx = dv->rx_count;
		dv->rx_count = 0;
		pthread_mutex_unlock(&dv->lock);

		if (stop)
			break;
		if (want != dv->seen_want) {
			dv->seen_want = want;
			if (want != dv->bound_id)
				rebind(dv, want);
		}
		work = n || nrx;
		if (dv->uring && blk_uring_reap(dv->uring))
			work = true;
		for (i = 0; i < n; i++)
			serve(dv, &dv->work[i]);
		for (i = 0; dv->net && i < nrx; i++)
			vnet_receive(dv->net, rx[i].data, rx[i].len);
		if (dv->con && nfds > 1 && (fds[1].revents & POLLIN))
			console_input(dv);
		now = daemon_now_ms();
		if (now - dv->last_poll_ms >= DAEMON_POLL_MS) {
			dv->last_poll_ms = now;
			rescan = true;
		}
		if (dv->bound_id && (rescan || dv->mmio->more)) {
			work = work || dv->mmio->more;
			vmmio_poll(dv->mmio);
		}
		if (work && dv->blk && dv->bound_id && dv->dm->opts.poll_us)
			poll_queues(dv);
		if (dump)
			dump_state(dv);
		pthread_mutex_unlock(&dv->state);
	}
	/* the saved state stays: a daemon started again resumes the device */
	dv->mmio->saved = NULL;
	if (dv->bound_id)
		reset_device(dv);
	unmap_all(dv);
	dv->bound_id = 0;
	pthread_mutex_unlock(&dv->state);
	return NULL;
}

/*
 * The longest write call to an image in RAM (0: a request in one call):
 * --piece-kib, else what blk_probe_piece() finds the root's kernel
 * needs, probed once.
 */
static size_t write_piece(struct daemon *dm)
{
	struct blk_probe pr;

	if (dm->opts.piece_kib >= 0)
		return (size_t)dm->opts.piece_kib << 10;
	if (dm->write_piece < 0) {
		dm->write_piece = (int)blk_probe_piece(&pr);
		dlog("images in RAM: each write %s (%u KiB in one call %llu us, in calls of %u KiB %llu us)",
		     dm->write_piece ? "in calls of at most 32 KiB" :
				       "in one call",
		     BLK_PROBE_LEN >> 10,
		     (unsigned long long)(pr.whole_ns / 1000),
		     BLK_PIECE_MAX >> 10,
		     (unsigned long long)(pr.pieces_ns / 1000));
	}
	return (size_t)dm->write_piece;
}

int daemon_workers_start(struct daemon *dm)
{
	unsigned int i;
	int err;

	for (i = 0; i < dm->num_devs; i++) {
		struct ddev *dv = &dm->devs[i];

		pthread_mutex_init(&dv->state, NULL);
		pthread_mutex_init(&dv->lock, NULL);
		dv->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (dv->efd < 0) {
			dlog("%s: eventfd: %s", dv->mmio->name,
			     strerror(errno));
			return -1;
		}
		/* in io_uring or synchronously, writes go in pieces alike */
		if (dv->blk &&
		    (dm->opts.piece_kib >= 0 || blk_in_memory(dv->blk->fd)))
			dv->blk->write_piece = write_piece(dm);
		if (dv->blk && !dm->opts.sync_io) {
			dv->uring = calloc(1, sizeof(*dv->uring));
			err = dv->uring ? blk_uring_init(dv->uring, dv->blk) :
					  -ENOMEM;
			if (err) {
				dlog("%s: io_uring: %s: serving its requests one at a time",
				     dv->mmio->name, strerror(-err));
				free(dv->uring);
				dv->uring = NULL;
			} else {
				if (dm->opts.queued_reads)
					dv->uring->inline_reads = false;
				if (dm->opts.queued_writes)
					dv->uring->inline_writes = false;
				if (dm->opts.ring_writes)
					dv->uring->big_writes_in_worker = false;
				dv->uring->piece_max = dv->blk->write_piece;
			}
		}
		if (!dv->net)
			continue;
		dv->rx = calloc(VNET_RX_PENDING, sizeof(*dv->rx));
		dv->rx_work = calloc(VNET_RX_PENDING, sizeof(*dv->rx));
		if (!dv->rx || !dv->rx_work) {
			dlog("out of memory");
			return -1;
		}
		/* frames for it now wait for its thread */
		dv->net->port.ctx = dv;
		dv->net->port.deliver = ddev_net_deliver;
	}
	for (i = 0; i < dm->num_devs; i++) {
		struct ddev *dv = &dm->devs[i];

		err = pthread_create(&dv->thread, NULL, ddev_worker, dv);
		if (err) {
			dlog("%s: cannot start its thread: %s", dv->mmio->name,
			     strerror(err));
			return -1;
		}
		dv->started = true;
	}
	return 0;
}

void daemon_workers_stop(struct daemon *dm)
{
	unsigned int i;

	for (i = 0; i < dm->num_devs; i++)
		if (dm->devs[i].started)
			set_and_wake(&dm->devs[i], &dm->devs[i].stop, NULL, 0);
	for (i = 0; i < dm->num_devs; i++) {
		struct ddev *dv = &dm->devs[i];

		if (dv->started)
			pthread_join(dv->thread, NULL);
		dv->started = false;
		if (dv->efd >= 0)
			close(dv->efd);
		dv->efd = -1;
		free(dv->rx);
		free(dv->rx_work);
		dv->rx = dv->rx_work = NULL;
		if (dv->uring)
			blk_uring_exit(dv->uring);
		free(dv->uring);
		dv->uring = NULL;
	}
}
