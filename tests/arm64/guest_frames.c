/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - guest_frames.c: the arm64 guest's checks of the model, smaps, frames, pages, templates and translate (expected values from /proc and the kernel's definitions) */
#include "guest.h"

/* ---------------------------------------------------------------- checks */

/* the model string vmaview must choose by itself on this kernel */
int check_model_decode(void)
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
int check_stack_top(void)
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
int check_self(void)
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
int check_smaps(void)
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
int check_frames(void)
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
				    (uint64_t)(pm & PM_PFN_MASK)),
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

int check_pages_anon(void)
{
	unsigned n;

	if (pages_of("anon", A64_RW_DIRTY, true, &n))
		pass("%u written anon pages: pfn = pagemap, kpageflags and "
		     "mapcount = /proc, pte = 0x%llx | pfn << %u",
		     n, (unsigned long long)A64_RW_DIRTY, g.page_shift);
	return 0;
}

int check_pages_locked(void)
{
	unsigned n;

	if (pages_of("locked", A64_RW_DIRTY, true, &n))
		pass("%u mlocked anon pages, pte = 0x%llx | pfn << %u", n,
		     (unsigned long long)A64_RW_DIRTY, g.page_shift);
	return 0;
}

int check_pages_file(void)
{
	unsigned n;

	if (pages_of("file", A64_RO, false, &n))
		pass("%u read file pages, pte = PAGE_READONLY 0x%llx | pfn << "
		     "%u",
		     n, (unsigned long long)A64_RO, g.page_shift);
	return 0;
}

int check_pages_shared(void)
{
	unsigned n;

	/* a write fault on a shared mapping: maybe_mkwrite(pte_mkdirty()) of
	 * PAGE_SHARED, the same bits as a written private page */
	if (pages_of("shared", A64_RW_DIRTY, false, &n))
		pass("%u written MAP_SHARED pages, pte = 0x%llx | pfn << %u", n,
		     (unsigned long long)A64_RW_DIRTY, g.page_shift);
	return 0;
}

int check_pages_zero(void)
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
int check_templates(void)
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
int check_translate(void)
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
