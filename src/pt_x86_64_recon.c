/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pt_x86_64_recon.c: the x86_64 leaf the kernel likely installed */
#include "pt_x86_64.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "vmaview/flagtab.h"
#include "vmaview/frames.h"

/*
 * The rules (reference/x86_64.md 2.3-2.5): the VMA's protection_map
 * template, then what faults, fork, write-notify, uffd-wp, KSM, the zero
 * page and PFN maps change. Facts come from the VMA (template bits), from
 * pagemap (present, PFN, uffd-wp, soft-dirty where the VMA cannot have
 * set it, file page in a private VMA) and kpageflags (zero page, KSM);
 * what the kernel most likely did is PV_INFERRED, what user space cannot
 * see (a driver's cache mode, the PFN without CAP_SYS_ADMIN) PV_UNKNOWN.
 */

#define VF(id) (1ULL << VMFLAG_##id)
#define X86_PKEY_MASK (0xfULL << 59)
#define X86_SWP_OFF_MASK 0x07fffffffffffe00ULL
#define X86_SWP_TYPE_MASK 0xf800000000000000ULL

struct recon {
	uint64_t word;
	struct x86_prov pv;
};

static void recon_init(struct recon *r, uint64_t word)
{
	memset(r, 0, sizeof(*r));
	r->word = word;
	for (size_t i = 0; i < sizeof(r->pv.prov) / sizeof(r->pv.prov[0]); i++)
		r->pv.prov[i] = PV_INFERRED;
}

/* The bits of mask take those of val, with provenance p and a note. */
static void put(struct recon *r, uint64_t mask, uint64_t val, enum pt_prov p,
		const char *note)
{
	r->word = (r->word & ~mask) | (val & mask);
	for (int b = 0; b < 64; b++) {
		if (mask >> b & 1)
			r->pv.prov[b] = p;
	}
	if (note)
		r->pv.note[__builtin_ctzll(mask)] = note;
}

static void put_cache(struct recon *r, uint64_t patbit, uint64_t val,
		      enum pt_prov p, const char *note)
{
	put(r, X86_PWT | X86_PCD | patbit, val, p, NULL);
	r->pv.prov[X86_CACHE_SLOT] = p;
	r->pv.note[X86_CACHE_SLOT] = note;
}

static void set_known(struct pt_desc *d)
{
	uint64_t unsure = 0;

	for (size_t i = 0; i < d->nf; i++) {
		enum pt_prov p = d->f[i].prov;

		if (p != PV_VMA && p != PV_PAGEMAP && p != PV_KPF &&
		    p != PV_RAW)
			unsure |= d->f[i].mask;
	}
	d->known = ~unsure;
}

/* pagemap bit 55 is the PTE's bit or the VMA's VM_SOFTDIRTY ("sd"). */
static enum pt_prov sd_prov(const struct pt_input *in)
{
	if (!(in->pm & PM_SOFT_DIRTY))
		return PV_PAGEMAP;
	return in->has_vmflags && !(in->vmflags & VF(SD)) ? PV_PAGEMAP
							  : PV_INFERRED;
}

static int recon_swap(const struct pt_config *c, const struct pt_input *in,
		      struct pt_desc *d)
{
	unsigned kv = x86_kver(c), nlev = x86_nlev(c);
	uint64_t pm = in->pm, type = 0, off = 0;
	bool guard = pm & PM_GUARD;
	bool have = in->pfn_known && (pm & PM_PFN_MASK);
	enum pt_prov pt = PV_UNKNOWN;
	enum pt_kind kind = PTK_SWAP;
	const char *hidden = NULL;
	struct recon r;
	int rc;

