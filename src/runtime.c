/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runtime.c - container and pod names from the runtimes' state files.
 *
 * The facts each reader relies on (paths, JSON fields, versions) are
 * listed with their sources in docs/runtime-state.md; each reader below
 * names the repository and file the fact comes from.
 */
#include "autoconf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "runtime.h"

enum root_index {
	ROOT_DOCKER = 0,
	ROOT_CONTAINERD,
	ROOT_CRIO,
	ROOT_STORAGE,
	ROOT_KUBELET_PODS,
	ROOT_POD_LOGS,
	ROOT_CONTAINER_LOGS,
	ROOT_USER_RUN,
	ROOT_PASSWD,
	ROOT_MAX
};

static const char *const default_roots[ROOT_MAX] = {
	[ROOT_DOCKER] = "/var/lib/docker",
	[ROOT_CONTAINERD] = "/run/containerd",
	[ROOT_CRIO] = "/run/containers/storage",
	[ROOT_STORAGE] = "/var/lib/containers/storage",
	[ROOT_KUBELET_PODS] = "/var/lib/kubelet/pods",
	[ROOT_POD_LOGS] = "/var/log/pods",
	[ROOT_CONTAINER_LOGS] = "/var/log/containers",
	[ROOT_USER_RUN] = "/run/user",
	[ROOT_PASSWD] = "/etc/passwd",
};

/* k8s container names are DNS labels: 63 bytes */
#define POD_CONTAINER_NAME_MAX 64

struct pod_info {
	bool has_names;		/* new log layout: <ns>_<name>_<uid> */
	char name[RUNTIME_NAME_MAX];
	char namespace[RUNTIME_NAME_MAX];
	char logdir[PATH_MAX];	/* the pod's log directory, "" if none */
	unsigned n_containers;
	char containers[RUNTIME_POD_CONTAINERS_MAX][POD_CONTAINER_NAME_MAX];
	int64_t scanned_ms;	/* when the container list was read */
};

enum entry_kind {
	ENTRY_CONTAINER = 0,
	ENTRY_POD,
};

struct entry {
	struct entry *hnext;		/* hash chain */
	struct entry *prev, *next;	/* LRU list; head is most recent */
	enum entry_kind kind;
	uint32_t hash;
	char key[CGROUP_ID_MAX];
	bool positive;			/* container: verified; pod: found */
	int64_t expires_ms;		/* negative entries */
	int64_t checked_ms;		/* positive: last validated */
	char *src;			/* positive: what validates it, owned */
	bool src_mtime;			/* compare mtime, else presence only */
	struct timespec mtime;
	union {
		struct runtime_info info;
		struct pod_info pod;
	} u;
};

struct runtimes {
	char *root[ROOT_MAX];		/* host_root + each root, owned */
	char *host_root;		/* without a trailing '/', owned */
	size_t max_entries;
	int64_t negative_ttl_ms;
	int64_t revalidate_ms;
	struct entry **buckets;
	size_t nbuckets;		/* power of two */
	struct entry lru;		/* sentinel */
	struct runtime_stats stats;
};

/* Where a resolver found its answer, for re-validation. */
struct source {
	char path[PATH_MAX];
	bool mtime;
};

/* ---- small helpers ---------------------------------------------------- */

