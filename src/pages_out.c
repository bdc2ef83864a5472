/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pages_out.c: page rows streamed as a table, raw, pairs or JSON */
#include "vmaview/pages_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/board.h"
#include "vmaview/jsonw.h"
#include "vmaview/output.h"
#include "vmaview/ptcmd.h"
#include "vmaview/ptdesc.h"
#include "vmaview/snapshot.h"
#include "vmaview/text.h"
#include "vmaview/xalloc.h"

/*
 * Rows are never held: a 2 GiB process is 524,288 rows. Tables use fixed
 * column widths (a value wider than its column pushes the rest right).
 */
/*
 * A process has few distinct flag words (one per kind of page), so their
 * names are formatted once and kept in a small direct-mapped cache.
 */
#define FCACHE 64

struct fcache {
	uint64_t word;
	size_t len;
	bool valid;
	char text[FLAGTAB_FMT_MAX];
};

struct pages_out {
	const struct vv_opts *o;
	const struct pcols *pc;
	FILE *out;
	struct jsonw *w;
	uint64_t page_size;
	enum flag_fmt ffmt;
	bool runs;
	bool header_done;
	char line[8192];
	struct fcache cache[2][FCACHE];  /* names of pagemap, kpageflags */
	/* the pte columns: the model and the current VMA */
	struct pt_config cfg;
	const struct pt_ops *ops;
	struct pt_input vin;
	struct pt_desc d;
	const struct prow *d_row;  /* the row d was built for (pte, pte_words) */
	bool d_ok;
};

void pages_out_vma(struct pages_out *po, const struct vma *v)
{
	memcpy(po->vin.perms, v->perms, sizeof(po->vin.perms));
	po->vin.vmflags = v->vmflags;
	po->vin.has_vmflags = v->has_vmflags;
	po->vin.file = v->inode != 0;
}

/*
 * The reconstructed entry of a row's (first) page, in po->d: built once
 * per row however many pte columns ask for it.
 */
static const struct pt_desc *row_pte(struct pages_out *po,
				     const struct prow *r)
{
	struct pt_input in = po->vin;

	if (po->d_row == r)
		return po->d_ok ? &po->d : NULL;
	po->d_row = r;
	po->d_ok = false;

	in.vaddr = r->vaddr;
	in.pm = r->pm;
	in.kpf = r->kpf;
	in.have_kpf = r->have & PI_KPF;
	in.mapcount = r->count;
	in.have_count = r->have & PI_KPC;
	in.pfn_known = r->have & PI_PFN;
	memset(&po->d, 0, sizeof(po->d));
	if (!po->ops || po->ops->reconstruct(&po->cfg, &in, &po->d) < 0)
		return NULL;
	po->d_ok = true;
	return &po->d;
}

struct pages_out *pages_out_new(const struct vv_opts *o,
				const struct pcols *pc, FILE *out)
{
	struct pages_out *po = xcalloc(1, sizeof(*po));
	struct snapshot_sys sys;

	snapshot_sys_root(o->proc_root, &sys);
	po->o = o;
	po->pc = pc;
	po->out = out;
	po->runs = o->runs;
	po->page_size = sys.page_size;
	po->ffmt = o->flag_format;
	for (size_t i = 0; i < pc->n; i++) {
		const char *why;

		if ((pc->v[i]->needs & PCOL_NEEDS_MODEL) && !po->ops &&
		    vv_pt_config(o, 0, &po->cfg, &why) == 0)
			po->ops = pt_ops_for(po->cfg.arch);
	}
	if (o->format == VV_FMT_JSON) {
		po->w = jw_new(out, o->pretty);
		json_head(po->w, o);
	}
	return po;
}

/* flagtab_format() through the cache (NAMES and BOTH only) */
static const char *flag_text(struct pages_out *po, int which, uint64_t word,
			     char *buf, size_t n, size_t *len)
{
	const struct flag_table *t = which ? &flagtab_kpageflags :
					     &flagtab_pagemap;
	bool internal = which && po->o->kpf_raw;
	struct fcache *c;

	if (po->ffmt != FLAG_FMT_NAMES) {
		*len = flagtab_format(t, word, internal, po->ffmt, buf, n);
		if (*len >= n)
			*len = n - 1;
		return buf;
	}
	if (!which)
		word &= ~PM_PFN_MASK; /* names never show the value field */
	c = &po->cache[which][(word ^ (word >> 29) ^ (word >> 47)) % FCACHE];
	if (!c->valid || c->word != word) {
		c->len = flagtab_format(t, word, internal, po->ffmt, c->text,
					sizeof(c->text));
		if (c->len >= sizeof(c->text))
			c->len = sizeof(c->text) - 1;
		c->word = word;
		c->valid = true;
	}
	*len = c->len;
	return c->text;
}

bool pages_out_failed(const struct pages_out *po)
{
	return ferror(po->out);
}

