/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - readahead.h: a thread that reads a file ahead of its parser */
#ifndef VMAVIEW_READAHEAD_H
#define VMAVIEW_READAHEAD_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Reading smaps is kernel time (seq_file builds each VMA's block as it is
 * read), parsing it is user time: with a second CPU the two overlap. The
 * reader thread does read(2) on fd into a ring of chunks, in order; the
 * parser takes them with ra_read(), which behaves as read(2) would have.
 */
struct readahead;

/* Starts reading fd ahead; NULL when there is one CPU or no thread. */
struct readahead *ra_start(int fd);
/* As read(2) on the fd: bytes, 0 at the end, -1 with errno. */
ssize_t ra_read(struct readahead *ra, void *buf, size_t n);
/* Stops the thread (it may be ahead) and frees ra; fd stays open. */
void ra_stop(struct readahead *ra);

#endif
