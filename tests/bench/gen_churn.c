/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gen_churn.c - a synthetic stream for the memory benchmark: N execve
 * events (SYSCALL, EXECVE, PROCTITLE, EOE, shaped as auditd 3.0.9 sends
 * them) with N distinct pids, so that the process table sees a million
 * processes come and go. Deterministic: gen_churn N > stream.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	unsigned long i, pid, ppid;
	unsigned long long sec = 1796400000ULL;
	unsigned int ms = 0;

	for (i = 0; i < n; i++) {
		/* pids walk the whole 22-bit space: all distinct for n < 4M */
		pid = 300 + i;
		ppid = 300 + (i / 7) * 7;
		ms = (ms + 1) % 1000;
		if (!ms)
			sec++;
		printf("type=SYSCALL msg=audit(%llu.%03u:%lu): arch=c000003e syscall=59 "
		       "success=yes exit=0 a0=55d1c2a8f2a0 a1=55d1c2a8f300 a2=55d1c2a8f320 "
		       "a3=8 items=2 ppid=%lu pid=%lu auid=1000 uid=1000 gid=1000 "
		       "euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 "
		       "tty=pts0 ses=3 comm=\"true\" exe=\"/usr/bin/true\" key=\"exec\"\n",
		       sec, ms, i + 1, ppid, pid);
		printf("type=EXECVE msg=audit(%llu.%03u:%lu): argc=2 a0=\"/bin/true\" "
		       "a1=\"churn-%lu\"\n", sec, ms, i + 1, i);
		printf("type=PROCTITLE msg=audit(%llu.%03u:%lu): "
		       "proctitle=2F62696E2F74727565\n", sec, ms, i + 1);
		printf("type=EOE msg=audit(%llu.%03u:%lu): \n", sec, ms, i + 1);
	}
	return 0;
}
