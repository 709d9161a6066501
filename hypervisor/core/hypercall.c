/* Hypercall dispatch (arch-neutral part): info, log, statistics. */
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/paging.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hvisor/hypercall.h>

extern struct page_table hv_pt;

static long get_info(unsigned long what)
{
	switch (what) {
	case HVISOR_INFO_VERSION:
		return HVISOR_VERSION;
	case HVISOR_INFO_STATE:
		return 1;
	case HVISOR_INFO_MEM_POOL_SIZE:
		return mem_pool.pages;
	case HVISOR_INFO_MEM_POOL_USED:
		return mem_pool.used;
	case HVISOR_INFO_NUM_CELLS:
		return 1;
	case HVISOR_INFO_NUM_CPUS:
		return hv_entered_cpus();
	case HVISOR_INFO_LOG_SEQ:
		return log_seq();
	default:
		return -EINVAL;
	}
}

/* Copies log bytes into a root buffer after checking it is root RAM. */
/* Returns the count; *seq becomes the seq of the first byte copied. */
static long console_read(unsigned long buf, unsigned long size, u64 *seq)
{
	u64 pa, flags;
	size_t n;

	if (!size || size > PAGE_SIZE || (buf & (PAGE_SIZE - 1)) + size > PAGE_SIZE)
		return -EINVAL;
	if (!paging_lookup(&root_cell.stage2, buf, &pa, &flags) ||
	    (flags & (MAP_WRITE | MAP_DEVICE)) != MAP_WRITE ||
	    !paging_lookup(&hv_pt, pa, NULL, NULL))
		return -EINVAL;
	n = log_read(seq, (char *)pa, size);
	*seq -= n;
	return n;
}

static long cpu_stats(unsigned long cpu, unsigned long reason)
{
	if (cpu >= hv_num_cpus || reason >= HVISOR_NUM_EXITS)
		return -EINVAL;
	return per_cpu(cpu)->exits[reason];
}

long hypercall(unsigned long code, u64 args[3])
{
	unsigned long a1 = args[0], a2 = args[1];
	long ret;

	switch (code) {
	case HVISOR_HC_GET_INFO:
		return get_info(a1);
	case HVISOR_HC_DEBUG_PUTC:
		log_putc((char)a1);
		return 0;
	case HVISOR_HC_CONSOLE_READ:
		ret = console_read(a1, a2, &args[2]);
		args[0] = args[2]; /* start seq returned in x1 */
		return ret;
	case HVISOR_HC_CPU_STATS:
		return cpu_stats(a1, a2);
	default:
		printk("hvisor: CPU %u: unknown hypercall %lu refused\n",
		       this_cpu()->cpu_id, code);
		return -ENOSYS;
	}
}
