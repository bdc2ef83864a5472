/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - elf_label.c: labels VMAs with ELF segment, sections, build-id */
#include "vmaview/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "vmaview/xalloc.h"

/* One object, as the maps line names it; opened on first use. */
struct obj_ent {
	struct obj_ent *next;
	unsigned dmaj, dmin;
	uint64_t ino;
	char *name;
	int state;           /* 0 not opened yet, 1 ELF, -1 nothing to say */
	struct elf_obj obj;
	uint64_t base;       /* start of its offset-0 VMA in this process */
	unsigned base_gen;   /* ... when equal to the labeler's gen */
};

struct elf_labeler {
	const struct procfs *p;
	bool syms;
	pid_t pid;
	unsigned gen;
	uint64_t page;
	struct obj_ent **tab;
	size_t nbuckets, n;
	/* the previous VMA, when file-backed: .bss may follow it */
	struct {
		bool file;
		uint64_t start, end, offset;
		bool deleted;
		struct obj_ent *ent;
	} prev;
};

struct elf_labeler *elf_labeler_new(const struct procfs *p, bool syms)
{
	struct elf_labeler *l = xcalloc(1, sizeof(*l));
	long ps = sysconf(_SC_PAGESIZE);

	l->p = p;
	l->syms = syms;
	l->page = ps > 0 ? (uint64_t)ps : 4096;
	l->nbuckets = 256;
	l->tab = xcalloc(l->nbuckets, sizeof(*l->tab));
	return l;
}

void elf_labeler_free(struct elf_labeler *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nbuckets; i++) {
		struct obj_ent *e = l->tab[i], *nx;

		for (; e; e = nx) {
			nx = e->next;
			elf_obj_free(&e->obj);
			free(e->name);
			free(e);
		}
	}
	free(l->tab);
	free(l);
}

void elf_labeler_begin(struct elf_labeler *l, pid_t pid)
{
	l->pid = pid;
	l->gen++;
	l->prev.file = false;
}

