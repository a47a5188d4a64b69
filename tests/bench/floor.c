/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * floor.c - the benchmark's floor: feed a stream to libauparse exactly as
 * audisp-cgroup does (its feed interface, one callback per event) and
 * visit every field of every record, doing nothing else. What the plugin
 * costs beyond this is what it adds.
 */
#include "autoconf.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <auparse.h>

static unsigned long long events, fields, bytes;

static void on_event(auparse_state_t *au, auparse_cb_event_t type, void *data)
{
	const char *v;

	(void)data;
	if (type != AUPARSE_CB_EVENT_READY)
		return;
	events++;
	if (auparse_first_record(au) <= 0)
		return;
	do {
		if (auparse_first_field(au) <= 0)
			continue;
		do {
			v = auparse_get_field_str(au);
			fields++;
			bytes += v ? strlen(v) : 0;
		} while (auparse_next_field(au) > 0);
	} while (auparse_next_record(au) > 0);
}

int main(void)
{
	static char buf[65536];
	auparse_state_t *au;
	ssize_t n;

	au = auparse_init(AUSOURCE_FEED, NULL);
	if (!au)
		return 1;
	auparse_add_callback(au, on_event, NULL, NULL);
	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0)
		auparse_feed(au, buf, (size_t)n);
	auparse_flush_feed(au);
	auparse_destroy(au);
	fprintf(stderr, "floor: %llu events, %llu fields, %llu value bytes\n",
		events, fields, bytes);
	return 0;
}
