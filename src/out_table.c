/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - out_table.c: table, --raw and --pairs output through libsmartcols */
#include "vmaview/output.h"

#include <inttypes.h>
#include <libsmartcols.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/xalloc.h"

struct table_priv {
	struct libscols_table *tb;
	const struct proc_info *pi;
	int first_col;     /* index of the column where "total" goes, or -1 */
};

static bool col_numeric(const struct column *c)
{
	return c->type == COL_BYTES || c->type == COL_U64;
}

static void tb_new(struct output *o)
{
	struct table_priv *tp = o->priv;
	const struct vv_opts *op = o->opts;

	tp->tb = scols_new_table();
	if (!tp->tb)
		xoom();
	scols_table_enable_raw(tp->tb, op->format == VV_FMT_RAW);
	scols_table_enable_export(tp->tb, op->format == VV_FMT_PAIRS);
	scols_table_enable_noheadings(tp->tb, op->noheadings);
	scols_table_enable_colors(tp->tb, 0);
	scols_table_set_stream(tp->tb, o->out);
	for (size_t i = 0; i < o->cols->n; i++) {
		const struct column *c = o->cols->v[i].col;
		int fl = col_numeric(c) ? SCOLS_FL_RIGHT : 0;
		double whint = c->id == COLID_NAME ? 0.3 : 1;

		if (!scols_table_new_column(tp->tb, c->header, whint, fl))
			xoom();
	}
}

static void tb_begin(struct output *o)
{
	o->priv = xcalloc(1, sizeof(struct table_priv));
}

static void tb_process_begin(struct output *o, const struct proc_info *pi)
{
	struct table_priv *tp = o->priv;

	tp->pi = pi;
	tb_new(o);
}

static void set_cell(struct libscols_line *ln, size_t i, const char *s)
{
	if (scols_line_set_data(ln, i, s))
		xoom();
}

static void tb_vma(struct output *o, const struct vma *v)
{
	struct table_priv *tp = o->priv;
	struct libscols_line *ln = scols_table_new_line(tp->tb, NULL);
	char buf[4096];

	if (!ln)
		xoom();
	for (size_t i = 0; i < o->cols->n; i++) {
		const struct colsel *c = &o->cols->v[i];
		const char *s;

		if (c->col->id == COLID_PID) {
			snprintf(buf, sizeof(buf), "%d", (int)tp->pi->pid);
			s = buf;
		} else if (c->col->id == COLID_COMM) {
			s = tp->pi->comm ? tp->pi->comm : "";
		} else {
			s = column_format(c, v, o->opts->bytes, buf, sizeof(buf));
		}
		set_cell(ln, i, s);
	}
}

static void print_title(struct output *o, const struct proc_info *pi)
{
	char *args;

	if (o->nprocs)
		fputc('\n', o->out);
	if (pi->cmdline && pi->cmdline_len) {
		char *tmp = xmalloc(pi->cmdline_len + 1);

		for (size_t i = 0; i < pi->cmdline_len; i++)
			tmp[i] = pi->cmdline[i] ? pi->cmdline[i] : ' ';
		args = escape_for_table(tmp, pi->cmdline_len);
		free(tmp);
	} else {
		const char *c = pi->comm ? pi->comm : "?";

		args = xasprintf("[%s]", c);
	}
	fprintf(o->out, "%d:   %s\n", (int)pi->pid, args);
	free(args);
}

static void tb_totals(struct output *o, const struct vma *t)
{
	struct table_priv *tp = o->priv;
	struct libscols_line *ln = scols_table_new_line(tp->tb, NULL);
	bool labelled = false;
	char buf[64];

	if (!ln)
		xoom();
	for (size_t i = 0; i < o->cols->n; i++) {
		const struct colsel *c = &o->cols->v[i];
		const char *s = "";

		if (c->col->summable)
			s = column_format(c, t, o->opts->bytes, buf, sizeof(buf));
		else if (!labelled && !col_numeric(c->col))
			s = "total";
		if (!c->col->summable && !col_numeric(c->col))
			labelled = true;
		set_cell(ln, i, s);
	}
}

static void tb_process_end(struct output *o, const struct vma *totals,
			   size_t nvmas, const char *error)
{
	struct table_priv *tp = o->priv;

	(void)nvmas;
	if (!error) {
		if (totals && !o->opts->no_totals)
			tb_totals(o, totals);
		if (o->opts->format == VV_FMT_TABLE && !o->opts->noheadings)
			print_title(o, tp->pi);
		scols_print_table(tp->tb);
		o->nprocs++;
	}
	scols_unref_table(tp->tb);
	tp->tb = NULL;
}

static void tb_end(struct output *o)
{
	(void)o;
}

static void tb_destroy(struct output *o)
{
	struct table_priv *tp = o->priv;

	if (tp && tp->tb)
		scols_unref_table(tp->tb);
	free(tp);
	o->priv = NULL;
}

static const struct output_ops table_ops = {
	.begin = tb_begin,
	.process_begin = tb_process_begin,
	.vma = tb_vma,
	.process_end = tb_process_end,
	.end = tb_end,
	.destroy = tb_destroy,
};

void out_table_init(struct output *o)
{
	o->ops = &table_ops;
}
