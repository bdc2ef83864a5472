/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - stacks.h: which VMA holds each thread's stack and runs its frames, for show */
#ifndef VMAVIEW_STACKS_H
#define VMAVIEW_STACKS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmaview/procfs.h"
#include "vmaview/threads.h"
#include "vmaview/unwind.h"
#include "vmaview/vma.h"

struct vma_span {
	uint64_t start, end;
	char *name;          /* as the kernel prints it */
};

struct proc_stacks {
	struct tid_index sps;  /* each thread's stack pointer */
	struct tid_index ips;  /* --stacks: each frame's address (call site) */
	bool unwound;          /* --stacks ran (see up.err) */
	struct uw_process up;
	struct vma_span *spans; /* --stacks: every VMA, for the frames' VMAs */
	size_t nspans, cap;
};

/*
 * Before the VMAs are read: the threads' stack pointers from /proc
 * (cheap: a read per thread, no ptrace) or, with unwind (--stacks), from
 * the stopped threads themselves, with their frames.
 */
void stacks_collect(struct proc_stacks *ps, const struct procfs *p, pid_t pid,
		    bool unwind);
/*
 * Per VMA, in address order: sets v's stack and frame TIDs, makes an
 * unnamed anonymous VMA holding a stack pointer kind "stack", and (with
 * --stacks) remembers the VMA for the frames' "vma".
 */
void stacks_mark(struct proc_stacks *ps, struct vma *v);
/* The VMA a frame's address lies in (--stacks), or NULL. */
const struct vma_span *stacks_span_of(const struct proc_stacks *ps,
				      uint64_t addr);
/* The address whose VMA a frame executes in: return addresses minus 1. */
uint64_t stacks_frame_site(const struct uw_thread *t, size_t i);
void stacks_free(struct proc_stacks *ps);

#endif
