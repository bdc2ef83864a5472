/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - fuzz_smaps.c: fuzz target: smaps "Key: value" lines and the smaps reader */
#include "fuzz.h"

#include <errno.h>
#include <string.h>

#include "vmaview/smaps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct vma v;

	/* every field line into one VMA, as smaps_next() adds them */
	memset(&v, 0, sizeof(v));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *why = NULL;
		uint64_t had = v.have;
		size_t nextra = v.nextra;

		/* the reader rejects NUL bytes before this parser sees a line */
		if (!memchr(p, '\0', len) && !smaps_is_header(p, len)) {
			if (smaps_parse_field(p, len, &v, &why) == 0) {
				/* a known key adds its bit, else one extra */
				FUZZ_CHECK((v.have != had) + (v.nextra != nextra) <= 1);
			} else {
				FUZZ_CHECK(why && *why);
			}
			for (size_t i = 0; i < v.nextra; i++)
				FUZZ_CHECK(v.extra[i].key && *v.extra[i].key);
		}
		p += len + 1;
	}
	vma_clear(&v);
	/* the whole input as an smaps file */
	fuzz_reader_run(data, size, true);
	return 0;
}
