/* Reading the running machine for config create: /sys/firmware/fdt, /proc/iomem, /proc/interrupts, /sys/devices/system/cpu. */
#include "create/machine.h"
#include "config/file_read.h"

#include <ctype.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* root + path, in a malloc'd string. */
static char *under(const char *root, const char *path)
{
	size_t n = strlen(root) + strlen(path) + 1;
	char *s = malloc(n);

	if (!s) {
		fprintf(stderr, "hvisor: out of memory\n");
		exit(1);
	}
	snprintf(s, n, "%s%s", strcmp(root, "/") ? root : "", path);
	return s;
}

static char *read_under(const char *root, const char *path, size_t *len,
			struct diag *d)
{
	char *p = under(root, path), *text = file_read(p, len, d);

	free(p);
	return text;
}

void machine_parse_iomem(const char *text, struct machine *m)
{
	const char *line = text;

	while (line && *line) {
		const char *next = strchr(line, '\n');
		uint64_t start, end;
		int name_at = 0;

		/* only top-level lines: nested ones are indented */
		if (line[0] != ' ' &&
		    sscanf(line, "%" SCNx64 "-%" SCNx64 " : %n", &start, &end,
			   &name_at) == 2 &&
		    name_at > 0 && end >= start) {
			size_t n =
				next ? (size_t)(next - line) - (size_t)name_at :
				       strlen(line + name_at);
			char name[96];

			snprintf(name, sizeof(name), "%.*s", (int)n,
				 line + name_at);
			if (!strcmp(name, "System RAM"))
				range_add(&m->system_ram, start, end + 1, NULL);
			else if (strcmp(name, "reserved"))
				range_add(&m->iomem_other, start, end + 1,
					  name);
		}
		line = next ? next + 1 : NULL;
	}
	range_normalize(&m->system_ram, true);
}

void machine_parse_interrupts(const char *text, struct machine *m)
{
	const char *line = strchr(text, '\n'); /* after the CPU header */

	while (line && *++line) {
		const char *next = strchr(line, '\n');
		size_t len = next ? (size_t)(next - line) : strlen(line);
		char buf[256], *tok, *save, *words[64];
		unsigned int n = 0, i;

		snprintf(buf, sizeof(buf), "%.*s", (int)len, line);
		for (tok = strtok_r(buf, " \t", &save); tok && n < 64;
		     tok = strtok_r(NULL, " \t", &save))
			words[n++] = tok;
		/*
		 * "N: count... CHIP HWIRQ TRIGGER NAME": the first word after
		 * the counts that is not a number is the chip, the next the
		 * controller's ID. IPI lines ("IPI0:") have no chip.
		 */
		if (n >= 3 && isdigit((unsigned char)words[0][0])) {
			for (i = 1;
			     i < n && isdigit((unsigned char)words[i][0]); i++)
				;
			if (i + 1 < n &&
			    isdigit((unsigned char)words[i + 1][0])) {
				struct proc_irq *p;

				m->irqs = realloc(m->irqs,
						  (m->num_irqs + 1) *
							  sizeof(*m->irqs));
				if (!m->irqs) {
					fprintf(stderr,
						"hvisor: out of memory\n");
					exit(1);
				}
				p = &m->irqs[m->num_irqs++];
				snprintf(p->chip, sizeof(p->chip), "%s",
					 words[i]);
				p->hwirq = (uint32_t)strtoul(words[i + 1], NULL,
							     10);
				snprintf(p->name, sizeof(p->name), "%s",
					 i + 3 < n ? words[i + 3] :
					 i + 2 < n ? words[i + 2] :
						     "");
			}
		}
		line = next;
	}
}

/* N for a CPU list "0-(N-1)" (or "0"); 0 when the file says otherwise. */
static unsigned int cpu_count(const char *root, const char *file,
			      struct diag *d)
{
	size_t len;
	char *text = read_under(root, file, &len, d);
	unsigned int a, b, n = 0;
	int used = 0;

	if (!text)
		return 0;
	if (sscanf(text, "%u-%u%n", &a, &b, &used) == 2 && a == 0 && b >= a)
		n = b + 1;
	else if (sscanf(text, "%u%n", &a, &used) == 1 && a == 0)
		n = 1;
	if (n && text[used] && text[used] != '\n')
		n = 0; /* a list with holes: not 0-(N-1) */
	free(text);
	return n;
}

int machine_read(const char *root, struct machine *m, struct diag *d)
{
	size_t len;
	char *text;
	unsigned int before = d->count;

	memset(m, 0, sizeof(*m));
	m->root = root;
	m->fdt = read_under(root, "/sys/firmware/fdt", &m->fdt_size, d);
	if (m->fdt &&
	    (m->fdt_size < sizeof(struct fdt_header) ||
	     fdt_check_header(m->fdt) || fdt_totalsize(m->fdt) > m->fdt_size)) {
		diag_add(d, "/sys/firmware/fdt", NULL,
			 "not a flattened device tree");
		free(m->fdt);
		m->fdt = NULL;
	}
	text = read_under(root, "/proc/iomem", &len, d);
	if (text) {
		machine_parse_iomem(text, m);
		free(text);
		if (m->iomem_other.n + m->system_ram.n == 0 ||
		    (m->system_ram.n && m->system_ram.r[0].start == 0 &&
		     m->system_ram.r[0].end == 1))
			diag_add(d, "/proc/iomem", NULL,
				 "no addresses in it (read it as root)");
	}
	text = read_under(root, "/proc/interrupts", &len, d);
	if (text) {
		machine_parse_interrupts(text, m);
		free(text);
	}
	m->cpus_possible =
		cpu_count(root, "/sys/devices/system/cpu/possible", d);
	m->cpus_present = cpu_count(root, "/sys/devices/system/cpu/present", d);
	return d->count == before ? 0 : -1;
}

void machine_free(struct machine *m)
{
	free(m->fdt);
	range_set_free(&m->system_ram);
	range_set_free(&m->iomem_other);
	free(m->irqs);
	memset(m, 0, sizeof(*m));
}
