/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - who.c: the who command: every process and address that maps a frame */
#include "vmaview/who.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vmaview/frames.h"
#include "vmaview/jsonw.h"
#include "vmaview/output.h"
#include "vmaview/pfnset.h"
#include "vmaview/process.h"
#include "vmaview/select.h"
#include "vmaview/show.h"
#include "vmaview/smaps.h"
#include "vmaview/tabw.h"
#include "vmaview/text.h"
#include "vmaview/xalloc.h"

int who_parse_frame(const char *s, unsigned page_shift, uint64_t *pfn)
{
	bool phys = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	char *end;
	uint64_t v;

	if (phys)
		s += 2;
	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 16);
	if (errno || *end)
		return -EINVAL;
	*pfn = phys ? v >> page_shift : v;
	return 0;
}

/* One mapping of a wanted frame. */
struct hit {
	uint64_t pfn, vaddr;
	pid_t pid;
	char perms[5];
	char *name, *comm;
};

struct scan {
	const struct pfnset *want;
	struct hit *h;
	size_t n, cap;
	const struct vma *v;   /* the VMA being walked */
	pid_t pid;
	char *comm;            /* of pid, shared by its hits */
	bool hidden;           /* PFNs read as 0 somewhere */
};

static int match(const struct page_info *pg, size_t n, void *arg)
{
	struct scan *sc = arg;

	for (size_t i = 0; i < n; i++) {
		uint64_t pfn = pg[i].pm & PM_PFN_MASK;
		struct hit *h;

		if (!(pg[i].have & PI_PFN) || !pfnset_has(sc->want, pfn))
			continue;
		if (sc->n == sc->cap) {
			sc->cap = sc->cap ? sc->cap * 2 : 64;
			sc->h = xreallocarray(sc->h, sc->cap, sizeof(*sc->h));
		}
		h = &sc->h[sc->n++];
		h->pfn = pfn;
		h->vaddr = pg[i].vaddr;
		h->pid = sc->pid;
		memcpy(h->perms, sc->v->perms, sizeof(h->perms));
		h->name = xstrdup(sc->v->name ? sc->v->name : "");
		h->comm = sc->comm;
	}
	return 0;
}

/* Walks one process. 0, or the reason it was skipped (static). */
static const char *scan_one(const struct vv_opts *o, const struct procfs *p,
			    pid_t pid, struct scan *sc, char **comm_store)
{
	struct smaps_reader r;
	struct fscan fs;
	struct vma v = { 0 };
	struct proc_info pi;
	int ret = smaps_open(&r, p, pid, false);

	if (ret < 0)
		return ret == -EACCES || ret == -EPERM ? "permission denied" :
						       proc_why_unreadable(p, pid);
	ret = fscan_open(&fs, p, pid, 0, o->no_pagemap_scan);
	if (ret < 0) {
		smaps_close(&r);
		return ret == -EACCES || ret == -EPERM ? "permission denied" :
						       proc_why_unreadable(p, pid);
	}
	proc_info_read(p, pid, &pi);
	*comm_store = pi.comm ? pi.comm : xstrdup("?");
	pi.comm = NULL;
	proc_info_free(&pi);
	sc->pid = pid;
	sc->comm = *comm_store;
	while ((ret = smaps_next(&r, &v)) > 0) {
		sc->v = &v;
		fscan_walk(&fs, v.start, v.end, match, sc);
		vma_clear(&v);
	}
	if (fs.limits & FS_LIM_PFN_HIDDEN)
		sc->hidden = true;
	fscan_close(&fs);
	smaps_close(&r);
	return NULL;
}

static int cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->pfn != y->pfn)
		return x->pfn < y->pfn ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->vaddr > y->vaddr) - (x->vaddr < y->vaddr);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* On a terminal, once the scan has taken a second: "scanned 120/480". */
static void progress(double t0, int done, int total, bool *shown)
{
	if (!isatty(STDERR_FILENO) || now() - t0 < 1.0)
		return;
	fprintf(stderr, "\rvmaview: who: %d/%d processes scanned", done, total);
	*shown = true;
}

