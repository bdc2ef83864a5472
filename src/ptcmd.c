/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - ptcmd.c: model configuration, descriptor printing, the decode command */
#include "vmaview/ptcmd.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "vmaview/board.h"
#include "vmaview/flagtab.h"
#include "vmaview/frames.h"
#include "vmaview/jsonw.h"
#include "vmaview/output.h"
#include "vmaview/ptdesc.h"
#include "vmaview/snapshot.h"
#include "vmaview/text.h"
#include "vmaview/xalloc.h"

/* The architecture of the kernel the data comes from (uname -m). */
static enum pt_arch sys_arch(const struct snapshot_sys *sys)
{
	return !strcmp(sys->machine, "aarch64") ? PT_ARM64 : PT_X86_64;
}

/* ROOT/config.gz as text (NUL-terminated, malloc'd), or NULL. */
static char *read_kconfig(const char *root)
{
	char path[4096], *buf = NULL;
	size_t n = 0, cap = 0;
	gzFile f;
	int r;

	snprintf(path, sizeof(path), "%s/config.gz", root ? root : "/proc");
	f = gzopen(path, "rb");
	if (!f)
		return NULL;
	do {
		if (cap - n < 65536) {
			if (cap >= (16u << 20))
				break; /* no kernel config is this large */
			cap = cap ? cap * 2 : 262144;
			buf = xrealloc(buf, cap + 1);
		}
		r = gzread(f, buf + n, (unsigned)(cap - n));
		if (r > 0)
			n += (size_t)r;
	} while (r > 0);
	gzclose(f);
	if (!buf)
		return NULL;
	buf[n] = '\0';
	return buf;
}

/* Does ROOT/cpuinfo list the la57 flag (5-level paging)? */
static bool cpu_la57(const char *root)
{
	char path[4096], line[8192];
	bool yes = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cpuinfo", root ? root : "/proc");
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!yes && fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5))
			yes = strstr(line, " la57") != NULL;
	fclose(f);
	return yes;
}

/*
 * The top of user space in a snapshot: the highest VMA end of the process
 * it holds (below 2^63: [vsyscall] is not user space), where the stack
 * sits just below TASK_SIZE; 0 when its maps cannot be read.
 */
static uint64_t snapshot_hi(const char *root)
{
	struct snapshot_meta m;
	char path[4096], line[512];
	uint64_t lo, end, hi = 0;
	FILE *f;

	if (snapshot_meta_load(root, &m) <= 0)
		return 0;
	snprintf(path, sizeof(path), "%s/%d/maps", root, (int)m.pid);
	snapshot_meta_free(&m);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%" SCNx64 "-%" SCNx64, &lo, &end) == 2 &&
		    end > hi && end <= (1ULL << 63))
			hi = end;
	fclose(f);
	return hi;
}

