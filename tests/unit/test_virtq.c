/* The virtqueue walker against hostile rings: chains, indirect tables, loops, ranges, event index. */
#include "dlog.h"
#include "gmem.h"
#include "test_daemon_guest.h"
#include "virtq.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define F_NEXT VRING_DESC_F_NEXT
#define F_WRITE VRING_DESC_F_WRITE
#define F_INDIRECT VRING_DESC_F_INDIRECT
#define RAM_END (FG_RAM_GPA + FG_RAM_SIZE)

struct fixture {
	struct fguest g;
	struct fqueue fq;
	struct virtq q;
	struct vq_chain c;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	dlog_quiet = true;
	fg_init(&f->g);
	fq_init(&f->fq, &f->g, 8);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fg_free(&f->g);
	free(f);
	return 0;
}

static void ready(struct fixture *f, bool event_idx, bool indirect)
{
	assert_int_equal(virtq_setup(&f->q, &f->g.mem, f->fq.num, f->fq.desc,
				     f->fq.avail, f->fq.used, event_idx,
				     indirect),
			 0);
}

/* Pops the only chain made available; returns its error. */
static enum vq_error pop_one(struct fixture *f, uint16_t head)
{
	fq_push_avail(&f->fq, head);
	assert_int_equal(virtq_pop(&f->q, &f->c), 1);
	assert_int_equal(f->c.head, head);
	return f->c.err;
}

static void test_gmem(void **state)
{
	uint8_t a[64], b[64];
	struct gmem m;
	uint64_t chunk;

	(void)state;
	gmem_init(&m);
	assert_int_equal(gmem_add(&m, 0x1000, 64, a), 0);
	assert_int_equal(gmem_add(&m, 0x1040, 64, b), 0);
	assert_int_equal(gmem_add(&m, 0x1020, 8, a), -EINVAL); /* overlap */
	assert_int_equal(gmem_add(&m, ~0ull - 8, 64, a), -EINVAL); /* wraps */
	assert_int_equal(gmem_add(&m, 0x5000, 0, a), -EINVAL);
	assert_ptr_equal(gmem_ptr(&m, 0x1000, 64), a);
	assert_ptr_equal(gmem_ptr(&m, 0x103f, 1), a + 63);
	assert_null(gmem_ptr(&m, 0x1000, 65)); /* spans two ranges */
	assert_null(gmem_ptr(&m, 0xfff, 1));
	assert_null(gmem_ptr(&m, 0x1080, 1));
	assert_null(gmem_ptr(&m, 0x1001, ~0ull)); /* length overflows */
	assert_ptr_equal(gmem_chunk(&m, 0x1030, 0x40, &chunk), a + 0x30);
	assert_int_equal(chunk, 0x10);
	assert_null(gmem_chunk(&m, 0x2000, 1, &chunk));
}

static void test_setup_checks(void **state)
{
	struct fixture *f = *state;
	struct fqueue *fq = &f->fq;

	assert_int_equal(virtq_setup(&f->q, &f->g.mem, 0, fq->desc, fq->avail,
				     fq->used, false, false),
			 -EINVAL);
	assert_int_equal(virtq_setup(&f->q, &f->g.mem, VQ_MAX_SIZE + 1,
				     fq->desc, fq->avail, fq->used, false,
				     false),
			 -EINVAL);
	assert_int_equal(virtq_setup(&f->q, &f->g.mem, 8, fq->desc + 8,
				     fq->avail, fq->used, false, false),
			 -EINVAL);
	assert_int_equal(virtq_setup(&f->q, &f->g.mem, 8, fq->desc,
				     fq->avail + 1, fq->used, false, false),
			 -EINVAL);
	assert_int_equal(virtq_setup(&f->q, &f->g.mem, 8, fq->desc, fq->avail,
				     fq->used + 2, false, false),
			 -EINVAL);
	/* The used ring would end past the RAM. */
	assert_int_equal(virtq_setup(&f->q, &f->g.mem, 8, fq->desc, fq->avail,
				     RAM_END - 64, false, false),
			 -EFAULT);
	assert_int_equal(virtq_setup(&f->q, &f->g.mem, 8, 0x1000, fq->avail,
				     fq->used, false, false),
			 -EFAULT);
	assert_false(f->q.ready);
	assert_int_equal(virtq_pop(&f->q, &f->c), 0);
	ready(f, false, false);
	assert_true(f->q.ready);
}

