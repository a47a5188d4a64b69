/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * identity.h - the identity attached to an event, and where it came from.
 */
#ifndef AUDISP_CGROUP_IDENTITY_H
#define AUDISP_CGROUP_IDENTITY_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "runtime.h"

/* Where an event's identity came from (docs/schema.md, cgroup.source). */
enum identity_source {
	IDENTITY_SOURCE_NONE = 0,	/* looked for, not known: unknown */
	IDENTITY_SOURCE_PID,		/* read from the live process */
	IDENTITY_SOURCE_CACHE,		/* same process, read earlier */
	IDENTITY_SOURCE_PARENT,		/* inherited from the parent */
	IDENTITY_SOURCE_ANCESTOR,	/* inherited from a further ancestor */
	IDENTITY_SOURCE_REMOTE,		/* event from another node */
	IDENTITY_SOURCE_MAX
};

struct identity {
	enum identity_source source;
	bool has_cgroup;		/* cg below is filled */
	struct cgroup_identity cg;
	pid_t ancestor;			/* PARENT/ANCESTOR: whose identity */
	bool has_names;			/* names below were looked up */
	struct runtime_info names;	/* from the runtimes' own state */
};

/* What the event says of the process's parent, from the process table. */
struct parent_info {
	pid_t pid;			/* 0: none */
	char comm[16];
	char exe[128];
	bool has_cgroup;
	struct cgroup_identity cg;	/* the parent's own identity */
};

/* "none", "pid", "cache", ...; NULL when out of range. */
const char *identity_source_to_string(enum identity_source s);

#endif
