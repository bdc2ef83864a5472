/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - smaps.c: parsers for /proc/PID/maps and smaps, one VMA at a time */
#include "vmaview/smaps.h"

#include "vmaview/readahead.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/flagtab.h"
#include "vmaview/xalloc.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses hex digits at *p (max 16), stops at the first non-digit. */
static bool parse_hex(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0;

	while (*p < end && hexval(**p) >= 0) {
		if (++n > 16)
			return false;
		v = (v << 4) | (uint64_t)hexval(**p);
		(*p)++;
	}
	*out = v;
	return n > 0;
}

static bool parse_dec(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	int n = 0;

	while (*p < end && **p >= '0' && **p <= '9') {
		unsigned d = (unsigned)(**p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
		n++;
		(*p)++;
	}
	*out = v;
	return n > 0;
}

static bool expect(const char **p, const char *end, char c)
{
	if (*p < end && **p == c) {
		(*p)++;
		return true;
	}
	return false;
}

bool smaps_is_header(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && hexval(line[i]) >= 0)
		i++;
	return i > 0 && i < len && line[i] == '-';
}

int maps_parse_line(const char *line, size_t len, struct vma *v,
		    const char **why)
{
	const char *p = line, *end = line + len;
	uint64_t maj, min;

	memset(v, 0, sizeof(*v));
	if (memchr(line, '\0', len))
		return *why = "NUL byte in line", -EINVAL;
	if (!parse_hex(&p, end, &v->start) || !expect(&p, end, '-'))
		return *why = "bad start address", -EINVAL;
	if (!parse_hex(&p, end, &v->end) || !expect(&p, end, ' '))
		return *why = "bad end address", -EINVAL;
	if (v->start >= v->end)
		return *why = "start address not below end address", -EINVAL;
	if (end - p < 5 || (p[0] != 'r' && p[0] != '-') ||
	    (p[1] != 'w' && p[1] != '-') || (p[2] != 'x' && p[2] != '-') ||
	    (p[3] != 'p' && p[3] != 's') || p[4] != ' ')
		return *why = "bad permissions", -EINVAL;
	memcpy(v->perms, p, 4);
	p += 5;
	if (!parse_hex(&p, end, &v->offset) || !expect(&p, end, ' '))
		return *why = "bad offset", -EINVAL;
	if (!parse_hex(&p, end, &maj) || !expect(&p, end, ':') ||
	    !parse_hex(&p, end, &min) || !expect(&p, end, ' ') ||
	    maj > 0xfff || min > 0xfffff)
		return *why = "bad device", -EINVAL;
	v->dev_major = (unsigned int)maj;
	v->dev_minor = (unsigned int)min;
	if (!parse_dec(&p, end, &v->inode))
		return *why = "bad inode", -EINVAL;
	if (p < end && *p != ' ')
		return *why = "bad inode", -EINVAL;
	while (p < end && *p == ' ')
		p++;
	if (p < end) {
		v->name_len = (size_t)(end - p);
		v->name = xstrndup(p, v->name_len);
	}
	vma_classify(v);
	return 0;
}

/*
 * The kernel prints VmFlags as two lower-case letters: a 26x26 table (row
 * + 1, 0: none) saves a search of the flag table per code per VMA.
 */
static int vmflag_index(const char *w, size_t len)
{
	static signed char tab[26][26];
	static bool ready;
	unsigned a, b;

	if (!ready) {
		for (size_t i = 0; i < flagtab_vmflags.n; i++) {
			const char *c = flagtab_vmflags.entries[i].code;

			if (c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' &&
			    c[1] <= 'z' && !c[2] && !tab[c[0] - 'a'][c[1] - 'a'])
				tab[c[0] - 'a'][c[1] - 'a'] = (signed char)(i + 1);
		}
		ready = true;
	}
	a = (unsigned char)w[0] - 'a';
	b = len == 2 ? (unsigned char)w[1] - 'a' : 26;
	if (a < 26 && b < 26 && tab[a][b])
		return tab[a][b] - 1;
	return flagtab_lookup(&flagtab_vmflags, w, len, false);
}

