/* Valid ABI v2 config blobs built in C, and checks of the checker's errors, for the checker's unit tests. */
#include "check_blob.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static void set_region(struct hvisor_mem_region *r, uint32_t type,
		       uint64_t phys, uint64_t virt, uint64_t size,
		       uint32_t flags)
{
	r->type = type;
	r->phys_start = phys;
	r->virt_start = virt;
	r->size = size;
	r->flags = flags;
}

struct hvisor_mem_region *blob_regions(struct hvisor_cell_desc *cell)
{
	return (struct hvisor_mem_region *)(cell + 1);
}

void blob_irq(uint32_t *irqs, unsigned int irq, int set)
{
	if (set)
		irqs[irq / 32] |= 1u << (irq % 32);
	else
		irqs[irq / 32] &= ~(1u << (irq % 32));
}

struct hvisor_system *blob_system(void)
{
	const uint32_t rwx = HVISOR_MEM_READ | HVISOR_MEM_WRITE |
			     HVISOR_MEM_EXECUTE;
	const size_t size =
		sizeof(struct hvisor_system) +
		BLOB_ROOT_REGIONS * sizeof(struct hvisor_mem_region);
	struct hvisor_system *sys = calloc(1, size);
	struct hvisor_arm64_platform *a;
	struct hvisor_mem_region *r;
	unsigned int irq;

	assert_non_null(sys);
	memcpy(sys->magic, HVISOR_SYSTEM_MAGIC, 8);
	sys->version = HVISOR_CONFIG_VERSION;
	sys->size = size;
	sys->arch = HVISOR_ARCH_ARM64;
	sys->hypervisor_phys = 0x80000000;
	sys->hypervisor_size = 0x4000000;
	sys->platform.num_cpus = 4;
	sys->platform.uart.base = 0x09000000;
	sys->platform.uart.size = 0x1000;
	sys->platform.uart.type = HVISOR_CONSOLE_PL011;
	a = &sys->platform.arch.arm64;
	a->gicd_base = 0x08000000;
	a->gicd_size = 0x10000;
	a->gicr_base = 0x080a0000;
	a->gicr_size = 0xf60000;
	a->gic_version = HVISOR_GIC_V3;
	a->maintenance_irq = 25;
	memcpy(sys->root_cell.magic, HVISOR_CELL_MAGIC, 8);
	sys->root_cell.version = HVISOR_CONFIG_VERSION;
	sys->root_cell.size = size - offsetof(struct hvisor_system, root_cell);
	sys->root_cell.arch = HVISOR_ARCH_ARM64;
	strcpy(sys->root_cell.name, "root");
	sys->root_cell.cpus = 0xf;
	sys->root_cell.num_mem_regions = BLOB_ROOT_REGIONS;
	blob_irq(sys->root_cell.irqs, 27, 1);
	for (irq = 32; irq <= 287; irq++)
		blob_irq(sys->root_cell.irqs, irq, 1);
	r = blob_regions(&sys->root_cell);
	set_region(&r[0], HVISOR_MEM_TYPE_RAM, 0x40000000, 0x40000000,
		   0x40000000, rwx | HVISOR_MEM_DMA);
	set_region(&r[1], HVISOR_MEM_TYPE_IO, 0x09000000, 0x09000000, 0x1000,
		   HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_IO);
	set_region(&r[2], HVISOR_MEM_TYPE_RAM, 0x84000000, 0x84000000,
		   0x3c000000,
		   HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_LOADABLE);
	return sys;
}

struct hvisor_cell_desc *blob_cell(const char *name, uint64_t cpus,
				   uint64_t phys)
{
	const size_t size =
		sizeof(struct hvisor_cell_desc) +
		BLOB_CELL_REGIONS * sizeof(struct hvisor_mem_region);
	struct hvisor_cell_desc *c = calloc(1, size);
	struct hvisor_mem_region *r;

	assert_non_null(c);
	memcpy(c->magic, HVISOR_CELL_MAGIC, 8);
	c->version = HVISOR_CONFIG_VERSION;
	c->size = size;
	c->arch = HVISOR_ARCH_ARM64;
	c->console_type = HVISOR_CONSOLE_PL011;
	strcpy(c->name, name);
	c->cpus = cpus;
	c->entry = 0x90000000;
	c->num_mem_regions = BLOB_CELL_REGIONS;
	c->console_base = 0x09000000;
	c->console_irq = 33;
	c->doorbell_irq = 34;
	c->mailbox_base = 0x90100000;
	r = blob_regions(c);
	set_region(&r[0], HVISOR_MEM_TYPE_RAM, phys, 0x90000000, 0x100000,
		   HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE |
			   HVISOR_MEM_LOADABLE);
	set_region(&r[1], HVISOR_MEM_TYPE_RAM, phys + 0x100000, 0x90100000,
		   0x1000,
		   HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_ROOTSHARED);
	set_region(&r[2], HVISOR_MEM_TYPE_TESTDEV, 0, 0x0b000000, 0x1000, 0);
	return c;
}

/* Grows the blob at base by one region after its cell's last one. */
static void *add_region(void *base, size_t size, size_t cell_offset,
			const struct hvisor_mem_region *r)
{
	struct hvisor_cell_desc *cell;

	base = realloc(base, size + sizeof(*r));
	assert_non_null(base);
	memcpy((char *)base + size, r, sizeof(*r));
	cell = (struct hvisor_cell_desc *)((char *)base + cell_offset);
	cell->num_mem_regions++;
	cell->size += sizeof(*r);
	return base;
}

struct hvisor_system *blob_system_add(struct hvisor_system *sys,
				      const struct hvisor_mem_region *r)
{
	size_t size = sys->size;

	sys = add_region(sys, size, offsetof(struct hvisor_system, root_cell),
			 r);
	sys->size = size + sizeof(*r);
	return sys;
}

struct hvisor_cell_desc *blob_cell_add(struct hvisor_cell_desc *cell,
				       const struct hvisor_mem_region *r)
{
	return add_region(cell, cell->size, 0, r);
}

static void *exact_copy(const void *blob, uint64_t size)
{
	void *copy = malloc(size ? size : 1);

	assert_non_null(copy);
	memcpy(copy, blob, size);
	return copy;
}

int blob_check_system_arch(const struct hvisor_system *sys, uint64_t size,
			   uint32_t arch, struct hvisor_check_error *err)
{
	void *copy = exact_copy(sys, size);
	int ret = arch ? hvisor_check_system_arch(copy, size, arch, err) :
			 hvisor_check_system(copy, size, err);

	free(copy);
	return ret;
}

int blob_check_system(const struct hvisor_system *sys, uint64_t size,
		      struct hvisor_check_error *err)
{
	return blob_check_system_arch(sys, size, 0, err);
}

int blob_check_cell(const struct hvisor_system *sys,
		    const struct hvisor_cell_desc *cell, uint64_t size,
		    struct hvisor_check_error *err)
{
	void *s = sys ? exact_copy(sys, sys->size) : NULL;
	void *c = exact_copy(cell, size);
	int ret = hvisor_check_cell(s, sys ? sys->size : 0, c, size, err);

	free(c);
	free(s);
	return ret;
}

void blob_assert_error(int ret, const struct hvisor_check_error *err, int code,
		       int part, const char *field, int region)
{
	assert_int_equal(ret, code);
	assert_int_equal(err->code, code);
	assert_int_equal(err->part, part);
	if (field)
		assert_string_equal(err->field, field);
	else
		assert_null(err->field);
	assert_int_equal(err->region, region);
	assert_non_null(err->reason);
}
