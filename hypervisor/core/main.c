/* Hypervisor start-up and shutdown: global init on the first CPU, per-CPU entry and exit. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/pci.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/spinlock.h>
#include <hv/string.h>
#include <hvisor/config_check.h>

struct per_cpu per_cpu_data[MAX_CPUS];
const struct hvisor_system *system_config;
unsigned int hv_num_cpus;
struct page_table hv_pt;

static spinlock_t state_lock = SPINLOCK_INIT;
static unsigned int entered_cpus;
static bool global_ready;

extern u8 __text_end[];

struct per_cpu *per_cpu(unsigned int cpu)
{
	return &per_cpu_data[cpu];
}

static u64 image_base(void)
{
	return (u64)&hvisor_header;
}

static void report_config_error(const struct hvisor_check_error *e)
{
	printk("hvisor: invalid system config: part %d region %d field %s: "
	       "%s (0x%lx)\n",
	       e->part, e->region, e->field ? e->field : "-", e->reason,
	       (unsigned long)e->value);
}

static int map_hypervisor(u64 base, u64 size)
{
	const struct hvisor_system *sys = system_config;
	const struct hvisor_platform *p = &sys->platform;
	const struct hvisor_mem_region *r;
	u64 text = (u64)__text_end - base;
	unsigned int n;
	int err;

	err = paging_init(&hv_pt, &hv_pte_format, &mem_pool);
	if (!err)
		err = paging_map(&hv_pt, base, base, text, MAP_READ | MAP_EXEC);
	if (!err)
		err = paging_map(&hv_pt, base + text, base + text, size - text,
				 MAP_RW);
	if (!err && p->uart.type != HVISOR_CONSOLE_NONE)
		err = paging_map(&hv_pt, p->uart.base & PAGE_MASK,
				 p->uart.base & PAGE_MASK,
				 ALIGN_UP(p->uart.size, PAGE_SIZE),
				 MAP_RW | MAP_DEVICE);
	/* Root RAM, so the hypervisor can fill buffers the root hands it. */
	r = hvisor_cell_regions(&sys->root_cell);
	for (n = 0; !err && n < sys->root_cell.num_mem_regions; n++, r++)
		if (r->type == HVISOR_MEM_TYPE_RAM)
			err = paging_map(&hv_pt, r->phys_start, r->phys_start,
					 r->size, MAP_RW);
	return err;
}

/* Runs once, on the first CPU to enter, with the MMU still off. */
static int global_init(void)
{
	u64 base = image_base(), cfg_size = hvisor_header.config_size;
	const struct hvisor_system *raw =
		(const void *)(base + hvisor_header.core_size);
	u64 pool_start =
		base + ALIGN_UP(hvisor_header.core_size + cfg_size, PAGE_SIZE);
	struct hvisor_check_error cerr;
	void *copy;
	int err;

	log_reset();
	if (cfg_size < sizeof(*raw) || cfg_size > (1 << 20)) {
		printk("hvisor: config size %lu out of range\n",
		       (unsigned long)cfg_size);
		return -EINVAL;
	}
	if (raw->hypervisor_phys != base ||
	    raw->hypervisor_size < pool_start - base + (1 << 20)) {
		printk("hvisor: config says hypervisor memory 0x%lx+0x%lx, "
		       "image runs at 0x%lx and needs 0x%lx\n",
		       (unsigned long)raw->hypervisor_phys,
		       (unsigned long)raw->hypervisor_size, (unsigned long)base,
		       (unsigned long)(pool_start - base + (1 << 20)));
		return -EINVAL;
	}
	page_pool_init(&mem_pool, pool_start,
		       base + raw->hypervisor_size - pool_start);
	/* Validate a private copy: the root cannot change it under us. */
	copy = page_alloc(&mem_pool, ALIGN_UP(cfg_size, PAGE_SIZE) / PAGE_SIZE);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, raw, cfg_size);
	if (hvisor_check_system_arch(copy, cfg_size, arch_config_tag, &cerr)) {
		report_config_error(&cerr);
		return -EINVAL;
	}
	system_config = copy;
	hv_num_cpus = system_config->platform.num_cpus;
	if (hv_num_cpus > MAX_CPUS) {
		printk("hvisor: %u CPUs, this build supports %u\n", hv_num_cpus,
		       MAX_CPUS);
		return -EINVAL;
	}
	err = map_hypervisor(base, system_config->hypervisor_size);
	if (!err)
		err = pci_init();
	if (err) {
		printk("hvisor: building the hypervisor page table failed\n");
		return err;
	}
	err = cell_init_root(&system_config->root_cell);
	if (err) {
		printk("hvisor: root cell setup failed (%d)\n", err);
		return err;
	}
	err = arch_global_init(&hv_pt);
	if (!err)
		err = virtio_init();
	if (err)
		return err;
	printk("hvisor v%u: memory 0x%lx-0x%lx, pool %lu/%lu pages used\n",
	       HVISOR_VERSION, (unsigned long)base,
	       (unsigned long)(base + system_config->hypervisor_size - 1),
	       (unsigned long)mem_pool.used, (unsigned long)mem_pool.pages);
	return 0;
}

