/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * reader.h - a thread that only drains auditd's pipe into a bounded
 * queue, so that a slow or stuck output never blocks auditd.
 *
 * The reader frames records, looks up the process of each SYSCALL record
 * the moment it arrives (pipeline_early), and queues the record with that
 * answer. The worker (main.c) pops and does everything else. When the
 * queue is full the reader drops the record, counts it, and reads on:
 * auditd is never blocked (docs: "Queue").
 */
#ifndef AUDISP_CGROUP_READER_H
#define AUDISP_CGROUP_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"

struct reader_slab;

struct reader_item {
	struct reader_item *next;
	struct reader_slab *slab; /* where it lives; NULL: alone */
	bool overlong;		/* cut at PIPELINE_LINE_MAX */
	struct pipeline_early *early; /* SYSCALL records only, else NULL */
	size_t len;
	char line[];		/* NUL-terminated */
};

/* Free an item popped with reader_pop(); @it may be NULL. */
void reader_item_free(struct reader_item *it);

struct reader_stats {
	unsigned long long records;	/* records read */
	unsigned long long bytes;	/* bytes read */
	unsigned long long dropped;	/* records dropped: queue full */
	size_t depth;			/* records queued now */
	size_t high_water;		/* most ever queued */
	size_t max_depth;		/* the bound */
	double cpu_seconds;		/* the reader thread's CPU time */
};

struct reader;

/*
 * Start reading @fd in a thread of its own, queueing at most @max_items
 * records and @max_bytes bytes; when full, drop the record (counted) or,
 * with @wait, stop reading until there is room (for replays from a file,
 * never for auditd). @p is used only through pipeline_early().
 * Returns 0 and *ret_r, or a negative errno.
 */
int reader_start(int fd, struct pipeline *p, size_t max_items,
		 size_t max_bytes, bool wait, struct reader **ret_r);

/*
 * Every record queued now, oldest first (a list through ->next), waiting
 * at most @timeout_ms for one. Returns 1 and *ret_items (free each with
 * reader_item_free()), 0 on timeout, or -EPIPE once the input ended (or
 * reader_stop() was called) and the queue is empty. Taking them all at
 * once keeps the two threads from waking each other per record.
 */
int reader_pop(struct reader *r, struct reader_item **ret_items,
	       int timeout_ms);

/* Stop reading (what is queued stays to be popped). */
void reader_stop(struct reader *r);

/* A copy of the counters, taken under the queue's lock. */
void reader_get_stats(struct reader *r, struct reader_stats *ret);

/* Stop, join and free (queued records are freed); @r may be NULL. */
void reader_free(struct reader *r);

#endif
