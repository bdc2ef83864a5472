/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - select.c: process selection (--all, --pgrep, --children, --user) */
#include "vmaview/select.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/process.h"
#include "vmaview/show.h"
#include "vmaview/xalloc.h"

#define PF_KTHREAD 0x00200000UL /* include/linux/sched.h */

void tally_add(struct vv_tally *t, const char *reason)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->c[i].reason, reason))
			break;
	if (i == t->n) {
		if (t->n == TALLY_MAX)
			i = TALLY_MAX - 1; /* never reached: few causes exist */
		else
			t->c[t->n++].reason = reason;
	}
	t->c[i].count++;
}

void tally_report(const struct vv_tally *t, FILE *err)
{
	for (size_t i = 0; t && i < t->n; i++)
		fprintf(err, "vmaview: %u process%s skipped: %s\n", t->c[i].count,
			t->c[i].count == 1 ? "" : "es", t->c[i].reason);
}

bool select_any(const struct vv_opts *o)
{
	return o->sel_all || o->sel_pgrep || o->sel_children || o->sel_user;
}

struct cand {
	pid_t pid, ppid;
	bool kthread, mark;
};

static int cmp_cand(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* ppid and PF_KTHREAD from /proc/PID/stat; -errno when unreadable. */
static int read_stat(const struct procfs *p, struct cand *c)
{
	char rel[32], *buf, *q, state;
	unsigned long flags;
	int ppid, ret;

	snprintf(rel, sizeof(rel), "%d/stat", (int)c->pid);
	ret = procfs_read_file(p, rel, 4096, &buf, NULL);
	if (ret < 0)
		return ret;
	q = strrchr(buf, ')');
	ret = -EINVAL;
	if (q && sscanf(q + 1, " %c %d", &state, &ppid) == 2 &&
	    proc_parse_stat(buf, &state, &flags) == 0) {
		c->ppid = ppid;
		c->kthread = flags & PF_KTHREAD;
		ret = 0;
	}
	free(buf);
	return ret;
}

/* Every process under the root, ascending. */
static size_t list_procs(const struct procfs *p, struct cand **out)
{
	struct cand *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *d;
	DIR *dir;
	int fd = openat(p->rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	*out = NULL;
	if (fd < 0 || !(dir = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while ((d = readdir(dir))) {
		pid_t pid;

		if (pid_parse(d->d_name, &pid) < 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n] = (struct cand){ .pid = pid, .ppid = -1 };
		/* a process gone since readdir keeps ppid -1: no one's child */
		read_stat(p, &v[n]);
		n++;
	}
	closedir(dir);
	if (n)
		qsort(v, n, sizeof(*v), cmp_cand);
	*out = v;
	return n;
}

static struct cand *find(struct cand *v, size_t n, pid_t pid)
{
	struct cand key = { .pid = pid };

	return n ? bsearch(&key, v, n, sizeof(*v), cmp_cand) : NULL;
}

/* Marks the descendants of root (not root itself). */
static void mark_descendants(struct cand *v, size_t n, pid_t root)
{
	bool changed = true;

	while (changed) {
		changed = false;
		for (size_t i = 0; i < n; i++) {
			struct cand *par;

			if (v[i].mark || v[i].ppid <= 0)
				continue;
			par = v[i].ppid == root ? NULL : find(v, n, v[i].ppid);
			if (v[i].ppid == root || (par && par->mark)) {
				v[i].mark = true;
				changed = true;
			}
		}
	}
}

/* comm, or the command line with NULs as spaces, matches re. */
static bool name_matches(const struct procfs *p, pid_t pid, const regex_t *re)
{
	struct proc_info pi;
	bool m = false;

	proc_info_read(p, pid, &pi);
	if (pi.comm && !regexec(re, pi.comm, 0, NULL, 0))
		m = true;
	if (!m && pi.cmdline && pi.cmdline_len) {
		for (size_t i = 0; i < pi.cmdline_len; i++)
			if (!pi.cmdline[i])
				pi.cmdline[i] = ' ';
		pi.cmdline[pi.cmdline_len] = '\0';
		m = !regexec(re, pi.cmdline, 0, NULL, 0);
	}
	proc_info_free(&pi);
	return m;
}

static int parse_user(const char *s, long *uid, char **bad)
{
	struct passwd *pw;
	char *end;

	errno = 0;
	*uid = strtol(s, &end, 10);
	if (*s >= '0' && *s <= '9' && !*end && !errno && *uid <= 0xfffffffe)
		return 0;
	pw = getpwnam(s);
	if (!pw) {
		*bad = xasprintf("--user: no such user: '%s'", s);
		return -EINVAL;
	}
	*uid = (long)pw->pw_uid;
	return 0;
}

static int explicit_pids(const struct vv_opts *o, const struct procfs *p,
			 pid_t **pids, size_t *n, char **bad)
{
	*pids = xcalloc((size_t)o->ntargets + 1, sizeof(**pids));
	*n = 0;
	for (int i = 0; i < o->ntargets; i++) {
		if (target_parse(p, o->targets[i], &(*pids)[*n]) < 0) {
			*bad = xasprintf("'%s' is not a process ID or 'self'",
					 o->targets[i]);
			return -EINVAL;
		}
		(*n)++;
	}
	return 0;
}

int select_pids(const struct vv_opts *o, const struct procfs *p, pid_t **out,
		size_t *nout, char **bad)
{
	struct cand *v;
	pid_t *given = NULL, self = 0;
	size_t n, ngiven = 0, k = 0;
	regex_t re;
	long uid = -1;
	int ret;

	*out = NULL;
	*nout = 0;
	if (o->sel_user && parse_user(o->sel_user, &uid, bad) < 0)
		return -EINVAL;
	if (o->sel_pgrep && (ret = regcomp(&re, o->sel_pgrep,
					  REG_EXTENDED | REG_NOSUB))) {
		char msg[256];

		regerror(ret, &re, msg, sizeof(msg));
		*bad = xasprintf("--pgrep: '%s': %s", o->sel_pgrep, msg);
		return -EINVAL;
	}
	if (o->ntargets && explicit_pids(o, p, &given, &ngiven, bad) < 0) {
		if (o->sel_pgrep)
			regfree(&re);
		free(given);
		return -EINVAL;
	}
	if (p->live)
		self = getpid();
	n = list_procs(p, &v);
	if (o->sel_children)
		mark_descendants(v, n, o->sel_children);
	*out = xcalloc(n + 1, sizeof(**out));
	for (size_t i = 0; i < n; i++) {
		bool ok = !v[i].kthread && v[i].pid != self;

		if (ok && o->sel_children)
			ok = v[i].mark;
		if (ok && ngiven) {
			size_t g = 0;

			while (g < ngiven && given[g] != v[i].pid)
				g++;
			ok = g < ngiven;
		}
		if (ok && o->sel_user)
			ok = proc_real_uid(p, v[i].pid) == uid;
		if (ok && o->sel_pgrep)
			ok = name_matches(p, v[i].pid, &re);
		if (ok)
			(*out)[k++] = v[i].pid;
	}
	*nout = k;
	if (o->sel_pgrep)
		regfree(&re);
	free(given);
	free(v);
	return 0;
}

char **select_strings(const pid_t *pids, size_t n)
{
	char **s = xcalloc(n + 1, sizeof(*s));

	for (size_t i = 0; i < n; i++)
		s[i] = xasprintf("%d", (int)pids[i]);
	return s;
}

void select_free(char **s, size_t n)
{
	for (size_t i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}
