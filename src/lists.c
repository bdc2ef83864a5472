/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - lists.c: --list-columns and --list-flags */
#include "vmaview/lists.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <strings.h>

#include "vmaview/columns.h"
#include "vmaview/flagtab.h"
#include "vmaview/smaps.h"
#include "vmaview/xalloc.h"

static const char *type_name(enum col_type t)
{
	switch (t) {
	case COL_ADDR:
		return "addr";
	case COL_HEX:
		return "hex";
	case COL_BYTES:
		return "bytes";
	case COL_U64:
		return "number";
	case COL_BOOL:
		return "bool";
	case COL_FLAGS:
		return "flags";
	default:
		return "string";
	}
}

static void list_extra(FILE *out, const struct procfs *p)
{
	struct smaps_reader r;
	struct vma v;
	pid_t self;
	char *seen[64];
	size_t nseen = 0;

	if (procfs_self(p, &self) < 0 || smaps_open(&r, p, self, true) < 0)
		return;
	while (smaps_next(&r, &v) > 0) {
		for (size_t i = 0; i < v.nextra; i++) {
			const char *k = v.extra[i].key;
			size_t j;

			for (j = 0; j < nseen; j++)
				if (!strcasecmp(seen[j], k))
					break;
			if (j < nseen || nseen == 64)
				continue;
			seen[nseen++] = xstrdup(k);
			fprintf(out, "%-16s %-7s %s\n", k, "extra",
				"smaps key this kernel prints, unknown to vmaview");
		}
		vma_clear(&v);
	}
	smaps_close(&r);
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
}

void list_columns(FILE *out, const struct procfs *p)
{
	size_t n;
	const struct column *c = columns_all(&n);

	for (size_t i = 0; i < n; i++)
		fprintf(out, "%-16s %-7s %s\n", c[i].name, type_name(c[i].type),
			c[i].help);
	if (p)
		list_extra(out, p);
}

/* "12" for one bit, "0xMASK=0xVALUE" for a field value, "-" without bits. */
static const char *bits_text(const struct flag_table *t,
			     const struct flag_entry *e, char *buf, size_t n)
{
	if (t->keyed_by_code)
		return "-";
	if (e->mask == e->value && __builtin_popcountll(e->mask) == 1)
		snprintf(buf, n, "%d", __builtin_ctzll(e->mask));
	else
		snprintf(buf, n, "0x%" PRIx64 "=0x%" PRIx64, e->mask, e->value);
	return buf;
}

int list_flags(FILE *out, const char *kind)
{
	const struct flag_table *t = flagtab_find(kind);
	char bits[48];

	if (!t)
		return -EINVAL;
	for (size_t i = 0; i < t->n; i++) {
		const struct flag_entry *e = &t->entries[i];

		fprintf(out, "%-4s %-14s %-5s %s %s\n", e->code, e->name,
			bits_text(t, e, bits, sizeof(bits)),
			e->internal ? "*" : "-", e->desc);
	}
	return 0;
}
