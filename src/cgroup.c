/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cgroup.c - derive a workload identity from cgroup paths.
 *
 * PURE: no I/O, no allocation, no logging. Everything works on a copy of
 * the path in the caller's struct and on a table of segment offsets on the
 * stack. The rules, with their sources, are in docs/cgroup-rules.md; this
 * file states the facts it relies on, in its own words.
 *
 * Which line wins (cgroup_classify): every line of /proc/PID/cgroup is
 * classified on its own and scored, highest first by
 *   1. it names a container,
 *   2. it names a Kubernetes pod,
 *   3. its hierarchy: name=systemd and the v2 line "0::" before any
 *      other v1 controller (systemd reads "0::" on v2 and hybrid hosts
 *      and name=systemd on legacy v1 hosts, where "0::" stays "/"),
 *   4. it names a systemd unit;
 * ties go to the earlier line. The whole identity, and its @path, come
 * from the winning line: fields are never mixed from two lines.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cgroup.h"

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))
#define STRLEN(s) (sizeof(s) - 1)

/* A path of CGROUP_PATH_MAX - 1 bytes has at most this many segments. */
#define SEGMENTS_MAX (CGROUP_PATH_MAX / 2)

#define DELETED_SUFFIX " (deleted)"

/*
 * The production pattern table. One row per way a runtime names the
 * cgroup of a container. The innermost (right-most) segment matching any
 * row is the container. Ids are validated by kind, so runtime helpers
 * whose names share a prefix ("libpod-conmon-<id>.scope",
 * "crio-conmon-<id>.scope") and the runtimes' own services never match.
 */
