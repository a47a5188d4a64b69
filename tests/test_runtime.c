/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_runtime.c - container and pod names from runtime state files.
 *
 * Read-only cases run against the fixture host root tests/data/runtime/
 * (each runtime's on-disk format, see tests/data/runtime/README.md and
 * docs/runtime-state.md); cases that change files (expiry, revalidation,
 * huge files, FIFOs, eviction) build a mkdtemp tree per test.
 */
#include "autoconf.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "runtime.h"

#define FIXTURES TEST_DATA "/runtime"

/* ids of tests/data/runtime (see its README.md) */
#define X62(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
	c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c
#define D1 "d1" X62("a")
#define D2 "d2" X62("b")
#define D3 "d3" X62("c")
#define DBAD "de" X62("1")
#define DEMPTY "de" X62("2")
#define DTRUNC "de" X62("3")
#define C1 "c1" X62("a")
#define C2 "c2" X62("b")
#define C3 "c3" X62("c")
#define C4 "c4" X62("d")
#define R1 "e1" X62("a")
#define R2 "e2" X62("b")
#define R3 "e3" X62("c")
#define P1 "f1" X62("a")
#define P2 "f2" X62("b")
#define P3 "f3" X62("c")
#define K1 "ab" X62("1")
#define NOPE "99" X62("9")
#define UID1 "11111111-2222-3333-4444-555555555555"
#define UID3 "33333333-4444-5555-6666-777777777777"
#define UID4 "44444444-5555-6666-7777-888888888888"
#define UID5 "55555555-6666-7777-8888-999999999999"

static struct cgroup_identity make_cg(enum cgroup_runtime hint,
				      const char *id, const char *uid)
{
	struct cgroup_identity cg;

	memset(&cg, 0, sizeof(cg));
	cg.runtime = hint;
	if (id)
		snprintf(cg.container_id, sizeof(cg.container_id), "%s", id);
	if (uid)
		snprintf(cg.pod_uid, sizeof(cg.pod_uid), "%s", uid);
	return cg;
}

static struct runtimes *fixtures(void)
{
	struct runtimes *rt = NULL;

	assert_int_equal(runtimes_new(FIXTURES, NULL, 0, -1, &rt), 0);
	assert_non_null(rt);
	return rt;
}

/* Look @id up with hint @hint in the fixtures; check the return. */
static struct runtime_info lookup(struct runtimes *rt,
				  enum cgroup_runtime hint, const char *id,
				  const char *uid, int expect)
{
	struct cgroup_identity cg = make_cg(hint, id, uid);
	struct runtime_info info;
	int r;

	memset(&info, 0x5a, sizeof(info));
	r = runtimes_lookup(rt, &cg, 1000, &info);
	if (r != expect)
		print_error("%s: got %d, expected %d\n", id ? id : uid, r,
			    expect);
	assert_int_equal(r, expect);
	assert_int_equal(info.verified, expect == 1);
	return info;
}

/* ---- scratch trees ------------------------------------------------------ */

struct tree {
	char root[64];
};

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->root, sizeof(t->root), "/tmp/acg-runtime-XXXXXX");
	if (!mkdtemp(t->root)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];
	int r;

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	r = system(cmd);
	free(t);
	return r == 0 ? 0 : -1;
}

/* mkdir -p of the directory part of @root/@rel */
static void mkparents(const char *root, const char *rel)
{
	char path[4096];
	char *p;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		if (mkdir(path, 0755) < 0)
			assert_int_equal(errno, EEXIST);
		*p = '/';
	}
}

static void put(const char *root, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	mkparents(root, rel);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* A sparse file of @size bytes: costs no disk, tests the size bound. */
static void put_sized(const char *root, const char *rel, off_t size)
{
	char path[4096];
	int fd;

	mkparents(root, rel);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, size), 0);
	close(fd);
}

static void put_docker(const char *root, const char *id, const char *name)
{
	char rel[256], text[512];

	snprintf(rel, sizeof(rel), "var/lib/docker/containers/%s/config.v2.json",
		 id);
	snprintf(text, sizeof(text),
		 "{\"ID\":\"%s\",\"Name\":\"/%s\",\"Config\":{\"Image\":\"img\"}}",
		 id, name);
	put(root, rel, text);
}

