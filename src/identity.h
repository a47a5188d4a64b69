/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * identity.h - the identity attached to an event, and where it came from.
 */
#ifndef AUDISP_CGROUP_IDENTITY_H
#define AUDISP_CGROUP_IDENTITY_H

#include <stdbool.h>

#include "cgroup.h"

/* Where an event's identity came from (docs/schema.md, cgroup.source). */
enum identity_source {
	IDENTITY_SOURCE_NONE = 0,	/* looked for, not found: unknown */
	IDENTITY_SOURCE_PID,		/* read from the live process */
	IDENTITY_SOURCE_REMOTE,		/* event from another node: not looked up */
	IDENTITY_SOURCE_MAX
};

struct identity {
	enum identity_source source;
	bool has_cgroup;		/* cg below is filled */
	struct cgroup_identity cg;
};

/* "none", "pid", "remote"; NULL when out of range. */
const char *identity_source_to_string(enum identity_source s);

#endif
