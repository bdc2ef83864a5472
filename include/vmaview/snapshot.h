/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - snapshot.h: vmaview snapshot (a /proc tree for --proc-root) and its metadata */
#ifndef VMAVIEW_SNAPSHOT_H
#define VMAVIEW_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmaview/opts.h"
#include "vmaview/procfs.h"

/* The metadata file at the top of a snapshot. */
#define SNAPSHOT_META "vmaview-snapshot"
/* Its format: raised only for a change an older reader would misread. */
#define SNAPSHOT_SCHEMA 1

/* A file of the snapshot and its size when it was written. */
struct snapshot_file {
	char *path;          /* relative to the snapshot's root */
	uint64_t size;
	unsigned long line;  /* the metadata line that lists it */
};

/* What ROOT/vmaview-snapshot says. */
struct snapshot_meta {
	char version[32];    /* of the vmaview that took it */
	unsigned schema;
	pid_t pid;
	char kernel[65];     /* uname -r where it was taken */
	char machine[65];    /* uname -m */
	uint64_t page_size;
	char taken[32];      /* UTC, ISO 8601 ("" when not given) */
	bool pfns_hidden;    /* taken without CAP_SYS_ADMIN: PFNs are 0 */
	struct snapshot_file *files;
	size_t nfiles;
};

/*
 * Reads ROOT/vmaview-snapshot. 1: *m is filled (free it with
 * snapshot_meta_free()); 0: ROOT is not a snapshot (no such file);
 * -EINVAL: malformed, err holds "file:line: reason"; another -errno: it
 * could not be read (err says so).
 */
int snapshot_meta_read(const struct procfs *p, struct snapshot_meta *m,
		       char *err, size_t errlen);
/* The same for a root given by path; NULL (/proc) is never a snapshot. */
int snapshot_meta_load(const char *root, struct snapshot_meta *m);
void snapshot_meta_free(struct snapshot_meta *m);

/*
 * The kernel the data under a root comes from: a snapshot's metadata
 * (where and how it was taken) when the root is a snapshot, else this
 * machine (uname(2), the page size). Pagemap offsets, physical addresses,
 * the page-table model and its era follow it, not the machine reading it.
 */
struct snapshot_sys {
	char kernel[65];     /* uname -r */
	char machine[65];    /* uname -m */
	uint64_t page_size;
	bool snapshot;       /* from a snapshot's metadata */
	bool pfns_hidden;    /* its pagemap has PFN 0 (taken unprivileged) */
};
void snapshot_sys(const struct procfs *p, struct snapshot_sys *s);
/* The same for a root given by path (NULL: /proc, this machine). */
void snapshot_sys_root(const char *root, struct snapshot_sys *s);

/*
 * For --proc-root: when p is a snapshot, checks its metadata and that
 * every file it lists is there, a regular file, with the size it had when
 * it was written (a truncated, partly copied or modified snapshot). 0: fine
 * or not a snapshot; -EINVAL: damaged, err holds the message.
 */
int snapshot_check(const struct procfs *p, char *err, size_t errlen);

/*
 * vmaview snapshot PID -o DIR: captures PID (o->targets[0]) as read from
 * p into a new directory dir, laid out as a /proc tree for --proc-root. It
 * is built in the sibling DIR.tmp.XXXXXX and renamed to dir when complete;
 * an existing dir is never replaced. Messages go to stderr. Returns 0, 1
 * (the target could not be captured, or dir not written), or -EINVAL for a
 * usage error (*bad says which, malloc'd).
 */
int snapshot_run(const struct vv_opts *o, const struct procfs *p,
		 const char *dir, char **bad);

#endif
