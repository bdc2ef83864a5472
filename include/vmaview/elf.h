/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - elf.h: the ELF segment, sections and build-id of a VMA (libelf) */
#ifndef VMAVIEW_ELF_H
#define VMAVIEW_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmaview/procfs.h"
#include "vmaview/vma.h"

/* Bounds on what is read of an object, whatever its headers claim. */
#define ELF_MAX_SEGS 256
#define ELF_MAX_SECS 8192
#define ELF_MAX_SYMS (1u << 22)
#define ELF_MAX_SECNAME 256
#define ELF_SECTIONS_MAX 4096 /* length of a joined section list */

/* A PT_LOAD program header; index counts PT_LOAD entries only. */
struct elf_seg {
	uint64_t offset, vaddr, filesz, memsz;
	uint32_t flags;   /* PF_R, PF_W, PF_X */
	unsigned index;
};

/* An SHF_ALLOC section that takes address space (not .tbss). */
struct elf_sec {
	uint64_t addr, size;
	size_t name;      /* offset into elf_obj.names */
};

struct elf_sym {
	uint64_t value, size;
	size_t name;      /* offset into elf_obj.symnames */
};

/* What vmaview keeps of one ELF object. */
struct elf_obj {
	struct elf_seg *seg;
	size_t nseg;
	struct elf_sec *sec;      /* in section-header order */
	size_t nsec;
	char *names;              /* NUL-separated section names */
	char build_id[2 * 64 + 1]; /* hex, "" when the object has none */
	/* symbols (elf_obj_load_syms): sorted by value */
	struct elf_sym *sym;
	size_t nsym;
	char *symnames;
	const char *symsrc;       /* "symtab", "dynsym" or NULL */
};

/*
 * Reads an object's program headers, section headers and build-id, and
 * with syms its symbols (.symtab, else .dynsym), from fd, which it
 * closes. 0, or -EINVAL when fd is not a usable ELF file (o is then
 * empty). Hostile headers are bounded (ELF_MAX_*), never trusted.
 */
int elf_obj_open(struct elf_obj *o, int fd, bool syms);
void elf_obj_free(struct elf_obj *o);

/*
 * The PT_LOAD that maps file offset off at address start. Candidates are
 * the segments whose pages hold off; when several do (a page shared by
 * the end of one segment and the start of the next), the one whose load
 * bias equals *bias (have_bias) wins, else the first. Returns the index
 * into o->seg and sets *bias (start minus the ELF address), or -1.
 */
int elf_seg_of(const struct elf_obj *o, uint64_t start, uint64_t off,
	       uint64_t page, bool have_bias, uint64_t *bias);
/*
 * The ELF addresses [*lo, *hi) that VMA [start, end) holds of segment s
 * at load bias bias, within the segment's pages. bss: the VMA is the
 * anonymous one after the segment's file pages; false when s has no
 * such part there.
 */
bool elf_vma_range(const struct elf_seg *s, uint64_t start, uint64_t end,
		   uint64_t bias, uint64_t page, bool bss, uint64_t *lo,
		   uint64_t *hi);
/*
 * The sections that intersect ELF addresses [lo, hi), joined by ','
 * into buf (at most n bytes, cut at a whole name). Returns how many.
 */
size_t elf_sections_in(const struct elf_obj *o, uint64_t lo, uint64_t hi,
		       char *buf, size_t n);
/* The section holding ELF address a, or NULL. */
const char *elf_section_at(const struct elf_obj *o, uint64_t a);
/* The symbol holding ELF address a (else the nearest below), or NULL. */
const struct elf_sym *elf_sym_at(const struct elf_obj *o, uint64_t a);
/* "LOAD[2] rw-" */
void elf_seg_text(const struct elf_seg *s, char *buf, size_t n);

/* The labeler: a cache of objects for one run, state for one process. */
struct elf_labeler;

/* syms: load symbols too (translate). */
struct elf_labeler *elf_labeler_new(const struct procfs *p, bool syms);
void elf_labeler_free(struct elf_labeler *l);
/* Starts a process: VMAs then come in address order. */
void elf_labeler_begin(struct elf_labeler *l, pid_t pid);
/*
 * Sees the next VMA of the process. With want, fills v->elf (when there
 * is something to say); without, only remembers what later VMAs need.
 */
void elf_label(struct elf_labeler *l, struct vma *v, bool want);

/* What translate says about one address, from the VMA's labels. */
struct elf_where {
	char section[ELF_MAX_SECNAME + 1];
	const char *symbol;      /* NULL: none */
	uint64_t sym_off;
	const char *symsrc;
};
/* For address a in v (labelled by elf_label with want): 0 or -ENOENT. */
int elf_where(const struct vma *v, uint64_t a, struct elf_where *w);

#endif
