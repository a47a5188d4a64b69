/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_replay.c - whole-pipeline tests on streams recorded from the real
 * auditd (tests/record-streams.sh): one valid JSON line per event in,
 * every EXECVE argv equal to what the recording script executed, and the
 * special streams equal to their golden outputs field by field.
 *
 * ACG_UPDATE_GOLDEN=1 rewrites the golden files from the current output
 * (review the diff before committing it).
 */
#include "autoconf.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "pipeline.h"

/* The output lines of one replay. */
struct lines {
	char **v;
	size_t n, cap;
};

static int collect(void *ctx, const char *line, size_t len,
		   const char *fit, size_t fit_len)
{
	struct lines *l = ctx;

	assert_true(fit_len <= len);
	assert_non_null(fit);

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		assert_non_null(l->v);
	}
	l->v[l->n] = strndup(line, len);
	assert_non_null(l->v[l->n]);
	/* never a raw newline, but between the records of format = text */
	if (strncmp(line, "type=", 5) != 0 && strncmp(line, "node=", 5) != 0)
		assert_null(memchr(line, '\n', len));
	l->n++;
	return 0;
}

static void lines_free(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* Read a stream file (xz-compressed when it ends in .xz). */
static char *slurp(const char *name, size_t *ret_len)
{
	char path[4096], cmd[4200];
	size_t len = 0, cap = 1 << 20, n;
	char *data = malloc(cap);
	FILE *f;

	assert_non_null(data);
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, name);
	if (strstr(name, ".xz")) {
		snprintf(cmd, sizeof(cmd), "xz -dc '%s'", path);
		f = popen(cmd, "r");
	} else {
		f = fopen(path, "re");
	}
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	while ((n = fread(data + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			data = realloc(data, cap);
			assert_non_null(data);
		}
	}
	if (strstr(name, ".xz"))
		assert_int_equal(pclose(f), 0);
	else
		fclose(f);
	*ret_len = len;
	return data;
}

/* Feed @data in chunks of odd sizes, as a pipe would deliver it. */
static void replay_node(const char *data, size_t len, const char *host_root,
			const char *local_node, struct lines *out,
			struct pipeline_stats *ret_stats)
{
	struct config cfg;
	struct pipeline *p;
	size_t off = 0, chunk = 1;

	assert_int_equal(config_init(&cfg), 0);
	free(cfg.host_root);
	cfg.host_root = strdup(host_root);
	free(cfg.local_node);
	cfg.local_node = strdup(local_node);
	assert_int_equal(pipeline_new(&cfg, collect, out, &p), 0);
	while (off < len) {
		size_t n = chunk < len - off ? chunk : len - off;

		assert_int_equal(pipeline_feed(p, data + off, n), 0);
		off += n;
		chunk = chunk * 7 % 65521 + 1;
	}
	pipeline_flush(p);
	*ret_stats = *pipeline_get_stats(p);
	pipeline_free(p);
	config_free(&cfg);
}

static void replay(const char *data, size_t len, const char *host_root,
		   struct lines *out, struct pipeline_stats *ret_stats)
{
	replay_node(data, len, host_root, "auto", out, ret_stats);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The event ids of the input ("1796399455.556:770"), sorted, one per
 * event, as auparse groups records: by timestamp and serial.
 */
static size_t input_ids(const char *data, size_t len, char ***ret)
{
	const char *p = data, *end = data + len, *q;
	char **ids = NULL, *prev = NULL;
	size_t n = 0, cap = 0, i, u;

	/* line by line, bounded: the data is not NUL-terminated */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *close;

		q = memmem(p, (size_t)(eol - p), "msg=audit(", 10);
		close = q ? memchr(q, ')', (size_t)(eol - q)) : NULL;
		if (close) {
			if (n == cap) {
				cap = cap ? cap * 2 : 4096;
				ids = realloc(ids, cap * sizeof(*ids));
				assert_non_null(ids);
			}
			ids[n++] = strndup(q + 10, (size_t)(close - (q + 10)));
		}
		p = eol + 1;
	}
	qsort(ids, n, sizeof(*ids), cmp_str);
	for (i = 0, u = 0; i < n; i++) {
		if (prev && strcmp(prev, ids[i]) == 0) {
			free(ids[i]);
			continue;
		}
		prev = ids[u++] = ids[i];
	}
	*ret = ids;
	return u;
}

/* Undo the documented string encoding: \\ -> \, \xHH -> byte. */
static size_t unescape(const char *s, unsigned char *out)
{
	size_t n = 0;
	unsigned int v;

	while (*s) {
		if (s[0] == '\\' && s[1] == '\\') {
			out[n++] = '\\';
			s += 2;
		} else if (s[0] == '\\' && s[1] == 'x' &&
			   sscanf(s + 2, "%2x", &v) == 1) {
			out[n++] = (unsigned char)v;
			s += 4;
		} else {
			out[n++] = (unsigned char)*s++;
		}
	}
	return n;
}

static int hexval(char c)
{
	return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/*
 * Check every EXECVE argv of @out against the .argv file: each line is a
 * marker and the hex of every argument the script executed. Returns the
 * number of markers matched; fails on any mismatch.
 */
static size_t check_argv(struct lines *out, const char *argv_file)
{
	size_t len, i, matched = 0, expected = 0;
	char *text = slurp(argv_file, &len), *line, *save = NULL;
	cJSON **by_marker;
	unsigned char *want, *got;
	size_t cap = 1u << 16;

	want = malloc(cap);
	got = malloc(cap * 4);
	assert_non_null(want);
	assert_non_null(got);
	text[len] = '\0';
	/* index the output by marker (argv[1]) */
	by_marker = calloc(1000000, sizeof(*by_marker));
	assert_non_null(by_marker);
	for (i = 0; i < out->n; i++) {
		cJSON *ev = cJSON_Parse(out->v[i]), *argv, *m;
		unsigned long idx;

		argv = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(ev, "records"),
				"EXECVE"), "argv");
		m = cJSON_GetArrayItem(argv, 1);
		if (cJSON_IsString(m) && sscanf(m->valuestring, "rec-%lu", &idx) == 1 &&
		    idx < 1000000) {
			assert_null(by_marker[idx]);	/* each event once */
			by_marker[idx] = ev;
		} else {
			cJSON_Delete(ev);
		}
	}
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' '), *tok;
		unsigned long idx;
		cJSON *argv, *arg;
		int argi = 0;

		assert_non_null(sp);
		assert_int_equal(sscanf(line, "rec-%lu", &idx), 1);
		expected++;
		if (!by_marker[idx])
			fail_msg("%s: no event for marker %.10s", argv_file, line);
		argv = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(by_marker[idx],
								 "records"),
				"EXECVE"), "argv");
		/* fields are separated by exactly one space; empty = "" */
		tok = sp + 1;
		for (;;) {
			char *next = strchr(tok, ' ');
			size_t hl = next ? (size_t)(next - tok) : strlen(tok);
			size_t wl, gl, k;

			/* "-" is an empty argument (record-streams.sh) */
			if (hl == 1 && tok[0] == '-')
				hl = 0;
			wl = hl / 2;

			assert_true(wl < cap);
			for (k = 0; k < wl; k++)
				want[k] = (unsigned char)(hexval(tok[2 * k]) << 4 |
							  hexval(tok[2 * k + 1]));
			arg = cJSON_GetArrayItem(argv, argi);
			if (!cJSON_IsString(arg))
				fail_msg("%.10s: argv[%d] missing", line, argi);
			assert_true(strlen(arg->valuestring) < cap * 4);
			gl = unescape(arg->valuestring, got);
			if (gl != wl || memcmp(got, want, wl) != 0)
				fail_msg("%.10s: argv[%d] differs (%zu vs %zu bytes)",
					 line, argi, gl, wl);
			argi++;
			if (!next)
				break;
			tok = next + 1;
		}
		if (cJSON_GetArraySize(argv) != argi)
			fail_msg("%.10s: %d arguments, expected %d", line,
				 cJSON_GetArraySize(argv), argi);
		matched++;
	}
	assert_int_equal(matched, expected);
	for (i = 0; i < 1000000; i++)
		cJSON_Delete(by_marker[i]);
	free(by_marker);
	free(want);
	free(got);
	free(text);
	return matched;
}

