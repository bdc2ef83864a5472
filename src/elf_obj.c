/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - elf_obj.c: what vmaview reads of one ELF object (libelf) */
#include "vmaview/elf.h"

#include <errno.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmaview/xalloc.h"

#define NOTE_MAX (64 * 1024) /* bytes of notes read per segment/section */

struct pool {
	char *s;
	size_t len, cap;
};

static size_t pool_add(struct pool *p, const char *s, size_t max)
{
	size_t n = strnlen(s, max), at = p->len;

	if (p->len + n + 1 > p->cap) {
		p->cap = (p->len + n + 1) * 2;
		p->s = xrealloc(p->s, p->cap);
	}
	memcpy(p->s + at, s, n);
	p->s[at + n] = '\0';
	p->len += n + 1;
	return at;
}

static void hex(char *out, const unsigned char *b, size_t n)
{
	static const char d[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = d[b[i] >> 4];
		out[2 * i + 1] = d[b[i] & 15];
	}
	out[2 * n] = '\0';
}

/* NT_GNU_BUILD_ID in a note area; true when found. */
static bool build_id_in(struct elf_obj *o, Elf_Data *d)
{
	GElf_Nhdr nh;
	size_t off = 0, next, name_off, desc_off;

	if (!d || !d->d_buf)
		return false;
	while (off < d->d_size &&
	       (next = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
		    !memcmp((char *)d->d_buf + name_off, "GNU", 4) &&
		    nh.n_descsz > 0 && nh.n_descsz <= 64 &&
		    desc_off + nh.n_descsz <= d->d_size) {
			hex(o->build_id, (unsigned char *)d->d_buf + desc_off,
			    nh.n_descsz);
			return true;
		}
		off = next;
	}
	return false;
}

static int read_phdrs(struct elf_obj *o, Elf *e, uint64_t fsize)
{
	size_t phnum;
	unsigned nload = 0;

	if (elf_getphdrnum(e, &phnum) < 0)
		return -EINVAL;
	if (phnum > 4 * ELF_MAX_SEGS)
		phnum = 4 * ELF_MAX_SEGS;
	o->seg = xcalloc(phnum ? phnum : 1, sizeof(*o->seg));
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(e, (int)i, &ph))
			return -EINVAL;
		if (ph.p_type == PT_NOTE && !o->build_id[0] && ph.p_filesz &&
		    ph.p_filesz <= NOTE_MAX)
			build_id_in(o, elf_getdata_rawchunk(
				e, (int64_t)ph.p_offset, ph.p_filesz,
				ph.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR));
		if (ph.p_type != PT_LOAD || o->nseg == ELF_MAX_SEGS)
			continue;
		/* a segment that wraps the address or file space is bogus */
		if (ph.p_offset + ph.p_filesz < ph.p_offset ||
		    ph.p_vaddr + ph.p_memsz < ph.p_vaddr ||
		    ph.p_filesz > ph.p_memsz)
			return -EINVAL;
		/* a truncated object: its segments are not all there */
		if (ph.p_offset + ph.p_filesz > fsize)
			return -EINVAL;
		o->seg[o->nseg++] = (struct elf_seg){
			.offset = ph.p_offset, .vaddr = ph.p_vaddr,
			.filesz = ph.p_filesz, .memsz = ph.p_memsz,
			.flags = ph.p_flags, .index = nload++,
		};
	}
	return o->nseg ? 0 : -EINVAL;
}

