/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_text.c: unit tests of UTF-8 decoding and number formatting */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmaview/text.h"

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("\xf4\x8f\xbf\xbf", 4)); /* U+10FFFF */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));
	assert_false(utf8_valid("\xe0\x80\x80", 3));   /* overlong */
	assert_false(utf8_valid("\x80", 1));
}

static void test_utf8_decode(void **state)
{
	uint32_t cp = 0;
	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 0x41);
	assert_int_equal(utf8_decode("\xe6\x97\xa5", 3, &cp), 3);
	assert_int_equal(cp, 0x65e5);
	assert_int_equal(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x1f600);
	assert_int_equal(utf8_decode("\xe6\x97", 2, &cp), 0); /* truncated */
	assert_int_equal(utf8_decode("\xed\xa0\x80", 3, &cp), 0); /* surrogate */
}

static void test_fmt(void **state)
{
	char buf[FMT_U64_MAX], hex[3] = { 0 };
	(void)state;
	assert_ptr_equal(fmt_u64(buf, 0, 10), buf + 1);
	assert_string_equal(buf, "0");
	fmt_u64(buf, UINT64_MAX, 10);
	assert_string_equal(buf, "18446744073709551615");
	assert_int_equal(strlen(buf) + 1, FMT_U64_MAX);
	fmt_u64(buf, UINT64_MAX, 16);
	assert_string_equal(buf, "ffffffffffffffff");
	fmt_u64(buf, 0x7f0000001000ULL, 16);
	assert_string_equal(buf, "7f0000001000");
	assert_ptr_equal(fmt_hex2(hex, 0x0f), hex + 2);
	assert_string_equal(hex, "0f");
	fmt_hex2(hex, 0xa5);
	assert_string_equal(hex, "a5");
}

static void test_hex_parse(void **state)
{
	uint64_t v = 0;
	(void)state;
	assert_int_equal(hex_parse("7fff0000", 8, &v), 0);
	assert_int_equal(v, 0x7fff0000);
	assert_int_equal(hex_parse("0xFFFFFFFFFFFFFFFF", 18, &v), 0);
	assert_int_equal(v, UINT64_MAX);
	/* only len bytes count: "12" of "12,34" */
	assert_int_equal(hex_parse("12,34", 2, &v), 0);
	assert_int_equal(v, 0x12);
	assert_int_equal(hex_parse("10000000000000000", 17, &v), -EINVAL);
	assert_int_equal(hex_parse("-1", 2, &v), -EINVAL);
	assert_int_equal(hex_parse("+1", 2, &v), -EINVAL);
	assert_int_equal(hex_parse(" 1", 2, &v), -EINVAL);
	assert_int_equal(hex_parse("0x", 2, &v), -EINVAL);
	assert_int_equal(hex_parse("1g", 2, &v), -EINVAL);
	assert_int_equal(hex_parse("", 0, &v), -EINVAL);
	/* strtoull() skips white space and takes a sign after it (fuzzer) */
	assert_int_equal(hex_parse("\t-1", 3, &v), -EINVAL);
	assert_int_equal(hex_parse("\n1", 2, &v), -EINVAL);
	assert_int_equal(hex_parse("0x-1", 4, &v), -EINVAL);
	assert_int_equal(hex_parse("0x 1", 4, &v), -EINVAL);
	/* a NUL within len is not the end of the number */
	assert_int_equal(hex_parse("\0", 1, &v), -EINVAL);
	assert_int_equal(hex_parse("1\0", 2, &v), -EINVAL);
	assert_int_equal(hex_parse("0X1f", 4, &v), 0);
	assert_int_equal(v, 0x1f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_decode),
		cmocka_unit_test(test_fmt),
		cmocka_unit_test(test_hex_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