	if (have) {
		type = PM_SWAP_TYPE(pm);
		off = PM_SWAP_OFFSET(pm);
		pt = PV_PAGEMAP;
		kind = x86_swp_kind(kv, (unsigned)type, NULL);
	} else if (guard) {
		type = x86_marker_type(kv);
		off = X86_MARKER_GUARD;
		pt = PV_INFERRED;
	} else {
		hidden = "hidden: pagemap needs CAP_SYS_ADMIN";
	}
	if (guard)
		kind = PTK_MARKER;
	recon_init(&r, x86_swp_entry(type, off));
	put(&r, X86_P, 0, PV_PAGEMAP, NULL);
	put(&r, X86_SWP_TYPE_MASK, r.word, pt, hidden);
	put(&r, X86_SWP_OFF_MASK, r.word, pt, hidden);
	if (kind == PTK_MARKER)
		put(&r, X86_SWP_SOFT_DIRTY, 0, PV_INFERRED,
		    "markers carry no soft-dirty bit");
	else
		put(&r, X86_SWP_SOFT_DIRTY,
		    pm & PM_SOFT_DIRTY ? X86_SWP_SOFT_DIRTY : 0, sd_prov(in),
		    NULL);
	if (kind == PTK_MARKER)
		put(&r, X86_SWP_UFFD_WP, 0, PV_INFERRED,
		    "a marker's uffd-wp is in its offset");
	else
		put(&r, X86_SWP_UFFD_WP, pm & PM_UFFD_WP ? X86_SWP_UFFD_WP : 0,
		    PV_PAGEMAP, NULL);
	if (kind == PTK_SWAP)
		put(&r, X86_SWP_EXCLUSIVE, 0, PV_UNKNOWN,
		    "not in pagemap (0 shown)");
	else
		put(&r, X86_SWP_EXCLUSIVE, 0, PV_INFERRED, NULL);
	rc = x86_describe(c, r.word, (int)nlev - 1, d, &r.pv);
	if (rc)
		return rc;
	set_known(d);
	return 0;
}

struct page_facts {
	bool r, w, x, shared;
	bool kpf, zero, ksm, anon, filepg, excl, uffd;
	bool pfnmap, mixed, io, huge, thp, shstk;
	uint64_t vf;
};

static bool kbit(const struct pt_input *in, int b)
{
	return in->have_kpf && (in->kpf >> b & 1);
}

static void facts_of(const struct pt_input *in, unsigned kv,
		     struct page_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->vf = in->has_vmflags ? in->vmflags : 0;
	f->r = in->perms[0] == 'r';
	f->w = in->perms[0] && in->perms[1] == 'w';
	f->x = in->perms[0] && in->perms[1] && in->perms[2] == 'x';
	/* VM_SHARED ("sh"); maps' 's' is VM_MAYSHARE: the same once 'w' */
	f->shared = in->has_vmflags
			    ? !!(f->vf & VF(SH))
			    : in->perms[0] && in->perms[1] && in->perms[2] &&
				      in->perms[3] == 's';
	f->kpf = in->have_kpf;
	f->zero = kbit(in, KPFB_ZERO_PAGE);
	f->ksm = pt_input_ksm(in);
	f->filepg = in->pm & PM_FILE;
	f->anon = f->kpf ? kbit(in, KPFB_ANON) : !f->filepg;
	f->excl = in->pm & PM_EXCLUSIVE;
	f->uffd = in->pm & PM_UFFD_WP;
	f->pfnmap = f->vf & VF(PF);
	f->mixed = f->vf & VF(MM);
	f->io = f->vf & VF(IO);
	f->huge = (f->vf & VF(HT)) || kbit(in, KPFB_HUGE);
	f->thp = kbit(in, KPFB_THP) && !f->zero && !f->huge &&
		 (kbit(in, KPFB_COMPOUND_HEAD) || kbit(in, KPFB_COMPOUND_TAIL));
	f->shstk = (f->vf & VF(SS)) && kv >= PT_KVER(6, 6);
}

/* RW and "was written" for a present page, with provenance and notes. */
struct wstate {
	bool rw, dirty;
	enum pt_prov prw, pd;
	const char *nrw, *nd;
};

