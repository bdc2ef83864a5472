/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - flagtab.h: the one flag engine over data tables of flag entries */
#ifndef VMAVIEW_FLAGTAB_H
#define VMAVIEW_FLAGTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Every flag kind is a table of entries. A one-bit flag has mask == value ==
 * 1 << n. Tables keyed by code only (VmFlags) use value = 1 << row.
 */
struct flag_entry {
	uint64_t mask, value;
	const char *code;   /* short code: VmFlags mnemonic, page-types letter */
	const char *name;   /* long name */
	const char *desc;
};

struct flag_table {
	const char *kind;        /* "vmflags", ... */
	const char *provenance;  /* kernel file and version it mirrors */
	const struct flag_entry *entries;
	size_t n;
};

enum vmflag_id {
#define VMFLAG(id, code, name, desc) VMFLAG_##id,
#include "../../src/flags/vmflags.def"
#undef VMFLAG
	VMFLAG_COUNT
};

extern const struct flag_table flagtab_vmflags;

/* All tables, NULL-terminated, for --list-flags. */
extern const struct flag_table *const flagtab_all[];

const struct flag_table *flagtab_find(const char *kind);
/* Row index of the entry whose code (or name, if by_name) matches, or -1. */
int flagtab_lookup(const struct flag_table *t, const char *s, size_t len,
		   bool by_name);
/*
 * Decode a word: calls fn for every entry whose (word & mask) == value, in
 * table order, and returns the bits no entry explained (the leftover).
 */
uint64_t flagtab_decode(const struct flag_table *t, uint64_t word,
			void (*fn)(const struct flag_entry *e, void *arg),
			void *arg);

/*
 * Parses a filter expression in page-types' grammar: names or codes joined
 * by ',', each optionally prefixed by '~' (must be clear). Sets *mask (bits
 * tested) and *value (their required state): a word w matches when
 * (w & mask) == value. Returns 0, or -EINVAL with *bad at the offending
 * word and *badlen its length.
 */
int flagtab_parse_expr(const struct flag_table *t, const char *expr,
		       uint64_t *mask, uint64_t *value, const char **bad,
		       size_t *badlen);

#endif
