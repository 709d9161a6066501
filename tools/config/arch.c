/* The "arch" tag of configs and the console types that depend on it. */
#include "config/arch.h"

#include <string.h>

uint32_t config_arch_default(void)
{
	return config_arch_tags[0];
}

const char *config_arch_name(uint32_t arch)
{
	size_t i;

	for (i = 0; config_arch_names[i]; i++)
		if (config_arch_tags[i] == arch)
			return config_arch_names[i];
	return NULL;
}

const char *config_arch_label(uint32_t arch, char *buf, size_t size)
{
	const char *name = config_arch_name(arch);

	if (name)
		return name;
	snprintf(buf, size, "unknown (%u)", arch);
	return buf;
}

uint32_t config_arch_tag(const char *name)
{
	size_t i;

	for (i = 0; config_arch_names[i]; i++)
		if (!strcmp(config_arch_names[i], name))
			return config_arch_tags[i];
	return 0;
}

/* "a, b" for the arches this build has rules for. */
static void supported_arches(char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; config_arch_names[i] && used < size; i++)
		if (config_arch_find(config_arch_tags[i]))
			used += (size_t)snprintf(buf + used, size - used,
						 "%s%s", used ? ", " : "",
						 config_arch_names[i]);
}

/* Reports at "arch" that this build has no rules for arch (named what). */
static void unsupported(struct jctx *c, uint32_t arch, const char *what)
{
	char supported[128], label[32];

	supported_arches(supported, sizeof(supported));
	jctx_error(
		c,
		"\"%s\"%s is not supported by this build of the hvisor tools (supported: %s)",
		config_arch_label(arch, label, sizeof(label)), what, supported);
}

/* The rules for the value v of "arch" (at the current path), or NULL. */
static const struct config_arch_ops *
named_arch(struct jctx *c, struct json_object *v, uint32_t system_arch)
{
	const struct config_arch_ops *ops;
	int n = jval_choice(c, v, "architecture", config_arch_names);

	if (n < 0)
		return NULL;
	ops = config_arch_find(config_arch_tags[n]);
	if (!ops) {
		unsupported(c, config_arch_tags[n], "");
		return NULL;
	}
	if (system_arch && ops->arch != system_arch) {
		jctx_error(
			c,
			"\"%s\" does not match the system config's arch \"%s\"",
			config_arch_names[n],
			config_arch_name(system_arch) ?: "?");
		return NULL;
	}
	return ops;
}

const struct config_arch_ops *config_parse_arch(struct jobj *top,
						uint32_t system_arch)
{
	struct json_object *v = jobj_get(top, "arch", false);
	const uint32_t arch = system_arch ?: config_arch_default();
	struct jctx *c = top->ctx;
	size_t saved = jctx_push_key(c, "arch");
	const struct config_arch_ops *ops;

	if (v) {
		ops = named_arch(c, v, system_arch);
	} else {
		ops = config_arch_find(arch);
		if (!ops)
			unsupported(c, arch, " (the system config's arch)");
	}
	jctx_pop(c, saved);
	return ops;
}

void config_parse_console_type(struct jobj *o,
			       const struct config_arch_ops *arch,
			       uint32_t *type)
{
	struct json_object *v = jobj_get(o, "type", false);
	size_t saved;
	int n;

	*type = arch->console_types[0];
	if (!v)
		return;
	saved = jctx_push_key(o->ctx, "type");
	n = jval_choice(o->ctx, v, "console type", arch->console_names);
	if (n >= 0)
		*type = arch->console_types[n];
	jctx_pop(o->ctx, saved);
}

const char *config_console_label(const struct config_arch_ops *arch,
				 uint32_t type, char *buf, size_t size)
{
	size_t i;

	for (i = 0; arch && arch->console_names[i]; i++)
		if (arch->console_types[i] == type)
			return arch->console_names[i];
	snprintf(buf, size, "type %u", type);
	return buf;
}
