/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - handoff.h: hand page batches to a second thread (walk || format) */
#ifndef VMAVIEW_HANDOFF_H
#define VMAVIEW_HANDOFF_H

#include <stddef.h>

#include "vmaview/frames.h"

/*
 * While the walker reads the next batch of pages (kernel time), a second
 * thread runs fn on the previous one (formatting: user time). One batch is
 * in flight: handoff_push() waits for the last to be done, copies the new
 * one and returns at once. Batches reach fn in order.
 */
struct handoff;

/* NULL when there is one CPU or no thread: call fn directly then. */
struct handoff *handoff_new(size_t cap, fscan_fn fn, void *arg);
/* Queues a copy of pg[0..n) (n <= cap); returns the first nonzero fn result. */
int handoff_push(struct handoff *h, const struct page_info *pg, size_t n);
/* Waits until fn is done with everything pushed; the same result. */
int handoff_sync(struct handoff *h);
void handoff_free(struct handoff *h);

#endif
