#!/bin/bash
# rsyslog.sh - live rsyslog check (opt-in): the syslog output of
# audisp-cgroup, through the rsyslog rules we ship, reaches a file and a
# remote collector complete, and no event is ever lost without being counted.
#
# USAGE
#   sudo ACG_BIN=/path/to/audisp-cgroup TEST_DATA=tests/data tests/live/rsyslog.sh
#   (make check-live sets both).  Exit 0: all passed; 1: a check failed;
#   2: usage or setup error; 77: skipped (not root; rsyslogd, python3 or xz
#   missing).  The reason is always printed.
#
# WHAT IT STARTS (all private; nothing system-wide is touched)
#   collector  rsyslogd -n -f <tmp>/collector/rsyslog.conf: imtcp on
#              127.0.0.1:<free port in 20000-60000>, writes every
#              audisp-cgroup message (%msg%) to collector/events.log.
#   sender     rsyslogd -n -f <tmp>/sender/rsyslog.conf: imuxsock on
#              <tmp>/sender/log.sock only (SysSock.Use="off", never
#              /dev/log; RateLimit.Interval="0"), then
#              contrib/rsyslog/audisp-cgroup.conf itself with its file
#              path, target and port pointed into <tmp> (that is where
#              maxMessageSize="8k" comes from).  Before it, a test-only
#              action keeps each raw datagram (%rawmsg%) in sender/raw.log;
#              after it, a catch-all in sender/other.log shows that "stop"
#              kept our events out of the normal logs.
#   the plugin ($ACG_BIN) with host_root = an empty <tmp>/root (no process
#   is found: identities are the same on every run), syslog_socket =
#   sender/log.sock, syslog_facility = local6, syslog_prefix = "@cee: ".
#
# THE CHECKS
#   1 syslog  special-raw.log (47 events, 8-20 KiB command lines) and the
#             bulk stream (10,014 events), "output = file, syslog": the
#             file copy is the reference.  Every event arrives once (by
#             id; count in = count out), every datagram is <= 8 KiB with
#             PRI local6.info and tag audisp-cgroup[pid], its JSON parses;
#             events that fit arrive byte for byte as in the file; events
#             longer than max_event_bytes (7680) arrive cut to it with a
#             "...[N bytes cut]..." (or "...[N items cut]...") marker and
#             id, time, type and cgroup unchanged, as many as the plugin
#             counted; the snippet's own file holds the same JSON text;
#             nothing went on to other.log, but a message from the plugin
#             without the cookie (its diagnostics) does.
#   2 forward the collector received every event over TCP (omfwd with the
#             snippet's disk-assisted queue), same JSON text.
#   3 absent  syslog_socket where nobody listens: the plugin exits 0 at EOF
#             within 20 s and reports write errors = events out = 47.
#   4 restart the sender is stopped after a third of the special stream
#             and started again after the second third (stdin is a FIFO we
#             hold open): events that arrived + write errors reported =
#             events in, some arrived after the restart, and the collector
#             has all that arrived (the queue survives the restart).
#   Deliveries are awaited by polling: at most 30 s each, and no longer than
#   5 s without progress.  The whole run takes about 10 s (20 s when
#   deliveries fail).  The plugin waits for room in its input queue for the
#   bulk stream (queue_full = wait), which is fed at disk speed, not auditd's.  Prints counts and, last,
#     rsyslog-live: N passed, M failed
#
# WHAT IT CLEANS UP (trap on EXIT, INT, TERM; also after a failure)
#   The rsyslogd and plugin processes it started (by pid: SIGTERM, then
#   SIGKILL after 10 s) and its temporary directory.  It never signals a
#   process it did not start.

set -uo pipefail
export LC_ALL=C

readonly PROG=rsyslog-live
readonly MAX_EVENT_BYTES=7680	# the plugin's default, which the snippet assumes
readonly MAX_MSG=8192		# the snippet's maxMessageSize="8k"
readonly WAIT=30		# seconds to wait for a delivery

