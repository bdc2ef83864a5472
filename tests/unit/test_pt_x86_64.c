/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_pt_x86_64.c: the x86_64 model against the kernel's macros */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmaview/flagtab.h"
#include "vmaview/frames.h"
#include "vmaview/ptmodel.h"

/*
 * The expected values below are computed with the kernel's own macros and
 * helpers, transcribed here with their source, never copied from
 * vmaview's output.
 *
 * arch/x86/include/asm/pgtable_types.h (linux-mm tree 2025, c0bdf236; the
 * same bit numbers in 6.6 and 6.12; 5.10 differs only in SOFTW4 = 58).
 */
#define _PAGE_BIT_PRESENT 0
#define _PAGE_BIT_RW 1
#define _PAGE_BIT_USER 2
#define _PAGE_BIT_PWT 3
#define _PAGE_BIT_PCD 4
#define _PAGE_BIT_ACCESSED 5
#define _PAGE_BIT_DIRTY 6
#define _PAGE_BIT_PSE 7
#define _PAGE_BIT_PAT 7
#define _PAGE_BIT_GLOBAL 8
#define _PAGE_BIT_SOFTW1 9
#define _PAGE_BIT_SOFTW2 10
#define _PAGE_BIT_SOFTW3 11
#define _PAGE_BIT_PAT_LARGE 12
#define _PAGE_BIT_SOFTW4 57 /* 6.6+; 58 before */
#define _PAGE_BIT_SOFTW5 58 /* 6.6+ */
#define _PAGE_BIT_PKEY_BIT0 59
#define _PAGE_BIT_NX 63
#define _PAGE_BIT_SPECIAL _PAGE_BIT_SOFTW1
#define _PAGE_BIT_UFFD_WP _PAGE_BIT_SOFTW2
#define _PAGE_BIT_SOFT_DIRTY _PAGE_BIT_SOFTW3
#define _PAGE_BIT_SAVED_DIRTY _PAGE_BIT_SOFTW5
#define _PAGE_BIT_PROTNONE _PAGE_BIT_GLOBAL

#define _AT(t, x) ((t)(x))
typedef uint64_t pteval_t;
#define _PAGE_PRESENT (_AT(pteval_t, 1) << _PAGE_BIT_PRESENT)
#define _PAGE_RW (_AT(pteval_t, 1) << _PAGE_BIT_RW)
#define _PAGE_USER (_AT(pteval_t, 1) << _PAGE_BIT_USER)
#define _PAGE_PWT (_AT(pteval_t, 1) << _PAGE_BIT_PWT)
#define _PAGE_PCD (_AT(pteval_t, 1) << _PAGE_BIT_PCD)
#define _PAGE_ACCESSED (_AT(pteval_t, 1) << _PAGE_BIT_ACCESSED)
#define _PAGE_DIRTY (_AT(pteval_t, 1) << _PAGE_BIT_DIRTY)
#define _PAGE_PSE (_AT(pteval_t, 1) << _PAGE_BIT_PSE)
#define _PAGE_GLOBAL (_AT(pteval_t, 1) << _PAGE_BIT_GLOBAL)
#define _PAGE_PAT (_AT(pteval_t, 1) << _PAGE_BIT_PAT)
#define _PAGE_PAT_LARGE (_AT(pteval_t, 1) << _PAGE_BIT_PAT_LARGE)
#define _PAGE_SPECIAL (_AT(pteval_t, 1) << _PAGE_BIT_SPECIAL)
#define _PAGE_UFFD_WP (_AT(pteval_t, 1) << _PAGE_BIT_UFFD_WP)
#define _PAGE_SOFT_DIRTY (_AT(pteval_t, 1) << _PAGE_BIT_SOFT_DIRTY)
#define _PAGE_SAVED_DIRTY (_AT(pteval_t, 1) << _PAGE_BIT_SAVED_DIRTY)
#define _PAGE_DIRTY_BITS (_PAGE_DIRTY | _PAGE_SAVED_DIRTY)
#define _PAGE_PROTNONE (_AT(pteval_t, 1) << _PAGE_BIT_PROTNONE)
#define _PAGE_NX (_AT(pteval_t, 1) << _PAGE_BIT_NX)
#define _PAGE_SWP_SOFT_DIRTY _PAGE_RW
#define _PAGE_SWP_UFFD_WP _PAGE_USER
#define _PAGE_SWP_EXCLUSIVE _PAGE_PWT /* pgtable.h, 5.19+ */
#define _PAGE_CC 0ULL /* no SME/TDX */

#define __PP _PAGE_PRESENT
#define __RW _PAGE_RW
#define _USR _PAGE_USER
#define ___A _PAGE_ACCESSED
#define ___D _PAGE_DIRTY
#define ___G _PAGE_GLOBAL
#define __NX _PAGE_NX

#define PAGE_NONE (0 | 0 | 0 | ___A | 0 | 0 | 0 | ___G)
#define PAGE_SHARED (__PP | __RW | _USR | ___A | __NX | 0 | 0 | 0)
#define PAGE_SHARED_EXEC (__PP | __RW | _USR | ___A | 0 | 0 | 0 | 0)
#define PAGE_COPY_NOEXEC (__PP | 0 | _USR | ___A | __NX | 0 | 0 | 0)
#define PAGE_COPY_EXEC (__PP | 0 | _USR | ___A | 0 | 0 | 0 | 0)
#define PAGE_COPY (__PP | 0 | _USR | ___A | __NX | 0 | 0 | 0)
#define PAGE_READONLY (__PP | 0 | _USR | ___A | __NX | 0 | 0 | 0)
#define PAGE_READONLY_EXEC (__PP | 0 | _USR | ___A | 0 | 0 | 0 | 0)
#define _PAGE_TABLE (__PP | __RW | _USR | ___A | 0 | ___D | 0 | 0)

/* page_types.h, pgtable_64_types.h: __PHYSICAL_MASK_SHIFT 52 */
#define PAGE_SHIFT 12
#define __PHYSICAL_MASK ((1ULL << 52) - 1)
#define PTE_PFN_MASK (__PHYSICAL_MASK & ~((1ULL << PAGE_SHIFT) - 1))
#define PHYSICAL_PMD_PAGE_MASK (__PHYSICAL_MASK & ~((1ULL << 21) - 1))
#define PHYSICAL_PUD_PAGE_MASK (__PHYSICAL_MASK & ~((1ULL << 30) - 1))
#define _COMMON_PAGE_CHG_MASK                                                  \
	(PTE_PFN_MASK | _PAGE_PCD | _PAGE_PWT | _PAGE_SPECIAL |                \
	 _PAGE_ACCESSED | _PAGE_DIRTY_BITS | _PAGE_SOFT_DIRTY | _PAGE_CC |     \
	 _PAGE_UFFD_WP)
#define _PAGE_CHG_MASK (_COMMON_PAGE_CHG_MASK | _PAGE_PAT)

/* include/linux/mm.h */
#define VM_READ 1
#define VM_WRITE 2
#define VM_EXEC 4
#define VM_SHARED 8