static void print_table(const struct vv_opts *o, const struct scan *sc,
			unsigned shift, FILE *out)
{
	struct tabw *tb = tabw_new(out, o->format == VV_FMT_RAW ? TABW_RAW :
					o->format == VV_FMT_PAIRS ? TABW_PAIRS :
								    TABW_TABLE,
				   o->noheadings);
	static const char *const heads[] = { "PFN", "PHYS", "PID", "COMMAND",
					     "VADDR", "PERMS", "NAME" };
	char buf[64];

	for (size_t c = 0; c < 7; c++)
		tabw_column(tb, heads[c], c == 2);
	for (size_t i = 0; i < sc->n; i++) {
		const struct hit *h = &sc->h[i];

		snprintf(buf, sizeof(buf), "%" PRIx64, h->pfn);
		tabw_cell(tb, buf, strlen(buf));
		snprintf(buf, sizeof(buf), "%" PRIx64, h->pfn << shift);
		tabw_cell(tb, buf, strlen(buf));
		snprintf(buf, sizeof(buf), "%d", (int)h->pid);
		tabw_cell(tb, buf, strlen(buf));
		tabw_cell(tb, h->comm, strlen(h->comm));
		snprintf(buf, sizeof(buf), "%" PRIx64, h->vaddr);
		tabw_cell(tb, buf, strlen(buf));
		tabw_cell(tb, h->perms, strlen(h->perms));
		tabw_cell(tb, h->name, strlen(h->name));
	}
	tabw_print(tb);
	tabw_free(tb);
}

static void print_json(const struct vv_opts *o, const struct scan *sc,
		       const struct pfnset *want, unsigned shift, FILE *out)
{
	struct jsonw *w = jw_new(out, o->pretty);
	size_t i = 0;

	json_doc_begin(w, o);
	jw_key(w, "frames");
	jw_arr_start(w);
	for (size_t f = 0; f < want->n; f++) {
		jw_obj_start(w);
		jw_hex_field(w, "pfn", want->pfn[f]);
		jw_hex_field(w, "phys", want->pfn[f] << shift);
		jw_key(w, "mappings");
		jw_arr_start(w);
		for (; i < sc->n && sc->h[i].pfn == want->pfn[f]; i++) {
			jw_obj_start(w);
			jw_u64_field(w, "pid", (uint64_t)sc->h[i].pid);
			jw_str_field(w, "comm", sc->h[i].comm);
			jw_hex_field(w, "vaddr", sc->h[i].vaddr);
			jw_str_field(w, "perms", sc->h[i].perms);
			jw_str_field(w, "name", sc->h[i].name);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	json_skipped(w, o->tally);
	jw_obj_end(w);
	jw_destroy(w);
}

int who_run(const struct vv_opts *o, const struct procfs *p, char **frames,
	    int nframes, FILE *out, char **bad)
{
	struct pfnset want = { 0 };
	struct scan sc = { .want = &want };
	char **comms = xcalloc((size_t)o->ntargets + 1, sizeof(*comms));
	long ps = sysconf(_SC_PAGESIZE);
	unsigned shift = 0;
	bool shown = false;
	double t0 = now();
	int failed = 0;
	unsigned scanned = 0;

	while ((1L << shift) < ps)
		shift++;
	*bad = NULL;
	if (!nframes) {
		*bad = xstrdup("who: no frame given (a PFN in hex, or 0x and a physical address)");
		free(comms);
		return -EINVAL;
	}
	for (int i = 0; i < nframes; i++) {
		uint64_t pfn;

		if (who_parse_frame(frames[i], shift, &pfn) < 0) {
			*bad = xasprintf("who: '%s' is not a PFN (hex) or a physical address (0x...)",
					 frames[i]);
			free(comms);
			return -EINVAL;
		}
		pfnset_add(&want, pfn);
	}
	pfnset_seal(&want);
	for (int i = 0; i < o->ntargets; i++) {
		pid_t pid;
		const char *why;

		if (target_parse(p, o->targets[i], &pid) < 0)
			continue;
		why = scan_one(o, p, pid, &sc, &comms[i]);
		if (!why)
			scanned++;
		else if (o->tally)
			tally_add(o->tally, why);
		progress(t0, i + 1, o->ntargets, &shown);
	}
	if (shown)
		fputs("\r\033[K", stderr);
	if (sc.hidden) {
		fprintf(stderr, "vmaview: who: frames are hidden: PFNs read as 0 without CAP_SYS_ADMIN\n");
		failed = 1;
	} else if (!scanned) {
		/* an empty answer would claim that no process maps the frames */
		fprintf(stderr, "vmaview: who: no process could be read, so none was searched\n");
		failed = 1;
	}
	if (sc.n)
		qsort(sc.h, sc.n, sizeof(*sc.h), cmp_hit);
	if (o->format == VV_FMT_JSON)
		print_json(o, &sc, &want, shift, out);
	else
		print_table(o, &sc, shift, out);
	for (size_t i = 0; i < sc.n; i++)
		free(sc.h[i].name);
	free(sc.h);
	for (int i = 0; i < o->ntargets; i++)
		free(comms[i]);
	free(comms);
	pfnset_free(&want);
	return failed;
}
