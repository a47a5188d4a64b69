/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * format.h - an assembled audit event plus its identity -> one JSON line.
 * Events are written straight out (jsonw.h); cJSON trees are built only
 * for schema = ecs and to cut an event to a size. The layout is
 * docs/schema.md.
 */
#ifndef AUDISP_CGROUP_FORMAT_H
#define AUDISP_CGROUP_FORMAT_H

#include <auparse.h>
#include <stddef.h>

#include "buf.h"
#include "config.h"
#include "identity.h"

struct format;

/* Counters of what the formatter had to repair. */
struct format_stats {
	unsigned long long escaped_values;	/* values with \xHH escapes */
	unsigned long long bad_hex;		/* hex-looking values that were not */
	unsigned long long argc_mismatch;	/* EXECVE argc != arguments seen */
	unsigned long long cut_events;		/* events cut to fit a size */
	unsigned long long cut_bytes;		/* bytes cut from them */
};

/*
 * A formatter for @cfg's format (json, text), schema (native, ecs) and
 * exclude_record_types (copied). Reusable buffers. 0 or -ENOMEM.
 */
int format_new(const struct config *cfg, struct format **ret_f);
/* Free; @f may be NULL. */
void format_free(struct format *f);

/* Everything known of who an event's processes are. */
struct event_identity {
	const struct identity *id;	 /* NULL: the event names no process */
	const struct parent_info *parent; /* NULL or pid 0: unknown */
	const struct identity *targets;	 /* one per OBJ_PID record, in order */
	size_t ntargets;
};

/*
 * Render the current event of @au with @ei into @out (reset first), no
 * final newline: one JSON object (format json), or its records one per
 * line as auditd writes them, the identity appended to the record that
 * names the process as interpreted fields after a 0x1D byte (format
 * text). Returns 0 or -ENOMEM.
 */
int format_event(struct format *f, auparse_state_t *au,
		 const struct event_identity *ei, struct buf *out);

/*
 * Render a line that could not be parsed as an audit record, so it is not
 * lost: {"type":"UNPARSED","error":@reason,"raw":...}. 0 or -ENOMEM.
 */
int format_unparsed(struct format *f, const char *line, size_t len,
		    const char *reason, struct buf *out);

/*
 * Reprint the last event built (format_event() or format_unparsed()) so
 * that it fits in @max bytes: the longest strings of its records lose
 * their middle, replaced by "...[N bytes cut]...", until it fits; if it
 * still does not, its records are dropped ("records_dropped": true). The
 * result is always whole, valid JSON. Returns 0, -E2BIG when even that
 * does not fit, -EINVAL when there is no event, or -ENOMEM.
 */
int format_fit(struct format *f, size_t max, struct buf *out);

const struct format_stats *format_get_stats(const struct format *f);

#endif
