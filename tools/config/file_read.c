/* Reading a whole (config) file into memory. */
#include "config/file_read.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_READ_MAX (16u << 20) /* configs are small: refuse anything huge */

char *file_read(const char *path, size_t *len, struct diag *d)
{
	size_t size = 0, cap = 4096;
	char *buf = NULL, *grown;
	FILE *f = fopen(path, "rb");

	if (!f) {
		diag_add(d, path, NULL, "cannot open: %s", strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t n;

		if (!buf || size + 1 >= cap) {
			if (buf)
				cap *= 2;
			if (cap > FILE_READ_MAX) {
				diag_add(d, path, NULL,
					 "file is larger than %u bytes",
					 FILE_READ_MAX);
				goto fail;
			}
			grown = realloc(buf, cap);
			if (!grown) {
				diag_add(d, path, NULL, "out of memory");
				goto fail;
			}
			buf = grown;
		}
		n = fread(buf + size, 1, cap - size - 1, f);
		size += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		diag_add(d, path, NULL, "read error: %s", strerror(errno));
		goto fail;
	}
	fclose(f);
	buf[size] = '\0';
	*len = size;
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}