static void test_good_chain(void **state)
{
	struct fixture *f = *state;
	uint64_t hdr = fg_alloc(&f->g, 16, 8);
	uint64_t data = fg_alloc(&f->g, 512, 8);
	uint64_t st = fg_alloc(&f->g, 1, 1);
	uint32_t id, len;

	ready(f, false, false);
	assert_int_equal(virtq_pop(&f->q, &f->c), 0);
	fq_desc(&f->fq, 3, hdr, 16, F_NEXT, 5);
	fq_desc(&f->fq, 5, data, 512, F_NEXT | F_WRITE, 0);
	fq_desc(&f->fq, 0, st, 1, F_WRITE, 0);
	assert_int_equal(pop_one(f, 3), VQ_OK);
	assert_int_equal(f->c.num_out, 1);
	assert_int_equal(f->c.num_in, 2);
	assert_int_equal(f->c.out_len, 16);
	assert_int_equal(f->c.in_len, 513);
	assert_ptr_equal(f->c.iov[0].iov_base, fg_ptr(&f->g, hdr));
	assert_ptr_equal(f->c.iov[1].iov_base, fg_ptr(&f->g, data));
	assert_ptr_equal(f->c.iov[2].iov_base, fg_ptr(&f->g, st));
	assert_int_equal(virtq_pop(&f->q, &f->c), 0);
	/* Used ring. */
	virtq_push(&f->q, 3, 513);
	assert_int_equal(fq_used_idx(&f->fq), 1);
	assert_true(fq_pop_used(&f->fq, &id, &len));
	assert_int_equal(id, 3);
	assert_int_equal(len, 513);
	/* Zero-length buffers add nothing. */
	fq_desc(&f->fq, 1, hdr, 0, F_NEXT, 2);
	fq_desc(&f->fq, 2, st, 1, F_WRITE, 0);
	assert_int_equal(pop_one(f, 1), VQ_OK);
	assert_int_equal(f->c.num_out, 0);
	assert_int_equal(f->c.num_in, 1);
}