/* The board's label of a row's (first) frame, or NULL. */
static const char *phys_region(const struct pages_out *po,
			       const struct prow *r)
{
	if (!po->o->board || r->state != PAGE_PRESENT || !(r->have & PI_PFN))
		return NULL;
	return board_region(po->o->board->board,
			    (r->pm & PM_PFN_MASK) * po->page_size);
}

/* Text of one cell; "" when the value is unknown or does not apply. */
static const char *cell(struct pages_out *po, const struct page_column *c,
			const struct prow *r, char *buf, size_t n, size_t *len)
{
	bool present = r->state == PAGE_PRESENT, swap = r->state == PAGE_SWAP;
	uint64_t pfn = r->pm & PM_PFN_MASK;
	const struct pt_desc *d;
	const char *s;

	switch (c->id) {
	case PC_VADDR:
		*len = (size_t)(fmt_u64(buf, r->vaddr, 16) - buf);
		return buf;
	case PC_END:
		*len = (size_t)(fmt_u64(buf, r->vaddr + r->npages * po->page_size, 16) - buf);
		return buf;
	case PC_NPAGES:
		*len = (size_t)(fmt_u64(buf, r->npages, 10) - buf);
		return buf;
	case PC_STATE:
		buf = (char *)page_state_name((enum page_state)r->state);
		*len = strlen(buf);
		return buf;
	case PC_PFN:
		if (!present || !(r->have & PI_PFN))
			return *len = 0, "";
		*len = (size_t)(fmt_u64(buf, pfn, 16) - buf);
		return buf;
	case PC_PHYS:
		if (!present || !(r->have & PI_PFN))
			return *len = 0, "";
		*len = (size_t)(fmt_u64(buf, pfn * po->page_size, 16) - buf);
		return buf;
	case PC_PHYS_REGION:
		if (!(s = phys_region(po, r)))
			return *len = 0, "";
		*len = strlen(s);
		return s;
	case PC_SWAP_TYPE:
		if (!swap || !pfn)
			return *len = 0, "";
		*len = (size_t)(fmt_u64(buf, PM_SWAP_TYPE(r->pm), 10) - buf);
		return buf;
	case PC_SWAP_OFFSET:
		if (!swap || !pfn)
			return *len = 0, "";
		*len = (size_t)(fmt_u64(buf, PM_SWAP_OFFSET(r->pm), 16) - buf);
		return buf;
	case PC_PAGEMAP:
		return flag_text(po, 0, r->pm, buf, n, len);
	case PC_MAPCOUNT:
		if (!(r->have & PI_KPC))
			return *len = 0, "";
		*len = (size_t)(fmt_u64(buf, r->count, 10) - buf);
		return buf;
	case PC_KPAGEFLAGS:
		if (!(r->have & PI_KPF))
			return *len = 0, "";
		return flag_text(po, 1, r->kpf, buf, n, len);
	case PC_PTE:
		if (!(d = row_pte(po, r)))
			return *len = 0, "";
		buf[0] = '0', buf[1] = 'x';
		*len = (size_t)(fmt_u64(buf + 2, d->word, 16) - buf);
		return buf;
	case PC_PTE_WORDS:
		if (!(d = row_pte(po, r)))
			return *len = 0, "";
		*len = strlen(d->vocab);
		return d->vocab;
	default:
		return *len = 0, "";
	}
}

/* Appends s to the line at *off, padded to width w (negative: left). */
static void put_cell(struct pages_out *po, size_t *off, const char *s,
		     size_t len, int w, bool last)
{
	size_t pad = 0, cap = sizeof(po->line) - 2;
	size_t aw = (size_t)(w < 0 ? -w : w);

	if (po->o->format == VV_FMT_TABLE && len < aw && !last)
		pad = aw - len;
	if (*off + pad + len + 1 > cap)
		return; /* cannot happen: cells are bounded; never overflow */
	if (w > 0) {
		memset(po->line + *off, ' ', pad);
		*off += pad;
		pad = 0;
	}
	memcpy(po->line + *off, s, len);
	*off += len;
	memset(po->line + *off, ' ', pad);
	*off += pad;
	if (!last)
		po->line[(*off)++] = ' ';
}

static void table_header(struct pages_out *po)
{
	size_t off = 0;

	po->header_done = true;
	if (po->o->noheadings || po->o->format == VV_FMT_PAIRS)
		return;
	for (size_t i = 0; i < po->pc->n; i++)
		put_cell(po, &off, po->pc->v[i]->header,
			 strlen(po->pc->v[i]->header), po->pc->v[i]->width,
			 i + 1 == po->pc->n);
	po->line[off++] = '\n';
	fwrite_unlocked(po->line, 1, off, po->out);
}

