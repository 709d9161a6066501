/* One row per static rule the hypervisor (or the CLI) enforces: a valid blob broken in one way, refused by the checker with the expected error. */
#include "check_blob.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

enum { SYS, CELL }; /* a blob, and which checker a row runs */
enum { SET, OR };

/* Writes value (width bytes, little endian) at offset of one blob. */
struct patch {
	int blob;
	size_t offset, width;
	uint64_t value;
	int op;
};

#define PATCH(b, at, w, v, op)  \
	{                       \
		b, at, w, v, op \
	}
#define MEMBER_SIZE(type, m) sizeof(((type *)0)->m)
#define SYSF(m, v)                                    \
	PATCH(SYS, offsetof(struct hvisor_system, m), \
	      MEMBER_SIZE(struct hvisor_system, m), (v), SET)
#define CELLF(m, v)                                       \
	PATCH(CELL, offsetof(struct hvisor_cell_desc, m), \
	      MEMBER_SIZE(struct hvisor_cell_desc, m), (v), SET)
#define ROOT_REGIONS                                 \
	(offsetof(struct hvisor_system, root_cell) + \
	 sizeof(struct hvisor_cell_desc))
#define REGION_AT(base, i, m)                              \
	((base) + (i) * sizeof(struct hvisor_mem_region) + \
	 offsetof(struct hvisor_mem_region, m))
#define ROOTR(i, m, v)                            \
	PATCH(SYS, REGION_AT(ROOT_REGIONS, i, m), \
	      MEMBER_SIZE(struct hvisor_mem_region, m), (v), SET)
#define CELLR(i, m, v)                                                \
	PATCH(CELL, REGION_AT(sizeof(struct hvisor_cell_desc), i, m), \
	      MEMBER_SIZE(struct hvisor_mem_region, m), (v), SET)
#define IRQ_AT(base, irq) \
	((base) + offsetof(struct hvisor_cell_desc, irqs) + (irq) / 32 * 4)
#define CELL_IRQ(irq) PATCH(CELL, IRQ_AT(0, irq), 4, 1u << ((irq) % 32), OR)
#define ROOT_IRQ(irq)                                                         \
	PATCH(SYS, IRQ_AT(offsetof(struct hvisor_system, root_cell), irq), 4, \
	      1u << ((irq) % 32), OR)
#define NO_PATCH PATCH(0, 0, 0, 0, 0)
#define REGION(phys, virt, size, flags, type) \
	{                                     \
		phys, virt, size, flags, type \
	}
#define VIRTIO(virt, irq)                                             \
	REGION(0, virt, 0x1000, (irq) << HVISOR_MEM_VIRTIO_IRQ_SHIFT, \
	       HVISOR_MEM_TYPE_VIRTIO)
#define RWX (HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE)

struct blobs {
	struct hvisor_system *sys;
	struct hvisor_cell_desc *cell;
	uint64_t sys_len, cell_len; /* what the checker is given */
};

struct row {
	const char *rule; /* who refused it before: what the blob breaks */
	int check; /* SYS: hvisor_check_system_arch, CELL: hvisor_check_cell */
	int code, part;
	const char *field;
	int region;
	struct patch patch[4];
	struct hvisor_mem_region add[2]; /* appended to the cell (size != 0) */
	void (*mutate)(struct blobs *b);
};

/* A row that patches fields; one that also appends regions; one by code. */
#define ROW_(what, chk, cod, prt, fld, reg)                         \
	.rule = (what), .check = (chk), .code = HVISOR_CHECK_##cod, \
	.part = HVISOR_CHECK_PART_##prt, .field = (fld), .region = (reg)
#define ROW(what, chk, cod, prt, fld, reg, ...)                               \
	{                                                                     \
		ROW_(what, chk, cod, prt, fld, reg), .patch = { __VA_ARGS__ } \
	}
#define ROW_ADD(what, cod, prt, fld, reg, one_patch, ...)                     \
	{                                                                     \
		ROW_(what, CELL, cod, prt, fld, reg), .patch = { one_patch }, \
						      .add = { __VA_ARGS__ }  \
	}
#define ROW_FN(what, chk, cod, prt, fld, reg, fn)                   \
	{                                                           \
		ROW_(what, chk, cod, prt, fld, reg), .mutate = (fn) \
	}

static void sys_short(struct blobs *b)
{
	b->sys_len = sizeof(struct hvisor_system) - 1;
}

static void sys_huge(struct blobs *b)
{
	b->sys_len = HVISOR_CHECK_SYSTEM_MAX_SIZE + 0x1000;
	b->sys = realloc(b->sys, b->sys_len);
	assert_non_null(b->sys);
	b->sys->size = b->sys_len;
}