/* arch/x86/mm/pgprot.c protection_map[] (Linux 6.0+) */
static const uint64_t protection_map[16] = {
	[0] = PAGE_NONE,
	[VM_READ] = PAGE_READONLY,
	[VM_WRITE] = PAGE_COPY,
	[VM_WRITE | VM_READ] = PAGE_COPY,
	[VM_EXEC] = PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ] = PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE] = PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ] = PAGE_COPY_EXEC,
	[VM_SHARED] = PAGE_NONE,
	[VM_SHARED | VM_READ] = PAGE_READONLY,
	[VM_SHARED | VM_WRITE] = PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ] = PAGE_SHARED,
	[VM_SHARED | VM_EXEC] = PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ] = PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE] = PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ] = PAGE_SHARED_EXEC,
};

/* Linux 5.10 pgtable_types.h: __P000..__S111, protection_map = {__P000, ...} */
#define __P000 PAGE_NONE
#define __P001 PAGE_READONLY
#define __P010 PAGE_COPY
#define __P011 PAGE_COPY
#define __P100 PAGE_READONLY_EXEC
#define __P101 PAGE_READONLY_EXEC
#define __P110 PAGE_COPY_EXEC
#define __P111 PAGE_COPY_EXEC
#define __S000 PAGE_NONE
#define __S001 PAGE_READONLY
#define __S010 PAGE_SHARED
#define __S011 PAGE_SHARED
#define __S100 PAGE_READONLY_EXEC
#define __S101 PAGE_READONLY_EXEC
#define __S110 PAGE_SHARED_EXEC
#define __S111 PAGE_SHARED_EXEC
static const uint64_t protection_map_510[16] = {
	__P000, __P001, __P010, __P011, __P100, __P101, __P110, __P111,
	__S000, __S001, __S010, __S011, __S100, __S101, __S110, __S111,
};

/* arch/x86/include/asm/pgtable-invert.h */
static uint64_t protnone_mask(uint64_t val)
{
	return val && !(val & _PAGE_PRESENT) ? ~0ULL : 0;
}

static uint64_t flip_protnone_guard(uint64_t oldval, uint64_t val,
				    uint64_t mask)
{
	if ((oldval && !(oldval & _PAGE_PRESENT)) !=
	    (val && !(val & _PAGE_PRESENT)))
		val = (val & ~mask) | (~val & mask);
	return val;
}

/* arch/x86/include/asm/pgtable.h (6.6+ for the saved-dirty helpers) */
static uint64_t pfn_pte(uint64_t page_nr, uint64_t pgprot)
{
	uint64_t pfn = page_nr << PAGE_SHIFT;

	pfn ^= protnone_mask(pgprot);
	pfn &= PTE_PFN_MASK;
	return pfn | pgprot;
}

static uint64_t pfn_pmd(uint64_t page_nr, uint64_t pgprot)
{
	uint64_t pfn = page_nr << PAGE_SHIFT;

	pfn ^= protnone_mask(pgprot);
	pfn &= PHYSICAL_PMD_PAGE_MASK;
	return pfn | pgprot;
}

static uint64_t pfn_pud(uint64_t page_nr, uint64_t pgprot)
{
	uint64_t pfn = page_nr << PAGE_SHIFT;

	pfn ^= protnone_mask(pgprot);
	pfn &= PHYSICAL_PUD_PAGE_MASK;
	return pfn | pgprot;
}

static uint64_t pte_pfn(uint64_t pte)
{
	uint64_t pfn = pte;

	pfn ^= protnone_mask(pfn);
	return (pfn & PTE_PFN_MASK) >> PAGE_SHIFT;
}

static uint64_t mksaveddirty_shift(uint64_t v)
{
	uint64_t cond = (~v >> _PAGE_BIT_RW) & 1;

	v |= ((v >> _PAGE_BIT_DIRTY) & cond) << _PAGE_BIT_SAVED_DIRTY;
	v &= ~(cond << _PAGE_BIT_DIRTY);
	return v;
}

static uint64_t clear_saveddirty_shift(uint64_t v)
{
	uint64_t cond = (v >> _PAGE_BIT_RW) & 1;

	v |= ((v >> _PAGE_BIT_SAVED_DIRTY) & cond) << _PAGE_BIT_DIRTY;
	v &= ~(cond << _PAGE_BIT_SAVED_DIRTY);
	return v;
}

static uint64_t pte_wrprotect(uint64_t pte) /* 6.6+ */
{
	return mksaveddirty_shift(pte & ~_PAGE_RW);
}

static uint64_t pte_wrprotect_65(uint64_t pte) /* <= 6.5: clear RW only */
{
	return pte & ~_PAGE_RW;
}

static uint64_t pte_mkdirty(uint64_t pte)
{
	return mksaveddirty_shift(pte | _PAGE_DIRTY | _PAGE_SOFT_DIRTY);
}

static uint64_t pte_mkwrite_novma(uint64_t pte)
{
	return pte | _PAGE_RW;
}

static uint64_t pte_mkspecial(uint64_t pte)
{
	return pte | _PAGE_SPECIAL;
}

static uint64_t pte_mkuffd_wp(uint64_t pte)
{
	return pte_wrprotect(pte | _PAGE_UFFD_WP);
}

static uint64_t pte_mkwrite_shstk(uint64_t pte)
{
	return (pte & ~_PAGE_RW) | _PAGE_DIRTY;
}

static uint64_t pte_modify(uint64_t pte, uint64_t newprot)
{
	uint64_t val = pte, oldval = pte;

	val &= _PAGE_CHG_MASK;
	val |= newprot & ~_PAGE_CHG_MASK;
	val = flip_protnone_guard(oldval, val, PTE_PFN_MASK);
	if (oldval & _PAGE_RW)
		return mksaveddirty_shift(val);
	return clear_saveddirty_shift(val);
}

/* pgtable_types.h protval_4k_2_large() */
static uint64_t protval_4k_2_large(uint64_t val)
{
	return (val & ~(_PAGE_PAT | _PAGE_PAT_LARGE)) |
	       ((val & _PAGE_PAT) << (_PAGE_BIT_PAT_LARGE - _PAGE_BIT_PAT));
}

/*
 * arch/x86/mm/pat/memtype.c: Linux programs PAT as WB WC UC- UC WB WP UC-
 * WT and fills __cachemode2pte_tbl from index 7 down to 0, so the lowest
 * index of a mode wins; __cm_idx2pte() (pgtable_types.h) makes the bits.
 */
enum page_cache_mode { CM_WB, CM_WC, CM_UC_MINUS, CM_UC, CM_WT, CM_WP };
static const enum page_cache_mode linux_pat[8] = {
	CM_WB, CM_WC, CM_UC_MINUS, CM_UC, CM_WB, CM_WP, CM_UC_MINUS, CM_WT,
};
#define __cm_idx2pte(i)                                                        \
	((((i)&4) << (_PAGE_BIT_PAT - 2)) | (((i)&2) << (_PAGE_BIT_PCD - 1)) | \
	 (((i)&1) << _PAGE_BIT_PWT))

static uint64_t cachemode2protval(enum page_cache_mode pcm)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--) {
		if (linux_pat[i] == pcm)
			v = __cm_idx2pte((uint64_t)i);
	}
	return v;
}

