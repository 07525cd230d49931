"""Kafka fixtures: a broker for the tests, and helpers around kpub/ksub.

Two brokers with one interface (start/stop/address, topics created with partition counts,
context manager):
- KafkaBroker: the built kbroker (librdkafka's in-memory mock cluster) on 127.0.0.1:0.
- RealKafka: Apache Kafka through scripts/kafka-server (KRaft, one node), in a temp dir.

RIVULET_KAFKA=real makes new_broker() and BrokerTestCase use RealKafka; unset (or kbroker)
they use kbroker. tests/integration/CMakeLists.txt runs the modules it lists once per broker.
A module's BrokerTestCase classes share one broker (started by the first class, stopped
after the module's last test): the JVM's start-up is paid once per module, not per test.
Every test uses its own topics and groups (unique()).
"""

import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest
import uuid

from fixtures import SOURCE, tool


class _Stderr:
    """Drains a process's stderr on a thread (a broker that warns must never block on a full
    pipe) and keeps it for tests to read."""

    def __init__(self, stream):
        self.chunks = []
        self.thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self.thread.start()

    def _drain(self, stream):
        for line in iter(stream.readline, b""):
            self.chunks.append(line)

    def text(self):
        return b"".join(self.chunks).decode(errors="replace")


def _read_address(proc, timeout, what):
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    line = proc.stdout.readline().decode().strip() if ready else ""
    if not line:
        raise RuntimeError(f"{what} printed no address within {timeout}s")
    return line


def _stop(proc, timeout):
    """SIGTERM, then SIGKILL to the whole process group if it does not stop in time."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode


class _BrokerProcess:
    """What both brokers share: the process, its stderr, stopping, the context manager."""

    stop_timeout = 10

    def __init__(self, topics):
        self.topics = list(topics)
        self.proc = None
        self.address = None
        self.returncode = None
        self._stderr = None

    def _spawn(self, args, timeout, what):
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self._stderr = _Stderr(self.proc.stderr)
        self.address = _read_address(self.proc, timeout, what)

    def stderr(self):
        """What the broker has written to stderr so far."""
        return self._stderr.text() if self._stderr else ""

    def stop(self):
        if self.proc:
            self.returncode = _stop(self.proc, self.stop_timeout)
            self._stderr.thread.join(5)
            self.proc.stdout.close()
            self.proc.stderr.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class KafkaBroker(_BrokerProcess):
    """kbroker in a subprocess. Use as a context manager; .address is HOST:PORT.
    .stderr() is what it has written to stderr so far (its eviction warnings)."""

    kind = "kbroker"

    def __init__(self, topics=(), brokers=1):
        super().__init__(topics)
        self.brokers = brokers

    def start(self, timeout=10):
        args = [tool("kbroker"), "--listen", "127.0.0.1:0", "--brokers", str(self.brokers)]
        for name, partitions in self.topics:
            args += ["--topic", f"{name}:{partitions}"]
        try:
            self._spawn(args, timeout, "kbroker")
        except RuntimeError:
            self.stop()
            raise
        return self

    def create_topics(self, topics):
        """Creates (NAME, PARTITIONS) topics on the running kbroker. The mock cluster has no
        admin API behind kbroker's single address; it creates a topic with 4 partitions when a
        client first asks for it, so only that count can be had once it runs (others: pass
        topics to the constructor)."""
        from confluent_kafka import Producer
        client = Producer({"bootstrap.servers": self.address})
        for name, partitions in topics:
            got = len(client.list_topics(topic=name, timeout=10).topics[name].partitions)
            if got != partitions:
                raise ValueError(f"kbroker created {name} with {got} partitions, not "
                                 f"{partitions}: give such topics to KafkaBroker(topics=...)")


class RealKafka(_BrokerProcess):
    """Apache Kafka (scripts/kafka-server) in a subprocess, same interface as KafkaBroker.

    Its data lives in .dir (a new temp dir unless given); stop() removes a temp dir unless
    keep_data=True, so a test can stop the broker and start it again on the same data and
    address (RealKafka(directory=old.dir))."""

    kind = "real"
    stop_timeout = 60

    def __init__(self, topics=(), brokers=1, directory=None, keep_data=False):
        if brokers != 1:
            raise ValueError("scripts/kafka-server runs one broker")
        super().__init__(topics)
        self.dir = directory
        self.own_dir = directory is None
        self.keep_data = keep_data

    def start(self, timeout=120):
        if self.dir is None:
            self.dir = tempfile.mkdtemp(prefix="rivulet-kafka-")
        try:
            self._spawn([os.path.join(SOURCE, "scripts", "kafka-server"), self.dir], timeout,
                        "scripts/kafka-server")
            if self.topics:
                _create_topics(self.address, self.topics)
        except Exception as e:
            self.stop()
            raise RuntimeError(f"{e}: {self.stderr()}") from e
        return self

    def create_topics(self, topics):
        """Creates (NAME, PARTITIONS) topics on the running broker."""
        _create_topics(self.address, topics)

    def stop(self):
        super().stop()
        if self.own_dir and not self.keep_data and self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None


def _create_topics(address, topics, timeout=60):
    """Creates topics with the Kafka admin API (python3-confluent-kafka) and waits until the
    broker's metadata lists all their partitions."""
    from confluent_kafka.admin import AdminClient, NewTopic
    admin = AdminClient({"bootstrap.servers": address})
    futures = admin.create_topics([NewTopic(name, partitions, 1) for name, partitions in topics],
                                  operation_timeout=timeout, request_timeout=timeout)
    for name, future in futures.items():
        future.result(timeout)
    deadline = time.monotonic() + timeout
    while True:
        meta = admin.list_topics(timeout=timeout).topics
        if all(name in meta and len(meta[name].partitions) == partitions and
               all(p.leader >= 0 for p in meta[name].partitions.values())
               for name, partitions in topics):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"topics {topics} not ready after {timeout}s")
        time.sleep(0.1)


