/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - snapshot_int.h: the snapshot writer's state, shared by snapshot.c and snapshot_frames.c */
#ifndef VMAVIEW_SNAPSHOT_INT_H
#define VMAVIEW_SNAPSHOT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmaview/procfs.h"
#include "vmaview/snapshot.h"

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
	bool pfns_hidden;         /* pagemap gave PFN 0 (no CAP_SYS_ADMIN) */
	int werr;                 /* a write failed: -errno */
	char wfile[80];           /* ... of this file */
};

/* "vmaview: ..." on stderr */
void snap_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* write(2) (off < 0) or pwrite(2) all of buf: 0 or -errno */
int snap_write_all(int fd, const void *buf, size_t n, off_t off);
/* remembers the first write error and its file */
void snap_werror(struct snap *s, const char *rel, int err);
/* says the remembered write error; -1 */
int snap_report_werr(struct snap *s);
/* creates REL in the snapshot: an fd, or -1 (reported) */
int snap_create(struct snap *s, const char *rel);
/* fsync, size for the metadata, close: 0 or -1 (reported) */
int snap_finish(struct snap *s, int fd, const char *rel);
/* pagemap of the mapped ranges, kpageflags and kpagecount of their frames,
 * as sparse files at their real offsets: 0 or -1 (reported) */
int snap_capture_frames(struct snap *s, bool no_scan);

#endif
