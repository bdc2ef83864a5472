/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - ptmodel.h: page-table models: decode, templates, reconstruction, walks */
#ifndef VMAVIEW_PTMODEL_H
#define VMAVIEW_PTMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * User space cannot read page-table entries. A model decodes raw words
 * (from a debugger or crash) and reconstructs the leaf descriptor the
 * kernel would have installed for a present page, from what /proc shows.
 * Each field says where its value came from (enum pt_prov).
 */

enum pt_arch { PT_X86_64, PT_ARM64 };

/* Kernel version as (major << 16) | (minor << 8): the era of the layout. */
#define PT_KVER(maj, min) (((unsigned)(maj) << 16) | ((unsigned)(min) << 8))

struct pt_config {
	enum pt_arch arch;
	unsigned page_shift;   /* 12 (4K), 14 (16K), 16 (64K); x86_64: 12 */
	unsigned va_bits;      /* arm64: 39, 42, 47, 48, 52; x86_64: 48, 57 */
	unsigned levels;       /* translation levels for va_bits and granule */
	unsigned kver;         /* PT_KVER() of the kernel whose layout applies */
	bool pa52;             /* arm64: 52-bit output addresses (LPA/LPA2) */
	bool epan;             /* arm64: CPU has FEAT_PAN3 (EPAN): 5.13+ maps
				  PROT_EXEC alone execute-only; default off */
};

/* Where a field's value comes from. */
enum pt_prov {
	PV_RAW,        /* decode: read from the given word */
	PV_VMA,        /* the VMA: perms, VmFlags (protection_map of the era) */
	PV_PAGEMAP,    /* /proc/PID/pagemap */
	PV_KPF,        /* /proc/kpageflags, kpagecount */
	PV_INFERRED,   /* what the kernel most likely did; not observed */
	PV_UNKNOWN,    /* user space cannot know it (value shown is a guess or 0) */
};

const char *pt_prov_name(enum pt_prov p);   /* "raw", "vma", ... */

enum pt_kind {
	PTK_INVALID,   /* not valid, not a known non-present encoding */
	PTK_TABLE,     /* points to the next-level table */
	PTK_BLOCK,     /* leaf above the last level (2M/1G on 4K...) */
	PTK_PAGE,      /* last-level leaf */
	PTK_SWAP,      /* non-present: swap entry (type, offset) */
	PTK_MARKER,    /* non-present: PTE marker (guard, uffd-wp, poison) */
	PTK_MIGRATION, /* non-present: migration / device entry */
	PTK_PROTNONE,  /* present to the kernel, invalid to the MMU */
	PTK_NONE,      /* all zero */
};

const char *pt_kind_name(enum pt_kind k);   /* "table", "block", ... */

struct pt_field {
	const char *name;      /* "AttrIndx", "AP", "SH", "AF", "nG", "OA", ... */
	uint64_t mask;         /* the bits of the word it occupies */
	uint64_t value;        /* (word & mask) >> ctz(mask) */
	enum pt_prov prov;
	char text[64];         /* meaning: "EL0 read-only", "Normal (MT_NORMAL)" */
};

#define PT_MAX_FIELDS 32

struct pt_desc {
	uint64_t word;         /* the descriptor (raw or reconstructed) */
	uint64_t known;        /* bits whose value is fact (not inferred/unknown) */
	int level;             /* the level it sits at (see pt_walk naming) */
	enum pt_kind kind;
	struct pt_field f[PT_MAX_FIELDS];
	size_t nf;
	uint64_t unknown_bits; /* set bits no field explains */
	uint64_t oa;           /* output (physical) address of a leaf */
	uint64_t swap_type, swap_offset; /* PTK_SWAP */
	char vocab[192];       /* ptdump/crash words: "USR RW NX AF NG SHD MEM/NORMAL" */
};

/* What user space knows about one page, for reconstruction. */
struct pt_input {
	uint64_t vaddr;
	char perms[5];         /* maps: "rw-p" */
	uint64_t vmflags;      /* bits of flagtab_vmflags (VMFLAG_*), if has_vmflags */
	bool has_vmflags;
	bool file;             /* the VMA maps a file (inode != 0) */
	uint64_t pm;           /* pagemap word */
	uint64_t kpf;          /* kpageflags word, if have_kpf */
	bool have_kpf;
	uint64_t mapcount;     /* kpagecount, if have_count */
	bool have_count;
	bool pfn_known;        /* pm's PFN field is real (not hidden) */
};

