/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - unwind_common.c: what --stacks says when it cannot stop a process, and freeing its results */
#include "vmaview/unwind.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void uw_process_free(struct uw_process *up)
{
	for (size_t i = 0; i < up->n; i++) {
		for (size_t j = 0; j < up->t[i].nf; j++)
			free(up->t[i].f[j].sym);
		free(up->t[i].f);
		free(up->t[i].comm);
	}
	free(up->t);
	memset(up, 0, sizeof(*up));
}

/* A number from the first line of a small file under the proc root. */
static int read_num(const struct procfs *p, const char *rel, const char *key,
		    long *v)
{
	char *buf, *at;
	int ret = procfs_read_file(p, rel, 1 << 16, &buf, NULL);

	if (ret < 0)
		return ret;
	at = key ? strstr(buf, key) : buf;
	ret = at && sscanf(at + (key ? strlen(key) : 0), "%ld", v) == 1 ?
		      0 : -EINVAL;
	free(buf);
	return ret;
}

void unwind_explain(const struct procfs *p, pid_t pid, int err, char *why,
		    size_t n)
{
	char rel[64];
	long tracer = 0, scope = 0;

	snprintf(rel, sizeof(rel), "%d/status", (int)pid);
	if (err == -ENOTSUP) {
		snprintf(why, n, "--stacks: vmaview was built without libunwind");
	} else if (err == -EINTR) {
		snprintf(why, n, "--stacks: interrupted by a signal");
	} else if (err == -ESRCH) {
		snprintf(why, n, "--stacks: the process exited");
	} else if (err == -EPERM && pid == getpid()) {
		snprintf(why, n, "--stacks: cannot ptrace: vmaview cannot trace itself");
	} else if (err != -EPERM) {
		snprintf(why, n, "--stacks: cannot ptrace: %s", strerror(-err));
	} else if (read_num(p, rel, "\nTracerPid:", &tracer) == 0 && tracer) {
		snprintf(why, n,
			 "--stacks: cannot ptrace: already traced by process %ld",
			 tracer);
	} else if (read_num(p, "sys/kernel/yama/ptrace_scope", NULL,
			    &scope) == 0 && scope > 0) {
		snprintf(why, n,
			 "--stacks: cannot ptrace: %s (Yama ptrace_scope is %ld: "
			 "see /proc/sys/kernel/yama/ptrace_scope)",
			 strerror(-err), scope);
	} else {
		snprintf(why, n,
			 "--stacks: cannot ptrace: %s (another user's process, "
			 "or no CAP_SYS_PTRACE)",
			 strerror(-err));
	}
}
