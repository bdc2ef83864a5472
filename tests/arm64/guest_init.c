/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - guest_init.c: /init of the arm64 tier's initramfs: run vmaview's
 * checks, power off */
/*
 * Runs as PID 1 in a Debian arm64 kernel under qemu-system-aarch64 (see
 * tests/arm64/run.sh). The initramfs holds this program as /init, /vmaview
 * and /mapper (tests/tools/mapper.c), all static. It mounts proc, sys and
 * devtmpfs, starts two mappers (one as root, one as uid 65534), runs the
 * checks of the table checks[] below, prints one line per check
 *
 *   VV PASS|FAIL|SKIP NAME: detail
 *
 * and last the marker line run.sh judges by:
 *
 *   VMAVIEW-ARM64: PASS n/m (k skipped) [kernel ..., model ...]
 *   VMAVIEW-ARM64: FAIL f/m failed: NAME,NAME,...
 *
 * then powers off. What the booted kernel must look like comes from the
 * host, which read the kernel package's config, on the kernel command line:
 *
 *   vv.page=4096|16384  vv.va=48  vv.levels=4  vv.kver=6.12
 *   vv.board=virt|rock5b-plus   (which device tree qemu was given)
 *   vv.fixture=1                (print the snapshot fixture, see
 *                                emit_fixture(); run.sh --refresh-fixture)
 *
 * The initramfs also holds /snapdump (tests/tools/snapdump.c). The
 * "snapshot" check takes vmaview snapshot of the mapper into /tmp/snap and
 * compares the output of a few commands run on it (--proc-root snap) with
 * the live output taken around it.
 *
 * Expected values are computed here from the kernel's own definitions and
 * from /proc read directly (pagemap, kpageflags, kpagecount, maps), never
 * taken from vmaview's output. To add a check: write a function
 * "static int check_x(void)" that ends in "return pass(...)" and leaves
 * early with "return fail(...)" or "return skip(...)" (several fail() calls
 * are fine), and add a line to checks[]. VV(uid, &run, args...) runs
 * /vmaview and parses its JSON; jget/jstr/jnum/jnull/jhas_name read it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <elf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VMAVIEW "/vmaview"
#define MAPPER "/mapper"
#define SNAPDUMP "/snapdump"
#define NOBODY 65534
#define CMD_TIMEOUT_MS 120000

/* arm64 descriptor bits (arch/arm64/include/asm/pgtable-hwdef.h and
 * pgtable-prot.h, Linux 6.1 and 6.12: the same positions in both) */
#define A64_VALID_PAGE 0x3ULL /* PTE_VALID | PTE_TYPE_PAGE */
#define A64_USER (1ULL << 6)
#define A64_RDONLY (1ULL << 7)
#define A64_SH (3ULL << 8) /* PTE_SHARED, inner shareable (no LPA2) */
#define A64_AF (1ULL << 10)
#define A64_NG (1ULL << 11)
#define A64_DBM (1ULL << 51) /* PTE_DBM == PTE_WRITE */
#define A64_PXN (1ULL << 53)
#define A64_UXN (1ULL << 54)
#define A64_DIRTY (1ULL << 55) /* software PTE_DIRTY */
#define A64_SPECIAL (1ULL << 56)
/* PAGE_READONLY: a page read through a private mapping */
#define A64_RO                                                                 \
	(A64_VALID_PAGE | A64_USER | A64_RDONLY | A64_SH | A64_AF | A64_NG |   \
	 A64_PXN | A64_UXN)
/* a written private anonymous page: pte_mkwrite(pte_mkdirty()) of it */
#define A64_RW_DIRTY ((A64_RO & ~A64_RDONLY) | A64_DBM | A64_DIRTY)

#define PM_PFN_MASK ((1ULL << 55) - 1)
#define PM_PRESENT (1ULL << 63)
#define KPF_ANON 12
#define KPF_THP 22
#define KPF_KSM 21
#define KPF_MMAP 11

/* ------------------------------------------------------------ reporting */

static unsigned npass, nfail, nskip;
static char failed[1024];
static const char *cur; /* name of the running check */
static unsigned cur_fail, cur_pass, cur_skip;

static void say(const char *tag, const char *fmt, va_list ap)
{
	printf("VV %s %s: ", tag, cur);
	vprintf(fmt, ap);
	putchar('\n');
}

static int pass(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("PASS", fmt, ap);
	va_end(ap);
	cur_pass++;
	return 0;
}

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("FAIL", fmt, ap);
	va_end(ap);
	cur_fail++;
	return 0;
}

static int skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("SKIP", fmt, ap);
	va_end(ap);
	cur_skip++;
	return 0;
}

