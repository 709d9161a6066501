/* Hypercall dispatch: the root's calls (cells, log, statistics, disable) and a cell's. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/control.h>
#include <hv/paging.h>
#include <hv/pci.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/vcpu.h>
#include <hvisor/hypercall.h>
#include <hvisor/virtio.h>

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
		return 1 + cell_count();
	case HVISOR_INFO_NUM_CPUS:
		return hv_entered_cpus();
	case HVISOR_INFO_LOG_SEQ:
		return log_seq();
	case HVISOR_INFO_REQ_RING_PA:
		return virtio_ring_pa();
	default:
		return -EINVAL;
	}
}

/* Copies log bytes into a root buffer after checking it is root RAM. */
/* Returns the count; *seq becomes the seq of the first byte copied. */
static long log_console_read(unsigned long buf, unsigned long size, u64 *seq)
{
	size_t n;

	char *p = root_buffer(buf, size);

	if (!p || size > PAGE_SIZE)
		return -EINVAL;
	n = log_read(seq, p, size);
	*seq -= n;
	return n;
}

/* A call about one cell, made with the cell held so that it cannot go away. */
static long cell_call(unsigned long code, unsigned long id, u64 args[3])
{
	struct cell *cell = cell_get(id);
	long ret;

	if (!cell)
		return -ENOENT;
	switch (code) {
	case HVISOR_HC_CELL_GET_STATE:
		ret = cell->state;
		break;
	case HVISOR_HC_CELL_CONSOLE_READ:
		ret = console_read(cell, args[1], &args[2]);
		args[0] = args[2]; /* start seq returned in arg1 */
		break;
	case HVISOR_HC_CELL_CONSOLE_WRITE:
		ret = console_input(cell, args[1], args[2]);
		break;
	default: /* HVISOR_HC_CELL_DOORBELL */
		ret = -ENODEV;
		if (cell->config->doorbell_irq) {
			vcpu_inject(cell, 0, cell->config->doorbell_irq);
			ret = 0;
		}
		break;
	}
	cell_put(cell);
	return ret;
}

static long cpu_stats(unsigned long cpu, unsigned long reason)
{
	if (cpu >= hv_num_cpus || reason >= HVISOR_NUM_EXITS)
		return -EINVAL;
	return per_cpu(cpu)->exits[reason];
}

long hypercall(struct per_cpu *c, unsigned long code, u64 args[3])
{
	unsigned long a1 = args[0], a2 = args[1];
	long ret;

	switch (code) {
	case HVISOR_HC_DISABLE:
		/* cells would lose their CPUs and memory: refuse */
		if (cell_count()) {
			printk("hvisor: disable refused: %u cells exist\n",
			       cell_count());
			return -EBUSY;
		}
		hv_cpu_disable(c);
		arch_cpu_exit(c);
	case HVISOR_HC_GET_INFO:
		return get_info(a1);
	case HVISOR_HC_DEBUG_PUTC:
		log_putc((char)a1);
		return 0;
	case HVISOR_HC_CONSOLE_READ:
		pci_smmu_poll(); /* its faults into the log first */
		ret = log_console_read(a1, a2, &args[2]);
		args[0] = args[2]; /* start seq returned in arg1 */
		return ret;
	case HVISOR_HC_CPU_STATS:
		return cpu_stats(a1, a2);
	case HVISOR_HC_CELL_CREATE:
		return cell_create(a1, a2);
	case HVISOR_HC_CELL_SET_LOADABLE:
		return cell_set_loadable(a1);
	case HVISOR_HC_CELL_START:
		return cell_start(a1);
	case HVISOR_HC_CELL_SHUTDOWN:
		return cell_shutdown(a1);
	case HVISOR_HC_CELL_DESTROY:
		return cell_destroy(a1);
	case HVISOR_HC_CELL_GET_STATE:
	case HVISOR_HC_CELL_CONSOLE_READ:
	case HVISOR_HC_CELL_CONSOLE_WRITE:
	case HVISOR_HC_CELL_DOORBELL:
		return cell_call(code, a1, args);
	case HVISOR_HC_CELL_GET_INFO:
		return cell_get_info(a1, a2);
	case HVISOR_HC_VIRTIO_COMPLETE:
		return virtio_complete(a1, a2, args[2]);
	case HVISOR_HC_VIRTIO_INJECT:
		return virtio_inject(a1, a2, args[2]);
	case HVISOR_HC_VIRTIO_SET_TIMEOUT:
		return virtio_set_timeout(a1);
	case HVISOR_HC_VIRTIO_REPLAY:
		return virtio_replay();
	default:
		printk("hvisor: CPU %u: unknown hypercall %lu refused\n",
		       c->cpu_id, code);
		return -ENOSYS;
	}
}

/* Calls from a non-root cell; anything unknown fails the cell. */
long guest_hypercall(struct per_cpu *c, unsigned long code, u64 args[3])
{
	switch (code) {
	case HVISOR_HC_GUEST_DOORBELL:
		c->cell->doorbells++;
		arch_raise_root_irq();
		return 0;
	case HVISOR_HC_GUEST_CONSOLE_PUTC:
		console_putc(c->cell, (char)args[0]);
		return 0;
	case HVISOR_HC_GUEST_EXITS: {
		long sum = 0;
		unsigned int r;

		for (r = 0; r < HVISOR_NUM_EXITS; r++)
			sum += c->exits[r];
		return sum;
	}
	default:
		cell_fail("unknown hypercall 0x%lx", code);
	}
}
