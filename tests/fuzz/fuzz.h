/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - fuzz.h: what the fuzz targets share: the entry point, a checked assertion, the reader adapter */
#ifndef VMAVIEW_FUZZ_H
#define VMAVIEW_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* libFuzzer's entry point; tests/fuzz/driver.c calls it in normal builds. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A property of the parser that must hold: abort (a crash libFuzzer keeps
 * as an artifact, a failed regression run in ctest) when it does not.
 */
#define FUZZ_CHECK(cond)                                                     \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond);                            \
			abort();                                             \
		}                                                            \
	} while (0)

/*
 * Runs the streaming maps/smaps reader (smaps_next) over data[0..size) as
 * the contents of a file (a memfd), with a buffer that starts small so that
 * the line-growing path runs too, and checks what it returns.
 */
void fuzz_reader_run(const uint8_t *data, size_t size, bool smaps);

/* Checks a VMA a parser returned (well-formed header fields, name). */
void fuzz_check_vma(const void *vma);

#endif
