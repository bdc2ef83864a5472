/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_pt_arm64.c: the arm64 model vs kernel-derived vectors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/kernel-page-flags.h>

#include "vmaview/flagtab.h"
#include "vmaview/frames.h"
#include "vmaview/ptmodel.h"

/*
 * Kernel definitions, restated with the kernel's names so that every
 * expected value below is an expression of them (not vmaview's output).
 *
 * arch/arm64/include/asm/pgtable-hwdef.h (identical in v5.10 .. v6.12 for
 * these bits):
 */
#define PTE_VALID (1ULL << 0)
#define PTE_TYPE_PAGE (3ULL << 0)
#define PTE_TABLE_BIT (1ULL << 1)
#define PTE_USER (1ULL << 6)
#define PTE_RDONLY (1ULL << 7)
#define PTE_SHARED (3ULL << 8)
#define PTE_AF (1ULL << 10)
#define PTE_NG (1ULL << 11)
#define PTE_GP (1ULL << 50)
#define PTE_DBM (1ULL << 51)
#define PTE_CONT (1ULL << 52)
#define PTE_PXN (1ULL << 53)
#define PTE_UXN (1ULL << 54)
#define PTE_ATTRINDX(t) ((uint64_t)(t) << 2)
#define PTE_ATTRINDX_MASK (7ULL << 2)
#define PMD_TABLE_BIT (1ULL << 1)
#define PUD_TABLE_BIT (1ULL << 1)
#define PUD_TYPE_TABLE (3ULL << 0)
#define PUD_TABLE_PXN (1ULL << 59)
#define PUD_TABLE_UXN (1ULL << 60)
#define PGD_TABLE_AF (1ULL << 10) /* v6.13 hwdef: FEAT_HAFT */
/* v6.12 hwdef, CONFIG_ARM64_PA_BITS_52: */
#define PTE_ADDR_LOW(ps) ((((uint64_t)1 << (50 - (ps))) - 1) << (ps))
#define PTE_ADDR_HIGH_64K (0xfULL << 12)
#define PTE_ADDR_HIGH_SHIFT_64K 36
#define PTE_ADDR_HIGH_SHIFT_LPA2 42
#define GENMASK_ULL(h, l) ((~0ULL >> (63 - (h))) & ~((1ULL << (l)) - 1))
#define PHYS_TO_PTE_ADDR_MASK_LPA2 GENMASK_ULL(49, 8)

/* arch/arm64/include/asm/pgtable-prot.h, software bits: */
#define PTE_WRITE (PTE_DBM)
#define PTE_SWP_EXCLUSIVE (1ULL << 2) /* v5.19+ */
#define PTE_DIRTY (1ULL << 55)
#define PTE_SPECIAL (1ULL << 56)
#define PTE_PROT_NONE (1ULL << 58) /* <= v6.9, only when !PTE_VALID */
#define PMD_PRESENT_INVALID (1ULL << 59) /* v5.9 .. v6.9 */
#define PTE_PRESENT_INVALID (PTE_NG) /* v6.10+, only when !PTE_VALID */
#define PTE_UFFD_WP (1ULL << 58) /* v6.10+ */
#define PTE_SWP_UFFD_WP (1ULL << 3) /* v6.10+ */
#define _PROT_DEFAULT (PTE_TYPE_PAGE | PTE_AF | PTE_SHARED)

/*
 * arch/arm64/include/asm/memory.h MT_*: pre-5.10 (the MTE series diff:
 * MT_NORMAL 4), v5.10 (MT_NORMAL 0 ... MT_DEVICE_GRE 6), v5.14+.
 */
#define MT54_NORMAL 4
#define MT510_NORMAL 0
#define MT510_NORMAL_TAGGED 1
#define MT510_NORMAL_NC 2
#define MT510_NORMAL_WT 3
#define MT510_DEVICE_nGnRnE 4
#define MT510_DEVICE_nGnRE 5
#define MT510_DEVICE_GRE 6
#define MT_NORMAL 0
#define MT_NORMAL_TAGGED 1
#define MT_NORMAL_NC 2
#define MT_DEVICE_nGnRnE 3
#define MT_DEVICE_nGnRE 4

/* pgtable-prot.h PAGE_* (v5.10 rev 0178dc76, v6.1 = v6.4-6.9 rev eeda243d
 * for these; the 6.10+ PAGE_NONE uses PTE_PRESENT_INVALID): */
#define PAGE_DEFAULT(mt) (_PROT_DEFAULT | PTE_ATTRINDX(mt))
#define PAGE_NONE_OLD(mt)                                                      \
	(((PAGE_DEFAULT(mt)) & ~PTE_VALID) | PTE_PROT_NONE | PTE_RDONLY |      \
	 PTE_NG | PTE_PXN | PTE_UXN)
#define PAGE_NONE_NEW(mt)                                                      \
	(((PAGE_DEFAULT(mt)) & ~PTE_VALID) | PTE_PRESENT_INVALID |             \
	 PTE_RDONLY | PTE_NG | PTE_PXN | PTE_UXN)
#define PAGE_SHARED(mt)                                                        \
	(PAGE_DEFAULT(mt) | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN |         \
	 PTE_UXN | PTE_WRITE)
#define PAGE_SHARED_EXEC(mt)                                                   \
	(PAGE_DEFAULT(mt) | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN |         \
	 PTE_WRITE)
#define PAGE_READONLY(mt)                                                      \
	(PAGE_DEFAULT(mt) | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN | PTE_UXN)
#define PAGE_READONLY_EXEC(mt)                                                 \
	(PAGE_DEFAULT(mt) | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN)
#define PAGE_EXECONLY(mt) (PAGE_DEFAULT(mt) | PTE_RDONLY | PTE_NG | PTE_PXN)

/* include/linux/mm.h */
#define VM_NONE 0
#define VM_READ 1
#define VM_WRITE 2
#define VM_EXEC 4
#define VM_SHARED 8

/* arch/arm64/include/asm/pgtable.h (v6.12) helpers, 4K without PA52: */
#define pfn_pte(pfn, prot) (((uint64_t)(pfn) << 12) | (prot))

static uint64_t pte_mkwrite(uint64_t pte) /* pte_mkwrite_novma() */
{
	pte |= PTE_WRITE;
	return pte & ~PTE_RDONLY;
}

static uint64_t pte_mkdirty(uint64_t pte)
{
	pte |= PTE_DIRTY;
	if (pte & PTE_WRITE)
		pte &= ~PTE_RDONLY;
	return pte;
}

static uint64_t pte_wrprotect(uint64_t pte)
{
	if ((pte & PTE_WRITE) && !(pte & PTE_RDONLY)) /* pte_hw_dirty() */
		pte |= PTE_DIRTY;
	pte &= ~PTE_WRITE;
	return pte | PTE_RDONLY;
}

static uint64_t pte_mkclean(uint64_t pte)
{
	pte &= ~PTE_DIRTY;
	return pte | PTE_RDONLY;
}

static uint64_t pte_mkspecial(uint64_t pte)
{
	return pte | PTE_SPECIAL;
}

static uint64_t pte_mkuffd_wp(uint64_t pte) /* v6.10+ */
{
	return pte_wrprotect(pte | PTE_UFFD_WP);
}

static uint64_t pte_mkinvalid(uint64_t pte) /* v6.10+ */
{
	return (pte | PTE_PRESENT_INVALID) & ~PTE_VALID;
}

static uint64_t pmd_mkhuge(uint64_t pmd)
{
	return pmd & ~PMD_TABLE_BIT;
}

#define pgprot_noncached(prot, nGnRnE)                                         \
	(((prot) & ~PTE_ATTRINDX_MASK) | PTE_ATTRINDX(nGnRnE) | PTE_PXN |      \
	 PTE_UXN)
#define pgprot_device(prot, nGnRE)                                             \
	(((prot) & ~PTE_ATTRINDX_MASK) | PTE_ATTRINDX(nGnRE) | PTE_PXN |       \
	 PTE_UXN)

/* Swap entries, __swp_entry() of pgtable.h per era: */
#define SWP_510(type, off) (((uint64_t)(type) << 2) | ((uint64_t)(off) << 8))
#define SWP_61(type, off)                                                      \
	(((uint64_t)(type) << 3) | ((uint64_t)(off) << (5 + 3)))
#define SWP_612(type, off) (((uint64_t)(type) << 6) | ((uint64_t)(off) << 12))
/* include/linux/swap.h: SWP_PTE_MARKER = MAX_SWAPFILES + the other special
 * types = (1 << MAX_SWAPFILES_SHIFT) - SWP_PTE_MARKER_NUM; swapops.h: */