say()  { printf '%s: %s\n' "$PROG" "$*"; }
skip() { printf '%s: SKIP: %s\n' "$PROG" "$*"; exit 77; }
die()  { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 2; }

PASSED=0
FAILED=0
pass() { PASSED=$(( PASSED + 1 )); printf 'PASS: %s\n' "$*"; }
fail() { FAILED=$(( FAILED + 1 )); printf 'FAIL: %s\n' "$*"; }
# verdict EXPR PASS-TEXT FAIL-TEXT: EXPR is arithmetic, on numeric variables
verdict() { if (( $1 )); then pass "$2"; else fail "$3"; fi; }

[[ -n ${ACG_BIN:-} ]] || die "ACG_BIN (the audisp-cgroup binary) is required"
[[ -x $ACG_BIN ]] || die "ACG_BIN=$ACG_BIN is not executable"
HERE=$(cd "$(dirname "$0")" && pwd)
TEST_DATA=${TEST_DATA:-$HERE/../data}
SNIPPET=$HERE/../../contrib/rsyslog/audisp-cgroup.conf
SPECIAL=$TEST_DATA/streams/special-raw.log
BULK=$TEST_DATA/streams/bulk-raw.log.xz
[[ -r $SPECIAL && -r $BULK ]] || die "no recorded streams under $TEST_DATA/streams"
[[ -r $SNIPPET ]] || die "no $SNIPPET"

[[ $(id -u) == 0 ]] || skip "not root (rsyslogd must write its own work files)"
RSYSLOGD=$(command -v rsyslogd || true)
[[ -n $RSYSLOGD ]] || RSYSLOGD=$( [[ -x /usr/sbin/rsyslogd ]] && echo /usr/sbin/rsyslogd )
[[ -n $RSYSLOGD ]] || skip "rsyslogd is not installed (apt-get install rsyslog)"
command -v python3 >/dev/null || skip "python3 is not installed"
command -v xz >/dev/null || skip "xz is not installed"

# --- state the trap needs ------------------------------------------------
TMP=
SENDER_PID=
COLLECTOR_PID=
PLUGIN_PID=

# stop_pid PID: SIGTERM, wait up to 10 s, then SIGKILL.  Only ever called
# with pids this script started.
stop_pid() {
	local pid=$1 t=100
	[[ -n $pid ]] || return 0
	kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
	kill -TERM "$pid" 2>/dev/null
	while (( t-- > 0 )) && kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then
		say "pid $pid ignored SIGTERM, sending SIGKILL"
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	return 0
}

