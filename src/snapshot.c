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


/* ------------------------------------------------------------- writing */

struct snap {
	const struct procfs *src;
	pid_t pid;
	char pidstr[16];
	const char *dir;          /* as given, without trailing slashes */
	char *tmp;                /* DIR.tmp.XXXXXX */
	int dfd;                  /* tmp */
	struct snapshot_file *files; /* what was written, for the metadata */
	size_t nfiles;
	uint64_t *ranges;         /* start, end of each VMA, in order */
	size_t nranges, rcap;
	/* frames */
	int pm_out, kpf_out, kpc_out;
	uint64_t pm_end, kpf_end, kpc_end; /* bytes written up to */
	unsigned page_shift;
	uint64_t *buf, *keys, *tmpk;
	int werr;                 /* a write failed: -errno */
	char wfile[80];           /* ... of this file */
};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	fputs("vmaview: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int write_all(int fd, const void *buf, size_t n, off_t off)
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

static void werror(struct snap *s, const char *rel, int err)
{
	if (!s->werr) {
		s->werr = err;
		snprintf(s->wfile, sizeof(s->wfile), "%s", rel);
	}
}

/* Says a write error (once): "DIR: writing REL: reason". */
static int report_werr(struct snap *s)
{
	say("%s: writing %s: %s", s->dir, s->wfile, strerror(-s->werr));
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
static int create(struct snap *s, const char *rel)
{
	int fd = openat(s->dfd, rel, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			0644);

	if (fd < 0) {
		werror(s, rel, -errno);
		report_werr(s);
	}
	return fd;
}

/* fsync, size for the metadata, close. 0 or -1 (reported). */
static int finish(struct snap *s, int fd, const char *rel)
{
	struct stat st;
	int e = 0;

	if (fsync(fd) < 0 || fstat(fd, &st) < 0)
		e = -errno;
	if (close(fd) < 0 && !e)
		e = -errno;
	if (e) {
		werror(s, rel, e);
		return report_werr(s);
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

		say("%s: %s", path, strerror(-in));
		free(path);
		return -1;
	}
	out = create(s, rel);
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

			say("%s: %s", path, strerror(errno));
			free(path);
			close(in);
			close(out);
			return -1;
		}
		if (n == 0)
			break;
		if ((e = write_all(out, buf, (size_t)n, -1)) < 0) {
			werror(s, rel, e);
			close(in);
			close(out);
			return report_werr(s);
		}
	}
	close(in);
	return finish(s, out, rel);
}

