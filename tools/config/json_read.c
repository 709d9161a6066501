/* Strict reading of JSON config values that names the JSON path in every error. */
#include "config/json_read.h"
#include "config/number.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jctx_init(struct jctx *c, const char *file, struct diag *d)
{
	c->diag = d;
	c->file = file;
	c->path[0] = '\0';
	c->len = 0;
	c->errors = 0;
}

/* Accounts for n characters written by snprintf at the end of the path. */
static size_t jctx_grow(struct jctx *c, size_t saved, int n)
{
	size_t room = sizeof(c->path) - saved;

	if (n < 0 || (size_t)n >= room)
		c->len = sizeof(c->path) - 1;
	else
		c->len = saved + (size_t)n;
	return saved;
}

size_t jctx_push_key(struct jctx *c, const char *key)
{
	size_t saved = c->len;

	return jctx_grow(c, saved,
			 snprintf(c->path + saved, sizeof(c->path) - saved,
				  "%s%s", saved ? "." : "", key));
}

size_t jctx_push_index(struct jctx *c, size_t index)
{
	size_t saved = c->len;

	return jctx_grow(c, saved,
			 snprintf(c->path + saved, sizeof(c->path) - saved,
				  "[%zu]", index));
}

void jctx_pop(struct jctx *c, size_t saved)
{
	c->len = saved;
	c->path[saved] = '\0';
}

void jctx_error(struct jctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(c->diag, c->file, c->path, "%s", msg);
	c->errors++;
}

const char *json_describe(struct json_object *v, char *buf, size_t size)
{
	switch (json_object_get_type(v)) {
	case json_type_null:
		snprintf(buf, size, "null");
		break;
	case json_type_boolean:
		snprintf(buf, size, "boolean %s",
			 json_object_get_boolean(v) ? "true" : "false");
		break;
	case json_type_int:
	case json_type_double:
		snprintf(buf, size, "number %s", json_object_to_json_string(v));
		break;
	case json_type_string:
		snprintf(buf, size, "string \"%.40s%s\"",
			 json_object_get_string(v),
			 json_object_get_string_len(v) > 40 ? "..." : "");
		break;
	case json_type_array:
		snprintf(buf, size, "an array");
		break;
	case json_type_object:
		snprintf(buf, size, "an object");
		break;
	default:
		snprintf(buf, size, "an unknown JSON value");
		break;
	}
	return buf;
}

static void offset_to_line(const char *text, size_t offset, unsigned int *line,
			   unsigned int *column)
{
	size_t i;

	*line = 1;
	*column = 1;
	for (i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*column = 1;
		} else {
			(*column)++;
		}
	}
}

