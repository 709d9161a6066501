/* The SBI error code of a vCPU power result (HSM hart_start of the root and of cells). */
#ifndef HVISOR_ASM_SBI_POWER_H
#define HVISOR_ASM_SBI_POWER_H

#include <hv/vcpu.h>

long sbi_power_error(enum vcpu_power r);

#endif
