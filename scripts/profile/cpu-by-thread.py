#!/usr/bin/env python3
"""CPU time by thread name of running processes over an interval (docs/BENCHMARKS.md, "Where a live reading's time goes").

    dotnet tests/StreamRnn.Benchmarks/bin/Release/net10.0/StreamRnn.Benchmarks.dll 1000000 10000 32 \\
        --scenario=live --live-sensors=5000 --live-rate=1 --live-seconds=30 --live-warmup=15 &
    sleep 25
    python3 scripts/profile/cpu-by-thread.py "$(pgrep -f '^dotnet tests/StreamRnn.Benchmarks' | tail -1),$(pgrep redis-server | head -1)" 20

Reads each thread's user and system time from /proc/PID/task/TID/stat at the start and the end of the interval and sums
the difference by thread name, digits folded (rdk:broker1 and rdk:broker2 count as rdk:broker#). Linux only. A thread
created by another inherits its name: libtorch's OpenMP workers count under the thread that first ran a forward.
"""
import collections
import os
import re
import sys
import time


def snapshot(pids):
    ticks = {}
    for pid in pids:
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except FileNotFoundError:
            continue
        for tid in tasks:
            try:
                name = open(f"/proc/{pid}/task/{tid}/comm").read().strip()
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            ticks[(pid, tid, name)] = int(fields[11]) + int(fields[12])
    return ticks


def main(pids, seconds):
    before = snapshot(pids)
    time.sleep(seconds)
    after = snapshot(pids)
    by_name = collections.Counter()
    for key, value in after.items():
        by_name[re.sub(r"\d+", "#", key[2])] += value - before.get(key, 0)
    total = sum(by_name.values())
    hertz = os.sysconf("SC_CLK_TCK")
    print(f"{total / hertz / seconds:.2f} cores busy over {seconds:.0f} s")
    for name, value in by_name.most_common(15):
        print(f"{100 * value / max(total, 1):5.1f} %  {name}")


if __name__ == "__main__":
    main([pid for pid in sys.argv[1].split(",") if pid], float(sys.argv[2]))
