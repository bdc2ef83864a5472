/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - flagtab.h: the one flag engine over data tables of flag entries */
#ifndef VMAVIEW_FLAGTAB_H
#define VMAVIEW_FLAGTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jsonw;

/*
 * Every flag kind is a table of entries. A one-bit flag has mask == value ==
 * 1 << n. Tables keyed by code only (VmFlags) use value = 1 << row.
 */
struct flag_entry {
	uint64_t mask, value;
	const char *code; /* short code: VmFlags mnemonic, page-types letter */
	const char *name; /* long name */
	const char *desc;
	const char *alias; /* another accepted name (page-types'), or NULL */
	bool internal; /* kernel-internal: shown only on request */
};

/* A name that stands for several bits in filters only (page-types'). */
struct flag_group {
	const char *name;
	uint64_t mask;
};

struct flag_table {
	const char *kind; /* "vmflags", "pagemap", "kpageflags" */
	const char *provenance; /* kernel files and version it mirrors */
	const struct flag_entry *entries;
	size_t n;
	/*
	 * Bits that hold a value, not flags (pagemap's PFN or swap type and
	 * offset): never decoded, never a leftover, never in a filter.
	 */
	uint64_t field_mask;
	/*
	 * Codes are page-types' one-letter signatures: case matters ('a' anon,
	 * 'A' active), in names too, and filter expressions take names, not
	 * codes (as page-types' -b does). Otherwise codes and names are
	 * case-insensitive words that filters accept both (VmFlags).
	 */
	bool letter_codes;
	/* No ABI bit positions (VmFlags): value = 1 << row, never shown. */
	bool keyed_by_code;
	const struct flag_group *groups;
	size_t ngroups;
};

enum vmflag_id {
#define VMFLAG(id, code, name, desc) VMFLAG_##id,
#include "../../src/flags/vmflags.def"
#undef VMFLAG
	VMFLAG_COUNT
};

/* Bit numbers of the pagemap flags: PMB_PRESENT = 63, ... */
enum pagemap_bit {
#define PM_FLAG(id, bit, code, name, desc) PMB_##id = bit,
#include "../../src/flags/pagemap.def"
#undef PM_FLAG
};

/* Bit numbers of the kpageflags: KPFB_ANON = 12, KPFB_MLOCKED = 33, ... */
enum kpageflags_bit {
#define KPF(id, bit, code, name, alias, desc) KPFB_##id = bit,
#define KPF_INTERNAL KPF
#include "../../src/flags/kpageflags.def"
#undef KPF_INTERNAL
#undef KPF
};

/* pagemap bits 0-54: the PFN, or swap type (bits 0-4) and offset (5-54). */
#define PAGEMAP_FIELD_MASK ((1ULL << 55) - 1)

extern const struct flag_table flagtab_vmflags;
extern const struct flag_table flagtab_pagemap;
extern const struct flag_table flagtab_kpageflags;

/* All tables, NULL-terminated, for --list-flags. */
extern const struct flag_table *const flagtab_all[];
/* Their kinds, for messages ("unknown kind 'x' (known: ...)"). */
#define FLAGTAB_KINDS "vmflags, pagemap, kpageflags"

/* The table of a kind (case-insensitive), or NULL. */
const struct flag_table *flagtab_find(const char *kind);
/*
 * Row index of the entry whose code (or name or alias, if by_name) is
 * exactly the len bytes at s, or -1. Case-insensitive unless the table has
 * letter_codes.
 */
int flagtab_lookup(const struct flag_table *t, const char *s, size_t len,
		   bool by_name);
/* The bits of t's internal entries. */
uint64_t flagtab_internal_mask(const struct flag_table *t);

/*
 * Decode a word: calls fn for every entry whose (word & mask) == value, in
 * table order, and returns the bits no entry explained (the leftover). The
 * value field (field_mask) is never decoded nor part of the leftover.
 * Internal entries are decoded like the others.
 */
uint64_t flagtab_decode(const struct flag_table *t, uint64_t word,
			void (*fn)(const struct flag_entry *e, void *arg),
			void *arg);

/*
 * The word as vmaview shows it: without show_internal, the bits of internal
 * entries are cleared (they are then neither names nor leftover). The value
 * field is kept: it is part of the raw word.
 */
uint64_t flagtab_shown(const struct flag_table *t, uint64_t word,
		       bool show_internal);
/* flagtab_decode() of flagtab_shown(t, word, show_internal). */
uint64_t flagtab_decode_shown(const struct flag_table *t, uint64_t word,
			      bool show_internal,
			      void (*fn)(const struct flag_entry *e, void *arg),
			      void *arg);

