/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_board.c: the Rock 5B+ profile: RK3588 regions, detection, clusters, layouts */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmaview/board.h"
#include "vmaview/opts.h"
#include "vmaview/procfs.h"
#include "vmaview/ptcmd.h"
#include "vmaview/ptmodel.h"

static const struct board *B = &board_rock5b_plus;

/*
 * The RK3588 map written out again, independently of
 * src/flags/rk3588_regions.def, as the flat sequence of labels an address
 * gets from 0 up: each entry runs from its start to the next entry's start
 * minus one; NULL is outside every region. Sources (reference/arm64.md
 * 5.3): rk3588-base.dtsi (pmu_sram, gpu, usb, iommus, GRFs, sram1/2, cru,
 * uart0/2, pmu, pcie2x1l1/l2, gic), rk3588-extra.dtsi (pcie3x4, pcie3x2,
 * pcie2x1l0), barebox dmc.c (DRAM banks and gaps), vendor U-Boot banks.
 */
static const struct {
	uint64_t start;
	const char *label;
} flat[] = {
	{ 0x000000000, "dram-fw" },
	{ 0x00010f000, "scmi-shmem" },
	{ 0x00010f100, "dram-fw" },
	{ 0x000200000, "dram0" },
	{ 0x008400000, "dram-optee" },
	{ 0x009400000, "dram0" },
	{ 0x0f0000000, "pcie3x4-cfg" },
	{ 0x0f0100000, "pcie3x4-io" },
	{ 0x0f0200000, "pcie3x4-mem32" },
	{ 0x0f1000000, "pcie3x2-cfg" },
	{ 0x0f1100000, "pcie3x2-io" },
	{ 0x0f1200000, "pcie3x2-mem32" },
	{ 0x0f2000000, "pcie2x1l0-cfg" },
	{ 0x0f2100000, "pcie2x1l0-io" },
	{ 0x0f2200000, "pcie2x1l0-mem32" },
	{ 0x0f3000000, "pcie2x1l1-cfg" },
	{ 0x0f3100000, "pcie2x1l1-io" },
	{ 0x0f3200000, "pcie2x1l1-mem32" },
	{ 0x0f4000000, "pcie2x1l2-cfg" },
	{ 0x0f4100000, "pcie2x1l2-io" },
	{ 0x0f4200000, "pcie2x1l2-mem32" },
	{ 0x0f5000000, "mmio" },
	{ 0x0fb000000, "gpu" },
	{ 0x0fb200000, "mmio" },
	{ 0x0fc000000, "usb3-otg0" },
	{ 0x0fc400000, "mmio" },
	{ 0x0fc800000, "usb2-host" },
	{ 0x0fc900000, "smmu-pcie" },
	{ 0x0fcb00000, "smmu-php" },
	{ 0x0fcd00000, "usb3-host2" },
	{ 0x0fd100000, "mmio" },
	{ 0x0fd58a000, "grf" },
	{ 0x0fd600000, "sram1" },
	{ 0x0fd700000, "mmio" },
	{ 0x0fd7c0000, "cru" },
	{ 0x0fd81c000, "mmio" },
	{ 0x0fd890000, "uart0" },
	{ 0x0fd890100, "mmio" },
	{ 0x0fd8d8000, "pmu" },
	{ 0x0fd8d8400, "mmio" },
	{ 0x0fe150000, "pcie3x4-apb" },
	{ 0x0fe160000, "pcie3x2-apb" },
	{ 0x0fe170000, "pcie2x1l0-apb" },
	{ 0x0fe180000, "pcie2x1l1-apb" },
	{ 0x0fe190000, "pcie2x1l2-apb" },
	{ 0x0fe1a0000, "mmio" },
	{ 0x0fe600000, "gic-dist" },
	{ 0x0fe610000, "mmio" },
	{ 0x0fe640000, "gic-its0" },
	{ 0x0fe660000, "gic-its1" },
	{ 0x0fe680000, "gic-redist" },
	{ 0x0fe780000, "mmio" },
	{ 0x0feb50000, "uart2" },
	{ 0x0feb50100, "mmio" },
	{ 0x0ff001000, "sram2" },
	{ 0x0ff0f0000, "mmio" },
	{ 0x100000000, "dram1" },
	{ 0x3fc000000, "dram-hole1" },
	{ 0x3fc500000, "dram2" },
	{ 0x3fff00000, "dram-hole2" },
	{ 0x400000000, "dram3" },
	{ 0x800000000, NULL },
	{ 0x900000000, "pcie3x4-mem64" },
	{ 0x940000000, "pcie3x2-mem64" },
	{ 0x980000000, "pcie2x1l0-mem64" },
	{ 0x9c0000000, "pcie2x1l1-mem64" },
	{ 0xa00000000, "pcie2x1l2-mem64" },
	{ 0xa40000000, "pcie3x4-dbi" },
	{ 0xa40400000, "pcie3x2-dbi" },
	{ 0xa40800000, "pcie2x1l0-dbi" },
	{ 0xa40c00000, "pcie2x1l1-dbi" },
	{ 0xa41000000, "pcie2x1l2-dbi" },
	{ 0xa41400000, NULL },
};

