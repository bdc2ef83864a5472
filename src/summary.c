/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - summary.c: the summary command: per-process totals by region kind (vmmap's summary) */
#include "vmaview/summary.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/columns.h"
#include "vmaview/delta.h"
#include "vmaview/jsonw.h"
#include "vmaview/output.h"
#include "vmaview/process.h"
#include "vmaview/select.h"
#include "vmaview/show.h"
#include "vmaview/smaps.h"
#include "vmaview/tabw.h"
#include "vmaview/xalloc.h"

static const char *const region_names[REGION_COUNT] = {
#define REGION(id, name, desc) [REGION_##id] = name,
#include "flags/regions.def"
#undef REGION
};

const char *region_name(enum region r)
{
	return (unsigned)r < REGION_COUNT ? region_names[r] : "?";
}

enum region region_of(const struct vma *v)
{
	if (v->vmflags & (1ULL << VMFLAG_HT))
		return REGION_HUGETLB;
	if (v->perms[0] == '-' && v->perms[1] == '-' && v->perms[2] == '-')
		return REGION_GUARD;
	switch (v->kind) {
	case VMA_KIND_HEAP:
		return REGION_HEAP;
	case VMA_KIND_STACK:
		return REGION_STACK;
	case VMA_KIND_SHMEM:
		return REGION_SHMEM;
	case VMA_KIND_VDSO:
	case VMA_KIND_VVAR:
	case VMA_KIND_VSYSCALL:
		return REGION_VDSO;
	case VMA_KIND_FILE:
		return v->perms[2] == 'x' ? REGION_FILE_TEXT : REGION_FILE_DATA;
	case VMA_KIND_ANON:
		return REGION_ANON;
	case VMA_KIND_RESERVED:
		return REGION_GUARD;
	default:
		return REGION_OTHER;
	}
}

/* The measures of one row: bytes, but vmas. */
enum { M_VMAS, M_VIRT, M_RSS, M_DIRTY, M_SWAP, M_PSS, M_USS, M_COUNT };

static const char *const m_key[M_COUNT] = {
	"vmas", "virtual", "resident", "dirty", "swapped", "pss", "uss",
};
static const char *const m_head[M_COUNT] = {
	"VMAS", "VIRTUAL", "RESIDENT", "DIRTY", "SWAPPED", "PSS", "USS",
};

struct sums {
	uint64_t m[M_COUNT];
};

/* Adds the smaps measures of v (a VMA or the rollup) into s. */
static void sums_add(struct sums *s, const struct vma *v)
{
	const uint64_t *k = v->smaps;

	s->m[M_RSS] += k[SMAPS_RSS];
	s->m[M_DIRTY] += k[SMAPS_SHARED_DIRTY] + k[SMAPS_PRIVATE_DIRTY];
	s->m[M_SWAP] += k[SMAPS_SWAP];
	s->m[M_PSS] += k[SMAPS_PSS];
	s->m[M_USS] += k[SMAPS_PRIVATE_CLEAN] + k[SMAPS_PRIVATE_DIRTY];
}

static void sums_merge(struct sums *t, const struct sums *a)
{
	for (int i = 0; i < M_COUNT; i++)
		t->m[i] += a->m[i];
}

/* One target's rows, as read. */
struct target {
	struct proc_info pi;
	struct sums kind[REGION_COUNT], total;
	const char *error;
	char msg[600];
};

static const char *open_error(const struct procfs *p, pid_t pid, int err,
			      struct target *t, const char *file)
{
	/* a zombie's smaps_rollup is ESRCH */
	if (err == -ENOENT || err == -ESRCH)
		return proc_exists(p, pid) ? proc_empty_reason(proc_state(p, pid))
					   : "no such process";
	if (err == -EACCES || err == -EPERM)
		return "permission denied";
	snprintf(t->msg, sizeof(t->msg), "%d/%s: %s", (int)pid, file,
		 strerror(-err));
	return t->msg;
}

/* VmSize from status, in bytes (0 when unknown). */
static uint64_t vm_size(const struct procfs *p, pid_t pid)
{
	char rel[32], *buf, *q;
	uint64_t kb = 0;

	snprintf(rel, sizeof(rel), "%d/status", (int)pid);
	if (procfs_read_file(p, rel, 1 << 16, &buf, NULL) < 0)
		return 0;
	q = strstr(buf, "\nVmSize:");
	if (q)
		kb = strtoull(q + 8, NULL, 10);
	free(buf);
	return kb << 10;
}

/*
 * smaps_rollup: the kernel's sums over every VMA in one read (4.14+).
 * -ENOENT when the file does not exist (an old kernel, a fixture).
 */
static int read_rollup(const struct procfs *p, pid_t pid, struct target *t)
{
	char rel[48], *buf, *line, *nl;
	struct vma v = { 0 };
	const char *why;
	bool header = true;
	int ret;

	snprintf(rel, sizeof(rel), "%d/smaps_rollup", (int)pid);
	ret = procfs_read_file(p, rel, 1 << 16, &buf, NULL);
	if (ret < 0)
		return ret;
	for (line = buf; *line; line = nl ? nl + 1 : line + strlen(line)) {
		size_t len;

		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		if (header) { /* "lo-hi ---p 00000000 00:00 0 [rollup]" */
			header = false;
			continue;
		}
		smaps_parse_field(line, len, &v, &why);
	}
	free(buf);
	if (header) { /* empty: no mm */
		t->error = proc_empty_reason(proc_state(p, pid));
		vma_clear(&v);
		return 0;
	}
	sums_add(&t->total, &v);
	t->total.m[M_VIRT] = vm_size(p, pid);
	vma_clear(&v);
	return 0;
}

static int read_kinds(const struct procfs *p, pid_t pid, struct target *t)
{
	struct smaps_reader r;
	struct vma v = { 0 };
	size_t n = 0;
	int ret = smaps_open(&r, p, pid, true);

	if (ret < 0)
		return ret;
	while ((ret = smaps_next(&r, &v)) > 0) {
		struct sums *s = &t->kind[region_of(&v)];

		s->m[M_VMAS]++;
		s->m[M_VIRT] += v.end - v.start;
		sums_add(s, &v);
		vma_clear(&v);
		n++;
	}
	if (ret == -EINVAL) {
		snprintf(t->msg, sizeof(t->msg), "%s", r.err);
		t->error = t->msg;
	} else if (ret == -ESRCH) {
		t->error = "exited while being read";
	} else if (ret < 0) {
		snprintf(t->msg, sizeof(t->msg), "%s: %s", r.path, strerror(-ret));
		t->error = t->msg;
	} else if (!n) {
		t->error = proc_empty_reason(proc_state(p, pid));
	}
	smaps_close(&r);
	for (int k = 0; k < REGION_COUNT; k++)
		sums_merge(&t->total, &t->kind[k]);
	return 0;
}

/* Reads one target; false when it is left out (a selection's skip). */
static bool read_target(const struct vv_opts *o, const struct procfs *p,
			pid_t pid, struct target *t)
{
	int ret = -ENOENT;

	memset(t, 0, sizeof(*t));
	if (o->totals)
		ret = read_rollup(p, pid, t);
	if (ret == -ENOENT && proc_exists(p, pid)) /* no rollup: sum smaps */
		ret = read_kinds(p, pid, t);
	if (ret < 0)
		t->error = open_error(p, pid, ret, t,
				      o->totals ? "smaps_rollup" : "smaps");
	if (t->error && o->tally && t->error != t->msg) {
		tally_add(o->tally, t->error);
		return false;
	}
	proc_info_read(p, pid, &t->pi);
	t->pi.pid = pid;
	return true;
}

struct sink {
	const struct vv_opts *o;
	struct tabw *tb;
	struct jsonw *w;
	struct sums grand;
	size_t nshown;
};

/* A row's cells; with --interval, a change marker before, a delta after. */
static void put_row(struct sink *s, char mark, const char *const *cells,
		    size_t n, int64_t diff)
{
	char buf[40];

	if (s->o->delta)
		tabw_cell(s->tb, &mark, 1);
	for (size_t i = 0; i < n; i++)
		tabw_cell(s->tb, cells[i], strlen(cells[i]));
	if (s->o->delta) {
		delta_format(diff, s->o->bytes, buf, sizeof(buf));
		tabw_cell(s->tb, buf, strlen(buf));
	}
}

static void table_row(struct sink *s, const char *pid, const char *comm,
		      const char *kind, const struct sums *m)
{
	char num[M_COUNT][32], key[64];
	const char *cells[3 + M_COUNT];
	size_t n = 0;
	int64_t diff = 0;
	char mark = ' ';

	cells[n++] = pid;
	cells[n++] = comm;
	if (!s->o->totals)
		cells[n++] = kind;
	for (int i = s->o->totals ? M_VIRT : M_VMAS; i < M_COUNT; i++) {
		if (i == M_VMAS || s->o->bytes)
			snprintf(num[i], sizeof(num[i]), "%" PRIu64, m->m[i]);
		else
			size_human(m->m[i], num[i], sizeof(num[i]));
		cells[n++] = num[i];
	}
	if (s->o->delta) {
		snprintf(key, sizeof(key), "%s\t%s", pid, kind);
		mark = delta_row(s->o->delta, key, m->m[M_RSS], cells, n, &diff);
	}
	put_row(s, mark, cells, n, diff);
}

/* The rows of the last sample that this one lacks. */
static void table_removed(struct sink *s)
{
	const char *key;
	const char *const *cells;
	uint64_t v;
	size_t n;

	for (size_t i = 0;
	     s->o->delta && delta_removed(s->o->delta, i, &key, &v, &cells, &n);
	     i++)
		put_row(s, '-', cells, n, -(int64_t)v);
}

/* With --interval: "change" and "delta" (of resident) of a JSON row. */
static void json_change(struct sink *s, pid_t pid, const char *kind,
			const struct sums *m)
{
	char key[64];
	int64_t diff;
	char mark;

	if (!s->o->delta)
		return;
	snprintf(key, sizeof(key), "%d\t%s", (int)pid, kind);
	mark = delta_row(s->o->delta, key, m->m[M_RSS], NULL, 0, &diff);
	jw_str_field(s->w, "change", mark == '+' ? "added" :
				     mark == '~' ? "changed" : "same");
	jw_i64_field(s->w, "delta", diff);
}

static void json_removed(struct sink *s)
{
	const char *key;
	const char *const *cells;
	uint64_t v;
	size_t n;

	if (!s->o->delta)
		return;
	jw_key(s->w, "removed");
	jw_arr_start(s->w);
	for (size_t i = 0; delta_removed(s->o->delta, i, &key, &v, &cells, &n);
	     i++) {
		jw_obj_start(s->w);
		jw_u64_field(s->w, "pid", strtoull(key, NULL, 10));
		jw_str_field(s->w, "kind", strchr(key, '\t') + 1);
		jw_u64_field(s->w, "resident", v);
		jw_obj_end(s->w);
	}
	jw_arr_end(s->w);
}

static void json_sums(struct jsonw *w, const struct sums *m, bool vmas)
{
	for (int i = vmas ? M_VMAS : M_VIRT; i < M_COUNT; i++)
		jw_u64_field(w, m_key[i], m->m[i]);
}

static void emit(struct sink *s, struct target *t)
{
	char pid[16];
	const char *comm = t->pi.comm ? t->pi.comm : "";

	if (s->w) {
		jw_obj_start(s->w);
		json_proc_ident(s->w, &t->pi);
		if (!s->o->totals) {
			jw_key(s->w, "kinds");
			jw_arr_start(s->w);
			for (int k = 0; k < REGION_COUNT && !t->error; k++) {
				if (!t->kind[k].m[M_VMAS])
					continue;
				jw_obj_start(s->w);
				jw_str_field(s->w, "kind", region_name(k));
				json_sums(s->w, &t->kind[k], true);
				json_change(s, t->pi.pid, region_name(k),
					    &t->kind[k]);
				jw_obj_end(s->w);
			}
			jw_arr_end(s->w);
		}
		jw_key(s->w, "totals");
		jw_obj_start(s->w);
		json_sums(s->w, &t->total, !s->o->totals);
		if (!t->error)
			json_change(s, t->pi.pid, "total", &t->total);
		jw_obj_end(s->w);
		jw_bool_field(s->w, "complete", !t->error);
		if (t->error)
			jw_str_field(s->w, "error", t->error);
		jw_obj_end(s->w);
	} else if (!t->error) {
		snprintf(pid, sizeof(pid), "%d", (int)t->pi.pid);
		for (int k = 0; k < REGION_COUNT && !s->o->totals; k++)
			if (t->kind[k].m[M_VMAS])
				table_row(s, pid, comm, region_name(k), &t->kind[k]);
		table_row(s, pid, comm, "total", &t->total);
	}
	if (!t->error) {
		sums_merge(&s->grand, &t->total);
		s->nshown++;
	}
}

int summary_run(const struct vv_opts *o, const struct procfs *p, FILE *out)
{
	struct sink s = { .o = o };
	struct target *t = xmalloc(sizeof(*t));
	int failed = 0;

	if (o->delta)
		delta_begin(o->delta);
	if (o->format == VV_FMT_JSON) {
		/* with --interval one document per line (JSON lines) */
		s.w = jw_new(out, o->pretty && !o->delta);
		json_doc_begin(s.w, o);
		if (o->delta)
			jw_u64_field(s.w, "sample", delta_sample(o->delta));
		jw_key(s.w, "processes");
		jw_arr_start(s.w);
	} else {
		s.tb = tabw_new(out, o->format == VV_FMT_RAW ? TABW_RAW :
				     o->format == VV_FMT_PAIRS ? TABW_PAIRS :
								 TABW_TABLE,
				o->noheadings);
		if (o->delta)
			tabw_column(s.tb, "CHG", false);
		tabw_column(s.tb, "PID", true);
		tabw_column(s.tb, "COMMAND", false);
		if (!o->totals)
			tabw_column(s.tb, "KIND", false);
		for (int i = o->totals ? M_VIRT : M_VMAS; i < M_COUNT; i++)
			tabw_column(s.tb, m_head[i], true);
		if (o->delta)
			tabw_column(s.tb, "DELTA", true);
	}
	for (int i = 0; i < o->ntargets; i++) {
		pid_t pid;

		if (target_parse(p, o->targets[i], &pid) < 0) {
			fprintf(stderr, "vmaview: %s: not a process ID\n",
				o->targets[i]);
			failed = 1;
			continue;
		}
		if (!read_target(o, p, pid, t))
			continue;
		emit(&s, t);
		if (t->error && !o->tally) {
			fprintf(stderr, "vmaview: %d: %s\n", (int)pid, t->error);
			failed = 1;
		}
		proc_info_free(&t->pi);
	}
	if (s.w) {
		jw_arr_end(s.w);
		jw_key(s.w, "totals");
		jw_obj_start(s.w);
		jw_u64_field(s.w, "processes", s.nshown);
		json_sums(s.w, &s.grand, false);
		jw_obj_end(s.w);
		json_removed(&s);
		json_skipped(s.w, o->tally);
		jw_obj_end(s.w);
		jw_destroy(s.w);
	} else {
		if (s.nshown > 1 && !o->no_totals)
			table_row(&s, "", "total", "", &s.grand);
		/* after every row of this sample, the total too, is known */
		table_removed(&s);
		tabw_print(s.tb);
		tabw_free(s.tb);
	}
	free(t);
	return failed;
}
