/* A virtio-mmio transport's state kept outside the daemon's process, so that a restarted daemon resumes the device. */
#include "vmmio.h"

#include <string.h>

void vmmio_save(struct vmmio *d)
{
	struct vmmio_saved *s = d->saved;
	unsigned int q;

	if (!s)
		return;
	s->driver_features = d->driver_features;
	s->device_features_sel = d->device_features_sel;
	s->driver_features_sel = d->driver_features_sel;
	s->queue_sel = d->queue_sel;
	s->status = d->status;
	s->shm_sel = d->shm_sel;
	s->ready = 0;
	for (q = 0; q < VMMIO_MAX_QUEUES; q++) {
		s->qregs[q] = d->qregs[q];
		if (d->vq[q].ready)
			s->ready |= 1u << q;
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

bool vmmio_restore(struct vmmio *d, uint32_t cell, uint64_t instance)
{
	struct vmmio_saved *s = d->saved;
	struct vmmio_queue *qr;
	unsigned int q;

	if (!s || s->magic != VMMIO_SAVED_MAGIC || s->cell != cell ||
	    s->instance != instance)
		return false;
	d->driver_features = s->driver_features;
	d->device_features_sel = s->device_features_sel;
	d->driver_features_sel = s->driver_features_sel;
	d->queue_sel = s->queue_sel;
	d->status = s->status;
	d->shm_sel = s->shm_sel;
	for (q = 0; q < VMMIO_MAX_QUEUES; q++) {
		qr = &d->qregs[q];
		*qr = s->qregs[q];
		virtq_reset(&d->vq[q]);
		if (!(s->ready & (1u << q)) || q >= d->num_queues)
			continue;
		if (virtq_setup(&d->vq[q], d->mem, qr->num, qr->desc,
				qr->driver, qr->device,
				d->driver_features &
					(1ull << VIRTIO_RING_F_EVENT_IDX),
				d->driver_features &
					(1ull << VIRTIO_RING_F_INDIRECT_DESC)))
			return false;
		/*
		 * The requests taken and not completed are served again
		 * (block reads and writes, frames sent, are idempotent);
		 * the guest's interrupt status, kept by the hypervisor, is
		 * untouched.
		 */
		if (virtq_resume(&d->vq[q], &s->track[q]))
			vmmio_fail(
				d,
				"queue %u: the saved state and the rings disagree",
				q);
	}
	return true;
}

void vmmio_saved_bind(struct vmmio *d, uint32_t cell, uint64_t instance)
{
	struct vmmio_saved *s = d->saved;

	if (!s)
		return;
	s->cell = 0; /* not valid while it changes */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	s->magic = VMMIO_SAVED_MAGIC;
	s->instance = instance;
	vmmio_save(d);
	s->cell = cell;
}
