/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - columns.c: the column registry and the typed value of each cell */
#include "vmaview/columns.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vmaview/elf.h"
#include "vmaview/flagtab.h"
#include "vmaview/jsonw.h"
#include "vmaview/text.h"
#include "vmaview/threads.h"
#include "vmaview/xalloc.h"

#define C(nm, hd, tp, idv, nd, sum, hlp) \
	{ .name = nm, .header = hd, .help = hlp, .type = tp, .id = idv, \
	  .smaps_key = -1, .needs = nd, .summable = sum }
#define F(nm, hd, tp, f, nd, hlp) \
	{ .name = nm, .header = hd, .help = hlp, .type = tp, .id = COLID_FRAME, \
	  .smaps_key = -1, .frame_field = FRF_##f, .needs = SRC_PAGEMAP | (nd), \
	  .summable = true }
#define K(key, hd) \
	{ .name = NULL, .header = hd, .type = COL_BYTES, .id = COLID_SMAPS, \
	  .smaps_key = SMAPS_##key, .needs = SRC_SMAPS }

static struct column registry[] = {
	C("range", "RANGE", COL_STR, COLID_RANGE, SRC_MAPS, false,
	  "start-end address range"),
	C("start", "START", COL_ADDR, COLID_START, SRC_MAPS, false,
	  "start address"),
	C("end", "END", COL_ADDR, COLID_END, SRC_MAPS, false,
	  "end address (exclusive)"),
	C("perms", "PERMS", COL_STR, COLID_PERMS, SRC_MAPS, false,
	  "permissions: r w x, p (private) or s (shared)"),
	C("offset", "OFFSET", COL_HEX, COLID_OFFSET, SRC_MAPS, false,
	  "offset into the file"),
	C("dev", "DEV", COL_STR, COLID_DEV, SRC_MAPS, false,
	  "device major:minor (hex) of the file"),
	C("inode", "INODE", COL_U64, COLID_INODE, SRC_MAPS, false,
	  "inode of the file"),
	C("size", "SIZE", COL_BYTES, COLID_SIZE, SRC_MAPS, true,
	  "virtual size"),
	K(KERNELPAGESIZE, "KPAGESZ"),
	K(MMUPAGESIZE, "MMUPAGESZ"),
	K(RSS, "RSS"),
	K(PSS, "PSS"),
	K(PSS_DIRTY, "PSS_DIRTY"),
	K(PSS_ANON, "PSS_ANON"),
	K(PSS_FILE, "PSS_FILE"),
	K(PSS_SHMEM, "PSS_SHMEM"),
	K(SHARED_CLEAN, "SH_CLEAN"),
	K(SHARED_DIRTY, "SH_DIRTY"),
	K(PRIVATE_CLEAN, "PRIV_CLEAN"),
	K(PRIVATE_DIRTY, "PRIV_DIRTY"),
	K(REFERENCED, "REFERENCED"),
	K(ANONYMOUS, "ANONYMOUS"),
	K(KSM, "KSM"),
	K(LAZYFREE, "LAZYFREE"),
	K(ANONHUGEPAGES, "ANONHUGE"),
	K(SHMEMPMDMAPPED, "SHMEMPMD"),
	K(FILEPMDMAPPED, "FILEPMD"),
	K(SHARED_HUGETLB, "SH_HUGETLB"),
	K(PRIVATE_HUGETLB, "PRIV_HUGETLB"),
	K(SWAP, "SWAP"),
	K(SWAPPSS, "SWAPPSS"),
	K(LOCKED, "LOCKED"),
	K(THPELIGIBLE, "THP"),
	K(PROTECTIONKEY, "PKEY"),
	C("vmflags", "VMFLAGS", COL_FLAGS, COLID_VMFLAGS, SRC_SMAPS, false,
	  "VmFlags mnemonics (see --list-flags vmflags)"),
	C("kind", "KIND", COL_STR, COLID_KIND, SRC_MAPS, false,
	  "region kind: heap stack anon reserved file shmem vdso vvar vsyscall special"),
	C("deleted", "DELETED", COL_BOOL, COLID_DELETED, SRC_MAPS, false,
	  "the mapped file has been deleted"),
	C("name", "NAME", COL_STR, COLID_NAME, SRC_MAPS, false,
	  "file path or [name], as the kernel prints it"),
	F("present", "PRESENT", COL_U64, PRESENT, 0,
	  "pages present in RAM (pagemap bit 63; zero-page mappings too)"),
	F("swapped", "SWAPPED", COL_U64, SWAPPED, 0,
	  "pages swapped out (pagemap bit 62, not a guard marker)"),
	F("guard", "GUARD", COL_U64, GUARD, 0,
	  "guard pages (MADV_GUARD_INSTALL; pagemap bit 58)"),
	F("file_shared", "FILE_SH", COL_U64, FILE_SHARED, 0,
	  "present or swapped pages that are file pages or shared anonymous (pagemap bit 61)"),
	F("exclusive", "EXCL", COL_U64, EXCLUSIVE, 0,
	  "pages mapped exclusively by this process (pagemap bit 56)"),
	F("runs", "RUNS", COL_U64, RUNS, 0,
	  "physical runs: virtually contiguous present pages on consecutive frames"),
	F("largest_run", "MAXRUN", COL_U64, LARGEST_RUN, 0,
	  "pages in the largest physical run (totals: the largest of all)"),
	F("thp", "THP_PG", COL_U64, THP, SRC_KPF,
	  "present pages in transparent huge pages, any size (kpageflags thp)"),
	F("hugetlb", "HUGETLB", COL_U64, HUGETLB, SRC_KPF,
	  "present pages in hugetlbfs pages (kpageflags huge)"),
	F("ksm_pages", "KSM_PG", COL_U64, KSM, SRC_KPF,
	  "present pages merged by KSM (kpageflags ksm)"),
	F("zero_pages", "ZERO_PG", COL_U64, ZERO, SRC_KPF,
	  "pages mapping the shared zero page (kpageflags zero_page)"),
	F("frame_pss", "FRAME_PSS", COL_BYTES, PSS, SRC_KPC,
	  "PSS from frames: each page divided by its kpagecount mapcount, summed in fixed point and rounded once"),
	F("shared_with", "SHARED_WITH", COL_U64, SHARED_WITH, 0,
	  "present pages whose frame the --shared-with process maps too (by PFN)"),
	C("pte_template", "PTE_TEMPLATE", COL_HEX, COLID_PTE_TEMPLATE,
	  SRC_MAPS | SRC_PTMODEL, false,
	  "protection_map entry of the VMA's permissions in the model (--arch, --kernel): "
	  "the page-table entry before its PFN, dirty and accessed bits"),
	C("elf", "ELF", COL_STR, COLID_ELF, SRC_MAPS | SRC_ELF, false,
	  "ELF segment the VMA maps: PT_LOAD index and its flags, \"LOAD[2] rw-\""),
	C("section", "SECTION", COL_STR, COLID_SECTION, SRC_MAPS | SRC_ELF,
	  false, "ELF sections the VMA covers, joined by ',' (.bss for the "
	  "anonymous rest of a data segment)"),
	C("build_id", "BUILD_ID", COL_STR, COLID_BUILD_ID, SRC_MAPS | SRC_ELF,
	  false, "GNU build-id of the mapped ELF object (hex)"),
	C("stack_tids", "STACK_TIDS", COL_STR, COLID_STACK_TIDS, SRC_MAPS, false,
	  "threads whose stack pointer is in the VMA (without --stacks: the threads "
	  "blocked in the kernel); tables name such an unnamed VMA [stack:TID]"),
	C("frame_tids", "FRAME_TIDS", COL_STR, COLID_FRAME_TIDS, SRC_MAPS, false,
	  "--stacks: threads with a frame executing in the VMA"),
	C("pid", "PID", COL_U64, COLID_PID, 0, false, "process ID"),
	C("comm", "COMMAND", COL_STR, COLID_COMM, 0, false,
	  "command name of the process"),
};

#define NREG (sizeof(registry) / sizeof(registry[0]))

const char *const columns_default =
	"range,perms,offset,dev,inode,size,rss,pss,pss_dirty,shared_clean,"
	"shared_dirty,private_clean,private_dirty,swap,swappss,locked,"
	"anonhugepages,thpeligible,kind,name";

static void registry_init(void)
{
	static bool done;

	if (done)
		return;
	for (size_t i = 0; i < NREG; i++) {
		struct column *c = &registry[i];
		const struct smaps_key_info *k;

		if (c->id != COLID_SMAPS)
			continue;
		k = &smaps_keys[c->smaps_key];
		c->name = k->col;
		c->help = k->help;
		c->type = k->unit == SMAPS_UNIT_NONE ? COL_U64 : COL_BYTES;
		c->summable = k->unit == SMAPS_UNIT_KB;
	}
	done = true;
}

const struct column *columns_all(size_t *n)
{
	registry_init();
	*n = NREG;
	return registry;
}

const struct column *column_find(const char *name, size_t len)
{
	registry_init();
	for (size_t i = 0; i < NREG; i++)
		if (strlen(registry[i].name) == len &&
		    !strncasecmp(registry[i].name, name, len))
			return &registry[i];
	return NULL;
}

static bool looks_like_key(const char *s, size_t len)
{
	if (!len || len > 64)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

static void colset_add(struct colset *cs, const struct column *col,
		       const char *extra, size_t len)
{
	struct colsel *s;

	cs->v = xreallocarray(cs->v, cs->n + 1, sizeof(*cs->v));
	s = &cs->v[cs->n++];
	memset(s, 0, sizeof(*s));
	s->col = col;
	if (!col) {
		s->extra_key = xstrndup(extra, len);
		s->dyn = (struct column){
			.name = s->extra_key, .header = s->extra_key,
			.help = "smaps key", .type = COL_U64, .id = COLID_EXTRA,
			.smaps_key = -1, .needs = SRC_SMAPS, .summable = true,
		};
		s->col = &s->dyn;
	}
	cs->needs |= s->col->needs;
}

static int add_list(struct colset *cs, const char *list, char **bad)
{
	const char *p = list;

	while (*p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const struct column *col = column_find(p, len);

		if (!col && !looks_like_key(p, len)) {
			*bad = xstrndup(p, len);
			return -EINVAL;
		}
		if (len)
			colset_add(cs, col, p, len);
		p += len + (e ? 1 : 0);
	}
	return 0;
}

int colset_parse(struct colset *cs, const char *list, const char *base,
		 char **bad)
{
	int ret = 0;

	memset(cs, 0, sizeof(*cs));
	*bad = NULL;
	if (list && list[0] == '+') {
		ret = add_list(cs, base, bad);
		list++;
	} else if (!list) {
		list = base;
	}
	if (!ret)
		ret = add_list(cs, list, bad);
	if (!ret && !cs->n) {
		*bad = xstrdup("");
		ret = -EINVAL;
	}
	/* pointers into dyn storage moved with realloc: re-aim them */
	for (size_t i = 0; i < cs->n; i++)
		if (cs->v[i].extra_key)
			cs->v[i].col = &cs->v[i].dyn;
	if (ret)
		colset_free(cs);
	return ret;
}

void colset_all(struct colset *cs, bool costly)
{
	registry_init();
	memset(cs, 0, sizeof(*cs));
	for (size_t i = 0; i < NREG; i++)
		if (costly || (registry[i].id != COLID_FRAME &&
			       !(registry[i].needs & SRC_ELF)))
			colset_add(cs, &registry[i], NULL, 0);
}

void colset_free(struct colset *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->v[i].extra_key);
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

static const struct smaps_extra *find_extra(const struct vma *v,
					    const char *key)
{
	for (size_t i = 0; i < v->nextra; i++)
		if (!strcasecmp(v->extra[i].key, key))
			return &v->extra[i];
	return NULL;
}

bool column_u64(const struct colsel *c, const struct vma *v, uint64_t *out)
{
	const struct smaps_extra *x;

	switch (c->col->id) {
	case COLID_START:
	case COLID_RANGE:
		*out = v->start;
		return true;
	case COLID_END:
		*out = v->end;
		return true;
	case COLID_OFFSET:
		*out = v->offset;
		return true;
	case COLID_INODE:
		*out = v->inode;
		return true;
	case COLID_SIZE:
		*out = v->end - v->start;
		return true;
	case COLID_SMAPS:
		*out = v->smaps[c->col->smaps_key];
		return v->have & (1ULL << c->col->smaps_key);
	case COLID_EXTRA:
		x = find_extra(v, c->extra_key);
		if (!x || x->text)
			return false;
		*out = x->value;
		return true;
	case COLID_DELETED:
		*out = v->deleted;
		return true;
	case COLID_PTE_TEMPLATE:
		*out = v->pte_template;
		return v->has_pte_template;
	case COLID_FRAME:
		return frame_stats_get(&v->frames,
				       (enum frame_field)c->col->frame_field, out);
	default:
		return false;
	}
}

char *size_human(uint64_t bytes, char *buf, size_t n)
{
	static const char units[] = "BKMGTPE";
	int exp = 0;
	uint64_t whole = bytes, frac = 0;
	char *q;

	while (whole >= 1024 && exp < 6) {
		frac = whole % 1024;
		whole /= 1024;
		exp++;
	}
	/* one decimal, rounded; 1023.96K rounds up into the next unit */
	frac = (frac * 10 + 512) / 1024;
	if (frac == 10) {
		whole++;
		frac = 0;
		if (whole == 1024 && exp < 6) {
			whole = 1;
			exp++;
		}
	}
	if (n < 24)
		return strcpy(buf, "?");
	q = fmt_u64(buf, whole, 10);
	if (frac) {
		*q++ = '.';
		*q++ = (char)('0' + frac);
	}
	*q++ = units[exp];
	*q = '\0';
	return buf;
}

static void vmflags_text(const struct vma *v, char *buf, size_t n)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < flagtab_vmflags.n; i++)
		if (v->vmflags & (1ULL << i))
			off += (size_t)snprintf(buf + off, off < n ? n - off : 0,
						"%s%s", off ? " " : "",
						flagtab_vmflags.entries[i].code);
	for (size_t i = 0; i < v->nvmflags_unknown; i++)
		off += (size_t)snprintf(buf + off, off < n ? n - off : 0,
					"%s%s", off ? " " : "",
					v->vmflags_unknown[i]);
}

