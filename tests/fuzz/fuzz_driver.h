/* Fuzzing a virtio device: fuzz bytes become guest RAM contents and a driver's register accesses. */
#ifndef HVISOR_FUZZ_DRIVER_H
#define HVISOR_FUZZ_DRIVER_H

#include "test_daemon_guest.h"
#include "vmmio.h"

#include <stddef.h>
#include <stdint.h>

/* Where the queues are when the fuzz input asks for a driver bring-up. */
#define FZ_QUEUE_AREA 0x4000 /* bytes per queue: desc, then avail, used */
#define FZ_RAM_IMAGE (2 * FZ_QUEUE_AREA) /* RAM bytes the input can fill */
#define FZ_BUFFERS 0x10000 /* then a window for buffers of well-formed chains */
#define FZ_MAX_DEVS 2

/* The input as it is consumed. */
struct fz_input {
	const uint8_t *data;
	size_t size;
};

uint8_t fz_u8(struct fz_input *in);
uint16_t fz_u16(struct fz_input *in);
uint32_t fz_u32(struct fz_input *in);
uint64_t fz_u64(struct fz_input *in);
/* Up to max bytes of the input; *len gets how many. */
const uint8_t *fz_bytes(struct fz_input *in, size_t max, size_t *len);

/*
 * The device-specific operation: the input's op 7 calls it with the device
 * index and the input to take its arguments from.
 */
typedef void (*fz_extra_fn)(unsigned int dev, struct fz_input *in);

/*
 * Runs the input against devs[0..n) (n <= FZ_MAX_DEVS): first a RAM image
 * (2 bytes of length, then up to FZ_RAM_IMAGE bytes copied to the start of
 * g's RAM), then operations until the input ends: register reads and writes
 * of any width and offset, notifications, driver bring-ups with the queues
 * in the RAM image, RAM pokes, resets, polls, descriptors and avail entries
 * written as a driver does (buffers in the FZ_BUFFERS window after the
 * image), buffer contents, event index fields, and the device-specific
 * operation.
 */
void fz_run(struct fguest *g, struct vmmio *const *devs, unsigned int n,
	    struct fz_input *in, fz_extra_fn extra);

#endif
