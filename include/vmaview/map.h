/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - map.h: the map command: a picture of a process's memory (terminal, SVG) */
#ifndef VMAVIEW_MAP_H
#define VMAVIEW_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vmaview/board.h"
#include "vmaview/frames.h"
#include "vmaview/opts.h"
#include "vmaview/procfs.h"

/* The state a page (and a cell of pages) is drawn in, in legend order. */
enum map_state {
	MS_UNTOUCHED, MS_CLEAN, MS_DIRTY, MS_SWAPPED, MS_GUARD, MS_HUGE,
	MS_ZERO, MS_N
};

/* Plain character, legend word and SVG fill of each state. */
struct map_state_info {
	char ch;
	const char *name;
	const char *sgr;     /* ANSI SGR parameters for the cell */
	const char *fill;    /* SVG colour */
};

extern const struct map_state_info map_states[MS_N];

/* Widest strip a map line can have (cells). */
#define MAP_CELLS_MAX 4096

/*
 * One VMA of the map, as read from maps (smaps without kpageflags or with
 * --group kind); or, with --group name or kind, one line of the picture:
 * a group of nvmas VMAs (start, end: the first's start, the last's end).
 */
struct map_vma {
	uint64_t start, end;
	char perms[5];
	char *name;              /* as the kernel printed it; a group's key */
	/* smaps estimate for present file pages (no kpageflags): parts per 2^16 */
	uint32_t dirty_frac;
	bool have_frac;
	char *key;               /* a VMA's group_key(), with --group */
	size_t nvmas;            /* a group line: its VMAs; a VMA: 0 */
	uint64_t bytes;          /* a group line: the size of its VMAs */
};

/* The lines are groups (--group name or kind): no gaps, no ranges. */
static inline bool map_grouped(const struct map_vma *v, size_t n)
{
	return n && v[0].nvmas;
}

/* Where this process's frames lie: a physical segment of the picture. */
struct map_seg {
	uint64_t start, end;     /* physical addresses, end exclusive */
	const char *label;       /* "System RAM", "dram0", "mmio" ... */
	int kind;                /* enum board_region_kind, or -1 (RAM) */
	double y, h;             /* where it is drawn */
	uint32_t *bins;          /* frames of the process per bin (nbins) */
	unsigned nbins;
};

/* One run: virtually and physically contiguous present pages. */
struct map_run {
	uint64_t vaddr, pfn, npages;
	size_t vma;              /* index in the VMA list */
};

#define MAP_TOP_RUNS 12

/* The physical side: segments, bins, the largest runs. */
struct map_phys {
	struct map_seg *seg;
	size_t nseg;
	char why[200];           /* why the side is empty, or "" */
	const char *source;      /* "/proc/iomem", "RK3588 map", ... */
	struct map_run top[MAP_TOP_RUNS];
	size_t ntop;
	struct map_run cur;      /* the run being grown */
	uint64_t frames;         /* frames placed */
	uint64_t page_size;
};

/*
 * Physical segments from the board, else ROOT/iomem's System RAM, else
 * [0, max_pfn] (filled by map_phys_finish from the frames seen).
 */
void map_phys_init(struct map_phys *ph, const struct procfs *p,
		   const struct board *b, uint64_t page_size);
/* One present page with a PFN of VMA vi. */
void map_phys_page(struct map_phys *ph, size_t vi, uint64_t vaddr,
		   uint64_t pfn);
/* Ends the current run (end of a VMA or of the walk). */
void map_phys_flush(struct map_phys *ph);
void map_phys_free(struct map_phys *ph);
/* The segment holding physical address a, or NULL. */
const struct map_seg *map_phys_seg(const struct map_phys *ph, uint64_t a);

/* The terminal picture (map_term.c); v: the lines (VMAs or groups). */
struct map_term;

struct map_term *map_term_begin(FILE *out, const struct vv_opts *o,
				const struct map_vma *v, size_t n,
				const char *title);
/* Cells of the widest strip. */
size_t map_term_cells(const struct map_term *t);
void map_term_gap(struct map_term *t, uint64_t bytes);
void map_term_vma(struct map_term *t, size_t vi, const uint8_t *cells,
		  size_t ncells);
/* The last line says where "dirty" came from (known after the walk). */
void map_term_end(struct map_term *t, const char *dirty_src);

/* "2.1 GiB" (unit: " GiB" style) or "2.1G" (compact) into buf. */
void map_size(char *buf, size_t len, uint64_t bytes, bool compact);

/* What the SVG writer needs of a VMA: its cells (states), ncells. */
struct map_svg;

/* Lays out both sides (ph: its segments) and writes the head. */
struct map_svg *map_svg_begin(FILE *f, const struct map_vma *v, size_t n,
			      const char *title, struct map_phys *ph);
void map_svg_vma(struct map_svg *s, size_t vi, const uint8_t *cells,
		 size_t ncells);
/* Writes the physical side and the joining lines, closes the document. */
void map_svg_end(struct map_svg *s, const struct map_phys *ph,
		 const char *dirty_src);

/*
 * Runs `map` for o->targets[0]. Returns 0, 1 when the target could not be
 * inspected, or -EINVAL for a usage error (*bad: a malloc'd message).
 */
int map_run(const struct vv_opts *o, const struct procfs *p, FILE *out,
	    char **bad);

/* The line width: --width, else COLUMNS, else the tty's (fd), else 80. */
unsigned map_term_width(const struct vv_opts *o, int fd);

#endif