/* One address's walk, level by level from the top. */
struct pt_walk {
	uint64_t va;           /* as given */
	uint64_t va_stripped;  /* tag bits removed (arm64 TBI: bits 63:56) */
	bool tagged;           /* va had a non-zero tag */
	bool in_range;         /* va_stripped is below the top of user space */
	unsigned nlevels;
	struct {
		const char *name;       /* arm64 "L0".."L3" (or "L-1"); x86 "PGD".."PTE" */
		unsigned shift, bits;   /* VA bits [shift + bits - 1 : shift] index it */
		uint64_t index;
		uint64_t entry_offset;  /* index * 8: byte offset in its table */
	} lv[6];
	unsigned page_offset_bits;
	uint64_t page_offset;
};

struct pt_ops {
	const char *name;      /* "arm64", "x86_64" */
	/*
	 * Decodes a raw word at a level of the walk (0 = top ... nlevels-1 =
	 * last): table/block/page, or a non-present encoding of the era.
	 * Unknown set bits are kept in d->unknown_bits. 0 or -EINVAL.
	 */
	int (*decode)(const struct pt_config *c, uint64_t word, int level,
		      struct pt_desc *d);
	/*
	 * protection_map[] of the era: the template for VM_READ 1 | VM_WRITE 2
	 * | VM_EXEC 4 | VM_SHARED 8 (idx 0..15), without the PFN.
	 */
	uint64_t (*template_of)(const struct pt_config *c, unsigned idx);
	/*
	 * The leaf the kernel would have installed for a present page (or
	 * the non-present encoding for a swap/guard pagemap entry), every
	 * field with its provenance. 0 or -EINVAL.
	 */
	int (*reconstruct)(const struct pt_config *c, const struct pt_input *in,
			   struct pt_desc *d);
	/* The walk of va under c. 0 or -EINVAL (va cannot be a user address). */
	int (*walk)(const struct pt_config *c, uint64_t va, struct pt_walk *w);
};

extern const struct pt_ops pt_arm64_ops;
/* pt_arm64_ops.decode (src/pt_arm64_decode.c), shared by src/pt_arm64*.c. */
int pt_arm64_decode(const struct pt_config *c, uint64_t word, int level,
		    struct pt_desc *d);
extern const struct pt_ops pt_x86_64_ops;

const struct pt_ops *pt_ops_for(enum pt_arch a);

/*
 * protection_map's index of maps permissions ("rw-p"): VM_READ 1 |
 * VM_WRITE 2 | VM_EXEC 4 | shared 8 (maps' 's').
 */
unsigned pt_prot_index(const char *perms);

/*
 * Whether the page is a KSM page: KPF_KSM, believed only in a mergeable
 * VMA (VmFlags mg) when VmFlags are known. Debian's 6.12.117 kernels set
 * KPF_KSM on every anonymous page (fixed upstream: "fs/proc: fix KPF_KSM
 * reported for all anonymous pages").
 */
bool pt_input_ksm(const struct pt_input *in);

/*
 * Fills c for arch from the kernel the data comes from: its release
 * (uname -r; NULL or unparsable: 6.12), its page size (arm64; x86_64 has
 * 4K), and va_bits from the top of user space (x86_64: 48 unless an
 * address above 2^47 is mapped; arm64: CONFIG_ARM64_VA_BITS inferred from
 * the highest VMA end, hi). Flags (--kernel, --va-bits, --page-size)
 * override afterwards. 0 or -EINVAL.
 */
int pt_config_default(struct pt_config *c, enum pt_arch arch, uint64_t hi,
		      const char *release, uint64_t page_size);
/*
 * Applies what the kernel's configuration (/proc/config.gz, uncompressed
 * into text) says of c's layout: arm64 CONFIG_ARM64_VA_BITS, _PAGE_SHIFT,
 * _PA_BITS; x86_64 CONFIG_X86_5LEVEL with the CPU's la57. Returns whether
 * it said anything.
 */
bool pt_config_kconfig(struct pt_config *c, const char *text, bool la57);

/* Levels for granule and VA size (arm64) or va_bits (x86_64). */
unsigned pt_levels(enum pt_arch arch, unsigned page_shift, unsigned va_bits);

#endif
