/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - out_json.c: the JSON document (schema 1), streamed */
#include "vmaview/output.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vmaview/delta.h"
#include "vmaview/jsonw.h"
#include "vmaview/select.h"
#include "vmaview/snapshot.h"
#include "vmaview/version.h"
#include "vmaview/xalloc.h"

struct json_priv {
	struct jsonw *w;
	bool *skip;        /* per selected column: already written by another */
	bool frames;       /* a frame column is selected */
	pid_t pid;         /* of the current process */
};

static struct jsonw *W(struct output *o)
{
	return ((struct json_priv *)o->priv)->w;
}

/*
 * A key must not appear twice in an object: "range" writes "start" and
 * "end" itself, and a column asked for twice is written once.
 */
static bool json_skip(const struct colset *cs, size_t i)
{
	const struct column *c = cs->v[i].col;

	for (size_t j = 0; j < cs->n; j++) {
		const struct column *d = cs->v[j].col;

		if (j < i && !strcasecmp(d->name, c->name))
			return true;
		if ((c->id == COLID_START || c->id == COLID_END) &&
		    d->id == COLID_RANGE)
			return true;
	}
	return false;
}

static void js_begin(struct output *o)
{
	struct json_priv *jp = xcalloc(1, sizeof(*jp));
	/* with --interval one document per line (JSON lines) */
	struct jsonw *w = jw_new(o->out, o->opts->pretty && !o->opts->delta);

	jp->w = w;
	jp->skip = xcalloc(o->cols->n ? o->cols->n : 1, sizeof(bool));
	for (size_t i = 0; i < o->cols->n; i++) {
		jp->skip[i] = json_skip(o->cols, i);
		jp->frames |= o->cols->v[i].col->id == COLID_FRAME;
	}
	o->priv = jp;
	if (!o->opts->delta) {
		json_head(w, o->opts);
		return;
	}
	json_doc_begin(w, o->opts);
	jw_u64_field(w, "sample", delta_sample(o->opts->delta));
	jw_key(w, "processes");
	jw_arr_start(w);
}

void json_head(struct jsonw *w, const struct vv_opts *opts)
{
	json_doc_begin(w, opts);
	jw_key(w, "processes");
	jw_arr_start(w);
}

void json_doc_begin(struct jsonw *w, const struct vv_opts *opts)
{
	struct utsname u;
	struct snapshot_meta sm;
	/* a snapshot (--proc-root) describes the machine it was taken on */
	bool snap = snapshot_meta_load(opts->proc_root, &sm) > 0;

	jw_obj_start(w);
	jw_key(w, "vmaview");
	jw_obj_start(w);
	jw_str_field(w, "version", VMAVIEW_VERSION);
	jw_u64_field(w, "schema", VMAVIEW_JSON_SCHEMA);
	jw_obj_end(w);
	jw_key(w, "host");
	jw_obj_start(w);
	if (snap) {
		jw_str_field(w, "arch", sm.machine);
		jw_str_field(w, "kernel", sm.kernel);
		jw_u64_field(w, "page_size", sm.page_size);
	} else {
		if (uname(&u) == 0) {
			jw_str_field(w, "arch", u.machine);
			jw_str_field(w, "kernel", u.release);
		}
		jw_u64_field(w, "page_size", (uint64_t)sysconf(_SC_PAGESIZE));
	}
	if (opts->proc_root)
		jw_str_field(w, "proc_root", opts->proc_root);
	if (snap) {
		jw_key(w, "snapshot");
		jw_obj_start(w);
		jw_u64_field(w, "pid", (uint64_t)sm.pid);
		jw_str_field(w, "taken", sm.taken);
		jw_str_field(w, "vmaview", sm.version);
		jw_obj_end(w);
		snapshot_meta_free(&sm);
	}
	if (opts->board)
		json_board(w, opts->board);
	jw_obj_end(w);
}

