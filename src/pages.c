/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pages.c: the pages command: walk, filter and merge pages into rows */
#include "vmaview/pages.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmaview/flagtab.h"
#include "vmaview/frames.h"
#include "vmaview/handoff.h"
#include "vmaview/output.h"
#include "vmaview/pages_out.h"
#include "vmaview/process.h"
#include "vmaview/show.h"
#include "vmaview/smaps.h"
#include "vmaview/xalloc.h"

#define P(nm, hd, ty, i, nd, ro, w, hlp) \
	{ .name = nm, .header = hd, .type = ty, .help = hlp, .id = i, .needs = nd, \
	  .runs_only = ro, .width = w }

static const struct page_column page_columns[] = {
	P("vaddr", "VADDR", "addr", PC_VADDR, 0, false, -12,
	  "virtual address of the page (of the first page of a run)"),
	P("end", "END", "addr", PC_END, 0, true, -12,
	  "end of the run (exclusive; --runs)"),
	P("npages", "PAGES", "number", PC_NPAGES, 0, true, 6,
	  "pages in the run (--runs)"),
	P("state", "STATE", "string", PC_STATE, 0, false, -7,
	  "present, swap, guard or none"),
	P("pfn", "PFN", "hex", PC_PFN, 0, false, 9,
	  "page frame number (of the first page of a run); needs CAP_SYS_ADMIN"),
	P("phys", "PHYS", "addr", PC_PHYS, 0, false, 12,
	  "physical address: PFN times the page size"),
	P("phys_region", "REGION", "string", PC_PHYS_REGION, 0, false, -15,
	  "the board's region of the physical address (RK3588 map; with a board, see --board)"),
	P("swap_type", "SWAPTYPE", "number", PC_SWAP_TYPE, 0, false, 8,
	  "swap device index of a swapped page"),
	P("swap_offset", "SWAPOFF", "hex", PC_SWAP_OFFSET, 0, false, 8,
	  "offset in the swap device, in pages"),
	P("pagemap", "PAGEMAP", "flags", PC_PAGEMAP, 0, false, -24,
	  "pagemap entry bits (see --list-flags pagemap)"),
	P("mapcount", "MAPCNT", "number", PC_MAPCOUNT, FS_KPC, false, 6,
	  "mappings of the frame (/proc/kpagecount)"),
	P("kpageflags", "KPAGEFLAGS", "flags", PC_KPAGEFLAGS, FS_KPF, false, -40,
	  "frame flags (/proc/kpageflags; see --list-flags kpageflags)"),
	P("pte", "PTE", "hex", PC_PTE, FS_KPF | FS_KPC | PCOL_NEEDS_MODEL, false,
	  18, "the page-table entry reconstructed by the model (--arch); "
	      "translate shows each field's source"),
	P("pte_words", "PTE_WORDS", "string", PC_PTE_WORDS,
	  FS_KPF | FS_KPC | PCOL_NEEDS_MODEL, false, -36,
	  "that entry in ptdump/crash words (USR RW NX ...)"),
};

#define NPCOL (sizeof(page_columns) / sizeof(page_columns[0]))

static const char pages_default[] = "vaddr,state,pfn,mapcount,pagemap,kpageflags";
static const char runs_default[] =
	"vaddr,end,npages,state,pfn,mapcount,pagemap,kpageflags";

const struct page_column *page_columns_all(size_t *n)
{
	*n = NPCOL;
	return page_columns;
}

void list_page_columns(FILE *out)
{
	for (size_t i = 0; i < NPCOL; i++)
		fprintf(out, "%-16s %-7s %s\n", page_columns[i].name,
			page_columns[i].type, page_columns[i].help);
}