/* SHF_ALLOC sections that take address space; a build-id note too. */
static void read_shdrs(struct elf_obj *o, Elf *e)
{
	struct pool names = { 0 };
	size_t shstrndx, shnum;
	Elf_Scn *scn = NULL;
	size_t cap = 0;

	if (elf_getshdrnum(e, &shnum) < 0 || elf_getshdrstrndx(e, &shstrndx) < 0)
		return;
	for (size_t k = 0; (scn = elf_nextscn(e, scn)) && k < ELF_MAX_SECS; k++) {
		GElf_Shdr sh;
		const char *nm;

		if (!gelf_getshdr(scn, &sh))
			break;
		if (sh.sh_type == SHT_NOTE && !o->build_id[0] &&
		    sh.sh_size <= NOTE_MAX)
			build_id_in(o, elf_getdata(scn, NULL));
		if (!(sh.sh_flags & SHF_ALLOC) || !sh.sh_size ||
		    (sh.sh_type == SHT_NOBITS && (sh.sh_flags & SHF_TLS)))
			continue;
		nm = elf_strptr(e, shstrndx, sh.sh_name);
		if (!nm || !*nm)
			continue;
		if (o->nsec == cap) {
			cap = cap ? cap * 2 : 32;
			o->sec = xreallocarray(o->sec, cap, sizeof(*o->sec));
		}
		o->sec[o->nsec++] = (struct elf_sec){
			.addr = sh.sh_addr,
			/* saturate: a hostile size must not wrap */
			.size = sh.sh_addr + sh.sh_size < sh.sh_addr ?
					~sh.sh_addr : sh.sh_size,
			.name = pool_add(&names, nm, ELF_MAX_SECNAME),
		};
	}
	(void)shnum;
	o->names = names.s;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct elf_sym *x = a, *y = b;

	return (x->value > y->value) - (x->value < y->value);
}

static bool load_table(struct elf_obj *o, Elf *e, Elf_Scn *scn,
		       const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	struct pool names = { 0 };
	size_t n, cap = 0;

	if (!d || !sh->sh_entsize)
		return false;
	n = d->d_size / sh->sh_entsize;
	if (n > ELF_MAX_SYMS)
		n = ELF_MAX_SYMS;
	for (size_t i = 0; i < n; i++) {
		GElf_Sym s;
		const char *nm;
		int t;

		if (!gelf_getsym(d, (int)i, &s))
			break;
		t = GELF_ST_TYPE(s.st_info);
		if (s.st_shndx == SHN_UNDEF || s.st_shndx == SHN_ABS ||
		    (t != STT_FUNC && t != STT_OBJECT && t != STT_GNU_IFUNC))
			continue;
		nm = elf_strptr(e, sh->sh_link, s.st_name);
		if (!nm || !*nm)
			continue;
		if (o->nsym == cap) {
			cap = cap ? cap * 2 : 256;
			o->sym = xreallocarray(o->sym, cap, sizeof(*o->sym));
		}
		o->sym[o->nsym++] = (struct elf_sym){
			.value = s.st_value, .size = s.st_size,
			.name = pool_add(&names, nm, 1024),
		};
	}
	if (!o->nsym) {
		free(names.s);
		return false;
	}
	o->symnames = names.s;
	qsort(o->sym, o->nsym, sizeof(*o->sym), cmp_sym);
	return true;
}

static void read_syms(struct elf_obj *o, Elf *e)
{
	static const struct { Elf64_Word type; const char *name; } tabs[] = {
		{ SHT_SYMTAB, "symtab" }, { SHT_DYNSYM, "dynsym" },
	};

	for (size_t t = 0; t < 2 && !o->nsym; t++) {
		Elf_Scn *scn = NULL;

		for (size_t k = 0; (scn = elf_nextscn(e, scn)) && k < ELF_MAX_SECS; k++) {
			GElf_Shdr sh;

			if (!gelf_getshdr(scn, &sh) || sh.sh_type != tabs[t].type)
				continue;
			if (load_table(o, e, scn, &sh))
				o->symsrc = tabs[t].name;
			break;
		}
	}
}

int elf_obj_open(struct elf_obj *o, int fd, bool syms)
{
	static bool init;
	struct stat st;
	Elf *e;
	int ret = -EINVAL;

	memset(o, 0, sizeof(*o));
	if (!init) {
		if (elf_version(EV_CURRENT) == EV_NONE) {
			close(fd);
			return -EINVAL;
		}
		init = true;
	}
	/* ELF_C_READ: preads, so a file truncated under us is no SIGBUS */
	e = fstat(fd, &st) < 0 ? NULL : elf_begin(fd, ELF_C_READ, NULL);
	if (e && elf_kind(e) == ELF_K_ELF) {
		ret = read_phdrs(o, e, (uint64_t)st.st_size);
		if (!ret)
			read_shdrs(o, e);
		if (!ret && syms)
			read_syms(o, e);
	}
	if (e)
		elf_end(e);
	close(fd);
	if (ret)
		elf_obj_free(o);
	return ret;
}