/* arch/x86/include/asm/pgtable_64.h (4.19+) */
#define SWP_TYPE_BITS 5
#define SWP_OFFSET_FIRST_BIT (_PAGE_BIT_PROTNONE + 1)
#define SWP_OFFSET_SHIFT (SWP_OFFSET_FIRST_BIT + SWP_TYPE_BITS)
#define __swp_type(x) ((x) >> (64 - SWP_TYPE_BITS))
#define __swp_offset(x) (~(x) << SWP_TYPE_BITS >> SWP_OFFSET_SHIFT)
#define __swp_entry(type, offset)                                              \
	((~(uint64_t)(offset) << SWP_OFFSET_SHIFT >> SWP_TYPE_BITS) |          \
	 ((uint64_t)(type) << (64 - SWP_TYPE_BITS)))

/*
 * include/linux/swap.h special types with DEVICE_PRIVATE, MIGRATION and
 * MEMORY_FAILURE on: 6.12 (SWP_DEVICE_NUM 4), 6.15+ (3, one
 * device-exclusive type), 5.19-6.1 (plus SWP_SWAPIN_ERROR_NUM 1).
 */
#define MAX_SWAPFILES_SHIFT 5
#define MAX_SWAPFILES(dev, mig, hw, mark, swapin_err)                          \
	((1 << MAX_SWAPFILES_SHIFT) - (dev) - (mig) - (hw) - (mark) -          \
	 (swapin_err))
#define MAX_612 MAX_SWAPFILES(4, 3, 1, 1, 0)
#define MAX_615 MAX_SWAPFILES(3, 3, 1, 1, 0)
#define MAX_61 MAX_SWAPFILES(4, 3, 1, 1, 1)
#define SWP_MIGRATION_WRITE(max) ((max) + 1 + 2)
#define SWP_PTE_MARKER(max) ((max) + 1 + 3 + 4)
#define SWP_PTE_MARKER_615 (MAX_615 + 1 + 3 + 3)
/* include/linux/swapops.h (6.13+) */
#define PTE_MARKER_GUARD (1ULL << 2)

#define VF(id) (1ULL << VMFLAG_##id)

static struct pt_config cfg(unsigned levels, unsigned maj, unsigned min)
{
	struct pt_config c = {
		.arch = PT_X86_64,
		.page_shift = 12,
		.va_bits = levels == 5 ? 57 : 48,
		.levels = levels,
		.kver = PT_KVER(maj, min),
	};
	return c;
}

static const struct pt_field *fld(const struct pt_desc *d, const char *name)
{
	for (size_t i = 0; i < d->nf; i++) {
		if (!strcmp(d->f[i].name, name))
			return &d->f[i];
	}
	fail_msg("no field %s", name);
	return NULL;
}

static bool has_fld(const struct pt_desc *d, const char *name)
{
	for (size_t i = 0; i < d->nf; i++) {
		if (!strcmp(d->f[i].name, name))
			return true;
	}
	return false;
}

static uint64_t fval(const struct pt_desc *d, const char *name)
{
	return fld(d, name)->value;
}

static const struct pt_ops *ops = &pt_x86_64_ops;

static void test_protection_map(void **state)
{
	struct pt_config c612 = cfg(4, 6, 12), c510 = cfg(4, 5, 10);
	(void)state;

	assert_string_equal(ops->name, "x86_64");
	for (unsigned i = 0; i < 16; i++) {
		assert_int_equal(ops->template_of(&c612, i), protection_map[i]);
		assert_int_equal(ops->template_of(&c510, i),
				 protection_map_510[i]);
	}
	/* the reference table's literal values (x86_64.md 2.1), spot checks */
	assert_int_equal(ops->template_of(&c612, 0), 0x120);
	assert_int_equal(ops->template_of(&c612, 3), 0x8000000000000025ULL);
	assert_int_equal(ops->template_of(&c612, 11), 0x8000000000000027ULL);
	assert_int_equal(ops->template_of(&c612, 15), 0x27);
}

/* Private anon after a write fault: pte_mkdirty(pte_mkwrite(pfn_pte())) */
static void test_decode_real_pte(void **state)
{
	struct pt_config c = cfg(4, 6, 12);
	uint64_t v =
		pte_mkdirty(pte_mkwrite_novma(pfn_pte(0x123456, PAGE_COPY)));
	struct pt_desc d;
	(void)state;

	assert_int_equal(v, 0x8000000123456867ULL);
	assert_int_equal(ops->decode(&c, v, 3, &d), 0);
	assert_int_equal(d.kind, PTK_PAGE);
	assert_int_equal(d.level, 3);
	assert_int_equal(d.word, v);
	assert_int_equal(d.oa, pte_pfn(v) << PAGE_SHIFT);
	assert_int_equal(d.unknown_bits, 0);
	assert_int_equal(d.known, ~0ULL);
	assert_int_equal(fval(&d, "P"), 1);
	assert_int_equal(fval(&d, "RW"), 1);
	assert_int_equal(fval(&d, "US"), 1);
	assert_int_equal(fval(&d, "A"), 1);
	assert_int_equal(fval(&d, "D"), 1);
	assert_int_equal(fval(&d, "SOFT_DIRTY"), 1);
	assert_int_equal(fval(&d, "SPECIAL"), 0);
	assert_int_equal(fval(&d, "NX"), 1);
	assert_int_equal(fval(&d, "PKEY"), 0);
	assert_int_equal(fval(&d, "PFN"), 0x123456);
	assert_int_equal(fld(&d, "PFN")->mask, PTE_PFN_MASK);
	assert_int_equal(fval(&d, "cache"), 0);
	assert_int_equal(fld(&d, "NX")->prov, PV_RAW);
	assert_string_equal(d.vocab, "USR RW NX pte");
	/* 6.12: bit 57 is _PAGE_DEVMAP, bit 58 _PAGE_SAVED_DIRTY */
	assert_int_equal(fld(&d, "DEVMAP")->mask, 1ULL << 57);
	assert_int_equal(fld(&d, "SAVED_DIRTY")->mask, 1ULL << 58);

	/* text segment: pfn_pte(pfn, PAGE_READONLY_EXEC), ptdump "USR ro x" */
	v = pfn_pte(0x555555, PAGE_READONLY_EXEC);
	assert_int_equal(ops->decode(&c, v, 3, &d), 0);
	assert_string_equal(d.vocab, "USR ro x pte");
	assert_int_equal(fval(&d, "NX"), 0);
	assert_int_equal(fval(&d, "PFN"), 0x555555);

	/* bits Linux never sets in a user leaf are kept, not dropped */
	assert_int_equal(ops->decode(&c, v | 1ULL << 52 | 1ULL << 55, 3, &d),
			 0);
	assert_int_equal(d.unknown_bits, 1ULL << 52 | 1ULL << 55);
	assert_int_equal(ops->decode(&c, v, 4, &d), -EINVAL);
	assert_int_equal(ops->decode(&c, v, -1, &d), -EINVAL);
}

