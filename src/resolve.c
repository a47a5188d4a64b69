/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * resolve.c - which identity an event's process had, and how we know.
 *
 * Order (docs/schema.md, cgroup.source):
 *  1. pid: the process is alive and started no later than the event
 *     (a later start means the pid was reused: not our process).
 *  2. cache: the table remembers this very process (same start time, or
 *     seen within the trust window) and it was not a runtime helper then.
 *  3. parent / ancestor: children inherit their parent's cgroup at fork,
 *     so a known ancestor's identity holds, unless a runtime helper (or
 *     pid 1, or systemd) stands in between: those move their children
 *     into other cgroups before exec. The ppid of an exec record may
 *     also be a subreaper that adopted an orphan, not the process it was
 *     forked from: a child inherits its parent's audit session at fork,
 *     so an ancestor in another session is not inherited from, and the
 *     usual subreapers (tini, dumb-init, catatonit, pause, ...) are
 *     helpers.
 *  4. none.
 * Everything read is remembered, parents included, so that a process gone
 * by the time its event is read is still known through its ancestry.
 */
#include "autoconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "resolve.h"
#include "text.h"

/* Start times are in clock ticks (10 ms) and audit's clock is coarse. */
#define START_TOLERANCE_MS 50
/*
 * An event read within this long of its own time needs no start-time
 * check: whatever holds the pid now started by now, so within
 * START_TOLERANCE_MS of the event (less a tick of rounding), and the
 * check could not reject it.
 */
#define FRESH_MS (START_TOLERANCE_MS - 10)
/* How far up the ancestry we look. */
#define MAX_DEPTH 8

const char *const resolve_default_helpers[] = {
	"runc", "crun", "runsc", "youki", "conmon", "containerd-shim*",
	"containerd", "dockerd", "docker-init", "crio", "podman", "lxc-start",
	"lxc-attach", "systemd", "systemd-nspawn", "nsenter", "(sd-pam)",
	"tini", "dumb-init", "catatonit", "pause", "s6-svscan",
	NULL
};

struct resolver {
	struct procfs *proc;
	struct pidcache *cache;
	const char *const *helpers;
	int64_t trust_ms;
	int64_t boot_ms;	/* realtime of tick 0; 0: measure */
	int64_t boot_measured_at; /* monotonic s of the last measurement */
	long hz;
	int64_t (*now_ms)(void);	/* realtime, ms after the epoch */
	char cgbuf[PROCFS_CGROUP_MAX];
	struct resolve_stats stats;
};

static int64_t ts_ms(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

static int64_t realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts_ms(&ts);
}

/* Derive the trust window from pid_max: at 10,000 forks a second, the
 * pid space cannot wrap sooner than pid_max / 10,000 seconds. */
static int64_t default_trust_ms(struct procfs *proc)
{
	long pid_max = 32768;
	char buf[32];
	FILE *f;

	(void)proc;
	f = fopen("/proc/sys/kernel/pid_max", "re");
	if (f) {
		if (fgets(buf, sizeof(buf), f))
			pid_max = strtol(buf, NULL, 10);
		fclose(f);
	}
	if (pid_max < 1000)
		pid_max = 1000;
	if (pid_max / 10 > 60000)
		return 60000;
	return pid_max / 10;
}

int resolver_new(struct procfs *proc, size_t max_entries, int64_t trust_ms,
		 const char *const *helpers, struct resolver **ret_r)
{
	struct resolver *r;
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	ret = pidcache_new(max_entries, &r->cache);
	if (ret < 0) {
		free(r);
		return ret;
	}
	r->proc = proc;
	r->helpers = helpers ? helpers : resolve_default_helpers;
	r->trust_ms = trust_ms > 0 ? trust_ms : default_trust_ms(proc);
	r->hz = sysconf(_SC_CLK_TCK);
	if (r->hz <= 0)
		r->hz = 100;
	r->now_ms = realtime_ms;
	*ret_r = r;
	return 0;
}

void resolver_free(struct resolver *r)
{
	if (!r)
		return;
	pidcache_free(r->cache);
	free(r);
}

void resolver_set_clock(struct resolver *r, int64_t (*now_ms)(void))
{
	r->now_ms = now_ms ? now_ms : realtime_ms;
}

void resolver_set_boot_ms(struct resolver *r, int64_t boot_ms)
{
	r->boot_ms = boot_ms;
	r->boot_measured_at = INT64_MAX;	/* never re-measure */
}

