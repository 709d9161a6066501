/* The architectures a config can be for (its "arch" tag) and what JSON configs of each add (config/arch/). */
#ifndef HVISOR_TOOLS_CONFIG_ARCH_H
#define HVISOR_TOOLS_CONFIG_ARCH_H

#include "config/json_read.h"

#include <hvisor/config.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The plug-in for arch in table, a NULL-terminated array of pointers to
 * plug-in structs that have a uint32_t member arch (HVISOR_ARCH_*); NULL if
 * this build has none for it. The arch/ folders of config/, format/ and
 * linux/ each hold such a table (arch/table.c).
 */
#define ARCH_PLUGIN_FIND(table, tag)                   \
	({                                             \
		__typeof__(&(table)[0]) at_ = (table); \
		while (*at_ && (*at_)->arch != (tag))  \
			at_++;                         \
		*at_;                                  \
	})

/* A field of struct hvisor_check_error (part and field) and its JSON path. */
struct config_field_path {
	int part; /* enum hvisor_check_part */
	const char *field; /* as the checker names it */
	const char *path; /* JSON path; a leading '.' goes after the cell */
};

/* What the JSON configs of one architecture add to the generic format. */
struct config_arch_ops {
	uint32_t arch; /* HVISOR_ARCH_* */
	/*
	 * The console device models of the arch (platform.uart.type and a
	 * cell's console.type): JSON names (NULL-terminated) and their
	 * HVISOR_CONSOLE_* values. The first is the default.
	 */
	const char *const *console_names;
	const uint32_t *console_types;
	/* The interrupt IDs a cell's virtio region may name ("irq"). */
	uint32_t virtio_irq_min, virtio_irq_max;
	const char *virtio_irq_kind; /* e.g. "an interrupt the cell owns" */
	/* Reads the arch's fields of the "platform" object into p->arch. */
	void (*parse_platform)(struct jobj *platform,
			       struct hvisor_platform *p);
	/* Prints p->arch for `hvisor config dump`, lines indented by two. */
	void (*dump_platform)(FILE *f, const struct hvisor_platform *p);
	/* JSON paths of the checker's fields of p->arch, up to a NULL field. */
	const struct config_field_path *field_paths;
};

/* JSON names of the HVISOR_ARCH_* tags (arch/table.c), NULL-terminated. */
extern const char *const config_arch_names[];
extern const uint32_t config_arch_tags[];

/* The tag of a config without "arch" (and no system config to follow). */
uint32_t config_arch_default(void);

/* The JSON name of arch, or NULL. */
const char *config_arch_name(uint32_t arch);

/* The JSON name of arch, or "unknown (N)" in buf. */
const char *config_arch_label(uint32_t arch, char *buf, size_t size);

/* The tag named name, or 0. */
uint32_t config_arch_tag(const char *name);

/* The config rules this build has, NULL-terminated (arch/table.c). */
extern const struct config_arch_ops *const config_arches[];

/* The config rules of arch, NULL if this build has none. */
static inline const struct config_arch_ops *config_arch_find(uint32_t arch)
{
	return ARCH_PLUGIN_FIND(config_arches, arch);
}

/*
 * Reads the optional field "arch" of a config's top object. Absent, the
 * config is for system_arch (a cell config checked against a system config)
 * or, with system_arch 0, for config_arch_default(). Reports an unknown
 * name, an arch this build has no rules for, and a cell whose arch is not
 * system_arch. Returns the rules, or NULL after an error.
 */
const struct config_arch_ops *config_parse_arch(struct jobj *top,
						uint32_t system_arch);

/*
 * Reads the optional field "type" of o, a console device (the hypervisor's
 * UART, a cell's console), into *type: a console name of arch, by default
 * its first.
 */
void config_parse_console_type(struct jobj *o,
			       const struct config_arch_ops *arch,
			       uint32_t *type);

/* The JSON name of console type in arch (may be NULL), or "type N" in buf. */
const char *config_console_label(const struct config_arch_ops *arch,
				 uint32_t type, char *buf, size_t size);

#endif
