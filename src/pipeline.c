/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "autoconf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <auparse.h>

#include "cgroup.h"
#include "identity.h"
#include "pipeline.h"
#include "procfs.h"

struct pipeline {
	auparse_state_t *au;
	struct procfs *proc;
	struct format *fmt;
	pipeline_emit_fn emit;
	void *ctx;
	struct buf line;	/* the record being framed */
	bool overlong;		/* the current line went over the bound */
	size_t dropped;		/* bytes of it not kept */
	struct buf out;		/* the formatted event */
	char cgbuf[PROCFS_CGROUP_MAX];
	struct pipeline_stats stats;
};

static void emit_line(struct pipeline *p, const struct buf *b)
{
	p->stats.events_out++;
	if (p->emit(p->ctx, b->data, b->len) < 0)
		p->stats.emit_errors++;
}

static void emit_unparsed(struct pipeline *p, const char *line, size_t len,
			  const char *why)
{
	p->stats.unparsed++;
	if (format_unparsed(p->fmt, line, len, why, &p->out) < 0) {
		p->stats.format_errors++;
		return;
	}
	emit_line(p, &p->out);
}

/* The pid of the first record that names one, or 0. */
static pid_t event_pid(auparse_state_t *au)
{
	const char *v;
	char *end;
	long pid;

	if (auparse_first_record(au) <= 0)
		return 0;
	v = auparse_find_field(au, "pid");
	if (!v)
		return 0;
	pid = strtol(v, &end, 10);
	if (*end || pid <= 0 || pid > 0x7fffffffL)
		return 0;
	return (pid_t)pid;
}

/* Fill @id for @pid from the live process. */
static void lookup(struct pipeline *p, pid_t pid, struct identity *id)
{
	ssize_t n;

	memset(id, 0, sizeof(*id));
	id->source = IDENTITY_SOURCE_NONE;
	p->stats.lookups++;
	n = procfs_read_cgroup(p->proc, pid, p->cgbuf, sizeof(p->cgbuf));
	if (n < 0 || cgroup_classify(p->cgbuf, (size_t)n, &id->cg) < 0) {
		p->stats.lookups_failed++;
		return;
	}
	id->has_cgroup = true;
	id->source = IDENTITY_SOURCE_PID;
}

static void on_event(auparse_state_t *au, auparse_cb_event_t type, void *data)
{
	struct pipeline *p = data;
	struct identity id;
	pid_t pid;

	if (type != AUPARSE_CB_EVENT_READY)
		return;
	pid = event_pid(au);
	if (pid > 0)
		lookup(p, pid, &id);
	if (format_event(p->fmt, au, pid > 0 ? &id : NULL, &p->out) < 0) {
		p->stats.format_errors++;
		return;
	}
	emit_line(p, &p->out);
}

int pipeline_new(const struct config *cfg, pipeline_emit_fn emit, void *ctx,
		 struct pipeline **ret_p)
{
	struct pipeline *p;
	int r;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->emit = emit;
	p->ctx = ctx;
	r = procfs_open(cfg->host_root, &p->proc);
	if (r < 0)
		goto fail;
	r = format_new(&p->fmt);
	if (r < 0)
		goto fail;
	auparse_set_eoe_timeout((time_t)cfg->eoe_timeout);
	p->au = auparse_init(AUSOURCE_FEED, NULL);
	if (!p->au) {
		r = -ENOMEM;
		goto fail;
	}
	auparse_add_callback(p->au, on_event, p, NULL);
	*ret_p = p;
	return 0;
fail:
	pipeline_free(p);
	return r;
}

void pipeline_free(struct pipeline *p)
{
	if (!p)
		return;
	if (p->au)
		auparse_destroy(p->au);
	format_free(p->fmt);
	procfs_close(p->proc);
	buf_free(&p->line);
	buf_free(&p->out);
	free(p);
}

