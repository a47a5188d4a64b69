#!/bin/bash
# identity.sh - live identity check (opt-in): audisp-cgroup under the real
# auditd must name the systemd unit, container and pod of processes placed in
# cgroups laid out as systemd, Docker, containerd/Kubernetes, CRI-O and Podman
# lay them out.
#
# USAGE
#   sudo ACG_BIN=/path/to/audisp-cgroup tests/live/identity.sh
#   ACG_BIN is required.  Exit 0: all passed; 1: a check failed; 2: usage or
#   setup error; 77: skipped (not root, auditd or python3 missing, an auditd
#   running, audit rules loaded, audit locked, no usable cgroup hierarchy).
#   The reason is always printed.
#
# WHAT IT DOES
#   Starts the real auditd (auditd -n -c <tmp>, log_format = RAW) with
#   $ACG_BIN as its only plugin (format = string; plugin config output = file,
#   file = <tmp>/events.json, host_root = /).  Loads an execve rule limited
#   to the test's workload driver (-F ppid=<driver pid>).  Creates these
#   cgroups (mount points found in /proc/self/mountinfo):
#     service           /system.slice/acg-live.service
#     session           /user.slice/user-1000.slice/session-42.scope
#     user-unit         /user.slice/user-1000.slice/user@1000.service/app.slice/acg-live-app.service
#     docker            /system.slice/docker-<id>.scope
#     docker-cgroupfs   /docker/<id>
#     containerd-sd     /kubepods.slice/kubepods-burstable.slice/
#                         kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope
#     containerd-fs     /kubepods/besteffort/pod<uid>/<id>
#     crio-sd           /kubepods.slice/kubepods-pod<uid_>.slice/crio-<id>.scope
#     crio-fs           /kubepods/burstable/pod<uid>/crio-<id>
#     podman            /machine.slice/libpod-<id>.scope
#     podman-rootless   /user.slice/user-1000.slice/user@1000.service/user.slice/libpod-<id>.scope
#   (ids: sha256("audisp-cgroup-live:<name>"); pod uids: v4-shaped from the
#   same hash).  In each it runs, in two passes:
#     v2  the process in the cgroup v2 hierarchy only; the v1 name=systemd,
#         cpu and memory hierarchies at their root
#     v1  the process in v1 name=systemd, cpu and memory (those mounted) under
#         the same path; the v2 hierarchy at its root
#   Each workload is a forked shell that moves itself (echo $BASHPID >
#   cgroup.procs) and then execs  /bin/sh -c 'sleep 2' live-<pass>-<name>,
#   so the marker is in the execve argv and the process lives long enough
#   for the plugin to read its /proc/PID/cgroup.  A pass whose hierarchy is
#   not mounted is skipped (and said so).
#
# THE CHECK
#   After both passes auditd is stopped (SIGTERM to its pid; the plugin
#   flushes on stdin EOF) and, for every marker, exactly one event with an
#   EXECVE record holding the marker must exist, and its identity must be
#   exactly the expected one: cgroup.path ends with the created path,
#   cgroup.source is "pid", and the systemd, container and pod objects are
#   equal as wholes to what the path means (docs/cgroup-rules.md,
#   tests/test_cgroup.c).  Prints one line per workload and the summary
#     identity-live: N passed, M failed
#   (M counts wrong and missing events).
#
# WHAT IT RESTORES (trap on EXIT, INT, TERM; also after a failure)
#   auditctl -D; stops the auditd it started (SIGTERM to its pid, waits) and
#   waits for the plugin; kills its own workload processes (those in the
#   cgroups it created, and the driver, by pid); moves anything left there
#   back to the script's own cgroup; removes every cgroup directory it
#   created, deepest first; puts back the kernel's enabled flag,
#   backlog_limit and backlog_wait_time; removes /var/run/auditd.pid if it
#   was ours, and its temporary directory.  It never signals a process it
#   did not start.

set -euo pipefail
export LC_ALL=C

