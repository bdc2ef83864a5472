/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - group.h: show --group: VMAs summed by object name, kind, process or user */
#ifndef VMAVIEW_GROUP_H
#define VMAVIEW_GROUP_H

#include <stdbool.h>
#include <stdio.h>

#include "vmaview/opts.h"
#include "vmaview/procfs.h"
#include "vmaview/vma.h"

/* "vma" (no grouping), "name", "kind", "process", "user": 0 or -EINVAL */
int group_parse(const char *s, enum vv_group *g);

/*
 * The group of VMA v by name (the mapped object: its name, or "[anon]") or
 * by kind (the region kind of summary); shared by show --group and map.
 */
const char *group_key(enum vv_group g, const struct vma *v);

/*
 * show with o->group other than VV_GROUP_VMA: one row per group over all
 * the targets, with the count of VMAs and of processes in it and the sums
 * of the summable columns (-o; frame columns walk the frames, frame_pss is
 * exact). Returns 0, 1 when a target could not be read, or -EINVAL with
 * *bad set (an unknown or unsummable column; malloc'd).
 */
int group_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
	      char **bad);

#endif
