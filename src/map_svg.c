/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - map_svg.c: the map as a standalone SVG: virtual layout, physical placement, runs joining them */
#include "vmaview/map.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/text.h"
#include "vmaview/xalloc.h"

/* Geometry (px): left labels, strips, right segments and their labels. */
#define DOC_W    1200
#define TOP      84
#define LABEL_X  10
#define STRIP_X  360
#define STRIP_W  280
#define SEG_X    860
#define SEG_W    110
#define SEGLBL_X 980
#define GAP_H    14
#define NAME_MAX 56

struct map_svg {
	FILE *f;
	const struct map_vma *v;
	size_t n;
	double *y, *h;       /* each VMA's box */
	double height;
	uint64_t page_size;
	bool grouped;        /* lines are groups: no gaps */
};

/* A log-ish height: 1 page is lo px, each doubling adds per px. */
static double log_h(uint64_t bytes, uint64_t page_size, double lo, double per)
{
	double pages = (double)(bytes / page_size);

	return lo + per * (pages > 1 ? log2(pages) : 0);
}

/*
 * Text as XML character data: well-formed UTF-8 kept, anything else and
 * the characters XML 1.0 forbids as '?', the five specials as entities.
 * At most max code points: the first ones and "...", or with tail "..."
 * and the last ones (a path's end says more than its start).
 */
static void text_cut(FILE *f, const char *s, size_t max, bool tail)
{
	size_t len = strlen(s), i = 0, k = 0, n = 0;
	uint32_t cp;

	for (size_t j = 0; j < len; n++) {
		size_t l = utf8_decode(s + j, len - j, &cp);

		j += l ? l : 1;
	}
	if (tail && n > max) {
		for (; n > max; n--) {
			size_t l = utf8_decode(s + i, len - i, &cp);

			i += l ? l : 1;
		}
		fputs("...", f);
	}
	while (i < len && k < max) {
		size_t l = utf8_decode(s + i, len - i, &cp);

		k++;
		if (!l || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    cp == 0xfffe || cp == 0xffff) {
			fputc('?', f);
			i += l ? l : 1;
			continue;
		}
		switch (cp) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default: fwrite(s + i, 1, l, f);
		}
		i += l;
	}
	if (i < len)
		fputs("...", f);
}

static void text(FILE *f, const char *s, size_t max)
{
	text_cut(f, s, max, false);
}

static const char *seg_fill(int kind)
{
	switch (kind) {
	case BRK_DRAM: case -1: return "#e8f5e9";
	case BRK_HOLE: return "#ffffff";
	case BRK_FIRMWARE: return "#cfd8dc";
	case BRK_SRAM: return "#fff9c4";
	case BRK_MMIO: return "#ffe0b2";
	case BRK_PCIE: return "#e1bee7";
	default: return "#ffcdd2";
	}
}

static void legend(FILE *f)
{
	double x = LABEL_X;

	for (int i = 0; i < MS_N; i++) {
		fprintf(f, "<rect x=\"%.1f\" y=\"44\" width=\"12\" height=\"12\" "
			   "fill=\"%s\" stroke=\"#555\"/>", x, map_states[i].fill);
		fprintf(f, "<text x=\"%.1f\" y=\"54\">%s</text>\n", x + 16,
			map_states[i].name);
		x += 30 + 7 * strlen(map_states[i].name);
	}
}

