/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - frames.c: pagemap walk (PAGEMAP_SCAN), kpageflags/kpagecount spans */
#include "vmaview/frames.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vmaview/snapshot.h"
#include "vmaview/xalloc.h"

/*
 * PAGEMAP_SCAN (Linux 6.7, include/uapi/linux/fs.h). Debian 12's headers
 * predate it, so the ABI is spelled out here.
 */
struct pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask;
	uint64_t return_mask;
};

struct page_region {
	uint64_t start, end, categories;
};

#define VV_PAGEMAP_SCAN _IOWR('f', 16, struct pm_scan_arg)
#define PAGE_IS_PRESENT (1ULL << 3)
#define PAGE_IS_SWAPPED (1ULL << 4)
#define PAGE_IS_PFNZERO (1ULL << 5)
#define PAGE_IS_HUGE    (1ULL << 6)
#define PAGE_IS_GUARD   (1ULL << 8) /* 6.16 */

#define BATCH    FSCAN_BATCH /* the key packs the page index in 16 bits */
#define PMCHUNK  65536   /* pagemap entries per pread (512 KiB) */
#define REGCAP   4096    /* PAGEMAP_SCAN regions per call */
/*
 * The largest PFN hole one span read bridges. Over-reading costs ~100 ns per
 * entry on kernel 6.18 (snapshot_page()), a pread ~0.3-1.8 us: 64 was best
 * where entries cost 20 ns (reference/performance.md), 8 is ~10% less
 * kernel time than 64 where they cost 100 ns, and within noise of 4.
 */
#define SPAN_GAP 8
#define SPANMAX  65536   /* entries per span read */
#define PAR_MIN  8192    /* lookups worth a second thread */

_Static_assert(BATCH <= 65536, "batch index must fit 16 bits");

const char *page_state_name(enum page_state s)
{
	static const char *const names[] = { "none", "present", "swap",
					     "guard" };

	return (unsigned)s < 4 ? names[s] : "?";
}

enum page_state page_state_of(uint64_t pm)
{
	if (pm & PM_PRESENT)
		return PAGE_PRESENT;
	if (pm & PM_GUARD)   /* a guard marker is a swap-style entry */
		return PAGE_GUARD;
	if (pm & PM_SWAP)
		return PAGE_SWAP;
	return PAGE_NONE;
}

static int scan_call(int fd, uint64_t start, uint64_t end,
		     struct page_region *vec, size_t n, uint64_t ret_mask,
		     uint64_t *walk_end)
{
	struct pm_scan_arg a = {
		.size = sizeof(a),
		.start = start,
		.end = end,
		.vec = (uintptr_t)vec,
		.vec_len = n,
		.category_anyof_mask = PAGE_IS_PRESENT | PAGE_IS_SWAPPED,
		.return_mask = ret_mask,
	};
	int r = ioctl(fd, VV_PAGEMAP_SCAN, &a);

	if (r < 0)
		return -errno;
	if (walk_end)
		*walk_end = a.walk_end;
	return r;
}

/*
 * Probes PAGEMAP_SCAN once: does the ioctl exist, does the kernel know the
 * GUARD category (unknown categories are EINVAL), and where does user
 * space end (a range past it is EFAULT).
 */
static void scan_probe(struct fscan *s)
{
	static const unsigned shifts[] = { 57, 56, 52, 48, 47, 42, 39, 36 };
	struct page_region r;
	uint64_t ret = PAGE_IS_PRESENT | PAGE_IS_SWAPPED | PAGE_IS_HUGE |
		       PAGE_IS_PFNZERO;
	int e;

	e = scan_call(s->pm_fd, 0, s->page_size, &r, 1, ret | PAGE_IS_GUARD,
		      NULL);
	if (e >= 0) {
		ret |= PAGE_IS_GUARD;
	} else if (e == -EINVAL) {
		e = scan_call(s->pm_fd, 0, s->page_size, &r, 1, ret, NULL);
	}
	if (e < 0)
		return;
	s->scan_return = ret;
	for (size_t i = 0; i < sizeof(shifts) / sizeof(shifts[0]); i++) {
		for (int less = 0; less < 2; less++) {
			uint64_t end = (1ULL << shifts[i]) -
				       (less ? s->page_size : 0);

			if (scan_call(s->pm_fd, end - s->page_size, end, &r, 1,
				      ret, NULL) >= 0) {
				s->scan_limit = end;
				s->use_scan = true;
				return;
			}
		}
	}
}

