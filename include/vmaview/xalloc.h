/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - xalloc.h: allocation helpers that abort with a message on OOM */
#ifndef VMAVIEW_XALLOC_H
#define VMAVIEW_XALLOC_H

#include <stddef.h>

/* Reports "out of memory" and aborts. */
void __attribute__((noreturn)) xoom(void);
void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
