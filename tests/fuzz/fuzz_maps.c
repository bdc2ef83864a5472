/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - fuzz_maps.c: fuzz target: /proc/PID/maps lines and the maps reader */
#include "fuzz.h"

#include <errno.h>
#include <string.h>

#include "vmaview/jsonw.h"
#include "vmaview/smaps.h"
#include "vmaview/tabw.h"
#include "vmaview/text.h"

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' :
	       c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/*
 * A name as the tables print it (tabw.h): no control byte, and the escapes
 * decode back to exactly the name. In every mode "\xHH" is an escape; in
 * raw and pairs modes every backslash starts one.
 */
static void check_cell(enum tabw_mode mode, const char *s, size_t len)
{
	char *enc = malloc(4 * len + 1), *dec = malloc(len + 1);
	size_t width, n = tabw_encode(mode, s, len, enc, &width), m = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)enc[i];

		FUZZ_CHECK(c >= 0x20 && c != 0x7f);
		FUZZ_CHECK(mode != TABW_RAW || c != ' ');
		FUZZ_CHECK(mode != TABW_PAIRS || c != '"');
		if (c == '\\' && i + 3 < n && enc[i + 1] == 'x' &&
		    hexval(enc[i + 2]) >= 0 && hexval(enc[i + 3]) >= 0) {
			FUZZ_CHECK(m < len);
			dec[m++] = (char)(hexval(enc[i + 2]) << 4 |
					  hexval(enc[i + 3]));
			i += 3;
			continue;
		}
		FUZZ_CHECK(mode == TABW_TABLE || c != '\\');
		FUZZ_CHECK(m < len);
		dec[m++] = (char)c;
	}
	FUZZ_CHECK(m == len && !memcmp(dec, s, len));
	free(enc);
	free(dec);
}

/* A name as JSON prints it: valid UTF-8, control bytes escaped. */
static void check_json(const char *s, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	struct jsonw *w = jw_new(f, false);

	jw_strn(w, s, len);
	FUZZ_CHECK(jw_destroy(w) == 0);
	fclose(f);
	/* the document's end: a newline after the value */
	FUZZ_CHECK(n >= 3 && buf[n - 1] == '\n');
	n--;
	FUZZ_CHECK(buf[0] == '"' && buf[n - 1] == '"');
	FUZZ_CHECK(utf8_valid(buf, n));
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)buf[i] >= 0x20);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	/* each line through the line parser, as the reader hands them out */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *why = NULL;
		struct vma v;

		(void)smaps_is_header(p, len);
		if (maps_parse_line(p, len, &v, &why) == 0) {
			fuzz_check_vma(&v);
			/* a NUL would have cut the name short */
			FUZZ_CHECK(!memchr(p, '\0', len));
			if (v.name) {
				check_cell(TABW_TABLE, v.name, v.name_len);
				check_cell(TABW_RAW, v.name, v.name_len);
				check_cell(TABW_PAIRS, v.name, v.name_len);
				check_json(v.name, v.name_len);
			}
		} else {
			FUZZ_CHECK(why && *why);
		}
		vma_clear(&v);
		p += len + 1;
	}
	/* the whole input as a maps file */
	fuzz_reader_run(data, size, false);
	return 0;
}