/* A FILE for REL in the snapshot, or NULL (reported). */
static FILE *create_stream(struct snap *s, const char *rel)
{
	int fd = create(s, rel);
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
		werror(s, rel, -(errno ? errno : EIO));
		fclose(f);
		return report_werr(s);
	}
	fd = dup(fileno(f));
	fclose(f);
	if (fd < 0) {
		werror(s, rel, -errno);
		return report_werr(s);
	}
	return finish(s, fd, rel);
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
			say("%d: no such process", (int)s->pid);
		else if (fd == -EACCES || fd == -EPERM)
			say("%d: permission denied", (int)s->pid);
		else
			say("%s: %s", path, strerror(-fd));
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
				say("%s:%lu: %s", path, lineno, why);
				goto out;
			}
			start = v.start;
			end = v.end;
			vma_clear(&v);
			if (s->nranges && start < last_end) {
				say("%s:%lu: VMA overlaps or precedes the one before it",
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
			say("%s:%lu: expected a VMA header line first", path,
			    lineno);
			goto out;
		}
		errno = 0;
	}
	if (ferror(in)) {
		say("%s: %s", path, errno == ESRCH ? "no such process" :
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

/*
 * Writes the words of pages[keys] (sorted by PFN, one per page) at their
 * PFNs in fd, one pwrite per run of consecutive frames.
 */
static int write_frames(struct snap *s, const struct page_info *pg,
			size_t nk, bool count, int fd, uint64_t *end)
{
	for (size_t i = 0; i < nk;) {
		uint64_t p0 = s->keys[i] >> 16, prev = p0;
		size_t m = 0;
		int e;

		while (i < nk) {
			const struct page_info *q = &pg[s->keys[i] & 0xffff];
			uint64_t pfn = s->keys[i] >> 16;

			if (m && pfn == prev) { /* one frame, mapped twice */
				i++;
				continue;
			}
			if (m && pfn != prev + 1)
				break;
			s->buf[m++] = count ? q->count : q->kpf;
			prev = pfn;
			i++;
		}
		if ((e = write_all(fd, s->buf, m * 8, (off_t)(p0 * 8))) < 0)
			return e;
		if ((prev + 1) * 8 > *end)
			*end = (prev + 1) * 8;
	}
	return 0;
}

/* The pages of one fscan batch whose have includes bit, sorted by PFN. */
static size_t frame_keys(struct snap *s, const struct page_info *pg, size_t n,
			 unsigned bit)
{
	size_t nk = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t pfn = pg[i].pm & PM_PFN_MASK;

		if ((pg[i].have & PI_PFN) && (pg[i].have & bit) &&
		    pfn < FSCAN_PFN_KEY_MAX)
			s->keys[nk++] = pfn << 16 | i;
	}
	radix_sort_u64(s->keys, s->tmpk, nk);
	return nk;
}

/* fscan_fn: one batch of populated pages with their frames' words. */
static int snap_batch(const struct page_info *pg, size_t n, void *arg)
{
	struct snap *s = arg;
	char pmrel[64];
	size_t nk;
	int e;

	snprintf(pmrel, sizeof(pmrel), "%s/pagemap", s->pidstr);
	/* pagemap: the batch is in address order; one pwrite per run */
	for (size_t i = 0; i < n;) {
		uint64_t idx = pg[i].vaddr >> s->page_shift;
		size_t m = 0;

		do {
			s->buf[m++] = pg[i++].pm;
		} while (i < n && pg[i].vaddr >> s->page_shift == idx + m);
		if ((e = write_all(s->pm_out, s->buf, m * 8, (off_t)(idx * 8))) < 0) {
			werror(s, pmrel, e);
			return 1;
		}
		if ((idx + m) * 8 > s->pm_end)
			s->pm_end = (idx + m) * 8;
	}
	if (s->kpf_out >= 0 && (nk = frame_keys(s, pg, n, PI_KPF)) &&
	    (e = write_frames(s, pg, nk, false, s->kpf_out, &s->kpf_end)) < 0) {
		werror(s, "kpageflags", e);
		return 1;
	}
	if (s->kpc_out >= 0 && (nk = frame_keys(s, pg, n, PI_KPC)) &&
	    (e = write_frames(s, pg, nk, true, s->kpc_out, &s->kpc_end)) < 0) {
		werror(s, "kpagecount", e);
		return 1;
	}
	return 0;
}

/* Truncates (extends) fd to end, then finish(). 0 or -1 (reported). */
static int finish_sparse(struct snap *s, int fd, const char *rel,
			 uint64_t end)
{
	if (ftruncate(fd, (off_t)end) < 0) {
		werror(s, rel, -errno);
		close(fd);
		return report_werr(s);
	}
	return finish(s, fd, rel);
}

/*
 * PID/pagemap: the words of every populated page of every VMA at its own
 * offset, holes left sparse; kpageflags and kpagecount: the words of the
 * frames those pages point to. 0 or -1 (reported).
 */
static int capture_frames(struct snap *s, bool no_scan)
{
	struct fscan fs;
	struct vv_limit lim[4];
	char pmrel[64], *path;
	size_t nlim;
	int ret;

	snprintf(pmrel, sizeof(pmrel), "%s/pagemap", s->pidstr);
	ret = fscan_open(&fs, s->src, s->pid, FS_KPF | FS_KPC, no_scan);
	if (ret < 0) {
		path = procfs_path(s->src, pmrel);
		/* a tree without pagemap (a fixture): the snapshot has none */
		if (ret == -ENOENT && !s->src->live)
			say("%s: missing: not in the snapshot", path);
		else
			say("%s: %s", path, strerror(-ret));
		free(path);
		return ret == -ENOENT && !s->src->live ? 0 : -1;
	}
	s->page_shift = fs.page_shift;
	s->kpf_out = s->kpc_out = -1;
	s->pm_out = create(s, pmrel);
	if (s->pm_out >= 0 && fs.kpf_fd >= 0)
		s->kpf_out = create(s, "kpageflags");
	if (s->pm_out >= 0 && fs.kpc_fd >= 0 && !s->werr)
		s->kpc_out = create(s, "kpagecount");
	if (s->werr)
		goto fail;
	s->buf = xmalloc(FSCAN_BATCH * sizeof(*s->buf));
	s->keys = xmalloc(FSCAN_BATCH * sizeof(*s->keys));
	s->tmpk = xmalloc(FSCAN_BATCH * sizeof(*s->tmpk));
	for (size_t i = 0; i < s->nranges; i += 2) {
		ret = fscan_walk(&fs, s->ranges[i], s->ranges[i + 1],
				 snap_batch, s);
		if (ret > 0)
			goto fail_reported;
		if (ret < 0) {
			path = procfs_path(s->src, pmrel);
			say("%s: %s", path, ret == -ESRCH ? "no such process" :
				strerror(-ret));
			free(path);
			goto fail;
		}
	}
	/*
	 * The file ends where the live pagemap has entries: with the highest
	 * VMA whose last page it can read ([vsyscall] lies past TASK_SIZE,
	 * where pagemap has none).
	 */
	for (size_t i = s->nranges; i >= 2; i -= 2) {
		uint64_t idx = (s->ranges[i - 1] - 1) >> fs.page_shift, w;

		if (pread(fs.pm_fd, &w, 8, (off_t)(idx * 8)) == 8) {
			if ((idx + 1) * 8 > s->pm_end)
				s->pm_end = (idx + 1) * 8;
			break;
		}
	}
	nlim = fscan_limits(&fs, lim, 4);
	for (size_t i = 0; i < nlim; i++)
		if (i == 0 || !(fs.limits & FS_LIM_PFN_HIDDEN))
			say("snapshot: %s", lim[i].reason);
	fscan_close(&fs);
	ret = finish_sparse(s, s->pm_out, pmrel, s->pm_end);
	if (!ret && s->kpf_out >= 0)
		ret = finish_sparse(s, s->kpf_out, "kpageflags", s->kpf_end);
	else if (s->kpf_out >= 0)
		close(s->kpf_out);
	if (!ret && s->kpc_out >= 0)
		ret = finish_sparse(s, s->kpc_out, "kpagecount", s->kpc_end);
	else if (s->kpc_out >= 0)
		close(s->kpc_out);
	return ret;

fail_reported:
	report_werr(s);
fail:
	fscan_close(&fs);
	if (s->pm_out >= 0)
		close(s->pm_out);
	if (s->kpf_out >= 0)
		close(s->kpf_out);
	if (s->kpc_out >= 0)
		close(s->kpc_out);
	return -1;
}

/* DIR/vmaview-snapshot, last: everything it lists is written. */
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
		werror(s, rel, -errno);
		if (fd >= 0)
			close(fd);
		return report_werr(s);
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
		werror(s, rel, -errno);
		free(tids);
		return report_werr(s);
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
			werror(s, rel, -errno);
			ret = report_werr(s);
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
		werror(s, s->pidstr, -errno);
		return report_werr(s), 1;
	}
	for (size_t i = 0; i < sizeof(pidfiles) / sizeof(pidfiles[0]); i++) {
		snprintf(rel, sizeof(rel), "%s/%s", s->pidstr, pidfiles[i]);
		r = copy_file(s, rel);
		if (r < 0)
			return 1;
		if (r > 0 && s->src->live) {
			say("%d: exited while being read", (int)s->pid);
			return 1;
		}
		if (r > 0) {
			char *path = procfs_path(s->src, rel);

			say("%s: missing: not in the snapshot", path);
			free(path);
		}
	}
	if (copy_threads(s) < 0 || copy_smaps(s) < 0)
		return 1;
	if (!s->nranges) {
		enum proc_state st = proc_state(s->src, s->pid);

		say("%d: %s", (int)s->pid,
		    st == PROC_KTHREAD ? "kernel thread (no address space)" :
		    st == PROC_ZOMBIE  ? "zombie process (no address space)" :
		    st == PROC_GONE    ? "exited while being read" :
					 "no address space (empty maps)");
		return 1;
	}
	if (capture_frames(s, o->no_pagemap_scan) < 0)
		return 1;
	if (s->src->live && proc_state(s->src, s->pid) != PROC_ALIVE) {
		say("%d: exited while being read", (int)s->pid);
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
			werror(s, "device-tree", -errno);
			return report_werr(s), 1;
		}
		dt = true;
		if (copy_file(s, dtfiles[i]) < 0)
			return 1;
	}
	if (symlinkat(s->pidstr, s->dfd, "self") < 0) {
		werror(s, "self", -errno);
		return report_werr(s), 1;
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
		say("%s: %s", s->dir, e == EEXIST || e == ENOTEMPTY ?
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
		say("%s: %s", d, ret == 0 ?
			"already exists (a snapshot is never overwritten)" :
			strerror(errno));
		free(d);
		return 1;
	}
	switch (proc_state(p, s.pid)) {
	case PROC_GONE:
		say("%d: no such process", (int)s.pid);
		free(d);
		return 1;
	case PROC_KTHREAD:
		say("%d: kernel thread (no address space)", (int)s.pid);
		free(d);
		return 1;
	case PROC_ZOMBIE:
		say("%d: zombie process (no address space)", (int)s.pid);
		free(d);
		return 1;
	default:
		break;
	}
	s.tmp = xasprintf("%s.tmp.XXXXXX", d);
	if (!mkdtemp(s.tmp)) {
		say("%s: cannot create %s.tmp.XXXXXX: %s", d, d, strerror(errno));
		free(s.tmp);
		free(d);
		return 1;
	}
	s.dfd = open(s.tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (s.dfd < 0) {
		say("%s: %s", s.tmp, strerror(errno));
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

