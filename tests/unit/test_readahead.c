/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_readahead.c: the read-ahead thread gives what read(2) would */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmaview/readahead.h"

enum { SIZE = (3 << 20) + 12345 }; /* many ring turns, a partial chunk */

static char *make_file(char *path)
{
	char *data = malloc(SIZE);
	int fd;

	strcpy(path, "/tmp/vmaview-ra-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	for (size_t i = 0; i < SIZE; i++)
		data[i] = (char)(i * 2654435761u >> 13);
	assert_int_equal(write(fd, data, SIZE), SIZE);
	close(fd);
	return data;
}

static void test_same_bytes(void **state)
{
	char path[64], *want = make_file(path), *got = malloc(SIZE + 1);
	int fd = open(path, O_RDONLY);
	struct readahead *ra = ra_start(fd);
	size_t off = 0, step = 1;
	ssize_t n;
	(void)state;

	if (!ra)
		skip(); /* one CPU: vmaview reads directly */
	/* odd, changing sizes: chunks are split and joined */
	while ((n = ra_read(ra, got + off, step)) > 0) {
		off += (size_t)n;
		step = step * 7 % 70001 + 1;
	}
	assert_int_equal(n, 0);
	assert_int_equal(off, SIZE);
	assert_memory_equal(got, want, SIZE);
	/* the end repeats, as read(2) does */
	assert_int_equal(ra_read(ra, got, 10), 0);
	ra_stop(ra);
	close(fd);
	unlink(path);
	free(want);
	free(got);
}

static void test_stop_early(void **state)
{
	char path[64], *want = make_file(path), buf[100];
	int fd = open(path, O_RDONLY);
	struct readahead *ra = ra_start(fd);
	(void)state;

	if (!ra)
		skip();
	/* the reader runs ahead and fills the ring: stop must not hang */
	assert_int_equal(ra_read(ra, buf, sizeof(buf)), sizeof(buf));
	assert_memory_equal(buf, want, sizeof(buf));
	usleep(20000);
	ra_stop(ra);
	close(fd);
	unlink(path);
	free(want);
}

static void test_error(void **state)
{
	char buf[16];
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	struct readahead *ra = ra_start(fd);
	(void)state;

	if (!ra)
		skip();
	/* read(2) of a directory is EISDIR: the error comes through */
	errno = 0;
	assert_int_equal(ra_read(ra, buf, sizeof(buf)), -1);
	assert_int_equal(errno, EISDIR);
	ra_stop(ra);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_stop_early),
		cmocka_unit_test(test_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
