/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - out_table.c: table, --raw and --pairs output of VMA rows */
#include "vmaview/output.h"

#include <stdlib.h>
#include <string.h>

#include "vmaview/tabw.h"
#include "vmaview/xalloc.h"

struct table_priv {
	struct tabw *tb;
	const struct proc_info *pi;
	int64_t dsum;      /* --interval: the RSS change of the rows */
};

static bool col_numeric(const struct column *c)
{
	return c->type == COL_BYTES || c->type == COL_U64;
}

static struct tabw *tb_table(struct output *o)
{
	const struct vv_opts *op = o->opts;
	enum tabw_mode mode = op->format == VV_FMT_RAW	 ? TABW_RAW :
			      op->format == VV_FMT_PAIRS ? TABW_PAIRS :
							   TABW_TABLE;
	struct tabw *tb = tabw_new(o->out, mode, op->noheadings);

	if (op->delta)
		tabw_column(tb, "CHG", false);
	for (size_t i = 0; i < o->cols->n; i++) {
		const struct column *c = o->cols->v[i].col;

		tabw_column(tb, c->header, col_numeric(c));
	}
	if (op->delta)
		tabw_column(tb, "DELTA", true);
	return tb;
}

static void tb_new(struct output *o)
{
	struct table_priv *tp = o->priv;

	tp->tb = tb_table(o);
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

static const char *cell(struct output *o, const struct colsel *c,
			const struct vma *v, char *buf, size_t n)
{
	struct table_priv *tp = o->priv;

	if (c->col->id == COLID_PID) {
		snprintf(buf, n, "%d", (int)tp->pi->pid);
		return buf;
	}
	if (c->col->id == COLID_COMM)
		return tp->pi->comm ? tp->pi->comm : "";
	return column_format(c, v, o->opts->bytes, buf, n);
}

/* --interval: the row's cells are kept for when it is removed */
static void tb_vma_delta(struct output *o, const struct vma *v)
{
	struct table_priv *tp = o->priv;
	char **cells = xcalloc(o->cols->n + 1, sizeof(char *));
	char buf[4096];

	for (size_t i = 0; i < o->cols->n; i++)
		cells[i] = xstrdup(cell(o, &o->cols->v[i], v, buf, sizeof(buf)));
	table_delta_row(o, tp->tb, tp->pi->pid, v, (const char *const *)cells,
			o->cols->n, &tp->dsum);
	for (size_t i = 0; i < o->cols->n; i++)
		free(cells[i]);
	free(cells);
}

static void tb_vma(struct output *o, const struct vma *v)
{
	struct table_priv *tp = o->priv;
	char buf[4096];

	if (o->opts->delta) {
		tb_vma_delta(o, v);
		return;
	}
	for (size_t i = 0; i < o->cols->n; i++) {
		const char *s = cell(o, &o->cols->v[i], v, buf, sizeof(buf));

		tabw_cell(tp->tb, s, strlen(s));
	}
}

/* Above the first title: "Board: Radxa ROCK 5B+ (rk3588, device tree)" */
static void board_title(struct output *o)
{
	const struct board_detect *d = o->opts->board;

	fprintf(o->out, "Board: %s (%s, %s)\n", d->board->model, d->board->soc,
		d->forced ? "--board" : "device tree");
}

static void print_title(struct output *o, const struct proc_info *pi)
{
	char *args;

	if (o->nprocs)
		fputc('\n', o->out);
	else if (o->opts->board)
		board_title(o);
	if (pi->cmdline && pi->cmdline_len) {
		char *tmp = xmalloc(pi->cmdline_len + 1);

		for (size_t i = 0; i < pi->cmdline_len; i++)
			tmp[i] = pi->cmdline[i] ? pi->cmdline[i] : ' ';
		size_t w;

		args = xmalloc(pi->cmdline_len * 4 + 1);
		tabw_encode(TABW_TABLE, tmp, pi->cmdline_len, args, &w);
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
	bool labelled = false;
	char buf[64];

	if (o->opts->delta)
		tabw_cell(tp->tb, " ", 1);
	for (size_t i = 0; i < o->cols->n; i++) {
		const struct colsel *c = &o->cols->v[i];
		const char *s = "";

		if (c->col->summable)
			s = column_format(c, t, o->opts->bytes, buf, sizeof(buf));
		else if (!labelled && !col_numeric(c->col))
			s = "total";
		if (!c->col->summable && !col_numeric(c->col))
			labelled = true;
		tabw_cell(tp->tb, s, strlen(s));
	}
	if (o->opts->delta)
		table_delta_totals(o, tp->tb, tp->dsum);
}

static void tb_process_end(struct output *o, const struct vma *totals,
			   size_t nvmas, const char *error)
{
	struct table_priv *tp = o->priv;

	(void)nvmas;
	if (!error && o->opts->delta)
		table_delta_removed(o, tp->tb, tp->pi->pid, &tp->dsum);
	if (!error) {
		if (totals && !o->opts->no_totals)
			tb_totals(o, totals);
		if (o->opts->format == VV_FMT_TABLE && !o->opts->noheadings)
			print_title(o, tp->pi);
		tabw_print(tp->tb);
		if (o->stacks && o->opts->format == VV_FMT_TABLE)
			table_threads(o->out, o->stacks);
		o->nprocs++;
	}
	tabw_free(tp->tb);
	tp->tb = NULL;
	tp->dsum = 0;
}

static void tb_end(struct output *o)
{
	if (o->opts->delta)
		table_delta_gone(o, tb_table);
}

static void tb_destroy(struct output *o)
{
	struct table_priv *tp = o->priv;

	if (tp)
		tabw_free(tp->tb);
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
