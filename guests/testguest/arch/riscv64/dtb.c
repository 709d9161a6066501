/* Test guest DTB reading on riscv64: the timebase-frequency of /cpus, from the blob the loader passed (fault-safe). */
#include "format.h"
#include "guest.h"
#include "riscv64.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define FDT_MAX_SIZE (1u << 20)

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

/* 0 if there is no readable DTB at @dtb or it has no timebase-frequency. */
uint64_t dtb_timebase(uintptr_t dtb)
{
	char why_buf[128];
	struct outbuf why;
	uint64_t magic;
	uint32_t size, off, end, strs, tok, len;
	const uint8_t *b = (const uint8_t *)dtb;

	outbuf_init(&why, why_buf, sizeof(why_buf));
	if (!dtb || (dtb & 7) || !arch_probe_read(dtb, 4, &magic, &why) ||
	    be32(&magic) != FDT_MAGIC)
		return 0;
	size = be32(b + 4);
	off = be32(b + 8);
	strs = be32(b + 12);
	end = off + be32(b + 36); /* size_dt_struct */
	if (size > FDT_MAX_SIZE || end > size || strs > size || off & 3)
		return 0;
	while (off + 4 <= end) {
		tok = be32(b + off);
		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			while (off < end && b[off])
				off++;
			off = (off + 4) & ~3u;
			break;
		case FDT_PROP:
			if (off + 8 > end)
				return 0;
			len = be32(b + off);
			if (len == 4 && off + 12 <= end &&
			    strs + be32(b + off + 4) < size &&
			    streq((const char *)b + strs + be32(b + off + 4),
				  "timebase-frequency"))
				return be32(b + off + 8);
			off += 8 + ((len + 3) & ~3u);
			break;
		case FDT_END_NODE:
		case FDT_NOP:
			break;
		default:
			return 0;
		}
	}
	return 0;
}
