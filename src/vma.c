/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - vma.c: smaps key table, VMA kinds and classification */
#include "vmaview/vma.h"

#include <stdlib.h>
#include <string.h>

#include "vmaview/flagtab.h"

const struct smaps_key_info smaps_keys[SMAPS_NKEYS] = {
#define SMAPS_KEY(id, key, col, unit, help) \
	[SMAPS_##id] = { key, col, SMAPS_UNIT_##unit, help, sizeof(key) - 1 },
#include "smaps_keys.def"
#undef SMAPS_KEY
};

_Static_assert(SMAPS_NKEYS <= 64, "smaps 'have' set is 64 bits");

static const char *const kind_names[VMA_KIND_COUNT] = {
	[VMA_KIND_ANON] = "anon",	  [VMA_KIND_HEAP] = "heap",
	[VMA_KIND_STACK] = "stack",	  [VMA_KIND_FILE] = "file",
	[VMA_KIND_SHMEM] = "shmem",	  [VMA_KIND_RESERVED] = "reserved",
	[VMA_KIND_VDSO] = "vdso",	  [VMA_KIND_VVAR] = "vvar",
	[VMA_KIND_VSYSCALL] = "vsyscall", [VMA_KIND_SPECIAL] = "special",
};

const char *vma_kind_name(enum vma_kind kind)
{
	return kind < VMA_KIND_COUNT ? kind_names[kind] : "?";
}

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static bool has_suffix(const char *s, size_t len, const char *suf)
{
	size_t n = strlen(suf);

	return len >= n && !memcmp(s + len - n, suf, n);
}

/*
 * Names come from the kernel: "/path" for files (with " (deleted)" when
 * unlinked), "[heap]", "[stack]", "[vdso]", "[vvar]", "[vvar_vclock]",
 * "[vsyscall]", "[anon:NAME]" and "[anon_shmem:NAME]" (5.17+, 6.x), "[uprobes]"
 * and so on; anonymous memory has no name. A name that does not start with
 * '/' or '[' is taken as a path too (fs-specific d_path output).
 */
void vma_classify(struct vma *v)
{
	const char *n = v->name;
	size_t len = v->name_len;
	bool none = v->perms[0] == '-' && v->perms[1] == '-' &&
		    v->perms[2] == '-';

	v->deleted = false;
	if (!n || !len) {
		if (v->perms[3] == 's')
			v->kind = VMA_KIND_SHMEM;
		else
			v->kind = none ? VMA_KIND_RESERVED : VMA_KIND_ANON;
		return;
	}
	if (n[0] == '[') {
		if (!strcmp(n, "[heap]"))
			v->kind = VMA_KIND_HEAP;
		else if (!strcmp(n, "[stack]") || has_prefix(n, "[stack:"))
			v->kind = VMA_KIND_STACK;
		else if (!strcmp(n, "[vdso]"))
			v->kind = VMA_KIND_VDSO;
		else if (has_prefix(n, "[vvar"))
			v->kind = VMA_KIND_VVAR;
		else if (!strcmp(n, "[vsyscall]"))
			v->kind = VMA_KIND_VSYSCALL;
		else if (has_prefix(n, "[anon_shmem:"))
			v->kind = VMA_KIND_SHMEM;
		else if (has_prefix(n, "[anon:"))
			v->kind = none ? VMA_KIND_RESERVED : VMA_KIND_ANON;
		else
			v->kind = VMA_KIND_SPECIAL;
		return;
	}
	v->deleted = has_suffix(n, len, " (deleted)");
	if (has_prefix(n, "/memfd:") || has_prefix(n, "/SYSV") ||
	    has_prefix(n, "/dev/shm/") || !strcmp(n, "/dev/zero (deleted)"))
		v->kind = VMA_KIND_SHMEM;
	else
		v->kind = VMA_KIND_FILE;
}

void vma_clear(struct vma *v)
{
	free(v->name);
	for (size_t i = 0; i < v->nextra; i++) {
		free(v->extra[i].key);
		free(v->extra[i].text);
	}
	free(v->extra);
	for (size_t i = 0; i < v->nvmflags_unknown; i++)
		free(v->vmflags_unknown[i]);
	free(v->vmflags_unknown);
	free(v->elf.sections);
	memset(v, 0, sizeof(*v));
}
