#!/usr/bin/env bash
# Runs the main job (the demo fleet on the embedded Kafka) for 60 s, reads its readings topic back with kcat just
# before it ends, and prints the spread of the gaps between consecutive timestamps of each sensor. The demo samples
# every 100 ms, so every gap should be 100 ms, or 200 ms where a malformed-on-purpose message took a reading's place.
# Needs kcat (apt-get install kcat) and a built silo (dotnet build silo/StreamRnn.Silo).
# usage: scripts/profile/demo-timestamp-gaps.sh LOG
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$1
dotnet silo/StreamRnn.Silo/bin/Debug/net10.0/StreamRnn.Silo.dll --run-for 60s > "$log" 2>&1 &
pid=$!
until grep -q "Embedded Kafka cluster started" "$log" 2>/dev/null; do sleep 0.5; done
bootstrap=$(grep -o "at 127.0.0.1:[0-9]*" "$log" | head -1 | cut -c4-)
sleep 55
kcat -C -b "$bootstrap" -t sensor-readings -o beginning -e -q -f '%k\t%s\n' > "$log.readings" 2>/dev/null
wait "$pid"
grep -h "readings=" "$log"
python3 - "$log.readings" <<'PY'
import collections, datetime, json, sys
by_sensor = collections.defaultdict(list)
for line in open(sys.argv[1]):
    key, _, value = line.rstrip('\n').partition('\t')
    if '2026-01-01T00:00:00Z' in value:
        continue  # the demo's malformed-on-purpose messages
    try:
        by_sensor[key].append(datetime.datetime.fromisoformat(json.loads(value)['timestamp'].replace('Z', '+00:00')).timestamp())
    except (ValueError, KeyError, TypeError):
        continue
gaps = sorted((b - a) * 1000 for times in by_sensor.values() for a, b in zip(times, times[1:]))
n = len(gaps)
q = lambda p: gaps[min(n - 1, int(p * n))]
print(f"gaps={n} min={gaps[0]:.1f} p0.1={q(0.001):.1f} p1={q(0.01):.1f} p50={q(0.5):.1f} p99={q(0.99):.1f} max={gaps[-1]:.1f} ms; "
      f"under 50 ms: {sum(g < 50 for g in gaps)}; counts of the most common (ms): {collections.Counter(round(g) for g in gaps).most_common(4)}")
PY
