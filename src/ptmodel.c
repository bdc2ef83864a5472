/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - ptmodel.c: what the page-table models share: names, config, levels */
#include "vmaview/ptmodel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vmaview/flagtab.h"

const char *pt_prov_name(enum pt_prov p)
{
	static const char *const names[] = {
		[PV_RAW] = "raw",         [PV_VMA] = "vma",
		[PV_PAGEMAP] = "pagemap", [PV_KPF] = "kpageflags",
		[PV_INFERRED] = "inferred", [PV_UNKNOWN] = "unknown",
	};

	return (unsigned)p <= PV_UNKNOWN ? names[p] : "?";
}

const char *pt_kind_name(enum pt_kind k)
{
	static const char *const names[] = {
		[PTK_INVALID] = "invalid",     [PTK_TABLE] = "table",
		[PTK_BLOCK] = "block",         [PTK_PAGE] = "page",
		[PTK_SWAP] = "swap",           [PTK_MARKER] = "marker",
		[PTK_MIGRATION] = "migration", [PTK_PROTNONE] = "prot_none",
		[PTK_NONE] = "none",
	};

	return (unsigned)k <= PTK_NONE ? names[k] : "?";
}

const struct pt_ops *pt_ops_for(enum pt_arch a)
{
	return a == PT_ARM64 ? &pt_arm64_ops : &pt_x86_64_ops;
}

unsigned pt_prot_index(const char *perms)
{
	return (unsigned)(perms[0] == 'r') | (unsigned)(perms[1] == 'w') << 1 |
	       (unsigned)(perms[2] == 'x') << 2 | (unsigned)(perms[3] == 's') << 3;
}

bool pt_input_ksm(const struct pt_input *in)
{
	return in->have_kpf && (in->kpf >> KPFB_KSM & 1) &&
	       (!in->has_vmflags || (in->vmflags >> VMFLAG_MG & 1));
}

/*
 * arm64: levels = ceil((va_bits - page_shift) / (page_shift - 3)), the
 * kernel's ARM64_HW_PGTABLE_LEVELS(); x86_64: 4, or 5 for 57-bit VAs.
 */
unsigned pt_levels(enum pt_arch arch, unsigned page_shift, unsigned va_bits)
{
	unsigned per;

	if (arch == PT_X86_64)
		return va_bits > 48 ? 5 : 4;
	if (page_shift < 12 || va_bits <= page_shift)
		return 0;
	per = page_shift - 3;
	return (va_bits - page_shift + per - 1) / per;
}

/* "6.1.0-18-arm64" -> PT_KVER(6, 1); 0 when it does not parse. */
static unsigned kver_parse(const char *s)
{
	unsigned maj, min;

	if (sscanf(s, "%u.%u", &maj, &min) != 2 || maj > 255 || min > 255)
		return 0;
	return PT_KVER(maj, min);
}

int pt_config_default(struct pt_config *c, enum pt_arch arch, uint64_t hi,
		      const char *release, uint64_t page_size)
{
	memset(c, 0, sizeof(*c));
	c->arch = arch;
	c->page_shift = 12;
	if (arch == PT_ARM64) {
		while ((1ULL << c->page_shift) < page_size && c->page_shift < 16)
			c->page_shift++;
	}
	if (release)
		c->kver = kver_parse(release);
	if (!c->kver)
		c->kver = PT_KVER(6, 12);
	if (arch == PT_X86_64) {
		c->va_bits = hi > (1ULL << 47) ? 57 : 48;
	} else {
		/*
		 * The user stack sits just below TASK_SIZE = 2^va_bits; the
		 * smallest configured size that holds hi is the one in use.
		 */
		static const unsigned sizes[] = { 36, 39, 42, 47, 48, 52 };

		c->va_bits = 48;
		for (size_t i = 0; hi && i < sizeof(sizes) / sizeof(sizes[0]);
		     i++) {
			if (hi <= (1ULL << sizes[i])) {
				c->va_bits = sizes[i];
				break;
			}
		}
	}
	c->levels = pt_levels(arch, c->page_shift, c->va_bits);
	return c->levels ? 0 : -EINVAL;
}

/* The value of "NAME=" in kernel config text, or NULL. */
static const char *kconfig_value(const char *text, const char *name,
				 size_t *len)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');

		if (!strncmp(p, name, n) && p[n] == '=') {
			*len = (size_t)((nl ? nl : p + strlen(p)) - (p + n + 1));
			return p + n + 1;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static bool kconfig_num(const char *text, const char *name, unsigned *out)
{
	size_t len;
	const char *v = kconfig_value(text, name, &len);
	unsigned x = 0;

	if (!v || !len || len > 4)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (unsigned)(v[i] - '0');
	}
	*out = x;
	return true;
}

bool pt_config_kconfig(struct pt_config *c, const char *text, bool la57)
{
	unsigned v;
	size_t len;
	bool any = false;

	if (c->arch == PT_ARM64) {
		if (kconfig_num(text, "CONFIG_ARM64_VA_BITS", &v) && v >= 36 &&
		    v <= 52) {
			c->va_bits = v;
			any = true;
		}
		if (kconfig_num(text, "CONFIG_ARM64_PAGE_SHIFT", &v) &&
		    (v == 12 || v == 14 || v == 16)) {
			c->page_shift = v;
			any = true;
		}
		if (kconfig_num(text, "CONFIG_ARM64_PA_BITS", &v)) {
			c->pa52 = v == 52;
			any = true;
		}
	} else if ((kconfig_value(text, "CONFIG_X86_5LEVEL", &len) &&
		    len == 1) ||
		   (kconfig_num(text, "CONFIG_PGTABLE_LEVELS", &v) && v == 5)) {
		/*
		 * Built for 5 levels (X86_5LEVEL=y; from 6.16 always, seen as
		 * PGTABLE_LEVELS=5): used only when the CPU has LA57 too.
		 */
		c->va_bits = la57 ? 57 : 48;
		any = true;
	}
	if (any)
		c->levels = pt_levels(c->arch, c->page_shift, c->va_bits);
	return any;
}
