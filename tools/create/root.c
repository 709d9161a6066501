/* hvisor config create: the root (system) config of the running machine, from its device tree cross-checked with /proc and /sys. */
#include "create/create.h"
#include "config/arch.h"
#include "create/dt.h"

#include <hvisor/config.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_bit(uint32_t *b, uint32_t i)
{
	if (i < 1024)
		b[i / 32] |= 1u << (i % 32);
}

static bool test_bit(const uint32_t *b, uint32_t i)
{
	return i < 1024 && (b[i / 32] >> (i % 32) & 1);
}

/* The io region of every memory-mapped range of an enabled device node. */
struct walk {
	struct create_ctx *c;
	const struct create_arch_ops *ops;
	struct range_set io;
};

static void add_irq(void *arg, const fdt32_t *cells, int n)
{
	struct walk *w = arg;
	uint32_t id;

	if (w->ops->irq_id(cells, n, &id))
		set_bit(w->c->irqs, id);
}

/* Nodes that describe no device of the root (or that the walk handles). */
static bool skipped(const void *fdt, int node)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	const char *type = fdt_getprop(fdt, node, "device_type", NULL);

	if (type && (!strcmp(type, "memory") || !strcmp(type, "cpu")))
		return true;
	return !strcmp(name, "chosen") || !strcmp(name, "aliases") ||
	       !strncmp(name, "reserved-memory", 15) || !strcmp(name, "cpus");
}

/* Whether node or an ancestor is skipped. */
static bool under_skipped(const void *fdt, int node)
{
	for (; node > 0; node = fdt_parent_offset(fdt, node))
		if (skipped(fdt, node))
			return true;
	return false;
}

static const char *const pci_space[4] = { "configuration", "I/O",
					  "32-bit memory", "64-bit memory" };

/* A PCI host's windows ("ranges" of a device_type "pci" node). */
static void pci_windows(struct walk *w, int node)
{
	const void *fdt = w->c->fdt;
	int len, i, pa = fdt_address_cells(fdt, fdt_parent_offset(fdt, node));
	int sc = fdt_size_cells(fdt, node);
	const fdt32_t *r = fdt_getprop(fdt, node, "ranges", &len);
	char what[96];

	for (i = 0; r && pa > 0 && sc > 0 && i + 3 + pa + sc <= len / 4;
	     i += 3 + pa + sc) {
		uint32_t hi = fdt32_to_cpu(r[i]);
		uint64_t addr, size = dt_cells(r + i + 3 + pa, sc);

		if (!dt_translate(fdt, fdt_parent_offset(fdt, node),
				  dt_cells(r + i + 3, pa), &addr))
			continue;
		snprintf(what, sizeof(what), "%s %s window",
			 dt_label(fdt, node), pci_space[(hi >> 24) & 3]);
		range_add(&w->io, align_down(addr, CREATE_PAGE),
			  align_up(addr + size, CREATE_PAGE), what);
	}
}

static void walk_devices(struct walk *w)
{
	const void *fdt = w->c->fdt;
	int node, depth = 0, i;
	uint64_t addr, size;

	for (node = fdt_next_node(fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (under_skipped(fdt, node) || !dt_enabled(fdt, node))
			continue;
		dt_for_each_irq(fdt, node, w->c->ctrl_phandle, add_irq, w);
		for (i = 0; dt_reg(fdt, node, i, &addr, &size); i++) {
			uint64_t s = align_down(addr, CREATE_PAGE),
				 e = align_up(addr + size, CREATE_PAGE);

			if (size && !range_covered(&w->c->claimed, s, e))
				range_add(&w->io, s, e, dt_label(fdt, node));
		}
		if (type && !strcmp(type, "pci"))
			pci_windows(w, node);
	}
}

/* The DT's memory (device_type "memory" nodes). */
static void dt_memory(const void *fdt, struct range_set *mem)
{
	int node, depth = 0, i;
	uint64_t addr, size;

	for (node = fdt_next_node(fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (depth != 1 || !type || strcmp(type, "memory") ||
		    !dt_enabled(fdt, node))
			continue;
		for (i = 0; dt_reg(fdt, node, i, &addr, &size); i++)
			range_add(mem, addr, addr + size, NULL);
	}
	range_normalize(mem, true);
}

/* A /chosen address property (one or two cells), or 0. */
static uint64_t chosen_addr(const void *fdt, int chosen, const char *prop)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, chosen, prop, &len);

	return p && (len == 4 || len == 8) ? dt_cells(p, len / 4) : 0;
}

