/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_resolve.c - the process table and the resolver on fixture proc
 * trees: live reads, PID reuse, helper parents, orphans, ancestry, bounds.
 *
 * The resolver's clock is pinned: boot at 0 ms, so a stat start time of
 * N ticks is N * 10 ms (USER_HZ 100), and event times are in ms.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "resolve.h"

#define SVC "0::/system.slice/web.service\n"
#define CTR "0::/system.slice/docker-" \
	"7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6b8.scope\n"
#define CTRP "/system.slice/docker-" \
	"7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6b8.scope"
#define POD "0::/kubepods/besteffort/pod5ea3a718-ebea-4a99-b90c-c366226caceb/" \
	"93222890c2629dcafec0cedbbf656d6ca5bdee7a2b0ff2449a7804572cbbfa1b\n"

struct fx {
	char root[64];
	struct procfs *proc;
	struct resolver *res;
};

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Make (or replace) process @pid: its comm, parent, start tick, cgroup. */
static void proc_add(struct fx *f, int pid, const char *comm, int ppid,
		     unsigned long long start, const char *cgroup)
{
	char path[256], text[512];

	snprintf(path, sizeof(path), "%s/proc/%d", f->root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/%d/stat", f->root, pid);
	snprintf(text, sizeof(text),
		 "%d (%s) S %d %d %d 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 "
		 "%llu 1000 100 18446744073709551615\n",
		 pid, comm, ppid, pid, pid, start);
	write_file(path, text);
	snprintf(path, sizeof(path), "%s/proc/%d/cgroup", f->root, pid);
	write_file(path, cgroup);
}

static void proc_ses(struct fx *f, int pid, const char *ses)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/proc/%d/sessionid", f->root, pid);
	write_file(path, ses);
}

static void proc_del(struct fx *f, int pid)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/proc/%d/stat", f->root, pid);
	unlink(path);
	snprintf(path, sizeof(path), "%s/proc/%d/cgroup", f->root, pid);
	unlink(path);
	snprintf(path, sizeof(path), "%s/proc/%d/sessionid", f->root, pid);
	unlink(path);
	snprintf(path, sizeof(path), "%s/proc/%d", f->root, pid);
	rmdir(path);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char path[128];

	if (!f)
		return -1;
	snprintf(f->root, sizeof(f->root), "/tmp/acg-resolve-XXXXXX");
	if (!mkdtemp(f->root))
		return -1;
	snprintf(path, sizeof(path), "%s/proc", f->root);
	if (mkdir(path, 0755) < 0 || procfs_open(f->root, &f->proc) < 0)
		return -1;
	/* trust remembered processes for 5 s */
	if (resolver_new(f->proc, 64, 5000, NULL, &f->res) < 0)
		return -1;
	resolver_set_boot_ms(f->res, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];
	int r;

	resolver_free(f->res);
	procfs_close(f->proc);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
	r = system(cmd);
	free(f);
	return r == 0 ? 0 : -1;
}

static struct identity resolve(struct fx *f, int pid, int ppid, int64_t t,
			       const char *comm)
{
	struct proc_ref ref = { .pid = pid, .ppid = ppid, .time_ms = t,
				.comm = comm, .exe = NULL };
	struct identity id;

	resolver_resolve(f->res, &ref, &id, NULL);
	return id;
}

static void assert_identity(const struct identity *id,
			    enum identity_source src, const char *path)
{
	if (id->source != src) {
		print_error("source %s, expected %s\n",
			    identity_source_to_string(id->source),
			    identity_source_to_string(src));
		fail();
	}
	if (!path) {
		assert_false(id->has_cgroup);
		return;
	}
	assert_true(id->has_cgroup);
	assert_string_equal(id->cg.path, path);
}

