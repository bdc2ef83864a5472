/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_flagtab.c: every flag table's invariants, decode and filters */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel-page-flags.h>

#include "vmaview/flagtab.h"
#include "vmaview/jsonw.h"
#include "vmaview/lists.h"

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

/* --- the tables against the kernel ---------------------------------------- */

#define BIT(n) (1ULL << (n))
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct flag_entry *by_name(const struct flag_table *t,
					const char *name)
{
	int i = flagtab_lookup(t, name, strlen(name), true);

	assert_true(i >= 0);
	return &t->entries[i];
}

/* More invariants of every table: aliases, internal, the value field. */
static void test_table_invariants_more(void **state)
{
	(void)state;
	for (size_t t = 0; flagtab_all[t]; t++) {
		const struct flag_table *tab = flagtab_all[t];
		uint64_t seen = 0;

		assert_ptr_equal(flagtab_find(tab->kind), tab);
		for (size_t i = 0; i < tab->n; i++) {
			const struct flag_entry *e = &tab->entries[i];

			/* every entry is one bit, outside the value field */
			assert_true(e->mask != 0);
			assert_true(e->mask == e->value);
			assert_false(e->mask & tab->field_mask);
			assert_false(seen & e->mask);
			seen |= e->mask;
			assert_true(strlen(e->name) > 0);
			assert_true(strlen(e->code) > 0);
			/* no '*' or ',' or '=' or '~' in names: filters */
			assert_null(strpbrk(e->name, "*,=~ "));
			for (size_t j = 0; j < tab->n; j++) {
				const struct flag_entry *f = &tab->entries[j];

				if (e->alias) {
					assert_string_not_equal(e->alias,
								f->name);
					if (j != i && f->alias)
						assert_string_not_equal(
							e->alias, f->alias);
				}
			}
			if (e->alias)
				assert_int_equal(
					flagtab_lookup(tab, e->alias,
						       strlen(e->alias), true),
					(int)i);
			/* only kpageflags has internal bits, all 32 and up */
			if (e->internal) {
				assert_ptr_equal(tab, &flagtab_kpageflags);
				assert_true(e->mask >= BIT(32));
			}
		}
		assert_true(flagtab_internal_mask(tab) == 0 ||
			    tab == &flagtab_kpageflags);
	}
	/* three kinds, listed in FLAGTAB_KINDS in order */
	{
		char buf[128] = "";

		for (size_t t = 0; flagtab_all[t]; t++) {
			if (t)
				strcat(buf, ", ");
			strcat(buf, flagtab_all[t]->kind);
		}
		assert_string_equal(buf, FLAGTAB_KINDS);
	}
	assert_ptr_equal(flagtab_find("KPageFlags"), &flagtab_kpageflags);
	assert_ptr_equal(flagtab_find("pagemap"), &flagtab_pagemap);
}

/*
 * The stable bits, checked against the system's uapi header
 * <linux/kernel-page-flags.h> (Debian 12: linux-libc-dev 6.1).
 */
static void test_kpageflags_uapi(void **state)
{
	static const struct {
		int bit;
		const char *name;
	} kpf[] = {
		{KPF_LOCKED, "locked"},
		{KPF_ERROR, "error"},
		{KPF_REFERENCED, "referenced"},
		{KPF_UPTODATE, "uptodate"},
		{KPF_DIRTY, "dirty"},
		{KPF_LRU, "lru"},
		{KPF_ACTIVE, "active"},
		{KPF_SLAB, "slab"},
		{KPF_WRITEBACK, "writeback"},
		{KPF_RECLAIM, "reclaim"},
		{KPF_BUDDY, "buddy"},
		{KPF_MMAP, "mmap"},
		{KPF_ANON, "anon"},
		{KPF_SWAPCACHE, "swapcache"},
		{KPF_SWAPBACKED, "swapbacked"},
		{KPF_COMPOUND_HEAD, "compound_head"},
		{KPF_COMPOUND_TAIL, "compound_tail"},
		{KPF_HUGE, "huge"},
		{KPF_UNEVICTABLE, "unevictable"},
		{KPF_HWPOISON, "hwpoison"},
		{KPF_NOPAGE, "nopage"},
		{KPF_KSM, "ksm"},
		{KPF_THP, "thp"},
#ifdef KPF_OFFLINE
		{KPF_OFFLINE, "offline"},
#endif
#ifdef KPF_ZERO_PAGE
		{KPF_ZERO_PAGE, "zero_page"},
#endif
#ifdef KPF_IDLE
		{KPF_IDLE, "idle"},
#endif
#ifdef KPF_PGTABLE
		{KPF_PGTABLE, "pgtable"},
#endif
	};
	size_t stable = 0;
	(void)state;

	for (size_t i = 0; i < ARRAY_LEN(kpf); i++) {
		const struct flag_entry *e =
			by_name(&flagtab_kpageflags, kpf[i].name);

		assert_true(e->mask == BIT(kpf[i].bit));
		assert_false(e->internal);
	}
	/* 0-26 and nothing else is stable ABI (6.12) */
	for (size_t i = 0; i < flagtab_kpageflags.n; i++)
		if (!flagtab_kpageflags.entries[i].internal) {
			assert_true(flagtab_kpageflags.entries[i].mask <=
				    BIT(26));
			stable++;
		}
	assert_int_equal(stable, 27);
	assert_int_equal(KPFB_ANON, KPF_ANON);
	assert_int_equal(KPFB_THP, KPF_THP);
}

