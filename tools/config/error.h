/* Turns binary-config check errors into messages that name the JSON path. */
#ifndef HVISOR_TOOLS_CONFIG_ERROR_H
#define HVISOR_TOOLS_CONFIG_ERROR_H

#include "config/diag.h"

#include <hvisor/config_check.h>
#include <stddef.h>

/*
 * Writes the JSON path of the field e is about, e.g.
 * "root_cell.memory_regions[2].size". cell is the JSON object holding the
 * cell: "root_cell" in a system config, "" for a cell config, whose fields
 * are at the top ("memory_regions[2].size"). Binary-only fields, which JSON
 * cannot set, come out as "(binary) <struct>.<field>".
 */
void config_check_path(const struct hvisor_check_error *e, const char *cell,
		       char *buf, size_t size);

/*
 * Adds "FILE: PATH: REASON[ OTHER REGION][ (VALUE)]" to d, e.g.
 * "root.json: root_cell.memory_regions[2].size: must be a multiple of 4096
 * (0x1234)".
 */
void config_report_check(const struct hvisor_check_error *e, const char *file,
			 const char *cell, struct diag *d);

/*
 * Reports an error of hvisor_check_cell()/hvisor_check_cells(): in
 * system_file when e->cell is -1, else in cell_files[e->cell] (paths from
 * the top of the cell config). A collision with another cell config names
 * it: "memory_regions[0]: physical range is not rootshared in both cells
 * but overlaps memory_regions[1] of other.json (0x90000000)".
 */
void config_report_cells_check(const struct hvisor_check_error *e,
			       const char *system_file,
			       const char *const *cell_files,
			       unsigned int num_cells, struct diag *d);

#endif
