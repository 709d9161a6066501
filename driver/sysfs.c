/* /sys/kernel/hvisor: state and hypervisor-mode detection for all, statistics for root only. */
#include "driver.h"

#include <linux/errno.h>
#include <linux/kobject.h>
#include <linux/mutex.h>
#include <linux/sysfs.h>

static struct kobject *hvisor_kobj;
/* orders group updates; never held together with hvisor.lock */
static DEFINE_MUTEX(update_lock);

static const char *const exit_names[HVISOR_NUM_EXITS] = HVISOR_EXIT_NAMES;

static ssize_t state_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  READ_ONCE(hvisor.enabled) ? "enabled" : "disabled");
}

static ssize_t el2_show(struct kobject *kobj, struct kobj_attribute *attr,
			char *buf)
{
	u32 state = READ_ONCE(hvisor.enabled) ? HVISOR_HYP_HVISOR :
						hvisor.hyp_state;

	return sysfs_emit(buf, "%s\n", hvisor_arch_describe(state));
}

/* Root interrupts (cell doorbells) taken since the module was loaded. */
static ssize_t root_irqs_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%lld\n", atomic64_read(&hvisor.root_irqs));
}

/* One GET_INFO value, or -ENODEV while disabled. */
static ssize_t show_info(char *buf, u64 selector)
{
	long ret = -ENODEV;

	mutex_lock(&hvisor.lock);
	if (hvisor.enabled)
		ret = hvisor_get_info(selector);
	mutex_unlock(&hvisor.lock);
	return ret < 0 ? ret : sysfs_emit(buf, "%ld\n", ret);
}

static ssize_t mem_pool_pages_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return show_info(buf, HVISOR_INFO_MEM_POOL_SIZE);
}

static ssize_t mem_pool_used_show(struct kobject *kobj,
				  struct kobj_attribute *attr, char *buf)
{
	return show_info(buf, HVISOR_INFO_MEM_POOL_USED);
}

static ssize_t cells_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return show_info(buf, HVISOR_INFO_NUM_CELLS);
}

static ssize_t cpu_exits_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	struct hvisor_hc hc;
	unsigned int cpu, i;
	long ret = 0;
	int len = 0;

	mutex_lock(&hvisor.lock);
	if (!hvisor.enabled)
		ret = -ENODEV;
	for_each_cpu(cpu, &hvisor.managed) {
		if (ret < 0)
			break;
		len += sysfs_emit_at(buf, len, "cpu%u", cpu);
		for (i = 0; i < HVISOR_NUM_EXITS; i++) {
			hc = (struct hvisor_hc){ .code = HVISOR_HC_CPU_STATS,
						 .arg1 = cpu,
						 .arg2 = i };
			ret = hvisor_hc_any(&hc);
			if (ret < 0)
				break;
			len += sysfs_emit_at(buf, len, " %s=%ld", exit_names[i],
					     ret);
		}
		len += sysfs_emit_at(buf, len, "\n");
	}
	mutex_unlock(&hvisor.lock);
	return ret < 0 ? ret : len;
}

/* The request ring's head, tail and counters, as the hypervisor left them. */
static ssize_t virtio_ring_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return hvisor_ring_show(buf);
}

/*
 * Whether the hypervisor runs is public; what the cells do is not: exit
 * counts per CPU, doorbells, pool use and the virtio ring's counters tell
 * another user when and how hard a cell works (a side channel). Root only.
 */
static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute el2_attr = __ATTR_RO(el2);
static struct kobj_attribute root_irqs_attr = __ATTR_RO_MODE(root_irqs, 0400);
static struct kobj_attribute mem_pool_pages_attr =
	__ATTR_RO_MODE(mem_pool_pages, 0400);
static struct kobj_attribute mem_pool_used_attr =
	__ATTR_RO_MODE(mem_pool_used, 0400);
static struct kobj_attribute cells_attr = __ATTR_RO_MODE(cells, 0400);
static struct kobj_attribute cpu_exits_attr = __ATTR_RO_MODE(cpu_exits, 0400);
static struct kobj_attribute virtio_ring_attr =
	__ATTR_RO_MODE(virtio_ring, 0400);

static struct attribute *base_attrs[] = {
	&state_attr.attr,
	&el2_attr.attr,
	&root_irqs_attr.attr,
	NULL,
};

static const struct attribute_group base_group = {
	.attrs = base_attrs,
};

static struct attribute *enabled_attrs[] = {
	&mem_pool_pages_attr.attr, &mem_pool_used_attr.attr, &cells_attr.attr,
	&cpu_exits_attr.attr,	   &virtio_ring_attr.attr,   NULL,
};

/* The statistics only exist while the hypervisor runs; the ring if it has one. */
static umode_t enabled_visible(struct kobject *kobj, struct attribute *attr,
			       int n)
{
	if (!READ_ONCE(hvisor.enabled))
		return 0;
	if (attr == &virtio_ring_attr.attr && !READ_ONCE(hvisor.ring_pa))
		return 0;
	return attr->mode;
}

static const struct attribute_group enabled_group = {
	.attrs = enabled_attrs,
	.is_visible = enabled_visible,
};

/*
 * Called after each state change, without hvisor.lock: removing a file
 * waits for its readers, which take hvisor.lock.
 */
void hvisor_sysfs_update(void)
{
	mutex_lock(&update_lock);
	if (sysfs_update_group(hvisor_kobj, &enabled_group))
		pr_warn("cannot update /sys/kernel/hvisor\n");
	mutex_unlock(&update_lock);
}

int hvisor_sysfs_init(void)
{
	int ret;

	hvisor_kobj = kobject_create_and_add("hvisor", kernel_kobj);
	if (!hvisor_kobj)
		return -ENOMEM;
	ret = sysfs_create_group(hvisor_kobj, &base_group);
	if (!ret)
		ret = sysfs_create_group(hvisor_kobj, &enabled_group);
	if (ret)
		kobject_put(hvisor_kobj);
	return ret;
}

void hvisor_sysfs_exit(void)
{
	kobject_put(hvisor_kobj);
}
