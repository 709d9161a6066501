/* vCPUs: what a cell's virtual CPU is, its requests, and its power state machine. */
#ifndef HV_VCPU_H
#define HV_VCPU_H

#include <hv/types.h>
#include <hvisor/config.h>
#include <asm/vcpu.h>

struct per_cpu;
struct cell;

#define VCPU_REQ_STOP BIT(0) /* leave the cell: CPU off */
#define VCPU_REQ_INJECT BIT(1) /* new virtual interrupts pending */
#define VCPU_REQ_FLUSH_TLB BIT(2) /* stage-2 changed */

/* One virtual CPU; today each runs on its own physical CPU (1:1). */
struct vcpu {
	unsigned int id; /* index in its cell */
	unsigned int cpu; /* physical CPU that runs it */
	bool on; /* started and not stopped; changed under the power lock */
	u64 entry, arg; /* where it starts next, and its argument */
	volatile u32 requests; /* VCPU_REQ_* */
	u32 pending_irqs[HVISOR_MAX_IRQS / 32]; /* virtual interrupts */
	/* a forwarded (virtio) access waiting for the root's daemon */
	u64 vio_seq; /* the request it waits for, 0 = none (atomics) */
	u64 vio_value;
	u64 vio_done; /* seq of the last answer given (release) */
	struct arch_vcpu arch;
};

/* Results of the power calls a guest makes through its firmware interface. */
enum vcpu_power {
	VCPU_POWER_OK,
	VCPU_POWER_INVALID, /* no such vCPU */
	VCPU_POWER_ALREADY_ON,
	VCPU_POWER_DENIED, /* the cell is being stopped, reset or destroyed */
	VCPU_POWER_FAILED, /* the firmware did not start the CPU */
};

struct vcpu *cell_vcpu(struct cell *cell, unsigned int v);

/* Asks the vCPU on cpu to act; kicks it if it runs elsewhere. */
void vcpu_request(unsigned int cpu, u32 req);
/* Injects virtual interrupt irq into vCPU v of cell. */
void vcpu_inject(struct cell *cell, unsigned int v, unsigned int irq);

/* Power (core/power.c); the arch's firmware-call decoders call these. */
enum vcpu_power vcpu_start(struct cell *cell, unsigned int v, u64 entry,
			   u64 arg);
bool vcpu_is_on(struct cell *cell, unsigned int v);
/* A guest's power-state query of a vCPU (AFFINITY_INFO, HART_GET_STATUS). */
enum vcpu_affinity {
	VCPU_AFFINITY_ON, /* running */
	VCPU_AFFINITY_OFF, /* off for good: a start of it now succeeds */
	VCPU_AFFINITY_ON_PENDING, /* started, not yet up */
	VCPU_AFFINITY_OFF_PENDING, /* stopped itself, its CPU not yet off */
};
enum vcpu_affinity vcpu_affinity(struct cell *cell, unsigned int v);
/* Powers the calling CPU off for good (CPU_OFF, or its cell stopped it). */
void vcpu_stop_self(struct per_cpu *c) __noreturn;
/* SYSTEM_OFF of a cell: the cell shuts down, every vCPU stops. */
void cell_power_off(struct per_cpu *c) __noreturn;
/* SYSTEM_RESET of a cell: all vCPUs stop, vCPU 0 restarts at the entry. */
void cell_reset(struct per_cpu *c);
/* CPU_ON of the root for one of its CPUs that is off. */
enum vcpu_power root_cpu_start(unsigned int cpu, u64 entry, u64 arg);
/*
 * CPU_SUSPEND of a root CPU to a power-down state, before the arch asks the
 * firmware for it with the hypervisor's cold entry: the root's entry and
 * arg wait in the vCPU, and hv_cpu_resume() enters them once EL2 is set up
 * again. The CPU stays online for the hypervisor meanwhile. A standby
 * state (the CPU keeps its context) goes to the firmware as it is.
 */
void root_cpu_suspend(struct per_cpu *c, u64 entry, u64 arg);

/*
 * The root stops a cell (shutdown, destroy): from now on no vCPU of it can
 * be started (until cell_start); waits until all its CPUs are off. -EBUSY
 * if one does not stop in time (the cell must then not be torn down).
 */
int vcpu_stop_cell(struct cell *cell);
/* Starts a cell that is not running: vCPU 0 at the config's entry. */
int cell_power_on(struct cell *cell);

#endif