/* Copy @src into @dst (@size bytes), cut at a UTF-8 boundary if needed. */
static void copy_str(char *dst, size_t size, const char *src)
{
	size_t n;

	if (!src) {
		dst[0] = '\0';
		return;
	}
	n = strlen(src);
	if (n >= size) {
		n = size - 1;
		/* do not leave half a multi-byte sequence */
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* A string member of @obj, or NULL. */
static const char *json_str(const cJSON *obj, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* Copy a string member of @obj, only when present and non-empty. */
static void take_str(char *dst, size_t size, const cJSON *obj,
		     const char *key)
{
	const char *s = json_str(obj, key);

	if (s && s[0] && !dst[0])
		copy_str(dst, size, s);
}

/*
 * Ids, namespace names and container names that go into a path: 1..128
 * bytes of [A-Za-z0-9_.-], not starting with '.', so never "..".
 * containerd's identifiers.Validate() allows the same set
 * (containerd/containerd pkg/identifiers/validate.go).
 */
static bool valid_path_name(const char *s)
{
	size_t n = 0;

	if (!s || !s[0] || s[0] == '.' || s[0] == '-')
		return false;
	for (; s[n]; n++) {
		char c = s[n];

		if (n >= CGROUP_ID_MAX - 1)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* Pod uids: dashed UUIDs, or 32 hex for static pods. */
static bool valid_pod_uid(const char *s)
{
	size_t n;

	for (n = 0; s[n]; n++) {
		char c = s[n];

		if (n >= CGROUP_POD_UID_MAX - 1)
			return false;
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F') || c == '-'))
			return false;
	}
	return n > 0;
}

static int path_fmt(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int path_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

/*
 * Read the whole regular file @path, at most @max bytes. On success
 * *ret_buf (NUL-terminated, caller frees) and *ret_len are set.
 * Returns 0, -ENOENT (missing: not counted), -EFBIG (counted too_large),
 * or another negative errno (counted read_errors). Opened O_NONBLOCK and
 * checked S_ISREG so that a FIFO or device can neither block nor flood.
 */
static int read_bounded(struct runtimes *rt, const char *path, size_t max,
			char **ret_buf, size_t *ret_len)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		r = -errno;
		if (r != -ENOENT && r != -ENOTDIR)
			rt->stats.read_errors++;
		return r == -ENOTDIR ? -ENOENT : r;
	}
	if (fstat(fd, &st) < 0) {
		r = -errno;
		rt->stats.read_errors++;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		r = -EINVAL;
		rt->stats.read_errors++;
		goto out;
	}
	if ((unsigned long long)st.st_size > max) {
		r = -EFBIG;
		rt->stats.too_large++;
		goto out;
	}
	/* +1 to see a file that grew past @max since fstat() */
	buf = malloc((size_t)st.st_size + 2);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	for (;;) {
		n = read(fd, buf + len, (size_t)st.st_size + 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			rt->stats.read_errors++;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > (size_t)st.st_size) {
			/* grew while we read: take it as too large */
			if (len > max) {
				r = -EFBIG;
				rt->stats.too_large++;
				goto out;
			}
			break;
		}
	}
	buf[len] = '\0';
	rt->stats.files_read++;
	*ret_buf = buf;
	*ret_len = len;
	buf = NULL;
	r = 0;
out:
	free(buf);
	close(fd);
	return r;
}

/*
 * Read and parse a JSON file. Returns the tree (caller frees with
 * cJSON_Delete()) or NULL with *ret_err: -ENOENT, -EFBIG, -EBADMSG
 * (empty, truncated or malformed; counted parse_errors) or another
 * negative errno.
 */
static cJSON *load_json(struct runtimes *rt, const char *path, size_t max,
			int *ret_err)
{
	cJSON *json;
	char *buf;
	size_t len;
	int r;

	r = read_bounded(rt, path, max, &buf, &len);
	if (r < 0) {
		*ret_err = r;
		return NULL;
	}
	json = len ? cJSON_ParseWithLength(buf, len) : NULL;
	free(buf);
	if (!json || !(cJSON_IsObject(json) || cJSON_IsArray(json))) {
		cJSON_Delete(json);
		rt->stats.parse_errors++;
		*ret_err = -EBADMSG;
		return NULL;
	}
	return json;
}

/* Parse a JSON document held in a string (CRI-O's Labels annotation). */
static cJSON *parse_embedded(struct runtimes *rt, const char *s)
{
	cJSON *json;

	if (!s || !s[0])
		return NULL;
	json = cJSON_ParseWithLength(s, strnlen(s, RUNTIME_CONFIG_MAX));
	if (!json || !cJSON_IsObject(json)) {
		cJSON_Delete(json);
		rt->stats.parse_errors++;
		return NULL;
	}
	return json;
}

static void set_source(struct source *src, const char *path, bool mtime)
{
	if (!src)
		return;
	copy_str(src->path, sizeof(src->path), path);
	src->mtime = mtime;
}

/*
 * The Kubernetes labels the kubelet puts on every container
 * (kubernetes/kubernetes pkg/kubelet/types/labels.go), found as Docker
 * labels (dockershim), as CRI-O annotations, or in CRI-O's Labels JSON.
 */
static void take_k8s_labels(struct runtime_info *info, const cJSON *labels)
{
	take_str(info->pod_name, sizeof(info->pod_name), labels,
		 "io.kubernetes.pod.name");
	take_str(info->pod_namespace, sizeof(info->pod_namespace), labels,
		 "io.kubernetes.pod.namespace");
	take_str(info->k8s_container, sizeof(info->k8s_container), labels,
		 "io.kubernetes.container.name");
}

/* ---- Docker ------------------------------------------------------------ */

/*
 * <docker root>/containers/<id>/config.v2.json; Docker < 1.10 wrote
 * config.json there instead (moby/moby container/container.go
 * configFileName; migrate/v1/migratev1.go configFileNameLegacy).
 * Fields: "ID", "Name" ("/name"), "Config": {"Image", "Labels"}.
 * Returns 1 found, 0 not found, -1 there but unreadable (stop looking).
 */
static int docker_resolve(struct runtimes *rt, const char *id,
			  struct runtime_info *info, struct source *src)
{
	static const char *const files[] = { "config.v2.json", "config.json" };
	char path[PATH_MAX];
	const cJSON *config, *labels;
	const char *s;
	cJSON *json = NULL;
	size_t i;
	int err = -ENOENT;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (path_fmt(path, sizeof(path), "%s/containers/%s/%s",
			     rt->root[ROOT_DOCKER], id, files[i]) < 0)
			return 0;
		json = load_json(rt, path, RUNTIME_CONFIG_MAX, &err);
		if (json || err != -ENOENT)
			break;
	}
	if (!json)
		return err == -ENOENT ? 0 : -1;
	s = json_str(json, "ID");
	if (!cJSON_IsObject(json) || (s && strcmp(s, id) != 0)) {
		/* not a container config, or another container's */
		rt->stats.parse_errors++;
		cJSON_Delete(json);
		return -1;
	}
	info->verified = true;
	info->runtime = CGROUP_RUNTIME_DOCKER;
	s = json_str(json, "Name");
	if (s)
		copy_str(info->name, sizeof(info->name), s[0] == '/' ? s + 1 : s);
	config = cJSON_GetObjectItemCaseSensitive(json, "Config");
	take_str(info->image, sizeof(info->image), config, "Image");
	labels = cJSON_GetObjectItemCaseSensitive(config, "Labels");
	if (cJSON_IsObject(labels)) {
		take_k8s_labels(info, labels);
		/* docker/compose pkg/api/labels.go */
		take_str(info->compose_project, sizeof(info->compose_project),
			 labels, "com.docker.compose.project");
		take_str(info->compose_service, sizeof(info->compose_service),
			 labels, "com.docker.compose.service");
	}
	set_source(src, path, true);
	cJSON_Delete(json);
	return 1;
}

/* ---- containerd -------------------------------------------------------- */

/*
 * Read one OCI bundle config.json written by containerd and take the CRI
 * plugin's annotations (containerd/containerd
 * internal/cri/annotations/annotations.go; pkg/cri/annotations in 1.x).
 * Returns 1 found, 0 not found, -1 there but unreadable.
 */
static int containerd_bundle(struct runtimes *rt, const char *path,
			     struct runtime_info *info, struct source *src)
{
	const cJSON *ann;
	const char *type;
	cJSON *json;
	int err;

	json = load_json(rt, path, RUNTIME_CONFIG_MAX, &err);
	if (!json)
		return err == -ENOENT ? 0 : -1;
	if (!cJSON_IsObject(json)) {
		rt->stats.parse_errors++;
		cJSON_Delete(json);
		return -1;
	}
	info->verified = true;
	info->runtime = CGROUP_RUNTIME_CONTAINERD;
	ann = cJSON_GetObjectItemCaseSensitive(json, "annotations");
	if (cJSON_IsObject(ann)) {
		type = json_str(ann, "io.kubernetes.cri.container-type");
		take_str(info->pod_name, sizeof(info->pod_name), ann,
			 "io.kubernetes.cri.sandbox-name");
		take_str(info->pod_namespace, sizeof(info->pod_namespace),
			 ann, "io.kubernetes.cri.sandbox-namespace");
		if (type && strcmp(type, "sandbox") == 0) {
			/* the pause container: no container name */
			take_str(info->image, sizeof(info->image), ann,
				 "io.kubernetes.cri.podsandbox.image-name");
		} else {
			take_str(info->name, sizeof(info->name), ann,
				 "io.kubernetes.cri.container-name");
			take_str(info->k8s_container,
				 sizeof(info->k8s_container), ann,
				 "io.kubernetes.cri.container-name");
			take_str(info->image, sizeof(info->image), ann,
				 "io.kubernetes.cri.image-name");
		}
	}
	set_source(src, path, true);
	cJSON_Delete(json);
	return 1;
}

/*
 * <containerd state>/io.containerd.runtime.v2.task/<ns>/<id>/config.json
 * (containerd/containerd core/runtime/v2/bundle.go, runtime/v2/bundle.go
 * before 2.0), and the v1 shim's
 * <state>/io.containerd.runtime.v1.linux/<ns>/<id>/config.json (1.x,
 * removed in 2.0). The usual namespaces first, then the others found.
 * Returns 1 found, 0 not found, -1 there but unreadable.
 */
static int containerd_resolve(struct runtimes *rt, const char *id,
			      struct runtime_info *info, struct source *src)
{
	static const char *const plugins[] = {
		"io.containerd.runtime.v2.task",
		"io.containerd.runtime.v1.linux",
	};
	static const char *const known[] = { "k8s.io", "moby", "default" };
	char path[PATH_MAX];
	struct dirent *de;
	size_t p, k;
	unsigned scanned;
	DIR *d;
	int r;

	for (p = 0; p < sizeof(plugins) / sizeof(plugins[0]); p++) {
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
			if (path_fmt(path, sizeof(path), "%s/%s/%s/%s/config.json",
				     rt->root[ROOT_CONTAINERD], plugins[p],
				     known[k], id) < 0)
				return 0;
			r = containerd_bundle(rt, path, info, src);
			if (r)
				return r;
		}
		if (path_fmt(path, sizeof(path), "%s/%s",
			     rt->root[ROOT_CONTAINERD], plugins[p]) < 0)
			return 0;
		d = opendir(path);
		if (!d)
			continue;
		rt->stats.files_read++;
		scanned = 0;
		while ((de = readdir(d)) && scanned++ < RUNTIME_DIR_SCAN_MAX) {
			bool is_known = false;

			if (!valid_path_name(de->d_name))
				continue;
			for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
				if (strcmp(de->d_name, known[k]) == 0)
					is_known = true;
			if (is_known)
				continue;
			if (path_fmt(path, sizeof(path), "%s/%s/%s/%s/config.json",
				     rt->root[ROOT_CONTAINERD], plugins[p],
				     de->d_name, id) < 0)
				continue;
			r = containerd_bundle(rt, path, info, src);
			if (r) {
				closedir(d);
				return r;
			}
		}
		closedir(d);
	}
	return 0;
}

/* ---- CRI-O -------------------------------------------------------------- */

/*
 * CRI-O saves the OCI spec twice: in the container's run dir under the
 * containers/storage runroot and in its dir under the graphroot,
 * <root>/overlay-containers/<id>/userdata/config.json
 * (cri-o/cri-o server/container_create.go, server/sandbox_run_linux.go).
 * Annotations: cri-o/cri-o pkg/annotations/internal.go (ContainerName,
 * ContainerType, ImageName, Image, Labels, Metadata, Namespace,
 * SandboxName); the kubelet's labels are also copied to annotations one
 * by one since CRI-O 1.2x, before that only inside the Labels JSON.
 * podman writes the same path under the graphroot; its spec says
 * "io.container.manager": "libpod" and is left to the storage reader.
 * Returns 1 found, 0 not found, -1 there but unreadable.
 */
static int crio_resolve(struct runtimes *rt, const char *id,
			struct runtime_info *info, struct source *src)
{
	const int roots[] = { ROOT_CRIO, ROOT_STORAGE };
	char path[PATH_MAX];
	const cJSON *ann;
	const char *type, *manager;
	cJSON *json = NULL, *labels, *meta;
	bool bad = false;
	size_t i;
	int err;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		if (path_fmt(path, sizeof(path),
			     "%s/overlay-containers/%s/userdata/config.json",
			     rt->root[roots[i]], id) < 0)
			return 0;
		json = load_json(rt, path, RUNTIME_CONFIG_MAX, &err);
		if (json)
			break;
		if (err != -ENOENT)
			bad = true;
	}
	if (!json)
		return bad ? -1 : 0;
	ann = cJSON_GetObjectItemCaseSensitive(json, "annotations");
	manager = json_str(ann, "io.container.manager");
	if (!cJSON_IsObject(json) || (manager && strcmp(manager, "cri-o"))) {
		/* podman's (libpod) or something else */
		if (!cJSON_IsObject(json))
			rt->stats.parse_errors++;
		cJSON_Delete(json);
		return 0;
	}
	info->verified = true;
	info->runtime = CGROUP_RUNTIME_CRIO;
	if (cJSON_IsObject(ann)) {
		type = json_str(ann, "io.kubernetes.cri-o.ContainerType");
		take_str(info->name, sizeof(info->name), ann,
			 "io.kubernetes.cri-o.ContainerName");
		take_str(info->image, sizeof(info->image), ann,
			 "io.kubernetes.cri-o.ImageName");
		take_str(info->image, sizeof(info->image), ann,
			 "io.kubernetes.cri-o.Image");
		take_k8s_labels(info, ann);
		labels = parse_embedded(rt,
				json_str(ann, "io.kubernetes.cri-o.Labels"));
		if (labels)
			take_k8s_labels(info, labels);
		cJSON_Delete(labels);
		if (!type || strcmp(type, "sandbox") != 0) {
			/* {"name": ..., "attempt": ...}: CRI metadata */
			meta = parse_embedded(rt,
				json_str(ann, "io.kubernetes.cri-o.Metadata"));
			take_str(info->k8s_container,
				 sizeof(info->k8s_container), meta, "name");
			cJSON_Delete(meta);
		} else {
			/* a sandbox is no container of the pod spec */
			info->k8s_container[0] = '\0';
			take_str(info->pod_namespace,
				 sizeof(info->pod_namespace), ann,
				 "io.kubernetes.cri-o.Namespace");
		}
	}
	set_source(src, path, true);
	cJSON_Delete(json);
	return 1;
}

/* ---- containers/storage (podman, and CRI-O's fallback) ---------------- */

/*
 * Find names[0] of image @image_id in <storage>/<driver>-images/images.json
 * (containers/storage images.go: [{"id", "names": [...]}, ...]).
 */
static void storage_image_name(struct runtimes *rt, const char *storage,
			       const char *driver, const char *image_id,
			       struct runtime_info *info)
{
	char path[PATH_MAX];
	const cJSON *img, *names;
	const char *s;
	cJSON *json;
	int err;

	if (!image_id || !image_id[0] || info->image[0])
		return;
	if (path_fmt(path, sizeof(path), "%s/%s-images/images.json", storage,
		     driver) < 0)
		return;
	json = load_json(rt, path, RUNTIME_LIST_MAX, &err);
	if (!json)
		return;
	cJSON_ArrayForEach(img, json) {
		s = json_str(img, "id");
		if (!s || strcmp(s, image_id) != 0)
			continue;
		names = cJSON_GetObjectItemCaseSensitive(img, "names");
		if (cJSON_IsArray(names) && cJSON_IsString(names->child))
			copy_str(info->image, sizeof(info->image),
				 names->child->valuestring);
		break;
	}
	cJSON_Delete(json);
}

/*
 * Look @id up in one containers/storage store: <storage>/<driver>-containers/
 * containers.json and volatile-containers.json (containers/storage
 * containers.go: [{"id", "names": [...], "image": <image id>,
 * "metadata": "<JSON string>"}]; the volatile file holds containers
 * created with the Volatile option, e.g. all of CRI-O's, since
 * containers/storage 1.2x; with transient_store both files live under
 * the runroot). The metadata string is podman's
 * (containers/podman libpod/storage.go RuntimeContainerMetadata:
 * "image-name", "name") or CRI-O's (cri-o/cri-o internal/storage/runtime.go:
 * also "pod-name", "pod-id", "metadata-name", "pod").
 * Returns 1 found, 0 not found.
 */
static int storage_lookup(struct runtimes *rt, const char *storage,
			  const char *id, struct runtime_info *info,
			  struct source *src)
{
	static const char *const drivers[] = { "overlay", "vfs" };
	static const char *const lists[] = {
		"containers.json", "volatile-containers.json"
	};
	char path[PATH_MAX];
	const cJSON *ctr, *names;
	const char *s, *image_id;
	cJSON *json, *meta;
	size_t d, l;
	int err;

	for (d = 0; d < sizeof(drivers) / sizeof(drivers[0]); d++) {
		for (l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
			if (path_fmt(path, sizeof(path), "%s/%s-containers/%s",
				     storage, drivers[d], lists[l]) < 0)
				return 0;
			json = load_json(rt, path, RUNTIME_LIST_MAX, &err);
			if (!json)
				continue;
			cJSON_ArrayForEach(ctr, json) {
				s = json_str(ctr, "id");
				if (s && strcmp(s, id) == 0)
					break;
			}
			if (!ctr) {
				cJSON_Delete(json);
				continue;
			}
			info->verified = true;
			names = cJSON_GetObjectItemCaseSensitive(ctr, "names");
			if (cJSON_IsArray(names) &&
			    cJSON_IsString(names->child))
				copy_str(info->name, sizeof(info->name),
					 names->child->valuestring);
			meta = parse_embedded(rt, json_str(ctr, "metadata"));
			info->runtime = CGROUP_RUNTIME_PODMAN;
			if (meta) {
				take_str(info->name, sizeof(info->name), meta,
					 "name");
				take_str(info->image, sizeof(info->image),
					 meta, "image-name");
				if (json_str(meta, "pod-id")) {
					const cJSON *pod;

					info->runtime = CGROUP_RUNTIME_CRIO;
					pod = cJSON_GetObjectItemCaseSensitive(
						meta, "pod");
					if (!cJSON_IsTrue(pod))
						take_str(info->k8s_container,
							 sizeof(info->k8s_container),
							 meta, "metadata-name");
				}
			}
			cJSON_Delete(meta);
			image_id = json_str(ctr, "image");
			if (image_id && !info->image[0]) {
				char *copy = strdup(image_id);

				cJSON_Delete(json);
				json = NULL;
				storage_image_name(rt, storage, drivers[d],
						   copy, info);
				free(copy);
			}
			cJSON_Delete(json);
			/* the list changes with every container: validate
			 * by the container's own directory instead */
			if (path_fmt(path, sizeof(path), "%s/%s-containers/%s",
				     storage, drivers[d], id) == 0)
				set_source(src, path, false);
			return 1;
		}
	}
	return 0;
}

/*
 * The home directory of @uid from <host_root>/etc/passwd (bounded read,
 * lines "name:pw:uid:gid:gecos:home:shell"). Returns 0 or -ENOENT.
 */
static int passwd_home(struct runtimes *rt, uint32_t uid, char *home,
		       size_t size)
{
	char *buf, *line, *save = NULL;
	size_t len;
	int r;

	r = read_bounded(rt, rt->root[ROOT_PASSWD], RUNTIME_PASSWD_MAX, &buf,
			 &len);
	if (r < 0)
		return -ENOENT;
	r = -ENOENT;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *f[7];
		char *p = line, *end;
		unsigned long v;
		int i;

		for (i = 0; i < 7 && p; i++) {
			f[i] = p;
			p = strchr(p, ':');
			if (p)
				*p++ = '\0';
		}
		if (i < 6)
			continue;
		errno = 0;
		v = strtoul(f[2], &end, 10);
		if (errno || end == f[2] || *end || v != uid)
			continue;
		if (f[5][0] != '/' || strstr(f[5], "/..") ||
		    strlen(f[5]) >= size)
			break;
		copy_str(home, size, f[5]);
		r = 0;
		break;
	}
	free(buf);
	return r;
}

