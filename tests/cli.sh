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

echo "cli: $pass passed, $fails failed"
[ "$fails" = 0 ]
