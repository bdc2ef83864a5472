/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - translate.c: one address step by step: VMA, walk, pagemap, leaf */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/board.h"
#include "vmaview/elf.h"
#include "vmaview/flagtab.h"
#include "vmaview/frames.h"
#include "vmaview/jsonw.h"
#include "vmaview/output.h"
#include "vmaview/process.h"
#include "vmaview/ptcmd.h"
#include "vmaview/ptdesc.h"
#include "vmaview/show.h"
#include "vmaview/smaps.h"
#include "vmaview/snapshot.h"
#include "vmaview/text.h"
#include "vmaview/xalloc.h"

/* What translate found for one address. */
struct xlate {
	uint64_t addr;          /* as given */
	struct pt_walk walk;
	int walk_err;
	struct vma vma;         /* find_vma(): first VMA with end > addr */
	bool found;             /* there is one */
	bool in_gap;            /* ... but it starts above addr */
	struct vma prev;        /* the VMA before a gap (has_prev) */
	bool has_prev;
	uint64_t pm;
	int pm_err;
	uint64_t kpf, count;
	bool have_kpf, have_count;
	struct pt_desc leaf;
	bool have_leaf;
	struct elf_where elf;   /* symbol and section (have_elf) */
	bool have_elf;
};

static int read_word(const struct procfs *p, const char *rel, uint64_t idx,
		     uint64_t *v)
{
	int fd = procfs_open(p, rel, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = pread(fd, v, 8, (off_t)(idx * 8));
	close(fd);
	if (n < 0)
		return -errno;
	return n == 8 ? 0 : -ENXIO;
}

/* A copy of v that owns only its name (what translate prints of it). */
static void keep_vma(struct vma *dst, const struct vma *v)
{
	*dst = *v;
	dst->name = v->name ? xstrdup(v->name) : NULL;
	dst->extra = NULL;
	dst->nextra = 0;
	dst->vmflags_unknown = NULL;
	dst->nvmflags_unknown = 0;
	dst->elf.sections = v->elf.sections ? xstrdup(v->elf.sections) : NULL;
}

/*
 * One pass over smaps: for each address the VMA find_vma() would return,
 * and the highest user address (the model's VA size).
 */
static int find_vmas(const struct procfs *p, pid_t pid, struct xlate *x,
		     int n, uint64_t *hi, const char **err,
		     struct elf_labeler *elf)
{
	static char errbuf[600];
	struct smaps_reader r;
	struct vma v = { 0 };
	int ret;

	ret = smaps_open(&r, p, pid, true);
	if (ret < 0)
		return ret;
	*hi = 0;
	elf_labeler_begin(elf, pid);
	while ((ret = smaps_next(&r, &v)) > 0) {
		bool want = false;

		if (v.start < (1ULL << 63) && v.end > *hi)
			*hi = v.end;
		/* ELF labels only for a VMA that holds an address */
		for (int i = 0; i < n; i++) {
			uint64_t a = x[i].walk_err ? x[i].addr :
						     x[i].walk.va_stripped;

			want |= !x[i].found && v.end > a && v.start <= a;
		}
		elf_label(elf, &v, want);
		for (int i = 0; i < n; i++) {
			uint64_t a = x[i].walk_err ? x[i].addr :
						     x[i].walk.va_stripped;

			if (x[i].found || v.end <= a)
				continue;
			x[i].found = true;
			x[i].in_gap = v.start > a;
			keep_vma(&x[i].vma, &v);
			if (!x[i].in_gap)
				x[i].have_elf =
					!elf_where(&v, a, &x[i].elf);
		}
		for (int i = 0; i < n; i++) {
			uint64_t a = x[i].walk.va_stripped;

			if (!x[i].found && v.end <= a) {
				vma_clear(&x[i].prev);
				keep_vma(&x[i].prev, &v);
				x[i].has_prev = true;
			}
		}
		vma_clear(&v);
	}
	if (ret == -EINVAL) {
		snprintf(errbuf, sizeof(errbuf), "%s", r.err);
		*err = errbuf;
	}
	smaps_close(&r);
	return ret < 0 ? ret : 0;
}

static void input_of(const struct xlate *x, struct pt_input *in,
		     bool pfn_known)
{
	memset(in, 0, sizeof(*in));
	in->vaddr = x->walk.va_stripped;
	memcpy(in->perms, x->vma.perms, sizeof(in->perms));
	in->vmflags = x->vma.vmflags;
	in->has_vmflags = x->vma.has_vmflags;
	in->file = x->vma.inode != 0;
	in->pm = x->pm;
	in->kpf = x->kpf;
	in->have_kpf = x->have_kpf;
	in->mapcount = x->count;
	in->have_count = x->have_count;
	in->pfn_known = pfn_known;
}

static void print_vma(FILE *out, const char *what, const struct vma *v)
{
	fprintf(out, "  %s %jx-%jx %s %s%s%s\n", what, (uintmax_t)v->start,
		(uintmax_t)v->end, v->perms, vma_kind_name(v->kind),
		v->name && *v->name ? " " : "", v->name ? v->name : "");
}

/* "LOAD[1] r-x" of the VMA's labels */
static void seg_text(const struct vma_elf *e, char *buf, size_t n)
{
	elf_seg_text(&(struct elf_seg){ .flags = e->pflags, .index = e->seg },
		     buf, n);
}

/* The ELF lines: segment, section, build-id; symbol. */
static void text_elf(FILE *out, const struct xlate *x)
{
	const struct vma_elf *e = &x->vma.elf;
	char seg[32];

	if (!x->have_elf)
		return;
	seg_text(e, seg, sizeof(seg));
	fprintf(out, "  elf %s, section %s, build-id %s\n", seg,
		*x->elf.section ? x->elf.section : "none",
		*e->build_id ? e->build_id : "none");
	if (x->elf.symbol)
		fprintf(out, "  symbol %s+0x%jx (%s)\n", x->elf.symbol,
			(uintmax_t)x->elf.sym_off, x->elf.symsrc);
	else
		fprintf(out, "  symbol none\n");
}

/* arm64 AP[2] (RDONLY) and DBM (Linux's PTE_WRITE) */
#define ARM64_RDONLY (1ULL << 7)
#define ARM64_DBM (1ULL << 51)

/*
 * A written page: the arm64 leaf is writable and dirty (DBM set, RDONLY
 * clear). Which core's store made it so decides where the dirty state is.
 */
static bool arm64_written(const struct pt_config *c, const struct xlate *x)
{
	return c->arch == PT_ARM64 && x->have_leaf &&
	       (x->leaf.kind == PTK_PAGE || x->leaf.kind == PTK_BLOCK) &&
	       (x->leaf.word & ARM64_DBM) && !(x->leaf.word & ARM64_RDONLY);
}

static void text_board(FILE *out, const struct pt_config *c,
		       const struct xlate *x, const struct board *b,
		       uint64_t phys)
{
	const struct board_region *r = board_region_find(b, phys);

	fprintf(out, "  region %s (%s)\n", r ? r->name : "none",
		r ? board_region_kind_name(r->kind) : "outside the SoC's map");
	if (!arm64_written(c, x))
		return;
	fprintf(out, "  dirty bits on the %s depend on the core that wrote the page (not visible;\n"
		     "  the entry above is what a fault leaves):\n", b->model);
	for (size_t i = 0; i < b->nclusters; i++) {
		const struct board_cluster *k = &b->clusters[i];

		fprintf(out, "    %s (CPU%u-%u), %s: %s\n", k->name, k->first_cpu,
			k->last_cpu, k->why, k->written);
	}
}

static void text_one(FILE *out, const struct pt_config *c,
		     const struct xlate *x, uint64_t page_size,
		     const struct board *b)
{
	char buf[FLAGTAB_FMT_MAX];
	const struct pt_walk *wk = &x->walk;

	fprintf(out, "%s0x%jx\n", "", (uintmax_t)x->addr);
	if (x->walk_err) {
		fprintf(out, "  not a user address of this model\n");
		return;
	}
	if (wk->tagged)
		fprintf(out, "  tag 0x%02jx stripped (TBI): 0x%jx\n",
			(uintmax_t)(x->addr >> 56), (uintmax_t)wk->va_stripped);
	if (!x->found) {
		fprintf(out, "  find_vma: no VMA ends above it (beyond the last VMA)\n");
	} else if (x->in_gap) {
		fprintf(out, "  find_vma: in a gap, no VMA holds it\n");
		if (x->has_prev)
			print_vma(out, "after ", &x->prev);
		print_vma(out, "before", &x->vma);
	} else {
		print_vma(out, "vma", &x->vma);
		text_elf(out, x);
	}
	fprintf(out, "  walk:\n");
	for (unsigned i = 0; i < wk->nlevels; i++)
		fprintf(out, "    %-4s index %4ju  entry offset 0x%03jx  (VA bits %u:%u)\n",
			wk->lv[i].name, (uintmax_t)wk->lv[i].index,
			(uintmax_t)wk->lv[i].entry_offset,
			wk->lv[i].shift + wk->lv[i].bits - 1, wk->lv[i].shift);
	fprintf(out, "    page offset 0x%jx (%u bits)\n", (uintmax_t)wk->page_offset,
		wk->page_offset_bits);
	if (!x->found || x->in_gap)
		return;
	if (x->pm_err) {
		fprintf(out, "  pagemap: %s\n", strerror(-x->pm_err));
		return;
	}
	flagtab_format(&flagtab_pagemap, x->pm, false, FLAG_FMT_NAMES, buf,
		       sizeof(buf));
	fprintf(out, "  pagemap 0x%016jx: %s (%s)\n", (uintmax_t)x->pm,
		page_state_name(page_state_of(x->pm)), *buf ? buf : "no flags");
	if (x->have_kpf) {
		flagtab_format(&flagtab_kpageflags, x->kpf, true, FLAG_FMT_NAMES,
			       buf, sizeof(buf));
		fprintf(out, "  kpageflags 0x%jx: %s\n", (uintmax_t)x->kpf, buf);
	}
	if (x->have_count)
		fprintf(out, "  mapcount %ju\n", (uintmax_t)x->count);
	if (!x->have_leaf)
		return;
	fprintf(out, "  leaf (reconstructed) %s at level %d: 0x%016jx\n",
		pt_kind_name(x->leaf.kind), x->leaf.level,
		(uintmax_t)x->leaf.word);
	fprintf(out, "    %s\n", x->leaf.vocab);
	ptdesc_print(out, &x->leaf, true, "    ");
	if (page_state_of(x->pm) == PAGE_PRESENT && (x->pm & PM_PFN_MASK)) {
		uint64_t phys = (x->pm & PM_PFN_MASK) * page_size +
				(x->walk.va_stripped & (page_size - 1));

		fprintf(out, "  physical address 0x%jx\n", (uintmax_t)phys);
		if (b)
			text_board(out, c, x, b, phys);
	}
}

static void json_vma(struct jsonw *w, const char *key, const struct vma *v)
{
	jw_key(w, key);
	jw_obj_start(w);
	jw_hex_field(w, "start", v->start);
	jw_hex_field(w, "end", v->end);
	jw_str_field(w, "perms", v->perms);
	jw_str_field(w, "kind", vma_kind_name(v->kind));
	jw_str_field(w, "name", v->name ? v->name : "");
	jw_obj_end(w);
}

static void json_str_or_null(struct jsonw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s && *s)
		jw_str(w, s);
	else
		jw_null(w);
}

