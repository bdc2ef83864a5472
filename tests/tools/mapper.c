/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - mapper.c: creates known mappings, says where they are, waits */
/*
 * Usage: mapper [--hostile] [--vmas N] [--timeout SECS] DIR
 *
 * Creates the mappings below (files go into DIR, which must exist), then
 * prints on stdout, one per line:
 *
 *   NAME START END      a mapping; START and END (exclusive) in lowercase
 *                       hex without "0x" and without padding: for these
 *                       mmap-area addresses, the digits /proc/PID/maps
 *                       prints
 *   SKIP NAME REASON    NAME could not be made as asked (e.g. mlock over
 *                       RLIMIT_MEMLOCK, no PR_SET_VMA_ANON_NAME); the memory
 *                       may still be mapped, but not as NAME promises
 *   guardpages START END  the guard pages inside "guard" (not a VMA of its
 *                       own; printed only with a "guard" line)
 *   forkchild PID       the child that shares "forkshared" (always printed)
 *   thread TID COMM ADDR  one of the two worker threads (always printed):
 *                       its TID, its name ("mapper-w1", "mapper-w2") and an
 *                       address inside its stack (hex, as above): the frame
 *                       of mapper_worker_wait(), which it calls from
 *                       mapper_worker() and in which it sleeps in
 *                       nanosleep() for good, so /proc/PID/task/TID/syscall
 *                       shows its stack pointer. Their stacks are
 *                       glibc's (mmap'd anywhere, not in a slot)
 *   READY               everything is in place
 *
 * and then waits, touching nothing, until SIGTERM or SIGINT (exit 0) or
 * the timeout (default 600 s, a safety net for leaked helpers; exit 0).
 * On the way out it SIGKILLs and reaps its child; if the mapper dies any
 * other way, the child gets SIGKILL from the kernel (PR_SET_PDEATHSIG).
 *
 * Sizes are in pages (sysconf(_SC_PAGESIZE)) and all different, so each
 * mapping can also be told apart by its size:
 *
 *   anon         16  rw-p  private anonymous, every page written
 *   untouched    64  rw-p  private anonymous, never touched
 *   populate     22  rw-p  private anonymous, MAP_POPULATE, never touched
 *   zeroread     26  rw-p  private anonymous, every page read (zero page)
 *   file         24  r--p  DIR/mapped-file, every page read
 *   shared       12  rw-s  MAP_SHARED|MAP_ANONYMOUS, every page written
 *   memfd        20  rw-s  memfd "vmaview-memfd", every page written
 *   locked        8  rw-p  private anonymous, mlock()ed, every page written
 *   prot_none    32  ---p  private anonymous PROT_NONE
 *   deleted       6  r--p  DIR/deleted-file, every page read, then unlinked
 *   spaced       10  r--p  "DIR/with space\nnewline", every page read
 *   named        14  rw-p  anonymous named "vmaview-named" (PR_SET_VMA)
 *   named_shmem  18  rw-s  shared anonymous named "vmaview-shm"
 *   forkshared   28  rw-p  private anonymous, every page written, then
 *                          shared with a forked child (comm "mapper-child")
 *                          that keeps it mapped: every page has mapcount 2
 *                          and no "exclusive" bit. The fork comes before any
 *                          other mapping, so nothing else listed here is
 *                          shared with the child
 *   guard        40  rw-p  private anonymous, every page written, then
 *                          MADV_GUARD_INSTALL on pages 8..23 (16 guard
 *                          pages, "guardpages"; their contents are gone):
 *                          24 resident pages. SKIP when the kernel lacks
 *                          guard regions (6.13+)
 *   thp         PMD  rw-p  private anonymous, the PMD size (512 pages of
 *                          4K, 2048 of 16K: hpage_pmd_size) aligned to it,
 *                          MADV_HUGEPAGE, every page written: one PMD-mapped
 *                          THP (AnonHugePages == size). SKIP (the memory
 *                          still mapped) when madvise fails, THP is "never",
 *                          the PMD is over THP_MAX (64K pages), or no PMD THP
 *                          could be had even with MADV_COLLAPSE; then it is
 *                          also MADV_NOHUGEPAGE, so khugepaged leaves it be.
 *                          It lies after the slots, with a gap each side
 *
 * With --hostile, files (each mapped r--p, every page read) named:
 *
 *   h_quote       3  DIR/q"uote
 *   h_backslash   4  DIR/back\slash
 *   h_tab         5  DIR/tab<TAB>here
 *   h_ctl         7  DIR/ctl<0x01>byte
 *   h_badutf8     9  DIR/bad<0xff><0xfe>utf8
 *   h_heap       11  DIR/[heap]
 *   h_long       13  DIR/ then 24 directories of 200 'd's, then long-file
 *                    (a path longer than PATH_MAX)
 *   h_utf8       15  DIR/caf<U+00E9>-<U+20AC>
 *   h_4096       17  DIR/ then directories of 200 'e's, then a file of
 *                    'f's: the whole path exactly 4,096 bytes (PATH_MAX)
 *   h_esc        19  DIR/esc<ESC>[31mred<CR>cr<DEL>del (terminal controls)
 *   h_badseq     21  DIR/over<0xc0><0xaf>sur<0xed><0xa0><0x80>end<0xe2><0x82>
 *                    (overlong, surrogate, a sequence cut off at the end)
 *
 * With --vmas N, also "many START END": N one-page private anonymous VMAs
 * in a row, alternately r--p and rw-p so that they cannot merge.
 *
 * Every mapping sits alone in its own slot with unmapped gaps around it,
 * so the kernel never merges it with a neighbour.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#endif
#ifndef PR_SET_VMA_ANON_NAME
#define PR_SET_VMA_ANON_NAME 0
#endif

#ifndef MADV_HUGEPAGE
#define MADV_HUGEPAGE 14
#endif
#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

#define SLOT_PAGES 128 /* all but thp are smaller: the rest is a gap */
#define MAX_SLOTS 32
#define THP_MAX (64UL << 20) /* a larger PMD (64K pages: 512 MiB) is skipped */
#define FORK_PAGES 28
#define GUARD_PAGES 40
#define GUARD_FIRST 8 /* pages GUARD_FIRST .. GUARD_FIRST + GUARD_N - 1 */
#define GUARD_N 16
#define LONG_DEPTH 24
#define LONG_COMPONENT 200