/* Set the mtime of @root/@rel to @sec after the epoch. */
static void set_mtime(const char *root, const char *rel, time_t sec)
{
	struct timeval tv[2] = { { sec, 0 }, { sec, 0 } };
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	assert_int_equal(utimes(path, tv), 0);
}

static void make_id(char *buf, size_t size, unsigned n)
{
	snprintf(buf, size, "%08x%056x", n, 0);
}

/* ---- arguments ---------------------------------------------------------- */

static void test_args(void **state)
{
	struct runtime_roots roots = { .docker = "var/lib/docker" };
	struct cgroup_identity cg = make_cg(CGROUP_RUNTIME_DOCKER, D1, NULL);
	struct runtime_info info;
	struct runtimes *rt = NULL, *keep = (struct runtimes *)&info;

	(void)state;
	assert_int_equal(runtimes_new(NULL, NULL, 0, -1, &rt), -EINVAL);
	assert_int_equal(runtimes_new("/", NULL, 0, -1, NULL), -EINVAL);
	/* roots must be absolute; *ret untouched on failure */
	assert_int_equal(runtimes_new("/", &roots, 0, -1, &keep), -EINVAL);
	assert_ptr_equal(keep, (struct runtimes *)&info);

	rt = fixtures();
	memset(&info, 0x5a, sizeof(info));
	assert_int_equal(runtimes_lookup(NULL, &cg, 0, &info), -EINVAL);
	assert_int_equal(runtimes_lookup(rt, NULL, 0, &info), -EINVAL);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, NULL), -EINVAL);
	assert_int_equal((unsigned char)info.name[0], 0x5a);
	assert_int_equal(runtimes_set_revalidate(rt, -1), -EINVAL);
	runtimes_forget(rt, NULL);
	runtimes_forget(NULL, D1);
	runtimes_free(rt);
	runtimes_free(NULL);
}

/* Ids that could walk out of a root are never used in a path. */
static void test_bad_ids(void **state)
{
	static const char *const bad[] = {
		"../../../etc", "..", ".hidden", "a/b", "-rf", "",
		"with space", "semi;colon",
	};
	struct runtimes *rt = fixtures();
	struct runtime_info info;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		info = lookup(rt, CGROUP_RUNTIME_DOCKER, bad[i], NULL, 0);
		assert_string_equal(info.name, "");
		assert_int_equal(info.runtime, CGROUP_RUNTIME_DOCKER);
	}
	/* a bad pod uid as well */
	info = lookup(rt, CGROUP_RUNTIME_NONE, NULL, "../x", 0);
	assert_int_equal(runtimes_get_stats(rt)->lookups, 0);
	assert_int_equal(runtimes_get_stats(rt)->files_read, 0);
	runtimes_free(rt);
}

/* ---- Docker ------------------------------------------------------------- */

static void test_docker_compose(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_DOCKER, D1, NULL, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_DOCKER);
	assert_string_equal(info.name, "shop-web-1");
	assert_string_equal(info.image, "nginx:1.25");
	assert_string_equal(info.compose_project, "shop");
	assert_string_equal(info.compose_service, "web");
	assert_string_equal(info.pod_name, "");
	assert_string_equal(info.k8s_container, "");
	/* found with no hint as well */
	runtimes_forget(rt, D1);
	info = lookup(rt, CGROUP_RUNTIME_NONE, D1, NULL, 1);
	assert_string_equal(info.name, "shop-web-1");
	runtimes_free(rt);
}

static void test_docker_dockershim(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_NONE, D2, UID1, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_DOCKER);
	assert_string_equal(info.name,
			    "k8s_app_api-7f9c_prod_" UID1 "_0");
	assert_string_equal(info.pod_name, "api-7f9c");
	assert_string_equal(info.pod_namespace, "prod");
	assert_string_equal(info.k8s_container, "app");
	runtimes_free(rt);
}

static void test_docker_legacy(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_DOCKER, D3, NULL, 1);
	assert_string_equal(info.name, "legacy");
	assert_string_equal(info.image, "busybox");
	runtimes_free(rt);
}

