/* ioctl ABI of /dev/hvisor, shared by the driver and the CLI. */
#ifndef HVISOR_IOCTL_H
#define HVISOR_IOCTL_H

#include <hvisor/types.h>
#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

/* Why EL2 is or is not usable (struct hvisor_info.el2_state). */
#define HVISOR_EL2_STUB 0 /* Linux hyp stub owns EL2: usable */
#define HVISOR_EL2_ABSENT 1 /* the CPU has no EL2 */
#define HVISOR_EL2_VHE 2 /* Linux itself runs at EL2 (VHE) */
#define HVISOR_EL2_FOREIGN 3 /* something else (KVM?) answers at EL2 */
#define HVISOR_EL2_HVISOR 4 /* hvisor is enabled */

struct hvisor_info {
	uint32_t abi; /* HVISOR_IOCTL_ABI */
	uint32_t el2_state; /* HVISOR_EL2_* */
	uint32_t current_el; /* EL the kernel runs at */
	uint32_t enabled; /* 1 while the hypervisor runs */
	uint64_t id_aa64pfr0; /* ID_AA64PFR0_EL1 */
	uint64_t stub_answer; /* x0 after hvc #0 with x0 = 4 */
	uint64_t stub_vectors; /* PA of __hyp_stub_vectors, 0 if unknown */
	/* valid while enabled: */
	uint32_t hv_version;
	uint32_t num_cells;
	uint32_t num_cpus;
	uint32_t reserved;
	uint64_t mem_pool_pages;
	uint64_t mem_pool_used;
};

struct hvisor_enable_args {
	uint64_t config; /* user pointer to a struct hvisor_system blob */
	uint64_t size;
};

struct hvisor_console_args {
	uint64_t buf; /* user pointer */
	uint64_t size; /* in: buffer size; out: bytes copied */
	uint64_t seq; /* in: first byte wanted; out: next seq */
};

#define HVISOR_IOCTL_ABI 1
#define HVISOR_IOCTL_MAGIC 0xa7

#define HVISOR_IOCTL_INFO _IOR(HVISOR_IOCTL_MAGIC, 0, struct hvisor_info)
#define HVISOR_IOCTL_ENABLE _IOW(HVISOR_IOCTL_MAGIC, 1, struct hvisor_enable_args)
#define HVISOR_IOCTL_DISABLE _IO(HVISOR_IOCTL_MAGIC, 2)
#define HVISOR_IOCTL_CONSOLE _IOWR(HVISOR_IOCTL_MAGIC, 3, struct hvisor_console_args)

#endif
