/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - test_elf.c: unit tests of ELF section coverage and hostile ELF files */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vmaview/elf.h"
#include "vmaview/procfs.h"

#define PG 0x1000ULL
#define R 4u
#define W 2u
#define X 1u

/*
 * A small PIE as ld -z separate-code -z relro lays it out: the page at
 * file offset 0x2000 is mapped twice, at 0x2000 (the R segment) and at
 * 0x3000 (the start of the RW segment, RELRO up to 0x4000).
 */
static struct elf_seg pie_seg[] = {
	{ .offset = 0, .vaddr = 0, .filesz = 0x628, .memsz = 0x628, .flags = R, .index = 0 },
	{ .offset = 0x1000, .vaddr = 0x1000, .filesz = 0x1f5, .memsz = 0x1f5, .flags = R | X, .index = 1 },
	{ .offset = 0x2000, .vaddr = 0x2000, .filesz = 0x12c, .memsz = 0x12c, .flags = R, .index = 2 },
	{ .offset = 0x2de8, .vaddr = 0x3de8, .filesz = 0x260, .memsz = 0x3218, .flags = R | W, .index = 3 },
};

static char pie_names[] = ".interp\0.text\0.rodata\0.eh_frame\0.init_array\0"
			  ".dynamic\0.got\0.got.plt\0.data\0.bss";

static struct elf_sec pie_sec[] = {
	{ 0x318, 0x1c, 0 },    /* .interp */
	{ 0x1040, 0x1a0, 8 },  /* .text */
	{ 0x2000, 0x10, 14 },  /* .rodata */
	{ 0x2050, 0xdc, 22 },  /* .eh_frame */
	{ 0x3de8, 0x8, 32 },   /* .init_array */
	{ 0x3df8, 0x1e0, 44 }, /* .dynamic */
	{ 0x3fd8, 0x28, 53 },  /* .got */
	{ 0x4000, 0x20, 58 },  /* .got.plt */
	{ 0x4020, 0x28, 67 },  /* .data */
	{ 0x4060, 0x2fa0, 73 }, /* .bss: to 0x7000, past the file's last page */
};

static struct elf_obj pie = {
	.seg = pie_seg, .nseg = 4, .sec = pie_sec, .nsec = 10,
	.names = pie_names,
};

/* The sections VMA [start, end) at file offset off covers, as one string. */
static const char *cover(const struct elf_obj *o, uint64_t start,
			 uint64_t end, uint64_t off, bool have, uint64_t bias,
			 int want_seg, bool bss)
{
	static char buf[256];
	uint64_t b = bias, lo, hi;
	int si = elf_seg_of(o, start, off, PG, have, &b);

	assert_int_equal(si, want_seg);
	assert_int_equal(b, bias);
	buf[0] = '\0';
	if (!elf_vma_range(&o->seg[si], start, end, b, PG, bss, &lo, &hi))
		return NULL;
	elf_sections_in(o, lo, hi, buf, sizeof(buf));
	return buf;
}

static void test_pie_layout(void **state)
{
	const uint64_t B = 0x555555554000ULL;
	uint64_t lo, hi;
	char buf[64];

	(void)state;
	assert_string_equal(cover(&pie, B, B + PG, 0, false, B, 0, false),
			    ".interp");
	assert_string_equal(cover(&pie, B + PG, B + 2 * PG, PG, true, B, 1, false),
			    ".text");
	/* the shared page: the bias picks the R segment at 0x2000 ... */
	assert_string_equal(cover(&pie, B + 2 * PG, B + 3 * PG, 0x2000, true, B, 2,
				  false), ".rodata,.eh_frame");
	/* ... and the RELRO part of the RW segment at 0x3000 */
	assert_string_equal(cover(&pie, B + 3 * PG, B + 4 * PG, 0x2000, true, B, 3,
				  false), ".init_array,.dynamic,.got");
	/* rw- part: the rest of the file's pages, .bss starts in its last */
	assert_string_equal(cover(&pie, B + 4 * PG, B + 5 * PG, 0x3000, true, B, 3,
				  false), ".got.plt,.data,.bss");
	/* the anonymous rest of .bss, and not a byte further */
	assert_true(elf_vma_range(&pie_seg[3], B + 5 * PG, B + 9 * PG, B, PG, true,
				  &lo, &hi));
	assert_int_equal(lo, 0x5000);
	assert_int_equal(hi, 0x7000);
	assert_int_equal(elf_sections_in(&pie, lo, hi, buf, sizeof(buf)), 1);
	assert_string_equal(buf, ".bss");
	/* anonymous memory past the segment's end is not .bss */
	assert_false(elf_vma_range(&pie_seg[3], B + 7 * PG, B + 9 * PG, B, PG,
				   true, &lo, &hi));
	/* nor after a segment without one */
	assert_false(elf_vma_range(&pie_seg[1], B + 2 * PG, B + 3 * PG, B, PG,
				   true, &lo, &hi));
}

