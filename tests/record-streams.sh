#!/bin/bash
# record-streams.sh - record real auditd plugin streams for the test fixtures.
#
# WHAT IT RECORDS
#   For each run it starts the real auditd (foreground, private config) with one
#   plugin, a capture program that copies its stdin verbatim to a file.  That file
#   is byte for byte what a "format = string" plugin such as audisp-cgroup reads
#   on stdin.  A child "workload" shell then exec()s commands with known argv,
#   and the script writes, beside each stream, the argv it passed.
#
#   Runs (file names in OUTDIR):
#     special-raw.log       + special-raw.argv        log_format = RAW
#     special-enriched.log  + special-enriched.argv   log_format = ENRICHED
#     bulk-raw.log.xz       + bulk-raw.argv.xz        log_format = RAW
#     bulk-enriched.log.xz  + bulk-enriched.argv.xz   log_format = ENRICHED
#     recording-info.txt    versions, counts and the check results of each run
#
#   "special": awkward argv (spaces, quotes, newline, tab, invalid UTF-8,
#   multibyte UTF-8, empty args, backslash, %, 0x1D and other controls, args
#   around the kernel's 7500-byte split, 3 x 8 KiB args, one 24 KiB arg, 1000
#   args, a custom argv[0], a path with a space), one TCP connect to 127.0.0.1,
#   one refused connect to ::1 (SOCKADDR records), file writes under a watched
#   directory (PATH records, names with a space and non-ASCII bytes), and three
#   execs that are deliberately NOT in the .argv file: a "#!" script (the kernel
#   logs the interpreter's argv) and two failed execve (ENOENT, EACCES: SYSCALL
#   success=no and no EXECVE record).  Their first argument starts with "extra-".
#   "bulk": BULK_COUNT (default 10000) short /bin/true commands, as fast as bash
#   can fork them, every 1000th with one 9000-byte argument.
#
#   Only the workload shell is audited: the execve rules filter on ppid=<its
#   pid>, the connect rule on pid=<its pid>, the file watch on a private
#   directory.  The stream also holds what auditd and auditctl always emit
#   (DAEMON_START, CONFIG_CHANGE for each rule change, DAEMON_END).
#
# THE .argv FORMAT (one line per command, in exec order, LF-terminated)
#   <marker> <argv0> <argv1> ... <argvN-1>
#   marker is plain ASCII, "rec-" and six digits, and equals argv[1].
#   Each argv element is its exact bytes in UPPERCASE hex (the same alphabet the
#   kernel uses), an empty element is written as a single "-".  So the number
#   of fields after the marker is argc.
#
# HOW TO RE-RUN
#   sudo tests/record-streams.sh [OUTDIR]      (default: tests/data/streams)
#   BULK_COUNT=n overrides the bulk command count.  Needs root, auditd and
#   auditctl, od, awk, xz; python3 is optional (TCP listener).  Refuses to run
#   when an auditd is running or audit rules are loaded.  Outputs are written to
#   a temporary directory and moved into OUTDIR only when every run passed.
#
# WHAT IT RESTORES (trap on EXIT, INT, TERM; also after a failure)
#   auditctl -D; stops the auditd it started (SIGTERM to its pid, then waits);
#   stops its own capture, workload and listener processes (by pid); puts back
#   the kernel's enabled flag, backlog_limit and backlog_wait_time as they were;
#   removes /var/run/auditd.pid if it was ours; removes its temporary directory.
#   It never signals a process it did not start.

set -euo pipefail
export LC_ALL=C

readonly PROG=record-streams
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
OUTDIR=${1:-$SCRIPT_DIR/data/streams}
BULK_COUNT=${BULK_COUNT:-10000}
readonly KEY_EXEC=audisp_cgroup_rec KEY_NET=audisp_cgroup_net KEY_FILE=audisp_cgroup_file
readonly LISTEN_PORT=47613
readonly BACKLOG=8192
readonly AUDITD_PIDFILE=/var/run/auditd.pid

