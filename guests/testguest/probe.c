/* Test guest loads that may fault: the probe of each access size. */
#include "probe.h"

int probe_load(uintptr_t addr, unsigned int size, uint64_t *val)
{
	switch (size) {
	case 1:
		return probe_load8(addr, val);
	case 2:
		return probe_load16(addr, val);
	case 4:
		return probe_load32(addr, val);
	default:
		return probe_load64(addr, val);
	}
}
