/* Fixed-width types for the ABI shared by hypervisor, driver and tools. */
#ifndef HVISOR_TYPES_H
#define HVISOR_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#endif