/* Dirty/clean, writable/read-only, and the 6.6 saved-dirty move. */
static void test_dirty_writable(void **state)
{
	struct pt_config c66 = cfg(4, 6, 6), c61 = cfg(4, 6, 1),
			 c510 = cfg(4, 5, 10);
	uint64_t w = pte_mkdirty(pte_mkwrite_novma(pfn_pte(0x4242, PAGE_COPY)));
	uint64_t ro66 = pte_wrprotect(w), ro65 = pte_wrprotect_65(w);
	uint64_t clean = pfn_pte(0x4242, PAGE_SHARED);
	struct pt_desc d;
	(void)state;

	/* fork() COW on 6.6+: RW off, D moved to bit 58 (x86_64.md 2.3) */
	assert_int_equal(ro66, 0x8400000000000825ULL | 0x4242ULL << 12);
	assert_int_equal(ops->decode(&c66, ro66, 3, &d), 0);
	assert_int_equal(fval(&d, "RW"), 0);
	assert_int_equal(fval(&d, "D"), 0);
	assert_int_equal(fval(&d, "SAVED_DIRTY"), 1);
	assert_int_equal(d.unknown_bits, 0);
	assert_string_equal(d.vocab, "USR ro NX pte");
	/* <= 6.5: D stays; bit 58 is not saved-dirty */
	assert_int_equal(ro65, 0x8000000000000865ULL | 0x4242ULL << 12);
	assert_int_equal(ops->decode(&c61, ro65, 3, &d), 0);
	assert_int_equal(fval(&d, "D"), 1);
	assert_false(has_fld(&d, "SAVED_DIRTY"));
	/* 6.1 and 5.10: _PAGE_DEVMAP is bit 58 (SOFTW4 = 58 before 6.6) */
	assert_int_equal(ops->decode(&c510, ro65 | 1ULL << 58, 3, &d), 0);
	assert_int_equal(fld(&d, "DEVMAP")->mask, 1ULL << 58);
	assert_int_equal(fval(&d, "DEVMAP"), 1);
	assert_int_equal(ops->decode(&c61, ro65 | 1ULL << 57, 3, &d), 0);
	assert_int_equal(d.unknown_bits, 1ULL << 57);
	/* 5.10 has uffd-wp (5.7+); a 5.4 kernel does not: bit 10 unknown */
	assert_true(has_fld(&d, "UFFD_WP"));
	{
		struct pt_config c54 = cfg(4, 5, 4);

		assert_int_equal(ops->decode(&c54, w | _PAGE_UFFD_WP, 3, &d),
				 0);
		assert_false(has_fld(&d, "UFFD_WP"));
		assert_int_equal(d.unknown_bits, _PAGE_UFFD_WP);
	}
	/* shared shmem page before the first write: RW=1, D=0 */
	assert_int_equal(ops->decode(&c66, clean, 3, &d), 0);
	assert_int_equal(fval(&d, "RW"), 1);
	assert_int_equal(fval(&d, "D"), 0);
	/* shadow stack: pte_mkwrite_shstk(): RW=0, D=1 */
	assert_int_equal(ops->decode(&c66, pte_mkwrite_shstk(clean), 3, &d), 0);
	assert_int_equal(fval(&d, "RW"), 0);
	assert_int_equal(fval(&d, "D"), 1);
	assert_non_null(strstr(fld(&d, "D")->text, "shadow stack"));
}

static void test_zero_page(void **state)
{
	struct pt_config c = cfg(4, 6, 12);
	uint64_t zpfn = 0x2a0b;
	uint64_t v = pte_mkspecial(pfn_pte(zpfn, PAGE_COPY));
	struct pt_input in = {
		.perms = "rw-p",
		.pm = PM_PRESENT | zpfn,
		.kpf = 1ULL << KPFB_ZERO_PAGE | 1ULL << KPFB_RESERVED,
		.have_kpf = true,
		.pfn_known = true,
	};
	struct pt_desc d;
	(void)state;

	assert_int_equal(v, 0x8000000000000225ULL | zpfn << 12);
	assert_int_equal(ops->decode(&c, v, 3, &d), 0);
	assert_int_equal(fval(&d, "SPECIAL"), 1);
	assert_int_equal(fval(&d, "RW"), 0);
	/* reconstructed from pagemap + kpageflags ZERO_PAGE */
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, v);
	assert_int_equal(d.kind, PTK_PAGE);
	assert_int_equal(fld(&d, "SPECIAL")->prov, PV_KPF);
	assert_int_equal(fld(&d, "RW")->prov, PV_KPF);
	assert_int_equal(fld(&d, "PFN")->prov, PV_PAGEMAP);
	assert_int_equal(fld(&d, "A")->prov, PV_INFERRED);
	assert_true(d.known & _PAGE_SPECIAL);
	assert_false(d.known & _PAGE_ACCESSED);
	/* exec VMA: 0x225 */
	memcpy(in.perms, "r-xp", 5);
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word,
			 pte_mkspecial(pfn_pte(zpfn, PAGE_READONLY_EXEC)));
}

static void test_prot_none(void **state)
{
	struct pt_config c = cfg(4, 6, 12), c61 = cfg(4, 6, 1);
	uint64_t pfn = 0x1234, v = pfn_pte(pfn, PAGE_NONE);
	uint64_t dirty =
		pte_mkdirty(pte_mkwrite_novma(pfn_pte(pfn, PAGE_COPY)));
	uint64_t m66 = pte_modify(dirty, PAGE_NONE);
	struct pt_input in = {
		.perms = "---p",
		.pm = PM_PRESENT | PM_EXCLUSIVE | pfn,
		.pfn_known = true,
	};
	struct pt_desc d;
	(void)state;

	/* L1TF: the PFN of a non-present entry is stored inverted */
	assert_int_equal(v & PTE_PFN_MASK, ~(pfn << 12) & PTE_PFN_MASK);
	assert_int_equal(ops->decode(&c, v, 3, &d), 0);
	assert_int_equal(d.kind, PTK_PROTNONE);
	assert_int_equal(fval(&d, "PROTNONE"), 1);
	assert_int_equal(fval(&d, "P"), 0);
	assert_int_equal(fval(&d, "PFN"), pte_pfn(v));
	assert_int_equal(d.oa, pfn << 12);
	assert_int_equal(d.unknown_bits, 0);
	assert_string_equal(d.vocab, "pte");
	/* mprotect(PROT_NONE) of a dirty anon page: 6.6+ 0x...920 + ~PFN */
	assert_int_equal(m66 & ~PTE_PFN_MASK, 0x0400000000000920ULL);
	assert_int_equal(ops->decode(&c, m66, 3, &d), 0);
	assert_int_equal(fval(&d, "SAVED_DIRTY"), 1);
	assert_int_equal(fval(&d, "D"), 0);
	assert_int_equal(fval(&d, "PFN"), pfn);
	/* <= 6.5 keeps D: 0x960 */
	assert_int_equal(
		ops->decode(&c61, 0x960 | (~(pfn << 12) & PTE_PFN_MASK), 3, &d),
		0);
	assert_int_equal(fval(&d, "D"), 1);
	assert_int_equal(fval(&d, "PFN"), pfn);
	/* reconstructed: the PAGE_NONE template, PFN inverted */
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.kind, PTK_PROTNONE);
	assert_int_equal(d.word, v);
	assert_int_equal(fld(&d, "PFN")->prov, PV_PAGEMAP);
	assert_int_equal(fval(&d, "PFN"), pfn);
	/* PMD with PSE but P = PROTNONE = 0: pmd_present() (invalidated) */
	assert_int_equal(
		ops->decode(&c, (v & ~_PAGE_PROTNONE) | _PAGE_PSE, 2, &d), 0);
	assert_int_equal(d.kind, PTK_PROTNONE);
}

