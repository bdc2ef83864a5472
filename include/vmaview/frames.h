/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - frames.h: the frames behind pages: pagemap, kpageflags, kpagecount */
#ifndef VMAVIEW_FRAMES_H
#define VMAVIEW_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmaview/flagtab.h"
#include "vmaview/pfnset.h"
#include "vmaview/procfs.h"

/*
 * pagemap entry bits, from the one table of them (src/flags/pagemap.def,
 * through flagtab.h's PMB_* bit numbers).
 */
#define PM_PFN_MASK     PAGEMAP_FIELD_MASK
#define PM_SOFT_DIRTY   (1ULL << PMB_SOFT_DIRTY)
#define PM_EXCLUSIVE    (1ULL << PMB_EXCLUSIVE)
#define PM_UFFD_WP      (1ULL << PMB_UFFD_WP)
#define PM_GUARD        (1ULL << PMB_GUARD)
#define PM_FILE         (1ULL << PMB_FILE)
#define PM_SWAP         (1ULL << PMB_SWAP)
#define PM_PRESENT      (1ULL << PMB_PRESENT)
#define PM_SWAP_TYPE(e)   ((e) & 0x1f)
#define PM_SWAP_OFFSET(e) (((e) & PM_PFN_MASK) >> 5)

/* A PFN that fits a sort key pfn << 16 | page index (frames, snapshot). */
#define FSCAN_PFN_KEY_MAX (1ULL << 47)

enum page_state { PAGE_NONE, PAGE_PRESENT, PAGE_SWAP, PAGE_GUARD };

const char *page_state_name(enum page_state s);
/* Guard (bit 58) is tested before swap (bit 62). */
enum page_state page_state_of(uint64_t pm);

/* What a page_info holds besides vaddr, pm and state. */
enum { PI_PFN = 1, PI_KPF = 2, PI_KPC = 4, PI_CAT = 8 };

/* PAGEMAP_SCAN categories a page_info carries (PI_CAT: the walk used it). */
enum { PG_CAT_HUGE = 1, PG_CAT_PFNZERO = 2 };

struct page_info {
	uint64_t vaddr;
	uint64_t pm;      /* pagemap word as read */
	uint64_t kpf;     /* kpageflags word (PI_KPF) */
	uint64_t count;   /* kpagecount: mapcount (PI_KPC) */
	uint8_t state;    /* enum page_state */
	uint8_t have;     /* PI_* */
	uint8_t cat;      /* PG_CAT_* (PI_CAT) */
};

/* What the caller needs beyond pagemap flags. */
enum { FS_KPF = 1, FS_KPC = 2 };

/* Why some frame data is missing: one bit per cause (fscan.limits). */
enum {
	FS_LIM_PFN_HIDDEN = 1,   /* pagemap PFNs read as 0: no CAP_SYS_ADMIN */
	FS_LIM_KPF = 2,          /* /proc/kpageflags unreadable */
	FS_LIM_KPC = 4,          /* /proc/kpagecount unreadable */
	FS_LIM_NO_SCAN = 8,      /* no PAGEMAP_SCAN: pagemap read in full */
	FS_LIM_PAGEMAP = 16,     /* pagemap itself could not be opened */
};

struct page_region;

/* The frame walker of one process; see fscan_walk(). */
struct fscan {
	int pm_fd, kpf_fd, kpc_fd;
	unsigned want;
	uint64_t page_size;
	unsigned page_shift;
	bool use_scan;            /* PAGEMAP_SCAN works on pm_fd */
	bool sparse;              /* pm_fd is a file (a snapshot): skip its holes */
	/*
	 * When set, kpageflags and kpagecount are read only for present
	 * pages whose pagemap word has one of these bits (map: PM_FILE).
	 */
	uint64_t resolve_pm_mask;
	uint64_t scan_return;     /* categories asked back */
	/* PAGEMAP_SCAN cursor: regions not yet consumed */
	struct page_region *reg;
	size_t nreg, ireg;
	uint64_t scan_pos, scan_end;
	bool scan_started;
	uint64_t scan_limit;       /* first address past user space */
	uint64_t walked_to;        /* end of the last walk */
	/* buffers */
	uint64_t *pmbuf;
	struct page_info *pg;
	size_t npg;
	uint64_t *keys, *tmp, *span;
	uint64_t *span2;          /* for a second thread (NULL: one CPU) */
	/* what could not be read, and the errno behind it */
	unsigned limits;
	int kpf_err, kpc_err;
	const struct pfnset *peer; /* --shared-with: the other's frames */
	/* counters for tests and benchmarks */
	uint64_t n_scan_calls, n_pm_reads, n_kpf_reads;
};