const struct cgroup_layout cgroup_layouts[] = {
	/* Docker, systemd cgroup driver: runc's systemd driver names the
	 * scope "<prefix>-<name>.scope" from cgroupsPath
	 * "system.slice:docker:<id>" (moby daemon/oci_linux.go,
	 * opencontainers/runc libcontainer/cgroups/systemd/common.go);
	 * also cri-dockerd pods (falcosecurity/libs cri.cpp). */
	{ "docker-", ".scope", CGROUP_RUNTIME_DOCKER, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, 0 },
	/* Docker, cgroupfs driver: /docker/<id>; also the old
	 * /system.slice/docker/<id>, Docker-in-Docker /docker/<a>/docker/<b>
	 * (moby daemon/oci_linux.go cgroup parent "/docker"). */
	{ "", "", CGROUP_RUNTIME_DOCKER, CGROUP_ID_HEX64,
	  CGROUP_PARENT_NAMED, "docker", 0 },
	/* containerd CRI plugin, systemd driver: cri-containerd-<id>.scope
	 * (containerd internal/cri sandbox/container cgroupsPath
	 * "<pod slice>:cri-containerd:<id>"; falcosecurity/libs cri.cpp). */
	{ "cri-containerd-", ".scope", CGROUP_RUNTIME_CONTAINERD,
	  CGROUP_ID_HEX64, CGROUP_PARENT_ANY, NULL, 0 },
	/* containerd CRI plugin, kubelet systemd driver but runc cgroupfs
	 * (SystemdCgroup = false): the raw cgroupsPath
	 * "kubepods-<qos>-pod<uid>.slice:cri-containerd:<id>" becomes one
	 * directory (falcosecurity/libs cri.cpp, "containerd without
	 * SystemdCgroup = true"). */
	{ ":cri-containerd:", "", CGROUP_RUNTIME_CONTAINERD, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, CGROUP_LAYOUT_INFIX },
	/* CRI-O, systemd driver: crio-<id>.scope (cri-o
	 * internal/config/cgmgr/systemd.go, "crio" scope prefix);
	 * its conmon lives in crio-conmon-<id>.scope, not hex. */
	{ "crio-", ".scope", CGROUP_RUNTIME_CRIO, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, 0 },
	/* CRI-O, cgroupfs driver: <pod cgroup>/crio-<id>
	 * (cri-o internal/config/cgmgr/cgroupfs.go). */
	{ "crio-", "", CGROUP_RUNTIME_CRIO, CGROUP_ID_HEX64,
	  CGROUP_PARENT_POD, NULL, 0 },
	/* Kubernetes, cgroupfs driver, runtime not named: <pod>/<id>
	 * (kubernetes pkg/kubelet/cm/pod_container_manager_linux.go;
	 * containerd and dockershim both use the bare id). */
	{ "", "", CGROUP_RUNTIME_NONE, CGROUP_ID_HEX64,
	  CGROUP_PARENT_POD, NULL, 0 },
	/* Docker-era kubelet without QoS cgroups: /kubepods/<id>. */
	{ "", "", CGROUP_RUNTIME_NONE, CGROUP_ID_HEX64,
	  CGROUP_PARENT_NAMED, "kubepods", 0 },
	/* Podman rootful and rootless, systemd cgroup manager:
	 * libpod-<id>.scope, the payload sometimes in .../container
	 * (containers/podman libpod/runtime_ctr.go, crun's systemd
	 * subgroup; falcosecurity/libs podman.cpp). */
	{ "libpod-", ".scope", CGROUP_RUNTIME_PODMAN, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, 0 },
	/* Podman, cgroupfs cgroup manager: /libpod_parent/libpod-<id>
	 * (containers/podman libpod, CgroupfsDefaultCgroupParent;
	 * falcosecurity/libs podman.cpp "non-systemd podman"). */
	{ "libpod-", "", CGROUP_RUNTIME_PODMAN, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, 0 },
	/* Podman --cgroups=split (e.g. cephadm units):
	 * <unit>/libpod-payload-<id>[.scope] (falcosecurity/plugins
	 * plugins/container/test/matchers.cpp). */
	{ "libpod-payload-", ".scope", CGROUP_RUNTIME_PODMAN, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, 0 },
	{ "libpod-payload-", "", CGROUP_RUNTIME_PODMAN, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, 0 },
	/* nerdctl, systemd cgroup manager: cgroupsPath
	 * "system.slice:nerdctl:<id>" or "user.slice:nerdctl:<id>" when
	 * rootless (containerd/nerdctl run_cgroup_linux.go,
	 * generateCgroupPath). */
	{ "nerdctl-", ".scope", CGROUP_RUNTIME_CONTAINERD, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, 0 },
	/* containerd without CRI (ctr, nerdctl with cgroupfs): the default
	 * cgroup path is /<namespace>/<id>, namespace "default"
	 * (containerd pkg/namespaces, falcosecurity/libs containerd.cpp). */
	{ "", "", CGROUP_RUNTIME_CONTAINERD, CGROUP_ID_HEX64,
	  CGROUP_PARENT_NAMED, "default", 0 },
	/* AWS ECS on cgroup v1: /ecs/<task id>/<container id>
	 * (aws/amazon-ecs-agent, task cgroup root "/ecs"). */
	{ "", "", CGROUP_RUNTIME_ECS, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ECS_TASK, NULL, 0 },
	/* LXC up to 3.x and LXD of that age: /lxc/<name>
	 * (lxc/lxc src/lxc/cgroups/cgfsng.c, lxc.cgroup.pattern default). */
	{ "", "", CGROUP_RUNTIME_LXC, CGROUP_ID_NAME,
	  CGROUP_PARENT_NAMED, "lxc", 0 },
	/* LXC 4+, LXD and Incus: lxc.payload.<name>; the monitor lives in
	 * lxc.monitor.<name> (lxc/lxc src/lxc/cgroups/cgroup.h,
	 * DEFAULT_PAYLOAD_CGROUP_PREFIX; LXC 4.0 release notes). */
	{ "lxc.payload.", "", CGROUP_RUNTIME_LXC, CGROUP_ID_NAME,
	  CGROUP_PARENT_ANY, NULL, 0 },
	/* LXC 3.x: lxc.payload/<name> (lxc/lxc src/lxc/cgroups/cgroup.h,
	 * DEFAULT_PAYLOAD_CGROUP). */
	{ "", "", CGROUP_RUNTIME_LXC, CGROUP_ID_NAME,
	  CGROUP_PARENT_NAMED, "lxc.payload", 0 },
	/* systemd-nspawn registered with machined: scope
	 * machine-<escaped name>.scope in machine.slice (systemd
	 * src/machine/machine.c; src/nspawn/nspawn-register.c); nspawn's
	 * own cgroup is <unit>/supervisor (src/nspawn/nspawn-cgroup.c). */
	{ "machine-", ".scope", CGROUP_RUNTIME_NSPAWN, CGROUP_ID_MACHINE,
	  CGROUP_PARENT_NAMED, "machine.slice", CGROUP_LAYOUT_NO_SUPERVISOR },
	/* machinectl start: systemd-nspawn@<escaped name>.service with
	 * --keep-unit, payload in .../payload (systemd
	 * units/systemd-nspawn@.service.in, src/nspawn/nspawn-cgroup.c). */
	{ "systemd-nspawn@", ".service", CGROUP_RUNTIME_NSPAWN,
	  CGROUP_ID_MACHINE, CGROUP_PARENT_NAMED, "machine.slice",
	  CGROUP_LAYOUT_NO_SUPERVISOR },
	{ NULL, NULL, CGROUP_RUNTIME_NONE, CGROUP_ID_HEX64,
	  CGROUP_PARENT_ANY, NULL, 0 }
};

static const char *const runtime_table[CGROUP_RUNTIME_MAX] = {
	[CGROUP_RUNTIME_DOCKER] = "docker",
	[CGROUP_RUNTIME_CONTAINERD] = "containerd",
	[CGROUP_RUNTIME_CRIO] = "crio",
	[CGROUP_RUNTIME_PODMAN] = "podman",
	[CGROUP_RUNTIME_LXC] = "lxc",
	[CGROUP_RUNTIME_NSPAWN] = "nspawn",
	[CGROUP_RUNTIME_ECS] = "ecs",
};

static const char *const qos_table[CGROUP_QOS_MAX] = {
	[CGROUP_QOS_GUARANTEED] = "guaranteed",
	[CGROUP_QOS_BURSTABLE] = "burstable",
	[CGROUP_QOS_BESTEFFORT] = "besteffort",
};

