/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - group.c: show --group: VMAs summed by object name, kind, process or user (showmap, librank) */
#include "vmaview/group.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/columns.h"
#include "vmaview/delta.h"
#include "vmaview/frames.h"
#include "vmaview/jsonw.h"
#include "vmaview/output.h"
#include "vmaview/process.h"
#include "vmaview/select.h"
#include "vmaview/show.h"
#include "vmaview/smaps.h"
#include "vmaview/summary.h"
#include "vmaview/tabw.h"
#include "vmaview/xalloc.h"

static const char *const group_names[] = { "vma", "name", "kind", "process",
					   "user" };
static const char *const group_heads[] = { "", "NAME", "KIND", "PROCESS",
					   "USER" };

/* The default columns of a grouped table: sizes librank and showmap show. */
static const char group_default[] =
	"size,rss,pss,shared_clean,shared_dirty,private_clean,private_dirty,swap";

int group_parse(const char *s, enum vv_group *g)
{
	for (size_t i = 0; i < sizeof(group_names) / sizeof(*group_names); i++)
		if (!strcmp(s, group_names[i])) {
			*g = (enum vv_group)i;
			return 0;
		}
	return -EINVAL;
}

const char *group_key(enum vv_group g, const struct vma *v)
{
	if (g == VV_GROUP_KIND)
		return region_name(region_of(v));
	return v->name && *v->name ? v->name : "[anon]";
}

struct group {
	char *key;
	struct vma tot;
	size_t vmas, procs;
	pid_t last_pid;
};

/* Open addressing on the key; grows at half full. */
struct gtab {
	struct group **slot;
	size_t cap, n;
};

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct group *gtab_get(struct gtab *t, const char *key)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct gtab n = { .cap = t->cap ? t->cap * 2 : 256 };

		n.slot = xcalloc(n.cap, sizeof(*n.slot));
		for (size_t j = 0; j < t->cap; j++) {
			if (!t->slot[j])
				continue;
			i = hash_str(t->slot[j]->key) & (n.cap - 1);
			while (n.slot[i])
				i = (i + 1) & (n.cap - 1);
			n.slot[i] = t->slot[j];
		}
		free(t->slot);
		t->slot = n.slot;
		t->cap = n.cap;
	}
	i = hash_str(key) & (t->cap - 1);
	while (t->slot[i] && strcmp(t->slot[i]->key, key))
		i = (i + 1) & (t->cap - 1);
	if (!t->slot[i]) {
		t->slot[i] = xcalloc(1, sizeof(struct group));
		t->slot[i]->key = xstrdup(key);
		t->n++;
	}
	return t->slot[i];
}

/* The user name of pid's real uid, or the number. */
static char *user_of(const struct procfs *p, pid_t pid)
{
	long uid = proc_real_uid(p, pid);
	struct passwd *pw;

	if (uid < 0)
		return xstrdup("?");
	pw = getpwuid((uid_t)uid);
	return pw ? xstrdup(pw->pw_name) : xasprintf("%ld", uid);
}

struct grun {
	const struct vv_opts *o;
	const struct procfs *p;
	const struct colset *cols;
	struct gtab t;
	unsigned reported;
};

static void add_vma(struct grun *g, pid_t pid, const char *pkey,
		    const struct vma *v)
{
	const char *key = pkey;
	struct group *gr;

	if (g->o->group == VV_GROUP_NAME || g->o->group == VV_GROUP_KIND)
		key = group_key(g->o->group, v);
	gr = gtab_get(&g->t, key);
	totals_add(&gr->tot, v);
	gr->vmas++;
	if (gr->last_pid != pid) {
		gr->procs++;
		gr->last_pid = pid;
	}
}

