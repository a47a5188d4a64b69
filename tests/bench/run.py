#!/usr/bin/env python3
"""run.py - make bench: audisp-cgroup against the libauparse floor.

Replays a stream recorded from the real auditd (every pid of it given a
cgroup in a fixture host root, so every event takes the full enrichment
path) through:
  1. floor: libauparse's feed interface visiting every field, nothing else;
  2. audisp-cgroup, format json, to a file;
  3. audisp-cgroup, format text, to a file;
and a synthetic stream of 1,000,000 distinct pids through audisp-cgroup
with its default bounds, for memory under churn.
Each figure is the median of RUNS runs: events per second (wall), CPU
seconds per million events (user + system), peak RSS, and the ratio of
CPU per event to the floor's.

Usage: run.py BUILDDIR SRCDIR [RUNS]
"""
import os
import statistics
import subprocess
import sys
import tempfile

build, src = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
bench_stream = os.path.join(src, "tests/data/streams/bench-raw.log.xz")
if not os.path.exists(bench_stream):
    bench_stream = os.path.join(src, "tests/data/streams/bulk-raw.log.xz")


def run(cmd, stdin_path):
    """Run cmd with stdin from a file; return (wall s, cpu s, maxrss KiB).
    Through a small launcher, so the peak RSS is the command's own."""
    out = subprocess.run([os.path.join(build, "tests/bench/measure"),
                          stdin_path] + cmd, capture_output=True, text=True)
    parts = out.stdout.split()
    if out.returncode != 0 or len(parts) != 4 or parts[3] != "0":
        sys.exit("bench: %s failed: %s %s" % (cmd[0], out.stdout, out.stderr))
    return float(parts[0]), float(parts[1]), int(parts[2]), out.stderr


def read_state(path):
    """The plugin's state file as a dict."""
    state = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.partition(" = ")
            state[k.strip()] = v.strip()
    return state


def count_events(path):
    ids = set()
    with open(path, "rb") as f:
        for line in f:
            i = line.find(b"msg=audit(")
            if i >= 0:
                ids.add(line[i + 10:line.find(b")", i)])
    return len(ids)


def main():
    tmp = tempfile.mkdtemp(prefix="acg-bench-")
    stream = os.path.join(tmp, "stream.log")
    subprocess.run("xz -dc '%s' > '%s'" % (bench_stream, stream), shell=True,
                   check=True)
    root = os.path.join(tmp, "root")
    subprocess.run(["sh", os.path.join(src, "tests/bench/mkroot.sh"), stream,
                    root], check=True)
    events = count_events(stream)
    plugin = os.path.join(build, "audisp-cgroup")
    confs = {}
    for fmt in ("json", "text"):
        c = os.path.join(tmp, fmt + ".conf")
        with open(c, "w") as f:
            f.write("output = file\nfile = %s/out.%s\nhost_root = %s\n"
                    "format = %s\nqueue_full = wait\nstate_file = %s/state\n"
                    % (tmp, fmt, root, fmt, tmp))
        confs[fmt] = c
    cases = [("floor (libauparse)", [os.path.join(build, "tests/bench/floor")]),
             ("/proc lookups alone", [os.path.join(build, "tests/bench/lookups"),
                                      root]),
             ("audisp-cgroup json", [plugin, "-c", confs["json"]]),
             ("audisp-cgroup text", [plugin, "-c", confs["text"]])]
    results = {}
    split = {}
    out = 0
    for name, cmd in cases:
        walls, cpus, rss, reader, worker = [], [], [], [], []
        for _ in range(runs):
            for fmt in ("json", "text"):
                try:
                    os.unlink(os.path.join(tmp, "out." + fmt))
                except FileNotFoundError:
                    pass
            w, c, m, _ = run(cmd, stream)
            walls.append(w)
            cpus.append(c)
            rss.append(m)
            if cmd[0] == plugin:
                st = read_state(os.path.join(tmp, "state"))
                reader.append(float(st.get("cpu_reader_seconds", 0)))
                worker.append(float(st.get("cpu_worker_seconds", 0)))
        results[name] = (statistics.median(walls), statistics.median(cpus),
                         statistics.median(rss))
        if reader:
            split[name] = (statistics.median(reader),
                           statistics.median(worker))
        if name.endswith("json"):
            # every event made it out
            with open(os.path.join(tmp, "out.json"), "rb") as f:
                out = sum(1 for _ in f)
    floor_cpu = results["floor (libauparse)"][1]
    lookups_cpu = results["/proc lookups alone"][1]
    both = floor_cpu + lookups_cpu
    print("bench: %d events from %s, %d runs each (median), %d json lines out"
          % (events, os.path.basename(bench_stream), runs, out))
    print("%-22s %12s %16s %12s %10s %12s" % ("", "events/s",
                                               "CPU s/1M events", "peak RSS",
                                               "x floor", "x floor+/proc"))
    for name, _ in cases:
        w, c, m = results[name]
        print("%-22s %12.0f %16.2f %9.1f MiB %10.2f %12s"
              % (name, events / w, c / events * 1e6, m / 1024.0,
                 c / floor_cpu if floor_cpu else 0,
                 "%.2f" % (c / both) if name.startswith("audisp") else ""))
    print("(/proc lookups alone: the stat probe and the cgroup read of each "
          "event's pid in the fixture root, as a replayed event needs them; "
          "floor+/proc = %.2f CPU s/1M events)" % (both / events * 1e6))
    # where it goes, per event: the reader thread (framing, early lookup,
    # the /proc reads) and the worker (auparse, formatting, output)
    print("CPU us per event by thread (median): reader = framing + /proc "
          "lookups, worker = auparse + formatting + output")
    for name, (rd, wk) in split.items():
        print("%-22s reader %6.2f   worker %6.2f   worker beyond floor %6.2f"
              % (name, rd / events * 1e6, wk / events * 1e6,
                 (wk - floor_cpu) / events * 1e6))
    # memory under churn: 1,000,000 distinct pids, default bounds
    churn = os.path.join(tmp, "churn.log")
    with open(churn, "wb") as f:
        subprocess.run([os.path.join(build, "tests/bench/gen_churn"), "1000000"],
                       stdout=f, check=True)
    os.makedirs(os.path.join(tmp, "empty/proc"), exist_ok=True)
    c = os.path.join(tmp, "churn.conf")
    with open(c, "w") as f:
        f.write("output = file\nfile = /dev/null\nhost_root = %s/empty\nqueue_full = wait\n"
                "state_file = %s/churn.state\n" % (tmp, tmp))
    w, cpu, m, _ = run([plugin, "-c", c], churn)
    state = read_state(os.path.join(tmp, "churn.state"))
    print("churn: 1,000,000 events of distinct pids in %.1f s: peak RSS %.1f MiB, "
          "process table %s/%s (evictions %s), queue high water %s, dropped %s"
          % (w, m / 1024.0, state.get("process_table"),
             state.get("process_table_max"), state.get("process_table_evictions"),
             state.get("queue_high_water"), state.get("queue_dropped")))
    subprocess.run(["rm", "-rf", tmp])


main()