static void info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("VV INFO ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

/* ----------------------------------------------------------- a tiny JSON */

enum jt { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jt t;
	char *s; /* string, or the number's text; "true"/"false" */
	size_t n; /* members */
	char **keys; /* objects */
	struct jv *kids; /* members */
};

static const char *jp; /* parse position */

static void jws(void)
{
	while (*jp == ' ' || *jp == '\t' || *jp == '\n' || *jp == '\r')
		jp++;
}

static void utf8(char **o, unsigned c)
{
	char *p = *o;

	if (c < 0x80) {
		*p++ = (char)c;
	} else if (c < 0x800) {
		*p++ = (char)(0xc0 | c >> 6);
		*p++ = (char)(0x80 | (c & 0x3f));
	} else {
		*p++ = (char)(0xe0 | c >> 12);
		*p++ = (char)(0x80 | ((c >> 6) & 0x3f));
		*p++ = (char)(0x80 | (c & 0x3f));
	}
	*o = p;
}

static char *jstring(void)
{
	char *out, *o;
	const char *q = ++jp;

	while (*q && *q != '"')
		q += *q == '\\' && q[1] ? 2 : 1;
	if (!*q)
		return NULL;
	o = out = malloc((size_t)(q - jp) * 2 + 1);
	while (*jp != '"') {
		if (*jp != '\\') {
			*o++ = *jp++;
			continue;
		}
		jp++;
		switch (*jp++) {
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'u': {
			char h[5] = {0};

			memcpy(h, jp, 4);
			jp += 4;
			utf8(&o, (unsigned)strtoul(h, NULL, 16));
			break;
		}
		default:
			*o++ = jp[-1];
		}
	}
	jp++;
	*o = 0;
	return out;
}

static bool jvalue(struct jv *v)
{
	jws();
	memset(v, 0, sizeof(*v));
	if (*jp == '{' || *jp == '[') {
		bool obj = *jp++ == '{';

		v->t = obj ? J_OBJ : J_ARR;
		jws();
		if (*jp == (obj ? '}' : ']')) {
			jp++;
			return true;
		}
		for (;;) {
			char *key = NULL;

			jws();
			if (obj) {
				if (*jp != '"' || !(key = jstring()))
					return false;
				jws();
				if (*jp++ != ':')
					return false;
			}
			v->kids =
				realloc(v->kids, (v->n + 1) * sizeof(*v->kids));
			v->keys =
				realloc(v->keys, (v->n + 1) * sizeof(*v->keys));
			v->keys[v->n] = key;
			if (!jvalue(&v->kids[v->n++]))
				return false;
			jws();
			if (*jp == ',') {
				jp++;
				continue;
			}
			if (*jp++ != (obj ? '}' : ']'))
				return false;
			return true;
		}
	}
	if (*jp == '"') {
		v->t = J_STR;
		return (v->s = jstring()) != NULL;
	}
	if (!strncmp(jp, "null", 4)) {
		jp += 4;
		return true;
	}
	if (!strncmp(jp, "true", 4) || !strncmp(jp, "false", 5)) {
		v->t = J_BOOL;
		v->s = *jp == 't' ? "true" : "false";
		jp += *jp == 't' ? 4 : 5;
		return true;
	}
	if (*jp == '-' || isdigit((unsigned char)*jp)) {
		const char *q = jp;

		while (*jp && strchr("+-.eE0123456789", *jp))
			jp++;
		v->t = J_NUM;
		v->s = strndup(q, (size_t)(jp - q));
		return true;
	}
	return false;
}

/* parse TEXT; NULL (and a message) when it is not one JSON document */
static struct jv *jparse(const char *text)
{
	struct jv *v = malloc(sizeof(*v));

	jp = text;
	if (!jvalue(v)) {
		fail("not JSON near offset %zu: %.60s", (size_t)(jp - text),
		     jp);
		return NULL;
	}
	jws();
	if (*jp) {
		fail("trailing text after the JSON document: %.60s", jp);
		return NULL;
	}
	return v;
}

/* member KEY of an object, or NULL */
static const struct jv *jkey(const struct jv *v, const char *key)
{
	if (!v || v->t != J_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return &v->kids[i];
	return NULL;
}

/* "a.b.0.c": members and array indexes, or NULL */
static const struct jv *jget(const struct jv *v, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *t = strtok_r(buf, ".", &save); v && t;
	     t = strtok_r(NULL, ".", &save)) {
		if (v->t == J_ARR && isdigit((unsigned char)*t)) {
			size_t i = strtoul(t, NULL, 10);

			v = i < v->n ? &v->kids[i] : NULL;
		} else {
			v = jkey(v, t);
		}
	}
	return v;
}

static const char *jstr(const struct jv *v, const char *path)
{
	v = jget(v, path);
	return v && (v->t == J_STR || v->t == J_NUM || v->t == J_BOOL) ? v->s
								       : NULL;
}

/* a hex string ("0x1f") or a number; false when absent or null */
static bool jnum(const struct jv *v, const char *path, uint64_t *out)
{
	const char *s = jstr(v, path);

	if (!s)
		return false;
	*out = strtoull(s, NULL, 0);
	return true;
}

static bool jnull(const struct jv *v, const char *path)
{
	v = jget(v, path);
	return v && v->t == J_NULL;
}

static bool jhas_name(const struct jv *v, const char *path, const char *name)
{
	v = jget(v, path);
	for (size_t i = 0; v && v->t == J_ARR && i < v->n; i++)
		if (v->kids[i].t == J_STR && !strcmp(v->kids[i].s, name))
			return true;
	return false;
}

/* -------------------------------------------------------- running tools */

struct run {
	int status; /* waitpid status; -1 when it could not run */
	char *out, *err;
	size_t nout, nerr;
};

static void drain(int fd, char **buf, size_t *n, bool *open)
{
	char tmp[65536];
	ssize_t r = read(fd, tmp, sizeof(tmp));

	if (r <= 0) {
		*open = false;
		return;
	}
	*buf = realloc(*buf, *n + (size_t)r + 1);
	memcpy(*buf + *n, tmp, (size_t)r);
	*n += (size_t)r;
	(*buf)[*n] = 0;
}

/* run ARGV as UID (0: stay root), collect stdout and stderr */
static struct run run_as(uid_t uid, char *const argv[])
{
	struct run r = {.status = -1};
	int po[2], pe[2];
	pid_t pid;

	r.out = calloc(1, 1);
	r.err = calloc(1, 1);
	if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC))
		return r;
	pid = fork();
	if (pid == 0) {
		dup2(po[1], 1);
		dup2(pe[1], 2);
		if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	bool oo = true, eo = true;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (pid > 0 && (oo || eo)) {
		struct pollfd p[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};

		if (poll(p, 2, 1000) < 0 && errno != EINTR)
			break;
		if (oo && p[0].revents)
			drain(po[0], &r.out, &r.nout, &oo);
		if (eo && p[1].revents)
			drain(pe[0], &r.err, &r.nerr, &eo);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((t1.tv_sec - t0.tv_sec) * 1000 > CMD_TIMEOUT_MS) {
			kill(pid, SIGKILL);
			fprintf(stderr, "VV INFO %s: killed after %d s\n",
				argv[0], CMD_TIMEOUT_MS / 1000);
			break;
		}
	}
	close(po[0]);
	close(pe[0]);
	if (pid > 0)
		waitpid(pid, &r.status, 0);
	return r;
}

static char *argv_text(char *const argv[])
{
	static char buf[1024];
	size_t n = 0;

	buf[0] = 0;
	for (size_t i = 0; argv[i] && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
				      i ? " " : "", argv[i]);
	return buf;
}

/*
 * vmaview ARGS... as UID; the parsed JSON of its stdout when it exits 0
 * and JSON is wanted (else NULL and a failure); *rr gets the run.
 */
static struct jv *vv_json(uid_t uid, struct run *rr, ...)
{
	char *argv[32] = {VMAVIEW};
	size_t n = 1;
	va_list ap;

	va_start(ap, rr);
	while (n < 31 && (argv[n] = va_arg(ap, char *)))
		n++;
	va_end(ap);
	argv[n] = NULL;
	*rr = run_as(uid, argv);
	if (!WIFEXITED(rr->status) || WEXITSTATUS(rr->status)) {
		fail("'%s' (uid %u): status 0x%x, stderr: %.400s",
		     argv_text(argv), (unsigned)uid, (unsigned)rr->status,
		     rr->err);
		return NULL;
	}
	return jparse(rr->out);
}

#define VV(uid, rr, ...) vv_json(uid, rr, __VA_ARGS__, (char *)NULL)

/* --------------------------------------------------------------- context */

struct mapping {
	char name[32];
	uint64_t start, end;
	bool skipped;
};

struct mapper {
	pid_t pid;
	uid_t uid;
	char pidstr[16];
	struct mapping m[64];
	size_t n;
};

static struct {
	long page;
	unsigned page_shift, va, levels;
	char kver[16], board[32], model[128];
	bool fixture; /* vv.fixture=1: print the snapshot fixture */
	struct mapper root, nobody;
} g;

static const struct mapping *map_of(const struct mapper *mp, const char *name)
{
	for (size_t i = 0; i < mp->n; i++)
		if (!strcmp(mp->m[i].name, name))
			return mp->m[i].skipped ? NULL : &mp->m[i];
	return NULL;
}

/* "0xLO,0xHI" for the pages of mapping NAME, HI inclusive */
static const char *range_of(const struct mapping *m)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "0x%" PRIx64 ",0x%" PRIx64, m->start,
		 m->end - 1);
	return buf;
}

static bool pread_u64(const char *path, uint64_t index, uint64_t *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r = -1;

	if (fd >= 0) {
		r = pread(fd, out, 8, (off_t)(index * 8));
		close(fd);
	}
	return r == 8;
}

static bool pagemap_word(pid_t pid, uint64_t va, uint64_t *out)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	return pread_u64(path, va / (uint64_t)g.page, out);
}