say()  { printf '%s: %s\n' "$PROG" "$*"; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

# --- state the trap needs ----------------------------------------------------
TMP=
AUDITD_PID=
CAPTURE_PIDFILE=
WORKLOAD_PID=
LISTENER_PID=
RULES_LOADED=0
INIT_ENABLED='' INIT_BACKLOG='' INIT_WAIT=''
PIDFILE_EXISTED=1

# status_field, stop_pid, stop_auditd, write_auditd_conf and the cgroup
# helpers: shared with the live tests
source "$SCRIPT_DIR/live/lib.sh"

cleanup() {
	local rc=$?
	set +e
	trap - EXIT INT TERM
	[[ -n $WORKLOAD_PID ]] && stop_pid "$WORKLOAD_PID" 5
	(( RULES_LOADED )) && auditctl -D >/dev/null
	stop_auditd
	[[ -n $LISTENER_PID ]] && stop_pid "$LISTENER_PID" 5
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
		say "FAILED (exit $rc); audit state restored, nothing written to $OUTDIR"
	fi
	exit "$rc"
}

# --- preconditions -------------------------------------------------------------
(( EUID == 0 )) || die "must run as root (sudo $0)"
for t in auditd auditctl od awk xz; do
	command -v "$t" >/dev/null || die "missing tool: $t"
done
if ! [[ $BULK_COUNT =~ ^[0-9]+$ ]] || (( BULK_COUNT > 999000 )); then
	die "bad BULK_COUNT"
fi
[[ $(status_field pid) == 0 ]] || die "an auditd is already running (auditctl -s: pid $(status_field pid))"
pgrep -x auditd >/dev/null && die "an auditd process exists; stop it first"
[[ $(auditctl -l) == "No rules" ]] || die "audit rules are loaded (auditctl -l); refusing to touch them"
INIT_ENABLED=$(status_field enabled)
[[ $INIT_ENABLED == 2 ]] && die "audit configuration is locked (enabled 2)"
INIT_BACKLOG=$(status_field backlog_limit)
INIT_WAIT=$(status_field backlog_wait_time)
[[ -e $AUDITD_PIDFILE ]] || PIDFILE_EXISTED=0

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

TMP=$(mktemp -d /tmp/audisp-cgroup-rec.XXXXXX)
chmod 0755 "$TMP"
mkdir "$TMP/out"
PYTHON=
for p in /usr/bin/python3 "$(command -v python3 || true)"; do
	[[ -n $p && -x $p ]] && { PYTHON=$p; break; }
done

# --- the workload: runs in a forked child; only its execs are audited ----------
# It uses bash builtins only between commands, so the only execve it makes are
# the commands below.  ARGV_FD receives "<argc>\0<argv0>\0...\0" per command.
SEQ=0
next_marker() { printf -v MARKER 'rec-%06d' $((++SEQ)); }

# run PATH ARGS...: exec PATH with argv = (PATH MARKER ARGS...)
run() {
	next_marker
	local path=$1; shift
	printf '%s\0' "$(( $# + 2 ))" "$path" "$MARKER" "$@" >&"$ARGV_FD"
	"$path" "$MARKER" "$@"
}

# run_argv0 ARGV0 PATH ARGS...: exec PATH with argv = (ARGV0 MARKER ARGS...)
run_argv0() {
	next_marker
	local a0=$1 path=$2; shift 2
	printf '%s\0' "$(( $# + 2 ))" "$a0" "$MARKER" "$@" >&"$ARGV_FD"
	( exec -a "$a0" "$path" "$MARKER" "$@" )
}

rep() { local s; printf -v s "%$2s" ''; REP=${s// /$1}; }   # REP = $1 x $2

# Literal backslashes, quotes and dollars below are on purpose.
# shellcheck disable=SC1003,SC2016
special_commands() {
	local T=/bin/true i many=()
	run $T plain words only
	run $T "hello world" "  leading and trailing  " " "
	run $T "it's" 'say "hi"' "both ' and \"" '"' "'"
	run $T $'line1\nline2' $'trailing newline\n' $'\n'
	run $T $'a\tb' $'\t' $'cr\rlf\n'
	run $T $'\xff\xfe' $'trunc\xe2\x82' $'\xc3' $'\x80abc' $'ok\xc3\x28bad' $'\xed\xa0\x80'
	run $T 'é' 'café' '中文' '😀' 'mixed ascii 中文 😀' $'\xc3\xa9'
	run $T "" ""
	run $T x "" y ""
	run $T '\' 'a\b' '\\n' 'C:\path\to' '\x41'
	run $T % '%s%d%n' '100%' '%%' '%1$s'
	run $T $'\x1d' $'a\x1db' $'\x1dAUID="root"' $'\x01' $'\x1b[31mred\x1b[0m' $'\x7f' $'\x02\x03\x04'
	run $T key=value 'a=b c=d' 'type=EXECVE msg=audit(1.2:3): a0="x"' a1=evil '(null)' 414243 '""' 'msg=audit(0.0:0):'
	run $T -- --help -x '-' '--' '*' '?' '$HOME' '`id`' '$(id)' ';' '|' '&&' '<>' '#'
	# around the kernel's split point (MAX_EXECVE_AUDIT_LEN = 7500)
	rep a 7499; local a7499=$REP; rep b 7500; local b7500=$REP; rep c 7501; local c7501=$REP
	run $T "$a7499" "$b7500" "$c7501"
	rep d 3749; run $T $'\x01'"$REP"          # 3750 bytes, hex-encoded to 7500 chars
	# three 8 KiB arguments (24 KiB total), then one 24 KiB argument
	rep 0123456789abcdef 512; local k8=$REP
	run $T "A$k8" "B$k8" "C$k8"
	rep 'The quick brown fox jumps over the lazy dog. ' 546
	run $T "${REP}"$'\n'"end é中文 \xff"
	# 1000 small arguments: many EXECVE records without any aN_len
	for (( i = 0; i < 1000; i++ )); do many+=("arg$i"); done
	run $T "${many[@]}"
	run_argv0 'custom argv0 with space' $T second third
	run_argv0 '' $T 'empty argv0'
	run "$WORK/bin dir/true link" 'via symlink with space'
	run $T tail-command 'last one'

	# not in the .argv file: kernel-rewritten argv and failed execve
	"$WORK/shebang script" extra-shebang 'arg one' || true
	"$WORK/no such dir/nothing" extra-enoent 2>/dev/null || true
	"$WORK/not-executable" extra-eacces 2>/dev/null || true

	# SOCKADDR: one accepted TCP connect (if the listener runs), one refused on ::1
	{ exec {sock}<>"/dev/tcp/127.0.0.1/$LISTEN_PORT" && exec {sock}>&-; } 2>/dev/null || true
	{ exec {sock}<>/dev/tcp/::1/9 && exec {sock}>&-; } 2>/dev/null || true
	# PATH records under the watched directory
	: > "$WORK/watched/plain.txt"
	: > "$WORK/watched/name with space"
	: > "$WORK/watched/caf"$'\xc3\xa9'"-"$'\xff'
	printf 'x\n' >> "$WORK/watched/plain.txt"
	# last: a marker command the recorder waits for
	run $T end-of-special
}

# shellcheck disable=SC1003
bulk_commands() {
	local T=/bin/true n args
	rep Z 9000; local big=$REP
	for (( n = 1; n <= BULK_COUNT; n++ )); do
		case $(( n % 8 )) in
		0) args=() ;;
		1) args=(--verbose) ;;
		2) args=("value=$n") ;;
		3) args=("two words" "") ;;
		4) args=($'tab\there' "é中文") ;;
		5) args=(-x "$(( n * 7919 % 100003 ))" '%s') ;;
		6) args=($'\xff' "path/to/file$n.txt") ;;
		7) args=("it's" 'say "hi"' '\') ;;
		esac
		(( n % 1000 == 0 )) && args+=("$big$n")
		run $T "${args[@]}"
	done
}

