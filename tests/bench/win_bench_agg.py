"""The aggregation win-avg --by stream --field bitrate_kbps --window 10s does, in python3
with the standard library: count, mean, min and max of bitrate_kbps per stream per 10 s window."""

import json, sys
groups = {}
for line in sys.stdin:
    e = json.loads(line)
    ts = e["ts"]; v = e["bitrate_kbps"]
    k = (ts - ts % 10000, e["stream"])
    g = groups.get(k)
    if g is None:
        groups[k] = [1, v, v, v]
    else:
        g[0] += 1; g[1] += v
        if v < g[2]: g[2] = v
        if v > g[3]: g[3] = v
w = sys.stdout.write
for (ts, stream), (n, s, lo, hi) in groups.items():
    w(json.dumps({"ts": ts, "window_end": ts + 10000, "stream": stream, "count": n,
                  "bitrate_kbps_avg": s / n, "bitrate_kbps_min": lo, "bitrate_kbps_max": hi},
                 separators=(",", ":")) + "\n")
