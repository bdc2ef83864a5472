/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - process.c: a target process: identity, state, why a read failed */
#include "vmaview/process.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PF_EXITING 0x00000004UL /* include/linux/sched.h */
#define PF_KTHREAD 0x00200000UL

void proc_info_read(const struct procfs *p, pid_t pid, struct proc_info *pi)
{
	char rel[64];
	size_t n;

	memset(pi, 0, sizeof(*pi));
	pi->pid = pid;
	snprintf(rel, sizeof(rel), "%d/comm", (int)pid);
	if (procfs_read_file(p, rel, 4096, &pi->comm, &n) == 0) {
		if (n && pi->comm[n - 1] == '\n')
			pi->comm[n - 1] = '\0';
	}
	snprintf(rel, sizeof(rel), "%d/cmdline", (int)pid);
	if (procfs_read_file(p, rel, 1 << 20, &pi->cmdline, &pi->cmdline_len))
		pi->cmdline = NULL;
	/* drop one trailing NUL so argv splits cleanly */
	if (pi->cmdline && pi->cmdline_len &&
	    pi->cmdline[pi->cmdline_len - 1] == '\0')
		pi->cmdline_len--;
}

void proc_info_free(struct proc_info *pi)
{
	free(pi->comm);
	free(pi->cmdline);
	memset(pi, 0, sizeof(*pi));
}

int proc_parse_stat(const char *buf, char *state, unsigned long *flags)
{
	const char *p = strrchr(buf, ')');
	unsigned long f;
	char s;

	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %lu", &s, &f) != 2)
		return -EINVAL;
	*state = s;
	*flags = f;
	return 0;
}

enum proc_state proc_state(const struct procfs *p, pid_t pid)
{
	char rel[64], *buf, state;
	unsigned long flags;
	int ret;

	snprintf(rel, sizeof(rel), "%d/stat", (int)pid);
	ret = procfs_read_file(p, rel, 4096, &buf, NULL);
	if (ret == -ENOENT || ret == -ESRCH)
		return proc_exists(p, pid) ? PROC_UNKNOWN : PROC_GONE;
	if (ret < 0)
		return PROC_UNKNOWN;
	ret = proc_parse_stat(buf, &state, &flags);
	free(buf);
	if (ret < 0)
		return PROC_UNKNOWN;
	if (flags & PF_KTHREAD)
		return PROC_KTHREAD;
	if (state == 'Z' || state == 'X')
		return PROC_ZOMBIE;
	/*
	 * Between exit_mm() and the zombie state the task still looks
	 * running, but its smaps already ends early; PF_EXITING is set
	 * before exit_mm() and stays.
	 */
	if (flags & PF_EXITING)
		return PROC_GONE;
	return PROC_ALIVE;
}

int proc_exists(const struct procfs *p, pid_t pid)
{
	char rel[32];
	int fd;

	snprintf(rel, sizeof(rel), "%d", (int)pid);
	fd = procfs_open(p, rel, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int pid_parse(const char *s, pid_t *pid)
{
	long v = 0;

	if (*s < '1' || *s > '9')
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		v = v * 10 + (*s - '0');
		if (v > INT_MAX)
			return -EINVAL;
	}
	*pid = (pid_t)v;
	return 0;
}

long proc_real_uid(const struct procfs *p, pid_t pid)
{
	char rel[32], *buf, *q;
	long uid = -1;

	snprintf(rel, sizeof(rel), "%d/status", (int)pid);
	if (procfs_read_file(p, rel, 1 << 16, &buf, NULL) < 0)
		return -1;
	q = strstr(buf, "\nUid:");
	if (q)
		uid = strtol(q + 5, NULL, 10);
	free(buf);
	return uid;
}

const char *proc_empty_reason(enum proc_state st)
{
	switch (st) {
	case PROC_KTHREAD:
		return "kernel thread (no address space)";
	case PROC_ZOMBIE:
		return "zombie process (no address space)";
	case PROC_GONE:
		return "exited while being read";
	default:
		return "no address space (empty maps)";
	}
}

const char *proc_why_unreadable(const struct procfs *p, pid_t pid)
{
	enum proc_state st = proc_state(p, pid);

	if (st == PROC_GONE && !proc_exists(p, pid))
		return "no such process";
	return proc_empty_reason(st);
}