#define MAX_SWAPFILES_SHIFT 5
#define SWP_PTE_MARKER ((1 << MAX_SWAPFILES_SHIFT) - 1)
#define PTE_MARKER_UFFD_WP (1ULL << 0)
#define PTE_MARKER_GUARD (1ULL << 2)
/* fs/proc/task_mmu.c: frame = swp_type | (swp_offset << MAX_SWAPFILES_SHIFT) */
#define PM_SWAP_ENTRY(type, off)                                               \
	(PM_SWAP | (uint64_t)(type) | ((uint64_t)(off) << MAX_SWAPFILES_SHIFT))

/* Literal templates of reference/arm64.md section 2.2 (independent check). */
#define REF_NONE_OLD 0x0460000000000f82ULL
#define REF_NONE_NEW 0x0060000000000f82ULL
#define REF_RO 0x0060000000000fc3ULL
#define REF_SHARED 0x0068000000000fc3ULL
#define REF_ROX 0x0020000000000fc3ULL
#define REF_SHX 0x0028000000000fc3ULL
#define REF_XO 0x0020000000000f83ULL

#define PFN 0x123456ULL

static struct pt_config cfg(unsigned ps, unsigned va, unsigned levels,
			    unsigned maj, unsigned min)
{
	struct pt_config c;

	memset(&c, 0, sizeof(c));
	c.arch = PT_ARM64;
	c.page_shift = ps;
	c.va_bits = va;
	c.levels = levels;
	c.kver = PT_KVER(maj, min);
	return c;
}

static const struct pt_field *field(const struct pt_desc *d, const char *name)
{
	for (size_t i = 0; i < d->nf; i++)
		if (!strcmp(d->f[i].name, name))
			return &d->f[i];
	fail_msg("no field %s in %s", name, d->vocab);
	return NULL;
}

static bool has_field(const struct pt_desc *d, const char *name)
{
	for (size_t i = 0; i < d->nf; i++)
		if (!strcmp(d->f[i].name, name))
			return true;
	return false;
}

/* Fields never overlap; fields and leftover explain every set bit. */
static void check_fields(const struct pt_desc *d)
{
	uint64_t seen = 0;

	for (size_t i = 0; i < d->nf; i++) {
		assert_true(d->f[i].mask != 0);
		assert_false(seen & d->f[i].mask);
		seen |= d->f[i].mask;
		assert_int_equal(d->f[i].value,
				 (d->word & d->f[i].mask) >>
					 __builtin_ctzll(d->f[i].mask));
	}
	assert_int_equal(d->unknown_bits, d->word & ~seen);
}

static struct pt_desc dec(const struct pt_config *c, uint64_t w, int level)
{
	struct pt_desc d;

	assert_int_equal(pt_arm64_ops.decode(c, w, level, &d), 0);
	assert_int_equal(d.word, w);
	check_fields(&d);
	return d;
}

static struct pt_desc rec(const struct pt_config *c, const struct pt_input *in)
{
	struct pt_desc d;

	assert_int_equal(pt_arm64_ops.reconstruct(c, in, &d), 0);
	check_fields(&d);
	return d;
}

static struct pt_input input(const char *perms, uint64_t pm)
{
	struct pt_input in;

	memset(&in, 0, sizeof(in));
	snprintf(in.perms, sizeof(in.perms), "%s", perms);
	in.pm = pm;
	in.pfn_known = true;
	return in;
}

static void set_kpf(struct pt_input *in, uint64_t kpf)
{
	in->kpf = kpf;
	in->have_kpf = true;
}

#define KPF(x) (1ULL << KPF_##x)

/* The test macros agree with the reference's hex table. */
static void test_reference_literals(void **state)
{
	(void)state;
	assert_int_equal(PAGE_NONE_OLD(MT510_NORMAL), REF_NONE_OLD);
	assert_int_equal(PAGE_NONE_NEW(MT_NORMAL), REF_NONE_NEW);
	assert_int_equal(PAGE_READONLY(MT_NORMAL), REF_RO);
	assert_int_equal(PAGE_SHARED(MT_NORMAL), REF_SHARED);
	assert_int_equal(PAGE_READONLY_EXEC(MT_NORMAL), REF_ROX);
	assert_int_equal(PAGE_SHARED_EXEC(MT_NORMAL), REF_SHX);
	assert_int_equal(PAGE_EXECONLY(MT_NORMAL), REF_XO);
}

/* v5.10 pgtable-prot.h __P000 .. __S111 */
static void test_protection_map_5_10(void **state)
{
	const uint64_t P = 0;
	const uint64_t map[16] = {
		PAGE_NONE_OLD(MT510_NORMAL),
		PAGE_READONLY(MT510_NORMAL),
		PAGE_READONLY(MT510_NORMAL),
		PAGE_READONLY(MT510_NORMAL),
		PAGE_READONLY_EXEC(MT510_NORMAL),
		PAGE_READONLY_EXEC(MT510_NORMAL),
		PAGE_READONLY_EXEC(MT510_NORMAL),
		PAGE_READONLY_EXEC(MT510_NORMAL),
		PAGE_NONE_OLD(MT510_NORMAL),
		PAGE_READONLY(MT510_NORMAL),
		PAGE_SHARED(MT510_NORMAL),
		PAGE_SHARED(MT510_NORMAL),
		PAGE_READONLY_EXEC(MT510_NORMAL),
		PAGE_READONLY_EXEC(MT510_NORMAL),
		PAGE_SHARED_EXEC(MT510_NORMAL),
		PAGE_SHARED_EXEC(MT510_NORMAL),
	};
	struct pt_config c = cfg(12, 48, 4, 5, 10);

	(void)state;
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(pt_arm64_ops.template_of(&c, i), map[i] | P);
	/* No EPAN before 5.13, even if the flag says so. */
	c.epan = true;
	assert_int_equal(pt_arm64_ops.template_of(&c, VM_EXEC),
			 PAGE_READONLY_EXEC(MT510_NORMAL));
	/* Pre-5.10 numbering: MT_NORMAL was slot 4 (before the MTE series). */
	c = cfg(12, 39, 3, 5, 4);
	assert_int_equal(pt_arm64_ops.template_of(&c, VM_READ),
			 PAGE_READONLY(MT54_NORMAL));
}

/* v6.1 arch/arm64/mm/mmap.c protection_map[] and adjust_protection_map() */
static void test_protection_map_6_1(void **state)
{
	uint64_t map[16] = {
		[VM_NONE] = PAGE_NONE_OLD(MT_NORMAL),
		[VM_READ] = PAGE_READONLY(MT_NORMAL),
		[VM_WRITE] = PAGE_READONLY(MT_NORMAL),
		[VM_WRITE | VM_READ] = PAGE_READONLY(MT_NORMAL),
		[VM_EXEC] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_EXEC | VM_READ] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_EXEC | VM_WRITE] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_EXEC | VM_WRITE | VM_READ] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_SHARED] = PAGE_NONE_OLD(MT_NORMAL),
		[VM_SHARED | VM_READ] = PAGE_READONLY(MT_NORMAL),
		[VM_SHARED | VM_WRITE] = PAGE_SHARED(MT_NORMAL),
		[VM_SHARED | VM_WRITE | VM_READ] = PAGE_SHARED(MT_NORMAL),
		[VM_SHARED | VM_EXEC] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_SHARED | VM_EXEC | VM_READ] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_SHARED | VM_EXEC | VM_WRITE] = PAGE_SHARED_EXEC(MT_NORMAL),
		[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ] =
			PAGE_SHARED_EXEC(MT_NORMAL),
	};
	struct pt_config c = cfg(12, 48, 4, 6, 1);

	(void)state;
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(pt_arm64_ops.template_of(&c, i), map[i]);
	/* if (cpus_have_cap(ARM64_HAS_EPAN)) ... = PAGE_EXECONLY */
	c.epan = true;
	map[VM_EXEC] = map[VM_EXEC | VM_SHARED] = PAGE_EXECONLY(MT_NORMAL);
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(pt_arm64_ops.template_of(&c, i), map[i]);
}

