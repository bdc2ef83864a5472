/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - map_phys.c: the map's physical side: RAM ranges (board, iomem), frame bins, largest runs */
#include "vmaview/map.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/xalloc.h"

#define NBINS 64
#define FALLBACK_START (1ULL << 30)

static struct map_seg *seg_add(struct map_phys *ph, uint64_t start,
			       uint64_t end, const char *label, int kind,
			       bool bins)
{
	struct map_seg *s;

	ph->seg = xreallocarray(ph->seg, ph->nseg + 1, sizeof(*ph->seg));
	s = &ph->seg[ph->nseg++];
	memset(s, 0, sizeof(*s));
	s->start = start;
	s->end = end;
	s->label = label;
	s->kind = kind;
	if (bins) {
		s->nbins = NBINS;
		s->bins = xcalloc(NBINS, sizeof(*s->bins));
	}
	return s;
}

/* The board's top-level regions (the MMIO window, not its devices), holes between. */
static void from_board(struct map_phys *ph, const struct board *b)
{
	uint64_t at = 0;

	for (size_t i = 0; i < b->nregions; i++) {
		const struct board_region *r = &b->regions[i];
		bool inner = false;

		for (size_t j = 0; j < b->nregions && !inner; j++)
			inner = j != i && b->regions[j].start <= r->start &&
				r->end <= b->regions[j].end &&
				(b->regions[j].start != r->start ||
				 b->regions[j].end != r->end);
		if (inner)
			continue;
		if (r->start > at)
			seg_add(ph, at, r->start, "hole", BRK_HOLE, false);
		seg_add(ph, r->start, r->end + 1, r->name, (int)r->kind,
			r->kind == BRK_DRAM);
		at = r->end + 1;
	}
	ph->source = "RK3588 map (ROCK 5B+ profile)";
}

/* ROOT/iomem's top-level "System RAM" lines; 0 when none is usable. */
static int from_iomem(struct map_phys *ph, const struct procfs *p)
{
	char *buf = NULL, *line, *save = NULL;
	size_t len;
	uint64_t at = 0;
	int n = 0;

	if (procfs_read_file(p, "iomem", 1 << 20, &buf, &len) < 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		uint64_t s, e;
		int off = 0;

		if (line[0] == ' ' ||
		    sscanf(line, "%" SCNx64 "-%" SCNx64 " : %n", &s, &e, &off) < 2 ||
		    !off || strcmp(line + off, "System RAM") || e <= s)
			continue; /* non-root reads zeros: e <= s */
		if (s > at && n)
			seg_add(ph, at, s, "not RAM", BRK_HOLE, false);
		seg_add(ph, s, e + 1, "System RAM", -1, true);
		at = e + 1;
		n++;
	}
	free(buf);
	if (n)
		ph->source = "System RAM of iomem";
	return n;
}

void map_phys_init(struct map_phys *ph, const struct procfs *p,
		   const struct board *b, uint64_t page_size)
{
	memset(ph, 0, sizeof(*ph));
	ph->page_size = page_size;
	if (b)
		from_board(ph, b);
	else if (!from_iomem(ph, p)) {
		/* grows by doubling up to the highest frame seen */
		seg_add(ph, 0, FALLBACK_START, "RAM", -1, true);
		ph->source = "0 to the highest frame (no iomem)";
	}
}

const struct map_seg *map_phys_seg(const struct map_phys *ph, uint64_t a)
{
	for (size_t i = 0; i < ph->nseg; i++)
		if (a >= ph->seg[i].start && a < ph->seg[i].end)
			return &ph->seg[i];
	return NULL;
}

/* The fallback segment doubles to hold a: bins merge pairwise. */
static struct map_seg *grow(struct map_phys *ph, uint64_t a)
{
	struct map_seg *s = &ph->seg[0];

	if (ph->nseg != 1 || s->kind != -1 || strcmp(s->label, "RAM"))
		return NULL;
	while (a >= s->end && s->end < (1ULL << 62)) {
		for (unsigned i = 0; i < s->nbins / 2; i++)
			s->bins[i] = s->bins[2 * i] + s->bins[2 * i + 1];
		memset(s->bins + s->nbins / 2, 0,
		       s->nbins / 2 * sizeof(*s->bins));
		s->end *= 2;
	}
	return a < s->end ? s : NULL;
}

static void top_add(struct map_phys *ph, const struct map_run *r)
{
	size_t min = 0;

	if (ph->ntop < MAP_TOP_RUNS) {
		ph->top[ph->ntop++] = *r;
		return;
	}
	for (size_t i = 1; i < ph->ntop; i++)
		if (ph->top[i].npages < ph->top[min].npages)
			min = i;
	if (r->npages > ph->top[min].npages)
		ph->top[min] = *r;
}

void map_phys_flush(struct map_phys *ph)
{
	if (ph->cur.npages)
		top_add(ph, &ph->cur);
	ph->cur.npages = 0;
}

void map_phys_page(struct map_phys *ph, size_t vi, uint64_t vaddr,
		   uint64_t pfn)
{
	uint64_t a = pfn * ph->page_size;
	struct map_seg *s = (struct map_seg *)map_phys_seg(ph, a);
	struct map_run *c = &ph->cur;

	if (!s)
		s = grow(ph, a);
	if (s && s->bins) {
		unsigned b = (unsigned)((unsigned __int128)(a - s->start) *
					s->nbins / (s->end - s->start));

		s->bins[b]++;
	}
	ph->frames++;
	if (c->npages && c->vma == vi &&
	    vaddr == c->vaddr + c->npages * ph->page_size &&
	    pfn == c->pfn + c->npages) {
		c->npages++;
		return;
	}
	map_phys_flush(ph);
	*c = (struct map_run){ .vaddr = vaddr, .pfn = pfn, .npages = 1,
			       .vma = vi };
}

void map_phys_free(struct map_phys *ph)
{
	for (size_t i = 0; i < ph->nseg; i++)
		free(ph->seg[i].bins);
	free(ph->seg);
	memset(ph, 0, sizeof(*ph));
}
