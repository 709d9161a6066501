/* Reading a whole (config) file into memory. */
#ifndef HVISOR_TOOLS_CONFIG_FILE_READ_H
#define HVISOR_TOOLS_CONFIG_FILE_READ_H

#include "config/diag.h"

#include <stddef.h>

/*
 * Returns the contents of path, NUL-terminated (*len excludes the NUL), or
 * NULL after adding an error to d. Free with free().
 */
char *file_read(const char *path, size_t *len, struct diag *d);

#endif
