/* The virtio daemon's JSON config: cells, their devices, and what the cell configs say about them. */
#include "daemon_config.h"
#include "config/file_read.h"
#include "config/from_json.h"
#include "config/json_read.h"

#include <hvisor/virtio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dcfg_type_names[] = { "blk", "net", "console", NULL };

/* An optional string field: false (no error) when absent. */
static bool opt_string(struct jobj *o, const char *key, char *buf, size_t size)
{
	if (!jobj_get(o, key, false))
		return false;
	return jobj_string(o, key, buf, size);
}

static void opt_bool(struct jobj *o, const char *key, bool *out)
{
	struct json_object *v = jobj_get(o, key, false);
	char what[64];
	size_t saved;

	if (!v)
		return;
	if (!json_object_is_type(v, json_type_boolean)) {
		saved = jctx_push_key(o->ctx, key);
		jctx_error(o->ctx, "expected true or false, got %s",
			   json_describe(v, what, sizeof(what)));
		jctx_pop(o->ctx, saved);
		return;
	}
	*out = json_object_get_boolean(v);
}

static void field_error(struct jobj *o, const char *key, const char *fmt,
			const char *arg)
{
	size_t saved = jctx_push_key(o->ctx, key);

	jctx_error(o->ctx, fmt, arg);
	jctx_pop(o->ctx, saved);
}

bool dcfg_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int i, v;
	char *end;

	for (i = 0; i < 6; i++) {
		if (!((s[0] >= '0' && s[0] <= '9') ||
		      (s[0] >= 'a' && s[0] <= 'f') ||
		      (s[0] >= 'A' && s[0] <= 'F')))
			return false;
		v = (unsigned int)strtoul(s, &end, 16);
		if (end != s + 2 || v > 0xff)
			return false;
		mac[i] = (uint8_t)v;
		s = end;
		if (i < 5 && *s++ != ':')
			return false;
	}
	return *s == '\0';
}

static bool tap_name_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || strchr("_.-", s[i])))
			return false;
	return i > 0;
}

static void parse_net(struct jobj *o, struct dcfg_device *dev)
{
	char mac[32];

	if (opt_string(o, "mac", mac, sizeof(mac))) {
		if (!dcfg_parse_mac(mac, dev->mac))
			field_error(
				o, "mac",
				"\"%s\" is not a MAC address like \"52:54:00:12:34:56\"",
				mac);
		else if (!memcmp(dev->mac, "\0\0\0\0\0\0", 6))
			field_error(o, "mac", "\"%s\" is all zeros", mac);
		else if (dev->mac[0] & 1)
			field_error(
				o, "mac",
				"\"%s\" is a multicast address: a device needs a unicast one (even first byte)",
				mac);
	}
	if (opt_string(o, "tap", dev->tap, sizeof(dev->tap)) &&
	    !tap_name_ok(dev->tap))
		field_error(
			o, "tap",
			"\"%s\" is not an interface name (letters, digits, '_', '.', '-')",
			dev->tap);
	if (opt_string(o, "switch", dev->sw, sizeof(dev->sw)) && !dev->sw[0])
		field_error(o, "switch", "%s",
			    "must not be empty (leave it out for none)");
}

static void parse_console(struct jobj *o, struct dcfg_device *dev)
{
	bool has_pty = jobj_get(o, "pty", false) != NULL;

	if (opt_string(o, "log", dev->log, sizeof(dev->log)) && !dev->log[0])
		field_error(o, "log", "%s",
			    "must not be empty (leave it out for no log)");
	dev->pty = !dev->log[0];
	opt_bool(o, "pty", &dev->pty);
	if (has_pty && !dev->pty && !dev->log[0])
		field_error(
			o, "pty", "%s",
			"is false but there is no \"log\": the output would go nowhere");
}

