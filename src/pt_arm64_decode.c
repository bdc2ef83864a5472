/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pt_arm64_decode.c: raw arm64 descriptors by granule and era */
#include "vmaview/ptmodel.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BIT64(n) (1ULL << (n))
#define GENMASK64(h, l) ((~0ULL >> (63 - (h))) & ~((1ULL << (l)) - 1))

/* The bits decode() and the reconstruction name (pgtable-hwdef.h). */
enum {
	A_VALID = 0,
	A_TABLE = 1,
	A_USER = 6,
	A_RDONLY = 7,
	A_AF = 10,
	A_NG = 11,
	A_NT = 16,
	A_GP = 50,
	A_DBM = 51,
	A_CONT = 52,
	A_PXN = 53,
	A_UXN = 54,
};

struct leaf_def {
	int hi, lo;
	const char *name;
};

static const struct leaf_def leaf_defs[] = {
#define A64_LEAF(id, hi, lo, name, desc) {hi, lo, name},
#include "flags/arm64_desc.def"
#undef A64_LEAF
};

enum leaf_id {
#define A64_LEAF(id, hi, lo, name, desc) LF_##id,
#include "flags/arm64_desc.def"
#undef A64_LEAF
};

static const struct leaf_def table_defs[] = {
#define A64_TABLE(id, hi, lo, name, desc) {hi, lo, name},
#include "flags/arm64_desc.def"
#undef A64_TABLE
};

enum table_id {
#define A64_TABLE(id, hi, lo, name, desc) TF_##id,
#include "flags/arm64_desc.def"
#undef A64_TABLE
};

struct ptdump_rule {
	uint64_t mask, val;
	const char *set, *clear;
};

static const struct ptdump_rule ptdump_rules[] = {
#define A64_PTDUMP(id, mask, val, set, clear) {mask, val, set, clear},
#include "flags/arm64_desc.def"
#undef A64_PTDUMP
};

struct mt_def {
	unsigned from, to, idx;
	const char *macro;
	unsigned mair;
	const char *ptdump, *desc;
};

static const struct mt_def mt_defs[] = {
#define A64_MT(from, to, idx, macro, mair, ptdump, desc)                       \
	{from, to, idx, macro, mair, ptdump, desc},
#include "flags/arm64_desc.def"
#undef A64_MT
};

struct sw_def {
	int bit;
	unsigned from, to;
	char where;
	const char *name, *token, *desc;
};

static const struct sw_def sw_defs[] = {
#define A64_SW(id, bit, from, to, where, name, token, desc)                    \
	{bit, from, to, where, name, token, desc},
#include "flags/arm64_desc.def"
#undef A64_SW
};

struct swp_def {
	unsigned from, to;
	int excl, uffd;
	unsigned tshift, tbits, oshift, obits;
	uint64_t zero;
};

