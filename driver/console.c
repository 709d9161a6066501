/* Reads the hypervisor's log ring through a kernel bounce buffer. */
#include "driver.h"

#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/memory.h>

/*
 * Copies up to args->size bytes starting at byte args->seq of the log.
 * On return args->size is the number of bytes copied and args->seq the
 * sequence number after the last one; args->seq - args->size > the seq
 * asked for means older bytes were overwritten before they were read, and
 * smaller means the seq asked for was beyond the end of the log.
 */
int hvisor_console_read(struct hvisor_console_args *args)
{
	char __user *ubuf = u64_to_user_ptr(args->buf);
	u64 seq = args->seq, done = 0;
	struct hvisor_hc hc;
	size_t chunk;
	long ret = 0;
	void *buf;

	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	mutex_lock(&hvisor.lock);
	if (!hvisor.enabled) {
		ret = -ENODEV;
		goto out;
	}
	while (done < args->size) {
		chunk = min_t(u64, args->size - done, PAGE_SIZE);
		hc = (struct hvisor_hc){ .code = HVISOR_HC_CONSOLE_READ,
					 .x1 = virt_to_phys(buf),
					 .x2 = chunk,
					 .x3 = seq };
		ret = hvisor_hc_any(&hc);
		if (ret < 0)
			break;
		if (ret > chunk) {
			pr_err("CONSOLE_READ answered %ld bytes from seq %llu for %zu bytes from %llu\n",
			       ret, hc.x1, chunk, seq);
			ret = -EIO;
			break;
		}
		/*
		 * The first chunk may start elsewhere (lost bytes, or resync
		 * after seq > total); a gap after it shows in the next call.
		 */
		if (done && hc.x1 != seq)
			break;
		if (copy_to_user(ubuf + done, buf, ret)) {
			ret = -EFAULT;
			break;
		}
		done += ret;
		seq = hc.x1 + ret;
		if (ret < chunk)
			break;
	}
	if (ret >= 0) {
		args->size = done;
		args->seq = seq;
		ret = 0;
	}
out:
	mutex_unlock(&hvisor.lock);
	kfree(buf);
	return ret;
}
