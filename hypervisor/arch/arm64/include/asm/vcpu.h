/* AArch64 part of a vCPU (struct vcpu.arch); the vGIC keeps its per-vCPU state in the cell. */
#ifndef ASM_VCPU_H
#define ASM_VCPU_H

struct arch_vcpu {};

#endif
