/* Helpers shared by the unit tests: test data paths, JSON patching, captured output. */
#ifndef HVISOR_TEST_UTIL_H
#define HVISOR_TEST_UTIL_H

#include <stddef.h>

/* Absolute path of a file under the repository top (static buffer). */
const char *top_path(const char *relative);

/* Reads a whole file (NUL-terminated); fails the test if it cannot. */
char *read_text(const char *path, size_t *len);

/* Asserts that msg is "FILE: PATH: " (or "FILE: " without path) followed by start. */
void assert_message(const char *msg, const char *file, const char *path,
		    const char *start);

#endif
