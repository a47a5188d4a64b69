/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_config.c - the config parser: values, errors with file:line: key. */
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
#include <syslog.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

struct bad_case {
	const char *text;
	const char *error;	/* expected substring of the error output */
};

static const struct bad_case bad_cases[] = {
	{ "outptu = file\n", "t.conf:1: outptu: unknown key (did you mean 'output'?)" },
	{ "# c\n\nhost_rot = /x\n", "t.conf:3: host_rot: unknown key (did you mean 'host_root'?)" },
	{ "completely_unknown = 1\n", "t.conf:1: completely_unknown: unknown key\n" },
	{ "output = kafka\n", "t.conf:1: output: 'kafka' is not one of syslog, file, stdout" },
	{ "output = file, kafka\n", "t.conf:1: output: 'kafka' is not one of" },
	{ "output = ,\n", "t.conf:1: output: needs at least one of syslog, file, stdout" },
	{ "file_max_size = 10X\n", "t.conf:1: file_max_size: '10X' is not a size" },
	{ "file_max_size = -1\n", "t.conf:1: file_max_size: '-1' is not a size" },
	{ "file_rotate = 100\n", "t.conf:1: file_rotate: '100' is not a whole number from 0 to 99" },
	{ "max_event_bytes = 100\n", "t.conf:1: max_event_bytes: '100' is not a whole number from 1024" },
	{ "syslog_prefix = \"@cee: \n", "t.conf:1: syslog_prefix: unterminated quote" },
	{ "syslog_socket = dev/log\n", "t.conf:1: syslog_socket: 'dev/log' is not an absolute path" },
	{ "process_table_size = 10\n", "t.conf:1: process_table_size: '10' is not a whole number from 64" },
	{ "runtime_helpers = containerd-shim-runc-v2\n", "t.conf:1: runtime_helpers: 'containerd-shim-runc-v2' is longer than a process name" },
	{ "output\n", "t.conf:1: expected 'key = value', got 'output'" },
	{ "= file\n", "t.conf:1: missing key before '='" },
	{ "file = relative/path\n", "t.conf:1: file: 'relative/path' is not an absolute path" },
	{ "file =\n", "t.conf:1: file: '' is not an absolute path" },
	{ "host_root = x\n", "t.conf:1: host_root: 'x' is not an absolute path" },
	{ "file_mode = 0666\n", "t.conf:1: file_mode: mode 0666 would make the output world-writable" },
	{ "file_mode = 9\n", "t.conf:1: file_mode: '9' is not an octal mode" },
	{ "syslog_facility = kern\n", "t.conf:1: syslog_facility: 'kern' is not a syslog facility" },
	{ "syslog_priority = loud\n", "t.conf:1: syslog_priority: 'loud' is not a syslog priority" },
	{ "syslog_ident =\n", "t.conf:1: syslog_ident: needs a value" },
	{ "eoe_timeout = 0\n", "t.conf:1: eoe_timeout: '0' is not a whole number from 1 to 3600" },
	{ "eoe_timeout = -5\n", "t.conf:1: eoe_timeout: '-5' is not a whole number" },
	{ "eoe_timeout = 99999999999999999999\n", "t.conf:1: eoe_timeout: '99999999999999999999' is not" },
	{ "output = file\x01\n", "t.conf:1: control character in line" },
	{ "output = file\nbogus = 1\noutput = nope\n", "t.conf:2: bogus: unknown key" },
	{ "output = file\nbogus = 1\noutput = nope\n", "t.conf:3: output: 'nope'" },
};

static void test_bad_configs(void **state)
{
	struct buf errors = BUF_INIT;
	struct config cfg;
	size_t i;
	int r, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];

		buf_reset(&errors);
		memset(&cfg, 0x5a, sizeof(cfg));
		r = config_parse("t.conf", c->text, strlen(c->text), &cfg,
				 &errors);
		if (r != -EINVAL || !errors.data ||
		    !strstr(errors.data, c->error)) {
			print_error("case %zu: '%s' -> %d '%s', expected '%s'\n",
				    i, c->text, r, errors.data ? errors.data : "",
				    c->error);
			failed++;
		}
		/* untouched on failure */
		assert_int_equal(((unsigned char *)&cfg)[0], 0x5a);
	}
	buf_free(&errors);
	assert_int_equal(failed, 0);
}

