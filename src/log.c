/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "autoconf.h"

#include <stdarg.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

static bool use_syslog;

void log_use_syslog(bool on)
{
	use_syslog = on;
}

static void vlog(int priority, const char *fmt, va_list ap)
{
	char msg[4096];	/* the status line is some 2 KiB */

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "%s: %s\n", PROGRAM_NAME, msg);
	if (use_syslog)
		syslog(LOG_DAEMON | priority, "%s: %s", PROGRAM_NAME, msg);
}

void log_msg(int priority, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(priority, fmt, ap);
	va_end(ap);
}

void log_limited(struct log_limit *slot, int interval, int priority,
		 const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (slot->last && ts.tv_sec - slot->last < interval) {
		slot->suppressed++;
		return;
	}
	slot->last = ts.tv_sec ? ts.tv_sec : 1;
	if (slot->suppressed) {
		log_msg(priority, "(%lu similar messages suppressed)",
			slot->suppressed);
		slot->suppressed = 0;
	}
	va_start(ap, fmt);
	vlog(priority, fmt, ap);
	va_end(ap);
}
