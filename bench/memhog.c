/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - memhog.c: benchmark target with N MiB of resident 4 KiB pages */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * Maps MIB MiB of private anonymous memory, applies MADV_NOHUGEPAGE so it
 * stays on 4 KiB PTEs, writes one non-zero byte to every page (so each has
 * its own frame: no zero page), then, with -r GIB, maps a GIB GiB
 * PROT_NONE|MAP_NORESERVE reservation (virtual size, no pages). Prints
 * "READY PID MIB GIB ADDR" (ADDR: the reservation's start in hex as in
 * /proc/PID/maps, or '-') and waits to be killed. The frame scan of this
 * process therefore sees MIB * 256 present pages plus its own few dozen.
 *
 * With -r, SIGUSR2 unmaps the reservation and SIGUSR1 maps it again at the
 * same address, so one process (same frames) can be measured with and
 * without it; the ADDR line in /proc/PID/maps shows when a switch is done.
 */
static int usage(void)
{
	fprintf(stderr, "usage: memhog [-r GIB] MIB\n");
	return 2;
}

static long parse(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		return -1;
	return v;
}

static void *reserve(void *at, size_t len)
{
	return mmap(at, len, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			    (at ? MAP_FIXED_NOREPLACE : 0),
		    -1, 0);
}

int main(int argc, char **argv)
{
	long pg = sysconf(_SC_PAGESIZE);
	long mib, gib = 0;
	size_t len, rlen;
	volatile char *p;
	void *res = NULL;
	int mapped = 0, c, sig;
	sigset_t set;

	while ((c = getopt(argc, argv, "r:")) != -1) {
		if (c != 'r' || (gib = parse(optarg, 1L << 20)) < 0)
			return usage();
	}
	if (optind != argc - 1 || (mib = parse(argv[optind], 1L << 30)) <= 0)
		return usage();

	/* Blocked from the start: a switch sent early waits, never kills. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);

	len = (size_t)mib << 20;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		perror("memhog: mmap");
		return 1;
	}
	if (madvise((void *)p, len, MADV_NOHUGEPAGE)) {
		perror("memhog: madvise(MADV_NOHUGEPAGE)");
		return 1;
	}
	for (size_t off = 0; off < len; off += (size_t)pg)
		p[off] = 1;

	rlen = (size_t)gib << 30;
	if (gib) {
		res = reserve(NULL, rlen);
		if (res == MAP_FAILED) {
			perror("memhog: mmap reservation");
			return 1;
		}
		mapped = 1;
		printf("READY %ld %ld %ld %lx\n", (long)getpid(), mib, gib,
		       (unsigned long)res);
	} else {
		printf("READY %ld %ld 0 -\n", (long)getpid(), mib);
	}
	fflush(stdout);
	for (;;) {
		if (sigwait(&set, &sig))
			continue;
		if (!gib)
			continue;
		if (sig == SIGUSR2 && mapped) {
			if (munmap(res, rlen)) {
				perror("memhog: munmap reservation");
				return 1;
			}
			mapped = 0;
		} else if (sig == SIGUSR1 && !mapped) {
			if (reserve(res, rlen) != res) {
				perror("memhog: mmap reservation again");
				return 1;
			}
			mapped = 1;
		}
	}
}
