/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - process.h: a target process: identity, state, why a read failed */
#ifndef VMAVIEW_PROCESS_H
#define VMAVIEW_PROCESS_H

#include <stddef.h>
#include <sys/types.h>

#include "vmaview/procfs.h"

struct proc_info {
	pid_t pid;
	char *comm;        /* NULL when unreadable */
	char *cmdline;     /* NUL-separated argv, as the kernel gives it */
	size_t cmdline_len;
};

enum proc_state {
	PROC_ALIVE,
	PROC_GONE,         /* no /proc/PID any more */
	PROC_ZOMBIE,       /* exited, not reaped: no address space */
	PROC_KTHREAD,      /* kernel thread: no address space */
	PROC_UNKNOWN,      /* stat unreadable or malformed (e.g. a fixture) */
};

/* Best effort: comm and cmdline; missing files leave them NULL/empty. */
void proc_info_read(const struct procfs *p, pid_t pid, struct proc_info *pi);
void proc_info_free(struct proc_info *pi);

enum proc_state proc_state(const struct procfs *p, pid_t pid);
/*
 * Why a process has no address space to read (kernel thread, zombie,
 * exited, no such process): a static string, for an empty or ESRCH read.
 */
/* Why a process shows no VMAs: kernel thread, zombie, exited, empty maps. */
const char *proc_empty_reason(enum proc_state st);
const char *proc_why_unreadable(const struct procfs *p, pid_t pid);
/* The real uid (first field of "Uid:" in status); -1 when unknown. */
long proc_real_uid(const struct procfs *p, pid_t pid);
/* Does ROOT/PID exist as a directory? */
int proc_exists(const struct procfs *p, pid_t pid);

/*
 * A process ID as the kernel writes one: decimal digits, no sign, no
 * leading zero, 1..INT_MAX. 0 or -EINVAL.
 */
int pid_parse(const char *s, pid_t *pid);

/* Parses /proc/PID/stat text: state letter and flags (field 9). 0 / -EINVAL */
int proc_parse_stat(const char *buf, char *state, unsigned long *flags);

#endif
