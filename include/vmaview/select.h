/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - select.h: process selection (--all, --pgrep, --children, --user) */
#ifndef VMAVIEW_SELECT_H
#define VMAVIEW_SELECT_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "vmaview/opts.h"
#include "vmaview/procfs.h"

/*
 * Processes chosen by a selector that could not be read: counted per
 * cause and said once at the end (one stderr line per cause, JSON
 * "skipped"), not one warning each.
 */
#define TALLY_MAX 8
struct vv_tally {
	struct {
		const char *reason;   /* a static string */
		unsigned count;
	} c[TALLY_MAX];
	size_t n;
};

/* Counts one process skipped for reason (a static string). */
void tally_add(struct vv_tally *t, const char *reason);
/* "vmaview: 3 processes skipped: no such process (exited)", one per cause. */
void tally_report(const struct vv_tally *t, FILE *err);

/* Is any selector (--all, --pgrep, --children, --user) given? */
bool select_any(const struct vv_opts *o);

/*
 * The PIDs the selectors choose (every selector must hold; explicit
 * targets, when given, must be among them too), ascending, without
 * vmaview itself and without kernel threads. Returns 0, or -EINVAL with
 * *bad a malloc'd message (a bad regex, an unknown user or target).
 */
int select_pids(const struct vv_opts *o, const struct procfs *p, pid_t **out,
		size_t *n, char **bad);

/* PIDs as strings ("123"), for vv_opts.targets; free with select_free. */
char **select_strings(const pid_t *pids, size_t n);
void select_free(char **s, size_t n);

#endif
