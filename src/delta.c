/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - delta.c: --interval: what changed between two samples of a view */
#include "vmaview/delta.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/columns.h"
#include "vmaview/xalloc.h"

struct drow {
	char *key;
	uint64_t value;
	uint64_t aux;      /* compared, not subtracted (delta_row_aux) */
	char **cells;
	size_t ncells;
	bool seen;         /* old rows: present in the current sample */
	bool taken;        /* old rows: given out by delta_take_removed() */
};

struct rows {
	struct drow *v;
	size_t n, cap;
};

struct delta {
	struct rows old, cur;
	struct drow **gone;  /* removed rows of the current sample */
	size_t ngone;
	unsigned sample;
	bool sorted;         /* old is sorted by key */
};

static void rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].key);
		for (size_t c = 0; c < r->v[i].ncells; c++)
			free(r->v[i].cells[c]);
		free(r->v[i].cells);
	}
	free(r->v);
	memset(r, 0, sizeof(*r));
}

struct delta *delta_new(void)
{
	return xcalloc(1, sizeof(struct delta));
}

void delta_free(struct delta *d)
{
	if (!d)
		return;
	rows_free(&d->old);
	rows_free(&d->cur);
	free(d->gone);
	free(d);
}

unsigned delta_sample(const struct delta *d)
{
	return d->sample;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(((const struct drow *)a)->key,
		      ((const struct drow *)b)->key);
}

void delta_begin(struct delta *d)
{
	rows_free(&d->old);
	d->old = d->cur;
	memset(&d->cur, 0, sizeof(d->cur));
	if (d->old.n)
		qsort(d->old.v, d->old.n, sizeof(*d->old.v), cmp_key);
	free(d->gone);
	d->gone = NULL;
	d->ngone = 0;
	d->sample++;
}

/* Collects the old rows not seen, once, when first asked. */
static void collect_gone(struct delta *d)
{
	if (d->gone || !d->old.n)
		return;
	d->gone = xcalloc(d->old.n, sizeof(*d->gone));
	for (size_t i = 0; i < d->old.n; i++)
		if (!d->old.v[i].seen && !d->old.v[i].taken)
			d->gone[d->ngone++] = &d->old.v[i];
}

char delta_row(struct delta *d, const char *key, uint64_t value,
	       const char *const *cells, size_t ncells, int64_t *diff)
{
	return delta_row_aux(d, key, value, 0, cells, ncells, diff);
}

char delta_row_aux(struct delta *d, const char *key, uint64_t value,
		   uint64_t aux, const char *const *cells, size_t ncells,
		   int64_t *diff)
{
	struct drow probe = { .key = (char *)key }, *old, *r;

	if (d->cur.n == d->cur.cap) {
		d->cur.cap = d->cur.cap ? d->cur.cap * 2 : 64;
		d->cur.v = xreallocarray(d->cur.v, d->cur.cap, sizeof(*d->cur.v));
	}
	r = &d->cur.v[d->cur.n++];
	memset(r, 0, sizeof(*r));
	r->key = xstrdup(key);
	r->value = value;
	r->aux = aux;
	r->cells = xcalloc(ncells + 1, sizeof(char *));
	r->ncells = ncells;
	for (size_t c = 0; c < ncells; c++)
		r->cells[c] = xstrdup(cells[c]);
	*diff = 0;
	if (d->sample <= 1)
		return ' ';
	old = d->old.n ? bsearch(&probe, d->old.v, d->old.n, sizeof(*d->old.v),
				 cmp_key) :
			 NULL;
	if (!old) {
		*diff = (int64_t)value;
		return '+';
	}
	old->seen = true;
	*diff = (int64_t)(value - old->value);
	return value == old->value && aux == old->aux ? ' ' : '~';
}

/* The first old row whose key is not below prefix (old is sorted). */
static size_t lower_bound(const struct delta *d, const char *prefix)
{
	size_t lo = 0, hi = d->old.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(d->old.v[mid].key, prefix) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool delta_take_removed(struct delta *d, const char *prefix, size_t *pos,
			const char **key, uint64_t *value,
			const char *const **cells, size_t *ncells)
{
	size_t len = strlen(prefix), i = *pos ? *pos - 1 :
					       lower_bound(d, prefix);

	if (d->sample <= 1)
		return false;
	for (; i < d->old.n && !strncmp(d->old.v[i].key, prefix, len); i++) {
		struct drow *r = &d->old.v[i];

		if (r->seen || r->taken)
			continue;
		r->taken = true;
		*pos = i + 2;
		*key = r->key;
		*value = r->value;
		*cells = (const char *const *)r->cells;
		*ncells = r->ncells;
		return true;
	}
	*pos = i + 1;
	return false;
}

bool delta_removed(const struct delta *d, size_t i, const char **key,
		   uint64_t *value, const char *const **cells, size_t *ncells)
{
	collect_gone((struct delta *)d);
	if (i >= d->ngone)
		return false;
	*key = d->gone[i]->key;
	*value = d->gone[i]->value;
	*cells = (const char *const *)d->gone[i]->cells;
	*ncells = d->gone[i]->ncells;
	return true;
}

char *delta_format(int64_t diff, bool bytes, char *buf, size_t n)
{
	char h[32];
	uint64_t mag = diff < 0 ? (uint64_t)0 - (uint64_t)diff : (uint64_t)diff;

	if (!diff) {
		snprintf(buf, n, "0");
	} else if (bytes) {
		snprintf(buf, n, "%" PRId64, diff);
	} else {
		size_human(mag, h, sizeof(h));
		snprintf(buf, n, "%c%s", diff < 0 ? '-' : '+', h);
	}
	return buf;
}