static void test_chain_copy(void **state)
{
	struct fixture *f = *state;
	uint64_t a = fg_alloc(&f->g, 3, 1), b = fg_alloc(&f->g, 5, 1);
	uint64_t w1 = fg_alloc(&f->g, 4, 1), w2 = fg_alloc(&f->g, 4, 1);
	struct iovec io[4];
	char buf[16];

	ready(f, false, false);
	memcpy(fg_ptr(&f->g, a), "abc", 3);
	memcpy(fg_ptr(&f->g, b), "defgh", 5);
	fq_desc(&f->fq, 0, a, 3, F_NEXT, 1);
	fq_desc(&f->fq, 1, b, 5, F_NEXT, 2);
	fq_desc(&f->fq, 2, w1, 4, F_NEXT | F_WRITE, 3);
	fq_desc(&f->fq, 3, w2, 4, F_WRITE, 0);
	assert_int_equal(pop_one(f, 0), VQ_OK);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(vq_chain_read(&f->c, 2, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "cdefgh");
	assert_int_equal(vq_chain_write(&f->c, 2, "WXYZ!!!", 7), 6);
	assert_memory_equal(fg_ptr(&f->g, w1), "\0\0WX", 4);
	assert_memory_equal(fg_ptr(&f->g, w2), "YZ!!", 4);
	assert_int_equal(vq_chain_slice(&f->c, false, 1, 4, io, 4), 2);
	assert_ptr_equal(io[0].iov_base, fg_ptr(&f->g, a + 1));
	assert_int_equal(io[0].iov_len, 2);
	assert_int_equal(io[1].iov_len, 2);
	assert_int_equal(vq_chain_slice(&f->c, true, 0, 9, io, 4), -1);
	assert_int_equal(vq_chain_slice(&f->c, true, 0, 8, io, 1), -1);
}

static void test_indirect(void **state)
{
	struct fixture *f = *state;
	uint64_t table = fg_alloc(&f->g, 4 * 16, 16);
	uint64_t buf = fg_alloc(&f->g, 64, 8);

	ready(f, false, true);
	fg_indirect_desc(&f->g, table, 0, buf, 16, F_NEXT, 2);
	fg_indirect_desc(&f->g, table, 2, buf + 16, 32, F_NEXT | F_WRITE, 3);
	fg_indirect_desc(&f->g, table, 3, buf + 48, 1, F_WRITE, 0);
	fq_desc(&f->fq, 4, table, 4 * 16, F_INDIRECT, 0);
	assert_int_equal(pop_one(f, 4), VQ_OK);
	assert_int_equal(f->c.num_out, 1);
	assert_int_equal(f->c.num_in, 2);
	assert_int_equal(f->c.in_len, 33);
	/* Not negotiated. */
	ready(f, false, false);
	f->fq.avail_idx = 0;
	assert_int_equal(pop_one(f, 4), VQ_ERR_INDIRECT);
	ready(f, false, true);
	f->fq.avail_idx = 0;
	/* Indirect with NEXT set. */
	fq_desc(&f->fq, 4, table, 4 * 16, F_INDIRECT | F_NEXT, 0);
	assert_int_equal(pop_one(f, 4), VQ_ERR_INDIRECT);
	/* Length not a multiple of 16, zero, too large. */
	fq_desc(&f->fq, 4, table, 40, F_INDIRECT, 0);
	assert_int_equal(pop_one(f, 4), VQ_ERR_INDIRECT);
	fq_desc(&f->fq, 4, table, 0, F_INDIRECT, 0);
	assert_int_equal(pop_one(f, 4), VQ_ERR_INDIRECT);
	fq_desc(&f->fq, 4, table, (VQ_MAX_INDIRECT + 1) * 16, F_INDIRECT, 0);
	assert_int_equal(pop_one(f, 4), VQ_ERR_INDIRECT);
	/* Table outside the RAM, or running past its end. */
	fq_desc(&f->fq, 4, 0x1000, 64, F_INDIRECT, 0);
	assert_int_equal(pop_one(f, 4), VQ_ERR_RANGE);
	fq_desc(&f->fq, 4, RAM_END - 32, 64, F_INDIRECT, 0);
	assert_int_equal(pop_one(f, 4), VQ_ERR_RANGE);
	/* Nested indirect. */
	fg_indirect_desc(&f->g, table, 0, table, 64, F_INDIRECT, 0);
	fq_desc(&f->fq, 4, table, 4 * 16, F_INDIRECT, 0);
	assert_int_equal(pop_one(f, 4), VQ_ERR_NESTED);
	/* A loop inside the table, and a next past its end. */
	fg_indirect_desc(&f->g, table, 0, buf, 16, F_NEXT, 1);
	fg_indirect_desc(&f->g, table, 1, buf, 16, F_NEXT, 0);
	assert_int_equal(pop_one(f, 4), VQ_ERR_LOOP);
	fg_indirect_desc(&f->g, table, 1, buf, 16, F_NEXT, 4);
	assert_int_equal(pop_one(f, 4), VQ_ERR_INDEX);
}

static void test_loops_and_indexes(void **state)
{
	struct fixture *f = *state;
	uint64_t buf = fg_alloc(&f->g, 16, 8);
	unsigned int i;

	ready(f, false, false);
	/* Self loop. */
	fq_desc(&f->fq, 2, buf, 16, F_NEXT, 2);
	assert_int_equal(pop_one(f, 2), VQ_ERR_LOOP);
	/* A loop of empty buffers adds nothing: only the count stops it. */
	fq_desc(&f->fq, 2, buf, 0, F_NEXT, 2);
	assert_int_equal(pop_one(f, 2), VQ_ERR_LOOP);
	/* 0 -> 1 -> 0. */
	fq_desc(&f->fq, 0, buf, 16, F_NEXT, 1);
	fq_desc(&f->fq, 1, buf, 16, F_NEXT, 0);
	assert_int_equal(pop_one(f, 0), VQ_ERR_LOOP);
	/* A chain through all 8 descriptors is fine, a ninth link is not. */
	for (i = 0; i < 7; i++)
		fq_desc(&f->fq, i, buf, 16, F_NEXT, (uint16_t)(i + 1));
	fq_desc(&f->fq, 7, buf, 16, 0, 0);
	assert_int_equal(pop_one(f, 0), VQ_OK);
	assert_int_equal(f->c.num_out, 8);
	fq_desc(&f->fq, 7, buf, 16, F_NEXT, 3);
	assert_int_equal(pop_one(f, 0), VQ_ERR_LOOP);
	/* Next index at or above the queue size. */
	fq_desc(&f->fq, 6, buf, 16, F_NEXT, 8);
	assert_int_equal(pop_one(f, 6), VQ_ERR_INDEX);
	fq_desc(&f->fq, 6, buf, 16, F_NEXT, 0xffff);
	assert_int_equal(pop_one(f, 6), VQ_ERR_INDEX);
	/* The queue still works. */
	fq_desc(&f->fq, 6, buf, 16, 0, 0);
	assert_int_equal(pop_one(f, 6), VQ_OK);
}

static void test_bad_head(void **state)
{
	struct fixture *f = *state;
	uint64_t buf = fg_alloc(&f->g, 16, 8);

	ready(f, false, false);
	fq_desc(&f->fq, 0, buf, 16, 0, 0);
	fq_push_avail(&f->fq, 8); /* head out of range */
	assert_int_equal(virtq_pop(&f->q, &f->c), -1);
	assert_true(f->q.broken);
	fq_push_avail(&f->fq, 0);
	assert_int_equal(virtq_pop(&f->q, &f->c), -1);
}

static void test_avail_jump(void **state)
{
	struct fixture *f = *state;
	struct vring_avail *a;

	ready(f, false, false);
	a = fg_ptr(&f->g, f->fq.avail);
	a->idx = 9; /* 9 entries ahead in a queue of 8 */
	assert_int_equal(virtq_pop(&f->q, &f->c), -1);
	assert_true(f->q.broken);
	/* Exactly num ahead is allowed. */
	ready(f, false, false);
	a->idx = 8;
	assert_int_equal(virtq_pop(&f->q, &f->c), 1);
}

static void test_direction(void **state)
{
	struct fixture *f = *state;
	uint64_t buf = fg_alloc(&f->g, 16, 8);

	ready(f, false, false);
	fq_desc(&f->fq, 0, buf, 8, F_WRITE | F_NEXT, 1);
	fq_desc(&f->fq, 1, buf, 8, F_NEXT, 2);
	fq_desc(&f->fq, 2, buf, 1, F_WRITE, 0);
	assert_int_equal(pop_one(f, 0), VQ_ERR_ORDER);
	/* Also after a zero-length writable one. */
	fq_desc(&f->fq, 0, buf, 0, F_WRITE | F_NEXT, 1);
	assert_int_equal(pop_one(f, 0), VQ_ERR_ORDER);
}

static void test_ranges(void **state)
{
	struct fixture *f = *state;
	uint64_t buf = fg_alloc(&f->g, 16, 8);
	static const struct {
		uint64_t addr;
		uint32_t len;
	} bad[] = {
		{ 0, 16 },
		{ FG_RAM_GPA - 1, 2 },
		{ RAM_END - 8, 9 },
		{ RAM_END, 1 },
		{ 0xfffffffffffffff0ull, 0x20 }, /* wraps around 2^64 */
		{ 0xffffffffffffffffull, 1 },
		{ FG_RAM_GPA, FG_RAM_SIZE + 1 },
	};
	unsigned int i;

	ready(f, false, false);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fq_desc(&f->fq, 0, buf, 16, F_NEXT, 1);
		fq_desc(&f->fq, 1, bad[i].addr, bad[i].len, F_WRITE, 0);
		assert_int_equal(pop_one(f, 0), VQ_ERR_RANGE);
		fq_desc(&f->fq, 0, bad[i].addr, bad[i].len, 0, 0);
		assert_int_equal(pop_one(f, 0), VQ_ERR_RANGE);
	}
	/* A huge length is refused before any range is looked at. */
	fq_desc(&f->fq, 0, FG_RAM_GPA, 0xffffffffu, 0, 0);
	assert_int_equal(pop_one(f, 0), VQ_ERR_TOO_LONG);
	/* The last byte of the RAM is fine. */
	fq_desc(&f->fq, 0, RAM_END - 1, 1, 0, 0);
	assert_int_equal(pop_one(f, 0), VQ_OK);
}

