/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_procfs.c - reading <host_root>/proc/PID/cgroup, bounded. */
#include "autoconf.h"

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

#include "procfs.h"

struct tree {
	char root[64];
	struct procfs *proc;
};

static void put_file(const char *root, int pid, const char *text, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/proc/%d", root, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/proc/%d/cgroup", root, pid);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
}

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));
	char path[128];

	if (!t)
		return -1;
	snprintf(t->root, sizeof(t->root), "/tmp/acg-procfs-XXXXXX");
	if (!mkdtemp(t->root))
		return -1;
	snprintf(path, sizeof(path), "%s/proc", t->root);
	if (mkdir(path, 0755) < 0)
		return -1;
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];
	int r;

	procfs_close(t->proc);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	r = system(cmd);
	free(t);
	return r == 0 ? 0 : -1;
}

static void test_read(void **state)
{
	static const char v2[] = "0::/system.slice/sshd.service\n";
	struct tree *t = *state;
	char buf[PROCFS_CGROUP_MAX];
	ssize_t n;

	put_file(t->root, 42, v2, sizeof(v2) - 1);
	assert_int_equal(procfs_open(t->root, &t->proc), 0);
	n = procfs_read_cgroup(t->proc, 42, buf, sizeof(buf));
	assert_int_equal(n, sizeof(v2) - 1);
	assert_string_equal(buf, v2);
}

static void test_gone_and_invalid(void **state)
{
	struct tree *t = *state;
	char buf[64];

	assert_int_equal(procfs_open(t->root, &t->proc), 0);
	assert_int_equal(procfs_read_cgroup(t->proc, 7, buf, sizeof(buf)),
			 -ENOENT);
	assert_int_equal(procfs_read_cgroup(t->proc, 0, buf, sizeof(buf)),
			 -EINVAL);
	assert_int_equal(procfs_read_cgroup(t->proc, -1, buf, sizeof(buf)),
			 -EINVAL);
	{
		struct procfs *none = NULL;

		assert_int_equal(procfs_open("/nonexistent-root", &none),
				 -ENOENT);
		assert_null(none);
	}
}

/* A file that fills the buffer exactly is fine; one byte more is not. */
static void test_bounds(void **state)
{
	struct tree *t = *state;
	char big[PROCFS_CGROUP_MAX + 10], buf[PROCFS_CGROUP_MAX];

	memset(big, 'x', sizeof(big));
	put_file(t->root, 100, big, sizeof(buf) - 1);
	put_file(t->root, 101, big, sizeof(buf));
	put_file(t->root, 102, "", 0);
	assert_int_equal(procfs_open(t->root, &t->proc), 0);
	assert_int_equal(procfs_read_cgroup(t->proc, 100, buf, sizeof(buf)),
			 sizeof(buf) - 1);
	assert_int_equal(buf[sizeof(buf) - 1], '\0');
	assert_int_equal(procfs_read_cgroup(t->proc, 101, buf, sizeof(buf)),
			 -EFBIG);
	assert_int_equal(procfs_read_cgroup(t->proc, 102, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

/* The live system: our own process has a cgroup file. */
static void test_live_self(void **state)
{
	struct procfs *p;
	char buf[PROCFS_CGROUP_MAX];
	ssize_t n;

	(void)state;
	assert_int_equal(procfs_open("/", &p), 0);
	n = procfs_read_cgroup(p, getpid(), buf, sizeof(buf));
	assert_true(n > 0);
	assert_non_null(strstr(buf, ":/"));
	procfs_close(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gone_and_invalid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
		cmocka_unit_test(test_live_self),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