/* Malformed, empty and truncated: one parse error each, no names. */
static void test_docker_bad_files(void **state)
{
	static const char *const ids[] = { DBAD, DEMPTY, DTRUNC };
	struct runtimes *rt = fixtures();
	struct runtime_info info;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		unsigned long long before = runtimes_get_stats(rt)->parse_errors;

		info = lookup(rt, CGROUP_RUNTIME_DOCKER, ids[i], NULL, 0);
		assert_string_equal(info.name, "");
		assert_string_equal(info.image, "");
		assert_int_equal(runtimes_get_stats(rt)->parse_errors,
				 before + 1);
	}
	/* the error is remembered: no re-read within the ttl */
	i = runtimes_get_stats(rt)->files_read;
	lookup(rt, CGROUP_RUNTIME_DOCKER, DBAD, NULL, 0);
	assert_int_equal(runtimes_get_stats(rt)->files_read, i);
	assert_int_equal(runtimes_get_stats(rt)->parse_errors, 3);
	runtimes_free(rt);
}

/* ---- containerd --------------------------------------------------------- */

static void test_containerd_cri(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_CONTAINERD, C1, UID1, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_CONTAINERD);
	assert_string_equal(info.name, "nginx");
	assert_string_equal(info.image, "docker.io/library/nginx:1.25");
	assert_string_equal(info.pod_name, "web-5d9c");
	assert_string_equal(info.pod_namespace, "default");
	assert_string_equal(info.k8s_container, "nginx");

	/* the Kubernetes cgroupfs driver says no runtime: still found */
	info = lookup(rt, CGROUP_RUNTIME_NONE, C4, NULL, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_CONTAINERD);
	assert_string_equal(info.name, "redis");
	assert_string_equal(info.image, "docker.io/library/redis:7");
	assert_string_equal(info.pod_name, "cache-0");
	assert_string_equal(info.pod_namespace, "data");
	runtimes_free(rt);
}

static void test_containerd_sandbox(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_CONTAINERD, C2, UID1, 1);
	assert_string_equal(info.name, "");
	assert_string_equal(info.k8s_container, "");
	assert_string_equal(info.image, "registry.k8s.io/pause:3.9");
	assert_string_equal(info.pod_name, "web-5d9c");
	assert_string_equal(info.pod_namespace, "default");
	runtimes_free(rt);
}

/* A namespace other than k8s.io/moby/default is found by scanning. */
static void test_containerd_other_namespace(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_CONTAINERD, C3, NULL, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_CONTAINERD);
	assert_string_equal(info.name, "");
	runtimes_free(rt);
}

/* ---- CRI-O -------------------------------------------------------------- */

static void test_crio(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	/* current: kubelet labels as annotations, under the runroot */
	info = lookup(rt, CGROUP_RUNTIME_CRIO, R1, NULL, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_CRIO);
	assert_string_equal(info.name, "k8s_api_shop-api-6b7d_shop_"
			    "22222222-3333-4444-5555-666666666666_0");
	assert_string_equal(info.image, "quay.io/shop/api:2.1");
	assert_string_equal(info.pod_name, "shop-api-6b7d");
	assert_string_equal(info.pod_namespace, "shop");
	assert_string_equal(info.k8s_container, "api");

	/* older: labels only inside the Labels JSON, graphroot copy */
	info = lookup(rt, CGROUP_RUNTIME_CRIO, R2, NULL, 1);
	assert_string_equal(info.image, "quay.io/batch/worker:1");
	assert_string_equal(info.pod_name, "jobs-1");
	assert_string_equal(info.pod_namespace, "batch");
	assert_string_equal(info.k8s_container, "worker");
	runtimes_free(rt);
}

/* No config.json: CRI-O's entry in volatile-containers.json. */
static void test_crio_storage_fallback(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_CRIO, R3, UID3, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_CRIO);
	assert_string_equal(info.name, "k8s_db_db-0_data_" UID3 "_0");
	assert_string_equal(info.image, "docker.io/library/postgres:16");
	assert_string_equal(info.k8s_container, "db");
	runtimes_free(rt);
}

/* ---- podman ------------------------------------------------------------- */

