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

/* What an ESR_EL2 value means: "data abort from a lower EL: translation
 * fault, level 3" and the like. */
void cell_format_esr(uint64_t esr, char *buf, size_t size);

/*
 * The details of a failed cell's fault, without newline:
 * "CPU 3: pc 0x... esr 0x... (data abort ...) ipa 0x... va 0x...
 * 4-byte write".
 */
void cell_format_fault(const struct hvisor_cell_info *info, char *buf,
		       size_t size);

/* The `hvisor cell list` table: header, then a row per cell (and for a
 * failed cell an indented line with cell_format_fault()). */
void cell_list_print(FILE *f, const struct hvisor_cell_info *cells,
		     unsigned int n);

/* `hvisor cell stats`: a line per vCPU with its exits by reason, then the
 * doorbell and console byte counts. */
void cell_stats_print(FILE *f, const struct hvisor_cell_info *info);

#endif