/* start MAPPER as UID in DIR; read its lines up to READY */
static bool start_mapper(struct mapper *mp, uid_t uid, const char *dir)
{
	int po[2];
	FILE *f;
	char line[512];

	mkdir(dir, 0755);
	if (chown(dir, uid, uid))
		return false;
	if (pipe2(po, O_CLOEXEC))
		return false;
	mp->uid = uid;
	mp->pid = fork();
	if (mp->pid == 0) {
		dup2(po[1], 1);
		if (uid && (setgroups(0, NULL) || setgid(uid) || setuid(uid)))
			_exit(126);
		execl(MAPPER, MAPPER, "--timeout", "900", dir, (char *)NULL);
		_exit(127);
	}
	close(po[1]);
	snprintf(mp->pidstr, sizeof(mp->pidstr), "%d", (int)mp->pid);
	f = fdopen(po[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		struct mapping *m = &mp->m[mp->n];
		char name[32];

		if (!strcmp(line, "READY\n")) {
			fclose(f);
			return true;
		}
		if (sscanf(line, "SKIP %31s", name) == 1) {
			for (size_t i = 0; i < mp->n; i++)
				if (!strcmp(mp->m[i].name, name))
					mp->m[i].skipped = true;
			if (mp->n < 63) {
				snprintf(m->name, sizeof(m->name), "%s", name);
				m->skipped = true;
				mp->n++;
			}
			info("mapper (uid %u): %.*s", (unsigned)uid,
			     (int)strcspn(line, "\n"), line);
			continue;
		}
		if (mp->n < 63 && sscanf(line, "%31s %" SCNx64 " %" SCNx64,
					 m->name, &m->start, &m->end) == 3)
			mp->n++;
	}
	if (f)
		fclose(f);
	return false;
}

static void stop_mapper(struct mapper *mp)
{
	if (mp->pid > 0) {
		kill(mp->pid, SIGTERM);
		waitpid(mp->pid, NULL, 0);
		mp->pid = 0;
	}
}

/* ---------------------------------------------------------------- checks */

/* the model string vmaview must choose by itself on this kernel */
static int check_model_decode(void)
{
	struct run r;
	struct jv *j = VV(0, &r, "--json", "decode", "0");
	const char *m;

	if (!j)
		return 0;
	m = jstr(j, "decode.0.model");
	if (!m || strcmp(m, g.model))
		return fail("decode 0: model \"%s\", expected \"%s\"",
			    m ? m : "(none)", g.model);
	/* the text form names the same model */
	char *argv[] = {VMAVIEW, "decode", "0", NULL};
	struct run t = run_as(0, argv);

	if (!strstr(t.out, g.model))
		return fail("decode 0 (text) does not name \"%s\": %.200s",
			    g.model, t.out);
	pass("\"%s\" (page size %ld, from the kernel package's config)",
	     g.model, g.page);
	return 0;
}

/*
 * The VA size the host derived from the kernel's config agrees with what
 * this kernel does: the stack sits just below TASK_SIZE = 2^va.
 */
static int check_stack_top(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[512];
	uint64_t lo, hi, top = 0;

	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "[stack]") &&
		    sscanf(line, "%" SCNx64 "-%" SCNx64, &lo, &hi) == 2)
			top = hi;
	if (f)
		fclose(f);
	if (!top)
		return fail("no [stack] in /proc/self/maps");
	if (top > (1ULL << g.va) || top <= (1ULL << (g.va - 1)))
		return fail("stack top 0x%" PRIx64 " is not just below 2^%u",
			    top, g.va);
	return pass("stack top 0x%" PRIx64 " just below 2^%u", top, g.va);
}

/* vmaview reads its own maps, smaps, pagemap and kpageflags */
static int check_self(void)
{
	struct run r;
	struct jv *j = VV(0, &r, "--json", "self");
	const struct jv *vmas;
	bool stack = false;

	if (!j)
		return 0;
	vmas = jget(j, "processes.0.vmas");
	for (size_t i = 0; vmas && i < vmas->n; i++) {
		const char *n = jstr(&vmas->kids[i], "name");
		uint64_t rss;

		if (n && !strcmp(n, "[stack]") &&
		    jnum(&vmas->kids[i], "rss", &rss) && rss > 0)
			stack = true;
	}
	if (!vmas || !vmas->n || !stack)
		return fail("self: no VMAs or no resident [stack]");
	j = VV(0, &r, "--json", "-o", "start,present,runs", "self");
	if (!j)
		return 0;
	vmas = jget(j, "processes.0.vmas");
	uint64_t present = 0, p;

	for (size_t i = 0; vmas && i < vmas->n; i++)
		if (jnum(&vmas->kids[i], "frames.present", &p))
			present += p;
	if (!present)
		return fail("self: no present pages");
	return pass("%zu VMAs, %" PRIu64 " present pages", vmas->n, present);
}

/* the mapper's maps and smaps: sizes and rss of known mappings */
static int check_smaps(void)
{
	static const struct {
		const char *name;
		unsigned pages, rss;
	} want[] = {{"anon", 16, 16},	  {"untouched", 64, 0},
		    {"populate", 22, 22}, {"locked", 8, 8},
		    {"file", 24, 24},	  {"prot_none", 32, 0}};
	struct run r;
	struct jv *j = VV(0, &r, "--json", g.root.pidstr);
	const struct jv *vmas = jget(j, "processes.0.vmas");
	unsigned ok = 0;

	if (!j)
		return 0;
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		const struct mapping *m = map_of(&g.root, want[w].name);
		bool found = false;

		if (!m)
			continue;
		for (size_t i = 0; vmas && i < vmas->n; i++) {
			uint64_t start, size, rss;

			if (!jnum(&vmas->kids[i], "start", &start) ||
			    start != m->start)
				continue;
			found = true;
			if (!jnum(&vmas->kids[i], "size", &size) ||
			    !jnum(&vmas->kids[i], "rss", &rss) ||
			    size != want[w].pages * (uint64_t)g.page ||
			    rss != want[w].rss * (uint64_t)g.page)
				return fail("%s: size/rss not %u/%u pages",
					    want[w].name, want[w].pages,
					    want[w].rss);
		}
		if (!found)
			return fail("%s at 0x%" PRIx64 ": no such VMA",
				    want[w].name, m->start);
		ok++;
	}
	return pass("size and rss of %u mappings", ok);
}

/* present pages per VMA from pagemap and kpageflags */
static int check_frames(void)
{
	static const struct {
		const char *name;
		uint64_t present;
	} want[] = {{"anon", 16},    {"untouched", 0}, {"populate", 22},
		    {"locked", 8},   {"file", 24},     {"shared", 12},
		    {"prot_none", 0}};
	struct run r;
	struct jv *j =
		VV(0, &r, "--json", "-o", "start,present,runs", g.root.pidstr);
	const struct jv *vmas = jget(j, "processes.0.vmas");

	if (!j)
		return 0;
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		const struct mapping *m = map_of(&g.root, want[w].name);
		uint64_t start, present, runs;
		bool found = false;

		for (size_t i = 0; m && vmas && i < vmas->n; i++) {
			if (!jnum(&vmas->kids[i], "start", &start) ||
			    start != m->start)
				continue;
			found = true;
			if (!jnum(&vmas->kids[i], "frames.present", &present) ||
			    !jnum(&vmas->kids[i], "frames.runs", &runs))
				return fail("%s: no frames", want[w].name);
			if (present != want[w].present ||
			    (present && (runs < 1 || runs > present)))
				return fail("%s: present %" PRIu64
					    " runs %" PRIu64
					    ", expected %" PRIu64 " present",
					    want[w].name, present, runs,
					    want[w].present);
		}
		if (m && !found)
			return fail("%s: no VMA", want[w].name);
	}
	return pass("present and runs of %zu mappings",
		    sizeof(want) / sizeof(want[0]));
}

/*
 * pages of NAME in the root mapper: PFNs equal a direct pagemap read,
 * kpageflags (ANON, MMAP) and kpagecount equal direct reads, pte equals
 * TEMPLATE | pfn << PAGE_SHIFT.
 */
