/* Loading configs: file -> JSON -> binary -> checked, with every error reported. */
#include "config/load.h"
#include "config/error.h"
#include "config/file_read.h"
#include "config/json_read.h"

#include <hvisor/config_check.h>
#include <stdlib.h>

typedef int (*json_convert_fn)(struct json_object *root, const char *file,
			       struct config_blob *out, struct diag *d);

/* Text -> JSON -> binary blob with convert; the caller runs the checks. */
static int text_to_blob(const char *text, size_t len, const char *file,
			json_convert_fn convert, struct config_blob *out,
			struct diag *d)
{
	struct json_object *root;
	int ret;

	out->data = NULL;
	out->size = 0;
	root = json_parse_text(text, len, file, d);
	if (!root)
		return -1;
	ret = convert(root, file, out, d);
	json_object_put(root);
	return ret ? -1 : 0;
}

int config_system_build(const char *text, size_t len, const char *file,
			struct config_blob *out, struct diag *d)
{
	struct hvisor_check_error err;

	if (text_to_blob(text, len, file, config_system_from_json, out, d))
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
	struct hvisor_check_error err;

	if (text_to_blob(text, len, file, config_cell_from_json, out, d))
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
