/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - map.c: the map command: VMAs, the frame walk, each page's state summed into cells */
#include "vmaview/map.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/frames.h"
#include "vmaview/group.h"
#include "vmaview/output.h"
#include "vmaview/process.h"
#include "vmaview/show.h"
#include "vmaview/smaps.h"
#include "vmaview/xalloc.h"

/*
 * Legend order = enum map_state. Plain characters are distinct and
 * printable; SGR: a background colour each (untouched: none).
 */
const struct map_state_info map_states[MS_N] = {
	[MS_UNTOUCHED] = { ' ', "untouched", "", "#ffffff" },
	[MS_CLEAN] = { '.', "clean", "30;42", "#66bb6a" },
	[MS_DIRTY] = { '#', "dirty", "97;41", "#e53935" },
	[MS_SWAPPED] = { 's', "swapped", "97;45", "#8e24aa" },
	[MS_GUARD] = { 'g', "guard", "97;44", "#1e88e5" },
	[MS_HUGE] = { 'H', "huge", "30;46", "#00acc1" },
	[MS_ZERO] = { '0', "zero page", "30;47", "#bdbdbd" },
};

/*
 * A present file or shmem page whose dirtiness is estimated (smaps); the
 * sum of its VMAs' dirty fractions (parts per 2^16; a group's cell may
 * hold pages of several VMAs).
 */
#define MS_FILE_UNKNOWN MS_N
#define FRAC_SUM (MS_N + 1)
#define NCOUNT (MS_N + 2)

/* Ties between the states of a cell's pages go to the first here. */
static const uint8_t precedence[] = {
	MS_DIRTY, MS_HUGE, MS_CLEAN, MS_SWAPPED, MS_ZERO, MS_GUARD,
};

#define KPF_BIT(b) (1ULL << KPFB_##b)

/*
 * The state of one page. Dirty means the frame's contents exist nowhere
 * else, so reclaim must write them (to the file or to swap) first:
 * kpageflags DIRTY, or swap-backed (anonymous, shmem) and not in the swap
 * cache. Without kpageflags, an anonymous page (pagemap: present, not
 * PM_FILE) is dirty by the same rule, and a file or shmem page is left to
 * the smaps estimate. Soft-dirty (pagemap bit 55) is not dirtiness: it
 * says "written since clear_refs", not "differs from its backing store".
 */
static unsigned page_class(const struct page_info *pg)
{
	uint64_t k = pg->kpf;

	if (pg->state == PAGE_GUARD)
		return MS_GUARD;
	if (pg->state == PAGE_SWAP)
		return MS_SWAPPED;
	if (pg->state != PAGE_PRESENT)
		return MS_UNTOUCHED;
	if ((pg->have & PI_KPF) && (k & KPF_BIT(ZERO_PAGE)))
		return MS_ZERO;
	if ((pg->have & PI_CAT) && (pg->cat & PG_CAT_PFNZERO))
		return MS_ZERO;
	if ((pg->have & PI_KPF) && (k & (KPF_BIT(THP) | KPF_BIT(HUGE))))
		return MS_HUGE;
	if ((pg->have & PI_CAT) && (pg->cat & PG_CAT_HUGE))
		return MS_HUGE;
	if (pg->have & PI_KPF)
		return (k & KPF_BIT(DIRTY)) ||
		       ((k & KPF_BIT(SWAPBACKED)) && !(k & KPF_BIT(SWAPCACHE))) ?
		       MS_DIRTY : MS_CLEAN;
	if (!(pg->pm & PM_FILE))
		return MS_DIRTY;
	return MS_FILE_UNKNOWN;
}

/* The walk of one line (a VMA, or a group's VMAs): pages summed into cells. */
struct mwalk {
	const struct map_vma *v;  /* the VMA walked */
	size_t vi;                /* the line */
	uint64_t base;            /* pages of the line before v */
	uint64_t npages;          /* of the line */
	size_t ncells;
	unsigned shift;
	uint64_t (*cnt)[NCOUNT];  /* ncells rows */
	struct map_phys *ph;      /* NULL: no physical side */
};