cleanup() {
	trap - EXIT INT TERM
	exec 4>&- 2>/dev/null
	stop_pid "$PLUGIN_PID"
	stop_pid "$SENDER_PID"
	stop_pid "$COLLECTOR_PID"
	# ACG_RSYSLOG_KEEP=DIR keeps what rsyslog wrote (README's example)
	if [[ -n ${ACG_RSYSLOG_KEEP:-} && -n $TMP && -d $TMP ]]; then
		mkdir -p -- "$ACG_RSYSLOG_KEEP" && cp -r -- "$TMP"/. "$ACG_RSYSLOG_KEEP"/
	fi
	[[ -n $TMP && -d $TMP ]] && rm -rf -- "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

TMP=$(mktemp -d "${TMPDIR:-/tmp}/acg-rsyslog.XXXXXX") || die "mktemp failed"
mkdir -p "$TMP/sender" "$TMP/collector" "$TMP/root/proc" "$TMP/absent"

# rsyslogd is started with a clean environment for systemd: never socket
# activation or readiness notification meant for the real one; and without
# fd 4, the FIFO feeding the plugin in check 4, which would otherwise never
# see EOF.
start_rsyslogd() {	# DIR: starts DIR/rsyslog.conf, sets REPLY to the pid
	local dir=$1
	env -u LISTEN_FDS -u LISTEN_PID -u LISTEN_FDNAMES -u NOTIFY_SOCKET \
		"$RSYSLOGD" -n -f "$dir/rsyslog.conf" -i "$dir/rsyslogd.pid" \
		>>"$dir/rsyslogd.out" 2>&1 4>&- &
	REPLY=$!
}

# wait_lines FILE N: wait until FILE has N lines; give up after $WAIT s, or
# after 5 s without a new line.
wait_lines() {
	local file=$1 want=$2 t=0 last=-1 still=0 n
	while (( t++ < WAIT * 10 )); do
		n=$(lines "$file")
		(( n >= want )) && return 0
		if (( n == last )); then
			(( ++still >= 50 )) && break
		else
			still=0 last=$n
		fi
		sleep 0.1
	done
	(( $(lines "$file") >= want ))
}

# wait_for SECONDS COMMAND...: poll COMMAND every 0.1 s until it succeeds.
wait_for() {
	local t=$(( $1 * 10 ))
	shift
	while (( t-- > 0 )); do
		"$@" && return 0
		sleep 0.1
	done
	"$@"
}

port_free() {
	python3 -c 'import socket,sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)' "$1"
}
port_listens() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
lines() { if [[ -f $1 ]]; then wc -l < "$1"; else echo 0; fi; }

# The event ids of a raw stream, one per line (the plugin's "id" field).
stream_ids() {
	python3 -c 'import re,sys
seen = set()
for line in sys.stdin.buffer:
    m = re.match(rb"(?:node=\S+ )?type=\S+ msg=audit\(([0-9.]+:[0-9]+)\)", line)
    if m and m.group(1) not in seen:
        seen.add(m.group(1))
        sys.stdout.write(m.group(1).decode() + "\n")'
}

# summary_field FILE KEY [OLD-NAME]: a counter from the plugin's exit
# summary, "status: ...,KEY = N,..." (or, from older builds, "OLD-NAME N").
summary_field() {
	local v
	v=$(sed -n "s/.*[ ,]$2 = \([0-9][0-9]*\).*/\1/p" "$1" | head -n 1)
	[[ -z $v && -n ${3:-} ]] &&
		v=$(sed -n "s/.*[ ,;]$3 \([0-9][0-9]*\).*/\1/p" "$1" | head -n 1)
	printf '%s\n' "$v"
}

# --- the collector -------------------------------------------------------
PORT=
for _ in 1 2 3 4 5 6 7 8 9 10; do
	p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
	port_free "$p" || continue
	cat > "$TMP/collector/rsyslog.conf" <<EOF
global(workDirectory="$TMP/collector" maxMessageSize="8k")
module(load="imuxsock" SysSock.Use="off")
module(load="imtcp")
template(name="acgMsg" type="string" string="%msg%\n")
ruleset(name="fromSender") {
	if \$programname == "audisp-cgroup" then {
		action(type="omfile" file="$TMP/collector/events.log" template="acgMsg")
	} else {
		action(type="omfile" file="$TMP/collector/other.log")
	}
}
input(type="imtcp" address="127.0.0.1" port="$p" ruleset="fromSender")
EOF
	start_rsyslogd "$TMP/collector"
	COLLECTOR_PID=$REPLY
	if wait_for 10 port_listens "$p"; then
		PORT=$p
		break
	fi
	stop_pid "$COLLECTOR_PID"
	COLLECTOR_PID=
done
[[ -n $PORT ]] || { cat "$TMP/collector/rsyslogd.out" >&2; die "no collector could listen"; }
say "collector rsyslogd pid $COLLECTOR_PID on 127.0.0.1:$PORT"

# --- the sender, with the shipped snippet --------------------------------
# replace_once FILE FROM TO: the snippet must hold FROM exactly once.
replace_once() {
	local n
	n=$(grep -cF -- "$2" "$1")
	[[ $n == 1 ]] || die "$SNIPPET: expected '$2' once, found it $n times"
	FROM=$2 TO=$3 python3 -c 'import os,sys
p = sys.argv[1]
s = open(p).read().replace(os.environ["FROM"], os.environ["TO"])
open(p, "w").write(s)' "$1"
}
cp "$SNIPPET" "$TMP/sender/snippet.conf"
replace_once "$TMP/sender/snippet.conf" 'file="/var/log/audisp-cgroup-rsyslog.log"' "file=\"$TMP/sender/events.log\""
replace_once "$TMP/sender/snippet.conf" 'target="logs.example.net" port="514"' "target=\"127.0.0.1\" port=\"$PORT\""
SIZE_LINE=
grep -q '^global(maxMessageSize=' "$TMP/sender/snippet.conf" ||
	SIZE_LINE='global(maxMessageSize="8k")'
cat > "$TMP/sender/rsyslog.conf" <<EOF
global(workDirectory="$TMP/sender")
$SIZE_LINE
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="$TMP/sender/log.sock" RateLimit.Interval="0")
template(name="acgRaw" type="string" string="%rawmsg%\n")
if \$programname == "audisp-cgroup" then {
	action(type="omfile" file="$TMP/sender/raw.log" template="acgRaw")
}
include(file="$TMP/sender/snippet.conf")
action(type="omfile" file="$TMP/sender/other.log")
EOF
if ! "$RSYSLOGD" -N1 -f "$TMP/sender/rsyslog.conf" > "$TMP/sender/N1.out" 2>&1 ||
   grep -q 'error' "$TMP/sender/N1.out"; then
	cat "$TMP/sender/N1.out"
	fail "rsyslogd -N1 rejects the snippet"
	say "$PASSED passed, $FAILED failed"
	exit 1