#define NFLAT (sizeof(flat) / sizeof(flat[0]))

static void assert_label(uint64_t phys, const char *want)
{
	const char *got = board_region(B, phys);

	if (!want && !got)
		return;
	if (!want || !got || strcmp(want, got)) {
		print_error("0x%jx: want %s, got %s\n", (uintmax_t)phys,
			    want ? want : "(none)", got ? got : "(none)");
		fail();
	}
}

/* Every stretch of the flat map: its first and last byte and a middle one. */
static void test_flat_map(void **state)
{
	(void)state;
	for (size_t i = 0; i < NFLAT; i++) {
		uint64_t s = flat[i].start;
		uint64_t e = i + 1 < NFLAT ? flat[i + 1].start - 1 : UINT64_MAX;

		assert_true(i == 0 || flat[i - 1].start < s);
		assert_label(s, flat[i].label);
		assert_label(e, flat[i].label);
		assert_label(s + (e - s) / 2, flat[i].label);
	}
}

/* Rows are sorted, well formed, and disjoint or one inside the other. */
static void test_table_shape(void **state)
{
	(void)state;
	assert_true(B->nregions > 40);
	for (size_t i = 0; i < B->nregions; i++) {
		const struct board_region *r = &B->regions[i];

		assert_true(r->start <= r->end);
		assert_non_null(r->name);
		assert_null(strpbrk(r->name, " \t\"\\"));
		assert_string_not_equal(board_region_kind_name(r->kind), "?");
		if (i)
			assert_true(B->regions[i - 1].start <= r->start);
		for (size_t j = 0; j < i; j++) {
			const struct board_region *q = &B->regions[j];
			bool disjoint = q->end < r->start || r->end < q->start;
			bool nested = (q->start <= r->start && r->end <= q->end) ||
				      (r->start <= q->start && q->end <= r->end);

			assert_true(disjoint || nested);
		}
		/* every row's label is in the independent map */
		bool seen = false;

		for (size_t k = 0; k < NFLAT && !seen; k++)
			seen = flat[k].label && !strcmp(flat[k].label, r->name);
		if (!seen) {
			print_error("row %s is not in the test's map\n", r->name);
			fail();
		}
	}
}

/* The smallest row that holds p (independent of board_region_find). */
static const struct board_region *smallest(uint64_t p)
{
	const struct board_region *best = NULL;

	for (size_t i = 0; i < B->nregions; i++) {
		const struct board_region *r = &B->regions[i];

		if (r->start <= p && p <= r->end &&
		    (!best || r->end - r->start < best->end - best->start))
			best = r;
	}
	return best;
}

/*
 * Each row: a point inside, the first and the last byte give the row (or
 * a row inside it that holds that byte); the byte before and the byte
 * after never give it.
 */