void json_board(struct jsonw *w, const struct board_detect *d)
{
	const struct board *b = d->board;

	jw_key(w, "board");
	jw_obj_start(w);
	jw_str_field(w, "id", b->id);
	jw_str_field(w, "model", b->model);
	jw_str_field(w, "soc", b->soc);
	/* what the DT says; forced without one, the board's own list */
	jw_key(w, "compatible");
	jw_arr_start(w);
	if (d->ncompat) {
		for (size_t i = 0; i < d->ncompat; i++)
			jw_str(w, board_detect_compat(d, i));
	} else {
		for (size_t i = 0; b->compatible[i]; i++)
			jw_str(w, b->compatible[i]);
	}
	jw_arr_end(w);
	jw_str_field(w, "source", d->forced ? "option" : "device-tree");
	if (*d->model)
		jw_str_field(w, "dt_model", d->model);
	jw_str_field(w, "clusters_source", d->clusters_cpuinfo ? "cpuinfo" : "table");
	jw_key(w, "clusters");
	jw_arr_start(w);
	for (size_t i = 0; i < d->nclusters; i++) {
		const struct board_cluster *c = &d->clusters[i];

		jw_obj_start(w);
		jw_str_field(w, "name", c->name);
		jw_str_field(w, "core", c->core);
		jw_u64_field(w, "first_cpu", c->first_cpu);
		jw_u64_field(w, "last_cpu", c->last_cpu);
		jw_bool_field(w, "hw_dbm", c->hw_dbm);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

void json_proc_ident(struct jsonw *w, const struct proc_info *pi)
{
	jw_u64_field(w, "pid", (uint64_t)pi->pid);
	if (pi->comm)
		jw_str_field(w, "comm", pi->comm);
	else
		jw_key(w, "comm"), jw_null(w);
	jw_key(w, "cmdline");
	jw_arr_start(w);
	for (size_t i = 0; pi->cmdline && i < pi->cmdline_len;) {
		size_t n = strnlen(pi->cmdline + i, pi->cmdline_len - i);

		jw_strn(w, pi->cmdline + i, n);
		i += n + 1;
	}
	jw_arr_end(w);
}

static void js_process_begin(struct output *o, const struct proc_info *pi)
{
	struct jsonw *w = W(o);

	((struct json_priv *)o->priv)->pid = pi->pid;
	jw_obj_start(w);
	json_proc_ident(w, pi);
	jw_key(w, "vmas");
	jw_arr_start(w);
}

static void emit_extra(struct jsonw *w, const struct vma *v)
{
	jw_key(w, "smaps_extra");
	jw_obj_start(w);
	for (size_t i = 0; i < v->nextra; i++) {
		const struct smaps_extra *x = &v->extra[i];

		if (x->text)
			jw_str_field(w, x->key, x->text);
		else
			jw_u64_field(w, x->key, x->value);
	}
	jw_obj_end(w);
}

/* The frame columns, nested: "frames": {...}. */
static void emit_frames(struct output *o, const struct vma *v)
{
	struct json_priv *jp = o->priv;

	if (!jp->frames)
		return;
	jw_key(jp->w, "frames");
	jw_obj_start(jp->w);
	for (size_t i = 0; i < o->cols->n; i++)
		if (!jp->skip[i] && o->cols->v[i].col->id == COLID_FRAME)
			column_json(&o->cols->v[i], v, jp->w);
	jw_obj_end(jp->w);
}

void json_limits(struct jsonw *w, const struct vv_limit *lim, size_t n)
{
	jw_key(w, "limits");
	jw_arr_start(w);
	for (size_t i = 0; i < n; i++) {
		jw_obj_start(w);
		jw_str_field(w, "source", lim[i].source);
		jw_str_field(w, "reason", lim[i].reason);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void js_vma(struct output *o, const struct vma *v)
{
	struct json_priv *jp = o->priv;
	struct jsonw *w = jp->w;

	jw_obj_start(w);
	for (size_t i = 0; i < o->cols->n; i++)
		if (!jp->skip[i] &&
		    o->cols->v[i].col->id != COLID_FRAME)
			column_json(&o->cols->v[i], v, w);
	emit_frames(o, v);
	if (o->all_columns)
		emit_extra(w, v);
	if (o->opts->delta)
		json_delta_vma(o, w, jp->pid, v);
	jw_obj_end(w);
}

static void js_process_end(struct output *o, const struct vma *t,
			   size_t nvmas, const char *error)
{
	struct json_priv *jp = o->priv;
	struct jsonw *w = jp->w;

	jw_arr_end(w);
	jw_key(w, "totals");
	jw_obj_start(w);
	jw_u64_field(w, "vmas", nvmas);
	for (size_t i = 0; t && i < o->cols->n; i++)
		if (o->cols->v[i].col->summable && !jp->skip[i] &&
		    o->cols->v[i].col->id != COLID_FRAME)
			column_json(&o->cols->v[i], t, w);
	if (t)
		emit_frames(o, t);
	if (t && o->all_columns)
		emit_extra(w, t);
	jw_obj_end(w);
	json_limits(w, o->limits, o->nlimits);
	if (o->stacks)
		json_threads(w, o->stacks);
	jw_bool_field(w, "complete", !error);
	if (error)
		jw_str_field(w, "error", error);
	jw_obj_end(w);
	o->nprocs++;
}

/* "skipped": [{"reason":..., "count":...}] of a selection (--all, ...). */
void json_skipped(struct jsonw *w, const struct vv_tally *t)
{
	if (!t)
		return;
	jw_key(w, "skipped");
	jw_arr_start(w);
	for (size_t i = 0; i < t->n; i++) {
		jw_obj_start(w);
		jw_str_field(w, "reason", t->c[i].reason);
		jw_u64_field(w, "count", t->c[i].count);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void js_end(struct output *o)
{
	struct jsonw *w = W(o);

	jw_arr_end(w);
	if (o->opts->delta)
		json_delta_removed(o, w);
	json_skipped(w, o->opts->tally);
	jw_obj_end(w);
}

static void js_destroy(struct output *o)
{
	struct json_priv *jp = o->priv;

	if (jp) {
		jw_destroy(jp->w);
		free(jp->skip);
		free(jp);
	}
	o->priv = NULL;
}

static const struct output_ops json_ops = {
	.begin = js_begin,
	.process_begin = js_process_begin,
	.vma = js_vma,
	.process_end = js_process_end,
	.end = js_end,
	.destroy = js_destroy,
};

void out_json_init(struct output *o)
{
	o->ops = &json_ops;
}