/* "elf": segment, section, build-id and symbol, or null */
static void json_elf(struct jsonw *w, const struct xlate *x)
{
	const struct vma_elf *e = &x->vma.elf;
	char seg[32];

	jw_key(w, "elf");
	if (!x->have_elf) {
		jw_null(w);
		return;
	}
	seg_text(e, seg, sizeof(seg));
	jw_obj_start(w);
	jw_str_field(w, "segment", seg);
	json_str_or_null(w, "section", x->elf.section);
	json_str_or_null(w, "build_id", e->build_id);
	json_str_or_null(w, "symbol", x->elf.symbol);
	if (x->elf.symbol) {
		jw_hex_field(w, "symbol_offset", x->elf.sym_off);
		jw_str_field(w, "symbol_table", x->elf.symsrc);
	}
	jw_obj_end(w);
}

static void json_board_one(struct jsonw *w, const struct pt_config *c,
			   const struct xlate *x, const struct board *b,
			   uint64_t phys)
{
	const struct board_region *r = board_region_find(b, phys);

	if (r) {
		jw_str_field(w, "phys_region", r->name);
		jw_str_field(w, "phys_region_kind",
			     board_region_kind_name(r->kind));
	} else {
		jw_key(w, "phys_region"), jw_null(w);
		jw_key(w, "phys_region_kind"), jw_null(w);
	}
	if (!arm64_written(c, x))
		return;
	jw_key(w, "dirty_bits");
	jw_arr_start(w);
	for (size_t i = 0; i < b->nclusters; i++) {
		const struct board_cluster *k = &b->clusters[i];

		jw_obj_start(w);
		jw_str_field(w, "cluster", k->name);
		jw_u64_field(w, "first_cpu", k->first_cpu);
		jw_u64_field(w, "last_cpu", k->last_cpu);
		jw_bool_field(w, "hw_dbm", k->hw_dbm);
		jw_str_field(w, "written", k->written);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void json_one(struct jsonw *w, const struct pt_config *c,
		     const struct xlate *x, uint64_t page_size,
		     const struct board *b)
{
	const struct pt_walk *wk = &x->walk;

	jw_obj_start(w);
	jw_hex_field(w, "address", x->addr);
	jw_bool_field(w, "user_address", !x->walk_err);
	if (x->walk_err) {
		jw_obj_end(w);
		return;
	}
	jw_hex_field(w, "stripped", wk->va_stripped);
	jw_bool_field(w, "tagged", wk->tagged);
	jw_bool_field(w, "in_gap", !x->found || x->in_gap);
	if (x->found)
		json_vma(w, x->in_gap ? "next_vma" : "vma", &x->vma);
	if (x->in_gap && x->has_prev)
		json_vma(w, "prev_vma", &x->prev);
	json_elf(w, x);
	jw_key(w, "walk");
	jw_arr_start(w);
	for (unsigned i = 0; i < wk->nlevels; i++) {
		jw_obj_start(w);
		jw_str_field(w, "level", wk->lv[i].name);
		jw_u64_field(w, "index", wk->lv[i].index);
		jw_hex_field(w, "entry_offset", wk->lv[i].entry_offset);
		jw_u64_field(w, "va_shift", wk->lv[i].shift);
		jw_u64_field(w, "va_bits", wk->lv[i].bits);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_hex_field(w, "page_offset", wk->page_offset);
	if (x->found && !x->in_gap && !x->pm_err) {
		jw_key(w, "pagemap");
		flagtab_json(w, &flagtab_pagemap, x->pm, false);
		jw_str_field(w, "state", page_state_name(page_state_of(x->pm)));
		jw_key(w, "kpageflags");
		if (x->have_kpf)
			flagtab_json(w, &flagtab_kpageflags, x->kpf, true);
		else
			jw_null(w);
		jw_key(w, "mapcount");
		if (x->have_count)
			jw_u64(w, x->count);
		else
			jw_null(w);
		if (page_state_of(x->pm) == PAGE_PRESENT &&
		    (x->pm & PM_PFN_MASK)) {
			uint64_t phys = (x->pm & PM_PFN_MASK) * page_size +
					(wk->va_stripped & (page_size - 1));

			jw_hex_field(w, "pfn", x->pm & PM_PFN_MASK);
			jw_hex_field(w, "phys", phys);
			if (b)
				json_board_one(w, c, x, b, phys);
		}
		if (x->have_leaf) {
			jw_key(w, "pte");
			ptdesc_json(w, &x->leaf, true);
		}
	}
	jw_obj_end(w);
}

/* "Board: Radxa ROCK 5B+ (rk3588, device tree): 48-bit 4-level as in ..." */
static void text_layout(FILE *out, const struct board_detect *d,
			const struct pt_config *c)
{
	const struct board *b = d->board;
	const struct board_layout *l =
		board_layout_match(b, c->page_shift, c->va_bits);

	fprintf(out, "Board: %s (%s, %s): ", b->model, b->soc,
		d->forced ? "--board" : "device tree");
	if (l)
		fprintf(out, "%u-bit %u-level tables as in %s\n", l->va_bits,
			l->levels, l->kernels);
	else
		fprintf(out, "this layout is not one its kernels are known to use\n");
}

int translate_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
		  char **bad)
{
	struct pt_config c;
	const struct pt_ops *ops;
	struct xlate *x;
	struct proc_info pi;
	const char *why, *err = NULL;
	char rel[64], cfg[96];
	struct snapshot_sys sys;
	uint64_t page_size, hi = 0;
	int n = o->ntargets - 1, ret, failed = 0;
	struct board bd; /* the board with the clusters detected (cpuinfo) */
	const struct board *b = NULL;
	struct elf_labeler *elf;
	pid_t pid;

	*bad = NULL;
	if (o->board && o->board->board) {
		bd = *o->board->board;
		bd.clusters = o->board->clusters;
		bd.nclusters = o->board->nclusters;
		b = &bd;
	}
	snapshot_sys(p, &sys); /* a snapshot's page size, not ours */
	page_size = sys.page_size;
	if (n < 1) {
		*bad = xstrdup(o->ntargets ? "translate: no address given" :
					     "translate: no process given");
		return -EINVAL;
	}
	if (target_parse(p, o->targets[0], &pid) < 0) {
		if (asprintf(bad, "'%s' is not a process ID or 'self'",
			     o->targets[0]) < 0)
			*bad = NULL;
		return -EINVAL;
	}
	x = xcalloc((size_t)n, sizeof(*x));
	for (int i = 0; i < n; i++) {
		const char *a = o->targets[i + 1];

		if (hex_parse(a, strlen(a), &x[i].addr) < 0) {
			if (asprintf(bad, "translate: '%s' is not a hex address",
				     a) < 0)
				*bad = NULL;
			free(x);
			return -EINVAL;
		}
	}
	/* a first model for the tags; the VA size comes with the VMAs */
	if (vv_pt_config(o, 0, &c, &why) < 0) {
		*bad = xstrdup(why);
		free(x);
		return -EINVAL;
	}
	ops = pt_ops_for(c.arch);
	for (int i = 0; i < n; i++)
		x[i].walk_err = ops->walk(&c, x[i].addr, &x[i].walk);
	elf = elf_labeler_new(p, true);
	ret = find_vmas(p, pid, x, n, &hi, &err, elf);
	if (ret < 0) {
		fprintf(stderr, "vmaview: %d: %s\n", (int)pid,
			err ? err : ret == -EACCES ? "permission denied" :
			proc_exists(p, pid) ? strerror(-ret) : "no such process");
		failed = 1;
	}
	vv_pt_config(o, hi, &c, &why);
	pt_config_text(&c, cfg, sizeof(cfg));
	for (int i = 0; i < n && !failed; i++) {
		struct xlate *t = &x[i];
		struct pt_input in;
		uint64_t pfn;

		t->walk_err = ops->walk(&c, t->addr, &t->walk);
		if (t->walk_err || !t->found || t->in_gap)
			continue;
		snprintf(rel, sizeof(rel), "%d/pagemap", (int)pid);
		t->pm_err = read_word(p, rel, t->walk.va_stripped / page_size,
				      &t->pm);
		if (t->pm_err)
			continue;
		pfn = t->pm & PM_PFN_MASK;
		if (page_state_of(t->pm) == PAGE_PRESENT && pfn) {
			t->have_kpf = !read_word(p, "kpageflags", pfn, &t->kpf);
			t->have_count =
				!read_word(p, "kpagecount", pfn, &t->count);
		}
		input_of(t, &in, pfn != 0);
		memset(&t->leaf, 0, sizeof(t->leaf));
		t->have_leaf = page_state_of(t->pm) != PAGE_NONE &&
			       !ops->reconstruct(&c, &in, &t->leaf);
	}
	proc_info_read(p, pid, &pi);
	if (o->format == VV_FMT_JSON) {
		struct jsonw *w = jw_new(out, o->pretty);

		json_head(w, o);
		jw_obj_start(w);
		json_proc_ident(w, &pi);
		jw_str_field(w, "model", cfg);
		if (b) {
			const struct board_layout *l =
				board_layout_match(b, c.page_shift, c.va_bits);

			jw_key(w, "board_layout");
			if (l)
				jw_str(w, l->kernels);
			else
				jw_null(w);
		}
		jw_key(w, "translations");
		jw_arr_start(w);
		for (int i = 0; i < n && !failed; i++)
			json_one(w, &c, &x[i], page_size, b);
		jw_arr_end(w);
		jw_bool_field(w, "complete", !failed);
		jw_obj_end(w);
		jw_arr_end(w);
		jw_obj_end(w);
		jw_destroy(w);
	} else if (!failed) {
		fprintf(out, "%d: %s (%s)\n", (int)pid, pi.comm ? pi.comm : "?",
			cfg);
		if (b)
			text_layout(out, o->board, &c);
		for (int i = 0; i < n; i++)
			text_one(out, &c, &x[i], page_size, b);
	}
	for (int i = 0; i < n; i++) {
		vma_clear(&x[i].vma);
		vma_clear(&x[i].prev);
	}
	proc_info_free(&pi);
	elf_labeler_free(elf);
	free(x);
	return failed;
}