workload() {
	local kind=$1 go
	exec {ARGV_FD}>"$RUN/argv.nul"
	cd "$WORK/cwd dir"
	read -r go < "$RUN/go.fifo"     # wait until the rules are loaded
	[[ $go == go ]] || exit 1
	"${kind}_commands"
	exec {ARGV_FD}>&-
}

# --- helpers for the recorder ---------------------------------------------------

# NUL file from the workload -> .argv lines (marker, then uppercase hex; "-" = empty)
argv_nul_to_text() {
	od -An -v -tx1 "$1" | awk '
	BEGIN { state = "count" }
	{
		for (i = 1; i <= NF; i++) {
			b = toupper($i)
			if (b != "00") { cur = cur b; continue }
			if (state == "count") {           # cur: ASCII decimal digits
				left = 0
				for (j = 1; j <= length(cur); j += 2)
					left = left * 10 + (substr(cur, j + 1, 1) + 0)
				line = ""; idx = 0; state = "args"
			} else {
				if (idx == 1) {                 # argv[1] is the ASCII marker
					marker = ""
					for (j = 1; j <= length(cur); j += 2)
						marker = marker sprintf("%c", hexval(substr(cur, j, 2)))
				}
				line = line " " (cur == "" ? "-" : cur)
				idx++
				if (--left == 0) { print marker line; state = "count" }
			}
			cur = ""
		}
	}
	function hexval(h,   d, v, k) {
		v = 0
		for (k = 1; k <= 2; k++) v = v * 16 + index("0123456789ABCDEF", substr(h, k, 1)) - 1
		return v
	}'
}

