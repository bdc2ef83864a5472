/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_smaps.c: unit tests of the maps/smaps line parsers and reader */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmaview/flagtab.h"
#include "vmaview/smaps.h"

static int parse(const char *line, struct vma *v, const char **why)
{
	return maps_parse_line(line, strlen(line), v, why);
}

static void test_header_full(void **state)
{
	struct vma v;
	const char *why = NULL;
	(void)state;

	assert_int_equal(parse("55d0c0a00000-55d0c0a21000 r-xp 00001000 fd:01 1312"
			       "                       /usr/bin/app", &v, &why), 0);
	assert_true(v.start == 0x55d0c0a00000ULL);
	assert_true(v.end == 0x55d0c0a21000ULL);
	assert_string_equal(v.perms, "r-xp");
	assert_true(v.offset == 0x1000);
	assert_int_equal(v.dev_major, 0xfd);
	assert_int_equal(v.dev_minor, 1);
	assert_true(v.inode == 1312);
	assert_string_equal(v.name, "/usr/bin/app");
	assert_int_equal(v.kind, VMA_KIND_FILE);
	assert_false(v.deleted);
	vma_clear(&v);
}

static void test_header_vsyscall_and_anon(void **state)
{
	struct vma v;
	const char *why;
	(void)state;

	assert_int_equal(parse("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0"
			       "                  [vsyscall]", &v, &why), 0);
	assert_true(v.start == 0xffffffffff600000ULL);
	assert_int_equal(v.kind, VMA_KIND_VSYSCALL);
	vma_clear(&v);
	assert_int_equal(parse("7f0000000000-7f0000001000 rw-p 00000000 00:00 0",
			       &v, &why), 0);
	assert_null(v.name);
	assert_int_equal(v.kind, VMA_KIND_ANON);
	vma_clear(&v);
	assert_int_equal(parse("7f0000000000-7f0000001000 ---p 00000000 00:00 0",
			       &v, &why), 0);
	assert_int_equal(v.kind, VMA_KIND_RESERVED);
	vma_clear(&v);
	assert_int_equal(parse("7f0000000000-7f0000001000 rw-s 00000000 00:01 7 /dev/zero (deleted)",
			       &v, &why), 0);
	assert_int_equal(v.kind, VMA_KIND_SHMEM);
	assert_true(v.deleted);
	vma_clear(&v);
}

static void test_names_kept_verbatim(void **state)
{
	struct vma v;
	const char *why;
	(void)state;

	/* spaces inside and at the end, the kernel's \012, " (deleted)" */
	assert_int_equal(parse("1000-2000 r--p 00000000 08:01 5 /a b/c\\012d  (deleted)",
			       &v, &why), 0);
	assert_string_equal(v.name, "/a b/c\\012d  (deleted)");
	assert_true(v.deleted);
	vma_clear(&v);
	assert_int_equal(parse("1000-2000 r--p 00000000 08:01 5 /x/[heap]", &v, &why), 0);
	assert_int_equal(v.kind, VMA_KIND_FILE);
	vma_clear(&v);
	assert_int_equal(parse("1000-2000 rw-p 00000000 00:00 0 [anon:buf one]", &v, &why), 0);
	assert_string_equal(v.name, "[anon:buf one]");
	assert_int_equal(v.kind, VMA_KIND_ANON);
	vma_clear(&v);
	assert_int_equal(parse("1000-2000 rw-p 00000000 00:00 0 [heap]", &v, &why), 0);
	assert_int_equal(v.kind, VMA_KIND_HEAP);
	vma_clear(&v);
	assert_int_equal(parse("1000-2000 rw-p 00000000 00:00 0 [vvar_vclock]", &v, &why), 0);
	assert_int_equal(v.kind, VMA_KIND_VVAR);
	vma_clear(&v);
	assert_int_equal(parse("1000-2000 rw-p 00000000 00:00 0 [uprobes]", &v, &why), 0);
	assert_int_equal(v.kind, VMA_KIND_SPECIAL);
	vma_clear(&v);
}

