/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - opts.h: struct vv_opts, every command-line setting in one place */
#ifndef VMAVIEW_OPTS_H
#define VMAVIEW_OPTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmaview/board.h"
#include "vmaview/flagtab.h"

enum vv_cmd { VV_CMD_SHOW, VV_CMD_PAGES, VV_CMD_TRANSLATE, VV_CMD_DECODE,
	      VV_CMD_SUMMARY, VV_CMD_WHO };

enum vv_arch { VV_ARCH_NATIVE, VV_ARCH_ARM64, VV_ARCH_X86_64 };

enum vv_group { VV_GROUP_VMA, VV_GROUP_NAME, VV_GROUP_KIND, VV_GROUP_PROCESS,
		VV_GROUP_USER };

enum vv_format { VV_FMT_TABLE, VV_FMT_RAW, VV_FMT_PAIRS, VV_FMT_JSON };

enum vv_color { VV_COLOR_AUTO, VV_COLOR_ALWAYS, VV_COLOR_NEVER };

struct vv_range {
	bool set;
	uint64_t lo, hi;      /* inclusive: VMAs with end > lo && start <= hi */
	bool single;          /* one address: its VMA, whole */
};

/* One --vmflags expression: a VMA matches when (flags & mask) == value. */
struct vv_flagfilter {
	uint64_t mask, value;
};

struct vv_tally;
struct delta;

struct vv_opts {
	enum vv_cmd cmd;
	enum vv_format format;
	bool pretty;
	bool noheadings;
	bool bytes;
	bool output_all;
	bool no_totals;
	bool no_pagemap_scan;    /* --no-pagemap-scan: read pagemap per VMA */
	bool stacks;             /* --stacks: stop and unwind every thread */
	/* page-table model */
	enum vv_arch arch;       /* --arch */
	bool arch_set;           /* --arch given (a board implies arm64 else) */
	unsigned kmaj, kmin;     /* --kernel (kmaj 0: the running one) */
	unsigned va_bits;        /* --va-bits (0: inferred) */
	unsigned page_shift;     /* --page-size (0: this machine's) */
	const char *kind;        /* decode --kind (NULL: pte) */
	unsigned level;          /* decode --level */
	bool level_set;
	/* pages */
	bool runs;               /* --runs */
	bool holes;              /* --holes: pages in state none too */
	bool kpf_raw;            /* --kpf-raw: kernel-internal bits too */
	enum flag_fmt flag_format;   /* --flag-format */
	const char **kpf_exprs;  /* --flags, as given; parsed by pages */
	int nkpf_exprs;
	const char *output;      /* -o LIST, NULL: defaults */
	const char *sort;        /* --sort [-]COL */
	const char *proc_root;   /* --proc-root DIR, NULL: /proc */
	/* map */
	const char *svg;         /* --svg FILE: an SVG picture instead */
	enum vv_color color;     /* --color */
	unsigned width;          /* --width (0: COLUMNS, the tty, 80) */
	/* board profile */
	enum vv_board board_mode;        /* --board, --rock5b */
	const struct board_detect *board; /* the board in use (main), NULL: none */
	struct vv_range range;
	struct vv_flagfilter *vmflags; /* --vmflags: any one must match */
	int nvmflags;
	/* process selection (select.c): every selector given must hold */
	bool sel_all;            /* --all */
	const char *sel_pgrep;   /* --pgrep ERE over comm or the command line */
	pid_t sel_children;      /* --children PID: its descendants (0: none) */
	const char *sel_user;    /* --user NAME|UID: the real uid */
	enum vv_group group;     /* --group */
	pid_t shared_with;       /* --shared-with PID (0: none) */
	unsigned interval_ms;    /* --interval (0: one sample) */
	unsigned count;          /* --count: samples (0: until interrupted) */
	struct delta *delta;     /* --interval: the last sample's rows */
	bool totals;             /* summary --totals: smaps_rollup, no kinds */
	struct vv_tally *tally;  /* a selection's skipped processes (NULL: say each) */
	char **targets;          /* PIDs or "self" as given */
	int ntargets;
};

/* Parses pmap's -A forms: "lo,hi", "lo,", ",hi", "addr". 0 or -EINVAL. */
int range_parse(const char *s, struct vv_range *r);

#endif