/* Finds the virtio region of the cell config at the device's address. */
static void match_region(struct jobj *o, struct dcfg_device *dev,
			 const struct hvisor_cell_desc *desc,
			 const char *cell_file)
{
	const struct hvisor_mem_region *r = hvisor_cell_regions(desc);
	char why[DCFG_PATH_LEN + 128];
	unsigned int i;

	for (i = 0; i < desc->num_mem_regions; i++) {
		if (r[i].type != HVISOR_MEM_TYPE_VIRTIO ||
		    r[i].virt_start != dev->address)
			continue;
		dev->region = i;
		dev->size = r[i].size;
		dev->irq = HVISOR_MEM_VIRTIO_IRQ(r[i].flags);
		if (!dev->irq) {
			snprintf(
				why, sizeof(why),
				"memory_regions[%u] of %s has no \"irq\": the device could not interrupt the guest",
				i, cell_file);
			field_error(o, "address", "%s", why);
		}
		return;
	}
	snprintf(why, sizeof(why),
		 "0x%llx is not the virt_start of a virtio region of %s",
		 (unsigned long long)dev->address, cell_file);
	field_error(o, "address", "%s", why);
}

static void parse_device(struct jctx *c, struct json_object *v,
			 struct dcfg_device *dev,
			 const struct hvisor_cell_desc *desc,
			 const char *cell_file)
{
	struct json_object *field;
	uint64_t delay = 0, opt_io = DCFG_OPT_IO_KIB, queues;
	struct jobj o;
	size_t saved;
	int type = -1;

	if (!jobj_begin(&o, c, v)) {
		jobj_end(&o);
		return;
	}
	field = jobj_get(&o, "type", true);
	if (field) {
		saved = jctx_push_key(c, "type");
		type = jval_choice(c, field, "device type", dcfg_type_names);
		jctx_pop(c, saved);
	}
	if (jobj_u64(&o, "address", &dev->address) && desc)
		match_region(&o, dev, desc, cell_file);
	switch (type) {
	case DCFG_BLK:
		dev->type = DCFG_BLK;
		if (jobj_string(&o, "file", dev->file, sizeof(dev->file)) &&
		    !dev->file[0])
			field_error(&o, "file", "%s", "must not be empty");
		opt_bool(&o, "readonly", &dev->readonly);
		if (jobj_u64_opt(&o, "delay_ms", &delay) && delay > 60000)
			field_error(&o, "delay_ms", "%s",
				    "must be at most 60000 (a minute)");
		dev->delay_ms = (uint32_t)(delay > 60000 ? 0 : delay);
		if (jobj_u64_opt(&o, "opt_io_kib", &opt_io) &&
		    opt_io > DCFG_OPT_IO_KIB_MAX)
			field_error(&o, "opt_io_kib", "%s",
				    "must be at most 65536 (64 MiB)");
		dev->opt_io_kib =
			(uint32_t)(opt_io > DCFG_OPT_IO_KIB_MAX ? 0 : opt_io);
		/* a queue per vCPU of the cell unless told */
		queues = desc ? (uint64_t)__builtin_popcountll(desc->cpus) : 1;
		if (queues > DCFG_QUEUES_MAX)
			queues = DCFG_QUEUES_MAX;
		if (!queues)
			queues = 1;
		if (jobj_u64_opt(&o, "queues", &queues) &&
		    (!queues || queues > DCFG_QUEUES_MAX)) {
			field_error(&o, "queues", "%s",
				    "must be 1 to 8 (request queues)");
			queues = 1;
		}
		dev->queues = (uint32_t)queues;
		break;
	case DCFG_NET:
		dev->type = DCFG_NET;
		parse_net(&o, dev);
		break;
	case DCFG_CONSOLE:
		dev->type = DCFG_CONSOLE;
		parse_console(&o, dev);
		break;
	default:
		/* Unknown type: its fields are not reported as unknown too. */
		jobj_get(&o, "file", false);
		jobj_get(&o, "readonly", false);
		jobj_get(&o, "delay_ms", false);
		jobj_get(&o, "opt_io_kib", false);
		jobj_get(&o, "queues", false);
		jobj_get(&o, "mac", false);
		jobj_get(&o, "tap", false);
		jobj_get(&o, "switch", false);
		jobj_get(&o, "log", false);
		jobj_get(&o, "pty", false);
		break;
	}
	jobj_end(&o);
}

