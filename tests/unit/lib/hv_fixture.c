/* The driver's side for tests of core on the fake arch: builds configs in fake RAM, enables and disables, hands CPUs to cells and back. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <hv/cell.h>
#include <hv/control.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hvisor/cell.h>
#include <hvisor/hypercall.h>

#include "hv_fixture.h"

#include <cmocka.h>

_Static_assert(offsetof(struct fix_system, regions) ==
		       sizeof(struct hvisor_system),
	       "root regions follow the system config");
_Static_assert(offsetof(struct fix_cell, r) == sizeof(struct hvisor_cell_desc),
	       "regions follow the cell descriptor");

u64 fix_pa(u64 offset)
{
	return (u64)fake_ram() + offset;
}

u64 fix_buf(unsigned int n)
{
	return fix_pa(FIX_BUF + (u64)n * PAGE_SIZE);
}

static void set_irq(u32 *irqs, unsigned int irq)
{
	irqs[irq / 32] |= 1u << (irq % 32);
}

static void region(struct hvisor_mem_region *r, u64 phys, u64 virt, u64 size,
		   u32 flags, u32 type)
{
	*r = (struct hvisor_mem_region){ phys, virt, size, flags, type };
}

void fix_system_default(struct fix_system *s)
{
	struct hvisor_system *y = &s->sys;
	struct hvisor_cell_desc *root = &y->root_cell;
	unsigned int irq;

	memset(s, 0, sizeof(*s));
	memcpy(y->magic, HVISOR_SYSTEM_MAGIC, sizeof(y->magic));
	y->version = HVISOR_CONFIG_VERSION;
	y->arch = HVISOR_ARCH_ARM64;
	y->hypervisor_phys = (u64)fake_image();
	y->hypervisor_size = FAKE_IMAGE_SIZE;
	y->platform.num_cpus = FIX_NUM_CPUS;
	y->platform.root_irq = FIX_ROOT_IRQ;
	y->platform.uart = (struct hvisor_uart){ fix_pa(FIX_UART), PAGE_SIZE,
						 HVISOR_CONSOLE_PL011, 0 };
	y->platform.arch.arm64 = (struct hvisor_arm64_platform){
		.gicd_base = fix_pa(FIX_GICD),
		.gicd_size = 0x10000,
		.gicr_base = fix_pa(FIX_GICR),
		.gicr_size = FIX_NUM_CPUS * 0x20000,
		.gic_version = HVISOR_GIC_V3,
		.maintenance_irq = 25,
	};
	memcpy(root->magic, HVISOR_CELL_MAGIC, sizeof(root->magic));
	root->version = HVISOR_CONFIG_VERSION;
	root->arch = HVISOR_ARCH_ARM64;
	strcpy(root->name, "root");
	root->cpus = FIX_ROOT_CPUS;
	for (irq = FIX_CELL_IRQ; irq < 64; irq++)
		set_irq(root->irqs, irq);
	root->num_mem_regions = 4;
	region(&s->regions[0], fix_pa(FIX_ROOT_OWN), fix_pa(FIX_ROOT_OWN),
	       FIX_ROOT_OWN_SIZE,
	       HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE,
	       HVISOR_MEM_TYPE_RAM);
	region(&s->regions[1], fix_pa(FIX_LENT), fix_pa(FIX_LENT),
	       FIX_LENT_SIZE,
	       HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE |
		       HVISOR_MEM_LOADABLE,
	       HVISOR_MEM_TYPE_RAM);
	region(&s->regions[2], fix_pa(FIX_ROOT_DEV), fix_pa(FIX_ROOT_DEV),
	       0x10000, HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_IO,
	       HVISOR_MEM_TYPE_IO);
	region(&s->regions[3], fix_pa(FIX_ROOT_ROM), fix_pa(FIX_ROOT_ROM),
	       FIX_ROOT_ROM_SIZE, HVISOR_MEM_READ | HVISOR_MEM_EXECUTE,
	       HVISOR_MEM_TYPE_RAM);
	root->size = sizeof(*root) +
		     root->num_mem_regions * sizeof(struct hvisor_mem_region);
	y->size = fix_system_size(s);
}

u32 fix_system_size(const struct fix_system *s)
{
	return sizeof(s->sys) + s->sys.root_cell.num_mem_regions *
					sizeof(struct hvisor_mem_region);
}

/* Lets every CPU that is under the hypervisor leave it, without asking. */
static void force_disable(void)
{
	unsigned int n;

	for (n = 0; n < MAX_CPUS; n++) {
		struct per_cpu *c = per_cpu(n);

		if (c->entered && c->online)
			hv_cpu_disable(c);
	}
}

