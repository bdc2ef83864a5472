/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - show.h: the show command: one row per VMA for each target */
#ifndef VMAVIEW_SHOW_H
#define VMAVIEW_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "vmaview/opts.h"
#include "vmaview/procfs.h"

/*
 * Resolves a target argument ("1234" or "self") to a pid. 0 or -EINVAL
 * (not a pid), or the -errno of resolving "self".
 */
int target_parse(const struct procfs *p, const char *arg, pid_t *pid);

/*
 * Runs `show`. Messages for targets that could not be inspected go to
 * stderr ("vmaview: PID: reason"). Returns 0 when every target was shown,
 * 1 when at least one was not, or -EINVAL when a column name is invalid:
 * *bad then names the offending word (malloc'd) and *bad_sort says whether
 * it is the --sort key rather than a -o column.
 */
int show_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
	     char **bad, bool *bad_sort);

#endif
