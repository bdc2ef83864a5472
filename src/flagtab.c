/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - flagtab.c: the one flag engine: lookup, decode, tables */
#include "vmaview/flagtab.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

static const struct flag_entry vmflags_entries[] = {
#define VMFLAG(id, code, name, desc) \
	{ 1ULL << VMFLAG_##id, 1ULL << VMFLAG_##id, code, name, desc },
#include "flags/vmflags.def"
#undef VMFLAG
};

_Static_assert(VMFLAG_COUNT <= 64, "vmflags must fit a 64-bit set");

const struct flag_table flagtab_vmflags = {
	.kind = "vmflags",
	.provenance = "fs/proc/task_mmu.c show_smap_vma_flags() (Linux 6.12, gu: 6.18)",
	.entries = vmflags_entries,
	.n = sizeof(vmflags_entries) / sizeof(vmflags_entries[0]),
};

const struct flag_table *const flagtab_all[] = {
	&flagtab_vmflags,
	NULL,
};

const struct flag_table *flagtab_find(const char *kind)
{
	for (size_t i = 0; flagtab_all[i]; i++)
		if (!strcasecmp(flagtab_all[i]->kind, kind))
			return flagtab_all[i];
	return NULL;
}

int flagtab_lookup(const struct flag_table *t, const char *s, size_t len,
		   bool by_name)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *k = by_name ? t->entries[i].name : t->entries[i].code;

		if (k && len && (k[0] | 0x20) == (s[0] | 0x20) &&
		    !strncasecmp(k, s, len) && !k[len])
			return (int)i;
	}
	return -1;
}

uint64_t flagtab_decode(const struct flag_table *t, uint64_t word,
			void (*fn)(const struct flag_entry *e, void *arg),
			void *arg)
{
	uint64_t explained = 0;

	for (size_t i = 0; i < t->n; i++) {
		const struct flag_entry *e = &t->entries[i];

		if (e->mask && (word & e->mask) == e->value) {
			if (fn)
				fn(e, arg);
			explained |= e->mask;
		}
	}
	return word & ~explained;
}

int flagtab_parse_expr(const struct flag_table *t, const char *expr,
		       uint64_t *mask, uint64_t *value, const char **bad,
		       size_t *badlen)
{
	const char *p = expr;

	*mask = *value = 0;
	do {
		const char *w = p, *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool neg = len && *w == '~';
		int idx;

		if (neg) {
			w++;
			len--;
		}
		idx = len ? flagtab_lookup(t, w, len, false) : -1;
		if (idx < 0 && len)
			idx = flagtab_lookup(t, w, len, true);
		if (idx < 0 || t->entries[idx].mask != t->entries[idx].value) {
			*bad = w;
			*badlen = len;
			return -EINVAL;
		}
		*mask |= t->entries[idx].mask;
		if (neg)
			*value &= ~t->entries[idx].mask;
		else
			*value |= t->entries[idx].value;
		p = e ? e + 1 : NULL;
	} while (p);
	return 0;
}
