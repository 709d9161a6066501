/* Device-tree reading for config create (libfdt): enabled nodes, translated reg and ranges, interrupt specifiers. */
#ifndef HVISOR_TOOLS_CREATE_DT_H
#define HVISOR_TOOLS_CREATE_DT_H

#include <libfdt.h>
#include <stdbool.h>
#include <stdint.h>

/* The value of n (1 or 2; more: the low two) big-endian cells at p. */
uint64_t dt_cells(const fdt32_t *p, int n);

/* Whether node and all its ancestors have no status or "okay"/"ok". */
bool dt_enabled(const void *fdt, int node);

/*
 * Translates addr, an address in the space of node's children (as node's
 * "ranges" see it), to a CPU physical address through the "ranges" of node
 * and its ancestors. False when a bus on the way has no "ranges" (its
 * children's addresses are not memory-mapped) or addr is outside them.
 */
bool dt_translate(const void *fdt, int node, uint64_t addr, uint64_t *out);

/*
 * The i-th (address, size) of node's "reg" as a CPU physical range; false
 * when there is none or it is not memory-mapped.
 */
bool dt_reg(const void *fdt, int node, int i, uint64_t *addr, uint64_t *size);

/* The first string of node's "compatible", or its name. */
const char *dt_label(const void *fdt, int node);

/* Whether node's "compatible" holds compat. */
bool dt_is(const void *fdt, int node, const char *compat);

/* The phandle of node's interrupt parent (its own or an ancestor's), 0 if none. */
uint32_t dt_irq_parent(const void *fdt, int node);

/* A u32 property of node, or def. */
uint32_t dt_u32(const void *fdt, int node, const char *prop, uint32_t def);

/*
 * Calls fn for every interrupt specifier node names of the controller with
 * phandle ctrl: "interrupts" (with its interrupt parent), every entry of
 * "interrupts-extended" and of "interrupt-map" (a nexus such as a PCI
 * host). cells points to ncells specifier cells.
 */
void dt_for_each_irq(const void *fdt, int node, uint32_t ctrl,
		     void (*fn)(void *arg, const fdt32_t *cells, int ncells),
		     void *arg);

#endif