/* v6.12: PAGE_NONE with PTE_PRESENT_INVALID; LPA2 clears PTE_SHARED. */
static void test_protection_map_6_12(void **state)
{
	const uint64_t map[16] = {
		[VM_NONE] = PAGE_NONE_NEW(MT_NORMAL),
		[VM_READ] = PAGE_READONLY(MT_NORMAL),
		[VM_WRITE] = PAGE_READONLY(MT_NORMAL),
		[VM_WRITE | VM_READ] = PAGE_READONLY(MT_NORMAL),
		[VM_EXEC] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_EXEC | VM_READ] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_EXEC | VM_WRITE] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_EXEC | VM_WRITE | VM_READ] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_SHARED] = PAGE_NONE_NEW(MT_NORMAL),
		[VM_SHARED | VM_READ] = PAGE_READONLY(MT_NORMAL),
		[VM_SHARED | VM_WRITE] = PAGE_SHARED(MT_NORMAL),
		[VM_SHARED | VM_WRITE | VM_READ] = PAGE_SHARED(MT_NORMAL),
		[VM_SHARED | VM_EXEC] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_SHARED | VM_EXEC | VM_READ] = PAGE_READONLY_EXEC(MT_NORMAL),
		[VM_SHARED | VM_EXEC | VM_WRITE] = PAGE_SHARED_EXEC(MT_NORMAL),
		[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ] =
			PAGE_SHARED_EXEC(MT_NORMAL),
	};
	struct pt_config c = cfg(12, 48, 4, 6, 12);

	(void)state;
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(pt_arm64_ops.template_of(&c, i), map[i]);
	c = cfg(12, 52, 5, 6, 12);
	c.pa52 = true; /* lpa2_is_enabled() */
	for (unsigned i = 0; i < 16; i++)
		assert_int_equal(pt_arm64_ops.template_of(&c, i),
				 map[i] & ~PTE_SHARED);
	c = cfg(16, 52, 3, 6, 12);
	c.pa52 = true; /* 64K LPA keeps PTE_SHARED */
	assert_int_equal(pt_arm64_ops.template_of(&c, VM_READ),
			 PAGE_READONLY(MT_NORMAL));
}

/*
 * The PTE_WRITE/PTE_RDONLY/PTE_DIRTY state table of pgtable.h, each row
 * reached the way the kernel reaches it, then decoded back.
 */
static void test_dirty_state_table(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 6, 1);
	struct pt_input in;
	struct pt_desc d;
	const uint64_t pa = PFN << 12;

	(void)state;
	/* clean, not writable: a private file page (finish_fault, read) */
	in = input("r--p", PM_PRESENT | PM_FILE | PFN);
	set_kpf(&in, KPF(UPTODATE) | KPF(LRU) | KPF(MMAP));
	d = rec(&c, &in);
	assert_int_equal(d.word, pfn_pte(PFN, PAGE_READONLY(MT_NORMAL)));
	assert_int_equal(d.kind, PTK_PAGE);
	assert_int_equal(field(&d, "DBM")->value, 0);
	assert_int_equal(field(&d, "AP")->value, 3); /* RDONLY | USER */
	assert_int_equal(field(&d, "DIRTY")->value, 0);

	/* clean, writable: shmem, PAGE_SHARED, not yet written */
	in = input("rw-s", PM_PRESENT | PM_FILE | PFN);
	in.file = true;
	set_kpf(&in, KPF(UPTODATE) | KPF(SWAPBACKED) | KPF(MMAP));
	d = rec(&c, &in);
	assert_int_equal(d.word, pfn_pte(PFN, PAGE_SHARED(MT_NORMAL)));
	assert_int_equal(field(&d, "DBM")->value, 1);
	assert_int_equal(field(&d, "AP")->value, 3);
	assert_int_equal(field(&d, "DIRTY")->value, 0);
	assert_int_equal(field(&d, "DBM")->prov, PV_VMA);

	/* dirty, not writable: a written anon page after fork (COW) */
	in = input("rw-p", PM_PRESENT | PFN);
	set_kpf(&in, KPF(ANON) | KPF(MMAP) | KPF(SWAPBACKED));
	in.mapcount = 2;
	in.have_count = true;
	d = rec(&c, &in);
	assert_int_equal(d.word, pte_wrprotect(pte_mkwrite(pte_mkdirty(pfn_pte(
					 PFN, PAGE_READONLY(MT_NORMAL))))));
	assert_int_equal(d.word, 0x00e0000000000fc3ULL | pa); /* ref 2.4 */
	assert_int_equal(field(&d, "DBM")->value, 0);
	assert_int_equal(field(&d, "DIRTY")->value, 1);
	assert_int_equal(field(&d, "DIRTY")->prov, PV_INFERRED);

	/* dirty, writable: do_anonymous_page() pte_mkwrite(pte_mkdirty()) */
	in = input("rw-p", PM_PRESENT | PM_EXCLUSIVE | PFN);
	set_kpf(&in, KPF(ANON) | KPF(MMAP) | KPF(SWAPBACKED));
	d = rec(&c, &in);
	assert_int_equal(d.word, pte_mkwrite(pte_mkdirty(pfn_pte(
					 PFN, PAGE_READONLY(MT_NORMAL)))));
	assert_int_equal(d.word, 0x00e8000000000f43ULL | pa); /* ref 2.4 */
	assert_int_equal(field(&d, "DBM")->value, 1);
	assert_int_equal(field(&d, "AP")->value, 1); /* USER, RW */
	assert_string_equal(d.vocab,
			    "USR RW NX SHD AF NG UXN MEM/NORMAL DBM DIRTY");
	assert_int_equal(d.oa, pa);

	/* Provenance: what is fact, what is inferred. */
	assert_int_equal(field(&d, "DBM")->prov, PV_INFERRED);
	assert_int_equal(field(&d, "AP")->prov, PV_INFERRED); /* RDONLY */
	assert_int_equal(field(&d, "AF")->prov, PV_INFERRED);
	assert_int_equal(field(&d, "nG")->prov, PV_INFERRED);
	assert_int_equal(field(&d, "OA")->prov, PV_PAGEMAP);
	assert_int_equal(field(&d, "UXN")->prov, PV_VMA);
	assert_int_equal(field(&d, "PXN")->prov, PV_VMA);
	assert_int_equal(field(&d, "SH")->prov, PV_VMA);
	assert_int_equal(field(&d, "AttrIndx")->prov, PV_VMA);
	assert_int_equal(field(&d, "Contiguous")->prov, PV_INFERRED);
	assert_false(d.known & (PTE_DBM | PTE_RDONLY | PTE_DIRTY | PTE_AF));
	assert_true((d.known & (PTE_UXN | PTE_PXN)) == (PTE_UXN | PTE_PXN));
	assert_true((d.known & GENMASK_ULL(47, 12)) == GENMASK_ULL(47, 12));

	/* Without CAP_SYS_ADMIN the PFN is hidden: OA unknown. */
	in.pm = PM_PRESENT | PM_EXCLUSIVE;
	in.pfn_known = false;
	d = rec(&c, &in);
	assert_int_equal(d.oa, 0);
	assert_int_equal(field(&d, "OA")->prov, PV_UNKNOWN);
	assert_false(d.known & GENMASK_ULL(47, 12));

	/* Decoding the four rows: pte_dirty() = DIRTY || (WRITE && !RDONLY) */
	{
		const uint64_t rows[4][2] = {
			{PTE_RDONLY, 0},
			{PTE_RDONLY | PTE_WRITE, 0},
			{PTE_RDONLY | PTE_DIRTY, 1},
			{PTE_WRITE, 1},
		};

		for (int i = 0; i < 4; i++) {
			uint64_t w = pfn_pte(PFN, PAGE_DEFAULT(MT_NORMAL) |
							  PTE_USER | PTE_NG |
							  rows[i][0]);
			bool dirty;

			d = dec(&c, w, 3);
			dirty = field(&d, "DIRTY")->value ||
				(field(&d, "DBM")->value &&
				 !(field(&d, "AP")->value & 2));
			assert_int_equal(dirty, rows[i][1]);
		}
	}
}

static void test_zero_page(void **state)
{
	struct pt_config c = cfg(12, 39, 3, 6, 1);
	struct pt_input in = input("rw-p", PM_PRESENT | PFN);
	struct pt_desc d;

	(void)state;
	set_kpf(&in, KPF(ZERO_PAGE) | KPF(MMAP));
	/* do_anonymous_page(): pte_mkspecial(pfn_pte(my_zero_pfn(), prot)) */
	d = rec(&c, &in);
	assert_int_equal(d.word,
			 pte_mkspecial(pfn_pte(PFN, PAGE_READONLY(MT_NORMAL))));
	assert_int_equal(d.word & ~GENMASK_ULL(47, 12), 0x0160000000000fc3ULL);
	assert_int_equal(field(&d, "SPECIAL")->prov, PV_KPF);
	assert_int_equal(field(&d, "DIRTY")->value, 0);
	assert_string_equal(d.vocab,
			    "USR ro NX SHD AF NG UXN MEM/NORMAL SPECIAL");
	/* Without kpageflags a non-exclusive anon page may be the zero page. */
	in.have_kpf = false;
	d = rec(&c, &in);
	assert_int_equal(field(&d, "SPECIAL")->prov, PV_UNKNOWN);
}