int vv_pt_config(const struct vv_opts *o, uint64_t hi, struct pt_config *c,
		 const char **why)
{
	char *kconfig;
	bool said = false;
	/* a board (--board, --rock5b, its DT) is arm64 unless --arch says */
	const struct board *board = o->board ? o->board->board : NULL;
	/* this machine, or where the snapshot (--proc-root) was taken */
	struct snapshot_sys sys;

	snapshot_sys_root(o->proc_root, &sys);
	enum pt_arch arch = o->arch == VV_ARCH_ARM64  ? PT_ARM64 :
			    o->arch == VV_ARCH_X86_64 ? PT_X86_64 :
			    board && !o->arch_set     ? PT_ARM64 :
							sys_arch(&sys);
	/* the data's own architecture: its page size and era apply */
	bool native = arch == sys_arch(&sys);

	/*
	 * No target (decode): the running kernel's layout shows in this
	 * process's own stack, which sits at the top of user space.
	 */
	if (native && !hi && !sys.snapshot && !o->proc_root)
		hi = (uint64_t)(uintptr_t)__builtin_frame_address(0);
	/* a snapshot: the top of the process it holds */
	if (native && !hi && sys.snapshot)
		hi = snapshot_hi(o->proc_root);
	/* another architecture's data: its page size says nothing */
	pt_config_default(c, arch, native ? hi : 0, sys.kernel,
			  native ? sys.page_size : 4096);
	/*
	 * The kernel's own configuration, when it is there: that of the
	 * running kernel for the native model, or a snapshot's (--proc-root).
	 */
	if ((native || o->proc_root) &&
	    (kconfig = read_kconfig(o->proc_root))) {
		said = pt_config_kconfig(c, kconfig, cpu_la57(o->proc_root));
		free(kconfig);
		/*
		 * A kernel built for 52-bit VAs runs with 48 (47 with 16K
		 * pages) on a CPU without LPA2/LVA (Debian's 6.12 on a
		 * Cortex-A76, the RK3588): addresses below 2^48 say so.
		 */
		if (arch == PT_ARM64 && c->va_bits == 52 && hi &&
		    hi <= (1ULL << 48)) {
			c->va_bits = c->page_shift == 14 ? 47 : 48;
			c->levels = pt_levels(arch, c->page_shift, c->va_bits);
		}
	}
	/*
	 * Without it, the board's kernels: 4K pages, 39-bit (vendor) or
	 * 48-bit VAs, told apart by the highest user address (the target's
	 * addresses are the board's, even read on another machine).
	 */
	if (board && arch == PT_ARM64 && !said) {
		const struct board_layout *l = board_layout_for(board, hi);

		/* a live kernel's page size is known: only its layouts */
		if (l && (!native || c->page_shift == l->page_shift)) {
			c->page_shift = l->page_shift;
			c->va_bits = l->va_bits;
		}
	}
	if (o->kmaj)
		c->kver = PT_KVER(o->kmaj, o->kmin);
	if (o->page_shift) {
		if (arch == PT_X86_64 && o->page_shift != 12)
			return *why = "--page-size: x86_64 has 4k pages only", -EINVAL;
		c->page_shift = o->page_shift;
	}
	if (o->va_bits)
		c->va_bits = o->va_bits;
	c->levels = pt_levels(arch, c->page_shift, c->va_bits);
	if (arch == PT_X86_64 && c->va_bits != 48 && c->va_bits != 57)
		return *why = "--va-bits: x86_64 has 48 or 57", -EINVAL;
	if (arch == PT_ARM64 && (c->va_bits < 36 || c->va_bits > 52))
		return *why = "--va-bits: arm64 has 36 to 52", -EINVAL;
	if (!c->levels || c->levels > 5)
		return *why = "--va-bits: no such page-table layout", -EINVAL;
	/* 52-bit VAs on arm64 come with 52-bit output addresses */
	c->pa52 = arch == PT_ARM64 && c->va_bits == 52;
	return 0;
}

void pt_config_text(const struct pt_config *c, char *buf, size_t n)
{
	snprintf(buf, n, "%s %uK %u-bit %u-level, kernel %u.%u layout",
		 c->arch == PT_ARM64 ? "arm64" : "x86_64",
		 1u << (c->page_shift - 10), c->va_bits, c->levels,
		 c->kver >> 16, (c->kver >> 8) & 0xff);
}

/* "63", "51:12" */
static void bits_text(uint64_t mask, char *buf, size_t n)
{
	int lo = mask ? __builtin_ctzll(mask) : 0;
	int hi = mask ? 63 - __builtin_clzll(mask) : 0;

	if (lo == hi)
		snprintf(buf, n, "%d", lo);
	else
		snprintf(buf, n, "%d:%d", hi, lo);
}

void ptdesc_print(FILE *out, const struct pt_desc *d, bool prov,
		  const char *indent)
{
	char bits[16];

	fprintf(out, "%s%-14s %-7s %-18s %s%s\n", indent, "FIELD", "BITS",
		"VALUE", "MEANING", prov ? " [SOURCE]" : "");
	for (size_t i = 0; i < d->nf; i++) {
		const struct pt_field *f = &d->f[i];

		bits_text(f->mask, bits, sizeof(bits));
		fprintf(out, "%s%-14s %-7s 0x%-16jx %s", indent, f->name, bits,
			(uintmax_t)f->value, f->text);
		if (prov)
			fprintf(out, " [%s]", pt_prov_name(f->prov));
		fputc('\n', out);
	}
	if (d->unknown_bits)
		fprintf(out, "%sunknown bits: 0x%jx\n", indent,
			(uintmax_t)d->unknown_bits);
}

