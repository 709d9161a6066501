/* The driver's side for tests of core on the fake arch: system and cell configs in fake RAM, enabling and disabling, cells and their CPUs. */
#ifndef TESTS_UNIT_HV_FIXTURE_H
#define TESTS_UNIT_HV_FIXTURE_H

#include <hv/types.h>
#include <hvisor/config.h>

#include "arch_fake.h"

struct cell;

#define FIX_NUM_CPUS 4 /* platform.num_cpus; all start in the root */
#define FIX_ROOT_CPUS 0xfUL
#define FIX_ROOT_IRQ 32
#define FIX_ROOT_ENTRY 0x1000 /* where onlined root CPUs start (Linux) */

/* Offsets in fake_ram(). */
#define FIX_ROOT_OWN 0x0UL /* root RAM of its own: blobs, buffers */
#define FIX_ROOT_OWN_SIZE (4UL << 20)
#define FIX_BLOB (1UL << 20) /* cell config blobs go here */
#define FIX_BUF (2UL << 20) /* fix_buf() pages */
#define FIX_LENT (4UL << 20) /* root RAM cells may take (loadable) */
#define FIX_LENT_SIZE (16UL << 20)
#define FIX_UART (24UL << 20) /* the hypervisor's PL011 */
#define FIX_GICD (26UL << 20)
#define FIX_GICR (27UL << 20) /* room for 24 redistributors */
#define FIX_ROOT_DEV (30UL << 20) /* a root device region, 64 KiB */
#define FIX_ROOT_ROM (31UL << 20) /* root RAM it may not write */
#define FIX_ROOT_ROM_SIZE (1UL << 20)
#define FIX_CELL_RAM_SIZE (2UL << 20) /* cell RAM slot n: FIX_LENT + n * this */

/* A cell's guest-physical layout. */
#define FIX_CELL_ENTRY 0x80000000UL
#define FIX_CELL_RAM_GPA 0x80000000UL
#define FIX_TESTDEV_GPA 0x10000000UL
#define FIX_CONSOLE_GPA 0x09000000UL
#define FIX_CONSOLE_IRQ 33
#define FIX_DOORBELL_IRQ 34
#define FIX_CELL_IRQ 40 /* + slot: a physical SPI the cell takes */

struct fix_system {
	struct hvisor_system sys;
	struct hvisor_mem_region regions[4];
};

struct fix_cell {
	struct hvisor_cell_desc d;
	struct hvisor_mem_region r[8];
};

u64 fix_pa(u64 offset);
/* A page of root RAM the hypervisor may write (n < 256). */
u64 fix_buf(unsigned int n);

/* The default system: FIX_NUM_CPUS CPUs; root RAM, lent RAM, device, ROM. */
void fix_system_default(struct fix_system *s);
u32 fix_system_size(const struct fix_system *s);

/* Per test: fresh fake machine; leaves behind nothing of a failed test. */
void fix_setup(void);
/* Installs s (NULL: the default) and enters every root CPU; 0 or -errno. */
long fix_enable(const struct fix_system *s);
/* Destroys the cells, onlines root CPUs, DISABLE everywhere; 0 if clean. */
int fix_teardown(void);
/* cmocka group/test fixtures: a fresh machine (enabled), and its check. */
int fix_test_setup(void **state);
int fix_test_setup_enabled(void **state);
int fix_test_teardown(void **state);

/* Cell in RAM slot slot: RAM, a testdev region, a PL011 console. */
void fix_cell_default(struct fix_cell *c, const char *name, u64 cpus,
		      unsigned int slot);
void fix_cell_add(struct fix_cell *c, u64 phys, u64 virt, u64 size, u32 flags,
		  u32 type);
u32 fix_cell_size(const struct fix_cell *c);
/* Copies the blob into root RAM; returns its physical address. */
u64 fix_cell_blob(const struct fix_cell *c);

/* Root hypercall on CPU 0. */
long fix_hc(unsigned long code, u64 a1, u64 a2, u64 a3);
/* As the driver: offlines the cell's CPUs in the root, CELL_CREATE. */
long fix_create(const struct fix_cell *c);
/* fix_create, CELL_START and vCPU 0 running; the id. */
long fix_create_started(const struct fix_cell *c);
/* CELL_DESTROY; on success the driver onlines the CPUs in the root. */
long fix_destroy(unsigned int id);
/* A pending cpu starts (unless autoboot did it); true if it runs a guest. */
bool fix_running(unsigned int cpu);
/* Root CPU_ON of cpu from CPU 0 and cpu starting: its power result. */
long fix_online(unsigned int cpu);

struct cell *fix_cell(unsigned int id);
unsigned int fix_vcpu_cpu(unsigned int id, unsigned int vcpu);

/* The hypervisor log: whether it holds s since seq (0: from the start). */
bool fix_log_has(const char *s, u64 since);
void fix_log_dump(void);

#endif
