/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - procfs.h: every /proc read, relative to one root (--proc-root) */
#ifndef VMAVIEW_PROCFS_H
#define VMAVIEW_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct procfs {
	int rootfd;
	char *root;     /* for messages: "/proc" or the --proc-root path */
	bool live;      /* root is the running kernel's /proc */
};

/* root NULL means "/proc". Returns 0 or -errno. */
int procfs_init(struct procfs *p, const char *root);
void procfs_fini(struct procfs *p);

/* openat() relative to the root; returns an fd or -errno. */
int procfs_open(const struct procfs *p, const char *rel, int flags);
/*
 * Reads a small file whole (cmdline, comm, stat); *buf is NUL-terminated
 * and owned by the caller. Files over max bytes are an error (-EFBIG).
 */
int procfs_read_file(const struct procfs *p, const char *rel, size_t max,
		     char **buf, size_t *len);
/* The pid "self" names under this root; 0 or -errno. */
int procfs_self(const struct procfs *p, pid_t *pid);
/* "ROOT/rel" for messages; returns a static-free malloc'd string. */
char *procfs_path(const struct procfs *p, const char *rel);

#endif
