/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pt_x86_64_decode.c: x86_64 words as fields, kinds, ptdump words */
#include "pt_x86_64.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *desc;
} x86_pat[8] = {
#define X86_PTE(id, mask, since, until, scope, kind, name, macro, set, clr)
#define X86_PAT(idx, name, desc) [idx] = {name, desc},
#define X86_SWP_SPECIAL(since, until, type, kind, name)
#include "flags/x86_64_pte.def"
#undef X86_SWP_SPECIAL
#undef X86_PAT
#undef X86_PTE
};

static int ctz64(uint64_t m)
{
	return m ? __builtin_ctzll(m) : 0;
}

/* The PFN bits of a migration/hwpoison/device entry's offset (6.1+). */
static unsigned swp_pfn_bits(unsigned nlev, unsigned kver)
{
	/* SWP_PFN_BITS = MAX_PHYSMEM_BITS (46, 52 with LA57) - PAGE_SHIFT */
	if (kver < PT_KVER(6, 1))
		return 50;
	return (nlev == 5 ? 52 : 46) - 12;
}

static void swp_offset_text(struct pt_field *f, const struct pt_desc *d,
			    unsigned nlev, unsigned kver)
{
	uint64_t off = d->swap_offset;
	unsigned pb = swp_pfn_bits(nlev, kver);

	if (d->kind == PTK_MIGRATION) {
		uint64_t pfn = pb < 64 ? off & ((1ULL << pb) - 1) : off;

		snprintf(f->text, sizeof(f->text), "PFN 0x%llx%s%s",
			 (unsigned long long)pfn,
			 pb < 50 && (off >> pb & 1) ? " young" : "",
			 pb < 50 && (off >> (pb + 1) & 1) ? " dirty" : "");
	} else if (d->kind == PTK_MARKER) {
		snprintf(f->text, sizeof(f->text), "marker 0x%llx:%s%s%s",
			 (unsigned long long)off,
			 off & X86_MARKER_UFFD_WP ? " uffd-wp" : "",
			 off & X86_MARKER_POISONED ? " poisoned" : "",
			 off & X86_MARKER_GUARD ? " guard" : "");
	} else {
		snprintf(f->text, sizeof(f->text),
			 "swap offset 0x%llx (stored inverted)",
			 (unsigned long long)off);
	}
}

static const char pn_text[] = "not present to the MMU (kernel: present)";
static const char inval_text[] = "invalidated (pmd_mkinvalid), kernel: present";

/* The text of a one-bit field where the context changes its meaning. */
static const char *bit_text(const struct x86_row *r, uint64_t word,
			    unsigned scope, int pl, unsigned kver)
{
	bool v = word & r->mask;

	if (r->mask == X86_P && !v) {
		if (scope & XS_PN)
			return word & X86_G ? pn_text : inval_text;
		if (scope & XS_SWAP)
			return "not present: swap-type entry";
		return "not present";
	}
	if (r->mask == X86_D && v && (scope & XS_LEAF) && !(word & X86_RW) &&
	    kver >= PT_KVER(6, 6))
		return "dirty + read-only: shadow stack (6.6+)";
	if (r->mask == X86_PSE && v && pl < 2)
		return "reserved at this level (no 512G pages)";
	if (r->mask == X86_G && (scope & XS_TABLE))
		return "ignored in a table entry";
	return v ? r->set : r->clear;
}

static void add_field(struct pt_desc *d, const char *name, uint64_t mask,
		      uint64_t value, const struct x86_prov *pv, int slot)
{
	struct pt_field *f;

	if (d->nf >= PT_MAX_FIELDS)
		return;
	f = &d->f[d->nf++];
	f->name = name;
	f->mask = mask;
	f->value = value;
	f->prov = pv ? pv->prov[slot] : PV_RAW;
	f->text[0] = '\0';
}

