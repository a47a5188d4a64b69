/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * log.h - the program's own messages: to stderr and to syslog (daemon
 * facility), each prefixed with the program name. Only main.c and the
 * sinks log.
 */
#ifndef AUDISP_CGROUP_LOG_H
#define AUDISP_CGROUP_LOG_H

#include <stdbool.h>

#define PROGRAM_NAME "audisp-cgroup"

/* Also send messages to syslog (off for --check and the tests). */
void log_use_syslog(bool on);

void log_msg(int priority, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * As log_msg(), but at most once per @interval seconds per @slot
 * (a static time_t the caller owns); suppressed messages are counted
 * and the count is reported with the next one.
 */
struct log_limit {
	long long last;
	unsigned long suppressed;
};
void log_limited(struct log_limit *slot, int interval, int priority,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif
