/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_flagtab.c: every flag table's invariants, decode and filters */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "vmaview/flagtab.h"

/* Names and codes unique, single-bit entries non-overlapping, round trips. */
static void test_table_invariants(void **state)
{
	(void)state;
	for (size_t t = 0; flagtab_all[t]; t++) {
		const struct flag_table *tab = flagtab_all[t];
		uint64_t seen = 0;

		assert_non_null(tab->provenance);
		assert_true(tab->n > 0);
		for (size_t i = 0; i < tab->n; i++) {
			const struct flag_entry *e = &tab->entries[i];

			assert_non_null(e->code);
			assert_non_null(e->name);
			assert_non_null(e->desc);
			for (size_t j = i + 1; j < tab->n; j++) {
				assert_string_not_equal(e->code, tab->entries[j].code);
				assert_string_not_equal(e->name, tab->entries[j].name);
			}
			if (e->mask == e->value) {
				assert_true(__builtin_popcountll(e->mask) == 1);
				assert_false(seen & e->mask);
				seen |= e->mask;
			}
			/* code -> row and name -> row round trips */
			assert_int_equal(flagtab_lookup(tab, e->code, strlen(e->code), false),
					 (int)i);
			assert_int_equal(flagtab_lookup(tab, e->name, strlen(e->name), true),
					 (int)i);
		}
	}
}

/* The kernel's mnemonics (task_mmu.c, 6.12 + gu) all present. */
static void test_vmflags_kernel_codes(void **state)
{
	static const char *const codes[] = {
		"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", "pf", "lo",
		"io", "sr", "rr", "dc", "de", "ac", "nr", "ht", "sf", "ar", "wf",
		"dd", "sd", "mm", "hg", "nh", "mg", "um", "uw", "ui", "bt", "mt",
		"ss", "sl", "lf", "dp", "gu",
	};
	(void)state;
	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		assert_true(flagtab_lookup(&flagtab_vmflags, codes[i], 2, false) >= 0);
	assert_int_equal(flagtab_lookup(&flagtab_vmflags, "zz", 2, false), -1);
	assert_ptr_equal(flagtab_find("vmflags"), &flagtab_vmflags);
	assert_ptr_equal(flagtab_find("VmFlags"), &flagtab_vmflags);
	assert_null(flagtab_find("nosuch"));
}

static void count(const struct flag_entry *e, void *arg)
{
	(void)e;
	(*(int *)arg)++;
}

static void test_decode_leftover(void **state)
{
	int n = 0;
	uint64_t all = (1ULL << flagtab_vmflags.n) - 1, left;
	(void)state;

	left = flagtab_decode(&flagtab_vmflags, ~0ULL, count, &n);
	assert_int_equal(n, (int)flagtab_vmflags.n);
	assert_true(left == ~all);
	n = 0;
	left = flagtab_decode(&flagtab_vmflags, 1ULL << VMFLAG_LO, count, &n);
	assert_int_equal(n, 1);
	assert_true(left == 0);
}

static void test_parse_expr(void **state)
{
	uint64_t mask, value;
	const char *bad;
	size_t blen;
	(void)state;

	assert_int_equal(flagtab_parse_expr(&flagtab_vmflags, "lo,~ex", &mask, &value,
					    &bad, &blen), 0);
	assert_true(mask == ((1ULL << VMFLAG_LO) | (1ULL << VMFLAG_EX)));
	assert_true(value == (1ULL << VMFLAG_LO));
	/* long names work too, and case does not matter */
	assert_int_equal(flagtab_parse_expr(&flagtab_vmflags, "LOCKED,~exec", &mask,
					    &value, &bad, &blen), 0);
	assert_true(value == (1ULL << VMFLAG_LO));
	assert_int_equal(flagtab_parse_expr(&flagtab_vmflags, "rd,zz", &mask, &value,
					    &bad, &blen), -EINVAL);
	assert_int_equal(blen, 2);
	assert_memory_equal(bad, "zz", 2);
	assert_int_equal(flagtab_parse_expr(&flagtab_vmflags, "rd,", &mask, &value,
					    &bad, &blen), -EINVAL);
	assert_int_equal(flagtab_parse_expr(&flagtab_vmflags, "~", &mask, &value,
					    &bad, &blen), -EINVAL);
	assert_int_equal(flagtab_parse_expr(&flagtab_vmflags, "", &mask, &value,
					    &bad, &blen), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_invariants),
		cmocka_unit_test(test_vmflags_kernel_codes),
		cmocka_unit_test(test_decode_leftover),
		cmocka_unit_test(test_parse_expr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