static void test_live(void **state)
{
	struct fx *f = *state;
	struct identity id;

	proc_add(f, 100, "nginx", 10, 100, SVC);
	id = resolve(f, 100, 10, 2000, "nginx");
	assert_identity(&id, IDENTITY_SOURCE_PID, "/system.slice/web.service");
	assert_string_equal(id.cg.unit, "web.service");
}

/* A pid whose start time changed is not the cached process. */
static void test_pid_reuse(void **state)
{
	struct fx *f = *state;
	struct identity id;

	proc_add(f, 100, "sh", 10, 100, CTR);		/* started at 1 s */
	id = resolve(f, 100, 10, 2000, "sh");
	assert_identity(&id, IDENTITY_SOURCE_PID, CTRP);

	/* it exits; pid 100 now belongs to a host service started at 3 s */
	proc_add(f, 100, "cron", 10, 300, SVC);

	/* a late event of the old process (2.5 s): the live pid is newer,
	 * the table still knows the old one */
	id = resolve(f, 100, 10, 2500, "sh");
	assert_identity(&id, IDENTITY_SOURCE_CACHE,
			CTRP);
	assert_true(resolver_get_stats(f->res)->reused >= 1);

	/* the new process's own event: the live read */
	id = resolve(f, 100, 10, 3500, "cron");
	assert_identity(&id, IDENTITY_SOURCE_PID, "/system.slice/web.service");

	/* both gone; a delayed event from before the new one started must
	 * not get the new one's identity from the table */
	proc_del(f, 100);
	id = resolve(f, 100, 0, 2600, "sh");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
}

/* A gone process whose pid was reused long after: never the old one. */
static void test_stale_entry(void **state)
{
	struct fx *f = *state;
	struct identity id;

	proc_add(f, 100, "sh", 10, 100, CTR);
	id = resolve(f, 100, 10, 2000, "sh");
	assert_identity(&id, IDENTITY_SOURCE_PID, CTRP);
	proc_del(f, 100);
	/* 60 s later, an event of pid 100 (a new, already gone process) */
	id = resolve(f, 100, 0, 62000, "id");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
}

static void test_parent(void **state)
{
	struct fx *f = *state;
	struct identity id;
	struct parent_info pi;
	struct proc_ref ref = { .pid = 201, .ppid = 151, .time_ms = 5000,
				.comm = "true" };

	proc_add(f, 151, "bash", 1, 100, POD);
	resolver_resolve(f->res, &ref, &id, &pi);	/* 201 is gone */
	assert_identity(&id, IDENTITY_SOURCE_PARENT,
			"/kubepods/besteffort/pod5ea3a718-ebea-4a99-b90c-c366226caceb/93222890c2629dcafec0cedbbf656d6ca5bdee7a2b0ff2449a7804572cbbfa1b");
	assert_int_equal(id.ancestor, 151);
	assert_string_equal(id.cg.pod_uid, "5ea3a718-ebea-4a99-b90c-c366226caceb");
	assert_int_equal(pi.pid, 151);
	assert_string_equal(pi.comm, "bash");
	assert_true(pi.has_cgroup);
}

/* Never inherit across a runtime helper: it moves its children. */
static void test_helper_parent(void **state)
{
	struct fx *f = *state;
	struct identity id;

	proc_add(f, 150, "runc", 1, 100, SVC);
	id = resolve(f, 200, 150, 5000, "sh");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
	assert_int_equal(resolver_get_stats(f->res)->helper_stops, 1);

	proc_add(f, 152, "containerd-shim", 1, 100, SVC);
	id = resolve(f, 202, 152, 5000, "sh");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);

	/* pid 1 and systemd move their children too */
	proc_add(f, 1, "systemd", 0, 1, "0::/init.scope\n");
	id = resolve(f, 203, 1, 5000, "sh");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
	proc_add(f, 153, "systemd", 1, 100, "0::/user.slice/user-1000.slice/user@1000.service/init.scope\n");
	id = resolve(f, 204, 153, 5000, "sh");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
}

