/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - guest_snapshot.c: the arm64 guest's snapshot round trip (live output == --proc-root output) and the fixture it prints */
#include "guest.h"

/* ------------------------------------------------------ snapshot round trip */

#define SNAP "snap" /* under /tmp, the working directory: the same text here
		     * and in the x86_64 test (tests/bats/arm64_fixture.bats) */
#define RT_TRIES 3

/* one output compared: NAME and vmaview's arguments (without --proc-root) */
struct rt_cmd {
	char name[24];
	char *argv[16];
	char *live, *snap; /* stdout of the live run after the snapshot, and
			    * of the run on the snapshot */
};

static size_t rt_cmds(struct rt_cmd *c)
{
	static char addrs[4][24], range[64], region[64];
	uint64_t lo = UINT64_MAX, hi = 0;
	static const char *const names[] = {"anon", "file", "shared", "thp"};
	size_t n = 0, na = 0;

	for (size_t i = 0; i < 4; i++) {
		const struct mapping *m = map_of(&g.root, names[i]);

		if (m)
			snprintf(addrs[na++], sizeof(addrs[0]), "0x%" PRIx64,
				 m->start + (uint64_t)g.page + 0x123);
	}
	/*
	 * pages: the mapper's own region, where its mappings lie with
	 * nothing else. Pages shared with every process (the vDSO, the
	 * binary) change their LRU bits (referenced) as other programs run.
	 */
	for (size_t i = 0; i < g.root.n; i++) {
		if (g.root.m[i].skipped || !g.root.m[i].end)
			continue;
		if (g.root.m[i].start < lo)
			lo = g.root.m[i].start;
		if (g.root.m[i].end > hi)
			hi = g.root.m[i].end;
	}
	snprintf(region, sizeof(region), "0x%" PRIx64 ",0x%" PRIx64, lo,
		 hi - 1);
#define RT(nm, ...)                                                            \
	do {                                                                   \
		char *a[] = {__VA_ARGS__, NULL};                               \
		snprintf(c[n].name, sizeof(c[n].name), "%s", nm);              \
		memcpy(c[n].argv, a, sizeof(a));                               \
		n++;                                                           \
	} while (0)
	RT("show", g.root.pidstr);
	RT("show.json", "--json", g.root.pidstr);
	RT("frames", "-o",
	   "start,perms,present,swapped,exclusive,runs,largest_run,thp,"
	   "ksm_pages,zero_pages,frame_pss,pte_template,name",
	   g.root.pidstr);
	RT("pages", "pages", "-o",
	   "vaddr,state,pfn,phys,phys_region,pagemap,mapcount,kpageflags,pte",
	   g.root.pidstr, region);
	snprintf(range, sizeof(range), "%s",
		 map_of(&g.root, "anon") ? range_of(map_of(&g.root, "anon"))
					 : "0");
	RT("pages.json", "--json", "pages", g.root.pidstr, range);
	RT("translate", "translate", g.root.pidstr, addrs[0], addrs[1],
	   na > 2 ? addrs[2] : addrs[0], na > 3 ? addrs[3] : addrs[0]);
	RT("translate.json", "--json", "translate", g.root.pidstr, addrs[0],
	   addrs[1], na > 2 ? addrs[2] : addrs[0],
	   na > 3 ? addrs[3] : addrs[0]);
#undef RT
	return n;
}

/* vmaview [--proc-root SNAP] ARGV as root: stdout, NULL (and a failure)
 * unless it exits 0 */
static char *rt_run(const struct rt_cmd *c, bool snap)
{
	char *argv[20] = {VMAVIEW};
	size_t n = 1;
	struct run r;

	if (snap) {
		argv[n++] = "--proc-root";
		argv[n++] = SNAP;
	}
	for (size_t i = 0; c->argv[i]; i++)
		argv[n++] = c->argv[i];
	r = run_as(0, argv);
	free(r.err);
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status)) {
		fail("'%s': status 0x%x", argv_text(argv),
		     (unsigned)r.status);
		free(r.out);
		return NULL;
	}
	return r.out;
}

/*
 * The JSON header of a run on a snapshot names it: "proc_root" and the
 * "snapshot" object (its pid, time, vmaview); everything else must be the
 * live run's. Cuts those two members out of text.
 */
static void rt_unsnap(char *text)
{
	char *a = strstr(text, ",\"proc_root\":\"" SNAP "\""), *b;

	if (!a || a > text + 4096)
		return;
	b = a + strlen(",\"proc_root\":\"" SNAP "\"");
	if (!strncmp(b, ",\"snapshot\":{", 13) && strchr(b, '}'))
		b = strchr(b, '}') + 1;
	memmove(a, b, strlen(b) + 1);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* rm -r DIR (the initramfs has no rm); 0 or -1 */
static int rmtree(const char *dir)
{
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* the first line where a and b differ, for the failure message */
static void rt_first_diff(const char *a, const char *b, char *out, size_t n)
{
	size_t line = 1, i = 0;

	while (a[i] && a[i] == b[i]) {
		if (a[i] == '\n')
			line++;
		i++;
	}
	size_t back = i < 100 ? i : 100;

	snprintf(out, n,
		 "line %zu, byte %zu: after \"%.*s\": live \"%.80s\" "
		 "snapshot \"%.80s\"",
		 line, i, (int)back, a + i - back, a + i, b + i);
}

static void rt_free(struct rt_cmd *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].live);
		free(c[i].snap);
		c[i].live = c[i].snap = NULL;
	}
}

