/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - tabw.h: aligned, raw and KEY="value" tables, cell escaping */
#ifndef VMAVIEW_TABW_H
#define VMAVIEW_TABW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The formats and escapes follow util-linux's libsmartcols (lsblk -r/-P)
 * so scripts written for those read ours, but the writer stores a table as
 * one arena of encoded cells: 30,000 rows cost one pass to measure and one
 * to print (libsmartcols' per-cell width and encoding work cost more than
 * the kernel's generation of smaps itself; see README "Performance").
 *
 * Escapes (every mode): bytes below 0x20, DEL, C1 controls and invalid
 * UTF-8 become \xHH; a backslash followed by 'x' becomes \x5c so the
 * escapes stay unambiguous. Multibyte characters are kept only in a UTF-8
 * locale. Raw mode also escapes space and every backslash; pairs mode
 * escapes '"' and every backslash.
 */
enum tabw_mode { TABW_TABLE, TABW_RAW, TABW_PAIRS };

struct tabw;

struct tabw *tabw_new(FILE *out, enum tabw_mode mode, bool noheadings);
void tabw_free(struct tabw *t);
/* Columns first, then rows; right: right-aligned (numbers). */
void tabw_column(struct tabw *t, const char *header, bool right);
/* Appends a cell to the current row; a row ends after the last column. */
void tabw_cell(struct tabw *t, const char *s, size_t len);
/* Prints the header (unless noheadings) and the rows; empties the table. */
void tabw_print(struct tabw *t);

/*
 * Encodes s[0..len) for mode into buf (at least 4 * len + 1 bytes); returns
 * the encoded length and stores the display width in *width.
 */
size_t tabw_encode(enum tabw_mode mode, const char *s, size_t len, char *buf,
		   size_t *width);

#endif
