/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pt_x86_64.h: shared by the x86_64 page-table model's files */
#ifndef VMAVIEW_PT_X86_64_H
#define VMAVIEW_PT_X86_64_H

#include <stdint.h>

#include "vmaview/ptmodel.h"

/* Entry bits (arch/x86/include/asm/pgtable_types.h). */
#define X86_P (1ULL << 0)
#define X86_RW (1ULL << 1)
#define X86_US (1ULL << 2)
#define X86_PWT (1ULL << 3)
#define X86_PCD (1ULL << 4)
#define X86_A (1ULL << 5)
#define X86_D (1ULL << 6)
#define X86_PSE (1ULL << 7) /* = _PAGE_PAT on a 4K PTE */
#define X86_G (1ULL << 8) /* = _PAGE_PROTNONE when P = 0 */
#define X86_SPECIAL (1ULL << 9)
#define X86_UFFD_WP (1ULL << 10)
#define X86_SOFT_DIRTY (1ULL << 11)
#define X86_PAT_LARGE (1ULL << 12)
#define X86_SAVED_DIRTY (1ULL << 58) /* 6.6+ */
#define X86_NX (1ULL << 63)
#define X86_PFN_4K 0x000ffffffffff000ULL /* PTE_PFN_MASK */
#define X86_PFN_2M 0x000fffffffe00000ULL /* PHYSICAL_PMD_PAGE_MASK */
#define X86_PFN_1G 0x000fffffc0000000ULL /* PHYSICAL_PUD_PAGE_MASK */

/* Swap entries (pgtable_64.h, since 4.19): ~offset in 9-58, type in 59-63. */
#define X86_SWP_SOFT_DIRTY (1ULL << 1)
#define X86_SWP_UFFD_WP (1ULL << 2)
#define X86_SWP_EXCLUSIVE (1ULL << 3)
#define X86_SWP_TYPE_BITS 5
#define X86_SWP_OFFSET_SHIFT 14 /* SWP_OFFSET_FIRST_BIT 9 + SWP_TYPE_BITS */

/* PTE marker bits in the swap offset (include/linux/swapops.h). */
#define X86_MARKER_UFFD_WP (1ULL << 0) /* 5.19 */
#define X86_MARKER_POISONED (1ULL << 1) /* 6.2 SWAPIN_ERROR, 6.5 POISONED */
#define X86_MARKER_GUARD (1ULL << 2) /* 6.13 */

/* Row scopes: which entries a row of x86_64_pte.def describes. */
enum {
	XS_PTE = 1, /* present 4K leaf */
	XS_LARGE = 2, /* present 2M / 1G leaf */
	XS_TABLE = 4, /* present non-leaf */
	XS_PN4K = 8, /* PROT_NONE / NUMA hint, 4K */
	XS_PNL = 16, /* PROT_NONE or invalidated, 2M / 1G */
	XS_SWAP = 32, /* swap-type non-present entry */
	XS_LEAF = XS_PTE | XS_LARGE,
	XS_PN = XS_PN4K | XS_PNL,
	XS_ALL = 63,
};

enum { XF_BIT, XF_PFN, XF_PKEY, XF_SWPOFF, XF_SWPTYPE };

struct x86_row {
	uint64_t mask;
	unsigned since, until;
	unsigned scope, kind;
	const char *name, *macro, *set, *clear;
};

extern const struct x86_row x86_rows[];
extern const unsigned x86_nrows;

/*
 * Where each bit of a reconstructed word came from, and why: prov[b] and
 * note[b] apply to the field whose lowest bit is b; index 64 is the cache
 * mode (PAT index). A NULL note keeps the field's usual text.
 */
#define X86_CACHE_SLOT 64
struct x86_prov {
	enum pt_prov prov[65];
	const char *note[65];
};

/* Levels for c: c->levels if 4 or 5, else from va_bits; 0 if neither. */
unsigned x86_nlev(const struct pt_config *c);
/* c->kver, with 0 meaning the newest kernel. */
unsigned x86_kver(const struct pt_config *c);
uint64_t x86_template(unsigned idx);
/* __swp_entry(type, offset): the non-present word, without flag bits. */
uint64_t x86_swp_entry(uint64_t type, uint64_t offset);
/* The era's special swap type kind (PTK_SWAP for a swap file) and name. */
enum pt_kind x86_swp_kind(unsigned kver, unsigned type, const char **name);
/* The era's PTE-marker swap type (31, or 30 in 5.19-6.1). */
unsigned x86_marker_type(unsigned kver);
/*
 * Fills d from word at level: fields, kind, oa, swap type/offset, unknown
 * bits, vocab. pv gives each field's provenance and note (NULL: PV_RAW).
 * 0 or -EINVAL.
 */
int x86_describe(const struct pt_config *c, uint64_t word, int level,
		 struct pt_desc *d, const struct x86_prov *pv);
int x86_reconstruct(const struct pt_config *c, const struct pt_input *in,
		    struct pt_desc *d);

#endif