/* Reads the cell config: its name, rootshared RAM; NULL after errors in d. */
static struct hvisor_cell_desc *
load_cell_config(struct jobj *o, struct dcfg_cell *cell, struct diag *d)
{
	const struct hvisor_mem_region *r;
	struct config_blob blob = { NULL, 0 };
	struct hvisor_cell_desc *desc;
	struct json_object *root;
	unsigned int i;
	char *text;
	size_t len;
	char why[DCFG_PATH_LEN + 128];

	text = file_read(cell->config, &len, d);
	if (!text)
		return NULL;
	root = json_parse_text(text, len, cell->config, d);
	free(text);
	if (!root)
		return NULL;
	if (config_cell_from_json(root, cell->config, 0, &blob, d)) {
		json_object_put(root);
		config_blob_free(&blob);
		return NULL;
	}
	json_object_put(root);
	desc = blob.data;
	if (strncmp(desc->name, cell->name, sizeof(desc->name))) {
		snprintf(why, sizeof(why),
			 "\"%s\" but %s names the cell \"%.*s\"", cell->name,
			 cell->config, (int)sizeof(desc->name), desc->name);
		field_error(o, "name", "%s", why);
	}
	r = hvisor_cell_regions(desc);
	for (i = 0; i < desc->num_mem_regions; i++) {
		if (r[i].type != HVISOR_MEM_TYPE_RAM ||
		    !(r[i].flags & HVISOR_MEM_ROOTSHARED))
			continue;
		if (cell->num_ram == GMEM_MAX_RANGES) {
			field_error(o, "config",
				    "%s has too many rootshared ram regions",
				    cell->config);
			break;
		}
		cell->ram[cell->num_ram].phys = r[i].phys_start;
		cell->ram[cell->num_ram].gpa = r[i].virt_start;
		cell->ram[cell->num_ram].size = r[i].size;
		cell->num_ram++;
	}
	if (!cell->num_ram)
		field_error(
			o, "config",
			"%s has no ram region with the \"rootshared\" flag: the daemon could not reach the guest's queues and buffers",
			cell->config);
	return desc;
}

static void parse_devices(struct jobj *o, struct dcfg_cell *cell,
			  const struct hvisor_cell_desc *desc)
{
	struct json_object *arr = jobj_array(o, "devices");
	struct jctx *c = o->ctx;
	size_t i, n, saved, saved_index;

	if (!arr)
		return;
	n = json_object_array_length(arr);
	saved = jctx_push_key(c, "devices");
	if (!n)
		jctx_error(c, "must list at least one device");
	if (n > DCFG_MAX_DEVICES) {
		jctx_error(c, "has %zu devices, at most %u are supported", n,
			   DCFG_MAX_DEVICES);
		n = DCFG_MAX_DEVICES;
	}
	for (i = 0; i < n; i++) {
		saved_index = jctx_push_index(c, i);
		parse_device(c, json_object_array_get_idx(arr, i),
			     &cell->dev[i], desc, cell->config);
		jctx_pop(c, saved_index);
	}
	cell->num_devices = (unsigned int)n;
	jctx_pop(c, saved);
}

static void parse_cell(struct jctx *c, struct json_object *v,
		       struct dcfg_cell *cell, struct diag *d)
{
	struct hvisor_cell_desc *desc = NULL;
	bool named, configured;
	struct jobj o;

	if (!jobj_begin(&o, c, v)) {
		jobj_end(&o);
		return;
	}
	named = jobj_string(&o, "name", cell->name, sizeof(cell->name));
	if (named && !cell->name[0])
		field_error(&o, "name", "%s", "must not be empty");
	configured =
		jobj_string(&o, "config", cell->config, sizeof(cell->config));
	if (configured && named && cell->config[0])
		desc = load_cell_config(&o, cell, d);
	parse_devices(&o, cell, desc);
	free(desc);
	jobj_end(&o);
}

/* Where device (ci, di) is, for messages about two devices. */
static void device_path(unsigned int ci, unsigned int di, char *buf,
			size_t size)
{
	snprintf(buf, size, "cells[%u].devices[%u]", ci, di);
}

