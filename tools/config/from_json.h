/* Conversion of JSON configs into the binary structs of <hvisor/config.h>. */
#ifndef HVISOR_TOOLS_CONFIG_FROM_JSON_H
#define HVISOR_TOOLS_CONFIG_FROM_JSON_H

#include "config/blob.h"
#include "config/diag.h"

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>

struct config_arch_ops;
struct jobj;

/*
 * Converts a parsed JSON system config (see docs/config.md) into a binary
 * struct hvisor_system followed by the root cell's memory regions. Reports
 * JSON-level problems (missing, unknown or mistyped fields, bad numbers,
 * values that do not fit the binary fields, an unknown "arch") into d, each
 * with its JSON path, and returns -1 then; 0 on success. Does not run
 * hvisor_check_system().
 */
int config_system_from_json(struct json_object *root, const char *file,
			    struct config_blob *out, struct diag *d);

/*
 * Same for a cell config: a struct hvisor_cell_desc followed by its memory
 * regions (at most HVISOR_CELL_CONFIG_MAX_SIZE bytes in all), for the system
 * config's arch system_arch (HVISOR_ARCH_*; 0 when there is none at hand).
 * Does not run hvisor_check_cell().
 */
int config_cell_from_json(struct json_object *root, const char *file,
			  uint32_t system_arch, struct config_blob *out,
			  struct diag *d);

/* A kind of JSON config: how to read its top object, what it becomes. */
struct config_json_kind {
	struct config_blob_kind blob;
	/*
	 * Reads the fields of top (but "arch") into head, a struct
	 * hvisor_system or hvisor_cell_desc; returns the regions (calloc'ed,
	 * *count of them) or NULL.
	 */
	struct hvisor_mem_region *(*parse)(struct jobj *top,
					   const struct config_arch_ops *arch,
					   void *head, size_t *count);
};

/*
 * What both conversions share: the top object, its "arch" (see
 * config_parse_arch()), kind->parse, and the blob built from head (zeroed by
 * the caller) and the regions.
 */
int config_from_json(struct json_object *root, const char *file,
		     uint32_t system_arch, const struct config_json_kind *kind,
		     void *head, struct diag *d, struct config_blob *out);

#endif