/*
 * podman keeps containers in containers/storage: the root graphroot, or
 * for a rootless user $XDG_DATA_HOME/containers/storage, by default
 * ~/.local/share/containers/storage, with the runroot
 * $XDG_RUNTIME_DIR/containers = /run/user/<uid>/containers
 * (containers/storage types/options_linux.go, types/utils.go). Its own
 * database (bolt or sqlite under libpod/) is not parsed.
 * Returns 1 found, 0 not found.
 */
static int podman_resolve(struct runtimes *rt, const char *id,
			  const struct cgroup_identity *cg,
			  struct runtime_info *info, struct source *src)
{
	char storage[PATH_MAX], home[PATH_MAX];

	if (!(cg->rootless && cg->has_owner_uid))
		return 0;
	if (passwd_home(rt, cg->owner_uid, home, sizeof(home)) == 0 &&
	    path_fmt(storage, sizeof(storage),
		     "%s%s/.local/share/containers/storage", rt->host_root,
		     home) == 0 &&
	    storage_lookup(rt, storage, id, info, src))
		return 1;
	memset(info, 0, sizeof(*info));
	if (path_fmt(storage, sizeof(storage), "%s/%u/containers",
		     rt->root[ROOT_USER_RUN], cg->owner_uid) == 0 &&
	    storage_lookup(rt, storage, id, info, src))
		return 1;
	return 0;
}

