/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - range.c: pmap-style address range arguments (-A lo,hi) */
#include "vmaview/opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_addr(const char *s, size_t len, uint64_t *out)
{
	char buf[32], *end;

	if (!len || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (buf[0] == '-' || buf[0] == '+' || buf[0] == ' ')
		return -EINVAL;
	errno = 0;
	*out = strtoull(buf, &end, 16);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

int range_parse(const char *s, struct vv_range *r)
{
	const char *comma = strchr(s, ',');

	r->set = true;
	r->single = !comma;
	r->lo = 0;
	r->hi = UINT64_MAX;
	if (!comma) {
		if (parse_addr(s, strlen(s), &r->lo) < 0)
			return -EINVAL;
		r->hi = r->lo;
		return 0;
	}
	if (comma == s && !comma[1])
		return -EINVAL;
	if (comma > s && parse_addr(s, (size_t)(comma - s), &r->lo) < 0)
		return -EINVAL;
	if (comma[1] && parse_addr(comma + 1, strlen(comma + 1), &r->hi) < 0)
		return -EINVAL;
	if (r->lo > r->hi)
		return -EINVAL;
	return 0;
}