struct json_object *json_parse_text(const char *text, size_t len,
				    const char *file, struct diag *d)
{
	struct json_tokener *tok = json_tokener_new();
	enum json_tokener_error jerr;
	struct json_object *root;
	unsigned int line, column;
	size_t end;

	if (!tok) {
		diag_add(d, file, NULL, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					    JSON_TOKENER_VALIDATE_UTF8);
	/* Include the terminating NUL: it ends a top-level number. */
	root = json_tokener_parse_ex(tok, text, (int)len + 1);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (jerr == json_tokener_continue) {
		offset_to_line(text, len, &line, &column);
		diag_add(
			d, file, NULL,
			"line %u, column %u: JSON syntax error: unexpected end of file",
			line, column);
		return NULL;
	}
	if (jerr != json_tokener_success) {
		offset_to_line(text, end, &line, &column);
		diag_add(d, file, NULL,
			 "line %u, column %u: JSON syntax error: %s", line,
			 column, json_tokener_error_desc(jerr));
		json_object_put(root);
		return NULL;
	}
	for (; end < len; end++) {
		if (!strchr(" \t\r\n", text[end])) {
			offset_to_line(text, end, &line, &column);
			diag_add(
				d, file, NULL,
				"line %u, column %u: JSON syntax error: data after the end of the document",
				line, column);
			json_object_put(root);
			return NULL;
		}
	}
	return root;
}

bool jobj_begin(struct jobj *o, struct jctx *c, struct json_object *v)
{
	char what[64];

	o->ctx = c;
	o->obj = NULL;
	o->saved = c->len;
	o->num_known = 0;
	if (!json_object_is_type(v, json_type_object)) {
		jctx_error(c, "expected an object, got %s",
			   json_describe(v, what, sizeof(what)));
		return false;
	}
	o->obj = v;
	return true;
}

static bool jobj_enter_field(struct jobj *o, struct jobj *parent,
			     const char *key, bool required)
{
	struct json_object *v = jobj_get(parent, key, required);
	size_t saved;

	if (!v) {
		o->ctx = parent->ctx;
		o->obj = NULL;
		o->saved = parent->ctx->len;
		o->num_known = 0;
		return false;
	}
	saved = jctx_push_key(parent->ctx, key);
	jobj_begin(o, parent->ctx, v);
	o->saved = saved;
	return o->obj != NULL;
}

bool jobj_enter(struct jobj *o, struct jobj *parent, const char *key)
{
	return jobj_enter_field(o, parent, key, true);
}

bool jobj_enter_opt(struct jobj *o, struct jobj *parent, const char *key)
{
	return jobj_enter_field(o, parent, key, false);
}

static bool jobj_is_known(const struct jobj *o, const char *key)
{
	unsigned int i;

	for (i = 0; i < o->num_known; i++)
		if (!strcmp(o->known[i], key))
			return true;
	return false;
}

/* A "comment" field is allowed in every object; it must be a string. */
static void check_comment(struct jctx *c, const char *key,
			  struct json_object *val)
{
	char what[64];
	size_t saved;

	if (json_object_is_type(val, json_type_string))
		return;
	saved = jctx_push_key(c, key);
	jctx_error(c, "expected a string, got %s",
		   json_describe(val, what, sizeof(what)));
	jctx_pop(c, saved);
}

void jobj_end(struct jobj *o)
{
	struct jctx *c = o->ctx;

	if (o->obj) {
		json_object_object_foreach(o->obj, key, val) {
			char expected[256] = "";
			unsigned int i;
			size_t saved;

			if (jobj_is_known(o, key))
				continue;
			if (!strcmp(key, JOBJ_COMMENT)) {
				check_comment(c, key, val);
				continue;
			}
			for (i = 0; i < o->num_known; i++) {
				size_t n = strlen(expected);

				snprintf(expected + n, sizeof(expected) - n,
					 "%s%s", i ? ", " : "", o->known[i]);
			}
			saved = jctx_push_key(c, key);
			jctx_error(c, "unknown field (expected one of: %s)",
				   expected);
			jctx_pop(c, saved);
		}
	}
	jctx_pop(c, o->saved);
}

void jobj_drop(struct jobj *o)
{
	o->obj = NULL;
}

struct json_object *jobj_get(struct jobj *o, const char *key, bool required)
{
	struct json_object *v = NULL;
	size_t saved;
	bool present;

	if (!jobj_is_known(o, key)) {
		if (o->num_known == JOBJ_MAX_FIELDS) {
			fprintf(stderr,
				"hvisor: internal error: too many fields\n");
			abort();
		}
		o->known[o->num_known++] = key;
	}
	if (!o->obj)
		return NULL;
	present = json_object_object_get_ex(o->obj, key, &v);
	if (present && v)
		return v;
	if (present || required) {
		saved = jctx_push_key(o->ctx, key);
		jctx_error(o->ctx, present ? "must not be null" :
					     "missing required field");
		jctx_pop(o->ctx, saved);
	}
	return NULL;
}

bool jval_u64(struct jctx *c, struct json_object *v, uint64_t *out)
{
	const char *reason;
	char what[64];
	int64_t i;

	switch (json_object_get_type(v)) {
	case json_type_int:
		i = json_object_get_int64(v);
		if (i < 0) {
			jctx_error(c, "must not be negative (%" PRId64 ")", i);
			return false;
		}
		*out = json_object_get_uint64(v);
		if (*out == UINT64_MAX) {
			jctx_error(
				c,
				"is too large (write numbers above 2^64-2 as \"0x...\" strings)");
			return false;
		}
		return true;
	case json_type_string:
		reason = number_parse(json_object_get_string(v), out);
		if (reason) {
			jctx_error(c, "\"%.40s\" %s", json_object_get_string(v),
				   reason);
			return false;
		}
		return true;
	case json_type_double:
		jctx_error(c, "expected an integer, got %s",
			   json_describe(v, what, sizeof(what)));
		return false;
	default:
		jctx_error(c, "expected an integer or a number string, got %s",
			   json_describe(v, what, sizeof(what)));
		return false;
	}
}

static bool jobj_number(struct jobj *o, const char *key, bool required,
			uint64_t *out)
{
	struct json_object *v = jobj_get(o, key, required);
	size_t saved;
	bool ok;

	if (!v)
		return false;
	saved = jctx_push_key(o->ctx, key);
	ok = jval_u64(o->ctx, v, out);
	jctx_pop(o->ctx, saved);
	return ok;
}

bool jobj_u64(struct jobj *o, const char *key, uint64_t *out)
{
	return jobj_number(o, key, true, out);
}

bool jobj_u64_opt(struct jobj *o, const char *key, uint64_t *out)
{
	return jobj_number(o, key, false, out);
}

static bool jobj_number32(struct jobj *o, const char *key, bool required,
			  uint32_t *out)
{
	uint64_t v;
	size_t saved;

	if (!jobj_number(o, key, required, &v))
		return false;
	if (v > UINT32_MAX) {
		saved = jctx_push_key(o->ctx, key);
		jctx_error(o->ctx, "is too large (%" PRIu64 ", at most %u)", v,
			   UINT32_MAX);
		jctx_pop(o->ctx, saved);
		return false;
	}
	*out = (uint32_t)v;
	return true;
}

bool jobj_u32(struct jobj *o, const char *key, uint32_t *out)
{
	return jobj_number32(o, key, true, out);
}

bool jobj_u32_opt(struct jobj *o, const char *key, uint32_t *out)
{
	return jobj_number32(o, key, false, out);
}

bool jobj_string(struct jobj *o, const char *key, char *buf, size_t size)
{
	struct json_object *v = jobj_get(o, key, true);
	char what[64];
	size_t saved;
	size_t len;
	bool ok = false;

	if (!v)
		return false;
	saved = jctx_push_key(o->ctx, key);
	if (!json_object_is_type(v, json_type_string)) {
		jctx_error(o->ctx, "expected a string, got %s",
			   json_describe(v, what, sizeof(what)));
		goto out;
	}
	len = (size_t)json_object_get_string_len(v);
	if (strlen(json_object_get_string(v)) != len) {
		jctx_error(o->ctx, "must not contain NUL characters");
		goto out;
	}
	if (len >= size) {
		jctx_error(o->ctx, "is too long (%zu characters, at most %zu)",
			   len, size - 1);
		goto out;
	}
	memcpy(buf, json_object_get_string(v), len + 1);
	ok = true;
out:
	jctx_pop(o->ctx, saved);
	return ok;
}

struct json_object *jobj_array(struct jobj *o, const char *key)
{
	struct json_object *v = jobj_get(o, key, true);
	char what[64];
	size_t saved;

	if (!v || json_object_is_type(v, json_type_array))
		return v;
	saved = jctx_push_key(o->ctx, key);
	jctx_error(o->ctx, "expected an array, got %s",
		   json_describe(v, what, sizeof(what)));
	jctx_pop(o->ctx, saved);
	return NULL;
}

int jval_choice(struct jctx *c, struct json_object *v, const char *what,
		const char *const names[])
{
	char expected[256] = "";
	char desc[64];
	const char *s;
	int i;

	if (!json_object_is_type(v, json_type_string)) {
		jctx_error(c, "expected a string, got %s",
			   json_describe(v, desc, sizeof(desc)));
		return -1;
	}
	s = json_object_get_string(v);
	for (i = 0; names[i]; i++)
		if (!strcmp(s, names[i]))
			return i;
	for (i = 0; names[i]; i++) {
		size_t n = strlen(expected);

		snprintf(expected + n, sizeof(expected) - n, "%s%s",
			 i ? ", " : "", names[i]);
	}
	jctx_error(c, "unknown %s \"%.40s\" (expected one of: %s)", what, s,
		   expected);
	return -1;
}
