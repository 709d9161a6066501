/* The SBI error code of a vCPU power result, for the root's and the cells' HSM calls. */
#include <asm/sbi.h>
#include <asm/sbi_power.h>

long sbi_power_error(enum vcpu_power r)
{
	switch (r) {
	case VCPU_POWER_OK:
		return SBI_SUCCESS;
	case VCPU_POWER_INVALID:
		return SBI_ERR_INVALID_PARAM;
	case VCPU_POWER_ALREADY_ON:
		return SBI_ERR_ALREADY_AVAILABLE;
	case VCPU_POWER_DENIED:
		return SBI_ERR_DENIED;
	default:
		return SBI_ERR_FAILED;
	}
}
