/* config create on riscv64: harts (H extension, timebase), the PLIC (contexts from interrupts-extended) or APLIC/IMSIC, CLINT/ACLINT and OpenSBI's memory, ns16550 consoles, the cells' layout. */
#include "create/create.h"
#include "create/dt.h"

#include <hvisor/config.h>
#include <stdio.h>
#include <string.h>

#define FDT_SRC "/sys/firmware/fdt"
#define IRQ_S_EXT 9 /* cpu-intc cause of the supervisor external interrupt */
#define IRQ_M_EXT 11
#define MAX_CONTEXTS_PER_HART 16

/* PLIC and APLIC specifiers: <source> or <source flags>; 0 is no source. */
static bool irq_id(const fdt32_t *cells, int n, uint32_t *id)
{
	uint32_t src;

	if (n < 1)
		return false;
	src = fdt32_to_cpu(cells[0]);
	if (!src || src > 1023)
		return false;
	*id = src;
	return true;
}

/* Whether the single-letter part of a riscv,isa string has ext. */
static bool isa_has(const char *isa, char ext)
{
	const char *p;

	if (strncmp(isa, "rv64", 4))
		return false;
	for (p = isa + 4; *p && *p != '_'; p++)
		if (*p == ext)
			return true;
	return false;
}

/* The "riscv,isa-extensions" string list holds ext. */
static bool isa_ext_has(const void *fdt, int node, const char *ext)
{
	int len, i;
	const char *s = fdt_getprop(fdt, node, "riscv,isa-extensions", &len);

	for (i = 0; s && i < len; i += (int)strlen(s + i) + 1)
		if (!strcmp(s + i, ext))
			return true;
	return false;
}

/* The hart of a cpu-intc phandle (its parent cpu node's reg), or -1. */
static int64_t intc_hart(const void *fdt, uint32_t phandle)
{
	int intc = fdt_node_offset_by_phandle(fdt, phandle), cpu;
	const fdt32_t *reg;
	int len;

	if (intc < 0 || !dt_is(fdt, intc, "riscv,cpu-intc"))
		return -1;
	cpu = fdt_parent_offset(fdt, intc);
	reg = cpu >= 0 ? fdt_getprop(fdt, cpu, "reg", &len) : NULL;
	if (!reg || len < 4)
		return -1;
	return (int64_t)dt_cells(reg, len / 4);
}

/*
 * Every enabled hart must have the H extension (riscv,isa or
 * riscv,isa-extensions); the timebase is /cpus' (or the first hart's).
 */
static int harts(struct create_ctx *c, struct json_object *platform)
{
	int cpus = fdt_path_offset(c->fdt, "/cpus"), node;
	uint32_t tb =
		cpus >= 0 ? dt_u32(c->fdt, cpus, "timebase-frequency", 0) : 0;
	const char *isa0 = NULL;

	if (cpus < 0)
		return -1; /* cpus() in root.c said so */
	fdt_for_each_subnode(node, c->fdt, cpus)
	{
		const char *type =
			fdt_getprop(c->fdt, node, "device_type", NULL);
		const char *isa = fdt_getprop(c->fdt, node, "riscv,isa", NULL);

		if (!type || strcmp(type, "cpu") || !dt_enabled(c->fdt, node))
			continue;
		if (!tb)
			tb = dt_u32(c->fdt, node, "timebase-frequency", 0);
		if (!(isa && isa_has(isa, 'h')) &&
		    !isa_ext_has(c->fdt, node, "h")) {
			diag_add(
				c->d, FDT_SRC, fdt_get_name(c->fdt, node, NULL),
				"hart without the H extension (riscv,isa \"%s\"): hvisor needs it (QEMU: -cpu rv64,h=true)",
				isa ? isa : "none");
			return -1;
		}
		if (!isa0)
			isa0 = isa;
	}
	if (!tb) {
		diag_add(
			c->d, FDT_SRC, "/cpus",
			"no timebase-frequency: the time CSR's rate is unknown");
		return -1;
	}
	json_object_object_add(platform, "timebase_frequency",
			       json_object_new_int64(tb));
	create_add_comment(
		platform,
		"timebase_frequency: /cpus timebase-frequency; every hart has the H extension (riscv,isa of the first: %s)",
		isa0 ? isa0 : "riscv,isa-extensions");
	return 0;
}

/*
 * The PLIC's contexts: interrupts-extended holds <intc cause> per context,
 * context k = hart h's (k / n)-th. Each hart must have the same n contexts
 * in hart order with one S external (cause 9): its index is s_context.
 */