# verify STREAM ARGVFILE: rebuild argv from the EXECVE records of each event and
# compare with the expected argv.  Prints "key value" lines.
verify_stream() {
	awk -v argvfile="$2" '
	BEGIN {
		for (c = 33; c < 127; c++) HX[sprintf("%c", c)] = sprintf("%02X", c)
		while ((getline l < argvfile) > 0) {
			n = split(l, f, " ")
			m = f[1]; sub(/^[^ ]* /, "", l)
			want[m] = l; nexp++
		}
	}
	function enc(v,   s, k) {              # field value -> uppercase hex, "-" if empty
		if (v ~ /^".*"$/) {
			v = substr(v, 2, length(v) - 2)
			if (v == "") return "-"
			s = ""
			for (k = 1; k <= length(v); k++) s = s HX[substr(v, k, 1)]
			return s
		}
		return v == "" ? "-" : toupper(v)
	}
	function finish(id,   k, line, m, hx, j) {
		if (!(id in argc)) return
		line = ""
		for (k = 0; k < argc[id]; k++) line = line (k ? " " : "") ((id SUBSEP k) in arg ? arg[id, k] : "?")
		hx = arg[id, 1]; m = ""
		for (j = 1; j <= length(hx); j += 2) m = m sprintf("%c", hexdig(substr(hx, j, 2)))
		if (m in want) {
			if (seen[m]++) dup++
			else if (want[m] == line) ok++
			else { bad++; if (bad <= 5) printf "mismatch %s\n", m }
		} else if (m ~ /^rec-/) unknown++
		else other++
		delete argc[id]
	}
	function hexdig(h,   v, k) {
		v = 0
		for (k = 1; k <= 2; k++) v = v * 16 + index("0123456789ABCDEF", substr(h, k, 1)) - 1
		return v
	}
	{ records++; sub(/\035.*/, "") }
	/^type=EOE / { eoe++ }
	/^type=SOCKADDR / { sockaddr++ }
	/^type=PATH / { path++ }
	/^type=PROCTITLE / { proctitle++ }
	/^type=EXECVE / {
		execve++
		id = $2
		for (i = 3; i <= NF; i++) {
			eq = index($i, "="); k = substr($i, 1, eq - 1); v = substr($i, eq + 1)
			if (k == "argc") { argc[id] = v + 0; continue }
			if (k ~ /_len$/) { lens++; continue }
			if (k ~ /\[/) { n = substr(k, 2, index(k, "[") - 2); arg[id, n] = arg[id, n] enc(v); parts++; continue }
			n = substr(k, 2) + 0; arg[id, n] = enc(v)
		}
	}
	/^type=EOE / { finish($2) }
	END {
		for (id in argc) { noeoe++; finish(id) }
		missing = 0
		for (m in want) if (!(m in seen)) { missing++; if (missing <= 5) printf "missing %s\n", m }
		printf "records %d\neoe %d\nexecve_records %d\nsplit_parts %d\naN_len %d\n", records, eoe, execve, parts, lens
		printf "sockaddr %d\npath %d\nproctitle %d\n", sockaddr, path, proctitle
		printf "expected %d\nmatched %d\nmismatched %d\nmissing %d\nduplicate %d\nunlisted_rec %d\nother_execve_events %d\nexecve_without_eoe %d\n", nexp, ok, bad, missing, dup, unknown, other, noeoe
	}' "$1"
}

# get KEY: value of "KEY value" in $v (the output of verify_stream)
get() { printf '%s\n' "$v" | awk -v k="$1" '$1 == k { print $2 }'; }

# record NAME KIND FORMAT: one auditd session, leaves $TMP/out/NAME.{log,argv}
record() {
	local name=$1 kind=$2 fmt=$3 t lost0 lost1 last
	RUN=$TMP/$name
	WORK=$RUN/work
	mkdir -p "$RUN/plugins.d" "$WORK/watched" "$WORK/cwd dir" "$WORK/bin dir"
	ln -s /bin/true "$WORK/bin dir/true link"
	printf '#!/bin/true\n' > "$WORK/shebang script"
	chmod 0755 "$WORK/shebang script"
	printf 'not a program\n' > "$WORK/not-executable"
	chmod 0644 "$WORK/not-executable"
	mkfifo "$RUN/go.fifo"
	write_auditd_conf "$RUN" "$fmt"
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

	say "[$name] starting auditd (log_format = $fmt)"
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

	workload "$kind" &
	WORKLOAD_PID=$!
	RULES_LOADED=1
	local arch
	for arch in b64 b32; do
		if ! auditctl -a always,exit -F arch=$arch -S execve -S execveat \
		        -F ppid="$WORKLOAD_PID" -k "$KEY_EXEC" >/dev/null 2>"$RUN/auditctl.err"; then
			[[ $arch == b32 ]] || die "cannot add execve rule: $(cat "$RUN/auditctl.err")"
			say "[$name] no b32 execve rule: $(cat "$RUN/auditctl.err")"
		fi
	done
	auditctl -a always,exit -F arch=b64 -S connect -F pid="$WORKLOAD_PID" -k "$KEY_NET" >/dev/null
	auditctl -w "$WORK/watched" -p wa -k "$KEY_FILE" >/dev/null
	auditctl -e 1 >/dev/null
	lost0=$(status_field lost)

	echo go > "$RUN/go.fifo"
	wait "$WORKLOAD_PID" || die "workload failed"
	WORKLOAD_PID=

	argv_nul_to_text "$RUN/argv.nul" > "$TMP/out/$name.argv"
	last=$(tail -n 1 "$TMP/out/$name.argv" | cut -d' ' -f1)
	for (( t = 0; t < 600; t++ )); do
		grep -qF "a1=\"$last\"" "$RUN/stream.log" && break
		sleep 0.1
	done
	(( t < 600 )) || say "[$name] WARNING: last marker $last never reached the plugin"
	sleep 1                              # let the tail of that event through
	lost1=$(status_field lost)
	auditctl -D >/dev/null
	RULES_LOADED=0
	stop_auditd
	cp "$RUN/stream.log" "$TMP/out/$name.log"

	local v
	v=$(verify_stream "$TMP/out/$name.log" "$TMP/out/$name.argv")
	printf '%s\n' "$v" | sed "s/^/[$name] /"
	{
		echo "== $name (log_format = $fmt)"
		echo "bytes $(wc -c < "$TMP/out/$name.log")"
		echo "kernel_lost_during_run $(( lost1 - lost0 ))"
		printf '%s\n' "$v"
		echo
	} >> "$TMP/out/recording-info.txt"
	(( lost1 == lost0 )) || die "[$name] kernel lost $(( lost1 - lost0 )) events; raise BACKLOG"
	[[ $(get mismatched) == 0 && $(get missing) == 0 && $(get duplicate) == 0 &&
	   $(get execve_without_eoe) == 0 && $(get matched) == $(get expected) ]] ||
		die "[$name] verification failed"
	if [[ $kind == special ]]; then
		(( $(get split_parts) > 0 && $(get sockaddr) > 0 && $(get path) > 0 &&
		   $(get proctitle) > 0 )) || die "[$name] missing record kinds"
		grep -q 'a[0-9]*_len=' "$TMP/out/$name.log" || die "[$name] no aN_len"
		grep -q "nametype=CREATE" "$TMP/out/$name.log" || die "[$name] no watched-file PATH"
	fi
	if [[ $fmt == ENRICHED ]]; then
		grep -q $'\x1d' "$TMP/out/$name.log" || die "[$name] no 0x1D in ENRICHED stream"
	fi
}

# --- main ---------------------------------------------------------------------
if [[ -n $PYTHON ]]; then
	"$PYTHON" -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(16)
print("ready", flush=True)
while True:
    c, _ = s.accept(); c.close()
' "$LISTEN_PORT" > "$TMP/listener.out" 2>&1 &
	LISTENER_PID=$!
	for (( t = 0; t < 50; t++ )); do grep -q ready "$TMP/listener.out" && break; sleep 0.1; done
	grep -q ready "$TMP/listener.out" || { say "TCP listener failed; connect will be refused"; stop_pid "$LISTENER_PID" 2; LISTENER_PID=; }
else
	say "no python3: the TCP connect will be refused (still a SOCKADDR)"
fi

{
	echo "# $PROG: recorded $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "# kernel $(uname -r), $(auditctl -v 2>&1 | head -n1 || true)"
	echo "# auditd $(dpkg-query -W -f '${Version}' auditd 2>/dev/null || echo '?')"
	echo "# execve rules: -F ppid=<workload>; connect: -F pid=<workload>; watch -p wa"
	echo
} > "$TMP/out/recording-info.txt"

record special-raw      special RAW
record special-enriched special ENRICHED
record bulk-raw         bulk    RAW
record bulk-enriched    bulk    ENRICHED

say "compressing bulk recordings (xz -9)"
for f in bulk-raw.log bulk-raw.argv bulk-enriched.log bulk-enriched.argv; do
	xz -9 -T1 "$TMP/out/$f"
done

mkdir -p "$OUTDIR"
for f in special-raw.log special-raw.argv special-enriched.log special-enriched.argv \
         bulk-raw.log.xz bulk-raw.argv.xz bulk-enriched.log.xz bulk-enriched.argv.xz \
         recording-info.txt; do
	mv -f "$TMP/out/$f" "$OUTDIR/$f"
done
say "done; wrote:"
( cd "$OUTDIR" && ls -l special-* bulk-* recording-info.txt )
