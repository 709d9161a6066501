/* Decoding a trapped guest load or store (guest-page fault) into an EmuContext, and completing it (pure logic but the guest read). */
#ifndef ASM_DECODE_H
#define ASM_DECODE_H

#include <hv/mmio.h>
#include <hv/types.h>

/* Where the instruction of a load/store guest-page fault comes from. */
enum riscv64_insn_source {
	/* htinst holds a transformed standard instruction (bit 0 set) */
	RISCV64_INSN_TRANSFORMED,
	/*
	 * htinst is 0 (QEMU 7.2 always) or a value this decoder does not
	 * know, which the privileged spec says to treat as 0: read the
	 * instruction from guest memory at sepc (riscv64_read_guest_insn)
	 */
	RISCV64_INSN_READ,
	/*
	 * a pseudoinstruction: the fault hit the guest's own VS-stage
	 * page-table walk, not an explicit access: nothing to emulate
	 */
	RISCV64_INSN_PT_WALK,
};

enum riscv64_insn_source riscv64_htinst_source(u64 htinst);

/* The guest-physical address of the fault: htval holds it shifted by 2. */
static inline u64 riscv64_fault_gpa(u64 htval, u64 stval)
{
	return (htval << 2) | (stval & 3);
}

/*
 * Decodes a standard encoding (16-bit compressed in bits 15:0, or 32-bit
 * with bits 1:0 = 11) of LB/LH/LW/LD/LBU/LHU/LWU, SB/SH/SW/SD,
 * C.LW/C.LD/C.SW/C.SD or C.LWSP/C.LDSP/C.SWSP/C.SDSP into ctx: width,
 * write, sign_ext, reg (the destination or source GPR), reg_width = 8;
 * *len = 2 or 4 bytes. Returns false (ctx and *len unspecified) for
 * anything else: FP, atomic, vector, hypervisor loads/stores, other
 * instructions, reserved encodings.
 */
bool riscv64_decode_insn(u32 insn, struct emu_context *ctx, unsigned int *len);

/* What the trap of a load (scause 21) or store (23) guest-page fault gives. */
struct riscv64_fault {
	u64 gpa; /* riscv64_fault_gpa(htval, stval) */
	bool store; /* scause 23 */
	u64 htinst;
	u32 insn; /* read at sepc, used when htinst gives no instruction */
};

/*
 * ctx (address, width, write, sign_ext, reg, reg_width; value for a store:
 * the register, x0 = 0, masked to the width) and *len, the instruction's
 * length for the PC advance, from a guest-page fault. false: not
 * emulable: a page-table walk, an instruction the decoder refuses, a
 * direction that differs from the fault's, or a misaligned access.
 */
bool riscv64_decode_fault(const struct riscv64_fault *f, const u64 regs[32],
			  struct emu_context *ctx, unsigned int *len);

/* The 64-bit register value a completed read leaves in ctx->reg. */
u64 riscv64_read_result(const struct emu_context *ctx);

/*
 * Reads the instruction at guest virtual address pc with HLVX.HU (execute
 * permission, the guest privilege hstatus.SPVP of the trap), 16 bits and,
 * for a 32-bit encoding, the next 16. In HS mode only; a fault on the read
 * is caught: false and *cause = its scause (a guest-page fault: return to
 * the guest and let it fault again; anything else goes to the guest).
 */
bool riscv64_read_guest_insn(u64 pc, u32 *insn, u64 *cause);

#endif
