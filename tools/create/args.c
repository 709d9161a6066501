/* Argument parsers of hvisor config create: sizes and CPU lists. */
#include "create/create.h"

#include <errno.h>
#include <stdlib.h>

int create_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *s == '-')
		return -1;
	switch (*end) {
	case 'G':
		v <<= 10;
		/* fall through */
	case 'M':
		v <<= 10;
		/* fall through */
	case 'K':
		v <<= 10;
		end++;
		break;
	}
	if (*end)
		return -1;
	*out = v;
	return 0;
}

int create_parse_cpus(const char *s, uint64_t *out)
{
	uint64_t cpus = 0;
	char *end;

	while (*s) {
		unsigned long a = strtoul(s, &end, 10), b = a;

		if (end == s)
			return -1;
		if (*end == '-') {
			s = end + 1;
			b = strtoul(s, &end, 10);
			if (end == s)
				return -1;
		}
		if (a > b || b >= 64)
			return -1;
		for (; a <= b; a++)
			cpus |= 1ull << a;
		s = end;
		if (*s == ',')
			s++;
		else if (*s)
			return -1;
	}
	*out = cpus;
	return cpus ? 0 : -1;
}