/* Every output line parses, and the event ids out equal the ids in. */
static void check_events(const char *data, size_t len, struct lines *out,
			 const struct pipeline_stats *st)
{
	char **ids, **got;
	size_t nids, i;

	nids = input_ids(data, len, &ids);
	assert_int_equal(st->unparsed, 0);
	assert_int_equal(st->format_errors, 0);
	assert_int_equal(out->n, nids);
	got = calloc(out->n, sizeof(*got));
	assert_non_null(got);
	for (i = 0; i < out->n; i++) {
		cJSON *ev = cJSON_Parse(out->v[i]), *id;

		if (!ev)
			fail_msg("line %zu is not JSON: %.200s", i, out->v[i]);
		id = cJSON_GetObjectItemCaseSensitive(ev, "id");
		assert_true(cJSON_IsString(id));
		got[i] = strdup(id->valuestring);
		cJSON_Delete(ev);
	}
	qsort(got, out->n, sizeof(*got), cmp_str);
	for (i = 0; i < nids; i++) {
		assert_string_equal(got[i], ids[i]);
		free(got[i]);
		free(ids[i]);
	}
	free(got);
	free(ids);
}

/* Compare two JSON values; print the path of the first difference. */
static int json_diff(const cJSON *a, const cJSON *b, char *path, size_t plen)
{
	const cJSON *x, *y;
	size_t base = strlen(path);
	int i = 0;

	if (!a || !b || (a->type & 0xff) != (b->type & 0xff)) {
		print_error("%s: type differs\n", path);
		return 1;
	}
	if (cJSON_IsObject(a)) {
		if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b)) {
			print_error("%s: %d members, golden has %d\n", path,
				    cJSON_GetArraySize(a), cJSON_GetArraySize(b));
			return 1;
		}
		cJSON_ArrayForEach(x, a) {
			snprintf(path + base, plen - base, ".%s", x->string);
			y = cJSON_GetObjectItemCaseSensitive(b, x->string);
			if (json_diff(x, y, path, plen))
				return 1;
		}
		path[base] = '\0';
		return 0;
	}
	if (cJSON_IsArray(a)) {
		if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b)) {
			print_error("%s: %d items, golden has %d\n", path,
				    cJSON_GetArraySize(a), cJSON_GetArraySize(b));
			return 1;
		}
		cJSON_ArrayForEach(x, a) {
			snprintf(path + base, plen - base, "[%d]", i);
			if (json_diff(x, cJSON_GetArrayItem(b, i++), path, plen))
				return 1;
		}
		path[base] = '\0';
		return 0;
	}
	if (!cJSON_Compare(a, b, true)) {
		char *sa = cJSON_PrintUnformatted(a), *sb = cJSON_PrintUnformatted(b);

		print_error("%s: %.200s, golden %.200s\n", path, sa, sb);
		free(sa);
		free(sb);
		return 1;
	}
	return 0;
}

