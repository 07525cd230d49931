"""--checkpoint: `ksub -G g --checkpoint D | win-avg ... --checkpoint D | influx-write ...
--checkpoint D` is effectively-once into InfluxDB (kbroker, or Apache Kafka with
RIVULET_KAFKA=real).

- Crash matrix: while captures are published (`replay --speed 30 | kpub -k KEY`), each of
  ksub, win-avg, win-count, win-session and influx-write is SIGKILLed at random moments (5
  times each), the same pipeline started again each time; after a final run to the end (-e),
  InfluxDB holds, window by window (session by session), exactly what the window tool
  computes over the file.
- SIGINT/SIGTERM mid-window: no partial window is written, so none overwrites a complete one.
- Rebalances while data flows: a second member joins, one is stopped (SIGTERM), joins again
  and is SIGKILLed: every stored window is whole, and a later run makes InfluxDB exact.
- influxd stopped for 10 s and the database dropped mid-run, influxd answering 404 and
  unreachable from the start: no offset is committed past what is stored (mid-run: sampled
  against the topic's messages), and a later run completes the data.

The oracle is the window tool itself over the source file (its results are tested against
Python and InfluxDB elsewhere); what is compared here is what survives crashes.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

from fixtures import InfluxServer, tool
from kafka_fixtures import BrokerTestCase, envelopes, unique

# Event time decides every result: no wall-clock idle advance (--idle 0), and lateness for
# the event-time merge of the partitions (at 30x, ksub's --max-idle of 1 s is 30 s of event
# time): no event is late, with or without crashes.
WINDOW = ["--by", "stream", "--window", "10s", "--lateness", "40s", "--idle", "0"]
AVG = [tool("win-avg"), *WINDOW, "--field", "bitrate_kbps"]
COUNT = [tool("win-count"), *WINDOW]
AVG_FIELDS = ["bitrate_kbps_avg", "bitrate_kbps_min", "bitrate_kbps_max", "count", "window_end"]
# Viewer sessions, keyed (and partitioned) by viewer; stored with the viewer as the tag.
SESSION = [tool("win-session"), "--by", "viewer", "--gap", "30s", "--keep", "stream",
           "--lateness", "40s", "--idle", "0"]
SESSION_FIELDS = ["session_end", "duration_ms", "count", "stream"]


def capture(minutes, fps=10, streams=4, seed=11):
    # Recent event times: Kafka's time retention (7 days by default, checked about 30 s after
    # the broker starts) would delete a 2023 capture's messages while the test reads them.
    start = str(int(time.time()) // 3600 * 3600)
    return subprocess.run(
        [tool("frames-gen"), "--streams", str(streams), "--fps", str(fps), "--fast",
         "--duration", f"{minutes}m", "--seed", str(seed), "--start", start],
        stdout=subprocess.PIPE, check=True, timeout=60).stdout


def viewers(minutes, count=40, seed=5):
    """frames-gen viewer events (join, beat, leave) with recent event times."""
    start = str(int(time.time()) // 3600 * 3600)
    return subprocess.run(
        [tool("frames-gen"), "--viewers", str(count), "--streams", "4", "--fast",
         "--duration", f"{minutes}m", "--seed", str(seed), "--start", start],
        stdout=subprocess.PIPE, check=True, timeout=60).stdout


def key_field(window_cmd):
    return "viewer" if window_cmd is SESSION else "stream"


def oracle(window_cmd, data):
    """(key, window or session start ms) -> the result object, from the window tool over the
    file."""
    out = subprocess.run(window_cmd, input=data, stdout=subprocess.PIPE, check=True,
                         timeout=120).stdout.decode().splitlines()
    results = {}
    for line in out:
        r = json.loads(line)
        results[(r[key_field(window_cmd)], r["ts"])] = r
    return results


def stored(influx, db, measurement, key="stream"):
    return {(r[key], r["time"]): r
            for r in influx.rows(f'SELECT * FROM "{measurement}"', db=db)}


class Pipeline:
    """ksub | window tool | influx-write, each stage its own process (so one can be killed),
    all with --checkpoint DIR."""

    STAGES = ("ksub", "window", "influx-write")

    def __init__(self, case, topic, group, window_cmd, db, measurement, directory):
        self.case = case
        self.topic, self.group, self.window_cmd = topic, group, window_cmd
        self.db, self.measurement, self.dir = db, measurement, directory
        self.procs = {}
        self.errs = {}
        self.late = 0  # late-event warnings of the window stage, over every run
        # Sessions keep their stream too (a string: written only as a tag).
        self.tag = "viewer,stream" if window_cmd is SESSION else "stream"
        self.max_retry = "2s"

    def start(self, exit_at_end=False, url=None, write_options=()):
        brokers = self.case.broker.address
        ksub = [tool("ksub"), "-b", brokers, "-t", self.topic, "-G", self.group,
                "--checkpoint", self.dir, "--checkpoint-interval", "200ms", "--max-idle", "1s"]
        if exit_at_end:
            ksub.append("-e")
        write = [tool("influx-write"), "--url", url or self.case.influx.url, "--db", self.db,
                 "--measurement", self.measurement, "--tag", self.tag, "--checkpoint", self.dir,
                 "--max-retry-time", self.max_retry, *write_options]
        for name in self.STAGES:
            if name in self.errs:
                self.errs[name].seek(0)
                self.late += self.errs[name].read().count(b"late event")
                self.errs[name].close()
            self.errs[name] = tempfile.TemporaryFile()
        p_ksub = subprocess.Popen(ksub, stdout=subprocess.PIPE, stderr=self.errs["ksub"])
        p_win = subprocess.Popen(self.window_cmd + ["--checkpoint", self.dir],
                                 stdin=p_ksub.stdout, stdout=subprocess.PIPE,
                                 stderr=self.errs["window"])
        p_ksub.stdout.close()
        p_write = subprocess.Popen(write, stdin=p_win.stdout, stderr=self.errs["influx-write"])
        p_win.stdout.close()
        self.procs = {"ksub": p_ksub, "window": p_win, "influx-write": p_write}
        return self

    def late_events(self):
        """Late-event warnings of the window stage over every run so far."""
        f = self.errs.get("window")
        if f is None:
            return self.late
        f.seek(0)
        return self.late + f.read().count(b"late event")

    def signal(self, stage, sig):
        proc = self.procs[stage]
        if proc.poll() is None:
            proc.send_signal(sig)

    def wait(self, timeout=60):
        """Waits for every stage; after `timeout`, stops what is left (SIGTERM, then SIGKILL)
        and fails. Returns the exit statuses."""
        deadline = time.monotonic() + timeout
        status = {}
        for name, proc in self.procs.items():
            try:
                status[name] = proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                for p in self.procs.values():
                    if p.poll() is None:
                        p.kill()
                        p.wait()
                self.case.fail(f"{name} did not exit: {self.stderr()}")
        return status

    def stderr(self):
        text = []
        for name, f in self.errs.items():
            f.seek(0)
            text.append(f"--- {name}:\n{f.read().decode(errors='replace')[-1500:]}")
        return "\n".join(text)

    def ack(self):
        try:
            with open(os.path.join(self.dir, "ack")) as f:
                return f.read()
        except OSError:
            return ""

    def crash(self, stage, delay):
        """Starts the pipeline, lets it store something (a new acknowledgement, while there
        is data to read), SIGKILLs `stage` `delay` seconds later, then stops ksub as a
        supervisor would (SIGTERM: it leaves the group at once) and waits for the rest."""
        before = self.ack()
        self.start()
        deadline = time.monotonic() + 15
        while self.ack() == before and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(delay)
        self.signal(stage, signal.SIGKILL)
        if stage != "ksub":
            self.signal("ksub", signal.SIGTERM)
        self.wait()

    def finish(self, url=None):
        """Runs the pipeline to the end of what is published (-e); checks it succeeded."""
        self.start(exit_at_end=True, url=url)
        status = self.wait(timeout=120)
        self.case.assertEqual(status, {n: 0 for n in self.STAGES}, self.stderr())


def committed(brokers, group, topic, partitions):
    """{partition: (offset, metadata)} committed by the group (confluent_kafka)."""
    from confluent_kafka import Consumer, TopicPartition
    c = Consumer({"bootstrap.servers": brokers, "group.id": group, "enable.auto.commit": False})
    try:
        got = c.committed([TopicPartition(topic, p) for p in range(partitions)], timeout=30)
        return {tp.partition: (tp.offset, getattr(tp, "metadata", None)) for tp in got
                if tp.offset >= 0}
    finally:
        c.close()


class CheckpointTestBase(BrokerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.influx = InfluxServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.influx.close()

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="rivulet-ckpt-")
        self.topic = unique("frames")
        self.broker.create_topics([(self.topic, 4)])
        self.db = unique("db").replace("-", "_")
        self.influx.create_db(self.db)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def publish(self, data, speed=None, topic=None, key="stream"):
        """Publishes the capture keyed by `key`; with `speed`, paced by replay (a Popen)."""
        kpub = [tool("kpub"), "-b", self.broker.address, "-t", topic or self.topic, "-k", key]
        if speed is None:
            subprocess.run(kpub, input=data, check=True, timeout=120)
            return None
        src = tempfile.NamedTemporaryFile(suffix=".ndjson", delete=False)
        src.write(data)
        src.close()
        replay = subprocess.Popen([tool("replay"), "--speed", str(speed), src.name],
                                  stdout=subprocess.PIPE)
        pub = subprocess.Popen(kpub, stdin=replay.stdout)
        replay.stdout.close()
        pub.source_file = src.name
        return pub

    maxDiff = None

    def assert_exact(self, window_cmd, data, measurement, fields, lost=frozenset()):
        """InfluxDB holds what the window tool computes over the file, except that windows
        in `lost` (deleted with the database by the test) may be missing."""
        expected = oracle(window_cmd, data)
        got = stored(self.influx, self.db, measurement, key_field(window_cmd))
        missing = sorted(set(expected) - set(got) - set(lost))
        extra = sorted(set(got) - set(expected))
        different = sorted(k for k in set(expected) & set(got)
                           if any(got[k][f] != expected[k][f] for f in fields))
        detail = [(k, {f: (got[k][f], expected[k][f]) for f in fields}) for k in different[:5]]
        self.assertEqual((missing[:5], extra[:5], detail), ([], [], []),
                         f"{len(missing)} missing, {len(extra)} extra, {len(different)} different "
                         f"of {len(expected)} windows; {getattr(self, 'note', '')}")
        self.assertGreater(len(expected), 40)


class CrashMatrixTest(CheckpointTestBase):
    def test_killed_stages_lose_and_distort_nothing(self):
        # 28800 frames, 60 s of publishing at 30x (kbroker keeps 5 MiB a partition: less than
        # that goes to each of its partitions); viewer events for win-session on their own
        # topic, keyed by viewer, published alongside (60 s at 30x). The kills take about as
        # long, so they all fall while data flows.
        data = capture(minutes=30, fps=4)
        sessions = viewers(minutes=30)
        seed = int(os.environ.get("RIVULET_SEED", time.time()))
        rng = random.Random(seed)
        session_topic = unique("viewers")
        self.broker.create_topics([(session_topic, 4)])
        dirs = [self.dir]
        for _ in range(2):
            dirs.append(tempfile.mkdtemp(prefix="rivulet-ckpt-"))
            self.addCleanup(shutil.rmtree, dirs[-1], True)
        pipelines = {
            "avg": Pipeline(self, self.topic, unique("avg"), AVG, self.db, "avg", dirs[0]),
            "count": Pipeline(self, self.topic, unique("count"), COUNT, self.db, "count",
                              dirs[1]),
            "session": Pipeline(self, session_topic, unique("session"), SESSION, self.db,
                                "session", dirs[2]),
        }
        publishers = [self.publish(data, speed=30),
                      self.publish(sessions, speed=30, topic=session_topic, key="viewer")]
        kills = {name: [] for name in pipelines}
        # Three pipelines at once (three groups), each window tool killed 5 times, ksub and
        # influx-write 5 times each over the three. A killed ksub's partitions wait for its
        # group session to time out (6 s): those kills are spread over the pipelines.
        plans = {"avg": ["window"] * 5 + ["ksub"] * 2,
                 "count": ["window"] * 5 + ["ksub"] * 2 + ["influx-write"] * 2,
                 "session": ["window"] * 5 + ["ksub"] + ["influx-write"] * 3}
        errors = []

        loop_seconds = {}

        def run(name, pipeline, local_rng):
            began = time.monotonic()
            try:
                plan = plans[name]
                local_rng.shuffle(plan)
                for stage in plan:
                    delay = local_rng.uniform(0, 2.5)
                    pipeline.crash(stage, delay)
                    kills[name].append((stage, round(delay, 2)))
            except BaseException as e:  # reported by the main thread
                errors.append(e)
            loop_seconds[name] = round(time.monotonic() - began, 1)

        threads = [threading.Thread(target=run, args=(n, p, random.Random(rng.random())))
                   for n, p in pipelines.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for publisher in publishers:
            publisher.wait(timeout=300)
            os.unlink(publisher.source_file)
        if errors:
            raise errors[0]
        self.assertEqual([p.returncode for p in publishers], [0, 0])
        self.note = (f"RIVULET_SEED={seed}, kills (stage, seconds after start): {kills}, "
                     f"kill loops took {loop_seconds} s, "
                     f"late events {[p.late for p in pipelines.values()]}")
        for pipeline in pipelines.values():
            pipeline.finish()
        self.assert_exact(AVG, data, "avg", AVG_FIELDS)
        self.assert_exact(COUNT, data, "count", ["count", "window_end"])
        self.assert_exact(SESSION, sessions, "session", SESSION_FIELDS)


class StopTest(CheckpointTestBase):
    def test_sigint_and_sigterm_mid_window_write_no_partial_window(self):
        data = capture(minutes=3)
        lines = data.splitlines(keepends=True)
        first, rest = b"".join(lines[: len(lines) // 2]), b"".join(lines[len(lines) // 2:])
        self.publish(first)
        pipeline = Pipeline(self, self.topic, unique("stop"), AVG, self.db, "avg", self.dir)
        for sig in (signal.SIGINT, signal.SIGTERM):
            pipeline.start()
            # Until the group has formed and results are being written.
            deadline = time.monotonic() + 60
            while not os.path.exists(os.path.join(self.dir, "ack")):
                self.assertLess(time.monotonic(), deadline, pipeline.stderr())
                time.sleep(0.1)
            time.sleep(1)
            # The whole pipeline is stopped, as a terminal's ^C (or a supervisor) does.
            for stage in Pipeline.STAGES:
                pipeline.signal(stage, sig)
            pipeline.wait()
            # Nothing partial: every window stored is whole, as over the file.
            expected = oracle(AVG, data)
            for key, row in stored(self.influx, self.db, "avg").items():
                self.assertEqual(row["count"], expected[key]["count"], (sig, key))
        self.publish(rest)
        pipeline.finish()
        self.assert_exact(AVG, data, "avg", AVG_FIELDS)


def wait_until(case, predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        case.assertLess(time.monotonic(), deadline, what())
        time.sleep(0.1)


class RebalanceTest(CheckpointTestBase):
    def test_members_joining_and_leaving_mid_stream_leave_influxdb_exact(self):
        data = capture(minutes=15, fps=4)  # 30 s of publishing at 30x
        publisher = self.publish(data, speed=30)
        group = unique("rebalance")
        first = Pipeline(self, self.topic, group, AVG, self.db, "avg", self.dir)
        # The second member keeps its own DIR, as on another machine.
        other = tempfile.mkdtemp(prefix="rivulet-ckpt-")
        self.addCleanup(shutil.rmtree, other, True)
        second = Pipeline(self, self.topic, group, AVG, self.db, "avg", other)

        def stores_again(p, timeout=60):
            """Waits for p's next acknowledgement: it holds partitions and stores."""
            before = p.ack()
            wait_until(self, lambda: p.ack() != before, timeout, p.stderr)

        first.start()
        stores_again(first)
        second.start()  # scale-out: the group rebalances, partitions move while data flows
        stores_again(second)
        time.sleep(1)
        # A member stopped as a supervisor stops it (SIGTERM to every stage): it leaves the
        # group at once, and the other takes its partitions over mid-window.
        for stage in Pipeline.STAGES:
            first.signal(stage, signal.SIGTERM)
        first.wait()
        stores_again(second)
        # It joins again, then dies (SIGKILL to every stage, a machine lost): its partitions
        # move once the group's session times out.
        first.start()
        stores_again(first)
        time.sleep(1)
        for stage in Pipeline.STAGES:
            first.signal(stage, signal.SIGKILL)
        first.wait()
        publisher.wait(timeout=300)
        os.unlink(publisher.source_file)
        self.assertEqual(publisher.returncode, 0)
        # Until the survivor has everything and stored what it can (its acknowledgement
        # stops changing).
        last, stable_since = None, time.monotonic()
        while time.monotonic() - stable_since < 3:
            if second.ack() != last:
                last, stable_since = second.ack(), time.monotonic()
            time.sleep(0.2)
        second.signal("ksub", signal.SIGTERM)
        second.wait()
        # No window split between the members or half computed: each stored one is whole.
        expected = oracle(AVG, data)
        for key, row in stored(self.influx, self.db, "avg").items():
            self.assertEqual(row["count"], expected[key]["count"], key)
        self.note = f"late events {first.late_events()} and {second.late_events()}"
        # What was open when it stopped is computed by the next run: exact.
        second.finish()
        self.assert_exact(AVG, data, "avg", AVG_FIELDS)


