/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - output.c: the output front end and totals */
#include "vmaview/output.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmaview/xalloc.h"

struct output *output_new(const struct vv_opts *opts,
			  const struct colset *cols, bool all_columns,
			  FILE *out)
{
	struct output *o = xcalloc(1, sizeof(*o));

	o->opts = opts;
	o->cols = cols;
	o->all_columns = all_columns;
	o->out = out;
	if (opts->format == VV_FMT_JSON)
		out_json_init(o);
	else
		out_table_init(o);
	return o;
}

void output_destroy(struct output *o)
{
	if (!o)
		return;
	if (o->ops->destroy)
		o->ops->destroy(o);
	free(o);
}

static bool page_size_key(const char *k)
{
	size_t n = strlen(k);

	return n >= 8 && !strcasecmp(k + n - 8, "PageSize");
}

void totals_add(struct vma *t, const struct vma *v)
{
	t->end += v->end - v->start;
	if (v->frames.known)
		frame_stats_add(&t->frames, &v->frames);
	for (int i = 0; i < SMAPS_NKEYS; i++) {
		if (smaps_keys[i].unit != SMAPS_UNIT_KB ||
		    !(v->have & (1ULL << i)))
			continue;
		t->smaps[i] += v->smaps[i];
		t->have |= 1ULL << i;
	}
	for (size_t i = 0; i < v->nextra; i++) {
		const struct smaps_extra *x = &v->extra[i];
		size_t j;

		if (x->unit != SMAPS_UNIT_KB || x->text || page_size_key(x->key))
			continue;
		for (j = 0; j < t->nextra; j++)
			if (!strcmp(t->extra[j].key, x->key))
				break;
		if (j == t->nextra) {
			t->extra = xreallocarray(t->extra, t->nextra + 1,
						 sizeof(*t->extra));
			t->extra[j] = (struct smaps_extra){
				.key = xstrdup(x->key), .unit = SMAPS_UNIT_KB };
			t->nextra++;
		}
		t->extra[j].value += x->value;
	}
}
