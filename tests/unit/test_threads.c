/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_threads.c: unit tests of the thread stack pointer parsers and the address index */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vmaview/threads.h"

static void test_parse_syscall(void **state)
{
	uint64_t sp = 0;
	(void)state;
	/* nanosleep: nr, six arguments, sp, pc (Linux 6.x format) */
	assert_int_equal(threads_parse_syscall(
		"230 0x0 0x0 0x7f4c1dffee20 0x7f4c1dffee20 0x0 0x0 0x7f4c1dffedf8 0x7f4c1e8e9545\n",
		&sp), 0);
	assert_true(sp == 0x7f4c1dffedf8);
	/* blocked, not in a syscall */
	assert_int_equal(threads_parse_syscall("-1 0x7ffd1234 0x401000\n", &sp), 0);
	assert_true(sp == 0x7ffd1234);
	assert_int_equal(threads_parse_syscall("running\n", &sp), -EAGAIN);
	assert_int_equal(threads_parse_syscall("", &sp), -EINVAL);
	assert_int_equal(threads_parse_syscall("7 0x1 0x2\n", &sp), -EINVAL);
	assert_int_equal(threads_parse_syscall("-1 7ffd1234 0x401000\n", &sp), -EINVAL);
	assert_int_equal(threads_parse_syscall("-1 0x7ffd1234\n", &sp), -EINVAL);
}

static void test_parse_kstkesp(void **state)
{
	uint64_t sp = 1;
	(void)state;
	/* a comm with ") " in it; field 29 is 0, then 4096 */
	assert_int_equal(threads_parse_kstkesp(
		"26905 (a) b) R 26887 26887 18086 0 -1 4194304 103 0 0 0 0 0 0 0 20 0 1 0 "
		"1285813 3133440 380 18446744073709551615 94150689652736 94150689672617 "
		"140720570280688 0 0 0 0 0 0 0 0 0 17 0\n", &sp), 0);
	assert_true(sp == 0);
	assert_int_equal(threads_parse_kstkesp(
		"1 (x) S 0 1 1 0 -1 0 1 0 0 0 0 0 0 0 20 0 1 0 5 6 7 8 9 10 11 4096 12\n",
		&sp), 0);
	assert_true(sp == 4096);
	assert_int_equal(threads_parse_kstkesp("1 (x) S 0 1\n", &sp), -EINVAL);
	assert_int_equal(threads_parse_kstkesp("no paren", &sp), -EINVAL);
}

static void test_index(void **state)
{
	struct tid_index ix = { 0 };
	size_t first, n;
	pid_t tids[8];
	(void)state;
	tid_index_add(&ix, 0x3000, 7);
	tid_index_add(&ix, 0x1000, 9);
	tid_index_add(&ix, 0x2fff, 9);
	tid_index_add(&ix, 0x2000, 5);
	tid_index_sort(&ix);
	/* [0x2000, 0x3000): 0x2000 and 0x2fff, not the end */
	n = tid_index_range(&ix, 0x2000, 0x3000, &first);
	assert_int_equal(n, 2);
	assert_true(ix.v[first].addr == 0x2000);
	assert_int_equal(addr_tids_unique(&ix.v[first], n, tids), 2);
	assert_int_equal(tids[0], 5);
	assert_int_equal(tids[1], 9);
	assert_int_equal(tid_index_range(&ix, 0x4000, 0x5000, &first), 0);
	assert_int_equal(tid_index_range(&ix, 0, 0x1000, &first), 0);
	n = tid_index_range(&ix, 0, 0x10000, &first);
	assert_int_equal(n, 4);
	/* 9 twice: once */
	assert_int_equal(addr_tids_unique(ix.v, n, tids), 3);
	tid_index_free(&ix);
	assert_int_equal(tid_index_range(&ix, 0, 0x10000, &first), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_syscall),
		cmocka_unit_test(test_parse_kstkesp),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
