/* Internal interfaces of the hvisor.ko driver: shared state and prototypes. */
#ifndef HVISOR_DRIVER_H
#define HVISOR_DRIVER_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <hvisor/cell.h>
#include <hvisor/config.h>
#include <hvisor/header.h>
#include <hvisor/hypercall.h>
#include <hvisor/ioctl.h>
#include <hvisor/virtio.h>

#include "arch.h"

/* Largest system config the driver accepts from user space. */
#define HVISOR_CONFIG_MAX_SIZE (1024 * 1024)
/* Room the hypervisor needs after image and config (per-CPU data, pool). */
#define HVISOR_MIN_FREE_SIZE (1024 * 1024)
/* Name of the image looked up in /lib/firmware. */
#define HVISOR_FIRMWARE "hvisor.bin"

/*
 * Lock order: a cell's exec_lock, then hvisor.lock, then the CPU hotplug
 * lock (remove_cpu/add_cpu are called with hvisor.lock held, so nothing in
 * a CPU hotplug callback may take hvisor.lock). hvisor.lock is held while
 * copying from and to user space, so mmap (called with mmap_lock held) takes
 * only map_lock: its holders never take hvisor.lock or touch user memory.
 * Order: hvisor.lock, then map_lock; mmap_lock, then map_lock.
 */
struct hvisor_state {
	struct mutex lock; /* serialises enable, disable and all hypercalls */
	bool enabled;
	struct list_head cells; /* struct hvisor_cell, creation order; lock */
	unsigned int root_virq; /* Linux IRQ of platform.root_irq, 0 = none */
	atomic64_t root_irqs; /* root interrupts taken since module load */
	wait_queue_head_t irq_wait; /* woken by the root interrupt */
	cpumask_t cpus; /* CPUs currently running under the hypervisor */
	cpumask_t managed; /* CPUs that entered at enable (statistics) */
	u32 hyp_state; /* HVISOR_HYP_*, set by hvisor_arch_detect() at load */
	/* virtio forwarding (virtio.c, mmap.c) */
	struct mutex map_lock; /* mmap; changes of cells need it too */
	bool map_ok; /* map_lock: mmap allowed (enabled) */
	phys_addr_t ring_pa; /* request ring, 0 = none; map_lock to change */
	phys_addr_t hv_phys; /* the hypervisor's memory, never mapped */
	u64 hv_size;
	struct hvisor_req_ring __rcu *ring; /* kernel mapping of ring_pa */
	bool hc_ok; /* hot-path hypercalls allowed; checked under RCU */
	atomic_t mappings; /* VMAs of the ring or cell RAM, all processes */
};

extern struct hvisor_state hvisor;

/* A cell the driver created; lives until destroyed and unreferenced. */
struct hvisor_cell {
	struct list_head node; /* in hvisor.cells while it exists */
	struct kref ref;
	u32 id;
	bool gone; /* destroyed (under hvisor.lock) */
	char name[HVISOR_NAME_LEN];
	cpumask_t cpus;
	struct hvisor_cell_desc *config; /* copy, regions included */
	phys_addr_t mailbox_pa; /* 0 = no mailbox */
	struct mutex exec_lock; /* one mailbox command at a time */
	atomic_t mappings; /* VMAs of its rootshared RAM: no destroy */
};

/*
 * One hvisor hypercall: code and arguments in, ret and arg1 out (the
 * registers of include/hvisor/hypercall.h).
 */
struct hvisor_hc {
	u64 code;
	u64 arg1;
	u64 arg2;
	u64 arg3;
	long ret;
};

/* hypercall.c */
void hvisor_hc_local(struct hvisor_hc *hc);
long hvisor_hc_on(int cpu, struct hvisor_hc *hc);
long hvisor_hc_any(struct hvisor_hc *hc);
long hvisor_get_info(u64 selector);

/* image.c */
struct firmware;
int hvisor_image_load(const struct firmware **fw, struct device *dev);
int hvisor_image_check(const struct firmware *fw,
		       const struct hvisor_system *sys, u32 cfg_size);
int hvisor_image_install(const struct firmware *fw,
			 const struct hvisor_system *sys, u32 cfg_size,
			 u32 online_cpus);

/* enable.c */
int hvisor_enable(const struct hvisor_enable_args *args, struct device *dev);
int hvisor_disable(void);

/* console.c */
int hvisor_console_read(struct hvisor_console_args *args);
int hvisor_cell_console_read(struct hvisor_cell_console_args *args);
long hvisor_cell_console_write(
	const struct hvisor_cell_console_write_args *args);

/* cell.c */
struct hvisor_cell *hvisor_cell_lookup(u32 id);
struct hvisor_cell *hvisor_cell_get(u32 id);
void hvisor_cell_put(struct hvisor_cell *cell);
const char *hvisor_cell_state_name(long state);
const struct hvisor_mem_region *
hvisor_cell_ram_region(const struct hvisor_cell_desc *desc, u64 ipa, u64 size,
		       u32 flags);
long hvisor_cell_create(const struct hvisor_cell_create_args *args);
int hvisor_cell_start(u32 id);
int hvisor_cell_shutdown(u32 id);
int hvisor_cell_destroy(u32 id);
int hvisor_cell_list(struct hvisor_cell_list_args *args);
int hvisor_cell_info(const struct hvisor_cell_info_args *args);
int hvisor_cells_block_disable(void);

/* cell_cpus.c */
int hvisor_cell_cpus_take(const struct cpumask *cpus);
void hvisor_cell_cpus_own(const struct cpumask *cpus, u32 id);
void hvisor_cell_cpus_give(const struct cpumask *cpus);
int hvisor_cell_cpus_init(void);
void hvisor_cell_cpus_exit(void);

/* cell_load.c */
int hvisor_cell_load(const struct hvisor_cell_load_args *args);

/* cell_exec.c */
void hvisor_mailbox_reset(const struct hvisor_cell *cell);
int hvisor_cell_exec(struct hvisor_cell_exec_args *args);

/* ioctl_cell.c */
long hvisor_cell_ioctl(unsigned int cmd, void __user *uarg);

/* root_irq.c */
struct file;
struct poll_table_struct;
int hvisor_root_irq_setup(u32 root_irq);
void hvisor_root_irq_free(void);
int hvisor_irq_open(struct file *file);
int hvisor_irq_release(struct file *file);
ssize_t hvisor_irq_read(struct file *file, char __user *buf, size_t len);
__poll_t hvisor_irq_poll(struct file *file, struct poll_table_struct *wait);

/* virtio.c */
void hvisor_virtio_start(const struct hvisor_system *sys);
int hvisor_virtio_stop(void);
void hvisor_virtio_resume(void);
void hvisor_virtio_release(void);
bool hvisor_ring_pending(void);
int hvisor_ring_show(char *buf);
long hvisor_virtio_ioctl(unsigned int cmd, void __user *uarg);

/* mmap.c */
struct vm_area_struct;
int hvisor_mmap(struct file *file, struct vm_area_struct *vma);

/* sysfs.c */
int hvisor_sysfs_init(void);
void hvisor_sysfs_exit(void);
void hvisor_sysfs_update(void);

#endif