/* The elf, section and build_id cells; NULL when there is no label. */
static const char *elf_cell(const struct colsel *c, const struct vma *v,
			    char *buf, size_t n)
{
	const struct vma_elf *e = &v->elf;

	if (!e->known)
		return NULL;
	switch (c->col->id) {
	case COLID_ELF:
		elf_seg_text(&(struct elf_seg){ .flags = e->pflags,
						.index = e->seg }, buf, n);
		return buf;
	case COLID_SECTION:
		return e->sections;
	case COLID_BUILD_ID:
		return e->build_id && *e->build_id ? e->build_id : NULL;
	default:
		return NULL;
	}
}

/* "12,34": the distinct TIDs of a, ascending, as much as fits in buf. */
static const char *tids_text(const struct addr_tid *a, size_t na, char *buf,
			     size_t n)
{
	pid_t small[64], *t = na <= 64 ? small : xmalloc(na * sizeof(*t));
	size_t k = addr_tids_unique(a, na, t), off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < k && off + FMT_U64_MAX + 1 < n; i++) {
		if (i)
			buf[off++] = ',';
		off = (size_t)(fmt_u64(buf + off, (uint64_t)t[i], 10) - buf);
	}
	if (t != small)
		free(t);
	return buf;
}

static void tids_json(struct jsonw *w, const char *key,
		      const struct addr_tid *a, size_t na)
{
	pid_t small[64], *t = na <= 64 ? small : xmalloc(na * sizeof(*t));
	size_t k = addr_tids_unique(a, na, t);

	jw_key(w, key);
	jw_arr_start(w);
	for (size_t i = 0; i < k; i++)
		jw_u64(w, (uint64_t)t[i]);
	jw_arr_end(w);
	if (t != small)
		free(t);
}

