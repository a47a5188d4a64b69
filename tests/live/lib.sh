# lib.sh - what the live tests and the recorders share: stopping what they
# started, the kernel's audit status, and making and removing cgroups.
# Sourced, not run.  The caller defines say(), and the state these use:
#   AUDITD_PID, PLUGIN_PID, ACG_REAL   (stop_auditd, reap_plugin, is_plugin)
#   CREATED=() and the associative arrays MNT and HOME_CG
#                                      (cg_mkdir, remove_cgroups)
#   hex64 NAME                         (uuid4)
# Every process these signal is one the caller started or one inside a
# cgroup the caller created.

status_field() { auditctl -s | awk -v k="$1" '$1 == k { print $2; exit }'; }

# stop_pid PID SECONDS: SIGTERM, wait up to SECONDS, then SIGKILL.  Only ever
# called with pids this script started.
stop_pid() {
	local pid=$1 t=$(( $2 * 10 ))
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
	kill -TERM "$pid" 2>/dev/null || true
	while (( t-- > 0 )) && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then
		say "pid $pid ignored SIGTERM, sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
}

# is_plugin PID: is PID still the plugin our auditd started?
is_plugin() {
	[[ $(readlink "/proc/$1/exe" 2>/dev/null) == "$ACG_REAL" ]]
}

# The plugin is auditd's child: it exits on stdin EOF once auditd is gone.
# Wait for it; kill it only if it is still our plugin after 10 s.
reap_plugin() {
	local t=100
	[[ -n $PLUGIN_PID ]] || return 0
	while (( t-- > 0 )) && is_plugin "$PLUGIN_PID"; do sleep 0.1; done
	if is_plugin "$PLUGIN_PID"; then
		say "plugin pid $PLUGIN_PID still alive 10 s after auditd exit, killing it"
		kill -KILL "$PLUGIN_PID" 2>/dev/null || true
	fi
	PLUGIN_PID=
}

stop_auditd() {
	[[ -n $AUDITD_PID ]] || return 0
	stop_pid "$AUDITD_PID" 20
	AUDITD_PID=
	reap_plugin
}

# Every process in a cgroup we created is ours (this run made the names):
# kill it, move what is left back home, then rmdir deepest first.
remove_cgroups() {
	local d h pid t busy pids
	for (( t = 0; t < 50; t++ )); do
		busy=0
		for d in "${CREATED[@]}"; do
			[[ -f $d/cgroup.procs ]] || continue
			mapfile -t pids < "$d/cgroup.procs"
			for pid in "${pids[@]}"; do
				busy=1
				kill -KILL "$pid" 2>/dev/null || true
			done
		done
		(( busy )) || break
		sleep 0.1
	done
	for (( t = ${#CREATED[@]} - 1; t >= 0; t-- )); do
		d=${CREATED[t]}
		[[ -d $d ]] || continue
		for h in "${!MNT[@]}"; do
			[[ $d == "${MNT[$h]}"/* ]] || continue
			mapfile -t pids < "$d/cgroup.procs"
			for pid in "${pids[@]}"; do
				echo "$pid" > "${MNT[$h]}${HOME_CG[$h]%/}/cgroup.procs" 2>/dev/null ||
					echo "$pid" > "${MNT[$h]}/cgroup.procs" 2>/dev/null || true
			done
		done
		rmdir "$d" 2>/dev/null || { sleep 0.2; rmdir "$d" 2>/dev/null; } ||
			say "WARNING: could not remove cgroup $d"
	done
	CREATED=()
}

# cg_mount KIND: the mount point of the v2 hierarchy (KIND v2) or of the v1
# hierarchy holding controller KIND (name=systemd, cpu, memory); only mounts
# of the hierarchy's root count.
cg_mount() {
	awk -v want="$1" '
	{
		for (i = 7; i <= NF && $i != "-"; i++) ;
		fstype = $(i + 1); sopts = $(i + 3)
		if ($4 != "/" || $5 ~ /\\/) next
		if (want == "v2") { if (fstype == "cgroup2") { print $5; exit } ; next }
		if (fstype != "cgroup") next
		n = split(sopts, o, ",")
		for (k = 1; k <= n; k++) if (o[k] == want) { print $5; exit }
	}' /proc/self/mountinfo
}

# own_cgroup KIND: this script's cgroup in that hierarchy.
own_cgroup() {
	awk -F: -v want="$1" '
	want == "v2" && $1 == "0" && $2 == "" { print $3; exit }
	want != "v2" && $1 != "0" {
		n = split($2, o, ",")
		for (k = 1; k <= n; k++) if (o[k] == want) { print $3; exit }
	}' /proc/self/cgroup
}

# cg_mkdir HIER PATH: mkdir -p, recording each directory we create.
cg_mkdir() {
	local d=${MNT[$1]} seg rest=${2#/}
	while [[ -n $rest ]]; do
		seg=${rest%%/*}
		if [[ $rest == */* ]]; then rest=${rest#*/}; else rest=; fi
		d=$d/$seg
		[[ -d $d ]] && continue
		mkdir "$d"
		CREATED+=("$d")
	done
}

uuid4() {
	local h
	h=$(hex64 "$1")
	printf '%s-%s-4%s-%x%s-%s' "${h:0:8}" "${h:8:4}" "${h:13:3}" \
		$(( (16#${h:16:1} & 3) | 8 )) "${h:17:3}" "${h:20:12}"
}
