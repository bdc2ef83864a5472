/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - unwind_none.c: --stacks in a build without libunwind: says so, never ptraces */
#include "vmaview/unwind.h"

#include <errno.h>
#include <string.h>

bool unwind_available(void)
{
	return false;
}

int unwind_process(const struct procfs *p, pid_t pid, struct uw_process *up)
{
	memset(up, 0, sizeof(*up));
	up->err = -ENOTSUP;
	unwind_explain(p, pid, up->err, up->why, sizeof(up->why));
	return up->err;
}