/*
 * The internal bits: include/linux/kernel-page-flags.h of Linux 6.12 (not
 * installed, so transcribed), plus KPF_UNCACHED 39 of earlier kernels.
 */
static void test_kpageflags_internal(void **state)
{
	static const struct {
		int bit;
		const char *name;
	} kpf[] = {
		{32, "reserved"}, /* KPF_RESERVED */
		{33, "mlocked"}, /* KPF_MLOCKED */
		{34, "owner_2"}, /* KPF_OWNER_2 */
		{35, "private"}, /* KPF_PRIVATE */
		{36, "private_2"}, /* KPF_PRIVATE_2 */
		{37, "owner_private"}, /* KPF_OWNER_PRIVATE */
		{38, "arch"}, /* KPF_ARCH */
		{39, "uncached"}, /* KPF_UNCACHED (until 6.11) */
		{40, "softdirty"}, /* KPF_SOFTDIRTY */
		{41, "arch_2"}, /* KPF_ARCH_2 */
		{42, "arch_3"}, /* KPF_ARCH_3 */
	};
	(void)state;

	for (size_t i = 0; i < ARRAY_LEN(kpf); i++) {
		const struct flag_entry *e =
			by_name(&flagtab_kpageflags, kpf[i].name);

		assert_true(e->mask == BIT(kpf[i].bit));
		assert_true(e->internal);
	}
	assert_true(flagtab_internal_mask(&flagtab_kpageflags) ==
		    (BIT(43) - BIT(32)));
	assert_int_equal(flagtab_kpageflags.n, 27 + ARRAY_LEN(kpf));
}

/*
 * Letters and names against page-types' page_flag_names[] (tools/mm/
 * page-types.c, Linux 6.12), transcribed; its pseudo-bits 47+ left out.
 */
static void test_kpageflags_page_types(void **state)
{
	static const char *const pt[] = {
		[0] = "L:locked",	  [1] = "E:error",
		[2] = "R:referenced",	  [3] = "U:uptodate",
		[4] = "D:dirty",	  [5] = "l:lru",
		[6] = "A:active",	  [7] = "S:slab",
		[8] = "W:writeback",	  [9] = "I:reclaim",
		[10] = "B:buddy",	  [11] = "M:mmap",
		[12] = "a:anonymous",	  [13] = "s:swapcache",
		[14] = "b:swapbacked",	  [15] = "H:compound_head",
		[16] = "T:compound_tail", [17] = "G:huge",
		[18] = "u:unevictable",	  [19] = "X:hwpoison",
		[20] = "n:nopage",	  [21] = "x:ksm",
		[22] = "t:thp",		  [23] = "o:offline",
		[26] = "g:pgtable",	  [24] = "z:zero_page",
		[25] = "i:idle_page",	  [32] = "r:reserved",
		[33] = "m:mlocked",	  [34] = "d:owner_2",
		[35] = "P:private",	  [36] = "p:private_2",
		[37] = "O:owner_private", [38] = "h:arch",
		[39] = "c:uncached",	  [40] = "f:softdirty",
		[41] = "H:arch_2",
	};
	(void)state;

	for (size_t b = 0; b < ARRAY_LEN(pt); b++) {
		const struct flag_entry *e = NULL;
		char code[2] = {0};

		if (!pt[b])
			continue;
		for (size_t i = 0; i < flagtab_kpageflags.n; i++)
			if (flagtab_kpageflags.entries[i].mask == BIT(b))
				e = &flagtab_kpageflags.entries[i];
		assert_non_null(e);
		/* page-types' name is the name or the alias */
		assert_true(!strcmp(e->name, pt[b] + 2) ||
			    (e->alias && !strcmp(e->alias, pt[b] + 2)));
		/* its letter, except arch_2's H, which compound_head has */
		code[0] = pt[b][0];
		if (b == 41)
			assert_string_not_equal(e->code, "H");
		else
			assert_string_equal(e->code, code);
	}
	/* the two spellings that differ from page-types' */
	assert_string_equal(by_name(&flagtab_kpageflags, "anonymous")->name,
			    "anon");
	assert_string_equal(by_name(&flagtab_kpageflags, "idle_page")->name,
			    "idle");
}

