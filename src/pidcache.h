/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pidcache.h - the process table: pid -> what we know of that process,
 * bounded in entries, least recently used evicted first. Identities are
 * interned by the exact text of /proc/PID/cgroup, so thousands of
 * processes of one workload share one classified identity.
 *
 * A data structure only: no I/O, no policy. resolve.c decides what an
 * entry may be used for.
 */
#ifndef AUDISP_CGROUP_PIDCACHE_H
#define AUDISP_CGROUP_PIDCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup.h"

/* A classified /proc/PID/cgroup text, shared by reference. */
struct pidcache_ident {
	struct cgroup_identity cg;
	/* private */
	uint64_t hash;
	size_t len;
	char *text;
	unsigned int refs;
	struct pidcache_ident *next;	/* hash chain */
};

#define PIDCACHE_EXE_MAX 128

struct pidcache_entry {
	pid_t pid;
	pid_t ppid;			/* 0: unknown */
	unsigned long long start;	/* clock ticks after boot; 0: unknown */
	int64_t seen_ms;		/* event time it was last confirmed at */
	struct pidcache_ident *ident;	/* NULL: identity unknown */
	uint8_t source;			/* enum identity_source of ident */
	pid_t ancestor;			/* where an inherited ident came from */
	bool helper;			/* a runtime helper when last recorded */
	bool has_ses;
	uint32_t ses;			/* audit session ("ses=") */
	char comm[16];
	char exe[PIDCACHE_EXE_MAX];
	/* private */
	uint32_t prev, next;		/* LRU list, indices */
};

struct pidcache_stats {
	size_t entries;			/* in use */
	size_t max_entries;
	size_t idents;			/* distinct identities held */
	unsigned long long evictions;	/* entries dropped for room */
	unsigned long long ident_evictions;
};

struct pidcache;

/*
 * A table of at most @max_entries processes (at least 16). The caller
 * frees *ret_pc with pidcache_free(). 0 or -ENOMEM.
 */
int pidcache_new(size_t max_entries, struct pidcache **ret_pc);
void pidcache_free(struct pidcache *pc);	/* @pc may be NULL */

/* The entry of @pid, or NULL. Does not change the LRU order. */
struct pidcache_entry *pidcache_get(struct pidcache *pc, pid_t pid);

/*
 * The entry of @pid, created empty if absent (evicting the least
 * recently used when full), and marked most recently used. Never NULL.
 */
struct pidcache_entry *pidcache_put(struct pidcache *pc, pid_t pid);

/* Forget @pid (no-op when absent). */
void pidcache_remove(struct pidcache *pc, pid_t pid);

/*
 * The interned identity of a /proc/PID/cgroup @text, classifying it the
 * first time. The caller owns one reference and drops it with
 * pidcache_ident_unref(). Returns NULL when the text does not classify
 * (cgroup_classify() fails) or on allocation failure.
 */
struct pidcache_ident *pidcache_intern(struct pidcache *pc, const char *text,
				       size_t len);

/* Take a reference. */
struct pidcache_ident *pidcache_ident_ref(struct pidcache_ident *ident);

/* Drop a reference; the last one frees it. @ident may be NULL. */
void pidcache_ident_unref(struct pidcache *pc, struct pidcache_ident *ident);

/* Point @e at @ident (may be NULL): @e takes its own reference. */
void pidcache_set_ident(struct pidcache *pc, struct pidcache_entry *e,
			struct pidcache_ident *ident);

const struct pidcache_stats *pidcache_get_stats(const struct pidcache *pc);

#endif
