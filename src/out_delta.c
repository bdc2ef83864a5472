/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - out_delta.c: --interval over one row per VMA: row keys, change markers, removed rows */
#include "vmaview/output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/delta.h"
#include "vmaview/jsonw.h"
#include "vmaview/tabw.h"
#include "vmaview/xalloc.h"

/*
 * A VMA is known by its process, start address and name: one that grows
 * or shrinks at its end (the heap, a stack, an mremap in place) keeps its
 * row, one mapped elsewhere or replaced by another object is a new row.
 * Rows are compared by RSS and by size.
 */
static char *vma_key(pid_t pid, const struct vma *v)
{
	return xasprintf("%d\t%016" PRIx64 "\t%s", (int)pid, v->start,
			 v->name ? v->name : "");
}

static void put_delta(struct output *o, struct tabw *tb, int64_t diff)
{
	char buf[40];

	delta_format(diff, o->opts->bytes, buf, sizeof(buf));
	tabw_cell(tb, buf, strlen(buf));
}

void table_delta_row(struct output *o, struct tabw *tb, pid_t pid,
		     const struct vma *v, const char *const *cells, size_t n,
		     int64_t *sum)
{
	char *key = vma_key(pid, v);
	int64_t diff;
	char mark = delta_row_aux(o->opts->delta, key, v->smaps[SMAPS_RSS],
				  v->end - v->start, cells, n, &diff);

	free(key);
	tabw_cell(tb, &mark, 1);
	for (size_t i = 0; i < n; i++)
		tabw_cell(tb, cells[i], strlen(cells[i]));
	put_delta(o, tb, diff);
	*sum += diff;
}

static void put_removed(struct output *o, struct tabw *tb,
			const char *const *cells, size_t n, uint64_t rss,
			int64_t *sum)
{
	tabw_cell(tb, "-", 1);
	for (size_t i = 0; i < n; i++)
		tabw_cell(tb, cells[i], strlen(cells[i]));
	put_delta(o, tb, -(int64_t)rss);
	*sum -= (int64_t)rss;
}

/* The removed rows of pid, with the cells they were printed with. */
void table_delta_removed(struct output *o, struct tabw *tb, pid_t pid,
			 int64_t *sum)
{
	const char *key, *const *cells;
	char prefix[24];
	uint64_t rss;
	size_t n, pos = 0;

	snprintf(prefix, sizeof(prefix), "%d\t", (int)pid);
	while (delta_take_removed(o->opts->delta, prefix, &pos, &key, &rss,
				  &cells, &n))
		put_removed(o, tb, cells, n, rss, sum);
}

void table_delta_gone(struct output *o,
		      struct tabw *(*new_table)(struct output *o))
{
	const char *key, *const *cells;
	uint64_t rss;
	size_t n, pos = 0;
	int64_t sum = 0;

	/* the rest: of processes not shown in this sample, one table each */
	while (delta_take_removed(o->opts->delta, "", &pos, &key, &rss, &cells,
				  &n)) {
		struct tabw *tb = new_table(o);
		pid_t pid = (pid_t)atoi(key);

		put_removed(o, tb, cells, n, rss, &sum);
		table_delta_removed(o, tb, pid, &sum);
		if (o->opts->format == VV_FMT_TABLE && !o->opts->noheadings) {
			if (o->nprocs)
				fputc('\n', o->out);
			fprintf(o->out, "%d:   (gone)\n", (int)pid);
		}
		tabw_print(tb);
		tabw_free(tb);
		o->nprocs++;
	}
}

void table_delta_totals(struct output *o, struct tabw *tb, int64_t sum)
{
	put_delta(o, tb, sum);
}

void json_delta_vma(struct output *o, struct jsonw *w, pid_t pid,
		    const struct vma *v)
{
	char *key = vma_key(pid, v), end[24];
	const char *cell = end;
	int64_t diff;
	char mark;

	/* the end, for "removed" */
	snprintf(end, sizeof(end), "%" PRIu64, v->end);
	mark = delta_row_aux(o->opts->delta, key, v->smaps[SMAPS_RSS],
			     v->end - v->start, &cell, 1, &diff);
	free(key);
	jw_str_field(w, "change", mark == '+' ? "added" :
				  mark == '~' ? "changed" : "same");
	jw_i64_field(w, "delta", diff);
}

void json_delta_removed(struct output *o, struct jsonw *w)
{
	const char *key, *const *cells;
	uint64_t rss;
	size_t n;
	char *tab;

	jw_key(w, "removed");
	jw_arr_start(w);
	for (size_t i = 0;
	     delta_removed(o->opts->delta, i, &key, &rss, &cells, &n); i++) {
		jw_obj_start(w);
		jw_u64_field(w, "pid", strtoull(key, &tab, 10));
		jw_hex_field(w, "start", strtoull(tab + 1, &tab, 16));
		jw_hex_field(w, "end", n ? strtoull(cells[0], NULL, 10) : 0);
		jw_str_field(w, "name", tab + 1);
		jw_u64_field(w, "rss", rss);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}
