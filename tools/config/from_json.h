/* Conversion of JSON configs into the binary structs of <hvisor/config.h>. */
#ifndef HVISOR_TOOLS_CONFIG_FROM_JSON_H
#define HVISOR_TOOLS_CONFIG_FROM_JSON_H

#include "config/diag.h"

#include <json-c/json.h>
#include <stddef.h>

/* A binary config: struct hvisor_system or hvisor_cell_desc, and its regions. */
struct config_blob {
	void *data;
	size_t size;
};

void config_blob_free(struct config_blob *b);

/*
 * Converts a parsed JSON system config (see docs/config.md) into a binary
 * struct hvisor_system followed by the root cell's memory regions. Reports
 * JSON-level problems (missing, unknown or mistyped fields, bad numbers,
 * values that do not fit the binary fields) into d, each with its JSON path,
 * and returns -1 then; 0 on success. Does not run hvisor_check_system().
 */
int config_system_from_json(struct json_object *root, const char *file,
			    struct config_blob *out, struct diag *d);

/*
 * Same for a cell config: a struct hvisor_cell_desc followed by its memory
 * regions (at most HVISOR_CELL_CONFIG_MAX_SIZE bytes in all). Does not run
 * hvisor_check_cell().
 */
int config_cell_from_json(struct json_object *root, const char *file,
			  struct config_blob *out, struct diag *d);

#endif
