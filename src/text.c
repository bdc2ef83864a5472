/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - text.c: bytes as text: UTF-8 decoding, numbers in decimal and hex */
#include "vmaview/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char hexdigits[] = "0123456789abcdef";

size_t utf8_decode(const char *buf, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t n;
	uint32_t c = s[0];

	if (c < 0x80)
		n = 1;
	else if (c >= 0xc2 && c <= 0xdf)
		n = 2, c &= 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, c &= 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, c &= 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

bool utf8_valid(const char *buf, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		n = utf8_decode(buf + i, len - i, &cp);
		if (!n)
			return false;
		i += n;
	}
	return true;
}

char *fmt_u64(char *buf, uint64_t v, unsigned int base)
{
	char tmp[FMT_U64_MAX], *p = tmp + sizeof(tmp);
	size_t len;

	/* constant divisors: the compiler turns them into shifts and multiplies */
	if (base == 16) {
		do {
			*--p = hexdigits[v & 15];
			v >>= 4;
		} while (v);
	} else if (base == 10) {
		do {
			*--p = (char)('0' + v % 10);
			v /= 10;
		} while (v);
	} else {
		do {
			*--p = hexdigits[v % base];
			v /= base;
		} while (v);
	}
	len = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf + len;
}

char *fmt_hex2(char *q, unsigned char c)
{
	q[0] = hexdigits[c >> 4];
	q[1] = hexdigits[c & 15];
	return q + 2;
}

int hex_parse(const char *s, size_t len, uint64_t *out)
{
	char buf[32], *end;

	if (!len || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	/*
	 * Digits only, after an optional 0x: strtoull() alone skips any
	 * leading white space and takes a sign after it ("\t-1" was
	 * 0xffffffffffffffff), and stops at a NUL byte within len (found by
	 * tests/fuzz/fuzz_decode).
	 */
	for (size_t i = len > 2 && buf[0] == '0' && (buf[1] | 0x20) == 'x' ?
				2 : 0;
	     i < len; i++)
		if (!isxdigit((unsigned char)buf[i]))
			return -EINVAL;
	errno = 0;
	*out = strtoull(buf, &end, 16);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

bool text_relpath_ok(const char *s)
{
	size_t n = 0;

	if (!*s || strlen(s) > 255)
		return false;
	for (const char *c = s;; c++) {
		if (*c == '/' || !*c) {
			if (!n || (n == 1 && c[-1] == '.') ||
			    (n == 2 && c[-1] == '.' && c[-2] == '.'))
				return false;
			if (!*c)
				return true;
			n = 0;
			continue;
		}
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' ||
		      *c == '-'))
			return false;
		n++;
	}
}
