/* Decoding a stage-2 data abort into an EmuContext, and completing it (pure logic). */
#ifndef ASM_EMULATE_H
#define ASM_EMULATE_H

#include <hv/mmio.h>
#include <hv/types.h>

/*
 * Fills ctx (address, width, write, sign_ext, reg, reg_width) from ESR_EL2,
 * FAR_EL2 and HPFAR_EL2, and value from regs[] for a write. Returns false when
 * the access cannot be emulated (no valid syndrome, or a stage-1 walk fault).
 */
bool arm64_decode_dabt(u64 esr, u64 far, u64 hpfar, const u64 *regs,
		       struct emu_context *ctx);
/* The register value a completed read leaves in ctx->reg. */
u64 arm64_read_result(const struct emu_context *ctx);

#endif