struct mapping {
	const char *name;
	uintptr_t start, end;
};

static struct mapping maps[MAX_SLOTS + 1];
static size_t nmaps;
static char skips[MAX_SLOTS][512];
static size_t nskips;

static long page;
static char *fillbuf; /* a page of data for files; allocated after the fork */
static uintptr_t slot_base;
static size_t next_slot;
static uintptr_t thp_base; /* PMD-aligned, inside the reservation */
static size_t pmd_size;
static size_t thp_len; /* the PMD size, or 512 pages when it is over THP_MAX */
static uintptr_t guard_lo, guard_hi;
static pid_t child;
static volatile sig_atomic_t stop;

static void end_child(void);

static void die(const char *what)
{
	fprintf(stderr, "mapper: %s: %s\n", what, strerror(errno));
	end_child();
	exit(1);
}

static void dief(const char *what, const char *arg)
{
	fprintf(stderr, "mapper: %s '%s': %s\n", what, arg, strerror(errno));
	end_child();
	exit(1);
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void record(const char *name, void *addr, size_t pages)
{
	maps[nmaps].name = name;
	maps[nmaps].start = (uintptr_t)addr;
	maps[nmaps].end = (uintptr_t)addr + pages * (size_t)page;
	nmaps++;
}

static void skip(const char *name, const char *why)
{
	snprintf(skips[nskips++], sizeof(skips[0]), "SKIP %s %s", name, why);
}

static void skip_errno(const char *name, const char *call, int e)
{
	char why[128];

	snprintf(why, sizeof(why), "%s: %s", call, strerror(e));
	skip(name, why);
}

/* Maps at the next free slot; fails if the kernel puts it elsewhere. */
static void *map_slot(size_t pages, int prot, int flags, int fd)
{
	void *want, *p;

	if (next_slot == MAX_SLOTS) {
		errno = ENOSPC;
		die("out of slots");
	}
	want = (void *)(slot_base + next_slot++ * SLOT_PAGES * (size_t)page);
	p = mmap(want, pages * (size_t)page, prot, flags | MAP_FIXED_NOREPLACE,
		 fd, 0);
	if (p == MAP_FAILED)
		die("mmap");
	if (p != want) {
		errno = EEXIST;
		die("mmap ignored the address hint");
	}
	return p;
}

static void *map_anon(size_t pages, int prot, int flags)
{
	return map_slot(pages, prot, flags | MAP_ANONYMOUS, -1);
}

static void write_pages(void *addr, size_t pages)
{
	for (size_t i = 0; i < pages; i++)
		((volatile char *)addr)[i * (size_t)page] = (char)(i + 1);
}

static unsigned long read_pages(const void *addr, size_t pages)
{
	unsigned long sum = 0;

	for (size_t i = 0; i < pages; i++)
		sum += (unsigned char)((const volatile char *)addr)[i * (size_t)page];
	return sum;
}

/*
 * Fills fd with pages of non-zero bytes and writes them back now: dirty
 * page-cache pages would otherwise turn clean whenever writeback comes,
 * in the middle of a test comparing two reads of smaps.
 */
static void fill(int fd, size_t pages, const char *name)
{
	for (size_t i = 0; i < pages; i++)
		if (write(fd, fillbuf, (size_t)page) != (ssize_t)page)
			dief("write", name);
	if (fsync(fd) < 0)
		dief("fsync", name);
}

/* Creates dfd/name with pages of data, maps it r--p, reads it all. */
static void *map_file_at(int dfd, const char *name, size_t pages,
			 const char *label)
{
	int fd = openat(dfd, name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
			0644);
	void *p;

	if (fd < 0)
		dief("open", name);
	fill(fd, pages, name);
	p = map_slot(pages, PROT_READ, MAP_PRIVATE, fd);
	close(fd);
	read_pages(p, pages);
	record(label, p, pages);
	return p;
}

static void map_long(int dfd)
{
	char comp[LONG_COMPONENT + 1];
	int fd = dup(dfd);

	if (fd < 0)
		die("dup");
	memset(comp, 'd', LONG_COMPONENT);
	comp[LONG_COMPONENT] = '\0';
	for (int i = 0; i < LONG_DEPTH; i++) {
		int sub;

		if (mkdirat(fd, comp, 0755) < 0 && errno != EEXIST)
			die("mkdirat (long path)");
		sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub < 0)
			die("openat (long path)");
		close(fd);
		fd = sub;
	}
	map_file_at(fd, "long-file", 13, "h_long");
	close(fd);
}

