/* Helpers shared by the unit tests: test data paths, JSON patching, captured output. */
#include "test_util.h"
#include "config/file_read.h"
#include "config/load.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

const char *top_path(const char *relative)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/%s", HVISOR_TOP, relative);
	return buf;
}

void *load_system_json(const char *relative, size_t *size)
{
	struct config_blob blob;
	struct diag d;
	int ret;

	diag_init(&d);
	ret = config_system_load(top_path(relative), &blob, &d);
	diag_print(&d, stderr);
	assert_int_equal(ret, 0);
	diag_free(&d);
	*size = blob.size;
	return blob.data;
}

char *read_text(const char *path, size_t *len)
{
	struct diag d;
	char *text;

	diag_init(&d);
	text = file_read(path, len, &d);
	if (!text) {
		diag_print(&d, stderr);
		fail_msg("cannot read %s", path);
	}
	diag_free(&d);
	return text;
}

void assert_message(const char *msg, const char *file, const char *path,
		    const char *start)
{
	char prefix[512];

	if (path && *path)
		snprintf(prefix, sizeof(prefix), "%s: %s: ", file, path);
	else
		snprintf(prefix, sizeof(prefix), "%s: ", file);
	if (strncmp(msg, prefix, strlen(prefix)))
		fail_msg("message \"%s\" does not start with \"%s\"", msg,
			 prefix);
	if (strncmp(msg + strlen(prefix), start, strlen(start)))
		fail_msg("message \"%s\" does not continue with \"%s\"", msg,
			 start);
}

void json_patch(struct json_object **root, const char *pointer,
		const char *json)
{
	struct json_object *parent, *value;
	char parent_ptr[256];
	const char *slash;

	if (!strcmp(json, JSON_DELETE)) {
		slash = strrchr(pointer, '/');
		assert_non_null(slash);
		snprintf(parent_ptr, sizeof(parent_ptr), "%.*s",
			 (int)(slash - pointer), pointer);
		assert_int_equal(json_pointer_get(*root, parent_ptr, &parent),
				 0);
		assert_true(json_object_is_type(parent, json_type_object));
		assert_non_null(json_object_object_get(parent, slash + 1));
		json_object_object_del(parent, slash + 1);
		return;
	}
	/* "null" parses to NULL, which json_pointer_set stores as null. */
	value = json_tokener_parse(json);
	if (!value && strcmp(json, "null"))
		fail_msg("bad JSON in test patch: %s", json);
	if (json_pointer_set(root, pointer, value))
		fail_msg("cannot set %s", pointer);
}