static void test_prot_none(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 5, 10);
	struct pt_input in;
	struct pt_desc d;
	uint64_t w;

	(void)state;
	/* <= 6.9: pte_protnone() = (pte & (VALID | PROT_NONE)) == PROT_NONE */
	w = pfn_pte(PFN, PAGE_NONE_OLD(MT510_NORMAL));
	d = dec(&c, w, 3);
	assert_int_equal(d.kind, PTK_PROTNONE);
	assert_int_equal(field(&d, "PROT_NONE")->value, 1);
	assert_int_equal(d.oa, PFN << 12);
	assert_string_equal(d.vocab,
			    "F ro NX SHD AF NG UXN MEM/NORMAL PROTNONE");
	/* The same bit on a valid entry means nothing then: unknown. */
	d = dec(&c, pfn_pte(PFN, PAGE_READONLY(MT510_NORMAL)) | PTE_PROT_NONE,
		3);
	assert_int_equal(d.kind, PTK_PAGE);
	assert_int_equal(d.unknown_bits, PTE_PROT_NONE);

	/* 6.1: PMD_PRESENT_INVALID on an invalidated PMD (pmd_mkinvalid) */
	c = cfg(12, 48, 4, 6, 1);
	w = (pmd_mkhuge(pfn_pte(0x200, PAGE_READONLY(MT_NORMAL))) &
	     ~PTE_VALID) |
	    PMD_PRESENT_INVALID;
	d = dec(&c, w, 2);
	assert_int_equal(d.kind, PTK_PROTNONE);
	assert_int_equal(field(&d, "PMD_PRESENT_INVALID")->value, 1);

	/* 6.10+: present-invalid; PROT_NONE when !USER && UXN */
	c = cfg(12, 48, 4, 6, 12);
	w = pfn_pte(PFN, PAGE_NONE_NEW(MT_NORMAL));
	d = dec(&c, w, 3);
	assert_int_equal(d.kind, PTK_PROTNONE);
	assert_false(has_field(&d, "PROT_NONE"));
	assert_int_equal(field(&d, "UFFD_WP")->value, 0);
	assert_string_equal(d.vocab,
			    "F ro NX SHD AF NG UXN MEM/NORMAL PROTNONE");
	/* pmd_mkinvalid() of a user THP: present-invalid, not PROT_NONE */
	w = pte_mkinvalid(pmd_mkhuge(pfn_pte(0x200, PAGE_READONLY(MT_NORMAL))));
	d = dec(&c, w, 2);
	assert_int_equal(d.kind, PTK_PROTNONE);
	assert_non_null(strstr(d.vocab, "PRESENT_INVALID"));
	assert_null(strstr(d.vocab, "PROTNONE"));

	/* A present page in a PROT_NONE VMA: PAGE_NONE of the era. */
	in = input("---p", PM_PRESENT | PM_EXCLUSIVE | PFN);
	set_kpf(&in, KPF(ANON));
	d = rec(&c, &in);
	assert_int_equal(d.word & ~PTE_DIRTY,
			 pfn_pte(PFN, PAGE_NONE_NEW(MT_NORMAL)));
	assert_int_equal(d.kind, PTK_PROTNONE);
	assert_int_equal(field(&d, "Valid")->prov, PV_VMA);
}

static void test_swap_entries(void **state)
{
	const uint64_t type = 1, off = 0x12345;
	struct pt_config c;
	struct pt_input in;
	struct pt_desc d;

	(void)state;
	/* v5.10: type bits 2-7, offset 8-57 */
	c = cfg(12, 39, 3, 5, 10);
	d = dec(&c, SWP_510(type, off), 2);
	assert_int_equal(d.kind, PTK_SWAP);
	assert_int_equal(d.swap_type, type);
	assert_int_equal(d.swap_offset, off);
	assert_false(has_field(&d, "SWP_EXCLUSIVE"));
	assert_string_equal(d.vocab, "SWAP type=1 offset=0x12345");
	d = dec(&c, SWP_510(33, off), 2); /* 6-bit type field */
	assert_int_equal(d.swap_type, 33);
	in = input("rw-p", PM_SWAP_ENTRY(type, off));
	d = rec(&c, &in);
	assert_int_equal(d.word, SWP_510(type, off));
	assert_int_equal(field(&d, "SWP_TYPE")->prov, PV_PAGEMAP);
	assert_int_equal(field(&d, "SWP_OFFSET")->prov, PV_PAGEMAP);

	/* v6.1: PTE_SWP_EXCLUSIVE bit 2, type 3-7, offset 8-57 */
	c = cfg(12, 48, 4, 6, 1);
	d = dec(&c, SWP_61(type, off) | PTE_SWP_EXCLUSIVE, 3);
	assert_int_equal(d.kind, PTK_SWAP);
	assert_int_equal(d.swap_type, type);
	assert_int_equal(d.swap_offset, off);
	assert_int_equal(field(&d, "SWP_EXCLUSIVE")->value, 1);
	assert_string_equal(d.vocab, "SWAP type=1 offset=0x12345 EXCL");
	in = input("rw-p", PM_SWAP_ENTRY(type, off));
	d = rec(&c, &in);
	assert_int_equal(d.word, SWP_61(type, off));
	assert_int_equal(field(&d, "SWP_EXCLUSIVE")->prov, PV_UNKNOWN);
	in.pm = PM_SWAP; /* type and offset hidden without CAP_SYS_ADMIN */
	in.pfn_known = false;
	d = rec(&c, &in);
	assert_int_equal(d.kind, PTK_SWAP);
	assert_int_equal(d.word, 0);
	assert_int_equal(field(&d, "SWP_OFFSET")->prov, PV_UNKNOWN);
	assert_int_equal(field(&d, "SWP_TYPE")->prov, PV_UNKNOWN);
	assert_false(d.known & GENMASK_ULL(57, 3));
	assert_string_equal(d.vocab, "SWAP");

	/* v6.12: excl 2, uffd-wp 3, type 6-10, offset 12-61 */
	c = cfg(12, 48, 4, 6, 12);
	d = dec(&c, SWP_612(type, off) | PTE_SWP_UFFD_WP, 3);
	assert_int_equal(d.kind, PTK_SWAP);
	assert_int_equal(d.swap_type, type);
	assert_int_equal(d.swap_offset, off);
	assert_int_equal(field(&d, "SWP_UFFD_WP")->value, 1);
	assert_string_equal(d.vocab, "SWAP type=1 offset=0x12345 UFFD_WP");
	d = dec(&c, SWP_612(3, (1ULL << 50) - 1), 3);
	assert_int_equal(d.swap_offset, (1ULL << 50) - 1);
	assert_int_equal(d.unknown_bits, 0);
	in = input("rw-p", PM_SWAP_ENTRY(type, off) | PM_UFFD_WP);
	d = rec(&c, &in);
	assert_int_equal(d.word, SWP_612(type, off) | PTE_SWP_UFFD_WP);
	assert_int_equal(field(&d, "SWP_UFFD_WP")->prov, PV_PAGEMAP);
	/* A THP migration entry at the PMD level has the same layout. */
	d = dec(&c, SWP_612(type, off), 2);
	assert_int_equal(d.kind, PTK_SWAP);
	/* Special types: SWP_MIGRATION_WRITE with every option on =
	 * MAX_SWAPFILES (32 - 4 - 3 - 1 - 1 = 23) + SWP_HWPOISON_NUM + 2 */
	d = dec(&c, SWP_612(23 + 1 + 2, PFN), 3);
	assert_int_equal(d.kind, PTK_MIGRATION);
	/* Not a swap entry: bit 1 set, bit 0 clear, no present marker. */
	d = dec(&c, SWP_612(type, off) | PTE_TABLE_BIT, 3);
	assert_int_equal(d.kind, PTK_INVALID);
}