static void test_every_row(void **state)
{
	(void)state;
	for (size_t i = 0; i < B->nregions; i++) {
		const struct board_region *r = &B->regions[i];
		uint64_t probe[3] = { r->start, r->start + (r->end - r->start) / 2,
				      r->end };

		for (int k = 0; k < 3; k++) {
			const struct board_region *got =
				board_region_find(B, probe[k]);

			assert_non_null(got);
			assert_ptr_equal(got, smallest(probe[k]));
			assert_true(got->start >= r->start && got->end <= r->end);
			assert_string_equal(board_region(B, probe[k]), got->name);
		}
		if (r->start)
			assert_ptr_not_equal(board_region_find(B, r->start - 1), r);
		if (r->end != UINT64_MAX)
			assert_ptr_not_equal(board_region_find(B, r->end + 1), r);
	}
}

/* The facts the issue names, spelled out. */
static void test_named_ranges(void **state)
{
	const struct board_region *r;

	(void)state;
	/* the DRAM holes of 16+ GiB boards (barebox DRAM_GAP1/2) */
	r = board_region_find(B, 0x3fc000000);
	assert_string_equal(r->name, "dram-hole1");
	assert_int_equal(r->kind, BRK_HOLE);
	assert_int_equal(r->end, 0x3fc4fffff);
	r = board_region_find(B, 0x3fff00000);
	assert_int_equal(r->kind, BRK_HOLE);
	assert_int_equal(r->end, 0x3ffffffff);
	assert_int_equal(board_region_find(B, 0x3fbffffff)->kind, BRK_DRAM);
	assert_int_equal(board_region_find(B, 0x3fc500000)->kind, BRK_DRAM);
	assert_int_equal(board_region_find(B, 0x400000000)->kind, BRK_DRAM);
	/* the MMIO window and a gap in it */
	r = board_region_find(B, 0xf8000000);
	assert_string_equal(r->name, "mmio");
	assert_int_equal(r->start, 0xf0000000);
	assert_int_equal(r->end, 0xffffffff);
	assert_int_equal(r->kind, BRK_MMIO);
	/* PCIe 32-bit and 64-bit windows, GIC, SRAM */
	assert_int_equal(board_region_find(B, 0xf4200000)->kind, BRK_PCIE);
	assert_int_equal(board_region_find(B, 0x900000000)->kind, BRK_PCIE);
	assert_int_equal(board_region_find(B, 0xfe600000)->kind, BRK_GIC);
	assert_int_equal(board_region_find(B, 0xfe700000)->kind, BRK_GIC);
	assert_int_equal(board_region_find(B, 0xfd600000)->kind, BRK_SRAM);
	assert_int_equal(board_region_find(B, 0xff001000)->kind, BRK_SRAM);
	/* no region, no board */
	assert_null(board_region_find(B, 0x8ffffffff));
	assert_null(board_region_find(B, UINT64_MAX));
	assert_null(board_region(NULL, 0x1000));
	assert_string_equal(board_region_kind_name(BRK_FIRMWARE), "firmware");
	assert_string_equal(board_region_kind_name((enum board_region_kind)99), "?");
}

static void test_clusters(void **state)
{
	(void)state;
	for (unsigned cpu = 0; cpu < 8; cpu++) {
		const struct board_cluster *c = board_cluster_of(B, cpu);

		assert_non_null(c);
		/* A55 cores 0-3 lack DBM (erratum 1024718); A76 4-7 have it */
		assert_string_equal(c->name, cpu < 4 ? "A55" : "A76");
		assert_int_equal(c->hw_dbm, cpu >= 4);
		assert_non_null(c->written);
	}
	assert_null(board_cluster_of(B, 8));
	assert_non_null(strstr(board_cluster_of(B, 0)->why, "1024718"));
	assert_non_null(strstr(board_cluster_of(B, 0)->written, "bit 55"));
	assert_non_null(strstr(board_cluster_of(B, 7)->written, "AP[2]"));
}

