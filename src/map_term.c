/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - map_term.c: the map in the terminal: label and strip per VMA (or group), gaps, legend, colours */
#include "vmaview/map.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "vmaview/xalloc.h"

#define WIDTH_MIN 40
#define NAME_MAX_W 24
#define STRIP_MIN 16

struct map_term {
	FILE *out;
	const struct map_vma *v;
	bool color;
	unsigned width;        /* no line is longer */
	int aw;                /* hex digits of a user-space address */
	int aw_all;            /* of any address (the vsyscall page's) */
	bool range;            /* label shows start-end (else start only) */
	int cw;                /* groups: digits of the VMA count (else 0) */
	int nw;                /* name field */
	size_t strip;          /* cells of the widest strip */
	uint64_t page_size;
};

unsigned map_term_width(const struct vv_opts *o, int fd)
{
	const char *c = getenv("COLUMNS");
	unsigned long w = 0;
	struct winsize ws;

	if (o->width)
		w = o->width;
	else if (c && *c >= '1' && *c <= '9')
		w = strtoul(c, NULL, 10);
	else if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		w = ws.ws_col;
	else
		w = 80;
	if (w < WIDTH_MIN)
		w = WIDTH_MIN;
	if (w > MAP_CELLS_MAX)
		w = MAP_CELLS_MAX;
	return (unsigned)w;
}

void map_size(char *buf, size_t len, uint64_t bytes, bool compact)
{
	static const char units[] = "BKMGTPE";
	double v = (double)bytes;
	int u = 0;

	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (compact)
		snprintf(buf, len, u && v < 9.95 ? "%.1f%c" : "%.0f%c", v,
			 units[u]);
	else if (!u)
		snprintf(buf, len, "%ju B", (uintmax_t)bytes);
	else
		snprintf(buf, len, v < 9.95 ? "%.1f %ciB" : "%.0f %ciB", v,
			 units[u]);
}

/* The name as shown: a path's last part; bytes outside ASCII as '?'. */
static size_t name_shown(const char *name, char *buf, size_t len)
{
	const char *s = name, *sl = name[0] == '/' ? strrchr(name, '/') : NULL;
	size_t n = 0;

	if (sl && sl[1])
		s = sl + 1;
	for (; *s && n + 1 < len; s++)
		buf[n++] = (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f ?
			   *s : '?';
	buf[n] = 0;
	return n;
}

static bool want_color(const struct vv_opts *o, FILE *out)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color != VV_COLOR_AUTO)
		return o->color == VV_COLOR_ALWAYS;
	if (nc && *nc)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(out));
}

/* Prints s (visible length vis, with escapes in it) wrapping at width. */
static void put_item(struct map_term *t, unsigned *col, const char *s,
		     unsigned vis)
{
	if (*col && *col + 2 + vis > t->width) {
		fputc('\n', t->out);
		*col = 0;
	}
	if (*col) {
		fputs("  ", t->out);
		*col += 2;
	}
	fputs(s, t->out);
	*col += vis;
}

/* A line of text cut at the width (text lines only: no escapes). */
static void put_line(struct map_term *t, const char *s)
{
	fprintf(t->out, "%.*s\n", (int)t->width, s);
}

static void legend(struct map_term *t)
{
	unsigned col = 0;
	char item[96];

	put_item(t, &col, "legend:", 7);
	for (int i = 0; i < MS_N; i++) {
		const struct map_state_info *m = &map_states[i];
		int vis;

		/* in colour, a coloured swatch; untouched stays quoted */
		if (t->color && m->sgr[0]) {
			snprintf(item, sizeof(item), "\033[%sm%c\033[0m %s",
				 m->sgr, m->ch, m->name);
			vis = 2 + (int)strlen(m->name);
		} else {
			vis = snprintf(item, sizeof(item), "'%c' %s", m->ch,
				       m->name);
		}
		put_item(t, &col, item, (unsigned)vis);
	}
	fputc('\n', t->out);
}

/*
 * Label width of the layout: range or start, perms, size, name; a group's:
 * "N VMAs", size, name.
 */
static unsigned label_w(const struct map_term *t)
{
	if (t->cw)
		return (unsigned)t->cw + 5 + 1 + 5 + 1 + (unsigned)t->nw + 1;
	return (unsigned)(t->range ? 2 * t->aw + 1 : t->aw) + 1 + 4 + 1 + 5 +
	       1 + (unsigned)t->nw + 1;
}

