"""kpub and ksub against kbroker and Apache Kafka (RIVULET_KAFKA=real): round trips, kcat both ways, a Python client, bad input."""

import collections
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest

from fixtures import SOURCE, run, tool
from kafka_fixtures import (BrokerTestCase, KafkaBroker, RealKafka, envelopes, frames, lines,
                            unique, wait_for)


# Reads a topic with confluent_kafka and prints each message as JSON. It runs in its own
# interpreter: Debian's python3-confluent-kafka belongs to /usr/bin/python3, which need not be
# the interpreter running the tests.
PYTHON_CLIENT = r"""
import json, sys, time
from confluent_kafka import Consumer, TopicPartition
address, topic, partitions = sys.argv[1], sys.argv[2], int(sys.argv[3])
consumer = Consumer({"bootstrap.servers": address, "group.id": "python-reader",
                     "enable.partition.eof": True, "enable.auto.commit": False})
consumer.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
ends, deadline = set(), time.monotonic() + 30
while len(ends) < partitions and time.monotonic() < deadline:
    m = consumer.poll(0.5)
    if m is None:
        continue
    if m.error():
        ends.add(m.partition())
        continue
    print(json.dumps({"key": m.key().decode(), "value": m.value().decode(),
                      "headers": [[k, v.decode()] for k, v in m.headers()]}))
consumer.close()
"""


def read_with_python_client(address, topic, partitions):
    python = sys.executable
    try:
        import confluent_kafka  # noqa: F401
    except ImportError:
        python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    out = run([python, "-c", PYTHON_CLIENT, address, topic, str(partitions)], timeout=60).stdout
    return [json.loads(l) for l in lines(out)]