static int cells_fn(const struct page_info *pg, size_t n, void *arg)
{
	struct mwalk *w = arg;

	for (size_t i = 0; i < n; i++, pg++) {
		uint64_t idx = w->base + ((pg->vaddr - w->v->start) >> w->shift);
		/* page idx goes to cell floor(idx * ncells / npages) */
		size_t c = (size_t)((unsigned __int128)idx * w->ncells /
				    w->npages);
		unsigned st = page_class(pg);

		w->cnt[c][st]++;
		if (st == MS_FILE_UNKNOWN && w->v->have_frac)
			w->cnt[c][FRAC_SUM] += w->v->dirty_frac;
		if (w->ph && (pg->have & PI_PFN))
			map_phys_page(w->ph, w->vi, pg->vaddr,
				      pg->pm & PM_PFN_MASK);
	}
	return 0;
}

/* Each cell's state: see page_class() and the man page. */
static void cells_resolve(const struct mwalk *w, uint8_t *out)
{
	for (size_t c = 0; c < w->ncells; c++) {
		uint64_t *k = w->cnt[c];
		uint64_t best = 0;
		uint8_t st = MS_UNTOUCHED;

		if (k[MS_FILE_UNKNOWN]) {
			uint64_t d = (k[FRAC_SUM] + 32768) >> 16;

			k[MS_DIRTY] += d;
			k[MS_CLEAN] += k[MS_FILE_UNKNOWN] - d;
			k[MS_FILE_UNKNOWN] = 0;
		}
		for (size_t i = 0; i < sizeof(precedence); i++)
			if (k[precedence[i]] > best) {
				best = k[precedence[i]];
				st = precedence[i];
			}
		out[c] = st;
	}
}

/* The smaps estimate: dirty share of the present file and shmem pages. */
static void vma_frac(struct map_vma *m, const struct vma *v)
{
	uint64_t rss = v->smaps[SMAPS_RSS], anon = v->smaps[SMAPS_ANONYMOUS];
	uint64_t dirty = v->smaps[SMAPS_PRIVATE_DIRTY] +
			 v->smaps[SMAPS_SHARED_DIRTY];
	uint64_t need = (1ULL << SMAPS_RSS) | (1ULL << SMAPS_PRIVATE_DIRTY) |
			(1ULL << SMAPS_SHARED_DIRTY);

	if ((v->have & need) != need)
		return;
	/* anonymous pages (CoW copies too) count as dirty in smaps */
	dirty = dirty > anon ? dirty - anon : 0;
	rss = rss > anon ? rss - anon : 0;
	m->have_frac = true;
	m->dirty_frac = !rss ? 0 : dirty >= rss ? 65536 :
			(uint32_t)((dirty << 16) / rss);
}

/*
 * The VMAs to draw (those overlapping -A), with smaps estimates if asked
 * (frac), and their group keys with --group name or kind (kind: from
 * smaps, whose VmFlags say hugetlb).
 */
static int read_vmas(const struct vv_opts *o, const struct procfs *p,
		     pid_t pid, bool frac, struct map_vma **out, size_t *n,
		     const char **error, char *msg, size_t msglen)
{
	bool smaps = frac || o->group == VV_GROUP_KIND;
	struct smaps_reader r;
	struct vma v = { 0 };
	size_t cap = 0;
	int ret;

	*out = NULL;
	*n = 0;
	ret = smaps_open(&r, p, pid, smaps);
	if (ret < 0) {
		*error = ret == -EACCES || ret == -EPERM ? "permission denied" :
			 proc_exists(p, pid) ? strerror(-ret) : "no such process";
		return -1;
	}
	while ((ret = smaps_next(&r, &v)) > 0) {
		struct map_vma *m;

		if (o->range.set && (v.end <= o->range.lo || v.start > o->range.hi)) {
			vma_clear(&v);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*out = xreallocarray(*out, cap, sizeof(**out));
		}
		m = &(*out)[(*n)++];
		memset(m, 0, sizeof(*m));
		m->start = v.start;
		m->end = v.end;
		memcpy(m->perms, v.perms, sizeof(m->perms));
		m->name = xstrdup(v.name ? v.name : "");
		if (o->group != VV_GROUP_VMA)
			m->key = xstrdup(group_key(o->group, &v));
		if (frac)
			vma_frac(m, &v);
		vma_clear(&v);
	}
	if (ret == -EINVAL) {
		snprintf(msg, msglen, "%s", r.err);
		*error = msg;
	} else if (ret < 0) {
		*error = ret == -ESRCH ? "exited while being read" :
			 strerror(-ret);
	}
	smaps_close(&r);
	return *error ? -1 : 0;
}