static void check_golden(struct lines *out, const char *golden)
{
	char path[4096];
	size_t len, i = 0;
	char *text, *line, *save = NULL;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, golden);
	if (getenv("ACG_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "we");

		assert_non_null(f);
		for (i = 0; i < out->n; i++)
			fprintf(f, "%s\n", out->v[i]);
		fclose(f);
		return;
	}
	text = slurp(golden, &len);
	text[len] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), i++) {
		cJSON *want = cJSON_Parse(line), *got;
		char jpath[512] = "";

		assert_true(i < out->n);
		got = cJSON_Parse(out->v[i]);
		assert_non_null(want);
		if (json_diff(got, want, jpath, sizeof(jpath)))
			fail_msg("%s: event %zu differs at %s", golden, i, jpath);
		cJSON_Delete(want);
		cJSON_Delete(got);
	}
	assert_int_equal(i, out->n);
	free(text);
}

struct stream_case {
	const char *log;
	const char *argv;
	const char *golden;	/* NULL: too large to keep a golden */
	size_t min_events;
};

static const struct stream_case streams[] = {
	{ "streams/special-raw.log", "streams/special-raw.argv",
	  "golden/special-raw.jsonl", 24 },
	{ "streams/special-enriched.log", "streams/special-enriched.argv",
	  "golden/special-enriched.jsonl", 24 },
	{ "streams/bulk-raw.log.xz", "streams/bulk-raw.argv.xz", NULL, 10000 },
	{ "streams/bulk-enriched.log.xz", "streams/bulk-enriched.argv.xz", NULL,
	  10000 },
};

static void test_streams(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(streams) / sizeof(streams[0]); i++) {
		const struct stream_case *c = &streams[i];
		struct pipeline_stats st;
		struct lines out = { 0 };
		size_t len, matched;
		char *data = slurp(c->log, &len);
		char root[4096];

		snprintf(root, sizeof(root), "%s/hostroot", TEST_DATA);
		replay(data, len, root, &out, &st);
		check_events(data, len, &out, &st);
		matched = check_argv(&out, c->argv);
		assert_true(matched >= c->min_events);
		if (c->golden)
			check_golden(&out, c->golden);
		print_message("%s: %llu records in, %zu events out, %zu argv checked\n",
			      c->log, st.records_in, out.n, matched);
		lines_free(&out);
		free(data);
	}
}

/*
 * auditd with name_format set prefixes every record with node=NAME: the
 * same stream so prefixed gives the same events, each with its node.
 */
static void test_node_prefix(void **state)
{
	struct pipeline_stats st;
	struct lines out = { 0 };
	size_t len, i, n = 0;
	char *data = slurp("streams/special-raw.log", &len), *pref, *p;
	const char *q;

	(void)state;
	pref = malloc(len * 2 + 16);
	assert_non_null(pref);
	p = pref;
	for (q = data; q < data + len;) {
		const char *nl = memchr(q, '\n', (size_t)(data + len - q));
		size_t l = nl ? (size_t)(nl - q) + 1 : (size_t)(data + len - q);

		p += sprintf(p, "node=web-01.example ");
		memcpy(p, q, l);
		p += l;
		q += l;
	}
	/* local_node names this host: web-01.example is another one */
	replay_node(pref, (size_t)(p - pref), "/", "this-host", &out, &st);
	check_events(pref, (size_t)(p - pref), &out, &st);
	assert_true(check_argv(&out, "streams/special-raw.argv") >= 24);
	for (i = 0; i < out.n; i++) {
		cJSON *ev = cJSON_Parse(out.v[i]);
		cJSON *node = cJSON_GetObjectItemCaseSensitive(ev, "node");

		cJSON *cg = cJSON_GetObjectItemCaseSensitive(ev, "cgroup");

		assert_true(cJSON_IsString(node));
		assert_string_equal(node->valuestring, "web-01.example");
		/* not this host: never looked up in the local /proc */
		if (cg) {
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(
				cg, "source")->valuestring, "remote");
			assert_null(cJSON_GetObjectItemCaseSensitive(cg, "path"));
			assert_null(cJSON_GetObjectItemCaseSensitive(ev, "parent"));
			n++;
		}
		cJSON_Delete(ev);
	}
	assert_true(n > 0);
	lines_free(&out);
	free(pref);
	free(data);
}

/* An event whose end never comes is emitted by aging, not held forever. */
static void test_aging(void **state)
{
	static const char rec[] =
		"type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e syscall=59 success=yes exit=0 pid=1 comm=\"x\"\n";
	struct lines out = { 0 };
	struct config cfg;
	struct pipeline *p;

	(void)state;
	assert_int_equal(config_init(&cfg), 0);
	assert_int_equal(pipeline_new(&cfg, collect, &out, &p), 0);
	assert_int_equal(pipeline_feed(p, rec, sizeof(rec) - 1), 0);
	assert_int_equal(out.n, 0);		/* still waiting for its end */
	pipeline_age(p);			/* its time is long past */
	assert_int_equal(out.n, 1);
	assert_non_null(strstr(out.v[0], "\"id\":\"1700000000.001:1\""));
	pipeline_flush(p);
	assert_int_equal(out.n, 1);		/* and only once */
	pipeline_free(p);
	config_free(&cfg);
	lines_free(&out);
}