struct map_term *map_term_begin(FILE *out, const struct vv_opts *o,
				const struct map_vma *v, size_t n,
				const char *title)
{
	struct map_term *t = xcalloc(1, sizeof(*t));
	char nb[NAME_MAX_W + 1];
	int maxname = 0;

	t->out = out;
	t->v = v;
	t->color = want_color(o, out);
	t->width = map_term_width(o, fileno(out));
	t->page_size = (uint64_t)sysconf(_SC_PAGESIZE);
	t->aw = t->aw_all = 8;
	t->range = true;
	for (size_t i = 0; i < n; i++) {
		int d = 1, nl = (int)name_shown(v[i].name, nb, sizeof(nb));

		for (uint64_t e = v[i].end - 1; e >>= 4;)
			d++;
		/* above 2^48 (x86_64's vsyscall page): start only, see below */
		if (d > t->aw && d <= 12)
			t->aw = d;
		if (d > t->aw_all)
			t->aw_all = d;
		if (nl > maxname)
			maxname = nl;
		if (v[i].nvmas) {
			int c = snprintf(nb, sizeof(nb), "%zu", v[i].nvmas);

			if (c > t->cw)
				t->cw = c;
		}
	}
	t->nw = maxname;
	/* the name gives way first, then the end address */
	while (label_w(t) + 2 + STRIP_MIN > t->width && t->nw > 8)
		t->nw--;
	if (label_w(t) + 2 + STRIP_MIN > t->width && !t->cw) {
		t->range = false;
		t->aw = t->aw_all;
	}
	while (label_w(t) + 2 + STRIP_MIN > t->width && t->nw > 0)
		t->nw--;
	if (t->nw < 4)
		t->nw = 0; /* a name of 3 columns says nothing */
	t->strip = t->width - label_w(t) - 2;
	put_line(t, title);
	legend(t);
	return t;
}

size_t map_term_cells(const struct map_term *t)
{
	return t->strip;
}

void map_term_gap(struct map_term *t, uint64_t bytes)
{
	char sz[32], line[MAP_CELLS_MAX + 1];
	uint64_t pages = bytes / (t->page_size ? t->page_size : 4096);
	/* dots: log2 of the gap in pages, so a gap's size reads at a glance */
	unsigned dots = 1 + (pages > 1 ? (unsigned)log2((double)pages) : 0);
	unsigned ind = label_w(t), len;

	map_size(sz, sizeof(sz), bytes, false);
	len = (unsigned)strlen(sz) + 5; /* " " sz " gap" */
	if (dots > (t->width - len) / 2)
		dots = (t->width - len) / 2;
	if (ind + dots + len > t->width)
		ind = t->width - dots - len;
	memset(line, ' ', ind);
	memset(line + ind, '.', dots);
	snprintf(line + ind + dots, sizeof(line) - ind - dots, " %s gap", sz);
	put_line(t, line);
}

void map_term_vma(struct map_term *t, size_t vi, const uint8_t *cells,
		  size_t ncells)
{
	const struct map_vma *v = &t->v[vi];
	char nb[512], sz[16];
	size_t nl = name_shown(v->name, nb, sizeof(nb));
	int prev = -1;

	if (nl > (size_t)t->nw && t->nw > 0) {
		nb[t->nw - 1] = '~'; /* cut */
		nb[t->nw] = 0;
	} else if (!t->nw) {
		nb[0] = 0;
	}
	map_size(sz, sizeof(sz), v->nvmas ? v->bytes : v->end - v->start, true);
	if (v->nvmas)
		fprintf(t->out, "%*zu %-4s ", t->cw, v->nvmas,
			v->nvmas == 1 ? "VMA" : "VMAs");
	else if (t->range && ((v->end - 1) >> 4 * t->aw))
		fprintf(t->out, "%-*jx ", 2 * t->aw + 1, (uintmax_t)v->start);
	else if (t->range)
		fprintf(t->out, "%0*jx-%0*jx ", t->aw, (uintmax_t)v->start, t->aw,
			(uintmax_t)v->end);
	else
		fprintf(t->out, "%0*jx ", t->aw, (uintmax_t)v->start);
	if (v->nvmas)
		fprintf(t->out, "%5s %-*s |", sz, t->nw, nb);
	else
		fprintf(t->out, "%-4s %5s %-*s |", v->perms, sz, t->nw, nb);
	for (size_t c = 0; c < ncells; c++) {
		const struct map_state_info *m = &map_states[cells[c]];

		if (t->color && cells[c] != prev) {
			if (m->sgr[0])
				fprintf(t->out, "\033[%sm", m->sgr);
			else
				fputs("\033[0m", t->out);
			prev = cells[c];
		}
		fputc(m->ch, t->out);
	}
	if (t->color && prev > 0)
		fputs("\033[0m", t->out);
	fputs("|\n", t->out);
}

void map_term_end(struct map_term *t, const char *dirty_src)
{
	put_line(t, dirty_src);
	free(t);
}
