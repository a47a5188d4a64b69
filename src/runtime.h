/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runtime.h - container and pod names from the container runtimes' own
 * state files (Docker, containerd, CRI-O, podman) and from the kubelet's
 * directory layout, under a host root.
 *
 * Where each name comes from, per runtime and version, with sources:
 * docs/runtime-state.md.
 *
 * Library-like: no logging. Errors are return codes and counters in
 * struct runtime_stats; the caller logs, rate-limited. Every read is
 * bounded (RUNTIME_CONFIG_MAX, RUNTIME_LIST_MAX, RUNTIME_DIR_SCAN_MAX),
 * files are opened O_NONBLOCK and must be regular files, so a FIFO or a
 * device planted in a user's storage can neither block nor flood us.
 * No sockets, no waiting.
 *
 * Results are cached per container id and per pod uid: positive entries
 * are kept while in use (LRU, bounded), negative ones expire after
 * @negative_ttl_ms (a container's state appears a moment after its first
 * process). Positive entries are re-validated with one stat(2) of their
 * source at most every runtimes_set_revalidate() interval; a known
 * container costs no file read per event.
 *
 * NOT thread-safe: one struct runtimes belongs to one thread (the
 * worker that enriches events, after the identity is known; never the
 * early cgroup lookup path).
 */
#ifndef AUDISP_CGROUP_RUNTIME_H
#define AUDISP_CGROUP_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"

/* Largest single state file we read (config.v2.json, OCI config.json). */
#define RUNTIME_CONFIG_MAX	(1u << 20)
/* Largest containers/storage list (containers.json, images.json). */
#define RUNTIME_LIST_MAX	(16u << 20)
/* Largest <host_root>/etc/passwd we read. */
#define RUNTIME_PASSWD_MAX	(1u << 20)
/* Most entries read from one directory (namespaces, pod log dirs). */
#define RUNTIME_DIR_SCAN_MAX	65536
/* Container names remembered per pod (from its log directory). */
#define RUNTIME_POD_CONTAINERS_MAX 16

#define RUNTIME_DEFAULT_MAX_ENTRIES	4096
#define RUNTIME_DEFAULT_NEGATIVE_TTL_MS	2000
#define RUNTIME_DEFAULT_REVALIDATE_MS	60000

/*
 * Where each runtime keeps its state, as absolute paths on the host; each
 * is looked up under host_root. A NULL member takes its default (shown).
 */
struct runtime_roots {
	const char *docker;		/* "/var/lib/docker" (data-root) */
	const char *containerd;		/* "/run/containerd" (state dir) */
	const char *crio;		/* "/run/containers/storage"
					 * (containers/storage runroot) */
	const char *containers_storage;	/* "/var/lib/containers/storage"
					 * (graphroot: podman, CRI-O) */
	const char *kubelet_pods;	/* "/var/lib/kubelet/pods" */
	const char *pod_logs;		/* "/var/log/pods" */
	const char *container_logs;	/* "/var/log/containers" */
	const char *user_run;		/* "/run/user" (rootless runroots) */
	const char *passwd;		/* "/etc/passwd" (rootless homes) */
};

#define RUNTIME_NAME_MAX	256
#define RUNTIME_IMAGE_MAX	512
#define RUNTIME_COMPOSE_MAX	128

/* What the runtime's state says. An empty string is unknown. */
struct runtime_info {
	bool verified;			/* id found in the runtime's own state */
	enum cgroup_runtime runtime;	/* as the state says; else the
					 * cgroup's hint */
	char name[RUNTIME_NAME_MAX];	/* the runtime's container name */
	char image[RUNTIME_IMAGE_MAX];	/* image reference as asked for */
	char pod_name[RUNTIME_NAME_MAX];
	char pod_namespace[RUNTIME_NAME_MAX];
	char k8s_container[RUNTIME_NAME_MAX];	/* name in the pod spec */
	char compose_project[RUNTIME_COMPOSE_MAX];
	char compose_service[RUNTIME_COMPOSE_MAX];
};

struct runtime_stats {
	unsigned long long lookups;	/* calls with an id or a pod uid */
	unsigned long long hits;	/* answered from the cache */
	unsigned long long misses_negative; /* of the hits: negative entry */
	unsigned long long resolved;	/* looked up on disk: found */
	unsigned long long not_found;	/* looked up on disk: nothing */
	unsigned long long files_read;	/* files and directories read */
	unsigned long long parse_errors; /* malformed, truncated, empty */
	unsigned long long too_large;	/* over the size bound */
	unsigned long long read_errors;	/* I/O errors other than ENOENT */
	unsigned long long revalidations; /* stat()s of known sources */
	unsigned long long evictions;	/* entries dropped for room */
	unsigned long long entries;	/* in the cache now */
};

struct runtimes;

/*
 * Make a resolver. @host_root is where the host's / is ("/" normally);
 * @roots may be NULL for all defaults (members are copied; a non-NULL
 * member must be absolute). @max_entries bounds the cache (0: default);
 * @negative_ttl_ms is how long "not found" is remembered (< 0: default).
 * The caller owns *ret_rt and frees it with runtimes_free().
 * Returns 0, -EINVAL (bad argument, relative root) or -ENOMEM.
 * *ret_rt is untouched on failure.
 */
int runtimes_new(const char *host_root, const struct runtime_roots *roots,
		 size_t max_entries, int64_t negative_ttl_ms,
		 struct runtimes **ret_rt);

/* Free everything; @rt may be NULL. */
void runtimes_free(struct runtimes *rt);

/*
 * Re-validate a positive entry with one stat(2) of its source file at
 * most every @interval_ms (0: never; default RUNTIME_DEFAULT_REVALIDATE_MS).
 * A source that is gone or changed makes the next lookup read the state
 * again. A negative @interval_ms is -EINVAL.
 */
int runtimes_set_revalidate(struct runtimes *rt, int64_t interval_ms);

/*
 * Fill *ret_info from the runtime state for @cg: cg->container_id (with
 * cg->runtime as a hint of where to look first), cg->pod_uid (the
 * kubelet's directories, for pods whose runtime state is not readable)
 * and cg->owner_uid with cg->rootless (a rootless podman's storage under
 * that user's home). @now_ms is a monotonic clock in milliseconds, for
 * expiry.
 *
 * Returns 1 when the container id was found in its runtime's state
 * (ret_info->verified), 0 when it was not (names from the runtime state
 * are empty; pod_name, pod_namespace and k8s_container may still come
 * from the kubelet's directories, unverified), or -EINVAL for a NULL
 * argument. *ret_info is written (zeroed first) on 0 and 1 and untouched
 * on error. Unreadable, malformed or oversized files are counted in the
 * stats and leave their names out; they are never an error here.
 */
int runtimes_lookup(struct runtimes *rt, const struct cgroup_identity *cg,
		    int64_t now_ms, struct runtime_info *ret_info);

/* Drop what is cached for a container id (e.g. the container is gone). */
void runtimes_forget(struct runtimes *rt, const char *container_id);

/* Drop what is cached for a pod uid. */
void runtimes_forget_pod(struct runtimes *rt, const char *pod_uid);

/* Counters; valid until runtimes_free(). */
const struct runtime_stats *runtimes_get_stats(const struct runtimes *rt);

#endif
