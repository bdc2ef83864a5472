/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - guest_checks.c: the arm64 guest's checks of ELF labels, stacks, THP, unprivileged runs, the device tree and the board */
#include "guest.h"

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

int check_elf(void)
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
int check_stacks(void)
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
int check_thp(void)
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
void check_ksm_info(void)
{
	const struct mapping *m = map_of(&g.root, "anon");
	uint64_t pm, kpf;

	if (m && pagemap_word(g.root.pid, m->start, &pm) &&
	    pread_u64("/proc/kpageflags", pm & PM_PFN_MASK, &kpf))
		info("KPF_KSM on an ordinary anon page: %s (not asserted)",
		     kpf & (1ULL << KPF_KSM) ? "set" : "clear");
}

/* uid 65534 on its own mapper: exit 0, CAP_SYS_ADMIN said, PFNs null */
int check_unprivileged(void)
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
int check_device_tree(void)
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
int check_board(void)
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
