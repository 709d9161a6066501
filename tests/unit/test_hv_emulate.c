/* Unit tests of the arm64 data-abort decoder that builds EmuContexts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <asm/emulate.h>

#define ISV (1UL << 24)
#define SAS(n) ((u64)(n) << 22)
#define SSE (1UL << 21)
#define SRT(n) ((u64)(n) << 16)
#define SF (1UL << 15)
#define WNR (1UL << 6)
#define S1PTW (1UL << 7)
#define DABT_LOW (0x24UL << 26 | 1UL << 25)

static u64 regs[31];

static void test_word_read(void **state)
{
	struct emu_context ctx;

	(void)state;
	/* ldr w1, [x0] at IPA 0x08000104 */
	assert_true(arm64_decode_dabt(DABT_LOW | ISV | SAS(2) | SRT(1),
				      0xffff000012345104UL, 0x80000 << 4, regs,
				      &ctx));
	assert_int_equal(ctx.address, 0x80000104);
	assert_int_equal(ctx.width, 4);
	assert_false(ctx.write);
	assert_int_equal(ctx.reg, 1);
	assert_int_equal(ctx.reg_width, 4);
	ctx.value = 0x1122334455667788UL;
	assert_int_equal(arm64_read_result(&ctx), 0x55667788);
}

static void test_byte_write_masks_value(void **state)
{
	struct emu_context ctx;

	(void)state;
	regs[2] = 0xabcdef42;
	assert_true(arm64_decode_dabt(DABT_LOW | ISV | SAS(0) | SRT(2) | WNR,
				      0x9000000, 0x9000 << 4, regs, &ctx));
	assert_true(ctx.write);
	assert_int_equal(ctx.width, 1);
	assert_int_equal(ctx.value, 0x42);
	assert_int_equal(ctx.address, 0x9000000);
}

static void test_xzr_write_is_zero(void **state)
{
	struct emu_context ctx;

	(void)state;
	assert_true(
		arm64_decode_dabt(DABT_LOW | ISV | SAS(3) | SRT(31) | SF | WNR,
				  0x0b000008, 0xb000 << 4, regs, &ctx));
	assert_int_equal(ctx.value, 0);
	assert_int_equal(ctx.width, 8);
}

static void test_sign_extension(void **state)
{
	struct emu_context ctx;

	(void)state;
	/* ldrsh x3: sign-extended into 64 bits */
	assert_true(
		arm64_decode_dabt(DABT_LOW | ISV | SAS(1) | SSE | SRT(3) | SF,
				  0x0b000000, 0xb000 << 4, regs, &ctx));
	ctx.value = 0x8001;
	assert_int_equal(arm64_read_result(&ctx), 0xffffffffffff8001UL);
	/* ldrsb w4: sign-extended into 32 bits only */
	assert_true(arm64_decode_dabt(DABT_LOW | ISV | SAS(0) | SSE | SRT(4),
				      0x0b000000, 0xb000 << 4, regs, &ctx));
	ctx.value = 0x80;
	assert_int_equal(arm64_read_result(&ctx), 0xffffff80UL);
	/* positive values are not extended */
	ctx.value = 0x7f;
	assert_int_equal(arm64_read_result(&ctx), 0x7f);
}

static void test_not_emulable(void **state)
{
	struct emu_context ctx;

	(void)state;
	/* no valid syndrome (e.g. ldp): cannot be emulated */
	assert_false(arm64_decode_dabt(DABT_LOW | SAS(2) | SRT(1), 0x1000,
				       0x1 << 4, regs, &ctx));
	/* fault on a stage-1 table walk */
	assert_false(arm64_decode_dabt(DABT_LOW | ISV | S1PTW | SAS(2), 0x1000,
				       0x1 << 4, regs, &ctx));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word_read),
		cmocka_unit_test(test_byte_write_masks_value),
		cmocka_unit_test(test_xzr_write_is_zero),
		cmocka_unit_test(test_sign_extension),
		cmocka_unit_test(test_not_emulable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