static int add_vmflags(struct vma *v, const char *p, const char *end,
		       const char **why)
{
	v->has_vmflags = true;
	while (p < end) {
		const char *w;
		int idx;

		while (p < end && *p == ' ')
			p++;
		w = p;
		while (p < end && *p != ' ')
			p++;
		if (p == w)
			break;
		idx = vmflag_index(w, (size_t)(p - w));
		if (idx >= 0) {
			v->vmflags |= 1ULL << idx;
			continue;
		}
		if (p - w > 16)
			return *why = "bad VmFlags mnemonic", -EINVAL;
		v->vmflags_unknown =
			xreallocarray(v->vmflags_unknown,
				      v->nvmflags_unknown + 1, sizeof(char *));
		v->vmflags_unknown[v->nvmflags_unknown++] =
			xstrndup(w, (size_t)(p - w));
	}
	return 0;
}

/* Bytes an smaps key is made of: [A-Za-z0-9_] */
static const bool key_char[256] = {
	['0' ... '9'] = true, ['A' ... 'Z'] = true, ['a' ... 'z'] = true,
	['_'] = true,
};

static bool key_is(int i, const char *k, size_t n)
{
	return smaps_keys[i].keylen == n && smaps_keys[i].key[0] == k[0] &&
	       !memcmp(smaps_keys[i].key, k, n);
}

/*
 * The kernel prints the keys in table order, so the key after the last one
 * seen (the highest bit in have) is tried first.
 */
static int find_key(const char *k, size_t n, uint64_t have)
{
	int next = have ? 64 - __builtin_clzll(have) : 0;

	if (next < SMAPS_NKEYS && key_is(next, k, n))
		return next;
	for (int i = 0; i < SMAPS_NKEYS; i++)
		if (key_is(i, k, n))
			return i;
	return -1;
}

int smaps_parse_field(const char *line, size_t len, struct vma *v,
		      const char **why)
{
	const char *p = line, *end = line + len, *key = line, *val;
	size_t klen;
	uint64_t num = 0;
	bool is_num, kb = false;
	int id;

	/* a NUL byte in a line was rejected by the reader already */
	while (p < end && key_char[(unsigned char)*p])
		p++;
	klen = (size_t)(p - key);
	if (!klen || !expect(&p, end, ':'))
		return *why = "not a 'Key: value' line", -EINVAL;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (klen == 7 && !memcmp(key, "VmFlags", 7)) {
		if (v->has_vmflags)
			return *why = "duplicate VmFlags", -EINVAL;
		return add_vmflags(v, p, end, why);
	}
	val = p;
	is_num = parse_dec(&p, end, &num);
	if (is_num && end - p == 3 && !memcmp(p, " kB", 3)) {
		kb = true;
		if (num > UINT64_MAX / 1024)
			return *why = "value too large", -EINVAL;
		num *= 1024;
	} else if (is_num && p != end) {
		is_num = false;
	}
	id = find_key(key, klen, v->have);
	if (id >= 0) {
		bool want_kb = smaps_keys[id].unit != SMAPS_UNIT_NONE;

		if (!is_num || kb != want_kb)
			return *why = want_kb ? "expected 'N kB'" :
						"expected a number", -EINVAL;
		if (v->have & (1ULL << id))
			return *why = "duplicate key", -EINVAL;
		v->have |= 1ULL << id;
		v->smaps[id] = num;
		return 0;
	}
	for (size_t i = 0; i < v->nextra; i++)
		if (strlen(v->extra[i].key) == klen &&
		    !memcmp(v->extra[i].key, key, klen))
			return *why = "duplicate key", -EINVAL;
	v->extra = xreallocarray(v->extra, v->nextra + 1, sizeof(*v->extra));
	v->extra[v->nextra] = (struct smaps_extra){
		.key = xstrndup(key, klen),
		.value = num,
		.unit = kb ? SMAPS_UNIT_KB : SMAPS_UNIT_NONE,
		.text = is_num ? NULL : xstrndup(val, (size_t)(end - val)),
	};
	v->nextra++;
	return 0;
}

