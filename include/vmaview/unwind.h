/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - unwind.h: each thread's call stack, through ptrace and libunwind (--stacks) */
#ifndef VMAVIEW_UNWIND_H
#define VMAVIEW_UNWIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmaview/procfs.h"

struct uw_frame {
	uint64_t ip;       /* frame 0: the PC; others: the return address */
	char *sym;         /* "name+0xoff" or NULL */
};

struct uw_thread {
	pid_t tid;
	char *comm;        /* NULL when unreadable */
	uint64_t sp;
	bool has_sp;
	struct uw_frame *f;
	size_t nf;
	const char *error; /* why it has no frames (static text), or NULL */
};

struct uw_process {
	struct uw_thread *t; /* by TID */
	size_t n;
	int err;             /* -errno: the threads could not be stopped */
	char why[256];       /* err in words */
	size_t undetached;   /* threads that never stopped (see seize.h) */
};

/* Was vmaview built with libunwind? */
bool unwind_available(void);
/*
 * Stops every thread of pid (seize.h), unwinds each, lets them go, and
 * only then lets pending signals in. 0, or up->err (-EPERM, -ESRCH,
 * -EINTR, -ENOTSUP without libunwind) with up->why set.
 */
int unwind_process(const struct procfs *p, pid_t pid, struct uw_process *up);
void uw_process_free(struct uw_process *up);

/* up->why for a refused seize of pid (Yama, another tracer, another user). */
void unwind_explain(const struct procfs *p, pid_t pid, int err, char *why,
		    size_t n);

#endif
