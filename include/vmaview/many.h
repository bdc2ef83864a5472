/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - many.h: commands over many processes: selection, repetition, who */
#ifndef VMAVIEW_MANY_H
#define VMAVIEW_MANY_H

#include "vmaview/opts.h"
#include "vmaview/procfs.h"

#define VV_EXIT_USAGE 64

/*
 * A command's result as an exit status: a negative ret is a usage error,
 * said with bad (freed) and turned into 64.
 */
int many_usage_ret(int ret, char *bad);

/*
 * show (one row per VMA, or --group) or summary (o->cmd) over o->targets,
 * or over what the selectors choose (skipped processes counted and said
 * once), every --interval with --count. Messages go to stderr; returns the
 * exit status.
 */
int many_run(struct vv_opts *o, const struct procfs *p);

/* vmaview who FRAME...: over the selection, or every process. */
int many_who(struct vv_opts *o, const struct procfs *p, char **frames,
	     int nframes);

#endif
