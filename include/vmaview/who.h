/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - who.h: the who command: every process and address that maps a frame */
#ifndef VMAVIEW_WHO_H
#define VMAVIEW_WHO_H

#include <stdint.h>
#include <stdio.h>

#include "vmaview/opts.h"
#include "vmaview/procfs.h"

/*
 * A frame argument: "0x..." is a physical address (PFN = addr >> shift),
 * anything else a PFN in hex as the pages column pfn prints it. 0 or
 * -EINVAL.
 */
int who_parse_frame(const char *s, unsigned page_shift, uint64_t *pfn);

/*
 * vmaview who FRAME...: scans the pagemap of every process o->targets
 * names (the caller's selection) for the frames in o->frames. Returns 0,
 * 1 when PFNs cannot be read, -EINVAL (usage) with *bad set.
 */
int who_run(const struct vv_opts *o, const struct procfs *p, char **frames,
	    int nframes, FILE *out, char **bad);

#endif