/*
 * vmaview snapshot of the mapper, read back with --proc-root: each output
 * of rt_cmds() equals the live one. The live outputs are taken before and
 * after the snapshot; when they agree (nothing changed in between: up to
 * RT_TRIES attempts), the snapshot's must be exactly that.
 */
static struct rt_cmd rt[8];
static size_t nrt;

int check_snapshot(void)
{
	char *before[8] = {0}, why[512] = "";
	int tries;

	nrt = rt_cmds(rt);
	for (tries = 1; tries <= RT_TRIES; tries++) {
		char *argv[] = {VMAVIEW, "snapshot", g.root.pidstr, "-o", SNAP,
				NULL};
		size_t i;
		struct run r;

		rt_free(rt, nrt);
		for (i = 0; i < nrt; i++) {
			free(before[i]);
			if (!(before[i] = rt_run(&rt[i], false)))
				return 0;
		}
		if (tries > 1 && rmtree("/tmp/" SNAP))
			return fail("cannot remove /tmp/" SNAP);
		r = run_as(0, argv);
		if (!WIFEXITED(r.status) || WEXITSTATUS(r.status))
			return fail("'%s': status 0x%x, stderr: %.300s",
				    argv_text(argv), (unsigned)r.status,
				    r.err);
		for (i = 0; i < nrt; i++)
			if (!(rt[i].live = rt_run(&rt[i], false)) ||
			    !(rt[i].snap = rt_run(&rt[i], true)))
				return 0;
		for (i = 0; i < nrt && !strcmp(before[i], rt[i].live); i++)
			;
		if (i < nrt) {
			rt_first_diff(before[i], rt[i].live, why, sizeof(why));
			info("snapshot try %d: %s changed while it was taken "
			     "(%s)",
			     tries, rt[i].name, why);
			continue;
		}
		for (i = 0; i < nrt; i++) {
			char *s = strdup(rt[i].snap);

			rt_unsnap(s);
			if (strcmp(rt[i].live, s)) {
				rt_first_diff(rt[i].live, s, why, sizeof(why));
				free(s);
				return fail("%s: the snapshot's output differs, "
					    "%s",
					    rt[i].name, why);
			}
			free(s);
		}
		break;
	}
	for (size_t i = 0; i < nrt; i++)
		free(before[i]);
	if (tries > RT_TRIES)
		return fail("the mapper's output changed in each of %d tries",
			    RT_TRIES);
	char names[8 * 26] = "";
	size_t o = 0;

	for (size_t i = 0; i < nrt; i++)
		o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%.23s",
				      i ? ", " : "", rt[i].name);
	return pass("snapshot of %s, --proc-root output == live: %s (try %d)",
		    g.root.pidstr, names, tries);
}

/*
 * vv.fixture=1 (tests/arm64/run.sh --refresh-fixture): the snapshot as
 * snapdump text, the commands and their outputs, each between
 *   VVFIX-BEGIN NAME
 *   VVFIX-END NAME
 * lines, for tests/fixtures/arm64-rock5b/.
 */
void emit_fixture(void)
{
	char *argv[] = {SNAPDUMP, "pack", SNAP, NULL};
	struct run r;

	if (!nrt || !rt[0].snap) {
		info("no fixture: the snapshot check did not pass");
		return;
	}
	r = run_as(0, argv);
	if (!WIFEXITED(r.status) || WEXITSTATUS(r.status)) {
		info("no fixture: snapdump: %.200s", r.err);
		return;
	}
	printf("VVFIX-BEGIN snapshot.dump\n%sVVFIX-END snapshot.dump\n",
	       r.out);
	printf("VVFIX-BEGIN commands\n");
	for (size_t i = 0; i < nrt; i++) {
		printf("%s", rt[i].name);
		for (size_t k = 0; rt[i].argv[k]; k++)
			printf(" %s", rt[i].argv[k]);
		putchar('\n');
	}
	printf("VVFIX-END commands\n");
	for (size_t i = 0; i < nrt; i++) {
		size_t len = strlen(rt[i].snap);

		printf("VVFIX-BEGIN %s.out\n%s%sVVFIX-END %s.out\n", rt[i].name,
		       rt[i].snap,
		       len && rt[i].snap[len - 1] != '\n' ? "\n" : "",
		       rt[i].name);
	}
	fflush(stdout);
}