/*
 * Text of a flag set for a table cell (--flag-format). "shown" below is
 * flagtab_shown(t, word, show_internal).
 *
 *   FLAG_FMT_NAMES  the names of the set flags in table (bit) order joined
 *                   by ',', internal names suffixed with '*', then the
 *                   leftover as "0x..." if not zero:
 *                   "uptodate,lru,mmap,anon,mlocked*". The empty set is the
 *                   empty string, as an empty VmFlags cell is.
 *   FLAG_FMT_RAW    "0x" and the shown word in lower-case hex ("0x0" when
 *                   empty); for pagemap this includes the PFN/swap field.
 *   FLAG_FMT_BOTH   the RAW text, then the NAMES text in parentheses when
 *                   it is not empty: "0x80000000000a1b2c(exclusive,present)".
 *
 * Every NAMES word (internal '*' and leftover included) is accepted back by
 * flagtab_parse_filter(), so "=" followed by a NAMES text selects exactly
 * that shown word (outside the value field).
 *
 * Writes at most n bytes including the NUL (n may be 0) and returns the
 * length of the whole text, as snprintf does. FLAGTAB_FMT_MAX is enough for
 * any word of any table.
 */
enum flag_fmt { FLAG_FMT_NAMES, FLAG_FMT_RAW, FLAG_FMT_BOTH };
#define FLAGTAB_FMT_MAX 1024

size_t flagtab_format(const struct flag_table *t, uint64_t word,
		      bool show_internal, enum flag_fmt fmt, char *buf,
		      size_t n);
/* "names", "raw", "both" <-> enum flag_fmt. Parse: 0 or -EINVAL. */
int flag_fmt_parse(const char *s, enum flag_fmt *fmt);
const char *flag_fmt_name(enum flag_fmt fmt);

/*
 * Writes the JSON value of a flag set (schema 1):
 *   {"raw": "0x..", "names": [...], "internal": [...], "unknown": "0x.."}
 * "raw" is the shown word (as FLAG_FMT_RAW), "names" the non-internal names
 * in table order, "internal" the internal names (without '*'; the member is
 * there only with show_internal), "unknown" the leftover ("0x0" if none;
 * always there).
 */
void flagtab_json(struct jsonw *w, const struct flag_table *t, uint64_t word,
		  bool show_internal);

/*
 * Parses a filter expression in VmFlags style: names or codes joined by
 * ',', each optionally prefixed by '~' (must be clear); all must hold. Sets
 * *mask (bits tested) and *value (their required state): a word w matches
 * when (w & mask) == value. Returns 0, or -EINVAL with *bad at the
 * offending word and *badlen its length. (Used by --vmflags.)
 */
int flagtab_parse_expr(const struct flag_table *t, const char *expr,
		       uint64_t *mask, uint64_t *value, const char **bad,
		       size_t *badlen);

/*
 * One filter in page-types' -b grammar (tools/mm/page-types.c,
 * parse_bits_mask()). A word matches when:
 *   any:  (word & mask) != 0
 *   else: (word & mask) == value
 */
struct flag_filter {
	uint64_t mask, value;
	bool any;
};

/* Why flagtab_parse_filter() failed: the word at [at, at + len) of expr. */
struct flag_error {
	const char *at;
	size_t len;
	const char *why; /* static text, e.g. "unknown flag name" */
};

/*
 * Parses a filter in page-types' -b grammar, with t's names:
 *
 *   a,b       any of a, b set              (any: mask = a|b)
 *   a,~b      a set and b clear            (mask = a|b, value = a)
 *   a,b=a     the same                     (mask = a|b, value = a)
 *   =a,b      exactly a and b set, every other flag bit clear
 *             (mask = all bits but the value field, value = a|b)
 *   a,b=      a and b clear; "=" alone: no flag set at all
 *
 * A word is a flag name, or any prefix of one: the first name in table
 * (bit) order that it begins wins, so "a" is "active" and "an" "anon", as in
 * page-types. A group name (kpageflags' "compound" = compound_head |
 * compound_tail) and any prefix of it is tried first. Exact names, aliases
 * (page-types' "anonymous", "idle_page"), and for tables without
 * letter_codes the codes, are accepted too. Case matters in tables with
 * letter_codes, as in page-types, so that "H" is not taken for "huge" when
 * compound_head's letter was meant: it is an error. A name may
 * end in '*' (as NAMES output marks internal flags) when it is internal. A
 * word starting with a digit is a number (C syntax: 0x1000, 4096, 010) taken
 * as a mask of bits, which must not touch the value field.
 *
 * Stricter than page-types (which ignores what it cannot use): an empty
 * word, a second '=', a '~' left of '=', a '~' word right of '=' that is not
 * in the mask, a value right of '=' outside the mask, and an unknown word
 * are errors. Internal names are accepted whatever is shown.
 *
 * Match the word as shown, flagtab_shown(t, word, show_internal), as
 * page-types matches after hiding what it does not show: then "=" and a
 * NAMES text select exactly the rows that show that text, and internal
 * flags match only when shown. Several expressions (repeated --flags) are
 * combined by the caller; each is one flag_filter. Returns 0, or -EINVAL
 * with *err set.
 */
int flagtab_parse_filter(const struct flag_table *t, const char *expr,
			 struct flag_filter *f, struct flag_error *err);
bool flag_filter_match(const struct flag_filter *f, uint64_t word);

#endif