/* What syslog gets: every event within max_event_bytes, whole JSON. */
struct fit_lines {
	size_t n, cut;
	size_t max;
};

static int collect_fit(void *ctx, const char *line, size_t len,
		       const char *fit, size_t fit_len)
{
	struct fit_lines *fl = ctx;
	cJSON *full, *ev, *a, *b;

	assert_true(fit_len <= fl->max);
	ev = cJSON_Parse(fit);
	assert_non_null(ev);
	full = cJSON_Parse(line);
	assert_non_null(full);
	/* the header and the identity are never cut */
	a = cJSON_GetObjectItemCaseSensitive(ev, "id");
	b = cJSON_GetObjectItemCaseSensitive(full, "id");
	assert_string_equal(a->valuestring, b->valuestring);
	assert_true(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(ev, "cgroup"),
				  cJSON_GetObjectItemCaseSensitive(full, "cgroup"),
				  true));
	if (len > fl->max) {
		assert_non_null(strstr(fit, " cut]..."));
		fl->cut++;
	} else {
		assert_ptr_equal(fit, line);
	}
	fl->n++;
	cJSON_Delete(ev);
	cJSON_Delete(full);
	return 0;
}

static void test_fit(void **state)
{
	struct fit_lines fl = { .max = 0 };
	struct config cfg;
	struct pipeline *p;
	size_t len;
	char *data = slurp("streams/special-raw.log", &len);

	(void)state;
	assert_int_equal(config_init(&cfg), 0);
	cfg.outputs = 1u << CONFIG_OUTPUT_SYSLOG;
	fl.max = cfg.max_event_bytes;
	assert_int_equal(pipeline_new(&cfg, collect_fit, &fl, &p), 0);
	assert_int_equal(pipeline_feed(p, data, len), 0);
	pipeline_flush(p);
	/* the recording has 4 events whose JSON is over 7680 bytes */
	assert_int_equal(fl.cut, 4);
	assert_int_equal(pipeline_get_stats(p)->cut, fl.cut);
	print_message("special-raw: %zu events, %zu cut to %zu bytes\n", fl.n,
		      fl.cut, fl.max);
	pipeline_free(p);
	config_free(&cfg);
	free(data);
}

/*
 * An argv of 105,000 arguments (21 EXECVE records, as auditd splits long
 * ones) cut to fit syslog: whole, valid, counted. (Cutting by index was
 * quadratic: 6 s here, and a fuzzer's million-item argv hung for good.)
 */
static void test_fit_huge_argv(void **state)
{
	struct fit_lines fl = { .max = 0 };
	struct buf in = BUF_INIT;
	struct config cfg;
	struct pipeline *p;
	char field[32];
	int r, i, k = 0;

	(void)state;
	r = buf_puts(&in, "type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e "
		     "syscall=59 success=yes exit=0 ppid=1 pid=5 comm=\"x\" "
		     "exe=\"/x\"\n");
	for (i = 0; r == 0 && i < 21; i++) {
		r |= buf_puts(&in, "type=EXECVE msg=audit(1700000000.001:1):");
		if (i == 0)
			r |= buf_puts(&in, " argc=105000");
		for (; r == 0 && k < (i + 1) * 5000; k++) {
			snprintf(field, sizeof(field), " a%d=\"\"", k);
			r |= buf_puts(&in, field);
		}
		r |= buf_putc(&in, '\n');
	}
	r |= buf_puts(&in, "type=EOE msg=audit(1700000000.001:1): \n");
	assert_int_equal(r, 0);
	assert_int_equal(config_init(&cfg), 0);
	cfg.outputs = 1u << CONFIG_OUTPUT_SYSLOG;
	fl.max = cfg.max_event_bytes;
	assert_int_equal(pipeline_new(&cfg, collect_fit, &fl, &p), 0);
	assert_int_equal(pipeline_feed(p, in.data, in.len), 0);
	pipeline_flush(p);
	assert_int_equal(fl.n, 1);
	assert_int_equal(fl.cut, 1);
	assert_int_equal(pipeline_get_stats(p)->unparsed, 0);
	assert_int_equal(pipeline_get_format_stats(p)->argc_mismatch, 0);
	pipeline_free(p);
	config_free(&cfg);
	buf_free(&in);
}

/*
 * The kernel numbers arguments without gaps. An index far past the last
 * (a forged record) is kept as a field of its own, so argv stays what was
 * executed and the event still goes out, where it used to swell argv to
 * a million empty strings, or be dropped past 2^20.
 */
static void test_argv_gap(void **state)
{
	static const char in[] =
		"type=SYSCALL msg=audit(1700000000.001:1): arch=c000003e "
		"syscall=59 success=yes exit=0 ppid=1 pid=5 comm=\"x\" exe=\"/x\"\n"
		"type=EXECVE msg=audit(1700000000.001:1): argc=2 a0=\"x\" a1=\"y\" "
		"a5000=\"far\" a2000000=\"farther\"\n"
		"type=EOE msg=audit(1700000000.001:1): \n";
	struct pipeline_stats st;
	struct lines out = { 0 };
	cJSON *ev, *ex, *argv;

	(void)state;
	replay(in, sizeof(in) - 1, "/", &out, &st);
	assert_int_equal(out.n, 1);
	assert_int_equal(st.format_errors, 0);
	ev = cJSON_Parse(out.v[0]);
	assert_non_null(ev);
	ex = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(ev, "records"), "EXECVE");
	argv = cJSON_GetObjectItemCaseSensitive(ex, "argv");
	assert_int_equal(cJSON_GetArraySize(argv), 2);
	assert_string_equal(cJSON_GetArrayItem(argv, 1)->valuestring, "y");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(ex, "a5000")->valuestring,
			    "far");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(ex, "a2000000")->valuestring,
			    "farther");
	cJSON_Delete(ev);
	lines_free(&out);
}

