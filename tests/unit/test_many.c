/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_many.c: unit tests of PFN sets, --interval deltas, who's frame syntax and summary kinds */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmaview/delta.h"
#include "vmaview/pfnset.h"
#include "vmaview/summary.h"
#include "vmaview/who.h"

static void test_pfnset(void **state)
{
	static const uint64_t in[] = { 9, 3, 1ULL << 40, 3, 7, 9, 0x1234567 };
	struct pfnset s = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(*in); i++)
		pfnset_add(&s, in[i]);
	pfnset_seal(&s);
	/* sorted, duplicates gone */
	assert_int_equal(s.n, 5);
	assert_int_equal(s.pfn[0], 3);
	assert_int_equal(s.pfn[1], 7);
	assert_int_equal(s.pfn[2], 9);
	assert_int_equal(s.pfn[3], 0x1234567);
	assert_int_equal(s.pfn[4], 1ULL << 40);
	assert_true(pfnset_has(&s, 3));
	assert_true(pfnset_has(&s, 1ULL << 40));
	assert_false(pfnset_has(&s, 0));
	assert_false(pfnset_has(&s, 8));
	assert_false(pfnset_has(&s, UINT64_MAX));
	pfnset_free(&s);
	assert_false(pfnset_has(&s, 3)); /* empty */
}

static void test_who_frame(void **state)
{
	uint64_t pfn = 0;

	(void)state;
	/* bare: a PFN in hex, as the pfn column prints it */
	assert_int_equal(who_parse_frame("1a2b3", 12, &pfn), 0);
	assert_int_equal(pfn, 0x1a2b3);
	/* 0x: a physical address, any byte of the frame */
	assert_int_equal(who_parse_frame("0x1a2b3fff", 12, &pfn), 0);
	assert_int_equal(pfn, 0x1a2b3);
	assert_int_equal(who_parse_frame("0X1a2b4000", 14, &pfn), 0);
	assert_int_equal(pfn, 0x1a2b4000ULL >> 14);
	assert_int_equal(who_parse_frame("", 12, &pfn), -EINVAL);
	assert_int_equal(who_parse_frame("0x", 12, &pfn), -EINVAL);
	assert_int_equal(who_parse_frame("xyz", 12, &pfn), -EINVAL);
	assert_int_equal(who_parse_frame("-1", 12, &pfn), -EINVAL);
	assert_int_equal(who_parse_frame("12 ", 12, &pfn), -EINVAL);
	assert_int_equal(who_parse_frame("10000000000000000", 12, &pfn), -EINVAL);
}

static void test_delta(void **state)
{
	struct delta *d = delta_new();
	const char *cells[] = { "a", "1" }, *key;
	const char *const *old;
	uint64_t v;
	size_t n;
	int64_t diff;
	char buf[32];

	(void)state;
	delta_begin(d);
	assert_int_equal(delta_sample(d), 1);
	/* the first sample compares with nothing */
	assert_int_equal(delta_row(d, "a", 100, cells, 2, &diff), ' ');
	assert_int_equal(diff, 0);
	assert_int_equal(delta_row(d, "b", 50, cells, 2, &diff), ' ');
	assert_false(delta_removed(d, 0, &key, &v, &old, &n));
	delta_begin(d);
	assert_int_equal(delta_row(d, "a", 4196, cells, 2, &diff), '~');
	assert_int_equal(diff, 4096);
	assert_int_equal(delta_row(d, "c", 7, cells, 2, &diff), '+');
	assert_int_equal(diff, 7);
	/* b is gone, with the cells it had */
	assert_true(delta_removed(d, 0, &key, &v, &old, &n));
	assert_string_equal(key, "b");
	assert_int_equal(v, 50);
	assert_int_equal(n, 2);
	assert_string_equal(old[1], "1");
	assert_false(delta_removed(d, 1, &key, &v, &old, &n));
	delta_begin(d);
	assert_int_equal(delta_row(d, "a", 4196, NULL, 0, &diff), ' ');
	assert_int_equal(diff, 0);
	assert_int_equal(delta_row(d, "a", 100, NULL, 0, &diff), '~');
	assert_int_equal(diff, -4096);
	assert_string_equal(delta_format(-4096, false, buf, sizeof(buf)), "-4K");
	assert_string_equal(delta_format(4096, true, buf, sizeof(buf)), "4096");
	assert_string_equal(delta_format(0, false, buf, sizeof(buf)), "0");
	delta_free(d);
}