static void test_defaults_and_values(void **state)
{
	static const char text[] =
		"# every key\n"
		"  output   =   file  \n"
		"file = /var/log/x.log\r\n"
		"file_mode = 0640\n"
		"host_root = /host\n"
		"syslog_ident = acg\n"
		"syslog_facility = local6\n"
		"syslog_priority = notice\n"
		"eoe_timeout = 5\n"
		"output = file,stdout , syslog\n"
		"syslog_prefix = \"@cee: \"\n"
		"file_max_size = 100M\n"
		"file_rotate = 0\n"
		"max_event_bytes = 4096\n"
		"process_table_size = 1000\n"
		"runtime_helpers = runc, my-shim*\n"
		"local_node = web-01";	/* no final newline */
	struct buf errors = BUF_INIT;
	struct config cfg;

	(void)state;
	assert_int_equal(config_parse("t.conf", "", 0, &cfg, &errors), 0);
	assert_int_equal(cfg.outputs, 1u << CONFIG_OUTPUT_SYSLOG);
	assert_string_equal(cfg.host_root, "/");
	assert_int_equal(cfg.file_mode, 0600);
	assert_int_equal(cfg.eoe_timeout, 2);
	config_free(&cfg);

	assert_int_equal(config_parse("t.conf", text, strlen(text), &cfg,
				      &errors), 0);
	assert_int_equal(errors.len, 0);
	assert_int_equal(cfg.outputs, 1u << CONFIG_OUTPUT_FILE |
				      1u << CONFIG_OUTPUT_STDOUT |
				      1u << CONFIG_OUTPUT_SYSLOG);
	assert_string_equal(cfg.syslog_prefix, "@cee: ");
	assert_int_equal(cfg.file_max_size, 100ULL << 20);
	assert_int_equal(cfg.file_rotate, 0);
	assert_int_equal(cfg.max_event_bytes, 4096);
	assert_int_equal(cfg.process_table_size, 1000);
	assert_string_equal(cfg.runtime_helpers[0], "runc");
	assert_string_equal(cfg.runtime_helpers[1], "my-shim*");
	assert_null(cfg.runtime_helpers[2]);
	assert_string_equal(cfg.local_node, "web-01");
	assert_string_equal(cfg.file, "/var/log/x.log");
	assert_int_equal(cfg.file_mode, 0640);
	assert_string_equal(cfg.host_root, "/host");
	assert_string_equal(cfg.syslog_ident, "acg");
	assert_int_equal(cfg.syslog_facility, LOG_LOCAL6);
	assert_int_equal(cfg.syslog_priority, LOG_NOTICE);
	assert_int_equal(cfg.eoe_timeout, 5);
	config_free(&cfg);
	buf_free(&errors);
}

/* The shipped conf/audisp-cgroup.conf parses and says the defaults. */
static void test_shipped_config(void **state)
{
	struct buf errors = BUF_INIT;
	struct config cfg, def;
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/../../conf/audisp-cgroup.conf",
		 TEST_DATA);
	assert_int_equal(config_load(path, &cfg, &errors), 0);
	assert_int_equal(config_init(&def), 0);
	assert_int_equal(cfg.outputs, def.outputs);
	assert_string_equal(cfg.host_root, def.host_root);
	assert_string_equal(cfg.syslog_ident, def.syslog_ident);
	assert_int_equal(cfg.eoe_timeout, def.eoe_timeout);
	config_free(&cfg);
	config_free(&def);
	buf_free(&errors);
}

static int make_tmpdir(void **state)
{
	char *dir = strdup("/tmp/acg-config-XXXXXX");

	if (!dir || !mkdtemp(dir))
		return -1;
	*state = dir;
	return 0;
}

static int remove_tmpdir(void **state)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_file_checks(void **state)
{
	const char *dir = *state;
	struct buf errors = BUF_INIT;
	struct config cfg;
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/ww.conf", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "output = stdout\n", 16), 16);
	close(fd);
	assert_int_equal(config_load(path, &cfg, &errors), 0);
	config_free(&cfg);

	chmod(path, 0666);
	assert_int_equal(config_load(path, &cfg, &errors), -EPERM);
	assert_non_null(strstr(errors.data, "world-writable"));

	buf_reset(&errors);
	assert_int_equal(config_load(dir, &cfg, &errors), -EINVAL);
	assert_non_null(strstr(errors.data, "not a regular file"));

	buf_reset(&errors);
	snprintf(path, sizeof(path), "%s/missing.conf", dir);
	assert_int_equal(config_load(path, &cfg, &errors), -ENOENT);
	assert_non_null(strstr(errors.data, "missing.conf:0: cannot open"));
	buf_free(&errors);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_configs),
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_shipped_config),
		cmocka_unit_test_setup_teardown(test_file_checks, make_tmpdir,
						remove_tmpdir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
