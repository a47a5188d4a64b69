#!/bin/bash
# shortlived.sh - live check (opt-in) of identities for short-lived
# processes: audisp-cgroup under the real auditd must give every execve of
# a process that lives for about a millisecond either its exact identity
# or none (cgroup.source "none"), never a wrong one, and must lose no event.
#
# USAGE
#   sudo ACG_BIN=/path/to/audisp-cgroup tests/live/shortlived.sh
#   ACG_BIN is required.  ACG_SL_COUNT: commands per kind per cgroup
#   (default 160: 8 cgroups x 4 kinds x 160 = 5120 commands).
#   ACG_LIVE_STRICT=1 also asserts >= 99.9% exact for direct, orphan and
#   chain.  ACG_SL_SUBREAPER=1 runs each container shell under a subreaper
#   (python3, prctl PR_SET_CHILD_SUBREAPER) left in the driver's cgroup, and
#   makes the orphans orphans before their first exec: they are adopted by
#   a process of another cgroup that is no runtime helper, whose identity
#   they must not be given.
#   Exit 0: all passed; 1: a check failed; 2: usage or setup error; 77:
#   skipped (not root, a tool missing, an auditd running, audit rules
#   loaded, audit locked, no usable cgroup hierarchy).  The reason is
#   always printed.
#
# WHAT IT DOES
#   Starts the real auditd (auditd -n -c <tmp>, log_format = RAW) with
#   $ACG_BIN as its only plugin (format = string; plugin config output =
#   file, file = <tmp>/events.json, host_root = /; a wrapper keeps its
#   stderr, which carries its exit summary, in <tmp>/plugin.err).  A
#   workload driver sets its own loginuid (/proc/self/loginuid), which gives it and everything
#   it starts, orphans included, a loginuid and a session id of their own;
#   the execve rules are limited to those (-F auid= -F sessionid=).  Where
#   the loginuid cannot be set (loginuid_immutable), the rules are
#   unfiltered and the markers alone pick out the workload.  Creates these
#   cgroups, in the v2 hierarchy and in v1 name=systemd (each where
#   mounted), under the same paths:
#     service          /system.slice/acg-sl.service
#     docker-fs        /docker/<id>
#     docker-sd        /system.slice/docker-<id>.scope
#     containerd-fs    /kubepods/burstable/pod<uid>/<id>
#     containerd-sd    /kubepods.slice/kubepods-besteffort.slice/
#                        kubepods-besteffort-pod<uid_>.slice/cri-containerd-<id>.scope
#     crio-sd          /kubepods.slice/kubepods-pod<uid_>.slice/crio-<id>.scope
#     podman           /machine.slice/libpod-<id>.scope
#     podman-rootless  /user.slice/user-1000.slice/user@1000.service/
#                        user.slice/libpod-<id>.scope
#   In each runs a "container shell" (bash, placed through cgroup.procs,
#   argv marker cshell-<cg>) and, in the driver's own cgroup, a "runtime
#   helper" (a copy of bash named runc, marker runc-<cg>).  At full speed,
#   all at once, they run commands of four kinds, each an execve of
#   /bin/true m-<cg>-<kind>-<n>:
#     direct  the container shell forks and execs it (parent alive);
#     chain   sh -c 'sh -c "/bin/true m; :"; :' (every middle process is
#             short-lived);
#     orphan  ( sh -c '...; exec /bin/true m' & ): the sh waits until its
#             parent has exited, so at exec its ppid is pid 1 or a
#             subreaper;
#     movein  the runc copy forks a child that writes its own pid into the
#             container's cgroup.procs (v2 and name=systemd) and execs.
#
# THE CHECK
#   When all workload processes are gone, the driver execs a sentinel; once
#   the plugin has written the sentinel's event, auditd is asked for its
#   state (SIGCONT: /var/run/auditd.state) and stopped (SIGTERM to its pid;
#   the plugin flushes on stdin EOF).  The identity the plugin gave a
#   container shell (which must be source "pid" and match the layout: path,
#   systemd.unit, container runtime and id, pod uid and qos) is that
#   cgroup's reference.  Each marker's event is exact (cgroup.path,
#   systemd, container and pod equal to the reference), unknown (source
#   none, nothing else) or WRONG (anything else).  Asserted:
#     - every marker has exactly one event (per kind);
#     - no WRONG identity (per kind);
#     - no movein event carries the host identity (the runc copy's own);
#     - every orphan really was one (its SYSCALL ppid is 1 or an ancestor of
#       this script, i.e. a possible subreaper);
#     - each cgroup's reference identity is right;
#     - the plugin's exit summary shows its process table within its bound;
#     - with ACG_LIVE_STRICT=1: >= 99.9% exact for direct, orphan, chain.
#   Printed (they vary with load): exact/unknown/wrong and the cgroup.source
#   distribution per kind and per source, events per second, the kernel's
#   lost counter, auditd's plugin queue (overflow, deepest use), the
#   plugin's summary.  Last line:  shortlived-live: N passed, M failed
#
# WHAT IT RESTORES (trap on EXIT, INT, TERM; also after a failure)
#   auditctl -D; kills its own workload processes by pid (those of its
#   audit session, its runc copies, those in its cgroups, the driver);
#   stops the auditd it started (SIGTERM to its pid, waits) and waits for
#   the plugin; removes every cgroup directory it created, deepest first;
#   puts back the kernel's enabled flag, backlog_limit and
#   backlog_wait_time; removes /var/run/auditd.pid and /var/run/auditd.state
#   if they were not there before (or puts back the old state file), and
#   its temporary directory.  It never signals a process it did not start.

