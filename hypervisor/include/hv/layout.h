/* Sizes shared by C and assembly: CPUs supported and the per-CPU stack (struct sizes are generated: asm-defines). */
#ifndef HV_LAYOUT_H
#define HV_LAYOUT_H

#define MAX_CPUS 16
#define PERCPU_STACK_SIZE (16 * 1024)

#endif