static void test_markers(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 6, 15);
	struct pt_input in;
	struct pt_desc d;

	(void)state;
	/* make_pte_marker(PTE_MARKER_GUARD), pagemap PM_GUARD_REGION (6.15) */
	in = input("rw-p", PM_SWAP | PM_GUARD);
	in.pfn_known = false;
	d = rec(&c, &in);
	assert_int_equal(d.kind, PTK_MARKER);
	assert_int_equal(d.word, SWP_612(SWP_PTE_MARKER, PTE_MARKER_GUARD));
	assert_string_equal(d.vocab, "MARKER GUARD");
	assert_int_equal(field(&d, "SWP_TYPE")->prov, PV_INFERRED);
	assert_int_equal(field(&d, "MARKER")->prov, PV_PAGEMAP);
	d = dec(&c, SWP_612(SWP_PTE_MARKER, PTE_MARKER_UFFD_WP), 3);
	assert_int_equal(d.kind, PTK_MARKER);
	assert_string_equal(d.vocab, "MARKER UFFD_WP");
	/* pagemap shows it as a swap entry with PM_UFFD_WP: the marker's
	 * offset carries it, not PTE_SWP_UFFD_WP */
	in = input("rw-s", PM_SWAP_ENTRY(SWP_PTE_MARKER, PTE_MARKER_UFFD_WP) |
				   PM_UFFD_WP);
	d = rec(&c, &in);
	assert_int_equal(d.kind, PTK_MARKER);
	assert_int_equal(d.word, SWP_612(SWP_PTE_MARKER, PTE_MARKER_UFFD_WP));
	/* 5.19 - ~6.4: SWP_SWAPIN_ERROR (the top type) sat above the marker */
	c = cfg(12, 48, 4, 6, 1);
	d = dec(&c, SWP_61(SWP_PTE_MARKER - 1, PTE_MARKER_UFFD_WP), 3);
	assert_int_equal(d.kind, PTK_MARKER);
	assert_string_equal(d.vocab, "MARKER UFFD_WP");
}

static void test_device(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 6, 1);
	struct pt_input in;
	struct pt_desc d;
	uint64_t w;

	(void)state;
	/* /dev/mem MMIO, rw-s: pte_mkspecial(pgprot_noncached(PAGE_SHARED)) */
	w = pte_mkspecial(
		pfn_pte(0xfeb50, pgprot_noncached(PAGE_SHARED(MT_NORMAL),
						  MT_DEVICE_nGnRnE)));
	assert_int_equal(w & ~GENMASK_ULL(47, 12), 0x0168000000000fcfULL);
	d = dec(&c, w, 3);
	assert_int_equal(field(&d, "AttrIndx")->value, MT_DEVICE_nGnRnE);
	assert_non_null(
		strstr(field(&d, "AttrIndx")->text, "MT_DEVICE_nGnRnE"));
	assert_string_equal(d.vocab, "USR ro NX SHD AF NG UXN DEVICE/nGnRnE "
				     "DBM SPECIAL");
	d = dec(&c,
		pfn_pte(0xfeb50,
			pgprot_device(PAGE_SHARED(MT_NORMAL), MT_DEVICE_nGnRE)),
		3);
	assert_non_null(strstr(d.vocab, "DEVICE/nGnRE"));
	d = dec(&c, pfn_pte(1, PAGE_DEFAULT(5)), 3);
	assert_non_null(strstr(field(&d, "AttrIndx")->text, "not programmed"));

	/* v5.10 numbering: nGnRnE 4, nGnRE 5, GRE 6, WT 3 (no ptdump word) */
	c = cfg(12, 48, 4, 5, 10);
	d = dec(&c,
		pfn_pte(1, pgprot_noncached(PAGE_SHARED(MT510_NORMAL),
					    MT510_DEVICE_nGnRnE)),
		3);
	assert_non_null(strstr(d.vocab, "DEVICE/nGnRnE"));
	d = dec(&c,
		pfn_pte(1, pgprot_device(PAGE_SHARED(MT510_NORMAL),
					 MT510_DEVICE_nGnRE)),
		3);
	assert_non_null(strstr(d.vocab, "DEVICE/nGnRE"));
	d = dec(&c, pfn_pte(1, PAGE_DEFAULT(MT510_DEVICE_GRE)), 3);
	assert_non_null(strstr(d.vocab, "DEVICE/GRE"));
	d = dec(&c, pfn_pte(1, PAGE_DEFAULT(MT510_NORMAL_WT)), 3);
	assert_non_null(strstr(field(&d, "AttrIndx")->text, "MT_NORMAL_WT"));
	assert_null(strstr(d.vocab, "MEM/"));
	d = dec(&c, pfn_pte(1, PAGE_DEFAULT(MT510_NORMAL_NC)), 3);
	assert_non_null(strstr(d.vocab, "MEM/NORMAL-NC"));

	/* A VM_IO|VM_PFNMAP page: special, device type guessed, unknown. */
	in = input("rw-s", PM_PRESENT | 0xfeb50);
	in.file = true;
	in.has_vmflags = true;
	in.vmflags = (1ULL << VMFLAG_IO) | (1ULL << VMFLAG_PF);
	d = rec(&c, &in);
	assert_int_equal(
		d.word,
		pte_mkspecial(pfn_pte(
			0xfeb50, pgprot_noncached(PAGE_SHARED(MT510_NORMAL),
						  MT510_DEVICE_nGnRnE))));
	assert_int_equal(field(&d, "AttrIndx")->prov, PV_UNKNOWN);
	assert_int_equal(field(&d, "SPECIAL")->prov, PV_VMA);
	c = cfg(12, 48, 4, 6, 12);
	d = rec(&c, &in);
	assert_int_equal(field(&d, "AttrIndx")->value, MT_DEVICE_nGnRnE);
}

static void test_blocks(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 6, 1);
	struct pt_desc d;
	uint64_t w;

	(void)state;
	/* THP PMD: pmd_mkhuge(pfn_pmd(pfn, prot)), 2M-aligned PA */
	w = pmd_mkhuge(pfn_pte(0x40000, PAGE_READONLY(MT_NORMAL)));
	d = dec(&c, w, 2);
	assert_int_equal(d.kind, PTK_BLOCK);
	assert_int_equal(d.oa, 0x40000ULL << 12);
	assert_string_equal(field(&d, "Type")->text, "block (2M)");
	assert_int_equal(field(&d, "OA")->mask, GENMASK_ULL(47, 21));
	assert_string_equal(d.vocab, "USR ro NX SHD AF NG BLK UXN MEM/NORMAL");
	/* a bit inside the block offset is RES0: kept as unknown */
	d = dec(&c, w | (1ULL << 13), 2);
	assert_int_equal(d.unknown_bits, 1ULL << 13);
	/* PUD 1G at L1 */
	d = dec(&c, pmd_mkhuge(pfn_pte(0x40000, PAGE_READONLY(MT_NORMAL))), 1);
	assert_int_equal(d.kind, PTK_BLOCK);
	assert_string_equal(field(&d, "Type")->text, "block (1G)");
	/* no L0 blocks with 4K without LPA2; bits 01 at L3 are reserved */
	d = dec(&c, w, 0);
	assert_int_equal(d.kind, PTK_INVALID);
	d = dec(&c, w, 3);
	assert_int_equal(d.kind, PTK_INVALID);
	/* 4K/39: level 0 is L1 */
	c = cfg(12, 39, 3, 6, 1);
	d = dec(&c, w, 0);
	assert_string_equal(field(&d, "Type")->text, "block (1G)");

	/* 16K/47: L1 L2 L3; 32M blocks at L2; none at L1 without LPA2 */
	c = cfg(14, 47, 3, 6, 12);
	w = (0x2000000ULL * 3) | (PAGE_READONLY(MT_NORMAL) & ~PTE_TABLE_BIT);
	d = dec(&c, w, 1);
	assert_int_equal(d.kind, PTK_BLOCK);
	assert_string_equal(field(&d, "Type")->text, "block (32M)");
	assert_int_equal(d.oa, 0x2000000ULL * 3);
	d = dec(&c, w, 0);
	assert_int_equal(d.kind, PTK_INVALID);

	/* 64K/42: L2 L3; 512M blocks at L2 */
	c = cfg(16, 42, 2, 6, 12);
	w = (0x20000000ULL * 5) | (PAGE_READONLY(MT_NORMAL) & ~PTE_TABLE_BIT);
	d = dec(&c, w, 0);
	assert_int_equal(d.kind, PTK_BLOCK);
	assert_string_equal(field(&d, "Type")->text, "block (512M)");
	assert_int_equal(d.oa, 0x20000000ULL * 5);
	/* 64K/48: L1 blocks need 52-bit PA (FEAT_LPA) */
	c = cfg(16, 48, 3, 6, 12);
	d = dec(&c, w & ~GENMASK_ULL(41, 16), 0);
	assert_int_equal(d.kind, PTK_INVALID);
	c.pa52 = true;
	d = dec(&c, w & ~GENMASK_ULL(41, 16), 0);
	assert_int_equal(d.kind, PTK_BLOCK);
	assert_string_equal(field(&d, "Type")->text, "block (4T)");
}

