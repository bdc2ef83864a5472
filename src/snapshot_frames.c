/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - snapshot_frames.c: a snapshot's pagemap, kpageflags and kpagecount as sparse files */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/frames.h"
#include "vmaview/xalloc.h"

#include "snapshot_int.h"

/*
 * Writes the words of pages[keys] (sorted by PFN, one per page) at their
 * PFNs in fd, one pwrite per run of consecutive frames.
 */
static int write_frames(struct snap *s, const struct page_info *pg,
			size_t nk, bool count, int fd, uint64_t *end)
{
	for (size_t i = 0; i < nk;) {
		uint64_t p0 = s->keys[i] >> 16, prev = p0;
		size_t m = 0;
		int e;

		while (i < nk) {
			const struct page_info *q = &pg[s->keys[i] & 0xffff];
			uint64_t pfn = s->keys[i] >> 16;

			if (m && pfn == prev) { /* one frame, mapped twice */
				i++;
				continue;
			}
			if (m && pfn != prev + 1)
				break;
			s->buf[m++] = count ? q->count : q->kpf;
			prev = pfn;
			i++;
		}
		if ((e = snap_write_all(fd, s->buf, m * 8, (off_t)(p0 * 8))) < 0)
			return e;
		if ((prev + 1) * 8 > *end)
			*end = (prev + 1) * 8;
	}
	return 0;
}

/* The pages of one fscan batch whose have includes bit, sorted by PFN. */
static size_t frame_keys(struct snap *s, const struct page_info *pg, size_t n,
			 unsigned bit)
{
	size_t nk = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t pfn = pg[i].pm & PM_PFN_MASK;

		if ((pg[i].have & PI_PFN) && (pg[i].have & bit) &&
		    pfn < FSCAN_PFN_KEY_MAX)
			s->keys[nk++] = pfn << 16 | i;
	}
	radix_sort_u64(s->keys, s->tmpk, nk);
	return nk;
}

/* fscan_fn: one batch of populated pages with their frames' words. */
static int snap_batch(const struct page_info *pg, size_t n, void *arg)
{
	struct snap *s = arg;
	char pmrel[64];
	size_t nk;
	int e;

	snprintf(pmrel, sizeof(pmrel), "%s/pagemap", s->pidstr);
	/* pagemap: the batch is in address order; one pwrite per run */
	for (size_t i = 0; i < n;) {
		uint64_t idx = pg[i].vaddr >> s->page_shift;
		size_t m = 0;

		do {
			s->buf[m++] = pg[i++].pm;
		} while (i < n && pg[i].vaddr >> s->page_shift == idx + m);
		if ((e = snap_write_all(s->pm_out, s->buf, m * 8, (off_t)(idx * 8))) < 0) {
			snap_werror(s, pmrel, e);
			return 1;
		}
		if ((idx + m) * 8 > s->pm_end)
			s->pm_end = (idx + m) * 8;
	}
	if (s->kpf_out >= 0 && (nk = frame_keys(s, pg, n, PI_KPF)) &&
	    (e = write_frames(s, pg, nk, false, s->kpf_out, &s->kpf_end)) < 0) {
		snap_werror(s, "kpageflags", e);
		return 1;
	}
	if (s->kpc_out >= 0 && (nk = frame_keys(s, pg, n, PI_KPC)) &&
	    (e = write_frames(s, pg, nk, true, s->kpc_out, &s->kpc_end)) < 0) {
		snap_werror(s, "kpagecount", e);
		return 1;
	}
	return 0;
}

/* Truncates (extends) fd to end, then snap_finish(). 0 or -1 (reported). */
static int finish_sparse(struct snap *s, int fd, const char *rel,
			 uint64_t end)
{
	if (ftruncate(fd, (off_t)end) < 0) {
		snap_werror(s, rel, -errno);
		close(fd);
		return snap_report_werr(s);
	}
	return snap_finish(s, fd, rel);
}

/*
 * PID/pagemap: the words of every populated page of every VMA at its own
 * offset, holes left sparse; kpageflags and kpagecount: the words of the
 * frames those pages point to. 0 or -1 (reported).
 */
