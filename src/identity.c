/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "autoconf.h"

#include "identity.h"

static const char *const source_names[IDENTITY_SOURCE_MAX] = {
	[IDENTITY_SOURCE_NONE] = "none",
	[IDENTITY_SOURCE_PID] = "pid",
	[IDENTITY_SOURCE_CACHE] = "cache",
	[IDENTITY_SOURCE_PARENT] = "parent",
	[IDENTITY_SOURCE_ANCESTOR] = "ancestor",
	[IDENTITY_SOURCE_REMOTE] = "remote",
};

const char *identity_source_to_string(enum identity_source s)
{
	if ((unsigned int)s >= IDENTITY_SOURCE_MAX)
		return NULL;
	return source_names[s];
}
