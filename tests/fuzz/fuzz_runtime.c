/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_runtime.c - libFuzzer target for the runtime state readers.
 *
 * The first input byte picks which state file the rest becomes (Docker
 * config.v2.json, containerd or CRI-O config.json, containers.json,
 * images.json, /etc/passwd for a rootless podman); it is written into a
 * scratch host root made once per process, and looked up through
 * runtimes_lookup(). Checks the contract: 0 or 1, NUL-terminated fields,
 * runtime in range, verified exactly when 1.
 *
 * Build: clang -g -O1 -fsanitize=fuzzer,address,undefined -I. -Isrc \
 *        src/runtime.c tests/fuzz/fuzz_runtime.c -lcjson -o fuzz_runtime
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime.h"

#define CHECK(x) do { if (!(x)) abort(); } while (0)

#define ID "f00d000000000000000000000000000000000000000000000000000000000000"
#define UID "11111111-2222-3333-4444-555555555555"

static const char *const targets[] = {
	"var/lib/docker/containers/" ID "/config.v2.json",
	"run/containerd/io.containerd.runtime.v2.task/k8s.io/" ID
		"/config.json",
	"run/containers/storage/overlay-containers/" ID
		"/userdata/config.json",
	"var/lib/containers/storage/overlay-containers/containers.json",
	"var/lib/containers/storage/overlay-images/images.json",
	"etc/passwd",
};
#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

static char root[64];

static void mkparents(const char *rel)
{
	char path[4096];
	char *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
}

static void put(const char *rel, const uint8_t *data, size_t size)
{
	char path[4096];
	int fd;

	mkparents(rel);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	CHECK(fd >= 0);
	CHECK(write(fd, data, size) == (ssize_t)size);
	close(fd);
}

static void drop(const char *rel)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	unlink(path);
}

static void check_field(const char *s, size_t size)
{
	CHECK(memchr(s, '\0', size) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char home[] = "/home/u/.local/share/containers/storage/"
		"overlay-containers/containers.json";
	struct cgroup_identity cg;
	struct runtime_info info;
	struct runtimes *rt;
	size_t which, i;
	int r;

	if (!root[0]) {
		snprintf(root, sizeof(root), "/tmp/acg-fuzz-runtime-XXXXXX");
		CHECK(mkdtemp(root));
	}
	if (size < 1)
		return 0;
	which = data[0] % NTARGETS;
	put(targets[which], data + 1, size - 1);
	if (which == NTARGETS - 1)
		/* passwd: the rootless store gets the same bytes too */
		put(home + 1, data + 1, size - 1);

	memset(&cg, 0, sizeof(cg));
	strcpy(cg.container_id, ID);
	strcpy(cg.pod_uid, UID);
	cg.runtime = (enum cgroup_runtime)(data[0] / NTARGETS %
					   CGROUP_RUNTIME_MAX);
	cg.rootless = which == NTARGETS - 1;
	cg.has_owner_uid = cg.rootless;
	cg.owner_uid = 1000;

	CHECK(runtimes_new(root, NULL, 4, 0, &rt) == 0);
	for (i = 0; i < 2; i++) {
		r = runtimes_lookup(rt, &cg, (int64_t)i, &info);
		CHECK(r == 0 || r == 1);
		CHECK(info.verified == (r == 1));
		CHECK((unsigned)info.runtime < CGROUP_RUNTIME_MAX);
		check_field(info.name, sizeof(info.name));
		check_field(info.image, sizeof(info.image));
		check_field(info.pod_name, sizeof(info.pod_name));
		check_field(info.pod_namespace, sizeof(info.pod_namespace));
		check_field(info.k8s_container, sizeof(info.k8s_container));
		check_field(info.compose_project, sizeof(info.compose_project));
		check_field(info.compose_service, sizeof(info.compose_service));
	}
	runtimes_free(rt);
	drop(targets[which]);
	if (which == NTARGETS - 1)
		drop(home + 1);
	return 0;
}
