/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pages_out.h: streamed page rows: table, raw, pairs and JSON */
#ifndef VMAVIEW_PAGES_OUT_H
#define VMAVIEW_PAGES_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vmaview/flagtab.h"
#include "vmaview/frames.h"
#include "vmaview/opts.h"
#include "vmaview/pages.h"
#include "vmaview/process.h"
#include "vmaview/ptmodel.h"
#include "vmaview/vma.h"

enum page_col_id {
	PC_VADDR, PC_END, PC_NPAGES, PC_STATE, PC_PFN, PC_PHYS, PC_SWAP_TYPE,
	PC_SWAP_OFFSET, PC_PAGEMAP, PC_MAPCOUNT, PC_KPAGEFLAGS, PC_PTE,
	PC_PTE_WORDS, PC_PHYS_REGION,
};

/* A page column that needs the page-table model (and so smaps' VmFlags). */
#define PCOL_NEEDS_MODEL 0x100

#define PCOLS_MAX 32

struct pcols {
	const struct page_column *v[PCOLS_MAX];
	size_t n;
	unsigned needs;   /* FS_KPF, FS_KPC */
};

/* One row: a page, or a run of npages pages starting at vaddr. */
struct prow {
	uint64_t vaddr, npages, pm, kpf, count;
	uint8_t state, have;  /* enum page_state, PI_* */
};

/* The --flags expressions: a page matches when any one does. */
struct flagfilter_set {
	struct flag_filter *v;
	size_t n;
	bool show_internal;   /* match the word as shown (--kpf-raw) */
};

int flagfilter_parse(struct flagfilter_set *ff, const struct vv_opts *o,
		     char **bad);
bool flagfilter_match(const struct flagfilter_set *ff,
		      const struct page_info *pg);
void flagfilter_free(struct flagfilter_set *ff);

struct pages_out;

struct pages_out *pages_out_new(const struct vv_opts *o,
				const struct pcols *pc, FILE *out);
/* The VMA the next rows belong to (for the pte columns). */
void pages_out_vma(struct pages_out *po, const struct vma *v);
void pages_out_process(struct pages_out *po, const struct proc_info *pi);
void pages_out_row(struct pages_out *po, const struct prow *r);
/* True once a write failed (EPIPE): the walk can stop. */
bool pages_out_failed(const struct pages_out *po);
void pages_out_process_end(struct pages_out *po, const struct vv_limit *lim,
			   size_t nlim, const char *error);
/* Ends the document and frees po. */
void pages_out_end(struct pages_out *po);

#endif
