/* Global hypervisor state: init, shutdown, hypercalls. */
#ifndef HV_CONTROL_H
#define HV_CONTROL_H

#include <hv/types.h>
#include <hvisor/config.h>
#include <hvisor/header.h>

extern struct hvisor_header hvisor_header;
extern const struct hvisor_system *system_config;
extern unsigned int hv_num_cpus; /* CPUs of the platform */
extern u64 hv_stub_vectors;

/* args = x1..x3 in; a call may return a value in args[0] (x1). */
long hypercall(unsigned long code, u64 args[3]);
long guest_hypercall(unsigned long code, u64 args[3]);
long hv_cpu_entry(unsigned int cpu, u64 stub_vectors);
struct per_cpu;
int hv_cpu_disable(struct per_cpu *c);
unsigned int hv_entered_cpus(void);
void hv_cpu_set_online(struct per_cpu *c, bool online);
void panic_stop(const char *why) __noreturn;

#endif
