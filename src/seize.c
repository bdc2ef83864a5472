/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - seize.c: stop every thread of a process with PTRACE_SEIZE + PTRACE_INTERRUPT, and let go */
#include "vmaview/seize.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>

#include "vmaview/process.h"
#include "vmaview/threads.h"
#include "vmaview/xalloc.h"

#define MAX_ROUNDS 64 /* rescans of the task directory */

/* Signals that end vmaview when they arrive while threads are seized. */
static const int term_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
				 SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ,
				 SIGVTALRM, SIGPROF };

bool seize_interrupted(void)
{
	sigset_t p;

	if (sigpending(&p) < 0)
		return false;
	for (size_t i = 0; i < sizeof(term_sigs) / sizeof(term_sigs[0]); i++)
		if (sigismember(&p, term_sigs[i]) == 1)
			return true;
	return false;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static struct seized *find(struct seize *s, pid_t tid)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->t[i].tid == tid)
			return &s->t[i];
	return NULL;
}

static void add(struct seize *s, pid_t tid)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->t = xreallocarray(s->t, s->cap, sizeof(*s->t));
	}
	s->t[s->n++] = (struct seized){ .tid = tid, .state = SEIZE_ATTACHED };
}

/* A wait status of a seized thread. */
static void on_status(struct seized *t, int st)
{
	if (WIFSTOPPED(st)) {
		t->state = SEIZE_STOPPED;
		/*
		 * PTRACE_EVENT_STOP: our interrupt or a group-stop (the stop
		 * signal stays in effect after the detach, as it should);
		 * no event: a signal-delivery-stop, whose signal is given back.
		 */
		t->sig = (st >> 16) == 0 ? WSTOPSIG(st) : 0;
	} else if (WIFEXITED(st) || WIFSIGNALED(st)) {
		t->state = SEIZE_GONE;
	}
}

/*
 * Waits until every seized thread has stopped or gone, for up to ms.
 * -EINTR when interruptible and a terminating signal is pending.
 */
static int wait_stops(struct seize *s, unsigned ms, bool interruptible)
{
	uint64_t deadline = now_ms() + ms;
	const struct timespec nap = { 0, 200000 }; /* 0.2 ms */

	for (;;) {
		size_t waiting = 0;

		for (size_t i = 0; i < s->n; i++) {
			struct seized *t = &s->t[i];
			int st;
			pid_t r;

			if (t->state != SEIZE_ATTACHED)
				continue;
			r = waitpid(t->tid, &st, __WALL | WNOHANG);
			if (r == t->tid)
				on_status(t, st);
			else if (r < 0 && errno == ECHILD)
				t->state = SEIZE_GONE;
			waiting += t->state == SEIZE_ATTACHED;
		}
		if (!waiting)
			return 0;
		if (interruptible && seize_interrupted())
			return -EINTR;
		if (now_ms() >= deadline)
			return 0;
		nanosleep(&nap, NULL);
	}
}

/* A thread that has exited (a leader after pthread_exit): not traceable. */
static bool thread_dead(const struct procfs *p, pid_t pid, pid_t tid)
{
	char rel[96], *buf, state = '?';
	unsigned long flags;

	snprintf(rel, sizeof(rel), "%d/task/%d/stat", (int)pid, (int)tid);
	if (procfs_read_file(p, rel, 4096, &buf, NULL) < 0)
		return true;
	if (proc_parse_stat(buf, &state, &flags) < 0)
		state = '?';
	free(buf);
	return state == 'Z' || state == 'X';
}

/* Seizes the threads not seized yet: how many, or -errno (refused). */
static int seize_new(struct seize *s, const struct procfs *p,
		     const pid_t *tids, size_t n)
{
	int added = 0;

	for (size_t i = 0; i < n; i++) {
		if (find(s, tids[i]))
			continue;
		if (ptrace(PTRACE_SEIZE, tids[i], NULL, NULL) < 0) {
			if (errno == ESRCH ||
			    (errno == EPERM && thread_dead(p, s->pid, tids[i])))
				continue; /* gone since the scan, or a zombie */
			s->err = -errno;
			s->err_tid = tids[i];
			return s->err;
		}
		add(s, tids[i]);
		added++;
		/* ESRCH: it is exiting; the wait sees it go */
		ptrace(PTRACE_INTERRUPT, tids[i], NULL, NULL);
	}
	return added;
}

int seize_all(struct seize *s, const struct procfs *p, pid_t pid,
	      unsigned stop_ms)
{
	sigset_t all;
	int ret = 0;

	memset(s, 0, sizeof(*s));
	s->pid = pid;
	sigfillset(&all);
	/* faults stay deliverable: if vmaview dies, the kernel detaches */
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGTRAP);
	sigdelset(&all, SIGSYS);
	sigdelset(&all, SIGABRT);
	if (pthread_sigmask(SIG_BLOCK, &all, &s->oldmask) == 0)
		s->blocked = true;
	/* threads made by threads not stopped yet: scan until none is new */
	for (int round = 0; round < MAX_ROUNDS; round++) {
		pid_t *tids;
		size_t n;

		if (seize_interrupted())
			return -EINTR;
		ret = threads_list(p, pid, &tids, &n);
		if (ret < 0) {
			if (!s->n)
				s->err = ret == -ENOENT ? -ESRCH : ret;
			return s->n ? 0 : s->err;
		}
		ret = seize_new(s, p, tids, n);
		free(tids);
		if (ret < 0)
			return ret;
		if (ret == 0)
			break;
		ret = wait_stops(s, stop_ms, true);
		if (ret < 0)
			return ret;
	}
	if (!s->n) {
		s->err = -ESRCH;
		return s->err;
	}
	return 0;
}

size_t seize_release(struct seize *s)
{
	size_t left = 0;

	/* a seized thread can only be detached from a ptrace-stop */
	wait_stops(s, 1000, false);
	for (size_t i = 0; i < s->n; i++) {
		struct seized *t = &s->t[i];

		if (t->state == SEIZE_GONE)
			continue;
		if (ptrace(PTRACE_DETACH, t->tid, NULL,
			   (void *)(long)t->sig) == 0)
			t->state = SEIZE_DETACHED;
		else if (t->state == SEIZE_ATTACHED)
			left++; /* never stopped: released when vmaview exits */
		else
			t->state = SEIZE_GONE; /* killed while stopped */
	}
	if (s->blocked)
		pthread_sigmask(SIG_SETMASK, &s->oldmask, NULL);
	s->blocked = false;
	free(s->t);
	s->t = NULL;
	s->n = s->cap = 0;
	return left;
}