void fix_setup(void)
{
	fake_reset();
	force_disable();
}

long fix_enable(const struct fix_system *s)
{
	struct fix_system def;
	unsigned int cpu;
	long err;

	if (!s) {
		fix_system_default(&def);
		s = &def;
	}
	fake_install(s, fix_system_size(s), FIX_NUM_CPUS);
	for (cpu = 0; cpu < FIX_NUM_CPUS; cpu++) {
		if (!(s->sys.root_cell.cpus & BIT(cpu)))
			continue;
		err = fake_enter(cpu);
		if (err)
			return err;
	}
	return 0;
}

long fix_hc(unsigned long code, u64 a1, u64 a2, u64 a3)
{
	return fake_hypercall(0, code, a1, a2, a3, NULL);
}

bool fix_running(unsigned int cpu)
{
	if (fake_cpu(cpu)->state == FAKE_CPU_PENDING)
		fake_run_cpu(cpu);
	return fake_cpu(cpu)->state == FAKE_CPU_ON;
}

long fix_online(unsigned int cpu)
{
	long ret = fake_root_cpu_start(0, cpu, FIX_ROOT_ENTRY, cpu);

	if (ret == VCPU_POWER_OK && !fix_running(cpu))
		return -EIO;
	return ret;
}

int fix_teardown(void)
{
	unsigned int id, cpu;
	int bad = 0;

	fake_recover();
	fake_set_hook(NULL, NULL);
	fake_set_autoboot(false);
	for (cpu = 0; cpu < MAX_CPUS; cpu++)
		fake_set_deaf(cpu, false);
	if (fake_cpu(0)->state != FAKE_CPU_ON)
		return hv_entered_cpus() != 0; /* not enabled (any more) */
	for (id = 1; id < 256; id++)
		if (fix_cell(id) && fix_destroy(id))
			bad++;
	for (cpu = 1; cpu < FIX_NUM_CPUS; cpu++)
		if (fake_cpu(cpu)->state == FAKE_CPU_OFF &&
		    per_cpu(cpu)->cell == &root_cell &&
		    fix_online(cpu) != VCPU_POWER_OK)
			bad++;
	for (cpu = FIX_NUM_CPUS; cpu-- > 0;)
		if (fake_cpu(cpu)->state == FAKE_CPU_ON &&
		    fake_hypercall(cpu, HVISOR_HC_DISABLE, 0, 0, 0, NULL))
			bad++;
	for (cpu = 0; cpu < FIX_NUM_CPUS; cpu++)
		if (fake_cpu(cpu)->state != FAKE_CPU_LINUX)
			bad++;
	if (hv_entered_cpus())
		bad++;
	return bad;
}

void fix_cell_default(struct fix_cell *c, const char *name, u64 cpus,
		      unsigned int slot)
{
	struct hvisor_cell_desc *d = &c->d;

	memset(c, 0, sizeof(*c));
	memcpy(d->magic, HVISOR_CELL_MAGIC, sizeof(d->magic));
	d->version = HVISOR_CONFIG_VERSION;
	d->arch = HVISOR_ARCH_ARM64;
	d->console_type = HVISOR_CONSOLE_PL011;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->cpus = cpus;
	d->entry = FIX_CELL_ENTRY;
	d->console_base = FIX_CONSOLE_GPA;
	d->console_irq = FIX_CONSOLE_IRQ;
	d->doorbell_irq = FIX_DOORBELL_IRQ;
	set_irq(d->irqs, FIX_CELL_IRQ + slot);
	fix_cell_add(c, fix_pa(FIX_LENT + slot * FIX_CELL_RAM_SIZE),
		     FIX_CELL_RAM_GPA, FIX_CELL_RAM_SIZE,
		     HVISOR_MEM_READ | HVISOR_MEM_WRITE | HVISOR_MEM_EXECUTE |
			     HVISOR_MEM_LOADABLE,
		     HVISOR_MEM_TYPE_RAM);
	fix_cell_add(c, 0, FIX_TESTDEV_GPA, PAGE_SIZE, 0,
		     HVISOR_MEM_TYPE_TESTDEV);
}

