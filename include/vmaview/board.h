/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - board.h: board profiles (Rock 5B+, RK3588): detection, regions, CPU clusters */
#ifndef VMAVIEW_BOARD_H
#define VMAVIEW_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmaview/procfs.h"

/* --board: auto (the default) detects from the device tree. */
enum vv_board { VV_BOARD_AUTO, VV_BOARD_NONE, VV_BOARD_ROCK5B_PLUS };

/* What a physical range holds. */
enum board_region_kind {
	BRK_DRAM,      /* normal memory */
	BRK_HOLE,      /* no DRAM behind it */
	BRK_FIRMWARE,  /* DRAM kept by secure firmware */
	BRK_SRAM,      /* on-chip SRAM */
	BRK_MMIO,      /* device registers */
	BRK_PCIE,      /* PCIe config, I/O or memory window, controller regs */
	BRK_GIC,       /* the interrupt controller */
};

/* "dram", "hole", "firmware", "sram", "mmio", "pcie", "gic" */
const char *board_region_kind_name(enum board_region_kind k);

/*
 * One range of the SoC's physical address map, both ends included.
 * Ranges are either disjoint or one holds the other (the MMIO window
 * holds its devices); an address belongs to the smallest one.
 */
struct board_region {
	uint64_t start, end;
	const char *name;          /* label: "dram0", "pcie3x4-mem32" */
	enum board_region_kind kind;
};

/* A cluster of identical cores. */
struct board_cluster {
	const char *name;          /* "A55" */
	const char *core;          /* "Cortex-A55" */
	unsigned midr_part;        /* its MIDR part number: cpuinfo "CPU part" */
	unsigned first_cpu, last_cpu;
	bool hw_dbm;               /* hardware dirty-bit management in use */
	const char *why;           /* why (not) */
	/* what a store to a writable-clean page leaves in the PTE */
	const char *written;
};

/* A kernel layout the board's kernels are built with. */
struct board_layout {
	unsigned page_shift, va_bits, levels;
	const char *kernels;       /* "Rockchip vendor kernels (...)" */
};

struct board {
	const char *id;            /* --board value: "rock5b-plus" */
	const char *model;         /* DT model: "Radxa ROCK 5B+" */
	const char *soc;           /* "rk3588" */
	const char *const *compatible; /* DT compatible list, NULL-terminated */
	const struct board_region *regions;
	size_t nregions;
	const struct board_cluster *clusters;
	size_t nclusters;
	const struct board_layout *layouts;
	size_t nlayouts;
};

extern const struct board board_rock5b_plus;

/* The board a --board value names ("rock5b-plus"), NULL for another. */
const struct board *board_by_id(const char *id);

/* The board in use and how it was found. */
struct board_detect {
	const struct board *board; /* NULL: none */
	bool forced;               /* --board=NAME / --rock5b, not the DT */
	char model[128];           /* ROOT/device-tree/model ("" if absent) */
	/* ROOT/device-tree/compatible: ncompat NUL-terminated strings */
	char compat[512];
	size_t ncompat;
	/*
	 * The clusters: from ROOT/cpuinfo when every CPU it lists has the
	 * part number of one of the board's cores (the CPUs really there,
	 * e.g. one A76 under qemu), else the board's table.
	 */
	const struct board_cluster *clusters;
	size_t nclusters;
	bool clusters_cpuinfo;
	struct board_cluster found[8];
};

/*
 * Resolves --board: VV_BOARD_NONE gives none, a board name forces it
 * (and still reads the DT, for the record), VV_BOARD_AUTO matches
 * ROOT/device-tree/compatible (a NUL-separated list; the board's own
 * compatible string must be in it) or, without one, ROOT/device-tree/model.
 * p may be NULL (no DT). Returns 1 if a board applies, 0 if not.
 */
int board_detect(const struct procfs *p, enum vv_board mode,
		 struct board_detect *d);

/* The i-th DT compatible string read, or NULL. */
const char *board_detect_compat(const struct board_detect *d, size_t i);

/* The region phys lies in (the smallest that holds it), or NULL. */
const struct board_region *board_region_find(const struct board *b,
					     uint64_t phys);
/* Its label ("dram0", "gic-dist"...), or NULL outside every region. */
const char *board_region(const struct board *b, uint64_t phys);

/* The cluster cpu belongs to, or NULL. */
const struct board_cluster *board_cluster_of(const struct board *b,
					     unsigned cpu);

/*
 * The board's kernel layout when the kernel's configuration is not at
 * hand: the first (smallest) layout whose VA size holds hi, the highest
 * user address seen; hi 0 (unknown) gives the last, most common layout.
 */
const struct board_layout *board_layout_for(const struct board *b,
					    uint64_t hi);
/* The layout matching page_shift and va_bits, or NULL (not the board's). */
const struct board_layout *board_layout_match(const struct board *b,
					      unsigned page_shift,
					      unsigned va_bits);

#endif
