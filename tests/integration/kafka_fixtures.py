"""Kafka fixtures: the built kbroker on a free loopback port, and helpers around kpub/ksub.

KafkaBroker starts kbroker with --listen 127.0.0.1:0, reads the bootstrap address it prints
once ready, and stops it with SIGTERM afterwards. Every test uses its own topics and groups.
"""

import json
import os
import select
import signal
import subprocess
import time
import unittest
import uuid

from fixtures import tool


class KafkaBroker:
    """kbroker in a subprocess. Use as a context manager; .address is HOST:PORT."""

    def __init__(self, topics=(), brokers=1):
        self.topics = list(topics)
        self.brokers = brokers
        self.proc = None
        self.address = None

    def start(self, timeout=10):
        args = [tool("kbroker"), "--listen", "127.0.0.1:0", "--brokers", str(self.brokers)]
        for name, partitions in self.topics:
            args += ["--topic", f"{name}:{partitions}"]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     stdin=subprocess.DEVNULL)
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline().decode().strip() if ready else ""
        if not line:
            self.stop()
            raise RuntimeError(f"kbroker printed no address within {timeout}s")
        self.address = line
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.proc.stdout.close()
            self.proc.stderr.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class BrokerTestCase(unittest.TestCase):
    """Tests sharing one kbroker per class, as self.broker (topics and groups unique)."""

    @classmethod
    def setUpClass(cls):
        cls.broker = KafkaBroker().start()

    @classmethod
    def tearDownClass(cls):
        cls.broker.stop()


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
