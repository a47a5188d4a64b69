/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pipeline.h - bytes from auditd in, one enriched JSON line per event out.
 *
 * Frames the input into records, rejects (but still emits) what is not a
 * record, assembles events with libauparse's feed interface, looks up the
 * identity of each event's process and hands the formatted line to an
 * emit callback. No threads and no output of its own: main.c wires it to
 * a sink, the tests to a memory buffer.
 */
#ifndef AUDISP_CGROUP_PIPELINE_H
#define AUDISP_CGROUP_PIPELINE_H

#include <stddef.h>

#include "config.h"
#include "format.h"
#include "pidcache.h"
#include "resolve.h"

/* Longest record line we accept; auditd caps records near 9 KiB. */
#define PIPELINE_LINE_MAX 65536

/*
 * Called once per event: @line (no newline), and @fit, the same event cut
 * to max_event_bytes when syslog is an output and @line is longer (else
 * @fit is @line). Return 0 or a negative errno.
 */
typedef int (*pipeline_emit_fn)(void *ctx, const char *line, size_t len,
				const char *fit, size_t fit_len);

struct pipeline_stats {
	unsigned long long records_in;	/* lines accepted as records */
	unsigned long long events_out;	/* lines handed to emit, all kinds */
	unsigned long long unparsed;	/* lines emitted as UNPARSED */
	unsigned long long truncated;	/* lines over PIPELINE_LINE_MAX */
	unsigned long long lookups;	/* identity lookups tried */
	unsigned long long lookups_failed; /* unknown: source none */
	unsigned long long early;	/* looked up as the record arrived */
	unsigned long long remote;	/* events of other nodes: not looked up */
	unsigned long long emit_errors;	/* emit callback failed */
	unsigned long long format_errors; /* events that could not be built */
	unsigned long long cut;		/* events cut to max_event_bytes */
	unsigned long long filtered;	/* events the filters dropped, all */
	unsigned long long filtered_type; /* by exclude_event_types */
	unsigned long long filtered_key; /* by include_keys */
	unsigned long long filtered_identity; /* only_containers, runtimes, units */
};

struct pipeline;

/* Where an event's records come from: its timestamp, serial and node. */
struct pipeline_event_key {
	long long sec;
	unsigned int milli;
	unsigned long serial;
	char node[64];
};

/*
 * An identity looked up as the SYSCALL record arrived. It holds
 * references into the process table: whoever ends up with it passes it
 * to pipeline_record() or pipeline_early_release().
 */
struct pipeline_early {
	struct pipeline_event_key key;
	struct resolve_result res;
};

#define PIPELINE_OVERLONG "record longer than 65536 bytes; rest dropped"

/*
 * Create a pipeline reading identities under @cfg->host_root. @emit is
 * called for every output line with @ctx. The caller frees *ret_p with
 * pipeline_free(). Returns 0, -ENOMEM, or the negative errno of opening
 * <host_root>/proc.
 */
int pipeline_new(const struct config *cfg, pipeline_emit_fn emit, void *ctx,
		 struct pipeline **ret_p);

/* Send the lines to @emit(@ctx, ...) from now on. */
void pipeline_set_emit(struct pipeline *p, pipeline_emit_fn emit, void *ctx);

/*
 * Look the process of a SYSCALL record up now (thread-safe: the reader
 * thread calls it as records arrive). Returns 1 and fills *ret when
 * @line names a process, else 0.
 */
int pipeline_early(struct pipeline *p, const char *line, size_t len,
		   struct pipeline_early *ret);

/* Drop what an early lookup holds (thread-safe). */
void pipeline_early_release(struct pipeline *p, struct pipeline_early *e);

/*
 * One complete record line (no newline), with its early lookup when the
 * reader made one (NULL: looked up here if it is a SYSCALL record); the
 * pipeline takes over what @early holds. Worker side. 0 or -ENOMEM.
 */
int pipeline_record(struct pipeline *p, const char *line, size_t len,
		    struct pipeline_early *early);

/* Emit a line that is not a record as an UNPARSED event (worker side). */
void pipeline_unparsed(struct pipeline *p, const char *line, size_t len,
		       const char *why);

/* Take and release the lock that guards the counters both threads touch. */
void pipeline_lock(struct pipeline *p);
void pipeline_unlock(struct pipeline *p);

/* Feed @len bytes of auditd's output (any split). 0 or -ENOMEM. */
int pipeline_feed(struct pipeline *p, const char *data, size_t len);

/* Emit events that have waited longer than the EOE timeout. */
void pipeline_age(struct pipeline *p);

/* End of input: emit a final partial line and every pending event. */
void pipeline_flush(struct pipeline *p);

const struct pipeline_stats *pipeline_get_stats(const struct pipeline *p);
const struct format_stats *pipeline_get_format_stats(const struct pipeline *p);
const struct resolve_stats *pipeline_get_resolve_stats(const struct pipeline *p);
const struct pidcache_stats *pipeline_get_cache_stats(const struct pipeline *p);
/* The runtime state reader's counters; NULL when runtime_names = no. */
const struct runtime_stats *pipeline_get_runtime_stats(const struct pipeline *p);
/* The node name taken as this host ("" : only events without one). */
const char *pipeline_local_node(const struct pipeline *p);

/* Free; @p may be NULL. Pending events are dropped: flush first. */
void pipeline_free(struct pipeline *p);

#endif
