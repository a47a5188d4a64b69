/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * resolve.h - the identity of the process an event names, even when it is
 * gone: from the live process, else from the process table (the same
 * process read earlier), else inherited from a known ancestor, never
 * across a runtime helper, never from a pid that was reused. Unknown
 * rather than wrong.
 */
#ifndef AUDISP_CGROUP_RESOLVE_H
#define AUDISP_CGROUP_RESOLVE_H

#include <stdint.h>
#include <sys/types.h>

#include "identity.h"
#include "pidcache.h"
#include "procfs.h"

/* What an event record says of a process. */
struct proc_ref {
	pid_t pid;
	pid_t ppid;		/* 0: unknown (e.g. an OBJ_PID target) */
	int64_t time_ms;	/* the event's time, ms after the epoch */
	const char *comm;	/* NULL: unknown */
	const char *exe;	/* NULL: unknown */
	bool has_ses;
	uint32_t ses;		/* the audit session ("ses="), when known */
};

struct resolve_stats {
	unsigned long long by_source[IDENTITY_SOURCE_MAX];
	unsigned long long reused;	/* live pid was a newer process */
	unsigned long long helper_stops; /* inheritance refused at a helper */
	unsigned long long session_stops; /* refused: another audit session */
	unsigned long long forks;	/* children learned from fork records */
	unsigned long long adopted;	/* orphans walked from their real parent */
	unsigned long long read_errors;	/* /proc unreadable (not gone) */
	unsigned long long fresh;	/* read within FRESH_MS: no stat */
};

struct resolver;

/*
 * A resolver reading @proc (borrowed, must outlive it), with a process
 * table of @max_entries, trusting a remembered process for @trust_ms
 * after it was last seen (0: derive from the kernel's pid_max), and
 * @helpers: NULL-terminated names of runtime helpers (borrowed). The
 * caller frees *ret_r with resolver_free(). 0 or -ENOMEM.
 */
int resolver_new(struct procfs *proc, size_t max_entries, int64_t trust_ms,
		 const char *const *helpers, struct resolver **ret_r);
void resolver_free(struct resolver *r);	/* @r may be NULL */

/*
 * An answer that holds references into the table instead of copies: a
 * few hundred bytes, for answers that wait in a queue.
 */
struct resolve_result {
	enum identity_source source;
	pid_t ancestor;
	struct pidcache_ident *ident;	/* a reference, or NULL */
	pid_t ppid;			/* the parent, 0: unknown */
	char pcomm[16];
	char pexe[PIDCACHE_EXE_MAX];
	struct pidcache_ident *pident;	/* the parent's, a reference */
};

/* Resolve @ref into *ret (release it with resolver_result_release()). */
void resolver_lookup(struct resolver *r, const struct proc_ref *ref,
		     struct resolve_result *ret);

/* Copy @res out as an identity and (when @parent) a parent_info. */
void resolver_result_fill(const struct resolve_result *res,
			  struct identity *id, struct parent_info *parent);

/* Drop @res's references (under the same lock as the lookup). */
void resolver_result_release(struct resolver *r, struct resolve_result *res);
/* Drop one reference taken out of a result (under that lock too). */
void resolver_ident_unref(struct resolver *r, struct pidcache_ident *ident);

/*
 * Resolve @ref into *ret_id, and (when @ret_parent is not NULL) what is
 * known of its parent into *ret_parent. Learns what it reads.
 */
void resolver_resolve(struct resolver *r, const struct proc_ref *ref,
		      struct identity *ret_id, struct parent_info *ret_parent);

/*
 * The stream showed @parent fork @child (a clone/fork/vfork record, when
 * the admin audits those): the child starts in the parent's cgroup, so
 * it is remembered with the parent's identity as of now, unless the
 * parent is a helper. An orphan adopted later is then still known by
 * where it came from. Call it after resolver_resolve() of @parent.
 */
void resolver_learn_fork(struct resolver *r, const struct proc_ref *parent,
			 pid_t child);

/*
 * For the tests: the realtime (ms after the epoch) at which the clock of
 * /proc/PID/stat start times began (boot). Measured when not set.
 */
void resolver_set_boot_ms(struct resolver *r, int64_t boot_ms);

/*
 * For the tests: the realtime clock (ms after the epoch) that tells how
 * old an event is when it is resolved. NULL: the system's.
 */
void resolver_set_clock(struct resolver *r, int64_t (*now_ms)(void));

/* True when @comm or the basename of @exe names a helper in @helpers. */
bool resolve_is_helper(const char *const *helpers, const char *comm,
		       const char *exe);

/* The default runtime helpers (NULL-terminated). */
extern const char *const resolve_default_helpers[];

const struct resolve_stats *resolver_get_stats(const struct resolver *r);
const struct pidcache_stats *resolver_get_cache_stats(const struct resolver *r);

#endif