static const char *const id_kind_table[CGROUP_ID_KIND_MAX] = {
	[CGROUP_ID_HEX64] = "hex64",
	[CGROUP_ID_NAME] = "name",
	[CGROUP_ID_MACHINE] = "machine",
};

static const char *const parent_table[CGROUP_PARENT_MAX] = {
	[CGROUP_PARENT_ANY] = "any",
	[CGROUP_PARENT_NAMED] = "named",
	[CGROUP_PARENT_POD] = "pod",
	[CGROUP_PARENT_ECS_TASK] = "ecs-task",
};

const char *cgroup_runtime_to_string(enum cgroup_runtime r)
{
	if ((unsigned)r >= CGROUP_RUNTIME_MAX)
		return NULL;
	return runtime_table[r];
}

const char *cgroup_qos_to_string(enum cgroup_qos q)
{
	if ((unsigned)q >= CGROUP_QOS_MAX)
		return NULL;
	return qos_table[q];
}

const char *cgroup_id_kind_to_string(enum cgroup_id_kind k)
{
	if ((unsigned)k >= CGROUP_ID_KIND_MAX)
		return NULL;
	return id_kind_table[k];
}

const char *cgroup_parent_to_string(enum cgroup_parent p)
{
	if ((unsigned)p >= CGROUP_PARENT_MAX)
		return NULL;
	return parent_table[p];
}

/* ---- small string helpers (locale independent) ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_lower_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f');
}

static int hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool has_prefix(const char *s, size_t n, const char *prefix)
{
	size_t l = strlen(prefix);

	return n >= l && memcmp(s, prefix, l) == 0;
}

static bool has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);

	return n >= l && memcmp(s + n - l, suffix, l) == 0;
}

static bool mem_eq(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && memcmp(s, lit, n) == 0;
}

static bool all_lower_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_lower_hex(s[i]))
			return false;
	return true;
}

/* Copy @n bytes and a NUL into @dst of @size; false if it does not fit. */
static bool copy_out(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

/*
 * Decimal uid as systemd's parse_uid() takes it: digits only, fits 32
 * bits, and not one of the two invalid values (uid_t)-1 and the 16 bit
 * (uid_t)65535.
 */
static bool parse_uid(const char *s, size_t n, uint32_t *ret)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 10)
		return false;
	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v >= UINT32_MAX || v == 0xFFFF)
		return false;
	*ret = (uint32_t)v;
	return true;
}

/* ---- path segments ---- */

struct segments {
	const char *base;
	size_t n;
	uint16_t off[SEGMENTS_MAX];
	uint16_t len[SEGMENTS_MAX];
};

#define SEG(sg, i) ((sg)->base + (sg)->off[i])

/* Split NUL-terminated @path at '/' runs, as systemd walks a path. */
static void split_segments(const char *path, struct segments *sg)
{
	const char *p = path;

	sg->base = path;
	sg->n = 0;
	for (;;) {
		size_t n;

		p += strspn(p, "/");
		if (*p == '\0' || sg->n >= SEGMENTS_MAX)
			return;
		n = strcspn(p, "/");
		sg->off[sg->n] = (uint16_t)(p - path);
		sg->len[sg->n] = (uint16_t)n;
		sg->n++;
		p += n;
	}
}

static bool seg_is(const struct segments *sg, size_t i, const char *lit)
{
	return i < sg->n && mem_eq(SEG(sg, i), sg->len[i], lit);
}

/* ---- systemd unit names ---- */

enum {
	UNIT_PLAIN = 1 << 0,	/* foo.service */
	UNIT_INSTANCE = 1 << 1,	/* foo@bar.service */
};

/* Unit types systemd knows (systemd src/basic/unit-def.c). */
static bool unit_type_valid(const char *s, size_t n)
{
	static const char *const types[] = {
		"service", "socket", "target", "device", "mount",
		"automount", "swap", "timer", "path", "slice", "scope",
	};
	size_t i;

	for (i = 0; i < ELEMENTSOF(types); i++)
		if (mem_eq(s, n, types[i]))
			return true;
	return false;
}

/*
 * The facts of systemd's unit_name_is_valid(): shorter than 256 bytes;
 * the text after the last '.' is a unit type; before it only letters,
 * digits and ":-_.\" plus '@'; the first '@' is not the first byte.
 * Plain names have no '@'; instances have a non-empty text between the
 * first '@' and the last '.'. Templates ("foo@.service") are neither.
 */
static bool unit_name_valid(const char *s, size_t n, unsigned flags)
{
	const char *dot = NULL, *at = NULL, *p;
	size_t i;

	if (n == 0 || n >= CGROUP_UNIT_MAX)
		return false;
	for (i = n; i > 0; i--)
		if (s[i - 1] == '.') {
			dot = s + i - 1;
			break;
		}
	if (!dot || dot == s)
		return false;
	if (!unit_type_valid(dot + 1, (size_t)(s + n - dot - 1)))
		return false;

	for (p = s; p < dot; p++) {
		if (*p == '@') {
			if (!at)
				at = p;
			continue;
		}
		if (!is_alnum(*p) && *p != ':' && *p != '-' && *p != '_' &&
		    *p != '.' && *p != '\\')
			return false;
	}
	if (at == s)
		return false;
	if ((flags & UNIT_PLAIN) && !at)
		return true;
	if ((flags & UNIT_INSTANCE) && at && dot > at + 1)
		return true;
	return false;
}