static void test_swap_entries(void **state)
{
	struct pt_config c = cfg(4, 6, 12), c615 = cfg(4, 6, 15),
			 c61 = cfg(4, 6, 1);
	static const struct {
		uint64_t type, offset;
	} v[] = {
		{0, 1},
		{1, 0x12345},
		{3, 0xabcdef0},
		{7, (1ULL << 50) - 1},
		{22, 0x2aaaaaaaaaaaaULL},
	};
	struct pt_desc d;
	(void)state;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint64_t e = __swp_entry(v[i].type, v[i].offset);

		assert_int_equal(__swp_type(e), v[i].type);
		assert_int_equal(__swp_offset(e), v[i].offset);
		/* L1TF: bits 9-58 hold ~offset */
		assert_int_equal((e >> 9) & ((1ULL << 50) - 1),
				 ~v[i].offset & ((1ULL << 50) - 1));
		assert_int_equal(ops->decode(&c, e, 3, &d), 0);
		assert_int_equal(d.kind, PTK_SWAP);
		assert_int_equal(d.swap_type, v[i].type);
		assert_int_equal(d.swap_offset, v[i].offset);
		assert_int_equal(fval(&d, "TYPE"), v[i].type);
		assert_int_equal(fval(&d, "OFFSET"), v[i].offset);
		assert_int_equal(d.unknown_bits, 0);
		assert_string_equal(d.vocab, "pte");
	}
	/* the flag bits of a swap PTE */
	{
		uint64_t e = __swp_entry(2, 0x777) | _PAGE_SWP_SOFT_DIRTY |
			     _PAGE_SWP_UFFD_WP | _PAGE_SWP_EXCLUSIVE;

		assert_int_equal(ops->decode(&c, e, 3, &d), 0);
		assert_int_equal(fval(&d, "SWP_SOFT_DIRTY"), 1);
		assert_int_equal(fval(&d, "SWP_UFFD_WP"), 1);
		assert_int_equal(fval(&d, "SWP_EXCLUSIVE"), 1);
		assert_int_equal(d.swap_offset, 0x777);
		/* bits 4-6 are never used (A/D erratum): unknown if set */
		assert_int_equal(ops->decode(&c, e | _PAGE_DIRTY, 3, &d), 0);
		assert_int_equal(d.unknown_bits, _PAGE_DIRTY);
	}
	/* special types per era */
	assert_int_equal(MAX_612, 23);
	assert_int_equal(
		ops->decode(&c,
			    __swp_entry(SWP_MIGRATION_WRITE(MAX_612), 0x5678),
			    3, &d),
		0);
	assert_int_equal(d.kind, PTK_MIGRATION);
	assert_int_equal(d.oa, 0x5678ULL << 12);
	assert_int_equal(
		ops->decode(&c, __swp_entry(MAX_612 - 1, 0x5678), 3, &d), 0);
	assert_int_equal(d.kind, PTK_SWAP);
	assert_int_equal(
		ops->decode(&c615,
			    __swp_entry(SWP_PTE_MARKER_615, PTE_MARKER_GUARD),
			    3, &d),
		0);
	assert_int_equal(d.kind, PTK_MARKER);
	assert_non_null(strstr(fld(&d, "OFFSET")->text, "guard"));
	assert_int_equal(ops->decode(&c61,
				     __swp_entry(SWP_PTE_MARKER(MAX_61), 1), 3,
				     &d),
			 0);
	assert_int_equal(SWP_PTE_MARKER(MAX_61), 30);
	assert_int_equal(d.kind, PTK_MARKER);

	/* from pagemap: type bits 0-4, offset 5-54 (pagemap.rst) */
	{
		struct pt_input in = {
			.perms = "rw-p",
			.vmflags = VF(RD) | VF(WR) | VF(MR) | VF(MW) | VF(ME),
			.has_vmflags = true,
			.pm = PM_SWAP | PM_SOFT_DIRTY | 1 | 0x12345ULL << 5,
			.pfn_known = true,
		};

		assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
		assert_int_equal(d.kind, PTK_SWAP);
		assert_int_equal(d.word, __swp_entry(1, 0x12345) |
						 _PAGE_SWP_SOFT_DIRTY);
		assert_int_equal(fld(&d, "TYPE")->prov, PV_PAGEMAP);
		assert_int_equal(fld(&d, "SWP_SOFT_DIRTY")->prov, PV_PAGEMAP);
		assert_int_equal(fld(&d, "SWP_EXCLUSIVE")->prov, PV_UNKNOWN);
		assert_false(d.known & _PAGE_SWP_EXCLUSIVE);
		assert_true(d.known & _PAGE_SWP_SOFT_DIRTY);
		/* a migration entry: pagemap's offset is the PFN */
		in.pm = PM_SWAP | PM_EXCLUSIVE | SWP_MIGRATION_WRITE(MAX_612) |
			0xabcdeULL << 5;
		assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
		assert_int_equal(d.kind, PTK_MIGRATION);
		assert_int_equal(d.oa, 0xabcdeULL << 12);
		assert_int_equal(
			d.word,
			__swp_entry(SWP_MIGRATION_WRITE(MAX_612), 0xabcde));
		/* guard regions: a PTE marker (pagemap value read on 6.18) */
		in.pm = 0x440000000000009fULL;
		assert_int_equal(ops->reconstruct(&c615, &in, &d), 0);
		assert_int_equal(d.kind, PTK_MARKER);
		assert_int_equal(d.word, __swp_entry(SWP_PTE_MARKER_615,
						     PTE_MARKER_GUARD));
		/* without CAP_SYS_ADMIN the type and offset read as 0 */
		in.pm = PM_SWAP | PM_GUARD;
		in.pfn_known = false;
		assert_int_equal(ops->reconstruct(&c615, &in, &d), 0);
		assert_int_equal(d.kind, PTK_MARKER);
		assert_int_equal(d.word, __swp_entry(SWP_PTE_MARKER_615,
						     PTE_MARKER_GUARD));
		assert_int_equal(fld(&d, "TYPE")->prov, PV_INFERRED);
	}
}