fi
pass "rsyslogd -N1 accepts contrib/rsyslog/audisp-cgroup.conf"

start_sender() {
	start_rsyslogd "$TMP/sender"
	SENDER_PID=$REPLY
	wait_for 10 test -S "$TMP/sender/log.sock" ||
		die "the sender rsyslogd did not create its socket: $(cat "$TMP/sender/rsyslogd.out")"
}
start_sender
say "sender rsyslogd pid $SENDER_PID on $TMP/sender/log.sock"

# --- 1 and 2: every event, through rsyslog and over TCP ------------------
write_plugin_conf() {	# FILE OUTPUTS SOCKET
	cat > "$1" <<EOF
output = $2
file = $TMP/ref.json
host_root = $TMP/root
syslog_socket = $3
syslog_facility = local6
syslog_priority = info
syslog_prefix = "@cee: "
state_file = $TMP/state
# the whole bulk stream (80,079 records) arrives at once, from a file:
# the reader waits for room instead of dropping (never under auditd)
queue_full = wait
EOF
}
write_plugin_conf "$TMP/plugin.conf" "file, syslog" "$TMP/sender/log.sock"

# run_plugin NAME CONF: stdin -> plugin, bounded; summary in $TMP/NAME.err
run_plugin() {
	timeout -k 5 30 "$ACG_BIN" -c "$2" 2> "$TMP/$1.err"
	local rc=$?
	if [[ $rc != 0 ]]; then
		fail "$1: plugin exit status $rc (124: it hung)"
		cat "$TMP/$1.err"
	fi
	return "$rc"
}

stream_ids < "$SPECIAL" > "$TMP/in.ids"
xz -dc "$BULK" | stream_ids >> "$TMP/in.ids"
IN=$(lines "$TMP/in.ids")
run_plugin special "$TMP/plugin.conf" < "$SPECIAL"
xz -dc "$BULK" | run_plugin bulk "$TMP/plugin.conf"
OUT=0 CUT=0 ERRS=0 DROP=0
for n in special bulk; do
	o=$(summary_field "$TMP/$n.err" events_out 'events out')
	c=$(summary_field "$TMP/$n.err" cut 'cut to max_event_bytes')
	e=$(summary_field "$TMP/$n.err" write_errors 'write errors')
	d=$(summary_field "$TMP/$n.err" queue_dropped)
	OUT=$(( OUT + ${o:-0} )) CUT=$(( CUT + ${c:-0} ))
	ERRS=$(( ERRS + ${e:-0} )) DROP=$(( DROP + ${d:-0} ))
done
say "events in $IN; plugin: events out $OUT, cut $CUT, write errors $ERRS," \
	"records dropped by its input queue $DROP"

