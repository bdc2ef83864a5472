/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_map.c: unit tests of map's sizes, line width and physical runs */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmaview/map.h"

static void test_size(void **state)
{
	char b[32];

	(void)state;
	map_size(b, sizeof(b), 4096, true);
	assert_string_equal(b, "4.0K");
	map_size(b, sizeof(b), 132 << 10, true);
	assert_string_equal(b, "132K");
	map_size(b, sizeof(b), 2ULL << 30, true);
	assert_string_equal(b, "2.0G");
	map_size(b, sizeof(b), 100, true);
	assert_string_equal(b, "100B");
	/* 0xfff4000 bytes: 255.95 MiB */
	map_size(b, sizeof(b), 0xfff4000, false);
	assert_string_equal(b, "256 MiB");
	map_size(b, sizeof(b), 0x5feb2000, false);
	assert_string_equal(b, "1.5 GiB");
	map_size(b, sizeof(b), 512, false);
	assert_string_equal(b, "512 B");
}

/* --width, else COLUMNS, else the tty, else 80; 40..4096. */
static void test_width(void **state)
{
	struct vv_opts o = { 0 };
	int fd = open("/dev/null", O_RDONLY);

	(void)state;
	assert_true(fd >= 0);
	unsetenv("COLUMNS");
	assert_int_equal(map_term_width(&o, fd), 80);
	setenv("COLUMNS", "123", 1);
	assert_int_equal(map_term_width(&o, fd), 123);
	setenv("COLUMNS", "10", 1);
	assert_int_equal(map_term_width(&o, fd), 40);
	setenv("COLUMNS", "99999", 1);
	assert_int_equal(map_term_width(&o, fd), 4096);
	setenv("COLUMNS", "wide", 1);
	assert_int_equal(map_term_width(&o, fd), 80);
	o.width = 61;
	setenv("COLUMNS", "123", 1);
	assert_int_equal(map_term_width(&o, fd), 61);
	unsetenv("COLUMNS");
	close(fd);
}

/* Runs: virtually and physically contiguous pages of one VMA; the top N. */
static void test_runs(void **state)
{
	struct map_phys ph;
	const uint64_t ps = 4096;

	(void)state;
	memset(&ph, 0, sizeof(ph));
	ph.page_size = ps;
	/* 3 pages at PFN 10..12, then a jump in PFN, then 2 pages */
	map_phys_page(&ph, 0, 0x1000, 10);
	map_phys_page(&ph, 0, 0x2000, 11);
	map_phys_page(&ph, 0, 0x3000, 12);
	map_phys_page(&ph, 0, 0x4000, 50);
	map_phys_page(&ph, 0, 0x5000, 51);
	/* contiguous in both, but another VMA: a run of its own */
	map_phys_page(&ph, 1, 0x6000, 52);
	map_phys_flush(&ph);
	assert_int_equal(ph.ntop, 3);
	assert_int_equal(ph.frames, 6);
	assert_int_equal(ph.top[0].npages, 3);
	assert_int_equal(ph.top[0].pfn, 10);
	assert_int_equal(ph.top[1].npages, 2);
	assert_int_equal(ph.top[1].vaddr, 0x4000);
	assert_int_equal(ph.top[2].vma, 1);
	/* more runs than kept: the largest MAP_TOP_RUNS stay */
	for (uint64_t i = 0; i < 2 * MAP_TOP_RUNS; i++) {
		for (uint64_t k = 0; k <= i; k++)
			map_phys_page(&ph, 2, 0x100000 * (i + 1) + k * ps,
				      1000 * (i + 1) + k);
		map_phys_flush(&ph);
	}
	assert_int_equal(ph.ntop, MAP_TOP_RUNS);
	for (size_t i = 0; i < ph.ntop; i++)
		assert_true(ph.top[i].npages > MAP_TOP_RUNS);
	map_phys_free(&ph);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