static void test_granules(void **state)
{
	struct pt_config c = cfg(14, 47, 3, 6, 12);
	struct pt_desc d;
	uint64_t w;

	(void)state;
	/* 16K: OA[47:14] */
	w = (PFN << 14) | PAGE_SHARED(MT_NORMAL);
	d = dec(&c, w, 2);
	assert_int_equal(d.kind, PTK_PAGE);
	assert_int_equal(d.oa, PFN << 14);
	assert_int_equal(field(&d, "OA")->mask, GENMASK_ULL(47, 14));
	assert_string_equal(field(&d, "Type")->text, "page (16K)");
	d = dec(&c, w | (1ULL << 12), 2);
	assert_int_equal(d.unknown_bits, 1ULL << 12);
	/* 64K: OA[47:16]; bits 15:12 are RES0 without FEAT_LPA */
	c = cfg(16, 42, 2, 6, 12);
	w = (PFN << 16) | PAGE_READONLY(MT_NORMAL);
	d = dec(&c, w, 1);
	assert_int_equal(d.oa, PFN << 16);
	assert_string_equal(field(&d, "Type")->text, "page (64K)");
	d = dec(&c, w | (0xfULL << 12), 1);
	assert_int_equal(d.unknown_bits, 0xfULL << 12);
	/* reconstruction with 16K pages */
	{
		struct pt_input in = input("r--p", PM_PRESENT | PM_FILE | PFN);

		c = cfg(14, 47, 3, 6, 12);
		d = rec(&c, &in);
		assert_int_equal(d.word,
				 (PFN << 14) | PAGE_READONLY(MT_NORMAL));
		assert_int_equal(d.level, 2);
	}
}

static void test_pa52(void **state)
{
	struct pt_config c = cfg(16, 52, 3, 6, 12);
	const uint64_t phys64 = 0x000f123456780000ULL;
	const uint64_t phys4 = 0x000c001234567000ULL;
	struct pt_input in;
	struct pt_desc d;
	uint64_t w;

	(void)state;
	/* 64K + FEAT_LPA: __phys_to_pte_val() puts PA[51:48] in 15:12 */
	c.pa52 = true;
	w = ((phys64 | (phys64 >> PTE_ADDR_HIGH_SHIFT_64K)) &
	     (PTE_ADDR_LOW(16) | PTE_ADDR_HIGH_64K)) |
	    PAGE_READONLY(MT_NORMAL);
	d = dec(&c, w, 2);
	assert_int_equal(d.oa, phys64);
	assert_int_equal(field(&d, "OA[51:48]")->value, 0xf);
	assert_int_equal(d.unknown_bits, 0);

	/* reconstruction: pfn_pte() with __phys_to_pte_val() */
	in = input("r--p", PM_PRESENT | PM_FILE | (phys64 >> 16));
	d = rec(&c, &in);
	assert_int_equal(d.word, w);
	/* before 6.9 PTE_ADDR_LOW ended at bit 47: 49:48 are RES0 */
	c.kver = PT_KVER(6, 1);
	d = dec(&c, w, 2);
	assert_int_equal(d.unknown_bits, w & GENMASK_ULL(49, 48));
	assert_int_equal(d.oa, phys64);

	/* 4K + LPA2: PA[51:50] in 9:8, SH from TCR, no PTE_SHARED */
	c = cfg(12, 52, 5, 6, 12);
	c.pa52 = true;
	w = ((phys4 | (phys4 >> PTE_ADDR_HIGH_SHIFT_LPA2)) &
	     PHYS_TO_PTE_ADDR_MASK_LPA2) |
	    (PAGE_READONLY(MT_NORMAL) & ~PTE_SHARED);
	d = dec(&c, w, 4);
	assert_int_equal(d.kind, PTK_PAGE);
	assert_int_equal(d.oa, phys4);
	assert_int_equal(field(&d, "OA[51:50]")->value, 3);
	assert_false(has_field(&d, "SH"));
	assert_null(strstr(d.vocab, "SHD"));
	assert_int_equal(d.unknown_bits, 0);
	/* reconstruction places the PFN the same way */
	in = input("rw-p", PM_PRESENT | PM_EXCLUSIVE | (phys4 >> 12));
	set_kpf(&in, KPF(ANON));
	d = rec(&c, &in);
	assert_int_equal(d.word, pte_mkwrite(pte_mkdirty(w)));
	assert_int_equal(field(&d, "OA[51:50]")->prov, PV_PAGEMAP);
	/* the 5-level walk's tables at L-1 */
	d = dec(&c, 0x4321000ULL | PUD_TYPE_TABLE, 0);
	assert_int_equal(d.kind, PTK_TABLE);
	assert_non_null(strstr(field(&d, "Type")->text, "L0"));
	d = dec(&c, 0x4321000ULL | PTE_VALID, 0); /* no blocks at L-1 */
	assert_int_equal(d.kind, PTK_INVALID);
}

static void test_tables(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 6, 1);
	const uint64_t pa = 0x4321000ULL;
	struct pt_desc d;

	(void)state;
	d = dec(&c, pa | PUD_TYPE_TABLE | PUD_TABLE_PXN, 0);
	assert_int_equal(d.kind, PTK_TABLE);
	assert_int_equal(d.oa, pa);
	assert_int_equal(field(&d, "NextTable")->value, pa >> 12);
	assert_int_equal(field(&d, "PXNTable")->value, 1);
	assert_int_equal(field(&d, "UXNTable")->value, 0);
	assert_string_equal(d.vocab, "TABLE PXNTable");
	assert_int_equal(d.unknown_bits, 0);
	assert_int_equal(d.known, ~0ULL);
	/* ignored bits are kept, never dropped */
	d = dec(&c, pa | PUD_TYPE_TABLE | (1ULL << 55) | PGD_TABLE_AF, 1);
	assert_int_equal(d.unknown_bits, (1ULL << 55) | PGD_TABLE_AF);
	/* FEAT_HAFT table AF from 6.13 */
	c = cfg(12, 48, 4, 6, 13);
	d = dec(&c, pa | PUD_TYPE_TABLE | PGD_TABLE_AF | PUD_TABLE_UXN, 2);
	assert_int_equal(field(&d, "AF")->value, 1);
	assert_string_equal(d.vocab, "TABLE AF UXNTable");
	/* 64K LPA table address with PA[51:48] */
	c = cfg(16, 52, 3, 6, 12);
	c.pa52 = true;
	d = dec(&c, 0x20000ULL | (0x3ULL << 12) | PUD_TYPE_TABLE, 0);
	assert_int_equal(d.oa, 0x0003000000020000ULL);
	/* all zero */
	d = dec(&c, 0, 0);
	assert_int_equal(d.kind, PTK_NONE);
	assert_string_equal(d.vocab, "no mapping");
}

/*
 * The walk: pgd_index() etc. with ARM64_HW_PGTABLE_LEVEL_SHIFT(n) =
 * (PAGE_SHIFT - 3) * (4 - n) + 3 (pgtable-hwdef.h).
 */
#define LSHIFT(ps, n) (((ps)-3) * (4 - (n)) + 3)

static void check_walk(unsigned ps, unsigned va_bits, unsigned levels,
		       uint64_t va, const char *const names[])
{
	struct pt_config c = cfg(ps, va_bits, levels, 6, 12);
	struct pt_walk w;
	int top = 4 - (int)levels;

	assert_int_equal(pt_arm64_ops.walk(&c, va, &w), 0);
	assert_true(w.in_range);
	assert_false(w.tagged);
	assert_int_equal(w.nlevels, levels);
	for (unsigned i = 0; i < levels; i++) {
		int n = top + (int)i;
		unsigned bits = i ? ps - 3 : va_bits - LSHIFT(ps, n);
		uint64_t idx = (va >> LSHIFT(ps, n)) & ((1ULL << bits) - 1);

		assert_string_equal(w.lv[i].name, names[i]);
		assert_int_equal(w.lv[i].shift, LSHIFT(ps, n));
		assert_int_equal(w.lv[i].bits, bits);
		assert_int_equal(w.lv[i].index, idx);
		assert_int_equal(w.lv[i].entry_offset, idx * 8);
	}
	assert_int_equal(w.page_offset_bits, ps);
	assert_int_equal(w.page_offset, va & ((1ULL << ps) - 1));

	/* A tagged pointer (TBI): the same walk. */
	assert_int_equal(pt_arm64_ops.walk(&c, va | (0x5aULL << 56), &w), 0);
	assert_true(w.tagged);
	assert_int_equal(w.va_stripped, va);
	assert_int_equal(w.lv[levels - 1].index,
			 (va >> ps) & ((1ULL << (ps - 3)) - 1));
}

