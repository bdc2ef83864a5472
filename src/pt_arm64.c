/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pt_arm64.c: arm64 model: templates, reconstruction, walk */
#include "vmaview/ptmodel.h"

#include <errno.h>
#include <string.h>

#include "vmaview/flagtab.h"
#include "vmaview/frames.h"

#define BIT64(n) (1ULL << (n))
#define GENMASK64(h, l) ((~0ULL >> (63 - (h))) & ~((1ULL << (l)) - 1))

/*
 * Linux's names (arch/arm64/include/asm/pgtable-hwdef.h, pgtable-prot.h;
 * the bit table with provenance is src/flags/arm64_desc.def).
 */
#define PTE_VALID BIT64(0)
#define PTE_TABLE_BIT BIT64(1)
#define PTE_TYPE_PAGE (3ULL << 0)
#define PTE_ATTRINDX(t) ((uint64_t)(t) << 2)
#define PTE_ATTRINDX_MASK (7ULL << 2)
#define PTE_USER BIT64(6)
#define PTE_RDONLY BIT64(7)
#define PTE_SHARED (3ULL << 8)
#define PTE_AF BIT64(10)
#define PTE_NG BIT64(11)
#define PTE_GP BIT64(50)
#define PTE_WRITE BIT64(51) /* PTE_DBM */
#define PTE_CONT BIT64(52)
#define PTE_PXN BIT64(53)
#define PTE_UXN BIT64(54)
#define PTE_DIRTY BIT64(55)
#define PTE_SPECIAL BIT64(56)
#define PTE_DEVMAP BIT64(57) /* before ~6.17 */
#define PTE_PROT_NONE BIT64(58) /* before 6.10, only when !PTE_VALID */
#define PTE_UFFD_WP BIT64(58) /* 6.10+ */
#define PTE_PRESENT_INVALID PTE_NG /* 6.10+, only when !PTE_VALID */
#define PTE_PO_IDX_MASK GENMASK64(62, 60) /* 6.12+ */

/* include/linux/swapops.h: PTE_MARKER_GUARD (6.13+). */
#define PTE_MARKER_GUARD BIT64(2)

struct mt_def {
	unsigned from, to, idx;
	const char *macro;
};

static const struct mt_def mt_defs[] = {
#define A64_MT(from, to, idx, macro, mair, ptdump, desc) {from, to, idx, macro},
#include "flags/arm64_desc.def"
#undef A64_MT
};

struct swp_def {
	unsigned from, to;
	int excl, uffd;
	unsigned tshift, tbits, oshift, obits;
};

static const struct swp_def swp_defs[] = {
#define A64_SWP(from, to, excl, uffd, tshift, tbits, oshift, obits, zero)      \
	{from, to, excl, uffd, tshift, tbits, oshift, obits},
#include "flags/arm64_desc.def"
#undef A64_SWP
};

struct marker_def {
	unsigned from, to;
	int type;
};