/*
 * Memory no one may take: /memreserve/ entries, /reserved-memory, and the
 * initrd the kernel was booted with (/chosen).
 */
static void dt_reserved(const void *fdt, struct range_set *res)
{
	int node = fdt_path_offset(fdt, "/reserved-memory"), child, i, n;
	int chosen = fdt_path_offset(fdt, "/chosen");
	uint64_t addr, size;

	if (chosen >= 0)
		range_add(res,
			  align_down(chosen_addr(fdt, chosen,
						 "linux,initrd-start"),
				     CREATE_PAGE),
			  align_up(chosen_addr(fdt, chosen, "linux,initrd-end"),
				   CREATE_PAGE),
			  NULL);

	n = fdt_num_mem_rsv(fdt);
	for (i = 0; i < n; i++)
		if (!fdt_get_mem_rsv(fdt, i, &addr, &size))
			range_add(res, addr, addr + size, NULL);
	if (node >= 0)
		fdt_for_each_subnode(
			child, fdt,
			node) for (i = 0; dt_reg(fdt, child, i, &addr, &size);
				   i++) range_add(res, addr, addr + size, NULL);
	range_normalize(res, true);
}

static struct json_object *region(const char *type, uint64_t start,
				  uint64_t end, const char *const *flags,
				  const char *comment)
{
	struct json_object *o = json_object_new_object(), *f;

	if (comment)
		json_object_object_add(o, "comment",
				       json_object_new_string(comment));
	json_object_object_add(o, "type", json_object_new_string(type));
	json_object_object_add(o, "phys_start", create_hex(start));
	json_object_object_add(o, "size", create_hex(end - start));
	f = json_object_new_array();
	for (; *flags; flags++)
		json_object_array_add(f, json_object_new_string(*flags));
	json_object_object_add(o, "flags", f);
	return o;
}

static const char *const io_flags[] = { "read", "write", NULL };
static const char *const ram_flags[] = { "read", "write", "execute", "dma",
					 NULL };
static const char *const loadable_flags[] = { "read", "write", "loadable",
					      NULL };

/*
 * The hypervisor's memory: the lowest 2 MiB-aligned hv_size bytes of the
 * DT's memory that Linux does not use (not System RAM in /proc/iomem, not
 * reserved in the DT). What is left of that memory becomes loadable RAM
 * of the root, for cells (into *spare).
 */
static int hypervisor_memory(struct create_ctx *c, uint64_t hv_size,
			     struct json_object *top, struct range_set *spare)
{
	struct range_set mem = { 0 }, res = { 0 }, hv = { 0 };
	struct json_object *o;
	uint64_t start = 0, total = 0;
	bool found = false;
	size_t i;
	char msg[256];

