/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - out_stacks.c: --stacks: each thread's frames, after its process's VMAs (JSON and table) */
#include "vmaview/output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/jsonw.h"
#include "vmaview/stacks.h"
#include "vmaview/tabw.h"
#include "vmaview/xalloc.h"

/* "threads": [{"tid", "comm", "sp", "stack_vma", "frames": [...]}] */
void json_threads(struct jsonw *w, const struct proc_stacks *ps)
{
	jw_key(w, "threads");
	jw_arr_start(w);
	for (size_t i = 0; i < ps->up.n; i++) {
		const struct uw_thread *t = &ps->up.t[i];
		const struct vma_span *sv;

		jw_obj_start(w);
		jw_u64_field(w, "tid", (uint64_t)t->tid);
		if (t->comm)
			jw_str_field(w, "comm", t->comm);
		else
			jw_key(w, "comm"), jw_null(w);
		jw_key(w, "sp");
		if (t->has_sp)
			jw_hex(w, t->sp);
		else
			jw_null(w);
		sv = t->has_sp ? stacks_span_of(ps, t->sp) : NULL;
		jw_key(w, "stack_vma");
		if (sv)
			jw_hex(w, sv->start);
		else
			jw_null(w);
		jw_key(w, "frames");
		jw_arr_start(w);
		for (size_t j = 0; j < t->nf; j++) {
			sv = stacks_span_of(ps, stacks_frame_site(t, j));
			jw_obj_start(w);
			jw_hex_field(w, "address", t->f[j].ip);
			jw_key(w, "vma");
			if (sv)
				jw_hex(w, sv->start);
			else
				jw_null(w);
			jw_key(w, "symbol");
			if (t->f[j].sym)
				jw_str(w, t->f[j].sym);
			else
				jw_null(w);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		if (t->error)
			jw_str_field(w, "error", t->error);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* Text with its control bytes and invalid UTF-8 escaped, as in tables. */
static void put_escaped(FILE *out, const char *s)
{
	size_t len = strlen(s), width;
	char *buf = xmalloc(len * 4 + 1);

	len = tabw_encode(TABW_TABLE, s, len, buf, &width);
	fwrite(buf, 1, len, out);
	free(buf);
}

/*
 * After the table, one block per thread:
 *   thread 1234 (mapper-w1), stack 7f..-7f.. [stack:1234]:
 *     #0  7f0123456789  clock_nanosleep+0x45  /usr/lib/.../libc.so.6
 */
void table_threads(FILE *out, const struct proc_stacks *ps)
{
	for (size_t i = 0; i < ps->up.n; i++) {
		const struct uw_thread *t = &ps->up.t[i];
		const struct vma_span *sv;

		fprintf(out, "\nthread %d (", (int)t->tid);
		put_escaped(out, t->comm ? t->comm : "?");
		fputc(')', out);
		sv = t->has_sp ? stacks_span_of(ps, t->sp) : NULL;
		if (sv) {
			fprintf(out, ", stack %" PRIx64 "-%" PRIx64 " ", sv->start,
				sv->end);
			if (sv->name[0])
				put_escaped(out, sv->name);
			else
				fprintf(out, "[stack:%d]", (int)t->tid);
		}
		if (t->error) {
			fputs(": ", out);
			put_escaped(out, t->error);
		}
		fputs(t->nf ? ":\n" : "\n", out);
		for (size_t j = 0; j < t->nf; j++) {
			sv = stacks_span_of(ps, stacks_frame_site(t, j));
			fprintf(out, "  #%-3zu %16" PRIx64 "  ", j, t->f[j].ip);
			put_escaped(out, t->f[j].sym ? t->f[j].sym : "??");
			if (sv && sv->name[0]) {
				fputs("  ", out);
				put_escaped(out, sv->name);
			}
			fputc('\n', out);
		}
	}
}
