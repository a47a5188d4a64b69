/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_sink.c - outputs: syslog on a socket of the test's own (message
 * format, socket absent then back), file rotation, a full disk.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

#include "sink.h"

struct fx {
	char dir[64];
	char sock_path[100];
	int server;
	struct config cfg;
};

static int bind_server(struct fx *f)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memcpy(sa.sun_path, f->sock_path, strlen(f->sock_path) + 1);
	unlink(f->sock_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/acg-sink-XXXXXX");
	if (!mkdtemp(f->dir) || config_init(&f->cfg) < 0)
		return -1;
	snprintf(f->sock_path, sizeof(f->sock_path), "%s/log.sock", f->dir);
	free(f->cfg.syslog_socket);
	f->cfg.syslog_socket = strdup(f->sock_path);
	f->server = -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];
	int r;

	if (f->server >= 0)
		close(f->server);
	config_free(&f->cfg);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	r = system(cmd);
	free(f);
	return r == 0 ? 0 : -1;
}

static void test_syslog_message(void **state)
{
	struct fx *f = *state;
	char msg[9000], want[128];
	struct sink *s;
	ssize_t n;

	f->server = bind_server(f);
	assert_true(f->server >= 0);
	f->cfg.outputs = 1u << CONFIG_OUTPUT_SYSLOG;
	f->cfg.syslog_facility = LOG_LOCAL6;
	f->cfg.syslog_priority = LOG_NOTICE;
	free(f->cfg.syslog_prefix);
	f->cfg.syslog_prefix = strdup("@cee: ");
	assert_int_equal(sink_open(&f->cfg, &s), 0);
	/* syslog gets the fitted copy, not the full line */
	assert_int_equal(sink_write(s, "{\"full\":1}", 10, "{\"a\":1}", 7), 0);
	n = recv(f->server, msg, sizeof(msg) - 1, 0);
	assert_true(n > 0);
	msg[n] = '\0';
	snprintf(want, sizeof(want), "<%d>", LOG_LOCAL6 | LOG_NOTICE);
	assert_memory_equal(msg, want, strlen(want));
	snprintf(want, sizeof(want), " audisp-cgroup[%d]: @cee: {\"a\":1}",
		 (int)getpid());
	assert_non_null(strstr(msg, want));
	assert_int_equal(strlen(strstr(msg, want)), strlen(want));
	assert_int_equal(sink_get_stats(s)->lines, 1);
	sink_close(s);
}

/* No daemon: every line is counted, none blocks; then it comes back. */
static void test_syslog_absent(void **state)
{
	struct fx *f = *state;
	struct sink *s;
	char msg[256];
	int i;

	f->cfg.outputs = 1u << CONFIG_OUTPUT_SYSLOG;
	assert_int_equal(sink_open(&f->cfg, &s), 0);
	for (i = 0; i < 5; i++)
		assert_true(sink_write(s, "{}", 2, "{}", 2) < 0);
	assert_int_equal(sink_get_stats(s)->errors, 5);
	assert_int_equal(sink_get_stats(s)->lines, 0);
	f->server = bind_server(f);
	assert_true(f->server >= 0);
	/* reconnecting is rate-limited to once a second */
	sleep(1);
	sink_reopen(s);
	assert_int_equal(sink_write(s, "{}", 2, "{}", 2), 0);
	assert_true(recv(f->server, msg, sizeof(msg), 0) > 0);
	assert_int_equal(sink_get_stats(s)->lines, 1);
	sink_close(s);
}

static int count_lines(const char *path)
{
	FILE *fp = fopen(path, "re");
	int c, n = 0;

	if (!fp)
		return -1;
	while ((c = fgetc(fp)) != EOF)
		n += c == '\n';
	fclose(fp);
	return n;
}

/* Rotation by size keeps N generations and loses no line. */
static void test_rotation(void **state)
{
	struct fx *f = *state;
	char path[256], gen[300], line[100];
	struct sink *s;
	struct stat st;
	int i, total = 0, g;

	snprintf(path, sizeof(path), "%s/out.json", f->dir);
	free(f->cfg.file);
	f->cfg.file = strdup(path);
	f->cfg.outputs = 1u << CONFIG_OUTPUT_FILE;
	f->cfg.file_max_size = 1000;
	f->cfg.file_rotate = 3;
	assert_int_equal(sink_open(&f->cfg, &s), 0);
	memset(line, 'x', sizeof(line));
	/* 10 lines of 100 bytes fill a file: 40 lines fill the current
	 * file and the 3 generations kept */
	for (i = 0; i < 40; i++)
		assert_int_equal(sink_write(s, line, 99, line, 99), 0);
	sink_close(s);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size <= 1000);
	assert_int_equal(st.st_mode & 0777, 0600);
	total = count_lines(path);
	for (g = 1; g <= 3; g++) {
		snprintf(gen, sizeof(gen), "%s.%d", path, g);
		assert_int_equal(stat(gen, &st), 0);
		assert_true(st.st_size <= 1000);
		total += count_lines(gen);
	}
	snprintf(gen, sizeof(gen), "%s.4", path);
	assert_int_equal(stat(gen, &st), -1);	/* only 3 kept */
	assert_int_equal(total, 40);		/* none lost until then */
	assert_int_equal(count_lines(path), 10);

	/* one more line: the oldest generation goes, as configured */
	assert_int_equal(sink_open(&f->cfg, &s), 0);
	assert_int_equal(sink_write(s, line, 99, line, 99), 0);
	assert_int_equal(sink_flush(s), 0);
	assert_int_equal(sink_get_stats(s)->rotations, 1);
	sink_close(s);
	assert_int_equal(count_lines(path), 1);
	snprintf(gen, sizeof(gen), "%s.4", path);
	assert_int_equal(stat(gen, &st), -1);
}

