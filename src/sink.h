/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sink.h - where the lines go: a file, syslog or stdout, behind one small
 * interface. Sinks log their own errors (rate-limited).
 */
#ifndef AUDISP_CGROUP_SINK_H
#define AUDISP_CGROUP_SINK_H

#include <stddef.h>

#include "config.h"

struct sink_stats {
	unsigned long long lines;	/* lines written */
	unsigned long long errors;	/* lines that could not be written */
};

struct sink;

/*
 * Open the output @cfg names. The caller frees *ret_s with sink_close().
 * Returns 0 or a negative errno (the reason is logged).
 */
int sink_open(const struct config *cfg, struct sink **ret_s);

/* Write one line; the sink adds the newline. 0 or a negative errno. */
int sink_write(struct sink *s, const char *line, size_t len);

/* Reopen (after logrotate moved the file). 0 or a negative errno. */
int sink_reopen(struct sink *s);

const struct sink_stats *sink_get_stats(const struct sink *s);

/* Close; @s may be NULL. */
void sink_close(struct sink *s);

#endif