/*
 * The root's containers/storage stores, shared by podman and CRI-O: the
 * graphroot, then the runroot (transient store). Read once per lookup.
 */
static int rootful_storage_resolve(struct runtimes *rt, const char *id,
				   struct runtime_info *info,
				   struct source *src)
{
	if (storage_lookup(rt, rt->root[ROOT_STORAGE], id, info, src))
		return 1;
	memset(info, 0, sizeof(*info));
	return storage_lookup(rt, rt->root[ROOT_CRIO], id, info, src);
}

/* ---- the kubelet --------------------------------------------------------- */

/*
 * Read the container names of a pod from its log directory: one
 * subdirectory per container (new layout), or files
 * "<container>_<restart>.log" (old layout, Kubernetes < 1.14); names are
 * kept when they fit, at most RUNTIME_POD_CONTAINERS_MAX.
 */
static void pod_scan_containers(struct runtimes *rt, struct pod_info *pod,
				int64_t now_ms)
{
	struct dirent *de;
	unsigned scanned = 0;
	DIR *d;

	pod->n_containers = 0;
	pod->scanned_ms = now_ms;
	if (!pod->logdir[0])
		return;
	d = opendir(pod->logdir);
	if (!d)
		return;
	rt->stats.files_read++;
	while ((de = readdir(d)) && scanned++ < RUNTIME_DIR_SCAN_MAX) {
		char name[POD_CONTAINER_NAME_MAX];
		unsigned i;
		bool dup = false;

		if (de->d_name[0] == '.')
			continue;
		copy_str(name, sizeof(name), de->d_name);
		if (!pod->has_names) {
			char *us = strrchr(name, '_');

			if (!us)
				continue;
			*us = '\0';
		}
		if (!valid_path_name(name) ||
		    strlen(de->d_name) >= POD_CONTAINER_NAME_MAX + 16)
			continue;
		for (i = 0; i < pod->n_containers; i++)
			if (strcmp(pod->containers[i], name) == 0)
				dup = true;
		if (dup)
			continue;
		if (pod->n_containers == RUNTIME_POD_CONTAINERS_MAX) {
			/* too many to be sure of anything */
			pod->n_containers = RUNTIME_POD_CONTAINERS_MAX + 1;
			break;
		}
		copy_str(pod->containers[pod->n_containers++],
			 POD_CONTAINER_NAME_MAX, name);
	}
	closedir(d);
}