static int plic_contexts(struct create_ctx *c, int node, uint32_t *per_hart,
			 uint32_t *s_context)
{
	int len, k, n;
	const fdt32_t *ie =
		fdt_getprop(c->fdt, node, "interrupts-extended", &len);
	int64_t hart, first = -1;
	uint32_t count = 0, s = ~0u;
	const char *why = NULL;

	n = ie ? len / 8 : 0;
	for (k = 0; k < n && !why; k++) {
		hart = intc_hart(c->fdt, fdt32_to_cpu(ie[2 * k]));
		if (hart < 0)
			why = "a context whose interrupt parent is not a hart's riscv,cpu-intc";
		else if (k == 0)
			first = hart;
		if (why || hart != first)
			break;
		if (fdt32_to_cpu(ie[2 * k + 1]) == IRQ_S_EXT)
			s = (uint32_t)k;
		count++;
	}
	if (!why && (!count || count > MAX_CONTEXTS_PER_HART || s == ~0u ||
		     n % (int)count))
		why = "no S-mode external interrupt context on the first hart, or harts with different numbers of contexts";
	for (k = 0; k < n && !why; k++) {
		hart = intc_hart(c->fdt, fdt32_to_cpu(ie[2 * k]));
		if (hart != (int64_t)(k / (int)count))
			why = "contexts not in hart order (context of hart h = h * contexts_per_hart + s_context)";
		else if ((fdt32_to_cpu(ie[2 * k + 1]) == IRQ_S_EXT) !=
			 ((uint32_t)k % count == s))
			why = "the S-mode context is not at the same index on every hart";
	}
	if (why) {
		diag_add(c->d, FDT_SRC, fdt_get_name(c->fdt, node, NULL),
			 "PLIC interrupts-extended: %s", why);
		return -1;
	}
	*per_hart = count;
	*s_context = s;
	return 0;
}

static int plic(struct create_ctx *c, int node, struct json_object *chip)
{
	uint64_t base, size;
	uint32_t ndev = dt_u32(c->fdt, node, "riscv,ndev", 0), per_hart, s;

	if (!dt_reg(c->fdt, node, 0, &base, &size) || !ndev || ndev > 1023) {
		diag_add(
			c->d, FDT_SRC, fdt_get_name(c->fdt, node, NULL),
			"the PLIC node has no reg or no riscv,ndev (1 to 1023)");
		return -1;
	}
	if (plic_contexts(c, node, &per_hart, &s))
		return -1;
	range_add(&c->claimed, base, base + size, "PLIC");
	c->irq_last = ndev;
	create_add_comment(
		chip,
		"the PLIC node %s: reg, riscv,ndev + 1 sources (0 is none), contexts per hart and the S context from interrupts-extended",
		fdt_get_name(c->fdt, node, NULL));
	json_object_object_add(chip, "type", json_object_new_string("plic"));
	json_object_object_add(chip, "base", create_hex(base));
	json_object_object_add(chip, "size", create_hex(size));
	json_object_object_add(chip, "num_sources",
			       json_object_new_int((int)ndev + 1));
	json_object_object_add(chip, "contexts_per_hart",
			       json_object_new_int((int)per_hart));
	json_object_object_add(chip, "s_context", json_object_new_int((int)s));
	return 0;
}

/* Whether an IMSIC or APLIC node serves S mode (targets cause 9 / an S IMSIC). */
static bool imsic_is_s(const void *fdt, int node)
{
	int len;
	const fdt32_t *ie = fdt_getprop(fdt, node, "interrupts-extended", &len);

	return ie && len >= 8 && fdt32_to_cpu(ie[1]) == IRQ_S_EXT;
}

/*
 * AIA: the S-level APLIC (its msi-parent the S-level IMSIC), whose sources
 * the devices name. Every APLIC and IMSIC frame is the hypervisor's or
 * M mode's: none goes to the root.
 */
