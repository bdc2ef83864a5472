/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - manyelf.c: benchmark target with N distinct ELF objects loaded, idle */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Usage: manyelf N LIB DIR. Copies the shared object LIB to DIR/lib0.so ..
 * DIR/lib(N-1).so (distinct files, so distinct objects for the loader),
 * dlopens each, calls its elflib_touch (its .data and .bss get written),
 * prints "READY N" and waits to be killed. Each object is 5 VMAs: r--,
 * r-x, r--, relro r--, rw- and anonymous .bss.
 */
static int copy(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC), out;
	ssize_t n;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	close(in);
	close(out);
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	long n = argc > 3 ? strtol(argv[1], NULL, 10) : 0;
	char path[4096];

	if (n <= 0 || n > 10000) {
		fprintf(stderr, "usage: manyelf N(1..10000) LIB DIR\n");
		return 2;
	}
	for (long i = 0; i < n; i++) {
		void *h;
		int (*touch)(int);

		snprintf(path, sizeof(path), "%s/lib%ld.so", argv[3], i);
		if (copy(argv[2], path) < 0) {
			fprintf(stderr, "manyelf: %s: %s\n", path, strerror(errno));
			return 1;
		}
		h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
		if (!h) {
			fprintf(stderr, "manyelf: %s\n", dlerror());
			return 1;
		}
		touch = (int (*)(int))dlsym(h, "elflib_touch");
		if (touch)
			touch((int)i);
	}
	printf("READY %ld\n", n);
	fflush(stdout);
	for (;;)
		pause();
}
