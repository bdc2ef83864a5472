/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - flagtab.c: the one flag engine: lookup, decode, format, filters */
#include "vmaview/flagtab.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmaview/jsonw.h"

const struct flag_table *flagtab_find(const char *kind)
{
	for (size_t i = 0; flagtab_all[i]; i++)
		if (!strcasecmp(flagtab_all[i]->kind, kind))
			return flagtab_all[i];
	return NULL;
}

/* k is exactly the len bytes at s; ci: case-insensitively. */
static bool word_is(const char *k, const char *s, size_t len, bool ci)
{
	if (!k || !len)
		return false;
	if (ci)
		return !strncasecmp(k, s, len) && !k[len];
	return !strncmp(k, s, len) && !k[len];
}

/* The len bytes at s begin k; ci: case-insensitively. */
static bool word_begins(const char *k, const char *s, size_t len, bool ci)
{
	if (!k || !len || len > strlen(k))
		return false;
	return ci ? !strncasecmp(k, s, len) : !strncmp(k, s, len);
}

int flagtab_lookup(const struct flag_table *t, const char *s, size_t len,
		   bool by_name)
{
	bool ci = !t->letter_codes;

	for (size_t i = 0; i < t->n; i++) {
		const struct flag_entry *e = &t->entries[i];

		if (by_name ? word_is(e->name, s, len, ci) ||
				      word_is(e->alias, s, len, ci)
			    : word_is(e->code, s, len, ci))
			return (int)i;
	}
	return -1;
}

uint64_t flagtab_internal_mask(const struct flag_table *t)
{
	uint64_t m = 0;

	for (size_t i = 0; i < t->n; i++)
		if (t->entries[i].internal)
			m |= t->entries[i].mask;
	return m;
}

uint64_t flagtab_decode(const struct flag_table *t, uint64_t word,
			void (*fn)(const struct flag_entry *e, void *arg),
			void *arg)
{
	uint64_t explained = t->field_mask;

	for (size_t i = 0; i < t->n; i++) {
		const struct flag_entry *e = &t->entries[i];

		if (e->mask && (word & e->mask) == e->value) {
			if (fn)
				fn(e, arg);
			explained |= e->mask;
		}
	}
	return word & ~explained;
}

uint64_t flagtab_shown(const struct flag_table *t, uint64_t word,
		       bool show_internal)
{
	return show_internal ? word : word & ~flagtab_internal_mask(t);
}

uint64_t flagtab_decode_shown(const struct flag_table *t, uint64_t word,
			      bool show_internal,
			      void (*fn)(const struct flag_entry *e, void *arg),
			      void *arg)
{
	return flagtab_decode(t, flagtab_shown(t, word, show_internal), fn,
			      arg);
}

/* --- text ----------------------------------------------------------------- */

/* snprintf-style appender: writes what fits, counts everything. */
struct sbuf {
	char *buf;
	size_t n, len;
};

static void sb_put(struct sbuf *b, const char *s, size_t len)
{
	if (b->len + 1 < b->n) {
		size_t room = b->n - 1 - b->len;

		memcpy(b->buf + b->len, s, len < room ? len : room);
	}
	b->len += len;
}