/* systemd prefixes cgroup names that could clash with kernel files with
 * one '_' (cg_escape); reading back drops it. */
static void cg_unescape(const char **s, size_t *n)
{
	if (*n > 0 && (*s)[0] == '_') {
		(*s)++;
		(*n)--;
	}
}

static bool slice_segment(const struct segments *sg, size_t i)
{
	const char *s = SEG(sg, i);
	size_t n = sg->len[i];

	if (n < STRLEN("x.slice") || !has_suffix(s, n, ".slice"))
		return false;
	cg_unescape(&s, &n);
	return unit_name_valid(s, n, UNIT_PLAIN);
}

static size_t skip_slices(const struct segments *sg, size_t i)
{
	while (i < sg->n && slice_segment(sg, i))
		i++;
	return i;
}

/* Segment @i as a unit name (plain or instance), unescaped. */
static bool decode_unit(const struct segments *sg, size_t i,
			const char **ret, size_t *ret_n)
{
	const char *s;
	size_t n;

	if (i >= sg->n || sg->len[i] < 3)
		return false;
	s = SEG(sg, i);
	n = sg->len[i];
	cg_unescape(&s, &n);
	if (!unit_name_valid(s, n, UNIT_PLAIN | UNIT_INSTANCE))
		return false;
	*ret = s;
	*ret_n = n;
	return true;
}

/* cg_path_get_unit(): skip slices, then the first valid non-slice unit. */
static bool get_unit(const struct segments *sg, size_t from,
		     const char **ret, size_t *ret_n)
{
	const char *s;
	size_t n;

	if (!decode_unit(sg, skip_slices(sg, from), &s, &n))
		return false;
	if (has_suffix(s, n, ".slice"))
		return false;
	*ret = s;
	*ret_n = n;
	return true;
}

/* cg_path_get_slice(): the right-most slice before the first non-slice.
 * systemd says "-.slice" when there is none; we say nothing. */
static bool get_slice(const struct segments *sg, size_t from,
		      const char **ret, size_t *ret_n)
{
	size_t i = skip_slices(sg, from);

	if (i == from)
		return false;
	return decode_unit(sg, i - 1, ret, ret_n);
}

/* logind session ids: non-empty, letters and digits only. */
static bool session_id_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!is_alnum(s[i]))
			return false;
	return true;
}

/* "session-<id>.scope" with a valid id; @ret gets the id. */
static bool session_scope(const char *s, size_t n, const char **ret,
			  size_t *ret_n)
{
	if (n < STRLEN("session-x.scope") || !has_prefix(s, n, "session-") ||
	    !has_suffix(s, n, ".scope"))
		return false;
	s += STRLEN("session-");
	n -= STRLEN("session-") + STRLEN(".scope");
	if (!session_id_valid(s, n))
		return false;
	if (ret) {
		*ret = s;
		*ret_n = n;
	}
	return true;
}

/* "user@<uid>.service" with a valid uid. */
static bool user_manager(const char *s, size_t n, uint32_t *ret_uid)
{
	uint32_t uid;

	if (n < STRLEN("user@x.service") || !has_prefix(s, n, "user@") ||
	    !has_suffix(s, n, ".service"))
		return false;
	if (!parse_uid(s + STRLEN("user@"),
		       n - STRLEN("user@") - STRLEN(".service"), &uid))
		return false;
	if (ret_uid)
		*ret_uid = uid;
	return true;
}

/* "user-<uid>.slice" with a valid uid. */
static bool user_slice_name(const char *s, size_t n, uint32_t *ret_uid)
{
	uint32_t uid;

	if (!has_prefix(s, n, "user-") || !has_suffix(s, n, ".slice"))
		return false;
	if (n < STRLEN("user-.slice") + 1)
		return false;
	if (!parse_uid(s + STRLEN("user-"),
		       n - STRLEN("user-") - STRLEN(".slice"), &uid))
		return false;
	if (ret_uid)
		*ret_uid = uid;
	return true;
}

/*
 * skip_user_prefix(): after the leading slices there must be a user
 * manager or a session scope; the user's units start after it. Returns
 * the index after it, or 0 when there is none (index 0 can never be the
 * answer: the prefix takes one segment).
 */
static size_t user_prefix_end(const struct segments *sg)
{
	size_t i = skip_slices(sg, 0);

	if (i >= sg->n)
		return 0;
	if (user_manager(SEG(sg, i), sg->len[i], NULL) ||
	    session_scope(SEG(sg, i), sg->len[i], NULL, NULL))
		return i + 1;
	return 0;
}

/* Fill the systemd fields, with the meanings of sd_pid_get_*(). */
static void classify_systemd(const struct segments *sg,
			     struct cgroup_identity *id)
{
	const char *s, *sess;
	size_t n, sess_n, u;

