/* AArch64 data-abort syndrome decoding into an EmuContext and read completion. */
#include <asm/emulate.h>
#include <asm/sysregs.h>

bool arm64_decode_dabt(u64 esr, u64 far, u64 hpfar, const u64 *regs,
		       struct emu_context *ctx)
{
	u64 iss = ESR_ISS(esr);

	ctx->address = ((hpfar >> 4) << 12) | (far & 0xfff);
	ctx->width = 1u << ((iss >> ISS_SAS_SHIFT) & 3);
	ctx->write = iss & ISS_WNR;
	ctx->sign_ext = iss & ISS_SSE;
	ctx->reg = (iss >> ISS_SRT_SHIFT) & 0x1f;
	ctx->reg_width = (iss & ISS_SF) ? 8 : 4;
	ctx->value = 0;
	if (!(iss & ISS_ISV) || (iss & ISS_S1PTW))
		return false;
	if (ctx->write) {
		ctx->value = ctx->reg == 31 ? 0 : regs[ctx->reg];
		if (ctx->width < 8)
			ctx->value &= (1UL << (8 * ctx->width)) - 1;
	}
	return true;
}

u64 arm64_read_result(const struct emu_context *ctx)
{
	u64 v = ctx->value;

	if (ctx->width < 8) {
		v &= (1UL << (8 * ctx->width)) - 1;
		if (ctx->sign_ext && (v & (1UL << (8 * ctx->width - 1))))
			v |= ~0UL << (8 * ctx->width);
	}
	if (ctx->reg_width == 4)
		v &= 0xffffffffUL;
	return v;
}