/*
 * Opens the pagemap of pid (and kpageflags/kpagecount for want) under the
 * procfs root. hi bounds the address space walked with PAGEMAP_SCAN
 * (exclusive; usually the end of the last VMA). no_scan forces the
 * fallback. 0 or -errno (pagemap could not be opened; nothing to close).
 */
int fscan_open(struct fscan *s, const struct procfs *p, pid_t pid,
	       unsigned want, bool no_scan);
void fscan_close(struct fscan *s);

/*
 * Walks [start, end) and calls fn with batches of the pages that are not
 * "none" (present, swapped or guard), in address order, each with its
 * kpageflags and kpagecount when wanted and readable. Successive calls
 * must go up in address. fn returns 0 to go on, else the walk stops and
 * returns that value. Returns 0 or -errno of a pagemap read.
 */
#define FSCAN_BATCH 65536 /* pages per call of fn, at most */
typedef int (*fscan_fn)(const struct page_info *pg, size_t n, void *arg);
int fscan_walk(struct fscan *s, uint64_t start, uint64_t end, fscan_fn fn,
	       void *arg);

/* The per-VMA frame summary (show's frame columns). */
enum {
	FR_FLAGS = 1,  /* present, swapped, guard, file_shared, exclusive */
	FR_PFN = 2,    /* runs, largest_run */
	FR_KPF = 4,    /* thp, hugetlb, ksm_pages, zero_pages */
	FR_KPC = 8,    /* frame_pss */
	FR_PEER = 16,  /* shared_with (--shared-with) */
};

struct frame_stats {
	uint64_t present, swapped, guard, file_shared, exclusive;
	uint64_t runs, largest_run, thp, hugetlb, ksm, zero;
	uint64_t shared_with;          /* present pages the peer maps too */
	const struct pfnset *peer;     /* NULL: no --shared-with */
	unsigned __int128 pss_fx;      /* PSS in bytes << 32 (fixed point) */
	uint64_t page_size;
	unsigned known;                /* FR_* */
	/* run tracking across batches */
	uint64_t last_vaddr, last_pfn, cur_run;
};

/* One frame column of the summary. */
enum frame_field {
	FRF_PRESENT, FRF_SWAPPED, FRF_GUARD, FRF_FILE_SHARED, FRF_EXCLUSIVE,
	FRF_RUNS, FRF_LARGEST_RUN, FRF_THP, FRF_HUGETLB, FRF_KSM, FRF_ZERO,
	FRF_PSS, FRF_SHARED_WITH,
};

/* The value of field f, or false when it is unknown (see known). */
bool frame_stats_get(const struct frame_stats *st, enum frame_field f,
		     uint64_t *out);

/* Why frame data is missing, for JSON "limits" and stderr. */
struct vv_limit {
	unsigned cause;      /* FS_LIM_* */
	const char *source;  /* "pagemap", "kpageflags", "kpagecount" */
	char reason[160];
};

/* Fills up to max limits from s->limits; returns how many. */
size_t fscan_limits(const struct fscan *s, struct vv_limit *out, size_t max);

/* Summarises [start, end) into *st (zeroed first). 0 or -errno. */
int fscan_stats(struct fscan *s, uint64_t start, uint64_t end,
		struct frame_stats *st);
/* PSS in bytes, rounded once. */
uint64_t frame_stats_pss(const struct frame_stats *st);
/* Adds a's counts into t (largest_run: the maximum). */
void frame_stats_add(struct frame_stats *t, const struct frame_stats *a);

/* Radix sort of n 64-bit keys (tmp: scratch of n). Exposed for tests. */
void radix_sort_u64(uint64_t *keys, uint64_t *tmp, size_t n);

#endif
