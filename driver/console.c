/* The hypervisor's log and the cells' consoles, through a kernel bounce page. */
#include "driver.h"

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/minmax.h>
#include <linux/uaccess.h>

/* Most bytes CELL_CONSOLE_READ writes into the page it is given. */
#define CELL_CONSOLE_CHUNK 4096
/* Bytes fed to a cell's console input per hvisor.lock hold. */
#define WRITE_BATCH 256

/* Reads from one ring: which one, and where the hypervisor copies to. */
struct ring_reader {
	const struct hvisor_cell *cell; /* NULL: the hypervisor's log */
	void *buf; /* one page, page aligned */
};

/*
 * One hypercall: up to @want bytes from @seq into r->buf; returns the count
 * (<= the returned @max) and sets *start to the seq of the first byte.
 */
static long read_chunk(const struct ring_reader *r, u64 seq, size_t want,
		       u64 *start, size_t *max)
{
	struct hvisor_hc hc;
	long ret;

	if (r->cell) {
		hc = (struct hvisor_hc){ .code = HVISOR_HC_CELL_CONSOLE_READ,
					 .arg1 = r->cell->id,
					 .arg2 = virt_to_phys(r->buf),
					 .arg3 = seq };
		*max = CELL_CONSOLE_CHUNK;
	} else {
		hc = (struct hvisor_hc){ .code = HVISOR_HC_CONSOLE_READ,
					 .arg1 = virt_to_phys(r->buf),
					 .arg2 = want,
					 .arg3 = seq };
		*max = want;
	}
	ret = hvisor_hc_any(&hc);
	if (ret > (long)*max) {
		pr_err("%s answered %ld bytes from seq %llu for at most %zu bytes from %llu\n",
		       r->cell ? "CELL_CONSOLE_READ" : "CONSOLE_READ", ret,
		       hc.arg1, *max, seq);
		return -EIO;
	}
	*start = hc.arg1;
	return ret;
}

/*
 * Copies up to *size bytes starting at byte *seq of a ring. On return
 * *size is the number of bytes copied and *seq the sequence number after
 * the last one; *seq - *size > the seq asked for means older bytes were
 * overwritten before they were read, and smaller means the seq asked for
 * was beyond the end. Called with hvisor.lock held.
 */
static long read_ring(const struct ring_reader *r, char __user *ubuf, u64 *size,
		      u64 *seq)
{
	u64 pos = *seq, done = 0, start;
	size_t want, max, n;
	long ret = 0;

	while (done < *size) {
		want = min_t(u64, *size - done, PAGE_SIZE);
		ret = read_chunk(r, pos, want, &start, &max);
		if (ret < 0)
			break;
		/*
		 * The first chunk may start elsewhere (lost bytes, or resync
		 * after seq > total); a gap after it shows in the next call.
		 */
		if (done && start != pos)
			break;
		n = min_t(size_t, ret, want);
		if (copy_to_user(ubuf + done, r->buf, n)) {
			ret = -EFAULT;
			break;
		}
		done += n;
		pos = start + n;
		if (ret < max)
			break;
	}
	if (ret < 0)
		return ret;
	*size = done;
	*seq = pos;
	return 0;
}

int hvisor_console_read(struct hvisor_console_args *args)
{
	struct ring_reader r = { 0 };
	long ret;

	r.buf = (void *)__get_free_page(GFP_KERNEL);
	if (!r.buf)
		return -ENOMEM;
	mutex_lock(&hvisor.lock);
	if (hvisor.enabled)
		ret = read_ring(&r, u64_to_user_ptr(args->buf), &args->size,
				&args->seq);
	else
		ret = -ENODEV;
	mutex_unlock(&hvisor.lock);
	free_page((unsigned long)r.buf);
	return ret;
}

int hvisor_cell_console_read(struct hvisor_cell_console_args *args)
{
	struct ring_reader r = { 0 };
	long ret;

	BUILD_BUG_ON(PAGE_SIZE < CELL_CONSOLE_CHUNK);
	if (args->reserved)
		return -EINVAL;
	r.buf = (void *)__get_free_page(GFP_KERNEL);
	if (!r.buf)
		return -ENOMEM;
	mutex_lock(&hvisor.lock);
	r.cell = hvisor_cell_lookup(args->id);
	ret = PTR_ERR_OR_ZERO(r.cell);
	if (!ret)
		ret = read_ring(&r, u64_to_user_ptr(args->buf), &args->size,
				&args->seq);
	mutex_unlock(&hvisor.lock);
	free_page((unsigned long)r.buf);
	return ret;
}

/*
 * Feeds bytes to the cell's console input, 8 per hypercall, and returns how
 * many the hypervisor accepted: it stops at the first partial answer.
 */
long hvisor_cell_console_write(const struct hvisor_cell_console_write_args *args)
{
	const u8 __user *ubuf = u64_to_user_ptr(args->buf);
	u64 size = min_t(u64, args->size, HVISOR_CELL_CONSOLE_WRITE_MAX);
	u8 batch[WRITE_BATCH];
	struct hvisor_cell *cell;
	size_t len, off, n;
	struct hvisor_hc hc;
	bool full = false;
	long ret = 0;
	u64 total = 0, word;
	unsigned int i;

	if (args->reserved)
		return -EINVAL;
	while (total < size && !full && !ret) {
		len = min_t(u64, size - total, sizeof(batch));
		if (copy_from_user(batch, ubuf + total, len)) {
			ret = -EFAULT;
			break;
		}
		mutex_lock(&hvisor.lock);
		cell = hvisor_cell_lookup(args->id);
		ret = PTR_ERR_OR_ZERO(cell);
		for (off = 0; !ret && !full && off < len; off += n) {
			n = min_t(size_t, len - off, 8);
			word = 0;
			for (i = 0; i < n; i++)
				word |= (u64)batch[off + i] << (8 * i);
			hc = (struct hvisor_hc){
				.code = HVISOR_HC_CELL_CONSOLE_WRITE,
				.arg1 = cell->id,
				.arg2 = word,
				.arg3 = n
			};
			ret = hvisor_hc_any(&hc);
			if (ret > (long)n) {
				pr_err("CELL_CONSOLE_WRITE accepted %ld of %zu bytes\n",
				       ret, n);
				ret = -EIO;
			}
			if (ret < 0)
				break;
			total += ret;
			full = ret < n; /* the cell's input is full */
			ret = 0;
		}
		mutex_unlock(&hvisor.lock);
	}
	/* like write(2): what was accepted before an error counts */
	return total ? total : ret;
}
