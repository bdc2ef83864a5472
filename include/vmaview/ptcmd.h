/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - ptcmd.h: the decode and translate commands */
#ifndef VMAVIEW_PTCMD_H
#define VMAVIEW_PTCMD_H

#include <stdint.h>
#include <stdio.h>

#include "vmaview/opts.h"
#include "vmaview/procfs.h"
#include "vmaview/ptmodel.h"

/*
 * The model's configuration from --arch, --kernel, --va-bits and
 * --page-size over the defaults of the running kernel; hi is the highest
 * user address seen (0: none). 0 or -EINVAL (*why says which).
 */
int vv_pt_config(const struct vv_opts *o, uint64_t hi, struct pt_config *c,
		 const char **why);

/* "arm64 4K 48-bit 4-level, kernel 6.12" */
void pt_config_text(const struct pt_config *c, char *buf, size_t n);

/* vmaview decode VALUE...: 0, or 64-style usage errors as -EINVAL. */
int decode_run(const struct vv_opts *o, FILE *out, char **bad);

/* vmaview translate PID ADDR...: 0, 1 (an address or the target failed). */
int translate_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
		  char **bad);

#endif