static void test_shared_page_without_bias(void **state)
{
	uint64_t b = 0;

	(void)state;
	/* alone, offset 0x2000 is first the R segment's (lowest index) */
	assert_int_equal(elf_seg_of(&pie, 0x7000, 0x2000, PG, false, &b), 2);
	assert_int_equal(b, 0x5000);
	/* a known bias that matches neither: still the first, new bias */
	b = 0x1234000;
	assert_int_equal(elf_seg_of(&pie, 0x7000, 0x2000, PG, true, &b), 2);
	/* an offset no segment's pages hold */
	assert_int_equal(elf_seg_of(&pie, 0x7000, 0x9000, PG, false, &b), -1);
}

/* A non-PIE executable: linked at 0x400000, bias 0. */
static void test_non_pie(void **state)
{
	static struct elf_seg seg[] = {
		{ .offset = 0, .vaddr = 0x400000, .filesz = 0x4e0, .memsz = 0x4e0, .flags = R, .index = 0 },
		{ .offset = 0x1000, .vaddr = 0x401000, .filesz = 0x165, .memsz = 0x165, .flags = R | X, .index = 1 },
		{ .offset = 0x2e10, .vaddr = 0x403e10, .filesz = 0x208, .memsz = 0x220, .flags = R | W, .index = 2 },
	};
	static char names[] = ".text\0.dynamic\0.data\0.bss";
	static struct elf_sec sec[] = {
		{ 0x401020, 0x145, 0 }, { 0x403e20, 0x1d0, 6 },
		{ 0x404008, 0x10, 15 }, { 0x404018, 0x18, 21 },
	};
	struct elf_obj o = { .seg = seg, .nseg = 3, .sec = sec, .nsec = 4,
			     .names = names };

	(void)state;
	assert_string_equal(cover(&o, 0x401000, 0x402000, 0x1000, true, 0, 1,
				  false), ".text");
	assert_string_equal(cover(&o, 0x403000, 0x404000, 0x2000, true, 0, 2,
				  false), ".dynamic");
	assert_string_equal(cover(&o, 0x404000, 0x405000, 0x3000, true, 0, 2,
				  false), ".data,.bss");
}

