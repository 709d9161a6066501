/* The RISC-V table formats besides the two hv/arch.h names (hv_pte_format = Sv39, stage2_pte_format = Sv39x4). */
#ifndef ASM_PAGING_H
#define ASM_PAGING_H

#include <hv/paging.h>

/* Sv48 for the hypervisor, Sv48x4 for the G stage. */
extern const struct pte_format riscv64_sv48_format;
extern const struct pte_format riscv64_sv48x4_format;

#endif