set -euo pipefail
export LC_ALL=C

readonly PROG=shortlived-live
readonly KEY_EXEC=audisp_cgroup_shortlived
readonly BACKLOG=8192
readonly AUDITD_PIDFILE=/var/run/auditd.pid
readonly AUDITD_STATE=/var/run/auditd.state
readonly WL_AUID=3141592        # the workload's loginuid (no real user)
readonly COUNT=${ACG_SL_COUNT:-160}
readonly SUBREAPER=${ACG_SL_SUBREAPER:-0}
readonly STRICT=${ACG_LIVE_STRICT:-0}

say()  { printf '%s: %s\n' "$PROG" "$*"; }
skip() { printf '%s: SKIP: %s\n' "$PROG" "$*"; exit 77; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 2; }

# --- state the trap needs ----------------------------------------------------
TMP=
AUDITD_PID=
PLUGIN_PID=
DRIVER_PID=
SES=                  # the workload's audit session id, once known
RUNC_COPY=            # our copy of bash named runc
RULES_LOADED=0
INIT_ENABLED='' INIT_BACKLOG='' INIT_WAIT=''
PIDFILE_EXISTED=1
STATE_SAVED=          # copy of a pre-existing auditd.state; "none": absent
CREATED=()            # cgroup directories we made, parents first
declare -A MNT=()     # hierarchy (v2 systemd) -> mount point
declare -A HOME_CG=() # hierarchy -> this script's own cgroup there

# status_field, stop_pid, stop_auditd, the cgroup helpers: shared
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