int snap_capture_frames(struct snap *s, bool no_scan)
{
	struct fscan fs;
	struct vv_limit lim[4];
	char pmrel[64], *path;
	size_t nlim;
	int ret;

	snprintf(pmrel, sizeof(pmrel), "%s/pagemap", s->pidstr);
	ret = fscan_open(&fs, s->src, s->pid, FS_KPF | FS_KPC, no_scan);
	if (ret < 0) {
		path = procfs_path(s->src, pmrel);
		/* a tree without pagemap (a fixture): the snapshot has none */
		if (ret == -ENOENT && !s->src->live)
			snap_say("%s: missing: not in the snapshot", path);
		else
			snap_say("%s: %s", path, strerror(-ret));
		free(path);
		return ret == -ENOENT && !s->src->live ? 0 : -1;
	}
	s->page_shift = fs.page_shift;
	s->kpf_out = s->kpc_out = -1;
	s->pm_out = snap_create(s, pmrel);
	if (s->pm_out >= 0 && fs.kpf_fd >= 0)
		s->kpf_out = snap_create(s, "kpageflags");
	if (s->pm_out >= 0 && fs.kpc_fd >= 0 && !s->werr)
		s->kpc_out = snap_create(s, "kpagecount");
	if (s->werr)
		goto fail;
	s->buf = xmalloc(FSCAN_BATCH * sizeof(*s->buf));
	s->keys = xmalloc(FSCAN_BATCH * sizeof(*s->keys));
	s->tmpk = xmalloc(FSCAN_BATCH * sizeof(*s->tmpk));
	for (size_t i = 0; i < s->nranges; i += 2) {
		ret = fscan_walk(&fs, s->ranges[i], s->ranges[i + 1],
				 snap_batch, s);
		if (ret > 0)
			goto fail_reported;
		if (ret < 0) {
			path = procfs_path(s->src, pmrel);
			snap_say("%s: %s", path, ret == -ESRCH ? "no such process" :
				strerror(-ret));
			free(path);
			goto fail;
		}
	}
	/*
	 * The file ends where the live pagemap has entries: with the highest
	 * VMA whose last page it can read ([vsyscall] lies past TASK_SIZE,
	 * where pagemap has none).
	 */
	for (size_t i = s->nranges; i >= 2; i -= 2) {
		uint64_t idx = (s->ranges[i - 1] - 1) >> fs.page_shift, w;

		if (pread(fs.pm_fd, &w, 8, (off_t)(idx * 8)) == 8) {
			if ((idx + 1) * 8 > s->pm_end)
				s->pm_end = (idx + 1) * 8;
			break;
		}
	}
	s->pfns_hidden = fs.limits & FS_LIM_PFN_HIDDEN;
	nlim = fscan_limits(&fs, lim, 4);
	for (size_t i = 0; i < nlim; i++)
		if (i == 0 || !(fs.limits & FS_LIM_PFN_HIDDEN))
			snap_say("snapshot: %s", lim[i].reason);
	fscan_close(&fs);
	ret = finish_sparse(s, s->pm_out, pmrel, s->pm_end);
	if (!ret && s->kpf_out >= 0)
		ret = finish_sparse(s, s->kpf_out, "kpageflags", s->kpf_end);
	else if (s->kpf_out >= 0)
		close(s->kpf_out);
	if (!ret && s->kpc_out >= 0)
		ret = finish_sparse(s, s->kpc_out, "kpagecount", s->kpc_end);
	else if (s->kpc_out >= 0)
		close(s->kpc_out);
	return ret;

fail_reported:
	snap_report_werr(s);
fail:
	fscan_close(&fs);
	if (s->pm_out >= 0)
		close(s->pm_out);
	if (s->kpf_out >= 0)
		close(s->kpf_out);
	if (s->kpc_out >= 0)
		close(s->kpc_out);
	return -1;
}

/* DIR/vmaview-snapshot, last: everything it lists is written. */