/* --pairs: KEY="value" with '"' and '\' escaped (values are ASCII). */
static void put_pair(struct pages_out *po, size_t *off, const char *key,
		     const char *s, bool last)
{
	size_t cap = sizeof(po->line) - 2;

	*off += (size_t)snprintf(po->line + *off, cap - *off, "%s=\"", key);
	for (; *s && *off + 4 < cap; s++) {
		if (*s == '"' || *s == '\\')
			po->line[(*off)++] = '\\';
		po->line[(*off)++] = *s;
	}
	po->line[(*off)++] = '"';
	if (!last)
		po->line[(*off)++] = ' ';
}

static void json_row(struct pages_out *po, const struct prow *r)
{
	struct jsonw *w = po->w;
	bool present = r->state == PAGE_PRESENT, swap = r->state == PAGE_SWAP;
	uint64_t pfn = r->pm & PM_PFN_MASK;
	const struct pt_desc *d;

	jw_obj_start(w);
	for (size_t i = 0; i < po->pc->n; i++) {
		const struct page_column *c = po->pc->v[i];
		bool known = true;

		jw_key(w, c->name);
		switch (c->id) {
		case PC_VADDR:
			jw_hex(w, r->vaddr);
			break;
		case PC_END:
			jw_hex(w, r->vaddr + r->npages * po->page_size);
			break;
		case PC_NPAGES:
			jw_u64(w, r->npages);
			break;
		case PC_STATE:
			jw_str(w, page_state_name((enum page_state)r->state));
			break;
		case PC_PFN:
		case PC_PHYS:
			known = present && (r->have & PI_PFN);
			if (known)
				jw_hex(w, c->id == PC_PFN ? pfn :
							    pfn * po->page_size);
			break;
		case PC_SWAP_TYPE:
		case PC_SWAP_OFFSET:
			known = swap && pfn;
			if (known && c->id == PC_SWAP_TYPE)
				jw_u64(w, PM_SWAP_TYPE(r->pm));
			else if (known)
				jw_hex(w, PM_SWAP_OFFSET(r->pm));
			break;
		case PC_PAGEMAP:
			flagtab_json(w, &flagtab_pagemap, r->pm,
				     false);
			break;
		case PC_MAPCOUNT:
			known = r->have & PI_KPC;
			if (known)
				jw_u64(w, r->count);
			break;
		case PC_KPAGEFLAGS:
			known = r->have & PI_KPF;
			if (known)
				flagtab_json(w, &flagtab_kpageflags, r->kpf,
					     po->o->kpf_raw);
			break;
		case PC_PHYS_REGION: {
			const char *s = phys_region(po, r);

			known = s != NULL;
			if (s)
				jw_str(w, s);
			break;
		}
		case PC_PTE:
		case PC_PTE_WORDS:
			d = row_pte(po, r);
			known = d != NULL;
			if (d && c->id == PC_PTE)
				ptdesc_json(w, d, false);
			else if (d)
				jw_str(w, d->vocab);
			break;
		}
		if (!known)
			jw_null(w);
	}
	jw_obj_end(w);
}

void pages_out_row(struct pages_out *po, const struct prow *r)
{
	char buf[FLAGTAB_FMT_MAX];
	size_t off = 0;

	po->d_row = NULL; /* a new row: its entry is not built yet */
	if (po->w) {
		json_row(po, r);
		return;
	}
	if (!po->header_done)
		table_header(po);
	for (size_t i = 0; i < po->pc->n; i++) {
		const struct page_column *c = po->pc->v[i];
		size_t len;
		const char *s = cell(po, c, r, buf, sizeof(buf), &len);
		bool last = i + 1 == po->pc->n;

		if (po->o->format == VV_FMT_PAIRS)
			put_pair(po, &off, c->header, s, last);
		else
			put_cell(po, &off, len ? s : "-", len ? len : 1,
				 c->width, last);
	}
	po->line[off++] = '\n';
	fwrite_unlocked(po->line, 1, off, po->out);
}

void pages_out_process(struct pages_out *po, const struct proc_info *pi)
{
	if (!po->w)
		return;
	jw_obj_start(po->w);
	json_proc_ident(po->w, pi);
	jw_key(po->w, po->runs ? "runs" : "pages");
	jw_arr_start(po->w);
}

void pages_out_process_end(struct pages_out *po, const struct vv_limit *lim,
			   size_t nlim, const char *error)
{
	if (!po->w) {
		if (!po->header_done && !error)
			table_header(po);
		return;
	}
	jw_arr_end(po->w);
	json_limits(po->w, lim, nlim);
	jw_bool_field(po->w, "complete", !error);
	if (error)
		jw_str_field(po->w, "error", error);
	jw_obj_end(po->w);
}

void pages_out_end(struct pages_out *po)
{
	if (po->w) {
		jw_arr_end(po->w);
		jw_obj_end(po->w);
		jw_destroy(po->w);
	}
	free(po);
}