/* Parses a -o list for pages ("+..." adds to the default). */
static int pcols_parse(struct pcols *pc, const char *list, bool runs,
		       char **bad)
{
	const char *base = runs ? runs_default : pages_default;
	const char *lists[2] = { NULL, NULL };

	memset(pc, 0, sizeof(*pc));
	if (!list)
		lists[0] = base;
	else if (list[0] == '+')
		lists[0] = base, lists[1] = list + 1;
	else
		lists[0] = list;
	for (int l = 0; l < 2 && lists[l]; l++) {
		const char *p = lists[l];

		while (*p) {
			const char *e = strchr(p, ',');
			size_t len = e ? (size_t)(e - p) : strlen(p), i;

			for (i = 0; i < NPCOL; i++)
				if (strlen(page_columns[i].name) == len &&
				    !strncasecmp(page_columns[i].name, p, len))
					break;
			if (len && (i == NPCOL ||
				    (page_columns[i].runs_only && !runs))) {
				char *w = xstrndup(p, len);

				if (asprintf(bad, i == NPCOL ?
					     "unknown page column: '%s'" :
					     "column '%s' needs --runs", w) < 0)
					*bad = NULL;
				free(w);
				return -EINVAL;
			}
			if (len && pc->n < PCOLS_MAX) {
				pc->v[pc->n++] = &page_columns[i];
				pc->needs |= page_columns[i].needs;
			}
			p += len + (e ? 1 : 0);
		}
	}
	if (!pc->n) {
		*bad = xstrdup("no page columns given");
		return -EINVAL;
	}
	return 0;
}

static void pcols_all(struct pcols *pc, bool runs)
{
	memset(pc, 0, sizeof(*pc));
	for (size_t i = 0; i < NPCOL; i++)
		if (runs || !page_columns[i].runs_only) {
			pc->v[pc->n++] = &page_columns[i];
			pc->needs |= page_columns[i].needs;
		}
}

/* State of one walk: the current run and the hole cursor. */
struct walk {
	struct pages_out *po;
	const struct vv_opts *o;
	const struct flagfilter_set *ff;
	uint64_t page_size;
	uint64_t next;          /* first address not yet accounted */
	struct prow run;        /* the run being grown (npages 0: none) */
	uint64_t rows;
	struct handoff *ho;     /* rows formatted in a second thread */
};

#define KPF_COMPOUND \
	((1ULL << KPFB_COMPOUND_HEAD) | (1ULL << KPFB_COMPOUND_TAIL))

static bool same_run(const struct prow *r, const struct prow *pg,
		     uint64_t page_size)
{
	uint64_t k = r->npages;

	if (pg->vaddr != r->vaddr + k * page_size || pg->state != r->state ||
	    pg->have != r->have)
		return false;
	switch (pg->state) {
	case PAGE_PRESENT:
		/*
		 * A large folio is one run: its tails differ from the head
		 * only in compound_head/compound_tail. A head starts a run.
		 */
		if ((pg->pm & ~PM_PFN_MASK) != (r->pm & ~PM_PFN_MASK) ||
		    (pg->kpf & ~KPF_COMPOUND) != (r->kpf & ~KPF_COMPOUND) ||
		    (pg->kpf & (1ULL << KPFB_COMPOUND_HEAD)) ||
		    pg->count != r->count)
			return false;
		return !(pg->have & PI_PFN) ||
		       (pg->pm & PM_PFN_MASK) == (r->pm & PM_PFN_MASK) + k;
	case PAGE_SWAP:
		return (pg->pm & ~PM_PFN_MASK) == (r->pm & ~PM_PFN_MASK) &&
		       PM_SWAP_TYPE(pg->pm) == PM_SWAP_TYPE(r->pm) &&
		       PM_SWAP_OFFSET(pg->pm) == PM_SWAP_OFFSET(r->pm) + k;
	default:
		return pg->pm == r->pm;
	}
}

static void put(struct walk *w, const struct prow *pg)
{
	if (!w->o->runs) {
		pages_out_row(w->po, pg);
		w->rows++;
		return;
	}
	if (w->run.npages && same_run(&w->run, pg, w->page_size)) {
		w->run.npages++;
		return;
	}
	if (w->run.npages) {
		pages_out_row(w->po, &w->run);
		w->rows++;
	}
	w->run = *pg;
	w->run.npages = 1;
}

static void flush_run(struct walk *w)
{
	if (w->run.npages) {
		pages_out_row(w->po, &w->run);
		w->rows++;
	}
	w->run.npages = 0;
}

/* Pages in state none from w->next up to end. */
static void holes(struct walk *w, uint64_t end)
{
	if (!w->o->holes || w->ff->n)
		return;
	while (w->next < end) {
		struct prow h = { .vaddr = w->next, .state = PAGE_NONE };

		if (w->o->runs && w->run.npages && w->run.state == PAGE_NONE &&
		    w->run.vaddr + w->run.npages * w->page_size == w->next) {
			/* a whole hole joins the run at once */
			w->run.npages += (end - w->next) / w->page_size;
			break;
		}
		put(w, &h);
		w->next += w->page_size;
	}
	w->next = end;
}

