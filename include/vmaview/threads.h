/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - threads.h: a process's threads and their stack pointers, read from /proc without ptrace */
#ifndef VMAVIEW_THREADS_H
#define VMAVIEW_THREADS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmaview/procfs.h"

/* An address that belongs to a thread: its stack pointer, a frame's PC. */
struct addr_tid {
	uint64_t addr;
	pid_t tid;
};

/* Addresses sorted by addr, for a lookup per VMA by binary search. */
struct tid_index {
	struct addr_tid *v;
	size_t n, cap;
};

void tid_index_add(struct tid_index *ix, uint64_t addr, pid_t tid);
/* Sorts by address (then TID); call once after the last add. */
void tid_index_sort(struct tid_index *ix);
/* The entries with start <= addr < end: *first and the count. */
size_t tid_index_range(const struct tid_index *ix, uint64_t start,
		       uint64_t end, size_t *first);
void tid_index_free(struct tid_index *ix);

/*
 * The distinct TIDs of n entries, ascending, into out (room for n);
 * returns how many.
 */
size_t addr_tids_unique(const struct addr_tid *a, size_t n, pid_t *out);

/*
 * The TIDs in ROOT/PID/task, ascending (malloc'd). 0 or -errno (-ENOENT:
 * no task directory, e.g. a snapshot).
 */
int threads_list(const struct procfs *p, pid_t pid, pid_t **tids, size_t *n);

/*
 * /proc/PID/task/TID/syscall: "NR ARGS... SP PC" (in a syscall) or
 * "-1 SP PC" (blocked elsewhere) gives the SP; "running" gives -EAGAIN;
 * anything else -EINVAL.
 */
int threads_parse_syscall(const char *buf, uint64_t *sp);
/* Field 29 of /proc/PID/task/TID/stat (kstkesp): 0 or -EINVAL. */
int threads_parse_kstkesp(const char *buf, uint64_t *sp);

/*
 * Adds the stack pointer of each thread of pid that the kernel tells
 * without stopping it (syscall, else a non-zero kstkesp) to sps; threads
 * that are running or unreadable are left out. Returns how many threads
 * were found, or -errno when the task directory cannot be read.
 */
int threads_read_sps(const struct procfs *p, pid_t pid, struct tid_index *sps);

#endif