static bool pages_of(const char *name, uint64_t tmpl, bool anon,
		     unsigned *npages)
{
	const struct mapping *m = map_of(&g.root, name);
	struct run r;
	struct jv *j;
	const struct jv *pages;

	*npages = 0;
	if (!m)
		return fail("no mapping %s", name), false;
	j = VV(0, &r, "--json", "pages", g.root.pidstr, range_of(m));
	pages = jget(j, "processes.0.pages");
	if (!j)
		return false;
	if (!pages || pages->n != (m->end - m->start) / (uint64_t)g.page)
		return fail("%s: %zu pages listed, expected %" PRIu64, name,
			    pages ? pages->n : 0,
			    (m->end - m->start) / (uint64_t)g.page),
		       false;
	for (size_t i = 0; i < pages->n; i++) {
		const struct jv *p = &pages->kids[i];
		uint64_t va, pfn, pm, kpf, kpf_direct, cnt, cnt_direct, pte;
		const char *state = jstr(p, "state");

		if (!jnum(p, "vaddr", &va) || !state ||
		    strcmp(state, "present"))
			return fail("%s page %zu: no vaddr or not present",
				    name, i),
			       false;
		if (!pagemap_word(g.root.pid, va, &pm) || !(pm & PM_PRESENT))
			return fail("%s 0x%" PRIx64 ": pagemap not present",
				    name, va),
			       false;
		if (!jnum(p, "pfn", &pfn) || pfn != (pm & PM_PFN_MASK))
			return fail("%s 0x%" PRIx64
				    ": pfn %s, pagemap says 0x%" PRIx64,
				    name, va,
				    jstr(p, "pfn") ? jstr(p, "pfn") : "null",
				    pm & PM_PFN_MASK),
			       false;
		if (!jnum(p, "kpageflags.raw", &kpf) ||
		    !pread_u64("/proc/kpageflags", pfn, &kpf_direct))
			return fail("%s 0x%" PRIx64 ": no kpageflags", name,
				    va),
			       false;
		/* bits that do not move while the mapper sleeps */
		uint64_t stable = 1ULL << KPF_ANON | 1ULL << KPF_MMAP;

		if ((kpf & stable) != (kpf_direct & stable) ||
		    !!(kpf & (1ULL << KPF_ANON)) != anon)
			return fail("%s 0x%" PRIx64 ": kpageflags 0x%" PRIx64
				    ", /proc/kpageflags 0x%" PRIx64,
				    name, va, kpf, kpf_direct),
			       false;
		if (!jnum(p, "mapcount", &cnt) ||
		    !pread_u64("/proc/kpagecount", pfn, &cnt_direct) ||
		    cnt != cnt_direct)
			return fail("%s 0x%" PRIx64 ": mapcount differs from "
				    "/proc/kpagecount",
				    name, va),
			       false;
		uint64_t want = tmpl | pfn << g.page_shift;

		if (!jnum(p, "pte.value", &pte) || pte != want)
			return fail("%s 0x%" PRIx64
				    ": pte %s, expected 0x%" PRIx64
				    " (template 0x%" PRIx64 " | pfn 0x%" PRIx64
				    " << %u)",
				    name, va,
				    jstr(p, "pte.value") ? jstr(p, "pte.value")
							 : "null",
				    want, tmpl, pfn, g.page_shift),
			       false;
		(*npages)++;
	}
	return true;
}

static int check_pages_anon(void)
{
	unsigned n;

	if (pages_of("anon", A64_RW_DIRTY, true, &n))
		pass("%u written anon pages: pfn = pagemap, kpageflags and "
		     "mapcount = /proc, pte = 0x%llx | pfn << %u",
		     n, (unsigned long long)A64_RW_DIRTY, g.page_shift);
	return 0;
}

static int check_pages_locked(void)
{
	unsigned n;

	if (pages_of("locked", A64_RW_DIRTY, true, &n))
		pass("%u mlocked anon pages, pte = 0x%llx | pfn << %u", n,
		     (unsigned long long)A64_RW_DIRTY, g.page_shift);
	return 0;
}

static int check_pages_file(void)
{
	unsigned n;

	if (pages_of("file", A64_RO, false, &n))
		pass("%u read file pages, pte = PAGE_READONLY 0x%llx | pfn << "
		     "%u",
		     n, (unsigned long long)A64_RO, g.page_shift);
	return 0;
}

static int check_pages_shared(void)
{
	unsigned n;

	/* a write fault on a shared mapping: maybe_mkwrite(pte_mkdirty()) of
	 * PAGE_SHARED, the same bits as a written private page */
	if (pages_of("shared", A64_RW_DIRTY, false, &n))
		pass("%u written MAP_SHARED pages, pte = 0x%llx | pfn << %u", n,
		     (unsigned long long)A64_RW_DIRTY, g.page_shift);
	return 0;
}

static int check_pages_zero(void)
{
	unsigned n;

	/* a read fault on private anon memory maps the zero page:
	 * pte_mkspecial(pfn_pte(zero pfn, PAGE_READONLY)) */
	if (pages_of("zeroread", A64_RO | A64_SPECIAL, false, &n))
		pass("%u zero-page mappings, pte = 0x%llx | pfn << %u", n,
		     (unsigned long long)(A64_RO | A64_SPECIAL), g.page_shift);
	return 0;
}

/*
 * pte_template: protection_map[] of each mapping's permissions for this
 * kernel's era. PAGE_NONE marks PROT_NONE with bit 58 (PTE_PROT_NONE) up to
 * 6.9 and with bit 11 (PTE_PRESENT_INVALID, = nG, already set) from 6.10.
 */
static int check_templates(void)
{
	unsigned maj = 0, min = 0;
	uint64_t none;

	sscanf(g.kver, "%u.%u", &maj, &min);
	/* no VALID, no USER */
	none = (A64_RO & ~(1ULL | A64_USER)) |
	       (maj * 100 + min >= 610 ? 0 : 1ULL << 58);
	const struct {
		const char *name;
		uint64_t tmpl;
	} want[] = {
		{"anon", A64_RO}, /* rw-p: PAGE_READONLY (COW) */
		{"file", A64_RO}, /* r--p: PAGE_READONLY */
		{"shared", A64_RO | A64_DBM}, /* rw-s: PAGE_SHARED */
		{"prot_none", none}, /* ---p: PAGE_NONE */
	};
	struct run r;
	struct jv *j = VV(0, &r, "--json", "-o", "start,perms,pte_template",
			  g.root.pidstr);
	const struct jv *vmas = jget(j, "processes.0.vmas");

	if (!j)
		return 0;
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		const struct mapping *m = map_of(&g.root, want[w].name);
		uint64_t start, t;
		bool found = false;

		for (size_t i = 0; m && vmas && i < vmas->n; i++) {
			if (!jnum(&vmas->kids[i], "start", &start) ||
			    start != m->start)
				continue;
			found = true;
			if (!jnum(&vmas->kids[i], "pte_template", &t) ||
			    t != want[w].tmpl)
				return fail(
					"%s: pte_template %s, expected "
					"0x%016" PRIx64,
					want[w].name,
					jstr(&vmas->kids[i], "pte_template"),
					want[w].tmpl);
		}
		if (!found)
			return fail("%s: no VMA", want[w].name);
	}
	pass("rw-p/r--p 0x%016llx, rw-s 0x%016llx, ---p 0x%016" PRIx64
	     " (kernel %s)",
	     (unsigned long long)A64_RO, (unsigned long long)(A64_RO | A64_DBM),
	     none, g.kver);
	return 0;
}