static void cell_trailing(struct blobs *b)
{
	b->cell_len += 32;
	b->cell = realloc(b->cell, b->cell_len);
	assert_non_null(b->cell);
	memset((char *)b->cell + b->cell_len - 32, 0, 32);
	b->cell->size = b->cell_len;
}

/* A consistent blob with enough (empty) regions to exceed 64 KiB. */
static void cell_huge(struct blobs *b)
{
	const size_t n = (HVISOR_CHECK_CELL_MAX_SIZE - sizeof(*b->cell)) /
				 sizeof(struct hvisor_mem_region) +
			 1;
	const size_t old = b->cell_len;

	b->cell_len = sizeof(*b->cell) + n * sizeof(struct hvisor_mem_region);
	b->cell = realloc(b->cell, b->cell_len);
	assert_non_null(b->cell);
	memset((char *)b->cell + old, 0, b->cell_len - old);
	b->cell->num_mem_regions = n;
	b->cell->size = b->cell_len;
}

static void no_ram(struct blobs *b)
{
	struct hvisor_mem_region *r = blob_regions(b->cell);

	r[0].type = r[1].type = HVISOR_MEM_TYPE_VIRTIO;
	r[0].phys_start = r[1].phys_start = 0;
	r[0].flags = r[1].flags = 0;
}

