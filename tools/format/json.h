/* JSON documents of hvisor info, cell list and cell stats (--json; field names in docs/json.md). */
#ifndef HVISOR_TOOLS_FORMAT_JSON_H
#define HVISOR_TOOLS_FORMAT_JSON_H

#include <hvisor/cell.h>
#include <hvisor/ioctl.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

/* `hvisor info --json`. */
struct json_object *info_json(const struct hvisor_info *info);

/* `hvisor cell list --json`: {"cells": [...]}; the cells run on arch. */
struct json_object *cell_list_json(const struct hvisor_cell_info *cells,
				   unsigned int n, uint32_t arch);

/* `hvisor cell stats --json`. */
struct json_object *cell_stats_json(const struct hvisor_cell_info *info);

/* Prints o as one pretty document and a newline, and drops o. */
void json_print(FILE *f, struct json_object *o);

/* Whether --json is among argv[1..argc-1]; removes it from argv. */
bool json_flag(int *argc, char **argv);

#endif