	if (get_unit(sg, 0, &s, &n)) {
		(void)copy_out(id->unit, sizeof(id->unit), s, n);
		/* cg_path_get_session(): the unit is session-<id>.scope */
		if (session_scope(s, n, &sess, &sess_n))
			(void)copy_out(id->session, sizeof(id->session),
				       sess, sess_n);
	}
	if (get_slice(sg, 0, &s, &n)) {
		(void)copy_out(id->slice, sizeof(id->slice), s, n);
		/* cg_path_get_owner_uid(): the slice is user-<uid>.slice */
		if (user_slice_name(s, n, &id->owner_uid))
			id->has_owner_uid = true;
	}
	u = user_prefix_end(sg);
	if (u > 0) {
		if (get_unit(sg, u, &s, &n))
			(void)copy_out(id->user_unit, sizeof(id->user_unit),
				       s, n);
		if (get_slice(sg, u, &s, &n))
			(void)copy_out(id->user_slice,
				       sizeof(id->user_slice), s, n);
	}
}

/* ---- Kubernetes ---- */

struct pod {
	char uid[CGROUP_POD_UID_MAX];
	enum cgroup_qos qos;
};

/*
 * A pod UID as the kubelet writes it into a cgroup name: a lowercase
 * UUID whose dashes are @sep ('-' for cgroupfs, '_' for the systemd
 * driver, which maps '-' to '_'), or the 32 hex md5 the kubelet gives
 * static pods. Reported in the dashed 8-4-4-4-12 form.
 */
static bool parse_pod_uid(const char *s, size_t n, char sep, char *ret)
{
	static const size_t dash[] = { 8, 13, 18, 23 };
	size_t i, j, o;

	if (n == 36) {
		for (i = 0, j = 0; i < n; i++) {
			if (j < ELEMENTSOF(dash) && i == dash[j]) {
				if (s[i] != sep)
					return false;
				j++;
			} else if (!is_lower_hex(s[i]))
				return false;
		}
		for (i = 0; i < n; i++)
			ret[i] = s[i] == sep ? '-' : s[i];
		ret[n] = '\0';
		return true;
	}
	if (n == 32 && all_lower_hex(s, n)) {
		for (i = 0, j = 0, o = 0; i < n; i++) {
			if (j < ELEMENTSOF(dash) && o == dash[j]) {
				ret[o++] = '-';
				j++;
			}
			ret[o++] = s[i];
		}
		ret[o] = '\0';
		return true;
	}
	return false;
}

/* "burstable", "besteffort" as QoS cgroup names; guaranteed has none. */
static enum cgroup_qos qos_from_name(const char *s, size_t n)
{
	if (mem_eq(s, n, "burstable"))
		return CGROUP_QOS_BURSTABLE;
	if (mem_eq(s, n, "besteffort"))
		return CGROUP_QOS_BESTEFFORT;
	return CGROUP_QOS_NONE;
}

/*
 * cgroupfs driver: <root>/kubepods[/burstable|/besteffort]/pod<uid>,
 * where <root> is the kubelet's --cgroup-root (default "/").
 * Is segment @i such a pod?
 */
static bool pod_cgroupfs(const struct segments *sg, size_t i, struct pod *ret)
{
	const char *s = SEG(sg, i);
	size_t n = sg->len[i];
	enum cgroup_qos qos;

	if (i < 1 || !has_prefix(s, n, "pod"))
		return false;
	if (seg_is(sg, i - 1, "kubepods"))
		qos = CGROUP_QOS_GUARANTEED;
	else if (i >= 2 && seg_is(sg, i - 2, "kubepods"))
		qos = qos_from_name(SEG(sg, i - 1), sg->len[i - 1]);
	else
		return false;
	if (qos == CGROUP_QOS_NONE)
		return false;
	if (!parse_pod_uid(s + 3, n - 3, '-', ret->uid))
		return false;
	ret->qos = qos;
	return true;
}

/*
 * systemd driver: the kubelet joins the cgroupfs names with '-' into one
 * slice name, "[<root>-]kubepods[-burstable|-besteffort]-pod<uid_>.slice"
 * (kubernetes pkg/kubelet/cm/cgroup_manager_linux.go ToSystemd()).
 * @s/@n is that name. On success *ret_parent_n is the length of the name
 * of the slice it must sit in, without ".slice".
 */
static bool pod_slice_name(const char *s, size_t n, struct pod *ret,
			   size_t *ret_parent_n)
{
	const char *body = s, *dash = NULL;
	size_t bn, i, pn, kn;
	enum cgroup_qos qos = CGROUP_QOS_GUARANTEED;

	if (!has_suffix(s, n, ".slice"))
		return false;
	bn = n - STRLEN(".slice");
	for (i = bn; i > 0; i--)
		if (body[i - 1] == '-') {
			dash = body + i - 1;
			break;
		}
	if (!dash || !has_prefix(dash + 1, (size_t)(body + bn - dash - 1),
				 "pod"))
		return false;
	if (!parse_pod_uid(dash + 4, (size_t)(body + bn - dash - 4), '_',
			   ret->uid))
		return false;

	/* parent body: "...kubepods" or "...kubepods-<qos>" */
	pn = (size_t)(dash - body);
	kn = pn;
	if (has_suffix(body, pn, "-burstable")) {
		qos = CGROUP_QOS_BURSTABLE;
		kn = pn - STRLEN("-burstable");
	} else if (has_suffix(body, pn, "-besteffort")) {
		qos = CGROUP_QOS_BESTEFFORT;
		kn = pn - STRLEN("-besteffort");
	}
	if (!has_suffix(body, kn, "kubepods"))
		return false;
	if (kn > STRLEN("kubepods") && body[kn - STRLEN("kubepods") - 1] != '-')
		return false;
	ret->qos = qos;
	*ret_parent_n = pn;
	return true;
}

