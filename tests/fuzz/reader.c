/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - reader.c: fuzz adapter: the maps/smaps streaming reader over a memfd */
#include "fuzz.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmaview/smaps.h"
#include "vmaview/xalloc.h"

void fuzz_check_vma(const void *vma)
{
	const struct vma *v = vma;

	FUZZ_CHECK(v->start < v->end);
	FUZZ_CHECK(strchr("r-", v->perms[0]) && strchr("w-", v->perms[1]) &&
		   strchr("x-", v->perms[2]) && strchr("ps", v->perms[3]) &&
		   !v->perms[4]);
	FUZZ_CHECK(!v->name == !v->name_len);
	FUZZ_CHECK(!v->name || strlen(v->name) == v->name_len);
	FUZZ_CHECK(v->kind < VMA_KIND_COUNT);
	FUZZ_CHECK(!v->have || v->have < (1ULL << SMAPS_NKEYS) ||
		   SMAPS_NKEYS == 64);
}

static int memfd(const uint8_t *data, size_t size)
{
	static int fd = -1;

	if (fd < 0)
		fd = memfd_create("vmaview-fuzz", MFD_CLOEXEC);
	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(ftruncate(fd, 0) == 0);
	FUZZ_CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);
	FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

void fuzz_reader_run(const uint8_t *data, size_t size, bool smaps)
{
	struct smaps_reader r;
	uint64_t last_end = 0;
	bool any = false;
	int ret;

	/* what smaps_open() sets up, but from a memfd instead of procfs */
	memset(&r, 0, sizeof(r));
	r.fd = memfd(data, size);
	r.path = xstrdup("fuzz");
	r.smaps = smaps;
	r.cap = 16;
	r.buf = xmalloc(r.cap);
	for (;;) {
		struct vma v;

		ret = smaps_next(&r, &v);
		if (ret <= 0)
			break;
		fuzz_check_vma(&v);
		/* the reader promises VMAs in address order, none overlapping */
		FUZZ_CHECK(!any || v.start >= last_end);
		any = true;
		last_end = v.end;
		vma_clear(&v);
	}
	FUZZ_CHECK(ret == 0 || ret == -EINVAL);
	/* a malformed file always says where: "fuzz:LINE: reason" */
	FUZZ_CHECK(ret == 0 || !strncmp(r.err, "fuzz:", 5));
	r.fd = -1; /* the memfd is reused for the next input */
	smaps_close(&r);
}