/* Per-prefix removed rows (one process's VMAs) and a second compared value. */
static void test_delta_prefix(void **state)
{
	struct delta *d = delta_new();
	const char *cells[] = { "x" }, *key;
	const char *const *old;
	uint64_t v;
	size_t n, pos = 0;
	int64_t diff;

	(void)state;
	delta_begin(d);
	delta_row_aux(d, "12\t1000", 10, 4096, cells, 1, &diff);
	delta_row_aux(d, "12\t2000", 20, 4096, cells, 1, &diff);
	delta_row_aux(d, "123\t1000", 30, 4096, cells, 1, &diff);
	delta_row_aux(d, "13\t1000", 40, 4096, cells, 1, &diff);
	/* nothing removed in the first sample */
	assert_false(delta_take_removed(d, "12\t", &pos, &key, &v, &old, &n));
	delta_begin(d);
	/* the same value, another size: changed, a delta of 0 */
	assert_int_equal(delta_row_aux(d, "12\t1000", 10, 8192, cells, 1, &diff), '~');
	assert_int_equal(diff, 0);
	assert_int_equal(delta_row_aux(d, "123\t1000", 30, 4096, cells, 1, &diff), ' ');
	/* 12's removed rows only, not 123's or 13's */
	pos = 0;
	assert_true(delta_take_removed(d, "12\t", &pos, &key, &v, &old, &n));
	assert_string_equal(key, "12\t2000");
	assert_int_equal(v, 20);
	assert_int_equal(n, 1);
	assert_false(delta_take_removed(d, "12\t", &pos, &key, &v, &old, &n));
	/* taken once */
	pos = 0;
	assert_false(delta_take_removed(d, "12\t", &pos, &key, &v, &old, &n));
	/* the rest: 13's row, not 12's again */
	assert_true(delta_removed(d, 0, &key, &v, &old, &n));
	assert_string_equal(key, "13\t1000");
	assert_false(delta_removed(d, 1, &key, &v, &old, &n));
	delta_free(d);
}

static void kind_is(const char *name, const char *perms, enum vma_kind k,
		    uint64_t vmflags, enum region want)
{
	struct vma v = { .kind = k, .vmflags = vmflags, .name = (char *)name };

	memcpy(v.perms, perms, 4);
	assert_string_equal(region_name(region_of(&v)), region_name(want));
}

static void test_region_of(void **state)
{
	(void)state;
	kind_is("[heap]", "rw-p", VMA_KIND_HEAP, 0, REGION_HEAP);
	kind_is("/lib/libc.so.6", "r-xp", VMA_KIND_FILE, 0, REGION_FILE_TEXT);
	kind_is("/lib/libc.so.6", "r--p", VMA_KIND_FILE, 0, REGION_FILE_DATA);
	kind_is("/lib/libc.so.6", "---p", VMA_KIND_FILE, 0, REGION_GUARD);
	kind_is(NULL, "---p", VMA_KIND_RESERVED, 0, REGION_GUARD);
	kind_is("/memfd:x (deleted)", "rw-s", VMA_KIND_SHMEM, 0, REGION_SHMEM);
	kind_is("[vvar]", "r--p", VMA_KIND_VVAR, 0, REGION_VDSO);
	kind_is("/anon_hugepage (deleted)", "rw-s", VMA_KIND_SHMEM,
		1ULL << VMFLAG_HT, REGION_HUGETLB);
	kind_is(NULL, "rw-p", VMA_KIND_ANON, 0, REGION_ANON);
	kind_is("[uprobes]", "r-xp", VMA_KIND_SPECIAL, 0, REGION_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pfnset),
		cmocka_unit_test(test_who_frame),
		cmocka_unit_test(test_delta),
		cmocka_unit_test(test_delta_prefix),
		cmocka_unit_test(test_region_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