static void test_layouts(void **state)
{
	const struct board_layout *l;

	(void)state;
	/* vendor 39-bit: every user address is below 2^39 */
	l = board_layout_for(B, 0x7ffffff000ULL);
	assert_int_equal(l->va_bits, 39);
	assert_int_equal(l->levels, 3);
	assert_int_equal(board_layout_for(B, 1ULL << 39)->va_bits, 39);
	/* 48-bit: the stack near 2^48 */
	l = board_layout_for(B, 0xfffffffff000ULL);
	assert_int_equal(l->va_bits, 48);
	assert_int_equal(l->levels, 4);
	assert_int_equal(board_layout_for(B, (1ULL << 39) + 4096)->va_bits, 48);
	/* unknown, or above every layout: the common one */
	assert_int_equal(board_layout_for(B, 0)->va_bits, 48);
	assert_int_equal(board_layout_for(B, 1ULL << 50)->va_bits, 48);
	assert_null(board_layout_for(NULL, 0));
	for (size_t i = 0; i < B->nlayouts; i++)
		assert_int_equal(B->layouts[i].levels,
				 pt_levels(PT_ARM64, B->layouts[i].page_shift,
					   B->layouts[i].va_bits));
	assert_non_null(board_layout_match(B, 12, 39));
	assert_null(board_layout_match(B, 12, 52));
	assert_null(board_layout_match(B, 14, 48));
	assert_ptr_equal(board_by_id("rock5b-plus"), B);
	assert_null(board_by_id("rock5b"));
}

/* ---- detection from a --proc-root tree -------------------------------- */

struct tree {
	char dir[64];
};

static void tree_make(struct tree *t)
{
	strcpy(t->dir, "/tmp/vmaview-board-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
}

/* ROOT/device-tree/NAME holding len bytes of data (NULs included). */
static void tree_dt(struct tree *t, const char *name, const char *data,
		    size_t len)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/device-tree", t->dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/device-tree/%s", t->dir, name);
	f = fopen(p, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

#define DT(t, name, lit) tree_dt(t, name, lit, sizeof(lit) - 1)

static void tree_free(struct tree *t)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", t->dir);
	assert_int_equal(system(cmd), 0);
}

/* board_detect() on the tree with mode; returns its result. */
static int detect(struct tree *t, enum vv_board mode, struct board_detect *d)
{
	struct procfs p;
	int ret;

	assert_int_equal(procfs_init(&p, t->dir), 0);
	ret = board_detect(&p, mode, d);
	procfs_fini(&p);
	return ret;
}

static void test_detect_rock5b_plus(void **state)
{
	struct tree t;
	struct board_detect d;

	(void)state;
	tree_make(&t);
	/* as /proc/device-tree shows the mainline and Radxa DTs */
	DT(&t, "compatible", "radxa,rock-5b-plus\0rockchip,rk3588\0");
	DT(&t, "model", "Radxa ROCK 5B+\0");
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 1);
	assert_ptr_equal(d.board, B);
	assert_false(d.forced);
	assert_string_equal(d.model, "Radxa ROCK 5B+");
	assert_int_equal(d.ncompat, 2);
	assert_string_equal(board_detect_compat(&d, 0), "radxa,rock-5b-plus");
	assert_string_equal(board_detect_compat(&d, 1), "rockchip,rk3588");
	assert_null(board_detect_compat(&d, 2));
	/* --board=none wins over the DT */
	assert_int_equal(detect(&t, VV_BOARD_NONE, &d), 0);
	assert_null(d.board);
	/* naming it is the same board, marked forced */
	assert_int_equal(detect(&t, VV_BOARD_ROCK5B_PLUS, &d), 1);
	assert_ptr_equal(d.board, B);
	assert_true(d.forced);
	tree_free(&t);
}

/* ROOT/cpuinfo: n CPUs (arm64's format) with the part numbers parts[] */
static void tree_cpuinfo(struct tree *t, const unsigned *parts, size_t n)
{
	char p[128];
	FILE *f;

	snprintf(p, sizeof(p), "%s/cpuinfo", t->dir);
	f = fopen(p, "w");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "processor\t: %zu\nBogoMIPS\t: 48.00\n"
			   "Features\t: fp asimd evtstrm aes pmull\n"
			   "CPU implementer\t: 0x41\nCPU architecture: 8\n"
			   "CPU variant\t: 0x%x\nCPU part\t: 0x%03x\n"
			   "CPU revision\t: 0\n\n",
			i, parts[i] == 0xd05 ? 2 : 4, parts[i]);
	fclose(f);
}