static int aia(struct create_ctx *c, struct json_object *chip)
{
	int node, aplic = -1, imsic = -1, len;
	uint64_t base, size, ibase = 0, isize;
	uint32_t sources, gib, ids;
	const fdt32_t *mp;

	for (node = fdt_node_offset_by_compatible(c->fdt, -1, "riscv,imsics");
	     node >= 0; node = fdt_node_offset_by_compatible(c->fdt, node,
							     "riscv,imsics")) {
		if (dt_reg(c->fdt, node, 0, &base, &size))
			range_add(&c->claimed, base, base + size, "IMSIC");
		if (imsic < 0 && dt_enabled(c->fdt, node) &&
		    imsic_is_s(c->fdt, node))
			imsic = node;
	}
	for (node = fdt_node_offset_by_compatible(c->fdt, -1, "riscv,aplic");
	     node >= 0; node = fdt_node_offset_by_compatible(c->fdt, node,
							     "riscv,aplic")) {
		if (dt_reg(c->fdt, node, 0, &base, &size))
			range_add(&c->claimed, base, base + size, "APLIC");
		mp = fdt_getprop(c->fdt, node, "msi-parent", &len);
		if (aplic < 0 && imsic >= 0 && dt_enabled(c->fdt, node) && mp &&
		    len == 4 &&
		    fdt_node_offset_by_phandle(c->fdt, fdt32_to_cpu(*mp)) ==
			    imsic)
			aplic = node;
	}
	if (aplic < 0 || !dt_reg(c->fdt, aplic, 0, &base, &size) ||
	    !dt_reg(c->fdt, imsic, 0, &ibase, &isize)) {
		diag_add(
			c->d, FDT_SRC, NULL,
			"AIA without an enabled S-level riscv,imsics node and the riscv,aplic whose msi-parent it is");
		return -1;
	}
	sources = dt_u32(c->fdt, aplic, "riscv,num-sources", 0);
	gib = dt_u32(c->fdt, imsic, "riscv,guest-index-bits", 0);
	ids = dt_u32(c->fdt, imsic, "riscv,num-ids", 0);
	c->ctrl_node = aplic;
	c->irq_last = sources < 1023 ? sources : 1023;
	create_add_comment(
		chip,
		"AIA: the S-level APLIC %s (riscv,num-sources + 1 sources) and the S-level IMSIC %s (riscv,guest-index-bits, riscv,num-ids); the root uses guest file 1",
		fdt_get_name(c->fdt, aplic, NULL),
		fdt_get_name(c->fdt, imsic, NULL));
	json_object_object_add(chip, "type",
			       json_object_new_string("aplic-imsic"));
	json_object_object_add(chip, "aplic_base", create_hex(base));
	json_object_object_add(chip, "aplic_size", create_hex(size));
	json_object_object_add(chip, "num_sources",
			       json_object_new_int((int)c->irq_last + 1));
	json_object_object_add(chip, "imsic_base", create_hex(ibase));
	json_object_object_add(chip, "imsic_guest_index_bits",
			       json_object_new_int((int)gib));
	json_object_object_add(chip, "imsic_guest_files",
			       json_object_new_int(gib ? (1 << gib) - 1 : 0));
	json_object_object_add(chip, "imsic_num_ids",
			       json_object_new_int((int)ids));
	json_object_object_add(chip, "guest_file", json_object_new_int(1));
	/* the cells' virtual PLIC: guest-physical, QEMU virt's PLIC layout */
	json_object_object_add(chip, "base", create_hex(0x0c000000));
	json_object_object_add(chip, "size", create_hex(0x600000));
	json_object_object_add(chip, "contexts_per_hart",
			       json_object_new_int(2));
	json_object_object_add(chip, "s_context", json_object_new_int(1));
	return 0;
}

/* An object { "comment", "base", "size" }. */
static struct json_object *window(uint64_t base, uint64_t size,
				  const char *comment)
{
	struct json_object *o = json_object_new_object();

	create_add_comment(o, "%s", comment);
	json_object_object_add(o, "base", create_hex(base));
	json_object_object_add(o, "size", create_hex(size));
	return o;
}

/* The CLINT, or ACLINT's MSWI/MTIMER/SSWI devices (M mode's: never mapped). */
static void clint(struct create_ctx *c, struct json_object *platform)
{
	static const char *const compat[] = { "riscv,clint0",
					      "sifive,clint0",
					      "riscv,aclint-mswi",
					      "riscv,aclint-mtimer",
					      "riscv,aclint-sswi",
					      "thead,c900-clint",
					      NULL };
	struct range_set s = { 0 };
	uint64_t base, size, lo = ~0ull, hi = 0;
	const char *const *p;
	int node, i;
	char msg[160];

	for (p = compat; *p; p++)
		for (node = fdt_node_offset_by_compatible(c->fdt, -1, *p);
		     node >= 0;
		     node = fdt_node_offset_by_compatible(c->fdt, node, *p))
			for (i = 0; dt_reg(c->fdt, node, i, &base, &size); i++)
				range_add(&s, base, base + size, *p);
	range_normalize(&s, true);
	for (i = 0; i < (int)s.n; i++) {
		range_add(&c->claimed, s.r[i].start, s.r[i].end, "CLINT");
		lo = s.r[i].start < lo ? s.r[i].start : lo;
		hi = s.r[i].end > hi ? s.r[i].end : hi;
	}
	if (s.n) {
		snprintf(
			msg, sizeof(msg),
			"the %s node(s): M-mode timer and IPIs, never mapped to a cell",
			s.r[0].what);
		json_object_object_add(
			platform, "clint",
			window(align_down(lo, CREATE_PAGE),
			       align_up(hi, CREATE_PAGE) -
				       align_down(lo, CREATE_PAGE),
			       msg));
	}
	range_set_free(&s);
}

