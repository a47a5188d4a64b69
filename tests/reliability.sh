#!/bin/sh
# reliability.sh - the plugin never blocks its input and never loses an
# event silently:
#  1. a stalled output (a FIFO nobody reads) while 50,000 events arrive:
#     the reader keeps draining, the queue's policy applies, and the
#     counters add up exactly: records read = records processed + dropped
#     + still queued;
#  2. SIGTERM from the parent in the middle of a stream: every event of
#     every record read is written, none cut in half.
set -u
exec < /dev/null	# whatever stdin we were given, nothing here reads it
bin=${ACG_BIN:?}
data=${TEST_DATA:?}
tmp=$(mktemp -d)
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
state() { awk -F' = ' -v k="$2" '$1 == k { print $2 }' "$1"; }

# Wait (up to 30 s) until file $1 exists with a line "$2 = ..." whose value
# is at least $3.
wait_state() {
	i=0
	while [ $i -lt 300 ]; do
		v=$(state "$1" "$2" 2>/dev/null)
		[ -n "$v" ] && [ "$v" -ge "$3" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

xz -dc "$data/streams/bulk-raw.log.xz" > "$tmp/bulk.log"
records_per=$(grep -c '' "$tmp/bulk.log")

# --- 1. stalled output -----------------------------------------------------
mkfifo "$tmp/out.fifo"
exec 7<> "$tmp/out.fifo"	# a reader that never reads
cat > "$tmp/stall.conf" <<EOT
output = file
file = $tmp/out.fifo
host_root = $tmp
queue_depth = 1000
queue_bytes = 1M
state_file = $tmp/stall.state
EOT
mkdir -p "$tmp/proc"
mkfifo "$tmp/in.fifo"
# (7>&-: no child may hold the FIFO open, or no reader would ever see EOF)
"$bin" -c "$tmp/stall.conf" < "$tmp/in.fifo" 2> "$tmp/stall.err" 7>&- &
pid=$!
pids="$pid"
# 5 x 10,014 events (80,079 records each): the feeder must finish though
# nothing is written out; a plugin that stopped reading would hang it
start=$(date +%s)
(for i in 1 2 3 4 5; do cat "$tmp/bulk.log"; done) > "$tmp/in.fifo" 7>&- &
feeder=$!
pids="$pids $feeder"
i=0
while kill -0 "$feeder" 2>/dev/null && [ $i -lt 600 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 "$feeder" 2>/dev/null; then
	bad "stall: the plugin stopped reading its input (feeder still blocked after 60 s)"
else
	ok
	echo "stall: 50,070 events ($((records_per * 5)) records) read in $(( $(date +%s) - start )) s with the output stalled"
fi
# the state file, taken while the output is still stuck
kill -USR1 "$pid"
wait_state "$tmp/stall.state" records_read $((records_per * 5)) ||
	bad "stall: records_read never reached $((records_per * 5))"
read_n=$(state "$tmp/stall.state" records_read)
dropped=$(state "$tmp/stall.state" queue_dropped)
depth=$(state "$tmp/stall.state" queue_depth)
hw=$(state "$tmp/stall.state" queue_high_water)
echo "stall: read $read_n, dropped $dropped, queued $depth (high water $hw of 1000)"
if [ "$read_n" = $((records_per * 5)) ] && [ "$dropped" -gt 0 ] && [ "$hw" -le 1000 ]; then
	ok
else
	bad "stall: counters: read $read_n (want $((records_per * 5))), dropped $dropped (want > 0), high water $hw (<= 1000)"
fi
# unstick the output, end the input: everything left goes out, and the
# final counters add up
cat "$tmp/out.fifo" > "$tmp/out.json" 7>&- &
drainer=$!
pids="$pids $drainer"
# close our end only once the drainer holds the FIFO: never leave it
# without a reader (the plugin's write would fail with EPIPE)
i=0
while ! ls -l "/proc/$drainer/fd" 2>/dev/null | grep -q out.fifo && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
exec 7>&-
wait "$pid"
st=$?
wait "$drainer"
lines=$(grep -c '' "$tmp/out.json")
read_n=$(state "$tmp/stall.state" records_read)
in_n=$(state "$tmp/stall.state" records_in)
dropped=$(state "$tmp/stall.state" queue_dropped)
out_n=$(state "$tmp/stall.state" events_out)
written=$(state "$tmp/stall.state" lines_written)
echo "stall: at exit: read $read_n = processed $in_n + dropped $dropped; events out $out_n, lines in the file $lines"
if [ "$st" = 0 ] && [ "$read_n" = $((in_n + dropped)) ] && [ "$written" = "$out_n" ] &&
	[ "$lines" = "$out_n" ] && python3 -c '
import json, sys
for l in open(sys.argv[1]): json.loads(l)' "$tmp/out.json" 2>/dev/null; then
	ok
else
	bad "stall: exit $st, read $read_n != $in_n + $dropped, or $written written / $out_n out / $lines lines, or a line is not JSON"
fi

# --- 2. SIGTERM in the middle of a stream ----------------------------------
# The parent (this shell) sends SIGTERM while the input is still open:
# the plugin reads what was written before it, and writes every event.
# (queue_full = wait: this burst from a file would outrun the default
# queue, and what is tested here is SIGTERM, not the full-queue policy)
printf 'output = file\nfile = %s/term.json\nhost_root = %s\nstate_file = %s/term.state\nqueue_full = wait\n' \
	"$tmp" "$tmp" "$tmp" > "$tmp/term.conf"
rm -f "$tmp/in.fifo" && mkfifo "$tmp/in.fifo"
"$bin" -c "$tmp/term.conf" < "$tmp/in.fifo" 2> "$tmp/term.err" &
pid=$!
pids="$pids $pid"
exec 8> "$tmp/in.fifo"
# 3,000 whole events, up to an EOE, then SIGTERM at once
n=$(grep -n '^type=EOE ' "$tmp/bulk.log" | sed -n '3000p' | cut -d: -f1)
head -n "$n" "$tmp/bulk.log" >&8
kill -TERM "$pid"
wait "$pid"
st=$?
exec 8>&-
want=$(head -n "$n" "$tmp/bulk.log" | grep -aoE '^type=[^ ]+ msg=audit\([0-9.:]*\)' |
	sed 's/.*msg=audit(//' | sort -u | wc -l)
got=$(grep -c '' "$tmp/term.json")
ids=$(grep -o '"id":"[^"]*"' "$tmp/term.json" | sort -u | wc -l)
echo "sigterm: $want events written before SIGTERM, $got out ($ids distinct)"
if [ "$st" = 0 ] && [ "$got" = "$want" ] && [ "$ids" = "$want" ] && python3 -c '
import json, sys
for l in open(sys.argv[1]): json.loads(l)' "$tmp/term.json"; then
	ok
else
	bad "sigterm: exit $st, $got lines ($ids ids) for $want events"
	cat "$tmp/term.err"
fi

echo "reliability: $pass passed, $fails failed"
[ "$fails" = 0 ]