static const struct row rows[] = {
	/* hypervisor/core/main.c global_init() */
	ROW_FN("main.c: shorter than struct hvisor_system", SYS, TRUNCATED,
	       BLOB, "size", -1, sys_short),
	ROW_FN("main.c: system config over 1 MiB", SYS, SIZE, BLOB, "size", -1,
	       sys_huge),
	ROW("main.c: an arch the hypervisor does not run", SYS, ARCH, BLOB,
	    "arch", -1, SYSF(arch, HVISOR_ARCH_RISCV64)),
	/* hypervisor/core/cell.c cell_create() and check_cell() */
	ROW_FN("cell.c: cell config over 64 KiB", CELL, SIZE, CELL, "size", -1,
	       cell_huge),
	ROW("cell.c: magic", CELL, MAGIC, CELL, "magic", -1,
	    CELLF(magic[0], 'X')),
	ROW("cell.c: version", CELL, VERSION, CELL, "version", -1,
	    CELLF(version, 1)),
	ROW("cell.c: size field is not the blob's", CELL, SIZE, CELL, "size",
	    -1,
	    CELLF(size, sizeof(struct hvisor_cell_desc) +
				(BLOB_CELL_REGIONS + 1) *
					sizeof(struct hvisor_mem_region))),
	ROW("cell.c: more regions than the blob holds", CELL, TRUNCATED, CELL,
	    "num_mem_regions", -1,
	    CELLF(num_mem_regions, BLOB_CELL_REGIONS + 1)),
	ROW_FN("cell.c: bytes after the last region", CELL, SIZE, CELL, "size",
	       -1, cell_trailing),
	ROW("cell.c: empty name", CELL, NAME, CELL, "name", -1,
	    CELLF(name[0], 0)),
	ROW("cell.c: name without its NUL", CELL, NAME, CELL, "name", -1,
	    CELLF(name[HVISOR_NAME_LEN - 1], 'x')),
	ROW("cell.c: no CPU", CELL, CPUS, CELL, "cpus", -1, CELLF(cpus, 0)),
	ROW("cell.c: a CPU the root does not have", CELL, NOT_ROOTS, CELL,
	    "cpus", -1, SYSF(root_cell.cpus, 0x7)),
	ROW("cell.c: every CPU of the root", CELL, ROOT_CPU, CELL, "cpus", -1,
	    SYSF(root_cell.cpus, 0x8)),
	ROW("cell.c: 17 CPUs", CELL, CPUS, CELL, "cpus", -1,
	    SYSF(platform.num_cpus, 32),
	    SYSF(platform.arch.arm64.gicr_size, 32 * 0x20000),
	    SYSF(root_cell.cpus, 0xffffffff), CELLF(cpus, 0x1ffff0)),
	ROW("cell.c: empty region", CELL, EMPTY, REGION, "size", 0,
	    CELLR(0, size, 0)),
	ROW("cell.c: unaligned phys_start", CELL, ALIGN, REGION, "phys_start",
	    0, CELLR(0, phys_start, 0x90000800)),
	ROW("cell.c: unaligned virt_start", CELL, ALIGN, REGION, "virt_start",
	    2, CELLR(2, virt_start, 0x0b000800)),
	ROW("cell.c: unaligned size", CELL, ALIGN, REGION, "size", 0,
	    CELLR(0, size, 0xff800)),
	ROW("cell.c: unknown region type", CELL, TYPE, REGION, "type", 2,
	    CELLR(2, type, 4)),
	ROW("cell.c: ram outside root memory", CELL, NOT_ROOTS, REGION, NULL, 0,
	    CELLR(0, phys_start, 0xc0000000)),
	ROW("cell.c: ram in root ram not flagged loadable", CELL, NOT_ROOTS,
	    REGION, NULL, 0, CELLR(0, phys_start, 0x50000000)),
	ROW("cell.c: ram in a root io region", CELL, NOT_ROOTS, REGION, NULL, 0,
	    CELLR(0, phys_start, 0x09000000), CELLR(0, size, 0x1000)),
	ROW_ADD("cell.c: io outside root memory", NOT_ROOTS, REGION, NULL, 3,
		NO_PATCH,
		REGION(0x0c000000, 0x0c000000, 0x1000,
		       HVISOR_MEM_READ | HVISOR_MEM_IO, HVISOR_MEM_TYPE_IO)),
	ROW("cell.c: interrupt 1020 and up", CELL, IRQ, CELL, "irqs", -1,
	    CELL_IRQ(1020)),
	ROW("cell.c: an interrupt the root does not own", CELL, NOT_ROOTS, CELL,
	    "irqs", -1, CELL_IRQ(300)),
	ROW("cell.c: a per-CPU interrupt (was dropped)", CELL, IRQ, CELL,
	    "irqs", -1, CELL_IRQ(27)),
	ROW("cell.c: unaligned console page", CELL, ALIGN, CELL, "console_base",
	    -1, CELLF(console_base, 0x09000800)),
	ROW("cell.c: console interrupt below the range", CELL, IRQ, CELL,
	    "console_irq", -1, CELLF(console_irq, 20)),
	ROW("cell.c: console interrupt above the range", CELL, IRQ, CELL,
	    "console_irq", -1, CELLF(console_irq, 1020)),
	ROW("cell.c: console interrupt is physical", CELL, IRQ, CELL,
	    "console_irq", -1, CELL_IRQ(33)),
	ROW("cell.c: doorbell interrupt out of range", CELL, IRQ, CELL,
	    "doorbell_irq", -1, CELLF(doorbell_irq, 1023)),
	ROW("cell.c: doorbell interrupt is physical", CELL, IRQ, CELL,
	    "doorbell_irq", -1, CELL_IRQ(34)),
	/* hypervisor/core/virtio.c virtio_inject(); the CLI's JSON check */
	ROW_ADD("virtio.c: virtio interrupt below the range", IRQ, REGION,
		"flags", 3, NO_PATCH, VIRTIO(0x0a000000, 27)),
	ROW_ADD("virtio.c: virtio interrupt above the range", IRQ, REGION,
		"flags", 3, NO_PATCH, VIRTIO(0x0a000000, 1020)),
	ROW_ADD("virtio.c: virtio interrupt is physical", IRQ, REGION, "flags",
		3, CELL_IRQ(40), VIRTIO(0x0a000000, 40)),
	ROW_ADD("CLI: virtio interrupt is the console's", IRQ, REGION, "flags",
		3, NO_PATCH, VIRTIO(0x0a000000, 33)),
	ROW_ADD("CLI: virtio interrupt is the doorbell's", IRQ, REGION, "flags",
		3, NO_PATCH, VIRTIO(0x0a000000, 34)),
	ROW_ADD("CLI: two virtio regions, one interrupt", IRQ, REGION, "flags",
		4, NO_PATCH, VIRTIO(0x0a000000, 48), VIRTIO(0x0a001000, 48)),
	/* ABI v2 */
	ROW("v2: unknown system arch", SYS, ARCH, BLOB, "arch", -1,
	    SYSF(arch, 0)),
	ROW("v2: root cell of another arch", SYS, ARCH, CELL, "arch", -1,
	    SYSF(root_cell.arch, HVISOR_ARCH_RISCV64)),
	ROW("v2: cell of another arch", CELL, ARCH, CELL, "arch", -1,
	    CELLF(arch, HVISOR_ARCH_RISCV64)),
	ROW("v2: system reserved", SYS, RESERVED, BLOB, "reserved", -1,
	    SYSF(reserved, 1)),
	ROW("v2: uart reserved", SYS, RESERVED, PLATFORM, "uart.reserved", -1,
	    SYSF(platform.uart.reserved, 1)),
	ROW("v2: unused platform.arch bytes", SYS, RESERVED, PLATFORM,
	    "arch.raw", -1,
	    SYSF(platform.arch.raw[HVISOR_PLATFORM_ARCH_SIZE - 1], 1)),
	ROW("v2: uart type the arch lacks", SYS, RANGE, PLATFORM, "uart.type",
	    -1, SYSF(platform.uart.type, HVISOR_CONSOLE_8250)),
	ROW("v2: no uart but a uart base", SYS, RESERVED, PLATFORM, "uart.base",
	    -1, SYSF(platform.uart.type, HVISOR_CONSOLE_NONE)),
	ROW("v2: root cell console type", SYS, RESERVED, CELL, "console_type",
	    -1, SYSF(root_cell.console_type, HVISOR_CONSOLE_PL011)),
	ROW("v2: console without type", CELL, RANGE, CELL, "console_type", -1,
	    CELLF(console_type, HVISOR_CONSOLE_NONE)),
	ROW("v2: console type without console", CELL, RESERVED, CELL,
	    "console_type", -1, CELLF(console_base, 0), CELLF(console_irq, 0)),
	ROW("v2: console type the arch lacks", CELL, RANGE, CELL,
	    "console_type", -1, CELLF(console_type, HVISOR_CONSOLE_8250)),
	/* what the hypervisor relies on without checking it itself */
	ROW("root name without its NUL", SYS, NAME, CELL, "name", -1,
	    SYSF(root_cell.name[HVISOR_NAME_LEN - 1], 'x')),
	ROW("root_irq below the range", SYS, IRQ, PLATFORM, "root_irq", -1,
	    SYSF(platform.root_irq, 31)),
	ROW("root_irq above the range", SYS, IRQ, PLATFORM, "root_irq", -1,
	    SYSF(platform.root_irq, 1020)),
	ROW("no CPUs", SYS, RANGE, PLATFORM, "num_cpus", -1,
	    SYSF(platform.num_cpus, 0)),
	ROW("root interrupt 1023", SYS, IRQ, CELL, "irqs", -1, ROOT_IRQ(1023)),
	ROW("hypervisor memory beyond the PA space", SYS, OVERFLOW, HYPERVISOR,
	    "hypervisor_size", -1,
	    SYSF(hypervisor_phys, 0xffffffffffe00000ULL)),
	ROW("GIC version", SYS, IRQCHIP, PLATFORM, "arch.arm64.gic_version", -1,
	    SYSF(platform.arch.arm64.gic_version, 2)),
	ROW("root region over the GIC distributor", SYS, OVERLAP, REGION, NULL,
	    1, ROOTR(1, phys_start, 0x08000000),
	    ROOTR(1, virt_start, 0x08000000)),
	ROW("root region type", SYS, TYPE, REGION, "type", 1,
	    ROOTR(1, type, 7)),
	ROW("root region unknown flag", SYS, FLAGS, REGION, "flags", 0,
	    ROOTR(0, flags, RWX | 1u << 7)),
	ROW("cell flags", CELL, FLAGS, CELL, "flags", -1, CELLF(flags, 4)),
	ROW("cell ram over the hypervisor", CELL, OVERLAP, REGION, NULL, 0,
	    CELLR(0, phys_start, 0x80000000)),
	ROW("guest range over the GIC", CELL, OVERLAP, REGION, NULL, 2,
	    CELLR(2, virt_start, 0x08000000)),
	ROW("guest range beyond the stage 2", CELL, OVERFLOW, REGION, "size", 2,
	    CELLR(2, virt_start, 1ULL << 44)),
	/* 64-bit wrap-around in every range a cell gives (issue 9 item 2) */
	ROW("cell ram wraps at 2^64", CELL, OVERFLOW, REGION, "size", 0,
	    CELLR(0, phys_start, 0xfffffffffff00000ULL)),
	ROW("cell ram size wraps from a low start", CELL, OVERFLOW, REGION,
	    "size", 0, CELLR(0, size, 0xfffffffffff00000ULL)),
	ROW("cell guest range wraps at 2^64", CELL, OVERFLOW, REGION, "size", 0,
	    CELLR(0, virt_start, 0xfffffffffff00000ULL)),
	ROW("rootshared ram wraps at 2^64", CELL, OVERFLOW, REGION, "size", 1,
	    CELLR(1, phys_start, 0xfffffffffffff000ULL)),
	ROW("rootshared ram ends exactly at 2^64", CELL, OVERFLOW, REGION,
	    "size", 1, CELLR(1, phys_start, 0xfffffffffffff000ULL),
	    CELLR(1, size, 0x1000)),
	ROW("rootshared ram covering all memory from 0", CELL, OVERFLOW, REGION,
	    "size", 1, CELLR(1, phys_start, 0), CELLR(1, virt_start, 0),
	    CELLR(1, size, 0xfffffffffffff000ULL)),
	ROW("testdev guest range wraps", CELL, OVERFLOW, REGION, "size", 2,
	    CELLR(2, virt_start, 0xfffffffffffff000ULL),
	    CELLR(2, size, 0x2000)),
	ROW("console page over the GIC", CELL, OVERLAP, CELL, "console_base",
	    -1, CELLF(console_base, 0x08000000)),
	ROW("dma not identity-mapped", CELL, IDENTITY, REGION, "virt_start", 0,
	    CELLR(0, flags, RWX | HVISOR_MEM_DMA),
	    CELLR(0, phys_start, 0x94000000)),
	ROW_FN("no ram", CELL, NO_RAM, CELL, "memory_regions", -1, no_ram),
	ROW("unaligned entry", CELL, ALIGN, CELL, "entry", -1,
	    CELLF(entry, 0x90000002)),
	ROW("entry not executable", CELL, RANGE, CELL, "entry", -1,
	    CELLF(entry, 0x90100000)),
	ROW("driver: mailbox not rootshared", CELL, RANGE, CELL, "mailbox_base",
	    -1, CELLF(mailbox_base, 0x90000000)),
};