/* Rows of a batch of pages (in the handoff thread when there is one). */
static int rows_fn(const struct page_info *pg, size_t n, void *arg)
{
	struct walk *w = arg;

	for (size_t i = 0; i < n; i++) {
		struct prow r = {
			.vaddr = pg[i].vaddr, .pm = pg[i].pm, .kpf = pg[i].kpf,
			.count = pg[i].count, .state = pg[i].state,
			.have = pg[i].have, .npages = 1,
		};

		if (w->ff->n && !flagfilter_match(w->ff, &pg[i]))
			continue;
		holes(w, r.vaddr);
		put(w, &r);
		w->next = r.vaddr + w->page_size;
	}
	return pages_out_failed(w->po) ? -EPIPE : 0;
}

/* The walker's callback: rows now, or in the other thread meanwhile. */
static int walk_fn(const struct page_info *pg, size_t n, void *arg)
{
	struct walk *w = arg;

	return w->ho ? handoff_push(w->ho, pg, n) : rows_fn(pg, n, w);
}

/* Rows of every batch handed off are out; the first error of rows_fn. */
static int walk_sync(struct walk *w)
{
	return w->ho ? handoff_sync(w->ho) : 0;
}

/* Walks one target; 0, or 1 when it could not be inspected. */
static int pages_one(const struct vv_opts *o, const struct procfs *p,
		     struct pages_out *po, pid_t pid, unsigned needs,
		     const struct vv_range *rg, const struct flagfilter_set *ff)
{
	struct smaps_reader r;
	struct proc_info pi;
	struct fscan fs;
	struct vma v = { 0 };
	struct walk w = { .po = po, .o = o, .ff = ff };
	struct vv_limit lim[4];
	const char *error = NULL;
	char msg[600];
	size_t nlim = 0;
	int ret, fret = 0;
	bool opened; /* fs is open: close it, whatever fret says later */

	/* the model needs VmFlags (bt, mt, io, pf): smaps, not maps */
	ret = smaps_open(&r, p, pid, needs & PCOL_NEEDS_MODEL);
	if (ret < 0) {
		error = ret == -EACCES || ret == -EPERM ? "permission denied" :
			proc_exists(p, pid) ? strerror(-ret) : "no such process";
		pi = (struct proc_info){ .pid = pid };
		pages_out_process(po, &pi);
		pages_out_process_end(po, NULL, 0, error);
		fprintf(stderr, "vmaview: %d: %s\n", (int)pid, error);
		return 1;
	}
	proc_info_read(p, pid, &pi);
	pages_out_process(po, &pi);
	fret = fscan_open(&fs, p, pid, needs & (FS_KPF | FS_KPC),
			  o->no_pagemap_scan);
	opened = fret >= 0;
	if (fret < 0) {
		snprintf(msg, sizeof(msg), "%d: cannot open pagemap: %s",
			 (int)pid, strerror(-fret));
		error = msg;
	} else {
		w.page_size = fs.page_size;
		w.ho = handoff_new(FSCAN_BATCH, rows_fn, &w);
	}
	while (!error && (ret = smaps_next(&r, &v)) > 0) {
		uint64_t lo = v.start, hi = v.end;

		if ((fret = walk_sync(&w)) == -EPIPE) {
			vma_clear(&v);
			break;
		}
		pages_out_vma(po, &v);
		vma_clear(&v);
		if (rg->set) {
			if (hi <= rg->lo || lo > rg->hi)
				continue;
			/* clip to the range; one address is its whole VMA */
			if (!rg->single && lo < (rg->lo & ~(w.page_size - 1)))
				lo = rg->lo & ~(w.page_size - 1);
			if (!rg->single && rg->hi < hi - 1)
				hi = (rg->hi & ~(w.page_size - 1)) + w.page_size;
		}
		w.next = lo;
		fret = fscan_walk(&fs, lo, hi, walk_fn, &w);
		if (!fret)
			fret = walk_sync(&w);
		if (fret == -EPIPE)
			break;
		if (fret < 0) {
			snprintf(msg, sizeof(msg), "%d: pagemap: %s", (int)pid,
				 strerror(-fret));
			error = msg;
			break;
		}
		holes(&w, hi);
		flush_run(&w);
	}
	if (!error && ret == -EINVAL)
		error = r.err;
	else if (!error && ret < 0)
		error = ret == -ESRCH ? "exited while being read" : strerror(-ret);
	else if (!error && p->live && proc_state(p, pid) != PROC_ALIVE)
		error = "exited while being read";
	handoff_free(w.ho);
	if (fret >= 0 || fret == -EPIPE) {
		unsigned said = 0;

		nlim = frame_limits_report(&fs, 0, lim, 4, &said);
		if (ff->n && (fs.limits & (FS_LIM_KPF | FS_LIM_PFN_HIDDEN)))
			fprintf(stderr, "vmaview: --flags: no kpageflags to "
					"match, so no page matches\n");
	}
	pages_out_process_end(po, lim, nlim, error);
	if (error)
		fprintf(stderr, "vmaview: %s\n", error);
	/*
	 * fret also holds the walk's result: a process that exits mid-walk
	 * (-ESRCH) left fs open, its buffers and pagemap fd leaked (found by
	 * tests/bats/races.bats under LeakSanitizer).
	 */
	if (opened)
		fscan_close(&fs);
	proc_info_free(&pi);
	smaps_close(&r);
	return error ? 1 : 0;
}