static bool is_digits(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return false;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * Does @line look like an audit record: [node=X ]type=T msg=audit(S.M:N):
 * Returns NULL if so, or why not.
 */
static const char *check_record(const char *line, size_t len)
{
	const char *p = line, *end = line + len, *q;
	size_t n;

	if (memchr(line, '\0', len))
		return "NUL byte in record";
	if (len > 5 && memcmp(p, "node=", 5) == 0) {
		q = memchr(p, ' ', len);
		if (!q)
			return "no record after node=";
		p = q + 1;
	}
	if ((size_t)(end - p) < 5 || memcmp(p, "type=", 5) != 0)
		return "record does not start with type=";
	q = memchr(p, ' ', (size_t)(end - p));
	if (!q || q == p + 5)
		return "record type missing";
	p = q + 1;
	if ((size_t)(end - p) < 10 || memcmp(p, "msg=audit(", 10) != 0)
		return "no msg=audit( timestamp";
	p += 10;
	n = strspn(p, "0123456789");
	if (!is_digits(p, n) || p[n] != '.')
		return "bad timestamp seconds";
	p += n + 1;
	n = strspn(p, "0123456789");
	if (!is_digits(p, n) || p[n] != ':')
		return "bad timestamp milliseconds";
	p += n + 1;
	n = strspn(p, "0123456789");
	if (!is_digits(p, n) || p + n + 1 >= end || p[n] != ')' ||
	    p[n + 1] != ':')
		return "bad event serial";
	return NULL;
}

/* One complete line (without '\n') from the input; @line is p->line. */
static int handle_line(struct pipeline *p, const char *line, size_t len)
{
	const char *why;

	if (len && line[len - 1] == '\r')
		len--;
	if (len == 0)
		return 0;
	why = check_record(line, len);
	if (why) {
		emit_unparsed(p, line, len, why);
		return 0;
	}
	p->stats.records_in++;
	p->line.len = len;	/* @line is p->line.data: drop a '\r' */
	/* auparse wants the newline to see the end of the record. */
	if (buf_putc(&p->line, '\n') < 0)
		return -ENOMEM;
	if (auparse_feed(p->au, p->line.data, p->line.len) < 0)
		p->stats.format_errors++;
	return 0;
}

int pipeline_feed(struct pipeline *p, const char *data, size_t len)
{
	const char *nl;
	size_t n, room;
	int r;

	while (len) {
		nl = memchr(data, '\n', len);
		n = nl ? (size_t)(nl - data) : len;
		room = PIPELINE_LINE_MAX - p->line.len;
		if (n > room) {
			p->overlong = true;
			p->dropped += n - room;
		}
		if (n && room) {
			r = buf_append(&p->line, data, n < room ? n : room);
			if (r < 0)
				return r;
		}
		if (!nl)
			return 0;
		data += n + 1;
		len -= n + 1;
		if (p->overlong) {
			p->stats.truncated++;
			emit_unparsed(p, p->line.data, p->line.len,
				      "record longer than 65536 bytes; rest dropped");
			p->overlong = false;
			p->dropped = 0;
		} else {
			/* handle_line() appends '\n': hand it a stable view. */
			r = handle_line(p, p->line.data ? p->line.data : "",
					p->line.len);
			if (r < 0)
				return r;
		}
		buf_reset(&p->line);
	}
	return 0;
}

void pipeline_set_emit(struct pipeline *p, pipeline_emit_fn emit, void *ctx)
{
	p->emit = emit;
	p->ctx = ctx;
}

void pipeline_age(struct pipeline *p)
{
	auparse_feed_age_events(p->au);
}

void pipeline_flush(struct pipeline *p)
{
	if (p->line.len)
		pipeline_feed(p, "\n", 1);
	auparse_flush_feed(p->au);
}

const struct pipeline_stats *pipeline_get_stats(const struct pipeline *p)
{
	return &p->stats;
}

const struct format_stats *pipeline_get_format_stats(const struct pipeline *p)
{
	return format_get_stats(p->fmt);
}