/*
 * Without CAP_SYS_ADMIN the kernel zeroes pagemap's PFNs (it checks the
 * opener against the initial user namespace). Knowing it before the first
 * present page keeps every VMA's PFN-derived fields unknown, not only the
 * VMAs after it. A capability held in a child user namespace is still
 * found out from the first PFN 0, as before.
 */
static bool lacks_sys_admin(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d) < 0)
		return false; /* unknown: learn it from the PFNs */
	return !(d[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &
		 CAP_TO_MASK(CAP_SYS_ADMIN));
}

int fscan_open(struct fscan *s, const struct procfs *p, pid_t pid,
	       unsigned want, bool no_scan)
{
	char rel[64];
	struct snapshot_sys sys;
	struct stat st;

	memset(s, 0, sizeof(*s));
	s->kpf_fd = s->kpc_fd = -1;
	snprintf(rel, sizeof(rel), "%d/pagemap", (int)pid);
	s->pm_fd = procfs_open(p, rel, O_RDONLY);
	if (s->pm_fd < 0)
		return s->pm_fd;
	s->sparse = fstat(s->pm_fd, &st) == 0 && S_ISREG(st.st_mode);
	s->want = want;
	snapshot_sys(p, &sys); /* a snapshot's page size, not ours */
	s->page_size = sys.page_size;
	/* live: our capability; a snapshot: what its metadata says */
	if (p->live ? lacks_sys_admin() : sys.pfns_hidden)
		s->limits |= FS_LIM_PFN_HIDDEN;
	while ((1ULL << s->page_shift) < s->page_size)
		s->page_shift++;
	if (!no_scan)
		scan_probe(s);
	if (!s->use_scan)
		s->limits |= FS_LIM_NO_SCAN;
	if (want & FS_KPF) {
		s->kpf_fd = procfs_open(p, "kpageflags", O_RDONLY);
		if (s->kpf_fd < 0) {
			s->kpf_err = -s->kpf_fd;
			s->limits |= FS_LIM_KPF;
		}
	}
	if (want & FS_KPC) {
		s->kpc_fd = procfs_open(p, "kpagecount", O_RDONLY);
		if (s->kpc_fd < 0) {
			s->kpc_err = -s->kpc_fd;
			s->limits |= FS_LIM_KPC;
		}
	}
	s->pmbuf = xmalloc(PMCHUNK * sizeof(*s->pmbuf));
	s->pg = xmalloc(BATCH * sizeof(*s->pg));
	if (s->use_scan)
		s->reg = xmalloc(REGCAP * sizeof(*s->reg));
	if (s->kpf_fd >= 0 || s->kpc_fd >= 0) {
		s->keys = xmalloc(BATCH * sizeof(*s->keys));
		s->tmp = xmalloc(BATCH * sizeof(*s->tmp));
		s->span = xmalloc(SPANMAX * sizeof(*s->span));
		if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
			s->span2 = xmalloc(SPANMAX * sizeof(*s->span2));
	}
	return 0;
}

void fscan_close(struct fscan *s)
{
	if (s->pm_fd >= 0)
		close(s->pm_fd);
	if (s->kpf_fd >= 0)
		close(s->kpf_fd);
	if (s->kpc_fd >= 0)
		close(s->kpc_fd);
	free(s->pmbuf);
	free(s->pg);
	free(s->reg);
	free(s->keys);
	free(s->tmp);
	free(s->span);
	free(s->span2);
	memset(s, 0, sizeof(*s));
	s->pm_fd = s->kpf_fd = s->kpc_fd = -1;
}

