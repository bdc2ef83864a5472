/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - vma.h: one virtual memory area as read from maps and smaps */
#ifndef VMAVIEW_VMA_H
#define VMAVIEW_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmaview/frames.h"

struct addr_tid;

enum smaps_unit { SMAPS_UNIT_KB, SMAPS_UNIT_PGSZ, SMAPS_UNIT_NONE };

enum smaps_key {
#define SMAPS_KEY(id, key, col, unit, help) SMAPS_##id,
#include "../../src/smaps_keys.def"
#undef SMAPS_KEY
	SMAPS_NKEYS
};

struct smaps_key_info {
	const char *key;  /* as the kernel prints it, without ':' */
	const char *col;  /* column / JSON name */
	enum smaps_unit unit;
	const char *help;
	size_t keylen;    /* strlen(key), for the parser's hot loop */
};

extern const struct smaps_key_info smaps_keys[SMAPS_NKEYS];

/* A key the running kernel printed that vmaview does not know. */
struct smaps_extra {
	char *key;         /* as printed */
	uint64_t value;    /* bytes when unit is KB, else the number */
	enum smaps_unit unit;
	char *text;        /* non-NULL when the value is not a number */
};

enum vma_kind {
	VMA_KIND_ANON,
	VMA_KIND_HEAP,
	VMA_KIND_STACK,
	VMA_KIND_FILE,
	VMA_KIND_SHMEM,
	VMA_KIND_RESERVED, /* anonymous PROT_NONE: reservations and guards */
	VMA_KIND_VDSO,
	VMA_KIND_VVAR,
	VMA_KIND_VSYSCALL,
	VMA_KIND_SPECIAL,  /* any other [name] the kernel gives */
	VMA_KIND_COUNT
};

struct elf_obj;

/* ELF labels (elf.h): what part of which object the VMA maps */
struct vma_elf {
	bool known;        /* the rest is set */
	unsigned seg;      /* PT_LOAD index */
	uint32_t pflags;   /* its p_flags */
	char *sections;    /* owned: joined names, NULL when none */
	const char *build_id;      /* the labeler's: hex, "" when none */
	const struct elf_obj *obj; /* the labeler's */
	uint64_t bias;     /* address minus ELF address */
};

struct vma {
	uint64_t start, end, offset, inode;
	unsigned int dev_major, dev_minor;
	char perms[5];
	char *name;        /* bytes as the kernel printed them, NUL-terminated */
	size_t name_len;   /* strlen(name); maps lines with NUL bytes are rejected */
	bool deleted;      /* name ends in " (deleted)" and is a path */
	enum vma_kind kind;

	/* smaps: values in bytes (KB, PGSZ) or plain (NONE); see have */
	uint64_t smaps[SMAPS_NKEYS];
	uint64_t have;     /* bit per enum smaps_key: the kernel printed it */
	struct smaps_extra *extra;
	size_t nextra;
	uint64_t vmflags;  /* bit per vmflags table index */
	char **vmflags_unknown;
	size_t nvmflags_unknown;
	bool has_vmflags;
	struct frame_stats frames; /* frame columns; frames.known: what is set */
	uint64_t pte_template;     /* protection_map entry (has_pte_template) */
	bool has_pte_template;
	struct vma_elf elf;        /* elf columns (SRC_ELF) */
	/* threads (stacks.h; not owned): stack pointers in this VMA ... */
	const struct addr_tid *stack_at;
	size_t nstack;
	/* ... and, with --stacks, frames executing in it */
	const struct addr_tid *frame_at;
	size_t nframe;
	bool has_frame_tids;       /* --stacks ran: frame_at is known */
};

const char *vma_kind_name(enum vma_kind kind);
/* Classify from name, perms and inode; sets v->kind and v->deleted. */
void vma_classify(struct vma *v);
void vma_clear(struct vma *v);   /* frees owned memory, zeroes */

#endif
