/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_cgroup.c - libFuzzer target for the pure cgroup classifier.
 *
 * Feeds the input, unterminated, to cgroup_classify() and
 * cgroup_classify_path() and checks the contract: 0 or the documented
 * negative errno, and on success NUL-terminated fields within their
 * buffers, enums in range and a path that starts with '/'.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        src/cgroup.c tests/fuzz/fuzz_cgroup.c -o fuzz_cgroup
 */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

static void check_field(const char *s, size_t size)
{
	CHECK(memchr(s, '\0', size) != NULL);
}

static void check_identity(const struct cgroup_identity *id)
{
	check_field(id->path, sizeof(id->path));
	check_field(id->unit, sizeof(id->unit));
	check_field(id->slice, sizeof(id->slice));
	check_field(id->user_unit, sizeof(id->user_unit));
	check_field(id->user_slice, sizeof(id->user_slice));
	check_field(id->session, sizeof(id->session));
	check_field(id->container_id, sizeof(id->container_id));
	check_field(id->pod_uid, sizeof(id->pod_uid));
	CHECK(id->path[0] == '/');
	CHECK((unsigned)id->runtime < CGROUP_RUNTIME_MAX);
	CHECK((unsigned)id->qos < CGROUP_QOS_MAX);
	/* a runtime always comes with an id; a pod uid is 36 bytes */
	CHECK(id->runtime == CGROUP_RUNTIME_NONE || id->container_id[0]);
	CHECK(!id->pod_uid[0] || strlen(id->pod_uid) == 36);
	CHECK(!id->pod_uid[0] == (id->qos == CGROUP_QOS_NONE));
	CHECK(!id->rootless || id->container_id[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgroup_identity id;
	char *copy;
	int r;

	/* an exact-size heap copy so ASan sees any read past @size */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	r = cgroup_classify(copy, size, &id);
	CHECK(r == 0 || r == -ENOENT);
	if (r == 0)
		check_identity(&id);

	r = cgroup_classify_path(copy, size, &id);
	CHECK(r == 0 || r == -EINVAL || r == -ENAMETOOLONG);
	if (r == 0) {
		check_identity(&id);
		CHECK(!id.truncated);
	}

	free(copy);
	return 0;
}
