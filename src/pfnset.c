/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pfnset.c: sorted sets of page frame numbers (--shared-with, who) */
#include "vmaview/pfnset.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/frames.h"
#include "vmaview/smaps.h"
#include "vmaview/xalloc.h"

void pfnset_add(struct pfnset *s, uint64_t pfn)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->pfn = xreallocarray(s->pfn, s->cap, sizeof(*s->pfn));
	}
	s->pfn[s->n++] = pfn;
}

void pfnset_seal(struct pfnset *s)
{
	uint64_t *tmp;
	size_t k = 0;

	if (!s->n)
		return;
	tmp = xmalloc(s->n * sizeof(*tmp));
	radix_sort_u64(s->pfn, tmp, s->n);
	free(tmp);
	for (size_t i = 0; i < s->n; i++)
		if (!k || s->pfn[i] != s->pfn[k - 1])
			s->pfn[k++] = s->pfn[i];
	s->n = k;
}

bool pfnset_has(const struct pfnset *s, uint64_t pfn)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->pfn[mid] < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->pfn[lo] == pfn;
}

void pfnset_free(struct pfnset *s)
{
	free(s->pfn);
	memset(s, 0, sizeof(*s));
}

static int collect(const struct page_info *pg, size_t n, void *arg)
{
	struct pfnset *s = arg;

	for (size_t i = 0; i < n; i++)
		if (pg[i].have & PI_PFN)
			pfnset_add(s, pg[i].pm & PM_PFN_MASK);
	return 0;
}

int pfnset_of_pid(struct pfnset *s, const struct procfs *p, pid_t pid,
		  bool no_scan)
{
	struct smaps_reader r;
	struct fscan fs;
	struct vma v = { 0 };
	int ret;

	memset(s, 0, sizeof(*s));
	ret = smaps_open(&r, p, pid, false);
	if (ret < 0)
		return ret;
	ret = fscan_open(&fs, p, pid, 0, no_scan);
	if (ret < 0) {
		smaps_close(&r);
		return ret;
	}
	while ((ret = smaps_next(&r, &v)) > 0) {
		ret = fscan_walk(&fs, v.start, v.end, collect, s);
		vma_clear(&v);
		if (ret < 0)
			break;
	}
	if (!ret && (fs.limits & FS_LIM_PFN_HIDDEN))
		ret = -EPERM;
	fscan_close(&fs);
	smaps_close(&r);
	pfnset_seal(s);
	return ret < 0 ? ret : 0;
}
