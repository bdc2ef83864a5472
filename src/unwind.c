/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - unwind.c: each thread's call stack, through ptrace and libunwind (--stacks) */
#include "vmaview/unwind.h"

#include <errno.h>
#include <inttypes.h>
#include <libunwind-ptrace.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/seize.h"
#include "vmaview/xalloc.h"

#define MAX_FRAMES 256
#define STOP_MS 2000 /* how long a thread may take to stop */

bool unwind_available(void)
{
	return true;
}

static void push_frame(struct uw_thread *t, uint64_t ip, char *sym)
{
	if ((t->nf & (t->nf - 1)) == 0) /* 0, 1, 2, 4...: grow */
		t->f = xreallocarray(t->f, t->nf ? t->nf * 2 : 1, sizeof(*t->f));
	t->f[t->nf++] = (struct uw_frame){ .ip = ip, .sym = sym };
}

/* The frames of one stopped thread. */
static void unwind_thread(unw_addr_space_t as, struct uw_thread *t)
{
	void *upt = _UPT_create(t->tid);
	unw_cursor_t c;
	unw_word_t ip, sp, off;
	char name[512];
	int r;

	if (!upt) {
		t->error = "out of memory (libunwind)";
		return;
	}
	r = unw_init_remote(&c, as, upt);
	if (r < 0) {
		t->error = "cannot read the registers (unw_init_remote)";
		_UPT_destroy(upt);
		return;
	}
	if (unw_get_reg(&c, UNW_REG_SP, &sp) == 0) {
		t->sp = (uint64_t)sp;
		t->has_sp = true;
	}
	do {
		char *sym = NULL;

		if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || !ip)
			break;
		r = unw_get_proc_name(&c, name, sizeof(name), &off);
		if ((r == 0 || r == -UNW_ENOMEM) && name[0])
			sym = xasprintf("%s+0x%" PRIx64, name, (uint64_t)off);
		push_frame(t, (uint64_t)ip, sym);
	} while (t->nf < MAX_FRAMES && unw_step(&c) > 0);
	_UPT_destroy(upt);
}

static char *thread_comm(const struct procfs *p, pid_t pid, pid_t tid)
{
	char rel[96], *buf;
	size_t n;

	snprintf(rel, sizeof(rel), "%d/task/%d/comm", (int)pid, (int)tid);
	if (procfs_read_file(p, rel, 4096, &buf, &n) < 0)
		return NULL;
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return buf;
}

int unwind_process(const struct procfs *p, pid_t pid, struct uw_process *up)
{
	struct seize s;
	int ret;

	memset(up, 0, sizeof(*up));
	ret = seize_all(&s, p, pid, STOP_MS);
	if (ret == 0) {
		unw_addr_space_t as = unw_create_addr_space(&_UPT_accessors, 0);

		if (as)
			unw_set_caching_policy(as, UNW_CACHE_GLOBAL);
		up->t = xcalloc(s.n ? s.n : 1, sizeof(*up->t));
		for (size_t i = 0; i < s.n; i++) {
			struct uw_thread *t = &up->t[up->n];

			if (s.t[i].state == SEIZE_GONE)
				continue;
			up->n++;
			t->tid = s.t[i].tid;
			t->comm = thread_comm(p, pid, t->tid);
			if (s.t[i].state != SEIZE_STOPPED)
				t->error = "did not stop (uninterruptible sleep?)";
			else if (seize_interrupted())
				t->error = "not unwound: vmaview got a signal";
			else if (!as)
				t->error = "out of memory (libunwind)";
			else
				unwind_thread(as, t);
		}
		if (as)
			unw_destroy_addr_space(as);
	}
	/* detaches, then lets pending signals in */
	up->undetached = seize_release(&s);
	if (ret < 0) {
		up->err = ret;
		unwind_explain(p, pid, ret, up->why, sizeof(up->why));
	}
	return ret;
}
