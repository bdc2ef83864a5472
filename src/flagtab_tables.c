/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - flagtab_tables.c: the flag tables (data from src/flags) */
#include "vmaview/flagtab.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const struct flag_entry vmflags_entries[] = {
#define VMFLAG(id, code, name, desc)                                           \
	{1ULL << VMFLAG_##id,                                                  \
	 1ULL << VMFLAG_##id,                                                  \
	 code,                                                                 \
	 name,                                                                 \
	 desc,                                                                 \
	 NULL,                                                                 \
	 false},
#include "flags/vmflags.def"
#undef VMFLAG
};

_Static_assert(VMFLAG_COUNT <= 64, "vmflags must fit a 64-bit set");

const struct flag_table flagtab_vmflags = {
	.kind = "vmflags",
	.provenance = "fs/proc/task_mmu.c show_smap_vma_flags() "
		      "(Linux 6.12, gu: 6.18)",
	.entries = vmflags_entries,
	.n = ARRAY_LEN(vmflags_entries),
	.keyed_by_code = true,
};

static const struct flag_entry pagemap_entries[] = {
#define PM_FLAG(id, bit, code, name, desc)                                     \
	{1ULL << (bit), 1ULL << (bit), code, name, desc, NULL, false},
#include "flags/pagemap.def"
#undef PM_FLAG
};

const struct flag_table flagtab_pagemap = {
	.kind = "pagemap",
	.provenance = "fs/proc/task_mmu.c PM_* (Linux 6.12; guard: 6.15), "
		      "Documentation/admin-guide/mm/pagemap.rst",
	.entries = pagemap_entries,
	.n = ARRAY_LEN(pagemap_entries),
	.field_mask = PAGEMAP_FIELD_MASK,
	.letter_codes = true,
};

static const struct flag_entry kpageflags_entries[] = {
#define KPF(id, bit, code, name, alias, desc)                                  \
	{1ULL << (bit), 1ULL << (bit), code, name, desc, alias, false},
#define KPF_INTERNAL(id, bit, code, name, alias, desc)                         \
	{1ULL << (bit), 1ULL << (bit), code, name, desc, alias, true},
#include "flags/kpageflags.def"
#undef KPF_INTERNAL
#undef KPF
};

/* page-types' parse_flag_name(): "compound" (or a prefix) is both bits. */
static const struct flag_group kpageflags_groups[] = {
	{"compound",
	 (1ULL << KPFB_COMPOUND_HEAD) | (1ULL << KPFB_COMPOUND_TAIL)},
};

const struct flag_table flagtab_kpageflags = {
	.kind = "kpageflags",
	.provenance = "include/uapi/linux/kernel-page-flags.h (0-26), "
		      "include/linux/kernel-page-flags.h (32-42), "
		      "tools/mm/page-types.c page_flag_names[] (Linux 6.12)",
	.entries = kpageflags_entries,
	.n = ARRAY_LEN(kpageflags_entries),
	.letter_codes = true,
	.groups = kpageflags_groups,
	.ngroups = ARRAY_LEN(kpageflags_groups),
};

const struct flag_table *const flagtab_all[] = {
	&flagtab_vmflags,
	&flagtab_pagemap,
	&flagtab_kpageflags,
	NULL,
};