/* A buffer over two adjacent ranges is split; over a hole it is refused. */
static void test_split_ranges(void **state)
{
	struct fixture *f = *state;
	uint8_t *other = calloc(1, 0x1000);
	struct gmem mem = f->g.mem;

	assert_non_null(other);
	assert_int_equal(gmem_add(&mem, RAM_END, 0x1000, other), 0);
	assert_int_equal(virtq_setup(&f->q, &mem, f->fq.num, f->fq.desc,
				     f->fq.avail, f->fq.used, false, false),
			 0);
	fq_desc(&f->fq, 0, RAM_END - 16, 32, 0, 0);
	assert_int_equal(pop_one(f, 0), VQ_OK);
	assert_int_equal(f->c.num_out, 2);
	assert_ptr_equal(f->c.iov[0].iov_base, fg_ptr(&f->g, RAM_END - 16));
	assert_int_equal(f->c.iov[0].iov_len, 16);
	assert_ptr_equal(f->c.iov[1].iov_base, other);
	assert_int_equal(f->c.iov[1].iov_len, 16);
	fq_desc(&f->fq, 0, RAM_END + 0x1000 - 16, 32, 0, 0);
	assert_int_equal(pop_one(f, 0), VQ_ERR_RANGE);
	free(other);
}

static void test_too_long(void **state)
{
	struct fixture *f = *state;
	uint64_t buf = FG_RAM_GPA; /* 1 MiB, referenced over and over */
	unsigned int i, n = VQ_MAX_TOTAL / FG_RAM_SIZE;

	fq_init(&f->fq, &f->g, 64);
	ready(f, false, false);
	for (i = 0; i < n; i++)
		fq_desc(&f->fq, i, buf, FG_RAM_SIZE, F_NEXT, (uint16_t)(i + 1));
	fq_desc(&f->fq, n, buf, 0, 0, 0);
	assert_int_equal(pop_one(f, 0), VQ_OK); /* exactly the limit */
	fq_desc(&f->fq, n, buf, 1, 0, 0);
	assert_int_equal(pop_one(f, 0), VQ_ERR_TOO_LONG);
	/* The limit is per direction. */
	fq_desc(&f->fq, n, buf, 1, F_WRITE, 0);
	assert_int_equal(pop_one(f, 0), VQ_OK);
}

