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
 * Cell management (root cell only). Cell ids are > 0 (the root is 0).
 * CELL_CREATE: x1 = PA of a struct hvisor_cell_desc blob in root RAM
 *   (physically contiguous), x2 = its size -> new cell id. The cell's CPUs
 *   must be offline in the root (PSCI CPU_OFF done); its memory leaves the
 *   root's stage 2 (except HVISOR_MEM_ROOTSHARED regions). State SHUT_DOWN.
 * CELL_SET_LOADABLE: x1 = id: maps the cell's HVISOR_MEM_LOADABLE regions
 *   back into the root (identity, at their physical addresses) so the root
 *   can copy images. State LOADABLE. Not while RUNNING.
 * CELL_START: x1 = id: unmaps loadable regions from the root, resets the
 *   vCPUs, starts the first CPU of the cell at config.entry (x0 = 0, EL1,
 *   MMU off). State RUNNING.
 * CELL_SHUTDOWN: x1 = id: stops every CPU of the cell. State SHUT_DOWN.
 * CELL_DESTROY: x1 = id: stops the cell, gives its memory back to the root
 *   and releases everything; its CPUs are off and belong to the root again
 *   (the driver onlines them with add_cpu).
 * CELL_GET_STATE: x1 = id -> HVISOR_CELL_* state.
 * CELL_GET_INFO: x1 = id, x2 = PA of a page in root RAM -> fills a
 *   struct hvisor_cell_info there.
 * CELL_CONSOLE_READ: x1 = id, x2 = PA of a page in root RAM, x3 = seq ->
 *   x0 = count, x1 = start, as HVISOR_HC_CONSOLE_READ, from the cell's
 *   console ring (what the cell wrote to its emulated PL011).
 * CELL_CONSOLE_WRITE: x1 = id, x2 = up to 8 bytes (first byte in bits 7:0),
 *   x3 = count -> bytes accepted into the cell's console input.
 * CELL_DOORBELL: x1 = id: injects the cell's doorbell interrupt.
 */
#define HVISOR_HC_CELL_CREATE 5
#define HVISOR_HC_CELL_SET_LOADABLE 6
#define HVISOR_HC_CELL_START 7
#define HVISOR_HC_CELL_SHUTDOWN 8
#define HVISOR_HC_CELL_DESTROY 9
#define HVISOR_HC_CELL_GET_STATE 10
#define HVISOR_HC_CELL_GET_INFO 11
#define HVISOR_HC_CELL_CONSOLE_READ 12
#define HVISOR_HC_CELL_CONSOLE_WRITE 13
#define HVISOR_HC_CELL_DOORBELL 14

/*
 * Calls from a non-root cell (hvc #HVISOR_HVC_IMM). Anything else from a
 * cell is an unknown hypercall: the cell fails.
 * GUEST_DOORBELL: rings the root: the hypervisor sets the root's
 *   platform.root_irq pending and counts it in hvisor_cell_info.doorbells.
 * GUEST_CONSOLE_PUTC: x1 = character, into the cell's console ring.
 */
#define HVISOR_HC_GUEST_DOORBELL 0x100
#define HVISOR_HC_GUEST_CONSOLE_PUTC 0x101

/* Cell states. */
#define HVISOR_CELL_RUNNING 0
#define HVISOR_CELL_SHUT_DOWN 1
#define HVISOR_CELL_LOADABLE 2
#define HVISOR_CELL_FAILED 3

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