static void sb_str(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static void sb_hex(struct sbuf *b, uint64_t v)
{
	char tmp[24];
	int len = snprintf(tmp, sizeof(tmp), "0x%" PRIx64, v);

	sb_put(b, tmp, (size_t)len);
}

struct names_ctx {
	struct sbuf *b;
	size_t before; /* b->len when the names began */
};

static void name_cb(const struct flag_entry *e, void *arg)
{
	struct names_ctx *c = arg;

	if (c->b->len > c->before)
		sb_put(c->b, ",", 1);
	sb_str(c->b, e->name);
	if (e->internal)
		sb_put(c->b, "*", 1);
}

static void put_names(struct sbuf *b, const struct flag_table *t,
		      uint64_t shown)
{
	struct names_ctx c = {b, b->len};
	uint64_t left = flagtab_decode(t, shown, name_cb, &c);

	if (left) {
		if (b->len > c.before)
			sb_put(b, ",", 1);
		sb_hex(b, left);
	}
}

size_t flagtab_format(const struct flag_table *t, uint64_t word,
		      bool show_internal, enum flag_fmt fmt, char *buf,
		      size_t n)
{
	struct sbuf b = {buf, n, 0};
	uint64_t shown = flagtab_shown(t, word, show_internal);
	size_t mark;

	switch (fmt) {
	case FLAG_FMT_RAW:
		sb_hex(&b, shown);
		break;
	case FLAG_FMT_BOTH:
		sb_hex(&b, shown);
		sb_put(&b, "(", 1);
		mark = b.len;
		put_names(&b, t, shown);
		if (b.len == mark)
			b.len--; /* no names: drop the '(' */
		else
			sb_put(&b, ")", 1);
		break;
	default:
		put_names(&b, t, shown);
		break;
	}
	if (n)
		buf[b.len < n ? b.len : n - 1] = '\0';
	return b.len;
}

static const char *const fmt_names[] = {
	[FLAG_FMT_NAMES] = "names",
	[FLAG_FMT_RAW] = "raw",
	[FLAG_FMT_BOTH] = "both",
};

int flag_fmt_parse(const char *s, enum flag_fmt *fmt)
{
	for (size_t i = 0; i < sizeof(fmt_names) / sizeof(fmt_names[0]); i++)
		if (!strcasecmp(s, fmt_names[i])) {
			*fmt = (enum flag_fmt)i;
			return 0;
		}
	return -EINVAL;
}

const char *flag_fmt_name(enum flag_fmt fmt)
{
	return (unsigned)fmt < sizeof(fmt_names) / sizeof(fmt_names[0])
		       ? fmt_names[fmt]
		       : "?";
}

/* --- JSON ----------------------------------------------------------------- */

struct json_ctx {
	struct jsonw *w;
	bool internal;
};

static void json_name_cb(const struct flag_entry *e, void *arg)
{
	struct json_ctx *c = arg;

	if (e->internal == c->internal)
		jw_str(c->w, e->name);
}

void flagtab_json(struct jsonw *w, const struct flag_table *t, uint64_t word,
		  bool show_internal)
{
	uint64_t shown = flagtab_shown(t, word, show_internal);
	struct json_ctx c = {w, false};
	uint64_t left;

	jw_obj_start(w);
	jw_hex_field(w, "raw", shown);
	jw_key(w, "names");
	jw_arr_start(w);
	left = flagtab_decode(t, shown, json_name_cb, &c);
	jw_arr_end(w);
	if (show_internal) {
		c.internal = true;
		jw_key(w, "internal");
		jw_arr_start(w);
		flagtab_decode(t, shown, json_name_cb, &c);
		jw_arr_end(w);
	}
	jw_hex_field(w, "unknown", left);
	jw_obj_end(w);
}

/* --- VmFlags-style expressions ------------------------------------------- */

int flagtab_parse_expr(const struct flag_table *t, const char *expr,
		       uint64_t *mask, uint64_t *value, const char **bad,
		       size_t *badlen)
{
	const char *p = expr;

	*mask = *value = 0;
	do {
		const char *w = p, *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool neg = len && *w == '~';
		int idx;

		if (neg) {
			w++;
			len--;
		}
		idx = len ? flagtab_lookup(t, w, len, false) : -1;
		if (idx < 0 && len)
			idx = flagtab_lookup(t, w, len, true);
		if (idx < 0 || t->entries[idx].mask != t->entries[idx].value) {
			*bad = w;
			*badlen = len;
			return -EINVAL;
		}
		*mask |= t->entries[idx].mask;
		if (neg)
			*value &= ~t->entries[idx].mask;
		else
			*value |= t->entries[idx].value;
		p = e ? e + 1 : NULL;
	} while (p);
	return 0;
}

/* --- page-types' -b grammar ----------------------------------------------- */

static int fail(struct flag_error *err, const char *at, size_t len,
		const char *why)
{
	err->at = at;
	err->len = len;
	err->why = why;
	return -EINVAL;
}

static int parse_number(const struct flag_table *t, const char *w, size_t len,
			uint64_t *bits, struct flag_error *err)
{
	char tmp[32], *end;
	unsigned long long v;

	if (len >= sizeof(tmp))
		return fail(err, w, len, "not a number");
	memcpy(tmp, w, len);
	tmp[len] = '\0';
	errno = 0;
	v = strtoull(tmp, &end, 0);
	if (errno || *end)
		return fail(err, w, len, "not a number");
	if (v & t->field_mask)
		return fail(err, w, len, "sets bits of the value field");
	*bits = v;
	return 0;
}

/* One word, without its '~': a group, name, alias, code, prefix, number. */
static int parse_word(const struct flag_table *t, const char *w, size_t len,
		      uint64_t *bits, struct flag_error *err)
{
	const struct flag_entry *e;
	bool star = len && w[len - 1] == '*';
	bool ci = !t->letter_codes;
	int idx;

	if (star)
		len--;
	if (!len)
		return fail(err, w, len + star, "empty flag name");
	if (isdigit((unsigned char)*w))
		return star ? fail(err, w, len + 1, "not a number")
			    : parse_number(t, w, len, bits, err);
	for (size_t i = 0; i < t->ngroups && !star; i++)
		if (word_begins(t->groups[i].name, w, len, ci)) {
			*bits = t->groups[i].mask;
			return 0;
		}
	idx = flagtab_lookup(t, w, len, true);
	if (idx < 0 && !t->letter_codes)
		idx = flagtab_lookup(t, w, len, false);
	for (size_t i = 0; idx < 0 && i < t->n; i++)
		if (word_begins(t->entries[i].name, w, len, ci) ||
		    word_begins(t->entries[i].alias, w, len, ci))
			idx = (int)i;
	if (idx < 0 && flagtab_lookup(t, w, len, false) >= 0)
		return fail(
			err, w, len + star,
			"a one-letter code, not a name (filters take names)");
	if (idx < 0)
		return fail(err, w, len + star, "unknown flag name");
	e = &t->entries[idx];
	if (e->mask != e->value || !e->mask)
		return fail(err, w, len + star, "not a one-bit flag");
	if (star && !e->internal)
		return fail(err, w, len + star,
			    "'*' marks internal flags only");
	*bits = e->mask;
	return 0;
}

enum { NEG_OK, NEG_NOT_HERE };

struct list_bits {
	uint64_t set, clear; /* words without and with '~' */
	bool negated; /* some word had a '~' */
};

/*
 * Words of [p, end) joined by ','; an empty [p, end) is no word at all when
 * may_be_empty. within: if not NULL, every bit must be in *within (the
 * flags left of '=').
 */
static int parse_list(const struct flag_table *t, const char *p,
		      const char *end, int neg_mode, bool may_be_empty,
		      const uint64_t *within, struct list_bits *lb,
		      struct flag_error *err)
{
	memset(lb, 0, sizeof(*lb));
	if (p == end && may_be_empty)
		return 0;
	for (;;) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *wend = comma ? comma : end;
		const char *w = p;
		size_t len = (size_t)(wend - w);
		bool neg = len && *w == '~';
		uint64_t bits;
		int ret;

		if (neg && neg_mode == NEG_NOT_HERE)
			return fail(err, w, len,
				    "'~' has no meaning left of '='");
		if (neg) {
			w++;
			len--;
		}
		ret = parse_word(t, w, len, &bits, err);
		if (ret < 0)
			return ret;
		if (within && (bits & ~*within))
			return fail(err, p, (size_t)(wend - p),
				    "not in the flags left of '='");
		if (neg ? bits & lb->set : bits & lb->clear)
			return fail(err, p, (size_t)(wend - p),
				    "flag both set and clear");
		if (neg) {
			lb->clear |= bits;
			lb->negated = true;
		} else {
			lb->set |= bits;
		}
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

int flagtab_parse_filter(const struct flag_table *t, const char *expr,
			 struct flag_filter *f, struct flag_error *err)
{
	const char *end = expr + strlen(expr);
	const char *eq = strchr(expr, '=');
	struct list_bits l, r;
	int ret;

	memset(f, 0, sizeof(*f));
	if (eq && strchr(eq + 1, '='))
		return fail(err, strchr(eq + 1, '='), 1, "a second '='");
	if (eq == expr) {
		/* =a,b: exactly these flags */
		ret = parse_list(t, eq + 1, end, NEG_OK, true, NULL, &r, err);
		if (ret < 0)
			return ret;
		f->mask = ~t->field_mask;
		f->value = r.set;
		return 0;
	}
	if (eq) {
		/* a,b=a: the flags left of '=' tested, those right set */
		ret = parse_list(t, expr, eq, NEG_NOT_HERE, false, NULL, &l,
				 err);
		if (ret < 0)
			return ret;
		ret = parse_list(t, eq + 1, end, NEG_OK, true, &l.set, &r, err);
		if (ret < 0)
			return ret;
		f->mask = l.set;
		f->value = r.set;
		return 0;
	}
	ret = parse_list(t, expr, end, NEG_OK, false, NULL, &l, err);
	if (ret < 0)
		return ret;
	f->mask = l.set | l.clear;
	f->value = l.set;
	f->any = !l.negated; /* a,b: any of them */
	return 0;
}

bool flag_filter_match(const struct flag_filter *f, uint64_t word)
{
	if (f->any)
		return (word & f->mask) != 0;
	return (word & f->mask) == f->value;
}