void radix_sort_u64(uint64_t *keys, uint64_t *tmp, size_t n)
{
	uint64_t max = 0;
	uint64_t *src = keys, *dst = tmp;

	for (size_t i = 0; i < n; i++)
		if (keys[i] > max)
			max = keys[i];
	for (unsigned sh = 0; sh < 64 && (max >> sh); sh += 11) {
		size_t cnt[2048] = { 0 }, sum = 0;
		uint64_t *t;

		for (size_t i = 0; i < n; i++)
			cnt[(src[i] >> sh) & 2047]++;
		for (size_t d = 0; d < 2048; d++) {
			size_t c = cnt[d];

			cnt[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[(src[i] >> sh) & 2047]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != keys)
		memcpy(keys, src, n * sizeof(*keys));
}

/* Reads up to len words at index idx; returns how many were read. */
static size_t read_words(int fd, uint64_t *buf, uint64_t idx, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = pread(fd, (char *)buf + got * 8, (len - got) * 8,
				  (off_t)((idx + got) * 8));

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 8)
			break;
		got += (size_t)r / 8;
	}
	return got;
}

/* One share of a batch's lookups; shares touch disjoint pages. */
struct share {
	struct fscan *s;
	const uint64_t *keys;   /* sorted (pfn << 16 | page index) */
	size_t n;
	uint64_t *span;         /* SPANMAX words of scratch */
	uint64_t reads;
};

/* kpageflags and kpagecount for the keys' pages, in PFN spans. */
static void *resolve_share(void *arg)
{
	struct share *sh = arg;
	struct fscan *s = sh->s;
	const uint64_t *keys = sh->keys;

	for (size_t i = 0; i < sh->n;) {
		uint64_t p0 = keys[i] >> 16, last = p0;
		size_t j = i;

		while (j + 1 < sh->n) {
			uint64_t pn = keys[j + 1] >> 16;

			if (pn - last > SPAN_GAP || pn - p0 >= SPANMAX)
				break;
			last = pn;
			j++;
		}
		for (int which = 0; which < 2; which++) {
			int fd = which ? s->kpc_fd : s->kpf_fd;
			size_t got;

			if (fd < 0)
				continue;
			got = read_words(fd, sh->span, p0, last - p0 + 1);
			sh->reads++;
			for (size_t k = i; k <= j; k++) {
				struct page_info *pg = &s->pg[keys[k] & 0xffff];
				uint64_t off = (keys[k] >> 16) - p0;

				if (off >= got)
					continue;
				if (which) {
					pg->count = sh->span[off];
					pg->have |= PI_KPC;
				} else {
					pg->kpf = sh->span[off];
					pg->have |= PI_KPF;
				}
			}
		}
		i = j + 1;
	}
	return NULL;
}

/*
 * kpageflags and kpagecount for the batch's present pages. The kernel
 * spends ~100 ns per frame there, so with a second CPU the sorted keys are
 * cut in two and each half is read by its own thread.
 */
static void resolve(struct fscan *s)
{
	struct share a = { .s = s, .keys = s->keys, .span = s->span };
	struct share b = a;
	pthread_t t;
	size_t n = 0;

	for (size_t i = 0; i < s->npg; i++) {
		struct page_info *pg = &s->pg[i];
		uint64_t pfn = pg->pm & PM_PFN_MASK;

		if (pg->state != PAGE_PRESENT || !pfn)
			continue;
		pg->have |= PI_PFN;
		if (s->resolve_pm_mask && !(pg->pm & s->resolve_pm_mask))
			continue;
		if (s->keys && pfn < FSCAN_PFN_KEY_MAX)
			s->keys[n++] = pfn << 16 | i;
	}
	if (!n)
		return;
	radix_sort_u64(s->keys, s->tmp, n);
	a.n = n;
	b.n = 0;
	if (s->span2 && n >= PAR_MIN) {
		a.n = n / 2;
		b.keys = s->keys + a.n;
		b.n = n - a.n;
		b.span = s->span2;
		if (pthread_create(&t, NULL, resolve_share, &b)) {
			a.n = n; /* no thread: all here */
			b.n = 0;
		}
	}
	resolve_share(&a);
	if (b.n) {
		pthread_join(t, NULL);
		a.reads += b.reads;
	}
	s->n_kpf_reads += a.reads;
}