int pages_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
	      char **bad)
{
	struct pcols pc;
	struct vv_range rg = { 0 };
	struct flagfilter_set ff = { 0 };
	struct pages_out *po;
	pid_t pid;
	int ret;

	*bad = NULL;
	if (o->ntargets < 1 || o->ntargets > 2) {
		*bad = xstrdup(o->ntargets < 1 ? "pages: no process given" :
				"pages: one process and at most one RANGE");
		return -EINVAL;
	}
	if (o->ntargets == 2 && range_parse(o->targets[1], &rg) < 0) {
		if (asprintf(bad, "pages: invalid range '%s' (expected LO,HI in hex)",
			     o->targets[1]) < 0)
			*bad = NULL;
		return -EINVAL;
	}
	if (!o->ntargets || (o->range.set && !rg.set))
		rg = o->range;
	if (o->output_all || (o->format == VV_FMT_JSON && !o->output))
		pcols_all(&pc, o->runs);
	else if (pcols_parse(&pc, o->output, o->runs, bad) < 0)
		return -EINVAL;
	if (flagfilter_parse(&ff, o, bad) < 0)
		return -EINVAL;
	ret = target_parse(p, o->targets[0], &pid);
	if (ret < 0) {
		if (asprintf(bad, "'%s' is not a process ID or 'self'",
			     o->targets[0]) < 0)
			*bad = NULL;
		flagfilter_free(&ff);
		return -EINVAL;
	}
	po = pages_out_new(o, &pc, out);
	ret = pages_one(o, p, po, pid, pc.needs | (ff.n ? FS_KPF : 0), &rg,
			&ff);
	pages_out_end(po);
	flagfilter_free(&ff);
	return ret;
}

int flagfilter_parse(struct flagfilter_set *ff, const struct vv_opts *o,
		     char **bad)
{
	memset(ff, 0, sizeof(*ff));
	ff->show_internal = o->kpf_raw;
	if (!o->nkpf_exprs)
		return 0;
	ff->v = xcalloc((size_t)o->nkpf_exprs, sizeof(*ff->v));
	for (int i = 0; i < o->nkpf_exprs; i++) {
		struct flag_error err;

		if (flagtab_parse_filter(&flagtab_kpageflags, o->kpf_exprs[i],
					 &ff->v[i], &err) < 0) {
			if (asprintf(bad, "--flags: %s: '%.*s' (see --list-flags kpageflags)",
				     err.why, (int)err.len, err.at) < 0)
				*bad = NULL;
			flagfilter_free(ff);
			return -EINVAL;
		}
		ff->n++;
	}
	return 0;
}

bool flagfilter_match(const struct flagfilter_set *ff,
		      const struct page_info *pg)
{
	uint64_t w;

	if (!(pg->have & PI_KPF))
		return false;
	w = flagtab_shown(&flagtab_kpageflags, pg->kpf, ff->show_internal);
	for (size_t i = 0; i < ff->n; i++)
		if (flag_filter_match(&ff->v[i], w))
			return true;
	return false;
}

void flagfilter_free(struct flagfilter_set *ff)
{
	free(ff->v);
	memset(ff, 0, sizeof(*ff));
}