/* Device and PFN maps: template + SPECIAL + cache bits (x86_64.md 2.3, 2.6). */
static void test_pfnmap_cache(void **state)
{
	struct pt_config c = cfg(4, 6, 12);
	uint64_t pfn = 0xfed00;
	uint64_t uc = pte_mkspecial(
		pfn_pte(pfn, PAGE_SHARED | cachemode2protval(CM_UC_MINUS)));
	uint64_t wc = pte_mkspecial(
		pfn_pte(pfn, PAGE_SHARED | cachemode2protval(CM_WC)));
	uint64_t wt = pfn_pte(pfn, PAGE_SHARED | cachemode2protval(CM_WT));
	uint64_t wp = pfn_pte(pfn, PAGE_SHARED | cachemode2protval(CM_WP));
	struct pt_input in = {
		.perms = "rw-s",
		.vmflags = VF(RD) | VF(WR) | VF(SH) | VF(MR) | VF(MW) | VF(MS) |
			   VF(IO) | VF(PF) | VF(DE) | VF(DD),
		.has_vmflags = true,
		.file = true,
		.pm = PM_PRESENT | pfn,
		.kpf = 1ULL << KPFB_NOPAGE,
		.have_kpf = true,
		.pfn_known = true,
	};
	struct pt_desc d;
	(void)state;

	assert_int_equal(uc & ~PTE_PFN_MASK, 0x8000000000000237ULL);
	assert_int_equal(wc & ~PTE_PFN_MASK, 0x800000000000022fULL);
	assert_int_equal(ops->decode(&c, uc, 3, &d), 0);
	assert_int_equal(fval(&d, "cache"), 2);
	assert_memory_equal(fld(&d, "cache")->text, "UC- ", 4);
	assert_int_equal(fval(&d, "SPECIAL"), 1);
	assert_string_equal(d.vocab, "USR RW PCD NX pte");
	assert_int_equal(ops->decode(&c, wc, 3, &d), 0);
	assert_int_equal(fval(&d, "cache"), 1);
	assert_memory_equal(fld(&d, "cache")->text, "WC ", 3);
	assert_string_equal(d.vocab, "USR RW PWT NX pte");
	assert_int_equal(ops->decode(&c, wt, 3, &d), 0);
	assert_int_equal(fval(&d, "cache"), 7);
	assert_memory_equal(fld(&d, "cache")->text, "WT ", 3);
	assert_string_equal(d.vocab, "USR RW PWT PCD PAT NX pte");
	assert_int_equal(ops->decode(&c, wp, 3, &d), 0);
	assert_int_equal(fval(&d, "cache"), 5);
	assert_memory_equal(fld(&d, "cache")->text, "WP ", 3);
	/* /dev/mem MMIO: special for sure, the cache mode is the driver's */
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, uc);
	assert_int_equal(fld(&d, "SPECIAL")->prov, PV_VMA);
	assert_int_equal(fld(&d, "cache")->prov, PV_UNKNOWN);
	assert_int_equal(fld(&d, "RW")->prov, PV_VMA);
	assert_false(d.known & _PAGE_PCD);
}

static void test_large_leaves(void **state)
{
	struct pt_config c = cfg(4, 6, 12), c5 = cfg(5, 6, 12);
	uint64_t pfn2m = 0x40200, pfn1g = 0x80000;
	/* THP anon after a write: pmd_mkdirty(pmd_mkwrite(pfn_pmd())) + PSE */
	uint64_t thp = pte_mkdirty(
		pte_mkwrite_novma(pfn_pmd(pfn2m, PAGE_COPY | _PAGE_PSE)));
	uint64_t g1 = pfn_pud(pfn1g, PAGE_SHARED | _PAGE_PSE | _PAGE_DIRTY);
	/* pgprot_4k_2_large() of the 4K cache bits, then pmd_mkhuge() */
	uint64_t wt2m =
		pfn_pmd(pfn2m, protval_4k_2_large(PAGE_SHARED |
						  cachemode2protval(CM_WT)) |
				       _PAGE_PSE);
	uint64_t tbl = _PAGE_TABLE | 0x1abcd000ULL;
	struct pt_desc d;
	(void)state;

	assert_int_equal(thp & ~PHYSICAL_PMD_PAGE_MASK, 0x80000000000008e7ULL);
	assert_int_equal(ops->decode(&c, thp, 2, &d), 0);
	assert_int_equal(d.kind, PTK_BLOCK);
	assert_int_equal(fval(&d, "PS"), 1);
	assert_int_equal(fld(&d, "PFN")->mask, PHYSICAL_PMD_PAGE_MASK);
	assert_int_equal(d.oa, pfn2m << 12);
	assert_int_equal(fval(&d, "PFN"), pfn2m);
	assert_int_equal(fval(&d, "cache"), 0);
	assert_string_equal(d.vocab, "USR RW PSE NX pmd");
	assert_int_equal(d.unknown_bits, 0);
	/* bits 13-20 are reserved in a 2M leaf */
	assert_int_equal(ops->decode(&c, thp | 1ULL << 13, 2, &d), 0);
	assert_int_equal(d.unknown_bits, 1ULL << 13);
	/* the same word in a 5-level table: level 3 is the PMD */
	assert_int_equal(ops->decode(&c5, thp, 3, &d), 0);
	assert_string_equal(d.vocab, "USR RW PSE NX pmd");
	/* 1G leaf at the PUD */
	assert_int_equal(ops->decode(&c, g1, 1, &d), 0);
	assert_int_equal(d.kind, PTK_BLOCK);
	assert_int_equal(fld(&d, "PFN")->mask, PHYSICAL_PUD_PAGE_MASK);
	assert_int_equal(d.oa, pfn1g << 12);
	assert_string_equal(d.vocab, "USR RW PSE NX pud");
	/* PAT moves to bit 12 in large leaves: WT = PAT(12)+PCD+PWT */
	assert_int_equal(wt2m & 0x1fffULL, 0x1000 | 0x18 | _PAGE_PSE | 0x27);
	assert_int_equal(ops->decode(&c, wt2m, 2, &d), 0);
	assert_int_equal(fval(&d, "PAT"), 1);
	assert_int_equal(fld(&d, "PAT")->mask, _PAGE_PAT_LARGE);
	assert_int_equal(fval(&d, "cache"), 7);
	assert_int_equal(d.oa, pfn2m << 12);
	assert_string_equal(d.vocab, "USR RW PWT PCD PSE PAT NX pmd");
	/* a table entry: _PAGE_TABLE */
	assert_int_equal(ops->decode(&c, tbl, 0, &d), 0);
	assert_int_equal(d.kind, PTK_TABLE);
	assert_int_equal(d.oa, 0x1abcd000ULL);
	assert_int_equal(fval(&d, "PS"), 0);
	assert_string_equal(d.vocab, "USR RW x pgd");
	assert_int_equal(ops->decode(&c, tbl, 1, &d), 0);
	assert_string_equal(d.vocab, "USR RW x pud");
	assert_int_equal(ops->decode(&c5, tbl, 1, &d), 0);
	assert_string_equal(d.vocab, "USR RW x p4d");
	/* no 512G pages: PS at the PGD is not a leaf */
	assert_int_equal(ops->decode(&c, tbl | _PAGE_PSE, 0, &d), 0);
	assert_int_equal(d.kind, PTK_INVALID);
	/* pte_none() ignores A and D (Knights Landing erratum) */
	assert_int_equal(ops->decode(&c, _PAGE_ACCESSED | _PAGE_DIRTY, 3, &d),
			 0);
	assert_int_equal(d.kind, PTK_NONE);
	assert_int_equal(d.unknown_bits, 0);
	/* zero is none at every level */
	assert_int_equal(ops->decode(&c, 0, 3, &d), 0);
	assert_int_equal(d.kind, PTK_NONE);
	assert_int_equal(ops->decode(&c, 0, 0, &d), 0);
	assert_int_equal(d.kind, PTK_NONE);
}

/* pgtable_64_types.h: PGDIR_SHIFT 39 (48 with LA57), P4D_SHIFT 39, PUD 30, PMD
 * 21 */