static int flush(struct fscan *s, fscan_fn fn, void *arg)
{
	int r;

	if (!s->npg)
		return 0;
	resolve(s);
	r = fn(s->pg, s->npg, arg);
	s->npg = 0;
	return r;
}

/*
 * A snapshot's pagemap is a sparse file whose holes are pages in state none
 * (vmaview snapshot writes the other pages only): moves *start over a hole
 * to the next data and returns how many entries of data follow (0: not
 * known), or -1 when there is no data before end. Without this, a
 * snapshot of a process with terabytes reserved (ASan's shadow) would be
 * read entry by entry.
 */
static long long skip_hole(const struct fscan *s, uint64_t *start,
			   uint64_t end)
{
	off_t pos = (off_t)((*start >> s->page_shift) * 8), d, h;
	uint64_t a;

	d = lseek(s->pm_fd, pos, SEEK_DATA);
	if (d < 0)
		return errno == ENXIO ? -1 : 0; /* ENXIO: holes to the end */
	a = ((uint64_t)d / 8) << s->page_shift;
	if (a >= end)
		return -1;
	if (a > *start) {
		*start = a;
		pos = d / 8 * 8;
	}
	h = lseek(s->pm_fd, pos, SEEK_HOLE);
	return h >= pos + 8 ? (long long)(h - pos) / 8 : 0;
}

/*
 * Reads pagemap for [start, end) and queues the pages that are not none;
 * cat: the PG_CAT_* of a PAGEMAP_SCAN region with PI_CAT, or 0.
 */
static int read_pm(struct fscan *s, uint64_t start, uint64_t end, fscan_fn fn,
		   void *arg, unsigned cat)
{
	while (start < end) {
		long long data = s->sparse ? skip_hole(s, &start, end) : 0;
		uint64_t want = (end - start) >> s->page_shift;
		size_t n = want < PMCHUNK ? (size_t)want : PMCHUNK, got;
		ssize_t r;
		int e;

		if (data < 0)
			break;
		if (data > 0 && (uint64_t)data < n)
			n = (size_t)data;

		if (n > BATCH - s->npg)
			n = BATCH - s->npg;
		if (!n) {
			if ((e = flush(s, fn, arg)))
				return e;
			continue;
		}
		r = pread(s->pm_fd, s->pmbuf, n * 8,
			  (off_t)((start >> s->page_shift) * 8));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		s->n_pm_reads++;
		if (r < 8)
			break; /* past the end of user space */
		got = (size_t)r / 8;
		for (size_t i = 0; i < got; i++) {
			uint64_t e8 = s->pmbuf[i];
			struct page_info *pg;

			if (!(e8 & (PM_PRESENT | PM_SWAP)))
				continue;
			pg = &s->pg[s->npg++];
			pg->vaddr = start + ((uint64_t)i << s->page_shift);
			pg->pm = e8;
			pg->kpf = pg->count = 0;
			pg->have = (uint8_t)(cat & PI_CAT);
			pg->cat = (uint8_t)(cat & ~PI_CAT);
			pg->state = (uint8_t)page_state_of(e8);
			if (pg->state == PAGE_PRESENT && !(e8 & PM_PFN_MASK))
				s->limits |= FS_LIM_PFN_HIDDEN;
		}
		start += (uint64_t)got << s->page_shift;
	}
	return 0;
}

static int scan_refill(struct fscan *s)
{
	uint64_t walk_end = s->scan_end, from = s->scan_pos;
	int r;

	r = scan_call(s->pm_fd, from, s->scan_end, s->reg, REGCAP,
		      s->scan_return, &walk_end);
	s->n_scan_calls++;
	if (r < 0)
		return r;
	s->nreg = (size_t)r;
	s->ireg = 0;
	/* never loop on a walk that did not move */
	s->scan_pos = walk_end > from ? walk_end : s->scan_end;
	return 0;
}

