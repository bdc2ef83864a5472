/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - stacks.c: which VMA holds each thread's stack and runs its frames, for show */
#include "vmaview/stacks.h"

#include <stdlib.h>
#include <string.h>

#include "vmaview/xalloc.h"

uint64_t stacks_frame_site(const struct uw_thread *t, size_t i)
{
	/* a return address may be the first byte after the call's VMA */
	return i ? t->f[i].ip - 1 : t->f[i].ip;
}

static bool has_sp(const struct uw_process *up, pid_t tid)
{
	for (size_t i = 0; i < up->n; i++)
		if (up->t[i].tid == tid)
			return up->t[i].has_sp;
	return false;
}

void stacks_collect(struct proc_stacks *ps, const struct procfs *p, pid_t pid,
		    bool unwind)
{
	struct tid_index proc = { 0 };

	memset(ps, 0, sizeof(*ps));
	if (unwind) {
		ps->unwound = true;
		unwind_process(p, pid, &ps->up);
		for (size_t i = 0; i < ps->up.n; i++) {
			const struct uw_thread *t = &ps->up.t[i];

			if (t->has_sp)
				tid_index_add(&ps->sps, t->sp, t->tid);
			for (size_t j = 0; j < t->nf; j++)
				tid_index_add(&ps->ips, stacks_frame_site(t, j),
					      t->tid);
		}
		tid_index_sort(&ps->ips);
	}
	/* the kernel's word for threads that were not unwound */
	if (threads_read_sps(p, pid, &proc) > 0)
		for (size_t i = 0; i < proc.n; i++)
			if (!has_sp(&ps->up, proc.v[i].tid))
				tid_index_add(&ps->sps, proc.v[i].addr,
					      proc.v[i].tid);
	tid_index_free(&proc);
	tid_index_sort(&ps->sps);
}

void stacks_mark(struct proc_stacks *ps, struct vma *v)
{
	size_t first, n;

	n = tid_index_range(&ps->sps, v->start, v->end, &first);
	v->stack_at = n ? &ps->sps.v[first] : NULL;
	v->nstack = n;
	if (n && v->kind == VMA_KIND_ANON && !v->name_len)
		v->kind = VMA_KIND_STACK; /* named [stack:TID] in tables */
	if (!ps->unwound)
		return;
	v->has_frame_tids = true;
	n = tid_index_range(&ps->ips, v->start, v->end, &first);
	v->frame_at = n ? &ps->ips.v[first] : NULL;
	v->nframe = n;
	if (ps->nspans == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 256;
		ps->spans = xreallocarray(ps->spans, ps->cap, sizeof(*ps->spans));
	}
	ps->spans[ps->nspans++] = (struct vma_span){
		.start = v->start, .end = v->end,
		.name = xstrdup(v->name ? v->name : ""),
	};
}

const struct vma_span *stacks_span_of(const struct proc_stacks *ps,
				      uint64_t addr)
{
	size_t lo = 0, hi = ps->nspans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ps->spans[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ps->nspans && ps->spans[lo].start <= addr)
		return &ps->spans[lo];
	return NULL;
}

void stacks_free(struct proc_stacks *ps)
{
	tid_index_free(&ps->sps);
	tid_index_free(&ps->ips);
	uw_process_free(&ps->up);
	for (size_t i = 0; i < ps->nspans; i++)
		free(ps->spans[i].name);
	free(ps->spans);
	memset(ps, 0, sizeof(*ps));
}
