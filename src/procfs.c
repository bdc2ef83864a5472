/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - procfs.c: every /proc read, relative to one root (--proc-root) */
#include "vmaview/procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/xalloc.h"

int procfs_init(struct procfs *p, const char *root)
{
	p->live = !root;
	p->root = xstrdup(root ? root : "/proc");
	p->rootfd = open(p->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (p->rootfd < 0) {
		int e = errno;

		free(p->root);
		p->root = NULL;
		return -e;
	}
	return 0;
}

void procfs_fini(struct procfs *p)
{
	if (p->rootfd >= 0)
		close(p->rootfd);
	p->rootfd = -1;
	free(p->root);
	p->root = NULL;
}

int procfs_open(const struct procfs *p, const char *rel, int flags)
{
	int fd = openat(p->rootfd, rel, flags | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int procfs_read_file(const struct procfs *p, const char *rel, size_t max,
		     char **buf, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *b;
	int fd = procfs_open(p, rel, O_RDONLY);

	if (fd < 0)
		return fd;
	b = xmalloc(cap + 1);
	for (;;) {
		ssize_t r;

		if (n == cap) {
			if (cap >= max) {
				free(b);
				close(fd);
				return -EFBIG;
			}
			cap *= 2;
			b = xrealloc(b, cap + 1);
		}
		r = read(fd, b + n, cap - n);
		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(b);
			close(fd);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	if (len)
		*len = n;
	return 0;
}

int procfs_self(const struct procfs *p, pid_t *pid)
{
	char buf[64], *end;
	ssize_t n = readlinkat(p->rootfd, "self", buf, sizeof(buf) - 1);
	long v;

	if (n < 0)
		return -errno;
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || *end || end == buf || v <= 0 || v > INT_MAX)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

char *procfs_path(const struct procfs *p, const char *rel)
{
	return xasprintf("%s/%s", p->root, rel);
}