/* translate: the walk has the model's levels, PFN/phys from pagemap */
static int check_translate(void)
{
	const struct mapping *m = map_of(&g.root, "anon");
	uint64_t a, pm, pfn, jpfn, phys, pte;
	char addr[32];
	struct run r;
	struct jv *j;
	const struct jv *t, *walk;
	const char *model;

	if (!m)
		return fail("no anon mapping");
	a = m->start + 3 * (uint64_t)g.page + 0x123;
	snprintf(addr, sizeof(addr), "0x%" PRIx64, a);
	j = VV(0, &r, "--json", "translate", g.root.pidstr, addr);
	if (!j)
		return 0;
	model = jstr(j, "processes.0.model");
	t = jget(j, "processes.0.translations.0");
	walk = jget(t, "walk");
	if (!model || strcmp(model, g.model))
		return fail("model \"%s\", expected \"%s\"", model ? model : "",
			    g.model);
	if (!walk || walk->n != g.levels)
		return fail("walk of %zu levels, expected %u",
			    walk ? walk->n : 0, g.levels);
	pagemap_word(g.root.pid, a, &pm);
	pfn = pm & PM_PFN_MASK;
	if (!jnum(t, "pfn", &jpfn) || jpfn != pfn || !jnum(t, "phys", &phys) ||
	    phys != (pfn << g.page_shift) + 0x123 ||
	    !jnum(t, "pte.value", &pte) ||
	    pte != (A64_RW_DIRTY | pfn << g.page_shift))
		return fail("pfn %s phys %s pte %s; pagemap pfn 0x%" PRIx64,
			    jstr(t, "pfn"), jstr(t, "phys"),
			    jstr(t, "pte.value"), pfn);
	char lv[64] = "";

	for (size_t i = 0; i < walk->n; i++) {
		const char *l = jstr(&walk->kids[i], "level");

		snprintf(lv + strlen(lv), sizeof(lv) - strlen(lv), "%s%s",
			 i ? " " : "", l ? l : "?");
	}
	return pass("%s: %s, pfn 0x%" PRIx64 ", pte 0x%" PRIx64, addr, lv, pfn,
		    pte);
}

/*
 * The ELF labels of /mapper (a static aarch64 executable), computed here
 * from its own headers read with pread, never from vmaview: the load bias
 * from the VMA at file offset 0, each VMA's ELF address range, the PT_LOAD
 * whose pages hold it, the allocated sections (not .tbss) intersecting it,
 * the NT_GNU_BUILD_ID note; and translate names main from .symtab.
 */
struct gelf {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[64];
	Elf64_Shdr sh[256];
	char shstr[16384];
	char id[129];
};

static bool pread_all(int fd, void *buf, size_t n, uint64_t off)
{
	return pread(fd, buf, n, (off_t)off) == (ssize_t)n;
}

static bool gelf_load(const char *path, struct gelf *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool ok = fd >= 0 && pread_all(fd, &e->eh, sizeof(e->eh), 0) &&
		  !memcmp(e->eh.e_ident, ELFMAG, SELFMAG) &&
		  e->eh.e_phnum <= 64 && e->eh.e_shnum <= 256 &&
		  pread_all(fd, e->ph, e->eh.e_phnum * sizeof(Elf64_Phdr),
			    e->eh.e_phoff) &&
		  pread_all(fd, e->sh, e->eh.e_shnum * sizeof(Elf64_Shdr),
			    e->eh.e_shoff) &&
		  e->eh.e_shstrndx < e->eh.e_shnum &&
		  e->sh[e->eh.e_shstrndx].sh_size < sizeof(e->shstr) &&
		  pread_all(fd, e->shstr, e->sh[e->eh.e_shstrndx].sh_size,
			    e->sh[e->eh.e_shstrndx].sh_offset);

	e->id[0] = 0;
	for (unsigned i = 0; ok && i < e->eh.e_phnum && !e->id[0]; i++) {
		unsigned char note[1024];
		size_t o = 0, n = e->ph[i].p_filesz;

		if (e->ph[i].p_type != PT_NOTE || n > sizeof(note) ||
		    !pread_all(fd, note, n, e->ph[i].p_offset))
			continue;
		while (o + 12 <= n) {
			Elf64_Nhdr nh;
			size_t name = o + 12, desc;

			memcpy(&nh, note + o, 12);
			desc = name + ((nh.n_namesz + 3) & ~3u);
			if (desc + nh.n_descsz > n)
				break;
			if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
			    !memcmp(note + name, "GNU", 4) && nh.n_descsz <= 64) {
				for (unsigned k = 0; k < nh.n_descsz; k++)
					sprintf(e->id + 2 * k, "%02x", note[desc + k]);
				break;
			}
			o = desc + ((nh.n_descsz + 3) & ~3u);
		}
	}
	if (fd >= 0)
		close(fd);
	return ok;
}

/* "LOAD[i] rwx" and the sections of ELF addresses [lo, hi); false: none */
static bool gelf_label(const struct gelf *e, uint64_t lo, uint64_t hi,
		       char *seg, size_t segn, char *secs, size_t secn)
{
	uint64_t pg = (uint64_t)g.page, a = 0, b = 0;
	unsigned load = 0, i;
	size_t len = 0;

	for (i = 0; i < e->eh.e_phnum; i++) {
		const Elf64_Phdr *p = &e->ph[i];

		if (p->p_type != PT_LOAD)
			continue;
		a = p->p_vaddr & ~(pg - 1);
		b = (p->p_vaddr + p->p_memsz + pg - 1) & ~(pg - 1);
		if (lo >= a && lo < b)
			break;
		load++;
	}
	if (i == e->eh.e_phnum)
		return false;
	snprintf(seg, segn, "LOAD[%u] %c%c%c", load,
		 e->ph[i].p_flags & PF_R ? 'r' : '-',
		 e->ph[i].p_flags & PF_W ? 'w' : '-',
		 e->ph[i].p_flags & PF_X ? 'x' : '-');
	if (hi > b)
		hi = b;
	secs[0] = 0;
	for (unsigned k = 0; k < e->eh.e_shnum; k++) {
		const Elf64_Shdr *s = &e->sh[k];
		const char *nm = e->shstr + s->sh_name;

		if (!(s->sh_flags & SHF_ALLOC) || !s->sh_size ||
		    (s->sh_type == SHT_NOBITS && (s->sh_flags & SHF_TLS)) ||
		    s->sh_addr >= hi || s->sh_addr + s->sh_size <= lo)
			continue;
		len += (size_t)snprintf(secs + len, len < secn ? secn - len : 0,
					"%s%s", len ? "," : "", nm);
	}
	return true;
}

/* The value of FUNC symbol name in .symtab, or 0. */
static uint64_t gelf_sym(const char *path, const struct gelf *e,
			 const char *name)
{
	uint64_t v = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	for (unsigned k = 0; fd >= 0 && k < e->eh.e_shnum && !v; k++) {
		const Elf64_Shdr *s = &e->sh[k], *str;
		size_t n = s->sh_entsize ? s->sh_size / s->sh_entsize : 0;
		char nm[64];

		if (s->sh_type != SHT_SYMTAB || s->sh_link >= e->eh.e_shnum)
			continue;
		str = &e->sh[s->sh_link];
		for (size_t i = 0; i < n && !v; i++) {
			Elf64_Sym sym;

			if (!pread_all(fd, &sym, sizeof(sym),
				       s->sh_offset + i * sizeof(sym)))
				break;
			if (ELF64_ST_TYPE(sym.st_info) != STT_FUNC ||
			    sym.st_name >= str->sh_size)
				continue;
			memset(nm, 0, sizeof(nm));
			if (pread(fd, nm, sizeof(nm) - 1,
				  (off_t)(str->sh_offset + sym.st_name)) > 0 &&
			    !strcmp(nm, name))
				v = sym.st_value;
		}
	}
	if (fd >= 0)
		close(fd);
	return v;
}