/*
 * runc's init re-executes itself (a helper then), joins the container's
 * cgroup and execs the workload: what was true of that pid as a helper
 * is not true of the workload.
 */
static void test_recorded_as_helper(void **state)
{
	struct fx *f = *state;
	struct identity id;

	proc_add(f, 250, "runc", 1, 100, SVC);
	proc_add(f, 300, "runc:[2:INIT]", 250, 110, SVC);
	id = resolve(f, 300, 250, 2000, "runc:[2:INIT]");
	assert_identity(&id, IDENTITY_SOURCE_PID, "/system.slice/web.service");
	proc_del(f, 300);	/* the workload was short-lived */
	id = resolve(f, 300, 250, 2100, "id");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
}

/* An orphan's parent is pid 1 by its exec; the table knew it before. */
static void test_orphan(void **state)
{
	struct fx *f = *state;
	struct identity id;

	proc_add(f, 401, "sh", 390, 100, CTR);
	proc_add(f, 400, "sleep", 401, 110, CTR);
	id = resolve(f, 400, 401, 2000, "sleep");	/* learns 401 too */
	assert_identity(&id, IDENTITY_SOURCE_PID, CTRP);
	proc_del(f, 400);
	proc_del(f, 401);
	id = resolve(f, 401, 1, 2300, "true");
	assert_identity(&id, IDENTITY_SOURCE_CACHE,
			CTRP);
}

/* A chain of gone processes: the identity of the first known ancestor. */
static void test_ancestor(void **state)
{
	struct fx *f = *state;
	struct identity id;

	/* 501's event: gone, parent 502 unknown yet: unknown */
	id = resolve(f, 501, 502, 2000, "sh");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
	proc_add(f, 502, "bash", 1, 50, POD);
	id = resolve(f, 500, 501, 2100, "true");
	assert_identity(&id, IDENTITY_SOURCE_ANCESTOR,
			"/kubepods/besteffort/pod5ea3a718-ebea-4a99-b90c-c366226caceb/93222890c2629dcafec0cedbbf656d6ca5bdee7a2b0ff2449a7804572cbbfa1b");
	assert_int_equal(id.ancestor, 502);
	/* and a later event of 500 inherits the same way, from the table */
	proc_del(f, 502);
	id = resolve(f, 500, 501, 2200, "true");
	assert_identity(&id, IDENTITY_SOURCE_ANCESTOR,
			"/kubepods/besteffort/pod5ea3a718-ebea-4a99-b90c-c366226caceb/93222890c2629dcafec0cedbbf656d6ca5bdee7a2b0ff2449a7804572cbbfa1b");
}

/*
 * An orphan's exec names its adopter as ppid. A child inherits its
 * parent's audit session at fork, so an adopter in another session is
 * not the process it was forked from: never inherited from.
 */
static void test_adopter_other_session(void **state)
{
	struct fx *f = *state;
	struct proc_ref ref = { .pid = 700, .ppid = 650, .time_ms = 5000,
				.comm = "true", .has_ses = true, .ses = 11 };
	struct identity id;

	proc_add(f, 650, "python3", 1, 100, "0::/\n");
	proc_ses(f, 650, "4294967295");
	resolver_resolve(f->res, &ref, &id, NULL);
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
	assert_int_equal(resolver_get_stats(f->res)->session_stops, 1);

	/* the same session: inherited */
	proc_add(f, 651, "bash", 1, 100, SVC);
	proc_ses(f, 651, "11");
	ref.pid = 701;
	ref.ppid = 651;
	resolver_resolve(f->res, &ref, &id, NULL);
	assert_identity(&id, IDENTITY_SOURCE_PARENT, "/system.slice/web.service");
}

/*
 * With fork records in the stream the child is known from its birth:
 * adopted later by a subreaper in another cgroup (same session), it
 * still gets the identity of the process it was forked from.
 */