/* Replay @name with @cfg (already set up), collecting the lines. */
static void replay_cfg(const char *name, struct config *cfg, struct lines *out)
{
	struct pipeline *p;
	size_t len;
	char *data = slurp(name, &len);

	assert_int_equal(pipeline_new(cfg, collect, out, &p), 0);
	assert_int_equal(pipeline_feed(p, data, len), 0);
	pipeline_flush(p);
	pipeline_free(p);
	free(data);
}

/*
 * format = text: the records as auditd writes them, the identity after
 * 0x1D on the record that names the process, EOE left out.
 */
static void test_text_format(void **state)
{
	struct lines out = { 0 };
	struct config cfg;
	size_t i, records = 0, with_id = 0, len;
	char root[4096], *data;
	const char *p;

	(void)state;
	assert_int_equal(config_init(&cfg), 0);
	cfg.format = CONFIG_FORMAT_TEXT;
	snprintf(root, sizeof(root), "%s/demo/hostroot", TEST_DATA);
	free(cfg.host_root);
	cfg.host_root = strdup(root);
	replay_cfg("demo/demo.log", &cfg, &out);
	for (i = 0; i < out.n; i++) {
		for (p = out.v[i]; p; p = strchr(p, '\n')) {
			if (*p == '\n')
				p++;
			assert_true(strncmp(p, "type=", 5) == 0);
			assert_true(strncmp(p, "type=EOE ", 9) != 0);
			records++;
		}
		if (strstr(out.v[i], "\x1d" "CGROUP=\"/kubepods.slice/") &&
		    strstr(out.v[i], " CONTAINER_RUNTIME=\"containerd\" ") &&
		    strstr(out.v[i], " POD_UID=\"4b00007e-6487-4b6b-b954-dc71b0098335\" POD_QOS=\"burstable\""))
			with_id++;
	}
	/* every record of the input but the EOE ones, each once */
	data = slurp("demo/demo.log", &len);
	{
		size_t in = 0, eoe = 0;
		const char *q;

		for (q = data; q < data + len; q++)
			if (q == data || q[-1] == '\n') {
				in++;
				eoe += strncmp(q, "type=EOE ", 9) == 0 ||
				       strncmp(q, "type=EOE\n", 9) == 0;
			}
		assert_int_equal(records, in - eoe);
	}
	assert_int_equal(with_id, 1);
	free(data);
	lines_free(&out);
	config_free(&cfg);
}

/*
 * Names from the runtimes' own state (the demo host root holds it for
 * each of its containers, in each runtime's on-disk format): every
 * runtime's container gets its name and image, Kubernetes ones their pod.
 */
struct name_case {
	const char *id_prefix;	/* container id, first 12 */
	const char *runtime, *name, *image, *pod_name, *pod_ns;
	bool rootless;
};

static void test_runtime_names(void **state)
{
	static const struct name_case cases[] = {
		{ "9d43c55e06ad", "docker", "shop-web-1", "nginx:1.25", NULL, NULL, false },
		{ "7ed744df085d", "containerd", "api", "registry.example/shop/api:2.4",
		  "api-7d9f-xk2", "prod", false },
		/* cgroupfs driver: the path did not say; the state does */
		{ "93222890c262", "containerd", "worker",
		  "registry.example/batch/worker:1.0", "batch-job-8q2lm", "jobs", false },
		{ "f05c2cd2497d", "crio", NULL, "docker.io/library/postgres:16",
		  "postgres-0", "data", false },
		{ "c560e01647d6", "podman", "toolbox",
		  "registry.fedoraproject.org/fedora-toolbox:40", NULL, NULL, false },
		{ "e287f09a49b4", "podman", "dev", "docker.io/library/golang:1.22",
		  NULL, NULL, true },
	};
	struct lines out = { 0 };
	struct config cfg;
	char root[4096];
	size_t i, c, found[6] = { 0 };

	(void)state;
	assert_int_equal(config_init(&cfg), 0);
	snprintf(root, sizeof(root), "%s/demo/hostroot", TEST_DATA);
	free(cfg.host_root);
	cfg.host_root = strdup(root);
	replay_cfg("demo/demo.log", &cfg, &out);
	for (i = 0; i < out.n; i++) {
		cJSON *ev = cJSON_Parse(out.v[i]), *co, *pod, *v;
		const char *id;

		co = cJSON_GetObjectItemCaseSensitive(ev, "container");
		pod = cJSON_GetObjectItemCaseSensitive(ev, "pod");
		v = cJSON_GetObjectItemCaseSensitive(co, "id");
		id = cJSON_IsString(v) ? v->valuestring : "";
		for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			const struct name_case *k = &cases[c];

			if (strncmp(id, k->id_prefix, 12) != 0)
				continue;
			assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(co, "verified")));
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(co, "runtime")->valuestring,
					    k->runtime);
			if (k->name)
				assert_string_equal(cJSON_GetObjectItemCaseSensitive(co, "name")->valuestring,
						    k->name);
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(co, "image")->valuestring,
					    k->image);
			if (k->pod_name) {
				assert_string_equal(cJSON_GetObjectItemCaseSensitive(pod, "name")->valuestring,
						    k->pod_name);
				assert_string_equal(cJSON_GetObjectItemCaseSensitive(pod, "namespace")->valuestring,
						    k->pod_ns);
			}
			assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(co, "rootless")),
					 k->rootless);
			found[c]++;
		}
		cJSON_Delete(ev);
	}
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		if (!found[c])
			fail_msg("no event of container %s", cases[c].id_prefix);
	lines_free(&out);
	config_free(&cfg);
}