/* Is segment @i a systemd-driver pod slice sitting in its parent slice? */
static bool pod_systemd(const struct segments *sg, size_t i, struct pod *ret)
{
	const char *s = SEG(sg, i), *p;
	size_t n = sg->len[i], pn;

	if (i < 1 || !pod_slice_name(s, n, ret, &pn))
		return false;
	/* systemd only creates a-b.slice inside a.slice */
	p = SEG(sg, i - 1);
	return sg->len[i - 1] == pn + STRLEN(".slice") &&
	       memcmp(p, s, pn) == 0 && has_suffix(p, sg->len[i - 1], ".slice");
}

static bool pod_segment(const struct segments *sg, size_t i, struct pod *ret)
{
	return pod_cgroupfs(sg, i, ret) || pod_systemd(sg, i, ret);
}

/* ---- containers ---- */

/* LXC/Incus names: what lxc-create and incus accept, within our buffer. */
static bool lxc_name_valid(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n >= CGROUP_ID_MAX || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '.' && s[i] != '_' &&
		    s[i] != '-' && s[i] != '+')
			return false;
	return true;
}

/* libvirt registers its guests with machined as "qemu-<n>-<name>" and
 * "lxc-<pid>-<name>" (libvirt src/util/virsystemd.c); not nspawn. */
static bool libvirt_machine(const char *s)
{
	const char *p;

	if (strncmp(s, "qemu-", 5) == 0)
		p = s + 5;
	else if (strncmp(s, "lxc-", 4) == 0)
		p = s + 4;
	else
		return false;
	if (!is_digit(*p))
		return false;
	while (is_digit(*p))
		p++;
	return *p == '-';
}

/*
 * Unescape a machine name escaped by systemd's unit_name_escape() ("-"
 * became "\x2d"; a raw '-' would stand for '/', never valid in a machine
 * name). The result must be a hostname-like name (systemd's
 * machine_name_is_valid(): letters, digits, '-', '.', '_'; at most 64).
 */
static bool unescape_machine(const char *s, size_t n, char *ret, size_t size)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\') {
			int hi, lo;

			if (n - i < 4 || s[i + 1] != 'x')
				return false;
			hi = hex_value(s[i + 2]);
			lo = hex_value(s[i + 3]);
			if (hi < 0 || lo < 0)
				return false;
			c = (char)(hi * 16 + lo);
			i += 3;
			if (!is_alnum(c) && c != '-' && c != '.' && c != '_')
				return false;
		} else if (!is_alnum(c) && c != '.' && c != '_')
			return false;
		if (o + 1 >= size || o >= 64)
			return false;
		ret[o++] = c;
	}
	if (o == 0)
		return false;
	ret[o] = '\0';
	return !libvirt_machine(ret);
}

/* Validate the id text @s/@n of kind @kind and store it in @ret. */
static bool take_id(enum cgroup_id_kind kind, const char *s, size_t n,
		    char *ret, size_t size)
{
	switch (kind) {
	case CGROUP_ID_HEX64:
		return n == 64 && all_lower_hex(s, n) &&
		       copy_out(ret, size, s, n);
	case CGROUP_ID_NAME:
		return lxc_name_valid(s, n) && copy_out(ret, size, s, n);
	case CGROUP_ID_MACHINE:
		return unescape_machine(s, n, ret, size);
	default:
		return false;
	}
}

/* ECS task ids: 32 hex (new ARN format) or a lowercase UUID. */
static bool ecs_task_id(const char *s, size_t n)
{
	char tmp[CGROUP_POD_UID_MAX];

	return (n == 32 && all_lower_hex(s, n)) ||
	       (n == 36 && parse_pod_uid(s, n, '-', tmp));
}

static bool parent_ok(const struct cgroup_layout *l,
		      const struct segments *sg, size_t i)
{
	struct pod pod;

	switch (l->parent_kind) {
	case CGROUP_PARENT_ANY:
		return true;
	case CGROUP_PARENT_NAMED:
		return i >= 1 && seg_is(sg, i - 1, l->parent);
	case CGROUP_PARENT_POD:
		return i >= 1 && pod_segment(sg, i - 1, &pod);
	case CGROUP_PARENT_ECS_TASK:
		return i >= 2 && seg_is(sg, i - 2, "ecs") &&
		       ecs_task_id(SEG(sg, i - 1), sg->len[i - 1]);
	default:
		return false;
	}
}

/*
 * Does segment @i match layout @l? On success the id is in @ret_id and,
 * for an INFIX row whose left part is a pod slice, the pod in @ret_pod
 * (*ret_has_pod set).
 */