/*
 * pagemap, transcribed from fs/proc/task_mmu.c (Linux 6.12): PM_PFRAME_BITS
 * 55, PM_SOFT_DIRTY 55, PM_MMAP_EXCLUSIVE 56, PM_UFFD_WP 57, PM_FILE 61,
 * PM_SWAP 62, PM_PRESENT 63; PM_GUARD_REGION 58 (6.15).
 */
static void test_pagemap_bits(void **state)
{
	static const struct {
		int bit;
		const char *name;
	} pm[] = {
		{55, "soft_dirty"}, {56, "exclusive"}, {57, "uffd_wp"},
		{58, "guard"},	    {61, "file"},      {62, "swap"},
		{63, "present"},
	};
	(void)state;

	for (size_t i = 0; i < ARRAY_LEN(pm); i++)
		assert_true(by_name(&flagtab_pagemap, pm[i].name)->mask ==
			    BIT(pm[i].bit));
	assert_int_equal(flagtab_pagemap.n, ARRAY_LEN(pm));
	assert_true(flagtab_pagemap.field_mask == BIT(55) - 1);
	assert_int_equal(PMB_PRESENT, 63);
	assert_int_equal(PMB_GUARD, 58);
}

/* --- decode and format ---------------------------------------------------- */

static char *fmt(const struct flag_table *t, uint64_t w, bool internal,
		 enum flag_fmt f)
{
	static char buf[FLAGTAB_FMT_MAX];
	size_t len = flagtab_format(t, w, internal, f, buf, sizeof(buf));

	assert_int_equal(len, strlen(buf));
	return buf;
}

/* The value field is neither names nor leftover; bits 59-60 are. */
static void test_pagemap_value_field(void **state)
{
	/* root reading memhog: present, exclusive, PFN 0x131be2 */
	const uint64_t present = 0x8100000000131be2ULL;
	/* a guard page: bits 58 and 62, swap field 0x9f */
	const uint64_t guard = 0x440000000000009fULL;
	int n = 0;
	(void)state;

	assert_true(flagtab_decode(&flagtab_pagemap, present, count, &n) == 0);
	assert_int_equal(n, 2);
	assert_string_equal(
		fmt(&flagtab_pagemap, present, false, FLAG_FMT_NAMES),
		"exclusive,present");
	assert_string_equal(fmt(&flagtab_pagemap, present, false, FLAG_FMT_RAW),
			    "0x8100000000131be2");
	assert_string_equal(
		fmt(&flagtab_pagemap, present, false, FLAG_FMT_BOTH),
		"0x8100000000131be2(exclusive,present)");
	assert_string_equal(fmt(&flagtab_pagemap, guard, false, FLAG_FMT_NAMES),
			    "guard,swap");
	/* a whole value field alone: no flag, no leftover */
	assert_true(flagtab_decode(&flagtab_pagemap, BIT(55) - 1, NULL, NULL) ==
		    0);
	assert_string_equal(
		fmt(&flagtab_pagemap, BIT(55) - 1, false, FLAG_FMT_NAMES), "");
	/* bits 59 and 60 are unknown and kept */
	assert_true(flagtab_decode(&flagtab_pagemap,
				   present | BIT(59) | BIT(60), NULL,
				   NULL) == (BIT(59) | BIT(60)));
	assert_string_equal(
		fmt(&flagtab_pagemap, present | BIT(60), false, FLAG_FMT_NAMES),
		"exclusive,present,0x1000000000000000");
	/* all ones: every flag, leftover 59-60 only */
	n = 0;
	assert_true(flagtab_decode(&flagtab_pagemap, ~0ULL, count, &n) ==
		    (BIT(59) | BIT(60)));
	assert_int_equal(n, 7);
}

