/* Virtio forwarding: the request ring's kernel mapping and the hot-path ioctls. */
#include "driver.h"

#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>

/* Kept between hvisor_virtio_stop and _resume or _release. */
static struct hvisor_req_ring *stopped_ring;
static bool stopped_on;

/* The ring at @pa must lie in the hypervisor's memory and look like one. */
static struct hvisor_req_ring *map_ring(const struct hvisor_system *sys,
					phys_addr_t pa)
{
	struct hvisor_req_ring *ring;

	if (!PAGE_ALIGNED(pa) || pa < sys->hypervisor_phys ||
	    pa - sys->hypervisor_phys >= sys->hypervisor_size ||
	    sys->hypervisor_size - (pa - sys->hypervisor_phys) <
		    HVISOR_REQ_RING_SIZE) {
		pr_err("request ring at PA %pa is not page aligned inside the hypervisor's memory: virtio forwarding off\n",
		       &pa);
		return NULL;
	}
	/* the hypervisor accesses it cacheable, inner shareable */
	ring = memremap(pa, HVISOR_REQ_RING_SIZE, MEMREMAP_WB);
	if (!ring) {
		pr_err("cannot map the request ring at PA %pa: virtio forwarding off\n",
		       &pa);
		return NULL;
	}
	if (READ_ONCE(ring->magic) != HVISOR_REQ_RING_MAGIC ||
	    READ_ONCE(ring->entries) != HVISOR_REQ_RING_ENTRIES ||
	    READ_ONCE(ring->abi) != HVISOR_REQ_RING_ABI) {
		pr_err("request ring at PA %pa: magic 0x%x entries %u ABI %u, expected 0x%x, %u and %u: virtio forwarding off\n",
		       &pa, ring->magic, ring->entries, ring->abi,
		       HVISOR_REQ_RING_MAGIC, HVISOR_REQ_RING_ENTRIES,
		       HVISOR_REQ_RING_ABI);
		memunmap(ring);
		return NULL;
	}
	return ring;
}

/*
 * With hvisor.lock held, once every CPU entered: finds the request ring
 * (none from a hypervisor without virtio forwarding) and opens mmap and the
 * virtio ioctls.
 */
void hvisor_virtio_start(const struct hvisor_system *sys)
{
	struct hvisor_req_ring *ring = NULL;
	long pa = hvisor_get_info(HVISOR_INFO_REQ_RING_PA);

	BUILD_BUG_ON(sizeof(struct hvisor_req_ring) > HVISOR_REQ_RING_SIZE);
	if (pa > 0)
		ring = map_ring(sys, pa);
	else
		pr_info("the hypervisor has no request ring (%ld): virtio forwarding off\n",
			pa);

	mutex_lock(&hvisor.map_lock);
	hvisor.ring_pa = ring ? pa : 0;
	hvisor.hv_phys = sys->hypervisor_phys;
	hvisor.hv_size = sys->hypervisor_size;
	hvisor.map_ok = true;
	mutex_unlock(&hvisor.map_lock);
	rcu_assign_pointer(hvisor.ring, ring);
	WRITE_ONCE(hvisor.hc_ok, true);
	if (ring)
		pr_info("request ring at PA %pa\n", &hvisor.ring_pa);
}

/*
 * With hvisor.lock held, before the CPUs leave: -EBUSY while a process maps
 * the ring or cell RAM. Otherwise closes mmap and waits until no virtio
 * ioctl, poll or sysfs reader uses the hypervisor any more.
 */
int hvisor_virtio_stop(void)
{
	int n;

	mutex_lock(&hvisor.map_lock);
	n = atomic_read(&hvisor.mappings);
	if (n) {
		mutex_unlock(&hvisor.map_lock);
		pr_err("the request ring or cell RAM is still mapped (%d mapping%s): stop the virtio daemon first\n",
		       n, n == 1 ? "" : "s");
		return -EBUSY;
	}
	stopped_on = hvisor.map_ok;
	hvisor.map_ok = false;
	mutex_unlock(&hvisor.map_lock);

	WRITE_ONCE(hvisor.hc_ok, false);
	stopped_ring = rcu_dereference_protected(hvisor.ring,
						 lockdep_is_held(&hvisor.lock));
	RCU_INIT_POINTER(hvisor.ring, NULL);
	synchronize_rcu();
	return 0;
}

/* With hvisor.lock held: the disable failed, the hypervisor still runs. */
void hvisor_virtio_resume(void)
{
	mutex_lock(&hvisor.map_lock);
	hvisor.map_ok = stopped_on;
	mutex_unlock(&hvisor.map_lock);
	rcu_assign_pointer(hvisor.ring, stopped_ring);
	stopped_ring = NULL;
	WRITE_ONCE(hvisor.hc_ok, stopped_on);
}

/* With hvisor.lock held, after the CPUs left the hypervisor. */
void hvisor_virtio_release(void)
{
	if (stopped_ring)
		memunmap(stopped_ring);
	stopped_ring = NULL;
	mutex_lock(&hvisor.map_lock);
	hvisor.ring_pa = 0;
	mutex_unlock(&hvisor.map_lock);
}

