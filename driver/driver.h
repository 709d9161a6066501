/* Internal interfaces of the hvisor.ko driver: shared state and prototypes. */
#ifndef HVISOR_DRIVER_H
#define HVISOR_DRIVER_H

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <hvisor/config.h>
#include <hvisor/header.h>
#include <hvisor/hypercall.h>
#include <hvisor/ioctl.h>

/* Largest system config the driver accepts from user space. */
#define HVISOR_CONFIG_MAX_SIZE (1024 * 1024)
/* Room the hypervisor needs after image and config (per-CPU data, pool). */
#define HVISOR_MIN_FREE_SIZE (1024 * 1024)
/* Name of the image looked up in /lib/firmware. */
#define HVISOR_FIRMWARE "hvisor.bin"

struct hvisor_state {
	struct mutex lock; /* serialises enable, disable and all hypercalls */
	bool enabled;
	cpumask_t cpus; /* CPUs currently running under the hypervisor */
	cpumask_t managed; /* CPUs that entered at enable (statistics) */
	/* result of the EL2 detection at module load */
	u32 el2_state; /* HVISOR_EL2_* */
	u32 current_el;
	u64 id_aa64pfr0;
	u64 stub_answer;
	phys_addr_t stub_vectors; /* PA of __hyp_stub_vectors */
};

extern struct hvisor_state hvisor;

/* One hvisor hypercall: code and arguments in, ret (x0) and x1 out. */
struct hvisor_hc {
	u64 code;
	u64 x1;
	u64 x2;
	u64 x3;
	long ret;
};

/* el2.c */
int hvisor_el2_detect(void);
const char *hvisor_el2_describe(u32 state);
long hvisor_enter_local(phys_addr_t init_vectors);
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
			 u32 online_cpus, u64 *init_vectors);

/* enable.c */
int hvisor_enable(const struct hvisor_enable_args *args, struct device *dev);
int hvisor_disable(void);

/* console.c */
int hvisor_console_read(struct hvisor_console_args *args);

/* sysfs.c */
int hvisor_sysfs_init(void);
void hvisor_sysfs_exit(void);
void hvisor_sysfs_update(void);

#endif