/* One target; 1 when it could not be read (and was said), else 0. */
static int read_one(struct grun *g, pid_t pid)
{
	unsigned needs = g->cols->needs | SRC_SMAPS;
	struct smaps_reader r;
	struct vma v = { 0 };
	struct fscan fs;
	int fs_err = 1, ret;
	char *pkey = NULL;
	struct proc_info pi;

	ret = smaps_open(&r, g->p, pid, true);
	if (ret < 0) {
		const char *why = ret == -EACCES || ret == -EPERM ?
					  "permission denied" :
				  ret == -ENOENT || ret == -ESRCH ?
					  proc_why_unreadable(g->p, pid) :
					  strerror(-ret);

		if (g->o->tally) {
			tally_add(g->o->tally, why);
			return 0;
		}
		fprintf(stderr, "vmaview: %d: %s\n", (int)pid, why);
		return 1;
	}
	if (g->o->group == VV_GROUP_PROCESS) {
		proc_info_read(g->p, pid, &pi);
		pkey = xasprintf("%d %s", (int)pid, pi.comm ? pi.comm : "?");
		proc_info_free(&pi);
	} else if (g->o->group == VV_GROUP_USER) {
		pkey = user_of(g->p, pid);
	}
	if (needs & SRC_PAGEMAP)
		fs_err = fscan_open(&fs, g->p, pid,
				    ((needs & SRC_KPF) ? FS_KPF : 0) |
				    ((needs & SRC_KPC) ? FS_KPC : 0),
				    g->o->no_pagemap_scan);
	while ((ret = smaps_next(&r, &v)) > 0) {
		if (!fs_err && fscan_stats(&fs, v.start, v.end, &v.frames) < 0)
			v.frames.known = 0;
		add_vma(g, pid, pkey, &v);
		vma_clear(&v);
	}
	if (!fs_err) {
		struct vv_limit lim[4];

		frame_limits_report(&fs, fs_err, lim, 4, &g->reported);
		fscan_close(&fs);
	}
	smaps_close(&r);
	free(pkey);
	if (ret < 0 && ret != -ESRCH) {
		fprintf(stderr, "vmaview: %s\n", ret == -EINVAL ? r.err : strerror(-ret));
		return 1;
	}
	return 0;
}

static uint64_t uss_of(const struct group *gr)
{
	return gr->tot.smaps[SMAPS_PRIVATE_CLEAN] +
	       gr->tot.smaps[SMAPS_PRIVATE_DIRTY];
}

/* librank's order: PSS (exact from frames when shown) descending, then key. */
static int cmp_group(const void *a, const void *b)
{
	const struct group *x = *(struct group *const *)a;
	const struct group *y = *(struct group *const *)b;
	uint64_t px = x->tot.smaps[SMAPS_PSS], py = y->tot.smaps[SMAPS_PSS];

	if (x->tot.frames.known & FR_KPC) {
		px = frame_stats_pss(&x->tot.frames);
		py = frame_stats_pss(&y->tot.frames);
	}
	if (px != py)
		return px > py ? -1 : 1;
	return strcmp(x->key, y->key);
}

static void print_table(struct grun *g, struct group **v, size_t n, FILE *out)
{
	const struct vv_opts *o = g->o;
	struct tabw *tb = tabw_new(out, o->format == VV_FMT_RAW ? TABW_RAW :
					o->format == VV_FMT_PAIRS ? TABW_PAIRS :
								    TABW_TABLE,
				   o->noheadings);
	char buf[4096], dbuf[40];
	const char *key, *const *old;
	uint64_t last;
	size_t nold;

	if (o->delta)
		tabw_column(tb, "CHG", false);
	tabw_column(tb, group_heads[o->group], false);
	tabw_column(tb, "VMAS", true);
	tabw_column(tb, "PROCS", true);
	for (size_t c = 0; c < g->cols->n; c++)
		tabw_column(tb, g->cols->v[c].col->header, true);
	tabw_column(tb, "USS", true);
	if (o->delta)
		tabw_column(tb, "DELTA", true);
	for (size_t i = 0; i < n; i++) {
		size_t nc = g->cols->n + 4;
		char **cells = xcalloc(nc, sizeof(char *));
		int64_t diff = 0;
		char mark;

		cells[0] = xstrdup(v[i]->key);
		cells[1] = xasprintf("%zu", v[i]->vmas);
		cells[2] = xasprintf("%zu", v[i]->procs);
		for (size_t c = 0; c < g->cols->n; c++)
			cells[3 + c] = xstrdup(column_format(&g->cols->v[c],
							     &v[i]->tot, o->bytes,
							     buf, sizeof(buf)));
		if (o->bytes)
			snprintf(buf, sizeof(buf), "%llu",
				 (unsigned long long)uss_of(v[i]));
		else
			size_human(uss_of(v[i]), buf, sizeof(buf));
		cells[nc - 1] = xstrdup(buf);
		if (o->delta) {
			mark = delta_row(o->delta, v[i]->key,
					 v[i]->tot.smaps[SMAPS_RSS],
					 (const char *const *)cells, nc, &diff);
			tabw_cell(tb, &mark, 1);
		}
		for (size_t c = 0; c < nc; c++) {
			tabw_cell(tb, cells[c], strlen(cells[c]));
			free(cells[c]);
		}
		free(cells);
		if (o->delta) {
			delta_format(diff, o->bytes, dbuf, sizeof(dbuf));
			tabw_cell(tb, dbuf, strlen(dbuf));
		}
	}
	for (size_t i = 0; o->delta &&
			   delta_removed(o->delta, i, &key, &last, &old, &nold);
	     i++) {
		tabw_cell(tb, "-", 1);
		for (size_t c = 0; c < nold; c++)
			tabw_cell(tb, old[c], strlen(old[c]));
		delta_format(-(int64_t)last, o->bytes, dbuf, sizeof(dbuf));
		tabw_cell(tb, dbuf, strlen(dbuf));
	}
	tabw_print(tb);
	tabw_free(tb);
}

