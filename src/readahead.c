/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - readahead.c: a thread that reads a file ahead of its parser */
#include "vmaview/readahead.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmaview/xalloc.h"

#define NSLOT 32
#define SLOT  (16 << 10)
#define WAKE  8    /* filled slots that wake a waiting parser */

struct slot {
	ssize_t n;       /* read(2)'s result */
	int err;         /* its errno when n < 0 */
	size_t off;      /* consumed so far */
	char data[SLOT];
};

struct readahead {
	int fd;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t filled, freed;
	unsigned head, tail;  /* slots [tail, head) are filled */
	bool stop, done;      /* done: the reader has read its last */
	bool cwait, pwait;    /* who sleeps: consumer, producer */
	struct slot slot[NSLOT];
};

static void *reader(void *arg)
{
	struct readahead *ra = arg;

	for (;;) {
		struct slot *s;
		ssize_t n;

		pthread_mutex_lock(&ra->lock);
		while (!ra->stop && ra->head - ra->tail == NSLOT) {
			ra->pwait = true;
			pthread_cond_wait(&ra->freed, &ra->lock);
		}
		ra->pwait = false;
		if (ra->stop) {
			pthread_mutex_unlock(&ra->lock);
			break;
		}
		s = &ra->slot[ra->head % NSLOT];
		pthread_mutex_unlock(&ra->lock);
		do
			n = read(ra->fd, s->data, SLOT);
		while (n < 0 && errno == EINTR);
		s->err = n < 0 ? errno : 0;
		s->n = n;
		s->off = 0;
		pthread_mutex_lock(&ra->lock);
		ra->head++;
		if (n <= 0)
			ra->done = true;
		/* a sleeping parser is woken for a batch, not each chunk */
		if (ra->cwait && (ra->head - ra->tail >= WAKE || n <= 0))
			pthread_cond_signal(&ra->filled);
		pthread_mutex_unlock(&ra->lock);
		if (n <= 0)
			break;
	}
	return NULL;
}

struct readahead *ra_start(int fd)
{
	struct readahead *ra;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return NULL;
	ra = xcalloc(1, sizeof(*ra));
	ra->fd = fd;
	pthread_mutex_init(&ra->lock, NULL);
	pthread_cond_init(&ra->filled, NULL);
	pthread_cond_init(&ra->freed, NULL);
	if (pthread_create(&ra->thread, NULL, reader, ra)) {
		pthread_mutex_destroy(&ra->lock);
		pthread_cond_destroy(&ra->filled);
		pthread_cond_destroy(&ra->freed);
		free(ra);
		return NULL;
	}
	return ra;
}

ssize_t ra_read(struct readahead *ra, void *buf, size_t n)
{
	struct slot *s;
	size_t k;

	pthread_mutex_lock(&ra->lock);
	while (ra->head == ra->tail) {
		ra->cwait = true;
		pthread_cond_wait(&ra->filled, &ra->lock);
	}
	ra->cwait = false;
	pthread_mutex_unlock(&ra->lock);
	s = &ra->slot[ra->tail % NSLOT];
	if (s->n <= 0) {
		/* the end or an error stays in its slot: read(2) repeats it */
		errno = s->err;
		return s->n < 0 ? -1 : 0;
	}
	k = (size_t)s->n - s->off;
	if (k > n)
		k = n;
	memcpy(buf, s->data + s->off, k);
	s->off += k;
	if (s->off == (size_t)s->n) {
		pthread_mutex_lock(&ra->lock);
		ra->tail++;
		if (ra->pwait)
			pthread_cond_signal(&ra->freed);
		pthread_mutex_unlock(&ra->lock);
	}
	return (ssize_t)k;
}

void ra_stop(struct readahead *ra)
{
	if (!ra)
		return;
	pthread_mutex_lock(&ra->lock);
	ra->stop = true;
	pthread_cond_signal(&ra->freed);
	pthread_mutex_unlock(&ra->lock);
	pthread_join(ra->thread, NULL);
	pthread_mutex_destroy(&ra->lock);
	pthread_cond_destroy(&ra->filled);
	pthread_cond_destroy(&ra->freed);
	free(ra);
}
