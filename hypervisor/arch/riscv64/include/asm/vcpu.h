/* RISC-V part of a vCPU (struct vcpu.arch): nothing yet (VS CSRs live in the hart while it runs, one vCPU per hart). */
#ifndef ASM_VCPU_H
#define ASM_VCPU_H

struct arch_vcpu {};

#endif
