/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_tabw.c: unit tests of the table writer: escapes, widths, layouts */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmaview/tabw.h"

static void check(enum tabw_mode m, const char *in, size_t len,
		  const char *want, size_t want_width)
{
	char buf[256];
	size_t w, n;

	n = tabw_encode(m, in, len, buf, &w);
	assert_int_equal(n, strlen(want));
	assert_string_equal(buf, want);
	assert_int_equal(w, want_width);
}

static void test_encode_c_locale(void **state)
{
	(void)state;
	setlocale(LC_CTYPE, "C");
	/* controls and DEL become \xHH, 4 columns each */
	check(TABW_TABLE, "a\x01" "b\x1b\x7f", 5, "a\\x01b\\x1b\\x7f", 14);
	/* no multibyte characters in the C locale: every high byte escaped */
	check(TABW_TABLE, "\xc3\xbc", 2, "\\xc3\\xbc", 8);
	/* the kernel's own \012 stays; a backslash before 'x' does not */
	check(TABW_TABLE, "/a\\012b", 7, "/a\\012b", 7);
	check(TABW_TABLE, "\\x41", 4, "\\x5cx41", 7);
	/* raw: space and every backslash escaped, quotes kept */
	check(TABW_RAW, "a b\\0\"", 6, "a\\x20b\\x5c0\"", 12);
	/* pairs: quote and backslash escaped, space kept */
	check(TABW_PAIRS, "a b\\0\"", 6, "a b\\x5c0\\x22", 12);
	/* a NUL inside the given length is a byte like any control */
	check(TABW_TABLE, "a\0b", 3, "a\\x00b", 6);
}

static void test_encode_utf8_locale(void **state)
{
	(void)state;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		skip();
	/* a valid two-byte character is kept, one column */
	check(TABW_TABLE, "\xc3\xbc", 2, "\xc3\xbc", 1);
	/* a double-width CJK character: two columns */
	check(TABW_TABLE, "\xe6\x97\xa5", 3, "\xe6\x97\xa5", 2);
	/* invalid: a lone continuation, a truncated sequence, an overlong */
	check(TABW_TABLE, "\xff\xfe", 2, "\\xff\\xfe", 8);
	check(TABW_TABLE, "x\xc3", 2, "x\\xc3", 5);
	check(TABW_TABLE, "\xc0\xaf", 2, "\\xc0\\xaf", 8);
	/* a surrogate encoded in UTF-8 is invalid */
	check(TABW_TABLE, "\xed\xa0\x80", 3, "\\xed\\xa0\\x80", 12);
	/* C1 control U+0085 is not printable: its bytes are escaped */
	check(TABW_TABLE, "\xc2\x85", 2, "\\xc2\\x85", 8);
	setlocale(LC_CTYPE, "C");
}

static char *render(enum tabw_mode m, bool noheadings)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	struct tabw *t;

	assert_non_null(f);
	t = tabw_new(f, m, noheadings);
	tabw_column(t, "NAME", false);
	tabw_column(t, "SIZE", true);
	tabw_column(t, "PATH", false);
	tabw_cell(t, "a", 1);
	tabw_cell(t, "4K", 2);
	tabw_cell(t, "/x y", 4);
	tabw_cell(t, "longer", 6);
	tabw_cell(t, "132K", 4);
	tabw_cell(t, "", 0);
	tabw_print(t);
	tabw_free(t);
	fclose(f);
	return out;
}

static void test_layouts(void **state)
{
	char *s;
	(void)state;
	setlocale(LC_CTYPE, "C");
	/* left columns padded, numbers right-aligned, last column unpadded */
	s = render(TABW_TABLE, false);
	assert_string_equal(s, "NAME   SIZE PATH\n"
			       "a        4K /x y\n"
			       "longer 132K \n");
	free(s);
	s = render(TABW_TABLE, true);
	assert_string_equal(s, "a        4K /x y\n"
			       "longer 132K \n");
	free(s);
	s = render(TABW_RAW, false);
	assert_string_equal(s, "NAME SIZE PATH\n"
			       "a 4K /x\\x20y\n"
			       "longer 132K \n");
	free(s);
	s = render(TABW_PAIRS, false);
	assert_string_equal(s, "NAME=\"a\" SIZE=\"4K\" PATH=\"/x y\"\n"
			       "NAME=\"longer\" SIZE=\"132K\" PATH=\"\"\n");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_c_locale),
		cmocka_unit_test(test_encode_utf8_locale),
		cmocka_unit_test(test_layouts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