static size_t hash(unsigned dmaj, unsigned dmin, uint64_t ino,
		   const char *name)
{
	uint64_t h = 1469598103934665603ULL ^ ino ^ ((uint64_t)dmaj << 40) ^
		     ((uint64_t)dmin << 20);

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static void grow(struct elf_labeler *l)
{
	size_t nb = l->nbuckets * 2;
	struct obj_ent **t = xcalloc(nb, sizeof(*t));

	for (size_t i = 0; i < l->nbuckets; i++) {
		struct obj_ent *e = l->tab[i], *nx;

		for (; e; e = nx) {
			size_t b = hash(e->dmaj, e->dmin, e->ino, e->name) & (nb - 1);

			nx = e->next;
			e->next = t[b];
			t[b] = e;
		}
	}
	free(l->tab);
	l->tab = t;
	l->nbuckets = nb;
}

static struct obj_ent *lookup(struct elf_labeler *l, const struct vma *v)
{
	size_t b = hash(v->dev_major, v->dev_minor, v->inode, v->name) &
		   (l->nbuckets - 1);
	struct obj_ent *e;

	for (e = l->tab[b]; e; e = e->next)
		if (e->ino == v->inode && e->dmaj == v->dev_major &&
		    e->dmin == v->dev_minor && !strcmp(e->name, v->name))
			return e;
	e = xcalloc(1, sizeof(*e));
	e->dmaj = v->dev_major;
	e->dmin = v->dev_minor;
	e->ino = v->inode;
	e->name = xstrdup(v->name);
	e->next = l->tab[b];
	l->tab[b] = e;
	if (++l->n > l->nbuckets)
		grow(l);
	return e;
}

/*
 * Opens a regular file only: stat first, so that no device's open()
 * runs, and again after, in case it changed in between. check_ino: it
 * must be the file the maps line names (a path may name a new file).
 */
static bool same_file(const struct stat *st, const struct obj_ent *e)
{
	return (uint64_t)st->st_ino == e->ino && major(st->st_dev) == e->dmaj &&
	       minor(st->st_dev) == e->dmin;
}

static int open_regular(int dirfd, const char *rel, const struct obj_ent *e,
			bool check)
{
	struct stat st;
	int fd;

	if (fstatat(dirfd, rel, &st, 0) < 0 || !S_ISREG(st.st_mode) ||
	    (check && !same_file(&st, e)))
		return -1;
	fd = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (check && !same_file(&st, e))) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Live, the path in maps when it still names the mapped file (the same
 * device and inode; a path lookup costs less than one in /proc), else
 * /proc/PID/map_files/START-END, which works for deleted files and other
 * mount namespaces too (root). Under --proc-root: ROOT/PID/map_files/...
 * if the tree has it, else the path under the root, unchecked.
 */
static int open_object(struct elf_labeler *l, struct obj_ent *e,
		       uint64_t start, uint64_t end, bool deleted)
{
	bool path = !deleted && e->name[0] == '/';
	char rel[96];
	int fd;

	if (path && l->p->live &&
	    (fd = open_regular(AT_FDCWD, e->name, e, true)) >= 0)
		return fd;
	snprintf(rel, sizeof(rel), "%d/map_files/%jx-%jx", (int)l->pid,
		 (uintmax_t)start, (uintmax_t)end);
	fd = open_regular(l->p->rootfd, rel, e, l->p->live);
	if (fd >= 0 || !path || l->p->live)
		return fd;
	return open_regular(l->p->rootfd, e->name + 1, e, false);
}

static bool ent_ready(struct elf_labeler *l, struct obj_ent *e,
		      uint64_t start, uint64_t end, bool deleted)
{
	int fd;

	if (!e->state) {
		fd = open_object(l, e, start, end, deleted);
		e->state = fd >= 0 && !elf_obj_open(&e->obj, fd, l->syms) ? 1 : -1;
	}
	return e->state > 0;
}

/* The segment of the previous (file) VMA and the object's load bias. */
static int prev_seg(struct elf_labeler *l, uint64_t *bias)
{
	struct obj_ent *e = l->prev.ent;
	bool have = false;

	if (!ent_ready(l, e, l->prev.start, l->prev.end, l->prev.deleted))
		return -1;
	/* the offset-0 VMA gives the bias that settles a shared page */
	if (e->base_gen == l->gen && e->base <= l->prev.start)
		have = elf_seg_of(&e->obj, e->base, 0, l->page, false, bias) >= 0;
	return elf_seg_of(&e->obj, l->prev.start, l->prev.offset, l->page,
			  have, bias);
}

static void fill(struct elf_labeler *l, struct vma *v, int si, uint64_t bias,
		 bool bss)
{
	const struct elf_obj *o = &l->prev.ent->obj;
	const struct elf_seg *s = &o->seg[si];
	char buf[ELF_SECTIONS_MAX];
	uint64_t lo, hi;

	if (!elf_vma_range(s, v->start, v->end, bias, l->page, bss, &lo, &hi))
		return;
	v->elf.known = true;
	v->elf.seg = s->index;
	v->elf.pflags = s->flags;
	v->elf.build_id = o->build_id;
	v->elf.obj = o;
	v->elf.bias = bias;
	free(v->elf.sections);
	v->elf.sections = NULL;
	if (lo < hi && elf_sections_in(o, lo, hi, buf, sizeof(buf)))
		v->elf.sections = xstrdup(buf);
}

void elf_label(struct elf_labeler *l, struct vma *v, bool want)
{
	uint64_t bias = 0;
	int si;

	if (v->kind == VMA_KIND_FILE && v->inode && v->name) {
		struct obj_ent *e = lookup(l, v);

		if (!v->offset) {
			e->base = v->start;
			e->base_gen = l->gen;
		}
		l->prev.file = true;
		l->prev.start = v->start;
		l->prev.end = v->end;
		l->prev.offset = v->offset;
		l->prev.deleted = v->deleted;
		l->prev.ent = e;
		if (want && (si = prev_seg(l, &bias)) >= 0)
			fill(l, v, si, bias, false);
		return;
	}
	/* anonymous memory right after a data segment: the rest of .bss */
	if (want && l->prev.file && l->prev.end == v->start &&
	    v->kind == VMA_KIND_ANON && !v->inode && !v->name_len &&
	    (si = prev_seg(l, &bias)) >= 0)
		fill(l, v, si, bias, true);
	l->prev.file = false;
}

int elf_where(const struct vma *v, uint64_t a, struct elf_where *w)
{
	const struct elf_sym *s;
	const char *sec;
	uint64_t ea;

	memset(w, 0, sizeof(*w));
	if (!v->elf.known || !v->elf.obj)
		return -ENOENT;
	ea = a - v->elf.bias;
	sec = elf_section_at(v->elf.obj, ea);
	if (sec)
		snprintf(w->section, sizeof(w->section), "%s", sec);
	s = elf_sym_at(v->elf.obj, ea);
	if (s) {
		w->symbol = v->elf.obj->symnames + s->name;
		w->sym_off = ea - s->value;
		w->symsrc = v->elf.obj->symsrc;
	}
	return 0;
}
