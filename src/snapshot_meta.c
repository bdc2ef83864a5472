/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - snapshot_meta.c: a snapshot's metadata file: parse, read, check the tree */
#include "vmaview/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vmaview/process.h"
#include "vmaview/text.h"
#include "vmaview/xalloc.h"

#define META_MAX    (64 << 10) /* no metadata file is larger */
#define META_FILES  512        /* nor lists more files (256 threads) */

/* A decimal number as written: digits only, no leading zero. */
static bool dec_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (*s < '0' || *s > '9' || (*s == '0' && s[1]))
		return false;
	for (; *s; s++) {
		unsigned d = (unsigned)(*s - '0');

		if (*s < '0' || *s > '9' || v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* Printable ASCII without spaces, 1..max bytes (a version, a timestamp). */
static bool word_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (!n || n > max)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~')
			return false;
	return true;
}

/* Printable ASCII, spaces allowed (uname strings), 1..max bytes. */
static bool text_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (!n || n > max)
		return false;
	for (; *s; s++)
		if (*s < ' ' || *s > '~')
			return false;
	return true;
}

void snapshot_meta_free(struct snapshot_meta *m)
{
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i].path);
	free(m->files);
	memset(m, 0, sizeof(*m));
}

enum { MK_SCHEMA = 1, MK_PID = 2, MK_KERNEL = 4, MK_MACHINE = 8,
       MK_PAGE_SIZE = 16, MK_TAKEN = 32, MK_PFNS_HIDDEN = 64 };

/* One "key value" line (not the first); 0 or a static reason. */
static const char *meta_line(struct snapshot_meta *m, char *key, char *val,
			     unsigned long lineno, unsigned *seen)
{
	static const struct { const char *key; unsigned bit; } keys[] = {
		{ "schema", MK_SCHEMA }, { "pid", MK_PID },
		{ "kernel", MK_KERNEL }, { "machine", MK_MACHINE },
		{ "page_size", MK_PAGE_SIZE }, { "taken", MK_TAKEN },
		{ "pfns_hidden", MK_PFNS_HIDDEN },
	};
	unsigned bit = 0;
	uint64_t v;

	if (!strcmp(key, "file")) {
		char *sp = strrchr(val, ' ');
		struct snapshot_file *f;

		if (!sp)
			return "expected 'file PATH SIZE'";
		*sp = '\0';
		if (!text_relpath_ok(val))
			return "file: not a plain path inside the snapshot";
		if (!dec_u64(sp + 1, &v) || v > (uint64_t)INT64_MAX)
			return "file: size is not a number of bytes";
		for (size_t i = 0; i < m->nfiles; i++)
			if (!strcmp(m->files[i].path, val))
				return "file: listed twice";
		if (m->nfiles == META_FILES)
			return "too many files";
		m->files = xreallocarray(m->files, m->nfiles + 1,
					 sizeof(*m->files));
		f = &m->files[m->nfiles++];
		f->path = xstrdup(val);
		f->size = v;
		f->line = lineno;
		return NULL;
	}
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i].key))
			bit = keys[i].bit;
	if (!bit)
		return NULL; /* a key of a later vmaview: the schema only grows */
	if (*seen & bit)
		return "key given twice";
	*seen |= bit;
	switch (bit) {
	case MK_SCHEMA:
		if (!dec_u64(val, &v) || !v)
			return "schema: not a schema number";
		if (v > SNAPSHOT_SCHEMA)
			return "schema: newer than this vmaview reads (1)";
		m->schema = (unsigned)v;
		break;
	case MK_PID:
		if (pid_parse(val, &m->pid) < 0)
			return "pid: not a process ID";
		break;
	case MK_KERNEL:
		if (!text_ok(val, sizeof(m->kernel) - 1))
			return "kernel: not a kernel release (1-64 printable characters)";
		strcpy(m->kernel, val);
		break;
	case MK_MACHINE:
		if (!word_ok(val, sizeof(m->machine) - 1))
			return "machine: not a machine name (uname -m)";
		strcpy(m->machine, val);
		break;
	case MK_PAGE_SIZE:
		if (!dec_u64(val, &v) || v < 4096 || v > 65536 || (v & (v - 1)))
			return "page_size: not 4096, 8192, 16384, 32768 or 65536";
		m->page_size = v;
		break;
	case MK_TAKEN:
		if (!word_ok(val, sizeof(m->taken) - 1))
			return "taken: not a timestamp";
		strcpy(m->taken, val);
		break;
	case MK_PFNS_HIDDEN:
		if (strcmp(val, "1"))
			return "pfns_hidden: not 1";
		m->pfns_hidden = true;
		break;
	}
	return NULL;
}

/* Parses the metadata text; 0 or -EINVAL with err set. */
static int meta_parse(char *buf, size_t len, const char *path,
		      struct snapshot_meta *m, char *err, size_t errlen)
{
	static const struct { unsigned bit; const char *key; } need[] = {
		{ MK_SCHEMA, "schema" }, { MK_PID, "pid" },
		{ MK_KERNEL, "kernel" }, { MK_MACHINE, "machine" },
		{ MK_PAGE_SIZE, "page_size" },
	};
	unsigned long lineno = 0;
	unsigned seen = 0;
	const char *why = NULL;
	char *line = buf, *end = buf + len;