static bool layout_match(const struct cgroup_layout *l,
			 const struct segments *sg, size_t i, char *ret_id,
			 size_t size, struct pod *ret_pod, bool *ret_has_pod)
{
	const char *s = SEG(sg, i), *id;
	size_t n = sg->len[i], pl = strlen(l->prefix), sl = strlen(l->suffix);
	size_t idn, parent_n;

	*ret_has_pod = false;
	if (!parent_ok(l, sg, i))
		return false;
	if ((l->flags & CGROUP_LAYOUT_NO_SUPERVISOR) &&
	    seg_is(sg, i + 1, "supervisor"))
		return false;
	if (!has_suffix(s, n, l->suffix))
		return false;
	n -= sl;

	if (l->flags & CGROUP_LAYOUT_INFIX) {
		const char *hit = NULL;
		size_t k;

		if (pl == 0)
			return false;
		for (k = 0; k + pl <= n; k++)
			if (memcmp(s + k, l->prefix, pl) == 0) {
				hit = s + k;
				break;
			}
		if (!hit)
			return false;
		/* the left part is the slice the runtime was given */
		if (!unit_name_valid(s, k, UNIT_PLAIN) ||
		    !has_suffix(s, k, ".slice"))
			return false;
		id = hit + pl;
		idn = n - k - pl;
		if (!take_id(l->id_kind, id, idn, ret_id, size))
			return false;
		if (pod_slice_name(s, k, ret_pod, &parent_n))
			*ret_has_pod = true;
		return true;
	}

	if (n < pl || memcmp(s, l->prefix, pl) != 0)
		return false;
	return take_id(l->id_kind, s + pl, n - pl, ret_id, size);
}

/* ---- one path ---- */

struct analysis {
	bool delegated;		/* path enters a user's subtree */
	size_t delegated_at;	/* index of user-UID.slice/user@UID.service */
	bool container;
	size_t container_at;	/* innermost container */
	size_t outer_container_at;	/* outermost container */
};

/*
 * Classify the NUL-terminated id->path into the rest of @id.
 *
 * Containers: the innermost segment that matches a layout row.
 * Pods: the innermost pod cgroup, kept only if it is not inside the
 * container's parent (a kind node's pod with no container of its own
 * does not belong to the node container) and not in a delegated subtree.
 * Delegation: everything below the first user-UID.slice or
 * user@UID.service is the user's; a container there is rootless.
 */
static void classify_segments(struct cgroup_identity *id,
			      struct analysis *an)
{
	struct segments sg;
	struct pod pod, best_pod;
	bool has_pod = false;
	size_t i, pod_at = 0;

	memset(an, 0, sizeof(*an));
	split_segments(id->path, &sg);
	classify_systemd(&sg, id);

	for (i = 0; i < sg.n; i++) {
		if (user_slice_name(SEG(&sg, i), sg.len[i], NULL) ||
		    user_manager(SEG(&sg, i), sg.len[i], NULL)) {
			an->delegated = true;
			an->delegated_at = i;
			break;
		}
	}

	for (i = 0; i < sg.n; i++) {
		const struct cgroup_layout *l;

		if (pod_segment(&sg, i, &pod)) {
			best_pod = pod;
			has_pod = true;
			pod_at = i;
		}
		for (l = cgroup_layouts; l->prefix; l++) {
			char cid[CGROUP_ID_MAX];
			bool infix_pod;

			if (!layout_match(l, &sg, i, cid, sizeof(cid), &pod,
					  &infix_pod))
				continue;
			memcpy(id->container_id, cid, strlen(cid) + 1);
			id->runtime = l->runtime;
			if (!an->container)
				an->outer_container_at = i;
			an->container = true;
			an->container_at = i;
			if (infix_pod) {
				best_pod = pod;
				has_pod = true;
				pod_at = i;
			}
			break;
		}
	}

	if (has_pod && an->container && pod_at > an->container_at)
		has_pod = false;
	if (has_pod && an->delegated && pod_at > an->delegated_at)
		has_pod = false;
	if (has_pod) {
		memcpy(id->pod_uid, best_pod.uid, sizeof(id->pod_uid));
		id->qos = best_pod.qos;
	}
	if (an->container && an->delegated &&
	    an->container_at > an->delegated_at)
		id->rootless = true;
}

/* Length of @path once a trailing " (deleted)" is gone. */
static size_t strip_deleted(const char *path, size_t len)
{
	if (has_suffix(path, len, DELETED_SUFFIX))
		return len - STRLEN(DELETED_SUFFIX);
	return len;
}

/*
 * Shared by both entry points: validate, copy into @id (zeroed) and
 * classify. With @truncate, a path too long is cut at the last '/' that
 * fits instead of failing.
 */
static int classify_path(const char *path, size_t len, bool truncate,
			 struct cgroup_identity *id, struct analysis *an)
{
	bool cut = false;

	if (len == 0 || path[0] != '/')
		return -EINVAL;
	if (memchr(path, '\0', len))
		return -EINVAL;
	len = strip_deleted(path, len);
	if (len > CGROUP_PATH_MAX - 1) {
		if (!truncate)
			return -ENAMETOOLONG;
		len = CGROUP_PATH_MAX - 1;
		while (len > 1 && path[len] != '/')
			len--;
		cut = true;
	}

