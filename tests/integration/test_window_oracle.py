"""win-avg and win-count checked against an outside oracle: InfluxDB's own GROUP BY time().

A frames-gen capture goes into a real influxd (plain HTTP line protocol) and into the tools;
InfluxQL's mean/min/max/count per 10 s bucket and stream, and count(distinct(viewer)) on
viewer events, must equal the tools' results for every window and key. Hopping windows
(10 s every 5 s) are InfluxDB's buckets of GROUP BY time(10s) and time(10s, 5s) together.
Also: a live pipe that goes quiet gets its last window out while still open (--idle).
"""

import json
import os
import random
import subprocess
import tempfile
import time
import unittest
import uuid

from fixtures import InfluxServer, run, tool

START = "2023-11-14T22:13:20Z"
WINDOW_MS = 10000
REL_TOL = 1e-9


def capture(*args):
    out = run([tool("frames-gen"), "--fast", "--seed", "1", "--start", START] + list(args)).stdout
    return out, [json.loads(line) for line in out.splitlines()]


def lp_escape_tag(value):
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ")


def results(stdout):
    return [json.loads(line) for line in stdout.splitlines()]


def time_bounds(events):
    """WHERE bounds a whole bucket wider than the data on each side, so no bucket is clipped."""
    first = min(e["ts"] for e in events)
    last = max(e["ts"] for e in events)
    lo = first - first % WINDOW_MS - WINDOW_MS
    hi = last + 2 * WINDOW_MS
    return f"time >= {lo}ms AND time < {hi}ms"


class WindowOracleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.influx = InfluxServer().start()
        cls.db = "win_oracle_" + uuid.uuid4().hex[:8]
        cls.influx.create_db(cls.db)
        cls.frames_raw, cls.frames = capture("--streams", "3", "--count", "30000")
        lines = [f"frames,stream={lp_escape_tag(e['stream'])} bitrate_kbps={e['bitrate_kbps']!r} "
                 f"{e['ts']}" for e in cls.frames]
        cls.influx.write(cls.db, "\n".join(lines))
        cls.viewers_raw, cls.viewers = capture("--streams", "3", "--viewers", "50", "--count",
                                               "30000")
        # (stream, viewer, event, ts) is unique, so no point overwrites another.
        lines = [f"viewers,stream={lp_escape_tag(e['stream'])},v={lp_escape_tag(e['viewer'])},"
                 f"event={lp_escape_tag(e['event'])} viewer={json.dumps(e['viewer'])} {e['ts']}"
                 for e in cls.viewers]
        cls.influx.write(cls.db, "\n".join(lines))

    @classmethod
    def tearDownClass(cls):
        cls.influx.close()

    def influx_frames(self, group_by):
        q = (f'SELECT mean(bitrate_kbps), min(bitrate_kbps), max(bitrate_kbps), '
             f'count(bitrate_kbps) FROM frames WHERE {time_bounds(self.frames)} '
             f'GROUP BY {group_by}, "stream" fill(none)')
        return {(r["time"], r["stream"]): r for r in self.influx.rows(q, self.db)}

    def assert_averages_match(self, ours, theirs):
        self.assertEqual(sorted(ours), sorted(theirs))
        for k, mine in ours.items():
            other = theirs[k]
            self.assertEqual(mine["count"], other["count"], k)
            self.assertEqual(mine["bitrate_kbps_min"], other["min"], k)
            self.assertEqual(mine["bitrate_kbps_max"], other["max"], k)
            rel = abs(mine["bitrate_kbps_avg"] - other["mean"]) / abs(other["mean"])
            self.assertLess(rel, REL_TOL, k)

    def test_tumbling_averages_equal_influxdb_group_by_time(self):
        out = run([tool("win-avg"), "--by", "stream", "--window", "10s", "--field",
                   "bitrate_kbps"], input=self.frames_raw).stdout
        ours = {(r["ts"], r["stream"]): r for r in results(out)}
        for r in ours.values():
            self.assertEqual(r["window_end"] - r["ts"], WINDOW_MS)
        theirs = self.influx_frames("time(10s)")
        self.assertGreater(len(theirs), 100)
        self.assert_averages_match(ours, theirs)
        self.assertEqual(sum(r["count"] for r in ours.values()), len(self.frames))

    def test_hopping_windows_equal_influxdb_buckets_with_offset(self):
        out = run([tool("win-avg"), "--by", "stream", "--window", "10s", "--hop", "5s"],
                  input=self.frames_raw).stdout
        ours = {(r["ts"], r["stream"]): r for r in results(out)}
        aligned = {k: r for k, r in ours.items() if k[0] % WINDOW_MS == 0}
        offset = {k: r for k, r in ours.items() if k[0] % WINDOW_MS == 5000}
        self.assertEqual(len(aligned) + len(offset), len(ours))
        self.assertGreater(len(offset), 100)
        self.assert_averages_match(aligned, self.influx_frames("time(10s)"))
        self.assert_averages_match(offset, self.influx_frames("time(10s, 5s)"))
        # every event is in exactly two hopping windows
        self.assertEqual(sum(r["count"] for r in ours.values()), 2 * len(self.frames))

    def shuffled_frames(self):
        """The capture with its lines shuffled within blocks of 120 (about 1.3 s of event
        time for 3 streams at 30 fps): out of order, but never by more than 2 s."""
        lines = self.frames_raw.splitlines(keepends=True)
        rng = random.Random(7)
        out = []
        for i in range(0, len(lines), 120):
            block = lines[i:i + 120]
            rng.shuffle(block)
            out.extend(block)
        self.assertNotEqual(out, lines)
        return b"".join(out)

    def test_out_of_order_within_lateness_equals_influxdb(self):
        out = run([tool("win-avg"), "--by", "stream", "--lateness", "3s"],
                  input=self.shuffled_frames()).stdout
        ours = {(r["ts"], r["stream"]): r for r in results(out)}
        self.assert_averages_match(ours, self.influx_frames("time(10s)"))

    def test_out_of_order_without_lateness_loses_nothing(self):
        """Without lateness some events miss their window: each is in the late file, and
        results plus late events account for every event."""
        with tempfile.TemporaryDirectory() as d:
            late_path = os.path.join(d, "late.ndjson")
            proc = run([tool("win-avg"), "--by", "stream", "--late", late_path],
                       input=self.shuffled_frames())
            with open(late_path, "rb") as f:
                late = f.read().splitlines()
        ours = results(proc.stdout)
        self.assertGreater(len(late), 0)
        self.assertEqual(sum(r["count"] for r in ours) + len(late), len(self.frames))
        self.assertIn(b"late event", proc.stderr)
        raw = set(self.frames_raw.splitlines())
        self.assertTrue(all(line in raw for line in late))  # verbatim

    def test_distinct_viewers_equal_influxdb_count_distinct(self):
        out = run([tool("win-count"), "--by", "stream", "--distinct", "viewer", "--where",
                   "event=beat"], input=self.viewers_raw).stdout
        ours = {(r["ts"], r["stream"]): r for r in results(out)}
        where = f"\"event\" = 'beat' AND {time_bounds(self.viewers)}"
        distinct = {(r["time"], r["stream"]): r["count"] for r in self.influx.rows(
            f'SELECT count(distinct(viewer)) FROM viewers WHERE {where} '
            f'GROUP BY time(10s), "stream" fill(none)', self.db)}
        counts = {(r["time"], r["stream"]): r["count"] for r in self.influx.rows(
            f'SELECT count(viewer) FROM viewers WHERE {where} '
            f'GROUP BY time(10s), "stream" fill(none)', self.db)}
        self.assertGreater(len(distinct), 100)
        self.assertEqual(sorted(ours), sorted(distinct))
        for k, r in ours.items():
            self.assertEqual(r["viewer_distinct"], distinct[k], k)
            self.assertEqual(r["count"], counts[k], k)
        self.assertGreater(max(r["viewer_distinct"] for r in ours.values()), 10)


class IdleLiveTest(unittest.TestCase):
    def test_quiet_input_closes_the_last_window_while_the_pipe_stays_open(self):
        """Events end 100 ms before their window ends; with --idle 300ms the window must come
        out within about a second although stdin is still open."""
        now_ms = int(time.time() * 1000)
        start = now_ms - now_ms % WINDOW_MS
        proc = subprocess.Popen([tool("win-avg"), "--by", "stream", "--idle", "300ms"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        try:
            for i, ts in enumerate([start + 1000, start + 9800, start + 9900]):
                line = json.dumps({"ts": ts, "stream": "cam-1", "bitrate_kbps": i})
                proc.stdin.write(line.encode() + b"\n")
            proc.stdin.flush()
            t0 = time.monotonic()
            first = proc.stdout.readline()  # blocks until the window is written
            elapsed = time.monotonic() - t0
            result = json.loads(first)
            self.assertEqual(result["ts"], start)
            self.assertEqual(result["count"], 3)
            self.assertLess(elapsed, 5.0)
            self.assertGreater(elapsed, 0.25)  # not before --idle of silence
            self.assertIsNone(proc.poll())  # still running: the input is open
        finally:
            proc.stdin.close()
            proc.wait(10)
            proc.stdout.close()
            proc.stderr.close()
        self.assertEqual(proc.returncode, 0)


if __name__ == "__main__":
    unittest.main()
