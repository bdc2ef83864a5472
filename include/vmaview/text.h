/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - text.h: bytes as text: UTF-8 decoding, numbers in decimal and hex */
#ifndef VMAVIEW_TEXT_H
#define VMAVIEW_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The length (1..4) of the well-formed UTF-8 sequence at buf, with its code
 * point in *cp, or 0 (overlong, surrogate, above U+10FFFF, truncated).
 */
size_t utf8_decode(const char *buf, size_t len, uint32_t *cp);
/* true when buf[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *buf, size_t len);

/* Longest fmt_u64() output, with its NUL (20 decimal digits). */
#define FMT_U64_MAX 21

/*
 * v in base 10 or 16 (lower case, no prefix) at buf, NUL-terminated;
 * returns the end (where the NUL is). buf holds FMT_U64_MAX bytes.
 */
char *fmt_u64(char *buf, uint64_t v, unsigned int base);
/* The byte c as two lower-case hex digits at q (no NUL); returns q + 2. */
char *fmt_hex2(char *q, unsigned char c);

/*
 * A 64-bit hex number, "0x" or not, from the len bytes at s (an address,
 * a raw word): no sign, no leading space, nothing after it. 0 or -EINVAL.
 */
int hex_parse(const char *s, size_t len, uint64_t *out);

/*
 * A path inside a snapshot tree: relative, at most 255 bytes, components of
 * [A-Za-z0-9._-] and none empty, "." or "..".
 */
bool text_relpath_ok(const char *s);

#endif