int smaps_open(struct smaps_reader *r, const struct procfs *p, pid_t pid,
	       bool smaps)
{
	char rel[64];
	int fd;

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	snprintf(rel, sizeof(rel), "%d/%s", (int)pid, smaps ? "smaps" : "maps");
	fd = procfs_open(p, rel, O_RDONLY);
	if (fd < 0)
		return fd;
	r->fd = fd;
	r->path = procfs_path(p, rel);
	r->smaps = smaps;
	/*
	 * seq_file hands out about a page per read whatever is asked for
	 * (30,000 VMAs of smaps: ~6,000 reads, as for cat), so the buffer
	 * only has to hold a few lines; next_line() grows it for a long one.
	 */
	r->cap = 64 << 10;
	r->buf = xmalloc(r->cap);
	/* smaps is kernel time to read, user time to parse: overlap them */
	if (smaps)
		r->ra = ra_start(fd);
	return 0;
}

static int fail(struct smaps_reader *r, const char *why)
{
	snprintf(r->err, sizeof(r->err), "%s:%lu: %s", r->path, r->lineno, why);
	return -EINVAL;
}

/*
 * Reads one line into r->line (in place, NUL-terminated, without its
 * newline); returns its length, -1 at EOF, < -1 for -errno - 1.
 */
static ssize_t next_line(struct smaps_reader *r)
{
	char *nl;
	size_t len;

	for (;;) {
		nl = memchr(r->buf + r->pos, '\n', r->fill - r->pos);
		if (nl || (r->eof && r->pos < r->fill))
			break;
		if (r->eof)
			return -1;
		/* keep the partial line, then read more after it */
		memmove(r->buf, r->buf + r->pos, r->fill - r->pos);
		r->fill -= r->pos;
		r->pos = 0;
		if (r->fill + 1 >= r->cap) {
			if (r->cap >= (64u << 20))
				return -EFBIG - 1; /* one line over 64 MiB */
			r->cap *= 2;
			r->buf = xrealloc(r->buf, r->cap);
		}
		for (;;) {
			ssize_t n = r->ra ? ra_read(r->ra, r->buf + r->fill,
						    r->cap - r->fill - 1) :
					    read(r->fd, r->buf + r->fill,
						 r->cap - r->fill - 1);

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return -errno - 1;
			if (n == 0)
				r->eof = true;
			/* one scan per chunk, not one per line */
			if (memchr(r->buf + r->fill, '\0', (size_t)n))
				r->has_nul = true;
			r->fill += (size_t)n;
			break;
		}
	}
	r->line = r->buf + r->pos;
	len = nl ? (size_t)(nl - r->line) : r->fill - r->pos;
	r->line[len] = '\0'; /* the newline, or the spare byte after fill */
	r->pos += len + (nl ? 1 : 0);
	r->lineno++;
	if (r->has_nul && memchr(r->line, '\0', len))
		return fail(r, "NUL byte in line") - 1;
	return (ssize_t)len;
}

static int take_header(struct smaps_reader *r, ssize_t n)
{
	const char *why;

	if (maps_parse_line(r->line, (size_t)n, &r->hdr, &why) < 0)
		return fail(r, why);
	if (r->any && r->hdr.start < r->last_end)
		return fail(r, "VMA overlaps or precedes the one before it");
	r->any = true;
	r->last_end = r->hdr.end;
	r->pending = true;
	return 0;
}

int smaps_next(struct smaps_reader *r, struct vma *v)
{
	ssize_t n;
	const char *why;

	if (!r->pending) {
		n = next_line(r);
		if (n == -1)
			return 0;
		if (n < -1)
			return (int)(n + 1);
		if (!smaps_is_header(r->line, (size_t)n))
			return fail(r, r->any ? "expected a VMA header line"
					      : "expected a VMA header line first");
		if (take_header(r, n) < 0)
			return -EINVAL;
	}
	*v = r->hdr;
	memset(&r->hdr, 0, sizeof(r->hdr));
	r->pending = false;
	if (!r->smaps)
		return 1;
	for (;;) {
		n = next_line(r);
		if (n == -1)
			break;
		if (n < -1) {
			vma_clear(v);
			return (int)(n + 1);
		}
		if (smaps_is_header(r->line, (size_t)n)) {
			if (take_header(r, n) < 0) {
				vma_clear(v);
				return -EINVAL;
			}
			break;
		}
		if (smaps_parse_field(r->line, (size_t)n, v, &why) < 0) {
			vma_clear(v);
			return fail(r, why);
		}
	}
	return 1;
}

void smaps_close(struct smaps_reader *r)
{
	ra_stop(r->ra);
	if (r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r->path);
	vma_clear(&r->hdr);
	memset(r, 0, sizeof(*r));
	r->fd = -1;
}
