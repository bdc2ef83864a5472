/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - guest_lib.c: the arm64 guest's reporting (VV PASS/FAIL lines), tiny JSON reader, tool runner and mappers */
#include "guest.h"

/* ------------------------------------------------------------ reporting */

unsigned npass, nfail, nskip;
char failed[1024];
const char *cur; /* name of the running check */
unsigned cur_fail, cur_pass, cur_skip;

void say(const char *tag, const char *fmt, va_list ap)
{
	printf("VV %s %s: ", tag, cur);
	vprintf(fmt, ap);
	putchar('\n');
}

int pass(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("PASS", fmt, ap);
	va_end(ap);
	cur_pass++;
	return 0;
}

int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("FAIL", fmt, ap);
	va_end(ap);
	cur_fail++;
	return 0;
}

int skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say("SKIP", fmt, ap);
	va_end(ap);
	cur_skip++;
	return 0;
}

void info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("VV INFO ");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
}

/* ----------------------------------------------------------- a tiny JSON */



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
const struct jv *jkey(const struct jv *v, const char *key)
{
	if (!v || v->t != J_OBJ)
		return NULL;
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return &v->kids[i];
	return NULL;
}

/* "a.b.0.c": members and array indexes, or NULL */
const struct jv *jget(const struct jv *v, const char *path)
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

const char *jstr(const struct jv *v, const char *path)
{
	v = jget(v, path);
	return v && (v->t == J_STR || v->t == J_NUM || v->t == J_BOOL) ? v->s
								       : NULL;
}

/* a hex string ("0x1f") or a number; false when absent or null */
bool jnum(const struct jv *v, const char *path, uint64_t *out)
{
	const char *s = jstr(v, path);

	if (!s)
		return false;
	*out = strtoull(s, NULL, 0);
	return true;
}

bool jnull(const struct jv *v, const char *path)
{
	v = jget(v, path);
	return v && v->t == J_NULL;
}

bool jhas_name(const struct jv *v, const char *path, const char *name)
{
	v = jget(v, path);
	for (size_t i = 0; v && v->t == J_ARR && i < v->n; i++)
		if (v->kids[i].t == J_STR && !strcmp(v->kids[i].s, name))
			return true;
	return false;
}

/* -------------------------------------------------------- running tools */


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
struct run run_as(uid_t uid, char *const argv[])
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

char *argv_text(char *const argv[])
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
struct jv *vv_json(uid_t uid, struct run *rr, ...)
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


/* --------------------------------------------------------------- context */



struct guest_ctx g;

const struct mapping *map_of(const struct mapper *mp, const char *name)
{
	for (size_t i = 0; i < mp->n; i++)
		if (!strcmp(mp->m[i].name, name))
			return mp->m[i].skipped ? NULL : &mp->m[i];
	return NULL;
}

/* "0xLO,0xHI" for the pages of mapping NAME, HI inclusive */
const char *range_of(const struct mapping *m)
{
	static char buf[64];

	snprintf(buf, sizeof(buf), "0x%" PRIx64 ",0x%" PRIx64, m->start,
		 m->end - 1);
	return buf;
}

bool pread_u64(const char *path, uint64_t index, uint64_t *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r = -1;

	if (fd >= 0) {
		r = pread(fd, out, 8, (off_t)(index * 8));
		close(fd);
	}
	return r == 8;
}

bool pagemap_word(pid_t pid, uint64_t va, uint64_t *out)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	return pread_u64(path, va / (uint64_t)g.page, out);
}

/* start MAPPER as UID in DIR; read its lines up to READY */
bool start_mapper(struct mapper *mp, uid_t uid, const char *dir)
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

void stop_mapper(struct mapper *mp)
{
	if (mp->pid > 0) {
		kill(mp->pid, SIGTERM);
		waitpid(mp->pid, NULL, 0);
		mp->pid = 0;
	}
}