	dt_memory(c->fdt, &mem);
	dt_reserved(c->fdt, &res);
	range_subtract(&mem, &c->m->system_ram);
	range_subtract(&mem, &res);
	range_subtract(&mem, &c->m->iomem_other);
	for (i = 0; i < mem.n; i++) {
		uint64_t s = align_up(mem.r[i].start, 0x200000);

		total += mem.r[i].end - mem.r[i].start;
		if (!found && s + hv_size <= mem.r[i].end &&
		    s >= mem.r[i].start) {
			start = s;
			found = true;
		}
	}
	if (!found) {
		diag_add(
			c->d, NULL, "hypervisor",
			"no memory for the hypervisor: the device tree's memory not in Linux's System RAM (/proc/iomem) nor reserved is %" PRIu64
			" MiB, without 0x%" PRIx64
			" bytes in one 2 MiB-aligned piece; boot Linux with mem= (or a no-map reserved-memory node) to leave it free, or ask for less with --hv-size",
			total >> 20, hv_size);
		range_set_free(&mem);
		range_set_free(&res);
		return -1;
	}
	o = json_object_new_object();
	snprintf(
		msg, sizeof(msg),
		"the lowest 2 MiB-aligned 0x%" PRIx64
		" bytes of the device tree's /memory that are not System RAM in /proc/iomem (Linux does not use them) nor reserved",
		hv_size);
	json_object_object_add(o, "comment", json_object_new_string(msg));
	json_object_object_add(o, "phys_start", create_hex(start));
	json_object_object_add(o, "size", create_hex(hv_size));
	json_object_object_add(top, "hypervisor", o);
	range_add(&hv, start, start + hv_size, NULL);
	range_subtract(&mem, &hv);
	for (i = 0; i < mem.n; i++)
		range_add(spare, align_up(mem.r[i].start, CREATE_PAGE),
			  align_down(mem.r[i].end, CREATE_PAGE), NULL);
	range_set_free(&mem);
	range_set_free(&res);
	range_set_free(&hv);
	return 0;
}

/* The UART of /chosen's stdout-path, as "uart": {...}. */
static int console_uart(struct create_ctx *c, const struct create_arch_ops *ops,
			struct json_object *platform)
{
	int chosen = fdt_path_offset(c->fdt, "/chosen"), node = -1, len;
	const char *path =
		chosen >= 0 ? fdt_getprop(c->fdt, chosen, "stdout-path", &len) :
			      NULL;
	const struct create_uart *u;
	struct json_object *o;
	uint64_t addr, size;
	char p[256];

	if (path) {
		snprintf(p, sizeof(p), "%.*s", (int)strcspn(path, ":"), path);
		node = fdt_path_offset(c->fdt, p); /* a path or an alias */
	}
	if (node < 0) {
		diag_add(c->d, "/sys/firmware/fdt", "/chosen/stdout-path",
			 "no console UART named: the hypervisor needs one");
		return -1;
	}
	for (u = ops->uarts; u->compatible; u++)
		if (dt_is(c->fdt, node, u->compatible))
			break;
	if (!u->compatible || !dt_reg(c->fdt, node, 0, &addr, &size)) {
		diag_add(
			c->d, "/sys/firmware/fdt", p,
			"the console (%s) is not a UART the hypervisor of this arch drives",
			dt_label(c->fdt, node));
		return -1;
	}
	o = json_object_new_object();
	create_add_comment(o, "the console of /chosen/stdout-path (%s, %s)", p,
			   u->compatible);
	json_object_object_add(o, "base", create_hex(addr));
	json_object_object_add(o, "size",
			       create_hex(align_up(size, CREATE_PAGE)));
	json_object_object_add(o, "type", json_object_new_string(u->type));
	json_object_object_add(platform, "uart", o);
	return 0;
}

/* What the cross-checks added, for the root cell's comment. */
struct notes {
	char text[1024];
	size_t len;
};

