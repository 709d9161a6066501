/* JSON building helpers of config create: hex numbers, comments, ID lists. */
#include "create/create.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

struct json_object *create_hex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%" PRIx64, v);
	return json_object_new_string(buf);
}

void create_add_comment(struct json_object *o, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_object_add(o, "comment", json_object_new_string(buf));
}

static bool bit(const uint32_t *b, unsigned int i)
{
	return b[i / 32] >> (i % 32) & 1;
}

struct json_object *create_id_list(const uint32_t *bitmap, unsigned int nbits)
{
	struct json_object *a = json_object_new_array();
	unsigned int i = 0, j;
	char buf[24];

	while (i < nbits) {
		if (!bit(bitmap, i)) {
			i++;
			continue;
		}
		for (j = i; j + 1 < nbits && bit(bitmap, j + 1); j++)
			;
		if (j == i) {
			json_object_array_add(a, json_object_new_int((int)i));
		} else {
			snprintf(buf, sizeof(buf), "%u-%u", i, j);
			json_object_array_add(a, json_object_new_string(buf));
		}
		i = j + 1;
	}
	return a;
}