static void test_podman(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_PODMAN, P1, NULL, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_PODMAN);
	assert_string_equal(info.name, "toolbox");
	assert_string_equal(info.image, "docker.io/library/alpine:3.19");

	/* no hint: CRI-O's reader passes podman's own config.json by */
	runtimes_forget(rt, P1);
	info = lookup(rt, CGROUP_RUNTIME_NONE, P1, NULL, 1);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_PODMAN);
	assert_string_equal(info.name, "toolbox");

	/* no image-name in the metadata: images.json names the image */
	info = lookup(rt, CGROUP_RUNTIME_PODMAN, P2, NULL, 1);
	assert_string_equal(info.name, "noimage");
	assert_string_equal(info.image, "quay.io/fedora/fedora:40");
	runtimes_free(rt);
}

static void test_podman_rootless(void **state)
{
	struct cgroup_identity cg = make_cg(CGROUP_RUNTIME_PODMAN, P3, NULL);
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	cg.rootless = true;
	cg.has_owner_uid = true;
	cg.owner_uid = 1000;
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 1);
	assert_string_equal(info.name, "dev");
	assert_string_equal(info.image, "docker.io/library/golang:1.22");

	/* a user whose home is not a clean absolute path: nothing */
	cg.owner_uid = 1001;
	runtimes_forget(rt, P3);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 0);
	assert_string_equal(info.name, "");
	/* and a uid that has no passwd line */
	cg.owner_uid = 4242;
	runtimes_forget(rt, P3);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 0);
	runtimes_free(rt);
}

/* ---- the kubelet -------------------------------------------------------- */

/* Runtime state unreadable: names from /var/log/pods and its links. */
static void test_kubelet(void **state)
{
	struct runtimes *rt = fixtures();
	struct runtime_info info;

	(void)state;
	info = lookup(rt, CGROUP_RUNTIME_NONE, K1, UID1, 0);
	assert_string_equal(info.pod_name, "web-5d9c");
	assert_string_equal(info.pod_namespace, "default");
	/* /var/log/containers/<pod>_<ns>_<container>-<id>.log */
	assert_string_equal(info.k8s_container, "nginx");
	assert_string_equal(info.name, "");

	/* two containers and no link for this id: no container name */
	info = lookup(rt, CGROUP_RUNTIME_NONE, NOPE, UID1, 0);
	assert_string_equal(info.pod_name, "web-5d9c");
	assert_string_equal(info.k8s_container, "");

	/* one container only: unambiguous */
	info = lookup(rt, CGROUP_RUNTIME_NONE, "77" X62("7"), UID5, 0);
	assert_string_equal(info.pod_name, "solo-node1");
	assert_string_equal(info.pod_namespace, "kube-system");
	assert_string_equal(info.k8s_container, "only");

	/* old layout <uid>/<container>_<n>.log: no pod names */
	info = lookup(rt, CGROUP_RUNTIME_NONE, "66" X62("6"), UID4, 0);
	assert_string_equal(info.pod_name, "");
	assert_string_equal(info.k8s_container, "app");

	/* a process of the pod in no container (pod-level cgroup) */
	info = lookup(rt, CGROUP_RUNTIME_NONE, NULL, UID1, 0);
	assert_string_equal(info.pod_name, "web-5d9c");
	assert_string_equal(info.k8s_container, "");

	/* unknown pod */
	info = lookup(rt, CGROUP_RUNTIME_NONE, "88" X62("8"),
		      "00000000-0000-0000-0000-000000000000", 0);
	assert_string_equal(info.pod_name, "");
	runtimes_free(rt);
}

/* ---- missing, LXC ------------------------------------------------------- */

static void test_missing(void **state)
{
	struct runtimes *rt = NULL;
	struct runtime_info info;
	const struct runtime_stats *st;

	(void)state;
	assert_int_equal(runtimes_new("/nonexistent/acg", NULL, 0, -1, &rt), 0);
	info = lookup(rt, CGROUP_RUNTIME_NONE, D1, UID1, 0);
	assert_string_equal(info.name, "");
	st = runtimes_get_stats(rt);
	assert_int_equal(st->not_found, 1);
	assert_int_equal(st->files_read, 0);
	assert_int_equal(st->parse_errors + st->read_errors + st->too_large, 0);
	runtimes_free(rt);

	/* LXC and nspawn have no state we read: no I/O at all */
	rt = fixtures();
	info = lookup(rt, CGROUP_RUNTIME_LXC, "web01", NULL, 0);
	assert_int_equal(info.runtime, CGROUP_RUNTIME_LXC);
	assert_int_equal(runtimes_get_stats(rt)->files_read, 0);
	runtimes_free(rt);
}

