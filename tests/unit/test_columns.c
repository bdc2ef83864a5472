/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_columns.c: -o parsing, cell formatting, totals, escaping, ranges */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/columns.h"
#include "vmaview/opts.h"
#include "vmaview/output.h"

static void test_colset_parse(void **state)
{
	struct colset cs;
	char *bad;
	(void)state;

	assert_int_equal(colset_parse(&cs, "rss,NAME", "range,size", &bad), 0);
	assert_int_equal(cs.n, 2);
	assert_string_equal(cs.v[0].col->name, "rss");
	assert_string_equal(cs.v[1].col->name, "name");
	assert_true(cs.needs & SRC_SMAPS);
	colset_free(&cs);

	assert_int_equal(colset_parse(&cs, "+rss", "range,size", &bad), 0);
	assert_int_equal(cs.n, 3);
	assert_string_equal(cs.v[0].col->name, "range");
	assert_string_equal(cs.v[2].col->name, "rss");
	colset_free(&cs);

	/* only maps columns: smaps is not needed */
	assert_int_equal(colset_parse(&cs, "range,perms,size,kind,name", NULL, &bad), 0);
	assert_false(cs.needs & SRC_SMAPS);
	colset_free(&cs);

	/* an unknown key-like name becomes an smaps key column */
	assert_int_equal(colset_parse(&cs, "rss,FutureField", NULL, &bad), 0);
	assert_int_equal(cs.v[1].col->id, COLID_EXTRA);
	assert_string_equal(cs.v[1].col->name, "FutureField");
	assert_true(cs.v[1].col == &cs.v[1].dyn);
	colset_free(&cs);

	assert_int_equal(colset_parse(&cs, "rss,no-such", NULL, &bad), -EINVAL);
	assert_string_equal(bad, "no-such");
	free(bad);
	assert_int_equal(colset_parse(&cs, "", NULL, &bad), -EINVAL);
	free(bad);
}

static void test_registry(void **state)
{
	size_t n;
	const struct column *c = columns_all(&n);
	struct colset cs;
	char *bad;
	(void)state;

	for (size_t i = 0; i < n; i++) {
		assert_non_null(c[i].name);
		assert_non_null(c[i].header);
		assert_non_null(c[i].help);
		for (size_t j = i + 1; j < n; j++)
			assert_string_not_equal(c[i].name, c[j].name);
	}
	/* every smaps key but Size (computed from maps) is a column */
	for (int k = 0; k < SMAPS_NKEYS; k++) {
		const struct column *col = column_find(smaps_keys[k].col,
						       strlen(smaps_keys[k].col));

		assert_non_null(col);
		if (k != SMAPS_SIZE)
			assert_int_equal(col->smaps_key, k);
	}
	/* unitless and page-size fields are never summed */
	assert_false(column_find("thpeligible", 11)->summable);
	assert_false(column_find("protectionkey", 13)->summable);
	assert_false(column_find("kernelpagesize", 14)->summable);
	assert_false(column_find("mmupagesize", 11)->summable);
	assert_true(column_find("rss", 3)->summable);
	assert_int_equal(colset_parse(&cs, NULL, columns_default, &bad), 0);
	colset_free(&cs);
}

static void test_size_human(void **state)
{
	char b[32];
	(void)state;

	assert_string_equal(size_human(0, b, sizeof(b)), "0B");
	assert_string_equal(size_human(1023, b, sizeof(b)), "1023B");
	assert_string_equal(size_human(4096, b, sizeof(b)), "4K");
	assert_string_equal(size_human(1536, b, sizeof(b)), "1.5K");
	assert_string_equal(size_human(135168, b, sizeof(b)), "132K");
	assert_string_equal(size_human(1048575, b, sizeof(b)), "1M");
	assert_string_equal(size_human(68719476736ULL, b, sizeof(b)), "64G");
	assert_string_equal(size_human(UINT64_MAX, b, sizeof(b)), "16E");
}

static void test_format_and_totals(void **state)
{
	struct vma a = { .start = 0x1000, .end = 0x3000, .perms = "rw-p" };
	struct vma b = { .start = 0x5000, .end = 0x6000, .perms = "r--p" };
	struct vma t = { 0 };
	struct colset cs;
	char *bad, buf[64];
	uint64_t u;
	(void)state;

	a.smaps[SMAPS_RSS] = 8192;
	a.smaps[SMAPS_THPELIGIBLE] = 1;
	a.smaps[SMAPS_KERNELPAGESIZE] = 4096;
	a.have = (1ULL << SMAPS_RSS) | (1ULL << SMAPS_THPELIGIBLE) |
		 (1ULL << SMAPS_KERNELPAGESIZE);
	b.smaps[SMAPS_RSS] = 4096;
	b.smaps[SMAPS_KERNELPAGESIZE] = 4096;
	b.have = (1ULL << SMAPS_RSS) | (1ULL << SMAPS_KERNELPAGESIZE);
	totals_add(&t, &a);
	totals_add(&t, &b);
	assert_true(t.end - t.start == 0x3000);
	assert_true(t.smaps[SMAPS_RSS] == 12288);
	assert_false(t.have & (1ULL << SMAPS_THPELIGIBLE));
	assert_false(t.have & (1ULL << SMAPS_KERNELPAGESIZE));

	assert_int_equal(colset_parse(&cs, "range,size,rss,thpeligible,offset", NULL,
				      &bad), 0);
	assert_string_equal(column_format(&cs.v[0], &a, false, buf, sizeof(buf)),
			    "1000-3000");
	assert_string_equal(column_format(&cs.v[1], &a, false, buf, sizeof(buf)), "8K");
	assert_string_equal(column_format(&cs.v[1], &a, true, buf, sizeof(buf)), "8192");
	assert_string_equal(column_format(&cs.v[2], &t, true, buf, sizeof(buf)), "12288");
	assert_string_equal(column_format(&cs.v[3], &a, false, buf, sizeof(buf)), "1");
	/* a field the kernel did not print is empty, not zero */
	assert_string_equal(column_format(&cs.v[3], &b, false, buf, sizeof(buf)), "");
	assert_false(column_u64(&cs.v[3], &b, &u));
	assert_string_equal(column_format(&cs.v[4], &a, false, buf, sizeof(buf)), "0");
	colset_free(&cs);
	vma_clear(&t);
}

static void test_range(void **state)
{
	struct vv_range r;
	(void)state;

	assert_int_equal(range_parse("1000,2000", &r), 0);
	assert_true(r.lo == 0x1000 && r.hi == 0x2000);
	assert_int_equal(range_parse("0x1000,", &r), 0);
	assert_true(r.lo == 0x1000 && r.hi == UINT64_MAX);
	assert_int_equal(range_parse(",7fff", &r), 0);
	assert_true(r.lo == 0 && r.hi == 0x7fff);
	assert_int_equal(range_parse("7f00", &r), 0);
	assert_true(r.lo == 0x7f00 && r.hi == 0x7f00);
	assert_int_equal(range_parse("2000,1000", &r), -EINVAL);
	assert_int_equal(range_parse(",", &r), -EINVAL);
	assert_int_equal(range_parse("xyz", &r), -EINVAL);
	assert_int_equal(range_parse("-1", &r), -EINVAL);
	assert_int_equal(range_parse("1,2,3", &r), -EINVAL);
	assert_int_equal(range_parse("11111111111111111", &r), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_colset_parse),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_size_human),
		cmocka_unit_test(test_format_and_totals),
		cmocka_unit_test(test_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