/*
 * A process in one container signalling one in another: the event says
 * who sent it (docker) and, in the OBJ_PID record, who got it (CRI-O).
 * The pids are the demo's, whose cgroups are in its fixture host root.
 */
static void test_kill_target(void **state)
{
	static const char in[] =
		"type=SYSCALL msg=audit(1796400800.000:99001): arch=c000003e syscall=62 "
		"success=yes exit=0 a0=5663 a1=9 a2=0 a3=0 items=0 ppid=22047 pid=22063 "
		"auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 "
		"tty=(none) ses=4294967295 comm=\"kill\" exe=\"/usr/bin/kill\" key=\"kill\"\n"
		"type=OBJ_PID msg=audit(1796400800.000:99001): opid=22067 oauid=-1 ouid=0 "
		"oses=-1 ocomm=\"cat\"\n"
		"type=PROCTITLE msg=audit(1796400800.000:99001): proctitle=6B696C6C\n"
		"type=EOE msg=audit(1796400800.000:99001): \n";
	struct pipeline_stats st;
	struct lines out = { 0 };
	char root[4096];
	cJSON *ev, *obj, *c;

	(void)state;
	snprintf(root, sizeof(root), "%s/demo/hostroot", TEST_DATA);
	replay(in, sizeof(in) - 1, root, &out, &st);
	assert_int_equal(out.n, 1);
	ev = cJSON_Parse(out.v[0]);
	assert_non_null(ev);
	c = cJSON_GetObjectItemCaseSensitive(ev, "container");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "runtime")->valuestring,
			    "docker");
	obj = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(ev, "records"), "OBJ_PID"), 0);
	assert_non_null(obj);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(obj, "opid")->valueint, 22067);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(obj, "cgroup"), "source")->valuestring,
		"pid");
	c = cJSON_GetObjectItemCaseSensitive(obj, "container");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "runtime")->valuestring,
			    "crio");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(obj, "pod"), "qos")->valuestring,
		"guaranteed");
	cJSON_Delete(ev);
	lines_free(&out);
}

/* schema = ecs: the identity and process under ECS names. */
static void test_ecs(void **state)
{
	struct lines out = { 0 };
	struct config cfg;
	char root[4096];
	size_t i, found = 0;

	(void)state;
	assert_int_equal(config_init(&cfg), 0);
	cfg.schema = CONFIG_SCHEMA_ECS;
	snprintf(root, sizeof(root), "%s/demo/hostroot", TEST_DATA);
	free(cfg.host_root);
	cfg.host_root = strdup(root);
	replay_cfg("demo/demo.log", &cfg, &out);
	for (i = 0; i < out.n; i++) {
		cJSON *ev = cJSON_Parse(out.v[i]), *o;

		assert_non_null(ev);
		assert_non_null(cJSON_GetObjectItemCaseSensitive(ev, "@timestamp"));
		assert_non_null(cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(ev, "event"), "id"));
		o = cJSON_GetObjectItemCaseSensitive(ev, "orchestrator");
		if (o && strcmp(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(o, "resource"),
				"id")->valuestring,
				"27221f7d-0eb1-4df3-ba36-c5ebab866550") == 0) {
			cJSON *proc = cJSON_GetObjectItemCaseSensitive(ev, "process");
			cJSON *c = cJSON_GetObjectItemCaseSensitive(ev, "container");

			assert_string_equal(cJSON_GetObjectItemCaseSensitive(o, "type")->valuestring,
					    "kubernetes");
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "runtime")->valuestring,
					    "crio");
			assert_int_equal(strlen(cJSON_GetObjectItemCaseSensitive(c, "id")->valuestring), 64);
			assert_true(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(proc, "args")));
			assert_true(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(proc, "pid")));
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(ev, "event"), "action")->valuestring,
				"execve");
			assert_string_equal(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
				ev, "audisp_cgroup"), "pod"), "qos")->valuestring, "guaranteed");
			assert_non_null(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(ev, "auditd"), "records"));
			/* uids are ECS keywords: strings */
			assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(ev, "user"), "id")));
			found++;
		}
		cJSON_Delete(ev);
	}
	assert_int_equal(found, 1);
	lines_free(&out);
	config_free(&cfg);
}

/*
 * Integers up to 2^53 keep every digit in both schemas; ECS prints a
 * tree, which cJSON's own printer would round to 15 digits.
 */
static void test_big_numbers(void **state)
{
	static const char in[] =
		"type=USER msg=audit(1700000000.001:1): pid=9 "
		"big=9007199254740992 neg=-1234567890123456\n";
	enum config_schema schemas[] = { CONFIG_SCHEMA_NATIVE,
					 CONFIG_SCHEMA_ECS };
	struct lines out;
	struct config cfg;
	struct pipeline *p;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		memset(&out, 0, sizeof(out));
		assert_int_equal(config_init(&cfg), 0);
		cfg.schema = schemas[i];
		assert_int_equal(pipeline_new(&cfg, collect, &out, &p), 0);
		assert_int_equal(pipeline_feed(p, in, sizeof(in) - 1), 0);
		pipeline_flush(p);
		pipeline_free(p);
		assert_int_equal(out.n, 1);
		if (!strstr(out.v[0], "\"big\":9007199254740992") ||
		    !strstr(out.v[0], "\"neg\":-1234567890123456"))
			fail_msg("digits lost: %s", out.v[0]);
		lines_free(&out);
		config_free(&cfg);
	}
}