/* h_4096: DIR's real path, nested 'e' directories and an 'f' file name. */
static void map_4096(int dfd, const char *dir)
{
	char *real = realpath(dir, NULL), comp[256];
	int fd = dup(dfd);
	size_t left;

	if (!real || fd < 0)
		die("realpath/dup (h_4096)");
	/* what the file's own name must fill: 1..255 bytes */
	left = 4096 - strlen(real) - 1;
	free(real);
	memset(comp, 'e', 200);
	comp[200] = '\0';
	while (left > 255) {
		int sub;

		if (mkdirat(fd, comp, 0755) < 0 && errno != EEXIST)
			die("mkdirat (h_4096)");
		sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub < 0)
			die("openat (h_4096)");
		close(fd);
		fd = sub;
		left -= 201;
	}
	memset(comp, 'f', left);
	comp[left] = '\0';
	map_file_at(fd, comp, 17, "h_4096");
	close(fd);
}

static void name_anon(void *addr, size_t pages, const char *label,
		      const char *vma_name)
{
	if (prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, (unsigned long)addr,
		  pages * (size_t)page, (unsigned long)vma_name) < 0) {
		char why[128];

		snprintf(why, sizeof(why), "prctl(PR_SET_VMA_ANON_NAME): %s",
			 strerror(errno));
		skip(label, why);
		return;
	}
	record(label, addr, pages);
}

/*
 * forkshared: mapped and written, then shared with a child that sleeps
 * until the mapper goes. Called before anything else is mapped.
 */
static void map_forkshared(const sigset_t *old, long timeout)
{
	pid_t parent = getpid();
	void *p = map_anon(FORK_PAGES, PROT_READ | PROT_WRITE, MAP_PRIVATE);

	write_pages(p, FORK_PAGES);
	record("forkshared", p, FORK_PAGES);
	child = fork();
	if (child < 0)
		die("fork");
	if (child > 0)
		return;
	/* the child: dies with the mapper, even if the mapper is SIGKILLed */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		_exit(1);
	if (getppid() != parent) /* the mapper died before the prctl */
		_exit(1);
	prctl(PR_SET_NAME, "mapper-child");
	if (timeout)
		alarm((unsigned int)timeout + 5);
	while (!stop)
		sigsuspend(old);
	_exit(0);
}

