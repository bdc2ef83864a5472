/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pages.h: the pages command: one row per page or per run of pages */
#ifndef VMAVIEW_PAGES_H
#define VMAVIEW_PAGES_H

#include <stdbool.h>
#include <stdio.h>

#include "vmaview/opts.h"
#include "vmaview/procfs.h"

/* The page columns, in --list-columns order. */
struct page_column {
	const char *name;    /* -o name, JSON key */
	const char *header;
	const char *type;    /* as --list-columns names it */
	const char *help;
	int id;              /* enum page_col_id (pages.c) */
	unsigned needs;      /* FS_KPF, FS_KPC */
	bool runs_only;      /* only with --runs */
	int width;           /* table width; negative: left-aligned */
};

const struct page_column *page_columns_all(size_t *n);
/* pages --list-columns */
void list_page_columns(FILE *out);

/*
 * Runs `pages` for o->targets[0] and the optional RANGE in o->targets[1].
 * Returns 0, 1 when the target could not be inspected, or -EINVAL for a
 * usage error (*bad: a malloc'd message).
 */
int pages_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
	      char **bad);

#endif