class KafkaInterop(BrokerTestCase):
    def kpub(self, topic, data, *args, check=True):
        return run([tool("kpub"), "-b", self.broker.address, "-t", topic, *args], input=data,
                   check=check, timeout=60)

    def ksub(self, topic, *args, check=True):
        return run([tool("ksub"), "-b", self.broker.address, "-t", topic, "-e", *args],
                   check=check, timeout=60)

    def test_round_trip_keeps_lines_order_keys_and_headers(self):
        topic = unique("frames")
        data = frames(4000)
        self.kpub(topic, data, "-k", "stream", "-H", "rig=north", "--header-field", "seq",
                  "--timestamp-field", "ts")
        sent = lines(data)
        got = envelopes(self.broker, topic)
        self.assertEqual(len(got), len(sent))
        # Every line arrives once, byte for byte, as the payload.
        self.assertEqual(sorted(json.dumps(e["payload"], separators=(",", ":")) for e in got),
                         sorted(json.dumps(json.loads(l), separators=(",", ":")) for l in sent))
        plain = lines(self.ksub(topic).stdout)
        self.assertEqual(sorted(plain), sorted(sent))
        # Keys and headers come from each event; one stream stays in one partition, in order.
        partitions = collections.defaultdict(set)
        last_seq = {}
        for e in sorted(got, key=lambda e: (e["partition"], e["offset"])):
            event = e["payload"]
            self.assertEqual(e["key"], event["stream"])
            self.assertEqual(e["headers"], ["seq", str(event["seq"]), "rig", "north"])
            self.assertEqual(e["ts"], event["ts"])
            partitions[event["stream"]].add(e["partition"])
            self.assertGreater(event["seq"], last_seq.get(event["stream"], -1))
            last_seq[event["stream"]] = event["seq"]
        self.assertTrue(all(len(p) == 1 for p in partitions.values()), partitions)

    def test_kcat_writes_ksub_reads(self):
        topic = unique("kcat-in")
        data = frames(500)
        run(["kcat", "-P", "-b", self.broker.address, "-t", topic, "-l", "/dev/stdin"],
            input=data, timeout=60)
        self.assertEqual(sorted(lines(self.ksub(topic).stdout)), sorted(lines(data)))

    def test_kpub_writes_kcat_reads(self):
        topic = unique("kcat-out")
        data = frames(500)
        self.kpub(topic, data, "-k", "stream")
        out = run(["kcat", "-C", "-b", self.broker.address, "-t", topic, "-e", "-q", "-J"],
                  timeout=60).stdout
        got = [json.loads(l) for l in lines(out)]
        self.assertEqual(sorted(e["payload"] for e in got), sorted(lines(data)))
        self.assertTrue(all(e["key"] == json.loads(e["payload"])["stream"] for e in got))

    def test_python_client_reads_keys_and_headers(self):
        topic = unique("py")
        data = frames(200)
        self.kpub(topic, data, "-k", "stream", "-H", "source=test", "--header-field", "seq")
        messages = read_with_python_client(self.broker.address, topic, partitions=4)
        self.assertEqual(len(messages), 200)
        for m in messages:
            event = json.loads(m["value"])
            self.assertEqual(m["key"], event["stream"])
            self.assertEqual(m["headers"], [["seq", str(event["seq"])], ["source", "test"]])

    def test_bad_lines_never_reach_the_topic(self):
        topic = unique("bad")
        data = b'{"stream":"cam-1","seq":1}\n{"stream":\n[1,2\n{"seq":2}\n{"stream":"cam-2"}\n'
        proc = self.kpub(topic, data, "-k", "stream", check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertIn(b"kpub: stdin:2: invalid JSON", proc.stderr)
        self.assertIn(b"kpub: stdin:4: missing field \"stream\"", proc.stderr)
        got = [e["payload"] for e in envelopes(self.broker, topic)]
        self.assertEqual(sorted(json.dumps(g) for g in got),
                         sorted(json.dumps(x) for x in [{"stream": "cam-1", "seq": 1},
                                                        {"stream": "cam-2"}]))

    def test_kpub_against_a_down_broker_fails_clearly(self):
        """No broker answering at all: kpub gives up after --connect-timeout (10 s unless
        given, at most --timeout) without reading its input, and says why."""
        down = [tool("kpub"), "-b", "127.0.0.1:1", "-t", "nowhere"]
        started = time.monotonic()
        default = subprocess.Popen(down, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)  # runs while the others do
        for args, seconds in ((["--timeout", "2s"], "2s"), (["--connect-timeout", "1s"], "1s")):
            began = time.monotonic()
            proc = run(down + args, input=b'{"a":1}\n{"a":2}\n', check=False, timeout=30)
            elapsed = time.monotonic() - began
            self.assertEqual(proc.returncode, 1)
            err = proc.stderr.decode()
            self.assertIn(f"kpub: no broker answered at 127.0.0.1:1 within {seconds}; nothing "
                          f"was published", err)
            self.assertIn("Connection refused", err)
            self.assertGreaterEqual(elapsed, float(seconds[:-1]) - 0.2)
            self.assertLess(elapsed, 8)
        _, err = default.communicate(b'{"a":1}\n', timeout=60)
        elapsed = time.monotonic() - started
        self.assertEqual(default.returncode, 1)
        self.assertIn(b"no broker answered at 127.0.0.1:1 within 10s", err)
        self.assertGreaterEqual(elapsed, 9.8)
        self.assertLess(elapsed, 20)

    def test_sigterm_stops_kpub_reading_and_it_still_delivers(self):
        topic = unique("term")
        proc = subprocess.Popen([tool("kpub"), "-b", self.broker.address, "-t", topic],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        proc.stdin.write(b'{"a":1}\n{"a":2}\n{"a":3}\n')
        proc.stdin.flush()  # the input stays open: only the signal ends it
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        proc.stdin.close()
        self.assertEqual(proc.returncode, 0, err.decode())
        self.assertEqual(sorted(json.dumps(e["payload"]) for e in envelopes(self.broker, topic)),
                         ['{"a": 1}', '{"a": 2}', '{"a": 3}'])

    def test_sigterm_stops_ksub_promptly_after_committing(self):
        topic, group = unique("term-sub"), unique("term-group")
        self.kpub(topic, b'{"a":1}\n{"a":2}\n')
        proc = subprocess.Popen([tool("ksub"), "-b", self.broker.address, "-t", topic, "-G",
                                 group], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        got = b""
        deadline = time.monotonic() + 20
        while got.count(b"\n") < 2 and time.monotonic() < deadline:
            got += os.read(proc.stdout.fileno(), 1 << 16)
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 0, err.decode())
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(sorted(lines(got)), ['{"a":1}', '{"a":2}'])
        # It committed before leaving: the group has nothing left to read.
        self.kpub(topic, b'{"a":3}\n')
        again = self.ksub(topic, "-G", group)
        self.assertEqual(lines(again.stdout), ['{"a":3}'])

    def test_start_at_a_timestamp(self):
        """-o @T: Kafka looks the offset up per partition (ListOffsets by time); kbroker's mock
        has no such lookup, and ksub says so instead of silently starting at the end."""
        topic = unique("ts")
        # Two partitions, ten messages each, timestamps 1000 ms apart from T0.
        t0 = 1700000000000
        data = "".join(json.dumps({"ts": t0 + 1000 * i, "k": f"k{i % 2}", "i": i}) + "\n"
                       for i in range(20)).encode()
        self.kpub(topic, data, "-k", "k", "--timestamp-field", "ts")
        at = t0 + 1000 * 12  # the first message at or after it is i=12 (and i=13 on the other key)
        proc = self.ksub(topic, "-o", f"@{at}", check=False)
        if self.broker.kind == "kbroker":
            self.assertEqual(proc.returncode, 1)
            self.assertIn(b"no offset lookup by timestamp", proc.stderr)
            return
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        got = sorted(json.loads(l)["i"] for l in lines(proc.stdout))
        self.assertEqual(got, list(range(12, 20)))
        # A time after every message starts at the end: nothing, and no error.
        late = self.ksub(topic, "-o", f"@{t0 + 10**6}")
        self.assertEqual(late.stdout, b"")
        # A time before every message reads them all.
        early = self.ksub(topic, "-o", "@0")
        self.assertEqual(len(lines(early.stdout)), 20)
    def test_more_than_kbroker_keeps_is_never_lost_silently(self):
        """~9 MiB into one partition: Kafka keeps it all; kbroker's mock keeps about 5 MiB and
        evicts the rest, and then kbroker says so at once and at exit, and ksub says how many
        messages of which partition it could not read."""
        topic = unique("big")
        count = 60000
        data = frames(count, seed=3)
        if self.broker.kind == "real":
            self.kpub(topic, data, "-p", "0")
            proc = self.ksub(topic, "-p", "0")
            self.assertEqual(len(lines(proc.stdout)), count)
            self.assertNotIn(b"dropped", proc.stderr)
            return
        # A kbroker of its own, so the test can stop it and read what it says at exit.
        with KafkaBroker() as broker:
            run([tool("kpub"), "-b", broker.address, "-t", topic, "-p", "0"], input=data,
                timeout=60)
            warning = f'kbroker: topic "{topic}" partition 0: evicted its oldest messages'
            self.assertTrue(wait_for(lambda: warning in broker.stderr(), 10), broker.stderr())
            proc = run([tool("ksub"), "-b", broker.address, "-t", topic, "-p", "0", "-e"],
                       timeout=60)
            read = len(lines(proc.stdout))
            self.assertLess(read, count)
            dropped = count - read
            said = (f'topic "{topic}" partition 0: the first message still there is at offset '
                    f'{dropped}, not 0: the broker dropped {dropped} messages before they were '
                    f'read')
            self.assertIn(said, proc.stderr.decode())
            # A group member without a committed offset starts at the beginning: the same.
            member = run([tool("ksub"), "-b", broker.address, "-t", topic, "-G", unique("g"),
                          "-o", "earliest", "-e"], timeout=60)
            self.assertEqual(len(lines(member.stdout)), read)
            self.assertIn(said, member.stderr.decode())
        self.assertEqual(broker.returncode, 0)
        self.assertIn(f"kbroker: evicted {dropped} messages ({topic}[0] {dropped}) in all",
                      broker.stderr())

    def test_broker_restart(self):
        """Kafka keeps its messages, topics and address across a stop and start on the same
        directory; kbroker is in memory and starts empty (as its man page says)."""
        topic = unique("restart")
        data = frames(300, seed=5)
        broker = (RealKafka(keep_data=True) if self.broker.kind == "real" else KafkaBroker())
        try:
            broker.start()
            run([tool("kpub"), "-b", broker.address, "-t", topic], input=data, timeout=60)
            address = broker.address
            pid = broker.proc.pid
            broker.proc.send_signal(signal.SIGINT)  # Ctrl-C stops it as SIGTERM does
            broker.proc.wait(60)
            broker.stop()
            self.assertIn(broker.returncode, (0, 130), broker.stderr())  # 130: the JVM's SIGINT
            self.assertFalse(os.path.exists(f"/proc/{pid}"))
            if broker.kind == "real":  # neither the JVM nor the script's readiness watcher
                left = run(["pgrep", "-f", broker.dir], check=False).stdout
                self.assertEqual(left, b"", "nothing left running")
            broker = (RealKafka(directory=broker.dir) if broker.kind == "real" else KafkaBroker())
            broker.start()
            got = run([tool("ksub"), "-b", broker.address, "-t", topic, "-e"], timeout=60)
            if broker.kind == "real":
                self.assertEqual(broker.address, address)
                self.assertEqual(sorted(lines(got.stdout)), sorted(lines(data)))
            else:
                self.assertEqual(got.stdout, b"")
        finally:
            broker.stop()
            if broker.kind == "real":
                shutil.rmtree(broker.dir, ignore_errors=True)

    def test_kafka_server_usage(self):
        script = os.path.join(SOURCE, "scripts", "kafka-server")
        usage = run([script], check=False)
        self.assertEqual(usage.returncode, 2)
        self.assertIn(b"usage: kafka-server [--partitions N] DIR", usage.stderr)
        bad = run([script, "--partitions", "0", "dir"], check=False)
        self.assertEqual(bad.returncode, 2)
        self.assertIn(b'kafka-server: --partitions: expected a positive number, got "0"',
                      bad.stderr)
        helped = run([script, "--help"])
        self.assertIn(b"Prints the bootstrap address", helped.stdout)


if __name__ == "__main__":
    unittest.main()
