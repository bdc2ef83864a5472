/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - board.c: board profiles (Rock 5B+, RK3588): detection, regions, CPU clusters */
#include "vmaview/board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *board_region_kind_name(enum board_region_kind k)
{
	static const char *const names[] = {
		[BRK_DRAM] = "dram",   [BRK_HOLE] = "hole",
		[BRK_FIRMWARE] = "firmware", [BRK_SRAM] = "sram",
		[BRK_MMIO] = "mmio",   [BRK_PCIE] = "pcie",
		[BRK_GIC] = "gic",
	};

	return (unsigned)k <= BRK_GIC ? names[k] : "?";
}

static const struct board_region rk3588_regions[] = {
#define RK3588_REGION(s, e, n, k) { .start = (s), .end = (e), .name = (n), .kind = (k) },
#include "flags/rk3588_regions.def"
#undef RK3588_REGION
};

/*
 * reference/arm64.md 5.1: since 2021 the Cortex-A55 erratum 1024718
 * workaround (arch/arm64/kernel/cpufeature.c cpu_has_broken_dbm()) covers
 * every A55 revision, so with CONFIG_ARM64_HW_AFDBM the kernel turns
 * hardware DBM on for the A76 cores only ("Hardware dirty bit management
 * on CPU4-7"). CPU numbers: the cpu@0..cpu@700 nodes of rk3588-base.dtsi.
 */
static const struct board_cluster rk3588_clusters[] = {
	{
		.name = "A55", .core = "Cortex-A55", .midr_part = 0xd05,
		.first_cpu = 0, .last_cpu = 3, .hw_dbm = false,
		.why = "no hardware DBM (erratum 1024718, all A55 revisions)",
		.written = "the store faults; Linux's pte_mkdirty() sets PTE_DIRTY "
			   "(bit 55) and clears RDONLY (AP[2], bit 7)",
	},
	{
		.name = "A76", .core = "Cortex-A76", .midr_part = 0xd0b,
		.first_cpu = 4, .last_cpu = 7, .hw_dbm = true,
		.why = "hardware DBM",
		.written = "the MMU clears RDONLY (AP[2], bit 7) itself as DBM "
			   "(bit 51) is set; bit 55 stays 0 until the kernel moves "
			   "the dirty state there (pte_wrprotect(), mprotect)",
	},
};

/* reference/arm64.md 5.2: the configs seen for RK3588 kernels (4K pages) */
static const struct board_layout rk3588_layouts[] = {
	{ 12, 39, 3, "Rockchip vendor kernels (rockchip_linux_defconfig: ARM64_VA_BITS_39)" },
	{ 12, 48, 4, "Radxa and Armbian images, mainline (ARM64_VA_BITS_48, or 52 falling back to 48)" },
};

