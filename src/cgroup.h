/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup.h - derive a workload identity from cgroup paths.
 *
 * PURE module: strings in, struct out. No I/O, no allocation, no logging.
 * The only reader of /proc is procfs.c, which hands the text of
 * /proc/PID/cgroup to cgroup_classify().
 */
#ifndef AUDISP_CGROUP_CGROUP_H
#define AUDISP_CGROUP_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest cgroup path we classify; longer ones return -ENAMETOOLONG. */
#define CGROUP_PATH_MAX 1024
/* systemd's UNIT_NAME_MAX */
#define CGROUP_UNIT_MAX 256
#define CGROUP_SESSION_MAX 64
/* 64 hex for most runtimes; names (LXC, nspawn) are up to 128 bytes here */
#define CGROUP_ID_MAX 129
/* canonical dashed UUID + NUL */
#define CGROUP_POD_UID_MAX 37

enum cgroup_runtime {
	CGROUP_RUNTIME_NONE = 0,	/* not a container, or unknown */
	CGROUP_RUNTIME_DOCKER,
	CGROUP_RUNTIME_CONTAINERD,
	CGROUP_RUNTIME_CRIO,
	CGROUP_RUNTIME_PODMAN,
	CGROUP_RUNTIME_LXC,
	CGROUP_RUNTIME_NSPAWN,
	CGROUP_RUNTIME_ECS,
	CGROUP_RUNTIME_MAX
};

enum cgroup_qos {
	CGROUP_QOS_NONE = 0,
	CGROUP_QOS_GUARANTEED,
	CGROUP_QOS_BURSTABLE,
	CGROUP_QOS_BESTEFFORT,
	CGROUP_QOS_MAX
};

/*
 * Everything we can say from a cgroup path. A string field that is empty
 * ("") is unknown and is left out of the output.
 */
struct cgroup_identity {
	char path[CGROUP_PATH_MAX];	/* the path the identity came from */

	/* systemd, with the meanings of sd_pid_get_*() */
	char unit[CGROUP_UNIT_MAX];
	char slice[CGROUP_UNIT_MAX];
	char user_unit[CGROUP_UNIT_MAX];
	char user_slice[CGROUP_UNIT_MAX];
	char session[CGROUP_SESSION_MAX];
	bool has_owner_uid;
	uint32_t owner_uid;

	/* container */
	enum cgroup_runtime runtime;	/* NONE with an id: runtime unknown */
	char container_id[CGROUP_ID_MAX];
	bool rootless;			/* found in a user's delegated subtree:
					 * below user-UID.slice or
					 * user@UID.service (see
					 * docs/cgroup-rules.md) */

	/* Kubernetes */
	char pod_uid[CGROUP_POD_UID_MAX];
	enum cgroup_qos qos;

	/* cgroup_classify() only: the line was longer than CGROUP_PATH_MAX - 1
	 * and the identity comes from its longest prefix that ends at a '/'
	 * and fits (@path holds that prefix). */
	bool truncated;
};

/* How the id in a layout row is validated and reported. */
enum cgroup_id_kind {
	CGROUP_ID_HEX64 = 0,	/* exactly 64 lowercase hex digits */
	CGROUP_ID_NAME,		/* LXC/Incus name: [A-Za-z0-9._+-], reported
				 * as is */
	CGROUP_ID_MACHINE,	/* systemd-escaped machine name (\x2d ...),
				 * reported unescaped */
	CGROUP_ID_KIND_MAX
};

/* What must sit right above the segment a layout row matches. */
enum cgroup_parent {
	CGROUP_PARENT_ANY = 0,	/* anything, or nothing */
	CGROUP_PARENT_NAMED,	/* a segment equal to layout->parent */
	CGROUP_PARENT_POD,	/* a Kubernetes pod cgroup, pod<uid> */
	CGROUP_PARENT_ECS_TASK,	/* /ecs/<task id> */
	CGROUP_PARENT_MAX
};

/* layout->prefix is searched inside the segment, after a slice name. */
#define CGROUP_LAYOUT_INFIX		(1u << 0)
/* No match when the next segment is "supervisor" (nspawn's own cgroup). */
#define CGROUP_LAYOUT_NO_SUPERVISOR	(1u << 1)

/*
 * One way a container runtime names the cgroup of a container: one path
 * segment "<prefix><id><suffix>", below a parent of kind @parent_kind.
 * The production table cgroup_layouts[] ends with a row whose prefix is
 * NULL; docs/cgroup-rules.md and the comment on each row give sources.
 */
struct cgroup_layout {
	const char *prefix;		/* NULL ends the table; "" for none */
	const char *suffix;		/* "" for none */
	enum cgroup_runtime runtime;	/* NONE: a container, runtime unknown */
	enum cgroup_id_kind id_kind;
	enum cgroup_parent parent_kind;
	const char *parent;		/* for CGROUP_PARENT_NAMED */
	unsigned flags;			/* CGROUP_LAYOUT_* */
};

extern const struct cgroup_layout cgroup_layouts[];

/*
 * Classify one cgroup path (as found after the second ':' of a
 * /proc/PID/cgroup line, e.g. "/system.slice/docker-<id>.scope").
 * @path need not be NUL-terminated; @len is its length. A trailing
 * " (deleted)" is stripped.
 * Returns 0 and fills *ret_id (zeroed first) on success, -EINVAL for a
 * path that does not start with '/', -ENAMETOOLONG for a path longer than
 * CGROUP_PATH_MAX - 1 (after stripping). A NUL byte inside @path is
 * -EINVAL.
 * *ret_id is untouched on failure.
 */
int cgroup_classify_path(const char *path, size_t len,
			 struct cgroup_identity *ret_id);

/*
 * Classify the whole text of a /proc/PID/cgroup file (v1, v2 or hybrid):
 * every line is considered and the most informative one wins (rule
 * documented in cgroup.c and docs/cgroup-rules.md). @text need not be
 * NUL-terminated. Malformed lines are skipped; an over-long line is
 * classified by its prefix (see @truncated) rather than skipped, so a
 * user cannot hide a process by nesting cgroups deeply.
 * Returns 0 and fills *ret_id on success, -ENOENT when no line could be
 * used (empty file, only garbage). *ret_id is untouched on failure.
 */
int cgroup_classify(const char *text, size_t len,
		    struct cgroup_identity *ret_id);

/* "docker", "containerd", ...; NULL for NONE and out-of-range values. */
const char *cgroup_runtime_to_string(enum cgroup_runtime r);
/* "guaranteed", "burstable", "besteffort"; NULL for NONE/out of range. */
const char *cgroup_qos_to_string(enum cgroup_qos q);
/* "hex64", "name", "machine"; NULL out of range. */
const char *cgroup_id_kind_to_string(enum cgroup_id_kind k);
/* "any", "named", "pod", "ecs-task"; NULL out of range. */
const char *cgroup_parent_to_string(enum cgroup_parent p);

#endif
