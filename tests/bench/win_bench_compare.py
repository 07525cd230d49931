"""Checks that a peer's window results agree with win-avg's: same windows and keys, same
counts, minimums and maximums, and means (and sums, where both have them) within a
relative 1e-9.
Usage: win_bench_compare.py WIN_AVG_OUTPUT PEER_OUTPUT [mlr]"""
import json
import sys


def load(path, mlr):
    out = {}
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if mlr:
                r = {"ts": r["w"], "stream": r["stream"], "count": r["bitrate_kbps_count"],
                     "bitrate_kbps_avg": r["bitrate_kbps_mean"],
                     "bitrate_kbps_min": r["bitrate_kbps_min"],
                     "bitrate_kbps_max": r["bitrate_kbps_max"]}
            out[(r["ts"], r["stream"])] = r
    return out


ours = load(sys.argv[1], False)
theirs = load(sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == "mlr")
problems = []
if sorted(ours) != sorted(theirs):
    problems.append(f"different windows/keys: {len(ours)} vs {len(theirs)}")
for k in set(ours) & set(theirs):
    a, b = ours[k], theirs[k]
    for f in ("count", "bitrate_kbps_min", "bitrate_kbps_max"):
        if a[f] != b[f]:
            problems.append(f"{k} {f}: {a[f]} vs {b[f]}")
    for f in ("bitrate_kbps_avg", "bitrate_kbps_sum"):
        if f in a and f in b and abs(a[f] - b[f]) > 1e-9 * abs(b[f]):
            problems.append(f"{k} {f}: {a[f]} vs {b[f]}")
if problems:
    print("DIFFERENT: " + "; ".join(problems[:5]))
    sys.exit(1)
print(f"same results ({len(ours)} windows x keys)")