void ptdesc_json(struct jsonw *w, const struct pt_desc *d, bool fields)
{
	char bits[16];

	jw_obj_start(w);
	jw_hex_field(w, "value", d->word);
	jw_hex_field(w, "known", d->known);
	jw_str_field(w, "kind", pt_kind_name(d->kind));
	jw_u64_field(w, "level", (uint64_t)d->level);
	jw_str_field(w, "words", d->vocab);
	if (d->kind == PTK_PAGE || d->kind == PTK_BLOCK)
		jw_hex_field(w, "oa", d->oa);
	if (d->kind == PTK_SWAP) {
		jw_u64_field(w, "swap_type", d->swap_type);
		jw_hex_field(w, "swap_offset", d->swap_offset);
	}
	jw_hex_field(w, "unknown", d->unknown_bits);
	if (fields) {
		jw_key(w, "fields");
		jw_arr_start(w);
		for (size_t i = 0; i < d->nf; i++) {
			const struct pt_field *f = &d->f[i];

			bits_text(f->mask, bits, sizeof(bits));
			jw_obj_start(w);
			jw_str_field(w, "name", f->name);
			jw_str_field(w, "bits", bits);
			jw_hex_field(w, "value", f->value);
			jw_str_field(w, "meaning", f->text);
			jw_str_field(w, "source", pt_prov_name(f->prov));
			jw_obj_end(w);
		}
		jw_arr_end(w);
	}
	jw_obj_end(w);
}

static void decode_flags_text(FILE *out, const struct flag_table *t,
			      uint64_t v, bool internal)
{
	char buf[FLAGTAB_FMT_MAX];

	flagtab_format(t, v, internal, FLAG_FMT_NAMES, buf, sizeof(buf));
	fprintf(out, "  %s\n", *buf ? buf : "(no flags)");
}

/* One pagemap word: state, PFN or swap, flags. */
static void decode_pagemap(const struct vv_opts *o, struct jsonw *w,
			   FILE *out, uint64_t v)
{
	enum page_state st = page_state_of(v);

	if (w) {
		jw_str_field(w, "state", page_state_name(st));
		if (st == PAGE_PRESENT) {
			jw_hex_field(w, "pfn", v & PM_PFN_MASK);
		} else if (st == PAGE_SWAP) {
			jw_u64_field(w, "swap_type", PM_SWAP_TYPE(v));
			jw_hex_field(w, "swap_offset", PM_SWAP_OFFSET(v));
		}
		jw_key(w, "flags");
		flagtab_json(w, &flagtab_pagemap, v, false);
		return;
	}
	fprintf(out, "  state %s", page_state_name(st));
	if (st == PAGE_PRESENT)
		fprintf(out, ", PFN 0x%jx", (uintmax_t)(v & PM_PFN_MASK));
	else if (st == PAGE_SWAP)
		fprintf(out, ", swap type %ju offset 0x%jx",
			(uintmax_t)PM_SWAP_TYPE(v), (uintmax_t)PM_SWAP_OFFSET(v));
	fputc('\n', out);
	(void)o;
	decode_flags_text(out, &flagtab_pagemap, v, false);
}

/* VmFlags have no bit ABI: the value is the codes as smaps prints them. */
static int decode_vmflags(struct jsonw *w, FILE *out, const char *s,
			  char **bad)
{
	const char *p = s;

	if (w) {
		jw_key(w, "flags");
		jw_arr_start(w);
	}
	while (*p) {
		const char *e = p;
		int idx;

		while (*e && *e != ' ' && *e != ',')
			e++;
		if (e > p) {
			idx = flagtab_lookup(&flagtab_vmflags, p,
					     (size_t)(e - p), false);
			if (idx < 0) {
				if (asprintf(bad, "decode: unknown VmFlags code '%.*s'",
					     (int)(e - p), p) < 0)
					*bad = NULL;
				return -EINVAL;
			}
			if (w) {
				jw_obj_start(w);
				jw_str_field(w, "code", flagtab_vmflags.entries[idx].code);
				jw_str_field(w, "name", flagtab_vmflags.entries[idx].name);
				jw_str_field(w, "meaning", flagtab_vmflags.entries[idx].desc);
				jw_obj_end(w);
			} else if (out) {
				fprintf(out, "  %-3s %-14s %s\n",
					flagtab_vmflags.entries[idx].code,
					flagtab_vmflags.entries[idx].name,
					flagtab_vmflags.entries[idx].desc);
			}
		}
		p = *e ? e + 1 : e;
	}
	if (w)
		jw_arr_end(w);
	return 0;
}

