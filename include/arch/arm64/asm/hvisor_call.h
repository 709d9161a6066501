/* AArch64 hypercall convention and the driver's entry protocol through the Linux hyp stub. */
#ifndef HVISOR_ARM64_HVISOR_CALL_H
#define HVISOR_ARM64_HVISOR_CALL_H

/*
 * A hypercall is `hvc #HVISOR_HVC_IMM` with the code (HVISOR_HC_*) in x0
 * and arg1..arg3 in x1..x3; the result comes back in x0 (and, for the calls
 * that say so, a second value in x1). Other registers are preserved.
 */
#define HVISOR_HVC_IMM 0x4856

/*
 * Entry protocol, through the Linux hyp stub (hvc #0):
 *   1. hvc #0, x0 = HVC_SET_VECTORS (0), x1 = image PA + header.entry (the
 *      2 KiB-aligned entry vectors)
 *   2. hvc #0, x0 = HVISOR_ENTER_MAGIC, x1 = PA of __hyp_stub_vectors,
 *      x2 = Linux logical CPU id
 *   -> x0 = 0 (this CPU now runs under the hypervisor) or -errno (the stub
 *      vectors are back in place and nothing changed on this CPU).
 */
#define HVISOR_ENTER_MAGIC 0x48564953454e5452ULL /* "HVISENTR" */
#define HVISOR_HVC_SET_VECTORS 0 /* Linux hyp stub: HVC_SET_VECTORS */
#define HVISOR_HVC_STUB_HCALL_NR 4 /* Linux hyp stub: first unknown call */
#define HVISOR_HVC_STUB_ERR 0xbadca11 /* the stub's answer to unknown calls */

/*
 * struct hvisor_info.arch_info[] on arm64: [0] CurrentEL of the kernel (as an
 * EL number), [1] ID_AA64PFR0_EL1, [2] x0 after hvc #0 with x0 =
 * HVISOR_HVC_STUB_HCALL_NR (the stub answers HVISOR_HVC_STUB_ERR), [3] PA of
 * __hyp_stub_vectors, 0 if unknown.
 */
#define HVISOR_ARM64_INFO_CURRENT_EL 0
#define HVISOR_ARM64_INFO_PFR0 1
#define HVISOR_ARM64_INFO_STUB_ANSWER 2
#define HVISOR_ARM64_INFO_STUB_VECTORS 3

/*
 * A cell's vCPU starts (CELL_START, PSCI CPU_ON, SYSTEM_RESET) at EL1 with
 * the MMU off and x0 = the context argument (0 for CELL_START).
 */

#endif