/* Makes what this CPU wrote visible to CPUs that enter with the MMU off. */
static void publish_state(void)
{
	u64 base = image_base();

	arch_dcache_clean((void *)base, hvisor_header.core_size);
	if (mem_pool.pages)
		arch_dcache_clean((void *)mem_pool.base,
				  mem_pool.hwm * PAGE_SIZE);
}

long hv_cpu_entry(unsigned int cpu)
{
	struct per_cpu *c = per_cpu(cpu);
	int err = 0;

	spin_lock(&state_lock);
	if (!global_ready) {
		err = global_init();
		if (err)
			goto out;
		/* Drop any stale lines of what we wrote uncached. */
		arch_dcache_clean((void *)image_base(),
				  system_config->hypervisor_size);
		global_ready = true;
	}
	if (cpu >= hv_num_cpus || !cell_owns_cpu(&root_cell, cpu)) {
		printk("hvisor: CPU %u is not a root-cell CPU\n", cpu);
		err = -EINVAL;
		goto out;
	}
	if (c->entered) {
		err = -EBUSY;
		goto out;
	}
	memset(c->exits, 0, sizeof(c->exits));
	c->cpu_id = cpu;
	c->cell = &root_cell;
	memset(&c->vcpu, 0, sizeof(c->vcpu));
	c->vcpu.cpu = cpu;
	c->vcpu.on = true;
	err = arch_cpu_init(c, false);
	if (err)
		goto out;
	c->entered = true;
	c->online = true;
	entered_cpus++;
	printk("hvisor: CPU %u entered (hwid 0x%lx)\n", cpu,
	       (unsigned long)c->hwid);
out:
	if (err && !entered_cpus) {
		global_ready = false;
		if (system_config)
			cell_destroy_root();
	}
	publish_state();
	spin_unlock(&state_lock);
	if (err)
		arch_cpu_entry_failed(c);
	return err;
}

/* The calling CPU leaves; the last one tears the global state down. */
void hv_cpu_disable(struct per_cpu *c)
{
	unsigned int n;

	spin_lock(&state_lock);
	c->entered = false;
	c->online = false;
	entered_cpus--;
	printk("hvisor: CPU %u left%s\n", c->cpu_id,
	       entered_cpus ? "" : ", hypervisor disabled");
	if (!entered_cpus) {
		/* CPUs that are off stay off; Linux starts them directly. */
		for (n = 0; n < hv_num_cpus; n++)
			per_cpu_data[n].cell = NULL;
		global_ready = false;
	}
	publish_state();
	spin_unlock(&state_lock);
}

/* CPU_OFF / CPU_ON of a CPU that stays under the hypervisor. */
void hv_cpu_set_online(struct per_cpu *c, bool online)
{
	spin_lock(&state_lock);
	c->online = online;
	if (online)
		entered_cpus++;
	else
		entered_cpus--;
	printk("hvisor: CPU %u %s\n", c->cpu_id, online ? "on" : "off");
	spin_unlock(&state_lock);
}

unsigned int hv_entered_cpus(void)
{
	return READ_ONCE(entered_cpus);
}

void panic_stop(const char *why)
{
	printk("hvisor: FATAL on CPU %u: %s\n", this_cpu()->cpu_id, why);
	arch_cpu_park();
}