static void print_json(struct grun *g, struct group **v, size_t n, FILE *out)
{
	const struct vv_opts *o = g->o;
	struct jsonw *w = jw_new(out, o->pretty && !o->delta);
	const char *key, *const *old;
	uint64_t last;
	size_t nold;

	json_doc_begin(w, g->o);
	if (o->delta)
		jw_u64_field(w, "sample", delta_sample(o->delta));
	jw_str_field(w, "group", group_names[g->o->group]);
	jw_key(w, "groups");
	jw_arr_start(w);
	for (size_t i = 0; i < n; i++) {
		jw_obj_start(w);
		jw_str_field(w, "key", v[i]->key);
		jw_u64_field(w, "vmas", v[i]->vmas);
		jw_u64_field(w, "processes", v[i]->procs);
		for (size_t c = 0; c < g->cols->n; c++)
			column_json(&g->cols->v[c], &v[i]->tot, w);
		jw_u64_field(w, "uss", uss_of(v[i]));
		if (o->delta) {
			int64_t diff;
			char mark = delta_row(o->delta, v[i]->key,
					      v[i]->tot.smaps[SMAPS_RSS], NULL,
					      0, &diff);

			jw_str_field(w, "change", mark == '+' ? "added" :
						  mark == '~' ? "changed" :
								"same");
			jw_i64_field(w, "delta", diff);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	if (o->delta) {
		jw_key(w, "removed");
		jw_arr_start(w);
		for (size_t i = 0;
		     delta_removed(o->delta, i, &key, &last, &old, &nold); i++) {
			jw_obj_start(w);
			jw_str_field(w, "key", key);
			jw_u64_field(w, "rss", last);
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	json_skipped(w, g->o->tally);
	jw_obj_end(w);
	jw_destroy(w);
}

int group_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
	      char **bad)
{
	struct colset cols;
	struct grun g = { .o = o, .p = p, .cols = &cols };
	struct group **v;
	size_t n = 0;
	int failed = 0, ret;

	*bad = NULL;
	ret = colset_parse(&cols, o->output, group_default, bad);
	if (ret < 0)
		return ret;
	for (size_t c = 0; c < cols.n; c++) {
		if (!cols.v[c].col->summable || cols.v[c].col->id == COLID_EXTRA) {
			*bad = xasprintf("--group: column '%s' is not a summed size",
					 cols.v[c].col->name);
			colset_free(&cols);
			return -EINVAL;
		}
	}
	for (int i = 0; i < o->ntargets; i++) {
		pid_t pid;

		if (target_parse(p, o->targets[i], &pid) < 0) {
			fprintf(stderr, "vmaview: %s: not a process ID\n",
				o->targets[i]);
			failed = 1;
			continue;
		}
		failed |= read_one(&g, pid);
	}
	v = xcalloc(g.t.n + 1, sizeof(*v));
	for (size_t i = 0; i < g.t.cap; i++)
		if (g.t.slot[i])
			v[n++] = g.t.slot[i];
	qsort(v, n, sizeof(*v), cmp_group);
	if (o->delta)
		delta_begin(o->delta);
	if (o->format == VV_FMT_JSON)
		print_json(&g, v, n, out);
	else
		print_table(&g, v, n, out);
	for (size_t i = 0; i < n; i++) {
		vma_clear(&v[i]->tot);
		free(v[i]->key);
		free(v[i]);
	}
	free(v);
	free(g.t.slot);
	colset_free(&cols);
	return failed;
}