/* Internal bits: masked out entirely unless shown; unknown bits kept. */
static void test_internal_masking(void **state)
{
	const uint64_t w = BIT(KPF_UPTODATE) | BIT(KPF_LRU) | BIT(KPF_MMAP) |
			   BIT(KPF_ANON) | BIT(33) /* mlocked */ |
			   BIT(50) /* unknown */;
	const struct flag_table *t = &flagtab_kpageflags;
	(void)state;

	assert_true(flagtab_shown(t, w, false) == (w & ~BIT(33)));
	assert_true(flagtab_shown(t, w, true) == w);
	assert_true(flagtab_decode_shown(t, w, false, NULL, NULL) == BIT(50));
	assert_true(flagtab_decode_shown(t, w, true, NULL, NULL) == BIT(50));
	assert_string_equal(fmt(t, w, false, FLAG_FMT_NAMES),
			    "uptodate,lru,mmap,anon,0x4000000000000");
	assert_string_equal(fmt(t, w, true, FLAG_FMT_NAMES),
			    "uptodate,lru,mmap,anon,mlocked*,0x4000000000000");
	assert_string_equal(fmt(t, w & ~BIT(50), true, FLAG_FMT_NAMES),
			    "uptodate,lru,mmap,anon,mlocked*");
	assert_string_equal(fmt(t, w, false, FLAG_FMT_RAW), "0x4000000001828");
	assert_string_equal(fmt(t, w, true, FLAG_FMT_RAW), "0x4000200001828");
	assert_string_equal(fmt(t, w, true, FLAG_FMT_BOTH),
			    "0x4000200001828(uptodate,lru,mmap,anon,mlocked*,"
			    "0x4000000000000)");
	/* only internal bits: nothing at all without show_internal */
	assert_string_equal(fmt(t, BIT(32) | BIT(42), false, FLAG_FMT_NAMES),
			    "");
	assert_string_equal(fmt(t, BIT(32) | BIT(42), false, FLAG_FMT_RAW),
			    "0x0");
	/* 43-63 are unknown whatever is shown */
	assert_true(flagtab_decode_shown(t, ~0ULL, false, NULL, NULL) ==
		    ~(BIT(43) - 1) + (BIT(32) - BIT(27)));
}

static void test_format_edges(void **state)
{
	char buf[8];
	const struct flag_table *t = &flagtab_kpageflags;
	(void)state;

	/* the empty set, as an empty VmFlags cell */
	assert_string_equal(fmt(t, 0, false, FLAG_FMT_NAMES), "");
	assert_string_equal(fmt(t, 0, false, FLAG_FMT_RAW), "0x0");
	assert_string_equal(fmt(t, 0, false, FLAG_FMT_BOTH), "0x0");
	assert_string_equal(fmt(t, BIT(60), false, FLAG_FMT_BOTH),
			    "0x1000000000000000(0x1000000000000000)");
	/* truncation: snprintf's contract */
	assert_int_equal(flagtab_format(t, BIT(KPF_ANON) | BIT(KPF_LRU), false,
					FLAG_FMT_NAMES, buf, sizeof(buf)),
			 strlen("lru,anon"));
	assert_string_equal(buf, "lru,ano");
	assert_int_equal(
		flagtab_format(t, BIT(KPF_ANON), false, FLAG_FMT_BOTH, NULL, 0),
		strlen("0x1000(anon)"));
	/* FLAGTAB_FMT_MAX holds the longest text of every table */
	for (size_t i = 0; flagtab_all[i]; i++)
		assert_true(flagtab_format(flagtab_all[i], ~0ULL, true,
					   FLAG_FMT_BOTH, NULL,
					   0) < FLAGTAB_FMT_MAX);
}

static void test_flag_fmt_names(void **state)
{
	enum flag_fmt f;
	(void)state;

	assert_int_equal(flag_fmt_parse("names", &f), 0);
	assert_int_equal(f, FLAG_FMT_NAMES);
	assert_int_equal(flag_fmt_parse("raw", &f), 0);
	assert_int_equal(f, FLAG_FMT_RAW);
	assert_int_equal(flag_fmt_parse("BOTH", &f), 0);
	assert_int_equal(f, FLAG_FMT_BOTH);
	assert_int_equal(flag_fmt_parse("hex", &f), -EINVAL);
	assert_int_equal(flag_fmt_parse("", &f), -EINVAL);
	assert_string_equal(flag_fmt_name(FLAG_FMT_NAMES), "names");
	assert_string_equal(flag_fmt_name(FLAG_FMT_RAW), "raw");
	assert_string_equal(flag_fmt_name(FLAG_FMT_BOTH), "both");
}