wait_lines "$TMP/sender/raw.log" "$IN"
wait_lines "$TMP/sender/events.log" "$IN"
wait_lines "$TMP/collector/events.log" "$IN"
sleep 0.5	# anything beyond the count (duplicates) shows up too

python3 - "$TMP" "$MAX_EVENT_BYTES" "$MAX_MSG" "$CUT" > "$TMP/check1.out" <<'PY'
import json, re, sys
tmp, max_event, max_msg, plugin_cut = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
res = []
def check(ok, what):
    res.append(("PASS" if ok else "FAIL") + ": " + what)
def lines(path):
    try:
        with open(path, "rb") as f:
            return [l[:-1] if l.endswith(b"\n") else l for l in f]
    except FileNotFoundError:
        return []

want = open(tmp + "/in.ids").read().split()
ref = {}
for l in lines(tmp + "/ref.json"):
    ref[json.loads(l)["id"]] = l

HEAD = re.compile(rb"^<182>[A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} audisp-cgroup\[[0-9]+\]: @cee: ")
raw, bad_head, bad_json, too_long, dups = {}, 0, 0, 0, 0
for l in lines(tmp + "/sender/raw.log"):
    m = HEAD.match(l)
    if not m:
        bad_head += 1
        continue
    if len(l) > max_msg:
        too_long += 1
    j = l[m.end():]
    try:
        o = json.loads(j)
    except ValueError:
        bad_json += 1
        continue
    if o.get("id") in raw:
        dups += 1
    raw[o.get("id")] = j
missing = [i for i in want if i not in raw]
extra = [i for i in raw if i not in set(want)]
print("syslog: events in %d, arrived %d, missing %d, extra %d, duplicated %d, "
      "bad header %d, bad JSON %d, datagrams over %d bytes %d"
      % (len(want), len(raw), len(missing), len(extra), dups, bad_head,
         bad_json, max_msg, too_long))
check(len(ref) == len(want) and set(ref) == set(want),
      "reference file holds every event in (%d of %d)" % (len(ref), len(want)))
check(not missing and not extra and not dups and len(raw) == len(want),
      "syslog: every event arrived exactly once (%d = %d)" % (len(raw), len(want)))
check(not bad_head and not bad_json,
      "syslog: every datagram is <182>... audisp-cgroup[pid]: @cee: <valid JSON>")
check(not too_long, "syslog: every datagram <= %d bytes" % max_msg)

exact = cut = cut_ok = 0
markers = {}
for i, j in raw.items():
    r = ref.get(i)
    if r is None:
        continue
    if len(r) <= max_event:
        exact += (j == r)
        continue
    cut += 1
    o, ro = json.loads(j), json.loads(r)
    m = re.search(rb"\.\.\.\[[0-9]+ (bytes|items) cut\]\.\.\.", j)
    same = all(o.get(k) == ro.get(k) for k in ("id", "time", "type", "cgroup"))
    if m:
        markers[m.group(1).decode()] = markers.get(m.group(1).decode(), 0) + 1
    if m and same and len(j) <= max_event:
        cut_ok += 1
    else:
        print("  cut event %s: %d -> %d bytes, marker %s, id/time/type/cgroup %s"
              % (i, len(r), len(j), bool(m), "kept" if same else "CHANGED"))
fits = sum(1 for i in raw if i in ref and len(ref[i]) <= max_event)
print("syslog: %d events fit and arrived byte for byte: %d; %d longer than %d bytes "
      "(plugin cut %d): cut with marker and header intact: %d (markers: %s)"
      % (fits, exact, cut, max_event, plugin_cut, cut_ok,
         ", ".join("%s cut %d" % kv for kv in sorted(markers.items())) or "none"))
check(exact == fits, "syslog: events that fit arrive byte for byte as written to the file (%d of %d)" % (exact, fits))
check(cut > 0 and cut == cut_ok == plugin_cut,
      "syslog: long events cut to <= %d bytes, valid, marked, id/time/type/cgroup kept (%d of %d, plugin counted %d)"
      % (max_event, cut_ok, cut, plugin_cut))