/* An unnamed anonymous VMA holding a thread's stack: "[stack:TID]". */
static const char *stack_name(const struct vma *v, char *buf, size_t n)
{
	pid_t tid = v->stack_at[0].tid;

	for (size_t i = 1; i < v->nstack; i++)
		if (v->stack_at[i].tid < tid)
			tid = v->stack_at[i].tid;
	snprintf(buf, n, "[stack:%d]", (int)tid);
	return buf;
}

const char *column_format(const struct colsel *c, const struct vma *v,
			  bool bytes, char *buf, size_t n)
{
	const struct smaps_extra *x;
	const char *s;
	uint64_t u;
	char *q;

	switch (c->col->id) {
	case COLID_ELF:
	case COLID_SECTION:
	case COLID_BUILD_ID:
		s = elf_cell(c, v, buf, n);
		return s ? s : "";
	case COLID_RANGE:
		if (n < 40)
			return "";
		q = fmt_u64(buf, v->start, 16);
		*q++ = '-';
		fmt_u64(q, v->end, 16);
		return buf;
	case COLID_PERMS:
		return v->perms;
	case COLID_DEV:
		if (v->dev_major > 0xff || v->dev_minor > 0xff || n < 6) {
			snprintf(buf, n, "%02x:%02x", v->dev_major,
				 v->dev_minor);
			return buf;
		}
		/* the common case without printf: "fe:01" */
		q = fmt_hex2(buf, (unsigned char)v->dev_major);
		*q++ = ':';
		*fmt_hex2(q, (unsigned char)v->dev_minor) = '\0';
		return buf;
	case COLID_VMFLAGS:
		vmflags_text(v, buf, n);
		return buf;
	case COLID_KIND:
		return vma_kind_name(v->kind);
	case COLID_NAME:
		if (!v->name_len && v->nstack && v->kind == VMA_KIND_STACK)
			return stack_name(v, buf, n);
		return v->name ? v->name : "";
	case COLID_STACK_TIDS:
		return tids_text(v->stack_at, v->nstack, buf, n);
	case COLID_FRAME_TIDS:
		return tids_text(v->frame_at, v->nframe, buf, n);
	case COLID_PID:
	case COLID_COMM:
		return ""; /* per process: filled in by the table backend */
	case COLID_EXTRA:
		x = find_extra(v, c->extra_key);
		if (x && x->text)
			return x->text;
		if (!x)
			return "";
		if (x->unit == SMAPS_UNIT_KB && !bytes)
			return size_human(x->value, buf, n);
		snprintf(buf, n, "%" PRIu64, x->value);
		return buf;
	default:
		break;
	}
	if (!column_u64(c, v, &u))
		return "";
	if (n < 24)
		return "";
	switch (c->col->type) {
	case COL_ADDR:
	case COL_HEX:
		fmt_u64(buf, u, 16);
		break;
	case COL_BYTES:
		if (bytes)
			fmt_u64(buf, u, 10);
		else
			size_human(u, buf, n);
		break;
	case COL_BOOL:
		return u ? "yes" : "no";
	default:
		fmt_u64(buf, u, 10);
		break;
	}
	return buf;
}