static char *json_of(const struct flag_table *t, uint64_t w, bool internal)
{
	static char *out;
	size_t len;
	FILE *f;
	struct jsonw *jw;

	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	jw = jw_new(f, false);
	flagtab_json(jw, t, w, internal);
	assert_int_equal(jw_destroy(jw), 0);
	fclose(f);
	return out;
}

static void test_json(void **state)
{
	const uint64_t w = BIT(KPF_UPTODATE) | BIT(KPF_LRU) | BIT(KPF_MMAP) |
			   BIT(KPF_ANON) | BIT(33) | BIT(50);
	(void)state;

	assert_string_equal(
		json_of(&flagtab_kpageflags, w, false),
		"{\"raw\":\"0x4000000001828\",\"names\":[\"uptodate\","
		"\"lru\",\"mmap\",\"anon\"],\"unknown\":"
		"\"0x4000000000000\"}\n");
	assert_string_equal(
		json_of(&flagtab_kpageflags, w, true),
		"{\"raw\":\"0x4000200001828\",\"names\":[\"uptodate\","
		"\"lru\",\"mmap\",\"anon\"],\"internal\":[\"mlocked\"],"
		"\"unknown\":\"0x4000000000000\"}\n");
	assert_string_equal(json_of(&flagtab_kpageflags, 0, true),
			    "{\"raw\":\"0x0\",\"names\":[],\"internal\":[],"
			    "\"unknown\":\"0x0\"}\n");
	/* pagemap: raw is the whole entry, the PFN is no flag */
	assert_string_equal(
		json_of(&flagtab_pagemap, 0x8100000000131be2ULL, false),
		"{\"raw\":\"0x8100000000131be2\",\"names\":"
		"[\"exclusive\",\"present\"],\"unknown\":\"0x0\"}\n");
	free(json_of(&flagtab_pagemap, 0, false));
}

/* --- filters -------------------------------------------------------------- */

static struct flag_filter filter(const struct flag_table *t, const char *e)
{
	struct flag_filter f;
	struct flag_error err = {0};

	if (flagtab_parse_filter(t, e, &f, &err) < 0)
		fail_msg("'%s': %s at '%.*s'", e, err.why, (int)err.len,
			 err.at);
	return f;
}

/* Parses e, which must fail at the word bad (exactly), for a reason. */
static void filter_fails(const struct flag_table *t, const char *e,
			 const char *bad)
{
	struct flag_filter f;
	struct flag_error err = {0};

	assert_int_equal(flagtab_parse_filter(t, e, &f, &err), -EINVAL);
	assert_non_null(err.why);
	assert_true(err.at >= e && err.at + err.len <= e + strlen(e));
	if (strlen(bad) != err.len || memcmp(err.at, bad, err.len))
		fail_msg("'%s': error at '%.*s', expected at '%s' (%s)", e,
			 (int)err.len, err.at, bad, err.why);
}

#define KB(x) BIT(KPF_##x)