/* The clusters from cpuinfo's CPU parts (0xd05 A55, 0xd0b A76), else the table. */
static void test_detect_clusters(void **state)
{
	static const unsigned rk3588[] = { 0xd05, 0xd05, 0xd05, 0xd05,
					   0xd0b, 0xd0b, 0xd0b, 0xd0b };
	static const unsigned qemu[] = { 0xd0b };
	static const unsigned other[] = { 0xd05, 0xd08 }; /* an A72 */
	static const unsigned a76_first[] = { 0xd0b, 0xd0b, 0xd05 };
	struct tree t;
	struct board_detect d;

	(void)state;
	tree_make(&t);
	DT(&t, "compatible", "radxa,rock-5b-plus\0rockchip,rk3588\0");
	/* no cpuinfo: the RK3588 table */
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 1);
	assert_false(d.clusters_cpuinfo);
	assert_ptr_equal(d.clusters, B->clusters);
	assert_int_equal(d.nclusters, 2);
	/* a real RK3588: the same two clusters, from cpuinfo */
	tree_cpuinfo(&t, rk3588, 8);
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 1);
	assert_true(d.clusters_cpuinfo);
	assert_int_equal(d.nclusters, 2);
	assert_string_equal(d.clusters[0].name, "A55");
	assert_int_equal(d.clusters[0].first_cpu, 0);
	assert_int_equal(d.clusters[0].last_cpu, 3);
	assert_false(d.clusters[0].hw_dbm);
	assert_string_equal(d.clusters[1].name, "A76");
	assert_int_equal(d.clusters[1].first_cpu, 4);
	assert_int_equal(d.clusters[1].last_cpu, 7);
	assert_true(d.clusters[1].hw_dbm);
	/* qemu -cpu cortex-a76 -smp 1 (the arm64 tier): one A76, CPU 0 */
	tree_cpuinfo(&t, qemu, 1);
	assert_int_equal(detect(&t, VV_BOARD_ROCK5B_PLUS, &d), 1);
	assert_true(d.clusters_cpuinfo);
	assert_int_equal(d.nclusters, 1);
	assert_string_equal(d.clusters[0].core, "Cortex-A76");
	assert_int_equal(d.clusters[0].first_cpu, 0);
	assert_int_equal(d.clusters[0].last_cpu, 0);
	assert_true(d.clusters[0].hw_dbm);
	/* in another order: what cpuinfo says */
	tree_cpuinfo(&t, a76_first, 3);
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 1);
	assert_int_equal(d.nclusters, 2);
	assert_string_equal(d.clusters[0].name, "A76");
	assert_int_equal(d.clusters[0].last_cpu, 1);
	assert_string_equal(d.clusters[1].name, "A55");
	assert_int_equal(d.clusters[1].first_cpu, 2);
	/* a core the board does not have: the table */
	tree_cpuinfo(&t, other, 2);
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 1);
	assert_false(d.clusters_cpuinfo);
	assert_ptr_equal(d.clusters, B->clusters);
	/* no board, no clusters */
	assert_int_equal(detect(&t, VV_BOARD_NONE, &d), 0);
	assert_int_equal(d.nclusters, 0);
	tree_free(&t);
}