/*
 * OpenSBI's memory: the /reserved-memory children it adds (mmode_resv*),
 * one window from the lowest to the highest. None: no window.
 */
static void firmware(struct create_ctx *c, struct json_object *platform)
{
	int node = fdt_path_offset(c->fdt, "/reserved-memory"), child, i;
	uint64_t base, size, lo = ~0ull, hi = 0;

	if (node >= 0)
		fdt_for_each_subnode(child, c->fdt, node)
		{
			if (strncmp(fdt_get_name(c->fdt, child, NULL),
				    "mmode_resv", 10))
				continue;
			for (i = 0; dt_reg(c->fdt, child, i, &base, &size);
			     i++) {
				lo = base < lo ? base : lo;
				hi = base + size > hi ? base + size : hi;
			}
		}
	if (hi <= lo)
		return;
	lo = align_down(lo, CREATE_PAGE);
	hi = align_up(hi, CREATE_PAGE);
	range_add(&c->claimed, lo, hi, "OpenSBI");
	json_object_object_add(
		platform, "firmware",
		window(lo, hi - lo,
		       "OpenSBI: its /reserved-memory mmode_resv* nodes (PMP-protected), never mapped to a cell"));
}

static int platform(struct create_ctx *c, struct json_object *platform)
{
	static const char *const plics[] = { "riscv,plic0", "sifive,plic-1.0.0",
					     NULL };
	struct json_object *chip;
	const char *const *p;
	int node = -1, ret;

	if (harts(c, platform))
		return -1;
	for (p = plics; *p && node < 0; p++) {
		node = fdt_node_offset_by_compatible(c->fdt, -1, *p);
		while (node >= 0 && !dt_enabled(c->fdt, node))
			node = fdt_node_offset_by_compatible(c->fdt, node, *p);
	}
	chip = json_object_new_object();
	if (node >= 0) {
		c->ctrl_node = node;
		ret = plic(c, node, chip);
	} else if (fdt_node_offset_by_compatible(c->fdt, -1, "riscv,aplic") >=
		   0) {
		ret = aia(c, chip);
	} else {
		diag_add(
			c->d, FDT_SRC, NULL,
			"no enabled riscv,plic0 / sifive,plic-1.0.0 node and no riscv,aplic: hvisor on riscv64 needs one");
		ret = -1;
	}
	if (ret) {
		json_object_put(chip);
		return -1;
	}
	c->ctrl_phandle = fdt_get_phandle(c->fdt, c->ctrl_node);
	json_object_object_add(platform, "irqchip", chip);
	clint(c, platform);
	firmware(c, platform);
	return 0;
}

static const struct create_uart uarts[] = {
	{ "ns16550a", "ns16550" },
	{ "ns16550", "ns16550" },
	{ NULL, NULL },
};

const struct create_arch_ops create_arch_riscv64 = {
	.arch = HVISOR_ARCH_RISCV64,
	.platform = platform,
	.irq_id = irq_id,
	.per_cpu_irqs = 0, /* the PLIC has no per-hart sources */
	.device_irq_min = 1,
	.device_irq_max = 1023, /* and below num_sources (c->irq_last) */
	.root_irq_virtual = true, /* the PLIC has no software pending */
	.proc_chip = "PLIC",
	.uarts = uarts,
	/*
	 * Like QEMU virt, where the riscv64 test guest expects its devices
	 * (guests/testguest/platform.h): ns16550 at 0x10000000 (source 10),
	 * virtio-mmio from 0x10001000 (sources 1 up), RAM at 0xc0000000 so
	 * that a 256 MiB cell's mailbox is at 0xcffff000, doorbell source 40.
	 */
	.cell = {
		.ram_base = 0xc0000000,
		.console_base = 0x10000000,
		.console_type = "ns16550",
		.console_irq = 10,
		.doorbell_irq = 40,
		.virtio_base = 0x10001000,
		.virtio_stride = 0x1000,
		.virtio_irq_first = 1,
		.testdev_base = 0x0b000000,
		.irq_max = 1023,
	},
};