/* ---- the cache ---------------------------------------------------------- */

/* A known container costs no file read. */
static void test_cache_hit(void **state)
{
	struct runtimes *rt = fixtures();
	const struct runtime_stats *st = runtimes_get_stats(rt);
	struct runtime_info info;
	unsigned long long reads;
	int i;

	(void)state;
	lookup(rt, CGROUP_RUNTIME_CONTAINERD, C1, UID1, 1);
	reads = st->files_read;
	assert_true(reads > 0);
	for (i = 0; i < 100; i++) {
		info = lookup(rt, CGROUP_RUNTIME_CONTAINERD, C1, UID1, 1);
		assert_string_equal(info.name, "nginx");
	}
	assert_int_equal(st->files_read, reads);
	assert_int_equal(st->hits, 100);
	assert_int_equal(st->lookups, 101);
	assert_int_equal(st->resolved, 1);

	/* and so does a known pod */
	lookup(rt, CGROUP_RUNTIME_NONE, K1, UID1, 0);
	reads = st->files_read;
	lookup(rt, CGROUP_RUNTIME_NONE, NULL, UID1, 0);
	lookup(rt, CGROUP_RUNTIME_NONE, K1, UID1, 0);
	assert_int_equal(st->files_read, reads);
	runtimes_free(rt);
}

/* Negative entries expire: the state appears after the first process. */
static void test_negative_expiry(void **state)
{
	struct tree *t = *state;
	struct cgroup_identity cg = make_cg(CGROUP_RUNTIME_DOCKER, D1, NULL);
	struct runtimes *rt = NULL;
	const struct runtime_stats *st;
	struct runtime_info info;
	unsigned long long reads;

	assert_int_equal(runtimes_new(t->root, NULL, 0, 2000, &rt), 0);
	st = runtimes_get_stats(rt);
	assert_int_equal(runtimes_lookup(rt, &cg, 10000, &info), 0);
	assert_int_equal(st->not_found, 1);

	put_docker(t->root, D1, "late");
	reads = st->files_read;
	/* within the ttl: the negative entry answers, nothing is read */
	assert_int_equal(runtimes_lookup(rt, &cg, 11999, &info), 0);
	assert_string_equal(info.name, "");
	assert_int_equal(st->misses_negative, 1);
	assert_int_equal(st->files_read, reads);
	/* expired: read again, found */
	assert_int_equal(runtimes_lookup(rt, &cg, 12000, &info), 1);
	assert_string_equal(info.name, "late");
	assert_int_equal(st->resolved, 1);
	runtimes_free(rt);
}

/* The bound holds; the least recently used entry goes first. */
static void test_eviction(void **state)
{
	struct tree *t = *state;
	struct runtimes *rt = NULL;
	const struct runtime_stats *st;
	struct cgroup_identity cg;
	struct runtime_info info;
	char id[80], name[32];
	unsigned long long reads;
	unsigned i;

	for (i = 0; i < 10; i++) {
		make_id(id, sizeof(id), i);
		snprintf(name, sizeof(name), "c%u", i);
		put_docker(t->root, id, name);
	}
	assert_int_equal(runtimes_new(t->root, NULL, 4, -1, &rt), 0);
	st = runtimes_get_stats(rt);
	for (i = 0; i < 10; i++) {
		make_id(id, sizeof(id), i);
		cg = make_cg(CGROUP_RUNTIME_DOCKER, id, NULL);
		assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 1);
		assert_true(st->entries <= 4);
	}
	assert_int_equal(st->entries, 4);
	assert_int_equal(st->evictions, 6);

	/* 6..9 are cached; touch 6, add 0: 7 is the one evicted */
	make_id(id, sizeof(id), 6);
	cg = make_cg(CGROUP_RUNTIME_DOCKER, id, NULL);
	runtimes_lookup(rt, &cg, 0, &info);
	make_id(id, sizeof(id), 0);
	cg = make_cg(CGROUP_RUNTIME_DOCKER, id, NULL);
	runtimes_lookup(rt, &cg, 0, &info);
	reads = st->files_read;
	make_id(id, sizeof(id), 6);
	cg = make_cg(CGROUP_RUNTIME_DOCKER, id, NULL);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 1);
	assert_string_equal(info.name, "c6");
	assert_int_equal(st->files_read, reads);
	make_id(id, sizeof(id), 7);
	cg = make_cg(CGROUP_RUNTIME_DOCKER, id, NULL);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 1);
	assert_string_equal(info.name, "c7");
	assert_true(st->files_read > reads);

	/* a bound of one still works */
	runtimes_free(rt);
	assert_int_equal(runtimes_new(FIXTURES, NULL, 1, -1, &rt), 0);
	info = lookup(rt, CGROUP_RUNTIME_NONE, K1, UID1, 0);
	assert_string_equal(info.k8s_container, "nginx");
	assert_int_equal(runtimes_get_stats(rt)->entries, 1);
	runtimes_free(rt);
}