static void vmas_free(struct map_vma *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].key);
	}
	free(v);
}

/* Where "dirty" comes from in this run, for the legend. */
static const char *dirty_source(const struct fscan *fs)
{
	if (fs->kpf_fd >= 0 && !(fs->limits & FS_LIM_PFN_HIDDEN))
		return fs->use_scan ?
		       "dirty: anonymous (pagemap), file and shmem (kpageflags)" :
		       "dirty: kpageflags (dirty, or swap-backed not in swap cache)";
	if (fs->kpf_fd >= 0)
		return "dirty: anonymous (pagemap); file and shmem unknown: clean";
	return "dirty: anonymous (pagemap), file and shmem (smaps estimate)";
}

struct mrun {
	struct map_vma *v;        /* the VMAs, in address order */
	size_t n;
	struct map_vma *line;     /* what is drawn: v, or one per group */
	size_t nline;
	size_t *order;            /* groups: VMA indices, line after line */
	size_t *first;            /* line l: order[first[l] .. first[l + 1]) */
	struct fscan fs;
	struct map_term *term;
	struct map_svg *svg;
	struct map_phys ph;
	struct mwalk w;
	uint8_t *cells;
};

static int cmp_vma_key(const void *x, const void *y)
{
	const struct map_vma *a = *(struct map_vma *const *)x;
	const struct map_vma *b = *(struct map_vma *const *)y;
	int c = strcmp(a->key, b->key);

	return c ? c : a->start < b->start ? -1 : a->start > b->start;
}

struct mgroup {
	struct map_vma line;
	size_t a, b;              /* its VMAs: sorted[a .. b) */
};

static int cmp_group_start(const void *x, const void *y)
{
	const struct mgroup *a = x, *b = y;

	return a->line.start < b->line.start ? -1 :
	       a->line.start > b->line.start;
}

/*
 * --group name or kind: one line per key (as show --group has it), its
 * VMAs in address order, the lines in the order of their first VMA.
 */
static void group_lines(struct mrun *m)
{
	struct map_vma **s = xcalloc(m->n, sizeof(*s));
	struct mgroup *g = xcalloc(m->n, sizeof(*g));
	size_t ng = 0, k = 0, j;

	for (size_t i = 0; i < m->n; i++)
		s[i] = &m->v[i];
	qsort(s, m->n, sizeof(*s), cmp_vma_key);
	for (size_t i = 0; i < m->n; i = j) {
		struct mgroup *gr = &g[ng++];

		gr->a = i;
		gr->line.name = s[i]->key;
		gr->line.start = s[i]->start;
		for (j = i; j < m->n && !strcmp(s[j]->key, s[i]->key); j++) {
			gr->line.nvmas++;
			gr->line.bytes += s[j]->end - s[j]->start;
			gr->line.end = s[j]->end;
		}
		gr->b = j;
	}
	qsort(g, ng, sizeof(*g), cmp_group_start);
	m->line = xcalloc(ng ? ng : 1, sizeof(*m->line));
	m->first = xcalloc(ng + 1, sizeof(*m->first));
	m->order = xcalloc(m->n ? m->n : 1, sizeof(*m->order));
	for (size_t l = 0; l < ng; l++) {
		m->line[l] = g[l].line;
		m->first[l] = k;
		for (size_t i = g[l].a; i < g[l].b; i++)
			m->order[k++] = (size_t)(s[i] - m->v);
	}
	m->first[ng] = k;
	m->nline = ng;
	free(g);
	free(s);
}

