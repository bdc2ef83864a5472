/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - seize.h: stop every thread of a process with PTRACE_SEIZE + PTRACE_INTERRUPT, and let go */
#ifndef VMAVIEW_SEIZE_H
#define VMAVIEW_SEIZE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "vmaview/procfs.h"

enum seize_state {
	SEIZE_ATTACHED,  /* seized and interrupted, stop not seen yet */
	SEIZE_STOPPED,   /* in a ptrace-stop: registers can be read */
	SEIZE_GONE,      /* exited while being attached */
	SEIZE_DETACHED,
};

struct seized {
	pid_t tid;
	enum seize_state state;
	int sig;         /* a signal-delivery-stop's signal, given back on detach */
};

struct seize {
	pid_t pid;
	struct seized *t;     /* sorted by TID */
	size_t n, cap;
	sigset_t oldmask;
	bool blocked;         /* signals are blocked until seize_release */
	int err;              /* the refused PTRACE_SEIZE's -errno */
	pid_t err_tid;
};

/*
 * Blocks the signals that would end vmaview (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT, SIGPIPE, SIGTSTP... all but faults), then seizes and interrupts
 * every thread of pid, rescanning ROOT/PID/task until a scan finds no new
 * thread, and waits (up to stop_ms) for each to stop. Returns 0 (some
 * threads may be SEIZE_GONE or still SEIZE_ATTACHED), -EPERM/-ESRCH/...
 * when the process cannot be seized (s->err; nothing stays attached), or
 * -EINTR when a terminating signal became pending. Call seize_release()
 * on every path, also after an error: it restores the signal mask.
 */
int seize_all(struct seize *s, const struct procfs *p, pid_t pid,
	      unsigned stop_ms);
/*
 * Detaches every thread (giving back any signal it was stopped for) and
 * restores the signal mask, so a signal that arrived meanwhile is
 * delivered only now. Threads that never stopped cannot be detached:
 * the kernel lets them go when vmaview exits. Returns how many threads
 * could not be detached.
 */
size_t seize_release(struct seize *s);
/* Is a signal that ends vmaview pending (blocked by seize_all)? */
bool seize_interrupted(void);

#endif