static void test_walks(void **state)
{
	static const char *const n4[] = {"L0", "L1", "L2", "L3"};
	static const char *const n3[] = {"L1", "L2", "L3"};
	static const char *const n2[] = {"L2", "L3"};
	static const char *const n5[] = {"L-1", "L0", "L1", "L2", "L3"};
	struct pt_config c = cfg(12, 48, 4, 6, 1);
	struct pt_walk w;

	(void)state;
	check_walk(12, 48, 4, 0x0000aaaac0de1234ULL, n4);
	check_walk(12, 39, 3, 0x7f8abcd123ULL, n3);
	check_walk(14, 47, 3, 0x00007fff12345678ULL, n3);
	check_walk(16, 42, 2, 0x000003ff12345678ULL, n2);
	check_walk(16, 52, 3, 0x000fffff12345678ULL, n3);
	check_walk(16, 48, 3, 0x0000ffff12345678ULL, n3);
	check_walk(12, 52, 5, 0x000f0000aaaac0deULL, n5);
	check_walk(14, 48, 4, 0x0000ffff12345678ULL, n4);
	check_walk(14, 36, 2, 0x0000000f12345678ULL, n2);
	check_walk(14, 52, 4, 0x000fffff12345678ULL, n4);

	/* reference/arm64.md 3.3 */
	assert_int_equal(pt_arm64_ops.walk(&c, 0x0000aaaac0de1234ULL, &w), 0);
	assert_int_equal(w.lv[0].index, 341);
	assert_int_equal(w.lv[1].index, 171);
	assert_int_equal(w.lv[2].index, 6);
	assert_int_equal(w.lv[3].index, 481);
	assert_int_equal(w.page_offset, 0x234);
	c = cfg(12, 39, 3, 6, 1);
	assert_int_equal(pt_arm64_ops.walk(&c, 0x7f8abcd123ULL, &w), 0);
	assert_int_equal(w.lv[0].index, 510);
	assert_int_equal(w.lv[1].index, 85);
	assert_int_equal(w.lv[2].index, 461);
	assert_int_equal(w.page_offset, 0x123);
	/* not user addresses: above 2^39, or the TTBR1 half */
	assert_int_equal(pt_arm64_ops.walk(&c, 1ULL << 39, &w), -EINVAL);
	assert_false(w.in_range);
	assert_int_equal(pt_arm64_ops.walk(&c, 0xffff000012345678ULL, &w),
			 -EINVAL);
	/* levels computed when the config leaves them 0 */
	c = cfg(16, 42, 0, 6, 1);
	assert_int_equal(pt_arm64_ops.walk(&c, 0x12345678ULL, &w), 0);
	assert_int_equal(w.nlevels, 2);
	/* inconsistent levels for the VA size */
	c = cfg(12, 39, 4, 6, 1);
	assert_int_equal(pt_arm64_ops.walk(&c, 0x1000, &w), -EINVAL);
}

static void test_vocab_and_unknown(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 6, 1);
	struct pt_desc d;

	(void)state;
	d = dec(&c, pfn_pte(PFN, PAGE_READONLY(MT_NORMAL)), 3);
	assert_string_equal(d.vocab, "USR ro NX SHD AF NG UXN MEM/NORMAL");
	assert_int_equal(d.unknown_bits, 0);
	d = dec(&c,
		pfn_pte(PFN, PAGE_READONLY_EXEC(MT_NORMAL) | PTE_GP | PTE_CONT),
		3);
	/* user exec: PXN still set (NX), UXN clear (no "UXN") */
	assert_string_equal(d.vocab, "USR ro NX SHD AF NG CON GP MEM/NORMAL");
	/* kernel text style: PXN clear prints "x" */
	d = dec(&c,
		pfn_pte(PFN, PAGE_DEFAULT(MT_NORMAL) | PTE_RDONLY | PTE_UXN),
		3);
	assert_string_equal(d.vocab, "ro x SHD AF UXN MEM/NORMAL");
	/* bit 63 (software, unused) and 49:48 (RES0 without LPA2) */
	d = dec(&c,
		pfn_pte(PFN, PAGE_READONLY(MT_NORMAL)) | (1ULL << 63) |
			(1ULL << 48),
		3);
	assert_int_equal(d.unknown_bits, (1ULL << 63) | (1ULL << 48));
	/* bit 58 on a valid 6.12 entry is PTE_UFFD_WP */
	c = cfg(12, 48, 4, 6, 12);
	d = dec(&c, pfn_pte(PFN, PAGE_READONLY(MT_NORMAL)) | PTE_UFFD_WP, 3);
	assert_int_equal(d.unknown_bits, 0);
	assert_int_equal(field(&d, "UFFD_WP")->value, 1);
	assert_non_null(strstr(d.vocab, "UFFD_WP"));
	/* POIndex (6.12+) */
	d = dec(&c, pfn_pte(PFN, PAGE_READONLY(MT_NORMAL)) | (5ULL << 60), 3);
	assert_int_equal(field(&d, "POIndex")->value, 5);
	assert_non_null(strstr(d.vocab, "POIDX=5"));
	/* bad arguments */
	c.page_shift = 13;
	assert_int_equal(pt_arm64_ops.decode(&c, 1, 0, &d), -EINVAL);
	assert_int_equal(pt_arm64_ops.template_of(&c, 1), 0);
	c = cfg(12, 48, 4, 6, 12);
	assert_int_equal(pt_arm64_ops.decode(&c, 1, 4, &d), -EINVAL);
	assert_int_equal(pt_arm64_ops.decode(&c, 1, -1, &d), -EINVAL);
	assert_int_equal(pt_arm64_ops.reconstruct(&c, NULL, &d), -EINVAL);
	assert_string_equal(pt_arm64_ops.name, "arm64");
}

static void test_reconstruct_vma_kinds(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 6, 1);
	struct pt_input in;
	struct pt_desc d;

	(void)state;
	/* vm_get_page_prot(): VM_ARM64_BTI -> PTE_GP */
	in = input("r-xp", PM_PRESENT | PM_FILE | PFN);
	in.file = true;
	in.has_vmflags = true;
	in.vmflags = 1ULL << VMFLAG_BT;
	d = rec(&c, &in);
	assert_int_equal(d.word,
			 pfn_pte(PFN, PAGE_READONLY_EXEC(MT_NORMAL) | PTE_GP));
	assert_int_equal(field(&d, "GP")->prov, PV_VMA);
	/* VM_MTE -> PTE_ATTRINDX(MT_NORMAL_TAGGED) */
	in = input("rw-p", PM_PRESENT | PM_EXCLUSIVE | PFN);
	in.has_vmflags = true;
	in.vmflags = 1ULL << VMFLAG_MT;
	d = rec(&c, &in);
	assert_int_equal(
		d.word, pte_mkwrite(pte_mkdirty(pfn_pte(
				PFN, PAGE_READONLY(MT_NORMAL) |
					     PTE_ATTRINDX(MT_NORMAL_TAGGED)))));
	assert_non_null(strstr(d.vocab, "MEM/NORMAL-TAGGED"));
	/* writenotify: a clean page of a shared writable file */
	in = input("rw-s", PM_PRESENT | PM_FILE | PFN);
	in.file = true;
	set_kpf(&in, KPF(UPTODATE) | KPF(LRU) | KPF(MMAP));
	d = rec(&c, &in);
	assert_int_equal(d.word, pfn_pte(PFN, PAGE_READONLY(MT_NORMAL)));
	assert_int_equal(field(&d, "DBM")->prov, PV_INFERRED);
	/* ... and a dirty one: wp_page_reuse() after page_mkwrite */
	set_kpf(&in, KPF(UPTODATE) | KPF(LRU) | KPF(MMAP) | KPF(DIRTY));
	d = rec(&c, &in);
	assert_int_equal(
		d.word,
		pte_mkwrite(pte_mkdirty(pfn_pte(PFN, PAGE_SHARED(MT_NORMAL)))));
	/* a page-cache page in a private writable VMA: not COWed yet */
	in = input("rw-p", PM_PRESENT | PM_FILE | PFN);
	in.file = true;
	set_kpf(&in, KPF(UPTODATE) | KPF(LRU) | KPF(MMAP));
	d = rec(&c, &in);
	assert_int_equal(d.word, pfn_pte(PFN, PAGE_READONLY(MT_NORMAL)));
	/* KSM: write_protect_page() = pte_mkclean(pte_wrprotect()) */
	in = input("rw-p", PM_PRESENT | PFN);
	set_kpf(&in, KPF(ANON) | KPF(KSM) | KPF(MMAP));
	d = rec(&c, &in);
	assert_int_equal(d.word, pte_mkclean(pte_wrprotect(pfn_pte(
					 PFN, PAGE_READONLY(MT_NORMAL)))));
	assert_int_equal(field(&d, "DBM")->prov, PV_KPF);
	/* not present, not swapped: pte_none */
	in = input("rw-p", 0);
	d = rec(&c, &in);
	assert_int_equal(d.kind, PTK_NONE);
	assert_int_equal(d.word, 0);
}

