/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - snapshot.c: vmaview snapshot: capture a /proc tree for --proc-root */
#include "vmaview/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "vmaview/frames.h"
#include "vmaview/process.h"
#include "vmaview/show.h"
#include "vmaview/smaps.h"
#include "vmaview/threads.h"
#include "vmaview/version.h"
#include "vmaview/xalloc.h"

#include "snapshot_int.h"


/* ------------------------------------------------------------- writing */


void snap_say(const char *fmt, ...)
{
	va_list ap;

	fputs("vmaview: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int snap_write_all(int fd, const void *buf, size_t n, off_t off)
{
	const char *b = buf;

	while (n) {
		ssize_t w = off < 0 ? write(fd, b, n) : pwrite(fd, b, n, off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		if (w == 0)
			return -EIO;
		b += w;
		n -= (size_t)w;
		if (off >= 0)
			off += w;
	}
	return 0;
}

void snap_werror(struct snap *s, const char *rel, int err)
{
	if (!s->werr) {
		s->werr = err;
		snprintf(s->wfile, sizeof(s->wfile), "%s", rel);
	}
}

/* Says a write error (once): "DIR: writing REL: reason". */
int snap_report_werr(struct snap *s)
{
	snap_say("%s: writing %s: %s", s->dir, s->wfile, strerror(-s->werr));
	return -1;
}

static void add_file(struct snap *s, const char *rel, uint64_t size)
{
	s->files = xreallocarray(s->files, s->nfiles + 1, sizeof(*s->files));
	s->files[s->nfiles].path = xstrdup(rel);
	s->files[s->nfiles].size = size;
	s->files[s->nfiles].line = 0;
	s->nfiles++;
}

/* Creates REL in the snapshot; an fd or -1 (reported). */
int snap_create(struct snap *s, const char *rel)
{
	int fd = openat(s->dfd, rel, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			0644);

	if (fd < 0) {
		snap_werror(s, rel, -errno);
		snap_report_werr(s);
	}
	return fd;
}

/* fsync, size for the metadata, close. 0 or -1 (reported). */
int snap_finish(struct snap *s, int fd, const char *rel)
{
	struct stat st;
	int e = 0;

	if (fsync(fd) < 0 || fstat(fd, &st) < 0)
		e = -errno;
	if (close(fd) < 0 && !e)
		e = -errno;
	if (e) {
		snap_werror(s, rel, e);
		return snap_report_werr(s);
	}
	add_file(s, rel, (uint64_t)st.st_size);
	return 0;
}

/*
 * Copies ROOT/rel to the snapshot's rel. 0, 1 when ROOT has no such file
 * (nothing reported), or -1 (reported).
 */
static int copy_file(struct snap *s, const char *rel)
{
	char buf[65536];
	int in = procfs_open(s->src, rel, O_RDONLY), out;

	if (in == -ENOENT)
		return 1;
	if (in < 0) {
		char *path = procfs_path(s->src, rel);

		snap_say("%s: %s", path, strerror(-in));
		free(path);
		return -1;
	}
	out = snap_create(s, rel);
	if (out < 0) {
		close(in);
		return -1;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		int e;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			char *path = procfs_path(s->src, rel);

			snap_say("%s: %s", path, strerror(errno));
			free(path);
			close(in);
			close(out);
			return -1;
		}
		if (n == 0)
			break;
		if ((e = snap_write_all(out, buf, (size_t)n, -1)) < 0) {
			snap_werror(s, rel, e);
			close(in);
			close(out);
			return snap_report_werr(s);
		}
	}
	close(in);
	return snap_finish(s, out, rel);
}

/* A FILE for REL in the snapshot, or NULL (reported). */
static FILE *create_stream(struct snap *s, const char *rel)
{
	int fd = snap_create(s, rel);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	if (!f)
		xoom();
	return f;
}

static int finish_stream(struct snap *s, FILE *f, const char *rel)
{
	int fd;

	if (fflush(f) != 0 || ferror(f)) {
		snap_werror(s, rel, -(errno ? errno : EIO));
		fclose(f);
		return snap_report_werr(s);
	}
	fd = dup(fileno(f));
	fclose(f);
	if (fd < 0) {
		snap_werror(s, rel, -errno);
		return snap_report_werr(s);
	}
	return snap_finish(s, fd, rel);
}

/*
 * PID/smaps as read, and PID/maps made of its header lines (the same text
 * the kernel prints for maps), so that both describe one moment. Collects
 * the VMA ranges for the pagemap. 0, or -1 (reported).
 */
static int copy_smaps(struct snap *s)
{
	char rel[64], mrel[64], *line = NULL, *path;
	size_t cap = 0;
	unsigned long lineno = 0;
	uint64_t last_end = 0;
	FILE *in, *sm = NULL, *mp = NULL;
	ssize_t n;
	int fd, ret = -1;

	snprintf(rel, sizeof(rel), "%s/smaps", s->pidstr);
	snprintf(mrel, sizeof(mrel), "%s/maps", s->pidstr);
	path = procfs_path(s->src, rel);
	fd = procfs_open(s->src, rel, O_RDONLY);
	if (fd < 0) {
		if ((fd == -ENOENT || fd == -ESRCH) && !proc_exists(s->src, s->pid))
			snap_say("%d: no such process", (int)s->pid);
		else if (fd == -EACCES || fd == -EPERM)
			snap_say("%d: permission denied", (int)s->pid);
		else
			snap_say("%s: %s", path, strerror(-fd));
		free(path);
		return -1;
	}
	in = fdopen(fd, "r");
	if (!in)
		xoom();
	if (!(sm = create_stream(s, rel)) || !(mp = create_stream(s, mrel)))
		goto out;
	errno = 0;
	while ((n = getline(&line, &cap, in)) > 0) {
		size_t len = (size_t)n - (line[n - 1] == '\n');

		lineno++;
		fwrite(line, 1, (size_t)n, sm);
		if (smaps_is_header(line, len)) {
			struct vma v = { 0 };
			const char *why;
			uint64_t start, end;

			fwrite(line, 1, (size_t)n, mp);
			if (maps_parse_line(line, len, &v, &why) < 0) {
				snap_say("%s:%lu: %s", path, lineno, why);
				goto out;
			}
			start = v.start;
			end = v.end;
			vma_clear(&v);
			if (s->nranges && start < last_end) {
				snap_say("%s:%lu: VMA overlaps or precedes the one before it",
				    path, lineno);
				goto out;
			}
			last_end = end;
			if (s->nranges + 2 > s->rcap) {
				s->rcap = s->rcap ? s->rcap * 2 : 256;
				s->ranges = xreallocarray(s->ranges, s->rcap,
							  sizeof(*s->ranges));
			}
			s->ranges[s->nranges++] = start;
			s->ranges[s->nranges++] = end;
		} else if (!s->nranges) {
			snap_say("%s:%lu: expected a VMA header line first", path,
			    lineno);
			goto out;
		}
		errno = 0;
	}
	if (ferror(in)) {
		snap_say("%s: %s", path, errno == ESRCH ? "no such process" :
			strerror(errno ? errno : EIO));
		goto out;
	}
	ret = finish_stream(s, sm, rel);
	sm = NULL;
	if (!ret)
		ret = finish_stream(s, mp, mrel);
	mp = NULL;
out:
	if (sm)
		fclose(sm);
	if (mp)
		fclose(mp);
	fclose(in);
	free(line);
	free(path);
	return ret;
}

static int write_meta(struct snap *s, uint64_t page_size)
{
	struct snapshot_meta src;
	struct utsname u = { 0 };
	char taken[32] = "", err[8];
	const char *kernel = "unknown", *machine = "unknown";
	struct tm tm;
	time_t now = time(NULL);
	FILE *f;
	int r = snapshot_meta_read(s->src, &src, err, sizeof(err));

	/* a snapshot of a snapshot keeps where it was taken */
	if (r > 0) {
		kernel = src.kernel;
		machine = src.machine;
	} else if (uname(&u) == 0) {
		kernel = u.release;
		machine = u.machine;
	}
	if (gmtime_r(&now, &tm))
		strftime(taken, sizeof(taken), "%Y-%m-%dT%H:%M:%SZ", &tm);
	f = create_stream(s, SNAPSHOT_META);
	if (!f) {
		snapshot_meta_free(&src);
		return -1;
	}
	fprintf(f, "vmaview %s\nschema %d\npid %d\nkernel %s\nmachine %s\n"
		   "page_size %ju\ntaken %s\n",
		VMAVIEW_VERSION, SNAPSHOT_SCHEMA, (int)s->pid, kernel, machine,
		(uintmax_t)(r > 0 ? src.page_size : page_size),
		*taken ? taken : "unknown");
	/* a reader then knows it before the first present page */
	if (s->pfns_hidden || (r > 0 && src.pfns_hidden))
		fputs("pfns_hidden 1\n", f);
	for (size_t i = 0; i < s->nfiles; i++)
		fprintf(f, "file %s %ju\n", s->files[i].path,
			(uintmax_t)s->files[i].size);
	snapshot_meta_free(&src);
	r = finish_stream(s, f, SNAPSHOT_META);
	return r;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static int fsync_dir(struct snap *s, const char *rel)
{
	int fd = openat(s->dfd, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) < 0) {
		snap_werror(s, rel, -errno);
		if (fd >= 0)
			close(fd);
		return snap_report_werr(s);
	}
	close(fd);
	return 0;
}

/* "DIR" -> its parent directory, for the fsync after the rename. */
static char *parent_of(const char *dir)
{
	const char *sl = strrchr(dir, '/');

	if (!sl)
		return xstrdup(".");
	if (sl == dir)
		return xstrdup("/");
	return xstrndup(dir, (size_t)(sl - dir));
}

#define SNAP_THREADS 256 /* threads whose stack pointer is kept */

/*
 * PID/task/TID/syscall of each thread (up to SNAP_THREADS): the stack
 * pointers that name thread stacks [stack:TID]. A thread gone or not
 * readable is left out. 0 or -1 (reported).
 */
static int copy_threads(struct snap *s)
{
	char rel[96];
	pid_t *tids;
	size_t n;
	int ret = 0;

	if (threads_list(s->src, s->pid, &tids, &n) < 0 || !n)
		return 0;
	snprintf(rel, sizeof(rel), "%s/task", s->pidstr);
	if (mkdirat(s->dfd, rel, 0755) < 0) {
		snap_werror(s, rel, -errno);
		free(tids);
		return snap_report_werr(s);
	}
	for (size_t i = 0; i < n && i < SNAP_THREADS && !ret; i++) {
		int fd;

		snprintf(rel, sizeof(rel), "%s/task/%d/syscall", s->pidstr,
			 (int)tids[i]);
		fd = procfs_open(s->src, rel, O_RDONLY);
		if (fd < 0)
			continue;
		close(fd);
		*strrchr(rel, '/') = '\0';
		if (mkdirat(s->dfd, rel, 0755) < 0) {
			snap_werror(s, rel, -errno);
			ret = snap_report_werr(s);
			break;
		}
		strcat(rel, "/syscall");
		if (copy_file(s, rel) < 0)
			ret = -1;
	}
	free(tids);
	return ret;
}

/* Everything but argument checks; 0 or 1. */
static int capture(struct snap *s, const struct vv_opts *o)
{
	static const char *const pidfiles[] = { "stat", "status", "comm",
						"cmdline" };
	static const char *const dtfiles[] = { "device-tree/compatible",
					       "device-tree/model" };
	long ps = sysconf(_SC_PAGESIZE);
	char rel[64];
	bool dt = false;
	int r;

	if (mkdirat(s->dfd, s->pidstr, 0755) < 0) {
		snap_werror(s, s->pidstr, -errno);
		return snap_report_werr(s), 1;
	}
	for (size_t i = 0; i < sizeof(pidfiles) / sizeof(pidfiles[0]); i++) {
		snprintf(rel, sizeof(rel), "%s/%s", s->pidstr, pidfiles[i]);
		r = copy_file(s, rel);
		if (r < 0)
			return 1;
		if (r > 0 && s->src->live) {
			snap_say("%d: exited while being read", (int)s->pid);
			return 1;
		}
		if (r > 0) {
			char *path = procfs_path(s->src, rel);

			snap_say("%s: missing: not in the snapshot", path);
			free(path);
		}
	}
	if (copy_threads(s) < 0 || copy_smaps(s) < 0)
		return 1;
	if (!s->nranges) {
		enum proc_state st = proc_state(s->src, s->pid);

		snap_say("%d: %s", (int)s->pid,
		    st == PROC_KTHREAD ? "kernel thread (no address space)" :
		    st == PROC_ZOMBIE  ? "zombie process (no address space)" :
		    st == PROC_GONE    ? "exited while being read" :
					 "no address space (empty maps)");
		return 1;
	}
	if (snap_capture_frames(s, o->no_pagemap_scan) < 0)
		return 1;
	if (s->src->live && proc_state(s->src, s->pid) != PROC_ALIVE) {
		snap_say("%d: exited while being read", (int)s->pid);
		return 1;
	}
	/* what the models and board detection read, when there */
	if (copy_file(s, "config.gz") < 0 || copy_file(s, "cpuinfo") < 0)
		return 1;
	for (size_t i = 0; i < sizeof(dtfiles) / sizeof(dtfiles[0]); i++) {
		int fd = procfs_open(s->src, dtfiles[i], O_RDONLY);

		if (fd < 0)
			continue;
		close(fd);
		if (!dt && mkdirat(s->dfd, "device-tree", 0755) < 0) {
			snap_werror(s, "device-tree", -errno);
			return snap_report_werr(s), 1;
		}
		dt = true;
		if (copy_file(s, dtfiles[i]) < 0)
			return 1;
	}
	if (symlinkat(s->pidstr, s->dfd, "self") < 0) {
		snap_werror(s, "self", -errno);
		return snap_report_werr(s), 1;
	}
	if (write_meta(s, ps > 0 ? (uint64_t)ps : 4096) < 0)
		return 1;
	if (fsync_dir(s, s->pidstr) < 0 || (dt && fsync_dir(s, "device-tree") < 0) ||
	    fsync_dir(s, ".") < 0)
		return 1;
	return 0;
}

/* Moves the finished tree to DIR, never over anything. 0 or 1. */
static int publish(struct snap *s)
{
	char *parent;
	int fd, e = 0;

	if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->dir, RENAME_NOREPLACE) < 0)
		e = errno;
	if (e == EINVAL || e == ENOSYS) {
		struct stat st;

		/* a file system without RENAME_NOREPLACE: check, then rename */
		if (lstat(s->dir, &st) == 0)
			e = EEXIST;
		else if (errno != ENOENT)
			e = errno;
		else
			e = rename(s->tmp, s->dir) < 0 ? errno : 0;
	}
	if (e) {
		snap_say("%s: %s", s->dir, e == EEXIST || e == ENOTEMPTY ?
			"already exists (a snapshot is never overwritten)" :
			strerror(e));
		return 1;
	}
	parent = parent_of(s->dir);
	fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(parent);
	return 0;
}

