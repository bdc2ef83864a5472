/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_frames.c: unit tests of the frame walker on a synthetic /proc */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmaview/frames.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void test_radix_sort(void **state)
{
	enum { N = 70000 };
	uint64_t *k = malloc(N * 8), *t = malloc(N * 8), *ref = malloc(N * 8);
	uint64_t x = 88172645463325252ULL;
	(void)state;

	for (size_t i = 0; i < N; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
		/* PFN-like keys: 36 bits of PFN above a 16-bit index */
		k[i] = ref[i] = ((x & ((1ULL << 36) - 1)) << 16) | (i & 0xffff);
	}
	k[5] = ref[5] = UINT64_MAX; /* all 64 bits take part */
	radix_sort_u64(k, t, N);
	qsort(ref, N, 8, cmp_u64);
	assert_memory_equal(k, ref, N * 8);
	radix_sort_u64(k, t, 0);
	free(k);
	free(t);
	free(ref);
}

static void test_page_state(void **state)
{
	(void)state;
	/* values read on a 6.18 machine (reference/procfs.md 1.1) */
	assert_int_equal(page_state_of(0x440000000000009fULL), PAGE_GUARD);
	assert_int_equal(page_state_of(0x4400000000000000ULL), PAGE_GUARD);
	assert_int_equal(page_state_of(0x8100000000131be2ULL), PAGE_PRESENT);
	assert_int_equal(page_state_of(0x4000000000000021ULL), PAGE_SWAP);
	assert_int_equal(page_state_of(0), PAGE_NONE);
	/* soft-dirty alone is not a page */
	assert_int_equal(page_state_of(1ULL << 55), PAGE_NONE);
	assert_int_equal(PM_SWAP_TYPE(0x4000000000000021ULL), 1);
	assert_int_equal(PM_SWAP_OFFSET(0x4000000000000021ULL), 1);
	assert_string_equal(page_state_name(PAGE_GUARD), "guard");
}

/* A --proc-root tree: 1/pagemap, kpageflags, kpagecount (regular files). */
struct tree {
	char dir[64];
};

static void put_word(const char *path, uint64_t idx, uint64_t word)
{
	int fd = open(path, O_WRONLY | O_CREAT, 0644);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, &word, 8, (off_t)(idx * 8)), 8);
	close(fd);
}

static void tree_make(struct tree *t)
{
	char p[128];

	strcpy(t->dir, "/tmp/vmaview-frames-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(p, sizeof(p), "%s/1", t->dir);
	assert_int_equal(mkdir(p, 0755), 0);
}

static void tree_word(struct tree *t, const char *file, uint64_t idx,
		      uint64_t word)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/%s", t->dir, file);
	put_word(p, idx, word);
}

static void tree_free(struct tree *t)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", t->dir);
	assert_int_equal(system(cmd), 0);
}

#define PS 4096ULL
#define VPN 0x400ULL /* first page of the test range: vaddr 0x400000 */

/*
 * Eight pages from vaddr 0x400000: frames 0x100, 0x101, 0x102 (one
 * physical run, mapcounts 1, 2, 3), a hole, frame 0x200 (THP, mapcount 1),
 * a swap entry, a guard marker, frame 0x300 (zero page, mapcount 0).
 */
static void tree_fill(struct tree *t)
{
	const uint64_t P = PM_PRESENT, X = PM_EXCLUSIVE;

	tree_word(t, "1/pagemap", VPN + 0, P | X | 0x100);
	tree_word(t, "1/pagemap", VPN + 1, P | PM_FILE | 0x101);
	tree_word(t, "1/pagemap", VPN + 2, P | PM_FILE | 0x102);
	tree_word(t, "1/pagemap", VPN + 4, P | X | 0x200);
	tree_word(t, "1/pagemap", VPN + 5, PM_SWAP | (7 << 5) | 1);
	tree_word(t, "1/pagemap", VPN + 6, PM_SWAP | PM_GUARD | 0x9f);
	tree_word(t, "1/pagemap", VPN + 7, P | 0x300);
	tree_word(t, "1/pagemap", VPN + 64, 0); /* file length */
	tree_word(t, "kpageflags", 0x100, 1ULL << 12);
	tree_word(t, "kpageflags", 0x101, 1ULL << 5);
	tree_word(t, "kpageflags", 0x102, 1ULL << 5);
	tree_word(t, "kpageflags", 0x200, (1ULL << 22) | (1ULL << 15));
	tree_word(t, "kpageflags", 0x300, 1ULL << 24);
	tree_word(t, "kpagecount", 0x100, 1);
	tree_word(t, "kpagecount", 0x101, 2);
	tree_word(t, "kpagecount", 0x102, 3);
	tree_word(t, "kpagecount", 0x200, 1);
	tree_word(t, "kpagecount", 0x300, 0);
}

