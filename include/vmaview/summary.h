/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - summary.h: the summary command: per-process totals by region kind */
#ifndef VMAVIEW_SUMMARY_H
#define VMAVIEW_SUMMARY_H

#include <stdio.h>

#include "vmaview/opts.h"
#include "vmaview/procfs.h"
#include "vmaview/vma.h"

enum region {
#define REGION(id, name, desc) REGION_##id,
#include "../../src/flags/regions.def"
#undef REGION
	REGION_COUNT
};

const char *region_name(enum region r);
/* The summary kind of a VMA (after vma_classify and smaps). */
enum region region_of(const struct vma *v);

/*
 * vmaview summary PID...: a table (or JSON) of each target's totals by
 * region kind, or with o->totals one row per target from smaps_rollup.
 * Returns 0, or 1 when a target could not be read.
 */
int summary_run(const struct vv_opts *o, const struct procfs *p, FILE *out);

#endif
