/* Global hypervisor state: the image, the system config, CPUs under the hypervisor. */
#ifndef HV_CONTROL_H
#define HV_CONTROL_H

#include <hv/paging.h>
#include <hv/types.h>
#include <hvisor/config.h>
#include <hvisor/header.h>

struct per_cpu;

extern struct hvisor_header hvisor_header;
extern const struct hvisor_system *system_config;
extern unsigned int hv_num_cpus; /* CPUs of the platform */
extern struct page_table hv_pt; /* the hypervisor's own page table */

/* The calling CPU leaves the hypervisor (the last one tears it down). */
void hv_cpu_disable(struct per_cpu *c);
unsigned int hv_entered_cpus(void);
/* A CPU under the hypervisor goes off (false) or comes back (true). */
void hv_cpu_set_online(struct per_cpu *c, bool online);

#endif