/* Walks and draws every line; 0 or -errno of a pagemap read. */
static int draw(struct mrun *m, size_t maxcells)
{
	int ret = 0;

	m->w.cnt = xcalloc(maxcells, sizeof(*m->w.cnt));
	m->cells = xmalloc(maxcells);
	m->w.shift = m->fs.page_shift;
	for (size_t l = 0; l < m->nline && ret >= 0; l++) {
		const struct map_vma *line = &m->line[l];
		size_t a = m->order ? m->first[l] : l;
		size_t b = m->order ? m->first[l + 1] : l + 1;

		/* gaps between VMAs only: a group's VMAs lie anywhere */
		if (m->term && !m->order && l && line->start > line[-1].end)
			map_term_gap(m->term, line->start - line[-1].end);
		m->w.vi = l;
		m->w.npages = (m->order ? line->bytes : line->end - line->start) >>
			      m->fs.page_shift;
		if (!m->w.npages)
			m->w.npages = 1;
		m->w.ncells = m->w.npages < maxcells ? (size_t)m->w.npages :
						       maxcells;
		memset(m->w.cnt, 0, m->w.ncells * sizeof(*m->w.cnt));
		m->w.base = 0;
		for (size_t k = a; k < b && ret >= 0; k++) {
			const struct map_vma *v = &m->v[m->order ? m->order[k] : k];

			m->w.v = v;
			ret = fscan_walk(&m->fs, v->start, v->end, cells_fn, &m->w);
			/* a run stays within one VMA */
			if (m->w.ph)
				map_phys_flush(m->w.ph);
			m->w.base += (v->end - v->start) >> m->fs.page_shift;
		}
		if (ret < 0)
			break;
		cells_resolve(&m->w, m->cells);
		if (m->term)
			map_term_vma(m->term, l, m->cells, m->w.ncells);
		else
			map_svg_vma(m->svg, l, m->cells, m->w.ncells);
	}
	free(m->w.cnt);
	free(m->cells);
	return ret;
}

