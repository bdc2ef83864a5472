/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - manyvmas.c: benchmark target holding N separate VMAs, touched, idle */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * Maps N regions of two pages each with a one-page hole between them (so
 * they never merge and the hole is no VMA), alternating PROT_READ and
 * PROT_READ|PROT_WRITE, touches every page, prints "READY N" and waits to
 * be killed. The process has N VMAs plus its own few dozen.
 */
int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 30000;
	long pg = sysconf(_SC_PAGESIZE);
	char *base;

	if (n <= 0 || n > 60000) {
		fprintf(stderr, "manyvmas: N must be 1..60000\n");
		return 2;
	}
	base = mmap(NULL, (size_t)(n * 3 * pg), PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED) {
		perror("manyvmas: mmap");
		return 1;
	}
	for (long i = 0; i < n; i++) {
		char *p = base + i * 3 * pg;
		int prot = PROT_READ | (i & 1 ? PROT_WRITE : 0);

		if (mprotect(p, (size_t)(2 * pg), PROT_READ | PROT_WRITE) ||
		    (p[0] = 1, p[pg] = 1, mprotect(p, (size_t)(2 * pg), prot)) ||
		    munmap(p + 2 * pg, (size_t)pg)) {
			perror("manyvmas: mprotect/munmap");
			return 1;
		}
	}
	printf("READY %ld\n", n);
	fflush(stdout);
	for (;;)
		pause();
}
