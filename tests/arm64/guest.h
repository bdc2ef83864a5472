/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vmaview - guest.h: what the arm64 guest's /init (guest_*.c) shares: reporting, JSON, tools, context */
#ifndef VMAVIEW_GUEST_H
#define VMAVIEW_GUEST_H

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

enum jt { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jv {
	enum jt t;
	char *s; /* string, or the number's text; "true"/"false" */
	size_t n; /* members */
	char **keys; /* objects */
	struct jv *kids; /* members */
};

struct run {
	int status; /* waitpid status; -1 when it could not run */
	char *out, *err;
	size_t nout, nerr;
};

#define VV(uid, rr, ...) vv_json(uid, rr, __VA_ARGS__, (char *)NULL)

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

/* what the booted kernel must look like, and the two mappers */
struct guest_ctx {
	long page;
	unsigned page_shift, va, levels;
	char kver[16], board[32], model[128];
	bool fixture; /* vv.fixture=1: print the snapshot fixture */
	struct mapper root, nobody;
};
extern struct guest_ctx g;

extern unsigned npass, nfail, nskip;
extern char failed[1024];
extern const char *cur;
extern unsigned cur_fail, cur_pass, cur_skip;

/* guest_lib.c: reporting, JSON, running tools, the mappers */
void say(const char *tag, const char *fmt, va_list ap);
int pass(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const struct jv *jkey(const struct jv *v, const char *key);
const struct jv *jget(const struct jv *v, const char *path);
const char *jstr(const struct jv *v, const char *path);
bool jnum(const struct jv *v, const char *path, uint64_t *out);
bool jnull(const struct jv *v, const char *path);
bool jhas_name(const struct jv *v, const char *path, const char *name);
struct run run_as(uid_t uid, char *const argv[]);
char *argv_text(char *const argv[]);
struct jv *vv_json(uid_t uid, struct run *rr, ...);
const struct mapping *map_of(const struct mapper *mp, const char *name);
const char *range_of(const struct mapping *m);
bool pread_u64(const char *path, uint64_t index, uint64_t *out);
bool pagemap_word(pid_t pid, uint64_t va, uint64_t *out);
bool start_mapper(struct mapper *mp, uid_t uid, const char *dir);
void stop_mapper(struct mapper *mp);

/* guest_frames.c and guest_checks.c: the checks of the booted kernel */
int check_model_decode(void);
int check_stack_top(void);
int check_self(void);
int check_smaps(void);
int check_frames(void);
int check_pages_anon(void);
int check_pages_locked(void);
int check_pages_file(void);
int check_pages_shared(void);
int check_pages_zero(void);
int check_templates(void);
int check_translate(void);
int check_elf(void);
int check_stacks(void);
int check_thp(void);
void check_ksm_info(void);
int check_unprivileged(void);
int check_device_tree(void);
int check_board(void);

/* guest_snapshot.c: the snapshot round trip and the fixture */
int check_snapshot(void);
void emit_fixture(void);

#endif