class CommitWatch:
    """Samples the group's committed offsets and then what InfluxDB holds, twice a second,
    from a thread: each commit is later checked against what was stored after it was made."""

    def __init__(self, case, group):
        self.case, self.group = case, group
        self.samples = []  # (time, committed, stored or None while influxd does not answer)
        self.stopping = threading.Event()
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            self._sample()
        except BaseException as e:  # reported by stop()
            self.error = e

    def _sample(self):
        while not self.stopping.is_set():
            taken = time.monotonic()
            got = committed(self.case.broker.address, self.group, self.case.topic, 4)
            try:
                now = stored(self.case.influx, self.case.db, "avg")
            except (OSError, RuntimeError):
                now = None
            self.samples.append((taken, got, now))
            self.stopping.wait(0.5)

    def latest(self):
        """The offsets committed at the latest sample ({} before any)."""
        return self.samples[-1][1] if self.samples else {}

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=60)
        if self.error is not None:
            raise self.error
        return self.samples


def window_start(ts_ms):
    return ts_ms - ts_ms % 10000


class OutageTest(CheckpointTestBase):
    def assert_commits_stored(self, samples, data, lost=frozenset(), lost_at=None):
        """No commit passes data that InfluxDB does not hold: every message before a
        partition's committed offset is in a stored window with its whole count (or, in
        samples taken from `lost_at` on, in one the test deleted then, `lost`). A sample
        taken while influxd was down is held against the next answer of the same phase."""
        expected = oracle(AVG, data)
        by_partition = {}
        for e in envelopes(self.broker, self.topic):
            payload = e["payload"]
            if isinstance(payload, str):
                payload = json.loads(payload)
            by_partition.setdefault(e["partition"], []).append(
                (e["offset"], (payload["stream"], window_start(payload["ts"]))))
        later = None
        checked = 0
        for taken, offsets, now in reversed(samples):
            after_loss = lost_at is not None and taken >= lost_at
            if not after_loss and lost_at is not None and later is not None and \
                    later[0] >= lost_at:
                later = None  # what InfluxDB held after the deletion says nothing before it
            later = (taken, now) if now is not None else later
            if later is None:
                continue
            for partition, (offset, _) in offsets.items():
                for o, key in by_partition.get(partition, []):
                    if o >= offset or (after_loss and key in lost):
                        continue
                    row = later[1].get(key)
                    self.assertEqual(row and row["count"], expected[key]["count"],
                                     f"partition {partition} committed at {offset} past "
                                     f"message {o} of window {key}, which InfluxDB does not "
                                     f"hold whole")
                    checked += 1
        self.assertGreater(checked, 0, f"nothing was committed during the run: {len(samples)} "
                           f"samples, the last {samples[-1][1:2] if samples else None}, "
                           f"partitions {sorted(by_partition)}")

    def test_influxd_stopped_then_database_dropped_mid_run(self):
        # 32 s of publishing at 30x: data still flows when the database is dropped.
        data = capture(minutes=16, fps=4)
        publisher = self.publish(data, speed=30)
        group = unique("outage")
        pipeline = Pipeline(self, self.topic, group, AVG, self.db, "avg", self.dir)
        # Longer than the outage: influx-write retries through it, and acknowledges again.
        pipeline.max_retry = "30s"
        pipeline.start()
        watch = CommitWatch(self, group)
        # Until ksub has committed (it commits acknowledgements every few seconds).
        wait_until(self, lambda: watch.latest(), 60, pipeline.stderr)
        # (a) influxd stopped for 10 s, then started again on the same port and data.
        self.influx.stop()
        time.sleep(10)
        before = watch.latest()
        self.influx.start()
        wait_until(self, lambda: watch.latest() != before, 60, pipeline.stderr)
        # (b) The database dropped (writes answer 404), then created again 3 s later. What
        # it held is gone with it, whatever was committed: the test notes those windows.
        # influx-write is paused meanwhile, so that the note is exact.
        pipeline.signal("influx-write", signal.SIGSTOP)
        lost = set(stored(self.influx, self.db, "avg"))
        lost_at = time.monotonic()
        self.influx.query(f'DROP DATABASE "{self.db}"')
        pipeline.signal("influx-write", signal.SIGCONT)
        time.sleep(3)
        self.influx.create_db(self.db)
        publisher.wait(timeout=300)
        os.unlink(publisher.source_file)
        time.sleep(2)
        for stage in Pipeline.STAGES:
            pipeline.signal(stage, signal.SIGTERM)
        status = pipeline.wait()
        samples = watch.stop()
        self.assertEqual(status["influx-write"], 1, "a lost batch is not reported: " +
                         pipeline.stderr())
        self.assertIn("HTTP 404", pipeline.stderr(), "no write met the dropped database")
        self.assert_commits_stored(samples, data, lost, lost_at)
        # A later run of the same command completes the data: everything not deleted by the
        # test is exact.
        pipeline.finish()
        self.assert_exact(AVG, data, "avg", AVG_FIELDS, lost=lost)

    def test_influxd_404_and_down_commit_nothing_unstored(self):
        data = capture(minutes=2)
        self.publish(data)
        group = unique("outage")
        pipeline = Pipeline(self, self.topic, group, AVG, "missing_db", "avg", self.dir)
        # Database missing: every write answers 404. Nothing may be committed.
        pipeline.start(exit_at_end=True, write_options=["--no-create-db"])
        status = pipeline.wait(timeout=120)
        self.assertEqual(status["influx-write"], 1, pipeline.stderr())
        self.assertEqual(committed(self.broker.address, group, self.topic, 4), {},
                         pipeline.stderr())
        # influxd not running at all (a port nothing listens on).
        pipeline.start(exit_at_end=True, url="http://127.0.0.1:9")
        status = pipeline.wait(timeout=120)
        self.assertEqual(status["influx-write"], 1, pipeline.stderr())
        self.assertEqual(committed(self.broker.address, group, self.topic, 4), {})
        # A later run against the real database completes the data.
        pipeline.db = self.db
        pipeline.finish()
        self.assert_exact(AVG, data, "avg", AVG_FIELDS)
        offsets = committed(self.broker.address, group, self.topic, 4)
        self.assertEqual(sum(o for o, _ in offsets.values()), len(data.splitlines()))


if __name__ == "__main__":
    unittest.main()