# our_pids: the workload's processes still alive, the driver excepted:
# those in our audit session (a session id the kernel gave our driver
# alone) and those running our runc copy.  Bash builtins only.
our_pids() {
	local f pid s
	for f in /proc/[0-9]*/sessionid; do
		pid=${f#/proc/}; pid=${pid%/sessionid}
		[[ $pid == "$DRIVER_PID" || $pid == "$$" ]] && continue
		if [[ -n $SES ]]; then
			s=
			read -r s 2>/dev/null < "$f" || true
			if [[ $s == "$SES" ]]; then echo "$pid"; continue; fi
		fi
		[[ -n $RUNC_COPY && /proc/$pid/exe -ef $RUNC_COPY ]] && echo "$pid"
	done
	return 0
}

kill_ours() {
	local t pid pids
	for (( t = 0; t < 50; t++ )); do
		mapfile -t pids < <(our_pids)
		(( ${#pids[@]} )) || return 0
		for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
		sleep 0.1
	done
	say "WARNING: workload processes left: $(our_pids | tr '\n' ' ')"
}

cleanup() {
	local rc=$?
	set +e
	trap - EXIT INT TERM
	[[ -n $DRIVER_PID ]] && stop_pid "$DRIVER_PID" 2
	DRIVER_PID=
	kill_ours
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
	if [[ $STATE_SAVED == none ]]; then
		rm -f "$AUDITD_STATE"
	elif [[ -n $STATE_SAVED && -f $STATE_SAVED ]]; then
		cp -p "$STATE_SAVED" "$AUDITD_STATE"
	fi
	[[ -n $TMP ]] && rm -rf "$TMP"
	if (( rc != 0 && rc != 1 )); then
		say "aborted (exit $rc); audit state and cgroups restored"
	fi
	exit "$rc"
}

# --- cgroup helpers -------------------------------------------------------------

hex64() { printf 'audisp-cgroup-shortlived:%s' "$1" | sha256sum | cut -c1-64; }
# --- preconditions -------------------------------------------------------------
(( EUID == 0 )) || skip "needs root (it runs auditd and creates cgroups)"
[[ -n ${ACG_BIN:-} ]] || die "set ACG_BIN to the audisp-cgroup binary to test"
[[ -f $ACG_BIN && -x $ACG_BIN ]] || die "ACG_BIN=$ACG_BIN is not an executable file"
[[ $COUNT =~ ^[1-9][0-9]{0,4}$ ]] || die "ACG_SL_COUNT=$COUNT is not a count (1..99999)"
[[ $SUBREAPER =~ ^[01]$ ]] || die "ACG_SL_SUBREAPER=$SUBREAPER is not 0 or 1"
ACG_REAL=$(readlink -f "$ACG_BIN")
for t in auditd auditctl awk sha256sum python3 sh; do
	command -v "$t" >/dev/null || skip "missing tool: $t"
done
[[ -x /bin/true && -x /bin/bash ]] || skip "missing /bin/true or /bin/bash"
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

for h in v2 name=systemd; do
	m=$(cg_mount "$h")
	[[ -n $m ]] || continue
	k=$h; [[ $h == name=systemd ]] && k=systemd
	MNT[$k]=$m
	HOME_CG[$k]=$(own_cgroup "$h")
done
HIERS=()
for h in v2 systemd; do
	if [[ -n ${MNT[$h]:-} ]]; then HIERS+=("$h"); else say "no $h hierarchy mounted: not used"; fi
done
(( ${#HIERS[@]} )) || skip "neither cgroup v2 nor a v1 name=systemd hierarchy is mounted"
say "cgroup mounts:$(for h in "${HIERS[@]}"; do printf ' %s=%s' "$h" "${MNT[$h]}"; done)"

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TMP=$(mktemp -d /tmp/audisp-cgroup-shortlived.XXXXXX)
chmod 0755 "$TMP"
mkdir "$TMP/plugins.d" "$TMP/bin"
if [[ -e $AUDITD_STATE ]]; then
	cp -p "$AUDITD_STATE" "$TMP/auditd.state.saved"
	STATE_SAVED=$TMP/auditd.state.saved
else
	STATE_SAVED=none
fi

# Possible reapers of an orphan: pid 1 and every ancestor of this script
# (a subreaper among them adopts the orphans instead of pid 1).
{
	echo 1
	p=$$
	while [[ $p != 1 && $p != 0 ]]; do
		read -r st < "/proc/$p/stat" || break
		# comm may hold spaces: the ppid is the 2nd field after the last ')'
		st=${st##*) }; p=${st#* }; p=${p%% *}
		[[ $p != 1 && $p != 0 ]] && echo "$p"
	done
} > "$TMP/reapers"

# --- the cgroups ----------------------------------------------------------------
C_NAME=() C_PATH=() C_EXP=()
# add NAME PATH unit runtime container_id rootless pod_uid qos ("-": absent)
add() {
	C_NAME+=("$1") C_PATH+=("$2")
	shift 2
	local IFS=$'\t'
	C_EXP+=("$*")
}
U=/user.slice/user-1000.slice
add service /system.slice/acg-sl.service \
	acg-sl.service - - - - -
I=$(hex64 docker-fs)
add docker-fs "/docker/$I" \
	- docker "$I" - - -
I=$(hex64 docker-sd)
add docker-sd "/system.slice/docker-$I.scope" \
	"docker-$I.scope" docker "$I" - - -
I=$(hex64 containerd-fs) P=$(uuid4 pod-containerd-fs)
add containerd-fs "/kubepods/burstable/pod$P/$I" \
	- - "$I" - "$P" burstable
I=$(hex64 containerd-sd) P=$(uuid4 pod-containerd-sd)
add containerd-sd "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${P//-/_}.slice/cri-containerd-$I.scope" \
	"cri-containerd-$I.scope" containerd "$I" - "$P" besteffort
I=$(hex64 crio-sd) P=$(uuid4 pod-crio-sd)
add crio-sd "/kubepods.slice/kubepods-pod${P//-/_}.slice/crio-$I.scope" \
	"crio-$I.scope" crio "$I" - "$P" guaranteed
I=$(hex64 podman)
add podman "/machine.slice/libpod-$I.scope" \
	"libpod-$I.scope" podman "$I" - - -
I=$(hex64 podman-rootless)
add podman-rootless "$U/user@1000.service/user.slice/libpod-$I.scope" \
	user@1000.service podman "$I" true - -

{
	printf 'name\tpath\tunit\truntime\tcontainer_id\trootless\tpod_uid\tqos\n'
	for (( i = 0; i < ${#C_NAME[@]}; i++ )); do
		for h in "${HIERS[@]}"; do cg_mkdir "$h" "${C_PATH[i]}"; done
		printf '%s\t%s\t%s\n' "${C_NAME[i]}" "${C_PATH[i]}" "${C_EXP[i]}"
	done
} > "$TMP/expected.tsv"

# --- the workloads --------------------------------------------------------------
# The container shell: $1 cgroup name, $2 commands per kind, $3 its own
# marker, $4 1: orphans are orphaned before their first exec.  Bash builtins
# between the commands; every command is an execve with its marker.
cat > "$TMP/cshell.sh" <<-'EOF'
# acg shortlived container shell: NAME COUNT MARKER LATE
name=$1 n=$2 late=$4
for (( i = 0; i < n; i++ )); do
	/bin/true "m-$name-direct-$i"
	sh -c "sh -c '/bin/true m-$name-chain-$i; :'; :"
	# The orphan waits until the subshell that started it ($p) is gone: at
	# its exec it is an orphan.  Usually the sh has been seen at its own
	# exec before; with late=1 a bash subshell waits and execs at once.
	if (( late )); then
		( p=$BASHPID
		  ( while read -r _ _ _ pp _ < /proc/$BASHPID/stat && [[ $pp == "$p" ]]; do :; done
		    exec /bin/true "m-$name-orphan-$i" ) & )
	else
		( p=$BASHPID
		  sh -c "while read -r _ _ _ pp _ < /proc/\$\$/stat && [ \"\$pp\" = $p ]; do sleep 0.01; done; exec /bin/true m-$name-orphan-$i" & )
	fi
done
EOF
# The subreaper (ACG_SL_SUBREAPER=1): stays in the driver's cgroup, forks
# the container shell (which moves itself), reaps everything until none is
# left.  argv: cshell.sh NAME COUNT MARKER LATE PROCS...
cat > "$TMP/subreaper.py" <<-'EOF'
import ctypes, os, sys
if ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) != 0:  # PR_SET_CHILD_SUBREAPER
    sys.exit("prctl(PR_SET_CHILD_SUBREAPER) failed")
if os.fork() == 0:
    for f in sys.argv[6:]:
        with open(f, "w") as fh:
            fh.write(str(os.getpid()))
    os.execv("/bin/bash", ["/bin/bash"] + sys.argv[1:6])
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
EOF
# The runtime helper (run by a copy of bash named runc, in the driver's
# cgroup): $1 cgroup name, $2 count, $3 its own marker, then the
# cgroup.procs files to join.
cat > "$TMP/movein.sh" <<-'EOF'
# acg shortlived runtime helper: NAME COUNT MARKER PROCS...
name=$1 n=$2
shift 3
for (( i = 0; i < n; i++ )); do
	( for f in "$@"; do echo "$BASHPID" > "$f" || exit 1; done
	  exec /bin/true "m-$name-movein-$i" )
done
EOF
cp /bin/bash "$TMP/bin/runc"
RUNC_COPY=$TMP/bin/runc
mkfifo "$TMP/ready.fifo" "$TMP/go.fifo" "$TMP/done.fifo"

# procs_files I: the cgroup.procs files of cgroup I, one per hierarchy.
procs_files() {
	local h
	for h in "${HIERS[@]}"; do echo "${MNT[$h]}${C_PATH[$1]}/cgroup.procs"; done
}

# cshell I: a forked child of the driver moves itself into cgroup I, then
# becomes the container shell; or becomes the subreaper that does so.
cshell() {
	local f files
	mapfile -t files < <(procs_files "$1")
	if (( SUBREAPER )); then
		exec python3 "$TMP/subreaper.py" "$TMP/cshell.sh" "${C_NAME[$1]}" \
			"$COUNT" "cshell-${C_NAME[$1]}" 1 "${files[@]}"
	fi
	for f in "${files[@]}"; do
		echo "$BASHPID" > "$f" || exit 1
	done
	exec /bin/bash "$TMP/cshell.sh" "${C_NAME[$1]}" "$COUNT" "cshell-${C_NAME[$1]}" 0
}

# helper I: the runc copy that moves its children into cgroup I.
helper() {
	local files
	mapfile -t files < <(procs_files "$1")
	exec "$RUNC_COPY" "$TMP/movein.sh" "${C_NAME[$1]}" "$COUNT" \
		"runc-${C_NAME[$1]}" "${files[@]}"
}

# driver: takes a loginuid of its own (and so a new audit session), says
# so, waits for "go", starts a container shell and a helper per cgroup,
# waits for them, says "done", waits for "end", then execs the sentinel.
# Every fifo is opened read-write, so that no open blocks.
driver() {
	local go i rc=0 s pids=()
	if echo "$WL_AUID" 2>/dev/null > /proc/self/loginuid; then
		s=
		read -r s < /proc/self/sessionid || true	# no newline there
		echo "ok $s" 1<> "$TMP/ready.fifo"
	else
		echo "fail" 1<> "$TMP/ready.fifo"
	fi
	read -r go <> "$TMP/go.fifo"
	[[ $go == go ]] || exit 1
	for (( i = 0; i < ${#C_NAME[@]}; i++ )); do
		cshell "$i" &
		pids+=("$!")
		helper "$i" &
		pids+=("$!")
	done
	for i in "${pids[@]}"; do wait "$i" || rc=1; done
	echo "done $rc" 1<> "$TMP/done.fifo"
	read -r go <> "$TMP/go.fifo"
	[[ $go == end ]] || exit 1
	exec /bin/true sl-sentinel
}

# --- auditd with our plugin -----------------------------------------------------
write_auditd_conf "$TMP" RAW 60000
printf 'output = file\nfile = %s\nhost_root = /\nstate_file = %s\n' \
	"$TMP/events.json" "$TMP/plugin.state" > "$TMP/acg.conf"
chmod 0600 "$TMP/acg.conf"
"$ACG_BIN" -c "$TMP/acg.conf" --check > "$TMP/check.out" 2>&1 ||
	die "ACG_BIN rejects its config: $(cat "$TMP/check.out")"
# auditd gives its plugins no stderr: a wrapper keeps the plugin's (its
# exit summary) in a file, then execs the plugin.
cat > "$TMP/bin/plugin" <<-EOF
#!/bin/sh
exec '$ACG_REAL' "\$@" 2>>'$TMP/plugin.err'
EOF
chmod 0755 "$TMP/bin/plugin"
cat > "$TMP/plugins.d/audisp-cgroup.conf" <<-EOF
active = yes
direction = out
path = $TMP/bin/plugin
type = always
args = -c $TMP/acg.conf
format = string
EOF
chmod 0640 "$TMP/plugins.d/audisp-cgroup.conf"

# auditd -n keeps its stdout and stderr, and its plugins inherit them.
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
say "auditd pid $AUDITD_PID, plugin pid $PLUGIN_PID ($ACG_REAL)"
auditctl -b "$BACKLOG" >/dev/null
auditctl --backlog_wait_time 60000 >/dev/null

driver &
DRIVER_PID=$!
line=
read -r -t 10 line <> "$TMP/ready.fifo" || die "the workload driver did not start"
FILTER=()
if [[ $line =~ ^ok\ [0-9]+$ ]]; then
	SES=${line#ok }
	FILTER=(-F auid="$WL_AUID" -F sessionid="$SES")
	say "workload: loginuid $WL_AUID, audit session $SES; rules filtered on both"
else
	say "workload: cannot set a loginuid (loginuid_immutable: $(status_field loginuid_immutable)); rules unfiltered, markers pick out the workload"
fi
RULES_LOADED=1
for arch in b64 b32; do
	if ! auditctl -a always,exit -F arch=$arch -S execve -S execveat \
	        "${FILTER[@]}" -k "$KEY_EXEC" >/dev/null 2>"$TMP/auditctl.err"; then
		[[ $arch == b32 ]] || die "cannot add execve rule: $(cat "$TMP/auditctl.err")"
	fi
	# With a subreaper in play, orphans are only known by their birth:
	# the fork records tell the plugin whom each child came from.
	if (( SUBREAPER )) && [[ $arch == b64 ]]; then
		auditctl -a always,exit -F arch=$arch -S clone -S fork -S vfork \
			"${FILTER[@]}" -k "$KEY_EXEC-fork" >/dev/null 2>"$TMP/auditctl.err" ||
			die "cannot add fork rule: $(cat "$TMP/auditctl.err")"
	fi
done
auditctl -e 1 >/dev/null
lost0=$(status_field lost)
say "running ${#C_NAME[@]} cgroups x 4 kinds x $COUNT commands (in ${HIERS[*]})"
t0=$(date +%s.%N)
echo go 1<> "$TMP/go.fifo"
read -r -t 300 line <> "$TMP/done.fifo" || die "the workload did not finish within 300 s"
[[ $line == "done 0" ]] || die "a container shell or helper failed ($line)"
# orphans may still be running: wait for every workload process to be gone
for (( t = 0; t < 300; t++ )); do
	[[ -z $(our_pids) ]] && break
	sleep 0.1
done
(( t < 300 )) || die "workload processes still running 30 s after the shells: $(our_pids | tr '\n' ' ')"
t1=$(date +%s.%N)
echo end 1<> "$TMP/go.fifo"
wait "$DRIVER_PID" || die "the workload driver failed"
DRIVER_PID=
# the sentinel's event in the output: everything before it went through
for (( t = 0; t < 600; t++ )); do
	grep -qF '"sl-sentinel"' "$TMP/events.json" 2>/dev/null && break
	kill -0 "$AUDITD_PID" 2>/dev/null || die "auditd exited early: $(cat "$TMP/auditd.out")"
	sleep 0.1
done
t2=
if (( t < 600 )); then
	t2=$(date +%s.%N)
else
	say "WARNING: the sentinel's event did not arrive within 60 s"
fi
lost1=$(status_field lost)
# auditd 3.x dumps its state on SIGCONT
rm -f "$AUDITD_STATE"
kill -CONT "$AUDITD_PID"
for (( t = 0; t < 50; t++ )); do
	[[ -s $AUDITD_STATE ]] && break
	sleep 0.1
done
if [[ -s $AUDITD_STATE ]]; then
	sleep 0.1
	cp "$AUDITD_STATE" "$TMP/state.txt"
else
	: > "$TMP/state.txt"
fi
auditctl -D >/dev/null
RULES_LOADED=0
stop_auditd
remove_cgroups
[[ -f $TMP/events.json ]] || die "the plugin wrote no $TMP/events.json"

# --- what happened -------------------------------------------------------------
say "kernel: lost $lost0 before, $lost1 after ($(( lost1 - lost0 )) lost during the run)"
if [[ -s $TMP/state.txt ]]; then
	ovf=$(awk -F' = ' '/plugin queue overflow detected/ { print $2 }' "$TMP/state.txt")
	say "auditd plugin queue: overflow ${ovf:-?}; $(grep -E 'plugin queue size|max plugin queue depth used' "$TMP/state.txt" | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
else
	say "auditd plugin queue: no state dump from auditd (SIGCONT)"
fi
if grep -qiE 'queue to plugins is full|overflowing its queue' "$TMP/auditd.out"; then
	say "auditd reported a plugin queue overflow: $(grep -iE 'queue to plugins is full|overflowing its queue' "$TMP/auditd.out" | head -1)"
fi
grep -E '^(queue_|records_|events_out|source_|process_table|forks_|orphans_|session_|helper_|fresh_|cpu_)' \
	"$TMP/plugin.state" 2>/dev/null | tr '\n' ' ' | sed "s/^/$PROG: plugin: /; s/ $/\n/" ||
	say "WARNING: no state file from the plugin"

# --- the check ------------------------------------------------------------------
python3 - "$TMP/events.json" "$TMP/expected.tsv" "$TMP/reapers" "$TMP/plugin.err" \
	"$COUNT" "$STRICT" "$t0" "$t1" "${t2:-}" "$SUBREAPER" <<-'EOF'
import collections, json, os, re, sys

(events_path, expected_path, reapers_path, plugin_err,
 count, strict, t0, t1, t2, subreaper) = sys.argv[1:11]
count, strict = int(count), strict == "1"
KINDS = ("direct", "orphan", "chain", "movein")
SOURCES = ("pid", "cache", "parent", "ancestor", "none")
PROG = "shortlived-live"

with open(expected_path, encoding="utf-8") as f:
    rows = [l.split("\t") for l in f.read().splitlines()]
want = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
with open(reapers_path, encoding="utf-8") as f:
    reapers = {int(x) for x in f.read().split()}

mark_re = re.compile(r"^m-(.+)-(direct|orphan|chain|movein)-(\d+)$")
found = collections.defaultdict(list)   # marker -> events
refs, hosts = {}, {}                     # cgroup -> cshell / runc events
unparsed = bad = execs = 0
with open(events_path, encoding="utf-8", errors="replace") as f:
    for n, line in enumerate(f, 1):
        try:
            ev = json.loads(line)
        except ValueError:
            bad += 1
            continue
        if ev.get("type") == "UNPARSED":
            unparsed += 1
        ex = ev.get("records", {}).get("EXECVE")
        if not isinstance(ex, dict):
            continue
        execs += 1
        for a in ex.get("argv") or []:
            if not isinstance(a, str):
                continue
            m = mark_re.match(a)
            if m and m.group(1) in want and int(m.group(3)) < count:
                found[a].append(ev)
            elif (a.startswith("cshell-") and a[7:] in want
                  and ex["argv"][0] == "/bin/bash"):
                refs.setdefault(a[7:], []).append(ev)
            elif a.startswith("runc-") and a[5:] in want:
                hosts.setdefault(a[5:], []).append(ev)

def ident(ev):
    """The identity proper: cgroup without source/ancestor, and the rest."""
    cg = {k: v for k, v in ev.get("cgroup", {}).items()
          if k not in ("source", "ancestor_pid")}
    return json.dumps({"cgroup": cg, "systemd": ev.get("systemd", {}),
                       "container": ev.get("container", {}),
                       "pod": ev.get("pod", {})}, sort_keys=True)

def source(ev):
    return ev.get("cgroup", {}).get("source", "?")

passed = failed = 0
def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
    print("%s: %-4s %s" % (PROG, "ok" if ok else "FAIL", what))

# references: the container shell's own identity, checked against the layout
ref_ident, ref_bad = {}, []
for name, e in want.items():
    evs = refs.get(name, [])
    if len(evs) != 1:
        ref_bad.append("%s: %d container shell events" % (name, len(evs)))
        continue
    ev = evs[0]
    exp = {k: (None if v == "-" else v) for k, v in e.items()}
    got = {"unit": ev.get("systemd", {}).get("unit"),
           "runtime": ev.get("container", {}).get("runtime"),
           "container_id": ev.get("container", {}).get("id"),
           "rootless": "true" if ev.get("container", {}).get("rootless") else None,
           "pod_uid": ev.get("pod", {}).get("uid"),
           "qos": ev.get("pod", {}).get("qos")}
    why = [("%s %r, expected %r" % (k, got[k], exp[k])) for k in got if got[k] != exp[k]]
    if source(ev) != "pid":
        why.append("source %r" % source(ev))
    if not str(ev.get("cgroup", {}).get("path", "")).endswith(exp["path"]):
        why.append("path %r" % ev.get("cgroup", {}).get("path"))
    if why:
        ref_bad.append("%s: %s; event %s" % (name, "; ".join(why), json.dumps(ev)))
    ref_ident[name] = ident(ev)
for r in ref_bad:
    print("%s: reference %s" % (PROG, r))
check(not ref_bad, "each container shell has its cgroup's identity, source pid (%d cgroups)" % len(want))
host_ident = {ident(evs[0]) for evs in hosts.values() if evs}

# classify every marker
tot = {k: collections.Counter() for k in KINDS}           # class counts
src = {k: collections.Counter() for k in KINDS}           # source counts
by_src = collections.defaultdict(collections.Counter)     # source -> class
wrong_ev, dup, missing, not_orphan, host_hits = [], [], [], [], []
for name in want:
    for kind in KINDS:
        for i in range(count):
            m = "m-%s-%s-%d" % (name, kind, i)
            evs = found.get(m, [])
            if not evs:
                missing.append(m)
                tot[kind]["missing"] += 1
                continue
            if len(evs) > 1:
                dup.append(m)
                tot[kind]["duplicate"] += 1
                continue
            ev = evs[0]
            s = source(ev)
            src[kind][s] += 1
            cg = ev.get("cgroup", {})
            idt = ident(ev)
            if name in ref_ident and idt == ref_ident[name]:
                cls = "exact"
            elif (s == "none" and "path" not in cg and not ev.get("systemd")
                  and not ev.get("container") and not ev.get("pod")):
                cls = "unknown"
            else:
                cls = "wrong"
                wrong_ev.append((m, ev))
            tot[kind][cls] += 1
            by_src[s][cls] += 1
            if kind == "movein" and idt in host_ident:
                host_hits.append(m)
            if kind == "orphan":
                ppid = ev.get("records", {}).get("SYSCALL", {}).get("ppid")
                cshell = refs.get(name, [{}])[0]
                adopter = cshell.get("records", {}).get("SYSCALL", {}).get("ppid")
                if ppid not in reapers and not (subreaper == "1" and ppid == adopter):
                    not_orphan.append("%s (ppid %s)" % (m, ppid))

# the report
n_kind = len(want) * count
print("%s: %-7s %6s %6s %6s %6s %6s %8s   %s" % (PROG, "kind", "total", "exact",
      "unknwn", "WRONG", "missng", "exact%", " ".join("%s" % s for s in SOURCES)))
for k in KINDS:
    t = tot[k]
    print("%s: %-7s %6d %6d %6d %6d %6d %7.2f%%   %s" % (PROG, k, n_kind, t["exact"],
          t["unknown"], t["wrong"], t["missing"] + t["duplicate"],
          100.0 * t["exact"] / n_kind,
          " ".join("%s=%d" % (s, src[k][s]) for s in SOURCES
                   if src[k][s] or s in ("pid", "none"))))
for s in SOURCES + tuple(x for x in by_src if x not in SOURCES):
    c = by_src.get(s)
    if c:
        print("%s: source %-8s exact %d, unknown %d, WRONG %d" % (PROG, s, c["exact"],
              c["unknown"], c["wrong"]))
if tot["movein"]["unknown"] or tot["movein"]["exact"]:
    print("%s: movein unknown share %.2f%%" % (PROG, 100.0 * tot["movein"]["unknown"] / n_kind))
wall = float(t1) - float(t0)
print("%s: %d markers, %d execve events in %.1f s of workload (%.0f events/s)%s" % (
      PROG, 4 * n_kind, execs, wall, execs / wall if wall > 0 else 0,
      "; the plugin's output caught up %.1f s later" % (float(t2) - float(t1)) if t2 else ""))
if bad or unparsed:
    print("%s: events.json: %d lines not JSON, %d UNPARSED" % (PROG, bad, unparsed))

for m, ev in wrong_ev[:10]:
    print("%s: WRONG %s (expected %s): %s" % (PROG, m, ref_ident.get(mark_re.match(m).group(1)),
          json.dumps(ev, sort_keys=True)))
if len(wrong_ev) > 10:
    print("%s: ... and %d more WRONG" % (PROG, len(wrong_ev) - 10))
for what, lst in (("missing", missing), ("duplicated", dup), ("not orphaned", not_orphan),
                  ("movein with the host identity", host_hits)):
    if lst:
        print("%s: %s: %s%s" % (PROG, what, " ".join(lst[:10]),
              " ... (%d)" % len(lst) if len(lst) > 10 else ""))

# the assertions
for k in KINDS:
    check(tot[k]["missing"] == 0 and tot[k]["duplicate"] == 0,
          "%s: every marker exactly once (%d missing, %d duplicated)" % (
          k, tot[k]["missing"], tot[k]["duplicate"]))
    check(tot[k]["wrong"] == 0, "%s: no WRONG identity (%d)" % (k, tot[k]["wrong"]))
check(bool(host_ident) and not host_hits,
      "movein: no event with the host identity (%d)" % len(host_hits))
check(not not_orphan, "orphan: every orphan's ppid is 1 or a subreaper (%d not)" % len(not_orphan))
table = None
state = {}
try:
    with open(os.path.join(os.path.dirname(plugin_err), "plugin.state"),
              encoding="utf-8", errors="replace") as f:
        for line in f:
            k, _, v = line.partition(" = ")
            state[k.strip()] = v.strip()
    table = (int(state["process_table"]), int(state["process_table_max"]))
except (OSError, KeyError, ValueError):
    pass
check(table is not None and table[0] <= table[1],
      "process table within its bound (%s)" % ("%d/%d" % table if table else "no state file"))
check(state.get("queue_dropped") == "0",
      "the plugin's reader dropped no record (queue_dropped %s)" % state.get("queue_dropped"))
if strict:
    for k in ("direct", "orphan", "chain"):
        share = tot[k]["exact"] / n_kind
        check(share >= 0.999, "strict: %s >= 99.9%% exact (%.2f%%)" % (k, 100 * share))
print("%s: %d passed, %d failed" % (PROG, passed, failed))
sys.exit(1 if failed else 0)
EOF
