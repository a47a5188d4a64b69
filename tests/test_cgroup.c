/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_cgroup.c - table tests for the pure cgroup classifier.
 *
 * One static array of real /proc/PID/cgroup texts, one checker, looped in
 * one cmocka test; a second test loops over the production layout table
 * (cgroup_layouts[], not a copy) and classifies a synthesized example of
 * every row. The comment above each group of cases names where its format
 * comes from (repository + file).
 */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cgroup.h"

/* Container ids: 64 lowercase hex. ID1..ID5 are the ids used in
 * falcosecurity/libs test/libsinsp_e2e/container/container_cgroup.cpp. */
#define ID1 "7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6b8"
#define ID2 "605439acbd4fb18c145069289094b17f17e0cfa938f78012d4960bc797305f22"
#define ID3 "73bfe475650de66df8e2affdc98d440dcbe84f8df83b6f75a68a82eb7026136a"
#define ID4 "17d8c9eacc629f9945f304d89e9708c0c619649a484a215b240628319548a09f"
#define ID5 "d52db56a9c80d536a91354c0951c061187ca46249e64865a12703003d8f42366"
/* falcosecurity/plugins plugins/container/test/matchers.cpp */
#define ID6 "1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdef"
#define ID7 "9cc35a907a1e4e7ac8c021758b2bb28db60b3a787115f9114a641bf44f8ba99b"
/* a kind/minikube node container */
#define IDN "5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9"
/* near misses of ID1 */
#define ID1_63 "7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6b"
#define ID1_65 ID1 "8"
#define ID1_UPPER \
	"7951FB549AB99E0722A949B6C121634E1F3A36B5BACBE5392991E3B12251E6B8"
#define ID1_NONHEX \
	"7951fb549ab99e0722a949b6c121634e1f3a36b5bacbe5392991e3b12251e6bg"

/* Pod UIDs as the API server writes them, and as the kubelet's systemd
 * driver escapes them ('-' -> '_'). */
#define POD1 "ac04f3f2-1f2c-11e9-b015-1ebee232acfa"
#define POD1_ "ac04f3f2_1f2c_11e9_b015_1ebee232acfa"
#define POD2 "63b3ebfc-2890-11e9-8154-16bf8ef8d9dc"
#define POD2_ "63b3ebfc_2890_11e9_8154_16bf8ef8d9dc"
/* a static pod: the kubelet's md5 config hash
 * (kubernetes pkg/kubelet/config/common.go applyDefaults) */
#define PODS "bd12dd3393227d950605a2444b13c27a"
#define PODS_DASHED "bd12dd33-9322-7d95-0605-a2444b13c27a"

#define ECS_TASK "9f1c4b5fd6a54dc0a8b3c2e1f0d9e8c7"
#define ECS_TASK_UUID "3c9a1f2e-7b6d-4e5f-8a9b-0c1d2e3f4a5b"

/*
 * File shapes (man 7 cgroups, "/proc/[pid]/cgroup"; torvalds/linux
 * Documentation/admin-guide/cgroup-v2.rst):
 *  v2:     one line "0::<path>"
 *  v1:     one "<id>:<controllers>:<path>" line per hierarchy, among
 *          them "1:name=systemd:<path>" (Debian 10 / RHEL 7 layout)
 *  hybrid: the v1 lines plus "0::<path>" for the unified hierarchy
 */
#define V1_TEXT(p)                                                       \
	"12:pids:" p "\n11:memory:" p "\n10:cpu,cpuacct:" p                \
	"\n9:blkio:" p "\n8:devices:" p "\n7:freezer:" p                   \
	"\n6:net_cls,net_prio:" p "\n5:perf_event:" p "\n4:cpuset:" p      \
	"\n3:hugetlb:" p "\n2:rdma:/\n1:name=systemd:" p "\n"

#define V2(p) .input = "0::" p "\n", .path = p
#define V1(p) .input = V1_TEXT(p), .path = p
#define HY(p) .input = V1_TEXT(p) "0::" p "\n", .path = p
#define OWNER(u) .has_owner = true, .owner_uid = (u)

struct cg_case {
	const char *name;
	const char *input;
	int ret;
	const char *path;
	const char *unit;
	const char *slice;
	const char *user_unit;
	const char *user_slice;
	const char *session;
	bool has_owner;
	uint32_t owner_uid;
	enum cgroup_runtime runtime;
	const char *container_id;
	bool rootless;
	const char *pod_uid;
	enum cgroup_qos qos;
};

