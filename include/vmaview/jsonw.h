/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - jsonw.h: small streaming JSON writer (bpftool's API shape) */
#ifndef VMAVIEW_JSONW_H
#define VMAVIEW_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The writer streams to a FILE *; it holds only a nesting stack, never the
 * document. Strings are bytes: every byte below 0x20, '"' and '\\' is
 * escaped (\n \t \r \b \f as such, the rest as \u00XX), DEL as \u007f, and
 * each invalid UTF-8 sequence becomes U+FFFD, so the output is always valid
 * UTF-8 and valid JSON whatever the input holds. Callers that need the
 * exact bytes of an invalid string emit them separately with jw_hexbytes().
 */
struct jsonw;

struct jsonw *jw_new(FILE *out, bool pretty);
/* Ends the writer; returns 0, or -EINVAL if objects/arrays are still open. */
int jw_destroy(struct jsonw *w);

void jw_obj_start(struct jsonw *w);
void jw_obj_end(struct jsonw *w);
void jw_arr_start(struct jsonw *w);
void jw_arr_end(struct jsonw *w);
/* Key of the next member; only valid directly inside an object. */
void jw_key(struct jsonw *w, const char *key);

void jw_str(struct jsonw *w, const char *s);
void jw_strn(struct jsonw *w, const char *s, size_t len);
void jw_u64(struct jsonw *w, uint64_t v);
void jw_i64(struct jsonw *w, int64_t v);
void jw_bool(struct jsonw *w, bool v);
void jw_null(struct jsonw *w);
/* "0x..." lower-case hex string, for addresses and raw 64-bit words. */
void jw_hex(struct jsonw *w, uint64_t v);
/* The bytes as a lower-case hex string without prefix ("2f746d70"). */
void jw_hexbytes(struct jsonw *w, const void *buf, size_t len);

/* key + value shortcuts */
void jw_str_field(struct jsonw *w, const char *key, const char *s);
void jw_strn_field(struct jsonw *w, const char *key, const char *s, size_t len);
void jw_u64_field(struct jsonw *w, const char *key, uint64_t v);
void jw_i64_field(struct jsonw *w, const char *key, int64_t v);
void jw_bool_field(struct jsonw *w, const char *key, bool v);
void jw_hex_field(struct jsonw *w, const char *key, uint64_t v);


#endif
