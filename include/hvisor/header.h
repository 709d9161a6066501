/* Header at offset 0 of the hypervisor image (hvisor.bin). */
#ifndef HVISOR_HEADER_H
#define HVISOR_HEADER_H

#include <hvisor/types.h>

#define HVISOR_IMAGE_SIGNATURE "HVISORIM"
#define HVISOR_IMAGE_ABI 2

/*
 * Memory layout of the hypervisor region, as the driver prepares it:
 *   [0, core_size)          image; the driver copies hvisor.bin and zeroes
 *                           the rest (bss)
 *   [core_size, +cfg size)  the binary system config (struct hvisor_system)
 *   the rest                owned by the hypervisor: per-CPU data, page pool
 */
struct hvisor_header {
	char signature[8]; /* HVISOR_IMAGE_SIGNATURE */
	uint32_t abi; /* HVISOR_IMAGE_ABI */
	uint32_t header_size; /* sizeof(struct hvisor_header) */
	uint64_t core_size; /* image + bss, page aligned */
	uint64_t entry; /* offset of the entry point (meaning per arch:
			   include/arch/<arch>/asm/hvisor_call.h) */
	uint32_t max_cpus; /* CPUs the image supports */
	uint32_t config_size; /* set by the driver */
	uint32_t online_cpus; /* set by the driver */
	uint32_t reserved;
};

#endif