static void test_uffd_wp_and_thp(void **state)
{
	struct pt_config c = cfg(12, 48, 4, 6, 12);
	struct pt_input in;
	struct pt_desc d;

	(void)state;
	/* pte_mkuffd_wp() of a written anon page (6.10+) */
	in = input("rw-p", PM_PRESENT | PM_EXCLUSIVE | PM_UFFD_WP | PFN);
	set_kpf(&in, KPF(ANON));
	d = rec(&c, &in);
	assert_int_equal(d.word, pte_mkuffd_wp(pte_mkwrite(pte_mkdirty(pfn_pte(
					 PFN, PAGE_READONLY(MT_NORMAL))))));
	assert_int_equal(field(&d, "UFFD_WP")->prov, PV_PAGEMAP);
	assert_int_equal(field(&d, "DBM")->prov, PV_PAGEMAP);
	/* THP: a PMD block or (6.9+) contpte run is possible */
	in = input("rw-p", PM_PRESENT | PM_EXCLUSIVE | PFN);
	set_kpf(&in, KPF(ANON) | KPF(THP) | KPF(COMPOUND_TAIL));
	d = rec(&c, &in);
	assert_int_equal(field(&d, "Contiguous")->prov, PV_UNKNOWN);
	assert_int_equal(field(&d, "Type")->prov, PV_UNKNOWN);
	c = cfg(12, 48, 4, 6, 1);
	d = rec(&c, &in);
	assert_int_equal(field(&d, "Contiguous")->prov, PV_INFERRED);
	assert_int_equal(field(&d, "Type")->prov, PV_UNKNOWN);
	in.kpf = KPF(ANON);
	d = rec(&c, &in);
	assert_int_equal(field(&d, "Type")->prov, PV_VMA);
	/* uffd-wp cannot be set on arm64 before 6.10: ignored */
	in.pm |= PM_UFFD_WP;
	d = rec(&c, &in);
	assert_false(d.word & (1ULL << 58));
}

/* The data tables of src/flags/arm64_desc.def: names, bits, eras. */
struct t_field {
	int hi, lo;
	const char *name;
};

static const struct t_field t_leaf[] = {
#define A64_LEAF(id, hi, lo, name, desc) {hi, lo, name},
#include "../../src/flags/arm64_desc.def"
#undef A64_LEAF
};

static const struct t_field t_table[] = {
#define A64_TABLE(id, hi, lo, name, desc) {hi, lo, name},
#include "../../src/flags/arm64_desc.def"
#undef A64_TABLE
};

static const struct {
	unsigned from, to, idx;
	const char *macro, *ptdump;
} t_mt[] = {
#define A64_MT(from, to, idx, macro, mair, ptdump, desc)                       \
	{from, to, idx, macro, ptdump},
#include "../../src/flags/arm64_desc.def"
#undef A64_MT
};

static const struct {
	int bit;
	unsigned from, to;
	char where;
} t_sw[] = {
#define A64_SW(id, bit, from, to, where, name, token, desc)                    \
	{bit, from, to, where},
#include "../../src/flags/arm64_desc.def"
#undef A64_SW
};

static const struct {
	unsigned from, to;
	int excl, uffd;
	unsigned tshift, tbits, oshift, obits;
	uint64_t zero;
} t_swp[] = {
#define A64_SWP(from, to, excl, uffd, tshift, tbits, oshift, obits, zero)      \
	{from, to, excl, uffd, tshift, tbits, oshift, obits, zero},
#include "../../src/flags/arm64_desc.def"
#undef A64_SWP
};

#define T_N(a) (sizeof(a) / sizeof((a)[0]))

static bool eras_overlap(unsigned f1, unsigned t1, unsigned f2, unsigned t2)
{
	return f1 < t2 && f2 < t1;
}

static void check_field_table(const struct t_field *t, size_t n)
{
	uint64_t seen = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t m = GENMASK_ULL(t[i].hi, t[i].lo);

		assert_true(t[i].hi >= t[i].lo);
		assert_false(seen & m);
		seen |= m;
		for (size_t j = i + 1; j < n; j++)
			assert_string_not_equal(t[i].name, t[j].name);
	}
}

static void test_def_tables(void **state)
{
	(void)state;
	check_field_table(t_leaf, T_N(t_leaf));
	check_field_table(t_table, T_N(t_table));
	/* MAIR slots: one meaning per slot and era; MT_NORMAL in every era
	 * (vm_get_page_prot() ORs MT_NORMAL_TAGGED into it: it is 0 since
	 * 5.10); the eras cover every version. */
	for (size_t i = 0; i < T_N(t_mt); i++) {
		bool normal = false;

		for (size_t j = 0; j < T_N(t_mt); j++) {
			if (!eras_overlap(t_mt[i].from, t_mt[i].to,
					  t_mt[j].from, t_mt[j].to))
				continue;
			if (i != j) {
				assert_int_not_equal(t_mt[i].idx, t_mt[j].idx);
				assert_string_not_equal(t_mt[i].macro,
							t_mt[j].macro);
			}
			normal |= !strcmp(t_mt[j].macro, "MT_NORMAL");
		}
		assert_true(normal);
		assert_true(t_mt[i].idx < 8);
	}
	/* Software bits: one meaning per bit and era. */
	for (size_t i = 0; i < T_N(t_sw); i++)
		for (size_t j = i + 1; j < T_N(t_sw); j++)
			if (t_sw[i].bit == t_sw[j].bit)
				assert_false(
					eras_overlap(t_sw[i].from, t_sw[i].to,
						     t_sw[j].from, t_sw[j].to));
	/* Swap layouts: contiguous eras from 0; parts disjoint; 50-bit
	 * offsets (__SWP_OFFSET_BITS) within the word. */
	assert_int_equal(t_swp[0].from, 0);
	assert_int_equal(t_swp[T_N(t_swp) - 1].to, 0xffffffffu);
	for (size_t i = 0; i < T_N(t_swp); i++) {
		uint64_t t = GENMASK_ULL(t_swp[i].tshift + t_swp[i].tbits - 1,
					 t_swp[i].tshift);
		uint64_t o = GENMASK_ULL(t_swp[i].oshift + t_swp[i].obits - 1,
					 t_swp[i].oshift);
		uint64_t e = t_swp[i].excl >= 0 ? 1ULL << t_swp[i].excl : 0;
		uint64_t u = t_swp[i].uffd >= 0 ? 1ULL << t_swp[i].uffd : 0;

		if (i)
			assert_int_equal(t_swp[i].from, t_swp[i - 1].to);
		assert_int_equal(t_swp[i].obits, 50);
		assert_false(t & o);
		assert_false((t | o) & (e | u | t_swp[i].zero));
		assert_false(e & u);
		assert_false((e | u) & t_swp[i].zero);
		assert_true(t_swp[i].zero & PTE_VALID);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_literals),
		cmocka_unit_test(test_protection_map_5_10),
		cmocka_unit_test(test_protection_map_6_1),
		cmocka_unit_test(test_protection_map_6_12),
		cmocka_unit_test(test_dirty_state_table),
		cmocka_unit_test(test_zero_page),
		cmocka_unit_test(test_prot_none),
		cmocka_unit_test(test_swap_entries),
		cmocka_unit_test(test_markers),
		cmocka_unit_test(test_device),
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_granules),
		cmocka_unit_test(test_pa52),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_walks),
		cmocka_unit_test(test_vocab_and_unknown),
		cmocka_unit_test(test_reconstruct_vma_kinds),
		cmocka_unit_test(test_uffd_wp_and_thp),
		cmocka_unit_test(test_def_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