static const struct swp_def swp_defs[] = {
#define A64_SWP(from, to, excl, uffd, tshift, tbits, oshift, obits, zero)      \
	{from, to, excl, uffd, tshift, tbits, oshift, obits, zero},
#include "flags/arm64_desc.def"
#undef A64_SWP
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* What decode knows about the entry's position and the configuration. */
struct geom {
	unsigned ps; /* page shift */
	int hw; /* hardware level: -1 .. 3 */
	bool lpa2; /* 4K/16K with 52-bit PA: OA[51:50] in bits 9:8 */
	bool lpa64; /* 64K with 52-bit PA: OA[51:48] in bits 15:12 */
	unsigned kver;
};

static unsigned hw_shift(unsigned ps, int hw)
{
	return (ps - 3) * (unsigned)(4 - hw) + 3;
}

static bool in_era(unsigned kver, unsigned from, unsigned to)
{
	return kver >= from && kver < to;
}

static const struct mt_def *mt_of(unsigned kver, unsigned idx)
{
	for (size_t i = 0; i < NELEM(mt_defs); i++)
		if (mt_defs[i].idx == idx &&
		    in_era(kver, mt_defs[i].from, mt_defs[i].to))
			return &mt_defs[i];
	return NULL;
}

static const struct swp_def *swp_of(unsigned kver)
{
	for (size_t i = 0; i < NELEM(swp_defs); i++)
		if (in_era(kver, swp_defs[i].from, swp_defs[i].to))
			return &swp_defs[i];
	return &swp_defs[NELEM(swp_defs) - 1];
}

/* "2M", "1G", "64K": a power of two. */
static void size_text(char *buf, size_t n, unsigned shift)
{
	static const char units[] = "KMGTP";
	unsigned u = 0;

	shift -= 10;
	while (shift >= 10 && u + 1 < sizeof(units) - 1) {
		shift -= 10;
		u++;
	}
	snprintf(buf, n, "%llu%c", 1ULL << shift, units[u]);
}

static void level_name(char *buf, size_t n, int hw)
{
	snprintf(buf, n, "L%d", hw);
}

__attribute__((format(printf, 4, 5))) static struct pt_field *
add(struct pt_desc *d, const char *name, uint64_t mask, const char *fmt, ...)
{
	struct pt_field *f;
	va_list ap;

	if (d->nf >= PT_MAX_FIELDS || !mask)
		return NULL;
	f = &d->f[d->nf++];
	f->name = name;
	f->mask = mask;
	f->value = (d->word & mask) >> __builtin_ctzll(mask);
	f->prov = PV_RAW;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
	return f;
}

static uint64_t leaf_mask(enum leaf_id id)
{
	return GENMASK64(leaf_defs[id].hi, leaf_defs[id].lo);
}

static struct pt_field *add_leaf(struct pt_desc *d, enum leaf_id id,
				 const char *text)
{
	return add(d, leaf_defs[id].name, leaf_mask(id), "%s", text);
}

static uint64_t table_mask(enum table_id id)
{
	return GENMASK64(table_defs[id].hi, table_defs[id].lo);
}

/*
 * Appends words to the vocabulary, blanks trimmed: ptdump pads its words
 * ("x ") and prints blanks for clear bits, which add nothing here.
 */
static void vocab(struct pt_desc *d, const char *w)
{
	size_t len = strlen(d->vocab), n;

	while (*w == ' ')
		w++;
	n = strlen(w);
	while (n && w[n - 1] == ' ')
		n--;
	if (n)
		snprintf(d->vocab + len, sizeof(d->vocab) - len, "%s%.*s",
			 len ? " " : "", (int)n, w);
}

/*
 * The output address bits of a leaf at hw level, and the OA they make.
 * LPA2 puts OA[49:48] in bits 49:48. With 64K and FEAT_LPA they are RES0
 * to the architecture, but Linux's PTE_ADDR_LOW covers bits 49:PAGE_SHIFT
 * from 6.9 on, so __phys_to_pte_val() leaves PA[49:48] there as well as
 * in bits 15:12 (pgtable-hwdef.h, 6.13 revision): they are part of OA.
 */
static uint64_t oa_mask(const struct geom *g, unsigned shift)
{
	bool b49 = g->lpa2 || (g->lpa64 && g->kver >= PT_KVER(6, 9));

	return GENMASK64(b49 ? 49 : 47, shift);
}

static uint64_t oa_of(const struct geom *g, uint64_t w, unsigned shift)
{
	uint64_t oa = w & oa_mask(g, shift);

	if (g->lpa2)
		oa |= (w & GENMASK64(9, 8)) << 42;
	if (g->lpa64)
		oa |= (w & GENMASK64(15, 12)) << 36;
	return oa;
}

static void add_oa(struct pt_desc *d, const struct geom *g, unsigned shift,
		   const char *name, const char *what)
{
	d->oa = oa_of(g, d->word, shift);
	add(d, name, oa_mask(g, shift), "%s 0x%llx", what,
	    (unsigned long long)d->oa);
	if (g->lpa64)
		add(d, "OA[51:48]", GENMASK64(15, 12),
		    "64K LPA: PA bits 51:48");
}

static const char *const ap_text[4] = {
	"EL1 RW, EL0 none",
	"EL1 RW, EL0 RW",
	"EL1 RO, EL0 none",
	"EL1 RO, EL0 RO",
};

static const char *const sh_text[4] = {
	"non-shareable",
	"reserved",
	"outer shareable",
	"inner shareable",
};

/*
 * A block or page, or a present-invalid entry that Linux keeps in the
 * hardware layout: every field, ptdump's words, the era's software bits.
 */
static void decode_leaf(const struct geom *g, struct pt_desc *d, bool block)
{
	uint64_t w = d->word;
	unsigned shift = block ? hw_shift(g->ps, g->hw) : g->ps;
	unsigned attr = (w >> 2) & 7, ap = (w >> 6) & 3;
	const struct mt_def *mt = mt_of(g->kver, attr);
	bool valid = w & BIT64(A_VALID);
	char sz[24], buf[64];

	size_text(sz, sizeof(sz), shift);
	add_leaf(d, LF_VALID, valid ? "valid" : "not valid: the MMU faults");
	snprintf(buf, sizeof(buf), "%s (%s)", block ? "block" : "page", sz);
	add_leaf(d, LF_TYPE, buf);
	if (mt)
		snprintf(buf, sizeof(buf), "%s (%s)", mt->desc, mt->macro);
	else
		snprintf(buf, sizeof(buf), "slot %u: not programmed by Linux",
			 attr);
	add_leaf(d, LF_ATTR, buf);
	add_leaf(d, LF_NS,
		 w & BIT64(5) ? "NS (ignored for non-secure EL1&0)" : "0");
	add_leaf(d, LF_AP, ap_text[ap]);
	if (g->lpa2)
		add(d, "OA[51:50]", GENMASK64(9, 8),
		    "LPA2: PA bits 51:50 (SH comes from TCR)");
	else
		add_leaf(d, LF_SH, sh_text[(w >> 8) & 3]);
	add_leaf(d, LF_AF, w & BIT64(A_AF) ? "accessed" : "not accessed");
	if (!valid && (w & BIT64(A_NG)) && g->kver >= PT_KVER(6, 10))
		add_leaf(d, LF_NG, "PTE_PRESENT_INVALID (nG when not valid)");
	else
		add_leaf(d, LF_NG,
			 w & BIT64(A_NG) ? "non-global (ASID)" : "global");
	add_oa(d, g, shift, "OA", block ? "block at PA" : "page at PA");
	if (block)
		add(d, "nT", BIT64(A_NT), "%s",
		    w & BIT64(A_NT) ? "not cached in TLB (FEAT_BBM)" : "0");
	add_leaf(d, LF_GP, w & BIT64(A_GP) ? "BTI guarded" : "not guarded");
	if (!(w & BIT64(A_DBM)))
		add_leaf(d, LF_DBM, "not writable (PTE_WRITE clear)");
	else if (w & BIT64(A_RDONLY))
		add_leaf(d, LF_DBM, "writable-clean (PTE_WRITE, AP[2] set)");
	else
		add_leaf(d, LF_DBM,
			 "writable and dirty (PTE_WRITE, AP[2] clear)");
	add_leaf(d, LF_CONT, w & BIT64(A_CONT) ? "contiguous run" : "0");
	add_leaf(d, LF_PXN,
		 w & BIT64(A_PXN) ? "EL1 execute-never" : "EL1 may execute");
	add_leaf(d, LF_UXN,
		 w & BIT64(A_UXN) ? "EL0 execute-never" : "EL0 may execute");

	for (size_t i = 0; i < NELEM(sw_defs); i++) {
		const struct sw_def *s = &sw_defs[i];

		if (!in_era(g->kver, s->from, s->to))
			continue;
		if ((s->where == 'v' && !valid) || (s->where == 'i' && valid) ||
		    (s->where == 'b' && (valid || !block)))
			continue;
		if (s->bit == A_NG)
			continue; /* is the nG field above */
		if (s->bit == 60)
			add(d, "POIndex", GENMASK64(62, 60), "pkey %llu (%s)",
			    (unsigned long long)((w >> 60) & 7), s->name);
		else
			add(d, s->name + (strncmp(s->name, "PTE_", 4) ? 0 : 4),
			    BIT64(s->bit), "%s",
			    w & BIT64(s->bit) ? s->desc : "0");
	}

	/* ptdump's words, in its order, then the memory type. */
	for (size_t i = 0; i < NELEM(ptdump_rules); i++) {
		const struct ptdump_rule *r = &ptdump_rules[i];

		if (r->mask == (3ULL << 8) && g->lpa2)
			continue; /* bits 9:8 are OA[51:50] */
		vocab(d, (w & r->mask) == r->val ? r->set : r->clear);
	}
	if (mt)
		vocab(d, mt->ptdump);
	/* Then what ptdump does not print: Arm's and crash's words. */
	if (w & BIT64(A_DBM))
		vocab(d, "DBM");
	for (size_t i = 0; i < NELEM(sw_defs); i++) {
		const struct sw_def *s = &sw_defs[i];

		if (!in_era(g->kver, s->from, s->to) || s->bit == A_NG ||
		    !(w & BIT64(s->bit)))
			continue;
		if ((s->where == 'v' && !valid) || (s->where == 'i' && valid) ||
		    (s->where == 'b' && (valid || !block)))
			continue;
		if (s->bit == 60) {
			snprintf(buf, sizeof(buf), "%s=%llu", s->token,
				 (unsigned long long)((w >> 60) & 7));
			vocab(d, buf);
		} else {
			vocab(d, s->token);
		}
	}
}

static void decode_table(const struct geom *g, struct pt_desc *d)
{
	uint64_t w = d->word;
	char nl[8];

	level_name(nl, sizeof(nl), g->hw + 1);
	add(d, table_defs[TF_VALID].name, table_mask(TF_VALID), "valid");
	add(d, table_defs[TF_TYPE].name, table_mask(TF_TYPE),
	    "table: next level %s", nl);
	add_oa(d, g, g->ps, "NextTable", "next-level table at PA");
	if (g->lpa2)
		add(d, "OA[51:50]", GENMASK64(9, 8), "LPA2: PA bits 51:50");
	if (g->kver >= PT_KVER(6, 13))
		add(d, table_defs[TF_AF].name, table_mask(TF_AF), "%s",
		    w & BIT64(10) ? "accessed below (FEAT_HAFT)"
				  : "0 (FEAT_HAFT)");
	add(d, table_defs[TF_PXNTABLE].name, table_mask(TF_PXNTABLE), "%s",
	    w & BIT64(59) ? "no EL1 execution below" : "0");
	add(d, table_defs[TF_UXNTABLE].name, table_mask(TF_UXNTABLE), "%s",
	    w & BIT64(60) ? "no EL0 execution below" : "0");
	add(d, table_defs[TF_APTABLE].name, table_mask(TF_APTABLE), "%llu%s",
	    (unsigned long long)((w >> 61) & 3),
	    (w >> 61) & 3 ? ": access limited below" : ": no limit");
	add(d, table_defs[TF_NSTABLE].name, table_mask(TF_NSTABLE), "%s",
	    w & BIT64(63) ? "non-secure below" : "0");

	vocab(d, "TABLE");
	if (g->kver >= PT_KVER(6, 13) && (w & BIT64(10)))
		vocab(d, "AF");
	if (w & BIT64(59))
		vocab(d, "PXNTable");
	if (w & BIT64(60))
		vocab(d, "UXNTable");
	if ((w >> 61) & 3)
		vocab(d, "APTable");
	if (w & BIT64(63))
		vocab(d, "NSTable");
}

/* The first special swap type (all of hwpoison, migration, device on). */
#define SWP_SPECIAL_MIN 22

struct marker_def {
	unsigned from, to;
	int type, error_type;
};

static const struct marker_def marker_defs[] = {
#define A64_MARKER(from, to, type, error_type) {from, to, type, error_type},
#include "flags/arm64_desc.def"
#undef A64_MARKER
};

/* The PTE-marker era of kver, or NULL before markers (5.19). */
static const struct marker_def *marker_of(unsigned kver)
{
	for (size_t i = 0; i < NELEM(marker_defs); i++)
		if (in_era(kver, marker_defs[i].from, marker_defs[i].to))
			return &marker_defs[i];
	return NULL;
}

static void marker_text(char *buf, size_t n, uint64_t off)
{
	static const char *const names[] = {"UFFD_WP", "POISONED", "GUARD"};
	size_t len = 0;

	buf[0] = 0;
	for (unsigned i = 0; i < NELEM(names); i++)
		if (off & BIT64(i))
			len += snprintf(buf + len, n - len, "%s%s",
					len ? "|" : "", names[i]);
	if (off >> NELEM(names))
		snprintf(buf + len, n - len, "%s0x%llx", len ? "|" : "",
			 (unsigned long long)(off >> NELEM(names)
							     << NELEM(names)));
	if (!buf[0])
		snprintf(buf, n, "none");
}

/* A non-valid, non-present word at a leaf level: swap, marker, special. */
static void decode_swap(const struct geom *g, struct pt_desc *d)
{
	const struct swp_def *s = swp_of(g->kver);
	uint64_t w = d->word;
	uint64_t tmask = GENMASK64(s->tshift + s->tbits - 1, s->tshift);
	uint64_t omask = GENMASK64(s->oshift + s->obits - 1, s->oshift);
	const struct marker_def *m = marker_of(g->kver);
	char buf[64], mk[48];

	d->swap_type = (w & tmask) >> s->tshift;
	d->swap_offset = (w & omask) >> s->oshift;
	add(d, "Valid", BIT64(A_VALID), "not present: swap-format entry");
	if (s->excl >= 0)
		add(d, "SWP_EXCLUSIVE", BIT64(s->excl), "%s",
		    w & BIT64(s->excl) ? "anon page was exclusive"
				       : "not exclusive");
	if (s->uffd >= 0)
		add(d, "SWP_UFFD_WP", BIT64(s->uffd), "%s",
		    w & BIT64(s->uffd) ? "uffd write-protected" : "0");
	if (m && d->swap_type == (uint64_t)m->type) {
		d->kind = PTK_MARKER;
		marker_text(mk, sizeof(mk), d->swap_offset);
		add(d, "SWP_TYPE", tmask, "%d: SWP_PTE_MARKER", m->type);
		add(d, "MARKER", omask, "%s", mk);
		snprintf(buf, sizeof(buf), "MARKER %s", mk);
	} else if (m && d->swap_type == (uint64_t)m->error_type) {
		d->kind = PTK_MARKER;
		add(d, "SWP_TYPE", tmask, "%d: SWP_SWAPIN_ERROR",
		    m->error_type);
		add(d, "SWP_OFFSET", omask, "0x%llx",
		    (unsigned long long)d->swap_offset);
		snprintf(buf, sizeof(buf), "SWAPIN_ERROR");
	} else if (d->swap_type >= SWP_SPECIAL_MIN) {
		d->kind = PTK_MIGRATION;
		add(d, "SWP_TYPE", tmask,
		    "%llu: migration/device/hwpoison (config)",
		    (unsigned long long)d->swap_type);
		add(d, "SWP_OFFSET", omask, "PFN 0x%llx",
		    (unsigned long long)d->swap_offset);
		snprintf(buf, sizeof(buf),
			 "SWAP type=%llu offset=0x%llx SPECIAL",
			 (unsigned long long)d->swap_type,
			 (unsigned long long)d->swap_offset);
	} else {
		d->kind = PTK_SWAP;
		add(d, "SWP_TYPE", tmask, "swap device %llu",
		    (unsigned long long)d->swap_type);
		add(d, "SWP_OFFSET", omask, "slot 0x%llx",
		    (unsigned long long)d->swap_offset);
		snprintf(buf, sizeof(buf), "SWAP type=%llu offset=0x%llx",
			 (unsigned long long)d->swap_type,
			 (unsigned long long)d->swap_offset);
	}
	vocab(d, buf);
	if (s->excl >= 0 && (w & BIT64(s->excl)))
		vocab(d, "EXCL");
	if (s->uffd >= 0 && (w & BIT64(s->uffd)))
		vocab(d, "UFFD_WP");
}

/* Blocks the architecture permits at hw level (Linux uses L1@4K, L2). */
static bool block_ok(const struct geom *g, bool pa52)
{
	if (g->hw == 2)
		return true;
	if (g->hw == 1)
		return g->ps == 12 || pa52;
	return g->hw == 0 && g->ps == 12 && pa52;
}

static unsigned arm64_levels(unsigned ps, unsigned va_bits)
{
	return (va_bits - 4) / (ps - 3);
}

int pt_arm64_decode(const struct pt_config *c, uint64_t word, int level,
		    struct pt_desc *d)
{
	struct geom g;
	unsigned levels;
	uint64_t seen = 0;
	bool valid = word & BIT64(A_VALID), leaf_level;

	memset(d, 0, sizeof(*d));
	d->word = word;
	d->known = ~0ULL;
	d->level = level;
	if (!c ||
	    (c->page_shift != 12 && c->page_shift != 14 && c->page_shift != 16))
		return -EINVAL;
	levels =
		c->levels ? c->levels : arm64_levels(c->page_shift, c->va_bits);
	if (levels < 1 || levels > 5 || level < 0 || level >= (int)levels)
		return -EINVAL;
	g.ps = c->page_shift;
	g.hw = level + 4 - (int)levels;
	g.lpa2 = c->pa52 && g.ps != 16;
	g.lpa64 = c->pa52 && g.ps == 16;
	g.kver = c->kver;
	leaf_level = g.hw == 3 || block_ok(&g, c->pa52);

	if (!word) {
		d->kind = PTK_NONE;
		vocab(d, "no mapping");
		return 0;
	}
	if (valid && (word & BIT64(A_TABLE)) && g.hw < 3) {
		d->kind = PTK_TABLE;
		decode_table(&g, d);
	} else if (valid && g.hw == 3) {
		d->kind = (word & BIT64(A_TABLE)) ? PTK_PAGE : PTK_INVALID;
		if (d->kind == PTK_PAGE) {
			decode_leaf(&g, d, false);
		} else {
			add(d, "Valid", BIT64(0), "valid bit set");
			add(d, "Type", BIT64(1), "0 at L3: reserved, faults");
			vocab(d, "INVALID");
		}
	} else if (valid) {
		d->kind = block_ok(&g, c->pa52) ? PTK_BLOCK : PTK_INVALID;
		if (d->kind == PTK_BLOCK) {
			decode_leaf(&g, d, true);
		} else {
			add(d, "Valid", BIT64(0), "valid bit set");
			add(d, "Type", BIT64(1), "block not permitted at L%d",
			    g.hw);
			vocab(d, "INVALID");
		}
	} else if (!leaf_level) {
		d->kind = PTK_INVALID;
		add(d, "Valid", BIT64(0), "not valid");
		vocab(d, "F");
	} else if (g.kver < PT_KVER(6, 10) && (word & BIT64(58))) {
		/* PTE_PROT_NONE: pte_protnone() */
		d->kind = PTK_PROTNONE;
		decode_leaf(&g, d, g.hw < 3 && !(word & BIT64(A_TABLE)));
	} else if (g.kver < PT_KVER(6, 10) && g.kver >= PT_KVER(5, 9) &&
		   g.hw < 3 && (word & BIT64(59))) {
		/* PMD_PRESENT_INVALID: pmd_mkinvalid() during a THP split */
		d->kind = PTK_PROTNONE;
		decode_leaf(&g, d, !(word & BIT64(A_TABLE)));
	} else if (g.kver >= PT_KVER(6, 10) && (word & BIT64(A_NG))) {
		/* PTE_PRESENT_INVALID; PROT_NONE when also !USER && UXN */
		d->kind = PTK_PROTNONE;
		decode_leaf(&g, d, g.hw < 3 && !(word & BIT64(A_TABLE)));
		if (!(word & BIT64(A_USER)) && (word & BIT64(A_UXN)))
			vocab(d, "PROTNONE");
		else
			vocab(d, "PRESENT_INVALID");
	} else if (word & swp_of(g.kver)->zero) {
		d->kind = PTK_INVALID;
		add(d, "Valid", BIT64(0), "not valid, not a swap entry");
		vocab(d, "F");
	} else {
		decode_swap(&g, d);
	}

	for (size_t i = 0; i < d->nf; i++)
		seen |= d->f[i].mask;
	d->unknown_bits = word & ~seen;
	return 0;
}