static int walk_scan(struct fscan *s, uint64_t start, uint64_t end,
		     fscan_fn fn, void *arg)
{
	int r;

	if (start >= s->scan_limit)
		return 0;
	if (end > s->scan_limit)
		end = s->scan_limit;
	if (!s->scan_started || start < s->walked_to) {
		s->scan_started = true;
		s->scan_pos = start;
		s->scan_end = s->scan_limit;
		s->nreg = s->ireg = 0;
	}
	for (;;) {
		struct page_region *g;

		if (s->ireg == s->nreg) {
			if (s->scan_pos >= s->scan_end || s->scan_pos >= end)
				break;
			if ((r = scan_refill(s)) < 0)
				return r;
			continue;
		}
		g = &s->reg[s->ireg];
		if (g->end <= start) {
			s->ireg++;
			continue;
		}
		if (g->start >= end)
			break;
		r = read_pm(s, g->start > start ? g->start : start,
			    g->end < end ? g->end : end, fn, arg,
			    PI_CAT |
			    (g->categories & PAGE_IS_HUGE ? PG_CAT_HUGE : 0) |
			    (g->categories & PAGE_IS_PFNZERO ? PG_CAT_PFNZERO : 0));
		if (r)
			return r;
		if (g->end > end)
			break;
		s->ireg++;
	}
	return 0;
}

int fscan_walk(struct fscan *s, uint64_t start, uint64_t end, fscan_fn fn,
	       void *arg)
{
	uint64_t mask = s->page_size - 1;
	int r;

	start &= ~mask;
	end = end > UINT64_MAX - mask ? UINT64_MAX & ~mask : (end + mask) & ~mask;
	if (start >= end)
		return 0;
	if (s->use_scan)
		r = walk_scan(s, start, end, fn, arg);
	else
		r = read_pm(s, start, end, fn, arg, 0);
	s->walked_to = end;
	if (r)
		return r;
	return flush(s, fn, arg);
}

static int stats_fn(const struct page_info *pg, size_t n, void *arg)
{
	struct frame_stats *st = arg;

	for (size_t i = 0; i < n; i++, pg++) {
		switch (pg->state) {
		case PAGE_PRESENT:
			st->present++;
			break;
		case PAGE_SWAP:
			st->swapped++;
			st->file_shared += !!(pg->pm & PM_FILE);
			continue;
		default:
			st->guard++;
			continue;
		}
		st->file_shared += !!(pg->pm & PM_FILE);
		st->exclusive += !!(pg->pm & PM_EXCLUSIVE);
		if (pg->have & PI_PFN) {
			uint64_t pfn = pg->pm & PM_PFN_MASK;

			if (st->cur_run && pg->vaddr == st->last_vaddr + st->page_size &&
			    pfn == st->last_pfn + 1) {
				st->cur_run++;
			} else {
				st->runs++;
				st->cur_run = 1;
			}
			if (st->cur_run > st->largest_run)
				st->largest_run = st->cur_run;
			st->last_vaddr = pg->vaddr;
			st->last_pfn = pfn;
			if (st->peer && pfnset_has(st->peer, pfn))
				st->shared_with++;
		}
		if (pg->have & PI_KPF) {
			st->thp += !!(pg->kpf & (1ULL << KPFB_THP));
			st->hugetlb += !!(pg->kpf & (1ULL << KPFB_HUGE));
			st->ksm += !!(pg->kpf & (1ULL << KPFB_KSM));
			st->zero += !!(pg->kpf & (1ULL << KPFB_ZERO_PAGE));
		}
		/*
		 * As smaps: the zero page is not counted (vm_normal_page()
		 * gives no page for it), nor is a frame without a mapcount.
		 */
		if ((pg->have & PI_KPC) && pg->count &&
		    !((pg->have & PI_KPF) &&
		      (pg->kpf & (1ULL << KPFB_ZERO_PAGE))))
			st->pss_fx += (st->page_size << 32) / pg->count;
	}
	return 0;
}

int fscan_stats(struct fscan *s, uint64_t start, uint64_t end,
		struct frame_stats *st)
{
	int r;

	memset(st, 0, sizeof(*st));
	st->page_size = s->page_size;
	st->peer = s->peer;
	r = fscan_walk(s, start, end, stats_fn, st);
	st->known = FR_FLAGS;
	if (!(s->limits & FS_LIM_PFN_HIDDEN)) {
		st->known |= FR_PFN;
		if (s->kpf_fd >= 0)
			st->known |= FR_KPF;
		if (s->kpc_fd >= 0)
			st->known |= FR_KPC;
		if (s->peer)
			st->known |= FR_PEER;
	}
	return r;
}

