/* Hypercall ABI: hvc #HVISOR_HVC_IMM, code in x0, args in x1-x3, result in x0. */
#ifndef HVISOR_HYPERCALL_H
#define HVISOR_HYPERCALL_H


/* Immediate of the hvc instruction that carries an hvisor hypercall. */
#define HVISOR_HVC_IMM 0x4856

/*
 * Entry protocol, through the Linux hyp stub (hvc #0):
 *   1. hvc #0, x0 = HVC_SET_VECTORS (0), x1 = image PA + header.init_vectors
 *   2. hvc #0, x0 = HVISOR_ENTER_MAGIC, x1 = PA of __hyp_stub_vectors,
 *      x2 = Linux logical CPU id
 *   -> x0 = 0 (this CPU now runs under the hypervisor) or -errno (the stub
 *      vectors are back in place and nothing changed on this CPU).
 */
#define HVISOR_ENTER_MAGIC 0x48564953454e5452ULL /* "HVISENTR" */

/* Hypercall codes (x0). Results: >= 0 success, negative errno failure. */
#define HVISOR_HC_DISABLE 0 /* leave the hypervisor on the calling CPU */
#define HVISOR_HC_GET_INFO 1 /* x1 = HVISOR_INFO_*: returns that value */
#define HVISOR_HC_DEBUG_PUTC 2 /* x1 = character */
#define HVISOR_HC_CONSOLE_READ 3 /* x1 = buf PA, x2 = size, x3 = from seq */
#define HVISOR_HC_CPU_STATS 4 /* x1 = cpu, x2 = HVISOR_EXIT_* -> count */

/*
 * HVISOR_HC_CONSOLE_READ reads the hypervisor's log ring. Log bytes are
 * numbered from 0 (the seq); total = bytes ever written (HVISOR_INFO_LOG_SEQ),
 * oldest = max(0, total - ring size). In: x1 = PA of a root-cell RAM buffer
 * (physically contiguous; the driver passes at most one page), x2 = its size,
 * x3 = seq of the first byte wanted. The hypervisor copies bytes
 * [start, start + count) with start = clamp(x3, oldest, total) and
 * count = min(x2, total - start), and returns x0 = count and x1 = start (the
 * one hypercall that also returns x1). start > x3: older bytes were lost;
 * x3 > total (e.g. a new session): x1 = total, so readers resync. x0 = -EINVAL
 * when the buffer is not root-cell RAM.
 */

/* HVISOR_HC_GET_INFO selectors. */
#define HVISOR_INFO_VERSION 0
#define HVISOR_INFO_STATE 1 /* 1 = enabled */
#define HVISOR_INFO_MEM_POOL_SIZE 2 /* pages */
#define HVISOR_INFO_MEM_POOL_USED 3 /* pages */
#define HVISOR_INFO_NUM_CELLS 4
#define HVISOR_INFO_NUM_CPUS 5 /* CPUs under the hypervisor */
#define HVISOR_INFO_LOG_SEQ 6 /* bytes ever written to the log ring */

/* Exit reasons counted per CPU (HVISOR_HC_CPU_STATS). */
#define HVISOR_EXIT_HVC 0
#define HVISOR_EXIT_SMC 1
#define HVISOR_EXIT_DABT 2 /* stage-2 data aborts (MMIO emulation) */
#define HVISOR_EXIT_IRQ 3
#define HVISOR_EXIT_SYSREG 4
#define HVISOR_EXIT_WFX 5
#define HVISOR_EXIT_OTHER 6
#define HVISOR_NUM_EXITS 7

#define HVISOR_VERSION 1

#endif
