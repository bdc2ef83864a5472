/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - tabw.c: aligned, raw and KEY="value" tables, cell escaping */
#include "vmaview/tabw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "vmaview/text.h"
#include "vmaview/xalloc.h"

struct tabw_col {
	char *header;
	size_t hlen;      /* strlen(header) */
	bool right;
	size_t width;     /* widest cell or header so far */
};

/*
 * Lengths fit 32 bits: the smaps reader caps a line at 64 MiB, so a cell
 * encodes to less than 256 MiB.
 */
struct tabw_cell {
	uint32_t len, width;
};

/* A byte buffer that grows: the cell arena, and the line being printed. */
struct growbuf {
	char *p;
	size_t len, cap;
};

/* Room for n more bytes at b->p + b->len; returns that place. */
static char *gb_room(struct growbuf *b, size_t n)
{
	if (b->cap - b->len < n) {
		b->cap = b->cap * 2 > b->len + n ? b->cap * 2 : b->len + n;
		b->p = xrealloc(b->p, b->cap);
	}
	return b->p + b->len;
}

static void gb_put(struct growbuf *b, const char *s, size_t n)
{
	if (!n)
		return; /* also: no memcpy to a buffer not allocated yet */
	memcpy(gb_room(b, n), s, n);
	b->len += n;
}

static void gb_pad(struct growbuf *b, size_t n)
{
	if (!n)
		return;
	memset(gb_room(b, n), ' ', n);
	b->len += n;
}

struct tabw {
	FILE *out;
	enum tabw_mode mode;
	bool noheadings;
	struct tabw_col *cols;
	size_t ncols;
	struct tabw_cell *cells;
	size_t ncells, cellcap;
	struct growbuf arena; /* the encoded cells, back to back */
	struct growbuf line;  /* the line being printed */
};

struct tabw *tabw_new(FILE *out, enum tabw_mode mode, bool noheadings)
{
	struct tabw *t = xcalloc(1, sizeof(*t));

	t->out = out;
	t->mode = mode;
	t->noheadings = noheadings;
	return t;
}

void tabw_free(struct tabw *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i].header);
	free(t->cols);
	free(t->cells);
	free(t->arena.p);
	free(t->line.p);
	free(t);
}

void tabw_column(struct tabw *t, const char *header, bool right)
{
	t->cols = xreallocarray(t->cols, t->ncols + 1, sizeof(*t->cols));
	t->cols[t->ncols] = (struct tabw_col){
		.header = xstrdup(header),
		.hlen = strlen(header),
		.right = right,
		.width = strlen(header), /* grows with the cells */
	};
	t->ncols++;
}

/* \xHH */
static char *put_hex(char *q, unsigned char c)
{
	*q++ = '\\';
	*q++ = 'x';
	return fmt_hex2(q, c);
}

size_t tabw_encode(enum tabw_mode mode, const char *str, size_t len,
		   char *buf, size_t *width)
{
	const unsigned char *s = (const unsigned char *)str;
	bool utf8;
	char *q = buf;
	size_t i = 0, w = 0;

	/* the common case: printable ASCII that no mode escapes */
	while (i < len && s[i] > ' ' && s[i] < 0x7f && s[i] != '\\' &&
	       s[i] != '"')
		i++;
	memcpy(buf, s, i);
	q += i;
	w = i;
	if (i == len) {
		*q = '\0';
		*width = w;
		return i;
	}
	utf8 = MB_CUR_MAX > 1;

	while (i < len) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t n;
		int cw;

		if (c >= 0x20 && c < 0x7f) {
			bool esc = (c == '\\' && (mode != TABW_TABLE ||
						  (i + 1 < len && s[i + 1] == 'x'))) ||
				   (c == ' ' && mode == TABW_RAW) ||
				   (c == '"' && mode == TABW_PAIRS);

			if (esc) {
				q = put_hex(q, c);
				w += 4;
			} else {
				*q++ = (char)c;
				w++;
			}
			i++;
			continue;
		}
		n = c >= 0x80 && utf8 ? utf8_decode(str + i, len - i, &cp) : 0;
		cw = n && cp >= 0xa0 ? wcwidth((wchar_t)cp) : -1;
		if (cw >= 0) {
			memcpy(q, s + i, n);
			q += n;
			w += (size_t)cw;
			i += n;
			continue;
		}
		/* a control, DEL, C1 control, unprintable or invalid: bytes */
		n = n ? n : 1;
		for (size_t k = 0; k < n; k++)
			q = put_hex(q, s[i + k]);
		w += 4 * n;
		i += n;
	}
	*q = '\0';
	*width = w;
	return (size_t)(q - buf);
}

void tabw_cell(struct tabw *t, const char *s, size_t len)
{
	struct tabw_col *col = &t->cols[t->ncells % t->ncols];
	size_t n, w;

	n = tabw_encode(t->mode, s, len, gb_room(&t->arena, len * 4 + 1), &w);
	t->arena.len += n;
	if (t->ncells == t->cellcap) {
		t->cellcap = t->cellcap ? t->cellcap * 2 : 256;
		t->cells = xreallocarray(t->cells, t->cellcap, sizeof(*t->cells));
	}
	t->cells[t->ncells++] = (struct tabw_cell){ (uint32_t)n, (uint32_t)w };
	if (w > col->width)
		col->width = w;
}

/* One aligned, raw or KEY="value" field; col is its column index. */
static void put_field(struct tabw *t, size_t col, const char *s,
		      size_t len, size_t width)
{
	struct growbuf *lb = &t->line;
	const struct tabw_col *c = &t->cols[col];
	bool last = col + 1 == t->ncols;
	size_t fill = t->mode == TABW_TABLE ? c->width - width : 0;

	if (col)
		gb_put(lb, " ", 1);
	if (t->mode == TABW_PAIRS) {
		gb_put(lb, c->header, c->hlen);
		gb_put(lb, "=\"", 2);
		gb_put(lb, s, len);
		gb_put(lb, "\"", 1);
		return;
	}
	if (c->right)
		gb_pad(lb, fill);
	gb_put(lb, s, len);
	if (!c->right && !last)
		gb_pad(lb, fill);
}

/* One fwrite per row, not one per field. */
static void end_line(struct tabw *t)
{
	gb_put(&t->line, "\n", 1);
	fwrite_unlocked(t->line.p, 1, t->line.len, t->out);
	t->line.len = 0;
}

void tabw_print(struct tabw *t)
{
	const char *p = t->arena.p;
	size_t nrows = t->ncols ? t->ncells / t->ncols : 0;

	if (!t->noheadings && t->mode != TABW_PAIRS && t->ncols) {
		for (size_t i = 0; i < t->ncols; i++)
			put_field(t, i, t->cols[i].header, t->cols[i].hlen,
				  t->cols[i].hlen);
		end_line(t);
	}
	for (size_t r = 0; r < nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++) {
			const struct tabw_cell *c = &t->cells[r * t->ncols + i];

			put_field(t, i, p, c->len, c->width);
			p += c->len;
		}
		end_line(t);
	}
	t->ncells = 0;
	t->arena.len = 0;
	for (size_t i = 0; i < t->ncols; i++)
		t->cols[i].width = t->cols[i].hlen;
}
