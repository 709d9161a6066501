/* virtio-console: guest output to a pipe, input into receive buffers, malformed chains. */
#include "dlog.h"
#include "test_daemon_guest.h"
#include "vconsole.h"

#include <fcntl.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_mmio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#define F_NEXT VRING_DESC_F_NEXT
#define F_WRITE VRING_DESC_F_WRITE
#define OK_STATUS                                               \
	(VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER | \
	 VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK)

struct fixture {
	struct fguest g;
	struct fqueue q[2];
	struct vconsole c;
	int pipe_out[2], pipe_log[2];
	uint64_t buf;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	dlog_quiet = true;
	fg_init(&f->g);
	if (pipe2(f->pipe_out, O_NONBLOCK) || pipe2(f->pipe_log, O_NONBLOCK))
		return -1;
	vconsole_init(&f->c, "virtio-console test", &f->g.mem, f->pipe_out[1],
		      f->pipe_log[1]);
	f->c.dev.irq = fg_irq;
	f->c.dev.irq_ctx = &f->g;
	fq_init(&f->q[0], &f->g, 8);
	fq_init(&f->q[1], &f->g, 8);
	f->buf = fg_alloc(&f->g, 8 * 256, 16);
	assert_int_equal(fg_driver_init(&f->c.dev, f->q, 2, ~0ull), OK_STATUS);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	close(f->pipe_out[0]);
	close(f->pipe_out[1]);
	close(f->pipe_log[0]);
	close(f->pipe_log[1]);
	fg_free(&f->g);
	free(f);
	return 0;
}

static void test_output(void **state)
{
	struct fixture *f = *state;
	char got[64];
	uint32_t id, len;

	assert_int_equal(vmmio_read(&f->c.dev, VIRTIO_MMIO_DEVICE_ID, 4),
			 VIRTIO_ID_CONSOLE);
	memcpy(fg_ptr(&f->g, f->buf), "hello, ", 7);
	memcpy(fg_ptr(&f->g, f->buf + 256), "world\n", 6);
	fq_desc(&f->q[1], 0, f->buf, 7, F_NEXT, 1);
	fq_desc(&f->q[1], 1, f->buf + 256, 6, 0, 0);
	fq_push_avail(&f->q[1], 0);
	vmmio_write(&f->c.dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
	assert_true(fq_pop_used(&f->q[1], &id, &len));
	assert_int_equal(len, 0);
	memset(got, 0, sizeof(got));
	assert_int_equal(read(f->pipe_out[0], got, sizeof(got)), 13);
	assert_string_equal(got, "hello, world\n");
	memset(got, 0, sizeof(got));
	assert_int_equal(read(f->pipe_log[0], got, sizeof(got)), 13);
	assert_string_equal(got, "hello, world\n");
	assert_int_equal(f->c.out_bytes, 13);
	/* A full pipe drops output, it does not block. */
	for (id = 0; id < 100; id++) {
		fq_desc(&f->q[1], 0, FG_RAM_GPA, 0x10000, 0, 0);
		fq_push_avail(&f->q[1], 0);
		vmmio_write(&f->c.dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
	}
	assert_true(f->c.out_dropped > 0);
}

static void test_input(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;
	unsigned int irqs = f->g.irqs;

	/* Input before buffers waits. */
	assert_int_equal(vconsole_input(&f->c, (const uint8_t *)"ls -l\n", 6),
			 6);
	assert_int_equal(f->c.in_len, 6);
	fq_desc(&f->q[0], 2, f->buf, 4, F_WRITE, 0);
	fq_desc(&f->q[0], 3, f->buf + 256, 64, F_WRITE, 0);
	fq_push_avail(&f->q[0], 2);
	fq_push_avail(&f->q[0], 3);
	vmmio_write(&f->c.dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 0);
	assert_true(fq_pop_used(&f->q[0], &id, &len));
	assert_int_equal(id, 2);
	assert_int_equal(len, 4);
	assert_memory_equal(fg_ptr(&f->g, f->buf), "ls -", 4);
	assert_true(fq_pop_used(&f->q[0], &id, &len));
	assert_int_equal(id, 3);
	assert_int_equal(len, 2);
	assert_memory_equal(fg_ptr(&f->g, f->buf + 256), "l\n", 2);
	assert_int_equal(f->c.in_len, 0);
	assert_true(f->g.irqs > irqs);
	/* The input buffer is bounded. */
	{
		static uint8_t big[VCONSOLE_IN_BUF + 100];

		assert_int_equal(vconsole_input(&f->c, big, sizeof(big)),
				 VCONSOLE_IN_BUF);
		assert_int_equal(vconsole_input_room(&f->c), 0);
	}
}

static void test_bad_chains(void **state)
{
	struct fixture *f = *state;
	uint32_t id, len;

	/* A device-readable receive buffer is given back empty. */
	fq_desc(&f->q[0], 0, f->buf, 16, 0, 0);
	fq_push_avail(&f->q[0], 0);
	vconsole_input(&f->c, (const uint8_t *)"x", 1);
	assert_true(fq_pop_used(&f->q[0], &id, &len));
	assert_int_equal(len, 0);
	assert_int_equal(f->c.in_len, 1);
	/* Output from outside the RAM: dropped. */
	fq_desc(&f->q[1], 0, 0x10, 16, 0, 0);
	fq_push_avail(&f->q[1], 0);
	vmmio_write(&f->c.dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
	assert_true(fq_pop_used(&f->q[1], &id, &len));
	assert_int_equal(f->c.out_bytes, 0);
	/* A corrupt avail ring: needs reset, and then nothing is taken. */
	fq_push_avail(&f->q[1], 200);
	vmmio_write(&f->c.dev, VIRTIO_MMIO_QUEUE_NOTIFY, 4, 1);
	assert_true(vmmio_read(&f->c.dev, VIRTIO_MMIO_STATUS, 4) &
		    VIRTIO_CONFIG_S_NEEDS_RESET);
	fq_desc(&f->q[1], 0, f->buf, 16, 0, 0);
	fq_push_avail(&f->q[1], 0);
	vmmio_poll(&f->c.dev);
	assert_false(fq_pop_used(&f->q[1], &id, &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_output, setup, teardown),
		cmocka_unit_test_setup_teardown(test_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_chains, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