readonly PROG=identity-live
readonly KEY_EXEC=audisp_cgroup_live
readonly BACKLOG=8192
readonly AUDITD_PIDFILE=/var/run/auditd.pid
readonly LIFETIME=2     # seconds each workload stays alive after exec

say()  { printf '%s: %s\n' "$PROG" "$*"; }
skip() { printf '%s: SKIP: %s\n' "$PROG" "$*"; exit 77; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 2; }

# --- state the trap needs ----------------------------------------------------
TMP=
AUDITD_PID=
PLUGIN_PID=
DRIVER_PID=
RULES_LOADED=0
INIT_ENABLED='' INIT_BACKLOG='' INIT_WAIT=''
PIDFILE_EXISTED=1
CREATED=()            # cgroup directories we made, parents first
declare -A MNT=()     # hierarchy (v2 systemd cpu memory) -> mount point
declare -A HOME_CG=() # hierarchy -> this script's own cgroup there

# status_field, stop_pid, stop_auditd, the cgroup helpers: shared
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

cleanup() {
	local rc=$?
	set +e
	trap - EXIT INT TERM
	[[ -n $DRIVER_PID ]] && stop_pid "$DRIVER_PID" 2
	(( RULES_LOADED )) && auditctl -D >/dev/null
	stop_auditd
	remove_cgroups
	if [[ -n $INIT_BACKLOG ]]; then
		[[ $(status_field backlog_limit) == "$INIT_BACKLOG" ]] ||
			auditctl -b "$INIT_BACKLOG" >/dev/null
		[[ $(status_field backlog_wait_time) == "$INIT_WAIT" ]] ||
			auditctl --backlog_wait_time "$INIT_WAIT" >/dev/null
	fi
	if [[ -n $INIT_ENABLED && $(status_field enabled) != "$INIT_ENABLED" ]]; then
		auditctl -e "$INIT_ENABLED" >/dev/null
	fi
	if (( ! PIDFILE_EXISTED )) && [[ -e $AUDITD_PIDFILE ]]; then
		rm -f "$AUDITD_PIDFILE"
	fi
	[[ -n $TMP ]] && rm -rf "$TMP"
	if (( rc != 0 && rc != 1 )); then
		say "aborted (exit $rc); audit state and cgroups restored"
	fi
	exit "$rc"
}

# --- cgroup helpers -------------------------------------------------------------

hex64() { printf 'audisp-cgroup-live:%s' "$1" | sha256sum | cut -c1-64; }
# --- preconditions -------------------------------------------------------------
(( EUID == 0 )) || skip "needs root (it runs auditd and creates cgroups)"
[[ -n ${ACG_BIN:-} ]] || die "set ACG_BIN to the audisp-cgroup binary to test"
[[ -f $ACG_BIN && -x $ACG_BIN ]] || die "ACG_BIN=$ACG_BIN is not an executable file"
ACG_REAL=$(readlink -f "$ACG_BIN")
for t in auditd auditctl awk sha256sum python3; do
	command -v "$t" >/dev/null || skip "missing tool: $t"
done
pid=$(status_field pid)
[[ $pid == 0 ]] || skip "an auditd is registered with the kernel (auditctl -s: pid $pid); stop it first"
if pgrep -x auditd >/dev/null; then skip "an auditd process exists; stop it first"; fi
rules=$(auditctl -l)
[[ $rules == "No rules" ]] || skip "audit rules are loaded (auditctl -l); refusing to touch them"
INIT_ENABLED=$(status_field enabled)
[[ $INIT_ENABLED == 2 ]] && skip "audit configuration is locked (enabled 2)"
INIT_BACKLOG=$(status_field backlog_limit)
INIT_WAIT=$(status_field backlog_wait_time)
[[ -e $AUDITD_PIDFILE ]] || PIDFILE_EXISTED=0

for h in v2 name=systemd cpu memory; do
	m=$(cg_mount "$h")
	[[ -n $m ]] || continue
	k=$h; [[ $h == name=systemd ]] && k=systemd
	MNT[$k]=$m
	HOME_CG[$k]=$(own_cgroup "$h")