static void test_forget(void **state)
{
	struct runtimes *rt = fixtures();
	const struct runtime_stats *st = runtimes_get_stats(rt);
	unsigned long long reads;

	(void)state;
	lookup(rt, CGROUP_RUNTIME_DOCKER, D1, NULL, 1);
	reads = st->files_read;
	runtimes_forget(rt, D1);
	assert_int_equal(st->entries, 0);
	lookup(rt, CGROUP_RUNTIME_DOCKER, D1, NULL, 1);
	assert_true(st->files_read > reads);

	lookup(rt, CGROUP_RUNTIME_NONE, NULL, UID1, 0);
	assert_int_equal(st->entries, 2);
	runtimes_forget_pod(rt, UID1);
	runtimes_forget_pod(rt, "not-cached");
	assert_int_equal(st->entries, 1);
	runtimes_free(rt);
}

/* Known entries are checked by one stat() at most every interval. */
static void test_revalidate(void **state)
{
	static const char rel[] = "var/lib/docker/containers/"
		D1 "/config.v2.json";
	struct tree *t = *state;
	struct cgroup_identity cg = make_cg(CGROUP_RUNTIME_DOCKER, D1, NULL);
	struct runtimes *rt = NULL;
	const struct runtime_stats *st;
	struct runtime_info info;
	unsigned long long reads;
	char path[4096];

	put_docker(t->root, D1, "before");
	set_mtime(t->root, rel, 1000000);
	assert_int_equal(runtimes_new(t->root, NULL, 0, -1, &rt), 0);
	assert_int_equal(runtimes_set_revalidate(rt, 5000), 0);
	st = runtimes_get_stats(rt);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 1);

	/* renamed: not seen before the interval, seen after */
	put_docker(t->root, D1, "after");
	set_mtime(t->root, rel, 1000001);
	reads = st->files_read;
	assert_int_equal(runtimes_lookup(rt, &cg, 4999, &info), 1);
	assert_string_equal(info.name, "before");
	assert_int_equal(st->revalidations, 0);
	assert_int_equal(runtimes_lookup(rt, &cg, 5000, &info), 1);
	assert_string_equal(info.name, "after");
	assert_int_equal(st->revalidations, 1);
	assert_true(st->files_read > reads);

	/* unchanged: a stat, no read */
	reads = st->files_read;
	assert_int_equal(runtimes_lookup(rt, &cg, 10000, &info), 1);
	assert_int_equal(st->revalidations, 2);
	assert_int_equal(st->files_read, reads);

	/* gone: the container was removed */
	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(runtimes_lookup(rt, &cg, 15000, &info), 0);
	assert_string_equal(info.name, "");

	/* 0 turns re-validation off */
	put_docker(t->root, D1, "again");
	runtimes_forget(rt, D1);
	assert_int_equal(runtimes_set_revalidate(rt, 0), 0);
	assert_int_equal(runtimes_lookup(rt, &cg, 20000, &info), 1);
	reads = st->revalidations;
	assert_int_equal(runtimes_lookup(rt, &cg, 1000000, &info), 1);
	assert_int_equal(st->revalidations, reads);
	runtimes_free(rt);
}

