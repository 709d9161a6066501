/* Loading configs: file -> JSON -> binary -> checked, alone and together, with every error reported. */
#include "config/load.h"
#include "config/error.h"
#include "config/file_read.h"
#include "config/from_json.h"
#include "config/json_read.h"

#include <hvisor/config_check.h>
#include <stdlib.h>

/* Text -> JSON, out emptied first (the caller converts and checks). */
static struct json_object *text_to_json(const char *text, size_t len,
					const char *file,
					struct config_blob *out, struct diag *d)
{
	out->data = NULL;
	out->size = 0;
	return json_parse_text(text, len, file, d);
}

int config_system_build(const char *text, size_t len, const char *file,
			struct config_blob *out, struct diag *d)
{
	struct json_object *root = text_to_json(text, len, file, out, d);
	struct hvisor_check_error err;
	int ret;

	if (!root)
		return -1;
	ret = config_system_from_json(root, file, out, d);
	json_object_put(root);
	if (ret)
		return -1;
	if (hvisor_check_system(out->data, out->size, &err)) {
		config_report_check(&err, file, "root_cell", d);
		return -1;
	}
	return 0;
}

int config_system_load(const char *path, struct config_blob *out,
		       struct diag *d)
{
	size_t len;
	char *text = file_read(path, &len, d);
	int ret;

	out->data = NULL;
	out->size = 0;
	if (!text)
		return -1;
	ret = config_system_build(text, len, path, out, d);
	free(text);
	return ret;
}

int config_cell_build(const char *text, size_t len, const char *file,
		      const struct config_blob *system, const char *system_file,
		      struct config_blob *out, struct diag *d)
{
	const struct hvisor_system *sys = system ? system->data : NULL;
	struct json_object *root = text_to_json(text, len, file, out, d);
	struct hvisor_check_error err;
	int ret;

	if (!root)
		return -1;
	ret = config_cell_from_json(root, file, sys ? sys->arch : 0, out, d);
	json_object_put(root);
	if (ret)
		return -1;
	if (hvisor_check_cell(system ? system->data : NULL,
			      system ? system->size : 0, out->data, out->size,
			      &err)) {
		config_report_cells_check(&err, system_file, &file, 1, d);
		return -1;
	}
	return 0;
}

int config_cell_load(const char *path, const struct config_blob *system,
		     const char *system_file, struct config_blob *out,
		     struct diag *d)
{
	size_t len;
	char *text = file_read(path, &len, d);
	int ret;

	out->data = NULL;
	out->size = 0;
	if (!text)
		return -1;
	ret = config_cell_build(text, len, path, system, system_file, out, d);
	free(text);
	return ret;
}

unsigned int config_cells_check(const struct config_blob *system,
				const char *system_file,
				const struct config_blob *cells,
				const char *const *files, unsigned int n,
				bool *failed, struct diag *d)
{
	const void **blobs = calloc(n ? n : 1, sizeof(*blobs));
	const char **names = calloc(n ? n : 1, sizeof(*names));
	unsigned int *index = calloc(n ? n : 1, sizeof(*index));
	uint64_t *sizes = calloc(n ? n : 1, sizeof(*sizes));
	struct hvisor_check_error err;
	unsigned int i, m, bad = 0;

	if (!blobs || !names || !index || !sizes) {
		diag_add(d, NULL, NULL, "out of memory");
		for (i = 0; i < n; i++)
			failed[i] = true;
		bad = n;
		goto out;
	}
	for (i = 0; i < n; i++)
		failed[i] = false;
	/* Drop the config an error is about and check the rest again. */
	for (;;) {
		for (i = 0, m = 0; i < n; i++) {
			if (failed[i])
				continue;
			blobs[m] = cells[i].data;
			sizes[m] = cells[i].size;
			names[m] = files[i];
			index[m++] = i;
		}
		if (!hvisor_check_cells(system ? system->data : NULL,
					system ? system->size : 0, blobs, sizes,
					m, &err))
			break;
		config_report_cells_check(&err, system_file, names, m, d);
		if (err.cell < 0 || (unsigned int)err.cell >= m) {
			/* The system config itself: nothing passes. */
			for (i = 0; i < n; i++)
				bad += !failed[i];
			for (i = 0; i < n; i++)
				failed[i] = true;
			break;
		}
		failed[index[err.cell]] = true;
		bad++;
	}
out:
	free(blobs);
	free(names);
	free(index);
	free(sizes);
	return bad;
}