def broker_kind():
    """"real" or "kbroker": the broker RIVULET_KAFKA selects for this run."""
    kind = os.environ.get("RIVULET_KAFKA", "kbroker") or "kbroker"
    if kind not in ("real", "kbroker"):
        raise ValueError(f"RIVULET_KAFKA={kind}: expected real or kbroker")
    return kind


def new_broker(topics=()):
    """A not yet started broker of the kind RIVULET_KAFKA selects."""
    return RealKafka(topics) if broker_kind() == "real" else KafkaBroker(topics)


_module_broker = None


def module_broker():
    """The broker shared by every test of this module (this process), started on first use and
    stopped after the module's last test."""
    global _module_broker
    if _module_broker is None:
        _module_broker = new_broker().start()
        unittest.addModuleCleanup(_stop_module_broker)
    return _module_broker


def _stop_module_broker():
    global _module_broker
    if _module_broker is not None:
        _module_broker.stop()
        _module_broker = None


class BrokerTestCase(unittest.TestCase):
    """Tests sharing the module's broker (module_broker()) as self.broker."""

    @classmethod
    def setUpClass(cls):
        cls.broker = module_broker()


def unique(prefix):
    """A topic or group name no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def frames(count, streams=4, seed=7):
    """A frames-gen capture as bytes (falls back to a generator if frames-gen is missing)."""
    try:
        return subprocess.run(
            [tool("frames-gen"), "--streams", str(streams), "--fast", "--count", str(count),
             "--seed", str(seed), "--start", "2023-11-14T22:13:20Z"],
            stdout=subprocess.PIPE, check=True, timeout=60).stdout
    except FileNotFoundError:
        out = []
        for i in range(count):
            out.append(json.dumps({"ts": 1700000000000 + 33 * (i // streams),
                                   "stream": f"cam-{i % streams + 1}", "seq": i // streams,
                                   "bitrate_kbps": 2800.5 + i % 7},
                                  separators=(",", ":")))
        return ("\n".join(out) + "\n").encode()


def lines(data):
    return [l for l in data.decode().split("\n") if l]


def wait_for(predicate, timeout, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


def envelopes(broker, topic, timeout=60):
    """Every message of a topic as ksub --envelope objects."""
    proc = subprocess.run([tool("ksub"), "-b", broker.address, "-t", topic, "-e", "--envelope"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          env=dict(os.environ))
    if proc.returncode != 0:
        raise AssertionError(f"ksub exited {proc.returncode}: {proc.stderr.decode()}")
    return [json.loads(l) for l in lines(proc.stdout)]


PROBE = b'{"probe":true}'
PROBE_TIME_MS = 1_000_000_000_000  # 2001


def settle_group(address, topic, partitions, members, timeout=60):
    """Waits until every member of a consumer group holds some of the topic's partitions, so
    that no member joins (and no rebalance moves partitions) once the test's data flows: a
    loaded machine can take longer than any fixed sleep to form a group. Publishes PROBE into
    every partition every half second until each member has seen one; members count the probe
    lines they read in .probes and pass nothing of them on."""
    from confluent_kafka import Producer
    producer = Producer({"bootstrap.servers": address})
    deadline = time.monotonic() + timeout
    while not all(m.probes > 0 for m in members):
        if time.monotonic() > deadline:
            raise AssertionError(f"the group did not form within {timeout}s: probes seen "
                                 f"{[m.probes for m in members]}")
        for p in range(partitions):
            # Timestamped before any test's events: ksub merges partitions by timestamp, and a
            # probe timed now would hold back the older events behind it in its partition.
            producer.produce(topic, PROBE, partition=p, timestamp=PROBE_TIME_MS)
        producer.flush(10)
        wait_for(lambda: all(m.probes > 0 for m in members), 0.5)
    # What is published next comes as a burst after a quiet spell (ksub's --max-idle), as when
    # a capture is replayed into a topic a consumer follows.
    time.sleep(1)
