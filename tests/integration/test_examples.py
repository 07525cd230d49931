"""The example scripts and the live demo run as a user would run them, and do what they say.
Each starts its own kbroker and influxd (on free ports) and must leave nothing running."""

import glob
import json
import os
import signal
import subprocess
import time
import unittest
import uuid

from fixtures import BIN, SOURCE

EXAMPLES = os.path.join(SOURCE, "examples")


def processes_with(marker):
    """PIDs of live processes whose environment holds marker."""
    found = []
    for path in glob.glob("/proc/[0-9]*/environ"):
        try:
            with open(path, "rb") as f:
                if marker.encode() in f.read():
                    found.append(int(path.split("/")[2]))
        except OSError:
            pass
    return found


class ExamplesTest(unittest.TestCase):
    def run_example(self, script, timeout=180, extra_env=None):
        marker = f"RIVULET_TEST_MARKER={uuid.uuid4()}"
        env = dict(os.environ, RIVULET_BIN=BIN, RIVULET_TEST_MARKER=marker.split("=", 1)[1])
        env.pop("KAFKA_BROKERS", None)
        env.pop("INFLUX_URL", None)
        env.update(extra_env or {})
        proc = subprocess.run([os.path.join(EXAMPLES, script)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout, text=True)
        self.assertEqual(proc.returncode, 0, f"{script} failed:\n{proc.stderr[-3000:]}")
        self.assertEqual(processes_with(marker), [], f"{script} left processes running")
        return proc.stdout, proc.stderr

    def test_local_pipeline(self):
        out, _ = self.run_example("local-pipeline.sh")
        lines = out.splitlines()
        self.assertEqual(len(lines), 4 * 6)  # 4 streams, six 10 s windows in one minute
        for line in lines:
            self.assertRegex(line, r"^bitrate,stream=cam-[1-4] .*bitrate_kbps_avg=[0-9.]+.* \d{19}$")

    def test_kafka_pipeline(self):
        out, err = self.run_example("kafka-pipeline.sh")
        rows = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(sorted(r["stream"] for r in rows), ["cam-1", "cam-2", "cam-3", "cam-4"])
        self.assertEqual([r["windows"] for r in rows], [6, 6, 6, 6])
        self.assertIn("kbroker (embedded development broker) listening on 127.0.0.1:", err)

    def test_replay_live(self):
        out, _ = self.run_example("replay-live.sh")
        rows = [json.loads(line) for line in out.splitlines()]
        self.assertEqual(sorted(r["stream"] for r in rows), ["cam-1", "cam-2", "cam-3", "cam-4"])
        # 20 s retimed to now span two or three 10 s buckets.
        for r in rows:
            self.assertIn(r["windows"], (2, 3))

    def test_scale_out(self):
        out, _ = self.run_example("scale-out.sh")
        lines = out.splitlines()
        self.assertEqual(len(lines), 2)
        streams = []
        windows = 0
        for line in lines:
            # pipeline a: 12 windows, streams cam-1,cam-3,...
            name, rest = line.split(": ", 1)
            count, listed = rest.split(" windows, streams ")
            windows += int(count)
            self.assertNotEqual(listed, "none", f"{name} got no partitions")
            streams += listed.split(",")
        # Both pipelines start reading a backlog at once. When the second joins the group
        # after the first has begun reading (a loaded machine), a partition moves mid-read and
        # both write windows of its streams: every stream is still covered, but disjoint,
        # exact results across a rebalance are what --checkpoint gives (test_checkpoint), and
        # members that join before the data (test_pipeline_scale_out).
        self.assertEqual(sorted(set(streams)), sorted(f"cam-{i}" for i in range(1, 9)))
        self.assertGreaterEqual(windows, 8 * 3)
        if len(streams) == 8:
            self.assertEqual(windows, 8 * 3)

    def test_live_demo(self):
        out, err = self.run_example("live-demo.sh", timeout=240,
                                    extra_env={"RIVULET_DEMO_SECONDS": "12"})
        table = [line.split() for line in out.splitlines() if line.startswith("20")]
        self.assertGreaterEqual(len(table), 4, out)
        self.assertEqual({row[1] for row in table}, {"cam-1", "cam-2", "cam-3", "cam-4"})
        for row in table:
            self.assertGreater(float(row[2]), 100)  # avg kbps
        self.assertTrue(any(int(row[5]) > 0 for row in table), "no active viewers in any window")
        self.assertIn("examples/grafana/", out)
        for step in ("kbroker", "influxd", "starting the consumers", "reading back from InfluxDB"):
            self.assertIn(step, err)

    def test_live_demo_stops_cleanly_on_ctrl_c(self):
        marker = str(uuid.uuid4())
        work_dirs = set(glob.glob("/tmp/rivulet.*"))
        env = dict(os.environ, RIVULET_BIN=BIN, RIVULET_TEST_MARKER=marker,
                   RIVULET_DEMO_SECONDS="60")
        env.pop("KAFKA_BROKERS", None)
        env.pop("INFLUX_URL", None)
        proc = subprocess.Popen([os.path.join(EXAMPLES, "live-demo.sh")], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        time.sleep(8)  # well into the run: broker, database, consumers and webcams are up
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
        _, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 130, err[-2000:])
        self.assertIn("interrupted, stopping", err)
        self.assertEqual(processes_with(f"RIVULET_TEST_MARKER={marker}"), [],
                         "Ctrl-C left processes running")
        self.assertEqual(set(glob.glob("/tmp/rivulet.*")) - work_dirs, set(),
                         "Ctrl-C left the work directory behind")


if __name__ == "__main__":
    unittest.main()