static void test_event_idx(void **state)
{
	struct fixture *f = *state;
	uint64_t buf = fg_alloc(&f->g, 16, 8);
	unsigned int i;

	ready(f, true, false);
	for (i = 0; i < 8; i++)
		fq_desc(&f->fq, i, buf, 16, 0, 0);
	/* An empty queue asks to be notified of the next entry. */
	assert_int_equal(virtq_pop(&f->q, &f->c), 0);
	assert_int_equal(fq_avail_event(&f->fq), 0);
	fq_push_avail(&f->fq, 0);
	fq_push_avail(&f->fq, 1);
	assert_int_equal(virtq_pop(&f->q, &f->c), 1);
	assert_int_equal(virtq_pop(&f->q, &f->c), 1);
	assert_int_equal(virtq_pop(&f->q, &f->c), 0);
	assert_int_equal(fq_avail_event(&f->fq), 2);
	/* The first interrupt always goes. */
	fq_set_used_event(&f->fq, 0);
	virtq_push(&f->q, 0, 0);
	assert_true(virtq_should_notify(&f->q));
	/* used_event 0 was passed: no interrupt for entry 1. */
	virtq_push(&f->q, 1, 0);
	assert_false(virtq_should_notify(&f->q));
	/* The driver wants one when entry 2 (index 2 -> 3) is used. */
	fq_set_used_event(&f->fq, 2);
	virtq_push(&f->q, 0, 0);
	assert_true(virtq_should_notify(&f->q));
	/* Far ahead: none until the index reaches it. */
	fq_set_used_event(&f->fq, 5);
	virtq_push(&f->q, 0, 0); /* 4 */
	assert_false(virtq_should_notify(&f->q));
	virtq_push(&f->q, 0, 0); /* 5 */
	assert_false(virtq_should_notify(&f->q));
	virtq_push(&f->q, 0, 0); /* 6: entry 5 was used */
	assert_true(virtq_should_notify(&f->q));
	/* Without event index the NO_INTERRUPT flag decides. */
	ready(f, false, false);
	virtq_push(&f->q, 0, 0);
	assert_true(virtq_should_notify(&f->q));
	fq_set_avail_flags(&f->fq, VRING_AVAIL_F_NO_INTERRUPT);
	virtq_push(&f->q, 0, 0);
	assert_false(virtq_should_notify(&f->q));
}

static void test_unpop(void **state)
{
	struct fixture *f = *state;
	uint64_t buf = fg_alloc(&f->g, 16, 8);

	ready(f, false, false);
	fq_desc(&f->fq, 5, buf, 16, F_WRITE, 0);
	fq_push_avail(&f->fq, 5);
	assert_int_equal(virtq_pop(&f->q, &f->c), 1);
	virtq_unpop(&f->q);
	assert_int_equal(virtq_pop(&f->q, &f->c), 1);
	assert_int_equal(f->c.head, 5);
	assert_int_equal(virtq_pop(&f->q, &f->c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gmem),
		cmocka_unit_test_setup_teardown(test_setup_checks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_good_chain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_chain_copy, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_indirect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loops_and_indexes, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_head, setup, teardown),
		cmocka_unit_test_setup_teardown(test_avail_jump, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_direction, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_split_ranges, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_too_long, setup, teardown),
		cmocka_unit_test_setup_teardown(test_event_idx, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unpop, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