/*
 * Find the pod of @uid from the kubelet's directories:
 * <pod logs>/<namespace>_<name>_<uid> (kubernetes/kubernetes
 * pkg/kubelet/kuberuntime/helpers.go BuildPodLogsDirectory, since 1.14;
 * before that <pod logs>/<uid>), and <kubelet pods>/<uid> (pkg/kubelet
 * kubelet_getters.go getPodDir). Namespaces and pod names are DNS names
 * without '_', so the split is unambiguous. Returns 1 found, 0 not.
 */
static int pod_resolve(struct runtimes *rt, const char *uid,
		       struct pod_info *pod, struct source *src,
		       int64_t now_ms)
{
	char path[PATH_MAX];
	struct dirent *de;
	unsigned scanned = 0;
	size_t ulen = strlen(uid);
	struct stat st;
	int found = 0;
	DIR *d;

	d = opendir(rt->root[ROOT_POD_LOGS]);
	if (d) {
		rt->stats.files_read++;
		while ((de = readdir(d)) && scanned++ < RUNTIME_DIR_SCAN_MAX) {
			const char *n = de->d_name;
			size_t len = strlen(n);
			const char *us1, *us2;

			if (strcmp(n, uid) == 0) {
				/* old layout: no names */
				found = 1;
				break;
			}
			if (len < ulen + 4 || n[len - ulen - 1] != '_' ||
			    strcmp(n + len - ulen, uid) != 0)
				continue;
			us1 = strchr(n, '_');
			us2 = n + len - ulen - 1;
			if (us1 == us2 || us1 == n || us2 == us1 + 1)
				continue;
			pod->has_names = true;
			copy_str(pod->namespace, sizeof(pod->namespace), "");
			if ((size_t)(us1 - n) < sizeof(pod->namespace)) {
				memcpy(pod->namespace, n, (size_t)(us1 - n));
				pod->namespace[us1 - n] = '\0';
			}
			if ((size_t)(us2 - us1 - 1) < sizeof(pod->name)) {
				memcpy(pod->name, us1 + 1,
				       (size_t)(us2 - us1 - 1));
				pod->name[us2 - us1 - 1] = '\0';
			}
			found = 1;
			break;
		}
		if (found &&
		    path_fmt(pod->logdir, sizeof(pod->logdir), "%s/%s",
			     rt->root[ROOT_POD_LOGS], de->d_name) < 0)
			pod->logdir[0] = '\0';
		closedir(d);
	}
	if (path_fmt(path, sizeof(path), "%s/%s", rt->root[ROOT_KUBELET_PODS],
		     uid) == 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		set_source(src, path, false);
		found = 1;
	} else if (found) {
		set_source(src, pod->logdir, false);
	}
	if (!found)
		return 0;
	pod_scan_containers(rt, pod, now_ms);
	if (pod->n_containers == 0 &&
	    path_fmt(path, sizeof(path), "%s/%s/containers",
		     rt->root[ROOT_KUBELET_PODS], uid) == 0) {
		/* <kubelet pods>/<uid>/containers/<name>/ (termination
		 * messages; kubelet_getters.go getPodContainerDir) */
		char save[PATH_MAX];
		bool names = pod->has_names;

		copy_str(save, sizeof(save), pod->logdir);
		copy_str(pod->logdir, sizeof(pod->logdir), path);
		pod->has_names = true;
		pod_scan_containers(rt, pod, now_ms);
		pod->has_names = names;
		copy_str(pod->logdir, sizeof(pod->logdir), save);
	}
	return 1;
}