struct map_svg *map_svg_begin(FILE *f, const struct map_vma *v, size_t n,
			      const char *title, struct map_phys *ph)
{
	struct map_svg *s = xcalloc(1, sizeof(*s));
	double y = TOP, ry = TOP;

	s->f = f;
	s->v = v;
	s->n = n;
	s->page_size = ph->page_size ? ph->page_size : 4096;
	s->grouped = map_grouped(v, n);
	s->y = xcalloc(n ? n : 1, sizeof(*s->y));
	s->h = xcalloc(n ? n : 1, sizeof(*s->h));
	for (size_t i = 0; i < n; i++) {
		if (i && v[i].start > v[i - 1].end && !s->grouped)
			y += GAP_H;
		s->y[i] = y;
		s->h[i] = log_h(v[i].nvmas ? v[i].bytes : v[i].end - v[i].start,
				s->page_size, 14, 2.5);
		y += s->h[i] + 3;
	}
	for (size_t i = 0; i < ph->nseg; i++) {
		struct map_seg *g = &ph->seg[i];

		g->y = ry;
		g->h = log_h(g->end - g->start, s->page_size, 14, 2.5);
		ry += g->h + 2;
	}
	s->height = (y > ry ? y : ry) + 20;
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		   "height=\"%.0f\" viewBox=\"0 0 %d %.0f\" "
		   "font-family=\"monospace\" font-size=\"11\">\n",
		DOC_W, s->height, DOC_W, s->height);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
	fputs("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">vmaview map: ", f);
	text(f, title, 200);
	fputs("</text>\n", f);
	legend(f);
	return s;
}

void map_svg_vma(struct map_svg *s, size_t vi, const uint8_t *cells,
		 size_t ncells)
{
	const struct map_vma *v = &s->v[vi];
	FILE *f = s->f;
	double y = s->y[vi], h = s->h[vi], cw = (double)STRIP_W / ncells;
	char sz[32];

	if (vi && v->start > s->v[vi - 1].end && !s->grouped) {
		map_size(sz, sizeof(sz), v->start - s->v[vi - 1].end, false);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" fill=\"#888\" "
			   "text-anchor=\"middle\">&#183;&#183;&#183; %s gap "
			   "&#183;&#183;&#183;</text>\n",
			STRIP_X + STRIP_W / 2, y - 4, sz);
	}
	if (v->nvmas) {
		/* a group: its VMAs' count and size; they span start-end */
		map_size(sz, sizeof(sz), v->bytes, true);
		fprintf(f, "<g><title>%zu VMA%s in %jx-%jx: ", v->nvmas,
			v->nvmas == 1 ? "" : "s", (uintmax_t)v->start,
			(uintmax_t)v->end);
		text(f, v->name, 4096);
		fprintf(f, "</title>\n<text x=\"%d\" y=\"%.1f\">%zu VMA%s %s ",
			LABEL_X, y + 11, v->nvmas, v->nvmas == 1 ? "" : "s", sz);
	} else {
		map_size(sz, sizeof(sz), v->end - v->start, true);
		fprintf(f, "<g><title>%jx-%jx %s ", (uintmax_t)v->start,
			(uintmax_t)v->end, v->perms);
		text(f, v->name, 4096);
		fprintf(f, "</title>\n<text x=\"%d\" y=\"%.1f\">%jx %s %s ",
			LABEL_X, y + 11, (uintmax_t)v->start, v->perms, sz);
	}
	text_cut(f, v->name, NAME_MAX - 32, true);
	fprintf(f, "</text>\n<rect x=\"%d\" y=\"%.1f\" width=\"%d\" "
		   "height=\"%.1f\" fill=\"%s\" stroke=\"#999\"/>\n",
		STRIP_X, y, STRIP_W, h, map_states[MS_UNTOUCHED].fill);
	for (size_t c = 0; c < ncells;) {
		size_t e = c + 1;

		while (e < ncells && cells[e] == cells[c])
			e++;
		if (cells[c] != MS_UNTOUCHED)
			fprintf(f, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" "
				   "height=\"%.1f\" fill=\"%s\"/>\n",
				STRIP_X + c * cw, y, (e - c) * cw, h,
				map_states[cells[c]].fill);
		c = e;
	}
	fputs("</g>\n", f);
}