/* Checks across devices: addresses, taps, MACs on one switch. */
static void check_devices(struct jctx *c, struct dcfg *cfg)
{
	unsigned int ci, di, cj, dj;
	char other[64];
	size_t saved;

	for (ci = 0; ci < cfg->num_cells; ci++) {
		for (di = 0; di < cfg->cell[ci].num_devices; di++) {
			struct dcfg_device *a = &cfg->cell[ci].dev[di];

			if (a->type == DCFG_NET && !a->mac[0] && !a->mac[1] &&
			    !a->mac[2] && !a->mac[3] && !a->mac[4] &&
			    !a->mac[5]) {
				/* Default: locally administered, by position. */
				a->mac[0] = 0x52;
				a->mac[1] = 0x54;
				a->mac[3] = (uint8_t)ci;
				a->mac[4] = (uint8_t)di;
				a->mac[5] = 0x01;
			}
			for (cj = 0; cj <= ci; cj++) {
				for (dj = 0; dj < cfg->cell[cj].num_devices &&
					     (cj < ci || dj < di);
				     dj++) {
					struct dcfg_device *b =
						&cfg->cell[cj].dev[dj];
					const char *why = NULL;

					if (cj == ci &&
					    a->address == b->address)
						why = "has the address of";
					else if (a->type == DCFG_NET &&
						 b->type == DCFG_NET &&
						 a->tap[0] &&
						 !strcmp(a->tap, b->tap) &&
						 (!a->sw[0] ||
						  strcmp(a->sw, b->sw)))
						why = "names the tap of (only devices on one named switch may share a tap)";
					else if (a->type == DCFG_NET &&
						 b->type == DCFG_NET &&
						 a->sw[0] &&
						 !strcmp(a->sw, b->sw) &&
						 !memcmp(a->mac, b->mac, 6))
						why = "has the MAC address, on the same switch, of";
					if (!why)
						continue;
					device_path(cj, dj, other,
						    sizeof(other));
					saved = jctx_push_key(c, "cells");
					jctx_push_index(c, ci);
					jctx_push_key(c, "devices");
					jctx_push_index(c, di);
					jctx_error(c, "%s %s", why, other);
					jctx_pop(c, saved);
				}
			}
		}
	}
}

int dcfg_parse(const char *text, size_t len, const char *file, struct dcfg *out,
	       struct diag *d)
{
	struct json_object *root, *arr;
	unsigned int before = d->count;
	size_t i, j, n, saved, saved_index;
	struct jctx c;
	struct jobj o;

	memset(out, 0, sizeof(*out));
	root = json_parse_text(text, len, file, d);
	if (!root)
		return -1;
	jctx_init(&c, file, d);
	if (jobj_begin(&o, &c, root)) {
		arr = jobj_array(&o, "cells");
		n = arr ? json_object_array_length(arr) : 0;
		saved = jctx_push_key(&c, "cells");
		if (arr && !n)
			jctx_error(&c, "must list at least one cell");
		if (n > DCFG_MAX_CELLS) {
			jctx_error(&c,
				   "has %zu cells, at most %u are supported", n,
				   DCFG_MAX_CELLS);
			n = DCFG_MAX_CELLS;
		}
		for (i = 0; i < n; i++) {
			saved_index = jctx_push_index(&c, i);
			parse_cell(&c, json_object_array_get_idx(arr, i),
				   &out->cell[i], d);
			for (j = 0; j < i; j++) {
				if (!out->cell[i].name[0] ||
				    strcmp(out->cell[i].name,
					   out->cell[j].name))
					continue;
				jctx_push_key(&c, "name");
				jctx_error(&c, "\"%s\" is also cells[%zu]",
					   out->cell[i].name, j);
				break;
			}
			jctx_pop(&c, saved_index);
		}
		jctx_pop(&c, saved);
		out->num_cells = (unsigned int)n;
		check_devices(&c, out);
	}
	jobj_end(&o);
	json_object_put(root);
	return d->count == before ? 0 : -1;
}

int dcfg_load(const char *path, struct dcfg *out, struct diag *d)
{
	size_t len;
	char *text = file_read(path, &len, d);
	int ret;

	memset(out, 0, sizeof(*out));
	if (!text)
		return -1;
	ret = dcfg_parse(text, len, path, out, d);
	free(text);
	return ret;
}
