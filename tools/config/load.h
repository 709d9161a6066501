/* Loading configs: file -> JSON -> binary -> checked, with every error reported. */
#ifndef HVISOR_TOOLS_CONFIG_LOAD_H
#define HVISOR_TOOLS_CONFIG_LOAD_H

#include "config/blob.h"
#include "config/diag.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Builds a system config from JSON text (len bytes, NUL at text[len]) and
 * runs hvisor_check_system() on it. file names the config in messages.
 * Returns 0 when the config is valid, -1 otherwise with messages in d.
 * out->data is set whenever the JSON could be converted, even if the checks
 * then failed (for `hvisor config dump`): always config_blob_free(out).
 */
int config_system_build(const char *text, size_t len, const char *file,
			struct config_blob *out, struct diag *d);

/* Same, reading the file at path (also used as its name in messages). */
int config_system_load(const char *path, struct config_blob *out,
		       struct diag *d);

/*
 * Builds a cell config from JSON text and runs hvisor_check_cell() on it:
 * against system (a blob config_system_build() accepted; system_file names
 * it in messages) or, with system NULL, only the checks that need no
 * system config. Same return value and out rules as config_system_build().
 */
int config_cell_build(const char *text, size_t len, const char *file,
		      const struct config_blob *system, const char *system_file,
		      struct config_blob *out, struct diag *d);

/* Same, reading the file at path (also used as its name in messages). */
int config_cell_load(const char *path, const struct config_blob *system,
		     const char *system_file, struct config_blob *out,
		     struct diag *d);

/*
 * Checks n cell configs that each passed config_cell_build() together
 * (hvisor_check_cells(): names, CPUs, interrupts, memory, the root's last
 * CPU). Each config found in conflict with an earlier one gets one error in
 * d and failed[i] = true; the others are checked on without it. Returns the
 * number of failed configs.
 */
unsigned int config_cells_check(const struct config_blob *system,
				const char *system_file,
				const struct config_blob *cells,
				const char *const *files, unsigned int n,
				bool *failed, struct diag *d);

#endif
