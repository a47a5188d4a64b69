#!/bin/sh
# cli.sh - the command line: --help, --version, --check with good and bad
# configs, and a stream through the real binary to stdout.
set -u
bin=${ACG_BIN:?}
data=${TEST_DATA:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
pass=0

check() {	# check NAME EXPECTED_STATUS COMMAND...
	name=$1 want=$2
	shift 2
	"$@" > "$tmp/out" 2>&1
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL: $name: exit $got, expected $want"; cat "$tmp/out"
		fails=$((fails + 1))
		return 1
	fi
	pass=$((pass + 1))
	return 0
}
expect_out() {	# expect_out NAME TEXT
	if grep -qF -- "$2" "$tmp/out"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $1: output lacks '$2':"; cat "$tmp/out"
		fails=$((fails + 1))
	fi
}

check help 0 "$bin" --help && expect_out help "Usage: audisp-cgroup"
check version 0 "$bin" --version && expect_out version "audisp-cgroup "
check bad-option 1 "$bin" --bogus

printf 'output = stdout\nhost_root = /\n' > "$tmp/good.conf"
check check-good 0 "$bin" -c "$tmp/good.conf" --check

printf '# ok\noutput = file\nfile = /tmp/x\nhost_rot = /\n' > "$tmp/typo.conf"
check check-typo 1 "$bin" -c "$tmp/typo.conf" --check &&
	expect_out check-typo "$tmp/typo.conf:4: host_rot: unknown key (did you mean 'host_root'?)"

check check-missing 1 "$bin" -c "$tmp/none.conf" --check &&
	expect_out check-missing "none.conf:0: cannot open"

chmod 0666 "$tmp/good.conf"
check check-world-writable 1 "$bin" -c "$tmp/good.conf" --check &&
	expect_out check-world-writable "world-writable"
chmod 0644 "$tmp/good.conf"

# A recorded stream through the binary: one JSON line per event.
"$bin" -c "$tmp/good.conf" < "$data/streams/special-raw.log" > "$tmp/events" 2> "$tmp/err"
st=$?
events=$(wc -l < "$tmp/events")
want=$(grep -aoE '^(node=[^ ]+ )?type=[^ ]+ msg=audit\([0-9.:]*\)' "$data/streams/special-raw.log" | sed 's/.*msg=audit(//' | sort -u | wc -l)
if [ "$st" = 0 ] && [ "$events" = "$want" ]; then
	pass=$((pass + 1))
else
	echo "FAIL: stream: exit $st, $events lines for $want events"; cat "$tmp/err"
	fails=$((fails + 1))
fi

# output = file appends, with mode 0600.
printf 'output = file\nfile = %s/out.json\n' "$tmp" > "$tmp/file.conf"
"$bin" -c "$tmp/file.conf" < "$data/streams/special-raw.log" 2> /dev/null
"$bin" -c "$tmp/file.conf" < "$data/streams/special-raw.log" 2> /dev/null
lines=$(wc -l < "$tmp/out.json")
mode=$(stat -c %a "$tmp/out.json")
if [ "$lines" = $((want * 2)) ] && [ "$mode" = 600 ]; then
	pass=$((pass + 1))
else
	echo "FAIL: file output: $lines lines (want $((want * 2))), mode $mode"
	fails=$((fails + 1))
fi

# Wait (up to 10 s) until @1 catches SIGHUP, i.e. has installed handlers.
wait_ready() {
	i=0
	while [ $i -lt 100 ]; do
		cgt=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null)
		[ -n "$cgt" ] && [ $((0x$cgt & 1)) = 1 ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
# Wait (up to 10 s) until file @1 has at least @2 lines.
wait_lines() {
	i=0
	while [ $i -lt 100 ]; do
		[ "$(cat "$1" 2>/dev/null | wc -l)" -ge "$2" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# Signals, with stdin held open through a FIFO.
# SIGHUP reopens the output file (logrotate): every event lands in exactly
# one of the two files; SIGTERM from a process that is not our parent is
# ignored; SIGTERM from the parent writes what was read, then exits 0.
mkfifo "$tmp/fifo"
printf 'output = file\nfile = %s/rot.json\n' "$tmp" > "$tmp/rot.conf"
"$bin" -c "$tmp/rot.conf" < "$tmp/fifo" 2> "$tmp/sigerr" &
pid=$!
exec 9> "$tmp/fifo"
# cut at an event's end (its EOE record): the recording's timestamps are
# old, so an event left half-read while idle would be aged out in two
half=$(grep -c '' "$data/streams/special-raw.log")
half=$(grep -an '^type=EOE ' "$data/streams/special-raw.log" |
	awk -F: -v h=$((half / 2)) '$1 >= h { print $1; exit }')
head -n "$half" "$data/streams/special-raw.log" >&9
wait_lines "$tmp/rot.json" 5
mv "$tmp/rot.json" "$tmp/rot.json.1"
kill -HUP "$pid"
# the reopen creates the file anew: then the rest may come
i=0
while [ ! -e "$tmp/rot.json" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
tail -n +"$((half + 1))" "$data/streams/special-raw.log" >&9
sleep 0.5
# as root, the running plugin kept only CAP_DAC_READ_SEARCH (bit 2) and
# CAP_SYS_PTRACE (bit 19) once its outputs were open
if [ "$(id -u)" = 0 ]; then
	eff=$(awk '/^CapEff:/ { print $2 }' "/proc/$pid/status")
	if [ "$eff" = 0000000000080004 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: capabilities: CapEff $eff, want 0000000000080004"
		fails=$((fails + 1))
	fi
fi
sh -c "kill -TERM $pid"		# not the parent: ignored
sleep 0.5
if kill -0 "$pid" 2>/dev/null; then
	pass=$((pass + 1))
else
	echo "FAIL: SIGTERM from a non-parent stopped the plugin"
	fails=$((fails + 1))
fi
kill -TERM "$pid"			# the parent: flush and exit
wait "$pid"
st=$?
exec 9>&-
total=$(cat "$tmp/rot.json.1" "$tmp/rot.json" 2>/dev/null | wc -l)
ids=$(cat "$tmp/rot.json.1" "$tmp/rot.json" 2>/dev/null | grep -o '"id":"[^"]*"' | sort -u | wc -l)
old=$(wc -l < "$tmp/rot.json.1")
if [ "$st" = 0 ] && [ "$total" = "$want" ] && [ "$ids" = "$want" ] && [ "$old" -gt 0 ] &&
	[ "$old" -lt "$want" ]; then
	pass=$((pass + 1))
else
	echo "FAIL: SIGHUP reopen: exit $st, $total lines ($ids ids) in two files, $old before the reopen, want $want"
	cat "$tmp/sigerr"
	fails=$((fails + 1))
fi

# SIGHUP with a broken config keeps the running one, and says why.
printf 'output = stdout\n' > "$tmp/hup.conf"
"$bin" -c "$tmp/hup.conf" < "$tmp/fifo" > "$tmp/hup.out" 2> "$tmp/hup.err" &
pid=$!
exec 9> "$tmp/fifo"
wait_ready "$pid"
printf 'output = nowhere\n' > "$tmp/hup.conf"
kill -HUP "$pid"
sleep 0.5
cat "$data/streams/special-raw.log" >&9
exec 9>&-
wait "$pid"
st=$?
lines=$(wc -l < "$tmp/hup.out")
if [ "$st" = 0 ] && [ "$lines" = "$want" ] &&
	grep -q "hup.conf:1: output: 'nowhere'" "$tmp/hup.err" &&
	grep -q "keeping the running configuration" "$tmp/hup.err"; then
	pass=$((pass + 1))
else
	echo "FAIL: SIGHUP with a bad config: exit $st, $lines lines, want $want"
	cat "$tmp/hup.err"
	fails=$((fails + 1))
fi

# format = text, read back by ausearch (when the audit tools are here).
if command -v ausearch >/dev/null 2>&1; then
	printf 'output = file\nfile = %s/text.log\nformat = text\nhost_root = %s/demo/hostroot\n' \
		"$tmp" "$data" > "$tmp/text.conf"
	"$bin" -c "$tmp/text.conf" < "$data/demo/demo.log" 2> /dev/null
	n=$(ausearch -if "$tmp/text.log" -x /usr/bin/ls --raw 2>/dev/null |
		grep -ac 'type=SYSCALL')
	k=$(ausearch -if "$tmp/text.log" -x /usr/bin/ls --raw 2>/dev/null |
		grep -a 'type=SYSCALL' | grep -ac 'CONTAINER_RUNTIME="containerd"')
	if [ "$n" = 3 ] && [ "$k" = 1 ]; then
		pass=$((pass + 1))
	else
		echo "FAIL: text read back by ausearch: $n ls events (want 3), $k with containerd (want 1)"
		fails=$((fails + 1))
	fi
else
	echo "SKIP: text read back by ausearch: ausearch not installed"
fi

echo "cli: $pass passed, $fails failed"
[ "$fails" = 0 ]