int decode_run(const struct vv_opts *o, FILE *out, char **bad)
{
	const char *kind = o->kind ? o->kind : "pte";
	const struct pt_ops *ops;
	struct pt_config c;
	struct jsonw *w = NULL;
	const char *why;
	char cfg[96];
	int ret = 0;

	*bad = NULL;
	if (!o->ntargets) {
		*bad = xstrdup("decode: no value given");
		return -EINVAL;
	}
	if (vv_pt_config(o, 0, &c, &why) < 0) {
		*bad = xstrdup(why);
		return -EINVAL;
	}
	if (o->level_set && o->level >= c.levels) {
		if (asprintf(bad, "--level: %u levels, 0 to %u", c.levels,
			     c.levels - 1) < 0)
			*bad = NULL;
		return -EINVAL;
	}
	/* every value is checked before anything is printed */
	for (int i = 0; i < o->ntargets; i++) {
		uint64_t v;

		if (!strcmp(kind, "vmflags")) {
			if (decode_vmflags(NULL, NULL, o->targets[i], bad) < 0)
				return -EINVAL;
		} else if (hex_parse(o->targets[i], strlen(o->targets[i]), &v) < 0) {
			if (asprintf(bad, "decode: '%s' is not a hex value",
				     o->targets[i]) < 0)
				*bad = NULL;
			return -EINVAL;
		}
	}
	ops = pt_ops_for(c.arch);
	pt_config_text(&c, cfg, sizeof(cfg));
	if (o->format == VV_FMT_JSON) {
		w = jw_new(out, o->pretty);
		json_doc_begin(w, o);
		jw_key(w, "decode");
		jw_arr_start(w);
	}
	for (int i = 0; i < o->ntargets && !ret; i++) {
		const char *arg = o->targets[i];
		uint64_t v = 0;

		if (strcmp(kind, "vmflags"))
			hex_parse(arg, strlen(arg), &v); /* checked above */
		if (w) {
			jw_obj_start(w);
			jw_str_field(w, "input", arg);
			jw_str_field(w, "kind", kind);
		} else {
			fprintf(out, "%s%s (%s", i ? "\n" : "", arg, kind);
			if (!strcmp(kind, "pte"))
				fprintf(out, ", %s", cfg);
			fprintf(out, ")\n");
		}
		if (!strcmp(kind, "vmflags")) {
			ret = decode_vmflags(w, out, arg, bad);
		} else if (!strcmp(kind, "pagemap")) {
			decode_pagemap(o, w, out, v);
		} else if (!strcmp(kind, "kpageflags")) {
			if (w) {
				jw_key(w, "flags");
				flagtab_json(w, &flagtab_kpageflags, v, true);
			} else {
				decode_flags_text(out, &flagtab_kpageflags, v, true);
			}
		} else {
			struct pt_desc d;
			int level = o->level_set ? (int)o->level :
						   (int)c.levels - 1;

			memset(&d, 0, sizeof(d));
			ops->decode(&c, v, level, &d);
			if (w) {
				jw_str_field(w, "model", cfg);
				jw_key(w, "pte");
				ptdesc_json(w, &d, true);
			} else {
				fprintf(out, "  %s at level %d: %s\n",
					pt_kind_name(d.kind), d.level, d.vocab);
				ptdesc_print(out, &d, false, "  ");
			}
		}
		if (w)
			jw_obj_end(w);
	}
	if (w) {
		jw_arr_end(w);
		jw_obj_end(w);
		jw_destroy(w);
	}
	return ret;
}