struct seen {
	struct page_info pg[16];
	size_t n;
};

static int collect(const struct page_info *pg, size_t n, void *arg)
{
	struct seen *s = arg;

	for (size_t i = 0; i < n && s->n < 16; i++)
		s->pg[s->n++] = pg[i];
	return 0;
}

static void test_walk_fallback(void **state)
{
	struct tree t;
	struct procfs p;
	struct fscan fs;
	struct seen s = { 0 };
	(void)state;

	if (sysconf(_SC_PAGESIZE) != PS)
		skip();
	tree_make(&t);
	tree_fill(&t);
	assert_int_equal(procfs_init(&p, t.dir), 0);
	assert_int_equal(fscan_open(&fs, &p, 1, FS_KPF | FS_KPC, false), 0);
	/* a regular file has no PAGEMAP_SCAN: the fallback reads it */
	assert_false(fs.use_scan);
	assert_true(fs.limits & FS_LIM_NO_SCAN);
	assert_int_equal(fscan_walk(&fs, VPN * PS, (VPN + 8) * PS, collect, &s),
			 0);
	assert_int_equal(s.n, 7); /* the hole is not a page */
	assert_int_equal(s.pg[0].vaddr, VPN * PS);
	assert_int_equal(s.pg[3].vaddr, (VPN + 4) * PS);
	assert_int_equal(s.pg[3].state, PAGE_PRESENT);
	assert_int_equal(s.pg[3].have, PI_PFN | PI_KPF | PI_KPC);
	assert_int_equal(s.pg[3].kpf, (1ULL << 22) | (1ULL << 15));
	assert_int_equal(s.pg[2].count, 3);
	assert_int_equal(s.pg[4].state, PAGE_SWAP);
	assert_int_equal(s.pg[4].have, 0);
	assert_int_equal(s.pg[5].state, PAGE_GUARD);
	assert_int_equal(s.pg[6].kpf, 1ULL << 24);
	fscan_close(&fs);
	procfs_fini(&p);
	tree_free(&t);
}

static void test_stats(void **state)
{
	struct tree t;
	struct procfs p;
	struct fscan fs;
	struct frame_stats st, tot = { 0 };
	uint64_t u;
	(void)state;

	if (sysconf(_SC_PAGESIZE) != PS)
		skip();
	tree_make(&t);
	tree_fill(&t);
	assert_int_equal(procfs_init(&p, t.dir), 0);
	assert_int_equal(fscan_open(&fs, &p, 1, FS_KPF | FS_KPC, true), 0);
	assert_int_equal(fscan_stats(&fs, VPN * PS, (VPN + 8) * PS, &st), 0);
	assert_int_equal(st.present, 5);
	assert_int_equal(st.swapped, 1);
	assert_int_equal(st.guard, 1);
	assert_int_equal(st.file_shared, 2);
	assert_int_equal(st.exclusive, 2);
	/* 0x100-0x102 | 0x200 | 0x300 */
	assert_int_equal(st.runs, 3);
	assert_int_equal(st.largest_run, 3);
	assert_int_equal(st.thp, 1);
	assert_int_equal(st.zero, 1);
	/*
	 * 4096 * (1 + 1/2 + 1/3) + 4096 = 11605.33: exact sum, rounded once.
	 * The zero page and a frame without a mapcount count nothing.
	 */
	assert_true(frame_stats_get(&st, FRF_PSS, &u));
	assert_int_equal(u, 11605);
	assert_true(frame_stats_get(&st, FRF_RUNS, &u));
	assert_int_equal(u, 3);
	frame_stats_add(&tot, &st);
	frame_stats_add(&tot, &st);
	assert_int_equal(tot.present, 10);
	assert_int_equal(tot.largest_run, 3); /* a maximum, not a sum */
	assert_true(frame_stats_get(&tot, FRF_PSS, &u));
	assert_int_equal(u, 23211); /* 23210.67 rounded once */
	fscan_close(&fs);

	/* without kpagecount: frame_pss is unknown, the rest is not */
	assert_int_equal(fscan_open(&fs, &p, 1, FS_KPF, true), 0);
	assert_int_equal(fscan_stats(&fs, VPN * PS, (VPN + 8) * PS, &st), 0);
	assert_false(frame_stats_get(&st, FRF_PSS, &u));
	assert_true(frame_stats_get(&st, FRF_THP, &u));
	assert_int_equal(u, 1);
	fscan_close(&fs);
	procfs_fini(&p);
	tree_free(&t);
}