void elf_obj_free(struct elf_obj *o)
{
	free(o->seg);
	free(o->sec);
	free(o->names);
	free(o->sym);
	free(o->symnames);
	memset(o, 0, sizeof(*o));
}

int elf_seg_of(const struct elf_obj *o, uint64_t start, uint64_t off,
	       uint64_t page, bool have_bias, uint64_t *bias)
{
	int first = -1;
	uint64_t first_bias = 0;

	for (size_t i = 0; i < o->nseg; i++) {
		const struct elf_seg *s = &o->seg[i];
		uint64_t mask = ~(page - 1), b;

		/* off must be in one of the segment's file pages */
		if (!s->filesz || off < (s->offset & mask) ||
		    (off & mask) > ((s->offset + s->filesz - 1) & mask))
			continue;
		b = start - (s->vaddr - s->offset + off);
		if (have_bias && b == *bias)
			return (int)i;
		if (first < 0) {
			first = (int)i;
			first_bias = b;
		}
	}
	if (first >= 0)
		*bias = first_bias;
	return first;
}

bool elf_vma_range(const struct elf_seg *s, uint64_t start, uint64_t end,
		   uint64_t bias, uint64_t page, bool bss, uint64_t *lo,
		   uint64_t *hi)
{
	uint64_t mask = ~(page - 1);
	uint64_t seg_lo = s->vaddr & mask;
	uint64_t seg_hi = (s->vaddr + s->memsz + page - 1) & mask;

	*lo = start - bias;
	*hi = end - bias;
	if (*lo < seg_lo)
		*lo = seg_lo;
	if (*hi > seg_hi || *hi < *lo)
		*hi = seg_hi;
	/* .bss past the file's last page: only if the segment has one */
	if (bss && (s->memsz <= s->filesz || *lo >= seg_hi))
		return false;
	return true;
}

size_t elf_sections_in(const struct elf_obj *o, uint64_t lo, uint64_t hi,
		       char *buf, size_t n)
{
	size_t len = 0, count = 0;

	if (n)
		buf[0] = '\0';
	for (size_t i = 0; i < o->nsec; i++) {
		const struct elf_sec *s = &o->sec[i];
		const char *nm = o->names + s->name;
		size_t l = strlen(nm);

		if (s->addr >= hi || s->addr + s->size <= lo)
			continue;
		if (len + (len ? 1 : 0) + l + 1 > n)
			break;
		if (len)
			buf[len++] = ',';
		memcpy(buf + len, nm, l + 1);
		len += l;
		count++;
	}
	return count;
}

const char *elf_section_at(const struct elf_obj *o, uint64_t a)
{
	for (size_t i = 0; i < o->nsec; i++)
		if (a >= o->sec[i].addr && a - o->sec[i].addr < o->sec[i].size)
			return o->names + o->sec[i].name;
	return NULL;
}

const struct elf_sym *elf_sym_at(const struct elf_obj *o, uint64_t a)
{
	size_t lo = 0, hi = o->nsym;

	/* first symbol above a */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (o->sym[mid].value <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* a symbol that holds a: the nearest ones below (aliases, nesting) */
	for (size_t i = lo, k = 0; i-- > 0 && k < 64; k++)
		if (a - o->sym[i].value < o->sym[i].size)
			return &o->sym[i];
	return &o->sym[lo - 1];
}

void elf_seg_text(const struct elf_seg *s, char *buf, size_t n)
{
	snprintf(buf, n, "LOAD[%u] %c%c%c", s->index,
		 s->flags & PF_R ? 'r' : '-', s->flags & PF_W ? 'w' : '-',
		 s->flags & PF_X ? 'x' : '-');
}