static void note(struct notes *n, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void note(struct notes *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (n->len >= sizeof(n->text) - 1)
		return;
	va_start(ap, fmt);
	k = vsnprintf(n->text + n->len, sizeof(n->text) - n->len, fmt, ap);
	va_end(ap);
	if (k > 0)
		n->len += (size_t)k;
	if (n->len >= sizeof(n->text))
		n->len = sizeof(n->text) - 1;
}

/* Adds the /proc/interrupts lines of the controller the DT did not name. */
static void cross_check_irqs(struct create_ctx *c,
			     const struct create_arch_ops *ops,
			     struct notes *notes)
{
	size_t i;

	for (i = 0; i < c->m->num_irqs; i++) {
		const struct proc_irq *p = &c->m->irqs[i];

		if (!strstr(p->chip, ops->proc_chip) ||
		    test_bit(c->irqs, p->hwirq) || p->hwirq >= 1024)
			continue;
		set_bit(c->irqs, p->hwirq);
		note(notes,
		     "; interrupt %u (%s) from /proc/interrupts, not in the device tree",
		     p->hwirq, p->name);
	}
}

/* Adds the top-level /proc/iomem ranges no DT node covers. */
static void cross_check_iomem(struct create_ctx *c, struct range_set *io,
			      struct notes *notes)
{
	size_t i;

	for (i = 0; i < c->m->iomem_other.n; i++) {
		const struct range *r = &c->m->iomem_other.r[i];
		uint64_t s = align_down(r->start, CREATE_PAGE),
			 e = align_up(r->end, CREATE_PAGE);

		if (range_covered(io, s, e) || range_covered(&c->claimed, s, e))
			continue;
		note(notes,
		     "; 0x%" PRIx64 "-0x%" PRIx64
		     " (%s) from /proc/iomem, not in the device tree",
		     r->start, r->end - 1, r->what ? r->what : "?");
		range_add(io, s, e, r->what);
	}
	range_normalize(io, true);
}

/* CPU nodes of /cpus. */
static unsigned int dt_cpus(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;
	unsigned int n = 0;

	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		if (type && !strcmp(type, "cpu") && dt_enabled(fdt, node))
			n++;
	}
	return n;
}

/* The CPUs: the DT's, which /sys must agree with. */
static int cpus(struct create_ctx *c, struct json_object *platform,
		struct json_object *root)
{
	unsigned int n = dt_cpus(c->fdt), i;
	struct json_object *a;

	if (!n || n > HVISOR_MAX_CPUS) {
		diag_add(c->d, "/sys/firmware/fdt", "/cpus",
			 "%u CPU nodes: hvisor handles 1 to %u", n,
			 HVISOR_MAX_CPUS);
		return -1;
	}
	if (c->m->cpus_possible != n || c->m->cpus_present != n) {
		diag_add(
			c->d, "/sys/devices/system/cpu", NULL,
			"Linux has CPUs 0-%u possible and 0-%u present, the device tree %u CPUs: boot Linux with all of them (no maxcpus=/nr_cpus=)",
			c->m->cpus_possible - 1, c->m->cpus_present - 1, n);
		return -1;
	}
	json_object_object_add(platform, "num_cpus",
			       json_object_new_int((int)n));
	a = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_int((int)i));
	json_object_object_add(root, "cpus", a);
	return 0;
}

/* The lowest device interrupt ID nothing uses, for platform.root_irq. */
static uint32_t free_device_irq(const struct create_ctx *c,
				const struct create_arch_ops *ops)
{
	uint32_t i, last = c->irq_last ? c->irq_last : ops->device_irq_max;

	for (i = ops->device_irq_min; i <= last; i++)
		if (!test_bit(c->irqs, i))
			return i;
	return 0;
}

static void add_regions(struct json_object *a, const struct range_set *s,
			const char *type, const char *const *flags,
			const char *prefix)
{
	size_t i;
	char msg[400];

	for (i = 0; i < s->n; i++) {
		snprintf(msg, sizeof(msg), "%s%s", prefix,
			 s->r[i].what ? s->r[i].what : "");
		json_object_array_add(a, region(type, s->r[i].start,
						s->r[i].end, flags, msg));
	}
}

static int by_phys(const void *a, const void *b)
{
	struct json_object *x = *(struct json_object *const *)a,
			   *y = *(struct json_object *const *)b, *vx, *vy;
	uint64_t px, py;

	json_object_object_get_ex(x, "phys_start", &vx);
	json_object_object_get_ex(y, "phys_start", &vy);
	px = strtoull(json_object_get_string(vx), NULL, 16);
	py = strtoull(json_object_get_string(vy), NULL, 16);
	return px < py ? -1 : px > py;
}