static void apply(struct blobs *b, const struct patch *p)
{
	char *base = p->blob == SYS ? (char *)b->sys : (char *)b->cell;
	uint64_t old = 0, value = p->value;

	memcpy(&old, base + p->offset, p->width); /* little endian */
	if (p->op == OR)
		value |= old;
	memcpy(base + p->offset, &value, p->width);
}

/* The valid pair, with the row's regions, patches and mutation applied. */
static void build(const struct row *row, struct blobs *b)
{
	size_t i;

	b->sys = blob_system();
	b->cell = blob_cell("c", 1u << 3, 0x90000000);
	for (i = 0; row && i < 2 && row->add[i].size; i++)
		b->cell = blob_cell_add(b->cell, &row->add[i]);
	b->sys_len = b->sys->size;
	b->cell_len = b->cell->size;
	for (i = 0; row && i < 4 && row->patch[i].width; i++)
		apply(b, &row->patch[i]);
	if (row && row->mutate)
		row->mutate(b);
}

static int run(const struct row *row, struct blobs *b,
	       struct hvisor_check_error *err)
{
	if (row->check == SYS)
		return blob_check_system_arch(b->sys, b->sys_len,
					      HVISOR_ARCH_ARM64, err);
	return blob_check_cell(b->sys, b->cell, b->cell_len, err);
}

