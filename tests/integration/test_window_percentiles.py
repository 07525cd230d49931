"""win-avg --percentile/--sum and win-count --fill zero against InfluxDB's own answers.

The same events go into a real influxd and into the tools. InfluxQL's percentile(F, P) per
10 s bucket and stream must equal win-avg's F_pP exactly (null where InfluxDB returns no
value: P = 0, small P on few values), sum() its F_sum; past --exact-limit the sketch must be
within its stated 1% of InfluxDB's exact percentile. win-count --fill zero must give what
count() ... fill(0) gives, from each key's first window on.
"""

import json
import random
import unittest
import uuid

from fixtures import InfluxServer, run, tool
from test_window_oracle import START, capture, lp_escape_tag, results, time_bounds

PERCENTILES = ["50", "95", "99.9"]
SKETCH_ACCURACY = 0.01


class PercentileOracleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.influx = InfluxServer().start()
        cls.db = "win_pct_" + uuid.uuid4().hex[:8]
        cls.influx.create_db(cls.db)
        cls.frames_raw, cls.frames = capture("--streams", "3", "--count", "30000")
        cls.influx.write(cls.db, "\n".join(
            f"frames,stream={lp_escape_tag(e['stream'])} bitrate_kbps={e['bitrate_kbps']!r},"
            f"frame_bytes={e['frame_bytes']}i {e['ts']}" for e in cls.frames))
        cls.small_raw, cls.small = cls.small_windows()
        cls.influx.write(cls.db, "\n".join(
            f"small,k={e['k']} v={e['v']!r} {e['ts']}" for e in cls.small))
        cls.viewers_raw, cls.viewers = capture("--streams", "3", "--viewers", "40",
                                               "--duration", "5m")
        cls.influx.write(cls.db, "\n".join(
            f"viewers,stream={lp_escape_tag(e['stream'])},v={lp_escape_tag(e['viewer'])},"
            f"event={e['event']} viewer={json.dumps(e['viewer'])} {e['ts']}"
            for e in cls.viewers))

    @classmethod
    def tearDownClass(cls):
        cls.influx.close()

    @staticmethod
    def small_windows():
        """Windows holding 1 to 9 values (with repeats and negatives), one key per size."""
        rng = random.Random(3)
        events = []
        base = 1700000000000
        for window in range(6):
            for n in range(1, 10):
                for i in range(n):
                    events.append({"ts": base + window * 10000 + i * 1000 + n, "k": f"n{n}",
                                   "v": float(rng.choice([-2.5, 0, 1, 1, 3.25, 7, 7, 10, 1e6]))})
        events.sort(key=lambda e: e["ts"])
        raw = "".join(json.dumps(e) + "\n" for e in events).encode()
        return raw, events

    def influx_by_window(self, select, measurement, tag, events, where=""):
        q = (f"SELECT {select} FROM {measurement} WHERE {where}{time_bounds(events)} "
             f'GROUP BY time(10s), "{tag}" fill(none)')
        return {(r["time"], r[tag]): r for r in self.influx.rows(q, self.db)}

    def test_percentiles_and_sums_equal_influxdb(self):
        out = run([tool("win-avg"), "--by", "stream", "--field", "bitrate_kbps,frame_bytes",
                   "--percentile", "50,95", "--percentile", "99.9", "--sum"],
                  input=self.frames_raw).stdout
        ours = {(r["ts"], r["stream"]): r for r in results(out)}
        self.assertGreater(len(ours), 100)
        for p in PERCENTILES:
            for field in ["bitrate_kbps", "frame_bytes"]:
                theirs = self.influx_by_window(f"percentile({field}, {p})", "frames", "stream",
                                               self.frames)
                self.assertEqual(sorted(ours), sorted(theirs))
                for k, r in ours.items():
                    self.assertEqual(r[f"{field}_p{p}"], theirs[k]["percentile"], (k, field, p))
        for field in ["bitrate_kbps", "frame_bytes"]:
            theirs = self.influx_by_window(f"sum({field})", "frames", "stream", self.frames)
            for k, r in ours.items():
                self.assertAlmostEqual(r[f"{field}_sum"] / theirs[k]["sum"], 1, delta=1e-12)

    def test_edge_cases_small_windows_and_extreme_percentiles(self):
        ps = ["0", "1", "10", "16.7", "33.3", "49.9", "50", "66.7", "95", "99.9", "100"]
        out = run([tool("win-avg"), "--by", "k", "--field", "v", "--percentile", ",".join(ps)],
                  input=self.small_raw).stdout
        ours = {(r["ts"], r["k"]): r for r in results(out)}
        self.assertEqual(len(ours), 6 * 9)
        nulls = 0
        for p in ps:
            for n in range(1, 10):
                # One key a query: influxd 1.6 ends a GROUP BY query's whole result at the
                # first bucket where percentile() has no value, dropping every later series.
                theirs = self.influx_by_window(f"percentile(v, {p})", "small", "k", self.small,
                                               where=f"k = 'n{n}' AND ")
                for k, r in ours.items():
                    if k[1] != f"n{n}":
                        continue
                    mine = r[f"v_p{p}"]
                    # InfluxDB returns no row where percentile() has no value; we write null.
                    self.assertEqual(mine, theirs[k]["percentile"] if k in theirs else None,
                                     (k, p))
                    nulls += mine is None
        self.assertGreater(nulls, 6 * 9)  # P = 0 alone gives 54

    def test_sketch_beyond_the_exact_limit_is_within_one_percent(self):
        out = run([tool("win-avg"), "--by", "stream", "--field", "bitrate_kbps",
                   "--percentile", ",".join(PERCENTILES), "--exact-limit", "50"],
                  input=self.frames_raw).stdout
        ours = {(r["ts"], r["stream"]): r for r in results(out)}
        worst = 0
        for p in PERCENTILES:
            theirs = self.influx_by_window(f"percentile(bitrate_kbps, {p})", "frames", "stream",
                                           self.frames)
            for k, r in ours.items():
                exact = theirs[k]["percentile"]
                worst = max(worst, abs(r[f"bitrate_kbps_p{p}"] - exact) / exact)
        self.assertLessEqual(worst, SKETCH_ACCURACY)
        self.assertGreater(worst, 0)  # the sketch did answer

    def test_fill_zero_equals_influxdb_fill_0_from_each_keys_first_window(self):
        out = run([tool("win-count"), "--by", "stream", "--where", "event=leave", "--fill", "zero",
                   "--forget", "1000d"], input=self.viewers_raw).stdout
        ours = {(r["ts"], r["stream"]): r["count"] for r in results(out)}
        first = {}
        for (ts, stream) in ours:
            first[stream] = min(ts, first.get(stream, ts))
        last = max(ts for ts, _ in ours)
        q = (f"SELECT count(viewer) FROM viewers WHERE \"event\" = 'leave' AND "
             f"{time_bounds(self.viewers)} GROUP BY time(10s), \"stream\" fill(0)")
        theirs = {(r["time"], r["stream"]): r["count"] for r in self.influx.rows(q, self.db)
                  if r["stream"] in first and first[r["stream"]] <= r["time"] <= last}
        self.assertEqual(ours, theirs)
        self.assertGreater(list(ours.values()).count(0), 20)
        self.assertGreater(len([c for c in ours.values() if c > 0]), 5)


if __name__ == "__main__":
    unittest.main()