/* Over the bound: counted, not read, names left out. */
static void test_huge(void **state)
{
	struct tree *t = *state;
	struct runtimes *rt = NULL;
	const struct runtime_stats *st;
	struct cgroup_identity cg;
	struct runtime_info info;
	char rel[256];

	snprintf(rel, sizeof(rel), "var/lib/docker/containers/%s/config.v2.json",
		 D1);
	put_sized(t->root, rel, (off_t)RUNTIME_CONFIG_MAX + 1);
	put_sized(t->root,
		  "var/lib/containers/storage/overlay-containers/containers.json",
		  (off_t)RUNTIME_LIST_MAX + 1);
	/* exactly at the bound is read (and is not JSON: a parse error) */
	snprintf(rel, sizeof(rel), "var/lib/docker/containers/%s/config.v2.json",
		 D2);
	put_sized(t->root, rel, (off_t)RUNTIME_CONFIG_MAX);

	assert_int_equal(runtimes_new(t->root, NULL, 0, -1, &rt), 0);
	st = runtimes_get_stats(rt);
	cg = make_cg(CGROUP_RUNTIME_DOCKER, D1, NULL);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 0);
	assert_int_equal(st->too_large, 1);
	cg = make_cg(CGROUP_RUNTIME_PODMAN, P1, NULL);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 0);
	assert_int_equal(st->too_large, 2);
	assert_int_equal(st->files_read, 0);
	cg = make_cg(CGROUP_RUNTIME_DOCKER, D2, NULL);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 0);
	assert_int_equal(st->too_large, 2);
	assert_int_equal(st->parse_errors, 1);
	runtimes_free(rt);
}

/* A FIFO where a file should be: never blocks, counted, skipped. */
static void test_fifo(void **state)
{
	struct tree *t = *state;
	struct cgroup_identity cg = make_cg(CGROUP_RUNTIME_DOCKER, D1, NULL);
	struct runtimes *rt = NULL;
	struct runtime_info info;
	char rel[256], path[4096];

	snprintf(rel, sizeof(rel), "var/lib/docker/containers/%s/config.v2.json",
		 D1);
	mkparents(t->root, rel);
	snprintf(path, sizeof(path), "%s/%s", t->root, rel);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(runtimes_new(t->root, NULL, 0, -1, &rt), 0);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 0);
	assert_int_equal(runtimes_get_stats(rt)->read_errors, 1);
	runtimes_free(rt);
}

/* Custom roots; long names are cut at a UTF-8 character boundary. */
static void test_roots_and_cut(void **state)
{
	struct tree *t = *state;
	struct runtime_roots roots = { .docker = "/srv/docker" };
	struct cgroup_identity cg = make_cg(CGROUP_RUNTIME_DOCKER, D1, NULL);
	struct runtimes *rt = NULL;
	struct runtime_info info;
	char rel[256], text[2048], name[1024];
	size_t i, n;

	/* 255 bytes of ASCII then a 2-byte character across the cut */
	n = 0;
	for (i = 0; i < RUNTIME_NAME_MAX - 2; i++)
		name[n++] = 'x';
	name[n++] = '\xc3';
	name[n++] = '\xa9';
	name[n] = '\0';
	snprintf(rel, sizeof(rel), "srv/docker/containers/%s/config.v2.json",
		 D1);
	snprintf(text, sizeof(text), "{\"Name\":\"/%s\"}", name);
	put(t->root, rel, text);
	assert_int_equal(runtimes_new(t->root, &roots, 0, -1, &rt), 0);
	assert_int_equal(runtimes_lookup(rt, &cg, 0, &info), 1);
	assert_int_equal(strlen(info.name), RUNTIME_NAME_MAX - 2);
	runtimes_free(rt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_docker_compose),
		cmocka_unit_test(test_docker_dockershim),
		cmocka_unit_test(test_docker_legacy),
		cmocka_unit_test(test_docker_bad_files),
		cmocka_unit_test(test_containerd_cri),
		cmocka_unit_test(test_containerd_sandbox),
		cmocka_unit_test(test_containerd_other_namespace),
		cmocka_unit_test(test_crio),
		cmocka_unit_test(test_crio_storage_fallback),
		cmocka_unit_test(test_podman),
		cmocka_unit_test(test_podman_rootless),
		cmocka_unit_test(test_kubelet),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_cache_hit),
		cmocka_unit_test_setup_teardown(test_negative_expiry,
						tree_setup, tree_teardown),
		cmocka_unit_test_setup_teardown(test_eviction, tree_setup,
						tree_teardown),
		cmocka_unit_test(test_forget),
		cmocka_unit_test_setup_teardown(test_revalidate, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_huge, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_fifo, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_roots_and_cut, tree_setup,
						tree_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