/* The ring holds requests the root has not consumed (head != tail). */
bool hvisor_ring_pending(void)
{
	struct hvisor_req_ring *ring;
	bool pending = false;

	rcu_read_lock();
	ring = rcu_dereference(hvisor.ring);
	if (ring)
		pending = READ_ONCE(ring->head) != READ_ONCE(ring->tail);
	rcu_read_unlock();
	return pending;
}

/* /sys/kernel/hvisor/virtio_ring; -ENODEV without a ring. */
int hvisor_ring_show(char *buf)
{
	struct hvisor_req_ring *ring;
	int ret = -ENODEV;

	rcu_read_lock();
	ring = rcu_dereference(hvisor.ring);
	if (ring)
		ret = sysfs_emit(
			buf,
			"head=%u tail=%u dropped=%llu timeouts=%llu max_depth=%llu signals_skipped=%llu wait_sleeps=%llu\n",
			READ_ONCE(ring->head), READ_ONCE(ring->tail),
			READ_ONCE(ring->dropped), READ_ONCE(ring->timeouts),
			READ_ONCE(ring->max_depth),
			READ_ONCE(ring->signals_skipped),
			READ_ONCE(ring->wait_sleeps));
	rcu_read_unlock();
	return ret;
}

/* One hypercall unless the hypervisor is (being) disabled. */
static long hot_hc(struct hvisor_hc *hc)
{
	long ret = -ENODEV;

	rcu_read_lock();
	if (READ_ONCE(hvisor.hc_ok))
		ret = hvisor_hc_any(hc);
	rcu_read_unlock();
	return ret;
}

static long complete_ioctl(void __user *uarg)
{
	struct hvisor_virtio_complete_args args;
	struct hvisor_hc hc;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	hc = (struct hvisor_hc){ .code = HVISOR_HC_VIRTIO_COMPLETE,
				 .arg1 = (u64)args.cell << 32 | args.vcpu,
				 .arg2 = args.value,
				 .arg3 = args.seq };
	return hot_hc(&hc);
}

static long inject_ioctl(void __user *uarg)
{
	struct hvisor_virtio_inject_args args;
	struct hvisor_hc hc;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	hc = (struct hvisor_hc){ .code = HVISOR_HC_VIRTIO_INJECT,
				 .arg1 = args.cell,
				 .arg2 = args.irq,
				 .arg3 = (u64)args.region << 32 | args.status };
	if (args.region > 0xffff)
		return -EINVAL;
	return hot_hc(&hc);
}

static long timeout_ioctl(void __user *uarg)
{
	struct hvisor_virtio_timeout_args args;
	struct hvisor_hc hc;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	hc = (struct hvisor_hc){ .code = HVISOR_HC_VIRTIO_SET_TIMEOUT,
				 .arg1 = args.ms };
	return hot_hc(&hc);
}

/* The cell whose rootshared RAM holds [pa, pa + size), and where in it. */
static long ram_owner_ioctl(void __user *uarg)
{
	struct hvisor_virtio_ram_args args;
	const struct hvisor_mem_region *r;
	struct hvisor_cell *cell;
	long ret = -ENOENT;
	u32 i;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	if (args.reserved || !args.size)
		return -EINVAL;
	mutex_lock(&hvisor.map_lock);
	if (!hvisor.map_ok) {
		mutex_unlock(&hvisor.map_lock);
		return -ENODEV;
	}
	list_for_each_entry(cell, &hvisor.cells, node) {
		r = hvisor_cell_regions(cell->config);
		for (i = 0; i < cell->config->num_mem_regions; i++, r++) {
			if (r->type != HVISOR_MEM_TYPE_RAM ||
			    !(r->flags & HVISOR_MEM_ROOTSHARED) ||
			    args.pa < r->phys_start ||
			    args.pa - r->phys_start >= r->size ||
			    args.size > r->size - (args.pa - r->phys_start))
				continue;
			args.cell = cell->id;
			args.gpa = r->virt_start + (args.pa - r->phys_start);
			ret = 0;
			goto out;
		}
	}
out:
	mutex_unlock(&hvisor.map_lock);
	if (!ret && copy_to_user(uarg, &args, sizeof(args)))
		ret = -EFAULT;
	return ret;
}

static long replay_ioctl(void __user *uarg)
{
	struct hvisor_hc hc = { .code = HVISOR_HC_VIRTIO_REPLAY };

	(void)uarg;
	return hot_hc(&hc);
}

/* -ENOTTY for a command that is not a virtio ioctl. */
long hvisor_virtio_ioctl(unsigned int cmd, void __user *uarg)
{
	long (*handler)(void __user *uarg);

	switch (cmd) {
	case HVISOR_IOCTL_VIRTIO_COMPLETE:
		handler = complete_ioctl;
		break;
	case HVISOR_IOCTL_VIRTIO_INJECT:
		handler = inject_ioctl;
		break;
	case HVISOR_IOCTL_VIRTIO_SET_TIMEOUT:
		handler = timeout_ioctl;
		break;
	case HVISOR_IOCTL_VIRTIO_RAM_OWNER:
		handler = ram_owner_ioctl;
		break;
	case HVISOR_IOCTL_VIRTIO_REPLAY:
		handler = replay_ioctl;
		break;
	default:
		return -ENOTTY;
	}
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return handler(uarg);
}
