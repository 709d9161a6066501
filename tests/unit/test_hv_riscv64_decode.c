/* Unit tests of the riscv64 decoder of trapped guest loads and stores: every encoding, widths, signs, registers, htinst, refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <asm/decode.h>

/* Encoders (immediate 0) for sweeping fields; fixed words below are GNU as'. */
static u32 load32(unsigned int funct3, unsigned int rd, unsigned int rs1)
{
	return (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x03;
}

static u32 store32(unsigned int funct3, unsigned int rs2, unsigned int rs1)
{
	return (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | 0x23;
}

/* Quadrant 0: funct3, rs1' and rd'/rs2' (0-7 for x8-x15). */
static u32 cq0(unsigned int funct3, unsigned int rs1p, unsigned int rp)
{
	return (funct3 << 13) | (rs1p << 7) | (rp << 2);
}

static u32 c_lwsp(unsigned int rd)
{
	return (2 << 13) | (rd << 7) | 2;
}

static u32 c_ldsp(unsigned int rd)
{
	return (3 << 13) | (rd << 7) | 2;
}

static u32 c_swsp(unsigned int rs2)
{
	return (6 << 13) | (rs2 << 2) | 2;
}

static u32 c_sdsp(unsigned int rs2)
{
	return (7 << 13) | (rs2 << 2) | 2;
}

struct want {
	u32 insn;
	unsigned int len, width, reg;
	bool write, sign;
};

static void check(const struct want *w)
{
	struct emu_context ctx;
	unsigned int len = 99;

	memset(&ctx, 0xa5, sizeof(ctx));
	if (!riscv64_decode_insn(w->insn, &ctx, &len))
		fail_msg("0x%08x refused", w->insn);
	if (len != w->len || ctx.width != w->width || ctx.reg != w->reg ||
	    ctx.write != w->write || ctx.sign_ext != w->sign ||
	    ctx.reg_width != 8)
		fail_msg(
			"0x%08x: len %u width %u reg %u write %d sign %d reg_width %u",
			w->insn, len, ctx.width, ctx.reg, ctx.write,
			ctx.sign_ext, ctx.reg_width);
}

static void refused(u32 insn)
{
	struct emu_context ctx;
	unsigned int len;

	if (riscv64_decode_insn(insn, &ctx, &len))
		fail_msg("0x%08x accepted (width %u reg %u)", insn, ctx.width,
			 ctx.reg);
}

/* The words GNU as makes for each instruction (rv64gc). */
static void test_assembled(void **state)
{
	static const struct want words[] = {
		{ 0xfff50303, 4, 1, 6, false, true }, /* lb t1,-1(a0) */
		{ 0x00259483, 4, 2, 9, false, true }, /* lh s1,2(a1) */
		{ 0x00442783, 4, 4, 15, false, true }, /* lw a5,4(s0) */
		{ 0x00813083, 4, 8, 1, false, false }, /* ld ra,8(sp) */
		{ 0x00154503, 4, 1, 10, false, false }, /* lbu a0,1(a0) */
		{ 0x0025d283, 4, 2, 5, false, false }, /* lhu t0,2(a1) */
		{ 0x00cfef83, 4, 4, 31, false, false }, /* lwu t6,12(t6) */
		{ 0xfec50fa3, 4, 1, 12, true, false }, /* sb a2,-1(a0) */
		{ 0x01b59323, 4, 2, 27, true, false }, /* sh s11,6(a1) */
		{ 0x00052023, 4, 4, 0, true, false }, /* sw zero,0(a0) */
		{ 0x00b53423, 4, 8, 11, true, false }, /* sd a1,8(a0) */
		{ 0x4108, 2, 4, 10, false, true }, /* c.lw a0,0(a0) */
		{ 0x405c, 2, 4, 15, false, true }, /* c.lw a5,4(s0) */
		{ 0x6780, 2, 8, 8, false, false }, /* c.ld s0,8(a5) */
		{ 0xc0dc, 2, 4, 15, true, false }, /* c.sw a5,4(s1) */
		{ 0xe904, 2, 8, 9, true, false }, /* c.sd s1,16(a0) */
		{ 0xe50c, 2, 8, 11, true, false }, /* c.sd a1,8(a0) */
		{ 0x43b2, 2, 4, 7, false, true }, /* c.lwsp t2,12(sp) */
		{ 0x6402, 2, 8, 8, false, false }, /* c.ldsp s0,0(sp) */
		{ 0x60a2, 2, 8, 1, false, false }, /* c.ldsp ra,8(sp) */
		{ 0xc202, 2, 4, 0, true, false }, /* c.swsp zero,4(sp) */
		{ 0xe406, 2, 8, 1, true, false }, /* c.sdsp ra,8(sp) */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		check(&words[i]);
}

/* Every funct3 of LOAD and STORE, with every register. */
static void test_widths_signs_registers(void **state)
{
	static const struct {
		unsigned int width;
		bool sign;
	} loads[7] = { { 1, true },  { 2, true },  { 4, true }, { 8, false },
		       { 1, false }, { 2, false }, { 4, false } };
	unsigned int f3, r;

	(void)state;
	for (f3 = 0; f3 < 7; f3++)
		for (r = 0; r < 32; r++) {
			struct want w = { load32(f3, r, 31 - r),
					  4,
					  loads[f3].width,
					  r,
					  false,
					  loads[f3].sign };

			check(&w);
		}
	for (f3 = 0; f3 < 4; f3++)
		for (r = 0; r < 32; r++) {
			struct want w = { store32(f3, r, 31 - r),
					  4,
					  1U << f3,
					  r,
					  true,
					  false };

			check(&w);
		}
	refused(load32(7, 5, 6));
	for (f3 = 4; f3 < 8; f3++)
		refused(store32(f3, 5, 6));
}

/* rd' and rs2' of quadrant 0 are x8-x15; the SP forms take any register. */
static void test_compressed_registers(void **state)
{
	unsigned int p, b, r;

	(void)state;
	for (p = 0; p < 8; p++)
		for (b = 0; b < 8; b++) {
			struct want lw = { cq0(2, b, p), 2,	4,
					   8 + p,	 false, true };
			struct want ld = { cq0(3, b, p), 2,	8,
					   8 + p,	 false, false };
			struct want sw = { cq0(6, b, p), 2,    4,
					   8 + p,	 true, false };
			struct want sd = { cq0(7, b, p), 2,    8,
					   8 + p,	 true, false };

			check(&lw);
			check(&ld);
			check(&sw);
			check(&sd);
		}
	for (r = 1; r < 32; r++) {
		struct want lwsp = { c_lwsp(r), 2, 4, r, false, true };
		struct want ldsp = { c_ldsp(r), 2, 8, r, false, false };

		check(&lwsp);
		check(&ldsp);
	}
	for (r = 0; r < 32; r++) {
		struct want swsp = { c_swsp(r), 2, 4, r, true, false };
		struct want sdsp = { c_sdsp(r), 2, 8, r, true, false };

		check(&swsp);
		check(&sdsp);
	}
	/* rd = 0 is reserved for C.LWSP and C.LDSP */
	refused(c_lwsp(0));
	refused(c_ldsp(0));
	/* a 16-bit encoding ignores bits 31:16 */
	{
		struct want w = { 0xdead0000 | 0x4108, 2, 4, 10, false, true };

		check(&w);
	}
}

static void test_refuses_others(void **state)
{
	static const u32 words[] = {
		0x2508, /* c.fld fa0,8(a0) */
		0xa508, /* c.fsd fa0,8(a0) */
		0x2522, /* c.fldsp fa0,8(sp) */
		0xa42a, /* c.fsdsp fa0,8(sp) */
		0x0808, /* c.addi4spn a0,sp,16 */
		0x0505, /* c.addi a0,1 */
		0x0000, /* the illegal all-zero instruction */
		0x8000, /* quadrant 0, funct3 100: reserved */
		0x00052507, /* flw fa0,0(a0) */
		0x00a52027, /* fsw fa0,0(a0) */
		0x08b6252f, /* amoswap.w a0,a1,(a2) */
		0x1005b52f, /* lr.d a0,(a1) */
		0x18b6252f, /* sc.w a0,a1,(a2) */
		0x00150513, /* addi a0,a0,1 */
		0x10002573, /* csrr a0,sstatus */
		0x6005c573, /* hlv.b a0,(a1) */
		0x643547f3, /* hlvx.hu a5,(a0) */
		0x0000001f, /* a 48-bit encoding's first half */
		0x0000003f, /* a 64-bit encoding's first half */
		0xffffffff,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		refused(words[i]);
}

static void test_read_result(void **state)
{
	struct emu_context ctx = { .value = 0x1122334455667788UL };

	(void)state;
	ctx.width = 1;
	ctx.sign_ext = false;
	assert_int_equal(riscv64_read_result(&ctx), 0x88);
	ctx.sign_ext = true;
	assert_int_equal(riscv64_read_result(&ctx), 0xffffffffffffff88UL);
	ctx.value = 0x7f;
	assert_int_equal(riscv64_read_result(&ctx), 0x7f);
	ctx.value = 0x1122334455668765UL;
	ctx.width = 2;
	assert_int_equal(riscv64_read_result(&ctx), 0xffffffffffff8765UL);
	ctx.sign_ext = false;
	assert_int_equal(riscv64_read_result(&ctx), 0x8765);
	ctx.value = 0x11223344f0000000UL;
	ctx.width = 4;
	assert_int_equal(riscv64_read_result(&ctx), 0xf0000000UL);
	ctx.sign_ext = true; /* LW: sign-extended to 64 bits */
	assert_int_equal(riscv64_read_result(&ctx), 0xfffffffff0000000UL);
	ctx.value = 0x1122334470000000UL;
	assert_int_equal(riscv64_read_result(&ctx), 0x70000000UL);
	ctx.value = 0x8877665544332211UL;
	ctx.width = 8;
	assert_int_equal(riscv64_read_result(&ctx), 0x8877665544332211UL);
}

static u64 regs[32];

static void set_regs(void)
{
	unsigned int r;

	for (r = 0; r < 32; r++)
		regs[r] = 0xfedcba9876543200UL | r;
	regs[0] = 0x1111; /* never read: x0 is 0 */
}

static bool fault(u64 gpa, bool store, u64 htinst, u32 insn,
		  struct emu_context *ctx, unsigned int *len)
{
	struct riscv64_fault f = {
		.gpa = gpa, .store = store, .htinst = htinst, .insn = insn
	};

	return riscv64_decode_fault(&f, regs, ctx, len);
}

/* htinst = 0 (QEMU 7.2): the instruction read from memory decides. */
static void test_fault_from_memory(void **state)
{
	struct emu_context ctx;
	unsigned int len;

	(void)state;
	set_regs();
	/* lw a5,4(s0) */
	assert_true(fault(0xc0000010, false, 0, 0x00442783, &ctx, &len));
	assert_int_equal(ctx.address, 0xc0000010);
	assert_int_equal(len, 4);
	assert_int_equal(ctx.width, 4);
	assert_int_equal(ctx.reg, 15);
	assert_false(ctx.write);
	/* sw of a sign-extended register: only the low 32 bits go out */
	regs[15] = 0xfffffffff0000000UL;
	assert_true(fault(0x10000000, true, 0, cq0(6, 1, 7), &ctx, &len));
	assert_int_equal(ctx.value, 0xf0000000UL);
	assert_int_equal(len, 2);
	/* sb / sh / sd values */
	set_regs();
	assert_true(fault(0x10000003, true, 0, store32(0, 12, 10), &ctx, &len));
	assert_int_equal(ctx.value, 0x0c);
	assert_true(fault(0x10000002, true, 0, store32(1, 12, 10), &ctx, &len));
	assert_int_equal(ctx.value, 0x320c);
	assert_true(fault(0x10000008, true, 0, store32(3, 12, 10), &ctx, &len));
	assert_int_equal(ctx.value, 0xfedcba987654320cUL);
	/* x0 as the source of a store is 0; as a load's target it is kept */
	assert_true(fault(0x10000000, true, 0, 0x00052023, &ctx, &len));
	assert_int_equal(ctx.reg, 0);
	assert_int_equal(ctx.value, 0);
	assert_true(fault(0x10000000, true, 0, c_sdsp(0), &ctx, &len));
	assert_int_equal(ctx.value, 0);
	assert_true(fault(0x10000000, false, 0, load32(2, 0, 10), &ctx, &len));
	assert_int_equal(ctx.reg, 0);
}

static void test_fault_refusals(void **state)
{
	struct emu_context ctx;
	unsigned int len;

	(void)state;
	set_regs();
	/* the direction of the fault and of the instruction must agree */
	assert_false(fault(0x10000000, true, 0, 0x00442783, &ctx, &len));
	assert_false(fault(0x10000000, false, 0, 0x00b53423, &ctx, &len));
	/* misaligned accesses: refused at every width above one byte */
	assert_true(fault(0x10000001, false, 0, load32(4, 5, 6), &ctx, &len));
	assert_false(fault(0x10000001, false, 0, load32(1, 5, 6), &ctx, &len));
	assert_false(fault(0x10000002, false, 0, load32(2, 5, 6), &ctx, &len));
	assert_false(fault(0x10000004, false, 0, load32(3, 5, 6), &ctx, &len));
	assert_true(fault(0x10000008, false, 0, load32(3, 5, 6), &ctx, &len));
	assert_false(fault(0x10000006, true, 0, cq0(7, 0, 0), &ctx, &len));
	/* not a load or store */
	assert_false(fault(0x10000000, false, 0, 0x08b6252f, &ctx, &len));
	assert_false(fault(0x10000000, false, 0, 0x00052507, &ctx, &len));
}

/* A transformed htinst: bit 0 set, bit 1 clear for a compressed original. */
static void test_htinst(void **state)
{
	struct emu_context ctx;
	unsigned int len;

	(void)state;
	set_regs();
	assert_int_equal(riscv64_htinst_source(0), RISCV64_INSN_READ);
	assert_int_equal(riscv64_htinst_source(load32(2, 5, 0)),
			 RISCV64_INSN_TRANSFORMED);
	assert_int_equal(riscv64_htinst_source(load32(2, 5, 0) & ~2U),
			 RISCV64_INSN_TRANSFORMED);
	/* pseudoinstructions of a VS-stage page-table walk */
	assert_int_equal(riscv64_htinst_source(0x2000), RISCV64_INSN_PT_WALK);
	assert_int_equal(riscv64_htinst_source(0x2020), RISCV64_INSN_PT_WALK);
	assert_int_equal(riscv64_htinst_source(0x3000), RISCV64_INSN_PT_WALK);
	assert_int_equal(riscv64_htinst_source(0x3020), RISCV64_INSN_PT_WALK);
	/* values the spec does not define count as 0 */
	assert_int_equal(riscv64_htinst_source(0x2002), RISCV64_INSN_READ);
	assert_int_equal(riscv64_htinst_source((1ULL << 32) | 0x2003),
			 RISCV64_INSN_READ);

	/* a transformed LW (rs1 and offset 0): used, the memory word not */
	assert_true(fault(0xc0000010, false, load32(2, 7, 0), 0x00b53423, &ctx,
			  &len));
	assert_int_equal(len, 4);
	assert_int_equal(ctx.width, 4);
	assert_int_equal(ctx.reg, 7);
	assert_true(ctx.sign_ext);
	/* the transformation of c.lw a0,0(a0): LW a0 with bit 1 cleared */
	assert_true(fault(0xc0000010, false, load32(2, 10, 0) & ~2U, 0xffffffff,
			  &ctx, &len));
	assert_int_equal(len, 2);
	assert_int_equal(ctx.reg, 10);
	/* of c.sdsp ra: SD ra */
	assert_true(
		fault(0xc0000010, true, store32(3, 1, 0) & ~2U, 0, &ctx, &len));
	assert_int_equal(len, 2);
	assert_int_equal(ctx.value, regs[1]);
	/* a page-table walk is never emulated, whatever memory holds */
	assert_false(fault(0xc0000010, false, 0x3000, 0x00442783, &ctx, &len));
	/* an undefined htinst: back to the word from memory */
	assert_true(fault(0xc0000010, false, 0x2002, 0x00442783, &ctx, &len));
	assert_int_equal(ctx.reg, 15);
	/* a transformed AMO or FP load is refused */
	assert_false(fault(0xc0000010, true, 0x08b0202f, 0, &ctx, &len));
	assert_false(fault(0xc0000010, false, 0x00002507, 0, &ctx, &len));
}

static void test_fault_gpa(void **state)
{
	(void)state;
	/* htval = GPA >> 2; the low bits come from the guest VA */
	assert_int_equal(riscv64_fault_gpa(0xc0000010 >> 2, 0xffffffff00001001),
			 0xc0000011);
	assert_int_equal(riscv64_fault_gpa(0x30000000 >> 2, 0x3), 0x30000003);
	assert_int_equal(riscv64_fault_gpa(0x1ffffffffffUL >> 2, 0),
			 0x1fffffffffcUL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assembled),
		cmocka_unit_test(test_widths_signs_registers),
		cmocka_unit_test(test_compressed_registers),
		cmocka_unit_test(test_refuses_others),
		cmocka_unit_test(test_read_result),
		cmocka_unit_test(test_fault_from_memory),
		cmocka_unit_test(test_fault_refusals),
		cmocka_unit_test(test_htinst),
		cmocka_unit_test(test_fault_gpa),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