static void test_header_errors(void **state)
{
	static const char *const bad[] = {
		"",
		"zz-2000 r--p 00000000 08:01 5",
		"1000 r--p 00000000 08:01 5",
		"2000-1000 r--p 00000000 08:01 5",
		"1000-1000 r--p 00000000 08:01 5",
		"1000-2000 rw-q 00000000 08:01 5",
		"1000-2000 r--p 0000000g 08:01 5",
		"1000-2000 r--p 00000000 0801 5",
		"1000-2000 r--p 00000000 08:01",
		"1000-2000 r--p 00000000 08:01 5x",
		"11111111111111111-2000 r--p 00000000 08:01 5",
		"1000-2000 r--p 00000000 08:01 99999999999999999999",
	};
	struct vma v;
	const char *why;
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		assert_int_equal(parse(bad[i], &v, &why), -EINVAL);
		assert_non_null(why);
		vma_clear(&v);
	}
	/* an embedded NUL is caught even though strlen would stop there */
	assert_int_equal(maps_parse_line("1000-2000 r--p 00000000 08:01 5 /a\0b", 35,
					 &v, &why), -EINVAL);
	vma_clear(&v);
}

static int field(struct vma *v, const char *line, const char **why)
{
	return smaps_parse_field(line, strlen(line), v, why);
}

static void test_fields(void **state)
{
	struct vma v = { 0 };
	const char *why;
	(void)state;

	assert_int_equal(field(&v, "Rss:                  40 kB", &why), 0);
	assert_true(v.smaps[SMAPS_RSS] == 40 * 1024);
	assert_true(v.have & (1ULL << SMAPS_RSS));
	assert_int_equal(field(&v, "THPeligible:    1", &why), 0);
	assert_true(v.smaps[SMAPS_THPELIGIBLE] == 1);
	assert_int_equal(field(&v, "KernelPageSize:        4 kB", &why), 0);
	assert_true(v.smaps[SMAPS_KERNELPAGESIZE] == 4096);
	/* unknown keys are kept by name, with their unit */
	assert_int_equal(field(&v, "NewThing:       12 kB", &why), 0);
	assert_int_equal(field(&v, "NewCount:       3", &why), 0);
	assert_int_equal(field(&v, "NewText:  a b", &why), 0);
	assert_int_equal(v.nextra, 3);
	assert_string_equal(v.extra[0].key, "NewThing");
	assert_true(v.extra[0].value == 12 * 1024);
	assert_int_equal(v.extra[0].unit, SMAPS_UNIT_KB);
	assert_true(v.extra[1].value == 3);
	assert_int_equal(v.extra[1].unit, SMAPS_UNIT_NONE);
	assert_string_equal(v.extra[2].text, "a b");
	/* VmFlags: known codes to bits, unknown ones kept */
	assert_int_equal(field(&v, "VmFlags: rd wr mr mw me ac zz ?? ", &why), 0);
	assert_true(v.vmflags == ((1ULL << VMFLAG_RD) | (1ULL << VMFLAG_WR) |
				  (1ULL << VMFLAG_MR) | (1ULL << VMFLAG_MW) |
				  (1ULL << VMFLAG_ME) | (1ULL << VMFLAG_AC)));
	assert_int_equal(v.nvmflags_unknown, 2);
	assert_string_equal(v.vmflags_unknown[0], "zz");
	assert_string_equal(v.vmflags_unknown[1], "??");
	vma_clear(&v);
}