/* page-types' parse_bits_mask() and bit_mask_ok(), case by case. */
static void test_filter_page_types(void **state)
{
	const struct flag_table *t = &flagtab_kpageflags;
	struct flag_filter f;
	(void)state;

	/* bit1,bit2: (flags & (bit1|bit2)) != 0 */
	f = filter(t, "anon,lru");
	assert_true(f.any);
	assert_true(f.mask == (KB(ANON) | KB(LRU)));
	assert_true(flag_filter_match(&f, KB(ANON)));
	assert_true(flag_filter_match(&f, KB(LRU) | KB(DIRTY)));
	assert_false(flag_filter_match(&f, KB(DIRTY)));
	assert_false(flag_filter_match(&f, 0));
	/* bit1,~bit2: (flags & (bit1|bit2)) == bit1 */
	f = filter(t, "anon,~lru");
	assert_false(f.any);
	assert_true(f.mask == (KB(ANON) | KB(LRU)));
	assert_true(f.value == KB(ANON));
	assert_true(flag_filter_match(&f, KB(ANON) | KB(DIRTY)));
	assert_false(flag_filter_match(&f, KB(ANON) | KB(LRU)));
	assert_false(flag_filter_match(&f, KB(LRU)));
	/* bit1,bit2=bit1: the same */
	f = filter(t, "anon,lru=anon");
	assert_false(f.any);
	assert_true(f.mask == (KB(ANON) | KB(LRU)));
	assert_true(f.value == KB(ANON));
	/* ~bit alone: clear */
	f = filter(t, "~lru");
	assert_false(f.any);
	assert_true(f.mask == KB(LRU) && f.value == 0);
	assert_true(flag_filter_match(&f, KB(ANON)));
	assert_false(flag_filter_match(&f, KB(LRU)));
	/* =bit1,bit2: flags == (bit1|bit2) */
	f = filter(t, "=anon,lru");
	assert_true(f.mask == ~0ULL);
	assert_true(f.value == (KB(ANON) | KB(LRU)));
	assert_true(flag_filter_match(&f, KB(ANON) | KB(LRU)));
	assert_false(flag_filter_match(&f, KB(ANON) | KB(LRU) | BIT(33)));
	assert_false(flag_filter_match(&f, KB(ANON)));
	/* '~' right of '=' is "clear", as page-types' no-op */
	f = filter(t, "=anon,~lru");
	assert_true(f.value == KB(ANON));
	f = filter(t, "anon,lru=anon,~lru");
	assert_true(f.mask == (KB(ANON) | KB(LRU)) && f.value == KB(ANON));
	/* an empty right side: none set; "=" alone: no flag at all */
	f = filter(t, "lru,active=");
	assert_true(f.mask == (KB(LRU) | KB(ACTIVE)) && f.value == 0);
	f = filter(t, "=");
	assert_true(f.mask == ~0ULL && f.value == 0);
	assert_true(flag_filter_match(&f, 0));
	assert_false(flag_filter_match(&f, KB(LOCKED)));
	/* pagemap's "=" leaves the value field alone */
	f = filter(&flagtab_pagemap, "=present");
	assert_true(f.mask == ~(BIT(55) - 1));
	assert_true(flag_filter_match(&f, 0x8000000000131be2ULL));
	assert_false(flag_filter_match(&f, 0x8100000000131be2ULL));
}

/* Words: prefixes in bit order, groups, aliases, '*', numbers. */
static void test_filter_words(void **state)
{
	const struct flag_table *t = &flagtab_kpageflags;
	static const struct {
		const char *word;
		uint64_t bits;
	} w[] = {
		/* page-types: the first name in bit order the word begins */
		{"a", KB(ACTIVE)},
		{"an", KB(ANON)},
		{"anon", KB(ANON)},
		{"anonymous", KB(ANON)},
		{"anonym", KB(ANON)},
		{"l", KB(LOCKED)},
		{"lr", KB(LRU)},
		{"s", KB(SLAB)},
		{"swap", KB(SWAPCACHE)},
		{"swapb", KB(SWAPBACKED)},
		{"h", KB(HUGE)},
		{"o", KB(OFFLINE)},
		{"p", KB(PGTABLE)},
		{"i", KB(IDLE)},
		{"idle", KB(IDLE)},
		{"idle_page", KB(IDLE)},
		{"zero", KB(ZERO_PAGE)},
		{"res", BIT(32)},
		{"mlocked", BIT(33)},
		{"mlocked*", BIT(33)},
		{"private", BIT(35)},
		{"private_2", BIT(36)},
		{"owner", BIT(34)},
		{"arch", BIT(38)},
		{"arch_3*", BIT(42)},
		/* "compound" and its prefixes: head and tail */
		{"c", KB(COMPOUND_HEAD) | KB(COMPOUND_TAIL)},
		{"comp", KB(COMPOUND_HEAD) | KB(COMPOUND_TAIL)},
		{"compound", KB(COMPOUND_HEAD) | KB(COMPOUND_TAIL)},
		{"compound_h", KB(COMPOUND_HEAD)},
		{"compound_tail", KB(COMPOUND_TAIL)},
		/* numbers are masks, in C syntax */
		{"0x1000", KB(ANON)},
		{"4096", KB(ANON)},
		{"010", KB(UPTODATE)},
		{"0", 0},
		{"0x8000000000000000", BIT(63)},
	};
	(void)state;

	for (size_t i = 0; i < ARRAY_LEN(w); i++) {
		struct flag_filter f = filter(t, w[i].word);

		if (f.mask != w[i].bits)
			fail_msg("'%s': mask 0x%llx, expected 0x%llx",
				 w[i].word, (unsigned long long)f.mask,
				 (unsigned long long)w[i].bits);
		assert_true(f.any);
	}
	/* numbers mix with names and '~' */
	{
		struct flag_filter f = filter(t, "0x1000,~0x20");

		assert_true(f.mask == (KB(ANON) | KB(LRU)));
		assert_true(f.value == KB(ANON));
	}
	/* VmFlags: codes too, case-insensitive, first-prefix */
	{
		struct flag_filter f = filter(&flagtab_vmflags, "lo,~EX");

		assert_true(f.mask == (BIT(VMFLAG_LO) | BIT(VMFLAG_EX)));
		assert_true(f.value == BIT(VMFLAG_LO));
		f = filter(&flagtab_vmflags, "LOCKED");
		assert_true(f.mask == BIT(VMFLAG_LO));
		/* the code wins over a name it begins: me is mayexec */
		f = filter(&flagtab_vmflags, "me");
		assert_true(f.mask == BIT(VMFLAG_ME));
	}
}

