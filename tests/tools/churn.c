/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - churn.c: keeps short-lived children that map, unmap, exec and exit at random moments */
/*
 * Usage: churn [--timeout SECS] N
 *
 * Keeps N children alive, forking a new one as each ends, until SIGTERM or
 * SIGINT or the timeout (default 120 s; a safety net). Their PIDs are in
 * /proc/CHURN/task/CHURN/children at any moment: tests/bats/races.bats
 * points vmaview at them while they come and go. Each child lives 2 to 80
 * ms, doing one of, chosen at random:
 *
 *   maps    mmap, touch, mprotect, MADV_HUGEPAGE/DONTNEED, munmap in a
 *           loop (VMAs appear, split, merge and vanish under the reader)
 *   exec    the same for a while, then execs churn itself (--exec-child:
 *           a fresh mm that maps a little and exits)
 *   exit    exits almost at once
 *
 * prints "READY" once the first N are started. Writes nothing else.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Map and unmap at random until the deadline. */
static void churn_maps(double until)
{
	long ps = sysconf(_SC_PAGESIZE);
	char *slot[16] = { 0 };
	size_t len[16] = { 0 };

	while (now() < until) {
		int i = rand() % 16;

		/* a change every ~0.3 ms: churn, not a CPU hog */
		nanosleep(&(struct timespec){ .tv_nsec = 300000 }, NULL);

		if (slot[i]) {
			switch (rand() % 4) {
			case 0: /* split it: the middle page changes protection */
				if (len[i] > 2 * (size_t)ps)
					mprotect(slot[i] + ps, (size_t)ps, PROT_READ);
				break;
			case 1:
				madvise(slot[i], len[i], MADV_DONTNEED);
				break;
			default:
				munmap(slot[i], len[i]);
				slot[i] = NULL;
			}
			continue;
		}
		len[i] = (size_t)ps * (1 + (size_t)(rand() % 1024));
		slot[i] = mmap(NULL, len[i], PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (slot[i] == MAP_FAILED) {
			slot[i] = NULL;
			continue;
		}
		if (rand() % 2)
			madvise(slot[i], len[i], MADV_HUGEPAGE);
		for (size_t o = 0; o < len[i]; o += (size_t)ps * (1 + rand() % 8))
			slot[i][o] = 1;
	}
}

static void child(const char *self)
{
	double until = now() + (2 + rand() % 80) / 1000.0;

	/* the parent gone (even before the prctl): no stray children */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() == 1)
		_exit(0);
	switch (rand() % 3) {
	case 0:
		churn_maps(until);
		break;
	case 1:
		churn_maps(now() + (until - now()) / 2);
		execl(self, self, "--exec-child", (char *)NULL);
		break;
	default:
		break;
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	static pid_t kids[64];
	bool said = false;
	double deadline;
	int n, timeout = 120, alive = 0;
	char *end;

	if (argc == 2 && !strcmp(argv[1], "--exec-child")) {
		srand((unsigned)getpid());
		churn_maps(now() + (1 + rand() % 10) / 1000.0);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "--timeout")) {
		timeout = atoi(argv[2]);
		argv += 2;
		argc -= 2;
	}
	n = argc == 2 ? (int)strtol(argv[1], &end, 10) : 0;
	if (n <= 0 || n > 64 || *end || timeout <= 0) {
		fputs("usage: churn [--timeout SECS] N (1..64)\n", stderr);
		return 64;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	deadline = now() + timeout;
	while (!stop && now() < deadline) {
		pid_t pid;

		while (alive < n) {
			pid = fork();
			if (pid == 0) {
				srand((unsigned)getpid() ^ (unsigned)(now() * 1e6));
				child(argv[0]);
			}
			if (pid < 0)
				break;
			for (int i = 0; i < n; i++)
				if (!kids[i]) {
					kids[i] = pid;
					break;
				}
			alive++;
		}
		if (alive == n && !said) {
			puts("READY");
			fflush(stdout);
			said = true;
		}
		pid = wait(NULL);
		if (pid < 0 && errno != EINTR)
			break;
		for (int i = 0; pid > 0 && i < n; i++)
			if (kids[i] == pid) {
				kids[i] = 0;
				alive--;
			}
	}
	/* only its own children, by PID */
	for (int i = 0; i < n; i++)
		if (kids[i])
			kill(kids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	return 0;
}