static const struct cg_case cases[] = {
	/* ---- host processes: systemd facts from systemd/systemd
	 * src/test/test-cgroup-util.c and src/basic/cgroup-util.c ---- */
	{ "root", V2("/") },
	{ "init.scope", V2("/init.scope"), .unit = "init.scope" },
	{ "plain service", V2("/system.slice/nginx.service"),
	  .unit = "nginx.service", .slice = "system.slice" },
	{ "service subgroup", V2("/system.slice/nginx.service/x"),
	  .unit = "nginx.service", .slice = "system.slice" },
	{ "template instance",
	  V2("/system.slice/system-getty.slice/getty@tty1.service"),
	  .unit = "getty@tty1.service", .slice = "system-getty.slice" },
	{ "cg_escape prefix dropped",
	  V2("/system.slice/system-waldo.slice/_cpu.service/sdfdsaf"),
	  .unit = "cpu.service", .slice = "system-waldo.slice" },
	{ "escaped unit stays escaped",
	  V2("/system.slice/system-systemd\\x2dcryptsetup.slice/"
	     "systemd-cryptsetup@luks\\x2d1234.service"),
	  .unit = "systemd-cryptsetup@luks\\x2d1234.service",
	  .slice = "system-systemd\\x2dcryptsetup.slice" },
	{ "invalid unit chars",
	  V2("/system.slice/getty####@tty6.service/xxx"),
	  .slice = "system.slice" },
	{ "user manager units",
	  V2("/user.slice/user-1000.slice/user@1000.service/app.slice/"
	     "foo.service"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "foo.service", .user_slice = "app.slice" },
	{ "user manager init.scope",
	  V2("/user.slice/user-1000.slice/user@1000.service/init.scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "init.scope" },
	{ "nested user slices",
	  V2("/user.slice/user-1000.slice/user@1000.service/app.slice/"
	     "app-gnome.slice/app-gnome-firefox-1234.scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "app-gnome-firefox-1234.scope",
	  .user_slice = "app-gnome.slice" },
	{ "session scope", V2("/user.slice/user-1000.slice/session-7.scope"),
	  .unit = "session-7.scope", .session = "7", .slice = "user-1000.slice",
	  OWNER(1000) },
	{ "unit below session",
	  V2("/user.slice/user-1000.slice/session-2.scope/foobar.service"),
	  .unit = "session-2.scope", .session = "2", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "foobar.service" },
	{ "user@.service does not parse",
	  V2("/user.slice/user-1000.slice/user@.service/server.service"),
	  .slice = "user-1000.slice", OWNER(1000) },
	{ "session-.scope does not parse as a session",
	  V2("/user.slice/user-1000.slice/session-.scope"),
	  .unit = "session-.scope", .slice = "user-1000.slice", OWNER(1000) },
	{ "uid 65535 is not a uid",
	  V2("/user.slice/user-65535.slice/session-1.scope"),
	  .unit = "session-1.scope", .session = "1",
	  .slice = "user-65535.slice" },
	{ "v1 service", V1("/system.slice/sshd.service"),
	  .unit = "sshd.service", .slice = "system.slice" },
	{ "hybrid service", HY("/system.slice/cron.service"),
	  .unit = "cron.service", .slice = "system.slice" },
	/* v1 controllers at the root, name=systemd names the unit: the
	 * systemd line wins for units */
	{ "v1: name=systemd beats cpu for units",
	  .input = "11:cpu,cpuacct:/\n10:memory:/\n"
		   "1:name=systemd:/system.slice/crond.service\n",
	  .path = "/system.slice/crond.service", .unit = "crond.service",
	  .slice = "system.slice" },
	/* systemd's cg_unified_controller(): on hybrid hosts systemd tracks
	 * its units in "0::"; a name=systemd hierarchy left at "/" (a v2
	 * host that mounts one for old guests, or no systemd at all) says
	 * nothing and must not hide the unit (found by the live test) */
	{ "hybrid: name=systemd at / does not hide 0::'s unit",
	  .input = "9:name=systemd:/\n4:memory:/\n"
		   "0::/system.slice/acg-live.service\n",
	  .path = "/system.slice/acg-live.service", .unit = "acg-live.service",
	  .slice = "system.slice" },
	{ "hybrid: 0:: session scope taints a v1 container line",
	  .input = "9:name=systemd:/\n3:cpu:/docker/" ID1 "\n"
		   "0::/user.slice/user-1000.slice/session-3.scope\n",
	  .path = "/docker/" ID1, .runtime = CGROUP_RUNTIME_DOCKER,
	  .container_id = ID1, .rootless = true },
	/* Ubuntu 20.04 hybrid: some controllers follow the user slice */
	{ "hybrid session",
	  .input = "12:memory:/user.slice/user-1000.slice/session-3.scope\n"
		   "11:cpuset:/\n10:pids:/user.slice/user-1000.slice/"
		   "session-3.scope\n"
		   "1:name=systemd:/user.slice/user-1000.slice/session-3.scope\n"
		   "0::/user.slice/user-1000.slice/session-3.scope\n",
	  .path = "/user.slice/user-1000.slice/session-3.scope",
	  .unit = "session-3.scope", .session = "3",
	  .slice = "user-1000.slice", OWNER(1000) },
	/* cgroup-v2.rst: " (deleted)" is appended for a removed cgroup */
	{ "deleted suffix stripped",
	  .input = "0::/system.slice/foo.service (deleted)\n",
	  .path = "/system.slice/foo.service", .unit = "foo.service",
	  .slice = "system.slice" },
	{ "no trailing newline", .input = "0::/system.slice/a.service",
	  .path = "/system.slice/a.service", .unit = "a.service",
	  .slice = "system.slice" },

	/* ---- Docker: falcosecurity/libs
	 * test/libsinsp_e2e/container/container_cgroup.cpp; moby
	 * daemon/oci_linux.go (cgroup parent "/docker", systemd
	 * "system.slice:docker:<id>") ---- */
	{ "docker cgroupfs v1", V1("/docker/" ID1),
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = ID1 },
	{ "docker systemd v2", V2("/system.slice/docker-" ID1 ".scope"),
	  .unit = "docker-" ID1 ".scope", .slice = "system.slice",
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = ID1 },
	{ "docker systemd docker.slice", V2("/docker.slice/docker-" ID1
					    ".scope"),
	  .unit = "docker-" ID1 ".scope", .slice = "docker.slice",
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = ID1 },
	{ "docker cgroupfs hybrid: container line beats 0::",
	  .input = V1_TEXT("/docker/" ID1)
		   "0::/system.slice/containerd.service\n",
	  .path = "/docker/" ID1, .runtime = CGROUP_RUNTIME_DOCKER,
	  .container_id = ID1 },
	{ "docker old /system.slice/docker/<id>",
	  V1("/system.slice/docker/" ID1), .slice = "system.slice",
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = ID1 },
	{ "docker-in-docker: innermost", V1("/docker/" IDN "/docker/" ID1),
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = ID1 },
	{ "systemd inside a docker container",
	  V2("/system.slice/docker-" ID1 ".scope/system.slice/nginx.service"),
	  .unit = "docker-" ID1 ".scope", .slice = "system.slice",
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = ID1 },
	{ "docker.service is not a container",
	  V2("/system.slice/docker.service"), .unit = "docker.service",
	  .slice = "system.slice" },
	{ "containerd.service is not a container",
	  V2("/system.slice/containerd.service"), .unit = "containerd.service",
	  .slice = "system.slice" },
	{ "near miss: 63 hex", V2("/system.slice/docker-" ID1_63 ".scope"),
	  .unit = "docker-" ID1_63 ".scope", .slice = "system.slice" },
	{ "near miss: 65 hex", V2("/system.slice/docker-" ID1_65 ".scope"),
	  .unit = "docker-" ID1_65 ".scope", .slice = "system.slice" },
	{ "near miss: uppercase", V2("/system.slice/docker-" ID1_UPPER
				     ".scope"),
	  .unit = "docker-" ID1_UPPER ".scope", .slice = "system.slice" },
	{ "near miss: non-hex", V1("/docker/" ID1_NONHEX) },
	{ "near miss: cgroupfs 63 hex", V1("/docker/" ID1_63) },
	{ "truncated: /docker/", .input = "0::/docker/\n", .path = "/docker/" },
	{ "rootless docker",
	  V2("/user.slice/user-1000.slice/user@1000.service/user.slice/"
	     "docker-" ID1 ".scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "docker-" ID1 ".scope",
	  .user_slice = "user.slice", .runtime = CGROUP_RUNTIME_DOCKER,
	  .container_id = ID1, .rootless = true },

	/* ---- Kubernetes: kubernetes pkg/kubelet/cm/cgroup_manager_linux.go
	 * (ToSystemd, '-' -> '_'), pod_container_manager_linux.go ("pod"
	 * prefix), qos_container_manager_linux.go; ids and paths from
	 * falcosecurity/libs container_cgroup.cpp ---- */
	{ "k8s cgroupfs besteffort v1",
	  V1("/kubepods/besteffort/pod" POD1 "/" ID2),
	  .container_id = ID2, .pod_uid = POD1,
	  .qos = CGROUP_QOS_BESTEFFORT },
	{ "k8s cgroupfs burstable v2",
	  V2("/kubepods/burstable/pod" POD1 "/" ID2),
	  .container_id = ID2, .pod_uid = POD1, .qos = CGROUP_QOS_BURSTABLE },
	{ "k8s cgroupfs guaranteed", V2("/kubepods/pod" POD1 "/" ID2),
	  .container_id = ID2, .pod_uid = POD1,
	  .qos = CGROUP_QOS_GUARANTEED },
	{ "k8s cgroupfs hybrid", HY("/kubepods/burstable/pod" POD1 "/" ID2),
	  .container_id = ID2, .pod_uid = POD1, .qos = CGROUP_QOS_BURSTABLE },
	{ "cri-o cgroupfs", V1("/kubepods/besteffort/pod" POD2 "/crio-" ID3),
	  .runtime = CGROUP_RUNTIME_CRIO, .container_id = ID3,
	  .pod_uid = POD2, .qos = CGROUP_QOS_BESTEFFORT },
	{ "cri-o systemd",
	  V2("/kubepods.slice/kubepods-besteffort.slice/"
	     "kubepods-besteffort-pod" POD2_ ".slice/crio-" ID4 ".scope"),
	  .unit = "crio-" ID4 ".scope",
	  .slice = "kubepods-besteffort-pod" POD2_ ".slice",
	  .runtime = CGROUP_RUNTIME_CRIO, .container_id = ID4,
	  .pod_uid = POD2, .qos = CGROUP_QOS_BESTEFFORT },
	/* cri-o internal/config/cgmgr: conmon gets its own scope */
	{ "cri-o conmon is not a container",
	  V2("/kubepods.slice/kubepods-besteffort.slice/"
	     "kubepods-besteffort-pod" POD2_ ".slice/crio-conmon-" ID4
	     ".scope"),
	  .unit = "crio-conmon-" ID4 ".scope",
	  .slice = "kubepods-besteffort-pod" POD2_ ".slice", .pod_uid = POD2,
	  .qos = CGROUP_QOS_BESTEFFORT },
	{ "containerd systemd burstable",
	  V2("/kubepods.slice/kubepods-burstable.slice/"
	     "kubepods-burstable-pod" POD1_ ".slice/cri-containerd-" ID2
	     ".scope"),
	  .unit = "cri-containerd-" ID2 ".scope",
	  .slice = "kubepods-burstable-pod" POD1_ ".slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2,
	  .pod_uid = POD1, .qos = CGROUP_QOS_BURSTABLE },
	{ "containerd systemd guaranteed",
	  V2("/kubepods.slice/kubepods-pod" POD1_ ".slice/cri-containerd-" ID2
	     ".scope"),
	  .unit = "cri-containerd-" ID2 ".scope",
	  .slice = "kubepods-pod" POD1_ ".slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2,
	  .pod_uid = POD1, .qos = CGROUP_QOS_GUARANTEED },
	{ "containerd systemd v1",
	  V1("/kubepods.slice/kubepods-besteffort.slice/"
	     "kubepods-besteffort-pod" POD1_ ".slice/cri-containerd-" ID2
	     ".scope"),
	  .unit = "cri-containerd-" ID2 ".scope",
	  .slice = "kubepods-besteffort-pod" POD1_ ".slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2,
	  .pod_uid = POD1, .qos = CGROUP_QOS_BESTEFFORT },
	/* falcosecurity/libs container_cgroup.cpp "containerd_unknown":
	 * a static pod (32 hex uid) in the ':cri-containerd:' form */
	{ "containerd colon form, static pod",
	  V1("/kubepods-burstable-pod" PODS ".slice:cri-containerd:" ID5),
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID5,
	  .pod_uid = PODS_DASHED, .qos = CGROUP_QOS_BURSTABLE },
	{ "containerd colon form below containerd.service",
	  V2("/system.slice/containerd.service/kubepods-besteffort-pod" POD1_
	     ".slice:cri-containerd:" ID2),
	  .unit = "containerd.service", .slice = "system.slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2,
	  .pod_uid = POD1, .qos = CGROUP_QOS_BESTEFFORT },
	{ "colon form with a near-miss id",
	  V2("/kubepods-burstable-pod" PODS ".slice:cri-containerd:" ID1_63) },
	{ "static pod, systemd driver",
	  V2("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
	     PODS ".slice/cri-containerd-" ID5 ".scope"),
	  .unit = "cri-containerd-" ID5 ".scope",
	  .slice = "kubepods-burstable-pod" PODS ".slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID5,
	  .pod_uid = PODS_DASHED, .qos = CGROUP_QOS_BURSTABLE },
	/* kubelet --cgroup-root=/kubelet (kind's kubeadm config) */
	{ "custom cgroup root, cgroupfs",
	  V2("/kubelet/kubepods/burstable/pod" POD1 "/" ID2),
	  .container_id = ID2, .pod_uid = POD1, .qos = CGROUP_QOS_BURSTABLE },
	{ "custom cgroup root, systemd",
	  V2("/kubelet.slice/kubelet-kubepods.slice/"
	     "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod"
	     POD1_ ".slice/cri-containerd-" ID2 ".scope"),
	  .unit = "cri-containerd-" ID2 ".scope",
	  .slice = "kubelet-kubepods-besteffort-pod" POD1_ ".slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2,
	  .pod_uid = POD1, .qos = CGROUP_QOS_BESTEFFORT },
	/* kubernetes-sigs/kind: node container, kubelet inside it */
	{ "kind node pod: innermost container",
	  V2("/docker/" IDN "/kubelet.slice/kubelet-kubepods.slice/"
	     "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod"
	     POD1_ ".slice/cri-containerd-" ID2 ".scope"),
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2,
	  .pod_uid = POD1, .qos = CGROUP_QOS_BESTEFFORT },
	{ "kind node itself",
	  V2("/docker/" IDN "/system.slice/containerd.service"),
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = IDN },
	/* kubernetes/minikube docker driver on cgroup v1 */
	{ "minikube node pod", V1("/docker/" IDN "/kubepods/burstable/pod"
				  POD1 "/" ID2),
	  .container_id = ID2, .pod_uid = POD1, .qos = CGROUP_QOS_BURSTABLE },
	{ "pod cgroup inside a node, no container: node only",
	  V1("/docker/" IDN "/kubepods/besteffort/pod" POD1),
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = IDN },
	{ "dockershim, systemd driver",
	  V2("/kubepods.slice/kubepods-burstable.slice/"
	     "kubepods-burstable-pod" POD1_ ".slice/docker-" ID1 ".scope"),
	  .unit = "docker-" ID1 ".scope",
	  .slice = "kubepods-burstable-pod" POD1_ ".slice",
	  .runtime = CGROUP_RUNTIME_DOCKER, .container_id = ID1,
	  .pod_uid = POD1, .qos = CGROUP_QOS_BURSTABLE },
	{ "docker-era /kubepods/<id>", V1("/kubepods/" ID1),
	  .container_id = ID1 },
	{ "pod uid near miss: uppercase",
	  V2("/kubepods/burstable/podAC04F3F2-1F2C-11E9-B015-1EBEE232ACFA/"
	     ID2) },
	{ "pod uid near miss: 35 chars",
	  V2("/kubepods/burstable/podac04f3f2-1f2c-11e9-b015-1ebee232acf/"
	     ID2) },
	{ "pod slice outside its qos slice",
	  V2("/kubepods.slice/kubepods-burstable-pod" POD1_
	     ".slice/cri-containerd-" ID2 ".scope"),
	  .unit = "cri-containerd-" ID2 ".scope",
	  .slice = "kubepods-burstable-pod" POD1_ ".slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2 },
	{ "unknown qos class", V2("/kubepods/premium/pod" POD1 "/" ID2) },
	{ "truncated: /kubepods/burstable/pod", V2("/kubepods/burstable/pod") },
	{ "truncated: pod without container",
	  V2("/kubepods/burstable/pod" POD1),
	  .pod_uid = POD1, .qos = CGROUP_QOS_BURSTABLE },

	/* ---- Podman: falcosecurity/plugins
	 * plugins/container/test/matchers.cpp and src/matchers/podman.cpp;
	 * containers/podman (machine.slice, user.slice when rootless) ---- */
	{ "podman rootful", V2("/machine.slice/libpod-" ID6 ".scope"),
	  .unit = "libpod-" ID6 ".scope", .slice = "machine.slice",
	  .runtime = CGROUP_RUNTIME_PODMAN, .container_id = ID6 },
	{ "podman rootful /container",
	  V2("/machine.slice/libpod-" ID6 ".scope/container"),
	  .unit = "libpod-" ID6 ".scope", .slice = "machine.slice",
	  .runtime = CGROUP_RUNTIME_PODMAN, .container_id = ID6 },
	{ "podman conmon is not a container",
	  V2("/machine.slice/libpod-conmon-" ID6 ".scope"),
	  .unit = "libpod-conmon-" ID6 ".scope", .slice = "machine.slice" },
	{ "podman pod",
	  V2("/machine.slice/machine-libpod_pod_" ID7 ".slice/libpod-" ID6
	     ".scope/container"),
	  .unit = "libpod-" ID6 ".scope",
	  .slice = "machine-libpod_pod_" ID7 ".slice",
	  .runtime = CGROUP_RUNTIME_PODMAN, .container_id = ID6 },
	{ "podman rootless",
	  V2("/user.slice/user-1000.slice/user@1000.service/user.slice/"
	     "libpod-" ID6 ".scope/container"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "libpod-" ID6 ".scope",
	  .user_slice = "user.slice", .runtime = CGROUP_RUNTIME_PODMAN,
	  .container_id = ID6, .rootless = true },
	{ "podman rootless, no scope",
	  V2("/user.slice/user-1000.slice/user@1000.service/libpod-" ID6),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .runtime = CGROUP_RUNTIME_PODMAN, .container_id = ID6,
	  .rootless = true },
	{ "podman rootless conmon",
	  V2("/user.slice/user-1000.slice/user@1000.service/user.slice/"
	     "libpod-conmon-" ID6 ".scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "libpod-conmon-" ID6 ".scope",
	  .user_slice = "user.slice" },
	{ "podman rootless pause process",
	  V2("/user.slice/user-1000.slice/user@1000.service/user.slice/"
	     "podman-pause-1a2b3c4d.scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "podman-pause-1a2b3c4d.scope",
	  .user_slice = "user.slice" },
	{ "podman cgroupfs", V1("/libpod_parent/libpod-" ID6),
	  .runtime = CGROUP_RUNTIME_PODMAN, .container_id = ID6 },
	{ "podman --cgroups=split",
	  V2("/system.slice/system-ceph-f952f5be-565c-11f0-ab72-0affea283157"
	     ".slice/ceph-f952f5be-565c-11f0-ab72-0affea283157@mon.ip-10-0-"
	     "25-96.service/libpod-payload-" ID7),
	  .unit = "ceph-f952f5be-565c-11f0-ab72-0affea283157@mon.ip-10-0-25-"
		  "96.service",
	  .slice = "system-ceph-f952f5be-565c-11f0-ab72-0affea283157.slice",
	  .runtime = CGROUP_RUNTIME_PODMAN, .container_id = ID7 },
	{ "podman near miss: libpod-<63>.scope",
	  V2("/machine.slice/libpod-" ID1_63 ".scope"),
	  .unit = "libpod-" ID1_63 ".scope", .slice = "machine.slice" },

	/* ---- containerd without CRI, nerdctl: containerd/nerdctl
	 * run_cgroup_linux.go (generateCgroupPath); falcosecurity/libs
	 * containerd.cpp ("/default/") ---- */
	{ "nerdctl systemd", V2("/system.slice/nerdctl-" ID6 ".scope"),
	  .unit = "nerdctl-" ID6 ".scope", .slice = "system.slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID6 },
	{ "nerdctl rootless",
	  V2("/user.slice/user-1000.slice/user@1000.service/user.slice/"
	     "nerdctl-" ID6 ".scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "nerdctl-" ID6 ".scope",
	  .user_slice = "user.slice", .runtime = CGROUP_RUNTIME_CONTAINERD,
	  .container_id = ID6, .rootless = true },
	{ "ctr default namespace", V1("/default/" ID6),
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID6 },

	/* ---- AWS ECS: aws/amazon-ecs-agent (cgroup root "/ecs",
	 * "/ecs/<task id>/<container id>") ---- */
	{ "ecs", V1("/ecs/" ECS_TASK "/" ID1), .runtime = CGROUP_RUNTIME_ECS,
	  .container_id = ID1 },
	{ "ecs, old uuid task id", V1("/ecs/" ECS_TASK_UUID "/" ID1),
	  .runtime = CGROUP_RUNTIME_ECS, .container_id = ID1 },
	{ "ecs task cgroup alone", V1("/ecs/" ECS_TASK) },
	{ "ecs near miss: task id uppercase",
	  V1("/ecs/9F1C4B5FD6A54DC0A8B3C2E1F0D9E8C7/" ID1) },

	/* ---- LXC, LXD, Incus: lxc/lxc src/lxc/cgroups/cgroup.h,
	 * falcosecurity/plugins src/matchers/lxc.cpp ---- */
	{ "lxc 4 payload", V2("/lxc.payload.web01"),
	  .runtime = CGROUP_RUNTIME_LXC, .container_id = "web01" },
	{ "lxc 4 with systemd inside",
	  V2("/lxc.payload.web01/system.slice/nginx.service"),
	  .runtime = CGROUP_RUNTIME_LXC, .container_id = "web01" },
	{ "lxc old /lxc/<name>", V1("/lxc/c1"), .runtime = CGROUP_RUNTIME_LXC,
	  .container_id = "c1" },
	{ "lxc 3 lxc.payload/<name>", V2("/lxc.payload/c1"),
	  .runtime = CGROUP_RUNTIME_LXC, .container_id = "c1" },
	{ "lxc monitor is not a container", V2("/lxc.monitor.web01") },
	{ "incus project prefix", V2("/lxc.payload.prod_web01"),
	  .runtime = CGROUP_RUNTIME_LXC, .container_id = "prod_web01" },
	{ "nested lxc: innermost",
	  V2("/lxc.payload.outer/lxc.payload.inner"),
	  .runtime = CGROUP_RUNTIME_LXC, .container_id = "inner" },
	{ "lxc empty name", V2("/lxc.payload.") },

	/* ---- systemd-nspawn and machinectl: systemd
	 * src/nspawn/nspawn-cgroup.c (payload/supervisor),
	 * src/machine/machine.c (machine-<escaped>.scope),
	 * units/systemd-nspawn@.service.in ---- */
	{ "nspawn scope",
	  V2("/machine.slice/machine-fedora.scope/payload/system.slice/"
	     "sshd.service"),
	  .unit = "machine-fedora.scope", .slice = "machine.slice",
	  .runtime = CGROUP_RUNTIME_NSPAWN, .container_id = "fedora" },
	{ "nspawn escaped machine name",
	  V2("/machine.slice/machine-my\\x2dbox.scope"),
	  .unit = "machine-my\\x2dbox.scope", .slice = "machine.slice",
	  .runtime = CGROUP_RUNTIME_NSPAWN, .container_id = "my-box" },
	{ "machinectl start",
	  V2("/machine.slice/systemd-nspawn@my\\x2dbox.service/payload"),
	  .unit = "systemd-nspawn@my\\x2dbox.service", .slice = "machine.slice",
	  .runtime = CGROUP_RUNTIME_NSPAWN, .container_id = "my-box" },
	{ "nspawn supervisor is not the container",
	  V2("/machine.slice/systemd-nspawn@my\\x2dbox.service/supervisor"),
	  .unit = "systemd-nspawn@my\\x2dbox.service",
	  .slice = "machine.slice" },
	/* libvirt src/util/virsystemd.c: guests are machines too */
	{ "libvirt qemu guest is not nspawn",
	  V2("/machine.slice/machine-qemu\\x2d1\\x2dfedora.scope/libvirt/"
	     "emulator"),
	  .unit = "machine-qemu\\x2d1\\x2dfedora.scope",
	  .slice = "machine.slice" },
	{ "machine scope outside machine.slice",
	  V2("/system.slice/machine-foo.scope"), .unit = "machine-foo.scope",
	  .slice = "system.slice" },
	{ "machine name with raw '-'",
	  V2("/machine.slice/machine-my-box.scope"),
	  .unit = "machine-my-box.scope", .slice = "machine.slice" },

	/* ---- delegation: everything below user-UID.slice and
	 * user@UID.service is the user's to name (systemd
	 * docs/CGROUP_DELEGATION.md) ---- */
	{ "fake docker in user@: rootless",
	  V2("/user.slice/user-1000.slice/user@1000.service/docker/" ID1),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .runtime = CGROUP_RUNTIME_DOCKER, .container_id = ID1,
	  .rootless = true },
	{ "fake cgroupfs pod in user@: no pod",
	  V2("/user.slice/user-1000.slice/user@1000.service/kubepods/"
	     "burstable/pod" POD1 "/" ID2),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .container_id = ID2, .rootless = true },
	{ "fake systemd pod in user@: no pod",
	  V2("/user.slice/user-1000.slice/user@1000.service/kubepods.slice/"
	     "kubepods-burstable.slice/kubepods-burstable-pod" POD1_
	     ".slice/cri-containerd-" ID2 ".scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "cri-containerd-" ID2 ".scope",
	  .user_slice = "kubepods-burstable-pod" POD1_ ".slice",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2,
	  .rootless = true },
	{ "container below a session scope: rootless",
	  V2("/user.slice/user-1000.slice/session-3.scope/cri-containerd-" ID2
	     ".scope"),
	  .unit = "session-3.scope", .session = "3", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "cri-containerd-" ID2 ".scope",
	  .runtime = CGROUP_RUNTIME_CONTAINERD, .container_id = ID2,
	  .rootless = true },
	{ "fake nspawn in user@: rootless",
	  V2("/user.slice/user-1000.slice/user@1000.service/machine.slice/"
	     "machine-evil.scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "machine-evil.scope",
	  .user_slice = "machine.slice", .runtime = CGROUP_RUNTIME_NSPAWN,
	  .container_id = "evil", .rootless = true },
	/* a v1 hierarchy that disagrees with a user-placed name=systemd
	 * (pam_cgfs-style writable hierarchy) is not trusted either */
	{ "v1 line disagreeing with a user session: rootless",
	  .input = "11:cpu:/docker/" ID1 "\n"
		   "1:name=systemd:/user.slice/user-1000.slice/"
		   "session-3.scope\n"
		   "0::/user.slice/user-1000.slice/session-3.scope\n",
	  .path = "/docker/" ID1, .runtime = CGROUP_RUNTIME_DOCKER,
	  .container_id = ID1, .rootless = true },
	{ "v1 fake pod next to user@: no pod",
	  .input = "10:memory:/kubepods/burstable/pod" POD1 "/" ID2 "\n"
		   "1:name=systemd:/user.slice/user-1000.slice/"
		   "user@1000.service/app.slice/x.service\n",
	  .path = "/kubepods/burstable/pod" POD1 "/" ID2, .container_id = ID2,
	  .rootless = true },
	{ "rootless kind: no pod",
	  V2("/user.slice/user-1000.slice/user@1000.service/user.slice/"
	     "libpod-" ID6 ".scope/kubelet.slice/kubelet-kubepods.slice/"
	     "kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod"
	     POD1_ ".slice/cri-containerd-" ID2 ".scope"),
	  .unit = "user@1000.service", .slice = "user-1000.slice",
	  OWNER(1000), .user_unit = "libpod-" ID6 ".scope",
	  .user_slice = "user.slice", .runtime = CGROUP_RUNTIME_CONTAINERD,
	  .container_id = ID2, .rootless = true },
	{ "user slice inside a pod container: pod kept",
	  V2("/kubepods/burstable/pod" POD1 "/" ID2 "/user.slice/"
	     "user-1000.slice/user@1000.service/user.slice/libpod-" ID6
	     ".scope"),
	  .runtime = CGROUP_RUNTIME_PODMAN, .container_id = ID6,
	  .rootless = true, .pod_uid = POD1, .qos = CGROUP_QOS_BURSTABLE },

	/* ---- garbage ---- */
	{ "empty file", .input = "", .ret = -ENOENT },
	{ "blank lines", .input = "\n\n\n", .ret = -ENOENT },
	{ "garbage", .input = "garbage\n", .ret = -ENOENT },
	{ "relative path", .input = "0::relative/path\n", .ret = -ENOENT },
	{ "bad hierarchy id", .input = "x::/docker/" ID1 "\n", .ret = -ENOENT },
	{ "one colon only", .input = "0:/docker/" ID1 "\n", .ret = -ENOENT },
	{ "empty path", .input = "0::\n", .ret = -ENOENT },
	{ "garbage then valid",
	  .input = "what:ever\n::\n0::/system.slice/a.service\n",
	  .path = "/system.slice/a.service", .unit = "a.service",
	  .slice = "system.slice" },
};

static bool check_str(const struct cg_case *c, const char *field,
		      const char *got, const char *expected)
{
	if (!expected)
		expected = "";
	if (strcmp(got, expected) == 0)
		return true;
	print_error("[%s] %s: %s -> got '%s', expected '%s'\n", c->name, field,
		    c->input, got, expected);
	return false;
}

static bool check_num(const struct cg_case *c, const char *field,
		      long long got, long long expected)
{
	if (got == expected)
		return true;
	print_error("[%s] %s: %s -> got %lld, expected %lld\n", c->name, field,
		    c->input, got, expected);
	return false;
}

/* The checker: every field of the identity against the case. */
static bool check_case(const struct cg_case *c)
{
	struct cgroup_identity id;
	bool ok = true;
	int r;

	memset(&id, 0x5a, sizeof(id));
	r = cgroup_classify(c->input, strlen(c->input), &id);
	if (!check_num(c, "return", r, c->ret))
		return false;
	if (r < 0) {
		/* untouched on failure */
		return check_num(c, "untouched", (unsigned char)id.path[0],
				 0x5a);
	}
	ok &= check_str(c, "path", id.path, c->path);
	ok &= check_str(c, "unit", id.unit, c->unit);
	ok &= check_str(c, "slice", id.slice, c->slice);
	ok &= check_str(c, "user_unit", id.user_unit, c->user_unit);
	ok &= check_str(c, "user_slice", id.user_slice, c->user_slice);
	ok &= check_str(c, "session", id.session, c->session);
	ok &= check_num(c, "has_owner_uid", id.has_owner_uid, c->has_owner);
	if (c->has_owner)
		ok &= check_num(c, "owner_uid", id.owner_uid, c->owner_uid);
	ok &= check_num(c, "runtime", id.runtime, c->runtime);
	ok &= check_str(c, "container_id", id.container_id, c->container_id);
	ok &= check_num(c, "rootless", id.rootless, c->rootless);
	ok &= check_str(c, "pod_uid", id.pod_uid, c->pod_uid);
	ok &= check_num(c, "qos", id.qos, c->qos);
	ok &= check_num(c, "truncated", id.truncated, false);
	return ok;
}

static void test_table(void **state)
{
	size_t i, failed = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!check_case(&cases[i]))
			failed++;
	print_message("%zu cases, %zu failed\n",
		      sizeof(cases) / sizeof(cases[0]), failed);
	assert_int_equal(failed, 0);
}

/* Synthesize "<parent>/<prefix><id><suffix>" for layout row @l. */
static void synthesize(const struct cgroup_layout *l, const char *id,
		       char *buf, size_t size)
{
	const char *parent = "";
	int n;

	switch (l->parent_kind) {
	case CGROUP_PARENT_NAMED:
		n = snprintf(buf, size, "/%s", l->parent);
		break;
	case CGROUP_PARENT_POD:
		n = snprintf(buf, size, "/kubepods/besteffort/pod" POD1);
		break;
	case CGROUP_PARENT_ECS_TASK:
		n = snprintf(buf, size, "/ecs/" ECS_TASK);
		break;
	default:
		n = snprintf(buf, size, "%s", parent);
		break;
	}
	assert_true(n >= 0 && (size_t)n < size);
	if (l->flags & CGROUP_LAYOUT_INFIX)
		n += snprintf(buf + n, size - (size_t)n,
			      "/kubepods-besteffort-pod" POD1_ ".slice%s%s%s",
			      l->prefix, id, l->suffix);
	else
		n += snprintf(buf + n, size - (size_t)n, "/%s%s%s", l->prefix,
			      id, l->suffix);
	assert_true((size_t)n < size);
}

static void test_layout_table(void **state)
{
	const struct cgroup_layout *l;
	size_t rows = 0;

	(void)state;
	for (l = cgroup_layouts; l->prefix; l++) {
		struct cgroup_identity id;
		const char *raw, *expected, *near = NULL;
		char buf[CGROUP_PATH_MAX];

		rows++;
		switch (l->id_kind) {
		case CGROUP_ID_HEX64:
			raw = expected = ID6;
			near = ID1_63;
			break;
		case CGROUP_ID_NAME:
			raw = expected = "c1";
			near = "c 1";
			break;
		case CGROUP_ID_MACHINE:
			raw = "my\\x2dbox";
			expected = "my-box";
			near = "my-box";
			break;
		default:
			fail_msg("row %zu: unknown id kind %d", rows,
				 (int)l->id_kind);
			return;
		}

		synthesize(l, raw, buf, sizeof(buf));
		assert_int_equal(cgroup_classify_path(buf, strlen(buf), &id),
				 0);
		if (id.runtime != l->runtime ||
		    strcmp(id.container_id, expected) != 0)
			fail_msg("row %zu {\"%s\", \"%s\", %s, %s}: %s -> got "
				 "%s '%s', expected %s '%s'", rows, l->prefix,
				 l->suffix, cgroup_id_kind_to_string(l->id_kind),
				 cgroup_parent_to_string(l->parent_kind), buf,
				 cgroup_runtime_to_string(id.runtime) ?: "none",
				 id.container_id,
				 cgroup_runtime_to_string(l->runtime) ?: "none",
				 expected);
		assert_false(id.rootless);

		/* the same row inside a user's subtree: rootless */
		{
			char user[2 * CGROUP_PATH_MAX];
			int n;

			n = snprintf(user, sizeof(user), "/user.slice/"
				     "user-1000.slice/user@1000.service%s",
				     buf);
			assert_true(n > 0 && (size_t)n < CGROUP_PATH_MAX);
			assert_int_equal(cgroup_classify_path(user,
							      strlen(user),
							      &id), 0);
			if (!id.rootless || strcmp(id.container_id,
						   expected) != 0)
				fail_msg("row %zu: %s -> not rootless '%s'",
					 rows, user, id.container_id);
			assert_string_equal(id.pod_uid, "");
		}

		/* a near-miss id never matches */
		synthesize(l, near, buf, sizeof(buf));
		assert_int_equal(cgroup_classify_path(buf, strlen(buf), &id),
				 0);
		if (id.container_id[0])
			fail_msg("row %zu: near miss %s -> got '%s'", rows,
				 buf, id.container_id);

		if (l->flags & CGROUP_LAYOUT_NO_SUPERVISOR) {
			synthesize(l, raw, buf, sizeof(buf));
			strcat(buf, "/supervisor");
			assert_int_equal(cgroup_classify_path(buf, strlen(buf),
							      &id), 0);
			assert_string_equal(id.container_id, "");
		}
	}
	assert_true(rows >= 15);
}

static void test_classify_path_errors(void **state)
{
	struct cgroup_identity id;
	char big[CGROUP_PATH_MAX + 16];

	(void)state;
	memset(&id, 0x5a, sizeof(id));
	assert_int_equal(cgroup_classify_path("", 0, &id), -EINVAL);
	assert_int_equal(cgroup_classify_path("docker/x", 8, &id), -EINVAL);
	assert_int_equal(cgroup_classify_path("/a\0b", 4, &id), -EINVAL);
	assert_int_equal(cgroup_classify_path(NULL, 0, &id), -EINVAL);
	assert_int_equal((unsigned char)id.path[0], 0x5a);

	memset(big, 'a', sizeof(big));
	big[0] = '/';
	assert_int_equal(cgroup_classify_path(big, CGROUP_PATH_MAX, &id),
			 -ENAMETOOLONG);
	assert_int_equal((unsigned char)id.path[0], 0x5a);
	assert_int_equal(cgroup_classify_path(big, CGROUP_PATH_MAX - 1, &id),
			 0);
	assert_int_equal(strlen(id.path), CGROUP_PATH_MAX - 1);

	/* not NUL-terminated input: only @len bytes are read */
	assert_int_equal(cgroup_classify_path("/init.scopeXYZ", 11, &id), 0);
	assert_string_equal(id.unit, "init.scope");

	/* " (deleted)" stripped before the length check */
	assert_int_equal(cgroup_classify_path("/ (deleted)", 11, &id), 0);
	assert_string_equal(id.path, "/");
}

/* A user who nests cgroups past CGROUP_PATH_MAX must not hide: the line
 * is classified by its prefix. */
static void test_truncated_line(void **state)
{
	static const char head[] = "0::/user.slice/user-1000.slice/"
				   "user@1000.service/app.slice/x.service";
	char text[4096];
	struct cgroup_identity id;
	size_t n = strlen(head);

	(void)state;
	memcpy(text, head, n);
	while (n < 3000) {
		memcpy(text + n, "/deep", 5);
		n += 5;
	}
	memcpy(text + n, "/docker/" ID1 "\n", 8 + 64 + 1);
	n += 8 + 64 + 1;

	assert_int_equal(cgroup_classify(text, n, &id), 0);
	assert_true(id.truncated);
	assert_true(strlen(id.path) <= CGROUP_PATH_MAX - 1);
	assert_string_equal(id.unit, "user@1000.service");
	assert_string_equal(id.user_unit, "x.service");
	assert_true(id.has_owner_uid);
	assert_int_equal(id.owner_uid, 1000);
	assert_string_equal(id.container_id, "");
}

static void test_to_string(void **state)
{
	(void)state;
	assert_null(cgroup_runtime_to_string(CGROUP_RUNTIME_NONE));
	assert_string_equal(cgroup_runtime_to_string(CGROUP_RUNTIME_DOCKER),
			    "docker");
	assert_string_equal(cgroup_runtime_to_string(CGROUP_RUNTIME_ECS),
			    "ecs");
	assert_null(cgroup_runtime_to_string(CGROUP_RUNTIME_MAX));
	assert_null(cgroup_runtime_to_string((enum cgroup_runtime)-1));
	assert_null(cgroup_qos_to_string(CGROUP_QOS_NONE));
	assert_string_equal(cgroup_qos_to_string(CGROUP_QOS_BESTEFFORT),
			    "besteffort");
	assert_null(cgroup_qos_to_string(CGROUP_QOS_MAX));
	assert_string_equal(cgroup_id_kind_to_string(CGROUP_ID_MACHINE),
			    "machine");
	assert_null(cgroup_id_kind_to_string(CGROUP_ID_KIND_MAX));
	assert_string_equal(cgroup_parent_to_string(CGROUP_PARENT_POD), "pod");
	assert_null(cgroup_parent_to_string(CGROUP_PARENT_MAX));
	for (int r = 1; r < CGROUP_RUNTIME_MAX; r++)
		assert_non_null(cgroup_runtime_to_string(r));
	for (int q = 1; q < CGROUP_QOS_MAX; q++)
		assert_non_null(cgroup_qos_to_string(q));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_layout_table),
		cmocka_unit_test(test_classify_path_errors),
		cmocka_unit_test(test_truncated_line),
		cmocka_unit_test(test_to_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
