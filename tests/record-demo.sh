#!/bin/bash
# record-demo.sh - record the bundled demo: a real auditd stream of commands
# run inside cgroups named the way systemd, Docker, Kubernetes, CRI-O and
# Podman name them, plus the /proc/PID/cgroup file of every such process.
#
# WHAT IT RECORDS
#   It starts the real auditd (foreground, private config, log_format = RAW)
#   with one plugin, a capture program that copies its stdin verbatim to a
#   file: byte for byte what audisp-cgroup reads on stdin.  It creates the
#   cgroups below, in the cgroup v2 hierarchy AND in the v1 name=systemd
#   hierarchy and the v1 memory hierarchy (as on a hybrid systemd host; the
#   Docker container is also put in v1 cpu), and in each runs one or two
#   short commands.  Each command is a forked shell that moves itself into
#   its cgroups (echo $BASHPID > cgroup.procs), copies its own
#   /proc/$BASHPID/cgroup, then exec()s the command; so the execve event's pid
#   has a real, captured cgroup file.
#
#     web            /system.slice/demo-web.service
#     session        /user.slice/user-1000.slice/session-7.scope
#     docker         /system.slice/docker-<id>.scope           (+ v1 cpu)
#     k8s-containerd /kubepods.slice/kubepods-burstable.slice/
#                      kubepods-burstable-pod<uid_>.slice/cri-containerd-<id>.scope
#     k8s-cgroupfs   /kubepods/besteffort/pod<uid>/<id>
#     crio           /kubepods.slice/kubepods-pod<uid_>.slice/crio-<id>.scope
#     podman         /machine.slice/libpod-<id>.scope
#     podman-user    /user.slice/user-1000.slice/user@1000.service/user.slice/
#                      libpod-<id>.scope                       (rootless)
#     not-captured   a last command left where the script runs and whose
#                    cgroup file is NOT copied ("source":"none"), like the
#                    events of auditd and auditctl themselves
#
#   Container ids are sha256("audisp-cgroup-demo:<name>"), pod uids are the
#   first 128 bits of the same hash shaped as a v4 UUID, so re-recording
#   gives the same cgroup names (only pids and times change).
#
#   Only the workload driver's children are audited (execve rules with
#   -F ppid=<driver>); the stream also holds what auditd and auditctl always
#   emit (DAEMON_START, CONFIG_CHANGE, DAEMON_END).
#
# OUTPUTS (in OUTDIR, default tests/data/demo; replaced only when all passed)
#   demo.log                   the captured plugin stream (RAW)
#   hostroot/proc/<pid>/cgroup the real /proc/<pid>/cgroup of each workload
#                              command, for host_root = <OUTDIR>/hostroot
#   expected.tsv               one line per workload command, tab-separated,
#                              "-" for an empty field, first line the header:
#     pid workload argv source path unit slice user_unit user_slice session
#     owner_uid runtime container_id rootless pod_uid qos
#   argv is the exec'd argv joined by single spaces.  The identity columns
#   are what audisp-cgroup should print for that pid (docs/cgroup-rules.md,
#   tests/test_cgroup.c); source is "pid" or "none".
#
# HOW TO RE-RUN
#   sudo tests/record-demo.sh [OUTDIR]     record, verify, install
#   tests/record-demo.sh --verify [OUTDIR] only verify the recorded data (no
#                                          root, no auditd)
#   ACG_BIN overrides the plugin used for the check (default: ./audisp-cgroup
#   of the build tree).  Needs root, auditd, auditctl, sha256sum, python3.
#   Refuses to run when an auditd is running or audit rules are loaded.
#   Cgroup mounts are found in /proc/self/mountinfo; it needs the v2 and the
#   v1 name=systemd hierarchies (a hybrid host), and v1 cpu and memory when
#   mounted.
#
# THE CHECK
#   audisp-cgroup -c CONF (output = stdout, host_root = OUTDIR/hostroot) is
#   run on demo.log; every workload's execve event must carry exactly the
#   identity of expected.tsv (cgroup, systemd, container and pod objects
#   compared whole).  A table of what the binary printed is shown.
#
# WHAT IT RESTORES (trap on EXIT, INT, TERM; also after a failure)
#   auditctl -D; stops the auditd it started (SIGTERM to its pid, then
#   waits); stops its own capture and workload processes (by pid); moves any
#   process still in a cgroup it created back to where the script runs, then
#   removes every cgroup directory it created (deepest first); puts back the
#   kernel's enabled flag, backlog_limit and backlog_wait_time; removes
#   /var/run/auditd.pid if it was ours, and its temporary directory.  It
#   never signals a process it did not start.