done
PASSES=()
if [[ -n ${MNT[v2]:-} ]]; then PASSES+=(v2); else say "no cgroup v2 mount: pass v2 skipped"; fi
if [[ -n ${MNT[systemd]:-} ]]; then PASSES+=(v1); else say "no v1 name=systemd mount: pass v1 skipped"; fi
(( ${#PASSES[@]} )) || skip "neither cgroup v2 nor a v1 name=systemd hierarchy is mounted"
V1_HIER="systemd"
for h in cpu memory; do [[ -n ${MNT[$h]:-} ]] && V1_HIER+=" $h"; done
say "cgroup mounts:$(for h in v2 systemd cpu memory; do [[ -n ${MNT[$h]:-} ]] && printf ' %s=%s' "$h" "${MNT[$h]}"; done)"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TMP=$(mktemp -d /tmp/audisp-cgroup-live.XXXXXX)
chmod 0755 "$TMP"
mkdir "$TMP/plugins.d"

# --- the workloads --------------------------------------------------------------
W_NAME=() W_PATH=() W_EXP=()
# add NAME PATH unit slice user_unit user_slice session owner_uid runtime
#     container_id rootless pod_uid qos      ("-" = not reported)
add() {
	W_NAME+=("$1") W_PATH+=("$2")
	shift 2
	local IFS=$'\t'
	W_EXP+=("$*")
}
U=/user.slice/user-1000.slice
add service /system.slice/acg-live.service \
	acg-live.service system.slice - - - - - - - - -
add session $U/session-42.scope \
	session-42.scope user-1000.slice - - 42 1000 - - - - -
add user-unit $U/user@1000.service/app.slice/acg-live-app.service \
	user@1000.service user-1000.slice acg-live-app.service app.slice - 1000 - - - - -
I=$(hex64 docker)
add docker "/system.slice/docker-$I.scope" \
	"docker-$I.scope" system.slice - - - - docker "$I" - - -
I=$(hex64 docker-cgroupfs)
add docker-cgroupfs "/docker/$I" \
	- - - - - - docker "$I" - - -
I=$(hex64 containerd-sd) P=$(uuid4 pod-containerd-sd)
add containerd-sd "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${P//-/_}.slice/cri-containerd-$I.scope" \
	"cri-containerd-$I.scope" "kubepods-burstable-pod${P//-/_}.slice" - - - - \
	containerd "$I" - "$P" burstable
I=$(hex64 containerd-fs) P=$(uuid4 pod-containerd-fs)
add containerd-fs "/kubepods/besteffort/pod$P/$I" \
	- - - - - - - "$I" - "$P" besteffort
I=$(hex64 crio-sd) P=$(uuid4 pod-crio-sd)
add crio-sd "/kubepods.slice/kubepods-pod${P//-/_}.slice/crio-$I.scope" \
	"crio-$I.scope" "kubepods-pod${P//-/_}.slice" - - - - crio "$I" - "$P" guaranteed
I=$(hex64 crio-fs) P=$(uuid4 pod-crio-fs)
add crio-fs "/kubepods/burstable/pod$P/crio-$I" \
	- - - - - - crio "$I" - "$P" burstable
I=$(hex64 podman)
add podman "/machine.slice/libpod-$I.scope" \
	"libpod-$I.scope" machine.slice - - - - podman "$I" - - -
I=$(hex64 podman-rootless)
add podman-rootless "$U/user@1000.service/user.slice/libpod-$I.scope" \
	user@1000.service user-1000.slice "libpod-$I.scope" user.slice - 1000 \
	podman "$I" true - -

# in_hier PASS: the hierarchies a workload is placed in; at_root PASS: the
# ones it is moved to the root of.
in_hier() { if [[ $1 == v2 ]]; then echo v2; else echo "$V1_HIER"; fi; }
at_root() { if [[ $1 == v2 ]]; then echo "$V1_HIER"; else echo v2; fi; }

{
	printf 'marker\tpass\tworkload\tpath\tunit\tslice\tuser_unit\tuser_slice\tsession\towner_uid\truntime\tcontainer_id\trootless\tpod_uid\tqos\n'
	for pass in "${PASSES[@]}"; do
		for (( i = 0; i < ${#W_NAME[@]}; i++ )); do
			for h in $(in_hier "$pass"); do
				[[ -n ${MNT[$h]:-} ]] && cg_mkdir "$h" "${W_PATH[i]}"
			done
			printf 'live-%s-%s\t%s\t%s\t%s\t%s\n' "$pass" "${W_NAME[i]}" "$pass" \
				"${W_NAME[i]}" "${W_PATH[i]}" "${W_EXP[i]}"
		done
	done
} > "$TMP/expected.tsv"

# The runtimes' own state for the containers created above, in each
# runtime's on-disk format (docs/runtime-state.md), under $TMP/state; the
# plugin is pointed at it (docker_root, containerd_state, ...). Every
# container gets the name n-WORKLOAD and the image img/WORKLOAD:1, every
# pod the name p-WORKLOAD in namespace ns-live. The rootless podman one
# gets none: its state would live in a home this host may not have, so its
# event must say verified false.
python3 - "$TMP/expected.tsv" "$TMP/state" <<-'EOF'
import json, os, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
head, rows = rows[0], rows[1:]
st = sys.argv[2]
def w(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f)
podman = []
for r in rows:
    e = dict(zip(head, r))
    wl, cid, puid = e["workload"], e["container_id"], e["pod_uid"]
    if cid == "-" or wl == "podman-rootless":
        continue
    name, image = "n-" + wl, "img/%s:1" % wl
    if wl.startswith("docker"):
        w("%s/var/lib/docker/containers/%s/config.v2.json" % (st, cid),
          {"ID": cid, "Name": "/" + name, "Config": {"Image": image, "Labels": {}}})
    elif wl.startswith("containerd"):
        w("%s/run/containerd/io.containerd.runtime.v2.task/k8s.io/%s/config.json" % (st, cid),
          {"ociVersion": "1.1.0", "annotations": {
              "io.kubernetes.cri.container-type": "container",
              "io.kubernetes.cri.container-name": name,
              "io.kubernetes.cri.image-name": image,
              "io.kubernetes.cri.sandbox-name": "p-" + wl,
              "io.kubernetes.cri.sandbox-namespace": "ns-live",
              "io.kubernetes.cri.sandbox-uid": puid}})
    elif wl.startswith("crio"):
        w("%s/run/containers/storage/overlay-containers/%s/userdata/config.json" % (st, cid),
          {"ociVersion": "1.1.0", "annotations": {
              "io.container.manager": "cri-o",
              "io.kubernetes.cri-o.ContainerType": "container",
              "io.kubernetes.cri-o.ImageName": image,
              "io.kubernetes.cri-o.ContainerName":
                  "k8s_%s_p-%s_ns-live_%s_0" % (name, wl, puid),
              "io.kubernetes.container.name": name,
              "io.kubernetes.pod.name": "p-" + wl,
              "io.kubernetes.pod.namespace": "ns-live",
              "io.kubernetes.pod.uid": puid}})
    elif wl == "podman":
        podman.append({"id": cid, "names": [name], "image": "0" * 64,
                       "metadata": json.dumps({"image-name": image, "name": name})})
if podman:
    w("%s/var/lib/containers/storage/overlay-containers/containers.json" % st, podman)
EOF

# wl PASS I: a forked child of the driver; bash builtins only until exec.
wl() {
	local pass=$1 i=$2 h
	for h in $(in_hier "$pass"); do
		[[ -n ${MNT[$h]:-} ]] || continue
		echo "$BASHPID" > "${MNT[$h]}${W_PATH[i]}/cgroup.procs" || exit 1
	done
	for h in $(at_root "$pass"); do
		[[ -n ${MNT[$h]:-} ]] || continue
		echo "$BASHPID" > "${MNT[$h]}/cgroup.procs" || exit 1
	done
	exec /bin/sh -c "sleep $LIFETIME" "live-$pass-${W_NAME[i]}"
}

# driver: one pass after the other, the workloads of a pass all at once.
# Only its children's execs are audited; it runs builtins only.
driver() {
	local go pass i pids
	read -r go < "$TMP/go.fifo"
	[[ $go == go ]] || exit 1
	for pass in "${PASSES[@]}"; do
		pids=()
		for (( i = 0; i < ${#W_NAME[@]}; i++ )); do
			wl "$pass" "$i" &
			pids+=("$!")
		done
		for i in "${pids[@]}"; do wait "$i" || exit 1; done
	done
}

# --- auditd with our plugin -----------------------------------------------------
write_auditd_conf "$TMP"
{
	printf 'output = file\nfile = %s\nhost_root = /\n' "$TMP/events.json"
	printf 'docker_root = %s\ncontainerd_state = %s\n' \
		"$TMP/state/var/lib/docker" "$TMP/state/run/containerd"
	printf 'containers_runroot = %s\ncontainers_graphroot = %s\n' \
		"$TMP/state/run/containers/storage" "$TMP/state/var/lib/containers/storage"
	printf 'kubelet_pods_dir = %s\npod_logs_dir = %s\ncontainer_logs_dir = %s\n' \
		"$TMP/state/var/lib/kubelet/pods" "$TMP/state/var/log/pods" \
		"$TMP/state/var/log/containers"
} > "$TMP/acg.conf"
chmod 0600 "$TMP/acg.conf"
"$ACG_BIN" -c "$TMP/acg.conf" --check > "$TMP/check.out" 2>&1 ||
	die "ACG_BIN rejects its config: $(cat "$TMP/check.out")"
cat > "$TMP/plugins.d/audisp-cgroup.conf" <<-EOF
active = yes
direction = out
path = $ACG_REAL
type = always
args = -c $TMP/acg.conf
format = string
EOF
chmod 0640 "$TMP/plugins.d/audisp-cgroup.conf"
mkfifo "$TMP/go.fifo"

auditd -n -c "$TMP" > "$TMP/auditd.out" 2>&1 &
AUDITD_PID=$!
for (( t = 0; t < 100; t++ )); do
	if [[ -z $PLUGIN_PID ]]; then
		for c in $(pgrep -P "$AUDITD_PID" || true); do
			is_plugin "$c" && PLUGIN_PID=$c
		done
	fi
	[[ $(status_field pid) == "$AUDITD_PID" && -n $PLUGIN_PID ]] && break
	kill -0 "$AUDITD_PID" 2>/dev/null || die "auditd exited: $(cat "$TMP/auditd.out")"
	sleep 0.1
done
(( t < 100 )) || die "auditd did not register with the kernel or did not start the plugin"
say "auditd pid $AUDITD_PID, plugin pid $PLUGIN_PID ($ACG_REAL); passes: ${PASSES[*]}"
auditctl -b "$BACKLOG" >/dev/null
auditctl --backlog_wait_time 60000 >/dev/null

driver &
DRIVER_PID=$!
RULES_LOADED=1
for arch in b64 b32; do
	if ! auditctl -a always,exit -F arch=$arch -S execve -S execveat \
	        -F ppid="$DRIVER_PID" -k "$KEY_EXEC" >/dev/null 2>"$TMP/auditctl.err"; then
		[[ $arch == b32 ]] || die "cannot add execve rule: $(cat "$TMP/auditctl.err")"
	fi
done
auditctl -e 1 >/dev/null
lost0=$(status_field lost)
echo go > "$TMP/go.fifo"
wait "$DRIVER_PID" || die "workload driver failed"
DRIVER_PID=
lost1=$(status_field lost)
auditctl -D >/dev/null
RULES_LOADED=0
stop_auditd
remove_cgroups
(( lost1 == lost0 )) || say "WARNING: the kernel lost $(( lost1 - lost0 )) audit events"
[[ -f $TMP/events.json ]] || die "the plugin wrote no $TMP/events.json"

# --- the check ------------------------------------------------------------------
python3 - "$TMP/events.json" "$TMP/expected.tsv" <<-'EOF'
import json, sys

with open(sys.argv[2], encoding="utf-8") as f:
    rows = [l.split("\t") for l in f.read().splitlines()]
head, rows = rows[0], rows[1:]
want = [dict(zip(head, r)) for r in rows]

def expected(e):
    v = {k: (None if x == "-" else x) for k, x in e.items()}
    sd = {k: v[k] for k in ("unit", "slice", "user_unit", "user_slice",
                            "session") if v[k]}
    if v["owner_uid"]:
        sd["owner_uid"] = int(v["owner_uid"])
    ct = {}
    if v["runtime"]:
        ct["runtime"] = v["runtime"]
    if v["container_id"]:
        ct["id"] = v["container_id"]
    if v["rootless"] == "true":
        ct["rootless"] = True
    pod = {k2: v[k] for k, k2 in (("pod_uid", "uid"), ("qos", "qos")) if v[k]}
    # names from the state the test wrote (none for rootless podman)
    wl = e["workload"]
    if v["container_id"]:
        ct["verified"] = wl != "podman-rootless"
    if v["container_id"] and wl != "podman-rootless":
        ct["name"] = "n-" + wl
        if wl.startswith("crio"):
            # CRI-O names its containers k8s_CONTAINER_POD_NS_UID_ATTEMPT
            ct["name"] = "k8s_n-%s_p-%s_ns-live_%s_0" % (wl, wl, v["pod_uid"])
        ct["image"] = "img/%s:1" % wl
        if wl == "containerd-fs":
            ct["runtime"] = "containerd"   # the path did not say; the state does
        if v["pod_uid"]:
            pod.update({"name": "p-" + wl, "namespace": "ns-live",
                        "container": "n-" + wl})
    return {"systemd": sd, "container": ct, "pod": pod}

found = {e["marker"]: [] for e in want}
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    for n, line in enumerate(f, 1):
        try:
            ev = json.loads(line)
        except ValueError:
            sys.exit("events.json line %d is not JSON" % n)
        ex = ev.get("records", {}).get("EXECVE")
        if not isinstance(ex, dict):
            continue
        for a in ex.get("argv") or []:
            if a in found:
                found[a].append(ev)

passed = wrong = missing = 0
for e in want:
    m, evs = e["marker"], found[e["marker"]]
    if not evs:
        missing += 1
        print("MISSING %s: no execve event" % m)
        continue
    if len(evs) > 1:
        wrong += 1
        print("WRONG   %s: %d execve events" % (m, len(evs)))
        continue
    ev = evs[0]
    cg = ev.get("cgroup", {})
    got = {k: ev.get(k, {}) for k in ("systemd", "container", "pod")}
    why = []
    if cg.get("source") != "pid":
        why.append("cgroup.source %r" % cg.get("source"))
    if not str(cg.get("path", "")).endswith(e["path"]) or set(cg) != {"path", "source"}:
        why.append("cgroup %s" % json.dumps(cg))
    if got != expected(e):
        why.append("identity %s, expected %s" % (
            json.dumps(got, sort_keys=True), json.dumps(expected(e), sort_keys=True)))
    if why:
        wrong += 1
        print("WRONG   %s (pid %s): %s" % (m, ev["records"].get("SYSCALL", {}).get("pid"),
                                          "; ".join(why)))
    else:
        passed += 1
        print("ok      %s" % m)
if wrong or missing:
    print("(%d wrong, %d missing)" % (wrong, missing))
print("identity-live: %d passed, %d failed" % (passed, wrong + missing))
sys.exit(1 if wrong or missing else 0)
EOF