static void test_sections_in_bounds(void **state)
{
	char buf[16];

	(void)state;
	/* cut at a whole name, never mid-name */
	assert_int_equal(elf_sections_in(&pie, 0x3000, 0x5000, buf, sizeof(buf)), 1);
	assert_string_equal(buf, ".init_array");
	assert_int_equal(elf_sections_in(&pie, 0x9000, 0xa000, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	assert_string_equal(elf_section_at(&pie, 0x1100), ".text");
	assert_null(elf_section_at(&pie, 0x1300));
}

static void test_sym_at(void **state)
{
	static char names[] = "a\0b\0inner\0c";
	static struct elf_sym sym[] = {
		{ 0x1000, 0x100, 0 },  /* a */
		{ 0x1100, 0x200, 2 },  /* b */
		{ 0x1180, 0x10, 4 },   /* inner, inside b */
		{ 0x2000, 0, 10 },     /* c, no size */
	};
	struct elf_obj o = { .sym = sym, .nsym = 4, .symnames = names };

	(void)state;
	assert_null(elf_sym_at(&o, 0xfff));
	assert_string_equal(names + elf_sym_at(&o, 0x1000)->name, "a");
	assert_string_equal(names + elf_sym_at(&o, 0x1185)->name, "inner");
	assert_string_equal(names + elf_sym_at(&o, 0x1200)->name, "b");
	/* in no symbol: the nearest one below */
	assert_string_equal(names + elf_sym_at(&o, 0x1400)->name, "inner");
	assert_string_equal(names + elf_sym_at(&o, 0x2004)->name, "c");
}

/* ---------------------------------------------------------- hostile files */

static char dir[64];

static void put(const char *name, const void *buf, size_t n)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
}

/* The labels elf_label gives a one-VMA process whose file is dir/name. */
static bool labelled(const char *name, struct elf_obj *out, int *open_ret)
{
	struct procfs p;
	struct elf_labeler *l;
	struct stat st;
	struct vma v = { 0 };
	char path[128];
	bool known;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(stat(path, &st), 0);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	*open_ret = elf_obj_open(out, fd, true);
	/* under --proc-root the object is the path under the root */
	assert_int_equal(procfs_init(&p, dir), 0);
	l = elf_labeler_new(&p, true);
	elf_labeler_begin(l, 4242);
	v.start = 0x10000;
	v.end = 0x20000;
	v.inode = st.st_ino;
	v.kind = VMA_KIND_FILE;
	v.name = path + strlen(dir);
	v.name_len = strlen(v.name);
	elf_label(l, &v, true);
	known = v.elf.known;
	v.name = NULL;
	vma_clear(&v);
	elf_labeler_free(l);
	procfs_fini(&p);
	return known;
}

static void test_hostile_files(void **state)
{
	static unsigned char self[65536];
	unsigned char buf[4096];
	struct elf_obj o;
	int fd, ret;
	ssize_t n;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/vmaview-test-elf.XXXXXX");
	assert_non_null(mkdtemp(dir));
	fd = open("/proc/self/exe", O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, self, sizeof(self));
	close(fd);
	assert_true(n > 4096);

	/* the control: this test program itself is labelled */
	{
		char path[128], cmd[300];

		snprintf(path, sizeof(path), "%s/whole", dir);
		snprintf(cmd, sizeof(cmd), "cp /proc/%d/exe '%s'", (int)getpid(), path);
		assert_int_equal(system(cmd), 0);
	}
	assert_true(labelled("whole", &o, &ret));
	assert_int_equal(ret, 0);
	assert_true(o.nseg > 0);
	elf_obj_free(&o);

	put("empty", "", 0);
	assert_false(labelled("empty", &o, &ret));
	assert_int_equal(ret, -EINVAL);

	put("text", "not an ELF file\n", 16);
	assert_false(labelled("text", &o, &ret));
	assert_int_equal(ret, -EINVAL);

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7919 >> 3);
	put("garbage", buf, sizeof(buf));
	assert_false(labelled("garbage", &o, &ret));

	/* the ELF magic and then garbage */
	memcpy(buf, "\177ELF\2\1\1", 7);
	put("magic", buf, sizeof(buf));
	assert_false(labelled("magic", &o, &ret));
	assert_int_equal(ret, -EINVAL);

	/* truncated in the header, in the program headers, after them */
	put("trunc40", self, 40);
	assert_false(labelled("trunc40", &o, &ret));
	put("trunc100", self, 100);
	assert_false(labelled("trunc100", &o, &ret));
	put("trunc4k", self, 4096);
	assert_false(labelled("trunc4k", &o, &ret));
	assert_int_equal(ret, -EINVAL);

	/* e_phnum 0xffff, e_phoff and e_shoff far beyond the file */
	memcpy(buf, self, sizeof(buf));
	buf[56] = buf[57] = 0xff;           /* e_phnum */
	memset(buf + 32, 0x7f, 8);          /* e_phoff */
	memset(buf + 40, 0x7f, 8);          /* e_shoff */
	put("hdr", buf, sizeof(buf));
	assert_false(labelled("hdr", &o, &ret));

	/*
	 * Bytes flipped in the ELF and program headers and in the section
	 * headers of a whole copy: whatever libelf says, no crash.
	 */
	{
		char path[128], cmd[300];
		uint64_t shoff;
		uint16_t shnum;
		int mfd;

		snprintf(path, sizeof(path), "%s/mutant", dir);
		snprintf(cmd, sizeof(cmd), "cp /proc/%d/exe '%s'", (int)getpid(), path);
		assert_int_equal(system(cmd), 0);
		memcpy(&shoff, self + 40, 8);
		memcpy(&shnum, self + 60, 2);
		mfd = open(path, O_RDWR);
		assert_true(mfd >= 0);
		srand(1);
		for (int i = 0; i < 400; i++) {
			off_t at[8];
			unsigned char old[8], b;

			for (int k = 0; k < 8; k++) {
				at[k] = k < 4 ? rand() % 4096 :
					(off_t)(shoff + (uint64_t)(rand() % (shnum * 64 + 1)));
				assert_int_equal(pread(mfd, &old[k], 1, at[k]), 1);
				b = (unsigned char)rand();
				assert_int_equal(pwrite(mfd, &b, 1, at[k]), 1);
			}
			fd = open(path, O_RDONLY);
			assert_true(fd >= 0);
			if (!elf_obj_open(&o, fd, true)) {
				char sec[ELF_SECTIONS_MAX];

				elf_sections_in(&o, 0, ~0ULL, sec, sizeof(sec));
				elf_sym_at(&o, 0x1000);
				elf_obj_free(&o);
			}
			for (int k = 8; k-- > 0;)
				assert_int_equal(pwrite(mfd, &old[k], 1, at[k]), 1);
		}
		close(mfd);
	}

	/* a missing file: nothing, no error */
	{
		struct procfs p;
		struct elf_labeler *l;
		struct vma v = { .start = 0x1000, .end = 0x2000, .inode = 1,
				 .kind = VMA_KIND_FILE, .name = (char *)"/nope",
				 .name_len = 5 };

		assert_int_equal(procfs_init(&p, dir), 0);
		l = elf_labeler_new(&p, false);
		elf_labeler_begin(l, 1);
		elf_label(l, &v, true);
		assert_false(v.elf.known);
		elf_labeler_free(l);
		procfs_fini(&p);
	}
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		assert_int_equal(system(cmd), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pie_layout),
		cmocka_unit_test(test_shared_page_without_bias),
		cmocka_unit_test(test_non_pie),
		cmocka_unit_test(test_sections_in_bounds),
		cmocka_unit_test(test_sym_at),
		cmocka_unit_test(test_hostile_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