set -euo pipefail
export LC_ALL=C

readonly PROG=record-demo
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
VERIFY_ONLY=0
if [[ ${1:-} == --verify ]]; then
	VERIFY_ONLY=1
	shift
fi
OUTDIR=${1:-$SCRIPT_DIR/data/demo}
ACG_BIN=${ACG_BIN:-$SCRIPT_DIR/../audisp-cgroup}
readonly KEY_EXEC=audisp_cgroup_demo
readonly BACKLOG=8192
readonly AUDITD_PIDFILE=/var/run/auditd.pid
readonly END_MARKER=demo-end

say()  { printf '%s: %s\n' "$PROG" "$*"; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

# --- the check (python3, stdlib only) --------------------------------------------
# verify LOG HOSTROOT EXPECTED: run the plugin over LOG, compare, print a table.
verify() {
	local log=$1 root=$2 exp=$3 dir
	dir=$(mktemp -d /tmp/audisp-cgroup-demo-check.XXXXXX)
	printf 'output = stdout\nhost_root = %s\neoe_timeout = 2\n' "$root" > "$dir/acg.conf"
	chmod 0600 "$dir/acg.conf"
	if ! "$ACG_BIN" -c "$dir/acg.conf" < "$log" > "$dir/out.json" 2> "$dir/err"; then
		cat "$dir/err" >&2
		rm -rf "$dir"
		say "audisp-cgroup failed on $log"
		return 1
	fi
	python3 - "$dir/out.json" "$exp" <<-'EOF' || { rm -rf "$dir"; return 1; }
	import json, sys

	FIELDS = ("pid workload argv source path unit slice user_unit user_slice "
	          "session owner_uid runtime container_id rootless pod_uid qos").split()

	def expected_objects(e):
	    v = {k: (None if e[k] == "-" else e[k]) for k in FIELDS}
	    cg = {"source": v["source"]}
	    if v["path"]:
	        cg["path"] = v["path"]
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
	    return {"cgroup": cg, "systemd": sd, "container": ct, "pod": pod}

	with open(sys.argv[2], encoding="utf-8") as f:
	    lines = f.read().splitlines()
	if lines[0].split("\t") != FIELDS:
	    sys.exit("expected.tsv: bad header")
	want = [dict(zip(FIELDS, l.split("\t"))) for l in lines[1:] if l]

	by_pid, none_events, total = {}, 0, 0
	with open(sys.argv[1], encoding="utf-8") as f:
	    for line in f:
	        ev = json.loads(line)
	        total += 1
	        if ev.get("cgroup", {}).get("source") == "none":
	            none_events += 1
	        rec = ev.get("records", {})
	        sc, ex = rec.get("SYSCALL"), rec.get("EXECVE")
	        if isinstance(sc, dict) and isinstance(ex, dict):
	            by_pid.setdefault(str(sc.get("pid")), []).append(ev)

	def short(s, n=12):
	    return s if len(s) <= n + 1 else s[:n] + "…"

	rows, bad = [], 0
	for e in want:
	    evs = by_pid.get(e["pid"], [])
	    got = None
	    status = "ok"
	    if len(evs) != 1:
	        status = "MISSING" if not evs else "DUPLICATE"
	    else:
	        ev = evs[0]
	        got = {k: ev.get(k, {}) for k in ("cgroup", "systemd", "container", "pod")}
	        # only what the cgroup tells: names from the runtimes' state
	        # (name, image, verified, ...) are the identity live test's
	        got["container"] = {k: x for k, x in got["container"].items()
	                            if k in ("runtime", "id", "rootless")}
	        got["pod"] = {k: x for k, x in got["pod"].items()
	                      if k in ("uid", "qos")}
	        if ev["records"]["EXECVE"].get("argv") != e["argv"].split(" "):
	            status = "WRONG argv"
	        elif got != expected_objects(e):
	            status = "WRONG"
	    if status != "ok":
	        bad += 1
	    g = got or {"cgroup": {}, "systemd": {}, "container": {}, "pod": {}}
	    sd, ct, pod = g["systemd"], g["container"], g["pod"]
	    rows.append((e["workload"], e["pid"], short(e["argv"], 20),
	                 g["cgroup"].get("source", "?"),
	                 sd.get("unit", "-") if len(sd.get("unit", "")) < 24 else short(sd["unit"], 20),
	                 short(sd.get("slice", "-"), 24), sd.get("session", "-"),
	                 str(sd.get("owner_uid", "-")),
	                 short(sd.get("user_unit", "-"), 20), sd.get("user_slice", "-"),
	                 ct.get("runtime", "-"), short(ct.get("id", "-")),
	                 "yes" if ct.get("rootless") else "-",
	                 pod.get("uid", "-"), pod.get("qos", "-"), status))
	    if status.startswith("WRONG") and got is not None:
	        print("  %s: got      %s" % (e["workload"], json.dumps(got, sort_keys=True)))
	        print("  %s: expected %s" % (e["workload"],
	              json.dumps(expected_objects(e), sort_keys=True)))

	head = ("workload", "pid", "argv", "source", "unit", "slice", "session",
	        "owner", "user_unit", "user_slice", "runtime", "id", "rootless",
	        "pod uid", "qos", "check")
	w = [max(len(str(r[i])) for r in rows + [head]) for i in range(len(head))]
	for r in [head] + rows:
	    print("  " + "  ".join(str(c).ljust(w[i]) for i, c in enumerate(r)).rstrip())
	print("  %d events, %d with \"source\":\"none\"; %d workload commands, %d failed"
	      % (total, none_events, len(want), bad))
	sys.exit(1 if bad or none_events == 0 else 0)
	EOF
	rm -rf "$dir"
}

if (( VERIFY_ONLY )); then
	[[ -x $ACG_BIN ]] || die "no plugin binary at $ACG_BIN (make, or set ACG_BIN)"
	command -v python3 >/dev/null || die "missing tool: python3"
	OUTDIR=$(cd "$OUTDIR" && pwd)
	verify "$OUTDIR/demo.log" "$OUTDIR/hostroot" "$OUTDIR/expected.tsv" ||
		die "verification failed"
	say "verified $OUTDIR"
	exit 0
fi

# --- state the trap needs ----------------------------------------------------
TMP=
AUDITD_PID=
CAPTURE_PIDFILE=
DRIVER_PID=
RULES_LOADED=0
INIT_ENABLED='' INIT_BACKLOG='' INIT_WAIT=''
PIDFILE_EXISTED=1
CREATED=()            # cgroup directories we made, parents first
declare -A MNT=()     # hierarchy -> mount point (v2 systemd cpu memory)
declare -A HOME_CG=() # hierarchy -> the script's own cgroup there

# status_field, stop_pid, stop_auditd, write_auditd_conf and the cgroup
# helpers: shared with the live tests
source "$SCRIPT_DIR/live/lib.sh"

cleanup() {
	local rc=$?
	set +e
	trap - EXIT INT TERM
	[[ -n $DRIVER_PID ]] && stop_pid "$DRIVER_PID" 5
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
	if (( rc != 0 )); then
		say "FAILED (exit $rc); audit state and cgroups restored, nothing written to $OUTDIR"
	fi
	exit "$rc"
}

# --- cgroup helpers -------------------------------------------------------------

hex64() { printf 'audisp-cgroup-demo:%s' "$1" | sha256sum | cut -c1-64; }
# --- preconditions -------------------------------------------------------------
(( EUID == 0 )) || die "must run as root (sudo $0)"
for t in auditd auditctl awk sha256sum python3; do
	command -v "$t" >/dev/null || die "missing tool: $t"
done
[[ -x $ACG_BIN ]] || die "no plugin binary at $ACG_BIN (make, or set ACG_BIN)"
ACG_BIN=$(cd "$(dirname "$ACG_BIN")" && pwd)/$(basename "$ACG_BIN")
[[ $(status_field pid) == 0 ]] || die "an auditd is already running (auditctl -s: pid $(status_field pid))"
pgrep -x auditd >/dev/null && die "an auditd process exists; stop it first"
[[ $(auditctl -l) == "No rules" ]] || die "audit rules are loaded (auditctl -l); refusing to touch them"
INIT_ENABLED=$(status_field enabled)
[[ $INIT_ENABLED == 2 ]] && die "audit configuration is locked (enabled 2)"
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
[[ -n ${MNT[v2]:-} && -n ${MNT[systemd]:-} ]] ||
	die "needs a hybrid host: cgroup v2 and the v1 name=systemd hierarchy (found: ${!MNT[*]})"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TMP=$(mktemp -d /tmp/audisp-cgroup-demo.XXXXXX)
chmod 0755 "$TMP"
RUN=$TMP/run
STAGE=$TMP/stage
mkdir -p "$RUN/plugins.d" "$STAGE" "$TMP/out/hostroot/proc"

# --- the workloads --------------------------------------------------------------
ID_DOCKER=$(hex64 docker)
ID_CONTAINERD=$(hex64 k8s-containerd)
ID_K8S_FS=$(hex64 k8s-cgroupfs)
ID_CRIO=$(hex64 crio)
ID_PODMAN=$(hex64 podman)
ID_PODMAN_USER=$(hex64 podman-user)
POD_BURSTABLE=$(uuid4 pod-burstable)
POD_BESTEFFORT=$(uuid4 pod-besteffort)
POD_GUARANTEED=$(uuid4 pod-guaranteed)

# One entry per command.  W_HIER: the hierarchies it is placed in (those
# not mounted here are skipped).  W_EXP: the expected identity, tab-separated:
# unit slice user_unit user_slice session owner_uid runtime container_id
# rootless pod_uid qos ("-" = not reported).
W_NAME=() W_PATH=() W_HIER=() W_CMD=() W_EXP=()
add() {  # NAME PATH HIER CMD EXP...
	W_NAME+=("$1") W_PATH+=("$2") W_HIER+=("$3") W_CMD+=("$4")
	shift 4
	local IFS=$'\t'
	W_EXP+=("$*")
}
HY="v2 systemd memory"
P=/system.slice/demo-web.service
add web "$P" "$HY" "/usr/bin/id" \
	demo-web.service system.slice - - - - - - - - -
add web "$P" "$HY" "/bin/cat /etc/hostname" \
	demo-web.service system.slice - - - - - - - - -
P=/user.slice/user-1000.slice/session-7.scope
add session "$P" "$HY" "/bin/ls /" \
	session-7.scope user-1000.slice - - 7 1000 - - - - -
add session "$P" "$HY" "/usr/bin/id -un" \
	session-7.scope user-1000.slice - - 7 1000 - - - - -
P=/system.slice/docker-$ID_DOCKER.scope
add docker "$P" "$HY cpu" "/bin/cat /etc/hostname" \
	"docker-$ID_DOCKER.scope" system.slice - - - - docker "$ID_DOCKER" - - -
add docker "$P" "$HY cpu" "/usr/bin/id" \
	"docker-$ID_DOCKER.scope" system.slice - - - - docker "$ID_DOCKER" - - -
P=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_BURSTABLE//-/_}.slice/cri-containerd-$ID_CONTAINERD.scope
add k8s-containerd "$P" "$HY" "/bin/ls /" \
	"cri-containerd-$ID_CONTAINERD.scope" "kubepods-burstable-pod${POD_BURSTABLE//-/_}.slice" \
	- - - - containerd "$ID_CONTAINERD" - "$POD_BURSTABLE" burstable
P=/kubepods/besteffort/pod$POD_BESTEFFORT/$ID_K8S_FS
add k8s-cgroupfs "$P" "$HY" "/usr/bin/id" \
	- - - - - - - "$ID_K8S_FS" - "$POD_BESTEFFORT" besteffort
P=/kubepods.slice/kubepods-pod${POD_GUARANTEED//-/_}.slice/crio-$ID_CRIO.scope
add crio "$P" "$HY" "/bin/cat /etc/hostname" \
	"crio-$ID_CRIO.scope" "kubepods-pod${POD_GUARANTEED//-/_}.slice" \
	- - - - crio "$ID_CRIO" - "$POD_GUARANTEED" guaranteed
P=/machine.slice/libpod-$ID_PODMAN.scope
add podman "$P" "$HY" "/bin/ls /" \
	"libpod-$ID_PODMAN.scope" machine.slice - - - - podman "$ID_PODMAN" - - -
P=/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-$ID_PODMAN_USER.scope
add podman-user "$P" "$HY" "/usr/bin/id" \
	user@1000.service user-1000.slice "libpod-$ID_PODMAN_USER.scope" user.slice \
	- 1000 podman "$ID_PODMAN_USER" true - -
# last: stays where the script runs, cgroup not copied -> "source":"none"
add not-captured "" "" "/bin/true $END_MARKER" - - - - - - - - - - -

for (( i = 0; i < ${#W_NAME[@]}; i++ )); do
	[[ -n ${W_PATH[i]} ]] || continue
	for h in ${W_HIER[i]}; do
		[[ -n ${MNT[$h]:-} ]] && cg_mkdir "$h" "${W_PATH[i]}"
	done
done

# wl I: runs in a forked child of the driver; bash builtins only until exec.
wl() {
	local i=$1 h cmd lines
	for h in ${W_HIER[i]}; do
		[[ -n ${MNT[$h]:-} ]] || continue
		echo "$BASHPID" > "${MNT[$h]}${W_PATH[i]}/cgroup.procs" || exit 1
	done
	if [[ -n ${W_PATH[i]} ]]; then
		mapfile -t lines < "/proc/$BASHPID/cgroup"
		printf '%s\n' "${lines[@]}" > "$STAGE/$BASHPID.cgroup"
	fi
	printf '%s\t%s\n' "$BASHPID" "$i" >> "$STAGE/pids"
	read -ra cmd <<< "${W_CMD[i]}"
	exec "${cmd[@]}" > /dev/null
}

# driver: forks the workload commands one after the other; only its
# children's execs are audited.
driver() {
	local go i
	read -r go < "$RUN/go.fifo"
	[[ $go == go ]] || exit 1
	for (( i = 0; i < ${#W_NAME[@]}; i++ )); do
		wl "$i" &
		wait "$!" || exit 1
	done
}

# --- record ---------------------------------------------------------------------
mkfifo "$RUN/go.fifo"
write_auditd_conf "$RUN"
cat > "$RUN/capture.sh" <<-'EOF'
#!/bin/sh
# auditd plugin: copy stdin verbatim to $1.  Ignores SIGTERM/SIGHUP so that
# it drains the pipe until auditd closes it (EOF) instead of losing the tail.
trap '' TERM HUP
echo $$ > "$1.pid"
exec cat > "$1"
EOF
chmod 0750 "$RUN/capture.sh"
cat > "$RUN/plugins.d/capture.conf" <<-EOF
active = yes
direction = out
path = $RUN/capture.sh
type = always
args = $RUN/stream.log
format = string
EOF
chmod 0640 "$RUN/plugins.d/capture.conf"
CAPTURE_PIDFILE=$RUN/stream.log.pid

say "starting auditd (log_format = RAW); cgroup mounts: $(for h in "${!MNT[@]}"; do printf '%s=%s ' "$h" "${MNT[$h]}"; done)"
auditd -n -c "$RUN" > "$RUN/auditd.out" 2>&1 &
AUDITD_PID=$!
for (( t = 0; t < 100; t++ )); do
	[[ $(status_field pid) == "$AUDITD_PID" && -s $CAPTURE_PIDFILE ]] && break
	kill -0 "$AUDITD_PID" 2>/dev/null || die "auditd exited: $(cat "$RUN/auditd.out")"
	sleep 0.1
done
(( t < 100 )) || die "auditd did not register with the kernel"
auditctl -b "$BACKLOG" >/dev/null
auditctl --backlog_wait_time 60000 >/dev/null

driver &
DRIVER_PID=$!
RULES_LOADED=1
for arch in b64 b32; do
	if ! auditctl -a always,exit -F arch=$arch -S execve -S execveat \
	        -F ppid="$DRIVER_PID" -k "$KEY_EXEC" >/dev/null 2>"$RUN/auditctl.err"; then
		[[ $arch == b32 ]] || die "cannot add execve rule: $(cat "$RUN/auditctl.err")"
	fi
done
auditctl -e 1 >/dev/null
lost0=$(status_field lost)

echo go > "$RUN/go.fifo"
wait "$DRIVER_PID" || die "workload driver failed"
DRIVER_PID=

for (( t = 0; t < 100; t++ )); do
	grep -qF "a1=\"$END_MARKER\"" "$RUN/stream.log" && break
	sleep 0.1
done
(( t < 100 )) || die "the last command never reached the plugin"
sleep 0.5                              # let the tail of that event through
lost1=$(status_field lost)
auditctl -D >/dev/null
RULES_LOADED=0
stop_auditd
remove_cgroups
(( lost1 == lost0 )) || die "kernel lost $(( lost1 - lost0 )) events"

# --- outputs --------------------------------------------------------------------
cp "$RUN/stream.log" "$TMP/out/demo.log"
{
	printf 'pid\tworkload\targv\tsource\tpath\tunit\tslice\tuser_unit\tuser_slice\tsession\towner_uid\truntime\tcontainer_id\trootless\tpod_uid\tqos\n'
	while IFS=$'\t' read -r pid i; do
		if [[ -n ${W_PATH[i]} ]]; then
			mkdir -p "$TMP/out/hostroot/proc/$pid"
			cp "$STAGE/$pid.cgroup" "$TMP/out/hostroot/proc/$pid/cgroup"
			src=pid path=${W_PATH[i]}
		else
			src=none path=-
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$pid" "${W_NAME[i]}" "${W_CMD[i]}" \
			"$src" "$path" "${W_EXP[i]}"
	done < "$STAGE/pids"
} > "$TMP/out/expected.tsv"
(( $(wc -l < "$TMP/out/expected.tsv") == ${#W_NAME[@]} + 1 )) || die "not every workload ran"
size=$(wc -c < "$TMP/out/demo.log")
(( size < 200000 )) || die "demo.log is $size bytes (limit 200000)"

say "checking the recording in $TMP"
verify "$TMP/out/demo.log" "$TMP/out/hostroot" "$TMP/out/expected.tsv" > "$TMP/check.txt" ||
	{ cat "$TMP/check.txt"; die "verification failed"; }

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
rm -rf "$OUTDIR/hostroot"
mv "$TMP/out/hostroot" "$OUTDIR/hostroot"
mv -f "$TMP/out/demo.log" "$OUTDIR/demo.log"
mv -f "$TMP/out/expected.tsv" "$OUTDIR/expected.tsv"
say "wrote $OUTDIR/{demo.log ($size bytes),expected.tsv,hostroot/proc/*/cgroup}"
say "audisp-cgroup with host_root = $OUTDIR/hostroot:"
verify "$OUTDIR/demo.log" "$OUTDIR/hostroot" "$OUTDIR/expected.tsv" || die "verification failed"