void fix_cell_add(struct fix_cell *c, u64 phys, u64 virt, u64 size, u32 flags,
		  u32 type)
{
	region(&c->r[c->d.num_mem_regions++], phys, virt, size, flags, type);
}

u32 fix_cell_size(const struct fix_cell *c)
{
	return sizeof(c->d) +
	       c->d.num_mem_regions * sizeof(struct hvisor_mem_region);
}

u64 fix_cell_blob(const struct fix_cell *c)
{
	struct hvisor_cell_desc *blob = (void *)fix_pa(FIX_BLOB);

	memcpy(blob, c, fix_cell_size(c));
	blob->size = fix_cell_size(c);
	return (u64)blob;
}

long fix_create(const struct fix_cell *c)
{
	unsigned int cpu;
	u64 pa = fix_cell_blob(c);
	long id;

	/* CPU 0 is the driver's: Linux keeps it */
	for (cpu = 1; cpu < FIX_NUM_CPUS; cpu++)
		if ((c->d.cpus & BIT(cpu)) &&
		    fake_cpu(cpu)->state == FAKE_CPU_ON &&
		    per_cpu(cpu)->cell == &root_cell)
			fake_cpu_off(cpu);
	id = fix_hc(HVISOR_HC_CELL_CREATE, pa, fix_cell_size(c), 0);
	if (id < 0)
		for (cpu = 0; cpu < FIX_NUM_CPUS; cpu++)
			if ((c->d.cpus & BIT(cpu)) &&
			    fake_cpu(cpu)->state == FAKE_CPU_OFF &&
			    per_cpu(cpu)->cell == &root_cell)
				fix_online(cpu);
	return id;
}

long fix_create_started(const struct fix_cell *c)
{
	long id = fix_create(c), err;

	if (id < 0)
		return id;
	err = fix_hc(HVISOR_HC_CELL_START, id, 0, 0);
	if (err)
		return err;
	if (!fix_running(fix_vcpu_cpu(id, 0)))
		return -EIO;
	return id;
}

long fix_destroy(unsigned int id)
{
	struct cell *cell = fix_cell(id);
	unsigned int cpu;
	u64 cpus;
	long err;

	if (!cell)
		return -ENOENT;
	cpus = cell->cpus;
	err = fix_hc(HVISOR_HC_CELL_DESTROY, id, 0, 0);
	if (err)
		return err;
	for (cpu = 0; cpu < FIX_NUM_CPUS; cpu++)
		if ((cpus & BIT(cpu)) && fix_online(cpu) != VCPU_POWER_OK)
			return -EIO;
	return 0;
}

struct cell *fix_cell(unsigned int id)
{
	return cell_by_id(id);
}

unsigned int fix_vcpu_cpu(unsigned int id, unsigned int vcpu)
{
	struct cell *cell = fix_cell(id);

	return cell ? cell->vcpu_cpu[vcpu] : ~0u;
}

bool fix_log_has(const char *s, u64 since)
{
	static char buf[LOG_RING_SIZE];
	u64 seq = since;
	size_t n = log_read(&seq, buf, sizeof(buf));

	return memmem(buf, n, s, strlen(s)) != NULL;
}

void fix_log_dump(void)
{
	static char buf[LOG_RING_SIZE];
	u64 seq = 0;
	size_t n = log_read(&seq, buf, sizeof(buf));

	fprintf(stderr, "--- hypervisor log ---\n%.*s--- end ---\n", (int)n,
		buf);
}

int fix_test_setup(void **state)
{
	(void)state;
	fix_setup();
	return 0;
}

int fix_test_setup_enabled(void **state)
{
	(void)state;
	fix_setup();
	if (fix_enable(NULL)) {
		fix_log_dump();
		fail_msg("enable failed");
	}
	return 0;
}

int fix_test_teardown(void **state)
{
	(void)state;
	if (fix_teardown()) {
		fix_log_dump();
		fail_msg("the hypervisor did not shut down cleanly");
	}
	return 0;
}
