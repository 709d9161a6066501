/* Collected error messages, each naming a config file and a JSON path. */
#ifndef HVISOR_TOOLS_CONFIG_DIAG_H
#define HVISOR_TOOLS_CONFIG_DIAG_H

#include <stdio.h>

struct diag {
	char **msgs;
	unsigned int count;
	unsigned int cap;
};

void diag_init(struct diag *d);
void diag_free(struct diag *d);

/*
 * Adds "FILE: PATH: MESSAGE". An empty or NULL path leaves out the path, a
 * NULL file the file name.
 */
void diag_add(struct diag *d, const char *file, const char *path,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Prints every message on its own line. */
void diag_print(const struct diag *d, FILE *f);

#endif