static void ws_rw(struct wstate *s, bool rw, enum pt_prov p, const char *note)
{
	s->rw = rw;
	s->prw = p;
	s->nrw = note;
}

static void ws_dirty(struct wstate *s, bool dirty, enum pt_prov p,
		     const char *note)
{
	s->dirty = dirty;
	s->pd = p;
	s->nd = note;
}

static void write_state_shared(const struct pt_input *in,
			       const struct page_facts *f, struct wstate *s)
{
	bool kd = kbit(in, KPFB_DIRTY);

	if (f->pfnmap || f->mixed) {
		ws_rw(s, true, PV_VMA, "PFN map: no write-notify");
		ws_dirty(s, false, PV_UNKNOWN,
			 "set by the CPU on the first write");
	} else if (f->vf & VF(UW)) {
		/* uffd-wp registered: write-notify */
		ws_rw(s, kd, PV_INFERRED, "uffd-wp registered: write-notify");
		ws_dirty(s, kd, PV_INFERRED, NULL);
	} else if (!f->kpf && in->file) {
		ws_rw(s, false, PV_UNKNOWN,
		      "file or shmem: write-notify unknown");
		ws_dirty(s, false, PV_UNKNOWN, NULL);
	} else if (in->file &&
		   (!kbit(in, KPFB_SWAPBACKED) || kbit(in, KPFB_ANON))) {
		/* a file that writes back: read-only until the first write */
		ws_rw(s, kd, PV_INFERRED,
		      kd ? "write-notify: page dirty, so written"
			 : "write-notify: read-only until written");
		ws_dirty(s, kd, PV_INFERRED, NULL);
	} else if (!in->has_vmflags || (f->vf & VF(SD))) {
		/* shmem, memfd, shared anon: no writeback, no write-notify */
		ws_rw(s, true, PV_VMA, "shared, no write-notify (shmem)");
		ws_dirty(s, false, PV_UNKNOWN,
			 "set by the CPU on the first write");
	} else if (in->pm & PM_SOFT_DIRTY) {
		/* soft-dirty tracking (clear_refs 4): written since */
		ws_rw(s, true, PV_INFERRED,
		      "shmem, soft-dirty tracked: written");
		ws_dirty(s, true, PV_INFERRED, NULL);
	} else {
		/* tracking, or CONFIG_MEM_SOFT_DIRTY=n (never an "sd") */
		ws_rw(s, true, PV_UNKNOWN, "shmem: RO if soft-dirty tracking");
		ws_dirty(s, false, PV_UNKNOWN, NULL);
	}
}

static void write_state_private(const struct page_facts *f, struct wstate *s)
{
	if (f->filepg) {
		ws_rw(s, false, PV_PAGEMAP,
		      "file page, not COWed yet: read-only");
		ws_dirty(s, false, PV_INFERRED, NULL);
	} else if (f->excl) {
		ws_rw(s, true, PV_INFERRED, "exclusive anon: writable");
		ws_dirty(s, true, PV_INFERRED, "exclusive anon: written");
	} else if (f->kpf) {
		ws_rw(s, false, PV_INFERRED,
		      "anon mapped more than once (COW)");
		ws_dirty(s, true, PV_INFERRED, NULL);
	} else {
		ws_rw(s, false, PV_INFERRED, "COW or zero page: read-only");
		ws_dirty(s, false, PV_UNKNOWN, NULL);
	}
}