static void test_learn_fork(void **state)
{
	struct fx *f = *state;
	struct proc_ref parent = { .pid = 800, .ppid = 790, .time_ms = 4000,
				   .comm = "bash", .has_ses = true, .ses = 7 };
	struct proc_ref orphan = { .pid = 801, .ppid = 650, .time_ms = 4200,
				   .comm = "true", .has_ses = true, .ses = 7 };
	struct identity id;

	proc_add(f, 800, "bash", 790, 100, CTR);
	proc_ses(f, 800, "7");
	proc_add(f, 650, "reaper", 1, 50, "0::/\n");	/* adopter, same session */
	proc_ses(f, 650, "7");
	resolver_resolve(f->res, &parent, &id, NULL);	/* the clone record */
	resolver_learn_fork(f->res, &parent, 801);
	proc_del(f, 800);				/* the parent exits */
	resolver_resolve(f->res, &orphan, &id, NULL);	/* 801 gone too */
	assert_identity(&id, IDENTITY_SOURCE_PARENT, CTRP);
	assert_int_equal(id.ancestor, 800);

	/* a helper's child: moved before exec, never inherited */
	proc_add(f, 810, "runc", 1, 100, SVC);
	parent.pid = 810;
	parent.comm = "runc";
	resolver_resolve(f->res, &parent, &id, NULL);
	resolver_learn_fork(f->res, &parent, 811);
	orphan.pid = 811;
	orphan.ppid = 650;
	resolver_resolve(f->res, &orphan, &id, NULL);
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
}

/* The usual subreapers adopt orphans: never inherited from. */
static void test_subreaper_names(void **state)
{
	struct fx *f = *state;
	struct identity id;

	proc_add(f, 660, "pause", 1, 100, POD);
	id = resolve(f, 710, 660, 5000, "true");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
	proc_add(f, 661, "tini", 1, 100, POD);
	id = resolve(f, 711, 661, 5000, "true");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
}

/* A parent that started after the event cannot be its parent. */
static void test_parent_newer_than_event(void **state)
{
	struct fx *f = *state;
	struct identity id;

	proc_add(f, 151, "bash", 1, 900, POD);	/* started at 9 s */
	id = resolve(f, 201, 151, 5000, "true");
	assert_identity(&id, IDENTITY_SOURCE_NONE, NULL);
}

static int64_t fake_now;

static int64_t fake_clock(void)
{
	return fake_now;
}

/*
 * An event resolved within FRESH_MS (40 ms) of its time is read without
 * stat: nothing that holds the pid then can have started after it. A
 * broken stat file shows whether stat was read: when it is, the read
 * fails and the process is not taken from the pid.
 */
static void test_fresh_skips_stat(void **state)
{
	static const struct { int64_t age; bool fresh; } cases[] = {
		{ 0, true }, { 20, true }, { 40, true },
		{ 41, false }, { 1000, false }, { -5, false },
	};
	struct fx *f = *state;
	struct identity id;
	char path[256];
	size_t i;

	resolver_set_clock(f->res, fake_clock);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int pid = 300 + (int)i;
		unsigned long long before = resolver_get_stats(f->res)->fresh;

		proc_add(f, pid, "true", 1, 100, SVC);
		snprintf(path, sizeof(path), "%s/proc/%d/stat", f->root, pid);
		write_file(path, "garbage");
		fake_now = 10000 + cases[i].age;
		id = resolve(f, pid, 1, 10000, "true");
		if (cases[i].fresh) {
			assert_identity(&id, IDENTITY_SOURCE_PID,
					"/system.slice/web.service");
			assert_int_equal(resolver_get_stats(f->res)->fresh,
					 before + 1);
		} else {
			assert_int_not_equal(id.source, IDENTITY_SOURCE_PID);
			assert_int_equal(resolver_get_stats(f->res)->fresh,
					 before);
		}
	}
	/* a target (no ppid, no comm) is read in full even when fresh */
	proc_add(f, 320, "sleep", 1, 100, SVC);
	snprintf(path, sizeof(path), "%s/proc/320/stat", f->root);
	write_file(path, "garbage");
	fake_now = 10000;
	id = resolve(f, 320, 0, 10000, NULL);
	assert_int_not_equal(id.source, IDENTITY_SOURCE_PID);
}

