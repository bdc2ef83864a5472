/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - fuzz_flagexpr.c: fuzz target: flag expressions (--vmflags, --flags) of every flag table */
#include "fuzz.h"

#include <errno.h>
#include <string.h>

#include "vmaview/flagtab.h"

static uint64_t u64_of(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * flagtab.h promises that "=" and a NAMES text select exactly the shown
 * word: format the word, parse it back, and match.
 */
static void round_trip(const struct flag_table *t, uint64_t word, bool internal,
		       uint64_t flip)
{
	char text[FLAGTAB_FMT_MAX + 1];
	struct flag_filter f;
	struct flag_error e;
	uint64_t shown = flagtab_shown(t, word, internal);
	size_t n;

	text[0] = '=';
	n = flagtab_format(t, word, internal, FLAG_FMT_NAMES, text + 1,
			   sizeof(text) - 1);
	FUZZ_CHECK(n < FLAGTAB_FMT_MAX);
	FUZZ_CHECK(flagtab_parse_filter(t, text, &f, &e) == 0);
	FUZZ_CHECK(!f.any && flag_filter_match(&f, shown));
	/* one flag bit more or less (not in the value field): no match */
	flip &= ~t->field_mask;
	if (flip)
		FUZZ_CHECK(!flag_filter_match(&f, shown ^ (flip & -flip)));
	for (int fmt = FLAG_FMT_NAMES; fmt <= FLAG_FMT_BOTH; fmt++)
		FUZZ_CHECK(flagtab_format(t, word, internal, fmt, NULL, 0) <
			   FLAGTAB_FMT_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct flag_table *t;
	struct flag_filter f;
	struct flag_error e;
	uint64_t mask, value;
	const char *bad;
	size_t badlen;
	char *expr;

	if (size < 1)
		return 0;
	/* byte 0 picks the table, the rest is the expression */
	t = flagtab_all[data[0] % 3];
	expr = malloc(size);
	memcpy(expr, data + 1, size - 1);
	expr[size - 1] = '\0';
	if (flagtab_parse_expr(t, expr, &mask, &value, &bad, &badlen) == 0) {
		FUZZ_CHECK(!(value & ~mask));
	} else {
		/* the bad word lies inside the expression */
		FUZZ_CHECK(bad >= expr && bad + badlen <= expr + strlen(expr));
	}
	if (flagtab_parse_filter(t, expr, &f, &e) == 0) {
		FUZZ_CHECK(f.any || !(f.value & ~f.mask));
		FUZZ_CHECK(!(f.mask & t->field_mask));
	} else {
		FUZZ_CHECK(e.why && *e.why);
		FUZZ_CHECK(e.at >= expr && e.at + e.len <= expr + strlen(expr));
	}
	free(expr);
	/* the same bytes as words: decode, format, parse back */
	if (size >= 17) {
		round_trip(t, u64_of(data + 1), data[0] & 8, u64_of(data + 9));
		round_trip(t, u64_of(data + 1), !(data[0] & 8), u64_of(data + 9));
	}
	return 0;
}
