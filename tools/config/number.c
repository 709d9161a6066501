/* Parsing of config numbers written as strings: decimal or 0x-prefixed hex. */
#include "config/number.h"

#include <stdbool.h>
#include <stddef.h>

int number_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *number_parse(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t value = 0;
	bool any = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++) {
		int d = number_hex_digit(*s);

		if (d < 0 || (unsigned int)d >= base)
			return base == 16 ?
				       "is not a hex number" :
				       "is not a number (expected decimal or 0x-prefixed hex)";
		if (value > (UINT64_MAX - (uint64_t)d) / base)
			return "does not fit in 64 bits";
		value = value * base + (uint64_t)d;
		any = true;
	}
	if (!any)
		return base == 16 ? "has no digits after 0x" :
				    "is an empty string, not a number";
	*out = value;
	return NULL;
}
