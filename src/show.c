/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - show.c: the show command: one row per VMA for each target */
#include "vmaview/show.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmaview/columns.h"
#include "vmaview/delta.h"
#include "vmaview/elf.h"
#include "vmaview/frames.h"
#include "vmaview/ptcmd.h"
#include "vmaview/output.h"
#include "vmaview/process.h"
#include "vmaview/select.h"
#include "vmaview/smaps.h"
#include "vmaview/stacks.h"
#include "vmaview/xalloc.h"

int target_parse(const struct procfs *p, const char *arg, pid_t *pid)
{
	if (!strcmp(arg, "self"))
		return procfs_self(p, pid);
	return pid_parse(arg, pid);
}

struct sort_ctx {
	const struct colsel *col;
	bool desc;
};

static int cmp_vma(const void *a, const void *b, void *arg)
{
	const struct sort_ctx *sc = arg;
	const struct vma *x = a, *y = b;
	const struct colsel *c = sc->col;
	uint64_t ux = 0, uy = 0;
	bool hx, hy;
	int r;

	if (c->col->type == COL_STR) {
		char bx[4096], by[4096];

		r = strcmp(column_format(c, x, true, bx, sizeof(bx)),
			   column_format(c, y, true, by, sizeof(by)));
	} else {
		hx = column_u64(c, x, &ux);
		hy = column_u64(c, y, &uy);
		r = hx != hy ? (hx ? 1 : -1) : (ux > uy) - (ux < uy);
	}
	if (!r)
		r = (x->start > y->start) - (x->start < y->start);
	return sc->desc ? -r : r;
}

static bool selected(const struct vv_opts *o, const struct vma *v)
{
	bool any = !o->nvmflags;

	if (o->range.set && (v->end <= o->range.lo || v->start > o->range.hi))
		return false;
	for (int i = 0; i < o->nvmflags && !any; i++)
		any = (v->vmflags & o->vmflags[i].mask) == o->vmflags[i].value;
	return any;
}

static void report(pid_t pid, const char *msg, bool with_pid)
{
	if (with_pid)
		fprintf(stderr, "vmaview: %d: %s\n", (int)pid, msg);
	else
		fprintf(stderr, "vmaview: %s\n", msg);
}

static const char *open_reason(const struct procfs *p, pid_t pid, int err)
{
	switch (err) {
	case -ENOENT:
	case -ESRCH:
		return proc_exists(p, pid) ? NULL : "no such process";
	case -EACCES:
	case -EPERM:
		return "permission denied";
	default:
		return NULL;
	}
}

struct vmalist {
	struct vma *v;
	size_t n, cap;
};

static void list_push(struct vmalist *l, struct vma *v)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = *v;
	memset(v, 0, sizeof(*v));
}

