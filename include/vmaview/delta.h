/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - delta.h: --interval: what changed between two samples of a view */
#ifndef VMAVIEW_DELTA_H
#define VMAVIEW_DELTA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Rows are known by a key (e.g. "PID\tkind") and compared by one value
 * (resident bytes). A row is added ('+') when the last sample did not
 * have its key, changed ('~') when its value differs, the same (' ')
 * otherwise; the keys of the last sample this one lacks are removed
 * ('-'), and come back with the cells they were printed with. In the
 * first sample every row is ' ' with a delta of 0.
 */
struct delta;

struct delta *delta_new(void);
void delta_free(struct delta *d);
/* Sample number, from 1; 0 before the first delta_begin(). */
unsigned delta_sample(const struct delta *d);
/* Starts a sample: the rows of the previous one become the old ones. */
void delta_begin(struct delta *d);
/*
 * A row of the current sample: returns its marker and sets *diff (value
 * minus the old value; the value itself for an added row). cells
 * (ncells strings) are kept for when the row is removed.
 */
char delta_row(struct delta *d, const char *key, uint64_t value,
	       const char *const *cells, size_t ncells, int64_t *diff);
/*
 * delta_row() for a row that has a second value (e.g. its size): '~' when
 * either value differs; *diff is still of value only.
 */
char delta_row_aux(struct delta *d, const char *key, uint64_t value,
		   uint64_t aux, const char *const *cells, size_t ncells,
		   int64_t *diff);
/*
 * The next removed row whose key starts with prefix (e.g. one process's
 * rows, "PID\t"), once all of the current sample's rows under that prefix
 * are in; *pos is a cursor, 0 at first. A row taken so is not listed by
 * delta_removed() afterwards. False when there is no more.
 */
bool delta_take_removed(struct delta *d, const char *prefix, size_t *pos,
			const char **key, uint64_t *value,
			const char *const **cells, size_t *ncells);
/*
 * The i-th removed row of this sample (0..): false past the last. The
 * list is made at the first call of a sample, without the rows taken.
 */
bool delta_removed(const struct delta *d, size_t i, const char **key,
		   uint64_t *value, const char *const **cells, size_t *ncells);
/* "+4K", "-1.5M", "0" (bytes: exact numbers) */
char *delta_format(int64_t diff, bool bytes, char *buf, size_t n);

#endif
