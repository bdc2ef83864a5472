/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - jsonw.c: small streaming JSON writer; always valid UTF-8 out */
#include "vmaview/jsonw.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/text.h"
#include "vmaview/xalloc.h"

enum { JW_OBJ, JW_ARR };

struct jsonw {
	FILE *out;
	bool pretty;
	bool after_key;   /* a key was written; the value follows without ',' */
	size_t depth, cap;
	unsigned char *kind;   /* JW_OBJ / JW_ARR per level */
	unsigned char *count;  /* 0: nothing written at this level yet */
};

struct jsonw *jw_new(FILE *out, bool pretty)
{
	struct jsonw *w = xcalloc(1, sizeof(*w));

	w->out = out;
	w->pretty = pretty;
	return w;
}

int jw_destroy(struct jsonw *w)
{
	int ret = w->depth ? -EINVAL : 0;

	if (!w->depth)
		putc_unlocked('\n', w->out);
	free(w->kind);
	free(w->count);
	free(w);
	return ret;
}

static void indent(struct jsonw *w)
{
	if (!w->pretty)
		return;
	putc_unlocked('\n', w->out);
	for (size_t i = 0; i < w->depth; i++)
		fputs_unlocked("  ", w->out);
}

/* Separator and indentation before a value or a key. */
static void before(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->depth)
		return;
	if (w->count[w->depth - 1])
		putc_unlocked(',', w->out);
	w->count[w->depth - 1] = 1;
	indent(w);
}

static void push(struct jsonw *w, unsigned char kind)
{
	before(w);
	putc_unlocked(kind == JW_OBJ ? '{' : '[', w->out);
	if (w->depth == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->kind = xrealloc(w->kind, w->cap);
		w->count = xrealloc(w->count, w->cap);
	}
	w->kind[w->depth] = kind;
	w->count[w->depth] = 0;
	w->depth++;
}

static void pop(struct jsonw *w, unsigned char kind)
{
	bool had;

	if (!w->depth || w->kind[w->depth - 1] != kind)
		abort(); /* a programming error, never input-driven */
	had = w->count[w->depth - 1];
	w->depth--;
	if (had)
		indent(w);
	putc_unlocked(kind == JW_OBJ ? '}' : ']', w->out);
}

void jw_obj_start(struct jsonw *w)
{
	push(w, JW_OBJ);
}

void jw_obj_end(struct jsonw *w)
{
	pop(w, JW_OBJ);
}

void jw_arr_start(struct jsonw *w)
{
	push(w, JW_ARR);
}

void jw_arr_end(struct jsonw *w)
{
	pop(w, JW_ARR);
}

/* Printable ASCII but '"' and '\\': copied as they are, a run at a time. */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static void put_string(FILE *f, const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, n;
	uint32_t cp;

	putc_unlocked('"', f);
	while (i < len) {
		unsigned char c = s[i];

		if (plain(c)) {
			size_t j = i + 1;

			while (j < len && plain(s[j]))
				j++;
			fwrite_unlocked(s + i, 1, j - i, f);
			i = j;
			continue;
		}
		switch (c) {
		case '"':
			fputs_unlocked("\\\"", f);
			break;
		case '\\':
			fputs_unlocked("\\\\", f);
			break;
		case '\n':
			fputs_unlocked("\\n", f);
			break;
		case '\t':
			fputs_unlocked("\\t", f);
			break;
		case '\r':
			fputs_unlocked("\\r", f);
			break;
		case '\b':
			fputs_unlocked("\\b", f);
			break;
		case '\f':
			fputs_unlocked("\\f", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char u[6] = { '\\', 'u', '0', '0' };

				fmt_hex2(u + 4, c);
				fwrite_unlocked(u, 1, sizeof(u), f);
				break;
			}
			n = utf8_decode(buf + i, len - i, &cp);
			if (!n) {
				fputs_unlocked("\xef\xbf\xbd", f); /* U+FFFD */
				i++;
				continue;
			}
			fwrite_unlocked(s + i, 1, n, f);
			i += n;
			continue;
		}
		i++;
	}
	putc_unlocked('"', f);
}

void jw_key(struct jsonw *w, const char *key)
{
	if (!w->depth || w->kind[w->depth - 1] != JW_OBJ || w->after_key)
		abort();
	before(w);
	put_string(w->out, key, strlen(key));
	fputs_unlocked(w->pretty ? ": " : ":", w->out);
	w->after_key = true;
}

void jw_strn(struct jsonw *w, const char *s, size_t len)
{
	before(w);
	put_string(w->out, s, len);
}

void jw_str(struct jsonw *w, const char *s)
{
	jw_strn(w, s, strlen(s));
}

/* v in base 10 or 16, no prefix */
static void put_uint(FILE *f, uint64_t v, unsigned int base)
{
	char buf[FMT_U64_MAX];

	fwrite_unlocked(buf, 1, (size_t)(fmt_u64(buf, v, base) - buf), f);
}

void jw_u64(struct jsonw *w, uint64_t v)
{
	before(w);
	put_uint(w->out, v, 10);
}

void jw_i64(struct jsonw *w, int64_t v)
{
	before(w);
	if (v < 0)
		putc_unlocked('-', w->out);
	put_uint(w->out, v < 0 ? -(uint64_t)v : (uint64_t)v, 10);
}

void jw_bool(struct jsonw *w, bool v)
{
	before(w);
	fputs_unlocked(v ? "true" : "false", w->out);
}

void jw_null(struct jsonw *w)
{
	before(w);
	fputs_unlocked("null", w->out);
}

void jw_hex(struct jsonw *w, uint64_t v)
{
	before(w);
	fputs_unlocked("\"0x", w->out);
	put_uint(w->out, v, 16);
	putc_unlocked('"', w->out);
}

void jw_hexbytes(struct jsonw *w, const void *buf, size_t len)
{
	const unsigned char *s = buf;

	before(w);
	putc_unlocked('"', w->out);
	for (size_t i = 0; i < len; i++) {
		char hex[2];

		fwrite_unlocked(hex, 1, (size_t)(fmt_hex2(hex, s[i]) - hex), w->out);
	}
	putc_unlocked('"', w->out);
}

void jw_str_field(struct jsonw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_strn_field(struct jsonw *w, const char *key, const char *s, size_t len)
{
	jw_key(w, key);
	jw_strn(w, s, len);
}

void jw_u64_field(struct jsonw *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	jw_u64(w, v);
}

void jw_i64_field(struct jsonw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_i64(w, v);
}

void jw_bool_field(struct jsonw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

void jw_hex_field(struct jsonw *w, const char *key, uint64_t v)
{
	jw_key(w, key);
	jw_hex(w, v);
}
