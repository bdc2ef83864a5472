/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - version.h: program version and JSON schema number */
#ifndef VMAVIEW_VERSION_H
#define VMAVIEW_VERSION_H

#define VMAVIEW_VERSION "0.1.0"
/* Bumped only for incompatible changes; the schema otherwise only grows. */
#define VMAVIEW_JSON_SCHEMA 1

#endif