static void test_pfn_hidden(void **state)
{
	struct tree t;
	struct procfs p;
	struct fscan fs;
	struct frame_stats st;
	struct vv_limit lim[4];
	uint64_t u;
	(void)state;

	if (sysconf(_SC_PAGESIZE) != PS)
		skip();
	tree_make(&t);
	/* what an unprivileged reader gets: flags, PFN zeroed */
	tree_word(&t, "1/pagemap", VPN, PM_PRESENT | PM_EXCLUSIVE);
	tree_word(&t, "1/pagemap", VPN + 1, PM_PRESENT | PM_EXCLUSIVE);
	assert_int_equal(procfs_init(&p, t.dir), 0);
	/* no kpageflags, no kpagecount in this tree */
	assert_int_equal(fscan_open(&fs, &p, 1, FS_KPF | FS_KPC, false), 0);
	assert_int_equal(fscan_stats(&fs, VPN * PS, (VPN + 2) * PS, &st), 0);
	assert_int_equal(st.present, 2);
	assert_true(frame_stats_get(&st, FRF_EXCLUSIVE, &u));
	assert_int_equal(u, 2);
	assert_false(frame_stats_get(&st, FRF_RUNS, &u));
	assert_false(frame_stats_get(&st, FRF_THP, &u));
	assert_true(fs.limits & FS_LIM_PFN_HIDDEN);
	assert_int_equal(fscan_limits(&fs, lim, 4), 3);
	assert_string_equal(lim[0].source, "pagemap");
	assert_non_null(strstr(lim[0].reason, "CAP_SYS_ADMIN"));
	assert_string_equal(lim[1].source, "kpageflags");
	fscan_close(&fs);
	procfs_fini(&p);
	tree_free(&t);
}

struct pages {
	uint64_t *va;
	size_t n, cap;
};

static int keep_present(const struct page_info *pg, size_t n, void *arg)
{
	struct pages *s = arg;

	for (size_t i = 0; i < n; i++) {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 1024;
			s->va = realloc(s->va, s->cap * sizeof(*s->va));
		}
		s->va[s->n++] = pg[i].vaddr;
	}
	return 0;
}

/*
 * The PAGEMAP_SCAN path against the plain reads, on this process: every
 * other page of 12,000 touched gives 6,000 regions, more than one ioctl
 * returns (REGCAP), so the walk has to resume where the kernel stopped.
 */
static void test_scan_vs_read(void **state)
{
	enum { NPG = 12000 };
	struct procfs p;
	struct fscan a, b;
	struct pages pa = { 0 }, pb = { 0 };
	long ps = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, NPG * ps, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t lo = (uintptr_t)m, hi = lo + NPG * (uint64_t)ps;
	(void)state;

	assert_true(m != MAP_FAILED);
	madvise(m, NPG * ps, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < NPG; i += 2)
		m[i * ps] = 1;
	assert_int_equal(procfs_init(&p, NULL), 0);
	assert_int_equal(fscan_open(&a, &p, getpid(), 0, false), 0);
	if (!a.use_scan) {
		fscan_close(&a);
		procfs_fini(&p);
		munmap(m, NPG * ps);
		skip(); /* kernel before 6.7 */
	}
	assert_int_equal(fscan_open(&b, &p, getpid(), 0, true), 0);
	assert_false(b.use_scan);
	/* two walks each, the second split mid-range */
	assert_int_equal(fscan_walk(&a, lo, lo + 5001 * ps, keep_present, &pa), 0);
	assert_int_equal(fscan_walk(&a, lo + 5001 * ps, hi, keep_present, &pa), 0);
	assert_int_equal(fscan_walk(&b, lo, hi, keep_present, &pb), 0);
	assert_int_equal(pa.n, NPG / 2);
	assert_int_equal(pb.n, NPG / 2);
	assert_memory_equal(pa.va, pb.va, pa.n * sizeof(*pa.va));
	assert_true(a.n_scan_calls >= 2);
	assert_int_equal(pa.va[1], lo + 2 * ps);
	/* walking backwards restarts the scan */
	pa.n = 0;
	assert_int_equal(fscan_walk(&a, lo, lo + 4 * ps, keep_present, &pa), 0);
	assert_int_equal(pa.n, 2);
	fscan_close(&a);
	fscan_close(&b);
	procfs_fini(&p);
	free(pa.va);
	free(pb.va);
	munmap(m, NPG * ps);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_radix_sort),
		cmocka_unit_test(test_page_state),
		cmocka_unit_test(test_walk_fallback),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_pfn_hidden),
		cmocka_unit_test(test_scan_vs_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
