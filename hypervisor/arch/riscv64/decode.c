/* Decoding trapped guest loads and stores, from htinst or the instruction word, into an EmuContext (pure logic: host-tested). */
#include <asm/decode.h>

#define OPCODE_LOAD 0x03
#define OPCODE_STORE 0x23

/* Pseudoinstructions of a VS-stage page-table walk (RV32 and RV64 forms). */
#define PSEUDO_READ32 0x00002000
#define PSEUDO_WRITE32 0x00002020
#define PSEUDO_READ64 0x00003000
#define PSEUDO_WRITE64 0x00003020

enum riscv64_insn_source riscv64_htinst_source(u64 htinst)
{
	/* bits 63:32 set: no value the spec defines today */
	if (htinst >> 32)
		return RISCV64_INSN_READ;
	if (htinst & 1)
		return RISCV64_INSN_TRANSFORMED;
	switch (htinst) {
	case PSEUDO_READ32:
	case PSEUDO_WRITE32:
	case PSEUDO_READ64:
	case PSEUDO_WRITE64:
		return RISCV64_INSN_PT_WALK;
	}
	return RISCV64_INSN_READ;
}

static void set_access(struct emu_context *ctx, unsigned int width, bool write,
		       bool sign_ext, unsigned int reg)
{
	ctx->width = width;
	ctx->write = write;
	ctx->sign_ext = sign_ext;
	ctx->reg = reg;
	ctx->reg_width = 8; /* RV64: every GPR is 64 bits wide */
}

static bool decode_32(u32 insn, struct emu_context *ctx)
{
	unsigned int funct3 = (insn >> 12) & 7;

	switch (insn & 0x7f) {
	case OPCODE_LOAD:
		/* LB LH LW LD LBU LHU LWU; 7 is reserved */
		if (funct3 == 7)
			return false;
		set_access(ctx, 1U << (funct3 & 3), false,
			   funct3 < 3 /* LB LH LW */, (insn >> 7) & 31);
		return true;
	case OPCODE_STORE:
		/* SB SH SW SD */
		if (funct3 > 3)
			return false;
		set_access(ctx, 1U << funct3, true, false, (insn >> 20) & 31);
		return true;
	}
	return false;
}

static bool decode_16(u16 insn, struct emu_context *ctx)
{
	unsigned int funct3 = insn >> 13;
	unsigned int creg = 8 + ((insn >> 2) & 7); /* rd' / rs2': x8-x15 */
	unsigned int rd = (insn >> 7) & 31;

	switch (insn & 3) {
	case 0:
		switch (funct3) {
		case 2: /* C.LW */
			set_access(ctx, 4, false, true, creg);
			return true;
		case 3: /* C.LD */
			set_access(ctx, 8, false, false, creg);
			return true;
		case 6: /* C.SW */
			set_access(ctx, 4, true, false, creg);
			return true;
		case 7: /* C.SD */
			set_access(ctx, 8, true, false, creg);
			return true;
		}
		return false;
	case 2:
		switch (funct3) {
		case 2: /* C.LWSP; rd = 0 is reserved */
			if (!rd)
				return false;
			set_access(ctx, 4, false, true, rd);
			return true;
		case 3: /* C.LDSP; rd = 0 is reserved */
			if (!rd)
				return false;
			set_access(ctx, 8, false, false, rd);
			return true;
		case 6: /* C.SWSP */
			set_access(ctx, 4, true, false, (insn >> 2) & 31);
			return true;
		case 7: /* C.SDSP */
			set_access(ctx, 8, true, false, (insn >> 2) & 31);
			return true;
		}
		return false;
	}
	return false;
}

bool riscv64_decode_insn(u32 insn, struct emu_context *ctx, unsigned int *len)
{
	if ((insn & 3) != 3) {
		*len = 2;
		return decode_16((u16)insn, ctx);
	}
	/* bits 4:2 = 111 start encodings longer than 32 bits */
	if ((insn & 0x1c) == 0x1c)
		return false;
	*len = 4;
	return decode_32(insn, ctx);
}

bool riscv64_decode_fault(const struct riscv64_fault *f, const u64 regs[32],
			  struct emu_context *ctx, unsigned int *len)
{
	unsigned int insn_len;
	u32 insn;

	switch (riscv64_htinst_source(f->htinst)) {
	case RISCV64_INSN_TRANSFORMED:
		/* bit 1 clear: the trapping instruction was compressed */
		insn = (u32)f->htinst | 2;
		if (!riscv64_decode_insn(insn, ctx, &insn_len))
			return false;
		*len = (f->htinst & 2) ? 4 : 2;
		break;
	case RISCV64_INSN_READ:
		if (!riscv64_decode_insn(f->insn, ctx, &insn_len))
			return false;
		*len = insn_len;
		break;
	default:
		return false;
	}
	if (ctx->write != f->store)
		return false;
	/* as KVM: misaligned emulated accesses are refused */
	if (f->gpa & (ctx->width - 1))
		return false;
	ctx->address = f->gpa;
	ctx->value = 0;
	if (ctx->write) {
		ctx->value = ctx->reg ? regs[ctx->reg] : 0;
		/* RV64 keeps narrow values sign-extended in registers */
		if (ctx->width < 8)
			ctx->value &= (1UL << (8 * ctx->width)) - 1;
	}
	return true;
}

u64 riscv64_read_result(const struct emu_context *ctx)
{
	u64 v = ctx->value;

	if (ctx->width < 8) {
		v &= (1UL << (8 * ctx->width)) - 1;
		if (ctx->sign_ext && (v & (1UL << (8 * ctx->width - 1))))
			v |= ~0UL << (8 * ctx->width);
	}
	return v;
}