static void end_child(void)
{
	if (child > 0) {
		kill(child, SIGKILL);
		while (waitpid(child, NULL, 0) < 0 && errno == EINTR)
			;
		child = 0;
	}
}

static void map_guard(void)
{
	char *p = map_anon(GUARD_PAGES, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char *g = p + GUARD_FIRST * (size_t)page;

	write_pages(p, GUARD_PAGES);
	if (madvise(g, GUARD_N * (size_t)page, MADV_GUARD_INSTALL) < 0) {
		skip_errno("guard", "madvise(MADV_GUARD_INSTALL)", errno);
		return;
	}
	record("guard", p, GUARD_PAGES);
	guard_lo = (uintptr_t)g;
	guard_hi = (uintptr_t)g + GUARD_N * (size_t)page;
}

/* AnonHugePages (kB) of our VMA at start, from /proc/self/smaps, or -1. */
static long anon_huge_kb(uintptr_t start)
{
	char head[32], *line = NULL;
	size_t cap = 0;
	bool in = false;
	long kb = -1;
	FILE *f = fopen("/proc/self/smaps", "re");

	if (!f)
		return -1;
	snprintf(head, sizeof(head), "%jx-", (uintmax_t)start);
	while (getline(&line, &cap, f) > 0) {
		if (strchr(line, '-') && strchr(line, ' ') &&
		    strchr(line, '-') < strchr(line, ' ')) {
			/* a VMA header: "START-END perms ..." */
			in = !strncmp(line, head, strlen(head));
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	free(line);
	fclose(f);
	return kb;
}

/* The bracketed word of a /sys/kernel/mm/transparent_hugepage file, or "". */
static void thp_setting(const char *file, char *out, size_t len)
{
	char path[128], buf[256], *a, *b;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/mm/transparent_hugepage/%s",
		 file);
	out[0] = '\0';
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, sizeof(buf), f) && (a = strchr(buf, '[')) &&
	    (b = strchr(a, ']'))) {
		*b = '\0';
		snprintf(out, len, "%s", a + 1);
	}
	fclose(f);
}

static void map_thp(void)
{
	size_t len = thp_len, npages = thp_len / (size_t)page;
	char setting[32], why[160];
	void *p;
	long kb;

	p = mmap((void *)thp_base, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		die("mmap (thp)");
	if (p != (void *)thp_base) {
		errno = EEXIST;
		die("mmap (thp) ignored the address hint");
	}
	if (madvise(p, len, MADV_HUGEPAGE) < 0) {
		skip_errno("thp", "madvise(MADV_HUGEPAGE)", errno);
		write_pages(p, npages);
		return;
	}
	thp_setting("enabled", setting, sizeof(setting));
	if (!strcmp(setting, "never")) {
		madvise(p, len, MADV_NOHUGEPAGE);
		write_pages(p, npages);
		skip("thp", "transparent_hugepage/enabled is never");
		return;
	}
	if (pmd_size > THP_MAX) {
		madvise(p, len, MADV_NOHUGEPAGE);
		write_pages(p, npages);
		snprintf(why, sizeof(why), "the PMD size is %zu MiB (over %lu)",
			 pmd_size >> 20, THP_MAX >> 20);
		skip("thp", why);
		return;
	}
	write_pages(p, npages);
	kb = anon_huge_kb((uintptr_t)p);
	if (kb * 1024 != (long)len) {
		/* no huge page at fault time (fragmented memory): ask again */
		madvise(p, len, MADV_COLLAPSE);
		kb = anon_huge_kb((uintptr_t)p);
	}
	if (kb * 1024 != (long)len) {
		madvise(p, len, MADV_NOHUGEPAGE);
		snprintf(why, sizeof(why),
			 "no PMD THP even after MADV_COLLAPSE "
			 "(AnonHugePages %ld kB, enabled %s)",
			 kb, setting);
		skip("thp", why);
		return;
	}
	record("thp", p, npages);
}

/* The PMD size: the kernel's word for it, else what a page table holds. */
static size_t get_pmd_size(void)
{
	unsigned long long v = 0;
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size",
			"re");

	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 0;
		fclose(f);
	}
	if (!v)
		v = (unsigned long long)page / 8 * (unsigned long long)page;
	return (size_t)v;
}

