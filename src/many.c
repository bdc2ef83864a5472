/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - many.c: commands over many processes: selection, repetition, who */
#include "vmaview/many.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmaview/delta.h"
#include "vmaview/group.h"
#include "vmaview/select.h"
#include "vmaview/show.h"
#include "vmaview/summary.h"
#include "vmaview/who.h"
#include "vmaview/xalloc.h"

int many_usage_ret(int ret, char *bad)
{
	if (ret < 0) {
		fprintf(stderr, "vmaview: %s\nTry 'vmaview --help' for more information.\n",
			bad ? bad : "invalid arguments");
		ret = VV_EXIT_USAGE;
	}
	free(bad);
	return ret;
}

/* show (or --group), its usage errors said; returns the exit status. */
static int show_status(struct vv_opts *o, const struct procfs *p)
{
	char *bad = NULL;
	bool bad_sort = false;
	int ret;

	if (o->group != VV_GROUP_VMA) {
		ret = group_run(o, p, stdout, &bad);
		return many_usage_ret(ret, bad);
	}
	ret = show_run(o, p, stdout, &bad, &bad_sort);

	if (ret < 0) {
		if (bad_sort)
			fprintf(stderr, "vmaview: unknown sort column: '%s'\n",
				o->sort);
		else
			fprintf(stderr, "vmaview: unknown column: '%s'\n",
				bad ? bad : "");
		fprintf(stderr, "Try 'vmaview --list-columns'.\n");
		ret = VV_EXIT_USAGE;
	}
	free(bad);
	return ret;
}

/* A command over processes (o->targets). */
static int dispatch(struct vv_opts *o, const struct procfs *p)
{
	if (o->cmd == VV_CMD_SUMMARY)
		return summary_run(o, p, stdout);
	return show_status(o, p);
}

/*
 * The command over the processes that --all, --pgrep, --children and
 * --user choose (and the PIDs given, when any): those that vanish or
 * deny access are counted, said once per cause, and do not fail the run.
 */
static int run_selected(struct vv_opts *o, const struct procfs *p)
{
	struct vv_tally tally = { 0 };
	char *bad = NULL, **saved = o->targets;
	int nsaved = o->ntargets, ret;
	pid_t *pids;
	size_t n;

	if (select_pids(o, p, &pids, &n, &bad) < 0)
		return many_usage_ret(-EINVAL, bad);
	if (!n) {
		free(pids);
		fprintf(stderr, "vmaview: no process selected\n");
		return EXIT_FAILURE;
	}
	o->targets = select_strings(pids, n);
	o->ntargets = (int)n;
	o->tally = &tally;
	ret = dispatch(o, p);
	tally_report(&tally, stderr);
	select_free(o->targets, n);
	free(pids);
	o->targets = saved;
	o->ntargets = nsaved;
	o->tally = NULL;
	return ret;
}

/*
 * vmaview who FRAME...: over the processes the selectors choose, every
 * process when none is given.
 */
int many_who(struct vv_opts *o, const struct procfs *p, char **frames,
	     int nframes)
{
	struct vv_tally tally = { 0 };
	char *bad = NULL;
	pid_t *pids;
	size_t n;
	int ret;

	o->cmd = VV_CMD_WHO;
	o->targets = NULL;
	o->ntargets = 0;
	if (!select_any(o))
		o->sel_all = true;
	if (nframes < 1)
		return many_usage_ret(-EINVAL, xstrdup("who: no frame given (a PFN in hex, or 0x and a physical address)"));
	if (select_pids(o, p, &pids, &n, &bad) < 0)
		return many_usage_ret(-EINVAL, bad);
	o->targets = select_strings(pids, n);
	o->ntargets = (int)n;
	o->tally = &tally;
	ret = who_run(o, p, frames, nframes, stdout, &bad);
	tally_report(&tally, stderr);
	select_free(o->targets, n);
	free(pids);
	o->targets = NULL;
	o->ntargets = 0;
	o->tally = NULL;
	return many_usage_ret(ret, bad);
}

/*
 * --interval: the view (summary, show, show --group) every interval, over the
 * processes chosen again each time; the worst exit status of the samples.
 */
static int run_repeated(struct vv_opts *o, const struct procfs *p)
{
	struct timespec ts = { .tv_sec = o->interval_ms / 1000,
			       .tv_nsec = (long)(o->interval_ms % 1000) * 1000000 };
	int worst = 0, ret;

	o->delta = delta_new();
	for (unsigned i = 0; !o->count || i < o->count; i++) {
		if (i) {
			while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
				;
			ts.tv_sec = o->interval_ms / 1000;
			ts.tv_nsec = (long)(o->interval_ms % 1000) * 1000000;
			if (o->format != VV_FMT_JSON && !o->noheadings)
				putchar('\n');
		}
		ret = select_any(o) ? run_selected(o, p) : dispatch(o, p);
		fflush(stdout);
		if (ret == VV_EXIT_USAGE) {
			worst = ret;
			break;
		}
		if (ret > worst)
			worst = ret;
	}
	delta_free(o->delta);
	o->delta = NULL;
	return worst;
}


int many_run(struct vv_opts *o, const struct procfs *p)
{
	if (o->count && !o->interval_ms)
		return many_usage_ret(-EINVAL, xstrdup("--count needs --interval"));
	if (o->interval_ms)
		return run_repeated(o, p);
	if (select_any(o))
		return run_selected(o, p);
	return dispatch(o, p);
}