	memset(id, 0, sizeof(*id));
	memcpy(id->path, path, len);
	id->path[len] = '\0';
	id->truncated = cut;
	classify_segments(id, an);
	return 0;
}

int cgroup_classify_path(const char *path, size_t len,
			 struct cgroup_identity *ret_id)
{
	struct cgroup_identity id;
	struct analysis an;
	int r;

	if (!path || !ret_id)
		return -EINVAL;
	r = classify_path(path, len, false, &id, &an);
	if (r < 0)
		return r;
	*ret_id = id;
	return 0;
}

/* ---- whole /proc/PID/cgroup ---- */

enum line_kind {
	LINE_V1 = 0,		/* a v1 controller hierarchy */
	LINE_V2,		/* "0::", the unified hierarchy */
	LINE_SYSTEMD,		/* v1 "name=systemd" */
};

struct line {
	enum line_kind kind;
	const char *path;
	size_t path_len;
};

/* Does the comma-separated controller list @s/@n name name=systemd? */
static bool names_systemd(const char *s, size_t n)
{
	size_t i = 0;

	while (i <= n) {
		size_t j = i;

		while (j < n && s[j] != ',')
			j++;
		if (mem_eq(s + i, j - i, "name=systemd"))
			return true;
		i = j + 1;
	}
	return false;
}

/* "<digits>:<controllers>:<path>"; the path may itself hold ':'. */
static bool parse_line(const char *s, size_t n, struct line *ret)
{
	const char *c1, *c2;
	size_t i;

	c1 = memchr(s, ':', n);
	if (!c1 || c1 == s)
		return false;
	for (i = 0; s + i < c1; i++)
		if (!is_digit(s[i]))
			return false;
	c2 = memchr(c1 + 1, ':', (size_t)(s + n - c1 - 1));
	if (!c2)
		return false;

	if (c1 - s == 1 && s[0] == '0' && c2 == c1 + 1)
		ret->kind = LINE_V2;
	else if (names_systemd(c1 + 1, (size_t)(c2 - c1 - 1)))
		ret->kind = LINE_SYSTEMD;
	else
		ret->kind = LINE_V1;
	ret->path = c2 + 1;
	ret->path_len = (size_t)(s + n - c2 - 1);
	return true;
}

static unsigned line_score(const struct cgroup_identity *id,
			   enum line_kind kind)
{
	static const unsigned kind_rank[] = {
		[LINE_V1] = 0, [LINE_V2] = 1, [LINE_SYSTEMD] = 1,
	};

	return (id->container_id[0] ? 16u : 0u) + (id->pod_uid[0] ? 8u : 0u) +
	       kind_rank[kind] * 2u + (id->unit[0] ? 1u : 0u);
}

/* The next line of @text from *@pos, without its '\n'. */
static bool next_line(const char *text, size_t len, size_t *pos,
		      const char **ret, size_t *ret_n)
{
	const char *nl;

	if (*pos >= len)
		return false;
	*ret = text + *pos;
	nl = memchr(*ret, '\n', len - *pos);
	*ret_n = nl ? (size_t)(nl - *ret) : len - *pos;
	*pos += *ret_n + 1;
	return true;
}

/*
 * The lines systemd itself manages ("0::" and name=systemd): if either
 * places the process in a user's subtree of the host (not inside a
 * container), the other lines' containers and pods are not trusted
 * either: a v1 hierarchy that disagrees with them may be one the user can
 * write (pam_cgfs and friends). Returns true in that case.
 */
static bool host_user_tainted(const char *text, size_t len)
{
	struct cgroup_identity id;
	struct analysis an;
	struct line ln;
	const char *s;
	size_t pos = 0, n;

	while (next_line(text, len, &pos, &s, &n)) {
		if (!parse_line(s, n, &ln) || ln.kind == LINE_V1)
			continue;
		if (classify_path(ln.path, ln.path_len, true, &id, &an) < 0)
			continue;
		if (an.delegated &&
		    !(an.container && an.outer_container_at < an.delegated_at))
			return true;
	}
	return false;
}

int cgroup_classify(const char *text, size_t len,
		    struct cgroup_identity *ret_id)
{
	struct cgroup_identity best, cur;
	struct analysis an;
	struct line ln;
	const char *s;
	size_t pos = 0, n;
	unsigned best_score = 0, score;
	bool found = false, tainted;

	if (!text || !ret_id)
		return -EINVAL;

	tainted = host_user_tainted(text, len);

	while (next_line(text, len, &pos, &s, &n)) {
		if (!parse_line(s, n, &ln))
			continue;
		if (classify_path(ln.path, ln.path_len, true, &cur, &an) < 0)
			continue;
		if (tainted) {
			if (cur.container_id[0])
				cur.rootless = true;
			cur.pod_uid[0] = '\0';
			cur.qos = CGROUP_QOS_NONE;
		}
		score = line_score(&cur, ln.kind);
		if (!found || score > best_score) {
			best = cur;
			best_score = score;
			found = true;
		}
	}
	if (!found)
		return -ENOENT;
	*ret_id = best;
	return 0;
}