uint64_t frame_stats_pss(const struct frame_stats *st)
{
	return (uint64_t)((st->pss_fx + (1ULL << 31)) >> 32);
}

void frame_stats_add(struct frame_stats *t, const struct frame_stats *a)
{
	t->present += a->present;
	t->swapped += a->swapped;
	t->guard += a->guard;
	t->file_shared += a->file_shared;
	t->exclusive += a->exclusive;
	t->runs += a->runs;
	if (a->largest_run > t->largest_run)
		t->largest_run = a->largest_run;
	t->thp += a->thp;
	t->hugetlb += a->hugetlb;
	t->ksm += a->ksm;
	t->zero += a->zero;
	t->pss_fx += a->pss_fx;
	t->shared_with += a->shared_with;
	t->known = t->known ? t->known & a->known : a->known;
}

bool frame_stats_get(const struct frame_stats *st, enum frame_field f,
		     uint64_t *out)
{
	static const unsigned need[] = {
		[FRF_PRESENT] = FR_FLAGS, [FRF_SWAPPED] = FR_FLAGS,
		[FRF_GUARD] = FR_FLAGS, [FRF_FILE_SHARED] = FR_FLAGS,
		[FRF_EXCLUSIVE] = FR_FLAGS, [FRF_RUNS] = FR_PFN,
		[FRF_LARGEST_RUN] = FR_PFN, [FRF_THP] = FR_KPF,
		[FRF_HUGETLB] = FR_KPF, [FRF_KSM] = FR_KPF,
		[FRF_ZERO] = FR_KPF, [FRF_PSS] = FR_KPC,
		[FRF_SHARED_WITH] = FR_PEER,
	};
	const uint64_t v[] = {
		[FRF_PRESENT] = st->present, [FRF_SWAPPED] = st->swapped,
		[FRF_GUARD] = st->guard, [FRF_FILE_SHARED] = st->file_shared,
		[FRF_EXCLUSIVE] = st->exclusive, [FRF_RUNS] = st->runs,
		[FRF_LARGEST_RUN] = st->largest_run, [FRF_THP] = st->thp,
		[FRF_HUGETLB] = st->hugetlb, [FRF_KSM] = st->ksm,
		[FRF_ZERO] = st->zero, [FRF_PSS] = 0,
		[FRF_SHARED_WITH] = st->shared_with,
	};

	if ((unsigned)f > FRF_SHARED_WITH || (st->known & need[f]) != need[f])
		return false;
	*out = f == FRF_PSS ? frame_stats_pss(st) : v[f];
	return true;
}

size_t fscan_limits(const struct fscan *s, struct vv_limit *out, size_t max)
{
	size_t n = 0;

	if ((s->limits & FS_LIM_PFN_HIDDEN) && n < max) {
		out[n].cause = FS_LIM_PFN_HIDDEN;
		out[n].source = "pagemap";
		snprintf(out[n++].reason, sizeof(out->reason), "%s",
			 "frames hidden: PFNs read as 0 without CAP_SYS_ADMIN "
			 "(physical runs, kpageflags and kpagecount unknown)");
	}
	if ((s->limits & FS_LIM_KPF) && n < max) {
		out[n].cause = FS_LIM_KPF;
		out[n].source = "kpageflags";
		snprintf(out[n++].reason, sizeof(out->reason),
			 "cannot open kpageflags: %s%s", strerror(s->kpf_err),
			 s->kpf_err == EACCES ? " (root only)" : "");
	}
	if ((s->limits & FS_LIM_KPC) && n < max) {
		out[n].cause = FS_LIM_KPC;
		out[n].source = "kpagecount";
		snprintf(out[n++].reason, sizeof(out->reason),
			 "cannot open kpagecount: %s%s", strerror(s->kpc_err),
			 s->kpc_err == EACCES ? " (root only)" : "");
	}
	return n;
}