static const char *const rock5b_plus_compatible[] = {
	"radxa,rock-5b-plus", "rockchip,rk3588", NULL,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

const struct board board_rock5b_plus = {
	.id = "rock5b-plus",
	.model = "Radxa ROCK 5B+",
	.soc = "rk3588",
	.compatible = rock5b_plus_compatible,
	.regions = rk3588_regions,
	.nregions = N(rk3588_regions),
	.clusters = rk3588_clusters,
	.nclusters = N(rk3588_clusters),
	.layouts = rk3588_layouts,
	.nlayouts = N(rk3588_layouts),
};

static const struct board *const boards[] = { &board_rock5b_plus };

const struct board *board_by_id(const char *id)
{
	for (size_t i = 0; i < N(boards); i++)
		if (!strcmp(boards[i]->id, id))
			return boards[i];
	return NULL;
}

const char *board_detect_compat(const struct board_detect *d, size_t i)
{
	const char *s = d->compat;

	if (i >= d->ncompat)
		return NULL;
	while (i--)
		s += strlen(s) + 1;
	return s;
}

/*
 * ROOT/device-tree/compatible: strings each ending in a NUL. Kept whole
 * strings only: a list longer than d->compat is cut at a string boundary.
 */
static void read_compatible(const struct procfs *p, struct board_detect *d)
{
	char *buf = NULL;
	size_t len = 0, off = 0, used = 0;

	if (procfs_read_file(p, "device-tree/compatible", 65536, &buf, &len) < 0)
		return;
	while (off < len) {
		size_t n = strnlen(buf + off, len - off);

		if (n && used + n + 1 <= sizeof(d->compat)) {
			memcpy(d->compat + used, buf + off, n);
			d->compat[used + n] = '\0';
			used += n + 1;
			d->ncompat++;
		}
		off += n + 1;
	}
	free(buf);
}

/* ROOT/device-tree/model: one string, NUL-terminated in the DT. */
static void read_model(const struct procfs *p, struct board_detect *d)
{
	char *buf = NULL;
	size_t len = 0;

	if (procfs_read_file(p, "device-tree/model", 4096, &buf, &len) < 0)
		return;
	/* up to the first NUL or newline (a hand-made fixture may have one) */
	len = strcspn(buf, "\n");
	if (len >= sizeof(d->model))
		len = sizeof(d->model) - 1;
	memcpy(d->model, buf, len);
	d->model[len] = '\0';
	free(buf);
}

/*
 * ROOT/cpuinfo (arm64): "processor : N" then "CPU part : 0xNNN" for each
 * CPU. Runs of CPUs with the same part become clusters named after the
 * board's cluster of that core; nothing changes when a CPU's part is not
 * one of the board's cores or cpuinfo says nothing.
 */
static void read_clusters(const struct procfs *p, struct board_detect *d)
{
	const struct board *b = d->board;
	char *buf = NULL, *line, *save = NULL;
	size_t len = 0, n = 0;
	long cpu = -1;
	unsigned part;
	bool ok = true;

	if (procfs_read_file(p, "cpuinfo", 1 << 20, &buf, &len) < 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line && ok;
	     line = strtok_r(NULL, "\n", &save)) {
		const struct board_cluster *t = NULL;
		struct board_cluster *last = n ? &d->found[n - 1] : NULL;

		/* a space in the format matches the tabs cpuinfo has */
		if (sscanf(line, "processor : %ld", &cpu) == 1)
			continue;
		if (sscanf(line, "CPU part : %x", &part) != 1 || cpu < 0)
			continue;
		for (size_t i = 0; i < b->nclusters; i++)
			if (b->clusters[i].midr_part == part)
				t = &b->clusters[i];
		if (!t || (last && (unsigned long)cpu <= last->last_cpu)) {
			ok = false; /* another core, or CPUs out of order */
		} else if (last && last->midr_part == part &&
			   last->last_cpu + 1 == (unsigned long)cpu) {
			last->last_cpu = (unsigned)cpu;
		} else if (n < N(d->found)) {
			d->found[n] = *t;
			d->found[n].first_cpu = d->found[n].last_cpu =
				(unsigned)cpu;
			n++;
		} else {
			ok = false;
		}
		cpu = -1;
	}
	free(buf);
	if (ok && n) {
		d->clusters = d->found;
		d->nclusters = n;
		d->clusters_cpuinfo = true;
	}
}

/* The board found: its table's clusters, or those cpuinfo shows. */
static int detected(const struct procfs *p, struct board_detect *d,
		 const struct board *b)
{
	d->board = b;
	d->clusters = b->clusters;
	d->nclusters = b->nclusters;
	if (p)
		read_clusters(p, d);
	return 1;
}

static bool has_compat(const struct board_detect *d, const char *s)
{
	for (size_t i = 0; i < d->ncompat; i++)
		if (!strcmp(board_detect_compat(d, i), s))
			return true;
	return false;
}

int board_detect(const struct procfs *p, enum vv_board mode,
		 struct board_detect *d)
{
	memset(d, 0, sizeof(*d));
	if (mode == VV_BOARD_NONE)
		return 0;
	if (p) {
		read_compatible(p, d);
		read_model(p, d);
	}
	if (mode == VV_BOARD_ROCK5B_PLUS) {
		d->forced = true;
		return detected(p, d, &board_rock5b_plus);
	}
	for (size_t i = 0; i < N(boards); i++) {
		const struct board *b = boards[i];

		/* the board's own string; the SoC's alone is not the board */
		if (d->ncompat ? has_compat(d, b->compatible[0]) :
				 !strcmp(d->model, b->model))
			return detected(p, d, b);
	}
	return 0;
}

const struct board_region *board_region_find(const struct board *b,
					     uint64_t phys)
{
	const struct board_region *best = NULL;

	if (!b)
		return NULL;
	/* few rows, sorted by start: stop at the first that starts above */
	for (size_t i = 0; i < b->nregions; i++) {
		const struct board_region *r = &b->regions[i];

		if (r->start > phys)
			break;
		if (phys <= r->end &&
		    (!best || r->end - r->start < best->end - best->start))
			best = r;
	}
	return best;
}

const char *board_region(const struct board *b, uint64_t phys)
{
	const struct board_region *r = board_region_find(b, phys);

	return r ? r->name : NULL;
}

const struct board_cluster *board_cluster_of(const struct board *b,
					     unsigned cpu)
{
	for (size_t i = 0; b && i < b->nclusters; i++)
		if (cpu >= b->clusters[i].first_cpu &&
		    cpu <= b->clusters[i].last_cpu)
			return &b->clusters[i];
	return NULL;
}

const struct board_layout *board_layout_for(const struct board *b,
					    uint64_t hi)
{
	if (!b || !b->nlayouts)
		return NULL;
	for (size_t i = 0; hi && i < b->nlayouts; i++)
		if (b->layouts[i].va_bits < 64 &&
		    hi <= (1ULL << b->layouts[i].va_bits))
			return &b->layouts[i];
	return &b->layouts[b->nlayouts - 1];
}

const struct board_layout *board_layout_match(const struct board *b,
					      unsigned page_shift,
					      unsigned va_bits)
{
	for (size_t i = 0; b && i < b->nlayouts; i++)
		if (b->layouts[i].page_shift == page_shift &&
		    b->layouts[i].va_bits == va_bits)
			return &b->layouts[i];
	return NULL;
}
