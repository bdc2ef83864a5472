/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - fuzz_snapshot.c: fuzz target: a snapshot's metadata file, read and checked, and kernel config text */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmaview/procfs.h"
#include "vmaview/ptmodel.h"
#include "vmaview/snapshot.h"

/*
 * snapshot_meta_read() reads ROOT/vmaview-snapshot through procfs, and
 * snapshot_check() stats the files it lists: both run on a temporary tree
 * that holds a few files the metadata may name ("1/maps", 5 bytes; "1/smaps",
 * empty; "1/dir", a directory).
 */
static char root[] = "/tmp/vmaview-fuzz-snap.XXXXXX";
static struct procfs proc;

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	procfs_fini(&proc);
	nftw(root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

static void put(const char *rel, const void *data, size_t size)
{
	int fd = openat(proc.rootfd, rel, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(write(fd, data, size) == (ssize_t)size);
	close(fd);
}

static void setup(void)
{
	FUZZ_CHECK(mkdtemp(root));
	FUZZ_CHECK(procfs_init(&proc, root) == 0);
	FUZZ_CHECK(mkdirat(proc.rootfd, "1", 0755) == 0);
	FUZZ_CHECK(mkdirat(proc.rootfd, "1/dir", 0755) == 0);
	put("1/maps", "maps\n", 5);
	put("1/smaps", "", 0);
	atexit(cleanup);
}

/*
 * A snapshot's config.gz (or another machine's /proc/config.gz), once
 * inflated, is text from elsewhere too: the model's layout comes from it.
 */
static void kconfig(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	for (int a = 0; a < 2; a++) {
		struct pt_config c;

		memset(&c, 0, sizeof(c));
		c.arch = a ? PT_ARM64 : PT_X86_64;
		c.page_shift = 12;
		c.va_bits = 48;
		c.levels = 4;
		pt_config_kconfig(&c, text, size & 1);
		(void)pt_levels(c.arch, c.page_shift, c.va_bits);
	}
	free(text);
}

/* Relative, no empty, "." or ".." component. */
static bool plain_path(const char *f)
{
	const char *c = f;

	if (!*f || *f == '/')
		return false;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (!n || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c && !*++c)
			return false; /* a trailing '/' */
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct snapshot_meta m;
	char err[512];
	int ret;

	if (!ready) {
		setup();
		ready = true;
	}
	put(SNAPSHOT_META, data, size);
	err[0] = '\0';
	ret = snapshot_meta_read(&proc, &m, err, sizeof(err));
	FUZZ_CHECK(ret == 1 || ret == -EINVAL || ret == -EFBIG);
	if (ret == 1) {
		/* what a reader relies on: the required keys, sane values */
		FUZZ_CHECK(m.schema >= 1 && m.schema <= SNAPSHOT_SCHEMA);
		FUZZ_CHECK(m.pid > 0);
		FUZZ_CHECK(m.page_size >= 4096 && m.page_size <= 65536 &&
			   !(m.page_size & (m.page_size - 1)));
		FUZZ_CHECK(*m.version && *m.kernel && *m.machine);
		FUZZ_CHECK(memchr(m.taken, '\0', sizeof(m.taken)));
		for (size_t i = 0; i < m.nfiles; i++) {
			/* nothing outside the snapshot can be named */
			FUZZ_CHECK(plain_path(m.files[i].path));
		}
		snapshot_meta_free(&m);
	} else {
		FUZZ_CHECK(*err);
	}
	err[0] = '\0';
	ret = snapshot_check(&proc, err, sizeof(err));
	FUZZ_CHECK(ret == 0 || ret == 1 || ret == -EINVAL);
	FUZZ_CHECK(!ret || *err);
	kconfig(data, size);
	return 0;
}
