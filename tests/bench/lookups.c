/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lookups.c - the benchmark's second floor: the /proc reads an event's
 * lookup cannot do without, alone. For the pid of every SYSCALL record
 * of the stream on stdin, as the plugin does for a replayed (not fresh)
 * event: the cgroup file, then the stat probe for the start time, with
 * the plugin's own procfs reader. What libauparse and these reads cost
 * together is as low as the plugin can go.
 * Usage: lookups HOST_ROOT < STREAM
 */
#include "autoconf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "procfs.h"

int main(int argc, char **argv)
{
	static char line[1 << 17], cg[PROCFS_CGROUP_MAX];
	unsigned long long lookups = 0, found = 0;
	struct procfs_stat st;
	struct procfs *proc;
	const char *p;

	if (argc != 2 || procfs_open(argv[1], &proc) < 0)
		return 2;
	while (fgets(line, sizeof(line), stdin)) {
		if (strncmp(line, "type=SYSCALL ", 13) != 0)
			continue;
		p = strstr(line, " pid=");
		if (!p)
			continue;
		lookups++;
		if (procfs_read_cgroup(proc, atoi(p + 5), cg, sizeof(cg)) > 0) {
			found++;
			procfs_read_stat(proc, atoi(p + 5), &st);
		}
	}
	procfs_close(proc);
	fprintf(stderr, "lookups: %llu, %llu cgroups read\n", lookups, found);
	return 0;
}