static void write_state(const struct pt_input *in, const struct page_facts *f,
			struct wstate *s)
{
	memset(s, 0, sizeof(*s));
	if (f->zero) {
		ws_rw(s, false, PV_KPF, "zero page: read-only");
		ws_dirty(s, false, PV_KPF, NULL);
	} else if (f->uffd) {
		ws_rw(s, false, PV_PAGEMAP, "uffd-wp: write-protected");
		ws_dirty(s, f->anon, PV_INFERRED, NULL);
	} else if (f->ksm) {
		ws_rw(s, false, PV_KPF, "KSM page: read-only");
		ws_dirty(s, false, PV_INFERRED, NULL);
	} else if (f->shstk) {
		ws_rw(s, false, PV_VMA, "shadow stack: RW=0, D=1");
		ws_dirty(s, true, PV_INFERRED, NULL);
	} else if (f->huge && f->w && f->shared) {
		/* make_huge_pte(): writable entries are built dirty */
		ws_rw(s, true, PV_VMA, "hugetlb: no write-notify");
		ws_dirty(s, true, PV_INFERRED,
			 "hugetlb: built dirty if writable");
	} else if (!f->w) {
		bool d = f->anon && !f->filepg;

		ws_rw(s, false, PV_VMA, NULL);
		ws_dirty(s, d, f->kpf ? PV_INFERRED : PV_UNKNOWN,
			 d ? "anon: likely written before mprotect" : NULL);
	} else if (f->shared) {
		write_state_shared(in, f, s);
	} else {
		write_state_private(f, s);
	}
}

static void recon_bits(const struct pt_config *c, const struct pt_input *in,
		       const struct page_facts *f, struct recon *r, bool pnone)
{
	unsigned kv = x86_kver(c);
	uint64_t patbit = f->huge ? X86_PAT_LARGE : X86_PSE;
	struct wstate s;
	bool sdv;

	if (pnone) {
		memset(&s, 0, sizeof(s));
		ws_rw(&s, false, PV_VMA, NULL);
		ws_dirty(&s, false, PV_UNKNOWN, "kept by mprotect: unknown");
	} else {
		write_state(in, f, &s);
	}
	put(r, X86_RW, s.rw ? X86_RW : 0, s.prw, s.nrw);
	/* 6.6+: a write-protected dirty entry keeps D in bit 58 */
	if (s.rw || !s.dirty || (f->shstk && f->excl && !f->uffd)) {
		put(r, X86_D, s.dirty ? X86_D : 0, s.pd, s.nd);
		if (kv >= PT_KVER(6, 6))
			put(r, X86_SAVED_DIRTY, 0, s.pd, NULL);
	} else if (kv >= PT_KVER(6, 6)) {
		put(r, X86_D, 0, s.pd, "clean: D moved to SAVED_DIRTY");
		put(r, X86_SAVED_DIRTY, X86_SAVED_DIRTY, s.pd, s.nd);
	} else {
		put(r, X86_D, X86_D, s.pd, s.nd);
	}
	/* soft-dirty: pte_mkdirty() sets it with D */
	sdv = (in->pm & PM_SOFT_DIRTY) &&
	      (sd_prov(in) == PV_PAGEMAP || s.dirty || s.rw);
	put(r, X86_SOFT_DIRTY, sdv ? X86_SOFT_DIRTY : 0, sd_prov(in),
	    sd_prov(in) == PV_PAGEMAP ? NULL
				      : "pagemap ORs the VMA's sd: guessed");
	if (kv >= PT_KVER(5, 7))
		put(r, X86_UFFD_WP, f->uffd ? X86_UFFD_WP : 0,
		    kv >= PT_KVER(5, 13) ? PV_PAGEMAP : PV_INFERRED, NULL);
	if (f->zero)
		put(r, X86_SPECIAL, X86_SPECIAL, PV_KPF, "zero page: special");
	else if (f->pfnmap)
		put(r, X86_SPECIAL, X86_SPECIAL, PV_VMA,
		    "PFN map (remap_pfn_range): special");
	else if (f->mixed)
		put(r, X86_SPECIAL, kbit(in, KPFB_NOPAGE) ? X86_SPECIAL : 0,
		    PV_UNKNOWN, "mixed map: special if a PFN insert");
	else if (f->io || kbit(in, KPFB_NOPAGE))
		put(r, X86_SPECIAL, X86_SPECIAL, PV_INFERRED, NULL);
	else if (!f->kpf && !f->filepg && !f->excl && !f->shared)
		put(r, X86_SPECIAL, 0, PV_UNKNOWN,
		    "zero page (special) possible");
	else
		put(r, X86_SPECIAL, 0, PV_INFERRED, NULL);
	if (f->pfnmap || f->mixed || f->io) {
		bool uc = f->io && (!f->kpf || kbit(in, KPFB_NOPAGE));

		put_cache(r, patbit, uc ? X86_PCD : 0, PV_UNKNOWN,
			  uc ? "driver-chosen; UC- guessed (MMIO)"
			     : "driver-chosen; WB guessed");
	} else {
		put_cache(r, patbit, 0, PV_INFERRED, "WB: normal memory");
	}
	if (f->thp)
		put(r, X86_PSE, 0, PV_UNKNOWN,
		    "THP: may be a 2M PMD leaf (PS=1)");
	if (f->huge)
		put(r, X86_PSE, X86_PSE, PV_VMA,
		    "hugetlb: 2M PMD (or 1G PUD) leaf");
}

