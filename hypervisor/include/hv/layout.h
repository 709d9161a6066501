/* Sizes shared by C and assembly: CPUs supported and the per-CPU area. */
#ifndef HV_LAYOUT_H
#define HV_LAYOUT_H

#define MAX_CPUS 16
#define PERCPU_STACK_SIZE (16 * 1024)
#define PERCPU_SIZE (20 * 1024) /* sizeof(struct per_cpu), checked in C */

#endif
