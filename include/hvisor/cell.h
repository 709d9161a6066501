/* Cell status as the hypervisor reports it (HVISOR_HC_CELL_GET_INFO). */
#ifndef HVISOR_CELL_H
#define HVISOR_CELL_H

#include <hvisor/types.h>

/* Cell states (struct hvisor_cell_info.state, HVISOR_HC_CELL_GET_STATE). */
#define HVISOR_CELL_RUNNING 0
#define HVISOR_CELL_SHUT_DOWN 1
#define HVISOR_CELL_LOADABLE 2
#define HVISOR_CELL_FAILED 3
#define HVISOR_CELL_NUM_STATES 4
/* Their names in sysfs and in `hvisor cell list`, indexed by state. */
#define HVISOR_CELL_STATE_NAMES                              \
	{                                                    \
		"running", "shut down", "loadable", "failed" \
	}

#define HVISOR_CELL_MAX_VCPUS 16
#define HVISOR_CELL_NUM_EXITS 8 /* >= HVISOR_NUM_EXITS */
#define HVISOR_FAULT_REASON_LEN 160

struct hvisor_cell_info {
	uint32_t id;
	uint32_t state; /* HVISOR_CELL_* */
	char name[32];
	uint64_t cpus; /* physical CPUs (Linux ids) */
	uint32_t num_vcpus;
	uint32_t fault_cpu; /* valid when state == FAILED */
	uint64_t fault_pc;
	uint64_t fault_syndrome; /* cause, in the arch's own encoding */
	uint64_t fault_gpa; /* guest-physical address, 0 if none */
	uint64_t fault_va; /* guest-virtual address, 0 if unknown */
	uint32_t fault_width; /* bytes, 0 if unknown */
	uint32_t fault_write;
	/* the hypervisor's one-line diagnostic, NUL terminated */
	char fault_reason[HVISOR_FAULT_REASON_LEN];
	uint64_t doorbells; /* GUEST_DOORBELL calls so far */
	uint64_t console_seq; /* bytes written to the cell console so far */
	/* exits[v][r]: vCPU v, reason r (HVISOR_EXIT_*) */
	uint64_t exits[HVISOR_CELL_MAX_VCPUS][HVISOR_CELL_NUM_EXITS];
};

#endif
