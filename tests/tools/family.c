/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - family.c: a parent and forked children sharing known pages, for the many-process tests */
/*
 * Usage: family [-n N] [--timeout SECS] TAG
 *
 * TAG only makes the command line unique (for --pgrep). Before forking,
 * the parent maps and writes (sizes in pages):
 *
 * Each is followed by a PROT_NONE page, so no two merge into one VMA.
 *
 *   cow     8  rw-p  private anonymous named "fam-cow" (when the kernel
 *                    names anonymous memory): after the fork
 *                    each page is COW-shared by all; child i (0-based)
 *                    then writes page i, so it has its own copy of it
 *   shm     4  rw-s  MAP_SHARED|MAP_ANONYMOUS, read by each child after
 *                    the fork: mapped by all
 *   memfd   4  rw-s  memfd "fam-memfd", read by each child: mapped by all
 *   own     4  rw-p  private anonymous named "fam-own", not written before
 *                    the fork: every process writes all of it after, so
 *                    each has 4 private pages there
 *
 * then forks N children (1..8, default 3), waits until each has written
 * its pages, and prints one per line:
 *
 *   parent PID
 *   child I PID           for I in 0..N-1
 *   NAME START END        the four mappings (hex without 0x, as maps
 *                         prints them; the same in every process)
 *   READY
 *
 * and waits, touching nothing but on SIGUSR1, when the parent maps and
 * writes GROW_PAGES (16) more private anonymous pages (each time, each
 * followed by a PROT_NONE page), and on SIGUSR2, when the parent grows its
 * heap (brk) by GROW_PAGES pages from a page boundary, writes them, and
 * unmaps what the last SIGUSR1 mapped (if anything), until
 * SIGTERM/SIGINT (or the timeout, 600 s
 * by default), then kills and reaps the children and exits 0. Children die
 * with the parent (PR_SET_PDEATHSIG).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#endif
#ifndef PR_SET_VMA_ANON_NAME
#define PR_SET_VMA_ANON_NAME 0
#endif

#define COW_PAGES 8
#define SHM_PAGES 4
#define MEMFD_PAGES 4
#define OWN_PAGES 4
#define MAX_CHILDREN COW_PAGES

#define GROW_PAGES 16

static volatile sig_atomic_t stop, grow, churn;
static long page;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		grow = 1;
	else if (sig == SIGUSR2)
		churn = 1;
	else
		stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "family: %s: %s\n", what, strerror(errno));
	exit(2);
}

static char *map(size_t pages, int flags, int fd, const char *name)
{
	char *p = mmap(NULL, (pages + 1) * (size_t)page, PROT_READ | PROT_WRITE,
		       flags, fd, 0);

	if (p == MAP_FAILED)
		die("mmap");
	/* a PROT_NONE page after it keeps the VMA from merging */
	if (mprotect(p + pages * (size_t)page, (size_t)page, PROT_NONE) < 0)
		die("mprotect");
	/* best effort: kernels without CONFIG_ANON_VMA_NAME say EINVAL */
	if (name)
		prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)p,
		      pages * (size_t)page, (unsigned long)name);
	return p;
}

static void fill(char *p, size_t pages, int tag)
{
	for (size_t i = 0; i < pages; i++)
		memset(p + i * (size_t)page, tag + (int)i + 1, (size_t)page);
}

/* SIGUSR2: the heap grows by GROW_PAGES written pages; last is unmapped. */
static void grow_heap_unmap(char *last)
{
	char *brk0 = sbrk(0);
	size_t pad = (size_t)(-(uintptr_t)brk0 % (uintptr_t)page);

	if (brk0 == (void *)-1 ||
	    sbrk((intptr_t)(pad + GROW_PAGES * (size_t)page)) == (void *)-1)
		die("sbrk");
	fill(brk0 + pad, GROW_PAGES, 96);
	if (last && munmap(last, (GROW_PAGES + 1) * (size_t)page) < 0)
		die("munmap");
}

/* Reads every page: maps the shared pages here too (fork copies no PTEs of shared mappings). */
static void touch(const char *p, size_t pages)
{
	for (size_t i = 0; i < pages; i++)
		(void)*(const volatile char *)(p + i * (size_t)page);
}

static void print_map(const char *name, const char *p, size_t pages)
{
	printf("%s %lx %lx\n", name, (unsigned long)p,
	       (unsigned long)(p + pages * (size_t)page));
}

int main(int argc, char **argv)
{
	int n = 3, fds[2], i, memfd;
	long timeout = 600;
	pid_t kids[MAX_CHILDREN], parent = getpid();
	char *cow, *shm, *mfd, *own, *last = NULL, c;
	sigset_t block, old;
	struct sigaction sa = { .sa_handler = on_signal };

	for (i = 1; i < argc - 1; i++) {
		if (!strcmp(argv[i], "-n"))
			n = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--timeout"))
			timeout = atol(argv[++i]);
	}
	if (argc < 2 || n < 1 || n > MAX_CHILDREN) {
		fprintf(stderr, "usage: family [-n 1..8] [--timeout SECS] TAG\n");
		return 2;
	}
	page = sysconf(_SC_PAGESIZE);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGALRM);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &old);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);

	cow = map(COW_PAGES, MAP_PRIVATE | MAP_ANONYMOUS, -1, "fam-cow");
	fill(cow, COW_PAGES, 0);
	shm = map(SHM_PAGES, MAP_SHARED | MAP_ANONYMOUS, -1, NULL);
	fill(shm, SHM_PAGES, 16);
	memfd = memfd_create("fam-memfd", MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, (MEMFD_PAGES + 1) * page) < 0)
		die("memfd");
	mfd = map(MEMFD_PAGES, MAP_SHARED, memfd, NULL);
	fill(mfd, MEMFD_PAGES, 32);
	own = map(OWN_PAGES, MAP_PRIVATE | MAP_ANONYMOUS, -1, "fam-own");
	if (pipe(fds) < 0)
		die("pipe");
	fflush(stdout);
	for (i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			die("fork");
		if (kids[i])
			continue;
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		close(fds[0]);
		cow[(size_t)i * (size_t)page] = 'c'; /* its own copy of page i */
		fill(own, OWN_PAGES, 48 + i);
		touch(shm, SHM_PAGES);
		touch(mfd, MEMFD_PAGES);
		if (write(fds[1], "r", 1) != 1)
			_exit(1);
		alarm((unsigned int)timeout + 5);
		while (!stop)
			sigsuspend(&old);
		_exit(0);
	}
	close(fds[1]);
	fill(own, OWN_PAGES, 64);
	for (i = 0; i < n; i++)
		if (read(fds[0], &c, 1) != 1)
			die("read (a child died)");
	printf("parent %d\n", (int)parent);
	for (i = 0; i < n; i++)
		printf("child %d %d\n", i, (int)kids[i]);
	print_map("cow", cow, COW_PAGES);
	print_map("shm", shm, SHM_PAGES);
	print_map("memfd", mfd, MEMFD_PAGES);
	print_map("own", own, OWN_PAGES);
	printf("READY\n");
	fflush(stdout);
	alarm((unsigned int)timeout);
	while (!stop) {
		sigsuspend(&old);
		if (grow && !stop) {
			last = map(GROW_PAGES, MAP_PRIVATE | MAP_ANONYMOUS, -1, NULL);
			fill(last, GROW_PAGES, 80);
			grow = 0;
		}
		if (churn && !stop) {
			grow_heap_unmap(last);
			last = NULL;
			churn = 0;
		}
	}
	for (i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (i = 0; i < n; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	return 0;
}