struct filter_case {
	const char *conf;	/* config text */
	size_t events;		/* events that pass, of the demo's 22 */
	unsigned long long type, key, identity; /* dropped by each */
};

/* The filters, on the demo stream (docs: 22 events, 12 workload execs). */
static void test_filters(void **state)
{
	static const struct filter_case cases[] = {
		{ "", 22, 0, 0, 0 },
		/* 7 of the 12 workloads run in containers */
		{ "only_containers = yes\n", 7, 0, 0, 15 },
		{ "include_runtimes = crio, podman\n", 3, 0, 0, 19 },
		{ "exclude_units = demo-web.service\n", 20, 0, 0, 2 },
		/* 16 events carry the demo's key (workloads, rule changes) */
		{ "include_keys = audisp_cgroup_demo\n", 16, 0, 6, 0 },
		{ "include_keys = other, audisp_cgroup_demo\n", 16, 0, 6, 0 },
		{ "exclude_event_types = DAEMON_START, DAEMON_END\n", 20, 2, 0, 0 },
		{ "exclude_event_types = CONFIG_CHANGE\n"
		  "only_containers = yes\n", 7, 7, 0, 8 },
	};
	char root[4096], text[8192];
	size_t i;

	(void)state;
	snprintf(root, sizeof(root), "%s/demo/hostroot", TEST_DATA);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf err = BUF_INIT;
		struct lines out = { 0 };
		struct pipeline *p;
		struct config cfg;
		size_t len;
		char *data;
		const struct pipeline_stats *st;

		snprintf(text, sizeof(text), "host_root = %s\n%s", root,
			 cases[i].conf);
		assert_int_equal(config_parse("t", text, strlen(text), &cfg,
					      &err), 0);
		data = slurp("demo/demo.log", &len);
		assert_int_equal(pipeline_new(&cfg, collect, &out, &p), 0);
		assert_int_equal(pipeline_feed(p, data, len), 0);
		pipeline_flush(p);
		st = pipeline_get_stats(p);
		if (out.n != cases[i].events || st->filtered_type != cases[i].type ||
		    st->filtered_key != cases[i].key ||
		    st->filtered_identity != cases[i].identity) {
			print_error("case %zu '%s' -> %zu events, dropped type %llu "
				    "key %llu identity %llu\n", i, cases[i].conf,
				    out.n, st->filtered_type, st->filtered_key,
				    st->filtered_identity);
			fail();
		}
		/* what was dropped still went through the resolver */
		assert_int_equal(st->lookups, 22);
		pipeline_free(p);
		config_free(&cfg);
		lines_free(&out);
		buf_free(&err);
		free(data);
	}
}

/* Hostile input: every line still produces output, none crashes. */
static void test_hostile(void **state)
{
	static const char in[] =
		"garbage without type\n"
		"type=SYSCALL msg=audit(bad): pid=1\n"
		"type=SYSCALL msg=audit(1.2:3) pid=1\n"
		"type=SYSCALL msg=audit(1700000000.001:1): pid=1 comm=ZZ exe=\"/x\n"
		"type=EXECVE msg=audit(1700000000.001:1): argc=3 a0=\"x\" a2=4142 a1_len=4 a1[1]=4344 a1[0]=4142\n"
		"type=EOE msg=audit(1700000000.001:1): \n"
		"type=PROCTITLE msg=audit(1700000000.002:2): proctitle=ABC\n"
		"type=SOCKADDR msg=audit(1700000000.002:2): saddr=0A\n"
		"type=EOE msg=audit(1700000000.002:2): \n"
		"type=NEVER_ENDS msg=audit(1700000000.003:3): a=b\n"
		"node= type=X msg=audit(1700000000.004:4): \r\n"
		"type=X msg=audit(1700000000.005:5): x\0y\n";
	struct pipeline_stats st;
	struct lines out = { 0 };
	cJSON *ev, *argv;
	size_t i;

	(void)state;
	replay(in, sizeof(in) - 1, "/", &out, &st);
	assert_int_equal(st.unparsed, 4);
	for (i = 0; i < out.n; i++) {
		ev = cJSON_Parse(out.v[i]);
		assert_non_null(ev);
		argv = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(
				cJSON_GetObjectItemCaseSensitive(ev, "records"),
				"EXECVE"), "argv");
		if (argv) {
			/* parts reassembled in index order as they came */
			assert_string_equal(cJSON_GetArrayItem(argv, 0)->valuestring, "x");
			assert_string_equal(cJSON_GetArrayItem(argv, 2)->valuestring, "AB");
		}
		cJSON_Delete(ev);
	}
	/* 4 unparsed + events 1, 2, 3, 4 */
	assert_int_equal(out.n, 8);
	lines_free(&out);
}

/*
 * A field name seen again in a record gets _2, _3, ... (skipping names
 * taken), nothing is lost, no key repeats, odd names are escaped.
 */