static void test_is_helper(void **state)
{
	const char *const *h = resolve_default_helpers;

	(void)state;
	assert_true(resolve_is_helper(h, "runc", NULL));
	assert_true(resolve_is_helper(h, "runc:[2:INIT]", NULL));
	assert_false(resolve_is_helper(h, "runcx", NULL));
	assert_true(resolve_is_helper(h, "containerd-shim", NULL));
	assert_true(resolve_is_helper(h, "x", "/usr/bin/containerd-shim-runc-v2"));
	assert_true(resolve_is_helper(h, NULL, "/usr/bin/conmon"));
	assert_false(resolve_is_helper(h, "bash", "/usr/bin/bash"));
	assert_false(resolve_is_helper(h, "systemd-journal", NULL));
	assert_true(resolve_is_helper(h, "systemd", NULL));
}

/* The table never holds more than its bound; the index stays right. */
static void test_pidcache_bound(void **state)
{
	static char present[70000];
	struct pidcache *pc;
	unsigned int seed = 7, i;
	pid_t pid;

	(void)state;
	assert_int_equal(pidcache_new(100, &pc), 0);
	for (i = 0; i < 200000; i++) {
		seed = seed * 1103515245u + 12345u;
		pid = (pid_t)(1 + (seed >> 8) % 65536);
		if ((seed >> 4) % 3 == 0) {
			pidcache_remove(pc, pid);
			present[pid] = 0;
		} else {
			struct pidcache_entry *e = pidcache_put(pc, pid);

			assert_int_equal(e->pid, pid);
			present[pid] = 1;
		}
		assert_true(pidcache_get_stats(pc)->entries <= 100);
	}
	/* whatever the table holds, it finds */
	for (pid = 1; pid <= 65536; pid++) {
		struct pidcache_entry *e = pidcache_get(pc, pid);

		if (e)
			assert_int_equal(e->pid, pid);
		if (e)
			assert_int_equal(present[pid], 1);
	}
	assert_true(pidcache_get_stats(pc)->evictions > 0);
	pidcache_free(pc);
}

/* Identities are shared by text and freed with their last user. */
static void test_intern(void **state)
{
	struct pidcache *pc;
	struct pidcache_ident *a, *b;
	struct pidcache_entry *e;

	(void)state;
	assert_int_equal(pidcache_new(16, &pc), 0);
	a = pidcache_intern(pc, SVC, strlen(SVC));
	b = pidcache_intern(pc, SVC, strlen(SVC));
	assert_ptr_equal(a, b);
	assert_int_equal(pidcache_get_stats(pc)->idents, 1);
	assert_null(pidcache_intern(pc, "garbage", 7));
	e = pidcache_put(pc, 5);
	pidcache_set_ident(pc, e, a);
	pidcache_ident_unref(pc, a);
	pidcache_ident_unref(pc, b);
	assert_int_equal(pidcache_get_stats(pc)->idents, 1);
	pidcache_remove(pc, 5);
	assert_int_equal(pidcache_get_stats(pc)->idents, 0);
	pidcache_free(pc);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_live),
		T(test_pid_reuse),
		T(test_stale_entry),
		T(test_parent),
		T(test_helper_parent),
		T(test_recorded_as_helper),
		T(test_orphan),
		T(test_ancestor),
		T(test_parent_newer_than_event),
		T(test_adopter_other_session),
		T(test_subreaper_names),
		T(test_learn_fork),
		T(test_fresh_skips_stat),
		cmocka_unit_test(test_is_helper),
		cmocka_unit_test(test_pidcache_bound),
		cmocka_unit_test(test_intern),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
