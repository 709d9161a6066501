/* Turns binary-config check errors into messages that name the JSON path. */
#ifndef HVISOR_TOOLS_CONFIG_ERROR_H
#define HVISOR_TOOLS_CONFIG_ERROR_H

#include "diag.h"

#include <hvisor/config_check.h>
#include <stddef.h>

/*
 * Writes the JSON path of the field e is about, e.g.
 * "root_cell.memory_regions[2].size". cell is the JSON object holding the
 * cell ("root_cell" in a system config). Binary-only fields, which JSON
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

#endif
