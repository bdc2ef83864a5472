/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - output.c: the output front end, totals and what frames could not be read */
#include "vmaview/output.h"

#include <stdio.h>
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

/*
 * What frame data is missing for this target: fills lim (JSON) and says
 * each cause once per run on stderr (reported: causes already said).
 */
size_t frame_limits_report(const struct fscan *fs, int fs_err,
			   struct vv_limit *lim, size_t max, unsigned *reported)
{
	size_t n = 1;

	if (fs_err > 0)
		return 0; /* no frame column */
	if (fs_err < 0) {
		lim[0].cause = FS_LIM_PAGEMAP;
		lim[0].source = "pagemap";
		snprintf(lim[0].reason, sizeof(lim[0].reason),
			 "cannot open pagemap: %s", strerror(-fs_err));
	} else {
		n = fscan_limits(fs, lim, max);
	}
	for (size_t i = 0; i < n; i++) {
		/* without privileges, kpageflags fail for the same cause */
		bool same = fs_err == 0 && (fs->limits & FS_LIM_PFN_HIDDEN) &&
			    lim[i].cause != FS_LIM_PFN_HIDDEN;

		if (!(*reported & lim[i].cause) && !same)
			fprintf(stderr, "vmaview: %s\n", lim[i].reason);
		*reported |= lim[i].cause;
	}
	return n;
}
