/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - snapdump.c: a snapshot tree as compact text (sparse files by their nonzero data) and back */
/*
 * Usage: snapdump pack DIR          the tree under DIR as text on stdout
 *        snapdump unpack FILE DIR   recreates the tree in DIR (new) from FILE
 *
 * A snapshot's pagemap, kpageflags and kpagecount are sparse files whose
 * apparent size is hundreds of GiB; this text keeps only their nonzero
 * bytes, so a snapshot taken in the arm64 guest can travel over the serial
 * console and be committed as a fixture. The text, one item per line:
 *
 *   vmaview-snapdump 1
 *   d PATH             a directory
 *   l PATH TARGET      a symbolic link
 *   f PATH SIZE        a regular file of SIZE bytes (apparent size) ...
 *   + OFFSET HEX       ... whose bytes at OFFSET (hex) are HEX (at most 64)
 *   end
 *
 * Entries come in name order (directories before what they hold); the
 * data of a file is found with SEEK_DATA/SEEK_HOLE and its all-zero 64-byte
 * blocks are left out: they read back as holes, which read as zeros. PATH
 * is relative, made of [A-Za-z0-9._-] components, never "." or "..".
 * Exit status: 0, 1 (an error, said on stderr with the line), 64 usage.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmaview/text.h"

#define CHUNK 64
#define MAGIC "vmaview-snapdump 1"

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("snapdump: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* ---------------------------------------------------------------- pack */

static int pack_file(int dfd, const char *rel, const struct stat *st)
{
	int fd = openat(dfd, rel, O_RDONLY | O_CLOEXEC);
	off_t pos = 0, end;
	unsigned char buf[CHUNK], zero[CHUNK] = { 0 };

	if (fd < 0)
		return fail("%s: %s", rel, strerror(errno));
	printf("f %s %jd\n", rel, (intmax_t)st->st_size);
	while (pos < st->st_size) {
		pos = lseek(fd, pos, SEEK_DATA);
		if (pos < 0)
			break; /* ENXIO: only a hole is left */
		end = lseek(fd, pos, SEEK_HOLE);
		if (end < 0)
			end = st->st_size;
		/* blocks of CHUNK at multiples of CHUNK, the zero ones left out */
		while (pos < end) {
			size_t n = (size_t)(CHUNK - pos % CHUNK);
			ssize_t r;

			if ((off_t)n > end - pos)
				n = (size_t)(end - pos);
			r = pread(fd, buf, n, pos);
			if (r <= 0) {
				close(fd);
				return fail("%s: %s", rel,
					    r ? strerror(errno) : "short read");
			}
			if (memcmp(buf, zero, (size_t)r)) {
				printf("+ %jx ", (intmax_t)pos);
				for (ssize_t i = 0; i < r; i++)
					printf("%02x", buf[i]);
				putchar('\n');
			}
			pos += r;
		}
	}
	close(fd);
	return 0;
}