static void segments(struct map_svg *s, const struct map_phys *ph)
{
	FILE *f = s->f;

	fprintf(f, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">physical: ",
		SEG_X, TOP - 22);
	text(f, ph->source ? ph->source : "", 40);
	fputs("</text>\n", f);
	if (ph->why[0]) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#b71c1c\">",
			STRIP_X + STRIP_W + 10, TOP - 8);
		text(f, ph->why, 200);
	} else {
		fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#444\">%ju frames; "
			   "bars: frames per bin (log); lines: the %zu largest runs",
			STRIP_X + STRIP_W + 10, TOP - 8, (uintmax_t)ph->frames,
			ph->ntop);
	}
	fputs("</text>\n", f);
	for (size_t i = 0; i < ph->nseg; i++) {
		const struct map_seg *g = &ph->seg[i];
		uint64_t max = 0, bin_pages;
		char sz[32];

		map_size(sz, sizeof(sz), g->end - g->start, true);
		fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" "
			   "fill=\"%s\" stroke=\"#777\"%s/>\n",
			SEG_X, g->y, SEG_W, g->h, seg_fill(g->kind),
			g->kind == BRK_HOLE ? " stroke-dasharray=\"3 2\"" : "");
		fprintf(f, "<text x=\"%d\" y=\"%.1f\">", SEGLBL_X, g->y + 11);
		text(f, g->label, 24);
		fprintf(f, " %jx %s</text>\n", (uintmax_t)g->start, sz);
		if (!g->bins)
			continue;
		bin_pages = (g->end - g->start) / g->nbins / s->page_size;
		for (unsigned b = 0; b < g->nbins; b++)
			if (g->bins[b] > max)
				max = g->bins[b];
		for (unsigned b = 0; b < g->nbins && max; b++) {
			/* log scale: a few frames in a large bin still show */
			double frac = log1p((double)g->bins[b]) /
				      log1p((double)(bin_pages > max ? bin_pages : max));

			if (!g->bins[b])
				continue;
			fprintf(f, "<rect x=\"%d\" y=\"%.2f\" width=\"%.2f\" "
				   "height=\"%.2f\" fill=\"#283593\"/>\n",
				SEG_X, g->y + g->h * b / g->nbins,
				1 + (SEG_W - 1) * (frac > 1 ? 1 : frac),
				g->h / g->nbins);
		}
	}
}

static void runs(struct map_svg *s, const struct map_phys *ph)
{
	FILE *f = s->f;

	for (size_t i = 0; i < ph->ntop; i++) {
		const struct map_run *r = &ph->top[i];
		uint64_t a = r->pfn * s->page_size;
		const struct map_seg *g = map_phys_seg(ph, a);
		double y1, y2, w;

		if (!g || r->vma >= s->n)
			continue;
		y1 = s->y[r->vma] + s->h[r->vma] / 2;
		y2 = g->y + g->h * ((double)(a - g->start) /
				    (double)(g->end - g->start));
		w = 1 + log2((double)r->npages) / 2;
		fprintf(f, "<path d=\"M %d %.1f C %d %.1f %d %.1f %d %.1f\" "
			   "fill=\"none\" stroke=\"#37474f\" stroke-opacity=\"0.5\" "
			   "stroke-width=\"%.1f\"><title>%ju pages at %jx: PFN %jx"
			   "</title></path>\n",
			STRIP_X + STRIP_W, y1, STRIP_X + STRIP_W + 120, y1,
			SEG_X - 120, y2, SEG_X, y2, w, (uintmax_t)r->npages,
			(uintmax_t)r->vaddr, (uintmax_t)r->pfn);
	}
}

void map_svg_end(struct map_svg *s, const struct map_phys *ph,
		 const char *dirty_src)
{
	/* known only now, drawn under the title */
	fputs("<text x=\"10\" y=\"34\" fill=\"#444\">", s->f);
	text(s->f, dirty_src, 200);
	fputs("; virtual (left, log-ish heights) and physical (right) "
	      "layout</text>\n", s->f);
	segments(s, ph);
	if (!ph->why[0])
		runs(s, ph);
	fputs("</svg>\n", s->f);
	free(s->y);
	free(s->h);
	free(s);
}