static void test_detect_not_the_board(void **state)
{
	struct tree t;
	struct board_detect d;

	(void)state;
	/* qemu's virt machine */
	tree_make(&t);
	DT(&t, "compatible", "linux,dummy-virt\0");
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 0);
	assert_null(d.board);
	assert_int_equal(d.ncompat, 1);
	assert_string_equal(board_detect_compat(&d, 0), "linux,dummy-virt");
	tree_free(&t);

	/* another RK3588 board: the SoC alone is not the board */
	tree_make(&t);
	DT(&t, "compatible", "radxa,rock-5b\0rockchip,rk3588\0");
	DT(&t, "model", "Radxa ROCK 5B\0");
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 0);
	tree_free(&t);

	/* a compatible that only starts like the board's */
	tree_make(&t);
	DT(&t, "compatible", "radxa,rock-5b-plus-x\0rockchip,rk3588\0");
	DT(&t, "model", "Radxa ROCK 5B+\0");
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 0);
	tree_free(&t);

	/* no device tree at all (x86_64, or a snapshot without one) */
	tree_make(&t);
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 0);
	assert_int_equal(d.ncompat, 0);
	assert_string_equal(d.model, "");
	/* --rock5b forces it there, as on x86_64 for snapshot analysis */
	assert_int_equal(detect(&t, VV_BOARD_ROCK5B_PLUS, &d), 1);
	assert_ptr_equal(d.board, B);
	assert_true(d.forced);
	tree_free(&t);
	assert_int_equal(board_detect(NULL, VV_BOARD_ROCK5B_PLUS, &d), 1);
	assert_int_equal(board_detect(NULL, VV_BOARD_AUTO, &d), 0);
}

static void test_detect_model_only(void **state)
{
	struct tree t;
	struct board_detect d;

	(void)state;
	/* a DT without compatible: the model decides */
	tree_make(&t);
	DT(&t, "model", "Radxa ROCK 5B+\0");
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 1);
	tree_free(&t);
	/* a hand-written model with a newline */
	tree_make(&t);
	DT(&t, "model", "Radxa ROCK 5B+\n");
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 1);
	tree_free(&t);
	/* an empty compatible and no model */
	tree_make(&t);
	DT(&t, "compatible", "");
	assert_int_equal(detect(&t, VV_BOARD_AUTO, &d), 0);
	tree_free(&t);
}

/* A board makes the model arm64 with the board's layouts unless --arch says. */
static void test_pt_config(void **state)
{
	struct board_detect d;
	struct vv_opts o = { 0 };
	struct pt_config c;
	struct utsname u;
	const char *why;

	(void)state;
	if (uname(&u) || strcmp(u.machine, "x86_64"))
		skip(); /* native arm64: the running kernel's layout applies */
	assert_int_equal(board_detect(NULL, VV_BOARD_ROCK5B_PLUS, &d), 1);
	o.board = &d;
	assert_int_equal(vv_pt_config(&o, 0x7ffffff000ULL, &c, &why), 0);
	assert_int_equal(c.arch, PT_ARM64);
	assert_int_equal(c.page_shift, 12);
	assert_int_equal(c.va_bits, 39);
	assert_int_equal(c.levels, 3);
	assert_int_equal(vv_pt_config(&o, 0xfffffffff000ULL, &c, &why), 0);
	assert_int_equal(c.va_bits, 48);
	assert_int_equal(c.levels, 4);
	/* --va-bits still wins */
	o.va_bits = 39;
	assert_int_equal(vv_pt_config(&o, 0xfffffffff000ULL, &c, &why), 0);
	assert_int_equal(c.va_bits, 39);
	/* --arch given: no arm64 by implication */
	o.va_bits = 0;
	o.arch_set = true;
	assert_int_equal(vv_pt_config(&o, 0, &c, &why), 0);
	assert_int_equal(c.arch, PT_X86_64);
	/* no board: native */
	o.arch_set = false;
	o.board = NULL;
	assert_int_equal(vv_pt_config(&o, 0, &c, &why), 0);
	assert_int_equal(c.arch, PT_X86_64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flat_map),
		cmocka_unit_test(test_table_shape),
		cmocka_unit_test(test_every_row),
		cmocka_unit_test(test_named_ranges),
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_detect_clusters),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_detect_rock5b_plus),
		cmocka_unit_test(test_detect_not_the_board),
		cmocka_unit_test(test_detect_model_only),
		cmocka_unit_test(test_pt_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