static void test_field_errors(void **state)
{
	static const char *const bad[] = {
		"Rss 40 kB",                     /* no colon */
		": 40 kB",                       /* no key */
		"Rss:   forty kB",               /* not a number */
		"Rss:   40",                     /* known kB key without unit */
		"THPeligible:  1 kB",            /* unitless key with unit */
		"Rss:   99999999999999999999 kB",/* overflow */
		"Rss:   18014398509481984 kB",   /* overflows when made bytes */
		"Rss:   40 MB",
	};
	const char *why;
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct vma v = { 0 };

		why = NULL;
		assert_int_equal(field(&v, bad[i], &why), -EINVAL);
		assert_non_null(why);
		vma_clear(&v);
	}
	{
		struct vma v = { 0 };

		assert_int_equal(field(&v, "Rss:  4 kB", &why), 0);
		assert_int_equal(field(&v, "Rss:  4 kB", &why), -EINVAL);
		assert_int_equal(field(&v, "Odd:  4 kB", &why), 0);
		assert_int_equal(field(&v, "Odd:  4 kB", &why), -EINVAL);
		vma_clear(&v);
	}
}

/* The reader over a temporary tree: one VMA at a time, errors with lines. */
static char tmpdir[64];

static void write_file(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup_tree(void **state)
{
	char path[128];
	(void)state;

	strcpy(tmpdir, "/tmp/vv-unit-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof(path), "%s/7", tmpdir);
	return mkdir(path, 0755);
}

static int teardown_tree(void **state)
{
	char cmd[128];
	(void)state;

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

static void test_reader(void **state)
{
	struct procfs p;
	struct smaps_reader r;
	struct vma v;
	(void)state;

	write_file("7/smaps",
		   "1000-3000 r--p 00000000 08:01 5 /lib/x\n"
		   "Size:   8 kB\nRss:   4 kB\nVmFlags: rd mr\n"
		   "3000-4000 rw-p 00000000 00:00 0\n"
		   "Rss:   4 kB\n"
		   "5000-6000 rw-p 00000000 00:00 0 [heap]"); /* no final newline */
	assert_int_equal(procfs_init(&p, tmpdir), 0);
	assert_int_equal(smaps_open(&r, &p, 7, true), 0);
	assert_int_equal(smaps_next(&r, &v), 1);
	assert_true(v.start == 0x1000 && v.smaps[SMAPS_SIZE] == 8192);
	assert_true(v.vmflags == ((1ULL << VMFLAG_RD) | (1ULL << VMFLAG_MR)));
	vma_clear(&v);
	assert_int_equal(smaps_next(&r, &v), 1);
	assert_true(v.start == 0x3000 && v.smaps[SMAPS_RSS] == 4096);
	vma_clear(&v);
	assert_int_equal(smaps_next(&r, &v), 1);
	assert_int_equal(v.kind, VMA_KIND_HEAP);
	assert_false(v.have);
	vma_clear(&v);
	assert_int_equal(smaps_next(&r, &v), 0);
	smaps_close(&r);

	/* errors carry file:line */
	write_file("7/smaps", "1000-3000 r--p 00000000 08:01 5 /lib/x\n"
			      "Rss:   4 kB\n"
			      "0500-0800 r--p 00000000 08:01 5 /lib/y\n");
	assert_int_equal(smaps_open(&r, &p, 7, true), 0);
	assert_int_equal(smaps_next(&r, &v), -EINVAL);
	assert_non_null(strstr(r.err, "/7/smaps:3: "));
	smaps_close(&r);

	write_file("7/smaps", "Rss:   4 kB\n");
	assert_int_equal(smaps_open(&r, &p, 7, true), 0);
	assert_int_equal(smaps_next(&r, &v), -EINVAL);
	assert_non_null(strstr(r.err, "/7/smaps:1: "));
	smaps_close(&r);

	assert_int_equal(smaps_open(&r, &p, 8, true), -ENOENT);
	procfs_fini(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_full),
		cmocka_unit_test(test_header_vsyscall_and_anon),
		cmocka_unit_test(test_names_kept_verbatim),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_field_errors),
		cmocka_unit_test_setup_teardown(test_reader, setup_tree, teardown_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