ev = {}
n_ev = bad_ev = 0
for l in lines(tmp + "/sender/events.log"):
    n_ev += 1
    try:
        ev[json.loads(l)["id"]] = l
    except ValueError:
        bad_ev += 1
same_ev = sum(1 for i, j in raw.items() if ev.get(i) == j)
print("snippet file: %d lines, %d invalid, %d identical to the datagram's JSON" % (n_ev, bad_ev, same_ev))
check(n_ev == len(want) and not bad_ev and same_ev == len(want),
      "snippet file: one line per event, the JSON exactly as sent (%d of %d)" % (same_ev, len(want)))
other = [l for l in lines(tmp + "/sender/other.log") if b"@cee:" in l]
check(not other, "snippet stops events from reaching the other logs (%d leaked)" % len(other))

col, n_col, bad_col = {}, 0, 0
for l in lines(tmp + "/collector/events.log"):
    n_col += 1
    if not l.startswith(b" @cee: "):
        bad_col += 1
        continue
    try:
        col[json.loads(l[7:])["id"]] = l[7:]
    except ValueError:
        bad_col += 1
same_col = sum(1 for i, j in raw.items() if col.get(i) == j)
print("forward: collector got %d messages, %d distinct events, %d invalid, %d identical to what was sent"
      % (n_col, len(col), bad_col, same_col))
check(n_col == len(want) and len(col) == len(want) and not bad_col and same_col == len(want),
      "forward: the collector received every event once over TCP, unchanged (%d of %d)" % (same_col, len(want)))
print("\n".join(res))
PY
cat "$TMP/check1.out"
PASSED=$(( PASSED + $(grep -c '^PASS' "$TMP/check1.out") ))
FAILED=$(( FAILED + $(grep -c '^FAIL' "$TMP/check1.out") ))
verdict "OUT == IN && ERRS == 0 && DROP == 0" \
	"plugin: events out = events in ($OUT = $IN), write errors 0, records dropped 0" \
	"plugin: events out $OUT, events in $IN, write errors $ERRS, records dropped $DROP"

# The plugin's own diagnostics carry its name but no cookie: the snippet
# must leave them to the normal logs, not to the events file.
E0=$(lines "$TMP/sender/events.log")
python3 -c 'import socket,sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.connect(sys.argv[1])
s.send(b"<30>Dec  4 00:00:00 audisp-cgroup[1]: audisp-cgroup: rsyslog-live diagnostic")' \
	"$TMP/sender/log.sock"
if wait_for 10 grep -q 'rsyslog-live diagnostic' "$TMP/sender/other.log" &&
   [[ $(lines "$TMP/sender/events.log") == "$E0" ]]; then
	pass "snippet: a diagnostic without the cookie goes to the normal logs, not the events file"
else
	fail "snippet: the plugin's diagnostics do not reach the normal logs"
fi

# --- 3: nobody listening ---------------------------------------------------
write_plugin_conf "$TMP/absent.conf" "syslog" "$TMP/absent/log.sock"
SPECIAL_IN=$(stream_ids < "$SPECIAL" | wc -l)
if run_plugin absent "$TMP/absent.conf" < "$SPECIAL"; then
	o=$(summary_field "$TMP/absent.err" events_out 'events out')
	e=$(summary_field "$TMP/absent.err" write_errors 'write errors')
	w=$(summary_field "$TMP/absent.err" lines_written 'lines written')
	o=${o:--1} e=${e:--1} w=${w:--1}
	say "socket absent: events in $SPECIAL_IN, out $o, lines written $w, write errors $e"
	verdict "o == SPECIAL_IN && e == SPECIAL_IN && w == 0" \
		"socket absent: exit 0, every event counted as a write error ($e of $SPECIAL_IN)" \
		"socket absent: events in $SPECIAL_IN, out $o, written $w, write errors $e"
fi