static void test_walk(void **state)
{
	struct pt_config c4 = cfg(4, 6, 12), c5 = cfg(5, 6, 12);
	uint64_t va5 = 0x00fe123456789abcULL, va4 = 0x00007ffd12345678ULL;
	uint64_t task_size_max4 = (1ULL << 47) - 4096;
	uint64_t task_size_max5 = (1ULL << 56) - 4096;
	static const unsigned sh5[] = {48, 39, 30, 21, 12};
	static const char *const nm5[] = {"PGD", "P4D", "PUD", "PMD", "PTE"};
	static const unsigned sh4[] = {39, 30, 21, 12};
	static const char *const nm4[] = {"PGD", "PUD", "PMD", "PTE"};
	struct pt_walk w;
	(void)state;

	assert_true(va5 < task_size_max5);
	assert_int_equal(ops->walk(&c5, va5, &w), 0);
	assert_true(w.in_range);
	assert_false(w.tagged);
	assert_int_equal(w.nlevels, 5);
	for (unsigned i = 0; i < 5; i++) {
		assert_string_equal(w.lv[i].name, nm5[i]);
		assert_int_equal(w.lv[i].shift, sh5[i]);
		assert_int_equal(w.lv[i].bits, 9);
		assert_int_equal(w.lv[i].index, (va5 >> sh5[i]) & 511);
		assert_int_equal(w.lv[i].entry_offset,
				 ((va5 >> sh5[i]) & 511) * 8);
	}
	assert_int_equal(w.page_offset, va5 & 4095);
	assert_int_equal(w.page_offset_bits, 12);
	assert_int_equal(w.lv[0].index, 0xfe);
	/* the same address is not canonical with 4 levels */
	assert_int_equal(ops->walk(&c4, va5, &w), -EINVAL);
	assert_false(w.in_range);
	assert_false(w.tagged);
	assert_int_equal(ops->walk(&c4, va4, &w), 0);
	assert_int_equal(w.nlevels, 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_string_equal(w.lv[i].name, nm4[i]);
		assert_int_equal(w.lv[i].index, (va4 >> sh4[i]) & 511);
	}
	/* TASK_SIZE_MAX: the last page below 2^47 is not user space */
	assert_int_equal(ops->walk(&c4, task_size_max4 - 1, &w), 0);
	assert_int_equal(ops->walk(&c4, task_size_max4, &w), -EINVAL);
	assert_int_equal(ops->walk(&c5, task_size_max5, &w), -EINVAL);
	assert_int_equal(ops->walk(&c5, task_size_max4, &w), 0);
	/* kernel and vsyscall addresses are not user addresses, nor tagged */
	assert_int_equal(ops->walk(&c4, 0xffff888000000000ULL, &w), -EINVAL);
	assert_false(w.tagged);
	assert_int_equal(ops->walk(&c4, 0xffffffffff600000ULL, &w), -EINVAL);
	/* LAM_U57: metadata in bits 62:57 of a user pointer */
	assert_int_equal(ops->walk(&c4, va4 | 0x3fULL << 57, &w), 0);
	assert_true(w.tagged);
	assert_int_equal(w.va, va4 | 0x3fULL << 57);
	assert_int_equal(w.va_stripped, va4);
	assert_int_equal(w.lv[3].index, (va4 >> 12) & 511);
	assert_int_equal(ops->walk(&c5, va5 | 0x15ULL << 57, &w), 0);
	assert_true(w.tagged);
	assert_int_equal(w.va_stripped, va5);
	/* bits 56:47 set with 4 levels: no LAM_U57 tag explains it */
	assert_int_equal(ops->walk(&c4, 0x0001000012345000ULL, &w), -EINVAL);
	assert_false(w.tagged);
	assert_false(w.in_range);
}

static struct pt_input anon_in(const char *perms, uint64_t pm)
{
	struct pt_input in = {
		.vmflags = VF(RD) | VF(WR) | VF(MR) | VF(MW) | VF(ME) | VF(AC),
		.has_vmflags = true,
		.pm = pm,
		.kpf = 1ULL << KPFB_ANON | 1ULL << KPFB_SWAPBACKED |
		       1ULL << KPFB_UPTODATE | 1ULL << KPFB_LRU |
		       1ULL << KPFB_MMAP,
		.have_kpf = true,
		.pfn_known = true,
	};

	memcpy(in.perms, perms, 5);
	return in;
}

static void test_reconstruct_anon(void **state)
{
	struct pt_config c = cfg(4, 6, 12), c61 = cfg(4, 6, 1);
	uint64_t pfn = 0x7777;
	uint64_t written =
		pte_mkdirty(pte_mkwrite_novma(pfn_pte(pfn, PAGE_COPY)));
	struct pt_input in = anon_in("rw-p", PM_PRESENT | PM_EXCLUSIVE |
						     PM_SOFT_DIRTY | pfn);
	struct pt_desc d;
	(void)state;

	/* written private anon: 0x...867 */
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, written);
	assert_int_equal(d.kind, PTK_PAGE);
	assert_int_equal(d.level, 3);
	assert_int_equal(d.oa, pfn << 12);
	assert_int_equal(fld(&d, "RW")->prov, PV_INFERRED);
	assert_int_equal(fld(&d, "D")->prov, PV_INFERRED);
	assert_int_equal(fld(&d, "P")->prov, PV_PAGEMAP);
	assert_int_equal(fld(&d, "NX")->prov, PV_VMA);
	assert_int_equal(fld(&d, "US")->prov, PV_VMA);
	assert_int_equal(fld(&d, "SOFT_DIRTY")->prov, PV_PAGEMAP);
	assert_int_equal(fld(&d, "G")->prov, PV_INFERRED);
	assert_int_equal(fld(&d, "PKEY")->prov, PV_INFERRED);
	assert_int_equal(d.known & (_PAGE_NX | _PAGE_USER | PTE_PFN_MASK),
			 _PAGE_NX | _PAGE_USER | PTE_PFN_MASK);
	assert_int_equal(d.known & (_PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED),
			 0);
	assert_string_equal(d.vocab, "USR RW NX pte");
	/* after fork (mapped twice, COW): 6.6+ saved dirty, <= 6.5 D kept */
	in.pm &= ~PM_EXCLUSIVE;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, pte_wrprotect(written));
	assert_int_equal(ops->reconstruct(&c61, &in, &d), 0);
	assert_int_equal(d.word, pte_wrprotect_65(written));
	/* uffd-wp: 0x8400000000000c25 on 6.6+ */
	in.pm |= PM_EXCLUSIVE | PM_UFFD_WP;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, pte_mkuffd_wp(written));
	assert_int_equal(d.word & ~PTE_PFN_MASK, 0x8400000000000c25ULL);
	assert_int_equal(fld(&d, "UFFD_WP")->prov, PV_PAGEMAP);
	assert_int_equal(fld(&d, "RW")->prov, PV_PAGEMAP);
	/* KSM: read-only and clean, in a mergeable VMA (VmFlags mg) */
	in.pm = PM_PRESENT | pfn;
	in.kpf |= 1ULL << KPFB_KSM;
	in.has_vmflags = true;
	in.vmflags |= 1ULL << VMFLAG_MG;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, pfn_pte(pfn, PAGE_COPY));
	assert_int_equal(fld(&d, "RW")->prov, PV_KPF);
	/*
	 * Outside a mergeable VMA there is no KSM page: KPF_KSM there is
	 * Debian 6.12.117's bug (set on every anon page) and is ignored, the
	 * page is the exclusive written page it says it is.
	 */
	in.vmflags &= ~(1ULL << VMFLAG_MG);
	in.pm = PM_PRESENT | PM_EXCLUSIVE | PM_SOFT_DIRTY | pfn;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, written);
	/* PFNs hidden: the PFN field is unknown and reads 0 */
	in = anon_in("rw-p", PM_PRESENT | PM_EXCLUSIVE);
	in.pfn_known = false;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(fld(&d, "PFN")->prov, PV_UNKNOWN);
	assert_int_equal(d.word & PTE_PFN_MASK, 0);
	assert_false(d.known & PTE_PFN_MASK);
	/* hugetlb: a PSE leaf one level up */
	in = anon_in("rw-s", PM_PRESENT | PM_EXCLUSIVE | (0x40200 + 5));
	in.vmflags |= VF(SH) | VF(MS) | VF(HT);
	in.kpf = 1ULL << KPFB_HUGE | 1ULL << KPFB_COMPOUND_TAIL;
	in.file = true;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.level, 2);
	assert_int_equal(d.kind, PTK_BLOCK);
	assert_int_equal(fval(&d, "PS"), 1);
	assert_int_equal(d.oa, 0x40200ULL << 12);
	/* mm/hugetlb.c make_huge_pte(): a writable entry is built dirty */
	assert_int_equal(d.word, pfn_pmd(0x40200, PAGE_SHARED | _PAGE_DIRTY |
							  _PAGE_PSE));
	/* nothing mapped */
	in = anon_in("rw-p", 0);
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.kind, PTK_NONE);
	assert_int_equal(d.word, 0);
}