static void map_all(int dfd, const char *dir, bool hostile)
{
	struct rlimit rl;
	void *p;
	int fd;

	p = map_anon(16, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	write_pages(p, 16);
	record("anon", p, 16);

	p = map_anon(64, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	record("untouched", p, 64);

	p = map_anon(22, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_POPULATE);
	record("populate", p, 22);

	p = map_anon(26, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	read_pages(p, 26);
	record("zeroread", p, 26);

	map_file_at(dfd, "mapped-file", 24, "file");

	p = map_anon(12, PROT_READ | PROT_WRITE, MAP_SHARED);
	write_pages(p, 12);
	record("shared", p, 12);

	fd = memfd_create("vmaview-memfd", MFD_CLOEXEC);
	if (fd < 0)
		die("memfd_create");
	if (ftruncate(fd, 20 * page) < 0)
		die("ftruncate memfd");
	p = map_slot(20, PROT_READ | PROT_WRITE, MAP_SHARED, fd);
	close(fd);
	write_pages(p, 20);
	record("memfd", p, 20);

	p = map_anon(8, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	write_pages(p, 8);
	/* the raw syscall: ASan's mlock() interceptor does nothing */
	if (syscall(SYS_mlock, p, 8 * (size_t)page) < 0) {
		char why[128];
		int e = errno;

		getrlimit(RLIMIT_MEMLOCK, &rl);
		snprintf(why, sizeof(why), "mlock: %s (RLIMIT_MEMLOCK %llu)",
			 strerror(e), (unsigned long long)rl.rlim_cur);
		skip("locked", why);
	} else {
		record("locked", p, 8);
	}

	p = map_anon(32, PROT_NONE, MAP_PRIVATE);
	record("prot_none", p, 32);

	p = map_file_at(dfd, "deleted-file", 6, "deleted");
	if (unlinkat(dfd, "deleted-file", 0) < 0)
		die("unlink deleted-file");

	map_file_at(dfd, "with space\nnewline", 10, "spaced");

	p = map_anon(14, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	write_pages(p, 14);
	name_anon(p, 14, "named", "vmaview-named");

	p = map_anon(18, PROT_READ | PROT_WRITE, MAP_SHARED);
	write_pages(p, 18);
	name_anon(p, 18, "named_shmem", "vmaview-shm");

	map_guard();
	map_thp();

	if (!hostile)
		return;
	map_file_at(dfd, "q\"uote", 3, "h_quote");
	map_file_at(dfd, "back\\slash", 4, "h_backslash");
	map_file_at(dfd, "tab\there", 5, "h_tab");
	map_file_at(dfd, "ctl\001byte", 7, "h_ctl");
	map_file_at(dfd, "bad\377\376utf8", 9, "h_badutf8");
	map_file_at(dfd, "[heap]", 11, "h_heap");
	map_long(dfd);
	map_file_at(dfd, "caf\303\251-\342\202\254", 15, "h_utf8");
	map_4096(dfd, dir);
	map_file_at(dfd, "esc\033[31mred\rcr\177del", 19, "h_esc");
	map_file_at(dfd, "over\300\257sur\355\240\200end\342\202", 21,
		    "h_badseq");
}

/* N one-page VMAs, alternately r--p and rw-p, between two unmapped pages. */
static void map_many(long n)
{
	size_t len = ((size_t)n + 2) * (size_t)page;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap (--vmas)");
	if (munmap(p, (size_t)page) < 0 ||
	    munmap(p + len - (size_t)page, (size_t)page) < 0)
		die("munmap (--vmas)");
	p += page;
	for (long i = 0; i < n; i += 2)
		if (mprotect(p + i * page, (size_t)page, PROT_READ) < 0)
			die("mprotect (--vmas)");
	maps[nmaps].name = "many";
	maps[nmaps].start = (uintptr_t)p;
	maps[nmaps].end = (uintptr_t)p + (size_t)n * (size_t)page;
	nmaps++;
}

#define NWORKERS 2

struct worker {
	pthread_t thread;
	char name[16];
	pid_t tid;
	uintptr_t frame;  /* in mapper_worker_wait's frame, on its stack */
	sem_t ready;
};

static struct worker workers[NWORKERS];

/* Where --stacks must find the workers: kept out of line, with a frame. */
__attribute__((noinline)) static void mapper_worker_wait(struct worker *w)
{
	const struct timespec forever = { 3600, 0 };

	w->frame = (uintptr_t)__builtin_frame_address(0);
	w->tid = (pid_t)syscall(SYS_gettid);
	sem_post(&w->ready);
	for (;;)
		nanosleep(&forever, NULL);
}

__attribute__((noinline)) static void *mapper_worker(void *arg)
{
	mapper_worker_wait(arg);
	return NULL;
}

/* Is the thread asleep in a syscall yet (its SP readable in syscall)? */
static bool worker_asleep(pid_t tid)
{
	char path[64], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return true; /* nothing to wait for */
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strncmp(buf, "running", 7) != 0;
}

/* After every mapping: the workers' stacks are glibc's, not in slots. */
static void start_workers(void)
{
	for (int i = 0; i < NWORKERS; i++) {
		struct worker *w = &workers[i];

		snprintf(w->name, sizeof(w->name), "mapper-w%d", i + 1);
		if (sem_init(&w->ready, 0, 0) < 0)
			die("sem_init");
		errno = pthread_create(&w->thread, NULL, mapper_worker, w);
		if (errno)
			die("pthread_create");
		pthread_setname_np(w->thread, w->name);
		while (sem_wait(&w->ready) < 0)
			;
		for (int t = 0; t < 1000 && !worker_asleep(w->tid); t++)
			usleep(1000);
	}
}

static void usage(void)
{
	fputs("usage: mapper [--hostile] [--vmas N] [--timeout SECS] DIR\n",
	      stderr);
	exit(2);
}

static long number(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0)
		usage();
	return v;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	bool hostile = false;
	long nvmas = 0, timeout = 600;
	struct sigaction sa;
	sigset_t block, old;
	size_t slots_len, thp_align, res_len;
	void *res;
	int dfd;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--hostile"))
			hostile = true;
		else if (!strcmp(argv[i], "--vmas") && i + 1 < argc)
			nvmas = number(argv[++i]);
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = number(argv[++i]);
		else if (argv[i][0] == '-' || dir)
			usage();
		else
			dir = argv[i];
	}
	if (!dir)
		usage();
	page = sysconf(_SC_PAGESIZE);
	pmd_size = get_pmd_size();
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		dief("open", dir);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGALRM);
	sa.sa_mask = block;
	if (sigaction(SIGTERM, &sa, NULL) < 0 ||
	    sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGALRM, &sa, NULL) < 0)
		die("sigaction");
	if (sigprocmask(SIG_BLOCK, &block, &old) < 0)
		die("sigprocmask");

	/*
	 * Find room for every slot and, above them, for thp at a PMD-aligned
	 * address with a gap each side; give it back and fill it slot by slot.
	 */
	slots_len = (size_t)(MAX_SLOTS + 1) * SLOT_PAGES * (size_t)page;
	thp_len = pmd_size <= THP_MAX ? pmd_size : 512 * (size_t)page;
	thp_align = thp_len;
	res_len = slots_len + 2 * thp_align + thp_len;
	res = mmap(NULL, res_len, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED)
		die("mmap (reservation)");
	if (munmap(res, res_len) < 0)
		die("munmap (reservation)");
	/* start one slot in: a gap below the first mapping too */
	slot_base = (uintptr_t)res + SLOT_PAGES * (size_t)page;
	thp_base = ((uintptr_t)res + slots_len + (size_t)page + thp_align - 1) &
		   ~(uintptr_t)(thp_align - 1);

	/* first, so that the child shares nothing else the mapper maps */
	map_forkshared(&old, timeout);

	fillbuf = malloc((size_t)page);
	if (!fillbuf)
		die("malloc");
	memset(fillbuf, 'v', (size_t)page);

	map_all(dfd, dir, hostile);
	close(dfd);
	if (nvmas)
		map_many(nvmas);
	start_workers();

	for (size_t i = 0; i < nmaps; i++)
		printf("%s %jx %jx\n", maps[i].name, (uintmax_t)maps[i].start,
		       (uintmax_t)maps[i].end);
	if (guard_hi)
		printf("guardpages %jx %jx\n", (uintmax_t)guard_lo,
		       (uintmax_t)guard_hi);
	printf("forkchild %ld\n", (long)child);
	for (int i = 0; i < NWORKERS; i++)
		printf("thread %d %s %jx\n", (int)workers[i].tid, workers[i].name,
		       (uintmax_t)workers[i].frame);
	for (size_t i = 0; i < nskips; i++)
		printf("%s\n", skips[i]);
	printf("READY\n");
	if (fflush(stdout) != 0 || ferror(stdout))
		die("stdout");

	if (timeout)
		alarm((unsigned int)timeout);
	while (!stop)
		sigsuspend(&old);
	end_child();
	return 0;
}
