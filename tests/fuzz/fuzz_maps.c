/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - fuzz_maps.c: fuzz target: /proc/PID/maps lines and the maps reader */
#include "fuzz.h"

#include <errno.h>
#include <string.h>

#include "vmaview/smaps.h"

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
