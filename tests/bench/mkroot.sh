#!/bin/sh
# mkroot.sh STREAM ROOT - a fixture host root for the benchmark: a
# /proc/PID/cgroup (hybrid layout, as on this kind of host) for every pid
# and ppid in STREAM, spread over the layouts users run (host services,
# sessions, Docker, Kubernetes pods of both drivers, CRI-O, podman), so
# every event takes the full enrichment path.
set -eu
stream=$1
root=$2
mkdir -p "$root/proc"
pids=$(mktemp)
grep -ao ' ppid=[0-9]* pid=[0-9]*' "$stream" | tr -c '0-9\n' ' ' |
	tr ' ' '\n' | grep -v '^$' | sort -un > "$pids"
(cd "$root/proc" && xargs mkdir -p < "$pids")
awk -v root="$root" '
BEGIN {
	id = "7ed744df085dfa4b59692ee69186ec72fd3b2f6ae21a45058693c072d0e06f";
	uid = "4b00007e-6487-4b6b-b954-dc71b00983";
	uidu = "4b00007e_6487_4b6b_b954_dc71b00983";
}
{
	pid = $1; k = pid % 8; n = sprintf("%02x", pid % 64);
	if (k == 0) p = "/system.slice/svc" n ".service";
	else if (k == 1) p = "/user.slice/user-1000.slice/session-" n ".scope";
	else if (k == 2) p = "/system.slice/docker-" id n ".scope";
	else if (k == 3) p = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" uidu n ".slice/cri-containerd-" id n ".scope";
	else if (k == 4) p = "/kubepods/besteffort/pod" uid n "/" id n;
	else if (k == 5) p = "/kubepods.slice/kubepods-pod" uidu n ".slice/crio-" id n ".scope";
	else if (k == 6) p = "/machine.slice/libpod-" id n ".scope";
	else p = "/user.slice/user-1000.slice/user@1000.service/app.slice/app" n ".service";
	f = root "/proc/" pid "/cgroup";
	printf "12:memory:%s\n11:cpu,cpuacct:%s\n1:name=systemd:%s\n0::%s\n", p, p, p, p > f;
	close(f);
}' "$pids"
rm -f "$pids"
