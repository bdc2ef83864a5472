/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - handoff.c: hand page batches to a second thread (walk || format) */
#include "vmaview/handoff.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/xalloc.h"

struct handoff {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	fscan_fn fn;
	void *arg;
	struct page_info *buf;
	size_t cap, n;
	bool busy, quit;
	int result;     /* first nonzero fn result, sticky */
};

static void *worker(void *p)
{
	struct handoff *h = p;

	pthread_mutex_lock(&h->lock);
	for (;;) {
		int r;

		while (!h->busy && !h->quit)
			pthread_cond_wait(&h->cond, &h->lock);
		if (!h->busy)
			break;
		pthread_mutex_unlock(&h->lock);
		r = h->result ? 0 : h->fn(h->buf, h->n, h->arg);
		pthread_mutex_lock(&h->lock);
		if (r && !h->result)
			h->result = r;
		h->busy = false;
		pthread_cond_broadcast(&h->cond);
	}
	pthread_mutex_unlock(&h->lock);
	return NULL;
}

struct handoff *handoff_new(size_t cap, fscan_fn fn, void *arg)
{
	struct handoff *h;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	h->fn = fn;
	h->arg = arg;
	h->cap = cap;
	h->buf = xmalloc(cap * sizeof(*h->buf));
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->cond, NULL);
	if (pthread_create(&h->thread, NULL, worker, h)) {
		pthread_mutex_destroy(&h->lock);
		pthread_cond_destroy(&h->cond);
		free(h->buf);
		free(h);
		return NULL;
	}
	return h;
}

int handoff_sync(struct handoff *h)
{
	int r;

	pthread_mutex_lock(&h->lock);
	while (h->busy)
		pthread_cond_wait(&h->cond, &h->lock);
	r = h->result;
	pthread_mutex_unlock(&h->lock);
	return r;
}

int handoff_push(struct handoff *h, const struct page_info *pg, size_t n)
{
	int r = handoff_sync(h);

	if (r || !n)
		return r;
	if (n > h->cap)
		abort(); /* a programming error: batches are at most cap */
	memcpy(h->buf, pg, n * sizeof(*pg));
	pthread_mutex_lock(&h->lock);
	h->n = n;
	h->busy = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	return 0;
}

void handoff_free(struct handoff *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->lock);
	while (h->busy)
		pthread_cond_wait(&h->cond, &h->lock);
	h->quit = true;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->lock);
	pthread_join(h->thread, NULL);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->cond);
	free(h->buf);
	free(h);
}