static int recon_present(const struct pt_config *c, const struct pt_input *in,
			 struct pt_desc *d)
{
	unsigned nlev = x86_nlev(c);
	struct page_facts f;
	uint64_t tmpl, pfn, pfnmask;
	struct recon r;
	bool pnone;
	int rc;

	facts_of(in, x86_kver(c), &f);
	tmpl = x86_template(f.r | f.w << 1 | f.x << 2 | f.shared << 3);
	pnone = !(tmpl & X86_P);
	recon_init(&r, tmpl);
	put(&r, X86_P, tmpl, pnone ? PV_VMA : PV_PAGEMAP,
	    pnone ? "PROT_NONE VMA: not present to the MMU"
		  : "present (pagemap); a NUMA hint has P=0");
	put(&r, X86_US, tmpl, PV_VMA, NULL);
	put(&r, X86_NX, tmpl, PV_VMA, NULL);
	put(&r, X86_G, tmpl, pnone ? PV_VMA : PV_INFERRED,
	    pnone ? NULL : "not global: user page");
	if (kbit(in, KPFB_IDLE))
		put(&r, X86_A, 0, PV_INFERRED, "idle: page_idle cleared A");
	else
		put(&r, X86_A, X86_A, PV_INFERRED,
		    "accessed (templates preset A)");
	put(&r, X86_PKEY_MASK, 0, PV_INFERRED,
	    "pkey 0 assumed (ProtectionKey not read)");
	recon_bits(c, in, &f, &r, pnone);
	pfn = in->pm & PM_PFN_MASK;
	pfnmask = f.huge ? X86_PFN_2M : X86_PFN_4K;
	if (!in->pfn_known)
		pfn = 0;
	/* PROT_NONE entries keep the PFN inverted (L1TF) */
	put(&r, pfnmask, pnone ? ~(pfn << 12) : pfn << 12,
	    in->pfn_known ? PV_PAGEMAP : PV_UNKNOWN,
	    in->pfn_known ? NULL : "PFN hidden (needs CAP_SYS_ADMIN)");
	rc = x86_describe(c, r.word, (int)nlev - (f.huge ? 2 : 1), d, &r.pv);
	if (rc)
		return rc;
	set_known(d);
	return 0;
}

int x86_reconstruct(const struct pt_config *c, const struct pt_input *in,
		    struct pt_desc *d)
{
	unsigned nlev = x86_nlev(c);
	struct recon r;
	int rc;

	if (!nlev || !in || !d)
		return -EINVAL;
	if (in->pm & (PM_GUARD | PM_SWAP))
		return recon_swap(c, in, d);
	if (in->pm & PM_PRESENT)
		return recon_present(c, in, d);
	/* pte_none (or no page table at all) */
	recon_init(&r, 0);
	put(&r, X86_P, 0, PV_PAGEMAP, "none: nothing mapped here");
	rc = x86_describe(c, 0, (int)nlev - 1, d, &r.pv);
	if (!rc)
		d->known = ~0ULL;
	return rc;
}