/* Realtime of boot, re-measured every minute (NTP moves realtime). */
static int64_t boot_ms(struct resolver *r)
{
	struct timespec real, boot, mono;

	if (r->boot_measured_at == INT64_MAX)
		return r->boot_ms;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	if (r->boot_ms && mono.tv_sec - r->boot_measured_at < 60)
		return r->boot_ms;
	clock_gettime(CLOCK_REALTIME, &real);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	r->boot_ms = ts_ms(&real) - ts_ms(&boot);
	r->boot_measured_at = mono.tv_sec;
	return r->boot_ms;
}

static int64_t start_ms(struct resolver *r, unsigned long long ticks)
{
	return boot_ms(r) + (int64_t)(ticks * 1000ULL / (unsigned long long)r->hz);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Does @name (a helper pattern) match the process name @s? */
static bool helper_match(const char *pat, const char *s)
{
	size_t n;

	/* most names differ at once */
	if (pat[0] && pat[0] != '*' && pat[0] != s[0])
		return false;
	n = strlen(pat);

	if (n && pat[n - 1] == '*')
		return strncmp(pat, s, n - 1) == 0;
	/* runc re-executes itself as "runc:[2:INIT]" */
	return strncmp(pat, s, n) == 0 && (s[n] == '\0' || s[n] == ':');
}

bool resolve_is_helper(const char *const *helpers, const char *comm,
		       const char *exe)
{
	const char *const *h;

	for (h = helpers; *h; h++) {
		if (comm && helper_match(*h, comm))
			return true;
		if (exe && *exe && helper_match(*h, base_name(exe)))
			return true;
	}
	return false;
}

/* May the remembered entry @e stand for its pid at event time @t? */
static bool entry_valid_at(struct resolver *r, const struct pidcache_entry *e,
			   int64_t t)
{
	int64_t d = t - e->seen_ms;

	if (e->start && start_ms(r, e->start) > t + START_TOLERANCE_MS)
		return false;	/* a later process with that pid */
	return d <= r->trust_ms && d >= -r->trust_ms;
}

/*
 * Read @pid live. Returns 1 and fills *ret_st and *ret_ident (a
 * reference the caller owns) when the process exists and started no
 * later than @t; 0 when it is gone or is a newer process (*ret_st is
 * filled for the latter, start != 0); negative on other errors. With
 * @fresh (the event is FRESH_MS old at most, and its record tells ppid
 * and comm) stat is not read: the start-time check cannot fail then,
 * and *ret_st stays zero (start unknown).
 *
 * The cgroup is read first, so that a process already gone costs one
 * failed open, and its start time after: a pid is not reused while its
 * process lives, so when what holds the pid at the stat read started
 * before the event, the cgroup read just before was that process's.
 */
static int read_live(struct resolver *r, pid_t pid, int64_t t, bool fresh,
		     struct procfs_stat *ret_st,
		     struct pidcache_ident **ret_ident)
{
	ssize_t n;
	int ret;

	memset(ret_st, 0, sizeof(*ret_st));
	*ret_ident = NULL;
	n = procfs_read_cgroup(r->proc, pid, r->cgbuf, sizeof(r->cgbuf));
	if (n == -ENOENT || n == -ESRCH)
		return 0;
	if (n < 0)
		return (int)n;
	if (!fresh) {
		ret = procfs_read_stat(r->proc, pid, ret_st);
		/*
		 * A live /proc has stat and cgroup together. A fixture tree
		 * (host_root) may hold only the cgroup file: then the start
		 * time is unknown (0) and not checked.
		 */
		if (ret == -ENOENT || ret == -ESRCH) {
			memset(ret_st, 0, sizeof(*ret_st));
		} else if (ret < 0) {
			return ret;
		} else if (start_ms(r, ret_st->start) > t + START_TOLERANCE_MS) {
			r->stats.reused++;
			return 0;
		}
	}
	*ret_ident = pidcache_intern(r->cache, r->cgbuf, (size_t)n);
	return *ret_ident ? 1 : -EBADMSG;
}

/*
 * Remember a live read of @pid in the table; returns its entry. What
 * @ref (NULL for an ancestor) tells of the process is not read again.
 */
static struct pidcache_entry *learn(struct resolver *r, pid_t pid,
				    const struct procfs_stat *st,
				    struct pidcache_ident *ident, int64_t t,
				    const struct proc_ref *ref)
{
	struct pidcache_entry *e = pidcache_put(r->cache, pid);

	if (e->start != st->start) {
		/* a new process with this pid: forget the old one's names */
		e->exe[0] = '\0';
		e->helper = false;
	}
	e->start = st->start;
	e->ppid = st->ppid;
	text_copy(e->comm, sizeof(e->comm), st->comm);
	e->seen_ms = t;
	e->source = IDENTITY_SOURCE_PID;
	e->ancestor = 0;
	pidcache_set_ident(r->cache, e, ident);
	if (!e->exe[0] && !(ref && ref->exe))
		procfs_read_exe(r->proc, pid, e->exe, sizeof(e->exe));
	if (!(ref && ref->has_ses))
		e->has_ses = procfs_read_sessionid(r->proc, pid, &e->ses) == 0;
	if (resolve_is_helper(r->helpers, e->comm, e->exe))
		e->helper = true;
	return e;
}

/*
 * The table's entry for ancestor @pid as it was at @t: remembered, or
 * read live now. NULL when unknown.
 */
static struct pidcache_entry *ancestor_entry(struct resolver *r, pid_t pid,
					     int64_t t)
{
	struct pidcache_entry *e = pidcache_get(r->cache, pid);
	struct pidcache_ident *ident;
	struct procfs_stat st;
	int ret;

	if (e && entry_valid_at(r, e, t))
		return e;
	ret = read_live(r, pid, t, false, &st, &ident);
	if (ret <= 0) {
		if (ret < 0)
			r->stats.read_errors++;
		return NULL;
	}
	e = learn(r, pid, &st, ident, t, NULL);
	pidcache_ident_unref(r->cache, ident);
	return e;
}

void resolver_result_fill(const struct resolve_result *res,
			  struct identity *id, struct parent_info *parent)
{
	/* the big parts (cg, names) are copied or zeroed only when used */
	id->source = res->source;
	id->ancestor = res->ancestor;
	id->has_names = false;
	id->has_cgroup = res->ident != NULL;
	if (res->ident)
		id->cg = res->ident->cg;
	else
		memset(&id->cg, 0, sizeof(id->cg));
	if (!parent)
		return;
	parent->pid = 0;
	parent->has_cgroup = false;
	parent->comm[0] = parent->exe[0] = '\0';
	if (res->ppid <= 0)
		return;
	parent->pid = res->ppid;
	text_copy(parent->comm, sizeof(parent->comm), res->pcomm);
	text_copy(parent->exe, sizeof(parent->exe), res->pexe);
	if (res->pident) {
		parent->has_cgroup = true;
		parent->cg = res->pident->cg;
	}
}

void resolver_result_release(struct resolver *r, struct resolve_result *res)
{
	pidcache_ident_unref(r->cache, res->ident);
	pidcache_ident_unref(r->cache, res->pident);
	res->ident = res->pident = NULL;
}

void resolver_ident_unref(struct resolver *r, struct pidcache_ident *ident)
{
	pidcache_ident_unref(r->cache, ident);
}

void resolver_resolve(struct resolver *r, const struct proc_ref *ref,
		      struct identity *ret_id, struct parent_info *ret_parent)
{
	struct resolve_result res;

	resolver_lookup(r, ref, &res);
	resolver_result_fill(&res, ret_id, ret_parent);
	resolver_result_release(r, &res);
}

void resolver_lookup(struct resolver *r, const struct proc_ref *ref,
		     struct resolve_result *res)
{
	struct pidcache_ident *ident = NULL, *got = NULL;
	struct pidcache_entry *e, *pe = NULL;
	enum identity_source src = IDENTITY_SOURCE_NONE;
	struct procfs_stat st;
	pid_t anc = 0, p;
	bool helper, fresh = false;
	int64_t age;
	int depth, ret;

	memset(res, 0, sizeof(*res));
	if (ref->pid <= 0)
		return;
	helper = resolve_is_helper(r->helpers, ref->comm, ref->exe);
	if (ref->ppid > 0 && ref->comm) {
		age = r->now_ms() - ref->time_ms;
		fresh = age >= 0 && age <= FRESH_MS;
	}

	/* 1. the live process */
	ret = read_live(r, ref->pid, ref->time_ms, fresh, &st, &ident);
	if (fresh)
		r->stats.fresh++;
	if (ret < 0)
		r->stats.read_errors++;
	if (ret > 0) {
		got = ident;
		src = IDENTITY_SOURCE_PID;
	}

	/* 2. the same process, remembered */
	e = pidcache_get(r->cache, ref->pid);
	if (!got && e && e->ident && !e->helper &&
	    entry_valid_at(r, e, ref->time_ms)) {
		got = pidcache_ident_ref(e->ident);
		if (e->source == IDENTITY_SOURCE_PID ||
		    e->source == IDENTITY_SOURCE_CACHE) {
			src = IDENTITY_SOURCE_CACHE;
		} else {
			src = (enum identity_source)e->source;
			anc = e->ancestor;
		}
	}

	/*
	 * 3. the ancestry, never across a helper, pid 1 or systemd. When the
	 * table knows whom this process was forked by and the event names
	 * another parent, the process was orphaned and adopted: walk from
	 * the parent it really had.
	 */
	p = ref->ppid;
	if (e && e->ppid > 1 && e->ppid != ref->ppid &&
	    entry_valid_at(r, e, ref->time_ms)) {
		p = e->ppid;
		r->stats.adopted++;
	}
	for (depth = 0; p > 1 && depth < MAX_DEPTH; depth++) {
		struct pidcache_entry *a = ancestor_entry(r, p, ref->time_ms);

		if (!a)
			break;
		if (depth == 0)
			pe = a;
		if (got)
			break;	/* only wanted the parent's entry */
		if (a->helper) {
			r->stats.helper_stops++;
			break;
		}
		if (ref->has_ses && a->has_ses && a->ses != ref->ses) {
			/* not the process it was forked from: an adopter */
			r->stats.session_stops++;
			break;
		}
		if (a->ident) {
			got = pidcache_ident_ref(a->ident);
			src = depth == 0 ? IDENTITY_SOURCE_PARENT :
					   IDENTITY_SOURCE_ANCESTOR;
			anc = a->pid;
			break;
		}
		p = a->ppid;
	}

	res->source = src;
	res->ancestor = anc;
	res->ident = pidcache_ident_ref(got);
	r->stats.by_source[src]++;
	if (pe) {
		res->ppid = pe->pid;
		text_copy(res->pcomm, sizeof(res->pcomm), pe->comm);
		text_copy(res->pexe, sizeof(res->pexe), pe->exe);
		res->pident = pidcache_ident_ref(pe->ident);
	}

	/* remember this process as the event shows it */
	if (ret > 0) {
		e = learn(r, ref->pid, &st, ident, ref->time_ms, ref);
	} else if (st.start) {
		/*
		 * The pid is a newer process now and ours is gone: forget it,
		 * and leave the newer one to its own events.
		 */
		pidcache_remove(r->cache, ref->pid);
		e = NULL;
	} else {
		e = pidcache_put(r->cache, ref->pid);
		e->seen_ms = ref->time_ms;
		if (e->ident != got) {
			e->start = 0;
			pidcache_set_ident(r->cache, e, got);
		}
		e->source = (uint8_t)src;
		e->ancestor = anc;
	}
	if (e) {
		if (ref->ppid > 0)
			e->ppid = ref->ppid;
		if (ref->comm)
			text_copy(e->comm, sizeof(e->comm), ref->comm);
		if (ref->exe)
			text_copy(e->exe, sizeof(e->exe), ref->exe);
		if (ref->has_ses) {
			e->has_ses = true;
			e->ses = ref->ses;
		}
		/* what it was at this event decides whether it may be reused */
		e->helper = helper;
	}
	pidcache_ident_unref(r->cache, got);
}

const struct resolve_stats *resolver_get_stats(const struct resolver *r)
{
	return &r->stats;
}

const struct pidcache_stats *resolver_get_cache_stats(const struct resolver *r)
{
	return pidcache_get_stats(r->cache);
}

void resolver_learn_fork(struct resolver *r, const struct proc_ref *parent,
			 pid_t child)
{
	struct pidcache_entry *pe, *ce;

	if (child <= 1 || parent->pid <= 0 || child == parent->pid)
		return;
	/* the parent as resolver_resolve() just left it */
	pe = pidcache_get(r->cache, parent->pid);
	ce = pidcache_put(r->cache, child);
	ce->start = 0;
	ce->ppid = parent->pid;
	ce->seen_ms = parent->time_ms;
	ce->exe[0] = '\0';
	text_copy(ce->comm, sizeof(ce->comm), parent->comm ? parent->comm : "");
	ce->has_ses = parent->has_ses;
	ce->ses = parent->ses;
	/* a helper's child is moved before it execs: nothing to inherit */
	ce->helper = !pe || pe->helper;
	if (!pe || pe->helper || !pe->ident) {
		pidcache_set_ident(r->cache, ce, NULL);
		ce->source = IDENTITY_SOURCE_NONE;
		ce->ancestor = 0;
		return;
	}
	pidcache_set_ident(r->cache, ce, pe->ident);
	ce->source = IDENTITY_SOURCE_PARENT;
	ce->ancestor = parent->pid;
	r->stats.forks++;
}
