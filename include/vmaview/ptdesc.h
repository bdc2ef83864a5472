/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - ptdesc.h: a descriptor as text (field table) and as JSON */
#ifndef VMAVIEW_PTDESC_H
#define VMAVIEW_PTDESC_H

#include <stdbool.h>
#include <stdio.h>

#include "vmaview/ptmodel.h"

struct jsonw;

/* FIELD BITS VALUE MEANING [SOURCE] lines, each prefixed by indent. */
void ptdesc_print(FILE *out, const struct pt_desc *d, bool prov,
		  const char *indent);
/* {"value","known","kind","level","words",...,"fields":[...]} */
void ptdesc_json(struct jsonw *w, const struct pt_desc *d, bool fields);

#endif