/* For page-types' "first prefix wins" an exact name must be the first. */
static void test_filter_exact_is_first_prefix(void **state)
{
	const struct flag_table *t = &flagtab_kpageflags;
	(void)state;

	for (size_t i = 0; i < t->n; i++) {
		const char *nm[2] = {t->entries[i].name, t->entries[i].alias};

		for (size_t k = 0; k < 2 && nm[k]; k++) {
			for (size_t j = 0; j < i; j++) {
				const struct flag_entry *e = &t->entries[j];

				assert_false(!strncmp(e->name, nm[k],
						      strlen(nm[k])));
				if (e->alias)
					assert_false(!strncmp(e->alias, nm[k],
							      strlen(nm[k])));
			}
			assert_false(
				!strncmp("compound", nm[k], strlen(nm[k])));
		}
	}
}

static void test_filter_errors(void **state)
{
	const struct flag_table *t = &flagtab_kpageflags;
	(void)state;

	filter_fails(t, "", "");
	filter_fails(t, "anon,bogus", "bogus");
	filter_fails(t, "~bogus,lru", "bogus");
	filter_fails(t, "anon,", "");
	filter_fails(t, "anon,,lru", "");
	filter_fails(t, "~", "");
	filter_fails(t, "anon,~lru=anon", "~lru");
	filter_fails(t, "anon=lru", "lru");
	filter_fails(t, "anon,lru=anon,~dirty", "~dirty");
	filter_fails(t, "anon=lru=anon", "=");
	filter_fails(t, "anon,~anon", "~anon");
	filter_fails(t, "~lru,lru", "lru");
	filter_fails(t, "anon*", "anon*");
	filter_fails(t, "*", "*");
	filter_fails(t, "0xzz", "0xzz");
	filter_fails(t, "12abc", "12abc");
	filter_fails(t, "0x10000000000000000", "0x10000000000000000");
	filter_fails(t, "anon,-1", "-1");
	/* letters are not names; and case matters, as in page-types */
	filter_fails(t, "H", "H");
	filter_fails(t, "x", "x");
	filter_fails(t, "ANON", "ANON");
	filter_fails(t, "compound_headx", "compound_headx");
	/* pagemap: numbers must not touch the value field */
	filter_fails(&flagtab_pagemap, "0x1", "0x1");
	filter_fails(&flagtab_pagemap, "present,0x8000000000000001",
		     "0x8000000000000001");
}

/* decode -> format -> parse, for every entry of every table. */
static void test_round_trips(void **state)
{
	(void)state;
	for (size_t ti = 0; flagtab_all[ti]; ti++) {
		const struct flag_table *t = flagtab_all[ti];

		for (size_t i = 0; i < t->n; i++) {
			const struct flag_entry *e = &t->entries[i];
			char text[FLAGTAB_FMT_MAX + 1] = "=";
			struct flag_filter f;
			int n = 0;

			/* decode finds exactly this entry, no leftover */
			assert_true(flagtab_decode(t, e->value, count, &n) ==
				    0);
			assert_int_equal(n, 1);
			/* its name, '*' if internal */
			strcpy(text + 1,
			       fmt(t, e->value, true, FLAG_FMT_NAMES));
			assert_int_equal(
				strncmp(text + 1, e->name, strlen(e->name)), 0);
			assert_string_equal(text + 1 + strlen(e->name),
					    e->internal ? "*" : "");
			/* parsed back, plain: that bit */
			f = filter(t, text + 1);
			assert_true(f.any && f.mask == e->mask);
			/* "=" + text: exactly that word */
			f = filter(t, text);
			assert_true(f.value == e->value);
			assert_true(flag_filter_match(&f, e->value));
			assert_false(flag_filter_match(&f, 0));
			for (size_t j = 0; j < t->n; j++)
				if (j != i)
					assert_false(flag_filter_match(
						&f,
						e->value |
							t->entries[j].value));
		}
	}
}

