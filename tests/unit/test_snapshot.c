/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_snapshot.c: a snapshot's metadata: parsed, checked against its files, refused with file and line */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmaview/procfs.h"
#include "vmaview/snapshot.h"

static const char good[] =
	"vmaview 0.1.0\n"
	"schema 1\n"
	"pid 4242\n"
	"kernel 6.1.0-rockchip 64k\n"
	"machine aarch64\n"
	"page_size 16384\n"
	"taken 2025-01-02T03:04:05Z\n"
	"file 4242/smaps 5\n"
	"file kpageflags 0\n";

/* A root directory holding "vmaview-snapshot" = meta, 4242/smaps = 5 bytes, an empty kpageflags. */
static char *make_root(const char *meta, size_t len)
{
	char *dir = strdup("/tmp/vmaview-snap-XXXXXX"), path[256];
	FILE *f;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/4242", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/4242/smaps", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("12345", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/kpageflags", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/vmaview-snapshot", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(meta, 1, len, f);
	fclose(f);
	return dir;
}

static void rm_root(char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

/* snapshot_meta_read and snapshot_check of meta; err after "ROOT/". */
static int check(const char *meta, size_t len, struct snapshot_meta *m,
		 char *err, size_t errlen, int *checked)
{
	char *dir = make_root(meta, len), buf[1024];
	struct procfs p;
	int ret;

	assert_int_equal(procfs_init(&p, dir), 0);
	ret = snapshot_meta_read(&p, m, buf, sizeof(buf));
	*checked = snapshot_check(&p, err, errlen);
	if (ret < 0)
		snprintf(err, errlen, "%s", buf);
	/* messages name the file under the root: keep what follows it */
	if (!strncmp(err, dir, strlen(dir)))
		memmove(err, err + strlen(dir) + 1, strlen(err + strlen(dir) + 1) + 1);
	procfs_fini(&p);
	rm_root(dir);
	return ret;
}

static void test_good(void **state)
{
	struct snapshot_meta m;
	char err[1024] = "";
	int checked;

	(void)state;
	assert_int_equal(check(good, sizeof(good) - 1, &m, err, sizeof(err), &checked), 1);
	assert_string_equal(m.version, "0.1.0");
	assert_int_equal(m.schema, 1);
	assert_int_equal(m.pid, 4242);
	assert_string_equal(m.kernel, "6.1.0-rockchip 64k");
	assert_string_equal(m.machine, "aarch64");
	assert_int_equal(m.page_size, 16384);
	assert_string_equal(m.taken, "2025-01-02T03:04:05Z");
	assert_int_equal(m.nfiles, 2);
	assert_string_equal(m.files[0].path, "4242/smaps");
	assert_int_equal(m.files[0].size, 5);
	assert_int_equal(m.files[0].line, 8);
	assert_string_equal(m.files[1].path, "kpageflags");
	/* usable, whatever this machine's page size: it is read with 16K */
	assert_int_equal(checked, 0);
	assert_string_equal(err, "");
	snapshot_meta_free(&m);
}

/* The data's kernel: the snapshot's metadata, not this machine's. */
static void test_sys(void **state)
{
	char *dir = make_root(good, sizeof(good) - 1);
	struct snapshot_sys s, here;
	struct procfs p;
	long ps = sysconf(_SC_PAGESIZE);

	(void)state;
	assert_int_equal(procfs_init(&p, dir), 0);
	snapshot_sys(&p, &s);
	procfs_fini(&p);
	assert_true(s.snapshot);
	assert_int_equal(s.page_size, 16384);
	assert_string_equal(s.kernel, "6.1.0-rockchip 64k");
	assert_string_equal(s.machine, "aarch64");
	memset(&s, 0, sizeof(s));
	snapshot_sys_root(dir, &s);
	assert_true(s.snapshot);
	assert_int_equal(s.page_size, 16384);
	assert_string_equal(s.machine, "aarch64");
	/* /proc (NULL) and a tree without metadata: this machine */
	snapshot_sys_root(NULL, &here);
	assert_false(here.snapshot);
	assert_int_equal(here.page_size, (uint64_t)ps);
	rm_root(dir);
	dir = make_root("", 0);
	snapshot_sys_root(dir, &s); /* an empty metadata file: malformed */
	assert_false(s.snapshot);
	assert_int_equal(s.page_size, (uint64_t)ps);
	assert_string_equal(s.kernel, here.kernel);
	rm_root(dir);
}

static void test_not_a_snapshot(void **state)
{
	struct snapshot_meta m;
	struct procfs p;
	char err[64], *dir = make_root("", 0), path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/vmaview-snapshot", dir);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(procfs_init(&p, dir), 0);
	assert_int_equal(snapshot_meta_read(&p, &m, err, sizeof(err)), 0);
	assert_int_equal(snapshot_check(&p, err, sizeof(err)), 0);
	procfs_fini(&p);
	assert_int_equal(snapshot_meta_load(dir, &m), 0);
	assert_int_equal(snapshot_meta_load(NULL, &m), 0);
	rm_root(dir);
}

/* meta is good with line n replaced by repl (NULL: deleted). */
static char *with_line(int n, const char *repl)
{
	static char out[4096];
	const char *p = good;
	size_t o = 0;

	for (int i = 1; *p; i++) {
		const char *nl = strchr(p, '\n');
		size_t len = (size_t)(nl - p) + 1;

		if (i != n)
			memcpy(out + o, p, len), o += len;
		else if (repl)
			o += (size_t)sprintf(out + o, "%s\n", repl);
		p += len;
	}
	out[o] = '\0';
	return out;
}

static void refused(const char *meta, size_t len, const char *want)
{
	struct snapshot_meta m;
	char err[1024] = "";
	int checked;

	check(meta, len, &m, err, sizeof(err), &checked);
	assert_int_equal(checked, -EINVAL);
	assert_string_equal(err, want);
}

static void refused_line(int n, const char *repl, const char *want)
{
	const char *meta = with_line(n, repl);

	refused(meta, strlen(meta), want);
}

static void test_malformed(void **state)
{
	static const char nul[] = "vmaview 0.1.0\nschema 1\0\n";

	(void)state;
	refused_line(1, "vmaview", "vmaview-snapshot:1: not a vmaview snapshot (expected 'vmaview VERSION')");
	refused_line(1, "vmaview 0.1 extra", "vmaview-snapshot:1: not a vmaview snapshot (expected 'vmaview VERSION')");
	refused_line(2, "schema 2", "vmaview-snapshot:2: schema: newer than this vmaview reads (1)");
	refused_line(2, "schema 0", "vmaview-snapshot:2: schema: not a schema number");
	refused_line(2, "schema 01", "vmaview-snapshot:2: schema: not a schema number");
	refused_line(2, NULL, "vmaview-snapshot: no 'schema' line");
	refused_line(3, "pid 0", "vmaview-snapshot:3: pid: not a process ID");
	refused_line(3, "pid 99999999999", "vmaview-snapshot:3: pid: not a process ID");
	refused_line(3, "pid", "vmaview-snapshot:3: expected 'KEY VALUE'");
	refused_line(3, "", "vmaview-snapshot:3: empty line");
	refused_line(4, "kernel \x01", "vmaview-snapshot:4: kernel: not a kernel release (1-64 printable characters)");
	refused_line(5, "machine aarch 64", "vmaview-snapshot:5: machine: not a machine name (uname -m)");
	refused_line(6, "page_size 4095", "vmaview-snapshot:6: page_size: not 4096, 8192, 16384, 32768 or 65536");
	refused_line(6, "page_size 131072", "vmaview-snapshot:6: page_size: not 4096, 8192, 16384, 32768 or 65536");
	refused_line(6, "page_size 18446744073709551616", "vmaview-snapshot:6: page_size: not 4096, 8192, 16384, 32768 or 65536");
	refused_line(6, NULL, "vmaview-snapshot: no 'page_size' line");
	refused_line(7, "taken two days ago", "vmaview-snapshot:7: taken: not a timestamp");
	refused_line(8, "file 4242/smaps", "vmaview-snapshot:8: expected 'file PATH SIZE'");
	refused_line(8, "file 4242/smaps -5", "vmaview-snapshot:8: file: size is not a number of bytes");
	refused_line(8, "file 4242/smaps 9223372036854775808", "vmaview-snapshot:8: file: size is not a number of bytes");
	refused_line(8, "file /etc/passwd 5", "vmaview-snapshot:8: file: not a plain path inside the snapshot");
	refused_line(8, "file 4242/../../x 5", "vmaview-snapshot:8: file: not a plain path inside the snapshot");
	refused_line(8, "file 4242//smaps 5", "vmaview-snapshot:8: file: not a plain path inside the snapshot");
	refused_line(8, "file ./smaps 5", "vmaview-snapshot:8: file: not a plain path inside the snapshot");
	refused_line(8, "file kpageflags 0", "vmaview-snapshot:9: file: listed twice");
	refused_line(3, "schema 1", "vmaview-snapshot:3: key given twice");
	refused(nul, sizeof(nul) - 1, "vmaview-snapshot: NUL byte in the metadata");
	refused("", 0, "vmaview-snapshot: empty");
}

/* The message for meta (a file line changed) starts with head, ends with tail. */
static void file_refused(int n, const char *repl, const char *head,
			 const char *tail)
{
	const char *meta = with_line(n, repl);
	struct snapshot_meta m;
	char err[1024] = "";
	int checked;

	assert_int_equal(check(meta, strlen(meta), &m, err, sizeof(err), &checked), 1);
	snapshot_meta_free(&m);
	assert_int_equal(checked, -EINVAL);
	assert_memory_equal(err, head, strlen(head));
	assert_true(strlen(err) >= strlen(tail));
	assert_string_equal(err + strlen(err) - strlen(tail), tail);
}

static void test_files_checked(void **state)
{
	(void)state;
	/* the root holds 4242/smaps (5 bytes) and an empty kpageflags */
	file_refused(8, "file 4242/smaps 4", "4242/smaps: 5 bytes, but ",
		     "/vmaview-snapshot:8 says 4: the snapshot was truncated or modified");
	file_refused(9, "file kpageflags 8", "kpageflags: 0 bytes, but ",
		     "/vmaview-snapshot:9 says 8: the snapshot was truncated or modified");
	file_refused(8, "file 4242/pagemap 8", "4242/pagemap: missing (",
		     "/vmaview-snapshot:8 lists it, 8 bytes)");
	file_refused(8, "file 4242 5", "4242: not a regular file (",
		     "/vmaview-snapshot:8 lists a file of 5 bytes)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_sys),
		cmocka_unit_test(test_not_a_snapshot),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_files_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