static void root_comment(struct json_object *root,
			 const struct create_arch_ops *ops,
			 const struct notes *notes)
{
	char below[48] = "";

	if (ops->per_cpu_irqs)
		snprintf(below, sizeof(below), "the per-CPU ones below %u, ",
			 ops->per_cpu_irqs);
	create_add_comment(
		root,
		"every device of the enabled device-tree nodes but the hypervisor's; interrupts: %sthose the nodes name%s%s",
		below,
		ops->root_irq_virtual ?
			"; not root_irq (the lowest device interrupt ID none of them uses), a virtual source the hypervisor raises" :
			" and root_irq, the lowest device interrupt ID none of them uses",
		notes->text);
}

struct json_object *create_root(const struct machine *m,
				const struct create_arch_ops *ops,
				uint64_t hv_size, struct diag *d)
{
	struct create_ctx c = { .m = m, .fdt = m->fdt, .d = d };
	struct walk w = { .c = &c, .ops = ops };
	struct json_object *top = json_object_new_object(),
			   *platform = json_object_new_object(),
			   *root = json_object_new_object(),
			   *regions = json_object_new_array();
	struct notes notes = { .len = 0 };
	struct range_set spare = { 0 }, ram = { 0 };
	const char *model = fdt_getprop(m->fdt, 0, "model", NULL);
	unsigned int before = d->count;
	uint32_t root_irq, i;
	char msg[256];

	snprintf(
		msg, sizeof(msg),
		"generated by hvisor config create from the running machine (%s): its boot device tree, /proc/iomem, /proc/interrupts and /sys/devices/system/cpu",
		model ? model : "no model");
	json_object_object_add(top, "comment", json_object_new_string(msg));
	json_object_object_add(
		top, "arch",
		json_object_new_string(config_arch_name(ops->arch)));
	if (hypervisor_memory(&c, hv_size, top, &spare) == 0) {
		json_object_object_add(top, "platform", platform);
		json_object_object_add(top, "root_cell", root);
	} else {
		json_object_put(platform);
		json_object_put(root);
		platform = root = NULL;
	}
	if (root) {
		root_comment(root, ops,
			     &notes); /* its place; filled in below */
		json_object_object_add(root, "name",
				       json_object_new_string("root"));
	}
	if (platform && !cpus(&c, platform, root) &&
	    !ops->platform(&c, platform) && !console_uart(&c, ops, platform)) {
		for (i = 0; i < ops->per_cpu_irqs; i++)
			set_bit(c.irqs, i);
		range_normalize(&c.claimed, false);
		walk_devices(&w);
		range_normalize(&w.io, true);
		cross_check_iomem(&c, &w.io, &notes);
		cross_check_irqs(&c, ops, &notes);
		root_irq = free_device_irq(&c, ops);
		if (root_irq) {
			if (!ops->root_irq_virtual)
				set_bit(c.irqs, root_irq);
			json_object_object_add(
				platform, "root_irq",
				json_object_new_int((int)root_irq));
		}
		add_regions(regions, &w.io, "io", io_flags, "device tree: ");
		/* minus what the hypervisor or firmware keeps (OpenSBI) */
		for (i = 0; i < m->system_ram.n; i++)
			range_add(&ram, m->system_ram.r[i].start,
				  m->system_ram.r[i].end, NULL);
		range_subtract(&ram, &c.claimed);
		add_regions(regions, &ram, "ram", ram_flags,
			    "System RAM in /proc/iomem: the RAM Linux runs in");
		add_regions(
			regions, &spare, "ram", loadable_flags,
			"RAM Linux does not use, beside the hypervisor's: for cells, the root loads images into it");
		json_object_array_sort(regions, by_phys);
		json_object_object_add(root, "memory_regions", regions);
		regions = NULL;
		json_object_object_add(root, "interrupts",
				       create_id_list(c.irqs, 1024));
		root_comment(root, ops, &notes);
	}
	json_object_put(regions);
	range_set_free(&spare);
	range_set_free(&ram);
	range_set_free(&c.claimed);
	range_set_free(&w.io);
	if (d->count != before) {
		json_object_put(top);
		return NULL;
	}
	return top;
}