static int check_elf(void)
{
	static struct gelf e;
	char path[64], line[512], seg[32], secs[2048];
	uint64_t bias = 0, prev_end = 0, mainv, a;
	bool have_bias = false;
	unsigned checked = 0, bss = 0;
	struct run r;
	struct jv *j;
	const struct jv *vmas, *t;
	FILE *f;

	if (!gelf_load(MAPPER, &e))
		return fail("cannot read the ELF headers of %s", MAPPER);
	j = VV(0, &r, "--json", "-o", "start,elf,section,build_id",
	       g.root.pidstr);
	if (!j)
		return 0;
	vmas = jget(j, "processes.0.vmas");
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)g.root.pid);
	f = fopen(path, "re");
	if (!f)
		return fail("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		uint64_t start, end, off, ino, lo;
		char name[256] = "";
		bool mine, anon;
		const struct jv *v = NULL;

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %" SCNx64
			   " %*s %" SCNu64 " %255s", &start, &end, &off, &ino,
			   name) < 4)
			continue;
		mine = !strcmp(name, MAPPER);
		anon = !ino && !name[0] && prev_end == start;
		prev_end = mine ? end : 0;
		if (mine && !have_bias && !off) {
			for (unsigned i = 0; i < e.eh.e_phnum; i++)
				if (e.ph[i].p_type == PT_LOAD) {
					bias = start - (e.ph[i].p_vaddr &
							~((uint64_t)g.page - 1));
					break;
				}
			have_bias = true;
		}
		if (!have_bias || !(mine || anon))
			continue;
		lo = start - bias;
		if (!gelf_label(&e, lo, end - bias, seg, sizeof(seg), secs,
				sizeof(secs))) {
			if (mine)
				return fail("VMA 0x%" PRIx64 " of %s is in no PT_LOAD",
					    start, MAPPER);
			continue;
		}
		if (anon) {
			/* .bss only where a segment's memory outruns its file */
			bool in = false;

			for (unsigned i = 0; i < e.eh.e_phnum; i++) {
				const Elf64_Phdr *p = &e.ph[i];

				in |= p->p_type == PT_LOAD && p->p_memsz > p->p_filesz &&
				      lo >= p->p_vaddr &&
				      lo < ((p->p_vaddr + p->p_memsz + g.page - 1) &
					    ~((uint64_t)g.page - 1));
			}
			if (!in)
				continue;
			bss++;
		}
		for (size_t i = 0; vmas && i < vmas->n && !v; i++) {
			uint64_t s;

			if (jnum(&vmas->kids[i], "start", &s) && s == start)
				v = &vmas->kids[i];
		}
		if (!v)
			return fail("vmaview shows no VMA at 0x%" PRIx64, start);
		if (!jstr(v, "elf") || strcmp(jstr(v, "elf"), seg) ||
		    strcmp(jstr(v, "section") ? jstr(v, "section") : "", secs) ||
		    strcmp(jstr(v, "build_id") ? jstr(v, "build_id") : "", e.id))
			return fail("0x%" PRIx64 ": vmaview says %s / %s / %s, "
				    "the headers %s / %s / %s", start,
				    jstr(v, "elf"), jstr(v, "section"),
				    jstr(v, "build_id"), seg, secs, e.id);
		checked++;
	}
	fclose(f);
	if (checked < 3)
		return fail("only %u VMAs of %s checked", checked, MAPPER);
	mainv = gelf_sym(MAPPER, &e, "main");
	if (!mainv)
		return fail("no main in the .symtab of %s", MAPPER);
	a = bias + mainv + 4;
	snprintf(line, sizeof(line), "0x%" PRIx64, a);
	j = VV(0, &r, "--json", "translate", g.root.pidstr, line);
	if (!j)
		return 0;
	t = jget(j, "processes.0.translations.0.elf");
	if (!jstr(t, "symbol") || strcmp(jstr(t, "symbol"), "main") ||
	    !jstr(t, "symbol_offset") || strcmp(jstr(t, "symbol_offset"), "0x4"))
		return fail("translate %s: symbol %s+%s, expected main+0x4", line,
			    jstr(t, "symbol"), jstr(t, "symbol_offset"));
	return pass("%u VMAs of %s (%u anonymous .bss) as its headers say "
		    "(build-id %.12s...), translate names main", checked,
		    MAPPER, bss, e.id);
}

/* Is a symbol "NAME" or "NAME+0x..."? */
static bool sym_is(const char *sym, const char *name)
{
	size_t n = strlen(name);

	return sym && !strncmp(sym, name, n) && (!sym[n] || sym[n] == '+');
}

/*
 * Threads: the TIDs in /proc/PID/task (read here) are the TIDs vmaview
 * --stacks unwinds; the workers' frames name mapper_worker_wait and the
 * main thread's main (the mapper's own functions, from its .symtab); each
 * thread's stack pointer lies in the VMA given as its stack; without
 * --stacks every worker's TID is in some VMA's stack_tids (read from
 * task/TID/syscall, no ptrace); afterwards no thread is stopped or traced.
 */
static int check_stacks(void)
{
	char path[96], line[256];
	pid_t tids[64];
	unsigned ntid = 0, wait_seen = 0, main_seen = 0, labelled = 0;
	const struct jv *th, *vmas;
	struct run r;
	struct jv *j;
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)g.root.pid);
	d = opendir(path);
	if (!d)
		return fail("%s: %s", path, strerror(errno));
	while ((de = readdir(d)) && ntid < 64)
		if (de->d_name[0] != '.')
			tids[ntid++] = (pid_t)atoi(de->d_name);
	closedir(d);
	if (ntid < 3)
		return fail("the mapper has %u threads, not 3", ntid);
	j = VV(0, &r, "--json", "--stacks", g.root.pidstr);
	if (!j)
		return 0;
	th = jget(j, "processes.0.threads");
	if (!th || th->t != J_ARR || th->n != ntid)
		return fail("--stacks lists %zu threads, /proc/%d/task %u",
			    th ? th->n : 0, (int)g.root.pid, ntid);
	for (size_t i = 0; i < th->n; i++) {
		const struct jv *t = &th->kids[i], *fr = jget(t, "frames");
		uint64_t tid, sp, sv;
		bool known = false, in_stack = false;

		if (!jnum(t, "tid", &tid))
			return fail("thread %zu has no tid", i);
		for (unsigned k = 0; k < ntid; k++)
			known |= (uint64_t)tids[k] == tid;
		if (!known)
			return fail("--stacks lists TID %" PRIu64 ", not in task/", tid);
		if (jstr(t, "error"))
			return fail("TID %" PRIu64 ": %s", tid, jstr(t, "error"));
		if (!fr || fr->t != J_ARR || !fr->n)
			return fail("TID %" PRIu64 " has no frames", tid);
		for (size_t f = 0; f < fr->n; f++) {
			const char *s = jstr(&fr->kids[f], "symbol");

			wait_seen += sym_is(s, "mapper_worker_wait");
			main_seen += sym_is(s, "main");
		}
		/* the SP's VMA, from maps read here */
		if (!jnum(t, "sp", &sp) || !jnum(t, "stack_vma", &sv))
			return fail("TID %" PRIu64 ": no sp or stack_vma", tid);
		snprintf(path, sizeof(path), "/proc/%d/maps", (int)g.root.pid);
		FILE *m = fopen(path, "re");

		while (m && fgets(line, sizeof(line), m)) {
			uint64_t lo, hi;

			if (sscanf(line, "%" SCNx64 "-%" SCNx64, &lo, &hi) == 2 &&
			    sp >= lo && sp < hi)
				in_stack = lo == sv;
		}
		if (m)
			fclose(m);
		if (!in_stack)
			return fail("TID %" PRIu64 ": sp 0x%" PRIx64 " is not in the "
				    "VMA at 0x%" PRIx64, tid, sp, sv);
	}
	if (wait_seen < 2 || main_seen < 1) {
		const struct jv *fr = jget(&th->kids[th->n - 1], "frames");

		for (size_t f = 0; fr && f < fr->n && f < 8; f++)
		{
			const char *a = jstr(&fr->kids[f], "address"),
				   *sy = jstr(&fr->kids[f], "symbol");

			printf("VV INFO last thread's frame %zu: %s %s\n", f,
			       a ? a : "-", sy ? sy : "(none)");
		}
		return fail("frames name mapper_worker_wait %u times (want 2), "
			    "main %u times", wait_seen, main_seen);
	}
	/* nobody stopped, nobody traced */
	for (unsigned k = 0; k < ntid; k++) {
		FILE *f;

		snprintf(path, sizeof(path), "/proc/%d/task/%d/status",
			 (int)g.root.pid, (int)tids[k]);
		f = fopen(path, "re");
		while (f && fgets(line, sizeof(line), f))
			if ((!strncmp(line, "State:", 6) &&
			     strpbrk(line + 6 + strspn(line + 6, " \t"), "tT") ==
				     line + 6 + strspn(line + 6, " \t")) ||
			    (!strncmp(line, "TracerPid:", 10) && atoi(line + 10)))
				break;
		if (f && !feof(f)) {
			fclose(f);
			return fail("TID %d after --stacks: %s", (int)tids[k], line);
		}
		if (f)
			fclose(f);
	}
	/* without ptrace: the workers' stacks from task/TID/syscall */
	j = VV(0, &r, "--json", "-o", "start,stack_tids", g.root.pidstr);
	if (!j)
		return 0;
	vmas = jget(j, "processes.0.vmas");
	for (unsigned k = 0; k < ntid; k++) {
		bool found = false;

		if (tids[k] == g.root.pid)
			continue;
		for (size_t i = 0; vmas && i < vmas->n && !found; i++) {
			const struct jv *a = jget(&vmas->kids[i], "stack_tids");

			for (size_t x = 0; a && a->t == J_ARR && x < a->n; x++)
				found |= a->kids[x].s && atoi(a->kids[x].s) == tids[k];
		}
		if (!found)
			return fail("no VMA has stack_tids %d without --stacks",
				    (int)tids[k]);
		labelled++;
	}
	return pass("%u threads unwound (main, 2x mapper_worker_wait), SPs in "
		    "their stack VMAs, none left stopped; %u worker stacks "
		    "labelled without ptrace", ntid, labelled);
}