static void test_duplicate_keys(void **state)
{
	static const char in[] =
		"type=USER msg=audit(1700000000.001:1): x=1 x=2 x_2=3 x=4 "
		"a\\b=5 pid=9\n"
		"type=EOE msg=audit(1700000000.001:1): \n";
	static const struct { const char *key; int value; } want[] = {
		{ "x", 1 }, { "x_2", 2 }, { "x_2_2", 3 }, { "x_3", 4 },
		{ "a\\b", 5 }, { "pid", 9 },
	};
	struct pipeline_stats st;
	struct lines out = { 0 };
	cJSON *ev, *rec, *v;
	size_t i;

	(void)state;
	replay(in, sizeof(in) - 1, "/", &out, &st);
	assert_int_equal(out.n, 1);
	ev = cJSON_Parse(out.v[0]);
	assert_non_null(ev);
	rec = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(ev, "records"), "USER");
	assert_non_null(rec);
	assert_int_equal(cJSON_GetArraySize(rec),
			 (int)(sizeof(want) / sizeof(want[0])));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		/* the key as written: a backslash is \\ under the rule */
		const char *k = strcmp(want[i].key, "a\\b") ? want[i].key :
				"a\\\\b";

		v = cJSON_GetObjectItemCaseSensitive(rec, k);
		if (!v)
			fail_msg("no key %s in %s", k, out.v[0]);
		assert_true(cJSON_IsNumber(v));
		assert_int_equal(v->valueint, want[i].value);
	}
	cJSON_Delete(ev);
	lines_free(&out);
}

/*
 * Records of a type whose names are those of the last one take a short
 * way; any change of names (more, fewer, other, repeated, ENRICHED)
 * must still give every key once.
 */
static void test_record_shapes(void **state)
{
	static const char in[] =
		"type=USER msg=audit(1700000000.001:1): a=1 b=2 c=3\n"
		"type=USER msg=audit(1700000000.002:2): a=1 b=2 c=3\n"
		"type=USER msg=audit(1700000000.003:3): a=1 b=2 c=3 a=4\n"
		"type=USER msg=audit(1700000000.004:4): a=1 b=2\n"
		"type=USER msg=audit(1700000000.005:5): a=1 b=2 c=3\n"
		"type=USER msg=audit(1700000000.006:6): a=1 b=2 c=3\n"
		"type=USER msg=audit(1700000000.007:7): a=1 a=2 b=3\n"
		"type=USER msg=audit(1700000000.008:8): a=1 b=2 c=3\n"
		"type=USER msg=audit(1700000000.009:9): a=1 b=2 enriched=3\x1d"
		"A=x\n"
		"type=USER msg=audit(1700000000.010:10): a=1 b=2 enriched=3\x1d"
		"A=x\n";
	static const char *const want[] = {
		"{\"a\":1,\"b\":2,\"c\":3}",
		"{\"a\":1,\"b\":2,\"c\":3}",
		"{\"a\":1,\"b\":2,\"c\":3,\"a_2\":4}",
		"{\"a\":1,\"b\":2}",
		"{\"a\":1,\"b\":2,\"c\":3}",
		"{\"a\":1,\"b\":2,\"c\":3}",
		"{\"a\":1,\"a_2\":2,\"b\":3}",
		"{\"a\":1,\"b\":2,\"c\":3}",
		"{\"a\":1,\"b\":2,\"enriched\":3,\"enriched_2\":{\"a\":\"x\"}}",
		"{\"a\":1,\"b\":2,\"enriched\":3,\"enriched_2\":{\"a\":\"x\"}}",
	};
	struct pipeline_stats st;
	struct lines out = { 0 };
	cJSON *ev, *rec;
	char *got;
	size_t i;

	(void)state;
	replay(in, sizeof(in) - 1, "/", &out, &st);
	assert_int_equal(out.n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < out.n; i++) {
		ev = cJSON_Parse(out.v[i]);
		assert_non_null(ev);
		rec = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(ev, "records"), "USER");
		assert_non_null(rec);
		got = cJSON_PrintUnformatted(rec);
		if (strcmp(got, want[i]) != 0)
			fail_msg("event %zu: %s, want %s", i + 1, got, want[i]);
		cJSON_free(got);
		cJSON_Delete(ev);
	}
	lines_free(&out);
}

/* An overlong record is cut to the bound, reported, and still emitted. */
static void test_overlong(void **state)
{
	size_t n = PIPELINE_LINE_MAX * 3;
	char *in = malloc(n + 200);
	struct pipeline_stats st;
	struct lines out = { 0 };
	cJSON *ev;
	int k;

	(void)state;
	assert_non_null(in);
	k = snprintf(in, 200, "type=USER msg=audit(1700000000.001:1): msg='");
	memset(in + k, 'A', n);
	memcpy(in + k + n, "'\ntype=USER msg=audit(1700000000.002:2): x=1\n", 45);
	replay(in, (size_t)k + n + 45, "/", &out, &st);
	assert_int_equal(st.truncated, 1);
	assert_int_equal(out.n, 2);
	ev = cJSON_Parse(out.v[0]);
	assert_non_null(ev);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(ev, "type")->valuestring,
			    "UNPARSED");
	assert_int_equal(strlen(cJSON_GetObjectItemCaseSensitive(ev, "raw")->valuestring),
			 PIPELINE_LINE_MAX);
	cJSON_Delete(ev);
	lines_free(&out);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_streams),
		cmocka_unit_test(test_node_prefix),
		cmocka_unit_test(test_aging),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_text_format),
		cmocka_unit_test(test_ecs),
		cmocka_unit_test(test_runtime_names),
		cmocka_unit_test(test_kill_target),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_record_shapes),
		cmocka_unit_test(test_big_numbers),
		cmocka_unit_test(test_fit_huge_argv),
		cmocka_unit_test(test_argv_gap),
		cmocka_unit_test(test_overlong),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