static int map_one(const struct vv_opts *o, const struct procfs *p,
		   FILE *out, pid_t pid)
{
	struct mrun m = { 0 };
	struct proc_info pi;
	struct vv_limit lim[4];
	const char *error = NULL;
	char msg[600], title[300];
	unsigned said = 0;
	int ret, wret = 0;

	ret = fscan_open(&m.fs, p, pid, FS_KPF, o->no_pagemap_scan);
	if (ret < 0) {
		/* a kernel thread or zombie first: without root its
		 * pagemap is denied too, which would hide why (as show says) */
		if (!proc_exists(p, pid))
			fprintf(stderr, "vmaview: %d: no such process\n", (int)pid);
		else if (proc_state(p, pid) == PROC_KTHREAD)
			fprintf(stderr, "vmaview: %d: kernel thread (no address space)\n",
				(int)pid);
		else if (proc_state(p, pid) == PROC_ZOMBIE)
			fprintf(stderr, "vmaview: %d: zombie process (no address space)\n",
				(int)pid);
		else if (ret == -EACCES || ret == -EPERM)
			fprintf(stderr, "vmaview: %d: permission denied\n", (int)pid);
		else
			fprintf(stderr, "vmaview: %d: cannot open pagemap: %s\n",
				(int)pid, strerror(-ret));
		return 1;
	}
	/*
	 * With PAGEMAP_SCAN the walk says which pages are huge or the zero
	 * page, and anonymous pages are dirty by definition: kpageflags
	 * (~100 ns a frame) only for file and shmem pages. Without it
	 * (a snapshot, --no-pagemap-scan) kpageflags says all three.
	 */
	if (m.fs.use_scan)
		m.fs.resolve_pm_mask = PM_FILE;
	if (read_vmas(o, p, pid, m.fs.kpf_fd < 0, &m.v, &m.n, &error, msg,
		      sizeof(msg)) == 0 && !m.n && !o->range.set) {
		enum proc_state st = proc_state(p, pid);

		error = st == PROC_KTHREAD ? "kernel thread (no address space)" :
			st == PROC_ZOMBIE ? "zombie process (no address space)" :
			st == PROC_GONE ? "exited while being read" :
			"no address space (empty maps)";
	}
	if (error) {
		fprintf(stderr, "vmaview: %d: %s\n", (int)pid, error);
		fscan_close(&m.fs);
		return 1;
	}
	proc_info_read(p, pid, &pi);
	m.line = m.v;
	m.nline = m.n;
	if (o->group != VV_GROUP_VMA)
		group_lines(&m);
	if (m.order)
		snprintf(title, sizeof(title), "%d %s: %zu VMAs in %zu groups by %s",
			 (int)pid, pi.comm ? pi.comm : "?", m.n, m.nline,
			 o->group == VV_GROUP_KIND ? "kind" : "name");
	else
		snprintf(title, sizeof(title), "%d %s: %zu VMAs", (int)pid,
			 pi.comm ? pi.comm : "?", m.n);
	if (o->svg) {
		FILE *f = strcmp(o->svg, "-") ? fopen(o->svg, "w") : out;

		if (!f) {
			fprintf(stderr, "vmaview: %s: %s\n", o->svg, strerror(errno));
			ret = -1;
			goto done;
		}
		map_phys_init(&m.ph, p, o->board ? o->board->board : NULL,
			      m.fs.page_size);
		m.w.ph = &m.ph;
		m.svg = map_svg_begin(f, m.line, m.nline, title, &m.ph);
		wret = draw(&m, 96);
		if (m.fs.limits & FS_LIM_PFN_HIDDEN)
			snprintf(m.ph.why, sizeof(m.ph.why), "%s",
				 "no physical placement: pagemap gives PFNs as 0 "
				 "without CAP_SYS_ADMIN (run as root)");
		else if (!m.ph.frames)
			snprintf(m.ph.why, sizeof(m.ph.why), "%s",
				 "no frames: nothing of this process is in RAM");
		map_svg_end(m.svg, &m.ph, dirty_source(&m.fs));
		ret = 0;
		if (f != out && fclose(f) != 0) {
			fprintf(stderr, "vmaview: %s: %s\n", o->svg,
				strerror(errno));
			ret = -1;
		}
		map_phys_free(&m.ph);
	} else {
		m.term = map_term_begin(out, o, m.line, m.nline, title);
		wret = draw(&m, map_term_cells(m.term));
		map_term_end(m.term, dirty_source(&m.fs));
	}
	if (wret < 0) {
		fprintf(stderr, "vmaview: %d: pagemap: %s\n", (int)pid,
			strerror(-wret));
		ret = -1;
	}
	frame_limits_report(&m.fs, 0, lim, 4, &said);
	if (!ret && p->live && proc_state(p, pid) != PROC_ALIVE) {
		fprintf(stderr, "vmaview: %d: exited while being read\n", (int)pid);
		ret = -1;
	}
done:
	proc_info_free(&pi);
	if (m.order) {
		free(m.line); /* names: the VMAs' keys */
		free(m.order);
		free(m.first);
	}
	vmas_free(m.v, m.n);
	fscan_close(&m.fs);
	return ret ? 1 : 0;
}

int map_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
	    char **bad)
{
	pid_t pid;

	*bad = NULL;
	if (o->group == VV_GROUP_PROCESS || o->group == VV_GROUP_USER) {
		*bad = xasprintf("map: --group %s: map draws one process: group by vma, name or kind",
				 o->group == VV_GROUP_PROCESS ? "process" : "user");
		return -EINVAL;
	}
	if (o->ntargets != 1) {
		*bad = xstrdup(o->ntargets < 1 ? "map: no process given" :
				"map: one process only");
		return -EINVAL;
	}
	if (target_parse(p, o->targets[0], &pid) < 0) {
		if (asprintf(bad, "'%s' is not a process ID or 'self'",
			     o->targets[0]) < 0)
			*bad = NULL;
		return -EINVAL;
	}
	return map_one(o, p, out, pid);
}
