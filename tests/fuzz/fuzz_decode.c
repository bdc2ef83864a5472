/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - fuzz_decode.c: fuzz target: `vmaview decode` input: hex values and the page-table decoders */
#include "fuzz.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "vmaview/flagtab.h"
#include "vmaview/jsonw.h"
#include "vmaview/ptdesc.h"
#include "vmaview/ptmodel.h"
#include "vmaview/text.h"

static FILE *devnull;

/* What hex_parse() accepts: [0x]HEXDIGITS, nothing else. */
static bool plain_hex(const char *s, size_t len)
{
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
	}
	if (!len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

static void check_desc(const struct pt_desc *d, int level)
{
	FUZZ_CHECK(d->nf <= PT_MAX_FIELDS);
	FUZZ_CHECK(d->level == level);
	FUZZ_CHECK(d->kind <= PTK_NONE);
	FUZZ_CHECK(memchr(d->vocab, '\0', sizeof(d->vocab)));
	for (size_t i = 0; i < d->nf; i++) {
		FUZZ_CHECK(d->f[i].name && *d->f[i].name);
		FUZZ_CHECK(memchr(d->f[i].text, '\0', sizeof(d->f[i].text)));
		FUZZ_CHECK(d->f[i].prov <= PV_UNKNOWN);
	}
}

static void decode(const struct pt_config *c, uint64_t v, int level)
{
	const struct pt_ops *ops = pt_ops_for(c->arch);
	struct pt_desc d;
	struct jsonw *w;

	memset(&d, 0, sizeof(d));
	ops->decode(c, v, level, &d);
	check_desc(&d, level);
	/* as `decode` prints it: the field table and the JSON */
	ptdesc_print(devnull, &d, true, "  ");
	w = jw_new(devnull, false);
	ptdesc_json(w, &d, true);
	FUZZ_CHECK(jw_destroy(w) == 0);
	/* decode --kind pagemap / kpageflags of the same value */
	FUZZ_CHECK(flagtab_format(&flagtab_pagemap, v, true, FLAG_FMT_BOTH,
				  NULL, 0) < FLAGTAB_FMT_MAX);
	FUZZ_CHECK(flagtab_format(&flagtab_kpageflags, v, true, FLAG_FMT_BOTH,
				  NULL, 0) < FLAGTAB_FMT_MAX);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned shifts[] = { 12, 14, 16 };
	struct pt_config c;
	char buf[FMT_U64_MAX];
	const char *s;
	size_t len;
	uint64_t v, again;
	int level;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	/*
	 * Bytes 0-4: the model (arch, granule, VA bits, kernel version,
	 * level), as --arch, --page-size, --va-bits, --kernel, --level give
	 * it; the rest: the value as typed on the command line.
	 */
	if (size < 5)
		return 0;
	memset(&c, 0, sizeof(c));
	c.arch = data[0] & 1 ? PT_ARM64 : PT_X86_64;
	c.page_shift = c.arch == PT_ARM64 ? shifts[(data[0] >> 1) % 3] : 12;
	c.va_bits = c.arch == PT_ARM64 ? 36 + data[1] % 17 :
					 (data[1] & 1 ? 57 : 48);
	c.kver = PT_KVER(data[2] % 8, data[3]);
	c.epan = data[0] & 8;
	c.levels = pt_levels(c.arch, c.page_shift, c.va_bits);
	/* the layouts vv_pt_config() lets through */
	if (!c.levels || c.levels > 5)
		return 0;
	c.pa52 = c.arch == PT_ARM64 && c.va_bits == 52;
	level = data[4] % c.levels;
	s = (const char *)data + 5;
	len = size - 5;
	if (hex_parse(s, len, &v) == 0) {
		/* only [0x]digits is a value, and it prints back the same */
		FUZZ_CHECK(plain_hex(s, len));
		fmt_u64(buf, v, 16);
		FUZZ_CHECK(hex_parse(buf, strlen(buf), &again) == 0 &&
			   again == v);
		decode(&c, v, level);
	}
	/* the raw bytes as a word too, whatever they say as text */
	if (len >= 8) {
		memcpy(&v, s, sizeof(v));
		decode(&c, v, level);
	}
	return 0;
}
