/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - lists.h: --list-columns and --list-flags */
#ifndef VMAVIEW_LISTS_H
#define VMAVIEW_LISTS_H

#include <stdio.h>

#include "vmaview/procfs.h"

/*
 * One column per line: name, type, help. With p, also the smaps keys that
 * the process "self" under p shows and vmaview does not know (type "extra").
 */
void list_columns(FILE *out, const struct procfs *p);
/*
 * One flag per line: code, name, bit ("-" for VmFlags, which have no ABI
 * bits), "*" if kernel-internal else "-", description. -EINVAL for an
 * unknown kind (flagtab_find()).
 */
int list_flags(FILE *out, const char *kind);

#endif