static const struct marker_def marker_defs[] = {
#define A64_MARKER(from, to, type, error_type) {from, to, type},
#include "flags/arm64_desc.def"
#undef A64_MARKER
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* SWP_PTE_MARKER of the era; 31 (6.5+) when the era has none. */
static unsigned marker_type(unsigned kver)
{
	for (size_t i = 0; i < NELEM(marker_defs); i++)
		if (kver >= marker_defs[i].from && kver < marker_defs[i].to)
			return (unsigned)marker_defs[i].type;
	return 31;
}

/* The MAIR slot of a memory type in the era, or -1. */
static int mt_index(unsigned kver, const char *macro)
{
	for (size_t i = 0; i < NELEM(mt_defs); i++)
		if (kver >= mt_defs[i].from && kver < mt_defs[i].to &&
		    !strcmp(mt_defs[i].macro, macro))
			return (int)mt_defs[i].idx;
	return -1;
}

static const struct swp_def *swp_of(unsigned kver)
{
	for (size_t i = 0; i < NELEM(swp_defs); i++)
		if (kver >= swp_defs[i].from && kver < swp_defs[i].to)
			return &swp_defs[i];
	return &swp_defs[NELEM(swp_defs) - 1];
}

static bool granule_ok(const struct pt_config *c)
{
	return c && (c->page_shift == 12 || c->page_shift == 14 ||
		     c->page_shift == 16);
}

/* ARM64_HW_PGTABLE_LEVELS(va_bits) of pgtable-hwdef.h, unless c says. */
static unsigned levels_of(const struct pt_config *c)
{
	if (c->levels)
		return c->levels;
	if (c->va_bits < 4 + c->page_shift - 3)
		return 0;
	return (c->va_bits - 4) / (c->page_shift - 3);
}

/* ARM64_HW_PGTABLE_LEVEL_SHIFT(n) */
static unsigned hw_shift(unsigned ps, int hw)
{
	return (ps - 3) * (unsigned)(4 - hw) + 3;
}

static bool lpa2(const struct pt_config *c)
{
	return c->pa52 && c->page_shift != 16;
}

/*
 * protection_map[] of the era (arch/arm64/mm/mmap.c from 6.0; the __P/__S
 * macros of pgtable-prot.h before). PAGE_EXECONLY replaces the two
 * PROT_EXEC-only entries only with EPAN (5.13+, c->epan); LPA2 drops
 * PTE_SHARED from every entry (adjust_protection_map(), 6.9+).
 */
static uint64_t arm64_template(const struct pt_config *c, unsigned idx)
{
	int normal = mt_index(c->kver, "MT_NORMAL");
	uint64_t def = PTE_TYPE_PAGE | PTE_AF | PTE_SHARED |
		       PTE_ATTRINDX(normal < 0 ? 0 : normal);
	uint64_t none = (def & ~PTE_VALID) |
			(c->kver < PT_KVER(6, 10) ? PTE_PROT_NONE
						  : PTE_PRESENT_INVALID) |
			PTE_RDONLY | PTE_NG | PTE_PXN | PTE_UXN;
	uint64_t ro = def | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN | PTE_UXN;
	uint64_t rox = def | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN;
	uint64_t xo = def | PTE_RDONLY | PTE_NG | PTE_PXN;
	uint64_t sh = ro | PTE_WRITE, shx = rox | PTE_WRITE;
	bool epan = c->epan && c->kver >= PT_KVER(5, 13);
	const uint64_t map[16] = {
		none, ro, ro, ro, epan ? xo : rox, rox, rox, rox,
		none, ro, sh, sh, epan ? xo : rox, rox, shx, shx,
	};
	uint64_t v = map[idx & 15];

	if (lpa2(c))
		v &= ~PTE_SHARED;
	return v;
}

static uint64_t template_of(const struct pt_config *c, unsigned idx)
{
	if (!granule_ok(c))
		return 0;
	return arm64_template(c, idx);
}

/* Provenance per bit while a word is built; a field takes its worst. */
struct provs {
	enum pt_prov p[64];
};

static void set_prov(struct provs *pv, uint64_t mask, enum pt_prov p)
{
	for (int i = 0; i < 64; i++)
		if (mask & BIT64(i))
			pv->p[i] = p;
}

static int prov_rank(enum pt_prov p)
{
	return p == PV_UNKNOWN ? 2 : p == PV_INFERRED ? 1 : 0;
}

/* Applies the per-bit provenance to the decoded fields and d->known. */
static void apply_provs(const struct provs *pv, struct pt_desc *d)
{
	d->known = 0;
	for (int i = 0; i < 64; i++)
		if (!prov_rank(pv->p[i]))
			d->known |= BIT64(i);
	for (size_t i = 0; i < d->nf; i++) {
		struct pt_field *f = &d->f[i];
		enum pt_prov worst = pv->p[__builtin_ctzll(f->mask)];

		for (int b = 0; b < 64; b++)
			if ((f->mask & BIT64(b)) &&
			    prov_rank(pv->p[b]) > prov_rank(worst))
				worst = pv->p[b];
		f->prov = worst;
	}
}

/* The bits a PFN occupies in a leaf (pfn_pte(), 52-bit layouts too). */
static uint64_t pfn_bits(const struct pt_config *c, uint64_t pfn,
			 uint64_t *mask)
{
	uint64_t pa = pfn << c->page_shift;

	if (lpa2(c)) {
		*mask = GENMASK64(49, c->page_shift) | GENMASK64(9, 8);
		return ((pa | (pa >> 42)) & *mask);
	}
	if (c->pa52) {
		/* PTE_ADDR_LOW is bits 49:PAGE_SHIFT from 6.9 on */
		*mask = GENMASK64(c->kver >= PT_KVER(6, 9) ? 49 : 47, 16) |
			GENMASK64(15, 12);
		return ((pa | (pa >> 36)) & *mask);
	}
	*mask = GENMASK64(47, c->page_shift);
	return pa & *mask;
}

static bool vmflag(const struct pt_input *in, int id)
{
	return in->has_vmflags && (in->vmflags & BIT64(id));
}

static bool kpflag(const struct pt_input *in, int bit)
{
	return in->have_kpf && (in->kpf & BIT64(bit));
}

/* pte_mkwrite(pte_mkdirty()): what a write fault leaves. */
static void make_written(uint64_t *w, struct provs *pv, enum pt_prov p)
{
	*w = (*w | PTE_WRITE | PTE_DIRTY) & ~PTE_RDONLY;
	set_prov(pv, PTE_WRITE | PTE_DIRTY | PTE_RDONLY, p);
}

static uint64_t present_word(const struct pt_config *c,
			     const struct pt_input *in, struct provs *pv)
{
	unsigned idx = pt_prot_index(in->perms);
	bool wr = idx & 2, s = idx & 8;
	bool iopf = vmflag(in, VMFLAG_IO) || vmflag(in, VMFLAG_PF);
	bool zero = kpflag(in, KPFB_ZERO_PAGE);
	bool ksm = pt_input_ksm(in);
	bool anon = in->have_kpf ? kpflag(in, KPFB_ANON) : !(in->pm & PM_FILE);
	bool excl = in->pm & PM_EXCLUSIVE;
	bool huge = vmflag(in, VMFLAG_HT) || kpflag(in, KPFB_HUGE);
	bool large = kpflag(in, KPFB_THP) || kpflag(in, KPFB_COMPOUND_HEAD) ||
		     kpflag(in, KPFB_COMPOUND_TAIL);
	uint64_t w, oamask;

	for (int i = 0; i < 64; i++)
		pv->p[i] = PV_VMA;

	/*
	 * Shared writable file mappings with dirty accounting get the
	 * private template until the first write (vma_wants_writenotify());
	 * shmem and PFN maps keep PAGE_SHARED. Without kpageflags a file is
	 * taken to be a writenotify file.
	 */
	if (s && wr && in->file && !iopf &&
	    !(in->have_kpf && kpflag(in, KPFB_SWAPBACKED))) {
		if (kpflag(in, KPFB_DIRTY)) {
			w = arm64_template(c, idx);
			make_written(&w, pv, PV_INFERRED);
		} else {
			w = arm64_template(c, idx & ~8u);
			set_prov(pv, PTE_WRITE | PTE_RDONLY, PV_INFERRED);
		}
	} else {
		w = arm64_template(c, idx);
	}

	if (!s && !iopf && anon && !zero) {
		if (ksm) {
			/* write_protect_page(): wrprotect and mkclean */
			w = (w & ~(PTE_WRITE | PTE_DIRTY)) | PTE_RDONLY;
			set_prov(pv, PTE_WRITE | PTE_RDONLY, PV_KPF);
			set_prov(pv, PTE_DIRTY, PV_INFERRED);
		} else if (wr && excl) {
			/* do_anonymous_page(), wp_page_copy(), reuse */
			make_written(&w, pv, PV_INFERRED);
		} else if (in->have_kpf || excl) {
			/* COW-protected or read-only; written once */
			w |= PTE_DIRTY;
			set_prov(pv, PTE_DIRTY, PV_INFERRED);
		} else {
			/* not mapped once: COW-shared, or the zero page */
			set_prov(pv, PTE_DIRTY | PTE_SPECIAL, PV_UNKNOWN);
		}
	} else if (s && wr && !iopf && kpflag(in, KPFB_SWAPBACKED) &&
		   kpflag(in, KPFB_DIRTY)) {
		/* shmem written through this mapping, or by write(2) */
		make_written(&w, pv, PV_INFERRED);
	}
	if (zero) {
		w |= PTE_SPECIAL;
		set_prov(pv, PTE_SPECIAL, PV_KPF);
	}
	if (iopf) {
		/* remap_pfn_range()/vmf_insert_pfn(): pte_mkspecial(); the
		 * memory type is the driver's pgprot_*() choice */
		int dev = mt_index(c->kver, "MT_DEVICE_nGnRnE");

		w |= PTE_SPECIAL | PTE_PXN | PTE_UXN;
		w = (w & ~PTE_ATTRINDX_MASK) | PTE_ATTRINDX(dev < 0 ? 0 : dev);
		set_prov(pv, PTE_SPECIAL, PV_VMA);
		set_prov(pv, PTE_UXN | PTE_PXN, PV_INFERRED);
		set_prov(pv, PTE_ATTRINDX_MASK, PV_UNKNOWN);
		set_prov(pv, PTE_WRITE | PTE_RDONLY | PTE_DIRTY, PV_INFERRED);
	} else if (kpflag(in, KPFB_NOPAGE)) {
		w |= PTE_SPECIAL;
		set_prov(pv, PTE_SPECIAL, PV_INFERRED);
	}

	/* vm_get_page_prot(): VM_ARM64_BTI -> GP, VM_MTE -> Normal Tagged */
	if (vmflag(in, VMFLAG_BT))
		w |= PTE_GP;
	if (vmflag(in, VMFLAG_MT)) {
		int tagged = mt_index(c->kver, "MT_NORMAL_TAGGED");

		if (tagged >= 0 && !iopf)
			w = (w & ~PTE_ATTRINDX_MASK) | PTE_ATTRINDX(tagged);
	}
	/* pte_mkuffd_wp(): PTE_UFFD_WP and pte_wrprotect() (6.10+) */
	if ((in->pm & PM_UFFD_WP) && c->kver >= PT_KVER(6, 10)) {
		if ((w & PTE_WRITE) && !(w & PTE_RDONLY))
			w |= PTE_DIRTY;
		w = ((w | PTE_UFFD_WP | PTE_RDONLY) & ~PTE_WRITE);
		set_prov(pv, PTE_UFFD_WP | PTE_WRITE | PTE_RDONLY, PV_PAGEMAP);
	}

	/* What user space cannot see. */
	set_prov(pv, PTE_AF | PTE_NG, PV_INFERRED);
	if (idx & 7)
		set_prov(pv, PTE_VALID, PV_INFERRED); /* NUMA hinting */
	if (c->kver < PT_KVER(6, 17))
		set_prov(pv, PTE_DEVMAP, PV_INFERRED);
	if (c->kver >= PT_KVER(6, 12))
		set_prov(pv, PTE_PO_IDX_MASK, PV_INFERRED);
	set_prov(pv, PTE_CONT,
		 huge || (large && c->kver >= PT_KVER(6, 9) && !iopf && !zero)
			 ? PV_UNKNOWN
			 : PV_INFERRED);
	if (huge || kpflag(in, KPFB_THP))
		set_prov(pv, PTE_TABLE_BIT, PV_UNKNOWN); /* PMD/PUD block? */

	w |= pfn_bits(c, in->pfn_known ? in->pm & PM_PFN_MASK : 0, &oamask);
	set_prov(pv, oamask, in->pfn_known ? PV_PAGEMAP : PV_UNKNOWN);
	return w;
}

/* The era's swap PTE for pagemap's swap type and offset (bits 0-4, 5-54),
 * or the guard marker. */
static uint64_t swap_word(const struct pt_config *c, const struct pt_input *in,
			  struct provs *pv)
{
	const struct swp_def *s = swp_of(c->kver);
	uint64_t tmask = GENMASK64(s->tshift + s->tbits - 1, s->tshift);
	uint64_t omask = GENMASK64(s->oshift + s->obits - 1, s->oshift);
	uint64_t type = PM_SWAP_TYPE(in->pm), off = PM_SWAP_OFFSET(in->pm);
	enum pt_prov p = in->pfn_known ? PV_PAGEMAP : PV_UNKNOWN;
	uint64_t w;

	for (int i = 0; i < 64; i++)
		pv->p[i] = PV_PAGEMAP;
	if (in->pm & PM_GUARD) {
		/* make_pte_marker(PTE_MARKER_GUARD) */
		type = marker_type(c->kver);
		off = PTE_MARKER_GUARD;
		set_prov(pv, tmask, PV_INFERRED);
	} else {
		set_prov(pv, tmask | omask, p);
		/* migration/device entries: pagemap shows swp_offset_pfn() */
		if (type >= 22 && type != marker_type(c->kver))
			set_prov(pv, omask, PV_INFERRED);
	}
	w = ((type << s->tshift) & tmask) | ((off << s->oshift) & omask);
	if (s->excl >= 0)
		set_prov(pv, BIT64(s->excl), PV_UNKNOWN);
	/* a marker carries uffd-wp in its offset (PTE_MARKER_UFFD_WP) */
	if (s->uffd >= 0 && (in->pm & PM_UFFD_WP) &&
	    type != marker_type(c->kver))
		w |= BIT64(s->uffd);
	return w;
}

/*
 * A swap entry whose type and offset pagemap hides (no CAP_SYS_ADMIN):
 * the word may be all zero, which alone would read as pte_none. The
 * fields are those of a swap entry, their values unknown.
 */
static int hidden_swap(const struct pt_config *c, uint64_t w,
		       const struct provs *pv, int level, struct pt_desc *d)
{
	const struct swp_def *s = swp_of(c->kver);
	int ret = pt_arm64_decode(c, w | BIT64(s->oshift), level, d);

	if (ret)
		return ret;
	d->word = w;
	d->swap_offset = 0;
	d->unknown_bits = 0;
	for (size_t i = 0; i < d->nf; i++) {
		struct pt_field *f = &d->f[i];

		f->value = (w & f->mask) >> __builtin_ctzll(f->mask);
		if (!strcmp(f->name, "SWP_TYPE") ||
		    !strcmp(f->name, "SWP_OFFSET"))
			strcpy(f->text, "hidden (needs CAP_SYS_ADMIN)");
	}
	d->kind = PTK_SWAP;
	strcpy(d->vocab, "SWAP");
	if (s->uffd >= 0 && (w & BIT64(s->uffd)))
		strcat(d->vocab, " UFFD_WP");
	apply_provs(pv, d);
	return 0;
}

static int reconstruct(const struct pt_config *c, const struct pt_input *in,
		       struct pt_desc *d)
{
	struct provs pv;
	unsigned levels;
	uint64_t w;
	int ret;

	memset(d, 0, sizeof(*d));
	if (!granule_ok(c) || !in)
		return -EINVAL;
	levels = levels_of(c);
	if (levels < 1 || levels > 5)
		return -EINVAL;
	if (in->pm & PM_PRESENT) {
		w = present_word(c, in, &pv);
	} else if (in->pm & (PM_SWAP | PM_GUARD)) {
		w = swap_word(c, in, &pv);
	} else {
		w = 0;
		for (int i = 0; i < 64; i++)
			pv.p[i] = PV_PAGEMAP;
	}
	if (!(in->pm & (PM_PRESENT | PM_GUARD)) && (in->pm & PM_SWAP) &&
	    !in->pfn_known)
		return hidden_swap(c, w, &pv, (int)levels - 1, d);
	ret = pt_arm64_decode(c, w, (int)levels - 1, d);
	if (ret)
		return ret;
	apply_provs(&pv, d);
	return 0;
}

static const char *const level_names[] = {"L-1", "L0", "L1", "L2", "L3"};

/*
 * The walk of a user address. TBI: the top byte is ignored (a tag); bit
 * 55 then selects TTBR1 (kernel). Filled in any case; -EINVAL when the
 * address is not below 2^va_bits in TTBR0.
 */
static int walk(const struct pt_config *c, uint64_t va, struct pt_walk *w)
{
	unsigned levels, ps;

	memset(w, 0, sizeof(*w));
	w->va = va;
	if (!granule_ok(c) || c->va_bits > 52)
		return -EINVAL;
	ps = c->page_shift;
	levels = levels_of(c);
	if (levels < 1 || levels > 5 ||
	    c->va_bits <= hw_shift(ps, 4 - (int)levels) ||
	    c->va_bits > hw_shift(ps, 4 - (int)levels) + ps - 3)
		return -EINVAL;
	w->tagged = (va >> 56) != 0;
	w->va_stripped = va & GENMASK64(55, 0);
	w->in_range = !(va & BIT64(55)) && w->va_stripped < BIT64(c->va_bits);
	w->nlevels = levels;
	for (unsigned i = 0; i < levels; i++) {
		int hw = (int)i + 4 - (int)levels;
		unsigned shift = hw_shift(ps, hw);
		unsigned bits = i ? ps - 3 : c->va_bits - shift;

		w->lv[i].name = level_names[hw + 1];
		w->lv[i].shift = shift;
		w->lv[i].bits = bits;
		w->lv[i].index = (w->va_stripped >> shift) & (BIT64(bits) - 1);
		w->lv[i].entry_offset = w->lv[i].index * 8;
	}
	w->page_offset_bits = ps;
	w->page_offset = va & (BIT64(ps) - 1);
	return w->in_range ? 0 : -EINVAL;
}

const struct pt_ops pt_arm64_ops = {
	.name = "arm64",
	.decode = pt_arm64_decode,
	.template_of = template_of,
	.reconstruct = reconstruct,
	.walk = walk,
};
