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
 * "int check_x(void)" (guest_frames.c: model, smaps, frames, pages,
 * translate; guest_checks.c: the rest; guest_snapshot.c: the round trip)
 * that ends in "return pass(...)" and leaves early with "return fail(...)"
 * or "return skip(...)" (several fail() calls are fine), declare it in
 * guest.h and add a line to checks[]. VV(uid, &run, args...) runs /vmaview
 * and parses its JSON; jget/jstr/jnum/jnull/jhas_name read it (guest_lib.c).
 */
#include "guest.h"

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