static void json_name(const struct vma *v, struct jsonw *w)
{
	jw_strn_field(w, "name", v->name ? v->name : "", v->name_len);
	if (v->name && !utf8_valid(v->name, v->name_len)) {
		jw_key(w, "name_hex");
		jw_hexbytes(w, v->name, v->name_len);
	}
}

void column_json(const struct colsel *c, const struct vma *v, struct jsonw *w)
{
	const struct smaps_extra *x;
	const char *s;
	const struct column *col = c->col;
	uint64_t u;
	char buf[32];

	switch (col->id) {
	case COLID_RANGE:
		jw_hex_field(w, "start", v->start);
		jw_hex_field(w, "end", v->end);
		return;
	case COLID_PERMS:
		jw_str_field(w, "perms", v->perms);
		return;
	case COLID_DEV:
		snprintf(buf, sizeof(buf), "%02x:%02x", v->dev_major,
			 v->dev_minor);
		jw_str_field(w, "dev", buf);
		return;
	case COLID_VMFLAGS:
		jw_key(w, "vmflags");
		jw_arr_start(w);
		for (size_t i = 0; i < flagtab_vmflags.n; i++)
			if (v->vmflags & (1ULL << i))
				jw_str(w, flagtab_vmflags.entries[i].code);
		jw_arr_end(w);
		jw_key(w, "vmflags_unknown");
		jw_arr_start(w);
		for (size_t i = 0; i < v->nvmflags_unknown; i++)
			jw_str(w, v->vmflags_unknown[i]);
		jw_arr_end(w);
		return;
	case COLID_KIND:
		jw_str_field(w, "kind", vma_kind_name(v->kind));
		return;
	case COLID_NAME:
		json_name(v, w);
		return;
	case COLID_STACK_TIDS:
		tids_json(w, col->name, v->stack_at, v->nstack);
		return;
	case COLID_FRAME_TIDS:
		if (!v->has_frame_tids) {
			jw_key(w, col->name);
			jw_null(w);
			return;
		}
		tids_json(w, col->name, v->frame_at, v->nframe);
		return;
	case COLID_PID:
	case COLID_COMM:
		return;
	case COLID_ELF:
	case COLID_SECTION:
	case COLID_BUILD_ID:
		jw_key(w, col->name);
		if ((s = elf_cell(c, v, buf, sizeof(buf))))
			jw_str(w, s);
		else
			jw_null(w);
		return;
	case COLID_EXTRA:
		x = find_extra(v, c->extra_key);
		jw_key(w, col->name);
		if (!x)
			jw_null(w);
		else if (x->text)
			jw_str(w, x->text);
		else
			jw_u64(w, x->value);
		return;
	default:
		break;
	}
	jw_key(w, col->name);
	if (!column_u64(c, v, &u)) {
		jw_null(w);
		return;
	}
	switch (col->type) {
	case COL_ADDR:
	case COL_HEX:
		jw_hex(w, u);
		break;
	case COL_BOOL:
		jw_bool(w, u);
		break;
	default:
		jw_u64(w, u);
		break;
	}
}
