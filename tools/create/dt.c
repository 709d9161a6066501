/* Device-tree reading for config create (libfdt): enabled nodes, translated reg and ranges, interrupt specifiers. */
#include "create/dt.h"

#include <string.h>

uint64_t dt_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = n > 2 ? n - 2 : 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

bool dt_enabled(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		const char *s = fdt_getprop(fdt, node, "status", NULL);

		if (s && strcmp(s, "okay") && strcmp(s, "ok"))
			return false;
		if (node == 0)
			break;
	}
	return true;
}

bool dt_translate(const void *fdt, int node, uint64_t addr, uint64_t *out)
{
	while (node > 0) {
		int parent = fdt_parent_offset(fdt, node);
		int ca = fdt_address_cells(fdt, node);
		int pa = fdt_address_cells(fdt, parent);
		int cs = fdt_size_cells(fdt, node);
		int len, entry, i;
		const fdt32_t *r = fdt_getprop(fdt, node, "ranges", &len);
		bool found = false;

		if (!r || ca < 1 || pa < 1 || cs < 0)
			return false;
		entry = ca + pa + cs;
		for (i = 0; len > 0 && i + entry <= len / 4; i += entry) {
			uint64_t c = dt_cells(r + i, ca),
				 p = dt_cells(r + i + ca, pa),
				 s = dt_cells(r + i + ca + pa, cs);

			if (addr >= c && addr - c < s) {
				addr = p + (addr - c);
				found = true;
				break;
			}
		}
		if (len > 0 && !found)
			return false;
		node = parent;
	}
	*out = addr;
	return true;
}

bool dt_reg(const void *fdt, int node, int i, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent),
	    sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *r = fdt_getprop(fdt, node, "reg", &len);
	const char *type = fdt_getprop(fdt, parent, "device_type", NULL);

	/* PCI children's reg is a config-space address, not memory */
	if (!r || ac < 1 || sc < 1 || (type && !strcmp(type, "pci")))
		return false;
	if ((i + 1) * (ac + sc) > len / 4)
		return false;
	r += i * (ac + sc);
	*size = dt_cells(r + ac, sc);
	return dt_translate(fdt, parent, dt_cells(r, ac), addr);
}

const char *dt_label(const void *fdt, int node)
{
	const char *c = fdt_getprop(fdt, node, "compatible", NULL);

	return c && *c ? c : fdt_get_name(fdt, node, NULL);
}

bool dt_is(const void *fdt, int node, const char *compat)
{
	return fdt_node_check_compatible(fdt, node, compat) == 0;
}

uint32_t dt_irq_parent(const void *fdt, int node)
{
	for (; node >= 0; node = fdt_parent_offset(fdt, node)) {
		int len;
		const fdt32_t *p =
			fdt_getprop(fdt, node, "interrupt-parent", &len);

		if (p && len == 4)
			return fdt32_to_cpu(*p);
		if (node == 0)
			break;
	}
	return 0;
}

uint32_t dt_u32(const void *fdt, int node, const char *prop, uint32_t def)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, prop, &len);

	return p && len == 4 ? fdt32_to_cpu(*p) : def;
}

/* #interrupt-cells and #address-cells of the controller with phandle ph. */
static bool ctrl_cells(const void *fdt, uint32_t ph, int *icells, int *acells)
{
	int n = fdt_node_offset_by_phandle(fdt, ph);

	if (n < 0)
		return false;
	*icells = (int)dt_u32(fdt, n, "#interrupt-cells", 0);
	*acells = (int)dt_u32(fdt, n, "#address-cells", 0);
	return *icells > 0;
}

void dt_for_each_irq(const void *fdt, int node, uint32_t ctrl,
		     void (*fn)(void *arg, const fdt32_t *cells, int ncells),
		     void *arg)
{
	int len, i, ic, ac;
	const fdt32_t *p = fdt_getprop(fdt, node, "interrupts", &len);
	uint32_t parent = dt_irq_parent(fdt, node);

	if (p && parent == ctrl && ctrl_cells(fdt, ctrl, &ic, &ac))
		for (i = 0; i + ic <= len / 4; i += ic)
			fn(arg, p + i, ic);
	p = fdt_getprop(fdt, node, "interrupts-extended", &len);
	for (i = 0; p && i < len / 4;) {
		uint32_t ph = fdt32_to_cpu(p[i]);

		if (!ctrl_cells(fdt, ph, &ic, &ac) || i + 1 + ic > len / 4)
			break;
		if (ph == ctrl)
			fn(arg, p + i + 1, ic);
		i += 1 + ic;
	}
	/* interrupt-map: child unit address, child specifier, parent
	 * phandle, parent unit address, parent specifier */
	p = fdt_getprop(fdt, node, "interrupt-map", &len);
	if (p) {
		int cac = fdt_address_cells(fdt, node);
		int cic = (int)dt_u32(fdt, node, "#interrupt-cells", 1);

		for (i = 0; cac >= 0 && i + cac + cic + 1 <= len / 4;) {
			uint32_t ph = fdt32_to_cpu(p[i + cac + cic]);
			int at = i + cac + cic + 1;

			if (!ctrl_cells(fdt, ph, &ic, &ac) ||
			    at + ac + ic > len / 4)
				break;
			if (ph == ctrl)
				fn(arg, p + at + ac, ic);
			i = at + ac + ic;
		}
	}
}
