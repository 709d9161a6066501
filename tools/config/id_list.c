/* Lists of small IDs (CPUs, interrupts) in JSON: numbers or "A-B" ranges, into a bitmap. */
#include "config/id_list.h"
#include "config/number.h"

#include <inttypes.h>
#include <string.h>

/* Parses "A-B" (both decimal or hex). Returns false after an error. */
static bool parse_range(struct jctx *c, const char *s, uint64_t *first,
			uint64_t *last)
{
	const char *dash = strchr(s, '-');
	const char *reason;
	char start[32];
	size_t n;

	if (!dash || dash == s || (size_t)(dash - s) >= sizeof(start)) {
		jctx_error(c, "\"%.40s\" is not a number or a range \"A-B\"",
			   s);
		return false;
	}
	n = (size_t)(dash - s);
	memcpy(start, s, n);
	start[n] = '\0';
	reason = number_parse(start, first);
	if (!reason)
		reason = number_parse(dash + 1, last);
	if (reason) {
		jctx_error(c, "range \"%.40s\": bound %s", s, reason);
		return false;
	}
	if (*first > *last) {
		jctx_error(c, "range \"%.40s\" is empty (start above end)", s);
		return false;
	}
	return true;
}

static bool parse_element(struct jctx *c, struct json_object *v,
			  uint64_t *first, uint64_t *last)
{
	const char *s;

	if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		/* A '-' after the first character makes it a range. */
		if (s[0] && strchr(s + 1, '-'))
			return parse_range(c, s, first, last);
	}
	if (!jval_u64(c, v, first))
		return false;
	*last = *first;
	return true;
}

bool jval_id_list(struct jctx *c, struct json_object *arr, unsigned int limit,
		  const char *what, uint32_t *bitmap)
{
	size_t i, count = json_object_array_length(arr);
	unsigned int before = c->errors;

	for (i = 0; i < count; i++) {
		size_t saved = jctx_push_index(c, i);
		uint64_t first, last, id;

		if (!parse_element(c, json_object_array_get_idx(arr, i), &first,
				   &last))
			goto next;
		if (last >= limit) {
			jctx_error(c, "%s %" PRIu64 " is out of range (0-%u)",
				   what, last, limit - 1);
			goto next;
		}
		for (id = first; id <= last; id++) {
			uint32_t bit = 1u << (id % 32);

			if (bitmap[id / 32] & bit) {
				jctx_error(c,
					   "%s %" PRIu64
					   " is listed more than once",
					   what, id);
				break;
			}
			bitmap[id / 32] |= bit;
		}
next:
		jctx_pop(c, saved);
	}
	return c->errors == before;
}