static void add_row(struct pt_desc *d, const struct x86_row *r, uint64_t word,
		    unsigned scope, int pl, unsigned nlev, unsigned kver,
		    const struct x86_prov *pv, uint64_t pfnmask)
{
	uint64_t mask = r->kind == XF_PFN ? pfnmask : r->mask;
	int slot = ctz64(mask);
	struct pt_field *f;
	uint64_t raw;

	if (d->nf >= PT_MAX_FIELDS)
		return;
	add_field(d, r->name, mask, 0, pv, slot);
	f = &d->f[d->nf - 1];
	switch (r->kind) {
	case XF_BIT:
		f->value = !!(word & mask);
		snprintf(f->text, sizeof(f->text), "%s",
			 bit_text(r, word, scope, pl, kver));
		break;
	case XF_PFN:
		/* value: the PFN (4K units), L1TF inversion undone */
		raw = scope & XS_PN ? ~word : word;
		f->value = (raw & mask) >> 12;
		d->oa = f->value << 12;
		snprintf(f->text, sizeof(f->text), "%s 0x%llx%s",
			 scope & XS_TABLE ? "table at" : "phys",
			 (unsigned long long)d->oa,
			 scope & XS_PN ? " (PFN stored inverted)" : "");
		break;
	case XF_PKEY:
		f->value = (word & mask) >> slot;
		snprintf(f->text, sizeof(f->text), "protection key %llu",
			 (unsigned long long)f->value);
		break;
	case XF_SWPOFF:
		f->value = d->swap_offset;
		swp_offset_text(f, d, nlev, kver);
		break;
	case XF_SWPTYPE: {
		const char *tn;

		f->value = d->swap_type;
		x86_swp_kind(kver, (unsigned)d->swap_type, &tn);
		snprintf(f->text, sizeof(f->text), "%s %llu%s", tn,
			 (unsigned long long)d->swap_type,
			 kver < PT_KVER(4, 19) ? " (4.19+ layout)" : "");
		break;
	}
	}
	if (pv && pv->note[slot])
		snprintf(f->text, sizeof(f->text), "%s", pv->note[slot]);
}

static void vocab_add(char *buf, size_t n, const char *w)
{
	size_t len = strlen(buf);

	if (w && len + 1 < n)
		snprintf(buf + len, n - len, "%s%s", len ? " " : "", w);
}

/*
 * arch/x86/mm/dump_pagetables.c printk_prot(), its words in its order,
 * single-spaced: USR, RW/ro, PWT, PCD, PSE (pgd..pmd), PAT (bit 7 at pte,
 * bit 12 at a pud/pmd leaf), GLB, NX/x, then the level name; a
 * non-present entry is the level name alone. ptdump numbers levels pgd 0,
 * p4d 1, pud 2, pmd 3, pte 4 whether or not p4d is folded.
 */
static void x86_vocab(uint64_t w, int pl, char *buf, size_t n)
{
	static const char *const lname[] = {"pgd", "p4d", "pud", "pmd", "pte"};
	bool large_pat =
		(pl == 2 || pl == 3) && (w & X86_PSE) && (w & X86_PAT_LARGE);

	buf[0] = '\0';
	if (w & X86_P) {
		vocab_add(buf, n, w & X86_US ? "USR" : NULL);
		vocab_add(buf, n, w & X86_RW ? "RW" : "ro");
		vocab_add(buf, n, w & X86_PWT ? "PWT" : NULL);
		vocab_add(buf, n, w & X86_PCD ? "PCD" : NULL);
		vocab_add(buf, n, pl <= 3 && (w & X86_PSE) ? "PSE" : NULL);
		vocab_add(buf, n,
			  (pl == 4 && (w & X86_PSE)) || large_pat ? "PAT"
								  : NULL);
		vocab_add(buf, n, w & X86_G ? "GLB" : NULL);
		vocab_add(buf, n, w & X86_NX ? "NX" : "x");
	}
	vocab_add(buf, n, lname[pl]);
}

/* Which rows describe word at ptdump level pl, and the entry's kind. */
static unsigned classify(uint64_t word, int pl, enum pt_kind *kind)
{
	bool leafok = pl >= 2; /* pud, pmd, pte */

	if (word & X86_P) {
		if (pl == 4) {
			*kind = PTK_PAGE;
			return XS_PTE;
		}
		if (word & X86_PSE) {
			*kind = leafok ? PTK_BLOCK : PTK_INVALID;
			return XS_LARGE;
		}
		*kind = PTK_TABLE;
		return XS_TABLE;
	}
	if (!(word & ~(X86_A | X86_D))) {
		/* pte_none() ignores A/D (Knights Landing erratum) */
		*kind = PTK_NONE;
		return 0;
	}
	if (!leafok) {
		*kind = PTK_INVALID;
		return 0;
	}
	if (word & X86_G) { /* _PAGE_PROTNONE */
		*kind = PTK_PROTNONE;
		return pl == 4 ? XS_PN4K : XS_PNL;
	}
	if (pl < 4 && (word & X86_PSE)) { /* pmd_present(): invalidated */
		*kind = PTK_PROTNONE;
		return XS_PNL;
	}
	*kind = PTK_SWAP; /* refined from the type */
	return XS_SWAP;
}