/* Without its break, every row's blob pair is valid. */
static void test_base_valid(void **state)
{
	static const struct hvisor_mem_region extra[] = {
		VIRTIO(0x0a000000, 40),
		VIRTIO(0x0a001000, 41),
		REGION(0x09000000, 0x0c000000, 0x1000,
		       HVISOR_MEM_READ | HVISOR_MEM_IO, HVISOR_MEM_TYPE_IO),
	};
	struct hvisor_check_error err;
	struct blobs b;
	size_t i;

	(void)state;
	build(NULL, &b);
	assert_int_equal(blob_check_system_arch(b.sys, b.sys_len,
						HVISOR_ARCH_ARM64, &err),
			 0);
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++)
		b.cell = blob_cell_add(b.cell, &extra[i]);
	assert_int_equal(blob_check_cell(b.sys, b.cell, b.cell->size, &err), 0);
	free(b.sys);
	free(b.cell);
}

static void test_rules(void **state)
{
	struct hvisor_check_error err;
	unsigned int failed = 0;
	struct blobs b;
	size_t i;
	int ret;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *row = &rows[i];
		const int cell = row->check == SYS ? -1 : 0;

		build(row, &b);
		memset(&err, 0xa5, sizeof(err));
		ret = run(row, &b, &err);
		if (ret != row->code || err.code != row->code ||
		    err.part != row->part || err.region != row->region ||
		    err.cell != cell || !err.reason ||
		    (row->field ? !err.field || strcmp(err.field, row->field) :
				  err.field != NULL)) {
			fprintf(stderr,
				"row %zu \"%s\": got code %d part %d field %s region %d cell %d: %s\n",
				i, row->rule, ret, err.part,
				ret && err.field ? err.field : "-",
				ret ? err.region : 0, ret ? err.cell : 0,
				ret && err.reason ? err.reason : "accepted");
			failed++;
		}
		free(b.sys);
		free(b.cell);
	}
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_valid),
		cmocka_unit_test(test_rules),
	};

	return cmocka_run_group_tests_name("check_rules", tests, NULL, NULL);
}