/* A full disk is reported and survived. */
static void test_full_disk(void **state)
{
	struct fx *f = *state;
	struct sink *s;

	free(f->cfg.file);
	f->cfg.file = strdup("/dev/full");
	f->cfg.outputs = 1u << CONFIG_OUTPUT_FILE;
	assert_int_equal(sink_open(&f->cfg, &s), 0);
	/* gathered, then written together: both lost then, and counted */
	assert_int_equal(sink_write(s, "{}", 2, "{}", 2), 0);
	assert_int_equal(sink_write(s, "{}", 2, "{}", 2), 0);
	assert_int_equal(sink_get_stats(s)->lines, 2);
	assert_int_equal(sink_flush(s), -ENOSPC);
	assert_int_equal(sink_get_stats(s)->errors, 2);
	assert_int_equal(sink_get_stats(s)->lines, 0);
	/* the next batch fails on its own */
	assert_int_equal(sink_write(s, "{}", 2, "{}", 2), 0);
	assert_int_equal(sink_flush(s), -ENOSPC);
	assert_int_equal(sink_get_stats(s)->errors, 3);
	sink_close(s);
}

/* Lines reach the file at sink_flush(), and a full batch goes at once. */
static void test_file_batch(void **state)
{
	struct fx *f = *state;
	char path[256], line[1000];
	struct sink *s;
	int i, n;

	snprintf(path, sizeof(path), "%s/batch.json", f->dir);
	free(f->cfg.file);
	f->cfg.file = strdup(path);
	f->cfg.outputs = 1u << CONFIG_OUTPUT_FILE;
	assert_int_equal(sink_open(&f->cfg, &s), 0);
	assert_int_equal(sink_write(s, "{}", 2, "{}", 2), 0);
	assert_int_equal(count_lines(path), 0);
	assert_int_equal(sink_flush(s), 0);
	assert_int_equal(count_lines(path), 1);
	memset(line, 'x', sizeof(line));
	n = SINK_FILE_BATCH / (int)sizeof(line) + 1;
	for (i = 0; i < n; i++)
		assert_int_equal(sink_write(s, line, sizeof(line) - 1, line,
					    sizeof(line) - 1), 0);
	/* the batch filled and went without a flush */
	assert_int_equal(count_lines(path), 1 + n);
	sink_close(s);
}

/*
 * A batch cut short (the file size limit, as a full disk would): the
 * lines written whole count delivered, the rest are errors.
 */
static void test_partial_batch(void **state)
{
	struct fx *f = *state;
	char path[256], line[100];
	struct rlimit old, lim;
	struct sink *s;
	int i;

	snprintf(path, sizeof(path), "%s/partial.json", f->dir);
	free(f->cfg.file);
	f->cfg.file = strdup(path);
	f->cfg.outputs = 1u << CONFIG_OUTPUT_FILE;
	assert_int_equal(sink_open(&f->cfg, &s), 0);
	memset(line, 'x', sizeof(line));
	for (i = 0; i < 30; i++)	/* 30 lines of 100 bytes */
		assert_int_equal(sink_write(s, line, 99, line, 99), 0);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 1050;	/* 10 whole lines and half of one */
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(sink_flush(s), -EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(sink_get_stats(s)->lines, 10);
	assert_int_equal(sink_get_stats(s)->errors, 20);
	sink_close(s);
	assert_int_equal(count_lines(path), 10);
}

/* A missing directory: an error per line, no crash, no block. */
static void test_missing_dir(void **state)
{
	struct fx *f = *state;
	char path[256];
	struct sink *s;

	snprintf(path, sizeof(path), "%s/no/such/dir/out.json", f->dir);
	free(f->cfg.file);
	f->cfg.file = strdup(path);
	f->cfg.outputs = (1u << CONFIG_OUTPUT_FILE);
	assert_int_equal(sink_open(&f->cfg, &s), 0);
	assert_true(sink_write(s, "{}", 2, "{}", 2) < 0);
	assert_int_equal(sink_get_stats(s)->errors, 1);
	sink_close(s);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_syslog_message),
		T(test_syslog_absent),
		T(test_rotation),
		T(test_full_disk),
		T(test_file_batch),
		T(test_partial_batch),
		T(test_missing_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
