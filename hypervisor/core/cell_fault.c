/* What happens to a cell that faults, and the status the root reads: the fault policy and cell info. */
#include <hv/arch.h>
#include <hv/cell.h>
#include <hv/percpu.h>
#include <hv/printk.h>
#include <hv/string.h>
#include <hv/vcpu.h>

long cell_get_info(unsigned int id, u64 buf_pa)
{
	struct hvisor_cell_info *info = root_buffer(buf_pa, sizeof(*info));
	struct cell *cell;
	unsigned int v, r;

	if (!info)
		return -EINVAL;
	cell = cell_get(id);
	if (!cell)
		return -ENOENT;
	*info = cell->fault;
	info->id = cell->id;
	info->state = cell->state;
	memcpy(info->name, cell->config->name, sizeof(info->name));
	info->cpus = cell->cpus;
	info->num_vcpus = cell->num_vcpus;
	info->doorbells = cell->doorbells;
	info->console_seq = cell->console.total;
	for (v = 0; v < cell->num_vcpus; v++)
		for (r = 0; r < HVISOR_NUM_EXITS; r++)
			info->exits[v][r] =
				per_cpu(cell->vcpu_cpu[v])->exits[r];
	cell_put(cell);
	return 0;
}

/*
 * The fault policy. An access outside the cell (f->abortable) raises an
 * abort in the guest, as hardware would for a bus error, unless the cell's
 * config asks to stop (HVISOR_CELL_FLAG_FAULT_STOP): it is logged and this
 * returns for the arch to inject it. Anything else nothing handles fails
 * the cell (its vCPUs stop, the fault is kept for the root to read). The
 * root is never stopped: it is told in the log and the arch injects an
 * abort (or undefined instruction).
 */
void guest_fault(struct per_cpu *c, const struct cell_fault *f)
{
	struct cell *cell = c->cell;

	if (cell == &root_cell) {
		printk("hvisor: cell 0 CPU %u: %s: blocked, abort injected\n",
		       c->cpu_id, f->reason);
		return;
	}
	if (f->abortable &&
	    !(cell->config->flags & HVISOR_CELL_FLAG_FAULT_STOP)) {
		printk("hvisor: cell %u \"%s\" vCPU %u: %s: abort injected\n",
		       cell->id, cell->config->name, c->vcpu.id, f->reason);
		return;
	}
	if (cell->state != HVISOR_CELL_FAILED) {
		cell->fault.fault_pc = f->pc;
		cell->fault.fault_syndrome = f->syndrome;
		cell->fault.fault_gpa = f->gpa;
		cell->fault.fault_va = f->va;
		cell->fault.fault_width = f->width;
		cell->fault.fault_write = f->write;
	}
	cell_fail("%s", f->reason);
}

void cell_fail(const char *fmt, ...)
{
	struct per_cpu *c = this_cpu();
	struct cell *cell = c->cell;
	va_list ap;

	if (cell->state != HVISOR_CELL_FAILED) {
		va_start(ap, fmt);
		vsnprintf(cell->fault.fault_reason,
			  sizeof(cell->fault.fault_reason), fmt, ap);
		va_end(ap);
		cell->fault.fault_cpu = c->cpu_id;
		/* not a trap's own record: the trap under way, if any */
		if (!cell->fault.fault_pc && !cell->fault.fault_syndrome) {
			cell->fault.fault_pc = c->exit_pc;
			cell->fault.fault_syndrome = c->exit_syndrome;
		}
		cell->state = HVISOR_CELL_FAILED;
		printk("hvisor: cell %u \"%s\" FAILED on CPU %u: %s\n",
		       cell->id, cell->config->name, c->cpu_id,
		       cell->fault.fault_reason);
		arch_raise_root_irq();
	}
	vcpu_stop_cell(cell);
	vcpu_stop_self(c);
}
