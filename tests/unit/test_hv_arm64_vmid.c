/* Unit tests of the arm64 VMID allocator: live cells never share a VMID, however many have come and gone. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <asm/vmid.h>

static void test_root_is_zero(void **state)
{
	struct vmid_map m;
	unsigned int v;

	(void)state;
	vmid_map_init(&m);
	assert_true(vmid_used(&m, 0));
	for (v = 1; v < VMID_COUNT; v++)
		assert_false(vmid_used(&m, v));
	assert_false(vmid_used(&m, VMID_COUNT));
	vmid_free(&m, 0); /* the root's is never given away */
	assert_true(vmid_used(&m, 0));
	assert_int_equal(vmid_alloc(&m), 1);
}

static void test_lowest_free(void **state)
{
	struct vmid_map m;

	(void)state;
	vmid_map_init(&m);
	assert_int_equal(vmid_alloc(&m), 1);
	assert_int_equal(vmid_alloc(&m), 2);
	assert_int_equal(vmid_alloc(&m), 3);
	vmid_free(&m, 2);
	assert_false(vmid_used(&m, 2));
	assert_int_equal(vmid_alloc(&m), 2);
	assert_int_equal(vmid_alloc(&m), 4);
	vmid_free(&m, 1);
	vmid_free(&m, 1); /* twice: harmless */
	vmid_free(&m, 1000); /* out of range: ignored */
	assert_int_equal(vmid_alloc(&m), 1);
}

static void test_exhaustion(void **state)
{
	struct vmid_map m;
	unsigned int v;

	(void)state;
	vmid_map_init(&m);
	for (v = 1; v < VMID_COUNT; v++)
		assert_int_equal(vmid_alloc(&m), v);
	assert_int_equal(vmid_alloc(&m),
			 0); /* none left: refused, not aliased */
	vmid_free(&m, 200);
	assert_int_equal(vmid_alloc(&m), 200);
	assert_int_equal(vmid_alloc(&m), 0);
}

/*
 * Issue 9: ids grow with every cell, VMIDs must not. 1000 create/destroy
 * rounds of up to 8 live cells in a varying order: each new cell gets a
 * VMID no live cell has, never 0, and the VMIDs stay small.
 */
static void test_many_cycles(void **state)
{
	struct vmid_map m;
	unsigned int live[8] = { 0 }, round, n, seed = 1;

	(void)state;
	vmid_map_init(&m);
	for (round = 0; round < 1000; round++) {
		unsigned int slot, v;

		seed = seed * 1103515245 + 12345;
		slot = (seed >> 16) % 8;
		if (live[slot]) {
			vmid_free(&m, live[slot]);
			live[slot] = 0;
			continue;
		}
		v = vmid_alloc(&m);
		assert_in_range(v, 1, 8);
		for (n = 0; n < 8; n++)
			assert_int_not_equal(live[n], v);
		live[slot] = v;
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_is_zero),
		cmocka_unit_test(test_lowest_free),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_many_cycles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
