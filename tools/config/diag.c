/* Collected error messages, each naming a config file and a JSON path. */
#include "config/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(struct diag *d)
{
	d->msgs = NULL;
	d->count = 0;
	d->cap = 0;
}

void diag_free(struct diag *d)
{
	unsigned int i;

	for (i = 0; i < d->count; i++)
		free(d->msgs[i]);
	free(d->msgs);
	diag_init(d);
}

static void diag_push(struct diag *d, char *msg)
{
	char **msgs;

	if (d->count == d->cap) {
		unsigned int cap = d->cap ? d->cap * 2 : 8;

		msgs = realloc(d->msgs, cap * sizeof(*msgs));
		if (!msgs) {
			fprintf(stderr, "hvisor: out of memory\n");
			exit(1);
		}
		d->msgs = msgs;
		d->cap = cap;
	}
	d->msgs[d->count++] = msg;
}

void diag_add(struct diag *d, const char *file, const char *path,
	      const char *fmt, ...)
{
	char *text, *msg;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fprintf(stderr, "hvisor: out of memory\n");
		exit(1);
	}
	n = asprintf(&msg, "%s%s%s%s%s", file ? file : "", file ? ": " : "",
		     path && *path ? path : "", path && *path ? ": " : "",
		     text);
	free(text);
	if (n < 0) {
		fprintf(stderr, "hvisor: out of memory\n");
		exit(1);
	}
	diag_push(d, msg);
}

void diag_print(const struct diag *d, FILE *f)
{
	unsigned int i;

	for (i = 0; i < d->count; i++)
		fprintf(f, "%s\n", d->msgs[i]);
}
