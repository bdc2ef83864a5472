/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - range.c: pmap-style address range arguments (-A lo,hi) */
#include "vmaview/opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vmaview/text.h"

int range_parse(const char *s, struct vv_range *r)
{
	const char *comma = strchr(s, ',');

	r->set = true;
	r->single = !comma;
	r->lo = 0;
	r->hi = UINT64_MAX;
	if (!comma) {
		if (hex_parse(s, strlen(s), &r->lo) < 0)
			return -EINVAL;
		r->hi = r->lo;
		return 0;
	}
	if (comma == s && !comma[1])
		return -EINVAL;
	if (comma > s && hex_parse(s, (size_t)(comma - s), &r->lo) < 0)
		return -EINVAL;
	if (comma[1] && hex_parse(comma + 1, strlen(comma + 1), &r->hi) < 0)
		return -EINVAL;
	if (r->lo > r->hi)
		return -EINVAL;
	return 0;
}