static void list_free(struct vmalist *l)
{
	for (size_t i = 0; i < l->n; i++)
		vma_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The page-table model for the pte_template column. */
struct model {
	struct pt_config cfg;
	const struct pt_ops *ops;
};

/* One target. Returns 0 when shown completely, 1 otherwise. */
static int show_one(const struct vv_opts *o, const struct procfs *p,
		    struct output *out, pid_t pid, unsigned needs,
		    struct sort_ctx *sort, unsigned *reported,
		    const struct model *model, struct elf_labeler *elf,
		    const struct pfnset *peer)
{
	bool smaps = needs & SRC_SMAPS;
	struct fscan fs;
	int fs_err = 1;
	struct vv_limit lim[5];
	struct proc_stacks ps;

	bool collect = sort->col != NULL;
	struct smaps_reader r;
	struct proc_info pi;
	struct vmalist list = { 0 };
	struct vma v = { 0 }, tot = { 0 };
	size_t nvmas = 0, nrows = 0;
	char msg[600];
	bool path_in_msg = false;
	const char *error = NULL;
	int ret;

	/* first: no reader thread runs yet while --stacks holds signals */
	stacks_collect(&ps, p, pid, o->stacks);
	ret = smaps_open(&r, p, pid, smaps);
	if (ret < 0) {
		stacks_free(&ps);
		const char *why = open_reason(p, pid, ret);

		if (why && o->tally) {
			/* a selection: counted, said once at the end */
			tally_add(o->tally, why);
			return 0;
		}
		if (why) {
			report(pid, why, true);
		} else {
			char *path = procfs_path(p, "");

			snprintf(msg, sizeof(msg), "%s%d/%s: %s", path, (int)pid,
				 smaps ? "smaps" : "maps", strerror(-ret));
			free(path);
			why = msg;
			fprintf(stderr, "vmaview: %s\n", msg);
		}
		/* the target still gets its entry, marked incomplete */
		pi = (struct proc_info){ .pid = pid };
		out->ops->process_begin(out, &pi);
		out->ops->process_end(out, NULL, 0, why);
		return 1;
	}
	if (ps.up.err)
		report(pid, ps.up.why, true);
	if (ps.up.undetached)
		fprintf(stderr, "vmaview: %d: --stacks: %zu threads did not stop; "
			"they stay attached until vmaview exits\n",
			(int)pid, ps.up.undetached);
	proc_info_read(p, pid, &pi);
	if (needs & SRC_PAGEMAP)
		fs_err = fscan_open(&fs, p, pid,
				    ((needs & SRC_KPF) ? FS_KPF : 0) |
				    ((needs & SRC_KPC) ? FS_KPC : 0),
				    o->no_pagemap_scan);
	if (!fs_err)
		fs.peer = peer;
	/* every target gets its entry, an empty or failed one too */
	out->ops->process_begin(out, &pi);
	if (elf)
		elf_labeler_begin(elf, pid);
	for (;;) {
		bool sel;

		ret = smaps_next(&r, &v);
		if (ret <= 0)
			break;
		nvmas++;
		stacks_mark(&ps, &v);
		sel = selected(o, &v);
		/* every VMA: .bss follows a data segment that may not be shown */
		if (elf)
			elf_label(elf, &v, sel);
		if (!sel) {
			vma_clear(&v);
			continue;
		}
		if (!fs_err && fscan_stats(&fs, v.start, v.end, &v.frames) < 0)
			v.frames.known = 0;
		if (model) {
			v.pte_template = model->ops->template_of(&model->cfg,
								 pt_prot_index(v.perms));
			v.has_pte_template = true;
		}
		totals_add(&tot, &v);
		nrows++;
		if (collect) {
			list_push(&list, &v);
		} else {
			out->ops->vma(out, &v);
			vma_clear(&v);
		}
	}
	if (ret == -EINVAL) {
		error = r.err;
		path_in_msg = true;
	} else if (ret == -ESRCH) {
		error = "exited while being read";
	} else if (ret < 0) {
		snprintf(msg, sizeof(msg), "%s: %s", r.path, strerror(-ret));
		error = msg;
		path_in_msg = true;
	} else if (p->live || !nvmas) {
		/*
		 * A read of a process that exits stops early without an
		 * error, so the process must still be there after the end.
		 */
		enum proc_state st = proc_state(p, pid);

		if (!nvmas && st != PROC_ALIVE)
			error = proc_empty_reason(st);
		else if (!nvmas)
			error = proc_empty_reason(PROC_UNKNOWN);
		else if (st == PROC_GONE || st == PROC_ZOMBIE)
			error = "exited while being read";
	}
	if (collect) {
		qsort_r(list.v, list.n, sizeof(*list.v), cmp_vma, sort);
		for (size_t i = 0; i < list.n; i++)
			out->ops->vma(out, &list.v[i]);
	}
	out->limits = lim;
	out->nlimits = frame_limits_report(&fs, fs_err, lim, 4, reported);
	if (ps.up.err) {
		lim[out->nlimits] = (struct vv_limit){ .source = "ptrace" };
		snprintf(lim[out->nlimits].reason,
			 sizeof(lim[out->nlimits].reason), "%.159s", ps.up.why);
		out->nlimits++;
	}
	out->stacks = o->stacks ? &ps : NULL;
	/* no rows: only the count, as for a target not read at all */
	out->ops->process_end(out, nrows ? &tot : NULL, nrows, error);
	if (error && o->tally && !path_in_msg)
		tally_add(o->tally, error);
	else if (error)
		report(pid, error, !path_in_msg);
	list_free(&list);
	vma_clear(&tot);
	proc_info_free(&pi);
	if (!fs_err)
		fscan_close(&fs);
	out->nlimits = 0;
	out->stacks = NULL;
	smaps_close(&r);
	/* a selection's races (exited, zombie) are counted, not failures */
	ret = (error && !(o->tally && !path_in_msg)) || ps.up.err ? 1 : 0;
	stacks_free(&ps);
	return ret;
}

static int setup_sort(const struct vv_opts *o, const struct colset *cols,
		      struct colset *own, struct sort_ctx *sc, char **bad)
{
	const char *name = o->sort;
	char *err = NULL;

	if (name[0] == '-') {
		sc->desc = true;
		name++;
	}
	for (size_t i = 0; i < cols->n; i++)
		if (!strcasecmp(cols->v[i].col->name, name)) {
			sc->col = &cols->v[i];
			return 0;
		}
	/* sorting by a column that is not shown is fine too */
	if (!*name || strchr(name, ',') ||
	    colset_parse(own, name, NULL, &err) < 0) {
		free(err);
		*bad = xstrdup(o->sort);
		return -EINVAL;
	}
	sc->col = &own->v[0];
	return 0;
}

/*
 * An unknown -o or --sort name is taken as an smaps key the kernel prints
 * but vmaview does not know. The kernel prints the same keys for every
 * VMA, so the first VMA of the first readable target tells whether such a
 * name is a key or a typo. -EINVAL with *bad set for a typo (*in_sort: it
 * is in b, the sort key); 0 otherwise, also when no target can be read
 * (its own error is reported later).
 */
static int check_extra_keys(const struct vv_opts *o, const struct procfs *p,
			    const struct colset *a, const struct colset *b,
			    char **bad, bool *in_sort)
{
	const struct colset *sets[] = { a, b };
	struct smaps_reader r;
	struct vma v = { 0 };
	bool any = false;
	int ret = 0, got = 0;
	pid_t pid;

	for (size_t s = 0; s < 2; s++)
		for (size_t i = 0; i < sets[s]->n; i++)
			any |= sets[s]->v[i].col->id == COLID_EXTRA;
	for (int t = 0; any && t < o->ntargets && got <= 0; t++) {
		if (target_parse(p, o->targets[t], &pid) < 0 ||
		    smaps_open(&r, p, pid, true) < 0)
			continue;
		got = smaps_next(&r, &v);
		smaps_close(&r);
	}
	if (got <= 0)
		return 0;
	for (size_t s = 0; s < 2 && !ret; s++) {
		for (size_t i = 0; i < sets[s]->n && !ret; i++) {
			const struct colsel *c = &sets[s]->v[i];
			bool found = false;

			if (c->col->id != COLID_EXTRA)
				continue;
			for (size_t k = 0; k < v.nextra && !found; k++)
				found = !strcasecmp(v.extra[k].key, c->extra_key);
			if (!found) {
				*bad = xstrdup(c->extra_key);
				*in_sort = s == 1;
				ret = -EINVAL;
			}
		}
	}
	vma_clear(&v);
	return ret;
}

/* --stacks: stack_tids and frame_tids too, unless -o names them already. */
static int add_stack_columns(struct colset *cs, const char *list,
			     const char *base)
{
	bool has_s = false, has_f = false;
	char *more, *bad = NULL;
	int ret;

	for (size_t i = 0; i < cs->n; i++) {
		has_s |= cs->v[i].col->id == COLID_STACK_TIDS;
		has_f |= cs->v[i].col->id == COLID_FRAME_TIDS;
	}
	if (has_s && has_f)
		return 0;
	more = xasprintf("%s%s%s%s%s", list ? list : "+",
			 list && strcmp(list, "+") ? "," : "",
			 has_s ? "" : "stack_tids", has_s || has_f ? "" : ",",
			 has_f ? "" : "frame_tids");
	colset_free(cs);
	ret = colset_parse(cs, more, base, &bad);
	free(bad);
	free(more);
	return ret;
}

/* --shared-with adds its column unless -o has it. */
static void add_shared_with(struct colset *cols)
{
	struct colset one;
	char *bad;

	for (size_t i = 0; i < cols->n; i++)
		if (cols->v[i].col->id == COLID_FRAME &&
		    cols->v[i].col->frame_field == FRF_SHARED_WITH)
			return;
	if (colset_parse(&one, "shared_with", NULL, &bad) < 0)
		return;
	cols->v = xreallocarray(cols->v, cols->n + 1, sizeof(*cols->v));
	cols->v[cols->n++] = one.v[0];
	cols->needs |= one.needs;
	free(one.v);
}

int show_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
	     char **bad, bool *bad_sort)
{
	struct colset cols, sortcol = { 0 };
	struct sort_ctx sort = { 0 };
	struct output *oo;
	bool all = false;
	int ret, failed = 0;
	unsigned reported = 0;
	struct model model;
	struct pfnset peer = { 0 };
	bool has_model = false;
	struct elf_labeler *elf = NULL;
	const char *env = getenv("VMAVIEW_COLUMNS");
	const char *base = env && *env ? env : columns_default;

	*bad = NULL;
	*bad_sort = false;
	if (o->output_all || (o->format == VV_FMT_JSON && !o->output)) {
		colset_all(&cols, o->output_all);
		all = true;
	} else if ((ret = colset_parse(&cols, o->output, base, bad)) < 0) {
		return ret;
	} else if (o->stacks && add_stack_columns(&cols, o->output, base) < 0) {
		return -EINVAL;
	}
	if (o->sort && setup_sort(o, &cols, &sortcol, &sort, bad) < 0)
		*bad_sort = true;
	else
		check_extra_keys(o, p, &cols, &sortcol, bad, bad_sort);
	if (*bad) {
		colset_free(&cols);
		colset_free(&sortcol);
		return -EINVAL;
	}
	if ((cols.needs | sortcol.needs) & SRC_PTMODEL) {
		const char *why;

		if (vv_pt_config(o, 0, &model.cfg, &why) < 0) {
			fprintf(stderr, "vmaview: %s\n", why);
			colset_free(&cols);
			colset_free(&sortcol);
			return 64;
		}
		model.ops = pt_ops_for(model.cfg.arch);
		has_model = true;
	}
	/* one cache of objects for every target */
	if ((cols.needs | sortcol.needs) & SRC_ELF)
		elf = elf_labeler_new(p, false);
	if (o->shared_with) {
		add_shared_with(&cols);
		ret = pfnset_of_pid(&peer, p, o->shared_with, o->no_pagemap_scan);
		if (ret < 0) {
			fprintf(stderr, "vmaview: --shared-with %d: %s\n",
				(int)o->shared_with,
				ret == -EPERM ? "its frames are hidden (PFNs need CAP_SYS_ADMIN)" :
				ret == -ENOENT || ret == -ESRCH ? "no such process" :
								  strerror(-ret));
			colset_free(&cols);
			colset_free(&sortcol);
			return 1;
		}
	}
	/* --interval: a sample, compared with the last one by RSS (smaps) */
	if (o->delta)
		delta_begin(o->delta);
	oo = output_new(o, &cols, all, out);
	oo->ops->begin(oo);
	for (int i = 0; i < o->ntargets; i++) {
		pid_t pid;
		unsigned needs = cols.needs | sortcol.needs |
				 (o->nvmflags || o->delta ? SRC_SMAPS : 0);

		ret = target_parse(p, o->targets[i], &pid);
		if (ret < 0) {
			fprintf(stderr, "vmaview: %s: %s\n", o->targets[i],
				ret == -EINVAL ? "not a process ID"
					       : strerror(-ret));
			failed = 1;
			continue;
		}
		failed |= show_one(o, p, oo, pid, needs, &sort,
				   &reported, has_model ? &model : NULL, elf,
				   o->shared_with ? &peer : NULL);
	}
	oo->ops->end(oo);
	output_destroy(oo);
	elf_labeler_free(elf);
	pfnset_free(&peer);
	colset_free(&cols);
	colset_free(&sortcol);
	return failed;
}
