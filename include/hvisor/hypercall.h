/*
 * Hypercall ABI: numbers and semantics. How a call is made (instruction and
 * registers) and how the driver enters the hypervisor are per arch:
 * include/arch/<arch>/asm/hvisor_call.h. Below, "arg1..arg3" are the
 * argument registers and "ret" the result register of that convention.
 */
#ifndef HVISOR_HYPERCALL_H
#define HVISOR_HYPERCALL_H

/* Hypercall codes. Results: >= 0 success, negative errno failure. */
#define HVISOR_HC_DISABLE 0 /* leave the hypervisor on the calling CPU */
#define HVISOR_HC_GET_INFO 1 /* arg1 = HVISOR_INFO_*: returns that value */
#define HVISOR_HC_DEBUG_PUTC 2 /* arg1 = character */
#define HVISOR_HC_CONSOLE_READ 3 /* arg1 = buf PA, arg2 = size, arg3 = seq */
#define HVISOR_HC_CPU_STATS 4 /* arg1 = cpu, arg2 = HVISOR_EXIT_* -> count */

/*
 * Cell management (root cell only). Cell ids are > 0 (the root is 0).
 * CELL_CREATE: arg1 = PA of a struct hvisor_cell_desc blob in root RAM
 *   (physically contiguous), arg2 = its size -> new cell id. The cell's CPUs
 *   must be offline in the root (the driver takes them offline); its memory
 *   leaves the root's stage 2 (except HVISOR_MEM_ROOTSHARED regions). State
 *   SHUT_DOWN.
 * CELL_SET_LOADABLE: arg1 = id: maps the cell's HVISOR_MEM_LOADABLE regions
 *   back into the root (identity, at their physical addresses) so the root
 *   can copy images. State LOADABLE. Not while RUNNING.
 * CELL_START: arg1 = id: unmaps loadable regions from the root, resets the
 *   vCPUs, starts the first CPU of the cell at config.entry (first argument
 *   register 0, guest kernel mode, MMU off). State RUNNING.
 * CELL_SHUTDOWN: arg1 = id: stops every CPU of the cell. State SHUT_DOWN.
 * CELL_DESTROY: arg1 = id: stops the cell, gives its memory back to the root
 *   and releases everything; its CPUs are off and belong to the root again
 *   (the driver onlines them with add_cpu).
 * CELL_GET_STATE: arg1 = id -> HVISOR_CELL_* state.
 * CELL_GET_INFO: arg1 = id, arg2 = PA of a page in root RAM -> fills a
 *   struct hvisor_cell_info there.
 * CELL_CONSOLE_READ: arg1 = id, arg2 = PA of a page in root RAM, arg3 = seq ->
 *   ret = count, arg1 = start, as HVISOR_HC_CONSOLE_READ, from the cell's
 *   console ring (what the cell wrote to its emulated console).
 * CELL_CONSOLE_WRITE: arg1 = id, arg2 = up to 8 bytes (first byte in bits 7:0),
 *   arg3 = count -> bytes accepted into the cell's console input.
 * CELL_DOORBELL: arg1 = id: injects the cell's doorbell interrupt.
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
 * Calls from a non-root cell. Anything else from a
 * cell is an unknown hypercall: the cell fails.
 * GUEST_DOORBELL: rings the root: the hypervisor sets the root's
 *   platform.root_irq pending and counts it in hvisor_cell_info.doorbells.
 * GUEST_CONSOLE_PUTC: arg1 = character, into the cell's console ring.
 * GUEST_EXITS: returns the exits of the calling vCPU's CPU so far, every
 *   reason, this call included (the test guest counts a transfer's exits).
 */
#define HVISOR_HC_GUEST_DOORBELL 0x100
#define HVISOR_HC_GUEST_CONSOLE_PUTC 0x101
#define HVISOR_HC_GUEST_EXITS 0x102

/*
 * HVISOR_HC_CONSOLE_READ reads the hypervisor's log ring. Log bytes are
 * numbered from 0 (the seq); total = bytes ever written (HVISOR_INFO_LOG_SEQ),
 * oldest = max(0, total - ring size). In: arg1 = PA of a root-cell RAM buffer
 * (physically contiguous; the driver passes at most one page), arg2 = its size,
 * arg3 = seq of the first byte wanted. The hypervisor copies bytes
 * [start, start + count) with start = clamp(arg3, oldest, total) and
 * count = min(arg2, total - start), and returns ret = count and
 * arg1 = start (the calls that also return arg1). start > arg3: older bytes
 * were lost; arg3 > total (e.g. a new session): arg1 = total, so readers
 * resync. ret = -EINVAL when the buffer is not root-cell RAM.
 */

/* HVISOR_HC_GET_INFO selectors. */
#define HVISOR_INFO_VERSION 0
#define HVISOR_INFO_STATE 1 /* 1 = enabled */
#define HVISOR_INFO_MEM_POOL_SIZE 2 /* pages */
#define HVISOR_INFO_MEM_POOL_USED 3 /* pages */
#define HVISOR_INFO_NUM_CELLS 4
#define HVISOR_INFO_NUM_CPUS 5 /* CPUs under the hypervisor */
#define HVISOR_INFO_LOG_SEQ 6 /* bytes ever written to the log ring */

/*
 * Exit reasons counted per CPU (HVISOR_HC_CPU_STATS), the same on every arch:
 * HYPERCALL a call to the hypervisor; FIRMWARE a firmware call it handles or
 * forwards (power management and the like); MMIO a trapped access to
 * guest-physical memory (emulation); IRQ a physical interrupt; SYSREG a trapped system-register
 * (CSR) access; WAIT a trapped wait-for-interrupt; OTHER anything else.
 */
#define HVISOR_EXIT_HYPERCALL 0
#define HVISOR_EXIT_FIRMWARE 1
#define HVISOR_EXIT_MMIO 2
#define HVISOR_EXIT_IRQ 3
#define HVISOR_EXIT_SYSREG 4
#define HVISOR_EXIT_WAIT 5
#define HVISOR_EXIT_OTHER 6
#define HVISOR_NUM_EXITS 7
/* Their names in sysfs and in `hvisor cell stats`, indexed by reason. */
#define HVISOR_EXIT_NAMES                                                 \
	{                                                                 \
		"hypercall", "firmware", "mmio", "irq", "sysreg", "wait", \
			"other"                                           \
	}

#define HVISOR_VERSION 2

#endif
