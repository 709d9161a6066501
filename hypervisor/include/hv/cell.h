/* Cells: partitions with their CPUs, memory (stage 2), interrupts and MMIO devices. */
#ifndef HV_CELL_H
#define HV_CELL_H

#include <hv/types.h>
#include <hv/mmio.h>
#include <hv/paging.h>
#include <hv/pci.h>
#include <hv/spinlock.h>
#include <hvisor/cell.h>
#include <hvisor/config.h>
#include <asm/cell.h>

#define MAX_CELLS 8 /* non-root cells at once */
#define CONSOLE_RING_SIZE (64 * 1024)
#define CONSOLE_INPUT_SIZE 256

/* A cell's console: output ring, input from the root, the model's registers. */
struct cell_console {
	char *ring; /* CONSOLE_RING_SIZE bytes from the pool */
	u64 total; /* bytes ever written */
	char input[CONSOLE_INPUT_SIZE];
	unsigned int in_head, in_tail;
	u32 regs[16]; /* register state of the console model (console_type) */
	void (*on_input)(struct cell *cell); /* the model's hook, may be NULL */
	spinlock_t lock;
};

/* Power state of a cell as a whole; every vCPU start checks it. */
enum cell_power {
	CELL_POWER_OFF, /* not started, or shut down */
	CELL_POWER_RUNNING, /* vCPUs may start each other */
	CELL_POWER_RESETTING, /* a vCPU resets the cell: no starts */
	CELL_POWER_STOPPING, /* shutdown, failure or destroy: no starts */
};

/* A guest access or trap nothing handles, as the arch decoded it. */
struct cell_fault {
	u64 pc;
	u64 syndrome; /* the arch's own encoding of the cause */
	u64 gpa; /* guest-physical address, 0 if none */
	u64 va; /* guest-virtual address, 0 if unknown */
	unsigned int width; /* bytes, 0 if unknown */
	bool write;
	/*
	 * An access outside the cell (data or instruction): under the abort
	 * policy the arch raises an abort in the guest for it.
	 */
	bool abortable;
	const char *reason; /* one-line diagnostic */
};

struct virtio_cfg_cache;

struct cell {
	unsigned int id;
	unsigned int state; /* HVISOR_CELL_* */
	enum cell_power power; /* under power_lock */
	spinlock_t power_lock;
	const struct hvisor_cell_desc *config; /* private copy */
	unsigned int config_pages;
	u64 cpus; /* physical CPUs */
	unsigned int num_vcpus;
	unsigned int vcpu_cpu[HVISOR_CELL_MAX_VCPUS]; /* vCPU -> CPU */
	u32 irqs[HVISOR_MAX_IRQS / 32]; /* physical interrupts owned */
	struct page_table stage2;
	struct mmio_table mmio;
	struct cell_console console;
	u64 doorbells;
	u64 testdev_scratch, testdev_counter; /* the emulated test device */
	u64 virtio_broken; /* bit n: virtio region n timed out, needs reset */
	u32 virtio_isr[64]; /* InterruptStatus of virtio region n */
	struct virtio_cfg_cache
		*virtio_cfg; /* their config space, as last read */
	struct hvisor_cell_info fault; /* fault_* fields when FAILED */
	struct cell_pci pci; /* its PCI devices (core/pci.c) */
	struct arch_cell arch;
};

extern struct cell root_cell;

int cell_init_root(const struct hvisor_cell_desc *desc);
bool cell_owns_irq(const struct cell *cell, unsigned int irq);
bool cell_owns_cpu(const struct cell *cell, unsigned int cpu);
void cell_destroy_root(void);
/* With the management lock held (create, start, ... destroy do). */
struct cell *cell_by_id(unsigned int id);
/*
 * The cell with that id, held (no management call, destroy included, runs)
 * until cell_put(); NULL if there is none. For calls outside the
 * management lock: a cell found without it may be freed under the caller.
 */
struct cell *cell_get(unsigned int id);
void cell_put(struct cell *cell);
unsigned int cell_count(void);
u64 cell_map_flags(const struct hvisor_mem_region *r);

/* Management (root only); return >= 0 or -errno. */
long cell_create(u64 config_pa, u64 size);
long cell_set_loadable(unsigned int id);
long cell_start(unsigned int id);
long cell_shutdown(unsigned int id);
long cell_destroy(unsigned int id);
long cell_get_info(unsigned int id, u64 buf_pa);

/* Stops the calling cell with a diagnostic; does not return. */
void cell_fail(const char *fmt, ...)
	__attribute__((format(printf, 1, 2))) __noreturn;

/* The cell console (core/console.c) and its device models (devices/). */
int console_init(struct cell *cell);
void console_exit(struct cell *cell);
void console_putc(struct cell *cell, char c);
long console_read(struct cell *cell, u64 buf_pa, u64 *seq);
long console_input(struct cell *cell, u64 bytes, unsigned int count);
bool console_input_empty(const struct cell_console *con);
int console_getc(struct cell *cell); /* -1 when no input */
/* The console's interrupt to vCPU 0 (none without console_irq), for the models. */
void console_raise_irq(struct cell *cell);

/* Emulated devices. */
int vuart_pl011_init(struct cell *cell);
int vuart_8250_init(struct cell *cell);
int testdev_init(struct cell *cell, u64 base, u64 size);

/* Virtio forwarding to the root's daemon. */
int virtio_init(void);
u64 virtio_ring_pa(void);
int virtio_cell_init(struct cell *cell, unsigned int region, u64 base,
		     u64 size);
void virtio_cell_exit(struct cell *cell);
long virtio_complete(u64 cell_vcpu, u64 value, u64 seq);
long virtio_inject(u64 cell_id, u64 irq, u64 status);
long virtio_set_timeout(u64 ms);
long virtio_replay(void);

/* Root buffer check: PA of a root-RAM page the hypervisor may write. */
void *root_buffer(u64 buf, u64 size);

#endif