# --- 4: the sender restarts mid-stream ------------------------------------
# Cut the special stream after the EOE closing its 16th and 32nd events.
python3 - "$SPECIAL" "$TMP/part" <<'PY'
import re, sys
src, out = sys.argv[1], sys.argv[2]
data = open(src, "rb").read().split(b"\n")
if data and data[-1] == b"":
    data.pop()
ids, cuts = [], []
for n, l in enumerate(data):
    m = re.match(rb"type=(\S+) msg=audit\(([0-9.]+:[0-9]+)\)", l)
    if not m:
        continue
    if m.group(2) not in ids:
        ids.append(m.group(2))
    if m.group(1) == b"EOE" and len(ids) in (16, 32) and len(cuts) < 2 and \
       (not cuts or cuts[-1][1] != len(ids)):
        cuts.append((n + 1, len(ids)))
bounds = [0] + [c[0] for c in cuts] + [len(data)]
for k in range(3):
    with open("%s%d" % (out, k + 1), "wb") as f:
        f.write(b"".join(l + b"\n" for l in data[bounds[k]:bounds[k + 1]]))
PY
P1=$(stream_ids < "$TMP/part1" | wc -l)
R0=$(lines "$TMP/sender/raw.log")
C0=$(lines "$TMP/collector/events.log")
write_plugin_conf "$TMP/restart.conf" "syslog" "$TMP/sender/log.sock"
mkfifo "$TMP/fifo"
timeout -k 5 30 "$ACG_BIN" -c "$TMP/restart.conf" < "$TMP/fifo" 2> "$TMP/restart.err" &
PLUGIN_PID=$!
exec 4> "$TMP/fifo"
cat "$TMP/part1" >&4
wait_lines "$TMP/sender/raw.log" $(( R0 + P1 )) ||
	say "only $(( $(lines "$TMP/sender/raw.log") - R0 )) of the first $P1 events arrived"
B1=$(( $(lines "$TMP/sender/raw.log") - R0 ))
stop_pid "$SENDER_PID"
SENDER_PID=
cat "$TMP/part2" >&4
sleep 1		# pacing, not delivery: let the plugin meet the closed socket
start_sender
sleep 1.5	# pacing: the plugin retries a lost socket once a second
cat "$TMP/part3" >&4
exec 4>&-
wait "$PLUGIN_PID"
rc=$?
PLUGIN_PID=
o=$(summary_field "$TMP/restart.err" events_out 'events out')
e=$(summary_field "$TMP/restart.err" write_errors 'write errors')
w=$(summary_field "$TMP/restart.err" lines_written 'lines written')
w=${w:--1}
if [[ $rc != 0 || -z $o || -z $e ]]; then
	fail "restart: plugin exit status $rc"
	cat "$TMP/restart.err"
else
	wait_lines "$TMP/sender/raw.log" $(( R0 + SPECIAL_IN - e ))
	wait_lines "$TMP/collector/events.log" $(( C0 + SPECIAL_IN - e ))
	sleep 0.5
	A=$(( $(lines "$TMP/sender/raw.log") - R0 ))
	CA=$(( $(lines "$TMP/collector/events.log") - C0 ))
	say "restart: events in $SPECIAL_IN, out $o; arrived $A ($B1 before the stop," \
		"$(( A - B1 )) after), plugin lines written $w, write errors $e;" \
		"collector got $CA"
	verdict "A + e == SPECIAL_IN && o == SPECIAL_IN && w == A" \
		"restart: arrived + write errors = events in ($A + $e = $SPECIAL_IN)" \
		"restart: arrived $A + write errors $e != events in $SPECIAL_IN (out $o, written $w)"
	verdict "e > 0 && A > B1" \
		"restart: the outage was seen ($e errors) and sending resumed ($(( A - B1 )) after)" \
		"restart: errors $e, arrived after the stop $(( A - B1 ))"
	verdict "CA >= A" \
		"restart: the collector has every event the sender got ($CA >= $A)" \
		"restart: the collector got $CA of the $A events the sender got"
fi

printf '%s: %d passed, %d failed\n' "$PROG" "$PASSED" "$FAILED"
(( FAILED == 0 ))