/* a PMD-sized THP: kpageflags THP on every page (4K: 2 MiB PMDs of 512
 * pages, 16K: 32 MiB of 2048) */
static int check_thp(void)
{
	const struct mapping *m = map_of(&g.root, "thp");
	struct run r;
	struct jv *j;
	const struct jv *pages;

	if (!m)
		return skip("the mapper made no PMD THP here (page size %ld; "
			    "its SKIP line says why)",
			    g.page);
	j = VV(0, &r, "--json", "pages", g.root.pidstr, range_of(m));
	pages = jget(j, "processes.0.pages");
	if (!j)
		return 0;
	for (size_t i = 0; pages && i < pages->n; i++)
		if (!jhas_name(&pages->kids[i], "kpageflags.names", "thp"))
			return fail("page %zu: no thp in kpageflags", i);
	if (!pages || !pages->n)
		return fail("no pages");
	if (!jhas_name(&pages->kids[0], "kpageflags.names", "compound_head"))
		return fail("first page: no compound_head");
	/* one PMD: a page table's worth of pages (PTRS_PER_PTE = page / 8) */
	if (pages->n != (size_t)g.page / 8)
		return fail("%zu pages, expected one PMD of %ld", pages->n,
			    g.page / 8);
	return pass("%zu pages with thp (one PMD, %ld MiB), the first "
		    "compound_head",
		    pages->n, g.page / 8 * g.page >> 20);
}

/*
 * KSM on ordinary anon pages: Debian's 6.12 kernels set KPF_KSM on every
 * anonymous page (fixed upstream by "fs/proc: fix KPF_KSM reported for all
 * anonymous pages"); only reported, never asserted.
 */
static void check_ksm_info(void)
{
	const struct mapping *m = map_of(&g.root, "anon");
	uint64_t pm, kpf;

	if (m && pagemap_word(g.root.pid, m->start, &pm) &&
	    pread_u64("/proc/kpageflags", pm & PM_PFN_MASK, &kpf))
		info("KPF_KSM on an ordinary anon page: %s (not asserted)",
		     kpf & (1ULL << KPF_KSM) ? "set" : "clear");
}

/* uid 65534 on its own mapper: exit 0, CAP_SYS_ADMIN said, PFNs null */
static int check_unprivileged(void)
{
	const struct mapping *m = map_of(&g.nobody, "anon");
	struct run r;
	struct jv *j;
	const struct jv *pages, *vmas;

	if (!m)
		return fail("the uid %d mapper has no anon mapping", NOBODY);
	j = VV(NOBODY, &r, "--json", "pages", g.nobody.pidstr, range_of(m));
	if (!j)
		return 0;
	if (!strstr(r.err, "CAP_SYS_ADMIN"))
		return fail(
			"pages: stderr does not mention CAP_SYS_ADMIN: %.200s",
			r.err);
	pages = jget(j, "processes.0.pages");
	if (!pages || pages->n != 16)
		return fail("pages: %zu pages, expected 16",
			    pages ? pages->n : 0);
	for (size_t i = 0; i < pages->n; i++) {
		const char *st = jstr(&pages->kids[i], "state");

		if (!jnull(&pages->kids[i], "pfn") || !st ||
		    strcmp(st, "present"))
			return fail("page %zu: pfn %s state %s (expected null, "
				    "present)",
				    i, jstr(&pages->kids[i], "pfn"), st);
	}
	/* the frame columns degrade the same way; present still counts */
	j = VV(NOBODY, &r, "--json", "-o", "start,present,runs",
	       g.nobody.pidstr);
	if (!j)
		return 0;
	if (!strstr(r.err, "CAP_SYS_ADMIN"))
		return fail(
			"-o present: stderr does not mention CAP_SYS_ADMIN");
	vmas = jget(j, "processes.0.vmas");
	for (size_t i = 0; vmas && i < vmas->n; i++) {
		uint64_t start, present;

		if (jnum(&vmas->kids[i], "start", &start) &&
		    start == m->start &&
		    (!jnum(&vmas->kids[i], "frames.present", &present) ||
		     present != 16))
			return fail("-o present: anon does not count 16");
	}
	pass("exit 0, stderr \"%.*s\", 16 pages with pfn null",
	     (int)strcspn(r.err, "\n"), r.err);
	return 0;
}

/* read a device-tree property (NUL-separated strings) */
static size_t dt_prop(const char *name, char *buf, size_t n)
{
	char path[128];
	int fd;
	ssize_t r;

	snprintf(path, sizeof(path), "/proc/device-tree/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	r = read(fd, buf, n - 1);
	close(fd);
	buf[r > 0 ? r : 0] = 0;
	return r > 0 ? (size_t)r : 0;
}

static bool in_strlist(const char *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i += strlen(list + i) + 1)
		if (!strcmp(list + i, s))
			return true;
	return false;
}

/* the device tree qemu was given: the plain virt one or the Rock 5B+ one */
static int check_device_tree(void)
{
	char compat[512], model[256];
	size_t n = dt_prop("compatible", compat, sizeof(compat));

	dt_prop("model", model, sizeof(model));
	if (!strcmp(g.board, "rock5b-plus")) {
		if (!in_strlist(compat, n, "radxa,rock-5b-plus") ||
		    !in_strlist(compat, n, "rockchip,rk3588") ||
		    strcmp(model, "Radxa ROCK 5B+"))
			return fail("compatible/model are not the Rock 5B+'s "
				    "(model \"%s\")",
				    model);
	} else if (!in_strlist(compat, n, "linux,dummy-virt")) {
		return fail("compatible has no linux,dummy-virt");
	}
	return pass("compatible \"%s\", model \"%s\"", compat, model);
}

/* a "board" member anywhere in the top two levels of a JSON document */
static const struct jv *find_board(const struct jv *v, int depth)
{
	const struct jv *b = jkey(v, "board");

	if (b || depth == 0 || !v || (v->t != J_OBJ && v->t != J_ARR))
		return b;
	for (size_t i = 0; i < v->n; i++)
		if ((b = find_board(&v->kids[i], depth - 1)))
			return b;
	return NULL;
}

/*
 * vmaview's board detection (--board=auto, from /proc/device-tree), once
 * its JSON has a "board" member: the Rock 5B+ on that device tree, none on
 * the plain virt one.
 */