/*
 * The container of @pod that has id @id: the kubelet links
 * <container logs>/<pod>_<namespace>_<container>-<id>.log, cut to 251
 * bytes + ".log" (kubernetes/kubernetes pkg/kubelet/kuberuntime/legacy.go
 * logSymlink). Failing that, the only container of the pod.
 */
static void pod_container(struct runtimes *rt, const struct pod_info *pod,
			  const char *id, struct runtime_info *info)
{
	char name[512], path[PATH_MAX];
	struct stat st;
	unsigned i;
	int n;

	if (pod->has_names && id && id[0] &&
	    pod->n_containers <= RUNTIME_POD_CONTAINERS_MAX) {
		for (i = 0; i < pod->n_containers; i++) {
			n = snprintf(name, sizeof(name), "%s_%s_%s-%s",
				     pod->name, pod->namespace,
				     pod->containers[i], id);
			if (n < 0 || (size_t)n >= sizeof(name))
				continue;
			if (n > 255 - 4)
				name[255 - 4] = '\0';
			if (path_fmt(path, sizeof(path), "%s/%s.log",
				     rt->root[ROOT_CONTAINER_LOGS], name) < 0)
				continue;
			if (lstat(path, &st) == 0) {
				copy_str(info->k8s_container,
					 sizeof(info->k8s_container),
					 pod->containers[i]);
				return;
			}
		}
	}
	if (pod->n_containers == 1)
		copy_str(info->k8s_container, sizeof(info->k8s_container),
			 pod->containers[0]);
}

/* ---- the cache --------------------------------------------------------- */

static uint32_t hash_key(enum entry_kind kind, const char *key)
{
	uint32_t h = 2166136261u ^ (uint32_t)kind;

	for (; *key; key++) {
		h ^= (unsigned char)*key;
		h *= 16777619u;
	}
	return h;
}

static void lru_unlink(struct entry *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
}

static void lru_push(struct runtimes *rt, struct entry *e)
{
	e->next = rt->lru.next;
	e->prev = &rt->lru;
	rt->lru.next->prev = e;
	rt->lru.next = e;
}

static struct entry *cache_find(struct runtimes *rt, enum entry_kind kind,
				const char *key)
{
	uint32_t h = hash_key(kind, key);
	struct entry *e;

	for (e = rt->buckets[h & (rt->nbuckets - 1)]; e; e = e->hnext)
		if (e->hash == h && e->kind == kind && !strcmp(e->key, key))
			return e;
	return NULL;
}

static void cache_drop(struct runtimes *rt, struct entry *e)
{
	struct entry **pp = &rt->buckets[e->hash & (rt->nbuckets - 1)];

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	lru_unlink(e);
	free(e->src);
	free(e);
	rt->stats.entries--;
}

/*
 * A new entry for @key at the head of the LRU list, evicting the least
 * recently used one when full. Returns NULL on -ENOMEM.
 */
