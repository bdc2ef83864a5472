/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - output.h: one front end over the table and JSON backends */
#ifndef VMAVIEW_OUTPUT_H
#define VMAVIEW_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "vmaview/columns.h"
#include "vmaview/opts.h"
#include "vmaview/process.h"
#include "vmaview/vma.h"

struct output;

struct output_ops {
	void (*begin)(struct output *o);
	void (*process_begin)(struct output *o, const struct proc_info *pi);
	void (*vma)(struct output *o, const struct vma *v);
	/* totals: a vma whose summable fields hold the sums (NULL: none) */
	void (*process_end)(struct output *o, const struct vma *totals,
			    size_t nvmas, const char *error);
	void (*end)(struct output *o);
	void (*destroy)(struct output *o);
};

struct output {
	const struct output_ops *ops;
	const struct vv_opts *opts;
	const struct colset *cols;
	bool all_columns;        /* JSON: every field, incl. unknown smaps keys */
	FILE *out;
	int nprocs;              /* processes printed so far */
	const struct vv_limit *limits; /* of the current process (JSON) */
	size_t nlimits;
	const struct proc_stacks *stacks; /* --stacks: of the current process */
	void *priv;
};

struct output *output_new(const struct vv_opts *opts,
			  const struct colset *cols, bool all_columns,
			  FILE *out);
void output_destroy(struct output *o);

/* Backend constructors (out_table.c, out_json.c). */
void out_table_init(struct output *o);
void out_json_init(struct output *o);

struct jsonw;
/* JSON pieces shared by the show and pages documents (out_json.c). */
/* Opens the document: {"vmaview":..., "host":..., "processes": [ */
void json_head(struct jsonw *w, const struct vv_opts *opts);
/* Only {"vmaview":..., "host":..., : the caller adds its own members. */
void json_doc_begin(struct jsonw *w, const struct vv_opts *opts);
/* "board": {"id", "model", "soc", "compatible", ...} (host member). */
void json_board(struct jsonw *w, const struct board_detect *d);
/* "pid", "comm", "cmdline" members of a process object. */
void json_proc_ident(struct jsonw *w, const struct proc_info *pi);
struct vv_tally;
/* "skipped": [{"reason":..,"count":..}, ...] when t is set (a selection) */
void json_skipped(struct jsonw *w, const struct vv_tally *t);
/* "limits": [{"source":..,"reason":..}, ...] */
void json_limits(struct jsonw *w, const struct vv_limit *lim, size_t n);

/*
 * What frame data is missing for a target (fs_err: fscan_open()'s result,
 * or > 0 when no frame column asked for frames): fills lim for JSON and
 * says each cause once per run on stderr; reported holds the causes said.
 */
size_t frame_limits_report(const struct fscan *fs, int fs_err,
			   struct vv_limit *lim, size_t max, unsigned *reported);

struct proc_stacks;
/* --stacks: "threads": [...] (JSON), one block per thread (table). */
void json_threads(struct jsonw *w, const struct proc_stacks *ps);
void table_threads(FILE *out, const struct proc_stacks *ps);

/*
 * --interval over one row per VMA (out_delta.c; opts->delta is set): a
 * row is known by PID, start and name and compared by RSS and size.
 * table_delta_row prints a row's CHG, cells and DELTA; *sum adds its
 * delta. table_delta_removed prints pid's rows the last sample had and
 * this one lacks ('-'); table_delta_gone, at the end, those of processes
 * not shown, one table each (new_table: an empty table with the columns).
 */
struct tabw;
void table_delta_row(struct output *o, struct tabw *tb, pid_t pid,
		     const struct vma *v, const char *const *cells, size_t n,
		     int64_t *sum);
void table_delta_removed(struct output *o, struct tabw *tb, pid_t pid,
			 int64_t *sum);
void table_delta_gone(struct output *o,
		      struct tabw *(*new_table)(struct output *o));
/* The DELTA cell of a totals row. */
void table_delta_totals(struct output *o, struct tabw *tb, int64_t sum);
/* JSON: "change" and "delta" of a VMA; "removed": [...] of the sample. */
void json_delta_vma(struct output *o, struct jsonw *w, pid_t pid,
		    const struct vma *v);
void json_delta_removed(struct output *o, struct jsonw *w);

/* Totals: add v's summable fields into t. */
void totals_add(struct vma *t, const struct vma *v);

#endif