static int pack_dir(int dfd, const char *rel)
{
	struct dirent **ents;
	int n = scandirat(dfd, *rel ? rel : ".", &ents, NULL, alphasort);
	int ret = 0;

	if (n < 0)
		return fail("%s: %s", *rel ? rel : ".", strerror(errno));
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char path[PATH_MAX], target[PATH_MAX];
		struct stat st;
		ssize_t len;

		if (ret || !strcmp(name, ".") || !strcmp(name, "..")) {
			free(ents[i]);
			continue;
		}
		snprintf(path, sizeof(path), "%s%s%s", rel, *rel ? "/" : "",
			 name);
		free(ents[i]);
		if (fstatat(dfd, path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			ret = fail("%s: %s", path, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			printf("d %s\n", path);
			ret = pack_dir(dfd, path);
		} else if (S_ISLNK(st.st_mode)) {
			len = readlinkat(dfd, path, target, sizeof(target) - 1);
			if (len < 0)
				ret = fail("%s: %s", path, strerror(errno));
			else
				printf("l %s %.*s\n", path, (int)len, target);
		} else if (S_ISREG(st.st_mode)) {
			ret = pack_file(dfd, path, &st);
		} else {
			ret = fail("%s: not a file, directory or link", path);
		}
	}
	free(ents);
	return ret;
}

/* -------------------------------------------------------------- unpack */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One line (NUL-terminated, no newline); 0 or a static reason. */
static const char *unpack_line(int dfd, char *line, int *fd, bool *done)
{
	char *a = line + 2, *b;
	unsigned char buf[CHUNK];
	unsigned long long v;

	if (strcmp(line, "end") && (!line[0] || line[1] != ' '))
		return "expected 'KIND ...'";
	if (line[0] == '+') {
		size_t n = 0;

		if (*fd < 0)
			return "data before any file";
		errno = 0;
		v = strtoull(a, &b, 16);
		if (b == a || *b != ' ' || errno || v > INT64_MAX)
			return "expected '+ OFFSET HEX'";
		for (b++; b[0] && n < CHUNK; b += 2) {
			int hi = hexval(b[0]), lo = b[1] ? hexval(b[1]) : -1;

			if (hi < 0 || lo < 0)
				return "not lowercase hex bytes";
			buf[n++] = (unsigned char)(hi << 4 | lo);
		}
		if (*b || !n)
			return "no data, or more than 64 bytes";
		if (pwrite(*fd, buf, n, (off_t)v) != (ssize_t)n)
			return strerror(errno);
		return NULL;
	}
	if (*fd >= 0 && close(*fd) < 0)
		return strerror(errno);
	*fd = -1;
	if (!strcmp(line, "end")) {
		*done = true;
		return NULL;
	}
	b = strchr(a, ' ');
	if (b)
		*b++ = '\0';
	if (!text_relpath_ok(a))
		return "not a plain relative path";
	switch (line[0]) {
	case 'd':
		if (b)
			return "expected 'd PATH'";
		return mkdirat(dfd, a, 0755) < 0 ? strerror(errno) : NULL;
	case 'l':
		if (!b || !text_relpath_ok(b))
			return "expected 'l PATH TARGET' (a relative target)";
		return symlinkat(b, dfd, a) < 0 ? strerror(errno) : NULL;
	case 'f':
		errno = 0;
		if (!b || *b < '0' || *b > '9')
			return "expected 'f PATH SIZE'";
		v = strtoull(b, &b, 10);
		if (*b || errno || v > INT64_MAX)
			return "expected 'f PATH SIZE'";
		*fd = openat(dfd, a, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			     0644);
		if (*fd < 0)
			return strerror(errno);
		return ftruncate(*fd, (off_t)v) < 0 ? strerror(errno) : NULL;
	}
	return "unknown kind (d, l, f, +, end)";
}

static int unpack(const char *file, const char *dir)
{
	FILE *in = fopen(file, "re");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	const char *why = NULL;
	bool done = false;
	int dfd, fd = -1;

	if (!in)
		return fail("%s: %s", file, strerror(errno));
	if (mkdir(dir, 0755) < 0 ||
	    (dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		fclose(in);
		return fail("%s: %s", dir, strerror(errno));
	}
	while (!why && !done && (len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (++lineno == 1)
			why = strcmp(line, MAGIC) ?
				      "not a snapdump (expected '" MAGIC "')" :
				      NULL;
		else
			why = unpack_line(dfd, line, &fd, &done);
	}
	if (!why && !done)
		why = lineno ? "no 'end' line (truncated)" : "empty";
	if (fd >= 0)
		close(fd);
	close(dfd);
	free(line);
	fclose(in);
	if (why)
		return fail("%s:%lu: %s", file, lineno, why);
	return 0;
}

int main(int argc, char **argv)
{
	int dfd, ret;

	if (argc == 3 && !strcmp(argv[1], "pack")) {
		dfd = open(argv[2], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			return fail("%s: %s", argv[2], strerror(errno));
		puts(MAGIC);
		ret = pack_dir(dfd, "");
		close(dfd);
		if (!ret)
			puts("end");
		return fflush(stdout) ? fail("stdout: %s", strerror(errno)) :
					ret;
	}
	if (argc == 4 && !strcmp(argv[1], "unpack"))
		return unpack(argv[2], argv[3]);
	fprintf(stderr, "usage: snapdump pack DIR\n"
			"       snapdump unpack FILE DIR\n");
	return 64;
}
