/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_jsonw.c: unit tests of the streaming JSON writer */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vmaview/jsonw.h"
#include "vmaview/text.h"

struct sink {
	char *buf;
	size_t len;
	FILE *f;
};

static struct jsonw *open_sink(struct sink *s, bool pretty)
{
	s->f = open_memstream(&s->buf, &s->len);
	assert_non_null(s->f);
	return jw_new(s->f, pretty);
}

static char *close_sink(struct sink *s, struct jsonw *w, int want)
{
	assert_int_equal(jw_destroy(w), want);
	fclose(s->f);
	return s->buf;
}

static void test_document(void **state)
{
	struct sink s;
	struct jsonw *w = open_sink(&s, false);
	char *out;
	(void)state;

	jw_obj_start(w);
	jw_u64_field(w, "max", UINT64_MAX);
	jw_i64_field(w, "neg", INT64_MIN);
	jw_hex_field(w, "addr", 0xffffffffff600000ULL);
	jw_hex_field(w, "zero", 0);
	jw_bool_field(w, "t", true);
	jw_key(w, "n");
	jw_null(w);
	jw_key(w, "a");
	jw_arr_start(w);
	jw_arr_end(w);
	jw_key(w, "o");
	jw_obj_start(w);
	jw_obj_end(w);
	jw_key(w, "l");
	jw_arr_start(w);
	jw_u64(w, 1);
	jw_str(w, "x");
	jw_hexbytes(w, "\x2f\xff", 2);
	jw_arr_end(w);
	jw_obj_end(w);
	out = close_sink(&s, w, 0);
	assert_string_equal(out,
		"{\"max\":18446744073709551615,\"neg\":-9223372036854775808,"
		"\"addr\":\"0xffffffffff600000\",\"zero\":\"0x0\",\"t\":true,"
		"\"n\":null,\"a\":[],\"o\":{},\"l\":[1,\"x\",\"2fff\"]}\n");
	free(out);
}

static void test_pretty(void **state)
{
	struct sink s;
	struct jsonw *w = open_sink(&s, true);
	char *out;
	(void)state;

	jw_obj_start(w);
	jw_key(w, "a");
	jw_arr_start(w);
	jw_u64(w, 1);
	jw_u64(w, 2);
	jw_arr_end(w);
	jw_key(w, "e");
	jw_arr_start(w);
	jw_arr_end(w);
	jw_obj_end(w);
	out = close_sink(&s, w, 0);
	assert_string_equal(out, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"e\": []\n}\n");
	free(out);
}

static void test_strings(void **state)
{
	struct sink s;
	struct jsonw *w = open_sink(&s, false);
	char *out;
	(void)state;

	jw_arr_start(w);
	/* the escapes JSON names, other controls as \u00XX, DEL too */
	jw_strn(w, "q\"b\\n\nt\tr\rB\bF\f\x01\x1f\x7f", 17);
	/* valid UTF-8 passes; invalid bytes become U+FFFD one by one */
	jw_str(w, "\xc3\xbc\xe6\x97\xa5\xf0\x9f\x98\x80");
	jw_str(w, "a\xff\xfe" "b");
	/* overlong, surrogate, truncated, above U+10FFFF */
	jw_str(w, "\xc0\xaf");
	jw_str(w, "\xed\xa0\x80");
	jw_str(w, "\xe6\x97");
	jw_str(w, "\xf4\x90\x80\x80");
	/* NUL inside a counted string */
	jw_strn(w, "a\0b", 3);
	jw_arr_end(w);
	out = close_sink(&s, w, 0);
	assert_string_equal(out,
		"[\"q\\\"b\\\\n\\nt\\tr\\rB\\bF\\f\\u0001\\u001f\\u007f\","
		"\"\xc3\xbc\xe6\x97\xa5\xf0\x9f\x98\x80\","
		"\"a\xef\xbf\xbd\xef\xbf\xbd" "b\","
		"\"\xef\xbf\xbd\xef\xbf\xbd\","
		"\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\","
		"\"\xef\xbf\xbd\xef\xbf\xbd\","
		"\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\","
		"\"a\\u0000b\"]\n");
	assert_true(utf8_valid(out, strlen(out)));
	free(out);
}

static void test_unbalanced(void **state)
{
	struct sink s;
	struct jsonw *w = open_sink(&s, false);
	(void)state;

	jw_obj_start(w);
	free(close_sink(&s, w, -22));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_unbalanced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
