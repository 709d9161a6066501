/* Helpers of the config create unit tests: fixtures read as machines, generated configs built and checked, JSON fields by dotted path. */
#include "create_util.h"
#include "config/load.h"
#include "test_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

void read_machine(struct machine *m, const char *dir)
{
	struct diag d;

	diag_init(&d);
	if (machine_read(top_path(dir), m, &d)) {
		diag_print(&d, stderr);
		fail_msg("machine_read failed");
	}
	diag_free(&d);
}

struct json_object *generate_root(struct machine *m,
				  const struct create_arch_ops *ops,
				  uint64_t hv_size)
{
	struct json_object *o;
	struct diag d;

	diag_init(&d);
	o = create_root(m, ops, hv_size, &d);
	if (!o) {
		diag_print(&d, stderr);
		fail_msg("create_root failed");
	}
	diag_free(&d);
	return o;
}

struct json_object *read_json(const char *relative)
{
	size_t len;
	char *text = read_text(top_path(relative), &len);
	struct json_object *o = json_tokener_parse(text);

	free(text);
	assert_non_null(o);
	return o;
}

struct json_object *at(struct json_object *o, const char *path)
{
	char buf[256], *part, *save;
	struct json_object *v = o;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part;
	     part = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(v, part, &v))
			fail_msg("no %s", path);
	return v;
}

uint64_t num(struct json_object *o, const char *path)
{
	struct json_object *v = at(o, path);

	if (json_object_is_type(v, json_type_string))
		return strtoull(json_object_get_string(v), NULL, 0);
	return (uint64_t)json_object_get_int64(v);
}

/* The binary config of a generated root or cell config, checked. */
void build(struct json_object *o, const struct config_blob *system,
	   struct config_blob *out)
{
	const char *text = json_object_to_json_string(o);
	struct diag d;
	int ret;

	diag_init(&d);
	ret = system ? config_cell_build(text, strlen(text), "cell.json",
					 system, "root.json", out, &d) :
		       config_system_build(text, strlen(text), "root.json", out,
					   &d);
	if (ret) {
		diag_print(&d, stderr);
		fail_msg("the generated config fails the checks:\n%s", text);
	}
	diag_free(&d);
}

/* Region i of a config as (type, start, end, flags text). */
void region_of(struct json_object *o, size_t i, const char **type,
	       uint64_t *start, uint64_t *end, const char **flags)
{
	struct json_object *r =
		json_object_array_get_idx(at(o, "root_cell.memory_regions"), i);

	*type = json_object_get_string(at(r, "type"));
	*start = num(r, "phys_start");
	*end = *start + num(r, "size");
	*flags = json_object_to_json_string(at(r, "flags"));
}

size_t num_regions(struct json_object *o)
{
	return json_object_array_length(at(o, "root_cell.memory_regions"));
}

struct root_fixture *root_fixture_new(const char *dir,
				      const struct create_arch_ops *ops)
{
	struct root_fixture *f = calloc(1, sizeof(*f));
	struct json_object *gen;

	assert_non_null(f);
	read_machine(&f->m, dir);
	gen = generate_root(&f->m, ops, CREATE_HV_SIZE);
	build(gen, NULL, &f->system);
	json_object_put(gen);
	return f;
}

void root_fixture_free(struct root_fixture *f)
{
	config_blob_free(&f->system);
	machine_free(&f->m);
	free(f);
}

struct json_object *generate_cell(struct root_fixture *f,
				  const struct create_arch_ops *ops,
				  const struct create_cell_request *req,
				  struct config_blob *out)
{
	struct json_object *o;
	struct diag d;

	diag_init(&d);
	o = create_cell(f->system.data, ops, req, &d);
	if (!o) {
		diag_print(&d, stderr);
		fail_msg("create_cell failed");
	}
	diag_free(&d);
	build(o, &f->system, out);
	return o;
}
