/* Human-readable text for struct hvisor_cell_info (hvisor cell list, stats). */
#ifndef HVISOR_TOOLS_FORMAT_CELL_H
#define HVISOR_TOOLS_FORMAT_CELL_H

#include <hvisor/cell.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* "running", "shut down", "loadable", "failed", or "unknown (N)". */
const char *cell_state_name(uint32_t state, char *buf, size_t size);

/* "2-3", "0,2,5-7", or "none" for a CPU bitmap. */
void cell_format_cpus(uint64_t cpus, char *buf, size_t size);

/*
 * What a fault syndrome (hvisor_cell_info.fault_syndrome) of arch
 * (HVISOR_ARCH_*) means, e.g. "data abort from a lower EL: translation
 * fault, level 3"; "" when this build cannot decode the arch's.
 */
void cell_format_syndrome(uint32_t arch, uint64_t syndrome, char *buf,
			  size_t size);

/*
 * The details of a failed cell's fault on arch, without newline, in the
 * arch's words: "CPU 3: pc 0x... SYNDROME 0x... (what it means) GPA 0x...
 * va 0x... 4-byte write", where the arch names SYNDROME and GPA
 * ("syndrome" and "gpa" for an arch this build does not know).
 */
void cell_format_fault(const struct hvisor_cell_info *info, uint32_t arch,
		       char *buf, size_t size);

/* The `hvisor cell list` table: header, then a row per cell (and for a
 * failed cell an indented line with cell_format_fault()); the cells run on
 * arch. */
void cell_list_print(FILE *f, const struct hvisor_cell_info *cells,
		     unsigned int n, uint32_t arch);

/* `hvisor cell stats`: a line per vCPU with its exits by reason, then the
 * doorbell and console byte counts. */
void cell_stats_print(FILE *f, const struct hvisor_cell_info *info);

#endif
