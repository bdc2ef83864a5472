/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - columns.h: the column registry (name, header, help, type, needs) */
#ifndef VMAVIEW_COLUMNS_H
#define VMAVIEW_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmaview/vma.h"

struct jsonw;

/* Data sources a column needs; the loader reads only what is needed. */
enum col_source {
	SRC_MAPS = 1 << 0,
	SRC_SMAPS = 1 << 1,
	SRC_PAGEMAP = 1 << 2,   /* frame summary: pagemap */
	SRC_KPF = 1 << 3,       /* ... and kpageflags */
	SRC_KPC = 1 << 4,       /* ... and kpagecount */
	SRC_PTMODEL = 1 << 5,   /* the page-table model (--arch) */
	SRC_ELF = 1 << 6,       /* the mapped ELF objects (libelf) */
};

enum col_type {
	COL_STR,    /* text */
	COL_ADDR,   /* address: hex in tables, "0x.." in JSON */
	COL_HEX,    /* other 64-bit word shown in hex (offset) */
	COL_BYTES,  /* size: human or -b in tables, bytes in JSON */
	COL_U64,    /* plain number */
	COL_BOOL,
	COL_FLAGS,  /* a flag set (VmFlags) */
};

enum col_id {
	COLID_RANGE, COLID_START, COLID_END, COLID_PERMS, COLID_OFFSET,
	COLID_DEV, COLID_INODE, COLID_SIZE, COLID_SMAPS, COLID_EXTRA,
	COLID_VMFLAGS, COLID_KIND, COLID_DELETED, COLID_NAME, COLID_PID,
	COLID_COMM, COLID_FRAME, COLID_PTE_TEMPLATE,
	COLID_ELF, COLID_SECTION, COLID_BUILD_ID,
	COLID_STACK_TIDS, COLID_FRAME_TIDS,
};

struct column {
	const char *name;     /* -o name, JSON key; lower case */
	const char *header;   /* table header */
	const char *help;
	enum col_type type;
	enum col_id id;
	int smaps_key;        /* enum smaps_key for COLID_SMAPS, else -1 */
	int frame_field;      /* enum frame_field for COLID_FRAME */
	unsigned needs;       /* enum col_source */
	bool summable;        /* summed into totals */
	bool per_process;     /* pid, comm: not a VMA field in JSON */
};

/* A selected column: a registry entry or an smaps key vmaview does not know. */
struct colsel {
	const struct column *col;
	char *extra_key;      /* for COLID_EXTRA: the kernel's key */
	struct column dyn;    /* storage for COLID_EXTRA */
};

struct colset {
	struct colsel *v;
	size_t n;
	unsigned needs;
};

/* The registry, in --list-columns order. */
const struct column *columns_all(size_t *n);
const struct column *column_find(const char *name, size_t len);
extern const char *const columns_default;

/*
 * Parses a -o list ("a,b" replaces, "+a,b" adds to base). Unknown names
 * that look like an smaps key become COLID_EXTRA columns. Returns 0, or
 * -EINVAL with *bad pointing at a malloc'd copy of the offending name.
 */
int colset_parse(struct colset *cs, const char *list, const char *base,
		 char **bad);
/*
 * Every column; costly: the frame columns (they read pagemap) and the
 * ELF columns (they open every mapped object) too.
 */
void colset_all(struct colset *cs, bool costly);
void colset_free(struct colset *cs);

/* Typed access to a cell. */
bool column_u64(const struct colsel *c, const struct vma *v, uint64_t *out);
/*
 * Formats a cell for a table into buf; bytes: sizes in bytes instead of
 * human units. Returns buf (or a static string).
 */
const char *column_format(const struct colsel *c, const struct vma *v,
			  bool bytes, char *buf, size_t n);
/* Emits the cell as JSON member(s) of the current object. */
void column_json(const struct colsel *c, const struct vma *v,
		 struct jsonw *w);

/* "4K", "1.5M": util-linux style human size. */
char *size_human(uint64_t bytes, char *buf, size_t n);

#endif
