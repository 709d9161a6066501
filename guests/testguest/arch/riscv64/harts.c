/* Test guest vCPU/hart map on riscv64: vCPU 0 is the boot hart, the others the remaining harts in id order. */
#include "riscv64.h"

static uint64_t boot_hart;

/*
 * OpenSBI starts the image on a hart it picks at random on bare QEMU; in a
 * cell the boot hart is virtual hart 0 and the map is the identity.
 */
void hart_map_init(uint64_t hart)
{
	boot_hart = hart;
}

uint64_t vcpu_hart(unsigned int cpu)
{
	if (cpu == 0)
		return boot_hart;
	return cpu <= boot_hart ? cpu - 1 : cpu;
}
