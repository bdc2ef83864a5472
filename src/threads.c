/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - threads.c: a process's threads and their stack pointers, read from /proc without ptrace */
#include "vmaview/threads.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/process.h"
#include "vmaview/text.h"
#include "vmaview/xalloc.h"

void tid_index_add(struct tid_index *ix, uint64_t addr, pid_t tid)
{
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? ix->cap * 2 : 16;
		ix->v = xreallocarray(ix->v, ix->cap, sizeof(*ix->v));
	}
	ix->v[ix->n++] = (struct addr_tid){ .addr = addr, .tid = tid };
}

static int cmp_addr_tid(const void *a, const void *b)
{
	const struct addr_tid *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (x->tid > y->tid) - (x->tid < y->tid);
}

void tid_index_sort(struct tid_index *ix)
{
	if (ix->n > 1)
		qsort(ix->v, ix->n, sizeof(*ix->v), cmp_addr_tid);
}

/* The first entry with addr >= a. */
static size_t lower_bound(const struct tid_index *ix, uint64_t a)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->v[mid].addr < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t tid_index_range(const struct tid_index *ix, uint64_t start,
		       uint64_t end, size_t *first)
{
	size_t a, b;

	*first = 0;
	if (!ix->n || start >= end)
		return 0;
	a = lower_bound(ix, start);
	b = lower_bound(ix, end);
	*first = a;
	return b - a;
}

void tid_index_free(struct tid_index *ix)
{
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

size_t addr_tids_unique(const struct addr_tid *a, size_t n, pid_t *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		out[i] = a[i].tid;
	qsort(out, n, sizeof(*out), cmp_pid);
	for (size_t i = 0; i < n; i++)
		if (!k || out[k - 1] != out[i])
			out[k++] = out[i];
	return k;
}

int threads_list(const struct procfs *p, pid_t pid, pid_t **tids, size_t *n)
{
	char rel[64];
	struct dirent *de;
	size_t cap = 0;
	int fd;
	DIR *d;

	*tids = NULL;
	*n = 0;
	snprintf(rel, sizeof(rel), "%d/task", (int)pid);
	fd = procfs_open(p, rel, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		int e = errno;

		close(fd);
		return -e;
	}
	while ((de = readdir(d))) {
		pid_t tid;

		if (pid_parse(de->d_name, &tid) < 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*tids = xreallocarray(*tids, cap, sizeof(**tids));
		}
		(*tids)[(*n)++] = tid;
	}
	closedir(d);
	if (*n > 1)
		qsort(*tids, *n, sizeof(**tids), cmp_pid);
	return 0;
}

/* One hex word "0x..." at s (up to a space or the end); 0 or -EINVAL. */
static int word_hex(const char *s, size_t len, uint64_t *v)
{
	if (len < 3 || s[0] != '0' || s[1] != 'x')
		return -EINVAL;
	return hex_parse(s, len, v);
}

int threads_parse_syscall(const char *buf, uint64_t *sp)
{
	const char *w[16];
	size_t l[16], nw = 0;
	const char *s = buf;

	if (!strncmp(buf, "running", 7))
		return -EAGAIN;
	while (*s) {
		size_t len;

		while (*s == ' ' || *s == '\n')
			s++;
		if (!*s)
			break;
		len = strcspn(s, " \n");
		if (nw == 16)
			return -EINVAL;
		w[nw] = s;
		l[nw++] = len;
		s += len;
	}
	/* "-1 SP PC" or "NR A1..A6 SP PC" (all hex words but NR) */
	if (nw != 3 && nw != 9)
		return -EINVAL;
	if (nw == 3 && (l[0] != 2 || memcmp(w[0], "-1", 2)))
		return -EINVAL;
	return word_hex(w[nw - 2], l[nw - 2], sp);
}

int threads_parse_kstkesp(const char *buf, uint64_t *sp)
{
	const char *p = strrchr(buf, ')');
	unsigned long long v;
	int i;

	if (!p)
		return -EINVAL;
	p++;
	/* after ')': field 3 (state) ... field 29 (kstkesp) */
	for (i = 3; i < 29; i++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -EINVAL;
	}
	if (sscanf(p, " %llu", &v) != 1)
		return -EINVAL;
	*sp = v;
	return 0;
}

/* The SP of one thread, without stopping it: 0, or -errno / -EAGAIN. */
static int thread_sp(const struct procfs *p, pid_t pid, pid_t tid,
		     uint64_t *sp)
{
	char rel[96], *buf;
	int ret;

	snprintf(rel, sizeof(rel), "%d/task/%d/syscall", (int)pid, (int)tid);
	ret = procfs_read_file(p, rel, 4096, &buf, NULL);
	if (ret == 0) {
		ret = threads_parse_syscall(buf, sp);
		free(buf);
		if (ret == 0)
			return 0;
	}
	snprintf(rel, sizeof(rel), "%d/task/%d/stat", (int)pid, (int)tid);
	if (procfs_read_file(p, rel, 4096, &buf, NULL) < 0)
		return ret;
	if (threads_parse_kstkesp(buf, sp) == 0 && *sp)
		ret = 0;
	free(buf);
	return ret;
}

int threads_read_sps(const struct procfs *p, pid_t pid, struct tid_index *sps)
{
	pid_t *tids;
	size_t n;
	int ret = threads_list(p, pid, &tids, &n);

	if (ret < 0)
		return ret;
	for (size_t i = 0; i < n; i++) {
		uint64_t sp;

		if (thread_sp(p, pid, tids[i], &sp) == 0)
			tid_index_add(sps, sp, tids[i]);
	}
	free(tids);
	tid_index_sort(sps);
	return (int)n;
}
