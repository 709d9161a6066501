/* Config checker helpers: error reporting, bit and range arithmetic, aligned windows. */
#include "check.h"

int ck_fail(const struct hvisor_check_where *w, int code, const char *field,
	    const char *reason, uint64_t value, int kind)
{
	struct hvisor_check_error *err = w->err;

	err->code = code;
	err->part = w->part;
	err->field = field;
	err->region = w->region;
	err->other_region = -1;
	err->reason = reason;
	err->value = value;
	err->value_kind = kind;
	err->cell = w->cell;
	err->other_cell = -1;
	return code;
}

int ck_fail_with(const struct hvisor_check_where *w, int code,
		 const char *field, const char *reason, uint64_t value,
		 int kind, int other, int other_cell)
{
	ck_fail(w, code, field, reason, value, kind);
	w->err->other_region = other;
	w->err->other_cell = other_cell;
	return code;
}

int ck_ok(struct hvisor_check_error *err)
{
	err->code = HVISOR_CHECK_OK;
	err->cell = -1;
	err->other_cell = -1;
	return HVISOR_CHECK_OK;
}

bool ck_bytes_equal(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

bool ck_aligned(uint64_t value, uint64_t align)
{
	return (value & (align - 1)) == 0;
}

const char *ck_align_reason(uint64_t align)
{
	static const struct {
		uint64_t align;
		const char *reason;
	} reasons[] = {
		{ 2, "must be a multiple of 2" },
		{ 4, "must be a multiple of 4" },
		{ 8, "must be a multiple of 8" },
		{ 0x1000, "must be a multiple of 4096" },
		{ 0x10000, "must be a multiple of 64 KiB (0x10000)" },
		{ 0x20000, "must be a multiple of 128 KiB (0x20000)" },
		{ 0x200000, "must be a multiple of 2 MiB (0x200000)" },
	};
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].align == align)
			return reasons[i].reason;
	return "is not aligned as required";
}

bool ck_range_fits(uint64_t start, uint64_t size, unsigned int bits)
{
	const uint64_t limit = 1ULL << bits;

	return start < limit && size <= limit - start;
}

bool ck_ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

bool ck_range_inside(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a >= b && a + a_size <= b + b_size;
}

int ck_lowest_bit(uint64_t v)
{
	int n = 0;

	while (!(v & 1)) {
		v >>= 1;
		n++;
	}
	return n;
}

unsigned int ck_count_bits(uint64_t v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

bool ck_irq_set(const uint32_t *irqs, unsigned int irq)
{
	return irqs[irq / 32] & (1u << (irq % 32));
}

int ck_window(const struct hvisor_arch_rules *rules,
	      const struct hvisor_check_where *w, const char *base_name,
	      uint64_t base, const char *size_name, uint64_t size,
	      uint64_t align)
{
	if (!ck_aligned(base, align))
		return ck_fail(w, HVISOR_CHECK_ALIGN, base_name,
			       ck_align_reason(align), base,
			       HVISOR_CHECK_VALUE_HEX);
	if (size == 0)
		return ck_fail(w, HVISOR_CHECK_EMPTY, size_name,
			       "must not be zero", 0, HVISOR_CHECK_VALUE_NONE);
	if (!ck_aligned(size, align))
		return ck_fail(w, HVISOR_CHECK_ALIGN, size_name,
			       ck_align_reason(align), size,
			       HVISOR_CHECK_VALUE_HEX);
	if (!ck_range_fits(base, size, rules->pa_bits))
		return ck_fail(w, HVISOR_CHECK_OVERFLOW, size_name,
			       rules->reasons.pa_space, size,
			       HVISOR_CHECK_VALUE_HEX);
	return HVISOR_CHECK_OK;
}