static void test_reconstruct_file(void **state)
{
	struct pt_config c = cfg(4, 6, 12);
	uint64_t pfn = 0x9999;
	struct pt_input in = {
		.perms = "r-xp",
		.vmflags = VF(RD) | VF(EX) | VF(MR) | VF(MW) | VF(ME),
		.has_vmflags = true,
		.file = true,
		.pm = PM_PRESENT | PM_FILE | pfn,
		.kpf = 1ULL << KPFB_UPTODATE | 1ULL << KPFB_LRU |
		       1ULL << KPFB_MMAP,
		.have_kpf = true,
		.pfn_known = true,
	};
	struct pt_desc d;
	(void)state;

	/* text: PAGE_READONLY_EXEC */
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, pfn_pte(pfn, PAGE_READONLY_EXEC));
	assert_string_equal(d.vocab, "USR ro x pte");
	/* private writable, page cache page not COWed: read-only (fact) */
	memcpy(in.perms, "rw-p", 5);
	in.vmflags |= VF(WR);
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, pfn_pte(pfn, PAGE_COPY));
	assert_int_equal(fld(&d, "RW")->prov, PV_PAGEMAP);
	/*
	 * shared writable on a writeback fs: write-notify maps it with the
	 * private template until the first write (vm_pgprot_modify with
	 * vm_flags & ~VM_SHARED), then pte_mkdirty(pte_mkwrite()).
	 */
	memcpy(in.perms, "rw-s", 5);
	in.vmflags |= VF(SH) | VF(MS) | VF(SD);
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word,
			 pfn_pte(pfn, protection_map[VM_READ | VM_WRITE]));
	assert_int_equal(fld(&d, "RW")->prov, PV_INFERRED);
	in.kpf |= 1ULL << KPFB_DIRTY;
	in.pm |= PM_SOFT_DIRTY;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, pte_mkdirty(pte_mkwrite_novma(
					 pfn_pte(pfn, PAGE_COPY))));
	/* shmem: no write-notify, PAGE_SHARED as installed (D unknown) */
	in.pm = PM_PRESENT | PM_FILE | pfn;
	in.kpf = 1ULL << KPFB_SWAPBACKED | 1ULL << KPFB_UPTODATE |
		 1ULL << KPFB_LRU | 1ULL << KPFB_MMAP;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, pfn_pte(pfn, PAGE_SHARED));
	assert_int_equal(fld(&d, "RW")->prov, PV_VMA);
	assert_int_equal(fld(&d, "D")->prov, PV_UNKNOWN);
	/*
	 * no "sd" in VmFlags: soft-dirty tracking write-protects shmem
	 * (vma_wants_writenotify), or the kernel lacks CONFIG_MEM_SOFT_DIRTY
	 */
	in.vmflags &= ~VF(SD);
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(fld(&d, "RW")->prov, PV_UNKNOWN);
	/* a soft-dirty PTE there was written since clear_refs: RW, D, SD */
	in.pm |= PM_SOFT_DIRTY;
	assert_int_equal(ops->reconstruct(&c, &in, &d), 0);
	assert_int_equal(d.word, pte_mkdirty(pfn_pte(pfn, PAGE_SHARED)));
	assert_int_equal(fld(&d, "SOFT_DIRTY")->prov, PV_PAGEMAP);
}

/* Every row of x86_64_pte.def: no two rows of one scope and era overlap. */
static void test_table_overlap(void **state)
{
	static const unsigned kv[] = {
		PT_KVER(4, 19), PT_KVER(5, 10), PT_KVER(6, 1),
		PT_KVER(6, 6),	PT_KVER(6, 12), PT_KVER(6, 18),
	};
	static const uint64_t words[] = {
		0x8000000123456867ULL, 0x120,
		0x80000000402008e7ULL, 0x1abcd067,
		0x0ffffffffffb7200ULL, 0x0400000000000920ULL,
	};
	static const int levels[] = {3, 3, 2, 0, 3, 3};
	(void)state;

	for (size_t k = 0; k < sizeof(kv) / sizeof(kv[0]); k++) {
		struct pt_config c = cfg(4, kv[k] >> 16, kv[k] >> 8 & 0xff);

		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			struct pt_desc d;
			uint64_t seen = 0;

			assert_int_equal(
				ops->decode(&c, words[i], levels[i], &d), 0);
			for (size_t j = 0; j < d.nf; j++) {
				if (!strcmp(d.f[j].name, "cache"))
					continue;
				assert_int_equal(seen & d.f[j].mask, 0);
				assert_true(strlen(d.f[j].text) > 0);
				seen |= d.f[j].mask;
			}
			/* every set bit is a field or an unknown bit */
			assert_int_equal(words[i] & ~seen, d.unknown_bits);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_protection_map),
		cmocka_unit_test(test_decode_real_pte),
		cmocka_unit_test(test_dirty_writable),
		cmocka_unit_test(test_zero_page),
		cmocka_unit_test(test_prot_none),
		cmocka_unit_test(test_swap_entries),
		cmocka_unit_test(test_pfnmap_cache),
		cmocka_unit_test(test_large_leaves),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_reconstruct_anon),
		cmocka_unit_test(test_reconstruct_file),
		cmocka_unit_test(test_table_overlap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
