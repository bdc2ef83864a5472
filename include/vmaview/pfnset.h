/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - pfnset.h: sorted sets of page frame numbers (--shared-with, who) */
#ifndef VMAVIEW_PFNSET_H
#define VMAVIEW_PFNSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmaview/procfs.h"

struct pfnset {
	uint64_t *pfn;   /* ascending, no duplicates */
	size_t n, cap;
};

void pfnset_add(struct pfnset *s, uint64_t pfn);
/* Sorts and removes duplicates; call after the last add. */
void pfnset_seal(struct pfnset *s);
bool pfnset_has(const struct pfnset *s, uint64_t pfn);
void pfnset_free(struct pfnset *s);

/*
 * The frames every present page of pid maps, read from its pagemap VMA by
 * VMA (PAGEMAP_SCAN unless no_scan). 0, -EPERM when the PFNs are hidden
 * (no CAP_SYS_ADMIN), or the -errno of opening maps or pagemap.
 */
int pfnset_of_pid(struct pfnset *s, const struct procfs *p, pid_t pid,
		  bool no_scan);

#endif