static struct entry *cache_add(struct runtimes *rt, enum entry_kind kind,
			       const char *key)
{
	struct entry *e;
	size_t b;

	if (rt->stats.entries >= rt->max_entries &&
	    rt->lru.prev != &rt->lru) {
		cache_drop(rt, rt->lru.prev);
		rt->stats.evictions++;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->kind = kind;
	copy_str(e->key, sizeof(e->key), key);
	e->hash = hash_key(kind, e->key);
	b = e->hash & (rt->nbuckets - 1);
	e->hnext = rt->buckets[b];
	rt->buckets[b] = e;
	lru_push(rt, e);
	rt->stats.entries++;
	return e;
}

/* Record what validates a positive entry. */
static void entry_set_source(struct entry *e, const struct source *src,
			     int64_t now_ms)
{
	struct stat st;

	free(e->src);
	e->src = NULL;
	e->checked_ms = now_ms;
	if (!src->path[0])
		return;
	e->src = strdup(src->path);
	e->src_mtime = src->mtime;
	if (e->src && stat(e->src, &st) == 0)
		e->mtime = st.st_mtim;
}

/*
 * Is positive entry @e still good? At most every revalidate_ms one stat()
 * of its source: gone, or (for single-container files) changed, is stale.
 */
static bool entry_fresh(struct runtimes *rt, struct entry *e, int64_t now_ms)
{
	struct stat st;

	if (!rt->revalidate_ms || !e->src ||
	    now_ms - e->checked_ms < rt->revalidate_ms)
		return true;
	rt->stats.revalidations++;
	if (stat(e->src, &st) < 0)
		return false;
	if (e->src_mtime && (st.st_mtim.tv_sec != e->mtime.tv_sec ||
			     st.st_mtim.tv_nsec != e->mtime.tv_nsec))
		return false;
	e->checked_ms = now_ms;
	return true;
}

/* ---- lookup ------------------------------------------------------------ */

/* The order the runtimes are tried in, by the cgroup's hint. */
static const enum cgroup_runtime *try_order(enum cgroup_runtime hint)
{
	static const enum cgroup_runtime docker[] = {
		CGROUP_RUNTIME_DOCKER, CGROUP_RUNTIME_CONTAINERD,
		CGROUP_RUNTIME_CRIO, CGROUP_RUNTIME_PODMAN, CGROUP_RUNTIME_NONE
	};
	static const enum cgroup_runtime containerd[] = {
		CGROUP_RUNTIME_CONTAINERD, CGROUP_RUNTIME_CRIO,
		CGROUP_RUNTIME_DOCKER, CGROUP_RUNTIME_PODMAN, CGROUP_RUNTIME_NONE
	};
	static const enum cgroup_runtime crio[] = {
		CGROUP_RUNTIME_CRIO, CGROUP_RUNTIME_CONTAINERD,
		CGROUP_RUNTIME_DOCKER, CGROUP_RUNTIME_PODMAN, CGROUP_RUNTIME_NONE
	};
	static const enum cgroup_runtime podman[] = {
		CGROUP_RUNTIME_PODMAN, CGROUP_RUNTIME_DOCKER,
		CGROUP_RUNTIME_CONTAINERD, CGROUP_RUNTIME_CRIO,
		CGROUP_RUNTIME_NONE
	};
	static const enum cgroup_runtime nothing[] = { CGROUP_RUNTIME_NONE };

	switch (hint) {
	case CGROUP_RUNTIME_CONTAINERD:
		return containerd;
	case CGROUP_RUNTIME_CRIO:
		return crio;
	case CGROUP_RUNTIME_PODMAN:
		return podman;
	case CGROUP_RUNTIME_LXC:
	case CGROUP_RUNTIME_NSPAWN:
		/* no state of theirs holds more than the cgroup says */
		return nothing;
	default:
		/* Docker, ECS (the ECS agent runs Docker), unknown */
		return docker;
	}
}

/* Read the container's state from disk. Returns 1 found, 0 not found. */
static int container_resolve(struct runtimes *rt,
			     const struct cgroup_identity *cg,
			     struct runtime_info *info, struct source *src)
{
	const enum cgroup_runtime *order = try_order(cg->runtime);
	const char *id = cg->container_id;
	bool storage_done = false;
	int r = 0;

	for (; *order != CGROUP_RUNTIME_NONE && !r; order++) {
		memset(info, 0, sizeof(*info));
		src->path[0] = '\0';
		switch (*order) {
		case CGROUP_RUNTIME_DOCKER:
			r = docker_resolve(rt, id, info, src);
			break;
		case CGROUP_RUNTIME_CONTAINERD:
			r = containerd_resolve(rt, id, info, src);
			break;
		case CGROUP_RUNTIME_CRIO:
			r = crio_resolve(rt, id, info, src);
			break;
		case CGROUP_RUNTIME_PODMAN:
			r = podman_resolve(rt, id, cg, info, src);
			break;
		default:
			break;
		}
		/* after CRI-O's or podman's own turn: the stores they
		 * share (podman's containers; CRI-O's when its config.json
		 * is gone), once */
		if (!r && !storage_done && !cg->rootless &&
		    (*order == CGROUP_RUNTIME_CRIO ||
		     *order == CGROUP_RUNTIME_PODMAN)) {
			memset(info, 0, sizeof(*info));
			r = rootful_storage_resolve(rt, id, info, src);
			storage_done = true;
		}
		if (r < 0) {
			/* its runtime's file, unreadable: look no further */
			r = 0;
			break;
		}
	}
	if (!r)
		memset(info, 0, sizeof(*info));
	return r;
}

/* The cached pod of @uid, read from disk when unknown or expired. */
static const struct pod_info *pod_get(struct runtimes *rt, const char *uid,
				      int64_t now_ms)
{
	struct source src = { .path = "" };
	struct pod_info pod;
	struct entry *e;

	e = cache_find(rt, ENTRY_POD, uid);
	if (e && e->positive && !entry_fresh(rt, e, now_ms)) {
		cache_drop(rt, e);
		e = NULL;
	} else if (e && !e->positive && now_ms >= e->expires_ms) {
		cache_drop(rt, e);
		e = NULL;
	}
	if (e) {
		lru_unlink(e);
		lru_push(rt, e);
		if (!e->positive)
			return NULL;
		/* a container newer than the list: read the list again,
		 * at most once per negative ttl */
		if (now_ms - e->u.pod.scanned_ms >= rt->negative_ttl_ms)
			pod_scan_containers(rt, &e->u.pod, now_ms);
		return &e->u.pod;
	}
	memset(&pod, 0, sizeof(pod));
	if (!pod_resolve(rt, uid, &pod, &src, now_ms)) {
		e = cache_add(rt, ENTRY_POD, uid);
		if (e)
			e->expires_ms = now_ms + rt->negative_ttl_ms;
		return NULL;
	}
	e = cache_add(rt, ENTRY_POD, uid);
	if (!e)
		return NULL;
	e->positive = true;
	e->u.pod = pod;
	entry_set_source(e, &src, now_ms);
	return &e->u.pod;
}

/* Fill the pod fields the runtime state left empty from the kubelet. */
static void add_kubelet(struct runtimes *rt, const struct cgroup_identity *cg,
			int64_t now_ms, struct runtime_info *info)
{
	const struct pod_info *pod;

	if (!cg->pod_uid[0] || !valid_pod_uid(cg->pod_uid))
		return;
	if (info->pod_name[0] && info->pod_namespace[0] &&
	    (info->k8s_container[0] || !cg->container_id[0] ||
	     info->verified))
		return;
	pod = pod_get(rt, cg->pod_uid, now_ms);
	if (!pod)
		return;
	if (pod->has_names) {
		if (!info->pod_name[0])
			copy_str(info->pod_name, sizeof(info->pod_name),
				 pod->name);
		if (!info->pod_namespace[0])
			copy_str(info->pod_namespace,
				 sizeof(info->pod_namespace), pod->namespace);
	}
	if (!info->k8s_container[0] && cg->container_id[0] && !info->name[0])
		pod_container(rt, pod, cg->container_id, info);
}

int runtimes_lookup(struct runtimes *rt, const struct cgroup_identity *cg,
		    int64_t now_ms, struct runtime_info *ret_info)
{
	struct source src = { .path = "" };
	struct runtime_info info;
	const char *id;
	struct entry *e;
	int found;

	if (!rt || !cg || !ret_info)
		return -EINVAL;
	id = cg->container_id;
	if (!valid_path_name(id) &&
	    !(cg->pod_uid[0] && valid_pod_uid(cg->pod_uid))) {
		memset(ret_info, 0, sizeof(*ret_info));
		ret_info->runtime = cg->runtime;
		return 0;
	}
	rt->stats.lookups++;
	memset(&info, 0, sizeof(info));

	if (!valid_path_name(id)) {
		/* a process of the pod, in no container of it */
		add_kubelet(rt, cg, now_ms, &info);
		info.runtime = cg->runtime;
		*ret_info = info;
		return 0;
	}

	e = cache_find(rt, ENTRY_CONTAINER, id);
	if (e && e->positive && !entry_fresh(rt, e, now_ms)) {
		cache_drop(rt, e);
		e = NULL;
	} else if (e && !e->positive && now_ms >= e->expires_ms) {
		cache_drop(rt, e);
		e = NULL;
	}
	if (e) {
		rt->stats.hits++;
		if (!e->positive)
			rt->stats.misses_negative++;
		lru_unlink(e);
		lru_push(rt, e);
		*ret_info = e->u.info;
		return e->positive ? 1 : 0;
	}

	found = container_resolve(rt, cg, &info, &src);
	if (found)
		rt->stats.resolved++;
	else
		rt->stats.not_found++;
	add_kubelet(rt, cg, now_ms, &info);
	if (!found)
		info.runtime = cg->runtime;
	else if (info.runtime == CGROUP_RUNTIME_NONE)
		info.runtime = cg->runtime;

	e = cache_add(rt, ENTRY_CONTAINER, id);
	if (e) {
		e->positive = found;
		e->u.info = info;
		if (found)
			entry_set_source(e, &src, now_ms);
		else
			e->expires_ms = now_ms + rt->negative_ttl_ms;
	}
	*ret_info = info;
	return found ? 1 : 0;
}

void runtimes_forget(struct runtimes *rt, const char *container_id)
{
	struct entry *e;

	if (!rt || !container_id)
		return;
	e = cache_find(rt, ENTRY_CONTAINER, container_id);
	if (e)
		cache_drop(rt, e);
}

void runtimes_forget_pod(struct runtimes *rt, const char *pod_uid)
{
	struct entry *e;

	if (!rt || !pod_uid)
		return;
	e = cache_find(rt, ENTRY_POD, pod_uid);
	if (e)
		cache_drop(rt, e);
}

const struct runtime_stats *runtimes_get_stats(const struct runtimes *rt)
{
	return &rt->stats;
}

int runtimes_set_revalidate(struct runtimes *rt, int64_t interval_ms)
{
	if (!rt || interval_ms < 0)
		return -EINVAL;
	rt->revalidate_ms = interval_ms;
	return 0;
}

/* ---- life cycle ---------------------------------------------------------- */

int runtimes_new(const char *host_root, const struct runtime_roots *roots,
		 size_t max_entries, int64_t negative_ttl_ms,
		 struct runtimes **ret_rt)
{
	const char *given[ROOT_MAX] = { NULL };
	struct runtimes *rt;
	size_t hlen, nb;
	int i;

	if (!host_root || !host_root[0] || !ret_rt)
		return -EINVAL;
	if (roots) {
		given[ROOT_DOCKER] = roots->docker;
		given[ROOT_CONTAINERD] = roots->containerd;
		given[ROOT_CRIO] = roots->crio;
		given[ROOT_STORAGE] = roots->containers_storage;
		given[ROOT_KUBELET_PODS] = roots->kubelet_pods;
		given[ROOT_POD_LOGS] = roots->pod_logs;
		given[ROOT_CONTAINER_LOGS] = roots->container_logs;
		given[ROOT_USER_RUN] = roots->user_run;
		given[ROOT_PASSWD] = roots->passwd;
	}
	for (i = 0; i < ROOT_MAX; i++)
		if (given[i] && given[i][0] != '/')
			return -EINVAL;
	if (max_entries == 0)
		max_entries = RUNTIME_DEFAULT_MAX_ENTRIES;
	if (negative_ttl_ms < 0)
		negative_ttl_ms = RUNTIME_DEFAULT_NEGATIVE_TTL_MS;

	rt = calloc(1, sizeof(*rt));
	if (!rt)
		return -ENOMEM;
	rt->lru.next = rt->lru.prev = &rt->lru;
	rt->max_entries = max_entries;
	rt->negative_ttl_ms = negative_ttl_ms;
	rt->revalidate_ms = RUNTIME_DEFAULT_REVALIDATE_MS;
	for (nb = 16; nb < max_entries && nb < ((size_t)1 << 20); nb <<= 1)
		;
	rt->nbuckets = nb;
	rt->buckets = calloc(nb, sizeof(*rt->buckets));
	/* "/" and "/host/" both end up without a trailing '/' */
	hlen = strlen(host_root);
	while (hlen > 0 && host_root[hlen - 1] == '/')
		hlen--;
	rt->host_root = strndup(host_root, hlen);
	if (!rt->buckets || !rt->host_root)
		goto fail;
	for (i = 0; i < ROOT_MAX; i++) {
		const char *r = given[i] ? given[i] : default_roots[i];
		size_t len = hlen + strlen(r) + 1;

		if (len > PATH_MAX)
			goto fail;
		rt->root[i] = malloc(len);
		if (!rt->root[i])
			goto fail;
		memcpy(rt->root[i], rt->host_root, hlen);
		strcpy(rt->root[i] + hlen, r);
	}
	*ret_rt = rt;
	return 0;
fail:
	runtimes_free(rt);
	return -ENOMEM;
}

void runtimes_free(struct runtimes *rt)
{
	int i;

	if (!rt)
		return;
	if (rt->buckets)
		while (rt->lru.next != &rt->lru)
			cache_drop(rt, rt->lru.next);
	for (i = 0; i < ROOT_MAX; i++)
		free(rt->root[i]);
	free(rt->host_root);
	free(rt->buckets);
	free(rt);
}
