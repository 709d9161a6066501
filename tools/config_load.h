/* Loading configs: file -> JSON -> binary -> checked, with every error reported. */
#ifndef HVISOR_TOOLS_CONFIG_LOAD_H
#define HVISOR_TOOLS_CONFIG_LOAD_H

#include "config_json.h"
#include "diag.h"

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

#endif