int x86_describe(const struct pt_config *c, uint64_t word, int level,
		 struct pt_desc *d, const struct x86_prov *pv)
{
	unsigned nlev = x86_nlev(c), kv, scope;
	uint64_t covered = 0, pfnmask = X86_PFN_4K;
	int pl;

	if (!nlev || !d || level < 0 || (unsigned)level >= nlev)
		return -EINVAL;
	kv = x86_kver(c);
	memset(d, 0, sizeof(*d));
	d->word = word;
	d->level = level;
	pl = nlev == 4 && level > 0 ? level + 1 : level;
	scope = classify(word, pl, &d->kind);
	if ((scope & (XS_LARGE | XS_PNL)) && pl >= 2)
		pfnmask = pl == 2 ? X86_PFN_1G : X86_PFN_2M;
	else if (scope & XS_LARGE) /* PS where it is reserved */
		pfnmask = X86_PFN_4K & ~X86_PAT_LARGE;
	if (scope == XS_SWAP) {
		d->swap_type = word >> (64 - X86_SWP_TYPE_BITS);
		d->swap_offset =
			~word << X86_SWP_TYPE_BITS >> X86_SWP_OFFSET_SHIFT;
		d->kind = x86_swp_kind(kv, (unsigned)d->swap_type, NULL);
		if (d->kind == PTK_MIGRATION) {
			unsigned pb = swp_pfn_bits(nlev, kv);

			d->oa = (d->swap_offset & ((1ULL << pb) - 1)) << 12;
		}
	}
	for (unsigned i = 0; i < x86_nrows; i++) {
		const struct x86_row *r = &x86_rows[i];

		if (!(r->scope & scope) || kv < r->since ||
		    (r->until && kv >= r->until))
			continue;
		add_row(d, r, word, scope, pl, nlev, kv, pv, pfnmask);
		covered |= d->f[d->nf - 1].mask;
	}
	if (!scope) {
		/* none or invalid: P, and A/D that pte_none() ignores */
		add_row(d, &x86_rows[0], word, scope, pl, nlev, kv, pv, 0);
		covered |= X86_P;
		if (d->kind == PTK_NONE && word) {
			add_field(d, "A", X86_A, !!(word & X86_A), pv, 5);
			snprintf(d->f[d->nf - 1].text, sizeof(d->f[0].text),
				 "ignored by pte_none() (KNL erratum)");
			add_field(d, "D", X86_D, !!(word & X86_D), pv, 6);
			snprintf(d->f[d->nf - 1].text, sizeof(d->f[0].text),
				 "ignored by pte_none() (KNL erratum)");
			covered |= X86_A | X86_D;
		}
	}
	if (scope & (XS_LEAF | XS_PN)) {
		uint64_t patbit =
			scope & (XS_PTE | XS_PN4K) ? X86_PSE : X86_PAT_LARGE;
		unsigned idx = (word & X86_PWT ? 1 : 0) |
			       (word & X86_PCD ? 2 : 0) |
			       (word & patbit ? 4 : 0);

		/* value: PAT * 4 + PCD * 2 + PWT (__pte2cm_idx) */
		add_field(d, "cache", X86_PWT | X86_PCD | patbit, idx, pv,
			  X86_CACHE_SLOT);
		snprintf(d->f[d->nf - 1].text, sizeof(d->f[0].text),
			 "%s (PAT %u: %s)", x86_pat[idx].name, idx,
			 x86_pat[idx].desc);
		if (pv && pv->note[X86_CACHE_SLOT])
			snprintf(d->f[d->nf - 1].text, sizeof(d->f[0].text),
				 "%s", pv->note[X86_CACHE_SLOT]);
	}
	d->unknown_bits = word & ~covered;
	x86_vocab(word, pl, d->vocab, sizeof(d->vocab));
	return 0;
}