static int check_board(void)
{
	struct run r;
	struct jv *j = VV(0, &r, "--json", "decode", "0");
	const struct jv *b;
	char text[512];
	size_t n = 0;

	if (!j)
		return 0;
	if (!(b = find_board(j, 3))) {
		char *argv[] = {VMAVIEW, "--help", NULL};
		struct run h = run_as(0, argv);

		if (!strstr(h.out, "--board"))
			return skip("this vmaview has no --board yet");
		if (!strcmp(g.board, "rock5b-plus"))
			return fail(
				"no \"board\" member on the Rock 5B+ device "
				"tree");
		return pass("no \"board\" member: none detected on virt");
	}
	/* the member's text, whatever its shape: a string or an object */
	if (b->t == J_STR) {
		n = (size_t)snprintf(text, sizeof(text), "%s", b->s);
	} else {
		for (size_t i = 0;
		     b->t == J_OBJ && i < b->n && n < sizeof(text); i++)
			if (b->kids[i].s)
				n += (size_t)snprintf(
					text + n, sizeof(text) - n, "%s=%s ",
					b->keys[i], b->kids[i].s);
		text[n < sizeof(text) ? n : sizeof(text) - 1] = 0;
	}
	bool rock = b->t != J_NULL &&
		    (strstr(text, "rock5b") || strstr(text, "rock-5b") ||
		     strstr(text, "ROCK 5B"));

	if (!strcmp(g.board, "rock5b-plus") && !rock)
		return fail("board \"%s\" on the Rock 5B+ device tree", text);
	if (strcmp(g.board, "rock5b-plus") && rock)
		return fail("board \"%s\" on the plain virt device tree", text);
	return pass("board: %s", b->t == J_NULL ? "null" : text);
}

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

static int check_snapshot(void)
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
static void emit_fixture(void)
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

static const struct {
	const char *name;
	int (*fn)(void);
} checks[] = {
	{"model_decode", check_model_decode},
	{"stack_top", check_stack_top},
	{"self", check_self},
	{"smaps", check_smaps},
	{"frames", check_frames},
	{"pages_anon", check_pages_anon},
	{"pages_locked", check_pages_locked},
	{"pages_file", check_pages_file},
	{"pages_shared", check_pages_shared},
	{"pages_zero", check_pages_zero},
	{"templates", check_templates},
	{"translate", check_translate},
	{"elf", check_elf},
	{"stacks", check_stacks},
	{"thp", check_thp},
	{"unprivileged", check_unprivileged},
	{"device_tree", check_device_tree},
	{"board", check_board},
	{"snapshot", check_snapshot},
};

/* ------------------------------------------------------------------ main */

static void cmdline(void)
{
	char buf[4096] = "", *save = NULL;
	int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		ssize_t r = read(fd, buf, sizeof(buf) - 1);

		buf[r > 0 ? r : 0] = 0;
		close(fd);
	}
	snprintf(g.board, sizeof(g.board), "virt");
	for (char *t = strtok_r(buf, " \n", &save); t;
	     t = strtok_r(NULL, " \n", &save)) {
		if (!strncmp(t, "vv.va=", 6))
			g.va = (unsigned)atoi(t + 6);
		else if (!strncmp(t, "vv.levels=", 10))
			g.levels = (unsigned)atoi(t + 10);
		else if (!strncmp(t, "vv.kver=", 8))
			snprintf(g.kver, sizeof(g.kver), "%s", t + 8);
		else if (!strcmp(t, "vv.fixture=1"))
			g.fixture = true;
		else if (!strncmp(t, "vv.board=", 9))
			snprintf(g.board, sizeof(g.board), "%s", t + 9);
		else if (!strncmp(t, "vv.page=", 8) && atol(t + 8) != g.page)
			printf("VV INFO vv.page=%s but the kernel's page size "
			       "is %ld\n",
			       t + 8, g.page);
	}
}

/* seconds since boot (CLOCK_BOOTTIME, what /proc/uptime says) */
static double uptime(void)
{
	struct timespec t;

	clock_gettime(CLOCK_BOOTTIME, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void power_off(void)
{
	fflush(stdout);
	sync();
	if (getpid() == 1)
		reboot(RB_POWER_OFF);
	exit(nfail ? 1 : 0);
}

int main(void)
{
	struct utsname u;
	double t_init;
	char exp_page[24];

	if (getpid() == 1) {
		mkdir("/proc", 0555);
		mkdir("/sys", 0555);
		mkdir("/dev", 0755);
		mkdir("/tmp", 01777);
		mount("proc", "/proc", "proc", 0, NULL);
		mount("sysfs", "/sys", "sysfs", 0, NULL);
		mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
		mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
		if (fcntl(1, F_GETFD) < 0) {
			int fd = open("/dev/console", O_RDWR);

			if (fd >= 0) {
				dup2(fd, 0);
				dup2(fd, 1);
				dup2(fd, 2);
			}
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* snapshots go to /tmp/snap, named "snap" on the command line */
	if (chdir("/tmp"))
		perror("chdir /tmp");
	t_init = uptime();
	g.page = sysconf(_SC_PAGESIZE);
	while ((1L << g.page_shift) < g.page)
		g.page_shift++;
	cmdline();
	uname(&u);
	snprintf(exp_page, sizeof(exp_page), "%ldK", g.page / 1024);
	snprintf(g.model, sizeof(g.model),
		 "arm64 %s %u-bit %u-level, kernel %s layout", exp_page, g.va,
		 g.levels, g.kver);
	info("kernel %s, page size %ld, board %s, expected model \"%s\"",
	     u.release, g.page, g.board, g.model);
	if (!g.va || !g.levels || !g.kver[0]) {
		printf("VMAVIEW-ARM64: FAIL no vv.va/vv.levels/vv.kver on the "
		       "kernel command line\n");
		power_off();
	}
	cur = "setup";
	if (!start_mapper(&g.root, 0, "/tmp/root") ||
	    !start_mapper(&g.nobody, NOBODY, "/tmp/nobody")) {
		printf("VMAVIEW-ARM64: FAIL the mapper did not get READY\n");
		stop_mapper(&g.root);
		stop_mapper(&g.nobody);
		power_off();
	}
	cur = "ksm";
	check_ksm_info();
	double t_checks = uptime();
	char times[1024] = "";

	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		double t0 = uptime();

		cur = checks[i].name;
		cur_fail = cur_pass = cur_skip = 0;
		checks[i].fn();
		snprintf(times + strlen(times), sizeof(times) - strlen(times),
			 "%s%s %.0f", i ? ", " : "", cur,
			 (uptime() - t0) * 1000);
		if (!cur_fail && !cur_pass && !cur_skip)
			fail("the check said nothing");
		if (cur_fail) {
			nfail++;
			snprintf(failed + strlen(failed),
				 sizeof(failed) - strlen(failed), "%s%s",
				 failed[0] ? "," : "", cur);
		} else if (cur_skip) {
			nskip++;
		} else {
			npass++;
		}
	}
	if (g.fixture)
		emit_fixture();
	stop_mapper(&g.root);
	stop_mapper(&g.nobody);
	info("check times (ms): %s", times);
	info("uptime: /init at %.2f s, mappers ready at %.2f s, checks done at "
	     "%.2f s",
	     t_init, t_checks, uptime());
	if (nfail)
		printf("VMAVIEW-ARM64: FAIL %u/%u failed: %s [kernel %s]\n",
		       nfail, npass + nfail, failed, u.release);
	else
		printf("VMAVIEW-ARM64: PASS %u/%u (%u skipped) [kernel %s, "
		       "model %s, board %s]\n",
		       npass, npass + nfail, nskip, u.release, g.model,
		       g.board);
	power_off();
	return 0;
}
