/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - main.c: command line (argp) -> struct vv_opts -> a command */
#include <argp.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "vmaview/board.h"
#include "vmaview/flagtab.h"
#include "vmaview/group.h"
#include "vmaview/lists.h"
#include "vmaview/map.h"
#include "vmaview/many.h"
#include "vmaview/opts.h"
#include "vmaview/pages.h"
#include "vmaview/ptcmd.h"
#include "vmaview/select.h"
#include "vmaview/process.h"
#include "vmaview/procfs.h"
#include "vmaview/show.h"
#include "vmaview/snapshot.h"
#include "vmaview/version.h"
#include "vmaview/xalloc.h"

#define EXIT_USAGE 64

const char *argp_program_version = "vmaview " VMAVIEW_VERSION;
const char *argp_program_bug_address = NULL;

enum {
	OPT_OUTPUT_ALL = 0x100,
	OPT_PRETTY,
	OPT_SORT,
	OPT_LIST_COLUMNS,
	OPT_LIST_FLAGS,
	OPT_PROC_ROOT,
	OPT_NO_TOTALS,
	OPT_VMFLAGS,
	OPT_NO_PAGEMAP_SCAN,
	OPT_ARCH,
	OPT_KERNEL,
	OPT_VA_BITS,
	OPT_PAGE_SIZE,
	OPT_KIND,
	OPT_LEVEL,
	OPT_RUNS,
	OPT_HOLES,
	OPT_FLAGS,
	OPT_KPF_RAW,
	OPT_FLAG_FORMAT,
	OPT_BOARD,
	OPT_ROCK5B,
	OPT_SVG,
	OPT_COLOR,
	OPT_WIDTH,
	OPT_STACKS,
	OPT_ALL,
	OPT_PGREP,
	OPT_CHILDREN,
	OPT_USER,
	OPT_TOTALS,
	OPT_GROUP,
	OPT_SHARED_WITH,
	OPT_INTERVAL,
	OPT_COUNT,
};

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Output format:", 1 },
	{ "output", 'o', "LIST", 0,
	  "columns to print (comma-separated; a leading '+' adds to the default); "
	  "for snapshot, the directory to create", 1 },
	{ "output-all", OPT_OUTPUT_ALL, NULL, 0, "print every column", 1 },
	{ "json", 'J', NULL, 0, "JSON output (schema 1, see vmaview(1))", 1 },
	{ "pretty", OPT_PRETTY, NULL, 0, "indented JSON (implies --json)", 1 },
	{ "raw", 'r', NULL, 0, "raw table: space-separated, no alignment", 1 },
	{ "pairs", 'P', NULL, 0, "KEY=\"value\" pairs", 1 },
	{ "noheadings", 'n', NULL, 0, "no header line (and no process titles)", 1 },
	{ "bytes", 'b', NULL, 0, "sizes in bytes instead of K/M/G", 1 },
	{ "sort", OPT_SORT, "[-]COL", 0,
	  "sort rows by a column (a leading '-' sorts descending)", 1 },
	{ "no-totals", OPT_NO_TOTALS, NULL, 0, "no totals row in tables", 1 },
	{ NULL, 0, NULL, 0, "Selection:", 2 },
	{ "range", 'A', "LO,HI", 0,
	  "only VMAs overlapping [LO,HI] (hex; 'LO,' ',HI' or one address)", 2 },
	{ "vmflags", OPT_VMFLAGS, "EXPR", 0,
	  "only VMAs whose VmFlags match EXPR: codes joined by ',' (all must hold), "
	  "'~' negates (e.g. lo,~ex); repeat the option for 'or'", 2 },
	{ NULL, 0, NULL, 0, "Pages (vmaview pages PID [RANGE]):", 5 },
	{ "runs", OPT_RUNS, NULL, 0,
	  "one row per run of pages with equal attributes (PFN advancing by one)", 5 },
	{ "holes", OPT_HOLES, NULL, 0,
	  "also list pages that are not populated (state none)", 5 },
	{ "flags", OPT_FLAGS, "EXPR", 0,
	  "only pages whose kpageflags match EXPR (page-types -b grammar, e.g. "
	  "anon,~lru); repeat the option for 'or'", 5 },
	{ "kpf-raw", OPT_KPF_RAW, NULL, 0,
	  "also show kernel-internal kpageflags bits 32-42 (marked '*')", 5 },
	{ "flag-format", OPT_FLAG_FORMAT, "FMT", 0,
	  "flag sets in tables as names, raw (hex) or both", 5 },
	{ NULL, 0, NULL, 0, "Page-table model (pages, translate, decode):", 7 },
	{ "arch", OPT_ARCH, "ARCH", 0,
	  "native (default), arm64 or x86_64", 7 },
	{ "kernel", OPT_KERNEL, "VER", 0,
	  "kernel version whose layouts apply (e.g. 6.1; default: this one)", 7 },
	{ "va-bits", OPT_VA_BITS, "N", 0,
	  "virtual address bits (arm64 36/39/42/47/48/52, x86_64 48/57)", 7 },
	{ "page-size", OPT_PAGE_SIZE, "SIZE", 0,
	  "translation granule: 4k, 16k or 64k (arm64)", 7 },
	{ "kind", OPT_KIND, "KIND", 0,
	  "decode: what VALUE is: pte (default), pagemap, kpageflags, vmflags", 7 },
	{ "level", OPT_LEVEL, "N", 0,
	  "decode: the level a pte sits at, 0 = top (default: the last)", 7 },
	{ NULL, 0, NULL, 0, "Board (Radxa ROCK 5B+ / RK3588):", 8 },
	{ "board", OPT_BOARD, "BOARD", 0,
	  "auto (the default: from the device tree), none or rock5b-plus", 8 },
	{ "rock5b", OPT_ROCK5B, NULL, 0,
	  "the Radxa ROCK 5B+, whatever the device tree says (--board=rock5b-plus)",
	  8 },
	{ NULL, 0, NULL, 0, "Map (vmaview map PID):", 9 },
	{ "svg", OPT_SVG, "FILE", 0,
	  "write the map as a standalone SVG to FILE ('-': stdout)", 9 },
	{ "color", OPT_COLOR, "WHEN", OPTION_ARG_OPTIONAL,
	  "colour the cells: auto (the default: on a tty, unless NO_COLOR is "
	  "set), always or never", 9 },
	{ "width", OPT_WIDTH, "N", 0,
	  "line width in columns (default: COLUMNS, else the terminal's, else 80)",
	  9 },
	{ NULL, 0, NULL, 0, "Threads (show):", 10 },
	{ "stacks", OPT_STACKS, NULL, 0,
	  "stop every thread a moment (ptrace), unwind it, mark the VMAs of its "
	  "stack and frames (stack_tids, frame_tids) and list its frames", 10 },
	{ NULL, 0, NULL, 0, "Frames:", 6 },
	{ "no-pagemap-scan", OPT_NO_PAGEMAP_SCAN, NULL, 0,
	  "do not use the PAGEMAP_SCAN ioctl: read pagemap per VMA in batches", 6 },
	{ NULL, 0, NULL, 0, "Processes (all given must hold):", 11 },
	{ "all", OPT_ALL, NULL, 0,
	  "every process (not kernel threads, not vmaview itself)", 9 },
	{ "pgrep", OPT_PGREP, "REGEX", 0,
	  "processes whose name or command line matches REGEX (extended)", 9 },
	{ "children", OPT_CHILDREN, "PID", 0,
	  "the descendants of PID (children, their children, ...)", 9 },
	{ "user", OPT_USER, "USER", 0,
	  "processes whose real user is USER (a name or a uid)", 9 },
	{ "group", OPT_GROUP, "KEY", 0,
	  "one row per vma (the default), name, kind, process or user, "
	  "summed over every process given (map: a line per vma, name or kind)", 9 },
	{ "shared-with", OPT_SHARED_WITH, "PID", 0,
	  "add the column shared_with: per VMA, the present pages whose frames "
	  "PID maps too", 9 },
	{ NULL, 0, NULL, 0, "Repeat (show, --group, summary):", 13 },
	{ "interval", OPT_INTERVAL, "SEC", 0,
	  "print the view every SEC seconds, marking what changed since the last "
	  "sample (+ added, - removed, ~ changed) with a DELTA of RSS", 13 },
	{ "count", OPT_COUNT, "N", 0,
	  "with --interval: N samples, then stop (default: until interrupted)", 13 },
	{ NULL, 0, NULL, 0, "Summary (vmaview summary PID...):", 12 },
	{ "totals", OPT_TOTALS, NULL, 0,
	  "one row per process from smaps_rollup, no split by region kind", 12 },
	{ NULL, 0, NULL, 0, "Information:", 3 },
	{ "list-columns", OPT_LIST_COLUMNS, NULL, 0,
	  "list the columns (and smaps keys this kernel adds) and exit", 3 },
	{ "list-flags", OPT_LIST_FLAGS, "KIND", 0,
	  "list the flags of KIND (" FLAGTAB_KINDS ") and exit", 3 },
	{ NULL, 0, NULL, 0, "Sources:", 4 },
	{ "proc-root", OPT_PROC_ROOT, "DIR", 0,
	  "read DIR instead of /proc (a snapshot or a test fixture)", 4 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

struct cli {
	struct vv_opts o;
	const char *list_flags;
	bool list_columns;
	char **args;
	int nargs;
};

/* A decimal number in [lo, hi]. 0 or -EINVAL. */
static int num_arg(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct cli *c = state->input;
	struct vv_opts *o = &c->o;

	switch (key) {
	case 'o':
		o->output = arg;
		break;
	case OPT_OUTPUT_ALL:
		o->output_all = true;
		break;
	case 'J':
		o->format = VV_FMT_JSON;
		break;
	case OPT_PRETTY:
		o->format = VV_FMT_JSON;
		o->pretty = true;
		break;
	case 'r':
		o->format = VV_FMT_RAW;
		break;
	case 'P':
		o->format = VV_FMT_PAIRS;
		break;
	case 'n':
		o->noheadings = true;
		break;
	case 'b':
		o->bytes = true;
		break;
	case OPT_SORT:
		o->sort = arg;
		break;
	case OPT_NO_TOTALS:
		o->no_totals = true;
		break;
	case 'A':
		if (range_parse(arg, &o->range) < 0)
			argp_error(state, "invalid range '%s' (expected LO,HI in hex)",
				   arg);
		break;
	case OPT_VMFLAGS: {
		struct vv_flagfilter f;
		const char *bad;
		size_t blen;

		if (flagtab_parse_expr(&flagtab_vmflags, arg, &f.mask, &f.value,
				       &bad, &blen) < 0)
			argp_error(state,
				   "--vmflags: unknown VmFlags code '%.*s' (see --list-flags vmflags)",
				   (int)blen, bad);
		o->vmflags = xreallocarray(o->vmflags, (size_t)o->nvmflags + 1,
					   sizeof(*o->vmflags));
		o->vmflags[o->nvmflags++] = f;
		break;
	}
	case OPT_LIST_COLUMNS:
		c->list_columns = true;
		break;
	case OPT_LIST_FLAGS:
		c->list_flags = arg;
		break;
	case OPT_PROC_ROOT:
		o->proc_root = arg;
		break;
	case OPT_ARCH:
		if (!strcmp(arg, "native"))
			o->arch = VV_ARCH_NATIVE;
		else if (!strcmp(arg, "arm64") || !strcmp(arg, "aarch64"))
			o->arch = VV_ARCH_ARM64;
		else if (!strcmp(arg, "x86_64") || !strcmp(arg, "amd64"))
			o->arch = VV_ARCH_X86_64;
		else
			argp_error(state, "--arch: '%s' is not native, arm64 or x86_64",
				   arg);
		o->arch_set = true;
		break;
	case OPT_BOARD:
		if (!strcmp(arg, "auto"))
			o->board_mode = VV_BOARD_AUTO;
		else if (!strcmp(arg, "none"))
			o->board_mode = VV_BOARD_NONE;
		else if (!strcmp(arg, "rock5b-plus"))
			o->board_mode = VV_BOARD_ROCK5B_PLUS;
		else
			argp_error(state, "--board: '%s' is not auto, none or rock5b-plus",
				   arg);
		break;
	case OPT_ROCK5B:
		o->board_mode = VV_BOARD_ROCK5B_PLUS;
		break;
	case OPT_STACKS:
		o->stacks = true;
		break;
	case OPT_KERNEL:
		if (sscanf(arg, "%u.%u", &o->kmaj, &o->kmin) != 2 ||
		    o->kmaj > 255 || o->kmin > 255)
			argp_error(state, "--kernel: '%s' is not a version like 6.1",
				   arg);
		break;
	case OPT_VA_BITS:
		if (num_arg(arg, 32, 57, &o->va_bits) < 0)
			argp_error(state, "--va-bits: '%s' is not a number of bits (32-57)",
				   arg);
		break;
	case OPT_PAGE_SIZE:
		if (!strcasecmp(arg, "4k") || !strcmp(arg, "4096"))
			o->page_shift = 12;
		else if (!strcasecmp(arg, "16k") || !strcmp(arg, "16384"))
			o->page_shift = 14;
		else if (!strcasecmp(arg, "64k") || !strcmp(arg, "65536"))
			o->page_shift = 16;
		else
			argp_error(state, "--page-size: '%s' is not 4k, 16k or 64k",
				   arg);
		break;
	case OPT_KIND:
		if (strcmp(arg, "pte") && strcmp(arg, "pagemap") &&
		    strcmp(arg, "kpageflags") && strcmp(arg, "vmflags"))
			argp_error(state, "--kind: '%s' is not pte, pagemap, kpageflags or vmflags",
				   arg);
		o->kind = arg;
		break;
	case OPT_LEVEL:
		if (num_arg(arg, 0, 5, &o->level) < 0)
			argp_error(state, "--level: '%s' is not a level (0-5)", arg);
		o->level_set = true;
		break;
	case OPT_NO_PAGEMAP_SCAN:
		o->no_pagemap_scan = true;
		break;
	case OPT_RUNS:
		o->runs = true;
		break;
	case OPT_HOLES:
		o->holes = true;
		break;
	case OPT_KPF_RAW:
		o->kpf_raw = true;
		break;
	case OPT_FLAG_FORMAT:
		if (flag_fmt_parse(arg, &o->flag_format) < 0)
			argp_error(state, "--flag-format: '%s' is not names, raw or both",
				   arg);
		break;
	case OPT_FLAGS:
		o->kpf_exprs = xreallocarray(o->kpf_exprs,
					     (size_t)o->nkpf_exprs + 1,
					     sizeof(*o->kpf_exprs));
		o->kpf_exprs[o->nkpf_exprs++] = arg;
		break;
	case OPT_SVG:
		o->svg = arg;
		break;
	case OPT_COLOR:
		if (!arg || !strcmp(arg, "always"))
			o->color = VV_COLOR_ALWAYS;
		else if (!strcmp(arg, "auto"))
			o->color = VV_COLOR_AUTO;
		else if (!strcmp(arg, "never"))
			o->color = VV_COLOR_NEVER;
		else
			argp_error(state, "--color: '%s' is not auto, always or never",
				   arg);
		break;
	case OPT_WIDTH:
		if (num_arg(arg, 40, 4096, &o->width) < 0)
			argp_error(state, "--width: '%s' is not a width (40-4096)",
				   arg);
		break;
	case OPT_ALL:
		o->sel_all = true;
		break;
	case OPT_PGREP:
		o->sel_pgrep = arg;
		break;
	case OPT_CHILDREN:
		if (pid_parse(arg, &o->sel_children) < 0)
			argp_error(state, "--children: '%s' is not a process ID", arg);
		break;
	case OPT_GROUP:
		if (group_parse(arg, &o->group) < 0)
			argp_error(state, "--group: '%s' is not vma, name, kind, process or user",
				   arg);
		break;
	case OPT_SHARED_WITH:
		if (pid_parse(arg, &o->shared_with) < 0)
			argp_error(state, "--shared-with: '%s' is not a process ID", arg);
		break;
	case OPT_INTERVAL: {
		char *end;
		double sec;

		errno = 0;
		sec = strtod(arg, &end);
		if (errno || *end || end == arg || !(sec >= 0.001) || sec > 86400)
			argp_error(state, "--interval: '%s' is not a number of seconds (0.001-86400)",
				   arg);
		o->interval_ms = (unsigned)(sec * 1000 + 0.5);
		break;
	}
	case OPT_COUNT:
		if (num_arg(arg, 1, 1000000000, &o->count) < 0)
			argp_error(state, "--count: '%s' is not a number of samples", arg);
		break;
	case OPT_TOTALS:
		o->totals = true;
		break;
	case OPT_USER:
		o->sel_user = arg;
		break;
	case ARGP_KEY_ARG:
		c->args = xreallocarray(c->args, (size_t)c->nargs + 1,
					sizeof(char *));
		c->args[c->nargs++] = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const char doc[] =
	"Show the memory map of processes: VMAs joined with smaps accounting."
	"\vCommands: show (the default), summary PID..., who FRAME..., "
	"pages PID [RANGE], translate PID ADDR..., "
	"decode VALUE..., snapshot PID -o DIR (a copy for --proc-root DIR), "
	"map PID (a picture: --svg FILE, --group name|kind). "
	"PID is a process ID or 'self'. "
	"Columns: see --list-columns. Exit status: 0 success, 1 a target could "
	"not be inspected, 64 usage error. See vmaview(1).";

static const struct argp argp = {
	options, parse_opt,
	"[show] PID...\nsummary PID...\nwho FRAME...\npages PID [RANGE]\ntranslate PID ADDR...\ndecode VALUE...\n"
	"snapshot PID -o DIR\nmap [--svg FILE] [--group KEY] PID", doc, NULL, NULL, NULL,
};

/* util-linux's close_stdout: a failed write is an error, EPIPE is not. */
static void close_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		if (errno == EPIPE)
			_exit(EXIT_FAILURE);
		fprintf(stderr, "vmaview: write error: %s\n", strerror(errno));
		_exit(EXIT_FAILURE);
	}
}

static bool target_syntax_ok(const char *s)
{
	pid_t pid;

	return !strcmp(s, "self") || !pid_parse(s, &pid);
}

/* A command's result as an exit status; a usage error is said, 64. */
static int usage_ret(int ret, char *bad)
{
	return many_usage_ret(ret, bad);
}

/* vmaview pages PID [RANGE] */
static int run_pages(struct cli *c, struct procfs *p)
{
	char *bad = NULL;

	c->o.cmd = VV_CMD_PAGES;
	c->o.targets = c->args + 1;
	c->o.ntargets = c->nargs - 1;
	int ret = pages_run(&c->o, p, stdout, &bad);

	/* bad is set by the call: not in the same expression */
	return usage_ret(ret, bad);
}

/* --board: the profile in use, detected from the DT under the proc root. */
static void resolve_board(struct vv_opts *o, const struct procfs *p)
{
	static struct board_detect found;

	if (board_detect(p, o->board_mode, &found))
		o->board = &found;
}

/* vmaview snapshot PID -o DIR: -o names the directory, not columns */
static int run_snapshot(struct cli *c, struct procfs *p)
{
	char *bad = NULL;

	c->o.targets = c->args + 1;
	c->o.ntargets = c->nargs - 1;
	int ret = snapshot_run(&c->o, p, c->o.output, &bad);

	return usage_ret(ret, bad);
}

/* Everything after option parsing; returns the exit status. */
static int run(struct cli *c)
{
	struct procfs p;
	char *bad = NULL;
	int i, ret, first = 0;

	if (c->o.stacks && c->nargs &&
	    (!strcmp(c->args[0], "pages") || !strcmp(c->args[0], "translate") ||
	     !strcmp(c->args[0], "decode") || !strcmp(c->args[0], "snapshot"))) {
		fprintf(stderr, "vmaview: --stacks applies to show only\n"
				"Try 'vmaview --help' for more information.\n");
		return EXIT_USAGE;
	}
	if (c->nargs && !strcmp(c->args[0], "decode")) {
		/* needs no /proc: the board only if its DT can be read */
		bool have_p = procfs_init(&p, c->o.proc_root) == 0;

		resolve_board(&c->o, have_p ? &p : NULL);
		if (have_p)
			procfs_fini(&p);
		c->o.cmd = VV_CMD_DECODE;
		c->o.targets = c->args + 1;
		c->o.ntargets = c->nargs - 1;
		ret = decode_run(&c->o, stdout, &bad);
		return usage_ret(ret, bad);
	}
	if (c->list_flags) {
		if (list_flags(stdout, c->list_flags) < 0) {
			fprintf(stderr, "vmaview: unknown flag kind '%s' (known: " FLAGTAB_KINDS ")\n",
				c->list_flags);
			return EXIT_USAGE;
		}
		return 0;
	}
	ret = procfs_init(&p, c->o.proc_root);
	if (ret < 0) {
		fprintf(stderr, "vmaview: %s: %s\n",
			c->o.proc_root ? c->o.proc_root : "/proc", strerror(-ret));
		return c->o.proc_root ? EXIT_USAGE : EXIT_FAILURE;
	}
	if (c->o.proc_root) {
		/* a snapshot: complete, with every file as it was written */
		char err[8192];

		ret = snapshot_check(&p, err, sizeof(err));
		if (ret < 0) {
			fprintf(stderr, "vmaview: %s\n", err);
			procfs_fini(&p);
			return EXIT_FAILURE;
		}
	}
	resolve_board(&c->o, &p);
	if (c->list_columns) {
		if (c->nargs && !strcmp(c->args[0], "pages"))
			list_page_columns(stdout);
		else
			list_columns(stdout, &p);
		procfs_fini(&p);
		return 0;
	}
	if (c->nargs && !strcmp(c->args[0], "pages")) {
		ret = run_pages(c, &p);
		procfs_fini(&p);
		return ret;
	}
	if (c->nargs && !strcmp(c->args[0], "snapshot")) {
		ret = run_snapshot(c, &p);
		procfs_fini(&p);
		return ret;
	}
	if (c->nargs && !strcmp(c->args[0], "map")) {
		c->o.targets = c->args + 1;
		c->o.ntargets = c->nargs - 1;
		ret = map_run(&c->o, &p, stdout, &bad);
		ret = usage_ret(ret, bad);
		procfs_fini(&p);
		return ret;
	}
	if (c->nargs && !strcmp(c->args[0], "who")) {
		ret = many_who(&c->o, &p, c->args + 1, c->nargs - 1);
		procfs_fini(&p);
		return ret;
	}
	if (c->nargs && !strcmp(c->args[0], "translate")) {
		c->o.cmd = VV_CMD_TRANSLATE;
		c->o.targets = c->args + 1;
		c->o.ntargets = c->nargs - 1;
		ret = translate_run(&c->o, &p, stdout, &bad);
		ret = usage_ret(ret, bad);
		procfs_fini(&p);
		return ret;
	}
	if (c->nargs && !strcmp(c->args[0], "show"))
		first = 1;
	if (c->o.stacks && c->o.proc_root) {
		fprintf(stderr, "vmaview: --stacks needs live processes, not --proc-root\n"
				"Try 'vmaview --help' for more information.\n");
		procfs_fini(&p);
		return EXIT_USAGE;
	}
	if (c->nargs && !strcmp(c->args[0], "summary")) {
		first = 1;
		c->o.cmd = VV_CMD_SUMMARY;
	}
	if (c->nargs - first < 1 && !select_any(&c->o)) {
		fprintf(stderr, "vmaview: no process given\n"
				"Try 'vmaview --help' for more information.\n");
		procfs_fini(&p);
		return EXIT_USAGE;
	}
	for (i = first; i < c->nargs; i++) {
		if (!target_syntax_ok(c->args[i])) {
			fprintf(stderr, "vmaview: '%s' is not a process ID or 'self'\n"
					"Try 'vmaview --help' for more information.\n",
				c->args[i]);
			procfs_fini(&p);
			return EXIT_USAGE;
		}
	}
	c->o.targets = c->args + first;
	c->o.ntargets = c->nargs - first;
	ret = many_run(&c->o, &p);
	procfs_fini(&p);
	return ret;
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };
	int ret;

	/* LC_CTYPE only: multibyte names in a UTF-8 locale; numbers stay C */
	setlocale(LC_CTYPE, "");
	/*
	 * Fewer, larger writes: a 30,000-row table is a few MiB. glibc takes
	 * the size only with a buffer (with NULL it uses st_blksize, 4 KiB).
	 */
	static char outbuf[64 << 10];

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	atexit(close_stdout);
	argp_err_exit_status = EXIT_USAGE;
	/* getopt names argv[0] in its messages: say "vmaview:" as ours do */
	argv[0] = program_invocation_short_name;
	argp_parse(&argp, argc, argv, 0, NULL, &c);
	ret = run(&c);
	free(c.args);
	free(c.o.kpf_exprs);
	free(c.o.vmflags);
	return ret;
}
