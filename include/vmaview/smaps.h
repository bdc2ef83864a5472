/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - smaps.h: parsers for /proc/PID/maps and smaps, one VMA at a time */
#ifndef VMAVIEW_SMAPS_H
#define VMAVIEW_SMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "vmaview/procfs.h"
#include "vmaview/vma.h"

/*
 * Pure line parsers (no trailing newline in line[0..len)). They return 0 or
 * -EINVAL and point *why at a static reason. maps_parse_line rejects NUL
 * bytes itself; smaps_parse_field relies on the reader having done so.
 */
bool smaps_is_header(const char *line, size_t len);
int maps_parse_line(const char *line, size_t len, struct vma *v,
		    const char **why);
int smaps_parse_field(const char *line, size_t len, struct vma *v,
		      const char **why);

/*
 * Streaming reader over maps (smaps = false) or smaps (smaps = true): each
 * smaps_next() yields one VMA with its fields. Memory stays bounded by one
 * VMA whatever the file size.
 */
struct readahead;

struct smaps_reader {
	int fd;
	struct readahead *ra; /* reads smaps ahead on a second CPU, or NULL */
	char *path;          /* "ROOT/PID/smaps" for messages */
	char *buf;           /* lines are parsed in place in buf */
	size_t cap, pos, fill;
	bool eof;
	bool has_nul;        /* a NUL byte was read: lines are checked */
	char *line;          /* the current line, NUL-terminated, in buf */
	unsigned long lineno;
	bool smaps;
	bool pending;        /* hdr holds a parsed header not yet returned */
	bool any;            /* at least one header seen */
	uint64_t last_end;
	struct vma hdr;
	char err[512];       /* "file:line: reason" after an error */
};

/* 0 or -errno (the open failed; nothing in err). */
int smaps_open(struct smaps_reader *r, const struct procfs *p, pid_t pid,
	       bool smaps);
/*
 * 1: *v holds the next VMA (caller owns it: vma_clear()), 0: end of file,
 * -EINVAL: malformed input (r->err says where), other -errno: read error.
 */
int smaps_next(struct smaps_reader *r, struct vma *v);
void smaps_close(struct smaps_reader *r);

#endif
