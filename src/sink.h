/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sink.h - where the lines go: any of a file, syslog and stdout, behind
 * one small interface. Sinks log their own errors (rate-limited) and
 * count every line they could not deliver.
 */
#ifndef AUDISP_CGROUP_SINK_H
#define AUDISP_CGROUP_SINK_H

#include <stddef.h>

#include "config.h"

struct sink_stats {
	unsigned long long lines;	/* lines delivered, all outputs */
	unsigned long long errors;	/* lines an output could not deliver */
	unsigned long long retries;	/* deliveries that needed a retry */
	unsigned long long rotations;	/* built-in file rotations */
};

struct sink;

/*
 * Open every output @cfg names. The caller frees *ret_s with
 * sink_close(). An output that cannot be opened now is logged and
 * retried on each write (its lines are counted as errors meanwhile).
 * Returns 0 or -ENOMEM.
 */
int sink_open(const struct config *cfg, struct sink **ret_s);

/*
 * Write one event: @line to the file and stdout outputs, @fit (the same
 * event cut to max_event_bytes, or @line itself) to syslog. The sink adds
 * the newline. Lines for the file are gathered and written together, at
 * SINK_FILE_BATCH bytes or by sink_flush(). Returns 0, or a negative
 * errno when any output failed.
 */
int sink_write(struct sink *s, const char *line, size_t len,
	       const char *fit, size_t fit_len);

#define SINK_FILE_BATCH 65536

/*
 * Write the gathered lines now: after each batch of events, when idle,
 * and before the file is reopened or closed. Lines that cannot be written
 * are counted as errors then. Returns 0 or the negative errno.
 */
int sink_flush(struct sink *s);

/* Reopen the file (after logrotate moved it) and the syslog socket. */
int sink_reopen(struct sink *s);

const struct sink_stats *sink_get_stats(const struct sink *s);

/* Close; @s may be NULL. */
void sink_close(struct sink *s);

#endif
