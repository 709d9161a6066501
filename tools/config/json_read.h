/* Strict reading of JSON config values that names the JSON path in every error. */
#ifndef HVISOR_TOOLS_CONFIG_JSON_READ_H
#define HVISOR_TOOLS_CONFIG_JSON_READ_H

#include "config/diag.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JPATH_MAX 256
#define JOBJ_MAX_FIELDS 16

/* Where we are in a document: file name, JSON path, and where errors go. */
struct jctx {
	struct diag *diag;
	const char *file;
	char path[JPATH_MAX]; /* e.g. "root_cell.memory_regions[2].size" */
	size_t len;
	unsigned int errors;
};

void jctx_init(struct jctx *c, const char *file, struct diag *d);

/* Extends the path by ".key" or "[index]"; returns what jctx_pop restores. */
size_t jctx_push_key(struct jctx *c, const char *key);
size_t jctx_push_index(struct jctx *c, size_t index);
void jctx_pop(struct jctx *c, size_t saved);

/* Reports an error at the current path. */
void jctx_error(struct jctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Describes a value for messages: "string \"abc\"", "array", "integer 5"... */
const char *json_describe(struct json_object *v, char *buf, size_t size);

/*
 * Parses a whole document of len bytes, NUL-terminated at text[len] (strict
 * JSON, nothing but white space after the value, len < INT_MAX). Syntax
 * errors name the line and column. Returns NULL after reporting an error.
 */
struct json_object *json_parse_text(const char *text, size_t len,
				    const char *file, struct diag *d);

/* Field allowed in every object, for humans: a string, otherwise ignored. */
#define JOBJ_COMMENT "comment"

/*
 * An object being read. Every field looked up is recorded: jobj_end reports
 * the others, except "comment", as unknown.
 */
struct jobj {
	struct jctx *ctx;
	struct json_object *obj; /* NULL when the value was not an object */
	size_t saved; /* path length before this object */
	const char *known[JOBJ_MAX_FIELDS];
	unsigned int num_known;
};

/* Starts reading v, the value at the current path. False if not an object. */
bool jobj_begin(struct jobj *o, struct jctx *c, struct json_object *v);

/* Starts reading the object in field key of parent (path gets ".key"). */
bool jobj_enter(struct jobj *o, struct jobj *parent, const char *key);

/*
 * Same for an optional object field: false without an error when key is
 * absent (o is then empty, jobj_end(o) is still needed).
 */
bool jobj_enter_opt(struct jobj *o, struct jobj *parent, const char *key);

/* Reports unknown fields, restores the path. */
void jobj_end(struct jobj *o);

/*
 * Forgets the fields of o not looked up yet: jobj_end reports none of them
 * as unknown (after an error that makes them moot).
 */
void jobj_drop(struct jobj *o);

/* The value of field key, or NULL (reported as missing when required). */
struct json_object *jobj_get(struct jobj *o, const char *key, bool required);

/* Numbers: JSON integers or strings ("0x..." or decimal). */
bool jval_u64(struct jctx *c, struct json_object *v, uint64_t *out);
bool jobj_u64(struct jobj *o, const char *key, uint64_t *out);
/* Optional field: false (and no error) when absent. */
bool jobj_u64_opt(struct jobj *o, const char *key, uint64_t *out);
bool jobj_u32(struct jobj *o, const char *key, uint32_t *out);
/* Optional field: false (and no error) when absent. */
bool jobj_u32_opt(struct jobj *o, const char *key, uint32_t *out);

/* A string of at most size - 1 bytes, NUL-terminated into buf. */
bool jobj_string(struct jobj *o, const char *key, char *buf, size_t size);

/* An array field (required). NULL after reporting an error. */
struct json_object *jobj_array(struct jobj *o, const char *key);

/* Index of string v in names[] (NULL-terminated), or -1 after an error. */
int jval_choice(struct jctx *c, struct json_object *v, const char *what,
		const char *const names[]);

#endif
