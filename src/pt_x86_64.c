/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pt_x86_64.c: the x86_64 page-table model: tables, template, walk */
#include "pt_x86_64.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

const struct x86_row x86_rows[] = {
#define X86_PTE(id, mask, since, until, scope, kind, name, macro, set, clr)    \
	{mask, since, until, scope, kind, name, macro, set, clr},
#define X86_PAT(idx, name, desc)
#define X86_SWP_SPECIAL(since, until, type, kind, name)
#include "flags/x86_64_pte.def"
#undef X86_SWP_SPECIAL
#undef X86_PAT
#undef X86_PTE
};
const unsigned x86_nrows = ARRAY_LEN(x86_rows);

static const struct {
	unsigned since, until, type;
	enum pt_kind kind;
	const char *name;
} x86_swp_special[] = {
#define X86_PTE(id, mask, since, until, scope, kind, name, macro, set, clr)
#define X86_PAT(idx, name, desc)
#define X86_SWP_SPECIAL(since, until, type, kind, name)                        \
	{since, until, type, kind, name},
#include "flags/x86_64_pte.def"
#undef X86_SWP_SPECIAL
#undef X86_PAT
#undef X86_PTE
};

/*
 * protection_map[16] (arch/x86/mm/pgprot.c, 6.0+; the __P000..__S111
 * macros of pgtable_types.h before, same values) with the PAGE_* of
 * pgtable_types.h, NX kept (__supported_pte_mask has NX), no pkey, no SME.
 */
#define PG_NONE (X86_A | X86_G)
#define PG_SHARED (X86_P | X86_RW | X86_US | X86_A | X86_NX)
#define PG_SHARED_EXEC (X86_P | X86_RW | X86_US | X86_A)
#define PG_COPY (X86_P | X86_US | X86_A | X86_NX)
#define PG_COPY_EXEC (X86_P | X86_US | X86_A)
#define PG_READONLY (X86_P | X86_US | X86_A | X86_NX)
#define PG_READONLY_EXEC (X86_P | X86_US | X86_A)

static const uint64_t x86_protection_map[16] = {
	[0] = PG_NONE,		 [1] = PG_READONLY,
	[2] = PG_COPY,		 [3] = PG_COPY,
	[4] = PG_READONLY_EXEC,	 [5] = PG_READONLY_EXEC,
	[6] = PG_COPY_EXEC,	 [7] = PG_COPY_EXEC,
	[8] = PG_NONE,		 [9] = PG_READONLY,
	[10] = PG_SHARED,	 [11] = PG_SHARED,
	[12] = PG_READONLY_EXEC, [13] = PG_READONLY_EXEC,
	[14] = PG_SHARED_EXEC,	 [15] = PG_SHARED_EXEC,
};

uint64_t x86_template(unsigned idx)
{
	return idx < 16 ? x86_protection_map[idx] : 0;
}

unsigned x86_nlev(const struct pt_config *c)
{
	if (!c || c->arch != PT_X86_64)
		return 0;
	if (c->levels == 4 || c->levels == 5)
		return c->levels;
	if (c->va_bits == 57)
		return 5;
	if (c->va_bits == 48 || c->va_bits == 0)
		return 4;
	return 0;
}

unsigned x86_kver(const struct pt_config *c)
{
	return c->kver ? c->kver : UINT_MAX;
}

uint64_t x86_swp_entry(uint64_t type, uint64_t offset)
{
	/* __swp_entry(): ~offset shifted up "too far", then down */
	return (~offset << X86_SWP_OFFSET_SHIFT >> X86_SWP_TYPE_BITS) |
	       (type << (64 - X86_SWP_TYPE_BITS));
}

enum pt_kind x86_swp_kind(unsigned kver, unsigned type, const char **name)
{
	for (size_t i = 0; i < ARRAY_LEN(x86_swp_special); i++) {
		if (x86_swp_special[i].type != type ||
		    kver < x86_swp_special[i].since ||
		    (x86_swp_special[i].until &&
		     kver >= x86_swp_special[i].until))
			continue;
		if (name)
			*name = x86_swp_special[i].name;
		return x86_swp_special[i].kind;
	}
	if (name)
		*name = "swap file";
	return PTK_SWAP;
}

unsigned x86_marker_type(unsigned kver)
{
	return kver >= PT_KVER(5, 19) && kver < PT_KVER(6, 2) ? 30 : 31;
}

static int x86_decode(const struct pt_config *c, uint64_t word, int level,
		      struct pt_desc *d)
{
	int rc = x86_describe(c, word, level, d, NULL);

	if (!rc)
		d->known = ~0ULL; /* a raw word is what it is */
	return rc;
}

static uint64_t x86_template_of(const struct pt_config *c, unsigned idx)
{
	(void)c;
	return x86_template(idx);
}

/* v is canonical for bits-bit virtual addresses: 63..bits-1 all equal. */
static bool canonical(uint64_t v, unsigned bits)
{
	int64_t s = (int64_t)(v << (64 - bits)) >> (64 - bits);

	return (uint64_t)s == v;
}

/* LAM_U57 metadata bits 62:57 (arch/x86/include/asm/uaccess_64.h). */
#define X86_LAM_U57_MASK 0x7e00000000000000ULL

static int x86_walk(const struct pt_config *c, uint64_t va, struct pt_walk *w)
{
	static const char *const names[] = {"PGD", "P4D", "PUD", "PMD", "PTE"};
	unsigned nlev = x86_nlev(c), vab;
	uint64_t top, s;

	if (!nlev || !w)
		return -EINVAL;
	vab = nlev == 5 ? 57 : 48;
	/* TASK_SIZE_MAX: the last page below 2^47 / 2^56 is never user */
	top = (1ULL << (vab - 1)) - 4096;
	memset(w, 0, sizeof(*w));
	w->va = va;
	w->va_stripped = va;
	/*
	 * Linux enables only LAM_U57 (arch_prctl ARCH_ENABLE_TAGGED_ADDR
	 * takes at most 6 bits): untagged_addr() clears bits 62:57 of a user
	 * pointer (bit 63 clear). Strip them only when that yields a
	 * canonical user address; LAM_U48 is never enabled by Linux.
	 */
	s = va & ~X86_LAM_U57_MASK;
	if (!canonical(va, vab) && !(va >> 63) && canonical(s, vab) &&
	    s < top) {
		w->tagged = true;
		w->va_stripped = s;
	}
	w->in_range = canonical(w->va_stripped, vab) && w->va_stripped < top;
	w->nlevels = nlev;
	for (unsigned i = 0; i < nlev; i++) {
		unsigned shift = 12 + 9 * (nlev - 1 - i);

		w->lv[i].name = names[nlev == 4 && i > 0 ? i + 1 : i];
		w->lv[i].shift = shift;
		w->lv[i].bits = 9;
		w->lv[i].index = (w->va_stripped >> shift) & 511;
		w->lv[i].entry_offset = w->lv[i].index * 8;
	}
	w->page_offset_bits = 12;
	w->page_offset = w->va_stripped & 4095;
	return w->in_range ? 0 : -EINVAL;
}

const struct pt_ops pt_x86_64_ops = {
	.name = "x86_64",
	.decode = x86_decode,
	.template_of = x86_template_of,
	.reconstruct = x86_reconstruct,
	.walk = x86_walk,
};
