/* number_parse(): the accepted spellings of config numbers and the refused ones. */
#include "config/number.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

static void accepts(const char *s, uint64_t expected)
{
	uint64_t v = ~expected;
	const char *reason = number_parse(s, &v);

	if (reason)
		fail_msg("\"%s\" refused: %s", s, reason);
	assert_int_equal(v, expected);
}

static void refuses(const char *s, const char *reason)
{
	uint64_t v = 12345;
	const char *got = number_parse(s, &v);

	if (!got)
		fail_msg("\"%s\" accepted as %llu", s, (unsigned long long)v);
	assert_string_equal(got, reason);
	assert_int_equal(v, 12345);
}

static void test_decimal(void **state)
{
	(void)state;
	accepts("0", 0);
	accepts("4096", 4096);
	accepts("010", 10); /* not octal */
	accepts("18446744073709551615", UINT64_MAX);
}

static void test_hex(void **state)
{
	(void)state;
	accepts("0x0", 0);
	accepts("0x80000000", 0x80000000);
	accepts("0XaBcD", 0xabcd);
	accepts("0xffffffffffffffff", UINT64_MAX);
}

static void test_refused(void **state)
{
	static const char *not_decimal =
		"is not a number (expected decimal or 0x-prefixed hex)";

	(void)state;
	refuses("", "is an empty string, not a number");
	refuses("0x", "has no digits after 0x");
	refuses("0x12g", "is not a hex number");
	refuses("0x1_000", "is not a hex number");
	refuses("12a", not_decimal);
	refuses("-1", not_decimal);
	refuses("+1", not_decimal);
	refuses(" 1", not_decimal);
	refuses("1 ", not_decimal);
	refuses("1e3", not_decimal);
	refuses("64M", not_decimal);
	refuses("18446744073709551616", "does not fit in 64 bits");
	refuses("0x10000000000000000", "does not fit in 64 bits");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
