"""win-session against a python reference on frames-gen --viewers data, the pipeline
"win-session | win-avg" for average watch time per stream, and examples/data-usage.sh
against python's sums of the same frames.
"""

import json
import os
import random
import subprocess
import unittest
from collections import defaultdict

from fixtures import SOURCE, run, tool
from test_window_oracle import START, capture, results

GAP_MS = 30000


def reference_sessions(events, gap_ms=GAP_MS):
    """Sessions per viewer: sorted times split where two are more than the gap apart."""
    by_viewer = defaultdict(list)
    for e in events:
        by_viewer[e["viewer"]].append(e)
    sessions = []
    for viewer, evs in by_viewer.items():
        evs.sort(key=lambda e: e["ts"])
        start = 0
        for i in range(1, len(evs) + 1):
            if i == len(evs) or evs[i]["ts"] - evs[i - 1]["ts"] > gap_ms:
                first, last = evs[start], evs[i - 1]
                sessions.append({"ts": first["ts"], "session_end": last["ts"], "viewer": viewer,
                                 "duration_ms": last["ts"] - first["ts"], "count": i - start,
                                 "stream": first["stream"]})
                start = i
    return sessions


def key(s):
    return (s["viewer"], s["ts"])


class SessionReferenceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        raw, events = capture("--viewers", "100", "--streams", "4", "--duration", "10m")
        # A network outage: every third viewer sends nothing from minute 3 to minute 4, so
        # those still watching then have two sessions.
        t0 = events[0]["ts"]
        keep = [not (int(e["viewer"][2:]) % 3 == 0 and 180000 <= e["ts"] - t0 < 240000)
                for e in events]
        cls.raw = b"".join(line + b"\n" for line, k in zip(raw.splitlines(), keep) if k)
        cls.events = [e for e, k in zip(events, keep) if k]
        cls.expected = sorted(reference_sessions(cls.events), key=key)

    def sessions(self, *args, input=None):
        out = run([tool("win-session"), "--by", "viewer", "--gap", "30s", "--keep", "stream"]
                  + list(args), input=self.raw if input is None else input).stdout
        return results(out)

    def test_sessions_equal_the_python_reference(self):
        ours = self.sessions()
        self.assertGreater(len(ours), 100)
        self.assertEqual(sorted(ours, key=key), self.expected)
        # Sessions go out as they close, so session_end never goes back.
        ends = [s["session_end"] for s in ours]
        self.assertEqual(ends, sorted(ends))
        # Some viewers came back after more than the gap: several sessions each.
        per_viewer = defaultdict(int)
        for s in ours:
            per_viewer[s["viewer"]] += 1
        self.assertGreater(max(per_viewer.values()), 1)

    def test_out_of_order_within_lateness_gives_the_same_sessions(self):
        lines = self.raw.splitlines(keepends=True)
        rng = random.Random(5)
        shuffled = []
        for i in range(0, len(lines), 100):
            block = lines[i:i + 100]
            rng.shuffle(block)
            shuffled.extend(block)
        latest, disorder = 0, 0
        for line in shuffled:
            ts = json.loads(line)["ts"]
            latest = max(latest, ts)
            disorder = max(disorder, latest - ts)
        self.assertGreater(disorder, 500)
        self.assertLess(disorder, 10000)
        ours = self.sessions("--lateness", "10s", input=b"".join(shuffled))
        self.assertEqual(sorted(ours, key=key), self.expected)

    def test_average_watch_time_per_stream_pipeline(self):
        """win-session | win-avg: per stream over the whole capture (one hour window), and per
        minute of session end, each equal to python's average of the reference sessions."""
        for extra, bucket in [(["--window", "1h"], lambda s: s["ts"] - s["ts"] % 3600000),
                              (["--window", "1m", "--time-field", "session_end"],
                               lambda s: s["session_end"] - s["session_end"] % 60000)]:
            proc = subprocess.run(
                f"{tool('win-session')} --by viewer --gap 30s --keep stream | "
                f"{tool('win-avg')} --by stream --field duration_ms {' '.join(extra)}",
                shell=True, input=self.raw, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                check=True)
            self.assertEqual(proc.stderr, b"")  # no late sessions
            groups = defaultdict(list)
            for s in self.expected:
                groups[(bucket(s), s["stream"])].append(s["duration_ms"])
            ours = {(r["ts"], r["stream"]): r for r in results(proc.stdout)}
            self.assertEqual(sorted(ours), sorted(groups))
            for k, durations in groups.items():
                self.assertEqual(ours[k]["count"], len(durations))
                self.assertAlmostEqual(ours[k]["duration_ms_avg"],
                                       sum(durations) / len(durations), delta=1e-6)


class DataUsageExampleTest(unittest.TestCase):
    def test_megabytes_per_resolution_equal_python_sums(self):
        env = dict(os.environ, RIVULET_BIN=os.path.dirname(tool("win-avg")))
        out = subprocess.run([os.path.join(SOURCE, "examples", "data-usage.sh")], env=env,
                             stdout=subprocess.PIPE, check=True, timeout=120).stdout
        ours = {r["resolution"]: r for r in results(out)}
        expected = {}
        for size in ["640x360", "854x480", "1280x720", "1920x1080", "2560x1440", "3840x2160"]:
            frames = [json.loads(line) for line in run(
                [tool("frames-gen"), "--resolution", size, "--fps", "30", "--fast", "--duration",
                 "10m", "--seed", "1", "--start", "2023-11-14T22:10:00Z"]).stdout.splitlines()]
            self.assertTrue(all(f["height"] == frames[0]["height"] for f in frames))
            expected[f"{frames[0]['height']}p"] = (
                len(frames), round(sum(f["frame_bytes"] for f in frames) / 1e6, 1))
        self.assertEqual(list(ours), ["360p", "480p", "720p", "1080p", "1440p", "2160p"])
        for resolution, (frames, mb) in expected.items():
            self.assertEqual(ours[resolution]["frames"], frames)  # 10 minutes at 30 fps
            self.assertEqual(ours[resolution]["mb"], mb)
        # Each rung up the ladder costs more.
        mbs = [ours[r]["mb"] for r in ours]
        self.assertEqual(mbs, sorted(mbs))


if __name__ == "__main__":
    unittest.main()