int snapshot_run(const struct vv_opts *o, const struct procfs *p,
		 const char *dir, char **bad)
{
	struct snap s = { .src = p, .dfd = -1, .pm_out = -1, .kpf_out = -1,
			  .kpc_out = -1 };
	struct stat st;
	char *d;
	size_t len;
	int ret;

	*bad = NULL;
	if (o->ntargets != 1) {
		*bad = xstrdup(o->ntargets ? "snapshot: one process at a time" :
					     "snapshot: no process given");
		return -EINVAL;
	}
	if (!dir || !*dir) {
		*bad = xstrdup("snapshot: no directory given (-o DIR)");
		return -EINVAL;
	}
	if (target_parse(p, o->targets[0], &s.pid) < 0) {
		*bad = xasprintf("'%s' is not a process ID or 'self'",
				 o->targets[0]);
		return -EINVAL;
	}
	snprintf(s.pidstr, sizeof(s.pidstr), "%d", (int)s.pid);
	/* "snap/" names snap: the temporary directory is its sibling */
	d = xstrdup(dir);
	len = strlen(d);
	while (len > 1 && d[len - 1] == '/')
		d[--len] = '\0';
	s.dir = d;
	ret = lstat(d, &st);
	if (ret == 0 || errno != ENOENT) {
		snap_say("%s: %s", d, ret == 0 ?
			"already exists (a snapshot is never overwritten)" :
			strerror(errno));
		free(d);
		return 1;
	}
	switch (proc_state(p, s.pid)) {
	case PROC_GONE:
		snap_say("%d: no such process", (int)s.pid);
		free(d);
		return 1;
	case PROC_KTHREAD:
		snap_say("%d: kernel thread (no address space)", (int)s.pid);
		free(d);
		return 1;
	case PROC_ZOMBIE:
		snap_say("%d: zombie process (no address space)", (int)s.pid);
		free(d);
		return 1;
	default:
		break;
	}
	s.tmp = xasprintf("%s.tmp.XXXXXX", d);
	if (!mkdtemp(s.tmp)) {
		snap_say("%s: cannot create %s.tmp.XXXXXX: %s", d, d, strerror(errno));
		free(s.tmp);
		free(d);
		return 1;
	}
	s.dfd = open(s.tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s.dfd < 0) {
		snap_say("%s: %s", s.tmp, strerror(errno));
		ret = 1;
	} else {
		ret = capture(&s, o);
		close(s.dfd);
	}
	if (!ret)
		ret = publish(&s);
	if (ret)
		nftw(s.tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	for (size_t i = 0; i < s.nfiles; i++)
		free(s.files[i].path);
	free(s.files);
	free(s.ranges);
	free(s.buf);
	free(s.keys);
	free(s.tmpk);
	free(s.tmp);
	free(d);
	return ret;
}