/* Whole words: "=" + NAMES text selects that shown word, leftover too. */
static void test_round_trip_words(void **state)
{
	static const struct {
		const struct flag_table *t;
		uint64_t w;
	} c[] = {
		{&flagtab_kpageflags, 0x4000200001828ULL},
		{&flagtab_kpageflags, 0x7ffffffULL},
		{&flagtab_kpageflags, ~0ULL},
		{&flagtab_kpageflags, 0},
		{&flagtab_pagemap, 0x8100000000131be2ULL},
		{&flagtab_pagemap, 0x440000000000009fULL},
		{&flagtab_pagemap, ~0ULL},
		{&flagtab_vmflags, 0x12345ULL},
	};
	(void)state;

	for (size_t i = 0; i < ARRAY_LEN(c); i++) {
		for (int internal = 0; internal < 2; internal++) {
			const struct flag_table *t = c[i].t;
			uint64_t shown = flagtab_shown(t, c[i].w, internal);
			char text[FLAGTAB_FMT_MAX + 1] = "=";
			struct flag_filter f;

			strcpy(text + 1,
			       fmt(t, c[i].w, internal, FLAG_FMT_NAMES));
			f = filter(t, text);
			assert_true(f.value == (shown & ~t->field_mask));
			assert_true(flag_filter_match(&f, shown));
		}
	}
}

static void test_list_flags(void **state)
{
	char *buf = NULL;
	size_t len = 0, lines = 0;
	FILE *f;
	(void)state;

	for (size_t ti = 0; flagtab_all[ti]; ti++) {
		const struct flag_table *t = flagtab_all[ti];

		f = open_memstream(&buf, &len);
		assert_int_equal(list_flags(f, t->kind), 0);
		fclose(f);
		lines = 0;
		for (char *p = buf; (p = strchr(p, '\n')); p++)
			lines++;
		assert_int_equal(lines, t->n);
		/* code name bit internal description, first row */
		{
			char code[8], name[32], bit[32], mark[4];

			assert_int_equal(sscanf(buf, "%7s %31s %31s %3s", code,
						name, bit, mark),
					 4);
			assert_string_equal(code, t->entries[0].code);
			assert_string_equal(name, t->entries[0].name);
			assert_string_equal(mark, "-");
		}
		free(buf);
		buf = NULL;
	}
	f = open_memstream(&buf, &len);
	assert_int_equal(list_flags(f, "kpageflags"), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\nm    mlocked        33    * "));
	assert_non_null(strstr(buf, "\na    anon           12    - "));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(list_flags(f, "pagemap"), 0);
	fclose(f);
	assert_non_null(strstr(buf, "\np    present        63    - "));
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(list_flags(f, "vmflags"), 0);
	fclose(f);
	assert_int_equal(
		strncmp(buf, "rd   read           -     - readable\n",
			strlen("rd   read           -     - readable\n")),
		0);
	free(buf);
	buf = NULL;
	f = open_memstream(&buf, &len);
	assert_int_equal(list_flags(f, "nosuch"), -EINVAL);
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_invariants),
		cmocka_unit_test(test_vmflags_kernel_codes),
		cmocka_unit_test(test_decode_leftover),
		cmocka_unit_test(test_parse_expr),
		cmocka_unit_test(test_table_invariants_more),
		cmocka_unit_test(test_kpageflags_uapi),
		cmocka_unit_test(test_kpageflags_internal),
		cmocka_unit_test(test_kpageflags_page_types),
		cmocka_unit_test(test_pagemap_bits),
		cmocka_unit_test(test_pagemap_value_field),
		cmocka_unit_test(test_internal_masking),
		cmocka_unit_test(test_format_edges),
		cmocka_unit_test(test_flag_fmt_names),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_filter_page_types),
		cmocka_unit_test(test_filter_words),
		cmocka_unit_test(test_filter_exact_is_first_prefix),
		cmocka_unit_test(test_filter_errors),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_round_trip_words),
		cmocka_unit_test(test_list_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
