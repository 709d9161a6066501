/* Helpers shared by the unit tests: test data paths, JSON patching, captured output. */
#ifndef HVISOR_TEST_UTIL_H
#define HVISOR_TEST_UTIL_H

#include <json-c/json.h>
#include <stddef.h>

/* JSON text that json_patch() takes as "delete the value at pointer". */
#define JSON_DELETE "<delete>"

/* Absolute path of a file under the repository top (static buffer). */
const char *top_path(const char *relative);

/* Reads a whole file (NUL-terminated); fails the test if it cannot. */
char *read_text(const char *path, size_t *len);

/*
 * Loads the system config JSON at a path under the repository top into its
 * binary form; prints the diagnostics and fails the test if it does not
 * load. *size gets the blob's size; free() the result.
 */
void *load_system_json(const char *relative, size_t *size);

/* Asserts that msg is "FILE: PATH: " (or "FILE: " without path) followed by start. */
void assert_message(const char *msg, const char *file, const char *path,
		    const char *start);

/*
 * Sets the value at a JSON pointer (RFC 6901; "/a/-" appends to array a)
 * of *root to the parsed json, or deletes it when json is JSON_DELETE.
 * Fails the test if it cannot.
 */
void json_patch(struct json_object **root, const char *pointer,
		const char *json);

#endif