	if (memchr(buf, '\0', len)) {
		snprintf(err, errlen, "%s: NUL byte in the metadata", path);
		return -EINVAL;
	}
	while (line < end && !why) {
		char *nl = memchr(line, '\n', (size_t)(end - line)), *sp;

		if (nl)
			*nl = '\0';
		lineno++;
		sp = strchr(line, ' ');
		if (lineno == 1) {
			if (strncmp(line, "vmaview ", 8) ||
			    !word_ok(line + 8, sizeof(m->version) - 1))
				why = "not a vmaview snapshot (expected 'vmaview VERSION')";
			else
				strcpy(m->version, line + 8);
		} else if (!*line) {
			why = "empty line";
		} else if (!sp || sp == line || !sp[1]) {
			why = "expected 'KEY VALUE'";
		} else {
			*sp = '\0';
			why = meta_line(m, line, sp + 1, lineno, &seen);
		}
		line = nl ? nl + 1 : end;
	}
	if (why) {
		snprintf(err, errlen, "%s:%lu: %s", path, lineno, why);
		return -EINVAL;
	}
	if (!lineno) {
		snprintf(err, errlen, "%s: empty", path);
		return -EINVAL;
	}
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!(seen & need[i].bit)) {
			snprintf(err, errlen, "%s: no '%s' line", path, need[i].key);
			return -EINVAL;
		}
	}
	return 0;
}

int snapshot_meta_read(const struct procfs *p, struct snapshot_meta *m,
		       char *err, size_t errlen)
{
	char *path = procfs_path(p, SNAPSHOT_META), *buf;
	size_t len;
	int ret;

	memset(m, 0, sizeof(*m));
	ret = procfs_read_file(p, SNAPSHOT_META, META_MAX, &buf, &len);
	if (ret == -ENOENT) {
		free(path);
		return 0;
	}
	if (ret < 0) {
		snprintf(err, errlen, "%s: %s", path,
			 ret == -EFBIG ? "too large for a snapshot's metadata" :
					 strerror(-ret));
		free(path);
		return ret;
	}
	ret = meta_parse(buf, len, path, m, err, errlen);
	free(buf);
	free(path);
	if (ret < 0) {
		snapshot_meta_free(m);
		return ret;
	}
	return 1;
}

int snapshot_meta_load(const char *root, struct snapshot_meta *m)
{
	struct procfs p;
	char err[64];
	int ret;

	memset(m, 0, sizeof(*m));
	if (!root || procfs_init(&p, root) < 0)
		return 0;
	ret = snapshot_meta_read(&p, m, err, sizeof(err));
	procfs_fini(&p);
	return ret;
}

int snapshot_check(const struct procfs *p, char *err, size_t errlen)
{
	struct snapshot_meta m;
	char *meta;
	int ret = snapshot_meta_read(p, &m, err, errlen);

	if (ret <= 0)
		return ret < 0 ? -EINVAL : 0;
	meta = procfs_path(p, SNAPSHOT_META);
	ret = 0;
	for (size_t i = 0; i < m.nfiles && !ret; i++) {
		const struct snapshot_file *f = &m.files[i];
		char *path = procfs_path(p, f->path);
		struct stat st;

		if (fstatat(p->rootfd, f->path, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			snprintf(err, errlen, "%s: %s (%s:%lu lists it, %ju bytes)",
				 path, errno == ENOENT ? "missing" : strerror(errno),
				 meta, f->line, (uintmax_t)f->size);
			ret = -EINVAL;
		} else if (!S_ISREG(st.st_mode)) {
			snprintf(err, errlen, "%s: not a regular file (%s:%lu lists a file of %ju bytes)",
				 path, meta, f->line, (uintmax_t)f->size);
			ret = -EINVAL;
		} else if ((uint64_t)st.st_size != f->size) {
			snprintf(err, errlen, "%s: %ju bytes, but %s:%lu says %ju: the snapshot was truncated or modified",
				 path, (uintmax_t)st.st_size, meta, f->line,
				 (uintmax_t)f->size);
			ret = -EINVAL;
		}
		free(path);
	}
	free(meta);
	snapshot_meta_free(&m);
	return ret;
}

/* This machine: uname(2) and its page size. */
static void sys_here(struct snapshot_sys *s)
{
	struct utsname u;
	long ps = sysconf(_SC_PAGESIZE);

	memset(s, 0, sizeof(*s));
	s->page_size = ps > 0 ? (uint64_t)ps : 4096;
	if (uname(&u) == 0) {
		snprintf(s->kernel, sizeof(s->kernel), "%s", u.release);
		snprintf(s->machine, sizeof(s->machine), "%s", u.machine);
	}
}

static void sys_from(struct snapshot_sys *s, struct snapshot_meta *m)
{
	s->snapshot = true;
	s->page_size = m->page_size;
	s->pfns_hidden = m->pfns_hidden;
	/* "unknown" (uname failed where it was taken): this machine's */
	if (strcmp(m->kernel, "unknown"))
		snprintf(s->kernel, sizeof(s->kernel), "%s", m->kernel);
	if (strcmp(m->machine, "unknown"))
		snprintf(s->machine, sizeof(s->machine), "%s", m->machine);
	snapshot_meta_free(m);
}

void snapshot_sys(const struct procfs *p, struct snapshot_sys *s)
{
	struct snapshot_meta m;
	char err[8];

	sys_here(s);
	if (!p->live && snapshot_meta_read(p, &m, err, sizeof(err)) > 0)
		sys_from(s, &m);
}

void snapshot_sys_root(const char *root, struct snapshot_sys *s)
{
	struct snapshot_meta m;

	sys_here(s);
	if (root && snapshot_meta_load(root, &m) > 0)
		sys_from(s, &m);
}
